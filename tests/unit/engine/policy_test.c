/*
 * policy_test.c - engine/policy: findings to one verdict
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

struct f {
	const char		*check;
	const char		*name;
	enum yj_severity	 sev;
	int			 weight;
};

/* decide - run the policy over findings */
static enum yj_verdict
decide(const struct yj_conf_policy *pol, enum yj_direction dir,
    const struct f *fs, size_t n, int *score, const char **by)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_result r;
	enum yj_verdict v;
	size_t i;

	memset(&r, 0, sizeof(r));
	yj_findings_init(&r.findings, a);
	for (i = 0; i < n; i++)
		(void)yj_findings_add(&r.findings, fs[i].check, fs[i].name,
		    fs[i].sev, fs[i].weight);
	yj_policy_apply(pol, dir, &r);
	v = r.verdict;
	if (score != NULL)
		*score = r.score;
	if (by != NULL)
		*by = strcmp(r.decided_by, "score") == 0 ? "score" : "finding";
	yj_arena_free(a);
	return v;
}

static const struct yj_conf_policy base = {
	.thresholds = { .tag = 20, .hold = 40, .quarantine = 70, .reject = 0 },
	.critical_escalates = true,
};

static void
test_thresholds(void **unused)
{
	static const struct {
		enum yj_direction	dir;
		int			weight;
		enum yj_verdict		want;
	} cases[] = {
		{ YJ_DIR_IN, 0, YJ_VERDICT_ACCEPT },
		{ YJ_DIR_IN, 19, YJ_VERDICT_ACCEPT },
		{ YJ_DIR_IN, 20, YJ_VERDICT_TAG },
		{ YJ_DIR_IN, 45, YJ_VERDICT_TAG },	/* hold is outbound */
		{ YJ_DIR_IN, 70, YJ_VERDICT_QUARANTINE },
		{ YJ_DIR_OUT, 39, YJ_VERDICT_TAG },
		{ YJ_DIR_OUT, 40, YJ_VERDICT_HOLD },
		{ YJ_DIR_OUT, 90, YJ_VERDICT_HOLD },	/* quarantine is inbound */
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct f fs[] = { { "c", "x", YJ_SEV_MEDIUM, cases[i].weight } };

		assert_int_equal(decide(&base, cases[i].dir, fs, 1, NULL,
		    NULL), cases[i].want);
	}
}

static void
test_score_sums_and_caps(void **unused)
{
	struct f fs[] = {
		{ "a", "x", YJ_SEV_HIGH, 45 },
		{ "b", "y", YJ_SEV_HIGH, 40 },
		{ "c", "z", YJ_SEV_HIGH, 35 },
	};
	int score;

	(void)unused;
	assert_int_equal(decide(&base, YJ_DIR_IN, fs, 2, &score, NULL),
	    YJ_VERDICT_QUARANTINE);
	assert_int_equal(score, 85);
	(void)decide(&base, YJ_DIR_IN, fs, 3, &score, NULL);
	assert_int_equal(score, 100);
}

static void
test_critical_escalates(void **unused)
{
	struct f fs[] = { { "attachment", "lnk", YJ_SEV_CRITICAL, 10 } };
	struct yj_conf_policy off = base;
	const char *by;

	(void)unused;
	assert_int_equal(decide(&base, YJ_DIR_IN, fs, 1, NULL, &by),
	    YJ_VERDICT_QUARANTINE);
	assert_string_equal(by, "finding");
	assert_int_equal(decide(&base, YJ_DIR_OUT, fs, 1, NULL, NULL),
	    YJ_VERDICT_HOLD);
	off.critical_escalates = false;
	assert_int_equal(decide(&off, YJ_DIR_IN, fs, 1, NULL, NULL),
	    YJ_VERDICT_ACCEPT);
}

static void
test_overrides(void **unused)
{
	int w5 = 5;
	struct yj_conf_override ov[] = {
		{ .finding = "reply_to.other_org", .action = "ignore" },
		{ .finding = "recipients.*", .action = "hold",
		  .direction = "out" },
		{ .finding = "malformed.*", .weight = &w5 },
		{ .finding = "noisy.x", .action = "accept" },
		{ .finding = "risky.y", .action = "reject" },
	};
	struct yj_conf_policy pol = base;
	struct f ignored[] = { { "reply_to", "other_org", YJ_SEV_HIGH, 90 } };
	struct f held[] = { { "recipients", "bcc_expected", YJ_SEV_LOW, 1 } };
	struct f weighed[] = { { "malformed", "mime_depth", YJ_SEV_HIGH, 30 },
		{ "malformed", "not_mail", YJ_SEV_HIGH, 30 } };
	struct f accepted[] = { { "noisy", "x", YJ_SEV_CRITICAL, 80 } };
	struct f rejected[] = { { "risky", "y", YJ_SEV_LOW, 0 } };
	int score;

	(void)unused;
	pol.overrides = ov;
	pol.noverrides = sizeof(ov) / sizeof(ov[0]);
	assert_int_equal(decide(&pol, YJ_DIR_IN, ignored, 1, &score, NULL),
	    YJ_VERDICT_ACCEPT);
	assert_int_equal(score, 0);
	assert_int_equal(decide(&pol, YJ_DIR_OUT, held, 1, NULL, NULL),
	    YJ_VERDICT_HOLD);
	/* the override names a direction: inbound is untouched */
	assert_int_equal(decide(&pol, YJ_DIR_IN, held, 1, NULL, NULL),
	    YJ_VERDICT_ACCEPT);
	assert_int_equal(decide(&pol, YJ_DIR_IN, weighed, 2, &score, NULL),
	    YJ_VERDICT_ACCEPT);
	assert_int_equal(score, 10);
	/* accept: weight 0, and a critical with weight 0 does not escalate */
	assert_int_equal(decide(&pol, YJ_DIR_IN, accepted, 1, &score, NULL),
	    YJ_VERDICT_ACCEPT);
	assert_int_equal(decide(&pol, YJ_DIR_IN, rejected, 1, NULL, NULL),
	    YJ_VERDICT_REJECT);
}

/* conf_from - a configuration from YAML text */
static struct yj_conf *
conf_from(const char *yaml)
{
	char path[] = "/tmp/yj-policy-XXXXXX";
	struct yj_conf *c;
	char err[512];
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	if (yj_engine_load_conf(path, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	unlink(path);
	return c;
}

/* exempt_of - the exemption for a message with these headers */
static const char *
exempt_of(const struct yj_conf *c, const char *hdrs, enum yj_direction dir)
{
	static char why[64];
	struct yj_msg *m;
	const char *e;
	char raw[1024];

	snprintf(raw, sizeof(raw), "%s\nSubject: x\n\nbody\n", hdrs);
	m = yj_msg_parse(raw, strlen(raw), NULL);
	e = yj_policy_exempt(c, m, dir);
	snprintf(why, sizeof(why), "%s", e != NULL ? e : "-");
	yj_msg_free(m);
	return why;
}

static void
test_exemptions(void **unused)
{
	static const struct {
		const char		*hdrs;
		enum yj_direction	 dir;
		const char		*want;
	} cases[] = {
		{ "From: a@our.example\nTo: b@our.example", YJ_DIR_OUT,
		  "internal_only" },
		{ "From: a@our.example\nTo: b@sub.our.example", YJ_DIR_OUT,
		  "internal_only" },
		{ "From: a@our.example\nTo: b@our.example\nBcc: x@out.example",
		  YJ_DIR_OUT, "-" },
		{ "From: a@our.example\nTo: b@partner.example", YJ_DIR_OUT,
		  "trusted_domains" },
		{ "From: a@our.example\nTo: b@mx.partner.example, c@our.example",
		  YJ_DIR_OUT, "trusted_domains" },
		{ "From: a@our.example\nTo: b@partner.example, c@x.example",
		  YJ_DIR_OUT, "-" },
		{ "From: news@our.example\nTo: x@x.example", YJ_DIR_OUT,
		  "senders" },
		{ "From: a@bulk.our.example\nTo: x@x.example", YJ_DIR_OUT,
		  "senders" },
		{ "From: a@our.example\nTo: x@x.example", YJ_DIR_OUT, "-" },
		{ "From: b@our.example\nTo: a@our.example", YJ_DIR_IN, "-" },
	};
	struct yj_conf *c = conf_from("organization:\n"
	    "  domains: [our.example]\n"
	    "policy:\n  exempt:\n"
	    "    trusted_domains: [Partner.example]\n"
	    "    senders: [NEWS@our.example, '@bulk.our.example']\n");
	struct yj_conf *off = conf_from("organization:\n"
	    "  domains: [our.example]\n"
	    "policy:\n  exempt:\n    internal_only: false\n");
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(exempt_of(c, cases[i].hdrs, cases[i].dir),
		    cases[i].want) != 0)
			fail_msg("case %zu: got %s, want %s", i,
			    exempt_of(c, cases[i].hdrs, cases[i].dir),
			    cases[i].want);
	assert_string_equal(exempt_of(off, cases[0].hdrs, YJ_DIR_OUT), "-");
	yj_conf_free(c);
	yj_conf_free(off);
}

/* decide_exempt - the policy with an exemption */
static enum yj_verdict
decide_exempt(const char *exempt, const struct f *fs, size_t n,
    const char **by)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_result r;
	enum yj_verdict v;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.exempt = exempt;
	yj_findings_init(&r.findings, a);
	for (i = 0; i < n; i++)
		(void)yj_findings_add(&r.findings, fs[i].check, fs[i].name,
		    fs[i].sev, fs[i].weight);
	yj_policy_apply(&base, YJ_DIR_OUT, &r);
	v = r.verdict;
	*by = r.decided_by;
	assert_int_equal(r.findings.nr, n);	/* still visible */
	yj_arena_free(a);
	return v;
}

static void
test_exempt_weights(void **unused)
{
	static const struct f strong[] = {
		{ "recipient_typo", "address", YJ_SEV_HIGH, 45 },
	};
	static const struct f critical[] = {
		{ "personal_data", "my_number", YJ_SEV_CRITICAL, 60 },
	};
	const char *by;

	(void)unused;
	assert_int_equal(decide_exempt(NULL, strong, 1, &by),
	    YJ_VERDICT_HOLD);
	assert_int_equal(decide_exempt("trusted_domains", strong, 1, &by),
	    YJ_VERDICT_ACCEPT);
	assert_string_equal(by, "exempt:trusted_domains");
	/* critical findings are exempted only when the mail stays inside */
	assert_int_equal(decide_exempt("senders", critical, 1, &by),
	    YJ_VERDICT_HOLD);
	assert_int_equal(decide_exempt("internal_only", critical, 1, &by),
	    YJ_VERDICT_ACCEPT);
	assert_string_equal(by, "exempt:internal_only");
}

static void
test_override_senders(void **unused)
{
	struct yj_conf *c = conf_from("policy:\n  overrides:\n"
	    "    - finding: recipients.bcc_expected\n"
	    "      action: accept\n"
	    "      senders: [news@our.example]\n");
	struct yj_arena *a;
	struct yj_result r;
	struct yj_msg *m;
	const char *raw[] = {
		"From: news@our.example\nTo: x@x.example\n\nhi\n",
		"From: sales@our.example\nTo: x@x.example\n\nhi\n",
	};
	const int want[] = { 0, 45 };
	size_t i;

	(void)unused;
	for (i = 0; i < 2; i++) {
		a = yj_arena_new();
		m = yj_msg_parse(raw[i], strlen(raw[i]), NULL);
		memset(&r, 0, sizeof(r));
		r.msg = m;
		yj_findings_init(&r.findings, a);
		(void)yj_findings_add(&r.findings, "recipients",
		    "bcc_expected", YJ_SEV_HIGH, 45);
		yj_policy_apply(&c->policy, YJ_DIR_OUT, &r);
		assert_int_equal(r.score, want[i]);
		yj_msg_free(m);
		yj_arena_free(a);
	}
	yj_conf_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_score_sums_and_caps),
		cmocka_unit_test(test_critical_escalates),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_exemptions),
		cmocka_unit_test(test_exempt_weights),
		cmocka_unit_test(test_override_senders),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
