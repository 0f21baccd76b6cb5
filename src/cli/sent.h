/*
 * sent.h - learning from outbound mail that leaves through the milter
 *
 * The milter and "yojin hold" call these when outbound mail goes out:
 * accepted at end of message, or released from the hold queue.  Both
 * feed yj_know_learn() (src/know/), which is idempotent, so a message
 * learned twice (by the milter and later from a sent folder) counts once.
 * A released hold is learned from what its record keeps: the header
 * block and the beginning of the text (store/hold.h), enough for the
 * recipients, their names, the thread and the greeting.
 *
 * Errors are logged, never returned: learning must not hold mail back.
 * Thread safety: callable from the milter's worker threads.
 */
#ifndef YJ_CLI_SENT_H
#define YJ_CLI_SENT_H

#include "conf/conf.h"
#include "mail/msg.h"
#include "store/hold.h"

struct yj_store;

/* yj_sent_learn - msg left now (arg: the struct yj_store_glue *) */
void	yj_sent_learn(const struct yj_msg *, const struct yj_conf *,
	    void *arg);
/* yj_sent_learn_held - a held message was released (arg as above) */
void	yj_sent_learn_held(const struct yj_hold_rec *,
	    const struct yj_conf *, void *arg);

#endif /* YJ_CLI_SENT_H */
