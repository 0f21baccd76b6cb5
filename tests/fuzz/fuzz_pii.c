/*
 * fuzz_pii.c - libFuzzer target for mail/pii
 *
 * The input is a text (repaired to UTF-8 and NFKC-folded, as the message
 * model hands it over).  The counts must agree with the sets, every
 * example must be masked (no more than four digits shown), and a list of
 * people may be asked about at any threshold.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/charset.h"
#include "mail/pii.h"
#include "util/str.h"

/* digits - how many ASCII digits s shows */
static size_t
digits(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s >= '0' && *s <= '9';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a = yj_arena_new();
	const char *t = yj_utf8_repair(a, (const char *)data, size);
	const char *f = yj_nfkc_casefold(a, t, strlen(t)), *why;
	struct yj_pii p = { 0 };

	yj_pii_scan(a, f, strlen(f), &p);
	if (p.phones != p.phone_set.nr || p.addresses != p.addr_set.nr ||
	    p.my_numbers_sure > p.my_numbers)
		abort();
	if (p.my_number_example != NULL && digits(p.my_number_example) > 4)
		abort();
	if (p.card_example != NULL && digits(p.card_example) > 4)
		abort();
	if (yj_pii_people_list(a, f, strlen(f), size % 20, &why) &&
	    (why == NULL || !yj_utf8_valid(why, strlen(why))))
		abort();
	yj_arena_free(a);
	return 0;
}
