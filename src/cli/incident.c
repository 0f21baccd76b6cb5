/*
 * incident.c - "yojin incident": the incident register from the command
 * line
 *
 * Subcommands new, list, show, update, close, reopen, note, task, cost
 * and export share one option table (the same words as the JSON), so an
 * option means the same everywhere.  Every value is checked before the
 * store is touched; the register then makes each change in one durable
 * transaction, so a bad value writes nothing.  Exit status: 0 done, 1
 * refused (closing with a PPC report outstanding, a template task
 * removed, ...), 2 a usage or input error or an unknown incident.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "cli/store_glue.h"
#include "incident/block.h"
#include "incident/cost.h"
#include "incident/export.h"
#include "incident/fromhold.h"
#include "incident/incident.h"
#include "incident/render.h"
#include "store/store.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/log.h"
#include "util/str.h"
#include "util/time.h"

#define CMD		"incident"
#define MAX_FIELDS	64
#define MAX_ARGS	4

static const char usage[] =
    "usage: yojin incident COMMAND [options]\n"
    "\n"
    "  new --type TYPE [options]    open an incident\n"
    "  new --from-hold ID [options] a released hold that was mis-sent\n"
    "  list [--status S] [--type T] incidents, the nearest deadline first\n"
    "  show ID                      the incident, its PPC duty, tasks and "
    "timeline\n"
    "  update ID [options]          change what is known\n"
    "  close ID [--resolution TEXT] [--force]\n"
    "  reopen ID [--note TEXT]\n"
    "  note ID TEXT [--at TIME]     add a timeline entry (who did what)\n"
    "  task ID                      list the tasks\n"
    "  task ID add --title T [--phase P] [--due DATE] [--owner O]\n"
    "  task ID edit N [--title T] [--phase P] [--due DATE] [--owner O]\n"
    "  task ID done|skip|reopen|remove N [--note TEXT]\n"
    "  cost ID                      cost estimate with its assumptions\n"
    "  block ID                     put the incident's senders, links and\n"
    "                               attachment hashes on the block list\n"
    "  export ID --format md|json|html [--kind preliminary|final|notice]\n"
    "  export ID --format eml [--message N]   a reported message\n"
    "\n"
    "Options of new and update:\n"
    "  --type misdelivery|suspicious_mail|malware|unauthorized_access|\n"
    "         lost_device|website_tampering|support_scam\n"
    "  --known-at TIME        when any part of the organisation knew\n"
    "                         (ISO 8601; no zone means Japan time; "
    "default now)\n"
    "  --people N|unknown|<=N|none   people affected (<=N: unknown, at "
    "most N)\n"
    "  --category sensitive|property_damage|my_number|none  (repeatable)\n"
    "  --unlawful-purpose, --no-unlawful-purpose\n"
    "  --encrypted, --no-encrypted    strong encryption, key not leaked\n"
    "  --not-viewed, --no-not-viewed  retrieved or deleted unread\n"
    "  --org-type private|local_government\n"
    "  --title T  --owner O  --severity low|medium|high|critical\n"
    "  --status open|in_progress|closed   (update)\n"
    "  --overview, --data-items, --cause, --secondary-damage,\n"
    "  --individual-response, --publication, --prevention, --other TEXT\n"
    "  --preliminary-reported DATE, --final-reported DATE, "
    "--notified DATE\n"
    "  --set KEY=VALUE        any field, e.g. cost.pcs=3 (see the manual)\n"
    "  --note TEXT            add a note to the timeline\n"
    "\n"
    "  -f, --format text|json  output (export: md|json|html|eml)\n"
    "  --by NAME               who makes the change (default: login name)\n"
    "  --lang ja|en            language of text and drafts (default: "
    "LANG)\n"
    YJ_CLI_COMMON_USAGE;

enum {
	O_TYPE = 256, O_KNOWN_AT, O_PEOPLE, O_CATEGORY, O_UNLAWFUL,
	O_NO_UNLAWFUL, O_ENCRYPTED, O_NO_ENCRYPTED, O_NOT_VIEWED,
	O_NO_NOT_VIEWED, O_ORG, O_TITLE, O_OWNER, O_SEVERITY, O_STATUS,
	O_SET, O_NOTE, O_BY, O_LANG, O_RESOLUTION, O_FORCE, O_AT, O_PHASE,
	O_DUE, O_KIND, O_MESSAGE, O_ALL, O_TEXTFIELD, O_DATEFIELD,
	O_FROM_HOLD,
};

/* Options that set a date field */
static const struct {
	const char	*opt;
	const char	*key;
} date_fields[] = {
	{ "preliminary-reported", "preliminary_reported" },
	{ "final-reported", "final_reported" },
	{ "notified", "individuals_notified" },
};

struct args {
	struct yj_arena			*arena;
	struct yj_incident_change	 ch;
	struct yj_incdb_kv		 fields[MAX_FIELDS];
	size_t				 nfields;
	unsigned			 cats;
	bool				 has_cats;
	const char			*format;
	const char			*config;
	const char			*by;
	const char			*resolution;
	const char			*phase;
	const char			*due;
	const char			*kind;
	const char			*list_type;
	int64_t				 at;
	int64_t				 message;
	int64_t				 from_hold;
	bool				 force;
	bool				 all;
	bool				 ja;
	const char			*pos[MAX_ARGS];
	int				 npos;
	int64_t				 now;
	struct yj_store			*store;
};

/* bad - one error line about an option value; returns 2 */
static int
bad(const char *opt, const char *v, const char *why)
{
	yj_cli_error(CMD, "bad --%s '%s': %s", opt, v, why);
	return 2;
}

/* dashed_key - "data-items" -> "data_items" in the arena */
static const char *
dashed_key(struct yj_arena *a, const char *opt)
{
	char *k = yj_arena_strdup(a, opt);
	char *p;

	for (p = k; *p != '\0'; p++)
		if (*p == '-')
			*p = '_';
	return k;
}

/* add_field - remember KEY=VALUE for the change (shown as given) */
static int
add_field(struct args *ar, const char *key, const char *value,
    const char *opt, const char *given)
{
	char why[128];

	if (ar->nfields >= MAX_FIELDS) {
		yj_cli_error(CMD, "too many fields in one command");
		return 2;
	}
	if (yj_incident_field_check(key, value, why, sizeof(why)) != 0)
		return bad(opt, given, why);
	ar->fields[ar->nfields].key = key;
	ar->fields[ar->nfields].value = value;
	ar->nfields++;
	return 0;
}

/* opt_set - --set KEY=VALUE */
static int
opt_set(struct args *ar, const char *kv)
{
	const char *eq = strchr(kv, '=');

	if (eq == NULL || eq == kv)
		return bad("set", kv, "expected KEY=VALUE");
	return add_field(ar, yj_arena_memdup(ar->arena, kv, (size_t)(eq - kv)),
	    eq + 1, "set", kv);
}

/* opt_date_field - --preliminary-reported DATE and the like */
static int
opt_date_field(struct args *ar, const char *opt, const char *v)
{
	char why[128];
	size_t i;

	if (*v != '\0' && yj_incident_parse_date(v, ar->now, why,
	    sizeof(why)) != 0)
		return bad(opt, v, why);
	for (i = 0; i < sizeof(date_fields) / sizeof(date_fields[0]); i++)
		if (strcmp(date_fields[i].opt, opt) == 0)
			return add_field(ar, date_fields[i].key, v, opt, v);
	return 2;
}

/* opt_value - options that take a value and describe the incident */
static int
opt_value(struct args *ar, int c, const char *name, const char *v)
{
	struct yj_incident_change *ch = &ar->ch;
	char why[160];
	unsigned cats;

	switch (c) {
	case O_TYPE:
		if (yj_incident_type_parse(v, &ch->type) != 0)
			return bad(name, v, "unknown incident type (see "
			    "'yojin help incident')");
		ch->has_type = true;
		ar->list_type = v;
		return 0;
	case O_KNOWN_AT:
		if (yj_incident_parse_time(v, ar->now, &ch->known_at,
		    &ch->known_tz, why, sizeof(why)) != 0)
			return bad(name, v, why);
		ch->has_known_at = true;
		return 0;
	case O_PEOPLE:
		if (yj_incident_parse_people(v, &ch->people_set, &ch->people,
		    &ch->people_max, why, sizeof(why)) != 0)
			return bad(name, v, why);
		ch->has_people = true;
		return 0;
	case O_CATEGORY:
		if (yj_incident_parse_categories(v, &cats, why,
		    sizeof(why)) != 0)
			return bad(name, v, why);
		ar->cats |= cats;
		ar->has_cats = true;
		return 0;
	case O_ORG:
		if (yj_ppc_org_parse(v, &ch->org) != 0)
			return bad(name, v, "expected private or "
			    "local_government");
		ch->has_org = true;
		return 0;
	}
	return -1;
}

/* opt_flag - the yes/no options */
static bool
opt_flag(struct args *ar, int c)
{
	struct yj_incident_change *ch = &ar->ch;

	switch (c) {
	case O_UNLAWFUL:	ch->unlawful = 1; return true;
	case O_NO_UNLAWFUL:	ch->unlawful = 0; return true;
	case O_ENCRYPTED:	ch->encrypted = 1; return true;
	case O_NO_ENCRYPTED:	ch->encrypted = 0; return true;
	case O_NOT_VIEWED:	ch->not_viewed = 1; return true;
	case O_NO_NOT_VIEWED:	ch->not_viewed = 0; return true;
	case O_FORCE:		ar->force = true; return true;
	case O_ALL:		ar->all = true; return true;
	}
	return false;
}

/* opt_string - options kept as given */
static bool
opt_string(struct args *ar, int c, const char *v)
{
	switch (c) {
	case O_TITLE:		ar->ch.title = v; return true;
	case O_OWNER:		ar->ch.owner = v; return true;
	case O_SEVERITY:	ar->ch.severity = v; return true;
	case O_STATUS:		ar->ch.status = v; return true;
	case O_NOTE:		ar->ch.note = v; return true;
	case O_BY:		ar->by = v; return true;
	case O_RESOLUTION:	ar->resolution = v; return true;
	case O_PHASE:		ar->phase = v; return true;
	case O_DUE:		ar->due = v; return true;
	case O_KIND:		ar->kind = v; return true;
	case 'f':		ar->format = v; return true;
	case 'c':		ar->config = v; return true;
	}
	return false;
}

/* opt_other - --lang, --at, --message */
static int
opt_other(struct args *ar, int c, const char *name, const char *v)
{
	char why[128];
	unsigned long n;
	int tz;

	switch (c) {
	case O_LANG:
		if (strcmp(v, "ja") != 0 && strcmp(v, "en") != 0)
			return bad(name, v, "expected ja or en");
		ar->ja = strcmp(v, "ja") == 0;
		return 0;
	case O_AT:
		if (yj_incident_parse_time(v, ar->now, &ar->at, &tz, why,
		    sizeof(why)) != 0)
			return bad(name, v, why);
		return 0;
	case O_MESSAGE:
		if (yj_parse_uint(v, INT64_MAX, &n) != 0 || n == 0)
			return bad(name, v, "expected a message number");
		ar->message = (int64_t)n;
		return 0;
	case O_FROM_HOLD:
		if (yj_parse_uint(v, INT64_MAX, &n) != 0 || n == 0)
			return bad(name, v, "expected a hold ID (yojin hold "
			    "list)");
		ar->from_hold = (int64_t)n;
		return 0;
	}
	return -1;
}

static const struct option opts[] = {
	{ "type", required_argument, NULL, O_TYPE },
	{ "known-at", required_argument, NULL, O_KNOWN_AT },
	{ "people", required_argument, NULL, O_PEOPLE },
	{ "category", required_argument, NULL, O_CATEGORY },
	{ "unlawful-purpose", no_argument, NULL, O_UNLAWFUL },
	{ "no-unlawful-purpose", no_argument, NULL, O_NO_UNLAWFUL },
	{ "encrypted", no_argument, NULL, O_ENCRYPTED },
	{ "no-encrypted", no_argument, NULL, O_NO_ENCRYPTED },
	{ "not-viewed", no_argument, NULL, O_NOT_VIEWED },
	{ "no-not-viewed", no_argument, NULL, O_NO_NOT_VIEWED },
	{ "org-type", required_argument, NULL, O_ORG },
	{ "title", required_argument, NULL, O_TITLE },
	{ "owner", required_argument, NULL, O_OWNER },
	{ "severity", required_argument, NULL, O_SEVERITY },
	{ "status", required_argument, NULL, O_STATUS },
	{ "set", required_argument, NULL, O_SET },
	{ "note", required_argument, NULL, O_NOTE },
	{ "by", required_argument, NULL, O_BY },
	{ "lang", required_argument, NULL, O_LANG },
	{ "resolution", required_argument, NULL, O_RESOLUTION },
	{ "force", no_argument, NULL, O_FORCE },
	{ "at", required_argument, NULL, O_AT },
	{ "phase", required_argument, NULL, O_PHASE },
	{ "due", required_argument, NULL, O_DUE },
	{ "kind", required_argument, NULL, O_KIND },
	{ "message", required_argument, NULL, O_MESSAGE },
	{ "all", no_argument, NULL, O_ALL },
	{ "from-hold", required_argument, NULL, O_FROM_HOLD },
	{ "overview", required_argument, NULL, O_TEXTFIELD },
	{ "data-items", required_argument, NULL, O_TEXTFIELD },
	{ "cause", required_argument, NULL, O_TEXTFIELD },
	{ "secondary-damage", required_argument, NULL, O_TEXTFIELD },
	{ "individual-response", required_argument, NULL, O_TEXTFIELD },
	{ "publication", required_argument, NULL, O_TEXTFIELD },
	{ "prevention", required_argument, NULL, O_TEXTFIELD },
	{ "other", required_argument, NULL, O_TEXTFIELD },
	{ "preliminary-reported", required_argument, NULL, O_DATEFIELD },
	{ "final-reported", required_argument, NULL, O_DATEFIELD },
	{ "notified", required_argument, NULL, O_DATEFIELD },
	{ "format", required_argument, NULL, 'f' },
	{ "config", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* one_opt - apply one parsed option; 0, 2 (error) or 1 (help) */
static int
one_opt(struct args *ar, int c, int idx)
{
	const char *name = idx >= 0 ? opts[idx].name : "";
	int rc;

	if (c == 'h')
		return 1;
	if (opt_flag(ar, c) || opt_string(ar, c, optarg))
		return 0;
	if (c == O_SET)
		return opt_set(ar, optarg);
	if (c == O_TEXTFIELD)
		return add_field(ar, dashed_key(ar->arena, name), optarg, name,
		    optarg);
	if (c == O_DATEFIELD)
		return opt_date_field(ar, name, optarg);
	if ((rc = opt_value(ar, c, name, optarg)) >= 0 ||
	    (rc = opt_other(ar, c, name, optarg)) >= 0)
		return rc;
	fputs(usage, stderr);
	return 2;
}

/* parse - all options and up to MAX_ARGS operands after the subcommand */
static int
parse(struct args *ar, int argc, char **argv)
{
	int c, idx, rc;

	opterr = 1;
	optind = 1;
	while ((idx = -1, c = getopt_long(argc, argv, "f:c:h", opts,
	    &idx)) != -1) {
		if (c == '?')
			return 2;
		if ((rc = one_opt(ar, c, idx)) != 0)
			return rc;
	}
	for (; optind < argc; optind++) {
		if (ar->npos >= MAX_ARGS) {
			yj_cli_error(CMD, "too many arguments ('%s')",
			    argv[optind]);
			return 2;
		}
		ar->pos[ar->npos++] = argv[optind];
	}
	if (ar->has_cats) {
		ar->ch.has_categories = true;
		ar->ch.categories = ar->cats;
	}
	ar->ch.fields = ar->fields;
	ar->ch.nfields = ar->nfields;
	return 0;
}

/* actor - --by, else the login name */
static const char *
actor(struct args *ar)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	const char *s;

	if (ar->by != NULL && *ar->by != '\0')
		return ar->by;
	if ((s = getenv("SUDO_USER")) != NULL && *s != '\0')
		return s;
	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 &&
	    res != NULL)
		return yj_arena_strdup(ar->arena, pw.pw_name);
	return yj_arena_printf(ar->arena, "uid %lu", (unsigned long)getuid());
}

/* incident_id - operand i as an incident id */
static int
incident_id(const struct args *ar, int i, int64_t *id)
{
	unsigned long n;

	if (i >= ar->npos) {
		yj_cli_error(CMD, "no incident ID given");
		return 2;
	}
	if (yj_parse_uint(ar->pos[i], INT64_MAX, &n) != 0 || n == 0) {
		yj_cli_error(CMD, "bad incident ID '%s': expected a number",
		    ar->pos[i]);
		return 2;
	}
	*id = (int64_t)n;
	return 0;
}

/* want_json - --format json (text or json only) */
static int
want_json(const struct args *ar, bool *json)
{
	*json = false;
	if (ar->format == NULL || strcmp(ar->format, "text") == 0)
		return 0;
	if (strcmp(ar->format, "json") == 0) {
		*json = true;
		return 0;
	}
	return bad("format", ar->format, "expected text or json");
}

/* print_json - one object, indented, and release it */
static void
print_json(json_t *o)
{
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', stdout);
	json_decref(o);
}

/* status_of - exit status for a register error (after its line) */
static int
status_of(struct yj_incident_ctx *ctx, int rc)
{
	yj_cli_error(CMD, "%s", ctx->err[0] != '\0' ? ctx->err :
	    yj_strerror(rc));
	return rc == YJ_ESTATE ? 1 : 2;
}

/* show_one - load and print one incident */
static int
show_one(struct yj_incident_ctx *ctx, struct args *ar, int64_t id, bool json)
{
	struct yj_incident inc;
	int rc;

	if ((rc = yj_incident_load(ctx, id, YJ_INC_LOAD_ALL, &inc)) != 0)
		return status_of(ctx, rc);
	if (json)
		print_json(yj_incident_json(ctx->arena, &inc, ctx->now,
		    YJ_INC_LOAD_ALL));
	else
		yj_incident_print(stdout, ctx->arena, &inc, ctx->now, ar->ja);
	return 0;
}

/* new_from_hold - the incident of a released hold */
static int
new_from_hold(struct yj_incident_ctx *ctx, struct args *ar, bool json)
{
	struct yj_hold_facts h;
	int64_t id;
	int rc;

	rc = yj_hold_facts_load(ar->store, ctx->arena, ar->from_hold, &h);
	if (rc == YJ_ENOENT) {
		yj_cli_error(CMD, "no hold '%" PRId64 "'", ar->from_hold);
		return 2;
	}
	if (rc != 0) {
		yj_cli_error(CMD, "cannot read hold '%" PRId64 "': %s",
		    ar->from_hold, yj_store_errmsg(ar->store));
		return 2;
	}
	if ((rc = yj_incident_from_hold(ctx, &h, &ar->ch, &id)) != 0) {
		yj_cli_error(CMD, "%s", ctx->err);
		return rc == YJ_ESTATE || rc == YJ_EEXIST ? 1 : 2;
	}
	return show_one(ctx, ar, id, json);
}

/* cmd_new - open an incident */
static int
cmd_new(struct yj_incident_ctx *ctx, struct args *ar)
{
	int64_t id;
	bool json;
	int rc;

	if ((rc = want_json(ar, &json)) != 0)
		return rc;
	if (ar->npos == 0 && ar->from_hold != 0)
		return new_from_hold(ctx, ar, json);
	if (!ar->ch.has_type) {
		yj_cli_error(CMD, "new needs --type (misdelivery, "
		    "suspicious_mail, malware, unauthorized_access, "
		    "lost_device, website_tampering or support_scam)");
		return 2;
	}
	if (ar->npos > 0) {
		yj_cli_error(CMD, "new takes no arguments ('%s')", ar->pos[0]);
		return 2;
	}
	if ((rc = yj_incident_create(ctx, &ar->ch, &id)) != 0)
		return status_of(ctx, rc);
	return show_one(ctx, ar, id, json);
}

/* cmd_update - change an incident */
static int
cmd_update(struct yj_incident_ctx *ctx, struct args *ar)
{
	int64_t id;
	bool json;
	int n, rc;

	if ((rc = want_json(ar, &json)) != 0 ||
	    (rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	if ((rc = yj_incident_update(ctx, id, &ar->ch, &n)) != 0)
		return status_of(ctx, rc);
	if (!json)
		printf(ar->ja ? "#%" PRId64 ": %d 件の変更を記録しました\n" :
		    "#%" PRId64 ": %d change%s recorded\n", id, n,
		    ar->ja || n == 1 ? "" : "s");
	return show_one(ctx, ar, id, json);
}

/* cmd_show - one incident */
static int
cmd_show(struct yj_incident_ctx *ctx, struct args *ar)
{
	int64_t id;
	bool json;
	int rc;

	if ((rc = want_json(ar, &json)) != 0 ||
	    (rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	return show_one(ctx, ar, id, json);
}

/* cmd_list - incidents, the most urgent first */
static int
cmd_list(struct yj_incident_ctx *ctx, struct args *ar)
{
	struct yj_incdb_filter f = { 0 };
	struct yj_incident *v;
	json_t *a;
	size_t n, i;
	bool json;
	int rc;

	if ((rc = want_json(ar, &json)) != 0)
		return rc;
	f.status = ar->all ? NULL : ar->ch.status != NULL ? ar->ch.status :
	    "open";
	if (f.status != NULL && !yj_incident_status_valid(f.status))
		return bad("status", f.status, "expected open, in_progress or "
		    "closed");
	f.type = ar->ch.has_type ? ar->list_type : NULL;
	if ((rc = yj_incident_list(ctx, &f, &v, &n)) != 0)
		return status_of(ctx, rc);
	if (!json) {
		yj_incident_print_list(stdout, ctx->arena, v, n, ctx->now,
		    ar->ja);
		return 0;
	}
	a = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(a, yj_incident_json(ctx->arena, &v[i],
		    ctx->now, 0));
	print_json(a);
	return 0;
}

/* cmd_close - close, refusing while the final report is due */
static int
cmd_close(struct yj_incident_ctx *ctx, struct args *ar)
{
	int64_t id;
	bool json;
	int rc;

	if ((rc = want_json(ar, &json)) != 0 ||
	    (rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	if ((rc = yj_incident_close(ctx, id, ar->resolution, ar->force)) != 0)
		return status_of(ctx, rc);
	return show_one(ctx, ar, id, json);
}

/* cmd_reopen - work on a closed incident again */
static int
cmd_reopen(struct yj_incident_ctx *ctx, struct args *ar)
{
	int64_t id;
	bool json;
	int rc;

	if ((rc = want_json(ar, &json)) != 0 ||
	    (rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	if ((rc = yj_incident_reopen(ctx, id, ar->ch.note)) != 0)
		return status_of(ctx, rc);
	return show_one(ctx, ar, id, json);
}

/* cmd_note - a timeline entry */
static int
cmd_note(struct yj_incident_ctx *ctx, struct args *ar)
{
	int64_t id;
	int rc;

	if ((rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	if (ar->npos != 2) {
		yj_cli_error(CMD, "note needs the incident ID and one TEXT "
		    "(quote it)");
		return 2;
	}
	if ((rc = yj_incident_note(ctx, id, ar->at, ar->pos[1])) != 0)
		return status_of(ctx, rc);
	return 0;
}

/* cmd_cost - the estimate */
static int
cmd_cost(struct yj_incident_ctx *ctx, struct args *ar)
{
	const struct yj_conf_cost *m = &ctx->conf->incident.cost;
	struct yj_incident inc;
	struct yj_cost c;
	int64_t id;
	bool json;
	int rc;

	if ((rc = want_json(ar, &json)) != 0 ||
	    (rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	if ((rc = yj_incident_load(ctx, id, 0, &inc)) != 0)
		return status_of(ctx, rc);
	yj_cost_estimate(ctx->arena, m, &inc, &c);
	if (json)
		print_json(yj_cost_json(&c, m));
	else
		yj_cost_text(stdout, &c, ar->ja);
	return 0;
}

/* cmd_block - the incident's strong indicators onto the block list */
static int
cmd_block(struct yj_incident_ctx *ctx, struct args *ar)
{
	struct yj_block_result b;
	json_t *a;
	int64_t id;
	size_t i;
	bool json;
	int rc;

	if ((rc = want_json(ar, &json)) != 0 ||
	    (rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	if ((rc = yj_incident_block(ctx, ar->store, id, &b)) != 0)
		return status_of(ctx, rc);
	if (json) {
		a = json_array();
		for (i = 0; i < b.n; i++)
			json_array_append_new(a, json_pack("{s:s,s:s,s:s}",
			    "kind", b.v[i].kind, "value", b.v[i].value,
			    "status", b.v[i].status));
		print_json(json_pack("{s:I,s:I,s:o}", "incident",
		    (json_int_t)id, "added", (json_int_t)b.added, "entries",
		    a));
		return 0;
	}
	printf(ar->ja ? "#%" PRId64 ": ブロックリストに %zu 件追加しました\n" :
	    "#%" PRId64 ": %zu added to the block list\n", id, b.added);
	for (i = 0; i < b.n; i++)
		printf("  %s %s %s\n", b.v[i].status, b.v[i].kind,
		    b.v[i].value);
	return 0;
}

/* export_eml - a stored message, byte for byte */
static int
export_eml(struct yj_incident_ctx *ctx, struct args *ar, int64_t id)
{
	struct yj_incident inc;
	unsigned char *raw;
	const char *b64;
	int64_t msg;
	size_t n;
	int rc;

	if ((rc = yj_incident_load(ctx, id, YJ_INC_LOAD_MESSAGES, &inc)) != 0)
		return status_of(ctx, rc);
	if (inc.nmsgs == 0) {
		yj_cli_error(CMD, "incident %" PRId64 " has no reported "
		    "message", id);
		return 2;
	}
	msg = ar->message != 0 ? ar->message : inc.msgs[0].id;
	rc = yj_incdb_message_raw(ctx->db, ctx->arena, id, msg, &b64);
	if (rc == YJ_ENOENT) {
		yj_cli_error(CMD, "incident %" PRId64 " has no message '%"
		    PRId64 "'", id, msg);
		return 2;
	}
	if (rc != 0 || yj_base64_decode(ctx->arena, b64, &raw, &n) != 0) {
		yj_cli_error(CMD, "cannot read message '%" PRId64 "': %s", msg,
		    rc != 0 ? yj_db_errmsg(ctx->db) : "damaged");
		return 2;
	}
	return fwrite(raw, 1, n, stdout) == n ? 0 : 2;
}

/* cmd_export - a report draft, or a reported message */
static int
cmd_export(struct yj_incident_ctx *ctx, struct args *ar)
{
	enum yj_export_format f;
	enum yj_export_kind k = YJ_EXPORT_AUTO;
	struct yj_incident inc;
	int64_t id;
	int rc;

	if ((rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	if (ar->format != NULL && strcmp(ar->format, "eml") == 0)
		return export_eml(ctx, ar, id);
	if (ar->format == NULL || yj_export_format_parse(ar->format, &f) != 0)
		return bad("format", ar->format != NULL ? ar->format : "",
		    "expected md, json, html or eml");
	if (ar->kind != NULL && yj_export_kind_parse(ar->kind, &k) != 0)
		return bad("kind", ar->kind, "expected preliminary, final, "
		    "notice or auto");
	if ((rc = yj_incident_load(ctx, id, YJ_INC_LOAD_ALL, &inc)) != 0)
		return status_of(ctx, rc);
	if (yj_incident_export(stdout, ctx->arena, &inc, ctx->conf, f, k,
	    ctx->now, ar->ja) != 0) {
		yj_cli_error(CMD, "cannot write the draft: %s",
		    yj_errno_str(errno, (char[128]){ 0 }, 128));
		return 2;
	}
	return 0;
}

/* task_seq - operand i as a task number */
static int
task_seq(const struct args *ar, int i, int *seq)
{
	unsigned long n;

	if (i >= ar->npos || yj_parse_uint(ar->pos[i], 100000, &n) != 0 ||
	    n == 0) {
		yj_cli_error(CMD, "expected a task number%s%s%s",
		    i < ar->npos ? " ('" : "", i < ar->npos ? ar->pos[i] : "",
		    i < ar->npos ? "')" : "");
		return 2;
	}
	*seq = (int)n;
	return 0;
}

/* task_change - the options that edit a task */
static void
task_change(const struct args *ar, struct yj_incident_task_change *tc,
    const char *status)
{
	memset(tc, 0, sizeof(*tc));
	tc->phase = ar->phase;
	tc->title = ar->ch.title;
	tc->due = ar->due;
	tc->owner = ar->ch.owner;
	tc->note = ar->ch.note;
	tc->status = status;
}

/* task_verb - done|skip|reopen to a status */
static const char *
task_verb(const char *verb)
{
	if (strcmp(verb, "done") == 0)
		return "done";
	if (strcmp(verb, "skip") == 0)
		return "skipped";
	if (strcmp(verb, "reopen") == 0)
		return "open";
	return NULL;
}

/* cmd_task - list, add, edit, done, skip, reopen, remove */
static int
cmd_task(struct yj_incident_ctx *ctx, struct args *ar)
{
	struct yj_incident_task_change tc;
	const char *verb;
	int64_t id;
	int seq = 0;
	int rc;

	if ((rc = incident_id(ar, 0, &id)) != 0)
		return rc;
	verb = ar->npos > 1 ? ar->pos[1] : "list";
	if (strcmp(verb, "list") == 0)
		return show_one(ctx, ar, id, false);
	if (strcmp(verb, "add") == 0) {
		task_change(ar, &tc, NULL);
		rc = yj_incident_task_add(ctx, id, &tc, &seq);
	} else if (strcmp(verb, "edit") == 0 || task_verb(verb) != NULL) {
		if ((rc = task_seq(ar, 2, &seq)) != 0)
			return rc;
		task_change(ar, &tc, task_verb(verb));
		rc = yj_incident_task_edit(ctx, id, seq, &tc);
	} else if (strcmp(verb, "remove") == 0) {
		if ((rc = task_seq(ar, 2, &seq)) != 0)
			return rc;
		rc = yj_incident_task_remove(ctx, id, seq);
	} else {
		yj_cli_error(CMD, "unknown task command '%s' (add, edit, done, "
		    "skip, reopen or remove)", verb);
		return 2;
	}
	if (rc != 0)
		return status_of(ctx, rc);
	printf(ar->ja ? "#%" PRId64 " タスク %d: %s\n" :
	    "#%" PRId64 " task %d: %s\n", id, seq, verb);
	return 0;
}

static const struct {
	const char	*name;
	int		(*fn)(struct yj_incident_ctx *, struct args *);
	bool		 writes;
} subs[] = {
	{ "new", cmd_new, true },
	{ "list", cmd_list, false },
	{ "show", cmd_show, false },
	{ "update", cmd_update, true },
	{ "close", cmd_close, true },
	{ "reopen", cmd_reopen, true },
	{ "note", cmd_note, true },
	{ "task", cmd_task, true },
	{ "cost", cmd_cost, false },
	{ "block", cmd_block, true },
	{ "export", cmd_export, false },
};

/* with_store - open the configuration and store, run the subcommand */
static int
with_store(int (*fn)(struct yj_incident_ctx *, struct args *),
    struct args *ar)
{
	struct yj_incident_ctx ctx;
	struct yj_store_glue glue;
	struct yj_conf *conf;
	int rc;

	if ((conf = yj_cli_load_conf(CMD, ar->config)) == NULL)
		return 2;
	if (yj_store_glue_open(CMD, conf, &glue) != 0) {
		yj_conf_free(conf);
		return 2;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.arena = ar->arena;
	ctx.conf = conf;
	ctx.actor = actor(ar);
	ctx.now = ar->now;
	ar->store = glue.store;
	if (yj_store_db(glue.store, &ctx.db) != 0) {
		yj_cli_error(CMD, "%s", yj_store_errmsg(glue.store));
		rc = 2;
	} else {
		rc = fn(&ctx, ar);
	}
	if (fflush(stdout) != 0 && rc == 0)
		rc = 2;
	yj_store_glue_close(&glue);
	yj_conf_free(conf);
	return rc;
}

/* run - yojin incident SUBCOMMAND ... */
static int
run(int argc, char **argv)
{
	struct args ar;
	size_t i;
	int rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (strcmp(subs[i].name, argv[1]) == 0)
			break;
	if (i == sizeof(subs) / sizeof(subs[0])) {
		yj_cli_error(CMD, "unknown command '%s' (see 'yojin help "
		    "incident')", argv[1]);
		return 2;
	}
	memset(&ar, 0, sizeof(ar));
	ar.arena = yj_arena_new();
	ar.now = yj_time_now();
	ar.ja = yj_cli_japanese();
	yj_incident_change_init(&ar.ch);
	rc = parse(&ar, argc - 1, argv + 1);
	if (rc == 1) {
		fputs(usage, stdout);
		rc = 0;
	} else if (rc == 0) {
		rc = with_store(subs[i].fn, &ar);
	}
	yj_arena_free(ar.arena);
	return rc;
}

YJ_COMMAND_DEFINE(incident,
	.summary = "the incident register: PPC deadlines, tasks, cost, "
	    "report drafts",
	.summary_ja = "インシデント台帳: 個人情報保護委員会への報告期限・"
	    "タスク・被害額・報告書案",
	.usage = usage,
	.run = run);
