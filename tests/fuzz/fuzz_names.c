/*
 * fuzz_names.c - libFuzzer target for names in text: mail/greeting,
 * mail/quote, mail/orgname, util/editdist
 *
 * The input is a body text.  Greetings, the quote split, organisation
 * names marked by legal forms and the keys of all of them are computed,
 * and their contracts checked: every string valid UTF-8, offsets inside
 * the text, the quote halves no longer than the text plus its line
 * breaks, keys of letters and digits only (no spaces), edit distances
 * symmetric and bounded.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/greeting.h"
#include "mail/orgname.h"
#include "mail/quote.h"
#include "util/editdist.h"
#include "util/str.h"

/* utf8 - abort unless s is valid UTF-8 */
static void
utf8(const char *s)
{
	if (s == NULL || !yj_utf8_valid(s, strlen(s)))
		abort();
}

/* key - valid and without spaces */
static void
key(const char *k)
{
	utf8(k);
	if (strchr(k, ' ') != NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a = yj_arena_new();
	const char *t = yj_utf8_repair(a, (const char *)data, size);
	size_t len = strlen(t), n, i, lines = 1;
	struct yj_orgname_mark *mk;
	struct yj_greeting *g;
	const char **parts;
	struct yj_quote q;
	unsigned d1, d2;

	for (i = 0; i < len; i++)
		lines += t[i] == '\n';
	n = yj_greeting_parse(a, t, len, 8, &g);
	for (i = 0; i < n; i++) {
		utf8(g[i].text);
		utf8(g[i].person);
		utf8(g[i].full);
		utf8(g[i].org);
		utf8(g[i].dept);
		key(yj_personname_key(a, g[i].person));
		key(yj_orgname_key(a, g[i].org));
		if (g[i].line == 0 || g[i].line > YJ_GREETING_LINES * 100)
			abort();
	}
	yj_quote_split(a, t, len, &q);
	utf8(q.own);
	utf8(q.quoted);
	if (q.own_len + q.quoted_len > len + lines)
		abort();
	n = yj_orgname_extract(a, t, len, 16, &mk);
	for (i = 0; i < n; i++) {
		utf8(mk[i].name);
		key(mk[i].key);
		if (mk[i].off + mk[i].len > len)
			abort();
	}
	key(yj_orgname_key(a, t));
	utf8(yj_orgname_core(a, t));
	n = yj_personname_parts(a, t, &parts);
	for (i = 0; i < n; i++)
		key(parts[i]);
	d1 = yj_editdist_dl_utf8(t, len / 2, t + len / 2, len - len / 2, 3);
	d2 = yj_editdist_dl_utf8(t + len / 2, len - len / 2, t, len / 2, 3);
	if (d1 != d2 || d1 > 4)
		abort();
	yj_arena_free(a);
	return 0;
}
