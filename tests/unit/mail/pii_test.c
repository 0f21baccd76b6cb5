/*
 * pii_test.c - mail/pii: My Number, card numbers, phones, addresses,
 * lists of people
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/charset.h"
#include "mail/pii.h"

static void
test_my_number_check_digit(void **unused)
{
	static const struct {
		const char	*d;
		bool		 ok;
	} cases[] = {
		{ "123456789018", true },	/* the usual worked example */
		{ "123456789010", false },
		{ "123456789017", false },
		{ "000000000000", true },	/* remainder 0 gives 0 */
		{ "111111111118", true },
		{ "11111111111x", false },
		{ "12345678901", false },	/* too short: sees the NUL */
	};
	size_t i;
	char buf[16];

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].d);
		if (yj_pii_my_number_ok(buf) != cases[i].ok)
			fail_msg("'%s': want %d", cases[i].d, cases[i].ok);
	}
}

static void
test_cards(void **unused)
{
	(void)unused;
	assert_true(yj_pii_luhn_ok("4111111111111111", 16));
	assert_false(yj_pii_luhn_ok("4111111111111112", 16));
	assert_true(yj_pii_luhn_ok("79927398713", 11));
	assert_string_equal(yj_pii_card_brand("4111111111111111", 16), "Visa");
	assert_string_equal(yj_pii_card_brand("5555555555554444", 16),
	    "Mastercard");
	assert_string_equal(yj_pii_card_brand("2221000000000009", 16),
	    "Mastercard");
	assert_string_equal(yj_pii_card_brand("378282246310005", 15),
	    "American Express");
	assert_string_equal(yj_pii_card_brand("3530111333300000", 16), "JCB");
	assert_string_equal(yj_pii_card_brand("30569309025904", 14),
	    "Diners Club");
	assert_string_equal(yj_pii_card_brand("6011111111111117", 16),
	    "Discover");
	assert_null(yj_pii_card_brand("1234567812345670", 16));
	assert_null(yj_pii_card_brand("411111111111111", 15));
}

/* scan - the accumulator for one text, NFKC first like the model */
static struct yj_pii
scan(struct yj_arena *a, const char *text)
{
	struct yj_pii p = { 0 };
	const char *n = yj_nfkc_casefold(a, text, strlen(text));

	yj_pii_scan(a, n, strlen(n), &p);
	return p;
}

static void
test_scan(void **unused)
{
	static const struct {
		const char	*text;
		size_t		 my, sure, cards, phones, addrs;
	} cases[] = {
		{ "マイナンバー: 123456789018", 1, 1, 0, 0, 0 },
		{ "個人番号 1234 5678 9018 です", 1, 1, 0, 0, 0 },
		{ "番号は１２３４−５６７８−９０１８", 1, 1, 0, 0, 0 },
		{ "注文番号 123456789018", 1, 0, 0, 0, 0 },	/* bare */
		{ "My Number: 1234-5678-9010", 0, 0, 0, 0, 0 },	/* bad check */
		{ "1234567890181", 0, 0, 0, 0, 0 },		/* 13 digits */
		{ "card 4111 1111 1111 1111 exp 12/29", 0, 0, 1, 0, 0 },
		{ "Amex 3782-822463-10005", 0, 0, 1, 0, 0 },
		{ "TEL 03-1234-5678 / 090-1234-5678 / (06)1234-5678", 0, 0, 0,
		    3, 0 },
		{ "+81-3-1234-5678 と 03-1234-5678", 0, 0, 0, 1, 0 },
		{ "０１２０−１２３−４５６", 0, 0, 0, 1, 0 },
		{ "会員0 03-1234-1000", 0, 0, 0, 1, 0 },	/* glued run */
		{ "713.853.5984", 0, 0, 0, 0, 0 },		/* not Japanese */
		{ "2026-11-02 10:00", 0, 0, 0, 0, 0 },
		{ "a@x.example, B@X.example; a@x.example c@y.jp", 0, 0, 0, 0,
		    3 },
		{ "user@localhost and @x.example", 0, 0, 0, 0, 0 },
		{ "", 0, 0, 0, 0, 0 },
	};
	struct yj_arena *a = yj_arena_new();
	struct yj_pii p;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		p = scan(a, cases[i].text);
		if (p.my_numbers != cases[i].my ||
		    p.my_numbers_sure != cases[i].sure ||
		    p.cards != cases[i].cards || p.phones != cases[i].phones ||
		    p.addresses != cases[i].addrs)
			fail_msg("'%s': my %zu/%zu cards %zu phones %zu addrs "
			    "%zu", cases[i].text, p.my_numbers,
			    p.my_numbers_sure, p.cards, p.phones, p.addresses);
	}
	p = scan(a, "マイナンバー 123456789018");
	assert_string_equal(p.my_number_example, "12********18");
	p = scan(a, "4111111111111111");
	assert_string_equal(p.card_example, "Visa ****1111");
	yj_arena_free(a);
}

static void
test_people_list(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	char list[4096] = "", line[128];
	const char *why;
	int i;

	(void)unused;
	for (i = 0; i < 12; i++) {
		snprintf(line, sizeof(line), "user%d,user%d@x.example\n", i, i);
		strncat(list, line, sizeof(list) - strlen(list) - 1);
	}
	assert_true(yj_pii_people_list(a, list, strlen(list), 10, &why));
	assert_false(yj_pii_people_list(a, list, strlen(list), 20, &why));
	snprintf(list, sizeof(list), "氏名,住所,電話\n山田,東京,x\n佐藤,大阪,y\n"
	    "鈴木,京都,z\n田中,札幌,w\n伊藤,福岡,v\n");
	assert_true(yj_pii_people_list(a, list, strlen(list), 10, &why));
	snprintf(list, sizeof(list), "品名,数量,単価\nA,1,100\nB,2,200\n"
	    "C,3,300\nD,4,400\nE,5,500\n");
	assert_false(yj_pii_people_list(a, list, strlen(list), 10, &why));
	assert_false(yj_pii_people_list(a, "", 0, 10, &why));
	yj_arena_free(a);
}

static void
test_hostile(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	static char big[300000];
	struct yj_pii p = { 0 };
	size_t i;

	(void)unused;
	for (i = 0; i + 1 < sizeof(big); i++)
		big[i] = "0123456789- @a."[i % 15];
	yj_pii_scan(a, big, strlen(big), &p);
	yj_pii_scan(a, "\xff\xfe 123456789018", 15, &p);	/* not UTF-8 */
	memset(big, '9', sizeof(big) - 1);
	yj_pii_scan(a, big, strlen(big), &p);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_my_number_check_digit),
		cmocka_unit_test(test_cards),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_people_list),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
