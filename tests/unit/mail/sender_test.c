/*
 * sender_test.c - mail/sender: the sender as shown and as addressed
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/sender.h"

static void
test_sender(void **unused)
{
	static const struct {
		const char	*from;
		const char	*addr;		/* NULL: none */
		const char	*shown;
	} cases[] = {
		{ "Taro <taro@example.jp>", "taro@example.jp", "Taro" },
		{ "Microsoft account team ,_<no-reply@evil.example>",
		  "no-reply@evil.example", "Microsoft account team" },
		{ "\"Bank\", x <svc@evil.example>", "svc@evil.example",
		  "Bank x" },
		{ "a@one.example, b@two.example", "a@one.example", "" },
		{ "undisclosed", NULL, "undisclosed" },
	};
	char raw[512];
	struct yj_msg *m;
	const struct yj_mailbox *mb;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(raw, sizeof(raw),
		    "From: %s\r\nSubject: x\r\n\r\nbody\r\n", cases[i].from);
		m = yj_msg_parse(raw, strlen(raw), NULL);
		mb = yj_sender_mailbox(m);
		if (cases[i].addr == NULL)
			assert_null(mb);
		else {
			assert_non_null(mb);
			assert_string_equal(mb->addr, cases[i].addr);
		}
		assert_string_equal(yj_sender_display(m->arena, m),
		    cases[i].shown);
		yj_msg_free(m);
	}
}

/* list and bulk mail, and ordinary mail that only looks a little like it */
static void
test_is_list(void **unused)
{
	static const struct {
		const char	*headers;
		bool		 want;
	} cases[] = {
		{ "To: a@b.example\r\nSubject: x\r\nList-Id: <dev.lists."
		  "example>\r\n", true },
		{ "To: a@b.example\r\nSubject: x\r\nList-Unsubscribe: "
		  "<mailto:u@lists.example>\r\n", true },
		{ "To: a@b.example\r\nSubject: x\r\nPrecedence: bulk\r\n",
		  true },
		{ "To: Dev-Team@groups.example\r\nSubject: Re: [dev-team] "
		  "lunch\r\n", true },
		{ "To: a@b.example\r\nCc: ml@lists.example\r\nSubject: "
		  "[ML] notes\r\n", true },
		/* a tag that names no recipient, or comes too late */
		{ "To: a@b.example\r\nSubject: [PATCH] fix\r\n", false },
		{ "To: dev@b.example\r\nSubject: about the thing we call "
		  "[dev]\r\n", false },
		{ "To: a@b.example\r\nSubject: []\r\n", false },
		{ "To: a@b.example\r\nSubject: x\r\nPrecedence: first-class"
		  "\r\n", false },
	};
	char raw[512];
	struct yj_msg *m;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(raw, sizeof(raw), "From: x@y.example\r\n%s\r\n"
		    "body\r\n", cases[i].headers);
		m = yj_msg_parse(raw, strlen(raw), NULL);
		if (yj_sender_is_list(m) != cases[i].want)
			fail_msg("case %zu: want %d", i, cases[i].want);
		yj_msg_free(m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sender),
		cmocka_unit_test(test_is_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
