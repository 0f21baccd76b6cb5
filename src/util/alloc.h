/*
 * alloc.h - allocation that never returns NULL
 *
 * Every allocation in yojin goes through these wrappers.  Running out of
 * memory is not a condition the per-message code can recover from, so the
 * wrappers abort with a message instead of returning NULL (Postfix
 * mymalloc, Redis zmalloc).  Hostile input is stopped long before by the
 * limits in util/limits.h.
 *
 * yj_xmallocarray() and yj_xreallocarray() check the multiplication for
 * overflow before allocating.  yj_free(NULL) is a no-op.
 *
 * Thread safety: all functions are safe to call from any thread.
 */
#ifndef YJ_UTIL_ALLOC_H
#define YJ_UTIL_ALLOC_H

#include <stddef.h>

void	*yj_xmalloc(size_t size);
void	*yj_xcalloc(size_t nmemb, size_t size);
void	*yj_xrealloc(void *ptr, size_t size);
void	*yj_xmallocarray(size_t nmemb, size_t size);
void	*yj_xreallocarray(void *ptr, size_t nmemb, size_t size);
char	*yj_xstrdup(const char *s);
char	*yj_xstrndup(const char *s, size_t n);
void	*yj_xmemdup(const void *p, size_t n);
void	 yj_free(void *ptr);

/* yj_xasprintf - formatted string in fresh heap memory; free with yj_free */
char	*yj_xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

#endif /* YJ_UTIL_ALLOC_H */
