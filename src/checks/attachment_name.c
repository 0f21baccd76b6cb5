/*
 * attachment_name - outbound: an attachment named for another client
 *
 * The mistake: the right mail with the wrong file, "見積書_B商事様.xlsx"
 * or "Globex_contract.pdf" attached to a mail for A; file names often
 * carry the client they were made for.  Binding attachment names to
 * allowed recipients is what OutlookOkan does by hand ("Attachment name
 * tied to allowed recipients" in ../shared/spec/outbound-anchors.md);
 * here the names come from what the organisation knows.  Looking inside
 * the files is the attachment checks' business (attachment.other_client).
 *
 * Every attachment's name, including members of archives, is searched
 * (NFKC_Casefold) for known organisations with the knowledge's matcher;
 * an organisation tied to domains of which none belongs to the external
 * recipients, and whose name no recipient's organisation has, is
 * another client.
 *
 * Findings:
 *   attachment_name.other_client   an attachment's name names a known
 *                                  organisation that is not among the
 *                                  recipients (high, weight 40)
 *
 * Accepted false positives: a file about a third company sent on
 * purpose (a partner's brochure); the name is evidence, the sender
 * decides.
 */
#include <string.h>

#include "engine/check.h"
#include "engine/rcptorg.h"
#include "util/str.h"

#define MAX_HITS	8
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

/* report - one attachment named for another organisation */
static void
report(struct ours *o, const struct yj_attachment *att,
    const struct yj_kb_org_hit *h)
{
	struct yj_check_ctx *ctx = o->ctx;
	struct yj_finding *f;

	f = yj_report(ctx, "other_client", YJ_SEV_HIGH, 40);
	yj_evidence(ctx, f, "filename", "%s", att->filename);
	yj_evidence(ctx, f, "organization", "%s", h->org.name);
	yj_evidence(ctx, f, "organization_domain", "%s", h->org.domains[0]);
	yj_evidence(ctx, f, "recipients", "%s", o->r.shown);
	yj_explain_ja(ctx, f, "添付ファイル「%s」の名前に「%s」(%s) がありますが、"
	    "宛先 (%s) はその組織ではありません。別の相手向けのファイルを添付して"
	    "いないか確かめてください。", att->filename, h->org.name,
	    h->org.domains[0], o->r.shown);
	yj_explain_en(ctx, f, "The attachment \"%s\" is named for %s (%s), "
	    "but the recipients (%s) are not at that organisation. Check that "
	    "you attached the file meant for them.", att->filename,
	    h->org.name, h->org.domains[0], o->r.shown);
}

/* scan - organisations in one file name */
static void
scan(struct ours *o, const struct yj_attachment *att)
{
	const char *name = att->filename_nfkc;
	struct yj_kb_org_hit *v;
	size_t i, n;

	if (name == NULL || *name == '\0' || yj_kb_find_orgs(o->ctx->kb,
	    o->ctx->arena, name, strlen(name), MAX_HITS, &v, &n) != 0)
		return;
	for (i = 0; i < n && o->seen.nr < MAX_REPORTS; i++) {
		if (!yj_rcpt_orgs_foreign(o->ctx, &o->r, &v[i].org) ||
		    yj_strvec_has(&o->seen, v[i].org.key))
			continue;
		yj_strvec_push(o->ctx->arena, &o->seen, v[i].org.key);
		report(o, att, &v[i]);
	}
}

/* run - every attachment's name */
static void
run(struct yj_check_ctx *ctx)
{
	struct ours o;
	size_t i;

	if (ctx->msg->natts == 0 || !collect(ctx, &o))
		return;
	for (i = 0; i < ctx->msg->natts && !yj_check_expired(ctx); i++)
		scan(&o, &ctx->msg->atts[i]);
}

YJ_CHECK_DEFINE(attachment_name,
	.summary = "an attachment's file name names a known organisation that "
	    "is not among the recipients",
	.summary_ja = "添付ファイル名に、宛先ではない既知の組織名がある",
	.directions = YJ_DIR_OUT,
	.run = run);
