/*
 * rfc2047_test.c - mail/rfc2047: header text to UTF-8
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/rfc2047.h"

static const struct {
	const char	*name;
	const char	*raw;
	const char	*want;
	unsigned	 flags_set;
	unsigned	 flags_clear;
} cases[] = {
	{ "plain ascii", "  Hello world", "Hello world", 0, YJ_HD_ENCODED },
	{ "iso-2022-jp B word", "=?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=",
	  "こんにちは", YJ_HD_ENCODED, YJ_HD_BAD_WORD },
	{ "utf-8 Q word with underscores",
	  "=?utf-8?q?caf=C3=A9_au_lait?=", "café au lait", YJ_HD_ENCODED, 0 },
	{ "lower-case b and charset",
	  "=?iso-2022-jp?b?GyRCJDMkcyRLJEEkTxsoQg==?=", "こんにちは", 0, 0 },
	{ "white space between words is dropped",
	  "=?UTF-8?B?44GT?= =?UTF-8?B?44KT?=", "こん", 0, 0 },
	{ "folded words are joined",
	  "=?UTF-8?B?44GT?=\r\n =?UTF-8?B?44KT?=", "こん", 0, 0 },
	{ "a character split across two words (Outlook)",
	  "=?UTF-8?B?44E=?= =?UTF-8?B?kw==?=", "こ", 0, YJ_HD_CHARSET },
	{ "shift_jis split across words",
	  "=?Shift_JIS?B?gg==?= =?Shift_JIS?B?oA==?=", "あ", 0,
	  YJ_HD_CHARSET },
	{ "text around words keeps its spaces",
	  "Re: =?UTF-8?B?44GC?= (fwd)", "Re: あ (fwd)", 0, 0 },
	{ "word glued to text is still decoded (Thunderbird)",
	  "abc=?UTF-8?B?44GC?=def", "abcあdef", 0, 0 },
	{ "raw iso-2022-jp in a header",
	  "\x1b$B$3$s$K$A$O\x1b(B world", "こんにちは world", YJ_HD_RAW_2022,
	  0 },
	{ "raw utf-8 (RFC 6532) is not an anomaly", "\xe6\x97\xa5\xe6\x9c\xac",
	  "日本", 0, YJ_HD_8BIT },
	{ "raw cp932 is guessed",
	  "\x8c\xa9\x90\xcf\x8f\x91\x82\xcc\x91\x97\x95\x74", "見積書の送付",
	  YJ_HD_8BIT, 0 },
	{ "NEC row 13 inside an encoded word",
	  "=?ISO-2022-JP?B?GyRCLSEtIhsoQg==?=", "①②", 0, YJ_HD_CHARSET },
	{ "rfc2231 language in the charset", "=?UTF-8*ja?B?44GC?=", "あ", 0,
	  YJ_HD_CHARSET },
	{ "broken base64 is decoded as far as possible",
	  "=?UTF-8?B?44G!C?=", "あ", YJ_HD_BAD_WORD, 0 },
	{ "unknown encoding letter is literal", "=?UTF-8?X?abc?=",
	  "=?UTF-8?X?abc?=", 0, YJ_HD_ENCODED },
	{ "unterminated word is literal", "=?UTF-8?B?44GC",
	  "=?UTF-8?B?44GC", 0, YJ_HD_ENCODED },
	{ "control characters become spaces", "a\x01" "b\tc", "a b c", 0, 0 },
	{ "encoded CR LF cannot forge a header line",
	  "=?UTF-8?Q?a=0D=0ABcc:_x@evil?=", "a  Bcc: x@evil", 0, 0 },
	{ "unknown charset", "=?x-klingon?B?YWJj?=", "abc", YJ_HD_CHARSET, 0 },
	/*
	 * Regression: a word whose declared charset failed and that was read
	 * as another (mislabelled) did not say so.
	 */
	{ "cp932 in a utf-8 word is recovered and flagged",
	  "=?UTF-8?B?g2WDWINn?=", "テスト", YJ_HD_CHARSET, 0 },
};

static void
test_decode(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned flags = 0;
		const char *out;

		out = yj_header_decode(a, cases[i].raw, strlen(cases[i].raw),
		    &flags);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("%s: got '%s', want '%s'", cases[i].name, out,
			    cases[i].want);
		if ((flags & cases[i].flags_set) != cases[i].flags_set ||
		    (flags & cases[i].flags_clear) != 0)
			fail_msg("%s: flags %#x", cases[i].name, flags);
	}
	yj_arena_free(a);
}

static void
test_many_words_are_bounded(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	size_t n = 10000, i, len = 0;
	char *raw = yj_arena_alloc(a, n * 17 + 1);
	unsigned flags = 0;
	const char *out;

	(void)unused;
	for (i = 0; i < n; i++) {
		memcpy(raw + len, "=?UTF-8?B?YQ==?= ", 17);
		len += 17;
	}
	out = yj_header_decode(a, raw, len, &flags);
	assert_true(flags & YJ_HD_TOO_MANY);
	assert_true(strlen(out) >= 4000);
	yj_arena_free(a);
}

/*
 * Regression: a NUL in a literal run cut the decoded value there, so
 * whatever followed it was invisible to every check.
 */
static void
test_nul_does_not_cut(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	const char raw[] = "Bank\0 <x@evil.example>";

	(void)unused;
	assert_string_equal(yj_header_decode(a, raw, sizeof(raw) - 1, NULL),
	    "Bank  <x@evil.example>");
	yj_arena_free(a);
}

static void
test_unfold(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	size_t n;

	(void)unused;
	assert_string_equal(yj_header_unfold(a, " a\r\n b\n\tc", 9, &n),
	    "a b\tc");
	assert_int_equal(n, 5);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_many_words_are_bounded),
		cmocka_unit_test(test_nul_does_not_cut),
		cmocka_unit_test(test_unfold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
