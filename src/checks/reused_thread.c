/*
 * reused_thread - outbound: a reply or forward that does not fit the
 * thread it continues
 *
 * Two mistakes: a new outside organisation added to a reply (address
 * completion adds a third company, FlexConfirmMail PR #41; "New domain
 * added while replying" in ../shared/spec/outbound-anchors.md), and a
 * thread with organisation B reused to write to A, so that B's mail goes
 * to A in the quotation (FlexConfirmMail #3: text pasted into a reply to
 * the wrong thread).
 *
 * The thread is what was learned from sent mail (knowledge thread lookup
 * by In-Reply-To and References): its outside participants' domains are
 * compared with this mail's outside recipients'.  The quotation is the
 * quoted part of the body (mail/quote.h): the authors of the quoted
 * messages (From:, 差出人:, "... wrote:", Notes' "... on 04/16/2001")
 * tell whose conversation it was; when none of the outside authors'
 * organisations is a recipient, the thread was someone else's.  Private
 * addresses (free mail) count one by one, organisations by registrable
 * domain.
 *
 * Findings:
 *   reused_thread.new_domain        outside organisations not on the
 *                                   thread: high (45) when none of the
 *                                   thread's outside organisations is
 *                                   still a recipient, medium (30) when
 *                                   one is added beside them; forwards
 *                                   count half
 *   reused_thread.quotes_other_org  the quotation is a conversation with
 *                                   an organisation that is not a
 *                                   recipient: high (40) in a reply,
 *                                   medium (25) in a forward (not
 *                                   reported beside new_domain for a
 *                                   forward: that is the same fact)
 *
 * Accepted false positives: forwarding a thread to a new party on
 * purpose (weighted down, since forwarding is how that is done),
 * bringing a partner into a thread, answering from a thread that moved
 * between companies.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/greeting.h"
#include "mail/pii.h"
#include "mail/quote.h"
#include "mail/rcpt.h"
#include "util/str.h"

#define MAX_LISTED	5

struct mail {
	struct yj_check_ctx	*ctx;
	struct yj_strvec	 ours;		/* recipients' organisations */
	bool			 forward;
	bool			 reply;
};

/* org_of - the comparable organisation of an address */
static const char *
org_of(struct yj_check_ctx *ctx, const char *addr)
{
	const char *d = yj_addr_domain(addr);

	if (yj_domain_is_consumer(d))
		return yj_str_lower(ctx->arena, addr);
	return yj_domain_registrable(ctx->arena, yj_str_lower(ctx->arena, d));
}

/* outside - an address of another organisation */
static bool
outside(const struct yj_check_ctx *ctx, const char *addr)
{
	const char *d = yj_addr_domain(addr);

	return *d != '\0' && !yj_org_is_internal_domain(ctx->org, d);
}

/* kind - is the subject a forward or a reply */
static void
kind(struct mail *m)
{
	static const char *const fwd[] = { "fw:", "fwd:", "転送:", "tr:",
		"wg:", NULL };
	static const char *const re[] = { "re:", "返信:", "aw:", "sv:", NULL };
	const char *s = m->ctx->msg->subject_nfkc;
	size_t i;

	while (*s == ' ' || *s == '[')
		s++;
	for (i = 0; fwd[i] != NULL; i++)
		m->forward |= yj_str_iprefix(s, fwd[i]);
	for (i = 0; re[i] != NULL; i++)
		m->reply |= yj_str_iprefix(s, re[i]);
	m->reply |= m->ctx->msg->in_reply_to.nr > 0 && !m->forward;
}

/* listed - up to MAX_LISTED values joined for evidence */
static const char *
listed(struct yj_arena *a, const struct yj_strvec *v)
{
	const char *s = "";
	size_t i;

	for (i = 0; i < v->nr && i < MAX_LISTED; i++)
		s = *s ? yj_arena_printf(a, "%s, %s", s, v->v[i]) : v->v[i];
	return s;
}

/* thread_orgs - the outside organisations of the learned thread */
static bool
thread_orgs(struct mail *m, struct yj_strvec *out)
{
	const struct yj_msg *msg = m->ctx->msg;
	struct yj_kb_thread t;
	const char **ids;
	const char *o;
	size_t i, n = 0;

	ids = yj_arena_allocarray(m->ctx->arena, msg->in_reply_to.nr +
	    msg->references.nr + 1, sizeof(*ids));
	for (i = 0; i < msg->in_reply_to.nr; i++)
		ids[n++] = msg->in_reply_to.v[i];
	for (i = msg->references.nr; i > 0; i--)
		ids[n++] = msg->references.v[i - 1];
	if (n == 0 || yj_kb_thread(m->ctx->kb, m->ctx->arena, ids, n,
	    &t) != 0)
		return false;
	for (i = 0; i < t.nr; i++) {
		if (!outside(m->ctx, t.v[i].addr))
			continue;
		o = org_of(m->ctx, t.v[i].addr);
		if (!yj_strvec_has(out, o))
			yj_strvec_push(m->ctx->arena, out, o);
	}
	return out->nr > 0;
}

/* new_domain - outside organisations added to the thread; true if so */
static bool
new_domain(struct mail *m)
{
	struct yj_check_ctx *ctx = m->ctx;
	struct yj_strvec was = { 0 }, added = { 0 };
	struct yj_finding *f;
	bool kept = false;
	size_t i;
	int w;

	if (!thread_orgs(m, &was))
		return false;
	for (i = 0; i < m->ours.nr; i++) {
		if (yj_strvec_has(&was, m->ours.v[i]))
			kept = true;
		else
			yj_strvec_push(ctx->arena, &added, m->ours.v[i]);
	}
	if (added.nr == 0)
		return false;
	w = kept ? 30 : 45;
	if (m->forward)
		w /= 2;
	f = yj_report(ctx, "new_domain", w >= 40 ? YJ_SEV_HIGH : w >= 20 ?
	    YJ_SEV_MEDIUM : YJ_SEV_LOW, w);
	yj_evidence(ctx, f, "added", "%s", listed(ctx->arena, &added));
	yj_evidence(ctx, f, "thread", "%s", listed(ctx->arena, &was));
	yj_explain_ja(ctx, f, "このスレッドのやり取りの相手 (%s) に%s、%s が"
	    "宛先に入っています。%s", listed(ctx->arena, &was), kept ?
	    "加えて" : "代わって", listed(ctx->arena, &added), kept ?
	    "新しく加えた宛先が正しいか確かめてください。" : "別のスレッドに"
	    "返信していないか、宛先を取り違えていないか確かめてください。");
	yj_explain_en(ctx, f, "This thread was with %s, and this mail %s %s. "
	    "%s", listed(ctx->arena, &was), kept ? "also goes to" :
	    "goes instead to", listed(ctx->arena, &added), kept ?
	    "Check that the added recipients are meant to see it." :
	    "Check that you are answering the right thread.");
	return true;
}

/*
 * author_line - a quoted line that says who wrote a quoted message:
 * From: / 差出人: / 送信者:, "On ..., X <x@y> wrote:", "X は書きました",
 * and Notes' "X <x@y> on 04/16/2001 03:51 PM".  The quoted messages'
 * To and Cc lines are not read: third parties copied on a thread say
 * nothing about whose conversation it is.
 */
static bool
author_line(const char *s, size_t n)
{
	static const char *const heads[] = { "from:", "差出人:", "送信者:",
		"差出人：", NULL };
	const char *on;
	size_t i;

	while (n > 0 && (*s == ' ' || *s == '>' || *s == '\t')) {
		s++;
		n--;
	}
	for (i = 0; heads[i] != NULL; i++)
		if (n >= strlen(heads[i]) &&
		    yj_str_ieqn(s, heads[i], strlen(heads[i])))
			return true;
	if (yj_memimem(s, n, "wrote:", 6) != NULL ||
	    yj_memimem(s, n, "書きました", 15) != NULL)
		return true;
	on = yj_memimem(s, n, " on ", 4);
	return on != NULL && (size_t)(on - s) + 6 < n &&
	    on[4] >= '0' && on[4] <= '9' &&
	    memchr(on + 4, '/', n - (size_t)(on + 4 - s)) != NULL;
}

/* quoted_orgs - outside organisations whose mail is quoted */
static void
quoted_orgs(struct mail *m, const char *q, size_t len, struct yj_strvec *out)
{
	struct yj_arena *a = m->ctx->arena;
	const char *p = q, *end = q + len, *e, *o;
	struct yj_pii pii;
	size_t i;

	for (; p < end; p = e + 1) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		if (!author_line(p, (size_t)(e - p)) ||
		    memchr(p, '@', (size_t)(e - p)) == NULL)
			continue;
		memset(&pii, 0, sizeof(pii));
		yj_pii_scan(a, p, (size_t)(e - p), &pii);
		for (i = 0; i < pii.addr_set.nr; i++) {
			if (!outside(m->ctx, pii.addr_set.v[i]))
				continue;
			o = org_of(m->ctx, pii.addr_set.v[i]);
			if (!yj_strvec_has(out, o))
				yj_strvec_push(a, out, o);
		}
	}
}

/* quotes_other_org - the quotation is with someone not addressed */
static void
quotes_other_org(struct mail *m)
{
	struct yj_check_ctx *ctx = m->ctx;
	const struct yj_text *t = yj_greeting_main_text(ctx->msg);
	struct yj_strvec q = { 0 };
	struct yj_finding *f;
	struct yj_quote qs;
	size_t i;

	if (t == NULL)
		return;
	yj_quote_split(ctx->arena, t->nfkc, strlen(t->nfkc), &qs);
	quoted_orgs(m, qs.quoted, qs.quoted_len, &q);
	if (q.nr == 0)
		return;
	for (i = 0; i < q.nr; i++)
		if (yj_strvec_has(&m->ours, q.v[i]))
			return;		/* a quoted party is addressed */
	f = yj_report(ctx, "quotes_other_org", m->forward ? YJ_SEV_MEDIUM :
	    YJ_SEV_HIGH, m->forward ? 25 : 40);
	yj_evidence(ctx, f, "quoted", "%s", listed(ctx->arena, &q));
	yj_evidence(ctx, f, "recipients", "%s", listed(ctx->arena, &m->ours));
	yj_explain_ja(ctx, f, "引用されているのは %s とのやり取りですが、この"
	    "メールの宛先 (%s) にはその組織が入っていません。ほかの相手との"
	    "スレッドを流用していないか、引用を消し忘れていないか確かめてくだ"
	    "さい。", listed(ctx->arena, &q), listed(ctx->arena, &m->ours));
	yj_explain_en(ctx, f, "The quoted mail is a conversation with %s, "
	    "but none of them is a recipient (%s). Check that you did not "
	    "reuse another party's thread or leave their mail quoted.",
	    listed(ctx->arena, &q), listed(ctx->arena, &m->ours));
}

/* run - replies and forwards to outside */
static void
run(struct yj_check_ctx *ctx)
{
	struct mail m = { .ctx = ctx };
	struct yj_rcpt *v;
	const char *o;
	size_t i, n;

	kind(&m);
	if (!m.reply && !m.forward)
		return;
	n = yj_rcpt_list(ctx->arena, ctx->msg, &v);
	for (i = 0; i < n; i++) {
		if (!outside(ctx, v[i].addr))
			continue;
		o = org_of(ctx, v[i].addr);
		if (!yj_strvec_has(&m.ours, o))
			yj_strvec_push(ctx->arena, &m.ours, o);
	}
	if (m.ours.nr == 0)
		return;
	/* a forward to someone new is one fact, not two */
	if (!new_domain(&m) || !m.forward)
		quotes_other_org(&m);
}

YJ_CHECK_DEFINE(reused_thread,
	.summary = "a reply or forward whose recipients do not fit the thread "
	    "or the quoted mail",
	.summary_ja = "返信・転送の宛先が、スレッドや引用元の相手と合わない",
	.directions = YJ_DIR_OUT,
	.run = run);
