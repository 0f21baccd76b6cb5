/*
 * history.h - what the organisation sent, in the store (schema component
 * "history", tables history_*)
 *
 * Facts kept from each learned message (src/know/learn.c turns a parsed
 * message into a struct yj_history_msg):
 *
 *   history_msg        one row per learned message, keyed by what makes
 *                      it the same message (Message-ID and sender, or a
 *                      content hash): learning it again changes nothing;
 *   history_peer       per internal sender and recipient: how many
 *                      messages, first and last Date;
 *   history_name       the display names written for each recipient,
 *                      and history_namekey the name keys that find them;
 *   history_org        organisations named in greetings and bodies, per
 *                      recipient domain they were written to;
 *   history_thread,    threads: every Message-ID seen (the message's own
 *   history_msgid,     and those it refers to) points to one thread,
 *   history_thread_addr  which lists its participants.
 *   history_state      a counter bumped by every learned message.
 *
 * Threading: a message joins the thread of the latest of its ids that
 * is already known (In-Reply-To first, then References from the end),
 * else starts a new one.  Threads are not merged when a message links
 * two of them; the message joins one and its ids point there from then
 * on, which is enough to answer "is this a reply to something we sent,
 * and who was on it".
 *
 * Transactions: yj_history_add() writes many rows: call it inside
 * yj_db_transact().  Queries run on any connection.
 * Ownership: results in the arena given.
 * Errors: 0, YJ_ENOENT (nothing known), or the db.h codes.
 * Thread safety: a struct yj_db belongs to one thread (store.h).
 */
#ifndef YJ_STORE_HISTORY_H
#define YJ_STORE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct yj_history_rcpt {
	const char	*addr;		/* lower case */
	const char	*domain;	/* registrable */
	const char	*name;		/* display name written, "" if none */
	const char	**keys;		/* name keys of name */
	size_t		 nkeys;
};

struct yj_history_orgref {
	const char	*key;		/* yj_orgname_key() */
	const char	*name;		/* as written */
	const char	*domain;	/* registrable domain it was written
					   to, "" when not one organisation */
	bool		 greeting;	/* named in the greeting */
};

struct yj_history_msg {
	const char	*key;		/* idempotency key */
	const char	*sender;	/* internal sender, lower case */
	int64_t		 sent_at;	/* Date, epoch seconds */
	const char	*msgid;		/* own Message-ID without <>, or "" */
	const char	**refs;		/* In-Reply-To, then References from
					   the newest: most relevant first */
	size_t		 nrefs;
	struct yj_history_rcpt *rcpts;	/* To, Cc, Bcc: each address once */
	size_t		 nrcpts;
	struct yj_history_orgref *orgs;
	size_t		 norgs;
};

/*
 * yj_history_add - record one message inside a transaction; *added is
 * false (and nothing is written) when its key was learned before
 */
int	yj_history_add(struct yj_db *, const struct yj_history_msg *,
	    int64_t now, bool *added);

/* Aggregates over the whole organisation's sent mail to one address. */
struct yj_history_addr {
	int64_t		 sent;
	int64_t		 senders;
	int64_t		 first_sent;
	int64_t		 last_sent;
	const char	**names;	/* display names, most used first */
	size_t		 nnames;
};

int	yj_history_addr(struct yj_db *, struct yj_arena *, const char *addr,
	    struct yj_history_addr *out);

struct yj_history_peer {
	const char	*addr;
	int64_t		 sent;
	int64_t		 first_sent;
	int64_t		 last_sent;
};

/* yj_history_peer - one sender's traffic with one address */
int	yj_history_peer(struct yj_db *, const char *sender, const char *addr,
	    struct yj_history_peer *out);
/* yj_history_peers - a sender's recipients, most messages first */
int	yj_history_peers(struct yj_db *, struct yj_arena *, const char *sender,
	    size_t max, struct yj_history_peer **v, size_t *n);

struct yj_history_sender {
	int64_t		 messages;
	int64_t		 peers;
	int64_t		 first_sent;
	int64_t		 last_sent;
};

int	yj_history_sender(struct yj_db *, const char *sender,
	    struct yj_history_sender *out);

/* yj_history_by_key - addresses whose display names have a name key */
int	yj_history_by_key(struct yj_db *, struct yj_arena *, const char *key,
	    size_t max, const char ***addrs, size_t *n);
/* yj_history_at_domain - recipients at a registrable domain */
int	yj_history_at_domain(struct yj_db *, struct yj_arena *,
	    const char *domain, size_t max, struct yj_history_peer **v,
	    size_t *n);

struct yj_history_domain {
	const char	*domain;
	int64_t		 addrs;
	int64_t		 sent;
	int64_t		 first_sent;
	int64_t		 last_sent;
};

/* yj_history_domain - aggregates for one registrable domain */
int	yj_history_domain(struct yj_db *, const char *domain,
	    struct yj_history_domain *out);
/* yj_history_each_domain - every registrable domain written to */
int	yj_history_each_domain(struct yj_db *,
	    int (*fn)(const struct yj_history_domain *, void *arg), void *arg);

struct yj_history_org {
	const char	*key;
	const char	*name;
	const char	*domain;	/* "" when learned without one */
	int64_t		 greetings;
	int64_t		 mentions;
};

/* yj_history_each_org - every (organisation, domain) learned */
int	yj_history_each_org(struct yj_db *,
	    int (*fn)(const struct yj_history_org *, void *arg), void *arg);
/* yj_history_orgs_at - organisations learned for a registrable domain */
int	yj_history_orgs_at(struct yj_db *, struct yj_arena *,
	    const char *domain, size_t max, struct yj_history_org **v,
	    size_t *n);

struct yj_history_participant {
	const char	*addr;
	int64_t		 messages;
	bool		 sender;
};

struct yj_history_thread {
	int64_t		 id;
	size_t		 known;		/* ids asked about that were found */
	int64_t		 messages;
	int64_t		 last_sent;
	struct yj_history_participant *v;
	size_t		 nr;
};

/* yj_history_thread - the thread of the first known id (in order given) */
int	yj_history_thread(struct yj_db *, struct yj_arena *,
	    const char *const *ids, size_t nids, size_t max,
	    struct yj_history_thread *out);

struct yj_history_stats {
	int64_t		 messages;
	int64_t		 senders;
	int64_t		 addresses;
	int64_t		 first_sent;
	int64_t		 last_sent;
};

int	yj_history_stats(struct yj_db *, struct yj_history_stats *out);
/* yj_history_generation - changes whenever a message is learned */
int	yj_history_generation(struct yj_db *, int64_t *gen);

#endif /* YJ_STORE_HISTORY_H */
