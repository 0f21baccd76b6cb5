/*
 * render.c - JSON and text views of incidents
 *
 * The JSON is built field by field with jansson (json_pack for the
 * fixed shapes); strings from the store are valid UTF-8 (the register
 * refuses anything else), and a NULL from json_string() would still map
 * to "" rather than drop a field.  Dates are ISO; each PPC date comes
 * with the days left to it.  Text keeps to one screen for an incident's
 * head, then tasks and timeline, each line led by the date.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "incident/mailreport.h"
#include "incident/render.h"
#include "util/str.h"
#include "util/time.h"

/* jstr - a JSON string, never NULL */
static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s != NULL ? s : "");

	return j != NULL ? j : json_string("");
}

/* jnstr - a JSON string, or null */
static json_t *
jnstr(const char *s)
{
	return s != NULL ? jstr(s) : json_null();
}

/* jday - "YYYY-MM-DD" of a day number */
static json_t *
jday(int64_t day)
{
	char buf[16];

	yj_date_format(day * 86400, 0, buf);
	return json_string(buf);
}

/* jtime - ISO 8601 of an instant in zone tz, or null for 0 */
static json_t *
jtime(int64_t t, int tz)
{
	char buf[32];

	if (t == 0)
		return json_null();
	yj_time_format(t, tz, buf);
	return json_string(buf);
}

#define JST	540

/* yj_incident_date - a date with its weekday */
const char *
yj_incident_date(struct yj_arena *a, int64_t day, bool ja)
{
	static const char *const wja[] = { "日", "月", "火", "水", "木",
		"金", "土" };
	static const char *const wen[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
		"Fri", "Sat" };
	char buf[16];

	yj_date_format(day * 86400, 0, buf);
	return ja ? yj_arena_printf(a, "%s（%s）", buf, wja[yj_weekday(day)]) :
	    yj_arena_printf(a, "%s (%s)", buf, wen[yj_weekday(day)]);
}

/* yj_incident_days_left - days from today (Japan) to day */
const char *
yj_incident_days_left(struct yj_arena *a, int64_t day, int64_t now, bool ja)
{
	int64_t d = day - yj_incident_today(now);

	if (d == 0)
		return ja ? "今日が期限" : "due today";
	if (d > 0)
		return ja ? yj_arena_printf(a, "あと%" PRId64 "日", d) :
		    yj_arena_printf(a, "%" PRId64 " day%s left", d,
		    d == 1 ? "" : "s");
	return ja ? yj_arena_printf(a, "%" PRId64 "日超過", -d) :
	    yj_arena_printf(a, "%" PRId64 " day%s overdue", -d,
	    d == -1 ? "" : "s");
}

/* grouped - a count with thousands separators, "1,500" */
static const char *
grouped(struct yj_arena *a, int64_t n)
{
	char buf[YJ_GROUPED_MAX];

	return yj_arena_strdup(a, yj_fmt_grouped(n, buf));
}

/* yj_incident_people - what is known of the number of people */
const char *
yj_incident_people(struct yj_arena *a, const struct yj_incident *inc,
    bool ja)
{
	const struct yj_incdb_case *c = &inc->c;

	if (!c->people_set)
		return ja ? "記録なし" : "not recorded";
	if (c->people >= 0)
		return grouped(a, c->people);
	if (c->people_max >= 0)
		return ja ? yj_arena_printf(a, "不明（最大 %s 人）",
		    grouped(a, c->people_max)) : yj_arena_printf(a,
		    "unknown (at most %s)", grouped(a, c->people_max));
	return ja ? "不明" : "unknown";
}

/* ---- JSON -------------------------------------------------------------- */

/* bits - names of the set bits of mask */
static json_t *
bits(unsigned mask, const char *(*name)(unsigned), unsigned all)
{
	json_t *a = json_array();
	unsigned b;

	for (b = 1; b & all; b <<= 1)
		if (mask & b)
			json_array_append_new(a, json_string(name(b)));
	return a;
}

/* left - days from today to day */
static json_t *
left(int64_t day, int64_t now)
{
	return json_integer((json_int_t)(day - yj_incident_today(now)));
}

/* ppc_dates - the dates and days left of a due report */
static void
ppc_dates(json_t *o, const struct yj_incident *inc, int64_t now)
{
	const struct yj_ppc *p = &inc->ppc;

	if (!p->required) {
		json_object_set_new(o, "preliminary_due", json_null());
		json_object_set_new(o, "preliminary_due_outer", json_null());
		json_object_set_new(o, "final_due_conservative", json_null());
		json_object_set_new(o, "final_due_limit", json_null());
		json_object_set_new(o, "days_left", json_null());
		return;
	}
	json_object_set_new(o, "preliminary_due", jday(p->prelim_due));
	json_object_set_new(o, "preliminary_due_outer",
	    jday(p->prelim_due_outer));
	json_object_set_new(o, "final_due_conservative",
	    jday(p->final_conservative));
	json_object_set_new(o, "final_due_limit", jday(p->final_limit));
	json_object_set_new(o, "days_left", json_pack("{s:o,s:o,s:o}",
	    "preliminary", left(p->prelim_due, now), "final_conservative",
	    left(p->final_conservative, now), "final_limit",
	    left(p->final_limit, now)));
}

/* yj_incident_ppc_json - the report duty */
json_t *
yj_incident_ppc_json(struct yj_arena *a, const struct yj_incident *inc,
    int64_t now)
{
	const struct yj_ppc *p = &inc->ppc;
	struct yj_ppc_note *notes;
	json_t *o, *jn;
	size_t n, i;

	o = json_pack("{s:b,s:o,s:o,s:o,s:b,s:b,s:I,s:o,s:i}",
	    "required", p->required,
	    "triggers", bits(p->triggers, yj_ppc_trigger_name, 0xf),
	    "exemptions", bits(p->exemptions, yj_ppc_exemption_name, 0x3),
	    "exempted_triggers", bits(p->exempted, yj_ppc_trigger_name, 0xf),
	    "personal_data", p->personal_data,
	    "headcount_possible", p->headcount_possible,
	    "threshold", (json_int_t)p->threshold,
	    "known_date", jday(p->known_day),
	    "final_days", p->final_days);
	ppc_dates(o, inc, now);
	json_object_set_new(o, "notify_individuals",
	    json_boolean(p->notify_individuals));
	json_object_set_new(o, "my_number", json_boolean(p->my_number));
	json_object_set_new(o, "preliminary_reported",
	    jnstr(yj_incident_field(inc, "preliminary_reported")));
	json_object_set_new(o, "final_reported",
	    jnstr(yj_incident_field(inc, "final_reported")));
	json_object_set_new(o, "individuals_notified",
	    jnstr(yj_incident_field(inc, "individuals_notified")));
	n = yj_ppc_explain(a, &inc->facts, p, &notes);
	jn = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(jn, json_pack("{s:s,s:o,s:o}", "code",
		    notes[i].code, "ja", jstr(notes[i].ja), "en",
		    jstr(notes[i].en)));
	json_object_set_new(o, "notes", jn);
	return o;
}

/* tasks_json - the tasks */
static json_t *
tasks_json(const struct yj_incident *inc, int64_t now)
{
	json_t *a = json_array();
	int64_t t;
	size_t i;

	for (i = 0; i < inc->ntasks; i++) {
		const struct yj_incdb_task *k = &inc->tasks[i];
		json_t *dl = json_null();

		if (k->due != NULL && yj_time_parse(k->due, &t, NULL) == 0)
			dl = left(t / 86400, now);
		json_array_append_new(a, json_pack("{s:i,s:s,s:s,s:{s:o,s:o},"
		    "s:o,s:o,s:s,s:o,s:o,s:o,s:o,s:o}", "seq", k->seq, "phase",
		    k->phase, "template", k->template, "title", "ja",
		    jstr(k->title_ja), "en", jstr(k->title_en), "due",
		    jnstr(k->due), "days_left", dl, "status", k->status,
		    "owner", jstr(k->owner), "note", jstr(k->note), "done_at",
		    jtime(k->done_at, JST), "done_by", jstr(k->done_by),
		    "due_rule", jstr(k->due_rule)));
	}
	return a;
}

/* events_json - the timeline */
static json_t *
events_json(const struct yj_incident *inc)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < inc->nevents; i++) {
		const struct yj_incdb_event *e = &inc->events[i];

		json_array_append_new(a, json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,"
		    "s:o,s:o}", "at", jtime(e->at, JST), "recorded_at",
		    jtime(e->recorded_at, JST), "actor", jstr(e->actor),
		    "kind", jstr(e->kind), "field", jstr(e->field), "old",
		    jnstr(e->old_value), "new", jnstr(e->new_value), "note",
		    jstr(e->note)));
	}
	return a;
}

/* messages_json - reported messages, indicators and links */
static void
messages_json(json_t *o, const struct yj_incident *inc)
{
	json_t *m = json_array(), *ind = json_array(), *ln = json_array();
	json_t *f;
	size_t i;

	for (i = 0; i < inc->nmsgs; i++) {
		const struct yj_incdb_message *g = &inc->msgs[i];

		f = json_loads(g->findings, 0, NULL);
		json_array_append_new(m, json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,"
		    "s:I,s:o,s:o,s:o}", "id", (json_int_t)g->id, "sha256",
		    jstr(g->sha256), "message_id", jstr(g->message_id),
		    "subject", jstr(g->subject), "from", jstr(g->from_addr),
		    "date", jtime(g->sent_at, JST), "size",
		    (json_int_t)g->size, "reported_by", jstr(g->reported_by),
		    "reported_at", jtime(g->reported_at, JST), "findings",
		    f != NULL ? f : json_array()));
	}
	for (i = 0; i < inc->ninds; i++)
		json_array_append_new(ind, json_pack("{s:o,s:o}", "kind",
		    jstr(inc->inds[i].kind), "value",
		    jstr(inc->inds[i].value)));
	for (i = 0; i < inc->nlinks; i++)
		json_array_append_new(ln, json_pack("{s:I,s:o,s:o,s:b}",
		    "incident", (json_int_t)inc->links[i].incident, "kind",
		    jstr(inc->links[i].kind), "value",
		    jstr(inc->links[i].value), "strong",
		    yj_mailreport_strong(inc->links[i].kind)));
	json_object_set_new(o, "messages", m);
	json_object_set_new(o, "indicators", ind);
	json_object_set_new(o, "links", ln);
}

/* people_json - {recorded, count, unknown, max} */
static json_t *
people_json(const struct yj_incdb_case *c)
{
	return json_pack("{s:b,s:o,s:b,s:o}", "recorded", c->people_set,
	    "count", c->people_set && c->people >= 0 ?
	    json_integer(c->people) : json_null(), "unknown",
	    c->people_set && c->people < 0, "max", c->people_set &&
	    c->people < 0 && c->people_max >= 0 ?
	    json_integer(c->people_max) : json_null());
}

/* next_due_json - the nearest pending date */
static json_t *
next_due_json(const struct yj_incident *inc, int64_t now)
{
	struct yj_incident_due d;

	if (!yj_incident_next_due(inc, &d))
		return json_null();
	return json_pack("{s:o,s:s,s:s,s:s,s:o}", "date", jday(d.day), "what",
	    d.what, "ja", d.ja, "en", d.en, "days_left", left(d.day, now));
}

/* fields_json - {key: value} */
static json_t *
fields_json(const struct yj_incident *inc)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; i < inc->nfields; i++)
		json_object_set_new(o, inc->fields[i].key,
		    jstr(inc->fields[i].value));
	return o;
}

/* yj_incident_json - the incident and the parts asked for */
json_t *
yj_incident_json(struct yj_arena *a, const struct yj_incident *inc,
    int64_t now, unsigned parts)
{
	const struct yj_incdb_case *c = &inc->c;
	json_t *o;

	o = json_pack("{s:I,s:s,s:{s:s,s:s},s:o,s:s,s:s,s:o,s:s,s:o,s:o,s:o,"
	    "s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:b,s:b}",
	    "id", (json_int_t)c->id, "type", yj_incident_type_name(inc->type),
	    "type_label", "ja", yj_incident_type_label(inc->type, true), "en",
	    yj_incident_type_label(inc->type, false), "title", jstr(c->title),
	    "status", c->status, "severity", c->severity, "owner",
	    jstr(c->owner), "org_type", yj_ppc_org_name(inc->org),
	    "known_at", jtime(c->known_at, c->known_tz), "created_at",
	    jtime(c->created_at, JST), "created_by", jstr(c->created_by),
	    "updated_at", jtime(c->updated_at, JST), "closed_at",
	    jtime(c->closed_at, JST), "source", jstr(c->source),
	    "source_ref", jstr(c->source_ref), "people", people_json(c),
	    "categories", bits(inc->categories, yj_ppc_category_name,
	    YJ_CAT_ALL), "unlawful_purpose", c->unlawful, "encrypted",
	    c->encrypted, "not_viewed", c->not_viewed);
	json_object_set_new(o, "fields", fields_json(inc));
	json_object_set_new(o, "ppc", yj_incident_ppc_json(a, inc, now));
	json_object_set_new(o, "next_due", next_due_json(inc, now));
	if (parts & YJ_INC_LOAD_TASKS)
		json_object_set_new(o, "tasks", tasks_json(inc, now));
	if (parts & YJ_INC_LOAD_EVENTS)
		json_object_set_new(o, "timeline", events_json(inc));
	if (parts & YJ_INC_LOAD_MESSAGES)
		messages_json(o, inc);
	return o;
}

/* ---- text -------------------------------------------------------------- */

/* cats_text - the categories for people */
static const char *
cats_text(struct yj_arena *a, unsigned cats, bool ja)
{
	const char *out = "";

	if (cats & YJ_CAT_SENSITIVE)
		out = yj_arena_printf(a, "%s%s%s", out, *out ? ", " : "",
		    ja ? "要配慮個人情報" : "sensitive");
	if (cats & YJ_CAT_PROPERTY)
		out = yj_arena_printf(a, "%s%s%s", out, *out ? ", " : "",
		    ja ? "財産的被害のおそれ" : "property damage");
	if (cats & YJ_CAT_MY_NUMBER)
		out = yj_arena_printf(a, "%s%s%s", out, *out ? ", " : "",
		    ja ? "マイナンバー" : "My Number");
	return *out != '\0' ? out : "-";
}

/* print_head - id, title, type, status, facts */
static void
print_head(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    bool ja)
{
	const struct yj_incdb_case *c = &inc->c;
	char t[32];

	yj_time_format(c->known_at, c->known_tz, t);
	fprintf(fp, "#%" PRId64 " %s\n", c->id, c->title);
	fprintf(fp, "  %s %s  %s %s  %s %s  %s %s\n", ja ? "種別:" : "type:",
	    yj_incident_type_label(inc->type, ja), ja ? "状態:" : "status:",
	    yj_incident_status_label(c->status, ja), ja ? "重大度:" :
	    "severity:", c->severity, ja ? "担当:" : "owner:",
	    *c->owner != '\0' ? c->owner : "-");
	fprintf(fp, "  %s %s (%s)\n", ja ? "把握した日時:" : "known at:", t,
	    yj_incident_date(a, inc->ppc.known_day, ja));
	fprintf(fp, "  %s %s  %s %s\n", ja ? "本人の数:" : "people:",
	    yj_incident_people(a, inc, ja), ja ? "データ:" : "data:",
	    cats_text(a, inc->categories, ja));
	fprintf(fp, "  %s %s%s%s%s\n", ja ? "組織:" : "organisation:",
	    inc->org == YJ_ORG_LOCAL_GOV ? (ja ? "地方公共団体" :
	    "local government") : (ja ? "民間事業者" : "private business"),
	    c->unlawful ? (ja ? "  不正の目的のおそれ" :
	    "  possible unlawful purpose") : "", c->encrypted ?
	    (ja ? "  高度な暗号化" : "  strongly encrypted") : "",
	    c->not_viewed ? (ja ? "  閲覧前に回収・削除" :
	    "  retrieved before viewed") : "");
}

/* print_due - one PPC date line, or "sent on" */
static void
print_due(FILE *fp, struct yj_arena *a, const char *label, int64_t day,
    const char *sent, int64_t now, bool ja)
{
	if (sent != NULL)
		fprintf(fp, "    %s %s %s\n", label, ja ? "提出済み:" : "sent:",
		    sent);
	else
		fprintf(fp, "    %s %s [%s]\n", label,
		    yj_incident_date(a, day, ja),
		    yj_incident_days_left(a, day, now, ja));
}

/* print_ppc - the report duty, dates and days left */
static void
print_ppc(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    int64_t now, bool ja)
{
	const struct yj_ppc *p = &inc->ppc;
	const char *tr = "";
	unsigned b;

	for (b = 1; b & 0xf; b <<= 1)
		if (p->triggers & b)
			tr = yj_arena_printf(a, "%s%s%s", tr, *tr ? ", " : "",
			    yj_ppc_trigger_name(b));
	if (!p->required) {
		fprintf(fp, "  %s\n", ja ? "個人情報保護委員会への報告: 不要"
		    "（現在の記録による）" : "PPC report: not required (as "
		    "recorded now)");
		return;
	}
	fprintf(fp, "  %s (%s)\n", ja ? "個人情報保護委員会への報告: 必要" :
	    "PPC report: required", tr);
	print_due(fp, a, ja ? "速報（目安）:" : "preliminary (target):",
	    p->prelim_due, yj_incident_field(inc, "preliminary_reported"),
	    now, ja);
	print_due(fp, a, ja ? "確報（保守的な期限）:" :
	    "final (conservative):", p->final_conservative,
	    yj_incident_field(inc, "final_reported"), now, ja);
	print_due(fp, a, ja ? "確報（法定の最終期限）:" :
	    "final (legal limit):", p->final_limit,
	    yj_incident_field(inc, "final_reported"), now, ja);
	fprintf(fp, "    %s %s\n", ja ? "本人への通知:" : "notify people:",
	    yj_incident_field(inc, "individuals_notified") != NULL ?
	    yj_incident_field(inc, "individuals_notified") :
	    (ja ? "必要" : "required"));
}

/* print_notes - the explanation, one paragraph per note */
static void
print_notes(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    bool ja)
{
	struct yj_ppc_note *v;
	size_t n, i;

	n = yj_ppc_explain(a, &inc->facts, &inc->ppc, &v);
	for (i = 0; i < n; i++)
		fprintf(fp, "    - %s\n", ja ? v[i].ja : v[i].en);
}

/* print_tasks - numbered, with phase, due and status */
static void
print_tasks(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    int64_t now, bool ja)
{
	int64_t t;
	size_t i;

	fprintf(fp, "%s\n", ja ? "タスク:" : "Tasks:");
	for (i = 0; i < inc->ntasks; i++) {
		const struct yj_incdb_task *k = &inc->tasks[i];
		const char *mark = strcmp(k->status, "done") == 0 ? "x" :
		    strcmp(k->status, "skipped") == 0 ? "-" : " ";

		fprintf(fp, "  [%s] %2d %s: %s", mark, k->seq,
		    yj_incident_phase_label(k->phase, ja),
		    ja ? k->title_ja : k->title_en);
		if (k->due != NULL && yj_time_parse(k->due, &t, NULL) == 0) {
			fprintf(fp, " (%s %s", ja ? "期限" : "due", k->due);
			if (strcmp(k->status, "open") == 0)
				fprintf(fp, ", %s", yj_incident_days_left(a,
				    t / 86400, now, ja));
			fputc(')', fp);
		}
		if (*k->owner != '\0')
			fprintf(fp, " @%s", k->owner);
		fputc('\n', fp);
	}
}

/* dash - "-" for a missing or empty value */
static const char *
dash(const char *s)
{
	return s != NULL && *s != '\0' ? s : "-";
}

/* print_events - the timeline */
static void
print_events(FILE *fp, const struct yj_incident *inc, bool ja)
{
	char t[32];
	size_t i;

	fprintf(fp, "%s\n", ja ? "経過:" : "Timeline:");
	for (i = 0; i < inc->nevents; i++) {
		const struct yj_incdb_event *e = &inc->events[i];

		yj_time_format(e->at, JST, t);
		fprintf(fp, "  %.16s %s", t, e->actor);
		if (strncmp(e->field, e->kind, strlen(e->kind)) != 0)
			fprintf(fp, " %s", yj_incident_word(e->kind, ja));
		if (*e->field != '\0')
			fprintf(fp, " %s", yj_incident_word(e->field, ja));
		if (e->old_value != NULL || e->new_value != NULL)
			fprintf(fp, ": %s -> %s", dash(e->old_value),
			    dash(e->new_value));
		if (*e->note != '\0')
			fprintf(fp, " (%s)", e->note);
		fputc('\n', fp);
	}
}

/* print_links - incidents sharing strong (or only weak) indicators */
static void
print_links(FILE *fp, const struct yj_incident *inc, bool strong, bool ja)
{
	size_t i, shown = 0;

	for (i = 0; i < inc->nlinks; i++) {
		if (yj_mailreport_strong(inc->links[i].kind) != strong)
			continue;
		if (shown == 0)
			fprintf(fp, "%s\n", strong ? (ja ?
			    "同じ送信元・URL・添付をもつ他のインシデント:" :
			    "Other incidents with the same sender, link or "
			    "attachment:") : (ja ?
			    "同じドメインなどをもつ他のインシデント（参考）:" :
			    "Other incidents sharing a domain or name (for "
			    "reference):"));
		if (++shown > 20) {
			fprintf(fp, "  ...\n");
			break;
		}
		fprintf(fp, "  #%" PRId64 " %s %s\n", inc->links[i].incident,
		    inc->links[i].kind, inc->links[i].value);
	}
}

/* print_messages - reported messages and shared indicators */
static void
print_messages(FILE *fp, const struct yj_incident *inc, bool ja)
{
	size_t i;

	if (inc->nmsgs > 0)
		fprintf(fp, "%s\n", ja ? "報告されたメール:" :
		    "Reported messages:");
	for (i = 0; i < inc->nmsgs; i++)
		fprintf(fp, "  %" PRId64 ": %s <%s> %s\n", inc->msgs[i].id,
		    inc->msgs[i].subject, inc->msgs[i].from_addr,
		    inc->msgs[i].sha256);
	if (inc->ninds > 0)
		fprintf(fp, "%s\n", ja ? "指標:" : "Indicators:");
	for (i = 0; i < inc->ninds; i++)
		fprintf(fp, "  %s %s\n", inc->inds[i].kind,
		    inc->inds[i].value);
	print_links(fp, inc, true, ja);
	print_links(fp, inc, false, ja);
}

/* yj_incident_print - everything, for people */
void
yj_incident_print(FILE *fp, struct yj_arena *a, const struct yj_incident *inc,
    int64_t now, bool ja)
{
	size_t i, k;

	print_head(fp, a, inc, ja);
	print_ppc(fp, a, inc, now, ja);
	print_notes(fp, a, inc, ja);
	(void)i;
	for (k = 0; yj_incident_fields[k].key != NULL; k++) {
		const char *v = yj_incident_field(inc,
		    yj_incident_fields[k].key);

		if (v != NULL)
			fprintf(fp, "  %s: %s\n", ja ?
			    yj_incident_fields[k].ja :
			    yj_incident_fields[k].en, v);
	}
	print_tasks(fp, a, inc, now, ja);
	print_messages(fp, inc, ja);
	print_events(fp, inc, ja);
}

/* yj_incident_print_list - a short block per incident */
void
yj_incident_print_list(FILE *fp, struct yj_arena *a,
    const struct yj_incident *v, size_t n, int64_t now, bool ja)
{
	struct yj_incident_due d;
	size_t i;

	if (n == 0)
		fprintf(fp, "%s\n", ja ? "インシデントはありません" :
		    "no incidents");
	for (i = 0; i < n; i++) {
		print_head(fp, a, &v[i], ja);
		print_ppc(fp, a, &v[i], now, ja);
		if (yj_incident_next_due(&v[i], &d))
			fprintf(fp, "  %s %s %s [%s]\n", ja ? "次の期限:" :
			    "next due:", yj_incident_date(a, d.day, ja),
			    ja ? d.ja : d.en,
			    yj_incident_days_left(a, d.day, now, ja));
	}
}
