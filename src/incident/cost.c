/*
 * cost.c - the cost model of spec section 5.3
 *
 *   C_initial    = initial_response                           [C6]
 *   C_forensics  = investigation (when assumed for the type or set)
 *                  + pcs x forensics_pc + servers x forensics_server
 *                                                             [C6][C8]
 *   C_victims    = N x (notice_per_person + gift_per_person if a gift)
 *                  + months x call_centre_month               [C8]
 *   C_regulatory = legal + consulting (when a PPC report is due)
 *                  + staff_hours x staff_hour                 [C8]
 *   C_prevention = prevention                                 [C8]
 *   total        = the sum: the response cost
 *   exposure     = N x 500 x (10^(x-1) + 5^(y-1)) x identifiability
 *                  x social responsibility x response    (JO model [C1][C2])
 *   benchmarks   = N x IBM Japan per record (2021, large firms) [C12];
 *                  ransomware damage median (JNSA 2025) [C10], malware only
 *
 * Defaults where the spec leaves a choice (each shown in the result):
 *   - months of call centre: call_centre_months when N >= call_centre_from;
 *   - an investigation is assumed for malware, unauthorised access and
 *     website tampering (incident.cost.investigation_types), with one PC
 *     examined unless cost.pcs says otherwise; a single mis-sent mail
 *     gets no ¥3.5M investigation;
 *   - legal and consulting costs only when a PPC report is due;
 *   - JO levels from the data categories: sensitive -> distress
 *     sensitive_distress (2: medical and nursing records, the bulk of
 *     reported leaks [P14][C17]); property_damage -> economic 3 (card
 *     data, account + PIN [C1]); my_number -> economic my_number_economic
 *     (2, like passport data [C17]); otherwise 1/1 (name, address);
 *   - identifiability "easy" (6: name and address), social
 *     responsibility high (2) for local government bodies and ordinary
 *     (1) otherwise (the JNSA table gives no examples; spec 5.1), response
 *     appropriate (1).
 * When the number of people is unknown the bound ("at most N") is used;
 * with no bound the per-person lines are 0 and the result says so.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "incident/cost.h"
#include "util/str.h"

/* add_sat - a + b without wrapping */
static int64_t
add_sat(int64_t a, int64_t b)
{
	return a > INT64_MAX - b ? INT64_MAX : a + b;
}

/* mul_sat - a * b without wrapping (a, b >= 0) */
static int64_t
mul_sat(int64_t a, int64_t b)
{
	if (a == 0 || b == 0)
		return 0;
	return a > INT64_MAX / b ? INT64_MAX : a * b;
}

/* yj_yen - "¥1,234,567" */
const char *
yj_yen(int64_t amount, char buf[32])
{
	char g[YJ_GROUPED_MAX];

	snprintf(buf, 32, "\xc2\xa5%s", yj_fmt_grouped(amount, g));
	return buf;
}

/* field_num - a cost.* number field, or def */
static int64_t
field_num(const struct yj_incident *inc, const char *key, int64_t def)
{
	const char *v = yj_incident_field(inc, key);
	unsigned long n;

	if (v == NULL || yj_parse_uint(v, 1000000, &n) != 0)
		return def;
	return (int64_t)n;
}

/* field_is - a cost.* field equals word (or, when unset, def does) */
static bool
field_is(const struct yj_incident *inc, const char *key, const char *def,
    const char *word)
{
	const char *v = yj_incident_field(inc, key);

	return strcmp(v != NULL ? v : def, word) == 0;
}

/* investigated - an investigation is assumed for this type */
static bool
investigated(const struct yj_conf_cost *m, const struct yj_incident *inc)
{
	const char *v = yj_incident_field(inc, "cost.investigation");
	unsigned i;

	if (v != NULL)
		return strcmp(v, "yes") == 0;
	for (i = 0; i < m->ninvestigation_types; i++)
		if (strcmp(m->investigation_types[i],
		    yj_incident_type_name(inc->type)) == 0)
			return true;
	return false;
}

/* inputs - the model's inputs, defaults applied */
static void
inputs(const struct yj_conf_cost *m, const struct yj_incident *inc,
    struct yj_cost *c)
{
	const char *social;

	if (inc->c.people_set && inc->c.people >= 0)
		c->people = inc->c.people;
	else if (inc->c.people_set && inc->c.people_max >= 0)
		c->people = inc->c.people_max;
	else if (inc->c.people_set)
		c->people_unknown = true;
	c->investigation = investigated(m, inc);
	c->pcs = field_num(inc, "cost.pcs", c->investigation ? 1 : 0);
	c->servers = field_num(inc, "cost.servers", 0);
	c->call_months = field_num(inc, "cost.call_centre_months",
	    c->people >= (int64_t)m->call_centre_from ?
	    m->call_centre_months : 0);
	c->staff_hours = field_num(inc, "cost.staff_hours", 0);
	c->gift = field_is(inc, "cost.gift", "no", "yes");
	c->regulatory = inc->ppc.required;
	c->distress = (int)field_num(inc, "cost.distress",
	    (inc->categories & YJ_CAT_SENSITIVE) ? m->sensitive_distress : 1);
	c->economic = (int)field_num(inc, "cost.economic",
	    (inc->categories & YJ_CAT_PROPERTY) ? 3 :
	    (inc->categories & YJ_CAT_MY_NUMBER) ? m->my_number_economic : 1);
	c->identifiability = field_is(inc, "cost.identifiability",
	    m->identifiability, "easy") ? 6 : field_is(inc,
	    "cost.identifiability", m->identifiability, "possible") ? 3 : 1;
	social = m->social_responsibility;
	if (strcmp(social, "auto") == 0)
		social = inc->org == YJ_ORG_LOCAL_GOV ? "high" : "ordinary";
	c->social = field_is(inc, "cost.social_responsibility", social,
	    "high") ? 2 : 1;
	c->response = field_is(inc, "cost.response", m->response,
	    "inappropriate") ? 2 : 1;
}

/* line - append one line of the estimate */
static void
line(struct yj_cost *c, const char *key, const char *ja, const char *en,
    int64_t amount, const char *formula, const char *source)
{
	struct yj_cost_line *l;

	if (c->nlines >= YJ_COST_LINES)
		return;
	l = &c->lines[c->nlines++];
	l->key = key;
	l->ja = ja;
	l->en = en;
	l->amount = amount;
	l->formula = formula;
	l->source = source;
	c->total = add_sat(c->total, amount);
}

/* ipow - b^e for small e */
static int64_t
ipow(int64_t b, int e)
{
	int64_t r = 1;

	while (e-- > 0)
		r *= b;
	return r;
}

/* lines - the five phases */
static void
lines(struct yj_arena *a, const struct yj_conf_cost *m, struct yj_cost *c)
{
	int64_t inv, victims, reg, per;

	line(c, "initial", "初動対応", "Initial response",
	    (int64_t)m->initial_response, yj_arena_printf(a, "%" PRIu64,
	    m->initial_response), "JNSA 2021: initial response ¥60k/hour "
	    "to ¥1.5M [C6]");
	inv = c->investigation ? (int64_t)m->investigation : 0;
	line(c, "forensics", "調査・フォレンジック", "Investigation and "
	    "forensics", add_sat(inv, add_sat(mul_sat(c->pcs,
	    (int64_t)m->forensics_pc), mul_sat(c->servers,
	    (int64_t)m->forensics_server))), yj_arena_printf(a, "%" PRId64
	    " + %" PRId64 " PC x %" PRIu64 " + %" PRId64 " server x %" PRIu64,
	    inv, c->pcs, m->forensics_pc, c->servers, m->forensics_server),
	    "JNSA: investigation ¥3-4M; forensics ¥1-1.5M per PC, "
	    "¥1.5-2M per server [C6][C8]");
	per = add_sat((int64_t)m->notice_per_person, c->gift ?
	    (int64_t)m->gift_per_person : 0);
	victims = add_sat(mul_sat(c->people, per), mul_sat(c->call_months,
	    (int64_t)m->call_centre_month));
	line(c, "victims", "被害者対応", "People affected", victims,
	    yj_arena_printf(a, "%" PRId64 " people x %" PRId64 " + %" PRId64
	    " months x %" PRIu64, c->people, per, c->call_months,
	    m->call_centre_month), "JNSA 2024: notices ≈¥130/person, "
	    "apology gift ≈¥650/person, call centre ¥7-10M for 3 months [C8]");
	reg = c->regulatory ? add_sat((int64_t)m->legal,
	    (int64_t)m->consulting) : 0;
	line(c, "regulatory", "監督官庁報告", "Reporting",
	    add_sat(reg, mul_sat(c->staff_hours, (int64_t)m->staff_hour)),
	    yj_arena_printf(a, "%" PRId64 " + %" PRId64 " hours x %" PRIu64,
	    reg, c->staff_hours, m->staff_hour), "JNSA 2024: legal "
	    "¥0.3-1M, consulting ¥0.1-1M [C8]; staff rate: an assumption");
	line(c, "prevention", "再発防止", "Prevention",
	    (int64_t)m->prevention, yj_arena_printf(a, "%" PRIu64,
	    m->prevention), "JNSA 2024: several ¥M to tens of ¥M [C8]");
}

/* yj_cost_estimate - inputs, lines, exposure, benchmarks */
void
yj_cost_estimate(struct yj_arena *a, const struct yj_conf_cost *m,
    const struct yj_incident *inc, struct yj_cost *c)
{
	memset(c, 0, sizeof(*c));
	inputs(m, inc, c);
	lines(a, m, c);
	c->per_person = mul_sat((int64_t)m->jo_base,
	    ipow(10, c->distress - 1) + ipow(5, c->economic - 1));
	c->per_person = mul_sat(c->per_person, (int64_t)c->identifiability *
	    c->social * c->response);
	c->liability = mul_sat(c->people, c->per_person);
	c->bench_records = mul_sat(c->people,
	    (int64_t)m->benchmark_per_record);
	if (inc->type == YJ_INC_MALWARE)
		c->bench_ransomware = (int64_t)m->benchmark_ransomware;
}

/* yj_cost_json - everything, with the model's settings */
json_t *
yj_cost_json(const struct yj_cost *c, const struct yj_conf_cost *m)
{
	json_t *lines = json_array();
	json_t *bench = json_array();
	int i;

	for (i = 0; i < c->nlines; i++)
		json_array_append_new(lines, json_pack(
		    "{s:s,s:{s:s,s:s},s:I,s:s,s:s}", "key", c->lines[i].key,
		    "label", "ja", c->lines[i].ja, "en", c->lines[i].en,
		    "amount", (json_int_t)c->lines[i].amount, "formula",
		    c->lines[i].formula, "source", c->lines[i].source));
	json_array_append_new(bench, json_pack("{s:s,s:I,s:s}", "key",
	    "per_record", "amount", (json_int_t)c->bench_records, "source",
	    "IBM Cost of a Data Breach, Japan 2021: ¥17,400 per record, "
	    "large organisations [C12]"));
	if (c->bench_ransomware > 0)
		json_array_append_new(bench, json_pack("{s:s,s:I,s:s}", "key",
		    "ransomware_median", "amount",
		    (json_int_t)c->bench_ransomware, "source", "JNSA 2025 "
		    "survey of ransomware victims: median damage ¥38M [C10]"));
	return json_pack("{s:s,s:{s:I,s:b,s:I,s:I,s:I,s:I,s:b,s:b,s:b,s:{s:i,"
	    "s:i,"
	    "s:i,s:i,s:i}},s:o,s:I,s:{s:I,s:I,s:s},s:o,s:{s:I,s:I,s:I,s:I,"
	    "s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}}",
	    "currency", "JPY",
	    "inputs", "people", (json_int_t)c->people, "people_unknown",
	    c->people_unknown, "pcs",
	    (json_int_t)c->pcs, "servers", (json_int_t)c->servers,
	    "call_centre_months", (json_int_t)c->call_months, "staff_hours",
	    (json_int_t)c->staff_hours, "gift", c->gift, "investigation",
	    c->investigation, "regulatory", c->regulatory, "jo", "distress",
	    c->distress, "economic", c->economic, "identifiability",
	    c->identifiability, "social_responsibility", c->social,
	    "response", c->response,
	    "lines", lines, "total_response", (json_int_t)c->total,
	    "exposure", "per_person", (json_int_t)c->per_person, "amount",
	    (json_int_t)c->liability, "source", "JNSA JO model: 500 x "
	    "(10^(x-1) + 5^(y-1)) x identifiability x social responsibility "
	    "x response [C1][C2]",
	    "benchmarks", bench,
	    "assumptions", "initial_response",
	    (json_int_t)m->initial_response, "investigation",
	    (json_int_t)m->investigation, "forensics_pc",
	    (json_int_t)m->forensics_pc, "forensics_server",
	    (json_int_t)m->forensics_server, "notice_per_person",
	    (json_int_t)m->notice_per_person, "gift_per_person",
	    (json_int_t)m->gift_per_person, "call_centre_month",
	    (json_int_t)m->call_centre_month, "call_centre_months",
	    (json_int_t)m->call_centre_months, "call_centre_from",
	    (json_int_t)m->call_centre_from, "legal", (json_int_t)m->legal,
	    "consulting", (json_int_t)m->consulting, "staff_hour",
	    (json_int_t)m->staff_hour, "prevention",
	    (json_int_t)m->prevention, "jo_base", (json_int_t)m->jo_base);
}

/* yj_cost_text - a table for people */
void
yj_cost_text(FILE *fp, const struct yj_cost *c, bool ja)
{
	char y[32];
	int i;

	fprintf(fp, "%s\n", ja ?
	    "被害額の試算（すべての前提は設定で変更できます）" :
	    "Cost estimate (every assumption can be changed in the "
	    "configuration)");
	if (c->people_unknown)
		fprintf(fp, "  %s\n", ja ? "本人の数が不明のため、"
		    "人数に比例する費用は 0 として計算しています"
		    "（--people で記録してください）。" :
		    "The number of people is unknown: costs per person are "
		    "counted as 0 (record it with --people).");
	for (i = 0; i < c->nlines; i++)
		fprintf(fp, "  %-14s %14s   %s\n      %s\n",
		    ja ? c->lines[i].ja : c->lines[i].en,
		    yj_yen(c->lines[i].amount, y), c->lines[i].formula,
		    c->lines[i].source);
	fprintf(fp, "  %-14s %14s\n", ja ? "対応費用の合計" : "Response total",
	    yj_yen(c->total, y));
	fprintf(fp, "%s %s (%s %" PRId64 " x %s)\n", ja ?
	    "損害賠償のリスク（JO モデル、支出ではない）:" :
	    "Compensation exposure (JO model, not cash):",
	    yj_yen(c->liability, y), ja ? "人数" : "people", c->people,
	    yj_yen(c->per_person, (char[32]){ 0 }));
	fprintf(fp, "    x=%d y=%d identifiability=%d social=%d "
	    "response=%d\n", c->distress, c->economic, c->identifiability,
	    c->social, c->response);
	fprintf(fp, "%s %s\n", ja ?
	    "参考: 1件あたり ¥17,400（IBM 日本 2021、大企業）:" :
	    "Benchmark, ¥17,400 per record (IBM Japan 2021, large firms):",
	    yj_yen(c->bench_records, y));
	if (c->bench_ransomware > 0)
		fprintf(fp, "%s %s\n", ja ?
		    "参考: ランサムウェア被害額の中央値（JNSA 2025）:" :
		    "Benchmark, ransomware damage median (JNSA 2025):",
		    yj_yen(c->bench_ransomware, y));
}
