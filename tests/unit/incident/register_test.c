/*
 * register_test.c - incident/incident, task, mailreport over the store,
 * on SQLite and (with YJ_TEST_PG) PostgreSQL
 *
 * Every case runs against a fresh SQLite file and, when YJ_TEST_PG holds
 * a conninfo (tests/incident/run starts a private cluster), against a
 * fresh PostgreSQL schema.  The cases check what the register promises:
 * one timeline entry per real change, nothing written on bad input or on
 * a failure half-way, tasks that follow the facts, the closing rule, the
 * urgency order, reports merged and linked, and no entry lost when
 * several connections write to one incident at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "incident/block.h"
#include "incident/fromhold.h"
#include "incident/incident.h"
#include "incident/mailreport.h"
#include "store/hold.h"
#include "store/intel.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

#define NOW	1798448400	/* 2026-12-28T18:00+09:00 */
#define KNOWN	1798419600	/* 2026-12-28T10:00+09:00 */
#define NTHREADS	4
#define NNOTES		25

struct backend {
	const char	*driver;
	const char	*conninfo;
};

struct fixture {
	const struct backend	*be;
	char			 target[1024];
	char			 dir[256];
	char			 schema[64];
	struct yj_store		*store;
	struct yj_incident_ctx	 ctx;
};

/* pg_admin - SQL on the server outside the test schema */
static void
pg_admin(const struct backend *be, const char *sql)
{
	char err[YJ_DB_ERRMAX];
	struct yj_db *db;

	if (yj_db_open(&db, "postgresql", be->conninfo, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	if (yj_db_exec(db, sql) != 0)
		fail_msg("%s: %s", sql, yj_db_errmsg(db));
	yj_db_close(db);
}

/* setup - a fresh store and a context on it */
static int
setup(void **state)
{
	static unsigned serial;
	struct fixture *f = yj_xcalloc(1, sizeof(*f));
	char err[YJ_DB_ERRMAX], sql[128];

	f->be = *state;
	if (strcmp(f->be->driver, "sqlite") == 0) {
		snprintf(f->dir, sizeof(f->dir), "/tmp/yj-inc-XXXXXX");
		if (mkdtemp(f->dir) == NULL)
			return -1;
		snprintf(f->target, sizeof(f->target), "%s/yojin.db", f->dir);
	} else {
		snprintf(f->schema, sizeof(f->schema), "yj_i_%ld_%u",
		    (long)getpid(), ++serial);
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", f->schema);
		pg_admin(f->be, sql);
		snprintf(f->target, sizeof(f->target),
		    "%s options='-csearch_path=%s'", f->be->conninfo,
		    f->schema);
	}
	if (yj_store_open(&f->store, f->be->driver, f->target, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	if (yj_store_db(f->store, &f->ctx.db) != 0)
		fail_msg("%s", yj_store_errmsg(f->store));
	f->ctx.arena = yj_arena_new();
	f->ctx.actor = "tester";
	f->ctx.now = NOW;
	*state = f;
	return 0;
}

/* teardown - close and remove */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char sql[128];
	DIR *d;
	struct dirent *de;
	char path[512];

	yj_store_close(f->store);
	yj_arena_free(f->ctx.arena);
	if (f->dir[0] != '\0' && (d = opendir(f->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", f->dir,
			    de->d_name);
			unlink(path);
		}
		closedir(d);
		rmdir(f->dir);
	}
	if (f->schema[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", f->schema);
		pg_admin(f->be, sql);
	}
	yj_free(f);
	return 0;
}

/* count - a COUNT(*) query */
static int64_t
count(struct fixture *f, const char *sql)
{
	int64_t n = -1;

	if (yj_db_query_int64(f->ctx.db, sql, NULL, 0, &n) != 0)
		fail_msg("%s: %s", sql, yj_db_errmsg(f->ctx.db));
	return n;
}

/* new_incident - create one or fail */
static int64_t
new_incident(struct fixture *f, enum yj_incident_type t, int64_t people)
{
	struct yj_incident_change ch;
	int64_t id;

	yj_incident_change_init(&ch);
	ch.has_type = true;
	ch.type = t;
	ch.has_known_at = true;
	ch.known_at = KNOWN;
	ch.known_tz = 540;
	if (people != -2) {
		ch.has_people = true;
		ch.people_set = true;
		ch.people = people;
		ch.people_max = -1;
	}
	if (yj_incident_create(&f->ctx, &ch, &id) != 0)
		fail_msg("create: %s", f->ctx.err);
	return id;
}

/* load - the whole incident or fail */
static void
load(struct fixture *f, int64_t id, struct yj_incident *inc)
{
	if (yj_incident_load(&f->ctx, id, YJ_INC_LOAD_ALL, inc) != 0)
		fail_msg("load %lld: %s", (long long)id, f->ctx.err);
}

/* task_of - the task made from a template, or NULL */
static const struct yj_incdb_task *
task_of(const struct yj_incident *inc, const char *key)
{
	size_t i;

	for (i = 0; i < inc->ntasks; i++)
		if (strcmp(inc->tasks[i].template, key) == 0)
			return &inc->tasks[i];
	return NULL;
}

/* ---- cases ------------------------------------------------------------- */

static void
test_create_and_load(void **state)
{
	struct fixture *f = *state;
	struct yj_incident inc;
	int64_t id;

	id = new_incident(f, YJ_INC_MISDELIVERY, 1500);
	load(f, id, &inc);
	assert_string_equal(inc.c.type, "misdelivery");
	assert_string_equal(inc.c.status, "open");
	assert_string_equal(inc.c.created_by, "tester");
	assert_int_equal(inc.c.known_at, KNOWN);
	assert_int_equal(inc.c.people, 1500);
	assert_true(inc.ppc.required);
	assert_int_equal(inc.ppc.triggers, YJ_PPC_HEADCOUNT);
	assert_non_null(task_of(&inc, "ppc.preliminary"));
	assert_string_equal(task_of(&inc, "ppc.preliminary")->due,
	    "2026-12-31");
	assert_string_equal(task_of(&inc, "ppc.final")->due, "2027-01-26");
	assert_non_null(task_of(&inc, "misdelivery.recipient"));
	assert_null(task_of(&inc, "malware.isolate"));
	assert_int_equal(inc.nevents, 2);	/* created, tasks */
	assert_string_equal(inc.events[0].kind, "created");
	/* an unknown id */
	assert_int_equal(yj_incident_load(&f->ctx, 999, 0, &inc), YJ_ENOENT);
	assert_string_equal(f->ctx.err, "no incident '999'");
}

static void
test_update_logs_each_change(void **state)
{
	struct fixture *f = *state;
	struct yj_incident_change ch;
	struct yj_incdb_kv kv = { "cause", "宛先の選択ミス" };
	struct yj_incident inc;
	int64_t id;
	int n;

	id = new_incident(f, YJ_INC_MISDELIVERY, 10);
	yj_incident_change_init(&ch);
	ch.has_people = true;
	ch.people_set = true;
	ch.people = -1;
	ch.people_max = 3000;
	ch.has_categories = true;
	ch.categories = YJ_CAT_SENSITIVE | YJ_CAT_MY_NUMBER;
	ch.fields = &kv;
	ch.nfields = 1;
	f->ctx.actor = "sato";
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	assert_int_equal(n, 3);
	load(f, id, &inc);
	assert_true(inc.ppc.required);
	assert_true(inc.ppc.headcount_possible);
	assert_string_equal(inc.c.categories, "sensitive,my_number");
	assert_string_equal(yj_incident_field(&inc, "cause"), "宛先の選択ミス");
	assert_non_null(task_of(&inc, "mynumber.check"));
	/* the three changes, with old and new values, by sato */
	{
		size_t i, seen = 0;

		for (i = 0; i < inc.nevents; i++) {
			const struct yj_incdb_event *e = &inc.events[i];

			if (strcmp(e->kind, "changed") != 0)
				continue;
			seen++;
			assert_string_equal(e->actor, "sato");
			if (strcmp(e->field, "people") == 0) {
				assert_string_equal(e->old_value, "10");
				assert_string_equal(e->new_value, "<=3000");
			}
		}
		assert_int_equal(seen, 3);
	}
	/* the same change again changes nothing and writes nothing */
	n = (int)count(f, "SELECT COUNT(*) FROM incident_event");
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_event"),
	    (int64_t)inc.nevents);
}

static void
test_bad_input_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct yj_incident_change ch;
	struct yj_incdb_kv kv[2] = { { "cause", "ok" }, { "cost.pcs", "x" } };
	int64_t id, ev, inc;
	int n;

	id = new_incident(f, YJ_INC_MALWARE, -2);
	ev = count(f, "SELECT COUNT(*) FROM incident_event");
	inc = count(f, "SELECT COUNT(*) FROM incident_case");
	/* one bad field fails the whole change, the good one too */
	yj_incident_change_init(&ch);
	ch.fields = kv;
	ch.nfields = 2;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), YJ_EINVAL);
	assert_non_null(strstr(f->ctx.err, "bad cost.pcs 'x'"));
	/* the future, negative counts, unknown fields, unknown ids */
	yj_incident_change_init(&ch);
	ch.has_known_at = true;
	ch.known_at = NOW + 86400;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), YJ_EINVAL);
	ch.has_type = true;
	assert_int_equal(yj_incident_create(&f->ctx, &ch, &id), YJ_EINVAL);
	yj_incident_change_init(&ch);
	ch.has_people = true;
	ch.people_set = true;
	ch.people = -5;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), YJ_EINVAL);
	yj_incident_change_init(&ch);
	kv[0].key = "colour";
	ch.fields = kv;
	ch.nfields = 1;
	assert_int_equal(yj_incident_update(&f->ctx, 1, &ch, &n), YJ_EINVAL);
	yj_incident_change_init(&ch);
	ch.title = "x";
	assert_int_equal(yj_incident_update(&f->ctx, 4242, &ch, &n),
	    YJ_ENOENT);
	assert_int_equal(yj_incident_close(&f->ctx, 4242, NULL, false),
	    YJ_ENOENT);
	assert_int_equal(yj_incident_note(&f->ctx, 4242, 0, "x"), YJ_ENOENT);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_event"), ev);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_case"), inc);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_field"), 0);
}

static void
test_failure_half_way_rolls_back(void **state)
{
	struct fixture *f = *state;
	struct yj_incident_change ch;
	int64_t id;

	new_incident(f, YJ_INC_MISDELIVERY, 5);
	/* the task table goes away: creating writes the case and the
	 * timeline, then fails on the tasks, and must leave nothing */
	if (yj_db_exec(f->ctx.db, "ALTER TABLE incident_task RENAME TO "
	    "incident_gone") != 0)
		fail_msg("%s", yj_db_errmsg(f->ctx.db));
	yj_incident_change_init(&ch);
	ch.has_type = true;
	ch.type = YJ_INC_LOST_DEVICE;
	assert_true(yj_incident_create(&f->ctx, &ch, &id) < 0);
	assert_true(f->ctx.err[0] != '\0');
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_case"), 1);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_event"), 2);
}

static void
test_tasks_follow_facts(void **state)
{
	struct fixture *f = *state;
	struct yj_incident_change ch;
	struct yj_incident_task_change tc = { 0 };
	struct yj_incident inc;
	int64_t id;
	int n;

	id = new_incident(f, YJ_INC_MISDELIVERY, 10);
	load(f, id, &inc);
	assert_null(task_of(&inc, "ppc.preliminary"));
	/* the duty arises: its tasks appear with the PPC dates */
	yj_incident_change_init(&ch);
	ch.has_categories = true;
	ch.categories = YJ_CAT_SENSITIVE;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	load(f, id, &inc);
	assert_string_equal(task_of(&inc, "ppc.preliminary")->status, "open");
	assert_string_equal(task_of(&inc, "people.notify")->status, "open");
	/* known_at moves earlier: template dates move with it */
	yj_incident_change_init(&ch);
	ch.has_known_at = true;
	ch.known_at = KNOWN - 2 * 86400;
	ch.known_tz = 540;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	load(f, id, &inc);
	assert_string_equal(task_of(&inc, "ppc.preliminary")->due,
	    "2026-12-29");
	assert_string_equal(task_of(&inc, "misdelivery.recipient")->due,
	    "2026-12-26");
	/* a date set by hand stays put */
	tc.due = "2026-12-30";
	assert_int_equal(yj_incident_task_edit(&f->ctx, id,
	    task_of(&inc, "misdelivery.content")->seq, &tc), 0);
	ch.known_at = KNOWN;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	load(f, id, &inc);
	assert_string_equal(task_of(&inc, "misdelivery.content")->due,
	    "2026-12-30");
	assert_string_equal(task_of(&inc, "ppc.preliminary")->due,
	    "2026-12-31");
	/* the duty goes (encrypted): its open tasks are skipped by yojin */
	yj_incident_change_init(&ch);
	ch.encrypted = 1;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	load(f, id, &inc);
	assert_false(inc.ppc.required);
	assert_string_equal(task_of(&inc, "ppc.final")->status, "skipped");
	assert_string_equal(task_of(&inc, "ppc.final")->done_by, "yojin");
	/* and come back when it returns */
	ch.encrypted = 0;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	load(f, id, &inc);
	assert_string_equal(task_of(&inc, "ppc.final")->status, "open");
}

static void
test_close_rules(void **state)
{
	struct fixture *f = *state;
	struct yj_incident_change ch;
	struct yj_incdb_kv kv = { "final_reported", "2026-12-28" };
	struct yj_incident inc;
	int64_t id, ev;
	int n;

	id = new_incident(f, YJ_INC_UNAUTHORIZED_ACCESS, 2000);
	ev = count(f, "SELECT COUNT(*) FROM incident_event");
	assert_int_equal(yj_incident_close(&f->ctx, id, "done", false),
	    YJ_ESTATE);
	assert_non_null(strstr(f->ctx.err, "final report"));
	yj_incident_change_init(&ch);
	ch.status = "closed";
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), YJ_ESTATE);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_event"), ev);
	/* recording the final report completes its task */
	yj_incident_change_init(&ch);
	ch.fields = &kv;
	ch.nfields = 1;
	assert_int_equal(yj_incident_update(&f->ctx, id, &ch, &n), 0);
	load(f, id, &inc);
	assert_string_equal(task_of(&inc, "ppc.final")->status, "done");
	assert_int_equal(yj_incident_close(&f->ctx, id, "recovered", false),
	    0);
	load(f, id, &inc);
	assert_string_equal(inc.c.status, "closed");
	assert_int_equal(inc.c.closed_at, NOW);
	assert_string_equal(yj_incident_field(&inc, "resolution"),
	    "recovered");
	assert_int_equal(yj_incident_close(&f->ctx, id, NULL, false),
	    YJ_ESTATE);
	assert_int_equal(yj_incident_reopen(&f->ctx, id, "new facts"), 0);
	load(f, id, &inc);
	assert_string_equal(inc.c.status, "in_progress");
	assert_int_equal(inc.c.closed_at, 0);
	assert_int_equal(yj_incident_reopen(&f->ctx, id, NULL), YJ_ESTATE);
	/* --force closes with the report outstanding */
	id = new_incident(f, YJ_INC_MALWARE, 5000);
	assert_int_equal(yj_incident_close(&f->ctx, id, NULL, true), 0);
}

static void
test_tasks_by_hand(void **state)
{
	struct fixture *f = *state;
	struct yj_incident_task_change tc = { 0 };
	struct yj_incident inc;
	int64_t id;
	int seq;

	id = new_incident(f, YJ_INC_LOST_DEVICE, -2);
	tc.title = "鍵を交換する";
	tc.phase = "emergency";
	tc.due = "2026-12-29";
	tc.owner = "suzuki";
	assert_int_equal(yj_incident_task_add(&f->ctx, id, &tc, &seq), 0);
	memset(&tc, 0, sizeof(tc));
	tc.status = "done";
	tc.note = "交換済み";
	assert_int_equal(yj_incident_task_edit(&f->ctx, id, seq, &tc), 0);
	load(f, id, &inc);
	assert_string_equal(inc.tasks[inc.ntasks - 1].status, "done");
	assert_string_equal(inc.tasks[inc.ntasks - 1].done_by, "tester");
	assert_string_equal(inc.tasks[inc.ntasks - 1].owner, "suzuki");
	/* bad values, unknown tasks, template tasks cannot be removed */
	memset(&tc, 0, sizeof(tc));
	tc.phase = "later";
	assert_int_equal(yj_incident_task_edit(&f->ctx, id, seq, &tc),
	    YJ_EINVAL);
	tc.phase = NULL;
	tc.due = "tomorrow";
	assert_int_equal(yj_incident_task_edit(&f->ctx, id, seq, &tc),
	    YJ_EINVAL);
	tc.due = NULL;
	tc.status = "open";
	assert_int_equal(yj_incident_task_edit(&f->ctx, id, 999, &tc),
	    YJ_ENOENT);
	assert_int_equal(yj_incident_task_remove(&f->ctx, id, 1), YJ_ESTATE);
	assert_int_equal(yj_incident_task_remove(&f->ctx, id, seq), 0);
	assert_int_equal(yj_incident_task_remove(&f->ctx, id, seq), YJ_ENOENT);
	/* the number is not reused */
	tc.title = "次のタスク";
	tc.status = NULL;
	assert_int_equal(yj_incident_task_add(&f->ctx, id, &tc, &seq), 0);
	load(f, id, &inc);
	assert_int_equal(seq, inc.tasks[inc.ntasks - 1].seq);
}

static void
test_list_order(void **state)
{
	struct fixture *f = *state;
	struct yj_incdb_filter flt = { 0 };
	struct yj_incident *v;
	int64_t a, b, c;
	size_t n;

	a = new_incident(f, YJ_INC_SUSPICIOUS_MAIL, -2);	/* due today */
	b = new_incident(f, YJ_INC_MISDELIVERY, 3000);	/* also PPC */
	c = new_incident(f, YJ_INC_MALWARE, -2);
	assert_int_equal(yj_incident_close(&f->ctx, c, NULL, true), 0);
	flt.status = "open";
	assert_int_equal(yj_incident_list(&f->ctx, &flt, &v, &n), 0);
	assert_int_equal(n, 2);
	/* both have tasks due today: the newest first */
	assert_int_equal(v[0].c.id, b);
	assert_int_equal(v[1].c.id, a);
	assert_true(v[0].ppc.required);
	flt.status = "closed";
	assert_int_equal(yj_incident_list(&f->ctx, &flt, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].c.id, c);
	flt.status = NULL;
	flt.type = "misdelivery";
	assert_int_equal(yj_incident_list(&f->ctx, &flt, &v, &n), 0);
	assert_int_equal(n, 1);
}

static const char mail_a[] =
    "From: \"経理部\" <keiri@partner-bussan.example>\r\n"
    "Reply-To: bussan.keiri@gmail.com\r\n"
    "To: tanaka@yojin-shoji.example\r\n"
    "Subject: =?UTF-8?B?5oyv6L6844Gu5Y+j5bqn5aSJ5pu0?=\r\n"
    "Message-ID: <a1@partner-bussan.example>\r\n"
    "Date: Mon, 28 Dec 2026 09:00:00 +0900\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n"
    "\r\n"
    "新しい口座はこちら https://pay.evil.example/login です。\r\n"
    "社内の案内 https://www.yojin-shoji.example/ も参照。\r\n";

static const char mail_b[] =
    "From: Billing <billing@other-sender.example>\r\n"
    "Reply-To: bussan.keiri@gmail.com\r\n"
    "To: sato@yojin-shoji.example\r\n"
    "Subject: Invoice overdue\r\n"
    "Message-ID: <b2@other-sender.example>\r\n"
    "\r\n"
    "Please pay today.\r\n";

/* report - submit raw as reported by reporter */
static int
report(struct fixture *f, const char *raw, const char *reporter,
    bool force_new, struct yj_mailreport_result *res)
{
	static const char *const domains[] = { "yojin-shoji.example", NULL };
	struct yj_org org = { .domains = domains, .ndomains = 1 };
	struct yj_mailreport_opts o = { .reporter = reporter,
		.force_new = force_new };
	struct yj_msg *m;
	int rc;

	m = yj_msg_parse(raw, strlen(raw), NULL);
	rc = yj_mailreport_submit(&f->ctx, raw, strlen(raw), m, &org, &o, res);
	yj_msg_free(m);
	return rc;
}

static void
test_mail_reports(void **state)
{
	struct fixture *f = *state;
	struct yj_mailreport_result r1, r2, r3, r4;
	struct yj_incident inc;
	size_t i;
	bool gmail_domain = false, own_url = false;

	assert_int_equal(report(f, mail_a, "tanaka", false, &r1), 0);
	assert_true(r1.created);
	assert_int_equal(r1.nlinked, 0);
	for (i = 0; i < r1.ninds; i++) {
		if (strcmp(r1.inds[i].value, "gmail.com") == 0)
			gmail_domain = true;
		if (strstr(r1.inds[i].value, "yojin-shoji") != NULL)
			own_url = true;
	}
	assert_false(gmail_domain);
	assert_false(own_url);
	/* the same mail from another reporter: same incident, message kept */
	assert_int_equal(report(f, mail_a, "sato", false, &r2), 0);
	assert_false(r2.created);
	assert_true(r2.again);
	assert_int_equal(r2.incident, r1.incident);
	/* another mail with the same Reply-To: a new, linked incident */
	assert_int_equal(report(f, mail_b, "suzuki", false, &r3), 0);
	assert_true(r3.created);
	assert_int_equal(r3.nlinked, 1);
	assert_int_equal(r3.linked[0], r1.incident);
	load(f, r1.incident, &inc);
	assert_string_equal(inc.c.type, "suspicious_mail");
	assert_string_equal(inc.c.source, "report");
	assert_int_equal(inc.nmsgs, 1);
	assert_int_equal(inc.nlinks, 1);
	assert_int_equal(inc.links[0].incident, r3.incident);
	assert_string_equal(inc.links[0].kind, "reply_to");
	assert_string_equal(inc.events[inc.nevents - 1].kind, "linked");
	/* forced: a new incident, and the link already there is not new */
	assert_int_equal(report(f, mail_b, "suzuki", true, &r4), 0);
	assert_true(r4.created);
	assert_int_equal(r4.nlinked, 2);
	/* a subject of 4-byte letters longer than the title allows:
	 * cut between characters, stored (regression: phishing_pot) */
	{
		char raw[2048];
		size_t off;
		int k;

		off = (size_t)snprintf(raw, sizeof(raw), "From: x@math.example"
		    "\r\nSubject: A");
		for (k = 0; k < 120; k++)
			off += (size_t)snprintf(raw + off, sizeof(raw) - off,
			    "\xf0\x9d\x90\x80");	/* U+1D400 */
		snprintf(raw + off, sizeof(raw) - off, "\r\n\r\nbody\r\n");
		assert_int_equal(report(f, raw, "tester", false, &r4), 0);
		load(f, r4.incident, &inc);
		assert_true(yj_utf8_valid(inc.c.title, strlen(inc.c.title)));
		assert_true(strlen(inc.c.title) < 260);
	}
	/* the stored bytes are the reported ones */
	{
		const char *b64;

		assert_int_equal(yj_incdb_message_raw(f->ctx.db, f->ctx.arena,
		    r1.incident, r1.message, &b64), 0);
		assert_true(strlen(b64) > strlen(mail_a));
	}
}

static void
test_from_hold(void **state)
{
	struct fixture *f = *state;
	struct yj_hold_facts h = {
		.id = 12, .state = "released",
		.sender = "tanaka@yojin-shoji.example",
		.recipients = "[\"a@client-a.example\", \"b@client-b.example\"]",
		.subject = "見積書の送付",
		.findings = "[{\"id\": \"recipients.bcc_expected\", "
		    "\"severity\": \"high\", \"explanation\": {\"ja\": "
		    "\"他社の宛先が見えています\"}, \"evidence\": {\"file\": "
		    "[\"見積書.xlsx\", \"顧客一覧.csv\"]}}]",
		.created_at = KNOWN - 3600, .released_at = KNOWN - 1800,
		.released_by = "sato",
	};
	struct yj_incident_change ch;
	struct yj_incident inc;
	int64_t id, id2, ev;
	size_t i, rcpt = 0, files = 0;

	yj_incident_change_init(&ch);
	ch.has_people = true;
	ch.people_set = true;
	ch.people = 250;
	ch.people_max = -1;
	ch.has_categories = true;
	ch.categories = YJ_CAT_SENSITIVE;
	assert_int_equal(yj_incident_from_hold(&f->ctx, &h, &ch, &id), 0);
	load(f, id, &inc);
	assert_string_equal(inc.c.type, "misdelivery");
	assert_string_equal(inc.c.source, "hold");
	assert_string_equal(inc.c.source_ref, "12");
	assert_string_equal(inc.c.title, "誤送信 / Mis-sent: 見積書の送付");
	assert_true(inc.ppc.required);		/* sensitive */
	assert_non_null(strstr(yj_incident_field(&inc, "overview"),
	    "a@client-a.example, b@client-b.example"));
	assert_non_null(strstr(yj_incident_field(&inc, "other"),
	    "recipients.bcc_expected"));
	for (i = 0; i < inc.ninds; i++) {
		rcpt += strcmp(inc.inds[i].kind, "recipient") == 0;
		files += strcmp(inc.inds[i].kind, "attachment_name") == 0;
	}
	assert_int_equal(rcpt, 2);
	assert_int_equal(files, 2);
	assert_string_equal(inc.events[inc.nevents - 1].kind, "hold");
	/* once only, and never for a message that did not leave */
	ev = count(f, "SELECT COUNT(*) FROM incident_event");
	yj_incident_change_init(&ch);
	assert_int_equal(yj_incident_from_hold(&f->ctx, &h, &ch, &id2),
	    YJ_EEXIST);
	assert_non_null(strstr(f->ctx.err, "hold 12 is already incident"));
	h.id = 13;
	h.state = "cancelled";
	assert_int_equal(yj_incident_from_hold(&f->ctx, &h, &ch, &id2),
	    YJ_ESTATE);
	h.state = "held";
	assert_int_equal(yj_incident_from_hold(&f->ctx, &h, &ch, &id2),
	    YJ_ESTATE);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM incident_event"), ev);
	/* damaged JSON from the hold loses the summary, not the incident */
	h.state = "expired_released";
	h.findings = "[{";
	h.recipients = "not json";
	assert_int_equal(yj_incident_from_hold(&f->ctx, &h, &ch, &id2), 0);
}

static void
test_hold_store(void **state)
{
	struct fixture *f = *state;
	struct yj_incident_change ch;
	struct yj_hold_facts h;
	struct yj_hold_rec r;
	struct yj_incident inc;
	int64_t id;

	memset(&r, 0, sizeof(r));
	r.host = "mx1";
	r.queue_id = "ABC123";
	r.kind = "hold";
	r.mode = "approval";
	r.direction = "out";
	r.sender = "tanaka@yojin-shoji.example";
	r.recipients = "[\"x@client.example\"]";
	r.subject = "請求書";
	r.message_id = "m@yojin-shoji.example";
	r.verdict = "hold";
	r.findings = "[]";
	r.approvers = "[\"boss@yojin-shoji.example\"]";
	r.headers = "";
	r.deadline = NOW + 3600;
	r.deadline_action = "delete";
	assert_int_equal(yj_hold_store_add(f->store, &r, "milter"), 0);
	assert_int_equal(yj_hold_facts_load(f->store, f->ctx.arena, r.id, &h),
	    0);
	assert_string_equal(h.state, "held");
	yj_incident_change_init(&ch);
	assert_int_equal(yj_incident_from_hold(&f->ctx, &h, &ch, &id),
	    YJ_ESTATE);
	assert_int_equal(yj_hold_store_transition(f->store, r.id, "held",
	    "releasing", "released", "mail:boss@yojin-shoji.example",
	    "approve", ""), 0);
	assert_int_equal(yj_hold_store_transition(f->store, r.id, "releasing",
	    "released", NULL, "mail:boss@yojin-shoji.example", "released",
	    ""), 0);
	assert_int_equal(yj_hold_facts_load(f->store, f->ctx.arena, r.id, &h),
	    0);
	assert_string_equal(h.released_by, "mail:boss@yojin-shoji.example");
	assert_true(h.released_at > 0);
	assert_int_equal(yj_incident_from_hold(&f->ctx, &h, &ch, &id), 0);
	load(f, id, &inc);
	assert_non_null(strstr(yj_incident_field(&inc, "overview"),
	    "mail:boss@yojin-shoji.example"));
	assert_int_equal(yj_hold_facts_load(f->store, f->ctx.arena, r.id + 9,
	    &h), YJ_ENOENT);
}

static void
test_block(void **state)
{
	struct fixture *f = *state;
	struct yj_mailreport_result r;
	struct yj_block_result b;
	struct yj_intel_entry e = { 0 };
	int64_t blocks;
	size_t i;

	assert_int_equal(report(f, mail_a, "tanaka", false, &r), 0);
	/* the reply-to is one of ours to trust: never blocked */
	e.list = YJ_INTEL_ALLOW;
	e.kind = YJ_INTEL_ADDRESS;
	e.value = "bussan.keiri@gmail.com";
	e.source = "manual";
	e.note = "";
	assert_int_equal(yj_intel_add(f->store, &e, NULL, NULL), 0);
	assert_int_equal(yj_incident_block(&f->ctx, f->store, r.incident, &b),
	    0);
	assert_int_equal(b.added, 2);	/* the sender and the link */
	for (i = 0; i < b.n; i++) {
		if (strcmp(b.v[i].kind, "reply_to") == 0)
			assert_string_equal(b.v[i].status, "allowed");
		else
			assert_string_equal(b.v[i].status, "blocked");
		/* domains are never blocked this way */
		assert_true(strcmp(b.v[i].kind, "domain") != 0);
	}
	assert_int_equal(yj_intel_get(f->store, YJ_INTEL_BLOCK,
	    YJ_INTEL_ADDRESS, "keiri@partner-bussan.example", &e), 0);
	assert_string_equal(e.source, "incident");
	yj_intel_entry_release(&e);
	assert_int_equal(yj_intel_get(f->store, YJ_INTEL_BLOCK, YJ_INTEL_URL,
	    "https://pay.evil.example/login", &e), 0);
	yj_intel_entry_release(&e);
	/* twice: nothing new, nothing written */
	blocks = count(f, "SELECT COUNT(*) FROM intel_entry");
	assert_int_equal(yj_incident_block(&f->ctx, f->store, r.incident, &b),
	    0);
	assert_int_equal(b.added, 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM intel_entry"), blocks);
	assert_int_equal(yj_incident_block(&f->ctx, f->store, 999, &b),
	    YJ_ENOENT);
}

struct writer {
	struct yj_store	*store;
	int64_t		 id;
	int		 failures;
	char		 err[512];
};

/* write_notes - one thread's notes through its own connection */
static void *
write_notes(void *arg)
{
	struct writer *w = arg;
	struct yj_incident_ctx ctx = { 0 };
	char text[32];
	int i;

	if (yj_store_db(w->store, &ctx.db) != 0) {
		w->failures = NNOTES;
		return NULL;
	}
	ctx.arena = yj_arena_new();
	ctx.actor = "thread";
	ctx.now = NOW;
	for (i = 0; i < NNOTES; i++) {
		snprintf(text, sizeof(text), "note %d", i);
		if (yj_incident_note(&ctx, w->id, 0, text) != 0) {
			w->failures++;
			snprintf(w->err, sizeof(w->err), "%s", ctx.err);
		}
	}
	yj_arena_free(ctx.arena);
	yj_store_thread_done(w->store);
	return NULL;
}

static void
test_concurrent_notes(void **state)
{
	struct fixture *f = *state;
	struct writer w[NTHREADS];
	pthread_t t[NTHREADS];
	struct yj_incident inc;
	int64_t id;
	size_t i, notes = 0;

	id = new_incident(f, YJ_INC_MALWARE, -2);
	for (i = 0; i < NTHREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].store = f->store;
		w[i].id = id;
		assert_int_equal(pthread_create(&t[i], NULL, write_notes,
		    &w[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		if (w[i].failures != 0)
			fail_msg("thread %zu: %d failures: %s", i,
			    w[i].failures, w[i].err);
	}
	load(f, id, &inc);
	for (i = 0; i < inc.nevents; i++)
		notes += strcmp(inc.events[i].kind, "note") == 0;
	assert_int_equal(notes, NTHREADS * NNOTES);
}

/* ---- groups ------------------------------------------------------------ */

struct named {
	const char		*name;
	CMUnitTestFunction	 fn;
};

static const struct named cases[] = {
	{ "create_and_load", test_create_and_load },
	{ "update_logs_each_change", test_update_logs_each_change },
	{ "bad_input_writes_nothing", test_bad_input_writes_nothing },
	{ "failure_half_way_rolls_back", test_failure_half_way_rolls_back },
	{ "tasks_follow_facts", test_tasks_follow_facts },
	{ "close_rules", test_close_rules },
	{ "tasks_by_hand", test_tasks_by_hand },
	{ "list_order", test_list_order },
	{ "mail_reports", test_mail_reports },
	{ "from_hold", test_from_hold },
	{ "block", test_block },
	{ "hold_store", test_hold_store },
	{ "concurrent_notes", test_concurrent_notes },
};

/* run_backend - every case on one backend */
static int
run_backend(const struct backend *be)
{
	size_t n = sizeof(cases) / sizeof(cases[0]);
	struct CMUnitTest *t;
	size_t i;
	int failed;

	t = yj_xcalloc(n, sizeof(*t));
	for (i = 0; i < n; i++) {
		t[i].name = yj_xasprintf("%s/%s", be->driver, cases[i].name);
		t[i].test_func = cases[i].fn;
		t[i].setup_func = setup;
		t[i].teardown_func = teardown;
		t[i].initial_state = (void *)be;
	}
	failed = _cmocka_run_group_tests(be->driver, t, n, NULL, NULL);
	for (i = 0; i < n; i++)
		yj_free((char *)t[i].name);
	yj_free(t);
	return failed;
}

int
main(void)
{
	static const struct backend sqlite = { "sqlite", NULL };
	struct backend pg = { "postgresql", NULL };
	int failed;

	setenv("YOJIN_NOW", "2026-12-28T18:00+09:00", 1);
	failed = run_backend(&sqlite);
	pg.conninfo = getenv("YJ_TEST_PG");
	if (pg.conninfo != NULL && *pg.conninfo != '\0')
		failed += run_backend(&pg);
	return failed != 0;
}
