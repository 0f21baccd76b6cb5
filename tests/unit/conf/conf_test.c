/*
 * conf_test.c - conf/conf: defaults, merging, errors with lines
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

#include "conf/conf.h"
#include "util/error.h"

struct cs {
	unsigned	 limit;
	unsigned	 other;
	char		*word;
};

static const cyaml_schema_field_t cs_fields[] = {
	CYAML_FIELD_UINT("limit", CYAML_FLAG_OPTIONAL, struct cs, limit),
	CYAML_FIELD_UINT("other", CYAML_FLAG_OPTIONAL, struct cs, other),
	CYAML_FIELD_STRING_PTR("word", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct cs, word, 0, 64),
	CYAML_FIELD_END
};

static void
cs_defaults(void *p)
{
	struct cs *s = p;

	s->limit = 7;
	s->other = 9;
	s->word = "default";
}

static const struct yj_conf_ext ext[] = {
	{ "alpha", cs_fields, sizeof(struct cs), cs_defaults, false },
	{ "beta", NULL, 0, NULL, true },
};

/* load - write text to a temp file and load it */
static int
load(const char *text, struct yj_conf **c, char *err, size_t errsz)
{
	char path[] = "/tmp/yj_conf_test_XXXXXX";
	int fd, rc;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	rc = yj_conf_load(path, ext, 2, c, err, errsz);
	unlink(path);
	return rc;
}

static void
test_defaults_without_file(void **unused)
{
	struct yj_conf *c;
	char err[256];

	(void)unused;
	unsetenv("YOJIN_CONFIG");
	assert_int_equal(yj_conf_load(NULL, ext, 2, &c, err, sizeof(err)), 0);
	assert_string_equal(c->store.driver, "sqlite");
	assert_int_equal(c->policy.thresholds.tag, 20);
	assert_int_equal(c->policy.thresholds.quarantine, 70);
	assert_true(c->policy.critical_escalates);
	assert_int_equal(((struct cs *)c->check_settings[0])->limit, 7);
	assert_true(c->check_enabled[0]);
	assert_false(c->check_enabled[1]);	/* default_off */
	yj_conf_free(c);
}

static void
test_merge_keeps_unset_defaults(void **unused)
{
	struct yj_conf *c;
	char err[256];
	const struct cs *s;

	(void)unused;
	assert_int_equal(load("organization:\n  domains: [Example.JP]\n"
	    "policy:\n  thresholds:\n    tag: 0\n"
	    "checks:\n  alpha:\n    limit: 0\n  beta:\n    enabled: true\n",
	    &c, err, sizeof(err)), 0);
	/* set to zero: zero, not the default */
	assert_int_equal(c->policy.thresholds.tag, 0);
	/* not set: the default stays, even in the same mapping */
	assert_int_equal(c->policy.thresholds.hold, 40);
	assert_int_equal(c->policy.thresholds.quarantine, 70);
	s = c->check_settings[0];
	assert_int_equal(s->limit, 0);
	assert_int_equal(s->other, 9);
	assert_string_equal(s->word, "default");
	assert_true(c->check_enabled[1]);
	/* domains are lower-cased and reach the organisation */
	assert_int_equal(c->org.ndomains, 1);
	assert_string_equal(c->org.domains[0], "example.jp");
	assert_true(yj_org_is_internal_domain(&c->org, "mail.example.jp"));
	assert_false(yj_org_is_internal_domain(&c->org, "badexample.jp"));
	yj_conf_free(c);
}

/* the YAML 1.1 boolean words, any case, both ways */
static void
test_bool_words(void **unused)
{
	static const struct {
		const char	*word;
		bool		 want;
	} cases[] = {
		{ "true", true }, { "Yes", true }, { "ON", true },
		{ "false", false }, { "no", false }, { "Off", false },
	};
	struct yj_conf *c;
	char text[128], err[512];
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "milter:\n  "
		    "outbound_when_sender_internal: %s\n", cases[i].word);
		assert_int_equal(load(text, &c, err, sizeof(err)), 0);
		assert_int_equal(c->milter.outbound_when_sender_internal,
		    cases[i].want);
		yj_conf_free(c);
	}
}

static void
test_errors_name_key_and_line(void **unused)
{
	static const struct {
		const char	*text;
		const char	*want;	/* substring of the error */
	} cases[] = {
		{ "organization:\n  name: a\n  nmae: b\n",
		  "line 3: unknown key 'nmae' in 'organization'" },
		{ "checks:\n  alpha:\n    limt: 3\n",
		  "line 3: unknown key 'limt' in 'checks.alpha'" },
		{ "checks:\n  gamma: {}\n", "line 2: unknown key 'gamma'" },
		{ "policy:\n  thresholds:\n    tag: many\n",
		  "line 3: bad value for 'policy.thresholds.tag'" },
		{ "- a\n- b\n", "line 1: the top level must be a mapping" },
		{ "a: [\n", "line 2:" },
		{ "log:\n  level: loud\n", "line 2: log.level must be" },
		{ "organization:\n  domains: [\"bad domain\"]\n",
		  "line 2: 'bad domain' is not a domain name" },
		{ "organization:\n  internal_networks: [10.1.2.3/40]\n",
		  "is not an address or network" },
		{ "policy:\n  overrides:\n    - finding: alpha.x\n"
		  "      action: explode\n", "unknown action 'explode'" },
		{ "policy:\n  overrides:\n    - finding: zeta.x\n"
		  "      action: tag\n", "unknown check in finding 'zeta.x'" },
		{ "policy:\n  overrides:\n    - finding: alpha.x\n",
		  "give an action or a weight" },
		{ "store:\n  driver: postgresql\n", "needs store.conninfo" },
		{ "log:\n  level: info\nlog:\n  level: debug\n",
		  "line 3: duplicate key 'log'" },
		{ "organization:\n  people:\n    - name: a\n"
		  "      addresses: [nobody]\n",
		  "line 2: person 'a': 'nobody' is not an address" },
		{ "organization:\n  people:\n    - addresses: [a@b.example]\n",
		  "Missing required mapping field: name" },
		{ "organization:\n  people:\n    - name: a\n      boss: yes\n",
		  "unknown key 'boss'" },
		{ "brands:\n  list:\n    - name: X\n",
		  "line 2: brand 'X' needs tokens or domains" },
		{ "brands:\n  list:\n    - name: X\n      domains: [com]\n",
		  "brand 'X': 'com' is not a domain name" },
		{ "brands:\n  list:\n    - name: X\n      tokens: [\"\"]\n",
		  "brand 'X' has an empty token" },
		{ "policy:\n  exempt:\n    trusted_domains: [\"a b\"]\n",
		  "line 3: 'a b' is not a domain name" },
		{ "policy:\n  exempt:\n    senders: [\"x@\"]\n",
		  "line 3: 'x@' is not an address, '@domain' or a domain" },
		{ "policy:\n  exempt:\n    internal_ony: true\n",
		  "line 3: unknown key 'internal_ony' in 'policy.exempt'" },
		{ "policy:\n  overrides:\n    - finding: alpha.x\n"
		  "      action: tag\n      senders: [\"@\"]\n",
		  "is not an address, '@domain' or a domain" },
		{ "milter:\n  listen: 8891\n",
		  "line 2: milter.listen '8891' must be" },
		{ "milter:\n  listen: inet:70000@127.0.0.1\n",
		  "line 2: milter.listen" },
		{ "milter:\n  listen: \"unix:relative\"\n",
		  "line 2: milter.listen" },
		{ "milter:\n  oversize: drop\n",
		  "line 2: milter.oversize must be" },
		{ "milter:\n  max_message_size: 100\n",
		  "line 2: milter.max_message_size must be" },
		{ "milter:\n  pid_file: run/x.pid\n",
		  "line 2: milter.pid_file must be an absolute path" },
		{ "milter:\n  listne: x\n",
		  "line 2: unknown key 'listne' in 'milter'" },
		{ "milter:\n  outbound_when_sender_internal: ture\n",
		  "line 2: 'milter.outbound_when_sender_internal' must be "
		  "true or false, not 'ture'" },
		{ "checks:\n  alpha:\n    enabled: 1\n",
		  "line 3: 'checks.alpha.enabled' must be true or false" },
		{ "organization:\n  people:\n    - name: a\n"
		  "      addresses: [a@b.example]\n      executive: maybe\n",
		  "line 5: 'organization.people[].executive' must be true or "
		  "false, not 'maybe'" },
		{ "hold:\n  mode: boss\n", "line 2: hold.mode must be" },
		{ "hold:\n  deadline: soon\n",
		  "line 2: hold.deadline 'soon' is not a duration" },
		{ "hold:\n  deadline: 10s\n",
		  "line 2: hold.deadline must be between" },
		{ "hold:\n  delay: 2d\n", "line 2: hold.delay must be" },
		{ "hold:\n  deadline_action: keep\n",
		  "line 2: hold.deadline_action must be" },
		{ "hold:\n\n  mode: approval\n",
		  "line 3: hold.mode 'approval' needs hold.approvers" },
		{ "hold:\n  approvers:\n    - senders: [\"bad sender\"]\n"
		  "      approvers: [boss@example.jp]\n",
		  "line 2: approver rule 1: sender 'bad sender'" },
		{ "hold:\n  approvers:\n    - senders: [\"*\"]\n"
		  "      approvers: [boss]\n",
		  "approver rule 1: 'boss' is not an address" },
		{ "hold:\n  approvers:\n    - senders: [\"*\"]\n",
		  "line 3: bad value for 'hold.approvers" },
		{ "hold:\n  reply_address: hold+x@example.jp\n",
		  "line 2: hold.reply_address 'hold+x@example.jp'" },
		{ "hold:\n  notice_from: nobody\n",
		  "line 2: hold.notice_from 'nobody' is not an address" },
		{ "hold:\n  helper: [yojin-postsuper]\n",
		  "line 2: hold.helper must start with an absolute path" },
		{ "hold:\n  postfix_config_directory: etc/postfix\n",
		  "line 2: hold.postfix_config_directory must be" },
		{ "policy:\n  exempt:\n    trusted_domains: [\"a b\"]\n",
		  "line 3: 'a b' is not a domain name" },
		{ "policy:\n  exempt:\n    senders: [\"x@\"]\n",
		  "line 3: 'x@' is not an address, '@domain' or a domain" },
		{ "policy:\n  exempt:\n    internal_ony: true\n",
		  "line 3: unknown key 'internal_ony' in 'policy.exempt'" },
		{ "policy:\n  overrides:\n    - finding: alpha.x\n"
		  "      action: tag\n      senders: [\"@\"]\n",
		  "is not an address, '@domain' or a domain" },
	};
	struct yj_conf *c;
	char err[512];
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		if (load(cases[i].text, &c, err, sizeof(err)) != YJ_ECONF)
			fail_msg("case %zu accepted", i);
		if (strstr(err, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
			    cases[i].want);
	}
}

static void
test_empty_and_comment_only(void **unused)
{
	struct yj_conf *c;
	char err[256];

	(void)unused;
	assert_int_equal(load("", &c, err, sizeof(err)), 0);
	assert_int_equal(c->policy.thresholds.tag, 20);
	yj_conf_free(c);
	assert_int_equal(load("# nothing\n", &c, err, sizeof(err)), 0);
	yj_conf_free(c);
}

static void
test_missing_file(void **unused)
{
	struct yj_conf *c;
	char err[256];

	(void)unused;
	assert_int_equal(yj_conf_load("/nonexistent/yojin.yml", ext, 2, &c,
	    err, sizeof(err)), YJ_ENOENT);
	assert_non_null(strstr(err, "cannot read configuration "
	    "'/nonexistent/yojin.yml'"));
}

static void
test_overrides_loaded(void **unused)
{
	struct yj_conf *c;
	char err[256];

	(void)unused;
	assert_int_equal(load("policy:\n  overrides:\n"
	    "    - finding: alpha.*\n      weight: 5\n      direction: out\n"
	    "    - finding: beta.y\n      action: ignore\n",
	    &c, err, sizeof(err)), 0);
	assert_int_equal(c->policy.noverrides, 2);
	assert_string_equal(c->policy.overrides[0].finding, "alpha.*");
	assert_int_equal(*c->policy.overrides[0].weight, 5);
	assert_null(c->policy.overrides[1].weight);
	assert_string_equal(c->policy.overrides[1].action, "ignore");
	yj_conf_free(c);
}

static void
test_people_and_brands(void **unused)
{
	struct yj_conf *c;
	char err[256];

	(void)unused;
	assert_int_equal(load("organization:\n  people:\n"
	    "    - name: 山田 一郎\n      title: 代表取締役\n"
	    "      executive: true\n      aliases: [Ichiro Yamada]\n"
	    "      addresses: [Yamada@Yojin-Shoji.example]\n"
	    "    - name: 田中 花子\n"
	    "brands:\n  replace_defaults: true\n  list:\n"
	    "    - name: 用心銀行\n      tokens: [用心銀行]\n"
	    "      domains: [Yojin-Bank.example]\n", &c, err, sizeof(err)), 0);
	assert_int_equal(c->org.npeople, 2);
	assert_string_equal(c->org.people[0].name, "山田 一郎");
	assert_true(c->org.people[0].executive);
	assert_string_equal(c->org.people[0].title, "代表取締役");
	assert_int_equal(c->org.people[0].naliases, 1);
	assert_string_equal(c->org.people[0].addresses[0],
	    "yamada@yojin-shoji.example");
	assert_false(c->org.people[1].executive);
	assert_string_equal(c->org.people[1].title, "");
	assert_int_equal(c->org.people[1].naddresses, 0);
	assert_true(c->org.brands_replace);
	assert_int_equal(c->org.nbrands, 1);
	assert_string_equal(c->org.brands[0].domains[0], "yojin-bank.example");
	yj_conf_free(c);
	/* defaults: nobody, no brands added, built-in list kept */
	assert_int_equal(load("log:\n  level: info\n", &c, err, sizeof(err)),
	    0);
	assert_int_equal(c->org.npeople, 0);
	assert_int_equal(c->org.nbrands, 0);
	assert_false(c->org.brands_replace);
	yj_conf_free(c);
}

static void
test_milter_and_hold(void **unused)
{
	struct yj_conf *c;
	char err[256];

	(void)unused;
	unsetenv("YOJIN_CONFIG");
	assert_int_equal(yj_conf_load(NULL, ext, 2, &c, err, sizeof(err)), 0);
	assert_string_equal(c->milter.listen, "inet:8891@127.0.0.1");
	assert_string_equal(c->milter.subject_prefix, "[要注意]");
	assert_true(c->milter.banner);
	assert_false(c->milter.outbound_headers);
	assert_string_equal(c->milter.oversize, "accept");
	assert_string_equal(c->hold.mode, "self");
	assert_int_equal(c->hold.deadline_s, 3 * 86400);
	assert_int_equal(c->hold.delay_s, 0);
	assert_int_equal(c->hold.quarantine_deadline_s, 14 * 86400);
	assert_int_equal(c->hold.check_interval_s, 30);
	assert_null(c->hold.reply_address);
	assert_int_equal(c->hold.nhelper, 1);
	yj_conf_free(c);
	assert_int_equal(load("milter:\n  listen: unix:/run/y.sock\n"
	    "  subject_prefix: \"\"\n  oversize: tempfail\n"
	    "  max_message_size: 2048\n"
	    "hold:\n  mode: approval\n  delay: 5m\n  deadline: 2h\n"
	    "  deadline_action: release\n  reply_address: \"\"\n"
	    "  helper: [/usr/bin/sudo, -n, /usr/libexec/yojin-postsuper]\n"
	    "  approvers:\n"
	    "    - senders: [sales@example.jp, \"@dev.example.jp\", "
	    "example.com, \"*\"]\n      approvers: [boss@example.jp]\n",
	    &c, err, sizeof(err)), 0);
	assert_string_equal(c->milter.listen, "unix:/run/y.sock");
	assert_string_equal(c->milter.subject_prefix, "");
	assert_string_equal(c->milter.oversize, "tempfail");
	assert_int_equal(c->milter.max_message_size, 2048);
	assert_true(c->milter.banner);		/* default kept */
	assert_int_equal(c->hold.delay_s, 300);
	assert_int_equal(c->hold.deadline_s, 7200);
	assert_string_equal(c->hold.deadline_action, "release");
	assert_string_equal(c->hold.reply_address, "");
	assert_int_equal(c->hold.nhelper, 3);
	assert_string_equal(c->hold.helper[2], "/usr/libexec/yojin-postsuper");
	assert_int_equal(c->hold.napprovers, 1);
	assert_int_equal(c->hold.approvers[0].nsenders, 4);
	assert_string_equal(c->hold.approvers[0].approvers[0],
	    "boss@example.jp");
	assert_string_equal(c->hold.quarantine_deadline_action, "delete");
	yj_conf_free(c);
}

static void
test_duration(void **unused)
{
	static const struct {
		const char	*in;
		long		 want;	/* -1: invalid */
	} cases[] = {
		{ "0", 0 }, { "90", 90 }, { "90s", 90 }, { "15m", 900 },
		{ "12h", 43200 }, { "3d", 259200 }, { "2w", 1209600 },
		{ "", -1 }, { "m", -1 }, { "5x", -1 }, { "5mm", -1 },
		{ "-5m", -1 }, { " 5m", -1 }, { "99999999999999999999", -1 },
		{ "101000w", -1 },
	};
	size_t i;
	long v;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = -1;
		if (yj_conf_duration(cases[i].in, &v) != 0)
			v = -1;
		if (v != cases[i].want)
			fail_msg("'%s': got %ld, want %ld", cases[i].in, v,
			    cases[i].want);
	}
}

static void
test_incident_section(void **unused)
{
	static const struct {
		const char	*text;
		const char	*want;
	} bad[] = {
		{ "incident:\n  org_type: city\n",
		  "line 2: incident.org_type must be" },
		{ "incident:\n  cost:\n    identifiability: maybe\n",
		  "line 3: identifiability must be" },
		{ "incident:\n  cost:\n    sensitive_distress: 4\n",
		  "line 3: sensitive_distress must be 1, 2 or 3" },
		{ "incident:\n  cost:\n    investigation_types: [phish]\n",
		  "unknown incident type 'phish'" },
		{ "incident:\n  cost:\n    legal: -5\n",
		  "line 3: incident.cost.legal must be between 0 and" },
		{ "incident:\n  cots: {}\n", "unknown key 'cots' in 'incident'" },
		{ "incident:\n  tasks:\n    - key: Board\n      phase: regulator\n"
		  "      ja: x\n", "key 'Board' may hold only" },
		{ "incident:\n  tasks:\n    - key: b\n      phase: later\n"
		  "      ja: x\n", "task 'b': phase must be" },
		{ "incident:\n  tasks:\n    - key: b\n      phase: initial\n"
		  "      due: tomorrow\n      ja: x\n", "task 'b': due must be" },
		{ "incident:\n  tasks:\n    - key: b\n      phase: initial\n",
		  "task 'b': give its title" },
		{ "incident:\n  tasks:\n    - key: b\n      phase: initial\n"
		  "      types: [phish]\n      en: x\n", "unknown incident type" },
		{ "incident:\n  tasks:\n    - {key: b, phase: initial, en: x}\n"
		  "    - {key: b, phase: initial, en: y}\n", "used twice" },
		{ "incident:\n  tasks:\n    - {key: b, phase: initial, en: x, "
		  "when: sometimes}\n", "when must be" },
	};
	struct yj_conf *c;
	char err[512];
	size_t i;

	(void)unused;
	unsetenv("YOJIN_CONFIG");
	assert_int_equal(yj_conf_load(NULL, ext, 2, &c, err, sizeof(err)), 0);
	assert_string_equal(c->incident.org_type, "private");
	assert_int_equal(c->incident.cost.initial_response, 1000000);
	assert_int_equal(c->incident.cost.ninvestigation_types, 3);
	yj_conf_free(c);
	assert_int_equal(load("incident:\n  org_type: local_government\n"
	    "  cost:\n    legal: 800000\n    investigation_types: []\n",
	    &c, err, sizeof(err)), 0);
	assert_string_equal(c->incident.org_type, "local_government");
	assert_int_equal(c->incident.cost.legal, 800000);
	assert_int_equal(c->incident.cost.consulting, 550000);	/* kept */
	assert_int_equal(c->incident.cost.ninvestigation_types, 0);
	yj_conf_free(c);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (load(bad[i].text, &c, err, sizeof(err)) != YJ_ECONF)
			fail_msg("case %zu accepted", i);
		if (strstr(err, bad[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, err,
			    bad[i].want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_without_file),
		cmocka_unit_test(test_merge_keeps_unset_defaults),
		cmocka_unit_test(test_bool_words),
		cmocka_unit_test(test_errors_name_key_and_line),
		cmocka_unit_test(test_empty_and_comment_only),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_overrides_loaded),
		cmocka_unit_test(test_people_and_brands),
		cmocka_unit_test(test_milter_and_hold),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_incident_section),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
