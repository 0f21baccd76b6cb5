/*
 * authres.h - Authentication-Results (RFC 8601)
 *
 * Parses one Authentication-Results header value into its authserv-id
 * and its results (method, result, reason, properties).  Only a header
 * whose authserv-id equals the configured one (organization.authserv_id,
 * compared without case) is marked trusted: any other was written by
 * someone we do not control and must never count as evidence (OpenDMARC
 * CVE-2019-20790, CVE-2020-12272).  Property values that should be
 * domains (header.from, header.d, header.i's and smtp.mailfrom's domain)
 * are checked for domain syntax, and so is a comment glued to one
 * ("header.d=example.net(.example.com)", where readers disagree on what
 * the domain is); a bad one marks the result (and the header)
 * YJ_AR_BAD_DOMAIN and the property is not stored: a check can never
 * take it for a domain.
 *
 * Comments (RFC 5322 CFWS) are skipped anywhere; "none" as the only
 * result is accepted; unknown methods are kept.  A header without an
 * authserv-id (Exchange Online writes "spf=pass ...; dkim=none ...")
 * gives authserv_id "" and is never trusted; its results are kept.
 * Properties without a ptype (Exchange's "action=none") get ptype "".
 * Broken input never fails: what cannot be parsed sets YJ_AR_BAD and
 * parsing resumes at the next ';'.
 *
 * Ownership: results in the arena.
 * Limits: YJ_LIM_AUTH_RESULTS results per header, YJ_LIM_AUTH_PROPS
 * properties per result; more set YJ_AR_TRUNCATED.
 * Thread safety: reentrant.
 * References: RFC 8601 sections 2.2-2.7; RFC 7601; RFC 5322 3.2.2.
 */
#ifndef YJ_MAIL_AUTHRES_H
#define YJ_MAIL_AUTHRES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum yj_authres_flags {
	YJ_AR_BAD		= 1 << 0,	/* syntax error recovered */
	YJ_AR_BAD_DOMAIN	= 1 << 1,	/* a domain property is not a domain */
	YJ_AR_TRUNCATED		= 1 << 2,	/* too many results */
};

struct yj_authres_prop {
	const char	*ptype;		/* "smtp", "header", "body", "policy" */
	const char	*name;		/* "mailfrom", "from", "d", "i", ... */
	const char	*value;		/* unquoted */
};

struct yj_authres {
	const char		*method;	/* lower case: spf, dkim, dmarc, ... */
	const char		*result;	/* lower case: pass, fail, ... */
	const char		*reason;	/* may be NULL */
	struct yj_authres_prop	*props;
	size_t			 nprops;
	unsigned		 flags;		/* YJ_AR_* about this result */
};

struct yj_authres_header {
	const char		*authserv_id;	/* lower case; "" if missing */
	bool			 trusted;	/* authserv_id matched */
	struct yj_authres	*v;
	size_t			 nr;
	unsigned		 flags;		/* YJ_AR_* */
};

/*
 * yj_authres_parse - parse one header value.  trusted_id is the
 * configured authserv-id (NULL or "": nothing is trusted).
 */
void	yj_authres_parse(struct yj_arena *, const char *raw, size_t n,
	    const char *trusted_id, struct yj_authres_header *out);

/* yj_authres_prop - value of ptype.name in a result, or NULL */
const char *yj_authres_prop(const struct yj_authres *, const char *ptype,
	    const char *name);

#endif /* YJ_MAIL_AUTHRES_H */
