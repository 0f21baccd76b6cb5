/*
 * phrase_test.c - mail/phrase: compiled wording rules
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/charset.h"
#include "mail/phrase.h"
#include "util/error.h"

static const struct yj_phrase_rule rules[] = {
	{ "account", "アカウント.{0,6}(停止|ロック|制限)|account (is )?"
	  "(suspended|locked)" },
	{ "deadline", "24時間以内|within 24 hours" },
};

static void
test_match(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_phrases *ps;
	const char *m, *t;
	char err[256];

	(void)unused;
	assert_int_equal(yj_phrases_new(rules, 2, &ps, err, sizeof(err)), 0);
	assert_int_equal(yj_phrases_count(ps), 2);
	assert_string_equal(yj_phrases_id(ps, 1), "deadline");
	/* NFKC first: full-width digits and letters match */
	t = yj_nfkc_casefold(a, "お客様のアカウントを一時停止しました。"
	    "２４時間以内に", strlen("お客様のアカウントを一時停止しました。"
	    "２４時間以内に"));
	assert_true(yj_phrases_find(ps, 0, t, strlen(t), a, &m));
	assert_string_equal(m, "アカウントを一時停止");
	assert_true(yj_phrases_find(ps, 1, t, strlen(t), a, &m));
	assert_string_equal(m, "24時間以内");
	t = "Your ACCOUNT is Suspended";
	assert_int_equal(yj_phrases_first(ps, t, strlen(t), a, &m), 0);
	assert_string_equal(m, "ACCOUNT is Suspended");
	t = "an ordinary message about accounting";
	assert_int_equal(yj_phrases_first(ps, t, strlen(t), a, NULL), -1);
	assert_false(yj_phrases_find(ps, 9, t, strlen(t), a, NULL));
	assert_false(yj_phrases_find(NULL, 0, t, strlen(t), a, NULL));
	yj_phrases_free(ps);
	yj_arena_free(a);
}

static void
test_limits(void **unused)
{
	static char big[YJ_PHRASE_SCAN + 100];
	struct yj_arena *a = yj_arena_new();
	static const struct yj_phrase_rule bad[] = { { "broken", "(abc" } };
	static const struct yj_phrase_rule any[] = { { "x", "x+" } };
	struct yj_phrases *ps;
	const char *m;
	char err[256];

	(void)unused;
	assert_int_equal(yj_phrases_new(bad, 1, &ps, err, sizeof(err)),
	    YJ_EINVAL);
	assert_null(ps);
	assert_non_null(strstr(err, "rule 'broken'"));
	assert_int_equal(yj_phrases_new(any, 1, &ps, err, sizeof(err)), 0);
	/* beyond the scan limit nothing is seen */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 2] = 'x';
	assert_false(yj_phrases_find(ps, 0, big, strlen(big), a, NULL));
	/* evidence is cut */
	memset(big, 'x', sizeof(big) - 1);
	assert_true(yj_phrases_find(ps, 0, big, strlen(big), a, &m));
	assert_int_equal(strlen(m), YJ_PHRASE_EVIDENCE);
	yj_phrases_free(ps);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
