/*
 * time_test.c - util/time: civil dates and ISO 8601
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/error.h"
#include "util/time.h"

static void
test_civil_round_trip(void **unused)
{
	int64_t d;
	int y, m, dd;

	(void)unused;
	assert_int_equal(yj_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(yj_days_from_civil(2000, 3, 1), 11017);
	for (d = -800000; d < 800000; d += 37) {
		yj_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(yj_days_from_civil(y, m, dd), d);
	}
	assert_int_equal(yj_weekday(yj_days_from_civil(2026, 11, 26)), 4);
	assert_int_equal(yj_weekday(yj_days_from_civil(1969, 12, 31)), 3);
}

static void
test_parse_and_format(void **unused)
{
	static const struct {
		const char	*in;
		int64_t		 t;
		const char	*out;
	} ok[] = {
		{ "2026-12-28T10:00+09:00", 1798419600,
		  "2026-12-28T10:00:00+09:00" },
		{ "2026-12-28", 1798416000, "2026-12-28T00:00:00Z" },
		{ "2024-02-29T23:59:59Z", 1709251199, "2024-02-29T23:59:59Z" },
		{ "2026-01-01T00:00:00-0530", 1767245400,
		  "2026-01-01T00:00:00-05:30" },
	};
	static const char *bad[] = {
		"2026-02-30", "2026-13-01", "26-01-01", "2026-01-01T25:00",
		"2026-01-01T10:00+99:00", "2026-01-01x", "",
	};
	char buf[32];
	int64_t t;
	int tz;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(yj_time_parse(ok[i].in, &t, &tz), 0);
		assert_int_equal(t, ok[i].t);
		yj_time_format(t, tz, buf);
		assert_string_equal(buf, ok[i].out);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(yj_time_parse(bad[i], &t, &tz), YJ_EINVAL);
	yj_date_format(1798419600, 540, buf);
	assert_string_equal(buf, "2026-12-28");
}

static void
test_fake_now(void **unused)
{
	(void)unused;
	setenv("YOJIN_NOW", "2026-11-26T09:00+09:00", 1);
	assert_int_equal(yj_time_now(), 1795651200);
	unsetenv("YOJIN_NOW");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_round_trip),
		cmocka_unit_test(test_parse_and_format),
		cmocka_unit_test(test_fake_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
