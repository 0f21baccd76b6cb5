/*
 * cost_test.c - incident/cost: the spec 5.3 model, worked by hand
 *
 * Each case's expected amounts are computed in the comment from the
 * spec's defaults, so a change to the model or a default shows here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "conf/conf.h"
#include "incident/cost.h"

/* defaults - the configuration's defaults */
static struct yj_conf *
defaults(void)
{
	struct yj_conf *c;
	char err[256];

	unsetenv("YOJIN_CONFIG");
	if (yj_conf_load(NULL, NULL, 0, &c, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return c;
}

/* make - an incident in memory, assessed */
static void
make(struct yj_incident *inc, enum yj_incident_type t, enum yj_org_type o,
    int64_t people, int64_t max, unsigned cats, struct yj_incdb_kv *f,
    size_t nf)
{
	memset(inc, 0, sizeof(*inc));
	inc->type = t;
	inc->org = o;
	inc->categories = cats;
	inc->c.people_set = true;
	inc->c.people = people;
	inc->c.people_max = max;
	inc->fields = f;
	inc->nfields = nf;
	inc->facts.org = o;
	inc->facts.known_at = 1798419600;
	inc->facts.people_set = true;
	inc->facts.people = people;
	inc->facts.people_max = max;
	inc->facts.categories = cats;
	yj_ppc_assess(&inc->facts, &inc->ppc);
}

/* amount - the line with key */
static int64_t
amount(const struct yj_cost *c, const char *key)
{
	int i;

	for (i = 0; i < c->nlines; i++)
		if (strcmp(c->lines[i].key, key) == 0)
			return c->lines[i].amount;
	fail_msg("no line '%s'", key);
	return -1;
}

static void
test_misdelivery_1500(void **unused)
{
	struct yj_conf *conf = defaults();
	struct yj_arena *a = yj_arena_new();
	struct yj_incident inc;
	struct yj_cost c;

	(void)unused;
	make(&inc, YJ_INC_MISDELIVERY, YJ_ORG_PRIVATE, 1500, -1, 0, NULL, 0);
	yj_cost_estimate(a, &conf->incident.cost, &inc, &c);
	assert_int_equal(amount(&c, "initial"), 1000000);
	assert_int_equal(amount(&c, "forensics"), 0);	/* no investigation */
	/* 1500 x 130 + 3 months x 2,900,000 (N >= 1000) */
	assert_int_equal(amount(&c, "victims"), 195000 + 8700000);
	/* a report is due: legal 650,000 + consulting 550,000 */
	assert_int_equal(amount(&c, "regulatory"), 1200000);
	assert_int_equal(amount(&c, "prevention"), 2000000);
	assert_int_equal(c.total, 13095000);
	/* JO: 500 x (1 + 1) x 6 x 1 x 1 = 6,000 per person (spec example) */
	assert_int_equal(c.per_person, 6000);
	assert_int_equal(c.liability, 9000000);
	assert_int_equal(c.bench_records, 1500 * 17400);
	assert_int_equal(c.bench_ransomware, 0);
	yj_arena_free(a);
	yj_conf_free(conf);
}

static void
test_malware_local_government(void **unused)
{
	struct yj_incdb_kv f[] = { { "cost.pcs", "3" }, { "cost.servers", "1" },
		{ "cost.gift", "yes" } };
	struct yj_conf *conf = defaults();
	struct yj_arena *a = yj_arena_new();
	struct yj_incident inc;
	struct yj_cost c;

	(void)unused;
	make(&inc, YJ_INC_MALWARE, YJ_ORG_LOCAL_GOV, -1, 3000,
	    YJ_CAT_SENSITIVE | YJ_CAT_PROPERTY, f, 3);
	yj_cost_estimate(a, &conf->incident.cost, &inc, &c);
	assert_int_equal(c.people, 3000);	/* the bound */
	/* 3,500,000 + 3 x 1,250,000 + 1 x 1,750,000 */
	assert_int_equal(amount(&c, "forensics"), 9000000);
	/* 3000 x (130 + 650) + 3 x 2,900,000 */
	assert_int_equal(amount(&c, "victims"), 2340000 + 8700000);
	assert_int_equal(c.total, 24240000);
	/* x = 2 (sensitive), y = 3 (property): 500 x (10 + 25) = 17,500;
	 * x 6 (easy) x 2 (local government: high) x 1 = 210,000 */
	assert_int_equal(c.distress, 2);
	assert_int_equal(c.economic, 3);
	assert_int_equal(c.per_person, 210000);
	assert_int_equal(c.liability, 630000000);
	assert_int_equal(c.bench_ransomware, 38000000);
	yj_arena_free(a);
	yj_conf_free(conf);
}

static void
test_overrides(void **unused)
{
	struct yj_incdb_kv f[] = { { "cost.call_centre_months", "0" },
		{ "cost.identifiability", "hard" },
		{ "cost.investigation", "yes" }, { "cost.pcs", "0" },
		{ "cost.response", "inappropriate" }, { "cost.distress", "3" },
		{ "cost.staff_hours", "40" } };
	struct yj_conf *conf = defaults();
	struct yj_arena *a = yj_arena_new();
	struct yj_incident inc;
	struct yj_cost c;

	(void)unused;
	conf->incident.cost.legal = 0;
	conf->incident.cost.staff_hour = 4000;
	make(&inc, YJ_INC_MISDELIVERY, YJ_ORG_PRIVATE, 2000, -1,
	    YJ_CAT_MY_NUMBER, f, 7);
	yj_cost_estimate(a, &conf->incident.cost, &inc, &c);
	assert_int_equal(amount(&c, "forensics"), 3500000);
	assert_int_equal(amount(&c, "victims"), 2000 * 130);
	/* consulting 550,000 + 40 h x 4,000 */
	assert_int_equal(amount(&c, "regulatory"), 550000 + 160000);
	/* x 3 (set), y 2 (my number): 500 x (100 + 5) x 1 x 1 x 2 */
	assert_int_equal(c.per_person, 105000);
	yj_arena_free(a);
	yj_conf_free(conf);
}

static void
test_no_people_no_overflow(void **unused)
{
	struct yj_conf *conf = defaults();
	struct yj_arena *a = yj_arena_new();
	struct yj_incident inc;
	struct yj_cost c;
	json_t *j;
	char y[32];

	(void)unused;
	/* unknown and unbounded: per-person lines are 0 */
	make(&inc, YJ_INC_SUPPORT_SCAM, YJ_ORG_PRIVATE, -1, -1, 0, NULL, 0);
	yj_cost_estimate(a, &conf->incident.cost, &inc, &c);
	assert_int_equal(c.people, 0);
	assert_true(c.people_unknown);
	assert_int_equal(c.liability, 0);
	/* absurd inputs saturate instead of wrapping */
	conf->incident.cost.jo_base = YJ_CONF_YEN_MAX;
	make(&inc, YJ_INC_MALWARE, YJ_ORG_PRIVATE, 1000000000000LL, -1,
	    YJ_CAT_SENSITIVE | YJ_CAT_PROPERTY, NULL, 0);
	yj_cost_estimate(a, &conf->incident.cost, &inc, &c);
	assert_int_equal(c.liability, INT64_MAX);
	assert_true(c.total > 0);
	j = yj_cost_json(&c, &conf->incident.cost);
	assert_non_null(j);
	assert_non_null(json_object_get(j, "assumptions"));
	assert_int_equal(json_array_size(json_object_get(j, "lines")), 5);
	json_decref(j);
	assert_string_equal(yj_yen(1234567, y), "\xc2\xa5" "1,234,567");
	assert_string_equal(yj_yen(0, y), "\xc2\xa5" "0");
	yj_arena_free(a);
	yj_conf_free(conf);
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_misdelivery_1500),
		cmocka_unit_test(test_malware_local_government),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_no_people_no_overflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
