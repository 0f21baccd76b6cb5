/*
 * time.c - epoch seconds, civil dates and ISO 8601
 *
 * The civil-date conversions are Howard Hinnant's days_from_civil and
 * civil_from_days algorithms: exact for any year, no table, no libc time
 * zone state, so they are safe on milter threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/error.h"
#include "util/time.h"

/* yj_days_from_civil - days since 1970-01-01 of y-m-d */
int64_t
yj_days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* yj_civil_from_days - y-m-d of a day number */
void
yj_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* yj_weekday - day of week, Sunday = 0 */
int
yj_weekday(int64_t days)
{
	return (int)(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

/* digits - read exactly n decimal digits */
static int
digits(const char **sp, int n, int *out)
{
	int v = 0;

	while (n-- > 0) {
		if (**sp < '0' || **sp > '9')
			return -1;
		v = v * 10 + (**sp - '0');
		(*sp)++;
	}
	*out = v;
	return 0;
}

/* parse_zone - "Z", "+HH:MM", "+HHMM", "+HH" or nothing (UTC) */
static int
parse_zone(const char *s, int *tzoff)
{
	int sign, hh, mm = 0;

	if (*s == '\0' || strcmp(s, "Z") == 0 || strcmp(s, "z") == 0) {
		*tzoff = 0;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (digits(&s, 2, &hh) < 0)
		return -1;
	if (*s == ':')
		s++;
	if (*s != '\0' && digits(&s, 2, &mm) < 0)
		return -1;
	if (*s != '\0' || hh > 14 || mm > 59)
		return -1;
	*tzoff = sign * (hh * 60 + mm);
	return 0;
}

/* yj_time_parse - ISO 8601 subset to epoch seconds */
int
yj_time_parse(const char *s, int64_t *t, int *tzoff)
{
	int y, mo, d, h = 0, mi = 0, se = 0, off;
	int64_t days;

	if (digits(&s, 4, &y) < 0 || *s++ != '-' || digits(&s, 2, &mo) < 0 ||
	    *s++ != '-' || digits(&s, 2, &d) < 0)
		return YJ_EINVAL;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		s++;
		if (digits(&s, 2, &h) < 0 || *s++ != ':' ||
		    digits(&s, 2, &mi) < 0)
			return YJ_EINVAL;
		if (*s == ':') {
			s++;
			if (digits(&s, 2, &se) < 0)
				return YJ_EINVAL;
		}
	}
	if (parse_zone(s, &off) < 0)
		return YJ_EINVAL;
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 60)
		return YJ_EINVAL;
	days = yj_days_from_civil(y, mo, d);
	{
		int cy, cm, cd;

		yj_civil_from_days(days, &cy, &cm, &cd);
		if (cd != d || cm != mo)
			return YJ_EINVAL;	/* 2026-02-30 */
	}
	*t = days * 86400 + h * 3600 + mi * 60 + se - (int64_t)off * 60;
	if (tzoff != NULL)
		*tzoff = off;
	return 0;
}

/* yj_time_format - ISO 8601 with zone */
void
yj_time_format(int64_t t, int tzoff, char buf[32])
{
	int64_t local, days, secs;
	int y, m, d, a;

	local = t + (int64_t)tzoff * 60;
	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	secs = local - days * 86400;
	yj_civil_from_days(days, &y, &m, &d);
	/* The modulos bound every field for the compiler and the buffer. */
	if (tzoff == 0) {
		snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ",
		    (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u,
		    (unsigned)(secs / 3600) % 100u,
		    (unsigned)(secs / 60 % 60) % 100u,
		    (unsigned)(secs % 60) % 100u);
		return;
	}
	a = tzoff < 0 ? -tzoff : tzoff;
	snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02u%c%02u:%02u",
	    (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u,
	    (unsigned)(secs / 3600) % 100u, (unsigned)(secs / 60 % 60) % 100u,
	    (unsigned)(secs % 60) % 100u, tzoff < 0 ? '-' : '+',
	    (unsigned)(a / 60) % 100u, (unsigned)(a % 60) % 100u);
}

/* yj_date_format - the calendar date of t in zone tzoff */
void
yj_date_format(int64_t t, int tzoff, char buf[16])
{
	int64_t local, days;
	int y, m, d;

	local = t + (int64_t)tzoff * 60;
	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	yj_civil_from_days(days, &y, &m, &d);
	snprintf(buf, 16, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
}

/* yj_time_now - clock, or YOJIN_NOW for reproducible runs */
int64_t
yj_time_now(void)
{
	const char *fake;
	int64_t t;

	fake = getenv("YOJIN_NOW");
	if (fake != NULL && yj_time_parse(fake, &t, NULL) == 0)
		return t;
	return (int64_t)time(NULL);
}

/* yj_time_monotonic_ms - milliseconds from an arbitrary origin */
int64_t
yj_time_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
