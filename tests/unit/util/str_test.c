/*
 * str_test.c - util/str and util/buf
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/str.h"

static void
test_utf8_valid(void **unused)
{
	static const struct {
		const char	*in;
		size_t		 len;
		bool		 valid;
	} cases[] = {
		{ "abc", 3, true },
		{ "\xe3\x81\x82", 3, true },		/* あ */
		{ "\xe3\x81", 2, false },		/* cut */
		{ "\xc0\xaf", 2, false },		/* overlong '/' */
		{ "\xed\xa0\x80", 3, false },		/* surrogate */
		{ "\xf4\x90\x80\x80", 4, false },	/* > U+10FFFF */
		{ "\xf0\x9f\x98\x80", 4, true },	/* emoji */
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(yj_utf8_valid(cases[i].in, cases[i].len),
		    cases[i].valid);
}

static void
test_utf8_repair(void **unused)
{
	struct yj_arena *a = yj_arena_new();

	(void)unused;
	assert_string_equal(yj_utf8_repair(a, "a\xff" "b", 3),
	    "a\xef\xbf\xbd" "b");
	assert_string_equal(yj_utf8_repair(a, "a\0b", 3), "ab");
	yj_arena_free(a);
}

static void
test_buf_limit(void **unused)
{
	struct yj_buf b;

	(void)unused;
	yj_buf_init(&b, 5);
	assert_int_equal(yj_buf_adds(&b, "abc"), 0);
	assert_int_equal(yj_buf_adds(&b, "def"), YJ_ETOOBIG);
	assert_string_equal(yj_buf_cstr(&b), "abc");	/* unchanged */
	assert_int_equal(yj_buf_addf(&b, "%d", 42), 0);
	assert_string_equal(yj_buf_cstr(&b), "abc42");
	assert_int_equal(yj_buf_addc(&b, 'x'), YJ_ETOOBIG);
	yj_buf_release(&b);
}

static void
test_case_helpers(void **unused)
{
	(void)unused;
	assert_true(yj_str_ieq("Example.CO.jp", "example.co.jp"));
	assert_false(yj_str_ieq("example", "example.jp"));
	assert_true(yj_str_isuffix("mail.Example.jp", ".example.JP"));
	assert_true(yj_str_iprefix("Re: hello", "re:"));
	assert_non_null(yj_strcasestr("Hello World", "WORLD"));
	assert_null(yj_strcasestr("Hello", "xyz"));
}

static void
test_parse_uint(void **unused)
{
	unsigned long v;

	(void)unused;
	assert_int_equal(yj_parse_uint("42", 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(yj_parse_uint("101", 100, &v), YJ_EINVAL);
	assert_int_equal(yj_parse_uint("-1", 100, &v), YJ_EINVAL);
	assert_int_equal(yj_parse_uint("4x", 100, &v), YJ_EINVAL);
	assert_int_equal(yj_parse_uint("", 100, &v), YJ_EINVAL);
}

static void
test_fmt_grouped(void **unused)
{
	static const struct {
		long long	 n;
		const char	*want;
	} cases[] = {
		{ 0, "0" }, { 999, "999" }, { 1000, "1,000" },
		{ 1500, "1,500" }, { 100000, "100,000" },
		{ 1234567, "1,234,567" }, { -5, "0" },
		{ 9223372036854775807LL, "9,223,372,036,854,775,807" },
	};
	char buf[YJ_GROUPED_MAX];
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(yj_fmt_grouped(cases[i].n, buf),
		    cases[i].want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_repair),
		cmocka_unit_test(test_buf_limit),
		cmocka_unit_test(test_case_helpers),
		cmocka_unit_test(test_parse_uint),
		cmocka_unit_test(test_fmt_grouped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
