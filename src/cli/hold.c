/*
 * hold.c - "yojin hold": list, show, release, cancel and approve held
 * mail; "expire" runs the deadline service once
 *
 * A thin front end on hold/: every action goes through the same workflow
 * the milter uses (intent, yojin-postsuper, outcome; hold/hold.h), so a
 * release from here and one from a notice's link cannot both deliver.
 * The administrator is recorded as "cli:<login>" ("cli:<login>(sudo)"
 * when run through sudo).  A message is named by its hold id or by its
 * Postfix queue id on this host.
 *
 * Output: text for people (Japanese with LANG=ja_JP.UTF-8), or with
 * --format json one JSON object per hold (JSON Lines for list) with at
 * least id, queue_id, sender, recipients, subject, findings, state and
 * deadline; "show" adds the audit trail.  This layout is an interface:
 * add fields, never rename.
 *
 * Exit status: 0 done, 2 anything refused or failed (one line on
 * standard error says what and why).
 */
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
#include "cli/sent.h"
#include "cli/store_glue.h"
#include "hold/hold.h"
#include "hold/queueid.h"
#include "store/hold.h"
#include "store/store.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

static const char usage[] =
    "usage: yojin hold list [--state STATE|active|all] [--host HOST]\n"
    "                       [--limit N] [--format text|json]\n"
    "       yojin hold show ID [--format text|json]\n"
    "       yojin hold release ID [--reason TEXT]\n"
    "       yojin hold cancel ID [--reason TEXT]\n"
    "       yojin hold approve ID [--as ADDRESS]\n"
    "       yojin hold expire\n"
    "       yojin hold purge --older-than DURATION\n"
    "\n"
    "Held outbound mail and quarantined inbound mail wait in Postfix's\n"
    "hold queue.  ID is the hold id, or the Postfix queue id on this host.\n"
    "release gives the message back to Postfix for delivery, cancel\n"
    "deletes it, approve releases it as one of its approvers (--as) or\n"
    "for them.  expire sends the notices of new holds, applies deadlines\n"
    "and finishes interrupted actions (the milter does this by itself;\n"
    "run it from cron when the milter is not running).  purge deletes\n"
    "the records of finished holds (released, cancelled, expired,\n"
    "missing) last changed longer ago than DURATION (\"90d\", \"12w\"; at\n"
    "least one day), with their audit trail; held mail is never touched.\n"
    "\n"
    "  -s, --state STATE   held (default), releasing, cancelling, released,\n"
    "                      cancelled, expired_released, expired_deleted,\n"
    "                      missing, active, all\n"
    "  -H, --host HOST     only holds of this MTA host\n"
    "  -n, --limit N       at most N (default 1000, at most 20000)\n"
    "  -f, --format FMT    text or json\n"
    "  -r, --reason TEXT   recorded with the action\n"
    "  -a, --as ADDRESS    the approver you act as\n"
    "  -o, --older-than D  purge: finished longer ago than D\n"
    YJ_CLI_COMMON_USAGE
    "\n"
    "Exit status: 0 done, 2 refused or failed (one line says why).\n";

struct hopts {
	const char	*config;
	const char	*state;
	const char	*host;
	const char	*reason;
	const char	*as;
	unsigned long	 limit;
	long		 older_than;	/* seconds, 0: not given */
	bool		 json;
};

struct hctx {
	struct yj_conf		*conf;
	struct yj_store_glue	 glue;
	struct yj_hold_env	 env;
	char			 host[256];
	char			 actor[300];
	bool			 ja;
};

/* learn_released - a message we released left: learn from it */
static void
learn_released(const struct yj_hold_rec *r, void *arg)
{
	struct hctx *h = arg;

	yj_sent_learn_held(r, h->conf, &h->glue);
}

/* who - "cli:<login>" of the person running this */
static void
who(char *out, size_t outsz)
{
	const char *sudo = getenv("SUDO_USER");
	struct passwd *pw = getpwuid(getuid());

	if (sudo != NULL && *sudo != '\0' && getuid() == 0)
		snprintf(out, outsz, "cli:%s(sudo)", sudo);
	else
		snprintf(out, outsz, "cli:%s", pw ? pw->pw_name : "?");
}

/* iso - a time for output */
static const char *
iso(int64_t t, char buf[32])
{
	if (t <= 0)
		return "";
	yj_time_format(t, 0, buf);
	return buf;
}

/* parsed - a JSON text column as a value (an empty array if broken) */
static json_t *
parsed(const char *text)
{
	json_t *j = json_loads(text ? text : "[]", 0, NULL);

	return j != NULL ? j : json_array();
}

/* jstr - a string that is never NULL */
static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");

	return j ? j : json_string("");
}

/* rec_json - one hold as JSON */
static json_t *
rec_json(const struct yj_hold_rec *r)
{
	char b1[32], b2[32], b3[32];
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "host", jstr(r->host));
	json_object_set_new(o, "queue_id", jstr(r->queue_id));
	json_object_set_new(o, "kind", jstr(r->kind));
	json_object_set_new(o, "mode", jstr(r->mode));
	json_object_set_new(o, "direction", jstr(r->direction));
	json_object_set_new(o, "state", jstr(r->state));
	json_object_set_new(o, "sender", jstr(r->sender));
	json_object_set_new(o, "recipients", parsed(r->recipients));
	json_object_set_new(o, "subject", jstr(r->subject));
	json_object_set_new(o, "message_id", jstr(r->message_id));
	json_object_set_new(o, "verdict", jstr(r->verdict));
	json_object_set_new(o, "score", json_integer(r->score));
	json_object_set_new(o, "findings", parsed(r->findings));
	json_object_set_new(o, "approvers", parsed(r->approvers));
	json_object_set_new(o, "size", json_integer(r->size));
	json_object_set_new(o, "created_at", jstr(iso(r->created_at, b1)));
	json_object_set_new(o, "deadline", jstr(iso(r->deadline, b2)));
	json_object_set_new(o, "deadline_action", jstr(r->deadline_action));
	json_object_set_new(o, "updated_at", jstr(iso(r->updated_at, b3)));
	return o;
}

/* put_json - one object on one line */
static void
put_json(json_t *o)
{
	json_dumpf(o, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	json_decref(o);
}

/* first_rcpt - "a@b (+2)" */
static void
first_rcpt(const char *json, char *out, size_t outsz)
{
	json_t *a = parsed(json);
	size_t n = json_array_size(a);

	snprintf(out, outsz, "%s", n ? json_string_value(json_array_get(a,
	    0)) : "-");
	if (n > 1)
		snprintf(out + strlen(out), outsz - strlen(out), " (+%zu)",
		    n - 1);
	json_decref(a);
}

/* list_line - one hold in the text list */
static void
list_line(const struct yj_hold_rec *r)
{
	char rc[300], dl[32];

	first_rcpt(r->recipients, rc, sizeof(rc));
	printf("%-6" PRId64 " %-16s %-10s %-16s %-18s %s -> %s  %s\n", r->id,
	    r->state, r->kind, iso(r->deadline, dl), r->queue_id,
	    *r->sender ? r->sender : "<>", rc, r->subject);
}

/* cmd_list - yojin hold list */
static int
cmd_list(struct hctx *h, const struct hopts *o)
{
	struct yj_hold_filter f = { 0 };
	struct yj_hold_list l;
	size_t i;

	f.state = o->state == NULL ? "held" : strcmp(o->state, "all") == 0 ?
	    NULL : o->state;
	f.host = o->host;
	f.limit = o->limit;
	if (yj_hold_store_list(h->glue.store, &f, &l) != 0) {
		yj_cli_error("hold", "cannot list holds: %s",
		    yj_store_errmsg(h->glue.store));
		return 2;
	}
	if (!o->json && l.nr > 0)
		printf("%-6s %-16s %-10s %-16s %-18s %s\n", "ID", "STATE",
		    "KIND", "DEADLINE", "QUEUE_ID", "FROM -> TO  SUBJECT");
	for (i = 0; i < l.nr; i++) {
		if (o->json)
			put_json(rec_json(l.v[i]));
		else
			list_line(l.v[i]);
	}
	yj_hold_list_free(&l);
	return 0;
}

/* lookup - ID as a hold id or as a queue id on this host */
static int
lookup(struct hctx *h, const char *arg, struct yj_hold_rec **r)
{
	unsigned long id;
	bool by_id;
	int rc;

	by_id = yj_parse_uint(arg, (unsigned long)INT64_MAX, &id) == 0 &&
	    id > 0;
	if (by_id)
		rc = yj_hold_store_get(h->glue.store, (int64_t)id, r);
	else if (yj_queue_id_valid(arg))
		rc = yj_hold_store_find(h->glue.store, h->env.host, arg, r);
	else {
		yj_cli_error("hold", "'%s' is neither a hold id nor a Postfix "
		    "queue id", arg);
		return 2;
	}
	if (rc == YJ_ENOENT && by_id)
		yj_cli_error("hold", "no held message with id %lu", id);
	else if (rc == YJ_ENOENT)
		yj_cli_error("hold", "no held message with queue id '%s' on "
		    "host '%s'", arg, h->env.host);
	else if (rc != 0)
		yj_cli_error("hold", "cannot read hold '%s': %s", arg,
		    yj_store_errmsg(h->glue.store));
	return rc == 0 ? 0 : 2;
}

/* show_findings - the reasons, in one language */
static void
show_findings(const char *json, bool ja)
{
	json_t *a = parsed(json), *f;
	size_t i;

	for (i = 0; i < json_array_size(a); i++) {
		f = json_array_get(a, i);
		printf("  [%s] %s\n      %s\n",
		    json_string_value(json_object_get(f, "severity")),
		    json_string_value(json_object_get(f, "id")),
		    json_string_value(json_object_get(json_object_get(f,
		    "explanation"), ja ? "ja" : "en")));
	}
	json_decref(a);
}

/* show_text - one hold for people */
static void
show_text(const struct yj_hold_rec *r, const struct yj_hold_audit *a,
    size_t n, bool ja)
{
	char b1[32], b2[32], rc[300];
	size_t i;

	first_rcpt(r->recipients, rc, sizeof(rc));
	printf("%s %" PRId64 ": %s (%s, %s)\n", ja ? "保留" : "hold", r->id,
	    r->state, r->kind, r->mode);
	printf("  %-9s %s %s\n  %-9s %s\n  %-9s %s\n  %-9s %s\n",
	    ja ? "キュー:" : "queue:", r->host, r->queue_id,
	    ja ? "差出人:" : "from:", *r->sender ? r->sender : "<>",
	    ja ? "宛先:" : "to:", rc, ja ? "件名:" : "subject:", r->subject);
	printf("  %-9s %s %d\n  %-9s %s\n  %-9s %s (%s)\n",
	    ja ? "判定:" : "verdict:", r->verdict, r->score,
	    ja ? "保留日時:" : "held:", iso(r->created_at, b1),
	    ja ? "期限:" : "deadline:", iso(r->deadline, b2),
	    r->deadline_action);
	if (strcmp(r->approvers, "[]") != 0)
		printf("  %-9s %s\n", ja ? "承認者:" : "approvers:",
		    r->approvers);
	show_findings(r->findings, ja);
	printf("%s\n", ja ? "記録:" : "history:");
	for (i = 0; i < n; i++)
		printf("  %s  %-14s %s%s%s\n", iso(a[i].at, b1), a[i].action,
		    a[i].actor, *a[i].detail ? ": " : "", a[i].detail);
}

/* audit_json - the trail as a JSON array */
static json_t *
audit_json(const struct yj_hold_audit *a, size_t n)
{
	json_t *arr = json_array();
	char b[32];
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:o,s:o,s:o,s:o}",
		    "at", jstr(iso(a[i].at, b)), "actor", jstr(a[i].actor),
		    "action", jstr(a[i].action), "detail", jstr(a[i].detail)));
	return arr;
}

/* cmd_show - yojin hold show */
static int
cmd_show(struct hctx *h, const struct hopts *o, const char *arg)
{
	struct yj_hold_audit *a;
	struct yj_hold_rec *r;
	json_t *j;
	size_t n;
	int rc;

	if ((rc = lookup(h, arg, &r)) != 0)
		return rc;
	if (yj_hold_store_audit_list(h->glue.store, r->id, &a, &n) != 0) {
		yj_cli_error("hold", "cannot read hold '%s': %s", arg,
		    yj_store_errmsg(h->glue.store));
		yj_hold_rec_free(r);
		return 2;
	}
	if (o->json) {
		j = rec_json(r);
		json_object_set_new(j, "audit", audit_json(a, n));
		put_json(j);
	} else {
		show_text(r, a, n, h->ja);
	}
	yj_hold_audit_free(a, n);
	yj_hold_rec_free(r);
	return 0;
}

/* cmd_act - release, cancel, approve */
static int
cmd_act(struct hctx *h, const struct hopts *o, const char *verb,
    const char *arg)
{
	struct yj_hold_rec *r;
	char err[1024];
	int64_t id;
	int rc;

	if ((rc = lookup(h, arg, &r)) != 0)
		return rc;
	id = r->id;
	yj_hold_rec_free(r);
	if (strcmp(verb, "release") == 0)
		rc = yj_hold_release(&h->env, id, o->reason, err, sizeof(err));
	else if (strcmp(verb, "cancel") == 0)
		rc = yj_hold_cancel(&h->env, id, o->reason, err, sizeof(err));
	else
		rc = yj_hold_approve(&h->env, id, o->as, err, sizeof(err));
	if (rc != 0) {
		yj_cli_error("hold", "%s", err);
		return 2;
	}
	printf(h->ja ? "保留 %" PRId64 ": %s しました\n" :
	    "hold %" PRId64 ": %s done\n", id, verb);
	return 0;
}

/* cmd_expire - one service round */
static int
cmd_expire(struct hctx *h)
{
	struct yj_hold_stats st;
	int rc;

	rc = yj_hold_service(&h->env, &st);
	printf("notices %u, deadlines %u, resumed %u, errors %u\n",
	    st.notices, st.expired, st.resumed, st.errors);
	if (rc != 0)
		yj_cli_error("hold", "the service round had %u errors (see the "
		    "lines above)", st.errors);
	return rc != 0 ? 2 : 0;
}

/* cmd_purge - forget finished holds older than --older-than */
static int
cmd_purge(struct hctx *h, const struct hopts *o)
{
	int64_t n;

	if (yj_hold_store_purge(h->glue.store, yj_time_now() - o->older_than,
	    &n) != 0) {
		yj_cli_error("hold", "cannot purge: %s",
		    yj_store_errmsg(h->glue.store));
		return 2;
	}
	printf(h->ja ? "終了した保留 %" PRId64 " 件の記録を削除しました\n" :
	    "%" PRId64 " finished hold record%s deleted\n", n,
	    h->ja || n == 1 ? "" : "s");
	return 0;
}

/* parse_opts - the options after the subcommand */
static int
parse_opts(int argc, char **argv, struct hopts *o)
{
	static const struct option lo[] = {
		{ "state", required_argument, NULL, 's' },
		{ "host", required_argument, NULL, 'H' },
		{ "limit", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "reason", required_argument, NULL, 'r' },
		{ "as", required_argument, NULL, 'a' },
		{ "older-than", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:H:n:f:r:a:o:c:h", lo, NULL)) !=
	    -1) {
		switch (c) {
		case 's': o->state = optarg; break;
		case 'H': o->host = optarg; break;
		case 'r': o->reason = optarg; break;
		case 'a': o->as = optarg; break;
		case 'c': o->config = optarg; break;
		case 'o':
			if (yj_conf_duration(optarg, &o->older_than) != 0 ||
			    o->older_than < 86400) {
				yj_cli_error("hold", "bad --older-than '%s' "
				    "(a duration of at least one day: 90d, "
				    "12w)", optarg);
				return 2;
			}
			break;
		case 'n':
			if (yj_parse_uint(optarg, 20000, &o->limit) != 0) {
				yj_cli_error("hold", "bad --limit '%s'",
				    optarg);
				return 2;
			}
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				yj_cli_error("hold", "bad --format '%s' (text "
				    "or json)", optarg);
				return 2;
			}
			o->json = strcmp(optarg, "json") == 0;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	return -1;
}

/* want_args - the subcommand's argument count */
static int
want_args(const char *verb, int n)
{
	int want = strcmp(verb, "list") == 0 || strcmp(verb, "expire") == 0 ||
	    strcmp(verb, "purge") == 0 ? 0 : 1;

	if (n == want)
		return 0;
	if (want == 1 && n == 0)
		yj_cli_error("hold", "'%s' needs an ID (see 'yojin hold list')",
		    verb);
	else
		yj_cli_error("hold", "too many arguments for '%s'", verb);
	return 2;
}

/* dispatch - one subcommand with the store open */
static int
dispatch(struct hctx *h, const struct hopts *o, const char *verb, char **args)
{
	if (strcmp(verb, "list") == 0)
		return cmd_list(h, o);
	if (strcmp(verb, "show") == 0)
		return cmd_show(h, o, args[0]);
	if (strcmp(verb, "expire") == 0)
		return cmd_expire(h);
	if (strcmp(verb, "purge") == 0)
		return cmd_purge(h, o);
	return cmd_act(h, o, verb, args[0]);
}

/* known_verb - one of the subcommands */
static bool
known_verb(const char *v)
{
	static const char *const verbs[] = { "list", "show", "release",
		"cancel", "approve", "expire", "purge", NULL };
	size_t i;

	for (i = 0; verbs[i] != NULL; i++)
		if (strcmp(v, verbs[i]) == 0)
			return true;
	return false;
}

/* run - yojin hold */
static int
run(int argc, char **argv)
{
	struct hopts o = { 0 };
	struct hctx h;
	const char *verb;
	int rc;

	if ((rc = parse_opts(argc, argv, &o)) >= 0)
		return rc;
	if (optind >= argc) {
		yj_cli_error("hold", "no subcommand (list, show, release, "
		    "cancel, approve, expire, purge)");
		return 2;
	}
	verb = argv[optind++];
	if (!known_verb(verb)) {
		yj_cli_error("hold", "unknown subcommand '%s' (list, show, "
		    "release, cancel, approve, expire, purge)", verb);
		return 2;
	}
	if ((strcmp(verb, "purge") == 0) != (o.older_than > 0)) {
		yj_cli_error("hold", strcmp(verb, "purge") == 0 ?
		    "purge needs --older-than DURATION" :
		    "--older-than is only for purge");
		return 2;
	}
	if ((rc = want_args(verb, argc - optind)) != 0)
		return rc;
	memset(&h, 0, sizeof(h));
	if ((h.conf = yj_cli_load_conf("hold", o.config)) == NULL)
		return 2;
	if (yj_store_glue_open("hold", h.conf, &h.glue) != 0) {
		yj_conf_free(h.conf);
		return 2;
	}
	h.ja = yj_cli_japanese();
	who(h.actor, sizeof(h.actor));
	h.env.store = h.glue.store;
	h.env.conf = h.conf;
	h.env.host = yj_hold_host(h.conf, h.host, sizeof(h.host));
	h.env.actor = strcmp(verb, "expire") == 0 ? "cli:expire" : h.actor;
	h.env.released = learn_released;
	h.env.arg = &h;
	rc = dispatch(&h, &o, verb, argv + optind);
	yj_store_glue_close(&h.glue);
	yj_conf_free(h.conf);
	return rc;
}

YJ_COMMAND_DEFINE(hold,
	.summary = "list, release, cancel, approve and purge held mail",
	.summary_ja = "保留中のメールを一覧・送信・取り消し・承認する",
	.usage = usage,
	.run = run);
