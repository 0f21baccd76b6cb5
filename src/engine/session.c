/*
 * session.c - one SMTP connection's worth of messages through the engine
 *
 * The session collects the message the way the milter receives it:
 * header fields one by one, then body chunks, into one bounded buffer;
 * at end of message the buffer is parsed (mail/msg.c), the checks run in
 * registry order, and the policy decides.  Connection facts (client,
 * HELO, login) live in the session's arena; transaction facts (sender,
 * recipients) and the message live in an arena that mail() and abort()
 * throw away.
 *
 * Time: the whole run shares one budget (YJ_LIM_SCAN_MS).  A check that
 * is still running when the budget ends finishes (checks are not
 * preempted), the remaining checks are skipped and the result says
 * timed_out; the milter turns that into a temporary failure, never into
 * "clean".
 */
#include <string.h>

#include "engine/engine.h"
#include "engine/engine_int.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/str.h"
#include "util/time.h"

struct yj_session {
	const struct yj_engine	*engine;
	struct yj_arena		*conn;		/* connection lifetime */
	struct yj_arena		*txn;		/* transaction lifetime */
	struct yj_envelope	 env;
	struct yj_buf		 raw;		/* the message as received */
	size_t			 raw_total;	/* bytes offered, may be > max */
	size_t			 nheaders;	/* fields received */
	bool			 header_cut;	/* a field over the limit */
	bool			 headers_dropped; /* fields over the count */
	size_t			 body_off;	/* where the body starts in raw */
	struct yj_msg		*msg;
	struct yj_result	 result;
};

/* yj_session_new - a session for one connection */
struct yj_session *
yj_session_new(const struct yj_engine *e)
{
	struct yj_session *s;

	s = yj_xcalloc(1, sizeof(*s));
	s->engine = e;
	s->conn = yj_arena_new();
	s->txn = yj_arena_new();
	yj_buf_init(&s->raw, YJ_LIM_MESSAGE_SIZE);
	return s;
}

/* reset_txn - forget the current message and transaction */
static void
reset_txn(struct yj_session *s)
{
	yj_msg_free(s->msg);
	s->msg = NULL;
	memset(&s->result, 0, sizeof(s->result));
	yj_arena_free(s->txn);
	s->txn = yj_arena_new();
	s->env.mail_from = NULL;
	memset(&s->env.rcpts, 0, sizeof(s->env.rcpts));
	s->env.queue_id = NULL;
	yj_buf_release(&s->raw);
	s->raw_total = 0;
	s->nheaders = 0;
	s->header_cut = false;
	s->headers_dropped = false;
	s->body_off = 0;
}

/* yj_session_free - end of connection */
void
yj_session_free(struct yj_session *s)
{
	if (s == NULL)
		return;
	reset_txn(s);
	yj_arena_free(s->txn);
	yj_arena_free(s->conn);
	yj_free(s);
}

/* dup_or_null - copy into an arena */
static const char *
dup_or_null(struct yj_arena *a, const char *s)
{
	return s != NULL ? yj_arena_strdup(a, s) : NULL;
}

/* yj_session_connect - client name and address */
void
yj_session_connect(struct yj_session *s, const char *name, const char *addr)
{
	s->env.client_name = dup_or_null(s->conn, name);
	s->env.client_addr = dup_or_null(s->conn, addr);
}

/* yj_session_helo - HELO/EHLO argument */
void
yj_session_helo(struct yj_session *s, const char *helo)
{
	s->env.helo = dup_or_null(s->conn, helo);
}

/* yj_session_auth - SASL login name */
void
yj_session_auth(struct yj_session *s, const char *user)
{
	s->env.auth_user = user && *user ? yj_arena_strdup(s->conn, user) :
	    NULL;
}

/* yj_session_queue_id - MTA queue id */
void
yj_session_queue_id(struct yj_session *s, const char *id)
{
	s->env.queue_id = dup_or_null(s->txn, id);
}

/* strip_brackets - "<a@b>" -> "a@b" */
static const char *
strip_brackets(struct yj_arena *a, const char *p)
{
	size_t n;

	while (*p == ' ')
		p++;
	n = strlen(p);
	if (n >= 2 && p[0] == '<' && p[n - 1] == '>')
		return yj_arena_memdup(a, p + 1, n - 2);
	return yj_arena_strdup(a, p);
}

/* yj_session_mail - a new transaction */
void
yj_session_mail(struct yj_session *s, const char *from)
{
	reset_txn(s);
	s->env.mail_from = from ? strip_brackets(s->txn, from) : NULL;
}

/* yj_session_rcpt - one envelope recipient */
void
yj_session_rcpt(struct yj_session *s, const char *rcpt)
{
	if (rcpt == NULL || s->env.rcpts.nr >= YJ_LIM_RCPTS)
		return;
	yj_strvec_push(s->txn, &s->env.rcpts, strip_brackets(s->txn, rcpt));
}

/* add_raw - append to the message buffer, remembering overflow */
static void
add_raw(struct yj_session *s, const void *p, size_t n)
{
	s->raw_total += n;
	if (s->raw_total > s->raw.max)
		return;
	if (yj_buf_add(&s->raw, p, n) != 0)
		s->raw_total = s->raw.max + 1;	/* cannot happen: checked above */
}

/* header_limits - count fields and cut long values; false: drop field */
static bool
header_limits(struct yj_session *s, size_t *value_len)
{
	if (++s->nheaders > YJ_LIM_HEADERS) {
		s->headers_dropped = true;
		return false;
	}
	if (*value_len > YJ_LIM_HEADER_SIZE) {
		*value_len = YJ_LIM_HEADER_SIZE;
		s->header_cut = true;
	}
	return true;
}

/* yj_session_header_raw - one field, value raw (folding kept) */
void
yj_session_header_raw(struct yj_session *s, const char *name,
    size_t name_len, const char *value, size_t value_len)
{
	if (!header_limits(s, &value_len))
		return;
	add_raw(s, name, name_len);
	add_raw(s, ":", 1);
	add_raw(s, value, value_len);
	add_raw(s, "\r\n", 2);
}

/* yj_session_header - one field as a milter gives it */
void
yj_session_header(struct yj_session *s, const char *name, const char *value)
{
	size_t n = strlen(value);

	if (!header_limits(s, &n))
		return;
	add_raw(s, name, strlen(name));
	add_raw(s, ": ", 2);
	add_raw(s, value, n);
	add_raw(s, "\r\n", 2);
}

/* yj_session_eoh - end of header */
void
yj_session_eoh(struct yj_session *s)
{
	add_raw(s, "\r\n", 2);
	s->body_off = s->raw.len;
}

/* yj_session_message - the bytes kept so far, and where the body starts */
const char *
yj_session_message(const struct yj_session *s, size_t *len, size_t *body)
{
	*len = s->raw.len;
	*body = s->body_off;
	return yj_buf_cstr(&s->raw);
}

/* yj_session_body - one body chunk */
void
yj_session_body(struct yj_session *s, const void *p, size_t n)
{
	add_raw(s, p, n);
}

/* yj_session_abort - drop the message, keep the connection */
void
yj_session_abort(struct yj_session *s)
{
	reset_txn(s);
}

/* yj_session_direction - SMTP facts alone */
enum yj_direction
yj_session_direction(const struct yj_session *s)
{
	const struct yj_org *org = &s->engine->conf->org;

	if (s->env.auth_user != NULL)
		return YJ_DIR_OUT;
	if (s->env.client_addr != NULL &&
	    yj_org_is_internal_ip(org, s->env.client_addr))
		return YJ_DIR_OUT;
	return YJ_DIR_IN;
}

/* auto_direction - SMTP facts, or the sender's domain without SMTP */
static enum yj_direction
auto_direction(const struct yj_session *s, const struct yj_msg *m)
{
	const struct yj_org *org = &s->engine->conf->org;
	const struct yj_mailbox *from;

	if (s->env.client_addr != NULL || s->env.auth_user != NULL)
		return yj_session_direction(s);
	from = yj_msg_from(m);
	if (from != NULL && yj_org_is_internal_domain(org, from->domain))
		return YJ_DIR_OUT;
	if (from == NULL && s->env.mail_from != NULL &&
	    yj_org_is_internal_addr(org, s->env.mail_from))
		return YJ_DIR_OUT;
	return YJ_DIR_IN;
}

/* run_checks - every enabled check for the direction, within budget */
static void
run_checks(struct yj_session *s, struct yj_result *r, int64_t start_ms)
{
	const struct yj_engine *e = s->engine;
	struct yj_check_ctx ctx;
	struct yj_finding *f;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.msg = s->msg;
	ctx.direction = r->direction;
	ctx.org = &e->conf->org;
	ctx.kb = &e->kb;
	ctx.findings = &r->findings;
	ctx.arena = s->msg->arena;
	ctx.now = yj_time_now();
	ctx.deadline_ms = start_ms + YJ_LIM_SCAN_MS;
	for (i = 0; i < e->nr; i++) {
		if (!(e->v[i].check->directions & r->direction))
			continue;
		if (yj_check_expired(&ctx)) {
			r->timed_out = true;
			ctx.check = "engine";
			f = yj_report(&ctx, "timeout", YJ_SEV_MEDIUM, 0);
			yj_evidence(&ctx, f, "skipped_from", "%s",
			    e->v[i].check->name);
			yj_explain_ja(&ctx, f, "検査が時間内に終わらず、%s "
			    "以降の検査を行っていません。", e->v[i].check->name);
			yj_explain_en(&ctx, f, "The scan ran out of time; checks "
			    "from %s on were not run.", e->v[i].check->name);
			break;
		}
		ctx.check = e->v[i].check->name;
		ctx.settings = e->v[i].settings;
		ctx.state = e->v[i].state;
		e->v[i].check->run(&ctx);
	}
}

/* yj_session_eom - parse, check, decide */
const struct yj_result *
yj_session_eom(struct yj_session *s, enum yj_direction dir)
{
	const struct yj_conf *conf = s->engine->conf;
	struct yj_parse_opts opts = { 0 };
	struct yj_result *r = &s->result;
	int64_t t0;

	t0 = yj_time_monotonic_ms();
	yj_msg_free(s->msg);
	memset(r, 0, sizeof(*r));
	opts.authserv_id = conf->org.authserv_id;
	s->msg = yj_msg_parse(yj_buf_cstr(&s->raw), s->raw.len, &opts);
	s->msg->env = s->env;
	if (s->raw_total > s->raw.max) {
		r->oversize = true;
		s->msg->raw_size = s->raw_total;
		yj_msg_set_anomaly(s->msg, YJ_ANOM_TRUNCATED,
		    "%zu bytes, only the first %zu read", s->raw_total,
		    s->raw.max);
	}
	if (s->header_cut)
		yj_msg_set_anomaly(s->msg, YJ_ANOM_HEADER_SIZE,
		    "a header field over %lu bytes",
		    (unsigned long)YJ_LIM_HEADER_SIZE);
	if (s->headers_dropped)
		yj_msg_set_anomaly(s->msg, YJ_ANOM_HEADER_COUNT,
		    "%zu header fields, more than %d", s->nheaders,
		    YJ_LIM_HEADERS);
	r->msg = s->msg;
	r->direction = dir == YJ_DIR_AUTO ? auto_direction(s, s->msg) : dir;
	yj_findings_init(&r->findings, s->msg->arena);
	run_checks(s, r, t0);
	r->exempt = yj_policy_exempt(conf, s->msg, r->direction);
	yj_policy_apply(&conf->policy, r->direction, r);
	r->elapsed_us = (yj_time_monotonic_ms() - t0) * 1000;
	return r;
}
