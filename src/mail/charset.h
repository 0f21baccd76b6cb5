/*
 * charset.h - any mail charset to UTF-8, through ICU
 *
 * GMime's own conversion goes through glibc iconv, which garbles real
 * Japanese mail (NEC row-13 characters in ISO-2022-JP from Outlook, CP932
 * extensions in Shift_JIS, raw ISO-2022-JP in headers).  All conversion in
 * yojin goes through here instead:
 *
 *   - ISO-2022-JP and its variants are read with ICU's ISO-2022-JP
 *     converter, which accepts the NEC and IBM extensions (CP50220-like);
 *   - Shift_JIS, SJIS, MS_Kanji, Windows-31J are read as CP932
 *     (ICU ibm-943_P15A-2003, a CP932 superset);
 *   - EUC-JP variants as ICU euc-jp-2007;
 *   - ISO-8859-1 and US-ASCII carrying 8-bit bytes as windows-1252, the
 *     way every mail client does;
 *   - anything else ICU knows by name, or a guess when the name is
 *     unknown or missing (ESC sequences: ISO-2022-JP; well-formed UTF-8:
 *     UTF-8; otherwise the better-scoring of CP932 and EUC-JP).
 *
 * Conversion never fails: bytes that do not decode become U+FFFD and set
 * YJ_CS_ERRORS; the result is always well-formed UTF-8 without NUL.
 *
 * Ownership: results live in the arena given.
 * Thread safety: converters are opened per call (ICU caches the tables),
 * so all functions are reentrant.
 */
#ifndef YJ_MAIL_CHARSET_H
#define YJ_MAIL_CHARSET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum yj_charset_flags {
	YJ_CS_UNKNOWN	= 1 << 0,	/* declared name not known; guessed */
	YJ_CS_GUESSED	= 1 << 1,	/* no usable declaration; guessed */
	YJ_CS_ERRORS	= 1 << 2,	/* some bytes did not decode */
	YJ_CS_MISLABEL	= 1 << 3,	/* declared charset failed, guess won */
};

/*
 * yj_charset_to_utf8 - convert n bytes in charset (NULL or "" when not
 * declared) to UTF-8.  *flags (may be NULL) gets YJ_CS_* bits or-ed in;
 * *used (may be NULL) gets the canonical name of the charset used.
 */
char	*yj_charset_to_utf8(struct yj_arena *, const char *charset,
	    const char *in, size_t n, unsigned *flags, const char **used);

/*
 * yj_charset_from_utf8 - the other way: UTF-8 text in charset, for text
 * yojin writes into a message (the milter's warning banner).  Encoders
 * are strict where the decoders are lenient: "us-ascii" is ASCII and
 * "iso-8859-1" is Latin-1 (not windows-1252), and ISO-2022-JP is written
 * as RFC 1468 asks (ASCII and JIS X 0208 only, back to ASCII at the end).
 * A character the charset cannot hold becomes subst (itself converted),
 * or, when subst is NULL, the conversion fails.  Returns the bytes in
 * the arena (*outlen set; NUL-terminated) or NULL for an unknown charset
 * or a failed conversion.  *nsubst (may be NULL) counts substitutions.
 */
char	*yj_charset_from_utf8(struct yj_arena *, const char *charset,
	    const char *in, size_t n, const char *subst, size_t *outlen,
	    size_t *nsubst);

/* yj_charset_guess - canonical name of the most likely Japanese charset */
const char *yj_charset_guess(const char *in, size_t n);

/* yj_has_iso2022_escape - true if in holds ESC $ B, ESC $ @ or ESC ( J */
bool	 yj_has_iso2022_escape(const char *in, size_t n);

/*
 * yj_nfkc - NFKC copy of UTF-8 text for matching: full-width ASCII and
 * half-width katakana folded, compatibility characters (①, ㈱) expanded,
 * and the wave dash family (U+301C, U+FF5E) mapped to U+301C.
 * yj_nfkc_casefold additionally folds case (NFKC_Casefold).
 */
char	*yj_nfkc(struct yj_arena *, const char *s, size_t n);
char	*yj_nfkc_casefold(struct yj_arena *, const char *s, size_t n);

#endif /* YJ_MAIL_CHARSET_H */
