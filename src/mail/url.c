/*
 * url.c - URLs in text, and their parts
 *
 * Finding.  The text is scanned once for "http://", "https://", "ftp://",
 * "mailto:" and "www." at a word start (the byte before is not an ASCII
 * letter or digit; for "www." not a '.', '-', '/' or '@' either).  A URL
 * then runs over printable ASCII except white space, < > " and `.
 * Non-ASCII ends it, because Japanese mail writes text right after a URL
 * ("https://example.jp/からログイン"), with two exceptions in the host:
 * full-width letters, digits, '．' and '－' (ｅｘａｍｐｌｅ．ｃｏｍ), and
 * other non-ASCII characters in a label that began with one (日本語.jp),
 * so that an internationalised host survives while "example.jpから"
 * still stops at "jp".  Full-width punctuation and brackets (、。「」（）
 * and the U+3000 space) always end a URL.  Trailing .,;:!?'"* and
 * closing brackets without an opening one inside the URL are taken off,
 * as mail clients do.  Path characters outside ASCII end the URL: an IRI
 * path written raw is cut at its first such character.
 *
 * Parsing follows the WHATWG URL standard where attackers exploit the
 * difference between what a browser does and what a naive parser sees:
 * tab and line breaks are removed anywhere, special schemes ignore any
 * number of '/' and '\' before the host ("http:/\evil.example"), the
 * LAST '@' ends the userinfo, the host is percent-decoded, and a host
 * whose last label is a number is an IPv4 address in which each part may
 * be decimal, octal (leading 0) or hex (0x), with the last part filling
 * the remaining bytes ("0x7f.1" is 127.0.0.1, "3232235777" is
 * 192.168.1.1).  Unicode hosts go through libidn2 first, as browsers
 * do: UTS 46 mapping (full-width forms become ASCII, U+3002 becomes '.')
 * and A-labels, non-transitional ("faß.de" stays itself, it is not
 * "fass.de"), transitional as a fall back (emoji); the IPv4 test runs on
 * the result, so a full-width address is still an address.  Hosts with
 * A-labels are checked by converting them again and then turned into
 * U-labels, NFKC-casefolded for the look-alike checks.  A trailing dot
 * of a host is dropped.  Pure ASCII hosts without xn-- labels skip
 * libidn2: it would reject names that resolve in practice ('_', a
 * leading '-').
 */
#include <arpa/inet.h>
#include <idn2.h>
#include <stdint.h>
#include <string.h>

#include "mail/charset.h"
#include "mail/url.h"
#include "util/str.h"

struct scheme {
	const char	*name;
	unsigned	 port;		/* default port, 0 for none */
};

/* Schemes with an authority that WHATWG parses leniently. */
static const struct scheme special[] = {
	{ "http", 80 }, { "https", 443 }, { "ftp", 21 }, { "ws", 80 },
	{ "wss", 443 }, { "file", 0 },
};

/* Schemes whose name may be followed by digits ("tel:0312345678"). */
static const char *const known_schemes[] = {
	"cid", "data", "fax", "ftp", "http", "https", "javascript", "mailto",
	"mid", "news", "sms", "tel", "vbscript",
};

static bool
is_alpha(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool
is_alnum(int c)
{
	return is_alpha(c) || is_digit(c);
}

/* ---- finding ------------------------------------------------------- */

enum start { S_NONE, S_SCHEME, S_WWW, S_MAILTO };

/* url_start - what begins at text[i], and the length of its prefix */
static enum start
url_start(const char *t, size_t n, size_t i, size_t *plen)
{
	static const char *const pfx[] = { "http://", "https://", "ftp://" };
	unsigned char prev = i > 0 ? (unsigned char)t[i - 1] : ' ';
	size_t k;

	if (is_alnum(prev))
		return S_NONE;
	for (k = 0; k < 3; k++) {
		*plen = strlen(pfx[k]);
		if (n - i >= *plen && yj_str_ieqn(t + i, pfx[k], *plen))
			return S_SCHEME;
	}
	*plen = 7;
	if (n - i >= 7 && yj_str_ieqn(t + i, "mailto:", 7))
		return S_MAILTO;
	*plen = 0;	/* "www." is part of the host */
	if (n - i >= 5 && yj_str_ieqn(t + i, "www.", 4) && prev != '.' &&
	    prev != '-' && prev != '/' && prev != '@')
		return S_WWW;
	return S_NONE;
}

/* url_char - printable ASCII that may be part of a URL in text */
static bool
url_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != '"' &&
	    c != '`';
}

/* fw_hostchar - full-width forms that may spell a host name */
static bool
fw_hostchar(long cp)
{
	return (cp >= 0xff10 && cp <= 0xff19) ||	/* ０-９ */
	    (cp >= 0xff21 && cp <= 0xff3a) ||		/* Ａ-Ｚ */
	    (cp >= 0xff41 && cp <= 0xff5a) ||		/* ａ-ｚ */
	    cp == 0xff0e || cp == 0xff0d;		/* ．－ */
}

/* ends_url - non-ASCII characters that always end a URL */
static bool
ends_url(long cp)
{
	return (cp >= 0x3000 && cp <= 0x303f) ||	/* 、。「」〈〉【】 ... */
	    (cp >= 0xff01 && cp <= 0xff0f && cp != 0xff0e && cp != 0xff0d) ||
	    (cp >= 0xff1a && cp <= 0xff20) || (cp >= 0xff3b && cp <= 0xff40) ||
	    (cp >= 0xff5b && cp <= 0xff65) ||		/* ｛｝｟｠｡｢｣､･ */
	    (cp >= 0x2000 && cp <= 0x206f) ||		/* spaces, “” … */
	    cp == 0xa0 || cp == 0xfeff || cp < 0xa0;
}

/*
 * host_extent - end of the authority starting at t[i]: ASCII URL
 * characters up to '/', '?' or '#', plus non-ASCII by the label rule.
 */
static size_t
host_extent(const char *t, size_t n, size_t i)
{
	const char *p, *end = t + n;
	bool label_start = true, label_wide = false;
	long cp;

	while (i < n) {
		unsigned char c = (unsigned char)t[i];

		if (c < 0x80) {
			if (!url_char(c) || c == '/' || c == '?' || c == '#')
				return i;
			label_start = c == '.' || c == '@';
			if (!label_start && label_wide)
				label_wide = false;
			i++;
			continue;
		}
		p = t + i;
		cp = yj_utf8_decode(&p, end);
		if (cp < 0 || ends_url(cp))
			return i;
		if (cp == 0xff0e) {
			label_start = true;
		} else if (!fw_hostchar(cp)) {
			if (label_start)
				label_wide = true;
			else if (!label_wide)
				return i;
			label_start = false;
		} else
			label_start = false;
		i = (size_t)(p - t);
	}
	return i;
}

/* path_extent - end of path, query and fragment starting at t[i] */
static size_t
path_extent(const char *t, size_t n, size_t i)
{
	while (i < n && url_char((unsigned char)t[i]))
		i++;
	return i;
}

/* count_char - occurrences of c in p[0..n) */
static size_t
count_char(const char *p, size_t n, char c)
{
	size_t k = 0, i;

	for (i = 0; i < n; i++)
		k += p[i] == c;
	return k;
}

/* trim_tail - drop trailing punctuation and unbalanced closers */
static size_t
trim_tail(const char *p, size_t n, size_t min)
{
	static const char open[] = "([{";
	static const char close[] = ")]}";
	const char *cl;
	char c;

	while (n > min) {
		c = p[n - 1];
		if (strchr(".,;:!?'\"*", c) != NULL) {
			n--;
			continue;
		}
		cl = c != '\0' ? strchr(close, c) : NULL;
		if (cl != NULL && count_char(p, n, open[cl - close]) <
		    count_char(p, n, c)) {
			n--;
			continue;
		}
		break;
	}
	return n;
}

/* url_extent - length of the URL at t[i], 0 if there is none */
static size_t
url_extent(const char *t, size_t n, size_t i, enum start kind,
    size_t plen)
{
	size_t h = i + plen, e, len;
	const char *p;

	if (kind == S_MAILTO) {
		e = path_extent(t, n, h);
		len = trim_tail(t + i, e - i, plen);
		if (len == plen || memchr(t + h, '@', len - plen) == NULL)
			return 0;
		return len;
	}
	e = host_extent(t, n, h);
	if (e == h)
		return 0;
	/* "www.x" alone is a word; "www.x.y" is a host */
	if (kind == S_WWW && (e <= h + 4 ||
	    (p = memchr(t + h + 4, '.', e - h - 4)) == NULL ||
	    p + 1 >= t + e))
		return 0;
	if (e < n && (t[e] == '/' || t[e] == '?' || t[e] == '#'))
		e = path_extent(t, n, e);
	len = trim_tail(t + i, e - i, plen);
	if (len <= plen + (kind == S_WWW ? 4 : 0))
		return 0;
	return len;
}

/* yj_url_find - call fn for each URL in text[0..n) */
size_t
yj_url_find(struct yj_arena *a, const char *text, size_t n, yj_url_fn fn,
    void *arg)
{
	size_t i = 0, found = 0, plen = 0, len;
	enum start kind;
	int c;

	while (i < n) {
		c = text[i] | 0x20;
		if (c != 'h' && c != 'f' && c != 'm' && c != 'w') {
			i++;
			continue;
		}
		kind = url_start(text, n, i, &plen);
		len = kind == S_NONE ? 0 : url_extent(text, n, i, kind, plen);
		if (len == 0) {
			i++;
			continue;
		}
		found++;
		if (fn(yj_arena_memdup(a, text + i, len), i, arg) != 0)
			break;
		i += len;
	}
	return found;
}

/* ---- parsing ------------------------------------------------------- */

/* clean - WHATWG: trim C0 and space, remove tab and line breaks */
static char *
clean(struct yj_arena *a, const char *s, size_t *lenp)
{
	size_t n = strlen(s), i, o = 0;
	char *r;

	while (n > 0 && (unsigned char)*s <= 0x20) {
		s++;
		n--;
	}
	while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
		n--;
	r = yj_arena_alloc(a, n + 1);
	for (i = 0; i < n; i++)
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			r[o++] = s[i];
	r[o] = '\0';
	*lenp = o;
	return r;
}

/* lower_dup - ASCII lower-case copy of p[0..n) */
static char *
lower_dup(struct yj_arena *a, const char *p, size_t n)
{
	char *r = yj_arena_memdup(a, p, n);
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = (char)yj_ascii_lower((unsigned char)r[i]);
	return r;
}

/* in_list - whether s[0..n) (lower case) is one of list */
static bool
in_list(const char *s, size_t n, const char *const *list, size_t nlist)
{
	size_t i;

	for (i = 0; i < nlist; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}

/*
 * scheme_len - length of the scheme at p (before ':'), 0 if none.  A
 * name with a dot, or an unknown name followed by a digit, is a host
 * ("www.example.jp:8080", "localhost:8080").
 */
static size_t
scheme_len(struct yj_arena *a, const char *p, const char *end)
{
	const char *q = p;

	if (q >= end || !is_alpha((unsigned char)*q))
		return 0;
	while (q < end && (is_alnum((unsigned char)*q) || *q == '+' ||
	    *q == '-' || *q == '.'))
		q++;
	if (q >= end || *q != ':' || memchr(p, '.', (size_t)(q - p)) != NULL)
		return 0;
	if (q + 1 < end && is_digit((unsigned char)q[1]) &&
	    !in_list(lower_dup(a, p, (size_t)(q - p)), (size_t)(q - p),
	    known_schemes, sizeof(known_schemes) / sizeof(known_schemes[0])))
		return 0;
	return (size_t)(q - p);
}

/* find_special - the special scheme named s, or NULL */
static const struct scheme *
find_special(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcmp(special[i].name, s) == 0)
			return &special[i];
	return NULL;
}

/* pct_decode - %XX-decode p[0..n) into the arena; *lenp gets the length */
static char *
pct_decode(struct yj_arena *a, const char *p, size_t n, size_t *lenp)
{
	char *r = yj_arena_alloc(a, n + 1);
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (p[i] == '%' && i + 2 < n &&
		    (hi = yj_hexval((unsigned char)p[i + 1])) >= 0 &&
		    (lo = yj_hexval((unsigned char)p[i + 2])) >= 0) {
			r[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else
			r[o++] = p[i];
	}
	r[o] = '\0';
	*lenp = o;
	return r;
}

/* ipv4_part - parse one IPv4 part (dec, 0octal, 0xhex); false if bad */
static bool
ipv4_part(const char *p, size_t n, uint64_t *v)
{
	unsigned base = 10;
	size_t i;
	int d;

	*v = 0;
	if (n >= 2 && p[0] == '0' && (p[1] | 0x20) == 'x') {
		base = 16;
		p += 2;
		n -= 2;
	} else if (n >= 2 && p[0] == '0') {
		base = 8;
		p++;
		n--;
	}
	for (i = 0; i < n; i++) {
		d = yj_hexval((unsigned char)p[i]);
		if (d < 0 || (unsigned)d >= base)
			return false;
		*v = *v * base + (unsigned)d;
		if (*v > 0xffffffffull)
			*v = 0x100000000ull;	/* saturate: too big */
	}
	return true;
}

/* ends_in_number - WHATWG: the last label is an IPv4 part */
static bool
ends_in_number(const char *h, size_t n)
{
	const char *dot;
	uint64_t v;
	size_t k;

	if (n > 0 && h[n - 1] == '.')
		n--;
	dot = memrchr(h, '.', n);
	k = dot == NULL ? 0 : (size_t)(dot - h) + 1;
	if (k == n)
		return false;
	if (strspn(h + k, "0123456789") >= n - k)
		return true;
	return n - k >= 2 && h[k] == '0' && (h[k + 1] | 0x20) == 'x' &&
	    ipv4_part(h + k, n - k, &v);
}

/*
 * parse_ipv4 - WHATWG IPv4 parser: up to four parts, each but the last
 * at most 255, the last filling the remaining bytes.  Writes the dotted
 * form into buf (16 bytes); false when the host is not a valid address.
 */
static bool
parse_ipv4(const char *h, size_t n, char *buf)
{
	uint64_t part[4], addr;
	size_t np = 0, i, s = 0;
	unsigned k;

	if (n > 0 && h[n - 1] == '.')
		n--;
	for (i = 0; i <= n; i++) {
		if (i < n && h[i] != '.')
			continue;
		if (np == 4 || i == s || !ipv4_part(h + s, i - s, &part[np]))
			return false;
		np++;
		s = i + 1;
	}
	for (i = 0; i + 1 < np; i++)
		if (part[i] > 255)
			return false;
	if (part[np - 1] >= (1ull << (8 * (5 - np))))
		return false;
	addr = part[np - 1];
	for (i = 0; i + 1 < np; i++)
		addr += part[i] << (8 * (3 - i));
	k = (unsigned)addr;
	return inet_ntop(AF_INET, &(struct in_addr){ htonl(k) }, buf, 16) !=
	    NULL;
}

/* parse_ipv6 - "[...]" into normalised "[...]"; NULL if invalid */
static char *
parse_ipv6(struct yj_arena *a, const char *h, size_t n)
{
	char in[64], out[INET6_ADDRSTRLEN];
	struct in6_addr addr;

	if (n < 3 || h[n - 1] != ']' || n - 2 >= sizeof(in))
		return NULL;
	memcpy(in, h + 1, n - 2);
	in[n - 2] = '\0';
	if (inet_pton(AF_INET6, in, &addr) != 1 ||
	    inet_ntop(AF_INET6, &addr, out, sizeof(out)) == NULL)
		return NULL;
	return yj_arena_printf(a, "[%s]", out);
}

/* forbidden_host - WHATWG forbidden host code points (ASCII) */
static bool
forbidden_host(const char *h)
{
	for (; *h != '\0'; h++)
		if ((unsigned char)*h <= 0x20 || *h == 0x7f ||
		    strchr("#%/:<>?@[\\]^|", *h) != NULL)
			return true;
	return false;
}

/* is_ascii - no byte above 0x7f */
static bool
is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* has_xn_label - some label starts with "xn--" */
static bool
has_xn_label(const char *h)
{
	const char *p = h;

	for (;;) {
		if (yj_str_ieqn(p, "xn--", 4))
			return true;
		p = strchr(p, '.');
		if (p == NULL)
			return false;
		p++;
	}
}

/* fold_host - NFKC-casefold; ideographic full stops become '.' */
static char *
fold_host(struct yj_arena *a, const char *h, size_t n)
{
	char *f = yj_nfkc_casefold(a, h, n), *r, *o;
	const char *p;

	r = yj_arena_alloc(a, strlen(f) + 1);
	for (p = f, o = r; *p != '\0';) {
		if (memcmp(p, "\xe3\x80\x82", 3) == 0 ||	/* U+3002 */
		    memcmp(p, "\xef\xbd\xa1", 3) == 0) {	/* U+FF61 */
			*o++ = '.';
			p += 3;
		} else
			*o++ = *p++;
	}
	*o = '\0';
	return r;
}

/* to_ascii - UTS 46 ToASCII: non-transitional, else transitional */
static char *
to_ascii(struct yj_arena *a, const char *h)
{
	char *out = NULL, *r;

	if (idn2_to_ascii_8z(h, &out, IDN2_NONTRANSITIONAL) != IDN2_OK &&
	    idn2_to_ascii_8z(h, &out, IDN2_TRANSITIONAL) != IDN2_OK)
		return NULL;
	r = yj_str_lower(a, out);
	idn2_free(out);
	return r;
}

/*
 * ascii_host - the host in ASCII: UTS 46 mapping (full-width forms,
 * ideographic full stops, case) and A-labels.  When libidn2 refuses the
 * name, NFKC-casefolding may still give ASCII (full-width punctuation);
 * otherwise NULL.
 */
static char *
ascii_host(struct yj_arena *a, const char *h, size_t len)
{
	char *r = to_ascii(a, h);

	if (r != NULL)
		return r;
	r = fold_host(a, h, len);
	return is_ascii(r) ? r : NULL;
}

/* unicode_host - U-labels of an A-label host, NFKC-casefolded */
static void
unicode_host(struct yj_arena *a, struct yj_url_parts *out)
{
	char *uni = NULL;

	out->flags |= YJ_URL_PUNYCODE;
	if (to_ascii(a, out->host) == NULL ||
	    idn2_to_unicode_8z8z(out->host, &uni, 0) != IDN2_OK) {
		out->flags |= YJ_URL_BAD_IDN;
		return;
	}
	out->host_unicode = yj_nfkc_casefold(a, uni, strlen(uni));
	idn2_free(uni);
}

/* set_host - the host part of an authority, in all its forms */
static void
set_host(struct yj_arena *a, const char *raw, size_t n,
    struct yj_url_parts *out)
{
	char ip[16], *h, *x;
	size_t len;

	if (n > 0 && raw[0] == '[') {
		h = parse_ipv6(a, raw, n);
		out->flags |= h != NULL ? YJ_URL_IP : YJ_URL_BAD;
		out->host = h != NULL ? h : lower_dup(a, raw, n);
		out->host_unicode = out->host;
		return;
	}
	if (memchr(raw, '%', n) != NULL) {
		out->flags |= YJ_URL_ENCODED_HOST;
		h = pct_decode(a, raw, n, &len);
	} else {
		h = yj_arena_memdup(a, raw, n);	/* libidn2 wants a C string */
		len = n;
	}
	if (!yj_utf8_valid(h, len) || memchr(h, '\0', len) != NULL) {
		out->flags |= YJ_URL_BAD;
		out->host = out->host_unicode = lower_dup(a, raw, n);
		return;
	}
	if (!is_ascii(h)) {
		x = ascii_host(a, h, len);
		if (x == NULL) {
			out->flags |= YJ_URL_BAD_IDN;
			out->host = lower_dup(a, h, len);
			out->host_unicode = fold_host(a, h, len);
			return;
		}
		h = x;
	} else
		h = lower_dup(a, h, len);
	len = strlen(h);
	if (len > 1 && h[len - 1] == '.')
		h[--len] = '\0';
	out->host = out->host_unicode = h;
	if (forbidden_host(h)) {
		out->flags |= YJ_URL_BAD;
		return;
	}
	if (ends_in_number(h, len)) {
		if (parse_ipv4(h, len, ip)) {
			out->flags |= YJ_URL_IP;
			out->host = out->host_unicode = yj_arena_strdup(a, ip);
		} else
			out->flags |= YJ_URL_BAD;
		return;
	}
	if (has_xn_label(h))
		unicode_host(a, out);
}

/* set_port - ":port" of an authority; false if it is not a number */
static bool
set_port(const char *p, size_t n, const struct scheme *sp,
    struct yj_url_parts *out)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0)
		return true;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)p[i]))
			return false;
		v = v * 10 + (unsigned long)(p[i] - '0');
		if (v > 65535)
			return false;
	}
	out->port = (unsigned)v;
	if (sp == NULL || sp->port != v)
		out->flags |= YJ_URL_ODD_PORT;
	return true;
}

/* authority - userinfo, host and port of [p, end) */
static void
authority(struct yj_arena *a, const char *p, const char *end,
    const struct scheme *sp, struct yj_url_parts *out)
{
	const char *at, *colon, *hend;

	at = memrchr(p, '@', (size_t)(end - p));
	if (at != NULL) {
		out->flags |= YJ_URL_USERINFO;
		p = at + 1;
	}
	hend = end;
	if (p < end && *p == '[') {
		colon = memchr(p, ']', (size_t)(end - p));
		hend = colon == NULL ? end : colon + 1;
		colon = hend < end && *hend == ':' ? hend : NULL;
		if (hend < end && colon == NULL)
			out->flags |= YJ_URL_BAD;
	} else {
		colon = memrchr(p, ':', (size_t)(end - p));
		if (colon != NULL)
			hend = colon;
	}
	if (colon != NULL &&
	    !set_port(colon + 1, (size_t)(end - colon - 1), sp, out))
		out->flags |= YJ_URL_BAD;
	set_host(a, p, (size_t)(hend - p), out);
	if (*out->host == '\0' && sp != NULL && strcmp(sp->name, "file") != 0)
		out->flags |= YJ_URL_BAD;
}

/* path_query - path up to '?' or '#', query after '?' up to '#' */
static void
path_query(struct yj_arena *a, const char *p, const char *end,
    bool backslash, struct yj_url_parts *out)
{
	const char *q, *hash;
	char *path;
	size_t i;

	hash = memchr(p, '#', (size_t)(end - p));
	if (hash != NULL)
		end = hash;
	q = memchr(p, '?', (size_t)(end - p));
	path = yj_arena_memdup(a, p, (size_t)((q ? q : end) - p));
	if (backslash)
		for (i = 0; path[i] != '\0'; i++)
			if (path[i] == '\\')
				path[i] = '/';
	out->path = path;
	if (q != NULL)
		out->query = yj_arena_memdup(a, q + 1, (size_t)(end - q - 1));
}

/* parse_mailto - "mailto:addr?query": the host is the address's domain */
static void
parse_mailto(struct yj_arena *a, const char *p, const char *end,
    struct yj_url_parts *out)
{
	const char *q, *at, *aend;

	out->flags |= YJ_URL_MAILTO;
	q = memchr(p, '?', (size_t)(end - p));
	aend = q != NULL ? q : end;
	out->path = yj_arena_memdup(a, p, (size_t)(aend - p));
	if (q != NULL)
		out->query = yj_arena_memdup(a, q + 1, (size_t)(end - q - 1));
	q = memchr(p, ',', (size_t)(aend - p));	/* first address only */
	if (q != NULL)
		aend = q;
	at = memrchr(p, '@', (size_t)(aend - p));
	if (at != NULL)
		set_host(a, at + 1, (size_t)(aend - at - 1), out);
}

/* yj_url_parse - split a URL; always fills out (YJ_URL_BAD on failure) */
void
yj_url_parse(struct yj_arena *a, const char *url, struct yj_url_parts *out)
{
	const struct scheme *sp = NULL;
	const char *p, *end, *q;
	char *u;
	size_t n, k;

	memset(out, 0, sizeof(*out));
	out->scheme = "http";
	out->host = out->host_unicode = out->path = out->query = "";
	if (url == NULL) {
		out->flags = YJ_URL_BAD;
		return;
	}
	u = clean(a, url, &n);
	p = u;
	end = u + n;
	k = scheme_len(a, p, end);
	if (k > 0) {
		out->scheme = lower_dup(a, p, k);
		p += k + 1;
		sp = find_special(out->scheme);
	} else {
		out->flags |= YJ_URL_NO_SCHEME;
		sp = &special[0];
	}
	if (strcmp(out->scheme, "mailto") == 0) {
		parse_mailto(a, p, end, out);
		return;
	}
	if (sp != NULL) {
		while (p < end && (*p == '/' || *p == '\\'))
			p++;
	} else if (end - p >= 2 && p[0] == '/' && p[1] == '/')
		p += 2;
	else {			/* opaque: javascript:, data:, tel: ... */
		path_query(a, p, end, false, out);
		return;
	}
	for (q = p; q < end && *q != '/' && *q != '?' && *q != '#' &&
	    !(sp != NULL && *q == '\\'); q++)
		;
	authority(a, p, q, sp, out);
	path_query(a, q, end, sp != NULL, out);
}

/* yj_url_host_of - the ASCII host of a URL or bare host name, or NULL */
const char *
yj_url_host_of(struct yj_arena *a, const char *url_or_host)
{
	struct yj_url_parts u;

	if (url_or_host == NULL)
		return NULL;
	yj_url_parse(a, url_or_host, &u);
	if (*u.host == '\0' || (u.flags & YJ_URL_BAD))
		return NULL;
	return u.host;
}
