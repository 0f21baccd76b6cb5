/*
 * ioc.c - canonical forms of indicators
 *
 * URLs go through mail/url (the same parser that finds them in mail), so
 * a URL from a feed and the same URL found in a message end up as the
 * same string.  Domains go through mail/domain's IDNA conversion and the
 * Public Suffix List, which is also how a bare suffix is recognised.
 */
#include <stdio.h>
#include <string.h>

#include "mail/addr.h"
#include "mail/domain.h"
#include "mail/ioc.h"
#include "mail/url.h"
#include "util/buf.h"
#include "util/str.h"

/* is_hex - an ASCII hex digit */
static bool
is_hex(int c)
{
	return yj_hexval(c) >= 0;
}

/* ldh_domain - labels of letters, digits and hyphens, at least two */
static bool
ldh_domain(const char *d)
{
	size_t label = 0, labels = 1;

	if (*d == '\0' || *d == '.' || strlen(d) > 253)
		return false;
	for (; *d != '\0'; d++) {
		if (*d == '.') {
			if (label == 0)
				return false;
			label = 0;
			labels++;
			continue;
		}
		if (!((*d >= 'a' && *d <= 'z') || (*d >= '0' && *d <= '9') ||
		    *d == '-' || *d == '_') || ++label > 63)
			return false;
	}
	return label > 0 && labels >= 2;
}

/* norm_domain - A-label, lower case, checked; NULL when invalid */
static const char *
norm_domain(struct yj_arena *a, const char *v, bool allow_suffix)
{
	const char *d, *r;
	char *t;
	size_t n;

	t = yj_str_trim(a, v, strlen(v));
	if (strncmp(t, "*.", 2) == 0)
		t += 2;
	n = strlen(t);
	if (n > 0 && t[n - 1] == '.')
		t[--n] = '\0';
	if (n == 0)
		return NULL;
	d = yj_domain_ascii(a, t);
	if (d == NULL || !ldh_domain(d))
		return NULL;
	if (!allow_suffix) {
		r = yj_domain_registrable(a, d);
		if (yj_domain_is_public_suffix(d) || *r == '\0')
			return NULL;
	}
	return d;
}

/* norm_address - lower-case local@domain */
static const char *
norm_address(struct yj_arena *a, const char *v)
{
	const char *at, *d;
	char *t, *s;

	t = yj_str_trim(a, v, strlen(v));
	if (*t == '<' && t[strlen(t) - 1] == '>') {
		t[strlen(t) - 1] = '\0';
		t++;
	}
	at = strrchr(t, '@');
	if (at == NULL || at == t)
		return NULL;
	d = norm_domain(a, at + 1, false);
	if (d == NULL)
		return NULL;
	s = yj_arena_printf(a, "%.*s@%s", (int)(at - t), t, d);
	s = yj_str_lower(a, s);
	return yj_addr_is_valid(s) ? s : NULL;
}

/* add_escaped - bytes of s, non-ASCII and controls percent-encoded */
static int
add_escaped(struct yj_buf *b, const char *s)
{
	const unsigned char *p;
	int rc = 0;

	for (p = (const unsigned char *)s; *p != '\0' && rc == 0; p++) {
		if (*p == '%' && is_hex(p[1]) && is_hex(p[2])) {
			rc = yj_buf_addf(b, "%%%c%c",
			    (char)(p[1] >= 'a' ? p[1] - 32 : p[1]),
			    (char)(p[2] >= 'a' ? p[2] - 32 : p[2]));
			p += 2;
		} else if (*p >= 0x80 || *p <= ' ' || *p == 0x7f)
			rc = yj_buf_addf(b, "%%%02X", *p);
		else
			rc = yj_buf_addc(b, (char)*p);
	}
	return rc;
}

/* norm_url - scheme://host[:port]/path[?query]; NULL when not a URL */
static const char *
norm_url(struct yj_arena *a, const char *v)
{
	struct yj_url_parts u;
	struct yj_buf b;
	const char *out = NULL;
	char *t;

	t = yj_str_trim(a, v, strlen(v));
	yj_url_parse(a, t, &u);
	if ((u.flags & (YJ_URL_BAD | YJ_URL_BAD_IDN | YJ_URL_MAILTO)) ||
	    *u.host == '\0')
		return NULL;
	if (!(u.flags & YJ_URL_IP) && !ldh_domain(u.host))
		return NULL;
	yj_buf_init(&b, 16384);
	if (yj_buf_addf(&b, "%s://%s", u.scheme, u.host) == 0 &&
	    ((u.flags & YJ_URL_ODD_PORT) == 0 ||
	    yj_buf_addf(&b, ":%u", u.port) == 0) &&
	    (*u.path == '/' || yj_buf_addc(&b, '/') == 0) &&
	    add_escaped(&b, u.path) == 0 &&
	    (*u.query == '\0' || (yj_buf_addc(&b, '?') == 0 &&
	    add_escaped(&b, u.query) == 0)))
		out = yj_arena_memdup(a, yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	return out;
}

/* norm_host - host of a URL, or a bare host name or IP address */
static const char *
norm_host(struct yj_arena *a, const char *v)
{
	struct yj_url_parts u;

	if (strstr(v, "://") == NULL && strchr(v, '/') == NULL &&
	    strchr(v, ':') == NULL)
		return norm_domain(a, v, false);
	yj_url_parse(a, yj_str_trim(a, v, strlen(v)), &u);
	if ((u.flags & (YJ_URL_BAD | YJ_URL_BAD_IDN)) || *u.host == '\0')
		return NULL;
	if (u.flags & YJ_URL_IP)
		return u.host;
	return norm_domain(a, u.host, false);
}

/* norm_sha256 - 64 hex digits, lower case */
static const char *
norm_sha256(struct yj_arena *a, const char *v)
{
	char *t = yj_str_trim(a, v, strlen(v));
	size_t i;

	if (strlen(t) != 64)
		return NULL;
	for (i = 0; i < 64; i++) {
		if (!is_hex((unsigned char)t[i]))
			return NULL;
		t[i] = (char)yj_ascii_lower((unsigned char)t[i]);
	}
	return t;
}

/* yj_ioc_normalize - canonical form of one indicator */
const char *
yj_ioc_normalize(struct yj_arena *a, enum yj_ioc_kind k, const char *v)
{
	if (v == NULL || !yj_utf8_valid(v, strlen(v)))
		return NULL;
	switch (k) {
	case YJ_IOC_ADDRESS:
		return norm_address(a, v);
	case YJ_IOC_DOMAIN:
		return norm_domain(a, v, false);
	case YJ_IOC_URL:
	case YJ_IOC_PREFIX:
		return norm_url(a, v);
	case YJ_IOC_HOST:
		return norm_host(a, v);
	case YJ_IOC_SHA256:
		return norm_sha256(a, v);
	}
	return NULL;
}

/* yj_ioc_guess - the likely kind of a bare value */
enum yj_ioc_kind
yj_ioc_guess(const char *v)
{
	size_t i, n;

	if (v == NULL)
		return YJ_IOC_DOMAIN;
	while (yj_ascii_isspace((unsigned char)*v))
		v++;
	if (strstr(v, "://") != NULL || yj_str_iprefix(v, "www."))
		return YJ_IOC_URL;
	n = strlen(v);
	while (n > 0 && yj_ascii_isspace((unsigned char)v[n - 1]))
		n--;
	for (i = 0; i < n && is_hex((unsigned char)v[i]); i++)
		;
	if (n == 64 && i == 64)
		return YJ_IOC_SHA256;
	if (strchr(v, '@') != NULL)
		return YJ_IOC_ADDRESS;
	if (strchr(v, '/') != NULL)
		return YJ_IOC_URL;
	return YJ_IOC_DOMAIN;
}
