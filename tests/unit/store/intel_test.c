/*
 * intel_test.c - store/intel: block and allow lists, on every backend
 *
 * The same cases run against SQLite (a file in a fresh temp dir) and,
 * when YJ_TEST_PG holds a conninfo (tests/store/run starts a private
 * cluster), against PostgreSQL in a fresh schema per case, as in
 * store_test.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/intel.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"

struct backend {
	const char	*driver;
	const char	*conninfo;
};

struct fixture {
	const struct backend	*be;
	char			 target[1024];
	char			 dir[256];
	char			 schema[64];
	struct yj_store		*s;
};

/* pg_admin - SQL on the server outside any test schema */
static void
pg_admin(const struct backend *be, const char *sql)
{
	char err[YJ_DB_ERRMAX];
	struct yj_db *db;

	if (yj_db_open(&db, "postgresql", be->conninfo, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	if (yj_db_exec(db, sql) != 0)
		fail_msg("%s: %s", sql, yj_db_errmsg(db));
	yj_db_close(db);
}

/* setup - a fresh, opened store */
static int
setup(void **state)
{
	static unsigned serial;
	struct fixture *f = yj_xcalloc(1, sizeof(*f));
	char sql[128], err[YJ_DB_ERRMAX];

	f->be = *state;
	if (strcmp(f->be->driver, "sqlite") == 0) {
		snprintf(f->dir, sizeof(f->dir), "/tmp/yj-intel-XXXXXX");
		if (mkdtemp(f->dir) == NULL)
			return -1;
		snprintf(f->target, sizeof(f->target), "%s/yojin.db", f->dir);
	} else {
		snprintf(f->schema, sizeof(f->schema), "yj_i_%ld_%u",
		    (long)getpid(), ++serial);
		snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", f->schema);
		pg_admin(f->be, sql);
		snprintf(f->target, sizeof(f->target),
		    "%s options='-csearch_path=%s'", f->be->conninfo,
		    f->schema);
	}
	if (yj_store_open(&f->s, f->be->driver, f->target, err,
	    sizeof(err)) != 0)
		fail_msg("yj_store_open: %s", err);
	*state = f;
	return 0;
}

/* teardown - close and remove */
static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[512], sql[128];
	struct dirent *de;
	DIR *d;

	yj_store_close(f->s);
	if (f->dir[0] != '\0' && (d = opendir(f->dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", f->dir,
			    de->d_name);
			unlink(path);
		}
		closedir(d);
		rmdir(f->dir);
	}
	if (f->schema[0] != '\0') {
		snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", f->schema);
		pg_admin(f->be, sql);
	}
	yj_free(f);
	return 0;
}

/* add - one entry that must be stored */
static int64_t
add(struct yj_store *s, enum yj_intel_list l, enum yj_intel_kind k,
    const char *value, const char *source, int64_t expires)
{
	struct yj_intel_entry e = {
		.list = l, .kind = k, .value = value, .source = source,
		.note = "", .expires_at = expires,
	};
	int64_t id = 0;
	bool added;

	if (yj_intel_add(s, &e, &id, &added) != 0)
		fail_msg("add %s: %s", value, yj_store_errmsg(s));
	return id;
}

/* matched - the value of the entry yj_intel_match finds, or NULL */
static const char *
matched(struct yj_store *s, enum yj_intel_list l, enum yj_intel_query q,
    const char *value, int64_t now)
{
	static char last[512];
	struct yj_intel_entry e;
	int rc;

	rc = yj_intel_match(s, l, q, value, now, &e);
	if (rc == YJ_ENOENT)
		return NULL;
	if (rc != 0)
		fail_msg("match %s: %d %s", value, rc, yj_store_errmsg(s));
	snprintf(last, sizeof(last), "%s:%s", yj_intel_kind_name(e.kind),
	    e.value);
	yj_intel_entry_release(&e);
	return last;
}

/* cached - the same through a cache */
static const char *
cached(struct yj_intel_cache *c, enum yj_intel_list l, enum yj_intel_query q,
    const char *value, int64_t now)
{
	static char last[512];
	struct yj_intel_entry e;
	char buf[1024];

	if (!yj_intel_cache_match(c, l, q, value, now, &e, buf, sizeof(buf)))
		return NULL;
	snprintf(last, sizeof(last), "%s:%s", yj_intel_kind_name(e.kind),
	    e.value);
	return last;
}

/* test_names - the names are an interface (CSV, CLI, store) */
static void
test_names(void **unused)
{
	enum yj_intel_kind k;
	enum yj_intel_list l;
	int i;

	(void)unused;
	for (i = 0; i < YJ_INTEL_NKINDS; i++) {
		assert_int_equal(yj_intel_kind_parse(
		    yj_intel_kind_name((enum yj_intel_kind)i), &k), 0);
		assert_int_equal((int)k, i);
	}
	assert_string_equal(yj_intel_kind_name(YJ_INTEL_SHA256), "sha256");
	assert_int_equal(yj_intel_list_parse("allow", &l), 0);
	assert_int_equal(l, YJ_INTEL_ALLOW);
	assert_int_equal(yj_intel_list_parse("Block", &l), YJ_EINVAL);
	assert_int_equal(yj_intel_kind_parse("ip", &k), YJ_EINVAL);
	assert_int_equal(yj_intel_kind_parse(NULL, &k), YJ_EINVAL);
}

/* test_add_get_remove - upsert keeps one row and updates it */
static void
test_add_get_remove(void **state)
{
	struct fixture *f = *state;
	struct yj_intel_entry e = {
		.list = YJ_INTEL_BLOCK, .kind = YJ_INTEL_DOMAIN,
		.value = "evil.example", .source = "manual",
		.note = "三井住友カード",
	};
	struct yj_intel_entry got;
	int64_t id1, id2, gen0, gen1, block, allow;
	bool added;

	assert_int_equal(yj_intel_generation(f->s, &gen0), 0);
	assert_int_equal(yj_intel_add(f->s, &e, &id1, &added), 0);
	assert_true(added);
	e.note = "updated";
	e.expires_at = 4000000000;
	assert_int_equal(yj_intel_add(f->s, &e, &id2, &added), 0);
	assert_false(added);
	assert_int_equal(id1, id2);
	assert_int_equal(yj_intel_get(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN,
	    "evil.example", &got), 0);
	assert_string_equal(got.note, "updated");
	assert_string_equal(got.source, "manual");
	assert_int_equal(got.expires_at, 4000000000);
	assert_true(got.created_at > 0);
	yj_intel_entry_release(&got);
	/* the same value in the other list is another entry */
	e.list = YJ_INTEL_ALLOW;
	assert_int_equal(yj_intel_add(f->s, &e, &id2, &added), 0);
	assert_true(added && id2 != id1);
	assert_int_equal(yj_intel_count(f->s, &block, &allow), 0);
	assert_int_equal(block, 1);
	assert_int_equal(allow, 1);
	assert_int_equal(yj_intel_generation(f->s, &gen1), 0);
	assert_true(gen1 >= gen0 + 3);
	/* remove */
	assert_int_equal(yj_intel_remove(f->s, YJ_INTEL_BLOCK,
	    YJ_INTEL_DOMAIN, "evil.example"), 0);
	assert_int_equal(yj_intel_remove(f->s, YJ_INTEL_BLOCK,
	    YJ_INTEL_DOMAIN, "evil.example"), YJ_ENOENT);
	assert_int_equal(yj_intel_get(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN,
	    "evil.example", &got), YJ_ENOENT);
	assert_int_equal(yj_intel_remove_id(f->s, id2), 0);
	assert_int_equal(yj_intel_remove_id(f->s, id2), YJ_ENOENT);
	assert_int_equal(yj_intel_count(f->s, &block, &allow), 0);
	assert_int_equal(block + allow, 0);
}

/* test_bad_values - what the store refuses, and that nothing is kept */
static void
test_bad_values(void **state)
{
	static const char *const bad[] = {
		"", "has space.example", "tab\there", "ctl\x01", "\xff\xfe",
	};
	struct fixture *f = *state;
	struct yj_intel_entry e = { .list = YJ_INTEL_BLOCK,
	    .kind = YJ_INTEL_URL };
	struct yj_intel_entry v[2];
	char *longv;
	int64_t block;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.value = bad[i];
		assert_int_equal(yj_intel_add(f->s, &e, NULL, NULL),
		    YJ_EINVAL);
	}
	e.value = NULL;
	assert_int_equal(yj_intel_add(f->s, &e, NULL, NULL), YJ_EINVAL);
	e.value = "https://ok.example/";
	e.kind = (enum yj_intel_kind)99;
	assert_int_equal(yj_intel_add(f->s, &e, NULL, NULL), YJ_EINVAL);
	longv = yj_xcalloc(YJ_INTEL_VALUE_MAX + 2, 1);
	memset(longv, 'a', YJ_INTEL_VALUE_MAX + 1);
	e.kind = YJ_INTEL_URL;
	e.value = longv;
	assert_int_equal(yj_intel_add(f->s, &e, NULL, NULL), YJ_EINVAL);
	yj_free(longv);
	/* one bad entry refuses the whole import */
	memset(v, 0, sizeof(v));
	v[0].kind = v[1].kind = YJ_INTEL_DOMAIN;
	v[0].value = "good.example";
	v[1].value = "bad value";
	assert_int_equal(yj_intel_add_many(f->s, v, 2, NULL, NULL), YJ_EINVAL);
	assert_int_equal(yj_intel_count(f->s, &block, NULL), 0);
	assert_int_equal(block, 0);
	/* odd text matches nothing and fails nothing */
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL, "a b", 0));
}

/* test_match_order - most specific first, per query kind */
static void
test_match_order(void **state)
{
	struct fixture *f = *state;
	const int64_t now = 1800000000;

	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, "evil.example", "t", 0);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_HOST, "login.evil.example", "t", 0);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_URL,
	    "https://login.evil.example/a?x=1", "t", 0);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_PREFIX,
	    "https://login.evil.example/b", "t", 0);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_PREFIX,
	    "https://login.evil.example/b/c", "t", 0);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_ADDRESS, "ceo@mail.fraud.example",
	    "t", 0);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_SHA256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "t", 0);
	add(f->s, YJ_INTEL_ALLOW, YJ_INTEL_DOMAIN, "partner.example", "t", 0);

	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://login.evil.example/a?x=1", now),
	    "url:https://login.evil.example/a?x=1");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://login.evil.example/b/c/d", now),
	    "prefix:https://login.evil.example/b/c");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://login.evil.example/bx", now),
	    "prefix:https://login.evil.example/b");
	/* http and https are one */
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "http://login.evil.example/a?x=1", now),
	    "url:https://login.evil.example/a?x=1");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "http://login.evil.example/b/c", now),
	    "prefix:https://login.evil.example/b/c");
	/* ... but not with other schemes: only the host matches */
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "ftp://login.evil.example/a?x=1", now),
	    "host:login.evil.example");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://login.evil.example:8443/z", now),
	    "host:login.evil.example");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "http://a.b.evil.example/", now), "domain:evil.example");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "mx.evil.example", now), "domain:evil.example");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_ADDRESS,
	    "x@evil.example", now), "domain:evil.example");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_ADDRESS,
	    "ceo@mail.fraud.example", now), "address:ceo@mail.fraud.example");
	assert_string_equal(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_SHA256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    now), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca"
	    "495991b7852b855");
	/* near misses must not match */
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "notevil.example", now));
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_ADDRESS,
	    "cfo@mail.fraud.example", now));
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://evil.example.safe.example/", now));
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://other.example/https://login.evil.example/b", now));
	/* lists are separate */
	assert_null(matched(f->s, YJ_INTEL_ALLOW, YJ_INTEL_Q_DOMAIN,
	    "evil.example", now));
	assert_string_equal(matched(f->s, YJ_INTEL_ALLOW, YJ_INTEL_Q_URL,
	    "https://www.partner.example/", now), "domain:partner.example");
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://www.partner.example/", now));
}

/* test_expiry - expired entries never match and can be purged */
static void
test_expiry(void **state)
{
	struct fixture *f = *state;
	struct yj_intel_cache *c;
	size_t n;

	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, "old.example", "t", 1000);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, "new.example", "t", 0);
	assert_non_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "old.example", 999));
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "old.example", 1000));
	assert_int_equal(yj_intel_cache_new(f->s, &c), 0);
	assert_non_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "old.example", 999));
	assert_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "old.example", 1000));
	yj_intel_cache_free(c);
	assert_int_equal(yj_intel_expire(f->s, 1000, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(yj_intel_expire(f->s, 1000, &n), 0);
	assert_int_equal(n, 0);
	assert_non_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "new.example", 5000));
}

/* test_import_replace - a feed re-imported in full, one transaction */
static void
test_import_replace(void **state)
{
	struct fixture *f = *state;
	struct yj_intel_entry v[3];
	struct yj_intel_import st;
	int64_t block;

	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, "mine.example", "manual", 0);
	memset(v, 0, sizeof(v));
	v[0].kind = YJ_INTEL_URL;
	v[0].value = "https://a.example/1";
	v[1].kind = YJ_INTEL_URL;
	v[1].value = "https://b.example/2";
	v[2].kind = YJ_INTEL_URL;
	v[2].value = "https://c.example/3";
	v[0].source = v[1].source = v[2].source = "jpcert";
	assert_int_equal(yj_intel_add_many(f->s, v, 3, "jpcert", &st), 0);
	assert_int_equal(st.added, 3);
	assert_int_equal(st.removed, 0);
	/* next month's file: a and b stay, c is gone, d is new */
	v[2].value = "https://d.example/4";
	assert_int_equal(yj_intel_add_many(f->s, v, 3, "jpcert", &st), 0);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.updated, 2);
	assert_int_equal(st.removed, 1);
	assert_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://c.example/3", 0));
	assert_non_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://d.example/4", 0));
	/* another source is never swept */
	assert_non_null(matched(f->s, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "mine.example", 0));
	assert_int_equal(yj_intel_count(f->s, &block, NULL), 0);
	assert_int_equal(block, 4);
	/* an empty import of a source removes it all */
	assert_int_equal(yj_intel_add_many(f->s, v, 0, "jpcert", &st), 0);
	assert_int_equal(st.removed, 3);
}

struct collect {
	char	 seen[1024];
	int	 n;
	int	 stop_at;
};

/* collect_fn - remember values in order */
static int
collect_fn(const struct yj_intel_entry *e, void *arg)
{
	struct collect *c = arg;
	size_t n = strlen(c->seen);

	snprintf(c->seen + n, sizeof(c->seen) - n, "%s%s", n ? " " : "",
	    e->value);
	c->n++;
	return c->stop_at > 0 && c->n >= c->stop_at ? 7 : 0;
}

/* test_list_filter - filters, paging, LIKE wildcards taken literally */
static void
test_list_filter(void **state)
{
	struct fixture *f = *state;
	struct yj_intel_filter flt = { .list = -1, .kind = -1 };
	struct collect c;

	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, "a.example", "x", 0);
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_URL, "https://b.example/100%", "y",
	    0);
	add(f->s, YJ_INTEL_ALLOW, YJ_INTEL_DOMAIN, "c_d.example", "x", 0);
	add(f->s, YJ_INTEL_ALLOW, YJ_INTEL_DOMAIN, "cxd.example", "x", 0);

	memset(&c, 0, sizeof(c));
	assert_int_equal(yj_intel_list(f->s, &flt, collect_fn, &c), 0);
	assert_string_equal(c.seen, "a.example https://b.example/100% "
	    "c_d.example cxd.example");
	memset(&c, 0, sizeof(c));
	flt.list = YJ_INTEL_ALLOW;
	flt.contains = "c_d";
	assert_int_equal(yj_intel_list(f->s, &flt, collect_fn, &c), 0);
	assert_string_equal(c.seen, "c_d.example");
	memset(&c, 0, sizeof(c));
	flt.list = -1;
	flt.contains = "100%";
	assert_int_equal(yj_intel_list(f->s, &flt, collect_fn, &c), 0);
	assert_string_equal(c.seen, "https://b.example/100%");
	memset(&c, 0, sizeof(c));
	flt.contains = NULL;
	flt.source = "x";
	flt.kind = YJ_INTEL_DOMAIN;
	flt.limit = 1;
	flt.offset = 1;
	assert_int_equal(yj_intel_list(f->s, &flt, collect_fn, &c), 0);
	assert_string_equal(c.seen, "c_d.example");
	/* the callback can stop the walk */
	memset(&c, 0, sizeof(c));
	memset(&flt, 0, sizeof(flt));
	flt.list = flt.kind = -1;
	c.stop_at = 2;
	assert_int_equal(yj_intel_list(f->s, &flt, collect_fn, &c), 7);
	assert_int_equal(c.n, 2);
}

/* test_cache - same answers as the store; reload on change only */
static void
test_cache(void **state)
{
	struct fixture *f = *state;
	struct yj_intel_cache *c;
	struct yj_intel_entry e;
	char small[8];

	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_PREFIX,
	    "https://x.example/phish", "jpcert", 0);
	add(f->s, YJ_INTEL_ALLOW, YJ_INTEL_DOMAIN, "partner.example", "m", 0);
	assert_int_equal(yj_intel_cache_new(f->s, &c), 0);
	assert_int_equal(yj_intel_cache_size(c), 2);
	assert_string_equal(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://x.example/phish/login", 0),
	    "prefix:https://x.example/phish");
	assert_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://x.example/other", 0));
	assert_string_equal(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "http://x.example/phish", 0), "prefix:https://x.example/phish");
	assert_string_equal(cached(c, YJ_INTEL_ALLOW, YJ_INTEL_Q_ADDRESS,
	    "keiri@mail.partner.example", 0), "domain:partner.example");
	/* strings are cut, never overrun */
	assert_true(yj_intel_cache_match(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://x.example/phish", 0, &e, small, sizeof(small)));
	assert_true(strlen(e.value) < sizeof(small));
	/* a change shows after a refresh, not before */
	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, "late.example", "m", 0);
	assert_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "late.example", 0));
	assert_int_equal(yj_intel_cache_refresh(c, 0), 0);
	assert_non_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "late.example", 0));
	assert_int_equal(yj_intel_remove(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN,
	    "late.example"), 0);
	/* within the interval the old copy is kept */
	assert_int_equal(yj_intel_cache_refresh(c, 3600 * 1000), 0);
	assert_non_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "late.example", 0));
	assert_int_equal(yj_intel_cache_refresh(c, 0), 0);
	assert_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_DOMAIN,
	    "late.example", 0));
	assert_false(yj_intel_cache_match(NULL, YJ_INTEL_BLOCK,
	    YJ_INTEL_Q_DOMAIN, "late.example", 0, NULL, NULL, 0));
	yj_intel_cache_free(c);
}

/* test_cache_many - a feed-sized list pages in completely */
static void
test_cache_many(void **state)
{
	struct fixture *f = *state;
	struct yj_intel_entry *v;
	struct yj_intel_cache *c;
	char (*vals)[64];
	size_t i, n = 12000;

	v = yj_xcalloc(n, sizeof(*v));
	vals = yj_xcalloc(n, sizeof(*vals));
	for (i = 0; i < n; i++) {
		snprintf(vals[i], sizeof(vals[i]), "https://h%zu.example/p", i);
		v[i].kind = YJ_INTEL_URL;
		v[i].value = vals[i];
		v[i].source = "bulk";
	}
	assert_int_equal(yj_intel_add_many(f->s, v, n, NULL, NULL), 0);
	assert_int_equal(yj_intel_cache_new(f->s, &c), 0);
	assert_int_equal(yj_intel_cache_size(c), n);
	assert_non_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://h11999.example/p", 0));
	assert_non_null(cached(c, YJ_INTEL_BLOCK, YJ_INTEL_Q_URL,
	    "https://h0.example/p", 0));
	yj_intel_cache_free(c);
	yj_free(vals);
	yj_free(v);
}

struct race {
	struct yj_intel_cache	*c;
	int			 misses;
};

/* reader - match while another thread reloads */
static void *
reader(void *arg)
{
	struct race *r = arg;
	int i;

	for (i = 0; i < 2000; i++)
		if (!yj_intel_cache_match(r->c, YJ_INTEL_BLOCK,
		    YJ_INTEL_Q_DOMAIN, "always.example", 0, NULL, NULL, 0))
			r->misses++;
	return NULL;
}

/* test_cache_threads - readers never see a missing entry during reloads */
static void
test_cache_threads(void **state)
{
	struct fixture *f = *state;
	struct race r = { 0 };
	pthread_t t[2];
	char v[64];
	int i;

	add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, "always.example", "m", 0);
	assert_int_equal(yj_intel_cache_new(f->s, &r.c), 0);
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, reader, &r);
	for (i = 0; i < 20; i++) {
		snprintf(v, sizeof(v), "churn%d.example", i);
		add(f->s, YJ_INTEL_BLOCK, YJ_INTEL_DOMAIN, v, "m", 0);
		assert_int_equal(yj_intel_cache_refresh(r.c, 0), 0);
	}
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	assert_int_equal(r.misses, 0);
	assert_int_equal(yj_intel_cache_size(r.c), 21);
	yj_intel_cache_free(r.c);
}

struct named {
	const char		*name;
	CMUnitTestFunction	 fn;
};

static const struct named cases[] = {
	{ "add_get_remove", test_add_get_remove },
	{ "bad_values", test_bad_values },
	{ "match_order", test_match_order },
	{ "expiry", test_expiry },
	{ "import_replace", test_import_replace },
	{ "list_filter", test_list_filter },
	{ "cache", test_cache },
	{ "cache_many", test_cache_many },
	{ "cache_threads", test_cache_threads },
};

/* run_backend - every case on one backend */
static int
run_backend(const struct backend *be)
{
	size_t n = sizeof(cases) / sizeof(cases[0]), i;
	struct CMUnitTest *t;
	int failed;

	t = yj_xcalloc(n, sizeof(*t));
	for (i = 0; i < n; i++) {
		t[i].name = yj_xasprintf("intel/%s/%s", be->driver,
		    cases[i].name);
		t[i].test_func = cases[i].fn;
		t[i].setup_func = setup;
		t[i].teardown_func = teardown;
		t[i].initial_state = (void *)be;
	}
	failed = _cmocka_run_group_tests(be->driver, t, n, NULL, NULL);
	for (i = 0; i < n; i++)
		yj_free((char *)t[i].name);
	yj_free(t);
	return failed;
}

int
main(void)
{
	static const struct CMUnitTest pure[] = {
		cmocka_unit_test(test_names),
	};
	static const struct backend sqlite = { "sqlite", NULL };
	struct backend pg = { "postgresql", NULL };
	int failed;

	failed = cmocka_run_group_tests_name("intel", pure, NULL, NULL);
	failed += run_backend(&sqlite);
	pg.conninfo = getenv("YJ_TEST_PG");
	if (pg.conninfo != NULL && *pg.conninfo != '\0')
		failed += run_backend(&pg);
	return failed != 0;
}
