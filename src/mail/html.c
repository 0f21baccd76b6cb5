/*
 * html.c - HTML to readable text, with the links kept
 *
 * Design.  One pass over the bytes, HTML5 tokenizer states folded into a
 * few functions: text() runs the data state and hands '<' to markup(),
 * which reads a tag, comment, doctype or bogus comment and returns the
 * position after it.  Raw-text elements (script, style, iframe, noscript,
 * xmp ...) and RCDATA elements (title, textarea) leave a note in the
 * context; the driver yj_html_parse() then finds their end tag with
 * memchr and handles the content itself, so nothing recurses.
 *
 * Tree building is reduced to a bounded stack of open elements (name
 * hash, flags, colours).  End tags pop to the matching element the way
 * HTML5 does for most cases: a non-special end tag (</span>) stops at a
 * special element (div, td ...) and is ignored, a special one stops at a
 * table or cell boundary.  This matters because hidden-ness is a property
 * of the stack: closing a hidden span too early would leak hidden junk
 * into the visible text, closing it too late would hide the lure.  The
 * implied closes that matter for text (p, li, dd/dt, td/th, tr, option)
 * are done; the adoption agency algorithm is not.  Past
 * YJ_HTML_MAX_STACK elements only a depth counter is kept, together
 * with the depth at which hiding started and the name of the element
 * that started it, so hiding ends where that element ends at any depth
 * and memory stays fixed.
 *
 * Text goes to one of four bounded sinks (visible, hidden, title, anchor)
 * that collapse white space lazily: a pending space or line break is
 * written only when more text follows, so leading and trailing white
 * space never appears.  Blocks ask for one line break, <br> adds one,
 * at most two are kept in a row.  Table cells are separated by a space.
 * Inside pre/textarea/listing white space is kept.
 *
 * Hidden text.  Inline style, and the top-level rules of <style> blocks
 * whose selector is a bare tag, .class or tag.class (no CSS engine:
 * rules in @media, compound selectors and specificity are ignored, so a
 * mobile-only rule never hides desktop text).  What hides: display:none,
 * visibility:hidden|collapse, mso-hide:all, opacity below 0.1, a font
 * size of 0 in any unit or of 1px/1pt or less (unreadable, used to pad
 * junk), width or height (or max-) 0 together with overflow:hidden, a
 * text-indent or absolute position 1000px or more off-screen, colour
 * "transparent", and text colour equal (within 10 per channel) to the
 * background.  The background is tracked through bgcolor attributes and
 * background(-color) declarations, starting from white; a background
 * image, or a <style> block that mentions backgrounds, makes it unknown
 * and turns the colour test off rather than guess.  The hidden attribute
 * and <template> content count too.  Hiding is inherited, except that a
 * descendant may set a colour that is visible again.
 *   <font size=0> is NOT hidden: HTML5 clamps legacy font sizes to 1
 * (x-small), which a reader can read.
 *   Stray text inside <head> is kept: browsers move it into the body and
 * show it; what head holds besides (title, style, script, meta) is
 * dropped or captured as the contract says.
 *   Downlevel-hidden conditional comments (<!--[if mso]> ... <![endif]-->)
 * are shown only by Outlook; their content is parsed as hidden text and
 * its links are marked hidden, so the Outlook-only view is not lost.
 *
 * Character references follow HTML5: numeric ones with the Windows-1252
 * remapping of 0x80-0x9F and U+FFFD for NUL, surrogates and values past
 * U+10FFFF; named ones from html_entity.inc, with the legacy names that
 * may lack ';' (&amp &nbsp), except in attribute values where "&copy=2"
 * stays as written.  NBSP is collapsed like a space; C0 and C1 control
 * characters are dropped; ill-formed UTF-8 becomes U+FFFD.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mail/html.h"
#include "util/alloc.h"
#include "util/str.h"

#define ANCHOR_MAX	1024	/* bytes of anchor text kept per link */
#define TITLE_MAX	1024	/* bytes of <title> kept */
#define BLOB_RUN	1024	/* base64 characters in a row that make a blob */
#define DATA_URI_BIG	1024	/* a non-base64 data: URI this long is a blob */
#define MAX_BREAKS	2	/* line breaks kept in a row */
#define MAX_RULES	64	/* hiding <style> rules kept */
#define STYLE_MAX	(256 * 1024)	/* bytes of a <style> block read */

/* ---- tags ---------------------------------------------------------- */

enum tag_id {
	T_OTHER, T_A, T_AREA, T_BODY, T_BR, T_BUTTON, T_DD, T_DT, T_EMBED,
	T_FONT, T_FORM, T_FRAME, T_IFRAME, T_IMG, T_INPUT, T_LI, T_MATH,
	T_META, T_NOEMBED, T_NOFRAMES, T_NOSCRIPT, T_OBJECT, T_OL, T_OPTION,
	T_P, T_PLAINTEXT, T_SCRIPT, T_STYLE, T_SVG, T_TABLE, T_TD, T_TEMPLATE,
	T_TEXTAREA, T_TH, T_TITLE, T_TR, T_UL, T_XMP, T_KNOWN
};

enum {
	P_BLOCK		= 1 << 0,	/* line break before and after */
	P_VOID		= 1 << 1,	/* no content, never pushed */
	P_SPECIAL	= 1 << 2,	/* HTML5 "special" category */
	P_SCOPE		= 1 << 3,	/* end tag search stops here */
	P_RAW		= 1 << 4,	/* raw text, content dropped */
	P_RAWSHOW	= 1 << 5,	/* raw text, content shown (xmp) */
	P_RCDATA	= 1 << 6,	/* text without tags (title, textarea) */
	P_PRE		= 1 << 7,	/* white space kept */
	P_CELL		= 1 << 8,	/* table cell: separated by a space */
	P_CLOSEP	= 1 << 9,	/* start tag closes an open <p> */
	P_BGCOLOR	= 1 << 10,	/* honours the bgcolor attribute */
	P_LIST		= 1 << 11,	/* ul/ol: boundary for <li> */
	P_TABLE		= 1 << 12,	/* table: boundary for cells, rows */
	P_FORMAT	= 1 << 13,	/* formatting element (a, b, font ...) */
	P_BUTTON	= 1 << 14,	/* button: boundary for closing <p> */
};

#define BLK	(P_BLOCK | P_SPECIAL | P_CLOSEP)

struct tagdef {
	const char	*name;
	unsigned char	 id;
	unsigned	 props;
};

/* Sorted by strcmp() for bsearch(); names are lower case. */
static const struct tagdef tagdefs[] = {
	{ "a", T_A, P_FORMAT },
	{ "address", T_OTHER, BLK },
	{ "applet", T_OTHER, P_SPECIAL | P_SCOPE },
	{ "area", T_AREA, P_VOID | P_SPECIAL },
	{ "article", T_OTHER, BLK },
	{ "aside", T_OTHER, BLK },
	{ "b", T_OTHER, P_FORMAT },
	{ "base", T_OTHER, P_VOID | P_SPECIAL },
	{ "basefont", T_OTHER, P_VOID | P_SPECIAL },
	{ "bgsound", T_OTHER, P_VOID | P_SPECIAL },
	{ "big", T_OTHER, P_FORMAT },
	{ "blockquote", T_OTHER, BLK },
	{ "body", T_BODY, P_SPECIAL | P_BGCOLOR },
	{ "br", T_BR, P_VOID | P_SPECIAL },
	{ "button", T_BUTTON, P_SPECIAL | P_BUTTON },
	{ "caption", T_OTHER, P_BLOCK | P_SPECIAL | P_SCOPE },
	{ "center", T_OTHER, BLK },
	{ "code", T_OTHER, P_FORMAT },
	{ "col", T_OTHER, P_VOID | P_SPECIAL },
	{ "colgroup", T_OTHER, P_SPECIAL },
	{ "dd", T_DD, BLK },
	{ "details", T_OTHER, BLK },
	{ "dialog", T_OTHER, BLK },
	{ "dir", T_OTHER, BLK | P_LIST },
	{ "div", T_OTHER, BLK },
	{ "dl", T_OTHER, BLK },
	{ "dt", T_DT, BLK },
	{ "em", T_OTHER, P_FORMAT },
	{ "embed", T_EMBED, P_VOID | P_SPECIAL },
	{ "fieldset", T_OTHER, BLK },
	{ "figcaption", T_OTHER, BLK },
	{ "figure", T_OTHER, BLK },
	{ "font", T_FONT, P_FORMAT },
	{ "footer", T_OTHER, BLK },
	{ "form", T_FORM, BLK },
	{ "frame", T_FRAME, P_VOID | P_SPECIAL },
	{ "frameset", T_OTHER, P_SPECIAL },
	{ "h1", T_OTHER, BLK },
	{ "h2", T_OTHER, BLK },
	{ "h3", T_OTHER, BLK },
	{ "h4", T_OTHER, BLK },
	{ "h5", T_OTHER, BLK },
	{ "h6", T_OTHER, BLK },
	{ "head", T_OTHER, P_SPECIAL },
	{ "header", T_OTHER, BLK },
	{ "hgroup", T_OTHER, BLK },
	{ "hr", T_OTHER, P_VOID | BLK },
	{ "html", T_OTHER, P_SPECIAL | P_SCOPE },
	{ "i", T_OTHER, P_FORMAT },
	{ "iframe", T_IFRAME, P_RAW | P_SPECIAL },
	{ "img", T_IMG, P_VOID | P_SPECIAL },
	{ "input", T_INPUT, P_VOID | P_SPECIAL },
	{ "keygen", T_OTHER, P_VOID | P_SPECIAL },
	{ "li", T_LI, BLK },
	{ "link", T_OTHER, P_VOID | P_SPECIAL },
	{ "listing", T_OTHER, BLK | P_PRE },
	{ "main", T_OTHER, BLK },
	{ "marquee", T_OTHER, P_SPECIAL | P_SCOPE },
	{ "math", T_MATH, 0 },
	{ "menu", T_OTHER, BLK | P_LIST },
	{ "meta", T_META, P_VOID | P_SPECIAL },
	{ "nav", T_OTHER, BLK },
	{ "nobr", T_OTHER, P_FORMAT },
	{ "noembed", T_NOEMBED, P_RAW | P_SPECIAL },
	{ "noframes", T_NOFRAMES, P_RAW | P_SPECIAL },
	{ "noscript", T_NOSCRIPT, P_RAW | P_SPECIAL },
	{ "object", T_OBJECT, P_SPECIAL | P_SCOPE },
	{ "ol", T_OL, BLK | P_LIST },
	{ "option", T_OPTION, P_BLOCK },
	{ "p", T_P, BLK },
	{ "param", T_OTHER, P_VOID | P_SPECIAL },
	{ "plaintext", T_PLAINTEXT, BLK },
	{ "pre", T_OTHER, BLK | P_PRE },
	{ "s", T_OTHER, P_FORMAT },
	{ "script", T_SCRIPT, P_RAW | P_SPECIAL },
	{ "section", T_OTHER, BLK },
	{ "select", T_OTHER, P_SPECIAL },
	{ "small", T_OTHER, P_FORMAT },
	{ "source", T_OTHER, P_VOID | P_SPECIAL },
	{ "strike", T_OTHER, P_FORMAT },
	{ "strong", T_OTHER, P_FORMAT },
	{ "style", T_STYLE, P_RAW | P_SPECIAL },
	{ "summary", T_OTHER, BLK },
	{ "svg", T_SVG, 0 },
	{ "table", T_TABLE, BLK | P_SCOPE | P_TABLE | P_BGCOLOR },
	{ "tbody", T_OTHER, P_SPECIAL },
	{ "td", T_TD, P_SPECIAL | P_SCOPE | P_CELL | P_BGCOLOR },
	{ "template", T_TEMPLATE, P_SPECIAL | P_SCOPE },
	{ "textarea", T_TEXTAREA, P_RCDATA | P_PRE | P_SPECIAL },
	{ "tfoot", T_OTHER, P_SPECIAL },
	{ "th", T_TH, P_SPECIAL | P_SCOPE | P_CELL | P_BGCOLOR },
	{ "thead", T_OTHER, P_SPECIAL },
	{ "title", T_TITLE, P_RCDATA | P_SPECIAL },
	{ "tr", T_TR, P_BLOCK | P_SPECIAL | P_BGCOLOR },
	{ "track", T_OTHER, P_VOID | P_SPECIAL },
	{ "tt", T_OTHER, P_FORMAT },
	{ "u", T_OTHER, P_FORMAT },
	{ "ul", T_UL, BLK | P_LIST },
	{ "wbr", T_OTHER, P_VOID },
	{ "xmp", T_XMP, BLK | P_RAWSHOW },
};

#define NTAGDEFS	(sizeof(tagdefs) / sizeof(tagdefs[0]))

/* ---- attributes ---------------------------------------------------- */

enum attr_id {
	A_HREF, A_SRC, A_ACTION, A_FORMACTION, A_ALT, A_STYLE, A_HIDDEN,
	A_TYPE, A_HTTP_EQUIV, A_CONTENT, A_DATA, A_COLOR, A_BGCOLOR,
	A_BACKGROUND, A_CLASS, A_COUNT
};

static const char *const attr_names[A_COUNT] = {
	"href", "src", "action", "formaction", "alt", "style", "hidden",
	"type", "http-equiv", "content", "data", "color", "bgcolor",
	"background", "class",
};

struct attr {
	const char	*v;		/* raw value in the input */
	size_t		 n;
	bool		 set;
};

struct tag {
	uint32_t	 hash;		/* of the lower-case name */
	const struct tagdef *def;	/* NULL for unknown names */
	bool		 end;
	bool		 selfclose;
	bool		 handler;	/* an on* attribute with a value */
	struct attr	 a[A_COUNT];
};

/* ---- output sinks -------------------------------------------------- */

struct sink {
	char		*p;		/* heap, len bytes */
	size_t		 len;
	size_t		 cap;
	size_t		 max;
	unsigned char	 space;		/* a collapsed space is pending */
	unsigned char	 nl;		/* line breaks pending */
	bool		 full;		/* max reached, rest dropped */
};

/* ---- the stack of open elements ------------------------------------ */

enum {
	E_HIDDEN	= 1 << 0,	/* hidden, and so is all inside */
	E_PRE		= 1 << 1,	/* white space kept */
	E_FOREIGN	= 1 << 2,	/* inside svg or math */
	E_DROP		= 1 << 3,	/* inside template: text discarded */
	E_ANCHOR	= 1 << 4,	/* the <a> whose text is collected */
	E_CHIDDEN	= 1 << 5,	/* hidden by colour (not inherited) */
};

#define E_INHERIT	(E_HIDDEN | E_PRE | E_FOREIGN | E_DROP)

#define COLOR_UNKNOWN	0xffffffffu
#define COLOR_CLEAR	0xfffffffeu	/* transparent */
#define COLOR_WHITE	0xffffffu
#define COLOR_BLACK	0x000000u

struct elem {
	uint32_t	 hash;
	uint32_t	 fg;		/* text colour, 0xRRGGBB */
	uint32_t	 bg;		/* background colour */
	unsigned short	 props;		/* P_* of the tag */
	unsigned char	 id;
	unsigned char	 flags;		/* E_* */
};

/* A simple selector ("tag", ".class", "tag.class") of a hiding rule. */
struct rule {
	uint32_t	 tag;		/* name hash, 0 for any */
	uint32_t	 cls;		/* class hash, 0 for any */
};

enum raw_kind { RAW_NONE, RAW_DROP, RAW_SHOW, RAW_RCDATA, RAW_TITLE,
	RAW_SKIP, RAW_ALL };

struct ctx {
	struct yj_arena	*arena;
	struct yj_html	*out;
	size_t		 max_links;
	size_t		 links_cap;
	struct sink	 text;
	struct sink	 hidden;
	struct sink	 title;
	struct sink	 anchor;
	struct sink	 alt;
	struct elem	 stack[YJ_HTML_MAX_STACK];
	size_t		 depth;
	size_t		 over;		/* elements past the stack */
	size_t		 over_hidden;	/* over level where hiding began */
	uint32_t	 over_hash;	/* name hash of that element */
	uint32_t	 root_bg;	/* COLOR_UNKNOWN after <style> bg */
	struct rule	 rules[MAX_RULES];	/* <style> rules that hide */
	size_t		 nrules;
	/* set by markup() for the driver */
	enum raw_kind	 raw;
	unsigned char	 raw_id;
	const char	*raw_name;
	size_t		 raw_nlen;
	/* conditional comment being parsed */
	const char	*cond_resume;
	size_t		 cond_depth;
	bool		 in_cond;
	/* the open anchor */
	bool		 a_open;
	bool		 a_hidden;
	size_t		 a_link;	/* index in out->links or SIZE_MAX */
	bool		 in_title;
	bool		 title_done;
	bool		 skip_lf;	/* first LF after <pre> is dropped */
	char		*scratch;	/* decoded attribute values */
	size_t		 scratch_cap;
};

/* Character classes for the data state. */
enum { K_TEXT, K_WS, K_LT, K_AMP, K_HIGH, K_CTRL };

static const char *skip_ws(const char *, const char *);

/* Class of each byte in the data state; K_TEXT (0) unless listed. */
static const unsigned char cls[256] = {
	[0x00 ... 0x08] = K_CTRL,
	['\t'] = K_WS, ['\n'] = K_WS, [0x0b] = K_CTRL, ['\f'] = K_WS,
	['\r'] = K_WS,
	[0x0e ... 0x1f] = K_CTRL,
	[' '] = K_WS, ['&'] = K_AMP, ['<'] = K_LT,
	[0x7f] = K_CTRL,
	[0x80 ... 0xff] = K_HIGH,
};

static bool
is_ws(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_alpha(int c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool
is_alnum(int c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* ---- sinks --------------------------------------------------------- */

/* sink_init - an empty sink holding at most max bytes */
static void
sink_init(struct sink *s, size_t max)
{
	memset(s, 0, sizeof(*s));
	s->max = max;
}

/* sink_reserve - room for n more bytes (n already checked against max) */
static void
sink_reserve(struct sink *s, size_t n)
{
	size_t cap;

	if (s->cap - s->len >= n)
		return;
	cap = s->cap ? s->cap : 256;
	while (cap - s->len < n)
		cap *= 2;
	if (cap > s->max)
		cap = s->max;
	s->p = yj_xrealloc(s->p, cap);
	s->cap = cap;
}

/* utf8_cut - largest k <= n that does not split a UTF-8 sequence */
static size_t
utf8_cut(const char *p, size_t n, size_t k)
{
	if (k >= n)
		return n;
	while (k > 0 && ((unsigned char)p[k] & 0xc0) == 0x80)
		k--;
	return k;
}

/* sink_put - append non-white text, writing the pending separator first */
static void
sink_put(struct sink *s, const char *p, size_t n)
{
	size_t sep = 0, room, k;

	if (s->full)
		return;
	if (s->len > 0)
		sep = s->nl ? s->nl : s->space;
	room = s->max - s->len;
	if (sep + n > room) {
		s->full = true;
		if (sep >= room)
			return;
		k = utf8_cut(p, n, room - sep);
		n = k;
	}
	sink_reserve(s, sep + n);
	if (sep > 0)
		memset(s->p + s->len, s->nl ? '\n' : ' ', sep);
	memcpy(s->p + s->len + sep, p, n);
	s->len += sep + n;
	s->nl = 0;
	s->space = 0;
}

/* sink_space - a collapsible space */
static void
sink_space(struct sink *s)
{
	s->space = 1;
}

/* sink_break - ask for a line break (soft: several make one) */
static void
sink_break(struct sink *s)
{
	if (s->nl == 0)
		s->nl = 1;
}

/* sink_newline - a hard line break (<br>, LF in pre) */
static void
sink_newline(struct sink *s)
{
	if (s->nl < MAX_BREAKS)
		s->nl++;
}

/* sink_take - the sink's text copied into the arena; the heap is freed */
static const char *
sink_take(struct yj_arena *a, struct sink *s, size_t *lenp)
{
	const char *r;

	r = yj_arena_memdup(a, s->p ? s->p : "", s->len);
	if (lenp != NULL)
		*lenp = s->len;
	yj_free(s->p);
	s->p = NULL;
	s->len = s->cap = 0;
	return r;
}

/* ---- state of the current element ---------------------------------- */

/* top - the innermost open element, or NULL at the root */
static struct elem *
top(struct ctx *c)
{
	return c->depth > 0 ? &c->stack[c->depth - 1] : NULL;
}

/* cur_flags - E_* flags in force for text here */
static unsigned
cur_flags(struct ctx *c)
{
	unsigned f = 0;

	if (c->depth > 0)
		f = c->stack[c->depth - 1].flags;
	if (c->over_hidden != 0 || c->in_cond)
		f |= E_HIDDEN;
	return f;
}

/* is_hidden - whether text written now is hidden */
static bool
is_hidden(unsigned f)
{
	return (f & (E_HIDDEN | E_CHIDDEN)) != 0;
}

/* ---- text output --------------------------------------------------- */

/* put - route n bytes of non-white UTF-8 text to the sinks */
static void
put(struct ctx *c, const char *p, size_t n)
{
	unsigned f;
	bool h;

	if (c->in_title) {
		sink_put(&c->title, p, n);
		return;
	}
	f = cur_flags(c);
	if (f & E_DROP)
		return;
	c->skip_lf = false;
	h = is_hidden(f);
	if (h) {
		sink_put(&c->hidden, p, n);
		c->out->flags |= YJ_HTML_HIDDEN_TEXT;
	} else
		sink_put(&c->text, p, n);
	if (c->a_open && h == c->a_hidden)
		sink_put(&c->anchor, p, n);
}

/* main_sink - the sink that text written now goes to */
static struct sink *
main_sink(struct ctx *c, unsigned f)
{
	return is_hidden(f) ? &c->hidden : &c->text;
}

/* white - one white-space character of text */
static void
white(struct ctx *c, int ch)
{
	unsigned f;
	struct sink *s;

	if (c->in_title) {
		sink_space(&c->title);
		return;
	}
	f = cur_flags(c);
	if (f & E_DROP)
		return;
	if (c->a_open && is_hidden(f) == c->a_hidden)
		sink_space(&c->anchor);
	s = main_sink(c, f);
	if (!(f & E_PRE)) {
		sink_space(s);
		return;
	}
	if (ch == '\r')
		return;
	if (ch == '\n') {
		if (!c->skip_lf)
			sink_newline(s);
		c->skip_lf = false;
		return;
	}
	c->skip_lf = false;
	sink_put(s, ch == '\t' ? "\t" : " ", 1);
}

/* block_break - a line break in the sink of an element's flags */
static void
block_break(struct ctx *c, unsigned flags)
{
	if (c->in_title || (flags & E_DROP))
		return;
	sink_break(is_hidden(flags) ? &c->hidden : &c->text);
	if (c->a_open)
		sink_space(&c->anchor);
}

/* line_break - a hard line break (<br>) */
static void
line_break(struct ctx *c, unsigned flags)
{
	if (flags & E_DROP)
		return;
	sink_newline(main_sink(c, flags));
	if (c->a_open)
		sink_space(&c->anchor);
}

/* put_cp - write one decoded code point as text */
static void
put_cp(struct ctx *c, unsigned long cp)
{
	char b[4];

	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == 0xa0) {
		white(c, cp == 0xa0 ? ' ' : (int)cp);
		return;
	}
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return;
	put(c, b, yj_utf8_encode(cp, b));
}

/* ---- character references ------------------------------------------ */

struct entity {
	const char	*name;
	unsigned	 cp;
	unsigned char	 legacy;	/* may appear without ';' */
};

static const struct entity entities[] = {
#include "mail/html_entity.inc"
};

#define NENTITIES	(sizeof(entities) / sizeof(entities[0]))

/* HTML5: numeric references 0x80-0x9F read as Windows-1252. */
static const unsigned short c1_map[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
};

/* entity_find - the entity named p[0..n), or NULL */
static const struct entity *
entity_find(const char *p, size_t n)
{
	size_t lo = 0, hi = NENTITIES, mid;
	int r;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		r = strncmp(entities[mid].name, p, n);
		if (r == 0 && entities[mid].name[n] != '\0')
			r = 1;
		if (r == 0)
			return &entities[mid];
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* fix_numeric - the code point HTML5 gives to numeric reference v */
static unsigned long
fix_numeric(unsigned long v)
{
	if (v == 0 || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0xfffd;
	if (v >= 0x80 && v <= 0x9f)
		return c1_map[v - 0x80];
	return v;
}

/* numeric_ref - parse "&#..." at p; bytes used (0: not a reference) */
static size_t
numeric_ref(const char *p, const char *end, unsigned long *cp)
{
	const char *q = p + 2;
	unsigned long v = 0;
	bool hex = false;
	int d;
	size_t ndig = 0;

	if (q < end && (*q | 0x20) == 'x') {
		hex = true;
		q++;
	}
	for (; q < end; q++, ndig++) {
		if (*q >= '0' && *q <= '9')
			d = *q - '0';
		else if (hex && (*q | 0x20) >= 'a' && (*q | 0x20) <= 'f')
			d = (*q | 0x20) - 'a' + 10;
		else
			break;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
		if (v > 0x10ffff)
			v = 0x110000;	/* saturate: no overflow */
	}
	if (ndig == 0)
		return 0;
	if (q < end && *q == ';')
		q++;
	*cp = fix_numeric(v);
	return (size_t)(q - p);
}

/*
 * named_ref - parse "&name;" at p; bytes used (0: not a reference).
 * In attribute values a legacy name without ';' followed by '=' or an
 * alphanumeric is left alone (HTML5), so query strings survive.
 */
static size_t
named_ref(const char *p, const char *end, bool attr, unsigned long *cp)
{
	const struct entity *e;
	const char *q = p + 1;
	size_t n, k;

	while (q < end && is_alnum((unsigned char)*q) && q - p <= 32)
		q++;
	n = (size_t)(q - p - 1);
	if (n == 0)
		return 0;
	if (q < end && *q == ';' && (e = entity_find(p + 1, n)) != NULL) {
		*cp = e->cp;
		return n + 2;
	}
	for (k = n < 6 ? n : 6; k >= 2; k--) {
		e = entity_find(p + 1, k);
		if (e == NULL || !e->legacy)
			continue;
		if (attr && p + 1 + k < end &&
		    (p[1 + k] == '=' || is_alnum((unsigned char)p[1 + k])))
			return 0;
		*cp = e->cp;
		return k + 1;
	}
	return 0;
}

/* charref - parse a character reference at p ('&'); 0 if none */
static size_t
charref(const char *p, const char *end, bool attr, unsigned long *cp)
{
	if (p + 1 >= end)
		return 0;
	if (p[1] == '#')
		return numeric_ref(p, end, cp);
	return named_ref(p, end, attr, cp);
}

/* ---- attribute values ---------------------------------------------- */

/* utf8_len - length of the well-formed sequence at p, 0 if ill-formed */
static size_t
utf8_len(const char *p, const char *end)
{
	const char *q = p;

	if (yj_utf8_decode(&q, end) < 0)
		return 0;
	return (size_t)(q - p);
}

/*
 * decode_attr - entity-decoded, UTF-8-repaired copy of a raw attribute
 * value in the scratch buffer (valid until the next call); *lenp gets
 * its length.  NUL becomes U+FFFD as in HTML5.
 */
static char *
decode_attr(struct ctx *c, const char *p, size_t n, size_t *lenp)
{
	const char *end;
	unsigned long cp;
	size_t o = 0, k;
	char *d;

	if (n > (SIZE_MAX - 8) / 3)
		n = (SIZE_MAX - 8) / 3;
	end = p + n;
	if (c->scratch_cap < 3 * n + 8) {
		c->scratch_cap = 3 * n + 8;
		c->scratch = yj_xrealloc(c->scratch, c->scratch_cap);
	}
	d = c->scratch;
	while (p < end) {
		unsigned char ch = (unsigned char)*p;

		if (ch == '&' && (k = charref(p, end, true, &cp)) > 0) {
			o += yj_utf8_encode(cp, d + o);
			p += k;
		} else if (ch != 0 && ch < 0x80) {
			d[o++] = (char)ch;
			p++;
		} else if (ch != 0 && (k = utf8_len(p, end)) > 0) {
			memcpy(d + o, p, k);
			o += k;
			p += k;
		} else {
			memcpy(d + o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		}
	}
	d[o] = '\0';
	*lenp = o;
	return d;
}

/*
 * clean_url - the form of an attribute URL a browser acts on: leading and
 * trailing C0 controls and spaces removed, tab and line breaks removed
 * anywhere (WHATWG URL parser).  Copied into the arena.
 */
static char *
clean_url(struct ctx *c, const char *p, size_t n)
{
	char *r;
	size_t i, o = 0;

	while (n > 0 && (unsigned char)*p <= 0x20) {
		p++;
		n--;
	}
	while (n > 0 && (unsigned char)p[n - 1] <= 0x20)
		n--;
	r = yj_arena_alloc(c->arena, n + 1);
	for (i = 0; i < n; i++)
		if (p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			r[o++] = p[i];
	r[o] = '\0';
	return r;
}

/* ---- links --------------------------------------------------------- */

/* is_data_blob - a data: URI carrying base64 or a large payload */
static bool
is_data_blob(const char *u)
{
	const char *comma;

	if (!yj_str_iprefix(u, "data:"))
		return false;
	comma = strchr(u, ',');
	if (comma != NULL && comma - u >= 7 &&
	    yj_str_ieqn(comma - 7, ";base64", 7))
		return true;
	return strlen(u) >= DATA_URI_BIG;
}

/* is_script_url - javascript: or vbscript: */
static bool
is_script_url(const char *u)
{
	return yj_str_iprefix(u, "javascript:") ||
	    yj_str_iprefix(u, "vbscript:");
}

/* add_link - record a link; its index, or SIZE_MAX if none was kept */
static size_t
add_link(struct ctx *c, enum yj_link_kind kind, const char *href,
    bool hidden)
{
	struct yj_html *o = c->out;
	struct yj_html_link *l;
	size_t ncap;

	if (*href == '\0')
		return SIZE_MAX;
	if (is_script_url(href))
		o->flags |= YJ_HTML_SCRIPT;
	if (kind != YJ_LINK_IMG && is_data_blob(href))
		o->flags |= YJ_HTML_DATA_BLOB;
	o->links_seen++;
	if (o->nlinks >= c->max_links) {
		o->flags |= YJ_HTML_TRUNCATED;
		return SIZE_MAX;
	}
	if (o->nlinks == c->links_cap) {
		ncap = c->links_cap ? c->links_cap * 2 : 16;
		if (ncap > c->max_links)
			ncap = c->max_links;
		o->links = yj_arena_grow(c->arena, o->links, o->nlinks, ncap,
		    sizeof(*o->links));
		c->links_cap = ncap;
	}
	l = &o->links[o->nlinks];
	l->href = href;
	l->text = "";
	l->kind = kind;
	l->hidden = hidden;
	return o->nlinks++;
}

/* attr_url - decode and record the URL in attribute a, if present */
static size_t
attr_url(struct ctx *c, const struct attr *a, enum yj_link_kind kind,
    bool hidden)
{
	const char *d;
	size_t n;

	if (!a->set)
		return SIZE_MAX;
	d = decode_attr(c, a->v, a->n, &n);
	return add_link(c, kind, clean_url(c, d, n), hidden);
}

/* ---- anchors ------------------------------------------------------- */

/* anchor_begin - start collecting the text of link idx */
static void
anchor_begin(struct ctx *c, size_t idx, bool hidden)
{
	c->a_open = true;
	c->a_hidden = hidden;
	c->a_link = idx;
	c->anchor.len = 0;
	c->anchor.full = false;
	c->anchor.nl = c->anchor.space = 0;
	c->alt.len = 0;
	c->alt.full = false;
	c->alt.nl = c->alt.space = 0;
}

/* anchor_end - give the open anchor its text (or its image's alt) */
static void
anchor_end(struct ctx *c)
{
	struct sink *s = &c->anchor;

	if (!c->a_open)
		return;
	c->a_open = false;
	if (c->a_link == SIZE_MAX)
		return;
	if (s->len == 0)
		s = &c->alt;
	c->out->links[c->a_link].text = yj_arena_memdup(c->arena,
	    s->p ? s->p : "", s->len);
}

/* anchor_alt - an <img alt> inside the open anchor */
static void
anchor_alt(struct ctx *c, const struct attr *a)
{
	const char *d;
	size_t n, i, j;

	if (!c->a_open || !a->set || c->alt.len > 0)
		return;
	d = decode_attr(c, a->v, a->n, &n);
	for (i = 0; i < n; i = j) {
		if (is_ws((unsigned char)d[i])) {
			sink_space(&c->alt);
			j = i + 1;
			continue;
		}
		for (j = i; j < n && !is_ws((unsigned char)d[j]); j++)
			;
		sink_put(&c->alt, d + i, j - i);
	}
}

/* ---- inline CSS ---------------------------------------------------- */

struct css {
	bool		 hidden;
	bool		 zero_box;	/* width/height 0 */
	bool		 clip;		/* overflow hidden */
	bool		 positioned;	/* absolute or fixed */
	bool		 offscreen;	/* left/top far negative */
	uint32_t	 fg;
	uint32_t	 bg;
};

struct named_color {
	const char	*name;
	uint32_t	 rgb;
};

static const struct named_color named_colors[] = {
	{ "aqua", 0x00ffff }, { "black", 0x000000 }, { "blue", 0x0000ff },
	{ "fuchsia", 0xff00ff }, { "gray", 0x808080 },
	{ "green", 0x008000 }, { "grey", 0x808080 }, { "ivory", 0xfffff0 },
	{ "lime", 0x00ff00 }, { "maroon", 0x800000 }, { "navy", 0x000080 },
	{ "olive", 0x808000 }, { "orange", 0xffa500 },
	{ "purple", 0x800080 }, { "red", 0xff0000 },
	{ "silver", 0xc0c0c0 }, { "snow", 0xfffafa }, { "teal", 0x008080 },
	{ "transparent", COLOR_CLEAR }, { "white", 0xffffff },
	{ "whitesmoke", 0xf5f5f5 }, { "yellow", 0xffff00 },
};

/* parse_hex_color - "#rgb", "#rrggbb" (the '#' optional if legacy) */
static uint32_t
parse_hex_color(const char *p, size_t n, bool legacy)
{
	uint32_t v = 0;
	size_t i;
	int d;

	if (n > 0 && *p == '#') {
		p++;
		n--;
	} else if (!legacy)
		return COLOR_UNKNOWN;
	if (n != 3 && n != 6 && n != 8)
		return COLOR_UNKNOWN;
	for (i = 0; i < n; i++) {
		if ((d = yj_hexval((unsigned char)p[i])) < 0)
			return COLOR_UNKNOWN;
		if (n == 3)
			v = (v << 8) | (uint32_t)(d * 17);
		else if (i < 6)
			v = (v << 4) | (uint32_t)d;
	}
	if (n == 8 && yj_hexval((unsigned char)p[6]) == 0 &&
	    yj_hexval((unsigned char)p[7]) == 0)
		return COLOR_CLEAR;
	return v;
}

/* parse_num - a CSS number at *pp (advanced); false if none */
static bool
parse_num(const char **pp, const char *end, double *out)
{
	const char *p = *pp;
	double v = 0, scale = 1;
	bool neg = false, any = false;

	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++, any = true)
		if (v < 1e9)
			v = v * 10 + (*p - '0');
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, any = true)
			v += (*p - '0') * (scale /= 10);
	if (!any)
		return false;
	*out = neg ? -v : v;
	*pp = p;
	return true;
}

/* parse_rgb - "rgb(r,g,b)" or "rgba(r,g,b,a)" */
static uint32_t
parse_rgb(const char *p, const char *end)
{
	double v[4] = { 0, 0, 0, 1 };
	uint32_t rgb = 0;
	int i, n = 0;

	p = memchr(p, '(', (size_t)(end - p));
	if (p == NULL)
		return COLOR_UNKNOWN;
	for (p++; n < 4 && p < end; n++) {
		while (p < end && (is_ws((unsigned char)*p) || *p == ','))
			p++;
		if (!parse_num(&p, end, &v[n]))
			break;
		if (p < end && *p == '%')
			v[n] = n < 3 ? v[n] * 2.55 : v[n] / 100;
		while (p < end && *p != ',' && *p != ' ' && *p != '/' &&
		    *p != ')')
			p++;
		if (p < end && *p == '/')
			p++;
	}
	if (n < 3)
		return COLOR_UNKNOWN;
	if (v[3] <= 0.01)
		return COLOR_CLEAR;
	for (i = 0; i < 3; i++)
		rgb = (rgb << 8) | (uint32_t)(v[i] < 0 ? 0 :
		    v[i] > 255 ? 255 : v[i]);
	return rgb;
}

/* parse_color - one CSS or legacy colour value */
static uint32_t
parse_color(const char *p, size_t n, bool legacy)
{
	size_t i;

	while (n > 0 && is_ws((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n > 0 && is_ws((unsigned char)p[n - 1]))
		n--;
	if (n == 0)
		return COLOR_UNKNOWN;
	/* the value is not NUL-terminated: look at "rgb" only if it fits */
	if (n >= 3 && yj_str_ieqn(p, "rgb", 3))
		return parse_rgb(p, p + n);
	for (i = 0; i < sizeof(named_colors) / sizeof(named_colors[0]); i++)
		if (strlen(named_colors[i].name) == n &&
		    yj_str_ieqn(p, named_colors[i].name, n))
			return named_colors[i].rgb;
	return parse_hex_color(p, n, legacy);
}

/* background_color - the colour in a background shorthand */
static uint32_t
background_color(const char *p, size_t n)
{
	const char *end = p + n, *w;
	uint32_t col;

	if (yj_memimem(p, n, "url(", 4) != NULL ||
	    yj_memimem(p, n, "gradient", 8) != NULL)
		return COLOR_UNKNOWN;
	while (p < end) {
		while (p < end && is_ws((unsigned char)*p))
			p++;
		w = p;
		if (p + 3 < end && yj_str_ieqn(p, "rgb", 3)) {
			p = memchr(p, ')', (size_t)(end - p));
			p = p == NULL ? end : p + 1;
		} else
			while (p < end && !is_ws((unsigned char)*p))
				p++;
		col = parse_color(w, (size_t)(p - w), false);
		if (col != COLOR_UNKNOWN)
			return col;
	}
	return COLOR_UNKNOWN;
}

/* parse_len - a length: its value and whether its unit is px/pt/none */
static bool
parse_len(const char *p, const char *end, double *v, bool *abs_unit)
{
	if (!parse_num(&p, end, v))
		return false;
	*abs_unit = p == end || (end - p >= 2 &&
	    (yj_str_ieqn(p, "px", 2) || yj_str_ieqn(p, "pt", 2)));
	return true;
}

/* prop_is - whether property name p[0..n) is name */
static bool
prop_is(const char *p, size_t n, const char *name)
{
	return strlen(name) == n && yj_str_ieqn(p, name, n);
}

/* val_is - whether a value starts with word (case-insensitive) */
static bool
val_is(const char *v, const char *end, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(end - v) >= n && yj_str_ieqn(v, word, n);
}

/* css_decl - apply one declaration name: value */
static void
css_decl(struct css *s, const char *k, size_t kn, const char *v,
    const char *ve)
{
	double x;
	bool absu;

	if (prop_is(k, kn, "display"))
		s->hidden |= val_is(v, ve, "none");
	else if (prop_is(k, kn, "visibility"))
		s->hidden |= val_is(v, ve, "hidden") ||
		    val_is(v, ve, "collapse");
	else if (prop_is(k, kn, "mso-hide"))
		s->hidden |= val_is(v, ve, "all");
	else if (prop_is(k, kn, "opacity")) {
		if (parse_num(&v, ve, &x))
			s->hidden |= (v < ve && *v == '%') ? x < 10 : x < 0.1;
	} else if (prop_is(k, kn, "font-size")) {
		if (parse_len(v, ve, &x, &absu))
			s->hidden |= x <= 0 || (absu && x <= 1);
	} else if (prop_is(k, kn, "width") || prop_is(k, kn, "height") ||
	    prop_is(k, kn, "max-width") || prop_is(k, kn, "max-height")) {
		if (parse_len(v, ve, &x, &absu))
			s->zero_box |= x <= 0;
	} else if (prop_is(k, kn, "overflow") ||
	    prop_is(k, kn, "overflow-x") || prop_is(k, kn, "overflow-y"))
		s->clip |= val_is(v, ve, "hidden") || val_is(v, ve, "clip");
	else if (prop_is(k, kn, "text-indent")) {
		if (parse_len(v, ve, &x, &absu))
			s->hidden |= absu && x <= -1000;
	} else if (prop_is(k, kn, "left") || prop_is(k, kn, "top")) {
		if (parse_len(v, ve, &x, &absu))
			s->offscreen |= absu && x <= -1000;
	} else if (prop_is(k, kn, "position"))
		s->positioned |= val_is(v, ve, "absolute") ||
		    val_is(v, ve, "fixed");
	else if (prop_is(k, kn, "color"))
		s->fg = parse_color(v, (size_t)(ve - v), false);
	else if (prop_is(k, kn, "background-color"))
		s->bg = parse_color(v, (size_t)(ve - v), false);
	else if (prop_is(k, kn, "background"))
		s->bg = background_color(v, (size_t)(ve - v));
	else if (prop_is(k, kn, "background-image"))
		s->bg = val_is(v, ve, "none") ? s->bg : COLOR_UNKNOWN;
}

/* strip_css_comments - remove comments in place; new length */
static size_t
strip_css_comments(char *p, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		if (i + 1 < n && p[i] == '/' && p[i + 1] == '*') {
			const char *e = yj_memimem(p + i + 2, n - i - 2, "*/",
			    2);

			i = e == NULL ? n : (size_t)(e - p) + 2;
			continue;
		}
		p[o++] = p[i++];
	}
	return o;
}

/* trim - narrow [*p, *e) to exclude white space */
static void
trim(const char **p, const char **e)
{
	while (*p < *e && is_ws((unsigned char)**p))
		(*p)++;
	while (*e > *p && is_ws((unsigned char)(*e)[-1]))
		(*e)--;
}

/* parse_decls - apply the declarations in d[0..n) (changed in place) */
static void
parse_decls(struct css *s, char *d, size_t n)
{
	const char *p, *end, *semi, *colon, *k, *ke, *v, *ve, *imp;

	n = strip_css_comments(d, n);
	for (p = d, end = d + n; p < end; p = semi + 1) {
		semi = memchr(p, ';', (size_t)(end - p));
		if (semi == NULL)
			semi = end;
		colon = memchr(p, ':', (size_t)(semi - p));
		if (colon == NULL)
			continue;
		k = p;
		ke = colon;
		v = colon + 1;
		ve = semi;
		imp = yj_memimem(v, (size_t)(ve - v), "!important", 10);
		if (imp != NULL)
			ve = imp;
		trim(&k, &ke);
		trim(&v, &ve);
		css_decl(s, k, (size_t)(ke - k), v, ve);
	}
	if (s->zero_box && s->clip)
		s->hidden = true;
	if (s->offscreen && s->positioned)
		s->hidden = true;
}

/* parse_style - read an inline style attribute into s */
static void
parse_style(struct ctx *c, const struct attr *a, struct css *s)
{
	char *d;
	size_t n;

	d = decode_attr(c, a->v, a->n, &n);
	parse_decls(s, d, n);
}

/* near_color - colours a reader cannot tell apart */
static bool
near_color(uint32_t a, uint32_t b)
{
	int i, d;

	if (a == COLOR_CLEAR)
		return true;
	if (a == COLOR_UNKNOWN || b == COLOR_UNKNOWN || b == COLOR_CLEAR)
		return false;
	for (i = 0; i < 24; i += 8) {
		d = (int)((a >> i) & 0xff) - (int)((b >> i) & 0xff);
		if (d > 10 || d < -10)
			return false;
	}
	return true;
}

/* ---- the stack ----------------------------------------------------- */

/* push - open an element (or count it when the stack is full) */
static void
push(struct ctx *c, const struct elem *e)
{
	if (c->depth < YJ_HTML_MAX_STACK) {
		c->stack[c->depth++] = *e;
		return;
	}
	c->over++;
	if ((e->flags & E_HIDDEN) && c->over_hidden == 0) {
		c->over_hidden = c->over;
		c->over_hash = e->hash;
	}
}

/* pop - close the innermost element */
static void
pop(struct ctx *c)
{
	struct elem *e = &c->stack[c->depth - 1];
	unsigned parent = c->depth > 1 ? c->stack[c->depth - 2].flags : 0;

	c->depth--;
	if (e->props & P_BLOCK)
		block_break(c, e->flags);
	if (e->flags & E_ANCHOR)
		anchor_end(c);
	/* keep hidden fragments apart: "a" + "b" is not "ab" */
	if (is_hidden(e->flags) && !is_hidden(parent))
		sink_space(&c->hidden);
}

/* pop_over - close one element past the stack */
static void
pop_over(struct ctx *c)
{
	if (c->over == c->over_hidden)
		c->over_hidden = 0;
	c->over--;
}

/* pop_to - close elements down to and including index i */
static void
pop_to(struct ctx *c, size_t i)
{
	while (c->over > 0)
		pop_over(c);
	while (c->depth > i)
		pop(c);
}

/*
 * find_open - index of the innermost open element with this name hash,
 * or SIZE_MAX.  The search gives up at an element with any of the stop
 * properties, so that an end tag cannot reach through a table cell.
 */
static size_t
find_open(struct ctx *c, uint32_t hash, unsigned stop)
{
	size_t i;

	for (i = c->depth; i-- > 0;) {
		if (c->stack[i].hash == hash)
			return i;
		if (c->stack[i].props & stop)
			return SIZE_MAX;
	}
	return SIZE_MAX;
}

/* find_open_id - find_open() for a known tag, by id */
static size_t
find_open_id(struct ctx *c, int id, unsigned stop)
{
	size_t i;

	for (i = c->depth; i-- > 0;) {
		if (c->stack[i].id == id)
			return i;
		if (c->stack[i].props & stop)
			return SIZE_MAX;
	}
	return SIZE_MAX;
}

/* close_if_open - pop to the innermost id-element found before stop */
static void
close_if_open(struct ctx *c, int id, unsigned stop)
{
	size_t i = find_open_id(c, id, stop);

	if (i != SIZE_MAX)
		pop_to(c, i);
}

/* ---- start and end tags -------------------------------------------- */

/* hash_name - FNV-1a of an ASCII-lower-cased tag name */
static uint32_t
hash_name(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (uint32_t)yj_ascii_lower((unsigned char)p[i]);
		h *= 16777619u;
	}
	return h;
}

/* tagdef_cmp - bsearch() comparison of a name with a tag definition */
static int
tagdef_cmp(const void *key, const void *elt)
{
	return strcmp(key, ((const struct tagdef *)elt)->name);
}

/* find_tagdef - the definition of a tag name, or NULL */
static const struct tagdef *
find_tagdef(const char *p, size_t n)
{
	char low[16];
	size_t i;

	if (n == 0 || n >= sizeof(low))
		return NULL;
	for (i = 0; i < n; i++)
		low[i] = (char)yj_ascii_lower((unsigned char)p[i]);
	low[n] = '\0';
	return bsearch(low, tagdefs, NTAGDEFS, sizeof(tagdefs[0]),
	    tagdef_cmp);
}

/* implied_close - end tags HTML5 implies before a start tag */
static void
implied_close(struct ctx *c, int id, unsigned props)
{
	struct elem *t;

	if (props & P_CLOSEP)
		close_if_open(c, T_P, P_SCOPE | P_BUTTON);
	switch (id) {
	case T_LI:
		close_if_open(c, T_LI, P_LIST | P_SCOPE);
		break;
	case T_DD:
	case T_DT:
		close_if_open(c, T_DD, P_SCOPE);
		close_if_open(c, T_DT, P_SCOPE);
		break;
	case T_TD:
	case T_TH:
		close_if_open(c, T_TD, P_TABLE);
		close_if_open(c, T_TH, P_TABLE);
		break;
	case T_TR:
		close_if_open(c, T_TR, P_TABLE);
		break;
	case T_OPTION:
		if ((t = top(c)) != NULL && t->id == T_OPTION)
			pop(c);
		break;
	case T_A:
		if (c->a_open)
			anchor_end(c);
		break;
	default:
		break;
	}
}

/* add_rule - keep the simple selector sel[0..n) of a hiding rule */
static void
add_rule(struct ctx *c, const char *sel, size_t n)
{
	const char *dot;
	struct rule r;

	size_t i;

	if (n == 0 || c->nrules == MAX_RULES)
		return;
	for (i = 0; i < n; i++)	/* only simple selectors: no false hiding */
		if (!is_alnum((unsigned char)sel[i]) && sel[i] != '-' &&
		    sel[i] != '_' && sel[i] != '.')
			return;
	dot = memchr(sel, '.', n);
	if (dot != NULL && memchr(dot + 1, '.', n - (size_t)(dot - sel) - 1))
		return;
	r.tag = dot == sel ? 0 : hash_name(sel, dot ? (size_t)(dot - sel) : n);
	r.cls = dot == NULL ? 0 : hash_name(dot + 1, n - (size_t)(dot - sel) - 1);
	if (r.tag == 0 && r.cls == 0)
		return;
	c->rules[c->nrules++] = r;
}

/* rule_selectors - the comma-separated selectors of a hiding rule */
static void
rule_selectors(struct ctx *c, const char *p, const char *end)
{
	const char *comma, *e;

	for (; p < end; p = comma + 1) {
		comma = memchr(p, ',', (size_t)(end - p));
		if (comma == NULL)
			comma = end;
		e = comma;
		trim(&p, &e);
		add_rule(c, p, (size_t)(e - p));
	}
}

/* skip_block - position after the '}' that closes the '{' before p */
static const char *
skip_block(const char *p, const char *end)
{
	size_t depth = 1;

	for (; p < end; p++) {
		if (*p == '{')
			depth++;
		else if (*p == '}' && --depth == 0)
			return p + 1;
	}
	return end;
}

/*
 * stylesheet - learn the top-level rules of a <style> block that hide
 * ("q{display:none}", ".pre{font-size:0}").  Rules inside @media and
 * other at-rules are skipped: they apply to some screens only, and a
 * mobile-only "hide" must not hide what a desktop reader sees.
 */
static void
stylesheet(struct ctx *c, const char *css, size_t n)
{
	char *d = yj_xmemdup(css, n < STYLE_MAX ? n : STYLE_MAX);
	const char *p, *end, *open, *close;
	struct css s;

	n = strip_css_comments(d, n < STYLE_MAX ? n : STYLE_MAX);
	for (p = d, end = d + n; p < end; p = close) {
		p = skip_ws(p, end);
		open = memchr(p, '{', (size_t)(end - p));
		if (open == NULL)
			break;
		close = skip_block(open + 1, end);
		if (memchr(p, '@', (size_t)(open - p)) != NULL ||
		    memchr(open + 1, '{', (size_t)(close - open - 1)) != NULL)
			continue;
		memset(&s, 0, sizeof(s));
		s.fg = s.bg = COLOR_UNKNOWN;
		n = (size_t)(close - open - 1);
		if (close[-1] == '}')
			n--;		/* the block's own '}' */
		parse_decls(&s, (char *)open + 1, n);
		if (s.hidden)
			rule_selectors(c, p, open);
	}
	yj_free(d);
}

/* class_has - whether the class attribute holds a token with hash h */
static bool
class_has(const struct attr *a, uint32_t h)
{
	const char *p = a->v, *end = a->v + a->n, *w;

	while (p < end) {
		while (p < end && is_ws((unsigned char)*p))
			p++;
		for (w = p; p < end && !is_ws((unsigned char)*p); p++)
			;
		if (p > w && hash_name(w, (size_t)(p - w)) == h)
			return true;
	}
	return false;
}

/* rule_hidden - whether a <style> rule hides this element */
static bool
rule_hidden(struct ctx *c, const struct tag *t)
{
	size_t i;

	for (i = 0; i < c->nrules; i++) {
		if (c->rules[i].tag != 0 && c->rules[i].tag != t->hash)
			continue;
		if (c->rules[i].cls != 0 && (!t->a[A_CLASS].set ||
		    !class_has(&t->a[A_CLASS], c->rules[i].cls)))
			continue;
		return true;
	}
	return false;
}

/* element_style - hidden-ness and colours of a new element */
static void
element_style(struct ctx *c, const struct tag *t, struct elem *e)
{
	struct css s;

	memset(&s, 0, sizeof(s));
	s.fg = e->fg;
	s.bg = e->bg;
	if (t->def != NULL && t->def->id == T_FONT && t->a[A_COLOR].set)
		s.fg = parse_color(t->a[A_COLOR].v, t->a[A_COLOR].n, true);
	if (t->def != NULL && (t->def->props & P_BGCOLOR)) {
		if (t->a[A_BGCOLOR].set)
			s.bg = parse_color(t->a[A_BGCOLOR].v,
			    t->a[A_BGCOLOR].n, true);
		if (t->a[A_BACKGROUND].set)
			s.bg = COLOR_UNKNOWN;
	}
	if (t->a[A_STYLE].set)
		parse_style(c, &t->a[A_STYLE], &s);
	if (s.hidden || t->a[A_HIDDEN].set || rule_hidden(c, t))
		e->flags |= E_HIDDEN;
	e->fg = s.fg;
	e->bg = s.bg;
	if (near_color(e->fg, e->bg))
		e->flags |= E_CHIDDEN;
}

/* meta_refresh - the URL in content="5; url=..." */
static void
meta_refresh(struct ctx *c, const struct tag *t, bool hidden)
{
	const char *d, *p, *end;
	char q;
	size_t n;

	if (!t->a[A_HTTP_EQUIV].set || !t->a[A_CONTENT].set)
		return;
	d = decode_attr(c, t->a[A_HTTP_EQUIV].v, t->a[A_HTTP_EQUIV].n, &n);
	p = d;
	end = d + n;
	trim(&p, &end);
	if (end - p != 7 || !yj_str_ieqn(p, "refresh", 7))
		return;
	c->out->flags |= YJ_HTML_META_REFRESH;
	d = decode_attr(c, t->a[A_CONTENT].v, t->a[A_CONTENT].n, &n);
	p = d;
	end = d + n;
	while (p < end && (is_ws((unsigned char)*p) ||
	    (*p >= '0' && *p <= '9') || *p == '.'))
		p++;
	if (p < end && (*p == ';' || *p == ','))
		p++;
	while (p < end && is_ws((unsigned char)*p))
		p++;
	if (end - p >= 3 && yj_str_ieqn(p, "url", 3)) {
		const char *r = p + 3;

		while (r < end && is_ws((unsigned char)*r))
			r++;
		if (r < end && *r == '=')
			p = r + 1;
	}
	while (p < end && is_ws((unsigned char)*p))
		p++;
	if (p < end && (*p == '"' || *p == '\'')) {
		q = *p++;
		end = memchr(p, q, (size_t)(end - p));
		if (end == NULL)
			end = d + n;
	}
	add_link(c, YJ_LINK_REFRESH, clean_url(c, p, (size_t)(end - p)),
	    hidden);
}

/* is_remote - an http(s) or protocol-relative URL */
static bool
is_remote(const char *u)
{
	return yj_str_iprefix(u, "http:") || yj_str_iprefix(u, "https:") ||
	    (u[0] == '/' && u[1] == '/');
}

/* img_src - a remote image is a link; a data: one may hide a payload */
static void
img_src(struct ctx *c, const struct attr *a, bool hidden)
{
	char *u;
	const char *d;
	size_t n;

	if (!a->set)
		return;
	d = decode_attr(c, a->v, a->n, &n);
	u = clean_url(c, d, n);
	if (is_remote(u))
		add_link(c, YJ_LINK_IMG, u, hidden);
	else if (yj_str_iprefix(u, "data:") &&
	    !yj_str_iprefix(u, "data:image/") && is_data_blob(u))
		c->out->flags |= YJ_HTML_DATA_BLOB;
}

/* input_type - flags for <input type=password> */
static void
input_type(struct ctx *c, const struct tag *t)
{
	const char *d, *p, *end;
	size_t n;

	if (!t->a[A_TYPE].set)
		return;
	d = decode_attr(c, t->a[A_TYPE].v, t->a[A_TYPE].n, &n);
	p = d;
	end = d + n;
	trim(&p, &end);
	if (end - p == 8 && yj_str_ieqn(p, "password", 8))
		c->out->flags |= YJ_HTML_PASSWORD_INPUT;
}

/* element_links - links and flags of a start tag */
static void
element_links(struct ctx *c, const struct tag *t, struct elem *e)
{
	bool h = is_hidden(e->flags);
	size_t idx;

	if (t->handler)
		c->out->flags |= YJ_HTML_SCRIPT;
	if (t->def == NULL)
		return;
	switch (t->def->id) {
	case T_A:
		idx = attr_url(c, &t->a[A_HREF], YJ_LINK_A, h);
		if (t->a[A_HREF].set) {
			anchor_begin(c, idx, h);
			e->flags |= E_ANCHOR;
		}
		break;
	case T_AREA:
		attr_url(c, &t->a[A_HREF], YJ_LINK_A, h);
		break;
	case T_FORM:
		c->out->flags |= YJ_HTML_FORM;
		attr_url(c, &t->a[A_ACTION], YJ_LINK_FORM, h);
		break;
	case T_BUTTON:
	case T_INPUT:
		attr_url(c, &t->a[A_FORMACTION], YJ_LINK_FORM, h);
		input_type(c, t);
		break;
	case T_IMG:
		img_src(c, &t->a[A_SRC], h);
		anchor_alt(c, &t->a[A_ALT]);
		break;
	case T_IFRAME:
	case T_FRAME:
	case T_EMBED:
		c->out->flags |= YJ_HTML_IFRAME;
		attr_url(c, &t->a[A_SRC], YJ_LINK_FRAME, h);
		break;
	case T_OBJECT:
		c->out->flags |= YJ_HTML_IFRAME;
		attr_url(c, &t->a[A_DATA], YJ_LINK_FRAME, h);
		break;
	case T_SCRIPT:
		c->out->flags |= YJ_HTML_SCRIPT;
		break;
	case T_META:
		meta_refresh(c, t, h);
		break;
	default:
		break;
	}
}

/* set_raw - tell the driver that the element's content is raw text */
static void
set_raw(struct ctx *c, const struct tag *t, const char *name, size_t n)
{
	unsigned props = t->def->props;

	c->raw_id = t->def->id;
	c->raw_name = name;
	c->raw_nlen = n;
	if (t->def->id == T_PLAINTEXT)
		c->raw = RAW_ALL;
	else if (t->def->id == T_TITLE)
		c->raw = c->title_done ? RAW_SKIP : RAW_TITLE;
	else if (props & P_RCDATA)
		c->raw = RAW_RCDATA;
	else if (props & P_RAWSHOW)
		c->raw = RAW_SHOW;
	else
		c->raw = RAW_DROP;
}

/* start_tag - handle a start tag; name is its name in the input */
static void
start_tag(struct ctx *c, const struct tag *t, const char *name, size_t n)
{
	const struct elem *parent;
	unsigned props = t->def ? t->def->props : 0;
	int id = t->def ? t->def->id : T_OTHER;
	struct elem e;

	implied_close(c, id, props);
	parent = top(c);
	memset(&e, 0, sizeof(e));
	e.hash = t->hash;
	e.id = (unsigned char)id;
	e.props = (unsigned short)props;
	e.flags = parent ? (parent->flags & E_INHERIT) : 0;
	e.fg = parent ? parent->fg : COLOR_BLACK;
	e.bg = parent ? parent->bg : c->root_bg;
	if (c->over_hidden || c->in_cond)
		e.flags |= E_HIDDEN;
	if (props & P_PRE)
		e.flags |= E_PRE;
	if (id == T_SVG || id == T_MATH)
		e.flags |= E_FOREIGN;
	if (id == T_TEMPLATE)
		e.flags |= E_DROP;
	element_style(c, t, &e);
	element_links(c, t, &e);
	if (props & P_BLOCK)
		block_break(c, e.flags);
	if ((props & P_CELL) && !(e.flags & E_DROP))
		sink_space(main_sink(c, e.flags));
	if (id == T_BR)
		line_break(c, e.flags);
	if ((props & P_VOID) ||
	    (t->selfclose && (e.flags & E_FOREIGN)))
		return;
	push(c, &e);
	if (props & P_PRE)
		c->skip_lf = true;
	if ((props & (P_RAW | P_RAWSHOW | P_RCDATA)) ||
	    id == T_PLAINTEXT) {
		if (id == T_TITLE && (e.flags & E_FOREIGN))
			return;
		set_raw(c, t, name, n);
	}
}

/* end_tag - handle an end tag */
static void
end_tag(struct ctx *c, const struct tag *t)
{
	unsigned props = t->def ? t->def->props : 0;
	int id = t->def ? t->def->id : T_OTHER;
	size_t i;

	if (id == T_BR) {	/* HTML5: </br> is <br> */
		line_break(c, cur_flags(c));
		return;
	}
	if (c->over > 0) {
		/*
		 * Names past the stack are not kept, so an end tag closes one
		 * level, except that the element that began hiding is known
		 * and its end tag closes it with all inside.
		 */
		if (c->over_hidden != 0 && t->hash == c->over_hash)
			c->over = c->over_hidden;
		pop_over(c);
		if (id == T_A && c->a_open)
			anchor_end(c);
		return;
	}
	if (props & P_SPECIAL)
		i = find_open(c, t->hash, (props & (P_SCOPE | P_TABLE)) ?
		    P_TABLE : P_SCOPE);
	else if (props & P_FORMAT)	/* adoption agency, roughly */
		i = find_open(c, t->hash, P_SCOPE);
	else
		i = find_open(c, t->hash, P_SPECIAL);
	if (i != SIZE_MAX)
		pop_to(c, i);
	else if (id == T_P)	/* HTML5: </p> alone is <p></p> */
		block_break(c, cur_flags(c));
	if (id == T_A && c->a_open && find_open_id(c, T_A, 0) == SIZE_MAX)
		anchor_end(c);
}

/* ---- markup -------------------------------------------------------- */

/* attr_id - which attribute we want, A_COUNT for others */
static int
attr_id(const char *p, size_t n)
{
	int i;

	for (i = 0; i < A_COUNT; i++)
		if (strlen(attr_names[i]) == n &&
		    yj_str_ieqn(p, attr_names[i], n))
			return i;
	return A_COUNT;
}

/* skip_ws - first position at or after p that is not white space */
static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && is_ws((unsigned char)*p))
		p++;
	return p;
}

/* attr_value - read a value at p (after '='); NULL at end of input */
static const char *
attr_value(const char *p, const char *end, const char **v, size_t *n)
{
	const char *q;

	p = skip_ws(p, end);
	if (p >= end)
		return NULL;
	if (*p == '"' || *p == '\'') {
		q = memchr(p + 1, *p, (size_t)(end - p - 1));
		if (q == NULL)
			return NULL;
		*v = p + 1;
		*n = (size_t)(q - p - 1);
		return q + 1;
	}
	for (q = p; q < end && !is_ws((unsigned char)*q) && *q != '>'; q++)
		;
	*v = p;
	*n = (size_t)(q - p);
	return q;
}

/* record_attr - keep the first occurrence of a wanted attribute */
static void
record_attr(struct tag *t, const char *k, size_t kn, const char *v,
    size_t vn)
{
	int id = attr_id(k, kn);

	if (kn > 2 && (k[0] | 0x20) == 'o' && (k[1] | 0x20) == 'n' && vn > 0)
		t->handler = true;
	if (id == A_COUNT || t->a[id].set)
		return;
	t->a[id].v = v;
	t->a[id].n = vn;
	t->a[id].set = true;
}

/*
 * parse_attrs - read attributes up to '>' (HTML5 attribute states);
 * returns the position after '>', or NULL when the input ends inside
 * the tag (HTML5 then drops the tag).
 */
static const char *
parse_attrs(const char *p, const char *end, struct tag *t)
{
	const char *k, *v;
	size_t kn, vn;

	for (;;) {
		while (p < end && (is_ws((unsigned char)*p) || *p == '/')) {
			t->selfclose = *p == '/' && p + 1 < end && p[1] == '>';
			p++;
		}
		if (p >= end)
			return NULL;
		if (*p == '>')
			return p + 1;
		t->selfclose = false;
		k = p++;
		while (p < end && !is_ws((unsigned char)*p) && *p != '/' &&
		    *p != '>' && *p != '=')
			p++;
		kn = (size_t)(p - k);
		p = skip_ws(p, end);
		v = "";
		vn = 0;
		if (p < end && *p == '=') {
			p = attr_value(p + 1, end, &v, &vn);
			if (p == NULL)
				return NULL;
		}
		record_attr(t, k, kn, v, vn);
	}
}

/* literal - text that looked like markup but is not */
static void
literal(struct ctx *c, const char *p, size_t n)
{
	put(c, p, n);
}

/* skip_to_gt - end of a bogus comment: after the next '>' */
static const char *
skip_to_gt(const char *p, const char *end)
{
	const char *q = memchr(p, '>', (size_t)(end - p));

	return q == NULL ? end : q + 1;
}

/*
 * comment_end - position after the comment whose text starts at p
 * (just after "<!--"): "-->" or "--!>", or the abrupt "<!-->" and
 * "<!--->"; the end of input when unterminated (HTML5).
 */
static const char *
comment_end(const char *p, const char *end, const char **text_end)
{
	const char *q;

	if (p < end && *p == '>') {
		*text_end = p;
		return p + 1;
	}
	if (end - p >= 2 && p[0] == '-' && p[1] == '>') {
		*text_end = p;
		return p + 2;
	}
	for (q = p; (q = memchr(q, '-', (size_t)(end - q))) != NULL; q++) {
		if (end - q >= 3 && q[1] == '-' && q[2] == '>') {
			*text_end = q;
			return q + 3;
		}
		if (end - q >= 4 && q[1] == '-' && q[2] == '!' && q[3] == '>') {
			*text_end = q;
			return q + 4;
		}
	}
	*text_end = end;
	return end;
}

/*
 * cond_comment - a downlevel-hidden conditional comment "[if ...]>"
 * whose body ends in "<![endif]": parse the body as hidden HTML.  Not
 * for "<!--[if !mso]><!-->", which is a complete comment.
 */
static bool
cond_comment(struct ctx *c, const char *p, const char *text_end,
    const char *resume, const char **body)
{
	const char *gt;

	if (c->in_cond || text_end - p < 13 || !yj_str_ieqn(p, "[if", 3))
		return false;
	gt = memchr(p, '>', (size_t)(text_end - p));
	if (gt == NULL || gt[-1] != ']' || text_end - (gt + 1) < 9 ||
	    !yj_str_ieqn(text_end - 9, "<![endif]", 9))
		return false;
	c->in_cond = true;
	c->cond_resume = resume;
	c->cond_depth = c->depth;
	*body = gt + 1;
	return true;
}

/* markup_decl - "<!": comment, conditional comment, doctype, CDATA */
static const char *
markup_decl(struct ctx *c, const char *p, const char *end,
    const char **cond_body)
{
	const char *te, *r;

	if (end - p >= 4 && p[2] == '-' && p[3] == '-') {
		r = comment_end(p + 4, end, &te);
		if (cond_comment(c, p + 4, te, r, cond_body))
			return te - 9;
		return r;
	}
	return skip_to_gt(p + 2, end);
}

/* markup - a '<' in text; returns the position after what it starts */
static const char *
markup(struct ctx *c, const char *p, const char *end, const char **cond)
{
	struct tag t;
	const char *name, *q;
	size_t n;

	if (end - p < 2) {
		literal(c, p, 1);
		return p + 1;
	}
	if (p[1] == '!')
		return markup_decl(c, p, end, cond);
	if (p[1] == '?')
		return skip_to_gt(p + 2, end);
	memset(&t, 0, sizeof(t));
	name = p + 1;
	if (p[1] == '/') {
		if (end - p < 3) {
			literal(c, p, 2);
			return end;
		}
		if (!is_alpha((unsigned char)p[2]))
			return skip_to_gt(p + 2, end);
		t.end = true;
		name++;
	} else if (!is_alpha((unsigned char)p[1])) {
		literal(c, p, 1);
		return p + 1;
	}
	for (q = name; q < end && !is_ws((unsigned char)*q) && *q != '/' &&
	    *q != '>'; q++)
		;
	n = (size_t)(q - name);
	t.hash = hash_name(name, n);
	t.def = find_tagdef(name, n);
	q = parse_attrs(q, end, &t);
	if (q == NULL)
		return end;
	if (t.end)
		end_tag(c, &t);
	else
		start_tag(c, &t, name, n);
	return q;
}

/* ---- text ---------------------------------------------------------- */

/* text_run - length of plain text at p that needs no attention */
static size_t
text_run(const char *p, const char *end)
{
	const unsigned char *q = (const unsigned char *)p;
	const unsigned char *e = (const unsigned char *)end;
	size_t k;

	while (q < e) {
		if (cls[*q] == K_TEXT) {
			q++;
			continue;
		}
		if (*q < 0xc3 || (k = utf8_len((const char *)q, end)) == 0)
			break;	/* C2 xx: NBSP and C1 controls need care */
		q += k;
	}
	return (size_t)(q - (const unsigned char *)p);
}

/* high - a non-ASCII byte that text_run() did not take */
static const char *
high(struct ctx *c, const char *p, const char *end)
{
	const char *q = p;
	long cp = yj_utf8_decode(&q, end);

	if (cp < 0) {
		put(c, "\xef\xbf\xbd", 3);
		return p + 1;
	}
	put_cp(c, (unsigned long)cp);
	return q;
}

/* amp - a '&' in text */
static const char *
amp(struct ctx *c, const char *p, const char *end)
{
	unsigned long cp;
	size_t k = charref(p, end, false, &cp);

	if (k == 0) {
		put(c, "&", 1);
		return p + 1;
	}
	put_cp(c, cp);
	return p + k;
}

/*
 * text - the data state over [p, end); with tags false (RCDATA) '<' is
 * text.  Returns where it stopped: at end, or after a tag that opened a
 * raw-text element or a conditional comment (the driver takes over).
 */
static const char *
text(struct ctx *c, const char *p, const char *end, bool tags,
    const char **cond)
{
	size_t k;

	while (p < end) {
		switch (cls[(unsigned char)*p]) {
		case K_TEXT:
		case K_HIGH:
			k = text_run(p, end);
			if (k == 0) {
				p = high(c, p, end);
				break;
			}
			put(c, p, k);
			p += k;
			break;
		case K_WS:
			white(c, *p++);
			break;
		case K_AMP:
			p = amp(c, p, end);
			break;
		case K_LT:
			if (!tags) {
				put(c, "<", 1);
				p++;
				break;
			}
			p = markup(c, p, end, cond);
			if (c->raw != RAW_NONE || *cond != NULL)
				return p;
			break;
		default:
			p++;	/* control characters are not shown */
			break;
		}
	}
	return p;
}

/* ---- raw text ------------------------------------------------------ */

/* raw_end - the "</name" that ends raw text starting at p, or end */
static const char *
raw_end(const char *p, const char *end, const char *name, size_t n)
{
	const char *q;

	for (q = p; (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++) {
		if ((size_t)(end - q) < n + 2 || q[1] != '/' ||
		    !yj_str_ieqn(q + 2, name, n))
			continue;
		if ((size_t)(end - q) == n + 2 || is_ws((unsigned char)q[n + 2]) ||
		    q[n + 2] == '/' || q[n + 2] == '>')
			return q;
	}
	return end;
}

/* script_blob - HTML smuggling: atob(), base64 data: or a long run */
static bool
script_blob(const char *p, size_t n)
{
	size_t i, run = 0;
	unsigned char ch;

	if (yj_memimem(p, n, "atob(", 5) != NULL ||
	    yj_memimem(p, n, ";base64,", 8) != NULL)
		return true;
	for (i = 0; i < n; i++) {
		ch = (unsigned char)p[i];
		if (is_alnum(ch) || ch == '+' || ch == '/' || ch == '=') {
			if (++run >= BLOB_RUN)
				return true;
		} else if (ch != '\\' && ch != '\n' && ch != '\r' &&
		    ch != '"' && ch != '\'')
			run = 0;	/* line and string breaks continue */
	}
	return false;
}

/* raw_show - raw text that is shown as is: '&' and '<' are plain text */
static void
raw_show(struct ctx *c, const char *p, const char *q)
{
	size_t k;

	while (p < q) {
		for (k = 0; p + k < q && (unsigned char)p[k] > 0x20 &&
		    (unsigned char)p[k] < 0x7f; k++)
			;
		if (k > 0) {
			put(c, p, k);
			p += k;
		} else if (is_ws((unsigned char)*p))
			white(c, *p++);
		else if ((unsigned char)*p >= 0x80)
			p = high(c, p, q);
		else
			p++;
	}
}

/* raw_content - handle the content of a raw-text element [p, q) */
static void
raw_content(struct ctx *c, const char *p, const char *q)
{
	const char *cond = NULL;
	size_t n = (size_t)(q - p);

	switch (c->raw) {
	case RAW_DROP:
		if (c->raw_id == T_SCRIPT && script_blob(p, n))
			c->out->flags |= YJ_HTML_DATA_BLOB;
		if (c->raw_id == T_STYLE &&
		    yj_memimem(p, n, "background", 10) != NULL)
			c->root_bg = COLOR_UNKNOWN;
		if (c->raw_id == T_STYLE && !c->in_cond)
			stylesheet(c, p, n);
		break;
	case RAW_SHOW:
	case RAW_ALL:
		raw_show(c, p, q);
		break;
	case RAW_TITLE:
		c->in_title = true;
		text(c, p, q, false, &cond);
		c->in_title = false;
		c->title_done = true;
		break;
	case RAW_RCDATA:
		text(c, p, q, false, &cond);
		break;
	default:
		break;
	}
}

/* raw_element - content and end tag of a raw-text element at p */
static const char *
raw_element(struct ctx *c, const char *p, const char *end)
{
	const char *q, *r;
	struct tag t;

	if (c->raw == RAW_ALL)
		q = end;
	else
		q = raw_end(p, end, c->raw_name, c->raw_nlen);
	raw_content(c, p, q);
	c->raw = RAW_NONE;
	if (q >= end)
		return end;
	memset(&t, 0, sizeof(t));
	t.end = true;
	t.hash = hash_name(q + 2, c->raw_nlen);
	t.def = find_tagdef(q + 2, c->raw_nlen);
	r = parse_attrs(q + 2 + c->raw_nlen, end, &t);
	if (r == NULL)
		return end;
	end_tag(c, &t);
	return r;
}

/* cond_finish - leave a conditional comment body */
static const char *
cond_finish(struct ctx *c)
{
	while (c->over > 0)
		pop_over(c);
	while (c->depth > c->cond_depth)
		pop(c);
	c->in_cond = false;
	sink_space(&c->hidden);
	return c->cond_resume;
}

/* ---- driver -------------------------------------------------------- */

/* finish - move the results into the arena */
static void
finish(struct ctx *c)
{
	struct yj_html *o = c->out;

	anchor_end(c);
	if (c->text.full || c->hidden.full)
		o->flags |= YJ_HTML_TRUNCATED;
	o->text = sink_take(c->arena, &c->text, &o->len);
	o->hidden = sink_take(c->arena, &c->hidden, NULL);
	o->title = sink_take(c->arena, &c->title, NULL);
	yj_free(c->anchor.p);
	yj_free(c->alt.p);
	yj_free(c->scratch);
}

/* yj_html_parse - convert html[0..n) (UTF-8); always succeeds */
void
yj_html_parse(struct yj_arena *a, const char *html, size_t n,
    size_t max_text, size_t max_links, struct yj_html *out)
{
	struct ctx *c;
	const char *p = html, *end = html + n, *lim, *cond;

	memset(out, 0, sizeof(*out));
	c = yj_xcalloc(1, sizeof(*c));
	c->arena = a;
	c->out = out;
	c->max_links = max_links;
	c->root_bg = COLOR_WHITE;
	c->a_link = SIZE_MAX;
	sink_init(&c->text, max_text);
	sink_init(&c->hidden, max_text);
	sink_init(&c->title, TITLE_MAX);
	sink_init(&c->anchor, ANCHOR_MAX);
	sink_init(&c->alt, ANCHOR_MAX);
	lim = end;
	while (p < lim || c->in_cond) {
		if (p >= lim) {
			p = cond_finish(c);
			lim = end;
			continue;
		}
		cond = NULL;
		p = text(c, p, lim, true, &cond);
		if (cond != NULL) {
			lim = p;	/* the "<![endif]" of the comment */
			p = cond;
		} else if (c->raw != RAW_NONE)
			p = raw_element(c, p, lim);
	}
	finish(c);
	yj_free(c);
}
