/*
 * store.h - yojin's storage: one store, one connection per thread
 *
 * A store is opened from a driver name and a target: "sqlite" and a file
 * path (the embedded default, one host), or "postgresql" and a libpq
 * conninfo (several MTA hosts sharing one organisation).  Opening connects,
 * refuses a store written by a newer yojin (YJ_ESCHEMA), and brings every
 * schema component up to date (schema.h).  Bad targets fail with a message
 * naming the object: a missing directory, a file that is not a database
 * (YJ_ECORRUPT; the file is left untouched), a read-only file, an
 * unreachable server.
 *
 * Threads: the milter is called from libmilter's worker threads, and a
 * connection must not be shared between threads, so yj_store_db() gives
 * each calling thread its own connection, opened on first use and closed
 * when the thread exits.  A connection that lost its server is reopened by
 * the next yj_store_db() outside a transaction.  Modules built on the
 * store (contacts, history, hold, incident) get the calling thread's
 * struct yj_db * here and run their own prepared statements on it
 * (db.h); their SQL lives in src/store/<component>.c.
 *
 * Errors: yj_store_open() writes "cannot open store 'NAME': reason" into
 * err (YJ_DB_ERRMAX bytes are enough).  Afterwards yj_store_errmsg() gives
 * the calling thread's last store or connection error.
 *
 * Lifetime: yj_store_close() may be called only when no other thread will
 * use the store again.  It closes every connection still open, including
 * those of threads that are alive; such a thread keeps a few hundred
 * bytes of bookkeeping until it exits.
 */
#ifndef YJ_STORE_STORE_H
#define YJ_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/db.h"

struct yj_store;

/* yj_store_open - connect, check and migrate; *sp is NULL on failure */
int	yj_store_open(struct yj_store **sp, const char *driver,
	    const char *target, char *err, size_t errsz);
/* yj_store_close - close all connections and free; NULL is fine */
void	yj_store_close(struct yj_store *);

/*
 * yj_store_db - the calling thread's connection, opened if needed.  It
 * stays owned by the store: never close it.
 */
int	yj_store_db(struct yj_store *, struct yj_db **dbp);
/*
 * yj_store_ping - the calling thread's connection answers a query (a
 * lost PostgreSQL server shows here, and is reconnected to on the next
 * call); 0 or the error
 */
int	yj_store_ping(struct yj_store *);
/* yj_store_thread_done - close the calling thread's connection now */
void	yj_store_thread_done(struct yj_store *);
/* yj_store_errmsg - why the calling thread's last store call failed */
const char *yj_store_errmsg(struct yj_store *);
/* yj_store_driver - "sqlite" or "postgresql" */
const char *yj_store_driver(const struct yj_store *);
/* yj_store_name - the file, or the conninfo without secrets */
const char *yj_store_name(const struct yj_store *);
/* yj_store_connections - connections open now, all threads together */
size_t	yj_store_connections(struct yj_store *);

/*
 * Facts about the store itself ("created_at", "store_id"; callers may add
 * their own keys).  get: YJ_ENOENT when the key is absent; free *valuep
 * with yj_free.
 */
int	yj_store_meta_get(struct yj_store *, const char *key, char **valuep);
int	yj_store_meta_set(struct yj_store *, const char *key,
	    const char *value);

#endif /* YJ_STORE_STORE_H */
