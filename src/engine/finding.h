/*
 * finding.h - what a check reports: evidence and an explanation, never a
 * decision
 *
 * A finding has a stable id "<check>.<finding>" (an interface: logs,
 * policy overrides and tests name it; renaming one is a migration), a
 * severity, a weight the policy adds up, evidence as key/value pairs
 * (which address, which sheet, which link), and an explanation in
 * Japanese and in English written for the person who reads it: what looks
 * wrong, and what to do.
 *
 * Ownership: findings live in the message arena of the session that
 * produced them.  Thread safety: a finding list belongs to one session.
 */
#ifndef YJ_ENGINE_FINDING_H
#define YJ_ENGINE_FINDING_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum yj_severity {
	YJ_SEV_INFO,
	YJ_SEV_LOW,
	YJ_SEV_MEDIUM,
	YJ_SEV_HIGH,
	YJ_SEV_CRITICAL,
};

struct yj_evidence {
	const char	*key;		/* "address", "domain", "sheet", ... */
	const char	*value;		/* UTF-8 */
};

struct yj_finding {
	const char		*id;		/* "<check>.<finding>" */
	const char		*check;		/* "<check>" */
	enum yj_severity	 severity;
	int			 weight;	/* after policy overrides */
	struct yj_evidence	*ev;
	size_t			 nev;
	size_t			 evalloc;
	const char		*ja;		/* explanation, Japanese */
	const char		*en;		/* explanation, English */
	bool			 ignored;	/* dropped by a policy override */
};

struct yj_findings {
	struct yj_arena		*arena;		/* borrowed (message arena) */
	struct yj_finding	**v;
	size_t			 nr;
	size_t			 alloc;
};

void	yj_findings_init(struct yj_findings *, struct yj_arena *);

/*
 * yj_findings_add - a new finding "<check>.<name>" with no evidence yet.
 * The explanation defaults to the id until set.
 */
struct yj_finding *yj_findings_add(struct yj_findings *, const char *check,
	    const char *name, enum yj_severity, int weight);

/* yj_finding_evidence - add one key/value; values are cut at 1 KiB */
void	yj_finding_evidence(struct yj_findings *, struct yj_finding *,
	    const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* yj_finding_ja, yj_finding_en - set the explanation in one language */
void	yj_finding_ja(struct yj_findings *, struct yj_finding *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	yj_finding_en(struct yj_findings *, struct yj_finding *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* va_list forms of the three above */
void	yj_finding_vevidence(struct yj_findings *, struct yj_finding *,
	    const char *key, const char *fmt, va_list)
	    __attribute__((format(printf, 4, 0)));
void	yj_finding_vja(struct yj_findings *, struct yj_finding *,
	    const char *fmt, va_list) __attribute__((format(printf, 3, 0)));
void	yj_finding_ven(struct yj_findings *, struct yj_finding *,
	    const char *fmt, va_list) __attribute__((format(printf, 3, 0)));

/* yj_findings_has - true if a finding with this id was reported */
bool	yj_findings_has(const struct yj_findings *, const char *id);

const char *yj_severity_name(enum yj_severity);
int	yj_severity_parse(const char *name, enum yj_severity *out);

#endif /* YJ_ENGINE_FINDING_H */
