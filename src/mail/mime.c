/*
 * mime.c - walk the MIME tree with GMime
 *
 * Design: GMime reads the structure (boundaries, nested messages) and
 * undoes transfer encodings; everything else is ours.  Parameters come
 * from the raw Content-Type and Content-Disposition values through
 * mail/param.c (ICU, RFC 2231 and 2047 done right); text goes through
 * mail/charset.c.  Each leaf is classified once:
 *
 *   - body text: text/plain, text/html (and a few text types a reader
 *     sees) that is not marked as an attachment;
 *   - attachment: everything else, including text files sent as
 *     attachments (their text is kept too, flagged YJ_TEXT_ATTACHMENT,
 *     for the content checks), and any part with a file name, even an
 *     inline text part (its text then counts as body text as well);
 *   - an attached message (message/rfc822) is an attachment whose own
 *     parts are walked one level deeper, its texts flagged
 *     YJ_TEXT_NESTED and its attachments pointing at it as parent.
 *
 * In multipart/alternative every alternative but the last (the one the
 * sender prefers, RFC 2046 section 5.1.4) is flagged
 * YJ_TEXT_ALTERNATIVE, so that visible text is not counted twice.
 *
 * Limits: depth YJ_LIM_MIME_DEPTH, parts YJ_LIM_MIME_PARTS, decoded bytes
 * per part and in total, text bytes, attachments; each sets an anomaly.
 * GMime's parser warnings (malformed multipart, truncated message,
 * nesting overflow, parts without headers) become YJ_ANOM_MIME_SYNTAX.
 * The walk recurses, but never deeper than YJ_LIM_MIME_DEPTH.
 */
#include <gmime/gmime.h>
#include <string.h>

#include "mail/attach_int.h"
#include "mail/charset.h"
#include "mail/filetype.h"
#include "mail/msg_int.h"
#include "mail/param.h"
#include "util/limits.h"
#include "util/str.h"

struct walk {
	struct yj_msg_builder	*b;
	GMimeObject		*obj;
	int			 parent;	/* enclosing part index */
	int			 depth;
	int			 att_parent;	/* enclosing message attachment */
	unsigned		 text_flags;	/* inherited YJ_TEXT_* */
};

static void walk(const struct walk *);

/* on_warning - GMime parser complaints become an anomaly */
static void
on_warning(gint64 offset, GMimeParserWarning code, const gchar *item,
    gpointer arg)
{
	struct yj_msg *m = arg;
	const char *what;

	switch (code) {
	case GMIME_WARN_MALFORMED_MULTIPART:
		what = "multipart without parts";
		break;
	case GMIME_WARN_TRUNCATED_MESSAGE:
		what = "message ends inside a part";
		break;
	case GMIME_WARN_MALFORMED_MESSAGE:
		what = "malformed message";
		break;
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
		what = "multipart without boundary";
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		yj_msg_set_anomaly(m, YJ_ANOM_MIME_DEPTH,
		    "GMime nesting limit at offset %lld", (long long)offset);
		return;
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		what = "part without headers or content";
		break;
	case GMIME_WARN_PART_WITHOUT_CONTENT:
		what = "part without content";
		break;
	default:
		return;
	}
	(void)item;
	if (offset >= 0)
		yj_msg_set_anomaly(m, YJ_ANOM_MIME_SYNTAX, "%s at offset %lld",
		    what, (long long)offset);
	else
		yj_msg_set_anomaly(m, YJ_ANOM_MIME_SYNTAX, "%s", what);
}

/* raw_header - raw value of a header of a MIME object, or NULL */
static const char *
raw_header(GMimeObject *o, const char *name)
{
	GMimeHeaderList *hl;
	GMimeHeader *h;
	int i, n;

	hl = g_mime_object_get_header_list(o);
	n = g_mime_header_list_get_count(hl);
	for (i = 0; i < n; i++) {
		h = g_mime_header_list_get_header_at(hl, i);
		if (yj_str_ieq(g_mime_header_get_name(h), name))
			return g_mime_header_get_raw_value(h);
	}
	return NULL;
}

/* new_part - record a part; -1 when the part limit is reached */
static int
new_part(const struct walk *w, struct yj_params *ct, struct yj_params *cd)
{
	struct yj_msg_builder *b = w->b;
	struct yj_msg *m = b->msg;
	struct yj_part *p;
	const char *raw, *fn;
	char *type;

	if (m->nparts >= YJ_LIM_MIME_PARTS) {
		yj_msg_set_anomaly(m, YJ_ANOM_MIME_PARTS, "more than %d parts",
		    YJ_LIM_MIME_PARTS);
		return -1;
	}
	if (m->nparts == b->parts_alloc) {
		b->parts_alloc = b->parts_alloc ? b->parts_alloc * 2 : 16;
		m->parts = yj_arena_grow(m->arena, m->parts, m->nparts,
		    b->parts_alloc, sizeof(*m->parts));
	}
	p = &m->parts[m->nparts];
	memset(ct, 0, sizeof(*ct));
	memset(cd, 0, sizeof(*cd));
	raw = raw_header(w->obj, "Content-Type");
	if (raw != NULL)
		yj_params_parse(m->arena, raw, strlen(raw), ct);
	raw = raw_header(w->obj, "Content-Disposition");
	if (raw != NULL)
		yj_params_parse(m->arena, raw, strlen(raw), cd);
	type = g_mime_content_type_get_mime_type(
	    g_mime_object_get_content_type(w->obj));
	p->content_type = yj_str_lower(m->arena, type ? type : "text/plain");
	g_free(type);
	p->charset = yj_params_get(ct, "charset");
	if (p->charset == NULL)
		p->charset = "";
	p->disposition = cd->value ? cd->value : "";
	fn = yj_params_get(cd, "filename");
	if (fn == NULL || *fn == '\0')
		fn = yj_params_get(ct, "name");
	p->filename = fn ? fn : "";
	raw = raw_header(w->obj, "Content-Transfer-Encoding");
	p->encoding = raw ? yj_str_lower(m->arena,
	    yj_str_trim(m->arena, raw, strlen(raw))) : "";
	p->parent = w->parent;
	p->depth = w->depth;
	return (int)m->nparts++;
}

/* decode_leaf - transfer-decoded content of a part (g_byte_array_unref) */
static GByteArray *
decode_leaf(GMimePart *part)
{
	GMimeDataWrapper *dw;
	GMimeStream *mem;
	GByteArray *ba;

	ba = g_byte_array_new();
	dw = g_mime_part_get_content(part);
	if (dw == NULL)
		return ba;
	mem = g_mime_stream_mem_new_with_byte_array(ba);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	(void)g_mime_data_wrapper_write_to_stream(dw, mem);
	g_object_unref(mem);
	return ba;
}

/* budget - how many of n decoded bytes may be kept */
static size_t
budget(struct yj_msg_builder *b, size_t n)
{
	uint64_t left;
	size_t keep = n;

	if (keep > YJ_LIM_PART_DECODED)
		keep = YJ_LIM_PART_DECODED;
	left = YJ_LIM_TOTAL_DECODED > b->decoded_total ?
	    YJ_LIM_TOTAL_DECODED - b->decoded_total : 0;
	if (keep > left)
		keep = (size_t)left;
	if (keep < n)
		yj_msg_set_anomaly(b->msg, YJ_ANOM_DECODED_SIZE,
		    "part of %zu bytes cut to %zu", n, keep);
	b->decoded_total += keep;
	return keep;
}

/* is_body_text_type - text types shown to the reader as the message */
static bool
is_body_text_type(const char *type)
{
	return strcmp(type, "text/plain") == 0 ||
	    strcmp(type, "text/html") == 0 ||
	    strcmp(type, "text/enriched") == 0 ||
	    strcmp(type, "text/rfc822-headers") == 0;
}

/*
 * add_attachment - describe one attachment and analyse its content
 * (mail/attach.c; members are appended after it); returns its index or -1
 */
static int
add_attachment(const struct walk *w, int part, const struct yj_params *ct,
    const struct yj_params *cd, const unsigned char *data, size_t n,
    size_t keep, unsigned flags)
{
	int i;
	struct yj_msg_builder *b = w->b;
	struct yj_msg *m = b->msg;
	struct yj_attachment *a;
	const struct yj_part *p = &m->parts[part];

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
	a = &m->atts[m->natts];
	memset(a, 0, sizeof(*a));
	a->filename = p->filename;
	a->filename_nfkc = yj_nfkc_casefold(m->arena, p->filename,
	    strlen(p->filename));
	a->content_type = p->content_type;
	a->size = n;
	a->data = (const unsigned char *)yj_arena_memdup(m->arena, data, keep);
	a->data_len = keep;
	a->part = part;
	a->parent = w->att_parent;
	a->depth = w->att_parent >= 0 ? m->atts[w->att_parent].depth + 1 : 0;
	a->flags = flags;
	if (keep < n)
		a->flags |= YJ_ATT_TRUNCATED;
	if (strcmp(p->disposition, "inline") == 0)
		a->flags |= YJ_ATT_INLINE;
	if ((cd->flags | ct->flags) & YJ_PARAM_RFC2231)
		a->flags |= YJ_ATT_NAME_RFC2231;
	if ((cd->flags | ct->flags) & YJ_PARAM_RFC2047)
		a->flags |= YJ_ATT_NAME_RFC2047;
	yj_sha256_hex(data, n, a->sha256);
	if (b->opts->no_attachments) {
		a->detected_type = "application/octet-stream";
		a->detected_desc = "not examined";
		return (int)m->natts++;
	}
	yj_filetype(m->arena, data, keep, &a->detected_type,
	    &a->detected_desc);
	i = (int)m->natts++;
	yj_attach_analyse(b, i);
	return i;
}

/* add_text_of - convert a text leaf and record it (att: its attachment) */
static void
add_text_of(const struct walk *w, int part, const unsigned char *data,
    size_t n, unsigned flags, int att)
{
	struct yj_msg_builder *b = w->b;
	const struct yj_part *p = &b->msg->parts[part];
	unsigned cs = 0;
	const char *used = NULL;
	char *utf8;
	int t;

	if (n > YJ_LIM_TEXT_PART) {
		yj_msg_set_anomaly(b->msg, YJ_ANOM_TEXT_SIZE,
		    "text part of %zu bytes", n);
		n = YJ_LIM_TEXT_PART;
		flags |= YJ_TEXT_TRUNCATED;
	}
	utf8 = yj_charset_to_utf8(b->msg->arena, p->charset,
	    (const char *)data, n, &cs, &used);
	if (cs & (YJ_CS_GUESSED | YJ_CS_UNKNOWN))
		flags |= YJ_TEXT_CHARSET_GUESSED;
	if (cs & YJ_CS_ERRORS) {
		flags |= YJ_TEXT_CHARSET_ERRORS;
		yj_msg_set_anomaly(b->msg, YJ_ANOM_CHARSET, "part %d (%s)",
		    part, *p->charset ? p->charset : "undeclared");
	}
	if (cs & YJ_CS_MISLABEL)
		yj_msg_set_anomaly(b->msg, YJ_ANOM_MISLABELLED,
		    "part %d declared '%s'", part, p->charset);
	t = yj_msg_add_text(b, utf8, strlen(utf8), used, part, flags,
	    strcmp(p->content_type, "text/html") == 0);
	b->msg->texts[t].att = att;
	if (att >= 0 && (flags & YJ_TEXT_ATTACHMENT) &&
	    b->msg->atts[att].ext != NULL)
		((struct yj_attach_info *)b->msg->atts[att].ext)->text = t;
}

/* walk_leaf - one non-container part */
static void
walk_leaf(const struct walk *w)
{
	struct yj_params ct, cd;
	const struct yj_part *p;
	GByteArray *ba;
	size_t keep;
	bool attach, text, body;
	int part, att = -1;

	part = new_part(w, &ct, &cd);
	if (part < 0)
		return;
	p = &w->b->msg->parts[part];
	ba = decode_leaf(GMIME_PART(w->obj));
	w->b->msg->parts[part].size = ba->len;
	keep = budget(w->b, ba->len);
	text = strncmp(p->content_type, "text/", 5) == 0;
	/* Shown as the message: body text types not sent as attachments. */
	body = text && is_body_text_type(p->content_type) &&
	    strcmp(p->disposition, "attachment") != 0;
	/* Any part with a file name is a file the reader can save or open,
	 * even when it is also shown inline (Thunderbird lists both). */
	attach = !body || *p->filename != '\0';
	if (attach)
		att = add_attachment(w, part, &ct, &cd, ba->data, ba->len,
		    keep, 0);
	if (text)
		add_text_of(w, part, ba->data, keep,
		    w->text_flags | (body ? 0 : YJ_TEXT_ATTACHMENT), att);
	g_byte_array_unref(ba);
}

/* walk_message_part - an attached message: record it, walk inside */
static void
walk_message_part(const struct walk *w)
{
	struct yj_params ct, cd;
	GMimeMessage *inner;
	struct walk sub;
	char *bytes;
	int part, att;
	size_t n, keep;

	part = new_part(w, &ct, &cd);
	if (part < 0)
		return;
	inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(w->obj));
	if (inner == NULL)
		return;
	bytes = g_mime_object_to_string(GMIME_OBJECT(inner), NULL);
	n = bytes ? strlen(bytes) : 0;
	keep = budget(w->b, n);
	if (*w->b->msg->parts[part].filename == '\0')
		w->b->msg->parts[part].filename = "message.eml";
	att = add_attachment(w, part, &ct, &cd, (unsigned char *)bytes, n,
	    keep, YJ_ATT_MESSAGE);
	g_free(bytes);
	sub = *w;
	sub.obj = g_mime_message_get_mime_part(inner);
	sub.parent = part;
	sub.depth = w->depth + 1;
	sub.att_parent = att >= 0 ? att : w->att_parent;
	sub.text_flags |= YJ_TEXT_NESTED;
	if (sub.obj != NULL)
		walk(&sub);
}

/* walk_multipart - the children of a multipart */
static void
walk_multipart(const struct walk *w)
{
	struct yj_params ct, cd;
	GMimeMultipart *mp = GMIME_MULTIPART(w->obj);
	struct walk sub;
	bool alt;
	int i, n, part;

	part = new_part(w, &ct, &cd);
	if (part < 0)
		return;
	alt = strcmp(w->b->msg->parts[part].content_type,
	    "multipart/alternative") == 0;
	n = g_mime_multipart_get_count(mp);
	if (n == 0)
		yj_msg_set_anomaly(w->b->msg, YJ_ANOM_MIME_SYNTAX,
		    "multipart without parts");
	for (i = 0; i < n; i++) {
		sub = *w;
		sub.obj = g_mime_multipart_get_part(mp, i);
		sub.parent = part;
		sub.depth = w->depth + 1;
		if (alt && i < n - 1)
			sub.text_flags |= YJ_TEXT_ALTERNATIVE;
		walk(&sub);
	}
}

/* walk - dispatch on the kind of MIME object */
static void
walk(const struct walk *w)
{
	if (w->depth > YJ_LIM_MIME_DEPTH) {
		yj_msg_set_anomaly(w->b->msg, YJ_ANOM_MIME_DEPTH,
		    "nesting deeper than %d", YJ_LIM_MIME_DEPTH);
		return;
	}
	if (GMIME_IS_MULTIPART(w->obj))
		walk_multipart(w);
	else if (GMIME_IS_MESSAGE_PART(w->obj))
		walk_message_part(w);
	else if (GMIME_IS_PART(w->obj))
		walk_leaf(w);
}

/* parse_walk - parse raw with GMime and walk the tree from w0 */
static void
parse_walk(struct yj_msg_builder *b, const char *raw, size_t len,
    const struct walk *w0)
{
	GMimeParserOptions *po;
	GMimeMessage *gm;
	GMimeStream *st;
	GMimeParser *p;
	struct walk w;

	if (len >= 5 && memcmp(raw, "From ", 5) == 0) {
		const char *nl = memchr(raw, '\n', len);

		len = nl ? len - (size_t)(nl + 1 - raw) : 0;
		raw = nl ? nl + 1 : raw;
	}
	st = g_mime_stream_mem_new_with_buffer(raw, len);
	p = g_mime_parser_new_with_stream(st);
	g_object_unref(st);
	po = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(po, on_warning, b->msg);
	gm = g_mime_parser_construct_message(p, po);
	g_object_unref(p);
	if (gm != NULL) {
		w = *w0;
		w.obj = g_mime_message_get_mime_part(gm);
		if (w.obj != NULL)
			walk(&w);
		g_object_unref(gm);
	}
	g_mime_parser_options_free(po);
}

/* yj_mime_walk - parse raw with GMime and walk the tree */
void
yj_mime_walk(struct yj_msg_builder *b, const char *raw, size_t len)
{
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.b = b;
	w.parent = -1;
	w.att_parent = -1;
	parse_walk(b, raw, len, &w);
}

/*
 * yj_mime_walk_attached - a mail read out of attachment att (.eml in a
 * zip, an octet-stream that is mail): its parts are walked as if it had
 * been attached as message/rfc822, one MIME level below att's own part
 */
void
yj_mime_walk_attached(struct yj_msg_builder *b, const char *raw, size_t len,
    int att)
{
	const struct yj_attachment *a = &b->msg->atts[att];
	struct walk w;

	memset(&w, 0, sizeof(w));
	w.b = b;
	w.parent = a->part;
	w.depth = a->part >= 0 ? b->msg->parts[a->part].depth + 1 :
	    a->depth + 1;
	w.att_parent = att;
	w.text_flags = YJ_TEXT_NESTED;
	parse_walk(b, raw, len, &w);
}
