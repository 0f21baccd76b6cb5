/*
 * fuzz_hold.c - libFuzzer target for what a stranger can send the hold
 * workflow: command addresses (hold.reply_address with an extension),
 * notice marks (X-Yojin-Notice) and action tokens
 *
 * None of them may crash, and a random input must never pass as a mark
 * or a token (the fuzzer would have to find an HMAC).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "hold/hold.h"
#include "hold/token.h"
#include "util/alloc.h"

static struct yj_conf *conf;

/* init - a configuration with a command address */
static void
init(void)
{
	char path[] = "/tmp/yj_fuzz_hold_XXXXXX", err[256];
	const char *yml = "organization:\n  domains: [yojin-shoji.example]\n"
	    "hold:\n  reply_address: yojin-hold@yojin-shoji.example\n";
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, yml, strlen(yml)) != (ssize_t)strlen(yml))
		abort();
	close(fd);
	if (yj_engine_load_conf(path, &conf, err, sizeof(err)) != 0)
		abort();
	unlink(path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[32] = { 1, 2, 3 };
	char *s;

	if (conf == NULL)
		init();
	s = yj_xstrndup((const char *)data, size);
	(void)yj_hold_command_rcpt(conf, s);
	if (yj_notice_mark_ok(key, s, "id@yojin-shoji.example", "00", 1800000000))
		abort();
	if (yj_hold_token_ok(key, "release", 1, "a@yojin-shoji.example", s))
		abort();
	yj_free(s);
	return 0;
}
