/*
 * hold.c - schema component "hold": held messages and their audit trail
 *
 * Tables (prefix hold_):
 *
 *   hold_msg     one row per message yojin asked the MTA to keep; the
 *                columns mirror struct yj_hold_rec.  A partial unique
 *                index allows one ACTIVE row per (host, queue_id): MTAs
 *                reuse queue ids once a message has left the queue, so
 *                finished rows must not block a new hold.
 *   hold_audit   append-only trail: who did what to which row, when.
 *   hold_secret  one random 32-byte key, made by the migration, for the
 *                tokens in hold notices and the marks on them.
 *
 * Every change of state goes through one function, transition(), run by
 * yj_db_transact() with YJ_DB_TX_DURABLE: the UPDATE is guarded by the
 * state the caller read ("WHERE id = ? AND state = ?") and the audit row
 * is written in the same transaction, so a state nobody was told about,
 * or an action without its audit entry, cannot exist.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "store/db_driver.h"
#include "store/hold.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

#define LIST_DEFAULT	1000	/* rows a list returns unless told */
#define LIST_MAX	20000	/* rows a list may return */
#define ACTIVE		"('held', 'releasing', 'cancelling')"

#define T_HOLD(ID) \
	"CREATE TABLE hold_msg (" \
	" id " ID "," \
	" host TEXT NOT NULL," \
	" queue_id TEXT NOT NULL," \
	" kind TEXT NOT NULL," \
	" mode TEXT NOT NULL," \
	" direction TEXT NOT NULL," \
	" state TEXT NOT NULL," \
	" target TEXT," \
	" sender TEXT NOT NULL," \
	" recipients TEXT NOT NULL," \
	" subject TEXT NOT NULL," \
	" message_id TEXT NOT NULL," \
	" verdict TEXT NOT NULL," \
	" score INTEGER NOT NULL," \
	" findings TEXT NOT NULL," \
	" approvers TEXT NOT NULL," \
	" headers TEXT NOT NULL," \
	" size BIGINT NOT NULL," \
	" created_at BIGINT NOT NULL," \
	" deadline BIGINT NOT NULL," \
	" deadline_action TEXT NOT NULL," \
	" updated_at BIGINT NOT NULL," \
	" notice_wanted INTEGER NOT NULL," \
	" notice_at BIGINT NOT NULL DEFAULT 0);" \
	"CREATE UNIQUE INDEX hold_msg_active ON hold_msg (host, queue_id)" \
	" WHERE state IN " ACTIVE ";" \
	"CREATE INDEX hold_msg_state ON hold_msg (state, deadline);" \
	"CREATE TABLE hold_audit (" \
	" id " ID "," \
	" hold_id BIGINT NOT NULL REFERENCES hold_msg (id)," \
	" at BIGINT NOT NULL," \
	" actor TEXT NOT NULL," \
	" action TEXT NOT NULL," \
	" detail TEXT NOT NULL);" \
	"CREATE INDEX hold_audit_hold ON hold_audit (hold_id, id);" \
	"CREATE TABLE hold_secret (" \
	" id INTEGER PRIMARY KEY," \
	" secret TEXT NOT NULL)"

static const char secret_init_sql[] =
    "INSERT INTO hold_secret (id, secret) VALUES (1, ?)"
    " ON CONFLICT (id) DO NOTHING";

/* make_secret - the component's key, once */
static int
make_secret(struct yj_db *db)
{
	unsigned char b[32];
	struct yj_db_val v;
	char hex[65];
	size_t got = 0;
	ssize_t n;
	size_t i;

	while (got < sizeof(b)) {
		n = getrandom(b + got, sizeof(b) - got, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return yj_db_set_error(db, YJ_EIO,
			    "cannot read random bytes for the hold secret");
		got += (size_t)n;
	}
	for (i = 0; i < sizeof(b); i++)
		snprintf(hex + 2 * i, 3, "%02x", b[i]);
	v = YJ_DB_TEXT(hex);
	return yj_db_execv(db, secret_init_sql, &v, 1);
}

static const struct yj_migration hold_migrations[] = {
	{ YJ_MIGRATION_IDS(1, T_HOLD), .fn = make_secret },
};

YJ_SCHEMA_COMPONENT(hold) = {
	.name = "hold",
	.prefix = "hold_",
	.migrations = hold_migrations,
	.count = sizeof(hold_migrations) / sizeof(hold_migrations[0]),
};

#define COLUMNS \
	"id, host, queue_id, kind, mode, direction, state, target, sender," \
	" recipients, subject, message_id, verdict, score, findings," \
	" approvers, headers, size, created_at, deadline, deadline_action," \
	" updated_at, notice_wanted, notice_at"

static const char insert_sql[] =
    "INSERT INTO hold_msg (host, queue_id, kind, mode, direction, state,"
    " target, sender, recipients, subject, message_id, verdict, score,"
    " findings, approvers, headers, size, created_at, deadline,"
    " deadline_action, updated_at, notice_wanted, notice_at)"
    " VALUES (?, ?, ?, ?, ?, 'held', NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, 0) RETURNING id";

static const char stale_sql[] =
    "SELECT id FROM hold_msg WHERE host = ? AND queue_id = ?"
    " AND state IN " ACTIVE;

static const char get_sql[] =
    "SELECT " COLUMNS " FROM hold_msg WHERE id = ?";

static const char find_sql[] =
    "SELECT " COLUMNS " FROM hold_msg WHERE host = ? AND queue_id = ?"
    " ORDER BY CASE WHEN state IN " ACTIVE " THEN 0 ELSE 1 END, id DESC"
    " LIMIT 1";

static const char list_sql[] =
    "SELECT " COLUMNS " FROM hold_msg"
    " WHERE (CAST(? AS TEXT) IS NULL OR state = ?"
    "   OR (? = 'active' AND state IN " ACTIVE "))"
    " AND (CAST(? AS TEXT) IS NULL OR host = ?)"
    " AND (CAST(? AS BIGINT) = 0"
    "   OR (state = 'held' AND deadline <= ?))"
    " AND (CAST(? AS BIGINT) = 0"
    "   OR (state IN ('releasing', 'cancelling') AND updated_at < ?))"
    " AND (CAST(? AS BIGINT) = 0"
    "   OR (state = 'held' AND notice_wanted = 1 AND notice_at = 0))"
    " ORDER BY id DESC LIMIT ?";

static const char update_sql[] =
    "UPDATE hold_msg SET state = ?, target = ?, updated_at = ?"
    " WHERE id = ? AND state = ?";

static const char state_sql[] =
    "SELECT state FROM hold_msg WHERE id = ?";

static const char audit_sql[] =
    "INSERT INTO hold_audit (hold_id, at, actor, action, detail)"
    " VALUES (?, ?, ?, ?, ?)";

static const char audit_list_sql[] =
    "SELECT at, actor, action, detail FROM hold_audit WHERE hold_id = ?"
    " ORDER BY id";

static const char notice_sql[] =
    "UPDATE hold_msg SET notice_at = ? WHERE id = ?";

static const char secret_sql[] =
    "SELECT secret FROM hold_secret WHERE id = 1";

/* yj_hold_state_final - a state nothing leaves */
bool
yj_hold_state_final(const char *s)
{
	return strcmp(s, "held") != 0 && strcmp(s, "releasing") != 0 &&
	    strcmp(s, "cancelling") != 0;
}

/* s_or - s, or "" for NULL */
static const char *
s_or(const char *s)
{
	return s != NULL ? s : "";
}

/* audit - append (in whatever transaction is open) */
static int
audit(struct yj_db *db, int64_t id, const char *actor, const char *action,
    const char *detail)
{
	struct yj_db_val v[5];

	v[0] = YJ_DB_INT(id);
	v[1] = YJ_DB_INT(yj_time_now());
	v[2] = YJ_DB_TEXT(s_or(actor));
	v[3] = YJ_DB_TEXT(action);
	v[4] = YJ_DB_TEXT(s_or(detail));
	return yj_db_execv(db, audit_sql, v, 5);
}

struct add_arg {
	struct yj_hold_rec	*r;
	const char		*actor;
};

/* retire_stale - an active row with our queue id: the MTA reused it */
static int
retire_stale(struct yj_db *db, const struct yj_hold_rec *r,
    const char *actor)
{
	struct yj_db_val v[5];
	int64_t old;
	int rc;

	v[0] = YJ_DB_TEXT(r->host);
	v[1] = YJ_DB_TEXT(r->queue_id);
	rc = yj_db_query_int64(db, stale_sql, v, 2, &old);
	if (rc == YJ_ENOENT)
		return 0;
	if (rc != 0)
		return rc;
	v[0] = YJ_DB_TEXT("missing");
	v[1] = YJ_DB_NULL;
	v[2] = YJ_DB_INT(yj_time_now());
	v[3] = YJ_DB_INT(old);
	if ((rc = yj_db_execv(db, "UPDATE hold_msg SET state = ?, target = ?,"
	    " updated_at = ? WHERE id = ?", v, 4)) != 0)
		return rc;
	return audit(db, old, actor, "missing", "the MTA gave its queue id "
	    "to a new message: this one left the queue outside yojin");
}

/* add_tx - the insert, in a transaction */
static int
add_tx(struct yj_db *db, void *arg)
{
	struct add_arg *a = arg;
	struct yj_hold_rec *r = a->r;
	struct yj_db_val v[20];
	int rc;

	if ((rc = retire_stale(db, r, a->actor)) != 0)
		return rc;
	v[0] = YJ_DB_TEXT(r->host);
	v[1] = YJ_DB_TEXT(r->queue_id);
	v[2] = YJ_DB_TEXT(r->kind);
	v[3] = YJ_DB_TEXT(r->mode);
	v[4] = YJ_DB_TEXT(r->direction);
	v[5] = YJ_DB_TEXT(s_or(r->sender));
	v[6] = YJ_DB_TEXT(r->recipients ? r->recipients : "[]");
	v[7] = YJ_DB_TEXT(s_or(r->subject));
	v[8] = YJ_DB_TEXT(s_or(r->message_id));
	v[9] = YJ_DB_TEXT(r->verdict);
	v[10] = YJ_DB_INT(r->score);
	v[11] = YJ_DB_TEXT(r->findings ? r->findings : "[]");
	v[12] = YJ_DB_TEXT(r->approvers ? r->approvers : "[]");
	v[13] = YJ_DB_TEXT(s_or(r->headers));
	v[14] = YJ_DB_INT(r->size);
	v[15] = YJ_DB_INT(r->created_at);
	v[16] = YJ_DB_INT(r->deadline);
	v[17] = YJ_DB_TEXT(r->deadline_action);
	v[18] = YJ_DB_INT(r->updated_at);
	v[19] = YJ_DB_INT(r->notice_wanted ? 1 : 0);
	if ((rc = yj_db_query_int64(db, insert_sql, v, 20, &r->id)) != 0)
		return rc;
	return audit(db, r->id, a->actor, "held", r->kind);
}

/* yj_hold_store_add - a new held message */
int
yj_hold_store_add(struct yj_store *s, struct yj_hold_rec *r,
    const char *actor)
{
	struct add_arg a = { r, actor };
	struct yj_db *db;
	int rc;

	if (r->host == NULL || r->queue_id == NULL || r->kind == NULL ||
	    r->mode == NULL || r->direction == NULL || r->verdict == NULL ||
	    r->deadline_action == NULL)
		return YJ_EINVAL;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if (r->created_at == 0)
		r->created_at = yj_time_now();
	r->updated_at = r->created_at;
	return yj_db_transact(db, YJ_DB_TX_DURABLE, add_tx, &a);
}

/* dup_col - heap copy of a text column, NULL for SQL NULL */
static char *
dup_col(struct yj_stmt *st, int col)
{
	const char *s = yj_db_column_text(st, col);

	return s != NULL ? yj_xstrdup(s) : NULL;
}

/* read_row - the columns of COLUMNS into a new record */
static struct yj_hold_rec *
read_row(struct yj_stmt *st)
{
	struct yj_hold_rec *r = yj_xcalloc(1, sizeof(*r));

	r->id = yj_db_column_int64(st, 0);
	r->host = dup_col(st, 1);
	r->queue_id = dup_col(st, 2);
	r->kind = dup_col(st, 3);
	r->mode = dup_col(st, 4);
	r->direction = dup_col(st, 5);
	r->state = dup_col(st, 6);
	r->target = dup_col(st, 7);
	r->sender = dup_col(st, 8);
	r->recipients = dup_col(st, 9);
	r->subject = dup_col(st, 10);
	r->message_id = dup_col(st, 11);
	r->verdict = dup_col(st, 12);
	r->score = (int)yj_db_column_int64(st, 13);
	r->findings = dup_col(st, 14);
	r->approvers = dup_col(st, 15);
	r->headers = dup_col(st, 16);
	r->size = yj_db_column_int64(st, 17);
	r->created_at = yj_db_column_int64(st, 18);
	r->deadline = yj_db_column_int64(st, 19);
	r->deadline_action = dup_col(st, 20);
	r->updated_at = yj_db_column_int64(st, 21);
	r->notice_wanted = yj_db_column_int64(st, 22) != 0;
	r->notice_at = yj_db_column_int64(st, 23);
	return r;
}

/* yj_hold_rec_free - free a record */
void
yj_hold_rec_free(struct yj_hold_rec *r)
{
	if (r == NULL)
		return;
	yj_free(r->host);
	yj_free(r->queue_id);
	yj_free(r->kind);
	yj_free(r->mode);
	yj_free(r->direction);
	yj_free(r->state);
	yj_free(r->target);
	yj_free(r->sender);
	yj_free(r->recipients);
	yj_free(r->subject);
	yj_free(r->message_id);
	yj_free(r->verdict);
	yj_free(r->findings);
	yj_free(r->approvers);
	yj_free(r->headers);
	yj_free(r->deadline_action);
	yj_free(r);
}

/* query_one - run a COLUMNS query, the first row or YJ_ENOENT */
static int
query_one(struct yj_store *s, const char *sql, const struct yj_db_val *v,
    size_t n, struct yj_hold_rec **out)
{
	struct yj_stmt *st;
	struct yj_db *db;
	int rc;

	*out = NULL;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if ((rc = yj_db_prepare(db, sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, v, n)) == 0)
		rc = yj_db_step(st);
	if (rc == YJ_DB_ROW) {
		*out = read_row(st);
		rc = 0;
	} else if (rc == YJ_DB_DONE) {
		rc = YJ_ENOENT;
	}
	yj_db_finalize(st);
	return rc;
}

/* yj_hold_store_get - by id */
int
yj_hold_store_get(struct yj_store *s, int64_t id, struct yj_hold_rec **out)
{
	struct yj_db_val v = YJ_DB_INT(id);

	return query_one(s, get_sql, &v, 1, out);
}

/* yj_hold_store_find - a queue id's active record, else its newest */
int
yj_hold_store_find(struct yj_store *s, const char *host, const char *qid,
    struct yj_hold_rec **out)
{
	struct yj_db_val v[2];

	v[0] = YJ_DB_TEXT(host);
	v[1] = YJ_DB_TEXT(qid);
	return query_one(s, find_sql, v, 2, out);
}

/* bind_filter - the parameters of list_sql */
static int
bind_filter(struct yj_stmt *st, const struct yj_hold_filter *f)
{
	struct yj_db_val v[12];
	const char *state = f->state;
	const char *host = f->host;

	v[0] = state ? YJ_DB_TEXT(state) : YJ_DB_NULL;
	v[1] = v[0];
	v[2] = state ? YJ_DB_TEXT(state) : YJ_DB_TEXT("");
	v[3] = host ? YJ_DB_TEXT(host) : YJ_DB_NULL;
	v[4] = v[3];
	v[5] = YJ_DB_INT(f->due_before > 0);
	v[6] = YJ_DB_INT(f->due_before);
	v[7] = YJ_DB_INT(f->stuck_before > 0);
	v[8] = YJ_DB_INT(f->stuck_before);
	v[9] = YJ_DB_INT(f->notice_pending ? 1 : 0);
	v[10] = YJ_DB_INT((int64_t)(f->limit == 0 ? LIST_DEFAULT :
	    f->limit < LIST_MAX ? f->limit : LIST_MAX));
	return yj_db_bindv(st, v, 11);
}

/* yj_hold_store_list - records matching the filter */
int
yj_hold_store_list(struct yj_store *s, const struct yj_hold_filter *f,
    struct yj_hold_list *out)
{
	struct yj_stmt *st;
	struct yj_db *db;
	size_t alloc = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if ((rc = yj_db_prepare(db, list_sql, &st)) != 0)
		return rc;
	rc = bind_filter(st, f);
	while (rc == 0 && (rc = yj_db_step(st)) == YJ_DB_ROW) {
		if (out->nr == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			out->v = yj_xreallocarray(out->v, alloc,
			    sizeof(*out->v));
		}
		out->v[out->nr++] = read_row(st);
		rc = 0;
	}
	yj_db_finalize(st);
	if (rc < 0) {
		yj_hold_list_free(out);
		return rc;
	}
	return 0;
}

/* yj_hold_list_free - free every record of a list */
void
yj_hold_list_free(struct yj_hold_list *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		yj_hold_rec_free(l->v[i]);
	yj_free(l->v);
	memset(l, 0, sizeof(*l));
}

struct tr_arg {
	int64_t		 id;
	const char	*from;
	const char	*to;
	const char	*target;
	const char	*actor;
	const char	*action;
	const char	*detail;
};

/* transition_tx - compare and set, with its audit entry */
static int
transition_tx(struct yj_db *db, void *arg)
{
	struct tr_arg *t = arg;
	struct yj_db_val v[5];
	int rc;

	v[0] = YJ_DB_TEXT(t->to);
	v[1] = t->target ? YJ_DB_TEXT(t->target) : YJ_DB_NULL;
	v[2] = YJ_DB_INT(yj_time_now());
	v[3] = YJ_DB_INT(t->id);
	v[4] = YJ_DB_TEXT(t->from);
	if ((rc = yj_db_execv(db, update_sql, v, 5)) != 0)
		return rc;
	if (yj_db_changes(db) != 1) {
		v[0] = YJ_DB_INT(t->id);
		rc = yj_db_query_int64(db, "SELECT id FROM hold_msg"
		    " WHERE id = ?", v, 1, &(int64_t){ 0 });
		return rc == YJ_ENOENT ? YJ_ENOENT : rc != 0 ? rc :
		    yj_db_set_error(db, YJ_ESTATE, "hold %lld is no longer "
		    "'%s'", (long long)t->id, t->from);
	}
	return audit(db, t->id, t->actor, t->action, t->detail);
}

/* yj_hold_store_transition - guarded change of state */
int
yj_hold_store_transition(struct yj_store *s, int64_t id, const char *from,
    const char *to, const char *target, const char *actor,
    const char *action, const char *detail)
{
	struct tr_arg t = { id, from, to, target, actor, action, detail };
	struct yj_db *db;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	return yj_db_transact(db, YJ_DB_TX_DURABLE, transition_tx, &t);
}

/* purge_tx - the audit of the finished old records, then the records */
static int
purge_tx(struct yj_db *db, void *arg)
{
	static const char trail_sql[] =
	    "DELETE FROM hold_audit WHERE hold_id IN (SELECT id FROM hold_msg"
	    " WHERE state NOT IN " ACTIVE " AND updated_at < ?)";
	static const char msg_sql[] =
	    "DELETE FROM hold_msg WHERE state NOT IN " ACTIVE
	    " AND updated_at < ?";
	int64_t *io = arg;
	struct yj_db_val v = YJ_DB_INT(io[0]);
	int rc;

	if ((rc = yj_db_execv(db, trail_sql, &v, 1)) != 0 ||
	    (rc = yj_db_execv(db, msg_sql, &v, 1)) != 0)
		return rc;
	io[1] = yj_db_changes(db);
	return 0;
}

/* yj_hold_store_purge - forget finished holds older than before */
int
yj_hold_store_purge(struct yj_store *s, int64_t before, int64_t *np)
{
	int64_t io[2] = { before, 0 };
	struct yj_db *db;
	int rc;

	*np = 0;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if ((rc = yj_db_transact(db, YJ_DB_TX_DURABLE, purge_tx, io)) == 0)
		*np = io[1];
	return rc;
}

/* yj_hold_store_audit - one more entry */
int
yj_hold_store_audit(struct yj_store *s, int64_t id, const char *actor,
    const char *action, const char *detail)
{
	struct yj_db *db;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	return audit(db, id, actor, action, detail);
}

/* yj_hold_store_audit_list - the trail of one record */
int
yj_hold_store_audit_list(struct yj_store *s, int64_t id,
    struct yj_hold_audit **vp, size_t *np)
{
	struct yj_db_val v = YJ_DB_INT(id);
	struct yj_hold_audit *a = NULL;
	size_t n = 0, alloc = 0;
	struct yj_stmt *st;
	struct yj_db *db;
	int rc;

	*vp = NULL;
	*np = 0;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if ((rc = yj_db_prepare(db, audit_list_sql, &st)) != 0)
		return rc;
	rc = yj_db_bindv(st, &v, 1);
	while (rc == 0 && (rc = yj_db_step(st)) == YJ_DB_ROW) {
		if (n == alloc) {
			alloc = alloc ? alloc * 2 : 8;
			a = yj_xreallocarray(a, alloc, sizeof(*a));
		}
		a[n].at = yj_db_column_int64(st, 0);
		a[n].actor = dup_col(st, 1);
		a[n].action = dup_col(st, 2);
		a[n].detail = dup_col(st, 3);
		n++;
		rc = 0;
	}
	yj_db_finalize(st);
	if (rc < 0) {
		yj_hold_audit_free(a, n);
		return rc;
	}
	*vp = a;
	*np = n;
	return 0;
}

/* yj_hold_audit_free - free an audit list */
void
yj_hold_audit_free(struct yj_hold_audit *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		yj_free(a[i].actor);
		yj_free(a[i].action);
		yj_free(a[i].detail);
	}
	yj_free(a);
}

/* yj_hold_store_notice_sent - the notice went out */
int
yj_hold_store_notice_sent(struct yj_store *s, int64_t id, int64_t t)
{
	struct yj_db_val v[2];
	struct yj_db *db;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	v[0] = YJ_DB_INT(t);
	v[1] = YJ_DB_INT(id);
	return yj_db_execv(db, notice_sql, v, 2);
}

/* unhex - 64 hex digits into 32 bytes */
static int
unhex(const char *hex, unsigned char key[32])
{
	int hi, lo;
	size_t i;

	if (hex == NULL || strlen(hex) != 64)
		return YJ_ECORRUPT;
	for (i = 0; i < 32; i++) {
		hi = yj_hexval((unsigned char)hex[2 * i]);
		lo = yj_hexval((unsigned char)hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return YJ_ECORRUPT;
		key[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* yj_hold_store_secret - the component's key */
int
yj_hold_store_secret(struct yj_store *s, unsigned char key[32])
{
	struct yj_stmt *st;
	struct yj_db *db;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if ((rc = yj_db_prepare(db, secret_sql, &st)) != 0)
		return rc;
	rc = yj_db_step(st);
	if (rc == YJ_DB_ROW)
		rc = unhex(yj_db_column_text(st, 0), key);
	else if (rc == YJ_DB_DONE)
		rc = YJ_ECORRUPT;
	yj_db_finalize(st);
	return rc;
}

/* yj_hold_store_state - the state of one record into buf */
int
yj_hold_store_state(struct yj_store *s, int64_t id, char *buf, size_t bufsz)
{
	struct yj_db_val v = YJ_DB_INT(id);
	struct yj_stmt *st;
	struct yj_db *db;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if ((rc = yj_db_prepare(db, state_sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, &v, 1)) == 0)
		rc = yj_db_step(st);
	if (rc == YJ_DB_ROW) {
		snprintf(buf, bufsz, "%s", s_or(yj_db_column_text(st, 0)));
		rc = 0;
	} else if (rc == YJ_DB_DONE) {
		rc = YJ_ENOENT;
	}
	yj_db_finalize(st);
	return rc;
}
