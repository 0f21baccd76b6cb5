/*
 * notice.h - the mails yojin sends about held messages
 *
 * Kinds, and who gets them:
 *
 *   HELD         the sender: the message is held; the findings; links to
 *                send or cancel it (self-release)
 *   WAITING      the sender: held until an approver decides; cancel link
 *   APPROVE      each approver: please approve or cancel; both links
 *   DELAYED      the sender: will be sent at the deadline; cancel and
 *                "send now" links (delayed send)
 *   QUARANTINED  hold.report_to: an inbound message was quarantined
 *   COPY         hold.report_to: a copy of a HELD/WAITING notice, no links
 *   RESULT       whoever sent a command by mail: what happened
 *   EXPIRED      the sender: the deadline passed and the message was sent
 *                or deleted
 *
 * Every notice is one text/plain UTF-8 part (base64), Japanese first and
 * English after it, with the RFC 2047 subject in both languages,
 * Auto-Submitted: auto-generated (RFC 3834), References to the held
 * message, and an X-Yojin-Notice mark (hold/token.h) so that the milter
 * passes it unscanned.  A link is a mailto: URL of the command address,
 * "yojin-hold+ACTION-ID-TOKEN@domain": clicking it and sending the empty
 * mail performs the action (src/hold/hold.c checks the token).  The
 * administrator's commands (yojin hold ...) are shown as well.
 *
 * Ownership: yj_notice_compose() appends to a caller's buffer.
 * Thread safety: reentrant.
 */
#ifndef YJ_HOLD_NOTICE_H
#define YJ_HOLD_NOTICE_H

#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "store/hold.h"
#include "util/buf.h"

enum yj_notice_kind {
	YJ_NOTICE_HELD,
	YJ_NOTICE_WAITING,
	YJ_NOTICE_APPROVE,
	YJ_NOTICE_DELAYED,
	YJ_NOTICE_QUARANTINED,
	YJ_NOTICE_COPY,
	YJ_NOTICE_RESULT,
	YJ_NOTICE_EXPIRED,
};

struct yj_notice_link {
	const char	*action;	/* "release", "cancel", "approve" */
	char		 address[256];	/* the command address */
};

struct yj_notice {
	enum yj_notice_kind	 kind;
	const struct yj_hold_rec *rec;
	const char		*from;		/* notice sender address */
	const char		*to;		/* recipient address */
	struct yj_notice_link	 links[3];
	size_t			 nlinks;
	const char		*result_ja;	/* RESULT: what happened */
	const char		*result_en;
};

/* yj_notice_from - hold.notice_from, else yojin@<first domain> */
const char *yj_notice_from(const struct yj_conf *, char *buf, size_t bufsz);

/*
 * yj_notice_link - the command address of action on rec for actor into
 * link (false when hold.reply_address is off)
 */
int	yj_notice_link(const struct yj_conf *, const unsigned char key[32],
	    const char *action, int64_t id, const char *actor,
	    struct yj_notice_link *link);

/*
 * yj_notice_compose - the whole message (header and body, LF line ends,
 * as sendmail(1) takes it) marked with key at time now
 */
int	yj_notice_compose(const struct yj_notice *, const unsigned char key[32],
	    int64_t now, struct yj_buf *out);

/*
 * yj_notice_submit - give text to hold.sendmail (with -C for
 * hold.postfix_config_directory) for the envelope from -> to
 */
int	yj_notice_submit(const struct yj_conf *, const char *from,
	    const char *to, const char *text, size_t len, char *err,
	    size_t errsz);

#endif /* YJ_HOLD_NOTICE_H */
