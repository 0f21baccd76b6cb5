/*
 * report.h - a scan result for people (text) and for machines (JSON)
 *
 * JSON: one object per message, on one line (JSON Lines), with at least
 * file, direction, verdict, score, findings (id, severity, weight,
 * evidence, explanation.ja, explanation.en) and message (subject, from,
 * to, cc, attachments with filename, content_type, detected_type, size,
 * sha256).  This layout is an interface: add fields, never rename.
 *
 * Text: the verdict and each finding's explanation in the user's language
 * with its evidence.
 */
#ifndef YJ_CLI_REPORT_H
#define YJ_CLI_REPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "engine/engine.h"

/* yj_report_json - the result as a JSON object (json_decref it) */
json_t	*yj_report_json(const char *file, const struct yj_result *);
/* yj_report_findings_json - the findings array alone */
json_t	*yj_report_findings_json(const struct yj_findings *);
void	 yj_report_text(FILE *, const char *file, const struct yj_result *,
	    bool japanese);
/* yj_report_expect - "id<TAB>key=value; ..." per finding (golden tests) */
void	 yj_report_expect(FILE *, const struct yj_result *);

#endif /* YJ_CLI_REPORT_H */
