/*
 * fuzz_addr.c - libFuzzer target for mail/addr
 *
 * Parses the input as one address header, then again as two headers into
 * the same list (the input split at its first NUL byte or in half), and
 * checks the contract on every result: counts within limits, every
 * string valid UTF-8, domains lower-case and equal to what follows the
 * last '@' of the address, names without controls.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/addr.h"
#include "util/limits.h"
#include "util/str.h"

/* check_text - valid UTF-8; no controls when names are checked */
static void
check_text(const char *s, int no_controls)
{
	size_t i, n;

	if (s == NULL)
		abort();
	n = strlen(s);
	if (!yj_utf8_valid(s, n))
		abort();
	for (i = 0; no_controls && i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

/* check_list - the contract of struct yj_addrlist */
static void
check_list(const struct yj_addrlist *l)
{
	const struct yj_mailbox *m;
	size_t i, k;

	if (l->nr > l->seen || l->nr > YJ_LIM_ADDRS)
		abort();
	if ((l->seen == 0) != ((l->flags & YJ_AL_EMPTY) != 0))
		abort();
	for (i = 0; i < l->nr; i++) {
		m = &l->v[i];
		check_text(m->name, 1);
		check_text(m->addr, 0);
		check_text(m->local, 0);
		check_text(m->domain, 0);
		for (k = 0; m->domain[k] != '\0'; k++)
			if (m->domain[k] >= 'A' && m->domain[k] <= 'Z')
				abort();
		if (!(m->flags & YJ_MBX_NO_DOMAIN) && m->domain[0] == '\0')
			abort();
		if (m->domain[0] != '\0' &&
		    strcmp(yj_addr_domain(m->addr), m->domain) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_addrlist l;
	const char *s = (const char *)data;
	const char *nul;
	size_t cut;

	memset(&l, 0, sizeof(l));
	yj_addr_parse(a, s, size, &l);
	check_list(&l);

	memset(&l, 0, sizeof(l));
	nul = memchr(s, '\0', size);
	cut = nul != NULL ? (size_t)(nul - s) : size / 2;
	yj_addr_parse(a, s, cut, &l);
	yj_addr_parse(a, s + cut, size - cut, &l);
	check_list(&l);
	(void)yj_addr_is_valid(l.nr > 0 ? l.v[0].addr : "");
	yj_arena_free(a);
	return 0;
}
