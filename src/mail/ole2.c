/*
 * ole2.c - compound files (MS-CFB): Word, Excel, PowerPoint, Outlook,
 * VBA projects, OLE packages
 *
 * Design: libgsf reads the compound-file structure (sectors, FAT, the
 * directory tree) and gives streams by name; everything inside the
 * streams is parsed here, by hand, with every length checked against
 * what is left, because these are the formats attacks are built in:
 *
 *   - VBA (MS-OVBA): the "dir" stream is decompressed and read for the
 *     module streams and their source offsets; each module's source is
 *     decompressed (our own bounded decompressor: libgsf's writes to
 *     stdout in some versions) and searched for auto-run entry points
 *     (AutoOpen, Document_Open, Workbook_Open...) and for what droppers
 *     do (Shell, CreateObject, URLDownloadToFile, PowerShell...);
 *   - Excel BIFF8/BIFF5 "Workbook"/"Book" (MS-XLS): BoundSheet8 gives
 *     each sheet's name, hidden state (hsState) and type (dt = 1 is an
 *     Excel 4.0 macro sheet), Lbl gives the built-in Auto_Open name,
 *     ROW and COLINFO the hidden rows and columns, NOTE the comments,
 *     SST (with its CONTINUE records) the cell text, FilePass the
 *     encryption;
 *   - Word (MS-DOC): FIB flags for encryption; the text through the
 *     piece table of the table stream; DDE fields from the text;
 *   - PowerPoint: text atoms, the VBAInfoAtom's fHasMacros, the
 *     CryptSession10Container of encrypted files;
 *   - the EncryptionInfo/EncryptedPackage pair: a password-protected
 *     OOXML document (MS-OFFCRYPTO) - nothing inside can be read;
 *   - Outlook .msg (MS-OXMSG): subject and body as text, attachments
 *     (and embedded messages) as members;
 *   - OLE packages ("\1Ole10Native") and "Package"/"CONTENTS" streams of
 *     embedded objects become members: an LNK or a script wrapped in a
 *     document is then judged like one attached directly;
 *   - summary properties (author, last saved by, company, manager),
 *     read from the property set streams here (MS-OLEPS): libgsf's
 *     reader leaked memory on damaged sets (found by fuzz_attach).
 *
 * Limits: the storage tree is walked at most MAX_DEPTH deep and
 * MAX_ENTRIES entries; stream bytes read per file at most four times the
 * file (sector chains may overlap) plus 1 MiB, and each stream at most
 * YJ_LIM_ARCHIVE_MEMBER.  libgsf reports damage through GLib warnings;
 * they are silenced (never logged: they quote file content) and the
 * file is marked YJ_AF_UNREADABLE.
 */
#include <gsf/gsf.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "mail/attach_int.h"
#include "util/limits.h"
#include "util/str.h"

#define MAX_DEPTH	8
#define MAX_ENTRIES	4096
#define MAX_MODULES	256
#define CHUNK		4096

struct ole {
	struct yj_actx	*c;
	GsfInfile	*root;
	uint64_t	 budget;	/* stream bytes still allowed */
	unsigned	 entries;
	struct yj_buf	 text;
};

static pthread_once_t gsf_once = PTHREAD_ONCE_INIT;

/* quiet - GLib log handler for libgsf: damage is a fact, not a log line */
static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *msg,
    gpointer arg)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)arg;
}

/* init_gsf - libgsf's types, once per process */
static void
init_gsf(void)
{
	static const char *const domains[] = {
		"libgsf", "libgsf:msole", "libgsf:zip", "libgsf:open_pkg",
		"GLib-GObject", NULL,
	};
	size_t i;

	gsf_init();
	/* parts of libgsf log without a domain: damaged input must not
	 * write to stderr (the milter's log) */
	g_log_set_handler(NULL, G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE |
	    G_LOG_LEVEL_CRITICAL, quiet, NULL);
	for (i = 0; domains[i] != NULL; i++)
		g_log_set_handler(domains[i], G_LOG_LEVEL_WARNING |
		    G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_CRITICAL, quiet, NULL);
}

/* read_stream - a stream's bytes (arena), at most max; NULL if none */
static const unsigned char *
read_stream(struct ole *o, GsfInput *in, size_t max, size_t *len)
{
	gsf_off_t size = gsf_input_size(in);
	unsigned char *buf;
	size_t n;

	*len = 0;
	if (size <= 0)
		return NULL;
	n = (uint64_t)size > max ? max : (size_t)size;
	if (n > o->budget) {
		o->c->info->facts |= YJ_AF_UNREADABLE;
		return NULL;
	}
	o->budget -= n;
	buf = yj_arena_alloc(yj_actx_arena(o->c), n + 1);
	if (gsf_input_read(in, n, buf) == NULL) {
		o->c->info->facts |= YJ_AF_UNREADABLE;
		return NULL;
	}
	*len = n;
	return buf;
}

/* child_bytes - the bytes of a named stream of a storage */
static const unsigned char *
child_bytes(struct ole *o, GsfInfile *dir, const char *name, size_t *len)
{
	const unsigned char *p;
	GsfInput *in;

	*len = 0;
	in = gsf_infile_child_by_name(dir, name);
	if (in == NULL)
		return NULL;
	p = gsf_infile_num_children(GSF_INFILE(in)) < 0 ?
	    read_stream(o, in, YJ_LIM_ARCHIVE_MEMBER, len) : NULL;
	g_object_unref(in);
	return p;
}

/* has_child - a storage has an entry of this name */
static bool
has_child(GsfInfile *dir, const char *name)
{
	GsfInput *in = gsf_infile_child_by_name(dir, name);

	if (in == NULL)
		return false;
	g_object_unref(in);
	return true;
}

/*
 * ovba_decompress - MS-OVBA 2.4.1 CompressedContainer at p[0..n) into
 * out (bounded by out's maximum); false when the container is bad
 */
static bool
ovba_decompress(const unsigned char *p, size_t n, struct yj_buf *out)
{
	size_t pos = 1, chunk_end, start, end, len, off, i;
	unsigned hdr, bits, token;
	unsigned char flags;
	int k;

	if (n == 0 || p[0] != 0x01)
		return false;
	while (pos + 2 <= n) {
		hdr = yj_le16(p + pos);
		chunk_end = pos + (hdr & 0x0fff) + 3;
		pos += 2;
		if (chunk_end > n)
			chunk_end = n;
		start = out->len;
		if (!(hdr & 0x8000)) {		/* raw chunk of 4096 */
			if (yj_buf_add(out, p + pos, chunk_end - pos) != 0)
				return true;
			pos = chunk_end;
			continue;
		}
		while (pos < chunk_end) {
			flags = p[pos++];
			for (k = 0; k < 8 && pos < chunk_end; k++) {
				if (!(flags & (1 << k))) {
					if (yj_buf_addc(out, p[pos++]) != 0)
						return true;
					continue;
				}
				if (pos + 2 > chunk_end)
					return true;
				token = yj_le16(p + pos);
				pos += 2;
				end = out->len - start;
				for (bits = 4; (1U << bits) < end; bits++)
					;
				if (bits > 12)
					bits = 12;
				len = (token & (0xffffU >> bits)) + 3;
				off = (token >> (16 - bits)) + 1;
				if (off > out->len - start)
					return false;
				for (i = 0; i < len; i++)
					if (yj_buf_addc(out, (unsigned char)
					    out->data[out->len - off]) != 0)
						return true;
			}
		}
	}
	return true;
}

struct vba_module {
	const char	*stream;
	uint32_t	 offset;
};

/* dir_modules - module streams and offsets from a decompressed dir */
static size_t
dir_modules(struct ole *o, const unsigned char *d, size_t n,
    struct vba_module *mods)
{
	size_t pos = 0, nm = 0, size;
	const char *stream = NULL;
	uint32_t offset = 0;
	unsigned id;

	while (pos + 6 <= n && nm < MAX_MODULES) {
		id = yj_le16(d + pos);
		size = yj_le32(d + pos + 2);
		pos += 6;
		if (id == 0x0009)	/* PROJECTVERSION: size field lies */
			size = 6;
		if (size > n - pos)
			break;
		if (id == 0x001a)
			stream = yj_attach_utf8(o->c, NULL, (const char *)d +
			    pos, size);
		else if (id == 0x0031 && size >= 4)
			offset = yj_le32(d + pos);
		else if (id == 0x002b && stream != NULL) {
			mods[nm].stream = stream;
			mods[nm++].offset = offset;
			stream = NULL;
			offset = 0;
		}
		pos += size;
	}
	return nm;
}

/* vba_storage - read the modules of one VBA storage */
static void
vba_storage(struct ole *o, GsfInfile *vba)
{
	struct vba_module mods[MAX_MODULES];
	const unsigned char *d, *m;
	struct yj_buf dir, src;
	size_t n, nm, i, len;

	o->c->info->facts |= YJ_AF_VBA;
	d = child_bytes(o, vba, "dir", &n);
	if (d == NULL)
		return;
	yj_buf_init(&dir, 1024 * 1024);
	(void)ovba_decompress(d, n, &dir);
	nm = dir_modules(o, (const unsigned char *)yj_buf_cstr(&dir),
	    dir.len, mods);
	yj_buf_release(&dir);
	yj_buf_init(&src, 4 * 1024 * 1024);
	for (i = 0; i < nm; i++) {
		if (o->c->info->macros.nr < 64)
			yj_strvec_push(yj_actx_arena(o->c), &o->c->info->macros,
			    mods[i].stream);
		m = child_bytes(o, vba, mods[i].stream, &len);
		if (m == NULL || mods[i].offset >= len)
			continue;
		yj_buf_reset(&src);
		(void)ovba_decompress(m + mods[i].offset,
		    len - mods[i].offset, &src);
		yj_attach_scan_vba(o->c, yj_buf_cstr(&src), src.len);
	}
	yj_buf_release(&src);
}

/* push_text - append UTF-8 to the document text */
static void
push_text(struct ole *o, const char *s)
{
	yj_buf_try(yj_buf_adds(&o->text, s));
	yj_buf_try(yj_buf_addc(&o->text, '\n'));
}

/* biff_string - an XLUnicodeString body: fHighByte then cch characters */
static const char *
biff_string(struct ole *o, const unsigned char *p, size_t n, size_t cch,
    bool has_flag)
{
	bool high = false;
	size_t i;
	unsigned char *u;

	if (has_flag) {
		if (n < 1)
			return "";
		high = p[0] & 1;
		p++;
		n--;
	}
	if (high) {
		if (cch > n / 2)
			cch = n / 2;
		return yj_attach_utf16(o->c, p, cch * 2);
	}
	if (cch > n)
		cch = n;
	u = yj_arena_alloc(yj_actx_arena(o->c), cch * 2 + 2);
	for (i = 0; i < cch; i++)
		u[i * 2] = p[i];	/* Latin-1 "compressed" UTF-16 */
	return yj_attach_utf16(o->c, u, cch * 2);
}

struct biff {
	struct ole		*o;
	const unsigned char	*d;
	size_t			 n;
	bool			 biff8;
	uint32_t		 plypos[1024];	/* sheet BOF offsets */
	size_t			 nsheets;
	size_t			 first_sheet;	/* in info->sheets */
	int			 cur;		/* sheet read, or -1 */
	unsigned		 last_row;
};

/* boundsheet - BoundSheet8: position, state, type, name */
static void
boundsheet(struct biff *b, const unsigned char *p, size_t len)
{
	struct yj_attach_info *in = b->o->c->info;
	struct yj_sheet *s;
	const char *name;

	if (len < 8 || b->nsheets >= 1024)
		return;
	name = biff_string(b->o, p + 7, len - 7, p[6], b->biff8);
	s = yj_attach_sheet(b->o->c, name);
	if (s == NULL)
		return;
	b->plypos[b->nsheets++] = yj_le32(p);
	switch (p[4] & 3) {
	case 1:
		s->state = YJ_SHEET_HIDDEN;
		in->facts |= YJ_AF_HIDDEN_SHEETS;
		break;
	case 2:
		s->state = YJ_SHEET_VERY_HIDDEN;
		in->facts |= YJ_AF_HIDDEN_SHEETS | YJ_AF_VERY_HIDDEN;
		break;
	}
	if (p[5] == 1) {
		s->type = YJ_SHEET_MACRO;
		in->facts |= YJ_AF_XLM;
		yj_strvec_push(yj_actx_arena(b->o->c), &in->macros, s->name);
	} else if (p[5] == 2)
		s->type = YJ_SHEET_CHART;
	else if (p[5] == 6) {
		s->type = YJ_SHEET_VBA_MODULE;
		in->facts |= YJ_AF_VBA;
	}
}

/* lbl - a defined name: the built-in Auto_Open runs XLM on open */
static void
lbl(struct biff *b, const unsigned char *p, size_t len)
{
	size_t off = b->biff8 ? 15 : 14;

	if (len <= off || !(yj_le16(p) & 0x0020))
		return;
	if (p[off] == 0x01) {
		b->o->c->info->facts |= YJ_AF_VBA_AUTORUN;
		yj_attach_keyword(b->o->c, "auto_open");
	}
}

/* cur_sheet - the sheet being read, or NULL */
static struct yj_sheet *
cur_sheet(struct biff *b)
{
	size_t i;

	if (b->cur < 0)
		return NULL;
	i = b->first_sheet + (size_t)b->cur;
	return i < b->o->c->info->nsheets ? &b->o->c->info->sheets[i] : NULL;
}

/* add_list - append "a" or "a-b" to a sheet's range list (short) */
static const char *
add_list(struct ole *o, const char *list, const char *item)
{
	if (strlen(list) > 200)
		return list;
	if (strlen(list) > 180)
		return yj_arena_printf(yj_actx_arena(o->c), "%s, ...", list);
	return *list ? yj_arena_printf(yj_actx_arena(o->c), "%s, %s", list,
	    item) : yj_arena_strdup(yj_actx_arena(o->c), item);
}

/* row_col - ROW (hidden rows) and COLINFO (hidden columns) */
static void
row_col(struct biff *b, unsigned type, const unsigned char *p, size_t len)
{
	struct yj_sheet *s = cur_sheet(b);
	unsigned lo, hi;
	char buf[48];

	if (s == NULL)
		return;
	if (type == 0x0208 && len >= 16 && (p[12] & 0x20)) {
		lo = yj_le16(p) + 1U;
		s->hidden_rows++;
		b->o->c->info->facts |= YJ_AF_HIDDEN_ROWS;
		if (s->hidden_rows > 1 && lo == b->last_row + 1) {
			b->last_row = lo;
			return;		/* only range starts listed */
		}
		b->last_row = lo;
		(void)snprintf(buf, sizeof(buf), "%u", lo);
		s->rows = add_list(b->o, s->rows, buf);
	} else if (type == 0x007d && len >= 10 && (yj_le16(p + 8) & 1)) {
		lo = yj_le16(p) + 1U;
		hi = yj_le16(p + 2) + 1U;
		if (hi < lo || hi > 16384)
			return;
		s->hidden_cols += hi - lo + 1;
		b->o->c->info->facts |= YJ_AF_HIDDEN_COLS;
		(void)snprintf(buf, sizeof(buf), lo == hi ? "col %u" :
		    "cols %u-%u", lo, hi);
		s->cols = add_list(b->o, s->cols, buf);
	}
}

/* note - NOTE: a comment on a cell, with its author */
static void
note(struct biff *b, const unsigned char *p, size_t len)
{
	struct yj_sheet *s = cur_sheet(b);
	const char *author = "";
	char where[64];

	if (len < 10)
		return;
	if (len >= 11)
		author = biff_string(b->o, p + 10, len - 10, yj_le16(p + 8),
		    b->biff8);
	(void)snprintf(where, sizeof(where), "R%uC%u", yj_le16(p) + 1U,
	    yj_le16(p + 2) + 1U);
	yj_attach_note(b->o->c, false, s ? yj_arena_printf(
	    yj_actx_arena(b->o->c), "%s!%s", s->name, where) : where, author,
	    "");
}

struct sst {
	const unsigned char	*p;		/* SST + CONTINUE bodies */
	size_t			 n;
	size_t			 bounds[512];	/* CONTINUE starts */
	size_t			 nb;
};

/* next_bound - the first record boundary after pos */
static size_t
next_bound(const struct sst *s, size_t pos)
{
	size_t i;

	for (i = 0; i < s->nb; i++)
		if (s->bounds[i] > pos)
			return s->bounds[i];
	return s->n;
}

/* sst_string - one XLUnicodeRichExtendedString; returns the new pos */
static size_t
sst_string(const struct sst *s, size_t pos, struct yj_buf *u)
{
	size_t cch, runs = 0, ext = 0, end, k, i;
	unsigned flags;

	if (pos + 3 > s->n)
		return s->n;
	cch = yj_le16(s->p + pos);
	flags = s->p[pos + 2];
	pos += 3;
	if ((flags & 0x08) && pos + 2 <= s->n) {
		runs = yj_le16(s->p + pos);
		pos += 2;
	}
	if ((flags & 0x04) && pos + 4 <= s->n) {
		ext = yj_le32(s->p + pos);
		pos += 4;
	}
	while (cch > 0 && pos < s->n) {
		end = next_bound(s, pos);
		k = (end - pos) / ((flags & 1) ? 2 : 1);
		if (k > cch)
			k = cch;
		for (i = 0; i < k; i++) {
			unsigned char pair[2] = { s->p[pos], 0 };

			if (flags & 1)
				pair[1] = s->p[pos + 1];
			pos += (flags & 1) ? 2 : 1;
			if (yj_buf_add(u, pair, 2) != 0)
				return s->n;
		}
		cch -= k;
		/* continued in a CONTINUE record: a new flag byte */
		if (cch > 0 && pos < s->n) {
			flags = (flags & ~1U) | (s->p[pos] & 1);
			pos++;
		}
		if (k == 0 && cch > 0)
			break;
	}
	yj_buf_try(yj_buf_add(u, "\n\0", 2));
	return pos + runs * 4 + ext;
}

/* read_sst - the shared strings: the cell text of the workbook */
static void
read_sst(struct ole *o, struct sst *s)
{
	struct yj_buf u;
	size_t pos = 8;

	yj_buf_init(&u, YJ_LIM_TEXT_PART * 2);
	while (pos < s->n && u.len < YJ_LIM_TEXT_PART * 2 - 4)
		pos = sst_string(s, pos, &u);
	yj_buf_try(yj_buf_adds(&o->text, yj_attach_utf16(o->c,
	    (const unsigned char *)yj_buf_cstr(&u), u.len)));
	yj_buf_release(&u);
}

/* biff_record - one record of the workbook stream */
static bool
biff_record(struct biff *b, size_t off, unsigned type,
    const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < b->nsheets; i++)
		if (b->plypos[i] == off)
			b->cur = (int)i;
	switch (type) {
	case 0x002f:		/* FilePass: the rest is encrypted */
		b->o->c->info->facts |= YJ_AF_ENCRYPTED;
		return false;
	case 0x0085:
		boundsheet(b, p, len);
		break;
	case 0x0018:
		lbl(b, p, len);
		break;
	case 0x0208:
	case 0x007d:
		row_col(b, type, p, len);
		break;
	case 0x001c:
		note(b, p, len);
		break;
	}
	return true;
}

/* collect_sst - SST at off and the CONTINUE records after it */
static size_t
collect_sst(struct biff *b, size_t off, struct sst *s, struct yj_buf *buf)
{
	unsigned type;
	size_t len;

	while (off + 4 <= b->n) {
		type = yj_le16(b->d + off);
		len = yj_le16(b->d + off + 2);
		if (off + 4 + len > b->n)
			break;
		if (buf->len > 0 && type != 0x003c)
			break;
		if (buf->len > 0 && s->nb < 512)
			s->bounds[s->nb++] = buf->len;
		if (yj_buf_add(buf, b->d + off + 4, len) != 0)
			break;
		off += 4 + len;
	}
	s->p = (const unsigned char *)yj_buf_cstr(buf);
	s->n = buf->len;
	return off;
}

/* read_biff - the records of an Excel workbook stream */
static void
read_biff(struct ole *o, const unsigned char *d, size_t n)
{
	struct biff *b = yj_arena_alloc(yj_actx_arena(o->c), sizeof(*b));
	struct yj_buf buf;
	struct sst s;
	unsigned type;
	size_t off = 0, len;

	b->o = o;
	b->d = d;
	b->n = n;
	b->cur = -1;
	b->first_sheet = o->c->info->nsheets;
	b->biff8 = n >= 8 && yj_le16(d) == 0x0809 && yj_le16(d + 4) == 0x0600;
	o->c->info->format = b->biff8 ? "xls" : "xls-biff5";
	while (off + 4 <= n) {
		type = yj_le16(d + off);
		len = yj_le16(d + off + 2);
		if (len > n - off - 4)
			break;
		if (type == 0x00fc && b->biff8) {
			memset(&s, 0, sizeof(s));
			yj_buf_init(&buf, YJ_LIM_ARCHIVE_MEMBER);
			off = collect_sst(b, off, &s, &buf);
			read_sst(o, &s);
			yj_buf_release(&buf);
			continue;
		}
		if (!biff_record(b, off, type, d + off + 4, len))
			break;
		off += 4 + len;
	}
}

/* clean_doc_text - Word's specials to plain text; fields checked for DDE */
static void
clean_doc_text(struct ole *o, char *s)
{
	char *w = s, *field = NULL;

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == 0x13)
			field = w;
		else if ((ch == 0x14 || ch == 0x15) && field != NULL) {
			*w = '\0';
			if (yj_strcasestr(field, "DDE") != NULL) {
				o->c->info->facts |= YJ_AF_DDE;
				if (o->c->info->dde.nr < 16)
					yj_strvec_push(yj_actx_arena(o->c),
					    &o->c->info->dde,
					    yj_arena_strdup(yj_actx_arena(o->c),
					    field));
			}
			w = field;	/* field code is not visible text */
			field = NULL;
		} else if (ch == '\r' || ch == 0x07 || ch == 0x0b ||
		    ch == 0x0c)
			*w++ = '\n';
		else if (ch >= 0x20 || ch == '\t' || ch >= 0x80)
			*w++ = (char)ch;
	}
	*w = '\0';
}

/* word_pieces - text of the piece table (MS-DOC 2.4.1) */
static void
word_pieces(struct ole *o, const unsigned char *wd, size_t wn,
    const unsigned char *clx, size_t cn)
{
	struct yj_arena *a = yj_actx_arena(o->c);
	size_t pos = 0, npcd, i, lcb;
	uint32_t cp0, cp1, fc;
	const unsigned char *plc;
	char *t;

	while (pos < cn && clx[pos] == 0x01 && pos + 3 <= cn)
		pos += 3 + yj_le16(clx + pos + 1);
	if (pos + 5 > cn || clx[pos] != 0x02)
		return;
	lcb = yj_le32(clx + pos + 1);
	plc = clx + pos + 5;
	if (lcb > cn - pos - 5 || lcb < 16)
		return;
	npcd = (lcb - 4) / 12;
	for (i = 0; i < npcd && o->text.len < YJ_LIM_TEXT_PART; i++) {
		cp0 = yj_le32(plc + i * 4);
		cp1 = yj_le32(plc + (i + 1) * 4);
		fc = yj_le32(plc + (npcd + 1) * 4 + i * 8 + 2);
		if (cp1 <= cp0 || cp1 - cp0 > YJ_LIM_TEXT_PART)
			continue;
		if (fc & 0x40000000) {
			fc = (fc & 0x3fffffff) / 2;
			if (fc > wn || cp1 - cp0 > wn - fc)
				continue;
			t = (char *)yj_attach_utf8(o->c, "windows-1252",
			    (const char *)wd + fc, cp1 - cp0);
		} else {
			if (fc > wn || (size_t)(cp1 - cp0) * 2 > wn - fc)
				continue;
			t = (char *)yj_attach_utf16(o->c, wd + fc,
			    (size_t)(cp1 - cp0) * 2);
		}
		t = yj_arena_strdup(a, t);
		clean_doc_text(o, t);
		yj_buf_try(yj_buf_adds(&o->text, t));
	}
}

/* read_word - FIB flags and the text of a Word 97+ document */
static void
read_word(struct ole *o, const unsigned char *d, size_t n)
{
	const unsigned char *tbl;
	uint32_t fc, lcb;
	unsigned flags;
	size_t tn;

	o->c->info->format = "doc";
	if (n < 0x1aa || yj_le16(d) != 0xa5ec)
		return;
	flags = yj_le16(d + 0x0a);
	if (flags & 0x0100) {
		o->c->info->facts |= YJ_AF_ENCRYPTED;
		return;
	}
	if (flags & 0x8000)	/* XOR obfuscation: also a password */
		o->c->info->facts |= YJ_AF_ENCRYPTED;
	tbl = child_bytes(o, o->root, (flags & 0x0200) ? "1Table" : "0Table",
	    &tn);
	fc = yj_le32(d + 0x1a2);
	lcb = yj_le32(d + 0x1a6);
	if (tbl == NULL || fc > tn || lcb > tn - fc)
		return;
	word_pieces(o, d, n, tbl + fc, lcb);
}

/* ex_ole_obj - ExOleObjStg: an embedded object, zlib-compressed or not */
static void
ex_ole_obj(struct ole *o, const unsigned char *d, size_t len, bool packed,
    unsigned k)
{
	struct yj_entry e = { 0 };
	uLongf out;
	unsigned char *buf;

	o->c->info->facts |= YJ_AF_EMBEDDED;
	if (!yj_attach_can_nest(o->c))
		return;
	if (packed) {
		if (len < 4)
			return;
		out = yj_le32(d);
		if (out == 0 || out > YJ_LIM_ARCHIVE_MEMBER || out > o->budget)
			return;
		o->budget -= out;
		buf = yj_arena_alloc(yj_actx_arena(o->c), out);
		if (uncompress(buf, &out, d + 4, (uLong)(len - 4)) != Z_OK)
			return;
		o->c->b->unpacked_total += out;
		e.data = buf;
		e.len = out;
	} else {
		e.data = d;
		e.len = len;
	}
	e.size = e.len;
	e.name = yj_arena_printf(yj_actx_arena(o->c), "object-%u", k);
	if (o->c->info->embedded.nr < 64)
		yj_strvec_push(yj_actx_arena(o->c), &o->c->info->embedded,
		    e.name);
	(void)yj_attach_add_member(o->c, &e);
}

/* read_ppt - PowerPoint: text atoms, macros flag, encryption */
static void
read_ppt(struct ole *o, const unsigned char *d, size_t n)
{
	static const unsigned char vba_atom[8] = {
		0x02, 0x00, 0x00, 0x04, 0x0c, 0x00, 0x00, 0x00,
	};
	const unsigned char *p;
	size_t pos = 0, len;
	unsigned ver, type, inst, objs = 0;

	o->c->info->format = "ppt";
	p = (const unsigned char *)yj_memimem((const char *)d, n,
	    (const char *)vba_atom, sizeof(vba_atom));
	if (p != NULL && (size_t)(p - d) + 20 <= n && yj_le32(p + 12) == 1)
		o->c->info->facts |= YJ_AF_VBA;
	while (pos + 8 <= n) {
		ver = d[pos] & 0x0f;
		inst = yj_le16(d + pos) >> 4;
		type = yj_le16(d + pos + 2);
		len = yj_le32(d + pos + 4);
		pos += 8;
		if (type == 0x2f14)
			o->c->info->facts |= YJ_AF_ENCRYPTED;
		if (ver == 0x0f)
			continue;	/* container: read its children */
		if (len > n - pos)
			break;
		if (type == 0x0fa0)
			push_text(o, yj_attach_utf16(o->c, d + pos, len));
		else if (type == 0x0fa8)
			push_text(o, yj_attach_utf8(o->c, "windows-1252",
			    (const char *)d + pos, len));
		else if (type == 0x1011 && objs < 64)
			ex_ole_obj(o, d + pos, len, inst == 1, ++objs);
		pos += len;
	}
}

/* ole10native - an OLE package: the file a user double-clicks */
static void
ole10native(struct ole *o, const unsigned char *d, size_t n)
{
	struct yj_entry e = { 0 };
	const unsigned char *p = d + 6, *end = d + n, *z;
	const char *label;
	uint32_t size;

	if (n < 6)
		return;
	z = memchr(p, 0, (size_t)(end - p));	/* label */
	if (z == NULL)
		return;
	label = yj_attach_utf8(o->c, NULL, (const char *)p, (size_t)(z - p));
	p = z + 1;
	z = memchr(p, 0, (size_t)(end - p));	/* original path */
	if (z == NULL || end - z < 9)
		return;
	p = z + 1 + 4;
	size = yj_le32(p);			/* temporary path */
	if (size > (size_t)(end - p) - 4)
		return;
	p += 4 + size;
	if (end - p < 4)
		return;
	size = yj_le32(p);
	p += 4;
	if (size > (size_t)(end - p))
		size = (uint32_t)(end - p);
	e.name = *label ? label : "package";
	e.data = p;
	e.len = size;
	e.size = size;
	if (o->c->info->embedded.nr < 64)
		yj_strvec_push(yj_actx_arena(o->c), &o->c->info->embedded,
		    e.name);
	if (yj_attach_can_nest(o->c))
		(void)yj_attach_add_member(o->c, &e);
}

/* embedded_stream - "Package" (OOXML) or "CONTENTS" (PDF...) objects */
static void
embedded_stream(struct ole *o, GsfInput *in, const char *path)
{
	struct yj_entry e = { 0 };

	e.data = read_stream(o, in, YJ_LIM_ARCHIVE_MEMBER, &e.len);
	if (e.data == NULL)
		return;
	e.size = e.len;
	e.name = path;
	if (o->c->info->embedded.nr < 64)
		yj_strvec_push(yj_actx_arena(o->c), &o->c->info->embedded,
		    path);
	if (yj_attach_can_nest(o->c))
		(void)yj_attach_add_member(o->c, &e);
}

/* visit - one entry of the storage tree (streams and storages) */
static void
visit(struct ole *o, GsfInfile *dir, const char *path, int depth)
{
	struct yj_arena *a = yj_actx_arena(o->c);
	const unsigned char *d;
	const char *name, *sub;
	GsfInput *in;
	int i, n;
	size_t len;

	n = gsf_infile_num_children(dir);
	for (i = 0; i < n && o->entries < MAX_ENTRIES; i++, o->entries++) {
		name = gsf_infile_name_by_index(dir, i);
		in = gsf_infile_child_by_index(dir, i);
		if (name == NULL || in == NULL) {
			if (in != NULL)
				g_object_unref(in);
			continue;
		}
		sub = *path ? yj_arena_printf(a, "%s/%s", path, name) :
		    yj_arena_strdup(a, name);
		if (gsf_infile_num_children(GSF_INFILE(in)) >= 0) {
			if (strcmp(name, "VBA") == 0 &&
			    has_child(GSF_INFILE(in), "dir"))
				vba_storage(o, GSF_INFILE(in));
			else if (depth + 1 < MAX_DEPTH)
				visit(o, GSF_INFILE(in), sub, depth + 1);
			if (strcmp(name, "ObjectPool") == 0 ||
			    strncmp(name, "MBD", 3) == 0)
				o->c->info->facts |= YJ_AF_EMBEDDED;
		} else if (strcmp(name, "\001Ole10Native") == 0) {
			o->c->info->facts |= YJ_AF_EMBEDDED;
			d = read_stream(o, in, YJ_LIM_ARCHIVE_MEMBER, &len);
			if (d != NULL)
				ole10native(o, d, len);
		} else if (depth > 0 && (strcmp(name, "Package") == 0 ||
		    strcmp(name, "CONTENTS") == 0)) {
			o->c->info->facts |= YJ_AF_EMBEDDED;
			embedded_stream(o, in, sub);
		}
		g_object_unref(in);
	}
}

/*
 * prop_string - a VT_LPSTR (in the set's code page) or VT_LPWSTR value
 * at off of a property set section (MS-OLEPS 2.5), or ""
 */
static const char *
prop_string(struct ole *o, const unsigned char *d, size_t n, size_t off,
    const char *charset)
{
	uint32_t type, len;

	if (off > n || n - off < 8)
		return "";
	type = yj_le32(d + off);
	len = yj_le32(d + off + 4);
	off += 8;
	if (type == 0x1f) {		/* VT_LPWSTR: characters */
		if (len > (n - off) / 2)
			return "";
		len *= 2;
	} else if (type != 0x1e || len > n - off)
		return "";
	while (len > 0 && d[off + len - 1] == 0)
		len--;
	if (type == 0x1f)
		return yj_attach_utf16(o->c, d + off, len);
	return yj_attach_utf8(o->c, charset, (const char *)d + off, len);
}

/* codepage_name - the charset of a property set's PID_CODEPAGE */
static const char *
codepage_name(unsigned cp)
{
	switch (cp) {
	case 932:	return "CP932";
	case 65001:	return "UTF-8";
	case 1252:	return "windows-1252";
	case 949:	return "windows-949";
	case 936:	return "GBK";
	default:	return NULL;
	}
}

/*
 * read_propset - the first section of a property set stream; ids[k]
 * names the property whose string goes to *out[k]
 */
static void
read_propset(struct ole *o, const char *stream, const uint32_t *ids,
    const char **const *out, size_t nids)
{
	const unsigned char *d, *sec;
	const char *charset = NULL;
	uint32_t off, size, count, pid, poff, i;
	size_t n, k;

	d = child_bytes(o, o->root, stream, &n);
	if (d == NULL || n < 48 || yj_le16(d) != 0xfffe)
		return;
	off = yj_le32(d + 44);
	if (off > n || n - off < 8)
		return;
	sec = d + off;
	size = yj_le32(sec);
	count = yj_le32(sec + 4);
	if (size > n - off || count > (size - 8) / 8)
		return;
	for (i = 0; i < count; i++) {	/* the code page comes first */
		pid = yj_le32(sec + 8 + i * 8);
		poff = yj_le32(sec + 12 + i * 8);
		if (pid == 1 && poff <= size - 8 && yj_le32(sec + poff) == 2)
			charset = codepage_name(yj_le16(sec + poff + 4));
	}
	for (i = 0; i < count; i++) {
		pid = yj_le32(sec + 8 + i * 8);
		poff = yj_le32(sec + 12 + i * 8);
		for (k = 0; k < nids; k++)
			if (pid == ids[k])
				*out[k] = prop_string(o, sec, size, poff,
				    charset);
	}
}

/* read_props - SummaryInformation and DocumentSummaryInformation */
static void
read_props(struct ole *o)
{
	struct yj_att_props *p = &o->c->info->props;
	static const uint32_t si[] = { 2, 3, 4, 5, 6, 8 };
	static const uint32_t dsi[] = { 0x0e, 0x0f };
	const char **const si_out[] = { &p->title, &p->subject, &p->author,
	    &p->keywords, &p->description, &p->last_modified_by };
	const char **const dsi_out[] = { &p->manager, &p->company };

	read_propset(o, "\005SummaryInformation", si, si_out, 6);
	read_propset(o, "\005DocumentSummaryInformation", dsi, dsi_out, 2);
}

/* msg_prop - a .msg property stream as text (Unicode or 8-bit) */
static const char *
msg_prop(struct ole *o, GsfInfile *dir, const char *tag)
{
	const unsigned char *d;
	char name[40];
	size_t n;

	(void)snprintf(name, sizeof(name), "__substg1.0_%s001F", tag);
	d = child_bytes(o, dir, name, &n);
	if (d != NULL)
		return yj_attach_utf16(o->c, d, n);
	(void)snprintf(name, sizeof(name), "__substg1.0_%s001E", tag);
	d = child_bytes(o, dir, name, &n);
	return d ? yj_attach_utf8(o->c, NULL, (const char *)d, n) : "";
}

static void read_msg(struct ole *, GsfInfile *, int);

/* msg_attachment - one "__attach_version1.0_#" storage */
static void
msg_attachment(struct ole *o, GsfInfile *st, int depth)
{
	struct yj_entry e = { 0 };
	struct ole sub;
	GsfInput *in;
	int i;

	e.name = msg_prop(o, st, "3707");
	if (*e.name == '\0')
		e.name = msg_prop(o, st, "3704");
	e.data = child_bytes(o, st, "__substg1.0_37010102", &e.len);
	e.size = e.len;
	in = gsf_infile_child_by_name(st, "__substg1.0_3701000D");
	if (e.data == NULL && in == NULL)
		return;
	if (*e.name == '\0')
		e.name = in ? "message.msg" : "attachment";
	if (!yj_attach_can_nest(o->c)) {
		if (in != NULL)
			g_object_unref(in);
		return;
	}
	i = yj_attach_add_member(o->c, &e);
	if (in != NULL && i >= 0 && depth < 4) {
		struct yj_actx c2 = { o->c->b, i, o->c->b->msg->atts[i].ext };

		sub = *o;
		sub.c = &c2;
		yj_buf_init(&sub.text, YJ_LIM_TEXT_PART);
		c2.info->kind = YJ_AK_MESSAGE;
		c2.info->format = "msg";
		read_msg(&sub, GSF_INFILE(in), depth + 1);
		yj_attach_add_text(&c2, yj_buf_cstr(&sub.text), sub.text.len);
		yj_buf_release(&sub.text);
		o->budget = sub.budget;
		o->entries = sub.entries;
	}
	if (in != NULL)
		g_object_unref(in);
}

/* read_msg - an Outlook message storage: text and attachments */
static void
read_msg(struct ole *o, GsfInfile *dir, int depth)
{
	const char *name;
	GsfInput *in;
	int i, n;

	o->c->info->kind = YJ_AK_MESSAGE;
	o->c->info->format = "msg";
	push_text(o, msg_prop(o, dir, "0037"));
	push_text(o, msg_prop(o, dir, "1000"));
	n = gsf_infile_num_children(dir);
	for (i = 0; i < n && o->entries < MAX_ENTRIES; i++, o->entries++) {
		name = gsf_infile_name_by_index(dir, i);
		if (name == NULL || strncmp(name, "__attach_version1.0_", 20))
			continue;
		in = gsf_infile_child_by_index(dir, i);
		if (in == NULL)
			continue;
		if (gsf_infile_num_children(GSF_INFILE(in)) >= 0)
			msg_attachment(o, GSF_INFILE(in), depth);
		g_object_unref(in);
	}
}

/* is_msi - Windows Installer database (root CLSID 000C1084-...) */
static bool
is_msi(GsfInfile *root)
{
	static const unsigned char msi[16] = {
		0x84, 0x10, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00,
		0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
	};
	guint8 id[16];

	return gsf_infile_msole_get_class_id(GSF_INFILE_MSOLE(root), id) &&
	    memcmp(id, msi, 16) == 0;
}

/* read_main - the main stream of the application that made the file */
static void
read_main(struct ole *o)
{
	const unsigned char *d;
	size_t n;

	if ((d = child_bytes(o, o->root, "Workbook", &n)) != NULL ||
	    (d = child_bytes(o, o->root, "Book", &n)) != NULL)
		read_biff(o, d, n);
	else if ((d = child_bytes(o, o->root, "WordDocument", &n)) != NULL)
		read_word(o, d, n);
	else if ((d = child_bytes(o, o->root, "PowerPoint Document",
	    &n)) != NULL)
		read_ppt(o, d, n);
}

/* open_ole - libgsf over the bytes; NULL when not a compound file */
static GsfInfile *
open_ole(const unsigned char *d, size_t n, GsfInput **in)
{
	GsfInfile *root;
	GError *err = NULL;

	pthread_once(&gsf_once, init_gsf);
	*in = gsf_input_memory_new(d, (gsf_off_t)n, FALSE);
	if (*in == NULL)
		return NULL;
	root = gsf_infile_msole_new(*in, &err);
	if (err != NULL)
		g_error_free(err);
	if (root == NULL) {
		g_object_unref(*in);
		*in = NULL;
	}
	return root;
}

/* classify - encrypted OOXML, Outlook message, installer, or document */
static void
classify(struct ole *o)
{
	struct yj_attach_info *in = o->c->info;

	if (has_child(o->root, "EncryptionInfo") &&
	    has_child(o->root, "EncryptedPackage")) {
		in->facts |= YJ_AF_ENCRYPTED;
		in->format = "encrypted-ooxml";
		return;
	}
	if (has_child(o->root, "__properties_version1.0")) {
		read_msg(o, o->root, 0);
		return;
	}
	if (is_msi(o->root)) {
		in->kind = YJ_AK_EXECUTABLE;
		in->format = "msi";
	}
	read_props(o);
	read_main(o);
	visit(o, o->root, "", 0);
	if (has_child(o->root, "EncryptedSummary"))
		in->facts |= YJ_AF_ENCRYPTED;
}

/* yj_ole2_read - a compound file attachment */
void
yj_ole2_read(struct yj_actx *c)
{
	struct ole o = { .c = c };
	const unsigned char *d;
	GsfInput *in;
	size_t n;

	d = yj_actx_data(c, &n);
	o.root = open_ole(d, n, &in);
	if (o.root == NULL) {
		c->info->facts |= YJ_AF_UNREADABLE;
		return;
	}
	o.budget = (uint64_t)n * 4 + 1024 * 1024;
	yj_buf_init(&o.text, YJ_LIM_TEXT_PART);
	classify(&o);
	yj_attach_add_text(c, yj_buf_cstr(&o.text), o.text.len);
	yj_buf_release(&o.text);
	g_object_unref(o.root);
	g_object_unref(in);
}

/* yj_ole2_vba - the VBA project of an OOXML document (vbaProject.bin) */
void
yj_ole2_vba(struct yj_actx *c, const unsigned char *d, size_t n)
{
	struct ole o = { .c = c };
	GsfInput *in, *vba;

	o.root = open_ole(d, n, &in);
	if (o.root == NULL)
		return;
	o.budget = (uint64_t)n * 4 + 1024 * 1024;
	vba = gsf_infile_child_by_name(o.root, "VBA");
	if (vba != NULL) {
		if (gsf_infile_num_children(GSF_INFILE(vba)) >= 0)
			vba_storage(&o, GSF_INFILE(vba));
		g_object_unref(vba);
	}
	g_object_unref(o.root);
	g_object_unref(in);
}
