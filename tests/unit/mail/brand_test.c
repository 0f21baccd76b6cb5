/*
 * brand_test.c - mail/brand: the brand list and its matching
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/brand.h"
#include "mail/charset.h"

/* named - the brand found in text (NFKC_Casefold first), or NULL */
static const char *
named(const struct yj_brands *b, struct yj_arena *a, const char *text)
{
	struct yj_brand_hit h[4];
	const char *f = yj_nfkc_casefold(a, text, strlen(text));

	return yj_brands_in_text(b, f, h, 4) > 0 ? h[0].brand->name : NULL;
}

/* in_host - the brand found in a host, or NULL */
static const char *
in_host(const struct yj_brands *b, const char *host)
{
	struct yj_brand_hit h[4];

	return yj_brands_in_host(b, host, h, 4) > 0 ? h[0].brand->name : NULL;
}

static void
test_text(void **unused)
{
	static const struct {
		const char	*text;
		const char	*brand;		/* NULL: none */
	} cases[] = {
		{ "Amazon.co.jp", "Amazon" },
		{ "ＡＭＡＺＯＮ カスタマーサービス", "Amazon" },
		{ "アマゾンプライム会員", "Amazon" },
		{ "Apple ID Support", "Apple" },
		{ "三井住友カード株式会社", "三井住友" },
		{ "SMBC信託銀行", "三井住友" },
		{ "【えきねっと】重要なお知らせ", "JR東日本" },
		{ "イオンカードセンター", "イオン" },
		{ "ETC利用照会サービス", "ETC" },
		{ "Microsoft 365 Team", "Microsoft" },
		/* whole words and katakana boundaries */
		{ "Pineapple Express Co.", NULL },
		{ "ライオン株式会社", NULL },
		{ "amazonian tours", NULL },
		{ "Support Desk", NULL },
		{ "田中 太郎", NULL },
		{ "", NULL },
	};
	struct yj_brands *b = yj_brands_new(true);
	struct yj_arena *a = yj_arena_new();
	const char *got;
	size_t i;

	(void)unused;
	assert_true(yj_brands_count(b) > 50);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = named(b, a, cases[i].text);
		if ((got == NULL) != (cases[i].brand == NULL) ||
		    (got != NULL && strcmp(got, cases[i].brand) != 0))
			fail_msg("%s: got %s, expected %s", cases[i].text,
			    got ? got : "none",
			    cases[i].brand ? cases[i].brand : "none");
	}
	yj_brands_free(b);
	yj_arena_free(a);
}

static void
test_hosts(void **unused)
{
	static const struct {
		const char	*host;
		const char	*brand;
	} cases[] = {
		{ "amazon.co.jp.account-verify.example", "Amazon" },
		{ "monex-co-jp.example.cn", "マネックス証券" },
		{ "jp-mercari-mercarijp.example.com", "メルカリ" },
		{ "amazonsupport-jp.example", "Amazon" },
		{ "secure.paypal-login.example", "PayPal" },
		{ "dhl-express.example", "DHL" },
		{ "bankofamerica-alerts.example", "Bank of America" },
		{ "www.amazon.co.jp", "Amazon" },	/* owner decides */
		/* short tokens only as a label or a hyphen part */
		{ "adhlx.example", NULL },
		{ "groups.example", NULL },
		{ "pineapple.example", NULL },
		{ "www.example.com", NULL },
		{ "", NULL },
	};
	struct yj_brands *b = yj_brands_new(true);
	const char *got;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = in_host(b, cases[i].host);
		if ((got == NULL) != (cases[i].brand == NULL) ||
		    (got != NULL && strcmp(got, cases[i].brand) != 0))
			fail_msg("%s: got %s, expected %s", cases[i].host,
			    got ? got : "none",
			    cases[i].brand ? cases[i].brand : "none");
	}
	yj_brands_free(b);
}

static void
test_owner(void **unused)
{
	struct yj_brands *b = yj_brands_new(true);
	struct yj_arena *a = yj_arena_new();
	const struct yj_brand *br;

	(void)unused;
	br = yj_brands_owner(b, a, "mail.amazon.co.jp");
	assert_non_null(br);
	assert_string_equal(br->name, "Amazon");
	assert_true(yj_brand_owns(br, a, "amazonses.com"));
	assert_false(yj_brand_owns(br, a, "amazon.co.jp.evil.example"));
	assert_null(yj_brands_owner(b, a, "amazon-co.jp"));
	assert_null(yj_brands_owner(b, a, "evil.example"));
	assert_string_equal(yj_brands_owner(b, a, "smbc-card.com")->name,
	    "三井住友");
	/* look-alikes of brand domains, with the brand as tag */
	{
		struct yj_lookalike_match m;

		assert_true(yj_lookalike_check(yj_brands_lookalike(b), a,
		    "arnazon.co.jp", &m));
		assert_string_equal(((const struct yj_brand *)m.tag)->name,
		    "Amazon");
	}
	yj_brands_free(b);
	yj_arena_free(a);
}

static void
test_configured(void **unused)
{
	static const char *const tok[] = { "用心銀行", "Yojin Bank" };
	static const char *const dom[] = { "yojin-bank.example",
		"mail.yojin-bank.example", "bad domain" };
	static const char *const more[] = { "アマゾン・ジャパン" };
	static const char *const mdom[] = { "amazon-corp.example" };
	struct yj_brands *b = yj_brands_new(false);
	struct yj_arena *a = yj_arena_new();

	(void)unused;
	assert_int_equal(yj_brands_count(b), 0);
	assert_null(named(b, a, "Amazon"));
	yj_brands_add(b, "用心銀行", tok, 2, dom, 3);
	yj_brands_add(b, "", tok, 2, dom, 3);		/* no name: ignored */
	assert_int_equal(yj_brands_count(b), 1);
	assert_string_equal(named(b, a, "YOJIN BANK サポート"), "用心銀行");
	assert_int_equal(yj_brands_at(b, 0)->ndomains, 1);
	yj_brands_free(b);
	/* extending a compiled-in brand by its name */
	b = yj_brands_new(true);
	yj_brands_add(b, "AMAZON", more, 1, mdom, 1);
	assert_non_null(yj_brands_owner(b, a, "amazon-corp.example"));
	assert_string_equal(named(b, a, "アマゾン・ジャパン"), "Amazon");
	yj_brands_free(b);
	yj_brands_free(NULL);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_configured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
