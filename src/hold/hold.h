/*
 * hold.h - the hold workflow: held mail waits in the MTA's hold queue
 * until someone with the right to do so releases or cancels it, or its
 * deadline passes
 *
 * Three kinds of hold, each a message quarantined by the milter
 * (smfi_quarantine: Postfix keeps it in its hold queue) plus a record in
 * the store (store/hold.h):
 *
 *   hold        outbound mail the policy held for its findings.  In mode
 *               "self" the sender releases or cancels it; in mode
 *               "approval" an approver of the sender (hold.approvers, the
 *               first rule whose senders match) approves or cancels it,
 *               and the sender may cancel it; "admin" when no rule names
 *               an approver.  At the deadline, hold.deadline_action.
 *   delay       delayed sending (hold.delay): outbound mail to someone
 *               outside the organisation waits that long and is then
 *               released, unless the sender cancels it first.
 *   quarantine  inbound mail the policy quarantined; released or deleted
 *               by an administrator, hold.quarantine_deadline_action at
 *               the deadline.
 *
 * Actions come from "yojin hold" (an administrator), from the command
 * links of the notices (mail to hold.reply_address, checked with the
 * tokens of hold/token.h), and from the deadline timer.  Each runs:
 *
 *   1. a durable transaction moves the record from "held" to the intent
 *      "releasing"/"cancelling" (compare-and-set on the state read, with
 *      its audit entry);
 *   2. yojin-postsuper asks Postfix to release (-H ID hold, then
 *      postqueue -i) or delete (-d ID hold) the message;
 *   3. a second durable transaction records the outcome.
 *
 * Why a release can never deliver twice: Postfix moves a queue file out of
 * the hold queue once, and yojin only ever acts on the hold queue, so a
 * second release of the same queue id finds nothing to move.  Why a crash
 * is safe anywhere: before step 1 nothing happened; between 1 and 2 the
 * record says "releasing" and the message is still held, so the next
 * service run (or the same command again) repeats step 2; between 2 and 3
 * the repeated step 2 finds the message gone from the hold queue and
 * records the intended outcome.  A failed step 2 puts the record back to
 * "held" with the error in the audit trail.  Only the MTA host that holds
 * a message acts on it (records carry the host; "yojin hold" run
 * elsewhere refuses with the host's name).
 *
 * Errors: 0 or negative YJ_E* with one line in err: YJ_ENOENT (no such
 * hold, or the message is no longer in the hold queue), YJ_ESTATE
 * (already released/cancelled/...), YJ_EPERM (another host's message, a
 * bad token, not an approver), YJ_EBUSY (someone is acting on it right
 * now), YJ_EIO/YJ_ESTORE (the MTA or the store failed).
 *
 * Thread safety: everything may run on any thread; each thread uses its
 * own store connection.
 */
#ifndef YJ_HOLD_HOLD_H
#define YJ_HOLD_HOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "engine/engine.h"
#include "store/hold.h"

struct yj_store;

struct yj_hold_env {
	struct yj_store		*store;
	const struct yj_conf	*conf;
	const char		*host;	/* this MTA node */
	const char		*actor;	/* "cli:alice", "timer@mx1", ... */
	/*
	 * released - called after a message went back to the MTA for
	 * delivery (learning from sent mail); may be NULL
	 */
	void			(*released)(const struct yj_hold_rec *,
				    void *arg);
	void			*arg;
};

/* yj_hold_host - milter.node, else the host name, into buf */
const char *yj_hold_host(const struct yj_conf *, char *buf, size_t bufsz);

/* What the milter knows when it holds a message. */
struct yj_hold_request {
	const char		*kind;		/* hold, delay, quarantine */
	const char		*queue_id;
	const struct yj_result	*result;
	const char		*findings_json;	/* as yojin scan prints */
	/* what to learn from on release: header block, start of text */
	const char		*headers;
	uint64_t		 size;
};

/*
 * yj_hold_new - record a message the milter is about to quarantine:
 * mode, approvers and deadline from the configuration; its notices are
 * sent later by yj_hold_service()
 */
int	yj_hold_new(const struct yj_hold_env *, const struct yj_hold_request *,
	    int64_t *idp, char *err, size_t errsz);

/* Release, cancel (delete), or approve (release as an approver). */
int	yj_hold_release(const struct yj_hold_env *, int64_t id,
	    const char *why, char *err, size_t errsz);
int	yj_hold_cancel(const struct yj_hold_env *, int64_t id,
	    const char *why, char *err, size_t errsz);
/*
 * yj_hold_approve - approver must be one of the record's approvers; NULL
 * means an administrator approves in their place
 */
int	yj_hold_approve(const struct yj_hold_env *, int64_t id,
	    const char *approver, char *err, size_t errsz);

struct yj_hold_stats {
	unsigned	notices;	/* notices sent */
	unsigned	expired;	/* deadline actions taken */
	unsigned	resumed;	/* interrupted actions finished */
	unsigned	errors;
};

/*
 * yj_hold_service - one round of this host's background work: send the
 * notices of new holds, apply deadlines, finish interrupted actions
 * older than a minute.  The milter runs it every hold.check_interval;
 * "yojin hold expire" runs it once (cron, systemd timers).
 */
int	yj_hold_service(const struct yj_hold_env *, struct yj_hold_stats *);

/*
 * yj_hold_command_rcpt - rcpt is the command address (hold.reply_address
 * with a "+..." extension, or without one)
 */
bool	yj_hold_command_rcpt(const struct yj_conf *, const char *rcpt);

/*
 * yj_hold_command - perform the command in rcpt, sent by mail_from (the
 * envelope sender; it must be the person the token was made for when
 * hold.command_sender_must_match), then mail the result to that person
 */
int	yj_hold_command(const struct yj_hold_env *, const char *rcpt,
	    const char *mail_from, char *err, size_t errsz);

/*
 * yj_hold_notice_ok - a notice yojin itself submitted: mark is the
 * X-Yojin-Notice value, checked against the Message-ID (without <>) and
 * the body hash (hold/token.h)
 */
bool	yj_hold_notice_ok(struct yj_store *, const char *mark,
	    const char *message_id, const char *body_hash);

/* yj_hold_postsuper - the configured helper: release, delete, check */
int	yj_hold_postsuper(const struct yj_conf *, const char *action,
	    const char *queue_id, char *err, size_t errsz);

#endif /* YJ_HOLD_HOLD_H */
