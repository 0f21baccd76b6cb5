/*
 * editdist.h - Damerau-Levenshtein distance between two strings
 *
 * yj_editdist_dl() counts the insertions, deletions, substitutions and
 * transpositions of two adjacent characters that turn a into b: the
 * "optimal string alignment" form of Damerau-Levenshtein, in which no
 * substring is edited twice (so "ca" -> "abc" is 3, not 2).  That is the
 * form typo detection needs: each step is one slip of the finger, and a
 * transposition is one slip ("amzaon" for "amazon").
 *
 * Characters are Unicode code points of UTF-8 input, so a Japanese name
 * with one kanji changed is at distance 1, not 3.  A byte that is not
 * part of well-formed UTF-8 counts as one character of its own.
 *
 * max bounds the work: when the distance is certainly above max, the
 * function stops and returns max + 1.  A negative max means no bound.
 * Inputs longer than YJ_EDITDIST_MAXLEN characters are not compared:
 * the result is then max + 1 (or INT_MAX without a bound), which callers
 * read as "not close".
 *
 * Thread safety: no shared state; no allocation (the work arrays live on
 * the stack, bounded by YJ_EDITDIST_MAXLEN).
 */
#ifndef YJ_UTIL_EDITDIST_H
#define YJ_UTIL_EDITDIST_H

#include <stddef.h>

/* Longest input compared, in characters: ample for domains and names. */
#define YJ_EDITDIST_MAXLEN	256

/* yj_editdist_dl - distance between a[0..an) and b[0..bn), see above */
int	yj_editdist_dl(const char *a, size_t an, const char *b, size_t bn,
	    int max);

/* yj_editdist_dl_str - the same for NUL-terminated strings */
int	yj_editdist_dl_str(const char *a, const char *b, int max);

#endif /* YJ_UTIL_EDITDIST_H */
