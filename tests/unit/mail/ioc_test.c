/*
 * ioc_test.c - mail/ioc: canonical forms of indicators
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mail/ioc.h"

struct ioc_case {
	enum yj_ioc_kind	 kind;
	const char		*in;
	const char		*out;	/* NULL: refused */
};

static void
run_cases(const struct ioc_case *c, size_t n)
{
	struct yj_arena *a = yj_arena_new();
	const char *got;
	size_t i;

	for (i = 0; i < n; i++) {
		got = yj_ioc_normalize(a, c[i].kind, c[i].in);
		if (c[i].out == NULL && got != NULL)
			fail_msg("%s: expected refusal, got %s", c[i].in, got);
		if (c[i].out != NULL && (got == NULL ||
		    strcmp(got, c[i].out) != 0))
			fail_msg("%s: expected %s, got %s", c[i].in, c[i].out,
			    got ? got : "(refused)");
	}
	yj_arena_free(a);
}

static void
test_domains(void **unused)
{
	static const struct ioc_case cases[] = {
		{ YJ_IOC_DOMAIN, "Evil.Example.", "evil.example" },
		{ YJ_IOC_DOMAIN, "  evil.example  ", "evil.example" },
		{ YJ_IOC_DOMAIN, "*.evil.example", "evil.example" },
		{ YJ_IOC_DOMAIN, "\xd0\xb0mazon.co.jp", "xn--mazon-3ve.co.jp" },
		{ YJ_IOC_DOMAIN, "xn--mazon-3ve.co.jp", "xn--mazon-3ve.co.jp" },
		{ YJ_IOC_DOMAIN, "co.jp", NULL },	/* a bare suffix */
		{ YJ_IOC_DOMAIN, "com", NULL },
		{ YJ_IOC_DOMAIN, "", NULL },
		{ YJ_IOC_DOMAIN, "a..b.example", NULL },
		{ YJ_IOC_DOMAIN, "bad domain.example", NULL },
		{ YJ_IOC_DOMAIN, "xn--zz-zzzzzzz.jp", NULL },
		/* fuzz: a name whose A-label fails its own round trip is
		 * refused in both forms (normal forms must be stable) */
		{ YJ_IOC_DOMAIN, "PA\xdf\xbf" "A1.COM", NULL },
		{ YJ_IOC_DOMAIN, "xn--paa1-h3h.com", NULL },
		/* fuzz: an A-label prefix in mixed case is checked too */
		{ YJ_IOC_DOMAIN, "xN--maZoocj.eD", NULL },
		{ YJ_IOC_DOMAIN, "XN--MAZON-3VE.CO.JP", "xn--mazon-3ve.co.jp" },
		{ YJ_IOC_HOST, "https://Login.Evil.Example:8443/x",
		  "login.evil.example" },
		{ YJ_IOC_HOST, "login.evil.example", "login.evil.example" },
		{ YJ_IOC_HOST, "http://192.0.2.1/x", "192.0.2.1" },
		{ YJ_IOC_HOST, "http://0xc0000201/", "192.0.2.1" },
		{ YJ_IOC_HOST, "http:///nohost", NULL },
	};

	(void)unused;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_addresses(void **unused)
{
	static const struct ioc_case cases[] = {
		{ YJ_IOC_ADDRESS, "CEO@Fraud.Example", "ceo@fraud.example" },
		{ YJ_IOC_ADDRESS, "<ceo@fraud.example>", "ceo@fraud.example" },
		{ YJ_IOC_ADDRESS, "a.b+c@mail.fraud.example",
		  "a.b+c@mail.fraud.example" },
		{ YJ_IOC_ADDRESS, "ceo@", NULL },
		{ YJ_IOC_ADDRESS, "@fraud.example", NULL },
		{ YJ_IOC_ADDRESS, "no-at-sign", NULL },
		{ YJ_IOC_ADDRESS, "ceo@com", NULL },
		{ YJ_IOC_ADDRESS, "c e o@fraud.example", NULL },
	};

	(void)unused;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_urls(void **unused)
{
	static const struct ioc_case cases[] = {
		{ YJ_IOC_URL, "HTTPS://Login.Evil.Example/Path?Q=1#frag",
		  "https://login.evil.example/Path?Q=1" },
		{ YJ_IOC_URL, "https://login.evil.example:443/",
		  "https://login.evil.example/" },
		{ YJ_IOC_URL, "https://login.evil.example:8443",
		  "https://login.evil.example:8443/" },
		{ YJ_IOC_URL, "https://user:pw@login.evil.example/",
		  "https://login.evil.example/" },
		{ YJ_IOC_URL, "login.evil.example/a",
		  "http://login.evil.example/a" },
		{ YJ_IOC_URL, "https://x.example/%e3%81%82",
		  "https://x.example/%E3%81%82" },
		{ YJ_IOC_URL, "https://x.example/\xe3\x81\x82",
		  "https://x.example/%E3%81%82" },
		{ YJ_IOC_URL, "https://\xd0\xb0mazon.co.jp/",
		  "https://xn--mazon-3ve.co.jp/" },
		{ YJ_IOC_URL, "http://0x7f.1/", "http://127.0.0.1/" },
		{ YJ_IOC_URL, "mailto:a@b.example", NULL },
		{ YJ_IOC_URL, "javascript:alert(1)", NULL },
		{ YJ_IOC_URL, "https://", NULL },
		{ YJ_IOC_URL, "https://bad host.example/", NULL },
		{ YJ_IOC_PREFIX, "https://evil.example",
		  "https://evil.example/" },
		{ YJ_IOC_PREFIX, "https://evil.example/phish",
		  "https://evil.example/phish" },
		{ YJ_IOC_SHA256,
		  "E3B0C44298FC1C149AFBF4C8996FB924"
		  "27AE41E4649B934CA495991B7852B855",
		  "e3b0c44298fc1c149afbf4c8996fb924"
		  "27ae41e4649b934ca495991b7852b855" },
		{ YJ_IOC_SHA256, "e3b0c442", NULL },
		{ YJ_IOC_SHA256,
		  "g3b0c44298fc1c149afbf4c8996fb924"
		  "27ae41e4649b934ca495991b7852b855", NULL },
	};
	struct yj_arena *a = yj_arena_new();

	(void)unused;
	run_cases(cases, sizeof(cases) / sizeof(cases[0]));
	/* the form is stable: normalising twice changes nothing */
	assert_string_equal(yj_ioc_normalize(a, YJ_IOC_URL,
	    yj_ioc_normalize(a, YJ_IOC_URL, "HTTP://A.Example/%e3?%e3")),
	    "http://a.example/%E3?%E3");
	assert_null(yj_ioc_normalize(a, YJ_IOC_URL, NULL));
	assert_null(yj_ioc_normalize(a, YJ_IOC_URL, "https://a.example/\xff"));
	yj_arena_free(a);
}

static void
test_guess(void **unused)
{
	(void)unused;
	assert_int_equal(yj_ioc_guess("https://x.example/"), YJ_IOC_URL);
	assert_int_equal(yj_ioc_guess("www.x.example"), YJ_IOC_URL);
	assert_int_equal(yj_ioc_guess("x.example/path"), YJ_IOC_URL);
	assert_int_equal(yj_ioc_guess("a@x.example"), YJ_IOC_ADDRESS);
	assert_int_equal(yj_ioc_guess("x.example"), YJ_IOC_DOMAIN);
	assert_int_equal(yj_ioc_guess(" e3b0c44298fc1c149afbf4c8996fb92427ae41"
	    "e4649b934ca495991b7852b855 "), YJ_IOC_SHA256);
	assert_int_equal(yj_ioc_guess(NULL), YJ_IOC_DOMAIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_domains),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_guess),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
