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
 *                        SV:, ...) but the mail names no earlier message
 *                        (medium, 30); a forward (Fwd:, FW:, 転送:) that
 *                        names none weighs low, 10, since several clients
 *                        start forwards as new threads
 *
 * List tags ("[list-name]") before the prefix are skipped.  Weight: the
 * spec's starting point for B1.
 *
 * Accepted false positives: replies from mobile carriers' and web mail
 * that drop the headers, and people who type "Re:" themselves.
 */
#include <string.h>

#include "engine/check.h"
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

/* run - the subject's claim against the headers */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_mailbox *from = yj_msg_from(m);
	const char *s = skip_tags(m->subject_nfkc);
	struct yj_finding *f;
	bool reply, fwd;

	if (from != NULL && yj_org_is_internal_domain(ctx->org, from->domain))
		return;
	reply = starts_any(s, reply_prefix);
	fwd = !reply && starts_any(s, fwd_prefix);
	if ((!reply && !fwd) || names_earlier(m))
		return;
	f = yj_report(ctx, "fake_reply", reply ? YJ_SEV_MEDIUM : YJ_SEV_LOW,
	    reply ? 30 : 10);
	yj_evidence(ctx, f, "subject", "%s", m->subject);
	yj_evidence(ctx, f, "kind", "%s", reply ? "reply" : "forward");
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
