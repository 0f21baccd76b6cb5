/*
 * conf.c - load, check and merge the configuration
 *
 * Design: three passes over one file.
 *
 *  1. libyaml reads the events once to index every mapping key by its
 *     dotted path and line ("policy.thresholds.tag" -> 12).  The index
 *     answers "was this key set?" and "on which line is it?", which
 *     libcyaml 1.3 cannot (its backtrace gives the line of the enclosing
 *     mapping, and it crashes on an empty document, so empty documents
 *     never reach it).
 *  2. libcyaml loads the file into freshly allocated structs, rejecting
 *     unknown keys and values of the wrong type; its log lines are
 *     captured and turned into one error line with the key's path and
 *     line from the index.
 *  3. The loaded values are merged over a struct filled with defaults,
 *     field by field, but only where the index says the key was set: a
 *     setting that is absent keeps its default even when the default is
 *     not zero.  Merged pointers stay owned by the loaded tree, which
 *     lives as long as the configuration.
 *
 * Check settings use the same machinery: the schema under "checks" is
 * built at run time from the checks' own field lists.
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "conf/conf.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/limits.h"
#include "util/log.h"
#include "util/str.h"

#define MAX_FILE	(1024 * 1024)
#define MAX_DEPTH	16

struct key_line {
	char		*path;
	char		*value;		/* the scalar set, NULL if not one */
	unsigned	 line;
};

struct priv {
	void			*loaded;	/* libcyaml tree */
	cyaml_schema_field_t	*top_fields;
	cyaml_schema_field_t	*check_fields;	/* one per check */
	cyaml_schema_field_t	**ext_fields;	/* check fields + enabled */
	cyaml_schema_value_t	 top;
	struct key_line		*keys;
	size_t			 nkeys;
	size_t			 nchecks;
	char			*text;		/* file contents */
};

/* What libcyaml loads: the sections, then a pointer to the check slots. */
struct loaded {
	struct yj_conf_org	 organization;
	struct yj_conf_store	 store;
	struct yj_conf_policy	 policy;
	struct yj_conf_log	 log;
	struct yj_conf_brands	 brands;
	struct yj_conf_milter	 milter;
	struct yj_conf_hold	 hold;
	struct yj_conf_incident	 incident;
	void			**checks;
};

/* merge() applies section_fields (offsets in struct loaded) to a struct
 * yj_conf: both must start with the same sections in the same order. */
_Static_assert(offsetof(struct loaded, log) == offsetof(struct yj_conf, log),
    "struct loaded and struct yj_conf must share their section layout");
_Static_assert(offsetof(struct loaded, brands) ==
    offsetof(struct yj_conf, brands),
    "struct loaded and struct yj_conf must share their section layout");
_Static_assert(offsetof(struct loaded, hold) == offsetof(struct yj_conf, hold),
    "struct loaded and struct yj_conf must share their section layout");
_Static_assert(offsetof(struct loaded, incident) ==
    offsetof(struct yj_conf, incident),
    "struct loaded and struct yj_conf must share their section layout");

static const cyaml_schema_value_t string_ptr = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 0, 4096),
};

static const cyaml_schema_field_t person_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER,
	    struct yj_conf_person, name, 1, 256),
	CYAML_FIELD_SEQUENCE_COUNT("aliases",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_person,
	    aliases, naliases, &string_ptr, 0, 64),
	CYAML_FIELD_SEQUENCE_COUNT("addresses",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_person,
	    addresses, naddresses, &string_ptr, 0, 64),
	CYAML_FIELD_STRING_PTR("title",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_person,
	    title, 0, 256),
	CYAML_FIELD_BOOL("executive", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_person, executive),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t person_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct yj_conf_person,
	    person_fields),
};

static const cyaml_schema_field_t org_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_org, name, 0, 256),
	CYAML_FIELD_SEQUENCE_COUNT("domains",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_org,
	    domains, ndomains, &string_ptr, 0, 1000),
	CYAML_FIELD_SEQUENCE_COUNT("internal_networks",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_org,
	    internal_networks, nnetworks, &string_ptr, 0, 1000),
	CYAML_FIELD_STRING_PTR("authserv_id",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_org,
	    authserv_id, 0, 255),
	CYAML_FIELD_SEQUENCE_COUNT("people",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_org,
	    people, npeople, &person_entry, 0, 10000),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t store_fields[] = {
	CYAML_FIELD_STRING_PTR("driver", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_store, driver, 1, 32),
	CYAML_FIELD_STRING_PTR("path", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_store, path, 1, 4096),
	CYAML_FIELD_STRING_PTR("conninfo",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_store,
	    conninfo, 1, 4096),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t threshold_fields[] = {
	CYAML_FIELD_UINT("tag", CYAML_FLAG_OPTIONAL, struct yj_conf_thresholds,
	    tag),
	CYAML_FIELD_UINT("hold", CYAML_FLAG_OPTIONAL, struct yj_conf_thresholds,
	    hold),
	CYAML_FIELD_UINT("quarantine", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_thresholds, quarantine),
	CYAML_FIELD_UINT("reject", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_thresholds, reject),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t override_fields[] = {
	CYAML_FIELD_STRING_PTR("finding", CYAML_FLAG_POINTER,
	    struct yj_conf_override, finding, 1, 128),
	CYAML_FIELD_STRING_PTR("action", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_override, action, 1, 16),
	CYAML_FIELD_INT_PTR("weight", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_override, weight),
	CYAML_FIELD_STRING_PTR("direction",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_override,
	    direction, 1, 8),
	CYAML_FIELD_SEQUENCE_COUNT("senders",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_override,
	    senders, nsenders, &string_ptr, 0, 10000),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t override_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct yj_conf_override,
	    override_fields),
};

static const cyaml_schema_field_t exempt_fields[] = {
	CYAML_FIELD_BOOL("internal_only", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_exempt, internal_only),
	CYAML_FIELD_SEQUENCE_COUNT("trusted_domains",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_exempt,
	    trusted_domains, ntrusted, &string_ptr, 0, 10000),
	CYAML_FIELD_SEQUENCE_COUNT("senders",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_exempt,
	    senders, nsenders, &string_ptr, 0, 10000),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t policy_fields[] = {
	CYAML_FIELD_MAPPING("thresholds", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_policy, thresholds, threshold_fields),
	CYAML_FIELD_SEQUENCE_COUNT("overrides",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_policy,
	    overrides, noverrides, &override_entry, 0, 1000),
	CYAML_FIELD_BOOL("critical_escalates", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_policy, critical_escalates),
	CYAML_FIELD_MAPPING("exempt", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_policy, exempt, exempt_fields),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t log_fields[] = {
	CYAML_FIELD_STRING_PTR("file", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_log, file, 1, 4096),
	CYAML_FIELD_STRING_PTR("level", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_log, level, 1, 16),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t brand_fields[] = {
	CYAML_FIELD_STRING_PTR("name", CYAML_FLAG_POINTER,
	    struct yj_conf_brand, name, 1, 256),
	CYAML_FIELD_SEQUENCE_COUNT("tokens",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_brand,
	    tokens, ntokens, &string_ptr, 0, 256),
	CYAML_FIELD_SEQUENCE_COUNT("domains",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_brand,
	    domains, ndomains, &string_ptr, 0, 1000),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t brand_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct yj_conf_brand,
	    brand_fields),
};

static const cyaml_schema_field_t brands_fields[] = {
	CYAML_FIELD_BOOL("replace_defaults", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_brands, replace_defaults),
	CYAML_FIELD_SEQUENCE_COUNT("list",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_brands,
	    list, nlist, &brand_entry, 0, 10000),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t milter_fields[] = {
	CYAML_FIELD_STRING_PTR("listen", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_milter, listen, 1, 1024),
	CYAML_FIELD_STRING_PTR("pid_file",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_milter,
	    pid_file, 1, 4096),
	CYAML_FIELD_STRING_PTR("node", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_milter, node, 1, 255),
	CYAML_FIELD_BOOL("outbound_when_sender_internal", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_milter, outbound_when_sender_internal),
	CYAML_FIELD_STRING_PTR("subject_prefix",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_milter,
	    subject_prefix, 0, 64),
	CYAML_FIELD_BOOL("banner", CYAML_FLAG_OPTIONAL, struct yj_conf_milter,
	    banner),
	CYAML_FIELD_BOOL("outbound_headers", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_milter, outbound_headers),
	CYAML_FIELD_UINT("max_message_size", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_milter, max_message_size),
	CYAML_FIELD_STRING_PTR("oversize",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_milter,
	    oversize, 1, 16),
	CYAML_FIELD_UINT("timeout", CYAML_FLAG_OPTIONAL, struct yj_conf_milter,
	    timeout),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t approver_fields[] = {
	CYAML_FIELD_SEQUENCE_COUNT("senders", CYAML_FLAG_POINTER,
	    struct yj_conf_approver, senders, nsenders, &string_ptr, 1, 1000),
	CYAML_FIELD_SEQUENCE_COUNT("approvers", CYAML_FLAG_POINTER,
	    struct yj_conf_approver, approvers, napprovers, &string_ptr, 1,
	    100),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t approver_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct yj_conf_approver,
	    approver_fields),
};

#define HOLD_STR(key, min, max) \
	CYAML_FIELD_STRING_PTR(#key, CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, \
	    struct yj_conf_hold, key, min, max)

static const cyaml_schema_field_t hold_fields[] = {
	HOLD_STR(mode, 1, 16),
	HOLD_STR(deadline, 1, 32),
	HOLD_STR(deadline_action, 1, 16),
	HOLD_STR(delay, 1, 32),
	CYAML_FIELD_BOOL("delay_notice", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_hold, delay_notice),
	HOLD_STR(quarantine_deadline, 1, 32),
	HOLD_STR(quarantine_deadline_action, 1, 16),
	CYAML_FIELD_SEQUENCE_COUNT("approvers",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_hold,
	    approvers, napprovers, &approver_entry, 0, 1000),
	HOLD_STR(notice_from, 1, 254),
	HOLD_STR(reply_address, 0, 254),
	HOLD_STR(report_to, 1, 254),
	CYAML_FIELD_BOOL("command_sender_must_match", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_hold, command_sender_must_match),
	HOLD_STR(postfix_config_directory, 1, 4096),
	CYAML_FIELD_SEQUENCE_COUNT("helper", CYAML_FLAG_POINTER |
	    CYAML_FLAG_OPTIONAL, struct yj_conf_hold, helper, nhelper,
	    &string_ptr, 1, 16),
	HOLD_STR(sendmail, 1, 4096),
	HOLD_STR(check_interval, 1, 32),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t cost_fields[] = {
	CYAML_FIELD_UINT("initial_response", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, initial_response),
	CYAML_FIELD_UINT("investigation", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, investigation),
	CYAML_FIELD_UINT("forensics_pc", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, forensics_pc),
	CYAML_FIELD_UINT("forensics_server", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, forensics_server),
	CYAML_FIELD_UINT("notice_per_person", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, notice_per_person),
	CYAML_FIELD_UINT("gift_per_person", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, gift_per_person),
	CYAML_FIELD_UINT("call_centre_month", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, call_centre_month),
	CYAML_FIELD_UINT("call_centre_months", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, call_centre_months),
	CYAML_FIELD_UINT("call_centre_from", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, call_centre_from),
	CYAML_FIELD_UINT("legal", CYAML_FLAG_OPTIONAL, struct yj_conf_cost,
	    legal),
	CYAML_FIELD_UINT("consulting", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, consulting),
	CYAML_FIELD_UINT("staff_hour", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, staff_hour),
	CYAML_FIELD_UINT("prevention", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, prevention),
	CYAML_FIELD_UINT("jo_base", CYAML_FLAG_OPTIONAL, struct yj_conf_cost,
	    jo_base),
	CYAML_FIELD_UINT("sensitive_distress", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, sensitive_distress),
	CYAML_FIELD_UINT("my_number_economic", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, my_number_economic),
	CYAML_FIELD_STRING_PTR("identifiability",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_cost,
	    identifiability, 1, 16),
	CYAML_FIELD_STRING_PTR("social_responsibility",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_cost,
	    social_responsibility, 1, 16),
	CYAML_FIELD_STRING_PTR("response",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_cost,
	    response, 1, 16),
	CYAML_FIELD_SEQUENCE_COUNT("investigation_types",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_cost,
	    investigation_types, ninvestigation_types, &string_ptr, 0, 16),
	CYAML_FIELD_UINT("benchmark_per_record", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, benchmark_per_record),
	CYAML_FIELD_UINT("benchmark_ransomware", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_cost, benchmark_ransomware),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t task_fields[] = {
	CYAML_FIELD_STRING_PTR("key", CYAML_FLAG_POINTER, struct yj_conf_task,
	    key, 1, 64),
	CYAML_FIELD_SEQUENCE_COUNT("types",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_task,
	    types, ntypes, &string_ptr, 0, 16),
	CYAML_FIELD_STRING_PTR("phase", CYAML_FLAG_POINTER, struct yj_conf_task,
	    phase, 1, 32),
	CYAML_FIELD_STRING_PTR("when", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_task, when, 1, 32),
	CYAML_FIELD_STRING_PTR("due", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_task, due, 0, 32),
	CYAML_FIELD_STRING_PTR("ja", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_task, ja, 1, 1024),
	CYAML_FIELD_STRING_PTR("en", CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
	    struct yj_conf_task, en, 1, 1024),
	CYAML_FIELD_END
};

static const cyaml_schema_value_t task_entry = {
	CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, struct yj_conf_task,
	    task_fields),
};

static const cyaml_schema_field_t incident_fields[] = {
	CYAML_FIELD_STRING_PTR("org_type",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_incident,
	    org_type, 1, 32),
	CYAML_FIELD_MAPPING("cost", CYAML_FLAG_OPTIONAL,
	    struct yj_conf_incident, cost, cost_fields),
	CYAML_FIELD_SEQUENCE_COUNT("tasks",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_incident,
	    tasks, ntasks, &task_entry, 0, 100),
	CYAML_FIELD_SEQUENCE_COUNT("skip_tasks",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct yj_conf_incident,
	    skip_tasks, nskip_tasks, &string_ptr, 0, 100),
	CYAML_FIELD_END
};

static const cyaml_schema_field_t section_fields[] = {
	CYAML_FIELD_MAPPING("organization", CYAML_FLAG_OPTIONAL, struct loaded,
	    organization, org_fields),
	CYAML_FIELD_MAPPING("store", CYAML_FLAG_OPTIONAL, struct loaded, store,
	    store_fields),
	CYAML_FIELD_MAPPING("policy", CYAML_FLAG_OPTIONAL, struct loaded,
	    policy, policy_fields),
	CYAML_FIELD_MAPPING("log", CYAML_FLAG_OPTIONAL, struct loaded, log,
	    log_fields),
	CYAML_FIELD_MAPPING("brands", CYAML_FLAG_OPTIONAL, struct loaded,
	    brands, brands_fields),
	CYAML_FIELD_MAPPING("milter", CYAML_FLAG_OPTIONAL, struct loaded,
	    milter, milter_fields),
	CYAML_FIELD_MAPPING("hold", CYAML_FLAG_OPTIONAL, struct loaded, hold,
	    hold_fields),
	CYAML_FIELD_MAPPING("incident", CYAML_FLAG_OPTIONAL, struct loaded,
	    incident, incident_fields),
	CYAML_FIELD_END
};

/* The postsuper path installed by 'make install' (see yojin-postsuper(8)). */
#ifndef YJ_POSTSUPER_HELPER
#define YJ_POSTSUPER_HELPER	"/usr/local/libexec/yojin/yojin-postsuper"
#endif
static char *default_helper[] = { YJ_POSTSUPER_HELPER };

/* The incident types a cause/scope investigation is assumed for */
static char *investigated_types[] = {
	"malware", "unauthorized_access", "website_tampering",
};

/*
 * set_incident_defaults - the cost model of spec 5.3, from JNSA's SME
 * figures [C6][C8] and the JO model [C1][C2]; see src/incident/cost.c
 */
static void
set_incident_defaults(struct yj_conf_incident *i)
{
	struct yj_conf_cost *c = &i->cost;

	i->org_type = "private";
	c->initial_response = 1000000;
	c->investigation = 3500000;
	c->forensics_pc = 1250000;
	c->forensics_server = 1750000;
	c->notice_per_person = 130;
	c->gift_per_person = 650;
	c->call_centre_month = 2900000;
	c->call_centre_months = 3;
	c->call_centre_from = 1000;
	c->legal = 650000;
	c->consulting = 550000;
	c->staff_hour = 5000;
	c->prevention = 2000000;
	c->jo_base = 500;
	c->sensitive_distress = 2;
	c->my_number_economic = 2;
	c->identifiability = "easy";
	c->social_responsibility = "auto";
	c->response = "appropriate";
	c->investigation_types = investigated_types;
	c->ninvestigation_types = sizeof(investigated_types) /
	    sizeof(investigated_types[0]);
	c->benchmark_per_record = 17400;
	c->benchmark_ransomware = 38000000;
}

/* Defaults of every setting outside checks.* */
static void
set_defaults(struct yj_conf *c)
{
	c->organization.name = "";
	c->organization.authserv_id = "";
	c->store.driver = "sqlite";
	c->store.path = (char *)yj_conf_default_store_path();
	c->policy.thresholds.tag = 20;
	c->policy.thresholds.hold = 40;
	c->policy.thresholds.quarantine = 70;
	c->policy.thresholds.reject = 0;
	c->policy.critical_escalates = true;
	c->policy.exempt.internal_only = true;
	c->log.level = "info";
	c->milter.listen = "inet:8891@127.0.0.1";
	c->milter.subject_prefix = "[要注意]";
	c->milter.banner = true;
	c->milter.max_message_size = YJ_LIM_MESSAGE_SIZE;
	c->milter.oversize = "accept";
	c->milter.timeout = 300;
	c->hold.mode = "self";
	c->hold.deadline = "3d";
	c->hold.deadline_action = "delete";
	c->hold.delay = "0";
	c->hold.delay_notice = true;
	c->hold.quarantine_deadline = "14d";
	c->hold.quarantine_deadline_action = "delete";
	c->hold.command_sender_must_match = true;
	c->hold.helper = default_helper;
	c->hold.nhelper = 1;
	c->hold.sendmail = "/usr/sbin/sendmail";
	c->hold.check_interval = "30s";
	set_incident_defaults(&c->incident);
}

/* yj_conf_default_store_path - /var/lib/yojin or the user's data dir */
const char *
yj_conf_default_store_path(void)
{
	static char path[4096];
	const char *xdg, *home;

	if (path[0] != '\0')
		return path;
	if (geteuid() == 0) {
		snprintf(path, sizeof(path), "/var/lib/yojin/yojin.db");
		return path;
	}
	xdg = getenv("XDG_DATA_HOME");
	home = getenv("HOME");
	if (xdg != NULL && *xdg == '/')
		snprintf(path, sizeof(path), "%s/yojin/yojin.db", xdg);
	else if (home != NULL && *home != '\0')
		snprintf(path, sizeof(path), "%s/.local/share/yojin/yojin.db",
		    home);
	else
		snprintf(path, sizeof(path), "yojin.db");
	return path;
}

/* -------- pass 1: index of keys and lines -------- */

struct frame {
	bool	 mapping;	/* mapping or sequence */
	bool	 want_key;	/* next scalar in a mapping is a key */
	size_t	 prefix;	/* length of the path before this level */
};

/* append - add n bytes of s to the NUL-terminated path, if they fit */
static void
append(char *path, size_t pathsz, const char *s, size_t n)
{
	size_t cur = strlen(path);

	if (cur + n + 1 > pathsz)
		return;
	memcpy(path + cur, s, n);
	path[cur + n] = '\0';
}

/* add_key - remember path -> line */
static void
add_key(struct priv *p, const char *path, unsigned line)
{
	p->keys = yj_xreallocarray(p->keys, p->nkeys + 1, sizeof(*p->keys));
	p->keys[p->nkeys].path = yj_xstrdup(path);
	p->keys[p->nkeys].value = NULL;
	p->keys[p->nkeys].line = line;
	p->nkeys++;
}

/* key_line - line of a key path, 0 when absent */
static unsigned
key_line(const struct priv *p, const char *path)
{
	size_t i;

	for (i = 0; i < p->nkeys; i++)
		if (strcmp(p->keys[i].path, path) == 0)
			return p->keys[i].line;
	return 0;
}

/* is_set - the key path appears in the file */
static bool
is_set(const struct priv *p, const char *path)
{
	return key_line(p, path) != 0;
}

/* index_event - update the frame stack with one libyaml event */
static int
index_event(struct priv *p, const yaml_event_t *ev, struct frame *st,
    int *depth, char *path, size_t pathsz, const char *file, char *err,
    size_t errsz)
{
	struct frame *top = *depth > 0 ? &st[*depth - 1] : NULL;
	unsigned line = (unsigned)ev->start_mark.line + 1;
	bool is_key = top != NULL && top->mapping && top->want_key;

	if (top != NULL && top->mapping && !is_key)
		top->want_key = true;	/* this event is a value */
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (!is_key) {
			/* a mapping's value: it belongs to the last key */
			if (top != NULL && top->mapping && p->nkeys > 0 &&
			    p->keys[p->nkeys - 1].value == NULL)
				p->keys[p->nkeys - 1].value = yj_xstrndup(
				    (const char *)ev->data.scalar.value,
				    ev->data.scalar.length);
			return 0;
		}
		top->want_key = false;
		path[top->prefix] = '\0';
		if (top->prefix > 0)
			append(path, pathsz, ".", 1);
		append(path, pathsz, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		if (strstr(path, "[]") == NULL && is_set(p, path)) {
			snprintf(err, errsz, "configuration '%s' line %u: "
			    "duplicate key '%s'", file, line, path);
			return YJ_ECONF;
		}
		add_key(p, path, line);
		return 0;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (*depth >= MAX_DEPTH) {
			snprintf(err, errsz, "configuration '%s' line %u: "
			    "nested too deeply", file, line);
			return YJ_ECONF;
		}
		if (top != NULL && !top->mapping)
			append(path, pathsz, "[]", 2);
		st[*depth].mapping = ev->type == YAML_MAPPING_START_EVENT;
		st[*depth].want_key = true;
		st[*depth].prefix = strlen(path);
		(*depth)++;
		return 0;
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT:
		(*depth)--;
		if (*depth > 0)
			path[st[*depth - 1].prefix] = '\0';
		else
			path[0] = '\0';
		if (*depth > 0 && !st[*depth - 1].mapping)
			path[st[*depth].prefix] = '\0';
		return 0;
	default:
		return 0;
	}
}

/*
 * index_keys - pass 1.  Returns 0 with *empty set when the document has
 * no content, YJ_ECONF with err on a YAML syntax error or a top level
 * that is not a mapping.
 */
static int
index_keys(struct priv *p, const char *text, size_t len, const char *file,
    bool *empty, char *err, size_t errsz)
{
	struct frame st[MAX_DEPTH];
	char path[1024] = "";
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, rc = 0, seen_root = 0;
	bool done = false;

	*empty = true;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text,
	    len);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			snprintf(err, errsz, "configuration '%s' line %zu: %s",
			    file, parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "syntax error");
			rc = YJ_ECONF;
			break;
		}
		if (depth == 0 && !seen_root && (ev.type == YAML_SCALAR_EVENT ||
		    ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT)) {
			seen_root = 1;
			*empty = false;
			if (ev.type != YAML_MAPPING_START_EVENT) {
				snprintf(err, errsz, "configuration '%s' line "
				    "%zu: the top level must be a mapping of "
				    "settings", file, ev.start_mark.line + 1);
				rc = YJ_ECONF;
			}
		}
		if (rc == 0)
			rc = index_event(p, &ev, st, &depth, path,
			    sizeof(path), file, err, errsz);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return rc;
}

/* -------- pass 2: libcyaml, with its log turned into one line -------- */

/* capture_log - collect libcyaml's log lines */
static void
capture_log(cyaml_log_t level, void *ctx, const char *fmt, va_list ap)
{
	struct yj_buf *b = ctx;

	(void)level;
	(void)!yj_buf_vaddf(b, fmt, ap);
}

/* backtrace_path - dotted path of the innermost field named in the log */
static void
backtrace_path(const char *log, char *path, size_t pathsz, unsigned *line)
{
	const char *names[MAX_DEPTH];
	size_t lens[MAX_DEPTH];
	int n = 0, i;
	const char *s = log, *q, *e;

	*line = 0;
	path[0] = '\0';
	while ((q = strstr(s, "mapping field '")) != NULL && n < MAX_DEPTH) {
		q += strlen("mapping field '");
		e = strchr(q, '\'');
		if (e == NULL)
			break;
		names[n] = q;
		lens[n] = (size_t)(e - q);
		if (n == 0) {
			const char *l = strstr(e, "(line: ");

			if (l != NULL)
				*line = (unsigned)strtoul(l + 7, NULL, 10);
		}
		n++;
		s = e;
	}
	for (i = n - 1; i >= 0; i--) {
		if (*path != '\0')
			append(path, pathsz, ".", 1);
		append(path, pathsz, names[i], lens[i]);
	}
}

/* first_line_of - the first log line, without "Load: " and newline */
static void
first_line_of(const char *log, char *out, size_t outsz)
{
	const char *s = log, *e;
	size_t n;

	if (strncmp(s, "Load: ", 6) == 0)
		s += 6;
	e = strchr(s, '\n');
	n = e ? (size_t)(e - s) : strlen(s);
	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* load_error - one clear line from libcyaml's log */
static void
load_error(const struct priv *p, const char *log, const char *file,
    char *err, size_t errsz)
{
	char first[256], path[512], full[768];
	const char *key;
	unsigned line;

	first_line_of(log, first, sizeof(first));
	backtrace_path(log, path, sizeof(path), &line);
	if (strncmp(first, "Unexpected key: ", 16) == 0) {
		key = first + 16;
		snprintf(full, sizeof(full), "%s%s%s", path, *path ? "." : "",
		    key);
		line = key_line(p, full);
		if (*path)
			snprintf(err, errsz, "configuration '%s' line %u: "
			    "unknown key '%s' in '%s'", file, line, key, path);
		else
			snprintf(err, errsz, "configuration '%s' line %u: "
			    "unknown key '%s'", file, line, key);
		return;
	}
	if (*path && key_line(p, path) != 0)
		line = key_line(p, path);
	if (*path)
		snprintf(err, errsz, "configuration '%s' line %u: bad value for "
		    "'%s': %s", file, line, path, first);
	else
		snprintf(err, errsz, "configuration '%s': %s", file, first);
}

/* -------- schema for checks.* -------- */

/* align_up - round n up to pointer alignment */
static size_t
align_up(size_t n)
{
	return (n + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
}

/* build_schema - top-level fields with checks.<name> for every check */
static void
build_schema(struct priv *p, const struct yj_conf_ext *ext, size_t n)
{
	static const size_t nsect =
	    sizeof(section_fields) / sizeof(section_fields[0]) - 1;
	size_t i, nf;

	p->nchecks = n;
	p->ext_fields = yj_xcalloc(n + 1, sizeof(*p->ext_fields));
	p->check_fields = yj_xcalloc(n + 1, sizeof(*p->check_fields));
	for (i = 0; i < n; i++) {
		cyaml_schema_field_t *f, *cf = &p->check_fields[i];

		for (nf = 0; ext[i].fields && ext[i].fields[nf].key; nf++)
			;
		f = yj_xcalloc(nf + 2, sizeof(*f));
		if (nf > 0)
			memcpy(f, ext[i].fields, nf * sizeof(*f));
		f[nf] = (cyaml_schema_field_t)CYAML_FIELD_BOOL("enabled",
		    CYAML_FLAG_OPTIONAL, struct loaded, store);
		f[nf].data_offset = (uint32_t)align_up(ext[i].size);
		f[nf].value.data_size = sizeof(bool);
		p->ext_fields[i] = f;
		cf->key = ext[i].name;
		cf->data_offset = (uint32_t)(i * sizeof(void *));
		cf->value.type = CYAML_MAPPING;
		cf->value.flags = CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL;
		cf->value.data_size =
		    (uint32_t)(align_up(ext[i].size) + sizeof(bool));
		cf->value.mapping.fields = f;
	}
	p->top_fields = yj_xcalloc(nsect + 2, sizeof(*p->top_fields));
	memcpy(p->top_fields, section_fields, nsect * sizeof(*p->top_fields));
	p->top_fields[nsect].key = "checks";
	p->top_fields[nsect].data_offset = offsetof(struct loaded, checks);
	p->top_fields[nsect].value.type = CYAML_MAPPING;
	p->top_fields[nsect].value.flags = CYAML_FLAG_POINTER |
	    CYAML_FLAG_OPTIONAL;
	p->top_fields[nsect].value.data_size =
	    (uint32_t)((n ? n : 1) * sizeof(void *));
	p->top_fields[nsect].value.mapping.fields = p->check_fields;
	p->top.type = CYAML_MAPPING;
	p->top.flags = CYAML_FLAG_POINTER;
	p->top.data_size = sizeof(struct loaded);
	p->top.mapping.fields = p->top_fields;
}

/* -------- pass 2b: what libcyaml lets through -------- */

/* is_bool_word - the YAML 1.1 words for a boolean */
static bool
is_bool_word(const char *v)
{
	static const char *const words[] = { "true", "false", "yes", "no",
		"on", "off", NULL };
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (yj_str_ieq(v, words[i]))
			return true;
	return false;
}

/* bool_field - path (with "[]" for list entries) names a boolean setting */
static bool
bool_field(const cyaml_schema_field_t *f, const char *path)
{
	const char *dot = strchr(path, '.');
	size_t n = dot != NULL ? (size_t)(dot - path) : strlen(path);
	const cyaml_schema_value_t *v;

	for (; f != NULL && f->key != NULL; f++) {
		if (strlen(f->key) != n && !(strlen(f->key) + 2 == n &&
		    strncmp(path + n - 2, "[]", 2) == 0))
			continue;
		if (strncmp(f->key, path, strlen(f->key)) != 0)
			continue;
		v = &f->value;
		if (strlen(f->key) + 2 == n) {	/* key[] : an entry */
			if (v->type != CYAML_SEQUENCE &&
			    v->type != CYAML_SEQUENCE_FIXED)
				return false;
			v = v->sequence.entry;
		}
		if (dot == NULL)
			return v->type == CYAML_BOOL;
		return v->type == CYAML_MAPPING &&
		    bool_field(v->mapping.fields, dot + 1);
	}
	return false;
}

/*
 * check_bools - libcyaml reads any word but "false", "no", "off",
 * "disable" and "0" as true, so "ture" or "banana" would turn a setting
 * on without a word; every boolean set in the file must be a YAML 1.1
 * boolean
 */
static int
check_bools(const struct priv *p, const char *file, char *err, size_t errsz)
{
	size_t i;

	for (i = 0; i < p->nkeys; i++) {
		const struct key_line *k = &p->keys[i];

		if (k->value == NULL || is_bool_word(k->value) ||
		    !bool_field(p->top_fields, k->path))
			continue;
		snprintf(err, errsz, "configuration '%s' line %u: '%s' must "
		    "be true or false, not '%s'", file, k->line, k->path,
		    k->value);
		return YJ_ECONF;
	}
	return 0;
}

/* -------- pass 3: merge what was set over the defaults -------- */

/* merge - copy fields present in the file from src to dst */
static void
merge(const struct priv *p, const cyaml_schema_field_t *f, char *dst,
    const char *src, const char *prefix)
{
	char path[512];
	size_t size;

	for (; f->key != NULL; f++) {
		snprintf(path, sizeof(path), "%s%s%s", prefix,
		    *prefix ? "." : "", f->key);
		if (!is_set(p, path))
			continue;
		if (f->value.type == CYAML_MAPPING &&
		    !(f->value.flags & CYAML_FLAG_POINTER)) {
			merge(p, f->value.mapping.fields, dst + f->data_offset,
			    src + f->data_offset, path);
			continue;
		}
		size = (f->value.flags & CYAML_FLAG_POINTER) ?
		    sizeof(void *) : f->value.data_size;
		memcpy(dst + f->data_offset, src + f->data_offset, size);
		if ((f->value.type == CYAML_SEQUENCE ||
		    f->value.type == CYAML_SEQUENCE_FIXED) && f->count_size)
			memcpy(dst + f->count_offset, src + f->count_offset,
			    f->count_size);
	}
}

/* merge_checks - defaults of each check, then what the file sets */
static void
merge_checks(struct yj_conf *c, const struct priv *p,
    const struct yj_conf_ext *ext, const struct loaded *ld)
{
	char prefix[160];
	size_t i, off;

	c->nchecks = p->nchecks;
	c->check_settings = yj_xcalloc(p->nchecks + 1, sizeof(void *));
	c->check_enabled = yj_xcalloc(p->nchecks + 1, sizeof(bool));
	for (i = 0; i < p->nchecks; i++) {
		off = align_up(ext[i].size);
		c->check_settings[i] = yj_xcalloc(1, off + sizeof(bool));
		if (ext[i].defaults != NULL)
			ext[i].defaults(c->check_settings[i]);
		*(bool *)((char *)c->check_settings[i] + off) =
		    !ext[i].default_off;
		if (ld != NULL && ld->checks != NULL &&
		    ld->checks[i] != NULL) {
			snprintf(prefix, sizeof(prefix), "checks.%s",
			    ext[i].name);
			merge(p, p->ext_fields[i], c->check_settings[i],
			    ld->checks[i], prefix);
		}
		c->check_enabled[i] =
		    *(bool *)((char *)c->check_settings[i] + off);
	}
}

/* -------- validation -------- */

/* is_domain - LDH labels separated by dots */
static bool
is_domain(const char *d)
{
	size_t label = 0;

	if (*d == '\0' || *d == '.')
		return false;
	for (; *d != '\0'; d++) {
		if (*d == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (!((*d >= 'a' && *d <= 'z') || (*d >= '0' && *d <= '9') ||
		    *d == '-' || (unsigned char)*d >= 0x80))
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0;
}

/* verr - format "configuration 'F' line N: ..." */
static int
verr(const struct priv *p, const char *file, const char *path, char *err,
    size_t errsz, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errsz, "configuration '%s' line %u: %s", file,
	    key_line(p, path), msg);
	return YJ_ECONF;
}

/* check_org - domains and networks */
static int
check_org(struct yj_conf *c, const struct priv *p, const char *file,
    char *err, size_t errsz)
{
	struct yj_cidr *nets;
	unsigned i;
	char *d;

	for (i = 0; i < c->organization.ndomains; i++) {
		for (d = c->organization.domains[i]; *d; d++)
			*d = (char)yj_ascii_lower((unsigned char)*d);
		if (!is_domain(c->organization.domains[i]))
			return verr(p, file, "organization.domains", err,
			    errsz, "'%s' is not a domain name",
			    c->organization.domains[i]);
	}
	nets = yj_xcalloc(c->organization.nnetworks + 1, sizeof(*nets));
	for (i = 0; i < c->organization.nnetworks; i++)
		if (yj_cidr_parse(c->organization.internal_networks[i],
		    &nets[i]) != 0) {
			yj_free(nets);
			return verr(p, file, "organization.internal_networks",
			    err, errsz, "'%s' is not an address or network "
			    "(192.0.2.0/24, 2001:db8::/32)",
			    c->organization.internal_networks[i]);
		}
	c->org.name = c->organization.name;
	c->org.domains = (const char *const *)c->organization.domains;
	c->org.ndomains = c->organization.ndomains;
	c->org.networks = nets;
	c->org.nnetworks = c->organization.nnetworks;
	c->org.authserv_id = c->organization.authserv_id;
	return 0;
}

/* lower_ascii - lower-case the ASCII letters of s in place */
static void
lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)yj_ascii_lower((unsigned char)*s);
}

/* check_person - one entry of organization.people */
static int
check_person(struct yj_conf_person *cp, struct yj_org_person *op,
    unsigned i, const struct priv *p, const char *file, char *err,
    size_t errsz)
{
	const char *at;
	unsigned k;

	if (*cp->name == '\0')
		return verr(p, file, "organization.people", err, errsz,
		    "person %u has an empty name", i + 1);
	for (k = 0; k < cp->naddresses; k++) {
		lower_ascii(cp->addresses[k]);
		at = strrchr(cp->addresses[k], '@');
		if (at == NULL || at == cp->addresses[k] || !is_domain(at + 1))
			return verr(p, file, "organization.people", err,
			    errsz, "person '%s': '%s' is not an address",
			    cp->name, cp->addresses[k]);
	}
	op->name = cp->name;
	op->aliases = (const char *const *)cp->aliases;
	op->naliases = cp->naliases;
	op->addresses = (const char *const *)cp->addresses;
	op->naddresses = cp->naddresses;
	op->title = cp->title != NULL ? cp->title : "";
	op->executive = cp->executive;
	return 0;
}

/* check_brand - one entry of brands.list */
static int
check_brand(struct yj_conf_brand *cb, struct yj_org_brand *ob,
    const struct priv *p, const char *file, char *err, size_t errsz)
{
	unsigned k;

	if (cb->ntokens == 0 && cb->ndomains == 0)
		return verr(p, file, "brands.list", err, errsz, "brand '%s' "
		    "needs tokens or domains", cb->name);
	for (k = 0; k < cb->ntokens; k++)
		if (*cb->tokens[k] == '\0')
			return verr(p, file, "brands.list", err, errsz,
			    "brand '%s' has an empty token", cb->name);
	for (k = 0; k < cb->ndomains; k++) {
		lower_ascii(cb->domains[k]);
		if (!is_domain(cb->domains[k]) ||
		    strchr(cb->domains[k], '.') == NULL)
			return verr(p, file, "brands.list", err, errsz,
			    "brand '%s': '%s' is not a domain name", cb->name,
			    cb->domains[k]);
	}
	ob->name = cb->name;
	ob->tokens = (const char *const *)cb->tokens;
	ob->ntokens = cb->ntokens;
	ob->domains = (const char *const *)cb->domains;
	ob->ndomains = cb->ndomains;
	return 0;
}

/* check_people_brands - organization.people and brands, for checks */
static int
check_people_brands(struct yj_conf *c, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	struct yj_org_person *people;
	struct yj_org_brand *brands;
	unsigned i;
	int rc;

	people = yj_xcalloc(c->organization.npeople + 1, sizeof(*people));
	c->org.people = people;
	for (i = 0; i < c->organization.npeople; i++)
		if ((rc = check_person(&c->organization.people[i], &people[i],
		    i, p, file, err, errsz)) != 0)
			return rc;
	c->org.npeople = c->organization.npeople;
	brands = yj_xcalloc(c->brands.nlist + 1, sizeof(*brands));
	c->org.brands = brands;
	for (i = 0; i < c->brands.nlist; i++)
		if ((rc = check_brand(&c->brands.list[i], &brands[i], p, file,
		    err, errsz)) != 0)
			return rc;
	c->org.nbrands = c->brands.nlist;
	c->org.brands_replace = c->brands.replace_defaults;
	return 0;
}

/* known_check - the check part of a finding pattern names a check */
static bool
known_check(const struct yj_conf_ext *ext, size_t n, const char *finding)
{
	const char *dot = strchr(finding, '.');
	size_t i, len;

	if (dot == NULL || dot[1] == '\0')
		return false;
	len = (size_t)(dot - finding);
	for (i = 0; i < n; i++)
		if (strlen(ext[i].name) == len &&
		    strncmp(ext[i].name, finding, len) == 0)
			return true;
	return false;
}

/* lower_all - ASCII lower case, in place */
static void
lower_all(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)yj_ascii_lower((unsigned char)*s);
}

/*
 * check_senders - each entry an address, "@domain" or "domain", lower
 * case afterwards
 */
static int
check_senders(const struct priv *p, const char *file, const char *path,
    char **v, unsigned n, char *err, size_t errsz)
{
	const char *d;
	unsigned i;

	for (i = 0; i < n; i++) {
		lower_all(v[i]);
		d = strrchr(v[i], '@');
		d = d != NULL ? d + 1 : v[i];
		if (!is_domain(d))
			return verr(p, file, path, err, errsz, "'%s' is not an "
			    "address, '@domain' or a domain", v[i]);
	}
	return 0;
}

/* check_exempt - trusted domains are domains, senders are senders */
static int
check_exempt(const struct yj_conf *c, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	const struct yj_conf_exempt *e = &c->policy.exempt;
	unsigned i;

	for (i = 0; i < e->ntrusted; i++) {
		lower_all(e->trusted_domains[i]);
		if (!is_domain(e->trusted_domains[i]))
			return verr(p, file, "policy.exempt.trusted_domains",
			    err, errsz, "'%s' is not a domain name",
			    e->trusted_domains[i]);
	}
	return check_senders(p, file, "policy.exempt.senders", e->senders,
	    e->nsenders, err, errsz);
}

/* check_policy - overrides name real checks and valid actions */
static int
check_policy(const struct yj_conf *c, const struct priv *p,
    const struct yj_conf_ext *ext, const char *file, char *err,
    size_t errsz)
{
	static const char *const actions[] = { "accept", "tag", "hold",
		"quarantine", "reject", "ignore", NULL };
	const struct yj_conf_override *o;
	unsigned i;
	int k;

	for (i = 0; i < c->policy.noverrides; i++) {
		o = &c->policy.overrides[i];
		if (!known_check(ext, p->nchecks, o->finding))
			return verr(p, file, "policy.overrides", err, errsz,
			    "override %u: unknown check in finding '%s' "
			    "(expected 'check.finding' or 'check.*')", i + 1,
			    o->finding);
		if (o->action == NULL && o->weight == NULL)
			return verr(p, file, "policy.overrides", err, errsz,
			    "override %u ('%s'): give an action or a weight",
			    i + 1, o->finding);
		for (k = 0; o->action && actions[k]; k++)
			if (strcmp(o->action, actions[k]) == 0)
				break;
		if (o->action != NULL && actions[k] == NULL)
			return verr(p, file, "policy.overrides", err, errsz,
			    "override %u: unknown action '%s'", i + 1,
			    o->action);
		if (o->direction != NULL && strcmp(o->direction, "in") != 0 &&
		    strcmp(o->direction, "out") != 0)
			return verr(p, file, "policy.overrides", err, errsz,
			    "override %u: direction must be 'in' or 'out'",
			    i + 1);
		if (check_senders(p, file, "policy.overrides", o->senders,
		    o->nsenders, err, errsz) != 0)
			return YJ_ECONF;
	}
	return check_exempt(c, p, file, err, errsz);
}

/* check_misc - store and log */
static int
check_misc(const struct yj_conf *c, const struct priv *p, const char *file,
    char *err, size_t errsz)
{
	const char *l = c->log.level;

	if (strcmp(c->store.driver, "sqlite") != 0 &&
	    strcmp(c->store.driver, "postgresql") != 0)
		return verr(p, file, "store.driver", err, errsz,
		    "store.driver must be 'sqlite' or 'postgresql', not '%s'",
		    c->store.driver);
	if (strcmp(c->store.driver, "postgresql") == 0 &&
	    c->store.conninfo == NULL)
		return verr(p, file, "store.driver", err, errsz,
		    "store.driver 'postgresql' needs store.conninfo");
	if (strcmp(l, "error") != 0 && strcmp(l, "warning") != 0 &&
	    strcmp(l, "info") != 0 && strcmp(l, "debug") != 0)
		return verr(p, file, "log.level", err, errsz,
		    "log.level must be error, warning, info or debug");
	return 0;
}

/* yj_conf_duration - "90s", "15m", "12h", "3d", "2w" or seconds */
int
yj_conf_duration(const char *s, long *out)
{
	static const struct {
		char	 unit;
		long	 mul;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
		{ 'w', 604800 } };
	unsigned long v = 0;
	const char *p = s;
	size_t i;

	if (*p < '0' || *p > '9')
		return YJ_EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > 100UL * 365 * 86400)
			return YJ_EINVAL;
	}
	if (*p == '\0') {
		*out = (long)v;
		return 0;
	}
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (p[0] == units[i].unit && p[1] == '\0') {
			*out = (long)v * units[i].mul;
			return *out <= 100L * 365 * 86400 ? 0 : YJ_EINVAL;
		}
	return YJ_EINVAL;
}

/* is_address - "local@domain" with a plausible domain, no spaces */
static bool
is_address(const char *a)
{
	const char *at = strrchr(a, '@');
	const char *p;

	if (at == NULL || at == a)
		return false;
	for (p = a; p < at; p++)
		if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
		    *p == '"' || *p == ',' || *p == 0x7f)
			return false;
	return is_domain(at + 1);
}

/* is_listen - inet:PORT[@HOST], inet6:PORT[@HOST], unix:/PATH */
static bool
is_listen(const char *s)
{
	unsigned long port;
	char num[8];
	const char *at;
	size_t n;

	if (strncmp(s, "unix:", 5) == 0 || strncmp(s, "local:", 6) == 0)
		return strchr(s, ':')[1] == '/';
	if (strncmp(s, "inet:", 5) == 0)
		s += 5;
	else if (strncmp(s, "inet6:", 6) == 0)
		s += 6;
	else
		return false;
	at = strchr(s, '@');
	n = at ? (size_t)(at - s) : strlen(s);
	if (n == 0 || n >= sizeof(num))
		return false;
	memcpy(num, s, n);
	num[n] = '\0';
	if (yj_parse_uint(num, 65535, &port) != 0 || port == 0)
		return false;
	return at == NULL || at[1] != '\0';
}

/* one_of - s is one of the NULL-terminated words */
static bool
one_of(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

/* check_milter - milter: */
static int
check_milter(const struct yj_conf *c, const struct priv *p, const char *file,
    char *err, size_t errsz)
{
	static const char *const oversize[] = { "accept", "tempfail", NULL };
	const struct yj_conf_milter *m = &c->milter;

	if (!is_listen(m->listen))
		return verr(p, file, "milter.listen", err, errsz, "milter.listen "
		    "'%s' must be inet:PORT@HOST, inet6:PORT@HOST or "
		    "unix:/PATH", m->listen);
	if (m->pid_file != NULL && m->pid_file[0] != '/')
		return verr(p, file, "milter.pid_file", err, errsz,
		    "milter.pid_file must be an absolute path");
	if (!one_of(m->oversize, oversize))
		return verr(p, file, "milter.oversize", err, errsz,
		    "milter.oversize must be 'accept' or 'tempfail'");
	if (m->max_message_size < 1024 ||
	    m->max_message_size > YJ_LIM_MESSAGE_SIZE)
		return verr(p, file, "milter.max_message_size", err, errsz,
		    "milter.max_message_size must be between 1024 and %lu",
		    (unsigned long)YJ_LIM_MESSAGE_SIZE);
	if (m->timeout < 1 || m->timeout > 86400)
		return verr(p, file, "milter.timeout", err, errsz,
		    "milter.timeout must be between 1 and 86400 seconds");
	if (!yj_utf8_valid(m->subject_prefix, strlen(m->subject_prefix)) ||
	    strpbrk(m->subject_prefix, "\r\n") != NULL)
		return verr(p, file, "milter.subject_prefix", err, errsz,
		    "milter.subject_prefix must be one line of text");
	return 0;
}

/* duration - parse a hold duration into *out within [min, max] */
static int
duration(const struct priv *p, const char *file, const char *key,
    const char *val, long min, long max, long *out, char *err, size_t errsz)
{
	if (yj_conf_duration(val, out) != 0)
		return verr(p, file, key, err, errsz, "%s '%s' is not a "
		    "duration (90s, 15m, 12h, 3d, 2w)", key, val);
	if (*out != 0 && (*out < min || *out > max))
		return verr(p, file, key, err, errsz, "%s must be between "
		    "%lds and %ldd", key, min, max / 86400);
	return 0;
}

/* check_sender_pattern - "a@b", "@dom", "dom" or "*" */
static bool
is_sender_pattern(const char *s)
{
	if (strcmp(s, "*") == 0)
		return true;
	if (s[0] == '@')
		return is_domain(s + 1);
	return strchr(s, '@') ? is_address(s) : is_domain(s);
}

/* check_approvers - hold.approvers[] */
static int
check_approvers(const struct yj_conf *c, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	const struct yj_conf_approver *r;
	unsigned i, k;

	for (i = 0; i < c->hold.napprovers; i++) {
		r = &c->hold.approvers[i];
		for (k = 0; k < r->nsenders; k++)
			if (!is_sender_pattern(r->senders[k]))
				return verr(p, file, "hold.approvers", err,
				    errsz, "approver rule %u: sender '%s' is "
				    "not an address, @domain, domain or '*'",
				    i + 1, r->senders[k]);
		for (k = 0; k < r->napprovers; k++)
			if (!is_address(r->approvers[k]))
				return verr(p, file, "hold.approvers", err,
				    errsz, "approver rule %u: '%s' is not an "
				    "address", i + 1, r->approvers[k]);
	}
	if (strcmp(c->hold.mode, "approval") == 0 && c->hold.napprovers == 0)
		return verr(p, file, "hold.mode", err, errsz, "hold.mode "
		    "'approval' needs hold.approvers");
	return 0;
}

/* check_hold_addresses - notice and command addresses, paths */
static int
check_hold_addresses(const struct yj_conf *c, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	const struct yj_conf_hold *h = &c->hold;

	if (h->notice_from != NULL && !is_address(h->notice_from))
		return verr(p, file, "hold.notice_from", err, errsz,
		    "hold.notice_from '%s' is not an address", h->notice_from);
	if (h->reply_address != NULL && *h->reply_address != '\0' &&
	    (!is_address(h->reply_address) ||
	    strchr(h->reply_address, '+') != NULL))
		return verr(p, file, "hold.reply_address", err, errsz,
		    "hold.reply_address '%s' is not an address without '+'",
		    h->reply_address);
	if (h->report_to != NULL && !is_address(h->report_to))
		return verr(p, file, "hold.report_to", err, errsz,
		    "hold.report_to '%s' is not an address", h->report_to);
	if (h->postfix_config_directory != NULL &&
	    h->postfix_config_directory[0] != '/')
		return verr(p, file, "hold.postfix_config_directory", err,
		    errsz, "hold.postfix_config_directory must be an "
		    "absolute path");
	if (h->nhelper == 0 || h->helper[0][0] != '/')
		return verr(p, file, "hold.helper", err, errsz, "hold.helper "
		    "must start with an absolute path");
	if (h->sendmail[0] != '/')
		return verr(p, file, "hold.sendmail", err, errsz,
		    "hold.sendmail must be an absolute path");
	return 0;
}

/* check_hold - hold: */
static int
check_hold(struct yj_conf *c, const struct priv *p, const char *file,
    char *err, size_t errsz)
{
	static const char *const modes[] = { "self", "approval", NULL };
	static const char *const acts[] = { "release", "delete", NULL };
	struct yj_conf_hold *h = &c->hold;
	int rc;

	if (!one_of(h->mode, modes))
		return verr(p, file, "hold.mode", err, errsz,
		    "hold.mode must be 'self' or 'approval'");
	if (!one_of(h->deadline_action, acts))
		return verr(p, file, "hold.deadline_action", err, errsz,
		    "hold.deadline_action must be 'release' or 'delete'");
	if (!one_of(h->quarantine_deadline_action, acts))
		return verr(p, file, "hold.quarantine_deadline_action", err,
		    errsz, "hold.quarantine_deadline_action must be 'release' "
		    "or 'delete'");
	if ((rc = duration(p, file, "hold.deadline", h->deadline, 60,
	    365L * 86400, &h->deadline_s, err, errsz)) != 0 ||
	    (rc = duration(p, file, "hold.delay", h->delay, 1, 86400,
	    &h->delay_s, err, errsz)) != 0 ||
	    (rc = duration(p, file, "hold.quarantine_deadline",
	    h->quarantine_deadline, 60, 365L * 86400,
	    &h->quarantine_deadline_s, err, errsz)) != 0 ||
	    (rc = duration(p, file, "hold.check_interval", h->check_interval,
	    1, 3600, &h->check_interval_s, err, errsz)) != 0)
		return rc;
	if (h->deadline_s == 0 || h->quarantine_deadline_s == 0 ||
	    h->check_interval_s == 0)
		return verr(p, file, "hold", err, errsz, "hold.deadline, "
		    "hold.quarantine_deadline and hold.check_interval cannot "
		    "be 0");
	if ((rc = check_approvers(c, p, file, err, errsz)) != 0)
		return rc;
	return check_hold_addresses(c, p, file, err, errsz);
}

/*
 * check_amounts - every yen amount and count in a sane range; libcyaml
 * reads "-5" into an unsigned field as a huge number, caught here
 */
static int
check_amounts(const struct yj_conf_cost *k, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	const struct {
		const char	*key;
		uint64_t	 v;
		uint64_t	 max;
	} a[] = {
		{ "initial_response", k->initial_response, YJ_CONF_YEN_MAX },
		{ "investigation", k->investigation, YJ_CONF_YEN_MAX },
		{ "forensics_pc", k->forensics_pc, YJ_CONF_YEN_MAX },
		{ "forensics_server", k->forensics_server, YJ_CONF_YEN_MAX },
		{ "notice_per_person", k->notice_per_person, YJ_CONF_YEN_MAX },
		{ "gift_per_person", k->gift_per_person, YJ_CONF_YEN_MAX },
		{ "call_centre_month", k->call_centre_month, YJ_CONF_YEN_MAX },
		{ "call_centre_months", k->call_centre_months, 120 },
		{ "call_centre_from", k->call_centre_from, 1000000000 },
		{ "legal", k->legal, YJ_CONF_YEN_MAX },
		{ "consulting", k->consulting, YJ_CONF_YEN_MAX },
		{ "staff_hour", k->staff_hour, YJ_CONF_YEN_MAX },
		{ "prevention", k->prevention, YJ_CONF_YEN_MAX },
		{ "jo_base", k->jo_base, YJ_CONF_YEN_MAX },
		{ "benchmark_per_record", k->benchmark_per_record,
		  YJ_CONF_YEN_MAX },
		{ "benchmark_ransomware", k->benchmark_ransomware,
		  YJ_CONF_YEN_MAX },
	};
	char path[64];
	size_t i;

	for (i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		if (a[i].v <= a[i].max)
			continue;
		snprintf(path, sizeof(path), "incident.cost.%s", a[i].key);
		return verr(p, file, path, err, errsz, "%s must be between 0 "
		    "and %llu", path, (unsigned long long)a[i].max);
	}
	return 0;
}

/* the incident types of src/incident/incident.h */
static const char *const incident_types[] = { "misdelivery",
	"suspicious_mail", "malware", "unauthorized_access", "lost_device",
	"website_tampering", "support_scam", NULL };

/* due_rule_ok - known+N (N <= 365), a PPC date, final or "" */
static bool
due_rule_ok(const char *d)
{
	static const char *const named[] = { "", "ppc.preliminary",
		"ppc.final", "final", NULL };
	unsigned long n;

	if (one_of(d, named))
		return true;
	return strncmp(d, "known+", 6) == 0 &&
	    yj_parse_uint(d + 6, 365, &n) == 0;
}

/* key_ok - letters, digits, '.', '_' and '-' */
static bool
key_ok(const char *k)
{
	for (; *k != '\0'; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') ||
		    *k == '.' || *k == '_' || *k == '-'))
			return false;
	return true;
}

/*
 * check_task - one incident.tasks entry.  Unset when, due and one of the
 * titles stay NULL (the loaded tree owns these fields; src/incident
 * applies the defaults): always, no due date, the other title.
 */
static int
check_task(const struct yj_conf_task *t, unsigned i, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	static const char *const phases[] = { "initial", "emergency",
		"victims", "regulator", "prevention", NULL };
	static const char *const whens[] = { "always", "personal", "ppc",
		"my_number", "local_gov", NULL };
	const char *k = "incident.tasks";
	unsigned j;

	if (!key_ok(t->key))
		return verr(p, file, k, err, errsz, "task %u: key '%s' may hold "
		    "only a-z, 0-9, '.', '_' and '-'", i + 1, t->key);
	if (!one_of(t->phase, phases))
		return verr(p, file, k, err, errsz, "task '%s': phase must be "
		    "initial, emergency, victims, regulator or prevention",
		    t->key);
	if (t->when != NULL && !one_of(t->when, whens))
		return verr(p, file, k, err, errsz, "task '%s': when must be "
		    "always, personal, ppc, my_number or local_gov", t->key);
	if (t->due != NULL && !due_rule_ok(t->due))
		return verr(p, file, k, err, errsz, "task '%s': due must be "
		    "known+N, ppc.preliminary, ppc.final or final", t->key);
	if (t->ja == NULL && t->en == NULL)
		return verr(p, file, k, err, errsz, "task '%s': give its title "
		    "in ja, en or both", t->key);
	for (j = 0; j < t->ntypes; j++)
		if (!one_of(t->types[j], incident_types))
			return verr(p, file, k, err, errsz, "task '%s': unknown "
			    "incident type '%s'", t->key, t->types[j]);
	return 0;
}

/* check_tasks - the organisation's task templates */
static int
check_tasks(const struct yj_conf *c, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	const struct yj_conf_incident *in = &c->incident;
	unsigned i, j;
	int rc;

	for (i = 0; i < in->ntasks; i++) {
		if ((rc = check_task(&in->tasks[i], i, p, file, err,
		    errsz)) != 0)
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(in->tasks[j].key, in->tasks[i].key) == 0)
				return verr(p, file, "incident.tasks", err,
				    errsz, "task key '%s' is used twice",
				    in->tasks[i].key);
	}
	for (i = 0; i < in->nskip_tasks; i++)
		if (!key_ok(in->skip_tasks[i]))
			return verr(p, file, "incident.skip_tasks", err, errsz,
			    "'%s' is not a task key", in->skip_tasks[i]);
	return 0;
}

/* check_incident - enumerations and ranges of incident.* */
static int
check_incident(const struct yj_conf *c, const struct priv *p,
    const char *file, char *err, size_t errsz)
{
	static const char *const orgs[] = { "private", "local_government",
		NULL };
	static const char *const ident[] = { "easy", "possible", "hard",
		NULL };
	static const char *const social[] = { "auto", "ordinary", "high",
		NULL };
	static const char *const resp[] = { "appropriate", "inappropriate",
		NULL };
	const struct yj_conf_cost *k = &c->incident.cost;
	unsigned i;
	int rc;

	if ((rc = check_amounts(k, p, file, err, errsz)) != 0 ||
	    (rc = check_tasks(c, p, file, err, errsz)) != 0)
		return rc;
	if (!one_of(c->incident.org_type, orgs))
		return verr(p, file, "incident.org_type", err, errsz,
		    "incident.org_type must be private or local_government");
	if (!one_of(k->identifiability, ident))
		return verr(p, file, "incident.cost.identifiability", err,
		    errsz, "identifiability must be easy, possible or hard");
	if (!one_of(k->social_responsibility, social))
		return verr(p, file, "incident.cost.social_responsibility",
		    err, errsz, "social_responsibility must be auto, "
		    "ordinary or high");
	if (!one_of(k->response, resp))
		return verr(p, file, "incident.cost.response", err, errsz,
		    "response must be appropriate or inappropriate");
	if (k->sensitive_distress < 1 || k->sensitive_distress > 3)
		return verr(p, file, "incident.cost.sensitive_distress", err,
		    errsz, "sensitive_distress must be 1, 2 or 3");
	if (k->my_number_economic < 1 || k->my_number_economic > 3)
		return verr(p, file, "incident.cost.my_number_economic", err,
		    errsz, "my_number_economic must be 1, 2 or 3");
	for (i = 0; i < k->ninvestigation_types; i++)
		if (!one_of(k->investigation_types[i], incident_types))
			return verr(p, file, "incident.cost.investigation_types",
			    err, errsz, "unknown incident type '%s'",
			    k->investigation_types[i]);
	return 0;
}

/* -------- entry points -------- */

/* read_file - whole file, bounded */
static int
read_file(const char *path, char **text, size_t *len, char *err,
    size_t errsz)
{
	char ebuf[128];
	struct yj_buf b;
	char chunk[8192];
	size_t n;
	FILE *fp;
	int rc = 0;

	fp = fopen(path, "re");
	if (fp == NULL) {
		snprintf(err, errsz, "cannot read configuration '%s': %s",
		    path, yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return errno == ENOENT ? YJ_ENOENT : YJ_EIO;
	}
	yj_buf_init(&b, MAX_FILE);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (yj_buf_add(&b, chunk, n) != 0) {
			snprintf(err, errsz, "configuration '%s' is larger "
			    "than %d bytes", path, MAX_FILE);
			rc = YJ_ECONF;
			break;
		}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errsz, "cannot read configuration '%s': %s",
		    path, yj_errno_str(errno, ebuf, sizeof(ebuf)));
		rc = YJ_EIO;
	}
	fclose(fp);
	if (rc != 0) {
		yj_buf_release(&b);
		return rc;
	}
	*text = yj_buf_detach(&b, len);
	return 0;
}

/* load_file - passes 1 and 2 */
static int
load_file(struct priv *p, const char *path, struct loaded **ld, char *err,
    size_t errsz)
{
	cyaml_config_t cfg = { 0 };
	struct yj_buf log;
	cyaml_err_t ce;
	size_t len;
	bool empty;
	int rc;

	rc = read_file(path, &p->text, &len, err, errsz);
	if (rc != 0)
		return rc;
	if (!yj_utf8_valid(p->text, len)) {
		snprintf(err, errsz, "configuration '%s' is not UTF-8", path);
		return YJ_ECONF;
	}
	rc = index_keys(p, p->text, len, path, &empty, err, errsz);
	if (rc != 0 || empty)
		return rc;
	yj_buf_init(&log, 16 * 1024);
	cfg.log_fn = capture_log;
	cfg.log_ctx = &log;
	cfg.mem_fn = cyaml_mem;
	cfg.log_level = CYAML_LOG_ERROR;
	cfg.flags = CYAML_CFG_DEFAULT;
	ce = cyaml_load_data((const uint8_t *)p->text, len, &cfg, &p->top,
	    (cyaml_data_t **)ld, NULL);
	if (ce != CYAML_OK) {
		if (log.len > 0)
			load_error(p, yj_buf_cstr(&log), path, err, errsz);
		else
			snprintf(err, errsz, "configuration '%s': %s", path,
			    cyaml_strerror(ce));
		rc = YJ_ECONF;
	}
	yj_buf_release(&log);
	return rc;
}

/* yj_conf_load - defaults, the file over them, checked */
int
yj_conf_load(const char *path, const struct yj_conf_ext *ext,
    size_t nchecks, struct yj_conf **out, char *err, size_t errsz)
{
	struct loaded *ld = NULL;
	struct yj_conf *c;
	struct priv *p;
	int rc = 0;

	*out = NULL;
	c = yj_xcalloc(1, sizeof(*c));
	p = yj_xcalloc(1, sizeof(*p));
	c->priv = p;
	set_defaults(c);
	build_schema(p, ext, nchecks);
	if (path == NULL)
		path = getenv("YOJIN_CONFIG");
	if (path != NULL && *path == '\0')
		path = NULL;
	if (path != NULL) {
		c->path = yj_xstrdup(path);
		rc = load_file(p, path, &ld, err, errsz);
		p->loaded = ld;
		if (rc == 0)
			rc = check_bools(p, path, err, errsz);
		if (ld != NULL) {
			merge(p, section_fields, (char *)c, (char *)ld, "");
		}
	}
	if (rc == 0) {
		merge_checks(c, p, ext, ld);
		rc = check_org(c, p, path ? path : "(defaults)", err, errsz);
	}
	if (rc == 0)
		rc = check_people_brands(c, p, path ? path : "(defaults)", err,
		    errsz);
	if (rc == 0)
		rc = check_policy(c, p, ext, path ? path : "(defaults)", err,
		    errsz);
	if (rc == 0)
		rc = check_misc(c, p, path ? path : "(defaults)", err, errsz);
	if (rc == 0)
		rc = check_milter(c, p, path ? path : "(defaults)", err, errsz);
	if (rc == 0)
		rc = check_hold(c, p, path ? path : "(defaults)", err, errsz);
	if (rc == 0)
		rc = check_incident(c, p, path ? path : "(defaults)", err,
		    errsz);
	if (rc != 0) {
		yj_conf_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* yj_conf_free - release a configuration */
void
yj_conf_free(struct yj_conf *c)
{
	cyaml_config_t cfg = { 0 };
	struct priv *p;
	size_t i;

	if (c == NULL)
		return;
	p = c->priv;
	if (p != NULL && p->loaded != NULL) {
		cfg.mem_fn = cyaml_mem;
		cfg.log_fn = cyaml_log;
		cfg.log_level = CYAML_LOG_ERROR;
		cyaml_free(&cfg, &p->top, p->loaded, 0);
	}
	for (i = 0; i < c->nchecks; i++)
		yj_free(c->check_settings[i]);
	yj_free(c->check_settings);
	yj_free(c->check_enabled);
	yj_free((void *)c->org.networks);
	yj_free((void *)c->org.people);
	yj_free((void *)c->org.brands);
	if (p != NULL) {
		for (i = 0; i < p->nkeys; i++) {
			yj_free(p->keys[i].path);
			yj_free(p->keys[i].value);
		}
		yj_free(p->keys);
		for (i = 0; i < p->nchecks; i++)
			yj_free(p->ext_fields[i]);
		yj_free(p->ext_fields);
		yj_free(p->check_fields);
		yj_free(p->top_fields);
		yj_free(p->text);
		yj_free(p);
	}
	yj_free((void *)c->path);
	yj_free(c);
}
