/*
 * payment - inbound: requests to pay somewhere new, or to pay quickly and
 * quietly
 *
 * The attack: business-email compromise ends in a transfer.  IPA's BEC
 * survey (JPCERT/CC, 117 cases) found fake invoices from partners in 75%
 * of cases: "our bank account has changed"; executive impersonation asks
 * for an urgent, confidential transfer ("極秘扱い/至急扱い"), often to an
 * internet-only or overseas bank (indicator F1 of
 * ../shared/spec/inbound-and-incident.md, S26 S29 S31).  The request
 * alone is ordinary business; what makes it fraud is where it comes
 * from, so the weight rises when the sender also looks wrong.
 *
 * Findings:
 *   payment.account_change   the bank account or payee for payments
 *                            changes (medium, 30; high, 70 when the sender
 *                            writes from free mail, from a domain that
 *                            imitates ours, or has Reply-To go to another
 *                            organisation: indicators A4, A7, A8)
 *   payment.urgent_transfer  a transfer asked urgently and in secret
 *                            (medium, 30; high, 70 with the same senders)
 *
 * Japanese and English wording after NFKC_Casefold, on the subject and
 * the sender's text.  Weights: the spec's (30, +40 with A4/A7/A8).
 * The raised weight quarantines on its own: a changed bank account from
 * a sender that is not who they seem is the fraud itself.
 *
 * Accepted false positives: a real partner announcing a new account
 * (legitimate, and still worth a phone call: the finding says so).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/lookalike.h"
#include "mail/phrase.h"
#include "mail/sender.h"
#include "util/alloc.h"
#include "util/str.h"

static const struct yj_phrase_rule rules[] = {
	{ "account_change", "(振込|振り込み|お振込み?|送金|入金|支払|お支払い?|"
	  "ご入金)(先|口座).{0,20}(変更|変わ|更新|新しい|以下|下記)|(口座|"
	  "銀行|振込先).{0,12}(を)?(変更(いた)?(しました|します|となり|"
	  "になり)|変わりました|移行)|新しい(口座|振込先)|旧口座|"
	  "(bank|banking|account|payment|remittance|wire) (details|"
	  "information|instructions|account)[^\\n]{0,40}(changed|updated|"
	  "new|modified)|(change|update)[ds]? (of|to|in) (our|the) (bank|"
	  "banking|account|payment|remittance)|new (bank|banking|"
	  "beneficiary) (account|details|information)" },
	{ "urgent_secret", "(極秘|内密|他言無用|誰にも(言わ|話さ|相談せ)|"
	  "内々に|confidential|discreet|do not (tell|discuss|share)|"
	  "keep (this|it) (between us|private|quiet))[^\\n]{0,60}"
	  "(送金|振込|振り込|支払|transfer|payment|wire|remit)|"
	  "(送金|振込|振り込|支払|transfer|payment|wire|remit)[^\\n]{0,60}"
	  "(至急|本日中|今日中|急ぎ|大至急|urgent|asap|today|immediately)"
	  "[^\\n]{0,60}(極秘|内密|他言無用|confidential|discreet)" },
};

/* setup - compile */
static int
setup(const struct yj_org *org, const void *settings, void **out, char *err,
    size_t errsz)
{
	struct yj_phrases *ps;
	int rc;

	(void)org;
	(void)settings;
	rc = yj_phrases_new(rules, 2, &ps, err, errsz);
	*out = ps;
	return rc;
}

/* teardown - free */
static void
teardown(void *p)
{
	yj_phrases_free(p);
}

/* imitates_us - the domain is a look-alike of one of ours */
static bool
imitates_us(struct yj_check_ctx *ctx, const char *domain)
{
	enum yj_lookalike_how h;
	size_t i;

	for (i = 0; i < ctx->org->ndomains; i++) {
		h = yj_lookalike_pair(ctx->arena, domain, ctx->org->domains[i],
		    NULL);
		if (h != YJ_LA_NONE && h != YJ_LA_SAME)
			return true;
	}
	return false;
}

/* suspect_sender - why the sender itself looks wrong, or NULL */
static const char *
suspect_sender(struct yj_check_ctx *ctx, const struct yj_mailbox *from)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_mailbox *rt;
	size_t i;

	if (yj_domain_is_consumer(from->domain))
		return "free_mail";
	if (imitates_us(ctx, from->domain))
		return "lookalike";
	for (i = 0; i < m->reply_to.nr; i++) {
		rt = &m->reply_to.v[i];
		if (*rt->domain == '\0' ||
		    yj_org_is_internal_domain(ctx->org, rt->domain))
			continue;
		if (yj_domain_is_consumer(rt->domain) ?
		    !yj_str_ieq(rt->addr, from->addr) :
		    !yj_domain_same_org(ctx->arena, from->domain, rt->domain))
			return "reply_to";
	}
	return NULL;
}

/* report - one finding, weighted by the sender */
static void
report(struct yj_check_ctx *ctx, bool change, const char *words,
    const struct yj_mailbox *from, const char *why)
{
	struct yj_finding *f;

	f = yj_report(ctx, change ? "account_change" : "urgent_transfer",
	    why ? YJ_SEV_HIGH : YJ_SEV_MEDIUM, why ? 70 : 30);
	yj_evidence(ctx, f, "words", "%s", words);
	yj_evidence(ctx, f, "from", "%s", from->addr);
	if (why != NULL)
		yj_evidence(ctx, f, "sender", "%s", why);
	if (change) {
		yj_explain_ja(ctx, f, "振込先口座の変更を知らせる内容です "
		    "(「%s」)。%s請求書詐欺 (ビジネスメール詐欺) "
		    "の典型的な手口です。メールの連絡先ではなく、"
		    "以前から知っている電話番号で相手に確認するまで、"
		    "支払い先を変えないでください。", words, why ?
		    "しかも差出人が本物の相手とは思えません。" : "");
		yj_explain_en(ctx, f, "The mail announces a change of bank "
		    "account for payments (\"%s\").%s This is the classic "
		    "invoice fraud (business-email compromise): do not change "
		    "the payee until you have confirmed by a phone number you "
		    "already know.", words, why ? " The sender also does not "
		    "look like the real party." : "");
	} else {
		yj_explain_ja(ctx, f, "至急かつ内密の送金を求める内容です "
		    "(「%s」)。%s役員などを装った詐欺の典型です。送金せず、"
		    "本人に直接確認してください。", words, why ?
		    "しかも差出人が本物とは思えません。" : "");
		yj_explain_en(ctx, f, "The mail asks for an urgent and "
		    "confidential transfer (\"%s\").%s This is typical of "
		    "fraud posing as an executive: do not pay; confirm with "
		    "the person directly.", words, why ?
		    " The sender also does not look genuine." : "");
	}
}

/* run - the request, then the sender */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_mailbox *from = yj_sender_mailbox(m);
	const char *t, *w;
	long r;

	if (from == NULL || *from->domain == '\0' ||
	    yj_org_is_internal_domain(ctx->org, from->domain))
		return;
	t = yj_arena_printf(ctx->arena, "%s\n%s", m->subject_nfkc,
	    m->body_nfkc);
	r = yj_phrases_first(ctx->state, t, strlen(t), ctx->arena, &w);
	if (r < 0)
		return;
	report(ctx, r == 0, w, from, suspect_sender(ctx, from));
}

YJ_CHECK_DEFINE(payment,
	.summary = "a changed bank account for payments, or an urgent and "
	    "secret transfer (weighted up when the sender looks wrong)",
	.summary_ja = "振込先口座の変更、至急・内密の送金依頼 (差出人が怪しいと"
	    "重く評価)",
	.directions = YJ_DIR_IN,
	.setup = setup,
	.teardown = teardown,
	.run = run);
