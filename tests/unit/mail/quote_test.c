/*
 * quote_test.c - mail/quote: the author's text and the quoted text
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/quote.h"

static void
test_split(void **unused)
{
	static const struct {
		const char	*text;
		const char	*own;
		size_t		 sep;
	} cases[] = {
		{ "mine\n> theirs\nmine too\n", "mine\nmine too\n", 0 },
		{ "ok\n\n-----Original Message-----\nFrom: x@y\n\nold\n",
		  "ok\n\n", 3 },
		{ "了解です\n\n-----元のメッセージ-----\n差出人: x\n", "了解です\n\n",
		  3 },
		{ "yes\nOn Mon, 2 Nov 2026, X <x@y.example> wrote:\n> hi\n",
		  "yes\n", 2 },
		{ "はい\n2026年11月2日 田中 <t@a.example> は書きました:\n> 件\n",
		  "はい\n", 2 },
		{ "FYI\n---------- Forwarded message ---------\nFrom: a\n",
		  "FYI\n", 2 },
		{ "ok\n\nFrom: Taro <t@a.example>\nSent: Monday\nTo: me\n\nx\n",
		  "ok\n\n", 3 },
		{ "ok\n差出人: 田中\n送信日時: 月曜\n宛先: 私\n", "ok\n", 2 },
		{ "Rosie\n\n\"Sain, B\" <b@c.example> on 04/16/2001 03:51 PM\n"
		  "To: Ken\n\nthanks\n", "Rosie\n\n", 3 },
		{ "Thanks.\n\n   R R @ ENRON COMMUNICATIONS      09/19/2000 "
		  "01:23 PM\n\nTo: K L/Corp\nSubject: x\n", "Thanks.\n\n", 3 },
		/* not separators */
		{ "From: the accounting team, with thanks.\nbye\n",
		  "From: the accounting team, with thanks.\nbye\n", 0 },
		{ "meet me on 04/16/2001 please\n",
		  "meet me on 04/16/2001 please\n", 0 },
		{ "", "", 0 },
	};
	struct yj_arena *a = yj_arena_new();
	struct yj_quote q;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		yj_quote_split(a, cases[i].text, strlen(cases[i].text), &q);
		if (strcmp(q.own, cases[i].own) != 0 ||
		    q.separator_line != cases[i].sep)
			fail_msg("case %zu: own '%s' line %zu", i, q.own,
			    q.separator_line);
		if (q.own_len != strlen(q.own) ||
		    q.quoted_len != strlen(q.quoted))
			fail_msg("case %zu: lengths", i);
	}
	yj_arena_free(a);
}

static void
test_regressions(void **unused)
{
	/* fuzz_names: a CR alone on the lines after From: looped forever */
	static const char cr[] = "From: x@b.example\n\r\n\r\n\r\nS\r";
	struct yj_arena *a = yj_arena_new();
	struct yj_quote q;

	(void)unused;
	yj_quote_split(a, cr, sizeof(cr) - 1, &q);
	yj_quote_split(a, "From:\r", 6, &q);
	yj_quote_split(a, "from: a\r\r\r\r", 11, &q);
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
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_regressions),
		cmocka_unit_test(test_signature),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
