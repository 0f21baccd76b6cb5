/*
 * lex.h - RFC 5322 lexical scanning shared by the header parsers
 *
 * The address, parameter and Authentication-Results parsers read raw
 * header values: folded, hostile, and often carrying Japanese text that
 * was never encoded.  This module is what they share: a cursor over the
 * raw bytes that knows which bytes are text whatever their value, and
 * scanners for white space, comments, quoted strings and atoms.
 *
 * Text whatever its value: inside raw ISO-2022-JP (after ESC $ B and
 * the like, until ESC ( B, ESC ( J or the end of the line) every byte
 * belongs to a JIS character and may well be 0x22 '"', 0x28 '(', 0x2C
 * ',', 0x3C '<' or 0x40 '@'; in raw Shift_JIS the second byte of a
 * character may be 0x40 '@' or 0x5C '\'.  Such bytes are never
 * structure, so yj_lex_peek() reports them as YJ_LEX_TEXT.  A value is
 * read as Shift_JIS when it has 8-bit bytes, is not valid UTF-8, and
 * yj_charset_guess() picks CP932.  A parser reading something that is
 * never Japanese text (an address, a domain) sets plain: then every
 * ASCII byte is itself, and no escape, shift or pair hides one.
 *
 * Folding: CR and LF are white space outside quoted strings and comments
 * and are dropped inside them; they also end a raw ISO-2022-JP run that
 * forgot to shift back (RFC 1468 requires lines to end in ASCII).
 *
 * Output goes to a struct yj_lexbuf: arena memory sized once for the
 * whole value, so that no token can overflow it.  Every scanner accepts
 * a NULL buffer and then only skips.
 *
 * Ownership: buffers live in the arena given.  Thread safety: reentrant.
 * Limits: comment nesting is counted in a loop, never recursed; deeper
 * than YJ_LIM_COMMENT_DEPTH sets YJ_LEX_DEEP.
 * References: RFC 5322 sections 3.2.1-3.2.5, RFC 1468, RFC 2045 5.1.
 */
#ifndef YJ_MAIL_LEX_H
#define YJ_MAIL_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum yj_lex_flags {
	YJ_LEX_8BIT	= 1 << 0,	/* bytes above 0x7f in the value */
	YJ_LEX_ISO2022	= 1 << 1,	/* raw ISO-2022-JP escapes in it */
	YJ_LEX_OPEN	= 1 << 2,	/* a quote or comment never closed */
	YJ_LEX_DEEP	= 1 << 3,	/* comments nested too deep */
};

#define YJ_LEX_EOF	(-1)
#define YJ_LEX_TEXT	0x100	/* a unit that is text, whatever its bytes */

struct yj_lex {
	const char	*s;
	size_t		 n;
	size_t		 i;		/* offset of the next unit */
	bool		 shifted;	/* inside raw ISO-2022-JP */
	bool		 sjis;		/* pair Shift_JIS lead and trail */
	bool		 plain;		/* no text units: bytes as they are */
	unsigned	 flags;		/* YJ_LEX_* */
};

struct yj_lexbuf {
	char	*p;			/* len bytes, NUL after them */
	size_t	 len;
	size_t	 cap;
};

/* yj_lex_init - a cursor over s[0..n); decides Shift_JIS pairing */
void	yj_lex_init(struct yj_lex *, const char *s, size_t n);

/*
 * yj_lex_peek - the next unit: an ASCII byte (0..0x7f), YJ_LEX_TEXT for
 * 8-bit, shifted or escape-sequence units, or YJ_LEX_EOF
 */
int	yj_lex_peek(const struct yj_lex *);
/* yj_lex_next - step over one unit; yj_lex_take also copies it to buf */
void	yj_lex_next(struct yj_lex *);
void	yj_lex_take(struct yj_lex *, struct yj_lexbuf *);

/* yj_lex_is_space - SP, HTAB, CR or LF */
bool	yj_lex_is_space(int c);

/*
 * yj_lex_skip_cfws - skip white space and comments; the text of each
 * comment is appended to comments (space-separated; NULL: dropped).
 * True if anything was skipped.
 */
bool	yj_lex_skip_cfws(struct yj_lex *, struct yj_lexbuf *comments);

/*
 * yj_lex_quoted - at '"': append the unescaped content; false (and
 * YJ_LEX_OPEN) when the value ends before the closing quote.
 * yj_lex_comment - at '(': the same for a comment, nested ones included
 * with their parentheses.
 */
bool	yj_lex_quoted(struct yj_lex *, struct yj_lexbuf *out);
bool	yj_lex_comment(struct yj_lex *, struct yj_lexbuf *out);

/*
 * yj_lex_atom - append units up to white space, the end, or an ASCII
 * byte in stops (a NUL byte is never a stop); returns bytes consumed
 */
size_t	yj_lex_atom(struct yj_lex *, const char *stops,
	    struct yj_lexbuf *out);

/*
 * yj_lex_domain_ok - s[0..n) is a domain name: dot-separated non-empty
 * labels of letters, digits, '-' and '_' (ASCII labels at most 63
 * bytes), or of UTF-8 (U-labels) without invisible or format
 * characters.  No trailing dot, nothing else.
 */
bool	yj_lex_domain_ok(const char *s, size_t n);

void	yj_lexbuf_init(struct yj_arena *, struct yj_lexbuf *, size_t cap);
void	yj_lexbuf_reset(struct yj_lexbuf *);
/* Appends: silently cut at cap - 1 (callers size cap so it never is). */
void	yj_lexbuf_add(struct yj_lexbuf *, const char *p, size_t n);
void	yj_lexbuf_addc(struct yj_lexbuf *, int c);
/* yj_lexbuf_dup - NUL-terminated copy in the arena */
char	*yj_lexbuf_dup(struct yj_arena *, const struct yj_lexbuf *);

#endif /* YJ_MAIL_LEX_H */
