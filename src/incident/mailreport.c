/*
 * mailreport.c - from a reported message to an incident, its indicators
 * and its links
 *
 * Indicators are what a security team would search for in the mail logs
 * and put on a block list (the observables TheHive and DFIR-IRIS users
 * ask to be extracted automatically, spec 4.3): addresses, domains,
 * links, attachment names and hashes.  Domains shared by everybody are
 * left out so that links between incidents mean something: our own
 * domains (a report from inside would link every report), and for
 * addresses the free-mail providers (gmail.com says nothing about who
 * sent it).  Hosts of links keep their registrable domain even when it
 * is a big platform: a phishing page on a cloud service is still worth
 * linking, and the link shows which indicator it shares so a person can
 * judge it.  Addresses in our own domains are left out too, even when a
 * forger used them: they must never reach a block list.
 *
 * The submission runs in one durable transaction: find an open incident
 * with the same message (unless forced), or create one; store the
 * message once; add the indicators; compare the incidents linked before
 * and after, and write one timeline entry on both sides for each new
 * link.  Run again on retry, it finds what it wrote the first time only
 * if that committed, so it never duplicates.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "incident/mailreport.h"
#include "mail/domain.h"
#include "mail/filetype.h"
#include "mail/url.h"
#include "util/base64.h"
#include "util/error.h"
#include "util/str.h"

struct inds {
	struct yj_arena		*a;
	const struct yj_org	*org;
	struct yj_mail_indicator *v;
	size_t			 n;
	size_t			 dropped;
};

/* push - add (kind, value) once */
static void
push(struct inds *s, const char *kind, const char *value)
{
	size_t i;

	if (value == NULL || *value == '\0')
		return;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i].kind, kind) == 0 &&
		    strcmp(s->v[i].value, value) == 0)
			return;
	if (s->n >= YJ_MAILREPORT_MAX) {
		s->dropped++;
		return;
	}
	s->v[s->n].kind = kind;
	s->v[s->n].value = yj_utf8_repair(s->a, value, strlen(value));
	s->n++;
}

/* push_domain - the registrable domain of host, unless ours */
static void
push_domain(struct inds *s, const char *host, bool address)
{
	const char *reg;

	if (host == NULL || *host == '\0' ||
	    yj_org_is_internal_domain(s->org, host))
		return;
	if (address && yj_domain_is_consumer(host))
		return;
	reg = yj_domain_registrable(s->a, host);
	push(s, "domain", reg != NULL ? reg : host);
}

/* push_addrs - every address of a list under kind */
static void
push_addrs(struct inds *s, const char *kind, const struct yj_addrlist *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++) {
		if ((l->v[i].flags & YJ_MBX_NO_DOMAIN) ||
		    yj_org_is_internal_domain(s->org, l->v[i].domain))
			continue;	/* ours, even if forged: never block */
		push(s, kind, l->v[i].addr);
		push_domain(s, l->v[i].domain, true);
	}
}

/* push_return_path - the envelope sender the MTA recorded */
static void
push_return_path(struct inds *s, const struct yj_msg *m)
{
	const struct yj_header *h = yj_msg_header(m, "Return-Path");
	struct yj_addrlist l;

	if (h == NULL)
		return;
	memset(&l, 0, sizeof(l));
	yj_addr_parse(s->a, h->raw, h->raw_len, &l);
	push_addrs(s, "return_path", &l);
}

/* push_urls - links a reader can follow */
static void
push_urls(struct inds *s, const struct yj_msg *m)
{
	size_t i;

	for (i = 0; i < m->nurls; i++) {
		const struct yj_url *u = &m->urls[i];

		if (u->url_flags & (YJ_URL_MAILTO | YJ_URL_BAD))
			continue;
		if (u->host != NULL &&
		    yj_org_is_internal_domain(s->org, u->host))
			continue;
		push(s, "url", u->url);
		push_domain(s, u->host, false);
	}
}

/* yj_mailreport_strong - names one sender or one payload */
bool
yj_mailreport_strong(const char *kind)
{
	return strcmp(kind, "sender") == 0 || strcmp(kind, "reply_to") == 0 ||
	    strcmp(kind, "url") == 0 || strcmp(kind, "attachment_sha256") == 0;
}

/* yj_mailreport_indicators - what to search for and block */
size_t
yj_mailreport_indicators(struct yj_arena *a, const struct yj_msg *m,
    const struct yj_org *org, struct yj_mail_indicator **vp)
{
	struct inds s = { a, org, NULL, 0, 0 };
	size_t i;

	s.v = yj_arena_allocarray(a, YJ_MAILREPORT_MAX + 1, sizeof(*s.v));
	push_addrs(&s, "sender", &m->from);
	push_addrs(&s, "reply_to", &m->reply_to);
	push_return_path(&s, m);
	push_urls(&s, m);
	for (i = 0; i < m->natts; i++) {
		const struct yj_attachment *t = &m->atts[i];

		if (t->flags & YJ_ATT_MESSAGE)
			continue;
		push(&s, "attachment_name", t->filename);
		/* an empty file's hash is the same everywhere */
		if (t->sha256[0] != '\0' && t->size > 0)
			push(&s, "attachment_sha256", t->sha256);
	}
	*vp = s.v;
	return s.n;
}

/* yj_mailreport_unwrap - a report forwarded as an attachment */
bool
yj_mailreport_unwrap(const struct yj_msg *outer, const struct yj_org *org,
    const unsigned char **rawp, size_t *lenp, const char **reporterp)
{
	const struct yj_mailbox *from = yj_msg_from(outer);
	const struct yj_attachment *found = NULL;
	size_t i;

	if (from == NULL || org == NULL || org->ndomains == 0 ||
	    !yj_org_is_internal_addr(org, from->addr))
		return false;
	for (i = 0; i < outer->natts; i++) {
		const struct yj_attachment *t = &outer->atts[i];

		if (!(t->flags & YJ_ATT_MESSAGE) || t->parent >= 0)
			continue;
		if (found != NULL)
			return false;	/* two messages: report the wrapper */
		found = t;
	}
	if (found == NULL || found->data_len == 0 ||
	    (found->flags & YJ_ATT_TRUNCATED))
		return false;
	*rawp = found->data;
	*lenp = found->data_len;
	*reporterp = from->addr;
	return true;
}

/* ---- submission -------------------------------------------------------- */

struct sub {
	struct yj_incident_ctx			*ctx;
	const char				*raw;
	size_t					 len;
	const struct yj_msg			*msg;
	const struct yj_mailreport_opts		*opts;
	struct yj_mailreport_result		*res;
	char					 sha[65];
	const char				*b64;
	const char				*from;		/* clean */
	const char				*mid;		/* clean */
};

/* event - one timeline entry on incident id */
static int
event(struct yj_incident_ctx *ctx, int64_t id, const char *kind,
    const char *field, const char *new, const char *note)
{
	struct yj_incdb_event e = { 0 };

	e.incident = id;
	e.at = e.recorded_at = ctx->now;
	e.actor = ctx->actor;
	e.kind = kind;
	e.field = field;
	e.new_value = new;
	e.note = note != NULL ? note : "";
	return yj_incident_dberr(ctx, yj_incdb_event_add(ctx->db, &e));
}

/* title_of - "不審メール: <subject> / Suspicious mail: <subject>" */
static const char *
title_of(struct yj_arena *a, const struct yj_msg *m)
{
	const char *subj = *m->subject != '\0' ? m->subject : "-";

	return yj_arena_printf(a, "不審メール / Suspicious mail: %s",
	    yj_incident_clip(a, subj, 200));
}

/* find_or_create - the open incident with this message, or a new one */
static int
find_or_create(struct sub *s)
{
	struct yj_incident_ctx *ctx = s->ctx;
	struct yj_incident_change ch;
	int rc;

	if (!s->opts->force_new) {
		rc = yj_incdb_message_incident(ctx->db, s->sha, s->mid,
		    s->from, &s->res->incident);
		if (rc == 0)
			return event(ctx, s->res->incident, "reported",
			    "reporter", s->opts->reporter,
			    s->opts->note != NULL ? s->opts->note :
			    "reported again");
		if (rc != YJ_ENOENT)
			return yj_incident_dberr(ctx, rc);
	}
	yj_incident_change_init(&ch);
	ch.has_type = true;
	ch.type = YJ_INC_SUSPICIOUS_MAIL;
	ch.title = title_of(ctx->arena, s->msg);
	ch.source = "report";
	ch.source_ref = s->mid;
	ch.note = s->opts->note;
	s->res->created = true;
	if ((rc = yj_incident_create_in(ctx, &ch, &s->res->incident)) != 0)
		return rc;
	return event(ctx, s->res->incident, "reported", "reporter",
	    s->opts->reporter, "reported as suspicious");
}

/* store_message - the message itself, once per incident */
static int
store_message(struct sub *s)
{
	struct yj_incdb_message m = { 0 };

	m.incident = s->res->incident;
	m.sha256 = s->sha;
	m.message_id = s->mid;
	m.subject = yj_incident_clip(s->ctx->arena, s->msg->subject, 4096);
	m.from_addr = s->from;
	m.sent_at = s->msg->date;
	m.size = (int64_t)s->len;
	m.raw = s->b64;
	m.reported_by = s->opts->reporter;
	m.reported_at = s->ctx->now;
	m.findings = s->opts->findings;
	return yj_incident_dberr(s->ctx, yj_incdb_message_add(s->ctx->db, &m,
	    &s->res->message, &s->res->again));
}

/* linked_ids - the distinct other incidents strongly linked in l[0..n) */
static size_t
linked_ids(struct yj_arena *a, const struct yj_incdb_indicator *l, size_t n,
    int64_t **idsp)
{
	int64_t *ids = yj_arena_allocarray(a, n + 1, sizeof(*ids));
	size_t k = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (yj_mailreport_strong(l[i].kind) &&
		    (k == 0 || ids[k - 1] != l[i].incident))
			ids[k++] = l[i].incident;	/* sorted by incident */
	*idsp = ids;
	return k;
}

/* has_id - ids[0..n) holds id */
static bool
has_id(const int64_t *ids, size_t n, int64_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* shared - "sender a@b, url https://..." for the link with other */
static const char *
shared(struct yj_arena *a, const struct yj_incdb_indicator *l, size_t n,
    int64_t other)
{
	const char *out = "";
	size_t i, k = 0;

	for (i = 0; i < n && k < 3; i++)
		if (l[i].incident == other && yj_mailreport_strong(l[i].kind)) {
			out = yj_arena_printf(a, "%s%s%s %.200s", out,
			    k ? ", " : "", l[i].kind, l[i].value);
			k++;
		}
	return out;
}

/* link_new - timeline entries on both sides of each new link */
static int
link_new(struct sub *s, const int64_t *before, size_t nbefore)
{
	struct yj_incident_ctx *ctx = s->ctx;
	struct yj_incdb_indicator *l;
	int64_t id = s->res->incident;
	int64_t *after;
	size_t n, na, i;
	const char *why;
	int rc;

	if ((rc = yj_incident_dberr(ctx, yj_incdb_links(ctx->db, ctx->arena,
	    id, &l, &n))) != 0)
		return rc;
	na = linked_ids(ctx->arena, l, n, &after);
	s->res->linked = yj_arena_allocarray(ctx->arena, na + 1,
	    sizeof(int64_t));
	for (i = 0; i < na; i++) {
		if (has_id(before, nbefore, after[i]))
			continue;
		s->res->linked[s->res->nlinked++] = after[i];
		why = shared(ctx->arena, l, n, after[i]);
		if ((rc = event(ctx, id, "linked", "incident",
		    yj_arena_printf(ctx->arena, "%" PRId64, after[i]),
		    why)) != 0 || (rc = event(ctx, after[i], "linked",
		    "incident", yj_arena_printf(ctx->arena, "%" PRId64, id),
		    why)) != 0)
			return rc;
	}
	return 0;
}

/* submit_tx - the whole report */
static int
submit_tx(struct yj_db *db, void *arg)
{
	struct sub *s = arg;
	struct yj_incident_ctx *ctx = s->ctx;
	struct yj_incdb_indicator *l, ind = { 0 };
	int64_t *before;
	size_t n, nb, i;
	int rc;

	(void)db;
	s->res->created = false;
	s->res->nlinked = 0;
	if ((rc = find_or_create(s)) != 0 || (rc = store_message(s)) != 0)
		return rc;
	if ((rc = yj_incident_dberr(ctx, yj_incdb_links(ctx->db, ctx->arena,
	    s->res->incident, &l, &n))) != 0)
		return rc;
	nb = linked_ids(ctx->arena, l, n, &before);
	ind.incident = s->res->incident;
	ind.message = s->res->message;
	for (i = 0; i < s->res->ninds; i++) {
		ind.kind = s->res->inds[i].kind;
		ind.value = s->res->inds[i].value;
		if ((rc = yj_incident_dberr(ctx, yj_incdb_indicator_add(ctx->db,
		    &ind))) != 0)
			return rc;
	}
	return link_new(s, before, nb);
}

/* yj_mailreport_submit - the report as one transaction */
int
yj_mailreport_submit(struct yj_incident_ctx *ctx, const char *raw, size_t len,
    const struct yj_msg *msg, const struct yj_org *org,
    const struct yj_mailreport_opts *opts, struct yj_mailreport_result *res)
{
	const struct yj_mailbox *from;
	struct sub s = { ctx, raw, len, msg, opts, res, "", NULL, "", "" };
	int rc;

	memset(res, 0, sizeof(*res));
	ctx->err[0] = '\0';
	if (len == 0) {
		snprintf(ctx->err, sizeof(ctx->err), "the message is empty");
		return YJ_EINVAL;
	}
	yj_sha256_hex(raw, len, s.sha);
	s.b64 = yj_base64_encode(ctx->arena, raw, len);
	from = yj_msg_from(msg);
	s.from = yj_incident_clip(ctx->arena, from != NULL ? from->addr :
	    msg->from.nr > 0 ? msg->from.v[0].addr : "", 1024);
	s.mid = yj_incident_clip(ctx->arena, msg->message_id, 1024);
	res->ninds = yj_mailreport_indicators(ctx->arena, msg, org,
	    &res->inds);
	rc = yj_db_transact(ctx->db, YJ_DB_TX_DURABLE, submit_tx, &s);
	if (rc != 0 && ctx->err[0] == '\0')
		yj_incident_dberr(ctx, rc);
	return rc;
}
