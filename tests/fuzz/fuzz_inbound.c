/*
 * fuzz_inbound.c - libFuzzer target for the inbound checks
 *
 * Every byte string goes through an engine session as inbound mail, with
 * every check enabled and a configuration that gives the checks people,
 * brands and an authserv-id to work with: no crash, leak, sanitizer
 * report or hang, whatever the message.  Knowledge is empty (no store).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "engine/engine.h"
#include "mail/header.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char conf_text[] =
    "organization:\n"
    "  name: 用心商事株式会社\n"
    "  domains: [yojin-shoji.example]\n"
    "  authserv_id: mx.yojin-shoji.example\n"
    "  people:\n"
    "    - name: 山田 一郎\n"
    "      executive: true\n"
    "      aliases: [Ichiro Yamada]\n"
    "      addresses: [yamada@yojin-shoji.example]\n"
    "brands:\n"
    "  list:\n"
    "    - name: 用心銀行\n"
    "      tokens: [用心銀行]\n"
    "      domains: [yojin-bank.example]\n";

static struct yj_engine	*engine;
static struct yj_conf	*conf;

/* setup - the engine, once */
static void
setup(void)
{
	char path[] = "/tmp/yj-fuzz-inbound-XXXXXX", err[512];
	FILE *fp;
	int fd;

	fd = mkstemp(path);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL)
		abort();
	fputs(conf_text, fp);
	fclose(fp);
	if (yj_engine_load_conf(path, &conf, err, sizeof(err)) != 0 ||
	    yj_engine_new(conf, NULL, NULL, &engine, err, sizeof(err)) != 0)
		abort();
	unlink(path);
}

/* field - yj_header_split callback into the session */
static int
field(const struct yj_hfield *f, void *arg)
{
	yj_session_header_raw(arg, f->name, f->name_len, f->value,
	    f->value_len);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_session *s;
	unsigned flags = 0;
	size_t body;

	if (engine == NULL)
		setup();
	s = yj_session_new(engine);
	yj_session_mail(s, "sender@example.net");
	yj_session_rcpt(s, "yamada@yojin-shoji.example");
	body = yj_header_split((const char *)data, size, field, s, &flags);
	yj_session_eoh(s);
	if (body < size)
		yj_session_body(s, data + body, size - body);
	(void)yj_session_eom(s, YJ_DIR_IN);
	yj_session_free(s);
	return 0;
}
