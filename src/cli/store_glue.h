/*
 * store_glue.h - open the store a command needs and offer its knowledge
 * to the engine
 *
 * Programs (scan, milter, learn) open the store named by the
 * configuration (created on first use for SQLite) and fill a struct
 * yj_knowledge whose functions read from it, so that checks can ask what
 * the organisation knows without touching the store themselves.
 *
 * The knowledge (src/know/) keeps a snapshot of the known organisations
 * and domains; it is rebuilt when contacts or history changed, checked
 * at most every YJ_STORE_GLUE_REFRESH seconds, so a long-running program
 * sees what was learned meanwhile.
 */
#ifndef YJ_CLI_STORE_GLUE_H
#define YJ_CLI_STORE_GLUE_H

#include "conf/conf.h"
#include "engine/knowledge.h"

struct yj_store;
struct yj_intel_cache;
struct yj_know;

#define YJ_STORE_GLUE_REFRESH	60

struct yj_store_glue {
	struct yj_store		*store;
	struct yj_know		*know;		/* contacts and history */
	struct yj_knowledge	 kb;
	struct yj_intel_cache	*intel;		/* block/allow lists, cached */
};

/*
 * yj_store_glue_open_store - the configured store alone (created on first
 * use), for commands that manage it rather than scan; 0, or -1 after an
 * error line
 */
int	yj_store_glue_open_store(const char *cmd, const struct yj_conf *,
	    struct yj_store **);

/* yj_store_glue_open - 0, or 2-worthy failure after an error line */
int	yj_store_glue_open(const char *cmd, const struct yj_conf *,
	    struct yj_store_glue *);
void	yj_store_glue_close(struct yj_store_glue *);

#endif /* YJ_CLI_STORE_GLUE_H */
