/*
 * quote.c - split a body into the author's text and the quoted text
 *
 * One pass over the lines.  A separator line ends the author's text;
 * before it, '>' lines go to the quoted half and the rest to the own
 * half.  A header-block separator needs company: a From:/差出人: line
 * counts only when one of the next three lines is another header of the
 * block (Sent:, Date:, To:, Subject:, 送信日時:, 宛先:, 件名:), so that
 * "From: the accounting team" in running text does not cut the mail.
 */
#include <string.h>

#include "mail/charset.h"
#include "mail/msg.h"
#include "mail/quote.h"
#include "util/buf.h"
#include "util/str.h"

/* Whole-line prefixes that start the quoted part. */
static const char *const starts[] = {
	"-----original message", "----- original message",
	"--- original message", "-----元のメッセージ", "----- 元のメッセージ",
	"-----転送メッセージ", "----- 転送メッセージ", "-------- forwarded message",
	"---------- forwarded message", "-------- original message",
	"begin forwarded message", "----- forwarded by", NULL
};

/* Substrings of a separator line ("--------- Forwarded by X on ..."). */
static const char *const inside[] = {
	"forwarded by", "original message", "元のメッセージ",
	"転送されたメッセージ", NULL
};

/* Line endings of "On ..., X wrote:" and its Japanese forms. */
static const char *const ends[] = {
	"wrote:", "wrote :", "書きました:", "書きました：", "のメッセージ:",
	"のメッセージ：", "wrote:>", NULL
};

/* Headers that open a quoted header block, and those that follow. */
static const char *const block_first[] = { "from:", "差出人:", "送信者:",
	"差出人：", "to:", NULL };
static const char *const block_next[] = { "sent:", "date:", "to:",
	"subject:", "cc:", "送信日時:", "宛先:", "件名:", "日時:", "送信日時：",
	"宛先：", "件名：", NULL };

/* line_at - the line starting at p: its length without the break */
static size_t
line_len(const char *p, const char *end)
{
	const char *e = memchr(p, '\n', (size_t)(end - p));
	size_t n = e != NULL ? (size_t)(e - p) : (size_t)(end - p);

	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

/* trimmed - skip leading blanks of a line */
static const char *
trimmed(const char *p, size_t *n)
{
	while (*n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		(*n)--;
	}
	return p;
}

/* iprefix_in - the line starts with an entry of list, without case */
static bool
iprefix_in(const char *p, size_t n, const char *const *list)
{
	size_t i, k;

	for (i = 0; list[i] != NULL; i++) {
		k = strlen(list[i]);
		if (n >= k && yj_str_ieqn(p, list[i], k))
			return true;
	}
	return false;
}

/*
 * notes_org_line - "Name @ ORGANISATION   09/19/2000 01:23 PM": Notes'
 * other heading, a date with a time of day after an "@"
 */
static bool
notes_org_line(const char *p, size_t n)
{
	const char *at = memchr(p, '@', n), *q;
	size_t i, left;

	if (at == NULL || (yj_memimem(p, n, " am", 3) == NULL &&
	    yj_memimem(p, n, " pm", 3) == NULL))
		return false;
	for (q = at; (size_t)(q - p) + 10 <= n; q++) {
		left = n - (size_t)(q - p);
		for (i = 0; i < 10 && i < left; i++)
			if (!(i == 2 || i == 5 ? q[i] == '/' :
			    q[i] >= '0' && q[i] <= '9'))
				break;
		if (i == 10)
			return true;	/* NN/NN/NNNN */
	}
	return false;
}

/*
 * notes_line - Lotus Notes' "X <x@y> on 04/05/2001 03:53:20 PM" (or
 * "x@y on 04/05/2001 ...", or "X @ ORG    09/19/2000 01:23 PM"), which
 * opens a quoted message there
 */
static bool
notes_line(const char *p, size_t n)
{
	const char *on = yj_memimem(p, n, " on ", 4), *q;
	size_t left;

	if (on == NULL)
		return notes_org_line(p, n);
	if (memchr(p, '@', (size_t)(on - p)) == NULL)
		return false;
	q = on + 4;
	left = n - (size_t)(q - p);
	if (left < 8 || !(*q >= '0' && *q <= '9'))
		return false;
	while (left > 0 && *q >= '0' && *q <= '9') {
		q++;
		left--;
	}
	return left > 0 && *q == '/';
}

/* is_separator_line - a line that starts the quoted part by itself */
static bool
is_separator_line(const char *p, size_t n)
{
	size_t i, k;

	p = trimmed(p, &n);
	if (notes_line(p, n))
		return true;
	if (iprefix_in(p, n, starts))
		return true;
	if (n >= 5 && strncmp(p, "-----", 5) == 0)
		for (i = 0; inside[i] != NULL; i++)
			if (yj_memimem(p, n, inside[i], strlen(inside[i])))
				return true;
	for (i = 0; ends[i] != NULL; i++) {
		k = strlen(ends[i]);
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n >= k && yj_str_ieqn(p + n - k, ends[i], k))
			return true;
	}
	return false;
}

/* next_line - the start of the line after the one at p, or end */
static const char *
next_line(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl != NULL ? nl + 1 : end;
}

/* is_block_start - From: followed by another header of the block */
static bool
is_block_start(const char *p, const char *end)
{
	size_t n = line_len(p, end), seen = 0;
	const char *q;

	q = trimmed(p, &n);
	if (!iprefix_in(q, n, block_first))
		return false;
	for (p = next_line(p, end); p < end && seen < 3;
	    p = next_line(p, end)) {
		n = line_len(p, end);
		q = trimmed(p, &n);
		if (n == 0)
			continue;
		if (iprefix_in(q, n, block_next))
			return true;
		seen++;
	}
	return false;
}

/* yj_quote_split - own text and quoted text */
void
yj_quote_split(struct yj_arena *a, const char *text, size_t len,
    struct yj_quote *out)
{
	const char *p = text, *end = text + len, *q;
	struct yj_buf own, quoted;
	size_t n, line = 0;
	bool in_quote = false;

	memset(out, 0, sizeof(*out));
	yj_buf_init(&own, len + 1);
	yj_buf_init(&quoted, len + 1);
	for (; p < end; p = q < end ? q + 1 : end) {
		n = line_len(p, end);
		q = memchr(p, '\n', (size_t)(end - p));
		if (q == NULL)
			q = end;
		line++;
		if (!in_quote && (is_separator_line(p, n) ||
		    is_block_start(p, end))) {
			in_quote = true;
			out->separator_line = line;
		}
		if (in_quote || (n > 0 && *p == '>')) {
			while (n > 0 && (*p == '>' || *p == ' ')) {
				p++;
				n--;
			}
			(void)!yj_buf_add(&quoted, p, n);
			(void)!yj_buf_addc(&quoted, '\n');
		} else {
			(void)!yj_buf_add(&own, p, n);
			(void)!yj_buf_addc(&own, '\n');
		}
	}
	out->own = yj_arena_memdup(a, yj_buf_cstr(&own), own.len);
	out->own_len = own.len;
	out->quoted = yj_arena_memdup(a, yj_buf_cstr(&quoted), quoted.len);
	out->quoted_len = quoted.len;
	yj_buf_release(&own);
	yj_buf_release(&quoted);
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
	const char *end, *p, *start, *e;
	size_t lines = 0, n;

	if (own == NULL)
		return "";
	end = own + strlen(own);
	start = end;
	p = end;
	while (p > own && lines < max_lines) {
		e = p;
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

/* yj_quote_msg_signature - the signature of the first main text */
const char *
yj_quote_msg_signature(struct yj_arena *a, const struct yj_msg *m,
    size_t max_lines)
{
	const struct yj_text *t;
	struct yj_quote q;
	const char *own;
	size_t i;

	for (i = 0; i < m->ntexts; i++) {
		t = &m->texts[i];
		if (t->flags & (YJ_TEXT_ALTERNATIVE | YJ_TEXT_ATTACHMENT |
		    YJ_TEXT_NESTED))
			continue;
		yj_quote_split(a, t->text, t->len, &q);
		own = yj_quote_signature(a, q.own, max_lines);
		return yj_nfkc_casefold(a, own, strlen(own));
	}
	return "";
}
