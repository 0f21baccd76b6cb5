/*
 * milter.c - "yojin milter": the daemon beside Postfix
 *
 * Start-up does everything that can fail before the process detaches, so
 * that a mistake is one line on the terminal and a non-zero exit, never a
 * daemon that dies in the background: the configuration, the log file,
 * the pid file (locked: a second instance is refused), the listening
 * socket (a port in use is named), the store and the engine.  Only then
 * does the background child tell its parent "ready" through a pipe; the
 * parent exits 0 on that, 2 when the pipe closes without it (the child
 * has printed why).
 *
 * libmilter reports its own errors only through syslog(3); the daemon
 * opens syslog with LOG_PERROR and, in the background, points standard
 * error at the log file, so those lines land beside yojin's.
 *
 * Signals go to the main thread alone (the milter threads block them):
 * SIGTERM and SIGINT stop (sessions finish first), SIGHUP and SIGUSR1
 * reload the configuration and reopen the log file.  libmilter would
 * take SIGHUP as "stop" if its own signal thread ever saw it; the main
 * thread keeps the signal unblocked with an SA_NODEFER handler, and Linux
 * hands a process signal to the main thread whenever it does not block
 * it, so the reload always wins.  SIGUSR1 does the same and no libmilter
 * thread waits for it at all.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/command.h"
#include "cli/sent.h"
#include "cli/store_glue.h"
#include "engine/engine.h"
#include "milter/milter.h"
#include "store/store.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/log.h"

#define STOP_GRACE_S	30

struct opts {
	const char	*config;
	const char	*listen;
	const char	*pid_file;
	const char	*log_file;
	const char	*user;
	bool		 foreground;
	bool		 check;
	int		 debug;
};

static const char usage[] =
    "usage: yojin milter [options]\n"
    "\n"
    "Run yojin as a milter for Postfix (or Sendmail): tag and warn about\n"
    "inbound mail, hold outbound mail, quarantine, reject, as the policy\n"
    "decides.  Configure Postfix with smtpd_milters, non_smtpd_milters\n"
    "and milter_default_action = tempfail (see yojin-milter(8)).\n"
    "\n"
    "  -l, --listen SPEC     inet:PORT@HOST, inet6:PORT@HOST or unix:/PATH\n"
    "                        (default: milter.listen)\n"
    "  -f, --foreground      do not detach (systemd, tests)\n"
    "  -p, --pid-file FILE   write and lock the pid file (milter.pid_file)\n"
    "  -L, --log-file FILE   log here (default: log.file, else stderr;\n"
    "                        required in the background)\n"
    "  -u, --user USER       run as USER once the socket is open\n"
    "  -t, --check           check the configuration and the store, exit\n"
    "  -d, --debug N         libmilter debug level\n"
    YJ_CLI_COMMON_USAGE
    "\n"
    "Signals: TERM and INT stop after the open sessions end; HUP and USR1\n"
    "reload the configuration and reopen the log file.\n"
    "Exit status: 0 stopped cleanly, 1 stopped on an error, 2 could not\n"
    "start (one line on standard error says why).\n";

static int sig_pipe[2] = { -1, -1 };

/* on_signal - tell the main loop; async-signal-safe */
static void
on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int saved = errno;

	(void)!write(sig_pipe[1], &b, 1);
	errno = saved;
}

/* catch_signals - handlers on the main thread, see the top comment */
static int
catch_signals(void)
{
	static const int sigs[] = { SIGHUP, SIGUSR1, SIGTERM, SIGINT };
	struct sigaction sa;
	sigset_t set;
	size_t i;

	if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return -1;
		sigaddset(&set, sigs[i]);
	}
	return pthread_sigmask(SIG_UNBLOCK, &set, NULL) == 0 ? 0 : -1;
}

/* parse - the options */
static int
parse(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "log-file", required_argument, NULL, 'L' },
		{ "user", required_argument, NULL, 'u' },
		{ "check", no_argument, NULL, 't' },
		{ "debug", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int c;

	while ((c = getopt_long(argc, argv, "l:fp:L:u:td:c:h", lo, NULL)) !=
	    -1) {
		switch (c) {
		case 'l': o->listen = optarg; break;
		case 'f': o->foreground = true; break;
		case 'p': o->pid_file = optarg; break;
		case 'L': o->log_file = optarg; break;
		case 'u': o->user = optarg; break;
		case 't': o->check = true; break;
		case 'c': o->config = optarg; break;
		case 'd':
			if (yj_parse_uint(optarg, 6, &v) != 0) {
				yj_cli_error("milter", "bad --debug '%s' (0 "
				    "to 6)", optarg);
				return 2;
			}
			o->debug = (int)v;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		yj_cli_error("milter", "unexpected argument '%s'",
		    argv[optind]);
		return 2;
	}
	return -1;
}

/* lock_pid_file - open and lock it now; the pid is written later */
static int
lock_pid_file(const char *path)
{
	char ebuf[128], old[32] = "";
	ssize_t n;
	int fd;

	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		yj_cli_error("milter", "cannot open pid file '%s': %s", path,
		    yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		n = read(fd, old, sizeof(old) - 1);
		old[n > 0 ? n : 0] = '\0';
		old[strcspn(old, "\n")] = '\0';
		yj_cli_error("milter", "pid file '%s' is locked: yojin milter "
		    "is already running (pid %s)", path, *old ? old : "?");
		close(fd);
		return -1;
	}
	return fd;
}

/* write_pid - the pid into the locked file */
static void
write_pid(int fd)
{
	char buf[32];
	int n;

	if (fd < 0)
		return;
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, buf, (size_t)n, 0) != n)
		yj_warn("cannot write the pid file");
}

/* drop_privileges - become user */
static int
drop_privileges(const char *user)
{
	char ebuf[128];
	struct passwd *pw;

	if ((pw = getpwnam(user)) == NULL) {
		yj_cli_error("milter", "unknown user '%s'", user);
		return -1;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0) {
		yj_cli_error("milter", "cannot become user '%s': %s", user,
		    yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return -1;
	}
	return 0;
}

/* detach - fork; the parent waits for "ready" and exits */
static int
detach(int *ready)
{
	int p[2];
	char b;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) != 0)
		return -1;
	if ((pid = fork()) < 0)
		return -1;
	if (pid > 0) {
		close(p[1]);
		while (read(p[0], &b, 1) < 0 && errno == EINTR)
			;
		_exit(b == 'R' ? 0 : 2);
	}
	close(p[0]);
	*ready = p[1];
	return setsid() < 0 ? -1 : 0;
}

/* ready - the child is up: let the parent go, leave the terminal */
static void
ready(int fd, const char *log_file)
{
	int null = open("/dev/null", O_RDWR);
	int logfd;

	if (null >= 0) {
		dup2(null, 0);
		dup2(null, 1);
		close(null);
	}
	logfd = open(log_file, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (logfd >= 0) {
		dup2(logfd, 2);		/* libmilter's syslog copies */
		close(logfd);
	}
	(void)!write(fd, "R", 1);
	close(fd);
	(void)!chdir("/");
}

/* log_level - log.level to the logger */
static void
log_level(const struct yj_conf *c)
{
	static const char *const names[] = { "error", "warning", "info",
		"debug" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(c->log.level, names[i]) == 0)
			yj_log_set_level((enum yj_log_level)i);
}

struct running {
	char		*store;		/* store_key() at start */
	char		*listen;	/* the socket at start */
	const char	*log_file;
	const char	*pid_file;	/* locked by us, or NULL */
};

static char *store_key(const struct yj_conf *);

/* reload - new configuration and engine beside the old ones */
static void
reload(const struct opts *o, struct yj_store_glue *glue,
    const struct running *run)
{
	const char *log_file = run->log_file;
	struct yj_engine *engine;
	struct yj_conf *conf;
	char err[1024], *key;

	if (log_file != NULL && yj_log_open(log_file) != 0)
		yj_error("cannot reopen log file '%s'", log_file);
	if (yj_engine_load_conf(o->config, &conf, err, sizeof(err)) != 0) {
		yj_error("reload: %s; keeping the running configuration", err);
		return;
	}
	key = store_key(conf);
	if (strcmp(key, run->store) != 0)
		yj_warn("reload: the store changed; it is used after a "
		    "restart");
	yj_free(key);
	if (o->listen == NULL && strcmp(conf->milter.listen, run->listen) != 0)
		yj_warn("reload: milter.listen changed; it is used after a "
		    "restart");
	if (yj_engine_new(conf, &glue->kb, NULL, &engine, err,
	    sizeof(err)) != 0) {
		yj_error("reload: %s; keeping the running configuration", err);
		yj_conf_free(conf);
		return;
	}
	log_level(conf);
	yj_milter_swap(conf, engine);
	yj_info("configuration reloaded%s%s", conf->path ? " from " : "",
	    conf->path ? conf->path : "");
}

/* main_loop - signals and the end of libmilter */
static int
main_loop(const struct opts *o, struct yj_store_glue *glue,
    const struct running *run)
{
	struct pollfd p[2] = {
		{ .fd = sig_pipe[0], .events = POLLIN },
		{ .fd = yj_milter_done_fd(), .events = POLLIN },
	};
	unsigned char sig;

	for (;;) {
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return 1;
		if (p[1].revents) {
			yj_error("libmilter stopped");
			return 1;
		}
		while (read(sig_pipe[0], &sig, 1) == 1) {
			if (sig == SIGTERM || sig == SIGINT) {
				yj_info("stopping (signal %d)", sig);
				return 0;
			}
			reload(o, glue, run);
		}
	}
}

/*
 * start - everything that can fail, before detaching: 0, 1 (--check
 * passed), -1, or -2 when the milter failed after taking conf over
 */
static int
start(const struct opts *o, struct yj_conf *conf, struct yj_store_glue *glue)
{
	struct yj_milter_setup setup = { 0 };
	struct yj_engine *engine;
	const char *listen = o->listen ? o->listen : conf->milter.listen;
	char err[1024];

	if (!o->check && yj_milter_open(listen, conf->milter.timeout,
	    o->debug, err, sizeof(err)) != 0) {
		yj_cli_error("milter", "%s", err);
		return -1;
	}
	if (o->user != NULL && drop_privileges(o->user) != 0)
		return -1;
	if (yj_store_glue_open("milter", conf, glue) != 0)
		return -1;
	if (yj_engine_new(conf, &glue->kb, NULL, &engine, err,
	    sizeof(err)) != 0) {
		yj_cli_error("milter", "%s", err);
		yj_store_glue_close(glue);
		return -1;
	}
	if (o->check) {
		printf("yojin milter: the configuration and store '%s' are "
		    "fine\n", yj_store_name(glue->store));
		yj_engine_free(engine);
		yj_store_glue_close(glue);
		return 1;
	}
	setup.store = glue->store;
	setup.learn = yj_sent_learn;
	setup.learn_held = yj_sent_learn_held;
	setup.arg = glue;
	if (yj_milter_start(&setup, conf, engine, err, sizeof(err)) != 0) {
		yj_cli_error("milter", "%s", err);
		return -2;	/* conf and engine belong to the milter now */
	}
	return 0;
}

/* store_key - what names the store, to notice a change on reload */
static char *
store_key(const struct yj_conf *c)
{
	return yj_xasprintf("%s:%s", c->store.driver,
	    strcmp(c->store.driver, "sqlite") == 0 ? c->store.path :
	    c->store.conninfo);
}

/* prepare - configuration, log, detaching, pid file, signals */
static int
prepare(struct opts *o, struct yj_conf *conf, struct running *live,
    int *pidfd, int *ready_fd)
{
	const char *pid_file = o->pid_file ? o->pid_file :
	    conf->milter.pid_file;

	live->log_file = o->log_file ? o->log_file : conf->log.file;
	if (!o->foreground && !o->check && live->log_file == NULL) {
		yj_cli_error("milter", "in the background yojin needs a log "
		    "file (--log-file or log.file); or use --foreground");
		return -1;
	}
	if (live->log_file != NULL && yj_log_open(live->log_file) != 0) {
		yj_cli_error("milter", "cannot open log file '%s'",
		    live->log_file);
		return -1;
	}
	log_level(conf);
	openlog("yojin-milter", LOG_PID | LOG_PERROR | LOG_NDELAY, LOG_MAIL);
	if (!o->foreground && !o->check && detach(ready_fd) != 0) {
		yj_cli_error("milter", "cannot detach");
		return -1;
	}
	if (pid_file != NULL && !o->check &&
	    (*pidfd = lock_pid_file(pid_file)) < 0)
		return -1;
	live->pid_file = *pidfd >= 0 ? pid_file : NULL;
	if (catch_signals() != 0) {
		yj_cli_error("milter", "cannot set signal handlers");
		return -1;
	}
	live->store = store_key(conf);
	live->listen = yj_xstrdup(o->listen ? o->listen : conf->milter.listen);
	return 0;
}

/* run - yojin milter */
static int
run(int argc, char **argv)
{
	struct opts o = { 0 };
	struct running live = { 0 };
	struct yj_store_glue glue;
	struct yj_conf *conf;
	int rc, pidfd = -1, ready_fd = -1;

	if ((rc = parse(argc, argv, &o)) >= 0)
		return rc;
	if ((conf = yj_cli_load_conf("milter", o.config)) == NULL)
		return 2;
	rc = prepare(&o, conf, &live, &pidfd, &ready_fd);
	if (rc == 0)
		rc = start(&o, conf, &glue);
	if (rc != 0) {
		if (rc != -2)
			yj_conf_free(conf);
		rc = rc > 0 ? 0 : 2;
		goto out;
	}
	write_pid(pidfd);
	yj_info("yojin %s milter listening on %s", YJ_VERSION, live.listen);
	if (ready_fd >= 0)
		ready(ready_fd, live.log_file);
	rc = main_loop(&o, &glue, &live);
	yj_milter_stop(STOP_GRACE_S);
	yj_store_glue_close(&glue);
	yj_info("stopped");
out:
	if (live.pid_file != NULL)
		unlink(live.pid_file);
	yj_free(live.store);
	yj_free(live.listen);
	return rc;
}

YJ_COMMAND_DEFINE(milter,
	.summary = "run as a milter beside Postfix",
	.summary_ja = "Postfix のミルターとして動作する",
	.usage = usage,
	.run = run);
