/*
 * csv_test.c - util/csv
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "util/alloc.h"
#include "util/csv.h"

/* joined - the record's fields joined with '|' */
static const char *
joined(const struct yj_csv *c)
{
	static char out[1024];
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < c->nfields; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
		    i ? "|" : "", c->field[i]);
	return out;
}

static void
test_records(void **unused)
{
	static const char in[] =
	    "\xef\xbb\xbf" "date,URL,description\r\n"
	    "2025/10/01 10:25:00,https://a.example/x?a=1,JCB\r\n"
	    "\"q,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n"
	    ",,\n"
	    "last,no newline";
	struct yj_csv c;

	(void)unused;
	yj_csv_init(&c, in, sizeof(in) - 1);
	assert_true(yj_csv_next(&c));
	assert_string_equal(joined(&c), "date|URL|description");
	assert_int_equal(c.line, 1);
	assert_true(yj_csv_next(&c));
	assert_string_equal(joined(&c),
	    "2025/10/01 10:25:00|https://a.example/x?a=1|JCB");
	assert_int_equal(c.flags, 0);
	assert_true(yj_csv_next(&c));
	assert_string_equal(joined(&c), "q,1|say \"hi\"|two\nlines");
	assert_int_equal(c.line, 3);
	assert_true(yj_csv_next(&c));
	assert_int_equal(c.line, 5);
	assert_int_equal(c.nfields, 3);
	assert_string_equal(joined(&c), "||");
	assert_true(yj_csv_next(&c));
	assert_string_equal(joined(&c), "last|no newline");
	assert_false(yj_csv_next(&c));
	yj_csv_release(&c);
}

static void
test_malformed(void **unused)
{
	static const char in[] = "a\"b,c\n\"open,never closed\nx";
	char *big;
	struct yj_csv c;
	size_t i;

	(void)unused;
	yj_csv_init(&c, in, sizeof(in) - 1);
	assert_true(yj_csv_next(&c));
	assert_true(c.flags & YJ_CSV_BAD_QUOTE);
	assert_string_equal(joined(&c), "a\"b|c");
	assert_true(yj_csv_next(&c));
	assert_true(c.flags & YJ_CSV_UNTERMINATED);
	assert_false(yj_csv_next(&c));
	yj_csv_release(&c);
	/* too many fields: the rest is joined into the last */
	big = yj_xcalloc(4 * YJ_CSV_MAX_RECORD, 1);
	for (i = 0; i < 100; i++)
		big[i * 2] = 'x', big[i * 2 + 1] = ',';
	yj_csv_init(&c, big, 200);
	assert_true(yj_csv_next(&c));
	assert_int_equal(c.nfields, YJ_CSV_MAX_FIELDS);
	assert_true(c.flags & YJ_CSV_TOO_MANY);
	yj_csv_release(&c);
	/* too long: cut, still terminated, next record still found */
	memset(big, 'y', 2 * YJ_CSV_MAX_RECORD);
	big[2 * YJ_CSV_MAX_RECORD] = '\n';
	big[2 * YJ_CSV_MAX_RECORD + 1] = 'z';
	yj_csv_init(&c, big, 2 * YJ_CSV_MAX_RECORD + 2);
	assert_true(yj_csv_next(&c));
	assert_true(c.flags & YJ_CSV_TOO_LONG);
	assert_true(strlen(c.field[0]) < YJ_CSV_MAX_RECORD);
	assert_true(yj_csv_next(&c));
	assert_string_equal(c.field[0], "z");
	yj_csv_release(&c);
	yj_free(big);
	/* empty input */
	yj_csv_init(&c, "", 0);
	assert_false(yj_csv_next(&c));
	yj_csv_release(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
