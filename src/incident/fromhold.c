/*
 * fromhold.c - from a released hold to a misdelivery incident
 *
 * Design: build one change (the caller's, with what the hold says filled
 * in where the caller said nothing) and create the incident with it
 * inside one transaction that first makes sure the hold has no open
 * incident yet, then records the recipients and attachment names as
 * indicators.  The findings are JSON written by the milter
 * (cli/report.h's layout: id, severity, explanation.ja/en, evidence
 * with "file" for attachments); anything else in them is ignored, and a
 * damaged JSON only loses the summary, never the incident.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "incident/fromhold.h"
#include "store/hold.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

#define MAX_FIELDS	64
#define MAX_NAMES	100

/* yj_hold_left - released (by a person or at its deadline) */
bool
yj_hold_left(const char *state)
{
	return state != NULL && (strcmp(state, "released") == 0 ||
	    strcmp(state, "expired_released") == 0);
}

/* dup - a copy in the arena, "" for NULL */
static const char *
dup(struct yj_arena *a, const char *s)
{
	return yj_arena_strdup(a, s != NULL ? s : "");
}

/* yj_hold_facts_load - the record and who released it */
int
yj_hold_facts_load(struct yj_store *s, struct yj_arena *a, int64_t id,
    struct yj_hold_facts *h)
{
	struct yj_hold_audit *au;
	struct yj_hold_rec *r;
	size_t n, i;
	int rc;

	if ((rc = yj_hold_store_get(s, id, &r)) != 0)
		return rc;
	memset(h, 0, sizeof(*h));
	h->id = r->id;
	h->state = dup(a, r->state);
	h->sender = dup(a, r->sender);
	h->recipients = dup(a, r->recipients);
	h->subject = dup(a, r->subject);
	h->message_id = dup(a, r->message_id);
	h->findings = dup(a, r->findings);
	h->created_at = r->created_at;
	h->released_at = yj_hold_left(r->state) ? r->updated_at : 0;
	yj_hold_rec_free(r);
	if (yj_hold_store_audit_list(s, id, &au, &n) == 0) {
		for (i = 0; i < n; i++)
			if (strcmp(au[i].action, "release") == 0 ||
			    strcmp(au[i].action, "approve") == 0)
				h->released_by = dup(a, au[i].actor);
		yj_hold_audit_free(au, n);
	}
	return 0;
}

struct build {
	struct yj_incident_ctx		*ctx;
	const struct yj_hold_facts	*h;
	struct yj_incident_change	 ch;
	struct yj_incdb_kv		 fields[MAX_FIELDS];
	const char			*files[MAX_NAMES];
	size_t				 nfiles;
	const char			*rcpts[MAX_NAMES];
	size_t				 nrcpts;
	int64_t				 id;
};

/* add_file - an attachment name from the evidence, once */
static void
add_file(struct build *b, const char *name)
{
	size_t i;

	if (name == NULL || *name == '\0' || b->nfiles >= MAX_NAMES ||
	    !yj_utf8_valid(name, strlen(name)))
		return;
	for (i = 0; i < b->nfiles; i++)
		if (strcmp(b->files[i], name) == 0)
			return;
	b->files[b->nfiles++] = yj_arena_strdup(b->ctx->arena, name);
}

/* evidence_files - "file": "x" or ["x", "y"] */
static void
evidence_files(struct build *b, json_t *ev)
{
	json_t *f = json_object_get(ev, "file"), *v;
	size_t i;

	if (json_is_string(f))
		add_file(b, json_string_value(f));
	json_array_foreach(f, i, v)
		if (json_is_string(v))
			add_file(b, json_string_value(v));
}

/* findings_text - "- [high] explanation" per finding, files collected */
static const char *
findings_text(struct build *b)
{
	struct yj_arena *a = b->ctx->arena;
	const char *out = "";
	json_t *root, *f;
	size_t i;

	root = json_loads(b->h->findings != NULL ? b->h->findings : "[]", 0,
	    NULL);
	json_array_foreach(root, i, f) {
		const char *id = json_string_value(json_object_get(f, "id"));
		const char *sev = json_string_value(json_object_get(f,
		    "severity"));
		const char *ja = json_string_value(json_object_get(
		    json_object_get(f, "explanation"), "ja"));

		evidence_files(b, json_object_get(f, "evidence"));
		if (id == NULL || !yj_utf8_valid(id, strlen(id)))
			continue;
		out = yj_arena_printf(a, "%s- [%s] %s%s%s\n", out,
		    sev != NULL ? sev : "?", id, ja != NULL ? ": " : "",
		    ja != NULL ? ja : "");
	}
	json_decref(root);
	return out;
}

/* recipients - the JSON array of addresses */
static const char *
recipients(struct build *b)
{
	const char *out = "";
	json_t *root, *r;
	size_t i;

	root = json_loads(b->h->recipients != NULL ? b->h->recipients : "[]",
	    0, NULL);
	json_array_foreach(root, i, r) {
		const char *s = json_string_value(r);

		if (s == NULL || !yj_utf8_valid(s, strlen(s)) ||
		    b->nrcpts >= MAX_NAMES)
			continue;
		b->rcpts[b->nrcpts++] = yj_arena_strdup(b->ctx->arena, s);
		out = yj_arena_printf(b->ctx->arena, "%s%s%s", out,
		    *out != '\0' ? ", " : "", s);
	}
	json_decref(root);
	return out;
}

/* when - ISO time in Japan, or "-" */
static const char *
when(struct yj_arena *a, int64_t t)
{
	char buf[32];

	if (t == 0)
		return "-";
	yj_time_format(t, 540, buf);
	return yj_arena_strdup(a, buf);
}

/* add_default - a generated field unless the caller set that key */
static void
add_default(struct build *b, const char *key, const char *value)
{
	size_t i;

	for (i = 0; i < b->ch.nfields; i++)
		if (strcmp(b->fields[i].key, key) == 0)
			return;
	if (*value == '\0' || b->ch.nfields >= MAX_FIELDS)
		return;
	b->fields[b->ch.nfields].key = key;
	b->fields[b->ch.nfields].value = value;
	b->ch.nfields++;
}

/* prepare - the change: the caller's, filled in from the hold */
static int
prepare(struct build *b, const struct yj_incident_change *extra)
{
	struct yj_arena *a = b->ctx->arena;
	const struct yj_hold_facts *h = b->h;
	const char *subj = h->subject != NULL && *h->subject != '\0' ?
	    yj_incident_clip(a, h->subject, 200) : "-";
	const char *to, *found;

	b->ch = *extra;
	if (extra->nfields > MAX_FIELDS - 2)
		return YJ_ETOOBIG;
	memcpy(b->fields, extra->fields, extra->nfields * sizeof(b->fields[0]));
	b->ch.fields = b->fields;
	if (!b->ch.has_type) {
		b->ch.has_type = true;
		b->ch.type = YJ_INC_MISDELIVERY;
	}
	if (b->ch.title == NULL)
		b->ch.title = yj_arena_printf(a, "誤送信 / Mis-sent: %s", subj);
	b->ch.source = "hold";
	b->ch.source_ref = yj_arena_printf(a, "%" PRId64, h->id);
	to = recipients(b);
	found = findings_text(b);
	add_default(b, "overview", yj_arena_printf(a, "送信前に保留された"
	    "メールが解除されて送信され、その後、誤送信と分かった。\n"
	    "差出人: %s\n宛先: %s\n件名: %s\n保留: %s（保留 ID %" PRId64
	    "）\n解除: %s%s%s",
	    h->sender != NULL ? yj_incident_clip(a, h->sender, 1024) : "-",
	    to, subj, when(a, h->created_at), h->id,
	    when(a, h->released_at),
	    h->released_by != NULL ? "、" : "",
	    h->released_by != NULL ? yj_incident_clip(a, h->released_by,
	    256) : ""));
	if (*found != '\0')
		add_default(b, "other", yj_arena_printf(a, "保留したときの "
		    "yojin の検出内容:\n%s", found));
	return 0;
}

/* indicators - recipients and attachment names of the hold */
static int
indicators(struct build *b)
{
	struct yj_incdb_indicator ind = { 0 };
	size_t i;
	int rc;

	ind.incident = b->id;
	for (i = 0; i < b->nrcpts + b->nfiles; i++) {
		ind.kind = i < b->nrcpts ? "recipient" : "attachment_name";
		ind.value = i < b->nrcpts ? b->rcpts[i] :
		    b->files[i - b->nrcpts];
		if ((rc = yj_incident_dberr(b->ctx,
		    yj_incdb_indicator_add(b->ctx->db, &ind))) != 0)
			return rc;
	}
	return 0;
}

/* hold_tx - one open incident per hold, created with its indicators */
static int
hold_tx(struct yj_db *db, void *arg)
{
	struct build *b = arg;
	struct yj_incident_ctx *ctx = b->ctx;
	struct yj_incdb_event e = { 0 };
	int64_t other;
	int rc;

	(void)db;
	rc = yj_incdb_find_source(ctx->db, "hold", b->ch.source_ref, &other);
	if (rc == 0) {
		snprintf(ctx->err, sizeof(ctx->err), "hold %" PRId64 " is "
		    "already incident %" PRId64, b->h->id, other);
		return YJ_EEXIST;
	}
	if (rc != YJ_ENOENT)
		return yj_incident_dberr(ctx, rc);
	if ((rc = yj_incident_create_in(ctx, &b->ch, &b->id)) != 0 ||
	    (rc = indicators(b)) != 0)
		return rc;
	e.incident = b->id;
	e.at = e.recorded_at = ctx->now;
	e.actor = ctx->actor;
	e.kind = "hold";
	e.field = "hold";
	e.new_value = b->ch.source_ref;
	e.note = yj_arena_printf(ctx->arena, "made from hold %" PRId64
	    " (%s), %zu recipients, %zu attachments", b->h->id,
	    b->h->state, b->nrcpts, b->nfiles);
	return yj_incident_dberr(ctx, yj_incdb_event_add(ctx->db, &e));
}

/* yj_incident_from_hold - the incident of a released, mis-sent message */
int
yj_incident_from_hold(struct yj_incident_ctx *ctx,
    const struct yj_hold_facts *h, const struct yj_incident_change *extra,
    int64_t *idp)
{
	struct build b;
	int rc;

	*idp = 0;
	ctx->err[0] = '\0';
	if (!yj_hold_left(h->state)) {
		snprintf(ctx->err, sizeof(ctx->err), "hold %" PRId64 " is %s: "
		    "the message did not leave, there is no misdelivery to "
		    "record", h->id, h->state != NULL ? h->state : "unknown");
		return YJ_ESTATE;
	}
	memset(&b, 0, sizeof(b));
	b.ctx = ctx;
	b.h = h;
	if ((rc = prepare(&b, extra)) != 0) {
		snprintf(ctx->err, sizeof(ctx->err), "too many fields");
		return rc;
	}
	if ((rc = yj_incident_validate_new(ctx, &b.ch)) != 0)
		return rc;
	rc = yj_db_transact(ctx->db, YJ_DB_TX_DURABLE, hold_tx, &b);
	if (rc != 0 && ctx->err[0] == '\0')
		yj_incident_dberr(ctx, rc);
	*idp = rc == 0 ? b.id : 0;
	return rc;
}
