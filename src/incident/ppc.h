/*
 * ppc.h - is a report to the Personal Information Protection Commission
 * due, why, and by when
 *
 * yj_ppc_assess() applies the Act on the Protection of Personal
 * Information (APPI, 個人情報保護法) to what is recorded about a leak,
 * loss or damage of personal data (漏えい等): which of the report
 * triggers hold, whether an exemption removes them, the target dates of
 * the preliminary report (速報) and the final report (確報), whether the
 * people affected must be told, and whether the separate My Number
 * regime applies.  The rules, their sources and the readings taken where
 * the sources leave room are in ppc.c's comment.
 *
 * "Possibly" counts: a count that is unknown, or known only as "at most
 * N" with N over the threshold, is a possible headcount trigger and makes
 * the report due, as the Rules' "おそれ" wording does.  Nothing recorded
 * about the people affected (people_set false) means that no personal
 * data is known to be involved yet: no report.
 *
 * Dates are days since 1970-01-01 (util/time.h), in Japan Standard Time:
 * known_day is the date in Japan of known_at.  Each due date is reported
 * as a date; what "days left" means is the caller's (today in JST to the
 * date; negative when overdue).
 *
 * This is a decision aid, not legal advice: the text that goes with each
 * result says so, and says what to check.
 * Thread safety: pure functions.
 */
#ifndef YJ_INCIDENT_PPC_H
#define YJ_INCIDENT_PPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum yj_org_type {
	YJ_ORG_PRIVATE,		/* 個人情報取扱事業者 */
	YJ_ORG_LOCAL_GOV,	/* 地方公共団体の機関 (行政機関等) */
};

/* Data categories (bits) */
#define YJ_CAT_SENSITIVE	0x1u	/* 要配慮個人情報 */
#define YJ_CAT_PROPERTY		0x2u	/* misuse may cause property damage */
#define YJ_CAT_MY_NUMBER	0x4u	/* 特定個人情報 (My Number) */
#define YJ_CAT_ALL		0x7u

/* Report triggers (bits), in the order of Rules art. 7 */
#define YJ_PPC_SENSITIVE	0x1u	/* item 1 */
#define YJ_PPC_PROPERTY		0x2u	/* item 2 */
#define YJ_PPC_UNLAWFUL		0x4u	/* item 3 */
#define YJ_PPC_HEADCOUNT	0x8u	/* item 4 */

/* Exemptions (bits) */
#define YJ_PPC_X_ENCRYPTED	0x1u	/* advanced encryption (7条1号) */
#define YJ_PPC_X_NOT_VIEWED	0x2u	/* retrieved before anyone saw it */

struct yj_ppc_facts {
	enum yj_org_type org;
	int64_t		 known_at;	/* epoch seconds */
	bool		 people_set;	/* anything recorded about people */
	int64_t		 people;	/* exact count, or -1 when unknown */
	int64_t		 people_max;	/* bound when unknown, or -1 */
	unsigned	 categories;	/* YJ_CAT_* */
	bool		 unlawful_purpose;	/* possibly an unlawful act */
	bool		 encrypted;	/* advanced encryption, key safe */
	bool		 not_viewed;	/* nobody else saw it (P7) */
};

struct yj_ppc {
	bool		 personal_data;	/* personal data known to be involved */
	bool		 required;	/* a PPC report is due */
	unsigned	 triggers;	/* YJ_PPC_* that make it due */
	unsigned	 exempted;	/* triggers an exemption removed */
	unsigned	 exemptions;	/* YJ_PPC_X_* that apply */
	bool		 headcount_possible; /* count unknown: "おそれ" */
	int64_t		 threshold;	/* 1000, or 100 for local government */
	int64_t		 known_day;	/* JST date of known_at */
	int64_t		 prelim_due;	/* known_day + 3 */
	int64_t		 prelim_due_outer; /* known_day + 5 */
	int		 final_days;	/* 30, or 60 for unlawful purpose */
	int64_t		 final_conservative; /* known_day + final_days - 1 */
	int64_t		 final_nominal;	/* known_day + final_days */
	int64_t		 final_limit;	/* next business day from nominal */
	bool		 notify_individuals;
	bool		 my_number;	/* check the Numbers Act separately */
};

/* yj_ppc_assess - the report duty for these facts (always succeeds) */
void	yj_ppc_assess(const struct yj_ppc_facts *, struct yj_ppc *out);

/* yj_ppc_jst_day - the date in Japan of an instant */
int64_t	yj_ppc_jst_day(int64_t t);

/* yj_ppc_trigger_name - "sensitive", "property_damage", ... (one bit) */
const char *yj_ppc_trigger_name(unsigned trigger);
/* yj_ppc_exemption_name - "encrypted", "not_viewed" (one bit) */
const char *yj_ppc_exemption_name(unsigned exemption);

/* yj_ppc_category_name, yj_ppc_category_parse - "sensitive", ... */
const char *yj_ppc_category_name(unsigned cat);
int	yj_ppc_category_parse(const char *name, unsigned *cat);

/* yj_ppc_org_name, yj_ppc_org_parse - "private", "local_government" */
const char *yj_ppc_org_name(enum yj_org_type);
int	yj_ppc_org_parse(const char *name, enum yj_org_type *out);

/*
 * The explanation of an assessment, line by line, for people: each note
 * has a stable code ("trigger.sensitive", "exempt.encrypted",
 * "no_personal_data", "not_required", "deadline.final_moved", "notify",
 * "my_number", "local_government", "disclaimer") and its text in Japanese
 * and English, naming the legal basis.
 */
struct yj_ppc_note {
	const char	*code;		/* static */
	const char	*ja;		/* in the arena */
	const char	*en;
};

/* yj_ppc_explain - the notes for an assessment, in the arena */
size_t	yj_ppc_explain(struct yj_arena *, const struct yj_ppc_facts *,
	    const struct yj_ppc *, struct yj_ppc_note **notesp);

#endif /* YJ_INCIDENT_PPC_H */
