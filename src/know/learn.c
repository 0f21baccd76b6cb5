/*
 * learn.c - one sent message into the history
 *
 * Who sent it: the From mailbox when there is exactly one and it is
 * internal.  A mailbox exported from a client may hold mail whose From
 * is missing, several, or someone else's (mail sent on behalf, with the
 * owner in Sender:); then the owner named by opts->sender is used if the
 * message shows that address (Sender:, or From among several) or has no
 * usable From at all.  Mail from outside is not sent mail: inbox folders
 * mixed into what is learned are skipped with a reason.
 *
 * What is kept: recipients (To, Cc, Bcc and envelope recipients, each
 * address once, not the sender), the display name written for each,
 * the organisations named in the greeting (tied to the recipients'
 * organisation when all external recipients are one organisation) and
 * those a legal form marks in the text, and the thread ids.  Never the
 * subject or the text themselves.
 *
 * The key that makes learning idempotent is the Message-ID with the
 * sender (the same message filed in two folders, or seen by the milter
 * and later in a sent folder, is one message); without a Message-ID, a
 * SHA-256 over sender, date, subject, recipients and the normalised text.
 * All rows of one message are written in one transaction.
 */
#include <stdio.h>
#include <string.h>

#include "know/know.h"
#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/filetype.h"
#include "mail/greeting.h"
#include "mail/orgname.h"
#include "store/history.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

#define MAX_REFS	32	/* thread ids kept per message */
#define MAX_ID		500	/* bytes of one Message-ID */
#define MAX_NAME	200	/* bytes of one display name */
#define MAX_ORGS	20	/* organisations recorded per message */

struct learn {
	struct yj_arena		*a;
	const struct yj_conf	*conf;
	const struct yj_msg	*m;
	struct yj_history_msg	 h;
	size_t			 rcap;
	const char		*own_key;
};

/* internal - an address of the organisation */
static bool
internal(const struct yj_conf *c, const char *addr)
{
	return addr != NULL && yj_org_is_internal_addr(&c->org, addr);
}

/* list_has - addr is one of the list's mailboxes */
static bool
list_has(const struct yj_addrlist *l, const char *addr)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (yj_str_ieq(l->v[i].addr, addr))
			return true;
	return false;
}

/* pick_sender - the internal sender, or NULL with *why */
static const char *
pick_sender(const struct learn *l, const struct yj_learn_opts *o,
    const char **why)
{
	const struct yj_mailbox *from = yj_msg_from(l->m);
	const char *owner = o != NULL ? o->sender : NULL;

	if (from != NULL && internal(l->conf, from->addr))
		return from->addr;
	if (owner != NULL && *owner != '\0' && internal(l->conf, owner) &&
	    (from == NULL || list_has(&l->m->sender, owner) ||
	    list_has(&l->m->from, owner)))
		return owner;
	if (from == NULL)
		*why = l->m->from.nr > 1 ? "several From addresses (give "
		    "--sender)" : "no From address (give --sender)";
	else
		*why = "From is not an internal address";
	return NULL;
}

/* clean_name - a display name fit to store, or "" */
static const char *
clean_name(struct yj_arena *a, const struct yj_mailbox *mb)
{
	const char *n = mb->name;
	size_t len;

	if (n == NULL || *n == '\0' || strchr(n, '@') != NULL)
		return "";
	len = strlen(n);
	if (len > MAX_NAME)
		len = MAX_NAME;
	return yj_utf8_repair(a, n, len);
}

/* add_rcpt - one recipient, once */
static void
add_rcpt(struct learn *l, const char *addr, const char *name)
{
	struct yj_history_rcpt *r;
	const char *low, *d;
	size_t i;

	if (addr == NULL || strchr(addr, '@') == NULL ||
	    !yj_utf8_valid(addr, strlen(addr)))
		return;
	low = yj_str_lower(l->a, addr);
	if (strcmp(low, l->h.sender) == 0)
		return;
	for (i = 0; i < l->h.nrcpts; i++) {
		if (strcmp(l->h.rcpts[i].addr, low) != 0)
			continue;
		if (*l->h.rcpts[i].name == '\0' && *name != '\0')
			l->h.rcpts[i].name = name;	/* envelope first */
		return;
	}
	if (l->h.nrcpts == l->rcap) {
		l->rcap = l->rcap ? l->rcap * 2 : 16;
		l->h.rcpts = yj_arena_grow(l->a, l->h.rcpts, l->h.nrcpts,
		    l->rcap, sizeof(*l->h.rcpts));
	}
	r = &l->h.rcpts[l->h.nrcpts++];
	d = yj_addr_domain(low);
	r->addr = low;
	r->domain = d != NULL && *d ? yj_domain_registrable(l->a, d) : "";
	r->name = name;
}

/* rcpts - every recipient of the message */
static void
rcpts(struct learn *l)
{
	const struct yj_addrlist *lists[3] = { &l->m->to, &l->m->cc,
		&l->m->bcc };
	size_t i, j;

	for (i = 0; i < 3; i++)
		for (j = 0; j < lists[i]->nr; j++)
			add_rcpt(l, lists[i]->v[j].addr,
			    clean_name(l->a, &lists[i]->v[j]));
	for (i = 0; i < l->m->env.rcpts.nr; i++)
		add_rcpt(l, l->m->env.rcpts.v[i], "");
	for (i = 0; i < l->h.nrcpts; i++)
		l->h.rcpts[i].nkeys = yj_know_contact_keys(l->a,
		    l->h.rcpts[i].name, "", &l->h.rcpts[i].keys);
}

/* add_ref - one thread id, once, if fit to store */
static void
add_ref(struct learn *l, const char *id)
{
	size_t i;

	if (id == NULL || *id == '\0' || strlen(id) > MAX_ID ||
	    !yj_utf8_valid(id, strlen(id)) || l->h.nrefs >= MAX_REFS ||
	    strcmp(id, l->h.msgid) == 0)
		return;
	for (i = 0; i < l->h.nrefs; i++)
		if (strcmp(l->h.refs[i], id) == 0)
			return;
	l->h.refs[l->h.nrefs++] = id;
}

/* refs - In-Reply-To, then References from the newest */
static void
refs(struct learn *l)
{
	const struct yj_strvec *r = &l->m->references;
	size_t i;

	l->h.refs = yj_arena_allocarray(l->a, MAX_REFS, sizeof(*l->h.refs));
	for (i = 0; i < l->m->in_reply_to.nr; i++)
		add_ref(l, l->m->in_reply_to.v[i]);
	for (i = r->nr; i > 0; i--)
		add_ref(l, r->v[i - 1]);
}

/* content_key - SHA-256 of what makes the message this message */
static const char *
content_key(struct learn *l)
{
	struct yj_buf b;
	char hex[65];
	size_t i;

	yj_buf_init(&b, 16UL * 1024 * 1024);
	(void)!yj_buf_addf(&b, "%s\n%lld\n%s\n", l->h.sender,
	    (long long)l->m->date, l->m->subject);
	for (i = 0; i < l->h.nrcpts; i++)
		(void)!yj_buf_addf(&b, "%s\n", l->h.rcpts[i].addr);
	(void)!yj_buf_adds(&b, l->m->body_nfkc);
	yj_sha256_hex(b.data != NULL ? b.data : "", b.len, hex);
	yj_buf_release(&b);
	return yj_arena_printf(l->a, "sha:%s", hex);
}

/* msg_key - the idempotency key */
static const char *
msg_key(struct learn *l)
{
	const char *id = l->m->message_id;

	if (id != NULL && *id != '\0' && strlen(id) <= MAX_ID &&
	    yj_utf8_valid(id, strlen(id)))
		return yj_arena_printf(l->a, "mid:%s\n%s", id, l->h.sender);
	return content_key(l);
}

/* one_org_domain - the registrable domain when every external
 * recipient is at one organisation, else "" */
static const char *
one_org_domain(struct learn *l)
{
	const char *d = NULL;
	size_t i;

	for (i = 0; i < l->h.nrcpts; i++) {
		const struct yj_history_rcpt *r = &l->h.rcpts[i];

		if (internal(l->conf, r->addr) || *r->domain == '\0')
			continue;
		if (yj_domain_is_consumer(r->domain))
			return "";
		if (d != NULL && strcmp(d, r->domain) != 0)
			return "";
		d = r->domain;
	}
	return d != NULL ? d : "";
}

/* add_org - one organisation reference, once per key */
static void
add_org(struct learn *l, const char *name, bool greeting,
    const char *domain)
{
	struct yj_history_orgref *o;
	const char *key;
	size_t i;

	if (l->h.norgs >= MAX_ORGS || name == NULL || *name == '\0')
		return;
	key = yj_orgname_key(l->a, name);
	if (*key == '\0' || strcmp(key, l->own_key) == 0)
		return;
	for (i = 0; i < l->h.norgs; i++) {
		if (strcmp(l->h.orgs[i].key, key) != 0)
			continue;
		l->h.orgs[i].greeting |= greeting;
		return;
	}
	o = &l->h.orgs[l->h.norgs++];
	o->key = key;
	o->name = yj_str_trim(l->a, name, strlen(name) > MAX_NAME ? MAX_NAME :
	    strlen(name));
	o->domain = domain;
	o->greeting = greeting;
}

/* orgs - organisations in the greeting and marked in the text */
static void
orgs(struct learn *l)
{
	const struct yj_text *t = yj_greeting_main_text(l->m);
	const char *domain = one_org_domain(l), *nf;
	struct yj_orgname_mark *mk;
	struct yj_greeting *g;
	size_t i, n;

	l->h.orgs = yj_arena_allocarray(l->a, MAX_ORGS, sizeof(*l->h.orgs));
	if (t == NULL)
		return;
	n = yj_greeting_parse(l->a, t->text, t->len, 8, &g);
	for (i = 0; i < n; i++)
		if (g[i].kind != YJ_GREET_GROUP && *g[i].org != '\0')
			add_org(l, g[i].org, true, domain);
	nf = yj_nfkc(l->a, t->text, t->len);
	n = yj_orgname_extract(l->a, nf, strlen(nf), MAX_ORGS, &mk);
	for (i = 0; i < n; i++)
		add_org(l, mk[i].name, false, domain);
}

/* write_tx - yj_db_transact body */
static int
write_tx(struct yj_db *db, void *arg)
{
	struct learn *l = arg;
	bool added;
	int rc;

	rc = yj_history_add(db, &l->h, yj_time_now(), &added);
	if (rc == 0 && !added)
		rc = YJ_EEXIST;		/* rolled back: nothing was written */
	return rc;
}

/* prepare - fill l->h; false with *why when the message is not learned */
static bool
prepare(struct learn *l, const struct yj_learn_opts *o,
    struct yj_learn_result *res)
{
	const char *sender;

	if (yj_msg_has_anomaly(l->m, YJ_ANOM_NOT_MAIL)) {
		res->status = YJ_LEARN_BROKEN;
		res->why = "not a mail message";
		return false;
	}
	sender = pick_sender(l, o, &res->why);
	if (sender == NULL) {
		res->status = YJ_LEARN_NOT_SENT;
		return false;
	}
	l->h.sender = yj_str_lower(l->a, sender);
	l->h.msgid = l->m->message_id != NULL ? l->m->message_id : "";
	l->h.sent_at = l->m->date != 0 ? l->m->date :
	    (o != NULL && o->now != 0 ? o->now : yj_time_now());
	rcpts(l);
	if (l->h.nrcpts == 0) {
		res->status = YJ_LEARN_BROKEN;
		res->why = "no recipient";
		return false;
	}
	refs(l);
	orgs(l);
	l->h.key = msg_key(l);
	res->sender = l->h.sender;
	res->recipients = l->h.nrcpts;
	res->orgs = l->h.norgs;
	return true;
}

/* yj_know_learn - record one sent message */
int
yj_know_learn(struct yj_store *store, const struct yj_conf *conf,
    const struct yj_msg *m, const struct yj_learn_opts *o,
    struct yj_learn_result *res)
{
	struct learn l;
	struct yj_db *db;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&l, 0, sizeof(l));
	l.a = m->arena;
	l.conf = conf;
	l.m = m;
	l.own_key = yj_orgname_key(l.a, conf->org.name != NULL ?
	    conf->org.name : "");
	if (!prepare(&l, o, res))
		return 0;
	res->status = YJ_LEARN_ADDED;
	if (o != NULL && o->dry_run)
		return 0;
	if ((rc = yj_store_db(store, &db)) != 0)
		return rc;
	rc = yj_db_transact(db, 0, write_tx, &l);
	if (rc == YJ_EEXIST) {
		res->status = YJ_LEARN_KNOWN;
		rc = 0;
	}
	return rc;
}
