/*
 * alloc.c - allocation wrappers that abort on exhaustion
 *
 * The only file in the tree that calls malloc/calloc/realloc/free.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"

/* oom - report exhaustion without allocating and abort */
static void __attribute__((noreturn))
oom(size_t size)
{
	char msg[96];
	int n;

	n = snprintf(msg, sizeof(msg),
	    "yojin: out of memory allocating %zu bytes\n", size);
	if (n > 0)
		(void)!write(STDERR_FILENO, msg, (size_t)n);
	abort();
}

/* yj_xmalloc - malloc that never fails */
void *
yj_xmalloc(size_t size)
{
	void *p;

	p = malloc(size ? size : 1);
	if (p == NULL)
		oom(size);
	return p;
}

/* yj_xcalloc - calloc that never fails */
void *
yj_xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (p == NULL)
		oom(size);
	return p;
}

/* yj_xrealloc - realloc that never fails */
void *
yj_xrealloc(void *ptr, size_t size)
{
	void *p;

	p = realloc(ptr, size ? size : 1);
	if (p == NULL)
		oom(size);
	return p;
}

/* yj_xmallocarray - allocate nmemb * size bytes, checking the product */
void *
yj_xmallocarray(size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return yj_xmalloc(nmemb * size);
}

/* yj_xreallocarray - resize to nmemb * size bytes, checking the product */
void *
yj_xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return yj_xrealloc(ptr, nmemb * size);
}

/* yj_xstrdup - strdup that never fails */
char *
yj_xstrdup(const char *s)
{
	return yj_xmemdup(s, strlen(s) + 1);
}

/* yj_xstrndup - copy at most n bytes of s and terminate */
char *
yj_xstrndup(const char *s, size_t n)
{
	size_t len;
	char *p;

	len = strnlen(s, n);
	p = yj_xmalloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* yj_xmemdup - copy n bytes */
void *
yj_xmemdup(const void *src, size_t n)
{
	void *p;

	p = yj_xmalloc(n);
	if (n)
		memcpy(p, src, n);
	return p;
}

/* yj_free - release memory from the wrappers above */
void
yj_free(void *ptr)
{
	free(ptr);
}

/* yj_xasprintf - format into fresh memory */
char *
yj_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&p, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom(0);
	return p;
}
