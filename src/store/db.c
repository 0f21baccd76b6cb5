/*
 * db.c - the driver-neutral half of the SQL interface
 *
 * Everything both drivers must do the same way is done here, once:
 * argument and UTF-8 checks on binds, column index checks, and the
 * transaction state.  PostgreSQL aborts a transaction at the first failed
 * statement while SQLite carries on with the statement undone; left alone
 * this would make the same code commit half a transaction on one backend
 * and fail on the other.  So a failure inside a transaction dooms it here
 * for both: later statements are refused and commit rolls back.
 *
 * yj_db_transact() is the one retry loop for YJ_EBUSY (PostgreSQL
 * serialization failures, and SQLite busy timeouts if they ever expire).
 * The placeholder rewriter for PostgreSQL lives here too, as a pure
 * function, so it can be tested and fuzzed without a server.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/db_driver.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/str.h"

/* Attempts of one transaction in yj_db_transact(), and the pause cap. */
#define TRANSACT_TRIES		50
#define TRANSACT_PAUSE_MS	64

static const struct yj_db_driver *const drivers[] = {
	&yj_db_sqlite_driver,
	&yj_db_pg_driver,
};

/*
 * yj_db_set_error - format db->errmsg; returns code.  Server messages may
 * quote a value (PostgreSQL type errors do), so control characters become
 * spaces: the message is one line that cannot forge another in a log.
 */
int
yj_db_set_error(struct yj_db *db, int code, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof(db->errmsg), fmt, ap);
	va_end(ap);
	for (p = db->errmsg; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return code;
}

/* yj_db_open - find the driver and connect */
int
yj_db_open(struct yj_db **dbp, const char *driver, const char *target,
    char *err, size_t errsz)
{
	size_t i;
	int rc;

	*dbp = NULL;
	if (driver == NULL || target == NULL) {
		snprintf(err, errsz, "cannot open store: no driver or target");
		return YJ_EINVAL;
	}
	for (i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++) {
		if (strcmp(drivers[i]->name, driver) != 0)
			continue;
		rc = drivers[i]->open(dbp, target, err, errsz);
		if (rc != 0)
			return rc;
		(*dbp)->drv = drivers[i];
		(*dbp)->tx = YJ_DB_TX_NONE;
		return 0;
	}
	snprintf(err, errsz, "cannot open store: unknown driver '%.64s' "
	    "(use 'sqlite' or 'postgresql')", driver);
	return YJ_EINVAL;
}

/* yj_db_close - roll back what is open and disconnect */
void
yj_db_close(struct yj_db *db)
{
	if (db == NULL)
		return;
	if (db->tx != YJ_DB_TX_NONE)
		db->drv->end(db, false, db->tx_flags);
	db->drv->close(db);
}

/* yj_db_errmsg - why the last call failed */
const char *
yj_db_errmsg(const struct yj_db *db)
{
	return db->errmsg;
}

/* yj_db_driver - driver name */
const char *
yj_db_driver(const struct yj_db *db)
{
	return db->drv->name;
}

/* yj_db_name - printable target */
const char *
yj_db_name(const struct yj_db *db)
{
	return db->name;
}

/* yj_db_is_broken - connection lost */
bool
yj_db_is_broken(const struct yj_db *db)
{
	return db->drv->is_broken(db);
}

/* yj_db_in_transaction - between begin and commit/rollback */
bool
yj_db_in_transaction(const struct yj_db *db)
{
	return db->tx != YJ_DB_TX_NONE;
}

/* refuse_doomed - statements after a failure in a transaction */
static int
refuse_doomed(struct yj_db *db)
{
	if (db->tx != YJ_DB_TX_FAILED)
		return 0;
	/* keep errmsg: it says what doomed the transaction */
	return YJ_ESTATE;
}

/* doom - a statement failed: inside a transaction only rollback is left */
static int
doom(struct yj_db *db, int rc)
{
	if (rc < 0 && db->tx == YJ_DB_TX_OPEN) {
		db->tx = YJ_DB_TX_FAILED;
		db->tx_error = rc;
	}
	return rc;
}

/* yj_db_exec - static SQL, no parameters, no rows */
int
yj_db_exec(struct yj_db *db, const char *sql)
{
	int rc;

	if ((rc = refuse_doomed(db)) != 0)
		return rc;
	return doom(db, db->drv->exec(db, sql));
}

/* yj_db_prepare - compile one statement */
int
yj_db_prepare(struct yj_db *db, const char *sql, struct yj_stmt **stp)
{
	int rc;

	*stp = NULL;
	if ((rc = refuse_doomed(db)) != 0)
		return rc;
	rc = db->drv->prepare(db, sql, stp);
	if (rc != 0)
		return doom(db, rc);
	(*stp)->db = db;
	(*stp)->ncols = 0;
	(*stp)->has_row = false;
	(*stp)->done = false;
	return 0;
}

/* check_param - parameter index in range */
static int
check_param(struct yj_stmt *st, int idx)
{
	if (idx < 1 || idx > st->nparams)
		return yj_db_set_error(st->db, YJ_EINVAL,
		    "parameter %d out of range (statement has %d)", idx,
		    st->nparams);
	return 0;
}

/* yj_db_bind_text - text value; NULL binds SQL NULL */
int
yj_db_bind_text(struct yj_stmt *st, int idx, const char *s)
{
	int rc;

	if ((rc = check_param(st, idx)) != 0)
		return rc;
	if (s == NULL)
		return st->db->drv->bind_null(st, idx);
	if (!yj_utf8_valid(s, strlen(s)))
		return yj_db_set_error(st->db, YJ_EINVAL,
		    "parameter %d is not valid UTF-8", idx);
	return st->db->drv->bind_text(st, idx, s);
}

/* yj_db_bind_int64 - integer value */
int
yj_db_bind_int64(struct yj_stmt *st, int idx, int64_t v)
{
	int rc;

	if ((rc = check_param(st, idx)) != 0)
		return rc;
	return st->db->drv->bind_int64(st, idx, v);
}

/* yj_db_bind_null - SQL NULL */
int
yj_db_bind_null(struct yj_stmt *st, int idx)
{
	int rc;

	if ((rc = check_param(st, idx)) != 0)
		return rc;
	return st->db->drv->bind_null(st, idx);
}

/*
 * yj_db_step - next row or done; once done it stays done until reset
 * (SQLite alone would run the statement again, inserting twice)
 */
int
yj_db_step(struct yj_stmt *st)
{
	int rc;

	st->has_row = false;
	if (st->done)
		return YJ_DB_DONE;
	if ((rc = refuse_doomed(st->db)) != 0)
		return rc;
	rc = st->db->drv->step(st);
	if (rc == YJ_DB_ROW)
		st->has_row = true;
	else if (rc == YJ_DB_DONE)
		st->done = true;
	return doom(st->db, rc);
}

/* yj_db_column_count - columns of the current row */
int
yj_db_column_count(struct yj_stmt *st)
{
	return st->has_row ? st->ncols : 0;
}

/* has_column - a row is there and col is one of its columns */
static bool
has_column(struct yj_stmt *st, int col)
{
	return st->has_row && col >= 0 && col < st->ncols;
}

/* yj_db_column_is_null - SQL NULL (or no such column) */
bool
yj_db_column_is_null(struct yj_stmt *st, int col)
{
	if (!has_column(st, col))
		return true;
	return st->db->drv->column_is_null(st, col);
}

/* yj_db_column_text - value as text, NULL for SQL NULL */
const char *
yj_db_column_text(struct yj_stmt *st, int col)
{
	if (!has_column(st, col))
		return NULL;
	return st->db->drv->column_text(st, col);
}

/* yj_db_column_int64 - value as integer */
int64_t
yj_db_column_int64(struct yj_stmt *st, int col)
{
	if (!has_column(st, col))
		return 0;
	return st->db->drv->column_int64(st, col);
}

/* yj_db_reset - rewind, keep bindings */
int
yj_db_reset(struct yj_stmt *st)
{
	st->has_row = false;
	st->done = false;
	return st->db->drv->reset(st);
}

/* yj_db_finalize - free the statement */
void
yj_db_finalize(struct yj_stmt *st)
{
	if (st != NULL)
		st->db->drv->finalize(st);
}

/* yj_db_changes - rows changed by the last finished statement */
int64_t
yj_db_changes(struct yj_db *db)
{
	return db->drv->changes(db);
}

/* yj_db_begin - start a write transaction */
int
yj_db_begin(struct yj_db *db, unsigned flags)
{
	int rc;

	if (db->tx != YJ_DB_TX_NONE)
		return yj_db_set_error(db, YJ_ESTATE,
		    "a transaction is already open");
	rc = db->drv->begin(db, flags);
	if (rc != 0)
		return rc;
	db->tx = YJ_DB_TX_OPEN;
	db->tx_flags = flags;
	db->tx_error = 0;
	return 0;
}

/*
 * yj_db_commit - commit, or roll back a doomed transaction and return the
 * error that doomed it
 */
int
yj_db_commit(struct yj_db *db)
{
	char why[YJ_DB_ERRMAX];
	int rc;

	switch (db->tx) {
	case YJ_DB_TX_NONE:
		return yj_db_set_error(db, YJ_ESTATE, "no transaction is open");
	case YJ_DB_TX_FAILED:
		snprintf(why, sizeof(why), "%s", db->errmsg);
		db->drv->end(db, false, db->tx_flags);
		db->tx = YJ_DB_TX_NONE;
		return yj_db_set_error(db, db->tx_error, "transaction rolled "
		    "back after an earlier error: %.400s", why);
	case YJ_DB_TX_OPEN:
		break;
	}
	/* the driver leaves no transaction open, even when commit fails */
	rc = db->drv->end(db, true, db->tx_flags);
	db->tx = YJ_DB_TX_NONE;
	return rc;
}

/* yj_db_rollback - undo the open transaction */
int
yj_db_rollback(struct yj_db *db)
{
	char why[YJ_DB_ERRMAX];
	int rc;

	if (db->tx == YJ_DB_TX_NONE)
		return yj_db_set_error(db, YJ_ESTATE, "no transaction is open");
	/* rolling back must not hide why the transaction failed */
	snprintf(why, sizeof(why), "%s", db->errmsg);
	rc = db->drv->end(db, false, db->tx_flags);
	db->tx = YJ_DB_TX_NONE;
	if (rc == 0)
		snprintf(db->errmsg, sizeof(db->errmsg), "%s", why);
	return rc;
}

/* pause_ms - sleep a random time below cap milliseconds */
static void
pause_ms(unsigned cap, unsigned salt)
{
	struct timespec now;
	struct timespec ts;
	uint64_t x;

	clock_gettime(CLOCK_MONOTONIC, &now);
	/* splitmix64 over the clock: enough to spread colliding threads */
	x = (uint64_t)now.tv_nsec * 0x9e3779b97f4a7c15ULL + salt;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	x ^= x >> 31;
	x %= (uint64_t)cap * 1000;
	ts.tv_sec = 0;
	ts.tv_nsec = (long)(x * 1000);
	nanosleep(&ts, NULL);
}

/* yj_db_transact - fn inside a transaction, retried on YJ_EBUSY */
int
yj_db_transact(struct yj_db *db, unsigned flags,
    int (*fn)(struct yj_db *, void *), void *arg)
{
	unsigned try;
	unsigned cap;
	int rc;

	for (try = 0; try < TRANSACT_TRIES; try++) {
		if (try > 0) {
			cap = try < 6 ? 1u << try : TRANSACT_PAUSE_MS;
			pause_ms(cap, try);
		}
		rc = yj_db_begin(db, flags);
		if (rc == YJ_EBUSY)
			continue;
		if (rc != 0)
			return rc;
		rc = fn(db, arg);
		/* fn may have turned a conflict into an error of its own */
		if (db->tx == YJ_DB_TX_FAILED && db->tx_error == YJ_EBUSY)
			rc = YJ_EBUSY;
		if (rc == 0)
			rc = yj_db_commit(db);
		else
			yj_db_rollback(db);
		if (rc != YJ_EBUSY)
			return rc;
	}
	return rc;
}

/* yj_db_bindv - bind a list of values */
int
yj_db_bindv(struct yj_stmt *st, const struct yj_db_val *vals, size_t n)
{
	size_t i;
	int rc;

	if (n > YJ_DB_MAX_PARAMS)
		return yj_db_set_error(st->db, YJ_ETOOBIG, "too many values");
	for (i = 0; i < n; i++) {
		switch (vals[i].type) {
		case YJ_DB_TTEXT:
			rc = yj_db_bind_text(st, (int)i + 1, vals[i].s);
			break;
		case YJ_DB_TINT:
			rc = yj_db_bind_int64(st, (int)i + 1, vals[i].i);
			break;
		default:
			rc = yj_db_bind_null(st, (int)i + 1);
			break;
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* yj_db_execv - one statement with values, rows ignored */
int
yj_db_execv(struct yj_db *db, const char *sql, const struct yj_db_val *vals,
    size_t n)
{
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, sql, &st)) != 0)
		return rc;
	rc = yj_db_bindv(st, vals, n);
	while (rc == 0 && (rc = yj_db_step(st)) == YJ_DB_ROW)
		rc = 0;
	yj_db_finalize(st);
	return rc;
}

/* yj_db_query_int64 - first column of the first row */
int
yj_db_query_int64(struct yj_db *db, const char *sql,
    const struct yj_db_val *vals, size_t n, int64_t *out)
{
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, sql, &st)) != 0)
		return rc;
	rc = yj_db_bindv(st, vals, n);
	if (rc == 0)
		rc = yj_db_step(st);
	if (rc == YJ_DB_ROW && !yj_db_column_is_null(st, 0)) {
		*out = yj_db_column_int64(st, 0);
		rc = 0;
	} else if (rc >= 0) {
		rc = yj_db_set_error(db, YJ_ENOENT, "no such row");
	}
	yj_db_finalize(st);
	return rc;
}

/* yj_db_read_rows - every row, copied by fn into an arena array */
int
yj_db_read_rows(struct yj_db *db, struct yj_arena *a, const char *sql,
    const struct yj_db_val *vals, size_t nvals, size_t elemsz,
    yj_db_row_fn fn, void **vp, size_t *np)
{
	struct yj_stmt *st;
	size_t n = 0, cap = 0;
	char *v = NULL;
	int rc;

	*vp = NULL;
	*np = 0;
	if ((rc = yj_db_prepare(db, sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, vals, nvals)) == 0) {
		while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				v = yj_arena_grow(a, v, n, cap, elemsz);
			}
			fn(st, a, v + n * elemsz);
			n++;
		}
	}
	yj_db_finalize(st);
	if (rc < 0)
		return rc;
	*vp = v;
	*np = n;
	return 0;
}

/* yj_db_insert_or_get_id - id of a unique row, created when missing */
int
yj_db_insert_or_get_id(struct yj_db *db, const char *select_sql,
    const char *insert_sql, const struct yj_db_val *vals, size_t nkey,
    size_t n, int64_t *idp)
{
	int rc;

	if (nkey > n)
		return yj_db_set_error(db, YJ_EINVAL, "more keys than values");
	rc = yj_db_query_int64(db, select_sql, vals, nkey, idp);
	if (rc != YJ_ENOENT)
		return rc;
	/* no row from RETURNING: another writer inserted it meanwhile */
	rc = yj_db_query_int64(db, insert_sql, vals, n, idp);
	if (rc != YJ_ENOENT)
		return rc;
	return yj_db_query_int64(db, select_sql, vals, nkey, idp);
}

/* yj_db_lock_schema - schema lock for migrations, outside transactions */
int
yj_db_lock_schema(struct yj_db *db, bool lock)
{
	if (db->tx != YJ_DB_TX_NONE)
		return yj_db_set_error(db, YJ_ESTATE,
		    "the schema lock is taken outside transactions");
	return db->drv->lock_schema(db, lock);
}

/* is_ident - byte that may continue an SQL identifier */
static bool
is_ident(unsigned char c)
{
	return c == '_' || c == '$' || c >= 0x80 || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* skip_quoted - past a '...' or "..." run; doubled quotes stay inside */
static const char *
skip_quoted(const char *p, char q, bool backslash)
{
	for (p++; *p != '\0'; p++) {
		if (backslash && *p == '\\' && p[1] != '\0')
			p++;
		else if (*p == q && p[1] == q)
			p++;
		else if (*p == q)
			return p + 1;
	}
	return p;
}

/* skip_block_comment - past a PostgreSQL block comment (they nest) */
static const char *
skip_block_comment(const char *p)
{
	unsigned depth = 0;

	while (*p != '\0') {
		if (p[0] == '/' && p[1] == '*') {
			depth++;
			p += 2;
		} else if (p[0] == '*' && p[1] == '/') {
			p += 2;
			if (--depth == 0)
				return p;
		} else {
			p++;
		}
	}
	return p;
}

/*
 * skip_dollar - past $tag$...$tag$ when p starts such a quote; p itself
 * when it does not
 */
static const char *
skip_dollar(const char *p)
{
	const char *t = p + 1;
	const char *end;
	size_t n;

	if (*t >= '0' && *t <= '9')
		return p;		/* $1: a parameter, not a quote */
	while (*t != '$' && *t != '\0' && is_ident((unsigned char)*t))
		t++;
	if (*t != '$')
		return p;
	n = (size_t)(t - p) + 1;	/* the whole "$tag$" */
	end = strstr(t + 1, "$");
	while (end != NULL && strncmp(end, p, n) != 0)
		end = strchr(end + 1, '$');
	return end != NULL ? end + n : p + strlen(p);
}

/* skip_literal - past a literal or comment starting at p, else p */
static const char *
skip_literal(const char *sql, const char *p)
{
	bool word = p > sql && is_ident((unsigned char)p[-1]);

	switch (*p) {
	case '\'':
		/* E'...' takes backslash escapes; plain '...' does not */
		return skip_quoted(p, '\'', word && (p[-1] | 0x20) == 'e' &&
		    (p - 1 == sql || !is_ident((unsigned char)p[-2])));
	case '"':
		return skip_quoted(p, '"', false);
	case '-':
		if (p[1] != '-')
			return p;
		p += strcspn(p, "\n");
		return p;
	case '/':
		return p[1] == '*' ? skip_block_comment(p) : p;
	case '$':
		return word ? p : skip_dollar(p);
	}
	return p;
}

/* yj_db_sql_dollar - "?" placeholders to $n */
int
yj_db_sql_dollar(const char *sql, struct yj_buf *out, int *nparams)
{
	const char *p = sql;
	const char *q;
	int n = 0;
	int rc;

	*nparams = 0;
	while (*p != '\0') {
		q = skip_literal(sql, p);
		if (q != p) {
			rc = yj_buf_add(out, p, (size_t)(q - p));
			p = q;
		} else if (*p == '?') {
			if (n == YJ_DB_MAX_PARAMS)
				return YJ_ETOOBIG;
			rc = yj_buf_addf(out, "$%d", ++n);
			p++;
		} else {
			rc = yj_buf_addc(out, *p++);
		}
		if (rc != 0)
			return rc;
	}
	*nparams = n;
	return 0;
}
