/*
 * incident.c - the register: names, loading, and changes as transactions
 *
 * Design: each change is a function run by yj_db_transact() (durable): it
 * reads the incident inside the transaction, compares every attribute
 * the change touches with what is stored, writes the row once, writes one
 * timeline entry per attribute that really changed (machine-stable
 * values: the same words as the JSON and the options), then brings the
 * template tasks in line (task.c).  The function may run again when a
 * PostgreSQL transaction is retried, so it keeps no state outside the
 * database except its result.  Validation happens before anything is
 * written, so a bad value fails the whole change.
 *
 * Times: known_at is kept as an instant with the zone it was given in
 * (shown back the same way); the PPC dates use its date in Japan.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incident/incident.h"
#include "util/error.h"
#include "util/sort.h"
#include "util/str.h"
#include "util/time.h"

#define FUTURE_SLACK	300	/* seconds of clock difference tolerated */
#define TEXT_MAX	65536	/* bytes in a free-text field */
#define JST		540	/* minutes east of UTC */

static const struct {
	const char	*name;
	const char	*ja;
	const char	*en;
} types[YJ_INC_TYPES] = {
	{ "misdelivery", "誤送信・誤交付", "Mis-sent mail or paper" },
	{ "suspicious_mail", "不審メールの報告", "Suspicious mail reported" },
	{ "malware", "マルウェア感染（ランサムウェアを含む）",
	  "Malware (including ransomware)" },
	{ "unauthorized_access", "不正アクセス", "Unauthorised access" },
	{ "lost_device", "紛失・盗難（端末・書類）",
	  "Lost or stolen device or paper" },
	{ "website_tampering", "ウェブサイト改ざん", "Website tampering" },
	{ "support_scam", "サポート詐欺", "Support scam" },
};

/* yj_incident_type_name - stable name */
const char *
yj_incident_type_name(enum yj_incident_type t)
{
	return (unsigned)t < YJ_INC_TYPES ? types[t].name : "?";
}

/* yj_incident_type_label - for people */
const char *
yj_incident_type_label(enum yj_incident_type t, bool ja)
{
	if ((unsigned)t >= YJ_INC_TYPES)
		return "?";
	return ja ? types[t].ja : types[t].en;
}

/* yj_incident_type_parse - name to type */
int
yj_incident_type_parse(const char *name, enum yj_incident_type *t)
{
	int i;

	for (i = 0; i < YJ_INC_TYPES; i++)
		if (strcmp(types[i].name, name) == 0) {
			*t = (enum yj_incident_type)i;
			return 0;
		}
	return YJ_EINVAL;
}

/* yj_incident_status_valid - open, in_progress, closed */
bool
yj_incident_status_valid(const char *s)
{
	return strcmp(s, "open") == 0 || strcmp(s, "in_progress") == 0 ||
	    strcmp(s, "closed") == 0;
}

/* yj_incident_status_label - for people */
const char *
yj_incident_status_label(const char *s, bool ja)
{
	if (strcmp(s, "open") == 0)
		return ja ? "受付" : "open";
	if (strcmp(s, "in_progress") == 0)
		return ja ? "対応中" : "in progress";
	if (strcmp(s, "closed") == 0)
		return ja ? "完了" : "closed";
	return s;
}

/* yj_incident_severity_valid - low, medium, high, critical */
bool
yj_incident_severity_valid(const char *s)
{
	return strcmp(s, "low") == 0 || strcmp(s, "medium") == 0 ||
	    strcmp(s, "high") == 0 || strcmp(s, "critical") == 0;
}

/* ---- fields ------------------------------------------------------------ */

enum field_kind { F_TEXT, F_DATE, F_COUNT, F_YESNO, F_IDENT, F_SOCIAL,
	F_RESPONSE, F_LEVEL };

const struct yj_incident_field_def yj_incident_fields[] = {
	{ "overview", "概要", "Overview" },
	{ "data_items", "漏えい等した個人データの項目", "Personal data items" },
	{ "cause", "原因", "Cause" },
	{ "secondary_damage", "二次被害又はそのおそれの有無及びその内容",
	  "Secondary damage or its risk" },
	{ "individual_response", "本人への対応の実施状況",
	  "Actions for the people affected" },
	{ "publication", "公表の実施状況", "Publication" },
	{ "prevention", "再発防止のための措置", "Recurrence prevention" },
	{ "other", "その他参考となる事項", "Other useful facts" },
	{ "preliminary_reported", "速報の提出日", "Preliminary report sent" },
	{ "final_reported", "確報の提出日", "Final report sent" },
	{ "individuals_notified", "本人通知の完了日", "People notified" },
	{ "resolution", "対応結果", "Resolution" },
	{ "cost.pcs", "調査するPCの台数", "PCs examined" },
	{ "cost.servers", "調査するサーバの台数", "Servers examined" },
	{ "cost.call_centre_months", "コールセンターの運営月数",
	  "Call-centre months" },
	{ "cost.staff_hours", "社内対応の工数（時間）", "Staff hours" },
	{ "cost.gift", "お詫びの品の有無", "Apology gift" },
	{ "cost.investigation", "原因・範囲調査の有無", "Investigation" },
	{ "cost.identifiability", "本人特定の容易さ", "Identifiability" },
	{ "cost.social_responsibility", "社会的責任度",
	  "Social responsibility" },
	{ "cost.response", "事後対応の評価", "Response" },
	{ "cost.distress", "精神的苦痛レベル（1-3）", "Distress level (1-3)" },
	{ "cost.economic", "経済的損失レベル（1-3）",
	  "Economic loss level (1-3)" },
	{ NULL, NULL, NULL },
};

static const enum field_kind field_kinds[] = {
	F_TEXT, F_TEXT, F_TEXT, F_TEXT, F_TEXT, F_TEXT, F_TEXT, F_TEXT,
	F_DATE, F_DATE, F_DATE, F_TEXT,
	F_COUNT, F_COUNT, F_COUNT, F_COUNT, F_YESNO, F_YESNO, F_IDENT,
	F_SOCIAL, F_RESPONSE, F_LEVEL, F_LEVEL,
};

/* one_of - s is one of the NULL-terminated words */
static bool
one_of(const char *s, const char *const *w)
{
	for (; *w != NULL; w++)
		if (strcmp(s, *w) == 0)
			return true;
	return false;
}

/* check_kind - the value fits the field's kind */
static int
check_kind(enum field_kind k, const char *v, char *why, size_t whysz)
{
	static const char *const yesno[] = { "yes", "no", NULL };
	static const char *const ident[] = { "easy", "possible", "hard", NULL };
	static const char *const social[] = { "ordinary", "high", NULL };
	static const char *const resp[] = { "appropriate", "inappropriate",
		NULL };
	static const char *const level[] = { "1", "2", "3", NULL };
	unsigned long n;
	int64_t t;

	switch (k) {
	case F_TEXT:
		if (strlen(v) <= TEXT_MAX && yj_utf8_valid(v, strlen(v)))
			return 0;
		snprintf(why, whysz, "must be UTF-8 text of at most %d bytes",
		    TEXT_MAX);
		return YJ_EINVAL;
	case F_DATE:
		if (strlen(v) == 10 && yj_time_parse(v, &t, NULL) == 0)
			return 0;
		snprintf(why, whysz, "must be a date (YYYY-MM-DD)");
		return YJ_EINVAL;
	case F_COUNT:
		if (yj_parse_uint(v, 1000000, &n) == 0)
			return 0;
		snprintf(why, whysz, "must be a number from 0 to 1000000");
		return YJ_EINVAL;
	case F_YESNO:
		if (one_of(v, yesno))
			return 0;
		snprintf(why, whysz, "must be yes or no");
		return YJ_EINVAL;
	case F_IDENT:
		if (one_of(v, ident))
			return 0;
		snprintf(why, whysz, "must be easy, possible or hard");
		return YJ_EINVAL;
	case F_SOCIAL:
		if (one_of(v, social))
			return 0;
		snprintf(why, whysz, "must be ordinary or high");
		return YJ_EINVAL;
	case F_RESPONSE:
		if (one_of(v, resp))
			return 0;
		snprintf(why, whysz, "must be appropriate or inappropriate");
		return YJ_EINVAL;
	case F_LEVEL:
		if (one_of(v, level))
			return 0;
		snprintf(why, whysz, "must be 1, 2 or 3");
		return YJ_EINVAL;
	}
	return YJ_EINVAL;
}

/* yj_incident_field_check - a known key with a fitting value ("" clears) */
int
yj_incident_field_check(const char *key, const char *value, char *why,
    size_t whysz)
{
	size_t i;

	for (i = 0; yj_incident_fields[i].key != NULL; i++) {
		if (strcmp(yj_incident_fields[i].key, key) != 0)
			continue;
		if (*value == '\0')
			return 0;
		return check_kind(field_kinds[i], value, why, whysz);
	}
	snprintf(why, whysz, "unknown field");
	return YJ_EINVAL;
}

/* timeline codes that are not fields, in Japanese */
static const struct {
	const char	*code;
	const char	*ja;
} words[] = {
	{ "created", "作成" }, { "changed", "変更" }, { "note", "メモ" },
	{ "task", "タスク" }, { "reported", "報告" },
	{ "linked", "関連付け" }, { "hold", "保留メール" },
	{ "reporter", "報告者" }, { "incident", "インシデント" },
	{ "status", "状態" }, { "owner", "担当" }, { "severity", "重大度" },
	{ "type", "種別" }, { "title", "件名" }, { "known_at", "把握日時" },
	{ "people", "本人の数" }, { "categories", "データの種類" },
	{ "unlawful_purpose", "不正の目的のおそれ" },
	{ "encrypted", "高度な暗号化" }, { "org_type", "組織の種類" },
	{ "not_viewed", "閲覧されていない" }, { "due", "期限" },
	{ NULL, NULL }
};

/* yj_incident_word - a timeline code in the reader's language */
const char *
yj_incident_word(const char *code, bool ja)
{
	size_t i;

	if (!ja)
		return code;
	for (i = 0; words[i].code != NULL; i++)
		if (strcmp(words[i].code, code) == 0)
			return words[i].ja;
	for (i = 0; yj_incident_fields[i].key != NULL; i++)
		if (strcmp(yj_incident_fields[i].key, code) == 0)
			return yj_incident_fields[i].ja;
	return code;
}

/* yj_incident_field - a field's value or NULL */
const char *
yj_incident_field(const struct yj_incident *inc, const char *key)
{
	size_t i;

	for (i = 0; i < inc->nfields; i++)
		if (strcmp(inc->fields[i].key, key) == 0)
			return inc->fields[i].value;
	return NULL;
}

/* ---- input ------------------------------------------------------------- */

/* yj_incident_today - the date in Japan */
int64_t
yj_incident_today(int64_t now)
{
	return yj_ppc_jst_day(now);
}

/* yj_incident_parse_people - N, unknown, <=N or none */
int
yj_incident_parse_people(const char *s, bool *set, int64_t *people,
    int64_t *max, char *why, size_t whysz)
{
	unsigned long n;

	*set = true;
	*people = -1;
	*max = -1;
	if (strcmp(s, "none") == 0) {
		*set = false;
		return 0;
	}
	if (strcmp(s, "unknown") == 0)
		return 0;
	if (strncmp(s, "<=", 2) == 0 &&
	    yj_parse_uint(s + 2, 1000000000000UL, &n) == 0 && n > 0) {
		*max = (int64_t)n;
		return 0;
	}
	if (yj_parse_uint(s, 1000000000000UL, &n) == 0) {
		*people = (int64_t)n;
		return 0;
	}
	snprintf(why, whysz, "%s", *s == '-' ? "a number of people cannot be "
	    "negative" : "expected a number of people, 'unknown', '<=N' "
	    "(unknown, at most N) or 'none'");
	return YJ_EINVAL;
}

/* has_zone - an ISO 8601 time says its zone */
static bool
has_zone(const char *s)
{
	size_t n = strlen(s);

	if (n <= 10)
		return false;
	return strchr(s + 10, 'Z') != NULL || strchr(s + 10, 'z') != NULL ||
	    strchr(s + 10, '+') != NULL || strchr(s + 10, '-') != NULL;
}

/* yj_incident_parse_time - ISO 8601, Japan time by default, not future */
int
yj_incident_parse_time(const char *s, int64_t now, int64_t *t, int *tz,
    char *why, size_t whysz)
{
	if (yj_time_parse(s, t, tz) != 0) {
		snprintf(why, whysz, "expected a date and time such as "
		    "2026-12-28T10:00+09:00 or 2026-12-28");
		return YJ_EINVAL;
	}
	if (!has_zone(s)) {
		*t -= JST * 60;
		*tz = JST;
	}
	if (*t > now + FUTURE_SLACK) {
		snprintf(why, whysz, "it is in the future");
		return YJ_EINVAL;
	}
	return 0;
}

/* yj_incident_parse_date - YYYY-MM-DD, not after today in Japan */
int
yj_incident_parse_date(const char *s, int64_t now, char *why, size_t whysz)
{
	int64_t t;

	if (strlen(s) != 10 || yj_time_parse(s, &t, NULL) != 0) {
		snprintf(why, whysz, "expected a date (YYYY-MM-DD)");
		return YJ_EINVAL;
	}
	if (t / 86400 > yj_incident_today(now)) {
		snprintf(why, whysz, "it is in the future");
		return YJ_EINVAL;
	}
	return 0;
}

/* yj_incident_parse_categories - comma-separated names, or "none" */
int
yj_incident_parse_categories(const char *s, unsigned *cats, char *why,
    size_t whysz)
{
	char word[32];
	const char *e;
	unsigned c;
	size_t n;

	*cats = 0;
	if (strcmp(s, "none") == 0 || *s == '\0')
		return 0;
	for (;;) {
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n == 0 || n >= sizeof(word))
			goto bad;
		memcpy(word, s, n);
		word[n] = '\0';
		if (yj_ppc_category_parse(word, &c) != 0)
			goto bad;
		*cats |= c;
		if (e == NULL)
			return 0;
		s = e + 1;
	}
bad:
	snprintf(why, whysz, "expected sensitive, property_damage or "
	    "my_number");
	return YJ_EINVAL;
}

/* yj_incident_clip - valid UTF-8 of at most max bytes, whole characters */
const char *
yj_incident_clip(struct yj_arena *a, const char *s, size_t max)
{
	const char *p, *end, *last;
	size_t n = strlen(s);

	if (n <= max && yj_utf8_valid(s, n))
		return s;
	s = yj_utf8_repair(a, s, n);
	n = strlen(s);
	end = s + (n < max ? n : max);
	for (p = last = s; p < end;) {
		if (yj_utf8_decode(&p, s + n) < 0 || p > end)
			break;
		last = p;
	}
	return yj_arena_memdup(a, s, (size_t)(last - s));
}

/* ---- loading ----------------------------------------------------------- */

/* yj_incident_dberr - copy the store's message for a failed call */
int
yj_incident_dberr(struct yj_incident_ctx *ctx, int rc)
{
	if (rc != 0 && rc != YJ_ENOENT)
		snprintf(ctx->err, sizeof(ctx->err), "%s",
		    yj_db_errmsg(ctx->db));
	return rc;
}

/* categories_of - bits of "sensitive,my_number" (unknown words ignored) */
static unsigned
categories_of(const char *s)
{
	char word[32];
	unsigned c = 0;
	unsigned one;
	const char *e;
	size_t n;

	while (*s != '\0') {
		e = strchr(s, ',');
		n = e != NULL ? (size_t)(e - s) : strlen(s);
		if (n < sizeof(word)) {
			memcpy(word, s, n);
			word[n] = '\0';
			if (yj_ppc_category_parse(word, &one) == 0)
				c |= one;
		}
		if (e == NULL)
			break;
		s = e + 1;
	}
	return c;
}

/* categories_str - canonical "sensitive,property_damage,my_number" */
static const char *
categories_str(struct yj_arena *a, unsigned cats)
{
	const char *out = "";
	unsigned b;

	for (b = 1; b & YJ_CAT_ALL; b <<= 1)
		if (cats & b)
			out = yj_arena_printf(a, "%s%s%s", out,
			    *out != '\0' ? "," : "", yj_ppc_category_name(b));
	return out;
}

/* assess - derived facts and the PPC assessment of a loaded case */
static void
assess(struct yj_incident *inc)
{
	struct yj_ppc_facts *f = &inc->facts;

	if (yj_incident_type_parse(inc->c.type, &inc->type) != 0)
		inc->type = YJ_INC_MISDELIVERY;
	if (yj_ppc_org_parse(inc->c.org_type, &inc->org) != 0)
		inc->org = YJ_ORG_PRIVATE;
	inc->categories = categories_of(inc->c.categories);
	memset(f, 0, sizeof(*f));
	f->org = inc->org;
	f->known_at = inc->c.known_at;
	f->people_set = inc->c.people_set;
	f->people = inc->c.people;
	f->people_max = inc->c.people_max;
	f->categories = inc->categories;
	f->unlawful_purpose = inc->c.unlawful;
	f->encrypted = inc->c.encrypted;
	f->not_viewed = inc->c.not_viewed;
	yj_ppc_assess(f, &inc->ppc);
}

/* load_parts - the optional parts of an incident */
static int
load_parts(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    unsigned what)
{
	struct yj_db *db = ctx->db;
	struct yj_arena *a = ctx->arena;
	int64_t id = inc->c.id;
	int rc = 0;

	if (what & YJ_INC_LOAD_EVENTS)
		rc = yj_incdb_events(db, a, id, &inc->events, &inc->nevents);
	if (rc == 0 && (what & YJ_INC_LOAD_TASKS))
		rc = yj_incdb_tasks(db, a, id, &inc->tasks, &inc->ntasks);
	if (rc == 0 && (what & YJ_INC_LOAD_MESSAGES))
		rc = yj_incdb_messages(db, a, id, &inc->msgs, &inc->nmsgs);
	if (rc == 0 && (what & YJ_INC_LOAD_MESSAGES))
		rc = yj_incdb_indicators(db, a, id, &inc->inds, &inc->ninds);
	if (rc == 0 && (what & YJ_INC_LOAD_MESSAGES))
		rc = yj_incdb_links(db, a, id, &inc->links, &inc->nlinks);
	return yj_incident_dberr(ctx, rc);
}

/* yj_incident_load - one incident and what was asked for */
int
yj_incident_load(struct yj_incident_ctx *ctx, int64_t id, unsigned what,
    struct yj_incident *inc)
{
	int rc;

	memset(inc, 0, sizeof(*inc));
	rc = yj_incdb_get(ctx->db, ctx->arena, id, &inc->c);
	if (rc == YJ_ENOENT) {
		snprintf(ctx->err, sizeof(ctx->err), "no incident '%" PRId64
		    "'", id);
		return rc;
	}
	if (rc == 0)
		rc = yj_incdb_fields(ctx->db, ctx->arena, id, &inc->fields,
		    &inc->nfields);
	if (rc != 0)
		return yj_incident_dberr(ctx, rc);
	assess(inc);
	return load_parts(ctx, inc, what);
}

/* ---- the timeline ------------------------------------------------------ */

/* log_change - one timeline entry "field: old -> new" */
static int
log_change(struct yj_incident_ctx *ctx, int64_t id, const char *kind,
    const char *field, const char *old, const char *new, const char *note)
{
	struct yj_incdb_event e = { 0 };

	e.incident = id;
	e.at = ctx->now;
	e.recorded_at = ctx->now;
	e.actor = ctx->actor;
	e.kind = kind;
	e.field = field;
	e.old_value = old;
	e.new_value = new;
	e.note = note != NULL ? note : "";
	return yj_incident_dberr(ctx, yj_incdb_event_add(ctx->db, &e));
}

/* people_str - "none", "unknown", "<=N" or "N" */
static const char *
people_str(struct yj_arena *a, const struct yj_incdb_case *c)
{
	if (!c->people_set)
		return "none";
	if (c->people >= 0)
		return yj_arena_printf(a, "%" PRId64, c->people);
	if (c->people_max >= 0)
		return yj_arena_printf(a, "<=%" PRId64, c->people_max);
	return "unknown";
}

/* time_str - ISO 8601 of an instant in its zone */
static const char *
time_str(struct yj_arena *a, int64_t t, int tz)
{
	char buf[32];

	yj_time_format(t, tz, buf);
	return yj_arena_strdup(a, buf);
}

/* ---- changes ----------------------------------------------------------- */

struct diff {
	struct yj_incident_ctx	*ctx;
	struct yj_incdb_case	*c;
	const char		*field[24];
	const char		*old[24];
	const char		*new[24];
	int			 n;
};

/* note_diff - remember one changed attribute */
static void
note_diff(struct diff *d, const char *field, const char *old,
    const char *new)
{
	if (strcmp(old, new) == 0 ||
	    d->n >= (int)(sizeof(d->field) / sizeof(d->field[0])))
		return;
	d->field[d->n] = field;
	d->old[d->n] = old;
	d->new[d->n] = new;
	d->n++;
}

/* set_str - a text attribute */
static void
set_str(struct diff *d, const char *field, const char **dst, const char *v)
{
	if (v == NULL)
		return;
	note_diff(d, field, *dst, v);
	*dst = v;
}

/* set_flag - a tri-state yes/no attribute */
static void
set_flag(struct diff *d, const char *field, bool *dst, int v)
{
	if (v < 0)
		return;
	note_diff(d, field, *dst ? "yes" : "no", v ? "yes" : "no");
	*dst = v != 0;
}

/* apply - the change onto the case, recording differences */
static void
apply(struct diff *d, const struct yj_incident_change *ch)
{
	struct yj_arena *a = d->ctx->arena;
	struct yj_incdb_case *c = d->c;
	const char *old;

	if (ch->has_type)
		set_str(d, "type", &c->type, yj_incident_type_name(ch->type));
	set_str(d, "title", &c->title, ch->title);
	set_str(d, "owner", &c->owner, ch->owner);
	set_str(d, "severity", &c->severity, ch->severity);
	set_str(d, "status", &c->status, ch->status);
	if (ch->has_org)
		set_str(d, "org_type", &c->org_type,
		    yj_ppc_org_name(ch->org));
	if (ch->has_known_at) {
		old = time_str(a, c->known_at, c->known_tz);
		c->known_at = ch->known_at;
		c->known_tz = ch->known_tz;
		note_diff(d, "known_at", old, time_str(a, c->known_at,
		    c->known_tz));
	}
	if (ch->has_people) {
		old = people_str(a, c);
		c->people_set = ch->people_set;
		c->people = ch->people_set ? ch->people : -1;
		c->people_max = ch->people_set && ch->people < 0 ?
		    ch->people_max : -1;
		note_diff(d, "people", old, people_str(a, c));
	}
	if (ch->has_categories)
		set_str(d, "categories", &c->categories,
		    categories_str(a, ch->categories));
	set_flag(d, "unlawful_purpose", &c->unlawful, ch->unlawful);
	set_flag(d, "encrypted", &c->encrypted, ch->encrypted);
	set_flag(d, "not_viewed", &c->not_viewed, ch->not_viewed);
}

/* fail - format the error line and return rc */
static int
fail(struct yj_incident_ctx *ctx, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->err, sizeof(ctx->err), fmt, ap);
	va_end(ap);
	return rc;
}

/* validate - everything a change says, before anything is written */
static int
validate(struct yj_incident_ctx *ctx, const struct yj_incident_change *ch)
{
	char why[128];
	size_t i;

	if (ch->severity != NULL && !yj_incident_severity_valid(ch->severity))
		return fail(ctx, YJ_EINVAL, "bad severity '%s' (low, medium, "
		    "high or critical)", ch->severity);
	if (ch->status != NULL && !yj_incident_status_valid(ch->status))
		return fail(ctx, YJ_EINVAL, "bad status '%s' (open, "
		    "in_progress or closed)", ch->status);
	if (ch->has_known_at && ch->known_at > ctx->now + FUTURE_SLACK)
		return fail(ctx, YJ_EINVAL, "known_at is in the future");
	if (ch->has_people && ch->people_set && (ch->people < -1 ||
	    (ch->people < 0 && ch->people_max < -1)))
		return fail(ctx, YJ_EINVAL, "a number of people cannot be "
		    "negative");
	if (ch->has_categories && (ch->categories & ~YJ_CAT_ALL) != 0)
		return fail(ctx, YJ_EINVAL, "unknown data category");
	if (ch->title != NULL && (*ch->title == '\0' ||
	    check_kind(F_TEXT, ch->title, why, sizeof(why)) != 0))
		return fail(ctx, YJ_EINVAL, "bad title: it must be non-empty "
		    "UTF-8 text");
	if (ch->owner != NULL && check_kind(F_TEXT, ch->owner, why,
	    sizeof(why)) != 0)
		return fail(ctx, YJ_EINVAL, "bad owner: %s", why);
	if (ch->note != NULL && (*ch->note == '\0' ||
	    check_kind(F_TEXT, ch->note, why, sizeof(why)) != 0))
		return fail(ctx, YJ_EINVAL, "bad note: it must be non-empty "
		    "UTF-8 text");
	for (i = 0; i < ch->nfields; i++)
		if (yj_incident_field_check(ch->fields[i].key,
		    ch->fields[i].value, why, sizeof(why)) != 0)
			return fail(ctx, YJ_EINVAL, "bad %s '%.100s': %s",
			    ch->fields[i].key, ch->fields[i].value, why);
	return 0;
}

/* write_fields - set the change's fields, one entry each that differs */
static int
write_fields(struct yj_incident_ctx *ctx, struct yj_incident *inc,
    const struct yj_incident_change *ch, int *n)
{
	const char *old;
	const char *v;
	size_t i;
	int rc;

	for (i = 0; i < ch->nfields; i++) {
		old = yj_incident_field(inc, ch->fields[i].key);
		v = ch->fields[i].value;
		if ((old == NULL && *v == '\0') ||
		    (old != NULL && strcmp(old, v) == 0))
			continue;
		rc = yj_incdb_field_set(ctx->db, inc->c.id, ch->fields[i].key,
		    *v != '\0' ? v : NULL);
		if (rc == 0)
			rc = log_change(ctx, inc->c.id, "changed",
			    ch->fields[i].key, old, *v != '\0' ? v : NULL,
			    NULL);
		if (rc != 0)
			return yj_incident_dberr(ctx, rc);
		(*n)++;
	}
	return 0;
}

/* reload - the incident as written so far in this transaction */
static int
reload(struct yj_incident_ctx *ctx, int64_t id, struct yj_incident *inc)
{
	return yj_incident_load(ctx, id, YJ_INC_LOAD_TASKS, inc);
}

struct op {
	struct yj_incident_ctx		*ctx;
	const struct yj_incident_change	*ch;
	int64_t				 id;
	int				 n;
	const char			*text;	/* note, resolution */
	int64_t				 at;
	bool				 force;
};

/* default_title - "<type label>" when none is given */
static const char *
default_title(struct yj_arena *a, enum yj_incident_type t)
{
	return yj_arena_printf(a, "%s / %s", yj_incident_type_label(t, true),
	    yj_incident_type_label(t, false));
}

/* new_case - the row of a new incident from a change */
static void
new_case(struct yj_incident_ctx *ctx, const struct yj_incident_change *ch,
    struct yj_incdb_case *c)
{
	memset(c, 0, sizeof(*c));
	c->type = yj_incident_type_name(ch->type);
	c->status = "open";
	c->title = ch->title != NULL ? ch->title :
	    default_title(ctx->arena, ch->type);
	c->owner = ch->owner != NULL ? ch->owner : "";
	c->severity = ch->severity != NULL ? ch->severity : "medium";
	c->org_type = ch->has_org ? yj_ppc_org_name(ch->org) :
	    ctx->conf != NULL ? ctx->conf->incident.org_type : "private";
	c->known_at = ch->has_known_at ? ch->known_at : ctx->now;
	c->known_tz = ch->has_known_at ? ch->known_tz : JST;
	c->people_set = ch->has_people && ch->people_set;
	c->people = c->people_set ? ch->people : -1;
	c->people_max = c->people_set && ch->people < 0 ? ch->people_max : -1;
	c->categories = categories_str(ctx->arena, ch->has_categories ?
	    ch->categories : 0);
	c->unlawful = ch->unlawful > 0;
	c->encrypted = ch->encrypted > 0;
	c->not_viewed = ch->not_viewed > 0;
	c->source = ch->source != NULL ? ch->source : "manual";
	c->source_ref = ch->source_ref != NULL ? ch->source_ref : "";
	c->created_at = c->updated_at = ctx->now;
	c->created_by = ctx->actor;
}

/* yj_incident_create_in - insert, fields, timeline, tasks (in a tx) */
int
yj_incident_create_in(struct yj_incident_ctx *ctx,
    const struct yj_incident_change *ch, int64_t *idp)
{
	struct yj_incident inc;
	struct yj_incdb_case c;
	int n = 0;
	int rc;

	new_case(ctx, ch, &c);
	if ((rc = yj_incident_dberr(ctx, yj_incdb_insert(ctx->db, &c,
	    idp))) != 0)
		return rc;
	if ((rc = log_change(ctx, *idp, "created", "", NULL, c.type,
	    c.title)) != 0 || (rc = reload(ctx, *idp, &inc)) != 0 ||
	    (rc = write_fields(ctx, &inc, ch, &n)) != 0)
		return rc;
	if (ch->note != NULL && (rc = log_change(ctx, *idp, "note", "",
	    NULL, NULL, ch->note)) != 0)
		return rc;
	if ((rc = reload(ctx, *idp, &inc)) != 0)
		return rc;
	return yj_incident_tasks_sync(ctx, &inc, true);
}

/* create_tx - the transaction of yj_incident_create */
static int
create_tx(struct yj_db *db, void *arg)
{
	struct op *op = arg;

	(void)db;
	return yj_incident_create_in(op->ctx, op->ch, &op->id);
}

/* yj_incident_validate_new - a change fit to create an incident */
int
yj_incident_validate_new(struct yj_incident_ctx *ctx,
    const struct yj_incident_change *ch)
{
	int rc;

	ctx->err[0] = '\0';
	if (!ch->has_type)
		return fail(ctx, YJ_EINVAL, "an incident needs a type");
	if ((rc = validate(ctx, ch)) != 0)
		return rc;
	if (ch->status != NULL && strcmp(ch->status, "open") != 0)
		return fail(ctx, YJ_EINVAL, "a new incident is open");
	return 0;
}

/* yj_incident_create - a new incident in one transaction */
int
yj_incident_create(struct yj_incident_ctx *ctx,
    const struct yj_incident_change *ch, int64_t *idp)
{
	struct op op = { .ctx = ctx, .ch = ch };
	int rc;

	*idp = 0;
	if ((rc = yj_incident_validate_new(ctx, ch)) != 0)
		return rc;
	rc = yj_db_transact(ctx->db, YJ_DB_TX_DURABLE, create_tx, &op);
	if (rc != 0 && ctx->err[0] == '\0')
		yj_incident_dberr(ctx, rc);
	*idp = rc == 0 ? op.id : 0;
	return rc;
}

/* final_outstanding - a due PPC report whose final report is not sent */
static bool
final_outstanding(const struct yj_incident *inc)
{
	return inc->ppc.required &&
	    yj_incident_field(inc, "final_reported") == NULL;
}

/* refuse_close - the error for closing too early */
static int
refuse_close(struct yj_incident_ctx *ctx, const struct yj_incident *inc)
{
	char due[16];

	yj_date_format(inc->ppc.final_conservative * 86400, 0, due);
	snprintf(ctx->err, sizeof(ctx->err), "incident %" PRId64 " still "
	    "needs its final report to the PPC (due %s): record it with "
	    "'update %" PRId64 " --final-reported DATE', or close with "
	    "--force", inc->c.id, due, inc->c.id);
	return YJ_ESTATE;
}

/* update_tx - read, apply, write, log, sync tasks */
static int
update_tx(struct yj_db *db, void *arg)
{
	struct op *op = arg;
	struct yj_incident_ctx *ctx = op->ctx;
	struct yj_incident inc;
	struct diff d = { .ctx = ctx };
	bool closing;
	int rc;
	int i;

	(void)db;
	op->n = 0;
	if ((rc = reload(ctx, op->id, &inc)) != 0)
		return rc;
	closing = op->ch->status != NULL &&
	    strcmp(op->ch->status, "closed") == 0 &&
	    strcmp(inc.c.status, "closed") != 0;
	d.c = &inc.c;
	apply(&d, op->ch);
	for (i = 0; i < d.n; i++)
		if ((rc = log_change(ctx, op->id, "changed", d.field[i],
		    d.old[i], d.new[i], NULL)) != 0)
			return rc;
	op->n = d.n;
	if ((rc = write_fields(ctx, &inc, op->ch, &op->n)) != 0)
		return rc;
	if (op->ch->note != NULL && (rc = log_change(ctx, op->id, "note", "",
	    NULL, NULL, op->ch->note)) == 0)
		op->n++;
	if (rc != 0 || op->n == 0)
		return rc;
	inc.c.updated_at = ctx->now;
	if (strcmp(inc.c.status, "closed") == 0 && inc.c.closed_at == 0)
		inc.c.closed_at = ctx->now;
	else if (strcmp(inc.c.status, "closed") != 0)
		inc.c.closed_at = 0;
	if ((rc = yj_incident_dberr(ctx, yj_incdb_update(ctx->db,
	    &inc.c))) != 0 || (rc = reload(ctx, op->id, &inc)) != 0)
		return rc;
	if (closing && final_outstanding(&inc))
		return refuse_close(ctx, &inc);
	return yj_incident_tasks_sync(ctx, &inc, false);
}

/* run - one transaction, the error message kept */
static int
run(struct yj_incident_ctx *ctx, int (*fn)(struct yj_db *, void *),
    struct op *op)
{
	int rc;

	ctx->err[0] = '\0';
	rc = yj_db_transact(ctx->db, YJ_DB_TX_DURABLE, fn, op);
	if (rc != 0 && ctx->err[0] == '\0')
		yj_incident_dberr(ctx, rc);
	return rc;
}

/* yj_incident_update - change what ch gives, in one transaction */
int
yj_incident_update(struct yj_incident_ctx *ctx, int64_t id,
    const struct yj_incident_change *ch, int *nchanged)
{
	struct op op = { .ctx = ctx, .ch = ch, .id = id };
	int rc;

	ctx->err[0] = '\0';
	*nchanged = 0;
	if ((rc = validate(ctx, ch)) != 0)
		return rc;
	if (ch->has_type == false && ch->source != NULL) {
		snprintf(ctx->err, sizeof(ctx->err), "the source of an "
		    "incident cannot change");
		return YJ_EINVAL;
	}
	rc = run(ctx, update_tx, &op);
	*nchanged = rc == 0 ? op.n : 0;
	return rc;
}

/* close_tx - status closed with a resolution */
static int
close_tx(struct yj_db *db, void *arg)
{
	struct op *op = arg;
	struct yj_incident_ctx *ctx = op->ctx;
	struct yj_incident inc;
	int rc;

	(void)db;
	if ((rc = reload(ctx, op->id, &inc)) != 0)
		return rc;
	if (strcmp(inc.c.status, "closed") == 0) {
		snprintf(ctx->err, sizeof(ctx->err), "incident %" PRId64
		    " is already closed", op->id);
		return YJ_ESTATE;
	}
	if (!op->force && final_outstanding(&inc))
		return refuse_close(ctx, &inc);
	if ((rc = log_change(ctx, op->id, "changed", "status", inc.c.status,
	    "closed", op->text)) != 0)
		return rc;
	inc.c.status = "closed";
	inc.c.closed_at = inc.c.updated_at = ctx->now;
	if (op->text != NULL && *op->text != '\0' &&
	    (rc = yj_incident_dberr(ctx, yj_incdb_field_set(ctx->db, op->id,
	    "resolution", op->text))) != 0)
		return rc;
	return yj_incident_dberr(ctx, yj_incdb_update(ctx->db, &inc.c));
}

/* yj_incident_close - close, refusing while the final report is due */
int
yj_incident_close(struct yj_incident_ctx *ctx, int64_t id,
    const char *resolution, bool force)
{
	struct op op = { .ctx = ctx, .id = id, .text = resolution,
		.force = force };
	char why[128];

	if (resolution != NULL && check_kind(F_TEXT, resolution, why,
	    sizeof(why)) != 0) {
		snprintf(ctx->err, sizeof(ctx->err), "bad resolution: %s",
		    why);
		return YJ_EINVAL;
	}
	return run(ctx, close_tx, &op);
}

/* reopen_tx - back to in_progress */
static int
reopen_tx(struct yj_db *db, void *arg)
{
	struct op *op = arg;
	struct yj_incident_ctx *ctx = op->ctx;
	struct yj_incident inc;
	int rc;

	(void)db;
	if ((rc = reload(ctx, op->id, &inc)) != 0)
		return rc;
	if (strcmp(inc.c.status, "closed") != 0) {
		snprintf(ctx->err, sizeof(ctx->err), "incident %" PRId64
		    " is not closed", op->id);
		return YJ_ESTATE;
	}
	if ((rc = log_change(ctx, op->id, "changed", "status", "closed",
	    "in_progress", op->text)) != 0)
		return rc;
	inc.c.status = "in_progress";
	inc.c.closed_at = 0;
	inc.c.updated_at = ctx->now;
	return yj_incident_dberr(ctx, yj_incdb_update(ctx->db, &inc.c));
}

/* yj_incident_reopen - a closed incident is worked on again */
int
yj_incident_reopen(struct yj_incident_ctx *ctx, int64_t id, const char *why)
{
	struct op op = { .ctx = ctx, .id = id, .text = why };

	return run(ctx, reopen_tx, &op);
}

/* note_tx - one timeline entry */
static int
note_tx(struct yj_db *db, void *arg)
{
	struct op *op = arg;
	struct yj_incident_ctx *ctx = op->ctx;
	struct yj_incdb_event e = { 0 };
	struct yj_incident inc;
	int rc;

	(void)db;
	if ((rc = yj_incident_load(ctx, op->id, 0, &inc)) != 0)
		return rc;
	e.incident = op->id;
	e.at = op->at != 0 ? op->at : ctx->now;
	e.recorded_at = ctx->now;
	e.actor = ctx->actor;
	e.kind = "note";
	e.field = "";
	e.note = op->text;
	if ((rc = yj_incident_dberr(ctx, yj_incdb_event_add(ctx->db,
	    &e))) != 0)
		return rc;
	inc.c.updated_at = ctx->now;
	return yj_incident_dberr(ctx, yj_incdb_update(ctx->db, &inc.c));
}

/* yj_incident_note - "who did what, when" written down */
int
yj_incident_note(struct yj_incident_ctx *ctx, int64_t id, int64_t at,
    const char *text)
{
	struct op op = { .ctx = ctx, .id = id, .text = text, .at = at };
	char why[128];

	if (*text == '\0' || check_kind(F_TEXT, text, why, sizeof(why)) != 0) {
		snprintf(ctx->err, sizeof(ctx->err), "a note must be "
		    "non-empty UTF-8 text of at most %d bytes", TEXT_MAX);
		return YJ_EINVAL;
	}
	if (at > ctx->now + FUTURE_SLACK) {
		snprintf(ctx->err, sizeof(ctx->err), "a note cannot be dated "
		    "in the future");
		return YJ_EINVAL;
	}
	return run(ctx, note_tx, &op);
}

/* ---- listing ----------------------------------------------------------- */

/* yj_incident_next_due - the nearest pending date, and what it is for */
bool
yj_incident_next_due(const struct yj_incident *inc,
    struct yj_incident_due *out)
{
	struct yj_incident_due d = { .day = INT64_MAX };
	int64_t t;
	size_t i;

	if (strcmp(inc->c.status, "closed") == 0)
		return false;
	if (inc->ppc.required && !yj_incident_field(inc,
	    "preliminary_reported") && inc->ppc.prelim_due < d.day)
		d = (struct yj_incident_due){ inc->ppc.prelim_due,
		    "ppc.preliminary", "個人情報保護委員会への速報",
		    "preliminary report to the PPC" };
	if (inc->ppc.required && !yj_incident_field(inc, "final_reported") &&
	    inc->ppc.final_conservative < d.day)
		d = (struct yj_incident_due){ inc->ppc.final_conservative,
		    "ppc.final", "個人情報保護委員会への確報",
		    "final report to the PPC" };
	for (i = 0; i < inc->ntasks; i++) {
		const struct yj_incdb_task *k = &inc->tasks[i];

		if (strcmp(k->status, "open") != 0 || k->due == NULL ||
		    yj_time_parse(k->due, &t, NULL) != 0 || t / 86400 >= d.day)
			continue;
		d = (struct yj_incident_due){ t / 86400, k->template[0] !=
		    '\0' ? k->template : "task", k->title_ja, k->title_en };
	}
	if (d.what == NULL)
		return false;
	*out = d;
	return true;
}

/* urgency - sort key: nearest due date first, then newest */
static int
urgency(const void *pa, const void *pb)
{
	const struct yj_incident *a = pa, *b = pb;
	struct yj_incident_due d;
	int64_t da, db;

	da = yj_incident_next_due(a, &d) ? d.day : INT64_MAX;
	db = yj_incident_next_due(b, &d) ? d.day : INT64_MAX;
	if (da != db)
		return da < db ? -1 : 1;
	return a->c.id > b->c.id ? -1 : a->c.id < b->c.id;
}

/* yj_incident_list - incidents with fields and tasks, urgent first */
int
yj_incident_list(struct yj_incident_ctx *ctx, const struct yj_incdb_filter *f,
    struct yj_incident **vp, size_t *np)
{
	struct yj_incdb_case *cs;
	struct yj_incident *v;
	size_t n;
	size_t i;
	int rc;

	*vp = NULL;
	*np = 0;
	rc = yj_incdb_list(ctx->db, ctx->arena, f, &cs, &n);
	if (rc != 0)
		return yj_incident_dberr(ctx, rc);
	v = yj_arena_allocarray(ctx->arena, n + 1, sizeof(*v));
	for (i = 0; i < n; i++) {
		v[i].c = cs[i];
		rc = yj_incdb_fields(ctx->db, ctx->arena, cs[i].id,
		    &v[i].fields, &v[i].nfields);
		if (rc == 0)
			rc = yj_incdb_tasks(ctx->db, ctx->arena, cs[i].id,
			    &v[i].tasks, &v[i].ntasks);
		if (rc != 0)
			return yj_incident_dberr(ctx, rc);
		assess(&v[i]);
	}
	yj_sort(v, n, sizeof(*v), urgency);
	*vp = v;
	*np = n;
	return 0;
}

/* ---- tasks by hand ----------------------------------------------------- */

/* yj_incident_change_init - a change that changes nothing */
void
yj_incident_change_init(struct yj_incident_change *ch)
{
	memset(ch, 0, sizeof(*ch));
	ch->unlawful = -1;
	ch->encrypted = -1;
	ch->not_viewed = -1;
}
