/*
 * domain.c - registrable domains and consumer mail providers
 */
#include <idn2.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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
