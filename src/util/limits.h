/*
 * limits.h - every limit on what a message may make yojin do
 *
 * Mail is hostile input.  Each size, depth and count taken from a message
 * is bounded here, in one place, with the reason for its value (SQLite
 * sqliteLimit.h, Postfix header_size_limit and mime_nesting_limit).  The
 * values are defaults: the configuration may lower them, or raise them up
 * to the ceiling checked by the #if lines below.  Reaching a limit never
 * fails a scan: the parser stops, records an anomaly flag, and a check
 * turns the flag into a finding, so the policy decides what an incomplete
 * scan is worth.
 */
#ifndef YJ_UTIL_LIMITS_H
#define YJ_UTIL_LIMITS_H

/*
 * Message size read for scanning.  Postfix's default message_size_limit is
 * 10 MB; 64 MB covers what organisations raise it to.  Beyond this the
 * message is marked truncated and the rest is not examined.
 */
#define YJ_LIM_MESSAGE_SIZE	(64UL * 1024 * 1024)

/*
 * One header field, unfolded.  Postfix truncates at header_size_limit
 * (100 KB); real To/Cc lists of a few thousand addresses stay below 256 KB.
 */
#define YJ_LIM_HEADER_SIZE	(256UL * 1024)

/* Header fields per message or part.  Postfix allows 1,000 (max hops + slack). */
#define YJ_LIM_HEADERS		1000

/*
 * MIME nesting.  Legitimate mail rarely nests more than 5 deep (forward of
 * a forward of a signed message); Postfix allows 100.  GMime stops at 1024
 * on its own; anything below our limit is walked.
 */
#define YJ_LIM_MIME_DEPTH	32

/* MIME leaf and container parts walked per message. */
#define YJ_LIM_MIME_PARTS	1000

/*
 * Transfer-decoded bytes kept per part, and for the whole message.  Text
 * and attachment analysis never needs more; the SHA-256 is still taken
 * over the whole part.
 */
#define YJ_LIM_PART_DECODED	(32UL * 1024 * 1024)
#define YJ_LIM_TOTAL_DECODED	(96UL * 1024 * 1024)

/* UTF-8 text kept per text part and in total (after HTML to text). */
#define YJ_LIM_TEXT_PART	(4UL * 1024 * 1024)
#define YJ_LIM_TEXT_TOTAL	(8UL * 1024 * 1024)

/* Addresses kept per address header, and envelope recipients. */
#define YJ_LIM_ADDRS		2000
#define YJ_LIM_RCPTS		2000

/* URLs and HTML links kept per message; the rest is counted only. */
#define YJ_LIM_URLS		2000

/* Attachments (including archive members) described per message. */
#define YJ_LIM_ATTACHMENTS	500

/* Encoded words in one header; each is at most 75 bytes by RFC 2047. */
#define YJ_LIM_ENCODED_WORDS	4000

/* Authentication-Results headers and results parsed per message. */
#define YJ_LIM_AUTH_RESULTS	64

/*
 * Properties kept per Authentication-Results result.  Real results carry
 * one to five (smtp.mailfrom, header.d, header.i, header.s, header.b).
 */
#define YJ_LIM_AUTH_PROPS	32

/*
 * Content-Type / Content-Disposition parameters read per header,
 * counting each RFC 2231 continuation segment.  A 255-character Japanese
 * file name cut into 78-column segments needs about 40; more is an
 * attack on the duplicate search, which is quadratic.
 */
#define YJ_LIM_PARAMS		256

/*
 * Nesting of RFC 5322 comments "(a (b (c)))".  The parsers count depth
 * in a loop, never by recursion, so nesting cannot exhaust the stack;
 * deeper nesting than this is still skipped correctly but is recorded
 * as a syntax anomaly: no mail client writes it.
 */
#define YJ_LIM_COMMENT_DEPTH	32

/* Archive walking (attachments): depth, members, ratio, sizes. */
#define YJ_LIM_ARCHIVE_DEPTH	4
#define YJ_LIM_ARCHIVE_MEMBERS	1000
#define YJ_LIM_ARCHIVE_RATIO	100
#define YJ_LIM_ARCHIVE_MEMBER	(64UL * 1024 * 1024)
#define YJ_LIM_ARCHIVE_TOTAL	(256UL * 1024 * 1024)

/* Time a message may take through all checks, in milliseconds. */
#define YJ_LIM_SCAN_MS		20000

#if YJ_LIM_MIME_DEPTH > 1000
#error "YJ_LIM_MIME_DEPTH above GMime's own ceiling"
#endif
#if YJ_LIM_HEADER_SIZE > YJ_LIM_MESSAGE_SIZE
#error "a header cannot be larger than a message"
#endif

#endif /* YJ_UTIL_LIMITS_H */
