/*
 * banner.h - a warning block at the top of a message's body
 *
 * yj_banner_build() writes the warning for a result: the verdict and the
 * reasons (the findings' own explanations, strongest first), and what to
 * do, in Japanese and in English; once as plain text and once as an HTML
 * fragment.
 *
 * yj_banner_insert() puts it into the body the reader sees first, without
 * breaking the message:
 *
 *   - the "main" text is found the way mail clients find it: a text/plain
 *     or text/html body; in multipart/mixed or /related the first part;
 *     in multipart/alternative BOTH the text/plain and the text/html
 *     alternative; nested containers are followed (depth at most 8);
 *     attachments and attached messages are never touched;
 *   - multipart/signed and multipart/encrypted are left alone (changing
 *     them breaks the signature the reader relies on): YJ_ENOENT, and the
 *     caller tags only the headers;
 *   - text/plain gets the banner in the part's own charset (ISO-2022-JP,
 *     Shift_JIS, EUC-JP, UTF-8, ...) and transfer encoding: for 7bit,
 *     8bit and quoted-printable the encoded banner is put in front of the
 *     original bytes, which stay untouched; base64 is decoded and encoded
 *     again.  When the charset cannot hold Japanese (US-ASCII, Latin-1)
 *     the part is converted to UTF-8 and relabelled (YJ_BANNER_RELABELLED);
 *   - text/html gets the block after the <body> tag (else after </head>,
 *     else at the start), written in ASCII with character references, so
 *     it is right in any ASCII-compatible charset; ISO-2022-JP is scanned
 *     with its escape state so that "<body" is only matched as ASCII.
 *
 * Only the changed parts (and their part headers, when relabelled) are
 * rewritten; every other byte of the body stays as it was.  For a
 * single-part message whose Content-Type or Content-Transfer-Encoding
 * must change, the new top-level values are returned for the caller to
 * set (they are message headers, outside the body).
 *
 * Malformed MIME never fails: what cannot be understood is left alone.
 * Ownership: everything in the arena.  Thread safety: reentrant.
 * References: RFC 2045, 2046, 1468 (ISO-2022-JP), 3676 (line length).
 */
#ifndef YJ_MILTER_BANNER_H
#define YJ_MILTER_BANNER_H

#include <stddef.h>

#include "engine/engine.h"
#include "util/arena.h"

struct yj_banner {
	const char	*text;		/* plain text, UTF-8, "\n" line ends */
	const char	*html;		/* HTML fragment, UTF-8 */
};

/*
 * YJ_BANNER_REWRITTEN: a part was decoded and encoded again; without it
 * the new body is the old one with insertions only.
 */
enum yj_banner_flags {
	YJ_BANNER_PLAIN		= 1 << 0,	/* a text/plain part has it */
	YJ_BANNER_HTML		= 1 << 1,	/* a text/html part has it */
	YJ_BANNER_RELABELLED	= 1 << 2,	/* a part became UTF-8 */
	YJ_BANNER_REENCODED	= 1 << 3,	/* a transfer encoding changed */
	YJ_BANNER_SIGNED	= 1 << 4,	/* signed or encrypted */
	YJ_BANNER_REWRITTEN	= 1 << 5,
};

struct yj_banner_edit {
	char		*body;		/* the new body */
	size_t		 len;
	const char	*content_type;	/* new top-level value, or NULL */
	const char	*cte;		/* new top-level value, or NULL */
	unsigned	 flags;		/* YJ_BANNER_* */
};

/* yj_banner_build - the warning for this result */
void	yj_banner_build(struct yj_arena *, const struct yj_result *,
	    struct yj_banner *out);

/* The raw values of the top-level headers the walk needs (NULL: absent). */
struct yj_banner_top {
	const char	*content_type;
	const char	*cte;		/* Content-Transfer-Encoding */
	const char	*disposition;	/* Content-Disposition */
};

/*
 * yj_banner_insert - the body with the banner.  0, or YJ_ENOENT when no
 * part can carry a banner (out->flags says why).
 */
int	yj_banner_insert(struct yj_arena *, const struct yj_banner_top *,
	    const char *body, size_t len, const struct yj_banner *,
	    struct yj_banner_edit *out);

#endif /* YJ_MILTER_BANNER_H */
