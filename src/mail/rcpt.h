/*
 * rcpt.h - everyone a message goes to, once each, and who sends it
 *
 * yj_rcpt_list() merges To, Cc, Bcc and the envelope recipients (the
 * milter's RCPT TO, which is where Bcc recipients show) into one list of
 * unique addresses in lower case, in header order, each with the display
 * name written for it (the first non-empty one) and where it was seen.
 * Mailboxes without a domain are left out.
 *
 * yj_rcpt_sender() is the address the mail is sent as: the single From
 * mailbox, else the envelope sender, else NULL.
 *
 * Ownership: results in the arena.  Thread safety: reentrant.
 */
#ifndef YJ_MAIL_RCPT_H
#define YJ_MAIL_RCPT_H

#include <stddef.h>

#include "mail/msg.h"

enum yj_rcpt_where {
	YJ_RCPT_TO	= 1 << 0,
	YJ_RCPT_CC	= 1 << 1,
	YJ_RCPT_BCC	= 1 << 2,
	YJ_RCPT_ENV	= 1 << 3,
};

struct yj_rcpt {
	const char	*addr;		/* lower case */
	const char	*local;		/* part before the last '@' */
	const char	*domain;	/* lower case */
	const char	*name;		/* display name, "" if none */
	unsigned	 where;		/* YJ_RCPT_* */
};

size_t		 yj_rcpt_list(struct yj_arena *, const struct yj_msg *,
		    struct yj_rcpt **v);
const char	*yj_rcpt_sender(struct yj_arena *, const struct yj_msg *);

#endif /* YJ_MAIL_RCPT_H */
