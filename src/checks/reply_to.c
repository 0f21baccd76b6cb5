/*
 * reply_to - inbound: replies would go to another organisation
 *
 * The attack: business-email compromise and invoice fraud show a
 * familiar From while Reply-To points to the attacker, often at a
 * free-mail provider, so the victim's answer (and the changed bank
 * details that follow) goes elsewhere.  IPA/JPCERT/CC BEC guidance and
 * SpamAssassin's FreeMail plugin use the same signal (indicator A8 in
 * ../shared/spec/inbound-and-incident.md).
 *
 * Findings:
 *   reply_to.other_org   Reply-To's organisation (registrable domain)
 *                        differs from From's (medium, weight 25)
 *   reply_to.free_mail   ... and Reply-To is a free-mail address while
 *                        From is not (high, weight 40)
 *
 * Settings (checks.reply_to):
 *   allow_domains   Reply-To domains never reported (ticketing systems,
 *                   mailing-list hosts the organisation trusts)
 *
 * Accepted false positives: newsletters and ticket systems that answer
 * from a service domain.  Not reported: mailing lists that set Reply-To
 * to the list (a List-Id naming the Reply-To's domain); lists that
 * rewrite From to themselves for DMARC and put the author in Reply-To
 * (From at the List-Id's domain, or "... via <list>"); relays whose
 * From address carries the author's ("devnull+user.example.org@relay",
 * as kernel.org's B4 relay writes).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "util/str.h"

struct settings {
	char		**allow_domains;
	unsigned	 nallow;
};

static const cyaml_schema_value_t domain_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, 255),
};

static const cyaml_schema_field_t fields[] = {
	CYAML_FIELD_SEQUENCE_COUNT("allow_domains",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct settings,
	    allow_domains, nallow, &domain_entry, 0, 10000),
	CYAML_FIELD_END
};

/* allowed - domain (or a parent of it) is in allow_domains */
static bool
allowed(const struct settings *s, const char *domain)
{
	size_t n = strlen(domain), m;
	unsigned i;

	for (i = 0; i < s->nallow; i++) {
		m = strlen(s->allow_domains[i]);
		if (yj_str_ieq(domain, s->allow_domains[i]) ||
		    (n > m && domain[n - m - 1] == '.' &&
		    yj_str_ieq(domain + n - m, s->allow_domains[i])))
			return true;
	}
	return false;
}

/* list_reply - a mailing list's own Reply-To */
static bool
list_reply(const struct yj_msg *m, const struct yj_mailbox *rt)
{
	const struct yj_header *h = yj_msg_header(m, "List-Id");

	return h != NULL && yj_strcasestr(h->value, rt->domain) != NULL;
}

/*
 * relayed - From is a relay or a list writing on behalf of the Reply-To:
 * a list that rewrites From to itself for DMARC's sake (From's domain
 * is the List-Id's, or the display name says "... via ..."), or a relay
 * whose address carries the author's ("devnull+user.example.org@relay")
 */
static bool
relayed(struct yj_check_ctx *ctx, const struct yj_mailbox *from,
    const struct yj_mailbox *rt)
{
	const struct yj_header *h = yj_msg_header(ctx->msg, "List-Id");
	const char *reg = yj_domain_registrable(ctx->arena, from->domain);

	if (h != NULL && (yj_strcasestr(h->value, reg) != NULL ||
	    yj_strcasestr(from->name, " via ") != NULL))
		return true;
	return *rt->local != '\0' && *rt->domain != '\0' &&
	    yj_strcasestr(from->local, rt->local) != NULL &&
	    yj_strcasestr(from->local, rt->domain) != NULL;
}

/* report - one finding for one Reply-To mailbox */
static void
report(struct yj_check_ctx *ctx, const struct yj_mailbox *from,
    const struct yj_mailbox *rt, bool free_mail)
{
	struct yj_finding *f;

	f = yj_report(ctx, free_mail ? "free_mail" : "other_org",
	    free_mail ? YJ_SEV_HIGH : YJ_SEV_MEDIUM, free_mail ? 40 : 25);
	yj_evidence(ctx, f, "from", "%s", from->addr);
	yj_evidence(ctx, f, "reply_to", "%s", rt->addr);
	if (free_mail) {
		yj_explain_ja(ctx, f, "差出人は %s ですが、返信先 (Reply-To) は"
		    "フリーメールの %s です。返信すると別の相手に届きます。"
		    "振込先の変更などの依頼には返信せず、電話など別の手段で"
		    "相手に確認してください。", from->addr, rt->addr);
		yj_explain_en(ctx, f, "The sender is %s, but replies go to %s, "
		    "a free-mail address. Do not answer requests (such as a "
		    "change of bank account) by replying; confirm with the "
		    "sender by phone or another known channel.", from->addr,
		    rt->addr);
	} else {
		yj_explain_ja(ctx, f, "差出人は %s ですが、返信先 (Reply-To) は"
		    "別の組織の %s です。返信する前に、返信先が正しい相手か"
		    "確認してください。", from->addr, rt->addr);
		yj_explain_en(ctx, f, "The sender is %s, but replies go to %s, "
		    "at another organisation. Check that this is the right "
		    "party before you reply.", from->addr, rt->addr);
	}
}

/* run - compare each Reply-To with the From */
static void
run(struct yj_check_ctx *ctx)
{
	const struct settings *s = ctx->settings;
	const struct yj_msg *m = ctx->msg;
	const struct yj_mailbox *from, *rt;
	size_t i;

	from = yj_msg_from(m);
	if (from == NULL)
		return;
	for (i = 0; i < m->reply_to.nr; i++) {
		rt = &m->reply_to.v[i];
		if (*rt->domain == '\0' || allowed(s, rt->domain) ||
		    yj_org_is_internal_domain(ctx->org, rt->domain) ||
		    list_reply(m, rt) || relayed(ctx, from, rt))
			continue;
		/* At a consumer provider each address is its own person. */
		if (yj_domain_is_consumer(rt->domain) ?
		    yj_str_ieq(rt->addr, from->addr) :
		    yj_domain_same_org(ctx->arena, from->domain, rt->domain))
			continue;
		report(ctx, from, rt, yj_domain_is_consumer(rt->domain) &&
		    !yj_domain_is_consumer(from->domain));
	}
}

YJ_CHECK_DEFINE(reply_to,
	.summary = "Reply-To points to another organisation than From",
	.summary_ja = "返信先 (Reply-To) が差出人と別の組織を指している",
	.directions = YJ_DIR_IN,
	.settings = fields,
	.settings_size = sizeof(struct settings),
	.run = run);
