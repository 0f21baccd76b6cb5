/*
 * incident.c - schema component "incident": the register's tables and
 * queries
 *
 * Design: plain rows, prepared statements, every value bound.  Readers
 * share one loop (yj_db_read_rows) that steps a statement and lets a small
 * per-table function copy each row into an arena-grown array, so each
 * query is its SQL plus a column mapping.  Nothing here begins or
 * commits a transaction: src/incident/ wraps each change (the row, its
 * fields, tasks and timeline entries) in one.
 *
 * The raw message is kept as base64 text: both drivers take text only
 * (db.h), and a message may hold NUL bytes or invalid UTF-8.  The same
 * message reported twice for one incident is stored once (unique
 * incident, sha256).
 */
#include <string.h>

#include "store/db_driver.h"
#include "store/incident.h"
#include "store/schema.h"
#include "util/error.h"

#define T_CASE(ID) \
	"CREATE TABLE incident_case (" \
	" id " ID "," \
	" type TEXT NOT NULL," \
	" status TEXT NOT NULL," \
	" title TEXT NOT NULL," \
	" owner TEXT NOT NULL DEFAULT ''," \
	" severity TEXT NOT NULL," \
	" org_type TEXT NOT NULL," \
	" known_at BIGINT NOT NULL," \
	" known_tz INTEGER NOT NULL DEFAULT 0," \
	" people BIGINT," \
	" people_unknown INTEGER NOT NULL DEFAULT 0," \
	" people_max BIGINT," \
	" categories TEXT NOT NULL DEFAULT ''," \
	" unlawful INTEGER NOT NULL DEFAULT 0," \
	" encrypted INTEGER NOT NULL DEFAULT 0," \
	" not_viewed INTEGER NOT NULL DEFAULT 0," \
	" source TEXT NOT NULL DEFAULT 'manual'," \
	" source_ref TEXT NOT NULL DEFAULT ''," \
	" created_at BIGINT NOT NULL," \
	" created_by TEXT NOT NULL," \
	" updated_at BIGINT NOT NULL," \
	" closed_at BIGINT);" \
	"CREATE INDEX incident_case_status ON incident_case (status, id);" \
	"CREATE TABLE incident_field (" \
	" incident_id BIGINT NOT NULL REFERENCES incident_case (id)," \
	" key TEXT NOT NULL," \
	" value TEXT NOT NULL," \
	" PRIMARY KEY (incident_id, key));" \
	"CREATE TABLE incident_event (" \
	" id " ID "," \
	" incident_id BIGINT NOT NULL REFERENCES incident_case (id)," \
	" at BIGINT NOT NULL," \
	" recorded_at BIGINT NOT NULL," \
	" actor TEXT NOT NULL," \
	" kind TEXT NOT NULL," \
	" field TEXT NOT NULL DEFAULT ''," \
	" old_value TEXT," \
	" new_value TEXT," \
	" note TEXT NOT NULL DEFAULT '');" \
	"CREATE INDEX incident_event_case" \
	" ON incident_event (incident_id, id);" \
	"CREATE TABLE incident_task (" \
	" id " ID "," \
	" incident_id BIGINT NOT NULL REFERENCES incident_case (id)," \
	" seq INTEGER NOT NULL," \
	" template TEXT NOT NULL DEFAULT ''," \
	" phase TEXT NOT NULL," \
	" title_ja TEXT NOT NULL," \
	" title_en TEXT NOT NULL," \
	" due TEXT," \
	" due_rule TEXT NOT NULL DEFAULT ''," \
	" status TEXT NOT NULL," \
	" owner TEXT NOT NULL DEFAULT ''," \
	" note TEXT NOT NULL DEFAULT ''," \
	" done_at BIGINT," \
	" done_by TEXT NOT NULL DEFAULT ''," \
	" UNIQUE (incident_id, seq));" \
	"CREATE TABLE incident_message (" \
	" id " ID "," \
	" incident_id BIGINT NOT NULL REFERENCES incident_case (id)," \
	" sha256 TEXT NOT NULL," \
	" message_id TEXT NOT NULL DEFAULT ''," \
	" subject TEXT NOT NULL DEFAULT ''," \
	" from_addr TEXT NOT NULL DEFAULT ''," \
	" sent_at BIGINT," \
	" size BIGINT NOT NULL," \
	" raw TEXT NOT NULL," \
	" reported_by TEXT NOT NULL," \
	" reported_at BIGINT NOT NULL," \
	" findings TEXT NOT NULL DEFAULT '[]'," \
	" UNIQUE (incident_id, sha256));" \
	"CREATE INDEX incident_message_sha ON incident_message (sha256);" \
	"CREATE INDEX incident_message_mid ON incident_message (message_id);" \
	"CREATE TABLE incident_indicator (" \
	" id " ID "," \
	" incident_id BIGINT NOT NULL REFERENCES incident_case (id)," \
	" msg_id BIGINT REFERENCES incident_message (id)," \
	" kind TEXT NOT NULL," \
	" value TEXT NOT NULL," \
	" UNIQUE (incident_id, kind, value));" \
	"CREATE INDEX incident_indicator_kv ON incident_indicator (kind, value)"

static const struct yj_migration incident_migrations[] = {
	{ YJ_MIGRATION_IDS(1, T_CASE) },
};

YJ_SCHEMA_COMPONENT(incident) = {
	.name = "incident",
	.prefix = "incident_",
	.migrations = incident_migrations,
	.count = sizeof(incident_migrations) / sizeof(incident_migrations[0]),
};

#define CASE_COLS \
	"id, type, status, title, owner, severity, org_type, known_at," \
	" known_tz, people, people_unknown, people_max, categories," \
	" unlawful, encrypted, not_viewed, source, source_ref, created_at," \
	" created_by, updated_at, closed_at"

/* ---- helpers ----------------------------------------------------------- */

/* col_str - text of a column in the arena ("" for NULL) */
static const char *
col_str(struct yj_stmt *st, int col, struct yj_arena *a)
{
	const char *s = yj_db_column_text(st, col);

	return yj_arena_strdup(a, s != NULL ? s : "");
}

/* col_nstr - text of a column in the arena, NULL for NULL */
static const char *
col_nstr(struct yj_stmt *st, int col, struct yj_arena *a)
{
	if (yj_db_column_is_null(st, col))
		return NULL;
	return col_str(st, col, a);
}

/* opt_int - an integer, or NULL when v < 0 */
static struct yj_db_val
opt_int(int64_t v)
{
	return v < 0 ? YJ_DB_NULL : YJ_DB_INT(v);
}

/* opt_text - text, or NULL */
static struct yj_db_val
opt_text(const char *s)
{
	return s == NULL ? YJ_DB_NULL : YJ_DB_TEXT(s);
}

/* text - text, "" for NULL */
static struct yj_db_val
text(const char *s)
{
	return YJ_DB_TEXT(s != NULL ? s : "");
}


/* ---- cases ------------------------------------------------------------- */

/* case_vals - the columns after id, in CASE_COLS order */
static void
case_vals(const struct yj_incdb_case *c, struct yj_db_val v[21])
{
	v[0] = text(c->type);
	v[1] = text(c->status);
	v[2] = text(c->title);
	v[3] = text(c->owner);
	v[4] = text(c->severity);
	v[5] = text(c->org_type);
	v[6] = YJ_DB_INT(c->known_at);
	v[7] = YJ_DB_INT(c->known_tz);
	v[8] = c->people_set ? opt_int(c->people) : YJ_DB_NULL;
	v[9] = YJ_DB_INT(c->people_set && c->people < 0);
	v[10] = c->people_set && c->people < 0 ? opt_int(c->people_max) :
	    YJ_DB_NULL;
	v[11] = text(c->categories);
	v[12] = YJ_DB_INT(c->unlawful);
	v[13] = YJ_DB_INT(c->encrypted);
	v[14] = YJ_DB_INT(c->not_viewed);
	v[15] = text(c->source != NULL ? c->source : "manual");
	v[16] = text(c->source_ref);
	v[17] = YJ_DB_INT(c->created_at);
	v[18] = text(c->created_by);
	v[19] = YJ_DB_INT(c->updated_at);
	v[20] = c->closed_at > 0 ? YJ_DB_INT(c->closed_at) : YJ_DB_NULL;
}

/* yj_incdb_insert - a new incident; its id into *idp */
int
yj_incdb_insert(struct yj_db *db, const struct yj_incdb_case *c,
    int64_t *idp)
{
	static const char sql[] =
	    "INSERT INTO incident_case (type, status, title, owner, severity,"
	    " org_type, known_at, known_tz, people, people_unknown,"
	    " people_max, categories, unlawful, encrypted, not_viewed,"
	    " source, source_ref, created_at, created_by, updated_at,"
	    " closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?, ?) RETURNING id";
	struct yj_db_val v[21];

	case_vals(c, v);
	return yj_db_query_int64(db, sql, v, 21, idp);
}

/* yj_incdb_update - write every column of c by id */
int
yj_incdb_update(struct yj_db *db, const struct yj_incdb_case *c)
{
	static const char sql[] =
	    "UPDATE incident_case SET type = ?, status = ?, title = ?,"
	    " owner = ?, severity = ?, org_type = ?, known_at = ?,"
	    " known_tz = ?, people = ?, people_unknown = ?, people_max = ?,"
	    " categories = ?, unlawful = ?, encrypted = ?, not_viewed = ?,"
	    " source = ?, source_ref = ?, created_at = ?, created_by = ?,"
	    " updated_at = ?, closed_at = ? WHERE id = ?";
	struct yj_db_val v[22];
	int rc;

	case_vals(c, v);
	v[21] = YJ_DB_INT(c->id);
	if ((rc = yj_db_execv(db, sql, v, 22)) != 0)
		return rc;
	return yj_db_changes(db) == 1 ? 0 : YJ_ENOENT;
}

/* case_row - one incident_case row in CASE_COLS order */
static void
case_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	struct yj_incdb_case *c = elem;

	c->id = yj_db_column_int64(st, 0);
	c->type = col_str(st, 1, a);
	c->status = col_str(st, 2, a);
	c->title = col_str(st, 3, a);
	c->owner = col_str(st, 4, a);
	c->severity = col_str(st, 5, a);
	c->org_type = col_str(st, 6, a);
	c->known_at = yj_db_column_int64(st, 7);
	c->known_tz = (int)yj_db_column_int64(st, 8);
	c->people_set = !yj_db_column_is_null(st, 9) ||
	    yj_db_column_int64(st, 10) != 0;
	c->people = yj_db_column_is_null(st, 9) ? -1 :
	    yj_db_column_int64(st, 9);
	c->people_max = yj_db_column_is_null(st, 11) ? -1 :
	    yj_db_column_int64(st, 11);
	c->categories = col_str(st, 12, a);
	c->unlawful = yj_db_column_int64(st, 13) != 0;
	c->encrypted = yj_db_column_int64(st, 14) != 0;
	c->not_viewed = yj_db_column_int64(st, 15) != 0;
	c->source = col_str(st, 16, a);
	c->source_ref = col_str(st, 17, a);
	c->created_at = yj_db_column_int64(st, 18);
	c->created_by = col_str(st, 19, a);
	c->updated_at = yj_db_column_int64(st, 20);
	c->closed_at = yj_db_column_int64(st, 21);
}

/* yj_incdb_get - one incident; YJ_ENOENT if there is none */
int
yj_incdb_get(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_incdb_case *c)
{
	static const char sql[] =
	    "SELECT " CASE_COLS " FROM incident_case WHERE id = ?";
	struct yj_db_val v = YJ_DB_INT(id);
	struct yj_incdb_case *rows;
	size_t n;
	int rc;

	rc = yj_db_read_rows(db, a, sql, &v, 1, sizeof(*rows), case_row,
	    (void **)&rows, &n);
	if (rc != 0)
		return rc;
	if (n == 0)
		return YJ_ENOENT;
	*c = rows[0];
	return 0;
}

/* yj_incdb_list - incidents by id, filtered */
int
yj_incdb_list(struct yj_db *db, struct yj_arena *a,
    const struct yj_incdb_filter *f, struct yj_incdb_case **vp, size_t *np)
{
	static const char sql[] =
	    "SELECT " CASE_COLS " FROM incident_case"
	    " WHERE (CAST(? AS TEXT) IS NULL OR status = ?"
	    "  OR (? = 'open' AND closed_at IS NULL))"
	    " AND (CAST(? AS TEXT) IS NULL OR type = ?)"
	    " ORDER BY id LIMIT ?";
	struct yj_db_val v[6];

	v[0] = v[1] = v[2] = opt_text(f->status);
	v[3] = v[4] = opt_text(f->type);
	v[5] = YJ_DB_INT(f->limit > 0 ? f->limit : INT64_MAX);
	return yj_db_read_rows(db, a, sql, v, 6, sizeof(**vp), case_row,
	    (void **)vp, np);
}

/* ---- fields ------------------------------------------------------------ */

/* yj_incdb_field_set - set or (value NULL) delete one field */
int
yj_incdb_field_set(struct yj_db *db, int64_t id, const char *key,
    const char *value)
{
	static const char del[] =
	    "DELETE FROM incident_field WHERE incident_id = ? AND key = ?";
	static const char set[] =
	    "INSERT INTO incident_field (incident_id, key, value)"
	    " VALUES (?, ?, ?) ON CONFLICT (incident_id, key)"
	    " DO UPDATE SET value = excluded.value";
	struct yj_db_val v[3];

	v[0] = YJ_DB_INT(id);
	v[1] = YJ_DB_TEXT(key);
	if (value == NULL)
		return yj_db_execv(db, del, v, 2);
	v[2] = YJ_DB_TEXT(value);
	return yj_db_execv(db, set, v, 3);
}

/* kv_row - key, value */
static void
kv_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	struct yj_incdb_kv *kv = elem;

	kv->key = col_str(st, 0, a);
	kv->value = col_str(st, 1, a);
}

/* yj_incdb_fields - every field of an incident, by key */
int
yj_incdb_fields(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_incdb_kv **vp, size_t *np)
{
	static const char sql[] =
	    "SELECT key, value FROM incident_field WHERE incident_id = ?"
	    " ORDER BY key";
	struct yj_db_val v = YJ_DB_INT(id);

	return yj_db_read_rows(db, a, sql, &v, 1, sizeof(**vp), kv_row,
	    (void **)vp, np);
}

/* ---- timeline ---------------------------------------------------------- */

/* yj_incdb_event_add - append one timeline entry */
int
yj_incdb_event_add(struct yj_db *db, const struct yj_incdb_event *e)
{
	static const char sql[] =
	    "INSERT INTO incident_event (incident_id, at, recorded_at, actor,"
	    " kind, field, old_value, new_value, note)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct yj_db_val v[9];

	v[0] = YJ_DB_INT(e->incident);
	v[1] = YJ_DB_INT(e->at);
	v[2] = YJ_DB_INT(e->recorded_at);
	v[3] = text(e->actor);
	v[4] = text(e->kind);
	v[5] = text(e->field);
	v[6] = opt_text(e->old_value);
	v[7] = opt_text(e->new_value);
	v[8] = text(e->note);
	return yj_db_execv(db, sql, v, 9);
}

/* event_row - one incident_event row */
static void
event_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	struct yj_incdb_event *e = elem;

	e->id = yj_db_column_int64(st, 0);
	e->incident = yj_db_column_int64(st, 1);
	e->at = yj_db_column_int64(st, 2);
	e->recorded_at = yj_db_column_int64(st, 3);
	e->actor = col_str(st, 4, a);
	e->kind = col_str(st, 5, a);
	e->field = col_str(st, 6, a);
	e->old_value = col_nstr(st, 7, a);
	e->new_value = col_nstr(st, 8, a);
	e->note = col_str(st, 9, a);
}

/* yj_incdb_events - the timeline, by when it happened then as written */
int
yj_incdb_events(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_incdb_event **vp, size_t *np)
{
	static const char sql[] =
	    "SELECT id, incident_id, at, recorded_at, actor, kind, field,"
	    " old_value, new_value, note FROM incident_event"
	    " WHERE incident_id = ? ORDER BY at, id";
	struct yj_db_val v = YJ_DB_INT(id);

	return yj_db_read_rows(db, a, sql, &v, 1, sizeof(**vp), event_row,
	    (void **)vp, np);
}

/* ---- tasks ------------------------------------------------------------- */

/* task_vals - the mutable columns of a task */
static void
task_vals(const struct yj_incdb_task *t, struct yj_db_val v[11])
{
	v[0] = text(t->template);
	v[1] = text(t->phase);
	v[2] = text(t->title_ja);
	v[3] = text(t->title_en);
	v[4] = opt_text(t->due);
	v[5] = text(t->due_rule);
	v[6] = text(t->status);
	v[7] = text(t->owner);
	v[8] = text(t->note);
	v[9] = t->done_at > 0 ? YJ_DB_INT(t->done_at) : YJ_DB_NULL;
	v[10] = text(t->done_by);
}

/* yj_incdb_task_add - append a task; its number into *seqp */
int
yj_incdb_task_add(struct yj_db *db, const struct yj_incdb_task *t,
    int *seqp)
{
	static const char next[] =
	    "SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_task"
	    " WHERE incident_id = ?";
	static const char sql[] =
	    "INSERT INTO incident_task (template, phase, title_ja, title_en,"
	    " due, due_rule, status, owner, note, done_at, done_by,"
	    " incident_id, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	struct yj_db_val v[13];
	int64_t seq;
	int rc;

	v[0] = YJ_DB_INT(t->incident);
	if ((rc = yj_db_query_int64(db, next, v, 1, &seq)) != 0)
		return rc;
	task_vals(t, v);
	v[11] = YJ_DB_INT(t->incident);
	v[12] = YJ_DB_INT(seq);
	if ((rc = yj_db_execv(db, sql, v, 13)) != 0)
		return rc;
	if (seqp != NULL)
		*seqp = (int)seq;
	return 0;
}

/* yj_incdb_task_update - write a task by (incident, seq) */
int
yj_incdb_task_update(struct yj_db *db, const struct yj_incdb_task *t)
{
	static const char sql[] =
	    "UPDATE incident_task SET template = ?, phase = ?, title_ja = ?,"
	    " title_en = ?, due = ?, due_rule = ?, status = ?, owner = ?,"
	    " note = ?, done_at = ?, done_by = ?"
	    " WHERE incident_id = ? AND seq = ?";
	struct yj_db_val v[13];
	int rc;

	task_vals(t, v);
	v[11] = YJ_DB_INT(t->incident);
	v[12] = YJ_DB_INT(t->seq);
	if ((rc = yj_db_execv(db, sql, v, 13)) != 0)
		return rc;
	return yj_db_changes(db) == 1 ? 0 : YJ_ENOENT;
}

/* yj_incdb_task_delete - remove a task (its number is not reused) */
int
yj_incdb_task_delete(struct yj_db *db, int64_t incident, int seq)
{
	static const char sql[] =
	    "DELETE FROM incident_task WHERE incident_id = ? AND seq = ?";
	struct yj_db_val v[2];
	int rc;

	v[0] = YJ_DB_INT(incident);
	v[1] = YJ_DB_INT(seq);
	if ((rc = yj_db_execv(db, sql, v, 2)) != 0)
		return rc;
	return yj_db_changes(db) == 1 ? 0 : YJ_ENOENT;
}

/* task_row - one incident_task row */
static void
task_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	struct yj_incdb_task *t = elem;

	t->id = yj_db_column_int64(st, 0);
	t->incident = yj_db_column_int64(st, 1);
	t->seq = (int)yj_db_column_int64(st, 2);
	t->template = col_str(st, 3, a);
	t->phase = col_str(st, 4, a);
	t->title_ja = col_str(st, 5, a);
	t->title_en = col_str(st, 6, a);
	t->due = col_nstr(st, 7, a);
	t->due_rule = col_str(st, 8, a);
	t->status = col_str(st, 9, a);
	t->owner = col_str(st, 10, a);
	t->note = col_str(st, 11, a);
	t->done_at = yj_db_column_int64(st, 12);
	t->done_by = col_str(st, 13, a);
}

/* yj_incdb_tasks - the tasks of an incident by number */
int
yj_incdb_tasks(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_incdb_task **vp, size_t *np)
{
	static const char sql[] =
	    "SELECT id, incident_id, seq, template, phase, title_ja, title_en,"
	    " due, due_rule, status, owner, note, done_at, done_by"
	    " FROM incident_task WHERE incident_id = ? ORDER BY seq";
	struct yj_db_val v = YJ_DB_INT(id);

	return yj_db_read_rows(db, a, sql, &v, 1, sizeof(**vp), task_row,
	    (void **)vp, np);
}

/* ---- messages ---------------------------------------------------------- */

/* yj_incdb_message_add - store a reported message once per incident */
int
yj_incdb_message_add(struct yj_db *db, const struct yj_incdb_message *m,
    int64_t *idp, bool *existed)
{
	static const char find[] =
	    "SELECT id FROM incident_message WHERE incident_id = ?"
	    " AND sha256 = ?";
	static const char sql[] =
	    "INSERT INTO incident_message (incident_id, sha256, message_id,"
	    " subject, from_addr, sent_at, size, raw, reported_by,"
	    " reported_at, findings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " RETURNING id";
	struct yj_db_val v[11];
	int rc;

	v[0] = YJ_DB_INT(m->incident);
	v[1] = text(m->sha256);
	rc = yj_db_query_int64(db, find, v, 2, idp);
	*existed = rc == 0;
	if (rc != YJ_ENOENT)
		return rc;
	v[2] = text(m->message_id);
	v[3] = text(m->subject);
	v[4] = text(m->from_addr);
	v[5] = m->sent_at != 0 ? YJ_DB_INT(m->sent_at) : YJ_DB_NULL;
	v[6] = YJ_DB_INT(m->size);
	v[7] = text(m->raw);
	v[8] = text(m->reported_by);
	v[9] = YJ_DB_INT(m->reported_at);
	v[10] = text(m->findings != NULL ? m->findings : "[]");
	return yj_db_query_int64(db, sql, v, 11, idp);
}

/* message_row - one incident_message row without raw */
static void
message_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	struct yj_incdb_message *m = elem;

	m->id = yj_db_column_int64(st, 0);
	m->incident = yj_db_column_int64(st, 1);
	m->sha256 = col_str(st, 2, a);
	m->message_id = col_str(st, 3, a);
	m->subject = col_str(st, 4, a);
	m->from_addr = col_str(st, 5, a);
	m->sent_at = yj_db_column_int64(st, 6);
	m->size = yj_db_column_int64(st, 7);
	m->reported_by = col_str(st, 8, a);
	m->reported_at = yj_db_column_int64(st, 9);
	m->findings = col_str(st, 10, a);
	m->raw = NULL;
}

/* yj_incdb_messages - the messages of an incident (without raw bytes) */
int
yj_incdb_messages(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_incdb_message **vp, size_t *np)
{
	static const char sql[] =
	    "SELECT id, incident_id, sha256, message_id, subject, from_addr,"
	    " sent_at, size, reported_by, reported_at, findings"
	    " FROM incident_message WHERE incident_id = ? ORDER BY id";
	struct yj_db_val v = YJ_DB_INT(id);

	return yj_db_read_rows(db, a, sql, &v, 1, sizeof(**vp), message_row,
	    (void **)vp, np);
}

/* raw_row - the raw column */
static void
raw_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	*(const char **)elem = col_str(st, 0, a);
}

/* yj_incdb_message_raw - base64 raw bytes of message msg of incident id */
int
yj_incdb_message_raw(struct yj_db *db, struct yj_arena *a, int64_t id,
    int64_t msg, const char **rawp)
{
	static const char sql[] =
	    "SELECT raw FROM incident_message WHERE incident_id = ? AND id = ?";
	struct yj_db_val v[2];
	const char **rows;
	size_t n;
	int rc;

	v[0] = YJ_DB_INT(id);
	v[1] = YJ_DB_INT(msg);
	rc = yj_db_read_rows(db, a, sql, v, 2, sizeof(*rows), raw_row,
	    (void **)&rows, &n);
	if (rc != 0)
		return rc;
	if (n == 0)
		return YJ_ENOENT;
	*rawp = rows[0];
	return 0;
}

/* yj_incdb_message_incident - an open incident holding this message */
int
yj_incdb_message_incident(struct yj_db *db, const char *sha256,
    const char *message_id, const char *from_addr, int64_t *idp)
{
	static const char sql[] =
	    "SELECT MIN(c.id) FROM incident_message m"
	    " JOIN incident_case c ON c.id = m.incident_id"
	    " WHERE c.closed_at IS NULL AND (m.sha256 = ?"
	    "  OR (? <> '' AND m.message_id = ? AND m.from_addr = ?))";
	struct yj_db_val v[4];

	v[0] = text(sha256);
	v[1] = v[2] = text(message_id);
	v[3] = text(from_addr);
	return yj_db_query_int64(db, sql, v, 4, idp);
}

/* yj_incdb_find_source - the open incident made from source/ref */
int
yj_incdb_find_source(struct yj_db *db, const char *source, const char *ref,
    int64_t *idp)
{
	static const char sql[] =
	    "SELECT MIN(id) FROM incident_case WHERE source = ?"
	    " AND source_ref = ? AND closed_at IS NULL";
	struct yj_db_val v[2];

	v[0] = text(source);
	v[1] = text(ref);
	return yj_db_query_int64(db, sql, v, 2, idp);
}

/* ---- indicators -------------------------------------------------------- */

/* yj_incdb_indicator_add - remember an indicator (once per incident) */
int
yj_incdb_indicator_add(struct yj_db *db, const struct yj_incdb_indicator *i)
{
	static const char sql[] =
	    "INSERT INTO incident_indicator (incident_id, msg_id, kind, value)"
	    " VALUES (?, ?, ?, ?)"
	    " ON CONFLICT (incident_id, kind, value) DO NOTHING";
	struct yj_db_val v[4];

	v[0] = YJ_DB_INT(i->incident);
	v[1] = i->message > 0 ? YJ_DB_INT(i->message) : YJ_DB_NULL;
	v[2] = text(i->kind);
	v[3] = text(i->value);
	return yj_db_execv(db, sql, v, 4);
}

/* indicator_row - incident, message, kind, value */
static void
indicator_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	struct yj_incdb_indicator *i = elem;

	i->incident = yj_db_column_int64(st, 0);
	i->message = yj_db_column_int64(st, 1);
	i->kind = col_str(st, 2, a);
	i->value = col_str(st, 3, a);
}

/* yj_incdb_indicators - the indicators of an incident */
int
yj_incdb_indicators(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_incdb_indicator **vp, size_t *np)
{
	static const char sql[] =
	    "SELECT incident_id, msg_id, kind, value FROM incident_indicator"
	    " WHERE incident_id = ? ORDER BY id";
	struct yj_db_val v = YJ_DB_INT(id);

	return yj_db_read_rows(db, a, sql, &v, 1, sizeof(**vp), indicator_row,
	    (void **)vp, np);
}

/* yj_incdb_links - other incidents sharing an indicator with id */
int
yj_incdb_links(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_incdb_indicator **vp, size_t *np)
{
	static const char sql[] =
	    "SELECT b.incident_id, b.msg_id, a.kind, a.value"
	    " FROM incident_indicator a JOIN incident_indicator b"
	    " ON b.kind = a.kind AND b.value = a.value"
	    " AND b.incident_id <> a.incident_id"
	    " WHERE a.incident_id = ? ORDER BY b.incident_id, a.id";
	struct yj_db_val v = YJ_DB_INT(id);

	return yj_db_read_rows(db, a, sql, &v, 1, sizeof(**vp), indicator_row,
	    (void **)vp, np);
}
