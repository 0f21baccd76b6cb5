/*
 * text.c - body texts, links and URLs of a message
 *
 * Each text part is recorded with an NFKC_Casefold copy for matching.
 * HTML parts go through mail/html.c first: the visible text becomes the
 * part's text, hidden text is kept apart, and every link is recorded with
 * its anchor text.  URLs are then found in the visible text of every part
 * (plain text and HTML alike: a URL written out in the HTML is as
 * clickable to the reader as an href).  URLs are kept once each, in the
 * order first seen, through a small open-addressing set.
 */
#include <string.h>

#include "mail/charset.h"
#include "mail/html.h"
#include "mail/msg_int.h"
#include "mail/url.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/str.h"

/* hash - FNV-1a of a string */
static size_t
hash(const char *s)
{
	size_t h = 1469598103934665603ULL;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

/* url_seen - insert url into the set; true if it was already there */
static bool
url_seen(struct yj_msg_builder *b, const char *url)
{
	size_t i, mask;

	if (b->url_set == NULL) {
		b->url_set_size = 4096;	/* > 2 * YJ_LIM_URLS */
		b->url_set = yj_arena_allocarray(b->msg->arena,
		    b->url_set_size, sizeof(*b->url_set));
	}
	mask = b->url_set_size - 1;
	for (i = hash(url) & mask; b->url_set[i] != NULL; i = (i + 1) & mask)
		if (strcmp(b->url_set[i], url) == 0)
			return true;
	b->url_set[i] = url;
	return false;
}

/* yj_msg_add_url - record a URL once */
void
yj_msg_add_url(struct yj_msg_builder *b, const char *url,
    enum yj_url_source src, int part)
{
	struct yj_msg *m = b->msg;
	struct yj_url_parts up;
	struct yj_url *u;

	if (*url == '\0')
		return;
	if (m->nurls >= YJ_LIM_URLS) {
		b->urls_seen++;
		yj_msg_set_anomaly(m, YJ_ANOM_LIMIT_URLS, "more than %d URLs",
		    YJ_LIM_URLS);
		return;
	}
	if (url_seen(b, url))
		return;
	if (m->nurls == b->urls_alloc) {
		b->urls_alloc = b->urls_alloc ? b->urls_alloc * 2 : 16;
		m->urls = yj_arena_grow(m->arena, m->urls, m->nurls,
		    b->urls_alloc, sizeof(*m->urls));
	}
	yj_url_parse(m->arena, url, &up);
	u = &m->urls[m->nurls++];
	u->url = url;
	u->host = up.host;
	u->host_unicode = up.host_unicode;
	u->url_flags = up.flags;
	u->source = src;
	u->part = part;
}

/* link_source - URL source of an HTML link kind */
static enum yj_url_source
link_source(enum yj_link_kind k)
{
	switch (k) {
	case YJ_LINK_A:		return YJ_SRC_HREF;
	case YJ_LINK_FORM:	return YJ_SRC_FORM;
	case YJ_LINK_IMG:	return YJ_SRC_IMG;
	case YJ_LINK_FRAME:	return YJ_SRC_FRAME;
	case YJ_LINK_REFRESH:	return YJ_SRC_REFRESH;
	}
	return YJ_SRC_HREF;
}

/* is_web_link - a link worth recording (not cid:, not #anchor) */
static bool
is_web_link(const char *href)
{
	return *href != '\0' && *href != '#' &&
	    !yj_str_iprefix(href, "cid:") && !yj_str_iprefix(href, "data:");
}

/* add_links - links of an HTML part (src: where the part is) */
static void
add_links(struct yj_msg_builder *b, const struct yj_html *h, int part,
    enum yj_url_source src)
{
	struct yj_msg *m = b->msg;
	struct yj_link *l;
	size_t i;

	for (i = 0; i < h->nlinks; i++) {
		const struct yj_html_link *hl = &h->links[i];

		if (!is_web_link(hl->href))
			continue;
		if (hl->kind == YJ_LINK_A) {
			if (m->nlinks == b->links_alloc) {
				b->links_alloc = b->links_alloc ?
				    b->links_alloc * 2 : 16;
				m->links = yj_arena_grow(m->arena, m->links,
				    m->nlinks, b->links_alloc,
				    sizeof(*m->links));
			}
			l = &m->links[m->nlinks++];
			l->href = hl->href;
			l->text = hl->text;
			l->host = yj_url_host_of(m->arena, hl->href);
			if (l->host == NULL)
				l->host = "";
			l->part = part;
			l->hidden = hl->hidden != 0;
		}
		yj_msg_add_url(b, hl->href, src == YJ_SRC_ATTACHMENT ? src :
		    link_source(hl->kind), part);
	}
	if (h->links_seen > h->nlinks)
		yj_msg_set_anomaly(m, YJ_ANOM_LIMIT_URLS, "more than %zu links",
		    h->nlinks);
}

struct find_ctx {
	struct yj_msg_builder	*b;
	int			 part;
	enum yj_url_source	 src;
};

/* on_url - yj_url_find callback */
static int
on_url(const char *url, size_t off, void *arg)
{
	struct find_ctx *fc = arg;

	(void)off;
	yj_msg_add_url(fc->b, url, fc->src, fc->part);
	return fc->b->msg->nurls >= YJ_LIM_URLS;
}

/* grow_texts - room for one more text */
static struct yj_text *
next_text(struct yj_msg_builder *b)
{
	struct yj_msg *m = b->msg;

	if (m->ntexts == b->texts_alloc) {
		b->texts_alloc = b->texts_alloc ? b->texts_alloc * 2 : 4;
		m->texts = yj_arena_grow(m->arena, m->texts, m->ntexts,
		    b->texts_alloc, sizeof(*m->texts));
	}
	return &m->texts[m->ntexts++];
}

/* yj_msg_add_text - record one text part */
int
yj_msg_add_text(struct yj_msg_builder *b, const char *utf8, size_t len,
    const char *charset, int part, unsigned flags, bool html)
{
	struct yj_msg *m = b->msg;
	struct find_ctx fc = { b, part, (flags & YJ_TEXT_ATTACHMENT) ?
	    YJ_SRC_ATTACHMENT : YJ_SRC_TEXT };
	struct yj_html h;
	struct yj_text *t;
	size_t room;

	room = YJ_LIM_TEXT_TOTAL > b->text_total ?
	    YJ_LIM_TEXT_TOTAL - b->text_total : 0;
	t = next_text(b);
	memset(t, 0, sizeof(*t));
	t->charset = charset ? charset : "";
	t->part = part;
	t->att = -1;
	t->hidden = "";
	if (html) {
		yj_html_parse(m->arena, utf8, len, YJ_LIM_TEXT_PART,
		    YJ_LIM_URLS, &h);
		add_links(b, &h, part, fc.src);
		utf8 = h.text;
		len = h.len;
		t->hidden = h.hidden;
		t->html_flags = h.flags;
		flags |= YJ_TEXT_HTML;
	}
	if (len > room) {
		yj_msg_set_anomaly(m, YJ_ANOM_TEXT_SIZE, "over %lu bytes of text",
		    (unsigned long)YJ_LIM_TEXT_TOTAL);
		len = room;
		while (len > 0 && ((unsigned char)utf8[len] & 0xc0) == 0x80)
			len--;
		flags |= YJ_TEXT_TRUNCATED;
	}
	b->text_total += len;
	t->text = yj_arena_memdup(m->arena, utf8, len);
	t->len = len;
	t->flags = flags;
	t->nfkc = yj_nfkc_casefold(m->arena, t->text, len);
	(void)yj_url_find(m->arena, t->text, len, on_url, &fc);
	return (int)(t - m->texts);
}

/* yj_msg_finish_text - join the visible texts' NFKC copies */
void
yj_msg_finish_text(struct yj_msg_builder *b)
{
	struct yj_msg *m = b->msg;
	struct yj_buf all;
	size_t i;

	yj_buf_init(&all, YJ_LIM_TEXT_TOTAL * 2);
	for (i = 0; i < m->ntexts; i++) {
		const struct yj_text *t = &m->texts[i];

		if (t->flags & (YJ_TEXT_ALTERNATIVE | YJ_TEXT_ATTACHMENT))
			continue;
		if (yj_buf_adds(&all, t->nfkc) || yj_buf_addc(&all, '\n'))
			break;
	}
	m->body_nfkc = yj_arena_memdup(m->arena, yj_buf_cstr(&all), all.len);
	yj_buf_release(&all);
}
