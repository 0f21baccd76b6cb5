/*
 * holiday.h - Japanese national holidays and business days, for any year
 *
 * yj_holiday_year() lists the holidays of a year as the Act on National
 * Holidays (国民の祝日に関する法律, Act No. 178 of 1948, as amended) and
 * the special acts for single days define them: the fixed and the
 * "Happy Monday" holidays with the years each rule was in force, the
 * vernal and autumnal equinox days, substitute holidays (振替休日, from
 * 1973-04-12), days between two holidays (国民の休日, from 1985-12-27),
 * and the one-off holidays (1959, 1989, 1990, 1993, 2019) and the moved
 * holidays of the Tokyo 2020 special measures (2020, 2021).  Nothing is
 * looked up: the list is computed, so it is right for years nobody has
 * published a calendar for yet, as far as the law stays as it is.  The
 * Act took effect on 1948-07-20; earlier dates are never holidays here.
 *
 * Equinoxes: the day of the equinox in Japan Standard Time.  For
 * 1900-2150 the standard approximation used to publish the calendar
 * (the 0.242194-day formula); outside that range Meeus's algorithm
 * (Astronomical Algorithms, ch. 27, with the periodic terms) and a
 * long-term Delta T estimate.  The Cabinet Office announces the official
 * equinox days each February for the next year; the computed days agree
 * with every year it has published.
 *
 * Business days (yj_holiday_is_business_day): not a Saturday or a
 * Sunday, not a holiday, and not 29 December to 3 January, the closure
 * of government offices (行政機関の休日に関する法律, art. 1).
 *
 * Days are counted as in util/time.h: days since 1970-01-01 (a civil
 * date, no time zone).  Thread safety: no state; all functions are
 * reentrant.
 */
#ifndef YJ_INCIDENT_HOLIDAY_H
#define YJ_INCIDENT_HOLIDAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum yj_holiday_kind {
	YJ_HOLIDAY_NATIONAL,	/* 国民の祝日, or a day treated as one */
	YJ_HOLIDAY_SUBSTITUTE,	/* 振替休日 */
	YJ_HOLIDAY_CITIZENS,	/* 国民の休日: between two holidays */
};

struct yj_holiday {
	int			 month;
	int			 day;
	enum yj_holiday_kind	 kind;
	const char		*ja;	/* static */
	const char		*en;	/* static */
};

/* A year has at most this many holidays (2019 has 22). */
#define YJ_HOLIDAY_MAX	32

/*
 * yj_holiday_year - the holidays of year into out[YJ_HOLIDAY_MAX], in
 * date order; returns how many
 */
size_t	yj_holiday_year(int year, struct yj_holiday out[YJ_HOLIDAY_MAX]);

/* yj_holiday_find - the holiday on y-m-d into *h (may be NULL), or false */
bool	yj_holiday_find(int y, int m, int d, struct yj_holiday *h);

/* yj_holiday_equinox - day of March (autumn: September) of the equinox, JST */
int	yj_holiday_equinox(int year, bool autumn);
/* yj_holiday_equinox_meeus - the same by Meeus's algorithm alone (tests) */
int	yj_holiday_equinox_meeus(int year, bool autumn);

/* yj_holiday_is_business_day - not a weekend, holiday or 12/29-1/3 */
bool	yj_holiday_is_business_day(int64_t days);

/* yj_holiday_next_business_day - days if a business day, else the next */
int64_t	yj_holiday_next_business_day(int64_t days);

#endif /* YJ_INCIDENT_HOLIDAY_H */
