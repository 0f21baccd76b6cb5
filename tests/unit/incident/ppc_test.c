/*
 * ppc_test.c - incident/ppc: report triggers, exemptions and deadlines
 *
 * One table for the triggers and exemptions (every trigger alone, the
 * thresholds on both sides for private businesses and local government,
 * "possibly" counts, each exemption), one for the deadline arithmetic
 * across year ends, Golden Week, Silver Week and substitute holidays.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "incident/ppc.h"
#include "util/arena.h"
#include "util/time.h"

#define P	YJ_ORG_PRIVATE
#define L	YJ_ORG_LOCAL_GOV
#define NOSET	-2	/* people not recorded */
#define UNK	-1	/* people unknown */

#define S	YJ_PPC_SENSITIVE
#define D	YJ_PPC_PROPERTY
#define U	YJ_PPC_UNLAWFUL
#define H	YJ_PPC_HEADCOUNT

static const struct {
	const char		*name;
	enum yj_org_type	 org;
	int64_t			 people;	/* NOSET, UNK or a count */
	int64_t			 max;		/* bound when UNK, or -1 */
	unsigned		 cats;
	bool			 unlawful;
	bool			 encrypted;
	bool			 not_viewed;
	/* expected */
	bool			 required;
	unsigned		 triggers;
	unsigned		 exempted;
	bool			 possible;
	int			 final_days;
	bool			 my_number;
} rules[] = {
	{ "nothing recorded", P, NOSET, -1, 0, false, false, false,
	  false, 0, 0, false, 30, false },
	{ "zero people", P, 0, -1, 0, false, false, false,
	  false, 0, 0, false, 30, false },
	{ "1000 people, private", P, 1000, -1, 0, false, false, false,
	  false, 0, 0, false, 30, false },
	{ "1001 people, private", P, 1001, -1, 0, false, false, false,
	  true, H, 0, false, 30, false },
	{ "1500 people, private", P, 1500, -1, 0, false, false, false,
	  true, H, 0, false, 30, false },
	{ "500 people, private", P, 500, -1, 0, false, false, false,
	  false, 0, 0, false, 30, false },
	{ "500 people, local government", L, 500, -1, 0, false, false, false,
	  true, H, 0, false, 30, false },
	{ "100 people, local government", L, 100, -1, 0, false, false, false,
	  false, 0, 0, false, 30, false },
	{ "101 people, local government", L, 101, -1, 0, false, false, false,
	  true, H, 0, false, 30, false },
	{ "unknown, unbounded", P, UNK, -1, 0, false, false, false,
	  true, H, 0, true, 30, false },
	{ "unknown, at most 800, private", P, UNK, 800, 0, false, false,
	  false, false, 0, 0, false, 30, false },
	{ "unknown, at most 1000, private", P, UNK, 1000, 0, false, false,
	  false, false, 0, 0, false, 30, false },
	{ "unknown, at most 1001, private", P, UNK, 1001, 0, false, false,
	  false, true, H, 0, true, 30, false },
	{ "unknown, at most 100, local", L, UNK, 100, 0, false, false, false,
	  false, 0, 0, false, 30, false },
	{ "unknown, at most 101, local", L, UNK, 101, 0, false, false, false,
	  true, H, 0, true, 30, false },
	{ "sensitive, one person", P, 1, -1, YJ_CAT_SENSITIVE, false, false,
	  false, true, S, 0, false, 30, false },
	{ "sensitive, count not recorded", P, NOSET, -1, YJ_CAT_SENSITIVE,
	  false, false, false, true, S, 0, false, 30, false },
	{ "property damage, two people", P, 2, -1, YJ_CAT_PROPERTY, false,
	  false, false, true, D, 0, false, 30, false },
	{ "unlawful purpose, five people", P, 5, -1, 0, true, false, false,
	  true, U, 0, false, 60, false },
	{ "unlawful purpose, local", L, 5, -1, 0, true, false, false,
	  true, U, 0, false, 60, false },
	{ "unlawful purpose, no personal data", P, NOSET, -1, 0, true, false,
	  false, false, 0, 0, false, 30, false },
	{ "unlawful purpose, zero people", P, 0, -1, 0, true, false, false,
	  false, 0, 0, false, 30, false },
	{ "unlawful and sensitive: 60 days", P, 3, -1, YJ_CAT_SENSITIVE, true,
	  false, false, true, S | U, 0, false, 60, false },
	{ "all four", P, UNK, -1, YJ_CAT_SENSITIVE | YJ_CAT_PROPERTY, true,
	  false, false, true, S | D | U | H, 0, true, 60, false },
	{ "my number alone", P, 3, -1, YJ_CAT_MY_NUMBER, false, false, false,
	  false, 0, 0, false, 30, true },
	{ "my number, 2000 people", P, 2000, -1, YJ_CAT_MY_NUMBER, false,
	  false, false, true, H, 0, false, 30, true },
	{ "encrypted sensitive", P, 10, -1, YJ_CAT_SENSITIVE, false, true,
	  false, false, 0, S, false, 30, false },
	{ "encrypted 5000 people, unlawful", P, 5000, -1, 0, true, true,
	  false, false, 0, U | H, false, 30, false },
	{ "not viewed, 5000 people", P, 5000, -1, 0, false, false, true,
	  false, 0, H, false, 30, false },
	{ "not viewed, property damage", L, 1, -1, YJ_CAT_PROPERTY, false,
	  false, true, false, 0, D, false, 30, false },
	{ "encrypted, nothing recorded", P, NOSET, -1, 0, false, true, false,
	  false, 0, 0, false, 30, false },
};

/* facts_of - the facts of rules[i] */
static void
facts_of(size_t i, struct yj_ppc_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->org = rules[i].org;
	f->known_at = 1798419600;	/* 2026-12-28T10:00+09:00 */
	f->people_set = rules[i].people != NOSET;
	f->people = rules[i].people == NOSET ? -1 : rules[i].people;
	f->people_max = rules[i].max;
	f->categories = rules[i].cats;
	f->unlawful_purpose = rules[i].unlawful;
	f->encrypted = rules[i].encrypted;
	f->not_viewed = rules[i].not_viewed;
}

static void
test_triggers_and_exemptions(void **unused)
{
	struct yj_ppc_facts f;
	struct yj_ppc p;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		facts_of(i, &f);
		yj_ppc_assess(&f, &p);
		if (p.required != rules[i].required ||
		    p.triggers != rules[i].triggers ||
		    p.exempted != rules[i].exempted ||
		    p.headcount_possible != rules[i].possible ||
		    p.final_days != rules[i].final_days ||
		    p.my_number != rules[i].my_number ||
		    p.notify_individuals != rules[i].required)
			fail_msg("%s: required %d triggers %#x exempted %#x "
			    "possible %d days %d my_number %d", rules[i].name,
			    p.required, p.triggers, p.exempted,
			    p.headcount_possible, p.final_days, p.my_number);
	}
}

static const struct {
	const char	*name;
	const char	*known_at;
	bool		 unlawful;
	const char	*known_day;
	const char	*prelim;
	const char	*prelim_outer;
	const char	*conservative;
	const char	*limit;
} dates[] = {
	{ "issue example: 2026-12-28, over the year end",
	  "2026-12-28T10:00+09:00", false, "2026-12-28", "2026-12-31",
	  "2027-01-02", "2027-01-26", "2027-01-27" },
	{ "day 30 in the 12/29-1/3 closure",
	  "2026-11-29T09:00+09:00", false, "2026-11-29", "2026-12-02",
	  "2026-12-04", "2026-12-28", "2027-01-04" },
	{ "known in UTC, next day in Japan",
	  "2026-12-27T20:00Z", false, "2026-12-28", "2026-12-31",
	  "2027-01-02", "2027-01-26", "2027-01-27" },
	{ "just before midnight JST",
	  "2026-12-27T23:59:59+09:00", false, "2026-12-27", "2026-12-30",
	  "2027-01-01", "2027-01-25", "2027-01-26" },
	{ "Golden Week: day 30 is 5/4",
	  "2026-04-04T15:00+09:00", false, "2026-04-04", "2026-04-07",
	  "2026-04-09", "2026-05-03", "2026-05-07" },
	{ "60 days into Golden Week",
	  "2026-03-05T11:00+09:00", true, "2026-03-05", "2026-03-08",
	  "2026-03-10", "2026-05-03", "2026-05-07" },
	{ "substitute holiday: 2024-02-11 a Sunday",
	  "2024-01-12T10:00+09:00", false, "2024-01-12", "2024-01-15",
	  "2024-01-17", "2024-02-10", "2024-02-13" },
	{ "substitute holiday: 2025-11-23 a Sunday",
	  "2025-10-24T10:00+09:00", false, "2025-10-24", "2025-10-27",
	  "2025-10-29", "2025-11-22", "2025-11-25" },
	{ "Silver Week: 2026-09-22 between two holidays",
	  "2026-08-23T10:00+09:00", false, "2026-08-23", "2026-08-26",
	  "2026-08-28", "2026-09-21", "2026-09-24" },
	{ "60 days into the year-end closure",
	  "2026-10-30T10:00+09:00", true, "2026-10-30", "2026-11-02",
	  "2026-11-04", "2026-12-28", "2027-01-04" },
	{ "leap day, a Thursday",
	  "2024-01-30T10:00+09:00", false, "2024-01-30", "2024-02-02",
	  "2024-02-04", "2024-02-28", "2024-02-29" },
	{ "2027 year end: 1/3 a Monday",
	  "2027-12-01T10:00+09:00", false, "2027-12-01", "2027-12-04",
	  "2027-12-06", "2027-12-30", "2028-01-04" },
	{ "day 30 a Saturday",
	  "2026-06-04T10:00+09:00", false, "2026-06-04", "2026-06-07",
	  "2026-06-09", "2026-07-03", "2026-07-06" },
	{ "day 30 on 海の日 (third Monday of July)",
	  "2026-06-20T10:00+09:00", false, "2026-06-20", "2026-06-23",
	  "2026-06-25", "2026-07-19", "2026-07-21" },
};

/* iso - "YYYY-MM-DD" of a day number */
static const char *
iso(int64_t day, char buf[16])
{
	yj_date_format(day * 86400, 0, buf);
	return buf;
}

static void
test_deadlines(void **unused)
{
	struct yj_ppc_facts f;
	struct yj_ppc p;
	char b[5][16];
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		memset(&f, 0, sizeof(f));
		assert_int_equal(yj_time_parse(dates[i].known_at, &f.known_at,
		    NULL), 0);
		f.people_set = true;
		f.people = 2000;
		f.people_max = -1;
		f.unlawful_purpose = dates[i].unlawful;
		yj_ppc_assess(&f, &p);
		assert_true(p.required);
		if (strcmp(iso(p.known_day, b[0]), dates[i].known_day) != 0 ||
		    strcmp(iso(p.prelim_due, b[1]), dates[i].prelim) != 0 ||
		    strcmp(iso(p.prelim_due_outer, b[2]),
		    dates[i].prelim_outer) != 0 ||
		    strcmp(iso(p.final_conservative, b[3]),
		    dates[i].conservative) != 0 ||
		    strcmp(iso(p.final_limit, b[4]), dates[i].limit) != 0)
			fail_msg("%s: known %s prelim %s..%s final %s / %s",
			    dates[i].name, b[0], b[1], b[2], b[3], b[4]);
	}
}

/* has_code - notes carry code */
static bool
has_code(const struct yj_ppc_note *v, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return true;
	return false;
}

static void
test_explanations(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_ppc_note *v;
	struct yj_ppc_facts f;
	struct yj_ppc p;
	size_t n;
	size_t i;

	(void)unused;
	/* every rule gets a disclaimer and text in both languages */
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		size_t k;

		facts_of(i, &f);
		yj_ppc_assess(&f, &p);
		n = yj_ppc_explain(a, &f, &p, &v);
		assert_true(has_code(v, n, "disclaimer"));
		assert_int_equal(has_code(v, n, "deadline.final"), p.required);
		assert_int_equal(has_code(v, n, "not_required"), !p.required);
		assert_int_equal(has_code(v, n, "notify"), p.required);
		assert_int_equal(has_code(v, n, "my_number"), p.my_number);
		for (k = 0; k < n; k++)
			assert_true(*v[k].ja != '\0' && *v[k].en != '\0');
	}
	facts_of(27, &f);	/* encrypted 5000, unlawful */
	yj_ppc_assess(&f, &p);
	n = yj_ppc_explain(a, &f, &p, &v);
	assert_true(has_code(v, n, "exempt.encrypted"));
	assert_true(has_code(v, n, "trigger.unlawful_purpose"));
	assert_true(has_code(v, n, "trigger.headcount"));
	/* the moved limit is explained, with the weekday */
	memset(&f, 0, sizeof(f));
	assert_int_equal(yj_time_parse("2026-11-29T09:00+09:00", &f.known_at,
	    NULL), 0);
	f.people_set = true;
	f.people = 1;
	f.people_max = -1;
	f.categories = YJ_CAT_SENSITIVE;
	f.org = YJ_ORG_LOCAL_GOV;
	yj_ppc_assess(&f, &p);
	n = yj_ppc_explain(a, &f, &p, &v);
	assert_true(has_code(v, n, "local_government"));
	for (i = 0; i < n; i++)
		if (strcmp(v[i].code, "deadline.final") == 0) {
			assert_non_null(strstr(v[i].en,
			    "2027-01-04 (Mon) (2026-12-29 (Tue) is not a "
			    "business day)"));
			assert_non_null(strstr(v[i].ja, "2026-12-28（月）"));
		}
	yj_arena_free(a);
}

static void
test_names(void **unused)
{
	enum yj_org_type o;
	unsigned c;

	(void)unused;
	assert_int_equal(yj_ppc_category_parse("sensitive", &c), 0);
	assert_int_equal(c, YJ_CAT_SENSITIVE);
	assert_int_equal(yj_ppc_category_parse("my_number", &c), 0);
	assert_int_equal(c, YJ_CAT_MY_NUMBER);
	assert_true(yj_ppc_category_parse("Sensitive", &c) < 0);
	assert_true(yj_ppc_category_parse("", &c) < 0);
	assert_int_equal(yj_ppc_org_parse("local_government", &o), 0);
	assert_int_equal(o, YJ_ORG_LOCAL_GOV);
	assert_true(yj_ppc_org_parse("government", &o) < 0);
	assert_string_equal(yj_ppc_trigger_name(YJ_PPC_PROPERTY),
	    "property_damage");
	assert_string_equal(yj_ppc_trigger_name(YJ_PPC_HEADCOUNT),
	    "headcount");
	assert_string_equal(yj_ppc_exemption_name(YJ_PPC_X_NOT_VIEWED),
	    "not_viewed");
	/* the JST date of instants around midnight and before 1970 */
	assert_int_equal(yj_ppc_jst_day(-9 * 3600), 0);
	assert_int_equal(yj_ppc_jst_day(-9 * 3600 - 1), -1);
	assert_int_equal(yj_ppc_jst_day(15 * 3600 - 1), 0);
	assert_int_equal(yj_ppc_jst_day(15 * 3600), 1);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_triggers_and_exemptions),
		cmocka_unit_test(test_deadlines),
		cmocka_unit_test(test_explanations),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
