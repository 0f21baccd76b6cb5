/*
 * recipient_typo - outbound: a recipient address that looks like a typo
 * of one the organisation knows
 *
 * The mistake: an address typed or completed wrongly (sato@ for satou@,
 * taro.yamada@ for taro_yamada@, exmaple.co.jp for example.co.jp,
 * a-shoji.com for a-shoji.co.jp, gmial.com), so the mail goes to a
 * stranger or bounces after the content has left.  Mis-addressed mail
 * is the largest single cause of the personal-data accidents in
 * ../shared/spec/outbound-anchors.md ("Look-alike addresses at the
 * gateway": only a client add-in, Egress/KnowBe4 Prevent, does this).
 *
 * Only recipients the organisation does not know (not in contacts, never
 * written to) are compared, against what it does know:
 *   - the local part against known addresses at the same registrable
 *     domain: Damerau-Levenshtein distance 1 (2 for local parts longer
 *     than 6), or equal once the separators - _ . are ignored;
 *   - the domain, when nobody there is known, against every known
 *     registrable domain and the large consumer providers: the same name
 *     under another suffix (.co.jp / .jp / .com), or one edit away (two
 *     for names longer than 6).
 *
 * Findings:
 *   recipient_typo.address  local part near a known address (high,
 *                           weight 45 when the known one is in contacts
 *                           or was written to at least twice; else
 *                           medium, 30)
 *   recipient_typo.domain   domain near a known one (high, 50 when the
 *                           same local part is known there; 40 when the
 *                           known domain is well used and the name itself
 *                           differs; else medium, 25: a new person under
 *                           another suffix of a known name is weak
 *                           evidence, since organisations and ISPs own
 *                           .com, .net and .org alike)
 *
 * Accepted false positives: a new correspondent whose address happens to
 * be one edit from a known colleague of theirs, or a new company whose
 * domain is one edit from a known one.  To keep these rare, two
 * addresses that differ only in a one-letter initial (j.smith, a.smith)
 * or only in digits (info1, info2) are taken for different people, and
 * a domain needs a name of at least three letters to be compared.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/rcpt.h"
#include "util/editdist.h"
#include "util/str.h"

#define MAX_CANDIDATES	1000
#define WELL_USED	2	/* messages that make a known address sure */
#define WELL_USED_DOM	3	/* messages that make a known domain sure */

/* Consumer providers whose typos are common, compared as whole domains. */
static const char *const providers[] = {
	"gmail.com", "googlemail.com", "yahoo.co.jp", "yahoo.com",
	"ymail.ne.jp", "outlook.com", "outlook.jp", "hotmail.com",
	"hotmail.co.jp", "live.jp", "live.com", "msn.com", "icloud.com",
	"me.com", "mac.com", "aol.com", "docomo.ne.jp", "ezweb.ne.jp",
	"au.com", "softbank.ne.jp", "i.softbank.jp", "ymobile.ne.jp",
	"nifty.com", "biglobe.ne.jp", "ocn.ne.jp", "so-net.ne.jp",
	"rakuten.jp", "proton.me", "protonmail.com", NULL
};

enum kind { K_LOCAL, K_SEPARATOR, K_SUFFIX, K_DOMAIN };

struct best {
	const char	*known;		/* address or domain */
	unsigned	 dist;
	enum kind	 kind;
	uint32_t	 sent;
	bool		 contact;
	bool		 found;
};

/* strip_seps - s without . - _ */
static char *
strip_seps(struct yj_arena *a, const char *s)
{
	char *o = yj_arena_alloc(a, strlen(s) + 1), *q = o;

	for (; *s; s++)
		if (*s != '.' && *s != '-' && *s != '_')
			*q++ = *s;
	*q = '\0';
	return o;
}

/* strip_digits - s without digits */
static char *
strip_digits(struct yj_arena *a, const char *s)
{
	char *o = yj_arena_alloc(a, strlen(s) + 1), *q = o;

	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9'))
			*q++ = *s;
	*q = '\0';
	return o;
}

/* tokens - split at separators into at most 8 tokens */
static size_t
tokens(const char *s, const char **v, size_t *len)
{
	size_t n = 0;
	const char *start = s;

	for (;; s++) {
		if (*s == '.' || *s == '-' || *s == '_' || *s == '\0') {
			if (n < 8) {
				v[n] = start;
				len[n++] = (size_t)(s - start);
			}
			if (*s == '\0')
				break;
			start = s + 1;
		}
	}
	return n;
}

/* other_initial - only a one-letter token differs: j.smith, a.smith */
static bool
other_initial(const char *x, const char *y)
{
	const char *tx[8], *ty[8];
	size_t lx[8], ly[8], nx, ny, i, diff = 0;
	bool initial = false;

	nx = tokens(x, tx, lx);
	ny = tokens(y, ty, ly);
	if (nx != ny || nx < 2)
		return false;
	for (i = 0; i < nx; i++) {
		if (lx[i] == ly[i] && memcmp(tx[i], ty[i], lx[i]) == 0)
			continue;
		diff++;
		initial = lx[i] == 1 && ly[i] == 1;
	}
	return diff == 1 && initial;
}

/* local_distance - how far two local parts are; kind set, or > 2 */
static unsigned
local_distance(struct yj_arena *a, const char *x, const char *y,
    enum kind *kind)
{
	size_t n = strlen(x);
	unsigned max = n > 6 ? 2 : 1, d;

	*kind = K_LOCAL;
	if (strcmp(x, y) == 0 || n < 3 || other_initial(x, y))
		return 3;
	if (strcmp(strip_digits(a, x), strip_digits(a, y)) == 0)
		return 3;	/* info1 and info2 are two mailboxes */
	if (strcmp(strip_seps(a, x), strip_seps(a, y)) == 0) {
		*kind = K_SEPARATOR;
		return 1;
	}
	d = yj_editdist_dl(x, n, y, strlen(y), max);
	return d <= max ? d : 3;
}

/* better - is (d, sent) better than the best so far */
static bool
better(const struct best *b, enum kind kind, unsigned d, uint32_t sent)
{
	if (!b->found)
		return true;
	if ((kind == K_SUFFIX) != (b->kind == K_SUFFIX))
		return kind == K_SUFFIX;
	if (d != b->dist)
		return d < b->dist;
	return sent > b->sent;
}

/* near_address - the known address at the same organisation closest to r */
static bool
near_address(struct yj_check_ctx *ctx, const struct yj_rcpt *r,
    struct best *b)
{
	struct yj_kb_person *v;
	const char *at;
	enum kind kind;
	size_t i, n;
	unsigned d;

	if (yj_kb_people_at(ctx->kb, ctx->arena, r->domain, MAX_CANDIDATES,
	    &v, &n) != 0)
		return false;
	for (i = 0; i < n; i++) {
		at = strrchr(v[i].addr, '@');
		if (at == NULL || strcmp(at + 1, r->domain) != 0)
			continue;	/* another host of the organisation */
		d = local_distance(ctx->arena, r->local, yj_arena_memdup(
		    ctx->arena, v[i].addr, (size_t)(at - v[i].addr)), &kind);
		if (d > 2 || !better(b, kind, d, v[i].sent))
			continue;
		b->known = v[i].addr;
		b->dist = d;
		b->kind = kind;
		b->sent = v[i].sent;
		b->contact = (v[i].sources & YJ_KB_CONTACTS) != 0;
		b->found = true;
	}
	return b->found;
}

struct dom_scan {
	struct yj_check_ctx	*ctx;
	const char		*domain;	/* the recipient's, registrable */
	const char		*label;		/* its first label */
	struct best		*b;
};

/* first_label - the name before the public suffix */
static const char *
first_label(struct yj_arena *a, const char *d)
{
	const char *dot = strchr(d, '.');

	return dot != NULL ? yj_arena_memdup(a, d, (size_t)(dot - d)) : d;
}

/* compare_domain - one known domain against the recipient's */
static void
compare_domain(struct dom_scan *s, const char *known, uint32_t sent,
    bool contact)
{
	const char *kl = first_label(s->ctx->arena, known);
	size_t n = strlen(s->label);
	unsigned max = n > 6 ? 2 : 1, d;
	enum kind kind;

	if (strcmp(known, s->domain) == 0 || n < 3 || strlen(kl) < 3)
		return;
	if (strcmp(kl, s->label) == 0) {
		kind = K_SUFFIX;
		d = 0;
	} else {
		kind = K_DOMAIN;
		d = yj_editdist_dl(s->domain, strlen(s->domain), known,
		    strlen(known), max);
		if (d > max)
			return;
	}
	if (!better(s->b, kind, d, sent))
		return;
	s->b->known = yj_arena_strdup(s->ctx->arena, known);
	s->b->dist = d;
	s->b->kind = kind;
	s->b->sent = sent;
	s->b->contact = contact;
	s->b->found = true;
}

/* on_domain - yj_kb_each_domain callback */
static int
on_domain(const struct yj_kb_domain *d, void *arg)
{
	compare_domain(arg, d->domain, d->sent,
	    (d->sources & YJ_KB_CONTACTS) != 0);
	return 0;
}

/* same_local_at - a known address with r's local part at domain */
static const char *
same_local_at(struct yj_check_ctx *ctx, const struct yj_rcpt *r,
    const char *domain)
{
	struct yj_kb_person *v;
	const char *at;
	size_t i, n;

	if (yj_kb_people_at(ctx->kb, ctx->arena, domain, MAX_CANDIDATES, &v,
	    &n) != 0)
		return NULL;
	for (i = 0; i < n; i++) {
		at = strrchr(v[i].addr, '@');
		if (at != NULL && (size_t)(at - v[i].addr) ==
		    strlen(r->local) && memcmp(v[i].addr, r->local,
		    strlen(r->local)) == 0)
			return v[i].addr;
	}
	return NULL;
}

/* is_provider - one of the consumer providers listed above */
static bool
is_provider(const char *domain)
{
	size_t i;

	for (i = 0; providers[i] != NULL; i++)
		if (strcmp(domain, providers[i]) == 0)
			return true;
	return false;
}

/* near_domain - a known domain the recipient's domain looks like */
static bool
near_domain(struct yj_check_ctx *ctx, const struct yj_rcpt *r,
    struct best *b)
{
	struct dom_scan s = { ctx, NULL, NULL, b };
	struct yj_kb_domain kd;
	size_t i;

	if (is_provider(r->domain))
		return false;
	s.domain = yj_domain_registrable(ctx->arena, r->domain);
	if (yj_kb_domain(ctx->kb, ctx->arena, s.domain, &kd) != YJ_ENOENT)
		return false;	/* known, or cannot ask */
	s.label = first_label(ctx->arena, s.domain);
	if (yj_kb_each_domain(ctx->kb, on_domain, &s) != 0)
		return false;
	s.domain = r->domain;	/* providers compare as whole domains */
	s.label = first_label(ctx->arena, r->domain);
	for (i = 0; providers[i] != NULL; i++)
		compare_domain(&s, providers[i], WELL_USED_DOM, false);
	return b->found;
}

/* apart_ja, apart_en - how far, in words */
static const char *
apart_ja(const struct best *b)
{
	switch (b->kind) {
	case K_SEPARATOR:
		return "区切り文字 (- _ .) だけが違います";
	case K_SUFFIX:
		return "末尾 (.co.jp / .jp / .com など) だけが違います";
	default:
		return b->dist == 1 ? "1文字違いです" : "2文字違いです";
	}
}

static const char *
apart_en(const struct best *b)
{
	switch (b->kind) {
	case K_SEPARATOR:
		return "only the separator differs";
	case K_SUFFIX:
		return "only the ending such as .co.jp, .jp or .com differs";
	default:
		return b->dist == 1 ? "one letter apart" : "two letters apart";
	}
}

static const char *const kind_names[] = { "local", "separator", "suffix",
	"domain" };

/* explain_address - a local part near a known address */
static void
explain_address(struct yj_check_ctx *ctx, struct yj_finding *f,
    const struct yj_rcpt *r, const struct best *b)
{
	yj_explain_ja(ctx, f, "宛先 %s は、過去にやり取りのある %s と%s。"
	    "%s へ送ったことはありません。宛先に誤りがないか確かめてください。",
	    r->addr, b->known, apart_ja(b), r->addr);
	yj_explain_en(ctx, f, "You have never written to %s; you %s %s "
	    "(%s). Check the address before sending.", r->addr,
	    b->sent >= WELL_USED ? "often write to" : b->sent > 0 ?
	    "have written to" : "have in your contacts", b->known,
	    apart_en(b));
}

/* explain_domain - a domain near a known domain */
static void
explain_domain(struct yj_check_ctx *ctx, struct yj_finding *f,
    const struct yj_rcpt *r, const struct best *b, const char *suggest)
{
	if (suggest != NULL) {
		yj_explain_ja(ctx, f, "宛先 %s は、過去にやり取りのある %s と"
		    "ドメインの%s。宛先に誤りがないか確かめてください。",
		    r->addr, suggest, apart_ja(b));
		yj_explain_en(ctx, f, "You have never written to %s; you "
		    "write to %s (%s). Check the address before sending.",
		    r->addr, suggest, apart_en(b));
		return;
	}
	yj_explain_ja(ctx, f, "宛先 %s のドメインには、これまで誰も送ったこと"
	    "がありません。よく使われている %s と%s。宛先に誤りがないか確かめ"
	    "てください。", r->addr, b->known, apart_ja(b));
	yj_explain_en(ctx, f, "Nobody here has written to the domain of %s. "
	    "Compare it with %s, which is well known: %s. Check the address "
	    "before sending.", r->addr, b->known, apart_en(b));
}

/* report - one typo finding */
static void
report(struct yj_check_ctx *ctx, const struct yj_rcpt *r,
    const struct best *b, const char *suggest)
{
	bool dom = b->kind == K_SUFFIX || b->kind == K_DOMAIN;
	bool sure = b->contact || b->sent >= (dom ? WELL_USED_DOM : WELL_USED);
	struct yj_finding *f;
	int w;

	if (!dom)
		w = sure ? 45 : 30;
	else if (suggest != NULL)
		w = 50;
	else
		w = sure && b->kind == K_DOMAIN ? 40 : 25;
	f = yj_report(ctx, dom ? "domain" : "address",
	    w >= 40 ? YJ_SEV_HIGH : YJ_SEV_MEDIUM, w);
	yj_evidence(ctx, f, "address", "%s", r->addr);
	yj_evidence(ctx, f, "known", "%s", suggest ? suggest : b->known);
	yj_evidence(ctx, f, "difference", "%s", kind_names[b->kind]);
	if (dom)
		explain_domain(ctx, f, r, b, suggest);
	else
		explain_address(ctx, f, r, b);
}

/* one - look at one external recipient */
static void
one(struct yj_check_ctx *ctx, const struct yj_rcpt *r)
{
	struct yj_kb_person p;
	struct best b = { 0 };

	if (yj_kb_person(ctx->kb, ctx->arena, r->addr, &p) != YJ_ENOENT)
		return;		/* known, or cannot ask */
	if (near_address(ctx, r, &b)) {
		report(ctx, r, &b, NULL);
		return;
	}
	memset(&b, 0, sizeof(b));
	if (near_domain(ctx, r, &b))
		report(ctx, r, &b, same_local_at(ctx, r, b.known));
}

/* run - every external recipient */
static void
run(struct yj_check_ctx *ctx)
{
	struct yj_kb_stats st;
	struct yj_rcpt *v;
	size_t i, n;

	if (yj_kb_stats(ctx->kb, &st) != 0 ||
	    (st.contacts == 0 && st.messages == 0))
		return;
	n = yj_rcpt_list(ctx->arena, ctx->msg, &v);
	for (i = 0; i < n && !yj_check_expired(ctx); i++)
		if (!yj_org_is_internal_domain(ctx->org, v[i].domain))
			one(ctx, &v[i]);
}

YJ_CHECK_DEFINE(recipient_typo,
	.summary = "a recipient address one or two letters from a known "
	    "address or domain (typo)",
	.summary_ja = "既知のアドレスやドメインと1〜2文字違いの宛先 (入力ミス)",
	.directions = YJ_DIR_OUT,
	.run = run);
