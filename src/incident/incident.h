/*
 * incident.h - the incident register: incidents, their timeline and
 * tasks, over the store
 *
 * An incident has a type, the instant any part of the organisation knew
 * of it (known_at), a status, an owner and a severity, what is known of
 * the people and data affected (count or "unknown, at most N";
 * categories sensitive, property_damage, my_number; possible unlawful
 * purpose; strong encryption; retrieved before anyone saw it), the
 * organisation type, free-text fields (the PPC report's items, the cost
 * estimate's inputs, when reports were sent), tasks, reported messages
 * and indicators, and a timeline.  Loading an incident also assesses the
 * PPC report duty (incident/ppc.h).
 *
 * Every change is one durable transaction (yj_db_transact with
 * YJ_DB_TX_DURABLE) that writes the change and its timeline entries
 * (who, when, what: field, old and new value), and brings the template
 * tasks in line with the new facts (tasks that the PPC duty needs appear
 * when it arises; due dates that follow known_at or the PPC dates move
 * with them).  Either all of it is stored or none: a failure leaves the
 * register as it was, so bad input never writes anything.
 *
 * Errors: 0, YJ_ENOENT (no such incident or task; ctx->err says which),
 * YJ_EINVAL (bad value; ctx->err names it), YJ_ESTATE (not allowed now,
 * e.g. closing with a PPC report outstanding), or a store error
 * (ctx->err has the store's message).  ctx->err is one line, lowercase.
 *
 * Ownership: loaded data lives in ctx->arena.
 * Thread safety: a context belongs to one thread (one connection).
 */
#ifndef YJ_INCIDENT_INCIDENT_H
#define YJ_INCIDENT_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf/conf.h"
#include "incident/ppc.h"
#include "store/incident.h"
#include "util/arena.h"

enum yj_incident_type {
	YJ_INC_MISDELIVERY,		/* mis-sent mail or paper */
	YJ_INC_SUSPICIOUS_MAIL,		/* reported by a user */
	YJ_INC_MALWARE,			/* including ransomware */
	YJ_INC_UNAUTHORIZED_ACCESS,
	YJ_INC_LOST_DEVICE,		/* lost or stolen device or paper */
	YJ_INC_WEBSITE_TAMPERING,
	YJ_INC_SUPPORT_SCAM,
	YJ_INC_TYPES
};

/* Names and labels: "misdelivery" / "誤送信" / "Mis-sent mail or paper" */
const char *yj_incident_type_name(enum yj_incident_type);
const char *yj_incident_type_label(enum yj_incident_type, bool ja);
int	yj_incident_type_parse(const char *name, enum yj_incident_type *);

/* Statuses: open, in_progress, closed.  Severities: low..critical. */
bool	yj_incident_status_valid(const char *);
bool	yj_incident_severity_valid(const char *);
const char *yj_incident_status_label(const char *status, bool ja);

/*
 * Free-text fields.  Report items (the PPC form's nine, with the number
 * of people kept in the case itself): overview, data_items, cause,
 * secondary_damage, individual_response, publication, prevention, other.
 * Dates (YYYY-MM-DD): preliminary_reported, final_reported,
 * individuals_notified.  Closing: resolution.  Cost inputs: cost.pcs,
 * cost.servers, cost.call_centre_months, cost.staff_hours (numbers),
 * cost.gift, cost.investigation (yes|no), cost.identifiability
 * (easy|possible|hard), cost.social_responsibility (ordinary|high),
 * cost.response (appropriate|inappropriate), cost.distress,
 * cost.economic (1-3).
 */
struct yj_incident_field_def {
	const char	*key;
	const char	*ja;		/* label */
	const char	*en;
};
extern const struct yj_incident_field_def yj_incident_fields[];
/*
 * yj_incident_word - a timeline code (event kind such as "changed", or a
 * field such as "status" or "cause") in the reader's language; the code
 * itself in English or when it has no word
 */
const char *yj_incident_word(const char *code, bool ja);
/* yj_incident_field_check - 0, or YJ_EINVAL with why (one line) */
int	yj_incident_field_check(const char *key, const char *value,
	    char *why, size_t whysz);

struct yj_incident {
	struct yj_incdb_case	 c;
	enum yj_incident_type	 type;
	enum yj_org_type	 org;
	unsigned		 categories;	/* YJ_CAT_* */
	struct yj_ppc_facts	 facts;
	struct yj_ppc		 ppc;
	struct yj_incdb_kv	*fields;
	size_t			 nfields;
	struct yj_incdb_event	*events;
	size_t			 nevents;
	struct yj_incdb_task	*tasks;
	size_t			 ntasks;
	struct yj_incdb_message	*msgs;
	size_t			 nmsgs;
	struct yj_incdb_indicator *inds;
	size_t			 ninds;
	struct yj_incdb_indicator *links;	/* other incidents sharing */
	size_t			 nlinks;
};

/* yj_incident_field - value of a free-text field, or NULL */
const char *yj_incident_field(const struct yj_incident *, const char *key);

struct yj_incident_ctx {
	struct yj_db		*db;
	struct yj_arena		*arena;
	const struct yj_conf	*conf;		/* may be NULL: defaults */
	const char		*actor;		/* who does it */
	int64_t			 now;		/* yj_time_now() */
	char			 err[512];
};

/*
 * A change: for create, what is not given takes its default (type
 * misdelivery is NOT a default: create needs has_type); for update,
 * only what is given changes.  Tri-state flags: -1 keep, 0, 1.
 */
struct yj_incident_change {
	bool			 has_type;
	enum yj_incident_type	 type;
	const char		*title;		/* NULL: keep */
	const char		*owner;
	const char		*severity;
	const char		*status;	/* update only */
	bool			 has_known_at;
	int64_t			 known_at;
	int			 known_tz;
	bool			 has_people;
	bool			 people_set;	/* false: clear ("none") */
	int64_t			 people;	/* -1 unknown */
	int64_t			 people_max;	/* -1 none */
	bool			 has_categories;
	unsigned		 categories;
	int			 unlawful;
	int			 encrypted;
	int			 not_viewed;
	bool			 has_org;
	enum yj_org_type	 org;
	const struct yj_incdb_kv *fields;	/* value "" deletes */
	size_t			 nfields;
	const char		*note;		/* a timeline note, or NULL */
	const char		*source;	/* manual, report or hold */
	const char		*source_ref;
};

/* yj_incident_change_init - nothing changes */
void	yj_incident_change_init(struct yj_incident_change *);

int	yj_incident_create(struct yj_incident_ctx *,
	    const struct yj_incident_change *, int64_t *idp);
/* yj_incident_update - *nchanged gets the number of timeline entries */
int	yj_incident_update(struct yj_incident_ctx *, int64_t id,
	    const struct yj_incident_change *, int *nchanged);
/*
 * yj_incident_close - status closed; YJ_ESTATE when a PPC report is
 * due and its final report is not recorded, unless force
 */
int	yj_incident_close(struct yj_incident_ctx *, int64_t id,
	    const char *resolution, bool force);
int	yj_incident_reopen(struct yj_incident_ctx *, int64_t id,
	    const char *why);
/* yj_incident_note - a timeline entry; at 0 means now */
int	yj_incident_note(struct yj_incident_ctx *, int64_t id, int64_t at,
	    const char *text);

/* What yj_incident_load reads besides the case and its fields */
#define YJ_INC_LOAD_EVENTS	0x1u
#define YJ_INC_LOAD_TASKS	0x2u
#define YJ_INC_LOAD_MESSAGES	0x4u	/* messages, indicators, links */
#define YJ_INC_LOAD_ALL		0x7u

int	yj_incident_load(struct yj_incident_ctx *, int64_t id, unsigned what,
	    struct yj_incident *);
/*
 * yj_incident_list - incidents with their fields and tasks, most urgent
 * first (the nearest pending due date), then newest
 */
int	yj_incident_list(struct yj_incident_ctx *,
	    const struct yj_incdb_filter *, struct yj_incident **vp,
	    size_t *np);

/*
 * yj_incident_next_due - the nearest date still pending (PPC reports not
 * recorded as sent, open tasks): its day, what it is for ("ppc.preliminary",
 * "ppc.final", a task template key or "task") and that in a person's
 * words (the report's name or the task's title); false if none or closed
 */
struct yj_incident_due {
	int64_t		 day;		/* days since the epoch */
	const char	*what;
	const char	*ja;
	const char	*en;
};
bool	yj_incident_next_due(const struct yj_incident *,
	    struct yj_incident_due *out);

/* Tasks.  Phases: initial, emergency, victims, regulator, prevention. */
struct yj_incident_task_change {
	const char	*phase;		/* NULL: keep */
	const char	*title;		/* sets both languages */
	const char	*due;		/* YYYY-MM-DD, "" clears, NULL keeps */
	const char	*owner;
	const char	*status;	/* open, done, skipped */
	const char	*note;
};

bool	yj_incident_phase_valid(const char *);
const char *yj_incident_phase_label(const char *phase, bool ja);
int	yj_incident_task_add(struct yj_incident_ctx *, int64_t id,
	    const struct yj_incident_task_change *, int *seqp);
int	yj_incident_task_edit(struct yj_incident_ctx *, int64_t id, int seq,
	    const struct yj_incident_task_change *);
int	yj_incident_task_remove(struct yj_incident_ctx *, int64_t id,
	    int seq);

/*
 * Input helpers for programs, each with a one-line reason in why:
 * people: "N", "unknown", "<=N" (unknown, at most N) or "none";
 * time: ISO 8601 ("2026-12-28", "2026-12-28T10:00+09:00"); without a
 * zone it is Japan time; more than five minutes after now is refused;
 * date: "YYYY-MM-DD", not after today in Japan.
 */
int	yj_incident_parse_people(const char *s, bool *set, int64_t *people,
	    int64_t *max, char *why, size_t whysz);
int	yj_incident_parse_time(const char *s, int64_t now, int64_t *t,
	    int *tz, char *why, size_t whysz);
int	yj_incident_parse_date(const char *s, int64_t now, char *why,
	    size_t whysz);
int	yj_incident_parse_categories(const char *s, unsigned *cats,
	    char *why, size_t whysz);

/* yj_incident_today - today's date in Japan, as days since 1970 */
int64_t	yj_incident_today(int64_t now);

/*
 * yj_incident_validate_new, yj_incident_create_in - the two halves of
 * yj_incident_create, for code that creates an incident as part of a
 * larger transaction (a mail report): check first, then create inside
 * the caller's transaction
 */
int	yj_incident_validate_new(struct yj_incident_ctx *,
	    const struct yj_incident_change *);
int	yj_incident_create_in(struct yj_incident_ctx *,
	    const struct yj_incident_change *, int64_t *idp);

/* yj_incident_clip - s as valid UTF-8 of at most max bytes (the arena) */
const char *yj_incident_clip(struct yj_arena *, const char *s, size_t max);

/* internal to src/incident: a store error into ctx->err, rc returned */
int	yj_incident_dberr(struct yj_incident_ctx *, int rc);
/* internal to src/incident: task templates (task.c) */
int	yj_incident_tasks_sync(struct yj_incident_ctx *, struct yj_incident *,
	    bool created);

#endif /* YJ_INCIDENT_INCIDENT_H */
