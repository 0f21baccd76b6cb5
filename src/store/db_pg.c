/*
 * db_pg.c - the PostgreSQL driver (libpq)
 *
 * One connection per thread (libpq is thread-safe when connections are
 * not shared).  Statements are rewritten from "?" to "$n" at prepare time
 * and run with PQexecParams in text format: one round trip per execution,
 * and no server-side statement to track or deallocate.  The price is that
 * a syntax error shows at the first step instead of at prepare; callers
 * check both anyway.  The whole result is read at the first step.
 *
 * The connection always speaks UTF-8 (client_encoding is forced after the
 * administrator's conninfo) and gets a connect_timeout unless the conninfo
 * sets one, so an unreachable server fails instead of hanging a milter
 * thread.  Notices (such as "relation already exists, skipping") are
 * dropped: they are not errors and would go to stderr.
 *
 * Errors are classified by SQLSTATE, not by message text: 23505 is a
 * unique conflict, 40001 and 40P01 (serialization failure, deadlock) are
 * YJ_EBUSY so that yj_db_transact() retries them.  Only the primary
 * message is kept: DETAIL lines quote row values (addresses, names) that
 * do not belong in logs.
 */
#include <errno.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_driver.h"
#include "util/alloc.h"
#include "util/error.h"

/* Seconds to wait for a server when the conninfo does not say. */
#define CONNECT_TIMEOUT	"10"

/*
 * The advisory lock that serialises migrations.  A session lock, taken
 * before the transactions: a transaction-level lock would be granted
 * after the transaction's snapshot was taken, and the migration would not
 * see what the previous holder had just committed.
 */
#define SCHEMA_LOCK_SQL		"SELECT pg_advisory_lock(7959041)"
#define SCHEMA_UNLOCK_SQL	"SELECT pg_advisory_unlock(7959041)"

/* Longest SQL statement accepted (SQL text is ours, not data). */
#define MAX_SQL		(1024UL * 1024)

struct pg_db {
	struct yj_db	 base;
	PGconn		*conn;
	int64_t		 changes;
};

struct pg_stmt {
	struct yj_stmt	 base;
	char		*sql;		/* with $n placeholders */
	char		**values;	/* nparams entries, NULL = SQL NULL */
	PGresult	*res;
	int		 row;
	int		 nrows;
	bool		 executed;
};

/* map_sqlstate - SQLSTATE to YJ_E* */
static int
map_sqlstate(const char *s)
{
	static const struct {
		const char	*state;	/* a class ("23") or a code */
		int		 code;
	} map[] = {
		{ "23505", YJ_EEXIST }, { "23", YJ_EINVAL },
		{ "40001", YJ_EBUSY }, { "40P01", YJ_EBUSY },
		{ "55P03", YJ_EBUSY }, { "25P02", YJ_ESTATE },
		{ "25006", YJ_EPERM }, { "42501", YJ_EPERM },
		{ "08", YJ_EIO }, { "53", YJ_EIO }, { "57P", YJ_EIO },
		{ "22", YJ_EINVAL }, { "54", YJ_ETOOBIG },
		{ "XX001", YJ_ECORRUPT }, { "XX002", YJ_ECORRUPT },
	};
	size_t i;

	if (s == NULL)
		return YJ_EIO;		/* no server answer: connection */
	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strncmp(s, map[i].state, strlen(map[i].state)) == 0)
			return map[i].code;
	return YJ_ESTORE;
}

/* flatten - libpq's multi-line message as one line */
static void
flatten(const char *in, char *out, size_t outsz)
{
	size_t n = 0;

	for (; *in != '\0' && n + 3 < outsz; in++) {
		if (*in == '\n' || *in == '\r' || *in == '\t') {
			while (in[1] == '\n' || in[1] == '\t' || in[1] == '\r')
				in++;
			if (in[1] != '\0' && n > 0) {
				out[n++] = ';';
				out[n++] = ' ';
			}
			continue;
		}
		out[n++] = *in;
	}
	out[n] = '\0';
}

/* fail_res - record an error from a result (res may be NULL) */
static int
fail_res(struct pg_db *db, const PGresult *res)
{
	const char *msg = NULL;
	char buf[YJ_DB_ERRMAX];

	if (res != NULL)
		msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	if (msg == NULL) {
		flatten(PQerrorMessage(db->conn), buf, sizeof(buf));
		msg = buf;
	}
	return yj_db_set_error(&db->base, map_sqlstate(res == NULL ? NULL :
	    PQresultErrorField(res, PG_DIAG_SQLSTATE)), "%s", msg);
}

/* describe - the conninfo without password, for messages */
static int
describe(const char *target, char *out, size_t outsz)
{
	static const char *const shown[] = {
		"host", "hostaddr", "port", "dbname", "user",
	};
	PQconninfoOption *opts;
	PQconninfoOption *o;
	size_t i;
	size_t n = 0;

	opts = PQconninfoParse(target, NULL);
	if (opts == NULL)
		return YJ_EINVAL;
	out[0] = '\0';
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		for (o = opts; o->keyword != NULL; o++) {
			if (strcmp(o->keyword, shown[i]) != 0 ||
			    o->val == NULL || *o->val == '\0' || n >= outsz)
				continue;
			n += (size_t)snprintf(out + n, outsz - n, "%s%s=%s",
			    n ? " " : "", o->keyword, o->val);
		}
	}
	PQconninfoFree(opts);
	if (n == 0)
		snprintf(out, outsz, "(libpq defaults)");
	return 0;
}

/* ignore_notice - notices are not errors; keep them off stderr */
static void
ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* pg_open - connect; the administrator's conninfo wins except encoding */
static int
pg_open(struct yj_db **dbp, const char *target, char *err, size_t errsz)
{
	static const char *const keys[] = {
		"connect_timeout", "application_name", "dbname",
		"client_encoding", NULL,
	};
	const char *vals[] = { CONNECT_TIMEOUT, "yojin", target, "UTF8", NULL };
	char why[YJ_DB_ERRMAX];
	struct pg_db *db;

	db = yj_xcalloc(1, sizeof(*db));
	if (describe(target, db->base.name, sizeof(db->base.name)) != 0) {
		snprintf(err, errsz, "cannot open store: invalid PostgreSQL "
		    "connection string");
		yj_free(db);
		return YJ_EINVAL;
	}
	if (!PQisthreadsafe()) {
		snprintf(err, errsz, "cannot open store '%s': libpq is not "
		    "thread-safe", db->base.name);
		yj_free(db);
		return YJ_ESTORE;
	}
	db->conn = PQconnectdbParams(keys, vals, 1);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		flatten(db->conn != NULL ? PQerrorMessage(db->conn) :
		    "out of memory", why, sizeof(why));
		snprintf(err, errsz, "cannot open store '%s': %s",
		    db->base.name, why);
		PQfinish(db->conn);
		yj_free(db);
		return YJ_EIO;
	}
	PQsetNoticeProcessor(db->conn, ignore_notice, NULL);
	*dbp = &db->base;
	return 0;
}

/* pg_close - disconnect */
static void
pg_close(struct yj_db *base)
{
	struct pg_db *db = (struct pg_db *)base;

	PQfinish(db->conn);
	yj_free(db);
}

/* pg_is_broken - the server went away */
static bool
pg_is_broken(const struct yj_db *base)
{
	return PQstatus(((const struct pg_db *)base)->conn) == CONNECTION_BAD;
}

/* pg_exec - static SQL, possibly several statements */
static int
pg_exec(struct yj_db *base, const char *sql)
{
	struct pg_db *db = (struct pg_db *)base;
	ExecStatusType status;
	PGresult *res;
	int rc = 0;

	res = PQexec(db->conn, sql);
	status = PQresultStatus(res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
	    status != PGRES_EMPTY_QUERY)
		rc = fail_res(db, res);
	PQclear(res);
	return rc;
}

/* pg_prepare - rewrite the placeholders; the server sees it at step */
static int
pg_prepare(struct yj_db *base, const char *sql, struct yj_stmt **stp)
{
	struct pg_stmt *st;
	struct yj_buf out;
	int n;

	if (sql[strspn(sql, " \t\r\n;")] == '\0')
		return yj_db_set_error(base, YJ_EINVAL, "empty statement");
	yj_buf_init(&out, MAX_SQL);
	if (yj_db_sql_dollar(sql, &out, &n) != 0) {
		yj_buf_release(&out);
		return yj_db_set_error(base, YJ_ETOOBIG, "statement too long "
		    "or too many parameters");
	}
	st = yj_xcalloc(1, sizeof(*st));
	st->sql = yj_buf_detach(&out, NULL);
	st->base.nparams = n;
	if (n > 0)
		st->values = yj_xcalloc((size_t)n, sizeof(*st->values));
	*stp = &st->base;
	return 0;
}

/* set_value - replace parameter idx's text (NULL: SQL NULL) */
static int
set_value(struct yj_stmt *base, int idx, char *v)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	yj_free(st->values[idx - 1]);
	st->values[idx - 1] = v;
	return 0;
}

/* pg_bind_text - keep a copy */
static int
pg_bind_text(struct yj_stmt *base, int idx, const char *s)
{
	return set_value(base, idx, yj_xstrdup(s));
}

/* pg_bind_int64 - decimal text */
static int
pg_bind_int64(struct yj_stmt *base, int idx, int64_t v)
{
	return set_value(base, idx, yj_xasprintf("%" PRId64, v));
}

/* pg_bind_null - NULL */
static int
pg_bind_null(struct yj_stmt *base, int idx)
{
	return set_value(base, idx, NULL);
}

/* count_changes - rows changed, for INSERT, UPDATE and DELETE only */
static void
count_changes(struct pg_db *db, PGresult *res)
{
	const char *tag = PQcmdStatus(res);

	if (strncmp(tag, "INSERT", 6) != 0 && strncmp(tag, "UPDATE", 6) != 0 &&
	    strncmp(tag, "DELETE", 6) != 0)
		return;
	db->changes = strtoll(PQcmdTuples(res), NULL, 10);
}

/* execute - run the statement and keep its rows */
static int
execute(struct pg_stmt *st)
{
	struct pg_db *db = (struct pg_db *)st->base.db;
	ExecStatusType status;

	st->executed = true;
	st->res = PQexecParams(db->conn, st->sql, st->base.nparams, NULL,
	    (const char *const *)st->values, NULL, NULL, 0);
	status = PQresultStatus(st->res);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		int rc = fail_res(db, st->res);

		PQclear(st->res);
		st->res = NULL;
		return rc;
	}
	count_changes(db, st->res);
	st->nrows = PQntuples(st->res);
	st->row = -1;
	return 0;
}

/* pg_step - execute at the first step, then walk the rows */
static int
pg_step(struct yj_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	int rc;

	if (!st->executed && (rc = execute(st)) != 0)
		return rc;
	if (st->res == NULL || st->row + 1 >= st->nrows) {
		st->row = st->nrows;
		return YJ_DB_DONE;
	}
	st->row++;
	base->ncols = PQnfields(st->res);
	return YJ_DB_ROW;
}

/* pg_column_is_null - SQL NULL */
static bool
pg_column_is_null(struct yj_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	return PQgetisnull(st->res, st->row, col) != 0;
}

/* pg_column_text - text form */
static const char *
pg_column_text(struct yj_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	if (PQgetisnull(st->res, st->row, col))
		return NULL;
	return PQgetvalue(st->res, st->row, col);
}

/* pg_column_int64 - integer form; 0 when it is not a whole number */
static int64_t
pg_column_int64(struct yj_stmt *base, int col)
{
	const char *s = pg_column_text(base, col);
	char *end;
	long long v;

	if (s == NULL)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		return 0;
	return (int64_t)v;
}

/* pg_reset - forget the result; the next step executes again */
static int
pg_reset(struct yj_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	PQclear(st->res);
	st->res = NULL;
	st->executed = false;
	return 0;
}

/* pg_finalize - free */
static void
pg_finalize(struct yj_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	int i;

	PQclear(st->res);
	for (i = 0; i < base->nparams; i++)
		yj_free(st->values[i]);
	yj_free(st->values);
	yj_free(st->sql);
	yj_free(st);
}

/* pg_changes - rows changed by the last INSERT, UPDATE or DELETE */
static int64_t
pg_changes(struct yj_db *base)
{
	return ((struct pg_db *)base)->changes;
}

/* pg_begin - serialisable, so that it behaves like SQLite's one writer */
static int
pg_begin(struct yj_db *base, unsigned flags)
{
	int rc;

	rc = pg_exec(base, "BEGIN ISOLATION LEVEL SERIALIZABLE");
	if (rc == 0 && (flags & YJ_DB_TX_DURABLE) != 0) {
		rc = pg_exec(base, "SET LOCAL synchronous_commit TO on");
		if (rc != 0)
			pg_exec(base, "ROLLBACK");
	}
	return rc;
}

/* pg_end - commit or roll back; the server ends it either way */
static int
pg_end(struct yj_db *base, bool commit, unsigned flags)
{
	struct pg_db *db = (struct pg_db *)base;
	PGresult *res;
	int rc = 0;

	(void)flags;
	res = PQexec(db->conn, commit ? "COMMIT" : "ROLLBACK");
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = fail_res(db, res);
	else if (commit && strcmp(PQcmdStatus(res), "ROLLBACK") == 0)
		/* COMMIT of a transaction the server had aborted */
		rc = yj_db_set_error(base, YJ_ESTATE, "transaction was "
		    "rolled back by the server");
	PQclear(res);
	return rc;
}

/* pg_lock_schema - one migrating process at a time, across hosts */
static int
pg_lock_schema(struct yj_db *base, bool lock)
{
	return pg_exec(base, lock ? SCHEMA_LOCK_SQL : SCHEMA_UNLOCK_SQL);
}

const struct yj_db_driver yj_db_pg_driver = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.is_broken = pg_is_broken,
	.exec = pg_exec,
	.prepare = pg_prepare,
	.bind_text = pg_bind_text,
	.bind_int64 = pg_bind_int64,
	.bind_null = pg_bind_null,
	.step = pg_step,
	.column_is_null = pg_column_is_null,
	.column_text = pg_column_text,
	.column_int64 = pg_column_int64,
	.reset = pg_reset,
	.finalize = pg_finalize,
	.changes = pg_changes,
	.begin = pg_begin,
	.end = pg_end,
	.lock_schema = pg_lock_schema,
};
