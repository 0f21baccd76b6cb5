/*
 * orgname_test.c - mail/orgname: organisation and person name keys,
 * legal-form extraction
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/orgname.h"

static void
test_org_key(void **unused)
{
	static const struct {
		const char	*in;
		const char	*key;
		const char	*core;
	} cases[] = {
		{ "株式会社A商事", "a商事", "a商事" },
		{ "A商事株式会社", "a商事", "a商事" },
		{ "(株)A商事", "a商事", "a商事" },
		{ "（株）Ａ商事", "a商事", "a商事" },
		{ "\xe3\x88\xb1" "A商事", "a商事", "a商事" },	/* ㈱ */
		{ "A商事 (株)", "a商事", "a商事" },
		{ "株式会社 A 商事", "a商事", "a 商事" },
		{ "有限会社ビー工業", "ビー工業", "ビー工業" },
		{ "ﾋﾞｰ工業(有)", "ビー工業", "ビー工業" },	/* half width */
		{ "合同会社シー", "シー", "シー" },
		{ "一般社団法人 日本ABC協会", "日本abc協会", "日本abc協会" },
		{ "医療法人社団 さくら会", "さくら会", "さくら会" },
		{ "Acme Trading Co., Ltd.", "acmetrading", "acme trading" },
		{ "ACME TRADING CO.,LTD.", "acmetrading", "acme trading" },
		{ "Acme, Inc.", "acme", "acme" },
		{ "The Acme Corporation", "acme", "acme" },
		{ "Example K.K.", "example", "example" },
		{ "Company Store Inc.", "companystore", "company store" },
		{ "A-Shoji", "ashoji", "a-shoji" },
		{ "用心・商事", "用心商事", "用心・商事" },
		/* nothing left, or too short to mean one organisation */
		{ "株式会社", "", "" },
		{ "Inc.", "inc", "inc" },
		{ "", "", "" },
		{ "A", "", "" },
		{ "(株)B", "", "" },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *k = yj_orgname_key(a, cases[i].in);
		const char *c = yj_orgname_core(a, cases[i].in);

		if (strcmp(k, cases[i].key) != 0 ||
		    strcmp(c, cases[i].core) != 0)
			fail_msg("'%s': key '%s' core '%s', want '%s' '%s'",
			    cases[i].in, k, c, cases[i].key, cases[i].core);
	}
	assert_true(yj_orgname_has_legal_form(a, "A商事株式会社"));
	assert_true(yj_orgname_has_legal_form(a, "Acme Ltd"));
	assert_false(yj_orgname_has_legal_form(a, "A商事"));
	assert_false(yj_orgname_has_legal_form(a, "Acme"));
	yj_arena_free(a);
}

static void
test_person_key(void **unused)
{
	static const struct {
		const char	*in;
		const char	*key;
	} cases[] = {
		{ "田中 太郎", "田中太郎" },
		{ "田中　太郎様", "田中太郎" },
		{ "田中太郎 様", "田中太郎" },
		{ "タナカ タロウ", "たなかたろう" },
		{ "ﾀﾅｶ ﾀﾛｳ", "たなかたろう" },
		{ "たなか たろう", "たなかたろう" },
		{ "佐藤さん", "佐藤" },
		{ "鈴木先生", "鈴木" },
		{ "Mr. Taro Tanaka", "tarotanaka" },
		{ "Dr Jane Smith", "janesmith" },
		{ "Skilling, Jeff", "skillingjeff" },
		{ "Tanaka-san", "tanaka" },
		{ "ＴＡＮＡＫＡ", "tanaka" },
		{ "様", "" },
		{ "", "" },
	};
	struct yj_arena *a = yj_arena_new();
	const char **parts;
	size_t i, n;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *k = yj_personname_key(a, cases[i].in);

		if (strcmp(k, cases[i].key) != 0)
			fail_msg("'%s': key '%s', want '%s'", cases[i].in, k,
			    cases[i].key);
	}
	n = yj_personname_parts(a, "Skilling, Jeff", &parts);
	assert_int_equal(n, 2);
	assert_string_equal(parts[0], "skilling");
	assert_string_equal(parts[1], "jeff");
	n = yj_personname_parts(a, "営業部 田中 太郎 様", &parts);
	assert_int_equal(n, 3);
	assert_string_equal(parts[2], "太郎");
	n = yj_personname_parts(a, "ジョン・スミス", &parts);
	assert_int_equal(n, 2);
	assert_string_equal(parts[0], "じょん");
	assert_true(yj_name_is_cjk("田中"));
	assert_true(yj_name_is_cjk("たなか"));
	assert_false(yj_name_is_cjk("tanaka"));
	assert_string_equal(yj_name_fold(a, "サトウ・ハナコ", 21), "さとうはなこ");
	yj_arena_free(a);
}

/* names - the names extracted from text, joined by '|' */
static const char *
names(struct yj_arena *a, const char *text)
{
	struct yj_orgname_mark *v;
	char buf[1024] = "";
	size_t n, i;

	n = yj_orgname_extract(a, text, strlen(text), 20, &v);
	for (i = 0; i < n; i++) {
		if (i > 0)
			strncat(buf, "|", sizeof(buf) - strlen(buf) - 1);
		strncat(buf, v[i].key, sizeof(buf) - strlen(buf) - 1);
		/* offsets point at the name in the text */
		assert_memory_equal(text + v[i].off, v[i].name,
		    strlen(v[i].name) < v[i].len ? strlen(v[i].name) :
		    v[i].len);
	}
	return yj_arena_strdup(a, buf);
}

static void
test_extract(void **unused)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "株式会社A商事の田中です。", "a商事" },
		{ "株式会社A商事 営業部 田中様", "a商事" },
		{ "A商事株式会社 営業部", "a商事" },
		{ "いつもお世話になっております。B工業(株)の佐藤です",
		    "b工業" },
		{ "㈱シー物産と（有）ディー運輸", "シー物産|ディー運輸" },
		{ "株式会社A商事御中", "a商事" },
		{ "We met Acme Trading Co., Ltd. yesterday.", "acmetrading" },
		{ "Dynegy Inc. and Enron Corp. signed.", "dynegy|enron" },
		{ "Goldman Sachs & Co. will lead", "goldmansachs" },
		{ "a corporation of the state", "" },
		{ "the Incorporated village", "" },
		{ "株式会社", "" },
		{ "株式会社\n", "" },
		{ "", "" },
		/* one per key */
		{ "(株)A商事とA商事株式会社", "a商事" },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = names(a, cases[i].text);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].text,
			    got, cases[i].want);
	}
	yj_arena_free(a);
}

static void
test_extract_hostile(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_orgname_mark *v;
	static char big[200000];
	size_t i, n;

	(void)unused;
	/* many marks, long runs, cut UTF-8, a limit on results */
	for (i = 0; i + 16 < sizeof(big); i += 16)
		memcpy(big + i, "(株)\xe5\xad\x97" "ABC\xe3\x81" "x ", 14);
	memset(big + i, 'x', sizeof(big) - i - 1);
	n = yj_orgname_extract(a, big, strlen(big), 5, &v);
	assert_true(n <= 5);
	n = yj_orgname_extract(a, "\xe3\x88", 2, 5, &v);
	assert_int_equal(n, 0);
	n = yj_orgname_extract(a, "Inc.", 4, 5, &v);
	assert_int_equal(n, 0);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_org_key),
		cmocka_unit_test(test_person_key),
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_extract_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
