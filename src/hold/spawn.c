/*
 * spawn.c - posix_spawn with a pipe in and a pipe out (see spawn.h)
 *
 * One poll() loop writes the input and reads standard error at the same
 * time, so neither side can fill a pipe and wait for the other.  The
 * deadline covers the whole run; a child still running then is killed
 * with SIGKILL and reaped.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hold/spawn.h"
#include "util/error.h"
#include "util/log.h"
#include "util/time.h"

struct io {
	int		 in;		/* the child's stdin, -1 when done */
	int		 err;		/* read end of its stderr, -1 done */
	const char	*data;
	size_t		 left;
	char		 msg[512];	/* what it wrote to stderr */
	size_t		 msglen;
};

/* start - posix_spawn argv with the pipes as 0 and 2 */
static int
start(char *const argv[], int inr, int errw, pid_t *pid)
{
	static char *const env[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		NULL };
	posix_spawn_file_actions_t fa;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, inr, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, errw, 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	rc = posix_spawn(pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* pump - one round of writing input and reading stderr */
static void
pump(struct io *io, int wait_ms)
{
	struct pollfd p[2];
	nfds_t n = 0;
	ssize_t r;
	char buf[4096];

	if (io->in >= 0)
		p[n++] = (struct pollfd){ .fd = io->in, .events = POLLOUT };
	if (io->err >= 0)
		p[n++] = (struct pollfd){ .fd = io->err, .events = POLLIN };
	if (poll(p, n, wait_ms) <= 0)
		return;
	for (nfds_t i = 0; i < n; i++) {
		if (p[i].fd == io->in && p[i].revents) {
			r = write(io->in, io->data, io->left > 65536 ? 65536 :
			    io->left);
			if (r > 0) {
				io->data += r;
				io->left -= (size_t)r;
			}
			if ((r < 0 && errno != EAGAIN && errno != EINTR) ||
			    io->left == 0) {
				close(io->in);
				io->in = -1;
			}
		} else if (p[i].fd == io->err && p[i].revents) {
			r = read(io->err, buf, sizeof(buf));
			if (r <= 0 && !(r < 0 && errno == EINTR)) {
				close(io->err);
				io->err = -1;
				continue;
			}
			if (r > 0 && io->msglen + 1 < sizeof(io->msg)) {
				size_t k = sizeof(io->msg) - 1 - io->msglen;

				if ((size_t)r < k)
					k = (size_t)r;
				memcpy(io->msg + io->msglen, buf, k);
				io->msglen += k;
			}
		}
	}
}

/* reap - wait for pid until the deadline, then kill it */
static int
reap(pid_t pid, int64_t deadline, int *status)
{
	int st;
	pid_t r;

	for (;;) {
		r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			break;
		if (r == -1 && errno != EINTR)
			return YJ_EIO;
		if (yj_time_monotonic_ms() >= deadline) {
			kill(pid, SIGKILL);
			while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
				;
			return YJ_ETIMEOUT;
		}
		usleep(2000);
	}
	*status = WIFEXITED(st) ? WEXITSTATUS(st) :
	    WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 255;
	return 0;
}

/* first_line - the first non-empty line of msg into err */
static void
first_line(const char *prog, const struct io *io, int status, char *err,
    size_t errsz)
{
	char m[512];
	size_t n;

	memcpy(m, io->msg, io->msglen);
	m[io->msglen] = '\0';
	n = strcspn(m, "\r\n");
	m[n] = '\0';
	if (m[0] != '\0')
		snprintf(err, errsz, "%s", m);
	else
		snprintf(err, errsz, "'%s' exited with status %d", prog,
		    status);
}

/* yj_spawn - run argv, feed in, collect stderr */
int
yj_spawn(char *const argv[], const void *in, size_t inlen, int timeout_ms,
    int *status, char *err, size_t errsz)
{
	struct io io = { .data = in, .left = in ? inlen : 0 };
	int64_t deadline = yj_time_monotonic_ms() + timeout_ms;
	int inp[2], errp[2], rc;
	char ebuf[128];
	pid_t pid;

	*status = -1;
	err[0] = '\0';
	if (pipe2(inp, O_CLOEXEC) == -1)
		goto out_fail;
	if (pipe2(errp, O_CLOEXEC) == -1) {
		close(inp[0]);
		close(inp[1]);
		goto out_fail;
	}
	rc = start(argv, inp[0], errp[1], &pid);
	close(inp[0]);
	close(errp[1]);
	io.in = inp[1];
	io.err = errp[0];
	if (rc != 0) {
		close(io.in);
		close(io.err);
		snprintf(err, errsz, "cannot run '%s': %s", argv[0],
		    yj_errno_str(rc, ebuf, sizeof(ebuf)));
		return YJ_EIO;
	}
	fcntl(io.in, F_SETFL, O_NONBLOCK);
	if (io.left == 0) {
		close(io.in);
		io.in = -1;
	}
	while ((io.in >= 0 || io.err >= 0) &&
	    yj_time_monotonic_ms() < deadline)
		pump(&io, 100);
	if (io.in >= 0)
		close(io.in);
	if (io.err >= 0)
		close(io.err);
	rc = reap(pid, deadline, status);
	if (rc == YJ_ETIMEOUT)
		snprintf(err, errsz, "'%s' did not finish within %d s", argv[0],
		    timeout_ms / 1000);
	else if (rc == 0 && *status != 0)
		first_line(argv[0], &io, *status, err, errsz);
	return rc;

out_fail:
	snprintf(err, errsz, "cannot run '%s': %s", argv[0],
	    yj_errno_str(errno, ebuf, sizeof(ebuf)));
	return YJ_EIO;
}
