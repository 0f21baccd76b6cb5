/*
 * auth - inbound: the sender's domain did not authenticate
 *
 * The attack: mail that puts a real organisation's domain in From
 * without the right to use it.  The anti-phishing council found that in
 * 2024-07 about half of the phishing sent to its honeypots used a real
 * brand's domain in From and only a fifth of that was stopped by DMARC
 * reject or quarantine (indicators A1 and A2 of
 * ../shared/spec/inbound-and-incident.md, source S20).  Our own MTA
 * records SPF, DKIM and DMARC in Authentication-Results; only headers
 * with the configured authserv-id (organization.authserv_id) are read:
 * any other can be forged by the sender (OpenDMARC CVE-2019-20790).
 *
 * Findings:
 *   auth.dmarc_fail      DMARC failed for the From domain (high, 40):
 *                        the domain's owner says this mail is not theirs
 *   auth.spf_dkim_fail   SPF failed or soft-failed and no DKIM signature
 *                        passed, and the domain publishes no DMARC
 *                        policy (medium, 15): weaker, since many
 *                        forwarders break SPF
 *   auth.own_domain      our own domain in From, arriving from outside,
 *                        failed DMARC or SPF without DKIM (high, 45):
 *                        nobody outside should send as us (CEO fraud)
 *
 * Weights: the spec's starting points.  Alone, a DMARC failure tags
 * (40 >= 20) but does not quarantine; with a look-alike or a lure it
 * does.
 *
 * Accepted false positives: mailing lists and forwarders that rewrite
 * the message break DKIM and SPF (ARC is not evaluated here); such mail
 * from a domain with a strict policy is tagged.  Mail whose MTA writes no
 * trusted Authentication-Results is never judged.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/sender.h"
#include "util/str.h"

struct verdicts {
	const struct yj_authres	*dmarc;		/* dmarc result, if any */
	const struct yj_authres	*spf;
	bool			 dkim_pass;
	const char		*authserv;
};

/* is - result r of method m */
static bool
is(const struct yj_authres *r, const char *m)
{
	return strcmp(r->method, m) == 0;
}

/* collect - results of the trusted headers (the topmost one wins) */
static bool
collect(const struct yj_msg *m, struct verdicts *v)
{
	const struct yj_authres *r;
	size_t i, k;

	memset(v, 0, sizeof(*v));
	for (i = 0; i < m->nauth; i++) {
		if (!m->auth[i].trusted)
			continue;
		if (v->authserv == NULL)
			v->authserv = m->auth[i].authserv_id;
		for (k = 0; k < m->auth[i].nr; k++) {
			r = &m->auth[i].v[k];
			if (is(r, "dmarc") && v->dmarc == NULL)
				v->dmarc = r;
			else if (is(r, "spf") && v->spf == NULL)
				v->spf = r;
			else if (is(r, "dkim") &&
		    strcmp(r->result, "pass") == 0)
				v->dkim_pass = true;
		}
	}
	return v->authserv != NULL;
}

/* prop - a property's value or "" */
static const char *
prop(const struct yj_authres *r, const char *ptype, const char *name)
{
	const char *v = r != NULL ? yj_authres_prop(r, ptype, name) : NULL;

	return v != NULL ? v : "";
}

/* spf_failed - spf=fail or softfail */
static bool
spf_failed(const struct verdicts *v)
{
	return v->spf != NULL && (strcmp(v->spf->result, "fail") == 0 ||
	    strcmp(v->spf->result, "softfail") == 0);
}

/* report_dmarc - auth.dmarc_fail */
static void
report_dmarc(struct yj_check_ctx *ctx, const struct verdicts *v,
    const char *from)
{
	struct yj_finding *f;

	f = yj_report(ctx, "dmarc_fail", YJ_SEV_HIGH, 40);
	yj_evidence(ctx, f, "from", "%s", from);
	yj_evidence(ctx, f, "header_from", "%s",
	    prop(v->dmarc, "header", "from"));
	yj_evidence(ctx, f, "authserv_id", "%s", v->authserv);
	yj_explain_ja(ctx, f, "差出人のドメイン (%s) の認証 (DMARC) "
	    "に失敗しました。このドメインの持ち主が送ったメールではない可能性が"
	    "高く、なりすましが疑われます。リンクや添付を開かず、"
	    "心当たりがあれば別の連絡手段で送信者に確認してください。",
	    yj_addr_domain(from));
	yj_explain_en(ctx, f, "The sender's domain (%s) failed DMARC "
	    "authentication: the domain's owner most likely did not send "
	    "this mail, so it may be forged. Do not open its links or "
	    "attachments; if you expected it, confirm with the sender by "
	    "another channel.", yj_addr_domain(from));
}

/* report_weak - auth.spf_dkim_fail */
static void
report_weak(struct yj_check_ctx *ctx, const struct verdicts *v,
    const char *from)
{
	struct yj_finding *f;

	f = yj_report(ctx, "spf_dkim_fail", YJ_SEV_MEDIUM, 15);
	yj_evidence(ctx, f, "from", "%s", from);
	yj_evidence(ctx, f, "spf", "%s", v->spf->result);
	yj_evidence(ctx, f, "mailfrom", "%s", prop(v->spf, "smtp",
	    "mailfrom"));
	yj_explain_ja(ctx, f, "送信元の認証 (SPF) に失敗し、電子署名 (DKIM) "
	    "もありません。差出人 %s が本物か確かめられません。"
	    "重要な依頼であれば別の手段で確認してください。", from);
	yj_explain_en(ctx, f, "The sending server failed SPF and the mail "
	    "carries no valid DKIM signature, so the sender %s cannot be "
	    "verified. Confirm important requests by another channel.", from);
}

/* report_own - auth.own_domain */
static void
report_own(struct yj_check_ctx *ctx, const char *from, const char *why)
{
	struct yj_finding *f;

	f = yj_report(ctx, "own_domain", YJ_SEV_HIGH, 45);
	yj_evidence(ctx, f, "from", "%s", from);
	yj_evidence(ctx, f, "failed", "%s", why);
	yj_explain_ja(ctx, f, "差出人は当組織のアドレス %s ですが、"
	    "外部から届き、認証 (%s) に失敗しています。"
	    "社内の人を装ったなりすましの疑いがあります。依頼には応じず、"
	    "内線などで本人に確認してください。",
	    from, why);
	yj_explain_en(ctx, f, "The sender is our own address %s, but the mail "
	    "came from outside and failed authentication (%s). Someone may be "
	    "posing as a colleague: do not act on it; confirm with the person "
	    "by phone.", from, why);
}

/* run - read the trusted results for the From domain */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_mailbox *from = yj_sender_mailbox(ctx->msg);
	struct verdicts v;
	bool dmarc_fail, weak;

	if (from == NULL || *from->domain == '\0' || !collect(ctx->msg, &v))
		return;
	dmarc_fail = v.dmarc != NULL && strcmp(v.dmarc->result, "fail") == 0;
	weak = spf_failed(&v) && !v.dkim_pass && (v.dmarc == NULL ||
	    strcmp(v.dmarc->result, "none") == 0);
	if (yj_org_is_internal_domain(ctx->org, from->domain) &&
	    (dmarc_fail || (spf_failed(&v) && !v.dkim_pass))) {
		report_own(ctx, from->addr, dmarc_fail ? "DMARC" : "SPF");
		return;
	}
	if (dmarc_fail)
		report_dmarc(ctx, &v, from->addr);
	else if (weak)
		report_weak(ctx, &v, from->addr);
}

YJ_CHECK_DEFINE(auth,
	.summary = "the From domain failed DMARC, or SPF without DKIM "
	    "(trusted Authentication-Results only)",
	.summary_ja = "差出人ドメインの認証 (DMARC、または DKIM のない SPF) "
	    "に失敗した (信頼できる Authentication-Results のみ)",
	.directions = YJ_DIR_IN,
	.run = run);
