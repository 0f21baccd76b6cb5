/*
 * rfc2047.h - decode header text to UTF-8
 *
 * Works on the raw header value (bytes as received, folding kept), never
 * on GMime's decoded value.  Handles, in this order:
 *
 *   - raw ISO-2022-JP (ESC sequences straight in the header, as old
 *     Japanese clients send) and raw 8-bit text (UTF-8 per RFC 6532, or a
 *     guessed Japanese charset);
 *   - RFC 2047 encoded words "=?charset[*lang]?B|Q?text?=", with white
 *     space between adjacent words dropped (RFC 2047 section 6.2), words
 *     split in the middle of a multi-byte character joined before
 *     conversion when they share a charset (Outlook and Gmail do this),
 *     and the usual breakage tolerated: missing white space around words,
 *     lower-case "b"/"q", bad padding, encoded words inside quoted strings.
 *
 * Anything malformed is kept as literal text and flagged.
 *
 * Ownership: results in the arena.  Thread safety: reentrant.
 * References: RFC 2047, RFC 2231 section 5 (language), RFC 6532.
 */
#ifndef YJ_MAIL_RFC2047_H
#define YJ_MAIL_RFC2047_H

#include <stddef.h>

#include "util/arena.h"

enum yj_hdr_decode_flags {
	YJ_HD_8BIT	= 1 << 0,	/* raw 8-bit non-UTF-8 bytes (guessed) */
	YJ_HD_RAW_2022	= 1 << 1,	/* raw ISO-2022-JP escape sequences */
	YJ_HD_BAD_WORD	= 1 << 2,	/* an encoded word could not be decoded */
	YJ_HD_CHARSET	= 1 << 3,	/* unknown charset or bytes not in it */
	YJ_HD_ENCODED	= 1 << 4,	/* at least one encoded word seen */
	YJ_HD_TOO_MANY	= 1 << 5,	/* YJ_LIM_ENCODED_WORDS reached */
};

/*
 * yj_header_decode - unfold and decode a raw header value to UTF-8.
 * *flags (may be NULL) gets YJ_HD_* bits or-ed in.
 */
char	*yj_header_decode(struct yj_arena *, const char *raw, size_t n,
	    unsigned *flags);

/* yj_header_unfold - remove CRLF/LF folding; other bytes untouched */
char	*yj_header_unfold(struct yj_arena *, const char *raw, size_t n,
	    size_t *outlen);

#endif /* YJ_MAIL_RFC2047_H */
