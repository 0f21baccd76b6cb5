/*
 * error.c - error code phrases
 */
#include "util/error.h"

/* yj_strerror - phrase for an error code */
const char *
yj_strerror(int code)
{
	switch (code) {
	case YJ_OK:		return "success";
	case YJ_EINVAL:		return "invalid value";
	case YJ_ETOOBIG:	return "limit reached";
	case YJ_ENOENT:		return "not found";
	case YJ_EIO:		return "input/output error";
	case YJ_ESTORE:		return "store error";
	case YJ_ECONF:		return "configuration error";
	case YJ_EEXIST:		return "already exists";
	case YJ_ESTATE:		return "not allowed in this state";
	case YJ_ESCHEMA:	return "store schema is newer than this program";
	case YJ_ECORRUPT:	return "data is damaged";
	case YJ_ETIMEOUT:	return "timed out";
	case YJ_EPERM:		return "not permitted";
	case YJ_EBUSY:		return "busy";
	}
	return "unknown error";
}
