/*
 * milter.h - yojin as a milter: libmilter callbacks driving an engine
 * session, the hold service beside them, and configuration reloads
 *
 * This is the only part of yojin that includes libmilter.  Each callback
 * fetches the connection's state, feeds the engine session (the same
 * phases "yojin scan" drives), and at end of message carries out the plan
 * of milter/actions.c: headers, subject, banner (milter/banner.c),
 * quarantine with a hold record (hold/), reject or tempfail.  Headers
 * named X-Yojin-* that arrive with a message are always removed.
 *
 * Direction: outbound when the client authenticated ({auth_authen}),
 * connected from organization.internal_networks, or, with
 * milter.outbound_when_sender_internal, when the envelope sender's domain
 * is internal; inbound otherwise.
 *
 * Fail safe: any internal error, a check past its time budget, or a store
 * that does not answer gives a temporary failure (451), never a pass.
 * Postfix must be configured with milter_default_action = tempfail so
 * that a yojin that is down or crashed has the same effect.
 *
 * Two kinds of mail pass unscanned: notices yojin submitted itself (the
 * X-Yojin-Notice mark checks, hold/token.h), and mail to the hold command
 * address from inside the organisation, which is executed (hold/hold.c)
 * and then discarded.
 *
 * Engines: the engine in use is reference counted.  yj_milter_swap()
 * installs a new configuration and engine (SIGHUP); each connection moves
 * to it at its next MAIL FROM, and the old one is freed when its last
 * session is done, so no connection is dropped by a reload.
 *
 * Threads: libmilter runs smfi_main() on a thread of its own and calls
 * back on its worker threads; the hold service (notices, deadlines) runs
 * on another.  The engine is shared read-only, the store gives each thread
 * its own connection.  All state is global because libmilter's is: one
 * milter per process.
 */
#ifndef YJ_MILTER_MILTER_H
#define YJ_MILTER_MILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "conf/conf.h"
#include "engine/engine.h"
#include "mail/msg.h"
#include "store/hold.h"

struct yj_store;

struct yj_milter_setup {
	struct yj_store	*store;
	/*
	 * learn - outbound mail leaves now (accepted at end of message);
	 * learn_held - a held message was released.  NULL: no learning.
	 */
	void		(*learn)(const struct yj_msg *,
			    const struct yj_conf *, void *arg);
	void		(*learn_held)(const struct yj_hold_rec *,
			    const struct yj_conf *, void *arg);
	void		*arg;
};

/*
 * yj_milter_open - register with libmilter and open the listening socket
 * now, so that a port in use is an error before the daemon detaches
 */
int	yj_milter_open(const char *listen, unsigned timeout, int debug,
	    char *err, size_t errsz);

/*
 * yj_milter_start - run smfi_main() and the hold service on their own
 * threads with this configuration and engine (taken over: freed by the
 * milter when no longer used)
 */
int	yj_milter_start(const struct yj_milter_setup *, struct yj_conf *,
	    struct yj_engine *, char *err, size_t errsz);

/* yj_milter_swap - a new configuration and engine for new messages */
void	yj_milter_swap(struct yj_conf *, struct yj_engine *);

/*
 * yj_milter_done_fd - becomes readable when smfi_main() has returned
 * (libmilter stopped on its own, or after yj_milter_stop)
 */
int	yj_milter_done_fd(void);

/*
 * yj_milter_stop - stop listening, let the sessions finish (at most
 * grace_s seconds), stop the service, free the engines
 */
void	yj_milter_stop(unsigned grace_s);

/* yj_milter_spec_in_use - something listens on spec already (err: why) */
bool	yj_milter_spec_in_use(const char *spec, char *err, size_t errsz);

#endif /* YJ_MILTER_MILTER_H */
