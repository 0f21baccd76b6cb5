/*
 * attach.c - analyse attachments: recognise, dispatch, record members
 *
 * Design: the real format comes from the first bytes (our own sniffing
 * for the formats attacks use, libmagic's answer for the rest), never
 * from the name; the name is judged separately (attach_name.c) and
 * compared with the real type at the end, when the readers have said
 * whether the document carries macros.  Each reader (archive.c,
 * ooxml.c, ole2.c, pdf.c, tnef.c, attach_misc.c) fills the
 * struct yj_attach_info and may add members; a member is recorded in
 * msg->atts like any attachment and analysed at once, so containers
 * nest naturally and every member is seen by every check.
 *
 * Recursion is bounded by YJ_LIM_ARCHIVE_DEPTH (a container at that
 * depth is not opened and gets YJ_AF_LIMIT_DEPTH); the number of
 * attachments by YJ_LIM_ATTACHMENTS; bytes by the readers' budgets.
 *
 * Passwords: Emotet sends a password-protected ZIP and writes the
 * password in the body so that gateways cannot look inside (JPCERT/CC).
 * After the MIME walk, yj_attach_finish() collects the words that follow
 * "パスワード", "password", "PW" ... in the mail's own text and retries
 * each encrypted archive with them; members that open are analysed like
 * any other, and the archive gets YJ_AF_PASSWORD_OPENED.
 */
#include <stdarg.h>
#include <string.h>

#include "mail/attach_int.h"
#include "mail/charset.h"
#include "mail/filetype.h"
#include "mail/html.h"
#include "util/limits.h"
#include "util/str.h"

#define MAX_LIST	64	/* links, names, keywords kept per file */
#define MAX_SHEETS	1024
#define MAX_NOTES	256
#define MAX_PASSWORDS	16

static const struct yj_attach_info empty_info = {
	.text = -1,
	.props = { "", "", "", "", "", "", "", "" },
};

static const char *const kind_names[YJ_AK_COUNT] = {
	[YJ_AK_OTHER] = "other", [YJ_AK_OOXML] = "ooxml",
	[YJ_AK_ODF] = "odf", [YJ_AK_OLE2] = "ole2", [YJ_AK_PDF] = "pdf",
	[YJ_AK_RTF] = "rtf", [YJ_AK_ARCHIVE] = "archive",
	[YJ_AK_DISK_IMAGE] = "disk_image", [YJ_AK_LNK] = "lnk",
	[YJ_AK_ONENOTE] = "onenote", [YJ_AK_HTML] = "html",
	[YJ_AK_EXECUTABLE] = "executable", [YJ_AK_MESSAGE] = "message",
	[YJ_AK_TNEF] = "tnef", [YJ_AK_TEXT] = "text", [YJ_AK_IMAGE] = "image",
};

static const char *const fact_names[] = {
	"encrypted", "encrypted_members", "vba", "vba_autorun",
	"vba_suspicious", "xlm", "dde", "external_links", "embedded",
	"hidden_sheets", "very_hidden", "hidden_rows", "hidden_cols",
	"comments", "tracked_changes", "pdf_js", "pdf_auto", "pdf_launch",
	"pdf_embedded", "pdf_uri", "pdf_objstm", "html_script", "html_blob",
	"html_form", "name_double_ext", "name_bidi", "name_spaces",
	"type_mismatch", "inflated", "limit_depth", "limit_members",
	"limit_size", "limit_ratio", "unreadable", "template_link",
	"activex", "password_opened", "password_in_mail",
};

/* yj_attach_fact_name - stable name of a fact bit */
const char *
yj_attach_fact_name(unsigned n)
{
	return n < sizeof(fact_names) / sizeof(fact_names[0]) ?
	    fact_names[n] : "unknown";
}

/* yj_attach_info - analysis or the empty one */
const struct yj_attach_info *
yj_attach_info(const struct yj_attachment *a)
{
	return a->ext != NULL ? a->ext : &empty_info;
}

/* yj_attach_has - any fact of mask */
bool
yj_attach_has(const struct yj_attachment *a, uint64_t mask)
{
	return (yj_attach_info(a)->facts & mask) != 0;
}

/* yj_attach_kind_name - stable name */
const char *
yj_attach_kind_name(enum yj_att_kind k)
{
	return (unsigned)k < YJ_AK_COUNT ? kind_names[k] : "other";
}

/* yj_attach_path - names from the top-level attachment down */
const char *
yj_attach_path(struct yj_arena *a, const struct yj_msg *m, size_t i)
{
	const char *path, *name;
	int p;

	if (i >= m->natts)
		return "";
	name = *m->atts[i].filename ? m->atts[i].filename : "(no name)";
	path = name;
	for (p = m->atts[i].parent; p >= 0 && (size_t)p < i;
	    p = m->atts[p].parent) {
		name = *m->atts[p].filename ? m->atts[p].filename : "(no name)";
		path = yj_arena_printf(a, "%s/%s", name, path);
		i = (size_t)p;
	}
	return path;
}

/* has_at - data[off..] starts with the n bytes of s */
static bool
has_at(const unsigned char *d, size_t len, size_t off, const void *s,
    size_t n)
{
	return len >= off && len - off >= n && memcmp(d + off, s, n) == 0;
}

/* sniff_archive - compressed and archive formats libarchive reads */
static const char *
sniff_archive(const unsigned char *d, size_t n)
{
	if (has_at(d, n, 0, "PK\3\4", 4) || has_at(d, n, 0, "PK\5\6", 4) ||
	    has_at(d, n, 0, "PK\7\10", 4))
		return "zip";
	if (has_at(d, n, 0, "7z\274\257\047\034", 6))
		return "7z";
	if (has_at(d, n, 0, "Rar!\032\7", 6))
		return "rar";
	if (has_at(d, n, 0, "\037\213", 2))
		return "gzip";
	if (has_at(d, n, 0, "BZh", 3) && n > 3 && d[3] >= '1' && d[3] <= '9')
		return "bzip2";
	if (has_at(d, n, 0, "\3757zXZ\0", 6))
		return "xz";
	if (has_at(d, n, 0, "\050\265\057\375", 4))
		return "zstd";
	if (has_at(d, n, 0, "MSCF\0\0\0\0", 8))
		return "cab";
	if (has_at(d, n, 257, "ustar", 5))
		return "tar";
	if (has_at(d, n, 0, "070701", 6) || has_at(d, n, 0, "070707", 6) ||
	    has_at(d, n, 0, "070702", 6))
		return "cpio";
	if (has_at(d, n, 2, "-lh", 3) && n > 6 && d[6] == '-')
		return "lha";
	if (has_at(d, n, 0, "xar!", 4))
		return "xar";
	return NULL;
}

/* sniff_image - disk images (ISO 9660, UDF, VHD, VHDX, DAA, DMG, FAT) */
static const char *
sniff_image(const unsigned char *d, size_t n)
{
	static const size_t vd[] = { 0x8001, 0x8801, 0x9001 };
	size_t i;

	for (i = 0; i < sizeof(vd) / sizeof(vd[0]); i++) {
		if (has_at(d, n, vd[i], "CD001", 5))
			return "iso";
		if (has_at(d, n, vd[i], "BEA01", 5) ||
		    has_at(d, n, vd[i], "NSR0", 4))
			return "udf";
	}
	if (has_at(d, n, 0, "vhdxfile", 8))
		return "vhdx";
	if (has_at(d, n, 0, "conectix", 8) ||
	    (n >= 512 && has_at(d, n, n - 512, "conectix", 8)))
		return "vhd";
	if (has_at(d, n, 0, "DAA\0\0\0\0\0", 8))
		return "daa";
	if (has_at(d, n, 0, "KDMV", 4))
		return "vmdk";
	if (n >= 512 && has_at(d, n, n - 512, "koly", 4))
		return "dmg";
	if (has_at(d, n, 510, "\125\252", 2) &&
	    (has_at(d, n, 0x36, "FAT1", 4) || has_at(d, n, 0x52, "FAT32", 5) ||
	    has_at(d, n, 3, "NTFS    ", 8) || has_at(d, n, 3, "EXFAT   ", 8)))
		return "fat";
	return NULL;
}

/* sniff_exe - PE, ELF, Mach-O, Java class */
static const char *
sniff_exe(const unsigned char *d, size_t n)
{
	uint32_t pe;

	if (has_at(d, n, 0, "MZ", 2)) {
		if (n >= 0x40) {
			pe = yj_le32(d + 0x3c);
			if (pe < n && has_at(d, n, pe, "PE\0\0", 4))
				return "pe";
		}
		return "dos";
	}
	if (has_at(d, n, 0, "\177ELF", 4))
		return "elf";
	if (has_at(d, n, 0, "\376\355\372\316", 4) ||
	    has_at(d, n, 0, "\376\355\372\317", 4) ||
	    has_at(d, n, 0, "\316\372\355\376", 4) ||
	    has_at(d, n, 0, "\317\372\355\376", 4))
		return "macho";
	if (has_at(d, n, 0, "\312\376\272\276", 4))
		return "macho-fat";
	return NULL;
}

/* is_lnk - MS-SHLLINK header: size 0x4C and the shell link CLSID */
static bool
is_lnk(const unsigned char *d, size_t n)
{
	static const unsigned char hdr[20] = {
		0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0, 0, 0, 0, 0,
		0xc0, 0, 0, 0, 0, 0, 0, 0x46,
	};

	return has_at(d, n, 0, hdr, sizeof(hdr));
}

/* is_onenote - MS-ONESTORE file format GUIDs (.one and .onetoc2) */
static bool
is_onenote(const unsigned char *d, size_t n)
{
	static const unsigned char one[16] = {
		0xe4, 0x52, 0x5c, 0x7b, 0x8c, 0xd8, 0xa7, 0x4d,
		0xae, 0xb1, 0x53, 0x78, 0xd0, 0x29, 0x96, 0xd3,
	};
	static const unsigned char toc[16] = {
		0xa1, 0x2f, 0xff, 0x43, 0xd9, 0xef, 0x76, 0x4c,
		0x9e, 0xe2, 0x10, 0xea, 0x57, 0x22, 0x76, 0x5f,
	};

	return has_at(d, n, 0, one, 16) || has_at(d, n, 0, toc, 16);
}

/* is_pdf - "%PDF-" in the first KiB, as readers accept */
static bool
is_pdf(const unsigned char *d, size_t n)
{
	return yj_memimem((const char *)d, n < 1024 ? n : 1024, "%PDF-",
	    5) != NULL;
}

/* looks_html - markup start after white space and a BOM */
static bool
looks_html(const unsigned char *d, size_t n)
{
	static const char *const starts[] = {
		"<!doctype html", "<html", "<svg", "<?xml", "<head", "<body",
		"<script", "<meta", NULL,
	};
	size_t i = 0, k;

	if (has_at(d, n, 0, "\357\273\277", 3))
		i = 3;
	while (i < n && i < 512 && yj_ascii_isspace(d[i]))
		i++;
	for (k = 0; starts[k] != NULL; k++)
		if (n - i >= strlen(starts[k]) && yj_str_ieqn((const char *)d +
		    i, starts[k], strlen(starts[k])))
			return k != 3 || yj_memimem((const char *)d, n < 4096 ?
			    n : 4096, "<svg", 4) != NULL ||
			    yj_memimem((const char *)d, n < 4096 ? n : 4096,
			    "<html", 5) != NULL;
	return false;
}

/* sniff_other - the rest: libmagic's MIME type, then markup */
static enum yj_att_kind
sniff_other(const unsigned char *d, size_t n, const char *mime,
    const char **fmt)
{
	if (has_at(d, n, 0, "\211PNG", 4) || has_at(d, n, 0, "\377\330\377", 3)
	    || has_at(d, n, 0, "GIF8", 4) || has_at(d, n, 0, "II*\0", 4) ||
	    has_at(d, n, 0, "MM\0*", 4) || (has_at(d, n, 0, "RIFF", 4) &&
	    has_at(d, n, 8, "WEBP", 4))) {
		*fmt = "image";
		return YJ_AK_IMAGE;
	}
	if (strcmp(mime, "message/rfc822") == 0 ||
	    strcmp(mime, "message/news") == 0) {
		*fmt = "eml";
		return YJ_AK_MESSAGE;
	}
	if (strcmp(mime, "text/html") == 0 ||
	    strcmp(mime, "image/svg+xml") == 0 || looks_html(d, n)) {
		*fmt = "html";
		return YJ_AK_HTML;
	}
	if (strncmp(mime, "image/", 6) == 0) {
		*fmt = "image";
		return YJ_AK_IMAGE;
	}
	if (strncmp(mime, "text/", 5) == 0) {
		*fmt = "text";
		return YJ_AK_TEXT;
	}
	return YJ_AK_OTHER;
}

/* sniff - the real kind of data[0..n) */
static enum yj_att_kind
sniff(const unsigned char *d, size_t n, const char *mime, const char **fmt)
{
	const char *f;

	*fmt = "";
	if (has_at(d, n, 0, "\320\317\021\340\241\261\032\341", 8)) {
		*fmt = "ole2";
		return YJ_AK_OLE2;
	}
	if ((f = sniff_archive(d, n)) != NULL) {
		*fmt = f;
		return YJ_AK_ARCHIVE;
	}
	if ((f = sniff_image(d, n)) != NULL) {
		*fmt = f;
		return YJ_AK_DISK_IMAGE;
	}
	if ((f = sniff_exe(d, n)) != NULL) {
		*fmt = f;
		return YJ_AK_EXECUTABLE;
	}
	if (is_lnk(d, n)) {
		*fmt = "lnk";
		return YJ_AK_LNK;
	}
	if (is_onenote(d, n)) {
		*fmt = "onenote";
		return YJ_AK_ONENOTE;
	}
	if (has_at(d, n, 0, "\170\237\076\042", 4)) {
		*fmt = "tnef";
		return YJ_AK_TNEF;
	}
	if (is_pdf(d, n)) {
		*fmt = "pdf";
		return YJ_AK_PDF;
	}
	if (has_at(d, n, 0, "{\\rt", 4)) {
		*fmt = "rtf";
		return YJ_AK_RTF;
	}
	return sniff_other(d, n, mime, fmt);
}

/* declared_kind - what the declared Content-Type claims */
static enum yj_att_kind
declared_kind(const char *ct)
{
	if (strcmp(ct, "application/pdf") == 0)
		return YJ_AK_PDF;
	if (strncmp(ct, "image/", 6) == 0)
		return YJ_AK_IMAGE;
	if (strcmp(ct, "text/plain") == 0 || strcmp(ct, "text/csv") == 0)
		return YJ_AK_TEXT;
	if (strcmp(ct, "application/msword") == 0 ||
	    strcmp(ct, "application/vnd.ms-excel") == 0 ||
	    strcmp(ct, "application/vnd.ms-powerpoint") == 0)
		return YJ_AK_OLE2;
	if (strncmp(ct, "application/vnd.openxmlformats-officedocument.",
	    46) == 0)
		return YJ_AK_OOXML;
	if (strcmp(ct, "application/zip") == 0 ||
	    strcmp(ct, "application/x-zip-compressed") == 0)
		return YJ_AK_ARCHIVE;
	return YJ_AK_OTHER;
}

/* dangerous_real - a real type worth calling out behind another name */
static bool
dangerous_real(const struct yj_attach_info *in)
{
	switch (in->kind) {
	case YJ_AK_EXECUTABLE:
	case YJ_AK_LNK:
	case YJ_AK_ONENOTE:
	case YJ_AK_DISK_IMAGE:
		return true;
	case YJ_AK_OLE2:
	case YJ_AK_OOXML:
	case YJ_AK_ODF:
		return (in->facts & YJ_AF_MACROS) != 0;
	case YJ_AK_HTML:
		return (in->facts & (YJ_AF_HTML_SCRIPT | YJ_AF_HTML_BLOB)) != 0;
	default:
		return false;
	}
}

/* mismatch - the name or declared type hides a dangerous real type */
static void
mismatch(struct yj_actx *c)
{
	const struct yj_attachment *a = &c->b->msg->atts[c->att];
	enum yj_att_kind by_name, by_type;

	if (!dangerous_real(c->info))
		return;
	by_name = yj_attach_ext_kind(yj_attach_ext(yj_actx_arena(c),
	    a->filename));
	by_type = declared_kind(a->content_type);
	/* disk images and MSI are also read as archives or OLE2 */
	if (by_name != YJ_AK_OTHER && by_name != c->info->kind &&
	    !(by_name == YJ_AK_EXECUTABLE && c->info->kind == YJ_AK_OLE2) &&
	    !(by_name == YJ_AK_DISK_IMAGE && c->info->kind == YJ_AK_ARCHIVE))
		c->info->facts |= YJ_AF_TYPE_MISMATCH;
	if (by_type != YJ_AK_OTHER && by_type != c->info->kind)
		c->info->facts |= YJ_AF_TYPE_MISMATCH;
}

/* top_part - the MIME part an attachment (or its container) came in */
static int
top_part(const struct yj_msg *m, int i)
{
	int guard = 0;

	while (i >= 0 && m->atts[i].part < 0 && guard++ < 64)
		i = m->atts[i].parent;
	return i >= 0 ? m->atts[i].part : -1;
}

/* is_mime_text - a text/... MIME part: mime.c records its text itself */
static bool
is_mime_text(const struct yj_actx *c)
{
	const struct yj_attachment *a = &c->b->msg->atts[c->att];

	return a->part >= 0 && strncmp(a->content_type, "text/", 5) == 0;
}

/* read_html - scripts, blobs and forms of an HTML file (smuggling) */
static void
read_html(struct yj_actx *c)
{
	struct yj_arena *ar = yj_actx_arena(c);
	const unsigned char *d;
	struct yj_html h;
	const char *u;
	size_t n;

	d = yj_actx_data(c, &n);
	if (n > YJ_LIM_TEXT_PART)
		n = YJ_LIM_TEXT_PART;
	u = yj_charset_to_utf8(ar, NULL, (const char *)d, n, NULL, NULL);
	yj_html_parse(ar, u, strlen(u), YJ_LIM_TEXT_PART, YJ_LIM_URLS, &h);
	if (h.flags & YJ_HTML_SCRIPT)
		c->info->facts |= YJ_AF_HTML_SCRIPT;
	if (h.flags & YJ_HTML_DATA_BLOB)
		c->info->facts |= YJ_AF_HTML_BLOB;
	if (h.flags & (YJ_HTML_FORM | YJ_HTML_PASSWORD_INPUT))
		c->info->facts |= YJ_AF_HTML_FORM;
	/* a long base64 run inside a script is a blob too */
	if (yj_memimem(u, strlen(u), "atob(", 5) != NULL ||
	    yj_memimem(u, strlen(u), "msSaveOrOpenBlob", 16) != NULL ||
	    yj_memimem(u, strlen(u), "new Blob(", 9) != NULL)
		c->info->facts |= (c->info->facts & YJ_AF_HTML_SCRIPT) ?
		    YJ_AF_HTML_BLOB : 0;
	if (!is_mime_text(c))
		yj_attach_add_text_raw(c, "UTF-8", u, strlen(u));
}

/* read_text - a text file that did not come as a text/... part */
static void
read_text(struct yj_actx *c)
{
	const unsigned char *d;
	size_t n;

	if (is_mime_text(c))
		return;
	d = yj_actx_data(c, &n);
	yj_attach_add_text_raw(c, NULL, (const char *)d, n);
}

/* read_rtf - embedded objects and DDE in RTF (CVE-2017-11882 lures) */
static void
read_rtf(struct yj_actx *c)
{
	const unsigned char *d;
	const char *s;
	size_t n;

	d = yj_actx_data(c, &n);
	s = (const char *)d;
	if (yj_memimem(s, n, "\\objdata", 8) || yj_memimem(s, n, "\\object", 7))
		c->info->facts |= YJ_AF_EMBEDDED;
	if (yj_memimem(s, n, "\\objupdate", 10))
		yj_attach_keyword(c, "objupdate");
	if (yj_memimem(s, n, "ddeauto", 7) || yj_memimem(s, n, "DDEAUTO", 7)) {
		c->info->facts |= YJ_AF_DDE;
		yj_strvec_push(yj_actx_arena(c), &c->info->dde, "DDEAUTO");
	}
}

/* read_message - a mail file: walk it like message/rfc822 */
static void
read_message(struct yj_actx *c)
{
	const unsigned char *d;
	size_t n;

	if (c->b->msg->atts[c->att].flags & YJ_ATT_MESSAGE)
		return;		/* mime.c walks message/rfc822 itself */
	if (!yj_attach_can_nest(c))
		return;
	c->b->msg->atts[c->att].flags |= YJ_ATT_MESSAGE;
	d = yj_actx_data(c, &n);
	yj_mime_walk_attached(c->b, (const char *)d, n, c->att);
}

/* read_image_file - disk images libarchive cannot open are only named */
static void
read_disk_image(struct yj_actx *c)
{
	const char *f = c->info->format;

	if (strcmp(f, "iso") == 0 || strcmp(f, "udf") == 0) {
		yj_archive_read(c);
		return;
	}
	c->info->limit = yj_arena_printf(yj_actx_arena(c),
	    "%s images are not opened", f);
}

/* dispatch - the reader for the kind */
static void
dispatch(struct yj_actx *c)
{
	switch (c->info->kind) {
	case YJ_AK_ARCHIVE:	yj_archive_read(c); break;
	case YJ_AK_DISK_IMAGE:	read_disk_image(c); break;
	case YJ_AK_OLE2:	yj_ole2_read(c); break;
	case YJ_AK_PDF:		yj_pdf_read(c); break;
	case YJ_AK_LNK:		yj_lnk_read(c); break;
	case YJ_AK_ONENOTE:	yj_onenote_read(c); break;
	case YJ_AK_TNEF:	yj_tnef_read(c); break;
	case YJ_AK_MESSAGE:	read_message(c); break;
	case YJ_AK_HTML:	read_html(c); break;
	case YJ_AK_TEXT:	read_text(c); break;
	case YJ_AK_RTF:		read_rtf(c); break;
	default:		break;
	}
}

/* yj_attach_analyse - analyse atts[att] */
void
yj_attach_analyse(struct yj_msg_builder *b, int att)
{
	struct yj_msg *m = b->msg;
	struct yj_attach_info *in;
	struct yj_actx c;
	const char *fmt;

	in = yj_arena_alloc(m->arena, sizeof(*in));
	in->text = -1;
	in->props = empty_info.props;
	m->atts[att].ext = in;
	c.b = b;
	c.att = att;
	c.info = in;
	in->kind = sniff(m->atts[att].data, m->atts[att].data_len,
	    m->atts[att].detected_type, &fmt);
	in->format = fmt;
	if (m->atts[att].flags & YJ_ATT_ENCRYPTED)
		in->facts |= YJ_AF_ENCRYPTED;
	yj_attach_name_facts(&c);
	dispatch(&c);
	mismatch(&c);
}

/* yj_attach_can_nest - members below atts[c->att] are within the depth */
bool
yj_attach_can_nest(struct yj_actx *c)
{
	if (c->b->msg->atts[c->att].depth < YJ_LIM_ARCHIVE_DEPTH)
		return true;
	yj_attach_limit(c, YJ_AF_LIMIT_DEPTH, "containers nested deeper "
	    "than %d", YJ_LIM_ARCHIVE_DEPTH);
	return false;
}

/* yj_attach_limit - record the limit, once per file, and the anomaly */
void
yj_attach_limit(struct yj_actx *c, uint64_t fact, const char *fmt, ...)
{
	struct yj_msg *m = c->b->msg;
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = yj_arena_vprintf(m->arena, fmt, ap);
	va_end(ap);
	c->info->facts |= fact;
	if (c->info->limit == NULL)
		c->info->limit = s;
	yj_msg_set_anomaly(m, YJ_ANOM_ARCHIVE_LIMIT, "%s: %s",
	    yj_attach_path(m->arena, m, (size_t)c->att), s);
}

/* new_attachment - room for one more attachment; -1 at the limit */
static int
new_attachment(struct yj_msg_builder *b)
{
	struct yj_msg *m = b->msg;

	if (m->natts >= YJ_LIM_ATTACHMENTS) {
		yj_msg_set_anomaly(m, YJ_ANOM_LIMIT_ATTACHMENTS,
		    "more than %d attachments", YJ_LIM_ATTACHMENTS);
		return -1;
	}
	if (m->natts == b->atts_alloc) {
		b->atts_alloc = b->atts_alloc ? b->atts_alloc * 2 : 8;
		m->atts = yj_arena_grow(m->arena, m->atts, m->natts,
		    b->atts_alloc, sizeof(*m->atts));
	}
	memset(&m->atts[m->natts], 0, sizeof(m->atts[0]));
	return (int)m->natts++;
}

/* fill_member - the fields of a member from its entry */
static void
fill_member(struct yj_msg *m, int i, int parent, const struct yj_entry *e)
{
	struct yj_attachment *a = &m->atts[i];

	a->filename = e->name ? e->name : "";
	a->filename_nfkc = yj_nfkc_casefold(m->arena, a->filename,
	    strlen(a->filename));
	a->content_type = "";
	a->size = e->size > e->len ? e->size : e->len;
	a->data = e->data ? e->data : (const unsigned char *)"";
	a->data_len = e->data ? e->len : 0;
	a->part = -1;
	a->parent = parent;
	a->depth = m->atts[parent].depth + 1;
	a->flags = YJ_ATT_MEMBER;
	if (e->encrypted)
		a->flags |= YJ_ATT_ENCRYPTED;
	if (e->truncated)
		a->flags |= YJ_ATT_TRUNCATED;
	if (a->data_len > 0 || !e->encrypted)
		yj_sha256_hex(a->data, a->data_len, a->sha256);
	a->detected_type = yj_filetype_mime(m->arena, a->data, a->data_len);
	a->detected_desc = "";
}

/* yj_attach_add_member - record and analyse one member */
int
yj_attach_add_member(struct yj_actx *c, const struct yj_entry *e)
{
	struct yj_msg *m = c->b->msg;
	int i;

	i = new_attachment(c->b);
	if (i < 0)
		return -1;
	fill_member(m, i, c->att, e);
	c->info->members++;
	if (e->encrypted)
		c->info->encrypted_members++;
	yj_attach_analyse(c->b, i);
	if (e->inflated)
		((struct yj_attach_info *)m->atts[i].ext)->facts |=
		    YJ_AF_INFLATED;
	return i;
}

/* yj_attach_add_text - UTF-8 text of this attachment */
void
yj_attach_add_text(struct yj_actx *c, const char *utf8, size_t len)
{
	struct yj_msg *m = c->b->msg;
	unsigned flags = YJ_TEXT_ATTACHMENT;
	int t;

	while (len > 0 && yj_ascii_isspace((unsigned char)utf8[len - 1]))
		len--;
	if (len == 0)
		return;
	if (len > YJ_LIM_TEXT_PART) {
		len = YJ_LIM_TEXT_PART;
		while (len > 0 && ((unsigned char)utf8[len] & 0xc0) == 0x80)
			len--;
		flags |= YJ_TEXT_TRUNCATED;
	}
	t = yj_msg_add_text(c->b, utf8, len, "UTF-8", top_part(m, c->att),
	    flags, false);
	m->texts[t].att = c->att;
	if (c->info->text < 0)
		c->info->text = t;
}

/* yj_attach_add_text_raw - text in a charset (NULL: guess) */
void
yj_attach_add_text_raw(struct yj_actx *c, const char *charset,
    const char *p, size_t len)
{
	const char *u;

	if (len > YJ_LIM_TEXT_PART)
		len = YJ_LIM_TEXT_PART;
	u = yj_attach_utf8(c, charset, p, len);
	yj_attach_add_text(c, u, strlen(u));
}

/* yj_attach_utf8 - any charset to repaired UTF-8 */
const char *
yj_attach_utf8(struct yj_actx *c, const char *charset, const char *p,
    size_t n)
{
	if (charset != NULL && strcmp(charset, "UTF-8") == 0 &&
	    yj_utf8_valid(p, n) && memchr(p, '\0', n) == NULL)
		return yj_arena_memdup(yj_actx_arena(c), p, n);
	return yj_charset_to_utf8(yj_actx_arena(c), charset, p, n, NULL,
	    NULL);
}

/* yj_attach_utf16 - UTF-16LE to UTF-8 */
const char *
yj_attach_utf16(struct yj_actx *c, const unsigned char *p, size_t n)
{
	return yj_charset_to_utf8(yj_actx_arena(c), "UTF-16LE",
	    (const char *)p, n & ~(size_t)1, NULL, NULL);
}

/* is_url - a target that is a web or file URL */
static bool
is_url(const char *s)
{
	return yj_str_iprefix(s, "http://") || yj_str_iprefix(s, "https://") ||
	    yj_str_iprefix(s, "ftp://");
}

/* yj_attach_add_link - an external link, and a URL when it is one */
void
yj_attach_add_link(struct yj_actx *c, const char *target)
{
	struct yj_msg *m = c->b->msg;
	const char *t;

	if (target == NULL || *target == '\0')
		return;
	c->info->facts |= YJ_AF_EXTERNAL_LINKS;
	t = yj_str_trim(m->arena, target, strlen(target));
	if (c->info->links.nr < MAX_LIST && !yj_strvec_has(&c->info->links, t))
		yj_strvec_push(m->arena, &c->info->links, t);
	if (is_url(t))
		yj_msg_add_url(c->b, t, YJ_SRC_ATTACHMENT, top_part(m, c->att));
}

/* yj_attach_add_url - a hyperlink target that is a URL */
void
yj_attach_add_url(struct yj_actx *c, const char *url)
{
	struct yj_msg *m = c->b->msg;
	const char *t;

	if (url == NULL)
		return;
	t = yj_str_trim(m->arena, url, strlen(url));
	if (is_url(t))
		yj_msg_add_url(c->b, t, YJ_SRC_ATTACHMENT, top_part(m, c->att));
}

/* yj_attach_keyword - remember a keyword once */
void
yj_attach_keyword(struct yj_actx *c, const char *kw)
{
	if (c->info->keywords.nr < MAX_LIST &&
	    !yj_strvec_has(&c->info->keywords, kw))
		yj_strvec_push(yj_actx_arena(c), &c->info->keywords, kw);
}

/* yj_attach_sheet - append a sheet */
struct yj_sheet *
yj_attach_sheet(struct yj_actx *c, const char *name)
{
	struct yj_attach_info *in = c->info;
	struct yj_sheet *s;
	size_t n = in->nsheets;

	if (n >= MAX_SHEETS)
		return NULL;
	if ((n & (n - 1)) == 0)
		in->sheets = yj_arena_grow(yj_actx_arena(c), in->sheets, n,
		    n ? n * 2 : 4, sizeof(*in->sheets));
	s = &in->sheets[in->nsheets++];
	memset(s, 0, sizeof(*s));
	s->name = name ? name : "";
	s->rows = s->cols = "";
	return s;
}

/* yj_attach_note - append a comment or a tracked change */
void
yj_attach_note(struct yj_actx *c, bool change, const char *where,
    const char *author, const char *text)
{
	struct yj_attach_info *in = c->info;
	struct yj_att_note **v = change ? &in->changes : &in->comments;
	size_t *np = change ? &in->nchanges : &in->ncomments;
	size_t n = *np;

	in->facts |= change ? YJ_AF_TRACKED_CHANGES : YJ_AF_COMMENTS;
	if (n >= MAX_NOTES)
		return;
	if ((n & (n - 1)) == 0)
		*v = yj_arena_grow(yj_actx_arena(c), *v, n, n ? n * 2 : 4,
		    sizeof(**v));
	(*v)[n].where = where ? where : "";
	(*v)[n].author = author ? author : "";
	(*v)[n].text = text ? text : "";
	*np = n + 1;
}

static const char *const autorun_words[] = {
	"autoopen", "auto_open", "autoexec", "autoclose", "auto_close",
	"document_open", "document_close", "workbook_open",
	"workbook_activate", "document_beforeclose", "auto_activate",
	NULL,
};

static const char *const suspicious_words[] = {
	"shell", "wscript", "createobject", "powershell",
	"urldownloadtofile", "xmlhttp", "winhttp", "adodb.stream",
	"callbyname", "virtualalloc", "createthread", "rtlmovememory",
	"cmd.exe", "mshta", "regsvr32", "rundll32", "certutil", "bitsadmin",
	"environ", "exec(", "call(", "register(", "kill ", NULL,
};

/* yj_attach_scan_vba - auto-run and shell keywords in macro source */
void
yj_attach_scan_vba(struct yj_actx *c, const char *src, size_t n)
{
	size_t i;

	for (i = 0; autorun_words[i] != NULL; i++)
		if (yj_memimem(src, n, autorun_words[i],
		    strlen(autorun_words[i]))) {
			c->info->facts |= YJ_AF_VBA_AUTORUN;
			yj_attach_keyword(c, autorun_words[i]);
		}
	for (i = 0; suspicious_words[i] != NULL; i++)
		if (yj_memimem(src, n, suspicious_words[i],
		    strlen(suspicious_words[i]))) {
			c->info->facts |= YJ_AF_VBA_SUSPICIOUS;
			yj_attach_keyword(c, suspicious_words[i]);
		}
}

/* Words after which mail gives an archive password. */
static const char *const password_words[] = {
	"パスワード", "パスワ-ド", "暗証番号", "解凍", "password", "passwd",
	"pass", "pw", "パス", NULL,
};

/* is_pw_char - a character a password token may hold */
static bool
is_pw_char(unsigned char ch)
{
	return ch > 0x20 && ch < 0x7f && ch != '"' && ch != '\'' &&
	    ch != '<' && ch != '>' && ch != '(' && ch != ')' && ch != '[' &&
	    ch != ']';
}

/* skip_to_token - past separators ("：", "は", "「", spaces, a newline) */
static const char *
skip_to_token(const char *p, const char *end)
{
	static const char *const seps[] = {
		"：", "は", "「", "『", "【", "】", "＝", "です", "が", "→", " ",
		"\t", ":", "=", "\n", "\r", "-", "(", ")", "「", "\"", "'",
		NULL,
	};
	size_t i, k, steps;

	for (steps = 0; p < end && steps < 24; steps++) {
		for (i = 0; seps[i] != NULL; i++) {
			k = strlen(seps[i]);
			if ((size_t)(end - p) >= k &&
			    memcmp(p, seps[i], k) == 0)
				break;
		}
		if (seps[i] == NULL)
			break;
		p += k;
	}
	return p;
}

struct pwset {
	struct yj_strvec	 v;		/* candidates to try */
	bool			 given;		/* one looks like a password */
};

/*
 * password_like - a token that reads as a password, not a word: it has
 * a digit or a symbol, or follows "password:" ("password sent
 * separately" and "パスワードは別途" give none)
 */
static bool
password_like(const char *p, size_t n, bool after_colon)
{
	size_t i;

	if (n < 4)
		return false;
	if (after_colon)
		return true;
	for (i = 0; i < n; i++)
		if (!((p[i] >= 'a' && p[i] <= 'z') ||
		    (p[i] >= 'A' && p[i] <= 'Z')))
			return true;
	return false;
}

/* add_password - a candidate once */
static void
add_password(struct yj_arena *a, struct pwset *pw, const char *p,
    size_t n, bool after_colon)
{
	const char *s;

	if (n == 0 || n > 64 || pw->v.nr >= MAX_PASSWORDS)
		return;
	if (password_like(p, n, after_colon))
		pw->given = true;
	s = yj_arena_memdup(a, p, n);
	if (!yj_strvec_has(&pw->v, s))
		yj_strvec_push(a, &pw->v, s);
}

/* take_token - add the token at q as a candidate; returns its end */
static const char *
take_token(struct yj_arena *a, struct pwset *pw, const char *from,
    const char *q, const char *end)
{
	bool colon = yj_memimem(from, (size_t)(q - from), ":", 1) ||
	    yj_memimem(from, (size_t)(q - from), "=", 1) ||
	    yj_memimem(from, (size_t)(q - from), "：", 3);
	size_t k;

	for (k = 0; q + k < end && is_pw_char((unsigned char)q[k]); k++)
		;
	if (k > 64)
		return q + k;
	while (k > 0 && strchr(".,;", q[k - 1]) != NULL)
		k--;
	add_password(a, pw, q, k, colon);
	return q + k;
}

/* passwords_in - candidate passwords following the password words */
static void
passwords_in(struct yj_arena *a, const char *text, struct pwset *pw)
{
	const char *end = text + strlen(text), *p, *q, *hit;
	size_t i, k;

	for (i = 0; password_words[i] != NULL; i++) {
		k = strlen(password_words[i]);
		for (p = text; (hit = yj_memimem(p, (size_t)(end - p),
		    password_words[i], k)) != NULL; p = hit + k) {
			/* "pass" inside "passport", "pw" inside "pwd" */
			if (k <= 6 && (unsigned char)hit[0] < 0x80 &&
			    ((hit[k] >= 'a' && hit[k] <= 'z') ||
			    (hit[k] >= 'A' && hit[k] <= 'Z')))
				continue;
			q = skip_to_token(hit + k, end);
			q = take_token(a, pw, hit + k, q, end);
			/* "the password is X": the second word too */
			(void)take_token(a, pw, q, skip_to_token(q, end), end);
			k = strlen(password_words[i]);
		}
	}
}

/* collect_passwords - from the subject and every text of the mail */
static void
collect_passwords(struct yj_msg *m, struct pwset *pw)
{
	size_t i;

	passwords_in(m->arena, yj_nfkc(m->arena, m->subject,
	    strlen(m->subject)), pw);
	for (i = 0; i < m->ntexts; i++) {
		if (m->texts[i].flags & YJ_TEXT_ATTACHMENT)
			continue;
		passwords_in(m->arena, yj_nfkc(m->arena, m->texts[i].text,
		    m->texts[i].len), pw);
	}
}

/* yj_attach_finish - open encrypted archives with the mail's passwords */
void
yj_attach_finish(struct yj_msg_builder *b)
{
	struct yj_msg *m = b->msg;
	struct pwset pw = { { 0 }, false };
	struct yj_actx c;
	bool collected = false;
	size_t i, n = m->natts;

	b->in_finish = true;
	for (i = 0; i < n; i++) {
		c.info = m->atts[i].ext;
		if (c.info == NULL || !(c.info->facts &
		    (YJ_AF_ENCRYPTED_MEMBERS | YJ_AF_ENCRYPTED)))
			continue;
		if (!collected) {
			collect_passwords(m, &pw);
			collected = true;
		}
		if (pw.given)
			c.info->facts |= YJ_AF_PASSWORD_IN_MAIL;
		if (pw.v.nr == 0 || c.info->kind != YJ_AK_ARCHIVE ||
		    !(c.info->facts & YJ_AF_ENCRYPTED_MEMBERS))
			continue;
		c.b = b;
		c.att = (int)i;
		yj_archive_retry(&c, pw.v.v, pw.v.nr);
	}
	b->in_finish = false;
}

/* yj_attach_parse_file - a message made of one attachment */
struct yj_msg *
yj_attach_parse_file(const void *data, size_t n, const char *name)
{
	static const struct yj_parse_opts none;
	struct yj_msg_builder b;
	struct yj_attachment *a;
	struct yj_msg *m;
	int i;

	m = yj_msg_parse("", 0, &none);	/* initialises the libraries */
	m->anomalies = 0;
	memset(m->anomaly_detail, 0, sizeof(m->anomaly_detail));
	memset(&b, 0, sizeof(b));
	b.msg = m;
	b.opts = &none;
	i = new_attachment(&b);
	a = &m->atts[i];
	a->filename = yj_utf8_repair(m->arena, name, strlen(name));
	a->filename_nfkc = yj_nfkc_casefold(m->arena, a->filename,
	    strlen(a->filename));
	a->content_type = "";
	a->size = n;
	a->data = (const unsigned char *)yj_arena_memdup(m->arena, data, n);
	a->data_len = n;
	a->part = -1;
	a->parent = -1;
	yj_sha256_hex(data, n, a->sha256);
	yj_filetype(m->arena, data, n, &a->detected_type, &a->detected_desc);
	yj_attach_analyse(&b, i);
	yj_attach_finish(&b);
	yj_msg_finish_text(&b);
	return m;
}
