/*
 * name_spoof - inbound: a display name that belongs to someone else
 *
 * The attack: the reader sees the display name, not the address.  BEC
 * puts an executive's name on a free-mail account ("CEO fraud": IPA's
 * BEC type 2, indicator F2 of ../shared/spec/inbound-and-incident.md,
 * source S30); Emotet puts a colleague's name on an unrelated address
 * (S12, S13); phishing writes a trusted address into the display name
 * itself ("support@bank.example" <x@evil.example>, indicator A6, S35,
 * S36), which many phones show instead of the real one.
 *
 * Findings:
 *   name_spoof.address_in_name  the display name holds an address of
 *                               another organisation than the real one
 *                               (medium, 30)
 *   name_spoof.executive        the name of an executive listed in
 *                               organization.people, from an address
 *                               that is not theirs and not internal
 *                               (high, 45)
 *   name_spoof.internal         the same for anyone else listed there
 *                               (medium, 30)
 *   name_spoof.own_org          the organisation's own name
 *                               (organization.name) in the display name
 *                               of an outside address (medium, 25)
 *   name_spoof.contact          the full name of a known correspondent
 *                               (contacts, or a display name used in our
 *                               sent mail) on an address that is not
 *                               theirs nor at their organisation (high,
 *                               40; indicator A5, S12 S13: Emotet reuses
 *                               real correspondents' names)
 *
 * Names are compared after NFKC_Casefold with spaces, honorifics and
 * company-type words removed, as substrings: "代表取締役 山田一郎",
 * "山田 一郎" and "Yamada Ichiro (CEO)" all carry 山田一郎 / Ichiro
 * Yamada.  Latin names of two words are also tried in the other order.
 * Weights: the spec's starting points (F2 45, A5 40); an internal name
 * is weaker (people share names); own_org is the weakest (vendors'
 * systems send "on behalf of" their customer).  A known correspondent's
 * name is compared as a whole (mail/orgname's person key) and must be
 * long enough to name one person (three CJK characters or six Latin
 * letters): "田中" or "Sato" alone names many.
 *
 * Accepted false positives: a colleague writing from a private address
 * (the finding tells the reader to check by phone, which is right even
 * then); namesakes at other organisations when only a family name is
 * listed (list full names); services that send in the organisation's
 * name from their own domain (add the domain with 'yojin intel add
 * --allow' or override the finding).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/orgname.h"
#include "mail/sender.h"
#include "util/str.h"

/* Words around a name that do not make it another name. */
static const char *const noise[] = {
	"株式会社", "(株)", "有限会社", "(有)", "合同会社", "様", "さん", "殿",
	"co.,ltd.", "co., ltd.", "inc.", "ltd.", "corp.", "mr.", "ms.", "dr.",
	NULL,
};

/* squash - NFKC_Casefold without spaces, noise words or punctuation */
static char *
squash(struct yj_arena *a, const char *s)
{
	char *f = yj_nfkc_casefold(a, s, strlen(s)), *p, *q;
	size_t i, n;

	for (i = 0; noise[i] != NULL; i++)
		while ((p = strstr(f, noise[i])) != NULL) {
			n = strlen(noise[i]);
			memmove(p, p + n, strlen(p + n) + 1);
		}
	for (p = q = f; *p != '\0'; p++)
		if (!yj_ascii_isspace((unsigned char)*p) && *p != '.' &&
		    *p != ',' && *p != '"' && *p != '\'' && *p != '_' &&
		    *p != '-' && *p != '(' && *p != ')' && *p != '/')
			*q++ = *p;
	*q = '\0';
	return f;
}

/* swapped - "ichiro yamada" -> "yamadaichiro" for two-word names */
static char *
swapped(struct yj_arena *a, const char *s)
{
	const char *f = yj_nfkc_casefold(a, s, strlen(s)), *sp;

	sp = strchr(f, ' ');
	if (sp == NULL || strchr(sp + 1, ' ') != NULL)
		return NULL;
	return squash(a, yj_arena_printf(a, "%s %.*s", sp + 1,
	    (int)(sp - f), f));
}

/* name_in - a listed name (at least two characters) is in the display */
static bool
name_in(struct yj_arena *a, const char *display, const char *name)
{
	const char *n = squash(a, name), *w;
	size_t chars = 0;

	for (w = n; *w != '\0'; w++)
		chars += ((unsigned char)*w & 0xc0) != 0x80;
	if (chars < 2)
		return false;
	if (strstr(display, n) != NULL)
		return true;
	w = swapped(a, name);
	return w != NULL && *w != '\0' && strstr(display, w) != NULL;
}

/* person_named - the listed person whose name the display carries */
static const struct yj_org_person *
person_named(struct yj_check_ctx *ctx, const char *display)
{
	const struct yj_org_person *p;
	size_t i, k;

	for (i = 0; i < ctx->org->npeople; i++) {
		p = &ctx->org->people[i];
		if (name_in(ctx->arena, display, p->name))
			return p;
		for (k = 0; k < p->naliases; k++)
			if (name_in(ctx->arena, display, p->aliases[k]))
				return p;
	}
	return NULL;
}

/* owns - the address is one of the person's */
static bool
owns(const struct yj_org_person *p, const char *addr)
{
	size_t k;

	for (k = 0; k < p->naddresses; k++)
		if (yj_str_ieq(p->addresses[k], addr))
			return true;
	return false;
}

/* report_person - executive or internal */
static void
report_person(struct yj_check_ctx *ctx, const struct yj_mailbox *mb,
    const char *shown, const struct yj_org_person *p)
{
	struct yj_finding *f;
	bool exec = p->executive;
	bool free_mail = yj_domain_is_consumer(mb->domain);

	f = yj_report(ctx, exec ? "executive" : "internal",
	    exec ? YJ_SEV_HIGH : YJ_SEV_MEDIUM, exec ? 45 : 30);
	yj_evidence(ctx, f, "name", "%s", shown);
	yj_evidence(ctx, f, "address", "%s", mb->addr);
	yj_evidence(ctx, f, "person", "%s", p->name);
	yj_explain_ja(ctx, f, "差出人の表示名は%s「%s」ですが、アドレス %s は"
	    "%sです。本人になりすました詐欺の可能性があります。"
	    "送金や情報の提供などの依頼には応じず、内線や対面で本人に"
	    "確認してください。", exec ? "役員の" : "当組織の", shown,
	    mb->addr, free_mail ? "外部のフリーメール" : "組織外のもの");
	yj_explain_en(ctx, f, "The sender's name is \"%s\"%s, but the address "
	    "%s is %s. Someone may be posing as this person: do not send "
	    "money or information on the strength of this mail; confirm with "
	    "them by phone or in person.", shown, exec ?
	    " (an executive of ours)" : " (one of our people)", mb->addr,
	    free_mail ? "an outside free-mail account" :
	    "outside our organisation");
}

/* report_addr - name_spoof.address_in_name */
static void
report_addr(struct yj_check_ctx *ctx, const struct yj_mailbox *mb)
{
	struct yj_finding *f;

	f = yj_report(ctx, "address_in_name", YJ_SEV_MEDIUM, 30);
	yj_evidence(ctx, f, "name", "%s", mb->name);
	yj_evidence(ctx, f, "address", "%s", mb->addr);
	yj_explain_ja(ctx, f, "差出人の表示名「%s」にメールアドレスが書かれて"
	    "いますが、実際の送信元は %s です。表示名だけを見ると別の相手"
	    "から届いたように見えます。実際のアドレスを確かめてください。",
	    mb->name, mb->addr);
	yj_explain_en(ctx, f, "The sender's display name \"%s\" contains an "
	    "address, but the mail really comes from %s. Looking only at the "
	    "name, it seems to come from someone else: check the real "
	    "address.", mb->name, mb->addr);
}

/* report_org - name_spoof.own_org */
static void
report_org(struct yj_check_ctx *ctx, const struct yj_mailbox *mb,
    const char *shown)
{
	struct yj_finding *f;

	f = yj_report(ctx, "own_org", YJ_SEV_MEDIUM, 25);
	yj_evidence(ctx, f, "name", "%s", shown);
	yj_evidence(ctx, f, "address", "%s", mb->addr);
	yj_explain_ja(ctx, f, "差出人の表示名に当組織の名前 (%s) がありますが、"
	    "アドレス %s は組織外のものです。社内からのメールを装っている"
	    "可能性があります。送信者に内線などで確認してください。",
	    ctx->org->name, mb->addr);
	yj_explain_en(ctx, f, "The sender's name carries our own "
	    "organisation's name (%s), but the address %s is outside it. The "
	    "mail may be posing as internal: confirm with the sender by "
	    "phone.", ctx->org->name, mb->addr);
}

/* other_addr - the name holds an address of another organisation */
static bool
other_addr(struct yj_check_ctx *ctx, const struct yj_mailbox *mb)
{
	const char *f, *at, *s, *e;

	if (!(mb->flags & YJ_MBX_NAME_HAS_ADDR))
		return false;
	f = yj_nfkc_casefold(ctx->arena, mb->name, strlen(mb->name));
	for (at = strchr(f, '@'); at != NULL; at = strchr(at + 1, '@')) {
		for (s = e = at + 1; *e != '\0' &&
		    !yj_ascii_isspace((unsigned char)*e) &&
		    strchr("<>\"'()[],;", *e) == NULL; e++)
			;
		s = yj_arena_memdup(ctx->arena, s, (size_t)(e - s));
		if (*s != '\0' && strchr(s, '.') != NULL &&
		    !yj_domain_same_org(ctx->arena, s, mb->domain))
			return true;
	}
	return false;
}

/* chars - code points in a UTF-8 string */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * known_name - a known correspondent whose full name the display name
 * is (A5): the person's contact name or a display name the organisation
 * used for them, compared as whole-name keys; NULL when none or when the
 * address is theirs or at their organisation
 */
static const struct yj_kb_person *
known_name(struct yj_check_ctx *ctx, const struct yj_mailbox *mb,
    const char *shown)
{
	struct yj_kb_person *v;
	const char *key = yj_personname_key(ctx->arena, shown), *k2;
	size_t n, i, j;
	bool named;

	if (chars(key) < (yj_name_is_cjk(key) ? 3 : 6) ||
	    yj_kb_people_named(ctx->kb, ctx->arena, shown, 50, &v, &n) != 0)
		return NULL;
	for (i = 0; i < n; i++)	/* the address, or a colleague's */
		if (yj_str_ieq(v[i].addr, mb->addr) ||
		    (!yj_domain_is_consumer(mb->domain) && yj_domain_same_org(
		    ctx->arena, yj_addr_domain(v[i].addr), mb->domain)))
			return NULL;
	for (i = 0; i < n; i++) {
		named = strcmp(yj_personname_key(ctx->arena, v[i].name),
		    key) == 0;
		for (j = 0; !named && j < v[i].nnames; j++) {
			k2 = yj_personname_key(ctx->arena, v[i].names[j]);
			named = strcmp(k2, key) == 0;
		}
		if (named)
			return &v[i];
	}
	return NULL;
}

/* report_contact - name_spoof.contact */
static void
report_contact(struct yj_check_ctx *ctx, const struct yj_mailbox *mb,
    const char *shown, const struct yj_kb_person *p)
{
	struct yj_finding *f;

	f = yj_report(ctx, "contact", YJ_SEV_HIGH, 40);
	yj_evidence(ctx, f, "name", "%s", shown);
	yj_evidence(ctx, f, "address", "%s", mb->addr);
	yj_evidence(ctx, f, "known_address", "%s", p->addr);
	if (*p->org != '\0')
		yj_evidence(ctx, f, "organization", "%s", p->org);
	yj_explain_ja(ctx, f, "差出人の名前「%s」は、"
	    "やり取りのある相手の名前ですが、いつものアドレス (%s) ではなく、"
	    "初めての %s から届いています。"
	    "本人になりすましている恐れがあります。添付やリンクを開く前に、"
	    "いつもの連絡先で本人に確認してください。", shown, p->addr,
	    mb->addr);
	yj_explain_en(ctx, f, "The sender's name \"%s\" is that of one of our "
	    "correspondents, but the mail comes from %s, not from their usual "
	    "address (%s). Someone may be posing as them: confirm through the "
	    "contact details you already have before opening links or "
	    "attachments.", shown, mb->addr, p->addr);
}

/* run - the From mailboxes, then the name From shows */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_mailbox *mb;
	const struct yj_org_person *p;
	const struct yj_kb_person *kp;
	const char *shown, *display, *org;
	size_t i;

	for (i = 0; i < m->from.nr; i++) {
		mb = &m->from.v[i];
		if (*mb->name != '\0' && *mb->domain != '\0' &&
		    other_addr(ctx, mb))
			report_addr(ctx, mb);
	}
	mb = yj_sender_mailbox(m);
	shown = yj_sender_display(ctx->arena, m);
	if (mb == NULL || *shown == '\0' ||
	    yj_org_is_internal_domain(ctx->org, mb->domain))
		return;
	display = squash(ctx->arena, shown);
	p = person_named(ctx, display);
	if (p != NULL && !owns(p, mb->addr)) {
		report_person(ctx, mb, shown, p);
		return;
	}
	org = *ctx->org->name != '\0' ? squash(ctx->arena, ctx->org->name) :
	    "";
	if (strlen(org) >= 4 && strstr(display, org) != NULL) {
		report_org(ctx, mb, shown);
		return;
	}
	if ((kp = known_name(ctx, mb, shown)) != NULL)
		report_contact(ctx, mb, shown, kp);
}

YJ_CHECK_DEFINE(name_spoof,
	.summary = "display name of one of our people, executives or our "
	    "organisation on an outside address, or an address inside the "
	    "display name",
	.summary_ja = "当組織の人・役員・組織名を名乗る外部アドレス、"
	    "または表示名に埋め込まれた別のアドレス",
	.directions = YJ_DIR_IN,
	.run = run);
