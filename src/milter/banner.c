/*
 * banner.c - write the warning into the body (see banner.h)
 *
 * Design: the body is walked as raw bytes, never re-serialised by a MIME
 * library, because a re-serialised message differs in many small ways
 * (folding, boundaries, encodings) from the one that was sent.  The walk
 * records at most a few "splices" (offset, length to replace, new bytes);
 * the new body is the old one with the splices applied in order.  A part
 * that gains a banner in front of untouched bytes costs one zero-length
 * splice; a part that must be decoded and encoded again replaces its own
 * bytes (and its header when its charset or encoding changes).
 *
 * Part headers are read with the same splitter the parser uses
 * (mail/header.c) and parameters with mail/param.c.  Base64 decoding is
 * GLib's (it skips line breaks and junk); quoted-printable decoding and
 * both encoders are here, writing the body's own line ends.
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/charset.h"
#include "mail/header.h"
#include "mail/param.h"
#include "milter/banner.h"
#include "util/error.h"
#include "util/sort.h"
#include "util/str.h"

#define MAX_DEPTH	8
#define MAX_SPLICES	16
#define MAX_PARTS	256	/* parts looked at in one multipart */
#define MAX_REASONS	5	/* findings shown in a banner */
#define REASON_BYTES	300	/* of one explanation */
#define LINE_MAX_OUT	76	/* encoded line length */
#define HTML_LINE	800	/* a text run this long gets a <wbr> (998) */

/* A string that every charset able to carry the banner can encode. */
#define PROBE		"【用心】注意してください"

enum cte { CTE_IDENTITY, CTE_7BIT, CTE_QP, CTE_B64, CTE_OTHER };

struct splice {
	size_t		 off;		/* where, in the old body */
	size_t		 len;		/* old bytes replaced */
	const char	*data;
	size_t		 dlen;
};

struct ctx {
	struct yj_arena		*a;
	const char		*body;
	size_t			 len;
	const char		*eol;		/* "\r\n" or "\n" */
	const struct yj_banner	*banner;
	struct splice		 sp[MAX_SPLICES];
	size_t			 nsp;
	bool			 plain_done;
	bool			 html_done;
	unsigned		 flags;
	const char		*top_ctype;	/* new top-level values */
	const char		*top_cte;
};

struct entity {
	size_t		 hdr;		/* header block (== body at the top) */
	size_t		 body;
	size_t		 end;
	const char	*ctype;		/* raw values, NULL when absent */
	size_t		 ctype_len;
	const char	*cte;
	size_t		 cte_len;
	const char	*disp;
	size_t		 disp_len;
	bool		 top;
};

/* ---- encodings ----------------------------------------------------------- */

/* cte_of - the kind of a Content-Transfer-Encoding value */
static enum cte
cte_of(struct yj_arena *a, const char *v, size_t n)
{
	char *s;

	if (v == NULL)
		return CTE_7BIT;
	s = yj_str_lower(a, yj_str_trim(a, v, n));
	if (*s == '\0' || strcmp(s, "7bit") == 0)
		return CTE_7BIT;
	if (strcmp(s, "8bit") == 0 || strcmp(s, "binary") == 0)
		return CTE_IDENTITY;
	if (strcmp(s, "quoted-printable") == 0)
		return CTE_QP;
	if (strcmp(s, "base64") == 0)
		return CTE_B64;
	return CTE_OTHER;
}

/* qp_decode - RFC 2045 6.7, leniently: bad "=" stays literal */
static char *
qp_decode(struct yj_arena *a, const char *p, size_t n, size_t *outlen)
{
	char *out = yj_arena_alloc(a, n + 1);
	size_t i = 0, o = 0, k;
	int hi, lo;

	while (i < n) {
		if (p[i] != '=') {
			out[o++] = p[i++];
			continue;
		}
		hi = i + 2 < n ? yj_hexval((unsigned char)p[i + 1]) : -1;
		lo = i + 2 < n ? yj_hexval((unsigned char)p[i + 2]) : -1;
		if (hi >= 0 && lo >= 0) {
			out[o++] = (char)(hi << 4 | lo);
			i += 3;
			continue;
		}
		for (k = i + 1; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
			;
		if (k < n && (p[k] == '\n' || p[k] == '\r')) {
			i = k + (p[k] == '\r' && k + 1 < n && p[k + 1] == '\n' ?
			    2 : 1);
			continue;	/* soft line break */
		}
		if (k == n) {
			i = n;		/* "=" at the very end */
			continue;
		}
		out[o++] = p[i++];
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* b64_decode - GLib's decoder, which skips line breaks */
static char *
b64_decode(struct yj_arena *a, const char *p, size_t n, size_t *outlen)
{
	char *out = yj_arena_alloc(a, n / 4 * 3 + 4);
	gint state = 0;
	guint save = 0;

	*outlen = g_base64_decode_step(p, n, (guchar *)out, &state, &save);
	out[*outlen] = '\0';
	return out;
}

/* b64_encode - lines of 76 with the body's line ends */
static char *
b64_encode(const struct ctx *c, const char *p, size_t n, size_t *outlen)
{
	gchar *enc = g_base64_encode((const guchar *)p, n);
	size_t len = strlen(enc), eol = strlen(c->eol);
	size_t lines = len / LINE_MAX_OUT + 1, off, k, o = 0;
	char *out = yj_arena_alloc(c->a, len + lines * eol + 1);

	for (off = 0; off < len; off += k) {
		k = len - off < LINE_MAX_OUT ? len - off : LINE_MAX_OUT;
		memcpy(out + o, enc + off, k);
		o += k;
		memcpy(out + o, c->eol, eol);
		o += eol;
	}
	g_free(enc);
	*outlen = o;
	return out;
}

/* qp_literal - byte b may stay as it is (not at a line end) */
static bool
qp_literal(unsigned char b)
{
	return (b >= 33 && b <= 126 && b != '=') || b == ' ' || b == '\t';
}

/* qp_encode - RFC 2045 6.7; LF (with or without CR) is a hard break */
static char *
qp_encode(const struct ctx *c, const char *p, size_t n, size_t *outlen)
{
	char *out = yj_arena_alloc(c->a, n * 3 + (n / 70 + 2) * 3 + 4);
	size_t i, o = 0, col = 0, eol = strlen(c->eol);
	unsigned char b;
	bool at_end;

	for (i = 0; i < n; i++) {
		b = (unsigned char)p[i];
		if (b == '\n' || (b == '\r' && i + 1 < n && p[i + 1] == '\n')) {
			if (b == '\r')
				i++;
			memcpy(out + o, c->eol, eol);
			o += eol;
			col = 0;
			continue;
		}
		at_end = i + 1 == n || p[i + 1] == '\n' || p[i + 1] == '\r';
		if (col + (qp_literal(b) ? 1 : 3) > LINE_MAX_OUT - 1) {
			out[o++] = '=';
			memcpy(out + o, c->eol, eol);
			o += eol;
			col = 0;
		}
		if (qp_literal(b) && !(at_end && (b == ' ' || b == '\t'))) {
			out[o++] = (char)b;
			col++;
		} else {
			o += (size_t)snprintf(out + o, 4, "=%02X", b);
			col += 3;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* decode - a part's body as bytes */
static char *
decode(const struct ctx *c, enum cte cte, const char *p, size_t n,
    size_t *outlen)
{
	if (cte == CTE_QP)
		return qp_decode(c->a, p, n, outlen);
	if (cte == CTE_B64)
		return b64_decode(c->a, p, n, outlen);
	*outlen = n;
	return (char *)p;
}

/* encode - bytes in a transfer encoding */
static char *
encode(const struct ctx *c, enum cte cte, const char *p, size_t n,
    size_t *outlen)
{
	if (cte == CTE_QP)
		return qp_encode(c, p, n, outlen);
	if (cte == CTE_B64)
		return b64_encode(c, p, n, outlen);
	*outlen = n;
	return (char *)p;
}

/* ---- texts --------------------------------------------------------------- */

/* with_eol - UTF-8 text with "\n" turned into the body's line ends */
static char *
with_eol(const struct ctx *c, const char *s, size_t *outlen)
{
	size_t n = strlen(s), lines = 0, i, o = 0;
	char *out;

	for (i = 0; i < n; i++)
		lines += s[i] == '\n';
	out = yj_arena_alloc(c->a, n + lines + 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '\n' && c->eol[0] == '\r')
			out[o++] = '\r';
		out[o++] = s[i];
	}
	*outlen = o;
	return out;
}

/* html_ascii - the fragment with references for non-ASCII, short lines */
static char *
html_ascii(const struct ctx *c, const char *s, size_t *outlen)
{
	const char *p = s, *end = s + strlen(s);
	size_t cap = strlen(s) * 10 + 64, o = 0, col = 0;
	char *out = yj_arena_alloc(c->a, cap);
	bool in_tag = false;
	long cp;
	int w;

	while (p < end && o + 32 < cap) {
		if (*p == '\n') {
			o += (size_t)snprintf(out + o, cap - o, "%s", c->eol);
			col = 0;
			p++;
			continue;
		}
		if (!in_tag && col >= HTML_LINE && *p != '<') {
			/* a line break inside a tag is only white space */
			o += (size_t)snprintf(out + o, cap - o, "<wbr%s>",
			    c->eol);
			col = 1;
		}
		if (*p == '<' || *p == '>')
			in_tag = *p == '<';
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			p++;
			continue;
		}
		if (cp < 0x80) {
			out[o++] = (char)cp;
			col++;
		} else {
			w = snprintf(out + o, cap - o, "&#x%lX;", cp);
			o += (size_t)w;
			col += (size_t)w;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* ---- splices --------------------------------------------------------- */

/* add_splice - remember one change; false when there is no room */
static bool
add_splice(struct ctx *c, size_t off, size_t len, const char *data,
    size_t dlen)
{
	if (c->nsp == MAX_SPLICES)
		return false;
	c->sp[c->nsp++] = (struct splice){ off, len, data, dlen };
	return true;
}

/*
 * by_offset - order of splices: by offset, and at the same offset the
 * insertion (a new part header) before the replacement that follows it
 */
static int
by_offset(const void *x, const void *y)
{
	const struct splice *a = x, *b = y;

	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* apply - the new body */
static void
apply(struct ctx *c, struct yj_banner_edit *out)
{
	size_t total = c->len, i, pos = 0, o = 0;

	yj_sort(c->sp, c->nsp, sizeof(c->sp[0]), by_offset);
	for (i = 0; i < c->nsp; i++)
		total += c->sp[i].dlen;
	out->body = yj_arena_alloc(c->a, total + 1);
	for (i = 0; i < c->nsp; i++) {
		if (c->sp[i].off < pos)
			continue;	/* overlapping: never copy */
		memcpy(out->body + o, c->body + pos, c->sp[i].off - pos);
		o += c->sp[i].off - pos;
		memcpy(out->body + o, c->sp[i].data, c->sp[i].dlen);
		o += c->sp[i].dlen;
		pos = c->sp[i].off + c->sp[i].len;
	}
	memcpy(out->body + o, c->body + pos, c->len - pos);
	o += c->len - pos;
	out->len = o;
}

/* ---- part headers ------------------------------------------------------ */

/* field - remember the fields the walk needs */
static int
field(const struct yj_hfield *f, void *arg)
{
	struct entity *e = arg;

	if (f->name_len == 12 && yj_str_ieqn(f->name, "content-type", 12)) {
		if (e->ctype == NULL) {
			e->ctype = f->value;
			e->ctype_len = f->value_len;
		}
	} else if (f->name_len == 25 &&
	    yj_str_ieqn(f->name, "content-transfer-encoding", 25)) {
		if (e->cte == NULL) {
			e->cte = f->value;
			e->cte_len = f->value_len;
		}
	} else if (f->name_len == 19 &&
	    yj_str_ieqn(f->name, "content-disposition", 19)) {
		e->disp = f->value;
		e->disp_len = f->value_len;
	}
	return 0;
}

/* read_part - the header of the part [start, end) */
static void
read_part(const struct ctx *c, size_t start, size_t end, struct entity *e)
{
	unsigned flags = 0;

	memset(e, 0, sizeof(*e));
	e->hdr = start;
	e->end = end;
	e->body = start + yj_header_split(c->body + start, end - start, field,
	    e, &flags);
	if (e->body > end)
		e->body = end;
}

/* quote_param - a parameter value as a quoted string */
static const char *
quote_param(struct yj_arena *a, const char *v)
{
	size_t n = strlen(v), i, o = 0;
	char *out = yj_arena_alloc(a, 2 * n + 3);

	out[o++] = '"';
	for (i = 0; i < n; i++) {
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7f)
			continue;
		if (v[i] == '"' || v[i] == '\\')
			out[o++] = '\\';
		out[o++] = v[i];
	}
	out[o++] = '"';
	return out;
}

/* utf8_ctype - "text/x; charset=UTF-8" keeping the other parameters */
static const char *
utf8_ctype(struct yj_arena *a, const struct yj_params *pp, bool html)
{
	char *s = yj_arena_printf(a, "%s; charset=UTF-8",
	    html ? "text/html" : "text/plain");
	size_t i;

	for (i = 0; i < pp->nr; i++)
		if (strcmp(pp->v[i].name, "charset") != 0)
			s = yj_arena_printf(a, "%s; %s=%s", s, pp->v[i].name,
			    quote_param(a, pp->v[i].value));
	return s;
}

struct rebuild {
	struct yj_arena	*a;
	char		*out;
	const char	*eol;
};

/* keep_field - copy a field unless it is one being replaced */
static int
keep_field(const struct yj_hfield *f, void *arg)
{
	struct rebuild *r = arg;

	if ((f->name_len == 12 && yj_str_ieqn(f->name, "content-type", 12)) ||
	    (f->name_len == 25 &&
	    yj_str_ieqn(f->name, "content-transfer-encoding", 25)))
		return 0;
	r->out = yj_arena_printf(r->a, "%s%.*s:%.*s%s", r->out,
	    (int)f->name_len, f->name, (int)f->value_len, f->value, r->eol);
	return 0;
}

/* set_headers - new Content-Type and C-T-E for part e */
static void
set_headers(struct ctx *c, const struct entity *e, const char *ctype,
    const char *cte)
{
	struct rebuild r = { c->a, "", c->eol };
	unsigned flags = 0;
	char *h;

	if (e->top) {
		c->top_ctype = ctype;
		c->top_cte = cte;
		return;
	}
	(void)yj_header_split(c->body + e->hdr, e->body - e->hdr, keep_field,
	    &r, &flags);
	h = yj_arena_printf(c->a, "%sContent-Type: %s%sContent-Transfer-"
	    "Encoding: %s%s%s", r.out, ctype, c->eol, cte, c->eol, c->eol);
	(void)add_splice(c, e->hdr, e->body - e->hdr, h, strlen(h));
}

/* ---- text/plain ------------------------------------------------------- */

/* has_8bit - any byte above 0x7f, or NUL */
static bool
has_8bit(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0x80 || p[i] == '\0')
			return true;
	return false;
}

/* wide_charset - UTF-16/32/7: not ASCII-compatible, always relabelled */
static bool
wide_charset(const char *cs)
{
	return cs != NULL && (yj_str_iprefix(cs, "utf-16") ||
	    yj_str_iprefix(cs, "utf-32") || yj_str_iprefix(cs, "ucs-") ||
	    yj_str_ieq(cs, "utf-7"));
}

/* part_utf8 - a decoded text part as UTF-8 */
static const char *
part_utf8(struct ctx *c, const struct yj_params *pp, const char *dec,
    size_t dlen)
{
	const char *cs = yj_params_get(pp, "charset");

	if (cs != NULL && (yj_str_ieq(cs, "us-ascii") || yj_str_ieq(cs,
	    "ascii")) && has_8bit(dec, dlen))
		cs = NULL;	/* undeclared 8-bit text: let it be guessed */
	return yj_charset_to_utf8(c->a, cs, dec, dlen, NULL, NULL);
}

/* relabel - UTF-8 text u8 with ins at insert_at, as a base64 UTF-8 part */
static void
relabel(struct ctx *c, const struct entity *e, const struct yj_params *pp,
    const char *u8, size_t insert_at, const char *ins, size_t inslen,
    bool html)
{
	size_t ulen = strlen(u8), elen;
	char *joined, *enc;

	if (insert_at > ulen)
		insert_at = ulen;
	joined = yj_arena_alloc(c->a, ulen + inslen + 1);
	memcpy(joined, u8, insert_at);
	memcpy(joined + insert_at, ins, inslen);
	memcpy(joined + insert_at + inslen, u8 + insert_at, ulen - insert_at);
	enc = b64_encode(c, joined, ulen + inslen, &elen);
	(void)add_splice(c, e->body, e->end - e->body, enc, elen);
	set_headers(c, e, utf8_ctype(c->a, pp, html), "base64");
	c->flags |= YJ_BANNER_RELABELLED | YJ_BANNER_REENCODED |
	    YJ_BANNER_REWRITTEN;
}

/* edit_plain - the text banner in front of a text/plain part */
static void
edit_plain(struct ctx *c, const struct entity *e, const struct yj_params *pp,
    enum cte cte)
{
	const char *cs = yj_params_get(pp, "charset");
	const char *ecs = cs != NULL ? cs : "us-ascii";
	char *raw_in = (char *)c->body + e->body, *dec, *ban, *u8, *joined;
	size_t n = e->end - e->body, dlen, blen, ulen, jlen;

	dec = decode(c, cte, raw_in, n, &dlen);
	u8 = with_eol(c, c->banner->text, &ulen);
	if (wide_charset(cs) ||
	    yj_charset_from_utf8(c->a, ecs, PROBE, strlen(PROBE), NULL, &blen,
	    NULL) == NULL) {
		relabel(c, e, pp, part_utf8(c, pp, dec, dlen), 0, u8, ulen,
		    false);
		return;
	}
	ban = yj_charset_from_utf8(c->a, ecs, u8, ulen, "?", &blen, NULL);
	if (cte == CTE_QP) {
		ban = qp_encode(c, ban, blen, &blen);
		(void)add_splice(c, e->body, 0, ban, blen);
	} else if (cte == CTE_IDENTITY ||
	    (cte == CTE_7BIT && !has_8bit(ban, blen))) {
		(void)add_splice(c, e->body, 0, ban, blen);
	} else {
		/* base64, or 8-bit text under "7bit": encode it all again */
		joined = yj_arena_alloc(c->a, blen + dlen + 1);
		memcpy(joined, ban, blen);
		memcpy(joined + blen, dec, dlen);
		joined = b64_encode(c, joined, blen + dlen, &jlen);
		(void)add_splice(c, e->body, n, joined, jlen);
		c->flags |= YJ_BANNER_REWRITTEN;
		if (cte != CTE_B64) {
			set_headers(c, e, yj_arena_strdup(c->a, e->ctype ?
			    yj_str_trim(c->a, e->ctype, e->ctype_len) :
			    "text/plain; charset=us-ascii"), "base64");
			c->flags |= YJ_BANNER_REENCODED;
		}
	}
}

/* ---- text/html --------------------------------------------------------- */

/* tag_end - offset after the '>' closing the tag that starts at i */
static size_t
tag_end(const char *p, size_t n, size_t i)
{
	char q = 0;

	for (; i < n; i++) {
		if (q != 0) {
			if (p[i] == q)
				q = 0;
		} else if (p[i] == '"' || p[i] == '\'') {
			q = p[i];
		} else if (p[i] == '>') {
			return i + 1;
		}
	}
	return n;
}

/* is_tag - p[i] starts "<name" followed by a delimiter */
static bool
is_tag(const char *p, size_t n, size_t i, const char *name)
{
	size_t k = strlen(name);
	char d;

	if (i + k >= n || !yj_str_ieqn(p + i, name, k))
		return false;
	d = p[i + k];
	return d == '>' || d == '/' || d == ' ' || d == '\t' || d == '\r' ||
	    d == '\n';
}

/* escape_state - ISO-2022 escape at p[i]: true for single-byte ASCII */
static bool
escape_state(const char *p, size_t n, size_t i, bool cur, size_t *skip)
{
	*skip = 1;
	if (i + 2 >= n)
		return cur;
	if (p[i + 1] == '(') {
		*skip = 3;
		return p[i + 2] == 'B' || p[i + 2] == 'J';
	}
	if (p[i + 1] == '$') {
		*skip = p[i + 2] == '(' || p[i + 2] == ')' ? 4 : 3;
		return false;
	}
	return cur;
}

/* find_insert - after <body>, else after </head> or <html>, else 0 */
static size_t
find_insert(const char *p, size_t n, bool iso2022)
{
	size_t i, skip, head = 0, html = 0;
	bool ascii = true;

	for (i = 0; i < n; i++) {
		if (iso2022 && p[i] == 0x1b) {
			ascii = escape_state(p, n, i, ascii, &skip);
			i += skip - 1;
			continue;
		}
		if (!ascii || p[i] != '<')
			continue;
		if (is_tag(p, n, i, "<body"))
			return tag_end(p, n, i);
		if (head == 0 && is_tag(p, n, i, "</head"))
			head = tag_end(p, n, i);
		else if (html == 0 && is_tag(p, n, i, "<html"))
			html = tag_end(p, n, i);
	}
	return head ? head : html;
}

/* edit_html - the HTML banner after <body> of a text/html part */
static void
edit_html(struct ctx *c, const struct entity *e, const struct yj_params *pp,
    enum cte cte)
{
	const char *cs = yj_params_get(pp, "charset");
	char *dec, *ban, *joined, *enc;
	size_t n = e->end - e->body, dlen, blen, pos, elen;
	const char *u8;

	dec = decode(c, cte, c->body + e->body, n, &dlen);
	ban = html_ascii(c, c->banner->html, &blen);
	if (wide_charset(cs)) {
		u8 = part_utf8(c, pp, dec, dlen);
		pos = find_insert(u8, strlen(u8), false);
		relabel(c, e, pp, u8, pos, ban, blen, true);
		return;
	}
	pos = find_insert(dec, dlen, cs != NULL &&
	    yj_str_iprefix(cs, "iso-2022"));
	if (cte == CTE_IDENTITY || cte == CTE_7BIT) {
		(void)add_splice(c, e->body + pos, 0, ban, blen);
		return;
	}
	joined = yj_arena_alloc(c->a, dlen + blen + 1);
	memcpy(joined, dec, pos);
	memcpy(joined + pos, ban, blen);
	memcpy(joined + pos + blen, dec + pos, dlen - pos);
	enc = encode(c, cte, joined, dlen + blen, &elen);
	(void)add_splice(c, e->body, n, enc, elen);
	c->flags |= YJ_BANNER_REWRITTEN;
}

/* ---- the walk ------------------------------------------------------------ */

static void walk(struct ctx *, const struct entity *, int depth);

/* next_delim - the next delimiter line of boundary at or after pos */
static bool
next_delim(const struct ctx *c, size_t pos, size_t end, const char *bd,
    size_t bdlen, size_t *line, size_t *after, bool *close)
{
	const char *p = c->body;
	const char *nl;
	size_t i, k;

	for (i = pos; i < end; i = nl ? (size_t)(nl - p) + 1 : end) {
		nl = memchr(p + i, '\n', end - i);
		if (end - i < bdlen + 2 || p[i] != '-' || p[i + 1] != '-' ||
		    memcmp(p + i + 2, bd, bdlen) != 0)
			continue;
		k = i + 2 + bdlen;
		*close = k + 1 < end && p[k] == '-' && p[k + 1] == '-';
		if (*close)
			k += 2;
		while (k < end && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r'))
			k++;
		if (k < end && p[k] != '\n')
			continue;	/* "--boundaryX": another boundary */
		*line = i;
		*after = k < end ? k + 1 : end;
		return true;
	}
	return false;
}

/* part_end - the part ends before the line end that precedes line */
static size_t
part_end(const struct ctx *c, size_t start, size_t line)
{
	size_t e = line;

	if (e > start && c->body[e - 1] == '\n')
		e--;
	if (e > start && c->body[e - 1] == '\r')
		e--;
	return e;
}

/* walk_multipart - the parts of a multipart entity */
static void
walk_multipart(struct ctx *c, const struct entity *e, const char *bd,
    int depth, bool alt)
{
	size_t line, after, start = 0, bdlen = strlen(bd), nparts = 0;
	bool close = false, open = false;
	size_t pos = e->body;
	struct entity part;

	while (nparts < MAX_PARTS &&
	    next_delim(c, pos, e->end, bd, bdlen, &line, &after, &close)) {
		if (open) {
			read_part(c, start, part_end(c, start, line), &part);
			walk(c, &part, depth + 1);
			nparts++;
			if (!alt)
				return;	/* mixed, related: the first part */
		}
		if (close)
			return;
		open = true;
		start = after;
		pos = after;
	}
	if (open && nparts < MAX_PARTS) {	/* no closing delimiter */
		read_part(c, start, e->end, &part);
		walk(c, &part, depth + 1);
	}
}

/* walk - find the main text of entity e */
static void
walk(struct ctx *c, const struct entity *e, int depth)
{
	struct yj_params ct, disp;
	const char *bd;
	enum cte cte;

	if (depth > MAX_DEPTH)
		return;
	yj_params_parse(c->a, e->ctype ? e->ctype : "text/plain",
	    e->ctype ? e->ctype_len : 10, &ct);
	if (ct.value == NULL || *ct.value == '\0')
		ct.value = "text/plain";
	if (strncmp(ct.value, "multipart/", 10) == 0) {
		if (strcmp(ct.value, "multipart/signed") == 0 ||
		    strcmp(ct.value, "multipart/encrypted") == 0) {
			c->flags |= YJ_BANNER_SIGNED;
			return;
		}
		if ((bd = yj_params_get(&ct, "boundary")) != NULL && *bd)
			walk_multipart(c, e, bd, depth,
			    strcmp(ct.value, "multipart/alternative") == 0);
		return;
	}
	if (e->disp != NULL) {
		yj_params_parse(c->a, e->disp, e->disp_len, &disp);
		if (disp.value != NULL && strcmp(disp.value, "attachment") == 0)
			return;
	}
	cte = cte_of(c->a, e->cte, e->cte_len);
	if (cte == CTE_OTHER)
		return;
	if (strcmp(ct.value, "text/plain") == 0 && !c->plain_done) {
		c->plain_done = true;
		edit_plain(c, e, &ct, cte);
		c->flags |= YJ_BANNER_PLAIN;
	} else if (strcmp(ct.value, "text/html") == 0 && !c->html_done) {
		c->html_done = true;
		edit_html(c, e, &ct, cte);
		c->flags |= YJ_BANNER_HTML;
	}
}

/* yj_banner_insert - the body with the banner */
int
yj_banner_insert(struct yj_arena *a, const struct yj_banner_top *th,
    const char *body, size_t len, const struct yj_banner *b,
    struct yj_banner_edit *out)
{
	struct ctx c;
	struct entity top;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.body = body;
	c.len = len;
	c.banner = b;
	c.eol = memchr(body, '\n', len) == NULL ||
	    yj_memimem(body, len, "\r\n", 2) != NULL ? "\r\n" : "\n";
	memset(&top, 0, sizeof(top));
	top.top = true;
	top.end = len;
	top.ctype = th->content_type;
	top.ctype_len = top.ctype ? strlen(top.ctype) : 0;
	top.cte = th->cte;
	top.cte_len = top.cte ? strlen(top.cte) : 0;
	top.disp = th->disposition;
	top.disp_len = top.disp ? strlen(top.disp) : 0;
	walk(&c, &top, 0);
	out->flags = c.flags;
	if (c.nsp == 0 && c.top_ctype == NULL)
		return YJ_ENOENT;
	apply(&c, out);
	out->content_type = c.top_ctype;
	out->cte = c.top_cte;
	return 0;
}

/* ---- the banner's text ---------------------------------------------- */

/* by_weight - strongest findings first, report order among equals */
static int
by_weight(const void *x, const void *y)
{
	const struct yj_finding *a = *(struct yj_finding *const *)x;
	const struct yj_finding *b = *(struct yj_finding *const *)y;

	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* cut - s cut at REASON_BYTES on a character boundary */
static const char *
cut(struct yj_arena *a, const char *s)
{
	size_t n = strlen(s);

	if (n <= REASON_BYTES)
		return s;
	n = REASON_BYTES;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return yj_arena_printf(a, "%.*s…", (int)n, s);
}

/* html_escape - text for an HTML element */
static char *
html_escape(struct yj_arena *a, const char *s)
{
	size_t n = strlen(s), i, o = 0;
	char *out = yj_arena_alloc(a, n * 6 + 1);

	for (i = 0; i < n; i++) {
		const char *r = s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" :
		    s[i] == '&' ? "&amp;" : s[i] == '"' ? "&quot;" : NULL;

		if (s[i] == '\n' || s[i] == '\r') {
			out[o++] = ' ';
		} else if (r != NULL) {
			memcpy(out + o, r, strlen(r));
			o += strlen(r);
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

/* reasons - the findings to show, strongest first */
static size_t
reasons(struct yj_arena *a, const struct yj_result *r,
    const struct yj_finding ***out)
{
	const struct yj_finding **v;
	size_t i, n = 0;

	v = yj_arena_allocarray(a, r->findings.nr + 1, sizeof(*v));
	for (i = 0; i < r->findings.nr; i++)
		if (!r->findings.v[i]->ignored)
			v[n++] = r->findings.v[i];
	yj_sort(v, n, sizeof(*v), by_weight);
	*out = v;
	return n < MAX_REASONS ? n : MAX_REASONS;
}

/* verdict_ja - the verdict as a reader understands it */
static const char *
verdict_ja(enum yj_verdict v)
{
	return v == YJ_VERDICT_QUARANTINE ? "隔離" : v == YJ_VERDICT_REJECT ?
	    "拒否" : v == YJ_VERDICT_HOLD ? "保留" : "注意";
}

#define RULE	"━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━\n"
#define ADVICE_JA	"心当たりのない依頼、リンク、添付ファイルは開かず、" \
	"差出人に電話など別の方法で確かめるか、" \
	"情報システム担当者に相談してください。"
#define ADVICE_EN	"Do not act on requests, links or attachments you " \
	"did not expect: check with the sender by phone or another way you " \
	"trust, or ask your IT staff."

/* yj_banner_build - both forms of the warning */
void
yj_banner_build(struct yj_arena *a, const struct yj_result *r,
    struct yj_banner *out)
{
	const struct yj_finding **v;
	size_t i, n = reasons(a, r, &v);
	char *t, *h, *lja = "", *len = "", *hja = "", *hen = "";

	for (i = 0; i < n; i++) {
		lja = yj_arena_printf(a, "%s・%s\n", lja, cut(a, v[i]->ja));
		len = yj_arena_printf(a, "%s- %s\n", len, cut(a, v[i]->en));
		hja = yj_arena_printf(a, "%s<li>%s</li>\n", hja,
		    html_escape(a, cut(a, v[i]->ja)));
		hen = yj_arena_printf(a, "%s<li>%s</li>\n", hen,
		    html_escape(a, cut(a, v[i]->en)));
	}
	t = yj_arena_printf(a, RULE "【用心】このメールには注意が必要です"
	    "（判定: %s、スコア %d）\n%s" ADVICE_JA "\n\n[yojin] Take care "
	    "with this message (verdict: %s, score %d)\n%s" ADVICE_EN "\n"
	    RULE "\n", verdict_ja(r->verdict), r->score, lja,
	    yj_verdict_name(r->verdict), r->score, len);
	h = yj_arena_printf(a, "<div data-yojin=\"banner\" style=\"border:2px "
	    "solid #c62828;background:#fff8e1;color:#212121;padding:8px 12px;"
	    "margin:0 0 16px 0;font-family:sans-serif;font-size:14px;"
	    "line-height:1.5\">\n<div style=\"font-weight:bold;color:#c62828\">"
	    "【用心】このメールには注意が必要です"
	    "（判定: %s、スコア %d）</div>\n"
	    "<ul style=\"margin:4px 0;padding-left:20px\">\n%s</ul>\n<div>"
	    ADVICE_JA "</div>\n<hr style=\"border:0;border-top:1px solid "
	    "#e0c080\">\n<div style=\"font-weight:bold;color:#c62828\">[yojin] "
	    "Take care with this message (verdict: %s, score %d)</div>\n"
	    "<ul style=\"margin:4px 0;padding-left:20px\">\n%s</ul>\n<div>"
	    ADVICE_EN "</div>\n</div>\n", verdict_ja(r->verdict), r->score,
	    hja, yj_verdict_name(r->verdict), r->score, hen);
	out->text = t;
	out->html = h;
}
