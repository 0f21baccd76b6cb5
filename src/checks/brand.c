/*
 * brand - inbound: a brand's name on mail or links that are not the
 * brand's
 *
 * The attack: phishing borrows the name people trust.  The
 * anti-phishing council reports Amazon, card issuers and banks in the
 * display name of mail from unrelated domains, the name spelled with
 * spaces ("A m a z o n . c o . j p") to slip past filters, and the brand
 * put at the left of a foreign domain ("amazon.co.jp.<something>.info")
 * or glued into a host name; JPCERT/CC's phishing URL list shows brand
 * tokens in sub-domains of throw-away domains ("monex-co-jp.<random>.cn")
 * (indicators A3 and D2 of ../shared/spec/inbound-and-incident.md,
 * sources S2, S16, S18, S34).  Brands and their real domains come from
 * mail/brand (compiled-in Japanese and global brands) plus brands: in
 * the configuration.
 *
 * Findings:
 *   brand.display_name   the From display name names a brand (one of
 *                        its tokens, or the display name is the brand's
 *                        name and nothing else: "Ledger"), the address
 *                        is not the brand's (high, 35)
 *   brand.sender_domain  the From's registrable domain carries a brand's
 *                        name but is not the brand's
 *                        ("amazon-security.example"; a host name inside
 *                        a company's domain, "outlook.example.co.jp",
 *                        does not count) (high, 35)
 *   brand.subject        the subject brackets a brand's name
 *                        (【Amazon】, [PayPal]) and the sender is not the
 *                        brand's (medium, 20)
 *   brand.link           a link's host carries a brand's name and is
 *                        not the brand's (high, 35)
 *   brand.link_path      a link's path names a brand's real domain
 *                        ("/www.amazon.co.jp/signin") on another host
 *                        (medium, 20)
 *
 * A domain on the organisation's allow list (yojin intel add --allow)
 * never counts as borrowing.  Weights: the spec's starting points (A3
 * and D2: 35, each tags alone); the subject and path forms are weaker
 * evidence (newsletters mention brands) and only add up.
 *
 * Accepted false positives: resellers and affiliates that name a brand
 * in their display name or host ("Amazon出品者 ○○ストア"), brands sending
 * from a domain the list does not know yet (add it under brands: in the
 * configuration).
 */
#include <string.h>

#include "engine/check.h"
#include "mail/brand.h"
#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/ioc.h"
#include "mail/sender.h"
#include "mail/url.h"
#include "util/alloc.h"
#include "util/str.h"

#define MAX_HITS	4
#define MAX_URLS	5

/* setup - the built-in brands (unless replaced) and the configured ones */
static int
setup(const struct yj_org *org, const void *settings, void **out, char *err,
    size_t errsz)
{
	struct yj_brands *b = yj_brands_new(!org->brands_replace);
	const struct yj_org_brand *ob;
	size_t i;

	(void)settings;
	(void)err;
	(void)errsz;
	for (i = 0; i < org->nbrands; i++) {
		ob = &org->brands[i];
		yj_brands_add(b, ob->name, ob->tokens, ob->ntokens,
		    ob->domains, ob->ndomains);
	}
	*out = b;
	return 0;
}

/* teardown - free the brands */
static void
teardown(void *p)
{
	yj_brands_free(p);
}

/* allowed - the domain is on the organisation's allow list */
static bool
allowed(struct yj_check_ctx *ctx, const char *domain)
{
	const char *d = yj_ioc_normalize(ctx->arena, YJ_IOC_HOST, domain);

	return d != NULL && yj_kb_intel_match(ctx->kb, YJ_KB_ALLOW,
	    YJ_KB_Q_DOMAIN, d, ctx->arena, NULL);
}

/*
 * unspaced - "a m a z o n . c o . j p" -> "amazon.co.jp": a name whose
 * words are mostly single characters is read without its spaces
 */
static const char *
unspaced(struct yj_arena *a, const char *s)
{
	size_t words = 0, singles = 0, len = 0;
	const char *p;
	char *out, *q;

	for (p = s; *p != '\0'; p++) {
		if (*p == ' ') {
			words += len > 0;
			singles += len == 1;
			len = 0;
		} else if (((unsigned char)*p & 0xc0) != 0x80)
			len++;
	}
	words += len > 0;
	singles += len == 1;
	if (words < 4 || singles * 10 < words * 7)
		return NULL;
	out = q = yj_arena_strdup(a, s);
	for (p = s; *p != '\0'; p++)
		if (*p != ' ')
			*q++ = *p;
	*q = '\0';
	return out;
}

/*
 * plain - s with trademark signs made spaces: NFKC turns "McAfee™" into
 * "mcafeetm", which no longer has a word boundary after the name
 */
static const char *
plain(struct yj_arena *a, const char *s)
{
	static const char *const marks[] = { "\xe2\x84\xa2", "\xc2\xae",
		"\xc2\xa9", "\xe2\x84\xa0", NULL };
	char *t = yj_arena_strdup(a, s), *p;
	size_t i, n;

	for (i = 0; marks[i] != NULL; i++) {
		n = strlen(marks[i]);
		while ((p = strstr(t, marks[i])) != NULL) {
			memset(p, ' ', 1);
			memmove(p + 1, p + n, strlen(p + n) + 1);
		}
	}
	return t;
}

/* compact_char - c as compared (ASCII lowered), or 0 when it is dropped */
static int
compact_char(unsigned char c)
{
	int l = yj_ascii_lower(c);

	return c >= 0x80 || (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') ?
	    l : 0;
}

/*
 * compact_eq - a and b are equal in their letters and digits, ASCII case
 * ignored, everything else dropped but non-ASCII kept ("Ledger." and
 * "LEDGER"); n gets how many characters a keeps
 */
static bool
compact_eq(const char *a, const char *b, size_t *n)
{
	int ca, cb;

	*n = 0;
	for (;;) {
		while (*a != '\0' && compact_char((unsigned char)*a) == 0)
			a++;
		while (*b != '\0' && compact_char((unsigned char)*b) == 0)
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		ca = compact_char((unsigned char)*a++);
		cb = compact_char((unsigned char)*b++);
		if (ca != cb)
			return false;
		(*n)++;
	}
}

/*
 * whole_name - a display name that is nothing but a brand's name
 * ("Ledger", "Banco do Brasil"): common words are kept out of the tokens,
 * since "ledger" or "line" in a name says little, but a sender calling
 * itself by the brand's name alone claims to be it.  Names of fewer than
 * three letters are too short to tell; a name that is also the address's
 * local part ("Chase" <chase@...>) is a person's own mailbox
 */
static const struct yj_brand *
whole_name(struct yj_check_ctx *ctx, const char *name,
    const struct yj_mailbox *mb)
{
	size_t i, n = yj_brands_count(ctx->state), len;
	const struct yj_brand *b;

	if (compact_eq(name, mb->local, &len))
		return NULL;
	for (i = 0; i < n; i++) {
		b = yj_brands_at(ctx->state, i);
		if (compact_eq(name, b->name, &len))
			return len >= 3 ? b : NULL;
	}
	return NULL;
}

/* named - a brand named in text whose domains do not include domain */
static const struct yj_brand_hit *
named(struct yj_check_ctx *ctx, const char *text, const char *domain,
    struct yj_brand_hit *hits)
{
	size_t n, i;

	n = yj_brands_in_text(ctx->state, text, hits, MAX_HITS);
	for (i = 0; i < n; i++)
		if (yj_brand_owns(hits[i].brand, ctx->arena, domain))
			return NULL;	/* the brand's own mail */
	return n > 0 ? &hits[0] : NULL;
}

/* owned_by_any - a brand among hits owns the domain */
static bool
owned_by_any(struct yj_check_ctx *ctx, const struct yj_brand_hit *hits,
    size_t n, const char *domain)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (yj_brand_owns(hits[i].brand, ctx->arena, domain))
			return true;
	return false;
}

/* explain - the common explanation of a borrowed brand */
static void
explain(struct yj_check_ctx *ctx, struct yj_finding *f, const char *brand,
    const char *where_ja, const char *where_en, const char *what)
{
	yj_explain_ja(ctx, f, "%sに「%s」の名前がありますが、%s は %s の"
	    "ドメインではありません。有名な会社を装ったフィッシングの手口です。"
	    "リンクを開かず、ログインや支払いは公式アプリやブックマークから"
	    "行ってください。", where_ja, brand, what, brand);
	yj_explain_en(ctx, f, "The %s names \"%s\", but %s is not a domain of "
	    "%s. Borrowing a well-known name is how phishing works: do not "
	    "use the link; sign in or pay only through the official app or "
	    "your own bookmark.", where_en, brand, what, brand);
}

/* check_from - display name and domain of the sender; true if reported */
static bool
check_from(struct yj_check_ctx *ctx, const struct yj_mailbox *mb)
{
	struct yj_brand_hit hits[MAX_HITS];
	const struct yj_brand_hit *h;
	const struct yj_brand *b;
	struct yj_finding *f;
	const char *name, *sq, *shown;
	size_t n;

	shown = yj_sender_display(ctx->arena, ctx->msg);
	name = plain(ctx->arena, shown);
	name = yj_nfkc_casefold(ctx->arena, name, strlen(name));
	h = named(ctx, name, mb->domain, hits);
	if (h == NULL && (sq = unspaced(ctx->arena, name)) != NULL)
		h = named(ctx, sq, mb->domain, hits);
	if (h == NULL && (b = whole_name(ctx, name, mb)) != NULL &&
	    !yj_brand_owns(b, ctx->arena, mb->domain)) {
		hits[0].brand = b;
		hits[0].token = b->name;
		h = &hits[0];
	}
	if (h != NULL) {
		f = yj_report(ctx, "display_name", YJ_SEV_HIGH, 35);
		yj_evidence(ctx, f, "brand", "%s", h->brand->name);
		yj_evidence(ctx, f, "name", "%s", shown);
		yj_evidence(ctx, f, "address", "%s", mb->addr);
		explain(ctx, f, h->brand->name, "差出人の表示名",
		    "sender's name", mb->addr);
		return true;
	}
	/* the registrable name only: mail hosts are often called
	 * "outlook" or "exchange" inside a company's own domain */
	n = yj_brands_platform(ctx->arena, mb->domain) ? 0 :
	    yj_brands_in_host(ctx->state, yj_domain_registrable(ctx->arena,
	    mb->domain), hits, MAX_HITS);
	if (n > 0 && !owned_by_any(ctx, hits, n, mb->domain)) {
		f = yj_report(ctx, "sender_domain", YJ_SEV_HIGH, 35);
		yj_evidence(ctx, f, "brand", "%s", hits[0].brand->name);
		yj_evidence(ctx, f, "address", "%s", mb->addr);
		explain(ctx, f, hits[0].brand->name, "差出人のドメイン",
		    "sender's domain", mb->domain);
		return true;
	}
	return false;
}

/*
 * bracketed - the subject brackets the token, as notices do ("【Amazon】",
 * "[PayPal]"); a subject that merely starts with a brand ("Microsoft CEO
 * Summit") is ordinary business
 */
static bool
bracketed(const char *subject, const char *token)
{
	static const char *const open[] = { "【", "[", "「", "(", "<", "≪",
		"《", NULL };
	const char *p = strstr(subject, token), *b;
	size_t i, n;

	while (p != NULL) {
		for (b = p; b > subject && b[-1] == ' '; b--)
			;	/* "【 イオンカード 】" */
		for (i = 0; open[i] != NULL; i++) {
			n = strlen(open[i]);
			if ((size_t)(b - subject) >= n &&
			    strncmp(b - n, open[i], n) == 0)
				return true;
		}
		p = strstr(p + 1, token);
	}
	return false;
}

/* check_subject - brand.subject */
static void
check_subject(struct yj_check_ctx *ctx, const struct yj_mailbox *mb)
{
	struct yj_brand_hit hits[MAX_HITS];
	const char *s = ctx->msg->subject_nfkc;
	struct yj_finding *f;
	size_t n, i;

	while (*s == ' ')
		s++;
	n = yj_brands_in_text(ctx->state, s, hits, MAX_HITS);
	if (n == 0 || owned_by_any(ctx, hits, n, mb->domain))
		return;
	for (i = 0; i < n; i++)
		if (bracketed(s, hits[i].token))
			break;
	if (i == n)
		return;
	f = yj_report(ctx, "subject", YJ_SEV_MEDIUM, 20);
	yj_evidence(ctx, f, "brand", "%s", hits[i].brand->name);
	yj_evidence(ctx, f, "subject", "%s", ctx->msg->subject);
	yj_evidence(ctx, f, "address", "%s", mb->addr);
	explain(ctx, f, hits[i].brand->name, "件名", "subject", mb->addr);
}

/* link_brand - brand named in a link host, not the brand's own */
static const struct yj_brand *
link_brand(struct yj_check_ctx *ctx, const char *host)
{
	struct yj_brand_hit hits[MAX_HITS];
	size_t n;

	n = yj_brands_in_host(ctx->state, host, hits, MAX_HITS);
	if (n == 0 || owned_by_any(ctx, hits, n, host))
		return NULL;
	return hits[0].brand;
}

/*
 * domain_segment - d appears in s as (the end of) a host name of its
 * own: the name starts after '/', '=' or the start, and d is followed
 * by '/', '?', '&', '#', '-', '.', or the end ("/www.paypal.com/signin",
 * "?next=paypal.com"); not inside something else ("...@google.com" in
 * an archived message id, "notpaypal.com")
 */
static bool
domain_segment(const char *s, const char *d)
{
	size_t n = strlen(d);
	const char *p = s;
	char b, a;

	const char *t;

	while ((p = yj_strcasestr(p, d)) != NULL) {
		for (t = p; t > s && (t[-1] == '.' || t[-1] == '-' ||
		    (t[-1] >= 'a' && t[-1] <= 'z') || (t[-1] >= 'A' &&
		    t[-1] <= 'Z') || (t[-1] >= '0' && t[-1] <= '9')); t--)
			;
		b = t == s ? '/' : t[-1];
		a = p[n];
		if ((p == t || p[-1] == '.') && (b == '/' || b == '=') &&
		    (a == '\0' || strchr("/?&#-.", a) != NULL))
			return true;
		p++;
	}
	return false;
}

/* path_brand - a brand's real domain named in a URL's path or query */
static const struct yj_brand *
path_brand(struct yj_check_ctx *ctx, const struct yj_url *u)
{
	const struct yj_brands *b = ctx->state;
	const struct yj_brand *br;
	struct yj_url_parts p;
	size_t i, k;

	yj_url_parse(ctx->arena, u->url, &p);
	if (*p.path == '\0' && *p.query == '\0')
		return NULL;
	/* ownership (a public-suffix lookup) only for a brand named */
	for (i = 0; i < yj_brands_count(b); i++) {
		br = yj_brands_at(b, i);
		for (k = 0; k < br->ndomains; k++)
			if (strlen(br->domains[k]) >= 6 &&
			    (domain_segment(p.path, br->domains[k]) ||
			    domain_segment(p.query, br->domains[k])))
				break;
		if (k < br->ndomains && !yj_brand_owns(br, ctx->arena,
		    u->host))
			return br;
	}
	return NULL;
}

/* report_links - one finding for the links of one kind */
static void
report_links(struct yj_check_ctx *ctx, bool path, const struct yj_brand *br,
    const char **urls, size_t n)
{
	struct yj_finding *f;
	size_t i;

	f = yj_report(ctx, path ? "link_path" : "link",
	    path ? YJ_SEV_MEDIUM : YJ_SEV_HIGH, path ? 20 : 35);
	yj_evidence(ctx, f, "brand", "%s", br->name);
	for (i = 0; i < n; i++)
		yj_evidence(ctx, f, "url", "%s", urls[i]);
	explain(ctx, f, br->name, "リンク先", "link", urls[0]);
}

/* check_links - brand.link and brand.link_path */
static void
check_links(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_brand *br, *host_br = NULL, *path_br = NULL;
	const char *hosts[MAX_URLS], *paths[MAX_URLS];
	size_t i, nh = 0, np = 0;

	for (i = 0; i < m->nurls && !yj_check_expired(ctx); i++) {
		const struct yj_url *u = &m->urls[i];

		if (*u->host == '\0' || (u->url_flags & YJ_URL_MAILTO) ||
		    u->source == YJ_SRC_IMG || allowed(ctx, u->host))
			continue;
		if ((br = link_brand(ctx, u->host)) != NULL) {
			if (host_br == NULL)
				host_br = br;
			if (nh < MAX_URLS)
				hosts[nh++] = u->url;
		} else if ((br = path_brand(ctx, u)) != NULL) {
			if (path_br == NULL)
				path_br = br;
			if (np < MAX_URLS)
				paths[np++] = u->url;
		}
	}
	if (host_br != NULL)
		report_links(ctx, false, host_br, hosts, nh);
	else if (path_br != NULL)
		report_links(ctx, true, path_br, paths, np);
}

/* run - sender, subject, links */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_mailbox *mb = yj_sender_mailbox(ctx->msg);

	if (mb != NULL && *mb->domain != '\0' &&
	    !yj_org_is_internal_domain(ctx->org, mb->domain) &&
	    !allowed(ctx, mb->domain) && !check_from(ctx, mb))
		check_subject(ctx, mb);
	check_links(ctx);
}

YJ_CHECK_DEFINE(brand,
	.summary = "a brand's name on a sender, subject or link that is not "
	    "the brand's",
	.summary_ja = "有名企業・ブランドの名前を、"
	    "その企業のものではない差出人・件名・リンクが使っている",
	.directions = YJ_DIR_IN,
	.setup = setup,
	.teardown = teardown,
	.run = run);
