/*
 * orgset.c - known organisations and the matcher over their names
 *
 * Building: orgset_add() only appends (key, name, domain) entries; the
 * compile step sorts them by key and merges each key into one
 * organisation with its sorted, unique domains, so adding costs nothing
 * however many contacts and learned names there are.  All strings live
 * in one arena owned by the set.
 *
 * Matching: every variant of every organisation is one literal pattern.
 * With Hyperscan they are compiled into one block-mode literal database
 * (hs_compile_lit_multi: names may hold any bytes), scanned once per
 * text whatever the number of names; the scratch space is per thread
 * (a pthread key frees it when the thread ends) and grown to fit the
 * database in use.  Without Hyperscan each pattern is searched with
 * memmem: correct, and fine for small address books.
 *
 * Raw matches are then filtered: Latin edges need word boundaries, a
 * domain must not continue into a longer domain, and overlapping
 * matches keep the leftmost-longest one.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef YJ_HAVE_HYPERSCAN
#include <hs.h>
#endif

#include "engine/knowledge.h"
#include "know/orgset.h"
#include "mail/orgname.h"
#include "util/sort.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/error.h"

#define MAX_RAW		4096	/* raw matches collected per text */
#define MAX_NAMES	16	/* spellings of one organisation read */
#define MIN_LATIN	3	/* bytes of a Latin-only name */
#define MIN_DOMAIN	5	/* bytes of a domain searched in text */

struct entry {
	const char	*key;
	const char	*name;
	const char	*domain;	/* NULL: none */
	unsigned	 source;
	uint32_t	 mentions;
};

struct pattern {
	const char	*s;
	size_t		 len;
	size_t		 org;		/* index in orgs */
	bool		 domain;	/* a domain, not a name */
};

struct dom_ref {
	const char	*domain;
	size_t		 org;
};

struct orgset {
	struct yj_arena		*a;
	struct entry		*ent;
	size_t			 nent;
	size_t			 entcap;
	struct orgset_org	*orgs;
	size_t			 norgs;
	struct pattern		*pat;
	size_t			 npat;
	size_t			 patcap;
	struct dom_ref		*dom;
	size_t			 ndom;
	bool			 compiled;
#ifdef YJ_HAVE_HYPERSCAN
	hs_database_t		*db;
#endif
};

/* orgset_new - an empty set */
struct orgset *
orgset_new(void)
{
	struct orgset *s = yj_xcalloc(1, sizeof(*s));

	s->a = yj_arena_new();
	return s;
}

/* orgset_free - release everything */
void
orgset_free(struct orgset *s)
{
	if (s == NULL)
		return;
#ifdef YJ_HAVE_HYPERSCAN
	if (s->db != NULL)
		hs_free_database(s->db);
#endif
	yj_free(s->ent);
	yj_free(s->orgs);
	yj_free(s->pat);
	yj_free(s->dom);
	yj_arena_free(s->a);
	yj_free(s);
}

/* orgset_add - remember one (key, name, domain) */
void
orgset_add(struct orgset *s, const char *key, const char *name,
    const char *domain, unsigned source, uint32_t mentions)
{
	struct entry *e;

	if (s->compiled || key == NULL || *key == '\0')
		return;
	if (s->nent == s->entcap) {
		s->entcap = s->entcap ? s->entcap * 2 : 64;
		s->ent = yj_xreallocarray(s->ent, s->entcap, sizeof(*s->ent));
	}
	e = &s->ent[s->nent++];
	e->key = yj_arena_strdup(s->a, key);
	e->name = yj_arena_strdup(s->a, name != NULL && *name ? name : key);
	e->domain = domain != NULL && *domain ? yj_arena_strdup(s->a, domain) :
	    NULL;
	e->source = source;
	e->mentions = mentions;
}

/* by_key - entries in key order */
static int
by_key(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;

	return strcmp(a->key, b->key);
}

/* by_str - strings in order */
static int
by_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* add_pattern - one literal for org i, unless it is already there */
static void
add_pattern(struct orgset *s, size_t org, const char *str, bool domain)
{
	size_t i, n = strlen(str);

	if (n == 0)
		return;
	for (i = s->npat; i > 0 && s->pat[i - 1].org == org; i--)
		if (strcmp(s->pat[i - 1].s, str) == 0)
			return;
	if (s->npat == s->patcap) {
		s->patcap = s->patcap ? s->patcap * 2 : 128;
		s->pat = yj_xreallocarray(s->pat, s->patcap, sizeof(*s->pat));
	}
	s->pat[s->npat].s = str;
	s->pat[s->npat].len = n;
	s->pat[s->npat].org = org;
	s->pat[s->npat++].domain = domain;
}

/* name_variants - the forms of one name to look for */
static void
name_variants(struct orgset *s, size_t org, const char *name)
{
	const char *core = yj_orgname_core(s->a, name);
	const char *key = s->orgs[org].key;

	if (*core == '\0')
		return;
	if (!yj_name_is_cjk(core) && strlen(core) < MIN_LATIN)
		return;
	add_pattern(s, org, core, false);
	if (yj_name_is_cjk(key) && strcmp(core, key) != 0)
		add_pattern(s, org, key, false);
}

/* merge_one - entries [from, to) share a key: one organisation */
static void
merge_one(struct orgset *s, size_t from, size_t to)
{
	struct orgset_org *o = &s->orgs[s->norgs];
	const char **doms;
	size_t i, nd = 0, k;

	memset(o, 0, sizeof(*o));
	o->key = s->ent[from].key;
	o->name = s->ent[from].name;
	doms = yj_arena_allocarray(s->a, to - from + 1, sizeof(*doms));
	for (i = from; i < to; i++) {
		o->sources |= s->ent[i].source;
		o->mentions += s->ent[i].mentions;
		if (s->ent[i].source & YJ_KB_CONTACTS)
			o->name = s->ent[i].name;	/* the book's spelling */
		if (s->ent[i].domain != NULL)
			doms[nd++] = s->ent[i].domain;
	}
	yj_sort(doms, nd, sizeof(*doms), by_str);
	for (i = k = 0; i < nd; i++)
		if (k == 0 || strcmp(doms[k - 1], doms[i]) != 0)
			doms[k++] = doms[i];
	o->domains = doms;
	o->ndomains = k;
	s->norgs++;
	for (i = from; i < to && i - from < MAX_NAMES; i++)
		name_variants(s, s->norgs - 1, s->ent[i].name);
	for (i = 0; i < k; i++)
		if (strlen(doms[i]) >= MIN_DOMAIN)
			add_pattern(s, s->norgs - 1, doms[i], true);
}

/* by_dom - domain index order */
static int
by_dom(const void *x, const void *y)
{
	const struct dom_ref *a = x, *b = y;
	int c = strcmp(a->domain, b->domain);

	return c != 0 ? c : (a->org > b->org) - (a->org < b->org);
}

/* index_domains - (domain, organisation) pairs, sorted */
static void
index_domains(struct orgset *s)
{
	size_t i, j, n = 0;

	for (i = 0; i < s->norgs; i++)
		n += s->orgs[i].ndomains;
	s->dom = yj_xcalloc(n + 1, sizeof(*s->dom));
	for (i = 0; i < s->norgs; i++)
		for (j = 0; j < s->orgs[i].ndomains; j++) {
			s->dom[s->ndom].domain = s->orgs[i].domains[j];
			s->dom[s->ndom++].org = i;
		}
	yj_sort(s->dom, s->ndom, sizeof(*s->dom), by_dom);
}

#ifdef YJ_HAVE_HYPERSCAN
/* build_db - one literal database over every pattern */
static int
build_db(struct orgset *s, char *err, size_t errsz)
{
	hs_compile_error_t *cerr = NULL;
	const char **exprs;
	unsigned *flags, *ids;
	size_t *lens, i;
	int rc = 0;

	if (s->npat == 0)
		return 0;
	exprs = yj_xcalloc(s->npat, sizeof(*exprs));
	flags = yj_xcalloc(s->npat, sizeof(*flags));
	ids = yj_xcalloc(s->npat, sizeof(*ids));
	lens = yj_xcalloc(s->npat, sizeof(*lens));
	for (i = 0; i < s->npat; i++) {
		exprs[i] = s->pat[i].s;
		lens[i] = s->pat[i].len;
		ids[i] = (unsigned)i;
	}
	if (hs_compile_lit_multi(exprs, flags, ids, lens, (unsigned)s->npat,
	    HS_MODE_BLOCK, NULL, &s->db, &cerr) != HS_SUCCESS) {
		snprintf(err, errsz, "cannot compile the organisation names: "
		    "%s", cerr != NULL ? cerr->message : "hyperscan error");
		hs_free_compile_error(cerr);
		s->db = NULL;
		rc = YJ_EINVAL;
	}
	yj_free(exprs);
	yj_free(flags);
	yj_free(ids);
	yj_free(lens);
	return rc;
}
#endif

/* orgset_compile - merge entries into organisations, build the matcher */
int
orgset_compile(struct orgset *s, char *err, size_t errsz)
{
	size_t i, from;

	if (s->compiled)
		return 0;
	s->compiled = true;
	yj_sort(s->ent, s->nent, sizeof(*s->ent), by_key);
	s->orgs = yj_xcalloc(s->nent + 1, sizeof(*s->orgs));
	for (i = from = 0; i <= s->nent; i++) {
		if (i < s->nent && strcmp(s->ent[i].key, s->ent[from].key) == 0)
			continue;
		if (i > from)
			merge_one(s, from, i);
		from = i;
	}
	index_domains(s);
#ifdef YJ_HAVE_HYPERSCAN
	return build_db(s, err, errsz);
#else
	(void)err;
	(void)errsz;
	return 0;
#endif
}

/* orgset_count - organisations in the set */
size_t
orgset_count(const struct orgset *s)
{
	return s->norgs;
}

/* orgset_at - organisation i */
const struct orgset_org *
orgset_at(const struct orgset *s, size_t i)
{
	return i < s->norgs ? &s->orgs[i] : NULL;
}

/* orgset_get - organisation by key */
const struct orgset_org *
orgset_get(const struct orgset *s, const char *key)
{
	size_t lo = 0, hi = s->norgs, mid;
	int c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		c = strcmp(key, s->orgs[mid].key);
		if (c == 0)
			return &s->orgs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* orgset_at_domain - organisations with a registrable domain */
size_t
orgset_at_domain(const struct orgset *s, const char *domain,
    const struct orgset_org **v, size_t max)
{
	size_t lo = 0, hi = s->ndom, mid, n = 0;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (strcmp(s->dom[mid].domain, domain) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < s->ndom && n < max &&
	    strcmp(s->dom[lo].domain, domain) == 0; lo++)
		v[n++] = &s->orgs[s->dom[lo].org];
	return n;
}

/* ---- matching ----------------------------------------------------------- */

struct raw {
	size_t		 pat;
	size_t		 start;
	size_t		 end;
};

struct collect {
	const struct orgset	*s;
	struct raw		*v;
	size_t			 n;
};

/* latin - an ASCII letter or digit */
static bool
latin(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/* edges_ok - word boundaries for Latin edges, whole domains */
static bool
edges_ok(const struct pattern *p, const char *t, size_t len, size_t start,
    size_t end)
{
	int before = start > 0 ? (unsigned char)t[start - 1] : ' ';
	int after = end < len ? (unsigned char)t[end] : ' ';

	if (latin((unsigned char)p->s[0]) && (latin(before) ||
	    (p->domain && before == '-')))
		return false;
	if (latin((unsigned char)p->s[p->len - 1]) && (latin(after) ||
	    (p->domain && after == '-')))
		return false;
	if (p->domain && after == '.' && end + 1 < len &&
	    latin((unsigned char)t[end + 1]))
		return false;	/* a-shoji.example.net is someone else */
	return true;
}

/* record - keep one raw match; false when the list is full */
static bool
record(struct collect *c, size_t pat, size_t end)
{
	if (c->n >= MAX_RAW)
		return false;
	c->v[c->n].pat = pat;
	c->v[c->n].end = end;
	c->v[c->n++].start = end - c->s->pat[pat].len;
	return true;
}

#ifdef YJ_HAVE_HYPERSCAN
static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

/* free_scratch - a thread ends */
static void
free_scratch(void *p)
{
	hs_free_scratch(p);
}

/* make_key - the per-thread scratch slot */
static void
make_key(void)
{
	(void)pthread_key_create(&scratch_key, free_scratch);
}

/* on_match - Hyperscan callback */
static int
on_match(unsigned int id, unsigned long long from, unsigned long long to,
    unsigned int flags, void *ctx)
{
	(void)from;
	(void)flags;
	return record(ctx, id, (size_t)to) ? 0 : 1;
}

/* scan - raw matches through the database */
static void
scan(struct collect *c, const char *text, size_t len)
{
	hs_scratch_t *scratch;

	if (c->s->db == NULL || len > 0xffffffffu)
		return;
	pthread_once(&scratch_once, make_key);
	scratch = pthread_getspecific(scratch_key);
	if (hs_alloc_scratch(c->s->db, &scratch) != HS_SUCCESS)
		return;
	(void)pthread_setspecific(scratch_key, scratch);
	(void)hs_scan(c->s->db, text, (unsigned)len, 0, scratch, on_match, c);
}
#else
/* scan - raw matches, one pattern at a time */
static void
scan(struct collect *c, const char *text, size_t len)
{
	const char *p, *hit;
	size_t i;

	for (i = 0; i < c->s->npat; i++)
		for (p = text; p < text + len && (hit = memmem(p,
		    (size_t)(text + len - p), c->s->pat[i].s,
		    c->s->pat[i].len)) != NULL; p = hit + 1)
			if (!record(c, i, (size_t)(hit - text) +
			    c->s->pat[i].len))
				return;
}
#endif

/* by_position - leftmost first, longest first */
static int
by_position(const void *x, const void *y)
{
	const struct raw *a = x, *b = y;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return (a->end < b->end) - (a->end > b->end);
}

/* orgset_find - organisations named in text */
size_t
orgset_find(const struct orgset *s, const char *text, size_t len,
    struct orgset_hit *hits, size_t max)
{
	struct collect c = { s, NULL, 0 };
	size_t i, j, n = 0, kept_end = 0;
	bool seen;

	if (!s->compiled || s->npat == 0 || max == 0)
		return 0;
	c.v = yj_xcalloc(MAX_RAW, sizeof(*c.v));
	scan(&c, text, len);
	yj_sort(c.v, c.n, sizeof(*c.v), by_position);
	for (i = 0; i < c.n && n < max; i++) {
		const struct pattern *p = &s->pat[c.v[i].pat];

		if (c.v[i].start < kept_end ||
		    !edges_ok(p, text, len, c.v[i].start, c.v[i].end))
			continue;
		kept_end = c.v[i].end;
		for (seen = false, j = 0; j < n && !seen; j++)
			seen = hits[j].org == &s->orgs[p->org];
		if (seen)
			continue;
		hits[n].org = &s->orgs[p->org];
		hits[n].matched = p->s;
		hits[n].off = c.v[i].start;
		hits[n++].len = p->len;
	}
	yj_free(c.v);
	return n;
}
