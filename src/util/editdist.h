/*
 * editdist.h - Damerau-Levenshtein distance, for typos and look-alikes
 *
 * The distance between two strings is the least number of single-symbol
 * insertions, deletions, substitutions and transpositions of two
 * adjacent symbols that turns one into the other (Damerau 1964; the
 * unrestricted form of Lowrance and Wagner 1975, so "ca" -> "abc" is 2).
 * sato -> satou is 1, suzuki -> suzuik is 1, example -> exmaple is 1.
 *
 * yj_editdist_dl() counts bytes, which is right for ASCII domains and
 * local parts; yj_editdist_dl_utf8() counts code points (U-labels,
 * names).  Both give up early: when the answer is sure to exceed max
 * they return max + 1, so callers comparing one string against many
 * candidates pay little for the far ones.  Strings longer than
 * YJ_EDITDIST_MAXLEN symbols are not compared: the result is max + 1
 * (no typo search needs them, and the work is quadratic).
 *
 * Ill-formed UTF-8 counts each bad byte as one symbol.
 * Thread safety: reentrant; no allocation below 64 symbols.
 */
#ifndef YJ_UTIL_EDITDIST_H
#define YJ_UTIL_EDITDIST_H

#include <stddef.h>

#define YJ_EDITDIST_MAXLEN	256

unsigned	yj_editdist_dl(const char *a, size_t an, const char *b,
		    size_t bn, unsigned max);
unsigned	yj_editdist_dl_utf8(const char *a, size_t an, const char *b,
		    size_t bn, unsigned max);

#endif /* YJ_UTIL_EDITDIST_H */
