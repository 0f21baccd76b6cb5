/*
 * source.h - the messages behind a path: .eml, mbox, maildir, directory
 *
 * yj_source_walk() calls a function for every message found at a path:
 *
 *   "-"          standard input: one message, or an mbox when it starts
 *                with a "From " line;
 *   a file       one message, or an mbox when it starts with "From ";
 *   a maildir    (a directory with cur/ and new/) its messages, sorted;
 *   a directory  every file below it, sorted, recursively (hidden files
 *                and directories skipped, symbolic links to directories
 *                not followed, depth at most 32).
 *
 * Files are mapped, not read, so a message of any size costs no copy.
 * mbox messages are split at "From " lines that follow an empty line (or
 * start the file); ">From " quoting is left as is.
 *
 * Errors: a path that does not exist or cannot be read is reported
 * through the error function with one line ("cannot open 'x': ...") and
 * the walk goes on with the next file; an empty file is reported the same
 * way.  yj_source_walk() returns the number of messages seen, or a
 * negative YJ_E* when the top path itself is unusable; the caller treats
 * "0 messages" from a directory as an error of its own.
 *
 * Thread safety: reentrant.
 */
#ifndef YJ_MAIL_SOURCE_H
#define YJ_MAIL_SOURCE_H

#include <stddef.h>

struct yj_source_msg {
	const char	*name;	/* file path, "path:N" inside an mbox, "-" */
	const char	*data;	/* the message bytes (mapped, read-only) */
	size_t		 len;
};

/* Return 0 to go on, non-zero to stop the walk. */
typedef int (*yj_source_fn)(const struct yj_source_msg *, void *arg);
typedef void (*yj_source_err_fn)(const char *line, void *arg);

long	yj_source_walk(const char *path, yj_source_fn fn,
	    yj_source_err_fn errfn, void *arg);

#endif /* YJ_MAIL_SOURCE_H */
