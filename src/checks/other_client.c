/*
 * other_client - outbound: the subject or the text names another client
 *
 * The mistake: a mail prepared for client B (a quotation, a report, a
 * reply in B's thread) is reused and sent to client A; the text still
 * says "B社様のお見積り" or "the B project".  Item 2 of "What no anchor
 * does" in ../shared/spec/outbound-anchors.md: OutlookOkan needs a
 * hand-kept keyword-to-recipient table, nobody learns it.
 *
 * Known organisations (contacts, and organisations learned from sent
 * mail with the domain they were written to) are searched in the
 * subject and in the author's own text (the quoted part of a reply is
 * reused_thread's business) with the knowledge's matcher: names in
 * their usual variants (株式会社/(株)/㈱, width, spacing) and their
 * domains.  An organisation counts as "another client" when it is tied
 * to a domain and none of its domains, nor its name, belongs to the
 * external recipients.  Organisations known only by name, with no
 * domain, are never reported: nothing says they are not the recipient.
 *
 * A name counts only outside addresses and links ("x@b-kogyo.example",
 * "https://b-kogyo.example/..."): those are someone to contact or a page
 * to read, not the subject of the mail.
 *
 * Findings:
 *   other_client.named   a known organisation that is not among the
 *                        recipients is named: in the subject (medium,
 *                        weight 30), in the text (medium, 25)
 *
 * Accepted false positives: mail that mentions a third company on
 * purpose (a competitor, a shared partner); alone it is tagged, not
 * held.  Next to a first contact or another finding it holds, which is
 * the case the check is for.
 */
#include <string.h>

#include "engine/check.h"
#include "engine/rcptorg.h"
#include "mail/quote.h"
#include "util/str.h"

#define MAX_HITS	32
#define MAX_REPORTS	5

struct ours {
	struct yj_check_ctx	*ctx;
	struct yj_rcpt_orgs	 r;	/* the recipients' organisations */
	struct yj_strvec	 seen;	/* organisations reported */
};

/* collect - the recipients' organisations; false if none is external */
static bool
collect(struct yj_check_ctx *ctx, struct ours *o)
{
	memset(o, 0, sizeof(*o));
	o->ctx = ctx;
	return yj_rcpt_orgs_collect(ctx, &o->r);
}

/* report - one organisation named where it should not be */
static void
report(struct ours *o, const struct yj_kb_org_hit *h, bool subject)
{
	struct yj_check_ctx *ctx = o->ctx;
	struct yj_finding *f;

	f = yj_report(ctx, "named", YJ_SEV_MEDIUM, subject ? 30 : 25);
	yj_evidence(ctx, f, "organization", "%s", h->org.name);
	yj_evidence(ctx, f, "where", "%s", subject ? "subject" : "body");
	yj_evidence(ctx, f, "matched", "%s", h->matched);
	yj_evidence(ctx, f, "organization_domain", "%s", h->org.domains[0]);
	yj_evidence(ctx, f, "recipients", "%s", o->r.shown);
	yj_explain_ja(ctx, f, "%sに「%s」(%s) の名前がありますが、宛先 (%s) は"
	    "その組織ではありません。%s 向けのメールや資料を流用していないか確か"
	    "めてください。", subject ? "件名" : "本文", h->org.name,
	    h->org.domains[0], o->r.shown, h->org.name);
	yj_explain_en(ctx, f, "The %s names %s (%s), but the recipients (%s) "
	    "are not at that organisation. Check that this mail was not "
	    "written for %s.", subject ? "subject" : "text", h->org.name,
	    h->org.domains[0], o->r.shown, h->org.name);
}

/*
 * in_link - the hit is inside an e-mail address or a link ("x@b.example",
 * "https://b.example/team"): someone to contact or a page to read, not
 * the subject of the mail
 */
static bool
in_link(const char *text, const struct yj_kb_org_hit *h)
{
	size_t i = h->off, start;

	while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n' &&
	    text[i - 1] != '\t' && text[i - 1] != '<' && text[i - 1] != '(')
		i--;
	start = i;
	for (i = start; i < h->off; i++)
		if (text[i] == '@' || (text[i] == ':' && i + 2 < h->off &&
		    text[i + 1] == '/' && text[i + 2] == '/'))
			return true;
	return h->off - start >= 4 && strncmp(text + start, "www.", 4) == 0;
}

/* scan - organisations named in one text */
static void
scan(struct ours *o, const char *text, size_t len, bool subject)
{
	struct yj_kb_org_hit *v;
	size_t i, n;

	if (len == 0 || yj_kb_find_orgs(o->ctx->kb, o->ctx->arena, text, len,
	    MAX_HITS, &v, &n) != 0)
		return;
	for (i = 0; i < n && o->seen.nr < MAX_REPORTS; i++) {
		if (!yj_rcpt_orgs_foreign(o->ctx, &o->r, &v[i].org) ||
		    yj_strvec_has(&o->seen, v[i].org.key))
			continue;
		if (in_link(text, &v[i]))
			continue;
		yj_strvec_push(o->ctx->arena, &o->seen, v[i].org.key);
		report(o, &v[i], subject);
	}
}

/* run - subject first, then the author's own text */
static void
run(struct yj_check_ctx *ctx)
{
	const unsigned skip = YJ_TEXT_ATTACHMENT | YJ_TEXT_ALTERNATIVE |
	    YJ_TEXT_NESTED;
	const struct yj_msg *m = ctx->msg;
	struct yj_quote q;
	struct ours o;
	size_t i;

	if (!collect(ctx, &o))
		return;
	scan(&o, m->subject_nfkc, strlen(m->subject_nfkc), true);
	for (i = 0; i < m->ntexts && !yj_check_expired(ctx); i++) {
		if (m->texts[i].flags & skip)
			continue;
		yj_quote_split(ctx->arena, m->texts[i].nfkc,
		    strlen(m->texts[i].nfkc), &q);
		scan(&o, q.own, q.own_len, false);
	}
}

YJ_CHECK_DEFINE(other_client,
	.summary = "the subject or text names a known organisation that is "
	    "not among the recipients",
	.summary_ja = "件名や本文に、宛先ではない既知の組織名がある",
	.directions = YJ_DIR_OUT,
	.run = run);
