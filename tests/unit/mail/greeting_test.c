/*
 * greeting_test.c - mail/greeting: salutations at the top of a body
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/greeting.h"

/* show - "kind:person/org/dept" of each greeting, joined by '|' */
static const char *
show(struct yj_arena *a, const char *text)
{
	static const char kinds[] = { 'P', 'O', 'G' };
	struct yj_greeting *v;
	char buf[1024] = "", one[256];
	size_t n, i;

	n = yj_greeting_parse(a, text, strlen(text), 8, &v);
	for (i = 0; i < n; i++) {
		snprintf(one, sizeof(one), "%s%c%s:%s%s%s/%s/%s", i ? "|" : "",
		    kinds[v[i].kind], v[i].bare ? "?" : "", v[i].person,
		    *v[i].full ? "=" : "", v[i].full, v[i].org, v[i].dept);
		strncat(buf, one, sizeof(buf) - strlen(buf) - 1);
	}
	return yj_arena_strdup(a, buf);
}

static void
test_greetings(void **unused)
{
	static const struct {
		const char	*text;
		const char	*want;
	} cases[] = {
		{ "田中様\n\nいつもお世話になっております。", "P:田中//" },
		{ "田中 太郎 様\nお世話になっております。", "P:太郎=田中 太郎/田中/" },
		{ "B さん\n", "P:B//" },
		{ "鈴木殿\n", "P:鈴木//" },
		{ "佐藤先生\n", "P:佐藤//" },
		{ "株式会社A商事 営業部 C様\n", "P:C/株式会社A商事/営業部" },
		{ "株式会社A商事\n営業部 田中様\n\nいつもお世話になって"
		  "おります。", "P:田中/株式会社A商事/営業部" },
		{ "A商事株式会社\n営業部 部長 田中様\n", "P:田中/A商事株式会社/営業部" },
		{ "田中様、鈴木様\n", "P:田中//|P:鈴木//" },
		{ "ＡＢＣ物産御中\n", "O:/ABC物産/" },
		{ "株式会社A商事 経理部 御中\n", "O:/株式会社A商事/経理部" },
		{ "関係者各位\n", "G://" },
		{ "お客様各位\n", "G://" },
		{ "皆様\n", "G://" },
		{ "ご担当者様\n", "G://" },
		{ "田中部長\n", "P:田中//" },
		{ "Dear Mr. Tanaka,\n\nThank you.", "P:Tanaka//" },
		{ "Dear Jeff and Ken,\n", "P:Jeff//|P:Ken//" },
		{ "Hi Sherri,\n", "P:Sherri//" },
		{ "Hello Taro Yamada:\n", "P:Taro Yamada//" },
		{ "Tanaka-san,\n", "P:Tanaka//" },
		{ "Dear Tanaka-san,\n", "P:Tanaka//" },
		{ "Dear all,\n", "G://" },
		{ "Dear Sir or Madam,\n", "G://" },
		{ "Hi Jeff - quick question\n", "P:Jeff//" },
		{ "Dear Acme Trading Co., Ltd.\n", "O:/Acme Trading Co/" },
		{ "Jeff,\n\nPlease see below.", "P?:Jeff//" },
		{ "> 田中様\n\n鈴木様\n", "P:鈴木//" },
		{ "\n\n   佐藤様\n", "P:佐藤//" },
		/* not greetings */
		{ "お疲れ様です。\n総務の山田です。", "" },
		{ "お世話様です\n", "" },
		{ "いつもお世話になっております。\n田中様によろしく", "" },
		{ "Thanks,\nJeff", "" },
		{ "Please call me.\nDear John,", "" },
		{ "hi there\n", "G://" },
		{ "hello world\n", "" },
		{ "", "" },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = show(a, cases[i].text);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("'%s': got '%s', want '%s'", cases[i].text,
			    got, cases[i].want);
	}
	yj_arena_free(a);
}

static void
test_hostile(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_greeting *v;
	static char big[100000];
	size_t i, n;

	(void)unused;
	for (i = 0; i + 4 < sizeof(big); i += 4)
		memcpy(big + i, "様 ", 4);
	n = yj_greeting_parse(a, big, strlen(big), 3, &v);
	assert_true(n <= 3);
	memset(big, 'A', sizeof(big) - 1);
	n = yj_greeting_parse(a, big, strlen(big), 3, &v);
	assert_int_equal(n, 0);
	n = yj_greeting_parse(a, "\xe6\xa7", 2, 3, &v);	/* cut 様 */
	assert_int_equal(n, 0);
	n = yj_greeting_parse(a, "Dear ,,, and & ,\n", 17, 3, &v);
	assert_int_equal(n, 0);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_greetings),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
