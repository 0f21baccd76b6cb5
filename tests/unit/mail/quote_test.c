/*
 * quote_test.c - mail/quote: own text, quoted text, signature
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/quote.h"

static void
test_own(void **unused)
{
	static const struct {
		const char	*text;
		const char	*own;
		const char	*quoted;
	} cases[] = {
		{ "hello\n\n> old line\n> more\nbye\n", "hello\n\nbye\n",
		  "> old line\n> more\n" },
		{ "thanks\n-----Original Message-----\nFrom: a\nbody\n",
		  "thanks\n", "-----Original Message-----\nFrom: a\nbody\n" },
		{ "了解です。\n\n-----元のメッセージ-----\n差出人: 田中\n",
		  "了解です。\n\n", "-----元のメッセージ-----\n差出人: 田中\n" },
		{ "ok\nFrom: Taro <t@example.jp>\nSent: Monday\nTo: x\n",
		  "ok\n", "From: Taro <t@example.jp>\nSent: Monday\nTo: x\n" },
		{ "はい\n差出人: 田中\n送信日時: 2026年1月5日\n本文\n", "はい\n",
		  "差出人: 田中\n送信日時: 2026年1月5日\n本文\n" },
		{ "yes\nOn Mon, 5 Jan 2026, Taro wrote:\n> x\n", "yes\n",
		  "On Mon, 5 Jan 2026, Taro wrote:\n> x\n" },
		{ "承知しました\n2026年1月5日(月) 10:00 田中 <t@x.jp>:\n"
		  "田中さんは書きました:\n> 元\n", "承知しました\n"
		  "2026年1月5日(月) 10:00 田中 <t@x.jp>:\n",
		  "田中さんは書きました:\n> 元\n" },
		{ "fwd\n---------- Forwarded message ---------\nFrom: z\n",
		  "fwd\n", "---------- Forwarded message ---------\nFrom: z\n" },
		{ "a\n________________________________\nFrom: b\n", "a\n",
		  "________________________________\nFrom: b\n" },
		{ "fine\n\nDebbie Long <d@x.example> on 05/16/2001 05:30:21 PM\n"
		  "To: a\nbody\n", "fine\n\n",
		  "Debbie Long <d@x.example> on 05/16/2001 05:30:21 PM\nTo: a\n"
		  "body\n" },
		{ "Thanks.\n\n   R R @ ENRON COMMUNICATIONS      09/19/2000 01:23 PM\n"
		  "\nTo: K L/Corp\nSubject: x\n", "Thanks.\n\n",
		  "   R R @ ENRON COMMUNICATIONS      09/19/2000 01:23 PM\n\n"
		  "To: K L/Corp\nSubject: x\n" },
		{ "fyi\n---------------------- Forwarded by A/HOU/ECT on 05/16/2001"
		  "\nx\n", "fyi\n", "---------------------- Forwarded by "
		  "A/HOU/ECT on 05/16/2001\nx\n" },
		/* "From:" alone in a sentence is not a header */
		{ "From: the team\nRegards\n", "From: the team\nRegards\n", "" },
		{ "", "", "" },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *t = cases[i].text;

		if (strcmp(yj_quote_own(a, t, strlen(t)), cases[i].own) != 0)
			fail_msg("case %zu own: '%s'", i,
			    yj_quote_own(a, t, strlen(t)));
		if (strcmp(yj_quote_quoted(a, t, strlen(t)),
		    cases[i].quoted) != 0)
			fail_msg("case %zu quoted: '%s'", i,
			    yj_quote_quoted(a, t, strlen(t)));
	}
	assert_string_equal(yj_quote_own(a, NULL, 0), "");
	yj_arena_free(a);
}

static void
test_signature(void **unused)
{
	struct yj_arena *a = yj_arena_new();

	(void)unused;
	assert_string_equal(yj_quote_signature(a, "a\nb\n\nc\nd\n", 2),
	    "c\nd\n");
	assert_string_equal(yj_quote_signature(a, "a\nb\n\nc\n\n\n", 2),
	    "b\n\nc\n\n\n");
	assert_string_equal(yj_quote_signature(a, "only", 5), "only");
	assert_string_equal(yj_quote_signature(a, "\n\n\n", 5), "");
	assert_string_equal(yj_quote_signature(a, "", 5), "");
	assert_string_equal(yj_quote_signature(a, NULL, 5), "");
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own),
		cmocka_unit_test(test_signature),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
