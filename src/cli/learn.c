/*
 * learn.c - "yojin learn": teach yojin the organisation's own sent mail
 *
 * Every message found at the paths (.eml, mbox, maildir, directories;
 * mail/source.h) is parsed and handed to yj_know_learn(), the same
 * function the milter calls for delivered outbound mail, so what a
 * backfill learns and what live mail teaches are the same facts.
 * Messages that are not sent mail (From outside organization.domains)
 * or not mail at all are skipped and counted; one bad file never stops
 * the run.  Exit status: 0 done, 2 a usage, input or store error.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "cli/store_glue.h"
#include "know/know.h"
#include "mail/addr.h"
#include "mail/source.h"
#include "store/store.h"

#define MAX_LISTED	100	/* skipped messages listed in JSON */

struct learn {
	struct yj_store_glue	 glue;
	const struct yj_conf	*conf;
	struct yj_learn_opts	 opts;
	bool			 json;
	bool			 verbose;
	bool			 ja;
	long			 messages;
	long			 counts[4];	/* by enum yj_learn_status */
	bool			 input_error;
	bool			 store_error;
	json_t			*skipped;
};

static const char usage[] =
    "usage: yojin learn [options] PATH...\n"
    "\n"
    "Learn from mail the organisation sent: .eml files, mbox files,\n"
    "maildirs and directories of them.  For each internal sender yojin\n"
    "records whom it writes to, how often and how recently, the display\n"
    "names used for each address, the organisations named in greetings\n"
    "and bodies, and the thread ids.  Learning the same mail twice changes\n"
    "nothing.  Mail whose From is not in organization.domains is skipped.\n"
    "\n"
    "  -s, --sender ADDR   the mailbox owner: used when From is missing or\n"
    "                      several, or when ADDR is in Sender\n"
    "  -n, --dry-run       count what would be learned, write nothing\n"
    "  -f, --format text|json  summary for people, or one JSON object\n"
    "  -v, --verbose       one line per skipped message\n"
    YJ_CLI_COMMON_USAGE
    "\n"
    "Exit status: 0 done (skipped messages are counted, not errors),\n"
    "2 usage, input or store error.\n";

static const char *const status_name[] = {
	[YJ_LEARN_ADDED] = "learned",
	[YJ_LEARN_KNOWN] = "known",
	[YJ_LEARN_NOT_SENT] = "not_sent",
	[YJ_LEARN_BROKEN] = "broken",
};

/* note_skip - remember why a message was not learned */
static void
note_skip(struct learn *l, const char *name, const struct yj_learn_result *r)
{
	if (l->verbose)
		fprintf(stderr, "yojin learn: '%s': skipped: %s\n", name, r->why);
	if (l->json && json_array_size(l->skipped) < MAX_LISTED)
		json_array_append_new(l->skipped, json_pack("{s:s, s:s, s:s}",
		    "file", name, "status", status_name[r->status],
		    "why", r->why));
}

/* on_message - parse and learn one message */
static int
on_message(const struct yj_source_msg *sm, void *arg)
{
	struct yj_parse_opts po = { .no_attachments = true };
	struct learn *l = arg;
	struct yj_learn_result r;
	struct yj_msg *m;
	int rc;

	l->messages++;
	po.authserv_id = l->conf->org.authserv_id;
	m = yj_msg_parse(sm->data, sm->len, &po);
	rc = yj_know_learn(l->glue.store, l->conf, m, &l->opts, &r);
	if (rc != 0) {
		yj_cli_error("learn", "cannot learn '%s': %s", sm->name,
		    yj_store_errmsg(l->glue.store));
		l->store_error = true;
		yj_msg_free(m);
		return 1;	/* a store that fails will fail again */
	}
	l->counts[r.status]++;
	if (r.status == YJ_LEARN_NOT_SENT || r.status == YJ_LEARN_BROKEN)
		note_skip(l, sm->name, &r);
	yj_msg_free(m);
	return 0;
}

/* on_error - an unreadable path */
static void
on_error(const char *line, void *arg)
{
	struct learn *l = arg;

	l->input_error = true;
	yj_cli_error("learn", "%s", line);
}

/* summary - what happened, for people or as JSON */
static void
summary(struct learn *l)
{
	json_t *j;

	if (l->json) {
		j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:b, s:o}",
		    "messages", (json_int_t)l->messages,
		    "learned", (json_int_t)l->counts[YJ_LEARN_ADDED],
		    "known", (json_int_t)l->counts[YJ_LEARN_KNOWN],
		    "not_sent", (json_int_t)l->counts[YJ_LEARN_NOT_SENT],
		    "broken", (json_int_t)l->counts[YJ_LEARN_BROKEN],
		    "dry_run", l->opts.dry_run, "skipped", l->skipped);
		l->skipped = NULL;
		json_dumpf(j, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(j);
		return;
	}
	if (l->ja)
		printf("%ld 通: 学習 %ld、学習済み %ld、社内の送信者でない %ld、"
		    "壊れている %ld%s\n", l->messages,
		    l->counts[YJ_LEARN_ADDED], l->counts[YJ_LEARN_KNOWN],
		    l->counts[YJ_LEARN_NOT_SENT], l->counts[YJ_LEARN_BROKEN],
		    l->opts.dry_run ? " (試行のみ、保存していません)" : "");
	else
		printf("%ld messages: %ld learned, %ld already known, %ld not "
		    "from an internal sender, %ld broken%s\n", l->messages,
		    l->counts[YJ_LEARN_ADDED], l->counts[YJ_LEARN_KNOWN],
		    l->counts[YJ_LEARN_NOT_SENT], l->counts[YJ_LEARN_BROKEN],
		    l->opts.dry_run ? " (dry run: nothing written)" : "");
}

/* walk - every path */
static void
walk(struct learn *l, int argc, char **argv)
{
	long n;
	int i;

	for (i = 0; i < argc && !l->store_error; i++) {
		n = yj_source_walk(argv[i], on_message, on_error, l);
		if (n < 0) {
			l->input_error = true;
		} else if (n == 0 && !l->input_error) {
			yj_cli_error("learn", "no mail found in '%s'", argv[i]);
			l->input_error = true;
		}
	}
}

/* check_setup - learning needs internal domains and a fitting --sender */
static int
check_setup(const struct learn *l)
{
	if (l->conf->org.ndomains == 0) {
		yj_cli_error("learn", "organization.domains is not set in the "
		    "configuration: yojin cannot tell sent mail from received "
		    "mail");
		return -1;
	}
	if (l->opts.sender != NULL && (!yj_addr_is_valid(l->opts.sender) ||
	    !yj_org_is_internal_addr(&l->conf->org, l->opts.sender))) {
		yj_cli_error("learn", "--sender '%s' is not an address in "
		    "organization.domains", l->opts.sender);
		return -1;
	}
	return 0;
}

/* options - parse the command line; -1 on error, 1 for --help */
static int
options(struct learn *l, int argc, char **argv, const char **config)
{
	static const struct option opts[] = {
		{ "sender", required_argument, NULL, 's' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "s:nf:vc:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			l->opts.sender = optarg;
			break;
		case 'n':
			l->opts.dry_run = true;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				yj_cli_error("learn", "bad --format '%s' (text "
				    "or json)", optarg);
				return -1;
			}
			l->json = strcmp(optarg, "json") == 0;
			break;
		case 'v':
			l->verbose = true;
			break;
		case 'c':
			*config = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 1;
		default:
			fputs(usage, stderr);
			return -1;
		}
	}
	return 0;
}

/* run - yojin learn */
static int
run(int argc, char **argv)
{
	struct learn l = { 0 };
	const char *config = NULL;
	struct yj_conf *conf;
	int rc;

	if ((rc = options(&l, argc, argv, &config)) != 0)
		return rc > 0 ? 0 : 2;
	if (optind >= argc) {
		yj_cli_error("learn", "no PATH given (sent mail: a file, a "
		    "maildir, an mbox or a directory)");
		return 2;
	}
	if ((conf = yj_cli_load_conf("learn", config)) == NULL)
		return 2;
	l.conf = conf;
	l.ja = yj_cli_japanese();
	if (check_setup(&l) != 0 ||
	    yj_store_glue_open("learn", conf, &l.glue) != 0) {
		yj_conf_free(conf);
		return 2;
	}
	l.skipped = json_array();
	walk(&l, argc - optind, argv + optind);
	if (!l.store_error)
		summary(&l);
	json_decref(l.skipped);
	yj_store_glue_close(&l.glue);
	yj_conf_free(conf);
	return l.input_error || l.store_error ? 2 : 0;
}

YJ_COMMAND_DEFINE(learn,
	.summary = "learn who the organisation writes to from its sent mail",
	.summary_ja = "送信済みメールから、組織のやり取りの相手を学習する",
	.usage = usage,
	.run = run);
