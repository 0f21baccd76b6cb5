/*
 * domain.h - what organisation a domain belongs to
 *
 * yj_domain_registrable() gives the registrable domain ("eTLD+1") of a
 * host name with libpsl and the Public Suffix List that Debian ships
 * (publicsuffix package; the built-in copy when the file is missing):
 * mail.a-shoji.co.jp -> a-shoji.co.jp, city.shinagawa.tokyo.jp stays
 * whole, evil.github.io stays whole.  Two addresses belong to the same
 * organisation when their registrable domains are equal.
 *
 * yj_domain_is_consumer() says whether a domain is a free-mail or
 * consumer mailbox provider (gmail.com, yahoo.co.jp, docomo.ne.jp, ...),
 * where every address is its own person, not an organisation.
 *
 * The other functions give the forms look-alike checks compare: A-labels
 * and U-labels (libidn2), the public suffix and the name in front of it,
 * and whether a domain belongs to a government.
 *
 * Input is a lower-case domain; U-labels are converted to A-labels.
 * Ownership: results in the arena (or the input itself).
 * Thread safety: the PSL is loaded once and shared read-only.
 */
#ifndef YJ_MAIL_DOMAIN_H
#define YJ_MAIL_DOMAIN_H

#include <stdbool.h>

#include "util/arena.h"

const char	*yj_domain_registrable(struct yj_arena *, const char *domain);
bool		 yj_domain_same_org(struct yj_arena *, const char *a,
		    const char *b);
bool		 yj_domain_is_consumer(const char *domain);

/*
 * yj_domain_ascii - lower-case A-label form (UTS #46 mapping through
 * libidn2, so full-width letters and upper case fold), or NULL when the
 * name cannot be converted (bad punycode, forbidden code points)
 */
const char	*yj_domain_ascii(struct yj_arena *, const char *domain);
/* yj_domain_unicode - U-label form of an A-label domain, or the input */
const char	*yj_domain_unicode(struct yj_arena *, const char *domain);
/* yj_domain_is_idn - some label is an A-label ("xn--") or non-ASCII */
bool		 yj_domain_is_idn(const char *domain);
/* yj_domain_is_public_suffix - "com", "co.jp", "tokyo.jp": no owner */
bool		 yj_domain_is_public_suffix(const char *domain);
/*
 * yj_domain_suffix - the public suffix of the registrable domain
 * ("co.jp" for mail.a-shoji.co.jp), "" when there is none
 */
const char	*yj_domain_suffix(struct yj_arena *, const char *domain);
/* yj_domain_name - the registrable domain without its suffix ("a-shoji") */
const char	*yj_domain_name(struct yj_arena *, const char *domain);
/*
 * yj_domain_tld_exists - the top-level domain (A-label, lower case) is
 * in the Public Suffix List ("jp", "xn--q9jyb4c"); "zf" is not.  The
 * list Debian ships is from 2023-02: a newer TLD reads as unknown until
 * the publicsuffix package is updated.
 */
bool		 yj_domain_tld_exists(const char *tld);
/* yj_domain_tld - the last label ("jp"), "" for an empty name */
const char	*yj_domain_tld(const char *domain);
/*
 * yj_domain_is_government - a government domain: .go.jp and .lg.jp,
 * Japanese prefectures and municipalities under geographic names
 * (pref.osaka.jp, city.shinagawa.tokyo.jp, metro.tokyo.jp, town.*,
 * vill.*), and .gov, .mil, gov/gouv/gob/go under a country code
 */
bool		 yj_domain_is_government(const char *domain);

/*
 * yj_domain_abused_tlds - top-level domains phishing uses far more than
 * real senders (the default of the checks' abused_tlds settings),
 * NULL-terminated
 */
extern const char *const yj_domain_abused_tlds[];

#endif /* YJ_MAIL_DOMAIN_H */
