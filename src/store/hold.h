/*
 * hold.h - held and quarantined messages in the store (component "hold")
 *
 * The MTA keeps the message itself (Postfix's hold queue); the store keeps
 * what yojin knows about it: the queue id on which MTA host, who sent it
 * to whom, why it was held (verdict, score, findings as JSON), who may
 * release it, the deadline and what happens then, and the state:
 *
 *	held --release--> releasing --postsuper -H--> released
 *	held --cancel---> cancelling --postsuper -d--> cancelled
 *	held --deadline-> releasing/cancelling --> expired_released/_deleted
 *	any active state --queue file gone--> missing
 *
 * "releasing" and "cancelling" are intents written before the MTA is
 * asked to act; "target" holds the final state the intent leads to.
 * Every change of state is one durable transaction (YJ_DB_TX_DURABLE)
 * that also appends to the audit trail (who, when, what), and is a
 * compare-and-set on the state read before: two people releasing and
 * cancelling at once cannot both win.  src/hold/ builds the workflow on
 * these primitives; nothing here talks to the MTA.
 *
 * JSON columns (recipients, approvers, findings) hold arrays as text.
 * Times are epoch seconds.
 *
 * Ownership: records returned are heap copies; free them with
 * yj_hold_rec_free() / yj_hold_list_free().
 * Errors: 0 or a negative YJ_E*: YJ_ENOENT (no such id), YJ_ESTATE (the
 * record is not in the state the caller expected), store errors
 * otherwise (yj_store_errmsg() says why).
 * Thread safety: each call uses the calling thread's store connection.
 */
#ifndef YJ_STORE_HOLD_H
#define YJ_STORE_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yj_store;

struct yj_hold_rec {
	int64_t		 id;
	char		*host;		/* MTA node that holds the message */
	char		*queue_id;	/* its queue id there */
	char		*kind;		/* "hold", "delay" or "quarantine" */
	char		*mode;		/* self, approval, admin, delay */
	char		*direction;	/* "in" or "out" */
	char		*state;		/* see above */
	char		*target;	/* final state of an intent, or NULL */
	char		*sender;	/* envelope sender ("" for <>) */
	char		*recipients;	/* JSON array of envelope recipients */
	char		*subject;	/* decoded */
	char		*message_id;
	char		*verdict;
	int		 score;
	char		*findings;	/* JSON array */
	char		*approvers;	/* JSON array of addresses */
	char		*headers;	/* header block and the start of the
					   text: learned from on release */
	int64_t		 size;		/* bytes */
	int64_t		 created_at;
	int64_t		 deadline;
	char		*deadline_action; /* "release" or "delete" */
	int64_t		 updated_at;
	bool		 notice_wanted;	/* a notice is to be sent */
	int64_t		 notice_at;	/* when it was sent, 0 if not yet */
};

struct yj_hold_audit {
	int64_t		 at;
	char		*actor;		/* "cli:alice", "mail:a@b", "timer" */
	char		*action;	/* "held", "release", "released", ... */
	char		*detail;
};

struct yj_hold_list {
	struct yj_hold_rec	**v;
	size_t			  nr;
};

struct yj_hold_filter {
	const char	*state;		/* NULL: any; "active": not final */
	const char	*host;		/* NULL: any */
	int64_t		 due_before;	/* > 0: held with deadline <= this */
	int64_t		 stuck_before;	/* > 0: intents older than this */
	bool		 notice_pending; /* held, notice wanted, not sent */
	size_t		 limit;		/* 0: 1000; at most 20000 */
};

/* yj_hold_state_final - released, cancelled, expired_*, missing */
bool	yj_hold_state_final(const char *state);

/*
 * yj_hold_store_add - insert r as "held" (r->state is ignored) and audit
 * "held" by actor; r->id, created_at and updated_at are set.  An older
 * active record with the same host and queue id (the MTA reused the id:
 * that message left the queue without yojin) becomes "missing" first.
 */
int	yj_hold_store_add(struct yj_store *, struct yj_hold_rec *r,
	    const char *actor);

/* yj_hold_store_get - one record by id */
int	yj_hold_store_get(struct yj_store *, int64_t id,
	    struct yj_hold_rec **out);
/*
 * yj_hold_store_find - the record of a queue id on host: the active one,
 * else the newest (queue ids are reused once a message has left)
 */
int	yj_hold_store_find(struct yj_store *, const char *host,
	    const char *queue_id, struct yj_hold_rec **out);
void	yj_hold_rec_free(struct yj_hold_rec *);

/* yj_hold_store_list - records matching f, newest first */
int	yj_hold_store_list(struct yj_store *, const struct yj_hold_filter *f,
	    struct yj_hold_list *out);
void	yj_hold_list_free(struct yj_hold_list *);

/*
 * yj_hold_store_transition - if record id is in state from, move it to
 * state to (with target, NULL for none), and audit (actor, action,
 * detail) in the same durable transaction.  YJ_ESTATE when it is not in
 * from (someone else acted first), YJ_ENOENT when there is no such id.
 */
int	yj_hold_store_transition(struct yj_store *, int64_t id,
	    const char *from, const char *to, const char *target,
	    const char *actor, const char *action, const char *detail);

/* yj_hold_store_audit - append one audit entry */
int	yj_hold_store_audit(struct yj_store *, int64_t id, const char *actor,
	    const char *action, const char *detail);
/* yj_hold_store_audit_list - the trail, oldest first; free with below */
int	yj_hold_store_audit_list(struct yj_store *, int64_t id,
	    struct yj_hold_audit **v, size_t *n);
void	yj_hold_audit_free(struct yj_hold_audit *v, size_t n);

/*
 * yj_hold_store_purge - delete the finished records (released, cancelled,
 * expired, missing) last changed before `before`, with their audit
 * trails, in one durable transaction; *np gets how many.  Records still
 * held, releasing or cancelling are never touched.
 */
int	yj_hold_store_purge(struct yj_store *, int64_t before, int64_t *np);

/* yj_hold_store_state - the state of one record, into buf */
int	yj_hold_store_state(struct yj_store *, int64_t id, char *buf,
	    size_t bufsz);

/* yj_hold_store_notice_sent - record that the notice went out at t */
int	yj_hold_store_notice_sent(struct yj_store *, int64_t id, int64_t t);

/*
 * yj_hold_store_secret - the store's 32-byte key for hold tokens and
 * notice marks (created with the component, random, never changed)
 */
int	yj_hold_store_secret(struct yj_store *, unsigned char key[32]);

#endif /* YJ_STORE_HOLD_H */
