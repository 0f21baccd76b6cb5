/*
 * fuzz_authres.c - libFuzzer target for mail/authres
 *
 * Parses the input as one Authentication-Results value, trusting
 * "mx.example.jp", and checks the contract: trust only with that id,
 * counts within limits, keywords lower-case and non-empty, every string
 * valid UTF-8 without controls, every stored domain-valued property a
 * domain, and result flags reflected in the header flags.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/authres.h"
#include "mail/lex.h"
#include "util/limits.h"
#include "util/str.h"

#define TRUSTED	"mx.example.jp"

/* check_text - valid UTF-8, no controls, no capitals if lower */
static void
check_text(const char *s, int lower)
{
	size_t i, n;

	if (s == NULL)
		abort();
	n = strlen(s);
	if (!yj_utf8_valid(s, n))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    (lower && s[i] >= 'A' && s[i] <= 'Z'))
			abort();
}

/* check_domain_prop - a stored domain-valued property is a domain */
static void
check_domain_prop(const struct yj_authres_prop *p)
{
	const char *d = p->value, *at;
	size_t n;

	if (!(strcmp(p->ptype, "header") == 0 &&
	    (strcmp(p->name, "from") == 0 || strcmp(p->name, "d") == 0 ||
	    strcmp(p->name, "i") == 0)) &&
	    !(strcmp(p->ptype, "smtp") == 0 && strcmp(p->name, "mailfrom") == 0))
		return;
	n = strlen(d);
	if (n >= 2 && d[0] == '<' && d[n - 1] == '>') {
		d++;
		n -= 2;
	}
	at = memrchr(d, '@', n);
	if (at != NULL) {
		n -= (size_t)(at + 1 - d);
		d = at + 1;
	}
	if (!yj_lex_domain_ok(d, n))
		abort();
}

/* check_header - the contract of struct yj_authres_header */
static void
check_header(const struct yj_authres_header *h, const char *trusted)
{
	const struct yj_authres *r;
	size_t i, k;

	check_text(h->authserv_id, 1);
	if (h->trusted && (trusted == NULL ||
	    !yj_str_ieq(h->authserv_id, trusted) || h->authserv_id[0] == '\0'))
		abort();
	if (h->nr > YJ_LIM_AUTH_RESULTS)
		abort();
	for (i = 0; i < h->nr; i++) {
		r = &h->v[i];
		check_text(r->method, 1);
		check_text(r->result, 1);
		if (r->method[0] == '\0' || r->result[0] == '\0')
			abort();
		if (r->reason != NULL)
			check_text(r->reason, 0);
		if ((r->flags & ~h->flags) != 0)
			abort();
		if (r->nprops > YJ_LIM_AUTH_PROPS)
			abort();
		for (k = 0; k < r->nprops; k++) {
			check_text(r->props[k].ptype, 1);
			check_text(r->props[k].name, 1);
			check_text(r->props[k].value, 0);
			check_domain_prop(&r->props[k]);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_authres_header h;

	yj_authres_parse(a, (const char *)data, size, TRUSTED, &h);
	check_header(&h, TRUSTED);
	yj_authres_parse(a, (const char *)data, size, NULL, &h);
	if (h.trusted)
		abort();
	yj_arena_free(a);
	return 0;
}
