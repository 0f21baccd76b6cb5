/*
 * ooxml.c - Office Open XML and OpenDocument packages, read with expat
 *
 * Design: archive.c hands over the ZIP entries already read (bounded);
 * here each part of interest is parsed once with expat in namespace
 * mode, matching local names only: Office accepts any prefix, and an
 * attacker who renames "x:" to "y:" must not hide a sheet.  Expat never
 * loads external entities here and limits entity expansion itself
 * (billion laughs protection, expat >= 2.4).
 *
 * The order matters: all relationship parts first (they map r:id to
 * parts and sheet parts to comment parts), then the workbook (sheet
 * names, states, and their types from the relationship types), then
 * every other part.  What is read:
 *
 *   xl/workbook.xml        sheets: name, state (hidden, veryHidden),
 *                          type (worksheet, macrosheet, chart, dialog);
 *                          _xlnm.Auto_Open names (XLM that runs itself)
 *   xl/workbook.bin        the same sheets of an .xlsb (BrtBundleSh
 *                          records; the binary sheets, shared strings
 *                          and defined names are not read)
 *   xl/worksheets/...xml   <row hidden>, <col hidden>, inline strings
 *   xl/sharedStrings.xml   cell text (phonetic runs <rPh> skipped)
 *   xl/comments...xml,     comments with their cell and author
 *   xl/threadedComments/...
 *   xl/revisions/...       the shared-workbook change log
 *   xl/macrosheets/...     Excel 4.0 macros (and their keywords)
 *   xl/externalLinks/...   links to other workbooks, DDE links
 *   word/document.xml,     text, tracked insertions and deletions with
 *   headers, footers,      their authors (deleted text included: it is
 *   foot- and endnotes     still in the file), DDE/DDEAUTO fields
 *   word/comments.xml      comments
 *   ppt/slides/...xml      text, hidden slides (show="0")
 *   ppt/notesSlides/...xml speaker notes (text)
 *   ppt/comments/...       comments (legacy and modern)
 *   docProps/core.xml,     title, subject, author, last modified by,
 *   docProps/app.xml       keywords, description, company, manager
 *   any .rels part         external targets: templates (remote
 *                          template injection), OLE links, workbooks;
 *                          hyperlinks become URLs of the message
 *   vbaProject.bin         VBA project, read by ole2.c
 *   .../embeddings/...     embedded objects, each a member
 *   .../activeX/...        ActiveX controls
 *
 * All text goes into one buffer (YJ_LIM_TEXT_PART) and becomes one text
 * of the message.  Part names are compared case-insensitively, as OPC
 * requires.
 */
#include <expat.h>
#include <stdint.h>
#include <string.h>

#include "mail/attach_int.h"
#include "util/limits.h"
#include "util/str.h"

#define MAX_RELS	4096
#define MAX_LIST	40	/* row/column ranges written per sheet */
#define EXCERPT		200	/* bytes kept of a comment or change */

enum mode {
	M_RELS, M_WORKBOOK, M_SHEET, M_SST, M_XL_COMMENTS, M_THREADED,
	M_REVISIONS, M_MACROSHEET, M_EXTLINK, M_WORD, M_WORD_COMMENTS,
	M_SLIDE, M_NOTES, M_PPT_COMMENTS, M_PPT_AUTHORS, M_CORE, M_APP,
	M_ODF_CONTENT, M_ODF_META,
};

struct rel {
	const char	*source;	/* part the .rels file describes */
	const char	*id;
	const char	*type;		/* last segment of the type URI */
	const char	*target;	/* resolved part name, or external */
	bool		 external;
};

struct wbsheet {
	const char	*part;		/* resolved part name */
	int		 sheet;		/* index in info->sheets */
};

struct oox {
	struct yj_actx		*c;
	const struct yj_entry	*v;
	size_t			 n;
	struct rel		*rels;
	size_t			 nrels;
	struct wbsheet		*wb;
	size_t			 nwb;
	struct yj_strvec	 authors;	/* comment authors by id */
	struct yj_buf		 text;		/* the document text */
};

struct xp {
	struct oox		*o;
	const char		*part;
	enum mode		 mode;
	struct yj_sheet		*sheet;		/* M_SHEET */
	unsigned		 last_row;	/* ranges being written */
	unsigned		 run_start;
	struct yj_buf		 rows;
	unsigned		 nranges;
	int			 in_text;	/* inside a text element */
	int			 skip;		/* inside <rPh> */
	struct yj_buf		 cap;		/* captured text */
	bool			 capturing;
	const char		*author;	/* current note */
	const char		*where;
	int			 change;	/* depth in w:ins/w:del */
	bool			 instr;		/* in w:instrText */
	const char		*prop;		/* docProps element */
	struct yj_strvec	 hidden_styles;	/* ODF table styles */
};

/* local - the local part of an expat namespace name "uri|local" */
static const char *
local(const char *name)
{
	const char *p = strrchr(name, '|');

	return p ? p + 1 : name;
}

/* attr - attribute by local name, or NULL */
static const char *
attr(const char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i] != NULL; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* is_true - OOXML boolean */
static bool
is_true(const char *v)
{
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 ||
	    strcmp(v, "on") == 0);
}

/* adup - attribute copy in the arena ("" for NULL) */
static const char *
adup(struct xp *x, const char *s)
{
	return s ? yj_arena_strdup(yj_actx_arena(x->o->c), s) : "";
}

/* doc_text - append to the document text; full buffer drops the rest */
static void
doc_text(struct oox *o, const char *s, size_t n)
{
	yj_buf_try(yj_buf_add(&o->text, s, n));
}

/* col_name - 1 -> "A", 27 -> "AA" */
static const char *
col_name(char *buf, unsigned n)
{
	char tmp[8];
	size_t i = 0, k = 0;

	while (n > 0 && i < sizeof(tmp)) {
		n--;
		tmp[i++] = (char)('A' + n % 26);
		n /= 26;
	}
	while (i > 0)
		buf[k++] = tmp[--i];
	buf[k] = '\0';
	return buf;
}

/* flush_range - write the pending row or column range */
static void
flush_range(struct xp *x, bool cols)
{
	char a[8], b[8];
	int r = 0;

	if (x->run_start == 0)
		return;
	if (x->nranges++ >= MAX_LIST)
		r = x->nranges == MAX_LIST + 1 ? yj_buf_adds(&x->rows, ", ...")
		    : 0;
	else if (cols)
		r = x->run_start == x->last_row ? yj_buf_addf(&x->rows, "%s%s",
		    x->rows.len ? ", " : "", col_name(a, x->run_start)) :
		    yj_buf_addf(&x->rows, "%s%s-%s", x->rows.len ? ", " : "",
		    col_name(a, x->run_start), col_name(b, x->last_row));
	else
		r = x->run_start == x->last_row ? yj_buf_addf(&x->rows, "%s%u",
		    x->rows.len ? ", " : "", x->run_start) :
		    yj_buf_addf(&x->rows, "%s%u-%u", x->rows.len ? ", " : "",
		    x->run_start, x->last_row);
	(void)r;
	x->run_start = 0;
}

/* hidden_range - rows or columns lo..hi are hidden */
static void
hidden_range(struct xp *x, unsigned lo, unsigned hi, bool cols)
{
	if (lo == 0 || hi < lo || hi - lo > 20000)
		return;
	if (cols)
		x->sheet->hidden_cols += hi - lo + 1;
	else
		x->sheet->hidden_rows += hi - lo + 1;
	if (x->run_start != 0 && lo == x->last_row + 1) {
		x->last_row = hi;
		return;
	}
	flush_range(x, cols);
	x->run_start = lo;
	x->last_row = hi;
}

/* num - unsigned attribute value, 0 when absent or bad */
static unsigned
num(const char *v)
{
	unsigned long n = 0;

	if (v == NULL)
		return 0;
	while (*v >= '0' && *v <= '9' && n < 10000000)
		n = n * 10 + (unsigned long)(*v++ - '0');
	return (unsigned)n;
}

/* resolve - a relationship target relative to its source part */
static const char *
resolve(struct yj_arena *a, const char *source, const char *target)
{
	char buf[1024];
	size_t n = 0;
	const char *slash;

	if (*target == '/')
		return yj_arena_strdup(a, target + 1);
	slash = strrchr(source, '/');
	if (slash != NULL) {
		n = (size_t)(slash - source + 1);
		if (n >= sizeof(buf))
			return target;
		memcpy(buf, source, n);
	}
	while (strncmp(target, "../", 3) == 0) {
		target += 3;
		if (n > 0)
			n--;
		while (n > 0 && buf[n - 1] != '/')
			n--;
	}
	if (strncmp(target, "./", 2) == 0)
		target += 2;
	if (n + strlen(target) >= sizeof(buf))
		return target;
	memcpy(buf + n, target, strlen(target) + 1);
	return yj_arena_strdup(a, buf);
}

/* rels_source - "xl/_rels/workbook.xml.rels" -> "xl/workbook.xml" */
static const char *
rels_source(struct yj_arena *a, const char *rels)
{
	const char *r = yj_strcasestr(rels, "_rels/");
	size_t n = strlen(rels);

	if (r == NULL || n < 5 || !yj_str_isuffix(rels, ".rels"))
		return "";
	return yj_arena_printf(a, "%.*s%.*s", (int)(r - rels), rels,
	    (int)(n - 5 - (size_t)(r - rels) - 6), r + 6);
}

/* on_rel - one <Relationship> */
static void
on_rel(struct xp *x, const char **atts)
{
	struct oox *o = x->o;
	struct yj_arena *a = yj_actx_arena(o->c);
	const char *type = attr(atts, "Type"), *target = attr(atts, "Target");
	const char *mode = attr(atts, "TargetMode"), *t;
	struct rel *r;

	if (type == NULL || target == NULL || o->nrels >= MAX_RELS)
		return;
	t = strrchr(type, '/');
	t = t ? t + 1 : type;
	if (mode != NULL && yj_str_ieq(mode, "External")) {
		if (yj_str_ieq(t, "hyperlink"))
			yj_attach_add_url(o->c, target);
		else {
			yj_attach_add_link(o->c, target);
			if (yj_str_ieq(t, "attachedTemplate"))
				o->c->info->facts |= YJ_AF_TEMPLATE_LINK;
		}
	}
	if ((o->nrels & (o->nrels - 1)) == 0)
		o->rels = yj_arena_grow(a, o->rels, o->nrels,
		    o->nrels ? o->nrels * 2 : 16, sizeof(*o->rels));
	r = &o->rels[o->nrels++];
	r->source = rels_source(a, x->part);
	r->id = adup(x, attr(atts, "Id"));
	r->type = adup(x, t);
	r->external = mode != NULL && yj_str_ieq(mode, "External");
	r->target = r->external ? adup(x, target) : resolve(a, r->source,
	    target);
}

/* find_rel - the relationship of source with this id */
static const struct rel *
find_rel(const struct oox *o, const char *source, const char *id)
{
	size_t i;

	for (i = 0; i < o->nrels; i++)
		if (strcmp(o->rels[i].id, id) == 0 &&
		    yj_str_ieq(o->rels[i].source, source))
			return &o->rels[i];
	return NULL;
}

/* sheet_type - from the relationship type */
static enum yj_sheet_type
sheet_type(const char *t)
{
	if (yj_strcasestr(t, "macrosheet") != NULL)
		return YJ_SHEET_MACRO;
	if (yj_str_ieq(t, "chartsheet"))
		return YJ_SHEET_CHART;
	if (yj_str_ieq(t, "dialogsheet"))
		return YJ_SHEET_DIALOG;
	return YJ_SHEET_WORKSHEET;
}

/*
 * wb_sheet - one sheet of the workbook part: its name, state (the enum
 * yj_sheet_state) and relationship id (NULL if none), from the XML or
 * the binary workbook
 */
static void
wb_sheet(struct oox *o, const char *part, const char *name,
    enum yj_sheet_state state, const char *id)
{
	const struct rel *r;
	struct yj_sheet *s;

	s = yj_attach_sheet(o->c, name);
	if (s == NULL)
		return;
	s->state = state;
	if (state == YJ_SHEET_VERY_HIDDEN)
		o->c->info->facts |= YJ_AF_VERY_HIDDEN | YJ_AF_HIDDEN_SHEETS;
	else if (state == YJ_SHEET_HIDDEN)
		o->c->info->facts |= YJ_AF_HIDDEN_SHEETS;
	r = id ? find_rel(o, part, id) : NULL;
	if (r == NULL)
		return;
	s->type = sheet_type(r->type);
	if (s->type == YJ_SHEET_MACRO) {
		o->c->info->facts |= YJ_AF_XLM;
		yj_strvec_push(yj_actx_arena(o->c), &o->c->info->macros,
		    s->name);
	}
	if (o->nwb < o->c->info->nsheets && o->wb != NULL) {
		o->wb[o->nwb].part = r->target;
		o->wb[o->nwb++].sheet = (int)(s - o->c->info->sheets);
	}
}

/* on_wb_sheet - <sheet name state r:id> of the workbook */
static void
on_wb_sheet(struct xp *x, const char **atts)
{
	const char *state = attr(atts, "state");
	enum yj_sheet_state st = YJ_SHEET_VISIBLE;

	if (state != NULL && strcmp(state, "veryHidden") == 0)
		st = YJ_SHEET_VERY_HIDDEN;
	else if (state != NULL && strcmp(state, "hidden") == 0)
		st = YJ_SHEET_HIDDEN;
	wb_sheet(x->o, x->part, adup(x, attr(atts, "name")), st,
	    attr(atts, "id"));
}

/*
 * xlsb_varint - a record type (at most 2 bytes) or size (at most 4) of
 * the binary workbook: 7 bits a byte, low first, high bit = more
 */
static bool
xlsb_varint(const unsigned char **p, const unsigned char *end, int max,
    uint32_t *out)
{
	int i;

	*out = 0;
	for (i = 0; i < max && *p < end; i++) {
		*out |= (uint32_t)(**p & 0x7f) << (7 * i);
		if ((*(*p)++ & 0x80) == 0)
			return true;
	}
	return false;
}

/* xlsb_wstr - an XLWideString at *p (count of UTF-16 units, the units) */
static const char *
xlsb_wstr(struct oox *o, const unsigned char **p, const unsigned char *end)
{
	uint32_t n;

	if (end - *p < 4)
		return NULL;
	n = yj_le32(*p);
	*p += 4;
	if (n == 0xffffffffu)		/* XLNullableWideString: null */
		return "";
	if (n > (uint32_t)(end - *p) / 2)
		return NULL;
	*p += n * 2;
	return yj_attach_utf16(o->c, *p - n * 2, n * 2);
}

/*
 * xlsb_workbook - the sheets of xl/workbook.bin ([MS-XLSB] 2.4.153
 * BrtBundleSh: hsState, iTabID, strRelID, strName); a record that does
 * not fit ends the walk
 */
static void
xlsb_workbook(struct oox *o, const struct yj_entry *e)
{
	enum { BRT_BUNDLE_SH = 156 };
	const unsigned char *p = e->data, *end = p + e->len, *rec;
	const char *rid, *name;
	uint32_t type, size, state;

	while (p < end) {
		if (!xlsb_varint(&p, end, 2, &type) ||
		    !xlsb_varint(&p, end, 4, &size) ||
		    size > (size_t)(end - p))
			return;
		rec = p;
		p += size;
		if (type != BRT_BUNDLE_SH || size < 8)
			continue;
		state = rec[0];		/* low byte of the 32-bit hsState */
		rec += 8;
		if ((rid = xlsb_wstr(o, &rec, p)) == NULL ||
		    (name = xlsb_wstr(o, &rec, p)) == NULL)
			continue;
		wb_sheet(o, e->name, name, state == 2 ? YJ_SHEET_VERY_HIDDEN :
		    state == 1 ? YJ_SHEET_HIDDEN : YJ_SHEET_VISIBLE,
		    *rid != '\0' ? rid : NULL);
	}
}

/* sheet_of_part - the sheet whose part is this, or NULL */
static struct yj_sheet *
sheet_of_part(const struct oox *o, const char *part)
{
	size_t i;

	for (i = 0; i < o->nwb; i++)
		if (yj_str_ieq(o->wb[i].part, part))
			return &o->c->info->sheets[o->wb[i].sheet];
	return NULL;
}

/* sheet_name_for - the sheet that refers to a comments part, or "" */
static const char *
sheet_name_for(const struct oox *o, const char *part)
{
	const struct yj_sheet *s;
	size_t i;

	for (i = 0; i < o->nrels; i++)
		if (!o->rels[i].external && yj_str_ieq(o->rels[i].target, part))
			if ((s = sheet_of_part(o, o->rels[i].source)) != NULL)
				return s->name;
	return "";
}

/* note_where - "Sheet1!B2", "B2", or the part */
static const char *
note_where(struct xp *x, const char *ref)
{
	const char *sheet = sheet_name_for(x->o, x->part);

	if (ref == NULL)
		return *sheet ? sheet : x->part;
	if (*sheet == '\0')
		return adup(x, ref);
	return yj_arena_printf(yj_actx_arena(x->o->c), "%s!%s", sheet, ref);
}

/* begin_capture - collect character data until end_capture */
static void
begin_capture(struct xp *x)
{
	yj_buf_reset(&x->cap);
	x->capturing = true;
}

/* end_capture - the captured text in the arena, cut to an excerpt */
static const char *
end_capture(struct xp *x, size_t max)
{
	struct yj_arena *a = yj_actx_arena(x->o->c);
	size_t n = x->cap.len;

	x->capturing = false;
	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)x->cap.data[n] & 0xc0) == 0x80)
			n--;
	}
	return yj_str_trim(a, yj_buf_cstr(&x->cap), n);
}

/* start_comment - spreadsheet comments, legacy and threaded */
static void
start_comment(struct xp *x, const char *ln, const char **atts)
{
	const char *v;

	if (x->mode == M_XL_COMMENTS && strcmp(ln, "author") == 0)
		begin_capture(x);
	else if (x->mode == M_XL_COMMENTS && strcmp(ln, "comment") == 0) {
		v = attr(atts, "authorId");
		x->where = note_where(x, attr(atts, "ref"));
		x->author = v && *v >= '0' && *v <= '9' &&
		    num(v) < x->o->authors.nr ? x->o->authors.v[num(v)] : "";
		begin_capture(x);
	} else if (x->mode == M_THREADED &&
	    strcmp(ln, "threadedComment") == 0) {
		x->where = note_where(x, attr(atts, "ref"));
		begin_capture(x);
	}
}

/* start_xl - spreadsheet parts */
static void
start_xl(struct xp *x, const char *ln, const char **atts)
{
	const char *v;

	switch (x->mode) {
	case M_WORKBOOK:
		if (strcmp(ln, "sheet") == 0)
			on_wb_sheet(x, atts);
		else if (strcmp(ln, "definedName") == 0 &&
		    (v = attr(atts, "name")) != NULL &&
		    yj_strcasestr(v, "auto_open") != NULL) {
			x->o->c->info->facts |= YJ_AF_XLM | YJ_AF_VBA_AUTORUN;
			yj_attach_keyword(x->o->c, "auto_open");
		}
		break;
	case M_SHEET:
		if (x->sheet != NULL && strcmp(ln, "row") == 0 &&
		    is_true(attr(atts, "hidden")))
			hidden_range(x, num(attr(atts, "r")),
			    num(attr(atts, "r")), false);
		else if (strcmp(ln, "t") == 0)
			x->in_text++;
		break;
	case M_SST:
		if (strcmp(ln, "rPh") == 0)
			x->skip++;
		else if (strcmp(ln, "t") == 0)
			x->in_text++;
		break;
	case M_XL_COMMENTS:
	case M_THREADED:
		start_comment(x, ln, atts);
		break;
	case M_REVISIONS:
		if (strcmp(ln, "header") == 0)
			yj_attach_note(x->o->c, true, "revision log",
			    adup(x, attr(atts, "userName")),
			    adup(x, attr(atts, "dateTime")));
		break;
	case M_MACROSHEET:
		if (strcmp(ln, "f") == 0)
			begin_capture(x);
		break;
	case M_EXTLINK:
		if (strcmp(ln, "ddeLink") == 0) {
			x->o->c->info->facts |= YJ_AF_DDE;
			yj_strvec_push(yj_actx_arena(x->o->c),
			    &x->o->c->info->dde, yj_arena_printf(yj_actx_arena(x->o->c), "%s|%s",
			    adup(x, attr(atts, "ddeService")),
			    adup(x, attr(atts, "ddeTopic"))));
		} else if (strcmp(ln, "externalBook") == 0)
			x->o->c->info->facts |= YJ_AF_EXTERNAL_LINKS;
		break;
	default:
		break;
	}
}

/* check_instr - a Word field instruction: DDE, DDEAUTO */
static void
check_instr(struct xp *x, const char *instr)
{
	const char *p = instr;

	while (*p == ' ')
		p++;
	if (yj_str_iprefix(p, "DDE")) {
		x->o->c->info->facts |= YJ_AF_DDE;
		if (x->o->c->info->dde.nr < 16)
			yj_strvec_push(yj_actx_arena(x->o->c),
			    &x->o->c->info->dde, adup(x, p));
	}
}

/* is_change_el - a tracked-change element of WordprocessingML */
static bool
is_change_el(const char *ln)
{
	return strcmp(ln, "ins") == 0 || strcmp(ln, "del") == 0 ||
	    strcmp(ln, "moveFrom") == 0 || strcmp(ln, "moveTo") == 0;
}

/* start_word - Word parts */
static void
start_word(struct xp *x, const char *ln, const char **atts)
{
	const char *v;

	if (x->change > 0)
		x->change++;
	else if (x->mode == M_WORD && is_change_el(ln)) {
		x->change = 1;
		x->author = adup(x, attr(atts, "author"));
		x->where = strcmp(ln, "del") == 0 ||
		    strcmp(ln, "moveFrom") == 0 ? "deleted text" :
		    "inserted text";
		begin_capture(x);
	}
	if (strcmp(ln, "t") == 0 || strcmp(ln, "delText") == 0)
		x->in_text++;
	else if (strcmp(ln, "tab") == 0)
		doc_text(x->o, "\t", 1);
	else if (strcmp(ln, "br") == 0 || strcmp(ln, "cr") == 0)
		doc_text(x->o, "\n", 1);
	else if (strcmp(ln, "instrText") == 0 && !x->capturing) {
		x->instr = true;
		begin_capture(x);
	} else if (strcmp(ln, "fldSimple") == 0 &&
	    (v = attr(atts, "instr")) != NULL)
		check_instr(x, v);
	else if (x->mode == M_WORD_COMMENTS && strcmp(ln, "comment") == 0) {
		x->author = adup(x, attr(atts, "author"));
		x->where = "document";
		begin_capture(x);
	}
}

/* start_ppt - PowerPoint parts */
static void
start_ppt(struct xp *x, const char *ln, const char **atts)
{
	struct yj_sheet *s;
	const char *v;

	if (strcmp(ln, "t") == 0)
		x->in_text++;
	else if (x->mode == M_SLIDE && strcmp(ln, "sld") == 0 &&
	    (v = attr(atts, "show")) != NULL && !is_true(v)) {
		s = yj_attach_sheet(x->o->c, x->part);
		if (s != NULL) {
			s->type = YJ_SHEET_SLIDE;
			s->state = YJ_SHEET_HIDDEN;
			x->o->c->info->facts |= YJ_AF_HIDDEN_SHEETS;
		}
	} else if (x->mode == M_PPT_AUTHORS && strcmp(ln, "cmAuthor") == 0) {
		v = attr(atts, "id");
		while (x->o->authors.nr <= num(v) && x->o->authors.nr < 256)
			yj_strvec_push(yj_actx_arena(x->o->c), &x->o->authors,
			    "");
		if (num(v) < x->o->authors.nr)
			x->o->authors.v[num(v)] = adup(x, attr(atts, "name"));
	} else if (x->mode == M_PPT_COMMENTS && strcmp(ln, "cm") == 0) {
		v = attr(atts, "authorId");
		x->author = v && *v >= '0' && *v <= '9' &&
		    num(v) < x->o->authors.nr ? x->o->authors.v[num(v)] : "";
		x->where = x->part;
		begin_capture(x);
	} else if (x->mode == M_PPT_COMMENTS && strcmp(ln, "text") == 0)
		x->in_text++;
}

/* start_props - docProps/core.xml and app.xml */
static void
start_props(struct xp *x, const char *ln)
{
	static const char *const names[] = {
		"title", "subject", "creator", "lastModifiedBy", "keywords",
		"description", "Company", "Manager", "initial-creator", NULL,
	};
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(ln, names[i]) == 0) {
			x->prop = names[i];
			begin_capture(x);
		}
}

/* set_prop - store a captured property */
static void
set_prop(struct xp *x, const char *v)
{
	struct yj_att_props *p = &x->o->c->info->props;

	if (strcmp(x->prop, "title") == 0)
		p->title = v;
	else if (strcmp(x->prop, "subject") == 0)
		p->subject = v;
	else if (strcmp(x->prop, "creator") == 0 ||
	    (strcmp(x->prop, "initial-creator") == 0 && *p->author == '\0'))
		p->author = v;
	else if (strcmp(x->prop, "lastModifiedBy") == 0)
		p->last_modified_by = v;
	else if (strcmp(x->prop, "keywords") == 0)
		p->keywords = v;
	else if (strcmp(x->prop, "description") == 0)
		p->description = v;
	else if (strcmp(x->prop, "Company") == 0)
		p->company = v;
	else if (strcmp(x->prop, "Manager") == 0)
		p->manager = v;
	x->prop = NULL;
}

/* start_odf - OpenDocument content.xml */
static void
start_odf(struct xp *x, const char *ln, const char **atts)
{
	struct yj_arena *a = yj_actx_arena(x->o->c);
	struct yj_sheet *s;
	const char *v;

	if (strcmp(ln, "style") == 0)
		x->where = adup(x, attr(atts, "name"));
	else if (strcmp(ln, "table-properties") == 0 &&
	    (v = attr(atts, "display")) != NULL && strcmp(v, "false") == 0 &&
	    x->where != NULL && x->hidden_styles.nr < 256)
		yj_strvec_push(a, &x->hidden_styles, x->where);
	else if (strcmp(ln, "table") == 0) {
		s = yj_attach_sheet(x->o->c, adup(x, attr(atts, "name")));
		v = attr(atts, "style-name");
		if (s != NULL && v != NULL &&
		    yj_strvec_has(&x->hidden_styles, v)) {
			s->state = YJ_SHEET_HIDDEN;
			x->o->c->info->facts |= YJ_AF_HIDDEN_SHEETS;
		}
	} else if (strcmp(ln, "annotation") == 0)
		begin_capture(x);
	else if (strcmp(ln, "p") == 0 || strcmp(ln, "h") == 0)
		x->in_text++;
}

/* on_start - expat start element */
static void XMLCALL
on_start(void *ud, const char *name, const char **atts)
{
	struct xp *x = ud;
	const char *ln = local(name);

	switch (x->mode) {
	case M_RELS:
		if (strcmp(ln, "Relationship") == 0)
			on_rel(x, atts);
		break;
	case M_WORD:
	case M_WORD_COMMENTS:
		start_word(x, ln, atts);
		break;
	case M_SLIDE:
	case M_NOTES:
	case M_PPT_COMMENTS:
	case M_PPT_AUTHORS:
		start_ppt(x, ln, atts);
		break;
	case M_CORE:
	case M_APP:
	case M_ODF_META:
		start_props(x, ln);
		break;
	case M_ODF_CONTENT:
		start_odf(x, ln, atts);
		break;
	default:
		start_xl(x, ln, atts);
		break;
	}
}

/*
 * end_note - a comment or change element ends; a comment's text joins
 * the document text (a change's text is there already)
 */
static void
end_note(struct xp *x, bool change)
{
	const char *t;

	if (!change && x->cap.len > 0) {
		doc_text(x->o, x->cap.data, x->cap.len);
		doc_text(x->o, "\n", 1);
	}
	t = end_capture(x, EXCERPT);

	yj_attach_note(x->o->c, change, x->where ? x->where : x->part,
	    x->author, t);
	x->author = NULL;
	x->where = NULL;
}

/* end_xl - spreadsheet element ends */
static void
end_xl(struct xp *x, const char *ln)
{
	struct yj_arena *a = yj_actx_arena(x->o->c);
	const char *t;

	if (strcmp(ln, "t") == 0 && x->in_text > 0)
		x->in_text--;
	else if (strcmp(ln, "rPh") == 0 && x->skip > 0)
		x->skip--;
	else if (strcmp(ln, "si") == 0 || (x->mode == M_SHEET &&
	    strcmp(ln, "is") == 0))
		doc_text(x->o, "\n", 1);
	else if (x->mode == M_XL_COMMENTS && strcmp(ln, "author") == 0 &&
	    x->capturing) {
		t = end_capture(x, EXCERPT);
		if (x->o->authors.nr < 256)
			yj_strvec_push(a, &x->o->authors, t);
	} else if ((x->mode == M_XL_COMMENTS && strcmp(ln, "comment") == 0) ||
	    (x->mode == M_THREADED && strcmp(ln, "threadedComment") == 0)) {
		if (x->capturing)
			end_note(x, false);
	} else if (x->mode == M_MACROSHEET && strcmp(ln, "f") == 0 &&
	    x->capturing) {
		t = end_capture(x, 4096);
		yj_attach_scan_vba(x->o->c, t, strlen(t));
	}
}

/* end_word - Word element ends */
static void
end_word(struct xp *x, const char *ln)
{
	if ((strcmp(ln, "t") == 0 || strcmp(ln, "delText") == 0) &&
	    x->in_text > 0)
		x->in_text--;
	else if (strcmp(ln, "p") == 0)
		doc_text(x->o, "\n", 1);
	else if (strcmp(ln, "instrText") == 0 && x->instr) {
		x->instr = false;
		check_instr(x, end_capture(x, 1024));
	} else if (x->mode == M_WORD_COMMENTS && strcmp(ln, "comment") == 0 &&
	    x->capturing)
		end_note(x, false);
	if (x->change > 0 && --x->change == 0)
		end_note(x, true);
}

/* on_end - expat end element */
static void XMLCALL
on_end(void *ud, const char *name)
{
	struct xp *x = ud;
	const char *ln = local(name);

	switch (x->mode) {
	case M_WORD:
	case M_WORD_COMMENTS:
		end_word(x, ln);
		break;
	case M_SLIDE:
	case M_NOTES:
	case M_PPT_COMMENTS:
		if (strcmp(ln, "t") == 0 && x->in_text > 0)
			x->in_text--;
		else if (strcmp(ln, "text") == 0 && x->in_text > 0)
			x->in_text--;
		else if (strcmp(ln, "p") == 0)
			doc_text(x->o, "\n", 1);
		else if (strcmp(ln, "cm") == 0 && x->capturing)
			end_note(x, false);
		break;
	case M_CORE:
	case M_APP:
	case M_ODF_META:
		if (x->prop != NULL && x->capturing)
			set_prop(x, end_capture(x, 512));
		break;
	case M_ODF_CONTENT:
		if ((strcmp(ln, "p") == 0 || strcmp(ln, "h") == 0) &&
		    x->in_text > 0) {
			x->in_text--;
			doc_text(x->o, "\n", 1);
		} else if (strcmp(ln, "annotation") == 0 && x->capturing)
			end_note(x, false);
		break;
	default:
		end_xl(x, ln);
		break;
	}
}

/* on_chars - expat character data */
static void XMLCALL
on_chars(void *ud, const char *s, int len)
{
	struct xp *x = ud;

	if (len <= 0)
		return;
	if (x->capturing)
		yj_buf_try(yj_buf_add(&x->cap, s, (size_t)len));
	/* captured comment text joins the document text at its end */
	if (x->in_text > 0 && x->skip == 0 && (!x->capturing ||
	    (x->mode == M_WORD && x->change > 0)))
		doc_text(x->o, s, (size_t)len);
}

/* parse - run expat over one part in a mode */
static void
parse(struct oox *o, const struct yj_entry *e, enum mode mode)
{
	struct xp x;
	XML_Parser p;

	memset(&x, 0, sizeof(x));
	x.o = o;
	x.part = e->name;
	x.mode = mode;
	yj_buf_init(&x.cap, 64 * 1024);
	yj_buf_init(&x.rows, 1024);
	if (mode == M_SHEET)
		x.sheet = sheet_of_part(o, e->name);
	p = XML_ParserCreateNS(NULL, '|');
	if (p == NULL)
		goto out;
	XML_SetUserData(p, &x);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_chars);
	if (e->len > 0 && XML_Parse(p, (const char *)e->data, (int)e->len,
	    1) == XML_STATUS_ERROR)
		o->c->info->facts |= YJ_AF_UNREADABLE;
	XML_ParserFree(p);
	flush_range(&x, false);
	if (x.sheet != NULL && x.rows.len > 0) {
		x.sheet->rows = yj_arena_strdup(yj_actx_arena(o->c),
		    yj_buf_cstr(&x.rows));
		o->c->info->facts |= YJ_AF_HIDDEN_ROWS;
	}
out:
	yj_buf_release(&x.cap);
	yj_buf_release(&x.rows);
}

/* hidden_cols - <col min max hidden> of a sheet, written apart */
static void
hidden_cols(struct oox *o, const struct yj_entry *e)
{
	struct yj_sheet *s = sheet_of_part(o, e->name);
	const char *p, *end, *tag;
	struct xp x;

	if (s == NULL)
		return;
	memset(&x, 0, sizeof(x));
	x.o = o;
	x.sheet = s;
	yj_buf_init(&x.rows, 1024);
	p = (const char *)e->data;
	end = p + e->len;
	/* <cols> sits before <sheetData>: no need to parse the cells */
	while ((tag = yj_memimem(p, (size_t)(end - p), "<col ", 5)) != NULL ||
	    (tag = yj_memimem(p, (size_t)(end - p), ":col ", 5)) != NULL) {
		const char *gt = memchr(tag, '>', (size_t)(end - tag));
		const char *h, *mn, *mx;

		if (gt == NULL || (size_t)(gt - tag) >= 512)
			break;
		h = yj_memimem(tag, (size_t)(gt - tag), "hidden=\"", 8);
		mn = yj_memimem(tag, (size_t)(gt - tag), "min=\"", 5);
		mx = yj_memimem(tag, (size_t)(gt - tag), "max=\"", 5);
		if (h != NULL && (h[8] == '1' || h[8] == 't') && mn && mx)
			hidden_range(&x, num(mn + 5), num(mx + 5), true);
		p = gt;
	}
	flush_range(&x, true);
	if (x.rows.len > 0) {
		s->cols = yj_arena_strdup(yj_actx_arena(o->c),
		    yj_buf_cstr(&x.rows));
		o->c->info->facts |= YJ_AF_HIDDEN_COLS;
	}
	yj_buf_release(&x.rows);
}

/* format_of - xlsx, xlsm, docx, ... from [Content_Types].xml */
static const char *
format_of(const struct yj_entry *ct)
{
	const char *s = (const char *)ct->data;
	size_t n = ct->len;
	bool macro = yj_memimem(s, n, "macroEnabled", 12) != NULL;
	const char *base;

	if (yj_memimem(s, n, "sheet.binary", 12))
		return "xlsb";
	if (yj_memimem(s, n, "spreadsheetml.template", 22) ||
	    yj_memimem(s, n, "ms-excel.template", 17))
		return macro ? "xltm" : "xltx";
	if (yj_memimem(s, n, "ms-excel.addin", 14))
		return "xlam";
	if (yj_memimem(s, n, "spreadsheetml", 13) ||
	    yj_memimem(s, n, "ms-excel", 8))
		base = "xls";
	else if (yj_memimem(s, n, "wordprocessingml.template", 25) ||
	    yj_memimem(s, n, "ms-word.template", 16))
		return macro ? "dotm" : "dotx";
	else if (yj_memimem(s, n, "wordprocessingml", 16) ||
	    yj_memimem(s, n, "ms-word", 7))
		base = "doc";
	else if (yj_memimem(s, n, "slideshow", 9))
		return macro ? "ppsm" : "ppsx";
	else if (yj_memimem(s, n, "presentationml", 14) ||
	    yj_memimem(s, n, "ms-powerpoint", 13))
		base = "ppt";
	else
		return "ooxml";
	if (strcmp(base, "xls") == 0)
		return macro ? "xlsm" : "xlsx";
	if (strcmp(base, "doc") == 0)
		return macro ? "docm" : "docx";
	return macro ? "pptm" : "pptx";
}

/* ipre - case-insensitive prefix */
static bool
ipre(const char *s, const char *p)
{
	return yj_str_iprefix(s, p);
}

/* mode_of - the mode a part is read in, or -1 */
static int
mode_of(const char *n)
{
	if (yj_str_isuffix(n, ".rels") || yj_str_isuffix(n, ".bin") ||
	    !yj_str_isuffix(n, ".xml"))
		return -1;
	if (ipre(n, "xl/worksheets/") && !ipre(n, "xl/worksheets/_rels"))
		return M_SHEET;
	if (yj_str_ieq(n, "xl/sharedStrings.xml"))
		return M_SST;
	if (ipre(n, "xl/comments"))
		return M_XL_COMMENTS;
	if (ipre(n, "xl/threadedComments/"))
		return M_THREADED;
	if (yj_str_ieq(n, "xl/revisions/revisionHeaders.xml"))
		return M_REVISIONS;
	if (ipre(n, "xl/macrosheets/") && !ipre(n, "xl/macrosheets/_rels"))
		return M_MACROSHEET;
	if (ipre(n, "xl/externalLinks/") && !ipre(n, "xl/externalLinks/_rels"))
		return M_EXTLINK;
	if (yj_str_ieq(n, "word/comments.xml"))
		return M_WORD_COMMENTS;
	if (yj_str_ieq(n, "word/document.xml") || ipre(n, "word/header") ||
	    ipre(n, "word/footer") || yj_str_ieq(n, "word/footnotes.xml") ||
	    yj_str_ieq(n, "word/endnotes.xml"))
		return M_WORD;
	if (ipre(n, "ppt/slides/") && !ipre(n, "ppt/slides/_rels"))
		return M_SLIDE;
	if (ipre(n, "ppt/notesSlides/") && !ipre(n, "ppt/notesSlides/_rels"))
		return M_NOTES;
	if (ipre(n, "ppt/comments/"))
		return M_PPT_COMMENTS;
	if (yj_str_ieq(n, "ppt/commentAuthors.xml"))
		return M_PPT_AUTHORS;
	if (yj_str_ieq(n, "docProps/core.xml"))
		return M_CORE;
	if (yj_str_ieq(n, "docProps/app.xml"))
		return M_APP;
	return -1;
}

/* binary_part - vbaProject.bin, embeddings, ActiveX */
static void
binary_part(struct oox *o, const struct yj_entry *e)
{
	struct yj_attach_info *in = o->c->info;
	const char *n = e->name;

	if (yj_str_isuffix(n, "vbaProject.bin")) {
		in->facts |= YJ_AF_VBA;
		yj_ole2_vba(o->c, e->data, e->len);
	} else if (yj_strcasestr(n, "/embeddings/") != NULL) {
		in->facts |= YJ_AF_EMBEDDED;
		if (in->embedded.nr < 64)
			yj_strvec_push(yj_actx_arena(o->c), &in->embedded, n);
		if (yj_attach_can_nest(o->c))
			(void)yj_attach_add_member(o->c, e);
	} else if (ipre(n, "xl/macrosheets/") && !yj_strcasestr(n, "_rels")) {
		in->facts |= YJ_AF_XLM;	/* .bin parts of .xlsb */
	} else if (ipre(n, "xl/externalLinks/") && !yj_strcasestr(n, "_rels")) {
		in->facts |= YJ_AF_EXTERNAL_LINKS;
	} else if (yj_strcasestr(n, "/activeX/") != NULL &&
	    !yj_strcasestr(n, "_rels")) {
		in->facts |= YJ_AF_ACTIVEX;
	}
}

/* read_parts - everything but the relationships and the workbook */
static void
read_parts(struct oox *o)
{
	const struct yj_entry *e;
	int mode;
	size_t i;

	for (i = 0; i < o->n; i++) {
		e = &o->v[i];
		if (e->encrypted)
			continue;
		mode = mode_of(e->name);
		if (mode == M_SHEET)
			hidden_cols(o, e);
		if (mode >= 0)
			parse(o, e, (enum mode)mode);
		else
			binary_part(o, e);
	}
}

/* finish_text - the document text becomes a text of the message */
static void
finish_text(struct oox *o)
{
	yj_attach_add_text(o->c, yj_buf_cstr(&o->text), o->text.len);
	yj_buf_release(&o->text);
}

/* yj_ooxml_read - an OOXML package */
void
yj_ooxml_read(struct yj_actx *c, const struct yj_entry *v, size_t n)
{
	struct oox o = { .c = c, .v = v, .n = n };
	size_t i;

	yj_buf_init(&o.text, YJ_LIM_TEXT_PART);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].name, "[Content_Types].xml") == 0)
			c->info->format = format_of(&v[i]);
		else if (yj_str_isuffix(v[i].name, ".rels"))
			parse(&o, &v[i], M_RELS);
	}
	o.wb = yj_arena_allocarray(yj_actx_arena(c), 1024, sizeof(*o.wb));
	for (i = 0; i < n; i++) {
		if (v[i].encrypted)
			continue;
		if (yj_str_ieq(v[i].name, "xl/workbook.xml"))
			parse(&o, &v[i], M_WORKBOOK);
		else if (yj_str_ieq(v[i].name, "xl/workbook.bin"))
			xlsb_workbook(&o, &v[i]);
	}
	read_parts(&o);
	finish_text(&o);
}

/* yj_odf_read - an OpenDocument package */
void
yj_odf_read(struct yj_actx *c, const struct yj_entry *v, size_t n)
{
	struct oox o = { .c = c, .v = v, .n = n };
	const char *name;
	size_t i;

	yj_buf_init(&o.text, YJ_LIM_TEXT_PART);
	for (i = 0; i < n; i++) {
		name = v[i].name;
		if (strcmp(name, "content.xml") == 0)
			parse(&o, &v[i], M_ODF_CONTENT);
		else if (strcmp(name, "meta.xml") == 0)
			parse(&o, &v[i], M_ODF_META);
		else if (ipre(name, "Basic/") && !yj_strcasestr(name,
		    "/script-l")) {
			c->info->facts |= YJ_AF_VBA;
			if (c->info->macros.nr < 64)
				yj_strvec_push(yj_actx_arena(c),
				    &c->info->macros, name);
			yj_attach_scan_vba(c, (const char *)v[i].data,
			    v[i].len);
		} else if (ipre(name, "Object ") && yj_strvec_has(
		    &c->info->embedded, name) == false &&
		    c->info->embedded.nr < 64) {
			c->info->facts |= YJ_AF_EMBEDDED;
			yj_strvec_push(yj_actx_arena(c), &c->info->embedded,
			    name);
		}
	}
	finish_text(&o);
}
