/*
 * yojin-postsuper - the one privileged step of yojin: release or delete
 * one message in Postfix's hold queue
 *
 *	yojin-postsuper [-c CONFIG_DIR] release|delete|check QUEUE_ID
 *
 * postsuper(1) only runs as root, while the milter and "yojin hold" run
 * as an ordinary user.  This program is the bridge: installed setuid
 * root and executable by the yojin group only (chown root:yojin,
 * chmod 4750), or allowed through sudo with exactly this path.  It is
 * small on purpose and trusts nothing it is given:
 *
 *   - the argument vector is fixed: an optional "-c DIR", one of three
 *     words, one queue id; no options after them, no "ALL", no "-";
 *   - the queue id must have one of Postfix's two exact forms
 *     (hold/queueid.c); it is never given to a shell;
 *   - CONFIG_DIR must be an absolute path whose every directory is owned
 *     by root and writable by nobody else (sticky directories such as
 *     /tmp excepted), with a main.cf owned by root and not writable by
 *     others: otherwise a caller could point postsuper at a main.cf of
 *     their own, and with it at any directory as a "queue";
 *   - the environment is replaced, real and effective ids all become
 *     root (postsuper checks the real uid), descriptors above 2 are
 *     closed and 0-2 are kept open;
 *   - postsuper only ever acts on the hold queue ("-H ID hold",
 *     "-d ID hold"), so a queue id that left the hold queue cannot be
 *     released twice or deleted while it is being delivered.
 *
 * "release" runs postsuper -H and then postqueue -i, so that the message
 * is delivered now rather than at the next queue run; "check" only says
 * whether the message is in the hold queue.  Before acting it looks for
 * the queue file itself (postconf -h queue_directory, then hold/ID), so
 * that "not in the hold queue" is a distinct answer rather than
 * postsuper's silent success.
 *
 * Exit status: 0 done (check: present), 3 not in the hold queue,
 * 2 usage or refused, 1 failure.  Errors are one line on stderr; each
 * action is also logged to syslog (LOG_MAIL) with the caller's uid.
 *
 * It uses nothing of yojin but hold/queueid.c, and no library beyond
 * the C library.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <syslog.h>
#include <unistd.h>

#include "hold/queueid.h"

#ifndef POSTSUPER
#define POSTSUPER	"/usr/sbin/postsuper"
#endif
#ifndef POSTQUEUE
#define POSTQUEUE	"/usr/sbin/postqueue"
#endif
#ifndef POSTCONF
#define POSTCONF	"/usr/sbin/postconf"
#endif

enum { EX_DONE = 0, EX_FAIL = 1, EX_USAGE = 2, EX_ABSENT = 3 };

/* die - one error line, then exit */
static void __attribute__((format(printf, 2, 3), noreturn))
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("yojin-postsuper: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* printable - s with anything odd as '?', cut at 64 bytes */
static const char *
printable(const char *s, char buf[72])
{
	size_t i;

	for (i = 0; s[i] != '\0' && i < 64; i++)
		buf[i] = (s[i] > ' ' && s[i] < 0x7f) ? s[i] : '?';
	buf[i] = '\0';
	if (s[i] != '\0') {
		buf[i - 3] = '.';
		buf[i - 2] = '.';
		buf[i - 1] = '.';
	}
	return buf;
}

/* fix_fds - 0, 1 and 2 open, nothing above them */
static void
fix_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) == -1 &&
		    open("/dev/null", O_RDWR) != fd)
			_exit(EX_FAIL);
	closefrom(3);
}

/* usage - the synopsis */
static void __attribute__((noreturn))
usage(void)
{
	die(EX_USAGE, "usage: yojin-postsuper [-c CONFIG_DIR] "
	    "release|delete|check QUEUE_ID");
}

/* safe_node - owned by root, writable by no one else (sticky dirs ok) */
static void
safe_node(const char *path, bool leaf_dir)
{
	struct stat st;
	char pb[72];

	if (stat(path, &st) == -1)
		die(EX_USAGE, "cannot use '%s': %s", printable(path, pb),
		    strerror(errno));	/* checksrc: allow (single thread) */
	if (st.st_uid != 0)
		die(EX_USAGE, "refusing '%s': not owned by root",
		    printable(path, pb));
	if (!(st.st_mode & (S_IWGRP | S_IWOTH)))
		return;
	if (S_ISDIR(st.st_mode) && !leaf_dir && (st.st_mode & S_ISVTX))
		return;
	die(EX_USAGE, "refusing '%s': writable by others",
	    printable(path, pb));
}

/* check_config_dir - see the top comment; returns the resolved path */
static char *
check_config_dir(const char *dir)
{
	char path[PATH_MAX], cf[PATH_MAX + 16], pb[72];
	char *real, *p;
	struct stat st;

	if (dir[0] != '/')
		die(EX_USAGE, "config directory '%s' is not absolute",
		    printable(dir, pb));
	if ((real = realpath(dir, NULL)) == NULL)
		die(EX_USAGE, "cannot use config directory '%s': %s",
		    printable(dir, pb), strerror(errno)); /* checksrc: allow */
	snprintf(path, sizeof(path), "%s", real);
	safe_node(path, true);
	while ((p = strrchr(path, '/')) != NULL && p != path) {
		*p = '\0';
		safe_node(path, false);
	}
	safe_node("/", false);
	snprintf(cf, sizeof(cf), "%s/main.cf", real);
	if (lstat(cf, &st) == -1 || !S_ISREG(st.st_mode))
		die(EX_USAGE, "config directory '%s' has no main.cf",
		    printable(real, pb));
	safe_node(cf, true);
	return real;
}

/* become_root - all ids root, no supplementary groups */
static void
become_root(void)
{
	if (geteuid() != 0)
		die(EX_FAIL, "not running as root: install it setuid root "
		    "(chown root:yojin, chmod 4750) or run it through sudo");
	if (setgroups(0, NULL) == -1 || setresgid(0, 0, 0) == -1 ||
	    setresuid(0, 0, 0) == -1)
		die(EX_FAIL, "cannot become root: %s",
		    strerror(errno));	/* checksrc: allow */
}

/* run - execv argv, stdout to outfd (or inherited); exit status or -1 */
static int
run(char *const argv[], int outfd)
{
	int status;
	pid_t pid;

	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		if (outfd >= 0 && dup2(outfd, 1) == -1)
			_exit(127);
		if (outfd > 2)
			close(outfd);
		execv(argv[0], argv);
		_exit(127);
	}
	if (outfd > 2)
		close(outfd);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* queue_directory - postconf -h queue_directory, checked */
static void
queue_directory(const char *config, char *out, size_t outsz)
{
	char *argv[6];
	int fds[2], i = 0, rc;
	ssize_t n;
	size_t got = 0;

	argv[i++] = POSTCONF;
	if (config != NULL) {
		argv[i++] = "-c";
		argv[i++] = (char *)config;
	}
	argv[i++] = "-h";
	argv[i++] = "queue_directory";
	argv[i] = NULL;
	if (pipe(fds) == -1)
		die(EX_FAIL, "pipe: %s", strerror(errno)); /* checksrc: allow */
	rc = run(argv, fds[1]);
	while (got + 1 < outsz &&
	    (n = read(fds[0], out + got, outsz - got - 1)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	out[got] = '\0';
	out[strcspn(out, "\n")] = '\0';
	if (rc != 0 || out[0] != '/' || strstr(out, "/../") != NULL)
		die(EX_FAIL, "cannot read queue_directory from postconf");
}

/* in_hold - the queue file is in the hold queue */
static bool
in_hold(const char *qdir, const char *id)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/hold/%s", qdir, id);
	return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* postfix - run POSTSUPER or POSTQUEUE with (-c DIR) flag id [queue] */
static int
postfix(const char *prog, const char *config, const char *flag,
    const char *id, const char *queue)
{
	char *argv[8];
	int i = 0;

	argv[i++] = (char *)prog;
	if (config != NULL) {
		argv[i++] = "-c";
		argv[i++] = (char *)config;
	}
	argv[i++] = (char *)flag;
	argv[i++] = (char *)id;
	if (queue != NULL)
		argv[i++] = (char *)queue;
	argv[i] = NULL;
	return run(argv, -1);
}

/* act - the action on a message known to be in the hold queue */
static int
act(const char *action, const char *config, const char *qdir,
    const char *id)
{
	bool release = strcmp(action, "release") == 0;

	if (postfix(POSTSUPER, config, release ? "-H" : "-d", id, "hold") != 0)
		die(EX_FAIL, "postsuper failed for '%s'", id);
	if (in_hold(qdir, id))
		die(EX_FAIL, "postsuper left '%s' in the hold queue", id);
	/* deliver now; if this fails the queue manager does it later */
	if (release)
		(void)postfix(POSTQUEUE, config, "-i", id, NULL);
	return EX_DONE;
}

int
main(int argc, char **argv)
{
	const char *config = NULL, *action, *id;
	char qdir[PATH_MAX], pb[72];
	uid_t caller = getuid();
	int i = 1;

	fix_fds();
	if (argc == 5 && strcmp(argv[1], "-c") == 0) {
		config = argv[2];
		i = 3;
	} else if (argc != 3) {
		usage();
	}
	action = argv[i];
	id = argv[i + 1];
	if (strcmp(action, "release") != 0 && strcmp(action, "delete") != 0 &&
	    strcmp(action, "check") != 0)
		usage();
	if (!yj_queue_id_valid(id))
		die(EX_USAGE, "'%s' is not a Postfix queue id",
		    printable(id, pb));
	if (config != NULL)
		config = check_config_dir(config);
	become_root();
	if (clearenv() != 0 || setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin",
	    1) != 0)
		die(EX_FAIL, "cannot reset the environment");
	umask(022);
	queue_directory(config, qdir, sizeof(qdir));
	openlog("yojin-postsuper", LOG_PID, LOG_MAIL);
	if (!in_hold(qdir, id)) {
		if (strcmp(action, "check") != 0)
			syslog(LOG_INFO, "uid=%lu %s %s: not in the hold queue",
			    (unsigned long)caller, action, id);
		die(EX_ABSENT, "'%s' is not in the hold queue", id);
	}
	if (strcmp(action, "check") == 0)
		return EX_DONE;
	syslog(LOG_INFO, "uid=%lu %s %s", (unsigned long)caller, action, id);
	return act(action, config, qdir, id);
}
