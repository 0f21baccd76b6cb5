/*
 * fuzz_incident.c - libFuzzer target for the incident register's input
 * parsers and mail indicators
 *
 * The input is used three ways: as the text of every command-line value
 * the register parses (people, times, dates, categories, every field's
 * check, base64), as a message whose indicators and unwrapping are
 * computed, and as the bits of a set of PPC facts that are assessed and
 * explained.  Properties checked: a base64 round trip is exact; every
 * indicator is non-empty UTF-8 and unique; assessed dates are in order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "incident/holiday.h"
#include "incident/incident.h"
#include "incident/mailreport.h"
#include "incident/ppc.h"
#include "util/base64.h"
#include "util/str.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* check - abort (a crash for libFuzzer) when a property fails */
static void
check(int ok)
{
	if (!ok)
		abort();
}

/* values - every value parser on s */
static void
values(struct yj_arena *a, const char *s)
{
	unsigned char *out;
	int64_t p, m, t;
	unsigned cats;
	char why[160];
	size_t i, n;
	bool set;
	int tz;
	char *e;

	(void)yj_incident_parse_people(s, &set, &p, &m, why, sizeof(why));
	(void)yj_incident_parse_time(s, 1798448400, &t, &tz, why,
	    sizeof(why));
	(void)yj_incident_parse_date(s, 1798448400, why, sizeof(why));
	(void)yj_incident_parse_categories(s, &cats, why, sizeof(why));
	for (i = 0; yj_incident_fields[i].key != NULL; i++)
		(void)yj_incident_field_check(yj_incident_fields[i].key, s,
		    why, sizeof(why));
	(void)yj_base64_decode(a, s, &out, &n);
	e = yj_base64_encode(a, s, strlen(s));
	check(yj_base64_decode(a, e, &out, &n) == 0);
	check(n == strlen(s) && memcmp(out, s, n) == 0);
}

/* indicators - of the input as a message */
static void
indicators(struct yj_arena *a, const uint8_t *data, size_t size)
{
	static const char *const doms[] = { "yojin-shoji.example", NULL };
	struct yj_org org = { .domains = doms, .ndomains = 1 };
	struct yj_mail_indicator *v;
	const unsigned char *raw;
	const char *who;
	struct yj_msg *msg;
	size_t n, i, k, len;

	msg = yj_msg_parse((const char *)data, size, NULL);
	n = yj_mailreport_indicators(a, msg, &org, &v);
	check(n <= YJ_MAILREPORT_MAX);
	for (i = 0; i < n; i++) {
		check(*v[i].value != '\0');
		check(yj_utf8_valid(v[i].value, strlen(v[i].value)));
		for (k = 0; k < i; k++)
			check(strcmp(v[k].kind, v[i].kind) != 0 ||
			    strcmp(v[k].value, v[i].value) != 0);
	}
	if (yj_mailreport_unwrap(msg, &org, &raw, &len, &who))
		check(len > 0 && raw != NULL && who != NULL);
	yj_msg_free(msg);
}

/* facts - a PPC assessment from the first bytes */
static void
facts(struct yj_arena *a, const uint8_t *d, size_t size)
{
	struct yj_ppc_facts f = { 0 };
	struct yj_ppc_note *notes;
	struct yj_holiday h[YJ_HOLIDAY_MAX];
	struct yj_ppc p;
	int64_t x = 0;
	size_t i;

	for (i = 0; i < 8 && i < size; i++)
		x = x << 8 | d[i];
	f.known_at = x % 20000000000LL;
	f.org = size > 8 && (d[8] & 1) ? YJ_ORG_LOCAL_GOV : YJ_ORG_PRIVATE;
	f.people_set = size > 9 && (d[9] & 1);
	f.people = size > 10 ? (int64_t)d[10] * 97 - 1 : -1;
	f.people_max = size > 11 ? (int64_t)d[11] * 13 - 1 : -1;
	f.categories = size > 12 ? d[12] & YJ_CAT_ALL : 0;
	f.unlawful_purpose = size > 13 && (d[13] & 1);
	f.encrypted = size > 13 && (d[13] & 2);
	f.not_viewed = size > 13 && (d[13] & 4);
	yj_ppc_assess(&f, &p);
	check(p.prelim_due < p.final_conservative);
	check(p.final_conservative < p.final_nominal);
	check(p.final_nominal <= p.final_limit);
	check(p.final_limit - p.final_nominal < 16);
	check(p.required == (p.triggers != 0));
	check((p.triggers & p.exempted) == 0);
	(void)yj_ppc_explain(a, &f, &p, &notes);
	(void)yj_holiday_year((int)(x % 4000), h);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_arena *a = yj_arena_new();
	char *s;

	s = yj_arena_memdup(a, data, size);	/* NUL-terminated copy */
	values(a, s);
	indicators(a, data, size);
	facts(a, data, size);
	yj_arena_free(a);
	return 0;
}
