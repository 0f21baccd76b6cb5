/*
 * param_test.c - mail/param: Content-Type / Content-Disposition values
 *
 * Real headers from Thunderbird, Outlook, Joruri Mail, Gmail and broken
 * senders, and hostile ones.  Every case compares the type, the flags
 * and every parameter exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mail/param.h"
#include "util/limits.h"

#define BAD	YJ_PARAM_BAD
#define DUP	YJ_PARAM_DUPLICATE
#define CHS	YJ_PARAM_CHARSET
#define R2231	YJ_PARAM_RFC2231
#define R2047	YJ_PARAM_RFC2047

struct pcase {
	const char	*in;
	size_t		 len;		/* 0: strlen(in) */
	const char	*value;
	unsigned	 flags;		/* exactly */
	size_t		 nr;
	const char	*p[3][2];	/* name, value */
};

static const struct pcase cases[] = {
	/* ordinary values */
	{ "text/plain; charset=\"ISO-2022-JP\"", 0, "text/plain", 0, 1,
	    { { "charset", "ISO-2022-JP" } } },
	{ "TEXT/PLAIN (comment); CHARSET = us-ascii (x (y)); Format=flowed",
	    0, "text/plain", 0, 2,
	    { { "charset", "us-ascii" }, { "format", "flowed" } } },
	{ "multipart/mixed;\r\n\tboundary=\"----=_NextPart_000_0012_01D9A1B2"
	    ".C3D4E5F0\"", 0, "multipart/mixed", 0, 1,
	    { { "boundary", "----=_NextPart_000_0012_01D9A1B2.C3D4E5F0" } } },
	/* a boundary is kept byte for byte, "=?" and spaces included */
	{ "multipart/mixed; boundary=\"0123'()+_,-./:=?  \"", 0,
	    "multipart/mixed", 0, 1, { { "boundary", "0123'()+_,-./:=?  " } } },
	{ "attachment;", 0, "attachment", 0, 0, { { 0 } } },
	{ "", 0, "", 0, 0, { { 0 } } },
	{ ";;;", 0, "", 0, 0, { { 0 } } },
	/* Japanese file names: Thunderbird, Outlook, Joruri (jp-mua-decomf) */
	{ "attachment;\r\n filename=\"=?ISO-2022-JP?B?GyRCJUYlOSVIGyhCLnR4dA=="
	    "?=\"", 0, "attachment", R2047, 1,
	    { { "filename", "テスト.txt" } } },
	{ "application/x-zip-compressed;\r\n\tname=\"=?iso-2022-jp?B?GyRCJUYl"
	    "OSVIGyhCLnppcA==?=\"", 0, "application/x-zip-compressed", R2047,
	    1, { { "name", "テスト.zip" } } },
	{ "text/plain;\r\n\tx-unix-mode=0644;\r\n\tname=\"=?utf-8?B?44GL44GN44"
	    "GP44GR44GT44GL44GN44GP44GR44GT44GL44GN44GP?=\r\n =?utf-8?B?44GR44"
	    "GT44GL44GN44GP44GR44GT44GL44GN44GP44GR44GTLnR4?=\r\n =?utf-8?B?dA"
	    "==?=\"", 0, "text/plain", R2047, 2,
	    { { "x-unix-mode", "0644" },
	      { "name", "かきくけこかきくけこかきくけこかきくけこかきくけこ.txt" } } },
	/* RFC 2231 */
	{ "attachment;\r\n\tfilename*0*=utf-8''%E3%81%8B%E3%81%8D%E3%81%8F"
	    "%E3%81%91%E3%81%93;\r\n\tfilename*1*=%E3%81%8B%E3%81%8D.txt", 0,
	    "attachment", R2231, 1, { { "filename", "かきくけこかき.txt" } } },
	/* out of order, a character cut between segments */
	{ "attachment; filename*1*=%81%8F.txt; filename*0*=utf-8''%E3%81%8B"
	    "%E3", 0, "attachment", R2231, 1, { { "filename", "かく.txt" } } },
	{ "attachment; filename*=iso-2022-jp''%1B%24B%25F%259%25H%1B%28B.txt",
	    0, "attachment", R2231, 1, { { "filename", "テスト.txt" } } },
	{ "attachment; filename*=shift_jis'ja'%83e%83X%83g.txt", 0,
	    "attachment", R2231, 1, { { "filename", "テスト.txt" } } },
	{ "attachment; filename*=ISO-8859-1''%61%74%74%61%63%68%6D%65%6E%74"
	    "%2E%E4%F6%FC", 0, "attachment", R2231, 1,
	    { { "filename", "attachment.äöü" } } },
	/* mixed encoded and plain segments */
	{ "attachment; filename*0*=utf-8''%E3%83%86; filename*1=abc; "
	    "filename*2*=%E3%83%88", 0, "attachment", R2231, 1,
	    { { "filename", "テabcト" } } },
	/* an encoded word cut across continuations is joined first */
	{ "attachment; filename*0=\"=?UTF-8?B?44OG44\"; "
	    "filename*1=\"K544OI?=.txt\"", 0, "attachment", R2231 | R2047, 1,
	    { { "filename", "テスト.txt" } } },
	/* missing and repeated segments */
	{ "attachment; filename*0=\"abc\"; filename*2=\"ghi\"", 0,
	    "attachment", R2231 | BAD, 1, { { "filename", "abcghi" } } },
	{ "attachment; filename*0=\"a\"; filename*0=\"b\"; filename*1=\"c\"",
	    0, "attachment", R2231 | DUP, 1, { { "filename", "ac" } } },
	/* the RFC 2231 form wins; a disagreeing plain form is flagged */
	{ "attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.exe",
	    0, "attachment", R2231 | DUP, 1,
	    { { "filename", "invoice.exe" } } },
	{ "attachment; filename*=UTF-8''invoice.exe; filename=\"invoice.pdf\"",
	    0, "attachment", R2231 | DUP, 1,
	    { { "filename", "invoice.exe" } } },
	{ "attachment; filename=\"=?UTF-8?B?44OG44K544OI?=.txt\"; "
	    "filename*=UTF-8''%E3%83%86%E3%82%B9%E3%83%88.txt", 0,
	    "attachment", R2231 | R2047, 1, { { "filename", "テスト.txt" } } },
	{ "attachment; filename=\"a\"; FileName=\"b\"", 0, "attachment", DUP,
	    1, { { "filename", "a" } } },
	/* what clients really send, against the RFC */
	{ "application/pdf; name==?utf-8?B?VGhpcyBpcyBhIHRlc3QucGRm?=", 0,
	    "application/pdf", R2047, 1, { { "name", "This is a test.pdf" } } },
	{ "attachment;\r\n\tfilename=This is a test.txt", 0, "attachment", BAD,
	    1, { { "filename", "This is a test.txt" } } },
	{ "application/pdf; name=Invoice_(302232133150612).pdf", 0,
	    "application/pdf", BAD, 1,
	    { { "name", "Invoice_(302232133150612).pdf" } } },
	{ "inline; filename*=\"iso-8859-1''HasenundFr%F6sche.txt\"", 0,
	    "inline", R2231 | BAD, 1,
	    { { "filename", "HasenundFrösche.txt" } } },
	/* raw 8-bit: UTF-8, CP932 with a 0x5C trail byte, ISO-2022-JP */
	{ "attachment;\r\n\tfilename=\xe7\xae\xa1\xe7\x90\x86.doc", 0,
	    "attachment", 0, 1, { { "filename", "管理.doc" } } },
	{ "attachment; filename=\"\x95\x5c.xls\"", 0, "attachment", 0, 1,
	    { { "filename", "表.xls" } } },
	{ "attachment; filename=\"\x1b$BI=<(\x1b(B.xls\"", 0, "attachment", 0,
	    1, { { "filename", "表示.xls" } } },
	{ "attachment; filename=\x1b$B%;\x1b(B.txt; size=1", 0, "attachment",
	    0, 2, { { "filename", "セ.txt" }, { "size", "1" } } },
	/* charsets that lie or do not exist */
	{ "application/octet-stream; name*=iso-2022-jp'ja'01%20Quien%20Te%20"
	    "Dij%8aat.%20Pitbull.mp3", 0, "application/octet-stream",
	    R2231 | CHS, 1, { { "name", "01 Quien Te Dij蛎t. Pitbull.mp3" } } },
	{ "attachment; filename*=x-no-such''%E3%81%82", 0, "attachment",
	    R2231 | CHS, 1, { { "filename", "あ" } } },
	{ "attachment; filename*=utf-8''%FF%FE.txt", 0, "attachment",
	    R2231 | CHS, 1,
	    { { "filename", "\xef\xbf\xbd\xef\xbf\xbd.txt" } } },
	/* broken syntax, recovered */
	{ "name=x", 0, "", BAD, 1, { { "name", "x" } } },
	{ "text/plain charset=utf-8", 0, "text/plain", BAD, 1,
	    { { "charset", "utf-8" } } },
	{ "attachment; filename=\"a.txt\" size=123", 0, "attachment", BAD, 2,
	    { { "filename", "a.txt" }, { "size", "123" } } },
	{ "attachment; filename=\"abc.txt", 0, "attachment", BAD, 1,
	    { { "filename", "abc.txt" } } },
	{ "attachment; filename=\"invoice.pdf\".exe", 0, "attachment", BAD, 1,
	    { { "filename", "invoice.pdf.exe" } } },
	{ "=?utf-8?Q?invalid?=", 0, "", BAD, 0, { { 0 } } },
	{ "attachment; filename*=utf-8''100%.txt", 0, "attachment",
	    R2231 | BAD, 1, { { "filename", "100%.txt" } } },
	{ "attachment; filename*=abc%20def", 0, "attachment", R2231 | BAD, 1,
	    { { "filename", "abc def" } } },
	{ "attachment; filename*99999=x; a*b=c; =d", 0, "attachment", BAD, 0,
	    { { 0 } } },
	{ "attachment; filename=\"a\0b.txt\"", 30, "attachment", BAD, 1,
	    { { "filename", "a b.txt" } } },
	{ "text/plain; charset", 0, "text/plain", BAD, 0, { { 0 } } },
	/* fuzzer find: control bytes in a name or in the type */
	{ "text/plain; char\x03set=\"x\"; format=flowed", 0, "text/plain",
	    BAD, 1, { { "format", "flowed" } } },
	{ "te\x01xt/plain", 0, "te xt/plain", BAD, 0, { { 0 } } },
	/* white space around '/' is lexing, between words it is not */
	{ "text / plain", 0, "text/plain", 0, 0, { { 0 } } },
	{ "text/plain x; charset=utf-8", 0, "text/plainx", BAD, 1,
	    { { "charset", "utf-8" } } },
	/* fuzzer find: a stray ')' in the type looped for ever */
	{ "multipart/mixed (d)); boundary=\"b\"", 0, "multipart/mixed", BAD,
	    1, { { "boundary", "b" } } },
};

/* check_case - parse one case and compare everything */
static void
check_case(size_t i, const struct pcase *c)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_params p;
	size_t k, n;

	n = c->len != 0 ? c->len : strlen(c->in);
	yj_params_parse(a, c->in, n, &p);
	print_message("case %zu: %s\n", i, c->in);
	assert_string_equal(p.value, c->value);
	assert_int_equal(p.flags, c->flags);
	assert_int_equal(p.nr, c->nr);
	for (k = 0; k < c->nr; k++) {
		assert_string_equal(p.v[k].name, c->p[k][0]);
		assert_string_equal(p.v[k].value, c->p[k][1]);
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

static void
test_get(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_params p;
	const char *s = "text/plain; charset=utf-8; Format=flowed";

	(void)unused;
	yj_params_parse(a, s, strlen(s), &p);
	assert_string_equal(yj_params_get(&p, "charset"), "utf-8");
	assert_string_equal(yj_params_get(&p, "format"), "flowed");
	assert_null(yj_params_get(&p, "name"));
	assert_null(yj_params_get(NULL, "name"));
	yj_arena_free(a);
}

/* More items than YJ_LIM_PARAMS: the rest is dropped and flagged. */
static void
test_too_many(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_params p;
	size_t total = YJ_LIM_PARAMS + 50, i;
	char *buf, *o;

	(void)unused;
	buf = yj_arena_alloc(a, total * 16 + 16);
	o = buf + snprintf(buf, 16, "text/plain");
	for (i = 0; i < total; i++)
		o += snprintf(o, 16, "; p%zu=%zu", i, i);
	yj_params_parse(a, buf, (size_t)(o - buf), &p);
	assert_int_equal(p.nr, YJ_LIM_PARAMS);
	assert_true(p.flags & BAD);
	assert_string_equal(yj_params_get(&p, "p255"), "255");
	assert_null(yj_params_get(&p, "p256"));
	yj_arena_free(a);
}

/* Many continuation segments of one name, in reverse order. */
static void
test_many_segments(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_params p;
	char *buf, *o;
	int i;

	(void)unused;
	buf = yj_arena_alloc(a, 200 * 32);
	o = buf + snprintf(buf, 32, "attachment");
	for (i = 199; i >= 1; i--)
		o += snprintf(o, 32, "; f*%d*=%%E3%%81%%82", i);
	o += snprintf(o, 32, "; f*0*=utf-8''x");
	yj_params_parse(a, buf, (size_t)(o - buf), &p);
	assert_int_equal(p.nr, 1);
	assert_int_equal(p.flags, R2231);
	assert_int_equal(strlen(p.v[0].value), 1 + 199 * 3);
	assert_memory_equal(p.v[0].value, "xあああ", 10);
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_table),
		cmocka_unit_test(test_get),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_many_segments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
