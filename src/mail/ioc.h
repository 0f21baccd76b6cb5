/*
 * ioc.h - indicators (addresses, domains, URLs, hashes) in one canonical
 * form
 *
 * Block and allow lists (store/intel.h) compare values exactly, so every
 * value that goes in (the command line, a CSV feed such as JPCERT/CC's
 * phishing URL list, an incident report) and every value a check looks
 * up must be written the same way.  yj_ioc_normalize() gives that form:
 *
 *   address  "local@domain", all lower case, domain as below
 *   domain   lower-case A-labels (libidn2), no trailing dot, no leading
 *            "*." (a wildcard means the same as a domain entry); a bare
 *            public suffix ("com", "co.jp") is refused: it would match
 *            every mail
 *   host     as domain, or an IP address (IPv6 in brackets); taken from
 *            a URL when given one
 *   url      "scheme://host[:port]/path[?query]": scheme and host
 *            lower case, default port, userinfo and fragment dropped,
 *            empty path "/", non-ASCII bytes of the path and query
 *            percent-encoded and %xx written in upper case
 *   prefix   as url
 *   sha256   64 lower-case hexadecimal digits
 *
 * A URL without a scheme gets "http://".  Matching in the store ignores
 * the difference between http and https.
 *
 * The kinds are numbered like enum yj_intel_kind in store/intel.h.
 * Ownership: results in the arena.  Thread safety: reentrant.
 */
#ifndef YJ_MAIL_IOC_H
#define YJ_MAIL_IOC_H

#include "util/arena.h"

enum yj_ioc_kind {
	YJ_IOC_ADDRESS,
	YJ_IOC_DOMAIN,
	YJ_IOC_URL,
	YJ_IOC_HOST,
	YJ_IOC_PREFIX,
	YJ_IOC_SHA256,
};

/* yj_ioc_normalize - canonical form, or NULL when not valid as kind */
const char	*yj_ioc_normalize(struct yj_arena *, enum yj_ioc_kind,
		    const char *value);

/*
 * yj_ioc_guess - the kind a bare value most likely is: "scheme://" or
 * "www." gives url, one '@' address, 64 hex digits sha256, else domain
 */
enum yj_ioc_kind yj_ioc_guess(const char *value);

#endif /* YJ_MAIL_IOC_H */
