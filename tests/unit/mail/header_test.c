/*
 * header_test.c - mail/header: splitting the header block
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/header.h"
#include "util/limits.h"

struct seen {
	char	out[4096];
	size_t	n;
};

/* collect - "name=value|" per field */
static int
collect(const struct yj_hfield *f, void *arg)
{
	struct seen *s = arg;
	size_t len = strlen(s->out);

	snprintf(s->out + len, sizeof(s->out) - len, "%.*s=%.*s|",
	    (int)f->name_len, f->name, (int)f->value_len, f->value);
	s->n++;
	return 0;
}

static void
test_split(void **unused)
{
	static const struct {
		const char	*name;
		const char	*raw;
		const char	*fields;
		size_t		 body;		/* offset of the body */
		unsigned	 flags;
	} cases[] = {
		{ "crlf", "A: 1\r\nB: 2\r\n\r\nbody", "A= 1|B= 2|", 14, 0 },
		{ "lf", "A: 1\nB: 2\n\nbody", "A= 1|B= 2|", 11, 0 },
		{ "folding kept", "A: 1\r\n 2\r\n\t3\r\n\r\nx",
		  "A= 1\r\n 2\r\n\t3|", 16, 0 },
		{ "obsolete space before colon", "Subject : hi\n\nx",
		  "Subject= hi|", 14, 0 },
		{ "mbox From line skipped",
		  "From a@b Thu Nov 26 10:00:00 2026\nA: 1\n\nx", "A= 1|", 40,
		  YJ_HS_MBOX_FROM },
		{ "not mail", "hello world\nmore\n", "", 0, YJ_HS_NOT_MAIL },
		{ "non-field line ends the header", "A: 1\nnot a header\nB: 2\n",
		  "A= 1|", 5, YJ_HS_SYNTAX },
		{ "no body at all", "A: 1\r\nB: 2", "A= 1|B= 2|", 10,
		  YJ_HS_NO_BODY },
		{ "empty value", "A:\n\n", "A=|", 4, 0 },
	};
	size_t i, off;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct seen s = { "", 0 };
		unsigned flags = 0;

		off = yj_header_split(cases[i].raw, strlen(cases[i].raw),
		    collect, &s, &flags);
		if (strcmp(s.out, cases[i].fields) != 0)
			fail_msg("%s: fields '%s'", cases[i].name, s.out);
		if (off != cases[i].body)
			fail_msg("%s: body at %zu", cases[i].name, off);
		if (flags != cases[i].flags)
			fail_msg("%s: flags %#x", cases[i].name, flags);
	}
}

static void
test_limits_reported(void **unused)
{
	char *raw;
	size_t n = 0, i;
	struct seen s = { "", 0 };
	unsigned flags = 0;

	(void)unused;
	raw = test_malloc(YJ_LIM_HEADERS * 8 + YJ_LIM_HEADER_SIZE + 64);
	for (i = 0; i < YJ_LIM_HEADERS + 5; i++)
		n += (size_t)sprintf(raw + n, "X: %zu\n", i % 10);
	(void)yj_header_split(raw, n, NULL, &s, &flags);
	assert_true(flags & YJ_HS_TOO_MANY);
	n = (size_t)sprintf(raw, "Subject: ");
	memset(raw + n, 'a', YJ_LIM_HEADER_SIZE + 1);
	n += YJ_LIM_HEADER_SIZE + 1;
	raw[n++] = '\n';
	flags = 0;
	(void)yj_header_split(raw, n, NULL, NULL, &flags);
	assert_true(flags & YJ_HS_TOO_LONG);
	test_free(raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_limits_reported),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
