/*
 * org_claim - inbound: a company or a government office writing from
 * where it never would
 *
 * The attack: IPA's check points for targeted mail (indicators A4 and
 * A10 of ../shared/spec/inbound-and-incident.md, sources S2, S3, S26):
 * the sender claims to be a company or a public body but writes from
 * free mail; a government-style signature (a ministry, a prefecture, a
 * city office, an address at go.jp or lg.jp) on mail that did not come
 * from a government domain.
 *
 * Findings:
 *   org_claim.free_mail    free-mail sender (mail/domain's consumer list)
 *                          whose display name names a company or office
 *                          (medium, 25), or only whose signature does
 *                          (low, 15)
 *   org_claim.government   a government office in the display name or
 *                          the signature (last 15 lines of the sender's
 *                          own text) of mail from a domain that is not a
 *                          government domain (high, 35)
 *
 * Weights: the spec's starting points; a claim only in the signature of
 * free mail weighs less, since small businesses in Japan do use free
 * mail with their company in the signature: alone it stays below the tag
 * threshold and adds to other evidence.
 *
 * Accepted false positives: officials who write from a private address,
 * contractors writing on an office's behalf from their own domain (the
 * finding asks the reader to confirm through a known number, which is
 * what their policy would ask anyway).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/phrase.h"
#include "mail/quote.h"
#include "mail/sender.h"
#include "util/alloc.h"

#define SIG_LINES	15

/* Patterns on NFKC_Casefold text. */
static const struct yj_phrase_rule company_rules[] = {
	{ "company", "株式会社|\\(株\\)|有限会社|\\(有\\)|合同会社|合資会社|"
	  "(一般|公益)?(社団|財団)法人|独立行政法人|信用金庫|信用組合|銀行|"
	  "証券|生命保険|損害保険|(?<![a-z])(co\\.?,? ?ltd|inc|corp|"
	  "corporation|gmbh|llc|plc|limited|bank)(?![a-z])" },
};

static const struct yj_phrase_rule gov_rules[] = {
	{ "ministry", "(総務|財務|法務|外務|文部科学|厚生労働|農林水産|"
	  "経済産業|国土交通|環境|防衛)省" },
	{ "agency", "(金融|国税|警察|消費者|デジタル|こども家庭|復興|文化|"
	  "スポーツ|気象|特許|観光|消防|林野|水産|海上保安|公安調査|"
	  "出入国在留管理|宮内|中小企業|資源エネルギー)庁|内閣府|会計検査院" },
	{ "local", "[\\x{4e00}-\\x{9fff}]{1,5}(市役所|区役所|町役場|村役場)|"
	  "[\\x{4e00}-\\x{9fff}]{1,3}(県庁|都庁|府庁|道庁)|"
	  "[\\x{4e00}-\\x{9fff}]{1,3}(県|都|府|道)\\s*"
	  "[\\x{4e00}-\\x{9fff}]{1,8}(部|局)\\s*"
	  "[\\x{4e00}-\\x{9fff}ァ-ヶー]{1,10}(課|室)|"
	  "[\\x{4e00}-\\x{9fff}]{1,5}(市|区|町|村)\\s*"
	  "[\\x{4e00}-\\x{9fff}ァ-ヶー]{1,10}(課|室|係)"
	  "(?![\\x{4e00}-\\x{9fff}])" },
	{ "domain", "[a-z0-9.-]+\\.(go|lg)\\.jp(?![a-z0-9.-])" },
};

struct state {
	struct yj_phrases	*company;
	struct yj_phrases	*gov;
};

/* setup - compile the patterns */
static int
setup(const struct yj_org *org, const void *settings, void **out, char *err,
    size_t errsz)
{
	struct state *st = yj_xcalloc(1, sizeof(*st));
	int rc;

	(void)org;
	(void)settings;
	rc = yj_phrases_new(company_rules, sizeof(company_rules) /
	    sizeof(company_rules[0]), &st->company, err, errsz);
	if (rc == 0)
		rc = yj_phrases_new(gov_rules, sizeof(gov_rules) /
		    sizeof(gov_rules[0]), &st->gov, err, errsz);
	if (rc != 0) {
		yj_phrases_free(st->company);
		yj_free(st);
		return rc;
	}
	*out = st;
	return 0;
}

/* teardown - free the patterns */
static void
teardown(void *p)
{
	struct state *st = p;

	if (st == NULL)
		return;
	yj_phrases_free(st->company);
	yj_phrases_free(st->gov);
	yj_free(st);
}

/* signature - NFKC_Casefold of the last lines of the first main text */
static const char *
signature(struct yj_check_ctx *ctx)
{
	return yj_quote_msg_signature(ctx->arena, ctx->msg, SIG_LINES);
}

/* found - the first rule matching s; its words in *what */
static bool
found(struct yj_check_ctx *ctx, const struct yj_phrases *ps, const char *s,
    const char **what)
{
	return yj_phrases_first(ps, s, strlen(s), ctx->arena, what) >= 0;
}

/* report_free - org_claim.free_mail */
static void
report_free(struct yj_check_ctx *ctx, const struct yj_mailbox *mb,
    const char *what, bool in_name)
{
	struct yj_finding *f;

	f = yj_report(ctx, "free_mail", in_name ? YJ_SEV_MEDIUM : YJ_SEV_LOW,
	    in_name ? 25 : 15);
	yj_evidence(ctx, f, "address", "%s", mb->addr);
	yj_evidence(ctx, f, in_name ? "name" : "signature", "%s", what);
	yj_explain_ja(ctx, f, "差出人は%s「%s」と名乗っていますが、アドレス %s "
	    "は誰でも作れるフリーメールです。"
	    "会社や役所を装った標的型攻撃の手口です。添付やリンクを開く前に、"
	    "公式の連絡先で相手に確認"
	    "してください。", in_name ? "表示名で" : "署名で", what,
	    mb->addr);
	yj_explain_en(ctx, f, "The sender presents itself as \"%s\" (%s), but "
	    "writes from %s, a free-mail address anyone can create. Posing as "
	    "a company or an office is a targeted-attack trick: confirm "
	    "through the organisation's official contact before opening "
	    "links or attachments.", what, in_name ? "display name" :
	    "signature", mb->addr);
}

/* report_gov - org_claim.government */
static void
report_gov(struct yj_check_ctx *ctx, const struct yj_mailbox *mb,
    const char *what)
{
	struct yj_finding *f;

	f = yj_report(ctx, "government", YJ_SEV_HIGH, 35);
	yj_evidence(ctx, f, "address", "%s", mb->addr);
	yj_evidence(ctx, f, "claim", "%s", what);
	yj_explain_ja(ctx, f, "官公庁 (%s) を名乗っていますが、送信元 %s は"
	    "官公庁のドメイン (go.jp、lg.jp など) ではありません。官公庁を"
	    "装った標的型攻撃の可能性があります。公式サイトに載っている"
	    "電話番号で確認してください。", what, mb->addr);
	yj_explain_en(ctx, f, "The mail claims to come from a government "
	    "office (%s), but the sender %s is not a government domain (go.jp, "
	    "lg.jp, ...). It may be a targeted attack posing as an authority: "
	    "confirm by the phone number on the office's official site.",
	    what, mb->addr);
}

/* run - the From mailbox against its claims */
static void
run(struct yj_check_ctx *ctx)
{
	const struct state *st = ctx->state;
	const struct yj_mailbox *mb = yj_sender_mailbox(ctx->msg);
	const char *name, *sig, *what;

	if (mb == NULL || *mb->domain == '\0' ||
	    yj_org_is_internal_domain(ctx->org, mb->domain))
		return;
	name = yj_sender_display(ctx->arena, ctx->msg);
	name = yj_nfkc_casefold(ctx->arena, name, strlen(name));
	sig = signature(ctx);
	if (!yj_domain_is_government(mb->domain) &&
	    (found(ctx, st->gov, name, &what) ||
	    found(ctx, st->gov, sig, &what))) {
		report_gov(ctx, mb, what);
		return;
	}
	if (!yj_domain_is_consumer(mb->domain))
		return;
	if (found(ctx, st->company, name, &what))
		report_free(ctx, mb, what, true);
	else if (found(ctx, st->company, sig, &what))
		report_free(ctx, mb, what, false);
}

YJ_CHECK_DEFINE(org_claim,
	.summary = "a company or government office claimed by a free-mail or "
	    "non-government sender",
	.summary_ja = "フリーメールや官公庁以外の送信元が、"
	    "会社や官公庁を名乗っている",
	.directions = YJ_DIR_IN,
	.setup = setup,
	.teardown = teardown,
	.run = run);
