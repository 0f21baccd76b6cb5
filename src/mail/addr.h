/*
 * addr.h - RFC 5322 address lists
 *
 * Turns the raw value of an address header (From, Sender, Reply-To, To,
 * Cc, Bcc, and the like) into mailboxes.  The input is hostile and often
 * broken; parsing never fails.  What is odd is recorded in flags, so that
 * checks can use the oddity as evidence: a display name that itself looks
 * like an address ("support@bank.example" <x@evil.example>), several
 * mailboxes in From (OpenDMARC CVE-2019-16378), a mailbox without a domain
 * (CVE-2021-34555), unbalanced quotes or brackets.
 *
 * Display names are decoded with yj_header_decode() (RFC 2047 words,
 * raw ISO-2022-JP, raw 8-bit), after the address structure is parsed, so
 * that a decoded comma or angle bracket cannot change the structure.
 * Groups ("undisclosed-recipients:;") are flattened; their mailboxes carry
 * YJ_MBX_GROUP.  Comments are dropped; an old-style "addr (Name)" with no
 * phrase takes its name from the comment.
 *
 * YJ_MBX_NAME_HAS_ADDR is set when the display name, NFKC-folded (so
 * full-width ＠ and letters count, invisible characters do not hide
 * anything), holds an address other than the mailbox's own: Outlook's
 * "a@b.example" <a@b.example> is not odd.  Several mailboxes where one
 * is expected show as seen > 1 (a missing comma gives two mailboxes,
 * never one).
 *
 * Domains are lower-cased (ASCII); an internationalised domain is kept as
 * written (U-label or A-label): look-alike logic converts it.  The local
 * part keeps its case; addr quotes it when it is not a dot-atom, and its
 * domain is always what follows its last '@'.
 *
 * Ownership: everything lives in the arena.
 * Limits: YJ_LIM_ADDRS mailboxes are stored; more are only counted.
 * Thread safety: reentrant.
 * References: RFC 5322 sections 3.2.2-3.4, 4.4 (obsolete forms), RFC 6532.
 */
#ifndef YJ_MAIL_ADDR_H
#define YJ_MAIL_ADDR_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

enum yj_mailbox_flags {
	YJ_MBX_NO_DOMAIN	= 1 << 0,	/* no "@domain" */
	YJ_MBX_BAD_SYNTAX	= 1 << 1,	/* recovered from a syntax error */
	YJ_MBX_NAME_HAS_ADDR	= 1 << 2,	/* name holds another address */
	YJ_MBX_GROUP		= 1 << 3,	/* came from inside a group */
	YJ_MBX_BAD_DOMAIN	= 1 << 4,	/* domain has characters not allowed */
};

struct yj_mailbox {
	const char	*name;		/* decoded display name, "" if none */
	const char	*addr;		/* "local@domain" (domain lower-cased) */
	const char	*local;		/* local part, unquoted */
	const char	*domain;	/* lower-case domain, "" if none */
	unsigned	 flags;		/* YJ_MBX_* */
};

enum yj_addrlist_flags {
	YJ_AL_EMPTY	= 1 << 0,	/* no mailbox at all */
	YJ_AL_TRUNCATED	= 1 << 1,	/* more than YJ_LIM_ADDRS */
	YJ_AL_BAD	= 1 << 2,	/* some part could not be parsed */
	YJ_AL_ENCODED	= 1 << 3,	/* display names used RFC 2047 words */
	YJ_AL_8BIT	= 1 << 4,	/* raw 8-bit or ISO-2022-JP text */
};

struct yj_addrlist {
	struct yj_mailbox	*v;	/* nr entries */
	size_t			 nr;	/* entries stored */
	size_t			 seen;	/* entries seen, >= nr */
	unsigned		 flags;	/* YJ_AL_* */
};

/*
 * yj_addr_parse - parse one raw header value (not NUL-terminated) and
 * append its mailboxes to list (which may already hold some: several
 * To: headers make one list; zero it before the first call, and fill it
 * only with this function).  Always succeeds.
 */
void	yj_addr_parse(struct yj_arena *, const char *raw, size_t n,
	    struct yj_addrlist *list);

/*
 * yj_addr_is_valid - true for a syntactically plausible addr-spec
 * "local@domain" (dot-atom or quoted local part; domain of LDH labels
 * or a bracketed literal).  Used for addresses typed by people
 * (contacts files, command lines).
 */
bool	yj_addr_is_valid(const char *addr);

/* yj_addr_domain - the domain part of "local@domain" (after the last @) */
const char *yj_addr_domain(const char *addr);

#endif /* YJ_MAIL_ADDR_H */
