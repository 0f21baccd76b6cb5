/*
 * report_mail.c - "yojin report": a user reports a suspicious mail
 *
 * Each message at PATH (a file, an mbox, a maildir, '-') goes through the
 * same engine session as "yojin scan --direction in", so the report
 * carries what the checks found; a message forwarded from inside the
 * organisation with the suspicious mail attached is unwrapped first (the
 * forwarder is the reporter).  Then the register records the report
 * (incident/mailreport.h): a suspicious_mail incident, or the open one
 * that already has this message, with the message, its indicators and
 * the incidents it shares them with.  Exit status: 0 every message
 * reported, 2 a usage or input error (one line each; the other messages
 * are still reported).
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
#include "cli/report.h"
#include "cli/store_glue.h"
#include "engine/engine.h"
#include "incident/block.h"
#include "incident/mailreport.h"
#include "mail/header.h"
#include "mail/source.h"
#include "store/store.h"
#include "util/error.h"
#include "util/time.h"

#define CMD	"report"
#define CHUNK	65536

static const char usage[] =
    "usage: yojin report [options] PATH...\n"
    "\n"
    "Report suspicious mail: open a suspicious_mail incident (or add the\n"
    "report to the open incident that already has the same message),\n"
    "store the message, record its indicators (sender, Reply-To, domains,\n"
    "URLs, attachment names and SHA-256) and link the incidents that share\n"
    "them.  PATH is an .eml file, an mbox, a maildir or '-'.  A message\n"
    "forwarded from inside the organisation with the suspicious mail\n"
    "attached reports the attached mail.\n"
    "\n"
    "  --reporter WHO     who reported it (default: the forwarder, or --by)\n"
    "  --note TEXT        what the reporter said\n"
    "  --new              always open a new incident\n"
    "  --block            put its senders, Reply-To, links and attachment\n"
    "                     hashes on the block list (yojin intel)\n"
    "  -f, --format text|json   text for people, or JSON Lines\n"
    "  --by NAME          who records it (default: login name)\n"
    "  --lang ja|en       language of the text output\n"
    YJ_CLI_COMMON_USAGE;

struct rep {
	struct yj_session		*session;
	struct yj_store			*store;
	bool				 block;
	struct yj_incident_ctx		*ctx;
	const struct yj_conf		*conf;
	struct yj_mailreport_opts	 opts;
	const char			*reporter;
	bool				 json;
	bool				 ja;
	bool				 error;
	long				 reported;
};

/* feed_header - yj_header_split callback into the session */
static int
feed_header(const struct yj_hfield *f, void *arg)
{
	yj_session_header_raw(arg, f->name, f->name_len, f->value,
	    f->value_len);
	return 0;
}

/* scan - one message through the inbound checks */
static const struct yj_result *
scan(struct yj_session *s, const char *data, size_t len)
{
	unsigned flags = 0;
	size_t body, off, n;

	yj_session_mail(s, NULL);
	body = yj_header_split(data, len, feed_header, s, &flags);
	yj_session_eoh(s);
	for (off = body; off < len; off += n) {
		n = len - off < CHUNK ? len - off : CHUNK;
		yj_session_body(s, data + off, n);
	}
	return yj_session_eom(s, YJ_DIR_IN);
}

/* findings_text - the result's findings as compact JSON */
static char *
findings_text(const struct yj_result *r)
{
	json_t *a = yj_report_findings_json(&r->findings);
	char *s = json_dumps(a, JSON_COMPACT);

	json_decref(a);
	return s;
}

/* print_text - what happened, for people */
static void
print_text(const struct rep *rp, const char *name,
    const struct yj_result *r, const struct yj_mailreport_result *res)
{
	bool ja = rp->ja;
	size_t i;

	if (ja)
		printf("%s: インシデント #%" PRId64 " に%s（判定 %s、スコア "
		    "%d）\n", name, res->incident, res->created ?
		    "新規登録しました" : "追加しました",
		    yj_verdict_name(r->verdict), r->score);
	else
		printf("%s: %s incident #%" PRId64 " (verdict %s, score %d)\n",
		    name, res->created ? "opened" : "added to",
		    res->incident, yj_verdict_name(r->verdict), r->score);
	for (i = 0; i < r->findings.nr; i++)
		if (!r->findings.v[i]->ignored)
			printf("  [%s] %s\n", yj_severity_name(
			    r->findings.v[i]->severity), ja ?
			    r->findings.v[i]->ja : r->findings.v[i]->en);
	printf("  %s %zu\n", ja ? "指標:" : "indicators:", res->ninds);
	for (i = 0; i < res->ninds; i++)
		printf("    %s %s\n", res->inds[i].kind, res->inds[i].value);
	for (i = 0; i < res->nlinked; i++)
		printf(ja ? "  同じ指標をもつインシデント: #%" PRId64 "\n" :
		    "  shares indicators with incident #%" PRId64 "\n",
		    res->linked[i]);
}

/* blocked_json - [{kind, value, status}] of a block, or null */
static json_t *
blocked_json(const struct yj_block_result *b)
{
	json_t *a;
	size_t i;

	if (b == NULL)
		return json_null();
	a = json_array();
	for (i = 0; i < b->n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "kind",
		    b->v[i].kind, "value", b->v[i].value, "status",
		    b->v[i].status));
	return a;
}

/* print_blocked - what went on the block list, for people */
static void
print_blocked(const struct yj_block_result *b, bool ja)
{
	size_t i;

	printf(ja ? "  ブロックリストに追加: %zu 件\n" :
	    "  added to the block list: %zu\n", b->added);
	for (i = 0; i < b->n; i++)
		printf("    %s %s %s\n", b->v[i].status, b->v[i].kind,
		    b->v[i].value);
}

/* print_json - one JSON line per message */
static void
print_json(const char *name, const struct yj_result *r,
    const struct yj_mailreport_result *res, const struct yj_block_result *b)
{
	json_t *inds = json_array(), *linked = json_array(), *o;
	size_t i;

	for (i = 0; i < res->ninds; i++)
		json_array_append_new(inds, json_pack("{s:s,s:s}", "kind",
		    res->inds[i].kind, "value", res->inds[i].value));
	for (i = 0; i < res->nlinked; i++)
		json_array_append_new(linked, json_integer(res->linked[i]));
	o = json_pack("{s:s,s:I,s:b,s:b,s:I,s:s,s:i,s:o,s:o,s:o}", "file",
	    name, "incident", (json_int_t)res->incident, "created",
	    res->created, "again", res->again, "message",
	    (json_int_t)res->message, "verdict", yj_verdict_name(r->verdict),
	    "score", r->score, "findings",
	    yj_report_findings_json(&r->findings), "indicators", inds,
	    "linked", linked);
	json_object_set_new(o, "blocked", blocked_json(b));
	json_dumpf(o, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	json_decref(o);
}

/* report_one - scan, unwrap, scan again if needed, record */
static int
report_one(const struct yj_source_msg *m, void *arg)
{
	struct rep *rp = arg;
	struct yj_block_result blocked = { 0 };
	struct yj_mailreport_result res;
	struct yj_mailreport_opts o = rp->opts;
	const struct yj_result *r;
	const unsigned char *raw = (const unsigned char *)m->data;
	const char *fwd = NULL;
	size_t len = m->len;
	char *findings;
	int rc;

	r = scan(rp->session, m->data, m->len);
	if (yj_mailreport_unwrap(r->msg, &rp->conf->org, &raw, &len, &fwd)) {
		/* the next scan frees this message: copy what we keep */
		raw = (const unsigned char *)yj_arena_memdup(rp->ctx->arena,
		    raw, len);
		fwd = yj_arena_strdup(rp->ctx->arena, fwd);
		r = scan(rp->session, (const char *)raw, len);
	}
	o.reporter = rp->reporter != NULL ? rp->reporter : fwd != NULL ? fwd :
	    rp->ctx->actor;
	findings = findings_text(r);
	o.findings = findings;
	rc = yj_mailreport_submit(rp->ctx, (const char *)raw, len, r->msg,
	    &rp->conf->org, &o, &res);
	free(findings);	/* jansson's allocation; checksrc: allow */
	if (rc != 0) {
		yj_cli_error(CMD, "cannot report '%s': %s", m->name,
		    rp->ctx->err);
		rp->error = true;
		return 0;
	}
	rp->reported++;
	if (rp->block && yj_incident_block(rp->ctx, rp->store, res.incident,
	    &blocked) != 0) {
		yj_cli_error(CMD, "'%s' reported as incident %" PRId64 ", but "
		    "%s", m->name, res.incident, rp->ctx->err);
		rp->error = true;
	}
	if (rp->json)
		print_json(m->name, r, &res, rp->block ? &blocked : NULL);
	else
		print_text(rp, m->name, r, &res);
	if (!rp->json && rp->block)
		print_blocked(&blocked, rp->ja);
	fflush(stdout);
	return 0;
}

/* bad_value - one error line about an option; returns 2 */
static int
bad_value(const char *opt, const char *v, const char *want)
{
	yj_cli_error(CMD, "bad --%s '%s' (%s)", opt, v, want);
	return 2;
}

/* on_error - an input problem: one line, remember it */
static void
on_error(const char *line, void *arg)
{
	struct rep *rp = arg;

	rp->error = true;
	yj_cli_error(CMD, "%s", line);
}

/* actor - --by, else the login name */
static const char *
actor(struct yj_arena *a, const char *by)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	const char *s;

	if (by != NULL && *by != '\0')
		return by;
	if ((s = getenv("SUDO_USER")) != NULL && *s != '\0')
		return s;
	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 &&
	    res != NULL)
		return yj_arena_strdup(a, pw.pw_name);
	return yj_arena_printf(a, "uid %lu", (unsigned long)getuid());
}

/* walk - every path, with the engine and the store open */
static int
walk(struct rep *rp, const char *config, const char *by, int argc,
    char **argv)
{
	struct yj_incident_ctx ctx = { 0 };
	struct yj_store_glue glue;
	struct yj_engine *engine;
	struct yj_conf *conf;
	char err[1024];
	int i;

	if ((conf = yj_cli_load_conf(CMD, config)) == NULL)
		return 2;
	if (yj_store_glue_open(CMD, conf, &glue) != 0) {
		yj_conf_free(conf);
		return 2;
	}
	if (yj_engine_new(conf, &glue.kb, NULL, &engine, err,
	    sizeof(err)) != 0) {
		yj_cli_error(CMD, "%s", err);
		yj_store_glue_close(&glue);
		yj_conf_free(conf);
		return 2;
	}
	ctx.arena = yj_arena_new();
	ctx.conf = conf;
	ctx.actor = actor(ctx.arena, by);
	ctx.now = yj_time_now();
	rp->ctx = &ctx;
	rp->conf = conf;
	rp->store = glue.store;
	rp->session = yj_session_new(engine);
	if (yj_store_db(glue.store, &ctx.db) != 0) {
		yj_cli_error(CMD, "%s", yj_store_errmsg(glue.store));
		rp->error = true;
	}
	for (i = 0; i < argc && ctx.db != NULL; i++)
		if (yj_source_walk(argv[i], report_one, on_error, rp) == 0 &&
		    !rp->error) {
			yj_cli_error(CMD, "no mail found in '%s'", argv[i]);
			rp->error = true;
		}
	yj_session_free(rp->session);
	yj_engine_free(engine);
	yj_arena_free(ctx.arena);
	yj_store_glue_close(&glue);
	yj_conf_free(conf);
	return rp->error ? 2 : 0;
}

/* parse - the options into rp; 0, 2 (error, after its line) or 1 (help) */
static int
parse(int argc, char **argv, struct rep *rp, const char **config,
    const char **by)
{
	static const struct option opts[] = {
		{ "reporter", required_argument, NULL, 'r' },
		{ "note", required_argument, NULL, 'n' },
		{ "new", no_argument, NULL, 'N' },
		{ "block", no_argument, NULL, 'B' },
		{ "format", required_argument, NULL, 'f' },
		{ "by", required_argument, NULL, 'b' },
		{ "lang", required_argument, NULL, 'l' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "f:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':	rp->reporter = optarg; break;
		case 'n':	rp->opts.note = optarg; break;
		case 'N':	rp->opts.force_new = true; break;
		case 'B':	rp->block = true; break;
		case 'b':	*by = optarg; break;
		case 'c':	*config = optarg; break;
		case 'h':	return 1;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0)
				return bad_value("format", optarg,
				    "text or json");
			rp->json = strcmp(optarg, "json") == 0;
			break;
		case 'l':
			if (strcmp(optarg, "ja") != 0 &&
			    strcmp(optarg, "en") != 0)
				return bad_value("lang", optarg, "ja or en");
			rp->ja = strcmp(optarg, "ja") == 0;
			break;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	return 0;
}

/* run - yojin report */
static int
run(int argc, char **argv)
{
	struct rep rp = { 0 };
	const char *config = NULL, *by = NULL;
	int rc;

	rp.ja = yj_cli_japanese();
	if ((rc = parse(argc, argv, &rp, &config, &by)) != 0) {
		if (rc == 1)
			fputs(usage, stdout);
		return rc == 1 ? 0 : rc;
	}
	if (optind >= argc) {
		yj_cli_error(CMD, "no PATH given (a file, a directory, or '-' "
		    "for standard input)");
		return 2;
	}
	if (rp.opts.note != NULL && *rp.opts.note == '\0') {
		yj_cli_error(CMD, "bad --note '': it must not be empty");
		return 2;
	}
	return walk(&rp, config, by, argc - optind, argv + optind);
}

YJ_COMMAND_DEFINE(report,
	.summary = "report suspicious mail: an incident with its indicators",
	.summary_ja = "不審メールを報告し、指標つきのインシデントにする",
	.usage = usage,
	.run = run);
