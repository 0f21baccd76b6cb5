/*
 * signature - inbound: the signature gives another address than the
 * sender's
 *
 * The attack: IPA's check points for targeted mail note that the address
 * in the signature differs from the From address (indicator A9 of
 * ../shared/spec/inbound-and-incident.md, S2): the attacker copies a real
 * person's signature onto mail from their own account, or signs with the
 * real company while writing from free mail, and the reader trusts the
 * signature.
 *
 * The signature is the last 15 non-empty lines of the sender's own text
 * (quotations of earlier mail are left out, mail/quote); an address
 * counts when it is most of its line, as in a signature's contact line
 * ("mail: x@y"), not when a sentence mentions it.  Addresses of the
 * sender's own organisation, of the recipients and of our organisation
 * do not count; delivery reports and list or bulk mail
 * (mail/sender: List-* fields, Precedence, a subject tag naming the list
 * address) are not looked at: the signature of a list posting is one
 * member's, and the footers name the list or the service.
 *
 * Findings:
 *   signature.other_address  the signature gives an address at another
 *                            organisation than the sender's (low, 15)
 *
 * Weight: below the spec's starting point (20), so that it does not tag
 * alone: on the development corpus about 2% of real business mail had
 * it, mostly people writing from a private address and signing with
 * their company's (the very pattern, but innocent); it adds to the rest
 * of the evidence.
 *
 * Accepted false positives: people with two affiliations, group
 * companies under different domains, a colleague's private address in
 * the signature.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/domain.h"
#include "mail/quote.h"
#include "mail/sender.h"
#include "util/str.h"

#define SIG_LINES	15
#define MAX_ADDRS	8

/*
 * is_local_char - a character of a local part as people write them in
 * signatures (RFC 5322 allows more, such as '/', '?', '=', '#', but in
 * running text those belong to URLs: "...?id=jeff@example.com")
 */
static bool
is_local_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	    (c != '\0' && strchr("+-_.", c) != NULL);
}

/* is_domain_char - a character of a domain name */
static bool
is_domain_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	    c == '.';
}

/*
 * contact_line - the address is most of its line ("mail: x@y", "x@y"):
 * a signature's contact line, not a sentence that mentions an address
 * ("write to help@... to unsubscribe")
 */
static bool
contact_line(const char *text, const char *s, const char *e)
{
	const char *ls = s, *le = e;
	size_t other = 0;

	while (ls > text && ls[-1] != '\n')
		ls--;
	while (*le != '\0' && *le != '\n')
		le++;
	for (; ls < le; ls++)
		if ((ls < s || ls >= e) && (unsigned char)*ls > ' ' &&
		    ((unsigned char)*ls & 0xc0) != 0x80)
			other++;
	return other <= 16;
}

/* addresses - contact-line addresses in text (NFKC_Casefold), up to max */
static size_t
addresses(struct yj_arena *a, const char *text, const char **out, size_t max)
{
	const char *at = text, *s, *e;
	size_t n = 0;

	while (n < max && (at = strchr(at, '@')) != NULL) {
		for (s = at; s > text && is_local_char((unsigned char)s[-1]);
		    s--)
			;
		for (e = at + 1; is_domain_char((unsigned char)*e); e++)
			;
		while (e > at + 1 && e[-1] == '.')
			e--;
		if (s < at &&
		    memchr(at + 1, '.', (size_t)(e - at - 1)) != NULL &&
		    contact_line(text, s, e))
			out[n++] = yj_arena_memdup(a, s, (size_t)(e - s));
		at++;
	}
	return n;
}

/*
 * bulk_or_report - mail no person signs: delivery reports, auto-replies'
 * reports, list and bulk mail (the trick is about a person's signature)
 */
static bool
bulk_or_report(const struct yj_msg *m)
{
	const struct yj_mailbox *from = yj_sender_mailbox(m);

	if (m->nparts > 0 && strcmp(m->parts[0].content_type,
	    "multipart/report") == 0)
		return true;
	if (from != NULL && (yj_str_ieq(from->local, "mailer-daemon") ||
	    yj_str_ieq(from->local, "postmaster")))
		return true;
	return yj_sender_is_list(m);
}

/* in_list - addr (or its domain) in an address list */
static bool
in_list(const struct yj_addrlist *l, const char *addr)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (yj_str_ieq(l->v[i].addr, addr))
			return true;
	return false;
}

/* other - an address in the signature that is not the sender's side */
static bool
other(struct yj_check_ctx *ctx, const struct yj_mailbox *from,
    const char *addr)
{
	const struct yj_msg *m = ctx->msg;
	const char *d = yj_addr_domain(addr);

	if (yj_str_ieq(addr, from->addr) || in_list(&m->to, addr) ||
	    in_list(&m->cc, addr) ||
	    yj_org_is_internal_domain(ctx->org, d))
		return false;
	if (yj_domain_is_consumer(from->domain))
		return true;	/* every free-mail address is its own person */
	return !yj_domain_same_org(ctx->arena, d, from->domain);
}

/* signature_text - the signature of the first main text */
static const char *
signature_text(struct yj_check_ctx *ctx)
{
	return yj_quote_msg_signature(ctx->arena, ctx->msg, SIG_LINES);
}

/* run - compare the signature's addresses with From */
static void
run(struct yj_check_ctx *ctx)
{
	const struct yj_mailbox *from = yj_sender_mailbox(ctx->msg);
	const char *addrs[MAX_ADDRS];
	struct yj_finding *f;
	size_t n, i;

	if (from == NULL || *from->domain == '\0' ||
	    yj_org_is_internal_domain(ctx->org, from->domain) ||
	    bulk_or_report(ctx->msg))
		return;
	n = addresses(ctx->arena, signature_text(ctx), addrs, MAX_ADDRS);
	for (i = 0; i < n; i++) {
		if (!other(ctx, from, addrs[i]))
			continue;
		f = yj_report(ctx, "other_address", YJ_SEV_LOW, 15);
		yj_evidence(ctx, f, "from", "%s", from->addr);
		yj_evidence(ctx, f, "signature", "%s", addrs[i]);
		yj_explain_ja(ctx, f, "署名にはアドレス %s が書かれていますが、"
		    "実際の差出人は %s です。"
		    "他人の署名を使ったなりすましの可能性があります。"
		    "返信や連絡の前に、どちらが本物か確かめてください。",
		    addrs[i], from->addr);
		yj_explain_en(ctx, f, "The signature gives the address %s, but "
		    "the mail was sent from %s. Someone may be using another "
		    "person's signature: check which is genuine before you "
		    "reply or act.", addrs[i], from->addr);
		return;
	}
}

YJ_CHECK_DEFINE(signature,
	.summary = "the signature gives an address of another organisation "
	    "than the sender",
	.summary_ja = "署名のアドレスが差出人と別の組織のもの",
	.directions = YJ_DIR_IN,
	.run = run);
