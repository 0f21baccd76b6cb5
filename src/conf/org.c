/*
 * org.c - internal domains and networks
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "conf/org.h"
#include "util/error.h"
#include "util/str.h"

/* yj_org_is_internal_domain - equal to, or a subdomain of, an org domain */
bool
yj_org_is_internal_domain(const struct yj_org *org, const char *domain)
{
	size_t i, n, m;

	if (org == NULL || domain == NULL || *domain == '\0')
		return false;
	n = strlen(domain);
	for (i = 0; i < org->ndomains; i++) {
		const char *d = org->domains[i];

		m = strlen(d);
		if (n == m && yj_str_ieq(domain, d))
			return true;
		if (n > m && domain[n - m - 1] == '.' &&
		    yj_str_ieq(domain + n - m, d))
			return true;
	}
	return false;
}

/* yj_org_is_internal_addr - domain of local@domain is internal */
bool
yj_org_is_internal_addr(const struct yj_org *org, const char *addr)
{
	const char *at;

	if (addr == NULL)
		return false;
	at = strrchr(addr, '@');
	return at != NULL && yj_org_is_internal_domain(org, at + 1);
}

/* to_v6 - textual IPv4 or IPv6 address into 16 bytes */
static int
to_v6(const char *ip, uint8_t out[16])
{
	struct in_addr v4;

	if (inet_pton(AF_INET, ip, &v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &v4, 4);
		return 4;
	}
	if (inet_pton(AF_INET6, ip, out) == 1)
		return 6;
	return -1;
}

/* yj_cidr_parse - parse an address or address/prefix */
int
yj_cidr_parse(const char *s, struct yj_cidr *out)
{
	char host[64];
	const char *slash;
	unsigned long bits;
	size_t n;
	int fam;

	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(host))
		return YJ_EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	fam = to_v6(host, out->addr);
	if (fam < 0)
		return YJ_EINVAL;
	if (slash == NULL)
		bits = fam == 4 ? 32 : 128;
	else if (yj_parse_uint(slash + 1, fam == 4 ? 32 : 128, &bits) != 0)
		return YJ_EINVAL;
	out->bits = (unsigned)bits + (fam == 4 ? 96 : 0);
	return 0;
}

/* yj_cidr_match - ip inside the network */
bool
yj_cidr_match(const struct yj_cidr *c, const char *ip)
{
	uint8_t a[16];
	unsigned full, rest;

	if (to_v6(ip, a) < 0)
		return false;
	full = c->bits / 8;
	rest = c->bits % 8;
	if (memcmp(a, c->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((a[full] ^ c->addr[full]) & (0xff << (8 - rest))) == 0;
}

/* yj_org_is_internal_ip - address in one of the internal networks */
bool
yj_org_is_internal_ip(const struct yj_org *org, const char *ip)
{
	size_t i;

	if (org == NULL || ip == NULL)
		return false;
	for (i = 0; i < org->nnetworks; i++)
		if (yj_cidr_match(&org->networks[i], ip))
			return true;
	return false;
}
