/*
 * str.h - small string helpers that know nothing of mail
 *
 * ASCII-only case folding (never locale-dependent), bounded searches,
 * UTF-8 validation and repair, and a string vector.  Functions that take
 * (p, n) do not need NUL-terminated input.
 *
 * Ownership: functions taking an arena allocate their result there.
 * Thread safety: no shared state.
 */
#ifndef YJ_UTIL_STR_H
#define YJ_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

static inline int
yj_ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

static inline bool
yj_ascii_isspace(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\f' || c == '\v';
}

/* yj_hexval - value of a hex digit, -1 if c is not one */
static inline int
yj_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

bool	 yj_str_ieq(const char *a, const char *b);
bool	 yj_str_ieqn(const char *a, const char *b, size_t n);
bool	 yj_str_iprefix(const char *s, const char *prefix);
bool	 yj_str_isuffix(const char *s, const char *suffix);
const char *yj_memimem(const char *h, size_t hn, const char *n, size_t nn);
const char *yj_strcasestr(const char *h, const char *n);

/* yj_str_lower - ASCII lower-case copy in the arena */
char	*yj_str_lower(struct yj_arena *, const char *s);
/* yj_str_trim - copy without leading and trailing ASCII white space */
char	*yj_str_trim(struct yj_arena *, const char *p, size_t n);

/* yj_utf8_valid - true if p[0..n) is well-formed UTF-8 */
bool	 yj_utf8_valid(const char *p, size_t n);
/*
 * yj_utf8_repair - copy p[0..n) with every ill-formed sequence replaced by
 * U+FFFD and NUL bytes dropped; the result is valid UTF-8
 */
char	*yj_utf8_repair(struct yj_arena *, const char *p, size_t n);
/* yj_utf8_decode - next code point at *pp (advanced); -1 when ill-formed */
long	 yj_utf8_decode(const char **pp, const char *end);
/* yj_utf8_encode - write cp into out (4 bytes room); returns length */
size_t	 yj_utf8_encode(unsigned long cp, char *out);

/*
 * yj_fmt_grouped - n (negative taken as 0) with thousands separators,
 * "1,500", into buf; returns buf
 */
#define YJ_GROUPED_MAX	28
char	*yj_fmt_grouped(long long n, char buf[YJ_GROUPED_MAX]);

/* yj_parse_uint - whole-string unsigned decimal with upper bound */
int	 yj_parse_uint(const char *s, unsigned long max, unsigned long *out);

/*
 * A growable vector of strings in an arena.  v[nr] is always NULL.
 */
struct yj_strvec {
	const char	**v;
	size_t		  nr;
	size_t		  alloc;
};

void	 yj_strvec_push(struct yj_arena *, struct yj_strvec *, const char *s);
bool	 yj_strvec_has(const struct yj_strvec *, const char *s);
bool	 yj_strvec_ihas(const struct yj_strvec *, const char *s);

#endif /* YJ_UTIL_STR_H */
