/*
 * lookalike_test.c - mail/lookalike and the domain forms it relies on
 * (mail/domain: registrable domains, IDNA, suffixes, government)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/domain.h"
#include "mail/lookalike.h"

static void
test_registrable(void **unused)
{
	static const struct {
		const char	*in;
		const char	*reg;
		const char	*suffix;
		const char	*name;
	} cases[] = {
		{ "mail.a-shoji.co.jp", "a-shoji.co.jp", "co.jp", "a-shoji" },
		{ "foo.bar.example.co.jp", "example.co.jp", "co.jp",
		  "example" },
		{ "city.shinagawa.tokyo.jp", "city.shinagawa.tokyo.jp",
		  "shinagawa.tokyo.jp", "city" },
		{ "evil.github.io", "evil.github.io", "github.io", "evil" },
		{ "WWW.Example.COM", "example.com", "com", "example" },
		{ "www.amazon.co.jp.", "amazon.co.jp", "co.jp", "amazon" },
		{ "xn--mazon-3ve.co.jp", "xn--mazon-3ve.co.jp", "co.jp",
		  "xn--mazon-3ve" },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(yj_domain_registrable(a, cases[i].in),
		    cases[i].reg);
		assert_string_equal(yj_domain_suffix(a, cases[i].in),
		    cases[i].suffix);
		assert_string_equal(yj_domain_name(a, cases[i].in),
		    cases[i].name);
	}
	assert_true(yj_domain_is_public_suffix("co.jp"));
	assert_true(yj_domain_is_public_suffix("com"));
	assert_true(yj_domain_is_public_suffix("tokyo.jp"));
	assert_false(yj_domain_is_public_suffix("example.co.jp"));
	assert_string_equal(yj_domain_tld("a.b.jp"), "jp");
	assert_true(yj_domain_tld_exists("jp"));
	assert_true(yj_domain_tld_exists("com"));
	assert_true(yj_domain_tld_exists("xn--q9jyb4c"));	/* .みんな */
	assert_false(yj_domain_tld_exists("zf"));
	assert_true(yj_domain_tld_exists("example"));	/* RFC 2606 */
	assert_false(yj_domain_tld_exists("invalid"));
	assert_false(yj_domain_tld_exists("localdomain"));
	assert_false(yj_domain_tld_exists(""));
	assert_string_equal(yj_domain_tld("localhost"), "localhost");
	yj_arena_free(a);
}

static void
test_idna(void **unused)
{
	struct yj_arena *a = yj_arena_new();

	(void)unused;
	/* Cyrillic а in amazon */
	assert_string_equal(yj_domain_ascii(a, "\xd0\xb0mazon.co.jp"),
	    "xn--mazon-3ve.co.jp");
	assert_string_equal(yj_domain_unicode(a, "xn--mazon-3ve.co.jp"),
	    "\xd0\xb0mazon.co.jp");
	/* full-width and upper case fold (UTS #46) */
	assert_string_equal(yj_domain_ascii(a,
	    "\xef\xbd\x85\xef\xbd\x98\xef\xbd\x81\xef\xbd\x8d\xef\xbd\x90"
	    "\xef\xbd\x8c\xef\xbd\x85.JP"), "example.jp");
	assert_string_equal(yj_domain_ascii(a, "Example.COM"), "example.com");
	/* Japanese IDN */
	assert_string_equal(yj_domain_ascii(a,
	    "\xe7\x94\xa8\xe5\xbf\x83.jp"), "xn--15t298b.jp");
	/* bad punycode is refused, not passed through */
	assert_null(yj_domain_ascii(a, "xn--zz-zzzzzzz.jp"));
	assert_true(yj_domain_is_idn("xn--15t298b.jp"));
	assert_true(yj_domain_is_idn("mail.xn--7krq27c.jp"));
	assert_false(yj_domain_is_idn("example.jp"));
	assert_false(yj_domain_is_idn("axn--b.jp"));
	/* an ASCII name is its own U-label form */
	assert_string_equal(yj_domain_unicode(a, "example.jp"), "example.jp");
	yj_arena_free(a);
}

static void
test_government(void **unused)
{
	static const struct {
		const char	*d;
		bool		 gov;
	} cases[] = {
		{ "soumu.go.jp", true },
		{ "mail.nta.go.jp", true },
		{ "city.example.lg.jp", true },
		{ "pref.osaka.jp", true },
		{ "www.pref.osaka.jp", true },
		{ "city.shinagawa.tokyo.jp", true },
		{ "metro.tokyo.jp", true },
		{ "town.kuriyama.hokkaido.jp", true },
		{ "irs.gov", true },
		{ "army.mil", true },
		{ "gov.uk", true },
		{ "service.gov.uk", true },
		{ "interieur.gouv.fr", true },
		{ "example.co.jp", false },
		{ "city.example.co.jp", false },	/* a company's host */
		{ "go-jp.example", false },
		{ "gov.example.com", false },
		{ "government.jp", false },
		{ "lg.jp.evil.example", false },
		{ "", false },
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (yj_domain_is_government(cases[i].d) != cases[i].gov)
			fail_msg("%s: expected %d", cases[i].d, cases[i].gov);
}

static void
test_pairs(void **unused)
{
	static const struct {
		const char		*a;
		const char		*b;
		enum yj_lookalike_how	 how;
	} cases[] = {
		/* the same organisation is never a look-alike */
		{ "mail.partner.co.jp", "partner.co.jp", YJ_LA_SAME },
		/* confusables (UTS #39 skeleton) */
		{ "xn--mazon-3ve.co.jp", "amazon.co.jp", YJ_LA_CONFUSABLE },
		{ "rnicrosoft.com", "microsoft.com", YJ_LA_CONFUSABLE },
		{ "paypa1.com", "paypal.com", YJ_LA_CONFUSABLE },
		/* our homoglyph map */
		{ "g00gle.com", "google.com", YJ_LA_HOMOGLYPH },
		{ "yojin_shoji.example", "yojin-shoji.example",
		  YJ_LA_HOMOGLYPH },
		{ "vvebmail.example", "webmail.example", YJ_LA_HOMOGLYPH },
		/* another suffix */
		{ "partner.co", "partner.com", YJ_LA_SUFFIX },
		{ "yojin-shoji.com", "yojin-shoji.co.jp", YJ_LA_SUFFIX },
		/* typos */
		{ "amazom.co.jp", "amazon.co.jp", YJ_LA_TYPO },
		{ "amzaon.co.jp", "amazon.co.jp", YJ_LA_TYPO },
		{ "amazon-co.jp", "amazon.co.jp", YJ_LA_TYPO },
		{ "partnerr.co.jp", "partner.co.jp", YJ_LA_TYPO },
		{ "yojinshoji.example", "yojin-shoji.example", YJ_LA_TYPO },
		{ "yojin-shouji.example", "yojin-shoji.example", YJ_LA_TYPO },
		/* not look-alikes */
		{ "ibn.com", "ibm.com", YJ_LA_NONE },	/* 3 letters: no typo */
		{ "example.com", "sample.com", YJ_LA_NONE },
		{ "partner.co.jp", "partners-hub.co.jp", YJ_LA_NONE },
		{ "tokyo-gas.co.jp", "tokyu-bus.co.jp", YJ_LA_NONE },
		{ "amazon.co.jp.evil.info", "amazon.co.jp", YJ_LA_NONE },
		{ "192.0.2.1", "example.com", YJ_LA_NONE },
		{ "", "example.com", YJ_LA_NONE },
	};
	struct yj_arena *a = yj_arena_new();
	enum yj_lookalike_how h;
	size_t i;
	int d;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		h = yj_lookalike_pair(a, cases[i].a, cases[i].b, &d);
		if (h != cases[i].how)
			fail_msg("%s vs %s: %s, expected %s", cases[i].a,
			    cases[i].b, yj_lookalike_how_name(h),
			    yj_lookalike_how_name(cases[i].how));
	}
	assert_int_equal(yj_lookalike_pair(a, "partnerr.co.jp",
	    "partner.co.jp", &d), YJ_LA_TYPO);
	assert_int_equal(d, 1);
	yj_arena_free(a);
}

static void
test_set(void **unused)
{
	static const char own[] = "own", partner[] = "partner",
	    brand[] = "brand";
	struct yj_lookalike *s = yj_lookalike_new();
	struct yj_arena *a = yj_arena_new();
	struct yj_lookalike_match m;

	(void)unused;
	yj_lookalike_add(s, "yojin-shoji.example", own);
	yj_lookalike_add(s, "mail.yojin-shoji.example", own);	/* same org */
	yj_lookalike_add(s, "kaisha-partner.co.jp", partner);
	yj_lookalike_add(s, "kaisha-partnar.co.jp", partner);	/* real too */
	yj_lookalike_add(s, "amazon.co.jp", brand);
	yj_lookalike_add(s, "amazon.com", brand);
	yj_lookalike_add(s, "co.jp", brand);			/* ignored */
	yj_lookalike_add(s, "", brand);				/* ignored */
	assert_int_equal(yj_lookalike_size(s), 5);

	assert_true(yj_lookalike_check(s, a, "yojin-sh0ji.example", &m));
	assert_int_equal(m.how, YJ_LA_HOMOGLYPH);
	assert_string_equal(m.reference, "yojin-shoji.example");
	assert_ptr_equal(m.tag, own);
	assert_true(yj_lookalike_check(s, a, "kaisha-partmer.co.jp", &m));
	assert_int_equal(m.how, YJ_LA_TYPO);
	assert_ptr_equal(m.tag, partner);
	assert_true(yj_lookalike_check(s, a, "amazon.co", &m));
	assert_int_equal(m.how, YJ_LA_SUFFIX);
	assert_ptr_equal(m.tag, brand);
	assert_true(yj_lookalike_check(s, a, "xn--mazon-3ve.com", &m));
	assert_int_equal(m.how, YJ_LA_CONFUSABLE);
	assert_string_equal(m.reference, "amazon.com");
	/* a reference itself is SAME, even when it is near another one */
	assert_false(yj_lookalike_check(s, a, "kaisha-partnar.co.jp", &m));
	assert_int_equal(m.how, YJ_LA_SAME);
	assert_false(yj_lookalike_check(s, a, "www.amazon.co.jp", &m));
	assert_int_equal(m.how, YJ_LA_SAME);
	/* far away */
	assert_false(yj_lookalike_check(s, a, "unrelated.example", &m));
	assert_int_equal(m.how, YJ_LA_NONE);
	assert_null(m.reference);
	assert_false(yj_lookalike_check(s, a, NULL, NULL));
	assert_false(yj_lookalike_check(NULL, a, "amazon.co", NULL));
	/* longer names required for typos: a confusable still counts */
	yj_lookalike_add(s, "live.example", brand);
	assert_true(yj_lookalike_check(s, a, "love.example", &m));
	yj_lookalike_set_typo(s, 6, 9);
	assert_false(yj_lookalike_check(s, a, "love.example", &m));
	assert_true(yj_lookalike_check(s, a, "amazom.co.jp", &m)); /* 6 */
	assert_true(yj_lookalike_check(s, a, "kaisha-partmer.co.jp", &m));
	assert_true(yj_lookalike_check(s, a, "1ive.example", &m));
	assert_int_equal(m.how, YJ_LA_CONFUSABLE);
	yj_lookalike_free(s);
	yj_lookalike_free(NULL);
	yj_arena_free(a);
}

static void
test_skeleton_script(void **unused)
{
	struct yj_arena *a = yj_arena_new();

	(void)unused;
	/* full-width, Cyrillic and rn all reach the same skeleton */
	assert_string_equal(yj_lookalike_skeleton(a, "amazon"),
	    yj_lookalike_skeleton(a,
	    "\xef\xbd\x81\xef\xbd\x8d\xef\xbd\x81\xef\xbd\x9a\xef\xbd\x8f"
	    "\xef\xbd\x8e"));
	assert_string_equal(yj_lookalike_skeleton(a, "amazon"),
	    yj_lookalike_skeleton(a, "\xd0\xb0mazon"));
	assert_string_equal(yj_lookalike_skeleton(a, "amazon"),
	    yj_lookalike_skeleton(a, "arnazon"));
	assert_string_not_equal(yj_lookalike_skeleton(a, "amazon"),
	    yj_lookalike_skeleton(a, "amazing"));
	/* kanji 二 against katakana ニ (dependencies.md) */
	assert_string_equal(yj_lookalike_skeleton(a,
	    "\xe3\x82\xbd\xe4\xba\x8c\xe3\x83\xbc"),
	    yj_lookalike_skeleton(a, "\xe3\x82\xbd\xe3\x83\x8b\xe3\x83\xbc"));
	/* scripts: Latin with Cyrillic is mixed; Japanese writing is not */
	assert_true(yj_lookalike_mixed_script("\xd0\xb0mazon"));
	assert_true(yj_lookalike_mixed_script("Pay" "\xce\xa1" "al"));
	assert_false(yj_lookalike_mixed_script("amazon"));
	assert_false(yj_lookalike_mixed_script(
	    "\xe7\xb7\x8f\xe5\x8b\x99\xe8\xaa\xb2 \xe7\x94\xb0\xe4\xb8\xad "
	    "Taro \xe3\x81\x95\xe3\x82\x93"));	/* 総務課 田中 Taro さん */
	assert_false(yj_lookalike_mixed_script("123-456"));
	assert_false(yj_lookalike_mixed_script(""));
	assert_false(yj_lookalike_mixed_script("\xff\xfe"));
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registrable),
		cmocka_unit_test(test_idna),
		cmocka_unit_test(test_government),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_skeleton_script),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
