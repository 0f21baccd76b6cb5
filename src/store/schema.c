/*
 * schema.c - the list of schema components, and the migration runner
 *
 * The runner is deliberately plain: read every recorded version first and
 * refuse a newer store before writing anything; then, component by
 * component in list order, run each missing migration in its own durable
 * transaction, re-reading the version inside it (another process may have
 * migrated meanwhile) and recording the new version in the same
 * transaction, so that a migration is applied entirely or not at all.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "store/db_driver.h"
#include "store/schema.h"
#include "util/error.h"
#include "util/log.h"

/*
 * The components, in dependency order: one line each.  A component may
 * refer to the tables of those above it.
 */
#define COMPONENTS(X) \
	X(core) \
	X(contacts) \
	X(history) \
	X(intel) \
	X(hold) \
	X(incident)

#define DECLARE(id)	extern const struct yj_schema_component yj_schema_##id;
#define ENTRY(id)	&yj_schema_##id,
COMPONENTS(DECLARE)

static const struct yj_schema_component *const components[] = {
	COMPONENTS(ENTRY)
};

/* The version table must exist before any version can be read. */
static const char bootstrap_sql[] =
    "CREATE TABLE IF NOT EXISTS yj_schema ("
    " component TEXT PRIMARY KEY,"
    " version INTEGER NOT NULL)";

static const char versions_sql[] =
    "SELECT component, version FROM yj_schema ORDER BY component";

static const char version_sql[] =
    "SELECT version FROM yj_schema WHERE component = ?";

static const char set_version_sql[] =
    "INSERT INTO yj_schema (component, version) VALUES (?, ?)"
    " ON CONFLICT (component) DO UPDATE SET version = excluded.version";

/* yj_schema_count - number of registered components */
size_t
yj_schema_count(void)
{
	return sizeof(components) / sizeof(components[0]);
}

/* yj_schema_at - registered component i */
const struct yj_schema_component *
yj_schema_at(size_t i)
{
	return i < yj_schema_count() ? components[i] : NULL;
}

/* yj_schema_latest - last version of a component */
int
yj_schema_latest(const struct yj_schema_component *c)
{
	return c->count > 0 ? c->migrations[c->count - 1].version : 0;
}

/* find - component by name in list */
static const struct yj_schema_component *
find(const struct yj_schema_component *const *list, size_t n,
    const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i]->name, name) == 0)
			return list[i];
	return NULL;
}

/* check_list - names unique, versions increasing: a programming error */
static int
check_list(const struct yj_schema_component *const *list, size_t n,
    char *err, size_t errsz)
{
	size_t i;
	size_t j;

	for (i = 0; i < n; i++) {
		if (find(list, i, list[i]->name) != NULL) {
			snprintf(err, errsz, "schema component '%s' is listed "
			    "twice", list[i]->name);
			return YJ_EINVAL;
		}
		for (j = 0; j < list[i]->count; j++) {
			if (list[i]->migrations[j].version >
			    (j == 0 ? 0 : list[i]->migrations[j - 1].version))
				continue;
			snprintf(err, errsz, "schema component '%s': migration "
			    "versions must increase from 1", list[i]->name);
			return YJ_EINVAL;
		}
	}
	return 0;
}

/* newer - YJ_ESCHEMA and why, when a recorded version is unknown to us */
static int
newer(const struct yj_schema_component *const *list, size_t n,
    const char *name, int64_t version, char *err, size_t errsz)
{
	const struct yj_schema_component *c;
	char q[YJ_QUOTE_MAX];

	c = find(list, n, name);
	if (c == NULL) {
		snprintf(err, errsz, "schema has component '%s' (version %"
		    PRId64 ") unknown to this program: it was written by a "
		    "newer yojin", yj_quote(name, q, sizeof(q)), version);
		return YJ_ESCHEMA;
	}
	if (version > yj_schema_latest(c)) {
		snprintf(err, errsz, "schema of '%s' is at version %" PRId64
		    ", newer than this program knows (%d): it was written by "
		    "a newer yojin", c->name, version, yj_schema_latest(c));
		return YJ_ESCHEMA;
	}
	return 0;
}

/* check_versions - every recorded component known, none newer */
static int
check_versions(struct yj_db *db, const struct yj_schema_component *const *list,
    size_t n, char *err, size_t errsz)
{
	struct yj_stmt *st;
	int rc;

	rc = yj_db_prepare(db, versions_sql, &st);
	while (rc == 0 && (rc = yj_db_step(st)) == YJ_DB_ROW) {
		rc = newer(list, n, yj_db_column_text(st, 0),
		    yj_db_column_int64(st, 1), err, errsz);
	}
	yj_db_finalize(st);
	if (rc < 0 && rc != YJ_ESCHEMA)
		snprintf(err, errsz, "cannot read schema versions: %s",
		    yj_db_errmsg(db));
	return rc < 0 ? rc : 0;
}

/* yj_schema_version - recorded version, 0 when the component has none */
int
yj_schema_version(struct yj_db *db, const char *component,
    int64_t *versionp)
{
	struct yj_db_val key = YJ_DB_TEXT(component);
	int rc;

	rc = yj_db_query_int64(db, version_sql, &key, 1, versionp);
	if (rc == YJ_ENOENT) {
		*versionp = 0;
		rc = 0;
	}
	return rc;
}

/* first_check - create the version table if needed, refuse newer stores */
static int
first_check(struct yj_db *db, const struct yj_schema_component *const *list,
    size_t n, char *err, size_t errsz)
{
	int rc;

	if ((rc = yj_db_begin(db, 0)) != 0 ||
	    (rc = yj_db_exec(db, bootstrap_sql)) != 0) {
		snprintf(err, errsz, "cannot create the schema table: %s",
		    yj_db_errmsg(db));
		if (yj_db_in_transaction(db))
			yj_db_rollback(db);
		return rc;
	}
	rc = check_versions(db, list, n, err, errsz);
	if (rc != 0) {
		yj_db_rollback(db);	/* a newer store stays as it was */
		return rc;
	}
	if ((rc = yj_db_commit(db)) != 0)
		snprintf(err, errsz, "cannot create the schema table: %s",
		    yj_db_errmsg(db));
	return rc;
}

/* migration_sql - the SQL of m for this driver (may be NULL) */
static const char *
migration_sql(struct yj_db *db, const struct yj_migration *m)
{
	if (strcmp(yj_db_driver(db), "sqlite") == 0 && m->sqlite != NULL)
		return m->sqlite;
	if (strcmp(yj_db_driver(db), "postgresql") == 0 && m->pg != NULL)
		return m->pg;
	return m->sql;
}

/* migrate_one - inside the transaction: apply m unless done already */
static int
migrate_one(struct yj_db *db, const struct yj_schema_component *c,
    const struct yj_migration *m, char *err, size_t errsz)
{
	struct yj_db_val v[2];
	const char *sql;
	int64_t cur;
	int rc;

	if ((rc = yj_schema_version(db, c->name, &cur)) != 0)
		return rc;
	if ((rc = newer(&c, 1, c->name, cur, err, errsz)) != 0)
		return rc;
	if (cur >= m->version)
		return 0;	/* another process was first */
	sql = migration_sql(db, m);
	if (sql != NULL && (rc = yj_db_exec(db, sql)) != 0)
		return rc;
	if (m->fn != NULL && (rc = m->fn(db)) != 0)
		return rc;
	v[0] = YJ_DB_TEXT(c->name);
	v[1] = YJ_DB_INT(m->version);
	return yj_db_execv(db, set_version_sql, v, 2);
}

/* run_migration - one migration, one durable transaction */
static int
run_migration(struct yj_db *db, const struct yj_schema_component *c,
    const struct yj_migration *m, char *err, size_t errsz)
{
	int rc;

	err[0] = '\0';
	if ((rc = yj_db_begin(db, YJ_DB_TX_DURABLE)) == 0) {
		rc = migrate_one(db, c, m, err, errsz);
		if (rc == 0)
			rc = yj_db_commit(db);
		else
			yj_db_rollback(db);
	}
	if (rc != 0 && err[0] == '\0')
		snprintf(err, errsz, "cannot migrate '%s' to version %d: %s",
		    c->name, m->version, yj_db_errmsg(db));
	return rc;
}

/* apply_locked - the check, then every missing migration */
static int
apply_locked(struct yj_db *db, const struct yj_schema_component *const *list,
    size_t n, char *err, size_t errsz)
{
	int64_t cur;
	size_t i;
	size_t j;
	int rc;

	if ((rc = first_check(db, list, n, err, errsz)) != 0)
		return rc;
	for (i = 0; i < n; i++) {
		if ((rc = yj_schema_version(db, list[i]->name, &cur)) != 0) {
			snprintf(err, errsz, "cannot read schema versions: %s",
			    yj_db_errmsg(db));
			return rc;
		}
		for (j = 0; j < list[i]->count; j++) {
			if (list[i]->migrations[j].version <= cur)
				continue;
			rc = run_migration(db, list[i],
			    &list[i]->migrations[j], err, errsz);
			if (rc != 0)
				return rc;
		}
	}
	return 0;
}

/* yj_schema_apply - bring the components up to date */
int
yj_schema_apply(struct yj_db *db, const struct yj_schema_component *const *list,
    size_t n, char *err, size_t errsz)
{
	int rc;

	if ((rc = check_list(list, n, err, errsz)) != 0)
		return rc;
	if ((rc = yj_db_lock_schema(db, true)) != 0) {
		snprintf(err, errsz, "cannot lock the schema: %s",
		    yj_db_errmsg(db));
		return rc;
	}
	rc = apply_locked(db, list, n, err, errsz);
	if (yj_db_lock_schema(db, false) != 0 && rc == 0) {
		snprintf(err, errsz, "cannot unlock the schema: %s",
		    yj_db_errmsg(db));
		rc = YJ_ESTORE;
	}
	return rc;
}

/* yj_schema_migrate - the registered components */
int
yj_schema_migrate(struct yj_db *db, char *err, size_t errsz)
{
	return yj_schema_apply(db, components, yj_schema_count(), err, errsz);
}

/* yj_schema_check - refuse a store newer than the registered components */
int
yj_schema_check(struct yj_db *db, char *err, size_t errsz)
{
	return check_versions(db, components, yj_schema_count(), err, errsz);
}
