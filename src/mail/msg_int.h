/*
 * msg_int.h - shared between the files that build a struct yj_msg
 *
 * Not for checks: they read struct yj_msg (mail/msg.h) only.
 */
#ifndef YJ_MAIL_MSG_INT_H
#define YJ_MAIL_MSG_INT_H

#include "mail/msg.h"

struct yj_msg_builder {
	struct yj_msg		*msg;
	const struct yj_parse_opts *opts;
	size_t			 texts_alloc;
	size_t			 links_alloc;
	size_t			 urls_alloc;
	size_t			 urls_seen;
	size_t			 atts_alloc;
	size_t			 parts_alloc;
	uint64_t		 decoded_total;	/* bytes kept so far */
	size_t			 text_total;	/* UTF-8 text bytes kept */
	const char		**url_set;	/* open-addressing set of URLs */
	size_t			 url_set_size;
	uint64_t		 unpacked_total; /* archive bytes unpacked */
	bool			 in_finish;	/* yj_attach_finish running */
};

/* mime.c: walk the MIME tree of raw[0..len) with GMime */
void	yj_mime_walk(struct yj_msg_builder *, const char *raw, size_t len);
/* mime.c: walk a mail found inside attachment att (an .eml member) */
void	yj_mime_walk_attached(struct yj_msg_builder *, const char *raw,
	    size_t len, int att);

/* text.c: record a body text, its links and its URLs; returns its index.
 * Texts flagged YJ_TEXT_ATTACHMENT give URLs of source YJ_SRC_ATTACHMENT. */
int	yj_msg_add_text(struct yj_msg_builder *, const char *utf8,
	    size_t len, const char *charset, int part, unsigned flags,
	    bool html);
void	yj_msg_add_url(struct yj_msg_builder *, const char *url,
	    enum yj_url_source, int part);
/* text.c: the NFKC copy of all visible text, after the walk */
void	yj_msg_finish_text(struct yj_msg_builder *);

#endif /* YJ_MAIL_MSG_INT_H */
