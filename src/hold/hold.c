/*
 * hold.c - the hold workflow over the store and the MTA (see hold.h)
 *
 * One function, act(), performs every release and every delete, whoever
 * asks (administrator, command mail, deadline timer, recovery): intent,
 * yojin-postsuper, outcome, as hold.h explains.  The rest decides who may
 * ask: the command mail parser checks the token against the people the
 * notices went to, approve checks the approver list, and the host check
 * keeps every node to its own queue.
 *
 * An intent younger than INTENT_BUSY_S belongs to someone who is acting
 * right now, and a second caller is told to wait; an older one was left
 * by a crash and is finished by whoever comes next (the service round
 * does it on its own).
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hold/hold.h"
#include "hold/notice.h"
#include "hold/queueid.h"
#include "hold/spawn.h"
#include "hold/token.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"
#include "util/str.h"
#include "util/time.h"

#define INTENT_BUSY_S	60
#define HELPER_MS	60000

enum act { ACT_RELEASE, ACT_DELETE };

/* yj_hold_host - the node name */
const char *
yj_hold_host(const struct yj_conf *c, char *buf, size_t bufsz)
{
	if (c->milter.node != NULL)
		return c->milter.node;
	if (gethostname(buf, bufsz) != 0 || buf[0] == '\0')
		snprintf(buf, bufsz, "localhost");
	buf[bufsz - 1] = '\0';
	return buf;
}

/* yj_hold_postsuper - the helper's argument vector, run */
int
yj_hold_postsuper(const struct yj_conf *c, const char *action,
    const char *qid, char *err, size_t errsz)
{
	char *argv[32];
	unsigned i, n = 0;
	int status, rc;

	if (!yj_queue_id_valid(qid)) {
		snprintf(err, errsz, "'%.40s' is not a Postfix queue id", qid);
		return YJ_EINVAL;
	}
	for (i = 0; i < c->hold.nhelper && n < 24; i++)
		argv[n++] = c->hold.helper[i];
	if (c->hold.postfix_config_directory != NULL) {
		argv[n++] = "-c";
		argv[n++] = c->hold.postfix_config_directory;
	}
	argv[n++] = (char *)action;
	argv[n++] = (char *)qid;
	argv[n] = NULL;
	rc = yj_spawn(argv, NULL, 0, HELPER_MS, &status, err, errsz);
	if (rc != 0)
		return rc;
	switch (status) {
	case 0:
		return 0;
	case 3:
		return YJ_ENOENT;
	case 2:
		return YJ_EPERM;
	default:
		return YJ_EIO;
	}
}

/* domain_of - the domain of an address ("" without '@') */
static const char *
domain_of(const char *addr)
{
	const char *at = strrchr(addr, '@');

	return at ? at + 1 : "";
}

/* sender_matches - one hold.approvers sender pattern */
static bool
sender_matches(const char *pat, const char *sender)
{
	const char *dom = domain_of(sender);
	size_t n, d;

	if (strcmp(pat, "*") == 0)
		return true;
	if (pat[0] != '@' && strchr(pat, '@') != NULL)
		return yj_str_ieq(pat, sender);
	if (pat[0] == '@')
		pat++;
	n = strlen(pat);
	d = strlen(dom);
	if (d == n)
		return yj_str_ieq(pat, dom);
	return d > n && dom[d - n - 1] == '.' && yj_str_ieq(pat, dom + d - n);
}

/* approvers_of - the approvers of the first matching rule, as JSON */
static char *
approvers_of(const struct yj_conf *c, const char *sender)
{
	const struct yj_conf_approver *r;
	json_t *a = json_array();
	unsigned i, k;
	char *s;

	for (i = 0; i < c->hold.napprovers; i++) {
		r = &c->hold.approvers[i];
		for (k = 0; k < r->nsenders; k++)
			if (sender_matches(r->senders[k], sender))
				break;
		if (k == r->nsenders)
			continue;
		for (k = 0; k < r->napprovers; k++)
			json_array_append_new(a, json_string(r->approvers[k]));
		break;
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* rcpts_json - the envelope recipients as a JSON array */
static char *
rcpts_json(const struct yj_envelope *env)
{
	json_t *a = json_array();
	size_t i;
	char *s;

	for (i = 0; i < env->rcpts.nr; i++) {
		json_t *v = json_string(env->rcpts.v[i]);

		json_array_append_new(a, v ? v : json_string("?"));
	}
	s = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return s;
}

/* plan_kind - mode, deadline and notices for the kind of hold */
static int
plan_kind(const struct yj_conf *c, const char *kind, struct yj_hold_rec *r,
    int64_t now)
{
	const struct yj_conf_hold *h = &c->hold;

	if (strcmp(kind, "quarantine") == 0) {
		r->mode = "admin";
		r->deadline = now + h->quarantine_deadline_s;
		r->deadline_action = h->quarantine_deadline_action;
		r->notice_wanted = h->report_to != NULL;
	} else if (strcmp(kind, "delay") == 0) {
		r->mode = "delay";
		r->deadline = now + h->delay_s;
		r->deadline_action = "release";
		r->notice_wanted = h->delay_notice && *r->sender != '\0';
	} else if (strcmp(kind, "hold") == 0) {
		r->mode = h->mode;
		if ((strcmp(h->mode, "approval") == 0 &&
		    strcmp(r->approvers, "[]") == 0) ||
		    (strcmp(h->mode, "self") == 0 && *r->sender == '\0'))
			r->mode = "admin";
		r->deadline = now + h->deadline_s;
		r->deadline_action = h->deadline_action;
		r->notice_wanted = *r->sender != '\0' || h->report_to != NULL;
	} else {
		return YJ_EINVAL;
	}
	return 0;
}

/* utf8_or_repaired - s as valid UTF-8 in the arena */
static char *
utf8_or_repaired(struct yj_arena *a, const char *s)
{
	size_t n = strlen(s ? s : "");

	if (s == NULL)
		return "";
	return yj_utf8_valid(s, n) ? (char *)s : yj_utf8_repair(a, s, n);
}

/* yj_hold_new - record a message about to be quarantined */
int
yj_hold_new(const struct yj_hold_env *env, const struct yj_hold_request *q,
    int64_t *idp, char *err, size_t errsz)
{
	const struct yj_result *res = q->result;
	const struct yj_msg *m = res->msg;
	struct yj_hold_rec r;
	char *rcpts, *appr;
	int rc;

	memset(&r, 0, sizeof(r));
	if (q->queue_id == NULL || !yj_queue_id_valid(q->queue_id)) {
		snprintf(err, errsz, "no usable queue id from the MTA "
		    "('%.40s')", q->queue_id ? q->queue_id : "");
		return YJ_EINVAL;
	}
	r.host = (char *)env->host;
	r.queue_id = (char *)q->queue_id;
	r.kind = (char *)q->kind;
	r.direction = (char *)yj_direction_name(res->direction);
	r.sender = utf8_or_repaired(m->arena, m->env.mail_from);
	r.recipients = rcpts = rcpts_json(&m->env);
	r.approvers = appr = approvers_of(env->conf, r.sender);
	r.subject = (char *)m->subject;
	r.message_id = (char *)m->message_id;
	r.verdict = (char *)yj_verdict_name(res->verdict);
	r.score = res->score;
	r.findings = (char *)(q->findings_json ? q->findings_json : "[]");
	r.headers = utf8_or_repaired(m->arena, q->headers);
	r.size = (int64_t)q->size;
	r.created_at = yj_time_now();
	rc = plan_kind(env->conf, q->kind, &r, r.created_at);
	if (rc == 0 && (rc = yj_hold_store_add(env->store, &r,
	    env->actor)) != 0)
		snprintf(err, errsz, "cannot record the hold: %s",
		    yj_store_errmsg(env->store));
	else if (rc != 0)
		snprintf(err, errsz, "unknown kind of hold '%s'", q->kind);
	*idp = r.id;
	free(rcpts);	/* checksrc: allow (jansson's allocation) */
	free(appr);	/* checksrc: allow (jansson's allocation) */
	return rc;
}

/* ---- acting on a message ------------------------------------------------ */

struct action {
	enum act	 act;
	const char	*word;		/* audit action: "release", "approve" */
	const char	*why;
	const char	*target;	/* final state when it succeeds */
};

/* store_err - an error line from the store */
static int
store_err(const struct yj_hold_env *env, int rc, int64_t id, char *err,
    size_t errsz)
{
	snprintf(err, errsz, "cannot update hold %" PRId64 ": %s", id,
	    yj_store_errmsg(env->store));
	return rc;
}

/* begin - move "held" to the intent, or take over a stale intent */
static int
begin(const struct yj_hold_env *env, const struct yj_hold_rec *r,
    const struct action *a, bool *resumed, char *err, size_t errsz)
{
	const char *intent = a->act == ACT_RELEASE ? "releasing" : "cancelling";
	int rc;

	*resumed = false;
	if (strcmp(r->state, intent) == 0 && r->target != NULL &&
	    strcmp(r->target, a->target) == 0) {
		if (r->updated_at > yj_time_now() - INTENT_BUSY_S) {
			snprintf(err, errsz, "hold %" PRId64 " is being %s "
			    "right now; try again in a minute", r->id,
			    a->act == ACT_RELEASE ? "released" : "cancelled");
			return YJ_EBUSY;
		}
		*resumed = true;
		return yj_hold_store_audit(env->store, r->id, env->actor,
		    "resume", a->word);
	}
	if (strcmp(r->state, "held") != 0) {
		snprintf(err, errsz, "hold %" PRId64 " is already %s", r->id,
		    r->state);
		return YJ_ESTATE;
	}
	rc = yj_hold_store_transition(env->store, r->id, "held", intent,
	    a->target, env->actor, a->word, a->why);
	if (rc == YJ_ESTATE)
		snprintf(err, errsz, "hold %" PRId64 " changed meanwhile; "
		    "look at it again ('yojin hold show %" PRId64 "')", r->id,
		    r->id);
	else if (rc != 0)
		store_err(env, rc, r->id, err, errsz);
	return rc;
}

/* finish - record the outcome of the MTA's answer */
static int
finish(const struct yj_hold_env *env, const struct yj_hold_rec *r,
    const struct action *a, bool resumed, int mta, const char *mta_err,
    char *err, size_t errsz)
{
	const char *intent = a->act == ACT_RELEASE ? "releasing" : "cancelling";
	const char *to = a->target;
	char detail[600];
	int rc;

	if (mta == YJ_ENOENT && !resumed)
		to = "missing";
	if (mta != 0 && mta != YJ_ENOENT) {
		snprintf(detail, sizeof(detail), "the MTA failed: %s", mta_err);
		rc = yj_hold_store_transition(env->store, r->id, intent, "held",
		    NULL, env->actor, "error", detail);
		snprintf(err, errsz, "cannot %s hold %" PRId64 ": %s",
		    a->act == ACT_RELEASE ? "release" : "delete", r->id,
		    mta_err);
		return mta;
	}
	rc = yj_hold_store_transition(env->store, r->id, intent, to, NULL,
	    env->actor, to, mta == YJ_ENOENT ? "not in the hold queue" : "");
	if (rc != 0 && rc != YJ_ESTATE)
		return store_err(env, rc, r->id, err, errsz);
	if (strcmp(to, "missing") == 0) {
		snprintf(err, errsz, "the message of hold %" PRId64 " (queue "
		    "id %s) is no longer in the hold queue: it was released "
		    "or deleted outside yojin", r->id, r->queue_id);
		return YJ_ENOENT;
	}
	return 0;
}

/* act - intent, MTA, outcome */
static int
act(const struct yj_hold_env *env, struct yj_hold_rec *r,
    const struct action *a, char *err, size_t errsz)
{
	char mta_err[512] = "";
	bool resumed;
	int rc, mta;

	if (strcmp(r->host, env->host) != 0) {
		snprintf(err, errsz, "hold %" PRId64 " is in the queue of host "
		    "'%s', not '%s': run this there", r->id, r->host,
		    env->host);
		return YJ_EPERM;
	}
	if ((rc = begin(env, r, a, &resumed, err, errsz)) != 0)
		return rc;
	mta = yj_hold_postsuper(env->conf, a->act == ACT_RELEASE ? "release" :
	    "delete", r->queue_id, mta_err, sizeof(mta_err));
	if (mta == YJ_ENOENT && !resumed)
		yj_warn("hold %" PRId64 ": queue id %s not in the hold queue",
		    r->id, r->queue_id);
	rc = finish(env, r, a, resumed, mta, mta_err, err, errsz);
	if (rc == 0) {
		yj_info("hold %" PRId64 " (%s): %s by %s", r->id, r->queue_id,
		    a->target, env->actor);
		if (a->act == ACT_RELEASE && env->released != NULL)
			env->released(r, env->arg);
	}
	return rc;
}

/* with_record - load id and run act on it */
static int
with_record(const struct yj_hold_env *env, int64_t id,
    const struct action *a, char *err, size_t errsz)
{
	struct yj_hold_rec *r;
	int rc;

	rc = yj_hold_store_get(env->store, id, &r);
	if (rc == YJ_ENOENT) {
		snprintf(err, errsz, "no held message with id %" PRId64, id);
		return rc;
	}
	if (rc != 0)
		return store_err(env, rc, id, err, errsz);
	rc = act(env, r, a, err, errsz);
	yj_hold_rec_free(r);
	return rc;
}

/* yj_hold_release - give the message back to the MTA */
int
yj_hold_release(const struct yj_hold_env *env, int64_t id, const char *why,
    char *err, size_t errsz)
{
	struct action a = { ACT_RELEASE, "release", why, "released" };

	return with_record(env, id, &a, err, errsz);
}

/* yj_hold_cancel - delete the message from the MTA's queue */
int
yj_hold_cancel(const struct yj_hold_env *env, int64_t id, const char *why,
    char *err, size_t errsz)
{
	struct action a = { ACT_DELETE, "cancel", why, "cancelled" };

	return with_record(env, id, &a, err, errsz);
}

/* in_json_list - addr is in the JSON array of addresses */
static bool
in_json_list(const char *json, const char *addr)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL);
	bool found = false;
	size_t i;

	for (i = 0; json_is_array(a) && i < json_array_size(a); i++)
		if (yj_str_ieq(json_string_value(json_array_get(a, i)), addr))
			found = true;
	json_decref(a);
	return found;
}

/* yj_hold_approve - release as (or for) an approver */
int
yj_hold_approve(const struct yj_hold_env *env, int64_t id,
    const char *approver, char *err, size_t errsz)
{
	struct action a = { ACT_RELEASE, "approve", approver, "released" };
	struct yj_hold_rec *r;
	int rc;

	rc = yj_hold_store_get(env->store, id, &r);
	if (rc == YJ_ENOENT) {
		snprintf(err, errsz, "no held message with id %" PRId64, id);
		return rc;
	}
	if (rc != 0)
		return store_err(env, rc, id, err, errsz);
	if (approver != NULL && !in_json_list(r->approvers, approver)) {
		snprintf(err, errsz, "'%s' is not an approver of hold %" PRId64,
		    approver, id);
		rc = YJ_EPERM;
	} else {
		a.why = approver ? approver : "administrator";
		rc = act(env, r, &a, err, errsz);
	}
	yj_hold_rec_free(r);
	return rc;
}

/* ---- notices ------------------------------------------------------------ */

/* send_one - compose and submit one notice */
static int
send_one(const struct yj_hold_env *env, const unsigned char key[32],
    struct yj_notice *n)
{
	char err[512], from[300];
	struct yj_buf b;
	int rc;

	n->from = yj_notice_from(env->conf, from, sizeof(from));
	yj_buf_init(&b, 4 * 1024 * 1024);
	rc = yj_notice_compose(n, key, yj_time_now(), &b);
	if (rc == 0)
		rc = yj_notice_submit(env->conf, n->from, n->to,
		    yj_buf_cstr(&b), b.len, err, sizeof(err));
	else
		snprintf(err, sizeof(err), "notice too large");
	if (rc != 0)
		yj_error("hold %" PRId64 ": cannot send a notice to '%s': %s",
		    n->rec->id, n->to, err);
	yj_buf_release(&b);
	return rc;
}

/* add_link - a command link for actor, if command mail is on */
static void
add_link(const struct yj_hold_env *env, const unsigned char key[32],
    struct yj_notice *n, const char *action, const char *actor)
{
	if (yj_notice_link(env->conf, key, action, n->rec->id, actor,
	    &n->links[n->nlinks]) == 0)
		n->nlinks++;
}

/* notify_approvers - one APPROVE notice per approver */
static int
notify_approvers(const struct yj_hold_env *env, const unsigned char key[32],
    const struct yj_hold_rec *r)
{
	json_t *a = json_loads(r->approvers, 0, NULL);
	struct yj_notice n;
	size_t i;
	int rc = 0;

	for (i = 0; json_is_array(a) && i < json_array_size(a); i++) {
		memset(&n, 0, sizeof(n));
		n.kind = YJ_NOTICE_APPROVE;
		n.rec = r;
		n.to = json_string_value(json_array_get(a, i));
		add_link(env, key, &n, "approve", n.to);
		add_link(env, key, &n, "cancel", n.to);
		if (send_one(env, key, &n) != 0)
			rc = YJ_EIO;
	}
	json_decref(a);
	return rc;
}

/* notify_sender - the sender's notice for this kind and mode */
static int
notify_sender(const struct yj_hold_env *env, const unsigned char key[32],
    const struct yj_hold_rec *r)
{
	struct yj_notice n;

	memset(&n, 0, sizeof(n));
	n.rec = r;
	n.to = r->sender;
	if (strcmp(r->kind, "delay") == 0) {
		n.kind = YJ_NOTICE_DELAYED;
		add_link(env, key, &n, "cancel", r->sender);
		add_link(env, key, &n, "release", r->sender);
	} else if (strcmp(r->mode, "self") == 0) {
		n.kind = YJ_NOTICE_HELD;
		add_link(env, key, &n, "release", r->sender);
		add_link(env, key, &n, "cancel", r->sender);
	} else {
		n.kind = YJ_NOTICE_WAITING;
		add_link(env, key, &n, "cancel", r->sender);
	}
	return send_one(env, key, &n);
}

/* send_notices - everything a new hold should tell people */
static int
send_notices(const struct yj_hold_env *env, const unsigned char key[32],
    const struct yj_hold_rec *r)
{
	const char *report = env->conf->hold.report_to;
	struct yj_notice n;
	int rc = 0;

	if (strcmp(r->kind, "quarantine") != 0 && *r->sender != '\0')
		rc = notify_sender(env, key, r);
	if (rc == 0 && strcmp(r->mode, "approval") == 0)
		(void)notify_approvers(env, key, r);
	if (report != NULL && strcmp(r->kind, "delay") != 0) {
		memset(&n, 0, sizeof(n));
		n.kind = strcmp(r->kind, "quarantine") == 0 ?
		    YJ_NOTICE_QUARANTINED : YJ_NOTICE_COPY;
		n.rec = r;
		n.to = report;
		if (send_one(env, key, &n) != 0 && n.kind ==
		    YJ_NOTICE_QUARANTINED)
			rc = YJ_EIO;
	}
	return rc;
}

/* notify_expired - tell the sender what the deadline did */
static void
notify_expired(const struct yj_hold_env *env, const unsigned char key[32],
    const struct yj_hold_rec *r)
{
	struct yj_notice n;

	if (strcmp(r->kind, "hold") != 0 || *r->sender == '\0')
		return;
	memset(&n, 0, sizeof(n));
	n.kind = YJ_NOTICE_EXPIRED;
	n.rec = r;
	n.to = r->sender;
	(void)send_one(env, key, &n);
}

/* ---- the service round -------------------------------------------------- */

/* each - run fn on every record of a filter */
static void
each(const struct yj_hold_env *env, const struct yj_hold_filter *f,
    const unsigned char key[32], struct yj_hold_stats *st,
    void (*fn)(const struct yj_hold_env *, const unsigned char *,
    struct yj_hold_rec *, struct yj_hold_stats *))
{
	struct yj_hold_list l;
	size_t i;

	if (yj_hold_store_list(env->store, f, &l) != 0) {
		yj_error("hold service: %s", yj_store_errmsg(env->store));
		st->errors++;
		return;
	}
	for (i = 0; i < l.nr; i++)
		fn(env, key, l.v[i], st);
	yj_hold_list_free(&l);
}

/* pending_one - notices of one new hold */
static void
pending_one(const struct yj_hold_env *env, const unsigned char *key,
    struct yj_hold_rec *r, struct yj_hold_stats *st)
{
	if (send_notices(env, key, r) != 0) {
		st->errors++;
		return;
	}
	st->notices++;
	if (yj_hold_store_notice_sent(env->store, r->id, yj_time_now()) != 0)
		st->errors++;
}

/* due_one - the deadline action of one hold */
static void
due_one(const struct yj_hold_env *env, const unsigned char *key,
    struct yj_hold_rec *r, struct yj_hold_stats *st)
{
	bool rel = strcmp(r->deadline_action, "release") == 0;
	bool delay = strcmp(r->kind, "delay") == 0;
	struct action a = { rel ? ACT_RELEASE : ACT_DELETE, "deadline", "",
		delay ? "released" : rel ? "expired_released" :
		"expired_deleted" };
	char err[1024];

	if (act(env, r, &a, err, sizeof(err)) != 0) {
		yj_error("hold %" PRId64 ": deadline: %s", r->id, err);
		st->errors++;
		return;
	}
	st->expired++;
	notify_expired(env, key, r);
}

/* stuck_one - finish an intent a crash left behind */
static void
stuck_one(const struct yj_hold_env *env, const unsigned char *key,
    struct yj_hold_rec *r, struct yj_hold_stats *st)
{
	bool rel = strcmp(r->state, "releasing") == 0;
	struct action a = { rel ? ACT_RELEASE : ACT_DELETE, "recover", "",
		r->target ? r->target : rel ? "released" : "cancelled" };
	char err[1024];

	(void)key;
	if (act(env, r, &a, err, sizeof(err)) != 0) {
		yj_error("hold %" PRId64 ": recovery: %s", r->id, err);
		st->errors++;
		return;
	}
	st->resumed++;
}

/* yj_hold_service - notices, deadlines, recovery on this host */
int
yj_hold_service(const struct yj_hold_env *env, struct yj_hold_stats *st)
{
	unsigned char key[32];
	struct yj_hold_filter f;
	int64_t now = yj_time_now();
	int rc;

	memset(st, 0, sizeof(*st));
	if ((rc = yj_hold_store_secret(env->store, key)) != 0) {
		yj_error("hold service: %s", yj_store_errmsg(env->store));
		return rc;
	}
	memset(&f, 0, sizeof(f));
	f.host = env->host;
	f.notice_pending = true;
	each(env, &f, key, st, pending_one);
	f.notice_pending = false;
	f.due_before = now;
	each(env, &f, key, st, due_one);
	f.due_before = 0;
	f.stuck_before = now - INTENT_BUSY_S;
	each(env, &f, key, st, stuck_one);
	return st->errors ? YJ_EIO : 0;
}

/* ---- commands by mail ---------------------------------------------- */

struct command {
	char		 action[16];
	int64_t		 id;
	char		 token[YJ_TOKEN_LEN + 1];
};

/* reply_address - hold.reply_address, or its default */
static const char *
reply_address(const struct yj_conf *c, char *buf, size_t bufsz)
{
	if (c->hold.reply_address != NULL)
		return c->hold.reply_address;
	if (c->org.ndomains == 0)
		return "";
	snprintf(buf, bufsz, "yojin-hold@%s", c->org.domains[0]);
	return buf;
}

/* split_rcpt - base matches; *ext gets what follows '+' (or "") */
static bool
split_rcpt(const struct yj_conf *c, const char *rcpt, char *ext,
    size_t extsz)
{
	char buf[300], r[512];
	const char *addr = reply_address(c, buf, sizeof(buf));
	const char *at = strrchr(addr, '@'), *rat, *plus;
	size_t n = strlen(rcpt);

	ext[0] = '\0';
	if (at == NULL || n >= sizeof(r))
		return false;
	if (rcpt[0] == '<' && n >= 2 && rcpt[n - 1] == '>') {
		memcpy(r, rcpt + 1, n - 2);
		r[n - 2] = '\0';
	} else {
		memcpy(r, rcpt, n + 1);
	}
	if ((rat = strrchr(r, '@')) == NULL || !yj_str_ieq(rat, at))
		return false;
	plus = memchr(r, '+', (size_t)(rat - r));
	n = (size_t)((plus ? plus : rat) - r);
	if (n != (size_t)(at - addr) || !yj_str_ieqn(r, addr, n))
		return false;
	if (plus != NULL)
		snprintf(ext, extsz, "%.*s", (int)(rat - plus - 1), plus + 1);
	return true;
}

/* yj_hold_command_rcpt - the command address, with or without command */
bool
yj_hold_command_rcpt(const struct yj_conf *c, const char *rcpt)
{
	char ext[256];

	return split_rcpt(c, rcpt, ext, sizeof(ext));
}

/* parse_command - "action-id-token" */
static bool
parse_command(const char *ext, struct command *cmd)
{
	const char *d1 = strchr(ext, '-'), *d2;
	unsigned long id;
	char num[24];

	if (d1 == NULL || (size_t)(d1 - ext) >= sizeof(cmd->action) ||
	    (d2 = strchr(d1 + 1, '-')) == NULL ||
	    (size_t)(d2 - d1 - 1) >= sizeof(num))
		return false;
	snprintf(cmd->action, sizeof(cmd->action), "%.*s", (int)(d1 - ext),
	    ext);
	for (char *p = cmd->action; *p; p++)
		*p = (char)yj_ascii_lower((unsigned char)*p);
	snprintf(num, sizeof(num), "%.*s", (int)(d2 - d1 - 1), d1 + 1);
	if (yj_parse_uint(num, (unsigned long)INT64_MAX, &id) != 0 ||
	    strlen(d2 + 1) != YJ_TOKEN_LEN)
		return false;
	cmd->id = (int64_t)id;
	snprintf(cmd->token, sizeof(cmd->token), "%s", d2 + 1);
	return strcmp(cmd->action, "release") == 0 ||
	    strcmp(cmd->action, "cancel") == 0 ||
	    strcmp(cmd->action, "approve") == 0;
}

/* token_owner - who the token was made for, or NULL */
static const char *
token_owner(const unsigned char key[32], const struct command *cmd,
    const struct yj_hold_rec *r, char *buf, size_t bufsz)
{
	bool sender_may = strcmp(cmd->action, "cancel") == 0 ||
	    (strcmp(cmd->action, "release") == 0 &&
	    (strcmp(r->mode, "self") == 0 || strcmp(r->mode, "delay") == 0));
	json_t *a;
	size_t i;

	if (sender_may && *r->sender != '\0' &&
	    yj_hold_token_ok(key, cmd->action, r->id, r->sender, cmd->token))
		return r->sender;
	if (strcmp(cmd->action, "release") == 0)
		return NULL;
	a = json_loads(r->approvers, 0, NULL);
	for (i = 0; json_is_array(a) && i < json_array_size(a); i++) {
		const char *ap = json_string_value(json_array_get(a, i));

		if (ap && yj_hold_token_ok(key, cmd->action, r->id, ap,
		    cmd->token)) {
			snprintf(buf, bufsz, "%s", ap);
			json_decref(a);
			return buf;
		}
	}
	json_decref(a);
	return NULL;
}

/* perform - the command as its owner */
static int
perform(const struct yj_hold_env *env, const struct command *cmd,
    const char *owner, char *err, size_t errsz)
{
	struct yj_hold_env as = *env;
	char actor[320];

	snprintf(actor, sizeof(actor), "mail:%s", owner);
	as.actor = actor;
	if (strcmp(cmd->action, "release") == 0)
		return yj_hold_release(&as, cmd->id, "link in the notice", err,
		    errsz);
	if (strcmp(cmd->action, "cancel") == 0)
		return yj_hold_cancel(&as, cmd->id, "link in the notice", err,
		    errsz);
	return yj_hold_approve(&as, cmd->id, owner, err, errsz);
}

/* result_notice - tell the owner what their command did */
static void
result_notice(const struct yj_hold_env *env, const unsigned char key[32],
    const struct command *cmd, const char *owner, int rc, const char *why)
{
	struct yj_hold_rec *r;
	struct yj_notice n;
	char ja[1024], en[1024];
	bool rel = strcmp(cmd->action, "cancel") != 0;

	if (yj_hold_store_get(env->store, cmd->id, &r) != 0)
		return;
	if (rc == 0) {
		snprintf(ja, sizeof(ja), "保留ID %" PRId64 " のメールを%s。",
		    cmd->id, rel ? "送信しました" :
		    "取り消しました（送信されません）");
		snprintf(en, sizeof(en), "The message held as %" PRId64
		    " was %s.", cmd->id, rel ? "sent" : "cancelled (it will "
		    "not be sent)");
	} else {
		snprintf(ja, sizeof(ja), "保留ID %" PRId64 " の操作はできません"
		    "でした（現在の状態: %s）。\n理由: %s", cmd->id, r->state,
		    why);
		snprintf(en, sizeof(en), "Hold %" PRId64 " could not be %s "
		    "(now: %s).\nReason: %s", cmd->id, rel ? "released" :
		    "cancelled", r->state, why);
	}
	memset(&n, 0, sizeof(n));
	n.kind = YJ_NOTICE_RESULT;
	n.rec = r;
	n.to = owner;
	n.result_ja = ja;
	n.result_en = en;
	(void)send_one(env, key, &n);
	yj_hold_rec_free(r);
}

/* check_command - the token, its owner, and who sent the command */
static int
check_command(const struct yj_hold_env *env, const unsigned char key[32],
    const struct command *cmd, const char *mail_from, char *owner,
    size_t ownersz, char *err, size_t errsz)
{
	struct yj_hold_rec *r;
	const char *who;
	int rc;

	if ((rc = yj_hold_store_get(env->store, cmd->id, &r)) != 0) {
		snprintf(err, errsz, "no held message with id %" PRId64,
		    cmd->id);
		return rc == YJ_ENOENT ? rc : YJ_ESTORE;
	}
	who = token_owner(key, cmd, r, owner, ownersz);
	if (who == NULL) {
		snprintf(err, errsz, "the %s link for hold %" PRId64 " is not "
		    "valid", cmd->action, cmd->id);
		rc = YJ_EPERM;
	} else if (env->conf->hold.command_sender_must_match &&
	    !yj_str_ieq(who, mail_from ? mail_from : "")) {
		snprintf(err, errsz, "the %s link for hold %" PRId64 " belongs "
		    "to '%s', but the mail came from '%s'", cmd->action,
		    cmd->id, who, mail_from ? mail_from : "");
		rc = YJ_EPERM;
	}
	if (who != NULL && who != owner)
		snprintf(owner, ownersz, "%s", who);
	yj_hold_rec_free(r);
	return rc;
}

/* yj_hold_command - one command from a notice's link */
int
yj_hold_command(const struct yj_hold_env *env, const char *rcpt,
    const char *mail_from, char *err, size_t errsz)
{
	unsigned char key[32];
	struct command cmd;
	char ext[256], owner[300] = "";
	int rc;

	if (!split_rcpt(env->conf, rcpt, ext, sizeof(ext))) {
		snprintf(err, errsz, "'%s' is not the command address", rcpt);
		return YJ_EINVAL;
	}
	memset(&cmd, 0, sizeof(cmd));
	if (!parse_command(ext, &cmd)) {
		snprintf(err, errsz, "'%s' is not a hold command", ext);
		return YJ_EINVAL;
	}
	if ((rc = yj_hold_store_secret(env->store, key)) != 0) {
		snprintf(err, errsz, "%s", yj_store_errmsg(env->store));
		return rc;
	}
	rc = check_command(env, key, &cmd, mail_from, owner, sizeof(owner),
	    err, errsz);
	if (rc == YJ_EPERM && owner[0] == '\0')
		return rc;	/* a forged or mistyped token: no answer */
	if (rc == 0)
		rc = perform(env, &cmd, owner, err, errsz);
	result_notice(env, key, &cmd, owner, rc, err);
	return rc;
}

/* yj_hold_notice_ok - our own notice */
bool
yj_hold_notice_ok(struct yj_store *s, const char *mark, const char *mid,
    const char *body_hash)
{
	unsigned char key[32];

	if (mark == NULL || yj_hold_store_secret(s, key) != 0)
		return false;
	return yj_notice_mark_ok(key, mark, mid ? mid : "", body_hash,
	    yj_time_now());
}
