/*
 * intel.c - "yojin intel": the organisation's block and allow lists
 *
 * add, remove, list, import, check and expire over store/intel.h.  Every
 * value goes through yj_ioc_normalize() first, so that what an
 * administrator types, what a feed lists and what a check looks up are
 * the same string.  Imports read the whole file, report bad rows with
 * their line numbers, and store the good ones in one transaction: a
 * feed is either in or not.  Formats:
 *
 *   jpcert  JPCERT/CC's phishurl-list (github.com/JPCERTCC/phishurl-list):
 *           "date,URL,description"; date as "YYYY/MM/DD HH:MM:SS" in
 *           Japan time, description the imitated brand (kept as note)
 *   csv     a header row naming the columns: value (required), kind,
 *           list, source, note, expires (YYYY-MM-DD)
 *   lines   one value per line; '#' starts a comment
 *
 * auto (the default) picks jpcert or csv by the header row, else lines.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "cli/store_glue.h"
#include "mail/ioc.h"
#include "store/intel.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/csv.h"
#include "util/error.h"
#include "util/log.h"
#include "util/str.h"
#include "util/time.h"

#define CMD		"intel"
#define MAX_FILE	(512UL * 1024 * 1024)
#define MAX_BAD_SHOWN	20

_Static_assert((int)YJ_IOC_ADDRESS == (int)YJ_INTEL_ADDRESS &&
    (int)YJ_IOC_DOMAIN == (int)YJ_INTEL_DOMAIN &&
    (int)YJ_IOC_URL == (int)YJ_INTEL_URL &&
    (int)YJ_IOC_HOST == (int)YJ_INTEL_HOST &&
    (int)YJ_IOC_PREFIX == (int)YJ_INTEL_PREFIX &&
    (int)YJ_IOC_SHA256 == (int)YJ_INTEL_SHA256,
    "mail/ioc.h and store/intel.h number the kinds alike");

static const char usage[] =
    "usage: yojin intel add [--allow] [--kind KIND] [--source S] [--note N]\n"
    "                       [--expires DATE | --days N] VALUE...\n"
    "       yojin intel remove [--allow] [--kind KIND] VALUE...\n"
    "       yojin intel remove --id ID...\n"
    "       yojin intel list [--allow | --block] [--kind KIND] [--source S]\n"
    "                       [--contains TEXT] [--limit N]\n"
    "                       [--format text|json]\n"
    "       yojin intel import [--format auto|jpcert|csv|lines] [--allow]\n"
    "                       [--kind KIND] [--source S] [--replace]\n"
    "                       [--expires DATE | --days N] FILE...\n"
    "       yojin intel check [--format text|json] VALUE...\n"
    "       yojin intel expire\n"
    "\n"
    "The organisation's block list (the default) and allow list.  KIND is\n"
    "address, domain (with its subdomains), url, host, prefix (of URLs)\n"
    "or sha256 (of attachments); without --kind it is guessed from the\n"
    "value.  A blocked sender, link or attachment is a critical finding\n"
    "(check 'intel'); an allowed domain is never reported as a look-alike\n"
    "or a borrowed brand.  'import' reads JPCERT/CC's phishing URL list,\n"
    "a CSV with a header row (value, kind, list, source, note, expires) or\n"
    "one value per line; '-' is standard input.  --replace removes entries\n"
    "of the same source that the file no longer lists.\n"
    "\n"
    "  -a, --allow           the allow list\n"
    "  -b, --block           the block list (list: only it)\n"
    "  -k, --kind KIND       kind of the values\n"
    "  -s, --source S        where the entries come from (default: manual,\n"
    "                        or jpcert for that format)\n"
    "  -n, --note N          a note (brand, reason)\n"
    "  -e, --expires DATE    the entries stop matching at DATE\n"
    "  -d, --days N          ... N days from now\n"
    "  -f, --format F        see above\n"
    "  -r, --replace         import: drop what the source no longer lists\n"
    "  -i, --id              remove: the values are entry ids\n"
    "      --contains TEXT   list: values containing TEXT\n"
    "      --limit N         list: at most N entries\n"
    YJ_CLI_COMMON_USAGE
    "\n"
    "Exit status: 0 done, 1 done but some values or rows were refused or\n"
    "not found (check: some value is blocked), 2 usage or store error.\n";

struct opts {
	const char	*config;
	int		 list;		/* -1: not given */
	int		 kind;		/* -1: guess */
	const char	*source;
	const char	*note;
	const char	*format;
	const char	*contains;
	int64_t		 expires;
	int64_t		 limit;
	bool		 replace;
	bool		 by_id;
	bool		 json;
};

struct ctx {
	struct opts		 o;
	struct yj_conf		*conf;
	struct yj_store		*store;
	struct yj_arena		*arena;
};

/* ---- options ---- */

/* parse_date - "YYYY-MM-DD[...]" to epoch seconds */
static int
parse_date(const char *s, int64_t *t)
{
	int tz;

	return yj_time_parse(s, t, &tz);
}

/* parse_opts - the options of every subcommand; index of the first value */
static int
parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "allow", no_argument, NULL, 'a' },
		{ "block", no_argument, NULL, 'b' },
		{ "kind", required_argument, NULL, 'k' },
		{ "source", required_argument, NULL, 's' },
		{ "note", required_argument, NULL, 'n' },
		{ "expires", required_argument, NULL, 'e' },
		{ "days", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "replace", no_argument, NULL, 'r' },
		{ "id", no_argument, NULL, 'i' },
		{ "contains", required_argument, NULL, 'C' },
		{ "limit", required_argument, NULL, 'L' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum yj_intel_kind k;
	unsigned long v;
	int c;

	memset(o, 0, sizeof(*o));
	o->list = -1;
	o->kind = -1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "abk:s:n:e:d:f:ric:h", lo,
	    NULL)) != -1) {
		switch (c) {
		case 'a':
			o->list = YJ_INTEL_ALLOW;
			break;
		case 'b':
			o->list = YJ_INTEL_BLOCK;
			break;
		case 'k':
			if (yj_intel_kind_parse(optarg, &k) != 0) {
				yj_cli_error(CMD, "unknown kind '%s' (address, "
				    "domain, url, host, prefix, sha256)",
				    optarg);
				return -1;
			}
			o->kind = (int)k;
			break;
		case 's':
			o->source = optarg;
			break;
		case 'n':
			o->note = optarg;
			break;
		case 'e':
			if (parse_date(optarg, &o->expires) != 0) {
				yj_cli_error(CMD, "bad --expires '%s' "
				    "(YYYY-MM-DD)", optarg);
				return -1;
			}
			break;
		case 'd':
			if (yj_parse_uint(optarg, 100000, &v) != 0 || v == 0) {
				yj_cli_error(CMD, "bad --days '%s'", optarg);
				return -1;
			}
			o->expires = yj_time_now() + (int64_t)v * 86400;
			break;
		case 'f':
			o->format = optarg;
			o->json = strcmp(optarg, "json") == 0;
			break;
		case 'r':
			o->replace = true;
			break;
		case 'i':
			o->by_id = true;
			break;
		case 'C':
			o->contains = optarg;
			break;
		case 'L':
			if (yj_parse_uint(optarg, 100000000, &v) != 0) {
				yj_cli_error(CMD, "bad --limit '%s'", optarg);
				return -1;
			}
			o->limit = (int64_t)v;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return -2;
		default:
			fputs(usage, stderr);
			return -1;
		}
	}
	return optind;
}

/* open_ctx - configuration and store */
static int
open_ctx(struct ctx *c)
{
	c->conf = yj_cli_load_conf(CMD, c->o.config);
	if (c->conf == NULL)
		return -1;
	if (yj_store_glue_open_store(CMD, c->conf, &c->store) != 0) {
		yj_conf_free(c->conf);
		return -1;
	}
	c->arena = yj_arena_new();
	return 0;
}

/* close_ctx - release */
static void
close_ctx(struct ctx *c)
{
	yj_arena_free(c->arena);
	yj_store_close(c->store);
	yj_conf_free(c->conf);
}

/* normal - a value in canonical form for kind (guessed when -1) */
static const char *
normal(struct ctx *c, int kind, const char *value, enum yj_intel_kind *out)
{
	enum yj_ioc_kind k = kind >= 0 ? (enum yj_ioc_kind)kind :
	    yj_ioc_guess(value);

	*out = (enum yj_intel_kind)k;
	return yj_ioc_normalize(c->arena, k, value);
}

/* list_of - the list chosen, block by default */
static enum yj_intel_list
list_of(const struct opts *o)
{
	return o->list == YJ_INTEL_ALLOW ? YJ_INTEL_ALLOW : YJ_INTEL_BLOCK;
}

/* ---- add, remove ---- */

/* cmd_add - add values one by one */
static int
cmd_add(struct ctx *c, int argc, char **argv)
{
	struct yj_intel_entry e = { 0 };
	int i, bad = 0;
	bool added;

	for (i = 0; i < argc; i++) {
		e.list = list_of(&c->o);
		e.value = normal(c, c->o.kind, argv[i], &e.kind);
		if (e.value == NULL) {
			yj_cli_error(CMD, "'%s' is not a valid %s", argv[i],
			    yj_intel_kind_name(e.kind));
			bad++;
			continue;
		}
		e.source = c->o.source ? c->o.source : "manual";
		e.note = c->o.note ? c->o.note : "";
		e.expires_at = c->o.expires;
		if (yj_intel_add(c->store, &e, NULL, &added) != 0) {
			yj_cli_error(CMD, "cannot add '%s': %s", e.value,
			    yj_store_errmsg(c->store));
			return 2;
		}
		printf("%s %s %s %s\n", added ? "added" : "updated",
		    yj_intel_list_name(e.list), yj_intel_kind_name(e.kind),
		    e.value);
	}
	return bad ? 1 : 0;
}

/* cmd_remove - by value or by id */
static int
cmd_remove(struct ctx *c, int argc, char **argv)
{
	enum yj_intel_kind k;
	const char *v;
	unsigned long id;
	int i, rc, missing = 0;

	for (i = 0; i < argc; i++) {
		if (c->o.by_id) {
			if (yj_parse_uint(argv[i], (unsigned long)INT64_MAX,
			    &id) != 0) {
				yj_cli_error(CMD, "bad id '%s'", argv[i]);
				missing++;
				continue;
			}
			rc = yj_intel_remove_id(c->store, (int64_t)id);
			v = argv[i];
		} else {
			v = normal(c, c->o.kind, argv[i], &k);
			if (v == NULL) {
				yj_cli_error(CMD, "'%s' is not a valid %s",
				    argv[i], yj_intel_kind_name(k));
				missing++;
				continue;
			}
			rc = yj_intel_remove(c->store, list_of(&c->o), k, v);
		}
		if (rc == YJ_ENOENT) {
			yj_cli_error(CMD, "no entry '%s'", v);
			missing++;
		} else if (rc != 0) {
			yj_cli_error(CMD, "cannot remove '%s': %s", v,
			    yj_store_errmsg(c->store));
			return 2;
		} else
			printf("removed %s\n", v);
	}
	return missing ? 1 : 0;
}

/* ---- list, check ---- */

/* entry_json - one entry as a JSON object */
static json_t *
entry_json(const struct yj_intel_entry *e)
{
	char t[32];
	json_t *j = json_object();

	json_object_set_new(j, "id", json_integer(e->id));
	json_object_set_new(j, "list",
	    json_string(yj_intel_list_name(e->list)));
	json_object_set_new(j, "kind",
	    json_string(yj_intel_kind_name(e->kind)));
	json_object_set_new(j, "value", json_string(e->value));
	json_object_set_new(j, "source", json_string(e->source));
	json_object_set_new(j, "note", json_string(e->note));
	yj_time_format(e->created_at, 0, t);
	json_object_set_new(j, "created_at", json_string(t));
	if (e->expires_at != 0) {
		yj_time_format(e->expires_at, 0, t);
		json_object_set_new(j, "expires_at", json_string(t));
	} else
		json_object_set_new(j, "expires_at", json_null());
	return j;
}

/* print_entry - yj_intel_list callback */
static int
print_entry(const struct yj_intel_entry *e, void *arg)
{
	const struct opts *o = arg;
	char d[16] = "-";
	json_t *j;

	if (o->json) {
		j = entry_json(e);
		json_dumpf(j, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(j);
		return 0;
	}
	if (e->expires_at != 0)
		yj_date_format(e->expires_at, 0, d);
	printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)e->id,
	    yj_intel_list_name(e->list), yj_intel_kind_name(e->kind),
	    e->value, *e->source ? e->source : "-", *e->note ? e->note : "-",
	    d);
	return 0;
}

/* cmd_list - entries matching the filter */
static int
cmd_list(struct ctx *c)
{
	struct yj_intel_filter f = { 0 };
	int rc;

	f.list = c->o.list;
	f.kind = c->o.kind;
	f.source = c->o.source;
	f.contains = c->o.contains;
	f.limit = c->o.limit;
	rc = yj_intel_list(c->store, &f, print_entry, &c->o);
	if (rc != 0) {
		yj_cli_error(CMD, "cannot list: %s", yj_store_errmsg(c->store));
		return 2;
	}
	return 0;
}

/* query_of - the lookup a kind of value needs */
static enum yj_intel_query
query_of(enum yj_intel_kind k)
{
	switch (k) {
	case YJ_INTEL_ADDRESS:	return YJ_INTEL_Q_ADDRESS;
	case YJ_INTEL_SHA256:	return YJ_INTEL_Q_SHA256;
	case YJ_INTEL_DOMAIN:
	case YJ_INTEL_HOST:	return YJ_INTEL_Q_DOMAIN;
	default:		return YJ_INTEL_Q_URL;
	}
}

/* check_one - what a value matches on both lists; true when blocked */
static bool
check_one(struct ctx *c, const char *arg)
{
	struct yj_intel_entry e[2];
	enum yj_intel_kind k;
	const char *v = normal(c, c->o.kind, arg, &k);
	bool hit[2];
	json_t *j;
	int l;

	if (v == NULL) {
		yj_cli_error(CMD, "'%s' is not a valid %s", arg,
		    yj_intel_kind_name(k));
		return false;
	}
	for (l = 0; l < 2; l++)
		hit[l] = yj_intel_match(c->store, (enum yj_intel_list)l,
		    query_of(k), v, yj_time_now(), &e[l]) == 0;
	if (c->o.json) {
		j = json_object();
		json_object_set_new(j, "value", json_string(v));
		json_object_set_new(j, "block", hit[0] ? entry_json(&e[0]) :
		    json_null());
		json_object_set_new(j, "allow", hit[1] ? entry_json(&e[1]) :
		    json_null());
		json_dumpf(j, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(j);
	} else {
		printf("%s\t%s%s%s%s%s\n", v, hit[0] ? "blocked by " : "",
		    hit[0] ? e[0].value : "", hit[0] && hit[1] ? "; " : "",
		    hit[1] ? "allowed by " : "", hit[1] ? e[1].value :
		    (hit[0] ? "" : "not listed"));
	}
	for (l = 0; l < 2; l++)
		if (hit[l])
			yj_intel_entry_release(&e[l]);
	return hit[0];
}

/* cmd_check - look values up */
static int
cmd_check(struct ctx *c, int argc, char **argv)
{
	int i, blocked = 0;

	for (i = 0; i < argc; i++)
		blocked += check_one(c, argv[i]);
	return blocked ? 1 : 0;
}

/* cmd_expire - delete what expired */
static int
cmd_expire(struct ctx *c)
{
	size_t n;

	if (yj_intel_expire(c->store, yj_time_now(), &n) != 0) {
		yj_cli_error(CMD, "cannot expire: %s",
		    yj_store_errmsg(c->store));
		return 2;
	}
	printf("%zu expired entries removed\n", n);
	return 0;
}

/* ---- import ---- */

struct import {
	struct ctx		*c;
	const char		*file;
	struct yj_intel_entry	*v;
	size_t			 n;
	size_t			 alloc;
	size_t			 bad;
};

/* bad_row - report a refused row (the first few) */
static void
bad_row(struct import *im, unsigned line, const char *why, const char *v)
{
	if (im->bad++ < MAX_BAD_SHOWN)
		yj_cli_error(CMD, "'%s' line %u: %s '%s'", im->file, line, why,
		    v);
}

/* push - keep a good entry */
static void
push(struct import *im, const struct yj_intel_entry *e)
{
	if (im->n == im->alloc) {
		im->alloc = im->alloc ? im->alloc * 2 : 1024;
		im->v = yj_xreallocarray(im->v, im->alloc, sizeof(*im->v));
	}
	im->v[im->n++] = *e;
}

/* row - one value (with what the row says) into an entry */
static void
row(struct import *im, unsigned line, const char *value, int kind,
    int list, const char *source, const char *note, int64_t created,
    int64_t expires)
{
	struct ctx *c = im->c;
	struct yj_intel_entry e = { 0 };

	e.value = normal(c, kind, value, &e.kind);
	if (e.value == NULL) {
		bad_row(im, line, "not a valid indicator:", value);
		return;
	}
	e.list = list >= 0 ? (enum yj_intel_list)list : list_of(&c->o);
	e.source = yj_arena_strdup(c->arena, source);
	e.note = yj_arena_strdup(c->arena, note ? note : "");
	e.created_at = created;
	e.expires_at = expires;
	push(im, &e);
}

/* jst_time - "YYYY/MM/DD HH:MM[:SS]" in Japan time to epoch, 0 if odd */
static int64_t
jst_time(const char *s)
{
	int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, n = 0;

	if (sscanf(s, "%d/%d/%d %d:%d:%d%n", &y, &mo, &d, &h, &mi, &se,
	    &n) < 5 || y < 1990 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 60)
		return 0;
	return yj_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 +
	    se - 9 * 3600;
}

/* import_jpcert - date,URL,description */
static void
import_jpcert(struct import *im, struct yj_csv *csv)
{
	const char *src = im->c->o.source ? im->c->o.source : "jpcert";
	int kind = im->c->o.kind >= 0 ? im->c->o.kind : YJ_INTEL_URL;

	while (yj_csv_next(csv)) {
		if (csv->nfields < 2 || *csv->field[1] == '\0') {
			if (csv->nfields > 1 || *csv->field[0] != '\0')
				bad_row(im, csv->line, "no URL in",
				    csv->field[0]);
			continue;
		}
		row(im, csv->line, csv->field[1], kind, -1, src,
		    csv->nfields > 2 ? csv->field[2] : "", jst_time(
		    csv->field[0]), im->c->o.expires);
	}
}

/* column - index of a named column in the header, or -1 */
static int
column(struct ctx *c, const struct yj_csv *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->nfields; i++)
		if (yj_str_ieq(yj_str_trim(c->arena, h->field[i],
		    strlen(h->field[i])), name))
			return (int)i;
	return -1;
}

/* field - column i of the record, or "" */
static const char *
field(const struct yj_csv *r, int i)
{
	return i >= 0 && (size_t)i < r->nfields ? r->field[i] : "";
}

/* csv_row - one record of a yojin CSV */
static void
csv_row(struct import *im, const struct yj_csv *r, const int *col)
{
	const struct opts *o = &im->c->o;
	enum yj_intel_kind k;
	enum yj_intel_list l;
	int kind = o->kind, list = -1;
	int64_t exp = o->expires;

	if (*field(r, col[1]) != '\0') {
		if (yj_intel_kind_parse(field(r, col[1]), &k) != 0) {
			bad_row(im, r->line, "unknown kind", field(r, col[1]));
			return;
		}
		kind = (int)k;
	}
	if (*field(r, col[2]) != '\0') {
		if (yj_intel_list_parse(field(r, col[2]), &l) != 0) {
			bad_row(im, r->line, "unknown list", field(r, col[2]));
			return;
		}
		list = (int)l;
	}
	if (*field(r, col[5]) != '\0' &&
	    parse_date(field(r, col[5]), &exp) != 0) {
		bad_row(im, r->line, "bad expiry date", field(r, col[5]));
		return;
	}
	row(im, r->line, field(r, col[0]), kind, list, *field(r, col[3]) ?
	    field(r, col[3]) : o->source ? o->source : "import",
	    field(r, col[4]), 0, exp);
}

/* import_csv - a header row, then records */
static void
import_csv(struct import *im, struct yj_csv *csv)
{
	static const char *const names[] = { "value", "kind", "list",
		"source", "note", "expires" };
	int col[6];
	size_t i;

	for (i = 0; i < 6; i++)
		col[i] = column(im->c, csv, names[i]);
	while (yj_csv_next(csv)) {
		if (csv->nfields == 1 && *csv->field[0] == '\0')
			continue;
		if (*field(csv, col[0]) == '\0') {
			bad_row(im, csv->line, "no value in", csv->field[0]);
			continue;
		}
		csv_row(im, csv, col);
	}
}

/* import_lines - one value per line */
static void
import_lines(struct import *im, const char *data, size_t n)
{
	const char *p = data, *end = data + n, *e;
	const char *src = im->c->o.source ? im->c->o.source : "import";
	unsigned line = 0;
	char *v;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		line++;
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		v = yj_str_trim(im->c->arena, p, (size_t)(e - p));
		p = e + 1;
		if (*v == '\0' || *v == '#')
			continue;
		row(im, line, v, im->c->o.kind, -1, src, im->c->o.note, 0,
		    im->c->o.expires);
	}
}

/* read_all - a whole file (or standard input), bounded */
static char *
read_all(const char *path, size_t *len)
{
	char chunk[65536], ebuf[128];
	struct yj_buf b;
	FILE *fp;
	size_t n;

	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	if (fp == NULL) {
		yj_cli_error(CMD, "cannot read '%s': %s", path,
		    yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return NULL;
	}
	yj_buf_init(&b, MAX_FILE);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (yj_buf_add(&b, chunk, n) != 0) {
			yj_cli_error(CMD, "'%s' is larger than %lu bytes",
			    path, MAX_FILE);
			n = 0;
			break;
		}
	if (fp != stdin)
		fclose(fp);
	if (n != 0 || b.len > MAX_FILE - sizeof(chunk)) {
		yj_buf_release(&b);
		return NULL;
	}
	return yj_buf_detach(&b, len);
}

/*
 * format_of - the format asked for, or detected from the first line.
 * For jpcert and csv the header row has been read when this returns.
 */
static const char *
format_of(struct ctx *c, struct yj_csv *csv)
{
	const char *f = c->o.format;
	bool have = false;

	if (f == NULL || strcmp(f, "auto") == 0) {
		if (!(have = yj_csv_next(csv)))
			return "lines";
		if (csv->nfields >= 2 && yj_str_ieq(csv->field[0], "date") &&
		    yj_str_ieq(csv->field[1], "url"))
			return "jpcert";
		if (column(c, csv, "value") >= 0)
			return "csv";
		return "lines";
	}
	if ((strcmp(f, "jpcert") == 0 || strcmp(f, "csv") == 0) &&
	    !yj_csv_next(csv))
		return "lines";		/* empty: nothing to read */
	return f;
}

/* import_file - parse one file into im */
static int
import_file(struct import *im, const char *path)
{
	const char *fmt;
	struct yj_csv csv;
	size_t n;
	char *data;

	im->file = path;
	if ((data = read_all(path, &n)) == NULL)
		return -1;
	yj_csv_init(&csv, data, n);
	fmt = format_of(im->c, &csv);
	if (strcmp(fmt, "jpcert") == 0) {
		import_jpcert(im, &csv);
	} else if (strcmp(fmt, "csv") == 0) {
		import_csv(im, &csv);
	} else if (strcmp(fmt, "lines") == 0) {
		import_lines(im, data, n);
	} else {
		yj_cli_error(CMD, "unknown --format '%s' (auto, jpcert, csv, "
		    "lines)", fmt);
		yj_csv_release(&csv);
		yj_free(data);
		return -1;
	}
	yj_csv_release(&csv);
	yj_free(data);
	return 0;
}

/* cmd_import - every file, then one transaction */
static int
cmd_import(struct ctx *c, int argc, char **argv)
{
	struct import im = { .c = c };
	struct yj_intel_import st;
	const char *src;
	int i, rc;

	if (c->o.replace && c->o.source == NULL && c->o.format != NULL &&
	    strcmp(c->o.format, "jpcert") != 0) {
		yj_cli_error(CMD, "--replace needs --source (which entries to "
		    "replace)");
		return 2;
	}
	for (i = 0; i < argc; i++)
		if (import_file(&im, argv[i]) != 0) {
			yj_free(im.v);
			return 2;
		}
	if (im.bad > MAX_BAD_SHOWN)
		yj_cli_error(CMD, "%zu more bad rows not shown",
		    im.bad - MAX_BAD_SHOWN);
	src = c->o.source ? c->o.source : im.n > 0 ? im.v[0].source :
	    "jpcert";
	rc = yj_intel_add_many(c->store, im.v, im.n, c->o.replace ? src :
	    NULL, &st);
	yj_free(im.v);
	if (rc != 0) {
		yj_cli_error(CMD, "cannot import: %s",
		    yj_store_errmsg(c->store));
		return 2;
	}
	printf("%zu added, %zu updated, %zu removed, %zu refused\n",
	    st.added, st.updated, st.removed, im.bad);
	return im.bad ? 1 : 0;
}

/* run - yojin intel SUBCOMMAND */
static int
run(int argc, char **argv)
{
	struct ctx c = { 0 };
	const char *sub;
	int first, rc;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	first = parse_opts(argc - 1, argv + 1, &c.o);
	if (first == -2)
		return 0;
	if (first < 0)
		return 2;
	argc -= first + 1;
	argv += first + 1;
	if (strcmp(sub, "add") != 0 && strcmp(sub, "remove") != 0 &&
	    strcmp(sub, "list") != 0 && strcmp(sub, "import") != 0 &&
	    strcmp(sub, "check") != 0 && strcmp(sub, "expire") != 0) {
		yj_cli_error(CMD, "unknown subcommand '%s' (add, remove, list, "
		    "import, check, expire)", sub);
		return 2;
	}
	if (argc == 0 && strcmp(sub, "list") != 0 &&
	    strcmp(sub, "expire") != 0) {
		yj_cli_error(CMD, "%s: no %s given", sub, strcmp(sub,
		    "import") == 0 ? "FILE" : "VALUE");
		return 2;
	}
	if (c.o.format != NULL && strcmp(sub, "import") != 0 &&
	    strcmp(c.o.format, "json") != 0 &&
	    strcmp(c.o.format, "text") != 0) {
		yj_cli_error(CMD, "bad --format '%s' (text or json)",
		    c.o.format);
		return 2;
	}
	if (open_ctx(&c) != 0)
		return 2;
	if (strcmp(sub, "add") == 0)
		rc = cmd_add(&c, argc, argv);
	else if (strcmp(sub, "remove") == 0)
		rc = cmd_remove(&c, argc, argv);
	else if (strcmp(sub, "list") == 0)
		rc = cmd_list(&c);
	else if (strcmp(sub, "import") == 0)
		rc = cmd_import(&c, argc, argv);
	else if (strcmp(sub, "check") == 0)
		rc = cmd_check(&c, argc, argv);
	else
		rc = cmd_expire(&c);
	close_ctx(&c);
	return rc;
}

YJ_COMMAND_DEFINE(intel,
	.summary = "manage the block and allow lists (addresses, domains, "
	    "URLs, attachment hashes)",
	.summary_ja = "遮断リストと許可リスト (アドレス・ドメイン・URL・添付の"
	    "ハッシュ) を管理する",
	.usage = usage,
	.run = run);
