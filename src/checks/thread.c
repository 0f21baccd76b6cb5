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
 *                        (medium, 30); with a link instead, low, 15;
 *                        without either, or as a forward (Fwd:, FW:,
 *                        転送:, which several clients start as new
 *                        threads), low, 10
 *
 * With the organisation's history (yojin learn, and the milter for
 * delivered mail), two more (B1's second half and B2, S6 S33):
 *
 *   thread.unknown_reference  the mail answers a Message-ID made at one
 *                             of our domains that we never sent
 *                             (medium, 30)
 *   thread.hijack             the mail continues a thread of ours, but
 *                             its sender (and the sender's organisation)
 *                             never took part in it (high, 45)
 *
 * Our Message-IDs are recognised by their domain, so mail sent through a
 * service that writes its own ids (Microsoft 365's ...prod.outlook.com)
 * cannot be told apart and is not judged by the first.  History only
 * knows mail we sent; a thread started by others in which we only
 * received is unknown, so B2 speaks only about threads we wrote in.
 *
 * List tags ("[list-name]") before the prefix are skipped.  Weights: the
 * spec's starting points (B1 30, B2 45).
 *
 * A reply that quotes the mail it answers is not reported even without
 * the headers: old clients (Lotus Notes, early Outlook) and some web
 * mail drop them, and a fake reply made to look real would be a thread
 * hijack, which is B2's business.
 *
 * The weight follows what the fake reply delivers: Emotet's carry a
 * file (the spec's 30); a link is shared in many real replies, and on
 * the development corpus old clients' replies without headers carried
 * links in about 1% of business mail, so a link alone does not tag; a
 * short "Re:" with neither cannot hurt by itself (a payment request in
 * it is the payment check's).
 *
 * Accepted false positives: replies without a quote from clients that
 * drop the headers, and people who type "Re:" themselves; for hijack,
 * a partner forwarding our thread to a colleague at another
 * organisation who then answers.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
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

	struct yj_quote q;

	for (i = 0; i < m->ntexts; i++) {
		if (m->texts[i].flags & (YJ_TEXT_ALTERNATIVE |
		    YJ_TEXT_ATTACHMENT))
			continue;
		yj_quote_split(ctx->arena, m->texts[i].text, m->texts[i].len,
		    &q);
		if (q.quoted_len > 0)
			return true;
	}
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

/* ids - the message's references, then its own id */
static size_t
ids(const struct yj_msg *m, const char **v, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < m->references.nr && n < max; i++)
		v[n++] = m->references.v[i];
	for (i = 0; i < m->in_reply_to.nr && n < max; i++)
		v[n++] = m->in_reply_to.v[i];
	return n;
}

/* ours - an id made at one of our domains ("...@yojin-shoji.example") */
static const char *
ours(struct yj_check_ctx *ctx, const char *const *v, size_t n)
{
	const char *at;
	size_t i;

	for (i = 0; i < n; i++)
		if ((at = strrchr(v[i], '@')) != NULL &&
		    yj_org_is_internal_domain(ctx->org, at + 1))
			return v[i];
	return NULL;
}

/* participant - the address, or its organisation, took part */
static bool
participant(struct yj_check_ctx *ctx, const struct yj_kb_thread *t,
    const struct yj_mailbox *from)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (yj_str_ieq(t->v[i].addr, from->addr) ||
		    (!yj_domain_is_consumer(from->domain) && yj_domain_same_org(
		    ctx->arena, yj_addr_domain(t->v[i].addr), from->domain)))
			return true;
	return false;
}

/*
 * check_known - with the organisation's history: a reply to a message of
 * ours we never sent (B1), a reply in one of our threads from someone
 * who was never in it (B2)
 */
static void
check_known(struct yj_check_ctx *ctx, const struct yj_mailbox *from)
{
	const char *v[64], *id;
	struct yj_kb_stats st;
	struct yj_kb_thread t;
	struct yj_finding *f;
	size_t n;
	int rc;

	n = ids(ctx->msg, v, 64);
	if (n == 0 || yj_kb_stats(ctx->kb, &st) != 0 || st.messages == 0)
		return;
	rc = yj_kb_thread(ctx->kb, ctx->arena, v, n, &t);
	if (rc == YJ_ENOENT && (id = ours(ctx, v, n)) != NULL) {
		f = yj_report(ctx, "unknown_reference", YJ_SEV_MEDIUM, 30);
		yj_evidence(ctx, f, "references", "%s", id);
		yj_explain_ja(ctx, f, "このメールは当組織から送ったメールへの"
		    "返信の形をしていますが、そのようなメールを送った記録が"
		    "ありません。"
		    "やり取りがあったように見せかける手口の可能性があります。");
		yj_explain_en(ctx, f, "This mail presents itself as a reply to "
		    "a message from us, but we have no record of sending it. "
		    "It may only pretend to continue a conversation.");
		return;
	}
	if (rc != 0 || t.known == 0 || t.nr == 0 || participant(ctx, &t, from))
		return;
	f = yj_report(ctx, "hijack", YJ_SEV_HIGH, 45);
	yj_evidence(ctx, f, "from", "%s", from->addr);
	yj_evidence(ctx, f, "participants", "%zu", t.nr);
	yj_evidence(ctx, f, "participant", "%s", t.v[0].addr);
	yj_explain_ja(ctx, f, "このメールは当組織とのやり取りの続きですが、"
	    "差出人 %s はそのやり取りに一度も加わっていない相手です。"
	    "盗んだメールを使ってやり取りに割り込む手口 (Emotet など) "
	    "の可能性があります。添付やリンクを開く前に、"
	    "これまでの相手に別の手段で確認してください。",
	    from->addr);
	yj_explain_en(ctx, f, "This mail continues one of our conversations, "
	    "but its sender %s never took part in it. Stolen mail is used this "
	    "way to break into real threads (Emotet and others): check with "
	    "the people you have been writing to, by another channel, before "
	    "opening links or attachments.", from->addr);
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
	int weight;

	if (from == NULL || yj_org_is_internal_domain(ctx->org, from->domain))
		return;
	check_known(ctx, from);
	reply = starts_any(s, reply_prefix);
	fwd = !reply && starts_any(s, fwd_prefix);
	if ((!reply && !fwd) || names_earlier(m) || quotes(ctx))
		return;
	what = delivers(m);
	weight = !reply || what == NULL ? 10 : strcmp(what, "link") == 0 ?
	    15 : 30;
	f = yj_report(ctx, "fake_reply", weight == 30 ? YJ_SEV_MEDIUM :
	    YJ_SEV_LOW, weight);
	yj_evidence(ctx, f, "subject", "%s", m->subject);
	yj_evidence(ctx, f, "kind", "%s", reply ? "reply" : "forward");
	yj_evidence(ctx, f, "delivers", "%s", what ? what : "nothing");
	yj_explain_ja(ctx, f, "件名は「%s」と%sの形ですが、"
	    "もとのメールを示す情報がありません。"
	    "やり取りの途中に見せかけて信用させる手口 (Emotet など) "
	    "の可能性があります。本当に続きのメールか、送信者に確認して"
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
