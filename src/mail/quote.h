/*
 * quote.h - what the sender wrote, apart from what they quoted
 *
 * A reply carries the earlier mail below (or, in "> " lines, inside) the
 * new text.  Signature and wording checks must look at the sender's own
 * words only, and thread checks at the quoted part only.  yj_quote_own()
 * returns the text up to the first quotation header the common clients
 * write, with "> " lines left out:
 *
 *   "-----Original Message-----" and its Japanese forms
 *   ("-----元のメッセージ-----", "----- 転送メッセージ -----"),
 *   Outlook's "From: ... / Sent: ..." block (and 差出人: / 送信日時:,
 *   "From:" followed by "To:" or "Date:"), Lotus Notes' "Name <addr> on
 *   DATE" followed by "To:" and its "----- Forwarded by" line,
 *   "On <date>, <name> wrote:" and "<date> <name> wrote:" / "...のメッセージ:"
 *   / "...さんは書きました:", a line of underscores (Outlook web),
 *   "Begin forwarded message:", "---------- Forwarded message ---------".
 *
 * yj_quote_signature() gives the last lines of the own text (the
 * signature block sits there; IPA's check points compare the address in
 * it with the sender).
 *
 * Ownership: results in the arena.  Thread safety: reentrant.
 */
#ifndef YJ_MAIL_QUOTE_H
#define YJ_MAIL_QUOTE_H

#include <stddef.h>

#include "util/arena.h"

/* yj_quote_own - the sender's own text of text[0..n) */
const char	*yj_quote_own(struct yj_arena *, const char *text, size_t n);

/*
 * yj_quote_quoted - the quoted part: "> " lines (without the markers)
 * and everything from the first quotation header on; "" when none
 */
const char	*yj_quote_quoted(struct yj_arena *, const char *text, size_t n);

/* yj_quote_signature - the last max_lines non-empty lines of own text */
const char	*yj_quote_signature(struct yj_arena *, const char *own,
		    size_t max_lines);

#endif /* YJ_MAIL_QUOTE_H */
