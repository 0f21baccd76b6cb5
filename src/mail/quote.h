/*
 * quote.h - the author's own text and the text quoted from earlier mail
 *
 * A reply or forward carries the mail it answers: lines marked with '>'
 * and, in the Outlook, Notes and Gmail styles, everything after a
 * separator ("-----Original Message-----", "-----元のメッセージ-----",
 * "---------- Forwarded message ---------", "Forwarded by ...", an
 * "On ... wrote:" / "... は書きました:" line, Lotus Notes' "X <x@y> on
 * 04/05/2001 03:53 PM", or a quoted header block such as
 * From:/Sent:/To:/Subject: or 差出人:/送信日時:/宛先:).
 *
 * yj_quote_split() returns both halves as separate texts: own is every
 * line before the first separator that is not '>'-quoted; quoted is the
 * '>' lines (marks removed) and everything from the separator on.  Both
 * keep line breaks, so offsets into them can be shown to people.
 *
 * Input: UTF-8, NFKC_Casefold or not (separators are matched without
 * case).  Ownership: results in the arena.  Thread safety: reentrant.
 */
#ifndef YJ_MAIL_QUOTE_H
#define YJ_MAIL_QUOTE_H

#include <stddef.h>

#include "util/arena.h"

struct yj_msg;

struct yj_quote {
	const char	*own;
	size_t		 own_len;
	const char	*quoted;
	size_t		 quoted_len;
	size_t		 separator_line;	/* 1-based, 0 if none */
};

void	yj_quote_split(struct yj_arena *, const char *text, size_t len,
	    struct yj_quote *out);

/*
 * yj_quote_signature - the last max_lines non-empty lines of a text (the
 * own half of a split: the signature block sits there; IPA's check
 * points compare the address in it with the sender's)
 */
const char *yj_quote_signature(struct yj_arena *, const char *own,
	    size_t max_lines);

/*
 * yj_quote_msg_signature - the signature (max_lines, as above) of the
 * message's first main text, neither an alternative, an attachment nor
 * a nested message, in NFKC_Casefold form; "" if there is none
 */
const char *yj_quote_msg_signature(struct yj_arena *, const struct yj_msg *,
	    size_t max_lines);

#endif /* YJ_MAIL_QUOTE_H */
