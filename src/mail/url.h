/*
 * url.h - URLs in text, and their parts
 *
 * yj_url_find() finds URLs in plain text the way a mail client would make
 * them clickable: "scheme://..." for http, https, ftp; "www.host..." with
 * no scheme; "mailto:".  Trailing punctuation that is almost never part
 * of a URL (.,;:!?) and unbalanced closing brackets/quotes are left out;
 * full-width Japanese punctuation (、。「」) ends a URL.
 *
 * yj_url_parse() splits a URL into scheme, host, port, path and query,
 * percent-decodes the host, strips userinfo (recording that it was
 * there: "https://www.bank.example@evil.example/" is a classic trick),
 * and gives the host both as lower-case ASCII (A-labels, through
 * libidn2) and as Unicode (U-labels) for look-alike checks.  IPv4 hosts
 * in decimal, octal or hex forms are recognised and normalised.
 *
 * Ownership: results in the arena.  Thread safety: reentrant.
 * References: RFC 3986; WHATWG URL (host parsing); RFC 5891 (IDNA).
 */
#ifndef YJ_MAIL_URL_H
#define YJ_MAIL_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum yj_url_flags {
	YJ_URL_USERINFO		= 1 << 0,	/* "user@" before the host */
	YJ_URL_IP		= 1 << 1,	/* host is an IP address */
	YJ_URL_PUNYCODE		= 1 << 2,	/* host has an xn-- label */
	YJ_URL_BAD_IDN		= 1 << 3,	/* host could not be converted */
	YJ_URL_NO_SCHEME	= 1 << 4,	/* "www.x" found without scheme */
	YJ_URL_ODD_PORT		= 1 << 5,	/* explicit non-default port */
	YJ_URL_MAILTO		= 1 << 6,	/* mailto: URL */
	YJ_URL_BAD		= 1 << 7,	/* could not be parsed */
	YJ_URL_ENCODED_HOST	= 1 << 8,	/* %XX in the host */
};

struct yj_url_parts {
	const char	*scheme;	/* lower case, "http" when absent */
	const char	*host;		/* lower-case ASCII (A-labels); "" if none */
	const char	*host_unicode;	/* U-labels, NFKC-casefolded */
	unsigned	 port;		/* 0 when absent */
	const char	*path;		/* from the first '/', "" if none */
	const char	*query;		/* after '?', without it; "" if none */
	unsigned	 flags;		/* YJ_URL_* */
};

/* yj_url_parse - split a URL; always fills out (YJ_URL_BAD on failure) */
void	yj_url_parse(struct yj_arena *, const char *url,
	    struct yj_url_parts *out);

/*
 * yj_url_find - call fn for each URL in text[0..n).  fn gets the URL
 * (NUL-terminated, in the arena), its offset in text, and arg; it
 * returns 0 to go on or non-zero to stop.  Returns the number found.
 */
typedef int (*yj_url_fn)(const char *url, size_t off, void *arg);
size_t	yj_url_find(struct yj_arena *, const char *text, size_t n,
	    yj_url_fn fn, void *arg);

/* yj_url_host_of - the ASCII host of a URL or bare host name, or NULL */
const char *yj_url_host_of(struct yj_arena *, const char *url_or_host);

#endif /* YJ_MAIL_URL_H */
