/*
 * pdf.c - a bounded scanner for the active parts of a PDF
 *
 * Design: a PDF reader is not needed to know what a PDF may do; its
 * names are enough (the approach of Didier Stevens' pdfid, used by
 * every mail gateway): /JavaScript and /JS run script, /OpenAction and
 * /AA run actions on open, /Launch starts a program, /EmbeddedFile
 * carries a file, /URI links out, /Encrypt hides the content,
 * /ObjStm packs objects into compressed streams.  Names are read with
 * their #xx escapes decoded (/J#61vaScript is /JavaScript), and only
 * whole names count.
 *
 * Object streams and other FlateDecode streams are inflated with zlib
 * and scanned too, since that is where modern PDFs (and attackers) put
 * their dictionaries.  Inflation is bounded per stream (STREAM_MAX) and
 * by the message's archive budgets: bytes unpacked YJ_LIM_ARCHIVE_TOTAL,
 * output over input YJ_LIM_ARCHIVE_RATIO past 1 MiB.  Streams with
 * other filters (or a filter chain) are not decoded.
 *
 * /URI targets become links of the attachment and URLs of the message;
 * embedded files become members, named from the /Filespec names in the
 * order they appear (a heuristic: the file names are in other objects).
 *
 * Text is not extracted: the text of Japanese PDFs sits behind CID font
 * encodings that need the font's CMap, which is not cheap to do right.
 */
#include <string.h>
#include <zlib.h>

#include "mail/attach_int.h"
#include "util/limits.h"
#include "util/str.h"

#define STREAM_MAX	(8UL * 1024 * 1024)
#define NAME_MAX_LEN	64
#define STRING_MAX	2048
#define MAX_STREAMS	10000

struct pdf {
	struct yj_actx		*c;
	uint64_t		 out;		/* bytes inflated */
	size_t			 in;		/* attachment size */
	unsigned		 streams;
	struct yj_strvec	 names;		/* /Filespec names */
	unsigned		 nembedded;
	bool			 stop;
};

struct keyword {
	const char	*name;
	uint64_t	 fact;
};

static const struct keyword keywords[] = {
	{ "JavaScript", YJ_AF_PDF_JS },
	{ "JS", YJ_AF_PDF_JS },
	{ "OpenAction", YJ_AF_PDF_AUTO },
	{ "AA", YJ_AF_PDF_AUTO },
	{ "Launch", YJ_AF_PDF_LAUNCH },
	{ "EmbeddedFile", YJ_AF_PDF_EMBEDDED },
	{ "EmbeddedFiles", YJ_AF_PDF_EMBEDDED },
	{ "URI", YJ_AF_PDF_URI },
	{ "Encrypt", YJ_AF_ENCRYPTED },
	{ "ObjStm", YJ_AF_PDF_OBJSTM },
	{ "RichMedia", 0 },
	{ "XFA", 0 },
	{ "AcroForm", 0 },
	{ "SubmitForm", 0 },
	{ "GoToR", 0 },
	{ "GoToE", 0 },
	{ "ImportData", 0 },
};

/* is_delim - PDF white space and delimiters end a name */
static bool
is_delim(unsigned char ch)
{
	return ch == 0 || ch == ' ' || ch == '\t' || ch == '\r' ||
	    ch == '\n' || ch == '\f' || strchr("()<>[]{}/%", ch) != NULL;
}

/* hexval - one hex digit, or -1 */
static int
hexval(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* read_name - the name after '/' at d[i], #xx decoded; returns the end */
static size_t
read_name(const unsigned char *d, size_t n, size_t i, char *out)
{
	size_t k = 0;
	int h, l;

	while (i < n && !is_delim(d[i])) {
		unsigned char ch = d[i++];

		if (ch == '#' && i + 1 < n && (h = hexval(d[i])) >= 0 &&
		    (l = hexval(d[i + 1])) >= 0) {
			ch = (unsigned char)(h * 16 + l);
			i += 2;
		}
		if (k < NAME_MAX_LEN)
			out[k++] = (char)ch;
	}
	out[k] = '\0';
	return i;
}

/* literal - a (string) at d[i] with escapes and nesting, into out */
static size_t
literal(const unsigned char *d, size_t n, size_t i, struct yj_buf *out)
{
	int depth = 1, v, k;
	unsigned char ch;

	for (i++; i < n && depth > 0; i++) {
		ch = d[i];
		if (ch == '\\' && i + 1 < n) {
			ch = d[++i];
			if (ch >= '0' && ch <= '7') {
				for (v = 0, k = 0; k < 3 && i < n && d[i] >= '0'
				    && d[i] <= '7'; k++, i++)
					v = v * 8 + (d[i] - '0');
				i--;
				ch = (unsigned char)v;
			} else if (ch == 'n')
				ch = '\n';
			else if (ch == 'r')
				ch = '\r';
			else if (ch == 't')
				ch = '\t';
			else if (ch == '\r' || ch == '\n')
				continue;
		} else if (ch == '(')
			depth++;
		else if (ch == ')' && --depth == 0)
			break;
		yj_buf_try(yj_buf_addc(out, ch));
	}
	return i;
}

/* hexstring - a <hex> string at d[i] into out */
static size_t
hexstring(const unsigned char *d, size_t n, size_t i, struct yj_buf *out)
{
	int hi = -1, v;

	for (i++; i < n && d[i] != '>'; i++) {
		if ((v = hexval(d[i])) < 0)
			continue;
		if (hi < 0)
			hi = v;
		else {
			yj_buf_try(yj_buf_addc(out, hi * 16 + v));
			hi = -1;
		}
	}
	return i;
}

/* string_after - the string value following a name, as UTF-8, or NULL */
static const char *
string_after(struct pdf *p, const unsigned char *d, size_t n, size_t i)
{
	struct yj_buf s;
	const char *r = NULL;

	while (i < n && (d[i] == ' ' || d[i] == '\r' || d[i] == '\n' ||
	    d[i] == '\t'))
		i++;
	if (i >= n || (d[i] != '(' && d[i] != '<') ||
	    (d[i] == '<' && i + 1 < n && d[i + 1] == '<'))
		return NULL;
	yj_buf_init(&s, STRING_MAX);
	if (d[i] == '(')
		(void)literal(d, n, i, &s);
	else
		(void)hexstring(d, n, i, &s);
	if (s.len >= 2 && (unsigned char)s.data[0] == 0xfe &&
	    (unsigned char)s.data[1] == 0xff)
		r = yj_attach_utf8(p->c, "UTF-16BE", s.data + 2, s.len - 2);
	else if (s.len > 0)
		r = yj_attach_utf8(p->c, NULL, s.data, s.len);
	yj_buf_release(&s);
	return r;
}

/* on_name - a whole name was read: facts, links, file names */
static void
on_name(struct pdf *p, const char *name, const unsigned char *d, size_t n,
    size_t end)
{
	const char *s;
	size_t k;

	for (k = 0; k < sizeof(keywords) / sizeof(keywords[0]); k++) {
		if (strcmp(name, keywords[k].name) != 0)
			continue;
		p->c->info->facts |= keywords[k].fact;
		yj_attach_keyword(p->c, yj_arena_printf(yj_actx_arena(p->c),
		    "/%s", name));
	}
	if (strcmp(name, "URI") == 0 &&
	    (s = string_after(p, d, n, end)) != NULL)
		yj_attach_add_link(p->c, s);
	else if (strcmp(name, "Launch") == 0)
		p->c->info->facts |= YJ_AF_PDF_LAUNCH;
	else if ((strcmp(name, "UF") == 0 || strcmp(name, "F") == 0) &&
	    p->names.nr < 64 && (s = string_after(p, d, n, end)) != NULL &&
	    *s != '\0' && strlen(s) < 256)
		yj_strvec_push(yj_actx_arena(p->c), &p->names, s);
}

/* scan_names - every name of d[0..n) */
static void
scan_names(struct pdf *p, const unsigned char *d, size_t n)
{
	char name[NAME_MAX_LEN + 1];
	const unsigned char *q;
	size_t i = 0;

	while (i < n) {
		q = memchr(d + i, '/', n - i);
		if (q == NULL)
			break;
		i = read_name(d, n, (size_t)(q - d) + 1, name);
		if (*name != '\0')
			on_name(p, name, d, n, i);
	}
}

/* over_budget - the inflation budgets of the message are spent */
static bool
over_budget(struct pdf *p)
{
	uint64_t total = p->c->b->unpacked_total;

	if (total > YJ_LIM_ARCHIVE_TOTAL) {
		yj_attach_limit(p->c, YJ_AF_LIMIT_SIZE, "over %lu bytes "
		    "unpacked", (unsigned long)YJ_LIM_ARCHIVE_TOTAL);
		return true;
	}
	if (p->out > 1024 * 1024 &&
	    p->out / (p->in ? p->in : 1) >= YJ_LIM_ARCHIVE_RATIO) {
		yj_attach_limit(p->c, YJ_AF_LIMIT_RATIO, "streams inflate "
		    "to over %d times the file", YJ_LIM_ARCHIVE_RATIO);
		return true;
	}
	return false;
}

/* inflate_stream - zlib over src[0..n) into out; false on a limit */
static bool
inflate_stream(struct pdf *p, const unsigned char *src, size_t n,
    struct yj_buf *out)
{
	unsigned char chunk[16384];
	z_stream z;
	size_t got;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 15 + 32) != Z_OK)
		return true;
	z.next_in = (Bytef *)(uintptr_t)src;
	z.avail_in = n > UINT32_MAX ? UINT32_MAX : (uInt)n;
	do {
		z.next_out = chunk;
		z.avail_out = sizeof(chunk);
		r = inflate(&z, Z_NO_FLUSH);
		got = sizeof(chunk) - z.avail_out;
		p->out += got;
		p->c->b->unpacked_total += got;
		if (yj_buf_add(out, chunk, got) != 0 || over_budget(p)) {
			inflateEnd(&z);
			return out->len < STREAM_MAX;
		}
	} while (r == Z_OK && got > 0);
	inflateEnd(&z);
	return true;
}

/* stream_data - the bytes between "stream" and "endstream" */
static const unsigned char *
stream_data(const unsigned char *d, size_t n, size_t kw, size_t *len)
{
	const unsigned char *s = d + kw + 6, *e;

	if (s < d + n && *s == '\r')
		s++;
	if (s < d + n && *s == '\n')
		s++;
	e = (const unsigned char *)yj_memimem((const char *)s,
	    (size_t)(d + n - s), "endstream", 9);
	if (e == NULL)
		e = d + n;
	*len = (size_t)(e - s);
	return s;
}

/* embedded_member - an /EmbeddedFile stream becomes a member */
static void
embedded_member(struct pdf *p, const unsigned char *data, size_t len)
{
	struct yj_entry e = { 0 };

	e.name = p->nembedded < p->names.nr ? p->names.v[p->nembedded] :
	    yj_arena_printf(yj_actx_arena(p->c), "embedded-%u",
	    p->nembedded + 1);
	p->nembedded++;
	e.data = data;
	e.len = len;
	e.size = len;
	if (yj_attach_can_nest(p->c))
		(void)yj_attach_add_member(p->c, &e);
}

/* dict_start - where the object holding the stream at kw begins */
static size_t
dict_start(const unsigned char *d, size_t kw)
{
	size_t lo = kw > 4096 ? kw - 4096 : 0, i;

	for (i = kw; i >= lo + 3; i--)
		if (memcmp(d + i - 3, "obj", 3) == 0 &&
		    (i < 6 || memcmp(d + i - 6, "end", 3) != 0))
			return i;
	return lo;
}

/* one_stream - a stream whose keyword is at d[kw]; returns the end */
static size_t
one_stream(struct pdf *p, const unsigned char *d, size_t n, size_t kw)
{
	const unsigned char *data;
	size_t len, dstart;
	const char *dict;
	struct yj_buf out;
	bool flate, embedded;

	data = stream_data(d, n, kw, &len);
	dstart = dict_start(d, kw);
	dict = (const char *)d + dstart;
	flate = yj_memimem(dict, kw - dstart, "/FlateDecode", 12) != NULL &&
	    yj_memimem(dict, kw - dstart, "Decode", 6) ==
	    yj_memimem(dict, kw - dstart, "FlateDecode", 11) + 5;
	embedded = yj_memimem(dict, kw - dstart, "/EmbeddedFile", 13) != NULL;
	if (!flate) {
		if (embedded)
			embedded_member(p, data, len);
		return (size_t)(data - d) + len;
	}
	yj_buf_init(&out, STREAM_MAX);
	if (!inflate_stream(p, data, len, &out))
		p->stop = true;
	scan_names(p, (const unsigned char *)yj_buf_cstr(&out), out.len);
	if (embedded)
		embedded_member(p, (const unsigned char *)yj_arena_memdup(
		    yj_actx_arena(p->c), yj_buf_cstr(&out), out.len), out.len);
	yj_buf_release(&out);
	return (size_t)(data - d) + len;
}

/* scan_streams - every "stream" keyword of the file */
static void
scan_streams(struct pdf *p, const unsigned char *d, size_t n)
{
	const unsigned char *q;
	size_t i = 0, kw;

	while (i < n && !p->stop && p->streams < MAX_STREAMS) {
		q = (const unsigned char *)yj_memimem((const char *)d + i,
		    n - i, "stream", 6);
		if (q == NULL)
			break;
		kw = (size_t)(q - d);
		if (kw >= 3 && memcmp(q - 3, "end", 3) == 0) {
			i = kw + 6;
			continue;
		}
		p->streams++;
		i = one_stream(p, d, n, kw);
		if (i <= kw)
			i = kw + 6;
	}
	if (p->streams >= MAX_STREAMS)
		yj_attach_limit(p->c, YJ_AF_LIMIT_MEMBERS, "more than %d "
		    "streams", MAX_STREAMS);
}

/* yj_pdf_read - scan a PDF attachment */
void
yj_pdf_read(struct yj_actx *c)
{
	struct pdf p = { .c = c };
	const unsigned char *d;
	size_t n;

	d = yj_actx_data(c, &n);
	p.in = n;
	scan_names(&p, d, n);
	scan_streams(&p, d, n);
	c->info->unpacked = p.out;
}
