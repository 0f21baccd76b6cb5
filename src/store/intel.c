/*
 * intel.c - schema component "intel": block and allow lists
 *
 * One table, intel_entry, keyed by (list, kind, value); the URL host of
 * url and prefix entries is kept in its own column so that prefix
 * entries can be found by the host of the URL being checked (a prefix
 * can end anywhere, so no index on the value finds it).  intel_generation
 * holds one counter that every change bumps in its own transaction.
 *
 * Matching turns what a message holds into candidate keys, most specific
 * first (the address, then its domain and the domain's parents; a URL,
 * then the prefixes on its host, its host, the host's domain and
 * parents), and returns the first listed one.  The store does this with
 * one indexed query per candidate; the cache does it from memory: a
 * chained hash table keyed by (list, kind, value), where prefix entries
 * are keyed by their host and chained, so a URL costs a handful of
 * probes whatever the size of the lists.  A reload builds a complete new
 * table beside the old one and swaps it under the write lock, so readers
 * never see half a list.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db_driver.h"
#include "store/intel.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/sort.h"
#include "util/str.h"
#include "util/time.h"

#define T_ENTRY(ID) \
	"CREATE TABLE intel_entry (" \
	" id " ID "," \
	" list TEXT NOT NULL CHECK (list IN ('block', 'allow'))," \
	" kind TEXT NOT NULL CHECK (kind IN ('address', 'domain', 'url'," \
	"  'host', 'prefix', 'sha256'))," \
	" value TEXT NOT NULL," \
	" host TEXT NOT NULL DEFAULT ''," \
	" source TEXT NOT NULL DEFAULT ''," \
	" note TEXT NOT NULL DEFAULT ''," \
	" created_at BIGINT NOT NULL," \
	" expires_at BIGINT NOT NULL DEFAULT 0," \
	" UNIQUE (list, kind, value));" \
	"CREATE INDEX intel_entry_value ON intel_entry (kind, value);" \
	"CREATE INDEX intel_entry_host ON intel_entry (kind, host);" \
	"CREATE INDEX intel_entry_source ON intel_entry (source);" \
	"CREATE TABLE intel_generation (" \
	" id INTEGER PRIMARY KEY CHECK (id = 1)," \
	" generation BIGINT NOT NULL);" \
	"INSERT INTO intel_generation (id, generation) VALUES (1, 0)"

static const struct yj_migration intel_migrations[] = {
	{ YJ_MIGRATION_IDS(1, T_ENTRY) },
};

YJ_SCHEMA_COMPONENT(intel) = {
	.name = "intel",
	.prefix = "intel_",
	.migrations = intel_migrations,
	.count = sizeof(intel_migrations) / sizeof(intel_migrations[0]),
};

#define COLUMNS \
	"id, list, kind, value, source, note, created_at, expires_at, host"

static const char select_id_sql[] =
    "SELECT id FROM intel_entry WHERE list = ? AND kind = ? AND value = ?";
static const char insert_sql[] =
    "INSERT INTO intel_entry (list, kind, value, host, source, note,"
    " created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char update_sql[] =
    "UPDATE intel_entry SET source = ?, note = ?, expires_at = ?"
    " WHERE id = ?";
static const char bump_sql[] =
    "UPDATE intel_generation SET generation = generation + 1 WHERE id = 1";
static const char generation_sql[] =
    "SELECT generation FROM intel_generation WHERE id = 1";
static const char remove_sql[] =
    "DELETE FROM intel_entry WHERE list = ? AND kind = ? AND value = ?";
static const char remove_id_sql[] =
    "DELETE FROM intel_entry WHERE id = ?";
static const char expire_sql[] =
    "DELETE FROM intel_entry WHERE expires_at <> 0 AND expires_at <= ?";
static const char source_ids_sql[] =
    "SELECT id FROM intel_entry WHERE source = ? ORDER BY id";
static const char get_sql[] =
    "SELECT " COLUMNS " FROM intel_entry"
    " WHERE list = ? AND kind = ? AND value = ?";
static const char match_sql[] =
    "SELECT " COLUMNS " FROM intel_entry"
    " WHERE list = ? AND kind = ? AND value = ?"
    " AND (expires_at = 0 OR expires_at > ?)";
static const char match_prefix_sql[] =
    "SELECT " COLUMNS " FROM intel_entry"
    " WHERE list = ? AND kind = 'prefix' AND host = ?"
    " AND (expires_at = 0 OR expires_at > ?)"
    " ORDER BY LENGTH(value) DESC, id";
static const char list_sql[] =
    "SELECT " COLUMNS " FROM intel_entry"
    " WHERE (CAST(? AS TEXT) IS NULL OR list = ?)"
    " AND (CAST(? AS TEXT) IS NULL OR kind = ?)"
    " AND (CAST(? AS TEXT) IS NULL OR source = ?)"
    " AND (CAST(? AS TEXT) IS NULL OR value LIKE ? ESCAPE '\\')"
    " ORDER BY id LIMIT CAST(? AS BIGINT) OFFSET CAST(? AS BIGINT)";
static const char page_sql[] =
    "SELECT " COLUMNS " FROM intel_entry WHERE id > ? ORDER BY id LIMIT 5000";
static const char count_sql[] =
    "SELECT list, COUNT(*) FROM intel_entry GROUP BY list";

static const char *const list_names[] = { "block", "allow" };
static const char *const kind_names[YJ_INTEL_NKINDS] = {
	"address", "domain", "url", "host", "prefix", "sha256",
};

/* -------- names -------- */

/* yj_intel_list_name - "block" or "allow" */
const char *
yj_intel_list_name(enum yj_intel_list l)
{
	return (unsigned)l <= YJ_INTEL_ALLOW ? list_names[l] : "unknown";
}

/* yj_intel_kind_name - "address", "domain", ... */
const char *
yj_intel_kind_name(enum yj_intel_kind k)
{
	return (unsigned)k < YJ_INTEL_NKINDS ? kind_names[k] : "unknown";
}

/* yj_intel_list_parse - name to list */
int
yj_intel_list_parse(const char *s, enum yj_intel_list *out)
{
	unsigned i;

	for (i = 0; i <= YJ_INTEL_ALLOW; i++)
		if (s != NULL && strcmp(s, list_names[i]) == 0) {
			*out = (enum yj_intel_list)i;
			return 0;
		}
	return YJ_EINVAL;
}

/* yj_intel_kind_parse - name to kind */
int
yj_intel_kind_parse(const char *s, enum yj_intel_kind *out)
{
	unsigned i;

	for (i = 0; i < YJ_INTEL_NKINDS; i++)
		if (s != NULL && strcmp(s, kind_names[i]) == 0) {
			*out = (enum yj_intel_kind)i;
			return 0;
		}
	return YJ_EINVAL;
}

/* -------- values -------- */

/* valid_value - non-empty, bounded, UTF-8, no space or control */
static bool
valid_value(const char *v)
{
	size_t n;
	const unsigned char *p;

	if (v == NULL || *v == '\0')
		return false;
	n = strlen(v);
	if (n > YJ_INTEL_VALUE_MAX || !yj_utf8_valid(v, n))
		return false;
	for (p = (const unsigned char *)v; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

/*
 * url_host - the host of a normalised URL ("scheme://host[:port]/..."),
 * without port, into out; "" when there is none
 */
static void
url_host(const char *url, char *out, size_t outsz)
{
	const char *p = strstr(url, "://"), *e, *at;
	size_t n;

	out[0] = '\0';
	if (p == NULL)
		return;
	p += 3;
	e = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(e - p));
	while (at != NULL) {
		p = at + 1;
		at = memchr(p, '@', (size_t)(e - p));
	}
	if (*p == '[') {
		const char *r = memchr(p, ']', (size_t)(e - p));

		if (r != NULL)
			e = r + 1;
	} else {
		const char *c = memchr(p, ':', (size_t)(e - p));

		if (c != NULL)
			e = c;
	}
	n = (size_t)(e - p);
	if (n >= outsz)
		return;
	memcpy(out, p, n);
	out[n] = '\0';
}

/* entry_host - the host column of an entry */
static void
entry_host(const struct yj_intel_entry *e, char *out, size_t outsz)
{
	out[0] = '\0';
	if (e->kind == YJ_INTEL_URL || e->kind == YJ_INTEL_PREFIX)
		url_host(e->value, out, outsz);
	else if (e->kind == YJ_INTEL_HOST)
		snprintf(out, outsz, "%s", e->value);
}

/* check_entry - an entry a writer may store */
static int
check_entry(const struct yj_intel_entry *e)
{
	if ((unsigned)e->list > YJ_INTEL_ALLOW ||
	    (unsigned)e->kind >= YJ_INTEL_NKINDS || !valid_value(e->value))
		return YJ_EINVAL;
	if (e->source != NULL && !yj_utf8_valid(e->source, strlen(e->source)))
		return YJ_EINVAL;
	if (e->note != NULL && !yj_utf8_valid(e->note, strlen(e->note)))
		return YJ_EINVAL;
	return 0;
}

/* -------- rows -------- */

/* read_row - an entry from a row of COLUMNS, strings on the heap */
static void
read_row(struct yj_stmt *st, struct yj_intel_entry *e)
{
	enum yj_intel_list l = YJ_INTEL_BLOCK;
	enum yj_intel_kind k = YJ_INTEL_URL;

	(void)yj_intel_list_parse(yj_db_column_text(st, 1), &l);
	(void)yj_intel_kind_parse(yj_db_column_text(st, 2), &k);
	e->id = yj_db_column_int64(st, 0);
	e->list = l;
	e->kind = k;
	e->value = yj_xstrdup(yj_db_column_text(st, 3));
	e->source = yj_xstrdup(yj_db_column_text(st, 4));
	e->note = yj_xstrdup(yj_db_column_text(st, 5));
	e->created_at = yj_db_column_int64(st, 6);
	e->expires_at = yj_db_column_int64(st, 7);
}

/* yj_intel_entry_release - free what read_row allocated */
void
yj_intel_entry_release(struct yj_intel_entry *e)
{
	if (e == NULL)
		return;
	yj_free((char *)e->value);
	yj_free((char *)e->source);
	yj_free((char *)e->note);
	memset(e, 0, sizeof(*e));
}

/* query_one - prepare, bind, read the first row into out */
static int
query_one(struct yj_db *db, const char *sql, const struct yj_db_val *v,
    size_t n, struct yj_intel_entry *out)
{
	struct yj_stmt *st;
	int rc;

	if ((rc = yj_db_prepare(db, sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, v, n)) == 0)
		rc = yj_db_step(st);
	if (rc == YJ_DB_ROW) {
		read_row(st, out);
		rc = 0;
	} else if (rc == YJ_DB_DONE) {
		rc = YJ_ENOENT;
	}
	yj_db_finalize(st);
	return rc;
}

/* -------- writes -------- */

/* upsert - one entry inside a transaction */
static int
upsert(struct yj_db *db, const struct yj_intel_entry *e, int64_t now,
    int64_t *idp, bool *added)
{
	struct yj_db_val v[8];
	char host[512];
	int64_t id;
	int rc;

	v[0] = YJ_DB_TEXT(yj_intel_list_name(e->list));
	v[1] = YJ_DB_TEXT(yj_intel_kind_name(e->kind));
	v[2] = YJ_DB_TEXT(e->value);
	rc = yj_db_query_int64(db, select_id_sql, v, 3, &id);
	if (rc == 0) {
		v[0] = YJ_DB_TEXT(e->source ? e->source : "");
		v[1] = YJ_DB_TEXT(e->note ? e->note : "");
		v[2] = YJ_DB_INT(e->expires_at);
		v[3] = YJ_DB_INT(id);
		*added = false;
		*idp = id;
		return yj_db_execv(db, update_sql, v, 4);
	}
	if (rc != YJ_ENOENT)
		return rc;
	entry_host(e, host, sizeof(host));
	v[3] = YJ_DB_TEXT(host);
	v[4] = YJ_DB_TEXT(e->source ? e->source : "");
	v[5] = YJ_DB_TEXT(e->note ? e->note : "");
	v[6] = YJ_DB_INT(e->created_at ? e->created_at : now);
	v[7] = YJ_DB_INT(e->expires_at);
	*added = true;
	return yj_db_query_int64(db, insert_sql, v, 8, idp);
}

struct add_many {
	const struct yj_intel_entry	*v;
	size_t				 n;
	const char			*replace_source;
	struct yj_intel_import		 st;
	int64_t				*ids;	/* ids written, for replace */
	int64_t				 now;
};

/* cmp_id - qsort/bsearch order of ids */
static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* sweep_source - delete entries of the source not written by this import */
static int
sweep_source(struct yj_db *db, struct add_many *am)
{
	struct yj_db_val v = YJ_DB_TEXT(am->replace_source);
	struct yj_stmt *st;
	int64_t *gone = NULL, id;
	size_t ngone = 0, i;
	int rc;

	yj_sort(am->ids, am->n, sizeof(*am->ids), cmp_id);
	if ((rc = yj_db_prepare(db, source_ids_sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, &v, 1)) == 0)
		while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
			id = yj_db_column_int64(st, 0);
			if (bsearch(&id, am->ids, am->n, sizeof(id),
			    cmp_id) != NULL)
				continue;
			gone = yj_xreallocarray(gone, ngone + 1, sizeof(*gone));
			gone[ngone++] = id;
		}
	yj_db_finalize(st);
	for (i = 0; rc >= 0 && i < ngone; i++) {
		v = YJ_DB_INT(gone[i]);
		rc = yj_db_execv(db, remove_id_sql, &v, 1);
	}
	am->st.removed = rc >= 0 ? ngone : 0;
	yj_free(gone);
	return rc < 0 ? rc : 0;
}

/* add_many_tx - the body of yj_intel_add_many's transaction */
static int
add_many_tx(struct yj_db *db, void *arg)
{
	struct add_many *am = arg;
	bool added;
	size_t i;
	int rc;

	memset(&am->st, 0, sizeof(am->st));
	for (i = 0; i < am->n; i++) {
		if ((rc = upsert(db, &am->v[i], am->now, &am->ids[i],
		    &added)) != 0)
			return rc;
		if (added)
			am->st.added++;
		else
			am->st.updated++;
	}
	if (am->replace_source != NULL && (rc = sweep_source(db, am)) != 0)
		return rc;
	return yj_db_exec(db, bump_sql);
}

/* yj_intel_add_many - import in one transaction */
int
yj_intel_add_many(struct yj_store *s, const struct yj_intel_entry *v,
    size_t n, const char *replace_source, struct yj_intel_import *st)
{
	struct add_many am = { 0 };
	struct yj_db *db;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = check_entry(&v[i])) != 0)
			return rc;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	am.v = v;
	am.n = n;
	am.replace_source = replace_source;
	am.now = yj_time_now();
	am.ids = yj_xcalloc(n + 1, sizeof(*am.ids));
	rc = yj_db_transact(db, 0, add_many_tx, &am);
	yj_free(am.ids);
	if (rc == 0 && st != NULL)
		*st = am.st;
	return rc;
}

/* yj_intel_add - one entry, in its own transaction */
int
yj_intel_add(struct yj_store *s, const struct yj_intel_entry *e,
    int64_t *idp, bool *added)
{
	struct add_many am = { 0 };
	struct yj_db *db;
	int64_t id = 0;
	int rc;

	if ((rc = check_entry(e)) != 0)
		return rc;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	am.v = e;
	am.n = 1;
	am.now = yj_time_now();
	am.ids = &id;
	rc = yj_db_transact(db, 0, add_many_tx, &am);
	if (rc == 0 && idp != NULL)
		*idp = id;
	if (rc == 0 && added != NULL)
		*added = am.st.added == 1;
	return rc;
}

struct remove {
	const char		*sql;
	struct yj_db_val	 v[3];
	size_t			 n;
	int64_t			 changed;
};

/* remove_tx - delete and bump, or YJ_ENOENT when nothing was deleted */
static int
remove_tx(struct yj_db *db, void *arg)
{
	struct remove *r = arg;
	int rc;

	if ((rc = yj_db_execv(db, r->sql, r->v, r->n)) != 0)
		return rc;
	r->changed = yj_db_changes(db);
	if (r->changed == 0 && r->sql != expire_sql)
		return YJ_ENOENT;
	return yj_db_exec(db, bump_sql);
}

/* run_remove - a remove transaction */
static int
run_remove(struct yj_store *s, struct remove *r)
{
	struct yj_db *db;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	rc = yj_db_transact(db, 0, remove_tx, r);
	if (rc == YJ_ENOENT)
		yj_db_set_error(db, YJ_ENOENT, "no such entry");
	return rc;
}

/* yj_intel_remove - by list, kind and value */
int
yj_intel_remove(struct yj_store *s, enum yj_intel_list l,
    enum yj_intel_kind k, const char *value)
{
	struct remove r = { .sql = remove_sql, .n = 3 };

	if ((unsigned)l > YJ_INTEL_ALLOW || (unsigned)k >= YJ_INTEL_NKINDS ||
	    value == NULL)
		return YJ_EINVAL;
	r.v[0] = YJ_DB_TEXT(yj_intel_list_name(l));
	r.v[1] = YJ_DB_TEXT(yj_intel_kind_name(k));
	r.v[2] = YJ_DB_TEXT(value);
	return run_remove(s, &r);
}

/* yj_intel_remove_id - by id */
int
yj_intel_remove_id(struct yj_store *s, int64_t id)
{
	struct remove r = { .sql = remove_id_sql, .n = 1 };

	r.v[0] = YJ_DB_INT(id);
	return run_remove(s, &r);
}

/* yj_intel_expire - delete what expired */
int
yj_intel_expire(struct yj_store *s, int64_t now, size_t *n)
{
	struct remove r = { .sql = expire_sql, .n = 1 };
	int rc;

	r.v[0] = YJ_DB_INT(now);
	rc = run_remove(s, &r);
	if (n != NULL)
		*n = rc == 0 ? (size_t)r.changed : 0;
	return rc;
}

/* -------- reads -------- */

/* yj_intel_get - exact entry */
int
yj_intel_get(struct yj_store *s, enum yj_intel_list l, enum yj_intel_kind k,
    const char *value, struct yj_intel_entry *out)
{
	struct yj_db_val v[3];
	struct yj_db *db;
	int rc;

	memset(out, 0, sizeof(*out));
	if (value == NULL)
		return YJ_EINVAL;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	v[0] = YJ_DB_TEXT(yj_intel_list_name(l));
	v[1] = YJ_DB_TEXT(yj_intel_kind_name(k));
	v[2] = YJ_DB_TEXT(value);
	return query_one(db, get_sql, v, 3, out);
}

/* yj_intel_generation - the change counter */
int
yj_intel_generation(struct yj_store *s, int64_t *gen)
{
	struct yj_db *db;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	return yj_db_query_int64(db, generation_sql, NULL, 0, gen);
}

/* yj_intel_count - entries per list */
int
yj_intel_count(struct yj_store *s, int64_t *block, int64_t *allow)
{
	enum yj_intel_list l;
	struct yj_stmt *st;
	struct yj_db *db;
	int rc;

	if (block != NULL)
		*block = 0;
	if (allow != NULL)
		*allow = 0;
	if ((rc = yj_store_db(s, &db)) != 0 ||
	    (rc = yj_db_prepare(db, count_sql, &st)) != 0)
		return rc;
	while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
		if (yj_intel_list_parse(yj_db_column_text(st, 0), &l) != 0)
			continue;
		if (l == YJ_INTEL_BLOCK && block != NULL)
			*block = yj_db_column_int64(st, 1);
		if (l == YJ_INTEL_ALLOW && allow != NULL)
			*allow = yj_db_column_int64(st, 1);
	}
	yj_db_finalize(st);
	return rc < 0 ? rc : 0;
}

/* like_pattern - "%s%" with LIKE's wildcards in s escaped by '\' */
static char *
like_pattern(const char *s)
{
	size_t n = strlen(s), i, k = 0;
	char *p;

	p = yj_xmallocarray(2 * n + 3, 1);
	p[k++] = '%';
	for (i = 0; i < n; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
			p[k++] = '\\';
		p[k++] = s[i];
	}
	p[k++] = '%';
	p[k] = '\0';
	return p;
}

/* yj_intel_list - entries matching a filter */
int
yj_intel_list(struct yj_store *s, const struct yj_intel_filter *f,
    int (*fn)(const struct yj_intel_entry *, void *), void *arg)
{
	struct yj_intel_entry e;
	struct yj_db_val v[10];
	struct yj_stmt *st;
	struct yj_db *db;
	char *like = NULL;
	int rc, stop = 0;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	v[0] = v[1] = f->list >= 0 ?
	    YJ_DB_TEXT(yj_intel_list_name((enum yj_intel_list)f->list)) :
	    YJ_DB_NULL;
	v[2] = v[3] = f->kind >= 0 ?
	    YJ_DB_TEXT(yj_intel_kind_name((enum yj_intel_kind)f->kind)) :
	    YJ_DB_NULL;
	v[4] = v[5] = f->source ? YJ_DB_TEXT(f->source) : YJ_DB_NULL;
	if (f->contains != NULL)
		like = like_pattern(f->contains);
	v[6] = v[7] = like ? YJ_DB_TEXT(like) : YJ_DB_NULL;
	v[8] = YJ_DB_INT(f->limit > 0 ? f->limit : INT64_MAX);
	v[9] = YJ_DB_INT(f->offset > 0 ? f->offset : 0);
	if ((rc = yj_db_prepare(db, list_sql, &st)) == 0 &&
	    (rc = yj_db_bindv(st, v, 10)) == 0)
		while (stop == 0 && (rc = yj_db_step(st)) == YJ_DB_ROW) {
			read_row(st, &e);
			stop = fn(&e, arg);
			yj_intel_entry_release(&e);
		}
	yj_db_finalize(st);
	yj_free(like);
	if (stop != 0)
		return stop;
	return rc < 0 ? rc : 0;
}

/* -------- matching -------- */

/*
 * Candidate keys of a query, most specific first.  A prefix candidate
 * carries the host; the others carry the exact value.
 */
#define MAX_CAND	40

struct cand {
	enum yj_intel_kind	 kind;
	const char		*value;
};

struct cands {
	struct cand	 v[MAX_CAND];
	size_t		 n;
	char		 host[512];
	const char	*url;		/* for prefix tests */
	char		 alt[YJ_INTEL_VALUE_MAX + 8];	/* other scheme */
};

/* web_rest - what follows "http://" or "https://", or NULL */
static const char *
web_rest(const char *url)
{
	if (strncmp(url, "http://", 7) == 0)
		return url + 7;
	if (strncmp(url, "https://", 8) == 0)
		return url + 8;
	return NULL;
}

/*
 * has_prefix - url starts with prefix; http and https count as one
 * scheme, since phishing sites answer on both
 */
static bool
has_prefix(const char *url, const char *prefix)
{
	const char *u = web_rest(url), *p = web_rest(prefix);

	if (u != NULL && p != NULL)
		return strncmp(u, p, strlen(p)) == 0;
	return strncmp(url, prefix, strlen(prefix)) == 0;
}

/* other_scheme - the URL with http and https swapped, or "" */
static void
other_scheme(const char *url, char *out, size_t outsz)
{
	const char *rest = web_rest(url);

	out[0] = '\0';
	if (rest != NULL)
		snprintf(out, outsz, "%s://%s", rest == url + 7 ? "https" :
		    "http", rest);
}

/* add_cand - append a candidate if there is room */
static void
add_cand(struct cands *c, enum yj_intel_kind k, const char *v)
{
	if (c->n < MAX_CAND && v != NULL && *v != '\0') {
		c->v[c->n].kind = k;
		c->v[c->n].value = v;
		c->n++;
	}
}

/* add_domains - domain entries for d and each parent */
static void
add_domains(struct cands *c, const char *d)
{
	while (d != NULL && *d != '\0') {
		add_cand(c, YJ_INTEL_DOMAIN, d);
		d = strchr(d, '.');
		if (d != NULL)
			d++;
	}
}

/* candidates - the keys to probe for a query */
static void
candidates(enum yj_intel_query q, const char *value, struct cands *c)
{
	const char *at;

	memset(c, 0, sizeof(*c));
	switch (q) {
	case YJ_INTEL_Q_ADDRESS:
		add_cand(c, YJ_INTEL_ADDRESS, value);
		at = strrchr(value, '@');
		if (at != NULL) {
			add_cand(c, YJ_INTEL_HOST, at + 1);
			add_domains(c, at + 1);
		}
		break;
	case YJ_INTEL_Q_DOMAIN:
		add_cand(c, YJ_INTEL_HOST, value);
		add_domains(c, value);
		break;
	case YJ_INTEL_Q_URL:
		add_cand(c, YJ_INTEL_URL, value);
		other_scheme(value, c->alt, sizeof(c->alt));
		add_cand(c, YJ_INTEL_URL, c->alt);
		url_host(value, c->host, sizeof(c->host));
		c->url = value;
		add_cand(c, YJ_INTEL_PREFIX, c->host);
		add_cand(c, YJ_INTEL_HOST, c->host);
		add_domains(c, c->host);
		break;
	case YJ_INTEL_Q_SHA256:
		add_cand(c, YJ_INTEL_SHA256, value);
		break;
	}
}

/* match_prefix_db - the longest prefix entry on the host that fits */
static int
match_prefix_db(struct yj_db *db, enum yj_intel_list l, const char *host,
    const char *url, int64_t now, struct yj_intel_entry *out)
{
	struct yj_db_val v[3];
	struct yj_stmt *st;
	bool found = false;
	const char *p;
	int rc;

	v[0] = YJ_DB_TEXT(yj_intel_list_name(l));
	v[1] = YJ_DB_TEXT(host);
	v[2] = YJ_DB_INT(now);
	if ((rc = yj_db_prepare(db, match_prefix_sql, &st)) != 0)
		return rc;
	if ((rc = yj_db_bindv(st, v, 3)) == 0)
		while (!found && (rc = yj_db_step(st)) == YJ_DB_ROW) {
			p = yj_db_column_text(st, 3);
			if (p != NULL && has_prefix(url, p)) {
				read_row(st, out);
				found = true;
			}
		}
	yj_db_finalize(st);
	if (rc < 0)
		return rc;
	return found ? 0 : YJ_ENOENT;
}

/* yj_intel_match - most specific entry, from the store */
int
yj_intel_match(struct yj_store *s, enum yj_intel_list l,
    enum yj_intel_query q, const char *value, int64_t now,
    struct yj_intel_entry *out)
{
	struct yj_db_val v[4];
	struct cands c;
	struct yj_db *db;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (value == NULL || !valid_value(value))
		return YJ_ENOENT;
	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	candidates(q, value, &c);
	for (i = 0; i < c.n; i++) {
		if (c.v[i].kind == YJ_INTEL_PREFIX) {
			rc = match_prefix_db(db, l, c.v[i].value, c.url, now,
			    out);
		} else {
			v[0] = YJ_DB_TEXT(yj_intel_list_name(l));
			v[1] = YJ_DB_TEXT(yj_intel_kind_name(c.v[i].kind));
			v[2] = YJ_DB_TEXT(c.v[i].value);
			v[3] = YJ_DB_INT(now);
			rc = query_one(db, match_sql, v, 4, out);
		}
		if (rc != YJ_ENOENT)
			return rc;
	}
	return YJ_ENOENT;
}

/* -------- the cache -------- */

struct centry {
	struct yj_intel_entry	 e;
	const char		*key;	/* value, or host for prefix entries */
	struct centry		*next;
};

struct snapshot {
	struct yj_arena		*arena;
	struct centry		**bucket;
	size_t			 nbucket;	/* power of two */
	size_t			 n;
	int64_t			 generation;
};

struct yj_intel_cache {
	struct yj_store		*store;
	pthread_rwlock_t	 lock;		/* guards snap */
	pthread_mutex_t		 reload;	/* one reloader at a time */
	struct snapshot		*snap;
	int64_t			 checked_ms;
};

/* hkey - FNV-1a over list, kind and key */
static size_t
hkey(enum yj_intel_list l, enum yj_intel_kind k, const char *key)
{
	size_t h = 1469598103934665603ULL;

	h = (h ^ (unsigned)l) * 1099511628211ULL;
	h = (h ^ (unsigned)k) * 1099511628211ULL;
	while (*key != '\0')
		h = (h ^ (unsigned char)*key++) * 1099511628211ULL;
	return h;
}

/* snap_add - put a row into a snapshot being built */
static void
snap_add(struct snapshot *sn, struct yj_stmt *st)
{
	struct centry *c = yj_arena_alloc(sn->arena, sizeof(*c));
	enum yj_intel_list l = YJ_INTEL_BLOCK;
	enum yj_intel_kind k = YJ_INTEL_URL;
	size_t h;

	if (yj_intel_list_parse(yj_db_column_text(st, 1), &l) != 0 ||
	    yj_intel_kind_parse(yj_db_column_text(st, 2), &k) != 0)
		return;
	c->e.id = yj_db_column_int64(st, 0);
	c->e.list = l;
	c->e.kind = k;
	c->e.value = yj_arena_strdup(sn->arena, yj_db_column_text(st, 3));
	c->e.source = yj_arena_strdup(sn->arena, yj_db_column_text(st, 4));
	c->e.note = yj_arena_strdup(sn->arena, yj_db_column_text(st, 5));
	c->e.created_at = yj_db_column_int64(st, 6);
	c->e.expires_at = yj_db_column_int64(st, 7);
	c->key = k == YJ_INTEL_PREFIX ?
	    yj_arena_strdup(sn->arena, yj_db_column_text(st, 8)) : c->e.value;
	h = hkey(l, k, c->key) & (sn->nbucket - 1);
	c->next = sn->bucket[h];
	sn->bucket[h] = c;
	sn->n++;
}

/* snap_free - free a snapshot */
static void
snap_free(struct snapshot *sn)
{
	if (sn == NULL)
		return;
	yj_arena_free(sn->arena);
	yj_free(sn->bucket);
	yj_free(sn);
}

/* snap_load - every entry, a page at a time */
static int
snap_load(struct yj_db *db, int64_t total, int64_t gen, struct snapshot **out)
{
	struct snapshot *sn = yj_xcalloc(1, sizeof(*sn));
	struct yj_db_val v;
	struct yj_stmt *st;
	int64_t last = 0;
	size_t got;
	int rc;

	sn->arena = yj_arena_new();
	sn->generation = gen;
	for (sn->nbucket = 1024; (int64_t)sn->nbucket < total * 2 &&
	    sn->nbucket < ((size_t)1 << 28); sn->nbucket <<= 1)
		;
	sn->bucket = yj_xcalloc(sn->nbucket, sizeof(*sn->bucket));
	if ((rc = yj_db_prepare(db, page_sql, &st)) != 0)
		goto out_free;
	do {
		v = YJ_DB_INT(last);
		got = 0;
		if ((rc = yj_db_reset(st)) != 0 ||
		    (rc = yj_db_bindv(st, &v, 1)) != 0)
			break;
		while ((rc = yj_db_step(st)) == YJ_DB_ROW) {
			last = yj_db_column_int64(st, 0);
			snap_add(sn, st);
			got++;
		}
	} while (rc == YJ_DB_DONE && got > 0);
	yj_db_finalize(st);
	if (rc < 0)
		goto out_free;
	*out = sn;
	return 0;
out_free:
	snap_free(sn);
	return rc;
}

/* load - read the generation and, if it moved, a new snapshot */
static int
load(struct yj_intel_cache *c, struct snapshot **out)
{
	int64_t gen, block, allow;
	struct yj_db *db;
	int rc;

	*out = NULL;
	if ((rc = yj_store_db(c->store, &db)) != 0 ||
	    (rc = yj_db_query_int64(db, generation_sql, NULL, 0, &gen)) != 0)
		return rc;
	if (c->snap != NULL && c->snap->generation == gen)
		return 0;
	if ((rc = yj_intel_count(c->store, &block, &allow)) != 0)
		return rc;
	return snap_load(db, block + allow, gen, out);
}

/* yj_intel_cache_new - load every entry */
int
yj_intel_cache_new(struct yj_store *s, struct yj_intel_cache **out)
{
	struct yj_intel_cache *c = yj_xcalloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	c->store = s;
	pthread_rwlock_init(&c->lock, NULL);
	pthread_mutex_init(&c->reload, NULL);
	if ((rc = load(c, &c->snap)) != 0) {
		yj_intel_cache_free(c);
		return rc;
	}
	c->checked_ms = yj_time_monotonic_ms();
	*out = c;
	return 0;
}

/* yj_intel_cache_refresh - reload when stale */
int
yj_intel_cache_refresh(struct yj_intel_cache *c, int64_t min_interval_ms)
{
	struct snapshot *sn, *old;
	int64_t now = yj_time_monotonic_ms();
	int rc;

	pthread_mutex_lock(&c->reload);
	if (min_interval_ms > 0 && now - c->checked_ms < min_interval_ms) {
		pthread_mutex_unlock(&c->reload);
		return 0;
	}
	c->checked_ms = now;
	rc = load(c, &sn);
	if (rc == 0 && sn != NULL) {
		pthread_rwlock_wrlock(&c->lock);
		old = c->snap;
		c->snap = sn;
		pthread_rwlock_unlock(&c->lock);
		snap_free(old);
	}
	pthread_mutex_unlock(&c->reload);
	return rc;
}

/* yj_intel_cache_free - release the cache */
void
yj_intel_cache_free(struct yj_intel_cache *c)
{
	if (c == NULL)
		return;
	snap_free(c->snap);
	pthread_rwlock_destroy(&c->lock);
	pthread_mutex_destroy(&c->reload);
	yj_free(c);
}

/* yj_intel_cache_size - entries in memory */
size_t
yj_intel_cache_size(struct yj_intel_cache *c)
{
	size_t n;

	pthread_rwlock_rdlock(&c->lock);
	n = c->snap != NULL ? c->snap->n : 0;
	pthread_rwlock_unlock(&c->lock);
	return n;
}

/* live - not expired at now */
static bool
live(const struct centry *e, int64_t now)
{
	return e->e.expires_at == 0 || e->e.expires_at > now;
}

/* find - the best entry for one candidate in a snapshot */
static const struct centry *
find(const struct snapshot *sn, enum yj_intel_list l, const struct cand *cd,
    const char *url, int64_t now)
{
	const struct centry *e, *best = NULL;
	size_t h = hkey(l, cd->kind, cd->value) & (sn->nbucket - 1);

	for (e = sn->bucket[h]; e != NULL; e = e->next) {
		if (e->e.list != l || e->e.kind != cd->kind ||
		    strcmp(e->key, cd->value) != 0 || !live(e, now))
			continue;
		if (cd->kind != YJ_INTEL_PREFIX)
			return e;
		if (has_prefix(url, e->e.value) && (best == NULL ||
		    strlen(e->e.value) > strlen(best->e.value)))
			best = e;
	}
	return best;
}

/* copy_out - the entry with its strings copied into buf */
static void
copy_out(const struct yj_intel_entry *e, struct yj_intel_entry *out,
    char *buf, size_t bufsz)
{
	const char *src[3] = { e->value, e->source, e->note };
	const char **dst[3] = { &out->value, &out->source, &out->note };
	size_t i, off = 0, n;

	*out = *e;
	for (i = 0; i < 3; i++) {
		*dst[i] = "";
		if (buf == NULL || off >= bufsz)
			continue;
		n = strlen(src[i]);
		if (n >= bufsz - off)
			n = bufsz - off - 1;
		memcpy(buf + off, src[i], n);
		buf[off + n] = '\0';
		*dst[i] = buf + off;
		off += n + 1;
	}
}

/* yj_intel_cache_match - most specific entry, from memory */
bool
yj_intel_cache_match(struct yj_intel_cache *c, enum yj_intel_list l,
    enum yj_intel_query q, const char *value, int64_t now,
    struct yj_intel_entry *out, char *buf, size_t bufsz)
{
	const struct centry *e = NULL;
	struct cands cd;
	size_t i;

	if (c == NULL || value == NULL || !valid_value(value))
		return false;
	candidates(q, value, &cd);
	pthread_rwlock_rdlock(&c->lock);
	for (i = 0; c->snap != NULL && e == NULL && i < cd.n; i++)
		e = find(c->snap, l, &cd.v[i], cd.url, now);
	if (e != NULL && out != NULL)
		copy_out(&e->e, out, buf, bufsz);
	pthread_rwlock_unlock(&c->lock);
	return e != NULL;
}
