/*
 * holiday.c - the Act on National Holidays, computed
 *
 * A year's list is built in three steps, as the Act reads:
 *
 *  1. the 国民の祝日 themselves: a table of rules, each with the years it
 *     was in force (a fixed day, or the n-th Monday after the "Happy
 *     Monday" amendments of 1998 and 2001), the two equinox days, and a
 *     table of single days set by special acts (imperial ceremonies; the
 *     days the Tokyo 2020 special measures act moved in 2020 and 2021).
 *     2019-05-01 and 2019-10-22 were "休日" that the special act treats
 *     as national holidays, so they take part in steps 2 and 3;
 *  2. 振替休日 (art. 3(2)): from 1973-04-12 a holiday on a Sunday gives
 *     the next day off (until 2006), or the nearest following day that is
 *     not itself a national holiday (from 2007, so that 5/3 on a Sunday
 *     gives 5/6);
 *  3. 国民の休日 (art. 3(3)): from 1985-12-27 a day whose eve and morrow
 *     are national holidays is a holiday, unless it is a Sunday (or,
 *     until 2006, a substitute holiday already).
 *
 * Equinox days: for 1900-2150 the integer formula the calendar
 * calculations use (e.g. 春分日 = int(20.8431 + 0.242194 (Y - 1980) -
 * int((Y - 1980) / 4)) for 1980-2099), which reproduces the National
 * Astronomical Observatory's days; outside that range the formula drifts,
 * so Meeus's mean equinox polynomials with the 24 periodic terms are used
 * instead, corrected from dynamical to universal time with Morrison and
 * Stephenson's long-term Delta T parabola.  The unit test checks that the
 * two agree over 1900-2150.
 *
 * Sources: 国民の祝日に関する法律 (昭和23年法律第178号) and its
 * amendments of 1966, 1973, 1985, 1989, 1995, 1998, 2001, 2005, 2014 and
 * 2018; 東京オリンピック・パラリンピック競技大会特別措置法 (2020, 2021);
 * 天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律
 * (2018); 行政機関の休日に関する法律 art. 1 (12/29-1/3); the Cabinet
 * Office's published list (内閣府「国民の祝日について」, syukujitsu.csv)
 * for the test data; J. Meeus, Astronomical Algorithms, 2nd ed., ch. 27.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "incident/holiday.h"
#include "util/time.h"

#define FOREVER		INT_MAX

struct rule {
	int		 from;		/* first year */
	int		 to;		/* last year */
	int		 month;
	int		 day;		/* fixed day, or 0 */
	int		 monday;	/* n-th Monday when day is 0 */
	const char	*ja;
	const char	*en;
};

static const struct rule rules[] = {
	{ 1949, FOREVER, 1, 1, 0, "元日", "New Year's Day" },
	{ 1949, 1999, 1, 15, 0, "成人の日", "Coming of Age Day" },
	{ 2000, FOREVER, 1, 0, 2, "成人の日", "Coming of Age Day" },
	{ 1967, FOREVER, 2, 11, 0, "建国記念の日", "National Foundation Day" },
	{ 2020, FOREVER, 2, 23, 0, "天皇誕生日", "The Emperor's Birthday" },
	{ 1949, 1988, 4, 29, 0, "天皇誕生日", "The Emperor's Birthday" },
	{ 1989, 2006, 4, 29, 0, "みどりの日", "Greenery Day" },
	{ 2007, FOREVER, 4, 29, 0, "昭和の日", "Showa Day" },
	{ 1949, FOREVER, 5, 3, 0, "憲法記念日", "Constitution Memorial Day" },
	{ 2007, FOREVER, 5, 4, 0, "みどりの日", "Greenery Day" },
	{ 1949, FOREVER, 5, 5, 0, "こどもの日", "Children's Day" },
	{ 1996, 2002, 7, 20, 0, "海の日", "Marine Day" },
	{ 2003, 2019, 7, 0, 3, "海の日", "Marine Day" },
	{ 2022, FOREVER, 7, 0, 3, "海の日", "Marine Day" },
	{ 2016, 2019, 8, 11, 0, "山の日", "Mountain Day" },
	{ 2022, FOREVER, 8, 11, 0, "山の日", "Mountain Day" },
	{ 1966, 2002, 9, 15, 0, "敬老の日", "Respect for the Aged Day" },
	{ 2003, FOREVER, 9, 0, 3, "敬老の日", "Respect for the Aged Day" },
	{ 1966, 1999, 10, 10, 0, "体育の日", "Health and Sports Day" },
	{ 2000, 2019, 10, 0, 2, "体育の日", "Health and Sports Day" },
	{ 2022, FOREVER, 10, 0, 2, "スポーツの日", "Sports Day" },
	{ 1948, FOREVER, 11, 3, 0, "文化の日", "Culture Day" },
	{ 1948, FOREVER, 11, 23, 0, "勤労感謝の日", "Labour Thanksgiving Day" },
	{ 1989, 2018, 12, 23, 0, "天皇誕生日", "The Emperor's Birthday" },
};

struct single {
	int		 year;
	int		 month;
	int		 day;
	const char	*ja;
	const char	*en;
};

static const struct single singles[] = {
	{ 1959, 4, 10, "皇太子明仁親王の結婚の儀",
	  "Wedding of Crown Prince Akihito" },
	{ 1989, 2, 24, "昭和天皇の大喪の礼", "Funeral of Emperor Showa" },
	{ 1990, 11, 12, "即位礼正殿の儀", "Enthronement Ceremony" },
	{ 1993, 6, 9, "皇太子徳仁親王の結婚の儀",
	  "Wedding of Crown Prince Naruhito" },
	{ 2019, 5, 1, "天皇の即位の日", "Enthronement Day" },
	{ 2019, 10, 22, "即位礼正殿の儀", "Enthronement Ceremony" },
	{ 2020, 7, 23, "海の日", "Marine Day" },
	{ 2020, 7, 24, "スポーツの日", "Sports Day" },
	{ 2020, 8, 10, "山の日", "Mountain Day" },
	{ 2021, 7, 22, "海の日", "Marine Day" },
	{ 2021, 7, 23, "スポーツの日", "Sports Day" },
	{ 2021, 8, 8, "山の日", "Mountain Day" },
};

/* Meeus, Astronomical Algorithms, table 27.C: A, B (deg), C (deg) */
static const double periodic[24][3] = {
	{ 485, 324.96, 1934.136 }, { 203, 337.23, 32964.467 },
	{ 199, 342.08, 20.186 }, { 182, 27.85, 445267.112 },
	{ 156, 73.14, 45036.886 }, { 136, 171.52, 22518.443 },
	{ 77, 222.54, 65928.934 }, { 74, 296.72, 3034.906 },
	{ 70, 243.58, 9037.513 }, { 58, 119.81, 33718.147 },
	{ 52, 297.17, 150.678 }, { 50, 21.02, 2281.232 },
	{ 45, 247.54, 29929.562 }, { 44, 325.15, 31555.956 },
	{ 29, 60.93, 4443.417 }, { 18, 155.12, 67555.328 },
	{ 17, 288.79, 4562.452 }, { 16, 198.04, 62894.029 },
	{ 14, 199.76, 31436.921 }, { 12, 95.39, 14577.848 },
	{ 12, 287.11, 31931.756 }, { 12, 320.81, 34777.259 },
	{ 9, 227.73, 1222.114 }, { 8, 15.45, 16859.074 },
};

/* rad - degrees to radians */
static double
rad(double deg)
{
	return deg * (M_PI / 180.0);
}

/* mean_equinox - Meeus table 27.A/B: JDE of the mean equinox */
static double
mean_equinox(int year, bool autumn)
{
	double y;

	if (year < 1000) {
		y = year / 1000.0;
		if (!autumn)
			return 1721139.29189 + 365242.13740 * y +
			    0.06134 * y * y + 0.00111 * y * y * y -
			    0.00071 * y * y * y * y;
		return 1721325.70455 + 365242.49558 * y - 0.11677 * y * y -
		    0.00297 * y * y * y + 0.00074 * y * y * y * y;
	}
	y = (year - 2000) / 1000.0;
	if (!autumn)
		return 2451623.80984 + 365242.37404 * y + 0.05169 * y * y -
		    0.00411 * y * y * y - 0.00057 * y * y * y * y;
	return 2451810.21715 + 365242.01767 * y - 0.11575 * y * y +
	    0.00337 * y * y * y + 0.00078 * y * y * y * y;
}

/* yj_holiday_equinox_meeus - equinox day of month in JST by Meeus ch. 27 */
int
yj_holiday_equinox_meeus(int year, bool autumn)
{
	double jde0, t, w, dl, s, jde, u, dt;
	int64_t days;
	int y, m, d;
	int i;

	jde0 = mean_equinox(year, autumn);
	t = (jde0 - 2451545.0) / 36525.0;
	w = rad(35999.373 * t - 2.47);
	dl = 1.0 + 0.0334 * cos(w) + 0.0007 * cos(2.0 * w);
	s = 0.0;
	for (i = 0; i < 24; i++)
		s += periodic[i][0] * cos(rad(periodic[i][1] +
		    periodic[i][2] * t));
	jde = jde0 + 0.00001 * s / dl;
	/* Delta T = TT - UT, Morrison & Stephenson (2004), in seconds */
	u = (year - 1820) / 100.0;
	dt = -20.0 + 32.0 * u * u;
	/* JD 2440587.5 is 1970-01-01T00:00 UT; JST is UT + 9 h */
	days = (int64_t)floor(jde - dt / 86400.0 + 9.0 / 24.0 - 2440587.5);
	yj_civil_from_days(days, &y, &m, &d);
	return d;
}

/* yj_holiday_equinox - equinox day of month, JST */
int
yj_holiday_equinox(int year, bool autumn)
{
	double base, k;
	int q;

	if (year < 1900 || year > 2150)
		return yj_holiday_equinox_meeus(year, autumn);
	/* C's integer division truncates, as the formula's int() does */
	if (year < 1980) {
		base = autumn ? 23.2588 : 20.8357;
		q = (year - 1983) / 4;
	} else {
		if (year < 2100)
			base = autumn ? 23.2488 : 20.8431;
		else
			base = autumn ? 24.2488 : 21.8510;
		q = (year - 1980) / 4;
	}
	k = base + 0.242194 * (year - 1980) - q;
	return (int)k;
}

/* nth_monday - day of month of the n-th Monday of y-m */
static int
nth_monday(int y, int m, int n)
{
	int wd;

	wd = yj_weekday(yj_days_from_civil(y, m, 1));
	return 1 + (8 - wd) % 7 + 7 * (n - 1);
}

/* add - append one holiday to the list */
static void
add(struct yj_holiday *out, size_t *n, int m, int d,
    enum yj_holiday_kind kind, const char *ja, const char *en)
{
	if (*n >= YJ_HOLIDAY_MAX)
		return;		/* cannot happen: a year has about 20 */
	out[*n].month = m;
	out[*n].day = d;
	out[*n].kind = kind;
	out[*n].ja = ja;
	out[*n].en = en;
	(*n)++;
}

/* sort - insertion sort by date (lists are short) */
static void
sort(struct yj_holiday *v, size_t n)
{
	struct yj_holiday t;
	size_t i;
	size_t j;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && (v[j - 1].month > t.month ||
		    (v[j - 1].month == t.month && v[j - 1].day > t.day)); j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

/* national - step 1: the 国民の祝日 of year, sorted */
static size_t
national(int year, struct yj_holiday *out)
{
	const struct rule *r;
	size_t n = 0;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		r = &rules[i];
		if (year < r->from || year > r->to)
			continue;
		add(out, &n, r->month, r->day != 0 ? r->day :
		    nth_monday(year, r->month, r->monday), YJ_HOLIDAY_NATIONAL,
		    r->ja, r->en);
	}
	if (year >= 1949)
		add(out, &n, 3, yj_holiday_equinox(year, false),
		    YJ_HOLIDAY_NATIONAL, "春分の日", "Vernal Equinox Day");
	if (year >= 1948)
		add(out, &n, 9, yj_holiday_equinox(year, true),
		    YJ_HOLIDAY_NATIONAL, "秋分の日", "Autumnal Equinox Day");
	for (i = 0; i < sizeof(singles) / sizeof(singles[0]); i++)
		if (singles[i].year == year)
			add(out, &n, singles[i].month, singles[i].day,
			    YJ_HOLIDAY_NATIONAL, singles[i].ja, singles[i].en);
	sort(out, n);
	return n;
}

/* day_of - days since the epoch of a holiday in year */
static int64_t
day_of(int year, const struct yj_holiday *h)
{
	return yj_days_from_civil(year, h->month, h->day);
}

/* is_national - day is in the list v[0..n) */
static bool
is_national(int year, const struct yj_holiday *v, size_t n, int64_t day)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (day_of(year, &v[i]) == day)
			return true;
	return false;
}

/* add_day - append the holiday on day (same year) */
static void
add_day(struct yj_holiday *out, size_t *n, int64_t day,
    enum yj_holiday_kind kind)
{
	int y, m, d;

	yj_civil_from_days(day, &y, &m, &d);
	if (kind == YJ_HOLIDAY_SUBSTITUTE)
		add(out, n, m, d, kind, "振替休日", "Substitute holiday");
	else
		add(out, n, m, d, kind, "国民の休日", "Citizens' holiday");
}

/* substitutes - step 2: 振替休日 for holidays on a Sunday */
static void
substitutes(int year, const struct yj_holiday *nat, size_t nn,
    struct yj_holiday *out, size_t *n)
{
	int64_t day;
	int64_t alt;
	size_t i;

	for (i = 0; i < nn; i++) {
		day = day_of(year, &nat[i]);
		if (yj_weekday(day) != 0 ||
		    day < yj_days_from_civil(1973, 4, 12))
			continue;
		alt = day + 1;
		if (year >= 2007)
			while (is_national(year, nat, nn, alt))
				alt++;
		else if (is_national(year, nat, nn, alt))
			continue;
		add_day(out, n, alt, YJ_HOLIDAY_SUBSTITUTE);
	}
}

/* citizens - step 3: a day between two national holidays */
static void
citizens(int year, const struct yj_holiday *nat, size_t nn,
    struct yj_holiday *out, size_t *n)
{
	int64_t mid;
	size_t i;

	for (i = 0; i + 1 < nn; i++) {
		mid = day_of(year, &nat[i]) + 1;
		if (day_of(year, &nat[i + 1]) != mid + 1 ||
		    mid < yj_days_from_civil(1985, 12, 27) ||
		    yj_weekday(mid) == 0 || is_national(year, out, *n, mid))
			continue;
		add_day(out, n, mid, YJ_HOLIDAY_CITIZENS);
	}
}

/* yj_holiday_year - every holiday of year, sorted */
size_t
yj_holiday_year(int year, struct yj_holiday out[YJ_HOLIDAY_MAX])
{
	struct yj_holiday nat[YJ_HOLIDAY_MAX];
	size_t nn;
	size_t n;

	nn = national(year, nat);
	memcpy(out, nat, nn * sizeof(nat[0]));
	n = nn;
	substitutes(year, nat, nn, out, &n);
	citizens(year, nat, nn, out, &n);
	sort(out, n);
	return n;
}

/* yj_holiday_find - the holiday on a date, if any */
bool
yj_holiday_find(int y, int m, int d, struct yj_holiday *h)
{
	struct yj_holiday v[YJ_HOLIDAY_MAX];
	size_t n;
	size_t i;

	n = yj_holiday_year(y, v);
	for (i = 0; i < n; i++) {
		if (v[i].month == m && v[i].day == d) {
			if (h != NULL)
				*h = v[i];
			return true;
		}
	}
	return false;
}

/* yj_holiday_is_business_day - government offices are open */
bool
yj_holiday_is_business_day(int64_t days)
{
	int wd;
	int y, m, d;

	wd = yj_weekday(days);
	if (wd == 0 || wd == 6)
		return false;
	yj_civil_from_days(days, &y, &m, &d);
	if ((m == 12 && d >= 29) || (m == 1 && d <= 3))
		return false;
	return !yj_holiday_find(y, m, d, NULL);
}

/* yj_holiday_next_business_day - on or after days */
int64_t
yj_holiday_next_business_day(int64_t days)
{
	int guard;

	/* the longest run of closed days (Golden Week 2019) is 10 */
	for (guard = 0; guard < 64; guard++, days++)
		if (yj_holiday_is_business_day(days))
			return days;
	return days;
}
