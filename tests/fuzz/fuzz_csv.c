/*
 * fuzz_csv.c - libFuzzer target for util/csv
 *
 * Reads every record of the input and checks that each field is a
 * NUL-terminated string inside the reader's buffer, that field counts
 * stay within the limit, and that line numbers never go backwards.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/csv.h"

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
	struct yj_csv c;
	unsigned last = 0;
	size_t i, total = 0;

	yj_csv_init(&c, (const char *)data, size);
	while (yj_csv_next(&c)) {
		check(c.nfields >= 1 && c.nfields <= YJ_CSV_MAX_FIELDS);
		check(c.line >= last && c.next_line >= c.line);
		last = c.line;
		for (i = 0; i < c.nfields; i++) {
			check(c.field[i] >= c.buf &&
			    c.field[i] < c.buf + c.bufsz);
			total += strlen(c.field[i]);
			check(strlen(c.field[i]) < YJ_CSV_MAX_RECORD);
		}
	}
	(void)total;
	yj_csv_release(&c);
	return 0;
}
