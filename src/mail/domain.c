/*
 * domain.c - registrable domains and consumer mail providers
 *
 * libpsl answers every question about suffixes; it is loaded once and
 * shared.  IDNA conversions use libidn2's UTS #46 processing
 * (non-transitional first, the way browsers resolve names, then
 * transitional for the old forms), which also folds case and full-width
 * forms, so a domain typed in Japanese input mode still converts.
 */
#include <idn2.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail/domain.h"
#include "util/str.h"

/*
 * Free-mail and consumer providers, global and Japanese (carriers and the
 * large ISPs whose addresses belong to private persons).  Sources: the
 * providers' own sign-up pages; SpamAssassin's FreeMail plugin list for
 * the global ones.
 */
static const char *const consumer[] = {
	"gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp",
	"ymail.com", "rocketmail.com", "hotmail.com", "hotmail.co.jp",
	"outlook.com", "outlook.jp", "live.com", "live.jp", "msn.com",
	"icloud.com", "me.com", "mac.com", "aol.com", "protonmail.com",
	"proton.me", "pm.me", "tutanota.com", "gmx.com", "gmx.de", "gmx.net",
	"web.de", "mail.com", "yandex.ru", "yandex.com", "mail.ru",
	"qq.com", "163.com", "126.com", "sina.com", "naver.com", "zoho.com",
	"docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp",
	"i.softbank.jp", "ymobile.ne.jp", "disney.ne.jp", "rakuten.jp",
	"excite.co.jp", "goo.jp", "livedoor.com", "nifty.com", "biglobe.ne.jp",
	"ocn.ne.jp", "so-net.ne.jp", "plala.or.jp", "dion.ne.jp",
	"infoseek.jp", "mineo.jp", "uqmobile.jp", "c.vodafone.ne.jp",
	NULL,
};

static psl_ctx_t	*psl;
static pthread_once_t	 psl_once = PTHREAD_ONCE_INIT;

/* load_psl - Debian's list, else the built-in copy */
static void
load_psl(void)
{
	psl = psl_latest(NULL);
	if (psl == NULL)
		psl = (psl_ctx_t *)psl_builtin();
}

/* to_ascii - A-label form of a domain, or the input */
static const char *
to_ascii(struct yj_arena *a, const char *d)
{
	const char *p;
	char *out = NULL;

	for (p = d; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			break;
	if (*p == '\0')
		return d;
	if (idn2_to_ascii_8z(d, &out, IDN2_NONTRANSITIONAL) != IDN2_OK &&
	    idn2_to_ascii_8z(d, &out, IDN2_TRANSITIONAL) != IDN2_OK)
		return d;
	p = yj_arena_strdup(a, out);
	idn2_free(out);
	return p;
}

/* yj_domain_registrable - eTLD+1, or the domain itself */
const char *
yj_domain_registrable(struct yj_arena *a, const char *domain)
{
	const char *d, *r;
	size_t n;

	if (domain == NULL || *domain == '\0')
		return "";
	pthread_once(&psl_once, load_psl);
	d = to_ascii(a, yj_str_lower(a, domain));
	n = strlen(d);
	if (n > 0 && d[n - 1] == '.')
		d = yj_arena_memdup(a, d, n - 1);
	if (psl == NULL)
		return d;
	r = psl_registrable_domain(psl, d);
	return r != NULL ? r : d;
}

/* yj_domain_same_org - same registrable domain */
bool
yj_domain_same_org(struct yj_arena *a, const char *x, const char *y)
{
	return strcmp(yj_domain_registrable(a, x),
	    yj_domain_registrable(a, y)) == 0;
}

/* yj_domain_is_consumer - free-mail or consumer provider */
bool
yj_domain_is_consumer(const char *domain)
{
	size_t i, n, m;

	if (domain == NULL)
		return false;
	n = strlen(domain);
	for (i = 0; consumer[i] != NULL; i++) {
		m = strlen(consumer[i]);
		if (n == m && yj_str_ieq(domain, consumer[i]))
			return true;
		if (n > m && domain[n - m - 1] == '.' &&
		    yj_str_ieq(domain + n - m, consumer[i]))
			return true;
	}
	return false;
}

/*
 * valid_alabels - d (lower case) when its A-labels decode and encode
 * back to themselves, else NULL: libidn2's decoder alone accepts any
 * punycode, even what no registry would register
 */
static const char *
valid_alabels(const char *d)
{
	char *uni = NULL, *back = NULL;
	bool ok;

	if (idn2_to_unicode_8z8z(d, &uni, 0) != IDN2_OK)
		return NULL;
	ok = idn2_to_ascii_8z(uni, &back, IDN2_NONTRANSITIONAL) == IDN2_OK &&
	    strcmp(back, d) == 0;
	idn2_free(uni);
	idn2_free(back);
	return ok ? d : NULL;
}

/* yj_domain_ascii - A-label form, or NULL */
const char *
yj_domain_ascii(struct yj_arena *a, const char *d)
{
	const char *p;
	char *out = NULL;
	int rc;

	if (d == NULL)
		return NULL;
	for (p = d; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			break;
	if (*p == '\0') {
		if (strcasestr(d, "xn--") == NULL)	/* any case: xN-- */
			return yj_str_lower(a, d);
		return valid_alabels(yj_str_lower(a, d));
	}
	rc = idn2_to_ascii_8z(d, &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT);
	if (rc != IDN2_OK)
		rc = idn2_to_ascii_8z(d, &out, IDN2_TRANSITIONAL |
		    IDN2_NFC_INPUT);
	if (rc != IDN2_OK)
		return NULL;
	p = yj_str_lower(a, out);
	idn2_free(out);
	/* the same test as for A-labels given as such, so that a name and
	 * its A-label form are accepted or refused alike */
	return strstr(p, "xn--") == NULL ? p : valid_alabels(p);
}

/* yj_domain_unicode - U-label form, or the input */
const char *
yj_domain_unicode(struct yj_arena *a, const char *d)
{
	char *out = NULL;
	const char *r;

	if (d == NULL || !yj_domain_is_idn(d))
		return d;
	if (idn2_to_unicode_8z8z(d, &out, 0) != IDN2_OK)
		return d;
	r = yj_arena_strdup(a, out);
	idn2_free(out);
	return r;
}

/* yj_domain_is_idn - an A-label or a non-ASCII character */
bool
yj_domain_is_idn(const char *d)
{
	const char *p;

	if (d == NULL)
		return false;
	if (strncasecmp(d, "xn--", 4) == 0 || strcasestr(d, ".xn--") != NULL)
		return true;
	for (p = d; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			return true;
	return false;
}

/* yj_domain_is_public_suffix - a suffix nobody registers under itself */
bool
yj_domain_is_public_suffix(const char *d)
{
	if (d == NULL || *d == '\0')
		return true;
	pthread_once(&psl_once, load_psl);
	return psl != NULL && psl_is_public_suffix(psl, d);
}

/* yj_domain_tld_exists - the TLD is one the Public Suffix List names */
bool
yj_domain_tld_exists(const char *tld)
{
	if (tld == NULL || *tld == '\0')
		return false;
	/* RFC 2606 names for documentation and tests: never in real mail,
	 * everywhere in examples */
	if (strcmp(tld, "example") == 0 || strcmp(tld, "test") == 0)
		return true;
	pthread_once(&psl_once, load_psl);
	if (psl == NULL)
		return true;	/* cannot tell: do not accuse */
	return psl_is_public_suffix2(psl, tld, PSL_TYPE_ANY |
	    PSL_TYPE_NO_STAR_RULE) != 0;
}

/* yj_domain_suffix - public suffix of the registrable domain */
const char *
yj_domain_suffix(struct yj_arena *a, const char *d)
{
	const char *r = yj_domain_registrable(a, d), *dot;

	dot = strchr(r, '.');
	return dot != NULL ? dot + 1 : "";
}

/* yj_domain_name - registrable domain without its suffix */
const char *
yj_domain_name(struct yj_arena *a, const char *d)
{
	const char *r = yj_domain_registrable(a, d), *dot;

	dot = strchr(r, '.');
	return dot != NULL ? yj_arena_memdup(a, r, (size_t)(dot - r)) : r;
}

/* yj_domain_tld - last label */
const char *
yj_domain_tld(const char *d)
{
	const char *dot;

	if (d == NULL)
		return "";
	dot = strrchr(d, '.');
	return dot != NULL ? dot + 1 : d;
}

/* label_at - true when the label before suffix (at end of d) is one of v */
static bool
label_before(const char *d, const char *suffix, const char *const *v)
{
	size_t n = strlen(d), m = strlen(suffix), k;
	const char *end, *start;

	if (n <= m + 1 || strcmp(d + n - m, suffix) != 0 ||
	    d[n - m - 1] != '.')
		return false;
	end = d + n - m - 1;
	for (start = end; start > d && start[-1] != '.'; start--)
		;
	for (k = 0; v[k] != NULL; k++)
		if (strlen(v[k]) == (size_t)(end - start) &&
		    strncmp(start, v[k], (size_t)(end - start)) == 0)
			return true;
	return false;
}

/*
 * jp_local_gov - a prefecture or municipality under a geographic name:
 * the registrable domain starts with pref., city., town., vill. or
 * metro. and its suffix is geographic (tokyo.jp, shinagawa.tokyo.jp),
 * not an organisational one (co.jp, ne.jp, ...)
 */
static bool
jp_local_gov(const char *d)
{
	static const char *const kinds[] = { "pref.", "city.", "town.",
		"vill.", "metro.", NULL };
	static const char *const org[] = { "co.", "ne.", "or.", "ac.", "ad.",
		"ed.", "gr.", "go.", "lg.", NULL };
	const char *r, *suffix;
	size_t n, k;

	n = strlen(d);
	if (n < 4 || strcmp(d + n - 3, ".jp") != 0)
		return false;
	pthread_once(&psl_once, load_psl);
	if (psl == NULL || (r = psl_registrable_domain(psl, d)) == NULL)
		return false;
	if ((suffix = strchr(r, '.')) == NULL)
		return false;
	suffix++;
	for (k = 0; org[k] != NULL; k++)
		if (strncmp(suffix, org[k], strlen(org[k])) == 0)
			return false;
	for (k = 0; kinds[k] != NULL; k++)
		if (strncmp(r, kinds[k], strlen(kinds[k])) == 0)
			return true;
	return false;
}

/* yj_domain_is_government - see domain.h */
bool
yj_domain_is_government(const char *d)
{
	static const char *const sld[] = { "gov", "gouv", "gob", "go",
		"govt", "gv", NULL };
	const char *tld;

	if (d == NULL || *d == '\0')
		return false;
	if (yj_str_isuffix(d, ".go.jp") || yj_str_isuffix(d, ".lg.jp") ||
	    strcmp(d, "go.jp") == 0 || strcmp(d, "lg.jp") == 0)
		return true;
	if (jp_local_gov(d))
		return true;
	tld = yj_domain_tld(d);
	if (strcmp(tld, "gov") == 0 || strcmp(tld, "mil") == 0)
		return true;
	if (strlen(tld) == 2 && strcmp(tld, "jp") != 0 &&
	    label_before(d, tld, sld))
		return true;
	return false;
}

/*
 * The top-level domains of the anti-phishing council's 2025-07 report
 * (.cn and .top behind about half of the phishing URLs) and JPCERT/CC's
 * lists (.cyou .sbs .cfd .shop .help), and the cheap new TLDs that the
 * same feeds show beside them.
 */
const char *const yj_domain_abused_tlds[] = {
	"cn", "top", "cyou", "sbs", "cfd", "shop", "help", "xyz", "icu",
	"click", "buzz", "monster", "rest", "bond", "quest", "vip", "bar",
	"cam", "lol", "mom", "gdn", "work", "fit", "tk", "ml", "ga", "cf",
	"gq", "zip", "mov", "beauty", NULL,
};
