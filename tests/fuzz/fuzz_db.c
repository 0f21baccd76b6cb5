/*
 * fuzz_db.c - the PostgreSQL placeholder rewriter (yj_db_sql_dollar)
 *
 * SQL text is ours, not the attacker's, but the rewriter is a small lexer
 * over quotes, comments and dollar quotes, and a lexer that runs past the
 * end of a string or loses a placeholder is exactly what fuzzing finds.
 * Invariants checked: every "?" of the input is either kept or replaced,
 * and the output length is the input length plus the digits added.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_driver.h"
#include "util/alloc.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* count_q - question marks in s */
static size_t
count_q(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '?';
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_buf out;
	size_t added = 0;
	char num[16];
	char *sql;
	int n;
	int i;

	if (size > 65536)
		return 0;
	sql = yj_xstrndup((const char *)data, size);
	yj_buf_init(&out, 8 * size + 64);
	if (yj_db_sql_dollar(sql, &out, &n) == 0) {
		if (count_q(sql) != count_q(yj_buf_cstr(&out)) + (size_t)n)
			abort();
		for (i = 1; i <= n; i++)
			added += (size_t)snprintf(num, sizeof(num), "$%d", i) - 1;
		if (out.len != strlen(sql) + added)
			abort();
	}
	yj_buf_release(&out);
	yj_free(sql);
	return 0;
}
