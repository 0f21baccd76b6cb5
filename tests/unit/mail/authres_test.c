/*
 * authres_test.c - mail/authres: Authentication-Results (RFC 8601)
 *
 * Headers as Gmail, vger (smtp.subspace.kernel.org), Proton, Exchange
 * Online and old Yahoo write them, RFC 8601's own examples, and hostile
 * ones.  Every case compares the id, trust, flags and every result and
 * property exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/authres.h"
#include "util/limits.h"

#define BAD	YJ_AR_BAD
#define BDOM	YJ_AR_BAD_DOMAIN
#define TRUNC	YJ_AR_TRUNCATED
#define ME	"mx.example.jp"

struct eres {
	const char	*method;
	const char	*result;
	const char	*reason;	/* NULL: none */
	unsigned	 flags;
	const char	*props[4][3];	/* ptype, name, value */
};

struct arcase {
	const char	*in;
	const char	*trusted_id;
	const char	*id;
	bool		 trusted;
	unsigned	 flags;
	size_t		 nr;
	struct eres	 r[4];
};

static const struct arcase cases[] = {
	/* Gmail */
	{ "mx.google.com;\r\n       dkim=pass header.i=@example.com "
	    "header.s=20230601 header.b=Ab+/9=;\r\n       spf=pass "
	    "(google.com: domain of a@example.com designates 192.0.2.1 as "
	    "permitted sender) smtp.mailfrom=a@example.com;\r\n       "
	    "dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=example.com",
	    "mx.google.com", "mx.google.com", true, 0, 3,
	    { { "dkim", "pass", NULL, 0,
	        { { "header", "i", "@example.com" },
	          { "header", "s", "20230601" },
	          { "header", "b", "Ab+/9=" } } },
	      { "spf", "pass", NULL, 0,
	        { { "smtp", "mailfrom", "a@example.com" } } },
	      { "dmarc", "pass", NULL, 0,
	        { { "header", "from", "example.com" } } } } },
	/* someone else's header is parsed but never trusted */
	{ "smtp.subspace.kernel.org; dmarc=pass (p=quarantine dis=none) "
	    "header.from=amazon.com", ME, "smtp.subspace.kernel.org", false,
	    0, 1, { { "dmarc", "pass", NULL, 0,
	        { { "header", "from", "amazon.com" } } } } },
	{ "evil.example; spf=pass smtp.mailfrom=ceo@example.jp", ME,
	    "evil.example", false, 0, 1,
	    { { "spf", "pass", NULL, 0,
	        { { "smtp", "mailfrom", "ceo@example.jp" } } } } },
	/* case-insensitive id, version, "none" */
	{ "MX.Example.JP 1; none", ME, ME, true, 0, 0, { { 0 } } },
	{ "\"mx.example.jp\"; spf=pass smtp.mailfrom=example.jp", ME, ME,
	    true, 0, 1, { { "spf", "pass", NULL, 0,
	        { { "smtp", "mailfrom", "example.jp" } } } } },
	{ ME, ME, ME, true, 0, 0, { { 0 } } },
	{ "", ME, "", false, 0, 0, { { 0 } } },
	{ "mx.example.jp; spf=pass", NULL, ME, false, 0, 1,
	    { { "spf", "pass", NULL, 0, { { 0 } } } } },
	{ "mx.example.jp; spf=pass", "", ME, false, 0, 1,
	    { { "spf", "pass", NULL, 0, { { 0 } } } } },
	/* Exchange Online: no authserv-id, bare "action=", compauth */
	{ "spf=temperror (sender IP is 204.48.17.23) smtp.mailfrom=ubuntu-s-1"
	    "; dkim=none (message not signed) header.d=none;dmarc=none "
	    "action=none header.from=x.example;compauth=fail reason=001",
	    "spf", "", false, 0, 4,
	    { { "spf", "temperror", NULL, 0,
	        { { "smtp", "mailfrom", "ubuntu-s-1" } } },
	      { "dkim", "none", NULL, 0, { { "header", "d", "none" } } },
	      { "dmarc", "none", NULL, 0,
	        { { "", "action", "none" },
	          { "header", "from", "x.example" } } },
	      { "compauth", "fail", "001", 0, { { 0 } } } } },
	/* CVE-2020-12272: a comment glued to a domain */
	{ "mx.example.jp; dkim=pass header.d=example.net(.example.com) "
	    "header.s=sel; spf=pass smtp.mailfrom=u@example.net(.example.com)",
	    ME, ME, true, BDOM, 2,
	    { { "dkim", "pass", NULL, BDOM, { { "header", "s", "sel" } } },
	      { "spf", "pass", NULL, BDOM, { { 0 } } } } },
	{ "mx.example.jp; dmarc=pass header.from=example.net(.example.com",
	    ME, ME, true, BDOM | BAD, 1,
	    { { "dmarc", "pass", NULL, BDOM, { { 0 } } } } },
	/* ... while a comment after white space is only a comment */
	{ "mx.example.jp; dkim=pass header.d=example.net (.example.com)",
	    ME, ME, true, 0, 1, { { "dkim", "pass", NULL, 0,
	        { { "header", "d", "example.net" } } } } },
	/* other values that are no domain */
	{ "mx.example.jp; dmarc=pass header.from=\"exa mple.com\"; "
	    "dkim=pass header.d=example.com.; dmarc=pass "
	    "header.from=pay\xe2\x80\x8bpal.com; spf=pass "
	    "smtp.mailfrom=a@b@c%d.example", ME, ME, true, BDOM, 4,
	    { { "dmarc", "pass", NULL, BDOM, { { 0 } } },
	      { "dkim", "pass", NULL, BDOM, { { 0 } } },
	      { "dmarc", "pass", NULL, BDOM, { { 0 } } },
	      { "spf", "pass", NULL, BDOM, { { 0 } } } } },
	/* raw ISO-2022-JP is read plain: its '"' opens a quote, unclosed */
	{ "mx.example.jp; dmarc=pass header.from=\x1b$B$\"\x1b(B.jp", ME, ME,
	    true, BDOM | BAD, 1,
	    { { "dmarc", "pass", NULL, BDOM | BAD, { { 0 } } } } },
	/* domains that are fine: underscore, U-label, <addr>, @domain */
	{ "mx.example.jp; dkim=pass header.d=_x.example.com "
	    "header.i=@日本.jp; spf=pass smtp.mailfrom=<u@example.com>",
	    ME, ME, true, 0, 2,
	    { { "dkim", "pass", NULL, 0,
	        { { "header", "d", "_x.example.com" },
	          { "header", "i", "@日本.jp" } } },
	      { "spf", "pass", NULL, 0,
	        { { "smtp", "mailfrom", "<u@example.com>" } } } } },
	/* the null sender and Exchange's empty header.from: absent */
	{ "mx.example.jp; spf=pass smtp.mailfrom=<> smtp.helo=mx.example.org"
	    "; dmarc=none action=none header.from=;", ME, ME, true, 0, 2,
	    { { "spf", "pass", NULL, 0,
	        { { "smtp", "helo", "mx.example.org" } } },
	      { "dmarc", "none", NULL, 0, { { "", "action", "none" } } } } },
	/* RFC 8601 appendix B style */
	{ "example.com; auth=pass (cram-md5) smtp.auth=sender@example.net; "
	    "spf=pass smtp.mailfrom=example.net", "example.com",
	    "example.com", true, 0, 2,
	    { { "auth", "pass", NULL, 0,
	        { { "smtp", "auth", "sender@example.net" } } },
	      { "spf", "pass", NULL, 0,
	        { { "smtp", "mailfrom", "example.net" } } } } },
	/* reasons, versions, unknown methods, quoted ';' */
	{ "mx.example.jp; dkim=fail reason=\"bad sig; key too short\" "
	    "header.d=example.com header.b=\"a;b\"; dkim/1=pass "
	    "header.d=example.org; x-custom=Ok policy.Foo=Bar", ME, ME, true,
	    0, 3,
	    { { "dkim", "fail", "bad sig; key too short", 0,
	        { { "header", "d", "example.com" },
	          { "header", "b", "a;b" } } },
	      { "dkim", "pass", NULL, 0,
	        { { "header", "d", "example.org" } } },
	      { "x-custom", "ok", NULL, 0,
	        { { "policy", "foo", "Bar" } } } } },
	/* comments anywhere */
	{ "mx.example.jp (a (b)) ; (c) SPF (d) = (e) Pass (f) smtp (g) . (h) "
	    "mailfrom (i) = (j) example.com (k)", ME, ME, true, 0, 1,
	    { { "spf", "pass", NULL, 0,
	        { { "smtp", "mailfrom", "example.com" } } } } },
	/* garbage: recover at the next ';' */
	{ "mx.example.jp; garbage here; dkim=pass header.d=ok.example; "
	    "=fail; spf; dmarc=pass header.from", ME, ME, true, BAD, 2,
	    { { "dkim", "pass", NULL, 0, { { "header", "d", "ok.example" } } },
	      { "dmarc", "pass", NULL, BAD, { { 0 } } } } },
	/* old Yahoo, no ';' after the id */
	{ "mta1271.mail.bf1.yahoo.com  from=yahoo.com; domainkeys=pass (ok);"
	    "  from=yahoo.com; dkim=pass (ok)", ME,
	    "mta1271.mail.bf1.yahoo.com", false, BAD, 3,
	    { { "domainkeys", "pass", NULL, 0, { { 0 } } },
	      { "from", "yahoo", NULL, BAD, { { 0 } } },
	      { "dkim", "pass", NULL, 0, { { 0 } } } } },
	{ "mx.example.jp; spf=pass smtp.mailfrom=\"unclosed", ME, ME, true,
	    BAD, 1, { { "spf", "pass", NULL, 0,
	        { { "smtp", "mailfrom", "unclosed" } } } } },
};

/* check_result - one result against its expectation */
static void
check_result(const struct yj_authres *r, const struct eres *e)
{
	size_t k, n = 0;

	assert_string_equal(r->method, e->method);
	assert_string_equal(r->result, e->result);
	if (e->reason == NULL)
		assert_null(r->reason);
	else
		assert_string_equal(r->reason, e->reason);
	assert_int_equal(r->flags, e->flags);
	while (n < 4 && e->props[n][0] != NULL)
		n++;
	assert_int_equal(r->nprops, n);
	for (k = 0; k < n; k++) {
		assert_string_equal(r->props[k].ptype, e->props[k][0]);
		assert_string_equal(r->props[k].name, e->props[k][1]);
		assert_string_equal(r->props[k].value, e->props[k][2]);
	}
}

static void
test_parse_table(void **unused)
{
	struct yj_authres_header h;
	struct yj_arena *a;
	size_t i, k;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		a = yj_arena_new();
		print_message("case %zu: %s\n", i, cases[i].in);
		yj_authres_parse(a, cases[i].in, strlen(cases[i].in),
		    cases[i].trusted_id, &h);
		assert_string_equal(h.authserv_id, cases[i].id);
		assert_int_equal(h.trusted, cases[i].trusted);
		assert_int_equal(h.flags, cases[i].flags);
		assert_int_equal(h.nr, cases[i].nr);
		for (k = 0; k < h.nr; k++)
			check_result(&h.v[k], &cases[i].r[k]);
		yj_arena_free(a);
	}
}

static void
test_prop_lookup(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_authres_header h;
	const char *s = "mx.example.jp; dkim=pass header.d=example.com "
	    "header.d=second.example";

	(void)unused;
	yj_authres_parse(a, s, strlen(s), ME, &h);
	assert_int_equal(h.nr, 1);
	assert_string_equal(yj_authres_prop(&h.v[0], "HEADER", "D"),
	    "example.com");
	assert_null(yj_authres_prop(&h.v[0], "smtp", "mailfrom"));
	assert_null(yj_authres_prop(NULL, "header", "d"));
	yj_arena_free(a);
}

/* More results and properties than the limits: kept up to them. */
static void
test_limits(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_authres_header h;
	char *buf, *o;
	size_t i;

	(void)unused;
	buf = yj_arena_alloc(a, 8192);
	o = buf + snprintf(buf, 32, ME);
	for (i = 0; i < YJ_LIM_AUTH_RESULTS + 6; i++)
		o += snprintf(o, 32, "; spf=pass smtp.helo=h%zu", i);
	yj_authres_parse(a, buf, (size_t)(o - buf), ME, &h);
	assert_int_equal(h.nr, YJ_LIM_AUTH_RESULTS);
	assert_int_equal(h.flags, TRUNC);
	assert_string_equal(h.v[YJ_LIM_AUTH_RESULTS - 1].props[0].value,
	    "h63");

	o = buf + snprintf(buf, 32, ME "; dkim=pass");
	for (i = 0; i < YJ_LIM_AUTH_PROPS + 8; i++)
		o += snprintf(o, 32, " header.x%zu=%zu", i, i);
	yj_authres_parse(a, buf, (size_t)(o - buf), ME, &h);
	assert_int_equal(h.nr, 1);
	assert_int_equal(h.v[0].nprops, YJ_LIM_AUTH_PROPS);
	assert_int_equal(h.flags, TRUNC);
	yj_arena_free(a);
}

/* Comments nested far deeper than the limit: skipped, flagged. */
static void
test_deep_comments(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_authres_header h;
	size_t depth = 50000, i, n;
	char *buf;

	(void)unused;
	buf = yj_arena_alloc(a, depth * 2 + 64);
	n = (size_t)snprintf(buf, 32, ME "; spf=pass ");
	for (i = 0; i < depth; i++)
		buf[n++] = '(';
	for (i = 0; i < depth; i++)
		buf[n++] = ')';
	n += (size_t)snprintf(buf + n, 32, " smtp.helo=x");
	yj_authres_parse(a, buf, n, ME, &h);
	assert_int_equal(h.nr, 1);
	assert_string_equal(yj_authres_prop(&h.v[0], "smtp", "helo"), "x");
	assert_int_equal(h.flags, BAD);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_prop_lookup),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_deep_comments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
