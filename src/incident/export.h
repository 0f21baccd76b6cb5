/*
 * export.h - report drafts: the PPC report's nine items, filled from the
 * incident, with what is still missing
 *
 * Kinds: the preliminary report (速報: only what is known; an empty item
 * reads "under investigation"), the final report (確報: all nine items;
 * an empty item is listed as missing) and the notice to the people
 * affected (items 1, 2, 4, 5 and 9, Rules art. 10).  "auto" picks the
 * final report once the preliminary one is recorded as sent, the
 * preliminary one before.
 *
 * The nine items (Enforcement Rules art. 8(1)): 1 overview, 2 personal
 * data items, 3 number of people, 4 cause, 5 secondary damage or its
 * risk, 6 actions for the people affected, 7 publication, 8 recurrence
 * prevention, 9 other useful facts.  Item 3 comes from the recorded
 * count; item 1 adds the type, the dates and the PPC assessment to the
 * overview text; item 2 adds the data categories to the items text.
 *
 * Formats: Markdown and HTML for people (in the language asked, the
 * report itself being Japanese by law) and JSON for machines (both
 * languages; the shape is an interface).  The HTML escapes every value.
 * Output is reproducible: the only clock read is the "now" given
 * (YOJIN_NOW in tests).
 */
#ifndef YJ_INCIDENT_EXPORT_H
#define YJ_INCIDENT_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "incident/incident.h"

enum yj_export_format { YJ_EXPORT_MD, YJ_EXPORT_JSON, YJ_EXPORT_HTML };
enum yj_export_kind {
	YJ_EXPORT_AUTO,
	YJ_EXPORT_PRELIMINARY,
	YJ_EXPORT_FINAL,
	YJ_EXPORT_NOTICE,
};

int	yj_export_format_parse(const char *, enum yj_export_format *);
int	yj_export_kind_parse(const char *, enum yj_export_kind *);

/*
 * yj_incident_export - write the draft; 0 or YJ_EIO.  conf gives the
 * organisation's name (may be NULL).  The incident must be loaded with
 * YJ_INC_LOAD_ALL.
 */
int	yj_incident_export(FILE *, struct yj_arena *,
	    const struct yj_incident *, const struct yj_conf *,
	    enum yj_export_format, enum yj_export_kind, int64_t now, bool ja);

#endif /* YJ_INCIDENT_EXPORT_H */
