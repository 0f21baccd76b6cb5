/*
 * incident.h - the incident register's tables (schema component
 * "incident", prefix "incident_")
 *
 * Rows, not rules: this module stores and reads incidents, their extra
 * fields, timeline events, tasks, reported messages and indicators.
 * What the values mean, which changes are allowed and what the timeline
 * says about them belongs to src/incident/, which calls these functions
 * inside one transaction per change (yj_db_transact with
 * YJ_DB_TX_DURABLE), so that a change and its timeline entries are
 * written together or not at all.
 *
 *   incident_case       one row per incident (type, status, known_at,
 *                       people, categories, flags, who/when)
 *   incident_field      free key/value text per incident (report items,
 *                       cost inputs, dates of reports sent)
 *   incident_event      the timeline: when it happened, when it was
 *                       recorded, who, what (field, old -> new, note)
 *   incident_task       tasks, numbered 1, 2, ... within an incident
 *   incident_message    messages reported (raw RFC 5322 bytes, base64),
 *                       one row per distinct message per incident
 *   incident_indicator  indicators (kind, value) per incident, indexed by
 *                       (kind, value) to find other incidents sharing them
 *
 * Text is UTF-8; enumerations are stored by their stable names.  Dates
 * of tasks are "YYYY-MM-DD" text; instants are epoch seconds.
 *
 * Memory: readers allocate every string in the arena given.  Errors:
 * 0 or a negative YJ_E* (YJ_ENOENT: no such incident, task or message);
 * yj_db_errmsg() says why for store errors.
 * Thread safety: a connection belongs to one thread (db.h).
 */
#ifndef YJ_STORE_INCIDENT_H
#define YJ_STORE_INCIDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/db.h"
#include "util/arena.h"

struct yj_incdb_case {
	int64_t		 id;
	const char	*type;
	const char	*status;
	const char	*title;
	const char	*owner;
	const char	*severity;
	const char	*org_type;
	int64_t		 known_at;
	int		 known_tz;	/* minutes east of UTC, as given */
	bool		 people_set;	/* anything recorded about people */
	int64_t		 people;	/* exact count, -1 when unknown */
	int64_t		 people_max;	/* bound when unknown, -1 if none */
	const char	*categories;	/* "sensitive,my_number" */
	bool		 unlawful;
	bool		 encrypted;
	bool		 not_viewed;
	const char	*source;	/* manual, report, hold */
	const char	*source_ref;	/* hold id, message, ... */
	int64_t		 created_at;
	const char	*created_by;
	int64_t		 updated_at;
	int64_t		 closed_at;	/* 0 while open */
};

struct yj_incdb_kv {
	const char	*key;
	const char	*value;
};

struct yj_incdb_event {
	int64_t		 id;
	int64_t		 incident;
	int64_t		 at;		/* when it happened */
	int64_t		 recorded_at;	/* when it was written down */
	const char	*actor;
	const char	*kind;		/* created, changed, note, task, ... */
	const char	*field;		/* "" when none */
	const char	*old_value;	/* NULL when none */
	const char	*new_value;	/* NULL when none */
	const char	*note;		/* "" when none */
};

struct yj_incdb_task {
	int64_t		 id;
	int64_t		 incident;
	int		 seq;		/* 1, 2, ... within the incident */
	const char	*template;	/* template key, "" if added by hand */
	const char	*phase;
	const char	*title_ja;
	const char	*title_en;
	const char	*due;		/* "YYYY-MM-DD" or NULL */
	const char	*due_rule;	/* how due follows the case, or "" */
	const char	*status;	/* open, done, skipped */
	const char	*owner;
	const char	*note;
	int64_t		 done_at;	/* 0 when not done */
	const char	*done_by;	/* "" when not done */
};

struct yj_incdb_message {
	int64_t		 id;
	int64_t		 incident;
	const char	*sha256;	/* of the raw bytes */
	const char	*message_id;
	const char	*subject;
	const char	*from_addr;
	int64_t		 sent_at;	/* Date:, 0 if none */
	int64_t		 size;
	const char	*raw;		/* base64; only from message_raw */
	const char	*reported_by;
	int64_t		 reported_at;
	const char	*findings;	/* JSON array */
};

struct yj_incdb_indicator {
	int64_t		 incident;
	int64_t		 message;	/* 0 when not from a message */
	const char	*kind;
	const char	*value;
};

struct yj_incdb_filter {
	const char	*status;	/* a status; "open": not closed */
	const char	*type;		/* NULL: any */
	int64_t		 limit;		/* 0: no limit */
};

/* Cases */
int	yj_incdb_insert(struct yj_db *, const struct yj_incdb_case *,
	    int64_t *idp);
int	yj_incdb_update(struct yj_db *, const struct yj_incdb_case *);
int	yj_incdb_get(struct yj_db *, struct yj_arena *, int64_t id,
	    struct yj_incdb_case *);
int	yj_incdb_list(struct yj_db *, struct yj_arena *,
	    const struct yj_incdb_filter *, struct yj_incdb_case **vp,
	    size_t *np);

/* Fields: value NULL deletes the key */
int	yj_incdb_field_set(struct yj_db *, int64_t id, const char *key,
	    const char *value);
int	yj_incdb_fields(struct yj_db *, struct yj_arena *, int64_t id,
	    struct yj_incdb_kv **vp, size_t *np);

/* Timeline, oldest first */
int	yj_incdb_event_add(struct yj_db *, const struct yj_incdb_event *);
int	yj_incdb_events(struct yj_db *, struct yj_arena *, int64_t id,
	    struct yj_incdb_event **vp, size_t *np);

/* Tasks: add assigns the next seq into *seqp */
int	yj_incdb_task_add(struct yj_db *, const struct yj_incdb_task *,
	    int *seqp);
int	yj_incdb_task_update(struct yj_db *, const struct yj_incdb_task *);
int	yj_incdb_task_delete(struct yj_db *, int64_t incident, int seq);
int	yj_incdb_tasks(struct yj_db *, struct yj_arena *, int64_t id,
	    struct yj_incdb_task **vp, size_t *np);

/* Messages: add stores raw (base64) unless the incident has it already */
int	yj_incdb_message_add(struct yj_db *, const struct yj_incdb_message *,
	    int64_t *idp, bool *existed);
int	yj_incdb_messages(struct yj_db *, struct yj_arena *, int64_t id,
	    struct yj_incdb_message **vp, size_t *np);
int	yj_incdb_message_raw(struct yj_db *, struct yj_arena *, int64_t id,
	    int64_t msg, const char **rawp);
/*
 * yj_incdb_message_incident - an incident not closed that holds a
 * message with this sha256 (or, when message_id is not "", this
 * Message-ID and from_addr); YJ_ENOENT if none
 */
int	yj_incdb_message_incident(struct yj_db *, const char *sha256,
	    const char *message_id, const char *from_addr, int64_t *idp);

/*
 * yj_incdb_find_source - an incident not closed that came from source
 * (e.g. "hold") with this reference; YJ_ENOENT if none
 */
int	yj_incdb_find_source(struct yj_db *, const char *source,
	    const char *ref, int64_t *idp);

/* Indicators */
int	yj_incdb_indicator_add(struct yj_db *,
	    const struct yj_incdb_indicator *);
int	yj_incdb_indicators(struct yj_db *, struct yj_arena *, int64_t id,
	    struct yj_incdb_indicator **vp, size_t *np);
/*
 * yj_incdb_links - indicators of incident id that other incidents have
 * too: one entry per (other incident, kind, value), in v[i].incident the
 * other incident's id
 */
int	yj_incdb_links(struct yj_db *, struct yj_arena *, int64_t id,
	    struct yj_incdb_indicator **vp, size_t *np);

#endif /* YJ_STORE_INCIDENT_H */
