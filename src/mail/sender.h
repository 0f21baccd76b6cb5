/*
 * sender.h - who a message says it is from, even when From is bent
 *
 * yj_msg_from() answers only when From holds exactly one mailbox.
 * Phishing bends From so that a reader sees one thing and a parser
 * another: "From: Microsoft account team ,_<x@evil.example>" is two
 * mailboxes to RFC 5322 (a name without an address, then "_"), but a
 * mail client shows "Microsoft account team".  Checks about the sender
 * must still see both the name shown and the address behind it:
 *
 *   yj_sender_mailbox()  the From mailbox when there is one, else the
 *                        first From mailbox that has a domain
 *   yj_sender_display()  everything From shows as a name: the display
 *                        names of all From mailboxes and the words of
 *                        address-less entries, in order, joined by a space
 *   yj_sender_is_list()  the mail comes through a mailing list or is
 *                        bulk mail: List-Id or List-Unsubscribe,
 *                        Precedence bulk/list/junk, or a subject tag
 *                        "[name]" that is the local part of a To or Cc
 *                        address (list software of old, and archives
 *                        that strip the List-* fields, keep only that)
 *
 * Ownership: results point into the message or the arena.
 * Thread safety: reentrant.
 */
#ifndef YJ_MAIL_SENDER_H
#define YJ_MAIL_SENDER_H

#include "mail/msg.h"

const struct yj_mailbox *yj_sender_mailbox(const struct yj_msg *);
const char	*yj_sender_display(struct yj_arena *, const struct yj_msg *);
bool		 yj_sender_is_list(const struct yj_msg *);

#endif /* YJ_MAIL_SENDER_H */
