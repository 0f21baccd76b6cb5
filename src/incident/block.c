/*
 * block.c - from an incident's indicators to block list entries
 *
 * Design: read the incident's strong indicators, normalise each as the
 * block list compares them (mail/ioc.h), drop those the allow list
 * holds, and add the rest with yj_intel_add_many() in one transaction.
 * Only then is the timeline written (a second, durable transaction of
 * the register), so the timeline never claims a block that did not
 * happen.  The two stores' transactions cannot be one: the block list
 * runs its own.  Blocking twice is harmless: existing entries are
 * counted as "already".
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "incident/block.h"
#include "incident/mailreport.h"
#include "mail/ioc.h"
#include "store/intel.h"
#include "store/store.h"
#include "util/error.h"

/* kind_of - the block list kind of a strong indicator kind */
static int
kind_of(const char *kind, enum yj_ioc_kind *ioc, enum yj_intel_query *q)
{
	if (strcmp(kind, "sender") == 0 || strcmp(kind, "reply_to") == 0) {
		*ioc = YJ_IOC_ADDRESS;
		*q = YJ_INTEL_Q_ADDRESS;
	} else if (strcmp(kind, "url") == 0) {
		*ioc = YJ_IOC_URL;
		*q = YJ_INTEL_Q_URL;
	} else if (strcmp(kind, "attachment_sha256") == 0) {
		*ioc = YJ_IOC_SHA256;
		*q = YJ_INTEL_Q_SHA256;
	} else {
		return YJ_EINVAL;
	}
	return 0;
}

/* allowed - the allow list holds v */
static bool
allowed(struct yj_store *s, enum yj_intel_query q, const char *v,
    int64_t now)
{
	struct yj_intel_entry e;

	if (yj_intel_match(s, YJ_INTEL_ALLOW, q, v, now, &e) != 0)
		return false;
	yj_intel_entry_release(&e);
	return true;
}

/* already - the block list holds exactly this entry */
static bool
already(struct yj_store *s, enum yj_intel_kind k, const char *v)
{
	struct yj_intel_entry e;

	if (yj_intel_get(s, YJ_INTEL_BLOCK, k, v, &e) != 0)
		return false;
	yj_intel_entry_release(&e);
	return true;
}

/* plan - every strong indicator with what will happen to it */
static size_t
plan(struct yj_incident_ctx *ctx, struct yj_store *s,
    const struct yj_incident *inc, struct yj_block_result *r,
    struct yj_intel_entry *add, const char *note)
{
	enum yj_intel_query q;
	enum yj_ioc_kind ioc;
	const char *v;
	size_t i, n = 0;

	r->v = yj_arena_allocarray(ctx->arena, inc->ninds + 1,
	    sizeof(*r->v));
	for (i = 0; i < inc->ninds; i++) {
		struct yj_block_item *it = &r->v[r->n];

		if (!yj_mailreport_strong(inc->inds[i].kind) ||
		    kind_of(inc->inds[i].kind, &ioc, &q) != 0)
			continue;
		r->n++;
		it->kind = inc->inds[i].kind;
		v = yj_ioc_normalize(ctx->arena, ioc, inc->inds[i].value);
		it->value = v != NULL ? v : inc->inds[i].value;
		if (v == NULL)
			it->status = "invalid";
		else if (allowed(s, q, v, ctx->now))
			it->status = "allowed";
		else if (already(s, (enum yj_intel_kind)ioc, v))
			it->status = "already";
		else {
			it->status = "blocked";
			memset(&add[n], 0, sizeof(add[n]));
			add[n].list = YJ_INTEL_BLOCK;
			add[n].kind = (enum yj_intel_kind)ioc;
			add[n].value = v;
			add[n].source = "incident";
			add[n].note = note;
			add[n].created_at = ctx->now;
			n++;
		}
	}
	return n;
}

/* yj_incident_block - block the incident's strong indicators */
int
yj_incident_block(struct yj_incident_ctx *ctx, struct yj_store *s,
    int64_t id, struct yj_block_result *r)
{
	struct yj_intel_import st = { 0 };
	struct yj_intel_entry *add;
	struct yj_incident inc;
	const char *note;
	size_t n;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = yj_incident_load(ctx, id, YJ_INC_LOAD_MESSAGES, &inc)) != 0)
		return rc;
	note = yj_arena_printf(ctx->arena, "incident %" PRId64, id);
	add = yj_arena_allocarray(ctx->arena, inc.ninds + 1, sizeof(*add));
	n = plan(ctx, s, &inc, r, add, note);
	if (n > 0 && (rc = yj_intel_add_many(s, add, n, NULL, &st)) != 0) {
		snprintf(ctx->err, sizeof(ctx->err), "cannot add to the block "
		    "list: %s", yj_store_errmsg(s));
		return rc;
	}
	r->added = st.added;
	if (n == 0)
		return 0;
	return yj_incident_note(ctx, id, 0, yj_arena_printf(ctx->arena,
	    "%zu indicators added to the block list (yojin intel list "
	    "--source incident)", n));
}
