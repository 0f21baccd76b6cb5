/*
 * attach_int.h - shared by the attachment readers (attach*.c, archive.c,
 * ooxml.c, ole2.c, pdf.c, tnef.c)
 *
 * Not for checks: they read mail/attach.h.  Readers get a struct
 * yj_actx naming the attachment being analysed by its index: msg->atts
 * moves when it grows, so no reader keeps a pointer into it across a
 * call that may add a member.
 */
#ifndef YJ_MAIL_ATTACH_INT_H
#define YJ_MAIL_ATTACH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mail/attach.h"
#include "mail/msg_int.h"
#include "util/buf.h"

struct yj_actx {
	struct yj_msg_builder	*b;
	int			 att;		/* index in msg->atts */
	struct yj_attach_info	*info;		/* stable (arena) */
};

/* One file read out of a container, before it becomes a member. */
struct yj_entry {
	const char	*name;		/* UTF-8 path inside the container */
	const unsigned char *data;	/* bytes kept (arena) */
	size_t		 len;
	uint64_t	 size;		/* declared or read size */
	bool		 encrypted;	/* data not readable: encrypted */
	bool		 truncated;	/* data cut at a limit */
	bool		 inflated;	/* huge or over the ratio */
};

/* Attachment data as the readers see it. */
static inline const unsigned char *
yj_actx_data(const struct yj_actx *c, size_t *len)
{
	const struct yj_attachment *a = &c->b->msg->atts[c->att];

	*len = a->data_len;
	return a->data;
}

static inline struct yj_arena *
yj_actx_arena(const struct yj_actx *c)
{
	return c->b->msg->arena;
}

/* attach.c: analyse atts[att] (called by mime.c for each attachment) */
void	yj_attach_analyse(struct yj_msg_builder *, int att);
/* attach.c: after the MIME walk: retry encrypted archives with the
 * passwords the mail's own text gives */
void	yj_attach_finish(struct yj_msg_builder *);

/*
 * yj_attach_add_member - record a member of atts[parent] and analyse it.
 * Returns its index, or -1 when the attachment limit is reached.
 */
int	yj_attach_add_member(struct yj_actx *, const struct yj_entry *);

/* yj_attach_add_text - UTF-8 text read from atts[c->att] */
void	yj_attach_add_text(struct yj_actx *, const char *utf8, size_t len);
/* yj_attach_add_text_raw - text in an unknown or given charset */
void	yj_attach_add_text_raw(struct yj_actx *, const char *charset,
	    const char *p, size_t len);
/* yj_attach_add_link - an external link target (also a URL if it is one) */
void	yj_attach_add_link(struct yj_actx *, const char *target);
/* yj_attach_add_url - a hyperlink: a URL of the message, not a fact */
void	yj_attach_add_url(struct yj_actx *, const char *url);
/* yj_attach_keyword - remember a keyword once (VBA, PDF, LNK) */
void	yj_attach_keyword(struct yj_actx *, const char *kw);
/* yj_attach_limit - a limit stopped a walk */
void	yj_attach_limit(struct yj_actx *, uint64_t fact, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* yj_attach_can_nest - members of atts[c->att] may still be walked */
bool	yj_attach_can_nest(struct yj_actx *);
/* yj_attach_sheet - a new sheet, zeroed but for the name */
struct yj_sheet *yj_attach_sheet(struct yj_actx *, const char *name);
/* yj_attach_note - a comment (changes == false) or a tracked change */
void	yj_attach_note(struct yj_actx *, bool change, const char *where,
	    const char *author, const char *text);
/* yj_attach_utf8 - repaired UTF-8 copy of p[0..n) in charset (or guessed) */
const char *yj_attach_utf8(struct yj_actx *, const char *charset,
	    const char *p, size_t n);
/* yj_attach_utf16 - UTF-8 copy of n bytes of UTF-16LE */
const char *yj_attach_utf16(struct yj_actx *, const unsigned char *p,
	    size_t n);
/* yj_attach_scan_vba - AutoOpen/Shell/... in VBA or XLM source text */
void	yj_attach_scan_vba(struct yj_actx *, const char *src, size_t n);

/* attach_name.c: double extension, bidi controls, spaces */
void	yj_attach_name_facts(struct yj_actx *);

/* Readers; each sets facts on c->info and never fails. */
void	yj_archive_read(struct yj_actx *);
void	yj_archive_retry(struct yj_actx *, const char *const *passwords,
	    size_t n);
void	yj_ooxml_read(struct yj_actx *, const struct yj_entry *, size_t n);
void	yj_odf_read(struct yj_actx *, const struct yj_entry *, size_t n);
void	yj_ole2_read(struct yj_actx *);
/* ole2.c: a VBA project (vbaProject.bin) found inside another document */
void	yj_ole2_vba(struct yj_actx *, const unsigned char *, size_t);
void	yj_pdf_read(struct yj_actx *);
void	yj_tnef_read(struct yj_actx *);
void	yj_lnk_read(struct yj_actx *);
void	yj_onenote_read(struct yj_actx *);

/* yj_buf_try - an append whose failure (buffer full) only drops bytes */
static inline void
yj_buf_try(int r)
{
	(void)r;
}

/* Little-endian reads from a bounded buffer (caller checked the size). */
static inline uint16_t
yj_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
yj_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	    ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t
yj_le64(const unsigned char *p)
{
	return (uint64_t)yj_le32(p) | ((uint64_t)yj_le32(p + 4) << 32);
}

#endif /* YJ_MAIL_ATTACH_INT_H */
