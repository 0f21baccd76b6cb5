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

struct yj_knowledge {
	void	*ctx;		/* passed to every function */
};

#endif /* YJ_ENGINE_KNOWLEDGE_H */
