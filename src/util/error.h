/*
 * error.h - error codes
 *
 * Actions return 0 on success or one of these negative codes.  Predicates
 * return bool.  yj_strerror() gives a short English phrase for logs and
 * error lines (never localised: error lines are for administrators and
 * scripts).
 */
#ifndef YJ_UTIL_ERROR_H
#define YJ_UTIL_ERROR_H

enum {
	YJ_OK		= 0,
	YJ_EINVAL	= -1,	/* bad argument or value */
	YJ_ETOOBIG	= -2,	/* a limit was reached */
	YJ_ENOENT	= -3,	/* no such file, entry or key */
	YJ_EIO		= -4,	/* read or write failed (errno kept) */
	YJ_ESTORE	= -5,	/* the store failed */
	YJ_ECONF	= -6,	/* bad configuration */
	YJ_EEXIST	= -7,	/* already exists */
	YJ_ESTATE	= -8,	/* not allowed in the current state */
	YJ_ESCHEMA	= -9,	/* store schema is newer than this program */
	YJ_ECORRUPT	= -10,	/* data is damaged */
	YJ_ETIMEOUT	= -11,	/* a deadline passed */
	YJ_EPERM	= -12,	/* not permitted */
	YJ_EBUSY	= -13,	/* resource busy, try again */
};

const char	*yj_strerror(int code);

#endif /* YJ_UTIL_ERROR_H */
