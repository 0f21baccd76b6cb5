/*
 * orgset.h - the known organisations of one knowledge snapshot, and a
 * matcher that finds their names in text (private to src/know/)
 *
 * Organisations are added by key with a name and a domain at a time
 * (several calls merge), then compiled once; afterwards the set is
 * read-only and may be searched from many threads.
 *
 * What is searched for each organisation: its core name(s) as in
 * yj_orgname_core() ("acme trading", "a商事"), the key without spaces
 * when the name is Japanese ("a 商事" and "a商事" both occur), and its
 * registrable domains ("a-shoji.example", also inside addresses).  Text
 * is expected in NFKC_Casefold form.  Latin names match only on word
 * boundaries ("ana" is not found in "banana"); a shorter name inside a
 * longer one found at the same place gives way ("三井" in "三井住友").
 *
 * Matching uses a Hyperscan literal database when yojin is built with
 * Hyperscan (scratch space per thread), else a plain search per name.
 */
#ifndef YJ_KNOW_ORGSET_H
#define YJ_KNOW_ORGSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct orgset;

struct orgset_org {
	const char	*key;
	const char	*name;
	const char	**domains;	/* registrable, sorted */
	size_t		 ndomains;
	unsigned	 sources;	/* YJ_KB_* */
	uint32_t	 mentions;
};

struct orgset_hit {
	const struct orgset_org *org;
	const char	*matched;	/* the variant found */
	size_t		 off;
	size_t		 len;
};

struct orgset	*orgset_new(void);
void		 orgset_free(struct orgset *);
/* orgset_add - key (yj_orgname_key) with a name and a domain (or NULL) */
void		 orgset_add(struct orgset *, const char *key, const char *name,
		    const char *domain, unsigned source, uint32_t mentions);
/* orgset_compile - freeze the set and build the matcher; 0 or YJ_E* */
int		 orgset_compile(struct orgset *, char *err, size_t errsz);

size_t		 orgset_count(const struct orgset *);
const struct orgset_org *orgset_at(const struct orgset *, size_t i);
const struct orgset_org *orgset_get(const struct orgset *, const char *key);
/* orgset_at_domain - organisations with a registrable domain */
size_t		 orgset_at_domain(const struct orgset *, const char *domain,
		    const struct orgset_org **v, size_t max);
/* orgset_find - organisations named in text, one hit each, in order */
size_t		 orgset_find(const struct orgset *, const char *text,
		    size_t len, struct orgset_hit *hits, size_t max);

#endif /* YJ_KNOW_ORGSET_H */
