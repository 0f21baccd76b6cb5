/*
 * msg_test.c - mail/msg: the message model from raw bytes
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/html.h"
#include "mail/msg.h"
#include "util/limits.h"

/* parse - a message from a C string */
static struct yj_msg *
parse(const char *raw)
{
	struct yj_parse_opts o = { .authserv_id = "mx.yojin.example" };

	return yj_msg_parse(raw, strlen(raw), &o);
}

static void
test_headers_and_addresses(void **unused)
{
	struct yj_msg *m;

	(void)unused;
	m = parse("From: =?UTF-8?B?5bGx55Sw?= <yamada@a.example>\r\n"
	    "To: b@b.example, \"C\" <c@c.example>\r\nTo: d@d.example\r\n"
	    "Cc: e@e.example\r\nReply-To: r@r.example\r\n"
	    "Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=\r\n"
	    "Message-ID: <abc@a.example>\r\n"
	    "In-Reply-To: <p1@x.example>\r\n"
	    "References: <p0@x.example> <p1@x.example>\r\n"
	    "Date: Thu, 26 Nov 2026 10:00:00 +0900\r\n\r\nbody\r\n");
	assert_string_equal(m->subject, "こんにちは");
	assert_int_equal(m->from.nr, 1);
	assert_string_equal(m->from.v[0].name, "山田");
	assert_string_equal(yj_msg_from(m)->addr, "yamada@a.example");
	assert_int_equal(m->to.nr, 3);		/* two To headers, one list */
	assert_string_equal(m->to.v[2].addr, "d@d.example");
	assert_string_equal(m->cc.v[0].domain, "e.example");
	assert_string_equal(m->message_id, "abc@a.example");
	assert_int_equal(m->in_reply_to.nr, 1);
	assert_int_equal(m->references.nr, 2);
	assert_string_equal(m->references.v[0], "p0@x.example");
	assert_int_equal(m->date, 1795654800);
	assert_int_equal(m->date_tz, 540);
	/* RFC 5322 allows one To field: two are merged and flagged */
	assert_int_equal(m->anomalies, UINT64_C(1) << YJ_ANOM_DUP_HEADER);
	assert_string_equal(m->anomaly_detail[YJ_ANOM_DUP_HEADER], "to");
	yj_msg_free(m);
}

static void
test_alternative_and_links(void **unused)
{
	struct yj_msg *m;

	(void)unused;
	m = parse("From: a@a.example\r\nSubject: s\r\nDate: Thu, 26 Nov 2026 "
	    "10:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: "
	    "multipart/alternative; boundary=B\r\n\r\n--B\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "see https://plain.example/x\r\n--B\r\n"
	    "Content-Type: text/html; charset=utf-8\r\n\r\n"
	    "<p>Pay <a href=\"https://evil.example/login\">https://bank.example"
	    "</a></p><div style=\"display:none\">hidden words</div>\r\n--B--\r\n");
	assert_int_equal(m->ntexts, 2);
	assert_true(m->texts[0].flags & YJ_TEXT_ALTERNATIVE);
	assert_true(m->texts[1].flags & YJ_TEXT_HTML);
	assert_false(m->texts[1].flags & YJ_TEXT_ALTERNATIVE);
	assert_non_null(strstr(m->texts[1].hidden, "hidden words"));
	assert_null(strstr(m->texts[1].text, "hidden words"));
	assert_int_equal(m->nlinks, 1);
	assert_string_equal(m->links[0].href, "https://evil.example/login");
	assert_string_equal(m->links[0].text, "https://bank.example");
	assert_string_equal(m->links[0].host, "evil.example");
	/* the visible HTML text is what body_nfkc carries, not the plain
	 * alternative */
	assert_non_null(strstr(m->body_nfkc, "pay"));
	assert_null(strstr(m->body_nfkc, "plain.example"));
	/* URLs from the plain part are still listed */
	assert_true(m->nurls >= 3);
	yj_msg_free(m);
}

static void
test_attachments_and_nested(void **unused)
{
	struct yj_msg *m;

	(void)unused;
	m = parse("From: a@a.example\r\nSubject: s\r\nDate: Thu, 26 Nov 2026 "
	    "10:00:00 +0900\r\nMIME-Version: 1.0\r\nContent-Type: "
	    "multipart/mixed; boundary=M\r\n\r\n--M\r\nContent-Type: "
	    "text/plain\r\n\r\nhello\r\n--M\r\nContent-Type: application/pdf; "
	    "name=\"a.pdf\"\r\nContent-Disposition: attachment; filename="
	    "\"a.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	    "JVBERi0xLjQKJeLjz9MK\r\n--M\r\nContent-Type: message/rfc822\r\n\r\n"
	    "From: x@x.example\r\nSubject: inner\r\n\r\ninner body\r\n"
	    "--M--\r\n");
	assert_int_equal(m->natts, 2);
	assert_string_equal(m->atts[0].filename, "a.pdf");
	assert_string_equal(m->atts[0].content_type, "application/pdf");
	assert_string_equal(m->atts[0].detected_type, "application/pdf");
	assert_int_equal(m->atts[0].size, 15);
	assert_int_equal(strlen(m->atts[0].sha256), 64);
	assert_true(m->atts[1].flags & YJ_ATT_MESSAGE);
	assert_int_equal(m->ntexts, 2);
	assert_true(m->texts[1].flags & YJ_TEXT_NESTED);
	assert_non_null(strstr(m->texts[1].text, "inner body"));
	yj_msg_free(m);
}

static void
test_anomalies(void **unused)
{
	struct yj_msg *m;

	(void)unused;
	m = parse("From: a@a.example, b@b.example\r\nSubject: one\r\n"
	    "Subject: two\r\n\r\nbody\r\n");
	assert_true(yj_msg_has_anomaly(m, YJ_ANOM_MULTI_FROM));
	assert_true(yj_msg_has_anomaly(m, YJ_ANOM_DUP_HEADER));
	assert_true(yj_msg_has_anomaly(m, YJ_ANOM_BAD_DATE));
	assert_null(yj_msg_from(m));
	assert_string_equal(m->subject, "one");
	yj_msg_free(m);
	m = parse("no header here\nat all\n");
	assert_true(yj_msg_has_anomaly(m, YJ_ANOM_NOT_MAIL));
	assert_true(yj_msg_has_anomaly(m, YJ_ANOM_NO_FROM));
	assert_int_equal(m->nheaders, 0);
	yj_msg_free(m);
}

static void
test_size_limit(void **unused)
{
	struct yj_parse_opts o = { .max_size = 64 };
	const char *raw = "From: a@a.example\r\nSubject: s\r\n\r\n"
	    "0123456789012345678901234567890123456789012345678901234567890";
	struct yj_msg *m;

	(void)unused;
	m = yj_msg_parse(raw, strlen(raw), &o);
	assert_true(yj_msg_has_anomaly(m, YJ_ANOM_TRUNCATED));
	assert_int_equal(m->raw_size, strlen(raw));
	yj_msg_free(m);
}

static void
test_authentication_results_trust(void **unused)
{
	struct yj_msg *m;

	(void)unused;
	m = parse("Authentication-Results: mx.yojin.example; dmarc=fail "
	    "header.from=bank.example\r\nAuthentication-Results: "
	    "forged.example; dmarc=pass header.from=bank.example\r\n"
	    "From: a@bank.example\r\n\r\nx\r\n");
	assert_int_equal(m->nauth, 2);
	assert_true(m->auth[0].trusted);
	assert_false(m->auth[1].trusted);
	assert_string_equal(m->auth[0].v[0].result, "fail");
	yj_msg_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers_and_addresses),
		cmocka_unit_test(test_alternative_and_links),
		cmocka_unit_test(test_attachments_and_nested),
		cmocka_unit_test(test_anomalies),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_authentication_results_trust),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
