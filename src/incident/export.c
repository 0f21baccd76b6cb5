/*
 * export.c - report drafts in Markdown, HTML and JSON
 *
 * Design: the draft is first built as a list of items, each with its
 * number, label and value in both languages and whether it is missing;
 * the three writers only lay that list out.  So the three formats cannot
 * disagree about what is missing, and a new item is one table entry.
 * Values the user wrote are kept as written (whatever their language);
 * the sentences yojin adds (type, dates, counts) come in both languages.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident/export.h"
#include "incident/render.h"
#include "util/error.h"
#include "util/time.h"

#define JST	540

struct item {
	int		 no;
	const char	*key;
	const char	*ja_label;
	const char	*en_label;
	const char	*ja;		/* value */
	const char	*en;
	bool		 missing;
};

struct draft {
	enum yj_export_kind	 kind;
	const char		*ja_title;
	const char		*en_title;
	struct item		 items[9];
	int			 n;
};

static const struct {
	const char	*key;
	const char	*ja;
	const char	*en;
} nine[9] = {
	{ "overview", "概要", "Overview" },
	{ "data_items", "漏えい等が発生し、又は発生したおそれがある"
	  "個人データの項目", "Personal data items leaked or possibly "
	  "leaked" },
	{ "people", "漏えい等が発生し、又は発生したおそれがある個人データに"
	  "係る本人の数", "Number of people whose data was or may have "
	  "been leaked" },
	{ "cause", "原因", "Cause" },
	{ "secondary_damage", "二次被害又はそのおそれの有無及びその内容",
	  "Secondary damage or its risk, and what it is" },
	{ "individual_response", "本人への対応の実施状況",
	  "Actions taken for the people affected" },
	{ "publication", "公表の実施状況", "Publication" },
	{ "prevention", "再発防止のための措置", "Measures against recurrence" },
	{ "other", "その他参考となる事項", "Other useful facts" },
};

/* yj_export_format_parse - md, json, html */
int
yj_export_format_parse(const char *s, enum yj_export_format *f)
{
	if (strcmp(s, "md") == 0)
		*f = YJ_EXPORT_MD;
	else if (strcmp(s, "json") == 0)
		*f = YJ_EXPORT_JSON;
	else if (strcmp(s, "html") == 0)
		*f = YJ_EXPORT_HTML;
	else
		return YJ_EINVAL;
	return 0;
}

/* yj_export_kind_parse - auto, preliminary, final, notice */
int
yj_export_kind_parse(const char *s, enum yj_export_kind *k)
{
	if (strcmp(s, "auto") == 0)
		*k = YJ_EXPORT_AUTO;
	else if (strcmp(s, "preliminary") == 0)
		*k = YJ_EXPORT_PRELIMINARY;
	else if (strcmp(s, "final") == 0)
		*k = YJ_EXPORT_FINAL;
	else if (strcmp(s, "notice") == 0)
		*k = YJ_EXPORT_NOTICE;
	else
		return YJ_EINVAL;
	return 0;
}

/* kind_name - stable name of a resolved kind */
static const char *
kind_name(enum yj_export_kind k)
{
	return k == YJ_EXPORT_FINAL ? "final" : k == YJ_EXPORT_NOTICE ?
	    "notice" : "preliminary";
}

/* field - a free-text field, "" when unset */
static const char *
field(const struct yj_incident *inc, const char *key)
{
	const char *v = yj_incident_field(inc, key);

	return v != NULL ? v : "";
}

/* join - "lead" and "text" as one value */
static const char *
join(struct yj_arena *a, const char *lead, const char *text)
{
	if (*text == '\0')
		return lead;
	if (*lead == '\0')
		return text;
	return yj_arena_printf(a, "%s\n%s", lead, text);
}

/* overview - item 1: what yojin knows, then the user's text */
static void
overview(struct yj_arena *a, const struct yj_incident *inc,
    struct item *it)
{
	char t[32];

	yj_time_format(inc->c.known_at, inc->c.known_tz, t);
	it->ja = join(a, yj_arena_printf(a, "種別: %s。把握した日時: %s。"
	    "件名: %s。", yj_incident_type_label(inc->type, true), t,
	    inc->c.title),
	    field(inc, "overview"));
	it->en = join(a, yj_arena_printf(a, "Type: %s. Known at: %s. "
	    "Title: %s.", yj_incident_type_label(inc->type, false), t,
	    inc->c.title), field(inc, "overview"));
	it->missing = *field(inc, "overview") == '\0';
}

/* data_items - item 2: the categories, then the user's text */
static void
data_items(struct yj_arena *a, const struct yj_incident *inc,
    struct item *it)
{
	const char *ja = "", *en = "";

	if (inc->categories & YJ_CAT_SENSITIVE) {
		ja = "要配慮個人情報を含む。";
		en = "Includes sensitive personal data. ";
	}
	if (inc->categories & YJ_CAT_PROPERTY) {
		ja = yj_arena_printf(a, "%s財産的被害が生じるおそれのある"
		    "情報を含む。", ja);
		en = yj_arena_printf(a, "%sIncludes data whose misuse may "
		    "cause property damage. ", en);
	}
	if (inc->categories & YJ_CAT_MY_NUMBER) {
		ja = yj_arena_printf(a, "%s特定個人情報（マイナンバー）"
		    "を含む。", ja);
		en = yj_arena_printf(a, "%sIncludes My Number data. ", en);
	}
	it->ja = join(a, ja, field(inc, "data_items"));
	it->en = join(a, en, field(inc, "data_items"));
	it->missing = *field(inc, "data_items") == '\0';
}

/* people - item 3: from the recorded count */
static void
people(struct yj_arena *a, const struct yj_incident *inc, struct item *it)
{
	const struct yj_incdb_case *c = &inc->c;

	it->ja = yj_incident_people(a, inc, true);
	it->en = yj_incident_people(a, inc, false);
	if (c->people_set && c->people >= 0) {
		it->ja = yj_arena_printf(a, "%s 人", it->ja);
		it->en = yj_arena_printf(a, "%s people", it->en);
	}
	it->missing = !c->people_set || c->people < 0;
}

/* individual_response - item 6, with the date people were told */
static void
individual_response(struct yj_arena *a, const struct yj_incident *inc,
    struct item *it)
{
	const char *when = yj_incident_field(inc, "individuals_notified");
	const char *text = field(inc, "individual_response");

	it->ja = join(a, when != NULL ? yj_arena_printf(a, "本人への通知: "
	    "%s 完了。", when) : "", text);
	it->en = join(a, when != NULL ? yj_arena_printf(a, "People "
	    "notified on %s. ", when) : "", text);
	it->missing = *text == '\0' && when == NULL;
}

/* build - the items of the draft */
static void
build(struct yj_arena *a, const struct yj_incident *inc, struct draft *d)
{
	static const int notice_items[] = { 0, 1, 3, 4, 8 };
	int idx, i;
	int count = d->kind == YJ_EXPORT_NOTICE ? 5 : 9;

	d->n = 0;
	for (i = 0; i < count; i++) {
		struct item *it = &d->items[d->n++];

		idx = d->kind == YJ_EXPORT_NOTICE ? notice_items[i] : i;
		it->no = idx + 1;
		it->key = nine[idx].key;
		it->ja_label = nine[idx].ja;
		it->en_label = nine[idx].en;
		if (idx == 0)
			overview(a, inc, it);
		else if (idx == 1)
			data_items(a, inc, it);
		else if (idx == 2)
			people(a, inc, it);
		else if (idx == 5)
			individual_response(a, inc, it);
		else {
			it->ja = it->en = field(inc, it->key);
			it->missing = *it->ja == '\0';
		}
	}
}

/* resolve - the kind "auto" stands for */
static enum yj_export_kind
resolve(const struct yj_incident *inc, enum yj_export_kind k)
{
	if (k != YJ_EXPORT_AUTO)
		return k;
	return yj_incident_field(inc, "preliminary_reported") != NULL ?
	    YJ_EXPORT_FINAL : YJ_EXPORT_PRELIMINARY;
}

/* titles - the draft's title */
static void
titles(struct draft *d)
{
	switch (d->kind) {
	case YJ_EXPORT_FINAL:
		d->ja_title = "個人データの漏えい等に関する報告（確報）案";
		d->en_title = "Draft final report on a personal data breach";
		break;
	case YJ_EXPORT_NOTICE:
		d->ja_title = "個人情報の漏えい等に関するお知らせ（案）";
		d->en_title = "Draft notice to the people affected";
		break;
	default:
		d->ja_title = "個人データの漏えい等に関する報告（速報）案";
		d->en_title = "Draft preliminary report on a personal data "
		    "breach";
		break;
	}
}

/* missing_text - how an empty item reads in this kind of draft */
static const char *
missing_text(const struct draft *d, bool ja)
{
	if (d->kind == YJ_EXPORT_PRELIMINARY)
		return ja ? "（調査中。確報までに記載）" :
		    "(under investigation; to be given in the final report)";
	return ja ? "（未記入）" : "(missing)";
}

/* ---- the timeline, for reference --------------------------------------- */

/* event_line - "2026-12-28 15:00 tanaka: cause: - -> text" (no tasks) */
static const char *
event_line(struct yj_arena *a, const struct yj_incdb_event *e, bool ja)
{
	const char *kind = yj_incident_word(e->kind, ja);
	const char *field = yj_incident_word(e->field, ja);
	char t[32];
	const char *what;

	if (strcmp(e->kind, "task") == 0)
		return NULL;
	yj_time_format(e->at, JST, t);
	t[10] = ' ';
	t[16] = '\0';
	if (strcmp(e->kind, "note") == 0)
		what = e->note;
	else if (*e->field == '\0')
		what = yj_arena_printf(a, "%s: %s%s%s", kind,
		    e->new_value != NULL ? e->new_value : "",
		    *e->note != '\0' ? " / " : "", e->note);
	else if (e->old_value != NULL || e->new_value != NULL)
		what = yj_arena_printf(a, "%s %s: %s -> %s%s%s", kind,
		    field, e->old_value != NULL && *e->old_value != '\0' ?
		    yj_incident_clip(a, e->old_value, 120) : "-",
		    e->new_value != NULL && *e->new_value != '\0' ?
		    yj_incident_clip(a, e->new_value, 120) : "-",
		    *e->note != '\0' ? " / " : "", e->note);
	else
		what = yj_arena_printf(a, "%s %s", kind, e->note);
	return yj_arena_printf(a, "%s %s: %s", t, e->actor, what);
}

/* ---- Markdown ---------------------------------------------------------- */

/* reasons - the triggers in words, "要配慮個人情報、本人の数" */
static const char *
reasons(struct yj_arena *a, const struct yj_ppc *p, bool ja)
{
	static const char *const ja_names[] = { "要配慮個人情報",
		"財産的被害のおそれ", "不正の目的のおそれ", "本人の数" };
	static const char *const en_names[] = { "sensitive data",
		"possible property damage", "possible unlawful purpose",
		"number of people" };
	const char *out = "";
	int i;

	for (i = 0; i < 4; i++)
		if (p->triggers & (1u << i))
			out = yj_arena_printf(a, "%s%s%s", out, *out == '\0' ?
			    "" : (ja ? "、" : ", "), ja ? ja_names[i] :
			    en_names[i]);
	return out;
}

/* md_due - one deadline line, or when the report was sent */
static void
md_due(FILE *fp, struct yj_arena *a, const char *label, int64_t day,
    const char *sent, int64_t now, bool ja)
{
	if (sent != NULL)
		fprintf(fp, "- %s %s %s\n", label, ja ? "提出済み" : "sent on",
		    sent);
	else
		fprintf(fp, "- %s %s [%s]\n", label, yj_incident_date(a, day,
		    ja), yj_incident_days_left(a, day, now, ja));
}

/* md_deadlines - the PPC block */
static void
md_deadlines(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    int64_t now, bool ja)
{
	const struct yj_ppc *p = &inc->ppc;
	const char *final = yj_incident_field(inc, "final_reported");

	if (!p->required) {
		fprintf(fp, "- %s\n", ja ? "個人情報保護委員会への報告: 現在の"
		    "記録では不要" : "Report to the PPC: not required as "
		    "recorded now");
		return;
	}
	fprintf(fp, "- %s %s\n", ja ? "報告が必要な理由:" :
	    "Reportable because of:", reasons(a, p, ja));
	md_due(fp, a, ja ? "速報の目安:" : "Preliminary report, target:",
	    p->prelim_due, yj_incident_field(inc, "preliminary_reported"), now,
	    ja);
	md_due(fp, a, ja ? "確報の保守的な期限:" :
	    "Final report, conservative date:", p->final_conservative, final,
	    now, ja);
	if (final == NULL)
		fprintf(fp, "- %s %s\n", ja ? "確報の法定の最終期限:" :
		    "Final report, legal limit:", yj_incident_date(a,
		    p->final_limit, ja));
}

/* md_indent - a multi-line value as a Markdown paragraph */
static void
md_value(FILE *fp, const char *v)
{
	for (; *v != '\0'; v++) {
		if (*v == '\n')
			fputs("  \n", fp);
		else
			fputc(*v, fp);
	}
	fputs("\n\n", fp);
}

/* md_timeline - what was recorded, oldest first (tasks left out) */
static void
md_timeline(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    bool ja)
{
	const char *l;
	size_t i;

	fprintf(fp, "\n## %s\n\n", ja ? "経過（参考）" :
	    "Timeline (for reference)");
	for (i = 0; i < inc->nevents; i++)
		if ((l = event_line(a, &inc->events[i], ja)) != NULL)
			fprintf(fp, "- %s\n", l);
}

/* write_md - the draft in Markdown */
static void
write_md(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    const struct draft *d, const struct yj_conf *conf, int64_t now, bool ja)
{
	char t[32];
	int i;
	int missing = 0;

	yj_time_format(now, JST, t);
	fprintf(fp, "# %s\n\n", ja ? d->ja_title : d->en_title);
	if (conf != NULL && *conf->organization.name != '\0')
		fprintf(fp, "- %s %s\n", ja ? "事業者:" : "Organisation:",
		    conf->organization.name);
	fprintf(fp, "- %s #%" PRId64 " %s\n", ja ? "インシデント:" :
	    "Incident:", inc->c.id, inc->c.title);
	fprintf(fp, "- %s %s\n", ja ? "作成日時:" : "Generated:", t);
	if (d->kind != YJ_EXPORT_NOTICE)
		md_deadlines(fp, a, inc, now, ja);
	fputc('\n', fp);
	for (i = 0; i < d->n; i++) {
		const struct item *it = &d->items[i];
		const char *v = ja ? it->ja : it->en;

		fprintf(fp, "## %d. %s\n\n", it->no, ja ? it->ja_label :
		    it->en_label);
		if (it->missing && *v == '\0')
			v = missing_text(d, ja);
		else if (it->missing)
			v = yj_arena_printf(a, "%s\n%s", v,
			    missing_text(d, ja));
		md_value(fp, v);
		missing += it->missing;
	}
	if (d->kind == YJ_EXPORT_NOTICE)
		fprintf(fp, "## %s\n\n%s\n\n", ja ? "お問い合わせ先" :
		    "Where to ask", ja ? "（窓口の名称・電話番号・受付時間を"
		    "記入してください）" : "(give the desk's name, telephone "
		    "number and hours)");
	fprintf(fp, "## %s\n\n", ja ? (d->kind == YJ_EXPORT_PRELIMINARY ?
	    "まだ分かっていない事項" : "未記入の項目") :
	    (d->kind == YJ_EXPORT_PRELIMINARY ? "Not known yet" :
	    "Missing items"));
	if (missing == 0)
		fprintf(fp, "%s\n", ja ? "なし" : "None");
	for (i = 0; i < d->n; i++)
		if (d->items[i].missing)
			fprintf(fp, "- %d. %s\n", d->items[i].no, ja ?
			    d->items[i].ja_label : d->items[i].en_label);
	if (d->kind != YJ_EXPORT_NOTICE)
		md_timeline(fp, a, inc, ja);
}

/* ---- HTML -------------------------------------------------------------- */

/* html_text - s with &, <, >, " escaped and newlines as <br> */
static void
html_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&':	fputs("&amp;", fp); break;
		case '<':	fputs("&lt;", fp); break;
		case '>':	fputs("&gt;", fp); break;
		case '"':	fputs("&quot;", fp); break;
		case '\n':	fputs("<br>\n", fp); break;
		default:	fputc(*s, fp); break;
		}
	}
}

/* html_deadlines - the PPC block, as md_deadlines says it */
static void
html_deadlines(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    int64_t now, bool ja)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;
	char *line, *save = NULL;

	/* the same lines as Markdown, one <li> each */
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return;
	md_deadlines(mem, a, inc, now, ja);
	fclose(mem);
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		fputs("<li>", fp);
		html_text(fp, line + 2);	/* after "- " */
		fputs("</li>\n", fp);
	}
	free(buf);	/* open_memstream's buffer; checksrc: allow */
}

/* html_timeline - what was recorded, oldest first (tasks left out) */
static void
html_timeline(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    bool ja)
{
	const char *l;
	size_t i;

	fprintf(fp, "<h2>%s</h2>\n<ul>\n", ja ? "経過（参考）" :
	    "Timeline (for reference)");
	for (i = 0; i < inc->nevents; i++) {
		if ((l = event_line(a, &inc->events[i], ja)) == NULL)
			continue;
		fputs("<li>", fp);
		html_text(fp, l);
		fputs("</li>\n", fp);
	}
	fputs("</ul>\n", fp);
}

/* write_html - the draft as one standalone page */
static void
write_html(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    const struct draft *d, const struct yj_conf *conf, int64_t now, bool ja)
{
	char t[32];
	int i;

	yj_time_format(now, JST, t);
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", ja ? "ja" : "en");
	html_text(fp, ja ? d->ja_title : d->en_title);
	fputs("</title>\n<style>body{font-family:sans-serif;max-width:48em;"
	    "margin:2em auto}.missing{color:#b00}</style>\n</head>\n<body>\n"
	    "<h1>", fp);
	html_text(fp, ja ? d->ja_title : d->en_title);
	fputs("</h1>\n<ul>\n", fp);
	if (conf != NULL && *conf->organization.name != '\0') {
		fprintf(fp, "<li>%s ", ja ? "事業者:" : "Organisation:");
		html_text(fp, conf->organization.name);
		fputs("</li>\n", fp);
	}
	fprintf(fp, "<li>%s #%" PRId64 " ", ja ? "インシデント:" : "Incident:",
	    inc->c.id);
	html_text(fp, inc->c.title);
	fprintf(fp, "</li>\n<li>%s %s</li>\n", ja ? "作成日時:" : "Generated:",
	    t);
	if (d->kind != YJ_EXPORT_NOTICE)
		html_deadlines(fp, a, inc, now, ja);
	fputs("</ul>\n", fp);
	for (i = 0; i < d->n; i++) {
		const struct item *it = &d->items[i];
		const char *v = ja ? it->ja : it->en;

		fprintf(fp, "<h2>%d. ", it->no);
		html_text(fp, ja ? it->ja_label : it->en_label);
		fputs("</h2>\n<p>", fp);
		html_text(fp, v);
		if (it->missing) {
			fputs(*v != '\0' ? "<br>\n" : "", fp);
			fputs("<span class=\"missing\">", fp);
			html_text(fp, missing_text(d, ja));
			fputs("</span>", fp);
		}
		fputs("</p>\n", fp);
	}
	if (d->kind != YJ_EXPORT_NOTICE)
		html_timeline(fp, a, inc, ja);
	fputs("</body>\n</html>\n", fp);
}

/* ---- JSON -------------------------------------------------------------- */

/* write_json - the draft for machines, both languages */
static int
write_json(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    const struct draft *d, const struct yj_conf *conf, int64_t now)
{
	json_t *items = json_array(), *missing = json_array(), *o;
	char t[32];
	int rc;
	int i;

	yj_time_format(now, JST, t);
	for (i = 0; i < d->n; i++) {
		const struct item *it = &d->items[i];

		json_array_append_new(items, json_pack("{s:i,s:s,s:{s:s,s:s},"
		    "s:{s:s,s:s},s:b}", "no", it->no, "key", it->key, "label",
		    "ja", it->ja_label, "en", it->en_label, "value", "ja",
		    it->ja, "en", it->en, "missing", it->missing));
		if (it->missing)
			json_array_append_new(missing, json_string(it->key));
	}
	o = json_pack("{s:s,s:s,s:{s:s,s:s},s:s,s:o,s:o,s:o,s:o}", "kind",
	    kind_name(d->kind), "generated_at", t, "title", "ja", d->ja_title,
	    "en", d->en_title, "organization", conf != NULL ?
	    conf->organization.name : "", "incident",
	    yj_incident_json(a, inc, now, YJ_INC_LOAD_EVENTS), "ppc",
	    yj_incident_ppc_json(a, inc, now), "items", items, "missing",
	    missing);
	if (o == NULL)
		return YJ_EINVAL;
	rc = json_dumpf(o, fp, JSON_INDENT(2) | JSON_SORT_KEYS);
	fputc('\n', fp);
	json_decref(o);
	return rc == 0 ? 0 : YJ_EIO;
}

/* yj_incident_export - build the draft, then lay it out */
int
yj_incident_export(FILE *fp, struct yj_arena *a,
    const struct yj_incident *inc, const struct yj_conf *conf,
    enum yj_export_format f, enum yj_export_kind k, int64_t now, bool ja)
{
	struct draft d;
	int rc = 0;

	memset(&d, 0, sizeof(d));
	d.kind = resolve(inc, k);
	titles(&d);
	build(a, inc, &d);
	if (f == YJ_EXPORT_JSON)
		rc = write_json(fp, a, inc, &d, conf, now);
	else if (f == YJ_EXPORT_HTML)
		write_html(fp, a, inc, &d, conf, now, ja);
	else
		write_md(fp, a, inc, &d, conf, now, ja);
	if (rc == 0 && (fflush(fp) != 0 || ferror(fp)))
		rc = YJ_EIO;
	return rc;
}
