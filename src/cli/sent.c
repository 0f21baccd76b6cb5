/*
 * sent.c - learn from mail the milter lets out (see sent.h)
 */
#include <jansson.h>
#include <string.h>

#include "cli/sent.h"
#include "cli/store_glue.h"
#include "know/know.h"
#include "util/log.h"
#include "util/str.h"

/* learn - one message, with the envelope sender as the mailbox owner */
static void
learn(struct yj_store_glue *g, const struct yj_conf *conf,
    const struct yj_msg *m)
{
	struct yj_learn_opts o = { 0 };
	struct yj_learn_result res;
	char q[YJ_QUOTE_MAX];

	o.sender = m->env.mail_from;
	if (yj_know_learn(g->store, conf, m, &o, &res) != 0)
		yj_warn("cannot learn from sent mail %s",
		    yj_quote(m->message_id, q, sizeof(q)));
	else
		yj_debug("learned sent mail %s: %s",
		    yj_quote(m->message_id, q, sizeof(q)),
		    res.status == YJ_LEARN_ADDED ? "added" :
		    res.status == YJ_LEARN_KNOWN ? "known" :
		    res.why ? res.why : "skipped");
}

/* yj_sent_learn - outbound mail accepted at end of message */
void
yj_sent_learn(const struct yj_msg *m, const struct yj_conf *conf, void *arg)
{
	learn(arg, conf, m);
}

/* yj_sent_learn_held - a released hold, from its record */
void
yj_sent_learn_held(const struct yj_hold_rec *r, const struct yj_conf *conf,
    void *arg)
{
	json_t *a = json_loads(r->recipients ? r->recipients : "[]", 0, NULL);
	const char *src = r->headers ? r->headers : "";
	struct yj_msg *m;
	size_t i;

	if (strcmp(r->direction, "out") != 0) {
		json_decref(a);
		return;
	}
	m = yj_msg_parse(src, strlen(src), NULL);
	m->env.mail_from = r->sender;
	for (i = 0; json_is_array(a) && i < json_array_size(a); i++)
		if (json_string_value(json_array_get(a, i)) != NULL)
			yj_strvec_push(m->arena, &m->env.rcpts, yj_arena_strdup(
			    m->arena, json_string_value(json_array_get(a, i))));
	learn(arg, conf, m);
	yj_msg_free(m);
	json_decref(a);
}
