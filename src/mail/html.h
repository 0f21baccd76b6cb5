/*
 * html.h - HTML to readable text, with the links kept
 *
 * A tolerant, streaming HTML tokenizer (HTML5 tokenizer states, reduced
 * to what mail needs) that produces:
 *
 *   - the text a reader sees, as UTF-8: block elements (p, div, br, li,
 *     tr, h1-h6, ...) become line breaks, white space is collapsed,
 *     character references (&amp; &#x3042; &nbsp; and the named entities
 *     mail uses) are decoded, script/style/head/title/template content is
 *     dropped;
 *   - every link: <a href>, <area href>, <form action>, <img src>
 *     (remote only), <iframe src>, <meta http-equiv=refresh> targets,
 *     with the anchor text a reader sees for <a>;
 *   - text a reader does NOT see (display:none, visibility:hidden,
 *     font-size:0, opacity:0, max-height:0 with overflow hidden,
 *     color equal to background, the hidden attribute), collected
 *     separately: phishing hides junk text to fool filters (the council's
 *     2024-12 summary) and such text is kept out of the visible text;
 *   - flags for scripts, forms, iframes, meta refresh and base64 data
 *     blobs (HTML smuggling).
 *
 * Input is assumed to be UTF-8 already (the caller converts); ill-formed
 * bytes are repaired.  Nothing here recurses: deep nesting costs a
 * bounded stack of open elements (YJ_HTML_MAX_STACK), never C stack.
 *
 * Ownership: results in the arena.
 * Limits: output text at most max_text bytes (YJ_HTML_TRUNCATED), links
 * at most max_links (rest counted in links_seen).
 * Thread safety: reentrant.
 */
#ifndef YJ_MAIL_HTML_H
#define YJ_MAIL_HTML_H

#include <stddef.h>

#include "util/arena.h"

#define YJ_HTML_MAX_STACK	256

enum yj_html_flags {
	YJ_HTML_SCRIPT		= 1 << 0,	/* <script> or on* handlers */
	YJ_HTML_FORM		= 1 << 1,	/* <form> */
	YJ_HTML_IFRAME		= 1 << 2,	/* <iframe>/<frame>/<object>/<embed> */
	YJ_HTML_META_REFRESH	= 1 << 3,	/* <meta http-equiv=refresh> */
	YJ_HTML_DATA_BLOB	= 1 << 4,	/* large base64 data: or atob() blob */
	YJ_HTML_HIDDEN_TEXT	= 1 << 5,	/* hidden text found */
	YJ_HTML_TRUNCATED	= 1 << 6,	/* text or links limit reached */
	YJ_HTML_PASSWORD_INPUT	= 1 << 7,	/* <input type=password> */
};

enum yj_link_kind {
	YJ_LINK_A,		/* <a href> / <area href> */
	YJ_LINK_FORM,		/* <form action> */
	YJ_LINK_IMG,		/* <img src> */
	YJ_LINK_FRAME,		/* <iframe src> and friends */
	YJ_LINK_REFRESH,	/* <meta http-equiv=refresh content="0;url=..."> */
};

struct yj_html_link {
	const char	*href;		/* attribute value, entities decoded, trimmed */
	const char	*text;		/* visible anchor text (YJ_LINK_A), else "" */
	enum yj_link_kind kind;
	int		 hidden;	/* link inside hidden content */
};

struct yj_html {
	const char		*text;		/* visible text, UTF-8 */
	size_t			 len;
	const char		*hidden;	/* hidden text, UTF-8, "" if none */
	const char		*title;		/* <title>, "" if none */
	struct yj_html_link	*links;
	size_t			 nlinks;
	size_t			 links_seen;
	unsigned		 flags;		/* YJ_HTML_* */
};

/* yj_html_parse - convert html[0..n) (UTF-8); always succeeds */
void	yj_html_parse(struct yj_arena *, const char *html, size_t n,
	    size_t max_text, size_t max_links, struct yj_html *out);

#endif /* YJ_MAIL_HTML_H */
