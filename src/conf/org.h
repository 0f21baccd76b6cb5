/*
 * org.h - the organisation yojin protects, as checks see it
 *
 * Built once from the configuration (organization.*) and shared read-only
 * by every check on every thread.  "Internal" means: the domain is one of
 * organization.domains or a subdomain of one; the address is in one of
 * organization.internal_networks.
 */
#ifndef YJ_CONF_ORG_H
#define YJ_CONF_ORG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct yj_cidr {
	uint8_t		 addr[16];	/* IPv4 mapped into ::ffff:0:0/96 */
	unsigned	 bits;		/* prefix length over 128 bits */
};

/*
 * A person of the organisation (organization.people): the names a
 * display name may carry, the addresses that really are theirs, and
 * whether they are an executive whose name fraud borrows (CEO fraud).
 */
struct yj_org_person {
	const char		*name;
	const char *const	*aliases;	/* other spellings */
	size_t			 naliases;
	const char *const	*addresses;	/* lower case */
	size_t			 naddresses;
	const char		*title;		/* "" when none */
	bool			 executive;
};

/* A brand from the configuration (brands.list), added to the built-in
 * list (mail/brand.h) or replacing it when brands_replace is set. */
struct yj_org_brand {
	const char		*name;
	const char *const	*tokens;
	size_t			 ntokens;
	const char *const	*domains;
	size_t			 ndomains;
};

struct yj_org {
	const char		*name;		/* organization.name */
	const char *const	*domains;	/* lower case, NULL-terminated */
	size_t			 ndomains;
	const struct yj_cidr	*networks;
	size_t			 nnetworks;
	const char		*authserv_id;	/* "" when not configured */
	const struct yj_org_person *people;	/* organization.people */
	size_t			 npeople;
	const struct yj_org_brand *brands;	/* brands.list */
	size_t			 nbrands;
	bool			 brands_replace; /* brands.replace_defaults */
};

/* yj_org_is_internal_domain - domain equals or is below an org domain */
bool	yj_org_is_internal_domain(const struct yj_org *, const char *domain);
/* yj_org_is_internal_addr - the address's domain is internal */
bool	yj_org_is_internal_addr(const struct yj_org *, const char *addr);
/* yj_org_is_internal_ip - the IP address (text) is in an internal network */
bool	yj_org_is_internal_ip(const struct yj_org *, const char *ip);

/* yj_cidr_parse - "192.0.2.0/24", "2001:db8::/32", or a bare address */
int	yj_cidr_parse(const char *s, struct yj_cidr *out);
bool	yj_cidr_match(const struct yj_cidr *, const char *ip);

#endif /* YJ_CONF_ORG_H */
