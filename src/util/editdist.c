/*
 * editdist.c - Damerau-Levenshtein distance (Lowrance-Wagner)
 *
 * Both entry points turn their input into arrays of symbols (bytes or
 * code points) and share one implementation of the full-matrix
 * algorithm with the "last row where this symbol appeared in a" table
 * that the unrestricted distance needs.  That table is a small linear
 * list rather than an alphabet-sized array, because code points make
 * the alphabet huge and the strings are short.
 *
 * Early exit: the distance is at least the difference of the lengths,
 * and every cell of row i is at least the smallest cell of row i - 1
 * minus nothing (costs never go down along a path), so when a whole row
 * exceeds max the answer does too.  A transposition reaches back to an
 * older row, but its cost adds the rows skipped, so the bound holds.
 *
 * Matrices up to 64 x 64 symbols live on the stack; larger ones (up to
 * YJ_EDITDIST_MAXLEN) on the heap.
 */
#include <stdint.h>
#include <string.h>

#include "util/alloc.h"
#include "util/editdist.h"
#include "util/str.h"

#define SMALL	64

struct last {
	uint32_t	 sym[YJ_EDITDIST_MAXLEN];
	unsigned	 row[YJ_EDITDIST_MAXLEN];
	size_t		 n;
};

/* last_row - the last row of a where sym was seen, 0 if never */
static unsigned
last_row(const struct last *l, uint32_t sym)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->sym[i] == sym)
			return l->row[i];
	return 0;
}

/* set_last - remember that sym was seen in row r */
static void
set_last(struct last *l, uint32_t sym, unsigned r)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->sym[i] == sym) {
			l->row[i] = r;
			return;
		}
	l->sym[l->n] = sym;
	l->row[l->n++] = r;
}

/* min2 - smaller of two */
static unsigned
min2(unsigned a, unsigned b)
{
	return a < b ? a : b;
}

/* fill_row - row i of the matrix d (width w); returns the row minimum */
static unsigned
fill_row(unsigned *d, size_t w, const uint32_t *a, size_t i,
    const uint32_t *b, size_t bn, const struct last *la)
{
	unsigned inf = (unsigned)(i + bn + 2), rowmin = (unsigned)i, cost, v;
	size_t j, db = 0, k, l;

	d[(i + 1) * w] = inf;
	d[(i + 1) * w + 1] = (unsigned)i;
	for (j = 1; j <= bn; j++) {
		k = last_row(la, b[j - 1]);
		l = db;
		cost = a[i - 1] == b[j - 1] ? 0 : 1;
		if (cost == 0)
			db = j;
		v = min2(d[i * w + j] + cost,		/* substitute */
		    min2(d[(i + 1) * w + j] + 1,	/* insert */
		    d[i * w + j + 1] + 1));		/* delete */
		v = min2(v, d[k * w + l] + (unsigned)(i - k - 1) + 1 +
		    (unsigned)(j - l - 1));		/* transpose */
		d[(i + 1) * w + j + 1] = v;
		rowmin = min2(rowmin, v);
	}
	return rowmin;
}

/* distance - the algorithm over symbol arrays (lengths <= MAXLEN) */
static unsigned
distance(const uint32_t *a, size_t an, const uint32_t *b, size_t bn,
    unsigned max)
{
	unsigned small[(SMALL + 2) * (SMALL + 2)];
	unsigned *d, inf, r;
	struct last la;
	size_t i, j, w = bn + 2;

	if ((an > bn ? an - bn : bn - an) > max)
		return max + 1;
	d = an <= SMALL && bn <= SMALL ? small :
	    yj_xmallocarray((an + 2) * w, sizeof(*d));
	inf = (unsigned)(an + bn + 2);
	la.n = 0;
	d[0] = inf;
	d[w] = inf;
	for (j = 0; j <= bn; j++) {
		d[j + 1] = inf;
		d[w + j + 1] = (unsigned)j;
	}
	r = 0;
	for (i = 1; i <= an; i++) {
		if (fill_row(d, w, a, i, b, bn, &la) > max) {
			r = max + 1;
			break;
		}
		set_last(&la, a[i - 1], (unsigned)i);
	}
	if (r == 0)
		r = min2(d[(an + 1) * w + bn + 1], max + 1);
	if (d != small)
		yj_free(d);
	return r;
}

/* yj_editdist_dl - over bytes */
unsigned
yj_editdist_dl(const char *a, size_t an, const char *b, size_t bn,
    unsigned max)
{
	uint32_t sa[YJ_EDITDIST_MAXLEN], sb[YJ_EDITDIST_MAXLEN];
	size_t i;

	if (an > YJ_EDITDIST_MAXLEN || bn > YJ_EDITDIST_MAXLEN)
		return max + 1;
	for (i = 0; i < an; i++)
		sa[i] = (unsigned char)a[i];
	for (i = 0; i < bn; i++)
		sb[i] = (unsigned char)b[i];
	return distance(sa, an, sb, bn, max);
}

/* to_symbols - code points of s[0..n); false when there are too many */
static bool
to_symbols(const char *s, size_t n, uint32_t *out, size_t *outn)
{
	const char *p = s, *end = s + n;
	long cp;

	*outn = 0;
	while (p < end) {
		if (*outn == YJ_EDITDIST_MAXLEN)
			return false;
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			/* a bad byte is one symbol, outside Unicode */
			out[(*outn)++] = 0x110000u + (unsigned char)*p++;
			continue;
		}
		out[(*outn)++] = (uint32_t)cp;
	}
	return true;
}

/* yj_editdist_dl_utf8 - over code points */
unsigned
yj_editdist_dl_utf8(const char *a, size_t an, const char *b, size_t bn,
    unsigned max)
{
	uint32_t sa[YJ_EDITDIST_MAXLEN], sb[YJ_EDITDIST_MAXLEN];
	size_t na, nb;

	if (!to_symbols(a, an, sa, &na) || !to_symbols(b, bn, sb, &nb))
		return max + 1;
	return distance(sa, na, sb, nb, max);
}
