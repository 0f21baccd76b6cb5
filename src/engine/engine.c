/*
 * engine.c - checks, settings and set-up state for one configuration
 *
 * The engine walks the generated check table once: every check gets its
 * settings (merged over its defaults by conf/conf.c) and, if it has one,
 * its setup() is run.  Checks that are disabled, or not named by --only,
 * are left out.  Nothing changes after yj_engine_new() returns, which is
 * what lets the milter share one engine between its worker threads; a
 * configuration reload builds a new engine beside the old one.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "engine/engine.h"
#include "engine/engine_int.h"
#include "util/alloc.h"
#include "util/error.h"

#define MAX_CHECKS	256

static struct yj_conf_ext	ext_table[MAX_CHECKS];
static size_t			ext_count;
static pthread_once_t		ext_once = PTHREAD_ONCE_INIT;

/* build_ext - describe every registered check's settings */
static void
build_ext(void)
{
	size_t i;

	for (i = 0; yj_check_table[i] != NULL && i < MAX_CHECKS; i++) {
		const struct yj_check *c = yj_check_table[i];

		ext_table[i].name = c->name;
		ext_table[i].fields = c->settings;
		ext_table[i].size = c->settings_size;
		ext_table[i].defaults = c->defaults;
		ext_table[i].default_off = c->default_off;
	}
	ext_count = i;
}

/* yj_engine_conf_ext - one yj_conf_ext per registered check */
const struct yj_conf_ext *
yj_engine_conf_ext(size_t *n)
{
	pthread_once(&ext_once, build_ext);
	*n = ext_count;
	return ext_table;
}

/* yj_engine_load_conf - the configuration with every check's settings */
int
yj_engine_load_conf(const char *path, struct yj_conf **out, char *err,
    size_t errsz)
{
	const struct yj_conf_ext *ext;
	size_t n;

	ext = yj_engine_conf_ext(&n);
	return yj_conf_load(path, ext, n, out, err, errsz);
}

/* in_list - name appears in a comma-separated list */
static bool
in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p = list;

	while (*p != '\0') {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

/* check_only - every name in the list is a registered check */
static int
check_only(const char *only, char *err, size_t errsz)
{
	char name[128];
	const char *p = only;

	while (*p != '\0') {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == 0 || len >= sizeof(name)) {
			snprintf(err, errsz, "bad check list '%s'", only);
			return YJ_EINVAL;
		}
		memcpy(name, p, len);
		name[len] = '\0';
		if (yj_check_find(name) == NULL) {
			snprintf(err, errsz, "unknown check '%s' (see 'yojin "
			    "help checks')", name);
			return YJ_EINVAL;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* settings_of - a check's settings in the configuration */
static int
index_of(const struct yj_conf *c, const char *name)
{
	const struct yj_conf_ext *ext;
	size_t i, n;

	ext = yj_engine_conf_ext(&n);
	for (i = 0; i < n && i < c->nchecks; i++)
		if (strcmp(ext[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* add_check - set up one check if it is enabled (or named by --only) */
static int
add_check(struct yj_engine *e, const struct yj_conf *conf,
    const struct yj_check *c, const char *only, char *err, size_t errsz)
{
	struct instance *in;
	int k, rc;

	k = index_of(conf, c->name);
	if (k < 0)
		return 0;
	if (only != NULL ? !in_list(only, c->name) : !conf->check_enabled[k])
		return 0;
	in = &e->v[e->nr];
	in->check = c;
	in->settings = conf->check_settings[k];
	if (c->setup != NULL &&
	    (rc = c->setup(&conf->org, in->settings, &in->state, err,
	    errsz)) != 0)
		return rc;
	e->nr++;
	return 0;
}

/*
 * yj_engine_new - set up the enabled checks: in registry order, then the
 * late ones (which weigh the others' findings) in registry order
 */
int
yj_engine_new(const struct yj_conf *conf, const struct yj_knowledge *kb,
    const char *only, struct yj_engine **out, char *err, size_t errsz)
{
	struct yj_engine *e;
	size_t i;
	int pass, rc;

	*out = NULL;
	if (only != NULL && (rc = check_only(only, err, errsz)) != 0)
		return rc;
	e = yj_xcalloc(1, sizeof(*e));
	e->conf = conf;
	if (kb != NULL)
		e->kb = *kb;
	for (i = 0; yj_check_table[i] != NULL; i++)
		;
	e->v = yj_xcalloc(i + 1, sizeof(*e->v));
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; yj_check_table[i] != NULL; i++) {
			if (yj_check_table[i]->late != (pass == 1))
				continue;
			rc = add_check(e, conf, yj_check_table[i], only, err,
			    errsz);
			if (rc != 0) {
				yj_engine_free(e);
				return rc;
			}
		}
	}
	*out = e;
	return 0;
}

/* yj_engine_free - tear the checks down */
void
yj_engine_free(struct yj_engine *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nr; i++)
		if (e->v[i].check->teardown != NULL)
			e->v[i].check->teardown(e->v[i].state);
	yj_free(e->v);
	yj_free(e);
}

/* yj_engine_conf - the configuration the engine was built from */
const struct yj_conf *
yj_engine_conf(const struct yj_engine *e)
{
	return e->conf;
}
