/*
 * arena.h - per-message bump allocator
 *
 * Everything derived from one message (decoded headers, addresses, text,
 * attachment bytes, findings) is allocated from that message's arena and
 * freed at once with yj_arena_free() at end of message, abort or close
 * (rspamd mempool).  Nothing allocated here is ever freed on its own.
 *
 * Allocation never fails (see util/alloc.h); the size of what a message
 * may put here is bounded by util/limits.h, not by the arena.
 * Memory is aligned for any scalar type.
 *
 * Thread safety: an arena belongs to one thread at a time.
 */
#ifndef YJ_UTIL_ARENA_H
#define YJ_UTIL_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct yj_arena;

struct yj_arena	*yj_arena_new(void);
void		 yj_arena_free(struct yj_arena *);

/* yj_arena_alloc - size bytes of zeroed memory */
void	*yj_arena_alloc(struct yj_arena *, size_t size);

/* yj_arena_allocarray - nmemb * size zeroed bytes, overflow checked */
void	*yj_arena_allocarray(struct yj_arena *, size_t nmemb, size_t size);

/* yj_arena_grow - copy an array of old_n elements into room for new_n */
void	*yj_arena_grow(struct yj_arena *, const void *old, size_t old_n,
	    size_t new_n, size_t size);

/* yj_arena_memdup - copy n bytes and add a NUL after them */
char	*yj_arena_memdup(struct yj_arena *, const void *p, size_t n);
char	*yj_arena_strdup(struct yj_arena *, const char *s);
char	*yj_arena_printf(struct yj_arena *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
char	*yj_arena_vprintf(struct yj_arena *, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));

/* yj_arena_used - bytes handed out so far (for limits and benchmarks) */
size_t	 yj_arena_used(const struct yj_arena *);

#endif /* YJ_UTIL_ARENA_H */
