/*
 * finding.c - findings: ids, evidence, explanations
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/finding.h"
#include "util/error.h"
#include "util/str.h"

#define EVIDENCE_MAX	1024

static const char *const severity_names[] = {
	[YJ_SEV_INFO] = "info",
	[YJ_SEV_LOW] = "low",
	[YJ_SEV_MEDIUM] = "medium",
	[YJ_SEV_HIGH] = "high",
	[YJ_SEV_CRITICAL] = "critical",
};

/* yj_findings_init - an empty list in the given arena */
void
yj_findings_init(struct yj_findings *fs, struct yj_arena *a)
{
	memset(fs, 0, sizeof(*fs));
	fs->arena = a;
}

/* yj_findings_add - append a finding */
struct yj_finding *
yj_findings_add(struct yj_findings *fs, const char *check, const char *name,
    enum yj_severity sev, int weight)
{
	struct yj_finding *f;

	if (fs->nr == fs->alloc) {
		size_t n = fs->alloc ? fs->alloc * 2 : 8;

		fs->v = yj_arena_grow(fs->arena, fs->v, fs->nr, n,
		    sizeof(*fs->v));
		fs->alloc = n;
	}
	f = yj_arena_alloc(fs->arena, sizeof(*f));
	f->check = yj_arena_strdup(fs->arena, check);
	f->id = yj_arena_printf(fs->arena, "%s.%s", check, name);
	f->severity = sev;
	f->weight = weight;
	f->ja = f->id;
	f->en = f->id;
	fs->v[fs->nr++] = f;
	return f;
}

/* clip - cut a UTF-8 string at max bytes without splitting a character */
static char *
clip(char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	s[n] = '\0';
	return s;
}

/* yj_finding_vevidence - append key/value evidence */
void
yj_finding_vevidence(struct yj_findings *fs, struct yj_finding *f,
    const char *key, const char *fmt, va_list ap)
{
	char *v;

	v = yj_arena_vprintf(fs->arena, fmt, ap);
	if (!yj_utf8_valid(v, strlen(v)))
		v = yj_utf8_repair(fs->arena, v, strlen(v));
	if (f->nev == f->evalloc) {
		size_t n = f->evalloc ? f->evalloc * 2 : 4;

		f->ev = yj_arena_grow(fs->arena, f->ev, f->nev, n,
		    sizeof(*f->ev));
		f->evalloc = n;
	}
	f->ev[f->nev].key = yj_arena_strdup(fs->arena, key);
	f->ev[f->nev].value = clip(v, EVIDENCE_MAX);
	f->nev++;
}

/* yj_finding_evidence - append key/value evidence */
void
yj_finding_evidence(struct yj_findings *fs, struct yj_finding *f,
    const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	yj_finding_vevidence(fs, f, key, fmt, ap);
	va_end(ap);
}

/* explain - format an explanation, repairing bad UTF-8 */
static const char *
explain(struct yj_findings *fs, const char *fmt, va_list ap)
{
	char *s;

	s = yj_arena_vprintf(fs->arena, fmt, ap);
	if (!yj_utf8_valid(s, strlen(s)))
		s = yj_utf8_repair(fs->arena, s, strlen(s));
	return s;
}

/* yj_finding_vja - Japanese explanation */
void
yj_finding_vja(struct yj_findings *fs, struct yj_finding *f, const char *fmt,
    va_list ap)
{
	f->ja = explain(fs, fmt, ap);
}

/* yj_finding_ven - English explanation */
void
yj_finding_ven(struct yj_findings *fs, struct yj_finding *f, const char *fmt,
    va_list ap)
{
	f->en = explain(fs, fmt, ap);
}

/* yj_finding_ja - Japanese explanation */
void
yj_finding_ja(struct yj_findings *fs, struct yj_finding *f, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	yj_finding_vja(fs, f, fmt, ap);
	va_end(ap);
}

/* yj_finding_en - English explanation */
void
yj_finding_en(struct yj_findings *fs, struct yj_finding *f, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	yj_finding_ven(fs, f, fmt, ap);
	va_end(ap);
}

/* yj_findings_has - a finding with this id exists and is not ignored */
bool
yj_findings_has(const struct yj_findings *fs, const char *id)
{
	size_t i;

	for (i = 0; i < fs->nr; i++)
		if (!fs->v[i]->ignored && strcmp(fs->v[i]->id, id) == 0)
			return true;
	return false;
}

/* yj_severity_name - lower-case name */
const char *
yj_severity_name(enum yj_severity s)
{
	if ((unsigned)s > YJ_SEV_CRITICAL)
		return "unknown";
	return severity_names[s];
}

/* yj_severity_parse - name to value */
int
yj_severity_parse(const char *name, enum yj_severity *out)
{
	unsigned i;

	for (i = 0; i <= YJ_SEV_CRITICAL; i++)
		if (strcmp(name, severity_names[i]) == 0) {
			*out = (enum yj_severity)i;
			return 0;
		}
	return YJ_EINVAL;
}
