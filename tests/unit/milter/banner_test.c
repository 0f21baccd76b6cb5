/*
 * banner_test.c - milter/banner: the warning lands in the main text of
 * every common body shape, in the part's own charset, and nothing else
 * changes
 *
 * Each case is a whole message.  The banner goes in with
 * yj_banner_insert(); the result is put back together (with the new
 * top-level Content-Type and Content-Transfer-Encoding when there are
 * any) and parsed again with the message model, which must find the
 * banner AND the original text in every text part that should have it,
 * the same attachments as before, and no new anomaly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "mail/header.h"
#include "mail/msg.h"
#include "milter/banner.h"
#include "util/arena.h"
#include "util/error.h"

#define MARK_JA		"このメールには注意が必要です"
#define MARK_EN		"Take care with this message"

struct top {
	const char	*ctype;
	const char	*cte;
	const char	*disp;
	size_t		 body;	/* offset of the body */
};

/* top_field - the top-level Content-Type and C-T-E */
static int
top_field(const struct yj_hfield *f, void *arg)
{
	struct top *t = arg;
	char *v;

	v = strndup(f->value, f->value_len);
	if (f->name_len == 12 && strncasecmp(f->name, "content-type", 12) == 0)
		t->ctype = v;
	else if (f->name_len == 25 &&
	    strncasecmp(f->name, "content-transfer-encoding", 25) == 0)
		t->cte = v;
	else if (f->name_len == 19 &&
	    strncasecmp(f->name, "content-disposition", 19) == 0)
		t->disp = v;
	else
		free(v);	/* checksrc: allow (test) */
	return 0;
}

struct hdrs {
	struct yj_arena	*a;
	char		*out;
	bool		 drop;	/* leave Content-Type and C-T-E out */
};

/* keep - copy a header field, unless it is replaced */
static int
keep(const struct yj_hfield *f, void *arg)
{
	struct hdrs *h = arg;

	if (h->drop && ((f->name_len == 12 &&
	    strncasecmp(f->name, "content-type", 12) == 0) ||
	    (f->name_len == 25 &&
	    strncasecmp(f->name, "content-transfer-encoding", 25) == 0)))
		return 0;
	h->out = yj_arena_printf(h->a, "%s%.*s:%.*s\r\n", h->out,
	    (int)f->name_len, f->name, (int)f->value_len, f->value);
	return 0;
}

/* rebuild - the message with the new body and top-level headers */
static char *
rebuild(struct yj_arena *a, const char *raw, size_t body_off,
    const struct yj_banner_edit *ed, size_t *len)
{
	struct hdrs h = { a, "", ed->content_type != NULL };
	unsigned flags = 0;
	char *out;

	(void)yj_header_split(raw, body_off, keep, &h, &flags);
	if (h.drop)
		h.out = yj_arena_printf(a, "%sContent-Type: %s\r\n"
		    "Content-Transfer-Encoding: %s\r\n", h.out,
		    ed->content_type, ed->cte);
	out = yj_arena_printf(a, "%s\r\n%.*s", h.out, (int)ed->len,
	    ed->body);
	*len = strlen(out);
	return out;
}

/* banner_for - a banner with one Japanese finding */
static void
banner_for(struct yj_arena *a, struct yj_banner *b)
{
	struct yj_result r;
	struct yj_finding *f;

	memset(&r, 0, sizeof(r));
	yj_findings_init(&r.findings, a);
	r.verdict = YJ_VERDICT_TAG;
	r.score = 45;
	f = yj_findings_add(&r.findings, "reply_to", "freemail", YJ_SEV_HIGH,
	    30);
	yj_finding_ja(&r.findings, f, "返信先がフリーメールです <a&b>");
	yj_finding_en(&r.findings, f, "Replies go to a free mail address");
	yj_banner_build(a, &r, b);
}

/* texts_with - how many text parts hold both the banner and want */
static int
texts_with(const struct yj_msg *m, const char *want, bool html)
{
	int n = 0;
	size_t i;

	for (i = 0; i < m->ntexts; i++) {
		const struct yj_text *t = &m->texts[i];

		if (((t->flags & YJ_TEXT_HTML) != 0) != html)
			continue;
		if (strstr(t->text, MARK_JA) && strstr(t->text, MARK_EN) &&
		    strstr(t->text, "返信先がフリーメールです") &&
		    strstr(t->text, want))
			n++;
	}
	return n;
}

struct expect {
	int		 rc;		/* 0 or YJ_ENOENT */
	int		 plain;		/* plain parts with banner + text */
	int		 html;
	unsigned	 flags;		/* flags that must be set */
	unsigned	 noflags;	/* flags that must not be set */
	const char	*charset;	/* the plain text's charset after */
	const char	*keep;		/* a byte string that must survive */
};

/* subsequence - every byte of old is in new, in order */
static bool
subsequence(const char *old, size_t on, const char *new, size_t nn)
{
	size_t i = 0, k;

	for (k = 0; i < on && k < nn; k++)
		if (old[i] == new[k])
			i++;
	return i == on;
}

/* run - insert, rebuild, parse, check */
static void
run(const char *name, const char *raw, const char *want_text,
    const struct expect *x)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_banner_edit ed;
	struct yj_banner_top th;
	struct yj_banner b;
	struct top t = { 0 };
	struct yj_msg *before, *after;
	unsigned flags = 0;
	size_t len, nlen;
	char *msg;
	int rc;

	len = strlen(raw);
	t.body = yj_header_split(raw, len, top_field, &t, &flags);
	banner_for(a, &b);
	th.content_type = t.ctype;
	th.cte = t.cte;
	th.disposition = t.disp;
	rc = yj_banner_insert(a, &th, raw + t.body, len - t.body, &b, &ed);
	if (rc != x->rc)
		fail_msg("%s: rc %d, want %d", name, rc, x->rc);
	if ((ed.flags & x->flags) != x->flags || (ed.flags & x->noflags))
		fail_msg("%s: flags %#x", name, ed.flags);
	if (rc != 0)
		goto out;
	if (!(ed.flags & YJ_BANNER_REWRITTEN) && ed.content_type == NULL &&
	    !subsequence(raw + t.body, len - t.body, ed.body, ed.len))
		fail_msg("%s: bytes of the old body changed", name);
	msg = rebuild(a, raw, t.body, &ed, &nlen);
	before = yj_msg_parse(raw, len, NULL);
	after = yj_msg_parse(msg, nlen, NULL);
	if (texts_with(after, want_text, false) != x->plain ||
	    texts_with(after, want_text, true) != x->html)
		fail_msg("%s: plain %d html %d\n%.3000s", name,
		    texts_with(after, want_text, false),
		    texts_with(after, want_text, true), msg);
	if (after->natts != before->natts || after->nparts != before->nparts)
		fail_msg("%s: parts %zu/%zu attachments %zu/%zu", name,
		    before->nparts, after->nparts, before->natts, after->natts);
	if (after->anomalies & ~before->anomalies)
		fail_msg("%s: new anomalies %#llx", name, (unsigned long long)
		    (after->anomalies & ~before->anomalies));
	if (x->charset != NULL && (after->ntexts == 0 ||
	    strcasecmp(after->texts[0].charset, x->charset) != 0))
		fail_msg("%s: charset %s", name, after->ntexts ?
		    after->texts[0].charset : "-");
	if (x->keep != NULL && strstr(msg, x->keep) == NULL)
		fail_msg("%s: original bytes lost", name);
	yj_msg_free(before);
	yj_msg_free(after);
out:
	free((void *)t.ctype);	/* checksrc: allow (test) */
	free((void *)t.cte);	/* checksrc: allow (test) */
	free((void *)t.disp);	/* checksrc: allow (test) */
	yj_arena_free(a);
}

#define HDR "From: a@x.example\r\nTo: b@y.example\r\nSubject: t\r\n" \
	"MIME-Version: 1.0\r\n"

static void
test_plain_charsets(void **unused)
{
	static const struct expect same_cs = { 0, 1, 0, YJ_BANNER_PLAIN,
		YJ_BANNER_RELABELLED, NULL, NULL };
	struct expect x;

	(void)unused;
	/* ISO-2022-JP, 7bit: the banner in JIS, the old bytes after it */
	x = same_cs;
	x.keep = "\x1b$B$3$s$K$A$O\x1b(B\r\n";
	run("iso-2022-jp", HDR "Content-Type: text/plain; "
	    "charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
	    "\x1b$B$3$s$K$A$O\x1b(B\r\n", "こんにちは", &x);
	/* Shift_JIS, 8bit */
	x = same_cs;
	x.keep = "\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\r\n";
	run("shift_jis", HDR "Content-Type: text/plain; charset=Shift_JIS\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n"
	    "\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\r\n", "こんにちは", &x);
	/* UTF-8, base64: decoded and encoded again */
	x = same_cs;
	x.charset = "UTF-8";
	run("utf-8 base64", HDR "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n"
	    "44GT44KT44Gr44Gh44GvDQo=\r\n", "こんにちは", &x);
	/* UTF-8, quoted-printable: the old lines stay as they were */
	x = same_cs;
	x.keep = "=E3=81=93=E3=82=93=E3=81=AB=E3=81=A1=E3=81=AF\r\nsecond line";
	run("utf-8 qp", HDR "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "=E3=81=93=E3=82=93=E3=81=AB=E3=81=A1=E3=81=AF\r\nsecond line\r\n",
	    "こんにちは", &x);
	/* EUC-JP, 8bit */
	x = same_cs;
	run("euc-jp", HDR "Content-Type: text/plain; charset=EUC-JP\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n"
	    "\xa4\xb3\xa4\xf3\xa4\xcb\xa4\xc1\xa4\xcf\r\n", "こんにちは", &x);
}

static void
test_plain_relabelled(void **unused)
{
	static const struct expect relab = { 0, 1, 0,
		YJ_BANNER_PLAIN | YJ_BANNER_RELABELLED, 0, "UTF-8", NULL };

	(void)unused;
	run("us-ascii", HDR "Content-Type: text/plain; charset=us-ascii; "
	    "format=flowed\r\n\r\nHello Bob,\r\nthe invoice is attached.\r\n",
	    "the invoice is attached", &relab);
	run("no content-type", HDR "\r\nHello Bob\r\n", "Hello Bob", &relab);
	run("latin-1", HDR "Content-Type: text/plain; charset=iso-8859-1\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
	    "Caf=E9 au lait\r\n", "Café au lait", &relab);
	/* undeclared Shift_JIS under "us-ascii": guessed, not mangled */
	run("undeclared sjis", HDR "Content-Type: text/plain\r\n\r\n"
	    "\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\r\n", "こんにちは",
	    &relab);
}

static void
test_html(void **unused)
{
	static const struct expect html = { 0, 0, 1, YJ_BANNER_HTML,
		YJ_BANNER_RELABELLED, NULL, NULL };
	struct expect x;

	(void)unused;
	x = html;
	x.keep = "<body class=\"m\" data-x='a>b'><div data-yojin=";
	run("html utf-8", HDR "Content-Type: text/html; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 8bit\r\n\r\n<html><head><title>t"
	    "</title></head><body class=\"m\" data-x='a>b'>\r\n<p>"
	    "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf</p>"
	    "</body></html>\r\n", "こんにちは", &x);
	/* "<body" inside JIS two-byte text is not a tag */
	x = html;
	run("html iso-2022-jp", HDR "Content-Type: text/html; "
	    "charset=iso-2022-jp\r\n\r\n<html>\x1b$B<body$3$s\x1b(B<body>"
	    "<p>\x1b$B$3$s$K$A$O\x1b(B</p></body></html>\r\n", "こんにちは",
	    &x);
	x = html;
	run("html base64 fragment", HDR "Content-Type: text/html; "
	    "charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
	    "PHA+44GT44KT44Gr44Gh44GvPC9wPg==\r\n", "こんにちは", &x);
}

/* alternative - a multipart/alternative body with plain and html */
#define ALT \
	"--alt\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n" \
	"Content-Transfer-Encoding: 7bit\r\n\r\n" \
	"\x1b$B$3$s$K$A$O\x1b(B\r\n" \
	"--alt\r\nContent-Type: text/html; charset=utf-8\r\n" \
	"Content-Transfer-Encoding: quoted-printable\r\n\r\n" \
	"<html><body><p>=E3=81=93=E3=82=93=E3=81=AB=E3=81=A1=E3=81=AF</p>" \
	"</body></html>\r\n--alt--\r\n"

static void
test_multipart(void **unused)
{
	static const struct expect both = { 0, 1, 1,
		YJ_BANNER_PLAIN | YJ_BANNER_HTML, YJ_BANNER_RELABELLED, NULL,
		NULL };
	struct expect x;

	(void)unused;
	x = both;
	x.keep = "--alt\r\nContent-Type: text/html; charset=utf-8\r\n";
	run("alternative", HDR "Content-Type: multipart/alternative; "
	    "boundary=alt\r\n\r\nThis is a multi-part message.\r\n" ALT,
	    "こんにちは", &x);
	/* mixed > alternative, plus an attachment that must not change */
	x = both;
	x.keep = "--mix\r\nContent-Type: text/plain; name=\"memo.txt\"\r\n"
	    "Content-Disposition: attachment; filename=\"memo.txt\"\r\n\r\n"
	    "attached text\r\n--mix--";
	run("mixed", HDR "Content-Type: multipart/mixed; boundary=\"mix\"\r\n"
	    "\r\n--mix\r\nContent-Type: multipart/alternative; boundary=alt"
	    "\r\n\r\n" ALT "\r\n--mix\r\nContent-Type: text/plain; "
	    "name=\"memo.txt\"\r\nContent-Disposition: attachment; "
	    "filename=\"memo.txt\"\r\n\r\nattached text\r\n--mix--\r\n",
	    "こんにちは", &x);
	/* related: the html is the first part of the related container */
	x = both;
	x.plain = 0;
	x.flags = YJ_BANNER_HTML;
	run("related", HDR "Content-Type: multipart/related; boundary=rel\r\n"
	    "\r\n--rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
	    "<body>\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf"
	    "</body>\r\n--rel\r\nContent-Type: image/png\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n"
	    "--rel--\r\n", "こんにちは", &x);
	/* a nested part relabelled: its own header changes */
	x = both;
	x.plain = 1;
	x.html = 0;
	x.flags = YJ_BANNER_PLAIN | YJ_BANNER_RELABELLED;
	x.noflags = 0;
	run("nested relabel", HDR "Content-Type: multipart/mixed; "
	    "boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; "
	    "charset=us-ascii\r\n\r\nplain english\r\n--b1\r\n"
	    "Content-Type: application/pdf; name=a.pdf\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n"
	    "--b1--\r\n", "plain english", &x);
}

static void
test_left_alone(void **unused)
{
	static const struct expect none = { YJ_ENOENT, 0, 0, 0, 0, NULL,
		NULL };
	static const struct expect signed_ = { YJ_ENOENT, 0, 0,
		YJ_BANNER_SIGNED, 0, NULL, NULL };

	(void)unused;
	run("signed", HDR "Content-Type: multipart/signed; "
	    "protocol=\"application/pkcs7-signature\"; boundary=s\r\n\r\n"
	    "--s\r\nContent-Type: text/plain\r\n\r\nhi\r\n--s\r\n"
	    "Content-Type: application/pkcs7-signature\r\n\r\nAAAA\r\n--s--\r\n",
	    "hi", &signed_);
	run("attachment only", HDR "Content-Type: text/plain\r\n"
	    "Content-Disposition: attachment; filename=a.txt\r\n\r\nhi\r\n",
	    "hi", &none);
	run("pdf only", HDR "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n",
	    "x", &none);
	run("multipart without boundary", HDR "Content-Type: multipart/mixed"
	    "\r\n\r\n--x\r\n\r\nhi\r\n", "hi", &none);
	run("uuencode", HDR "Content-Type: text/plain\r\n"
	    "Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a\r\n",
	    "x", &none);
}

static void
test_odd_shapes(void **unused)
{
	static const struct expect one = { 0, 1, 0, YJ_BANNER_PLAIN, 0,
		NULL, NULL };
	struct expect x;

	(void)unused;
	/* LF line ends, as files on disk have them */
	x = one;
	x.keep = "\x1b$B$3$s$K$A$O\x1b(B\nline two\n";
	run("lf", "From: a@x.example\nSubject: t\nContent-Type: text/plain; "
	    "charset=iso-2022-jp\n\n\x1b$B$3$s$K$A$O\x1b(B\nline two\n",
	    "こんにちは", &x);
	/* no closing delimiter */
	run("unclosed", HDR "Content-Type: multipart/mixed; boundary=u\r\n"
	    "\r\n--u\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	    "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf\r\n",
	    "こんにちは", &one);
	/* a boundary that is a prefix of another one */
	x = one;
	run("prefix boundary", HDR "Content-Type: multipart/mixed; "
	    "boundary=b\r\n\r\n--bb\r\nnot a delimiter\r\n--b\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
	    "\xe3\x81\x93\xe3\x82\x93\xe3\x81\xab\xe3\x81\xa1\xe3\x81\xaf\r\n"
	    "--b--\r\n", "こんにちは", &x);
	/* an empty body */
	run("empty body", HDR "Content-Type: text/plain; charset=utf-8\r\n"
	    "\r\n", "", &one);
}

/* fuzz_regressions - inputs fuzz_banner once crashed on */
static void
test_fuzz_regressions(void **unused)
{
	/* a part without a header, relabelled: two splices at one offset */
	static const char headerless[] =
	    "Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\n"
	    "Content-Tyultipart/mixed; boundary=\"m\"\r\n\r\n--m\r\n"
	    "Content-Type: text/plain; charset=Shifpe: text/plain; "
	    "charset=Shift_JIS\r&\r\nContent-Transfer-Enco\xadning: 8bit\r\n"
	    "\r\n\x82\xb1\x82\xf1\r\n--m\r\nContent-Type: application/pdf"
	    "\r\n\r\n%PDF\r\n--m--\r\n";
	struct yj_arena *a = yj_arena_new();
	struct yj_banner_top top = { "multipart/mixed; boundary=\"m\"",
		NULL, NULL };
	const char *body = strstr(headerless, "\r\n\r\n") + 4;
	struct yj_banner_edit ed;
	struct yj_banner b;

	(void)unused;
	banner_for(a, &b);
	assert_int_equal(yj_banner_insert(a, &top, body, strlen(body), &b,
	    &ed), 0);
	assert_true(ed.flags & YJ_BANNER_RELABELLED);
	assert_non_null(strstr(ed.body, "Content-Type: text/plain; "
	    "charset=UTF-8"));
	assert_non_null(strstr(ed.body, "--m\r\nContent-Type: application/"
	    "pdf\r\n\r\n%PDF\r\n--m--\r\n"));
	yj_arena_free(a);
}

static void
test_banner_text(void **unused)
{
	struct yj_arena *a = yj_arena_new();
	struct yj_result r;
	struct yj_banner b;
	struct yj_finding *f;
	int i;

	(void)unused;
	memset(&r, 0, sizeof(r));
	yj_findings_init(&r.findings, a);
	r.verdict = YJ_VERDICT_QUARANTINE;
	r.score = 80;
	for (i = 0; i < 8; i++) {
		f = yj_findings_add(&r.findings, "c", i == 6 ? "top" : "x",
		    YJ_SEV_LOW, i == 6 ? 50 : i);
		yj_finding_ja(&r.findings, f, "理由%d", i);
		yj_finding_en(&r.findings, f, "reason %d <script>", i);
		f->ignored = i == 7;
	}
	yj_banner_build(a, &r, &b);
	/* strongest first, five at most, ignored ones never */
	assert_non_null(strstr(b.text, "判定: 隔離、スコア 80"));
	assert_true(strstr(b.text, "理由6") < strstr(b.text, "理由5"));
	assert_null(strstr(b.text, "理由1"));
	assert_null(strstr(b.text, "理由7"));
	assert_non_null(strstr(b.html, "reason 6 &lt;script&gt;"));
	assert_null(strstr(b.html, "<script>"));
	yj_arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_charsets),
		cmocka_unit_test(test_plain_relabelled),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_left_alone),
		cmocka_unit_test(test_odd_shapes),
		cmocka_unit_test(test_fuzz_regressions),
		cmocka_unit_test(test_banner_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
