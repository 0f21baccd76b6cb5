/*
 * spawn.h - run a helper program by argument vector, never a shell
 *
 * yj_spawn() runs argv[0] (an absolute path) with argv, a fixed minimal
 * environment (PATH only), standard input fed from in[0..inlen) (or
 * /dev/null), standard output discarded and standard error collected for
 * the error message.  Every descriptor above 2 is closed in the child, so
 * a helper never inherits the milter's listening socket or a store
 * connection.  posix_spawn is used, which is safe in a threaded process.
 *
 * Returns 0 with *status set to the exit status (or 128 + signal), or
 * YJ_EIO (could not start) / YJ_ETIMEOUT (killed after timeout_ms), with
 * one line in err.  When the program exits non-zero, err holds the
 * first line of what it wrote to standard error.
 *
 * Thread safety: reentrant.
 */
#ifndef YJ_HOLD_SPAWN_H
#define YJ_HOLD_SPAWN_H

#include <stddef.h>

int	yj_spawn(char *const argv[], const void *in, size_t inlen,
	    int timeout_ms, int *status, char *err, size_t errsz);

#endif /* YJ_HOLD_SPAWN_H */
