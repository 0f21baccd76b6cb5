/*
 * store_glue.c - the store behind the engine's knowledge services
 *
 * The SQLite store is created on first use.  When the configuration does
 * not name a file, the default place (/var/lib/yojin as root, the user's
 * data directory otherwise) is created too, mode 0700; a path the
 * administrator configured must already have its directory, so that a
 * typo does not silently create a second store somewhere else.
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "cli/store_glue.h"
#include "know/know.h"
#include "store/store.h"
#include "util/log.h"

/* mkdirs - create every missing directory of path's parent, mode 0700 */
static int
mkdirs(const char *path)
{
	char dir[4096];
	size_t i, n;

	n = strlen(path);
	if (n >= sizeof(dir))
		return -1;
	memcpy(dir, path, n + 1);
	while (n > 0 && dir[n - 1] != '/')
		n--;
	if (n <= 1)
		return 0;
	dir[n - 1] = '\0';
	for (i = 1; dir[i] != '\0'; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST)
			return -1;
		dir[i] = '/';
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

/* yj_store_glue_open - open the configured store */
int
yj_store_glue_open(const char *cmd, const struct yj_conf *conf,
    struct yj_store_glue *g)
{
	char err[YJ_DB_ERRMAX], ebuf[128];
	const char *target;
	bool sqlite;

	memset(g, 0, sizeof(*g));
	sqlite = strcmp(conf->store.driver, "sqlite") == 0;
	target = sqlite ? conf->store.path : conf->store.conninfo;
	if (sqlite && strcmp(target, yj_conf_default_store_path()) == 0 &&
	    mkdirs(target) != 0) {
		yj_cli_error(cmd, "cannot create the directory of store '%s': "
		    "%s", target, yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return -1;
	}
	if (yj_store_open(&g->store, conf->store.driver, target, err,
	    sizeof(err)) != 0) {
		yj_cli_error(cmd, "%s", err);
		return -1;
	}
	if (yj_know_new(g->store, conf, YJ_STORE_GLUE_REFRESH, &g->know, err,
	    sizeof(err)) != 0) {
		yj_cli_error(cmd, "%s", err);
		yj_store_close(g->store);
		g->store = NULL;
		return -1;
	}
	yj_know_kb(g->know, &g->kb);
	return 0;
}

/* yj_store_glue_close - release it */
void
yj_store_glue_close(struct yj_store_glue *g)
{
	yj_know_free(g->know);
	yj_store_close(g->store);
	memset(g, 0, sizeof(*g));
}
