/*
 * first_contact - outbound: an outside address nobody here has written to
 *
 * The mistake it helps catch: most mis-sent mail goes to an address the
 * organisation has never used (a typo, a wrong pick from address
 * completion, a stranger's address pasted by mistake).  A first contact
 * is normal on its own, so it weighs little; next to another finding it
 * turns "maybe" into "look again" (KnowBe4/Egress Prevent's "new
 * recipient" nudge and OutlookOkan's "recipient not in contacts" in
 * ../shared/spec/outbound-anchors.md).  The check runs late, after the
 * others, to see their findings.
 *
 * An address is new when the knowledge has never seen mail to it (an
 * address only in the contacts counts as new: nobody wrote to it yet).
 * Its organisation is new when nobody wrote to its registrable domain
 * either; an address at a free-mail provider is always its own
 * organisation.  Nothing is reported until the knowledge has learned
 * min_history messages or holds that many contacts, so a new
 * installation does not call everything new.
 *
 * Findings:
 *   first_contact.new_domain   recipients at organisations nobody has
 *                              written to: low (10), medium (25) beside
 *                              another outbound finding
 *   first_contact.new_address  new recipients at known organisations:
 *                              info (5), low (15) beside another
 *                              outbound finding
 *
 * Settings (checks.first_contact):
 *   min_history   default 20
 *
 * Accepted false positives: every real first contact is reported; it
 * tags only when something else is wrong too.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/rcpt.h"
#include "util/str.h"

#define MAX_EVIDENCE	20

struct settings {
	unsigned	 min_history;
};

static const cyaml_schema_field_t fields[] = {
	CYAML_FIELD_UINT("min_history", CYAML_FLAG_OPTIONAL, struct settings,
	    min_history),
	CYAML_FIELD_END
};

/* defaults - enough history to mean something */
static void
defaults(void *p)
{
	struct settings *s = p;

	s->min_history = 20;
}

/*
 * The outbound checks whose findings make a first contact matter.
 * recipient_typo is not one of them: it only ever reports an address
 * nobody knows, so "first contact" is already part of its weight, and
 * counting novelty twice turned every new address under another suffix
 * of a known name (earthlink.com beside earthlink.net) into a hold.
 */
static const char *const related[] = {
	"recipients", "same_name", "salutation",
	"other_client", "reused_thread", "personal_data", "attachment_name",
	"attachment", NULL
};

/* combined - another outbound finding was reported */
static bool
combined(const struct yj_check_ctx *ctx)
{
	const struct yj_findings *fs = ctx->findings;
	size_t i, j;

	for (i = 0; i < fs->nr; i++) {
		if (fs->v[i]->ignored || fs->v[i]->weight <= 0)
			continue;
		for (j = 0; related[j] != NULL; j++)
			if (strcmp(fs->v[i]->check, related[j]) == 0)
				return true;
	}
	return false;
}

/* report - one finding listing the addresses */
static void
report(struct yj_check_ctx *ctx, bool domain, const struct yj_strvec *v,
    bool with)
{
	struct yj_finding *f;
	int w = domain ? (with ? 25 : 10) : (with ? 15 : 5);
	size_t i;

	f = yj_report(ctx, domain ? "new_domain" : "new_address",
	    w >= 20 ? YJ_SEV_MEDIUM : w >= 10 ? YJ_SEV_LOW : YJ_SEV_INFO, w);
	yj_evidence(ctx, f, "count", "%zu", v->nr);
	for (i = 0; i < v->nr && i < MAX_EVIDENCE; i++)
		yj_evidence(ctx, f, "address", "%s", v->v[i]);
	if (with)
		yj_evidence(ctx, f, "with_other_findings", "yes");
	yj_explain_ja(ctx, f, "宛先 %s%s には、これまで組織の誰も%s送ったことが"
	    "ありません。%s", v->v[0], v->nr > 1 ? " ほか" : "",
	    domain ? "その組織へ" : "", with ? "ほかの注意点と合わせて、宛先が正"
	    "しいか確かめてください。" : "初めての送信先です。");
	yj_explain_en(ctx, f, "Nobody here has written to %s%s%s before. %s",
	    v->v[0], v->nr > 1 ? " and others" : "", domain ?
	    " or to anyone at that organisation" : "", with ?
	    "Together with the other warnings, check the recipients." :
	    "This is a first contact.");
}

/* classify - new address, new organisation, or known */
static void
classify(struct yj_check_ctx *ctx, const struct yj_rcpt *r,
    struct yj_strvec *doms, struct yj_strvec *addrs)
{
	struct yj_kb_domain kd;
	struct yj_kb_person p;
	int rc;

	rc = yj_kb_person(ctx->kb, ctx->arena, r->addr, &p);
	if (rc == 0 && p.sent > 0)
		return;
	if (rc != 0 && rc != YJ_ENOENT)
		return;		/* cannot ask */
	if (yj_domain_is_consumer(r->domain)) {
		yj_strvec_push(ctx->arena, doms, r->addr);
		return;
	}
	rc = yj_kb_domain(ctx->kb, ctx->arena, r->domain, &kd);
	if (rc == 0 && kd.sent > 0)
		yj_strvec_push(ctx->arena, addrs, r->addr);
	else if (rc == 0 || rc == YJ_ENOENT)
		yj_strvec_push(ctx->arena, doms, r->addr);
}

/* run - every outside recipient */
static void
run(struct yj_check_ctx *ctx)
{
	const struct settings *s = ctx->settings;
	struct yj_strvec doms = { 0 }, addrs = { 0 };
	struct yj_kb_stats st;
	struct yj_rcpt *v;
	size_t i, n;
	bool with;

	if (yj_kb_stats(ctx->kb, &st) != 0 ||
	    (st.messages < s->min_history && st.contacts < s->min_history) ||
	    (st.messages == 0 && st.contacts == 0))
		return;
	n = yj_rcpt_list(ctx->arena, ctx->msg, &v);
	for (i = 0; i < n && !yj_check_expired(ctx); i++)
		if (!yj_org_is_internal_domain(ctx->org, v[i].domain))
			classify(ctx, &v[i], &doms, &addrs);
	if (doms.nr == 0 && addrs.nr == 0)
		return;
	with = combined(ctx);
	if (doms.nr > 0)
		report(ctx, true, &doms, with);
	if (addrs.nr > 0)
		report(ctx, false, &addrs, with);
}

YJ_CHECK_DEFINE(first_contact,
	.summary = "an outside address nobody here has written to (weighs "
	    "more beside other findings)",
	.summary_ja = "組織の誰も送ったことのない社外の宛先 (ほかの検出と重なる"
	    "と重くなる)",
	.directions = YJ_DIR_OUT,
	.late = true,
	.settings = fields,
	.settings_size = sizeof(struct settings),
	.defaults = defaults,
	.run = run);
