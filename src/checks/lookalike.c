/*
 * lookalike - inbound: domains made to be taken for ours, a partner's or
 * a brand's
 *
 * The attack: business-email compromise registers a domain one letter
 * off the real one (".co" for ".com", "l" for "1", "_" for "-", "rn"
 * for "m", one extra letter: IPA/MPD examples, S26 S28) and writes from
 * it, sometimes putting look-alikes of the other parties into Cc so that
 * the real ones never see the thread (S27); phishing registers
 * confusable IDNs of brand domains.  Indicators A7 and F3 of
 * ../shared/spec/inbound-and-incident.md; the rules are mail/lookalike's
 * (ICU confusable skeletons, the homoglyph map, another public suffix,
 * Damerau-Levenshtein on the registrable domain).
 *
 * Findings:
 *   lookalike.own_domain  a sender address (From, Sender, Reply-To)
 *                         imitates one of organization.domains (high, 45)
 *   lookalike.partner     ... imitates the domain of one of our
 *                         correspondents (contacts and sent mail; the
 *                         domain itself unknown to us) (high, 45)
 *   lookalike.brand       ... imitates a brand's domain (high, 45)
 *   lookalike.cc          a To/Cc address imitates one of our domains or
 *                         a correspondent's (any rule), or the domain of
 *                         another participant of the mail by a visual
 *                         trick (confusable letters, the homoglyph map)
 *                         (high, 40)
 *   lookalike.link        a link's host imitates ours, a correspondent's
 *                         or a brand's (medium, 30)
 *   lookalike.idn         a sender domain or link host is an
 *                         internationalised name that mixes scripts
 *                         (Cyrillic with Latin) (medium, 20)
 *
 * Domains on the organisation's allow list never count.  Weights: the
 * spec's starting points (A7 45, F3 40); a link alone is weaker, since
 * the reader still has to click it.
 *
 * Accepted false positives: real companies whose names are one letter
 * apart (the typo rule starts at four letters for our and participants'
 * domains, six for brands); an organisation's second domain under
 * another suffix (partner.com beside partner.co.jp) until it is on the
 * allow list.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/brand.h"
#include "mail/domain.h"
#include "mail/ioc.h"
#include "mail/lookalike.h"
#include "mail/url.h"
#include "util/alloc.h"
#include "util/str.h"

#define MAX_LINKS	5
#define MAX_PARTS	64

struct state {
	struct yj_brands	*brands;
	struct yj_lookalike	*own;
};

static const char own_tag[] = "own";

/* setup - our domains and the brands */
static int
setup(const struct yj_org *org, const void *settings, void **out, char *err,
    size_t errsz)
{
	struct state *st = yj_xcalloc(1, sizeof(*st));
	size_t i;

	(void)settings;
	(void)err;
	(void)errsz;
	st->brands = yj_brands_new(!org->brands_replace);
	for (i = 0; i < org->nbrands; i++)
		yj_brands_add(st->brands, org->brands[i].name,
		    org->brands[i].tokens, org->brands[i].ntokens,
		    org->brands[i].domains, org->brands[i].ndomains);
	st->own = yj_lookalike_new();
	for (i = 0; i < org->ndomains; i++)
		yj_lookalike_add(st->own, org->domains[i], own_tag);
	*out = st;
	return 0;
}

/* teardown - free the sets */
static void
teardown(void *p)
{
	struct state *st = p;

	if (st == NULL)
		return;
	yj_brands_free(st->brands);
	yj_lookalike_free(st->own);
	yj_free(st);
}

/* allowed - on the allow list, or internal */
static bool
allowed(struct yj_check_ctx *ctx, const char *domain)
{
	const char *d;

	if (yj_org_is_internal_domain(ctx->org, domain))
		return true;
	d = yj_ioc_normalize(ctx->arena, YJ_IOC_HOST, domain);
	return d != NULL && yj_kb_intel_match(ctx->kb, YJ_KB_ALLOW,
	    YJ_KB_Q_DOMAIN, d, ctx->arena, NULL);
}

/* how_ja - the rule in words */
static const char *
how_ja(enum yj_lookalike_how h)
{
	switch (h) {
	case YJ_LA_CONFUSABLE:
		return "見た目がそっくりな別の文字が使われています";
	case YJ_LA_HOMOGLYPH:
		return "紛らわしい文字 (rn と m、1 と l など) が使われています";
	case YJ_LA_SUFFIX:
		return "末尾 (.com、.co.jp など) だけが違います";
	case YJ_LA_TYPO:	return "1、2 文字だけ違います";
	default:		return "似ています";
	}
}

/* how_en - the rule in words */
static const char *
how_en(enum yj_lookalike_how h)
{
	switch (h) {
	case YJ_LA_CONFUSABLE:	return "uses characters that look the same";
	case YJ_LA_HOMOGLYPH:
		return "uses easily confused letters (rn/m, 1/l)";
	case YJ_LA_SUFFIX:
		return "differs only in its ending (.com, .co.jp)";
	case YJ_LA_TYPO:	return "differs by one or two letters";
	default:		return "is similar";
	}
}

/* report - one look-alike finding */
static void
report(struct yj_check_ctx *ctx, const char *name, enum yj_severity sev,
    int weight, const char *addr, const struct yj_lookalike_match *m)
{
	struct yj_finding *f;

	f = yj_report(ctx, name, sev, weight);
	yj_evidence(ctx, f, strchr(addr, '@') ? "address" : "url", "%s", addr);
	yj_evidence(ctx, f, "imitates", "%s", m->reference);
	yj_evidence(ctx, f, "how", "%s", yj_lookalike_how_name(m->how));
	if (m->how == YJ_LA_TYPO)
		yj_evidence(ctx, f, "distance", "%d", m->distance);
	yj_explain_ja(ctx, f, "%s のドメインは、%s に似せたものです (%s)。"
	    "本物の相手になりすました詐欺によく使われる手口です。返信や"
	    "送金、リンクのクリックをせず、以前から知っている連絡先で相手に"
	    "確認してください。", addr, m->reference, how_ja(m->how));
	yj_explain_en(ctx, f, "The domain of %s imitates %s: it %s. Look-alike "
	    "domains are a common fraud trick: do not reply, pay or click; "
	    "confirm with the real party through contact details you already "
	    "know.", addr, m->reference, how_en(m->how));
}

struct partner_search {
	struct yj_check_ctx		*ctx;
	const char			*reg;	/* the domain looked at */
	size_t				 len;
	struct yj_lookalike_match	*m;
	bool				 found;
};

/* each_known - yj_kb_each_domain callback: stop at a look-alike */
static int
each_known(const struct yj_kb_domain *d, void *arg)
{
	struct partner_search *s = arg;
	size_t n = strlen(d->domain);
	int dist;

	if ((n > s->len ? n - s->len : s->len - n) > 3 ||
	    strcmp(d->domain, s->reg) == 0)
		return 0;
	s->m->how = yj_lookalike_pair(s->ctx->arena, s->reg, d->domain, &dist);
	if (s->m->how == YJ_LA_NONE || s->m->how == YJ_LA_SAME)
		return 0;
	s->m->reference = yj_arena_strdup(s->ctx->arena, d->domain);
	s->m->distance = dist;
	s->found = true;
	return 1;
}

/*
 * partner - a correspondent's domain (contacts, sent mail) the domain
 * imitates; a domain the organisation knows itself is not compared
 */
static bool
partner(struct yj_check_ctx *ctx, const char *domain,
    struct yj_lookalike_match *m)
{
	struct partner_search s = { ctx, NULL, 0, m, false };
	struct yj_kb_domain known;

	s.reg = yj_domain_registrable(ctx->arena, domain);
	s.len = strlen(s.reg);
	if (*s.reg == '\0' || yj_kb_domain(ctx->kb, ctx->arena, s.reg,
	    &known) != YJ_ENOENT)
		return false;	/* known, or cannot ask */
	if (yj_kb_each_domain(ctx->kb, each_known, &s) < 0)
		return false;
	return s.found;
}

/*
 * imitation - the reference a domain imitates: ours first, then the
 * correspondents', then brands'; *whose tells which
 */
static bool
imitation(struct yj_check_ctx *ctx, const char *domain,
    struct yj_lookalike_match *m, const char **whose)
{
	const struct state *st = ctx->state;

	*whose = "own_domain";
	if (yj_lookalike_check(st->own, ctx->arena, domain, m))
		return true;
	if (m->how == YJ_LA_SAME)
		return false;
	if (yj_brands_owner(st->brands, ctx->arena, domain) != NULL ||
	    yj_brands_platform(ctx->arena, domain))
		return false;
	*whose = "partner";
	if (partner(ctx, domain, m))
		return true;
	*whose = "brand";
	return yj_lookalike_check(yj_brands_lookalike(st->brands),
	    ctx->arena, domain, m);
}

/* idn_mixed - an IDN whose U-labels mix scripts */
static bool
idn_mixed(struct yj_check_ctx *ctx, const char *domain)
{
	const char *a, *u;

	if (!yj_domain_is_idn(domain))
		return false;
	a = yj_domain_ascii(ctx->arena, domain);
	if (a == NULL)
		return true;	/* broken punycode: made by hand */
	u = yj_domain_unicode(ctx->arena, a);
	return yj_lookalike_mixed_script(u);
}

/* report_idn - lookalike.idn */
static void
report_idn(struct yj_check_ctx *ctx, const char *what, const char *domain)
{
	struct yj_finding *f;
	const char *a = yj_domain_ascii(ctx->arena, domain);

	f = yj_report(ctx, "idn", YJ_SEV_MEDIUM, 20);
	yj_evidence(ctx, f, strchr(what, '@') ? "address" : "url", "%s", what);
	yj_evidence(ctx, f, "unicode", "%s", a ? yj_domain_unicode(ctx->arena,
	    a) : domain);
	yj_explain_ja(ctx, f, "%s のドメインは、"
	    "ラテン文字にキリル文字などを混ぜた国際化ドメインです。"
	    "本物そっくりに見せかける手口に使われます。"
	    "アドレスやリンクを信用しないでください。", what);
	yj_explain_en(ctx, f, "The domain of %s is an internationalised name "
	    "mixing scripts (Latin with Cyrillic, for example), a way to make "
	    "a fake domain look like a real one. Do not trust the address or "
	    "link.", what);
}

/* check_sender - one sender-side mailbox; true when reported */
static bool
check_sender(struct yj_check_ctx *ctx, const struct yj_mailbox *mb)
{
	struct yj_lookalike_match m;
	const char *whose;

	if (*mb->domain == '\0' || allowed(ctx, mb->domain))
		return false;
	if (imitation(ctx, mb->domain, &m, &whose)) {
		report(ctx, whose, YJ_SEV_HIGH, 45, mb->addr, &m);
		return true;
	}
	if (idn_mixed(ctx, mb->domain)) {
		report_idn(ctx, mb->addr, mb->domain);
		return true;
	}
	return false;
}

/* check_senders - From, Sender, Reply-To, each organisation once */
static void
check_senders(struct yj_check_ctx *ctx)
{
	const struct yj_addrlist *lists[3];
	const struct yj_mailbox *mb;
	struct yj_strvec seen = { 0 };
	const char *reg;
	size_t i, k;

	lists[0] = &ctx->msg->from;
	lists[1] = &ctx->msg->sender;
	lists[2] = &ctx->msg->reply_to;
	for (k = 0; k < 3; k++)
		for (i = 0; i < lists[k]->nr; i++) {
			mb = &lists[k]->v[i];
			reg = yj_domain_registrable(ctx->arena, mb->domain);
			if (*reg == '\0' || yj_strvec_has(&seen, reg))
				continue;
			yj_strvec_push(ctx->arena, &seen, reg);
			if (check_sender(ctx, mb))
				return;
		}
}

/* participants - registrable domains of From, To and Cc */
static void
participants(struct yj_check_ctx *ctx, struct yj_strvec *out)
{
	const struct yj_addrlist *lists[3];
	const char *reg;
	size_t i, k;

	lists[0] = &ctx->msg->from;
	lists[1] = &ctx->msg->to;
	lists[2] = &ctx->msg->cc;
	for (k = 0; k < 3; k++)
		for (i = 0; i < lists[k]->nr && out->nr < MAX_PARTS; i++) {
			reg = yj_domain_registrable(ctx->arena,
			    lists[k]->v[i].domain);
			if (*reg != '\0' && !yj_strvec_has(out, reg))
				yj_strvec_push(ctx->arena, out, reg);
		}
}

/*
 * imitated_participant - the participant a recipient's domain looks
 * like.  Between participants only visual tricks count (confusables,
 * the homoglyph map): real organisations write from several suffixes and
 * spellings of their name (suse.com, suse.de; linuxfoundation.org,
 * linux-foundation.org), and a thread between several of them would
 * otherwise always look tampered with.
 */
static bool
imitated_participant(struct yj_check_ctx *ctx, const char *reg,
    const struct yj_strvec *parts, struct yj_lookalike_match *m)
{
	size_t p;
	int d;

	for (p = 0; p < parts->nr; p++) {
		if (strcmp(parts->v[p], reg) == 0)
			continue;
		m->how = yj_lookalike_pair(ctx->arena, reg, parts->v[p], &d);
		if (m->how == YJ_LA_CONFUSABLE || m->how == YJ_LA_HOMOGLYPH) {
			m->reference = parts->v[p];
			m->distance = d;
			return true;
		}
	}
	return false;
}

/*
 * check_cc - a recipient that imitates us (any rule) or another
 * participant (visual tricks only) (F3)
 */
static void
check_cc(struct yj_check_ctx *ctx)
{
	const struct yj_addrlist *lists[2] = { &ctx->msg->to, &ctx->msg->cc };
	const struct state *st = ctx->state;
	struct yj_strvec parts = { 0 };
	struct yj_lookalike_match m = { 0 };
	const struct yj_mailbox *mb;
	const char *reg;
	size_t i, k;

	participants(ctx, &parts);
	for (k = 0; k < 2; k++)
		for (i = 0; i < lists[k]->nr && i < MAX_PARTS; i++) {
			mb = &lists[k]->v[i];
			if (*mb->domain == '\0' || allowed(ctx, mb->domain))
				continue;
			reg = yj_domain_registrable(ctx->arena, mb->domain);
			if (yj_lookalike_check(st->own, ctx->arena, reg, &m) ||
			    imitated_participant(ctx, reg, &parts, &m) ||
			    partner(ctx, reg, &m)) {
				report(ctx, "cc", YJ_SEV_HIGH, 40, mb->addr,
				    &m);
				return;
			}
		}
}

/* check_links - link hosts that imitate ours or a brand's */
static void
check_links(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	struct yj_lookalike_match lm;
	const struct yj_url *u;
	const char *whose;
	size_t i;

	for (i = 0; i < m->nurls && !yj_check_expired(ctx); i++) {
		u = &m->urls[i];
		if (*u->host == '\0' || (u->url_flags & (YJ_URL_IP |
		    YJ_URL_MAILTO)) || allowed(ctx, u->host))
			continue;
		if (imitation(ctx, u->host, &lm, &whose)) {
			report(ctx, "link", YJ_SEV_MEDIUM, 30, u->url, &lm);
			return;
		}
		if (idn_mixed(ctx, u->host)) {
			report_idn(ctx, u->url, u->host);
			return;
		}
	}
}

/* run - senders, recipients, links */
static void
run(struct yj_check_ctx *ctx)
{
	size_t before = ctx->findings->nr;

	check_senders(ctx);
	check_cc(ctx);
	if (ctx->findings->nr == before)
		check_links(ctx);
}

YJ_CHECK_DEFINE(lookalike,
	.summary = "a sender, recipient or link domain that imitates ours, a "
	    "participant's or a brand's",
	.summary_ja = "当組織・やり取りの相手・"
	    "有名企業のドメインに似せた差出人・宛先・リンク",
	.directions = YJ_DIR_IN,
	.setup = setup,
	.teardown = teardown,
	.run = run);
