/*
 * ppc.c - the report duty to the Personal Information Protection
 * Commission (PPC) under the APPI, as rules
 *
 * Private businesses (個人情報取扱事業者; Act art. 26, Enforcement Rules
 * arts. 7-10, text in force from 2024-04-01):
 *
 *   A leak, loss or damage of personal data (漏えい等), or the
 *   possibility of one ("おそれ", every item), must be reported when [P1]
 *     1. sensitive personal data (要配慮個人情報) is involved - any number;
 *     2. personal data whose misuse may cause property damage (card
 *        numbers, net-banking credentials) is involved - any number [P3];
 *     3. it was or may have been caused by an act with an unlawful
 *        purpose (unauthorised access, ransomware, taking data out) - any
 *        number; since 2024-04-01 this also covers data being acquired
 *        (web skimming) [P1][P8];
 *     4. more than 1,000 people are or may be affected.
 *   Data protected by advanced encryption (and whose key is safe) is
 *   outside the definition in art. 7(1), which the whole article uses
 *   [P1][P3].  Mis-sent personal data is a leak, but not when the wrong
 *   recipient deleted it without viewing it [P7]; we apply the same to
 *   any data retrieved before anyone else saw it (a lost bag returned
 *   sealed), and say so.
 *
 *   Preliminary report (速報, art. 8(1)): promptly after knowing; the
 *   guideline (3-5-3-3) gives about 3 to 5 days [P3][P9].  We show
 *   known_day + 3 as the target and + 5 as the outer guide, not moved
 *   for holidays (it is guidance, and earlier is better).
 *   Final report (確報, art. 8(2)): within 30 days of the day the
 *   business knew, 60 when the case is one of item 3 (even if other items
 *   also apply) [P2].  Two counting readings exist [spec 3.1]: counting
 *   the day of knowing as day 1 gives the conservative date known_day +
 *   29 (+ 59); Civil Code art. 140 (the first day is not counted) gives
 *   known_day + 30 (+ 60), and when that day is a Saturday, Sunday,
 *   national holiday or falls in 12/29-1/3 the period ends on the next
 *   business day (Civil Code art. 142; the closure days of 行政機関の休日
 *   に関する法律 art. 1) - the legal outer limit.  We show both; the
 *   PPC's own note on this (guideline 3-5-3-4) was not in the sources
 *   available and is marked UNVERIFIED in the spec.
 *   Notice to the people affected (Act 26(2), Rules art. 10): whenever a
 *   report is due, "as soon as the situation allows", with items 1, 2, 4,
 *   5 and 9 of the report; alternatives (publication, an enquiry desk)
 *   when notice is difficult [P4][P5].
 *   The clock starts when any part of the organisation knew [P16]
 *   (UNVERIFIED reading, spec 3.1): known_at is recorded as an instant
 *   and its date in Japan is used.
 *
 * Local government bodies (行政機関等 since 2023-04-01; Act art. 68,
 * Rules art. 43 and after) [P10][P11][P13]: the same triggers, but the
 * headcount trigger is more than 100 people; the same 速報/確報
 * structure; notice to the people (Act 68(2)).  An ordinance may add
 * its own sensitive categories (条例要配慮個人情報); the article
 * numbers used in the explanations are from [P10] and [P13] and are
 * UNVERIFIED against e-Gov.  We remind the user to check ordinances.
 *
 * My Number (特定個人情報): leaks have their own duty under the Numbers
 * Act; out of scope here, flagged "check separately" (spec 3.2).
 *
 * Not modelled: a contractor released from its own report by notifying
 * the principal [P6]; pseudonymised data [P3]; the 2026 amendment,
 * passed 2026-07-10 and not in force when this was written [P9].
 *
 * Sources (full list in ../shared/spec/inbound-and-incident.md):
 *   P1 Enforcement Rules art. 7 (2024-04-01 text), P2 art. 8,
 *   P3 BUSINESS LAWYERS on the reporting duty, P4/P5 notice to
 *   individuals, P6 guideline 3-5-3-2..4 summary, P7 guideline 3-5-1-1
 *   and Q&A 6-1, P8 2024 amendment (web skimming), P9 notes quoting
 *   guideline 3-5-3-3, P10 Fukuoka law firm (public sector, 100+),
 *   P11 PPC "漏えい等の対応" summary, P13 PPC Q&A (行政機関等編),
 *   P16 Kobe City Law Office on 速報/確報.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "incident/holiday.h"
#include "incident/ppc.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

#define JST_OFFSET	(9 * 3600)
#define MAX_NOTES	16

/* yj_ppc_jst_day - date in Japan */
int64_t
yj_ppc_jst_day(int64_t t)
{
	int64_t local = t + JST_OFFSET;

	return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

/* involved - personal data is or may be affected */
static bool
involved(const struct yj_ppc_facts *f)
{
	if (f->categories & (YJ_CAT_SENSITIVE | YJ_CAT_PROPERTY |
	    YJ_CAT_MY_NUMBER))
		return true;
	if (!f->people_set)
		return false;
	return f->people != 0;
}

/* over_threshold - the headcount trigger, and whether only "possibly" */
static bool
over_threshold(const struct yj_ppc_facts *f, int64_t limit, bool *possible)
{
	*possible = false;
	if (!f->people_set)
		return false;
	if (f->people >= 0)
		return f->people > limit;
	if (f->people_max >= 0 && f->people_max <= limit)
		return false;
	*possible = true;
	return true;
}

/* yj_ppc_assess - apply the rules */
void
yj_ppc_assess(const struct yj_ppc_facts *f, struct yj_ppc *p)
{
	unsigned t = 0;
	bool possible;

	memset(p, 0, sizeof(*p));
	p->threshold = f->org == YJ_ORG_LOCAL_GOV ? 100 : 1000;
	p->personal_data = involved(f);
	if (p->personal_data) {
		if (f->categories & YJ_CAT_SENSITIVE)
			t |= YJ_PPC_SENSITIVE;
		if (f->categories & YJ_CAT_PROPERTY)
			t |= YJ_PPC_PROPERTY;
		if (f->unlawful_purpose)
			t |= YJ_PPC_UNLAWFUL;
		if (over_threshold(f, p->threshold, &possible)) {
			t |= YJ_PPC_HEADCOUNT;
			p->headcount_possible = possible;
		}
		if (f->encrypted)
			p->exemptions |= YJ_PPC_X_ENCRYPTED;
		if (f->not_viewed)
			p->exemptions |= YJ_PPC_X_NOT_VIEWED;
	}
	if (p->exemptions != 0) {
		p->exempted = t;
		t = 0;
	}
	p->triggers = t;
	p->required = t != 0;
	p->notify_individuals = p->required;
	p->my_number = p->personal_data &&
	    (f->categories & YJ_CAT_MY_NUMBER) != 0;
	p->known_day = yj_ppc_jst_day(f->known_at);
	p->prelim_due = p->known_day + 3;
	p->prelim_due_outer = p->known_day + 5;
	p->final_days = (t & YJ_PPC_UNLAWFUL) ? 60 : 30;
	p->final_conservative = p->known_day + p->final_days - 1;
	p->final_nominal = p->known_day + p->final_days;
	p->final_limit = yj_holiday_next_business_day(p->final_nominal);
}

/* ---- names ----------------------------------------------------------- */

/* yj_ppc_trigger_name - stable name of one trigger bit */
const char *
yj_ppc_trigger_name(unsigned trigger)
{
	switch (trigger) {
	case YJ_PPC_SENSITIVE:	return "sensitive";
	case YJ_PPC_PROPERTY:	return "property_damage";
	case YJ_PPC_UNLAWFUL:	return "unlawful_purpose";
	case YJ_PPC_HEADCOUNT:	return "headcount";
	}
	return "?";
}

/* yj_ppc_exemption_name - stable name of one exemption bit */
const char *
yj_ppc_exemption_name(unsigned exemption)
{
	switch (exemption) {
	case YJ_PPC_X_ENCRYPTED:	return "encrypted";
	case YJ_PPC_X_NOT_VIEWED:	return "not_viewed";
	}
	return "?";
}

/* yj_ppc_category_name - stable name of one category bit */
const char *
yj_ppc_category_name(unsigned cat)
{
	switch (cat) {
	case YJ_CAT_SENSITIVE:	return "sensitive";
	case YJ_CAT_PROPERTY:	return "property_damage";
	case YJ_CAT_MY_NUMBER:	return "my_number";
	}
	return "?";
}

/* yj_ppc_category_parse - name to bit; YJ_EINVAL if unknown */
int
yj_ppc_category_parse(const char *name, unsigned *cat)
{
	unsigned b;

	for (b = 1; b & YJ_CAT_ALL; b <<= 1)
		if (strcmp(name, yj_ppc_category_name(b)) == 0) {
			*cat = b;
			return 0;
		}
	return YJ_EINVAL;
}

/* yj_ppc_org_name - stable name of an organisation type */
const char *
yj_ppc_org_name(enum yj_org_type o)
{
	return o == YJ_ORG_LOCAL_GOV ? "local_government" : "private";
}

/* yj_ppc_org_parse - name to type; YJ_EINVAL if unknown */
int
yj_ppc_org_parse(const char *name, enum yj_org_type *out)
{
	if (strcmp(name, "private") == 0)
		*out = YJ_ORG_PRIVATE;
	else if (strcmp(name, "local_government") == 0)
		*out = YJ_ORG_LOCAL_GOV;
	else
		return YJ_EINVAL;
	return 0;
}

/* ---- explanation ----------------------------------------------------- */

struct notes {
	struct yj_arena		*arena;
	struct yj_ppc_note	*v;
	size_t			 n;
};

/* note - append one note */
static void
note(struct notes *ns, const char *code, char *ja, char *en)
{
	if (ns->n >= MAX_NOTES)
		return;
	ns->v[ns->n].code = code;
	ns->v[ns->n].ja = ja;
	ns->v[ns->n].en = en;
	ns->n++;
}

/* date_ja, date_en - "2027-01-27（水）" / "2027-01-27 (Wed)" */
static char *
date_ja(struct yj_arena *a, int64_t day)
{
	static const char *const wd[] = { "日", "月", "火", "水", "木",
		"金", "土" };
	char buf[16];

	yj_date_format(day * 86400, 0, buf);
	return yj_arena_printf(a, "%s（%s）", buf, wd[yj_weekday(day)]);
}

static char *
date_en(struct yj_arena *a, int64_t day)
{
	static const char *const wd[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	char buf[16];

	yj_date_format(day * 86400, 0, buf);
	return yj_arena_printf(a, "%s (%s)", buf, wd[yj_weekday(day)]);
}

/* num - a count with thousands separators, "1,500" */
static const char *
num(struct yj_arena *a, int64_t n)
{
	char buf[YJ_GROUPED_MAX];

	return yj_arena_strdup(a, yj_fmt_grouped(n, buf));
}

/* art - the article of the Rules for trigger item n */
static const char *
art(const struct yj_ppc_facts *f)
{
	return f->org == YJ_ORG_LOCAL_GOV ? "43" : "7";
}

/* explain_headcount - item 4 with the count as recorded */
static void
explain_headcount(struct notes *ns, const struct yj_ppc_facts *f,
    const struct yj_ppc *p)
{
	struct yj_arena *a = ns->arena;
	int64_t lim = p->threshold;

	if (f->people >= 0)
		note(ns, "trigger.headcount", yj_arena_printf(a,
		    "影響を受けた本人の数が %s 人で、%s 人を超えています"
		    "（施行規則%s条4号）。", num(a, f->people), num(a, lim),
		    art(f)), yj_arena_printf(a, "%s people are affected, more "
		    "than %s (Enforcement Rules art. %s(4)).",
		    num(a, f->people), num(a, lim), art(f)));
	else if (f->people_max >= 0)
		note(ns, "trigger.headcount", yj_arena_printf(a,
		    "本人の数は不明（最大 %s 人）で、%s 人を超えるおそれがあり"
		    "ます。おそれも報告対象です（施行規則%s条4号）。",
		    num(a, f->people_max), num(a, lim), art(f)),
		    yj_arena_printf(a, "The number of people is unknown (at "
		    "most %s), so more than %s may be affected; a possible "
		    "leak counts (Enforcement Rules art. %s(4)).",
		    num(a, f->people_max), num(a, lim), art(f)));
	else
		note(ns, "trigger.headcount", yj_arena_printf(a,
		    "本人の数が不明で、%s 人を超えるおそれがあります。"
		    "おそれも報告対象です（施行規則%s条4号）。"
		    "人数が分かったら更新してください。", num(a, lim),
		    art(f)), yj_arena_printf(a,
		    "The number of people is unknown, so more than %s may be "
		    "affected; a possible leak counts (Enforcement Rules art. "
		    "%s(4)).  Update the count when it is known.", num(a, lim),
		    art(f)));
}

/* explain_triggers - one note per trigger (applied or exempted) */
static void
explain_triggers(struct notes *ns, const struct yj_ppc_facts *f,
    const struct yj_ppc *p)
{
	struct yj_arena *a = ns->arena;
	unsigned t = p->triggers | p->exempted;

	if (t & YJ_PPC_SENSITIVE)
		note(ns, "trigger.sensitive", yj_arena_printf(a,
		    "要配慮個人情報（病歴・健康診断の結果・信条・犯罪の経歴な"
		    "ど）が含まれる（おそれがある）ため、"
		    "人数にかかわらず報告対象です"
		    "（施行規則%s条1号）。", art(f)), yj_arena_printf(a,
		    "Sensitive personal data (medical history, health checks, "
		    "creed, criminal record, ...) is or may be involved: "
		    "reportable whatever the number of people (Enforcement "
		    "Rules art. %s(1)).", art(f)));
	if (t & YJ_PPC_PROPERTY)
		note(ns, "trigger.property_damage", yj_arena_printf(a,
		    "不正に利用されると財産的被害が生じるおそれのある個人データ"
		    "（クレジットカード番号、"
		    "ネットバンキングのID・パスワードなど）が含まれるため、"
		    "人数にかかわらず報告対象です"
		    "（施行規則%s条2号）。", art(f)), yj_arena_printf(a,
		    "Personal data "
		    "whose misuse may cause property damage (card numbers, "
		    "net-banking IDs and passwords, ...) is involved: "
		    "reportable whatever the number of people (Enforcement "
		    "Rules art. %s(2)).", art(f)));
	if (t & YJ_PPC_UNLAWFUL)
		note(ns, "trigger.unlawful_purpose", yj_arena_printf(a,
		    "不正の目的をもって行われたおそれのある行為（不正アクセス、"
		    "ランサムウェア、従業者による持ち出しなど）によるため、"
		    "人数にかかわらず報告対象です。"
		    "確報の期限は60日です（施行規則%s条3号）。", art(f)),
		    yj_arena_printf(a, "It was or may "
		    "have been caused by an act with an unlawful purpose "
		    "(unauthorised access, ransomware, an insider taking data "
		    "out): reportable whatever the number of people, and the "
		    "final report is due within 60 days (Enforcement Rules "
		    "art. %s(3)).", art(f)));
	if (t & YJ_PPC_HEADCOUNT)
		explain_headcount(ns, f, p);
	else if (p->personal_data && f->people >= 0)
		note(ns, "headcount.below", yj_arena_printf(a,
		    "本人の数（%s 人）は %s 人以下のため、"
		    "人数だけでは報告対象に"
		    "なりません。", num(a, f->people), num(a, p->threshold)),
		    yj_arena_printf(a, "The number of people (%s) is not more "
		    "than %s, so the count alone does not make it "
		    "reportable.", num(a, f->people), num(a, p->threshold)));
}

/* explain_exemptions - why triggers were removed */
static void
explain_exemptions(struct notes *ns, const struct yj_ppc *p)
{
	if (p->exemptions & YJ_PPC_X_ENCRYPTED)
		note(ns, "exempt.encrypted", yj_arena_strdup(ns->arena,
		    "高度な暗号化その他の個人の権利利益を保護するために必要な措"
		    "置が講じられているため、"
		    "報告対象から除かれます（施行規則7条1号括弧書）。"
		    "復号の鍵やパスワードが一緒に漏えいした場合は除外されないた"
		    "め、その点を確認して記録してください。"),
		    yj_arena_strdup(ns->arena, "The data was protected by "
		    "advanced encryption or an equivalent measure, so it is "
		    "outside the reporting duty (Enforcement Rules art. 7(1), "
		    "parenthesis).  This does not hold if the key or password "
		    "leaked too: check that and record how you know."));
	if (p->exemptions & YJ_PPC_X_NOT_VIEWED)
		note(ns, "exempt.not_viewed", yj_arena_strdup(ns->arena,
		    "第三者が閲覧する前に回収・削除されたため、"
		    "漏えいに当たりません（ガイドライン通則編3-5-1-1、Q&A 6-1: "
		    "誤送信先が開封せずに削除した場合など）。"
		    "回収・削除を確認した方法と日時を記録してください。"),
		    yj_arena_strdup(ns->arena, "It was "
		    "retrieved or deleted before anyone else saw it, so it is "
		    "not a leak (guidelines 3-5-1-1, Q&A 6-1: e.g. the wrong "
		    "recipient deleted the mail unopened).  Record how and "
		    "when this was confirmed."));
}

/*
 * basis - where the timing rule is: Rules art. 8 for businesses; for
 * local government the Act art. 68(1) (the Rules' article for public
 * bodies is not confirmed in our sources, spec 3.2)
 */
static const char *
basis(const struct yj_ppc_facts *f, int para, bool ja)
{
	if (f->org == YJ_ORG_LOCAL_GOV)
		return ja ? "法68条1項" : "Act art. 68(1)";
	if (ja)
		return para == 1 ? "施行規則8条1項" : "施行規則8条2項";
	return para == 1 ? "Enforcement Rules art. 8(1)" :
	    "Enforcement Rules art. 8(2)";
}

/* explain_deadlines - 速報 and 確報 */
static void
explain_deadlines(struct notes *ns, const struct yj_ppc_facts *f,
    const struct yj_ppc *p)
{
	struct yj_arena *a = ns->arena;
	char *moved_ja = "";
	char *moved_en = "";

	note(ns, "deadline.preliminary", yj_arena_printf(a,
	    "速報: 知った時点から速やかに。目安は3〜5日以内で、%s まで、遅くと"
	    "も %s（%s、ガイドライン3-5-3-3）。分かっている事項"
	    "だけで提出します。", date_ja(a, p->prelim_due),
	    date_ja(a, p->prelim_due_outer), basis(f, 1, true)),
	    yj_arena_printf(a, "Preliminary report: promptly after knowing, "
	    "about 3 to 5 days: by %s, at the latest %s (%s, guidelines "
	    "3-5-3-3).  Report what is known at that time.",
	    date_en(a, p->prelim_due), date_en(a, p->prelim_due_outer),
	    basis(f, 1, false)));
	if (p->final_limit != p->final_nominal) {
		moved_ja = yj_arena_printf(a, "（%s は閉庁日のため翌開庁日）",
		    date_ja(a, p->final_nominal));
		moved_en = yj_arena_printf(a, " (%s is not a business day)",
		    date_en(a, p->final_nominal));
	}
	note(ns, "deadline.final", yj_arena_printf(a,
	    "確報: 知った日から%d日以内（%s）。知った日を1日目と"
	    "数えた保守的な期限は %s、初日を算入しない数え方での法定の最終"
	    "期限は %s%s。保守的な期限までの提出を勧めます。", p->final_days,
	    basis(f, 2, true), date_ja(a, p->final_conservative),
	    date_ja(a, p->final_limit), moved_ja), yj_arena_printf(a,
	    "Final report: within %d days of the day of knowing (%s).  "
	    "Counting that "
	    "day as day 1 gives the conservative date %s; not counting it "
	    "gives the legal outer limit %s%s.  Aim for the conservative "
	    "date.", p->final_days, basis(f, 2, false),
	    date_en(a, p->final_conservative), date_en(a, p->final_limit),
	    moved_en));
}

/* explain_people - notice to the people, My Number, local government */
static void
explain_people(struct notes *ns, const struct yj_ppc_facts *f,
    const struct yj_ppc *p)
{
	bool lg = f->org == YJ_ORG_LOCAL_GOV;

	if (p->notify_individuals)
		note(ns, "notify", yj_arena_printf(ns->arena,
		    "本人への通知が必要です。状況に応じて速やかに、"
		    "概要・漏えい等した項目・原因・二次被害のおそれ・その他参考"
		    "事項を知らせます。通知が困難な場合は、"
		    "公表や問合せ窓口の設置など代わりの措置をとります（"
		    "法%s条2項）。", lg ? "68" : "26"),
		    yj_arena_printf(ns->arena, "The people affected must be "
		    "told, as soon as the situation allows: what happened, "
		    "which data, the cause, possible secondary damage and "
		    "other useful facts.  Where that is not possible, publish "
		    "it or set up an enquiry desk instead (Act art. "
		    "%s(2)).", lg ? "68" : "26"));
	if (p->my_number)
		note(ns, "my_number", yj_arena_strdup(ns->arena,
		    "特定個人情報（マイナンバー）が含まれます。"
		    "番号法に基づく報告・通知の要否を別途確認してください。"
		    "この判定は個人情報保護法だけを扱っています。"),
		    yj_arena_strdup(ns->arena,
		    "My Number data (特定個人情報) is involved.  Check "
		    "separately what the Numbers Act requires; this assessment "
		    "covers the APPI only."));
	if (lg)
		note(ns, "local_government", yj_arena_strdup(ns->arena,
		    "地方公共団体の機関として判定しています（法68条: "
		    "人数の基準は100人超）。"
		    "条例で定める条例要配慮個人情報も報告の対象になり得るため、"
		    "条例を確認してください。"),
		    yj_arena_strdup(ns->arena, "Assessed as a local "
		    "government body (Act art. 68: the headcount threshold is "
		    "more than 100).  Information an ordinance makes sensitive "
		    "(条例要配慮個人情報) may also be reportable: check your "
		    "ordinances."));
}

/* yj_ppc_explain - every note that applies */
size_t
yj_ppc_explain(struct yj_arena *a, const struct yj_ppc_facts *f,
    const struct yj_ppc *p, struct yj_ppc_note **notesp)
{
	struct notes ns = { a, NULL, 0 };

	ns.v = yj_arena_allocarray(a, MAX_NOTES, sizeof(*ns.v));
	if (!p->personal_data)
		note(&ns, "no_personal_data", yj_arena_strdup(a,
		    "影響を受けた本人が記録されていないため、"
		    "個人データの漏えい等としては扱っていません。"
		    "個人データが含まれる（おそれがある）場合は、"
		    "本人の数（不明なら unknown）を記録してください。"),
		    yj_arena_strdup(a, "No affected people are recorded, so "
		    "this is not treated as a leak of personal data.  If "
		    "personal data is or may be involved, record the number of "
		    "people (or 'unknown')."));
	explain_triggers(&ns, f, p);
	explain_exemptions(&ns, p);
	if (p->required)
		explain_deadlines(&ns, f, p);
	else
		note(&ns, "not_required", yj_arena_strdup(a,
		    "現在記録されている内容では、"
		    "個人情報保護委員会への報告義務はありません。"
		    "事実が分かり次第、"
		    "本人の数とデータの種類を更新してください。"),
		    yj_arena_strdup(a, "With what is "
		    "recorded now, no report to the PPC is required.  Update "
		    "the number of people and the kinds of data as facts "
		    "become known."));
	explain_people(&ns, f, p);
	note(&ns, "disclaimer", yj_arena_strdup(a,
	    "この判定は記録された事実にもとづく目安で、法的な助言ではありませ"
	    "ん。個人情報保護委員会のガイドラインと案内で確認してください。"),
	    yj_arena_strdup(a, "This assessment is a guide based on the facts "
	    "recorded, not legal advice.  Check the PPC's guidelines and "
	    "instructions."));
	*notesp = ns.v;
	return ns.n;
}
