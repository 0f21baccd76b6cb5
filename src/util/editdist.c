/*
 * editdist.c - Damerau-Levenshtein (optimal string alignment) distance
 *
 * The classic dynamic programme over three rows (the transposition looks
 * two rows back), on code points decoded once into stack arrays.  With a
 * bound, only the diagonal band |i - j| <= max can hold a value within
 * the bound, so cells outside it are never computed, and the programme
 * stops as soon as a whole row exceeds the bound: comparing a domain with
 * a thousand known domains costs a few hundred cell updates each.
 */
#include <limits.h>
#include <string.h>

#include "util/editdist.h"
#include "util/str.h"

#define BIG	(INT_MAX / 2)

/* decode - UTF-8 to code points; bad bytes map to U+DC80..U+DCFF */
static size_t
decode(const char *s, size_t n, long *out, size_t max)
{
	const char *p = s, *end = s + n;
	size_t k = 0;
	long cp;

	while (p < end) {
		if (k == max)
			return max + 1;
		cp = yj_utf8_decode(&p, end);
		if (cp < 0)
			cp = 0xdc00 + (unsigned char)*p++;
		out[k++] = cp;
	}
	return k;
}

/* min3 - smallest of three */
static int
min3(int a, int b, int c)
{
	int m = a < b ? a : b;

	return m < c ? m : c;
}

/* osa - the dynamic programme on decoded strings */
static int
osa(const long *a, size_t an, const long *b, size_t bn, int bound)
{
	int rows[3][YJ_EDITDIST_MAXLEN + 1];
	int *prev2 = rows[0], *prev = rows[1], *cur = rows[2], *t;
	size_t i, j, lo, hi;
	int best, cost, v;

	for (j = 0; j <= bn; j++)
		prev[j] = (int)j;
	for (i = 1; i <= an; i++) {
		lo = i > (size_t)bound ? i - (size_t)bound : 1;
		hi = i + (size_t)bound < bn ? i + (size_t)bound : bn;
		for (j = 0; j <= bn; j++)
			cur[j] = BIG;
		cur[0] = (int)i;
		best = lo == 1 ? cur[0] : BIG;
		for (j = lo; j <= hi; j++) {
			cost = a[i - 1] == b[j - 1] ? 0 : 1;
			v = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
			if (v < best)
				best = v;
		}
		if (best > bound)
			return bound + 1;
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[bn] > bound ? bound + 1 : prev[bn];
}

/* yj_editdist_dl - bounded OSA distance of two UTF-8 strings */
int
yj_editdist_dl(const char *a, size_t an, const char *b, size_t bn, int max)
{
	long ca[YJ_EDITDIST_MAXLEN], cb[YJ_EDITDIST_MAXLEN];
	int over = max < 0 ? INT_MAX : max + 1;
	int bound = max < 0 || max > YJ_EDITDIST_MAXLEN ?
	    YJ_EDITDIST_MAXLEN : max;
	size_t na, nb, d;

	if (an == bn && memcmp(a, b, an) == 0)
		return 0;
	na = decode(a, an, ca, YJ_EDITDIST_MAXLEN);
	nb = decode(b, bn, cb, YJ_EDITDIST_MAXLEN);
	if (na > YJ_EDITDIST_MAXLEN || nb > YJ_EDITDIST_MAXLEN)
		return over;
	d = na > nb ? na - nb : nb - na;
	if (d > (size_t)bound)
		return over;
	if (na == 0 || nb == 0)
		return (int)(na + nb);
	d = (size_t)osa(ca, na, cb, nb, bound);
	return d > (size_t)bound ? over : (int)d;
}

/* yj_editdist_dl_str - NUL-terminated form */
int
yj_editdist_dl_str(const char *a, const char *b, int max)
{
	return yj_editdist_dl(a, strlen(a), b, strlen(b), max);
}
