/*
 * source.c - walk files, mailboxes and directories
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mail/source.h"
#include "util/sort.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/limits.h"
#include "util/log.h"

#define MAX_DEPTH	32
#define STDIN_MAX	(YJ_LIM_MESSAGE_SIZE + 1)

struct walk {
	yj_source_fn	 fn;
	yj_source_err_fn errfn;
	void		*arg;
	long		 count;
	bool		 stop;
};

/* report - one error line through the callback */
static void
report(struct walk *w, const char *fmt, const char *path, int err)
{
	char line[4096 + 256], ebuf[128];

	snprintf(line, sizeof(line), fmt, path,
	    err ? yj_errno_str(err, ebuf, sizeof(ebuf)) : "");
	if (w->errfn != NULL)
		w->errfn(line, w->arg);
}

/* deliver - hand one message to the caller */
static void
deliver(struct walk *w, const char *name, const char *data, size_t len)
{
	struct yj_source_msg m = { name, data, len };

	w->count++;
	if (w->fn(&m, w->arg) != 0)
		w->stop = true;
}

/* is_mbox_sep - a "From " line at i that starts a message */
static bool
is_mbox_sep(const char *d, size_t len, size_t i)
{
	if (i + 5 > len || memcmp(d + i, "From ", 5) != 0)
		return false;
	return i == 0 || (i >= 2 && d[i - 1] == '\n' &&
	    (d[i - 2] == '\n' || (i >= 3 && d[i - 2] == '\r' &&
	    d[i - 3] == '\n')));
}

/* split_mbox - deliver each message of an mbox */
static void
split_mbox(struct walk *w, const char *path, const char *d, size_t len)
{
	char name[4096 + 32];
	size_t start = 0, i, n = 0;
	const char *nl;

	for (i = 0; !w->stop;) {
		nl = memchr(d + i, '\n', len - i);
		i = nl ? (size_t)(nl - d) + 1 : len;
		if (i < len && !is_mbox_sep(d, len, i))
			continue;
		snprintf(name, sizeof(name), "%s:%zu", path, ++n);
		deliver(w, name, d + start, i - start);
		start = i;
		if (i >= len)
			break;
	}
}

/* deliver_bytes - one message, or an mbox */
static void
deliver_bytes(struct walk *w, const char *name, const char *d, size_t len)
{
	if (len >= 5 && memcmp(d, "From ", 5) == 0)
		split_mbox(w, name, d, len);
	else
		deliver(w, name, d, len);
}

/* walk_file - map a regular file and deliver it */
static void
walk_file(struct walk *w, const char *path)
{
	struct stat st;
	void *map;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		report(w, "cannot open '%s': %s", path, errno);
		return;
	}
	if (fstat(fd, &st) != 0) {
		report(w, "cannot read '%s': %s", path, errno);
		close(fd);
		return;
	}
	if (st.st_size == 0) {
		report(w, "'%s' is empty%s", path, 0);
		close(fd);
		return;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		report(w, "cannot read '%s': %s", path, errno);
		return;
	}
	deliver_bytes(w, path, map, (size_t)st.st_size);
	munmap(map, (size_t)st.st_size);
}

/* cmp_names - qsort by name */
static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_path(struct walk *, const char *, int depth);

/* walk_dir - every entry of a directory, sorted */
static void
walk_dir(struct walk *w, const char *path, int depth)
{
	struct dirent *de;
	char **names = NULL, child[4096];
	size_t n = 0, i;
	DIR *dir;

	if (depth > MAX_DEPTH) {
		report(w, "'%s' is nested too deeply, skipped%s", path, 0);
		return;
	}
	dir = opendir(path);
	if (dir == NULL) {
		report(w, "cannot open '%s': %s", path, errno);
		return;
	}
	while ((de = readdir(dir)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = yj_xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = yj_xstrdup(de->d_name);
	}
	closedir(dir);
	if (n > 0)
		yj_sort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		size_t plen = strlen(path);
		const char *sep = plen > 0 && path[plen - 1] == '/' ? "" : "/";

		if (!w->stop && (size_t)snprintf(child, sizeof(child), "%s%s%s",
		    path, sep, names[i]) < sizeof(child))
			walk_path(w, child, depth + 1);
		yj_free(names[i]);
	}
	yj_free(names);
}

/* is_maildir - a directory with cur/ and new/ */
static bool
is_maildir(const char *path)
{
	char p[4096];
	struct stat st;

	snprintf(p, sizeof(p), "%s/cur", path);
	if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	snprintf(p, sizeof(p), "%s/new", path);
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* walk_path - dispatch on the kind of path */
static void
walk_path(struct walk *w, const char *path, int depth)
{
	char p[4096];
	struct stat st;

	if (lstat(path, &st) != 0) {
		report(w, "cannot open '%s': %s", path, errno);
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		if (stat(path, &st) != 0) {
			report(w, "cannot open '%s': %s", path, errno);
			return;
		}
		if (S_ISDIR(st.st_mode) && depth > 0)
			return;		/* no loops through links */
	}
	if (S_ISREG(st.st_mode)) {
		walk_file(w, path);
	} else if (S_ISDIR(st.st_mode) && is_maildir(path)) {
		snprintf(p, sizeof(p), "%s/cur", path);
		walk_dir(w, p, depth + 1);
		snprintf(p, sizeof(p), "%s/new", path);
		walk_dir(w, p, depth + 1);
	} else if (S_ISDIR(st.st_mode)) {
		walk_dir(w, path, depth);
	} else if (depth == 0) {
		report(w, "'%s' is not a file or a directory%s", path, 0);
	}
}

/* walk_stdin - standard input, bounded */
static int
walk_stdin(struct walk *w)
{
	struct yj_buf b;
	char chunk[65536];
	ssize_t n;

	yj_buf_init(&b, STDIN_MAX);
	while ((n = read(STDIN_FILENO, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			report(w, "cannot read '%s': %s", "-", errno);
			yj_buf_release(&b);
			return YJ_EIO;
		}
		/* Keep the head; the session flags what is over the limit. */
		if (yj_buf_add(&b, chunk, (size_t)n) != 0)
			continue;
	}
	if (b.len == 0)
		report(w, "'%s' is empty%s", "standard input", 0);
	else
		deliver_bytes(w, "-", yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	return 0;
}

/* yj_source_walk - every message at path */
long
yj_source_walk(const char *path, yj_source_fn fn, yj_source_err_fn errfn,
    void *arg)
{
	struct walk w = { fn, errfn, arg, 0, false };
	struct stat st;
	int rc;

	if (strcmp(path, "-") == 0) {
		rc = walk_stdin(&w);
		return rc < 0 ? rc : w.count;
	}
	if (stat(path, &st) != 0) {
		report(&w, "cannot open '%s': %s", path, errno);
		return errno == ENOENT ? YJ_ENOENT : YJ_EIO;
	}
	walk_path(&w, path, 0);
	return w.count;
}
