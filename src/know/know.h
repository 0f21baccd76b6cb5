/*
 * know.h - the organisation's knowledge: contacts and sent-mail history
 * turned into the lookups checks make, and fed from mail and files
 *
 * Three jobs, one layer between the store and the programs:
 *
 *   yj_know_new() / yj_know_kb()   serve struct yj_knowledge (engine/
 *                                  knowledge.h) from the store, for scan
 *                                  and the milter;
 *   yj_know_learn()                record one sent message in the history
 *                                  (yojin learn, and the milter for
 *                                  delivered outbound mail);
 *   yj_know_import_contacts()      read an address book file into the
 *                                  store (yojin contacts import).
 *
 * Snapshot: finding known organisations in text needs a compiled matcher
 * (Hyperscan literal set) over every organisation name, and typo checks
 * iterate every known domain; both are built once from the store into a
 * read-only snapshot.  The snapshot is rebuilt when the store's contacts
 * or history changed, checked at most every refresh_seconds (0: only by
 * yj_know_refresh()), so a long-running milter picks up newly learned
 * organisations without a restart.  Per-address questions always go to
 * the store and are never stale.
 *
 * Thread safety: a struct yj_know may be used from many threads at once
 * (each uses its own store connection; snapshots are reference counted
 * and swapped under a lock).  yj_know_learn() and the import may run
 * beside lookups.
 * Errors: 0 or a negative YJ_E*; err gets one line where given.
 */
#ifndef YJ_KNOW_KNOW_H
#define YJ_KNOW_KNOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "engine/knowledge.h"
#include "mail/msg.h"

struct yj_store;
struct yj_know;

/* yj_know_new - knowledge over an open store; builds the first snapshot */
int	yj_know_new(struct yj_store *, const struct yj_conf *,
	    unsigned refresh_seconds, struct yj_know **out, char *err,
	    size_t errsz);
void	yj_know_free(struct yj_know *);
/* yj_know_kb - the lookups, bound to k (valid while k lives) */
void	yj_know_kb(struct yj_know *, struct yj_knowledge *out);
/* yj_know_refresh - rebuild the snapshot now if the store changed */
int	yj_know_refresh(struct yj_know *);

/* ---- learning ---------------------------------------------------------- */

enum yj_learn_status {
	YJ_LEARN_ADDED,		/* recorded */
	YJ_LEARN_KNOWN,		/* learned before: nothing changed */
	YJ_LEARN_NOT_SENT,	/* not from an internal sender */
	YJ_LEARN_BROKEN,	/* not mail, or no recipient */
};

struct yj_learn_opts {
	const char	*sender;	/* the mailbox owner, used when From
					   is missing, several, or external
					   with this address in Sender */
	bool		 dry_run;	/* decide, but write nothing */
	int64_t		 now;		/* 0: yj_time_now() */
};

struct yj_learn_result {
	enum yj_learn_status status;
	const char	*why;		/* for NOT_SENT and BROKEN */
	const char	*sender;	/* the sender it was learned for */
	size_t		 recipients;
	size_t		 orgs;		/* organisations named */
};

/*
 * yj_know_learn - record msg as sent by an internal sender.  Idempotent:
 * the same Message-ID and sender (or, without a Message-ID, the same
 * sender, date, subject, recipients and text) is learned once.  Strings
 * in *res live in msg's arena.
 */
int	yj_know_learn(struct yj_store *, const struct yj_conf *,
	    const struct yj_msg *, const struct yj_learn_opts *,
	    struct yj_learn_result *res);

/* ---- contacts files ---------------------------------------------------- */

enum yj_contacts_format {
	YJ_CONTACTS_AUTO,	/* vCard if it starts with BEGIN:VCARD */
	YJ_CONTACTS_CSV,	/* CSV with a header row: ours, Outlook,
				   Thunderbird, Google (Japanese or
				   English column names) */
	YJ_CONTACTS_VCARD,	/* vCard 2.1, 3.0, 4.0 */
};

struct yj_contacts_problem {
	size_t		 line;		/* 1-based line of the record */
	const char	*what;		/* one line, English */
	bool		 skipped_only;	/* no address at all: not an error */
};

struct yj_contacts_report {
	const char	*charset;	/* "UTF-8", "UTF-8 (BOM)", "CP932", ... */
	const char	*format;	/* "csv", "outlook", "thunderbird",
					   "vcard" */
	size_t		 records;	/* rows or cards read */
	size_t		 created;
	size_t		 updated;
	size_t		 unchanged;
	struct yj_contacts_problem *problems;
	size_t		 nproblems;
	size_t		 errors;	/* problems that are not skipped_only */
};

/*
 * yj_know_import_contacts - parse data[0..len) (UTF-8 with or without
 * BOM, UTF-16 with BOM, or CP932) and put every good record into the
 * store in one transaction; bad records are reported with their line
 * and the rest is imported.  With dry_run nothing is written.  A file
 * that cannot be a contacts file (no e-mail column, not CSV or vCard)
 * gives YJ_EINVAL and err, and nothing is written.  The report's
 * strings live in the arena.
 */
int	yj_know_import_contacts(struct yj_store *, struct yj_arena *,
	    const char *source, const char *data, size_t len,
	    enum yj_contacts_format, bool dry_run,
	    struct yj_contacts_report *rep, char *err, size_t errsz);

/*
 * yj_know_contact_keys - the name keys a contact is found under: the
 * whole name, each part, the reading and its parts, and the leading
 * two to four characters of a CJK name written without a space
 */
size_t	yj_know_contact_keys(struct yj_arena *, const char *name,
	    const char *reading, const char ***keys);

#endif /* YJ_KNOW_KNOW_H */
