/*
 * task.c - tasks from response-phase templates, per incident type
 *
 * The phases are those the organisations we serve are taught (初動対応 ->
 * 応急処置 -> 被害者対応 -> 監督官庁報告 -> 再発防止).  A template task
 * belongs to some incident types, a phase, a condition and a due rule:
 *
 *   conditions  always; personal (personal data involved); ppc (a PPC
 *               report is due); my_number; local_gov (and personal data)
 *   due rules   known+N (N days after the day of knowing); ppc.preliminary
 *               and ppc.final (the PPC dates: the target and the
 *               conservative final date); final (the conservative final
 *               date when a report is due, else known + 29); "" (none: the
 *               law and the phase give no date)
 *
 * yj_incident_tasks_sync() runs inside every change's transaction: a
 * template task whose condition now holds and that the incident lacks is
 * added; one whose condition no longer holds and that is still open is
 * set to "skipped" by yojin (and reopened if the condition returns);
 * open tasks that follow a due rule get the date the rule gives now.
 * Tasks the user added or edited by hand (due_rule "") are never moved.
 * The configuration may turn built-in templates off (incident.skip_tasks)
 * and add its own (incident.tasks, keys "custom.<key>") with the same
 * conditions and due rules.
 * Each of these changes is a timeline entry; a new incident gets one
 * summary entry for its template tasks instead of one per task.
 *
 * Sources for the actions: the steps in IPA's and JPCERT/CC's guidance
 * for the kinds of incident the spec lists (sections 1 and 3 of
 * ../shared/spec/inbound-and-incident.md), the PPC duties of ppc.c.
 * They are written for the small organisations we serve: each task says
 * what to do in one line, in Japanese and English.
 */
#include <stdio.h>
#include <string.h>

#include "incident/incident.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

#define M	(1u << YJ_INC_MISDELIVERY)
#define S	(1u << YJ_INC_SUSPICIOUS_MAIL)
#define W	(1u << YJ_INC_MALWARE)
#define U	(1u << YJ_INC_UNAUTHORIZED_ACCESS)
#define L	(1u << YJ_INC_LOST_DEVICE)
#define T	(1u << YJ_INC_WEBSITE_TAMPERING)
#define C	(1u << YJ_INC_SUPPORT_SCAM)
#define ALL	((1u << YJ_INC_TYPES) - 1)

enum cond { ALWAYS, PERSONAL, PPC, MY_NUMBER, LOCAL_GOV };

struct tmpl {
	const char	*key;
	unsigned	 types;
	const char	*phase;
	enum cond	 cond;
	const char	*due;
	const char	*ja;
	const char	*en;
};

static const struct tmpl templates[] = {
	/* 初動対応 */
	{ "common.team", ALL, "initial", ALWAYS, "known+0",
	  "責任者に報告し、対応の責任者・担当者・連絡先を決める",
	  "Tell the person in charge; name who leads the response, who "
	  "helps, and how to reach them" },
	{ "common.facts", ALL, "initial", ALWAYS, "known+0",
	  "事実を記録し（いつ・誰が・何が・どの範囲で）、メール・ログ・端末"
	  "などの証拠を消さずに保全する",
	  "Write down the facts (when, who, what, how far) and keep the "
	  "evidence (mail, logs, devices) unchanged" },
	{ "misdelivery.recipient", M, "initial", ALWAYS, "known+0",
	  "誤送信先に連絡して謝罪し、開封せずに削除するよう依頼して、削除の"
	  "確認を（できれば書面かメールで）もらう",
	  "Contact the wrong recipient, apologise, ask them to delete it "
	  "unopened, and get the deletion confirmed (in writing if you can)" },
	{ "misdelivery.content", M, "initial", ALWAYS, "known+1",
	  "誤送信したメール・書類の内容と、含まれる個人データを確認する",
	  "Check what the mis-sent mail or paper contained, and which "
	  "personal data" },
	{ "suspicious.ask", S, "initial", ALWAYS, "known+0",
	  "報告者に確認する: 添付を開いたか、リンクを開いたか、ID・パスワード"
	  "などを入力したか",
	  "Ask the reporter: did they open an attachment, follow a link, or "
	  "enter an ID or password?" },
	{ "malware.isolate", W, "initial", ALWAYS, "known+0",
	  "感染した端末をネットワークから切り離す（電源は切らず、画面と"
	  "ログを残す）",
	  "Disconnect the infected machines from the network (do not switch "
	  "them off; keep the screen and logs)" },
	{ "malware.scope", W, "initial", ALWAYS, "known+1",
	  "感染の範囲（他の端末・サーバ・バックアップ・クラウド）を調べる",
	  "Find how far it spread: other PCs, servers, backups, cloud "
	  "services" },
	{ "access.accounts", U, "initial", ALWAYS, "known+0",
	  "不正に使われたアカウントのパスワードを変更し、ログイン中の"
	  "セッションとアクセスキーを無効にする",
	  "Change the passwords of the accounts used; revoke their sessions "
	  "and access keys" },
	{ "access.logs", U, "initial", ALWAYS, "known+0",
	  "アクセスログ・認証ログを保全する",
	  "Keep the access and sign-in logs" },
	{ "lost.record", L, "initial", ALWAYS, "known+0",
	  "紛失・盗難の日時・場所・経緯を記録し、警察に遺失届・被害届を出す",
	  "Record when, where and how it was lost or stolen, and report it "
	  "to the police" },
	{ "lost.encryption", L, "initial", ALWAYS, "known+1",
	  "端末・書類の暗号化やパスワード保護の有無と、入っていたデータを"
	  "確認する",
	  "Check whether the device or paper was encrypted or protected, "
	  "and what data it held" },
	{ "web.offline", T, "initial", ALWAYS, "known+0",
	  "改ざんされたページを公開停止にする（メンテナンス表示に切り替える）",
	  "Take the tampered pages offline (show a maintenance page)" },
	{ "web.evidence", T, "initial", ALWAYS, "known+0",
	  "ウェブサーバのログと改ざんされたファイルを保全する",
	  "Keep the web server logs and the changed files" },
	{ "scam.disconnect", C, "initial", ALWAYS, "known+0",
	  "遠隔操作ソフトを削除し、端末をネットワークから切り離す",
	  "Remove the remote-control software and disconnect the PC" },
	{ "scam.data", C, "initial", ALWAYS, "known+1",
	  "遠隔操作の間に見られた・持ち出された可能性のあるデータを確認する",
	  "Check which data may have been seen or taken during the remote "
	  "session" },
	/* 応急処置 */
	{ "misdelivery.stop", M, "emergency", ALWAYS, "known+0",
	  "共有リンク・添付ファイルを無効にし、パスワード付きファイルの"
	  "パスワードを同じ相手に送っていないか確認する",
	  "Disable shared links and attachments; make sure the password of "
	  "a protected file did not go to the same recipient" },
	{ "suspicious.others", S, "emergency", ALWAYS, "known+0",
	  "同じメールを受け取った人を探し、開かずに削除するよう連絡する",
	  "Find who else received the same mail and tell them to delete it "
	  "unopened" },
	{ "suspicious.block", S, "emergency", ALWAYS, "known+0",
	  "送信元・URL・添付ファイルをブロックリストに登録し、"
	  "同じメールが届かないようにする（yojin incident block）",
	  "Put the sender, links and attachments on the block lists so "
	  "that the same mail is stopped (yojin incident block)" },
	{ "suspicious.credentials", S, "emergency", ALWAYS, "known+0",
	  "入力してしまった ID・パスワードを変更し、多要素認証と不審な"
	  "ログインを確認する",
	  "Change any ID or password that was entered; check multi-factor "
	  "authentication and recent sign-ins" },
	{ "suspicious.isolate", S, "emergency", ALWAYS, "known+0",
	  "添付やリンクを開いた端末はネットワークから切り離して調べる",
	  "Disconnect and examine any PC on which the attachment or link "
	  "was opened" },
	{ "malware.ransom", W, "emergency", ALWAYS, "known+0",
	  "ランサムウェアの場合は身代金を支払わず、脅迫文と証拠を保全する",
	  "If it is ransomware: do not pay; keep the ransom note and the "
	  "evidence" },
	{ "malware.forensics", W | U, "emergency", ALWAYS, "known+2",
	  "フォレンジック調査を依頼するか判断し、データが外に出たかを調べる",
	  "Decide on a forensic investigation and find out whether data "
	  "left the organisation" },
	{ "malware.restore", W, "emergency", ALWAYS, "",
	  "安全なバックアップから復旧し、パスワードを変更する",
	  "Restore from clean backups and change passwords" },
	{ "access.entry", U, "emergency", ALWAYS, "known+2",
	  "侵入経路（VPN 機器・脆弱性・盗まれた認証情報）を特定してふさぐ",
	  "Find and close the way in (VPN device, vulnerability, stolen "
	  "credentials)" },
	{ "lost.lock", L, "emergency", ALWAYS, "known+0",
	  "端末をリモートでロック・消去し、保存されていたアカウントの"
	  "パスワードを変更する",
	  "Lock or wipe the device remotely; change the passwords of the "
	  "accounts on it" },
	{ "web.skimming", T, "emergency", ALWAYS, "known+2",
	  "入力フォームからカード情報・個人情報が盗まれていないか"
	  "（ウェブスキミング）調べる",
	  "Check whether card or personal data typed into forms was stolen "
	  "(web skimming)" },
	{ "scam.payment", C, "emergency", ALWAYS, "known+0",
	  "支払った場合は決済事業者・金融機関に連絡する（電子マネー・"
	  "カード・振込）",
	  "If anything was paid: contact the payment provider or the bank "
	  "(e-money, card, transfer)" },
	{ "common.scope", ALL, "emergency", PERSONAL, "known+2",
	  "影響を受けた個人データの項目・人数・本人を特定する",
	  "Identify which personal data, how many people and who are "
	  "affected" },
	/* 被害者対応 */
	{ "people.notify", ALL, "victims", PPC, "",
	  "本人に通知する（困難な場合は公表と問合せ窓口で代える）",
	  "Notify the people affected (where that is not possible, publish "
	  "and open an enquiry desk)" },
	{ "people.desk", ALL, "victims", PPC, "known+3",
	  "問合せ窓口と想定問答を用意する",
	  "Prepare an enquiry desk and answers to the expected questions" },
	{ "web.visitors", T, "victims", ALWAYS, "known+3",
	  "閲覧者への影響（不正なサイトへの誘導・マルウェア配布）を確認し、"
	  "お知らせを出す",
	  "Check the effect on visitors (redirects, malware) and publish a "
	  "notice" },
	/* 監督官庁報告 */
	{ "common.assess", ALL, "regulator", ALWAYS, "known+1",
	  "個人情報保護委員会への報告の要否を判断する（yojin incident show）",
	  "Decide whether a report to the PPC is required (yojin incident "
	  "show)" },
	{ "ppc.preliminary", ALL, "regulator", PPC, "ppc.preliminary",
	  "個人情報保護委員会へ速報を提出する（分かっている事項のみでよい）",
	  "Send the preliminary report to the PPC (what is known so far)" },
	{ "ppc.final", ALL, "regulator", PPC, "ppc.final",
	  "個人情報保護委員会へ確報を提出する（9項目すべて）",
	  "Send the final report to the PPC (all nine items)" },
	{ "mynumber.check", ALL, "regulator", MY_NUMBER, "ppc.preliminary",
	  "番号法に基づく報告の要否を確認する（特定個人情報）",
	  "Check what the Numbers Act requires (My Number data)" },
	{ "localgov.publish", ALL, "regulator", LOCAL_GOV, "known+3",
	  "自治体の公表基準に照らして公表の要否を判断し、首長・議会への報告を"
	  "調整する",
	  "Decide on publication under your authority's standards and "
	  "arrange reports to the head and the assembly" },
	{ "malware.police", W | U, "regulator", ALWAYS, "known+3",
	  "警察・IPA・JPCERT/CC に相談・届出する",
	  "Contact the police, IPA and JPCERT/CC" },
	{ "scam.police", C, "regulator", ALWAYS, "known+1",
	  "警察（#9110）・消費生活センター（188）に相談する",
	  "Contact the police (#9110) and the consumer centre (188)" },
	/* 再発防止 */
	{ "common.prevention", ALL, "prevention", ALWAYS, "final",
	  "原因を分析し、再発防止策を決めて職員に周知する",
	  "Analyse the cause, decide how to prevent a recurrence, and tell "
	  "the staff" },
	{ "misdelivery.hold", M, "prevention", ALWAYS, "",
	  "宛先確認と送信保留の設定を見直す（yojin の保留設定）",
	  "Review recipient checks and outbound holds (yojin's hold "
	  "settings)" },
	{ "suspicious.warn", S, "prevention", ALWAYS, "known+1",
	  "職員に注意喚起する（同様のメールの特徴と報告先）",
	  "Warn the staff: what such mail looks like and where to report it" },
	{ "malware.prevent", W | U, "prevention", ALWAYS, "",
	  "脆弱性を修正し、ウイルス対策・EDR・バックアップの世代管理を"
	  "見直す",
	  "Patch, and review anti-malware, EDR and backup generations" },
	{ "common.review", ALL, "prevention", ALWAYS, "",
	  "対応を振り返り、手順書と連絡先を更新する",
	  "Review the response; update the procedures and contact lists" },
};

static const struct {
	const char	*name;
	const char	*ja;
	const char	*en;
} phases[] = {
	{ "initial", "初動対応", "Initial response" },
	{ "emergency", "応急処置", "Containment" },
	{ "victims", "被害者対応", "People affected" },
	{ "regulator", "監督官庁報告", "Reporting" },
	{ "prevention", "再発防止", "Prevention" },
};

/* yj_incident_phase_valid - a known phase name */
bool
yj_incident_phase_valid(const char *p)
{
	size_t i;

	for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
		if (strcmp(phases[i].name, p) == 0)
			return true;
	return false;
}

/* yj_incident_phase_label - the phase for people */
const char *
yj_incident_phase_label(const char *p, bool ja)
{
	size_t i;

	for (i = 0; i < sizeof(phases) / sizeof(phases[0]); i++)
		if (strcmp(phases[i].name, p) == 0)
			return ja ? phases[i].ja : phases[i].en;
	return p;
}

/* holds - the template's condition for this incident */
static bool
holds(const struct tmpl *t, const struct yj_incident *inc)
{
	switch (t->cond) {
	case ALWAYS:
		return true;
	case PERSONAL:
		return inc->ppc.personal_data;
	case PPC:
		return inc->ppc.required;
	case MY_NUMBER:
		return inc->ppc.my_number;
	case LOCAL_GOV:
		return inc->org == YJ_ORG_LOCAL_GOV && inc->ppc.personal_data;
	}
	return false;
}

/* due_of - the date a due rule gives now, or NULL */
static const char *
due_of(struct yj_arena *a, const char *rule, const struct yj_incident *inc)
{
	const struct yj_ppc *p = &inc->ppc;
	unsigned long n;
	int64_t day;
	char buf[16];

	if (strncmp(rule, "known+", 6) == 0) {
		if (yj_parse_uint(rule + 6, 366, &n) != 0)
			return NULL;
		day = p->known_day + (int64_t)n;
	} else if (strcmp(rule, "ppc.preliminary") == 0) {
		if (!p->required && !p->my_number)
			return NULL;
		day = p->prelim_due;
	} else if (strcmp(rule, "ppc.final") == 0) {
		if (!p->required)
			return NULL;
		day = p->final_conservative;
	} else if (strcmp(rule, "final") == 0) {
		day = p->required ? p->final_conservative : p->known_day + 29;
	} else {
		return NULL;
	}
	yj_date_format(day * 86400, 0, buf);
	return yj_arena_strdup(a, buf);
}

/* find - the incident's task made from template key, or NULL */
static struct yj_incdb_task *
find(struct yj_incident *inc, const char *key)
{
	size_t i;

	for (i = 0; i < inc->ntasks; i++)
		if (strcmp(inc->tasks[i].template, key) == 0)
			return &inc->tasks[i];
	return NULL;
}

/* same - two optional strings are equal */
static bool
same(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* event - a timeline entry about task seq */
static int
event(struct yj_incident_ctx *ctx, int64_t id, int seq, const char *field,
    const char *old, const char *new, const char *note)
{
	struct yj_incdb_event e = { 0 };
	char *f;

	f = yj_arena_printf(ctx->arena, "task %d%s%s", seq, *field ? " " : "",
	    field);
	e.incident = id;
	e.at = ctx->now;
	e.recorded_at = ctx->now;
	e.actor = ctx->actor;
	e.kind = "task";
	e.field = f;
	e.old_value = old;
	e.new_value = new;
	e.note = note;
	return yj_incident_dberr(ctx, yj_incdb_event_add(ctx->db, &e));
}

/* add - a new task from template t */
static int
add(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    const struct tmpl *t, bool created)
{
	struct yj_incdb_task k = { 0 };
	int seq;
	int rc;

	k.incident = inc->c.id;
	k.template = t->key;
	k.phase = t->phase;
	k.title_ja = t->ja;
	k.title_en = t->en;
	k.due = due_of(ctx->arena, t->due, inc);
	k.due_rule = t->due;
	k.status = "open";
	if ((rc = yj_incident_dberr(ctx, yj_incdb_task_add(ctx->db, &k,
	    &seq))) != 0)
		return rc;
	if (created)
		return 0;
	return event(ctx, inc->c.id, seq, "", NULL, t->en,
	    "added: needed with the facts recorded now");
}

/* set_state - skip or reopen a template task as the facts change */
static int
set_state(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    struct yj_incdb_task *k, bool want)
{
	const char *old = k->status;
	int rc;

	if (!want && strcmp(k->status, "open") == 0) {
		k->status = "skipped";
		k->done_by = "yojin";
		k->done_at = ctx->now;
	} else if (want && strcmp(k->status, "skipped") == 0 &&
	    strcmp(k->done_by, "yojin") == 0) {
		k->status = "open";
		k->done_by = "";
		k->done_at = 0;
	} else {
		return 0;
	}
	if ((rc = yj_incident_dberr(ctx, yj_incdb_task_update(ctx->db,
	    k))) != 0)
		return rc;
	return event(ctx, inc->c.id, k->seq, "status", old, k->status, want ?
	    "needed again with the facts recorded now" :
	    "not needed with the facts recorded now");
}

/* move_due - follow the due rule of an open task */
static int
move_due(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    struct yj_incdb_task *k)
{
	const char *old = k->due;
	const char *due;
	int rc;

	if (*k->due_rule == '\0' || strcmp(k->status, "open") != 0)
		return 0;
	due = due_of(ctx->arena, k->due_rule, inc);
	if (same(due, old))
		return 0;
	k->due = due;
	if ((rc = yj_incident_dberr(ctx, yj_incdb_task_update(ctx->db,
	    k))) != 0)
		return rc;
	return event(ctx, inc->c.id, k->seq, "due", old, due,
	    "moved with the incident's dates");
}

static const char *report_field(const char *template);

/* mark_reported - a PPC task is done once its report is recorded */
static int
mark_reported(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    struct yj_incdb_task *k)
{
	const char *field = report_field(k->template);
	const char *when;
	int rc;

	if (field == NULL || strcmp(k->status, "open") != 0 ||
	    (when = yj_incident_field(inc, field)) == NULL)
		return 0;
	k->status = "done";
	k->done_at = ctx->now;
	k->done_by = ctx->actor;
	if ((rc = yj_incident_dberr(ctx, yj_incdb_task_update(ctx->db,
	    k))) != 0)
		return rc;
	return event(ctx, inc->c.id, k->seq, "status", "open", "done",
	    yj_arena_printf(ctx->arena, "%s %s", field, when));
}

/* skipped - the configuration turns this built-in template off */
static bool
skipped(const struct yj_conf *conf, const char *key)
{
	unsigned i;

	for (i = 0; conf != NULL && i < conf->incident.nskip_tasks; i++)
		if (strcmp(conf->incident.skip_tasks[i], key) == 0)
			return true;
	return false;
}

/* custom - an incident.tasks entry as a template */
static void
custom(struct yj_arena *a, const struct yj_conf_task *c, struct tmpl *t)
{
	static const char *const whens[] = { "always", "personal", "ppc",
		"my_number", "local_gov" };
	enum yj_incident_type ty;
	unsigned i;

	t->key = yj_arena_printf(a, "custom.%s", c->key);
	t->types = c->ntypes == 0 ? ALL : 0;
	for (i = 0; i < c->ntypes; i++)
		if (yj_incident_type_parse(c->types[i], &ty) == 0)
			t->types |= 1u << ty;
	t->phase = c->phase;
	t->cond = ALWAYS;
	for (i = 0; c->when != NULL && i < 5; i++)
		if (strcmp(c->when, whens[i]) == 0)
			t->cond = (enum cond)i;
	t->due = c->due != NULL ? c->due : "";
	t->ja = c->ja != NULL ? c->ja : c->en;
	t->en = c->en != NULL ? c->en : c->ja;
}

/* collect - the built-in templates not skipped, then the custom ones */
static size_t
collect(struct yj_incident_ctx *ctx, struct tmpl **vp)
{
	size_t nb = sizeof(templates) / sizeof(templates[0]);
	size_t nc = ctx->conf != NULL ? ctx->conf->incident.ntasks : 0;
	struct tmpl *v;
	size_t i, n = 0;

	v = yj_arena_allocarray(ctx->arena, nb + nc + 1, sizeof(*v));
	for (i = 0; i < nb; i++)
		if (!skipped(ctx->conf, templates[i].key))
			v[n++] = templates[i];
	for (i = 0; i < nc; i++)
		custom(ctx->arena, &ctx->conf->incident.tasks[i], &v[n++]);
	*vp = v;
	return n;
}

/* yj_incident_tasks_sync - template tasks in line with the facts */
int
yj_incident_tasks_sync(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    bool created)
{
	struct yj_incdb_task *k;
	const struct tmpl *t;
	struct tmpl *all;
	size_t added = 0;
	size_t i, n;
	int rc;

	n = collect(ctx, &all);
	for (i = 0; i < n; i++) {
		t = &all[i];
		if (!(t->types & (1u << inc->type)))
			continue;
		k = find(inc, t->key);
		if (k == NULL) {
			if (!holds(t, inc))
				continue;
			if ((rc = add(ctx, inc, t, created)) != 0)
				return rc;
			added++;
			continue;
		}
		if ((rc = set_state(ctx, inc, k, holds(t, inc))) != 0 ||
		    (rc = mark_reported(ctx, inc, k)) != 0 ||
		    (rc = move_due(ctx, inc, k)) != 0)
			return rc;
	}
	if (created && added > 0) {
		struct yj_incdb_event e = { 0 };

		e.incident = inc->c.id;
		e.at = e.recorded_at = ctx->now;
		e.actor = ctx->actor;
		e.kind = "task";
		e.field = "";
		e.note = yj_arena_printf(ctx->arena, "%s のテンプレートから"
		    "%zu件 / %zu tasks from the %s template",
		    yj_incident_type_name(inc->type), added, added,
		    yj_incident_type_name(inc->type));
		return yj_incident_dberr(ctx, yj_incdb_event_add(ctx->db, &e));
	}
	return 0;
}

/* ---- tasks by hand ----------------------------------------------------- */

/* report_field - the field a PPC task's completion is recorded in */
static const char *
report_field(const char *template)
{
	if (strcmp(template, "ppc.preliminary") == 0)
		return "preliminary_reported";
	if (strcmp(template, "ppc.final") == 0)
		return "final_reported";
	if (strcmp(template, "people.notify") == 0)
		return "individuals_notified";
	return NULL;
}

struct top {
	struct yj_incident_ctx			*ctx;
	int64_t					 id;
	int					 seq;
	const struct yj_incident_task_change	*ch;
};

/* check_change - phase, status, due and texts are acceptable */
static int
check_change(struct yj_incident_ctx *ctx,
    const struct yj_incident_task_change *ch)
{
	int64_t t;

	if (ch->phase != NULL && !yj_incident_phase_valid(ch->phase)) {
		snprintf(ctx->err, sizeof(ctx->err), "bad phase '%s' (initial, "
		    "emergency, victims, regulator or prevention)", ch->phase);
		return YJ_EINVAL;
	}
	if (ch->status != NULL && strcmp(ch->status, "open") != 0 &&
	    strcmp(ch->status, "done") != 0 &&
	    strcmp(ch->status, "skipped") != 0) {
		snprintf(ctx->err, sizeof(ctx->err), "bad task status '%s' "
		    "(open, done or skipped)", ch->status);
		return YJ_EINVAL;
	}
	if (ch->due != NULL && *ch->due != '\0' && (strlen(ch->due) != 10 ||
	    yj_time_parse(ch->due, &t, NULL) != 0)) {
		snprintf(ctx->err, sizeof(ctx->err), "bad due date '%s' "
		    "(YYYY-MM-DD)", ch->due);
		return YJ_EINVAL;
	}
	if ((ch->title != NULL && (*ch->title == '\0' ||
	    !yj_utf8_valid(ch->title, strlen(ch->title)))) ||
	    (ch->note != NULL && !yj_utf8_valid(ch->note, strlen(ch->note))) ||
	    (ch->owner != NULL && !yj_utf8_valid(ch->owner,
	    strlen(ch->owner)))) {
		snprintf(ctx->err, sizeof(ctx->err), "task texts must be "
		    "non-empty UTF-8");
		return YJ_EINVAL;
	}
	return 0;
}

/* touch - the incident's updated_at */
static int
touch(struct yj_incident_ctx *ctx, struct yj_incident *inc)
{
	inc->c.updated_at = ctx->now;
	return yj_incident_dberr(ctx, yj_incdb_update(ctx->db, &inc->c));
}

/* task_add_tx - append a task written by hand */
static int
task_add_tx(struct yj_db *db, void *arg)
{
	struct top *op = arg;
	struct yj_incident_ctx *ctx = op->ctx;
	struct yj_incdb_task k = { 0 };
	struct yj_incident inc;
	int rc;

	(void)db;
	if ((rc = yj_incident_load(ctx, op->id, 0, &inc)) != 0)
		return rc;
	k.incident = op->id;
	k.template = "";
	k.phase = op->ch->phase != NULL ? op->ch->phase : "initial";
	k.title_ja = k.title_en = op->ch->title;
	k.due = op->ch->due != NULL && *op->ch->due != '\0' ? op->ch->due :
	    NULL;
	k.due_rule = "";
	k.status = "open";
	k.owner = op->ch->owner != NULL ? op->ch->owner : "";
	k.note = op->ch->note != NULL ? op->ch->note : "";
	if ((rc = yj_incident_dberr(ctx, yj_incdb_task_add(ctx->db, &k,
	    &op->seq))) != 0 || (rc = event(ctx, op->id, op->seq, "", NULL,
	    op->ch->title, "added")) != 0)
		return rc;
	return touch(ctx, &inc);
}

/* yj_incident_task_add - a task of one's own */
int
yj_incident_task_add(struct yj_incident_ctx *ctx, int64_t id,
    const struct yj_incident_task_change *ch, int *seqp)
{
	struct top op = { ctx, id, 0, ch };
	int rc;

	ctx->err[0] = '\0';
	if (ch->title == NULL) {
		snprintf(ctx->err, sizeof(ctx->err), "a task needs a title");
		return YJ_EINVAL;
	}
	if ((rc = check_change(ctx, ch)) != 0)
		return rc;
	if (ch->status != NULL && strcmp(ch->status, "open") != 0) {
		snprintf(ctx->err, sizeof(ctx->err), "a new task is open");
		return YJ_EINVAL;
	}
	rc = yj_db_transact(ctx->db, YJ_DB_TX_DURABLE, task_add_tx, &op);
	if (rc != 0 && ctx->err[0] == '\0')
		yj_incident_dberr(ctx, rc);
	*seqp = rc == 0 ? op.seq : 0;
	return rc;
}

/* find_seq - task seq of the loaded incident, or an error */
static struct yj_incdb_task *
find_seq(struct yj_incident_ctx *ctx, struct yj_incident *inc, int seq)
{
	size_t i;

	for (i = 0; i < inc->ntasks; i++)
		if (inc->tasks[i].seq == seq)
			return &inc->tasks[i];
	snprintf(ctx->err, sizeof(ctx->err), "incident %lld has no task '%d'",
	    (long long)inc->c.id, seq);
	return NULL;
}

/* edit_str - change one text of a task, with its timeline entry */
static int
edit_str(struct yj_incident_ctx *ctx, struct yj_incdb_task *k,
    const char *field, const char **dst, const char *v, int *n)
{
	const char *old = *dst;

	if (v == NULL || same(old, v))
		return 0;
	*dst = v;
	(*n)++;
	return event(ctx, k->incident, k->seq, field, old, v, "");
}

/* edit_status - open, done or skipped, and the report it records */
static int
edit_status(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    struct yj_incdb_task *k, const char *status, int *n)
{
	const char *field = report_field(k->template);
	char today[16];
	int rc;

	if (status == NULL || strcmp(status, k->status) == 0)
		return 0;
	rc = edit_str(ctx, k, "status", &k->status, status, n);
	k->done_at = strcmp(status, "open") != 0 ? ctx->now : 0;
	k->done_by = strcmp(status, "open") != 0 ? ctx->actor : "";
	if (rc != 0 || strcmp(status, "done") != 0 || field == NULL ||
	    yj_incident_field(inc, field) != NULL)
		return rc;
	yj_date_format(yj_incident_today(ctx->now) * 86400, 0, today);
	if ((rc = yj_incident_dberr(ctx, yj_incdb_field_set(ctx->db,
	    inc->c.id, field, today))) != 0)
		return rc;
	return event(ctx, inc->c.id, k->seq, "", NULL, NULL,
	    yj_arena_printf(ctx->arena, "%s recorded as %s", field, today));
}

/* task_edit_tx - change a task's fields */
static int
task_edit_tx(struct yj_db *db, void *arg)
{
	struct top *op = arg;
	struct yj_incident_ctx *ctx = op->ctx;
	const struct yj_incident_task_change *ch = op->ch;
	struct yj_incdb_task *k;
	struct yj_incident inc;
	const char *due;
	int n = 0;
	int rc;

	(void)db;
	if ((rc = yj_incident_load(ctx, op->id, YJ_INC_LOAD_TASKS, &inc)) != 0)
		return rc;
	if ((k = find_seq(ctx, &inc, op->seq)) == NULL)
		return YJ_ENOENT;
	due = ch->due != NULL && *ch->due == '\0' ? NULL : ch->due;
	if (ch->due != NULL && !same(due, k->due)) {
		if ((rc = event(ctx, op->id, k->seq, "due", k->due, due,
		    "set by hand")) != 0)
			return rc;
		k->due = due;
		k->due_rule = "";	/* no longer follows the incident */
		n++;
	}
	if ((rc = edit_str(ctx, k, "phase", &k->phase, ch->phase, &n)) != 0 ||
	    (rc = edit_str(ctx, k, "title", &k->title_en, ch->title,
	    &n)) != 0 ||
	    (rc = edit_str(ctx, k, "owner", &k->owner, ch->owner, &n)) != 0 ||
	    (rc = edit_str(ctx, k, "note", &k->note, ch->note, &n)) != 0 ||
	    (rc = edit_status(ctx, &inc, k, ch->status, &n)) != 0)
		return rc;
	if (ch->title != NULL)
		k->title_ja = ch->title;
	if (n == 0)
		return 0;
	if ((rc = yj_incident_dberr(ctx, yj_incdb_task_update(ctx->db,
	    k))) != 0)
		return rc;
	return touch(ctx, &inc);
}

/* yj_incident_task_edit - change a task */
int
yj_incident_task_edit(struct yj_incident_ctx *ctx, int64_t id, int seq,
    const struct yj_incident_task_change *ch)
{
	struct top op = { ctx, id, seq, ch };
	int rc;

	ctx->err[0] = '\0';
	if ((rc = check_change(ctx, ch)) != 0)
		return rc;
	rc = yj_db_transact(ctx->db, YJ_DB_TX_DURABLE, task_edit_tx, &op);
	if (rc != 0 && ctx->err[0] == '\0')
		yj_incident_dberr(ctx, rc);
	return rc;
}

/* task_remove_tx - delete a task; its number stays unused */
static int
task_remove_tx(struct yj_db *db, void *arg)
{
	struct top *op = arg;
	struct yj_incident_ctx *ctx = op->ctx;
	struct yj_incdb_task *k;
	struct yj_incident inc;
	int rc;

	(void)db;
	if ((rc = yj_incident_load(ctx, op->id, YJ_INC_LOAD_TASKS, &inc)) != 0)
		return rc;
	if ((k = find_seq(ctx, &inc, op->seq)) == NULL)
		return YJ_ENOENT;
	if (*k->template != '\0') {
		snprintf(ctx->err, sizeof(ctx->err), "task %d comes from the "
		    "template: mark it skipped instead of removing it", k->seq);
		return YJ_ESTATE;
	}
	if ((rc = yj_incident_dberr(ctx, yj_incdb_task_delete(ctx->db,
	    op->id, op->seq))) != 0 ||
	    (rc = event(ctx, op->id, op->seq, "", k->title_en, NULL,
	    "removed")) != 0)
		return rc;
	return touch(ctx, &inc);
}

/* yj_incident_task_remove - remove a task added by hand */
int
yj_incident_task_remove(struct yj_incident_ctx *ctx, int64_t id, int seq)
{
	struct top op = { ctx, id, seq, NULL };
	int rc;

	ctx->err[0] = '\0';
	rc = yj_db_transact(ctx->db, YJ_DB_TX_DURABLE, task_remove_tx, &op);
	if (rc != 0 && ctx->err[0] == '\0')
		yj_incident_dberr(ctx, rc);
	return rc;
}
