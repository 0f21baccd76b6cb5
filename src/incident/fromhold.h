/*
 * fromhold.h - a held outbound message that was released and then turns
 * out mis-sent becomes an incident
 *
 * The hold record (the milter's store component) knows who sent the
 * message to whom, its subject, the findings that held it and who
 * released it when; the message itself has left.  yj_incident_from_hold()
 * opens a "misdelivery" incident (unless the change says another type)
 * with that filled in: the title from the subject, an overview naming
 * sender, recipients and the release, the findings (with the attachment
 * names they give as evidence) in "other", the recipients and attachment
 * names as indicators, and a timeline entry saying which hold it came
 * from.  What the change gives (people, categories, known_at, ...) is
 * applied on top.  One hold makes at most one incident that is not
 * closed: a second attempt is refused (YJ_EEXIST, ctx->err names it).
 * A message that never left (still held, cancelled, deleted) is refused
 * too (YJ_ESTATE): there is nothing to report.
 *
 * yj_hold_facts_load() reads them from the hold store (store/hold.h):
 * the record, and from its audit trail who asked for the release
 * ("release" or "approve"); the time it left is when the record reached
 * its released state.  yj_incident_from_hold() itself takes plain values,
 * so it does not depend on the hold store's layout.
 */
#ifndef YJ_INCIDENT_FROMHOLD_H
#define YJ_INCIDENT_FROMHOLD_H

#include <stdint.h>

#include "incident/incident.h"

struct yj_hold_facts {
	int64_t		 id;
	const char	*state;		/* released, expired_released, ... */
	const char	*sender;	/* envelope sender */
	const char	*recipients;	/* JSON array of addresses */
	const char	*subject;
	const char	*message_id;
	const char	*findings;	/* JSON array of findings */
	int64_t		 created_at;	/* when it was held */
	int64_t		 released_at;	/* when it left, 0 if unknown */
	const char	*released_by;	/* who released it, or NULL */
};

struct yj_store;

/* yj_hold_facts_load - hold id into h (strings in a); YJ_ENOENT if none */
int	yj_hold_facts_load(struct yj_store *, struct yj_arena *, int64_t id,
	    struct yj_hold_facts *h);

/* yj_hold_left - the state means the message was delivered */
bool	yj_hold_left(const char *state);

int	yj_incident_from_hold(struct yj_incident_ctx *,
	    const struct yj_hold_facts *, const struct yj_incident_change *,
	    int64_t *idp);

#endif /* YJ_INCIDENT_FROMHOLD_H */
