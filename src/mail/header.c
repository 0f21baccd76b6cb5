/*
 * header.c - header block splitting
 *
 * One pass over the bytes, no allocation: each field is handed to the
 * callback as pointers into the input.
 */
#include <string.h>

#include "mail/header.h"
#include "util/limits.h"

/* line_end - offset just after the line starting at i */
static size_t
line_end(const char *s, size_t len, size_t i)
{
	const char *nl;

	nl = memchr(s + i, '\n', len - i);
	return nl != NULL ? (size_t)(nl - s) + 1 : len;
}

/* is_blank_line - the line at i is empty (LF or CRLF) */
static int
is_blank_line(const char *s, size_t len, size_t i)
{
	return (i < len && s[i] == '\n') ||
	    (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n') ||
	    (i + 1 == len && s[i] == '\r');
}

/* field_name - length of a field name at i, with ':' at i+n(+ws); 0 if none */
static size_t
field_name(const char *s, size_t len, size_t i, size_t *colon)
{
	size_t j = i, k;

	while (j < len && (unsigned char)s[j] > 32 &&
	    (unsigned char)s[j] < 127 && s[j] != ':')
		j++;
	if (j == i)
		return 0;
	k = j;
	while (k < len && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (k >= len || s[k] != ':')
		return 0;
	*colon = k;
	return j - i;
}

/* trim_eol - length of s[i..j) without its final CRLF/LF */
static size_t
trim_eol(const char *s, size_t i, size_t j)
{
	if (j > i && s[j - 1] == '\n')
		j--;
	if (j > i && s[j - 1] == '\r')
		j--;
	return j - i;
}

/* yj_header_split - walk the header block */
size_t
yj_header_split(const char *raw, size_t len, yj_hfield_fn fn, void *arg,
    unsigned *flagsp)
{
	struct yj_hfield f;
	unsigned flags = 0;
	size_t i = 0, colon, nlen, end, count = 0;
	int stop = 0;

	if (len >= 5 && memcmp(raw, "From ", 5) == 0) {
		i = line_end(raw, len, 0);
		flags |= YJ_HS_MBOX_FROM;
	}
	while (i < len) {
		if (is_blank_line(raw, len, i)) {
			i = line_end(raw, len, i);
			*flagsp |= flags;
			return i;
		}
		nlen = field_name(raw, len, i, &colon);
		if (nlen == 0) {
			flags |= count == 0 ? YJ_HS_NOT_MAIL : YJ_HS_SYNTAX;
			*flagsp |= flags;
			return i;
		}
		end = line_end(raw, len, i);
		while (end < len && (raw[end] == ' ' || raw[end] == '\t'))
			end = line_end(raw, len, end);
		if (++count > YJ_LIM_HEADERS)
			flags |= YJ_HS_TOO_MANY;
		f.name = raw + i;
		f.name_len = nlen;
		f.value = raw + colon + 1;
		f.value_len = trim_eol(raw, colon + 1, end);
		if (f.value_len > YJ_LIM_HEADER_SIZE)
			flags |= YJ_HS_TOO_LONG;
		if (!stop && fn != NULL && fn(&f, arg) != 0)
			stop = 1;
		i = end;
	}
	flags |= YJ_HS_NO_BODY;
	*flagsp |= flags;
	return len;
}
