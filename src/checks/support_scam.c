/*
 * support_scam - inbound: fake warnings that want a phone call, remote
 * access or payment in gift cards
 *
 * The attack: support scams (サポート詐欺) show a virus or security
 * warning with a phone number to call; the caller has the victim install
 * remote-control software and pay by convenience-store e-money or gift
 * cards.  Microsoft says its warnings never carry a phone number and it
 * never charges in gift cards (indicator E1 of
 * ../shared/spec/inbound-and-incident.md, S23 S24 S25).  The mail form
 * of the same scam is the "call-back" invoice: a fake renewal or order
 * with a number to call "if you did not authorise it".
 *
 * Findings:
 *   support_scam.call_warning  a phone number with a virus or security
 *                              warning and a vendor or support name
 *                              (medium, 40)
 *   support_scam.callback      a phone number with a charge, renewal or
 *                              order the reader is invited to cancel or
 *                              dispute by calling (medium, 30)
 *   support_scam.remote_tool   a remote-control tool to install or
 *                              connect (medium, 30)
 *   support_scam.gift_payment  payment asked in gift cards, e-money or
 *                              crypto (medium, 30)
 *
 * Japanese and English wording after NFKC_Casefold.  Weights: the
 * spec's starting point (E1 40) for the classic form; each other form is
 * one piece of the same scheme (30), and two of them quarantine
 * together with most other evidence.
 *
 * Accepted false positives: real IT departments' mail that names a remote
 * tool ("connect with Quick Assist") or a vendor's real renewal notice
 * with a phone number; internal mail is not checked.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/phrase.h"
#include "mail/sender.h"
#include "util/alloc.h"

/* A phone number the way scams write them, after NFKC. */
#define PHONE \
	"(\\+?\\d{1,3}[ .-]*)?\\(?\\d{2,4}\\)?[ .-]*\\(?\\d{2,4}\\)?[ .-]*" \
	"\\(?\\d{3,4}\\)?(?!\\d)"

static const struct yj_phrase_rule rules[] = {
	/* English words whole: "tel" is in "hotel", "virus" in "antivirus" */
	{ "phone", "(電話|\\b(tel|telephone|call|phone|toll[- ]?free|helpline|"
	  "hotline|reach us|contact (us|our)|billing department|support "
	  "(number|line))\\b|サポート窓口|お問い合わせ)[^\\n]{0,40}\\n?[ \\t]*" PHONE
	  "|" PHONE
	  "[^\\n]{0,20}(まで|に)(電話|お電話|連絡)" },
	{ "warning", "ウイルス|ウィルス|感染|ハッキング|マルウェア|"
	  "トロイの木馬|セキュリティ(警告|エラー|上の問題)|不正アクセス|"
	  "\\b(virus(es)?|infected|malware|trojans?|spyware|hacked)\\b|"
	  "security (alert|warning|breach)|(computer|pc|device) (is|has been) "
	  "(compromised|blocked|locked)" },
	{ "vendor", "microsoft|windows|マイクロソフト|apple|mcafee|norton|"
	  "avast|geek squad|best buy|paypal|amazon|サポートセンター|"
	  "テクニカルサポート|technical support|tech support|support team|"
	  "help ?desk" },
	{ "charge", "(自動)?更新(されました|の手続き)|ご購入|"
	  "注文(を)?(受け付け|確定)|請求(額|金額)|subscription|renew(al|ed)|"
	  "auto-?renew|order (confirmation|#|number|id|date)|invoice (#|number|"
	  "no)|charged|has been processed|purchase (confirmation|of)|receipt "
	  "(number|#)|(recent|new|unusual) (login|sign[- ]?in)|"
	  "新しいログイン" },
	{ "dispute", "(心当たり|身に覚え)(が|の)ない|キャンセル(する|の)?場合|"
	  "返金(を)?(希望|ご希望)|did ?n[o']t (authori[sz]e|make|place|"
	  "order)|not (you|authori[sz]ed)|if this was ?n[o']t you|to cancel|"
	  "cancel(lation)? (this|the order|your)|dispute|refund|questions? "
	  "(about|regarding) (this|your) (order|charge|invoice)" },
	{ "remote_tool", "teamviewer|anydesk|ultraviewer|quick ?assist|"
	  "クイックアシスト|logmein|supremo|ammyy|rustdesk|splashtop|"
	  "screenconnect|connectwise|remotepc|遠隔操作|リモート(操作|接続|"
	  "サポート)" },
	{ "install", "インストール|ダウンロード|接続して|起動して|install|"
	  "download|connect (to|with)|(run|open) the" },
	{ "gift", "(ギフト|プリペイド)カード|電子マネー|amazon ?ギフト|"
	  "(itunes|apple|google play|steam) ?(ギフト|カード|card|gift)|"
	  "webmoney|ビットコイン|暗号資産|仮想通貨|gift ?cards?|prepaid "
	  "cards?|bitcoin|\\bbtc\\b|usdt" },
	{ "pay", "(購入|買って|番号|コード).{0,12}(支払|送|教え|入力|写真)|"
	  "コンビニで.{0,10}(購入|支払)|(pay|payment|purchase|buy)[^\\n]{0,30}"
	  "(with|by|in|using) (a |an |the )?(gift|prepaid|itunes|apple|google"
	  " play|steam|bitcoin|btc|usdt)|send (us |me )?(the )?(code|card "
	  "number|photo of the card)|scratch (off )?the (card|back|silver)" },
};

enum { R_PHONE, R_WARNING, R_VENDOR, R_CHARGE, R_DISPUTE, R_REMOTE,
	R_INSTALL, R_GIFT, R_PAY, NR };

_Static_assert(NR == sizeof(rules) / sizeof(rules[0]), "one enum per rule");

/* setup - compile */
static int
setup(const struct yj_org *org, const void *settings, void **out, char *err,
    size_t errsz)
{
	struct yj_phrases *ps;
	int rc;

	(void)org;
	(void)settings;
	rc = yj_phrases_new(rules, NR, &ps, err, errsz);
	*out = ps;
	return rc;
}

/* teardown - free */
static void
teardown(void *p)
{
	yj_phrases_free(p);
}

/* text - subject and body joined (NFKC) */
static const char *
text(struct yj_check_ctx *ctx)
{
	return yj_arena_printf(ctx->arena, "%s\n%s", ctx->msg->subject_nfkc,
	    ctx->msg->body_nfkc);
}

/* report - one finding with the words seen */
static void
report(struct yj_check_ctx *ctx, const char *name, int weight,
    const char **w, const int *which, size_t n, const char *ja,
    const char *en)
{
	struct yj_finding *f;
	size_t i;

	f = yj_report(ctx, name, YJ_SEV_MEDIUM, weight);
	for (i = 0; i < n; i++)
		yj_evidence(ctx, f, rules[which[i]].id, "%s", w[which[i]]);
	yj_explain_ja(ctx, f, "%s", ja);
	yj_explain_en(ctx, f, "%s", en);
}

/* run - which pieces of the scheme are there */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_mailbox *from = yj_sender_mailbox(ctx->msg);
	const char *t, *w[NR] = { 0 };
	bool has[NR];
	size_t i;

	if (from != NULL && yj_org_is_internal_domain(ctx->org, from->domain))
		return;
	t = text(ctx);
	for (i = 0; i < NR; i++)
		has[i] = yj_phrases_find(ctx->state, i, t, strlen(t),
		    ctx->arena, &w[i]);
	if (has[R_PHONE] && has[R_WARNING] && has[R_VENDOR])
		report(ctx, "call_warning", 40, w, (const int[]){ R_PHONE,
		    R_WARNING, R_VENDOR }, 3,
		    "ウイルス感染などの警告と、電話番号が書かれています。"
		    "サポートを装って電話をかけさせ、"
		    "遠隔操作や支払いをさせる「サポート詐欺」の手口です。"
		    "電話はせず、情報システムの担当者に相談してください。",
		    "The mail shows a virus or security warning with a phone "
		    "number to call. This is a tech-support scam: the "
		    "'support' takes over your computer and your money. Do not "
		    "call; ask your IT staff.");
	else if (has[R_PHONE] && has[R_CHARGE] && has[R_DISPUTE])
		report(ctx, "callback", 30, w, (const int[]){ R_PHONE,
		    R_CHARGE, R_DISPUTE }, 3,
		    "身に覚えのない購入や更新の通知に、"
		    "取り消しのための電話番号が書かれています。"
		    "電話をかけさせて金銭や情報をだまし取る手口です。"
		    "この番号には電話せず、正規の窓口で確認してください。",
		    "A purchase or renewal you may not recognise comes with a "
		    "phone number to call to cancel it. Call-back scams use "
		    "this to take money or data: do not call this number; "
		    "check through the company's official contact.");
	if (has[R_REMOTE] && has[R_INSTALL])
		report(ctx, "remote_tool", 30, w, (const int[]){ R_REMOTE,
		    R_INSTALL }, 2,
		    "遠隔操作ソフトのインストールや接続を求めています。"
		    "パソコンを乗っ取られる恐れがあります。指示に従わず、"
		    "情報システムの担当者に相談してください。",
		    "The mail asks you to install or connect a remote-control "
		    "tool, which would hand over your computer. Do not follow "
		    "it; ask your IT staff.");
	if (has[R_GIFT] && has[R_PAY])
		report(ctx, "gift_payment", 30, w, (const int[]){ R_GIFT,
		    R_PAY }, 2,
		    "ギフトカードや電子マネー、"
		    "暗号資産での支払いを求めています。"
		    "正規の会社や官公庁がこの方法で支払いを求めることはありませ"
		    "ん。詐欺です。支払わないでください。",
		    "The mail asks for payment in gift cards, e-money or "
		    "crypto. No real company or authority asks for that: it is "
		    "fraud. Do not pay.");
}

YJ_CHECK_DEFINE(support_scam,
	.summary = "tech-support and call-back scams: warnings with a phone "
	    "number, remote-control tools, gift-card payment",
	.summary_ja = "サポート詐欺・電話誘導詐欺: 警告と電話番号、"
	    "遠隔操作ソフト、ギフトカードでの支払い",
	.directions = YJ_DIR_IN,
	.setup = setup,
	.teardown = teardown,
	.run = run);
