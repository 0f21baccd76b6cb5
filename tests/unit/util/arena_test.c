/*
 * arena_test.c - util/arena: alignment, growth, big blocks
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/arena.h"

static void
test_alignment_and_zeroing(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	size_t i, sz;
	unsigned char *p;

	(void)unused;
	for (i = 1; i < 3000; i += 7) {
		sz = i * 13 % 40000 + 1;
		p = yj_arena_alloc(a, sz);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		assert_int_equal(p[0], 0);
		assert_int_equal(p[sz - 1], 0);
		memset(p, 0xff, sz);	/* ASan: every byte is ours */
	}
	assert_true(yj_arena_used(a) > 0);
	yj_arena_free(a);
}

static void
test_strings_and_grow(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	int *v = NULL;
	size_t n;

	(void)unused;
	assert_string_equal(yj_arena_printf(a, "%s-%d", "x", 42), "x-42");
	assert_string_equal(yj_arena_memdup(a, "abcdef", 3), "abc");
	for (n = 0; n < 1000; n++) {
		v = yj_arena_grow(a, v, n, n + 1, sizeof(*v));
		v[n] = (int)n;
	}
	assert_int_equal(v[999], 999);
	assert_int_equal(v[0], 0);
	yj_arena_free(a);
	yj_arena_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_zeroing),
		cmocka_unit_test(test_strings_and_grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
