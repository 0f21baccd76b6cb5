/*
 * session_test.c - engine/session: the milter phases drive the checks
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "engine/engine.h"
#include "util/limits.h"

static struct yj_conf *conf;
static struct yj_engine *engine;

static int
setup(void **unused)
{
	char path[] = "/tmp/yj_session_test_XXXXXX";
	const char *text = "organization:\n  domains: [yojin.example]\n"
	    "  internal_networks: [192.0.2.0/24]\n";
	char err[256];
	int fd;

	(void)unused;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(yj_engine_load_conf(path, &conf, err, sizeof(err)),
	    0);
	unlink(path);
	assert_int_equal(yj_engine_new(conf, NULL, NULL, &engine, err,
	    sizeof(err)), 0);
	return 0;
}

static int
teardown(void **unused)
{
	(void)unused;
	yj_engine_free(engine);
	yj_conf_free(conf);
	return 0;
}

/* feed - one message through the milter phases */
static const struct yj_result *
feed(struct yj_session *s, const char *from, const char *to,
    const char *reply_to, enum yj_direction dir)
{
	yj_session_mail(s, "<sender@x.example>");
	yj_session_rcpt(s, "<rcpt@y.example>");
	yj_session_header(s, "From", from);
	yj_session_header(s, "To", to);
	if (reply_to != NULL)
		yj_session_header(s, "Reply-To", reply_to);
	yj_session_header(s, "Subject", "test");
	yj_session_header(s, "Date", "Thu, 26 Nov 2026 10:00:00 +0900");
	yj_session_eoh(s);
	yj_session_body(s, "hello\r\n", 7);
	return yj_session_eom(s, dir);
}

static void
test_inbound_reply_to(void **unused)
{
	struct yj_session *s = yj_session_new(engine);
	const struct yj_result *r;

	(void)unused;
	yj_session_connect(s, "mx.partner.example", "198.51.100.7");
	r = feed(s, "a@partner.example", "b@yojin.example",
	    "a.partner@gmail.com", YJ_DIR_AUTO);
	assert_int_equal(r->direction, YJ_DIR_IN);
	assert_true(yj_findings_has(&r->findings, "reply_to.free_mail"));
	assert_int_equal(r->verdict, YJ_VERDICT_TAG);
	assert_int_equal(r->msg->env.rcpts.nr, 1);
	assert_string_equal(r->msg->env.rcpts.v[0], "rcpt@y.example");
	assert_string_equal(r->msg->env.mail_from, "sender@x.example");
	/* a second transaction on the same connection starts clean */
	r = feed(s, "a@partner.example", "b@yojin.example", NULL,
	    YJ_DIR_AUTO);
	assert_int_equal(r->findings.nr, 0);
	assert_int_equal(r->verdict, YJ_VERDICT_ACCEPT);
	yj_session_free(s);
}

static void
test_direction(void **unused)
{
	struct yj_session *s;

	(void)unused;
	s = yj_session_new(engine);
	yj_session_connect(s, "pc1", "192.0.2.10");
	assert_int_equal(yj_session_direction(s), YJ_DIR_OUT);
	yj_session_free(s);
	s = yj_session_new(engine);
	yj_session_connect(s, "somewhere", "203.0.113.5");
	assert_int_equal(yj_session_direction(s), YJ_DIR_IN);
	yj_session_auth(s, "tanaka");
	assert_int_equal(yj_session_direction(s), YJ_DIR_OUT);
	yj_session_free(s);
	/* no SMTP client (yojin scan): the From domain decides */
	s = yj_session_new(engine);
	assert_int_equal(feed(s, "tanaka@yojin.example", "x@a.example", NULL,
	    YJ_DIR_AUTO)->direction, YJ_DIR_OUT);
	assert_int_equal(feed(s, "x@a.example", "tanaka@yojin.example", NULL,
	    YJ_DIR_AUTO)->direction, YJ_DIR_IN);
	yj_session_free(s);
}

static void
test_outbound_checks_only_outbound(void **unused)
{
	struct yj_session *s = yj_session_new(engine);
	const struct yj_result *r;
	const char *to = "a@a.example, b@b.example, c@c.example, "
	    "d@d.example, e@e.example";

	(void)unused;
	r = feed(s, "tanaka@yojin.example", to, NULL, YJ_DIR_OUT);
	assert_true(yj_findings_has(&r->findings, "recipients.bcc_expected"));
	assert_int_equal(r->verdict, YJ_VERDICT_HOLD);
	r = feed(s, "tanaka@yojin.example", to, NULL, YJ_DIR_IN);
	assert_false(yj_findings_has(&r->findings, "recipients.bcc_expected"));
	yj_session_free(s);
}

static void
test_abort_and_oversize(void **unused)
{
	struct yj_session *s = yj_session_new(engine);
	const struct yj_result *r;
	static char chunk[65536];
	size_t sent;

	(void)unused;
	yj_session_mail(s, "<a@x.example>");
	yj_session_header(s, "From", "a@x.example");
	yj_session_abort(s);
	memset(chunk, 'a', sizeof(chunk));
	yj_session_mail(s, "<a@x.example>");
	yj_session_header(s, "From", "a@x.example");
	yj_session_eoh(s);
	for (sent = 0; sent <= YJ_LIM_MESSAGE_SIZE; sent += sizeof(chunk))
		yj_session_body(s, chunk, sizeof(chunk));
	r = yj_session_eom(s, YJ_DIR_IN);
	assert_true(r->oversize);
	assert_true(yj_findings_has(&r->findings, "malformed.truncated"));
	assert_true(r->msg->raw_size > YJ_LIM_MESSAGE_SIZE);
	yj_session_free(s);
}

/* test_message_bytes - what yj_session_message gives the milter */
static void
test_message_bytes(void **unused)
{
	struct yj_session *s = yj_session_new(engine);
	const char *m;
	size_t len, body;

	(void)unused;
	yj_session_mail(s, "<a@x.example>");
	m = yj_session_message(s, &len, &body);
	assert_int_equal(len, 0);
	assert_int_equal(body, 0);
	yj_session_header_raw(s, "Subject", 7, " a\r\n b", 6);
	yj_session_header(s, "From", "a@x.example");
	yj_session_eoh(s);
	yj_session_body(s, "one\r\n", 5);
	yj_session_body(s, "two\r\n", 5);
	m = yj_session_message(s, &len, &body);
	assert_string_equal(m, "Subject: a\r\n b\r\nFrom: a@x.example\r\n"
	    "\r\none\r\ntwo\r\n");
	assert_int_equal(len, strlen(m));
	assert_string_equal(m + body, "one\r\ntwo\r\n");
	/* a new transaction starts from nothing */
	yj_session_abort(s);
	m = yj_session_message(s, &len, &body);
	assert_int_equal(len, 0);
	assert_int_equal(body, 0);
	yj_session_free(s);
}

static void
test_only_list(void **unused)
{
	struct yj_engine *e;
	char err[256];

	(void)unused;
	assert_int_equal(yj_engine_new(conf, NULL, "reply_to,malformed", &e,
	    err, sizeof(err)), 0);
	yj_engine_free(e);
	assert_int_not_equal(yj_engine_new(conf, NULL, "reply_to,nosuch", &e,
	    err, sizeof(err)), 0);
	assert_non_null(strstr(err, "unknown check 'nosuch'"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inbound_reply_to),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_outbound_checks_only_outbound),
		cmocka_unit_test(test_abort_and_oversize),
		cmocka_unit_test(test_only_list),
		cmocka_unit_test(test_message_bytes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
