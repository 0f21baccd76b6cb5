/*
 * fuzz_html.c - libFuzzer target for mail/html
 *
 * Parses the input with small limits (so truncation paths run) and
 * checks the contract: text, hidden text and title are valid UTF-8 of
 * the stated length, within the limits, and every link is well formed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/html.h"
#include "util/arena.h"
#include "util/str.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check - abort (a crash for libFuzzer) when a property fails */
static void
check(int ok)
{
	if (!ok)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	size_t max_text = size % 2 ? 64 : 1 << 20, i;

	yj_html_parse(a, (const char *)data, size, max_text, 8, &h);
	check(strlen(h.text) == h.len && h.len <= max_text);
	check(yj_utf8_valid(h.text, h.len));
	check(yj_utf8_valid(h.hidden, strlen(h.hidden)));
	check(strlen(h.hidden) <= max_text);
	check(yj_utf8_valid(h.title, strlen(h.title)));
	check(h.nlinks <= 8 && h.nlinks <= h.links_seen);
	for (i = 0; i < h.nlinks; i++) {
		check(h.links[i].href != NULL && h.links[i].href[0] != '\0');
		check(yj_utf8_valid(h.links[i].href,
		    strlen(h.links[i].href)));
		check(yj_utf8_valid(h.links[i].text,
		    strlen(h.links[i].text)));
	}
	yj_arena_free(a);
	return 0;
}
