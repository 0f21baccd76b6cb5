/*
 * mailreport_test.c - incident/mailreport: indicators and unwrapping,
 * without a store
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "incident/mailreport.h"

static const char *const domains[] = { "yojin-shoji.example", NULL };
static const struct yj_org org = { .domains = domains, .ndomains = 1 };

/* has - the list holds (kind, value) */
static bool
has(const struct yj_mail_indicator *v, size_t n, const char *kind,
    const char *value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].kind, kind) == 0 &&
		    strcmp(v[i].value, value) == 0)
			return true;
	return false;
}

/* indicators - of a raw message */
static size_t
indicators(struct yj_arena *a, const char *raw, struct yj_mail_indicator **v)
{
	struct yj_msg *m = yj_msg_parse(raw, strlen(raw), NULL);
	size_t n;
	size_t i;

	n = yj_mailreport_indicators(a, m, &org, v);
	/* copy the values out of the message arena */
	for (i = 0; i < n; i++) {
		(*v)[i].value = yj_arena_strdup(a, (*v)[i].value);
	}
	yj_msg_free(m);
	return n;
}

static void
test_japanese_phish(void **unused)
{
	static const char raw[] =
	    "Return-Path: <bounce@mailer.bad-host.example>\r\n"
	    "From: =?ISO-2022-JP?B?GyRCO1ZFRBsoQg==?=\r\n"
	    " <support@amazon-co-jp.example>\r\n"
	    "Reply-To: helpdesk@gmail.com, \"x\" <x@yojin-shoji.example>\r\n"
	    "To: tanaka@yojin-shoji.example\r\n"
	    "Subject: =?UTF-8?B?44Ki44Kr44Km44Oz44OI5YGc5q2i?=\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"b\"\r\n"
	    "\r\n"
	    "--b\r\n"
	    "Content-Type: text/html; charset=UTF-8\r\n"
	    "\r\n"
	    "<a href=\"https://amazon.co.jp.login-check.example/verify?id=1\">"
	    "ログイン</a> mailto:<a href=\"mailto:a@b.example\">m</a>\r\n"
	    "<a href=\"https://www.yojin-shoji.example/help\">社内</a>\r\n"
	    "--b\r\n"
	    "Content-Type: application/octet-stream;\r\n"
	    " name=\"=?UTF-8?B?6KuL5rGC5pu4LnBkZi5leGU=?=\"\r\n"
	    "Content-Disposition: attachment\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "\r\n"
	    "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAA=\r\n"
	    "--b--\r\n";
	struct yj_arena *a = yj_arena_new();
	struct yj_mail_indicator *v;
	size_t n, i;

	(void)unused;
	n = indicators(a, raw, &v);
	assert_true(has(v, n, "sender", "support@amazon-co-jp.example"));
	assert_true(has(v, n, "domain", "amazon-co-jp.example"));
	assert_true(has(v, n, "reply_to", "helpdesk@gmail.com"));
	assert_true(has(v, n, "return_path", "bounce@mailer.bad-host.example"));
	assert_true(has(v, n, "domain", "bad-host.example"));
	assert_true(has(v, n, "url",
	    "https://amazon.co.jp.login-check.example/verify?id=1"));
	assert_true(has(v, n, "domain", "login-check.example"));
	assert_true(has(v, n, "attachment_name", "請求書.pdf.exe"));
	/* no free-mail domain, nothing of ours, no mailto */
	for (i = 0; i < n; i++) {
		assert_null(strstr(v[i].value, "yojin-shoji"));
		assert_false(strcmp(v[i].value, "gmail.com") == 0);
		assert_null(strstr(v[i].value, "mailto:"));
	}
	/* each (kind, value) once, with a sha256 for the attachment */
	for (i = 0; i < n; i++) {
		size_t k;

		for (k = i + 1; k < n; k++)
			assert_false(strcmp(v[i].kind, v[k].kind) == 0 &&
			    strcmp(v[i].value, v[k].value) == 0);
		if (strcmp(v[i].kind, "attachment_sha256") == 0)
			assert_int_equal(strlen(v[i].value), 64);
	}
	yj_arena_free(a);
}

static void
test_limits_and_garbage(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_mail_indicator *v;
	char *raw;
	size_t n, off = 0, cap = 400000;
	int i;

	(void)unused;
	/* 500 distinct links: at most YJ_MAILREPORT_MAX indicators */
	raw = yj_arena_alloc(a, cap);
	off += (size_t)snprintf(raw + off, cap - off, "From: a@x.example\r\n"
	    "Subject: many\r\n\r\n");
	for (i = 0; i < 500; i++)
		off += (size_t)snprintf(raw + off, cap - off,
		    "https://h%d.example/p\r\n", i);
	n = indicators(a, raw, &v);
	assert_int_equal(n, YJ_MAILREPORT_MAX);
	/* not mail at all: nothing, and no crash */
	n = indicators(a, "\x01\x02\xff garbage", &v);
	assert_int_equal(n, 0);
	n = indicators(a, "From: <@>\r\n\r\n", &v);
	assert_int_equal(n, 0);
	yj_arena_free(a);
}

static void
test_unwrap(void **unused)
{
	static const char fwd[] =
	    "From: Tanaka <tanaka@yojin-shoji.example>\r\n"
	    "To: report@yojin-shoji.example\r\n"
	    "Subject: Fw: suspicious\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"o\"\r\n"
	    "\r\n"
	    "--o\r\n"
	    "Content-Type: text/plain\r\n"
	    "\r\n"
	    "This looks odd.\r\n"
	    "--o\r\n"
	    "Content-Type: message/rfc822\r\n"
	    "\r\n"
	    "From: Bank <info@bank-verify.example>\r\n"
	    "Subject: verify\r\n"
	    "\r\n"
	    "click https://bank-verify.example/x\r\n"
	    "--o--\r\n";
	struct yj_msg *m, *inner;
	const unsigned char *raw;
	const char *who;
	size_t len;

	(void)unused;
	m = yj_msg_parse(fwd, strlen(fwd), NULL);
	assert_true(yj_mailreport_unwrap(m, &org, &raw, &len, &who));
	assert_string_equal(who, "tanaka@yojin-shoji.example");
	inner = yj_msg_parse((const char *)raw, len, NULL);
	assert_string_equal(inner->from.v[0].addr, "info@bank-verify.example");
	yj_msg_free(inner);
	/* the same mail from outside is reported as it is */
	{
		static const char *const other[] = { "elsewhere.example",
			NULL };
		struct yj_org o2 = { .domains = other, .ndomains = 1 };

		assert_false(yj_mailreport_unwrap(m, &o2, &raw, &len, &who));
	}
	yj_msg_free(m);
	/* a mail without an attached message is not unwrapped */
	m = yj_msg_parse("From: tanaka@yojin-shoji.example\r\n\r\nhi\r\n", 40,
	    NULL);
	assert_false(yj_mailreport_unwrap(m, &org, &raw, &len, &who));
	yj_msg_free(m);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_japanese_phish),
		cmocka_unit_test(test_limits_and_garbage),
		cmocka_unit_test(test_unwrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
