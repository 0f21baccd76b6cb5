/*
 * fuzz_lookalike.c - libFuzzer target for the inbound domain logic
 *
 * Splits the input at the first newline into two strings and runs them
 * through everything that takes text from a message: indicator normal
 * forms (mail/ioc, every kind: a normal form must normalise to itself),
 * look-alike comparison both ways and against a small set (a domain is
 * never a look-alike of itself), skeletons and script mixing, brand
 * matching in text and hosts, and own/quoted/signature text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/brand.h"
#include "mail/charset.h"
#include "mail/ioc.h"
#include "mail/lookalike.h"
#include "mail/quote.h"
#include "util/arena.h"
#include "util/str.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct yj_brands		*brands;
static struct yj_lookalike	*set;

/* check - abort (a crash for libFuzzer) when a property fails */
static void
check(int ok)
{
	if (!ok)
		abort();
}

/* iocs - every kind; a normal form is stable */
static void
iocs(struct yj_arena *a, const char *s)
{
	const char *n;
	int k;

	for (k = YJ_IOC_ADDRESS; k <= YJ_IOC_SHA256; k++) {
		n = yj_ioc_normalize(a, (enum yj_ioc_kind)k, s);
		if (n == NULL)
			continue;
		check(yj_utf8_valid(n, strlen(n)));
		check(strcmp(yj_ioc_normalize(a, (enum yj_ioc_kind)k, n),
		    n) == 0);
	}
	(void)yj_ioc_guess(s);
}

/* domains - comparisons of two strings */
static void
domains(struct yj_arena *a, const char *x, const char *y)
{
	struct yj_lookalike_match m;
	struct yj_brand_hit h[4];
	int d;

	(void)yj_lookalike_pair(a, x, y, &d);
	(void)yj_lookalike_pair(a, y, x, &d);
	check(yj_lookalike_pair(a, x, x, &d) == YJ_LA_SAME ||
	    yj_lookalike_pair(a, x, x, &d) == YJ_LA_NONE);
	(void)yj_lookalike_check(set, a, x, &m);
	(void)yj_lookalike_check(yj_brands_lookalike(brands), a, x, &m);
	(void)yj_lookalike_skeleton(a, x);
	(void)yj_lookalike_mixed_script(x);
	(void)yj_brands_in_host(brands, x, h, 4);
	(void)yj_brands_in_text(brands, yj_nfkc_casefold(a, x, strlen(x)),
	    h, 4);
	(void)yj_brands_owner(brands, a, x);
}

/* quotes - own and quoted text are no longer than the input */
static void
quotes(struct yj_arena *a, const char *s, size_t n)
{
	struct yj_quote q;

	yj_quote_split(a, s, n, &q);
	check(q.own_len == strlen(q.own) && q.quoted_len == strlen(q.quoted));
	check(q.own_len + q.quoted_len <= n + n + 2);
	(void)yj_quote_signature(a, q.own, 15);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a;
	const char *nl, *text;
	char *x, *y;

	if (brands == NULL) {
		brands = yj_brands_new(true);
		set = yj_lookalike_new();
		yj_lookalike_add(set, "yojin-shoji.example", "own");
		yj_lookalike_add(set, "partner.co.jp", "partner");
	}
	a = yj_arena_new();
	text = yj_utf8_repair(a, (const char *)data, size);
	x = yj_arena_strdup(a, text);
	nl = strchr(x, '\n');
	y = nl ? yj_arena_strdup(a, nl + 1) : "";
	if (nl)
		x[nl - x] = '\0';
	iocs(a, x);
	iocs(a, y);
	domains(a, x, y);
	quotes(a, text, strlen(text));	/* as bodies come: valid UTF-8 */
	yj_arena_free(a);
	return 0;
}
