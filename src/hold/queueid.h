/*
 * queueid.h - is this a Postfix queue id?
 *
 * Queue ids reach a privileged program (postsuper through
 * yojin-postsuper), so they are checked against Postfix's two forms
 * exactly, not merely against "alphanumeric" as postsuper itself does:
 *
 *   short (enable_long_queue_ids = no, the default): upper-case hex, the
 *   microseconds in five digits followed by the inode number, 6 to 21
 *   characters ("3F2A1B4C5D");
 *
 *   long: the seconds (six or more characters) and microseconds (four) in
 *   Postfix's base-52 "safe" alphabet (digits and consonants), a 'z', and
 *   the inode number in base 51 (the same alphabet without 'z'):
 *   "4ZkQ1T2bXyzJ7q" (src/global/mail_queue.h, MQID_LG_*).
 *
 * Anything else ("ALL", "-", paths, empty, spaces) is refused.
 *
 * This file depends on nothing but the C library: the setuid helper
 * links it alone.  Thread safety: pure.
 */
#ifndef YJ_HOLD_QUEUEID_H
#define YJ_HOLD_QUEUEID_H

#include <stdbool.h>

#define YJ_QUEUE_ID_MAX	32	/* longest id accepted, without NUL */

bool	yj_queue_id_valid(const char *id);

#endif /* YJ_HOLD_QUEUEID_H */
