/*
 * addr_test.c - mail/addr: RFC 5322 address lists
 *
 * Every case compares every mailbox field and flag exactly.  Japanese
 * inputs are written as the bytes clients send (ISO-2022-JP, CP932,
 * encoded words); the expected names are the UTF-8 a person reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/addr.h"
#include "util/limits.h"

#define NOD	YJ_MBX_NO_DOMAIN
#define SYN	YJ_MBX_BAD_SYNTAX
#define NHA	YJ_MBX_NAME_HAS_ADDR
#define GRP	YJ_MBX_GROUP
#define BDOM	YJ_MBX_BAD_DOMAIN

struct mbx {
	const char	*name;
	const char	*addr;
	const char	*domain;
	unsigned	 flags;
};

struct acase {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	unsigned	 lflags;	/* YJ_AL_*, exactly */
	size_t		 nr;
	struct mbx	 m[3];
};

static const struct acase cases[] = {
	/* plain forms */
	{ "John Doe <john@Example.COM>", 0, 0, 1,
	    { { "John Doe", "john@example.com", "example.com", 0 } } },
	{ "Taro@EXAMPLE.JP", 0, 0, 1,
	    { { "", "Taro@example.jp", "example.jp", 0 } } },
	{ "a@b.example, c@d.example", 0, 0, 2,
	    { { "", "a@b.example", "b.example", 0 },
	      { "", "c@d.example", "d.example", 0 } } },
	{ "\"Yamada, Taro\" <a@b.jp>, c@d.jp", 0, 0, 2,
	    { { "Yamada, Taro", "a@b.jp", "b.jp", 0 },
	      { "", "c@d.jp", "d.jp", 0 } } },
	{ "x@example.net (Old Style)", 0, 0, 1,
	    { { "Old Style", "x@example.net", "example.net", 0 } } },
	{ "\"john smith\"@example.com", 0, 0, 1,
	    { { "", "\"john smith\"@example.com", "example.com", 0 } } },
	{ "\"john\"@example.com", 0, 0, 1,
	    { { "", "john@example.com", "example.com", 0 } } },
	{ "MAILER-DAEMON <>", 0, 0, 1,
	    { { "MAILER-DAEMON", "", "", NOD } } },
	{ "postmaster", 0, 0, 1, { { "", "postmaster", "", NOD } } },
	{ "a@[192.0.2.1]", 0, 0, 1,
	    { { "", "a@[192.0.2.1]", "[192.0.2.1]", 0 } } },
	{ "a@[IPv6:2001:DB8::1]", 0, 0, 1,
	    { { "", "a@[ipv6:2001:db8::1]", "[ipv6:2001:db8::1]", 0 } } },
	{ "a@日本.JP", 0, YJ_AL_8BIT, 1,
	    { { "", "a@日本.jp", "日本.jp", 0 } } },
	/* obsolete forms (RFC 5322 4.4) */
	{ "<@route1,@route2:a@b.example>", 0, 0, 1,
	    { { "", "a@b.example", "b.example", 0 } } },
	{ "john . smith @ example . com", 0, 0, 1,
	    { { "", "john.smith@example.com", "example.com", 0 } } },
	{ "John Q. Public <jqp@x.example>", 0, 0, 1,
	    { { "John Q. Public", "jqp@x.example", "x.example", 0 } } },
	/* groups */
	{ "undisclosed-recipients:;", 0, YJ_AL_EMPTY, 0, { { 0 } } },
	{ "g: a@b.jp, c@d.jp;, e@f.jp", 0, 0, 3,
	    { { "", "a@b.jp", "b.jp", GRP }, { "", "c@d.jp", "d.jp", GRP },
	      { "", "e@f.jp", "f.jp", 0 } } },
	{ "g: a@b.jp", 0, YJ_AL_BAD, 1,
	    { { "", "a@b.jp", "b.jp", GRP } } },
	{ "", 0, YJ_AL_EMPTY, 0, { { 0 } } },
	/* Japanese display names, as clients send them */
	{ "=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>", 0,
	    YJ_AL_ENCODED, 1,
	    { { "山田", "yamada@example.jp", "example.jp", 0 } } },
	{ "\"=?ISO-2022-JP?B?GyRCOzNFRBsoQg==?=\" <yamada@example.jp>", 0,
	    YJ_AL_ENCODED, 1,
	    { { "山田", "yamada@example.jp", "example.jp", 0 } } },
	{ "=?Shift_JIS?B?jlKTYw==?= <a@b.jp>", 0, YJ_AL_ENCODED, 1,
	    { { "山田", "a@b.jp", "b.jp", 0 } } },
	{ "Taro =?UTF-8?B?5bGx55Sw?= <a@b.jp>", 0, YJ_AL_ENCODED, 1,
	    { { "Taro 山田", "a@b.jp", "b.jp", 0 } } },
	{ "山田 太郎 <t-yamada@example.jp>", 0, YJ_AL_8BIT, 1,
	    { { "山田 太郎", "t-yamada@example.jp", "example.jp", 0 } } },
	{ "\x1b$B;3ED\x1b(B <yamada@example.jp>", 0, YJ_AL_8BIT, 1,
	    { { "山田", "yamada@example.jp", "example.jp", 0 } } },
	/* raw JIS bytes that are '<' '(' ',' '"' '@' in ASCII */
	{ "\x1b$BI=<(\x1b(B <a@b.jp>", 0, YJ_AL_8BIT, 1,
	    { { "表示", "a@b.jp", "b.jp", 0 } } },
	{ "\x1b$B$,$<\x1b(B <a@b.jp>, c@d.jp", 0, YJ_AL_8BIT, 2,
	    { { "がぜ", "a@b.jp", "b.jp", 0 }, { "", "c@d.jp", "d.jp", 0 } } },
	{ "\"\x1b$B%\"%@\x1b(B\" <a@b.jp>", 0, YJ_AL_8BIT, 1,
	    { { "アダ", "a@b.jp", "b.jp", 0 } } },
	/* raw CP932: trail bytes 0x5C '\' and 0x40 '@' */
	{ "\"\x95\x5c\x8e\xa6\" <a@b.jp>", 0, YJ_AL_8BIT, 1,
	    { { "表示", "a@b.jp", "b.jp", 0 } } },
	{ "\x83\x40\x83\x43 <a@b.jp>, \x83\x5c\x83t\x83g <c@d.jp>", 0,
	    YJ_AL_8BIT, 2,
	    { { "ァイ", "a@b.jp", "b.jp", 0 },
	      { "ソフト", "c@d.jp", "d.jp", 0 } } },
	/* display names that carry an address */
	{ "\"ceo@corp.example\" <x@evil.example>", 0, 0, 1,
	    { { "ceo@corp.example", "x@evil.example", "evil.example",
	    NHA } } },
	{ "ceo@corp.example <x@evil.example>", 0, YJ_AL_BAD, 1,
	    { { "ceo@corp.example", "x@evil.example", "evil.example",
	    NHA | SYN } } },
	{ "=?UTF-8?B?Y2VvQGNvcnAuZXhhbXBsZQ==?= <x@evil.example>", 0,
	    YJ_AL_ENCODED, 1,
	    { { "ceo@corp.example", "x@evil.example", "evil.example",
	    NHA } } },
	{ "\"ｃｅｏ＠ｃｏｒｐ．ｅｘａｍｐｌｅ\" <x@evil.example>", 0,
	    YJ_AL_8BIT, 1,
	    { { "ｃｅｏ＠ｃｏｒｐ．ｅｘａｍｐｌｅ", "x@evil.example",
	    "evil.example", NHA } } },
	{ "=?UTF-8?B?772D772F772P77yg772D772P772S772Q"
	    "77yO772F772Y772B772N772Q772M772F?= <x@evil.example>", 0,
	    YJ_AL_ENCODED, 1,
	    { { "ｃｅｏ＠ｃｏｒｐ．ｅｘａｍｐｌｅ", "x@evil.example",
	    "evil.example", NHA } } },
	{ "\"総務課 soumu＠city。example。jp\" <x@evil.example>", 0,
	    YJ_AL_8BIT, 1,
	    { { "総務課 soumu＠city。example。jp", "x@evil.example",
	    "evil.example", NHA } } },
	{ "\"ceo@corp\xe2\x80\x8b.example\" <x@evil.example>", 0,
	    YJ_AL_8BIT, 1,
	    { { "ceo@corp\xe2\x80\x8b.example", "x@evil.example",
	    "evil.example", NHA } } },
	{ "\"Support via SurveyMonkey support@bank.example\""
	    " <member@survey.example>", 0, 0, 1,
	    { { "Support via SurveyMonkey support@bank.example",
	    "member@survey.example", "survey.example", NHA } } },
	/* ... but not its own address, in any case or Outlook's quotes */
	{ "\"a@b.com\" <A@b.com>", 0, 0, 1,
	    { { "a@b.com", "A@b.com", "b.com", 0 } } },
	{ "\"'list@vger.kernel.org'\" <list@vger.kernel.org>", 0, 0, 1,
	    { { "'list@vger.kernel.org'", "list@vger.kernel.org",
	    "vger.kernel.org", 0 } } },
	{ "\"Mikel@Lindsaar\" <m@gmail.com>", 0, 0, 1,
	    { { "Mikel@Lindsaar", "m@gmail.com", "gmail.com", 0 } } },
	/* decoded specials are text, never structure */
	{ "=?UTF-8?Q?a=2C_b_=3Cc=40d=2Ecom=3E?= <x@y.jp>", 0,
	    YJ_AL_ENCODED, 1,
	    { { "a, b <c@d.com>", "x@y.jp", "y.jp", NHA } } },
	{ "=?UTF-8?B?PGV2aWxAZXZpbC5leGFtcGxlPg==?=", 0, 0, 1,
	    { { "", "=?UTF-8?B?PGV2aWxAZXZpbC5leGFtcGxlPg==?=", "",
	    NOD } } },
	/* several mailboxes where one is expected (CVE-2019-16378) */
	{ "a@legit.example, b@evil.example", 0, 0, 2,
	    { { "", "a@legit.example", "legit.example", 0 },
	      { "", "b@evil.example", "evil.example", 0 } } },
	{ "a@b.example c@d.example", 0, YJ_AL_BAD, 2,
	    { { "", "a@b.example", "b.example", 0 },
	      { "", "c@d.example", "d.example", SYN } } },
	{ "Bob <bob@x.jp> Bobby <bobby@x.jp>", 0, YJ_AL_BAD, 2,
	    { { "Bob", "bob@x.jp", "x.jp", 0 },
	      { "Bobby", "bobby@x.jp", "x.jp", SYN } } },
	{ "a@b.jp; c@d.jp", 0, YJ_AL_BAD, 2,
	    { { "", "a@b.jp", "b.jp", 0 }, { "", "c@d.jp", "d.jp", 0 } } },
	/* no domain (CVE-2021-34555) */
	{ "a@", 0, YJ_AL_BAD, 1, { { "", "a", "", NOD | SYN } } },
	{ "<\"x@bank.example\">", 0, 0, 1,
	    { { "", "\"x@bank.example\"", "", NOD } } },
	{ "UCカード <uccard.co.jp>", 0, YJ_AL_8BIT, 1,
	    { { "UCカード", "uccard.co.jp", "", NOD } } },
	/* bad domains, CVE-2020-12272 style included */
	{ "x@example.net(.example.com)", 0, 0, 1,
	    { { ".example.com", "x@example.net", "example.net", BDOM } } },
	{ "x@example.net(.example.com", 0, YJ_AL_BAD, 1,
	    { { ".example.com", "x@example.net", "example.net",
	    BDOM | SYN } } },
	{ "Pete(A \\) chap) <pete(his account)@silly.test(his host)>", 0, 0,
	    1, { { "Pete", "pete@silly.test", "silly.test", BDOM } } },
	{ "a@pedido%correiosbr.net", 0, 0, 1,
	    { { "", "a@pedido%correiosbr.net", "pedido%correiosbr.net",
	    BDOM } } },
	{ "a@example.com.", 0, 0, 1,
	    { { "", "a@example.com.", "example.com.", BDOM } } },
	{ "a@ex..ample.com", 0, 0, 1,
	    { { "", "a@ex..ample.com", "ex..ample.com", BDOM } } },
	{ "a@pay\xe2\x80\x8bpal.com", 0, YJ_AL_8BIT, 1,
	    { { "", "a@pay\xe2\x80\x8bpal.com", "pay\xe2\x80\x8bpal.com",
	    BDOM } } },
	{ "a@[999.1.1.1]", 0, 0, 1,
	    { { "", "a@[999.1.1.1]", "[999.1.1.1]", BDOM } } },
	{ "a@b@c.example", 0, YJ_AL_BAD, 1,
	    { { "", "\"a@b\"@c.example", "c.example", SYN } } },
	/* recovery */
	{ "John <a@b.com", 0, YJ_AL_BAD, 1,
	    { { "John", "a@b.com", "b.com", SYN } } },
	{ "a@exa mple.com", 0, YJ_AL_BAD, 1,
	    { { "", "a@exa", "exa", SYN } } },
	{ "Bob <bob@x.jp> junk", 0, YJ_AL_BAD, 1,
	    { { "Bob", "bob@x.jp", "x.jp", SYN } } },
	{ "\"abc <a@b.jp>", 0, YJ_AL_BAD, 1,
	    { { "", "\"abc <a@b.jp>\"", "", NOD | SYN } } },
	{ "John Smith john@x.jp", 0, YJ_AL_BAD, 1,
	    { { "John Smith", "john@x.jp", "x.jp", SYN } } },
	{ "Bank\0 Name <a@b.jp>", 19, YJ_AL_BAD, 1,
	    { { "Bank  Name", "a@b.jp", "b.jp", SYN } } },
	/*
	 * Fuzzer find: a CP932 pair or a JIS shift hid an '@' inside the
	 * domain, which then disagreed with yj_addr_domain(addr).  Addresses
	 * are read plain, and the domain is what follows the last '@'.
	 */
	{ "x@exam\x89@b.jp", 0, YJ_AL_8BIT | YJ_AL_BAD, 1,
	    { { "", "\"x@exam\xef\xbf\xbd\"@b.jp", "b.jp", SYN } } },
	{ "x@a\x1b$B@b.jp", 0, YJ_AL_8BIT | YJ_AL_BAD, 1,
	    { { "", "\"x@a\x1b$B\"@b.jp", "b.jp", SYN } } },
	{ "a@[1@2]", 0, YJ_AL_BAD, 1,
	    { { "", "\"a@[1\"@2]", "2]", SYN | BDOM } } },
	{ ">>>,,,;;;@@@", 0, YJ_AL_BAD, 1,
	    { { "", "\">>>\"", "", NOD | SYN } } },
};

/* check_case - parse one case and compare everything */
static void
check_case(size_t i, const struct acase *c)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_addrlist l;
	size_t k, n;

	memset(&l, 0, sizeof(l));
	n = c->len != 0 ? c->len : strlen(c->in);
	yj_addr_parse(a, c->in, n, &l);
	print_message("case %zu: %s\n", i, c->in);
	assert_int_equal(l.nr, c->nr);
	assert_int_equal(l.seen, c->nr);
	assert_int_equal(l.flags, c->lflags);
	for (k = 0; k < c->nr; k++) {
		assert_string_equal(l.v[k].name, c->m[k].name);
		assert_string_equal(l.v[k].addr, c->m[k].addr);
		assert_string_equal(l.v[k].domain, c->m[k].domain);
		assert_int_equal(l.v[k].flags, c->m[k].flags);
	}
	yj_arena_free(a);
}

static void
test_parse_table(void **unused)
{
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(i, &cases[i]);
}

/* Several To: headers make one list; EMPTY reflects the whole list. */
static void
test_accumulate(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_addrlist l;

	(void)unused;
	memset(&l, 0, sizeof(l));
	yj_addr_parse(a, "undisclosed-recipients:;", 24, &l);
	assert_int_equal(l.flags, YJ_AL_EMPTY);
	yj_addr_parse(a, "a@b.jp, c@d.jp", 14, &l);
	yj_addr_parse(a, "e@f.jp", 6, &l);
	assert_int_equal(l.nr, 3);
	assert_int_equal(l.flags, 0);
	assert_string_equal(l.v[0].addr, "a@b.jp");
	assert_string_equal(l.v[2].addr, "e@f.jp");
	yj_arena_free(a);
}

/* More than YJ_LIM_ADDRS: counted, not stored. */
static void
test_truncated(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_addrlist l;
	char *buf, *p;
	size_t i, total = YJ_LIM_ADDRS + 5;

	(void)unused;
	buf = yj_arena_alloc(a, total * 24 + 1);
	p = buf;
	for (i = 0; i < total; i++)
		p += snprintf(p, 24, "u%zu@x.jp, ", i);
	memset(&l, 0, sizeof(l));
	yj_addr_parse(a, buf, (size_t)(p - buf), &l);
	assert_int_equal(l.nr, YJ_LIM_ADDRS);
	assert_int_equal(l.seen, total);
	assert_int_equal(l.flags, YJ_AL_TRUNCATED);
	assert_string_equal(l.v[YJ_LIM_ADDRS - 1].addr, "u1999@x.jp");
	yj_arena_free(a);
}

/* Comments nested far deeper than the limit: no recursion, flagged. */
static void
test_deep_comments(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_addrlist l;
	size_t depth = 100000, i, n = 0;
	char *buf;

	(void)unused;
	buf = yj_arena_alloc(a, depth * 2 + 16);
	n += (size_t)snprintf(buf, 16, "a@b.jp ");
	for (i = 0; i < depth; i++)
		buf[n++] = '(';
	for (i = 0; i < depth; i++)
		buf[n++] = ')';
	n += (size_t)snprintf(buf + n, 16, ", c@d.jp");
	memset(&l, 0, sizeof(l));
	yj_addr_parse(a, buf, n, &l);
	assert_int_equal(l.nr, 2);
	assert_string_equal(l.v[1].addr, "c@d.jp");
	assert_true(l.flags & YJ_AL_BAD);
	yj_arena_free(a);
}

static void
test_is_valid(void **unused)
{
	static const struct {
		const char	*addr;
		bool		 ok;
	} v[] = {
		{ "taro.yamada@city.example.lg.jp", true },
		{ "a+tag@example.com", true },
		{ "\"john smith\"@example.com", true },
		{ "\"a@b\"@example.com", true },
		{ "user@[192.0.2.1]", true },
		{ "user@[IPv6:2001:db8::1]", true },
		{ "user@localhost", true },
		{ "山田@example.jp", true },		/* RFC 6532 */
		{ "user@日本.jp", false },		/* LDH only */
		{ "user", false },
		{ "@example.com", false },
		{ "user@", false },
		{ ".user@example.com", false },
		{ "us..er@example.com", false },
		{ "user.@example.com", false },
		{ "us er@example.com", false },
		{ "user@exa mple.com", false },
		{ "user@-example.com", false },
		{ "user@example-.com", false },
		{ "user@example..com", false },
		{ "user@example.com.", false },
		{ "user@example.net(.example.com", false },
		{ "a@b@example.com", false },
		{ "\"unclosed@example.com", false },
		{ "user@[999.1.1.1]", false },
		{ "x@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", false },	/* 64 */
		{ NULL, false },
	};
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		print_message("valid %zu\n", i);
		assert_int_equal(yj_addr_is_valid(v[i].addr), v[i].ok);
	}
}

static void
test_domain(void **unused)
{
	(void)unused;
	assert_string_equal(yj_addr_domain("a@example.jp"), "example.jp");
	assert_string_equal(yj_addr_domain("\"a@b\"@c.jp"), "c.jp");
	assert_string_equal(yj_addr_domain("postmaster"), "");
	assert_string_equal(yj_addr_domain(NULL), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_accumulate),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_deep_comments),
		cmocka_unit_test(test_is_valid),
		cmocka_unit_test(test_domain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
