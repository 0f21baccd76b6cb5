/*
 * holiday_test.c - incident/holiday: national holidays and business days
 *
 * The reference data below is the Cabinet Office's official list of
 * national holidays and holidays (内閣府「国民の祝日について」,
 * https://www8.cao.go.jp/chosei/shukujitsu/gaiyou.html, file
 * syukujitsu.csv, 1955-2026; Public Data License 1.0), one line per year,
 * MMDD for each day it lists ("休日" days included).  Every year is
 * compared as a whole, so a holiday too many fails as well as one missing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "incident/holiday.h"
#include "util/time.h"

static const char *const official[] = {
	"1955 0101 0115 0321 0429 0503 0505 0924 1103 1123",
	"1956 0101 0115 0321 0429 0503 0505 0923 1103 1123",
	"1957 0101 0115 0321 0429 0503 0505 0923 1103 1123",
	"1958 0101 0115 0321 0429 0503 0505 0923 1103 1123",
	"1959 0101 0115 0321 0410 0429 0503 0505 0924 1103 1123",
	"1960 0101 0115 0320 0429 0503 0505 0923 1103 1123",
	"1961 0101 0115 0321 0429 0503 0505 0923 1103 1123",
	"1962 0101 0115 0321 0429 0503 0505 0923 1103 1123",
	"1963 0101 0115 0321 0429 0503 0505 0924 1103 1123",
	"1964 0101 0115 0320 0429 0503 0505 0923 1103 1123",
	"1965 0101 0115 0321 0429 0503 0505 0923 1103 1123",
	"1966 0101 0115 0321 0429 0503 0505 0915 0923 1010 1103 1123",
	"1967 0101 0115 0211 0321 0429 0503 0505 0915 0924 1010 1103 1123",
	"1968 0101 0115 0211 0320 0429 0503 0505 0915 0923 1010 1103 1123",
	"1969 0101 0115 0211 0321 0429 0503 0505 0915 0923 1010 1103 1123",
	"1970 0101 0115 0211 0321 0429 0503 0505 0915 0923 1010 1103 1123",
	"1971 0101 0115 0211 0321 0429 0503 0505 0915 0924 1010 1103 1123",
	"1972 0101 0115 0211 0320 0429 0503 0505 0915 0923 1010 1103 1123",
	"1973 0101 0115 0211 0321 0429 0430 0503 0505 0915 0923 0924 1010 "
	    "1103 1123",
	"1974 0101 0115 0211 0321 0429 0503 0505 0506 0915 0916 0923 1010 "
	    "1103 1104 1123",
	"1975 0101 0115 0211 0321 0429 0503 0505 0915 0924 1010 1103 1123 "
	    "1124",
	"1976 0101 0115 0211 0320 0429 0503 0505 0915 0923 1010 1011 1103 "
	    "1123",
	"1977 0101 0115 0211 0321 0429 0503 0505 0915 0923 1010 1103 1123",
	"1978 0101 0102 0115 0116 0211 0321 0429 0503 0505 0915 0923 1010 "
	    "1103 1123",
	"1979 0101 0115 0211 0212 0321 0429 0430 0503 0505 0915 0924 1010 "
	    "1103 1123",
	"1980 0101 0115 0211 0320 0429 0503 0505 0915 0923 1010 1103 1123 "
	    "1124",
	"1981 0101 0115 0211 0321 0429 0503 0504 0505 0915 0923 1010 1103 "
	    "1123",
	"1982 0101 0115 0211 0321 0322 0429 0503 0505 0915 0923 1010 1011 "
	    "1103 1123",
	"1983 0101 0115 0211 0321 0429 0503 0505 0915 0923 1010 1103 1123",
	"1984 0101 0102 0115 0116 0211 0320 0429 0430 0503 0505 0915 0923 "
	    "0924 1010 1103 1123",
	"1985 0101 0115 0211 0321 0429 0503 0505 0506 0915 0916 0923 1010 "
	    "1103 1104 1123",
	"1986 0101 0115 0211 0321 0429 0503 0505 0915 0923 1010 1103 1123 "
	    "1124",
	"1987 0101 0115 0211 0321 0429 0503 0504 0505 0915 0923 1010 1103 "
	    "1123",
	"1988 0101 0115 0211 0320 0321 0429 0503 0504 0505 0915 0923 1010 "
	    "1103 1123",
	"1989 0101 0102 0115 0116 0211 0224 0321 0429 0503 0504 0505 0915 "
	    "0923 1010 1103 1123 1223",
	"1990 0101 0115 0211 0212 0321 0429 0430 0503 0504 0505 0915 0923 "
	    "0924 1010 1103 1112 1123 1223 1224",
	"1991 0101 0115 0211 0321 0429 0503 0504 0505 0506 0915 0916 0923 "
	    "1010 1103 1104 1123 1223",
	"1992 0101 0115 0211 0320 0429 0503 0504 0505 0915 0923 1010 1103 "
	    "1123 1223",
	"1993 0101 0115 0211 0320 0429 0503 0504 0505 0609 0915 0923 1010 "
	    "1011 1103 1123 1223",
	"1994 0101 0115 0211 0321 0429 0503 0504 0505 0915 0923 1010 1103 "
	    "1123 1223",
	"1995 0101 0102 0115 0116 0211 0321 0429 0503 0504 0505 0915 0923 "
	    "1010 1103 1123 1223",
	"1996 0101 0115 0211 0212 0320 0429 0503 0504 0505 0506 0720 0915 "
	    "0916 0923 1010 1103 1104 1123 1223",
	"1997 0101 0115 0211 0320 0429 0503 0505 0720 0721 0915 0923 1010 "
	    "1103 1123 1124 1223",
	"1998 0101 0115 0211 0321 0429 0503 0504 0505 0720 0915 0923 1010 "
	    "1103 1123 1223",
	"1999 0101 0115 0211 0321 0322 0429 0503 0504 0505 0720 0915 0923 "
	    "1010 1011 1103 1123 1223",
	"2000 0101 0110 0211 0320 0429 0503 0504 0505 0720 0915 0923 1009 "
	    "1103 1123 1223",
	"2001 0101 0108 0211 0212 0320 0429 0430 0503 0504 0505 0720 0915 "
	    "0923 0924 1008 1103 1123 1223 1224",
	"2002 0101 0114 0211 0321 0429 0503 0504 0505 0506 0720 0915 0916 "
	    "0923 1014 1103 1104 1123 1223",
	"2003 0101 0113 0211 0321 0429 0503 0505 0721 0915 0923 1013 1103 "
	    "1123 1124 1223",
	"2004 0101 0112 0211 0320 0429 0503 0504 0505 0719 0920 0923 1011 "
	    "1103 1123 1223",
	"2005 0101 0110 0211 0320 0321 0429 0503 0504 0505 0718 0919 0923 "
	    "1010 1103 1123 1223",
	"2006 0101 0102 0109 0211 0321 0429 0503 0504 0505 0717 0918 0923 "
	    "1009 1103 1123 1223",
	"2007 0101 0108 0211 0212 0321 0429 0430 0503 0504 0505 0716 0917 "
	    "0923 0924 1008 1103 1123 1223 1224",
	"2008 0101 0114 0211 0320 0429 0503 0504 0505 0506 0721 0915 0923 "
	    "1013 1103 1123 1124 1223",
	"2009 0101 0112 0211 0320 0429 0503 0504 0505 0506 0720 0921 0922 "
	    "0923 1012 1103 1123 1223",
	"2010 0101 0111 0211 0321 0322 0429 0503 0504 0505 0719 0920 0923 "
	    "1011 1103 1123 1223",
	"2011 0101 0110 0211 0321 0429 0503 0504 0505 0718 0919 0923 1010 "
	    "1103 1123 1223",
	"2012 0101 0102 0109 0211 0320 0429 0430 0503 0504 0505 0716 0917 "
	    "0922 1008 1103 1123 1223 1224",
	"2013 0101 0114 0211 0320 0429 0503 0504 0505 0506 0715 0916 0923 "
	    "1014 1103 1104 1123 1223",
	"2014 0101 0113 0211 0321 0429 0503 0504 0505 0506 0721 0915 0923 "
	    "1013 1103 1123 1124 1223",
	"2015 0101 0112 0211 0321 0429 0503 0504 0505 0506 0720 0921 0922 "
	    "0923 1012 1103 1123 1223",
	"2016 0101 0111 0211 0320 0321 0429 0503 0504 0505 0718 0811 0919 "
	    "0922 1010 1103 1123 1223",
	"2017 0101 0102 0109 0211 0320 0429 0503 0504 0505 0717 0811 0918 "
	    "0923 1009 1103 1123 1223",
	"2018 0101 0108 0211 0212 0321 0429 0430 0503 0504 0505 0716 0811 "
	    "0917 0923 0924 1008 1103 1123 1223 1224",
	"2019 0101 0114 0211 0321 0429 0430 0501 0502 0503 0504 0505 0506 "
	    "0715 0811 0812 0916 0923 1014 1022 1103 1104 1123",
	"2020 0101 0113 0211 0223 0224 0320 0429 0503 0504 0505 0506 0723 "
	    "0724 0810 0921 0922 1103 1123",
	"2021 0101 0111 0211 0223 0320 0429 0503 0504 0505 0722 0723 0808 "
	    "0809 0920 0923 1103 1123",
	"2022 0101 0110 0211 0223 0321 0429 0503 0504 0505 0718 0811 0919 "
	    "0923 1010 1103 1123",
	"2023 0101 0102 0109 0211 0223 0321 0429 0503 0504 0505 0717 0811 "
	    "0918 0923 1009 1103 1123",
	"2024 0101 0108 0211 0212 0223 0320 0429 0503 0504 0505 0506 0715 "
	    "0811 0812 0916 0922 0923 1014 1103 1104 1123",
	"2025 0101 0113 0211 0223 0224 0320 0429 0503 0504 0505 0506 0721 "
	    "0811 0915 0923 1013 1103 1123 1124",
	"2026 0101 0112 0211 0223 0320 0429 0503 0504 0505 0506 0720 0811 "
	    "0921 0922 0923 1012 1103 1123",
};

/* computed_line - "YYYY MMDD ..." of the computed list */
static void
computed_line(int year, char *buf, size_t bufsz)
{
	struct yj_holiday v[YJ_HOLIDAY_MAX];
	size_t n;
	size_t i;
	size_t off;

	n = yj_holiday_year(year, v);
	off = (size_t)snprintf(buf, bufsz, "%04d", year);
	for (i = 0; i < n && off < bufsz; i++)
		off += (size_t)snprintf(buf + off, bufsz - off, " %02d%02d",
		    v[i].month, v[i].day);
}

static void
test_official_lists(void **unused)
{
	char got[512];
	size_t i;
	int year;

	(void)unused;
	for (i = 0; i < sizeof(official) / sizeof(official[0]); i++) {
		year = atoi(official[i]);	/* test code: input is ours */
		computed_line(year, got, sizeof(got));
		if (strcmp(got, official[i]) != 0)
			fail_msg("year %d\n want %s\n got  %s", year,
			    official[i], got);
	}
}

/* name_of - Japanese name of the holiday on a date, or "" */
static const char *
name_of(int y, int m, int d)
{
	struct yj_holiday h;

	return yj_holiday_find(y, m, d, &h) ? h.ja : "";
}

static void
test_names_and_kinds(void **unused)
{
	static const struct {
		int		 y, m, d;
		const char	*ja;
	} cases[] = {
		{ 2024, 2, 12, "振替休日" },
		{ 2009, 9, 22, "国民の休日" },	/* Silver Week */
		{ 2026, 9, 22, "国民の休日" },
		{ 1988, 5, 4, "国民の休日" },	/* first year of the rule */
		{ 1987, 5, 4, "振替休日" },	/* 5/3 a Sunday, old rule */
		{ 2008, 5, 6, "振替休日" },	/* 5/4 a Sunday, new rule */
		{ 2019, 4, 30, "国民の休日" },	/* between 4/29 and 5/1 */
		{ 2019, 5, 1, "天皇の即位の日" },
		{ 2019, 5, 2, "国民の休日" },
		{ 2020, 7, 24, "スポーツの日" },
		{ 2019, 10, 14, "体育の日" },
		{ 2018, 12, 23, "天皇誕生日" },
		{ 2019, 12, 23, "" },		/* no Emperor's Birthday */
		{ 2020, 10, 12, "" },		/* moved to 7/24 */
		{ 1972, 1, 16, "" },		/* before substitute holidays */
		{ 1948, 5, 3, "" },		/* before the Act took effect */
		{ 1948, 11, 3, "文化の日" },
		{ 2030, 1, 14, "成人の日" },
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(name_of(cases[i].y, cases[i].m, cases[i].d),
		    cases[i].ja) != 0)
			fail_msg("%d-%02d-%02d: want '%s', got '%s'",
			    cases[i].y, cases[i].m, cases[i].d, cases[i].ja,
			    name_of(cases[i].y, cases[i].m, cases[i].d));
}

static void
test_equinox_formula_vs_meeus(void **unused)
{
	/*
	 * Two independent computations must agree: the calendar formula
	 * (1900-2150) and Meeus's algorithm (used outside that range).  An
	 * equinox within minutes of midnight JST can fall either side: of
	 * the 502 equinoxes of 1900-2150 only the autumn one of 2107 does
	 * (the formula puts it 11 minutes after midnight, 24 September;
	 * Meeus a few minutes before), so that one is expected to differ.
	 */
	int year, autumn, f, m;

	(void)unused;
	for (year = 1900; year <= 2150; year++)
		for (autumn = 0; autumn <= 1; autumn++) {
			f = yj_holiday_equinox(year, autumn);
			m = yj_holiday_equinox_meeus(year, autumn);
			if (f != m && !(year == 2107 && autumn))
				fail_msg("%d %s: formula %d, Meeus %d", year,
				    autumn ? "autumn" : "spring", f, m);
		}
	/* 令和9年暦要項 (National Astronomical Observatory, Feb 2026) */
	assert_int_equal(yj_holiday_equinox(2027, false), 21);
	assert_int_equal(yj_holiday_equinox(2027, true), 23);
}

static void
test_business_days(void **unused)
{
	static const struct {
		const char	*from;
		const char	*want;	/* next business day on or after */
	} cases[] = {
		{ "2026-12-28", "2026-12-28" },	/* Monday, open */
		{ "2026-12-29", "2027-01-04" },	/* year-end closure */
		{ "2027-01-01", "2027-01-04" },
		{ "2027-01-09", "2027-01-12" },	/* Sat, Sun, 成人の日 */
		{ "2026-05-02", "2026-05-07" },	/* Golden Week + 振替休日 */
		{ "2019-04-27", "2019-05-07" },	/* ten days in 2019 */
		{ "2026-09-19", "2026-09-24" },	/* Silver Week 2026 */
		{ "2024-02-10", "2024-02-13" },	/* 2/11 Sunday -> 2/12 */
		{ "2025-11-22", "2025-11-25" },	/* 11/23 Sunday -> 11/24 */
		{ "2031-01-02", "2031-01-06" },	/* closure, then weekend */
		{ "2026-11-26", "2026-11-26" },	/* a Thursday */
	};
	int64_t t;
	char buf[16];
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(yj_time_parse(cases[i].from, &t, NULL), 0);
		yj_date_format(yj_holiday_next_business_day(t / 86400) *
		    86400, 0, buf);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("%s: want %s, got %s", cases[i].from,
			    cases[i].want, buf);
	}
}

static void
test_far_years(void **unused)
{
	struct yj_holiday v[YJ_HOLIDAY_MAX];
	size_t n;
	int year;

	(void)unused;
	/* every year gets a sane list: no duplicates, sorted, in range */
	for (year = 1940; year <= 2400; year++) {
		size_t i;

		n = yj_holiday_year(year, v);
		assert_true(n <= YJ_HOLIDAY_MAX);
		for (i = 1; i < n; i++)
			assert_true(v[i - 1].month * 100 + v[i - 1].day <
			    v[i].month * 100 + v[i].day);
		if (year >= 1949) {
			int sp = yj_holiday_equinox(year, false);
			int au = yj_holiday_equinox(year, true);

			assert_true(sp >= 19 && sp <= 22);
			assert_true(au >= 21 && au <= 24);
		} else {
			assert_true(year < 1948 ? n == 0 : n == 3);
		}
	}
	/* far outside the formula's range Meeus takes over */
	assert_true(yj_holiday_equinox(3000, false) >= 19);
	assert_true(yj_holiday_equinox(-500, true) >= 20);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_official_lists),
		cmocka_unit_test(test_names_and_kinds),
		cmocka_unit_test(test_equinox_formula_vs_meeus),
		cmocka_unit_test(test_business_days),
		cmocka_unit_test(test_far_years),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
