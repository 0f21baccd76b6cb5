/*
 * intel - inbound: senders, links and files the organisation has blocked
 *
 * The organisation's own threat intelligence: block lists of addresses,
 * domains, URLs (exact, host, prefix) and attachment SHA-256, filled by
 * 'yojin intel add|import' (JPCERT/CC's confirmed phishing URLs, the
 * council's alerts, the organisation's own incident reports: indicator
 * D3 of ../shared/spec/inbound-and-incident.md, S34).  A match is the
 * strongest evidence there is: someone already confirmed this indicator
 * as malicious.
 *
 * Findings (all critical, 80; a critical finding quarantines on its own
 * when policy.critical_escalates is on, the default):
 *   intel.blocked_sender      From, Sender, Reply-To or the envelope
 *                             sender is listed (or its domain)
 *   intel.blocked_url         a link is listed (URL, prefix, host or
 *                             domain)
 *   intel.blocked_attachment  an attachment's SHA-256 is listed
 *
 * Evidence names the list entry (kind, value, source, note) so the
 * reader and the administrator see why.  Allow entries are read by the
 * checks they quiet (brand, lookalike), not here.
 *
 * Accepted false positives: whatever was listed by mistake; remove it
 * with 'yojin intel remove'.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/ioc.h"
#include "mail/url.h"

#define MAX_EVIDENCE	5

struct hits {
	const char		*what[MAX_EVIDENCE];
	struct yj_kb_intel_hit	 hit[MAX_EVIDENCE];
	size_t			 n;
};

/* lookup - normalise value as kind, ask the block list, remember a hit */
static void
lookup(struct yj_check_ctx *ctx, enum yj_ioc_kind kind, enum yj_kb_query q,
    const char *value, struct hits *h)
{
	struct yj_kb_intel_hit hit;
	const char *v;
	size_t i;

	if (h->n >= MAX_EVIDENCE || value == NULL || *value == '\0')
		return;
	v = yj_ioc_normalize(ctx->arena, kind, value);
	if (v == NULL)
		return;
	for (i = 0; i < h->n; i++)
		if (strcmp(h->what[i], v) == 0)
			return;
	if (!yj_kb_intel_match(ctx->kb, YJ_KB_BLOCK, q, v, ctx->arena, &hit))
		return;
	h->what[h->n] = v;
	h->hit[h->n++] = hit;
}

/* report - one finding per kind of indicator */
static void
report(struct yj_check_ctx *ctx, const char *name, const char *key,
    const struct hits *h, const char *ja, const char *en)
{
	struct yj_finding *f;
	size_t i;

	if (h->n == 0)
		return;
	f = yj_report(ctx, name, YJ_SEV_CRITICAL, 80);
	for (i = 0; i < h->n; i++) {
		yj_evidence(ctx, f, key, "%s", h->what[i]);
		yj_evidence(ctx, f, "listed", "%s %s (id %lld)", h->hit[i].kind,
		    h->hit[i].value, (long long)h->hit[i].id);
		if (*h->hit[i].source != '\0')
			yj_evidence(ctx, f, "source", "%s", h->hit[i].source);
		if (*h->hit[i].note != '\0')
			yj_evidence(ctx, f, "note", "%s", h->hit[i].note);
	}
	yj_explain_ja(ctx, f, "%s", ja);
	yj_explain_en(ctx, f, "%s", en);
}

/* senders - every sender-side address */
static void
senders(struct yj_check_ctx *ctx, struct hits *h)
{
	const struct yj_addrlist *l[3];
	const struct yj_msg *m = ctx->msg;
	size_t i, k;

	l[0] = &m->from;
	l[1] = &m->sender;
	l[2] = &m->reply_to;
	for (k = 0; k < 3; k++)
		for (i = 0; i < l[k]->nr; i++)
			lookup(ctx, YJ_IOC_ADDRESS, YJ_KB_Q_ADDRESS,
			    l[k]->v[i].addr, h);
	lookup(ctx, YJ_IOC_ADDRESS, YJ_KB_Q_ADDRESS, m->env.mail_from, h);
}

/* run - senders, links, attachments */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	struct hits s = { 0 }, u = { 0 }, a = { 0 };
	size_t i;

	if (ctx->kb == NULL || ctx->kb->intel_match == NULL)
		return;
	senders(ctx, &s);
	for (i = 0; i < m->nurls && !yj_check_expired(ctx); i++)
		if (!(m->urls[i].url_flags & YJ_URL_MAILTO))
			lookup(ctx, YJ_IOC_URL, YJ_KB_Q_URL, m->urls[i].url,
			    &u);
	for (i = 0; i < m->natts; i++)
		lookup(ctx, YJ_IOC_SHA256, YJ_KB_Q_SHA256, m->atts[i].sha256,
		    &a);
	report(ctx, "blocked_sender", "address", &s,
	    "差出人は、当組織の遮断リストに登録されています。"
	    "攻撃や詐欺に使われたことが確認されている相手です。"
	    "開かずに削除するか、情報システムの担当者に知らせてください。",
	    "The sender is on our organisation's block list: it has been "
	    "confirmed as used for attacks or fraud. Delete the mail without "
	    "opening it, or tell your IT staff.");
	report(ctx, "blocked_url", "url", &u,
	    "このメールのリンク先は、"
	    "フィッシングなどの悪質なサイトとして遮断リストに登録されています。"
	    "リンクは絶対に開かないでください。",
	    "A link in this mail goes to a site on our block list (a "
	    "confirmed phishing or malicious site). Do not open it.");
	report(ctx, "blocked_attachment", "sha256", &a,
	    "添付ファイルは、悪質なファイルとして遮断リストに登録されているもの"
	    "と同じです。絶対に開かないでください。",
	    "An attachment is identical to a file on our block list of "
	    "malicious files. Do not open it.");
}

YJ_CHECK_DEFINE(intel,
	.summary = "a sender, link or attachment on the organisation's block "
	    "lists (yojin intel)",
	.summary_ja = "遮断リスト (yojin intel) に載っている差出人・リンク・"
	    "添付ファイル",
	.directions = YJ_DIR_IN,
	.run = run);
