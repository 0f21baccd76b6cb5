/*
 * rfc2047.c - header text to UTF-8
 *
 * Design: the unfolded value is cut into segments, each either an encoded
 * word or a literal run.  Literal runs are converted on their own (ASCII
 * as is; ESC sequences through ISO-2022-JP; other 8-bit bytes as UTF-8
 * when well-formed, else a guessed Japanese charset).  Runs of encoded
 * words are decoded to bytes first, and consecutive words in the same
 * charset are concatenated before conversion: senders split words in the
 * middle of a multi-byte character, and converting word by word would
 * turn each half into U+FFFD.  White space between two encoded words is
 * dropped (RFC 2047 section 6.2).  Control characters become spaces so
 * that decoded text cannot fake header lines in output.
 */
#include <string.h>
#include <strings.h>

#include "mail/charset.h"
#include "mail/rfc2047.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/str.h"

/* Longest encoded word we accept; RFC 2047 says 75, senders exceed it. */
#define MAX_WORD	4096

struct word {
	char	 charset[64];	/* declared charset, language removed */
	char	 enc;		/* 'B' or 'Q' */
	size_t	 text_off;	/* encoded text within the value */
	size_t	 text_len;
	size_t	 end;		/* offset just after "?=" */
};

/* yj_header_unfold - drop line breaks used for folding */
char *
yj_header_unfold(struct yj_arena *a, const char *raw, size_t n,
    size_t *outlen)
{
	char *out;
	size_t i, o = 0;

	out = yj_arena_alloc(a, n + 1);
	for (i = 0; i < n; i++) {
		if (raw[i] == '\r' || raw[i] == '\n')
			continue;
		out[o++] = raw[i];
	}
	/* Leading white space of the value is not part of it. */
	i = 0;
	while (i < o && (out[i] == ' ' || out[i] == '\t'))
		i++;
	memmove(out, out + i, o - i);
	o -= i;
	out[o] = '\0';
	if (outlen != NULL)
		*outlen = o;
	return out;
}

/* parse_word - recognise an encoded word at s[i]; false if none */
static bool
parse_word(const char *s, size_t n, size_t i, struct word *w)
{
	size_t p, q, cs_len, lim;

	if (i + 1 >= n || s[i] != '=' || s[i + 1] != '?')
		return false;
	p = i + 2;
	q = p;
	while (q < n && s[q] != '?' && s[q] != ' ' && s[q] != '\t' &&
	    q - p < sizeof(w->charset))
		q++;
	if (q >= n || s[q] != '?' || q == p)
		return false;
	cs_len = q - p;
	if (cs_len >= sizeof(w->charset))
		return false;
	memcpy(w->charset, s + p, cs_len);
	w->charset[cs_len] = '\0';
	{
		char *star = strchr(w->charset, '*');	/* RFC 2231 lang */

		if (star != NULL)
			*star = '\0';
	}
	if (q + 2 >= n || s[q + 2] != '?')
		return false;
	w->enc = (char)(s[q + 1] & ~0x20);
	if (w->enc != 'B' && w->enc != 'Q')
		return false;
	w->text_off = q + 3;
	lim = n - w->text_off < MAX_WORD ? n : w->text_off + MAX_WORD;
	for (p = w->text_off; p + 1 < lim; p++) {
		if (s[p] == '?' && s[p + 1] == '=')
			break;
		if (s[p] == '\r' || s[p] == '\n')
			return false;
	}
	if (p + 1 >= lim)
		return false;
	w->text_len = p - w->text_off;
	w->end = p + 2;
	return true;
}

/* b64val - value of a base64 digit, -1 otherwise */
static int
b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* decode_word - append the bytes of one encoded word to out */
static int
decode_word(const char *t, size_t n, char enc, struct yj_buf *out,
    bool *bad)
{
	unsigned long acc = 0;
	int bits = 0, v, h1, h2;
	size_t i;

	if (enc == 'B') {
		for (i = 0; i < n; i++) {
			if (t[i] == '=')
				break;
			v = b64val((unsigned char)t[i]);
			if (v < 0) {
				*bad = true;
				continue;
			}
			acc = (acc << 6) | (unsigned long)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				if (yj_buf_addc(out, (int)((acc >> bits) & 0xff)))
					return -1;
			}
		}
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (t[i] == '_') {
			if (yj_buf_addc(out, ' '))
				return -1;
		} else if (t[i] == '=' && i + 2 < n &&
		    (h1 = yj_hexval((unsigned char)t[i + 1])) >= 0 &&
		    (h2 = yj_hexval((unsigned char)t[i + 2])) >= 0) {
			if (yj_buf_addc(out, h1 * 16 + h2))
				return -1;
			i += 2;
		} else {
			if (t[i] == '=')
				*bad = true;
			if (yj_buf_addc(out, (unsigned char)t[i]))
				return -1;
		}
	}
	return 0;
}

/* add_literal - convert a literal run and append it */
static int
add_literal(struct yj_arena *a, const char *s, size_t n, struct yj_buf *out,
    unsigned *flags)
{
	unsigned cs = 0;
	size_t i;
	bool eight = false;
	char *u;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			eight = true;
	if (yj_has_iso2022_escape(s, n))
		*flags |= YJ_HD_RAW_2022;
	else if (!eight)
		return yj_buf_add(out, s, n);
	else if (yj_utf8_valid(s, n))
		return yj_buf_add(out, s, n);	/* RFC 6532 */
	else
		*flags |= YJ_HD_8BIT;
	u = yj_charset_to_utf8(a, NULL, s, n, &cs, NULL);
	if (cs & YJ_CS_ERRORS)
		*flags |= YJ_HD_CHARSET;
	return yj_buf_adds(out, u);
}

/* flush_words - convert the pending encoded-word bytes */
static int
flush_words(struct yj_arena *a, const char *charset, struct yj_buf *bytes,
    struct yj_buf *out, unsigned *flags)
{
	unsigned cs = 0;
	char *u;
	int rc;

	if (bytes->len == 0)
		return 0;
	u = yj_charset_to_utf8(a, charset, bytes->data, bytes->len, &cs, NULL);
	/* A mislabelled word did not decode in its declared charset. */
	if (cs & (YJ_CS_ERRORS | YJ_CS_UNKNOWN | YJ_CS_MISLABEL))
		*flags |= YJ_HD_CHARSET;
	rc = yj_buf_adds(out, u);
	yj_buf_reset(bytes);
	return rc;
}

/* is_wsp_run - s[i..j) is only spaces and tabs */
static bool
is_wsp_run(const char *s, size_t i, size_t j)
{
	for (; i < j; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/*
 * clean_controls - replace C0 controls (NUL included) and DEL with spaces,
 * in place.  It walks n bytes, not up to the first NUL: a NUL in a
 * literal run would otherwise cut the value short and hide what follows
 * it from every check.
 */
static void
clean_controls(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
}

/* yj_header_decode - unfold, decode words and raw text to UTF-8 */
char *
yj_header_decode(struct yj_arena *a, const char *raw, size_t rawlen,
    unsigned *flagsp)
{
	struct yj_buf out, bytes;
	struct word w;
	char charset[64] = "";
	unsigned flags = 0;
	size_t n, i, lit, last_word_end = 0, nwords = 0;
	bool in_words = false, bad;
	const char *s;
	char *res;

	s = yj_header_unfold(a, raw, rawlen, &n);
	yj_buf_init(&out, YJ_LIM_HEADER_SIZE * 4);
	yj_buf_init(&bytes, YJ_LIM_HEADER_SIZE);
	lit = 0;
	for (i = 0; i < n; i++) {
		if (s[i] != '=' || !parse_word(s, n, i, &w))
			continue;
		if (++nwords > YJ_LIM_ENCODED_WORDS) {
			flags |= YJ_HD_TOO_MANY;
			break;
		}
		flags |= YJ_HD_ENCODED;
		/* Literal text before this word, unless it is only the white
		 * space between two words. */
		if (!(in_words && is_wsp_run(s, last_word_end, i))) {
			if (in_words &&
			    flush_words(a, charset, &bytes, &out, &flags))
				break;
			in_words = false;
			if (add_literal(a, s + lit, i - lit, &out, &flags))
				break;
		}
		if (in_words && strcasecmp(charset, w.charset) != 0 &&
		    flush_words(a, charset, &bytes, &out, &flags))
			break;
		memcpy(charset, w.charset, sizeof(charset));
		bad = false;
		if (decode_word(s + w.text_off, w.text_len, w.enc, &bytes, &bad))
			break;
		if (bad)
			flags |= YJ_HD_BAD_WORD;
		in_words = true;
		last_word_end = lit = w.end;
		i = w.end - 1;
	}
	if (in_words)
		(void)flush_words(a, charset, &bytes, &out, &flags);
	if (lit < n)
		(void)add_literal(a, s + lit, n - lit, &out, &flags);
	res = yj_arena_memdup(a, yj_buf_cstr(&out), out.len);
	clean_controls(res, out.len);
	yj_buf_release(&out);
	yj_buf_release(&bytes);
	if (!yj_utf8_valid(res, strlen(res)))
		res = yj_utf8_repair(a, res, strlen(res));
	if (flagsp != NULL)
		*flagsp |= flags;
	return res;
}
