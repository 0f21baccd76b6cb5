/*
 * html_test.c - mail/html
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/html.h"
#include "util/arena.h"
#include "util/str.h"

#define FFFD	"\xef\xbf\xbd"

struct text_case {
	const char	*html;
	const char	*text;		/* visible text */
	const char	*hidden;	/* hidden text, NULL: not checked */
};

/* run_text - parse each case and compare visible (and hidden) text */
static void
run_text(const struct text_case *cases, size_t n)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	size_t i;

	for (i = 0; i < n; i++) {
		yj_html_parse(a, cases[i].html, strlen(cases[i].html), 4096,
		    16, &h);
		if (strcmp(h.text, cases[i].text) != 0)
			fail_msg("case %zu %s: text [%s], want [%s]", i,
			    cases[i].html, h.text, cases[i].text);
		assert_int_equal(h.len, strlen(h.text));
		if (cases[i].hidden != NULL &&
		    strcmp(h.hidden, cases[i].hidden) != 0)
			fail_msg("case %zu %s: hidden [%s], want [%s]", i,
			    cases[i].html, h.hidden, cases[i].hidden);
		assert_true(yj_utf8_valid(h.text, h.len));
	}
	yj_arena_free(a);
}

static void
test_layout(void **unused)
{
	static const struct text_case cases[] = {
		{ "<p>Hello</p><p>World</p>", "Hello\nWorld", "" },
		{ "  a  \n\t b  ", "a b", "" },
		{ "a<br>b<br><br>c", "a\nb\n\nc", "" },
		{ "a<br/>b</br>c", "a\nb\nc", "" },
		{ "<ul><li>one<li>two</ul>after", "one\ntwo\nafter", "" },
		{ "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr>"
		  "</table>", "a b\nc", "" },
		{ "<table><tr><td>a<td>b<tr><td>c</table>", "a b\nc", "" },
		{ "<P>A</P><BR><DIV>B</DIV>", "A\n\nB", "" },
		{ "<div><div><div>deep</div></div></div>x", "deep\nx", "" },
		{ "<pre>  a\n   b</pre>", "  a\n   b", "" },
		{ "<pre>\nfirst</pre>", "first", "" },
		{ "<x-foo>a</x-foo><o:p>b</o:p>", "ab", "" },
		{ "<h1>T</h1><hr>body", "T\nbody", "" },
		{ "<div>お客様各位</div><div>ご確認ください。</div>",
		  "お客様各位\nご確認ください。", "" },
		{ "<p>ｱｶｳﾝﾄ　停止</p>", "ｱｶｳﾝﾄ　停止", "" },
		{ "", "", "" },
	};

	(void)unused;
	run_text(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_dropped(void **unused)
{
	static const struct text_case cases[] = {
		{ "x<script>alert('<p>')</script>y", "xy", "" },
		{ "x<SCRIPT>if (a</b) {}</SCRIPT >y", "xy", "" },
		{ "<style>p{color:red}</style>text", "text", "" },
		{ "<head><title>T</title><meta charset=utf-8></head>b",
		  "b", "" },
		{ "a<!-- hidden -->b<!---->c<!-->d<!--->e", "abcde", "" },
		{ "a<!-- x --!>b", "ab", "" },
		{ "a<!-- never closed <p>text", "a", "" },
		{ "a<![CDATA[x]]>b", "ab", "" },
		{ "<!DOCTYPE html><?xml version='1.0'?>t", "t", "" },
		{ "a<noscript>n</noscript>b", "ab", "" },
		{ "<head>stray</head>", "stray", "" },	/* browsers show it */
		{ "a<template><p>t</p><br></template>b", "ab", "" },
		{ "a<iframe>fallback</iframe>b", "ab", "" },
		{ "a</>b</ x>c", "abc", "" },
		{ "a\x01" "b\x7f" "c", "abc", "" },
	};

	(void)unused;
	run_text(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_raw_text(void **unused)
{
	static const struct text_case cases[] = {
		{ "a < b and 1 <3", "a < b and 1 <3", "" },
		{ "a < b and c<d", "a < b and c", "" },	/* EOF in tag */
		{ "x <a href=\"never closed", "x", "" },
		{ "<textarea>&lt;b&gt; x</textarea>", "<b> x", "" },
		{ "<xmp><b>&amp;</b></xmp>", "<b>&amp;</b>", "" },
		{ "<plaintext><b>&amp;</b></plaintext>",
		  "<b>&amp;</b></plaintext>", "" },
		{ "<title>a</title><title>b</title>c", "c", "" },
	};

	(void)unused;
	run_text(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_references(void **unused)
{
	static const struct text_case cases[] = {
		{ "&lt;&gt;&amp;&quot;&apos;", "<>&\"'", "" },
		{ "&#x3042;&#12354;&#X3042", "あああ", "" },
		{ "&#128;&#x9F;&#x81;", "\xe2\x82\xac\xc5\xb8", "" },
		{ "&#0;|&#xD800;|&#x110000;|&#99999999999999999999;",
		  FFFD "|" FFFD "|" FFFD "|" FFFD, "" },
		{ "&amp &nbsp;x &copy 2024", "& x \xc2\xa9 2024", "" },
		{ "&notit; &notin;", "\xc2\xacit; \xe2\x88\x89", "" },
		{ "&bogus; & &#; &#x; &;", "&bogus; & &#; &#x; &;", "" },
		{ "https&colon;&sol;&sol;evil&period;example",
		  "https://evil.example", "" },
		{ "AB&zwnj;C&shy;D&lrm;", "AB\xe2\x80\x8c" "C\xc2\xad"
		  "D\xe2\x80\x8e", "" },
		{ "&euro;&yen;&hellip;&rarr;&check;&trade;",
		  "\xe2\x82\xac\xc2\xa5\xe2\x80\xa6\xe2\x86\x92\xe2\x9c\x93"
		  "\xe2\x84\xa2", "" },
		{ "&IEcy;&acy;", "\xd0\x95\xd0\xb0", "" },	/* Cyrillic */
		{ "&AMP;&LT &GT;", "&< >", "" },
		{ "a&nbsp;&nbsp;&nbsp;b\xc2\xa0" "c", "a b c", "" },
		{ "&#10;a&#32;&#9;b", "a b", "" },
		{ "&#1;x&#x7f;", "x", "" },
	};

	(void)unused;
	run_text(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_nul(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;

	(void)unused;
	yj_html_parse(a, "a\0b<a href='x\0y'>\0</a>", 22, 4096, 16, &h);
	assert_string_equal(h.text, "ab");
	assert_int_equal(h.nlinks, 1);
	assert_string_equal(h.links[0].href, "x" FFFD "y");
	yj_arena_free(a);
}

static void
test_bad_utf8(void **unused)
{
	static const struct text_case cases[] = {
		{ "a\xff" "b", "a" FFFD "b", "" },
		{ "a\xe3\x81" "c", "a" FFFD FFFD "c", "" },
		{ "\xc0\xaf", FFFD FFFD, "" },			/* overlong */
		{ "\xed\xa0\x80", FFFD FFFD FFFD, "" },	/* surrogate */
		{ "x\xc2\x85y", "xy", "" },			/* C1 NEL */
	};

	(void)unused;
	run_text(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_hidden(void **unused)
{
	static const struct text_case cases[] = {
		{ "Hello<span style=\"display:none\">junk</span>World",
		  "HelloWorld", "junk" },
		{ "<div style='visibility:hidden'>v</div>x", "x", "v" },
		{ "<span style='font-size:0px'>a</span>"
		  "<span style='font-size:0pt'>b</span>"
		  "<span style='font-size:0em'>c</span>"
		  "<span style='font-size:0'>d</span>"
		  "<span style='FONT-SIZE: 1px'>e</span>ok", "ok",
		  "a b c d e" },
		{ "<span style='font-size:2px'>small</span>", "small", "" },
		{ "<p style='opacity:0'>o</p>v", "v", "o" },
		{ "<p style='opacity:0.5'>o</p>v", "o\nv", "" },
		{ "<div style='max-height:0;overflow:hidden'>m</div>v", "v",
		  "m" },
		{ "<div style='height:0px; overflow: hidden'>m</div>v", "v",
		  "m" },
		{ "<div style='max-height:0'>m</div>", "m", "" },
		{ "<span style='color:#fff;background-color:#FFFFFF'>w</span>v",
		  "v", "w" },
		{ "<span style='color:rgb(1,2,3);background:#010203'>w</span>",
		  "", "w" },
		{ "<font color=white>w</font>v", "v", "w" },
		{ "<font color=\"#FEFEFE\">w</font>v", "v", "w" },
		{ "<table bgcolor='#000000'><tr><td><font color='#ffffff'>w"
		  "</font></td></tr></table>", "w", "" },
		{ "<td style='background:url(x.png)'><font color=white>w"
		  "</font></td>", "w", "" },
		{ "<div style='color:white'><span style='color:blue'>b</span>"
		  "</div>", "b", "" },
		{ "<span style='color:transparent'>t</span>", "", "t" },
		{ "<p hidden>h</p>v", "v", "h" },
		{ "<div style='display:none'><p>a<b>b</b></p></div>v", "v",
		  "ab" },
		{ "<div style='display:none'><span style='display:block'>x"
		  "</span></div>", "", "x" },
		{ "<span style='display&colon;none'>x</span>", "", "x" },
		{ "<span style='display:/**/none'>x</span>", "", "x" },
		{ "<span style='display: none !important'>x</span>", "", "x" },
		{ "<span style='mso-hide:all'>x</span>", "", "x" },
		{ "<p style='text-indent:-9999px'>x</p>", "", "x" },
		{ "<div style='position:absolute;left:-5000px'>x</div>", "",
		  "x" },
		{ "<font size=0>x</font>", "x", "" },	/* clamped to 1 */
		{ "<div style='display:none'><span>a</span></td>b</div>c",
		  "c", "ab" },
		{ "<div style='display:none'>a</p>b</div>c", "c", "a\nb" },
		{ "<span style='display:none'><div>a</span>b</div>c", "",
		  "ab\nc" },
		{ "<p style='display:none'>x<p>y", "y", "x" },
		{ "<span hidden>a</span>v<span hidden>b</span>", "v", "a b" },
		{ "v<!--[if mso]><p>o</p><![endif]-->w", "vw", "o" },
		{ "<!--[if !mso]><!-->x<!--<![endif]-->", "x", "" },
		{ "<style>q{display:none} .pre, span.x { font-size:0 }</style>"
		  "<q>Q</q><p class='a PRE'>P</p><span class=x>S</span>"
		  "<b class=x>B</b>", "B", "Q\nP\nS" },
		{ "<style>@media (max-width:600px){.m{display:none}}"
		  "a b{display:none} *{display:none} .v{color:red}</style>"
		  "<i class=m>M</i><a><b>b</b></a><p class=v>V</p>",
		  "Mb\nV", "" },
		{ "<!--[if mso]><style>.o{display:none}</style><![endif]-->"
		  "<p class=o>o</p>", "o", "" },
		{ "<style>body{background:#000}</style>"
		  "<font color=white>w</font>", "w", "" },
		{ "<span style='display:none'>"
		  "\xe3\x81\x94\xe7\xa2\xba\xe8\xaa\x8d</span>"
		  "\xe5\xae\x89\xe5\x85\xa8", "\xe5\xae\x89\xe5\x85\xa8",
		  "\xe3\x81\x94\xe7\xa2\xba\xe8\xaa\x8d" },
	};

	(void)unused;
	run_text(cases, sizeof(cases) / sizeof(cases[0]));
}

static void
test_hidden_flag(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	const char *s;

	(void)unused;
	s = "<span style='display:none'>  </span>v";
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_false(h.flags & YJ_HTML_HIDDEN_TEXT);	/* white only */
	s = "<span style='display:none'>x</span>v";
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_true(h.flags & YJ_HTML_HIDDEN_TEXT);
	yj_arena_free(a);
}

static void
test_title(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	const char *s;

	(void)unused;
	s = "<html><head><title> Sub &amp;\n ject </title></head>"
	    "<body>b</body>";
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_string_equal(h.title, "Sub & ject");
	assert_string_equal(h.text, "b");
	s = "<p>no title</p>";
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_string_equal(h.title, "");
	s = "<svg><title>tip</title></svg>x";
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_string_equal(h.title, "");
	yj_arena_free(a);
}

struct link_case {
	const char	*html;
	const char	*href;		/* first link */
	const char	*text;
	enum yj_link_kind kind;
	int		 hidden;
	size_t		 nlinks;
};

static void
test_links(void **unused)
{
	static const struct link_case cases[] = {
		{ "<a href=\"https://a.example/?x=1&amp;y=2\">Click</a>",
		  "https://a.example/?x=1&y=2", "Click", YJ_LINK_A, 0, 1 },
		{ "<a href=http://x.example/?a=1&b=2&copy=3>t</a>",
		  "http://x.example/?a=1&b=2&copy=3", "t", YJ_LINK_A, 0, 1 },
		{ "<a href='u'>  Click\n  <b>here</b>  </a>", "u",
		  "Click here", YJ_LINK_A, 0, 1 },
		{ "<a href='u'><img src='cid:1' alt=' Bank  Login '></a>",
		  "u", "Bank Login", YJ_LINK_A, 0, 1 },
		{ "<a href='u'>x<span style='display:none'>junk</span>y</a>",
		  "u", "xy", YJ_LINK_A, 0, 1 },
		{ "<a href='u'><div>line1</div><div>line2</div></a>", "u",
		  "line1 line2", YJ_LINK_A, 0, 1 },
		{ "<a href=' \n https://a.example/\tp \n'>x</a>",
		  "https://a.example/p", "x", YJ_LINK_A, 0, 1 },
		{ "<a href=\"https://ja.example/\">ログイン</a>",
		  "https://ja.example/", "ログイン", YJ_LINK_A, 0, 1 },
		{ "<a href=1>x<a href=2>y</a>", "1", "x", YJ_LINK_A, 0, 2 },
		{ "<a href=\"first\" href=\"second\">x</a>", "first", "x",
		  YJ_LINK_A, 0, 1 },
		{ "<div hidden><a href='h'>t</a></div>", "h", "t", YJ_LINK_A,
		  1, 1 },
		{ "<map><area href='https://m.example/' alt=x></map>",
		  "https://m.example/", "", YJ_LINK_A, 0, 1 },
		{ "<img src='cid:x'><img src='https://t.example/p.gif'>"
		  "<img src='//cdn.example/x.png'>",
		  "https://t.example/p.gif", "", YJ_LINK_IMG, 0, 2 },
		{ "<form action='https://f.example/post'></form>",
		  "https://f.example/post", "", YJ_LINK_FORM, 0, 1 },
		{ "<iframe src='https://i.example/'></iframe>",
		  "https://i.example/", "", YJ_LINK_FRAME, 0, 1 },
		{ "<object data='https://o.example/x.swf'></object>",
		  "https://o.example/x.swf", "", YJ_LINK_FRAME, 0, 1 },
		{ "<meta http-equiv=\"Refresh\" content=\"0; "
		  "URL='https://r.example/x'\">",
		  "https://r.example/x", "", YJ_LINK_REFRESH, 0, 1 },
		{ "<meta http-equiv=refresh content=\"5;url=http://r.example\">",
		  "http://r.example", "", YJ_LINK_REFRESH, 0, 1 },
		{ "<!--[if mso]><a href='http://o.example/'>o</a><![endif]-->",
		  "http://o.example/", "o", YJ_LINK_A, 1, 1 },
		{ "<a name=top>no href</a><a href=''>empty</a>", NULL, NULL,
		  YJ_LINK_A, 0, 0 },
	};
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		yj_html_parse(a, cases[i].html, strlen(cases[i].html), 4096,
		    16, &h);
		if (h.nlinks != cases[i].nlinks)
			fail_msg("case %zu: %zu links, want %zu", i, h.nlinks,
			    cases[i].nlinks);
		if (h.nlinks == 0)
			continue;
		assert_string_equal(h.links[0].href, cases[i].href);
		assert_string_equal(h.links[0].text, cases[i].text);
		assert_int_equal(h.links[0].kind, cases[i].kind);
		assert_int_equal(h.links[0].hidden, cases[i].hidden);
	}
	yj_arena_free(a);
}

struct flag_case {
	const char	*html;
	unsigned	 flags;
};

static void
test_flags(void **unused)
{
	static const struct flag_case cases[] = {
		{ "<p>plain</p>", 0 },
		{ "<script src='x.js'></script>", YJ_HTML_SCRIPT },
		{ "<body onload='x()'>", YJ_HTML_SCRIPT },
		{ "<img src=x ONERROR=\"y()\">", YJ_HTML_SCRIPT },
		{ "<a href=' java\tscript:alert(1)'>x</a>", YJ_HTML_SCRIPT },
		{ "<a href='JavaScript&colon;alert(1)'>x</a>",
		  YJ_HTML_SCRIPT },
		{ "<form><input type='PASSWORD'></form>",
		  YJ_HTML_FORM | YJ_HTML_PASSWORD_INPUT },
		{ "<input type=text>", 0 },
		{ "<iframe src=x></iframe>", YJ_HTML_IFRAME },
		{ "<embed src=x>", YJ_HTML_IFRAME },
		{ "<meta http-equiv=refresh content=0>", YJ_HTML_META_REFRESH },
		{ "<meta http-equiv=content-type content='text/html'>", 0 },
		{ "<a href='data:text/html;base64,PGh0bWw+'>x</a>",
		  YJ_HTML_DATA_BLOB },
		{ "<img src='data:image/png;base64,iVBORw0KGgo='>", 0 },
		{ "<img src='data:application/zip;base64,UEsDBA=='>",
		  YJ_HTML_DATA_BLOB },
		{ "<script>var b = atob(s);</script>",
		  YJ_HTML_SCRIPT | YJ_HTML_DATA_BLOB },
		{ "<script>var x = 1;</script>", YJ_HTML_SCRIPT },
		{ "<p hidden>x</p>", YJ_HTML_HIDDEN_TEXT },
	};
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		yj_html_parse(a, cases[i].html, strlen(cases[i].html), 4096,
		    16, &h);
		if (h.flags != cases[i].flags)
			fail_msg("case %zu %s: flags %#x, want %#x", i,
			    cases[i].html, h.flags, cases[i].flags);
	}
	yj_arena_free(a);
}

static void
test_script_blob(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	char buf[3000];

	(void)unused;
	memcpy(buf, "<script>var d=\"", 15);
	memset(buf + 15, 'Q', 1100);
	memcpy(buf + 1115, "\";</script>", 12);
	yj_html_parse(a, buf, strlen(buf), 4096, 16, &h);
	assert_true(h.flags & YJ_HTML_DATA_BLOB);
	memset(buf + 15, 'Q', 500);
	memcpy(buf + 515, "\";</script>", 12);
	yj_html_parse(a, buf, strlen(buf), 4096, 16, &h);
	assert_false(h.flags & YJ_HTML_DATA_BLOB);
	yj_arena_free(a);
}

static void
test_limits(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	const char *s;

	(void)unused;
	s = "<p>0123456789abcdef</p>";
	yj_html_parse(a, s, strlen(s), 10, 16, &h);
	assert_string_equal(h.text, "0123456789");
	assert_true(h.flags & YJ_HTML_TRUNCATED);
	s = "あいう";
	yj_html_parse(a, s, strlen(s), 7, 16, &h);
	assert_string_equal(h.text, "あい");	/* never half a character */
	assert_true(h.flags & YJ_HTML_TRUNCATED);
	s = "<a href=1>a</a><a href=2>b</a><a href=3>c</a>";
	yj_html_parse(a, s, strlen(s), 4096, 2, &h);
	assert_int_equal(h.nlinks, 2);
	assert_int_equal(h.links_seen, 3);
	assert_string_equal(h.links[1].text, "b");
	assert_true(h.flags & YJ_HTML_TRUNCATED);
	yj_html_parse(a, s, strlen(s), 4096, 3, &h);
	assert_false(h.flags & YJ_HTML_TRUNCATED);
	yj_arena_free(a);
}

/* repeat - s n times into the arena */
static char *
repeat(struct yj_arena *a, const char *s, size_t n)
{
	size_t k = strlen(s), i;
	char *r = yj_arena_alloc(a, k * n + 1);

	for (i = 0; i < n; i++)
		memcpy(r + i * k, s, k);
	return r;
}

static void
test_deep(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_html h;
	char *s;

	(void)unused;
	/* hiding past the stack is exact: it ends where its element ends */
	s = yj_arena_printf(a, "%s<span style='display:none'>x%s</span>y%s"
	    "z", repeat(a, "<div>", 100000), repeat(a, "<b>", 1000),
	    repeat(a, "</div>", 100000));
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_string_equal(h.hidden, "x");
	assert_string_equal(h.text, "y\nz");
	s = yj_arena_printf(a, "%s<i>%s", repeat(a, "<span>", 300000),
	    repeat(a, "</table>", 1000));
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_string_equal(h.text, "");
	s = repeat(a, "<p><a href=x>", 50000);
	yj_html_parse(a, s, strlen(s), 4096, 16, &h);
	assert_int_equal(h.links_seen, 50000);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_dropped),
		cmocka_unit_test(test_raw_text),
		cmocka_unit_test(test_references),
		cmocka_unit_test(test_nul),
		cmocka_unit_test(test_bad_utf8),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_hidden_flag),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_script_blob),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_deep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
