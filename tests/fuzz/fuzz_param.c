/*
 * fuzz_param.c - libFuzzer target for mail/param
 *
 * Parses the input as a Content-Type / Content-Disposition value and
 * checks the contract: the value lower-case, names lower-case, distinct,
 * non-empty and without '*', every string valid UTF-8 without controls,
 * at most YJ_LIM_PARAMS parameters, and yj_params_get() finding each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/param.h"
#include "util/limits.h"
#include "util/str.h"

/* check_text - valid UTF-8 without C0 controls */
static void
check_text(const char *s)
{
	size_t i, n;

	if (s == NULL)
		abort();
	n = strlen(s);
	if (!yj_utf8_valid(s, n))
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

/* check_lower - no ASCII capital letter */
static void
check_lower(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_params p;
	size_t i, k;

	yj_params_parse(a, (const char *)data, size, &p);
	if (p.nr > YJ_LIM_PARAMS)
		abort();
	check_text(p.value);
	check_lower(p.value);
	for (i = 0; i < p.nr; i++) {
		check_text(p.v[i].name);
		check_lower(p.v[i].name);
		check_text(p.v[i].value);
		if (p.v[i].name[0] == '\0' || strchr(p.v[i].name, '*'))
			abort();
		for (k = 0; k < i; k++)
			if (strcmp(p.v[k].name, p.v[i].name) == 0)
				abort();
		if (yj_params_get(&p, p.v[i].name) != p.v[i].value)
			abort();
	}
	yj_arena_free(a);
	return 0;
}
