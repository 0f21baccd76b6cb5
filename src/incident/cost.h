/*
 * cost.h - what an incident may cost: the response, and the exposure
 *
 * yj_cost_estimate() applies the model of spec section 5.3 to an
 * incident: the response phases (initial response; cause and scope
 * investigation with forensics per PC and server; the people affected:
 * notices, apology gifts, a call centre; reporting: legal advice,
 * consulting, staff time; prevention) add up to the response cost; the
 * compensation exposure per person by the JNSA JO model is shown apart,
 * as a risk and not as cash; two public benchmarks are shown beside it.
 *
 * Every number comes from the configuration (incident.cost, with the
 * spec's defaults) or from the incident's own cost.* fields, and every
 * line of the result says which inputs it used and where the default
 * comes from, so a reader can check and replace any of them.
 *
 * Amounts are whole yen (int64_t); sums saturate instead of wrapping.
 * Thread safety: pure.
 */
#ifndef YJ_INCIDENT_COST_H
#define YJ_INCIDENT_COST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "conf/conf.h"
#include "incident/incident.h"

#define YJ_COST_LINES	8

struct yj_cost_line {
	const char	*key;		/* initial, forensics, victims, ... */
	const char	*ja;		/* phase label */
	const char	*en;
	int64_t		 amount;
	const char	*formula;	/* how, with the numbers used */
	const char	*source;	/* where the default comes from */
};

struct yj_cost {
	/* inputs, after defaults */
	int64_t		 people;	/* N (the bound when unknown) */
	bool		 people_unknown; /* unknown and unbounded: N is 0 */
	int64_t		 pcs;
	int64_t		 servers;
	int64_t		 call_months;
	int64_t		 staff_hours;
	bool		 gift;
	bool		 investigation;
	bool		 regulatory;	/* a PPC report is due */
	int		 distress;	/* JO x */
	int		 economic;	/* JO y */
	int		 identifiability; /* 6, 3 or 1 */
	int		 social;	/* 2 or 1 */
	int		 response;	/* 2 or 1 */
	/* result */
	struct yj_cost_line lines[YJ_COST_LINES];
	int		 nlines;
	int64_t		 total;		/* response cost */
	int64_t		 per_person;	/* JO model */
	int64_t		 liability;	/* N x per_person */
	int64_t		 bench_records;	/* N x IBM Japan per record */
	int64_t		 bench_ransomware; /* malware only, else 0 */
};

/* yj_cost_estimate - the estimate for an incident (strings in arena) */
void	yj_cost_estimate(struct yj_arena *, const struct yj_conf_cost *,
	    const struct yj_incident *, struct yj_cost *);

/* yj_cost_json - the estimate with inputs and assumptions */
json_t	*yj_cost_json(const struct yj_cost *, const struct yj_conf_cost *);
/* yj_cost_text - a table for people */
void	yj_cost_text(FILE *, const struct yj_cost *, bool ja);

/* yj_yen - "¥1,234,567" into buf[32] */
const char *yj_yen(int64_t amount, char buf[32]);

#endif /* YJ_INCIDENT_COST_H */
