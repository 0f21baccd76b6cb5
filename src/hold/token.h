/*
 * token.h - what proves that a hold command or a notice came from yojin
 *
 * Two kinds of proof, both HMAC-SHA256 under the store's hold secret
 * (store/hold.h), so that every host sharing a store accepts the same
 * tokens and nobody without the store can make one:
 *
 *   action tokens: the links in a hold notice.  A token names one action
 *   ("release", "cancel", "approve") on one hold id for one person (the
 *   address the notice went to), so a sender's cancel link cannot
 *   approve, and an approver's link is useless to anyone else.  Tokens
 *   are 24 lower-case hex digits (96 bits): the command address
 *   "yojin-hold+release-<id>-<token>@domain" stays within the 64
 *   characters a local part may have.
 *
 *   notice marks: the X-Yojin-Notice header of every notice yojin
 *   submits, so that the milter lets its own notices through unscanned.
 *   The mark covers the time, the hold id, the Message-ID and a hash of
 *   the body with line ends removed, so a captured mark cannot carry
 *   another message past the checks, and it expires.
 *
 * Comparisons are constant-time.  Thread safety: pure.
 */
#ifndef YJ_HOLD_TOKEN_H
#define YJ_HOLD_TOKEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define YJ_TOKEN_LEN	24	/* hex digits of an action token */
#define YJ_MARK_MAX_AGE	(7 * 86400)	/* older notices are not ours */

/* yj_hold_token - the token of action on id for actor (an address) */
void	yj_hold_token(const unsigned char key[32], const char *action,
	    int64_t id, const char *actor, char out[YJ_TOKEN_LEN + 1]);
/* yj_hold_token_ok - token is the one for (action, id, actor) */
bool	yj_hold_token_ok(const unsigned char key[32], const char *action,
	    int64_t id, const char *actor, const char *token);

/*
 * yj_body_hash - SHA-256 (hex) of a body with every CR and LF left out,
 * fed in pieces: init, update*, final
 */
struct yj_body_hash {
	void	*checksum;	/* GChecksum */
};
void	yj_body_hash_init(struct yj_body_hash *);
void	yj_body_hash_update(struct yj_body_hash *, const void *p, size_t n);
void	yj_body_hash_final(struct yj_body_hash *, char out[65]);

/*
 * yj_notice_mark - the X-Yojin-Notice value for a notice made at t about
 * hold id (0 when none), with this Message-ID (without <>) and body hash
 */
void	yj_notice_mark(const unsigned char key[32], int64_t t, int64_t id,
	    const char *message_id, const char *body_hash, char *out,
	    size_t outsz);
/* yj_notice_mark_ok - value marks this message, made in YJ_MARK_MAX_AGE */
bool	yj_notice_mark_ok(const unsigned char key[32], const char *value,
	    const char *message_id, const char *body_hash, int64_t now);

#endif /* YJ_HOLD_TOKEN_H */
