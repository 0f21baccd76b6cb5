/*
 * lure - inbound: the wording of phishing, fraud and targeted attacks
 *
 * The attack: the text pushes the reader to act before thinking.  The
 * anti-phishing council lists the lures of brand phishing (account
 * locked or suspended, "someone logged in", card expired, update the
 * payment method, 24-hour deadlines: D6 of
 * ../shared/spec/inbound-and-incident.md, S16 S17); IPA's targeted-attack
 * examples use ordinary business themes (press requests, job
 * applications, enquiries, purchase orders, security warnings) on mail
 * from an unknown sender with an attachment (G1, S1 S4); Emotet sends a
 * short generic body ("please check the attachment") with a file (B3,
 * S12); advance-fee fraud promises a share of a large sum for a small
 * fee through a stranger's "confidential" proposal.
 *
 * Findings:
 *   lure.phishing           phishing lures in subject and body, by kind
 *                           (account locked, verify, payment problem,
 *                           unusual login, deadline, prize/refund/bonus,
 *                           a greeting to nobody in particular ("Dear
 *                           Customer", machine-translated "親愛なるお客様"),
 *                           click to sign in, failed parcel delivery, the
 *                           recipient's own address in the subject): one
 *                           kind low 15,
 *                           two medium 25, three or more medium 35
 *   lure.advance_fee        advance-fee fraud: two parts of the story
 *                           (an inheritance or beneficiary, a transfer
 *                           channel, a private proposal) or one with a
 *                           large sum (medium, 30)
 *   lure.targeted_theme     an outside sender, an attachment, and a
 *                           subject on one of IPA's targeted themes
 *                           (low, 15)
 *   lure.generic_attachment an attachment with a short generic body
 *                           (under 80 characters of the sender's own
 *                           words, "ご確認ください", "see attached")
 *                           (low, 10)
 *
 * Japanese and English wording, matched after NFKC_Casefold (full-width
 * digits and letters fold), on the subject and the first 64 KiB of the
 * visible text.  Weights: the spec's starting points (D6 15, G1 15, B3
 * 10) for one piece of evidence; several independent lures in one mail
 * are rare outside phishing, hence the steps: one kind alone stays below
 * the tag threshold and only adds to other evidence, two kinds tag.
 *
 * Accepted false positives: real notices from banks and shops use the
 * same words (a real "card expiry" notice with a sign-in link scores two
 * kinds); invoices and purchase orders from new customers look like G1.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/phrase.h"
#include "mail/quote.h"
#include "mail/sender.h"
#include "util/alloc.h"
#include "util/str.h"

#define SHORT_BODY	80	/* characters */

/* Phishing lures: one rule per kind, Japanese | English. */
static const struct yj_phrase_rule phishing_rules[] = {
	{ "account_locked", "アカウント.{0,12}(停止|凍結|ロック|制限|無効|閉鎖|"
	  "削除|利用停止)|(ご)?利用を?(一時)?(停止|制限)(いた)?しました|"
	  "ご利用いただけなく(なり|な)|(account|access) (has been |is |was |"
	  "will be )?(temporarily )?(suspended|locked|limited|disabled|"
	  "restricted|terminated|deactivated|on hold)|(suspend|lock|"
	  "restrict|disable)(ed)? (your|the) account" },
	{ "verify", "本人確認|ご本人様?の?確認|(登録|お客様|アカウント|"
	  "お支払い?|カード|会員)情報.{0,6}(確認|更新|再登録|入力)|"
	  "セキュリティ(の|上の)?(確認|認証|強化)|認証(を|が)(完了|必要)|"
	  "(verify|confirm|validate|update) (your|the) (account|identity|"
	  "information|details|email|billing|payment|reservation|booking|"
	  "subscription|wallet)|verify (it'?s|that it is) you|(seed|recovery|"
	  "secret) phrase|wallet (verification|validation|"
	  "synchroni[sz]ation)" },
	{ "payment_problem", "(支払|決済)い?方法.{0,10}(更新|変更|確認|登録)|"
	  "(お支払|ご請求|決済|引き?落とし)い?(が|に)(失敗|できません|確認でき"
	  "ません)|未払い|未納|滞納|カード.{0,6}(有効期限|期限切れ|不正利用)|"
	  "(payment|transaction|charge) (failed|declined|was unsuccessful|"
	  "could not be processed)|billing (problem|issue|information)|unpaid"
	  " (invoice|balance|bill)|outstanding (balance|payment)|card (has )?"
	  "expired|payment (details|information|method) (required|needed|"
	  "update)|(membership|subscription) (has )?(expired|not renewed|"
	  "could not be renewed|failed|suspended)" },
	{ "unusual_login", "(異常|不審|不正)な?(ログイン|アクセス|サインイン|"
	  "利用)|第三者(による|が|から).{0,6}(ログイン|アクセス|不正|利用)|"
	  "新しい(端末|デバイス|ブラウザ)(から|で).{0,4}(ログイン|サインイン)|"
	  "(unusual|suspicious|unauthori[sz]ed|unrecogni[sz]ed|strange) "
	  "(sign[- ]?in|login|log-in|activity|access)|new sign[- ]?in|someone "
	  "(has )?(tried to )?(sign|log)(ged)? ?in|was this you\\?|recent "
	  "(login|sign[- ]?in) to your account|(login|sign[- ]?in) attempt" },
	{ "deadline", "(24|48|72)時間以内|本日中|期限(まで|内)に.{0,8}(手続|"
	  "確認|更新|対応)|速やかに.{0,4}(確認|手続|更新)|(手続|確認|更新|"
	  "対応)(き)?(が|を)?(いただけ|され|確認でき)ない場合|自動(的に)?(退会|"
	  "解約|停止|削除)|within (24|48|72) hours|(final|last|second) (notice|"
	  "warning|reminder)|(expires?|expiring) (today|soon|in)|will be "
	  "(permanently )?(closed|terminated|deleted|suspended)|immediate "
	  "action" },
	{ "prize_refund", "当選(しました|おめでとう|者)|(ポイント|特典).{0,6}"
	  "(失効|付与|還元|受け取)|還付金|給付金|返金(手続|のお知らせ)|"
	  "当選(しました|のお知らせ|おめでとう)|(特別|限定)(な)?(特典|ボーナス|"
	  "報酬)|(無料|特別)(で)?(プレゼント|進呈)|賞品|"
	  "you('ve| have| are| were)( been)? (selected|chosen|won)|(claim|"
	  "collect|receive|redeem) (your|the|a) (free |exclusive |"
	  "pending )?(prize|reward|gift|refund|bonus|tokens?|airdrop|"
	  "cashback)|(tax )?refund (is )?(pending|available|approved)|"
	  "(won|winner of) (a|an|the) .{0,20}(gift|prize|reward)|(reward|"
	  "bonus|prize|gift) (is )?(waiting|pending|ready) for you|free "
	  "spins|welcome bonus|airdrop|jackpot" },
	{ "generic_greeting", "(尊敬|親愛)する?(お客様|会員|ユーザー|利用者)|"
	  "dear (valued |esteemed )?(customer|user|client|member|account "
	  "holder|subscriber|beneficiary|guest|sir/madam|sir or madam)|(my )?"
	  "dear (friend|beloved)" },
	{ "security_scare", "(パソコン|デバイス|端末)が.{0,10}(危険|感染|"
	  "無防備)|(保護|ライセンス|サブスクリプション)の?(期限|"
	  "有効期限)が切れ|(pc|computer|device|system) (is|may be) "
	  "(currently )?(unprotected|vulnerable|at risk|infected)|(antivirus|"
	  "protection|license|security) (subscription )?(has )?expired|"
	  "virus(es)? (detected|found)|security vulnerability detected" },
	{ "click_to_sign_in", "(下記|以下|次)の?(リンク|url|ボタン)(から|より|"
	  "を).{0,12}(ログイン|手続|確認|更新|アクセス|変更)|こちら(から|"
	  "より).{0,6}(ログイン|確認|更新|お?手続)|click (here|below|the (link|"
	  "button)) to (log ?in|sign ?in|verify|confirm|update|restore|unlock|"
	  "validate|reactivate|secure)|(log|sign) ?in (here|now|below|to "
	  "(verify|confirm|restore|update))" },
	{ "delivery_failed", "(不在|配達|お届け).{0,4}(のため|通知|できません|"
	  "失敗)|再配達|お荷物.{0,6}(保管|お預かり|返送)|配送.{0,4}失敗|住所"
	  "(が)?(不明|不備)|関税|(shipment|parcel|package) (failed|"
	  "delivery (attempt|failed)|on hold|suspended|could not be "
	  "delivered)|(parcel|package) redelivery|customs (fee|duty)" },
};

/* Advance-fee fraud: kinds of wording, two needed. */
static const struct yj_phrase_rule fee_rules[] = {
	{ "large_sum", "\\$ ?\\d[\\d,.]* ?(million|m\\b)|\\d[\\d,.]* ?(million|"
	  "m) (us ?)?(dollars|usd|euros?|eur|pounds|gbp)|(usd|eur|gbp) ?\\d"
	  "[\\d,.]{6,}|(\\$|€|£) ?\\d{1,3}([.,]\\d{3}){2,}|million"
	  "[a-z ]{0,40}(dollars?|euros?|pounds)|億円|数千万円|\\d[\\d,.]*"
	  "(万|億) ?(米?ドル|ユーロ|ポンド)|数(百|千)万(米?ドル|ユーロ)" },
	{ "inheritance", "inheritance|next of kin|beneficiary|late (client|"
	  "husband|wife|father|mother)|deceased (client|customer|investor|"
	  "depositor|husband|wife|father|mother)|(investor|client|depositor) "
	  "(is|was) deceased|died without (a |an )?(will|heir|next of kin)|"
	  "unclaimed (fund|deposit)|dormant account|(last|dying) wish|"
	  "motherless|donate (my|the|this) (fund|money|wealth|estate) to you|"
	  "遺産|相続人|受取人" },
	{ "channel", "western union|moneygram|atm (master|visa )?card|"
	  "consignment (box|package)|diplomatic (courier|agent)|security "
	  "(company|vault)|送金手数料|手数料を(先に|お振込)" },
	{ "official", "united nations|barrister|attorney at law|foreign "
	  "(affairs|exchange) (office|department)|国連|弁護士を通じて" },
	{ "proposal", "(business|investment) proposal|mutual benefit|strictly"
	  " (confidential|private)|\\d{2} ?% (of|percent of) the (total|fund|"
	  "sum)|reply (to )?my private email|(my|your) private (e-?mail|"
	  "address)|i am (contacting|writing to) you (because|to)|invest "
	  "(with|in) you|solicit your (help|assistance|partnership|"
	  "cooperation)|reply (me )?urgently|trustworthy (partner|person)|"
	  "投資案件|極秘の?(取引|案件)" },
};

/* IPA's targeted themes, on the subject. */
static const struct yj_phrase_rule theme_rules[] = {
	{ "targeted_theme", "取材|インタビュー|履歴書|職務経歴書|応募|採用|"
	  "問い?合わ?せ|注文書|発注書|見積|請求書|納品書|支払通知|送金通知|"
	  "セキュリティ.{0,4}(注意喚起|警告|更新)|ウイルス|\\bresume\\b|"
	  "\\bcv\\b|curriculum vitae|job application|inquiry|enquiry|purchase "
	  "order|\\bpo\\b|quotation|\\brfq\\b|invoice|payment (advice|"
	  "confirmation)|remittance|shipping (documents|document)|bill of "
	  "lading|\\bawb\\b|security (alert|update|notice)" },
};

/* Emotet-style one-liners. */
static const struct yj_phrase_rule generic_rules[] = {
	{ "generic", "ご確認(を)?(お願い|よろしく|ください|下さい)|添付.{0,8}"
	  "(確認|参照|送付)|資料を?(送付|お送り)|(please|kindly) (see|find|"
	  "check|review|open|confirm)|see (the )?attach|as (discussed|"
	  "requested)|please confirm" },
};

struct state {
	struct yj_phrases	*phishing;
	struct yj_phrases	*fee;
	struct yj_phrases	*theme;
	struct yj_phrases	*generic;
};

#define NRULES(v)	(sizeof(v) / sizeof((v)[0]))

/* setup - compile the rules */
static int
setup(const struct yj_org *org, const void *settings, void **out, char *err,
    size_t errsz)
{
	struct state *st = yj_xcalloc(1, sizeof(*st));
	int rc;

	(void)org;
	(void)settings;
	rc = yj_phrases_new(phishing_rules, NRULES(phishing_rules),
	    &st->phishing, err, errsz);
	if (rc == 0)
		rc = yj_phrases_new(fee_rules, NRULES(fee_rules), &st->fee, err,
		    errsz);
	if (rc == 0)
		rc = yj_phrases_new(theme_rules, NRULES(theme_rules),
		    &st->theme, err, errsz);
	if (rc == 0)
		rc = yj_phrases_new(generic_rules, NRULES(generic_rules),
		    &st->generic, err, errsz);
	*out = st;
	return rc;
}

/* teardown - free the rules */
static void
teardown(void *p)
{
	struct state *st = p;

	if (st == NULL)
		return;
	yj_phrases_free(st->phishing);
	yj_phrases_free(st->fee);
	yj_phrases_free(st->theme);
	yj_phrases_free(st->generic);
	yj_free(st);
}

/* found - rule i in subject or body; its words in *w */
static bool
found(struct yj_check_ctx *ctx, const struct yj_phrases *ps, size_t i,
    const char **w)
{
	const struct yj_msg *m = ctx->msg;

	return yj_phrases_find(ps, i, m->subject_nfkc, strlen(m->subject_nfkc),
	    ctx->arena, w) || yj_phrases_find(ps, i, m->body_nfkc,
	    strlen(m->body_nfkc), ctx->arena, w);
}

/* collect - the rules of ps that match, their ids and words; how many */
static size_t
collect(struct yj_check_ctx *ctx, const struct yj_phrases *ps,
    const char **ids, const char **words)
{
	size_t i, n = 0;
	const char *w;

	for (i = 0; i < yj_phrases_count(ps); i++)
		if (found(ctx, ps, i, &w)) {
			ids[n] = yj_phrases_id(ps, i);
			words[n++] = w;
		}
	return n;
}

/*
 * addressed_subject - the subject names the recipient's own address
 * ("Mailbox yamada@... is full", "User ID: yamada@..."): merge fields of
 * phishing kits, which know nothing but the address
 */
static const char *
addressed_subject(const struct yj_msg *m)
{
	size_t i;

	for (i = 0; i < m->to.nr; i++)
		if (*m->to.v[i].domain != '\0' &&
		    yj_strcasestr(m->subject, m->to.v[i].addr) != NULL)
			return m->to.v[i].addr;
	return NULL;
}

/* check_phishing - lure.phishing */
static void
check_phishing(struct yj_check_ctx *ctx, const struct state *st)
{
	const char *ids[NRULES(phishing_rules) + 1];
	const char *words[NRULES(phishing_rules) + 1];
	struct yj_finding *f;
	size_t n, i;

	n = collect(ctx, st->phishing, ids, words);
	if ((words[n] = addressed_subject(ctx->msg)) != NULL)
		ids[n++] = "recipient_address";
	if (n == 0)
		return;
	f = yj_report(ctx, "phishing", n >= 2 ? YJ_SEV_MEDIUM : YJ_SEV_LOW,
	    n >= 3 ? 35 : n == 2 ? 25 : 15);
	for (i = 0; i < n; i++)
		yj_evidence(ctx, f, ids[i], "%s", words[i]);
	yj_explain_ja(ctx, f, "本文に、フィッシングでよく使われる言い回し "
	    "(「%s」など) があります。急がせたり不安をあおったりして、"
	    "リンクからログインや支払いをさせる手口です。リンクは開かず、"
	    "公式アプリやブックマークから確認してください。", words[0]);
	yj_explain_en(ctx, f, "The text uses wording typical of phishing "
	    "(\"%s\"%s): it hurries or worries you into signing in or paying "
	    "through its link. Do not use the link; check through the "
	    "official app or your own bookmark.", words[0], n > 1 ?
	    " and more" : "");
}

/* has - the rule id is among ids */
static bool
has(const char **ids, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

/*
 * fee_scheme - the kinds seen make the scheme: the story (an inheritance,
 * a transfer channel, a private proposal) twice, or once with a large
 * sum.  A sum or an official alone is business news.
 */
static bool
fee_scheme(const char **ids, size_t n)
{
	size_t story = has(ids, n, "inheritance") + has(ids, n, "channel") +
	    has(ids, n, "proposal");

	return story >= 2 || (story >= 1 && has(ids, n, "large_sum"));
}

/* check_fee - lure.advance_fee */
static void
check_fee(struct yj_check_ctx *ctx, const struct state *st)
{
	const char *ids[NRULES(fee_rules)], *words[NRULES(fee_rules)];
	struct yj_finding *f;
	size_t n, i;

	n = collect(ctx, st->fee, ids, words);
	if (!fee_scheme(ids, n))
		return;
	f = yj_report(ctx, "advance_fee", YJ_SEV_MEDIUM, 30);
	for (i = 0; i < n; i++)
		yj_evidence(ctx, f, ids[i], "%s", words[i]);
	yj_explain_ja(ctx, f, "見知らぬ相手からの、大金や遺産、極秘の取引を持ち"
	    "かける文面です (「%s」など)。手数料や個人情報をだまし取る詐欺の"
	    "手口です。返信しないでください。", words[0]);
	yj_explain_en(ctx, f, "A stranger offers a large sum, an inheritance "
	    "or a confidential deal (\"%s\"). This is advance-fee fraud, after "
	    "fees or personal data: do not reply.", words[0]);
}

/* has_attachment - a real attachment (not an inline image) */
static bool
has_attachment(const struct yj_msg *m)
{
	const struct yj_attachment *a;
	size_t i;

	for (i = 0; i < m->natts; i++) {
		a = &m->atts[i];
		if (a->depth > 0 || (a->flags & YJ_ATT_MESSAGE))
			continue;
		if ((a->flags & YJ_ATT_INLINE) &&
		    strncmp(a->content_type, "image/", 6) == 0)
			continue;
		return true;
	}
	return false;
}

/* own_chars - characters the sender wrote in the first main text */
static size_t
own_chars(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	struct yj_quote q;
	const char *p;
	size_t i, n = 0;

	for (i = 0; i < m->ntexts; i++) {
		if (m->texts[i].flags & (YJ_TEXT_ALTERNATIVE |
		    YJ_TEXT_ATTACHMENT | YJ_TEXT_NESTED))
			continue;
		yj_quote_split(ctx->arena, m->texts[i].text, m->texts[i].len,
		    &q);
		for (p = q.own; *p != '\0'; p++)
			if (((unsigned char)*p & 0xc0) != 0x80 &&
			    (unsigned char)*p > ' ')
				n++;
		return n;
	}
	return 0;
}

/* check_attachment_lures - lure.targeted_theme and generic_attachment */
static void
check_attachment_lures(struct yj_check_ctx *ctx, const struct state *st)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_mailbox *from = yj_sender_mailbox(m);
	struct yj_finding *f;
	const char *w;

	if (!has_attachment(m) || from == NULL ||
	    yj_org_is_internal_domain(ctx->org, from->domain))
		return;
	if (yj_phrases_find(st->theme, 0, m->subject_nfkc,
	    strlen(m->subject_nfkc), ctx->arena, &w)) {
		f = yj_report(ctx, "targeted_theme", YJ_SEV_LOW, 15);
		yj_evidence(ctx, f, "subject", "%s", m->subject);
		yj_evidence(ctx, f, "theme", "%s", w);
		yj_explain_ja(ctx, f, "外部からの添付付きメールで、"
		    "件名が「%s」に関するものです。取材依頼・履歴書・"
		    "問い合わせ・注文書などは、"
		    "標的型攻撃でよく使われる題材です。知らない相手なら、"
		    "添付を開く前に差出人を確かめてください。", w);
		yj_explain_en(ctx, f, "An outside sender attaches a file to a "
		    "mail about \"%s\". Press requests, job applications, "
		    "enquiries and orders are favourite themes of targeted "
		    "attacks: if you do not know the sender, check them before "
		    "opening the file.", w);
	}
	if (own_chars(ctx) < SHORT_BODY &&
	    yj_phrases_find(st->generic, 0, m->body_nfkc,
	    strlen(m->body_nfkc), ctx->arena, &w)) {
		f = yj_report(ctx, "generic_attachment", YJ_SEV_LOW, 10);
		yj_evidence(ctx, f, "words", "%s", w);
		yj_explain_ja(ctx, f, "本文がごく短く「%s」のような決まり文句だ"
		    "けで、ファイルが添付されています。Emotet "
		    "などのウイルスメールによくある形です。"
		    "送信者に心当たりがなければ開かないでください。",
		    w);
		yj_explain_en(ctx, f, "The body is only a short stock phrase "
		    "(\"%s\") with a file attached, the usual shape of "
		    "Emotet-style malware mail. Do not open it unless you "
		    "expected it.", w);
	}
}

/* run - every kind of lure */
static void
run(struct yj_check_ctx *ctx)
{
	const struct state *st = ctx->state;

	check_phishing(ctx, st);
	check_fee(ctx, st);
	check_attachment_lures(ctx, st);
}

YJ_CHECK_DEFINE(lure,
	.summary = "phishing, advance-fee and targeted-attack wording "
	    "(Japanese and English)",
	.summary_ja = "フィッシング・前払い詐欺・標的型攻撃によくある文面 "
	    "(日本語・英語)",
	.directions = YJ_DIR_IN,
	.setup = setup,
	.teardown = teardown,
	.run = run);
