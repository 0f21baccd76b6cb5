/*
 * report.c - render results
 *
 * Every string put into JSON is valid UTF-8 by construction (the message
 * model and the findings repair what they store); jansson would refuse
 * anything else, so a NULL from json_string() is mapped to "" rather than
 * dropped silently.
 */
#include <jansson.h>
#include <string.h>

#include "cli/report.h"
#include "mail/attach.h"
#include "util/str.h"
#include "util/time.h"

/* jstr - a JSON string that is never NULL */
static json_t *
jstr(const char *s)
{
	json_t *j;

	j = json_string(s != NULL ? s : "");
	return j != NULL ? j : json_string("");
}

/* mailboxes - [{name, address}] */
static json_t *
mailboxes(const struct yj_addrlist *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->nr; i++)
		json_array_append_new(a, json_pack("{s:o,s:o}",
		    "name", jstr(l->v[i].name), "address", jstr(l->v[i].addr)));
	return a;
}

/* evidence - {key: value} or {key: [values]} when a key repeats */
static json_t *
evidence(const struct yj_finding *f)
{
	json_t *o = json_object(), *cur, *arr;
	size_t i;

	for (i = 0; i < f->nev; i++) {
		cur = json_object_get(o, f->ev[i].key);
		if (cur == NULL) {
			json_object_set_new(o, f->ev[i].key,
			    jstr(f->ev[i].value));
		} else if (json_is_array(cur)) {
			json_array_append_new(cur, jstr(f->ev[i].value));
		} else {
			arr = json_array();
			json_array_append(arr, cur);
			json_array_append_new(arr, jstr(f->ev[i].value));
			json_object_set_new(o, f->ev[i].key, arr);
		}
	}
	return o;
}

/* yj_report_findings_json - findings that count (ignored ones left out) */
json_t *
yj_report_findings_json(const struct yj_findings *fs)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < fs->nr; i++) {
		const struct yj_finding *f = fs->v[i];

		if (f->ignored)
			continue;
		json_array_append_new(a, json_pack("{s:o,s:s,s:i,s:o,s:{s:o,s:o}}",
		    "id", jstr(f->id), "severity", yj_severity_name(f->severity),
		    "weight", f->weight, "evidence", evidence(f),
		    "explanation", "ja", jstr(f->ja), "en", jstr(f->en)));
	}
	return a;
}

/* attach_facts - the names of an attachment's content facts */
static json_t *
attach_facts(const struct yj_attachment *t)
{
	uint64_t f = yj_attach_info(t)->facts;
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < 64; i++)
		if (f & (UINT64_C(1) << i))
			json_array_append_new(a,
			    json_string(yj_attach_fact_name(i)));
	return a;
}

/*
 * attachments - [{filename, content_type, detected_type, size, sha256,
 * depth, parent, encrypted, kind, facts}]; members of containers follow
 * their container, parent giving its index
 */
static json_t *
attachments(const struct yj_msg *m)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < m->natts; i++) {
		const struct yj_attachment *t = &m->atts[i];

		json_array_append_new(a, json_pack(
		    "{s:o,s:o,s:o,s:I,s:s,s:i,s:i,s:b,s:s,s:o}",
		    "filename", jstr(t->filename),
		    "content_type", jstr(t->content_type),
		    "detected_type", jstr(t->detected_type),
		    "size", (json_int_t)t->size, "sha256", t->sha256,
		    "depth", t->depth, "parent", t->parent,
		    "encrypted", (t->flags & YJ_ATT_ENCRYPTED) != 0,
		    "kind", yj_attach_kind_name(yj_attach_info(t)->kind),
		    "facts", attach_facts(t)));
	}
	return a;
}

/* anomalies - names of the anomaly bits */
static json_t *
anomalies(const struct yj_msg *m)
{
	json_t *a = json_array();
	int i;

	for (i = 0; i < YJ_ANOM_COUNT; i++)
		if (yj_msg_has_anomaly(m, (enum yj_anomaly)i))
			json_array_append_new(a, json_string(
			    yj_anomaly_name((enum yj_anomaly)i)));
	return a;
}

/* message - the decoded facts a reader of the result wants */
static json_t *
message(const struct yj_msg *m)
{
	char date[32] = "";
	json_t *o;

	if (m->date != 0)
		yj_time_format(m->date, m->date_tz, date);
	o = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:I,s:o,s:o,s:I}",
	    "subject", jstr(m->subject), "from", mailboxes(&m->from),
	    "to", mailboxes(&m->to), "cc", mailboxes(&m->cc),
	    "reply_to", mailboxes(&m->reply_to),
	    "message_id", jstr(m->message_id), "date", jstr(date),
	    "size", (json_int_t)m->raw_size, "attachments", attachments(m),
	    "anomalies", anomalies(m), "urls", (json_int_t)m->nurls);
	return o;
}

/* yj_report_json - the whole result */
json_t *
yj_report_json(const char *file, const struct yj_result *r)
{
	return json_pack("{s:o,s:s,s:s,s:i,s:o,s:o,s:o,s:o,s:f}",
	    "file", jstr(file), "direction", yj_direction_name(r->direction),
	    "verdict", yj_verdict_name(r->verdict), "score", r->score,
	    "decided_by", jstr(r->decided_by),
	    "exempt", r->exempt != NULL ? json_string(r->exempt) : json_null(),
	    "findings", yj_report_findings_json(&r->findings),
	    "message", message(r->msg),
	    "elapsed_ms", (double)r->elapsed_us / 1000.0);
}

/* verdict_ja - verdict in Japanese */
static const char *
verdict_ja(enum yj_verdict v)
{
	switch (v) {
	case YJ_VERDICT_ACCEPT:		return "通過";
	case YJ_VERDICT_TAG:		return "注意表示";
	case YJ_VERDICT_HOLD:		return "送信保留";
	case YJ_VERDICT_QUARANTINE:	return "隔離";
	case YJ_VERDICT_REJECT:		return "拒否";
	}
	return "?";
}

/* first_mailbox - "Name <addr>" of the first mailbox, or "-" */
static void
print_mailbox(FILE *fp, const struct yj_addrlist *l)
{
	if (l->nr == 0) {
		fputs("-", fp);
		return;
	}
	if (*l->v[0].name != '\0')
		fprintf(fp, "%s <%s>", l->v[0].name, l->v[0].addr);
	else
		fputs(l->v[0].addr, fp);
	if (l->seen > 1)
		fprintf(fp, " (+%zu)", l->seen - 1);
}

/* yj_report_text - for people */
void
yj_report_text(FILE *fp, const char *file, const struct yj_result *r,
    bool ja)
{
	const struct yj_msg *m = r->msg;
	size_t i, k;

	fprintf(fp, "%s: %s (%s %d, %s)\n", file,
	    ja ? verdict_ja(r->verdict) : yj_verdict_name(r->verdict),
	    ja ? "スコア" : "score", r->score,
	    r->direction == YJ_DIR_OUT ? (ja ? "送信" : "outbound") :
	    (ja ? "受信" : "inbound"));
	fprintf(fp, "  %s %s\n  %s ", ja ? "件名:" : "Subject:", m->subject,
	    ja ? "差出人:" : "From:");
	print_mailbox(fp, &m->from);
	fputc('\n', fp);
	for (i = 0; i < r->findings.nr; i++) {
		const struct yj_finding *f = r->findings.v[i];

		if (f->ignored)
			continue;
		fprintf(fp, "  [%s] %s (%s %d)\n      %s\n",
		    yj_severity_name(f->severity), f->id,
		    ja ? "重み" : "weight", f->weight, ja ? f->ja : f->en);
		for (k = 0; k < f->nev; k++)
			fprintf(fp, "      - %s: %s\n", f->ev[k].key,
			    f->ev[k].value);
	}
}

/* yj_report_expect - compact findings for golden files */
void
yj_report_expect(FILE *fp, const struct yj_result *r)
{
	size_t i, k;

	for (i = 0; i < r->findings.nr; i++) {
		const struct yj_finding *f = r->findings.v[i];

		if (f->ignored)
			continue;
		fprintf(fp, "%s", f->id);
		for (k = 0; k < f->nev; k++)
			fprintf(fp, "%s%s=%s", k ? "; " : "\t", f->ev[k].key,
			    f->ev[k].value);
		fputc('\n', fp);
	}
}
