/*
 * db_driver.h - what a driver behind db.h provides (private to src/store/)
 *
 * A driver is a table of functions (Dovecot lib-sql, OpenSMTPD queue
 * backends).  Its connection and statement structs embed struct yj_db and
 * struct yj_stmt as their first member, so db.c can do the common work
 * (argument checks, UTF-8 checks, transaction state, error text) once and
 * the drivers only talk to their library.
 *
 * Driver functions return 0, YJ_DB_ROW/YJ_DB_DONE (step) or a negative
 * YJ_E* code, and on error leave a message in db->errmsg through
 * yj_db_set_error().
 */
#ifndef YJ_STORE_DB_DRIVER_H
#define YJ_STORE_DB_DRIVER_H

#include "store/db.h"
#include "util/buf.h"

enum yj_db_tx {
	YJ_DB_TX_NONE,
	YJ_DB_TX_OPEN,
	YJ_DB_TX_FAILED,	/* a statement failed: only rollback is left */
};

struct yj_db_driver {
	const char	*name;
	int	(*open)(struct yj_db **dbp, const char *target, char *err,
		    size_t errsz);
	void	(*close)(struct yj_db *);
	bool	(*is_broken)(const struct yj_db *);
	int	(*exec)(struct yj_db *, const char *sql);
	int	(*prepare)(struct yj_db *, const char *sql, struct yj_stmt **);
	int	(*bind_text)(struct yj_stmt *, int idx, const char *s);
	int	(*bind_int64)(struct yj_stmt *, int idx, int64_t v);
	int	(*bind_null)(struct yj_stmt *, int idx);
	int	(*step)(struct yj_stmt *);
	bool	(*column_is_null)(struct yj_stmt *, int col);
	const char *(*column_text)(struct yj_stmt *, int col);
	int64_t	(*column_int64)(struct yj_stmt *, int col);
	int	(*reset)(struct yj_stmt *);
	void	(*finalize)(struct yj_stmt *);
	int64_t	(*changes)(struct yj_db *);
	int	(*begin)(struct yj_db *, unsigned flags);
	/* end the transaction: commit when commit is true, else roll back */
	int	(*end)(struct yj_db *, bool commit, unsigned flags);
	/*
	 * serialise schema changes across processes and hosts: taken and
	 * released outside transactions, so that the transactions run
	 * under it see what the previous holder committed
	 */
	int	(*lock_schema)(struct yj_db *, bool lock);
};

struct yj_db {
	const struct yj_db_driver *drv;
	char		 name[512];	/* file or conninfo without secrets */
	char		 errmsg[YJ_DB_ERRMAX];
	enum yj_db_tx	 tx;
	unsigned	 tx_flags;
	int		 tx_error;	/* the error that doomed it */
};

struct yj_stmt {
	struct yj_db	*db;
	int		 nparams;	/* set by the driver's prepare */
	int		 ncols;		/* set by the driver at each row */
	bool		 has_row;	/* the last step returned a row */
	bool		 done;		/* ran to the end; reset to rerun */
};

extern const struct yj_db_driver yj_db_sqlite_driver;
extern const struct yj_db_driver yj_db_pg_driver;

/* yj_db_set_error - format db->errmsg; returns code */
int	yj_db_set_error(struct yj_db *, int code, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* yj_db_lock_schema - take (lock) or release the schema lock */
int	yj_db_lock_schema(struct yj_db *, bool lock);

/* Largest number of "?" in one statement (SQLite's default limit). */
#define YJ_DB_MAX_PARAMS	32766

/*
 * yj_db_sql_dollar - copy sql into out with each "?" that is a placeholder
 * replaced by $1, $2, ...; "?" inside '...', E'...', "...", $tag$...$tag$,
 * -- comments and (nested) block comments is kept.  *nparams gets the
 * count.  YJ_ETOOBIG past YJ_DB_MAX_PARAMS or the buffer's maximum.
 */
int	yj_db_sql_dollar(const char *sql, struct yj_buf *out, int *nparams);

#endif /* YJ_STORE_DB_DRIVER_H */
