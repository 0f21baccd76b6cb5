/*
 * attach_name.c - what a file name claims, and whether the name lies
 *
 * Design: extensions are looked up in small sorted-by-kind tables (a few
 * hundred comparisons per attachment at most).  The name tricks are the
 * ones IPA and JPCERT/CC describe for targeted mail (indicator C7 in
 * ../shared/spec/inbound-and-incident.md): a harmless-looking extension
 * in front of the real one ("請求書.pdf.exe", "資料.txt.lnk", which
 * Windows shows as "資料.txt"), a run of spaces that pushes the real
 * extension out of view, and bidirectional controls (U+202E RIGHT-TO-LEFT
 * OVERRIDE turns "invoice_fdp.exe" into "invoice_exe.pdf" on screen).
 * Each is judged on the decoded UTF-8 name.
 *
 * A double extension counts only when the inner extension is a common
 * document or media type and the outer one runs or opens code
 * (executable, script, shortcut, disk image, OneNote, HTML): names like
 * "backup.2024.zip" or "report.v2.docx" stay quiet.
 */
#include <string.h>

#include "mail/attach_int.h"
#include "util/str.h"

struct ext_kind {
	const char		*ext;
	enum yj_att_kind	 kind;
};

static const struct ext_kind ext_kinds[] = {
	/* executables and scripts (C3) */
	{ "exe", YJ_AK_EXECUTABLE }, { "scr", YJ_AK_EXECUTABLE },
	{ "cpl", YJ_AK_EXECUTABLE }, { "com", YJ_AK_EXECUTABLE },
	{ "pif", YJ_AK_EXECUTABLE }, { "dll", YJ_AK_EXECUTABLE },
	{ "sys", YJ_AK_EXECUTABLE }, { "msi", YJ_AK_EXECUTABLE },
	{ "msp", YJ_AK_EXECUTABLE }, { "msc", YJ_AK_EXECUTABLE },
	{ "jar", YJ_AK_EXECUTABLE }, { "xll", YJ_AK_EXECUTABLE },
	{ "appx", YJ_AK_EXECUTABLE }, { "msix", YJ_AK_EXECUTABLE },
	{ "appxbundle", YJ_AK_EXECUTABLE }, { "gadget", YJ_AK_EXECUTABLE },
	{ "application", YJ_AK_EXECUTABLE }, { "elf", YJ_AK_EXECUTABLE },
	{ "bat", YJ_AK_EXECUTABLE }, { "cmd", YJ_AK_EXECUTABLE },
	{ "js", YJ_AK_EXECUTABLE }, { "jse", YJ_AK_EXECUTABLE },
	{ "vbs", YJ_AK_EXECUTABLE }, { "vbe", YJ_AK_EXECUTABLE },
	{ "vb", YJ_AK_EXECUTABLE }, { "wsf", YJ_AK_EXECUTABLE },
	{ "wsh", YJ_AK_EXECUTABLE }, { "wsc", YJ_AK_EXECUTABLE },
	{ "hta", YJ_AK_EXECUTABLE }, { "ps1", YJ_AK_EXECUTABLE },
	{ "psm1", YJ_AK_EXECUTABLE }, { "psd1", YJ_AK_EXECUTABLE },
	{ "sct", YJ_AK_EXECUTABLE }, { "reg", YJ_AK_EXECUTABLE },
	{ "scf", YJ_AK_EXECUTABLE }, { "chm", YJ_AK_EXECUTABLE },
	{ "iqy", YJ_AK_EXECUTABLE }, { "slk", YJ_AK_EXECUTABLE },
	{ "settingcontent-ms", YJ_AK_EXECUTABLE },
	{ "library-ms", YJ_AK_EXECUTABLE }, { "search-ms", YJ_AK_EXECUTABLE },
	{ "url", YJ_AK_LNK }, { "lnk", YJ_AK_LNK },
	{ "one", YJ_AK_ONENOTE }, { "onepkg", YJ_AK_ONENOTE },
	{ "iso", YJ_AK_DISK_IMAGE }, { "img", YJ_AK_DISK_IMAGE },
	{ "vhd", YJ_AK_DISK_IMAGE }, { "vhdx", YJ_AK_DISK_IMAGE },
	{ "daa", YJ_AK_DISK_IMAGE }, { "dmg", YJ_AK_DISK_IMAGE },
	{ "vmdk", YJ_AK_DISK_IMAGE }, { "udf", YJ_AK_DISK_IMAGE },
	/* archives */
	{ "zip", YJ_AK_ARCHIVE }, { "7z", YJ_AK_ARCHIVE },
	{ "rar", YJ_AK_ARCHIVE }, { "tar", YJ_AK_ARCHIVE },
	{ "gz", YJ_AK_ARCHIVE }, { "tgz", YJ_AK_ARCHIVE },
	{ "bz2", YJ_AK_ARCHIVE }, { "tbz", YJ_AK_ARCHIVE },
	{ "tbz2", YJ_AK_ARCHIVE }, { "xz", YJ_AK_ARCHIVE },
	{ "txz", YJ_AK_ARCHIVE }, { "zst", YJ_AK_ARCHIVE },
	{ "lzh", YJ_AK_ARCHIVE }, { "lha", YJ_AK_ARCHIVE },
	{ "cab", YJ_AK_ARCHIVE }, { "arj", YJ_AK_ARCHIVE },
	{ "z", YJ_AK_ARCHIVE }, { "cpio", YJ_AK_ARCHIVE },
	{ "ace", YJ_AK_ARCHIVE }, { "xar", YJ_AK_ARCHIVE },
	/* documents */
	{ "docx", YJ_AK_OOXML }, { "docm", YJ_AK_OOXML },
	{ "dotx", YJ_AK_OOXML }, { "dotm", YJ_AK_OOXML },
	{ "xlsx", YJ_AK_OOXML }, { "xlsm", YJ_AK_OOXML },
	{ "xltx", YJ_AK_OOXML }, { "xltm", YJ_AK_OOXML },
	{ "xlsb", YJ_AK_OOXML }, { "xlam", YJ_AK_OOXML },
	{ "pptx", YJ_AK_OOXML }, { "pptm", YJ_AK_OOXML },
	{ "potx", YJ_AK_OOXML }, { "potm", YJ_AK_OOXML },
	{ "ppsx", YJ_AK_OOXML }, { "ppsm", YJ_AK_OOXML },
	{ "ppam", YJ_AK_OOXML }, { "sldm", YJ_AK_OOXML },
	{ "doc", YJ_AK_OLE2 }, { "dot", YJ_AK_OLE2 },
	{ "xls", YJ_AK_OLE2 }, { "xlt", YJ_AK_OLE2 },
	{ "xla", YJ_AK_OLE2 }, { "ppt", YJ_AK_OLE2 },
	{ "pot", YJ_AK_OLE2 }, { "pps", YJ_AK_OLE2 },
	{ "msg", YJ_AK_OLE2 }, { "pub", YJ_AK_OLE2 },
	{ "vsd", YJ_AK_OLE2 },
	{ "odt", YJ_AK_ODF }, { "ods", YJ_AK_ODF },
	{ "odp", YJ_AK_ODF }, { "odg", YJ_AK_ODF },
	{ "pdf", YJ_AK_PDF }, { "rtf", YJ_AK_RTF },
	{ "htm", YJ_AK_HTML }, { "html", YJ_AK_HTML },
	{ "xhtml", YJ_AK_HTML }, { "shtml", YJ_AK_HTML },
	{ "svg", YJ_AK_HTML }, { "mht", YJ_AK_HTML },
	{ "mhtml", YJ_AK_HTML },
	{ "eml", YJ_AK_MESSAGE },
	{ "txt", YJ_AK_TEXT }, { "csv", YJ_AK_TEXT },
	{ "tsv", YJ_AK_TEXT }, { "log", YJ_AK_TEXT },
	{ "md", YJ_AK_TEXT }, { "json", YJ_AK_TEXT },
	{ "jpg", YJ_AK_IMAGE }, { "jpeg", YJ_AK_IMAGE },
	{ "png", YJ_AK_IMAGE }, { "gif", YJ_AK_IMAGE },
	{ "bmp", YJ_AK_IMAGE }, { "tif", YJ_AK_IMAGE },
	{ "tiff", YJ_AK_IMAGE }, { "webp", YJ_AK_IMAGE },
	{ "heic", YJ_AK_IMAGE }, { "ico", YJ_AK_IMAGE },
};

/* Script extensions among the executables (text that Windows runs). */
static const char *const script_exts[] = {
	"bat", "cmd", "js", "jse", "vbs", "vbe", "vb", "wsf", "wsh", "wsc",
	"hta", "ps1", "psm1", "psd1", "sct", "reg", "scf", "iqy", "slk",
	"settingcontent-ms", "library-ms", "search-ms", NULL,
};

static const char *const macro_exts[] = {
	"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm",
	"ppsm", "ppam", "sldm", NULL,
};

/* Inner extensions a double-extension trick hides behind. */
static const char *const decoy_exts[] = {
	"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "rtf",
	"csv", "jpg", "jpeg", "png", "gif", "bmp", "tif", "zip", "htm",
	"html", "mp3", "mp4", "wav", "avi", "mov", "wmv", "one", NULL,
};

/* in_list - s is one of the NULL-terminated list */
static bool
in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* yj_attach_ext_kind - the kind an extension claims */
enum yj_att_kind
yj_attach_ext_kind(const char *ext)
{
	size_t i;

	for (i = 0; i < sizeof(ext_kinds) / sizeof(ext_kinds[0]); i++)
		if (strcmp(ext_kinds[i].ext, ext) == 0)
			return ext_kinds[i].kind;
	return YJ_AK_OTHER;
}

/* yj_attach_ext_is_script - text that Windows runs */
bool
yj_attach_ext_is_script(const char *ext)
{
	return in_list(script_exts, ext);
}

/* yj_attach_ext_is_macro - macro-enabled Office extension */
bool
yj_attach_ext_is_macro(const char *ext)
{
	return in_list(macro_exts, ext);
}

/* ext_at - lower-case ASCII extension starting at p (after a dot) */
static const char *
ext_at(struct yj_arena *a, const char *p, size_t n)
{
	char buf[24];
	size_t i;

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '.'))
		n--;		/* Windows drops trailing dots and spaces */
	if (n == 0 || n >= sizeof(buf))
		return "";
	for (i = 0; i < n; i++) {
		if ((unsigned char)p[i] >= 0x80 || p[i] == ' ')
			return "";
		buf[i] = (char)yj_ascii_lower((unsigned char)p[i]);
	}
	buf[n] = '\0';
	return yj_arena_strdup(a, buf);
}

/* base_of - the last path component of a member name */
static const char *
base_of(const char *name)
{
	const char *s = strrchr(name, '/'), *b = strrchr(name, '\\');

	if (b != NULL && (s == NULL || b > s))
		s = b;
	return s ? s + 1 : name;
}

/* trimmed_len - length without the trailing dots and spaces Windows drops */
static size_t
trimmed_len(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '.'))
		n--;
	return n;
}

/* yj_attach_ext - last extension, lower case */
const char *
yj_attach_ext(struct yj_arena *a, const char *filename)
{
	const char *b = base_of(filename);
	size_t n = trimmed_len(b);
	const char *dot = NULL;
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i] == '.')
			dot = b + i;
	if (dot == NULL)
		return "";
	return ext_at(a, dot + 1, (size_t)(b + n - dot - 1));
}

/* inner_ext - the extension before the last one, or "" */
static const char *
inner_ext(struct yj_arena *a, const char *filename)
{
	const char *b = base_of(filename);
	size_t n = trimmed_len(b), i;
	const char *d1 = NULL, *d2 = NULL;

	for (i = 0; i < n; i++)
		if (b[i] == '.') {
			d2 = d1;
			d1 = b + i;
		}
	if (d2 == NULL)
		return "";
	/* "a.pdf   .exe": spaces between the two extensions */
	while (d1 > d2 + 1 && (d1[-1] == ' ' || d1[-1] == '\t'))
		d1--;
	return ext_at(a, d2 + 1, (size_t)(d1 - d2 - 1));
}

/* is_space_cp - white space a file name can hide behind */
static bool
is_space_cp(long cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xa0 || cp == 0x3000 ||
	    (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f || cp == 0x205f;
}

/* is_bidi_cp - bidirectional embedding, override and isolate controls */
static bool
is_bidi_cp(long cp)
{
	return (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f;
}

/* scan_name - bidi controls, and the run of spaces before the last dot */
static void
scan_name(const char *name, bool *bidi, unsigned *spaces_before_dot)
{
	const char *p = base_of(name), *end = p + trimmed_len(p);
	unsigned run = 0;
	long cp;

	*bidi = false;
	*spaces_before_dot = 0;
	while (p < end) {
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			p++;
			run = 0;
			continue;
		}
		if (is_bidi_cp(cp))
			*bidi = true;
		if (cp == '.')
			*spaces_before_dot = run;
		run = is_space_cp(cp) ? run + 1 : 0;
	}
}

/* runs_code - an extension whose file runs or opens code */
static bool
runs_code(enum yj_att_kind k)
{
	return k == YJ_AK_EXECUTABLE || k == YJ_AK_LNK ||
	    k == YJ_AK_DISK_IMAGE || k == YJ_AK_ONENOTE || k == YJ_AK_HTML;
}

/* yj_attach_name_facts - facts about the name of atts[c->att] */
void
yj_attach_name_facts(struct yj_actx *c)
{
	struct yj_arena *a = yj_actx_arena(c);
	const char *name = c->b->msg->atts[c->att].filename;
	const char *outer, *inner;
	unsigned spaces;
	bool bidi;

	if (*name == '\0')
		return;
	scan_name(name, &bidi, &spaces);
	if (bidi)
		c->info->facts |= YJ_AF_NAME_BIDI;
	if (spaces >= 3)
		c->info->facts |= YJ_AF_NAME_SPACES;
	outer = yj_attach_ext(a, name);
	inner = inner_ext(a, name);
	if (*inner != '\0' && strcmp(inner, outer) != 0 &&
	    in_list(decoy_exts, inner) && runs_code(yj_attach_ext_kind(outer)))
		c->info->facts |= YJ_AF_NAME_DOUBLE_EXT;
}
