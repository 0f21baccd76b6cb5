/*
 * editdist_test.c - util/editdist: Damerau-Levenshtein distance
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/editdist.h"

static void
test_table(void **unused)
{
	static const struct {
		const char	*a;
		const char	*b;
		unsigned	 max;
		unsigned	 want;
	} cases[] = {
		{ "", "", 5, 0 },
		{ "sato", "sato", 5, 0 },
		{ "sato", "satou", 5, 1 },		/* insertion */
		{ "satou", "sato", 5, 1 },		/* deletion */
		{ "suzuki", "suzuik", 5, 1 },		/* transposition */
		{ "example", "exmaple", 5, 1 },
		{ "taro.yamada", "taro_yamada", 5, 1 },	/* substitution */
		{ "ca", "abc", 5, 2 },			/* unrestricted DL */
		{ "abc", "ca", 5, 2 },
		{ "kitten", "sitting", 5, 3 },
		{ "a-shoji", "ashoji", 5, 1 },
		{ "abcdef", "badcfe", 5, 3 },		/* three swaps */
		{ "", "abc", 5, 3 },
		{ "abc", "", 5, 3 },
		{ "gmail", "gmial", 5, 1 },
		{ "yojin", "yoj1n", 5, 1 },
		/* early exit: far strings give max + 1 */
		{ "abcdefgh", "zyxwvuts", 2, 3 },
		{ "a", "abcdefgh", 2, 3 },
		{ "kitten", "sitting", 2, 3 },
		{ "kitten", "sitting", 3, 3 },
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned got = yj_editdist_dl(cases[i].a, strlen(cases[i].a),
		    cases[i].b, strlen(cases[i].b), cases[i].max);

		if (got != cases[i].want)
			fail_msg("'%s' vs '%s' (max %u): got %u, want %u",
			    cases[i].a, cases[i].b, cases[i].max, got,
			    cases[i].want);
	}
}

static void
test_utf8(void **unused)
{
	static const struct {
		const char	*a;
		const char	*b;
		unsigned	 want;
	} cases[] = {
		{ "田中", "田仲", 1 },
		{ "さとう", "さいとう", 1 },
		{ "やまだ", "やだま", 1 },
		{ "用心商事", "用心商事", 0 },
		{ "例え.jp", "例え.co.jp", 3 },
		/* a bad byte is one symbol, not a crash */
		{ "a\xff" "b", "ab", 1 },
		{ "\xe3\x81", "\xe3\x81", 0 },
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(yj_editdist_dl_utf8(cases[i].a,
		    strlen(cases[i].a), cases[i].b, strlen(cases[i].b), 10),
		    cases[i].want);
	/* bytes would count the three bytes of each kanji */
	assert_int_equal(yj_editdist_dl("田中", 6, "田仲", 6, 10), 2);
}

/* reference - plain full-matrix unrestricted DL over bytes (textbook) */
static unsigned
reference(const char *a, size_t an, const char *b, size_t bn)
{
	static unsigned d[40][40];
	unsigned da[256] = { 0 };
	unsigned inf = (unsigned)(an + bn), cost, v, t;
	size_t i, j, k, l, db;

	d[0][0] = inf;
	for (i = 0; i <= an; i++) {
		d[i + 1][0] = inf;
		d[i + 1][1] = (unsigned)i;
	}
	for (j = 0; j <= bn; j++) {
		d[0][j + 1] = inf;
		d[1][j + 1] = (unsigned)j;
	}
	for (i = 1; i <= an; i++) {
		db = 0;
		for (j = 1; j <= bn; j++) {
			k = da[(unsigned char)b[j - 1]];
			l = db;
			cost = a[i - 1] == b[j - 1] ? 0 : 1;
			if (cost == 0)
				db = j;
			v = d[i][j] + cost;
			if (d[i + 1][j] + 1 < v)
				v = d[i + 1][j] + 1;
			if (d[i][j + 1] + 1 < v)
				v = d[i][j + 1] + 1;
			t = d[k][l] + (unsigned)(i - k - 1) + 1 +
			    (unsigned)(j - l - 1);
			if (t < v)
				v = t;
			d[i + 1][j + 1] = v;
		}
		da[(unsigned char)a[i - 1]] = (unsigned)i;
	}
	return d[an + 1][bn + 1];
}

static void
test_random_against_reference(void **unused)
{
	char a[32], b[32];
	unsigned want, got, max;
	size_t an, bn, i;
	int round;

	(void)unused;
	srandom(12345);
	for (round = 0; round < 20000; round++) {
		an = (size_t)(random() % 12);
		bn = (size_t)(random() % 12);
		for (i = 0; i < an; i++)
			a[i] = (char)('a' + random() % 4);
		for (i = 0; i < bn; i++)
			b[i] = (char)('a' + random() % 4);
		want = reference(a, an, b, bn);
		max = (unsigned)(random() % 8);
		got = yj_editdist_dl(a, an, b, bn, max);
		if (got != (want > max ? max + 1 : want))
			fail_msg("'%.*s' vs '%.*s' max %u: got %u, want %u",
			    (int)an, a, (int)bn, b, max, got, want);
		assert_int_equal(yj_editdist_dl(a, an, b, bn, 100), want);
	}
}

static void
test_long_inputs(void **unused)
{
	static char a[YJ_EDITDIST_MAXLEN + 10], b[YJ_EDITDIST_MAXLEN + 10];

	(void)unused;
	memset(a, 'x', sizeof(a));
	memset(b, 'x', sizeof(b));
	b[100] = 'y';
	/* on the heap path (over 64 symbols) */
	assert_int_equal(yj_editdist_dl(a, 200, b, 200, 5), 1);
	assert_int_equal(yj_editdist_dl(a, 200, b, 201, 5), 1);
	assert_int_equal(yj_editdist_dl(a, 200, b, 203, 5), 3);
	/* over the length limit: never compared */
	assert_int_equal(yj_editdist_dl(a, YJ_EDITDIST_MAXLEN + 1, b,
	    YJ_EDITDIST_MAXLEN + 1, 5), 6);
	assert_int_equal(yj_editdist_dl_utf8(a, YJ_EDITDIST_MAXLEN + 1, b, 3,
	    5), 6);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_random_against_reference),
		cmocka_unit_test(test_long_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
