/*
 * buf.h - growable byte buffer with a mandatory maximum (curl dynbuf)
 *
 * A struct yj_buf holds len bytes at data, always followed by a NUL so
 * that text can be used as a C string.  Every buffer is given a maximum
 * when it is initialised; an append that would pass it returns
 * YJ_ETOOBIG and leaves the buffer as it was.
 *
 * Ownership: the buffer owns data (heap).  yj_buf_release() frees it;
 * yj_buf_detach() hands it to the caller, who frees it with yj_free().
 *
 * Thread safety: a buffer belongs to one thread at a time.
 */
#ifndef YJ_UTIL_BUF_H
#define YJ_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct yj_buf {
	char	*data;		/* len bytes + NUL; NULL until first append */
	size_t	 len;		/* bytes stored */
	size_t	 cap;		/* bytes allocated */
	size_t	 max;		/* largest len allowed */
};

void	 yj_buf_init(struct yj_buf *, size_t max);
void	 yj_buf_release(struct yj_buf *);
void	 yj_buf_reset(struct yj_buf *);
char	*yj_buf_detach(struct yj_buf *, size_t *lenp);

/* Appends: 0, or YJ_ETOOBIG with the buffer unchanged. */
int	 yj_buf_add(struct yj_buf *, const void *p, size_t n)
	    __attribute__((warn_unused_result));
int	 yj_buf_adds(struct yj_buf *, const char *s)
	    __attribute__((warn_unused_result));
int	 yj_buf_addc(struct yj_buf *, int c)
	    __attribute__((warn_unused_result));
int	 yj_buf_addf(struct yj_buf *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), warn_unused_result));
int	 yj_buf_vaddf(struct yj_buf *, const char *fmt, va_list)
	    __attribute__((format(printf, 2, 0), warn_unused_result));

/* yj_buf_cstr - the contents as a C string ("" when empty) */
const char *yj_buf_cstr(const struct yj_buf *);

#endif /* YJ_UTIL_BUF_H */
