/*
 * log.c - diagnostics
 *
 * One mutex serialises whole lines so that lines from milter worker
 * threads never interleave.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/error.h"
#include "util/log.h"

static pthread_mutex_t	 log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE		*log_fp;
static enum yj_log_level log_level = YJ_LOG_INFO;

static const char *level_names[] = {
	[YJ_LOG_ERROR] = "error",
	[YJ_LOG_WARN] = "warning",
	[YJ_LOG_INFO] = "info",
	[YJ_LOG_DEBUG] = "debug",
};

/* yj_log_open - choose the destination */
int
yj_log_open(const char *path)
{
	FILE *fp;

	if (path == NULL) {
		pthread_mutex_lock(&log_lock);
		if (log_fp != NULL && log_fp != stderr)
			fclose(log_fp);
		log_fp = stderr;
		pthread_mutex_unlock(&log_lock);
		return 0;
	}
	fp = fopen(path, "ae");
	if (fp == NULL)
		return YJ_EIO;
	setvbuf(fp, NULL, _IOLBF, 0);
	pthread_mutex_lock(&log_lock);
	if (log_fp != NULL && log_fp != stderr)
		fclose(log_fp);
	log_fp = fp;
	pthread_mutex_unlock(&log_lock);
	return 0;
}

/* yj_log_set_level - lines above level are dropped */
void
yj_log_set_level(enum yj_log_level level)
{
	log_level = level;
}

/* vlog - write one line */
static void
vlog(enum yj_log_level level, const char *fmt, va_list ap)
{
	struct timespec ts;
	struct tm tm;
	char stamp[32];
	FILE *fp;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	pthread_mutex_lock(&log_lock);
	fp = log_fp != NULL ? log_fp : stderr;
	fprintf(fp, "%s yojin[%ld]: %s: ", stamp, (long)getpid(),
	    level_names[level]);
	vfprintf(fp, fmt, ap);
	fputc('\n', fp);
	fflush(fp);
	pthread_mutex_unlock(&log_lock);
}

/* yj_log - write one line if the level is enabled */
void
yj_log(enum yj_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

/* yj_fatal - log and exit (start-up only) */
void
yj_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(YJ_LOG_ERROR, fmt, ap);
	va_end(ap);
	exit(2);
}

/* yj_quote - escape an untrusted string for a log line */
char *
yj_quote(const char *s, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (outsz == 0)
		return out;
	if (s == NULL)
		s = "(null)";
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		size_t need = (c < 0x20 || c >= 0x7f || c == '\\') ? 4 : 1;

		if (o + need + 4 > outsz) {
			if (o + 4 <= outsz) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (need == 1) {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
	return out;
}

/* yj_errno_str - strerror_r wrapper (GNU variant) */
const char *
yj_errno_str(int err, char *buf, size_t bufsz)
{
	return strerror_r(err, buf, bufsz);
}
