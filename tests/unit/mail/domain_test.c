/*
 * domain_test.c - mail/domain: organisations behind domains
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/domain.h"

static void
test_registrable(void **unused)
{
	static const struct {
		const char	*in;
		const char	*want;
	} cases[] = {
		{ "mail.a-shoji.co.jp", "a-shoji.co.jp" },
		{ "A-SHOJI.CO.JP", "a-shoji.co.jp" },
		{ "city.shinagawa.tokyo.jp", "city.shinagawa.tokyo.jp" },
		{ "www.city.shinagawa.tokyo.jp", "city.shinagawa.tokyo.jp" },
		{ "evil.github.io", "evil.github.io" },
		{ "x.y.example.com", "example.com" },
		{ "example.com.", "example.com" },
		{ "co.jp", "co.jp" },
		{ "例え.jp", "xn--r8jz45g.jp" },
		{ "", "" },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(yj_domain_registrable(a, cases[i].in),
		    cases[i].want) != 0)
			fail_msg("%s: got %s", cases[i].in,
			    yj_domain_registrable(a, cases[i].in));
	assert_true(yj_domain_same_org(a, "tokyo.a.co.jp", "osaka.a.co.jp"));
	assert_false(yj_domain_same_org(a, "a.co.jp", "b.co.jp"));
	yj_arena_free(a);
}

static void
test_consumer(void **unused)
{
	(void)unused;
	assert_true(yj_domain_is_consumer("gmail.com"));
	assert_true(yj_domain_is_consumer("Docomo.ne.jp"));
	assert_true(yj_domain_is_consumer("i.softbank.jp"));
	assert_false(yj_domain_is_consumer("notgmail.com"));
	assert_false(yj_domain_is_consumer("city.chiyoda.lg.jp"));
	assert_false(yj_domain_is_consumer(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registrable),
		cmocka_unit_test(test_consumer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
