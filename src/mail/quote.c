/*
 * quote.c - own text, quoted text, signature
 *
 * Line by line: a quotation header ends the own text for good (the rest
 * is the earlier mail, whatever its markers), a "> " line is quoted in
 * place.  Headers are recognised on the line as the reader sees it,
 * after leading white space; the "wrote:" forms may be wrapped by the
 * client, so a line ending in "wrote:" or "書きました:" counts alone.
 */
#include <string.h>

#include "mail/quote.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/str.h"

/* starts - line begins with prefix (ASCII case-insensitive) */
static bool
starts(const char *l, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);

	return n >= m && yj_str_ieqn(l, prefix, m);
}

/* ends - line ends with suffix, trailing white space ignored */
static bool
ends(const char *l, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	while (n > 0 && yj_ascii_isspace((unsigned char)l[n - 1]))
		n--;
	return n >= m && yj_str_ieqn(l + n - m, suffix, m);
}

/* contains - line holds s */
static bool
contains(const char *l, size_t n, const char *s)
{
	return yj_memimem(l, n, s, strlen(s)) != NULL;
}

/* underscores - leading '_' of l[0..n) (Outlook web's separator) */
static size_t
underscores(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && l[i] == '_')
		i++;
	return i;
}

/* is_header - a line that starts the quoted earlier mail */
static bool
is_header(const char *l, size_t n, const char *next, size_t nn)
{
	while (n > 0 && (*l == ' ' || *l == '\t')) {
		l++;
		n--;
	}
	if (n == 0)
		return false;
	if (starts(l, n, "-----") && (contains(l, n, "original message") ||
	    contains(l, n, "元のメッセージ") || contains(l, n, "転送") ||
	    contains(l, n, "forwarded message") ||
	    contains(l, n, "original")))
		return true;
	if (starts(l, n, "---------- forwarded") ||
	    starts(l, n, "begin forwarded message") ||
	    (starts(l, n, "---") && contains(l, n, "forwarded by")))
		return true;
	if (n >= 20 && underscores(l, n) >= 20)
		return true;
	if (ends(l, n, "wrote:") || ends(l, n, "書きました:") ||
	    ends(l, n, "書きました：") || ends(l, n, "のメッセージ:") ||
	    ends(l, n, "からのメッセージ:"))
		return true;
	if ((starts(l, n, "from:") || starts(l, n, "差出人:") ||
	    starts(l, n, "差出人：")) && next != NULL &&
	    (starts(next, nn, "sent:") || starts(next, nn, "date:") ||
	    starts(next, nn, "to:") || starts(next, nn, "送信日時:") ||
	    starts(next, nn, "送信日時：") || starts(next, nn, "日付:") ||
	    starts(next, nn, "宛先:")))
		return true;
	/*
	 * Lotus Notes: "Name <addr> on 05/16/2001 05:30:21 PM" or
	 * "Name @ ORG    09/19/2000 01:23 PM", then "To:"
	 */
	if (next != NULL && (starts(next, nn, "to:") ||
	    starts(next, nn, "宛先:")) && (contains(l, n, "/20") ||
	    contains(l, n, "/19")) && (contains(l, n, " am") ||
	    contains(l, n, " pm") || contains(l, n, " on ")))
		return true;
	return false;
}

/* blank_line - l[0..n) is white space only */
static bool
blank_line(const char *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!yj_ascii_isspace((unsigned char)l[i]))
			return false;
	return true;
}

/*
 * next_line - the next non-blank line after p (Notes leaves a blank line
 * between its "Name ... date" line and "To:"), its length in *nn; NULL
 * at the end or after two blank lines
 */
static const char *
next_line(const char *p, const char *end, size_t *nn)
{
	const char *e = memchr(p, '\n', (size_t)(end - p));
	int blanks = 0;

	while (e != NULL && e + 1 < end) {
		p = e + 1;
		e = memchr(p, '\n', (size_t)(end - p));
		*nn = e ? (size_t)(e - p) : (size_t)(end - p);
		if (!blank_line(p, *nn))
			return p;
		if (++blanks == 2)
			break;
	}
	return NULL;
}

/* split - own (want_quoted false) or quoted part */
static const char *
split(struct yj_arena *a, const char *text, size_t n, bool want_quoted)
{
	const char *p = text, *end = text + n, *e, *nx;
	struct yj_buf b;
	const char *out;
	bool quoted_rest = false;
	size_t len, nn = 0;

	yj_buf_init(&b, YJ_LIM_TEXT_PART + 1);
	while (p < end) {
		e = memchr(p, '\n', (size_t)(end - p));
		len = e ? (size_t)(e - p) : (size_t)(end - p);
		nx = next_line(p, end, &nn);
		if (!quoted_rest && is_header(p, len, nx, nn))
			quoted_rest = true;
		if (quoted_rest || (len > 0 && (*p == '>' || starts(p, len,
		    " >")))) {
			if (want_quoted && (yj_buf_add(&b, p, len) ||
			    yj_buf_addc(&b, '\n')))
				break;
		} else if (!want_quoted && (yj_buf_add(&b, p, len) ||
		    yj_buf_addc(&b, '\n')))
			break;
		p = e ? e + 1 : end;
	}
	out = yj_arena_memdup(a, yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	return out;
}

/* yj_quote_own - the sender's own words */
const char *
yj_quote_own(struct yj_arena *a, const char *text, size_t n)
{
	if (text == NULL)
		return "";
	return split(a, text, n, false);
}

/* yj_quote_quoted - the quoted part */
const char *
yj_quote_quoted(struct yj_arena *a, const char *text, size_t n)
{
	if (text == NULL)
		return "";
	return split(a, text, n, true);
}

/* blank - a line of white space only */
static bool
blank(const char *l, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!yj_ascii_isspace((unsigned char)l[i]))
			return false;
	return true;
}

/* yj_quote_signature - the last non-empty lines */
const char *
yj_quote_signature(struct yj_arena *a, const char *own, size_t max_lines)
{
	const char *end, *p, *start;
	size_t lines = 0, n;

	if (own == NULL)
		return "";
	end = own + strlen(own);
	start = end;
	p = end;
	while (p > own && lines < max_lines) {
		const char *e = p;

		while (p > own && p[-1] != '\n')
			p--;
		n = (size_t)(e - p);
		if (n > 0 && p[n - 1] == '\n')
			n--;
		if (!blank(p, n)) {
			lines++;
			start = p;
		}
		if (p > own)
			p--;
	}
	return yj_arena_memdup(a, start, (size_t)(end - start));
}
