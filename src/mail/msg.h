/*
 * msg.h - the message model: everything checks may know about one mail
 *
 * yj_msg_parse() turns raw bytes (RFC 5322 header + body, LF or CRLF)
 * into facts: every header raw and decoded; the address lists; subject,
 * ids and date; the MIME tree; the text of every text part as UTF-8
 * (HTML turned into readable text) with NFKC copies for matching; links
 * and URLs; attachments with name, declared and detected type, size and
 * SHA-256; Authentication-Results, trusted only with the configured
 * authserv-id.  GMime 3 reads the structure and undoes transfer
 * encodings; every charset goes through mail/charset (ICU).
 *
 * Malformed input is not an error.  Parsing always returns a message;
 * whatever was odd or had to be cut sets a bit in msg->anomalies, with a
 * short detail in anomaly_detail[], and a check reports it.
 *
 * Ownership: the message owns an arena; every pointer reachable from a
 * struct yj_msg lives in it and dies with yj_msg_free().  Checks only
 * read.
 * Limits: util/limits.h, all of them.
 * Thread safety: a message belongs to one thread.  yj_msg_parse() is
 * reentrant (GMime objects and the libmagic handle are per thread).
 * References: RFC 5322, 2045-2047, 2183, 2231, 6532, 8601.
 */
#ifndef YJ_MAIL_MSG_H
#define YJ_MAIL_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mail/addr.h"
#include "mail/authres.h"
#include "util/arena.h"
#include "util/str.h"

/* Anomalies: one bit each; msg->anomaly_detail[bit] says where. */
enum yj_anomaly {
	YJ_ANOM_TRUNCATED,		/* message over the size limit */
	YJ_ANOM_NOT_MAIL,		/* no header block at all */
	YJ_ANOM_HEADER_SIZE,		/* a header over YJ_LIM_HEADER_SIZE */
	YJ_ANOM_HEADER_COUNT,		/* more than YJ_LIM_HEADERS */
	YJ_ANOM_HEADER_SYNTAX,		/* a line that is not a header field */
	YJ_ANOM_8BIT_HEADER,		/* raw 8-bit bytes in a header */
	YJ_ANOM_RAW_ISO2022,		/* raw ISO-2022-JP in a header */
	YJ_ANOM_BAD_ENCODED_WORD,	/* undecodable RFC 2047 word */
	YJ_ANOM_CHARSET,		/* unknown charset or bad bytes */
	YJ_ANOM_MISLABELLED,		/* declared charset wrong, guessed */
	YJ_ANOM_MIME_DEPTH,		/* nesting over YJ_LIM_MIME_DEPTH */
	YJ_ANOM_MIME_PARTS,		/* more than YJ_LIM_MIME_PARTS */
	YJ_ANOM_DECODED_SIZE,		/* decoded size limits reached */
	YJ_ANOM_MIME_SYNTAX,		/* bad boundary, missing parts */
	YJ_ANOM_NO_FROM,		/* no usable From mailbox */
	YJ_ANOM_MULTI_FROM,		/* several From mailboxes/headers */
	YJ_ANOM_BAD_ADDRESS,		/* an address header did not parse */
	YJ_ANOM_DUP_HEADER,		/* a once-only header repeated */
	YJ_ANOM_NUL,			/* NUL bytes in the message */
	YJ_ANOM_BAD_DATE,		/* Date missing or unparseable */
	YJ_ANOM_LIMIT_URLS,		/* more URLs than kept */
	YJ_ANOM_LIMIT_ATTACHMENTS,	/* more attachments than kept */
	YJ_ANOM_LIMIT_ADDRS,		/* more addresses than kept */
	YJ_ANOM_TEXT_SIZE,		/* text over the text limits */
	YJ_ANOM_ARCHIVE_LIMIT,		/* an archive walk stopped at a limit */
	YJ_ANOM_COUNT
};

struct yj_header {
	const char	*name;		/* as written */
	const char	*raw;		/* raw value, folding kept, NUL added */
	size_t		 raw_len;
	const char	*value;		/* unfolded, RFC 2047 decoded, UTF-8 */
	unsigned	 flags;		/* YJ_HD_* from mail/rfc2047.h */
};

enum yj_text_flags {
	YJ_TEXT_HTML		= 1 << 0,	/* converted from text/html */
	YJ_TEXT_CHARSET_GUESSED	= 1 << 1,
	YJ_TEXT_CHARSET_ERRORS	= 1 << 2,
	YJ_TEXT_TRUNCATED	= 1 << 3,
	YJ_TEXT_NESTED		= 1 << 4,	/* inside an attached message */
	YJ_TEXT_ATTACHMENT	= 1 << 5,	/* text of an attached file */
	YJ_TEXT_ALTERNATIVE	= 1 << 6,	/* a non-preferred alternative */
};

struct yj_text {
	const char	*text;		/* readable UTF-8 */
	size_t		 len;
	const char	*nfkc;		/* NFKC_Casefold copy for matching */
	const char	*hidden;	/* HTML text a reader cannot see, or "" */
	const char	*charset;	/* charset used to decode */
	int		 part;		/* index in msg->parts */
	int		 att;		/* attachment it was read from, or -1 */
	unsigned	 flags;		/* YJ_TEXT_* */
	unsigned	 html_flags;	/* YJ_HTML_* from mail/html.h */
};

enum yj_url_source {
	YJ_SRC_TEXT,		/* found in plain text */
	YJ_SRC_HREF,		/* <a href> */
	YJ_SRC_FORM,		/* <form action> */
	YJ_SRC_IMG,		/* <img src> */
	YJ_SRC_FRAME,		/* <iframe src> */
	YJ_SRC_REFRESH,		/* meta refresh */
	YJ_SRC_ATTACHMENT,	/* inside an attachment (text, PDF, OOXML) */
};

struct yj_link {
	const char	*href;		/* target as written */
	const char	*text;		/* anchor text, UTF-8 ("" if none) */
	const char	*host;		/* ASCII host of href, "" if none */
	int		 part;
	bool		 hidden;	/* inside hidden HTML */
};

struct yj_url {
	const char	*url;		/* as written (entities decoded) */
	const char	*host;		/* lower-case ASCII host, "" if none */
	const char	*host_unicode;	/* U-label form */
	unsigned	 url_flags;	/* YJ_URL_* from mail/url.h */
	enum yj_url_source source;
	int		 part;
};

enum yj_att_flags {
	YJ_ATT_INLINE		= 1 << 0,	/* Content-Disposition inline */
	YJ_ATT_TRUNCATED	= 1 << 1,	/* data cut at the decoded limit */
	YJ_ATT_MEMBER		= 1 << 2,	/* inside a container (parent >= 0) */
	YJ_ATT_ENCRYPTED	= 1 << 3,	/* encrypted member or document */
	YJ_ATT_MESSAGE		= 1 << 4,	/* an attached message */
	YJ_ATT_NAME_RFC2231	= 1 << 5,	/* name from RFC 2231 parameters */
	YJ_ATT_NAME_RFC2047	= 1 << 6,	/* name from encoded words */
};

struct yj_attachment {
	const char	*filename;	/* decoded UTF-8, "" if none */
	const char	*filename_nfkc;	/* NFKC_Casefold copy */
	const char	*content_type;	/* declared, lower case, "" if none */
	const char	*detected_type;	/* libmagic MIME type */
	const char	*detected_desc;	/* libmagic description, "" for members */
	uint64_t	 size;		/* decoded size in bytes */
	char		 sha256[65];	/* lower-case hex */
	const unsigned char *data;	/* decoded bytes (data_len <= size) */
	size_t		 data_len;
	int		 part;		/* index in msg->parts, -1 for members */
	int		 parent;	/* container attachment index, or -1 */
	int		 depth;		/* container depth, 0 at top */
	unsigned	 flags;		/* YJ_ATT_* */
	void		*ext;		/* content analysis (mail/attach) */
};

struct yj_part {
	const char	*content_type;	/* lower case type/subtype */
	const char	*charset;	/* declared charset, "" if none */
	const char	*disposition;	/* lower case, "" if none */
	const char	*filename;	/* decoded, "" if none */
	const char	*encoding;	/* Content-Transfer-Encoding, lower */
	int		 parent;	/* index of the enclosing multipart */
	int		 depth;		/* 0 for the top-level entity */
	uint64_t	 size;		/* decoded bytes (leaves) */
};

struct yj_envelope {
	const char	*mail_from;	/* reverse path without <>, or NULL */
	struct yj_strvec rcpts;		/* forward paths */
	const char	*client_addr;	/* SMTP client IP, or NULL */
	const char	*client_name;	/* reverse DNS name, or NULL */
	const char	*helo;
	const char	*auth_user;	/* SASL login name, or NULL */
	const char	*queue_id;	/* MTA queue id, or NULL */
};

struct yj_msg {
	struct yj_arena		*arena;
	size_t			 raw_size;	/* bytes given */

	struct yj_header	*headers;
	size_t			 nheaders;

	struct yj_addrlist	 from;
	struct yj_addrlist	 sender;
	struct yj_addrlist	 reply_to;
	struct yj_addrlist	 to;
	struct yj_addrlist	 cc;
	struct yj_addrlist	 bcc;

	const char		*subject;	/* decoded, "" if none */
	const char		*subject_nfkc;
	const char		*message_id;	/* without <>, "" if none */
	struct yj_strvec	 in_reply_to;	/* ids without <> */
	struct yj_strvec	 references;
	int64_t			 date;		/* epoch seconds, 0 if none */
	int			 date_tz;	/* minutes east of UTC */

	struct yj_envelope	 env;		/* given by the caller */

	struct yj_part		*parts;
	size_t			 nparts;
	struct yj_text		*texts;
	size_t			 ntexts;
	const char		*body_nfkc;	/* all visible text, NFKC_CF */
	struct yj_link		*links;
	size_t			 nlinks;
	struct yj_url		*urls;		/* unique by URL */
	size_t			 nurls;
	struct yj_attachment	*atts;
	size_t			 natts;
	struct yj_authres_header *auth;		/* topmost first */
	size_t			 nauth;

	uint64_t		 anomalies;	/* 1 << YJ_ANOM_* */
	const char		*anomaly_detail[YJ_ANOM_COUNT];
};

struct yj_parse_opts {
	const char	*authserv_id;	/* trusted Authentication-Results id */
	size_t		 max_size;	/* 0: YJ_LIM_MESSAGE_SIZE */
	bool		 no_attachments; /* skip hashing/type detection */
};

/*
 * yj_msg_parse - parse raw[0..len).  opts may be NULL.  Never fails.
 * The envelope is left empty; the caller fills msg->env.
 */
struct yj_msg	*yj_msg_parse(const char *raw, size_t len,
		    const struct yj_parse_opts *opts);
void		 yj_msg_free(struct yj_msg *);

/* yj_msg_header - first header with this name (any case), or NULL */
const struct yj_header *yj_msg_header(const struct yj_msg *, const char *name);
/* yj_msg_header_count - how many headers have this name */
size_t		 yj_msg_header_count(const struct yj_msg *, const char *name);
/* yj_msg_from - the From mailbox when there is exactly one, else NULL */
const struct yj_mailbox *yj_msg_from(const struct yj_msg *);
/* yj_msg_has_anomaly - test one anomaly bit */
bool		 yj_msg_has_anomaly(const struct yj_msg *, enum yj_anomaly);
/* yj_anomaly_name - stable lower-case name ("mime_depth", ...) */
const char	*yj_anomaly_name(enum yj_anomaly);

/* yj_msg_set_anomaly - set a bit; the first detail given is kept */
void		 yj_msg_set_anomaly(struct yj_msg *, enum yj_anomaly,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* YJ_MAIL_MSG_H */
