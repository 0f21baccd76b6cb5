/*
 * core.c - schema component "core": the version table and yj_meta
 *
 * yj_meta holds a few facts about the store itself as text: when it was
 * created ("created_at", epoch seconds) and a random identity
 * ("store_id", 32 hex digits) that tells two stores apart in logs and
 * reports, for example after a restore from backup onto another host.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "store/db_driver.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/time.h"

static const char meta_get_sql[] =
    "SELECT value FROM yj_meta WHERE key = ?";

static const char meta_set_sql[] =
    "INSERT INTO yj_meta (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";

static const char meta_init_sql[] =
    "INSERT INTO yj_meta (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO NOTHING";

/* random_id - 32 hex digits from the kernel's random source */
static int
random_id(char out[33])
{
	unsigned char b[16];
	size_t got = 0;
	ssize_t n;
	size_t i;

	while (got < sizeof(b)) {
		n = getrandom(b + got, sizeof(b) - got, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return YJ_EIO;
		got += (size_t)n;
	}
	for (i = 0; i < sizeof(b); i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	return 0;
}

/* init_meta - creation time and identity of a new store */
static int
init_meta(struct yj_db *db)
{
	struct yj_db_val v[2];
	char now[24];
	char id[33];
	int rc;

	if (random_id(id) != 0)
		return yj_db_set_error(db, YJ_EIO,
		    "cannot read random bytes for the store id");
	snprintf(now, sizeof(now), "%" PRId64, yj_time_now());
	v[0] = YJ_DB_TEXT("created_at");
	v[1] = YJ_DB_TEXT(now);
	if ((rc = yj_db_execv(db, meta_init_sql, v, 2)) != 0)
		return rc;
	v[0] = YJ_DB_TEXT("store_id");
	v[1] = YJ_DB_TEXT(id);
	return yj_db_execv(db, meta_init_sql, v, 2);
}

static const struct yj_migration core_migrations[] = {
	{
		.version = 1,
		.sql = "CREATE TABLE IF NOT EXISTS yj_schema ("
		    " component TEXT PRIMARY KEY,"
		    " version INTEGER NOT NULL);"
		    "CREATE TABLE yj_meta ("
		    " key TEXT PRIMARY KEY,"
		    " value TEXT)",
		.fn = init_meta,
	},
};

YJ_SCHEMA_COMPONENT(core) = {
	.name = "core",
	.prefix = "yj_",
	.migrations = core_migrations,
	.count = sizeof(core_migrations) / sizeof(core_migrations[0]),
};

/* yj_store_meta_get - value of key; free *valuep with yj_free */
int
yj_store_meta_get(struct yj_store *s, const char *key, char **valuep)
{
	struct yj_db_val k = YJ_DB_TEXT(key);
	struct yj_stmt *st;
	struct yj_db *db;
	int rc;

	*valuep = NULL;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	if ((rc = yj_db_prepare(db, meta_get_sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, &k, 1)) == 0)
		rc = yj_db_step(st);
	if (rc == YJ_DB_ROW && !yj_db_column_is_null(st, 0)) {
		*valuep = yj_xstrdup(yj_db_column_text(st, 0));
		rc = 0;
	} else if (rc >= 0) {
		rc = YJ_ENOENT;
	}
	yj_db_finalize(st);
	return rc;
}

/* yj_store_meta_set - insert or replace key */
int
yj_store_meta_set(struct yj_store *s, const char *key, const char *value)
{
	struct yj_db_val v[2];
	struct yj_db *db;
	int rc;

	if (key == NULL || *key == '\0' || value == NULL)
		return YJ_EINVAL;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	v[0] = YJ_DB_TEXT(key);
	v[1] = YJ_DB_TEXT(value);
	return yj_db_execv(db, meta_set_sql, v, 2);
}
