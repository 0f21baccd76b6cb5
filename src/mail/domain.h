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

#endif /* YJ_MAIL_DOMAIN_H */
