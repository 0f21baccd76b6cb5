/*
 * lex_test.c - mail/lex: lexical scanning shared by the header parsers
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/lex.h"

/* Raw Japanese bytes that equal ASCII specials are text, never structure. */
static void
test_text_units(void **unused)
{
	struct yj_lex l;
	const char *jis = "\x1b$BI=<(\x1b(B<";	/* 表示 then a real '<' */
	const char *sjis = "\x95\x5c\x83\x40\"";	/* 表ァ then a real '"' */

	(void)unused;
	yj_lex_init(&l, jis, strlen(jis));
	assert_true(l.flags & YJ_LEX_ISO2022);
	while (yj_lex_peek(&l) == YJ_LEX_TEXT)
		yj_lex_next(&l);
	assert_int_equal(yj_lex_peek(&l), '<');
	assert_int_equal(l.i, strlen(jis) - 1);

	yj_lex_init(&l, sjis, strlen(sjis));
	assert_true(l.sjis);
	while (yj_lex_peek(&l) == YJ_LEX_TEXT)
		yj_lex_next(&l);
	assert_int_equal(yj_lex_peek(&l), '"');

	/* UTF-8 is never paired as Shift_JIS */
	yj_lex_init(&l, "\xe8\xa1\xa8@", 4);
	assert_false(l.sjis);
}

/* A JIS run that never shifts back ends at the line break. */
static void
test_shift_reset(void **unused)
{
	struct yj_lex l;
	const char *s = "\x1b$B$\"\r\n <";

	(void)unused;
	yj_lex_init(&l, s, strlen(s));
	while (yj_lex_peek(&l) == YJ_LEX_TEXT)
		yj_lex_next(&l);
	assert_int_equal(yj_lex_peek(&l), '\r');
	(void)yj_lex_skip_cfws(&l, NULL);
	assert_int_equal(yj_lex_peek(&l), '<');
}

static void
test_quoted_and_comments(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_lexbuf b;
	struct yj_lex l;
	const char *q = "\"a\\\"b\r\n c\"x";
	const char *c = "(one (two) \\) three) (four)x";
	const char *open = "\"never closed";

	(void)unused;
	yj_lexbuf_init(a, &b, 64);
	yj_lex_init(&l, q, strlen(q));
	assert_true(yj_lex_quoted(&l, &b));
	assert_string_equal(b.p, "a\"b c");
	assert_int_equal(yj_lex_peek(&l), 'x');

	yj_lexbuf_reset(&b);
	yj_lex_init(&l, c, strlen(c));
	assert_true(yj_lex_skip_cfws(&l, &b));
	assert_string_equal(b.p, "one (two) ) three four");
	assert_int_equal(yj_lex_peek(&l), 'x');

	yj_lexbuf_reset(&b);
	yj_lex_init(&l, open, strlen(open));
	assert_false(yj_lex_quoted(&l, &b));
	assert_true(l.flags & YJ_LEX_OPEN);
	assert_string_equal(b.p, "never closed");
	yj_arena_free(a);
}

static void
test_atom_stops(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_lexbuf b;
	struct yj_lex l;

	(void)unused;
	yj_lexbuf_init(a, &b, 32);
	yj_lex_init(&l, "ab\0c;d", 6);
	assert_int_equal(yj_lex_atom(&l, ";", &b), 4);	/* NUL is no stop */
	assert_int_equal(yj_lex_peek(&l), ';');
	yj_arena_free(a);
}

/* The buffer never writes past its capacity. */
static void
test_lexbuf_cap(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_lexbuf b;

	(void)unused;
	yj_lexbuf_init(a, &b, 4);
	yj_lexbuf_add(&b, "abcdef", 6);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.p, "abc");
	yj_lexbuf_addc(&b, 'x');
	assert_int_equal(b.len, 3);
	yj_arena_free(a);
}

static void
test_domain_ok(void **unused)
{
	static const struct {
		const char	*d;
		bool		 ok;
	} v[] = {
		{ "example.jp", true },
		{ "city.shinagawa.tokyo.jp", true },
		{ "_dmarc.example.com", true },
		{ "localhost", true },
		{ "日本.jp", true },
		{ "xn--wgv71a.jp", true },
		{ "", false },
		{ ".example.jp", false },
		{ "example.jp.", false },
		{ "exa..mple.jp", false },
		{ "example.net(.example.com", false },
		{ "exa mple.jp", false },
		{ "pay\xe2\x80\x8bpal.com", false },		/* U+200B */
		{ "pay\xc2\xadpal.com", false },	/* soft hyphen */
		{ "pay\xe2\x80\xaelap.com", false },	/* RLO */
		{ "a\xff.jp", false },			/* not UTF-8 */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jp", false },	/* 64 */
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		print_message("domain %zu\n", i);
		assert_int_equal(yj_lex_domain_ok(v[i].d, strlen(v[i].d)),
		    v[i].ok);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_units),
		cmocka_unit_test(test_shift_reset),
		cmocka_unit_test(test_quoted_and_comments),
		cmocka_unit_test(test_atom_stops),
		cmocka_unit_test(test_lexbuf_cap),
		cmocka_unit_test(test_domain_ok),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
