/*
 * obfuscation - inbound: text built to fool filters and readers
 *
 * The attack: late-2024 phishing carries invisible junk text to defeat
 * filters (anti-phishing council, S22); Japanese phishing inserts
 * invisible characters (U+2061, U+2064, zero-width spaces) inside words
 * so keyword filters miss them; JPCERT/CC's list shows "mathematical
 * bold" letters (U+1D400-U+1D7FF) standing in for ordinary ones (S34);
 * IPA notes kanji forms not used in Japanese (simplified Chinese) in
 * machine-translated attack mail (S4); Latin names with a Cyrillic or
 * Greek letter inside look right and match nothing (indicators D7 and
 * D8 of ../shared/spec/inbound-and-incident.md).
 *
 * Findings:
 *   obfuscation.hidden_text     HTML text a reader cannot see
 *                               (display:none, font-size 0, white on
 *                               white, ...) of 250 characters or more
 *                               (medium, 15)
 *   obfuscation.invisible_chars invisible or direction-changing
 *                               characters inside the subject or the
 *                               sender's name, or five or more in the
 *                               body (low, 20)
 *   obfuscation.math_letters    mathematical alphanumeric letters in the
 *                               subject or the sender's name or address,
 *                               or three or more in the body (low, 20)
 *   obfuscation.mixed_script    a word of the subject or sender's name
 *                               that mixes Latin with Cyrillic or Greek
 *                               (low, 20)
 *   obfuscation.simplified_kanji Japanese text (kana) with two or more
 *                               simplified-Chinese-only characters
 *                               (low, 10)
 *
 * Weights: the spec's range (10-20) for D8 and 15 for D7; hidden
 * preheaders of newsletters are short, hence the length floor.
 *
 * Accepted false positives: HTML mail that hides a long text version for
 * accessibility; Chinese names written in simplified characters in an
 * otherwise Japanese mail.
 */
#include <stdio.h>
#include <string.h>

#include "engine/check.h"
#include "mail/lookalike.h"
#include "mail/sender.h"
#include "util/str.h"

#define HIDDEN_MIN	250	/* characters of hidden text */
#define BODY_INVISIBLE	5
#define BODY_MATH	3
#define KANA_MIN	20

/* invisible - characters that show nothing or reorder text */
static bool
invisible(long cp)
{
	return (cp >= 0x200b && cp <= 0x200c) || (cp >= 0x200e &&
	    cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 &&
	    cp <= 0x2069) || cp == 0xfeff || cp == 0x00ad || cp == 0x034f ||
	    cp == 0x180e || cp == 0x115f || cp == 0x1160 || cp == 0x3164 ||
	    cp == 0xffa0 || (cp >= 0xe0000 && cp <= 0xe007f);
}

/* math_letter - U+1D400..U+1D7FF mathematical alphanumerics */
static bool
math_letter(long cp)
{
	return cp >= 0x1d400 && cp <= 0x1d7ff;
}

/* kana - hiragana or katakana */
static bool
kana(long cp)
{
	return (cp >= 0x3041 && cp <= 0x30ff) || (cp >= 0x31f0 &&
	    cp <= 0x31ff);
}

/*
 * Frequent simplified Chinese characters that Japanese writing never
 * uses (their Japanese forms differ: 们 -, 这 這, 说 説, 时 時, ...).
 */
static const char simplified[] =
    "们这说时对发经过还进样请问题应该开关长门为个东车书买卖见觉让认识订单"
    "账户银码网络务费贷钱额币邮验证号点击链接击这里们户协议确认运输价货"
    "专业优惠联系电话";

/*
 * is_simplified - cp is one of the list above (all CJK unified
 * ideographs; UTF-8 is self-synchronising, so a byte search finds only
 * whole characters)
 */
static bool
is_simplified(long cp)
{
	char u[5];

	if (cp < 0x4e00 || cp > 0x9fff)
		return false;
	u[yj_utf8_encode((unsigned long)cp, u)] = '\0';
	return strstr(simplified, u) != NULL;
}

struct counts {
	size_t	invisible;
	size_t	math;
	size_t	kana;
	size_t	simplified;
	long	first_invisible;
};

/* count - add up the code points of s */
static void
count(const char *s, struct counts *c)
{
	const char *p = s, *end = s + strlen(s);
	long cp;

	while (p < end) {
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			p++;
			continue;
		}
		if (invisible(cp) && c->invisible++ == 0)
			c->first_invisible = cp;
		c->math += math_letter(cp);
		c->kana += kana(cp);
		c->simplified += is_simplified(cp);
	}
}

/* report - one finding with the place it was seen */
static void
report(struct yj_check_ctx *ctx, const char *name, enum yj_severity sev,
    int weight, const char *where, const char *detail, const char *ja,
    const char *en)
{
	struct yj_finding *f;

	f = yj_report(ctx, name, sev, weight);
	yj_evidence(ctx, f, "where", "%s", where);
	if (detail != NULL)
		yj_evidence(ctx, f, "detail", "%s", detail);
	yj_explain_ja(ctx, f, "%s", ja);
	yj_explain_en(ctx, f, "%s", en);
}

/*
 * count_body - the visible texts (as decoded: the NFKC copies drop the
 * characters looked for)
 */
static void
count_body(const struct yj_msg *m, struct counts *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < m->ntexts; i++)
		if (!(m->texts[i].flags & (YJ_TEXT_ALTERNATIVE |
		    YJ_TEXT_ATTACHMENT)))
			count(m->texts[i].text, c);
}

/* hidden_chars - characters of hidden HTML text, spaces left out */
static size_t
hidden_chars(const struct yj_msg *m)
{
	const char *p;
	size_t i, n = 0;

	for (i = 0; i < m->ntexts; i++)
		for (p = m->texts[i].hidden; p != NULL && *p != '\0'; p++)
			if (((unsigned char)*p & 0xc0) != 0x80 &&
			    (unsigned char)*p > ' ')
				n++;
	return n;
}

/* mixed_word - a word of s mixing Latin with another alphabet */
static const char *
mixed_word(struct yj_arena *a, const char *s)
{
	const char *p = s, *e;
	char *w;

	while (*p != '\0') {
		while (*p == ' ' || *p == '\t')
			p++;
		e = p + strcspn(p, " \t");
		if (e > p) {
			w = yj_arena_memdup(a, p, (size_t)(e - p));
			if (yj_lookalike_mixed_script(w))
				return w;
		}
		p = e;
	}
	return NULL;
}

/* check_chars - invisible characters and math letters */
static void
check_chars(struct yj_check_ctx *ctx, const char *name,
    const struct yj_mailbox *from, const struct counts *b)
{
	const struct counts bs = *b;
	struct counts hs = { 0 };
	const char *where;
	char detail[32];

	count(ctx->msg->subject, &hs);
	count(name, &hs);
	if (from != NULL)
		count(from->addr, &hs);
	if (hs.invisible > 0 || bs.invisible >= BODY_INVISIBLE) {
		where = hs.invisible > 0 ? "subject or sender" : "body";
		snprintf(detail, sizeof(detail), "U+%04lX x %zu",
		    hs.invisible ? hs.first_invisible : bs.first_invisible,
		    hs.invisible ? hs.invisible : bs.invisible);
		report(ctx, "invisible_chars", YJ_SEV_LOW, 20, where, detail,
		    "目に見えない文字 (ゼロ幅スペースなど) "
		    "が言葉の間に入っています。"
		    "迷惑メール対策をすり抜けるための細工です。",
		    "Invisible characters (zero-width spaces and the like) sit "
		    "inside the words: a trick to slip past mail filters.");
	}
	if (hs.math > 0 || bs.math >= BODY_MATH)
		report(ctx, "math_letters", YJ_SEV_LOW, 20, hs.math ?
		    "subject or sender" : "body", NULL,
		    "数式用の特殊な英字 (𝐀、𝐁 など) "
		    "で普通の文字を置き換えています。"
		    "検査をすり抜けるための細工です。",
		    "Ordinary letters are replaced by mathematical letters (𝐀, "
		    "𝐁, ...), a trick to slip past filters.");
}

/* run - every kind of disguise */
static void
run(struct yj_check_ctx *ctx)
{
	const char *name = yj_sender_display(ctx->arena, ctx->msg), *w;
	struct counts bs;
	char detail[32];
	size_t hidden;

	count_body(ctx->msg, &bs);
	if ((hidden = hidden_chars(ctx->msg)) >= HIDDEN_MIN) {
		snprintf(detail, sizeof(detail), "%zu characters", hidden);
		report(ctx, "hidden_text", YJ_SEV_MEDIUM, 15, "html", detail,
		    "HTML の中に、"
		    "読む人には見えない文章が大量に隠されています。"
		    "迷惑メール対策をだますための細工です。",
		    "The HTML hides a large amount of text no reader can see, "
		    "to fool mail filters.");
	}
	check_chars(ctx, name, yj_sender_mailbox(ctx->msg), &bs);
	if ((w = mixed_word(ctx->arena, name)) != NULL ||
	    (w = mixed_word(ctx->arena, ctx->msg->subject)) != NULL)
		report(ctx, "mixed_script", YJ_SEV_LOW, 20, "subject or sender",
		    w, "差出人名か件名に、"
		    "ラテン文字とキリル文字などを混ぜた単語があります。"
		    "見た目をそっくりにして検査をすり抜ける細工です。",
		    "A word of the sender's name or subject mixes Latin with "
		    "Cyrillic or Greek letters: it looks normal but slips past "
		    "filters.");
	if (bs.kana >= KANA_MIN && bs.simplified >= 2) {
		snprintf(detail, sizeof(detail), "%zu characters",
		    bs.simplified);
		report(ctx, "simplified_kanji", YJ_SEV_LOW, 10, "body", detail,
		    "日本語の文中に、日本語では使わない簡体字が混じっています。"
		    "機械翻訳で作られた攻撃メールによく見られます。",
		    "The Japanese text contains simplified Chinese characters "
		    "that Japanese does not use, common in machine-translated "
		    "attack mail.");
	}
}

YJ_CHECK_DEFINE(obfuscation,
	.summary = "hidden HTML text, invisible characters, mathematical "
	    "letters, mixed scripts, simplified Chinese in Japanese text",
	.summary_ja = "見えない HTML の文章、不可視文字、数式用英字、"
	    "文字種の混在、日本語中の簡体字",
	.directions = YJ_DIR_IN,
	.run = run);
