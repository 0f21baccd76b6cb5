/*
 * block.h - an incident's strong indicators onto the local block lists
 *
 * yj_incident_block() adds the senders, Reply-To addresses, links and
 * attachment hashes recorded for an incident (its strong indicators, see
 * mailreport.h) to the block list of store/intel.h, where the intel
 * check finds them in every later message: one person's report protects
 * everyone.  Domains and file names are never blocked this way (a
 * partner's domain whose one account was abused; "image001.png"); use
 * 'yojin intel add' for that on purpose.  An indicator on the allow list
 * is left alone and reported as such; one already blocked counts as
 * such.  The entries go in with one transaction of the block list (all
 * or none), source "incident", note "incident N"; then one timeline
 * entry on the incident says what was blocked.
 *
 * Ownership: results in ctx->arena.  Errors: as in incident.h; a block
 * list failure leaves the incident untouched.
 */
#ifndef YJ_INCIDENT_BLOCK_H
#define YJ_INCIDENT_BLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "incident/incident.h"

struct yj_store;

struct yj_block_item {
	const char	*kind;		/* indicator kind: sender, url, ... */
	const char	*value;		/* normalised as blocked */
	const char	*status;	/* blocked, already, allowed, invalid */
};

struct yj_block_result {
	struct yj_block_item	*v;
	size_t			 n;
	size_t			 added;		/* new block entries */
};

int	yj_incident_block(struct yj_incident_ctx *, struct yj_store *,
	    int64_t id, struct yj_block_result *);

#endif /* YJ_INCIDENT_BLOCK_H */
