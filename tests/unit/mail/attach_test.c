/*
 * attach_test.c - mail/attach: names, real types, hostile files, limits,
 * passwords from the mail's text
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib.h>

#include "mail/attach.h"
#include "util/alloc.h"
#include "util/limits.h"

/* parse - one attachment from bytes; caller frees */
static struct yj_msg *
parse(const void *p, size_t n, const char *name)
{
	struct yj_msg *m = yj_attach_parse_file(p, n, name);

	assert_non_null(m);
	assert_true(m->natts >= 1);
	return m;
}

/* facts0 - the facts of the top-level attachment */
static uint64_t
facts0(const struct yj_msg *m)
{
	return yj_attach_info(&m->atts[0])->facts;
}

static void
test_ext(void **unused)
{
	static const struct {
		const char	*name;
		const char	*ext;
		enum yj_att_kind kind;
	} cases[] = {
		{ "a.PDF", "pdf", YJ_AK_PDF },
		{ "請求書.pdf.exe", "exe", YJ_AK_EXECUTABLE },
		{ "dir/a.tar.gz", "gz", YJ_AK_ARCHIVE },
		{ "dir\\x.LNK", "lnk", YJ_AK_LNK },
		{ "noext", "", YJ_AK_OTHER },
		{ "a.exe. . ", "exe", YJ_AK_EXECUTABLE },	/* Windows trims */
		{ ".hidden", "hidden", YJ_AK_OTHER },
		{ "a.ｅｘｅ", "", YJ_AK_OTHER },		/* not an extension */
		{ "notes.one", "one", YJ_AK_ONENOTE },
		{ "disk.vhdx", "vhdx", YJ_AK_DISK_IMAGE },
		{ "", "", YJ_AK_OTHER },
	};
	struct yj_arena *a = yj_arena_new();
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *e = yj_attach_ext(a, cases[i].name);

		assert_string_equal(e, cases[i].ext);
		assert_int_equal(yj_attach_ext_kind(e), cases[i].kind);
	}
	assert_true(yj_attach_ext_is_script("vbs"));
	assert_false(yj_attach_ext_is_script("exe"));
	assert_true(yj_attach_ext_is_macro("xlsm"));
	assert_false(yj_attach_ext_is_macro("xlsx"));
	yj_arena_free(a);
}

static void
test_name_facts(void **unused)
{
	static const struct {
		const char	*name;
		uint64_t	 facts;
	} cases[] = {
		{ "請求書.pdf.exe", YJ_AF_NAME_DOUBLE_EXT },
		{ "資料.txt.lnk", YJ_AF_NAME_DOUBLE_EXT },
		{ "invoice.PDF.js", YJ_AF_NAME_DOUBLE_EXT },
		{ "scan.jpg.html", YJ_AF_NAME_DOUBLE_EXT },
		{ "invoice\xe2\x80\xae" "fdp.exe", YJ_AF_NAME_BIDI },
		{ "a.pdf      .exe", YJ_AF_NAME_SPACES | YJ_AF_NAME_DOUBLE_EXT },
		{ "a\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80.exe",
		  YJ_AF_NAME_SPACES },			/* ideographic spaces */
		{ "report.v2.docx", 0 },
		{ "backup.2024.zip", 0 },
		{ "archive.tar.gz", 0 },
		{ "a  .exe", 0 },			/* two spaces only */
		{ "plain.exe", 0 },
	};
	struct yj_msg *m;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = parse("hello", 5, cases[i].name);
		assert_int_equal(facts0(m) & (YJ_AF_NAME_DOUBLE_EXT |
		    YJ_AF_NAME_BIDI | YJ_AF_NAME_SPACES), cases[i].facts);
		yj_msg_free(m);
	}
}

/* pe - a minimal PE header in buf (256 bytes) */
static void
pe(unsigned char *buf)
{
	memset(buf, 0, 256);
	buf[0] = 'M';
	buf[1] = 'Z';
	buf[0x3c] = 0x80;
	memcpy(buf + 0x80, "PE\0\0", 4);
}

static void
test_kinds(void **unused)
{
	static const unsigned char lnk[76] = {
		0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0,
		0xc0, 0, 0, 0, 0, 0, 0, 0x46,
	};
	static const unsigned char one[32] = {
		0xe4, 0x52, 0x5c, 0x7b, 0x8c, 0xd8, 0xa7, 0x4d,
		0xae, 0xb1, 0x53, 0x78, 0xd0, 0x29, 0x96, 0xd3,
	};
	static unsigned char iso[0x9000];
	unsigned char exe[256];
	struct {
		const void	*p;
		size_t		 n;
		const char	*name;
		enum yj_att_kind kind;
		const char	*format;
	} cases[] = {
		{ exe, sizeof(exe), "photo.jpg", YJ_AK_EXECUTABLE, "pe" },
		{ "%PDF-1.4\n%%EOF\n", 15, "a.pdf", YJ_AK_PDF, "pdf" },
		{ "{\\rtf1 x}", 9, "a.doc", YJ_AK_RTF, "rtf" },
		{ lnk, sizeof(lnk), "a.txt", YJ_AK_LNK, "lnk" },
		{ one, sizeof(one), "a", YJ_AK_ONENOTE, "onenote" },
		{ "\x78\x9f\x3e\x22\x01\x00", 6, "winmail.dat", YJ_AK_TNEF,
		  "tnef" },
		{ iso, sizeof(iso), "a.img", YJ_AK_DISK_IMAGE, "iso" },
		{ "vhdxfile\0\0\0\0", 12, "a", YJ_AK_DISK_IMAGE, "vhdx" },
		{ "\177ELF\2\1\1", 7, "a", YJ_AK_EXECUTABLE, "elf" },
		{ "<html><body>hi</body></html>", 28, "a.htm", YJ_AK_HTML,
		  "html" },
		{ "just text\n", 10, "a.txt", YJ_AK_TEXT, "text" },
	};
	struct yj_msg *m;
	size_t i;

	(void)unused;
	pe(exe);
	memcpy(iso + 0x8001, "CD001", 5);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct yj_attach_info *in;

		m = parse(cases[i].p, cases[i].n, cases[i].name);
		in = yj_attach_info(&m->atts[0]);
		assert_int_equal(in->kind, cases[i].kind);
		assert_string_equal(in->format, cases[i].format);
		yj_msg_free(m);
	}
	/* a PE named .jpg is a type mismatch; named .exe it is not */
	m = parse(exe, sizeof(exe), "photo.jpg");
	assert_true(facts0(m) & YJ_AF_TYPE_MISMATCH);
	yj_msg_free(m);
	m = parse(exe, sizeof(exe), "setup.exe");
	assert_false(facts0(m) & YJ_AF_TYPE_MISMATCH);
	yj_msg_free(m);
}

static void
test_html_smuggling(void **unused)
{
	static const char smuggle[] = "<html><script>var b = atob('"
	    "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
	    "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"
	    "'); new Blob([b]);</script></html>";
	static const char plain[] = "<html><body><p>Hello</p></body></html>";
	struct yj_msg *m;

	(void)unused;
	m = parse(smuggle, sizeof(smuggle) - 1, "voice.html");
	assert_true(facts0(m) & YJ_AF_HTML_SCRIPT);
	assert_true(facts0(m) & YJ_AF_HTML_BLOB);
	yj_msg_free(m);
	m = parse(plain, sizeof(plain) - 1, "page.html");
	assert_int_equal(facts0(m) & (YJ_AF_HTML_SCRIPT | YJ_AF_HTML_BLOB), 0);
	yj_msg_free(m);
}

/* Damaged files: every reader must stop cleanly. */
static void
test_hostile(void **unused)
{
#define S(x)	{ x, sizeof(x) - 1 }
	static const struct {
		const char	*p;
		size_t		 n;
	} cases[] = {
		{ "\320\317\021\340\241\261\032\341garbage", 15 },
		{ "PK\3\4\24\0\1\0\10\0\0\0\0\0\377\377\377\377", 20 },
		{ "PK\5\6\0\0\0\0\377\377\377\377\0\0\0\0\0\0\0\0\0\0", 22 },
		{ "7z\274\257\047\034\0\4garbage", 15 },
		{ "Rar!\032\7\0garbage", 14 },
		{ "\037\213\10\0\0\0\0\0\0\3garbage", 17 },
		{ "BZh9garbage", 11 },
		{ "%PDF-1.7 1 0 obj << /Filter /FlateDecode >> stream\n"
		  "\170\234garbage", 61 },
		S("%PDF-1.7 /J#61vaScript /OpenAction stream"),
		{ "\170\237\076\042\1\0\2\2\220\6\0\377\377\377\377", 15 },
		{ "\x4c\0\0\0\x01\x14\x02\0\0\0\0\0\xc0\0\0\0\0\0\0\x46"
		  "\xff\xff\xff\xff", 24 },
		{ "\xe4\x52\x5c\x7b\x8c\xd8\xa7\x4d\xae\xb1\x53\x78\xd0\x29"
		  "\x96\xd3\xe7\x16\xe3\xbd\x65\x26\x11\x45\xa4\xc4\x8d\x4d"
		  "\x0b\x7a\x9e\xac\xff\xff\xff\xff\xff\xff\xff\x7f", 40 },
		{ "MSCF\0\0\0\0garbage", 15 },
		{ "", 0 },
	};
#undef S
	struct yj_msg *m;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		m = parse(cases[i].p, cases[i].n, "x.bin");
		yj_msg_free(m);
	}
	/* the obfuscated name still counts: /J#61vaScript is /JavaScript */
	m = parse(cases[8].p, cases[8].n, "a.pdf");
	assert_true(facts0(m) & YJ_AF_PDF_JS);
	assert_true(facts0(m) & YJ_AF_PDF_AUTO);
	yj_msg_free(m);
	m = parse(cases[0].p, cases[0].n, "a.doc");
	assert_true(facts0(m) & YJ_AF_UNREADABLE);
	yj_msg_free(m);
}

struct zentry {
	const char	*name;
	const void	*data;
	size_t		 len;
};

/* make_zip - a zip in heap memory (deflated; encrypted with a password) */
static char *
make_zip(const struct zentry *v, size_t n, const char *password,
    size_t *len)
{
	size_t cap = 1024 * 1024, i;
	struct archive_entry *e;
	struct archive *a;
	char *buf = yj_xmalloc(cap);

	*len = 0;
	a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=deflate");
	if (password != NULL) {
		archive_write_set_options(a, "zip:encryption=traditional");
		archive_write_set_passphrase(a, password);
	}
	assert_int_equal(archive_write_open_memory(a, buf, cap, len),
	    ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, v[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)v[i].len);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		assert_int_equal((size_t)archive_write_data(a, v[i].data,
		    v[i].len), v[i].len);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	return buf;
}

static void
test_nesting_limit(void **unused)
{
	struct zentry e = { "leaf.txt", "leaf\n", 5 };
	char *z = NULL, *prev;
	size_t len = 0, i;
	struct yj_msg *m;
	bool limited = false;

	(void)unused;
	for (i = 0; i < 7; i++) {
		prev = z;
		z = make_zip(&e, 1, NULL, &len);
		yj_free(prev);
		e.name = "inner.zip";
		e.data = z;
		e.len = len;
		z = NULL;
		z = (char *)e.data;
	}
	m = parse(z, len, "outer.zip");
	for (i = 0; i < m->natts; i++) {
		assert_true(m->atts[i].depth <= YJ_LIM_ARCHIVE_DEPTH);
		if (yj_attach_has(&m->atts[i], YJ_AF_LIMIT_DEPTH))
			limited = true;
	}
	assert_true(limited);
	assert_true(yj_msg_has_anomaly(m, YJ_ANOM_ARCHIVE_LIMIT));
	yj_msg_free(m);
	yj_free(z);
}

static void
test_ratio_and_members(void **unused)
{
	struct zentry *v;
	struct yj_msg *m;
	size_t len, i, n = YJ_LIM_ARCHIVE_MEMBERS + 5;
	char *zeros, *z;

	(void)unused;
	zeros = yj_xcalloc(4, 1024 * 1024);
	v = yj_xcalloc(n, sizeof(*v));
	v[0].name = "big.doc";
	v[0].data = zeros;
	v[0].len = 4 * 1024 * 1024;
	z = make_zip(v, 1, NULL, &len);
	m = parse(z, len, "bomb.zip");
	assert_true(facts0(m) & YJ_AF_LIMIT_RATIO);
	assert_true(m->natts == 2);
	assert_true(yj_attach_has(&m->atts[1], YJ_AF_INFLATED));
	assert_true(m->atts[1].flags & YJ_ATT_TRUNCATED);
	yj_msg_free(m);
	yj_free(z);
	for (i = 0; i < n; i++) {
		v[i].name = g_strdup_printf("f%zu.txt", i);
		v[i].data = "x";
		v[i].len = 1;
	}
	z = make_zip(v, n, NULL, &len);
	m = parse(z, len, "many.zip");
	assert_true(facts0(m) & YJ_AF_LIMIT_MEMBERS);
	assert_true(m->natts <= YJ_LIM_ATTACHMENTS);
	yj_msg_free(m);
	for (i = 0; i < n; i++)
		g_free((char *)v[i].name);
	yj_free(z);
	yj_free(v);
	yj_free(zeros);
}

/* mail_with - a message with a body and one base64 attachment */
static char *
mail_with(const char *body, const char *name, const void *p, size_t n)
{
	gchar *b64 = g_base64_encode(p, n);
	char *s = yj_xasprintf("From: a@b.example\nTo: c@d.example\n"
	    "Subject: docs\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=XX\n\n--XX\n"
	    "Content-Type: text/plain; charset=UTF-8\n\n%s\n--XX\n"
	    "Content-Type: application/zip\nContent-Disposition: attachment;"
	    " filename=%s\nContent-Transfer-Encoding: base64\n\n%s\n--XX--\n",
	    body, name, b64);

	g_free(b64);
	return s;
}

static void
test_password_from_body(void **unused)
{
	static const struct {
		const char	*body;
		bool		 opened;
	} cases[] = {
		{ "パスワード：Qz81xk\nよろしく", true },
		{ "解凍パスワードは「Qz81xk」です。", true },
		{ "PW: Qz81xk", true },
		{ "The password is Qz81xk.", true },	/* second word */
		{ "パスワードは別途お送りします", false },
		{ "Password: Ｑｚ８１ｘｋ", true },	/* full width */
		{ "no password here", false },
	};
	struct zentry e = { "doc.txt", "secret plan\n", 12 };
	struct yj_msg *m;
	size_t len, i;
	char *z, *mail;

	(void)unused;
	z = make_zip(&e, 1, "Qz81xk", &len);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		mail = mail_with(cases[i].body, "a.zip", z, len);
		m = yj_msg_parse(mail, strlen(mail), NULL);
		assert_int_equal(m->natts, 2);
		assert_true(yj_attach_has(&m->atts[0],
		    YJ_AF_ENCRYPTED_MEMBERS));
		assert_int_equal(yj_attach_has(&m->atts[0],
		    YJ_AF_PASSWORD_OPENED), cases[i].opened);
		if (cases[i].opened) {
			assert_int_equal(m->atts[1].data_len, 12);
			assert_memory_equal(m->atts[1].data, "secret plan\n",
			    12);
		} else
			assert_int_equal(m->atts[1].data_len, 0);
		yj_msg_free(m);
		yj_free(mail);
	}
	yj_free(z);
}

static void
test_member_text(void **unused)
{
	struct zentry e[2] = {
		{ "名簿.csv", "氏名,メール\n山田,y@example.jp\n", 0 },
		{ "sub/b.txt", "second\n", 7 },
	};
	struct yj_msg *m;
	size_t len, i, found = 0;
	char *z;

	(void)unused;
	e[0].len = strlen(e[0].data);
	z = make_zip(e, 2, NULL, &len);
	m = parse(z, len, "list.zip");
	assert_int_equal(m->natts, 3);
	assert_string_equal(yj_attach_path(m->arena, m, 1), "list.zip/名簿.csv");
	assert_int_equal(m->atts[1].parent, 0);
	assert_int_equal(m->atts[1].depth, 1);
	assert_true(m->atts[1].flags & YJ_ATT_MEMBER);
	for (i = 0; i < m->ntexts; i++) {
		if (m->texts[i].att == 1) {
			assert_true(m->texts[i].flags & YJ_TEXT_ATTACHMENT);
			assert_non_null(strstr(m->texts[i].text, "山田"));
			found++;
		}
	}
	assert_int_equal(found, 1);
	assert_string_equal(m->body_nfkc, "");	/* not body text */
	yj_msg_free(m);
	yj_free(z);
}

/* put16, put32 - little-endian into a buffer */
static unsigned char *
put16(unsigned char *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	return p + 2;
}

static unsigned char *
put32(unsigned char *p, uint32_t v)
{
	p = put16(p, v & 0xffff);
	return put16(p, v >> 16);
}

/* A Japanese Windows zip: the name in CP932, no UTF-8 flag, and the
 * process in the "C" locale, as a daemon is. */
static void
test_cp932_member_name(void **unused)
{
	static const char name[] = "\x90\xbf\x8b\x81\x8f\x91.exe"; /* 請求書 */
	unsigned char z[256], *p = z, *cd, *end_cd;
	size_t nl = sizeof(name) - 1;
	uint32_t crc = 0x5fdfb1a6;	/* crc32("MZ") */
	struct yj_msg *m;

	(void)unused;
	p = put32(p, 0x04034b50);
	p = put16(put16(put16(put16(put16(p, 20), 0), 0), 0), 0);
	p = put32(put32(put32(p, crc), 2), 2);
	p = put16(put16(p, (unsigned)nl), 0);
	memcpy(p, name, nl);
	p += nl;
	memcpy(p, "MZ", 2);
	p += 2;
	cd = p;
	p = put32(p, 0x02014b50);
	p = put16(put16(put16(put16(put16(put16(p, 20), 20), 0), 0), 0), 0);
	p = put32(put32(put32(p, crc), 2), 2);
	p = put16(put16(put16(put16(put16(p, (unsigned)nl), 0), 0), 0), 0);
	p = put32(put32(p, 0), 0);
	memcpy(p, name, nl);
	p += nl;
	end_cd = p;
	p = put32(p, 0x06054b50);
	p = put16(put16(put16(put16(p, 0), 0), 1), 1);
	p = put32(put32(p, (uint32_t)(end_cd - cd)), (uint32_t)(cd - z));
	p = put16(p, 0);
	m = parse(z, (size_t)(p - z), "a.zip");
	assert_int_equal(m->natts, 2);
	assert_string_equal(m->atts[1].filename, "請求書.exe");
	yj_msg_free(m);
}

/* regression (fuzz_attach): OpenDocument meta.xml with only an initial
 * creator dereferenced an unset property */
static void
test_odf_properties(void **unused)
{
	static const char meta[] = "<office:document-meta xmlns:office="
	    "\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:meta="
	    "\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\"><office:meta>"
	    "<meta:initial-creator>田中</meta:initial-creator></office:meta>"
	    "</office:document-meta>";
	struct zentry e[2] = {
		{ "mimetype", "application/vnd.oasis.opendocument.text", 39 },
		{ "meta.xml", meta, sizeof(meta) - 1 },
	};
	const struct yj_attach_info *in;
	struct yj_msg *m;
	size_t len;
	char *z;

	(void)unused;
	z = make_zip(e, 2, NULL, &len);
	m = parse(z, len, "a.odt");
	in = yj_attach_info(&m->atts[0]);
	assert_int_equal(in->kind, YJ_AK_ODF);
	assert_string_equal(in->props.author, "田中");
	assert_string_equal(in->props.company, "");
	yj_msg_free(m);
	yj_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ext),
		cmocka_unit_test(test_name_facts),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_html_smuggling),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_nesting_limit),
		cmocka_unit_test(test_ratio_and_members),
		cmocka_unit_test(test_password_from_body),
		cmocka_unit_test(test_member_text),
		cmocka_unit_test(test_odf_properties),
		cmocka_unit_test(test_cp932_member_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
