/*
 * fuzz_msg - libFuzzer target for the whole message model
 *
 * Every byte string must parse into a message without a crash, a leak, a
 * sanitizer report or a hang; whatever is odd ends up as anomalies.
 */
#include <stddef.h>
#include <stdint.h>

#include "mail/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_parse_opts opts = { .authserv_id = "mx.example.jp" };
	struct yj_msg *m;

	m = yj_msg_parse((const char *)data, size, &opts);
	yj_msg_free(m);
	return 0;
}
