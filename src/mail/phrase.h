/*
 * phrase.h - sets of wording patterns (lures, fraud, scams)
 *
 * A set is compiled once from rules (an id and a PCRE2 pattern each)
 * and then used read-only by every thread.  Patterns are written for
 * text that went through NFKC_Casefold (mail/charset.h yj_nfkc_casefold:
 * the msg->subject_nfkc and msg->body_nfkc forms), so they are lower
 * case, full-width letters and digits are ASCII, and the wave dash
 * family is U+301C; they are UTF-8 and may use \s, \d, character
 * classes and alternations.  A match returns the matched text, cut to
 * YJ_PHRASE_EVIDENCE bytes, for evidence.
 *
 * Ownership: the set owns its compiled patterns; matches are copied into
 * the arena given.
 * Limits: text beyond YJ_PHRASE_SCAN bytes is not searched (lures sit at
 * the top of a message; the rest costs time and finds quotations).
 * Thread safety: yj_phrases_find may run on many threads at once.
 */
#ifndef YJ_MAIL_PHRASE_H
#define YJ_MAIL_PHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

#define YJ_PHRASE_SCAN		(64 * 1024)
#define YJ_PHRASE_EVIDENCE	120

struct yj_phrase_rule {
	const char	*id;		/* what the rule means, for evidence */
	const char	*pattern;	/* PCRE2, UTF-8 */
};

struct yj_phrases;

/*
 * yj_phrases_new - compile rules[0..n).  Returns 0, or YJ_EINVAL with
 * "rule 'id': message at offset N" in err (a programming or
 * configuration error).
 */
int	yj_phrases_new(const struct yj_phrase_rule *rules, size_t n,
	    struct yj_phrases **out, char *err, size_t errsz);
void	yj_phrases_free(struct yj_phrases *);
size_t	yj_phrases_count(const struct yj_phrases *);
const char *yj_phrases_id(const struct yj_phrases *, size_t i);

/*
 * yj_phrases_find - does rule i match text[0..n)?  *match (may be NULL)
 * gets the matched text in the arena.
 */
bool	yj_phrases_find(const struct yj_phrases *, size_t i, const char *text,
	    size_t n, struct yj_arena *, const char **match);

/*
 * yj_phrases_first - the first rule (in order) that matches, or -1;
 * *match as above
 */
long	yj_phrases_first(const struct yj_phrases *, const char *text,
	    size_t n, struct yj_arena *, const char **match);

#endif /* YJ_MAIL_PHRASE_H */
