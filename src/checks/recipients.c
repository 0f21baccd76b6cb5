/*
 * recipients - outbound: external recipients who can see each other
 *
 * The mistake: a notice to many customers or partners sent with every
 * address in To or Cc instead of Bcc, so each recipient learns who the
 * others are.  This is the commonest personal-data accident from mail in
 * the PPC's and the prefectures' published cases (the mis-sending share
 * in ../shared/spec), and what FlexConfirmMail's SafeBccThreshold and
 * Thunderbird's warn_public_recipients guard against in the client.
 *
 * Counting: only external recipients (not in organization.domains) in To
 * and Cc count.  They are grouped by organisation: the registrable
 * domain, except at free-mail and consumer providers, where every
 * address is a private person and counts alone.  Internal-only mail
 * never fires.
 *
 * Findings:
 *   recipients.bcc_expected   visible external organisations >= warn
 *                             (medium, weight 25) or >= hold (high,
 *                             weight 45), evidence: the addresses
 *
 * Settings (checks.recipients):
 *   warn_organizations   default 3
 *   hold_organizations   default 5
 *
 * Accepted false positives: a project thread between several companies
 * that all know each other; raise the thresholds, or exempt the finding
 * for listed senders in policy.overrides.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"

struct settings {
	unsigned	warn_organizations;
	unsigned	hold_organizations;
};

static const cyaml_schema_field_t fields[] = {
	CYAML_FIELD_UINT("warn_organizations", CYAML_FLAG_OPTIONAL,
	    struct settings, warn_organizations),
	CYAML_FIELD_UINT("hold_organizations", CYAML_FLAG_OPTIONAL,
	    struct settings, hold_organizations),
	CYAML_FIELD_END
};

#define MAX_EVIDENCE	20

/* defaults - FlexConfirmMail warns at 4 domains; we warn at 3 */
static void
defaults(void *p)
{
	struct settings *s = p;

	s->warn_organizations = 3;
	s->hold_organizations = 5;
}

struct tally {
	const char	**orgs;		/* distinct organisations */
	size_t		  norgs;
	const char	**addrs;	/* one address per organisation */
	size_t		  cap;
};

/* add_org - count an external mailbox's organisation once */
static void
add_org(struct yj_check_ctx *ctx, struct tally *t, const struct yj_mailbox *m)
{
	const char *org;
	size_t i;

	if (*m->domain == '\0' || yj_org_is_internal_domain(ctx->org,
	    m->domain))
		return;
	org = yj_domain_is_consumer(m->domain) ? m->addr :
	    yj_domain_registrable(ctx->arena, m->domain);
	for (i = 0; i < t->norgs; i++)
		if (strcmp(t->orgs[i], org) == 0)
			return;
	if (t->norgs == t->cap) {
		size_t n = t->cap ? t->cap * 2 : 16;

		t->orgs = yj_arena_grow(ctx->arena, t->orgs, t->norgs, n,
		    sizeof(*t->orgs));
		t->addrs = yj_arena_grow(ctx->arena, t->addrs, t->norgs, n,
		    sizeof(*t->addrs));
		t->cap = n;
	}
	t->orgs[t->norgs] = org;
	t->addrs[t->norgs++] = m->addr;
}

/* run - count visible external organisations */
static void
run(struct yj_check_ctx *ctx)
{
	const struct settings *s = ctx->settings;
	const struct yj_msg *m = ctx->msg;
	struct tally t = { 0 };
	struct yj_finding *f;
	bool strong;
	size_t i;

	for (i = 0; i < m->to.nr; i++)
		add_org(ctx, &t, &m->to.v[i]);
	for (i = 0; i < m->cc.nr; i++)
		add_org(ctx, &t, &m->cc.v[i]);
	if (s->warn_organizations == 0 || t.norgs < s->warn_organizations)
		return;
	strong = s->hold_organizations > 0 &&
	    t.norgs >= s->hold_organizations;
	f = yj_report(ctx, "bcc_expected",
	    strong ? YJ_SEV_HIGH : YJ_SEV_MEDIUM, strong ? 45 : 25);
	yj_evidence(ctx, f, "organizations", "%zu", t.norgs);
	for (i = 0; i < t.norgs && i < MAX_EVIDENCE; i++)
		yj_evidence(ctx, f, "address", "%s", t.addrs[i]);
	yj_explain_ja(ctx, f, "宛先 (To/Cc) に社外の %zu 組織のアドレスが並んで"
	    "おり、受信者全員に互いのアドレスが見えます。一斉送信のつもり"
	    "であれば、宛先を Bcc に移してから送ってください。", t.norgs);
	yj_explain_en(ctx, f, "To/Cc lists addresses at %zu different outside "
	    "organisations, so every recipient sees all the others. If this "
	    "is a mass mailing, move the recipients to Bcc before sending.",
	    t.norgs);
}

YJ_CHECK_DEFINE(recipients,
	.summary = "external recipients of different organisations visible "
	    "to each other (Bcc expected)",
	.summary_ja = "社外の複数組織の宛先が To/Cc で互いに見える (Bcc にすべき)",
	.directions = YJ_DIR_OUT,
	.settings = fields,
	.settings_size = sizeof(struct settings),
	.defaults = defaults,
	.run = run);
