/*
 * lex.c - RFC 5322 lexical scanning shared by the header parsers
 *
 * Design: everything is built on one function, unit_at(), which says how
 * long the unit at an offset is and whether it is structure (a plain
 * ASCII byte) or text (an escape sequence, a byte inside raw
 * ISO-2022-JP, an 8-bit byte, a Shift_JIS pair).  The scanners above it
 * only ever look at units, so they cannot split a Japanese character
 * or mistake half of one for a quote, a parenthesis or a backslash.
 *
 * Comments nest; the depth is a counter in a loop.  Nothing here
 * recurses, so no input can exhaust the stack.
 */
#include <string.h>

#include "mail/charset.h"
#include "mail/lex.h"
#include "util/limits.h"
#include "util/str.h"

#define ESC	0x1b

/* is_sjis_lead - first byte of a two-byte CP932 character */
static bool
is_sjis_lead(unsigned char c)
{
	return (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc);
}

/* is_sjis_trail - second byte of a two-byte CP932 character */
static bool
is_sjis_trail(unsigned char c)
{
	return (c >= 0x40 && c <= 0x7e) || (c >= 0x80 && c <= 0xfc);
}

/*
 * escape_len - length of an ISO-2022-JP escape sequence at s[i] (0 if
 * none); *shift gets 1 when it enters a two-byte or kana set, 0 when it
 * returns to ASCII or JIS-Roman
 */
static size_t
escape_len(const char *s, size_t n, size_t i, int *shift)
{
	if (i + 2 >= n)
		return 0;
	if (s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@')) {
		*shift = 1;
		return 3;
	}
	if (s[i + 1] == '$' && s[i + 2] == '(' && i + 3 < n) {
		*shift = 1;		/* JIS X 0212, X 0213 */
		return 4;
	}
	if (s[i + 1] == '(' && (s[i + 2] == 'B' || s[i + 2] == 'J')) {
		*shift = 0;
		return 3;
	}
	if (s[i + 1] == '(' && s[i + 2] == 'I') {
		*shift = 1;		/* half-width katakana */
		return 3;
	}
	return 0;
}

/*
 * unit_at - class of the unit at the cursor (an ASCII byte, YJ_LEX_TEXT
 * or YJ_LEX_EOF), its length, and the shift state after it (-1: same)
 */
static int
unit_at(const struct yj_lex *l, size_t *len, int *shift)
{
	unsigned char c;

	*len = 1;
	*shift = -1;
	if (l->i >= l->n)
		return YJ_LEX_EOF;
	c = (unsigned char)l->s[l->i];
	if (l->plain)
		return c >= 0x80 ? YJ_LEX_TEXT : c;
	if (c == ESC) {
		*len = escape_len(l->s, l->n, l->i, shift);
		if (*len > 0)
			return YJ_LEX_TEXT;
		*len = 1;
		return c;
	}
	if (c == '\r' || c == '\n') {
		*shift = 0;
		return c;
	}
	if (l->shifted)
		return YJ_LEX_TEXT;
	if (c >= 0x80) {
		if (l->sjis && is_sjis_lead(c) && l->i + 1 < l->n &&
		    is_sjis_trail((unsigned char)l->s[l->i + 1]))
			*len = 2;
		return YJ_LEX_TEXT;
	}
	return c;
}

/* yj_lex_init - start a cursor; decide whether 8-bit text is CP932 */
void
yj_lex_init(struct yj_lex *l, const char *s, size_t n)
{
	size_t i;

	memset(l, 0, sizeof(*l));
	l->s = s;
	l->n = n;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80) {
			l->flags |= YJ_LEX_8BIT;
			break;
		}
	if (yj_has_iso2022_escape(s, n))
		l->flags |= YJ_LEX_ISO2022;
	if ((l->flags & YJ_LEX_8BIT) && !yj_utf8_valid(s, n) &&
	    strncmp(yj_charset_guess(s, n), "ibm-943", 7) == 0)
		l->sjis = true;
}

/* yj_lex_peek - class of the next unit */
int
yj_lex_peek(const struct yj_lex *l)
{
	size_t len;
	int shift;

	return unit_at(l, &len, &shift);
}

/* yj_lex_next - step over one unit, following shifts */
void
yj_lex_next(struct yj_lex *l)
{
	size_t len;
	int shift;

	if (unit_at(l, &len, &shift) == YJ_LEX_EOF)
		return;
	if (shift >= 0)
		l->shifted = shift == 1;
	l->i += len;
}

/* yj_lex_take - copy the next unit to buf (may be NULL), step over it */
void
yj_lex_take(struct yj_lex *l, struct yj_lexbuf *buf)
{
	size_t start = l->i;

	yj_lex_next(l);
	if (buf != NULL)
		yj_lexbuf_add(buf, l->s + start, l->i - start);
}

/* yj_lex_is_space - folding white space */
bool
yj_lex_is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* yj_lex_skip_cfws - skip white space and comments */
bool
yj_lex_skip_cfws(struct yj_lex *l, struct yj_lexbuf *comments)
{
	bool any = false;
	int c;

	for (;;) {
		c = yj_lex_peek(l);
		if (yj_lex_is_space(c)) {
			yj_lex_next(l);
		} else if (c == '(') {
			if (comments != NULL && comments->len > 0)
				yj_lexbuf_addc(comments, ' ');
			(void)yj_lex_comment(l, comments);
		} else {
			return any;
		}
		any = true;
	}
}

/*
 * take_escaped - after a backslash: copy the quoted unit.  False at the
 * end of the value.  A backslash before a line break quotes nothing:
 * folding is not part of the text.
 */
static bool
take_escaped(struct yj_lex *l, struct yj_lexbuf *out)
{
	int c;

	yj_lex_next(l);
	c = yj_lex_peek(l);
	if (c == YJ_LEX_EOF)
		return false;
	if (c == '\r' || c == '\n')
		yj_lex_next(l);
	else
		yj_lex_take(l, out);
	return true;
}

/* yj_lex_quoted - read a quoted string, unescaped and unfolded */
bool
yj_lex_quoted(struct yj_lex *l, struct yj_lexbuf *out)
{
	int c;

	yj_lex_next(l);			/* the opening quote */
	for (;;) {
		c = yj_lex_peek(l);
		if (c == YJ_LEX_EOF)
			break;
		if (c == '"') {
			yj_lex_next(l);
			return true;
		}
		if (c == '\\') {
			if (!take_escaped(l, out))
				break;
		} else if (c == '\r' || c == '\n') {
			yj_lex_next(l);
		} else {
			yj_lex_take(l, out);
		}
	}
	l->flags |= YJ_LEX_OPEN;
	return false;
}

/* yj_lex_comment - read a comment; nesting counted, never recursed */
bool
yj_lex_comment(struct yj_lex *l, struct yj_lexbuf *out)
{
	size_t depth = 0;
	int c;

	for (;;) {
		c = yj_lex_peek(l);
		if (c == YJ_LEX_EOF)
			break;
		if (c == '(') {
			if (++depth > YJ_LIM_COMMENT_DEPTH)
				l->flags |= YJ_LEX_DEEP;
			if (depth == 1)
				yj_lex_next(l);
			else
				yj_lex_take(l, out);
		} else if (c == ')') {
			if (--depth == 0) {
				yj_lex_next(l);
				return true;
			}
			yj_lex_take(l, out);
		} else if (c == '\\') {
			if (!take_escaped(l, out))
				break;
		} else if (c == '\r' || c == '\n') {
			yj_lex_next(l);
		} else {
			yj_lex_take(l, out);
		}
	}
	l->flags |= YJ_LEX_OPEN;
	return false;
}

/* yj_lex_atom - read a run of units up to a stop */
size_t
yj_lex_atom(struct yj_lex *l, const char *stops, struct yj_lexbuf *out)
{
	size_t start = l->i;
	int c;

	for (;;) {
		c = yj_lex_peek(l);
		if (c == YJ_LEX_EOF || yj_lex_is_space(c))
			break;
		if (c != YJ_LEX_TEXT && c != 0 && strchr(stops, c) != NULL)
			break;
		yj_lex_take(l, out);
	}
	return l->i - start;
}

/*
 * is_invisible - a code point that has no business in a host name:
 * controls, spaces, format and bidi characters, private use, specials.
 * IDNA 2008 disallows all of them; a look-alike hides behind them.
 */
static bool
is_invisible(long cp)
{
	return cp < 0xa0 || cp == 0xad || cp == 0x34f ||
	    (cp >= 0x115f && cp <= 0x1160) || (cp >= 0x17b4 && cp <= 0x17b5) ||
	    (cp >= 0x180b && cp <= 0x180f) || (cp >= 0x2000 && cp <= 0x206f) ||
	    cp == 0x3000 || cp == 0x3164 || (cp >= 0xe000 && cp <= 0xf8ff) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff ||
	    cp == 0xffa0 || (cp >= 0xfff0 && cp <= 0xffff) ||
	    (cp >= 0xe0000 && cp <= 0xe0fff);
}

/* label_char - length of one allowed label character at s, 0 if none */
static size_t
label_char(const char *s, const char *end)
{
	const char *p = s;
	unsigned char c = (unsigned char)*s;
	long cp;

	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_')
			return 1;
		return 0;
	}
	cp = yj_utf8_decode(&p, end);
	if (cp < 0 || is_invisible(cp))
		return 0;
	return (size_t)(p - s);
}

/* yj_lex_domain_ok - domain name syntax (LDH or U-labels) */
bool
yj_lex_domain_ok(const char *s, size_t n)
{
	const char *end = s + n;
	size_t label = 0, k;
	bool ascii = true;

	if (n == 0 || n > 255)
		return false;
	while (s < end) {
		if (*s == '.') {
			if (label == 0 || (ascii && label > 63))
				return false;
			label = 0;
			ascii = true;
			s++;
			continue;
		}
		k = label_char(s, end);
		if (k == 0)
			return false;
		if (k > 1)
			ascii = false;
		label += k;
		s += k;
	}
	return label > 0 && !(ascii && label > 63);
}

/* yj_lexbuf_init - an empty buffer of cap bytes (NUL included) */
void
yj_lexbuf_init(struct yj_arena *a, struct yj_lexbuf *b, size_t cap)
{
	if (cap == 0)
		cap = 1;
	b->p = yj_arena_alloc(a, cap);
	b->len = 0;
	b->cap = cap;
}

/* yj_lexbuf_reset - empty the buffer, keep the memory */
void
yj_lexbuf_reset(struct yj_lexbuf *b)
{
	b->len = 0;
	b->p[0] = '\0';
}

/* yj_lexbuf_add - append, cut at the capacity */
void
yj_lexbuf_add(struct yj_lexbuf *b, const char *p, size_t n)
{
	if (n > b->cap - 1 - b->len)
		n = b->cap - 1 - b->len;
	memcpy(b->p + b->len, p, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* yj_lexbuf_addc - append one byte */
void
yj_lexbuf_addc(struct yj_lexbuf *b, int c)
{
	char ch = (char)c;

	yj_lexbuf_add(b, &ch, 1);
}

/* yj_lexbuf_dup - copy the contents into the arena */
char *
yj_lexbuf_dup(struct yj_arena *a, const struct yj_lexbuf *b)
{
	return yj_arena_memdup(a, b->p, b->len);
}
