/*
 * same_name - outbound: the right name, the wrong person
 *
 * The mistake: two contacts share a name (田中 太郎 at A商事 and at B工業;
 * two John Smiths), address completion offers both, and the sender picks
 * the one at the other organisation.  The display name and the greeting
 * look right, so nobody notices.  This is item 4 of "What no anchor
 * does" in ../shared/spec/outbound-anchors.md (FlexConfirmMail PR #41:
 * autocomplete added a third company whose local part matched).
 *
 * For each external recipient, the name it is addressed by (its display
 * name, or the greeting when there is one external recipient) is looked
 * up among known people.  When people of that name are known at two or
 * more organisations, the one this mail should go to is inferred, in
 * order of trust:
 *   thread   the mail replies in a learned thread that one of them took
 *            part in and the recipient did not;
 *   sender   the sender has written to one of them, never to this one;
 *   context  another recipient, or the subject, belongs to the other
 *            one's organisation;
 *   unsure   nobody here ever wrote to this recipient, while the other
 *            one is known.
 *
 * Findings:
 *   same_name.other_person  another person of the same name at another
 *                           organisation is the likely addressee (high,
 *                           weight 45 for thread and sender; medium, 30
 *                           for context; low, 20 for unsure)
 *
 * The weaker reasons (context, unsure) need the whole name to be the
 * same and to be a full name (two parts, or three CJK characters): a
 * greeting's "Pam" or 田中 alone tells nobody apart unless the thread or
 * the sender's own history does.  Colleagues inside the organisation are
 * not namesakes to choose between.
 *
 * Accepted false positives: writing for the first time to the second of
 * two same-named people on purpose gives the weak "unsure" tag; a
 * colleague of the usual contact being added to a thread is not
 * reported (same organisation).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/greeting.h"
#include "mail/orgname.h"
#include "mail/rcpt.h"
#include "util/str.h"

#define MAX_SAME	50	/* people of one name looked at */

enum reason { R_NONE, R_UNSURE, R_CONTEXT, R_SENDER, R_THREAD };

static const char *const reason_names[] = { "", "unsure", "context",
	"sender", "thread" };

struct mail {
	struct yj_check_ctx	*ctx;
	const char		*sender;
	struct yj_rcpt		*r;
	size_t			 nr;
	struct yj_kb_thread	 thread;
	bool			 has_thread;
};

/* group - what organisation an address belongs to, as a comparable key */
static const char *
group(struct yj_check_ctx *ctx, const char *addr, const char *org_key)
{
	const char *d;

	if (org_key != NULL && *org_key != '\0')
		return org_key;
	d = yj_addr_domain(addr);
	if (yj_domain_is_consumer(d))
		return addr;	/* each private address is its own */
	return yj_domain_registrable(ctx->arena, d);
}

/* person_group - group of an address from what is known of it */
static const char *
person_group(struct yj_check_ctx *ctx, const char *addr)
{
	struct yj_kb_person p;

	if (yj_kb_person(ctx->kb, ctx->arena, addr, &p) == 0)
		return group(ctx, addr, p.org_key);
	return group(ctx, addr, NULL);
}

/* in_thread - the address took part in the learned thread */
static bool
in_thread(const struct mail *m, const char *addr)
{
	size_t i;

	for (i = 0; m->has_thread && i < m->thread.nr; i++)
		if (strcmp(m->thread.v[i].addr, addr) == 0)
			return true;
	return false;
}

/* sent_by_sender - messages this sender sent to addr */
static uint32_t
sent_by_sender(const struct mail *m, const char *addr)
{
	struct yj_kb_peer p;

	if (m->sender == NULL ||
	    yj_kb_sender_peer(m->ctx->kb, m->sender, addr, &p) != 0)
		return 0;
	return p.sent;
}

/* context_group - another recipient belongs to the group */
static bool
context_group(const struct mail *m, const struct yj_rcpt *self,
    const char *g)
{
	size_t i;

	for (i = 0; i < m->nr; i++) {
		if (&m->r[i] == self ||
		    yj_org_is_internal_domain(m->ctx->org, m->r[i].domain))
			continue;
		if (strcmp(person_group(m->ctx, m->r[i].addr), g) == 0)
			return true;
	}
	return false;
}

/* subject_names - the subject names the organisation with this key */
static bool
subject_names(const struct mail *m, const char *org_key)
{
	const struct yj_msg *msg = m->ctx->msg;
	struct yj_kb_org_hit *v;
	size_t i, n;

	if (*org_key == '\0' || yj_kb_find_orgs(m->ctx->kb, m->ctx->arena,
	    msg->subject_nfkc, strlen(msg->subject_nfkc), 8, &v, &n) != 0)
		return false;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].org.key, org_key) == 0)
			return true;
	return false;
}

struct verdict {
	enum reason		 why;
	const struct yj_kb_person *expected;
	const char		*expected_group;
};

/* weigh - how strongly candidate c beats the recipient */
static enum reason
weigh(const struct mail *m, const struct yj_rcpt *r, uint32_t r_sent,
    const struct yj_kb_person *c, const char *cg)
{
	if (in_thread(m, c->addr) && !in_thread(m, r->addr))
		return R_THREAD;
	if (r_sent == 0 && sent_by_sender(m, c->addr) > 0)
		return R_SENDER;
	if (context_group(m, r, cg) || subject_names(m, c->org_key))
		return R_CONTEXT;
	return R_UNSURE;
}

/* exact - the person's whole name (or reading, or a name used) is key */
static bool
exact(struct yj_arena *a, const struct yj_kb_person *p, const char *key)
{
	size_t i;

	if (strcmp(yj_personname_key(a, p->name), key) == 0 ||
	    strcmp(yj_personname_key(a, p->reading), key) == 0)
		return true;
	for (i = 0; i < p->nnames; i++)
		if (strcmp(yj_personname_key(a, p->names[i]), key) == 0)
			return true;
	return false;
}

/*
 * full_name - a name that can tell people apart on its own: two parts or
 * more, or three CJK characters ("Pam" and 田中 are not; a thread or the
 * sender's history may still settle them)
 */
static bool
full_name(struct yj_arena *a, const char *name, const char *key)
{
	const char **parts;
	size_t n = yj_personname_parts(a, name, &parts), cps = 0;
	const char *p;

	if (n >= 2)
		return true;
	for (p = key; *p; p++)
		cps += ((unsigned char)*p & 0xc0) != 0x80;
	return yj_name_is_cjk(key) && cps >= 3;
}

/* decide - the likely addressee among same-named people, if not r */
static void
decide(const struct mail *m, const struct yj_rcpt *r, const char *rg,
    const char *name, struct yj_kb_person *v, size_t n, struct verdict *out)
{
	struct yj_arena *a = m->ctx->arena;
	const char *key = yj_personname_key(a, name);
	bool strong = full_name(a, name, key);
	struct yj_kb_person self;
	uint32_t r_sent = sent_by_sender(m, r->addr);
	bool r_known = yj_kb_person(m->ctx->kb, m->ctx->arena, r->addr,
	    &self) == 0 && self.sent > 0;
	const char *cg;
	enum reason why;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (in_thread(m, r->addr))
		return;		/* it is on the thread: surely meant */
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].addr, r->addr) == 0 ||
		    yj_org_is_internal_addr(m->ctx->org, v[i].addr))
			continue;
		cg = group(m->ctx, v[i].addr, v[i].org_key);
		if (strcmp(cg, rg) == 0)
			continue;	/* a colleague, not a namesake */
		why = weigh(m, r, r_sent, &v[i], cg);
		if (why < R_SENDER && (!strong || !exact(a, &v[i], key)))
			continue;	/* a part of a name is not enough */
		if (why == R_UNSURE && (r_known || r_sent > 0))
			continue;
		if (why > out->why) {
			out->why = why;
			out->expected = &v[i];
			out->expected_group = cg;
		}
	}
}

/* org_label - an organisation to name in the explanation */
static const char *
org_label(struct yj_check_ctx *ctx, const char *addr, const char *org)
{
	if (org != NULL && *org != '\0')
		return org;
	return yj_domain_registrable(ctx->arena, yj_addr_domain(addr));
}

/* report - one finding */
static void
report(struct mail *m, const struct yj_rcpt *r, const char *name,
    const struct verdict *vd)
{
	static const int weights[] = { 0, 20, 30, 45, 45 };
	struct yj_check_ctx *ctx = m->ctx;
	const struct yj_kb_person *e = vd->expected;
	struct yj_kb_person rp;
	const char *rorg, *eorg = org_label(ctx, e->addr, e->org);
	struct yj_finding *f;
	int w = weights[vd->why];
	static const char *const ja_why[] = { "", "この宛先にはまだ誰も送った"
	    "ことがなく", "ほかの宛先や件名は", "あなたがこれまでやり取りして"
	    "いるのは", "このスレッドでやり取りしていたのは" };
	static const char *const en_why[] = { "", "nobody here has written "
	    "to this address yet, and the one you know is", "the other "
	    "recipients or the subject point to", "the one you write to is",
	    "the one on this thread is" };

	rorg = yj_kb_person(ctx->kb, ctx->arena, r->addr, &rp) == 0 ?
	    org_label(ctx, r->addr, rp.org) : org_label(ctx, r->addr, NULL);
	f = yj_report(ctx, "other_person", w >= 40 ? YJ_SEV_HIGH :
	    w >= 30 ? YJ_SEV_MEDIUM : YJ_SEV_LOW, w);
	yj_evidence(ctx, f, "address", "%s", r->addr);
	yj_evidence(ctx, f, "name", "%s", name);
	yj_evidence(ctx, f, "expected", "%s", e->addr);
	yj_evidence(ctx, f, "reason", "%s", reason_names[vd->why]);
	yj_explain_ja(ctx, f, "「%s」という名前の人は複数の組織にいます。宛先の "
	    "%s は %s の人ですが、%s %s の %s です。送る相手を取り違えていないか"
	    "確かめてください。", name, r->addr, rorg, ja_why[vd->why], eorg,
	    e->addr);
	yj_explain_en(ctx, f, "More than one person called \"%s\" is known. "
	    "This mail goes to %s at %s, but %s %s at %s. Check that you "
	    "picked the right person.", name, r->addr, rorg, en_why[vd->why],
	    e->addr, eorg);
}

/* check_name - r is addressed as name */
static bool
check_name(struct mail *m, const struct yj_rcpt *r, const char *name)
{
	struct yj_kb_person *v;
	struct verdict vd;
	size_t n;

	if (name == NULL || *name == '\0' || strchr(name, '@') != NULL ||
	    yj_kb_people_named(m->ctx->kb, m->ctx->arena, name, MAX_SAME, &v,
	    &n) != 0 || n == 0)
		return false;
	decide(m, r, person_group(m->ctx, r->addr), name, v, n, &vd);
	if (vd.why == R_NONE)
		return false;
	report(m, r, name, &vd);
	return true;
}

/* only_external - the single external To recipient, or NULL */
static const struct yj_rcpt *
only_external(const struct mail *m)
{
	const struct yj_rcpt *one = NULL;
	size_t i;

	for (i = 0; i < m->nr; i++) {
		if (yj_org_is_internal_domain(m->ctx->org, m->r[i].domain))
			continue;
		if (one != NULL)
			return NULL;
		one = &m->r[i];
	}
	return one;
}

/* greeting_names - the greeting names the single external recipient */
static void
greeting_names(struct mail *m)
{
	const struct yj_text *t = yj_greeting_main_text(m->ctx->msg);
	const struct yj_rcpt *r = only_external(m);
	struct yj_greeting *g;
	size_t i, n;

	if (t == NULL || r == NULL)
		return;
	n = yj_greeting_parse(m->ctx->arena, t->text, t->len, 4, &g);
	for (i = 0; i < n; i++) {
		if (g[i].kind != YJ_GREET_PERSON || g[i].bare)
			continue;
		if (check_name(m, r, *g[i].full ? g[i].full : g[i].person))
			return;
	}
}

/* thread_of - the learned thread this mail replies in */
static void
thread_of(struct mail *m)
{
	const struct yj_msg *msg = m->ctx->msg;
	const char **ids;
	size_t i, n = 0;

	ids = yj_arena_allocarray(m->ctx->arena, msg->in_reply_to.nr +
	    msg->references.nr + 1, sizeof(*ids));
	for (i = 0; i < msg->in_reply_to.nr; i++)
		ids[n++] = msg->in_reply_to.v[i];
	for (i = msg->references.nr; i > 0; i--)
		ids[n++] = msg->references.v[i - 1];
	m->has_thread = n > 0 && yj_kb_thread(m->ctx->kb, m->ctx->arena,
	    ids, n, &m->thread) == 0;
}

/* run - every external recipient, by its display name */
static void
run(struct yj_check_ctx *ctx)
{
	struct mail m = { .ctx = ctx };
	struct yj_kb_stats st;
	size_t i;
	bool found = false;

	if (yj_kb_stats(ctx->kb, &st) != 0 ||
	    (st.contacts == 0 && st.messages == 0))
		return;
	m.sender = yj_rcpt_sender(ctx->arena, ctx->msg);
	m.nr = yj_rcpt_list(ctx->arena, ctx->msg, &m.r);
	thread_of(&m);
	for (i = 0; i < m.nr && !yj_check_expired(ctx); i++)
		if (!yj_org_is_internal_domain(ctx->org, m.r[i].domain))
			found |= check_name(&m, &m.r[i], m.r[i].name);
	if (!found)
		greeting_names(&m);
}

YJ_CHECK_DEFINE(same_name,
	.summary = "a recipient with the right name at the wrong "
	    "organisation (same-name contacts)",
	.summary_ja = "同姓同名の別の組織の人を宛先に選んでいる",
	.directions = YJ_DIR_OUT,
	.run = run);
