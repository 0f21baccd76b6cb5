/*
 * param.c - Content-Type and Content-Disposition parameters
 *
 * Design: two passes.  The first reads the raw value with mail/lex (so
 * raw ISO-2022-JP or Shift_JIS bytes can never end a quoted string or a
 * value) into items: name, RFC 2231 section and "extended" mark, and the
 * value's bytes, unquoted but not yet decoded.  The second groups the
 * items by name and decodes each name once:
 *
 *   - continuations name*0, name*1*, ... are sorted by number and their
 *     bytes concatenated before any conversion, because clients cut a
 *     multi-byte character (or an encoded word) across two segments;
 *     extended segments are %XX-decoded first, plain ones are taken as
 *     they are, and the charset comes from the first segment;
 *   - a single extended name*=charset'lang'%XX is the same with one
 *     segment;
 *   - a plain value goes through yj_header_decode() when it holds
 *     encoded words, 8-bit bytes or escapes (Outlook's and Japanese
 *     clients' filename="=?ISO-2022-JP?B?...?="), and is kept
 *     byte for byte otherwise (a boundary must stay exact), except that
 *     control characters become spaces, flagged.
 *
 * Several forms of one name: the RFC 2231 form wins whatever the order,
 * as RFC 2231-aware readers do; "first occurrence wins" applies to
 * repeats of the same form.
 * YJ_PARAM_DUPLICATE is set when a form is repeated, or when two forms
 * decode differently: filename="invoice.pdf" beside
 * filename*=UTF-8''invoice.exe shows each reader a different file.
 *
 * Unquoted values run to the next ';' (clients write file names with
 * spaces unquoted), and a '(' inside one is text, as mail clients show
 * it (name=Invoice_(1).pdf), while a comment after white space is
 * dropped; words after a closing quote are kept as written (one space
 * where there was white space) and flagged; "token=" after a value
 * starts a new parameter (a missing ';').  Mail readers disagree on such
 * input, which is exactly what an attacker wants, so everything stays
 * visible and flagged.
 */
#include <stdint.h>
#include <string.h>

#include "mail/charset.h"
#include "mail/lex.h"
#include "mail/param.h"
#include "mail/rfc2047.h"
#include "util/limits.h"
#include "util/str.h"

/* RFC 2045 tspecials that end a parameter name, and '*' (RFC 2231). */
#define NAME_STOPS	"()<>@,;:\\\"/[]?="
#define MAX_SECTION	9999

struct item {
	const char	*name;		/* lower case, sections removed */
	long		 section;	/* -1: not a continuation */
	bool		 ext;		/* "name*" or "name*N*" */
	bool		 done;		/* already decoded with its group */
	bool		 quoted;	/* a quoted string was part of it */
	const char	*val;		/* unquoted raw bytes */
	size_t		 len;
};

struct pparser {
	struct yj_arena		*a;
	struct yj_lex		 lex;
	struct yj_params	*out;
	struct yj_lexbuf	 buf;
	struct item		*items;
	size_t			 nitems;
	size_t			 cap;
};

/* skip_to_semicolon - recover from garbage: to the next ';' or the end */
static void
skip_to_semicolon(struct pparser *p)
{
	int c;

	for (;;) {
		(void)yj_lex_skip_cfws(&p->lex, NULL);
		c = yj_lex_peek(&p->lex);
		if (c == ';' || c == YJ_LEX_EOF)
			return;
		if (c == '"')
			(void)yj_lex_quoted(&p->lex, NULL);
		else
			yj_lex_next(&p->lex);
	}
}

/*
 * lower_copy - ASCII lower-case copy of the buffer, made valid UTF-8,
 * control characters turned to spaces (and flagged)
 */
static char *
lower_copy(struct pparser *p, const struct yj_lexbuf *b)
{
	char *s;
	size_t i;

	s = yj_utf8_valid(b->p, b->len) ? yj_lexbuf_dup(p->a, b) :
	    yj_utf8_repair(p->a, b->p, b->len);
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) {
			s[i] = ' ';
			p->out->flags |= YJ_PARAM_BAD;
		}
		s[i] = (char)yj_ascii_lower((unsigned char)s[i]);
	}
	return s;
}

/* at_new_param - "token =" ahead: a parameter whose ';' is missing */
static bool
at_new_param(const struct pparser *p)
{
	struct yj_lex l = p->lex;

	if (yj_lex_atom(&l, NAME_STOPS ";", NULL) == 0)
		return false;
	(void)yj_lex_skip_cfws(&l, NULL);
	return yj_lex_peek(&l) == '=';
}

/*
 * parse_type - the value before the first ';' ("text/plain"); comments
 * and white space inside it are dropped.  A value that is really a
 * parameter ("name=x" with no type) is left for the parameter loop, and
 * so is one that follows the type without its ';'.
 */
static void
parse_type(struct pparser *p)
{
	int c;

	yj_lexbuf_reset(&p->buf);
	for (;;) {
		(void)yj_lex_skip_cfws(&p->lex, NULL);
		c = yj_lex_peek(&p->lex);
		if (c == ';' || c == YJ_LEX_EOF)
			break;
		if (c == '=' || at_new_param(p)) {
			p->out->flags |= YJ_PARAM_BAD;
			break;
		}
		/* "text / plain" is RFC 822 lexing; "text/plain x" is not */
		if (p->buf.len > 0 && p->buf.p[p->buf.len - 1] != '/' &&
		    c != '/')
			p->out->flags |= YJ_PARAM_BAD;
		if (c == '"') {
			(void)yj_lex_quoted(&p->lex, &p->buf);
			p->out->flags |= YJ_PARAM_BAD;
		} else if (yj_lex_atom(&p->lex, ";()\"=", &p->buf) == 0) {
			yj_lex_next(&p->lex);	/* a stray ')' */
			p->out->flags |= YJ_PARAM_BAD;
		}
	}
	p->out->value = lower_copy(p, &p->buf);
}

/*
 * split_name - "filename*1*" -> name "filename", section 1, extended.
 * False for a name that cannot be used.
 */
static bool
split_name(struct pparser *p, struct item *it)
{
	char *s;
	size_t n, k;
	unsigned long num;

	for (k = 0; k < p->buf.len; k++)
		if ((unsigned char)p->buf.p[k] <= 0x20 || p->buf.p[k] == 0x7f)
			return false;
	s = lower_copy(p, &p->buf);
	n = strlen(s);
	it->section = -1;
	if (n > 0 && s[n - 1] == '*') {
		it->ext = true;
		s[--n] = '\0';
	}
	for (k = n; k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9'; k--)
		;
	if (k > 0 && k < n && s[k - 1] == '*') {
		if (yj_parse_uint(s + k, MAX_SECTION, &num) != 0)
			return false;
		it->section = (long)num;
		s[k - 1] = '\0';
	}
	it->name = s;
	return s[0] != '\0' && strchr(s, '*') == NULL;
}

/*
 * read_unquoted - one unquoted piece of a value, up to white space, ';'
 * or '"'.  A '(' in it is kept (name=Invoice_(1).pdf) but flagged:
 * readers disagree on whether it starts a comment.
 */
static void
read_unquoted(struct pparser *p)
{
	int c;

	for (;;) {
		c = yj_lex_peek(&p->lex);
		if (c == YJ_LEX_EOF || yj_lex_is_space(c) || c == ';' ||
		    c == '"')
			return;
		if (c == '(')
			p->out->flags |= YJ_PARAM_BAD;
		yj_lex_take(&p->lex, &p->buf);
	}
}

/*
 * read_value - the value's pieces up to ';' or the end: quoted strings
 * unquoted, atoms as they are, joined by one space where white space
 * separated them.  More than one piece is flagged.  True if a piece
 * was quoted.
 */
static bool
read_value(struct pparser *p)
{
	bool quoted = false;
	size_t pieces = 0;
	bool ws = false;
	int c;

	yj_lexbuf_reset(&p->buf);
	(void)yj_lex_skip_cfws(&p->lex, NULL);
	for (;;) {
		c = yj_lex_peek(&p->lex);
		if (c == ';' || c == YJ_LEX_EOF)
			break;
		if (pieces > 0 && at_new_param(p))
			break;
		if (pieces > 0 && ws)
			yj_lexbuf_addc(&p->buf, ' ');
		if (c == '"') {
			(void)yj_lex_quoted(&p->lex, &p->buf);
			quoted = true;
		} else if (c == '(') {
			(void)yj_lex_comment(&p->lex, NULL);
		} else {
			read_unquoted(p);
		}
		if (++pieces == 2)
			p->out->flags |= YJ_PARAM_BAD;
		ws = yj_lex_skip_cfws(&p->lex, NULL);
	}
	return quoted;
}

/* add_item - keep one parsed parameter (up to YJ_LIM_PARAMS) */
static void
add_item(struct pparser *p, const struct item *it)
{
	if (p->nitems >= YJ_LIM_PARAMS) {
		p->out->flags |= YJ_PARAM_BAD;
		return;
	}
	if (p->nitems == p->cap) {
		p->cap = p->cap == 0 ? 8 : p->cap * 2;
		p->items = yj_arena_grow(p->a, p->items, p->nitems, p->cap,
		    sizeof(*p->items));
	}
	p->items[p->nitems++] = *it;
}

/* parse_param - one "name = value" after a ';' */
static void
parse_param(struct pparser *p)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	yj_lexbuf_reset(&p->buf);
	if (yj_lex_atom(&p->lex, NAME_STOPS, &p->buf) == 0 ||
	    !split_name(p, &it)) {
		p->out->flags |= YJ_PARAM_BAD;
		skip_to_semicolon(p);
		return;
	}
	(void)yj_lex_skip_cfws(&p->lex, NULL);
	if (yj_lex_peek(&p->lex) != '=') {
		p->out->flags |= YJ_PARAM_BAD;
		skip_to_semicolon(p);
		return;
	}
	yj_lex_next(&p->lex);
	it.quoted = read_value(p);
	it.val = yj_lexbuf_dup(p->a, &p->buf);
	it.len = p->buf.len;
	if (it.ext || it.section >= 0)
		p->out->flags |= YJ_PARAM_RFC2231;
	if (it.ext && it.quoted)
		p->out->flags |= YJ_PARAM_BAD;	/* RFC 2231 has no quotes */
	add_item(p, &it);
}

/* parse_items - the parameter list after the value */
static void
parse_items(struct pparser *p)
{
	bool need_sep = p->out->value[0] != '\0';
	int c;

	for (;;) {
		(void)yj_lex_skip_cfws(&p->lex, NULL);
		c = yj_lex_peek(&p->lex);
		if (c == YJ_LEX_EOF)
			return;
		if (c == ';') {
			yj_lex_next(&p->lex);
			need_sep = false;
			continue;
		}
		if (need_sep)
			p->out->flags |= YJ_PARAM_BAD;	/* ';' missing */
		parse_param(p);
		need_sep = true;
	}
}

/* percent_decode - append the %XX-decoded bytes of s to out */
static void
percent_decode(struct pparser *p, const char *s, size_t n,
    struct yj_lexbuf *out)
{
	size_t i;
	int h, l;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (h = yj_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = yj_hexval((unsigned char)s[i + 2])) >= 0) {
			yj_lexbuf_addc(out, h * 16 + l);
			i += 2;
			continue;
		}
		if (s[i] == '%')
			p->out->flags |= YJ_PARAM_BAD;
		yj_lexbuf_addc(out, (unsigned char)s[i]);
	}
}

/*
 * split_charset - "charset'lang'text": the charset (NUL-terminated copy,
 * "" if none) and where the text starts.  No quote at all: no charset.
 */
static const char *
split_charset(struct pparser *p, const struct item *it, size_t *text)
{
	const char *q1, *q2;

	q1 = memchr(it->val, '\'', it->len);
	if (q1 == NULL) {
		p->out->flags |= YJ_PARAM_BAD;
		*text = 0;
		return "";
	}
	q2 = memchr(q1 + 1, '\'', it->len - (size_t)(q1 + 1 - it->val));
	if (q2 == NULL) {
		p->out->flags |= YJ_PARAM_BAD;
		q2 = q1;
	}
	*text = (size_t)(q2 + 1 - it->val);
	return yj_arena_memdup(p->a, it->val, (size_t)(q1 - it->val));
}

/* needs_decode - encoded words, 8-bit bytes or escapes in s */
static bool
needs_decode(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || s[i] == 0x1b ||
		    (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return true;
	return false;
}

/* decode_plain - a value without RFC 2231 encoding, to UTF-8 */
static const char *
decode_plain(struct pparser *p, const char *s, size_t n)
{
	unsigned hd = 0;
	char *r;
	size_t i;

	if (needs_decode(s, n)) {
		r = yj_header_decode(p->a, s, n, &hd);
		if (hd & YJ_HD_ENCODED)
			p->out->flags |= YJ_PARAM_RFC2047;
		if (hd & (YJ_HD_CHARSET | YJ_HD_BAD_WORD))
			p->out->flags |= YJ_PARAM_CHARSET;
		return r;
	}
	r = yj_arena_memdup(p->a, s, n);
	for (i = 0; i < n; i++)
		if ((unsigned char)r[i] < 0x20 || r[i] == 0x7f) {
			r[i] = ' ';		/* NUL included */
			p->out->flags |= YJ_PARAM_BAD;
		}
	return r;
}

/* convert - RFC 2231 bytes in charset (may be "") to UTF-8 */
static const char *
convert(struct pparser *p, const char *charset, const struct yj_lexbuf *b)
{
	unsigned cs = 0;
	char *r;
	size_t i;

	r = yj_charset_to_utf8(p->a, charset, b->p, b->len, &cs, NULL);
	if (cs & (YJ_CS_ERRORS | YJ_CS_UNKNOWN | YJ_CS_MISLABEL))
		p->out->flags |= YJ_PARAM_CHARSET;
	for (i = 0; r[i] != '\0'; i++)
		if ((unsigned char)r[i] < 0x20 || r[i] == 0x7f)
			r[i] = ' ';
	return r;
}

/* decode_ext - a single name*=charset'lang'%XX */
static const char *
decode_ext(struct pparser *p, const struct item *it)
{
	const char *charset;
	size_t text;

	charset = split_charset(p, it, &text);
	yj_lexbuf_reset(&p->buf);
	percent_decode(p, it->val + text, it->len - text, &p->buf);
	return convert(p, charset, &p->buf);
}

/*
 * next_section - index of the item of this name with the smallest
 * section above after (-1 for the first); a repeat of a section number
 * is marked done and flagged
 */
static size_t
next_section(struct pparser *p, const char *name, long after)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < p->nitems; i++) {
		if (p->items[i].section <= after || p->items[i].done ||
		    strcmp(p->items[i].name, name) != 0)
			continue;
		if (best == SIZE_MAX ||
		    p->items[i].section < p->items[best].section) {
			best = i;
		} else if (p->items[i].section == p->items[best].section) {
			p->items[i].done = true;	/* a later repeat */
			p->out->flags |= YJ_PARAM_DUPLICATE;
		}
	}
	return best;
}

/* decode_sections - the continuations of name, joined then converted */
static const char *
decode_sections(struct pparser *p, const char *name)
{
	struct yj_lexbuf bytes;
	const char *charset = NULL;
	struct item *it;
	size_t i, text, total = 0;
	long after = -1;
	bool any_ext = false;

	for (i = 0; i < p->nitems; i++)
		if (strcmp(p->items[i].name, name) == 0)
			total += p->items[i].len;
	yj_lexbuf_init(p->a, &bytes, total + 1);
	while ((i = next_section(p, name, after)) != SIZE_MAX) {
		it = &p->items[i];
		it->done = true;
		if (it->section != after + 1)
			p->out->flags |= YJ_PARAM_BAD;	/* a missing segment */
		text = 0;
		if (it->ext && charset == NULL)
			charset = split_charset(p, it, &text);
		if (it->ext) {
			any_ext = true;
			percent_decode(p, it->val + text, it->len - text,
			    &bytes);
		} else {
			yj_lexbuf_add(&bytes, it->val, it->len);
		}
		if (charset == NULL)
			charset = "";
		after = it->section;
	}
	if (!any_ext)
		return decode_plain(p, bytes.p, bytes.len);
	return convert(p, charset, &bytes);
}

/* first_of - first unused item of name in one form, or NULL */
static struct item *
first_of(struct pparser *p, const char *name, bool ext)
{
	struct item *found = NULL;
	size_t i;

	for (i = 0; i < p->nitems; i++) {
		if (p->items[i].section >= 0 || p->items[i].ext != ext ||
		    strcmp(p->items[i].name, name) != 0)
			continue;
		if (found == NULL)
			found = &p->items[i];
		else
			p->out->flags |= YJ_PARAM_DUPLICATE;
		p->items[i].done = true;
	}
	return found;
}

/* has_sections - name has continuation segments */
static bool
has_sections(const struct pparser *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nitems; i++)
		if (p->items[i].section >= 0 &&
		    strcmp(p->items[i].name, name) == 0)
			return true;
	return false;
}

/*
 * decode_name - the value of one name: continuations, else name*, else
 * the plain form; disagreeing forms are flagged
 */
static const char *
decode_name(struct pparser *p, const char *name)
{
	const struct item *plain, *ext;
	const char *v = NULL, *alt;

	plain = first_of(p, name, false);
	ext = first_of(p, name, true);
	if (has_sections(p, name))
		v = decode_sections(p, name);
	if (ext != NULL) {
		alt = decode_ext(p, ext);
		if (v == NULL)
			v = alt;
		else if (strcmp(v, alt) != 0)
			p->out->flags |= YJ_PARAM_DUPLICATE;
	}
	if (plain != NULL) {
		alt = decode_plain(p, plain->val, plain->len);
		if (v == NULL)
			v = alt;
		else if (strcmp(v, alt) != 0)
			p->out->flags |= YJ_PARAM_DUPLICATE;
	}
	return v != NULL ? v : "";
}

/* decode_all - one struct yj_param per name, in first-seen order */
static void
decode_all(struct pparser *p)
{
	struct yj_params *out = p->out;
	size_t i;

	if (p->nitems == 0)
		return;
	out->v = yj_arena_allocarray(p->a, p->nitems, sizeof(*out->v));
	for (i = 0; i < p->nitems; i++) {
		if (p->items[i].done)
			continue;
		out->v[out->nr].name = p->items[i].name;
		out->v[out->nr].value = decode_name(p, p->items[i].name);
		out->nr++;
	}
}

/* yj_params_parse - value and parameters of a raw header value */
void
yj_params_parse(struct yj_arena *a, const char *raw, size_t n,
    struct yj_params *out)
{
	struct pparser p;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.out = out;
	yj_lex_init(&p.lex, raw, n);
	yj_lexbuf_init(a, &p.buf, n + 2);
	parse_type(&p);
	parse_items(&p);
	decode_all(&p);
	if (p.lex.flags & (YJ_LEX_OPEN | YJ_LEX_DEEP))
		out->flags |= YJ_PARAM_BAD;
}

/* yj_params_get - a parameter's decoded value, or NULL */
const char *
yj_params_get(const struct yj_params *ps, const char *name)
{
	size_t i;

	if (ps == NULL || name == NULL)
		return NULL;
	for (i = 0; i < ps->nr; i++)
		if (yj_str_ieq(ps->v[i].name, name))
			return ps->v[i].value;
	return NULL;
}
