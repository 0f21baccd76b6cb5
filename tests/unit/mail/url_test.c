/*
 * url_test.c - mail/url
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/url.h"
#include "util/arena.h"

#define MAXFOUND	4

struct found {
	const char	*url[MAXFOUND];
	size_t		 off[MAXFOUND];
	size_t		 n;
	size_t		 stop_after;	/* stop when n reaches it, 0 never */
};

/* collect - yj_url_find callback keeping what it is given */
static int
collect(const char *url, size_t off, void *arg)
{
	struct found *f = arg;

	if (f->n < MAXFOUND) {
		f->url[f->n] = url;
		f->off[f->n] = off;
	}
	f->n++;
	return f->stop_after != 0 && f->n >= f->stop_after;
}

struct find_case {
	const char	*text;
	const char	*url[MAXFOUND];	/* expected, NULL-terminated */
	size_t		 off[MAXFOUND];
};

static void
test_find(void **unused)
{
	static const struct find_case cases[] = {
		{ "see https://example.com/a.", { "https://example.com/a" },
		  { 4 } },
		{ "詳しくはhttps://example.jp/loginからログインしてください。",
		  { "https://example.jp/login" }, { 12 } },
		{ "http://example.com:8080/から", { "http://example.com:8080/" },
		  { 0 } },
		{ "https://example.jpへアクセス", { "https://example.jp" },
		  { 0 } },
		{ "「https://ｅｘａｍｐｌｅ．ｃｏｍ/」を開く",
		  { "https://ｅｘａｍｐｌｅ．ｃｏｍ/" }, { 3 } },
		{ "（https://example.com/path）、次",
		  { "https://example.com/path" }, { 3 } },
		{ "URL：https://a.example/x、https://b.example/y。",
		  { "https://a.example/x", "https://b.example/y" },
		  { 6, 28 } },
		{ "https://日本語.jp/ です", { "https://日本語.jp/" }, { 0 } },
		{ "https://example.jp/パス", { "https://example.jp/" }, { 0 } },
		{ "URL: <http://example.com/a(b)>, and (see www.example.org/x).",
		  { "http://example.com/a(b)", "www.example.org/x" },
		  { 6, 41 } },
		{ "'https://q.example/a'", { "https://q.example/a" }, { 1 } },
		{ "\"http://q.example/\"", { "http://q.example/" }, { 1 } },
		{ "[https://q.example/]", { "https://q.example/" }, { 1 } },
		{ "https://x.example/?q=1&r=2#frag!!",
		  { "https://x.example/?q=1&r=2#frag" }, { 0 } },
		{ "ftp://ftp.example.org/pub.  mailto:a@b.example, "
		  "mailto:nobody.", { "ftp://ftp.example.org/pub",
		  "mailto:a@b.example" }, { 0, 28 } },
		{ "HTTPS://EXAMPLE.COM/", { "HTTPS://EXAMPLE.COM/" }, { 0 } },
		{ "www.a xwww.example.com foo.www.bar.com", { NULL }, { 0 } },
		{ "http:// nothing http://", { NULL }, { 0 } },
		{ "nohttp://x.example", { NULL }, { 0 } },
		{ "", { NULL }, { 0 } },
		{ "https://a.example/<b>", { "https://a.example/" }, { 0 } },
		{ "https://a.example/\x01x", { "https://a.example/" }, { 0 } },
		{ "https://\xff.example/", { NULL }, { 0 } },
	};
	struct yj_arena *a = yj_arena_new();
	struct found f;
	size_t i, j, want;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		for (want = 0; want < MAXFOUND && cases[i].url[want]; want++)
			;
		if (yj_url_find(a, cases[i].text, strlen(cases[i].text),
		    collect, &f) != want || f.n != want)
			fail_msg("case %zu %s: found %zu, want %zu", i,
			    cases[i].text, f.n, want);
		for (j = 0; j < want; j++) {
			assert_string_equal(f.url[j], cases[i].url[j]);
			assert_int_equal(f.off[j], cases[i].off[j]);
		}
	}
	yj_arena_free(a);
}

static void
test_find_stop(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	const char *t = "http://a.example http://b.example http://c.example";
	struct found f;

	(void)unused;
	memset(&f, 0, sizeof(f));
	f.stop_after = 2;
	assert_int_equal(yj_url_find(a, t, strlen(t), collect, &f), 2);
	assert_string_equal(f.url[1], "http://b.example");
	/* n bounds the scan: the text need not be NUL-terminated */
	memset(&f, 0, sizeof(f));
	assert_int_equal(yj_url_find(a, t, 12, collect, &f), 1);
	assert_string_equal(f.url[0], "http://a.exa");
	yj_arena_free(a);
}

struct parse_case {
	const char	*url;
	const char	*scheme;
	const char	*host;
	const char	*host_unicode;
	unsigned	 port;
	const char	*path;
	const char	*query;
	unsigned	 flags;
};

static void
test_parse(void **unused)
{
	static const struct parse_case cases[] = {
		{ "https://www.bank.example@evil.example/login?x=1#f",
		  "https", "evil.example", "evil.example", 0, "/login", "x=1",
		  YJ_URL_USERINFO },
		{ "https://a@b@evil.example/", "https", "evil.example",
		  "evil.example", 0, "/", "", YJ_URL_USERINFO },
		{ "HTTP://EXAMPLE.com:8080/a", "http", "example.com",
		  "example.com", 8080, "/a", "", YJ_URL_ODD_PORT },
		{ "https://example.com:443/", "https", "example.com",
		  "example.com", 443, "/", "", 0 },
		{ "https://example.com:/", "https", "example.com",
		  "example.com", 0, "/", "", 0 },
		{ "https://example.com./", "https", "example.com",
		  "example.com", 0, "/", "", 0 },
		{ "https://ｅｘａｍｐｌｅ．ｃｏｍ/", "https", "example.com",
		  "example.com", 0, "/", "", 0 },
		{ "https://ＥＸＡＭＰＬＥ。ＣＯ。ＪＰ/", "https",
		  "example.co.jp", "example.co.jp", 0, "/", "", 0 },
		{ "http://0x7f.1/", "http", "127.0.0.1", "127.0.0.1", 0, "/",
		  "", YJ_URL_IP },
		{ "http://3232235777/", "http", "192.168.1.1", "192.168.1.1",
		  0, "/", "", YJ_URL_IP },
		{ "http://0300.0250.01.01", "http", "192.168.1.1",
		  "192.168.1.1", 0, "", "", YJ_URL_IP },
		{ "http://017700000001/", "http", "127.0.0.1", "127.0.0.1", 0,
		  "/", "", YJ_URL_IP },
		{ "http://0xC0A80101/", "http", "192.168.1.1", "192.168.1.1",
		  0, "/", "", YJ_URL_IP },
		{ "http://1.2.3.256/", "http", "1.2.3.256", "1.2.3.256", 0,
		  "/", "", YJ_URL_BAD },
		{ "http://09.1.1.1/", "http", "09.1.1.1", "09.1.1.1", 0, "/",
		  "", YJ_URL_BAD },
		{ "http://[::FFFF:127.0.0.1]:8443/p", "http",
		  "[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]", 8443, "/p", "",
		  YJ_URL_IP | YJ_URL_ODD_PORT },
		{ "http://[2001:DB8::1]/", "http", "[2001:db8::1]",
		  "[2001:db8::1]", 0, "/", "", YJ_URL_IP },
		{ "http://[not:an:ip]/", "http", "[not:an:ip]", "[not:an:ip]",
		  0, "/", "", YJ_URL_BAD },
		{ "https://xn--mazon-3ve.co.jp/", "https",
		  "xn--mazon-3ve.co.jp", "\xd0\xb0mazon.co.jp", 0, "/", "",
		  YJ_URL_PUNYCODE },
		{ "https://XN--80AK6AA92E.com/", "https", "xn--80ak6aa92e.com",
		  "\xd0\xb0\xd1\x80\xd1\x80\xd3\x8f\xd0\xb5.com", 0, "/", "",
		  YJ_URL_PUNYCODE },
		{ "https://xn--zz.example/", "https", "xn--zz.example",
		  "xn--zz.example", 0, "/", "", YJ_URL_BAD_IDN |
		  YJ_URL_PUNYCODE },
		{ "https://日本語。jp/パス", "https", "xn--wgv71a119e.jp",
		  "日本語.jp", 0, "/パス", "", YJ_URL_PUNYCODE },
		{ "https://ドメイン.テスト/", "https",
		  "xn--eckwd4c7c.xn--zckzah", "ドメイン.テスト", 0, "/", "",
		  YJ_URL_PUNYCODE },
		{ "https://Faß.de/", "https", "xn--fa-hia.de", "fass.de", 0,
		  "/", "", YJ_URL_PUNYCODE },
		{ "https://😀.la/", "https", "xn--e28h.la", "😀.la", 0, "/",
		  "", YJ_URL_PUNYCODE },
		{ "http://１２７．０．０．１/", "http", "127.0.0.1",
		  "127.0.0.1", 0, "/", "", YJ_URL_IP },
		{ "https://exa\xe2\x80\x8bmple.com/", "https", "example.com",
		  "example.com", 0, "/", "", 0 },	/* ZWSP is mapped away */
		{ "https://%65vil.example/", "https", "evil.example",
		  "evil.example", 0, "/", "", YJ_URL_ENCODED_HOST },
		{ "https://%E6%97%A5%E6%9C%AC.jp/", "https", "xn--wgv71a.jp",
		  "日本.jp", 0, "/", "", YJ_URL_ENCODED_HOST |
		  YJ_URL_PUNYCODE },
		{ "https://%ff.example/", "https", "%ff.example",
		  "%ff.example", 0, "/", "", YJ_URL_ENCODED_HOST | YJ_URL_BAD },
		{ "http:/\\evil.example\\path", "http", "evil.example",
		  "evil.example", 0, "/path", "", 0 },
		{ "https:evil.example/x", "https", "evil.example",
		  "evil.example", 0, "/x", "", 0 },
		{ " \thttps://ev\til.exa\nmple/ ", "https", "evil.example",
		  "evil.example", 0, "/", "", 0 },
		{ "www.example.jp", "http", "www.example.jp", "www.example.jp",
		  0, "", "", YJ_URL_NO_SCHEME },
		{ "www.example.jp:8080/a?b", "http", "www.example.jp",
		  "www.example.jp", 8080, "/a", "b",
		  YJ_URL_NO_SCHEME | YJ_URL_ODD_PORT },
		{ "mailto:Info@Example.JP?subject=hi", "mailto", "example.jp",
		  "example.jp", 0, "Info@Example.JP", "subject=hi",
		  YJ_URL_MAILTO },
		{ "javascript:alert(1)", "javascript", "", "", 0, "alert(1)",
		  "", 0 },
		{ "tel:0312345678", "tel", "", "", 0, "0312345678", "", 0 },
		{ "http://", "http", "", "", 0, "", "", YJ_URL_BAD },
		{ "http://exa mple.com/", "http", "exa mple.com",
		  "exa mple.com", 0, "/", "", YJ_URL_BAD },
		{ "http://example.com:99999/", "http", "example.com",
		  "example.com", 0, "/", "", YJ_URL_BAD },
		{ "http://example.com:8x/", "http", "example.com",
		  "example.com", 0, "/", "", YJ_URL_BAD },
		{ "", "http", "", "", 0, "", "", YJ_URL_NO_SCHEME |
		  YJ_URL_BAD },
	};
	struct yj_arena *a = yj_arena_new();
	struct yj_url_parts u;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct parse_case *c = &cases[i];

		yj_url_parse(a, c->url, &u);
		if (strcmp(u.host, c->host) != 0 || u.flags != c->flags)
			fail_msg("case %zu %s: host %s flags %#x, want %s "
			    "%#x", i, c->url, u.host, u.flags, c->host,
			    c->flags);
		assert_string_equal(u.scheme, c->scheme);
		assert_string_equal(u.host_unicode, c->host_unicode);
		assert_int_equal(u.port, c->port);
		assert_string_equal(u.path, c->path);
		assert_string_equal(u.query, c->query);
	}
	yj_url_parse(a, NULL, &u);
	assert_int_equal(u.flags, YJ_URL_BAD);
	yj_arena_free(a);
}

static void
test_host_of(void **unused)
{
	struct yj_arena *a = yj_arena_new();

	(void)unused;
	assert_string_equal(yj_url_host_of(a, "https://A.Example/x"),
	    "a.example");
	assert_string_equal(yj_url_host_of(a, "Example.CO.JP"),
	    "example.co.jp");
	assert_string_equal(yj_url_host_of(a, "ｅｘａｍｐｌｅ．ｃｏｍ"),
	    "example.com");
	assert_string_equal(yj_url_host_of(a, "例え.jp"), "xn--r8jz45g.jp");
	assert_string_equal(yj_url_host_of(a, "mailto:x@Mail.Example"),
	    "mail.example");
	assert_string_equal(yj_url_host_of(a, "xn--zz.example"),
	    "xn--zz.example");		/* bad IDN: kept as written */
	assert_null(yj_url_host_of(a, "javascript:alert(1)"));
	assert_null(yj_url_host_of(a, "http://"));
	assert_null(yj_url_host_of(a, ""));
	assert_null(yj_url_host_of(a, NULL));
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_find_stop),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_host_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
