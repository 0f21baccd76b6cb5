/*
 * actions_test.c - milter/actions: every row of the verdict-to-action
 * table, and the subject prefix
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "mail/rfc2047.h"
#include "milter/actions.h"
#include "util/arena.h"

/* conf - a configuration from YAML (empty: the defaults) */
static struct yj_conf *
conf(const char *yml)
{
	char path[] = "/tmp/yj_actions_XXXXXX", err[512];
	struct yj_conf *c;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yml, strlen(yml)), (ssize_t)strlen(yml));
	close(fd);
	if (yj_engine_load_conf(path, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	unlink(path);
	return c;
}

struct row {
	const char		*name;
	const char		*yml;
	enum yj_direction	 dir;
	enum yj_verdict		 verdict;
	bool			 timed_out;
	bool			 oversize;
	bool			 external;
	/* the plan wanted */
	enum yj_milter_reply	 reply;
	const char		*code;
	bool			 headers;
	bool			 prefix;
	bool			 banner;
	const char		*hold;
	bool			 learn;
	const char		*verdict_starts;
};

static const struct row rows[] = {
	{ "in accept", "", YJ_DIR_IN, YJ_VERDICT_ACCEPT, false, false, false,
	  YJ_MR_CONTINUE, NULL, true, false, false, NULL, false, "accept;" },
	{ "in tag", "", YJ_DIR_IN, YJ_VERDICT_TAG, false, false, false,
	  YJ_MR_CONTINUE, NULL, true, true, true, NULL, false, "tag;" },
	{ "in quarantine", "", YJ_DIR_IN, YJ_VERDICT_QUARANTINE, false, false,
	  false, YJ_MR_CONTINUE, NULL, true, true, true, "quarantine", false,
	  "quarantine;" },
	{ "in reject", "", YJ_DIR_IN, YJ_VERDICT_REJECT, false, false, false,
	  YJ_MR_REJECT, "550", false, false, false, NULL, false, NULL },
	{ "in timed out", "", YJ_DIR_IN, YJ_VERDICT_ACCEPT, true, false, false,
	  YJ_MR_TEMPFAIL, "451", false, false, false, NULL, false, NULL },
	{ "in tag, no prefix, no banner",
	  "milter:\n  subject_prefix: \"\"\n  banner: false\n", YJ_DIR_IN,
	  YJ_VERDICT_TAG, false, false, false, YJ_MR_CONTINUE, NULL, true,
	  false, false, NULL, false, "tag;" },
	{ "in oversize accept", "", YJ_DIR_IN, YJ_VERDICT_ACCEPT, false, true,
	  false, YJ_MR_CONTINUE, NULL, true, false, false, NULL, false,
	  "unscanned; reason=oversize" },
	{ "in oversize tempfail", "milter:\n  oversize: tempfail\n", YJ_DIR_IN,
	  YJ_VERDICT_ACCEPT, false, true, false, YJ_MR_TEMPFAIL, "451", false,
	  false, false, NULL, false, NULL },
	{ "out accept", "", YJ_DIR_OUT, YJ_VERDICT_ACCEPT, false, false, true,
	  YJ_MR_CONTINUE, NULL, false, false, false, NULL, true, NULL },
	{ "out tag: no marks on outbound mail", "", YJ_DIR_OUT, YJ_VERDICT_TAG,
	  false, false, true, YJ_MR_CONTINUE, NULL, false, false, false, NULL,
	  true, NULL },
	{ "out tag, outbound headers", "milter:\n  outbound_headers: true\n",
	  YJ_DIR_OUT, YJ_VERDICT_TAG, false, false, true, YJ_MR_CONTINUE, NULL,
	  true, false, false, NULL, true, "tag;" },
	{ "out hold", "", YJ_DIR_OUT, YJ_VERDICT_HOLD, false, false, true,
	  YJ_MR_CONTINUE, NULL, false, false, false, "hold", false, NULL },
	{ "out reject", "", YJ_DIR_OUT, YJ_VERDICT_REJECT, false, false, true,
	  YJ_MR_REJECT, "550", false, false, false, NULL, false, NULL },
	{ "out delayed send", "hold:\n  delay: 5m\n", YJ_DIR_OUT,
	  YJ_VERDICT_ACCEPT, false, false, true, YJ_MR_CONTINUE, NULL, false,
	  false, false, "delay", false, NULL },
	{ "out delayed send, internal only", "hold:\n  delay: 5m\n",
	  YJ_DIR_OUT, YJ_VERDICT_TAG, false, false, false, YJ_MR_CONTINUE,
	  NULL, false, false, false, NULL, true, NULL },
	{ "out hold wins over delay", "hold:\n  delay: 5m\n", YJ_DIR_OUT,
	  YJ_VERDICT_HOLD, false, false, true, YJ_MR_CONTINUE, NULL, false,
	  false, false, "hold", false, NULL },
	{ "out timed out", "", YJ_DIR_OUT, YJ_VERDICT_ACCEPT, true, false,
	  true, YJ_MR_TEMPFAIL, "451", false, false, false, NULL, false, NULL },
};

static void
test_table(void **unused)
{
	struct yj_milter_facts facts;
	struct yj_milter_plan p;
	struct yj_result r;
	struct yj_finding *f;
	struct yj_arena *a;
	struct yj_conf *c;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *w = &rows[i];

		a = yj_arena_new();
		c = conf(w->yml);
		memset(&r, 0, sizeof(r));
		yj_findings_init(&r.findings, a);
		f = yj_findings_add(&r.findings, "reply_to", "freemail",
		    YJ_SEV_HIGH, 30);
		(void)f;
		r.direction = w->dir;
		r.verdict = w->verdict;
		r.score = 30;
		r.decided_by = "reply_to.freemail";
		r.timed_out = w->timed_out;
		memset(&facts, 0, sizeof(facts));
		facts.oversize = w->oversize;
		facts.size = 999999;
		facts.external_rcpt = w->external;
		facts.host = "mx1";
		yj_milter_plan(a, c, w->oversize ? NULL : &r, &facts, &p);
		if (p.reply != w->reply)
			fail_msg("%s: reply %d", w->name, p.reply);
		if ((w->code == NULL) != (p.smtp_code == NULL) ||
		    (w->code && strcmp(w->code, p.smtp_code) != 0))
			fail_msg("%s: code %s", w->name, p.smtp_code);
		if ((p.verdict_hdr != NULL) != w->headers ||
		    (p.findings_hdr != NULL) != w->headers)
			fail_msg("%s: headers", w->name);
		if (w->verdict_starts && strncmp(p.verdict_hdr,
		    w->verdict_starts, strlen(w->verdict_starts)) != 0)
			fail_msg("%s: verdict header '%s'", w->name,
			    p.verdict_hdr);
		if (p.subject_prefix != w->prefix || p.banner != w->banner)
			fail_msg("%s: prefix %d banner %d", w->name,
			    p.subject_prefix, p.banner);
		if ((w->hold == NULL) != (p.hold_kind == NULL) ||
		    (w->hold && strcmp(w->hold, p.hold_kind) != 0))
			fail_msg("%s: hold %s", w->name, p.hold_kind);
		if (p.hold_kind && p.quarantine_reason == NULL)
			fail_msg("%s: no quarantine reason", w->name);
		if (p.learn != w->learn)
			fail_msg("%s: learn %d", w->name, p.learn);
		if (w->reply == YJ_MR_REJECT &&
		    strstr(p.smtp_text, "reply_to.freemail") == NULL)
			fail_msg("%s: reject text '%s'", w->name, p.smtp_text);
		if (w->headers && !w->oversize &&
		    strcmp(p.findings_hdr, "reply_to.freemail (30)") != 0)
			fail_msg("%s: findings '%s'", w->name, p.findings_hdr);
		yj_conf_free(c);
		yj_arena_free(a);
	}
}

static void
test_findings_header(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_conf *c = conf("");
	struct yj_milter_facts facts = { .host = "mx1" };
	struct yj_milter_plan p;
	struct yj_result r;
	struct yj_finding *f;
	int i;

	(void)unused;
	memset(&r, 0, sizeof(r));
	yj_findings_init(&r.findings, a);
	r.direction = YJ_DIR_IN;
	yj_milter_plan(a, c, &r, &facts, &p);
	assert_string_equal(p.findings_hdr, "none");
	assert_non_null(strstr(p.verdict_hdr, "host=mx1"));
	for (i = 0; i < 30; i++) {
		f = yj_findings_add(&r.findings, "c", "f", YJ_SEV_LOW, i);
		f->ignored = i == 0;
	}
	yj_milter_plan(a, c, &r, &facts, &p);
	assert_int_equal(strncmp(p.findings_hdr, "c.f (1), c.f (2)", 16), 0);
	assert_non_null(strstr(p.findings_hdr, ", ..."));
	assert_true(strlen(p.findings_hdr) < 900);
	yj_conf_free(c);
	yj_arena_free(a);
}

static void
test_subject(void **unused)
{
	static const struct {
		const char	*prefix;
		const char	*raw;
		const char	*decoded;
		const char	*want;		/* decoded result, NULL: none */
	} cases[] = {
		{ "[要注意]", " Invoice", "Invoice", "[要注意] Invoice" },
		{ "[要注意]", " =?ISO-2022-JP?B?GyRCOCtAURsoQg==?=", "見積",
		  "[要注意] 見積" },
		{ "[要注意]", NULL, NULL, "[要注意]" },
		{ "[要注意]", " [要注意] again", "[要注意] again", NULL },
		{ "[SUSPICIOUS]", " hello", "hello", "[SUSPICIOUS] hello" },
		{ "[要注意・とても長い前置きの文字列でも正しく分割されること]",
		  " x", "x",
		  "[要注意・とても長い前置きの文字列でも正しく分割されること] x" },
	};
	struct yj_arena *a = yj_arena_new();
	const char *got, *dec;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = yj_milter_subject(a, cases[i].prefix, cases[i].raw,
		    cases[i].decoded);
		if (cases[i].want == NULL) {
			if (got != NULL)
				fail_msg("case %zu: changed to '%s'", i, got);
			continue;
		}
		assert_non_null(got);
		dec = yj_header_decode(a, got, strlen(got), NULL);
		if (strcmp(dec, cases[i].want) != 0)
			fail_msg("case %zu: '%s' decodes to '%s'", i, got, dec);
		/* every encoded word within RFC 2047's 75 characters */
		for (const char *w = got; *w; ) {
			size_t n = strcspn(w, " ");

			if (strncmp(w, "=?", 2) == 0 && n > 75)
				fail_msg("case %zu: word of %zu", i, n);
			w += n;
			w += *w == ' ';
		}
	}
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_findings_header),
		cmocka_unit_test(test_subject),
	};

	unsetenv("YOJIN_CONFIG");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
