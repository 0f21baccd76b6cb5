/*
 * header.h - split an RFC 5322 header block into fields
 *
 * Used twice with the same rules: by yj_msg_parse() to read the top-level
 * header, and by programs that feed a message to an engine session one
 * header at a time (yojin scan drives the same phases as the milter).
 *
 * A field is a name of printable ASCII other than ':', optional white
 * space (obsolete syntax), ':', and a value running to the end of the
 * line plus every continuation line (starting with space or tab).  The
 * header block ends at the first empty line; a line that is not a field
 * also ends it (and counts as body, as Postfix and GMime do), flagged
 * YJ_HS_SYNTAX.  A leading mbox "From " line is skipped.  LF and CRLF
 * line ends are both accepted.
 *
 * Limits: the splitter itself cuts nothing; it reports values longer than
 * YJ_LIM_HEADER_SIZE (YJ_HS_TOO_LONG) and more than YJ_LIM_HEADERS fields
 * (YJ_HS_TOO_MANY), and each consumer enforces the limits where it
 * stores the fields.
 *
 * Thread safety: reentrant; nothing is allocated.
 */
#ifndef YJ_MAIL_HEADER_H
#define YJ_MAIL_HEADER_H

#include <stddef.h>

enum yj_hsplit_flags {
	YJ_HS_NOT_MAIL	= 1 << 0,	/* first line is not a header field */
	YJ_HS_SYNTAX	= 1 << 1,	/* a non-field line ended the header */
	YJ_HS_TOO_MANY	= 1 << 2,	/* more than YJ_LIM_HEADERS fields */
	YJ_HS_TOO_LONG	= 1 << 3,	/* a value was cut */
	YJ_HS_MBOX_FROM	= 1 << 4,	/* a leading "From " line was skipped */
	YJ_HS_NO_BODY	= 1 << 5,	/* input ended inside the header */
};

struct yj_hfield {
	const char	*name;		/* not NUL-terminated */
	size_t		 name_len;
	const char	*value;		/* raw, after ':', folding kept */
	size_t		 value_len;	/* without the final line end */
};

/* Called for each field; return 0 to go on, non-zero to stop. */
typedef int (*yj_hfield_fn)(const struct yj_hfield *, void *arg);

/*
 * yj_header_split - call fn for each field of raw[0..len).  Returns the
 * offset where the body starts (after the empty line, or at the first
 * non-field line); *flags gets YJ_HS_* bits.
 */
size_t	yj_header_split(const char *raw, size_t len, yj_hfield_fn fn,
	    void *arg, unsigned *flags);

#endif /* YJ_MAIL_HEADER_H */
