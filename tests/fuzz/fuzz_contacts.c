/*
 * fuzz_contacts.c - libFuzzer target for contacts files (src/know)
 *
 * The input is an address book file in any encoding: the first byte
 * picks the declared type (auto, CSV, vCard), the rest is the file.  It
 * is read with dry_run, so no store is needed, and the report is checked:
 * counts add up, problem lines are within the file, every string the
 * import produced is valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "know/know.h"
#include "util/str.h"

/* utf8 - abort unless s is valid UTF-8 */
static void
utf8(const char *s)
{
	if (s == NULL || !yj_utf8_valid(s, strlen(s)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum yj_contacts_format fmts[] = { YJ_CONTACTS_AUTO,
		YJ_CONTACTS_CSV, YJ_CONTACTS_VCARD };
	struct yj_arena *a;
	struct yj_contacts_report r;
	const char **keys;
	char err[512];
	size_t i, lines = 1, n;

	if (size < 1)
		return 0;
	a = yj_arena_new();
	for (i = 1; i < size; i++)	/* CR LF, LF, and a lone CR */
		lines += data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n'));
	if (yj_know_import_contacts(NULL, a, "fuzz", (const char *)data + 1,
	    size - 1, fmts[data[0] % 3], true, &r, err, sizeof(err)) == 0) {
		utf8(r.charset);
		if (r.errors > r.nproblems)
			abort();
		for (i = 0; i < r.nproblems; i++) {
			utf8(r.problems[i].what);
			if (r.problems[i].line == 0 ||
			    r.problems[i].line > lines + 1)
				abort();
		}
	} else if (strlen(err) == 0) {
		abort();
	}
	n = yj_know_contact_keys(a, yj_utf8_repair(a, (const char *)data + 1,
	    size - 1), "", &keys);
	for (i = 0; i < n; i++)
		utf8(keys[i]);
	yj_arena_free(a);
	return 0;
}
