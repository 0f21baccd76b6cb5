/*
 * rcptorg.c - the organisations a message goes to
 */
#include <string.h>

#include "engine/rcptorg.h"
#include "mail/domain.h"
#include "mail/orgname.h"
#include "mail/rcpt.h"

/* add - a value once */
static void
add(struct yj_arena *a, struct yj_strvec *v, const char *s)
{
	if (s != NULL && *s != '\0' && !yj_strvec_has(v, s))
		yj_strvec_push(a, v, s);
}

/* learn - what is known of one external recipient */
static void
learn(struct yj_check_ctx *ctx, struct yj_rcpt_orgs *ro,
    const struct yj_rcpt *r)
{
	struct yj_arena *a = ctx->arena;
	struct yj_kb_domain kd;
	struct yj_kb_person p;
	const char *d = yj_domain_registrable(a, r->domain);
	size_t i;

	if (d == NULL || *d == '\0')
		return;
	if (yj_kb_person(ctx->kb, a, r->addr, &p) == 0)
		add(a, &ro->orgs, p.org_key);
	if (*r->name != '\0' && yj_orgname_has_legal_form(a, r->name))
		add(a, &ro->orgs, yj_orgname_key(a, r->name));
	if (yj_strvec_has(&ro->doms, d))
		return;		/* the domain's facts are in already */
	add(a, &ro->doms, d);
	if (!yj_domain_is_consumer(d) && yj_kb_domain(ctx->kb, a, d, &kd) == 0)
		for (i = 0; i < kd.norgs; i++)
			add(a, &ro->orgs, kd.orgs[i].key);
	ro->shown = *ro->shown ? yj_arena_printf(a, "%s, %s", ro->shown, d) :
	    d;
}

/* yj_rcpt_orgs_collect - the external recipients' organisations */
bool
yj_rcpt_orgs_collect(struct yj_check_ctx *ctx, struct yj_rcpt_orgs *ro)
{
	struct yj_rcpt *v;
	size_t i, n;

	memset(ro, 0, sizeof(*ro));
	ro->shown = "";
	n = yj_rcpt_list(ctx->arena, ctx->msg, &v);
	for (i = 0; i < n; i++)
		if (!yj_org_is_internal_domain(ctx->org, v[i].domain))
			learn(ctx, ro, &v[i]);
	return ro->doms.nr > 0;
}

/* yj_rcpt_orgs_foreign - tied to domains, none a recipient's or ours */
bool
yj_rcpt_orgs_foreign(const struct yj_check_ctx *ctx,
    const struct yj_rcpt_orgs *ro, const struct yj_kb_org *org)
{
	size_t i;

	if (org->ndomains == 0 || yj_strvec_has(&ro->orgs, org->key))
		return false;
	for (i = 0; i < org->ndomains; i++)
		if (yj_strvec_has(&ro->doms, org->domains[i]) ||
		    yj_org_is_internal_domain(ctx->org, org->domains[i]))
			return false;
	return true;
}
