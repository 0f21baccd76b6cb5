/*
 * actions.h - from a verdict to what the milter does with the message
 *
 * A pure function of the configuration, the engine's result and a few
 * facts about the transaction; milter.c only carries the plan out.  So
 * the whole table below is tested without an MTA (tests/unit/milter):
 *
 *   timed out (a check ran past the budget)   tempfail
 *   over milter.max_message_size, "tempfail"  tempfail
 *   over milter.max_message_size, "accept"    headers say "unscanned"
 *   reject (policy.overrides or thresholds)   550 with the deciding id
 *   inbound, any verdict                      X-Yojin-Verdict, -Findings
 *   inbound tag or quarantine                 + subject prefix, banner
 *   inbound quarantine                        + quarantine, hold record
 *   outbound hold                             quarantine, hold record,
 *                                             notices (hold/)
 *   outbound accept/tag to someone outside,   quarantine as a delayed
 *     with hold.delay set                     send (hold record)
 *   outbound accept/tag otherwise             goes out; learned
 *
 * Outbound mail carries no X-Yojin-* headers unless
 * milter.outbound_headers: findings are for the organisation, not for
 * the recipients.  Every X-Yojin-* header that arrived with the message
 * is removed in both directions (milter.c), so none can be forged.
 *
 * Ownership: strings in the plan live in the arena given.
 * Thread safety: pure.
 */
#ifndef YJ_MILTER_ACTIONS_H
#define YJ_MILTER_ACTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "conf/conf.h"
#include "engine/engine.h"
#include "util/arena.h"

enum yj_milter_reply {
	YJ_MR_CONTINUE,		/* deliver (or quarantine) as changed */
	YJ_MR_TEMPFAIL,		/* 4xx: the client tries again later */
	YJ_MR_REJECT,		/* 5xx */
	YJ_MR_DISCARD,		/* accept and drop (command mail) */
};

struct yj_milter_facts {
	bool		 oversize;	/* over milter.max_message_size */
	uint64_t	 size;		/* bytes seen */
	bool		 external_rcpt;	/* a recipient outside the org */
	const char	*host;		/* this node, for the verdict header */
};

struct yj_milter_plan {
	enum yj_milter_reply	 reply;
	const char		*smtp_code;	/* for tempfail and reject */
	const char		*smtp_xcode;
	const char		*smtp_text;
	const char		*verdict_hdr;	/* X-Yojin-Verdict, or NULL */
	const char		*findings_hdr;	/* X-Yojin-Findings, or NULL */
	bool			 subject_prefix;
	bool			 banner;
	const char		*hold_kind;	/* "hold", "delay",
						   "quarantine", or NULL */
	const char		*quarantine_reason;
	bool			 learn;		/* outbound mail leaving now */
	const char		*action;	/* one word for the log */
};

/* yj_milter_plan - r may be NULL when the message was not scanned */
void	yj_milter_plan(struct yj_arena *, const struct yj_conf *,
	    const struct yj_result *r, const struct yj_milter_facts *,
	    struct yj_milter_plan *out);

/*
 * yj_milter_subject - the new raw Subject value for prefix, given the
 * old raw value (NULL when the message has none) and its decoded text;
 * NULL when the subject already starts with the prefix.  The prefix goes
 * in as an RFC 2047 word unless it is plain ASCII; the old value is kept
 * byte for byte after it.
 */
const char *yj_milter_subject(struct yj_arena *, const char *prefix,
	    const char *raw, const char *decoded);

#endif /* YJ_MILTER_ACTIONS_H */
