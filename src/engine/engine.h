/*
 * engine.h - run the checks on a message and decide one verdict
 *
 * An engine is built once per configuration: it holds the enabled checks
 * with their settings and set-up state, the organisation, the policy and
 * the knowledge services.  It is read-only afterwards and shared by all
 * threads.  Each message goes through a session whose calls mirror the
 * milter phases (libopendkim's dkim_header/eoh/body/eom), so the CLI and
 * the milter drive exactly the same code:
 *
 *	connect -> helo -> auth -> mail -> rcpt* -> header* -> eoh ->
 *	body* -> eom (parse, checks, policy) | abort
 *
 * A session may carry several messages (SMTP transactions); mail() or
 * abort() starts over.  The result of eom() stays valid until the next
 * mail(), abort() or yj_session_free().
 *
 * Direction: given by the caller, or YJ_DIR_AUTO: outbound when the client
 * authenticated, or connected from organization.internal_networks, or
 * (when there is no SMTP client at all, as in yojin scan) when the From
 * or envelope sender domain is internal; inbound otherwise.
 *
 * Errors: header/body return YJ_ETOOBIG never; a message over the size
 * limit is kept up to the limit and flagged (YJ_ANOM_TRUNCATED, and
 * result->oversize) so the caller's policy decides.
 * Thread safety: an engine may be used by many sessions on many threads;
 * a session belongs to one thread at a time.
 */
#ifndef YJ_ENGINE_ENGINE_H
#define YJ_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "engine/check.h"
#include "engine/finding.h"
#include "engine/knowledge.h"
#include "mail/msg.h"

enum yj_verdict {
	YJ_VERDICT_ACCEPT,
	YJ_VERDICT_TAG,
	YJ_VERDICT_HOLD,
	YJ_VERDICT_QUARANTINE,
	YJ_VERDICT_REJECT,
};

#define YJ_DIR_AUTO	0

struct yj_result {
	enum yj_direction	 direction;
	enum yj_verdict		 verdict;
	int			 score;		/* 0..100 */
	const char		*decided_by;	/* finding id, or "score" */
	struct yj_findings	 findings;	/* in report order */
	const struct yj_msg	*msg;
	int64_t			 elapsed_us;
	bool			 timed_out;	/* a check ran past the budget */
	bool			 oversize;	/* message over the size limit */
	const char		*exempt;	/* why policy.exempt applied:
						   "internal_only",
						   "trusted_domains",
						   "senders", or NULL */
};

struct yj_engine;
struct yj_session;

/*
 * yj_engine_new - enabled checks of conf (or only those named in only,
 * a comma-separated list, when not NULL), set up.  kb may be NULL.
 * Returns 0, or YJ_EINVAL/YJ_ECONF with one line in err.
 */
int	yj_engine_new(const struct yj_conf *, const struct yj_knowledge *kb,
	    const char *only, struct yj_engine **out, char *err, size_t errsz);
void	yj_engine_free(struct yj_engine *);
const struct yj_conf *yj_engine_conf(const struct yj_engine *);

/* yj_engine_conf_ext - the settings descriptions of all checks */
const struct yj_conf_ext *yj_engine_conf_ext(size_t *n);

/* yj_engine_load_conf - yj_conf_load() with the checks' settings */
int	yj_engine_load_conf(const char *path, struct yj_conf **out, char *err,
	    size_t errsz);

struct yj_session *yj_session_new(const struct yj_engine *);
void	yj_session_free(struct yj_session *);

void	yj_session_connect(struct yj_session *, const char *client_name,
	    const char *client_addr);
void	yj_session_helo(struct yj_session *, const char *helo);
void	yj_session_auth(struct yj_session *, const char *user);
void	yj_session_queue_id(struct yj_session *, const char *id);
void	yj_session_mail(struct yj_session *, const char *from);
void	yj_session_rcpt(struct yj_session *, const char *rcpt);
void	yj_session_header(struct yj_session *, const char *name,
	    const char *value);
void	yj_session_header_raw(struct yj_session *, const char *name,
	    size_t name_len, const char *value, size_t value_len);
void	yj_session_eoh(struct yj_session *);
void	yj_session_body(struct yj_session *, const void *p, size_t n);
/* yj_session_eom - parse, run the checks, apply the policy */
const struct yj_result *yj_session_eom(struct yj_session *,
	    enum yj_direction dir);
void	yj_session_abort(struct yj_session *);

/*
 * yj_session_message - the message as the session keeps it: the header
 * fields as given, an empty line, the body; *body is the offset of the
 * body (0 before eoh).  Cut at the size limit like the parse.  Valid
 * until the next mail(), abort() or yj_session_free().
 */
const char *yj_session_message(const struct yj_session *, size_t *len,
	    size_t *body);

/* yj_session_direction - the direction YJ_DIR_AUTO would choose now */
enum yj_direction yj_session_direction(const struct yj_session *);

/*
 * yj_policy_apply - findings to verdict (engine/policy.c): overrides,
 * weights, score, thresholds.  Exposed for tests.
 */
void	yj_policy_apply(const struct yj_conf_policy *, enum yj_direction,
	    struct yj_result *);

/*
 * yj_policy_exempt - the policy.exempt rule that covers an outbound
 * message (see conf.h), or NULL.  Inbound mail is never exempt.
 */
const char *yj_policy_exempt(const struct yj_conf *, const struct yj_msg *,
	    enum yj_direction);

const char *yj_verdict_name(enum yj_verdict);
const char *yj_direction_name(enum yj_direction);

#endif /* YJ_ENGINE_ENGINE_H */
