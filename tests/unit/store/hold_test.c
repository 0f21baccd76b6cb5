/*
 * hold_test.c - store/hold: held messages, guarded transitions, audit
 *
 * Runs on SQLite, and on PostgreSQL too when YJ_TEST_PG holds a conninfo
 * (tests/store/run starts a private cluster): each PostgreSQL case gets
 * its own schema, dropped afterwards.
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

#include "store/hold.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/time.h"

#define NRACERS	6

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
};

/* pg_admin - SQL on the server outside the case's schema */
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

/* open_store - the case's store */
static struct yj_store *
open_store(struct fixture *f)
{
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;

	if (yj_store_open(&s, f->be->driver, f->target, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return s;
}

/* setup - a fresh store */
static int
setup(void **state)
{
	static unsigned serial;
	struct fixture *f = yj_xcalloc(1, sizeof(*f));
	char sql[128];

	f->be = *state;
	if (strcmp(f->be->driver, "sqlite") == 0) {
		snprintf(f->dir, sizeof(f->dir), "/tmp/yj-hold-XXXXXX");
		if (mkdtemp(f->dir) == NULL)
			return -1;
		snprintf(f->target, sizeof(f->target), "%s/yojin.db", f->dir);
	} else {
		snprintf(f->schema, sizeof(f->schema), "yj_h_%ld_%u",
		    (long)getpid(), ++serial);
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", f->schema);
		pg_admin(f->be, sql);
		snprintf(f->target, sizeof(f->target),
		    "%s options='-csearch_path=%s'", f->be->conninfo,
		    f->schema);
	}
	f->store = open_store(f);
	*state = f;
	return 0;
}

/* teardown - close and remove */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[512];
	char sql[128];
	struct dirent *de;
	DIR *d;

	yj_store_close(f->store);
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
	} else if (f->schema[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", f->schema);
		pg_admin(f->be, sql);
	}
	*state = (void *)f->be;
	yj_free(f);
	return 0;
}

/* sample - a record with everything set */
static void
sample(struct yj_hold_rec *r, const char *host, const char *qid)
{
	memset(r, 0, sizeof(*r));
	r->host = (char *)host;
	r->queue_id = (char *)qid;
	r->kind = "hold";
	r->mode = "self";
	r->direction = "out";
	r->sender = "tanaka@yojin-shoji.example";
	r->recipients = "[\"a@one.example\", \"b@two.example\"]";
	r->subject = "見積書の送付 ①";
	r->message_id = "abc@yojin-shoji.example";
	r->verdict = "hold";
	r->score = 55;
	r->findings = "[{\"id\": \"recipients.visible\"}]";
	r->approvers = "[]";
	r->headers = "From: tanaka@yojin-shoji.example\r\nSubject: x\r\n";
	r->size = 1234;
	r->deadline = yj_time_now() + 3600;
	r->deadline_action = "delete";
	r->notice_wanted = true;
}

/* add - insert a sample, return its id */
static int64_t
add(struct yj_store *s, const char *host, const char *qid)
{
	struct yj_hold_rec r;

	sample(&r, host, qid);
	assert_int_equal(yj_hold_store_add(s, &r, "milter"), 0);
	assert_true(r.id > 0);
	return r.id;
}

/* test_round_trip - what goes in comes out, with its audit */
static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	struct yj_hold_audit *a;
	struct yj_hold_rec *r;
	int64_t id;
	size_t n;

	id = add(f->store, "mx1", "4ZkQ1T2bXyzJ7q");
	assert_int_equal(yj_hold_store_get(f->store, id, &r), 0);
	assert_string_equal(r->host, "mx1");
	assert_string_equal(r->queue_id, "4ZkQ1T2bXyzJ7q");
	assert_string_equal(r->state, "held");
	assert_null(r->target);
	assert_string_equal(r->subject, "見積書の送付 ①");
	assert_string_equal(r->recipients,
	    "[\"a@one.example\", \"b@two.example\"]");
	assert_int_equal(r->score, 55);
	assert_int_equal(r->size, 1234);
	assert_true(r->notice_wanted);
	assert_int_equal(r->notice_at, 0);
	assert_true(r->created_at > 0 && r->created_at == r->updated_at);
	yj_hold_rec_free(r);
	assert_int_equal(yj_hold_store_audit_list(f->store, id, &a, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(a[0].action, "held");
	assert_string_equal(a[0].actor, "milter");
	yj_hold_audit_free(a, n);
	assert_int_equal(yj_hold_store_get(f->store, id + 100, &r), YJ_ENOENT);
	assert_null(r);
}

/* test_transitions - guarded by the state read; audited */
static void
test_transitions(void **state)
{
	struct fixture *f = *state;
	struct yj_hold_audit *a;
	struct yj_hold_rec *r;
	char st[32];
	int64_t id;
	size_t n;

	id = add(f->store, "mx1", "AAA111");
	assert_int_equal(yj_hold_store_transition(f->store, id, "held",
	    "releasing", "released", "cli:alice", "release", "by hand"), 0);
	/* a cancel that read "held" before the release committed loses */
	assert_int_equal(yj_hold_store_transition(f->store, id, "held",
	    "cancelling", "cancelled", "cli:bob", "cancel", ""), YJ_ESTATE);
	assert_int_equal(yj_hold_store_state(f->store, id, st, sizeof(st)), 0);
	assert_string_equal(st, "releasing");
	assert_int_equal(yj_hold_store_get(f->store, id, &r), 0);
	assert_string_equal(r->target, "released");
	yj_hold_rec_free(r);
	assert_int_equal(yj_hold_store_transition(f->store, id, "releasing",
	    "released", NULL, "cli:alice", "released", ""), 0);
	assert_true(yj_hold_state_final("released"));
	assert_false(yj_hold_state_final("releasing"));
	assert_int_equal(yj_hold_store_transition(f->store, id + 7, "held",
	    "releasing", NULL, "x", "release", ""), YJ_ENOENT);
	assert_int_equal(yj_hold_store_audit_list(f->store, id, &a, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(a[1].actor, "cli:alice");
	assert_string_equal(a[1].detail, "by hand");
	assert_string_equal(a[2].action, "released");
	yj_hold_audit_free(a, n);
	assert_int_equal(yj_hold_store_audit(f->store, id, "cli:carol",
	    "note", "checked twice"), 0);
	assert_int_equal(yj_hold_store_audit_list(f->store, id, &a, &n), 0);
	assert_int_equal(n, 4);
	yj_hold_audit_free(a, n);
}

/* test_purge - finished and old records go with their audit; held stay */
static void
test_purge(void **state)
{
	struct fixture *f = *state;
	struct yj_hold_audit *a;
	struct yj_hold_rec *r;
	int64_t held, released, cancelled, missing, again, n;
	size_t na;

	held = add(f->store, "mx1", "C1C1C1");
	released = add(f->store, "mx1", "C2C2C2");
	cancelled = add(f->store, "mx1", "C3C3C3");
	missing = add(f->store, "mx1", "C4C4C4");
	again = add(f->store, "mx1", "C4C4C4");	/* retires "missing" */
	assert_int_equal(yj_hold_store_transition(f->store, released, "held",
	    "released", NULL, "cli:alice", "release", ""), 0);
	assert_int_equal(yj_hold_store_transition(f->store, cancelled, "held",
	    "cancelling", "cancelled", "cli:bob", "cancel", ""), 0);
	/* nothing is old enough yet */
	assert_int_equal(yj_hold_store_purge(f->store, yj_time_now() - 3600,
	    &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(yj_hold_store_purge(f->store, yj_time_now() + 60,
	    &n), 0);
	assert_int_equal(n, 2);		/* released and missing */
	assert_int_equal(yj_hold_store_get(f->store, released, &r), YJ_ENOENT);
	assert_int_equal(yj_hold_store_get(f->store, missing, &r), YJ_ENOENT);
	assert_int_equal(yj_hold_store_audit_list(f->store, released, &a, &na),
	    0);
	assert_int_equal(na, 0);
	yj_hold_audit_free(a, na);
	/* held, and an action under way, are never purged */
	assert_int_equal(yj_hold_store_get(f->store, held, &r), 0);
	yj_hold_rec_free(r);
	assert_int_equal(yj_hold_store_get(f->store, again, &r), 0);
	yj_hold_rec_free(r);
	assert_int_equal(yj_hold_store_get(f->store, cancelled, &r), 0);
	assert_string_equal(r->state, "cancelling");
	yj_hold_rec_free(r);
	assert_int_equal(yj_hold_store_audit_list(f->store, held, &a, &na), 0);
	assert_int_equal(na, 1);
	yj_hold_audit_free(a, na);
}

/* test_queue_id_reuse - a new hold retires an active one with the id */
static void
test_queue_id_reuse(void **state)
{
	struct fixture *f = *state;
	struct yj_hold_rec *r;
	int64_t a, b, c;

	a = add(f->store, "mx1", "B0B0B0");
	b = add(f->store, "mx1", "B0B0B0");
	assert_true(b != a);
	assert_int_equal(yj_hold_store_get(f->store, a, &r), 0);
	assert_string_equal(r->state, "missing");
	yj_hold_rec_free(r);
	/* the same queue id on another host is another message */
	c = add(f->store, "mx2", "B0B0B0");
	assert_int_equal(yj_hold_store_get(f->store, b, &r), 0);
	assert_string_equal(r->state, "held");
	yj_hold_rec_free(r);
	assert_int_equal(yj_hold_store_find(f->store, "mx2", "B0B0B0", &r), 0);
	assert_int_equal(r->id, c);
	yj_hold_rec_free(r);
	assert_int_equal(yj_hold_store_find(f->store, "mx3", "B0B0B0", &r),
	    YJ_ENOENT);
}

/* ids - the ids of a list, as a string "3,2,1" */
static void
ids(const struct yj_hold_list *l, char *out, size_t outsz)
{
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; i < l->nr && off < outsz; i++)
		off += (size_t)snprintf(out + off, outsz - off, "%s%lld",
		    i ? "," : "", (long long)l->v[i]->id);
}

/* list_ids - run a filter */
static void
list_ids(struct yj_store *s, const struct yj_hold_filter *flt, char *out,
    size_t outsz)
{
	struct yj_hold_list l;

	assert_int_equal(yj_hold_store_list(s, flt, &l), 0);
	ids(&l, out, outsz);
	yj_hold_list_free(&l);
}

/* test_filters - state, host, due, stuck and pending notices */
static void
test_filters(void **state)
{
	struct fixture *f = *state;
	struct yj_hold_filter flt;
	struct yj_hold_rec r;
	char got[256], want[256];
	int64_t due, later, done, other;
	int64_t now = yj_time_now();

	sample(&r, "mx1", "DUE1");
	r.deadline = now - 10;
	assert_int_equal(yj_hold_store_add(f->store, &r, "milter"), 0);
	due = r.id;
	sample(&r, "mx1", "LATER1");
	r.notice_wanted = false;
	assert_int_equal(yj_hold_store_add(f->store, &r, "milter"), 0);
	later = r.id;
	done = add(f->store, "mx1", "DONE1");
	assert_int_equal(yj_hold_store_transition(f->store, done, "held",
	    "cancelling", "cancelled", "t", "cancel", ""), 0);
	other = add(f->store, "mx2", "OTHER1");

	memset(&flt, 0, sizeof(flt));
	list_ids(f->store, &flt, got, sizeof(got));
	snprintf(want, sizeof(want), "%lld,%lld,%lld,%lld", (long long)other,
	    (long long)done, (long long)later, (long long)due);
	assert_string_equal(got, want);

	flt.host = "mx1";
	flt.due_before = now;
	list_ids(f->store, &flt, got, sizeof(got));
	snprintf(want, sizeof(want), "%lld", (long long)due);
	assert_string_equal(got, want);

	memset(&flt, 0, sizeof(flt));
	flt.state = "active";
	flt.host = "mx1";
	list_ids(f->store, &flt, got, sizeof(got));
	snprintf(want, sizeof(want), "%lld,%lld,%lld", (long long)done,
	    (long long)later, (long long)due);
	assert_string_equal(got, want);

	flt.state = "cancelling";
	list_ids(f->store, &flt, got, sizeof(got));
	snprintf(want, sizeof(want), "%lld", (long long)done);
	assert_string_equal(got, want);

	memset(&flt, 0, sizeof(flt));
	flt.stuck_before = now + 100;
	list_ids(f->store, &flt, got, sizeof(got));
	assert_string_equal(got, want);
	flt.stuck_before = now - 100;
	list_ids(f->store, &flt, got, sizeof(got));
	assert_string_equal(got, "");

	memset(&flt, 0, sizeof(flt));
	flt.notice_pending = true;
	flt.host = "mx1";
	list_ids(f->store, &flt, got, sizeof(got));
	snprintf(want, sizeof(want), "%lld", (long long)due);
	assert_string_equal(got, want);
	assert_int_equal(yj_hold_store_notice_sent(f->store, due, now), 0);
	list_ids(f->store, &flt, got, sizeof(got));
	assert_string_equal(got, "");

	memset(&flt, 0, sizeof(flt));
	flt.limit = 2;
	list_ids(f->store, &flt, got, sizeof(got));
	snprintf(want, sizeof(want), "%lld,%lld", (long long)other,
	    (long long)done);
	assert_string_equal(got, want);
}

/* test_secret - 32 random bytes, the same after reopening */
static void
test_secret(void **state)
{
	struct fixture *f = *state;
	unsigned char k1[32], k2[32], zero[32];

	memset(zero, 0, sizeof(zero));
	assert_int_equal(yj_hold_store_secret(f->store, k1), 0);
	assert_memory_not_equal(k1, zero, sizeof(k1));
	yj_store_close(f->store);
	f->store = open_store(f);
	assert_int_equal(yj_hold_store_secret(f->store, k2), 0);
	assert_memory_equal(k1, k2, sizeof(k1));
}

struct race {
	struct yj_store	*store;
	int64_t		 id;
	int		 which;
	int		 rc;
};

/* racer - release or cancel the same record as the others */
static void *
racer(void *arg)
{
	struct race *r = arg;
	char actor[32];

	snprintf(actor, sizeof(actor), "racer%d", r->which);
	r->rc = yj_hold_store_transition(r->store, r->id, "held",
	    r->which % 2 ? "releasing" : "cancelling", NULL, actor,
	    r->which % 2 ? "release" : "cancel", "");
	yj_store_thread_done(r->store);
	return NULL;
}

/* test_race - exactly one of several concurrent actions wins */
static void
test_race(void **state)
{
	struct fixture *f = *state;
	struct race r[NRACERS];
	pthread_t t[NRACERS];
	struct yj_hold_audit *a;
	int i, won = 0;
	int64_t id;
	size_t n;

	id = add(f->store, "mx1", "RACE01");
	for (i = 0; i < NRACERS; i++) {
		r[i].store = f->store;
		r[i].id = id;
		r[i].which = i;
		assert_int_equal(pthread_create(&t[i], NULL, racer, &r[i]), 0);
	}
	for (i = 0; i < NRACERS; i++) {
		pthread_join(t[i], NULL);
		if (r[i].rc == 0)
			won++;
		else if (r[i].rc != YJ_ESTATE)
			fail_msg("racer %d: %s", i, yj_strerror(r[i].rc));
	}
	assert_int_equal(won, 1);
	assert_int_equal(yj_hold_store_audit_list(f->store, id, &a, &n), 0);
	assert_int_equal(n, 2);
	yj_hold_audit_free(a, n);
}

/* test_bad_input - required fields */
static void
test_bad_input(void **state)
{
	struct fixture *f = *state;
	struct yj_hold_rec r;

	sample(&r, "mx1", "BAD1");
	r.kind = NULL;
	assert_int_equal(yj_hold_store_add(f->store, &r, "t"), YJ_EINVAL);
	sample(&r, "mx1", "BAD1");
	r.subject = "bad \xff utf-8";
	assert_true(yj_hold_store_add(f->store, &r, "t") < 0);
}

#define CASES \
	cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_transitions, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_purge, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_queue_id_reuse, setup, \
	    teardown), \
	cmocka_unit_test_setup_teardown(test_filters, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_secret, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_race, setup, teardown), \
	cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown)

/* with_state - give every case of a group its backend */
static void
with_state(struct CMUnitTest *t, size_t n, const struct backend *be)
{
	size_t i;

	for (i = 0; i < n; i++)
		t[i].initial_state = (void *)be;
}

int
main(void)
{
	static const struct backend sqlite = { "sqlite", NULL };
	static struct backend pg = { "postgresql", NULL };
	struct CMUnitTest lite[] = { CASES };
	struct CMUnitTest post[] = { CASES };
	int rc;

	with_state(lite, sizeof(lite) / sizeof(lite[0]), &sqlite);
	rc = _cmocka_run_group_tests("hold/sqlite", lite,
	    sizeof(lite) / sizeof(lite[0]), NULL, NULL);
	pg.conninfo = getenv("YJ_TEST_PG");
	if (pg.conninfo != NULL && *pg.conninfo != '\0') {
		with_state(post, sizeof(post) / sizeof(post[0]), &pg);
		rc |= _cmocka_run_group_tests("hold/postgresql", post,
		    sizeof(post) / sizeof(post[0]), NULL, NULL);
	}
	return rc;
}
