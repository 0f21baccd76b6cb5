/*
 * contacts.c - schema component "contacts": the address book
 *
 * contacts_person holds one row per address; contacts_name the name keys
 * that find it (several per person, found by an index on the key);
 * contacts_state one counter, bumped by every change, that lets a
 * knowledge snapshot (the organisation-name matcher built from the book)
 * see cheaply whether it must be rebuilt.
 *
 * A put compares the new values with the stored ones first, so that
 * re-importing an unchanged file reports "unchanged" and writes nothing
 * but the counter.  Name keys are replaced as a whole when a person
 * changes: they are derived from the name and reading, never edited.
 * The foreign key is written out but not relied upon (SQLite enforces it
 * only with a pragma), so remove deletes the keys itself.
 */
#include <string.h>

#include "store/contacts.h"
#include "store/schema.h"
#include "util/error.h"
#include "util/str.h"

#define T_PERSON(ID) \
	"CREATE TABLE contacts_person (" \
	" id " ID "," \
	" addr TEXT NOT NULL UNIQUE," \
	" domain TEXT NOT NULL," \
	" name TEXT NOT NULL," \
	" reading TEXT NOT NULL," \
	" org TEXT NOT NULL," \
	" org_key TEXT NOT NULL," \
	" department TEXT NOT NULL," \
	" source TEXT NOT NULL," \
	" created_at BIGINT NOT NULL," \
	" updated_at BIGINT NOT NULL);" \
	"CREATE INDEX contacts_person_domain ON contacts_person (domain);" \
	"CREATE INDEX contacts_person_org ON contacts_person (org_key);" \
	"CREATE TABLE contacts_name (" \
	" person_id BIGINT NOT NULL REFERENCES contacts_person (id)," \
	" key TEXT NOT NULL," \
	" PRIMARY KEY (person_id, key));" \
	"CREATE INDEX contacts_name_key ON contacts_name (key);" \
	"CREATE TABLE contacts_state (" \
	" id INTEGER PRIMARY KEY," \
	" generation BIGINT NOT NULL);" \
	"INSERT INTO contacts_state (id, generation) VALUES (1, 0)"

static const struct yj_migration contacts_migrations[] = {
	{ YJ_MIGRATION_IDS(1, T_PERSON) },
};

YJ_SCHEMA_COMPONENT(contacts) = {
	.name = "contacts",
	.prefix = "contacts_",
	.migrations = contacts_migrations,
	.count = sizeof(contacts_migrations) / sizeof(contacts_migrations[0]),
};

#define COLS "p.addr, p.domain, p.name, p.reading, p.org, p.org_key, " \
	"p.department, p.source, p.created_at, p.updated_at, p.id"

static const char get_sql[] =
    "SELECT " COLS " FROM contacts_person p WHERE p.addr = ?";
static const char insert_sql[] =
    "INSERT INTO contacts_person (addr, domain, name, reading, org, org_key,"
    " department, source, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char update_sql[] =
    "UPDATE contacts_person SET domain = ?, name = ?, reading = ?, org = ?,"
    " org_key = ?, department = ?, source = ?, updated_at = ? WHERE id = ?";
static const char del_keys_sql[] =
    "DELETE FROM contacts_name WHERE person_id = ?";
static const char add_key_sql[] =
    "INSERT INTO contacts_name (person_id, key) VALUES (?, ?)"
    " ON CONFLICT (person_id, key) DO NOTHING";
static const char del_person_sql[] =
    "DELETE FROM contacts_person WHERE id = ?";
static const char bump_sql[] =
    "UPDATE contacts_state SET generation = generation + 1 WHERE id = 1";
static const char keys_sql[] =
    "SELECT key FROM contacts_name WHERE person_id = ? ORDER BY key";
static const char list_sql[] =
    "SELECT " COLS " FROM contacts_person p ORDER BY p.addr"
    " LIMIT ? OFFSET ?";
static const char list_match_sql[] =
    "SELECT " COLS " FROM contacts_person p"
    " WHERE lower(p.addr) LIKE ? ESCAPE '!' OR lower(p.name) LIKE ? ESCAPE '!'"
    " OR lower(p.reading) LIKE ? ESCAPE '!' OR lower(p.org) LIKE ? ESCAPE '!'"
    " ORDER BY p.addr LIMIT ? OFFSET ?";
static const char by_key_sql[] =
    "SELECT DISTINCT " COLS " FROM contacts_person p"
    " JOIN contacts_name n ON n.person_id = p.id WHERE n.key = ?"
    " ORDER BY p.addr LIMIT ?";
static const char at_domain_sql[] =
    "SELECT " COLS " FROM contacts_person p WHERE p.domain = ?"
    " ORDER BY p.addr LIMIT ?";
static const char by_org_sql[] =
    "SELECT " COLS " FROM contacts_person p WHERE p.org_key = ?"
    " ORDER BY p.addr LIMIT ?";
static const char count_sql[] = "SELECT COUNT(*) FROM contacts_person";
static const char gen_sql[] =
    "SELECT generation FROM contacts_state WHERE id = 1";
static const char each_org_sql[] =
    "SELECT org_key, MIN(org), domain, COUNT(*) FROM contacts_person"
    " WHERE org_key <> '' GROUP BY org_key, domain ORDER BY org_key, domain";
static const char each_domain_sql[] =
    "SELECT domain, COUNT(*) FROM contacts_person WHERE domain <> ''"
    " GROUP BY domain ORDER BY domain";

/* col - text column as an arena copy ("" for NULL) */
static const char *
col(struct yj_arena *a, struct yj_stmt *st, int i)
{
	const char *s = yj_db_column_text(st, i);

	return yj_arena_strdup(a, s != NULL ? s : "");
}

/* read_row - a contact from a row of COLS; returns its id */
static int64_t
read_row(struct yj_arena *a, struct yj_stmt *st, struct yj_contact *c)
{
	memset(c, 0, sizeof(*c));
	c->addr = col(a, st, 0);
	c->domain = col(a, st, 1);
	c->name = col(a, st, 2);
	c->reading = col(a, st, 3);
	c->org = col(a, st, 4);
	c->org_key = col(a, st, 5);
	c->department = col(a, st, 6);
	c->source = col(a, st, 7);
	c->created_at = yj_db_column_int64(st, 8);
	c->updated_at = yj_db_column_int64(st, 9);
	return yj_db_column_int64(st, 10);
}

/* nz - "" for NULL */
static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* same - the stored row already says what c says */
static bool
same(const struct yj_contact *old, const struct yj_contact *c)
{
	return strcmp(old->domain, nz(c->domain)) == 0 &&
	    strcmp(old->name, nz(c->name)) == 0 &&
	    strcmp(old->reading, nz(c->reading)) == 0 &&
	    strcmp(old->org, nz(c->org)) == 0 &&
	    strcmp(old->org_key, nz(c->org_key)) == 0 &&
	    strcmp(old->department, nz(c->department)) == 0;
}

/* find - the stored row of addr: its id (0 when absent) */
static int
find(struct yj_db *db, struct yj_arena *a, const char *addr,
    struct yj_contact *out, int64_t *id)
{
	struct yj_db_val k = YJ_DB_TEXT(addr);
	struct yj_stmt *st;
	int rc;

	*id = 0;
	if ((rc = yj_db_prepare(db, get_sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, &k, 1)) == 0)
		rc = yj_db_step(st);
	if (rc == YJ_DB_ROW)
		*id = read_row(a, st, out);
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* insert - a new person; *id gets its row id */
static int
insert(struct yj_db *db, const struct yj_contact *c, int64_t now,
    int64_t *id)
{
	struct yj_db_val v[10] = {
		YJ_DB_TEXT(c->addr), YJ_DB_TEXT(nz(c->domain)),
		YJ_DB_TEXT(nz(c->name)), YJ_DB_TEXT(nz(c->reading)),
		YJ_DB_TEXT(nz(c->org)), YJ_DB_TEXT(nz(c->org_key)),
		YJ_DB_TEXT(nz(c->department)), YJ_DB_TEXT(nz(c->source)),
		YJ_DB_INT(now), YJ_DB_INT(now),
	};

	return yj_db_query_int64(db, insert_sql, v, 10, id);
}

/* update - new values for row id, and its keys dropped */
static int
update(struct yj_db *db, const struct yj_contact *c, int64_t now, int64_t id)
{
	struct yj_db_val v[9] = {
		YJ_DB_TEXT(nz(c->domain)), YJ_DB_TEXT(nz(c->name)),
		YJ_DB_TEXT(nz(c->reading)), YJ_DB_TEXT(nz(c->org)),
		YJ_DB_TEXT(nz(c->org_key)), YJ_DB_TEXT(nz(c->department)),
		YJ_DB_TEXT(nz(c->source)), YJ_DB_INT(now), YJ_DB_INT(id),
	};
	struct yj_db_val k = YJ_DB_INT(id);
	int rc;

	if ((rc = yj_db_execv(db, update_sql, v, 9)) != 0)
		return rc;
	return yj_db_execv(db, del_keys_sql, &k, 1);
}

/* add_keys - the name keys of row id */
static int
add_keys(struct yj_db *db, const struct yj_contact *c, int64_t id)
{
	struct yj_db_val v[2];
	struct yj_stmt *st;
	size_t i;
	int rc;

	if (c->nkeys == 0)
		return 0;
	if ((rc = yj_db_prepare(db, add_key_sql, &st)) != 0)
		return rc;
	for (i = 0; i < c->nkeys && rc >= 0; i++) {
		if (c->keys[i] == NULL || *c->keys[i] == '\0')
			continue;
		v[0] = YJ_DB_INT(id);
		v[1] = YJ_DB_TEXT(c->keys[i]);
		if ((rc = yj_db_reset(st)) == 0 &&
		    (rc = yj_db_bindv(st, v, 2)) == 0)
			rc = yj_db_step(st);
	}
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* yj_contacts_put - insert or update one contact */
int
yj_contacts_put(struct yj_db *db, const struct yj_contact *c, int64_t now,
    enum yj_contacts_put_result *result)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_contact old;
	int64_t id;
	int rc;

	*result = YJ_CONTACT_UNCHANGED;
	if (c->addr == NULL || *c->addr == '\0') {
		rc = YJ_EINVAL;
		goto out;
	}
	if ((rc = find(db, a, c->addr, &old, &id)) != 0)
		goto out;
	if (id != 0 && same(&old, c))
		goto out;
	if (id == 0) {
		rc = insert(db, c, now, &id);
		*result = YJ_CONTACT_CREATED;
	} else {
		rc = update(db, c, now, id);
		*result = YJ_CONTACT_UPDATED;
	}
	if (rc == 0)
		rc = add_keys(db, c, id);
	if (rc == 0)
		rc = yj_db_exec(db, bump_sql);
out:
	yj_arena_free(a);
	return rc;
}

/* yj_contacts_remove - delete one address and its keys */
int
yj_contacts_remove(struct yj_db *db, const char *addr)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_contact old;
	struct yj_db_val k;
	int64_t id;
	int rc;

	rc = find(db, a, addr, &old, &id);
	yj_arena_free(a);
	if (rc != 0)
		return rc;
	if (id == 0)
		return YJ_ENOENT;
	k = YJ_DB_INT(id);
	if ((rc = yj_db_execv(db, del_keys_sql, &k, 1)) != 0 ||
	    (rc = yj_db_execv(db, del_person_sql, &k, 1)) != 0)
		return rc;
	return yj_db_exec(db, bump_sql);
}

/* text_row - yj_db_row_fn for one text column */
static void
text_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	*(const char **)elem = col(a, st, 0);
}

/* read_keys - the name keys of row id into c */
static int
read_keys(struct yj_db *db, struct yj_arena *a, int64_t id,
    struct yj_contact *c)
{
	struct yj_db_val k = YJ_DB_INT(id);

	return yj_db_read_rows(db, a, keys_sql, &k, 1, sizeof(*c->keys),
	    text_row, (void **)&c->keys, &c->nkeys);
}

/* yj_contacts_get - one contact */
int
yj_contacts_get(struct yj_db *db, struct yj_arena *a, const char *addr,
    struct yj_contact *out)
{
	int64_t id;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = find(db, a, addr, out, &id)) != 0)
		return rc;
	if (id == 0)
		return YJ_ENOENT;
	return read_keys(db, a, id, out);
}

/* contact_row - yj_db_row_fn for read_row */
static void
contact_row(struct yj_stmt *st, struct yj_arena *a, void *elem)
{
	(void)read_row(a, st, elem);
}

/* query - run sql with vals and collect the contacts it returns */
static int
query(struct yj_db *db, struct yj_arena *a, const char *sql,
    const struct yj_db_val *vals, size_t nvals, struct yj_contact **v,
    size_t *n)
{
	int rc;

	rc = yj_db_read_rows(db, a, sql, vals, nvals, sizeof(**v),
	    contact_row, (void **)v, n);
	return rc != 0 ? rc : *n > 0 ? 0 : YJ_ENOENT;
}

/* like_pattern - "%match%" with % _ ! escaped by '!', lower case */
static const char *
like_pattern(struct yj_arena *a, const char *match)
{
	size_t n = strlen(match), i;
	char *p = yj_arena_alloc(a, 2 * n + 3), *o = p;

	*o++ = '%';
	for (i = 0; i < n; i++) {
		if (match[i] == '%' || match[i] == '_' || match[i] == '!')
			*o++ = '!';
		*o++ = (char)yj_ascii_lower((unsigned char)match[i]);
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

/* yj_contacts_list - a page of the book */
int
yj_contacts_list(struct yj_db *db, struct yj_arena *a, const char *match,
    size_t offset, size_t max, struct yj_contact **v, size_t *n)
{
	struct yj_db_val vals[6];
	const char *pat;
	int rc;

	if (match == NULL || *match == '\0') {
		vals[0] = YJ_DB_INT((int64_t)max);
		vals[1] = YJ_DB_INT((int64_t)offset);
		rc = query(db, a, list_sql, vals, 2, v, n);
	} else {
		pat = like_pattern(a, match);
		vals[0] = vals[1] = vals[2] = vals[3] = YJ_DB_TEXT(pat);
		vals[4] = YJ_DB_INT((int64_t)max);
		vals[5] = YJ_DB_INT((int64_t)offset);
		rc = query(db, a, list_match_sql, vals, 6, v, n);
	}
	return rc == YJ_ENOENT ? 0 : rc;
}

/* yj_contacts_by_key - contacts with a name key */
int
yj_contacts_by_key(struct yj_db *db, struct yj_arena *a, const char *key,
    size_t max, struct yj_contact **v, size_t *n)
{
	struct yj_db_val vals[2] = { YJ_DB_TEXT(key), YJ_DB_INT((int64_t)max) };

	return query(db, a, by_key_sql, vals, 2, v, n);
}

/* yj_contacts_at_domain - contacts at a registrable domain */
int
yj_contacts_at_domain(struct yj_db *db, struct yj_arena *a,
    const char *domain, size_t max, struct yj_contact **v, size_t *n)
{
	struct yj_db_val vals[2] = { YJ_DB_TEXT(domain),
		YJ_DB_INT((int64_t)max) };

	return query(db, a, at_domain_sql, vals, 2, v, n);
}

/* yj_contacts_by_org - contacts of an organisation */
int
yj_contacts_by_org(struct yj_db *db, struct yj_arena *a, const char *org_key,
    size_t max, struct yj_contact **v, size_t *n)
{
	struct yj_db_val vals[2] = { YJ_DB_TEXT(org_key),
		YJ_DB_INT((int64_t)max) };

	return query(db, a, by_org_sql, vals, 2, v, n);
}

/* yj_contacts_count - addresses in the book */
int
yj_contacts_count(struct yj_db *db, int64_t *n)
{
	int rc = yj_db_query_int64(db, count_sql, NULL, 0, n);

	return rc == YJ_ENOENT ? (*n = 0, 0) : rc;
}

/* yj_contacts_generation - the change counter */
int
yj_contacts_generation(struct yj_db *db, int64_t *gen)
{
	int rc = yj_db_query_int64(db, gen_sql, NULL, 0, gen);

	return rc == YJ_ENOENT ? (*gen = 0, 0) : rc;
}

/* yj_contacts_each_org - every (organisation, domain) pair */
int
yj_contacts_each_org(struct yj_db *db, yj_contacts_org_fn fn, void *arg)
{
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, each_org_sql, &st)) != 0)
		return rc;
	while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
		rc = fn(nz(yj_db_column_text(st, 0)),
		    nz(yj_db_column_text(st, 1)),
		    nz(yj_db_column_text(st, 2)),
		    yj_db_column_int64(st, 3), arg);
		if (rc != 0)
			break;
	}
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* yj_contacts_each_domain - every registrable domain */
int
yj_contacts_each_domain(struct yj_db *db,
    int (*fn)(const char *domain, int64_t people, void *arg), void *arg)
{
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, each_domain_sql, &st)) != 0)
		return rc;
	while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
		rc = fn(nz(yj_db_column_text(st, 0)),
		    yj_db_column_int64(st, 1), arg);
		if (rc != 0)
			break;
	}
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}
