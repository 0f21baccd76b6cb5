/*
 * scan.c - "yojin scan": scan mail files with no MTA
 *
 * Each message is fed to an engine session exactly as the milter feeds
 * live mail (header fields one by one, end of header, body in 64 KiB
 * chunks, end of message), so what scan reports is what the milter
 * decides.  Exit status: 0 every message accepted, 1 some message got
 * another verdict, 2 a usage or input error (which wins).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "cli/report.h"
#include "cli/store_glue.h"
#include "engine/engine.h"
#include "mail/header.h"
#include "mail/source.h"

#define CHUNK	65536

enum format { FMT_TEXT, FMT_JSON, FMT_EXPECT };

struct scan {
	struct yj_session	*session;
	enum yj_direction	 dir;
	enum format		 format;
	bool			 ja;
	long			 messages;
	bool			 flagged;	/* some verdict not accept */
	bool			 input_error;
};

static const char usage[] =
    "usage: yojin scan [options] PATH...\n"
    "\n"
    "Scan .eml files, mbox files, maildirs, directories of them, or '-'\n"
    "(standard input) and print each message's verdict and findings.\n"
    "\n"
    "  -d, --direction in|out|auto  direction (auto: outbound when the\n"
    "                      From domain is one of organization.domains)\n"
    "  -f, --format text|json       text for people (LANG=ja_JP.UTF-8 for\n"
    "                      Japanese), or JSON Lines, one object a message\n"
    "  -o, --only CHECK,...         run only these checks\n"
    YJ_CLI_COMMON_USAGE
    "\n"
    "Exit status: 0 all accepted, 1 some message tagged, held,\n"
    "quarantined or rejected, 2 usage or input error.\n";

/* feed_header - yj_header_split callback into the session */
static int
feed_header(const struct yj_hfield *f, void *arg)
{
	yj_session_header_raw(arg, f->name, f->name_len, f->value,
	    f->value_len);
	return 0;
}

/* feed - one message through the session phases */
static const struct yj_result *
feed(struct scan *sc, const struct yj_source_msg *m)
{
	unsigned flags = 0;
	size_t body, off, n;

	yj_session_mail(sc->session, NULL);
	body = yj_header_split(m->data, m->len, feed_header, sc->session,
	    &flags);
	yj_session_eoh(sc->session);
	for (off = body; off < m->len; off += n) {
		n = m->len - off < CHUNK ? m->len - off : CHUNK;
		yj_session_body(sc->session, m->data + off, n);
	}
	return yj_session_eom(sc->session, sc->dir);
}

/* on_message - scan one message and print its result */
static int
on_message(const struct yj_source_msg *m, void *arg)
{
	struct scan *sc = arg;
	const struct yj_result *r;
	json_t *j;

	r = feed(sc, m);
	sc->messages++;
	if (r->verdict != YJ_VERDICT_ACCEPT)
		sc->flagged = true;
	switch (sc->format) {
	case FMT_JSON:
		j = yj_report_json(m->name, r);
		json_dumpf(j, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(j);
		break;
	case FMT_EXPECT:
		yj_report_expect(stdout, r);
		break;
	case FMT_TEXT:
		yj_report_text(stdout, m->name, r, sc->ja);
		break;
	}
	fflush(stdout);
	return 0;
}

/* on_error - an input problem: one line, remember it */
static void
on_error(const char *line, void *arg)
{
	struct scan *sc = arg;

	sc->input_error = true;
	yj_cli_error("scan", "%s", line);
}

/* parse_direction - in|out|auto */
static int
parse_direction(const char *s, enum yj_direction *d)
{
	if (strcmp(s, "in") == 0)
		*d = YJ_DIR_IN;
	else if (strcmp(s, "out") == 0)
		*d = YJ_DIR_OUT;
	else if (strcmp(s, "auto") == 0)
		*d = YJ_DIR_AUTO;
	else
		return -1;
	return 0;
}

/* parse_format - text|json|expect */
static int
parse_format(const char *s, enum format *f)
{
	if (strcmp(s, "text") == 0)
		*f = FMT_TEXT;
	else if (strcmp(s, "json") == 0)
		*f = FMT_JSON;
	else if (strcmp(s, "expect") == 0)
		*f = FMT_EXPECT;
	else
		return -1;
	return 0;
}

/* scan_paths - every path given */
static void
scan_paths(struct scan *sc, int argc, char **argv)
{
	long n;
	int i;

	for (i = 0; i < argc; i++) {
		n = yj_source_walk(argv[i], on_message, on_error, sc);
		if (n < 0) {
			sc->input_error = true;
		} else if (n == 0 && !sc->input_error) {
			yj_cli_error("scan", "no mail found in '%s'", argv[i]);
			sc->input_error = true;
		}
	}
}

struct options {
	const char	*config;
	const char	*only;
};

/* parse_options - getopt; 0 to go on, or the exit status to return */
static int
parse_options(int argc, char **argv, struct scan *sc, struct options *o)
{
	static const struct option opts[] = {
		{ "direction", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "only", required_argument, NULL, 'o' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "d:f:o:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (parse_direction(optarg, &sc->dir) != 0) {
				yj_cli_error("scan", "bad --direction '%s' "
				    "(in, out or auto)", optarg);
				return 2;
			}
			break;
		case 'f':
			if (parse_format(optarg, &sc->format) != 0) {
				yj_cli_error("scan", "bad --format '%s' "
				    "(text or json)", optarg);
				return 2;
			}
			break;
		case 'o':
			o->only = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		yj_cli_error("scan", "no PATH given (a file, a directory, or "
		    "'-' for standard input)");
		return 2;
	}
	return -1;
}

/* run - yojin scan */
static int
run(int argc, char **argv)
{
	struct scan sc = { .dir = YJ_DIR_AUTO, .format = FMT_TEXT };
	struct options o = { NULL, NULL };
	struct yj_store_glue glue;
	struct yj_engine *engine;
	struct yj_conf *conf;
	char err[1024];
	int rc;

	if ((rc = parse_options(argc, argv, &sc, &o)) >= 0)
		return rc;
	conf = yj_cli_load_conf("scan", o.config);
	if (conf == NULL)
		return 2;
	if (yj_store_glue_open("scan", conf, &glue) != 0) {
		yj_conf_free(conf);
		return 2;
	}
	if (yj_engine_new(conf, &glue.kb, o.only, &engine, err,
	    sizeof(err)) != 0) {
		yj_cli_error("scan", "%s", err);
		yj_store_glue_close(&glue);
		yj_conf_free(conf);
		return 2;
	}
	sc.ja = yj_cli_japanese();
	sc.session = yj_session_new(engine);
	scan_paths(&sc, argc - optind, argv + optind);
	yj_session_free(sc.session);
	yj_engine_free(engine);
	yj_store_glue_close(&glue);
	yj_conf_free(conf);
	return sc.input_error ? 2 : sc.flagged ? 1 : 0;
}

YJ_COMMAND_DEFINE(scan,
	.summary = "scan mail files and print verdicts and findings",
	.summary_ja = "メールファイルを検査し、判定と検出内容を表示する",
	.usage = usage,
	.run = run);
