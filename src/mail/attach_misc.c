/*
 * attach_misc.c - small binary formats read by hand: Windows shortcuts,
 * OneNote sections, TNEF (winmail.dat)
 *
 * Design: each reader walks its structure with every offset and length
 * checked against the bytes left; a bad length ends the walk.
 *
 * LNK (MS-SHLLINK): since April 2022 Emotet sends shortcuts whose
 * command line starts PowerShell or a script (JPCERT/CC, indicator C4).
 * The target comes from the LinkInfo local base path, the relative
 * path, or the EnvironmentVariableDataBlock; the arguments from
 * StringData.  Both are kept as evidence and searched for the programs
 * such shortcuts start.
 *
 * OneNote (MS-ONESTORE): in 2023 Emotet and Qakbot sent .one files
 * with a script behind a "double-click to view" picture (indicator C5).
 * Embedded files are FileDataStoreObject structures, found by their
 * header GUID; each becomes a member.
 *
 * TNEF (MS-OXTNEF): Outlook's winmail.dat wraps the attachments of rich
 * text mail.  libytnef would read it, but it is GPL-2 and would make the
 * program GPL (dependencies.md keeps GPL code out of the process), so
 * this is a small parser for what matters: attachment names (attTitle,
 * or PR_ATTACH_LONG_FILENAME in the attachment's MAPI properties) and
 * data (attAttachData), the subject and the plain body.
 */
#include <string.h>

#include "mail/attach_int.h"
#include "util/limits.h"
#include "util/str.h"

#define MAX_ONE_FILES	64
#define MAX_TNEF_ATTR	10000

static const char *const lnk_words[] = {
	"powershell", "cmd.exe", "cmd ", "/c ", "mshta", "wscript", "cscript",
	"rundll32", "regsvr32", "certutil", "bitsadmin", "curl", "http://",
	"https://", "-enc", "frombase64", "iex", "invoke-", NULL,
};

/* lnk_string - a StringData entry; returns the new position */
static size_t
lnk_string(struct yj_actx *c, const unsigned char *d, size_t n, size_t pos,
    bool unicode, const char **out)
{
	size_t cnt, bytes;

	if (pos + 2 > n)
		return n;
	cnt = yj_le16(d + pos);
	bytes = unicode ? cnt * 2 : cnt;
	pos += 2;
	if (bytes > n - pos)
		return n;
	*out = unicode ? yj_attach_utf16(c, d + pos, bytes) :
	    yj_attach_utf8(c, NULL, (const char *)d + pos, bytes);
	return pos + bytes;
}

/* cstr_at - a NUL-terminated 8-bit string at d[off], or NULL */
static const char *
cstr_at(struct yj_actx *c, const unsigned char *d, size_t n, size_t off)
{
	const unsigned char *z;

	if (off >= n)
		return NULL;
	z = memchr(d + off, 0, n - off);
	if (z == NULL || z == d + off)
		return NULL;
	return yj_attach_utf8(c, NULL, (const char *)d + off,
	    (size_t)(z - d - off));
}

/* lnk_info - LinkInfo: the local base path (and its suffix) */
static const char *
lnk_info(struct yj_actx *c, const unsigned char *d, size_t n)
{
	const char *base, *suffix;
	uint32_t flags;

	if (n < 28)
		return NULL;
	flags = yj_le32(d + 8);
	if (!(flags & 1))
		return NULL;
	base = cstr_at(c, d, n, yj_le32(d + 16));
	suffix = cstr_at(c, d, n, yj_le32(d + 24));
	if (base == NULL)
		return NULL;
	return suffix ? yj_arena_printf(yj_actx_arena(c), "%s%s", base,
	    suffix) : base;
}

/* lnk_extra - the EnvironmentVariableDataBlock target, or NULL */
static const char *
lnk_extra(struct yj_actx *c, const unsigned char *d, size_t n, size_t pos)
{
	uint32_t size;
	size_t k;

	while (pos + 8 <= n) {
		size = yj_le32(d + pos);
		if (size < 8 || size > n - pos)
			break;
		if (yj_le32(d + pos + 4) == 0xa0000001 && size >= 788) {
			for (k = 0; k + 1 < 520 && (d[pos + 268 + k] ||
			    d[pos + 269 + k]); k += 2)
				;
			if (k > 0)
				return yj_attach_utf16(c, d + pos + 268, k);
			return cstr_at(c, d, pos + 8 + 260, pos + 8);
		}
		pos += size;
	}
	return NULL;
}

/* yj_lnk_read - target and arguments of a shortcut */
void
yj_lnk_read(struct yj_actx *c)
{
	const char *rel = NULL, *dir = NULL, *args = NULL, *icon = NULL;
	const char *name = NULL, *info = NULL, *env, *both;
	const unsigned char *d;
	uint32_t flags;
	size_t n, pos = 76, i;
	bool uni;

	d = yj_actx_data(c, &n);
	if (n < 76)
		return;
	flags = yj_le32(d + 0x14);
	uni = (flags & 0x80) != 0;
	if ((flags & 0x01) && pos + 2 <= n)
		pos += 2 + yj_le16(d + pos);
	if ((flags & 0x02) && pos + 4 <= n) {
		uint32_t sz = yj_le32(d + pos);

		if (sz <= n - pos)
			info = lnk_info(c, d + pos, sz);
		pos = sz <= n - pos ? pos + sz : n;
	}
	if (flags & 0x04)
		pos = lnk_string(c, d, n, pos, uni, &name);
	if (flags & 0x08)
		pos = lnk_string(c, d, n, pos, uni, &rel);
	if (flags & 0x10)
		pos = lnk_string(c, d, n, pos, uni, &dir);
	if (flags & 0x20)
		pos = lnk_string(c, d, n, pos, uni, &args);
	if (flags & 0x40)
		pos = lnk_string(c, d, n, pos, uni, &icon);
	env = lnk_extra(c, d, n, pos);
	c->info->lnk_target = env ? env : info ? info : rel ? rel : dir;
	c->info->lnk_args = args;
	both = yj_arena_printf(yj_actx_arena(c), "%s %s",
	    c->info->lnk_target ? c->info->lnk_target : "", args ? args : "");
	for (i = 0; lnk_words[i] != NULL; i++)
		if (yj_strcasestr(both, lnk_words[i]) != NULL)
			yj_attach_keyword(c, lnk_words[i]);
	(void)name;
	(void)icon;
}

/* yj_onenote_read - files embedded in a OneNote section */
void
yj_onenote_read(struct yj_actx *c)
{
	static const unsigned char hdr[16] = {
		0xe7, 0x16, 0xe3, 0xbd, 0x65, 0x26, 0x11, 0x45,
		0xa4, 0xc4, 0x8d, 0x4d, 0x0b, 0x7a, 0x9e, 0xac,
	};
	struct yj_entry e;
	const unsigned char *d, *p;
	size_t n, pos = 16;
	uint64_t len;
	unsigned k = 0;

	d = yj_actx_data(c, &n);
	while (pos < n && k < MAX_ONE_FILES) {
		p = (const unsigned char *)yj_memimem((const char *)d + pos,
		    n - pos, (const char *)hdr, sizeof(hdr));
		if (p == NULL || (size_t)(p - d) + 36 > n)
			break;
		pos = (size_t)(p - d) + 36;
		len = yj_le64(p + 16);
		if (len > n - pos)
			len = n - pos;
		c->info->facts |= YJ_AF_EMBEDDED;
		memset(&e, 0, sizeof(e));
		e.name = yj_arena_printf(yj_actx_arena(c), "embedded-%u", ++k);
		e.data = d + pos;
		e.len = (size_t)len;
		e.size = len;
		if (c->info->embedded.nr < 64)
			yj_strvec_push(yj_actx_arena(c), &c->info->embedded,
			    e.name);
		if (!yj_attach_can_nest(c) || yj_attach_add_member(c, &e) < 0)
			break;
		pos += (size_t)len;
	}
}

/* mapi_fixed - the size of a fixed-size MAPI value, or 0 if variable */
static size_t
mapi_fixed(unsigned type)
{
	switch (type & 0x0fff) {
	case 0x0002: case 0x0003: case 0x0004: case 0x000a: case 0x000b:
		return 4;
	case 0x0005: case 0x0006: case 0x0007: case 0x0014: case 0x0040:
		return 8;
	case 0x0048:
		return 16;
	default:
		return 0;
	}
}

/*
 * mapi_find - the first value of property id in a TNEF MAPI property
 * list (MS-OXTNEF 2.1.3.4); *type gets its type
 */
static const unsigned char *
mapi_find(const unsigned char *d, size_t n, unsigned id, unsigned *type,
    size_t *len)
{
	size_t pos = 4, cnt, props, i, j, sz, fixed;
	unsigned t, pid;

	if (n < 4)
		return NULL;
	props = yj_le32(d);
	for (i = 0; i < props && i < 4096 && pos + 4 <= n; i++) {
		t = yj_le16(d + pos);
		pid = yj_le16(d + pos + 2);
		pos += 4;
		if (pid >= 0x8000) {		/* named property */
			if (pos + 20 > n)
				return NULL;
			pos += 16;
			if (yj_le32(d + pos) == 1) {
				if (pos + 8 > n)
					return NULL;
				sz = yj_le32(d + pos + 4);
				pos += 8 + ((sz + 3) & ~(size_t)3);
			} else
				pos += 8;
		}
		fixed = mapi_fixed(t);
		cnt = 1;
		if ((t & 0x1000) || !fixed) {
			if (pos + 4 > n)
				return NULL;
			cnt = yj_le32(d + pos);
			pos += 4;
		}
		for (j = 0; j < cnt && j < 4096 && pos <= n; j++) {
			if (fixed) {
				sz = fixed;
				if (sz > n - pos)
					return NULL;
			} else {
				if (pos + 4 > n)
					return NULL;
				sz = yj_le32(d + pos);
				pos += 4;
				if (sz > n - pos)
					return NULL;
			}
			if (pid == id && j == 0) {
				*type = t;
				*len = sz;
				return d + pos;
			}
			pos += (sz + 3) & ~(size_t)3;
		}
	}
	return NULL;
}

struct tnef {
	struct yj_actx	*c;
	const char	*charset;
	struct yj_entry	 cur;
	bool		 open;
	struct yj_buf	 text;
};

/* tnef_flush - the attachment being read becomes a member */
static void
tnef_flush(struct tnef *t)
{
	if (!t->open)
		return;
	t->open = false;
	if (t->cur.name == NULL || *t->cur.name == '\0')
		t->cur.name = "attachment";
	if (t->cur.data == NULL)
		t->cur.data = (const unsigned char *)"";
	if (yj_attach_can_nest(t->c))
		(void)yj_attach_add_member(t->c, &t->cur);
}

/* tnef_long_name - PR_ATTACH_LONG_FILENAME from attAttachment */
static void
tnef_long_name(struct tnef *t, const unsigned char *d, size_t n)
{
	const unsigned char *v;
	unsigned type = 0;
	size_t len = 0;

	v = mapi_find(d, n, 0x3707, &type, &len);
	if (v == NULL || len == 0)
		return;
	if ((type & 0x0fff) == 0x001f)
		t->cur.name = yj_attach_utf16(t->c, v, len);
	else
		t->cur.name = yj_attach_utf8(t->c, t->charset,
		    (const char *)v, strnlen((const char *)v, len));
}

/* tnef_attr - one attribute */
static void
tnef_attr(struct tnef *t, unsigned level, uint32_t id,
    const unsigned char *v, size_t len)
{
	switch (id) {
	case 0x00069007:		/* attOemCodepage */
		if (len >= 4)
			t->charset = yj_le32(v) == 932 ? "CP932" : NULL;
		break;
	case 0x00018004:		/* attSubject */
	case 0x0002800c:		/* attBody */
		yj_buf_try(yj_buf_adds(&t->text, yj_attach_utf8(t->c,
		    t->charset, (const char *)v, strnlen((const char *)v,
		    len))));
		yj_buf_try(yj_buf_addc(&t->text, '\n'));
		break;
	case 0x00069002:		/* attAttachRendData: a new one */
		tnef_flush(t);
		memset(&t->cur, 0, sizeof(t->cur));
		t->open = true;
		break;
	case 0x00018010:		/* attAttachTitle */
		if (level == 2 && t->cur.name == NULL)
			t->cur.name = yj_attach_utf8(t->c, t->charset,
			    (const char *)v, strnlen((const char *)v, len));
		break;
	case 0x0006800f:		/* attAttachData */
		t->cur.data = v;
		t->cur.len = len;
		t->cur.size = len;
		break;
	case 0x00069005:		/* attAttachment: MAPI properties */
		tnef_long_name(t, v, len);
		break;
	}
}

/* yj_tnef_read - the attachments of a winmail.dat */
void
yj_tnef_read(struct yj_actx *c)
{
	struct tnef t = { .c = c };
	const unsigned char *d;
	size_t n, pos = 6, len;
	unsigned k;

	d = yj_actx_data(c, &n);
	yj_buf_init(&t.text, YJ_LIM_TEXT_PART);
	for (k = 0; k < MAX_TNEF_ATTR && pos + 9 <= n; k++) {
		len = yj_le32(d + pos + 5);
		if (len > n - pos - 9) {
			c->info->facts |= YJ_AF_UNREADABLE;
			break;
		}
		tnef_attr(&t, d[pos], yj_le32(d + pos + 1), d + pos + 9, len);
		pos += 9 + len + 2;
	}
	tnef_flush(&t);
	yj_attach_add_text(c, yj_buf_cstr(&t.text), t.text.len);
	yj_buf_release(&t.text);
}
