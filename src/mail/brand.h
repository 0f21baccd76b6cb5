/*
 * brand.h - brands people trust, and the domains that really are theirs
 *
 * Phishing borrows a brand's name (in the display name, the subject, a
 * host name: "amazon.co.jp.example.info", "monex-co-jp.example.cn") and
 * sends from somewhere else.  A brand here is a name, the tokens that
 * name it (Latin and Japanese: "amazon", "アマゾン"), and the
 * registrable domains it really sends from and links to.  The compiled-in
 * list holds the global brands most imitated in phishing and the Japanese
 * ones of the anti-phishing council's and JPCERT/CC's reports (banks,
 * card issuers, carriers, delivery, e-commerce, utilities, government
 * services); the configuration adds brands or replaces the list
 * (brands: in yojin.yml).
 *
 * Matching:
 *   - text (display names, subjects; NFKC_Casefold first): a Latin token
 *     matches as a whole word (no ASCII letter or digit around it), so
 *     "apple" is not found in "pineapple"; a katakana token must not
 *     follow another katakana ("イオン" is not in "ライオン"); other
 *     Japanese tokens match anywhere;
 *   - host names: a Latin token matches a whole label or a part of a
 *     label between hyphens ("monex" in "monex-co-jp"); tokens of six
 *     letters or more also match inside a label ("amazonsupport");
 *     spaces in a token are dropped for hosts ("bankofamerica").
 *
 * Ownership: the set owns copies of everything added.
 * Thread safety: build on one thread, then share read-only.
 */
#ifndef YJ_MAIL_BRAND_H
#define YJ_MAIL_BRAND_H

#include <stdbool.h>
#include <stddef.h>

#include "mail/lookalike.h"
#include "util/arena.h"

struct yj_brand {
	const char	*name;
	const char	**tokens;	/* NFKC_Casefold */
	size_t		 ntokens;
	const char	**domains;	/* registrable, A-labels */
	size_t		 ndomains;
};

struct yj_brand_hit {
	const struct yj_brand	*brand;
	const char		*token;
};

struct yj_brands;

/* yj_brands_new - an empty set, or one holding the compiled-in brands */
struct yj_brands *yj_brands_new(bool with_defaults);
void	yj_brands_free(struct yj_brands *);

/*
 * yj_brands_add - a brand; when a brand of that name exists (compared
 * after NFKC_Casefold), its tokens and domains are extended instead
 */
void	yj_brands_add(struct yj_brands *, const char *name,
	    const char *const *tokens, size_t ntokens,
	    const char *const *domains, size_t ndomains);

size_t	yj_brands_count(const struct yj_brands *);
const struct yj_brand *yj_brands_at(const struct yj_brands *, size_t i);

/* yj_brands_owner - the brand owning domain's registrable domain, or NULL */
const struct yj_brand *yj_brands_owner(const struct yj_brands *,
	    struct yj_arena *, const char *domain);

/*
 * yj_brands_platform - a customer's name on a brand's platform
 * (tenant.onmicrosoft.com): not the brand's own mail, and not an
 * imitation of it either
 */
bool	yj_brands_platform(struct yj_arena *, const char *domain);

/* yj_brand_owns - domain's registrable domain is one of the brand's */
bool	yj_brand_owns(const struct yj_brand *, struct yj_arena *,
	    const char *domain);

/*
 * yj_brands_in_text - brands named in text (NFKC_Casefold), at most one
 * hit per brand, up to max; returns the number of hits
 */
size_t	yj_brands_in_text(const struct yj_brands *, const char *text,
	    struct yj_brand_hit *hits, size_t max);

/* yj_brands_in_host - brands named in the labels of an ASCII host name */
size_t	yj_brands_in_host(const struct yj_brands *, const char *host,
	    struct yj_brand_hit *hits, size_t max);

/*
 * yj_brands_lookalike - every brand domain as look-alike references (tag:
 * the struct yj_brand); typos count from names of six letters (one edit)
 * and nine (two)
 */
const struct yj_lookalike *yj_brands_lookalike(const struct yj_brands *);

#endif /* YJ_MAIL_BRAND_H */
