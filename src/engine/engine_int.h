/*
 * engine_int.h - engine internals shared by engine.c and session.c
 */
#ifndef YJ_ENGINE_ENGINE_INT_H
#define YJ_ENGINE_ENGINE_INT_H

#include "engine/engine.h"

struct instance {
	const struct yj_check	*check;
	const void		*settings;	/* owned by the configuration */
	void			*state;		/* from setup() */
};

struct yj_engine {
	const struct yj_conf	*conf;		/* borrowed */
	struct yj_knowledge	 kb;		/* copy; empty when none */
	struct instance		*v;
	size_t			 nr;
};

#endif /* YJ_ENGINE_ENGINE_INT_H */
