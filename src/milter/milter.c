/*
 * milter.c - libmilter callbacks and the threads around them (milter.h)
 *
 * Callbacks stay short: find the connection (struct conn, libmilter's
 * private pointer), hand the event to the engine session, remember the
 * few raw header values the actions need (Subject, the MIME headers of
 * the top level, X-Yojin-* fields to delete, the notice mark), and at end
 * of message ask milter/actions.c for the plan and carry it out with
 * smfi_* calls.  Anything that fails on the way answers 451.
 *
 * Header values: the callbacks negotiate SMFIP_HDR_LEADSPC when the MTA
 * offers it, so values arrive exactly as written (leading space and
 * folding kept) and the session sees the header block byte for byte;
 * values sent back then carry their own leading space.
 *
 * Engines: struct eref counts the sessions using an engine; "current"
 * holds one reference of its own.  A connection compares its eref with
 * the current one at each MAIL FROM and moves over, replaying the
 * connection facts into a new session.
 *
 * Stopping: smfi_stop() closes the listener; libmilter then waits for
 * nothing, so yj_milter_stop() waits (bounded) for the connections it
 * counts to close before freeing what they use.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

#include "cli/report.h"
#include "hold/hold.h"
#include "hold/token.h"
#include "milter/actions.h"
#include "milter/banner.h"
#include "mail/header.h"
#include "milter/milter.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/log.h"
#include "util/str.h"
#include "util/time.h"

#define ACTIONS	(SMFIF_ADDHDRS | SMFIF_CHGHDRS | SMFIF_CHGBODY | \
		 SMFIF_QUARANTINE | SMFIF_DELRCPT)
#define MAX_FORGED	64	/* X-Yojin-* fields deleted per message */
#define MAX_COMMANDS	16	/* command recipients per message */
/*
 * Body replacement is sent in chunks of this size.  miltertest (the test
 * driver) overflows a 1 KiB buffer on larger ones, so its suite sets
 * YOJIN_MILTER_BODY_CHUNK=1024; Postfix takes the protocol's 64 KiB.
 */
#define BODY_CHUNK	65535

struct eref {
	struct yj_conf		*conf;
	struct yj_engine	*engine;
	unsigned		 refs;
};

struct forged {
	const char	*name;
	int		 index;		/* among fields of this name, 1-based */
};

struct conn {
	struct eref		*ref;
	struct yj_session	*s;
	bool			 leadspc;	/* values with leading space */
	bool			 skip;		/* SMFIS_SKIP understood */
	char			*client_name;	/* connection facts, kept */
	char			*client_addr;	/* to replay into a new */
	char			*helo;		/* session after a reload */

	struct yj_arena		*a;		/* this transaction */
	const char		*mail_from;
	uint64_t		 size;		/* header and body bytes */
	bool			 oversize;
	unsigned		 nrcpt;		/* ordinary recipients */
	const char		*commands[MAX_COMMANDS];
	unsigned		 ncommands;
	struct forged		 forged[MAX_FORGED];
	unsigned		 nforged;
	const char		*notice_mark;
	const char		*message_id;
	const char		*subject;	/* raw, first */
	const char		*ctype;		/* raw, first */
	const char		*cte;
	const char		*disp;
	bool			 mime_version;	/* MIME-Version was given */
};

static struct {
	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;		/* the service thread */
	struct eref		*current;
	unsigned		 active;	/* connections open */
	bool			 stopping;
	struct yj_milter_setup	 setup;
	char			 host[256];
	pthread_t		 milter_thread;
	pthread_t		 service_thread;
	bool			 started;
	int			 done[2];	/* smfi_main has ended */
	size_t			 chunk;		/* body replacement chunk */
} M = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.wake = PTHREAD_COND_INITIALIZER,
	.done = { -1, -1 },
	.chunk = BODY_CHUNK,
};

/* ---- engines ------------------------------------------------------------- */

/* eref_free - an engine nobody uses */
static void
eref_free(struct eref *r)
{
	yj_engine_free(r->engine);
	yj_conf_free(r->conf);
	yj_free(r);
}

/* acquire - a reference to the current engine */
static struct eref *
acquire(void)
{
	struct eref *r;

	pthread_mutex_lock(&M.lock);
	r = M.current;
	r->refs++;
	pthread_mutex_unlock(&M.lock);
	return r;
}

/* release - drop a reference; the last one frees */
static void
release(struct eref *r)
{
	bool last;

	if (r == NULL)
		return;
	pthread_mutex_lock(&M.lock);
	last = --r->refs == 0;
	pthread_mutex_unlock(&M.lock);
	if (last)
		eref_free(r);
}

/* is_current - r is the engine new messages use */
static bool
is_current(const struct eref *r)
{
	bool yes;

	pthread_mutex_lock(&M.lock);
	yes = r == M.current;
	pthread_mutex_unlock(&M.lock);
	return yes;
}

/* yj_milter_swap - new messages use conf and engine */
void
yj_milter_swap(struct yj_conf *conf, struct yj_engine *engine)
{
	struct eref *r = yj_xcalloc(1, sizeof(*r)), *old;
	char host[sizeof(M.host)];
	const char *h = yj_hold_host(conf, host, sizeof(host));

	r->conf = conf;
	r->engine = engine;
	r->refs = 1;
	pthread_mutex_lock(&M.lock);
	old = M.current;
	M.current = r;
	snprintf(M.host, sizeof(M.host), "%s", h);
	pthread_cond_signal(&M.wake);
	pthread_mutex_unlock(&M.lock);
	release(old);
}

/* ---- connection state -------------------------------------------- */

/* conn_of - the connection, created on first use */
static struct conn *
conn_of(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL)
		return c;
	c = yj_xcalloc(1, sizeof(*c));
	c->a = yj_arena_new();
	smfi_setpriv(ctx, c);
	pthread_mutex_lock(&M.lock);
	M.active++;
	pthread_mutex_unlock(&M.lock);
	return c;
}

/* reset_txn - forget the transaction's facts */
static void
reset_txn(struct conn *c)
{
	struct yj_arena *a = c->a;

	yj_arena_free(a);
	c->a = yj_arena_new();
	c->mail_from = NULL;
	c->size = 0;
	c->oversize = false;
	c->nrcpt = 0;
	c->ncommands = 0;
	c->nforged = 0;
	c->notice_mark = NULL;
	c->message_id = NULL;
	c->subject = NULL;
	c->ctype = NULL;
	c->cte = NULL;
	c->disp = NULL;
	c->mime_version = false;
}

/* new_session - a session on the current engine with the known facts */
static void
new_session(struct conn *c)
{
	struct eref *r = acquire();

	yj_session_free(c->s);
	release(c->ref);
	c->ref = r;
	c->s = yj_session_new(r->engine);
	yj_session_connect(c->s, c->client_name, c->client_addr);
	if (c->helo != NULL)
		yj_session_helo(c->s, c->helo);
}

/* conn_free - end of connection */
static void
conn_free(SMFICTX *ctx, struct conn *c)
{
	yj_session_free(c->s);
	release(c->ref);
	yj_arena_free(c->a);
	yj_free(c->client_name);
	yj_free(c->client_addr);
	yj_free(c->helo);
	yj_free(c);
	smfi_setpriv(ctx, NULL);
	pthread_mutex_lock(&M.lock);
	M.active--;
	pthread_mutex_unlock(&M.lock);
}

/* tempfail - 451 with a reason, and a log line */
static sfsistat
tempfail(SMFICTX *ctx, const char *why)
{
	const char *qid = smfi_getsymval(ctx, "i");

	yj_warn("%s: tempfail: %s", qid ? qid : "-", why);
	(void)smfi_setreply(ctx, "451", "4.7.1", (char *)why);
	return SMFIS_TEMPFAIL;
}

/* ---- callbacks ----------------------------------------------------- */

/* cb_negotiate - ask for values as written, and for SMFIS_SKIP */
static sfsistat
cb_negotiate(SMFICTX *ctx, unsigned long f0, unsigned long f1,
    unsigned long f2, unsigned long f3, unsigned long *pf0,
    unsigned long *pf1, unsigned long *pf2, unsigned long *pf3)
{
	struct conn *c = conn_of(ctx);

	(void)f2;
	(void)f3;
	if ((f0 & ACTIONS) != ACTIONS)
		yj_warn("the MTA does not offer every milter action yojin "
		    "needs (offered %#lx)", f0);
	*pf0 = f0 & ACTIONS;
	*pf1 = f1 & (SMFIP_HDR_LEADSPC | SMFIP_SKIP);
	*pf2 = 0;
	*pf3 = 0;
	c->leadspc = (*pf1 & SMFIP_HDR_LEADSPC) != 0;
	c->skip = (*pf1 & SMFIP_SKIP) != 0;
	return SMFIS_CONTINUE;
}

/* addr_text - the client's address as text, or NULL */
static char *
addr_text(const struct sockaddr *sa)
{
	char buf[INET6_ADDRSTRLEN];

	if (sa == NULL)
		return NULL;
	if (sa->sa_family == AF_INET &&
	    inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
	    sa)->sin_addr, buf, sizeof(buf)) != NULL)
		return yj_xstrdup(buf);
	if (sa->sa_family == AF_INET6 &&
	    inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)
	    sa)->sin6_addr, buf, sizeof(buf)) != NULL)
		return yj_xstrdup(buf);
	return NULL;
}

/* cb_connect - a client */
static sfsistat
cb_connect(SMFICTX *ctx, char *host, _SOCK_ADDR *sa)
{
	struct conn *c = conn_of(ctx);

	c->client_name = host ? yj_xstrdup(host) : NULL;
	c->client_addr = addr_text(sa);
	new_session(c);
	return SMFIS_CONTINUE;
}

/* cb_helo - HELO/EHLO */
static sfsistat
cb_helo(SMFICTX *ctx, char *helo)
{
	struct conn *c = conn_of(ctx);

	yj_free(c->helo);
	c->helo = helo ? yj_xstrdup(helo) : NULL;
	if (c->s != NULL)
		yj_session_helo(c->s, helo);
	return SMFIS_CONTINUE;
}

/* esmtp_size - SIZE= of the MAIL FROM parameters, 0 if none */
static uint64_t
esmtp_size(char **argv)
{
	unsigned long v;
	int i;

	for (i = 1; argv[i] != NULL; i++)
		if (yj_str_iprefix(argv[i], "SIZE=") &&
		    yj_parse_uint(argv[i] + 5, ~0UL, &v) == 0)
			return v;
	return 0;
}

/* cb_envfrom - a new transaction, on the newest engine */
static sfsistat
cb_envfrom(SMFICTX *ctx, char **argv)
{
	struct conn *c = conn_of(ctx);
	const struct yj_conf *conf;
	const char *auth;

	reset_txn(c);
	if (c->s == NULL || !is_current(c->ref))
		new_session(c);
	conf = c->ref->conf;
	auth = smfi_getsymval(ctx, "{auth_authen}");
	yj_session_auth(c->s, auth);
	yj_session_mail(c->s, argv[0]);
	c->mail_from = yj_arena_strdup(c->a, argv[0] ? argv[0] : "");
	if (esmtp_size(argv) > conf->milter.max_message_size &&
	    strcmp(conf->milter.oversize, "tempfail") == 0)
		return tempfail(ctx, "yojin: message too large to be checked; "
		    "ask the administrator");
	return SMFIS_CONTINUE;
}

/* cb_envrcpt - a recipient, or a command to the hold service */
static sfsistat
cb_envrcpt(SMFICTX *ctx, char **argv)
{
	struct conn *c = conn_of(ctx);

	if (argv[0] == NULL)
		return SMFIS_CONTINUE;
	if (yj_hold_command_rcpt(c->ref->conf, argv[0]) &&
	    c->ncommands < MAX_COMMANDS) {
		c->commands[c->ncommands++] = yj_arena_strdup(c->a, argv[0]);
		return SMFIS_CONTINUE;
	}
	c->nrcpt++;
	yj_session_rcpt(c->s, argv[0]);
	return SMFIS_CONTINUE;
}

/* remember - keep the first raw value of the headers we act on */
static void
remember(struct conn *c, const char *name, const char *value)
{
	const char **slot = NULL;

	if (yj_str_ieq(name, "Subject"))
		slot = &c->subject;
	else if (yj_str_ieq(name, "Content-Type"))
		slot = &c->ctype;
	else if (yj_str_ieq(name, "Content-Transfer-Encoding"))
		slot = &c->cte;
	else if (yj_str_ieq(name, "Content-Disposition"))
		slot = &c->disp;
	else if (yj_str_ieq(name, "Message-ID"))
		slot = &c->message_id;
	else if (yj_str_ieq(name, "X-Yojin-Notice"))
		slot = &c->notice_mark;
	else if (yj_str_ieq(name, "MIME-Version"))
		c->mime_version = true;
	if (slot != NULL && *slot == NULL)
		*slot = yj_arena_strdup(c->a, value);
}

/* note_forged - an X-Yojin-* field from outside, to delete */
static void
note_forged(struct conn *c, const char *name)
{
	unsigned i;
	int index = 1;

	for (i = 0; i < c->nforged; i++)
		if (yj_str_ieq(c->forged[i].name, name))
			index++;
	if (c->nforged < MAX_FORGED)
		c->forged[c->nforged++] = (struct forged){
			yj_arena_strdup(c->a, name), index };
}

/* cb_header - one header field */
static sfsistat
cb_header(SMFICTX *ctx, char *name, char *value)
{
	struct conn *c = conn_of(ctx);
	size_t nn = strlen(name), vn = strlen(value);

	c->size += nn + vn + 3;
	if (c->size > c->ref->conf->milter.max_message_size)
		c->oversize = true;
	if (yj_str_iprefix(name, "X-Yojin-"))
		note_forged(c, name);
	remember(c, name, value);
	if (!c->oversize) {
		if (c->leadspc)
			yj_session_header_raw(c->s, name, nn, value, vn);
		else
			yj_session_header(c->s, name, value);
	}
	return SMFIS_CONTINUE;
}

/* cb_eoh - end of header */
static sfsistat
cb_eoh(SMFICTX *ctx)
{
	yj_session_eoh(conn_of(ctx)->s);
	return SMFIS_CONTINUE;
}

/* cb_body - one body chunk */
static sfsistat
cb_body(SMFICTX *ctx, unsigned char *p, size_t n)
{
	struct conn *c = conn_of(ctx);

	c->size += n;
	if (c->size > c->ref->conf->milter.max_message_size)
		c->oversize = true;
	if (c->oversize)
		return c->skip ? SMFIS_SKIP : SMFIS_CONTINUE;
	yj_session_body(c->s, p, n);
	return SMFIS_CONTINUE;
}

/* ---- end of message ------------------------------------------------------ */

/* value - a header value as the MTA wants it back */
static char *
value(struct conn *c, const char *v)
{
	return c->leadspc ? yj_arena_printf(c->a, " %s", v) : (char *)v;
}

/* strip_forged - delete every X-Yojin-* field that came in, last first */
static int
strip_forged(SMFICTX *ctx, struct conn *c)
{
	unsigned i;

	for (i = c->nforged; i-- > 0;)
		if (smfi_chgheader(ctx, (char *)c->forged[i].name,
		    c->forged[i].index, NULL) != MI_SUCCESS)
			return -1;
	return 0;
}

/* direction - auth, networks, or the sender's domain */
static enum yj_direction
direction(const struct conn *c)
{
	const struct yj_conf *conf = c->ref->conf;
	enum yj_direction d = yj_session_direction(c->s);
	char buf[512];
	size_t n;

	if (d == YJ_DIR_OUT || !conf->milter.outbound_when_sender_internal ||
	    c->mail_from == NULL)
		return d;
	n = strlen(c->mail_from);
	if (n >= sizeof(buf))
		return d;
	memcpy(buf, c->mail_from, n + 1);
	if (n >= 2 && buf[0] == '<' && buf[n - 1] == '>') {
		buf[n - 1] = '\0';
		return yj_org_is_internal_addr(&conf->org, buf + 1) ?
		    YJ_DIR_OUT : d;
	}
	return yj_org_is_internal_addr(&conf->org, buf) ? YJ_DIR_OUT : d;
}

/* strip_angle - "<a@b>" -> "a@b" in the arena */
static const char *
strip_angle(struct yj_arena *a, const char *s)
{
	size_t n;

	if (s == NULL)
		return "";
	while (*s == ' ')
		s++;
	n = strlen(s);
	if (n >= 2 && s[0] == '<' && s[n - 1] == '>')
		return yj_arena_memdup(a, s + 1, n - 2);
	return s;
}

/* hold_env - the hold workflow on this node for conf */
static void
hold_env(struct yj_hold_env *env, const struct yj_conf *conf,
    const char *actor)
{
	memset(env, 0, sizeof(*env));
	env->store = M.setup.store;
	env->conf = conf;
	env->host = M.host;
	env->actor = actor;
}

/* notice - our own notice, marked and intact */
static bool
is_notice(struct conn *c)
{
	struct yj_body_hash h;
	size_t len, body;
	const char *m;
	char hash[65];

	if (c->notice_mark == NULL || c->oversize)
		return false;
	m = yj_session_message(c->s, &len, &body);
	yj_body_hash_init(&h);
	yj_body_hash_update(&h, m + body, len - body);
	yj_body_hash_final(&h, hash);
	return yj_hold_notice_ok(M.setup.store, c->notice_mark,
	    strip_angle(c->a, yj_str_trim(c->a, c->message_id ?
	    c->message_id : "", c->message_id ? strlen(c->message_id) : 0)),
	    hash);
}

/* run_commands - hold commands by mail; true when only commands were sent */
static bool
run_commands(SMFICTX *ctx, struct conn *c, enum yj_direction dir)
{
	const char *from = strip_angle(c->a, c->mail_from);
	struct yj_hold_env env;
	char err[1024], q[YJ_QUOTE_MAX];
	unsigned i;

	hold_env(&env, c->ref->conf, "mail");
	for (i = 0; i < c->ncommands; i++) {
		if (dir != YJ_DIR_OUT)
			yj_warn("hold command from outside refused: %s",
			    yj_quote(c->commands[i], q, sizeof(q)));
		else if (yj_hold_command(&env, strip_angle(c->a,
		    c->commands[i]), from, err, sizeof(err)) != 0)
			yj_warn("hold command from %s: %s",
			    yj_quote(from, q, sizeof(q)), err);
		(void)smfi_delrcpt(ctx, (char *)c->commands[i]);
	}
	return c->nrcpt == 0;
}

/* external_rcpt - some envelope recipient outside the organisation */
static bool
external_rcpt(const struct conn *c, const struct yj_result *r)
{
	size_t i;

	for (i = 0; r != NULL && i < r->msg->env.rcpts.nr; i++)
		if (!yj_org_is_internal_addr(&c->ref->conf->org,
		    r->msg->env.rcpts.v[i]))
			return true;
	return false;
}

/* findings_json - the findings as yojin scan prints them */
static char *
findings_json(struct conn *c, const struct yj_result *r)
{
	json_t *j = yj_report_findings_json(&r->findings);
	char *s = json_dumps(j, JSON_COMPACT);
	char *out = yj_arena_strdup(c->a, s ? s : "[]");

	free(s);	/* checksrc: allow (jansson's allocation) */
	json_decref(j);
	return out;
}

#define EXCERPT_BYTES	4096	/* of the text kept for learning */

/* keep_non_mime - header fields other than the MIME ones, as received */
static int
keep_non_mime(const struct yj_hfield *f, void *arg)
{
	struct yj_buf *b = arg;

	if ((f->name_len == 12 && yj_str_ieqn(f->name, "Content-Type", 12)) ||
	    (f->name_len == 25 &&
	    yj_str_ieqn(f->name, "Content-Transfer-Encoding", 25)) ||
	    (f->name_len == 12 && yj_str_ieqn(f->name, "MIME-Version", 12)))
		return 0;
	if (yj_buf_add(b, f->name, f->name_len) != 0 ||
	    yj_buf_addc(b, ':') != 0 ||
	    yj_buf_add(b, f->value, f->value_len) != 0 ||
	    yj_buf_adds(b, "\r\n") != 0)
		return 1;
	return 0;
}

/*
 * learn_source - what a hold keeps to learn from after its release: the
 * header block and the first EXCERPT_BYTES of the text, as a small UTF-8
 * message (the rest stays in the MTA's queue only)
 */
static const char *
learn_source(struct conn *c, const struct yj_result *r, const char *m,
    size_t body)
{
	const struct yj_msg *msg = r->msg;
	struct yj_buf b;
	unsigned flags = 0;
	size_t n = 0;
	const char *out;

	yj_buf_init(&b, body + EXCERPT_BYTES + 256);
	(void)yj_header_split(m, body, keep_non_mime, &b, &flags);
	if (msg->ntexts > 0) {
		n = msg->texts[0].len < EXCERPT_BYTES ? msg->texts[0].len :
		    EXCERPT_BYTES;
		while (n > 0 && ((unsigned char)msg->texts[0].text[n] & 0xc0) ==
		    0x80)
			n--;
	}
	if (yj_buf_adds(&b, "MIME-Version: 1.0\r\nContent-Type: text/plain; "
	    "charset=UTF-8\r\n\r\n") != 0 || (n > 0 &&
	    yj_buf_add(&b, msg->texts[0].text, n) != 0))
		yj_warn("hold: the text kept for learning was cut");
	out = yj_arena_memdup(c->a, yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	return out;
}

/* do_hold - record the hold, then ask the MTA to keep the message */
static int
do_hold(SMFICTX *ctx, struct conn *c, const struct yj_result *r,
    const struct yj_milter_plan *p, int64_t *idp)
{
	struct yj_hold_request q;
	struct yj_hold_env env;
	char err[1024], actor[300];
	size_t len, body;
	const char *m;

	m = yj_session_message(c->s, &len, &body);
	memset(&q, 0, sizeof(q));
	q.kind = p->hold_kind;
	q.queue_id = smfi_getsymval(ctx, "i");
	q.result = r;
	q.findings_json = findings_json(c, r);
	q.headers = learn_source(c, r, m, body);
	q.size = c->size;
	snprintf(actor, sizeof(actor), "milter@%s", M.host);
	hold_env(&env, c->ref->conf, actor);
	if (yj_hold_new(&env, &q, idp, err, sizeof(err)) != 0) {
		yj_error("cannot hold a message: %s", err);
		return -1;
	}
	if (smfi_quarantine(ctx, yj_arena_printf(c->a, "%s; hold %lld",
	    p->quarantine_reason, (long long)*idp)) != MI_SUCCESS) {
		(void)yj_hold_store_transition(M.setup.store, *idp, "held",
		    "missing", NULL, actor, "error", "the MTA refused to "
		    "quarantine it");
		return -1;
	}
	pthread_mutex_lock(&M.lock);
	pthread_cond_signal(&M.wake);	/* the notices go out now */
	pthread_mutex_unlock(&M.lock);
	return 0;
}

/* set_subject - the prefix in front of the subject */
static int
set_subject(SMFICTX *ctx, struct conn *c, const struct yj_result *r)
{
	const char *v = yj_milter_subject(c->a,
	    c->ref->conf->milter.subject_prefix, c->subject, r->msg->subject);

	if (v == NULL)
		return 0;
	if (c->subject == NULL)
		return smfi_addheader(ctx, "Subject", value(c, v)) ==
		    MI_SUCCESS ? 0 : -1;
	return smfi_chgheader(ctx, "Subject", 1, value(c, v)) == MI_SUCCESS ?
	    0 : -1;
}

/* set_banner - the warning into the body (nothing when it cannot go in) */
static int
set_banner(SMFICTX *ctx, struct conn *c, const struct yj_result *r)
{
	struct yj_banner_top top = { c->ctype, c->cte, c->disp };
	struct yj_banner_edit ed;
	struct yj_banner b;
	size_t len, body, off, n;
	const char *m;

	m = yj_session_message(c->s, &len, &body);
	yj_banner_build(c->a, r, &b);
	if (yj_banner_insert(c->a, &top, m + body, len - body, &b, &ed) != 0)
		return 0;
	for (off = 0; off < ed.len || off == 0; off += n) {
		n = ed.len - off < M.chunk ? ed.len - off : M.chunk;
		if (smfi_replacebody(ctx, (unsigned char *)ed.body + off,
		    (int)n) != MI_SUCCESS)
			return -1;
		if (n == 0)
			break;
	}
	if (ed.content_type == NULL)
		return 0;
	/* a body the banner made MIME needs the MIME header with it */
	if (smfi_chgheader(ctx, "Content-Type", 1,
	    value(c, ed.content_type)) != MI_SUCCESS ||
	    smfi_chgheader(ctx, "Content-Transfer-Encoding", 1,
	    value(c, ed.cte)) != MI_SUCCESS ||
	    (!c->mime_version && smfi_addheader(ctx, "MIME-Version",
	    value(c, "1.0")) != MI_SUCCESS))
		return -1;
	return 0;
}

/* add_headers - X-Yojin-Verdict and X-Yojin-Findings */
static int
add_headers(SMFICTX *ctx, struct conn *c, const struct yj_milter_plan *p)
{
	if (p->verdict_hdr == NULL)
		return 0;
	if (smfi_addheader(ctx, "X-Yojin-Verdict", value(c, p->verdict_hdr)) !=
	    MI_SUCCESS || smfi_addheader(ctx, "X-Yojin-Findings",
	    value(c, p->findings_hdr)) != MI_SUCCESS)
		return -1;
	return 0;
}

/* log_result - one line per message */
static void
log_result(SMFICTX *ctx, struct conn *c, const struct yj_result *r,
    const struct yj_milter_plan *p, int64_t hold_id)
{
	const char *qid = smfi_getsymval(ctx, "i");
	char from[YJ_QUOTE_MAX];
	char held[32] = "";

	if (hold_id > 0)
		snprintf(held, sizeof(held), " hold=%lld", (long long)hold_id);
	yj_info("%s: from=<%s> rcpts=%u size=%llu dir=%s verdict=%s "
	    "score=%d action=%s%s findings=%s time=%lldms", qid ? qid : "-",
	    yj_quote(strip_angle(c->a, c->mail_from), from, sizeof(from)),
	    c->nrcpt, (unsigned long long)c->size, r ?
	    yj_direction_name(r->direction) : "-", r ?
	    yj_verdict_name(r->verdict) : "unscanned", r ? r->score : 0,
	    p->action ? p->action : "accept", held, p->findings_hdr ?
	    p->findings_hdr : "-", r ? (long long)(r->elapsed_us / 1000) : 0LL);
}

/* apply - carry the plan out */
static sfsistat
apply(SMFICTX *ctx, struct conn *c, const struct yj_result *r,
    const struct yj_milter_plan *p)
{
	int64_t hold_id = 0;

	if (p->reply == YJ_MR_TEMPFAIL || p->reply == YJ_MR_REJECT) {
		log_result(ctx, c, r, p, 0);
		(void)smfi_setreply(ctx, (char *)p->smtp_code,
		    (char *)p->smtp_xcode, (char *)p->smtp_text);
		return p->reply == YJ_MR_REJECT ? SMFIS_REJECT :
		    SMFIS_TEMPFAIL;
	}
	if (p->hold_kind != NULL && do_hold(ctx, c, r, p, &hold_id) != 0)
		return tempfail(ctx, "yojin: cannot hold the message now; try "
		    "again later");
	if (strip_forged(ctx, c) != 0 || add_headers(ctx, c, p) != 0 ||
	    (p->subject_prefix && set_subject(ctx, c, r) != 0) ||
	    (p->banner && set_banner(ctx, c, r) != 0))
		return tempfail(ctx, "yojin: cannot change the message");
	if (p->learn && M.setup.learn != NULL)
		M.setup.learn(r->msg, c->ref->conf, M.setup.arg);
	log_result(ctx, c, r, p, hold_id);
	return SMFIS_CONTINUE;
}

/* cb_eom - decide and act */
static sfsistat
cb_eom(SMFICTX *ctx)
{
	struct conn *c = conn_of(ctx);
	const struct yj_result *r = NULL;
	struct yj_milter_facts facts;
	struct yj_milter_plan p;
	enum yj_direction dir;

	if (c->s == NULL)
		return tempfail(ctx, "yojin: no session");
	/*
	 * A server can go away under us; a local SQLite file cannot (its
	 * errors show where it is written), and a query per message costs
	 * a fifth of the milter's time
	 */
	if (strcmp(yj_store_driver(M.setup.store), "sqlite") != 0 &&
	    yj_store_ping(M.setup.store) != 0)
		return tempfail(ctx, "yojin: the store does not answer; try "
		    "again later");
	dir = direction(c);
	if (is_notice(c)) {
		yj_debug("%s: yojin's own notice passed",
		    smfi_getsymval(ctx, "i"));
		return strip_forged(ctx, c) == 0 ? SMFIS_CONTINUE :
		    tempfail(ctx, "yojin: cannot change the message");
	}
	if (c->ncommands > 0 && run_commands(ctx, c, dir))
		return SMFIS_DISCARD;
	if (!c->oversize)
		r = yj_session_eom(c->s, dir);
	memset(&facts, 0, sizeof(facts));
	facts.oversize = c->oversize;
	facts.size = c->size;
	facts.external_rcpt = external_rcpt(c, r);
	facts.host = M.host;
	yj_milter_plan(c->a, c->ref->conf, r, &facts, &p);
	return apply(ctx, c, r, &p);
}

/* cb_abort - the transaction ends without a message */
static sfsistat
cb_abort(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL && c->s != NULL) {
		yj_session_abort(c->s);
		reset_txn(c);
	}
	return SMFIS_CONTINUE;
}

/* cb_close - the connection ends */
static sfsistat
cb_close(SMFICTX *ctx)
{
	struct conn *c = smfi_getpriv(ctx);

	if (c != NULL)
		conn_free(ctx, c);
	return SMFIS_CONTINUE;
}

/* ---- threads and start-up -------------------------------------------- */

/* learn_held - a released hold, for the learning hook */
static void
learn_held(const struct yj_hold_rec *r, void *arg)
{
	const struct yj_conf *conf = arg;

	if (M.setup.learn_held != NULL)
		M.setup.learn_held(r, conf, M.setup.arg);
}

/* service_round - one run of the hold service */
static void
service_round(void)
{
	struct yj_hold_stats st;
	struct yj_hold_env env;
	struct eref *r = acquire();
	char actor[300];

	snprintf(actor, sizeof(actor), "timer@%s", M.host);
	hold_env(&env, r->conf, actor);
	env.released = learn_held;
	env.arg = r->conf;
	(void)yj_hold_service(&env, &st);
	if (st.notices || st.expired || st.resumed || st.errors)
		yj_info("hold service: %u notices, %u deadlines, %u resumed, "
		    "%u errors", st.notices, st.expired, st.resumed, st.errors);
	release(r);
}

/* service_main - the hold service thread */
static void *
service_main(void *unused)
{
	struct timespec ts;
	long interval;

	(void)unused;
	pthread_mutex_lock(&M.lock);
	while (!M.stopping) {
		pthread_mutex_unlock(&M.lock);
		service_round();
		pthread_mutex_lock(&M.lock);
		if (M.stopping)
			break;
		interval = M.current->conf->hold.check_interval_s;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += interval;
		(void)pthread_cond_timedwait(&M.wake, &M.lock, &ts);
	}
	pthread_mutex_unlock(&M.lock);
	yj_store_thread_done(M.setup.store);
	return NULL;
}

/* milter_main - smfi_main on its own thread */
static void *
milter_main(void *unused)
{
	(void)unused;
	if (smfi_main() != MI_SUCCESS)
		yj_error("libmilter stopped with an error");
	(void)!write(M.done[1], "x", 1);
	return NULL;
}

/* inet_in_use - something already listens on PORT@HOST */
static bool
inet_in_use(const char *spec, bool v6, char *err, size_t errsz)
{
	struct addrinfo hints = { 0 }, *ai;
	char port[16], host[256];
	const char *at = strchr(spec, '@');
	bool used = false;
	int fd, one = 1;

	snprintf(port, sizeof(port), "%.*s", (int)(at ? at - spec :
	    (long)strlen(spec)), spec);
	snprintf(host, sizeof(host), "%s", at ? at + 1 : (v6 ? "::" :
	    "0.0.0.0"));
	hints.ai_family = v6 ? AF_INET6 : AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	if (getaddrinfo(host, port, &hints, &ai) != 0) {
		snprintf(err, errsz, "cannot resolve '%s'", host);
		return true;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0) {
		(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
		    sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
			used = true;
			snprintf(err, errsz, "%s", errno == EADDRINUSE ?
			    "address already in use" : errno == EACCES ?
			    "permission denied" : "cannot bind");
		}
		close(fd);
	}
	freeaddrinfo(ai);
	return used;
}

/* unix_in_use - a live socket at path, or something that is no socket */
static bool
unix_in_use(const char *path, char *err, size_t errsz)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	bool used = false;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errsz, "socket path too long");
		return true;
	}
	if (stat(path, &st) != 0)
		return false;
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(err, errsz, "exists and is not a socket");
		return true;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sun, sizeof(sun)) ==
	    0) {
		used = true;
		snprintf(err, errsz, "another process is listening there");
	}
	if (fd >= 0)
		close(fd);
	return used;
}

/* yj_milter_spec_in_use - the listening address is taken */
bool
yj_milter_spec_in_use(const char *spec, char *err, size_t errsz)
{
	if (strncmp(spec, "inet:", 5) == 0)
		return inet_in_use(spec + 5, false, err, errsz);
	if (strncmp(spec, "inet6:", 6) == 0)
		return inet_in_use(spec + 6, true, err, errsz);
	if (strncmp(spec, "unix:", 5) == 0 || strncmp(spec, "local:", 6) == 0)
		return unix_in_use(strchr(spec, ':') + 1, err, errsz);
	snprintf(err, errsz, "unknown kind of address");
	return true;
}

/*
 * set_nodelay - TCP_NODELAY on the listening socket libmilter opened,
 * which Linux passes on to every accepted connection.  At end of message
 * the milter sends several replies in a row (header changes, body, the
 * verdict) and the MTA answers none but the last: with Nagle's algorithm
 * each small write after the first waits for an acknowledgement the MTA
 * delays by 40 ms, which measured as +43 ms per message through Postfix
 * (bench/milter).  libmilter does not expose its socket, so it is found
 * among our descriptors: the listening TCP socket on our port.
 */
static void
set_nodelay(const char *listen)
{
	struct sockaddr_storage ss;
	socklen_t len, ilen;
	unsigned long port;
	const char *p = strchr(listen, ':');
	int fd, on = 1, acc;
	char num[8];

	if (strncmp(listen, "inet", 4) != 0 || p == NULL)
		return;
	snprintf(num, sizeof(num), "%.*s", (int)strcspn(p + 1, "@"), p + 1);
	if (yj_parse_uint(num, 65535, &port) != 0)
		return;
	for (fd = 3; fd < 1024; fd++) {
		len = sizeof(ss);
		ilen = sizeof(acc);
		if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
		    (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) ||
		    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &acc,
		    &ilen) != 0 || !acc)
			continue;
		if (ntohs(((struct sockaddr_in *)&ss)->sin_port) == port)
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on,
			    sizeof(on));
	}
}

/* yj_milter_open - register and listen */
int
yj_milter_open(const char *listen, unsigned timeout, int debug, char *err,
    size_t errsz)
{
	static struct smfiDesc desc = {
		.xxfi_name = "yojin",
		.xxfi_version = SMFI_VERSION,
		.xxfi_flags = ACTIONS,
		.xxfi_connect = cb_connect,
		.xxfi_helo = cb_helo,
		.xxfi_envfrom = cb_envfrom,
		.xxfi_envrcpt = cb_envrcpt,
		.xxfi_header = cb_header,
		.xxfi_eoh = cb_eoh,
		.xxfi_body = cb_body,
		.xxfi_eom = cb_eom,
		.xxfi_abort = cb_abort,
		.xxfi_close = cb_close,
		.xxfi_negotiate = cb_negotiate,
	};
	char why[256] = "";

	if (yj_milter_spec_in_use(listen, why, sizeof(why))) {
		snprintf(err, errsz, "cannot listen on '%s': %s", listen, why);
		return YJ_EBUSY;
	}
	if (smfi_setconn((char *)listen) != MI_SUCCESS ||
	    smfi_settimeout((int)timeout) != MI_SUCCESS ||
	    smfi_setbacklog(256) != MI_SUCCESS ||
	    (debug > 0 && smfi_setdbg(debug) != MI_SUCCESS) ||
	    smfi_register(desc) != MI_SUCCESS) {
		snprintf(err, errsz, "cannot set libmilter up for '%s'",
		    listen);
		return YJ_EINVAL;
	}
	if (smfi_opensocket(true) != MI_SUCCESS) {
		snprintf(err, errsz, "cannot listen on '%s' (libmilter says "
		    "why above)", listen);
		return YJ_EIO;
	}
	set_nodelay(listen);
	return 0;
}

/* yj_milter_start - the threads */
int
yj_milter_start(const struct yj_milter_setup *setup, struct yj_conf *conf,
    struct yj_engine *engine, char *err, size_t errsz)
{
	sigset_t all, old;
	const char *chunk;
	unsigned long v;
	int rc;

	M.setup = *setup;
	if ((chunk = getenv("YOJIN_MILTER_BODY_CHUNK")) != NULL &&
	    yj_parse_uint(chunk, BODY_CHUNK, &v) == 0 && v >= 64)
		M.chunk = v;
	yj_milter_swap(conf, engine);
	if (pipe2(M.done, O_CLOEXEC) != 0) {
		snprintf(err, errsz, "pipe: out of descriptors");
		return YJ_EIO;
	}
	/* signals belong to the main thread: the threads block them all */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&M.milter_thread, NULL, milter_main, NULL);
	if (rc == 0 && (rc = pthread_create(&M.service_thread, NULL,
	    service_main, NULL)) != 0) {
		smfi_stop();
		pthread_join(M.milter_thread, NULL);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		snprintf(err, errsz, "cannot start threads");
		return YJ_EIO;
	}
	M.started = true;
	return 0;
}

/* yj_milter_done_fd - readable when smfi_main returned */
int
yj_milter_done_fd(void)
{
	return M.done[0];
}

/* yj_milter_stop - orderly end */
void
yj_milter_stop(unsigned grace_s)
{
	int64_t until = yj_time_monotonic_ms() + (int64_t)grace_s * 1000;
	unsigned active;

	if (!M.started)
		return;
	smfi_stop();
	pthread_join(M.milter_thread, NULL);
	do {
		pthread_mutex_lock(&M.lock);
		active = M.active;
		pthread_mutex_unlock(&M.lock);
		if (active > 0)
			usleep(50000);
	} while (active > 0 && yj_time_monotonic_ms() < until);
	if (active > 0)
		yj_warn("stopping with %u connections still open", active);
	pthread_mutex_lock(&M.lock);
	M.stopping = true;
	pthread_cond_signal(&M.wake);
	pthread_mutex_unlock(&M.lock);
	pthread_join(M.service_thread, NULL);
	if (active == 0) {
		release(M.current);
		M.current = NULL;
	}
	M.started = false;
}
