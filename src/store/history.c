/*
 * history.c - schema component "history": what the organisation sent
 *
 * Counters are kept where the questions are asked: per sender and
 * recipient (history_peer), so "has anyone here written to X" is an
 * aggregate over an index on addr, and "does this sender write to X" is
 * one primary-key read.  Nothing is kept per message beyond its key,
 * sender, date and thread: the message itself is never stored.
 *
 * Idempotency comes first in yj_history_add(): the message's row is
 * inserted with ON CONFLICT DO NOTHING, and when no row comes back the
 * message was learned before (perhaps a moment ago by another milter
 * thread) and nothing else is written.  Everything else is an upsert
 * whose times move only outwards (first_sent down, last_sent up), so
 * learning old mail after new mail gives the same result.
 *
 * Portable SQL: ON CONFLICT ... DO UPDATE with excluded.*, RETURNING,
 * CASE instead of the two-argument min()/max() that PostgreSQL lacks.
 */
#include <string.h>

#include "store/history.h"
#include "store/schema.h"
#include "util/error.h"

#define T_HISTORY(ID) \
	"CREATE TABLE history_msg (" \
	" key TEXT PRIMARY KEY," \
	" sender TEXT NOT NULL," \
	" sent_at BIGINT NOT NULL," \
	" thread_id BIGINT NOT NULL," \
	" learned_at BIGINT NOT NULL);" \
	"CREATE INDEX history_msg_sender ON history_msg (sender);" \
	"CREATE TABLE history_peer (" \
	" sender TEXT NOT NULL," \
	" addr TEXT NOT NULL," \
	" domain TEXT NOT NULL," \
	" sent BIGINT NOT NULL," \
	" first_sent BIGINT NOT NULL," \
	" last_sent BIGINT NOT NULL," \
	" PRIMARY KEY (sender, addr));" \
	"CREATE INDEX history_peer_addr ON history_peer (addr);" \
	"CREATE INDEX history_peer_domain ON history_peer (domain);" \
	"CREATE TABLE history_name (" \
	" addr TEXT NOT NULL," \
	" name TEXT NOT NULL," \
	" uses BIGINT NOT NULL," \
	" last_used BIGINT NOT NULL," \
	" PRIMARY KEY (addr, name));" \
	"CREATE TABLE history_namekey (" \
	" addr TEXT NOT NULL," \
	" key TEXT NOT NULL," \
	" PRIMARY KEY (addr, key));" \
	"CREATE INDEX history_namekey_key ON history_namekey (key);" \
	"CREATE TABLE history_org (" \
	" key TEXT NOT NULL," \
	" domain TEXT NOT NULL," \
	" name TEXT NOT NULL," \
	" greetings BIGINT NOT NULL," \
	" mentions BIGINT NOT NULL," \
	" last_seen BIGINT NOT NULL," \
	" PRIMARY KEY (key, domain));" \
	"CREATE INDEX history_org_domain ON history_org (domain);" \
	"CREATE TABLE history_thread (" \
	" id " ID "," \
	" messages BIGINT NOT NULL," \
	" last_sent BIGINT NOT NULL);" \
	"CREATE TABLE history_msgid (" \
	" msgid TEXT PRIMARY KEY," \
	" thread_id BIGINT NOT NULL," \
	" own INTEGER NOT NULL);" \
	"CREATE INDEX history_msgid_thread ON history_msgid (thread_id);" \
	"CREATE TABLE history_thread_addr (" \
	" thread_id BIGINT NOT NULL," \
	" addr TEXT NOT NULL," \
	" messages BIGINT NOT NULL," \
	" sender INTEGER NOT NULL," \
	" PRIMARY KEY (thread_id, addr));" \
	"CREATE TABLE history_state (" \
	" id INTEGER PRIMARY KEY," \
	" generation BIGINT NOT NULL);" \
	"INSERT INTO history_state (id, generation) VALUES (1, 0)"

static const struct yj_migration history_migrations[] = {
	{ YJ_MIGRATION_IDS(1, T_HISTORY) },
};

YJ_SCHEMA_COMPONENT(history) = {
	.name = "history",
	.prefix = "history_",
	.migrations = history_migrations,
	.count = sizeof(history_migrations) / sizeof(history_migrations[0]),
};

/* later of two times, earlier of two times, as SQL for upserts */
#define LATER(t, c)	"CASE WHEN excluded." c " > " t "." c \
	" THEN excluded." c " ELSE " t "." c " END"
#define EARLIER(t, c)	"CASE WHEN excluded." c " < " t "." c \
	" THEN excluded." c " ELSE " t "." c " END"

static const char msg_sql[] =
    "INSERT INTO history_msg (key, sender, sent_at, thread_id, learned_at)"
    " VALUES (?, ?, ?, 0, ?) ON CONFLICT (key) DO NOTHING RETURNING key";
static const char msg_thread_sql[] =
    "UPDATE history_msg SET thread_id = ? WHERE key = ?";
static const char peer_sql[] =
    "INSERT INTO history_peer (sender, addr, domain, sent, first_sent,"
    " last_sent) VALUES (?, ?, ?, 1, ?, ?)"
    " ON CONFLICT (sender, addr) DO UPDATE SET"
    " sent = history_peer.sent + 1,"
    " first_sent = " EARLIER("history_peer", "first_sent") ","
    " last_sent = " LATER("history_peer", "last_sent");
static const char name_sql[] =
    "INSERT INTO history_name (addr, name, uses, last_used)"
    " VALUES (?, ?, 1, ?) ON CONFLICT (addr, name) DO UPDATE SET"
    " uses = history_name.uses + 1,"
    " last_used = " LATER("history_name", "last_used");
static const char namekey_sql[] =
    "INSERT INTO history_namekey (addr, key) VALUES (?, ?)"
    " ON CONFLICT (addr, key) DO NOTHING";
static const char org_sql[] =
    "INSERT INTO history_org (key, domain, name, greetings, mentions,"
    " last_seen) VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (key, domain) DO UPDATE SET name = excluded.name,"
    " greetings = history_org.greetings + excluded.greetings,"
    " mentions = history_org.mentions + excluded.mentions,"
    " last_seen = " LATER("history_org", "last_seen");
static const char find_thread_sql[] =
    "SELECT thread_id FROM history_msgid WHERE msgid = ?";
static const char new_thread_sql[] =
    "INSERT INTO history_thread (messages, last_sent) VALUES (0, ?)"
    " RETURNING id";
static const char own_id_sql[] =
    "INSERT INTO history_msgid (msgid, thread_id, own) VALUES (?, ?, 1)"
    " ON CONFLICT (msgid) DO UPDATE SET own = 1";
static const char ref_id_sql[] =
    "INSERT INTO history_msgid (msgid, thread_id, own) VALUES (?, ?, 0)"
    " ON CONFLICT (msgid) DO NOTHING";
static const char thread_upd_sql[] =
    "UPDATE history_thread SET messages = messages + 1,"
    " last_sent = CASE WHEN CAST(? AS BIGINT) > last_sent"
    " THEN CAST(? AS BIGINT) ELSE last_sent END WHERE id = ?";
static const char thread_addr_sql[] =
    "INSERT INTO history_thread_addr (thread_id, addr, messages, sender)"
    " VALUES (?, ?, 1, ?) ON CONFLICT (thread_id, addr) DO UPDATE SET"
    " messages = history_thread_addr.messages + 1,"
    " sender = " LATER("history_thread_addr", "sender");
static const char bump_sql[] =
    "UPDATE history_state SET generation = generation + 1 WHERE id = 1";

static const char addr_sql[] =
    "SELECT COALESCE(SUM(sent), 0), COUNT(*), MIN(first_sent),"
    " MAX(last_sent) FROM history_peer WHERE addr = ?";
static const char addr_names_sql[] =
    "SELECT name FROM history_name WHERE addr = ?"
    " ORDER BY uses DESC, last_used DESC, name LIMIT 16";
static const char peer_get_sql[] =
    "SELECT sent, first_sent, last_sent FROM history_peer"
    " WHERE sender = ? AND addr = ?";
static const char peers_sql[] =
    "SELECT addr, sent, first_sent, last_sent FROM history_peer"
    " WHERE sender = ? ORDER BY sent DESC, last_sent DESC, addr LIMIT ?";
static const char sender_sql[] =
    "SELECT COUNT(*), MIN(sent_at), MAX(sent_at) FROM history_msg"
    " WHERE sender = ?";
static const char sender_peers_sql[] =
    "SELECT COUNT(*) FROM history_peer WHERE sender = ?";
static const char by_key_sql[] =
    "SELECT addr FROM history_namekey WHERE key = ? ORDER BY addr LIMIT ?";
static const char at_domain_sql[] =
    "SELECT addr, SUM(sent), MIN(first_sent), MAX(last_sent)"
    " FROM history_peer WHERE domain = ? GROUP BY addr"
    " ORDER BY SUM(sent) DESC, addr LIMIT ?";
static const char domain_sql[] =
    "SELECT COUNT(DISTINCT addr), COALESCE(SUM(sent), 0), MIN(first_sent),"
    " MAX(last_sent) FROM history_peer WHERE domain = ?";
static const char each_domain_sql[] =
    "SELECT domain, COUNT(DISTINCT addr), SUM(sent), MIN(first_sent),"
    " MAX(last_sent) FROM history_peer WHERE domain <> ''"
    " GROUP BY domain ORDER BY domain";
static const char each_org_sql[] =
    "SELECT key, name, domain, greetings, mentions FROM history_org"
    " ORDER BY key, domain";
static const char orgs_at_sql[] =
    "SELECT key, name, domain, greetings, mentions FROM history_org"
    " WHERE domain = ? ORDER BY greetings DESC, mentions DESC, key LIMIT ?";
static const char thread_get_sql[] =
    "SELECT messages, last_sent FROM history_thread WHERE id = ?";
static const char thread_addrs_sql[] =
    "SELECT addr, messages, sender FROM history_thread_addr"
    " WHERE thread_id = ? ORDER BY messages DESC, addr LIMIT ?";
static const char stats_sql[] =
    "SELECT COUNT(*), COUNT(DISTINCT sender), MIN(sent_at), MAX(sent_at)"
    " FROM history_msg";
static const char stats_addrs_sql[] =
    "SELECT COUNT(DISTINCT addr) FROM history_peer";
static const char gen_sql[] =
    "SELECT generation FROM history_state WHERE id = 1";

/* nz - "" for NULL */
static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* col - text column copied into the arena */
static const char *
col(struct yj_arena *a, struct yj_stmt *st, int i)
{
	return yj_arena_strdup(a, nz(yj_db_column_text(st, i)));
}

/* one_row - prepare, bind, step once: YJ_DB_ROW leaves *stp to read */
static int
one_row(struct yj_db *db, const char *sql, const struct yj_db_val *v,
    size_t n, struct yj_stmt **stp)
{
	int rc;

	if ((rc = yj_db_prepare(db, sql, stp)) != 0)
		return rc;
	if ((rc = yj_db_bindv(*stp, v, n)) == 0)
		rc = yj_db_step(*stp);
	if (rc != YJ_DB_ROW) {
		yj_db_finalize(*stp);
		*stp = NULL;
	}
	return rc;
}

/* claim - insert the message's key; false when it was learned before */
static int
claim(struct yj_db *db, const struct yj_history_msg *m, int64_t now,
    bool *added)
{
	struct yj_db_val v[4] = { YJ_DB_TEXT(m->key), YJ_DB_TEXT(m->sender),
		YJ_DB_INT(m->sent_at), YJ_DB_INT(now) };
	struct yj_stmt *st;
	int rc;

	rc = one_row(db, msg_sql, v, 4, &st);
	*added = rc == YJ_DB_ROW;
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* find_thread - the thread of the first known id, 0 if none */
static int
find_thread(struct yj_db *db, const struct yj_history_msg *m, int64_t *tid)
{
	struct yj_db_val v;
	size_t i;
	int rc;

	*tid = 0;
	for (i = 0; i <= m->nrefs; i++) {
		const char *id = i < m->nrefs ? m->refs[i] : nz(m->msgid);

		if (*id == '\0')
			continue;
		v = YJ_DB_TEXT(id);
		rc = yj_db_query_int64(db, find_thread_sql, &v, 1, tid);
		if (rc == 0)
			return 0;
		if (rc != YJ_ENOENT)
			return rc;
	}
	*tid = 0;
	return 0;
}

/* join_thread - thread row, ids and participants of the message */
static int
join_thread(struct yj_db *db, const struct yj_history_msg *m, int64_t tid)
{
	struct yj_db_val v[3];
	size_t i;
	int rc = 0;

	if (m->msgid != NULL && *m->msgid != '\0') {
		v[0] = YJ_DB_TEXT(m->msgid);
		v[1] = YJ_DB_INT(tid);
		rc = yj_db_execv(db, own_id_sql, v, 2);
	}
	for (i = 0; i < m->nrefs && rc == 0; i++) {
		v[0] = YJ_DB_TEXT(m->refs[i]);
		v[1] = YJ_DB_INT(tid);
		rc = yj_db_execv(db, ref_id_sql, v, 2);
	}
	v[0] = YJ_DB_INT(m->sent_at);
	v[1] = YJ_DB_INT(m->sent_at);
	v[2] = YJ_DB_INT(tid);
	if (rc == 0)
		rc = yj_db_execv(db, thread_upd_sql, v, 3);
	for (i = 0; i <= m->nrcpts && rc == 0; i++) {
		v[0] = YJ_DB_INT(tid);
		v[1] = YJ_DB_TEXT(i < m->nrcpts ? m->rcpts[i].addr : m->sender);
		v[2] = YJ_DB_INT(i == m->nrcpts);
		rc = yj_db_execv(db, thread_addr_sql, v, 3);
	}
	return rc;
}

/* thread - find or start the message's thread and join it */
static int
thread(struct yj_db *db, const struct yj_history_msg *m)
{
	struct yj_db_val v[2];
	int64_t tid;
	int rc;

	if ((rc = find_thread(db, m, &tid)) != 0)
		return rc;
	if (tid == 0) {
		v[0] = YJ_DB_INT(m->sent_at);
		if ((rc = yj_db_query_int64(db, new_thread_sql, v, 1,
		    &tid)) != 0)
			return rc;
	}
	v[0] = YJ_DB_INT(tid);
	v[1] = YJ_DB_TEXT(m->key);
	if ((rc = yj_db_execv(db, msg_thread_sql, v, 2)) != 0)
		return rc;
	return join_thread(db, m, tid);
}

/* rcpt - the peer counters, display name and name keys of a recipient */
static int
rcpt(struct yj_db *db, const struct yj_history_msg *m,
    const struct yj_history_rcpt *r)
{
	struct yj_db_val v[5] = { YJ_DB_TEXT(m->sender), YJ_DB_TEXT(r->addr),
		YJ_DB_TEXT(nz(r->domain)), YJ_DB_INT(m->sent_at),
		YJ_DB_INT(m->sent_at) };
	size_t i;
	int rc;

	if ((rc = yj_db_execv(db, peer_sql, v, 5)) != 0)
		return rc;
	if (r->name == NULL || *r->name == '\0')
		return 0;
	v[0] = YJ_DB_TEXT(r->addr);
	v[1] = YJ_DB_TEXT(r->name);
	v[2] = YJ_DB_INT(m->sent_at);
	if ((rc = yj_db_execv(db, name_sql, v, 3)) != 0)
		return rc;
	for (i = 0; i < r->nkeys && rc == 0; i++) {
		if (*r->keys[i] == '\0')
			continue;
		v[1] = YJ_DB_TEXT(r->keys[i]);
		rc = yj_db_execv(db, namekey_sql, v, 2);
	}
	return rc;
}

/* orgs - organisations named in the message */
static int
orgs(struct yj_db *db, const struct yj_history_msg *m)
{
	struct yj_db_val v[6];
	size_t i;
	int rc = 0;

	for (i = 0; i < m->norgs && rc == 0; i++) {
		const struct yj_history_orgref *o = &m->orgs[i];

		v[0] = YJ_DB_TEXT(o->key);
		v[1] = YJ_DB_TEXT(nz(o->domain));
		v[2] = YJ_DB_TEXT(nz(o->name));
		v[3] = YJ_DB_INT(o->greeting ? 1 : 0);
		v[4] = YJ_DB_INT(o->greeting ? 0 : 1);
		v[5] = YJ_DB_INT(m->sent_at);
		rc = yj_db_execv(db, org_sql, v, 6);
	}
	return rc;
}

/* yj_history_add - record one message */
int
yj_history_add(struct yj_db *db, const struct yj_history_msg *m,
    int64_t now, bool *added)
{
	size_t i;
	int rc;

	*added = false;
	if (m->key == NULL || *m->key == '\0' || m->sender == NULL ||
	    *m->sender == '\0')
		return YJ_EINVAL;
	if ((rc = claim(db, m, now, added)) != 0 || !*added)
		return rc;
	if ((rc = thread(db, m)) != 0)
		return rc;
	for (i = 0; i < m->nrcpts && rc == 0; i++)
		rc = rcpt(db, m, &m->rcpts[i]);
	if (rc == 0)
		rc = orgs(db, m);
	if (rc == 0)
		rc = yj_db_exec(db, bump_sql);
	return rc;
}

/* names_of - display names used for addr, most used first */
static int
names_of(struct yj_db *db, struct yj_arena *a, const char *addr,
    struct yj_history_addr *out)
{
	struct yj_db_val v = YJ_DB_TEXT(addr);
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, addr_names_sql, &st)) != 0)
		return rc;
	out->names = yj_arena_allocarray(a, 17, sizeof(*out->names));
	if ((rc = yj_db_bindv(st, &v, 1)) == 0)
		while ((rc = yj_db_step(st)) == YJ_DB_ROW && out->nnames < 16)
			out->names[out->nnames++] = col(a, st, 0);
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* yj_history_addr - org-wide facts about one recipient */
int
yj_history_addr(struct yj_db *db, struct yj_arena *a, const char *addr,
    struct yj_history_addr *out)
{
	struct yj_db_val v = YJ_DB_TEXT(addr);
	struct yj_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = one_row(db, addr_sql, &v, 1, &st);
	if (rc != YJ_DB_ROW)
		return rc < 0 ? rc : YJ_ENOENT;
	out->sent = yj_db_column_int64(st, 0);
	out->senders = yj_db_column_int64(st, 1);
	out->first_sent = yj_db_column_int64(st, 2);
	out->last_sent = yj_db_column_int64(st, 3);
	yj_db_finalize(st);
	if (out->senders == 0)
		return YJ_ENOENT;
	return names_of(db, a, addr, out);
}

/* yj_history_peer - one sender, one address */
int
yj_history_peer(struct yj_db *db, const char *sender, const char *addr,
    struct yj_history_peer *out)
{
	struct yj_db_val v[2] = { YJ_DB_TEXT(sender), YJ_DB_TEXT(addr) };
	struct yj_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = one_row(db, peer_get_sql, v, 2, &st);
	if (rc != YJ_DB_ROW)
		return rc < 0 ? rc : YJ_ENOENT;
	out->addr = addr;
	out->sent = yj_db_column_int64(st, 0);
	out->first_sent = yj_db_column_int64(st, 1);
	out->last_sent = yj_db_column_int64(st, 2);
	yj_db_finalize(st);
	return 0;
}

/* text_row - yj_db_row_fn for one text column */
static void
text_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	*(const char **)elem = col(a, st, 0);
}

/* peer_row - yj_db_row_fn for (addr, sent, first, last) */
static void
peer_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	struct yj_history_peer *p = elem;

	p->addr = col(a, st, 0);
	p->sent = yj_db_column_int64(st, 1);
	p->first_sent = yj_db_column_int64(st, 2);
	p->last_sent = yj_db_column_int64(st, 3);
}

/* peer_rows - collect (addr, sent, first, last) rows; YJ_ENOENT if none */
static int
peer_rows(struct yj_db *db, struct yj_arena *a, const char *sql,
    const struct yj_db_val *vals, size_t nvals, struct yj_history_peer **v,
    size_t *n)
{
	int rc;

	rc = yj_db_read_rows(db, a, sql, vals, nvals, sizeof(**v), peer_row,
	    (void **)v, n);
	return rc != 0 ? rc : *n > 0 ? 0 : YJ_ENOENT;
}

/* yj_history_peers - a sender's recipients */
int
yj_history_peers(struct yj_db *db, struct yj_arena *a, const char *sender,
    size_t max, struct yj_history_peer **v, size_t *n)
{
	struct yj_db_val vals[2] = { YJ_DB_TEXT(sender),
		YJ_DB_INT((int64_t)max) };

	return peer_rows(db, a, peers_sql, vals, 2, v, n);
}

/* yj_history_at_domain - recipients at a registrable domain */
int
yj_history_at_domain(struct yj_db *db, struct yj_arena *a,
    const char *domain, size_t max, struct yj_history_peer **v, size_t *n)
{
	struct yj_db_val vals[2] = { YJ_DB_TEXT(domain),
		YJ_DB_INT((int64_t)max) };

	return peer_rows(db, a, at_domain_sql, vals, 2, v, n);
}

/* yj_history_sender - one sender's learned mail */
int
yj_history_sender(struct yj_db *db, const char *sender,
    struct yj_history_sender *out)
{
	struct yj_db_val v = YJ_DB_TEXT(sender);
	struct yj_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = one_row(db, sender_sql, &v, 1, &st);
	if (rc != YJ_DB_ROW)
		return rc < 0 ? rc : YJ_ENOENT;
	out->messages = yj_db_column_int64(st, 0);
	out->first_sent = yj_db_column_int64(st, 1);
	out->last_sent = yj_db_column_int64(st, 2);
	yj_db_finalize(st);
	if (out->messages == 0)
		return YJ_ENOENT;
	rc = yj_db_query_int64(db, sender_peers_sql, &v, 1, &out->peers);
	return rc == YJ_ENOENT ? 0 : rc;
}

/* yj_history_by_key - addresses whose display names have a key */
int
yj_history_by_key(struct yj_db *db, struct yj_arena *a, const char *key,
    size_t max, const char ***addrs, size_t *n)
{
	struct yj_db_val vals[2] = { YJ_DB_TEXT(key), YJ_DB_INT((int64_t)max) };
	int rc;

	rc = yj_db_read_rows(db, a, by_key_sql, vals, 2, sizeof(**addrs),
	    text_row, (void **)addrs, n);
	return rc != 0 ? rc : *n > 0 ? 0 : YJ_ENOENT;
}

/* yj_history_domain - aggregates for one registrable domain */
int
yj_history_domain(struct yj_db *db, const char *domain,
    struct yj_history_domain *out)
{
	struct yj_db_val v = YJ_DB_TEXT(domain);
	struct yj_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = one_row(db, domain_sql, &v, 1, &st);
	if (rc != YJ_DB_ROW)
		return rc < 0 ? rc : YJ_ENOENT;
	out->domain = domain;
	out->addrs = yj_db_column_int64(st, 0);
	out->sent = yj_db_column_int64(st, 1);
	out->first_sent = yj_db_column_int64(st, 2);
	out->last_sent = yj_db_column_int64(st, 3);
	yj_db_finalize(st);
	return out->addrs > 0 ? 0 : YJ_ENOENT;
}

/* yj_history_each_domain - every registrable domain written to */
int
yj_history_each_domain(struct yj_db *db,
    int (*fn)(const struct yj_history_domain *, void *), void *arg)
{
	struct yj_history_domain d;
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, each_domain_sql, &st)) != 0)
		return rc;
	while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
		d.domain = nz(yj_db_column_text(st, 0));
		d.addrs = yj_db_column_int64(st, 1);
		d.sent = yj_db_column_int64(st, 2);
		d.first_sent = yj_db_column_int64(st, 3);
		d.last_sent = yj_db_column_int64(st, 4);
		if ((rc = fn(&d, arg)) != 0)
			break;
	}
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* read_org - an organisation row */
static void
read_org(struct yj_stmt *st, struct yj_history_org *o)
{
	o->key = nz(yj_db_column_text(st, 0));
	o->name = nz(yj_db_column_text(st, 1));
	o->domain = nz(yj_db_column_text(st, 2));
	o->greetings = yj_db_column_int64(st, 3);
	o->mentions = yj_db_column_int64(st, 4);
}

/* yj_history_each_org - every (organisation, domain) learned */
int
yj_history_each_org(struct yj_db *db,
    int (*fn)(const struct yj_history_org *, void *), void *arg)
{
	struct yj_history_org o;
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, each_org_sql, &st)) != 0)
		return rc;
	while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
		read_org(st, &o);
		if ((rc = fn(&o, arg)) != 0)
			break;
	}
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* yj_history_orgs_at - organisations learned for a domain */
int
yj_history_orgs_at(struct yj_db *db, struct yj_arena *a, const char *domain,
    size_t max, struct yj_history_org **v, size_t *n)
{
	struct yj_db_val vals[2] = { YJ_DB_TEXT(domain),
		YJ_DB_INT((int64_t)max) };
	struct yj_history_org o;
	struct yj_stmt *st;
	int rc;

	*n = 0;
	*v = yj_arena_allocarray(a, max + 1, sizeof(**v));
	if ((rc = yj_db_prepare(db, orgs_at_sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, vals, 2)) == 0) {
		while (*n < max && (rc = yj_db_step(st)) == YJ_DB_ROW) {
			read_org(st, &o);
			o.key = yj_arena_strdup(a, o.key);
			o.name = yj_arena_strdup(a, o.name);
			o.domain = yj_arena_strdup(a, o.domain);
			(*v)[(*n)++] = o;
		}
	}
	yj_db_finalize(st);
	if (rc < 0)
		return rc;
	return *n > 0 ? 0 : YJ_ENOENT;
}

/* participants - a thread's addresses */
static int
participants(struct yj_db *db, struct yj_arena *a, size_t max,
    struct yj_history_thread *out)
{
	struct yj_db_val v[2] = { YJ_DB_INT(out->id), YJ_DB_INT((int64_t)max) };
	struct yj_stmt *st;
	int rc;

	out->v = yj_arena_allocarray(a, max + 1, sizeof(*out->v));
	if ((rc = yj_db_prepare(db, thread_addrs_sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, v, 2)) == 0) {
		while (out->nr < max && (rc = yj_db_step(st)) == YJ_DB_ROW) {
			out->v[out->nr].addr = col(a, st, 0);
			out->v[out->nr].messages = yj_db_column_int64(st, 1);
			out->v[out->nr++].sender =
			    yj_db_column_int64(st, 2) != 0;
		}
	}
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* yj_history_thread - the thread of the first known id */
int
yj_history_thread(struct yj_db *db, struct yj_arena *a,
    const char *const *ids, size_t nids, size_t max,
    struct yj_history_thread *out)
{
	struct yj_db_val v;
	struct yj_stmt *st;
	int64_t tid;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < nids; i++) {
		if (ids[i] == NULL || *ids[i] == '\0')
			continue;
		v = YJ_DB_TEXT(ids[i]);
		rc = yj_db_query_int64(db, find_thread_sql, &v, 1, &tid);
		if (rc == YJ_ENOENT)
			continue;
		if (rc != 0)
			return rc;
		out->known++;
		if (out->id == 0)
			out->id = tid;
	}
	if (out->id == 0)
		return YJ_ENOENT;
	v = YJ_DB_INT(out->id);
	rc = one_row(db, thread_get_sql, &v, 1, &st);
	if (rc == YJ_DB_ROW) {
		out->messages = yj_db_column_int64(st, 0);
		out->last_sent = yj_db_column_int64(st, 1);
		yj_db_finalize(st);
	} else if (rc < 0) {
		return rc;
	}
	return participants(db, a, max, out);
}

/* yj_history_stats - counts over everything learned */
int
yj_history_stats(struct yj_db *db, struct yj_history_stats *out)
{
	struct yj_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = one_row(db, stats_sql, NULL, 0, &st);
	if (rc != YJ_DB_ROW)
		return rc < 0 ? rc : 0;
	out->messages = yj_db_column_int64(st, 0);
	out->senders = yj_db_column_int64(st, 1);
	out->first_sent = yj_db_column_int64(st, 2);
	out->last_sent = yj_db_column_int64(st, 3);
	yj_db_finalize(st);
	rc = yj_db_query_int64(db, stats_addrs_sql, NULL, 0, &out->addresses);
	return rc == YJ_ENOENT ? 0 : rc;
}

/* yj_history_generation - the change counter */
int
yj_history_generation(struct yj_db *db, int64_t *gen)
{
	int rc = yj_db_query_int64(db, gen_sql, NULL, 0, gen);

	return rc == YJ_ENOENT ? (*gen = 0, 0) : rc;
}
