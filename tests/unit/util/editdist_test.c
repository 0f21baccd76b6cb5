/*
 * editdist_test.c - util/editdist
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <string.h>
#include <cmocka.h>

#include "util/editdist.h"

static void
test_distances(void **unused)
{
	static const struct {
		const char	*a;
		const char	*b;
		int		 d;
	} cases[] = {
		{ "", "", 0 },
		{ "abc", "", 3 },
		{ "", "abc", 3 },
		{ "amazon", "amazon", 0 },
		{ "amazon", "amazom", 1 },		/* substitution */
		{ "amazon", "amazzon", 1 },		/* insertion */
		{ "amazon", "amzon", 1 },		/* deletion */
		{ "amazon", "amzaon", 1 },		/* transposition */
		{ "ca", "abc", 3 },			/* OSA, not full DL */
		{ "kitten", "sitting", 3 },
		{ "partner.co.jp", "partner.jp", 3 },
		{ "example.com", "example.co", 1 },
		{ "yojin-shoji", "yojin_shoji", 1 },
		{ "田中太郎", "田中大郎", 1 },		/* one kanji, not 3 bytes */
		{ "さとう", "さいとう", 1 },
		{ "abcdef", "badcfe", 3 },		/* three swaps */
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(yj_editdist_dl_str(cases[i].a, cases[i].b, -1),
		    cases[i].d);
		assert_int_equal(yj_editdist_dl_str(cases[i].b, cases[i].a, -1),
		    cases[i].d);
	}
}

static void
test_bound(void **unused)
{
	(void)unused;
	/* within the bound: the exact distance */
	assert_int_equal(yj_editdist_dl_str("amazon", "amzaon", 2), 1);
	assert_int_equal(yj_editdist_dl_str("kitten", "sitting", 3), 3);
	/* beyond: max + 1, never more, never less */
	assert_int_equal(yj_editdist_dl_str("kitten", "sitting", 2), 3);
	assert_int_equal(yj_editdist_dl_str("kitten", "sitting", 0), 1);
	assert_int_equal(yj_editdist_dl_str("a", "abcdefgh", 2), 3);
	assert_int_equal(yj_editdist_dl_str("abcdefgh", "hgfedcba", 1), 2);
	assert_int_equal(yj_editdist_dl_str("same", "same", 0), 0);
	/* the band must not cut a path that stays inside it */
	assert_int_equal(yj_editdist_dl_str("xabcdefgh", "abcdefghx", 2), 2);
}

static void
test_hostile(void **unused)
{
	char a[YJ_EDITDIST_MAXLEN + 2], b[YJ_EDITDIST_MAXLEN + 2];

	(void)unused;
	/* bad UTF-8 counts per byte and never reads past the end */
	assert_int_equal(yj_editdist_dl("\xff\xfe", 2, "\xff", 1, -1), 1);
	/* a cut character is two stray bytes against one character */
	assert_int_equal(yj_editdist_dl("\xe3\x81", 2, "\xe3\x81\x82", 3, -1),
	    2);
	assert_int_equal(yj_editdist_dl("a\0b", 3, "ab", 2, -1), 1);
	/* too long: "not close" */
	memset(a, 'a', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memcpy(b, a, sizeof(b));
	b[0] = 'b';
	assert_int_equal(yj_editdist_dl_str(a, b, 2), 3);
	assert_int_equal(yj_editdist_dl_str(a, b, -1), INT_MAX);
	assert_int_equal(yj_editdist_dl_str(a, a, 2), 0);	/* equal is 0 */
	/* the longest accepted length still works */
	a[YJ_EDITDIST_MAXLEN] = '\0';
	b[YJ_EDITDIST_MAXLEN] = '\0';
	assert_int_equal(yj_editdist_dl_str(a, b, 2), 1);
	assert_int_equal(yj_editdist_dl_str(a, b, -1), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_distances),
		cmocka_unit_test(test_bound),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
