/*
 * check.h - what a check is, and all a check may use
 *
 * A check is one file in src/checks/ that ends with
 *
 *	YJ_CHECK_DEFINE(name,
 *		.summary = "...", .summary_ja = "...",
 *		.directions = YJ_DIR_OUT,
 *		.run = run);
 *
 * tools/gen-registry collects the definitions, so adding a check is
 * adding that file and its tests in tests/checks/<name>/.
 *
 * A check reads facts (struct yj_msg, the organisation, read-only
 * knowledge from the store) and reports findings with evidence and an
 * explanation; it never decides delivery (engine/policy.c does), never
 * does I/O, and keeps no global mutable state: run() may be called on
 * several threads at once with different contexts.
 *
 * Settings: a check with settings declares a libcyaml field list for its
 * own mapping under checks.<name> in the configuration, the size of its
 * settings struct, and a function that writes the defaults.  The
 * configuration loader rejects unknown keys and merges what the file
 * sets over the defaults, so run() always sees complete settings.  Every
 * check also accepts "enabled: false".
 *
 * setup() (optional) builds read-only state from the settings once per
 * configuration; teardown() frees it.
 *
 * Layering: checks include engine/check.h, mail/ and util/ only.
 */
#ifndef YJ_ENGINE_CHECK_H
#define YJ_ENGINE_CHECK_H

#include <cyaml/cyaml.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine/finding.h"
#include "engine/knowledge.h"
#include "conf/org.h"
#include "mail/msg.h"

enum yj_direction {
	YJ_DIR_IN	= 1 << 0,
	YJ_DIR_OUT	= 1 << 1,
};
#define YJ_DIR_BOTH	(YJ_DIR_IN | YJ_DIR_OUT)

struct yj_check_ctx {
	const struct yj_msg	*msg;
	enum yj_direction	 direction;
	const struct yj_org	*org;
	const void		*settings;	/* the check's settings struct */
	const void		*state;		/* from setup(), or NULL */
	const struct yj_knowledge *kb;		/* never NULL (may be empty) */
	struct yj_findings	*findings;
	const char		*check;		/* the running check's name */
	struct yj_arena		*arena;		/* scratch: the message arena */
	int64_t			 now;		/* epoch seconds */
	int64_t			 deadline_ms;	/* monotonic, see util/time.h */
};

struct yj_check {
	const char	*name;
	const char	*summary;	/* one line, English */
	const char	*summary_ja;	/* one line, Japanese */
	unsigned	 directions;	/* YJ_DIR_* the check runs for */
	bool		 default_off;	/* runs only when enabled in config */
	bool		 late;		/* runs after the others, so that it
					   may weigh their findings */

	const cyaml_schema_field_t *settings;	/* NULL: none */
	size_t		 settings_size;
	void		(*defaults)(void *settings);

	int		(*setup)(const struct yj_org *, const void *settings,
			    void **state, char *err, size_t errsz);
	void		(*run)(struct yj_check_ctx *);
	void		(*teardown)(void *state);
};

#define YJ_CHECK_DEFINE(n, ...) \
	const struct yj_check yj_check_##n = { .name = #n, __VA_ARGS__ }

extern const struct yj_check *const yj_check_table[];

/* yj_check_find - a registered check by name, or NULL */
const struct yj_check *yj_check_find(const char *name);

/*
 * yj_report - start a finding "<running check>.<name>".  Add evidence and
 * the explanation with yj_evidence(), yj_explain_ja(), yj_explain_en().
 */
struct yj_finding *yj_report(struct yj_check_ctx *, const char *name,
	    enum yj_severity, int weight);
void	yj_evidence(struct yj_check_ctx *, struct yj_finding *,
	    const char *key, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
void	yj_explain_ja(struct yj_check_ctx *, struct yj_finding *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void	yj_explain_en(struct yj_check_ctx *, struct yj_finding *,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* yj_check_expired - true once the message's time budget is spent */
bool	yj_check_expired(const struct yj_check_ctx *);

#endif /* YJ_ENGINE_CHECK_H */
