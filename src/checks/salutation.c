/*
 * salutation - outbound: the greeting names someone who is not a
 * recipient
 *
 * The mistake: a mail written for B (「株式会社B 営業部 C様」, "Dear C")
 * goes to A, because the address was picked wrongly or the text was
 * reused from B's mail.  The greeting is the one place where the sender
 * wrote down whom the mail is for, so comparing it with the recipients
 * catches the mistake before the content leaves.  Item 1 of "What no
 * anchor does" in ../shared/spec/outbound-anchors.md: OutlookOkan needs
 * an administrator's name table, Prevent has a "salutation mismatch"
 * without Japanese honorifics.
 *
 * The greeting comes from mail/greeting.h (様 さん 殿 御中 各位 先生, job
 * titles, 「株式会社B 営業部 C様」 over one or two lines, Dear / Hi /
 * Hello, -san).  The recipients' names are their display names and what
 * is known of each address (contact name and kana reading, display
 * names used in sent mail); their organisations are the contacts'
 * organisations, those learned for their domain, and legal-form names
 * in their display names.  A name matches by whole name, by any part
 * ("Dear Mr. Tanaka" for Taro Tanaka), by kana reading, as the family
 * name at the start of a CJK name (田中様 for 田中太郎), and in Latin
 * letters by a short form (Stan for Stanley or stanmarek, Bill for
 * William).
 *
 * Findings:
 *   salutation.person_mismatch  the greeting names a person who is not
 *                               among the recipients: high (weight 45)
 *                               when that person is known at another
 *                               organisation; medium (25) when the
 *                               recipients' names are known and none
 *                               fits
 *   salutation.org_mismatch     the greeting names an organisation that
 *                               is not the recipients': high (45) when
 *                               it is a known organisation elsewhere,
 *                               low (20) when it carries a legal form
 *                               (株式会社, Inc.) and the recipients'
 *                               organisation is known to be another
 *
 * Accepted false positives: a greeting by nickname or by a name nobody
 * recorded (medium at most: nothing is reported when neither the
 * greeting's name nor the recipients' names are known), an organisation
 * written under a name yojin has not learned (low).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/greeting.h"
#include "mail/orgname.h"
#include "mail/rcpt.h"
#include "util/str.h"

#define MAX_PEOPLE	20

struct rcpts {
	struct yj_check_ctx	*ctx;
	struct yj_strvec	 keys;	/* name keys of every recipient */
	struct yj_strvec	 orgs;	/* organisation keys */
	struct yj_strvec	 doms;	/* registrable domains, external */
	struct yj_strvec	 addrs;
	const char		*shown;	/* recipients for the explanation */
};

/* add_name - the keys of one name: whole and each part */
static void
add_name(struct rcpts *r, const char *name)
{
	struct yj_arena *a = r->ctx->arena;
	const char **parts, *k;
	size_t i, n;

	if (name == NULL || *name == '\0' || strchr(name, '@') != NULL)
		return;
	k = yj_personname_key(a, name);
	if (*k != '\0' && !yj_strvec_has(&r->keys, k))
		yj_strvec_push(a, &r->keys, k);
	n = yj_personname_parts(a, name, &parts);
	for (i = 0; n > 1 && i < n; i++)
		if (!yj_strvec_has(&r->keys, parts[i]))
			yj_strvec_push(a, &r->keys, parts[i]);
	if (yj_orgname_has_legal_form(a, name)) {
		k = yj_orgname_key(a, name);
		if (*k != '\0' && !yj_strvec_has(&r->orgs, k))
			yj_strvec_push(a, &r->orgs, k);
	}
}

/* add_org - one organisation key */
static void
add_org(struct rcpts *r, const char *key)
{
	if (key != NULL && *key != '\0' && !yj_strvec_has(&r->orgs, key))
		yj_strvec_push(r->ctx->arena, &r->orgs, key);
}

/* add_known - what the knowledge says about one recipient */
static void
add_known(struct rcpts *r, const struct yj_rcpt *rc)
{
	struct yj_check_ctx *ctx = r->ctx;
	struct yj_kb_domain kd;
	struct yj_kb_person p;
	size_t i;

	if (yj_kb_person(ctx->kb, ctx->arena, rc->addr, &p) == 0) {
		add_name(r, p.name);
		add_name(r, p.reading);
		for (i = 0; i < p.nnames; i++)
			add_name(r, p.names[i]);
		add_org(r, p.org_key);
	}
	if (!yj_domain_is_consumer(rc->domain) &&
	    yj_kb_domain(ctx->kb, ctx->arena, rc->domain, &kd) == 0)
		for (i = 0; i < kd.norgs; i++)
			add_org(r, kd.orgs[i].key);
}

/* collect - names and organisations of the external recipients */
static bool
collect(struct yj_check_ctx *ctx, struct rcpts *r)
{
	struct yj_rcpt *v;
	size_t i, n, ext = 0;

	memset(r, 0, sizeof(*r));
	r->ctx = ctx;
	r->shown = "";
	n = yj_rcpt_list(ctx->arena, ctx->msg, &v);
	for (i = 0; i < n; i++) {
		if (yj_org_is_internal_domain(ctx->org, v[i].domain))
			continue;
		ext++;
		add_name(r, v[i].name);
		add_known(r, &v[i]);
		yj_strvec_push(ctx->arena, &r->addrs, v[i].addr);
		yj_strvec_push(ctx->arena, &r->doms,
		    yj_domain_registrable(ctx->arena, v[i].domain));
		if (ext <= 5)
			r->shown = *r->shown ? yj_arena_printf(ctx->arena,
			    "%s, %s", r->shown, v[i].addr) : v[i].addr;
	}
	return ext > 0;
}

/* English short forms that are not prefixes of the full name */
static const char *const nicknames[][2] = {
	{ "bill", "william" }, { "will", "william" }, { "bob", "robert" },
	{ "dick", "richard" }, { "rick", "richard" }, { "jim", "james" },
	{ "jimmy", "james" }, { "mike", "michael" }, { "tom", "thomas" },
	{ "tony", "anthony" }, { "liz", "elizabeth" }, { "beth", "elizabeth" },
	{ "betty", "elizabeth" }, { "peggy", "margaret" },
	{ "maggie", "margaret" }, { "meg", "margaret" }, { "chuck", "charles" },
	{ "ted", "edward" }, { "ned", "edward" }, { "hank", "henry" },
	{ "harry", "henry" }, { "jack", "john" }, { "becky", "rebecca" },
	{ "tina", "christina" }, { "kathy", "katherine" },
	{ "cathy", "catherine" }, { "sally", "sarah" }, { "jerry", "gerald" },
	{ NULL, NULL }
};

/* nickname_of - the full form of an English short name, or NULL */
static const char *
nickname_of(const char *k)
{
	size_t i;

	for (i = 0; nicknames[i][0] != NULL; i++)
		if (strcmp(nicknames[i][0], k) == 0)
			return nicknames[i][1];
	return NULL;
}

/* prefix_either - one is the start of the other, at least 3 long */
static bool
prefix_either(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	if (na < 3 || nb < 3)
		return false;
	return strncmp(a, b, na < nb ? na : nb) == 0;
}

/*
 * name_matches - key k fits a recipient's name: equal, a CJK family name
 * at the start (田中様 for 田中太郎), or in Latin letters one the start of
 * the other (Stan, Stanley, stanmarek) or a known short form (Bill for
 * William)
 */
static bool
name_matches(const struct rcpts *r, const char *k)
{
	const char *full = nickname_of(k);
	size_t i, n = strlen(k);
	bool cjk = yj_name_is_cjk(k);

	if (n == 0)
		return false;
	for (i = 0; i < r->keys.nr; i++) {
		if (strcmp(r->keys.v[i], k) == 0)
			return true;
		if (cjk && n >= 3 && strncmp(r->keys.v[i], k, n) == 0)
			return true;
		if (!cjk && (prefix_either(r->keys.v[i], k) ||
		    (full != NULL && strcmp(r->keys.v[i], full) == 0)))
			return true;
	}
	return false;
}

/* domain_is_rcpt - one of the recipients' organisations */
static bool
domain_is_rcpt(const struct rcpts *r, const char *domain)
{
	return yj_strvec_has(&r->doms, domain);
}

/* known_elsewhere - a known person of this name outside the recipients */
static const struct yj_kb_person *
known_elsewhere(const struct rcpts *r, const char *name)
{
	struct yj_check_ctx *ctx = r->ctx;
	struct yj_kb_person *v;
	const char *d;
	size_t i, n;

	if (yj_kb_people_named(ctx->kb, ctx->arena, name, MAX_PEOPLE, &v,
	    &n) != 0)
		return NULL;
	for (i = 0; i < n; i++) {
		if (yj_strvec_has(&r->addrs, v[i].addr))
			return NULL;	/* a recipient bears the name */
	}
	for (i = 0; i < n; i++) {
		d = yj_domain_registrable(ctx->arena, yj_addr_domain(v[i].addr));
		if (!yj_org_is_internal_domain(ctx->org, d) &&
		    !domain_is_rcpt(r, d) &&
		    (*v[i].org_key == '\0' ||
		    !yj_strvec_has(&r->orgs, v[i].org_key)))
			return &v[i];
	}
	return NULL;
}

/* person_report - the greeting names someone else */
static void
person_report(const struct rcpts *r, const struct yj_greeting *g,
    const char *name, const struct yj_kb_person *other)
{
	struct yj_check_ctx *ctx = r->ctx;
	struct yj_finding *f;
	int w = other != NULL ? 45 : 25;

	f = yj_report(ctx, "person_mismatch", w >= 40 ? YJ_SEV_HIGH :
	    YJ_SEV_MEDIUM, w);
	yj_evidence(ctx, f, "greeting", "%s", g->text);
	yj_evidence(ctx, f, "recipients", "%s", r->shown);
	if (other != NULL) {
		yj_evidence(ctx, f, "known_as", "%s", other->addr);
		yj_explain_ja(ctx, f, "本文の宛名「%s」は宛先 (%s) の誰とも一致"
		    "しません。%s は %s%s%s の人として知られています。別の相手に"
		    "書いたメールを送ろうとしていないか確かめてください。", g->text,
		    r->shown, name, other->addr, *other->org ? "、" : "",
		    other->org);
		yj_explain_en(ctx, f, "The greeting \"%s\" names none of the "
		    "recipients (%s). %s is known as %s%s%s. Check that this "
		    "mail is meant for these recipients.", g->text, r->shown,
		    name, other->addr, *other->org ? " at " : "", other->org);
		return;
	}
	yj_explain_ja(ctx, f, "本文の宛名「%s」は宛先 (%s) の誰の名前とも一致"
	    "しません。宛先か宛名のどちらかが違っていないか確かめてください。",
	    g->text, r->shown);
	yj_explain_en(ctx, f, "The greeting \"%s\" does not match the name of "
	    "any recipient (%s). Check the recipients and the greeting.",
	    g->text, r->shown);
}

/* check_person - a greeting that names a person */
static void
check_person(const struct rcpts *r, const struct yj_greeting *g)
{
	struct yj_arena *a = r->ctx->arena;
	const char *k = yj_personname_key(a, g->person);
	const char *kf = *g->full ? yj_personname_key(a, g->full) : "";
	const struct yj_kb_person *other;

	if (name_matches(r, k) || name_matches(r, kf))
		return;
	other = known_elsewhere(r, *g->full ? g->full : g->person);
	if (other == NULL && *g->full)
		other = known_elsewhere(r, g->person);
	if (other != NULL)
		person_report(r, g, *g->full ? g->full : g->person, other);
	else if (r->keys.nr > 0 && !g->bare)
		person_report(r, g, g->person, NULL);
}

/* org_known_elsewhere - a known organisation none of whose domains is a
 * recipient's */
static bool
org_known_elsewhere(const struct rcpts *r, const char *org,
    struct yj_kb_org *o)
{
	size_t i;

	if (yj_kb_org(r->ctx->kb, r->ctx->arena, org, o) != 0 ||
	    o->ndomains == 0)
		return false;
	for (i = 0; i < o->ndomains; i++)
		if (domain_is_rcpt(r, o->domains[i]))
			return false;
	return true;
}

/* check_org - a greeting that names an organisation */
static void
check_org(const struct rcpts *r, const struct yj_greeting *g)
{
	struct yj_check_ctx *ctx = r->ctx;
	const char *k = yj_orgname_key(ctx->arena, g->org);
	struct yj_finding *f;
	struct yj_kb_org o;
	bool known;

	if (*k == '\0' || yj_strvec_has(&r->orgs, k))
		return;
	known = org_known_elsewhere(r, g->org, &o);
	/* "田中 太郎 様": 田中 may be a family name, not an organisation */
	if (!known && (r->orgs.nr == 0 ||
	    !yj_orgname_has_legal_form(ctx->arena, g->org)))
		return;
	f = yj_report(ctx, "org_mismatch", known ? YJ_SEV_HIGH : YJ_SEV_LOW,
	    known ? 45 : 20);
	yj_evidence(ctx, f, "greeting", "%s", g->text);
	yj_evidence(ctx, f, "organization", "%s", g->org);
	yj_evidence(ctx, f, "recipients", "%s", r->shown);
	if (known)
		yj_evidence(ctx, f, "known_domain", "%s", o.domains[0]);
	yj_explain_ja(ctx, f, "本文の宛名の組織「%s」は、宛先 (%s) の組織では"
	    "ありません%s%s%s。別の相手に書いたメールを送ろうとしていないか確か"
	    "めてください。", g->org, r->shown, known ? " (" : "",
	    known ? o.domains[0] : "", known ? " の組織です)" : "");
	yj_explain_en(ctx, f, "The greeting names %s, which is not the "
	    "organisation of the recipients (%s)%s%s. Check that this mail is "
	    "meant for them.", g->org, r->shown, known ?
	    "; it is the organisation at " : "", known ? o.domains[0] : "");
}

/* run - compare the greeting with the recipients */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_text *t = yj_greeting_main_text(ctx->msg);
	struct yj_greeting *g;
	struct rcpts r;
	size_t i, n;

	if (t == NULL || !collect(ctx, &r))
		return;
	n = yj_greeting_parse(ctx->arena, t->text, t->len, 8, &g);
	for (i = 0; i < n; i++) {
		if (g[i].kind == YJ_GREET_GROUP)
			continue;
		if (*g[i].org != '\0')
			check_org(&r, &g[i]);
		if (g[i].kind == YJ_GREET_PERSON)
			check_person(&r, &g[i]);
	}
}

YJ_CHECK_DEFINE(salutation,
	.summary = "the greeting names a person or organisation that is not "
	    "among the recipients",
	.summary_ja = "本文の宛名が宛先の人や組織と一致しない",
	.directions = YJ_DIR_OUT,
	.run = run);
