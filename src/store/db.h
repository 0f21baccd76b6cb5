/*
 * db.h - a small SQL driver interface: SQLite or PostgreSQL behind one API
 *
 * A struct yj_db is one connection; a struct yj_stmt is one prepared
 * statement on it.  The drivers are "sqlite" (a file path) and
 * "postgresql" (a libpq conninfo string).  Callers normally get their
 * connection from store.h (one per thread) rather than opening one here.
 *
 * SQL: statements use "?" placeholders, numbered from 1 in bind calls; the
 * PostgreSQL driver rewrites them to $1..$n, skipping string literals,
 * quoted identifiers, comments and dollar quotes, so a "?" inside '...'
 * stays a question mark.  Do not use "?NNN" or ":name" forms, nor the
 * PostgreSQL jsonb "?" operators.  Write portable SQL: INTEGER/BIGINT,
 * TEXT, times as epoch seconds in BIGINT, JSON as TEXT, ON CONFLICT and
 * RETURNING.  SQL text lives only in src/store/ and is never built from
 * data: every value goes through a bind call.  A parameter left unbound is
 * NULL.  Text must be valid UTF-8 without NUL bytes (PostgreSQL would
 * refuse it; the SQLite driver refuses it too so both behave alike).
 * Parameters are sent as text and PostgreSQL infers their types from the
 * context; where it cannot, write CAST(? AS BIGINT).  An error in the SQL
 * itself shows at prepare on SQLite but at the first step on PostgreSQL.
 *
 * Results: yj_db_step() returns YJ_DB_ROW while a row is available and
 * YJ_DB_DONE at the end.  Column indexes start at 0.  Text returned by
 * yj_db_column_text() is owned by the statement and valid until the next
 * step, reset or finalize.  The PostgreSQL driver reads a whole result
 * into memory at the first step: page large results with LIMIT.
 *
 * Transactions: yj_db_begin() starts a serialisable write transaction
 * (SQLite: BEGIN IMMEDIATE, so writers queue on the busy timeout instead
 * of failing; PostgreSQL: ISOLATION LEVEL SERIALIZABLE).  On PostgreSQL a
 * conflicting transaction fails with YJ_EBUSY, at any statement or at
 * commit: run transactions through yj_db_transact(), which retries them.
 * Any failed statement inside a transaction dooms it on both drivers:
 * later statements fail with YJ_ESTATE, and commit rolls back and returns
 * the error that doomed it (YJ_EEXIST, YJ_EBUSY, ...).  Use ON CONFLICT
 * rather than catching YJ_EEXIST inside a transaction.  Transactions do
 * not nest.  Statements outside a transaction commit one by one.
 * YJ_DB_TX_DURABLE asks for a synchronous commit (SQLite:
 * synchronous=FULL for that transaction; the default is NORMAL, which in
 * WAL mode may lose the last commits on power loss but never corrupts):
 * use it for state a user was told about, such as a hold's release.
 *
 * Errors: actions return 0 or a negative YJ_E* code, and yj_db_errmsg()
 * then says why in a form fit for an error line.  Codes that callers act
 * on: YJ_EEXIST (unique or primary key conflict), YJ_EBUSY (lock timeout,
 * serialization failure or deadlock: retry the transaction), YJ_EINVAL
 * (other constraint, bad bind), YJ_ECORRUPT, YJ_EPERM (read-only),
 * YJ_EIO (connection or disk), YJ_ESTATE (misuse of transactions),
 * YJ_ESTORE (anything else, such as an SQL error).
 *
 * Thread safety: a connection and its statements belong to one thread at
 * a time.  Different connections may be used from different threads.
 */
#ifndef YJ_STORE_DB_H
#define YJ_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yj_db;
struct yj_stmt;

/* Room for an error message, also the size to give yj_db_open() */
#define YJ_DB_ERRMAX	1024

/* yj_db_step() results besides errors */
enum {
	YJ_DB_DONE	= 0,
	YJ_DB_ROW	= 1,
};

/* yj_db_begin() flags */
#define YJ_DB_TX_DURABLE	0x1u

/*
 * yj_db_open - connect with driver "sqlite" (target: file path) or
 * "postgresql" (target: conninfo).  A missing SQLite file is created; its
 * directory must exist.  A file that is not an SQLite database gives
 * YJ_ECORRUPT and is never written to.  On failure *dbp is NULL and err
 * holds "cannot open store 'NAME': reason" (a conninfo is shown without
 * its password).
 */
int	yj_db_open(struct yj_db **dbp, const char *driver, const char *target,
	    char *err, size_t errsz);
/* yj_db_close - roll back an open transaction and disconnect; NULL is fine */
void	yj_db_close(struct yj_db *);

const char *yj_db_errmsg(const struct yj_db *);
/* yj_db_driver - "sqlite" or "postgresql" */
const char *yj_db_driver(const struct yj_db *);
/* yj_db_name - the file, or the conninfo without secrets, for messages */
const char *yj_db_name(const struct yj_db *);
/* yj_db_is_broken - true when the connection is lost and must be reopened */
bool	yj_db_is_broken(const struct yj_db *);
/* yj_db_in_transaction - true between begin and commit/rollback */
bool	yj_db_in_transaction(const struct yj_db *);

/*
 * yj_db_exec - run static SQL without parameters or results; it may hold
 * several statements separated by ";" (migrations)
 */
int	yj_db_exec(struct yj_db *, const char *sql);

/* yj_db_prepare - compile one statement; free *stp with yj_db_finalize */
int	yj_db_prepare(struct yj_db *, const char *sql, struct yj_stmt **stp);
int	yj_db_bind_text(struct yj_stmt *, int idx, const char *s);
int	yj_db_bind_int64(struct yj_stmt *, int idx, int64_t v);
int	yj_db_bind_null(struct yj_stmt *, int idx);
/* yj_db_step - YJ_DB_ROW, YJ_DB_DONE (again, until reset) or an error */
int	yj_db_step(struct yj_stmt *);
int	yj_db_column_count(struct yj_stmt *);
bool	yj_db_column_is_null(struct yj_stmt *, int col);
/* yj_db_column_text - NULL for SQL NULL or a bad index */
const char *yj_db_column_text(struct yj_stmt *, int col);
/* yj_db_column_int64 - 0 for NULL, non-numbers or a bad index */
int64_t	yj_db_column_int64(struct yj_stmt *, int col);
/* yj_db_reset - rewind to run again; bindings are kept */
int	yj_db_reset(struct yj_stmt *);
void	yj_db_finalize(struct yj_stmt *);
/* yj_db_changes - rows changed by the last statement that finished */
int64_t	yj_db_changes(struct yj_db *);

int	yj_db_begin(struct yj_db *, unsigned flags);
int	yj_db_commit(struct yj_db *);
/* yj_db_rollback - also fine on a doomed transaction; YJ_ESTATE if none */
int	yj_db_rollback(struct yj_db *);

/*
 * yj_db_transact - run fn(db, arg) inside begin/commit; roll back when fn
 * returns non-zero; retry the whole transaction (a few times, with a short
 * random pause) when it fails with YJ_EBUSY.  fn must therefore only
 * change the database, or be safe to run again.  Returns fn's error, the
 * commit's, or 0.
 */
int	yj_db_transact(struct yj_db *, unsigned flags,
	    int (*fn)(struct yj_db *, void *), void *arg);

/*
 * Values for the helpers below: YJ_DB_TEXT("x"), YJ_DB_INT(42), YJ_DB_NULL.
 */
enum yj_db_type {
	YJ_DB_TNULL,
	YJ_DB_TINT,
	YJ_DB_TTEXT,
};

struct yj_db_val {
	enum yj_db_type	 type;
	int64_t		 i;
	const char	*s;
};

#define YJ_DB_TEXT(v)	((struct yj_db_val){ .type = YJ_DB_TTEXT, .s = (v) })
#define YJ_DB_INT(v)	((struct yj_db_val){ .type = YJ_DB_TINT, .i = (v) })
#define YJ_DB_NULL	((struct yj_db_val){ .type = YJ_DB_TNULL })

/* yj_db_bindv - bind vals[0..n) to parameters 1..n */
int	yj_db_bindv(struct yj_stmt *, const struct yj_db_val *vals, size_t n);
/* yj_db_execv - prepare, bind, run to the end, finalize */
int	yj_db_execv(struct yj_db *, const char *sql,
	    const struct yj_db_val *vals, size_t n);
/*
 * yj_db_query_int64 - first column of the first row as an integer;
 * YJ_ENOENT when there is no row or it is NULL
 */
int	yj_db_query_int64(struct yj_db *, const char *sql,
	    const struct yj_db_val *vals, size_t n, int64_t *out);
/*
 * yj_db_read_rows - run sql with vals and copy each row with fn into an
 * array of elemsz-byte elements grown in the arena; *np rows (0 is not
 * an error)
 */
struct yj_arena;
typedef void (*yj_db_row_fn)(struct yj_stmt *, struct yj_arena *,
	    void *elem);
int	yj_db_read_rows(struct yj_db *, struct yj_arena *, const char *sql,
	    const struct yj_db_val *vals, size_t nvals, size_t elemsz,
	    yj_db_row_fn fn, void **vp, size_t *np);
/*
 * yj_db_insert_or_get_id - the id of the row with a unique key, inserting
 * it first if it is missing.  select_sql takes the key, vals[0..nkey), and
 * returns the id; insert_sql takes vals[0..n) (the key first, then the
 * other columns) and is "INSERT ... ON CONFLICT DO NOTHING RETURNING id".
 * The common case (the row exists) costs one read; a concurrent insert of
 * the same key is handled.
 */
int	yj_db_insert_or_get_id(struct yj_db *, const char *select_sql,
	    const char *insert_sql, const struct yj_db_val *vals, size_t nkey,
	    size_t n, int64_t *idp);

#endif /* YJ_STORE_DB_H */
