/*
 * base64_test.c - util/base64: RFC 4648 test vectors, round trips, refusals
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/base64.h"
#include "util/error.h"

static void
test_vectors(void **unused)
{
	/* RFC 4648 section 10 */
	static const char *const v[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
		{ "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	struct yj_arena *a = yj_arena_new();
	unsigned char *out;
	size_t i, n;

	(void)unused;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_string_equal(yj_base64_encode(a, v[i][0],
		    strlen(v[i][0])), v[i][1]);
		assert_int_equal(yj_base64_decode(a, v[i][1], &out, &n), 0);
		assert_int_equal(n, strlen(v[i][0]));
		assert_memory_equal(out, v[i][0], n);
	}
	yj_arena_free(a);
}

static void
test_binary_round_trip(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	unsigned char bytes[256], *out;
	size_t i, len, n;

	(void)unused;
	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(255 - i);
	for (len = 0; len <= sizeof(bytes); len++) {
		char *e = yj_base64_encode(a, bytes, len);

		assert_int_equal(yj_base64_decode(a, e, &out, &n), 0);
		assert_int_equal(n, len);
		assert_memory_equal(out, bytes, len);
	}
	/* wrapped input (MIME style) decodes */
	assert_int_equal(yj_base64_decode(a, "Zm9v\r\nYmFy\n", &out, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "foobar", 6);
	yj_arena_free(a);
}

static void
test_refusals(void **unused)
{
	static const char *const bad[] = {
		"Zm9v!", "Zg=", "Z", "Zg==Zg==", "Zm9vY===", "=Zg=", "Zh==x",
	};
	struct yj_arena *a = yj_arena_new();
	unsigned char *out;
	size_t i, n;

	(void)unused;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (yj_base64_decode(a, bad[i], &out, &n) != YJ_EINVAL)
			fail_msg("'%s' accepted", bad[i]);
	yj_arena_free(a);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_binary_round_trip),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
