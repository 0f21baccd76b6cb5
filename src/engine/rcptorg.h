/*
 * rcptorg.h - the organisations a message goes to, for the checks that
 * find another client named where it should not be
 *
 * For each external recipient (To, Cc, Bcc and the envelope, once each):
 * its registrable domain; the organisation the address book or the sent
 * mail ties to the address; the organisations known at the domain (not
 * for free-mail domains, where everyone is their own person); and the
 * organisation in a display name with a legal form ("株式会社B 営業部").
 * An organisation is "foreign" when it is tied to domains and neither
 * its key nor any of its domains is a recipient's or ours.
 *
 * Ownership: results in the context's arena.  Thread safety: reentrant.
 */
#ifndef YJ_ENGINE_RCPTORG_H
#define YJ_ENGINE_RCPTORG_H

#include <stdbool.h>

#include "engine/check.h"
#include "util/str.h"

struct yj_rcpt_orgs {
	struct yj_strvec	 doms;	/* registrable domains */
	struct yj_strvec	 orgs;	/* organisation keys */
	const char		*shown;	/* the domains: "a.example, b.example" */
};

/* yj_rcpt_orgs_collect - fill ro; false when no recipient is external */
bool	yj_rcpt_orgs_collect(struct yj_check_ctx *, struct yj_rcpt_orgs *ro);

/* yj_rcpt_orgs_foreign - org is tied to domains, none a recipient's or ours */
bool	yj_rcpt_orgs_foreign(const struct yj_check_ctx *,
	    const struct yj_rcpt_orgs *ro, const struct yj_kb_org *org);

#endif /* YJ_ENGINE_RCPTORG_H */
