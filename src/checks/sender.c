/*
 * sender - inbound: a sender address nobody could answer, or one made in
 * a minute on a sign-up platform
 *
 * The attack: phishing writes whatever From it likes, since nobody is
 * meant to answer it: a domain without a top-level domain
 * ("cnh@508704govcnhonline"), one with an invented ending
 * ("...@jumbo-netherlands.zf"), letters a domain cannot hold, or
 * "mathematical" look-alike letters (JPCERT/CC sees them in phishing
 * URLs, S34); or it sends from a free app or tenant name on a big
 * platform (tenant.onmicrosoft.com, app.firebaseapp.com), which passes
 * authentication for the platform's domain.  Real organisations send
 * from their own registered domains.  (Sender sanity beside indicators
 * A1-A10 of ../shared/spec/inbound-and-incident.md.)
 *
 * Findings:
 *   sender.bad_domain  the From domain cannot be a registered domain:
 *                      no dot, characters a domain cannot hold, a
 *                      top-level domain that does not exist (not in the
 *                      Public Suffix List), or only a public suffix
 *                      (medium, 25)
 *   sender.abused_tld  From is under a top-level domain phishing uses far
 *                      more than real senders (settings: abused_tlds,
 *                      the same default as the links check) (low, 10)
 *   sender.platform    From is an app or tenant name on a platform where
 *                      anyone signs up (firebaseapp.com, web.app,
 *                      appspot.com, onmicrosoft.com, ...) (low, 15)
 *
 * Weights: a bad domain tags alone (no real organisation sends from
 * one); a platform name is common in phishing but also in small
 * organisations' first setup, so it only adds.
 *
 * Accepted false positives: internal systems that send as
 * "root@localhost" from outside the organisation (they should not reach
 * people from outside anyway); small organisations still on their
 * tenant name.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/sender.h"
#include "util/str.h"

struct settings {
	char		**abused_tlds;
	unsigned	 ntlds;
};

static const cyaml_schema_value_t string_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, 63),
};

static const cyaml_schema_field_t fields[] = {
	CYAML_FIELD_SEQUENCE_COUNT("abused_tlds",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct settings,
	    abused_tlds, ntlds, &string_entry, 0, 1000),
	CYAML_FIELD_END
};

/* defaults - the reported TLDs (mail/domain) */
static void
defaults(void *p)
{
	struct settings *s = p;

	for (s->ntlds = 0; yj_domain_abused_tlds[s->ntlds] != NULL;
	    s->ntlds++)
		;
	s->abused_tlds = (char **)yj_domain_abused_tlds;
}

/* Where a sign-up gives anyone a sending name of their own. */
static const char *const platforms[] = {
	"firebaseapp.com", "web.app", "appspot.com", "onmicrosoft.com",
	"herokuapp.com", "azurewebsites.net", "netlify.app", "vercel.app",
	"pages.dev", "workers.dev", "glitch.me", "repl.co", NULL,
};

/* ldh - every byte is a letter, digit, hyphen, underscore or dot */
static bool
ldh(const char *d)
{
	for (; *d != '\0'; d++)
		if (!((*d >= 'a' && *d <= 'z') || (*d >= '0' && *d <= '9') ||
		    *d == '-' || *d == '_' || *d == '.'))
			return false;
	return true;
}

/* bad - why the domain cannot be a registered one, or NULL */
static const char *
bad(struct yj_check_ctx *ctx, const char *domain)
{
	const char *a = yj_domain_ascii(ctx->arena, domain);

	if (a == NULL)
		return "not a valid internationalised name";
	if (*a == '[')
		return NULL;	/* an address literal: odd, but real */
	if (!ldh(a))
		return "characters a domain name cannot hold";
	if (strchr(a, '.') == NULL)
		return "no top-level domain";
	if (!yj_domain_tld_exists(yj_domain_tld(a)))
		return "a top-level domain that does not exist";
	if (yj_domain_is_public_suffix(a))
		return "only a public suffix";
	return NULL;
}

/* platform - the platform a domain is a tenant or app name on */
static const char *
platform(const char *domain)
{
	size_t i, n = strlen(domain), m;

	for (i = 0; platforms[i] != NULL; i++) {
		m = strlen(platforms[i]);
		if (n > m && domain[n - m - 1] == '.' &&
		    yj_str_ieq(domain + n - m, platforms[i]))
			return platforms[i];
	}
	return NULL;
}

/* abused - the domain is under one of the abused TLDs */
static bool
abused(const struct settings *st, const char *domain)
{
	const char *tld = yj_domain_tld(domain);
	unsigned i;

	for (i = 0; i < st->ntlds && strcmp(tld, domain) != 0; i++)
		if (yj_str_ieq(tld, st->abused_tlds[i]))
			return true;
	return false;
}

/* run - the From address */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_mailbox *mb = yj_sender_mailbox(ctx->msg);
	struct yj_finding *f;
	const char *why, *p;

	if (mb == NULL || *mb->domain == '\0' ||
	    yj_org_is_internal_domain(ctx->org, mb->domain))
		return;
	/* delivery reports from relays named without a domain */
	if ((why = bad(ctx, mb->domain)) != NULL &&
	    !yj_str_ieq(mb->local, "mailer-daemon") &&
	    !yj_str_ieq(mb->local, "postmaster")) {
		f = yj_report(ctx, "bad_domain", YJ_SEV_MEDIUM, 25);
		yj_evidence(ctx, f, "address", "%s", mb->addr);
		yj_evidence(ctx, f, "why", "%s", why);
		yj_explain_ja(ctx, f, "差出人のアドレス %s のドメインは、"
		    "実在しえない形です。返信を受けるつもりのない、"
		    "なりすましメールの特徴です。"
		    "リンクや添付を開かないでください。", mb->addr);
		yj_explain_en(ctx, f, "The sender's address %s has a domain "
		    "that cannot exist (%s): nobody means to receive replies "
		    "there, a mark of forged mail. Do not open its links or "
		    "attachments.",
		    mb->addr, why);
		return;
	}
	if (abused(ctx->settings, mb->domain)) {
		f = yj_report(ctx, "abused_tld", YJ_SEV_LOW, 10);
		yj_evidence(ctx, f, "address", "%s", mb->addr);
		yj_evidence(ctx, f, "tld", "%s", yj_domain_tld(mb->domain));
		yj_explain_ja(ctx, f, "差出人 %s のドメインは、"
		    "フィッシングに多く使われている種類 (.%s) です。",
		    mb->addr, yj_domain_tld(mb->domain));
		yj_explain_en(ctx, f, "The sender %s is under a top-level "
		    "domain (.%s) that phishing uses far more than real "
		    "senders.",
		    mb->addr, yj_domain_tld(mb->domain));
	}
	if ((p = platform(mb->domain)) != NULL) {
		f = yj_report(ctx, "platform", YJ_SEV_LOW, 15);
		yj_evidence(ctx, f, "address", "%s", mb->addr);
		yj_evidence(ctx, f, "platform", "%s", p);
		yj_explain_ja(ctx, f, "差出人 %s は、"
		    "誰でもすぐに作れるサービス上の名前 (%s) です。"
		    "実在の会社からのメールなら、"
		    "その会社自身のドメインから届くはずです。", mb->addr, p);
		yj_explain_en(ctx, f, "The sender %s is a name anyone can "
		    "create in a minute on %s. Mail from a real company would "
		    "come from its own domain.", mb->addr, p);
	}
}

YJ_CHECK_DEFINE(sender,
	.summary = "a sender domain that cannot exist, under an abused "
	    "top-level domain, or a throw-away name on a sign-up platform",
	.summary_ja = "実在しえない差出人ドメイン、"
	    "悪用の多いトップレベルドメイン、誰でも作れるサービス上の差出人",
	.directions = YJ_DIR_IN,
	.settings = fields,
	.settings_size = sizeof(struct settings),
	.defaults = defaults,
	.run = run);
