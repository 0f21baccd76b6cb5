/*
 * render.h - incidents for machines (JSON) and for people (text)
 *
 * JSON: the objects printed by "yojin incident new|show|list --format
 * json" are an interface: fields are added, never renamed or removed.
 * Each incident carries at least id, type, known_at, status and ppc
 * {required, triggers [sensitive|property_damage|unlawful_purpose|
 * headcount], preliminary_due, final_due_conservative, final_due_limit
 * (ISO dates, null when no report is due), notify_individuals}; days
 * left are counted from "now" (yj_time_now(), so YOJIN_NOW reproduces
 * them) to each date, in Japan.  Text for people comes in the user's
 * language (Japanese or English); JSON carries both.
 *
 * Ownership: JSON objects are new references (json_decref them); temporary
 * strings go into the arena.  Thread safety: reentrant.
 */
#ifndef YJ_INCIDENT_RENDER_H
#define YJ_INCIDENT_RENDER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "incident/incident.h"
#include "util/arena.h"

/* yj_incident_json - the incident; parts as in YJ_INC_LOAD_* */
json_t	*yj_incident_json(struct yj_arena *, const struct yj_incident *,
	    int64_t now, unsigned parts);
/* yj_incident_ppc_json - the "ppc" object alone */
json_t	*yj_incident_ppc_json(struct yj_arena *, const struct yj_incident *,
	    int64_t now);

/* yj_incident_print - the whole incident for people */
void	yj_incident_print(FILE *, struct yj_arena *,
	    const struct yj_incident *, int64_t now, bool ja);
/* yj_incident_print_list - one block per incident, deadlines first */
void	yj_incident_print_list(FILE *, struct yj_arena *,
	    const struct yj_incident *, size_t n, int64_t now, bool ja);

/* yj_incident_days_left - "あと3日" / "3 days left" / "today" / overdue */
const char *yj_incident_days_left(struct yj_arena *, int64_t day,
	    int64_t now, bool ja);
/* yj_incident_date - "2027-01-27 (Wed)" / "2027-01-27（水）" */
const char *yj_incident_date(struct yj_arena *, int64_t day, bool ja);
/* yj_incident_people - "1500", "unknown", "unknown (at most 2000)" */
const char *yj_incident_people(struct yj_arena *, const struct yj_incident *,
	    bool ja);

#endif /* YJ_INCIDENT_RENDER_H */
