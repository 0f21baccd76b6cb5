/*
 * fuzz_url.c - libFuzzer target for mail/url
 *
 * Finds URLs in the input, then parses each one found and the whole
 * input as one URL; checks that every part is present, that found URLs
 * lie inside the text, and that hosts without YJ_URL_BAD_IDN are ASCII.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/url.h"
#include "util/arena.h"
#include "util/str.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct env {
	struct yj_arena	*a;
	const char	*text;
	size_t		 n;
};

/* check - abort (a crash for libFuzzer) when a property fails */
static void
check(int ok)
{
	if (!ok)
		abort();
}

/* parse_check - parse u and check the parts */
static void
parse_check(struct yj_arena *a, const char *u)
{
	struct yj_url_parts p;
	const char *s;

	yj_url_parse(a, u, &p);
	check(p.scheme && p.host && p.host_unicode && p.path && p.query);
	if (!(p.flags & (YJ_URL_BAD_IDN | YJ_URL_BAD)))
		for (s = p.host; *s != '\0'; s++)
			check((unsigned char)*s < 0x80);
	check(p.port <= 65535);
	(void)yj_url_host_of(a, u);
}

/* found - callback: the URL is a substring of the text at off */
static int
found(const char *url, size_t off, void *arg)
{
	struct env *e = arg;
	size_t len = strlen(url);

	check(off < e->n && len <= e->n - off);
	check(memcmp(e->text + off, url, len) == 0);
	parse_check(e->a, url);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct env e;
	char *s;

	e.a = yj_arena_new();
	e.text = (const char *)data;
	e.n = size;
	yj_url_find(e.a, e.text, size, found, &e);
	s = yj_arena_memdup(e.a, data, size);	/* NUL-terminated */
	parse_check(e.a, s);
	yj_arena_free(e.a);
	return 0;
}
