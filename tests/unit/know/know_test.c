/*
 * know_test.c - src/know and the contacts/history store components, on
 * SQLite and (when YJ_TEST_PG holds a conninfo, as tests/store/run sets
 * it) on PostgreSQL: learning, idempotency under concurrent learners,
 * threads, contacts, name and organisation lookups, snapshot refresh
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/engine.h"
#include "know/know.h"
#include "store/contacts.h"
#include "store/history.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"

#define NLEARNERS	4
#define NMESSAGES	40

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
	struct yj_conf		*conf;
};

/* pg_admin - SQL outside any test schema */
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

/* conf_text - a configuration from YAML */
static struct yj_conf *
conf_text(const char *yaml)
{
	char path[] = "/tmp/yj-know-conf-XXXXXX";
	struct yj_conf *c;
	char err[512];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	if (yj_engine_load_conf(path, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	unlink(path);
	return c;
}

/* setup - a fresh store for one case */
static int
setup(void **state)
{
	static unsigned serial;
	struct fixture *f = yj_xcalloc(1, sizeof(*f));
	char err[YJ_DB_ERRMAX], sql[128];

	f->be = *state;
	if (strcmp(f->be->driver, "sqlite") == 0) {
		snprintf(f->dir, sizeof(f->dir), "/tmp/yj-know-XXXXXX");
		if (mkdtemp(f->dir) == NULL)
			return -1;
		snprintf(f->target, sizeof(f->target), "%s/yojin.db", f->dir);
	} else {
		snprintf(f->schema, sizeof(f->schema), "yj_k_%ld_%u",
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
	f->conf = conf_text("organization:\n  name: 用心商事株式会社\n"
	    "  domains: [yojin-shoji.example]\n");
	*state = f;
	return 0;
}

/* teardown - drop the store */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char sql[128], path[512];
	struct dirent *de;
	DIR *d;

	yj_store_close(f->store);
	yj_conf_free(f->conf);
	if (f->dir[0] != '\0' && (d = opendir(f->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			snprintf(path, sizeof(path), "%s/%s", f->dir,
			    de->d_name);
			if (de->d_name[0] != '.')
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

/* learn - parse raw and learn it; the status */
static enum yj_learn_status
learn(struct fixture *f, const char *raw, const char *sender)
{
	struct yj_learn_opts o = { .sender = sender };
	struct yj_learn_result r;
	struct yj_msg *m = yj_msg_parse(raw, strlen(raw), NULL);
	int rc;

	rc = yj_know_learn(f->store, f->conf, m, &o, &r);
	if (rc != 0)
		fail_msg("learn: %s", yj_store_errmsg(f->store));
	yj_msg_free(m);
	return r.status;
}

/* mail - a sent message */
static char *
mail(const char *id, const char *to, const char *date, const char *extra,
    const char *body)
{
	return yj_xasprintf("From: Ichiro Suzuki <suzuki@yojin-shoji.example>"
	    "\nTo: %s\nSubject: test\nDate: %s\nMessage-ID: <%s>\n%s"
	    "\n%s\n", to, date, id, extra, body);
}

/* know_of - knowledge over the fixture's store */
static struct yj_know *
know_of(struct fixture *f, struct yj_knowledge *kb)
{
	struct yj_know *k;
	char err[512];

	if (yj_know_new(f->store, f->conf, 0, &k, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	yj_know_kb(k, kb);
	return k;
}

static void
test_learn_and_ask(void **state)
{
	struct fixture *f = *state;
	struct yj_knowledge kb;
	struct yj_arena *a = yj_arena_new();
	struct yj_kb_person p;
	struct yj_kb_peer peer, *pv;
	struct yj_kb_sender snd;
	struct yj_kb_domain d;
	struct yj_kb_stats st;
	struct yj_know *k;
	char *m1, *m2, *m3;
	size_t n;

	m1 = mail("a1@yojin-shoji.example", "Taro Tanaka <Tanaka@A-Shoji."
	    "example>", "Mon, 02 Nov 2026 10:00:00 +0900", "",
	    "株式会社A商事\n営業部 田中様\n\nお世話になっております。");
	m2 = mail("a2@yojin-shoji.example", "田中 太郎 <tanaka@a-shoji.example>"
	    ", kimura@yojin-shoji.example", "Tue, 03 Nov 2026 10:00:00 +0900",
	    "", "田中様");
	m3 = mail("a3@yojin-shoji.example", "x@outside.example",
	    "Wed, 04 Nov 2026 10:00:00 +0900", "", "hi");
	assert_int_equal(learn(f, m1, NULL), YJ_LEARN_ADDED);
	assert_int_equal(learn(f, m2, NULL), YJ_LEARN_ADDED);
	assert_int_equal(learn(f, m1, NULL), YJ_LEARN_KNOWN);
	assert_int_equal(learn(f, m3, NULL), YJ_LEARN_ADDED);
	k = know_of(f, &kb);
	assert_int_equal(yj_kb_stats(&kb, &st), 0);
	assert_int_equal(st.messages, 3);
	assert_int_equal(st.senders, 1);
	assert_int_equal(yj_kb_person(&kb, a, "TANAKA@a-shoji.example", &p), 0);
	assert_int_equal(p.sent, 2);
	assert_int_equal(p.sources, YJ_KB_SENT);
	assert_int_equal(p.nnames, 2);
	assert_string_equal(p.org, "株式会社A商事");	/* from the greeting */
	assert_int_equal(yj_kb_person(&kb, a, "nobody@a-shoji.example", &p),
	    YJ_ENOENT);
	assert_int_equal(yj_kb_sender(&kb, "suzuki@yojin-shoji.example", &snd),
	    0);
	assert_int_equal(snd.messages, 3);
	assert_int_equal(snd.peers, 3);
	assert_int_equal(yj_kb_sender_peer(&kb, "suzuki@yojin-shoji.example",
	    "tanaka@a-shoji.example", &peer), 0);
	assert_int_equal(peer.sent, 2);
	assert_int_equal(yj_kb_sender_peers(&kb, a,
	    "suzuki@yojin-shoji.example", 10, &pv, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(pv[0].addr, "tanaka@a-shoji.example");
	assert_int_equal(yj_kb_domain(&kb, a, "mail.a-shoji.example", &d), 0);
	assert_string_equal(d.domain, "a-shoji.example");
	assert_int_equal(d.sent, 2);
	assert_int_equal(d.norgs, 1);
	assert_int_equal(yj_kb_domain(&kb, a, "never.example", &d), YJ_ENOENT);
	yj_know_free(k);
	yj_free(m1);
	yj_free(m2);
	yj_free(m3);
	yj_arena_free(a);
}

static void
test_threads(void **state)
{
	struct fixture *f = *state;
	struct yj_knowledge kb;
	struct yj_arena *a = yj_arena_new();
	struct yj_kb_thread t;
	struct yj_know *k;
	const char *ids[] = { "unknown@x", "t2@yojin-shoji.example" };
	const char *none[] = { "nothing@x" };
	char *m1, *m2;

	m1 = mail("t1@yojin-shoji.example", "a@a-shoji.example",
	    "Mon, 02 Nov 2026 10:00:00 +0900", "", "x");
	m2 = mail("t2@yojin-shoji.example", "a@a-shoji.example, "
	    "b@b-kogyo.example", "Tue, 03 Nov 2026 10:00:00 +0900",
	    "In-Reply-To: <their@a-shoji.example>\n"
	    "References: <t1@yojin-shoji.example> <their@a-shoji.example>\n",
	    "y");
	assert_int_equal(learn(f, m1, NULL), YJ_LEARN_ADDED);
	assert_int_equal(learn(f, m2, NULL), YJ_LEARN_ADDED);
	k = know_of(f, &kb);
	assert_int_equal(yj_kb_thread(&kb, a, ids, 2, &t), 0);
	assert_int_equal(t.known, 1);
	assert_int_equal(t.messages, 2);	/* one thread through t1 */
	assert_int_equal(t.nr, 3);		/* a, b and the sender */
	assert_string_equal(t.v[0].addr, "a@a-shoji.example");
	assert_int_equal(t.v[0].messages, 2);
	/* a received id known only as a reference finds the thread too */
	ids[1] = "their@a-shoji.example";
	assert_int_equal(yj_kb_thread(&kb, a, ids, 2, &t), 0);
	assert_int_equal(yj_kb_thread(&kb, a, none, 1, &t), YJ_ENOENT);
	yj_know_free(k);
	yj_free(m1);
	yj_free(m2);
	yj_arena_free(a);
}

static void
test_contacts_and_names(void **state)
{
	struct fixture *f = *state;
	static const char csv[] =
	    "name,email,organization,reading,department\n"
	    "田中太郎,tanaka@a-shoji.example,株式会社A商事,タナカ タロウ,営業部\n"
	    "田中 次郎,jiro@b-kogyo.example,B工業(株),,\n"
	    "John Smith,john@acme.example,\"Acme, Inc.\",,\n";
	struct yj_arena *a = yj_arena_new();
	struct yj_contacts_report rep;
	struct yj_kb_person *v;
	struct yj_knowledge kb;
	struct yj_kb_org_hit *h;
	struct yj_kb_org o;
	struct yj_know *k;
	const char *text;
	char err[512];
	size_t n;

	assert_int_equal(yj_know_import_contacts(f->store, a, "t.csv", csv,
	    strlen(csv), YJ_CONTACTS_AUTO, false, &rep, err, sizeof(err)), 0);
	assert_int_equal(rep.created, 3);
	k = know_of(f, &kb);
	/* by whole name, family-name prefix, reading, part, English part */
	assert_int_equal(yj_kb_people_named(&kb, a, "田中太郎", 10, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(yj_kb_people_named(&kb, a, "田中様", 10, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(yj_kb_people_named(&kb, a, "たなか", 10, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].addr, "tanaka@a-shoji.example");
	assert_int_equal(yj_kb_people_named(&kb, a, "Mr. Smith", 10, &v, &n),
	    0);
	assert_string_equal(v[0].org, "Acme, Inc.");
	assert_int_equal(yj_kb_people_named(&kb, a, "Suzuki", 10, &v, &n),
	    YJ_ENOENT);
	/* organisations by any variant, and in text */
	assert_int_equal(yj_kb_org(&kb, a, "㈱Ａ商事", &o), 0);
	assert_string_equal(o.domains[0], "a-shoji.example");
	assert_int_equal(yj_kb_org(&kb, a, "B工業株式会社", &o), 0);
	text = "件名: b工業様とacmeの件、a-shoji.exampleにも";
	assert_int_equal(yj_kb_find_orgs(&kb, a, text, strlen(text), 10, &h,
	    &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(h[0].org.key, "b工業");
	assert_string_equal(h[1].org.key, "acme");
	assert_string_equal(h[2].matched, "a-shoji.example");
	text = "acmeville and macme";
	assert_int_equal(yj_kb_find_orgs(&kb, a, text, strlen(text), 10, &h,
	    &n), YJ_ENOENT);
	/* people at a domain: the typo candidates */
	assert_int_equal(yj_kb_people_at(&kb, a, "x.a-shoji.example", 10, &v,
	    &n), 0);
	assert_int_equal(n, 1);
	yj_know_free(k);
	yj_arena_free(a);
}

static void
test_snapshot_refresh(void **state)
{
	struct fixture *f = *state;
	struct yj_arena *a = yj_arena_new();
	struct yj_knowledge kb;
	struct yj_kb_org_hit *h;
	struct yj_know *k;
	const char *text = "c物産様の件";
	char *m;
	size_t n;

	k = know_of(f, &kb);
	m = mail("c1@yojin-shoji.example", "y@c-bussan.example",
	    "Mon, 02 Nov 2026 10:00:00 +0900", "", "株式会社C物産 山本様\n\n"
	    "お世話になっております。");
	assert_int_equal(learn(f, m, NULL), YJ_LEARN_ADDED);
	/* the snapshot predates the learning */
	assert_int_equal(yj_kb_find_orgs(&kb, a, text, strlen(text), 5, &h,
	    &n), YJ_ENOENT);
	assert_int_equal(yj_know_refresh(k), 0);
	assert_int_equal(yj_kb_find_orgs(&kb, a, text, strlen(text), 5, &h,
	    &n), 0);
	assert_string_equal(h[0].org.domains[0], "c-bussan.example");
	yj_know_free(k);
	yj_free(m);
	yj_arena_free(a);
}

struct learner {
	struct fixture	*f;
	int		 added;
	int		 failed;
};

/* learner - learn the same messages as the other threads */
static void *
learner(void *arg)
{
	struct yj_learn_result r;
	struct learner *l = arg;
	struct yj_msg *m;
	char *raw, id[64];
	int i;

	for (i = 0; i < NMESSAGES; i++) {
		snprintf(id, sizeof(id), "race%d@yojin-shoji.example", i);
		raw = mail(id, "peer@race.example", "Mon, 02 Nov 2026 10:00:00 "
		    "+0900", "", "race");
		m = yj_msg_parse(raw, strlen(raw), NULL);
		if (yj_know_learn(l->f->store, l->f->conf, m, NULL, &r) != 0)
			l->failed++;
		else if (r.status == YJ_LEARN_ADDED)
			l->added++;
		yj_msg_free(m);
		yj_free(raw);
	}
	yj_store_thread_done(l->f->store);
	return NULL;
}

static void
test_concurrent_learners(void **state)
{
	struct fixture *f = *state;
	struct learner l[NLEARNERS];
	pthread_t t[NLEARNERS];
	struct yj_history_peer p;
	struct yj_db *db;
	int i, added = 0;

	memset(l, 0, sizeof(l));
	for (i = 0; i < NLEARNERS; i++) {
		l[i].f = f;
		assert_int_equal(pthread_create(&t[i], NULL, learner, &l[i]), 0);
	}
	for (i = 0; i < NLEARNERS; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(l[i].failed, 0);
		added += l[i].added;
	}
	/* every message learned exactly once, whoever won */
	assert_int_equal(added, NMESSAGES);
	assert_int_equal(yj_store_db(f->store, &db), 0);
	assert_int_equal(yj_history_peer(db, "suzuki@yojin-shoji.example",
	    "peer@race.example", &p), 0);
	assert_int_equal(p.sent, NMESSAGES);
}

static void
test_contacts_store(void **state)
{
	struct fixture *f = *state;
	struct yj_arena *a = yj_arena_new();
	enum yj_contacts_put_result res;
	const char *keys[] = { "やまだ", "山田" };
	struct yj_contact c = { .addr = "yamada@z.example", .domain =
		"z.example", .name = "山田", .reading = "やまだ", .org = "Z社",
		.org_key = "z社", .department = "", .source = "test",
		.keys = keys, .nkeys = 2 }, got, *v;
	struct yj_db *db;
	int64_t gen0, gen1, count;
	size_t n;

	assert_int_equal(yj_store_db(f->store, &db), 0);
	assert_int_equal(yj_contacts_generation(db, &gen0), 0);
	assert_int_equal(yj_db_begin(db, 0), 0);
	assert_int_equal(yj_contacts_put(db, &c, 100, &res), 0);
	assert_int_equal(res, YJ_CONTACT_CREATED);
	assert_int_equal(yj_contacts_put(db, &c, 200, &res), 0);
	assert_int_equal(res, YJ_CONTACT_UNCHANGED);
	c.department = "経理部";
	assert_int_equal(yj_contacts_put(db, &c, 300, &res), 0);
	assert_int_equal(res, YJ_CONTACT_UPDATED);
	assert_int_equal(yj_db_commit(db), 0);
	assert_int_equal(yj_contacts_generation(db, &gen1), 0);
	assert_true(gen1 > gen0);
	assert_int_equal(yj_contacts_get(db, a, "yamada@z.example", &got), 0);
	assert_string_equal(got.department, "経理部");
	assert_int_equal(got.created_at, 100);
	assert_int_equal(got.updated_at, 300);
	assert_int_equal(got.nkeys, 2);
	assert_int_equal(yj_contacts_by_key(db, a, "やまだ", 5, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(yj_contacts_list(db, a, "Z社", 0, 10, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(yj_contacts_list(db, a, "100%", 0, 10, &v, &n), 0);
	assert_int_equal(n, 0);			/* % is literal */
	assert_int_equal(yj_contacts_count(db, &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(yj_contacts_remove(db, "yamada@z.example"), 0);
	assert_int_equal(yj_contacts_remove(db, "yamada@z.example"), YJ_ENOENT);
	assert_int_equal(yj_contacts_by_key(db, a, "やまだ", 5, &v, &n),
	    YJ_ENOENT);
	yj_arena_free(a);
}

struct named {
	const char		*name;
	CMUnitTestFunction	 fn;
};

static const struct named cases[] = {
	{ "learn_and_ask", test_learn_and_ask },
	{ "threads", test_threads },
	{ "contacts_and_names", test_contacts_and_names },
	{ "snapshot_refresh", test_snapshot_refresh },
	{ "concurrent_learners", test_concurrent_learners },
	{ "contacts_store", test_contacts_store },
};

/* run_backend - every case on one backend */
static int
run_backend(const struct backend *be)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), i;
	struct CMUnitTest t[sizeof(cases) / sizeof(cases[0])];
	char *names[sizeof(cases) / sizeof(cases[0])];
	int failed;

	for (i = 0; i < n; i++) {
		names[i] = yj_xasprintf("%s/%s", be->driver, cases[i].name);
		t[i].name = names[i];
		t[i].test_func = cases[i].fn;
		t[i].setup_func = setup;
		t[i].teardown_func = teardown;
		t[i].initial_state = (void *)be;
	}
	failed = _cmocka_run_group_tests(be->driver, t, n, NULL, NULL);
	for (i = 0; i < n; i++)
		yj_free(names[i]);
	return failed;
}

int
main(void)
{
	static const struct backend sqlite = { "sqlite", NULL };
	struct backend pg = { "postgresql", NULL };
	int failed;

	failed = run_backend(&sqlite);
	pg.conninfo = getenv("YJ_TEST_PG");
	if (pg.conninfo != NULL && *pg.conninfo != '\0')
		failed += run_backend(&pg);
	return failed != 0;
}
