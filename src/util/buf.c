/*
 * buf.c - bounded growable buffer
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"

/* yj_buf_init - empty buffer that may hold at most max bytes */
void
yj_buf_init(struct yj_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

/* yj_buf_release - free the contents; the buffer can be reused */
void
yj_buf_release(struct yj_buf *b)
{
	yj_free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/* yj_buf_reset - forget the contents, keep the memory */
void
yj_buf_reset(struct yj_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* yj_buf_detach - hand the contents to the caller */
char *
yj_buf_detach(struct yj_buf *b, size_t *lenp)
{
	char *p;

	p = b->data != NULL ? b->data : yj_xstrdup("");
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return p;
}

/* reserve - make room for n more bytes plus the NUL */
static int
reserve(struct yj_buf *b, size_t n)
{
	size_t want, cap;

	if (n > b->max || b->len > b->max - n)
		return YJ_ETOOBIG;
	want = b->len + n + 1;
	if (want <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap = cap > (SIZE_MAX / 2) ? want : cap * 2;
	b->data = yj_xrealloc(b->data, cap);
	b->cap = cap;
	return 0;
}

/* yj_buf_add - append n bytes */
int
yj_buf_add(struct yj_buf *b, const void *p, size_t n)
{
	int rc;

	rc = reserve(b, n);
	if (rc != 0)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/* yj_buf_adds - append a C string */
int
yj_buf_adds(struct yj_buf *b, const char *s)
{
	return yj_buf_add(b, s, strlen(s));
}

/* yj_buf_addc - append one byte */
int
yj_buf_addc(struct yj_buf *b, int c)
{
	unsigned char ch;

	ch = (unsigned char)c;
	return yj_buf_add(b, &ch, 1);
}

/* yj_buf_vaddf - append formatted text */
int
yj_buf_vaddf(struct yj_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n, rc;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return YJ_EINVAL;
	rc = reserve(b, (size_t)n);
	if (rc != 0)
		return rc;
	(void)vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

/* yj_buf_addf - append formatted text */
int
yj_buf_addf(struct yj_buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = yj_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

/* yj_buf_cstr - contents as a C string */
const char *
yj_buf_cstr(const struct yj_buf *b)
{
	return b->data != NULL ? b->data : "";
}
