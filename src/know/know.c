/*
 * know.c - struct yj_knowledge served from the store
 *
 * Per-address questions (who is this, does this sender write to it,
 * which thread is this) are answered by the store on the calling
 * thread's connection, so they are never stale: a message learned by
 * one milter thread is known to the next message on another.
 *
 * Questions over everything known (which organisations does this text
 * name, which domains exist for typo matching, how much is known) use a
 * snapshot: an orgset (know/orgset.h), a sorted domain table and the
 * counts.  The current snapshot is reference counted; a lookup takes a
 * reference under the lock and drops it afterwards, and a rebuild swaps
 * in a new one, so a lookup never sees a half-built snapshot and an old
 * one is freed by whoever drops the last reference.  Whether the store
 * changed is read from the contacts and history generation counters,
 * at most every refresh_seconds, by one thread at a time.
 *
 * What goes into the organisation set: the address book's organisations
 * with their domains, and organisations learned from sent mail: tied to
 * a domain when they were named in a greeting to it, or named at least
 * MIN_MENTIONS times in mail to it; otherwise known by name only.  The
 * organisation's own name and internal domains are left out, and
 * consumer mail domains are never an organisation's domain.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "know/know.h"
#include "know/orgset.h"
#include "mail/domain.h"
#include "mail/orgname.h"
#include "store/contacts.h"
#include "store/history.h"
#include "store/store.h"
#include "util/sort.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"
#include "util/str.h"
#include "util/time.h"

#define MIN_MENTIONS	3	/* body mentions that tie a name to a domain */
#define MAX_ORGS_AT	16	/* organisations returned per domain */

struct domain_row {
	const char	*domain;
	unsigned	 sources;
	uint32_t	 addrs;
	uint32_t	 sent;
	int64_t		 first_sent;
	int64_t		 last_sent;
};

struct snap {
	int			 refs;
	struct yj_arena		*a;
	struct orgset		*orgs;
	struct domain_row	*dom;
	size_t			 ndom;
	size_t			 domcap;
	struct yj_kb_stats	 stats;
	int64_t			 gen_contacts;
	int64_t			 gen_history;
};

struct yj_know {
	struct yj_store		*store;
	const struct yj_conf	*conf;
	char			*own_key;	/* organization.name's key */
	unsigned		 refresh;	/* seconds, 0: manual */
	pthread_mutex_t		 lock;
	struct snap		*cur;
	int64_t			 checked_at;
	bool			 checking;
};

/* ---- snapshot ----------------------------------------------------------- */

/* snap_unref - drop a reference; the last one frees */
static void
snap_unref(struct snap *s)
{
	if (s == NULL || --s->refs > 0)
		return;
	orgset_free(s->orgs);
	yj_free(s->dom);
	yj_arena_free(s->a);
	yj_free(s);
}

/* dom_find - the row of a domain in a sorted table, or NULL */
static struct domain_row *
dom_find(const struct snap *s, const char *domain)
{
	size_t lo = 0, hi = s->ndom, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(domain, s->dom[mid].domain);
		if (c == 0)
			return &s->dom[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* dom_add - append a row (sorted later) */
static struct domain_row *
dom_add(struct snap *s, const char *domain)
{
	if (s->ndom == s->domcap) {
		s->domcap = s->domcap ? s->domcap * 2 : 256;
		s->dom = yj_xreallocarray(s->dom, s->domcap, sizeof(*s->dom));
	}
	memset(&s->dom[s->ndom], 0, sizeof(s->dom[0]));
	s->dom[s->ndom].domain = yj_arena_strdup(s->a, domain);
	return &s->dom[s->ndom++];
}

/* on_history_domain - a domain written to */
static int
on_history_domain(const struct yj_history_domain *d, void *arg)
{
	struct domain_row *r = dom_add(arg, d->domain);

	r->sources = YJ_KB_SENT;
	r->addrs = (uint32_t)d->addrs;
	r->sent = (uint32_t)d->sent;
	r->first_sent = d->first_sent;
	r->last_sent = d->last_sent;
	return 0;
}

/* by_domain - domain table order */
static int
by_domain(const void *x, const void *y)
{
	const struct domain_row *a = x, *b = y;

	return strcmp(a->domain, b->domain);
}

/* on_contacts_domain - a domain of the address book */
static int
on_contacts_domain(const char *domain, int64_t people, void *arg)
{
	struct snap *s = arg;
	struct domain_row *r = dom_find(s, domain);

	if (r == NULL) {
		r = dom_add(s, domain);
		r->addrs = (uint32_t)people;
		/* the table stays sorted only after the final qsort */
	} else if ((uint32_t)people > r->addrs) {
		r->addrs = (uint32_t)people;
	}
	r->sources |= YJ_KB_CONTACTS;
	return 0;
}

struct org_build {
	struct yj_know	*k;
	struct snap	*s;
};

/* usable_domain - may be an organisation's domain */
static bool
usable_domain(const struct yj_know *k, const char *domain)
{
	return domain != NULL && *domain != '\0' &&
	    !yj_domain_is_consumer(domain) &&
	    !yj_org_is_internal_domain(&k->conf->org, domain);
}

/* own - the key is the organisation's own name */
static bool
own(const struct yj_know *k, const char *key)
{
	return *k->own_key != '\0' && strcmp(k->own_key, key) == 0;
}

/* on_contacts_org - an organisation of the address book */
static int
on_contacts_org(const char *key, const char *org, const char *domain,
    int64_t people, void *arg)
{
	struct org_build *b = arg;

	(void)people;
	if (own(b->k, key) || (domain != NULL && *domain != '\0' &&
	    yj_org_is_internal_domain(&b->k->conf->org, domain)))
		return 0;
	orgset_add(b->s->orgs, key, org, usable_domain(b->k, domain) ?
	    domain : NULL, YJ_KB_CONTACTS, 0);
	return 0;
}

/* on_history_org - an organisation named in sent mail */
static int
on_history_org(const struct yj_history_org *o, void *arg)
{
	struct org_build *b = arg;
	bool tied;

	if (own(b->k, o->key) || (*o->domain != '\0' &&
	    yj_org_is_internal_domain(&b->k->conf->org, o->domain)))
		return 0;
	tied = usable_domain(b->k, o->domain) &&
	    (o->greetings > 0 || o->mentions >= MIN_MENTIONS);
	orgset_add(b->s->orgs, o->key, o->name, tied ? o->domain : NULL,
	    YJ_KB_SENT, (uint32_t)(o->greetings + o->mentions));
	return 0;
}

/* load_stats - counts of the book and the history */
static int
load_stats(struct yj_db *db, struct snap *s)
{
	struct yj_history_stats hs;
	int64_t n;
	int rc;

	if ((rc = yj_contacts_count(db, &n)) != 0 ||
	    (rc = yj_history_stats(db, &hs)) != 0)
		return rc;
	s->stats.contacts = (uint64_t)n;
	s->stats.messages = (uint64_t)hs.messages;
	s->stats.senders = (uint64_t)hs.senders;
	s->stats.addresses = (uint64_t)hs.addresses;
	s->stats.first_sent = hs.first_sent;
	s->stats.last_sent = hs.last_sent;
	return 0;
}

/* build - a new snapshot from the store */
static int
build(struct yj_know *k, struct snap **out, char *err, size_t errsz)
{
	struct snap *s = yj_xcalloc(1, sizeof(*s));
	struct org_build b = { k, s };
	struct yj_db *db;
	int rc;

	s->refs = 1;
	s->a = yj_arena_new();
	s->orgs = orgset_new();
	if ((rc = yj_store_db(k->store, &db)) != 0)
		goto fail;
	if ((rc = yj_contacts_generation(db, &s->gen_contacts)) != 0 ||
	    (rc = yj_history_generation(db, &s->gen_history)) != 0 ||
	    (rc = load_stats(db, s)) != 0 ||
	    (rc = yj_history_each_domain(db, on_history_domain, s)) != 0)
		goto fail;
	yj_sort(s->dom, s->ndom, sizeof(*s->dom), by_domain);
	if ((rc = yj_contacts_each_domain(db, on_contacts_domain, s)) != 0)
		goto fail;
	yj_sort(s->dom, s->ndom, sizeof(*s->dom), by_domain);
	if ((rc = yj_contacts_each_org(db, on_contacts_org, &b)) != 0 ||
	    (rc = yj_history_each_org(db, on_history_org, &b)) != 0)
		goto fail;
	if ((rc = orgset_compile(s->orgs, err, errsz)) != 0) {
		snap_unref(s);
		return rc;
	}
	*out = s;
	return 0;
fail:
	snprintf(err, errsz, "cannot read the knowledge in store '%s': %s",
	    yj_store_name(k->store), yj_store_errmsg(k->store));
	snap_unref(s);
	return rc;
}

/* changed - the store's generations differ from the snapshot's */
static bool
changed(struct yj_know *k, const struct snap *s)
{
	int64_t gc, gh;
	struct yj_db *db;

	if (yj_store_db(k->store, &db) != 0 ||
	    yj_contacts_generation(db, &gc) != 0 ||
	    yj_history_generation(db, &gh) != 0)
		return false;	/* keep serving the old one */
	return gc != s->gen_contacts || gh != s->gen_history;
}

/* swap - make s current */
static void
swap(struct yj_know *k, struct snap *s)
{
	struct snap *old;

	pthread_mutex_lock(&k->lock);
	old = k->cur;
	k->cur = s;
	snap_unref(old);
	pthread_mutex_unlock(&k->lock);
}

/* yj_know_refresh - rebuild when the store changed */
int
yj_know_refresh(struct yj_know *k)
{
	char err[512];
	struct snap *cur, *s;
	int rc;

	pthread_mutex_lock(&k->lock);
	cur = k->cur;
	cur->refs++;
	pthread_mutex_unlock(&k->lock);
	rc = 0;
	if (changed(k, cur)) {
		rc = build(k, &s, err, sizeof(err));
		if (rc == 0)
			swap(k, s);
		else
			yj_warn("%s", err);
	}
	pthread_mutex_lock(&k->lock);
	snap_unref(cur);
	pthread_mutex_unlock(&k->lock);
	return rc;
}

/* snap_get - the current snapshot, referenced; refreshes when due */
static struct snap *
snap_get(struct yj_know *k)
{
	struct snap *s;
	bool due = false;
	int64_t now;

	pthread_mutex_lock(&k->lock);
	if (k->refresh > 0 && !k->checking) {
		now = yj_time_monotonic_ms();
		if (now - k->checked_at >= (int64_t)k->refresh * 1000) {
			k->checking = due = true;
			k->checked_at = now;
		}
	}
	pthread_mutex_unlock(&k->lock);
	if (due) {
		(void)yj_know_refresh(k);
		pthread_mutex_lock(&k->lock);
		k->checking = false;
		pthread_mutex_unlock(&k->lock);
	}
	pthread_mutex_lock(&k->lock);
	s = k->cur;
	s->refs++;
	pthread_mutex_unlock(&k->lock);
	return s;
}

/* snap_put - release a snapshot taken with snap_get */
static void
snap_put(struct yj_know *k, struct snap *s)
{
	pthread_mutex_lock(&k->lock);
	snap_unref(s);
	pthread_mutex_unlock(&k->lock);
}

/* ---- lookups ------------------------------------------------------------ */

/* lower - lower-case copy of an address */
static const char *
lower(struct yj_arena *a, const char *s)
{
	return yj_str_lower(a, s != NULL ? s : "");
}

/* reg - the registrable domain of a domain, lower case */
static const char *
reg(struct yj_arena *a, const char *domain)
{
	return yj_domain_registrable(a, lower(a, domain));
}

/* db_of - the calling thread's connection */
static int
db_of(struct yj_know *k, struct yj_db **db)
{
	return yj_store_db(k->store, db);
}

/* kb_stats - counts from the snapshot */
static int
kb_stats(void *ctx, struct yj_kb_stats *out)
{
	struct yj_know *k = ctx;
	struct snap *s = snap_get(k);

	*out = s->stats;
	snap_put(k, s);
	return 0;
}

/* fill_contact - the address book's side of a person */
static void
fill_contact(struct yj_kb_person *p, const struct yj_contact *c)
{
	p->sources |= YJ_KB_CONTACTS;
	p->name = c->name;
	p->reading = c->reading;
	p->org = c->org;
	p->org_key = c->org_key;
	p->department = c->department;
}

/* fill_history - the sent mail's side of a person */
static void
fill_history(struct yj_kb_person *p, const struct yj_history_addr *h)
{
	p->sources |= YJ_KB_SENT;
	p->sent = (uint32_t)h->sent;
	p->senders = (uint32_t)h->senders;
	p->first_sent = h->first_sent;
	p->last_sent = h->last_sent;
	p->names = h->names;
	p->nnames = h->nnames;
	if (*p->name == '\0' && h->nnames > 0)
		p->name = h->names[0];
}

/* person_org - the one organisation known at the person's domain */
static void
person_org(struct yj_know *k, struct yj_arena *a, struct yj_kb_person *p)
{
	const struct orgset_org *v[2];
	const char *d = yj_addr_domain(p->addr);
	struct snap *s;

	if (*p->org != '\0' || d == NULL || *d == '\0')
		return;
	s = snap_get(k);
	if (orgset_at_domain(s->orgs, reg(a, d), v, 2) == 1) {
		p->org = yj_arena_strdup(a, v[0]->name);
		p->org_key = yj_arena_strdup(a, v[0]->key);
	}
	snap_put(k, s);
}

/* kb_person - what is known of one address */
static int
kb_person(void *ctx, struct yj_arena *a, const char *addr,
    struct yj_kb_person *out)
{
	struct yj_know *k = ctx;
	struct yj_history_addr h;
	struct yj_contact c;
	struct yj_db *db;
	int rc;

	memset(out, 0, sizeof(*out));
	out->addr = lower(a, addr);
	out->name = out->reading = out->org = out->org_key = "";
	out->department = "";
	if ((rc = db_of(k, &db)) != 0)
		return rc;
	rc = yj_contacts_get(db, a, out->addr, &c);
	if (rc == 0)
		fill_contact(out, &c);
	else if (rc != YJ_ENOENT)
		return rc;
	rc = yj_history_addr(db, a, out->addr, &h);
	if (rc == 0)
		fill_history(out, &h);
	else if (rc != YJ_ENOENT)
		return rc;
	if (out->sources == 0)
		return YJ_ENOENT;
	person_org(k, a, out);
	return 0;
}

/* add_unique - append addr to list unless present */
static void
add_unique(struct yj_arena *a, struct yj_strvec *v, const char *addr)
{
	if (!yj_strvec_has(v, addr))
		yj_strvec_push(a, v, addr);
}

/* kb_people_named - addresses whose owner bears a name */
static int
kb_people_named(void *ctx, struct yj_arena *a, const char *name, size_t max,
    struct yj_kb_person **v, size_t *n)
{
	struct yj_know *k = ctx;
	struct yj_strvec addrs = { 0 };
	struct yj_contact *cv;
	const char **hv, *key;
	struct yj_db *db;
	size_t i, cn = 0, hn = 0;
	int rc;

	*v = NULL;
	*n = 0;
	key = yj_personname_key(a, name != NULL ? name : "");
	if (*key == '\0')
		return YJ_ENOENT;
	if (max > YJ_KB_MAX_LIST)
		max = YJ_KB_MAX_LIST;
	if ((rc = db_of(k, &db)) != 0)
		return rc;
	rc = yj_contacts_by_key(db, a, key, max, &cv, &cn);
	if (rc != 0 && rc != YJ_ENOENT)
		return rc;
	rc = yj_history_by_key(db, a, key, max, &hv, &hn);
	if (rc != 0 && rc != YJ_ENOENT)
		return rc;
	for (i = 0; i < cn; i++)
		add_unique(a, &addrs, cv[i].addr);
	for (i = 0; i < hn; i++)
		add_unique(a, &addrs, hv[i]);
	*v = yj_arena_allocarray(a, addrs.nr + 1, sizeof(**v));
	for (i = 0; i < addrs.nr && *n < max; i++) {
		rc = kb_person(ctx, a, addrs.v[i], &(*v)[*n]);
		if (rc == 0)
			(*n)++;
		else if (rc != YJ_ENOENT)
			return rc;
	}
	return *n > 0 ? 0 : YJ_ENOENT;
}

/* find_in - the person for addr among v[0..n), or NULL */
static struct yj_kb_person *
find_in(struct yj_kb_person *v, size_t n, const char *addr)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].addr, addr) == 0)
			return &v[i];
	return NULL;
}

/* kb_people_at - known addresses at a registrable domain */
static int
kb_people_at(void *ctx, struct yj_arena *a, const char *domain, size_t max,
    struct yj_kb_person **v, size_t *n)
{
	struct yj_know *k = ctx;
	struct yj_history_peer *hv;
	struct yj_kb_person *p;
	struct yj_contact *cv;
	const char *d = reg(a, domain);
	struct yj_db *db;
	size_t i, cn = 0, hn = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (max > YJ_KB_MAX_LIST)
		max = YJ_KB_MAX_LIST;
	if ((rc = db_of(k, &db)) != 0)
		return rc;
	if ((rc = yj_history_at_domain(db, a, d, max, &hv, &hn)) != 0 &&
	    rc != YJ_ENOENT)
		return rc;
	if ((rc = yj_contacts_at_domain(db, a, d, max, &cv, &cn)) != 0 &&
	    rc != YJ_ENOENT)
		return rc;
	*v = yj_arena_allocarray(a, hn + cn + 1, sizeof(**v));
	for (i = 0; i < hn && *n < max; i++) {
		p = &(*v)[(*n)++];
		p->addr = hv[i].addr;
		p->name = p->reading = p->org = p->org_key = p->department = "";
		p->sources = YJ_KB_SENT;
		p->sent = (uint32_t)hv[i].sent;
		p->first_sent = hv[i].first_sent;
		p->last_sent = hv[i].last_sent;
	}
	for (i = 0; i < cn; i++) {
		p = find_in(*v, *n, cv[i].addr);
		if (p == NULL && *n >= max)
			continue;
		if (p == NULL) {
			p = &(*v)[(*n)++];
			p->addr = cv[i].addr;
			p->name = "";
		}
		fill_contact(p, &cv[i]);
	}
	return *n > 0 ? 0 : YJ_ENOENT;
}

/* kb_sender - one sender's learned mail */
static int
kb_sender(void *ctx, const char *sender, struct yj_kb_sender *out)
{
	struct yj_know *k = ctx;
	struct yj_arena *a = yj_arena_new();
	struct yj_history_sender h;
	struct yj_db *db;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_of(k, &db);
	if (rc == 0)
		rc = yj_history_sender(db, lower(a, sender), &h);
	yj_arena_free(a);
	if (rc != 0)
		return rc;
	out->messages = (uint32_t)h.messages;
	out->peers = (uint32_t)h.peers;
	out->first_sent = h.first_sent;
	out->last_sent = h.last_sent;
	return 0;
}

/* kb_sender_peer - one sender and one address */
static int
kb_sender_peer(void *ctx, const char *sender, const char *addr,
    struct yj_kb_peer *out)
{
	struct yj_know *k = ctx;
	struct yj_arena *a = yj_arena_new();
	struct yj_history_peer h;
	struct yj_db *db;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_of(k, &db);
	if (rc == 0)
		rc = yj_history_peer(db, lower(a, sender), lower(a, addr), &h);
	yj_arena_free(a);
	if (rc != 0)
		return rc;
	out->addr = addr;
	out->sent = (uint32_t)h.sent;
	out->first_sent = h.first_sent;
	out->last_sent = h.last_sent;
	return 0;
}

/* kb_sender_peers - the addresses a sender writes to */
static int
kb_sender_peers(void *ctx, struct yj_arena *a, const char *sender,
    size_t max, struct yj_kb_peer **v, size_t *n)
{
	struct yj_know *k = ctx;
	struct yj_history_peer *hv;
	struct yj_db *db;
	size_t i, hn = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if (max > YJ_KB_MAX_LIST)
		max = YJ_KB_MAX_LIST;
	if ((rc = db_of(k, &db)) != 0)
		return rc;
	rc = yj_history_peers(db, a, lower(a, sender), max, &hv, &hn);
	if (rc != 0)
		return rc;
	*v = yj_arena_allocarray(a, hn + 1, sizeof(**v));
	for (i = 0; i < hn; i++) {
		(*v)[i].addr = hv[i].addr;
		(*v)[i].sent = (uint32_t)hv[i].sent;
		(*v)[i].first_sent = hv[i].first_sent;
		(*v)[i].last_sent = hv[i].last_sent;
	}
	*n = hn;
	return 0;
}

/* copy_org - an orgset organisation into the caller's arena */
static void
copy_org(struct yj_arena *a, const struct orgset_org *o,
    struct yj_kb_org *out)
{
	size_t i;

	out->key = yj_arena_strdup(a, o->key);
	out->name = yj_arena_strdup(a, o->name);
	out->domains = yj_arena_allocarray(a, o->ndomains + 1,
	    sizeof(*out->domains));
	for (i = 0; i < o->ndomains; i++)
		out->domains[i] = yj_arena_strdup(a, o->domains[i]);
	out->ndomains = o->ndomains;
	out->sources = o->sources;
	out->mentions = o->mentions;
}

/* domain_orgs - organisations at a domain, from the snapshot */
static void
domain_orgs(struct yj_know *k, struct yj_arena *a, const char *d,
    struct yj_kb_domain *out)
{
	const struct orgset_org *v[MAX_ORGS_AT];
	struct snap *s = snap_get(k);
	size_t i, n;

	n = orgset_at_domain(s->orgs, d, v, MAX_ORGS_AT);
	out->orgs = yj_arena_allocarray(a, n + 1, sizeof(*out->orgs));
	for (i = 0; i < n; i++)
		copy_org(a, v[i], &out->orgs[i]);
	out->norgs = n;
	snap_put(k, s);
}

/* kb_domain - what is known of a domain's organisation */
static int
kb_domain(void *ctx, struct yj_arena *a, const char *domain,
    struct yj_kb_domain *out)
{
	struct yj_know *k = ctx;
	struct yj_history_domain h;
	struct yj_contact *cv;
	struct yj_db *db;
	size_t cn = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->domain = reg(a, domain);
	if ((rc = db_of(k, &db)) != 0)
		return rc;
	rc = yj_history_domain(db, out->domain, &h);
	if (rc == 0) {
		out->sources |= YJ_KB_SENT;
		out->addrs = (uint32_t)h.addrs;
		out->sent = (uint32_t)h.sent;
		out->first_sent = h.first_sent;
		out->last_sent = h.last_sent;
	} else if (rc != YJ_ENOENT) {
		return rc;
	}
	rc = yj_contacts_at_domain(db, a, out->domain, YJ_KB_MAX_LIST, &cv,
	    &cn);
	if (rc != 0 && rc != YJ_ENOENT)
		return rc;
	if (cn > 0) {
		out->sources |= YJ_KB_CONTACTS;
		if (cn > out->addrs)
			out->addrs = (uint32_t)cn;
	}
	domain_orgs(k, a, out->domain, out);
	return out->sources != 0 || out->norgs > 0 ? 0 : YJ_ENOENT;
}

/* kb_each_domain - every known domain, from the snapshot */
static int
kb_each_domain(void *ctx, yj_kb_domain_fn fn, void *arg)
{
	struct yj_know *k = ctx;
	struct snap *s = snap_get(k);
	struct yj_kb_domain d;
	size_t i;
	int rc = 0;

	for (i = 0; i < s->ndom && rc == 0; i++) {
		memset(&d, 0, sizeof(d));
		d.domain = s->dom[i].domain;
		d.sources = s->dom[i].sources;
		d.addrs = s->dom[i].addrs;
		d.sent = s->dom[i].sent;
		d.first_sent = s->dom[i].first_sent;
		d.last_sent = s->dom[i].last_sent;
		rc = fn(&d, arg);
	}
	snap_put(k, s);
	return rc > 0 ? 0 : rc;
}

/* kb_org - an organisation by any of its names */
static int
kb_org(void *ctx, struct yj_arena *a, const char *name, struct yj_kb_org *out)
{
	struct yj_know *k = ctx;
	const struct orgset_org *o;
	const char *key = yj_orgname_key(a, name != NULL ? name : "");
	struct snap *s;

	memset(out, 0, sizeof(*out));
	if (*key == '\0')
		return YJ_ENOENT;
	s = snap_get(k);
	o = orgset_get(s->orgs, key);
	if (o != NULL)
		copy_org(a, o, out);
	snap_put(k, s);
	return o != NULL ? 0 : YJ_ENOENT;
}

/* kb_find_orgs - known organisations named in a text */
static int
kb_find_orgs(void *ctx, struct yj_arena *a, const char *text, size_t len,
    size_t max, struct yj_kb_org_hit **v, size_t *n)
{
	struct yj_know *k = ctx;
	struct orgset_hit *hits;
	struct snap *s;
	size_t i, nh;

	*v = NULL;
	*n = 0;
	if (max > YJ_KB_MAX_LIST)
		max = YJ_KB_MAX_LIST;
	if (text == NULL || len == 0 || max == 0)
		return YJ_ENOENT;
	hits = yj_arena_allocarray(a, max, sizeof(*hits));
	s = snap_get(k);
	nh = orgset_find(s->orgs, text, len, hits, max);
	*v = yj_arena_allocarray(a, nh + 1, sizeof(**v));
	for (i = 0; i < nh; i++) {
		copy_org(a, hits[i].org, &(*v)[i].org);
		(*v)[i].matched = yj_arena_strdup(a, hits[i].matched);
		(*v)[i].off = hits[i].off;
		(*v)[i].len = hits[i].len;
	}
	snap_put(k, s);
	*n = nh;
	return nh > 0 ? 0 : YJ_ENOENT;
}

/* kb_thread - the learned thread of a message's ids */
static int
kb_thread(void *ctx, struct yj_arena *a, const char *const *ids, size_t nids,
    struct yj_kb_thread *out)
{
	struct yj_know *k = ctx;
	struct yj_history_thread t;
	struct yj_db *db;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = db_of(k, &db)) != 0)
		return rc;
	rc = yj_history_thread(db, a, ids, nids, YJ_KB_MAX_LIST, &t);
	if (rc != 0)
		return rc;
	out->id = yj_arena_printf(a, "%lld", (long long)t.id);
	out->known = t.known;
	out->messages = (uint32_t)t.messages;
	out->last_sent = t.last_sent;
	out->v = yj_arena_allocarray(a, t.nr + 1, sizeof(*out->v));
	for (i = 0; i < t.nr; i++) {
		out->v[i].addr = t.v[i].addr;
		out->v[i].messages = (uint32_t)t.v[i].messages;
		out->v[i].sender = t.v[i].sender;
	}
	out->nr = t.nr;
	return 0;
}

/* ---- life --------------------------------------------------------------- */

/* yj_know_new - knowledge over a store */
int
yj_know_new(struct yj_store *store, const struct yj_conf *conf,
    unsigned refresh_seconds, struct yj_know **out, char *err, size_t errsz)
{
	struct yj_know *k = yj_xcalloc(1, sizeof(*k));
	struct yj_arena *a = yj_arena_new();
	int rc;

	*out = NULL;
	k->store = store;
	k->conf = conf;
	k->refresh = refresh_seconds;
	k->own_key = yj_xstrdup(yj_orgname_key(a, conf->org.name != NULL ?
	    conf->org.name : ""));
	yj_arena_free(a);
	pthread_mutex_init(&k->lock, NULL);
	k->checked_at = yj_time_monotonic_ms();
	if ((rc = build(k, &k->cur, err, errsz)) != 0) {
		yj_know_free(k);
		return rc;
	}
	*out = k;
	return 0;
}

/* yj_know_free - release; no lookup may run any more */
void
yj_know_free(struct yj_know *k)
{
	if (k == NULL)
		return;
	snap_unref(k->cur);
	pthread_mutex_destroy(&k->lock);
	yj_free(k->own_key);
	yj_free(k);
}

/* yj_know_kb - the lookups bound to k */
void
yj_know_kb(struct yj_know *k, struct yj_knowledge *kb)
{
	memset(kb, 0, sizeof(*kb));
	kb->ctx = k;
	kb->stats = kb_stats;
	kb->person = kb_person;
	kb->people_named = kb_people_named;
	kb->people_at = kb_people_at;
	kb->sender = kb_sender;
	kb->sender_peer = kb_sender_peer;
	kb->sender_peers = kb_sender_peers;
	kb->domain = kb_domain;
	kb->each_domain = kb_each_domain;
	kb->org = kb_org;
	kb->find_orgs = kb_find_orgs;
	kb->thread = kb_thread;
}
