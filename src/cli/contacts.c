/*
 * contacts.c - "yojin contacts import|list|show|remove": the address book
 *
 * import reads CSV (ours, Outlook, Thunderbird, Google) and vCard files in
 * UTF-8, UTF-16 or CP932 (src/know/contacts.c); each file is one
 * transaction, bad rows are reported with their line on standard error
 * and the rest is imported.  show answers "what does the organisation
 * know about this address" from the address book and the learned sent
 * mail together.  remove takes all its addresses in one transaction, or
 * none when one of them is unknown.
 *
 * Exit status: 0 done; 1 import done but some rows were bad; 2 usage,
 * input or store error (nothing of that file was written).
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
#include "know/know.h"
#include "store/contacts.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/str.h"
#include "util/time.h"

#define MAX_FILE	(64UL * 1024 * 1024)
#define DEFAULT_LIMIT	1000

static const char usage[] =
    "usage: yojin contacts import [options] FILE...\n"
    "       yojin contacts list [--match TEXT] [--limit N] [--offset N]\n"
    "       yojin contacts show ADDRESS...\n"
    "       yojin contacts remove ADDRESS...\n"
    "\n"
    "The organisation's address book.  import reads CSV with a header row\n"
    "(name, email, organization, and optionally reading (kana) and\n"
    "department), Outlook, Thunderbird and Google CSV exports in Japanese\n"
    "or English, and vCard 2.1/3.0/4.0, in UTF-8 (with or without BOM),\n"
    "UTF-16 or CP932 (Shift_JIS).  Importing again updates contacts\n"
    "instead of duplicating them.  show tells what is known about an\n"
    "address: the address book and the mail sent to it.\n"
    "\n"
    "  -t, --type auto|csv|vcard   what the import files are (default auto)\n"
    "  -n, --dry-run       import: check the files, write nothing\n"
    "  -v, --verbose       import: also list rows skipped for having no\n"
    "                      address\n"
    "  -m, --match TEXT    list: only contacts whose address, name,\n"
    "                      reading or organisation contains TEXT\n"
    "  -l, --limit N       list: at most N contacts (default 1000)\n"
    "  -o, --offset N      list: skip the first N\n"
    "  -f, --format text|json  output for people or JSON (one object a line)\n"
    YJ_CLI_COMMON_USAGE
    "\n"
    "Exit status: 0 done, 1 imported but some rows were bad (listed on\n"
    "standard error with their line), 2 usage, input or store error.\n";

struct cmd {
	enum yj_contacts_format	 type;
	bool			 dry_run;
	bool			 verbose;
	bool			 json;
	bool			 ja;
	const char		*match;
	unsigned long		 limit;
	unsigned long		 offset;
	const char		*config;
	struct yj_conf		*conf;
	struct yj_store_glue	 glue;
};

/* ---- import --------------------------------------------------------------- */

/* read_all - a whole file, bounded; 0 or -1 after an error line */
static int
read_all(const char *path, struct yj_buf *b)
{
	char chunk[65536], ebuf[128];
	FILE *fp;
	size_t n;
	int rc = 0;

	yj_buf_init(b, MAX_FILE);
	fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rbe");
	if (fp == NULL) {
		yj_cli_error("contacts", "cannot open '%s': %s", path,
		    yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return -1;
	}
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		if (yj_buf_add(b, chunk, n) != 0) {
			yj_cli_error("contacts", "'%s' is larger than %lu MB",
			    path, MAX_FILE >> 20);
			rc = -1;
		}
	if (rc == 0 && ferror(fp)) {
		yj_cli_error("contacts", "cannot read '%s': %s", path,
		    yj_errno_str(errno, ebuf, sizeof(ebuf)));
		rc = -1;
	}
	if (fp != stdin)
		fclose(fp);
	if (rc == 0 && b->len == 0) {
		yj_cli_error("contacts", "'%s' is empty", path);
		rc = -1;
	}
	return rc;
}

/* print_problems - bad rows on standard error, one line each */
static void
print_problems(const struct cmd *c, const char *path,
    const struct yj_contacts_report *r)
{
	char q[YJ_QUOTE_MAX];
	size_t i;

	for (i = 0; i < r->nproblems; i++) {
		if (r->problems[i].skipped_only && !c->verbose)
			continue;
		fprintf(stderr, "yojin contacts: '%s' line %zu: %s%s\n", path,
		    r->problems[i].line, r->problems[i].skipped_only ?
		    "skipped: " : "", yj_quote(r->problems[i].what, q,
		    sizeof(q)));
	}
}

/* import_report - one file's result on standard output */
static void
import_report(const struct cmd *c, const char *path,
    const struct yj_contacts_report *r)
{
	size_t skipped = r->nproblems - r->errors;
	json_t *j;

	if (c->json) {
		j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, "
		    "s:b}", "file", path, "charset", r->charset, "format",
		    r->format != NULL ? r->format : "csv",
		    "records", (json_int_t)r->records,
		    "created", (json_int_t)r->created,
		    "updated", (json_int_t)r->updated,
		    "unchanged", (json_int_t)r->unchanged,
		    "errors", (json_int_t)r->errors,
		    "skipped", (json_int_t)skipped, "dry_run", c->dry_run);
		json_dumpf(j, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(j);
	} else if (c->ja) {
		printf("%s: 追加 %zu、更新 %zu、変更なし %zu、エラー %zu 行、"
		    "アドレスなし %zu 件 (%s, %s)%s\n", path, r->created,
		    r->updated, r->unchanged, r->errors, skipped, r->charset,
		    r->format, c->dry_run ? " (試行のみ)" : "");
	} else {
		printf("%s: %zu created, %zu updated, %zu unchanged, %zu bad "
		    "rows, %zu without address (%s, %s)%s\n", path, r->created,
		    r->updated, r->unchanged, r->errors, skipped, r->charset,
		    r->format, c->dry_run ? " (dry run: nothing written)" : "");
	}
}

/* import_one - one file, one transaction; 0, 1 (bad rows) or 2 */
static int
import_one(struct cmd *c, const char *path)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_contacts_report r;
	char err[1024];
	struct yj_buf b;
	int rc;

	if (read_all(path, &b) != 0) {
		yj_buf_release(&b);
		yj_arena_free(a);
		return 2;
	}
	rc = yj_know_import_contacts(c->glue.store, a, path, b.data, b.len,
	    c->type, c->dry_run, &r, err, sizeof(err));
	yj_buf_release(&b);
	if (rc != 0) {
		yj_cli_error("contacts", "%s", err);
		yj_arena_free(a);
		return 2;
	}
	print_problems(c, path, &r);
	import_report(c, path, &r);
	rc = r.errors > 0 ? 1 : 0;
	yj_arena_free(a);
	return rc;
}

/* do_import - every file */
static int
do_import(struct cmd *c, int argc, char **argv)
{
	int i, rc, worst = 0;

	if (argc == 0) {
		yj_cli_error("contacts", "import: no FILE given");
		return 2;
	}
	for (i = 0; i < argc; i++) {
		rc = import_one(c, argv[i]);
		if (rc > worst)
			worst = rc;
	}
	return worst;
}

/* ---- list, show ----------------------------------------------------------- */

/* contact_json - a contact as JSON */
static json_t *
contact_json(const struct yj_contact *p)
{
	char created[32], updated[32];

	yj_time_format(p->created_at, 0, created);
	yj_time_format(p->updated_at, 0, updated);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "address", p->addr, "name", p->name, "reading", p->reading,
	    "organization", p->org, "department", p->department,
	    "source", p->source, "created_at", created, "updated_at", updated);
}

/* print_json - one object on a line */
static void
print_json(json_t *j)
{
	json_dumpf(j, stdout, JSON_COMPACT);
	fputc('\n', stdout);
	json_decref(j);
}

/* do_list - a page of the book */
static int
do_list(struct cmd *c)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_contact *v;
	struct yj_db *db;
	size_t i, n = 0;
	int rc;

	rc = yj_store_db(c->glue.store, &db);
	if (rc == 0)
		rc = yj_contacts_list(db, a, c->match, c->offset, c->limit, &v,
		    &n);
	if (rc != 0) {
		yj_cli_error("contacts", "cannot list contacts: %s",
		    yj_store_errmsg(c->glue.store));
		yj_arena_free(a);
		return 2;
	}
	for (i = 0; i < n; i++) {
		if (c->json)
			print_json(contact_json(&v[i]));
		else
			printf("%s\t%s\t%s\t%s\n", v[i].addr, v[i].name,
			    v[i].org, v[i].department);
	}
	yj_arena_free(a);
	return 0;
}

/* date_or - "YYYY-MM-DD" of t, or dash */
static const char *
date_or(struct yj_arena *a, int64_t t)
{
	char buf[16];

	if (t == 0)
		return "-";
	yj_date_format(t, 0, buf);
	return yj_arena_strdup(a, buf);
}

/* show_json - a person as JSON */
static json_t *
show_json(struct yj_arena *a, const struct yj_kb_person *p)
{
	json_t *names = json_array();
	size_t i;

	for (i = 0; i < p->nnames; i++)
		json_array_append_new(names, json_string(p->names[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I, s:s, s:s, "
	    "s:o}", "address", p->addr, "name", p->name, "reading",
	    p->reading, "organization", p->org, "department", p->department,
	    "in_contacts", (p->sources & YJ_KB_CONTACTS) != 0,
	    "messages_sent", (json_int_t)p->sent,
	    "senders", (json_int_t)p->senders,
	    "first_sent", date_or(a, p->first_sent),
	    "last_sent", date_or(a, p->last_sent), "names_used", names);
}

/* show_text - a person for people */
static void
show_text(const struct cmd *c, struct yj_arena *a,
    const struct yj_kb_person *p)
{
	size_t i;

	printf("%s\n", p->addr);
	printf("  %-14s %s\n", c->ja ? "名前" : "name", p->name);
	if (*p->reading)
		printf("  %-14s %s\n", c->ja ? "よみ" : "reading", p->reading);
	printf("  %-14s %s%s%s\n", c->ja ? "組織" : "organization", p->org,
	    *p->department ? " / " : "", p->department);
	printf("  %-14s %s\n", c->ja ? "アドレス帳" : "in contacts",
	    (p->sources & YJ_KB_CONTACTS) ? (c->ja ? "あり" : "yes") :
	    (c->ja ? "なし" : "no"));
	printf("  %-14s %lu (%s %lu), %s .. %s\n",
	    c->ja ? "送信" : "mail sent", (unsigned long)p->sent,
	    c->ja ? "送信者数" : "senders:", (unsigned long)p->senders,
	    date_or(a, p->first_sent), date_or(a, p->last_sent));
	for (i = 0; i < p->nnames; i++)
		printf("  %-14s %s\n", i == 0 ? (c->ja ? "使われた名前" :
		    "names used") : "", p->names[i]);
}

/* do_show - what is known about each address */
static int
do_show(struct cmd *c, int argc, char **argv)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_kb_person p;
	int i, rc, worst = 0;

	if (argc == 0) {
		yj_cli_error("contacts", "show: no ADDRESS given");
		yj_arena_free(a);
		return 2;
	}
	for (i = 0; i < argc; i++) {
		rc = yj_kb_person(&c->glue.kb, a, argv[i], &p);
		if (rc == YJ_ENOENT) {
			yj_cli_error("contacts", "nothing is known about '%s'",
			    argv[i]);
			worst = 2;
			continue;
		}
		if (rc != 0) {
			yj_cli_error("contacts", "cannot read '%s': %s",
			    argv[i], yj_store_errmsg(c->glue.store));
			worst = 2;
			break;
		}
		if (c->json)
			print_json(show_json(a, &p));
		else
			show_text(c, a, &p);
	}
	yj_arena_free(a);
	return worst;
}

/* ---- remove ----------------------------------------------------------- */

struct remove_arg {
	int		 argc;
	char		**argv;
	int		 missing;	/* index of an unknown address, or -1 */
};

/* remove_tx - every address, or none */
static int
remove_tx(struct yj_db *db, void *arg)
{
	struct remove_arg *r = arg;
	struct yj_arena *a = yj_arena_new();
	int i, rc = 0;

	r->missing = -1;
	for (i = 0; i < r->argc && rc == 0; i++) {
		rc = yj_contacts_remove(db, yj_str_lower(a, r->argv[i]));
		if (rc == YJ_ENOENT)
			r->missing = i;
	}
	yj_arena_free(a);
	return rc;
}

/* do_remove - delete addresses from the book */
static int
do_remove(struct cmd *c, int argc, char **argv)
{
	struct remove_arg r = { argc, argv, -1 };
	struct yj_db *db;
	int rc;

	if (argc == 0) {
		yj_cli_error("contacts", "remove: no ADDRESS given");
		return 2;
	}
	rc = yj_store_db(c->glue.store, &db);
	if (rc == 0)
		rc = yj_db_transact(db, 0, remove_tx, &r);
	if (rc == YJ_ENOENT) {
		yj_cli_error("contacts", "no contact '%s' (nothing removed)",
		    argv[r.missing]);
		return 2;
	}
	if (rc != 0) {
		yj_cli_error("contacts", "cannot remove contacts: %s",
		    yj_store_errmsg(c->glue.store));
		return 2;
	}
	if (!c->json)
		printf(c->ja ? "%d 件を削除しました\n" : "%d removed\n", argc);
	return 0;
}

/* ---- command line ------------------------------------------------------- */

/* parse_type - auto|csv|vcard */
static int
parse_type(const char *s, enum yj_contacts_format *t)
{
	if (strcmp(s, "auto") == 0)
		*t = YJ_CONTACTS_AUTO;
	else if (strcmp(s, "csv") == 0)
		*t = YJ_CONTACTS_CSV;
	else if (strcmp(s, "vcard") == 0)
		*t = YJ_CONTACTS_VCARD;
	else
		return -1;
	return 0;
}

/* number - a bounded count option */
static int
number(const char *opt, const char *s, unsigned long *out)
{
	if (yj_parse_uint(s, 10000000, out) != 0) {
		yj_cli_error("contacts", "bad %s '%s' (a number)", opt, s);
		return -1;
	}
	return 0;
}

/* option - one parsed option; -1 on error, 1 for --help */
static int
option(struct cmd *c, int ch)
{
	switch (ch) {
	case 't':
		if (parse_type(optarg, &c->type) == 0)
			return 0;
		yj_cli_error("contacts", "bad --type '%s' (auto, csv or "
		    "vcard)", optarg);
		return -1;
	case 'f':
		if (strcmp(optarg, "text") != 0 &&
		    strcmp(optarg, "json") != 0) {
			yj_cli_error("contacts", "bad --format '%s' (text or "
			    "json)", optarg);
			return -1;
		}
		c->json = strcmp(optarg, "json") == 0;
		return 0;
	case 'n': c->dry_run = true; return 0;
	case 'v': c->verbose = true; return 0;
	case 'm': c->match = optarg; return 0;
	case 'l': return number("--limit", optarg, &c->limit);
	case 'o': return number("--offset", optarg, &c->offset);
	case 'c': c->config = optarg; return 0;
	case 'h': fputs(usage, stdout); return 1;
	default: fputs(usage, stderr); return -1;
	}
}

/* options - the whole command line after the action */
static int
options(struct cmd *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "match", required_argument, NULL, 'm' },
		{ "limit", required_argument, NULL, 'l' },
		{ "offset", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "t:nvm:l:o:f:c:h", opts,
	    NULL)) != -1)
		if ((rc = option(c, ch)) != 0)
			return rc;
	return 0;
}

/* dispatch - run one action with the store open */
static int
dispatch(struct cmd *c, const char *action, int argc, char **argv)
{
	if (strcmp(action, "import") == 0)
		return do_import(c, argc, argv);
	if (strcmp(action, "show") == 0)
		return do_show(c, argc, argv);
	if (strcmp(action, "remove") == 0)
		return do_remove(c, argc, argv);
	if (argc > 0) {
		yj_cli_error("contacts", "list takes no arguments ('%s')",
		    argv[0]);
		return 2;
	}
	return do_list(c);
}

/* run - yojin contacts ACTION ... */
static int
run(int argc, char **argv)
{
	struct cmd c = { .type = YJ_CONTACTS_AUTO, .limit = DEFAULT_LIMIT };
	const char *action;
	int rc;

	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc < 2 || argv[1][0] == '-') {
		yj_cli_error("contacts", "no action given (import, list, show "
		    "or remove)");
		return 2;
	}
	action = argv[1];
	if (strcmp(action, "import") != 0 && strcmp(action, "list") != 0 &&
	    strcmp(action, "show") != 0 && strcmp(action, "remove") != 0) {
		yj_cli_error("contacts", "unknown action '%s' (import, list, "
		    "show or remove)", action);
		return 2;
	}
	if ((rc = options(&c, argc - 1, argv + 1)) != 0)
		return rc > 0 ? 0 : 2;
	if ((c.conf = yj_cli_load_conf("contacts", c.config)) == NULL)
		return 2;
	c.ja = yj_cli_japanese();
	if (yj_store_glue_open("contacts", c.conf, &c.glue) != 0) {
		yj_conf_free(c.conf);
		return 2;
	}
	rc = dispatch(&c, action, argc - 1 - optind, argv + 1 + optind);
	yj_store_glue_close(&c.glue);
	yj_conf_free(c.conf);
	return rc;
}

YJ_COMMAND_DEFINE(contacts,
	.summary = "import, list, show and remove the organisation's contacts",
	.summary_ja = "組織のアドレス帳を取り込み、一覧し、表示し、削除する",
	.usage = usage,
	.run = run);
