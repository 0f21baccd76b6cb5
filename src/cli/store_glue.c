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
#include "store/intel.h"
#include "store/store.h"
#include "util/log.h"
#include "util/time.h"

/* How often the block and allow lists are checked for changes. */
#define INTEL_REFRESH_MS	1000

/* intel_match - the knowledge service over the in-memory lists */
static bool
intel_match(void *ctx, enum yj_kb_list list, enum yj_kb_query q,
    const char *value, struct yj_arena *a, struct yj_kb_intel_hit *hit)
{
	static const enum yj_intel_query qmap[] = {
		[YJ_KB_Q_ADDRESS] = YJ_INTEL_Q_ADDRESS,
		[YJ_KB_Q_DOMAIN] = YJ_INTEL_Q_DOMAIN,
		[YJ_KB_Q_URL] = YJ_INTEL_Q_URL,
		[YJ_KB_Q_SHA256] = YJ_INTEL_Q_SHA256,
	};
	struct yj_intel_cache *c = ctx;
	struct yj_intel_entry e;
	char buf[2 * YJ_INTEL_VALUE_MAX];

	if ((unsigned)q > YJ_KB_Q_SHA256)
		return false;
	if (yj_intel_cache_refresh(c, INTEL_REFRESH_MS) != 0)
		yj_warn("cannot refresh the block and allow lists; "
		    "using the copy in memory");
	if (!yj_intel_cache_match(c, list == YJ_KB_BLOCK ? YJ_INTEL_BLOCK :
	    YJ_INTEL_ALLOW, qmap[q], value, yj_time_now(), &e, buf,
	    sizeof(buf)))
		return false;
	if (hit != NULL) {
		hit->id = e.id;
		hit->kind = yj_intel_kind_name(e.kind);
		hit->value = yj_arena_strdup(a, e.value);
		hit->source = yj_arena_strdup(a, e.source);
		hit->note = yj_arena_strdup(a, e.note);
	}
	return true;
}

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

/* yj_store_glue_open_store - open the configured store */
int
yj_store_glue_open_store(const char *cmd, const struct yj_conf *conf,
    struct yj_store **sp)
{
	char err[YJ_DB_ERRMAX], ebuf[128];
	const char *target;
	bool sqlite;

	*sp = NULL;
	sqlite = strcmp(conf->store.driver, "sqlite") == 0;
	target = sqlite ? conf->store.path : conf->store.conninfo;
	if (sqlite && strcmp(target, yj_conf_default_store_path()) == 0 &&
	    mkdirs(target) != 0) {
		yj_cli_error(cmd, "cannot create the directory of store '%s': "
		    "%s", target, yj_errno_str(errno, ebuf, sizeof(ebuf)));
		return -1;
	}
	if (yj_store_open(sp, conf->store.driver, target, err,
	    sizeof(err)) != 0) {
		yj_cli_error(cmd, "%s", err);
		return -1;
	}
	return 0;
}

/* yj_store_glue_open - open the configured store and its knowledge */
int
yj_store_glue_open(const char *cmd, const struct yj_conf *conf,
    struct yj_store_glue *g)
{
	char err[YJ_DB_ERRMAX];

	memset(g, 0, sizeof(*g));
	if (yj_store_glue_open_store(cmd, conf, &g->store) != 0)
		return -1;
	if (yj_know_new(g->store, conf, YJ_STORE_GLUE_REFRESH, &g->know, err,
	    sizeof(err)) != 0) {
		yj_cli_error(cmd, "%s", err);
		yj_store_close(g->store);
		g->store = NULL;
		return -1;
	}
	yj_know_kb(g->know, &g->kb);
	if (yj_intel_cache_new(g->store, &g->intel) != 0) {
		yj_cli_error(cmd, "cannot read the block and allow lists of "
		    "store '%s': %s", yj_store_name(g->store),
		    yj_store_errmsg(g->store));
		yj_know_free(g->know);
		yj_store_close(g->store);
		memset(g, 0, sizeof(*g));
		return -1;
	}
	g->kb.intel_ctx = g->intel;
	g->kb.intel_match = intel_match;
	return 0;
}

/* yj_store_glue_close - release it */
void
yj_store_glue_close(struct yj_store_glue *g)
{
	yj_intel_cache_free(g->intel);
	yj_know_free(g->know);
	yj_store_close(g->store);
	memset(g, 0, sizeof(*g));
}
