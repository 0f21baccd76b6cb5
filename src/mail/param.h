/*
 * param.h - Content-Type and Content-Disposition parameters
 *
 * Parses the raw header value into the value ("multipart/mixed",
 * "attachment") and its parameters, decoding to UTF-8 through
 * util/charset (ICU), never through GMime:
 *
 *   - RFC 2231 extended parameters: name*=charset'lang'%XX..., and
 *     continuations name*0, name*1*, ... reassembled in numeric order
 *     before conversion (a multi-byte character may be split across
 *     segments);
 *   - RFC 2047 encoded words inside a quoted value (not allowed by the
 *     RFC, but what Outlook, Thunderbird and most Japanese clients send
 *     for file names);
 *   - raw 8-bit or raw ISO-2022-JP in the value (guessed charset).
 *
 * Parameter names are lower-cased.  The first occurrence of a parameter
 * wins; a repeated one sets YJ_PARAM_DUPLICATE.  A name given both plain
 * and in RFC 2231 form (filename= and filename*=) takes the RFC 2231
 * value whatever the order, as RFC 2231-aware clients do, and sets
 * YJ_PARAM_DUPLICATE when the two decode differently.  Broken input
 * never fails: a missing quote ends at the end of the value, and so on.
 *
 * Ownership: results in the arena.  Thread safety: reentrant.
 * References: RFC 2045 section 5.1, RFC 2183, RFC 2231 sections 3-4.
 */
#ifndef YJ_MAIL_PARAM_H
#define YJ_MAIL_PARAM_H

#include <stddef.h>

#include "util/arena.h"

enum yj_param_flags {
	YJ_PARAM_BAD		= 1 << 0,	/* syntax error recovered */
	YJ_PARAM_DUPLICATE	= 1 << 1,	/* given twice, or forms differ */
	YJ_PARAM_CHARSET	= 1 << 2,	/* undecodable bytes or charset */
	YJ_PARAM_RFC2231	= 1 << 3,	/* extended or continued params */
	YJ_PARAM_RFC2047	= 1 << 4,	/* encoded words in a value */
};

struct yj_param {
	const char	*name;		/* lower case, without "*" or "*N" */
	const char	*value;		/* decoded UTF-8 */
};

struct yj_params {
	const char	*value;		/* lower-cased token before the first ';' */
	struct yj_param	*v;
	size_t		 nr;
	unsigned	 flags;		/* YJ_PARAM_* */
};

/* yj_params_parse - parse a raw header value; always succeeds */
void	yj_params_parse(struct yj_arena *, const char *raw, size_t n,
	    struct yj_params *out);

/* yj_params_get - value of a parameter (name lower case), or NULL */
const char *yj_params_get(const struct yj_params *, const char *name);

#endif /* YJ_MAIL_PARAM_H */
