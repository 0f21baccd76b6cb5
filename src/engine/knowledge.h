/*
 * knowledge.h - read-only lookups a check may make
 *
 * What the organisation knows (contacts, who writes to whom, threads,
 * block and allow lists) lives in the store; checks may not touch the
 * store.  The program that runs the engine (scan, milter) fills a struct
 * yj_knowledge with functions backed by the store, and the engine hands
 * it to every check.  An empty one (every function pointer NULL) is
 * valid: the accessors then answer "unknown", and checks that need
 * knowledge stay quiet.
 *
 * Thread safety: implementations must be callable from several threads
 * (one store connection per thread).
 */
#ifndef YJ_ENGINE_KNOWLEDGE_H
#define YJ_ENGINE_KNOWLEDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

/*
 * Intel: the organisation's block and allow lists (store/intel.h).
 * A check asks whether an indicator it saw is listed; values are in the
 * canonical form of mail/ioc.h (yj_ioc_normalize).  Matching goes from
 * the most specific entry to the least (an address, then its domain and
 * parents; a URL, then prefixes on its host, the host, its domain and
 * parents), and http/https count as one scheme.
 */
enum yj_kb_list {
	YJ_KB_BLOCK,
	YJ_KB_ALLOW,
};

enum yj_kb_query {
	YJ_KB_Q_ADDRESS,	/* "local@domain" */
	YJ_KB_Q_DOMAIN,		/* a mail domain or link host */
	YJ_KB_Q_URL,		/* a whole URL */
	YJ_KB_Q_SHA256,		/* an attachment's content */
};

struct yj_kb_intel_hit {
	int64_t		 id;		/* entry id (yojin intel list) */
	const char	*kind;		/* "address", "domain", "url", "host",
					   "prefix", "sha256" */
	const char	*value;		/* the entry that matched */
	const char	*source;	/* "jpcert", "manual", ...; "" */
	const char	*note;		/* brand or reason; "" */
};

struct yj_knowledge {
	void	*ctx;		/* passed to every function */

	/* intel section: ctx for the functions below */
	void	*intel_ctx;
	/*
	 * intel_match - the entry of list matching value; the hit's strings
	 * are copied into the arena.  false: not listed (or unknown).
	 */
	bool	(*intel_match)(void *intel_ctx, enum yj_kb_list,
		    enum yj_kb_query, const char *value, struct yj_arena *,
		    struct yj_kb_intel_hit *hit);
};

/* yj_kb_intel_match - ask, or "not listed" when no lists are available */
static inline bool
yj_kb_intel_match(const struct yj_knowledge *kb, enum yj_kb_list list,
    enum yj_kb_query q, const char *value, struct yj_arena *a,
    struct yj_kb_intel_hit *hit)
{
	return kb != NULL && kb->intel_match != NULL && value != NULL &&
	    kb->intel_match(kb->intel_ctx, list, q, value, a, hit);
}

#endif /* YJ_ENGINE_KNOWLEDGE_H */
