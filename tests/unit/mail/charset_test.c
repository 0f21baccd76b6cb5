/*
 * charset_test.c - mail/charset: every Japanese charset through ICU
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/charset.h"

struct conv_case {
	const char	*name;
	const char	*charset;	/* declared, NULL = none */
	const char	*in;
	size_t		 len;
	const char	*want;
	unsigned	 flags_set;	/* must be set */
	unsigned	 flags_clear;	/* must be clear */
};

#define S(x)	x, sizeof(x) - 1

static const struct conv_case conv_cases[] = {
	{ "iso2022jp plain", "ISO-2022-JP", S("\x1b$B$3$s$K$A$O\x1b(B"),
	  "こんにちは", 0, YJ_CS_ERRORS },
	{ "iso2022jp NEC row 13 (Outlook)", "iso-2022-jp",
	  S("\x1b$B-!-\"-#\x1b(B"), "①②③", 0, YJ_CS_ERRORS },
	{ "iso2022jp half-width katakana via ESC ( I", "ISO-2022-JP",
	  S("\x1b(I123\x1b(B"), "ｱｲｳ", 0, YJ_CS_ERRORS },
	{ "shift_jis as cp932: NEC and IBM extensions", "Shift_JIS",
	  S("\x87\x40\x87\x8a\xfb\xfc"), "①㈱髙", 0, YJ_CS_ERRORS },
	{ "shift_jis wave dash is cp932's", "shift_jis", S("\x81\x60"),
	  "～", 0, YJ_CS_ERRORS },
	{ "windows-31j", "Windows-31J", S("\x82\xa0"), "あ", 0,
	  YJ_CS_ERRORS },
	{ "euc-jp", "EUC-JP", S("\xa4\xa2\xa4\xa4"), "あい", 0,
	  YJ_CS_ERRORS },
	{ "utf-8", "utf-8", S("\xe3\x81\x82"), "あ", 0, YJ_CS_ERRORS },
	{ "ascii in any charset", "iso-2022-jp", S("hello"), "hello", 0,
	  YJ_CS_ERRORS | YJ_CS_GUESSED },
	{ "iso-8859-1 is read as windows-1252", "iso-8859-1",
	  S("caf\xe9 \x93q\x94"), "café “q”", 0, YJ_CS_ERRORS },
	{ "undeclared utf-8 is guessed", NULL, S("\xe6\x97\xa5\xe6\x9c\xac"),
	  "日本", YJ_CS_GUESSED, YJ_CS_ERRORS },
	{ "undeclared cp932 is guessed", NULL,
	  S("\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\x81\x42"),
	  "こんにちは。", YJ_CS_GUESSED, YJ_CS_ERRORS },
	{ "undeclared euc-jp is guessed", NULL,
	  S("\xa4\xb3\xa4\xf3\xa4\xcb\xa4\xc1\xa4\xcf\xa1\xa3"),
	  "こんにちは。", YJ_CS_GUESSED, YJ_CS_ERRORS },
	{ "undeclared iso-2022-jp is seen by its escapes", NULL,
	  S("\x1b$BF|K\\\x1b(B"), "日本", 0, YJ_CS_ERRORS },
	{ "cp932 mislabelled as iso-2022-jp", "iso-2022-jp",
	  S("\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd"), "こんにちは",
	  YJ_CS_MISLABEL, YJ_CS_ERRORS },
	{ "unknown charset name falls back to a guess", "x-no-such-cs",
	  S("\xe3\x81\x82"), "あ", YJ_CS_UNKNOWN, 0 },
	{ "bytes not in the charset become U+FFFD", "utf-8",
	  S("a\xff" "b"), "a\xef\xbf\xbd" "b", YJ_CS_ERRORS, 0 },
	{ "NUL bytes are dropped", "utf-8", S("a\0b"), "ab", 0, 0 },
	{ "rfc2231 language suffix is ignored", "iso-2022-jp*ja",
	  S("\x1b$B$\"\x1b(B"), "あ", 0, YJ_CS_UNKNOWN | YJ_CS_ERRORS },
	/*
	 * Regression: ICU's substitute callback wrote U+001A, not U+FFFD,
	 * for converters whose substitution character is the ASCII SUB
	 * (ibm-943, our CP932).
	 */
	{ "cp932 guess substitutes U+FFFD", NULL, S("caf\xe9"),
	  "caf\xef\xbf\xbd", YJ_CS_ERRORS, 0 },
	{ "shift_jis cut lead byte is U+FFFD", "Shift_JIS", S("a\x82"),
	  "a\xef\xbf\xbd", YJ_CS_ERRORS, 0 },
	/*
	 * Regression: any error in the declared charset let a clean CP932
	 * guess win, so UTF-8 cut inside its last character, or one stray
	 * Latin-1 byte, became mojibake as a whole ("譌･譛ｬ...").
	 */
	{ "utf-8 cut in its last character stays utf-8", "UTF-8",
	  S("日本語テキス\xe3\x83"), "日本語テキス\xef\xbf\xbd",
	  YJ_CS_ERRORS, YJ_CS_MISLABEL },
	{ "one stray latin-1 byte in utf-8 stays utf-8", "utf-8",
	  S("caf\xe9 日本"), "caf\xef\xbf\xbd 日本", YJ_CS_ERRORS,
	  YJ_CS_MISLABEL },
	{ "cp932 mislabelled as utf-8 is still recovered", "UTF-8",
	  S("\x83\x65\x83\x58\x83\x67\x82\xa0"), "テストあ",
	  YJ_CS_MISLABEL, YJ_CS_ERRORS },
};

static void
test_conversions(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(conv_cases) / sizeof(conv_cases[0]); i++) {
		const struct conv_case *c = &conv_cases[i];
		unsigned flags = 0;
		const char *out;

		out = yj_charset_to_utf8(a, c->charset, c->in, c->len, &flags,
		    NULL);
		if (strcmp(out, c->want) != 0)
			fail_msg("%s: got '%s', want '%s'", c->name, out,
			    c->want);
		if ((flags & c->flags_set) != c->flags_set ||
		    (flags & c->flags_clear) != 0)
			fail_msg("%s: flags %#x", c->name, flags);
	}
	yj_arena_free(a);
}

static void
test_nfkc(void **unused)
{
	static const struct {
		const char	*in;
		const char	*nfkc;
		const char	*folded;
	} cases[] = {
		{ "ＡＢＣ１２３", "ABC123", "abc123" },
		{ "㈱アオバ", "(株)アオバ", "(株)アオバ" },
		{ "ｱｵﾊﾞ", "アオバ", "アオバ" },
		{ "①", "1", "1" },
		/* the two wave dashes compare equal */
		{ "10～20", "10〜20", "10〜20" },
		{ "10〜20", "10〜20", "10〜20" },
		{ "Ｔａｎａｋａ", "Tanaka", "tanaka" },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(yj_nfkc(a, cases[i].in,
		    strlen(cases[i].in)), cases[i].nfkc);
		assert_string_equal(yj_nfkc_casefold(a, cases[i].in,
		    strlen(cases[i].in)), cases[i].folded);
	}
	yj_arena_free(a);
}

static void
test_guess_and_escape(void **unused)
{
	(void)unused;
	assert_true(yj_has_iso2022_escape("a\x1b$Bxx", 7));
	assert_false(yj_has_iso2022_escape("a\x1b[0m", 5));
	assert_string_equal(yj_charset_guess("abc", 3), "UTF-8");
}

/* scribble - overwrite the stack area a previous call used */
static void __attribute__((noinline))
scribble(void)
{
	volatile char junk[8192];
	size_t i;

	for (i = 0; i < sizeof(junk); i++)
		junk[i] = 'X';
}

/* *used must outlive the call for names outside the alias table */
static void
test_used_outlives_call(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	const char *used = NULL;

	(void)unused;
	(void)yj_charset_to_utf8(a, "UTF-8", "\xc3\xa9", 2, NULL, &used);
	scribble();
	assert_non_null(used);
	assert_string_equal(used, "utf-8");
	(void)yj_charset_to_utf8(a, "KOI8-R", "\xc1", 1, NULL, &used);
	scribble();
	assert_string_equal(used, "koi8-r");
	yj_arena_free(a);
}

static void
test_from_utf8(void **unused)
{
	static const struct {
		const char	*charset;
		const char	*in;
		const char	*subst;
		const char	*want;	/* NULL: the conversion fails */
		size_t		 nsubst;
	} cases[] = {
		{ "ISO-2022-JP", "用心 ok", NULL,
		  "\x1b$BMQ?4\x1b(B ok", 0 },
		{ "iso-2022-jp", "é", "?", "?", 1 },
		{ "Shift_JIS", "用心", NULL, "\x97p\x90S", 0 },
		{ "CP932", "①", NULL, "\x87@", 0 },
		{ "EUC-JP", "用", NULL, "\xcd\xd1", 0 },
		{ "utf-8", "用", NULL, "\xe7\x94\xa8", 0 },
		/* strict ASCII and Latin-1, not windows-1252 */
		{ "us-ascii", "a\xe2\x82\xac", NULL, NULL, 0 },
		{ "us-ascii", "用心a", "?", "??a", 2 },
		{ "iso-8859-1", "\xc3\xa9", NULL, "\xe9", 0 },
		{ "iso-8859-1", "\xe2\x82\xac", NULL, NULL, 0 },
		{ "windows-1252", "\xe2\x82\xac", NULL, "\x80", 0 },
		{ "no-such-charset", "a", "?", NULL, 0 },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i, n, ns;
	char *out;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ns = 99;
		out = yj_charset_from_utf8(a, cases[i].charset, cases[i].in,
		    strlen(cases[i].in), cases[i].subst, &n, &ns);
		if (cases[i].want == NULL) {
			if (out != NULL)
				fail_msg("case %zu converted", i);
			continue;
		}
		if (out == NULL)
			fail_msg("case %zu failed", i);
		if (n != strlen(cases[i].want) ||
		    memcmp(out, cases[i].want, n) != 0)
			fail_msg("case %zu: wrong bytes", i);
		if (ns != cases[i].nsubst)
			fail_msg("case %zu: %zu substitutions", i, ns);
	}
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_nfkc),
		cmocka_unit_test(test_guess_and_escape),
		cmocka_unit_test(test_used_outlives_call),
		cmocka_unit_test(test_from_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
