/*
 * pii.h - personal data in text: My Number, card numbers, phone numbers,
 * e-mail addresses, lists of people
 *
 * yj_pii_scan() reads one text (NFKC first, so full-width digits and
 * hyphens count; the message model's *_nfkc copies are ready for it) and
 * adds what it finds to an accumulator, so a caller may scan the subject,
 * the body and attachment texts into one picture:
 *
 *   My Number   12 digits whose last is the check digit of the other
 *               eleven (the algorithm of the 個人番号 ordinance, art. 5:
 *               weights 2..7 from the right, remainder 11; a remainder
 *               of 0 or 1 gives 0); counted apart when written 4-4-4 or
 *               when 個人番号, マイナンバー, my number or 通知カード stands
 *               within 40 characters before it (a random 12-digit number
 *               passes the check one time in ten);
 *   card        13 to 19 digits passing Luhn whose prefix and length are
 *               those of a card brand (Visa, Mastercard 51-55 and
 *               2221-2720, American Express 34/37, JCB 3528-3589, Diners
 *               300-305/36/38/39, Discover 6011/644-649/65, UnionPay 62);
 *   phone       Japanese numbers: 0 + 9 digits (fixed lines, 0120) or
 *               0X0 + 8 digits (mobile, IP, 0800), also written +81;
 *               distinct numbers are counted;
 *   address     distinct e-mail addresses.
 *
 * Digits may be grouped with spaces, hyphens (any Unicode dash) or
 * parentheses around an area code; a run that touches other digits is
 * not split to find something inside it.  Matches are PCRE2 (compiled
 * once, JIT when available).
 *
 * yj_pii_people_list() says whether a text looks like a list of people:
 * at least min_rows lines each holding an address or a phone number, or
 * a header row naming two person columns (氏名, 住所, 電話, 生年月日,
 * name, address, phone, birth, ...) over at least min_rows / 2 rows.
 *
 * Examples kept for evidence are masked (only the first and last digits
 * shown): evidence is stored and shown to people, and must not repeat
 * the data it warns about.
 *
 * Ownership: results in the arena.  Thread safety: reentrant (the
 * compiled patterns are shared read-only; match data is per call).
 */
#ifndef YJ_MAIL_PII_H
#define YJ_MAIL_PII_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"
#include "util/str.h"

struct yj_pii {
	size_t		 my_numbers;	/* valid check digit */
	size_t		 my_numbers_sure; /* ... and labelled or 4-4-4 */
	bool		 my_number_labelled;
	size_t		 cards;
	size_t		 phones;	/* distinct */
	size_t		 addresses;	/* distinct */
	const char	*my_number_example;	/* masked, or NULL */
	const char	*card_example;		/* masked, or NULL */
	const char	*card_brand;
	struct yj_strvec phone_set;	/* distinct, digits only */
	struct yj_strvec addr_set;	/* distinct, lower case */
};

/* yj_pii_scan - add the personal data of text[0..len) to *acc */
void	yj_pii_scan(struct yj_arena *, const char *text, size_t len,
	    struct yj_pii *acc);

/* yj_pii_my_number_ok - 12 ASCII digits with a valid check digit */
bool	yj_pii_my_number_ok(const char *d);
/* yj_pii_luhn_ok - n ASCII digits passing the Luhn check */
bool	yj_pii_luhn_ok(const char *d, size_t n);
/* yj_pii_card_brand - the brand of a card number, or NULL */
const char *yj_pii_card_brand(const char *d, size_t n);

/* yj_pii_people_list - the text looks like a list of people */
bool	yj_pii_people_list(struct yj_arena *, const char *text, size_t len,
	    size_t min_rows, const char **why);

#endif /* YJ_MAIL_PII_H */
