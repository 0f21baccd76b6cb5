/*
 * filetype.h - what a file really is (libmagic), and its SHA-256
 *
 * libmagic handles are not thread-safe, so each thread gets its own,
 * opened on first use and closed when the thread exits.  If the magic
 * database cannot be loaded, detection answers "application/octet-stream"
 * and the failure is logged once.
 *
 * Ownership: results in the arena.  Thread safety: safe from any thread.
 */
#ifndef YJ_MAIL_FILETYPE_H
#define YJ_MAIL_FILETYPE_H

#include <stddef.h>

#include "util/arena.h"

/* yj_filetype - MIME type and description of data[0..n) */
void	yj_filetype(struct yj_arena *, const void *data, size_t n,
	    const char **mime, const char **desc);

/*
 * yj_filetype_mime - the MIME type only: one libmagic pass instead of
 * two, for archive members (thousands per message at most)
 */
const char *yj_filetype_mime(struct yj_arena *, const void *data, size_t n);

/* yj_sha256_hex - lower-case hex digest of data[0..n) into out[65] */
void	yj_sha256_hex(const void *data, size_t n, char out[65]);

#endif /* YJ_MAIL_FILETYPE_H */
