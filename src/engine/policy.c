/*
 * policy.c - the one place where findings become a verdict
 *
 * Checks report evidence with a weight; this file decides.  In order:
 *
 *  1. overrides from policy.overrides, in file order, each matching an
 *     exact finding id or "check.*" and optionally one direction:
 *     "ignore" drops the finding, "accept" keeps it visible with weight
 *     0, a weight replaces the check's weight, and tag/hold/quarantine/
 *     reject force at least that verdict;
 *  2. the score is the sum of the weights, capped at 100 (the scale of
 *     the thresholds and of the spec's indicator table);
 *  3. the thresholds give a verdict for the direction: inbound mail can
 *     be tagged, quarantined or rejected, outbound mail tagged, held or
 *     rejected (hold and quarantine are the same act on the MTA side,
 *     so an override asking for the other one is mapped);
 *  4. with policy.critical_escalates, a critical finding alone holds or
 *     quarantines;
 *  5. the verdict is the strongest of 3, 4 and the forced ones.
 *
 * Exemptions (policy.exempt) come before 2: outbound mail that only goes
 * inside, only to trusted domains, or from a listed sender keeps its
 * findings visible with weight 0 and no forced action, except that a
 * critical finding is exempted by internal_only alone (a My Number going
 * to a trusted partner is still worth a look).  An override may be
 * limited to listed senders.
 *
 * decided_by names the finding that forced the verdict, "exempt:<rule>"
 * when an exemption took weight away, or "score".
 */
#include <string.h>

#include "engine/engine.h"
#include "mail/rcpt.h"
#include "util/str.h"

/* action_verdict - override action word to a verdict, -1 for none */
static int
action_verdict(const char *a)
{
	if (a == NULL)
		return -1;
	if (strcmp(a, "tag") == 0)
		return YJ_VERDICT_TAG;
	if (strcmp(a, "hold") == 0)
		return YJ_VERDICT_HOLD;
	if (strcmp(a, "quarantine") == 0)
		return YJ_VERDICT_QUARANTINE;
	if (strcmp(a, "reject") == 0)
		return YJ_VERDICT_REJECT;
	return -1;
}

/* for_direction - hold and quarantine mean the same act per direction */
static enum yj_verdict
for_direction(enum yj_verdict v, enum yj_direction dir)
{
	if (dir == YJ_DIR_OUT && v == YJ_VERDICT_QUARANTINE)
		return YJ_VERDICT_HOLD;
	if (dir == YJ_DIR_IN && v == YJ_VERDICT_HOLD)
		return YJ_VERDICT_QUARANTINE;
	return v;
}

/* domain_is - domain equals entry or is below it */
static bool
domain_is(const char *domain, const char *entry)
{
	size_t dn = strlen(domain), k = strlen(entry);

	return yj_str_ieq(domain, entry) || (dn > k &&
	    domain[dn - k - 1] == '.' && yj_str_ieq(domain + dn - k, entry));
}

/* domain_in - domain equals or is below one of the listed domains */
static bool
domain_in(char *const *v, unsigned n, const char *domain)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (domain_is(domain, v[i]))
			return true;
	return false;
}

/* sender_listed - addr matches an address, "@domain" or "domain" entry */
static bool
sender_listed(char *const *v, unsigned n, const char *addr)
{
	const char *d;
	unsigned i;

	if (addr == NULL)
		return false;
	d = strrchr(addr, '@');
	d = d != NULL ? d + 1 : "";
	for (i = 0; i < n; i++) {
		if (v[i][0] == '@' ? domain_is(d, v[i] + 1) :
		    strchr(v[i], '@') != NULL ? yj_str_ieq(v[i], addr) :
		    domain_is(d, v[i]))
			return true;
	}
	return false;
}

/* sender_of - the address the mail is sent as */
static const char *
sender_of(const struct yj_msg *m)
{
	const struct yj_mailbox *from;

	if (m == NULL)
		return NULL;
	from = yj_msg_from(m);
	if (from != NULL)
		return from->addr;
	return m->env.mail_from;
}

/* yj_policy_exempt - which exemption covers an outbound message */
const char *
yj_policy_exempt(const struct yj_conf *c, const struct yj_msg *m,
    enum yj_direction dir)
{
	const struct yj_conf_exempt *e = &c->policy.exempt;
	struct yj_rcpt *v;
	size_t i, n, outside = 0, trusted = 0;

	if (dir != YJ_DIR_OUT || m == NULL)
		return NULL;
	n = yj_rcpt_list(m->arena, m, &v);
	for (i = 0; i < n; i++) {
		if (yj_org_is_internal_domain(&c->org, v[i].domain))
			continue;
		outside++;
		trusted += domain_in(e->trusted_domains, e->ntrusted,
		    v[i].domain);
	}
	if (n > 0 && outside == 0 && e->internal_only)
		return "internal_only";
	if (outside > 0 && trusted == outside)
		return "trusted_domains";
	if (e->nsenders > 0 && sender_listed(e->senders, e->nsenders,
	    sender_of(m)))
		return "senders";
	return NULL;
}

/* matches - override pattern against a finding id */
static bool
matches(const struct yj_conf_override *o, const struct yj_finding *f,
    enum yj_direction dir, const char *sender)
{
	size_t n;

	if (o->direction != NULL &&
	    strcmp(o->direction, dir == YJ_DIR_OUT ? "out" : "in") != 0)
		return false;
	if (o->nsenders > 0 && !sender_listed(o->senders, o->nsenders, sender))
		return false;
	n = strlen(o->finding);
	if (n >= 2 && strcmp(o->finding + n - 2, ".*") == 0)
		return strncmp(f->id, o->finding, n - 1) == 0;
	return strcmp(f->id, o->finding) == 0;
}

/* apply_overrides - returns the strongest verdict forced, or -1 */
static int
apply_overrides(const struct yj_conf_policy *pol, enum yj_direction dir,
    const char *sender, struct yj_finding *f)
{
	const struct yj_conf_override *o;
	int forced = -1, v;
	unsigned i;

	for (i = 0; i < pol->noverrides; i++) {
		o = &pol->overrides[i];
		if (!matches(o, f, dir, sender))
			continue;
		if (o->weight != NULL)
			f->weight = *o->weight;
		if (o->action == NULL)
			continue;
		if (strcmp(o->action, "ignore") == 0)
			f->ignored = true;
		else if (strcmp(o->action, "accept") == 0)
			f->weight = 0;
		v = action_verdict(o->action);
		if (v > forced)
			forced = v;
	}
	return f->ignored ? -1 : forced;
}

/* by_score - verdict the thresholds give */
static enum yj_verdict
by_score(const struct yj_conf_thresholds *t, enum yj_direction dir,
    int score)
{
	unsigned s = (unsigned)score;

	if (t->reject > 0 && s >= t->reject)
		return YJ_VERDICT_REJECT;
	if (dir == YJ_DIR_IN && t->quarantine > 0 && s >= t->quarantine)
		return YJ_VERDICT_QUARANTINE;
	if (dir == YJ_DIR_OUT && t->hold > 0 && s >= t->hold)
		return YJ_VERDICT_HOLD;
	if (t->tag > 0 && s >= t->tag)
		return YJ_VERDICT_TAG;
	return YJ_VERDICT_ACCEPT;
}

/* exempted - an exemption takes this finding's weight */
static bool
exempted(const char *exempt, const struct yj_finding *f)
{
	if (exempt == NULL)
		return false;
	return strcmp(exempt, "internal_only") == 0 ||
	    f->severity < YJ_SEV_CRITICAL;
}

/* exempt_label - decided_by for an exemption */
static const char *
exempt_label(const char *exempt)
{
	if (strcmp(exempt, "internal_only") == 0)
		return "exempt:internal_only";
	if (strcmp(exempt, "trusted_domains") == 0)
		return "exempt:trusted_domains";
	return "exempt:senders";
}

/* yj_policy_apply - decide */
void
yj_policy_apply(const struct yj_conf_policy *pol, enum yj_direction dir,
    struct yj_result *r)
{
	enum yj_verdict v, forced = YJ_VERDICT_ACCEPT, crit;
	const char *forced_by = NULL;
	struct yj_finding *f;
	bool exempt_used = false;
	long score = 0;
	size_t i;
	int fv;

	crit = dir == YJ_DIR_OUT ? YJ_VERDICT_HOLD : YJ_VERDICT_QUARANTINE;
	for (i = 0; i < r->findings.nr; i++) {
		f = r->findings.v[i];
		fv = apply_overrides(pol, dir, sender_of(r->msg), f);
		if (f->ignored)
			continue;
		if (exempted(r->exempt, f)) {
			if (f->weight > 0)
				exempt_used = true;
			f->weight = 0;
			continue;
		}
		if (f->weight > 0)
			score += f->weight;
		if (fv >= 0 && for_direction((enum yj_verdict)fv, dir) > forced) {
			forced = for_direction((enum yj_verdict)fv, dir);
			forced_by = f->id;
		}
		if (pol->critical_escalates && f->severity == YJ_SEV_CRITICAL &&
		    f->weight > 0 && crit > forced) {
			forced = crit;
			forced_by = f->id;
		}
	}
	r->score = score > 100 ? 100 : (int)score;
	v = by_score(&pol->thresholds, dir, r->score);
	r->decided_by = exempt_used ? exempt_label(r->exempt) : "score";
	if (forced > v) {
		v = forced;
		r->decided_by = forced_by;
	}
	r->verdict = v;
}

/* yj_verdict_name - lower-case name */
const char *
yj_verdict_name(enum yj_verdict v)
{
	switch (v) {
	case YJ_VERDICT_ACCEPT:		return "accept";
	case YJ_VERDICT_TAG:		return "tag";
	case YJ_VERDICT_HOLD:		return "hold";
	case YJ_VERDICT_QUARANTINE:	return "quarantine";
	case YJ_VERDICT_REJECT:		return "reject";
	}
	return "unknown";
}

/* yj_direction_name - "in" or "out" */
const char *
yj_direction_name(enum yj_direction d)
{
	return d == YJ_DIR_OUT ? "out" : "in";
}
