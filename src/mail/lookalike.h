/*
 * lookalike.h - domains and names made to look like others
 *
 * A look-alike domain is one a reader takes for a domain they know: the
 * organisation's own, a partner's, a brand's.  Business-email compromise
 * registers them to sit in a real thread (IPA/JPCERT/CC BEC guidance:
 * ".co" for ".com", "l" for "1", "_" for "-", "rn" for "m", one extra
 * letter), phishing puts Cyrillic letters into an IDN.  Given a set of
 * reference domains, yj_lookalike_check() says whether a domain imitates
 * one of them, and how:
 *
 *   SAME        it is a reference domain (same registrable domain): not a
 *               look-alike, whatever else is true
 *   CONFUSABLE  same Unicode confusable skeleton (UTS #39, ICU uspoof,
 *               after NFKC_Casefold, on U-labels): "аmazon" (Cyrillic а),
 *               "ａｍａｚｏｎ", "rnicrosoft"
 *   HOMOGLYPH   equal after our own map of typing look-alikes the
 *               skeleton does not cover: rn -> m, vv -> w, 1 -> l,
 *               0 -> o, _ -> -
 *   SUFFIX      the same name (three characters or more) under another
 *               public suffix: partner.co for partner.com, partner.com
 *               for partner.co.jp
 *   TYPO        Damerau-Levenshtein distance 1 (names of 4 to 7
 *               characters) or 1-2 (8 and more) between the registrable
 *               domains after the map above; shorter names are never
 *               compared that way (too many real domains are one letter
 *               apart from a three-letter name)
 *
 * The comparison is on registrable domains (libpsl): "mail.partner.com"
 * and "partner.com" are one organisation.  Each reference carries an
 * opaque tag for the caller (a brand, "own", "partner").
 *
 * The script helpers say whether a string mixes scripts in a way no
 * single language does (UTS #39 restriction level below "highly
 * restrictive": Latin with Cyrillic, say; Japanese Han + kana + Latin is
 * fine), and give the skeleton of any string.
 *
 * Ownership: a set owns copies of what is added; results point into the
 * set or the arena given.  Thread safety: build a set on one thread,
 * then share it read-only; the ICU checker is created once and shared.
 */
#ifndef YJ_MAIL_LOOKALIKE_H
#define YJ_MAIL_LOOKALIKE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum yj_lookalike_how {
	YJ_LA_NONE,
	YJ_LA_SAME,
	YJ_LA_CONFUSABLE,
	YJ_LA_HOMOGLYPH,
	YJ_LA_SUFFIX,
	YJ_LA_TYPO,
};

struct yj_lookalike_match {
	enum yj_lookalike_how	 how;
	const char		*reference;	/* the registrable imitated */
	const void		*tag;		/* the reference's tag */
	int			 distance;	/* TYPO: the edit distance */
};

struct yj_lookalike;

struct yj_lookalike *yj_lookalike_new(void);
void	yj_lookalike_free(struct yj_lookalike *);
/* yj_lookalike_add - a reference domain (its registrable domain counts) */
void	yj_lookalike_add(struct yj_lookalike *, const char *domain,
	    const void *tag);
/* yj_lookalike_size - reference domains held */
size_t	yj_lookalike_size(const struct yj_lookalike *);
/*
 * yj_lookalike_set_typo - name lengths from which one (min1) and two
 * (min2) edits count as a typo for this set (default 4 and 8).  A set of
 * brand domains, compared with every link in every message, needs longer
 * names: many real domains are one letter from "live.com".
 */
void	yj_lookalike_set_typo(struct yj_lookalike *, size_t min1, size_t min2);

/*
 * yj_lookalike_check - does domain imitate a reference?  Returns true
 * and fills out (may be NULL) for CONFUSABLE, HOMOGLYPH, SUFFIX, TYPO;
 * false for NONE and SAME (out->how says which).
 */
bool	yj_lookalike_check(const struct yj_lookalike *, struct yj_arena *,
	    const char *domain, struct yj_lookalike_match *out);

/* yj_lookalike_pair - how a imitates b (one pair, same rules) */
enum yj_lookalike_how yj_lookalike_pair(struct yj_arena *, const char *a,
	    const char *b, int *distance);

/* yj_lookalike_how_name - "confusable", "typo", ... (evidence) */
const char *yj_lookalike_how_name(enum yj_lookalike_how);

/*
 * yj_lookalike_skeleton - UTS #39 skeleton of NFKC_Casefold(s), then the
 * homoglyph map; two strings a reader may take for each other have the
 * same skeleton
 */
const char *yj_lookalike_skeleton(struct yj_arena *, const char *s);

/*
 * yj_lookalike_mixed_script - s mixes scripts beyond what one writing
 * system uses (restriction level below highly restrictive); common and
 * inherited characters (digits, punctuation, marks) never count
 */
bool	yj_lookalike_mixed_script(const char *s);

#endif /* YJ_MAIL_LOOKALIKE_H */
