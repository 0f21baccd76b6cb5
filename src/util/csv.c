/*
 * csv.c - a small CSV record reader
 *
 * One pass per record: fields are copied, unquoted, into a buffer owned
 * by the reader (so the caller gets NUL-terminated strings) and the
 * field pointers are set at the end, once the buffer can no longer move.
 * Line numbers count every LF, including those inside quoted fields, so
 * a report names the line an editor shows.
 */
#include <string.h>

#include "util/alloc.h"
#include "util/csv.h"

/* yj_csv_init - a reader over data */
void
yj_csv_init(struct yj_csv *c, const char *data, size_t n)
{
	memset(c, 0, sizeof(*c));
	c->p = data;
	c->end = data + n;
	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		c->p += 3;
	c->bufsz = 4096;
	c->buf = yj_xmalloc(c->bufsz);
	c->next_line = 1;
}

/* yj_csv_release - free the buffer */
void
yj_csv_release(struct yj_csv *c)
{
	yj_free(c->buf);
	c->buf = NULL;
}

/* put - append one byte to the record buffer, within the limit */
static void
put(struct yj_csv *c, size_t *len, char ch)
{
	if (*len + 2 > YJ_CSV_MAX_RECORD) {
		c->flags |= YJ_CSV_TOO_LONG;
		return;
	}
	if (*len + 2 > c->bufsz) {
		c->bufsz *= 2;
		c->buf = yj_xrealloc(c->buf, c->bufsz);
	}
	c->buf[(*len)++] = ch;
}

/* terminate - a NUL after the field; always fits (put keeps room) */
static void
terminate(struct yj_csv *c, size_t *len)
{
	if (*len + 1 > c->bufsz) {
		c->bufsz *= 2;
		c->buf = yj_xrealloc(c->buf, c->bufsz);
	}
	c->buf[(*len)++] = '\0';
}

/* end_field - close the current field, or join into the last one */
static void
end_field(struct yj_csv *c, size_t *len, size_t *starts, size_t *nstarts,
    size_t start)
{
	if (*nstarts < YJ_CSV_MAX_FIELDS) {
		starts[(*nstarts)++] = start;
		terminate(c, len);
	} else {
		c->flags |= YJ_CSV_TOO_MANY;
		put(c, len, ',');
	}
}

/* quoted - read a quoted field's content after its opening quote */
static void
quoted(struct yj_csv *c, size_t *len)
{
	while (c->p < c->end) {
		if (*c->p == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				put(c, len, '"');
				c->p += 2;
				continue;
			}
			c->p++;
			return;
		}
		if (*c->p == '\n')
			c->next_line++;
		put(c, len, *c->p++);
	}
	c->flags |= YJ_CSV_UNTERMINATED;
}

/* yj_csv_next - parse one record */
bool
yj_csv_next(struct yj_csv *c)
{
	size_t starts[YJ_CSV_MAX_FIELDS], nstarts = 0, len = 0, start = 0, i;
	bool at_start = true;

	if (c->p >= c->end)
		return false;
	c->flags = 0;
	c->line = c->next_line;
	while (c->p < c->end && *c->p != '\n') {
		if (*c->p == '"' && at_start) {
			c->p++;
			quoted(c, &len);
			at_start = false;
		} else if (*c->p == ',') {
			c->p++;
			end_field(c, &len, starts, &nstarts, start);
			start = len;
			at_start = true;
		} else {
			if (*c->p == '"')
				c->flags |= YJ_CSV_BAD_QUOTE;
			if (!(*c->p == '\r' && (c->p + 1 == c->end ||
			    c->p[1] == '\n')))
				put(c, &len, *c->p);
			c->p++;
			at_start = false;
		}
	}
	if (c->p < c->end) {
		c->p++;
		c->next_line++;
	}
	end_field(c, &len, starts, &nstarts, start);
	c->nfields = nstarts;
	for (i = 0; i < nstarts; i++)
		c->field[i] = c->buf + starts[i];
	return true;
}
