/*
 * log.h - diagnostics for administrators
 *
 * Lines go to stderr by default or to a file chosen at start-up; each line
 * is "<time> yojin[pid]: <level>: <text>".  Strings that come from mail or
 * from the network are passed through yj_quote() first: it escapes control
 * and non-ASCII bytes and cuts the string, so that a hostile header can
 * neither forge log lines nor flood the log.  Bodies, attachments and
 * secrets are never logged.
 *
 * yj_fatal() is for start-up only (bad configuration, unusable
 * environment); per-message code logs and goes on.
 *
 * Thread safety: all functions may be called from any thread.
 */
#ifndef YJ_UTIL_LOG_H
#define YJ_UTIL_LOG_H

#include <stddef.h>

enum yj_log_level {
	YJ_LOG_ERROR,
	YJ_LOG_WARN,
	YJ_LOG_INFO,
	YJ_LOG_DEBUG,
};

/* yj_log_open - send lines to path (NULL: stderr); 0 or YJ_EIO */
int	yj_log_open(const char *path);
void	yj_log_set_level(enum yj_log_level);
void	yj_log(enum yj_log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	yj_fatal(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#define yj_error(...)	yj_log(YJ_LOG_ERROR, __VA_ARGS__)
#define yj_warn(...)	yj_log(YJ_LOG_WARN, __VA_ARGS__)
#define yj_info(...)	yj_log(YJ_LOG_INFO, __VA_ARGS__)
#define yj_debug(...)	yj_log(YJ_LOG_DEBUG, __VA_ARGS__)

/*
 * yj_quote - printable form of an untrusted string for logs: at most
 * outsz - 1 bytes, control and 8-bit bytes as \xHH, truncation marked
 * with "...".  Returns out.
 */
char	*yj_quote(const char *s, char *out, size_t outsz);
#define YJ_QUOTE_MAX	256

/* yj_errno_str - thread-safe strerror into buf */
const char *yj_errno_str(int err, char *buf, size_t bufsz);

#endif /* YJ_UTIL_LOG_H */
