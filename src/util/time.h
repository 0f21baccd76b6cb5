/*
 * time.h - wall-clock time as seconds since the epoch, ISO 8601 in and out
 *
 * yj_time_now() reads the clock, unless the environment variable
 * YOJIN_NOW holds an ISO 8601 time: then that time is returned, so that
 * tests and report drafts can be reproduced.  Parsing accepts
 * "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with "Z" or "+HH:MM"/"+HHMM";
 * a time without a zone is taken as UTC.
 *
 * Thread safety: all functions are reentrant (no localtime/gmtime).
 */
#ifndef YJ_UTIL_TIME_H
#define YJ_UTIL_TIME_H

#include <stdint.h>

int64_t	yj_time_now(void);
/* yj_time_monotonic_ms - a clock for deadlines and benchmarks */
int64_t	yj_time_monotonic_ms(void);

/* yj_time_parse - 0 or YJ_EINVAL; *tzoff gets the zone in minutes */
int	yj_time_parse(const char *s, int64_t *t, int *tzoff);
/* yj_time_format - "YYYY-MM-DDTHH:MM:SS+HH:MM" (or Z) into buf[32] */
void	yj_time_format(int64_t t, int tzoff, char buf[32]);
/* yj_date_format - "YYYY-MM-DD" of t in zone tzoff into buf[16] */
void	yj_date_format(int64_t t, int tzoff, char buf[16]);

/* Civil calendar (proleptic Gregorian), days since 1970-01-01. */
int64_t	yj_days_from_civil(int y, int m, int d);
void	yj_civil_from_days(int64_t z, int *y, int *m, int *d);
/* yj_weekday - 0 = Sunday ... 6 = Saturday */
int	yj_weekday(int64_t days);

#endif /* YJ_UTIL_TIME_H */
