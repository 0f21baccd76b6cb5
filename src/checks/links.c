/*
 * links - inbound: links that lie about where they go
 *
 * The attack: IPA's check points name a link whose text shows one URL
 * while it goes to another (indicator D1 of
 * ../shared/spec/inbound-and-incident.md, S2).  The anti-phishing
 * council's 2025-07 report found .cn and .top behind about half of the
 * phishing URLs and Google Translate used as an open redirector in about
 * 8.5% (D4, D5; S21); JPCERT/CC's list shows cheap TLDs (.cyou .sbs .cfd
 * .shop .help) (S34).  Links to raw IP addresses and URLs with a domain
 * before an "@" ("https://www.bank.example@evil.example/") are older
 * tricks of the same kind.
 *
 * Findings:
 *   links.text_mismatch  the link text shows a URL or domain of another
 *                        organisation than the link's target (high, 35)
 *   links.userinfo       the URL puts a domain before "@" so the real host
 *                        hides behind it (high, 35)
 *   links.redirect       the link goes through an open redirector or a
 *                        translation proxy to somewhere else (medium, 20)
 *   links.ip_host        the link goes to a bare IP address (low, 15:
 *                        intranet and appliance links do too)
 *   links.abused_tld     the link's domain is under a top-level domain
 *                        that phishing uses far more than real senders
 *                        (low, 10; settings: abused_tlds)
 *   links.shortener      the link goes through a URL shortener (bit.ly,
 *                        tinyurl.com, ...), which hides its target
 *                        (low, 10)
 *   links.free_hosting   the link goes to a page on a free hosting or
 *                        form service (firebaseapp.com, web.app,
 *                        pages.dev, Google and Microsoft forms, ...),
 *                        where phishing kits live (low, 10)
 *
 * The text of a link through a mail-marketing click tracker (settings:
 * tracking_domains, added to a built-in list of the common ones) shows
 * the final site by design and is not compared; a link to a redirector
 * whose target is readable in the URL is compared with that target.
 * Weights: the spec's starting points (D1 35, D4 10, D5 20).
 *
 * Accepted false positives: newsletters sent through a tracker that is
 * not on the list (add it to tracking_domains), companies that link
 * their short brand domain under another name.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/url.h"
#include "util/str.h"

#define MAX_EVIDENCE	5

struct settings {
	char		**abused_tlds;
	unsigned	 ntlds;
	char		**tracking_domains;
	unsigned	 ntracking;
};

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, 255),
};

static const cyaml_schema_field_t fields[] = {
	CYAML_FIELD_SEQUENCE_COUNT("abused_tlds",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct settings,
	    abused_tlds, ntlds, &string_entry, 0, 1000),
	CYAML_FIELD_SEQUENCE_COUNT("tracking_domains",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct settings,
	    tracking_domains, ntracking, &string_entry, 0, 10000),
	CYAML_FIELD_END
};

/* defaults - the reported TLDs; no extra trackers */
static void
defaults(void *p)
{
	struct settings *s = p;

	for (s->ntlds = 0; yj_domain_abused_tlds[s->ntlds] != NULL;
	    s->ntlds++)
		;
	s->abused_tlds = (char **)yj_domain_abused_tlds;
}

/*
 * Click trackers of mail-marketing services: their links show the final
 * site as text by design.
 */
static const char *const trackers[] = {
	"list-manage.com", "mailchimp.com", "mcsv.net", "sendgrid.net",
	"mandrillapp.com", "mailgun.org", "mailgun.net", "sparkpostmail.com",
	"exct.net", "exacttarget.com", "hubspotlinks.com", "hubspot.com",
	"hs-sites.com", "rs6.net", "constantcontact.com", "mktoweb.com",
	"mkt.com", "awstrack.me", "cmail19.com", "cmail20.com",
	"createsend.com", "klclick.com", "klclick1.com", "mailjet.com",
	"mjt.lu", "sendibt2.com", "sendibt3.com", "brevo.com", "emltrk.com",
	"salesforce.com", "pardot.com", "eloqua.com", "cuenote.jp",
	"bme.jp", "hm-f.jp", "mail-magazine.jp", "mpse.jp", "mailwise.jp",
	"safelinks.protection.outlook.com", "urldefense.com",
	"urldefense.proofpoint.com", "mimecastprotect.com", "linkedin.com",
	"lnkd.in", "t.co", "google.com", "doubleclick.net", NULL,
};

/*
 * Open redirectors phishing uses: the target is in the query (q, url,
 * u, target, dest) or, for translation proxies, in the host itself.
 */
static const char *const redirectors[] = {
	"translate.goog", "google.com/url", "google.co.jp/url",
	"google.com/amp/", "bing.com/ck/a", "l.facebook.com/l.php",
	"youtube.com/redirect", "googleadservices.com/pagead/aclk",
	"adclick.g.doubleclick.net", "linkedin.com/redir/redirect",
	"slack-redir.net/link", "away.vk.com/away.php", NULL,
};

/* in_list - domain equals or is below an entry */
static bool
in_list(const char *domain, const char *const *v, size_t n)
{
	size_t i, dn = strlen(domain), m;

	for (i = 0; i < n && v[i] != NULL; i++) {
		m = strlen(v[i]);
		if (yj_str_ieq(domain, v[i]) || (dn > m &&
		    domain[dn - m - 1] == '.' &&
		    yj_str_ieq(domain + dn - m, v[i])))
			return true;
	}
	return false;
}

/* is_tracker - a click tracker's host */
static bool
is_tracker(const struct settings *s, const char *host)
{
	return in_list(host, trackers, sizeof(trackers) /
	    sizeof(trackers[0])) || in_list(host,
	    (const char *const *)s->tracking_domains, s->ntracking);
}

/* redirector - the redirector pattern a URL matches, or NULL */
static const char *
redirector(const char *url, const char *host)
{
	size_t i;

	if (yj_str_isuffix(host, ".translate.goog"))
		return "translate.goog";
	for (i = 0; redirectors[i] != NULL; i++)
		if (strchr(redirectors[i], '/') != NULL &&
		    yj_strcasestr(url, redirectors[i]) != NULL)
			return redirectors[i];
	return NULL;
}

/* pct_decode - %XX decoded copy */
static char *
pct_decode(struct yj_arena *a, const char *s, size_t n)
{
	char *out = yj_arena_alloc(a, n + 1);
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && yj_hexval(s[i + 1]) >= 0 &&
		    yj_hexval(s[i + 2]) >= 0) {
			out[k++] = (char)(yj_hexval(s[i + 1]) * 16 +
			    yj_hexval(s[i + 2]));
			i += 2;
		} else
			out[k++] = s[i] == '+' ? ' ' : s[i];
	}
	out[k] = '\0';
	return out;
}

/*
 * goog_host - the site behind a Google Translate proxy host:
 * "www-example-com.translate.goog" is www.example.com ("--" is "-")
 */
static const char *
goog_host(struct yj_arena *a, const char *host)
{
	size_t n = strlen(host) - strlen(".translate.goog"), i, k = 0;
	char *t = yj_arena_alloc(a, n + 1);

	for (i = 0; i < n; i++) {
		if (host[i] == '-' && i + 1 < n && host[i + 1] == '-') {
			t[k++] = '-';
			i++;
		} else
			t[k++] = host[i] == '-' ? '.' : host[i];
	}
	t[k] = '\0';
	return t;
}

/* target_of - the host a redirecting URL sends to, or NULL */
static const char *
target_of(struct yj_arena *a, const char *url, const char *host)
{
	static const char *const keys[] = { "url=", "q=", "u=", "target=",
		"dest=", "redirect=", "to=", "adurl=", NULL };
	const char *q = strchr(url, '?'), *p, *e, *t;
	size_t i;

	if (yj_str_isuffix(host, ".translate.goog"))
		return goog_host(a, host);
	for (i = 0; q != NULL && keys[i] != NULL; i++) {
		p = q;
		while ((p = strstr(p + 1, keys[i])) != NULL) {
			if (p[-1] != '?' && p[-1] != '&')
				continue;
			p += strlen(keys[i]);
			e = p + strcspn(p, "&#");
			t = pct_decode(a, p, (size_t)(e - p));
			if (strstr(t, "://") != NULL)
				return yj_url_host_of(a, t);
		}
	}
	return NULL;
}

/* bare_domain - the text is a bare domain name ("amazon.co.jp") */
static const char *
bare_domain(struct yj_arena *a, const char *text)
{
	char *t = yj_str_trim(a, text, strlen(text)), *p;
	size_t n = strlen(t), dots = 0;

	while (n > 0 && (t[n - 1] == '/' || t[n - 1] == '.'))
		t[--n] = '\0';
	if (n < 4 || n > 253)
		return NULL;
	for (p = t; *p != '\0'; p++) {
		if (*p == '.')
			dots++;
		else if (!((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-'))
			return NULL;
	}
	if (dots == 0 || yj_domain_is_public_suffix(t))
		return NULL;
	p = strrchr(t, '.');
	if (strlen(p + 1) < 2 || (p[1] >= '0' && p[1] <= '9'))
		return NULL;	/* "1.5", "v2.0" */
	return yj_str_lower(a, t);
}

struct shown {
	struct yj_arena	*a;
	const char	*host;
};

/* first_url - yj_url_find callback: keep the first URL's host */
static int
first_url(const char *url, size_t off, void *arg)
{
	struct shown *s = arg;

	(void)off;
	s->host = yj_url_host_of(s->a, url);
	return 1;
}

/* shown_host - the host the anchor text shows, or NULL */
static const char *
shown_host(struct yj_arena *a, const char *text)
{
	struct shown s = { a, NULL };
	const char *f;

	if (text == NULL || *text == '\0')
		return NULL;
	f = yj_nfkc_casefold(a, text, strlen(text));
	(void)yj_url_find(a, f, strlen(f), first_url, &s);
	if (s.host != NULL)
		return s.host;
	return bare_domain(a, f);
}

/* mismatch - text shows another organisation than the href reaches */
static const char *
mismatch(struct yj_check_ctx *ctx, const struct yj_link *l)
{
	const struct settings *s = ctx->settings;
	const char *shown, *real = l->host, *t;

	if (*l->host == '\0' || l->hidden)
		return NULL;
	shown = shown_host(ctx->arena, l->text);
	if (shown == NULL || *shown == '\0')
		return NULL;
	if (redirector(l->href, l->host) != NULL &&
	    (t = target_of(ctx->arena, l->href, l->host)) != NULL)
		real = t;
	else if (is_tracker(s, l->host))
		return NULL;
	if (yj_domain_same_org(ctx->arena, shown, real))
		return NULL;
	return shown;
}

/* report_mismatch - links.text_mismatch */
static void
report_mismatch(struct yj_check_ctx *ctx, const struct yj_link *l,
    const char *shown)
{
	struct yj_finding *f;

	f = yj_report(ctx, "text_mismatch", YJ_SEV_HIGH, 35);
	yj_evidence(ctx, f, "text", "%s", l->text);
	yj_evidence(ctx, f, "shown", "%s", shown);
	yj_evidence(ctx, f, "url", "%s", l->href);
	yj_explain_ja(ctx, f, "リンクの文字は「%s」ですが、"
	    "実際の行き先は別のサイト (%s) です。"
	    "偽サイトに誘導するフィッシングの手口です。"
	    "このリンクは開かないでください。", l->text, l->host);
	yj_explain_en(ctx, f, "The link reads \"%s\" but really goes to "
	    "another site (%s). Showing one address and opening another is how "
	    "phishing leads to fake sites: do not open this link.", l->text,
	    l->host);
}

/* check_anchors - links.text_mismatch, once */
static void
check_anchors(struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const char *shown;
	size_t i;

	for (i = 0; i < m->nlinks && !yj_check_expired(ctx); i++)
		if ((shown = mismatch(ctx, &m->links[i])) != NULL) {
			report_mismatch(ctx, &m->links[i], shown);
			return;
		}
}

/*
 * Free hosting and form services where anyone puts up a page in minutes:
 * credential phishing kits live there (the domain is trusted, the page
 * is not).  Real business mail seldom links to them.
 */
static const char *const hosting[] = {
	"firebaseapp.com", "web.app", "appspot.com", "github.io", "gitlab.io",
	"netlify.app", "vercel.app", "pages.dev", "workers.dev", "r2.dev",
	"glitch.me", "herokuapp.com", "repl.co", "replit.app", "weebly.com",
	"wixsite.com", "000webhostapp.com", "blogspot.com", "webflow.io",
	"square.site", "godaddysites.com", "mystrikingly.com", "jimdosite.com",
	"carrd.co", "surge.sh", "onrender.com", "fly.dev", "dweb.link",
	"azurewebsites.net", "typedream.app", "framer.website", "canva.site",
	"notion.site", "wordpress.com",
	/* the service's own host carries the pages: match on the URL */
	"://forms.gle/", "://sites.google.com/", "://storage.googleapis.com/",
	"://firebasestorage.googleapis.com/", "://docs.google.com/forms/",
	"://forms.office.com/", "://ipfs.io/ipfs/", NULL,
};

/* free_hosting - the URL is on a free hosting or form service */
static const char *
free_hosting(struct yj_arena *a, const char *url, const char *host)
{
	const char *e;
	size_t i;

	for (i = 0; (e = hosting[i]) != NULL; i++) {
		if (strchr(e, '/') != NULL) {
			if (yj_strcasestr(url, e) != NULL)
				return yj_arena_memdup(a, e + 3, strlen(e) - 4);
			continue;
		}
		/* a user's page is a name below the service's own */
		if (!yj_str_ieq(host, e) && in_list(host, &e, 1) &&
		    !(strncmp(host, "www.", 4) == 0 && yj_str_ieq(host + 4, e)))
			return e;
	}
	return NULL;
}

/* Link shorteners: the reader cannot see where a link goes. */
static const char *const shorteners[] = {
	"bit.ly", "tinyurl.com", "t.ly", "cutt.ly", "is.gd", "ow.ly",
	"rebrand.ly", "s.id", "shorturl.at", "rb.gy", "tiny.cc", "bl.ink",
	"t2m.io", "shorte.st", "goo.su", "clck.ru", "v.gd", "x.gd", "u.to",
	"qrco.de", NULL,
};

enum { K_USERINFO, K_REDIRECT, K_IP, K_TLD, K_HOSTING, K_SHORT, NKINDS };

struct kind_text {
	const char	*name;
	enum yj_severity sev;
	int		 weight;
	const char	*extra_key;	/* evidence key of the extra, or NULL */
	const char	*ja;
	const char	*en;
};

static const struct kind_text kinds[NKINDS] = {
	[K_USERINFO] = { "userinfo", YJ_SEV_HIGH, 35, NULL,
	    "リンクの URL は「@」の前に本物らしいドメインを書き、実際の行き先を"
	    "隠しています。偽サイトへの誘導です。開かないでください。",
	    "The URL writes a real-looking domain before an \"@\" to hide "
	    "where it really goes. It leads to a fake site: do not open it." },
	[K_REDIRECT] = { "redirect", YJ_SEV_MEDIUM, 20, "via",
	    "リンクは、Google 翻訳などの転送サービスを経由して別のサイトに"
	    "移動します。本当の行き先を隠す手口です。開かないでください。",
	    "The link passes through a redirect or translation service to "
	    "another site, which hides its real target: do not open it." },
	[K_IP] = { "ip_host", YJ_SEV_LOW, 15, NULL,
	    "リンクの行き先がドメイン名ではなく IP アドレスです。正規の"
	    "サービスはほとんど使わない形式です。開かないでください。",
	    "The link goes to a bare IP address instead of a domain name, "
	    "which real services almost never use: do not open it." },
	[K_HOSTING] = { "free_hosting", YJ_SEV_LOW, 10, "service",
	    "リンク先は、誰でもすぐにページを作れる無料のホスティングやフォーム"
	    "のサービス上にあります。偽のログインページがよく置かれる場所です。"
	    "ここでパスワードなどを入力しないでください。",
	    "The link goes to a free hosting or form service where anyone can "
	    "put up a page in minutes, a usual home of fake sign-in pages. Do "
	    "not enter passwords or details there." },
	[K_SHORT] = { "shortener", YJ_SEV_LOW, 10, NULL,
	    "リンクが短縮 URL のため、実際の行き先が見えません。"
	    "開く前に送信者に確認するか、開かないでください。",
	    "The link is shortened, so its real target cannot be seen. Ask "
	    "the sender before opening it, or leave it." },
	[K_TLD] = { "abused_tld", YJ_SEV_LOW, 10, "tld",
	    "リンクのドメインは、フィッシングに多く使われている種類 (.cn、.top "
	    "など) です。リンク先に注意してください。",
	    "The link's domain ends in a top-level domain that phishing uses "
	    "far more than real senders (.cn, .top, ...). Be careful with "
	    "it." },
};

struct seen {
	const char	*urls[MAX_EVIDENCE];
	size_t		 n;
	const char	*extra;
};

/* add_url - remember a URL for a kind of finding */
static void
add_url(struct seen *k, const char *url, const char *extra)
{
	if (k->n < MAX_EVIDENCE)
		k->urls[k->n++] = url;
	if (k->extra == NULL)
		k->extra = extra;
}

/* emit - one finding for a kind that was seen */
static void
emit(struct yj_check_ctx *ctx, const struct kind_text *kt,
    const struct seen *k)
{
	struct yj_finding *f;
	size_t i;

	if (k->n == 0)
		return;
	f = yj_report(ctx, kt->name, kt->sev, kt->weight);
	for (i = 0; i < k->n; i++)
		yj_evidence(ctx, f, "url", "%s", k->urls[i]);
	if (kt->extra_key != NULL && k->extra != NULL)
		yj_evidence(ctx, f, kt->extra_key, "%s", k->extra);
	yj_explain_ja(ctx, f, "%s", kt->ja);
	yj_explain_en(ctx, f, "%s", kt->en);
}

/* userinfo_domain - the URL has "domain@" before the host */
static bool
userinfo_domain(struct yj_arena *a, const char *url)
{
	const char *p = strstr(url, "://"), *at, *end;

	if (p == NULL)
		return false;
	p += 3;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at == NULL)
		return false;
	p = yj_arena_memdup(a, p, (size_t)(at - p));
	return strchr(p, '.') != NULL && strchr(p, ':') == NULL;
}

/* abused - the host is under one of the abused TLDs */
static bool
abused(const struct settings *s, const char *host)
{
	const char *tld = yj_domain_tld(host);

	return strcmp(tld, host) != 0 && in_list(tld,
	    (const char *const *)s->abused_tlds, s->ntlds);
}

/* check_urls - userinfo, redirect, IP host, abused TLD */
static void
check_urls(struct yj_check_ctx *ctx)
{
	const struct settings *s = ctx->settings;
	const struct yj_msg *m = ctx->msg;
	struct seen seen[NKINDS];
	const struct yj_url *u;
	const char *r;
	size_t i;

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < m->nurls; i++) {
		u = &m->urls[i];
		if (*u->host == '\0' || (u->url_flags & YJ_URL_MAILTO) ||
		    u->source == YJ_SRC_IMG)
			continue;
		if ((u->url_flags & YJ_URL_USERINFO) &&
		    userinfo_domain(ctx->arena, u->url))
			add_url(&seen[K_USERINFO], u->url, NULL);
		if ((r = redirector(u->url, u->host)) != NULL &&
		    target_of(ctx->arena, u->url, u->host) != NULL)
			add_url(&seen[K_REDIRECT], u->url, r);
		if (in_list(u->host, shorteners, sizeof(shorteners) /
		    sizeof(shorteners[0])))
			add_url(&seen[K_SHORT], u->url, NULL);
		if ((r = free_hosting(ctx->arena, u->url, u->host)) != NULL)
			add_url(&seen[K_HOSTING], u->url, r);
		if (u->url_flags & YJ_URL_IP)
			add_url(&seen[K_IP], u->url, NULL);
		else if (abused(s, u->host))
			add_url(&seen[K_TLD], u->url, yj_domain_tld(u->host));
	}
	for (i = 0; i < NKINDS; i++)
		emit(ctx, &kinds[i], &seen[i]);
}

/* run - anchors, then URLs */
static void
run(struct yj_check_ctx *ctx)
{
	check_anchors(ctx);
	check_urls(ctx);
}

YJ_CHECK_DEFINE(links,
	.summary = "links whose text shows another site, redirectors, IP "
	    "hosts, hidden hosts, abused top-level domains",
	.summary_ja = "表示と行き先が違うリンク、転送サービス、IP アドレス、"
	    "ホストを隠した URL、悪用の多いトップレベルドメイン",
	.directions = YJ_DIR_IN,
	.settings = fields,
	.settings_size = sizeof(struct settings),
	.defaults = defaults,
	.run = run);
