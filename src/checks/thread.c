/*
 * thread - inbound: replies to conversations that never happened
 *
 * The attack: Emotet and BEC dress mail as a reply ("RE:", "Fwd:",
 * "返信:") so that it looks like part of an existing conversation and is
 * trusted (indicator B1 of ../shared/spec/inbound-and-incident.md,
 * S12).  A real reply names the mail it answers in In-Reply-To and
 * References (RFC 5322 3.6.4); Outlook and Exchange also keep a
 * Thread-Index.  A "reply" with none of them was written as a new mail
 * with the prefix typed in.
 *
 * Findings:
 *   thread.fake_reply    the subject says reply (Re:, RE:, 返信:, AW:,
 *                        SV:, ...) but the mail neither names nor quotes
 *                        an earlier message, and it brings an attachment
 *                        or a link (medium, 30); without either, or as a
 *                        forward (Fwd:, FW:, 転送:, which several clients
 *                        start as new threads), it weighs low, 10
 *
 * List tags ("[list-name]") before the prefix are skipped.  Weight: the
 * spec's starting point for B1.
 *
 * A reply that quotes the mail it answers is not reported even without
 * the headers: old clients (Lotus Notes, early Outlook) and some web
 * mail drop them, and a fake reply made to look real would be a thread
 * hijack, which is B2's business.
 *
 * The weight follows what the fake reply delivers: Emotet's carry a
 * file or a link; a short "Re:" with neither cannot hurt by itself (a
 * payment request in it is the payment check's), and old clients send
 * such replies without headers.
 *
 * Accepted false positives: replies without a quote from clients that
 * drop the headers, and people who type "Re:" themselves.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/quote.h"
#include "mail/sender.h"
#include "util/str.h"

/* Reply and forward prefixes (NFKC_Casefold: "ＲＥ：" is "re:"). */
static const char *const reply_prefix[] = {
	"re:", "re :", "aw:", "sv:", "vs:", "antw:", "odp:", "ynt:", "rif:",
	"返信:", "回复:", "答复:", "re^", NULL,
};
static const char *const fwd_prefix[] = {
	"fwd:", "fw:", "fwd :", "fw :", "wg:", "tr:", "rv:", "転送:", "fwd[",
	"转发:", NULL,
};

/* skip_tags - past leading spaces and "[list]" tags */
static const char *
skip_tags(const char *s)
{
	const char *e;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s != '[' || (e = strchr(s, ']')) == NULL || e - s > 64)
			return s;
		s = e + 1;
	}
}

/* starts_any - s starts with one of the prefixes */
static bool
starts_any(const char *s, const char *const *v)
{
	size_t i;

	for (i = 0; v[i] != NULL; i++)
		if (strncmp(s, v[i], strlen(v[i])) == 0)
			return true;
	return false;
}

/* names_earlier - the mail names an earlier message */
static bool
names_earlier(const struct yj_msg *m)
{
	return m->in_reply_to.nr > 0 || m->references.nr > 0 ||
	    yj_msg_header(m, "Thread-Index") != NULL ||
	    yj_msg_header(m, "X-Forwarded-Message-Id") != NULL;
}

/* quotes - some main text quotes an earlier mail */
static bool
quotes(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	size_t i;

	for (i = 0; i < m->ntexts; i++)
		if (!(m->texts[i].flags & (YJ_TEXT_ALTERNATIVE |
		    YJ_TEXT_ATTACHMENT)) && *yj_quote_quoted(ctx->arena,
		    m->texts[i].text, m->texts[i].len) != '\0')
			return true;
	return false;
}

/* delivers - "attachment" or "link" the reply brings, or NULL */
static const char *
delivers(const struct yj_msg *m)
{
	size_t i;

	for (i = 0; i < m->natts; i++)
		if (m->atts[i].depth == 0 && !(m->atts[i].flags &
		    YJ_ATT_INLINE))
			return "attachment";
	for (i = 0; i < m->nurls; i++)
		if (m->urls[i].source != YJ_SRC_IMG &&
		    *m->urls[i].host != '\0')
			return "link";
	return NULL;
}

/* run - the subject's claim against the headers */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_mailbox *from = yj_sender_mailbox(m);
	const char *s = skip_tags(m->subject_nfkc);
	struct yj_finding *f;
	const char *what;
	bool reply, fwd;

	if (from != NULL && yj_org_is_internal_domain(ctx->org, from->domain))
		return;
	reply = starts_any(s, reply_prefix);
	fwd = !reply && starts_any(s, fwd_prefix);
	if ((!reply && !fwd) || names_earlier(m) || quotes(ctx))
		return;
	what = delivers(m);
	f = yj_report(ctx, "fake_reply", reply && what ? YJ_SEV_MEDIUM :
	    YJ_SEV_LOW, reply && what ? 30 : 10);
	yj_evidence(ctx, f, "subject", "%s", m->subject);
	yj_evidence(ctx, f, "kind", "%s", reply ? "reply" : "forward");
	yj_evidence(ctx, f, "delivers", "%s", what ? what : "nothing");
	yj_explain_ja(ctx, f, "件名は「%s」と%sの形ですが、もとのメールを示す情報"
	    "がありません。やり取りの途中に見せかけて信用させる手口 (Emotet "
	    "など) の可能性があります。本当に続きのメールか、送信者に確認して"
	    "ください。", m->subject, reply ? "返信" : "転送");
	yj_explain_en(ctx, f, "The subject \"%s\" says %s, but the mail does "
	    "not refer to any earlier message. Posing as part of an existing "
	    "conversation is a trick (Emotet and others) to gain trust: "
	    "check with the sender that it really continues your exchange.",
	    m->subject, reply ? "this is a reply" : "this is forwarded");
}

YJ_CHECK_DEFINE(thread,
	.summary = "a reply or forward that refers to no earlier message",
	.summary_ja = "返信・転送の件名なのに、もとのメールを示す情報がない",
	.directions = YJ_DIR_IN,
	.run = run);
