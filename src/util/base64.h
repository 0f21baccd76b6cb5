/*
 * base64.h - RFC 4648 base64 (standard alphabet, padded)
 *
 * For storing bytes where only text fits (the store takes UTF-8 text
 * without NUL).  Encoding never fails; decoding skips white space (so
 * wrapped input reads) and refuses any other character outside the
 * alphabet, or padding in the wrong place, with YJ_EINVAL.
 *
 * Ownership: results in the arena, NUL-terminated.
 * Thread safety: reentrant.
 */
#ifndef YJ_UTIL_BASE64_H
#define YJ_UTIL_BASE64_H

#include <stddef.h>

#include "util/arena.h"

/* yj_base64_encode - one line of base64 for p[0..n) */
char	*yj_base64_encode(struct yj_arena *, const void *p, size_t n);

/* yj_base64_decode - bytes of s into *outp (NUL added), length *np */
int	 yj_base64_decode(struct yj_arena *, const char *s,
	    unsigned char **outp, size_t *np);

#endif /* YJ_UTIL_BASE64_H */
