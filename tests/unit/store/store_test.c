/*
 * store_test.c - conformance suite for src/store (db, schema, store)
 *
 * The same cases run against SQLite (a file in a fresh temp dir) and,
 * when YJ_TEST_PG holds a keyword=value conninfo, against PostgreSQL: each
 * case then gets a fresh schema (search_path set through the conninfo's
 * options) that is dropped afterwards, so runs never see each other.
 * tests/store/run starts a private cluster and sets YJ_TEST_PG.  Cases
 * that only make sense for one backend (file damage, lost server) are in
 * that backend's group; pure functions (placeholder rewriting, the
 * component list) run once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/db_driver.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/time.h"

#define NTHREADS	4
#define NINCR		150	/* transactions per thread */
#define NKEYS		20	/* keys raced on by insert_or_get_id */

struct backend {
	const char	*driver;	/* "sqlite" or "postgresql" */
	const char	*conninfo;	/* PostgreSQL: the server */
};

struct fixture {
	const struct backend	*be;
	char			 target[1024];	/* path or conninfo */
	char			 dir[256];	/* SQLite: the temp dir */
	char			 schema[64];	/* PostgreSQL: the schema */
};

/* ---- fixtures ---------------------------------------------------------- */

/* pg_admin - exec SQL on the server outside any test schema */
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

/* setup - a fresh place for one case */
static int
setup(void **state)
{
	static unsigned serial;
	struct fixture *f = yj_xcalloc(1, sizeof(*f));
	char sql[128];

	f->be = *state;
	if (strcmp(f->be->driver, "sqlite") == 0) {
		snprintf(f->dir, sizeof(f->dir), "/tmp/yj-store-XXXXXX");
		if (mkdtemp(f->dir) == NULL)
			return -1;
		snprintf(f->target, sizeof(f->target), "%s/yojin.db", f->dir);
	} else {
		snprintf(f->schema, sizeof(f->schema), "yj_t_%ld_%u",
		    (long)getpid(), ++serial);
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", f->schema);
		pg_admin(f->be, sql);
		snprintf(f->target, sizeof(f->target),
		    "%s options='-csearch_path=%s'", f->be->conninfo,
		    f->schema);
	}
	*state = f;
	return 0;
}

/* rm_dir - remove a flat directory of files */
static void
rm_dir(const char *dir)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (unlink(path) == -1 && errno == EISDIR)
			rm_dir(path);
	}
	closedir(d);
	rmdir(dir);
}

/* teardown - remove the case's files or schema */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char sql[128];

	if (f->dir[0] != '\0')
		rm_dir(f->dir);
	if (f->schema[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", f->schema);
		pg_admin(f->be, sql);
	}
	yj_free(f);
	return 0;
}

/* ---- helpers ----------------------------------------------------------- */

/* is_sqlite - the case runs on SQLite */
static bool
is_sqlite(const struct fixture *f)
{
	return strcmp(f->be->driver, "sqlite") == 0;
}

/* open_store - open the case's store or fail the case */
static struct yj_store *
open_store(const struct fixture *f)
{
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;
	int rc;

	rc = yj_store_open(&s, f->be->driver, f->target, err, sizeof(err));
	if (rc != 0)
		fail_msg("yj_store_open: %d %s", rc, err);
	return s;
}

/* db_of - the calling thread's connection or fail */
static struct yj_db *
db_of(struct yj_store *s)
{
	struct yj_db *db;

	if (yj_store_db(s, &db) != 0)
		fail_msg("yj_store_db: %s", yj_store_errmsg(s));
	return db;
}

/* exec_ok - static SQL that must work */
static void
exec_ok(struct yj_db *db, const char *sql)
{
	if (yj_db_exec(db, sql) != 0)
		fail_msg("%s: %s", sql, yj_db_errmsg(db));
}

/* count - SELECT count(*) ... as an integer, -1 on error */
static int64_t
count(struct yj_db *db, const char *sql)
{
	int64_t n;

	if (yj_db_query_int64(db, sql, NULL, 0, &n) != 0)
		return -1;
	return n;
}

/* read_file - whole small file into buf; its length */
static size_t
read_file(const char *path, char *buf, size_t bufsz)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, bufsz);
	close(fd);
	assert_true(n >= 0);
	return (size_t)n;
}

/* write_file - create path holding p[0..n) */
static void
write_file(const char *path, const void *p, size_t n)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, p, n), (ssize_t)n);
	close(fd);
}

/* nfiles - entries in a directory, without . and .. */
static int
nfiles(const char *dir)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* ---- fake components for the migration cases --------------------------- */

static int fn_calls;

/* fake_fn - data step of a migration: counts its runs */
static int
fake_fn(struct yj_db *db)
{
	fn_calls++;
	return yj_db_exec(db, "INSERT INTO t_b (x) VALUES (42)");
}

/* failing_fn - data step that fails */
static int
failing_fn(struct yj_db *db)
{
	return yj_db_set_error(db, YJ_EINVAL, "refused by the test");
}

#define T_IDS(ID) "CREATE TABLE t_c (id " ID ", name TEXT NOT NULL UNIQUE)"

static const struct yj_migration fake_migrations[] = {
	{ .version = 1, .sql = "CREATE TABLE t_a (x INTEGER)" },
	{ .version = 2, .sql = "CREATE TABLE t_b (x INTEGER);"
	    "INSERT INTO t_a (x) VALUES (1)", .fn = fake_fn },
	{ YJ_MIGRATION_IDS(3, T_IDS) },
};

static const struct yj_schema_component fake = {
	.name = "t", .prefix = "t_",
	.migrations = fake_migrations, .count = 3,
};

static const struct yj_migration bad_migrations[] = {
	{ .version = 1, .sql = "CREATE TABLE u_a (x INTEGER)" },
	{ .version = 2, .sql = "CREATE TABLE u_b (x INTEGER);"
	    "INSERT INTO u_missing VALUES (1)" },
	{ .version = 3, .sql = "CREATE TABLE u_c (x INTEGER)" },
};

static const struct yj_schema_component bad = {
	.name = "u", .prefix = "u_",
	.migrations = bad_migrations, .count = 3,
};

static const struct yj_migration badfn_migrations[] = {
	{ .version = 1, .sql = "CREATE TABLE v_a (x INTEGER)",
	    .fn = failing_fn },
};

static const struct yj_schema_component badfn = {
	.name = "v", .prefix = "v_",
	.migrations = badfn_migrations, .count = 1,
};

/* apply - the registered components plus extra on db */
static int
apply(struct yj_db *db, const struct yj_schema_component *extra,
    char *err, size_t errsz)
{
	const struct yj_schema_component *list[64];
	size_t i, n = yj_schema_count();

	assert_true(n < 64);
	for (i = 0; i < n; i++)
		list[i] = yj_schema_at(i);
	list[n] = extra;
	return yj_schema_apply(db, list, n + 1, err, errsz);
}

/* ---- cases on every backend -------------------------------------------- */

/* test_migrate_empty - a new store gets core and meta; components migrate */
static void
test_migrate_empty(void **state)
{
	struct fixture *f = *state;
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;
	struct yj_db *db;
	int64_t v;
	char *val;
	size_t i;

	s = open_store(f);
	db = db_of(s);
	assert_int_equal(yj_schema_version(db, "core", &v), 0);
	assert_int_equal(v, yj_schema_latest(yj_schema_at(0)));
	assert_int_equal(yj_store_meta_get(s, "store_id", &val), 0);
	assert_int_equal(strlen(val), 32);
	for (i = 0; i < 32; i++)
		assert_non_null(strchr("0123456789abcdef", val[i]));
	yj_free(val);
	assert_int_equal(yj_store_meta_get(s, "created_at", &val), 0);
	v = strtoll(val, NULL, 10);
	assert_true(v > yj_time_now() - 600 && v <= yj_time_now());
	yj_free(val);

	fn_calls = 0;
	assert_int_equal(apply(db, &fake, err, sizeof(err)), 0);
	assert_int_equal(yj_schema_version(db, "t", &v), 0);
	assert_int_equal(v, 3);
	assert_int_equal(fn_calls, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM t_a"), 1);
	assert_int_equal(count(db, "SELECT x FROM t_b"), 42);
	assert_int_equal(count(db, "SELECT count(*) FROM t_c"), 0);
	yj_store_close(s);
}

/* test_reopen_noop - reopening migrates nothing and keeps the identity */
static void
test_reopen_noop(void **state)
{
	struct fixture *f = *state;
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;
	struct yj_db *db;
	char *id1;
	char *id2;

	s = open_store(f);
	db = db_of(s);
	fn_calls = 0;
	assert_int_equal(apply(db, &fake, err, sizeof(err)), 0);
	assert_int_equal(apply(db, &fake, err, sizeof(err)), 0);
	assert_int_equal(fn_calls, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM t_b"), 1);
	assert_int_equal(yj_store_meta_get(s, "store_id", &id1), 0);
	/* forget t again so that the registered list can reopen it */
	exec_ok(db, "DELETE FROM yj_schema WHERE component = 't'");
	yj_store_close(s);

	s = open_store(f);
	db = db_of(s);
	assert_int_equal(yj_store_meta_get(s, "store_id", &id2), 0);
	assert_string_equal(id1, id2);
	assert_int_equal(count(db, "SELECT count(*) FROM yj_schema"),
	    (int64_t)yj_schema_count());
	assert_int_equal(count(db, "SELECT count(*) FROM yj_meta"), 2);
	yj_free(id1);
	yj_free(id2);
	yj_store_close(s);
}

/* test_failed_migration - a failed migration leaves the last good one */
static void
test_failed_migration(void **state)
{
	struct fixture *f = *state;
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;
	struct yj_db *db;
	int64_t v;

	s = open_store(f);
	db = db_of(s);
	assert_true(apply(db, &bad, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "cannot migrate 'u' to version 2: "));
	assert_int_equal(yj_schema_version(db, "u", &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(count(db, "SELECT count(*) FROM u_a"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM u_b"), -1);
	assert_int_equal(count(db, "SELECT count(*) FROM u_c"), -1);
	assert_false(yj_db_in_transaction(db));

	/* u is unknown to the registered list + v: a newer yojin wrote it */
	assert_int_equal(apply(db, &badfn, err, sizeof(err)), YJ_ESCHEMA);
	exec_ok(db, "DELETE FROM yj_schema WHERE component = 'u'");
	assert_int_equal(apply(db, &badfn, err, sizeof(err)), YJ_EINVAL);
	assert_non_null(strstr(err, "refused by the test"));
	assert_int_equal(yj_schema_version(db, "v", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(count(db, "SELECT count(*) FROM v_a"), -1);
	yj_store_close(s);
}

/* reopen_refused - opening fails with YJ_ESCHEMA and a message */
static void
reopen_refused(const struct fixture *f, const char *want)
{
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;

	assert_int_equal(yj_store_open(&s, f->be->driver, f->target, err,
	    sizeof(err)), YJ_ESCHEMA);
	assert_null(s);
	if (strstr(err, want) == NULL || strncmp(err, "cannot open store '",
	    19) != 0)
		fail_msg("unexpected message: %s", err);
}

/* raw_count - a count through a plain connection (no store, no migration) */
static int64_t
raw_count(const struct fixture *f, const char *sql)
{
	char err[YJ_DB_ERRMAX];
	struct yj_db *db;
	int64_t n;

	assert_int_equal(yj_db_open(&db, f->be->driver, f->target, err,
	    sizeof(err)), 0);
	n = count(db, sql);
	yj_db_close(db);
	return n;
}

/* test_newer_schema - refused, and nothing changed */
static void
test_newer_schema(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_db *db;

	s = open_store(f);
	exec_ok(db_of(s), "UPDATE yj_schema SET version = 999 "
	    "WHERE component = 'core'");
	exec_ok(db_of(s), "DELETE FROM yj_meta WHERE key = 'created_at'");
	yj_store_close(s);
	reopen_refused(f, "schema of 'core' is at version 999, newer");
	assert_int_equal(raw_count(f, "SELECT version FROM yj_schema "
	    "WHERE component = 'core'"), 999);
	assert_int_equal(raw_count(f, "SELECT count(*) FROM yj_meta"), 1);

	s = NULL;
	{
		char err[YJ_DB_ERRMAX];

		assert_int_equal(yj_db_open(&db, f->be->driver, f->target,
		    err, sizeof(err)), 0);
	}
	exec_ok(db, "UPDATE yj_schema SET version = 1");
	exec_ok(db, "INSERT INTO yj_schema VALUES ('zz_future', 1)");
	yj_db_close(db);
	reopen_refused(f, "component 'zz_future' (version 1) unknown");
	assert_int_equal(raw_count(f, "SELECT count(*) FROM yj_schema"),
	    (int64_t)yj_schema_count() + 1);
}

/* newer_thread - a new connection checks the schema again */
static void *
newer_thread(void *arg)
{
	struct yj_store *s = arg;
	struct yj_db *db;
	intptr_t rc;

	rc = yj_store_db(s, &db);
	if (rc == YJ_ESCHEMA && strstr(yj_store_errmsg(s), "newer") == NULL)
		rc = -100;
	return (void *)rc;
}

/* test_newer_schema_later - another host upgraded while we ran */
static void
test_newer_schema_later(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	pthread_t t;
	void *rc;

	s = open_store(f);
	exec_ok(db_of(s), "UPDATE yj_schema SET version = 5 "
	    "WHERE component = 'core'");
	assert_int_equal(pthread_create(&t, NULL, newer_thread, s), 0);
	assert_int_equal(pthread_join(t, &rc), 0);
	assert_int_equal((intptr_t)rc, YJ_ESCHEMA);
	yj_store_close(s);
}

/* test_placeholders - "?" in literals, identifiers and comments stays */
static void
test_placeholders(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_stmt *st;
	struct yj_db *db;

	s = open_store(f);
	db = db_of(s);
	exec_ok(db, "CREATE TABLE t_ph (a TEXT, b TEXT, \"q?\" TEXT)");
	assert_int_equal(yj_db_prepare(db, "INSERT INTO t_ph (a, b, \"q?\") "
	    "/* a ? here */ VALUES (?, 'it''s ?', ?) -- and ? there\n", &st),
	    0);
	assert_int_equal(yj_db_bind_text(st, 1, "x?"), 0);
	assert_int_equal(yj_db_bind_text(st, 2, "'?'"), 0);
	assert_int_equal(yj_db_bind_text(st, 3, "extra"), YJ_EINVAL);
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	yj_db_finalize(st);

	assert_int_equal(yj_db_prepare(db, "SELECT a, b, \"q?\" FROM t_ph "
	    "WHERE a = ? AND b = 'it''s ?'", &st), 0);
	assert_int_equal(yj_db_bind_text(st, 1, "x?"), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_ROW);
	assert_string_equal(yj_db_column_text(st, 0), "x?");
	assert_string_equal(yj_db_column_text(st, 1), "it's ?");
	assert_string_equal(yj_db_column_text(st, 2), "'?'");
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	yj_db_finalize(st);
	yj_store_close(s);
}

/* insert_k - insert key k into t_tx */
static int
insert_k(struct yj_db *db, const char *k)
{
	struct yj_db_val v = YJ_DB_TEXT(k);

	return yj_db_execv(db, "INSERT INTO t_tx (k) VALUES (?)", &v, 1);
}

/* insert_then_fail - a transaction body that gives up */
static int
insert_then_fail(struct yj_db *db, void *arg)
{
	(void)arg;
	if (insert_k(db, "p") != 0 || insert_k(db, "q") != 0)
		return YJ_ESTORE;
	return YJ_EINVAL;
}

/* test_tx_rollback - a failure dooms the whole transaction */
static void
test_tx_rollback(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_db *db;
	int rc;

	s = open_store(f);
	db = db_of(s);
	exec_ok(db, "CREATE TABLE t_tx (k TEXT PRIMARY KEY)");

	assert_int_equal(yj_db_begin(db, 0), 0);
	assert_int_equal(yj_db_begin(db, 0), YJ_ESTATE);
	assert_int_equal(insert_k(db, "a"), 0);
	assert_int_equal(insert_k(db, "b"), 0);
	assert_int_equal(insert_k(db, "a"), YJ_EEXIST);
	assert_int_equal(insert_k(db, "c"), YJ_ESTATE);	/* doomed */
	assert_true(yj_db_in_transaction(db));
	rc = yj_db_commit(db);
	assert_int_equal(rc, YJ_EEXIST);
	assert_non_null(strstr(yj_db_errmsg(db), "rolled back"));
	assert_false(yj_db_in_transaction(db));
	assert_int_equal(count(db, "SELECT count(*) FROM t_tx"), 0);

	assert_int_equal(yj_db_begin(db, 0), 0);
	assert_int_equal(insert_k(db, "x"), 0);
	assert_int_equal(yj_db_rollback(db), 0);
	assert_int_equal(yj_db_rollback(db), YJ_ESTATE);
	assert_int_equal(yj_db_commit(db), YJ_ESTATE);
	assert_int_equal(count(db, "SELECT count(*) FROM t_tx"), 0);

	assert_int_equal(yj_db_transact(db, 0, insert_then_fail, NULL),
	    YJ_EINVAL);
	assert_int_equal(count(db, "SELECT count(*) FROM t_tx"), 0);

	/* a durable commit, and the connection back to NORMAL after it */
	assert_int_equal(yj_db_begin(db, YJ_DB_TX_DURABLE), 0);
	assert_int_equal(insert_k(db, "d"), 0);
	assert_int_equal(yj_db_commit(db), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM t_tx"), 1);
	if (is_sqlite(f))
		assert_int_equal(count(db, "PRAGMA synchronous"), 1);

	/* a connection closed mid-transaction commits nothing */
	assert_int_equal(yj_db_begin(db, 0), 0);
	assert_int_equal(insert_k(db, "e"), 0);
	yj_store_thread_done(s);
	db = db_of(s);
	assert_int_equal(count(db, "SELECT count(*) FROM t_tx"), 1);
	yj_store_close(s);
}

/* make_names - the t_u table for unique cases */
static void
make_names(struct yj_db *db, bool sqlite)
{
#define T_U(ID) "CREATE TABLE t_u (id " ID ", name TEXT NOT NULL UNIQUE," \
	" note TEXT)"
	exec_ok(db, sqlite ? T_U(YJ_SQL_ID_SQLITE) : T_U(YJ_SQL_ID_PG));
#undef T_U
}

static const char name_select_sql[] = "SELECT id FROM t_u WHERE name = ?";
static const char name_insert_sql[] = "INSERT INTO t_u (name, note) "
    "VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id";

/* name_id - insert_or_get_id on t_u */
static int
name_id(struct yj_db *db, const char *name, int64_t *id)
{
	struct yj_db_val v[2];

	v[0] = YJ_DB_TEXT(name);
	v[1] = YJ_DB_TEXT("note");
	return yj_db_insert_or_get_id(db, name_select_sql, name_insert_sql,
	    v, 1, 2, id);
}

/* test_unique - conflicts are YJ_EEXIST; insert-or-get returns one id */
static void
test_unique(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_db *db;
	struct yj_db_val v = YJ_DB_TEXT("a");
	int64_t a1;
	int64_t a2;
	int64_t b;

	s = open_store(f);
	db = db_of(s);
	make_names(db, is_sqlite(f));
	assert_int_equal(yj_db_execv(db, "INSERT INTO t_u (name) VALUES (?)",
	    &v, 1), 0);
	assert_int_equal(yj_db_changes(db), 1);
	assert_int_equal(yj_db_execv(db, "INSERT INTO t_u (name) VALUES (?)",
	    &v, 1), YJ_EEXIST);
	assert_int_equal(yj_db_execv(db, "INSERT INTO t_u (id, name) "
	    "VALUES (1, 'other')", NULL, 0), YJ_EEXIST);
	assert_int_equal(yj_db_execv(db, "INSERT INTO t_u (name) VALUES "
	    "(NULL)", NULL, 0), YJ_EINVAL);	/* NOT NULL: other constraint */

	assert_int_equal(name_id(db, "a", &a1), 0);
	assert_int_equal(name_id(db, "a", &a2), 0);
	assert_int_equal(a1, a2);
	assert_int_equal(name_id(db, "b", &b), 0);
	assert_true(b != a1 && b > 0);
	assert_int_equal(name_id(db, "b", &a2), 0);
	assert_int_equal(a2, b);
	assert_int_equal(count(db, "SELECT count(*) FROM t_u"), 2);
	yj_store_close(s);
}

/* test_int64 - extremes survive binding and reading, as numbers and text */
static void
test_int64(void **state)
{
	static const int64_t vals[] = {
		INT64_MIN, INT64_MAX, -1, 0, 1, 9007199254740993LL,
		-9007199254740993LL, 4102444800LL,
	};
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_stmt *st;
	struct yj_db *db;
	char want[32];
	size_t i;

	s = open_store(f);
	db = db_of(s);
	exec_ok(db, "CREATE TABLE t_i (v BIGINT)");
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		struct yj_db_val v = YJ_DB_INT(vals[i]);

		assert_int_equal(yj_db_execv(db, "INSERT INTO t_i (v) "
		    "VALUES (?)", &v, 1), 0);
		assert_int_equal(yj_db_prepare(db, "SELECT v FROM t_i "
		    "WHERE v = ?", &st), 0);
		assert_int_equal(yj_db_bind_int64(st, 1, vals[i]), 0);
		assert_int_equal(yj_db_step(st), YJ_DB_ROW);
		assert_true(yj_db_column_int64(st, 0) == vals[i]);
		snprintf(want, sizeof(want), "%" PRId64, vals[i]);
		assert_string_equal(yj_db_column_text(st, 0), want);
		assert_int_equal(yj_db_step(st), YJ_DB_DONE);
		yj_db_finalize(st);
	}
	assert_int_equal(count(db, "SELECT count(*) FROM t_i"), i);
	yj_store_close(s);
}

/* test_nulls - NULL in, NULL out, and never confused with "" or 0 */
static void
test_nulls(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_stmt *st;
	struct yj_db *db;
	int64_t n;

	s = open_store(f);
	db = db_of(s);
	exec_ok(db, "CREATE TABLE t_n (id INTEGER, a TEXT, b BIGINT)");
	assert_int_equal(yj_db_prepare(db, "INSERT INTO t_n (id, a, b) "
	    "VALUES (?, ?, ?)", &st), 0);
	assert_int_equal(yj_db_bind_int64(st, 1, 1), 0);
	assert_int_equal(yj_db_bind_null(st, 2), 0);
	assert_int_equal(yj_db_bind_text(st, 3, NULL), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	assert_int_equal(yj_db_reset(st), 0);	/* bindings kept */
	assert_int_equal(yj_db_bind_int64(st, 1, 2), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	yj_db_finalize(st);
	assert_int_equal(yj_db_prepare(db, "INSERT INTO t_n (id, a, b) "
	    "VALUES (?, ?, ?)", &st), 0);
	/* parameters 2 and 3 stay unbound */
	assert_int_equal(yj_db_bind_int64(st, 1, 3), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	yj_db_finalize(st);
	assert_int_equal(yj_db_execv(db, "INSERT INTO t_n (id, a, b) VALUES "
	    "(4, '', 0)", NULL, 0), 0);

	assert_int_equal(count(db, "SELECT count(*) FROM t_n WHERE a IS NULL "
	    "AND b IS NULL"), 3);
	assert_int_equal(yj_db_prepare(db, "SELECT a, b FROM t_n ORDER BY id",
	    &st), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_ROW);
	assert_true(yj_db_column_is_null(st, 0));
	assert_null(yj_db_column_text(st, 0));
	assert_int_equal(yj_db_column_int64(st, 1), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_ROW);
	assert_int_equal(yj_db_step(st), YJ_DB_ROW);
	assert_int_equal(yj_db_step(st), YJ_DB_ROW);
	assert_false(yj_db_column_is_null(st, 0));
	assert_false(yj_db_column_is_null(st, 1));
	assert_string_equal(yj_db_column_text(st, 0), "");
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	yj_db_finalize(st);
	assert_int_equal(yj_db_query_int64(db, "SELECT b FROM t_n WHERE "
	    "id = 1", NULL, 0, &n), YJ_ENOENT);
	yj_store_close(s);
}

/* test_utf8_japanese - Japanese text round trip, compared and counted */
static void
test_utf8_japanese(void **state)
{
	static const struct {
		const char	*s;
		int		 chars;
	} texts[] = {
		{ "用心", 2 },
		{ "メール誤送信の防止 ①②③ ㈱ 髙橋 﨑", 20 },
		{ "𠮷野家 😀", 5 },		/* beyond the BMP */
		{ "ｶﾀｶﾅ　全角スペース", 11 },
		{ "〜～−－", 4 },			/* wave dash, minus */
	};
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_stmt *st;
	struct yj_db *db;
	size_t i;

	s = open_store(f);
	db = db_of(s);
	exec_ok(db, "CREATE TABLE t_j (id INTEGER, a TEXT)");
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		struct yj_db_val v[2] = { YJ_DB_INT((int64_t)i),
		    YJ_DB_TEXT(texts[i].s) };

		assert_int_equal(yj_db_execv(db, "INSERT INTO t_j (id, a) "
		    "VALUES (?, ?)", v, 2), 0);
		assert_int_equal(yj_db_prepare(db, "SELECT a, length(a), id "
		    "FROM t_j WHERE a = ?", &st), 0);
		assert_int_equal(yj_db_bind_text(st, 1, texts[i].s), 0);
		assert_int_equal(yj_db_step(st), YJ_DB_ROW);
		assert_string_equal(yj_db_column_text(st, 0), texts[i].s);
		assert_int_equal(yj_db_column_int64(st, 1), texts[i].chars);
		assert_int_equal(yj_db_column_int64(st, 2), (int64_t)i);
		yj_db_finalize(st);
	}
	assert_int_equal(yj_db_prepare(db, "SELECT a FROM t_j WHERE a = ?",
	    &st), 0);
	assert_int_equal(yj_db_bind_text(st, 1, "\xe7\x94"), YJ_EINVAL);
	assert_int_equal(yj_db_bind_text(st, 1, "a\xff" "b"), YJ_EINVAL);
	assert_non_null(strstr(yj_db_errmsg(db), "UTF-8"));
	yj_db_finalize(st);
	yj_store_close(s);
}

/* test_meta - get, set, replace, missing */
static void
test_meta(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	char *v;

	s = open_store(f);
	assert_int_equal(yj_store_meta_get(s, "nothing", &v), YJ_ENOENT);
	assert_null(v);
	assert_int_equal(yj_store_meta_set(s, "site", "用心市役所"), 0);
	assert_int_equal(yj_store_meta_get(s, "site", &v), 0);
	assert_string_equal(v, "用心市役所");
	yj_free(v);
	assert_int_equal(yj_store_meta_set(s, "site", "second"), 0);
	assert_int_equal(yj_store_meta_get(s, "site", &v), 0);
	assert_string_equal(v, "second");
	yj_free(v);
	assert_int_equal(yj_store_meta_set(s, "site", NULL), YJ_EINVAL);
	assert_int_equal(yj_store_meta_set(s, "", "x"), YJ_EINVAL);
	yj_store_close(s);
}

/* test_misuse - bad indexes, several statements, non-portable markers */
static void
test_misuse(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_stmt *st;
	struct yj_db *db;
	int rc;

	s = open_store(f);
	db = db_of(s);
	exec_ok(db, "CREATE TABLE t_m (a INTEGER); INSERT INTO t_m VALUES (1);"
	    "INSERT INTO t_m VALUES (2); INSERT INTO t_m VALUES (3)");
	assert_int_equal(yj_db_prepare(db, "SELECT a FROM t_m WHERE a > ? "
	    "ORDER BY a", &st), 0);
	assert_int_equal(yj_db_bind_int64(st, 0, 1), YJ_EINVAL);
	assert_int_equal(yj_db_bind_int64(st, 2, 1), YJ_EINVAL);
	assert_null(yj_db_column_text(st, 0));		/* no row yet */
	assert_int_equal(yj_db_bind_int64(st, 1, 1), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_ROW);
	assert_int_equal(yj_db_column_count(st), 1);
	assert_int_equal(yj_db_column_int64(st, 0), 2);
	assert_null(yj_db_column_text(st, 1));
	assert_null(yj_db_column_text(st, -1));
	assert_true(yj_db_column_is_null(st, 7));
	assert_int_equal(yj_db_reset(st), 0);
	assert_int_equal(yj_db_bind_int64(st, 1, 2), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_ROW);
	assert_int_equal(yj_db_column_int64(st, 0), 3);
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	yj_db_finalize(st);

	/* done stays done: no second insert without a reset */
	assert_int_equal(yj_db_prepare(db, "INSERT INTO t_m VALUES (?)", &st),
	    0);
	assert_int_equal(yj_db_bind_int64(st, 1, 4), 0);
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	assert_int_equal(yj_db_step(st), YJ_DB_DONE);
	yj_db_finalize(st);
	assert_int_equal(count(db, "SELECT count(*) FROM t_m WHERE a = 4"), 1);
	assert_int_equal(yj_db_execv(db, "DELETE FROM t_m WHERE a = 4", NULL,
	    0), 0);

	assert_int_equal(yj_db_execv(db, "UPDATE t_m SET a = a + 10", NULL, 0),
	    0);
	assert_int_equal(yj_db_changes(db), 3);
	assert_int_equal(count(db, "SELECT count(*) FROM t_m"), 3);
	assert_int_equal(yj_db_changes(db), 3);	/* SELECT changes nothing */

	/* errors may show at prepare (SQLite) or first step (PostgreSQL) */
	rc = yj_db_prepare(db, "SELECT 1; SELECT 2", &st);
	if (rc == 0)
		rc = yj_db_step(st);
	yj_db_finalize(st);
	assert_true(rc < 0);
	rc = yj_db_prepare(db, "SELECT a FROM t_m WHERE a = :x", &st);
	if (rc == 0)
		rc = yj_db_step(st);
	yj_db_finalize(st);
	assert_true(rc < 0);
	rc = yj_db_prepare(db, "SELEC nonsense", &st);
	if (rc == 0)
		rc = yj_db_step(st);
	yj_db_finalize(st);
	assert_int_equal(rc, YJ_ESTORE);
	assert_true(strlen(yj_db_errmsg(db)) > 0);
	/* a server message quoting a value stays on one line */
	rc = yj_db_execv(db, "INSERT INTO t_m VALUES (?)",
	    &YJ_DB_TEXT("1\nforged: line"), 1);
	assert_true(rc < 0 || is_sqlite(f));	/* SQLite stores text as is */
	assert_null(strchr(yj_db_errmsg(db), '\n'));
	assert_int_equal(yj_db_prepare(db, "  ", &st), YJ_EINVAL);
	yj_store_close(s);
}

/* test_tables_prefixed - every table carries its component's prefix */
static void
test_tables_prefixed(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_stmt *st;
	struct yj_db *db;
	const char *name;
	size_t i;
	bool ok;
	int n = 0;

	s = open_store(f);
	db = db_of(s);
	assert_int_equal(yj_db_prepare(db, is_sqlite(f) ?
	    "SELECT name FROM sqlite_master WHERE type IN ('table', 'index')"
	    " AND name NOT LIKE 'sqlite_%'" :
	    "SELECT tablename FROM pg_tables WHERE schemaname = "
	    "current_schema() UNION ALL SELECT indexname FROM pg_indexes "
	    "WHERE schemaname = current_schema()", &st), 0);
	while (yj_db_step(st) == YJ_DB_ROW) {
		name = yj_db_column_text(st, 0);
		ok = false;
		for (i = 0; i < yj_schema_count(); i++) {
			const char *p = yj_schema_at(i)->prefix;

			ok |= strncmp(name, p, strlen(p)) == 0;
		}
		if (!ok)
			fail_msg("table or index '%s' has no component prefix",
			    name);
		n++;
	}
	yj_db_finalize(st);
	assert_true(n >= 2);
	yj_store_close(s);
}

/* ---- threads ----------------------------------------------------------- */

struct worker {
	struct yj_store	*store;
	bool		 retry;		/* PostgreSQL: conflicts are retried */
	int		 failed;	/* calls that returned an error */
	char		 why[YJ_DB_ERRMAX];
	int64_t		 ids[NKEYS];	/* insert_or_get_id, autocommit */
	int64_t		 txids[NKEYS];	/* the same inside transactions */
	struct yj_db	*db;
	pthread_barrier_t *all_in;	/* every thread has its connection */
};

struct keyed {
	const char	*key;
	int64_t		*id;
};

/* name_id_tx - insert_or_get_id as a transaction body */
static int
name_id_tx(struct yj_db *db, void *arg)
{
	struct keyed *k = arg;

	return name_id(db, k->key, k->id);
}

/* increment - read-modify-write: lost updates would show as duplicates */
static int
increment(struct yj_db *db, void *arg)
{
	struct yj_db_val v[2];
	int64_t n;
	int rc;

	(void)arg;
	rc = yj_db_query_int64(db, "SELECT v FROM t_c WHERE id = 1", NULL, 0,
	    &n);
	if (rc != 0)
		return rc;
	v[0] = YJ_DB_INT(n + 1);
	v[1] = YJ_DB_INT(1);
	if ((rc = yj_db_execv(db, "UPDATE t_c SET v = ? WHERE id = ?", v,
	    2)) != 0)
		return rc;
	return yj_db_execv(db, "INSERT INTO t_log (n) VALUES (?)", v, 1);
}

/*
 * once - one transaction.  SQLite gets no retry: BEGIN IMMEDIATE and the
 * busy timeout alone must keep SQLITE_BUSY from the caller.  PostgreSQL
 * reports serialization conflicts by design, and yj_db_transact retries.
 */
static int
once(struct worker *w, struct yj_db *db)
{
	int rc;

	if (w->retry)
		return yj_db_transact(db, 0, increment, NULL);
	if ((rc = yj_db_begin(db, 0)) != 0)
		return rc;
	if ((rc = increment(db, NULL)) != 0) {
		yj_db_rollback(db);
		return rc;
	}
	return yj_db_commit(db);
}

/* writer - a thread of the concurrency case */
static void *
writer(void *arg)
{
	struct worker *w = arg;
	struct keyed k;
	struct yj_db *db;
	char key[16];
	int i;
	int rc;

	if ((rc = yj_store_db(w->store, &db)) != 0) {
		snprintf(w->why, sizeof(w->why), "%s",
		    yj_store_errmsg(w->store));
		w->failed++;
		db = NULL;
	}
	w->db = db;
	/* twice: main looks at the connections while all are open */
	pthread_barrier_wait(w->all_in);
	pthread_barrier_wait(w->all_in);
	for (i = 0; db != NULL && i < NINCR; i++) {
		if ((rc = once(w, db)) != 0) {
			snprintf(w->why, sizeof(w->why), "%d %s", rc,
			    yj_db_errmsg(db));
			w->failed++;
		}
		if (i < NKEYS) {
			snprintf(key, sizeof(key), "k%d", i);
			if (name_id(db, key, &w->ids[i]) != 0)
				w->failed++;
			snprintf(key, sizeof(key), "t%d", i);
			k.key = key;
			k.id = &w->txids[i];
			if (yj_db_transact(db, 0, name_id_tx, &k) != 0)
				w->failed++;
		}
	}
	return NULL;
}

/* test_concurrent_writers - 4 threads: no lost update, no busy error */
static void
test_concurrent_writers(void **state)
{
	struct fixture *f = *state;
	struct worker w[NTHREADS];
	pthread_barrier_t all_in;
	pthread_t t[NTHREADS];
	bool distinct = true;
	size_t nconn;
	struct yj_store *s;
	struct yj_db *db;
	int i;
	int j;

	s = open_store(f);
	db = db_of(s);
	exec_ok(db, "CREATE TABLE t_c (id INTEGER PRIMARY KEY, v BIGINT "
	    "NOT NULL); INSERT INTO t_c VALUES (1, 0);"
	    "CREATE TABLE t_log (n BIGINT NOT NULL)");
	make_names(db, is_sqlite(f));
	memset(w, 0, sizeof(w));
	pthread_barrier_init(&all_in, NULL, NTHREADS + 1);
	for (i = 0; i < NTHREADS; i++) {
		w[i].store = s;
		w[i].retry = !is_sqlite(f);
		w[i].all_in = &all_in;
		assert_int_equal(pthread_create(&t[i], NULL, writer, &w[i]),
		    0);
	}
	pthread_barrier_wait(&all_in);
	nconn = yj_store_connections(s);
	for (i = 0; i < NTHREADS; i++)
		for (j = 0; j < i; j++)
			distinct &= w[i].db != w[j].db;
	pthread_barrier_wait(&all_in);
	for (i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&all_in);
	assert_int_equal(nconn, NTHREADS + 1);
	assert_true(distinct);
	for (i = 0; i < NTHREADS; i++) {
		if (w[i].failed)
			fail_msg("thread %d: %d failures, last: %s", i,
			    w[i].failed, w[i].why);
		for (j = 0; j < NKEYS; j++) {
			assert_int_equal(w[i].ids[j], w[0].ids[j]);
			assert_int_equal(w[i].txids[j], w[0].txids[j]);
		}
	}
	assert_int_equal(count(db, "SELECT v FROM t_c"), NTHREADS * NINCR);
	assert_int_equal(count(db, "SELECT count(DISTINCT n) FROM t_log"),
	    NTHREADS * NINCR);
	assert_int_equal(count(db, "SELECT count(*) FROM t_u"), 2 * NKEYS);
	/* the threads' connections were closed when they exited */
	assert_int_equal(yj_store_connections(s), 1);
	yj_store_close(s);
}

struct peer {
	struct yj_store	*store;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 step;	/* 1: inserted, 2: go on, 3: committed */
	struct yj_db	*db;
	int		 rc;
};

/* peer_wait - wait until p->step reaches want */
static void
peer_wait(struct peer *p, int want)
{
	pthread_mutex_lock(&p->lock);
	while (p->step < want)
		pthread_cond_wait(&p->cond, &p->lock);
	pthread_mutex_unlock(&p->lock);
}

/* peer_set - move p->step on */
static void
peer_set(struct peer *p, int step)
{
	pthread_mutex_lock(&p->lock);
	p->step = step;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/* peer_thread - inserts in a transaction, waits, commits */
static void *
peer_thread(void *arg)
{
	struct peer *p = arg;
	struct yj_db *db;

	if ((p->rc = yj_store_db(p->store, &db)) == 0) {
		p->db = db;
		p->rc = yj_db_begin(db, 0);
		if (p->rc == 0)
			p->rc = yj_db_exec(db, "INSERT INTO t_p VALUES (1)");
	}
	peer_set(p, 1);
	peer_wait(p, 2);
	if (p->rc == 0)
		p->rc = yj_db_commit(db);
	peer_set(p, 3);
	return NULL;
}

/* test_per_thread - one connection per thread, isolated from each other */
static void
test_per_thread(void **state)
{
	struct fixture *f = *state;
	struct peer p;
	struct yj_store *s;
	struct yj_db *db;
	struct yj_db *db2;
	pthread_t t;

	s = open_store(f);
	db = db_of(s);
	assert_ptr_equal(db, db_of(s));
	exec_ok(db, "CREATE TABLE t_p (x INTEGER)");
	memset(&p, 0, sizeof(p));
	p.store = s;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	assert_int_equal(pthread_create(&t, NULL, peer_thread, &p), 0);
	peer_wait(&p, 1);
	assert_int_equal(p.rc, 0);
	assert_ptr_not_equal(p.db, db);
	assert_int_equal(yj_store_connections(s), 2);
	/* its open transaction is invisible here, and does not block reads */
	assert_int_equal(count(db, "SELECT count(*) FROM t_p"), 0);
	peer_set(&p, 2);
	peer_wait(&p, 3);
	assert_int_equal(p.rc, 0);
	assert_int_equal(count(db, "SELECT count(*) FROM t_p"), 1);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(yj_store_connections(s), 1);

	yj_store_thread_done(s);
	assert_int_equal(yj_store_connections(s), 0);
	db2 = db_of(s);
	assert_int_equal(count(db2, "SELECT count(*) FROM t_p"), 1);
	pthread_cond_destroy(&p.cond);
	pthread_mutex_destroy(&p.lock);
	yj_store_close(s);
}

/* ---- SQLite only --------------------------------------------------------- */

/* expect_corrupt - open fails with YJ_ECORRUPT; the file is untouched */
static void
expect_corrupt(struct fixture *f, const void *bytes, size_t n)
{
	static char after[8192];
	char err[YJ_DB_ERRMAX];
	char want[2 * YJ_DB_ERRMAX];
	struct yj_store *s;
	struct stat st1;
	struct stat st2;

	assert_true(n <= sizeof(after));
	write_file(f->target, bytes, n);
	assert_int_equal(stat(f->target, &st1), 0);
	assert_int_equal(yj_store_open(&s, "sqlite", f->target, err,
	    sizeof(err)), YJ_ECORRUPT);
	assert_null(s);
	snprintf(want, sizeof(want), "cannot open store '%s': file is not a "
	    "database", f->target);
	assert_string_equal(err, want);
	assert_int_equal(stat(f->target, &st2), 0);
	assert_int_equal(read_file(f->target, after, sizeof(after)), n);
	assert_memory_equal(after, bytes, n);
	assert_true(st1.st_mtim.tv_sec == st2.st_mtim.tv_sec &&
	    st1.st_mtim.tv_nsec == st2.st_mtim.tv_nsec);
	assert_int_equal(nfiles(f->dir), 1);	/* no -wal, -shm, -journal */
}

/* test_corrupt_untouched - not a database: refused, never written */
static void
test_corrupt_untouched(void **state)
{
	struct fixture *f = *state;
	static char junk[4096];
	static const char text[] = "this is a text file, not a database\n";

	assert_int_equal(getrandom(junk, sizeof(junk), 0), sizeof(junk));
	junk[0] = 'X';		/* never the SQLite header by chance */
	expect_corrupt(f, junk, sizeof(junk));
	expect_corrupt(f, text, sizeof(text) - 1);
	expect_corrupt(f, "SQLite", 6);		/* cut header */
	/* the header followed by garbage: SQLite itself must refuse it */
	memcpy(junk, "SQLite format 3", 16);
	expect_corrupt(f, junk, sizeof(junk));
}

/* test_sqlite_paths - missing directory, directory as file, new file */
static void
test_sqlite_paths(void **state)
{
	struct fixture *f = *state;
	char path[512];
	char err[YJ_DB_ERRMAX];
	char want[2 * YJ_DB_ERRMAX];
	struct yj_store *s;
	struct stat st;

	snprintf(path, sizeof(path), "%s/missing/yojin.db", f->dir);
	assert_int_equal(yj_store_open(&s, "sqlite", path, err, sizeof(err)),
	    YJ_ENOENT);
	snprintf(want, sizeof(want), "cannot open store '%s': directory "
	    "'%s/missing' does not exist", path, f->dir);
	assert_string_equal(err, want);

	assert_int_equal(yj_store_open(&s, "sqlite", f->dir, err,
	    sizeof(err)), YJ_EINVAL);
	assert_non_null(strstr(err, "not a regular file"));
	assert_int_equal(yj_store_open(&s, "sqlite", ":memory:", err,
	    sizeof(err)), YJ_EINVAL);
	assert_int_equal(yj_store_open(&s, "sqlite3", f->target, err,
	    sizeof(err)), YJ_EINVAL);
	assert_non_null(strstr(err, "unknown driver 'sqlite3'"));

	/* a new file is not for every local user to read */
	s = open_store(f);
	yj_store_close(s);
	assert_int_equal(stat(f->target, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	rm_dir(f->dir);
	assert_int_equal(mkdir(f->dir, 0700), 0);

	/* an empty file is a new database, as SQLite has it */
	write_file(f->target, "", 0);
	s = open_store(f);
	yj_store_close(s);
}

/* open_as_nobody - in a child without root: 0 if open gives code and want */
static int
open_as_nobody(const char *path, int code, const char *want)
{
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;
	int status;
	pid_t pid;
	int rc;

	pid = fork();
	if (pid == 0) {
		if (geteuid() == 0 && (setgid(65534) != 0 ||
		    setuid(65534) != 0))
			_exit(2);
		rc = yj_store_open(&s, "sqlite", path, err, sizeof(err));
		if (rc != code || strstr(err, want) == NULL) {
			fprintf(stderr, "# got %d: %s\n", rc, err);
			_exit(1);
		}
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

/* test_readonly - a file or directory we may not write is refused clearly */
static void
test_readonly(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	char want[2 * YJ_DB_ERRMAX];

	s = open_store(f);
	yj_store_close(s);
	/* as root, the child drops to nobody; otherwise modes do it */
	assert_int_equal(chmod(f->dir, 0777), 0);
	assert_int_equal(chmod(f->target, 0444), 0);
	snprintf(want, sizeof(want), "cannot open store '%s': file is "
	    "read-only", f->target);
	assert_int_equal(open_as_nobody(f->target, YJ_EPERM, want), 0);
	assert_int_equal(chmod(f->target, 0666), 0);
	assert_int_equal(chmod(f->dir, 0555), 0);
	snprintf(want, sizeof(want), "directory '%s' is not writable", f->dir);
	assert_int_equal(open_as_nobody(f->target, YJ_EPERM, want), 0);
	assert_int_equal(chmod(f->dir, 0700), 0);
}

/* ---- PostgreSQL only ----------------------------------------------------- */

/* test_pg_reconnect - a lost server connection is reopened */
static void
test_pg_reconnect(void **state)
{
	struct fixture *f = *state;
	struct yj_store *s;
	struct yj_db *db;
	struct yj_db *db2;

	s = open_store(f);
	db = db_of(s);
	assert_true(yj_db_exec(db, "SELECT pg_terminate_backend("
	    "pg_backend_pid())") < 0);
	assert_true(count(db, "SELECT 1") < 0);
	assert_true(yj_db_is_broken(db));
	db2 = db_of(s);		/* reopened */
	assert_false(yj_db_is_broken(db2));
	assert_int_equal(count(db2, "SELECT count(*) FROM yj_meta"), 2);
	yj_store_close(s);
}

/* ---- without a backend ------------------------------------------------- */

/* free_port - a TCP port on 127.0.0.1 that nothing listens on */
static int
free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);	/* bound, never listened: connecting is refused */
	return ntohs(sa.sin_port);
}

/* test_pg_unreachable - a clear error, and no password in it */
static void
test_pg_unreachable(void **unused)
{
	char conninfo[256];
	char err[YJ_DB_ERRMAX];
	struct yj_store *s;
	int rc;

	(void)unused;
	rc = yj_store_open(&s, "postgresql", "host=/nonexistent-yj-dir "
	    "port=5999 user=u password=s3cret dbname=d", err, sizeof(err));
	assert_int_equal(rc, YJ_EIO);
	assert_null(s);
	assert_non_null(strstr(err, "cannot open store 'host=/nonexistent-yj-"
	    "dir port=5999 dbname=d user=u': "));
	assert_null(strstr(err, "s3cret"));
	assert_null(strchr(err, '\n'));

	snprintf(conninfo, sizeof(conninfo), "host=127.0.0.1 port=%d "
	    "password=s3cret connect_timeout=3", free_port());
	rc = yj_store_open(&s, "postgresql", conninfo, err, sizeof(err));
	assert_int_equal(rc, YJ_EIO);
	assert_non_null(strstr(err, "refused"));
	assert_null(strstr(err, "s3cret"));

	rc = yj_store_open(&s, "postgresql", "host='unterminated password=x",
	    err, sizeof(err));
	assert_int_equal(rc, YJ_EINVAL);
	assert_string_equal(err, "cannot open store: invalid PostgreSQL "
	    "connection string");
}

/* test_sql_dollar - the PostgreSQL placeholder rewriter */
static void
test_sql_dollar(void **unused)
{
	static const struct {
		const char	*in;
		const char	*out;
		int		 n;
	} cases[] = {
		{ "SELECT ?", "SELECT $1", 1 },
		{ "VALUES (?, ?,?)", "VALUES ($1, $2,$3)", 3 },
		{ "SELECT '?', ?", "SELECT '?', $1", 1 },
		{ "SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1 },
		{ "SELECT E'\\'?', ?", "SELECT E'\\'?', $1", 1 },
		{ "SELECT e'a\\\\', ?", "SELECT e'a\\\\', $1", 1 },
		{ "SELECT 'a\\', ?", "SELECT 'a\\', $1", 1 },	/* no E */
		{ "SELECT \"a?\" FROM t WHERE x=?",
		  "SELECT \"a?\" FROM t WHERE x=$1", 1 },
		{ "SELECT \"a\"\"?\", ?", "SELECT \"a\"\"?\", $1", 1 },
		{ "SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2 },
		{ "SELECT ? -- ?", "SELECT $1 -- ?", 1 },
		{ "/* ? /* ? */ ? */ ?", "/* ? /* ? */ ? */ $1", 1 },
		{ "SELECT $$?$$, ?", "SELECT $$?$$, $1", 1 },
		{ "SELECT $q$ ? $$ ? $q$, ?", "SELECT $q$ ? $$ ? $q$, $1", 1 },
		{ "SELECT a$b, ?", "SELECT a$b, $1", 1 },
		{ "SELECT '?", "SELECT '?", 0 },	/* unterminated */
		{ "SELECT /* ?", "SELECT /* ?", 0 },
		{ "SELECT $x$ ?", "SELECT $x$ ?", 0 },
		{ "SELECT 1 - ?", "SELECT 1 - $1", 1 },
		{ "SELECT 4 / ?", "SELECT 4 / $1", 1 },
		{ "?", "$1", 1 },
		{ "", "", 0 },
		{ "'用心?' ?", "'用心?' $1", 1 },
	};
	struct yj_buf b;
	size_t i;
	int n;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		yj_buf_init(&b, 4096);
		assert_int_equal(yj_db_sql_dollar(cases[i].in, &b, &n), 0);
		if (strcmp(yj_buf_cstr(&b), cases[i].out) != 0)
			fail_msg("'%s' gave '%s'", cases[i].in,
			    yj_buf_cstr(&b));
		assert_int_equal(n, cases[i].n);
		yj_buf_release(&b);
	}
	/* too long for the buffer: an error, not a cut statement */
	yj_buf_init(&b, 8);
	assert_int_equal(yj_db_sql_dollar("SELECT ?, ?", &b, &n), YJ_ETOOBIG);
	yj_buf_release(&b);
}

/* test_too_many_params - more "?" than any driver allows */
static void
test_too_many_params(void **unused)
{
	size_t n = (size_t)YJ_DB_MAX_PARAMS + 1;
	struct yj_buf b;
	char *sql;
	int np;

	(void)unused;
	sql = yj_xmalloc(n + 1);
	memset(sql, '?', n);
	sql[n] = '\0';
	yj_buf_init(&b, 16 * n);
	assert_int_equal(yj_db_sql_dollar(sql, &b, &np), YJ_ETOOBIG);
	yj_buf_release(&b);
	yj_free(sql);
}

/* test_registry - names unique, prefixes disjoint, versions increasing */
static void
test_registry(void **unused)
{
	const struct yj_schema_component *a;
	const struct yj_schema_component *b;
	size_t i;
	size_t j;

	(void)unused;
	assert_true(yj_schema_count() >= 1);
	assert_string_equal(yj_schema_at(0)->name, "core");
	assert_null(yj_schema_at(yj_schema_count()));
	for (i = 0; i < yj_schema_count(); i++) {
		a = yj_schema_at(i);
		assert_true(a->count > 0);
		assert_int_equal(a->migrations[0].version, 1);
		for (j = 1; j < a->count; j++)
			assert_true(a->migrations[j].version >
			    a->migrations[j - 1].version);
		for (j = 0; j < yj_schema_count(); j++) {
			b = yj_schema_at(j);
			if (i == j)
				continue;
			assert_true(strcmp(a->name, b->name) != 0);
			assert_true(strncmp(a->prefix, b->prefix,
			    strlen(b->prefix)) != 0);
		}
	}
}

/* test_bad_list - a broken component list is refused before any SQL */
static void
test_bad_list(void **unused)
{
	static const struct yj_migration backwards[] = {
		{ .version = 2, .sql = "CREATE TABLE w_a (x INTEGER)" },
		{ .version = 1, .sql = "CREATE TABLE w_b (x INTEGER)" },
	};
	static const struct yj_schema_component w = {
		.name = "w", .prefix = "w_", .migrations = backwards,
		.count = 2,
	};
	const struct yj_schema_component *list[] = { &fake, &fake };
	char err[YJ_DB_ERRMAX];

	(void)unused;
	/* no connection is touched: the list is checked first */
	assert_int_equal(yj_schema_apply(NULL, list, 2, err, sizeof(err)),
	    YJ_EINVAL);
	assert_non_null(strstr(err, "listed twice"));
	list[0] = &w;
	assert_int_equal(yj_schema_apply(NULL, list, 1, err, sizeof(err)),
	    YJ_EINVAL);
	assert_non_null(strstr(err, "must increase"));
}

/* ---- groups ------------------------------------------------------------ */

struct named {
	const char		*name;
	CMUnitTestFunction	 fn;
};

static const struct named common_cases[] = {
	{ "migrate_empty", test_migrate_empty },
	{ "reopen_noop", test_reopen_noop },
	{ "failed_migration", test_failed_migration },
	{ "newer_schema", test_newer_schema },
	{ "newer_schema_later", test_newer_schema_later },
	{ "placeholders", test_placeholders },
	{ "tx_rollback", test_tx_rollback },
	{ "unique", test_unique },
	{ "int64", test_int64 },
	{ "nulls", test_nulls },
	{ "utf8_japanese", test_utf8_japanese },
	{ "meta", test_meta },
	{ "misuse", test_misuse },
	{ "tables_prefixed", test_tables_prefixed },
	{ "concurrent_writers", test_concurrent_writers },
	{ "per_thread", test_per_thread },
};

static const struct named sqlite_cases[] = {
	{ "corrupt_untouched", test_corrupt_untouched },
	{ "paths", test_sqlite_paths },
	{ "readonly", test_readonly },
};

static const struct named pg_cases[] = {
	{ "reconnect", test_pg_reconnect },
};

/* run_backend - the common cases plus the backend's own */
static int
run_backend(const struct backend *be, const struct named *own, size_t nown)
{
	size_t ncommon = sizeof(common_cases) / sizeof(common_cases[0]);
	struct CMUnitTest *t;
	size_t i;
	int failed;

	t = yj_xcalloc(ncommon + nown, sizeof(*t));
	for (i = 0; i < ncommon + nown; i++) {
		const struct named *c = i < ncommon ? &common_cases[i] :
		    &own[i - ncommon];

		t[i].name = yj_xasprintf("%s/%s", be->driver, c->name);
		t[i].test_func = c->fn;
		t[i].setup_func = setup;
		t[i].teardown_func = teardown;
		t[i].initial_state = (void *)be;
	}
	failed = _cmocka_run_group_tests(be->driver, t, ncommon + nown, NULL,
	    NULL);
	for (i = 0; i < ncommon + nown; i++)
		yj_free((char *)t[i].name);
	yj_free(t);
	return failed;
}

int
main(void)
{
	static const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_sql_dollar),
		cmocka_unit_test(test_too_many_params),
		cmocka_unit_test(test_registry),
		cmocka_unit_test(test_bad_list),
		cmocka_unit_test(test_pg_unreachable),
	};
	static const struct backend sqlite = { "sqlite", NULL };
	struct backend pg = { "postgresql", NULL };
	int failed;

	failed = cmocka_run_group_tests_name("store", pure, NULL, NULL);
	failed += run_backend(&sqlite, sqlite_cases,
	    sizeof(sqlite_cases) / sizeof(sqlite_cases[0]));
	pg.conninfo = getenv("YJ_TEST_PG");
	if (pg.conninfo != NULL && *pg.conninfo != '\0')
		failed += run_backend(&pg, pg_cases,
		    sizeof(pg_cases) / sizeof(pg_cases[0]));
	return failed != 0;
}
