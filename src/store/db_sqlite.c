/*
 * db_sqlite.c - the SQLite driver
 *
 * One connection per thread (opened SQLITE_OPEN_NOMUTEX: the store never
 * shares one), in WAL mode so readers never wait for the writer, with
 * foreign keys on and synchronous=NORMAL.  Writers use BEGIN IMMEDIATE:
 * the write lock is taken at the start, so two writers never deadlock
 * upgrading read locks (which in WAL mode fails at once with
 * SQLITE_BUSY_SNAPSHOT instead of waiting), and busy_timeout turns lock
 * contention into waiting.
 *
 * A store file is precious and may be anything an administrator pointed
 * at.  So its directory must exist and be writable (WAL needs the -wal
 * and -shm files beside it) and the file must be writable, which we check
 * with stat and access, for clear messages.  Then an existing file is
 * first opened READ-ONLY and its schema read: a file that is not a
 * database, or a damaged one, fails there, and SQLite cannot have written
 * a byte.  Only then is it opened read-write.  We never open the file
 * with a descriptor of our own: closing any descriptor of a file drops
 * every POSIX lock the process holds on it, including the locks of other
 * threads' SQLite connections (SQLite only protects its own descriptors).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/db_driver.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

/* How long a writer waits for the lock before YJ_EBUSY. */
#define BUSY_TIMEOUT_MS	10000

/*
 * Mode of a new store file (SQLite gives its -wal and -shm the same).  The
 * store holds addresses and incident records, personal data under the
 * APPI: not for every local user to read, as SQLite's 0644 would allow.
 */
#define STORE_MODE	0640

/*
 * Compiled statements kept for reuse, keyed by their SQL text: the
 * same lookups run for every message, and compiling them cost about a
 * tenth of a scan.  A statement comes back reset, with its bindings
 * cleared, so that it holds no read transaction while it waits.
 */
#define STMT_CACHE	32

struct sqlite_db {
	struct yj_db	 base;
	sqlite3		*h;
	sqlite3_stmt	*idle[STMT_CACHE];
	int		 nidle;
};

struct sqlite_stmt {
	struct yj_stmt	 base;
	sqlite3_stmt	*h;
};

/* map_code - SQLite (extended) result code to YJ_E* */
static int
map_code(int code)
{
	switch (code & 0xff) {
	case SQLITE_CONSTRAINT:
		if (code == SQLITE_CONSTRAINT_UNIQUE ||
		    code == SQLITE_CONSTRAINT_PRIMARYKEY ||
		    code == SQLITE_CONSTRAINT_ROWID)
			return YJ_EEXIST;
		return YJ_EINVAL;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return YJ_EBUSY;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return YJ_ECORRUPT;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_AUTH:
		return YJ_EPERM;
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_PROTOCOL:
		return YJ_EIO;
	case SQLITE_TOOBIG:
		return YJ_ETOOBIG;
	case SQLITE_RANGE:
	case SQLITE_MISMATCH:
	case SQLITE_MISUSE:
		return YJ_EINVAL;
	}
	return YJ_ESTORE;
}

/* fail - record the connection's last error */
static int
fail(struct sqlite_db *db, int code)
{
	return yj_db_set_error(&db->base, map_code(code), "%s",
	    sqlite3_errmsg(db->h));
}

/* dir_of - directory part of path ("." without a slash) */
static int
dir_of(const char *path, char *dir, size_t dirsz)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL)
		return snprintf(dir, dirsz, ".") < 0 ? YJ_EINVAL : 0;
	n = slash == path ? 1 : (size_t)(slash - path);
	if (n >= dirsz)
		return YJ_ETOOBIG;
	memcpy(dir, path, n);
	dir[n] = '\0';
	return 0;
}

/*
 * probe - open an existing file read-only and read its schema: 0, or
 * YJ_ECORRUPT (or another error) with the reason in err
 */
static int
probe(const char *path, char *err, size_t errsz)
{
	sqlite3 *h;
	int rc;

	rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(h, 1);
		sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
		rc = sqlite3_exec(h, "SELECT count(*) FROM sqlite_master",
		    NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK)
		snprintf(err, errsz, "cannot open store '%s': %s", path,
		    h != NULL ? sqlite3_errmsg(h) : "out of memory");
	sqlite3_close_v2(h);
	return rc == SQLITE_OK ? 0 : map_code(rc);
}

/* check_dir - the file's directory exists and is writable */
static int
check_dir(const char *path, char *err, size_t errsz)
{
	char dir[PATH_MAX];
	struct stat st;

	if (dir_of(path, dir, sizeof(dir)) != 0) {
		snprintf(err, errsz, "cannot open store '%s': path too long",
		    path);
		return YJ_EINVAL;
	}
	if (stat(dir, &st) == -1 || !S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "cannot open store '%s': directory '%s' "
		    "does not exist", path, dir);
		return YJ_ENOENT;
	}
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == -1) {
		snprintf(err, errsz, "cannot open store '%s': directory '%s' "
		    "is not writable", path, dir);
		return YJ_EPERM;
	}
	return 0;
}

/*
 * check_file - may SQLite open path read-write?  *exists tells whether
 * it is to be created
 */
static int
check_file(const char *path, bool *exists, char *err, size_t errsz)
{
	char ebuf[128];
	struct stat st;
	int rc;

	if ((rc = check_dir(path, err, errsz)) != 0)
		return rc;
	*exists = stat(path, &st) == 0;
	if (!*exists) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsz, "cannot open store '%s': %s", path,
		    yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return YJ_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errsz, "cannot open store '%s': not a regular "
		    "file", path);
		return YJ_EINVAL;
	}
	if (faccessat(AT_FDCWD, path, R_OK | W_OK, AT_EACCESS) == -1) {
		snprintf(err, errsz, "cannot open store '%s': file is "
		    "read-only", path);
		return YJ_EPERM;
	}
	/* an empty file is a new database to SQLite: accept it */
	return st.st_size > 0 ? probe(path, err, errsz) : 0;
}

/* pragma_text - run a pragma that returns one text value */
static int
pragma_text(struct sqlite_db *db, const char *sql, char *out, size_t outsz)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return fail(db, rc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(out, outsz, "%s",
		    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return fail(db, rc);
	return 0;
}

/*
 * wal_mode - switch to write-ahead logging, waiting out other openers.
 * Two processes opening a new store at once both hold a shared lock when
 * they ask for the exclusive one the switch needs; SQLite then answers
 * SQLITE_BUSY at once, without the busy handler (it would deadlock), so
 * the loser retries here for as long as the busy timeout allows.
 */
static int
wal_mode(struct sqlite_db *db, char *mode, size_t modesz)
{
	int rc, waited;

	for (waited = 0;; waited += 10) {
		rc = pragma_text(db, "PRAGMA journal_mode=WAL", mode, modesz);
		if (rc == 0 || (sqlite3_errcode(db->h) & 0xff) != SQLITE_BUSY ||
		    waited >= BUSY_TIMEOUT_MS)
			return rc;
		usleep(10 * 1000);
	}
}

/* setup - first read, then WAL and the connection settings */
static int
setup(struct sqlite_db *db)
{
	char mode[16];
	int rc;

	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS);
	if (sqlite3_db_readonly(db->h, "main") == 1)
		return yj_db_set_error(&db->base, YJ_EPERM,
		    "file is read-only");
	/* read before the first write (journal mode), once more */
	rc = sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_master",
	    NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return fail(db, rc);
	if ((rc = wal_mode(db, mode, sizeof(mode))) != 0)
		return rc;
	if (strcmp(mode, "wal") != 0)
		return yj_db_set_error(&db->base, YJ_EIO, "cannot use "
		    "write-ahead logging (journal mode stays '%s')", mode);
	rc = sqlite3_exec(db->h, "PRAGMA foreign_keys=ON;"
	    "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return fail(db, rc);
	return 0;
}

/*
 * create_file - create the empty store file with STORE_MODE.  Nothing in
 * this process can hold SQLite locks on a file that did not exist, so a
 * descriptor of our own is safe here.
 */
static int
create_file(const char *path, char *err, size_t errsz)
{
	char ebuf[128];
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY,
	    STORE_MODE);
	if (fd == -1 && errno != EEXIST) {
		snprintf(err, errsz, "cannot create store '%s': %s", path,
		    yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return YJ_EIO;
	}
	if (fd != -1)
		close(fd);
	return 0;
}

/* sq_open - check the file, open it, set it up */
static int
sq_open(struct yj_db **dbp, const char *path, char *err, size_t errsz)
{
	struct sqlite_db *db;
	bool exists;
	int flags;
	int rc;

	if (*path == '\0' || strcmp(path, ":memory:") == 0) {
		snprintf(err, errsz, "cannot open store '%s': a file path is "
		    "needed (every thread opens its own connection)", path);
		return YJ_EINVAL;
	}
	if ((rc = check_file(path, &exists, err, errsz)) != 0)
		return rc;
	if (!exists && (rc = create_file(path, err, errsz)) != 0)
		return rc;
	db = yj_xcalloc(1, sizeof(*db));
	snprintf(db->base.name, sizeof(db->base.name), "%s", path);
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(path, &db->h, flags, NULL);
	if (rc != SQLITE_OK)
		rc = fail(db, rc);
	else
		rc = setup(db);
	if (rc != 0) {
		snprintf(err, errsz, "cannot open store '%s': %s", path,
		    db->base.errmsg);
		sqlite3_close_v2(db->h);
		yj_free(db);
		return rc;
	}
	*dbp = &db->base;
	return 0;
}

/* sq_close - disconnect; statements must be finalized already */
static void
sq_close(struct yj_db *base)
{
	struct sqlite_db *db = (struct sqlite_db *)base;

	while (db->nidle > 0)
		sqlite3_finalize(db->idle[--db->nidle]);
	if (sqlite3_close(db->h) != SQLITE_OK) {
		yj_warn("store '%s': statements left open at close",
		    base->name);
		sqlite3_close_v2(db->h);
	}
	yj_free(db);
}

/* sq_is_broken - a local file does not go away like a server */
static bool
sq_is_broken(const struct yj_db *base)
{
	(void)base;
	return false;
}

/* sq_exec - run static SQL */
static int
sq_exec(struct yj_db *base, const char *sql)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	int rc;

	rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(db, rc);
}

/* only_question_marks - refuse ?NNN, :name, @name, $name (not portable) */
static bool
only_question_marks(sqlite3_stmt *h)
{
	int i;
	int n = sqlite3_bind_parameter_count(h);

	for (i = 1; i <= n; i++)
		if (sqlite3_bind_parameter_name(h, i) != NULL)
			return false;
	return true;
}

/* sq_prepare - compile exactly one statement */
static int
sq_prepare(struct yj_db *base, const char *sql, struct yj_stmt **stp)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	struct sqlite_stmt *st;
	const char *tail;
	sqlite3_stmt *h;
	int i, rc;

	for (i = db->nidle - 1; i >= 0; i--) {
		if (strcmp(sqlite3_sql(db->idle[i]), sql) != 0)
			continue;
		h = db->idle[i];
		db->idle[i] = db->idle[--db->nidle];
		goto wrap;
	}
	rc = sqlite3_prepare_v2(db->h, sql, -1, &h, &tail);
	if (rc != SQLITE_OK)
		return fail(db, rc);
	if (h == NULL)
		return yj_db_set_error(base, YJ_EINVAL, "empty statement");
	tail += strspn(tail, " \t\r\n;");
	if (*tail != '\0' || !only_question_marks(h)) {
		sqlite3_finalize(h);
		return yj_db_set_error(base, YJ_EINVAL, *tail != '\0' ?
		    "more than one statement" : "only '?' placeholders "
		    "are portable");
	}
wrap:
	st = yj_xcalloc(1, sizeof(*st));
	st->h = h;
	st->base.nparams = sqlite3_bind_parameter_count(h);
	*stp = &st->base;
	return 0;
}

/* bound - result of a bind call */
static int
bound(struct yj_stmt *base, int rc)
{
	return rc == SQLITE_OK ? 0 : fail((struct sqlite_db *)base->db, rc);
}

/* sq_bind_text - copy of s */
static int
sq_bind_text(struct yj_stmt *base, int idx, const char *s)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	return bound(base, sqlite3_bind_text(st->h, idx, s, -1,
	    SQLITE_TRANSIENT));
}

/* sq_bind_int64 - integer */
static int
sq_bind_int64(struct yj_stmt *base, int idx, int64_t v)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	return bound(base, sqlite3_bind_int64(st->h, idx, v));
}

/* sq_bind_null - NULL */
static int
sq_bind_null(struct yj_stmt *base, int idx)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	return bound(base, sqlite3_bind_null(st->h, idx));
}

/* sq_step - next row */
static int
sq_step(struct yj_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	int rc;

	rc = sqlite3_step(st->h);
	if (rc == SQLITE_ROW) {
		base->ncols = sqlite3_data_count(st->h);
		return YJ_DB_ROW;
	}
	if (rc == SQLITE_DONE)
		return YJ_DB_DONE;
	return fail((struct sqlite_db *)base->db, rc);
}

/* sq_column_is_null - SQL NULL */
static bool
sq_column_is_null(struct yj_stmt *base, int col)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	return sqlite3_column_type(st->h, col) == SQLITE_NULL;
}

/* sq_column_text - text form */
static const char *
sq_column_text(struct yj_stmt *base, int col)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	return (const char *)sqlite3_column_text(st->h, col);
}

/* sq_column_int64 - integer form */
static int64_t
sq_column_int64(struct yj_stmt *base, int col)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	return sqlite3_column_int64(st->h, col);
}

/* sq_reset - rewind; the step's error was reported already */
static int
sq_reset(struct yj_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;

	sqlite3_reset(st->h);
	return 0;
}

/* sq_finalize - back to the idle statements, or free when they are full */
static void
sq_finalize(struct yj_stmt *base)
{
	struct sqlite_stmt *st = (struct sqlite_stmt *)base;
	struct sqlite_db *db = (struct sqlite_db *)base->db;

	if (db != NULL && db->nidle < STMT_CACHE) {
		(void)sqlite3_reset(st->h);	/* the step's error was seen */
		(void)sqlite3_clear_bindings(st->h);
		db->idle[db->nidle++] = st->h;
	} else
		sqlite3_finalize(st->h);
	yj_free(st);
}

/* sq_changes - rows changed by the last INSERT, UPDATE or DELETE */
static int64_t
sq_changes(struct yj_db *base)
{
	return sqlite3_changes64(((struct sqlite_db *)base)->h);
}

/* sq_begin - take the write lock now (BEGIN IMMEDIATE) */
static int
sq_begin(struct yj_db *base, unsigned flags)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	int rc;

	/* synchronous cannot change inside a transaction: set it first */
	if ((flags & YJ_DB_TX_DURABLE) != 0 &&
	    (rc = sq_exec(base, "PRAGMA synchronous=FULL")) != 0)
		return rc;
	rc = sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	rc = fail(db, rc);
	if ((flags & YJ_DB_TX_DURABLE) != 0)
		sqlite3_exec(db->h, "PRAGMA synchronous=NORMAL", NULL, NULL,
		    NULL);
	return rc;
}

/*
 * sq_end - commit or roll back; a failed COMMIT leaves SQLite's
 * transaction open, so it is rolled back to keep db.c's promise that no
 * transaction survives
 */
static int
sq_end(struct yj_db *base, bool commit, unsigned flags)
{
	struct sqlite_db *db = (struct sqlite_db *)base;
	int rc = SQLITE_OK;

	if (commit)
		rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		rc = fail(db, rc);
	/* SQLite may have rolled back by itself (SQLITE_FULL, IOERR, ...) */
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	if ((flags & YJ_DB_TX_DURABLE) != 0)
		sqlite3_exec(db->h, "PRAGMA synchronous=NORMAL", NULL, NULL,
		    NULL);
	return rc;
}

/*
 * sq_lock_schema - nothing to do: each migration's BEGIN IMMEDIATE
 * excludes other writers and reads the latest commit
 */
static int
sq_lock_schema(struct yj_db *base, bool lock)
{
	(void)base;
	(void)lock;
	return 0;
}

const struct yj_db_driver yj_db_sqlite_driver = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.is_broken = sq_is_broken,
	.exec = sq_exec,
	.prepare = sq_prepare,
	.bind_text = sq_bind_text,
	.bind_int64 = sq_bind_int64,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.column_is_null = sq_column_is_null,
	.column_text = sq_column_text,
	.column_int64 = sq_column_int64,
	.reset = sq_reset,
	.finalize = sq_finalize,
	.changes = sq_changes,
	.begin = sq_begin,
	.end = sq_end,
	.lock_schema = sq_lock_schema,
};
