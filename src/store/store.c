/*
 * store.c - a store: where it is, and one connection per thread
 *
 * Connections hang off a pthread key, so that each libmilter worker finds
 * its own without a lock, and the key's destructor closes a thread's
 * connection when the thread exits.  Each thread's record (a "slot") is
 * also on the store's list, so that yj_store_close() can close the
 * connections of threads that are still alive.
 *
 * The list is guarded by one process-wide mutex rather than one in the
 * store: a thread may exit (and run the destructor) while the store is
 * being closed, and a static mutex outlives every store.  Close marks the
 * slots of other threads as orphans (store = NULL) instead of freeing
 * them, because their thread may still hold the pointer; the thread frees
 * its orphan when it exits, if its destructor still runs.
 *
 * The first connection is opened by yj_store_open() itself, which
 * migrates through it and then keeps it as the opening thread's.  Every
 * later connection checks that no newer yojin has since migrated the
 * store (another host sharing the PostgreSQL database may have).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/schema.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"

struct slot {
	struct yj_store	*store;		/* NULL once the store is closed */
	struct yj_db	*db;		/* NULL until connected */
	char		 err[YJ_DB_ERRMAX];
	struct slot	*next;
};

struct yj_store {
	char		*driver;
	char		*target;
	char		 name[512];
	pthread_key_t	 key;
	struct slot	*slots;		/* guarded by slots_lock */
};

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

/* unlink_slot - take sl off its store's list; slots_lock held */
static void
unlink_slot(struct slot *sl)
{
	struct slot **pp;

	for (pp = &sl->store->slots; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == sl) {
			*pp = sl->next;
			break;
		}
	}
	sl->store = NULL;
}

/* slot_destructor - the thread exits: close its connection */
static void
slot_destructor(void *arg)
{
	struct slot *sl = arg;
	struct yj_db *db;

	pthread_mutex_lock(&slots_lock);
	if (sl->store != NULL)
		unlink_slot(sl);
	db = sl->db;
	sl->db = NULL;
	pthread_mutex_unlock(&slots_lock);
	yj_db_close(db);
	yj_free(sl);
}

/* get_slot - the calling thread's slot, created on first use */
static struct slot *
get_slot(struct yj_store *s)
{
	struct slot *sl;

	sl = pthread_getspecific(s->key);
	if (sl != NULL)
		return sl;
	sl = yj_xcalloc(1, sizeof(*sl));
	sl->store = s;
	if (pthread_setspecific(s->key, sl) != 0) {
		yj_free(sl);
		return NULL;
	}
	pthread_mutex_lock(&slots_lock);
	sl->next = s->slots;
	s->slots = sl;
	pthread_mutex_unlock(&slots_lock);
	return sl;
}

/* connect_slot - open the thread's connection and check the schema */
static int
connect_slot(struct yj_store *s, struct slot *sl)
{
	char why[YJ_DB_ERRMAX];
	struct yj_db *db;
	int rc;

	rc = yj_db_open(&db, s->driver, s->target, sl->err, sizeof(sl->err));
	if (rc != 0)
		return rc;
	rc = yj_schema_check(db, why, sizeof(why));
	if (rc != 0) {
		snprintf(sl->err, sizeof(sl->err), "cannot open store "
		    "'%.400s': %.580s", s->name, why);
		yj_db_close(db);
		return rc;
	}
	pthread_mutex_lock(&slots_lock);
	sl->db = db;
	pthread_mutex_unlock(&slots_lock);
	return 0;
}

/* drop_connection - close sl's connection (lost server, thread done) */
static void
drop_connection(struct slot *sl)
{
	struct yj_db *db;

	pthread_mutex_lock(&slots_lock);
	db = sl->db;
	sl->db = NULL;
	pthread_mutex_unlock(&slots_lock);
	yj_db_close(db);
}

/* yj_store_db - the calling thread's connection */
int
yj_store_db(struct yj_store *s, struct yj_db **dbp)
{
	struct slot *sl;
	int rc;

	*dbp = NULL;
	if ((sl = get_slot(s)) == NULL)
		return YJ_ESTORE;
	if (sl->db != NULL && !yj_db_in_transaction(sl->db) &&
	    yj_db_is_broken(sl->db))
		drop_connection(sl);
	if (sl->db == NULL && (rc = connect_slot(s, sl)) != 0)
		return rc;
	*dbp = sl->db;
	return 0;
}

/* yj_store_ping - one round trip on the thread's connection */
int
yj_store_ping(struct yj_store *s)
{
	struct yj_db *db;
	int64_t one;
	int rc;

	if ((rc = yj_store_db(s, &db)) != 0)
		return rc;
	return yj_db_query_int64(db, "SELECT 1", NULL, 0, &one);
}

/* yj_store_thread_done - close the calling thread's connection */
void
yj_store_thread_done(struct yj_store *s)
{
	struct slot *sl;

	sl = pthread_getspecific(s->key);
	if (sl == NULL)
		return;
	pthread_setspecific(s->key, NULL);
	slot_destructor(sl);
}

/* yj_store_errmsg - calling thread's last error */
const char *
yj_store_errmsg(struct yj_store *s)
{
	struct slot *sl;

	sl = pthread_getspecific(s->key);
	if (sl == NULL)
		return "no connection in this thread";
	return sl->db != NULL ? yj_db_errmsg(sl->db) : sl->err;
}

/* yj_store_driver - driver name */
const char *
yj_store_driver(const struct yj_store *s)
{
	return s->driver;
}

/* yj_store_name - printable target */
const char *
yj_store_name(const struct yj_store *s)
{
	return s->name;
}

/* yj_store_connections - open connections, all threads */
size_t
yj_store_connections(struct yj_store *s)
{
	struct slot *sl;
	size_t n = 0;

	pthread_mutex_lock(&slots_lock);
	for (sl = s->slots; sl != NULL; sl = sl->next)
		n += sl->db != NULL;
	pthread_mutex_unlock(&slots_lock);
	return n;
}

/* new_store - the struct, with the opening thread's connection as slot */
static int
new_store(struct yj_store **sp, const char *driver, const char *target,
    struct yj_db *db)
{
	struct yj_store *s;
	struct slot *sl;

	s = yj_xcalloc(1, sizeof(*s));
	if (pthread_key_create(&s->key, slot_destructor) != 0) {
		yj_free(s);
		return YJ_ESTORE;
	}
	s->driver = yj_xstrdup(driver);
	s->target = yj_xstrdup(target);
	snprintf(s->name, sizeof(s->name), "%s", yj_db_name(db));
	if ((sl = get_slot(s)) == NULL) {
		yj_store_close(s);
		return YJ_ESTORE;
	}
	sl->db = db;
	*sp = s;
	return 0;
}

/* yj_store_open - connect, refuse newer schemas, migrate */
int
yj_store_open(struct yj_store **sp, const char *driver, const char *target,
    char *err, size_t errsz)
{
	char why[YJ_DB_ERRMAX];
	struct yj_db *db;
	int rc;

	*sp = NULL;
	if ((rc = yj_db_open(&db, driver, target, err, errsz)) != 0)
		return rc;
	rc = yj_schema_migrate(db, why, sizeof(why));
	if (rc == 0 && (rc = new_store(sp, driver, target, db)) != 0)
		snprintf(why, sizeof(why), "out of thread keys");
	if (rc != 0) {
		snprintf(err, errsz, "cannot open store '%.400s': %.580s",
		    yj_db_name(db), why);
		yj_db_close(db);
	}
	return rc;
}

/* yj_store_close - close every connection; other threads' slots orphaned */
void
yj_store_close(struct yj_store *s)
{
	struct slot *own;
	struct slot *sl;
	struct slot *next;

	if (s == NULL)
		return;
	own = pthread_getspecific(s->key);
	pthread_mutex_lock(&slots_lock);
	pthread_key_delete(s->key);
	for (sl = s->slots; sl != NULL; sl = next) {
		next = sl->next;
		yj_db_close(sl->db);
		sl->db = NULL;
		sl->store = NULL;
		if (sl == own)
			yj_free(sl);
	}
	s->slots = NULL;
	pthread_mutex_unlock(&slots_lock);
	yj_free(s->driver);
	yj_free(s->target);
	yj_free(s);
}
