/*
 * lookalike.c - look-alike domains: skeletons, homoglyphs, typos
 *
 * Every reference domain is reduced once, when added, to the forms the
 * rules compare: its registrable domain (A-labels), the ICU skeleton of
 * its U-label form after NFKC_Casefold, a "folded" skeleton (ASCII lower
 * case and the homoglyph map applied on top), and its name before the
 * public suffix.  Equality of each form is a hash lookup, so a check
 * costs a few probes whatever the number of references; only the typo
 * rule walks the references, and it skips those whose folded length
 * differs by more than two before running the bounded edit distance.
 *
 * ICU reports identical strings as confusable (dependencies.md), so
 * equality of registrable domains is tested first and means SAME.
 * The skeleton maps "m" to "rn", "0" to "O" and "1" to "l"; lowering
 * ASCII afterwards and mapping rn -> m, vv -> w, 0 -> o, 1 -> l,
 * _ -> - makes the forms agree whichever way round the trick went.
 */
#include <pthread.h>
#include <string.h>
#include <unicode/uspoof.h>

#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/lookalike.h"
#include "util/alloc.h"
#include "util/editdist.h"
#include "util/str.h"

#define SKEL_MAX	1024	/* bytes of skeleton kept; longer is cut */

static USpoofChecker	*spoof;		/* skeletons */
static USpoofChecker	*restrict_sc;	/* restriction level */
static pthread_once_t	 spoof_once = PTHREAD_ONCE_INIT;

/* open_checkers - the shared ICU spoof checkers */
static void
open_checkers(void)
{
	UErrorCode st = U_ZERO_ERROR;

	spoof = uspoof_open(&st);
	if (U_FAILURE(st))
		spoof = NULL;
	st = U_ZERO_ERROR;
	restrict_sc = uspoof_open(&st);
	if (U_FAILURE(st)) {
		restrict_sc = NULL;
		return;
	}
	uspoof_setRestrictionLevel(restrict_sc, USPOOF_HIGHLY_RESTRICTIVE);
	uspoof_setChecks(restrict_sc, USPOOF_RESTRICTION_LEVEL, &st);
}

/* homoglyph - lower ASCII and apply the typing look-alike map */
static char *
homoglyph(struct yj_arena *a, const char *s)
{
	size_t n = strlen(s), i, k = 0;
	char *out = yj_arena_alloc(a, n + 1);
	char c;

	for (i = 0; i < n; i++) {
		c = (char)yj_ascii_lower((unsigned char)s[i]);
		if ((c == 'r' && yj_ascii_lower((unsigned char)s[i + 1]) ==
		    'n') || (c == 'v' && yj_ascii_lower((unsigned char)
		    s[i + 1]) == 'v')) {
			out[k++] = c == 'r' ? 'm' : 'w';
			i++;
			continue;
		}
		if (c == '0')
			c = 'o';
		else if (c == '1' || c == '|')
			c = 'l';
		else if (c == '_')
			c = '-';
		out[k++] = c;
	}
	out[k] = '\0';
	return out;
}

/* raw_skeleton - ICU skeleton of NFKC_Casefold(s), or the fold alone */
static const char *
raw_skeleton(struct yj_arena *a, const char *s)
{
	UErrorCode st = U_ZERO_ERROR;
	const char *f;
	char buf[SKEL_MAX];
	int32_t n;

	pthread_once(&spoof_once, open_checkers);
	f = yj_nfkc_casefold(a, s, strlen(s));
	if (spoof == NULL)
		return f;
	n = uspoof_getSkeletonUTF8(spoof, 0, f, -1, buf, sizeof(buf), &st);
	if (U_FAILURE(st) || n < 0 || (size_t)n >= sizeof(buf))
		return f;
	return yj_arena_memdup(a, buf, (size_t)n);
}

/* yj_lookalike_skeleton - skeleton plus homoglyph map */
const char *
yj_lookalike_skeleton(struct yj_arena *a, const char *s)
{
	if (s == NULL)
		return "";
	return homoglyph(a, raw_skeleton(a, s));
}

/* yj_lookalike_mixed_script - below "highly restrictive" */
bool
yj_lookalike_mixed_script(const char *s)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t r;

	if (s == NULL || *s == '\0')
		return false;
	pthread_once(&spoof_once, open_checkers);
	if (restrict_sc == NULL || !yj_utf8_valid(s, strlen(s)))
		return false;
	r = uspoof_checkUTF8(restrict_sc, s, -1, NULL, &st);
	return U_SUCCESS(st) && (r & USPOOF_RESTRICTION_LEVEL) != 0;
}

/* -------- one domain, reduced -------- */

struct form {
	const char	*reg;		/* registrable, A-labels */
	const char	*skel;		/* ICU skeleton of the U-labels */
	const char	*fold;		/* skel with the homoglyph map */
	const char	*name;		/* fold of the name before the suffix */
	const char	*suffix;	/* public suffix, A-labels */
	size_t		 name_len;	/* characters in the name */
	size_t		 fold_len;	/* characters in fold */
};

/* chars - code points in a UTF-8 string */
static size_t
chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* reduce - the forms of a domain; false when it has none (IP, empty) */
static bool
reduce(struct yj_arena *a, const char *domain, struct form *f)
{
	const char *ascii, *uni, *dot;

	memset(f, 0, sizeof(*f));
	if (domain == NULL || *domain == '\0')
		return false;
	ascii = yj_domain_ascii(a, domain);
	if (ascii == NULL)
		ascii = yj_str_lower(a, domain);
	f->reg = yj_domain_registrable(a, ascii);
	dot = strchr(f->reg, '.');
	if (dot == NULL || dot[1] == '\0' || yj_domain_is_public_suffix(f->reg))
		return false;
	f->suffix = dot + 1;
	uni = yj_domain_unicode(a, f->reg);
	f->skel = raw_skeleton(a, uni);
	f->fold = homoglyph(a, f->skel);
	uni = yj_domain_unicode(a, yj_arena_memdup(a, f->reg,
	    (size_t)(dot - f->reg)));
	f->name = yj_lookalike_skeleton(a, uni);
	f->name_len = chars(f->name);
	f->fold_len = chars(f->fold);
	return true;
}

#define TYPO_MIN1	4	/* name length for one edit */
#define TYPO_MIN2	8	/* ... for two */

/* typo_bound - edits allowed for a name of n characters */
static int
typo_bound(size_t n, size_t min1, size_t min2)
{
	return n < min1 ? -1 : n < min2 ? 1 : 2;
}

/* compare - the rules on two reduced domains */
static enum yj_lookalike_how
compare(const struct form *c, const struct form *r, int *distance)
{
	int bound, d;

	*distance = 0;
	if (strcmp(c->reg, r->reg) == 0)
		return YJ_LA_SAME;
	if (strcmp(c->skel, r->skel) == 0)
		return YJ_LA_CONFUSABLE;
	if (strcmp(c->fold, r->fold) == 0)
		return YJ_LA_HOMOGLYPH;
	if (strcmp(c->name, r->name) == 0 &&
	    strcmp(c->suffix, r->suffix) != 0 && r->name_len >= 3)
		return YJ_LA_SUFFIX;
	bound = typo_bound(r->name_len < c->name_len ? r->name_len :
	    c->name_len, TYPO_MIN1, TYPO_MIN2);
	if (bound < 0)
		return YJ_LA_NONE;
	d = (int)yj_editdist_dl_utf8(c->fold, strlen(c->fold), r->fold,
	    strlen(r->fold), (unsigned)bound);
	if (d >= 1 && d <= bound) {
		*distance = d;
		return YJ_LA_TYPO;
	}
	return YJ_LA_NONE;
}

/* yj_lookalike_pair - one comparison */
enum yj_lookalike_how
yj_lookalike_pair(struct yj_arena *a, const char *x, const char *y,
    int *distance)
{
	struct form fx, fy;
	int d = 0;
	enum yj_lookalike_how how = YJ_LA_NONE;

	if (reduce(a, x, &fx) && reduce(a, y, &fy))
		how = compare(&fx, &fy, &d);
	if (distance != NULL)
		*distance = d;
	return how;
}

/* yj_lookalike_how_name - for evidence */
const char *
yj_lookalike_how_name(enum yj_lookalike_how h)
{
	switch (h) {
	case YJ_LA_NONE:	return "none";
	case YJ_LA_SAME:	return "same";
	case YJ_LA_CONFUSABLE:	return "confusable";
	case YJ_LA_HOMOGLYPH:	return "homoglyph";
	case YJ_LA_SUFFIX:	return "suffix";
	case YJ_LA_TYPO:	return "typo";
	}
	return "none";
}

/* -------- the set -------- */

struct ref {
	struct form	 f;
	const void	*tag;
};

/* A string -> first ref index map, open addressing. */
struct map {
	const char	**key;
	size_t		 *idx;
	size_t		  size;		/* power of two */
	size_t		  used;
};

struct yj_lookalike {
	struct yj_arena	*arena;
	size_t		 min1;		/* typo name lengths */
	size_t		 min2;
	struct ref	*v;
	size_t		 nr;
	size_t		 alloc;
	struct map	 by_reg;
	struct map	 by_skel;
	struct map	 by_fold;
	struct map	 by_name;
};

/* hash - FNV-1a */
static size_t
hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* map_grow - double a map (or create it) */
static void
map_grow(struct map *m)
{
	struct map n;
	size_t i, j;

	n.size = m->size ? m->size * 2 : 64;
	n.used = m->used;
	n.key = yj_xcalloc(n.size, sizeof(*n.key));
	n.idx = yj_xcalloc(n.size, sizeof(*n.idx));
	for (i = 0; i < m->size; i++) {
		if (m->key[i] == NULL)
			continue;
		for (j = hash(m->key[i]) & (n.size - 1); n.key[j] != NULL;
		    j = (j + 1) & (n.size - 1))
			;
		n.key[j] = m->key[i];
		n.idx[j] = m->idx[i];
	}
	yj_free(m->key);
	yj_free(m->idx);
	*m = n;
}

/* map_get - index for key, or -1 */
static long
map_get(const struct map *m, const char *key)
{
	size_t j;

	if (m->size == 0)
		return -1;
	for (j = hash(key) & (m->size - 1); m->key[j] != NULL;
	    j = (j + 1) & (m->size - 1))
		if (strcmp(m->key[j], key) == 0)
			return (long)m->idx[j];
	return -1;
}

/* map_put - key -> idx unless key is there already */
static void
map_put(struct map *m, const char *key, size_t idx)
{
	size_t j;

	if (map_get(m, key) >= 0)
		return;
	if ((m->used + 1) * 2 > m->size)
		map_grow(m);
	for (j = hash(key) & (m->size - 1); m->key[j] != NULL;
	    j = (j + 1) & (m->size - 1))
		;
	m->key[j] = key;
	m->idx[j] = idx;
	m->used++;
}

/* map_free - release a map's arrays */
static void
map_free(struct map *m)
{
	yj_free(m->key);
	yj_free(m->idx);
}

/* yj_lookalike_new - an empty set */
struct yj_lookalike *
yj_lookalike_new(void)
{
	struct yj_lookalike *s = yj_xcalloc(1, sizeof(*s));

	s->arena = yj_arena_new();
	s->min1 = TYPO_MIN1;
	s->min2 = TYPO_MIN2;
	return s;
}

/* yj_lookalike_set_typo - name lengths for the typo rule */
void
yj_lookalike_set_typo(struct yj_lookalike *s, size_t min1, size_t min2)
{
	s->min1 = min1;
	s->min2 = min2 > min1 ? min2 : min1;
}

/* yj_lookalike_free - release a set */
void
yj_lookalike_free(struct yj_lookalike *s)
{
	if (s == NULL)
		return;
	map_free(&s->by_reg);
	map_free(&s->by_skel);
	map_free(&s->by_fold);
	map_free(&s->by_name);
	yj_free(s->v);
	yj_arena_free(s->arena);
	yj_free(s);
}

/* yj_lookalike_size - references held */
size_t
yj_lookalike_size(const struct yj_lookalike *s)
{
	return s != NULL ? s->nr : 0;
}

/* yj_lookalike_add - reduce and index a reference domain */
void
yj_lookalike_add(struct yj_lookalike *s, const char *domain, const void *tag)
{
	struct form f;

	if (!reduce(s->arena, domain, &f) || map_get(&s->by_reg, f.reg) >= 0)
		return;
	if (s->nr == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 32;
		s->v = yj_xreallocarray(s->v, s->alloc, sizeof(*s->v));
	}
	s->v[s->nr].f = f;
	s->v[s->nr].tag = tag;
	map_put(&s->by_reg, f.reg, s->nr);
	map_put(&s->by_skel, f.skel, s->nr);
	map_put(&s->by_fold, f.fold, s->nr);
	map_put(&s->by_name, f.name, s->nr);
	s->nr++;
}

/* fill - out from a reference */
static bool
fill(struct yj_lookalike_match *out, const struct ref *r,
    enum yj_lookalike_how how, int distance)
{
	if (out != NULL) {
		out->how = how;
		out->reference = r != NULL ? r->f.reg : NULL;
		out->tag = r != NULL ? r->tag : NULL;
		out->distance = distance;
	}
	return how != YJ_LA_NONE && how != YJ_LA_SAME;
}

/* closest_typo - the reference nearest by edit distance, if any */
static const struct ref *
closest_typo(const struct yj_lookalike *s, const struct form *c, int *best)
{
	const struct ref *r, *hit = NULL;
	size_t i, lo;
	int bound, d;

	*best = 3;
	for (i = 0; i < s->nr; i++) {
		r = &s->v[i];
		lo = r->f.name_len < c->name_len ? r->f.name_len : c->name_len;
		bound = typo_bound(lo, s->min1, s->min2);
		if (bound < 0 || (r->f.fold_len > c->fold_len ?
		    r->f.fold_len - c->fold_len : c->fold_len - r->f.fold_len) >
		    (size_t)bound)
			continue;
		d = (int)yj_editdist_dl_utf8(c->fold, strlen(c->fold),
		    r->f.fold, strlen(r->f.fold), (unsigned)bound);
		if (d >= 1 && d <= bound && d < *best) {
			*best = d;
			hit = r;
		}
	}
	return hit;
}

/* yj_lookalike_check - the rules against the whole set */
bool
yj_lookalike_check(const struct yj_lookalike *s, struct yj_arena *a,
    const char *domain, struct yj_lookalike_match *out)
{
	const struct ref *r;
	struct form c;
	long i;
	int d;

	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (s == NULL || s->nr == 0 || !reduce(a, domain, &c))
		return false;
	if ((i = map_get(&s->by_reg, c.reg)) >= 0)
		return fill(out, &s->v[i], YJ_LA_SAME, 0);
	if ((i = map_get(&s->by_skel, c.skel)) >= 0)
		return fill(out, &s->v[i], YJ_LA_CONFUSABLE, 0);
	if ((i = map_get(&s->by_fold, c.fold)) >= 0)
		return fill(out, &s->v[i], YJ_LA_HOMOGLYPH, 0);
	if ((i = map_get(&s->by_name, c.name)) >= 0 &&
	    strcmp(s->v[i].f.suffix, c.suffix) != 0 && c.name_len >= 3)
		return fill(out, &s->v[i], YJ_LA_SUFFIX, 0);
	r = closest_typo(s, &c, &d);
	if (r != NULL)
		return fill(out, r, YJ_LA_TYPO, d);
	return fill(out, NULL, YJ_LA_NONE, 0);
}
