/*
 * check.c - what checks call while they run
 */
#include <stdarg.h>
#include <string.h>

#include "engine/check.h"
#include "util/time.h"

/* yj_check_find - registered check by name */
const struct yj_check *
yj_check_find(const char *name)
{
	size_t i;

	for (i = 0; yj_check_table[i] != NULL; i++)
		if (strcmp(yj_check_table[i]->name, name) == 0)
			return yj_check_table[i];
	return NULL;
}

/* yj_report - start a finding of the running check */
struct yj_finding *
yj_report(struct yj_check_ctx *ctx, const char *name, enum yj_severity sev,
    int weight)
{
	return yj_findings_add(ctx->findings, ctx->check, name, sev, weight);
}

/* yj_evidence - add key/value evidence */
void
yj_evidence(struct yj_check_ctx *ctx, struct yj_finding *f, const char *key,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yj_finding_vevidence(ctx->findings, f, key, fmt, ap);
	va_end(ap);
}

/* yj_explain_ja - Japanese explanation */
void
yj_explain_ja(struct yj_check_ctx *ctx, struct yj_finding *f,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yj_finding_vja(ctx->findings, f, fmt, ap);
	va_end(ap);
}

/* yj_explain_en - English explanation */
void
yj_explain_en(struct yj_check_ctx *ctx, struct yj_finding *f,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yj_finding_ven(ctx->findings, f, fmt, ap);
	va_end(ap);
}

/* yj_check_expired - the message's time budget is spent */
bool
yj_check_expired(const struct yj_check_ctx *ctx)
{
	return ctx->deadline_ms > 0 &&
	    yj_time_monotonic_ms() >= ctx->deadline_ms;
}
