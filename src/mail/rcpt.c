/*
 * rcpt.c - the recipients of a message, merged and unique
 *
 * Linear merging is enough: the lists are bounded by YJ_LIM_ADDRS and
 * YJ_LIM_RCPTS, and a message with thousands of recipients is checked by
 * the recipients check long before anyone compares them pairwise.
 */
#include <string.h>

#include "mail/rcpt.h"
#include "util/str.h"

struct list {
	struct yj_arena	*a;
	struct yj_rcpt	*v;
	size_t		 n;
	size_t		 cap;
};

/* add - one address, merged with an earlier sighting */
static void
add(struct list *l, const char *addr, const char *name, unsigned where)
{
	const char *low, *at;
	struct yj_rcpt *r;
	size_t i;

	if (addr == NULL || (at = strrchr(addr, '@')) == NULL || at[1] == '\0')
		return;
	low = yj_str_lower(l->a, addr);
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].addr, low) != 0)
			continue;
		l->v[i].where |= where;
		if (*l->v[i].name == '\0' && name != NULL)
			l->v[i].name = name;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = yj_arena_grow(l->a, l->v, l->n, l->cap, sizeof(*l->v));
	}
	r = &l->v[l->n++];
	r->addr = low;
	at = strrchr(low, '@');
	r->local = yj_arena_memdup(l->a, low, (size_t)(at - low));
	r->domain = at + 1;
	r->name = name != NULL ? name : "";
	r->where = where;
}

/* add_list - every mailbox of an address header */
static void
add_list(struct list *l, const struct yj_addrlist *al, unsigned where)
{
	size_t i;

	for (i = 0; i < al->nr; i++)
		add(l, al->v[i].addr, al->v[i].name, where);
}

/* yj_rcpt_list - To, Cc, Bcc and envelope recipients, unique */
size_t
yj_rcpt_list(struct yj_arena *a, const struct yj_msg *m, struct yj_rcpt **v)
{
	struct list l = { a, NULL, 0, 0 };
	size_t i;

	add_list(&l, &m->to, YJ_RCPT_TO);
	add_list(&l, &m->cc, YJ_RCPT_CC);
	add_list(&l, &m->bcc, YJ_RCPT_BCC);
	for (i = 0; i < m->env.rcpts.nr; i++)
		add(&l, m->env.rcpts.v[i], NULL, YJ_RCPT_ENV);
	*v = l.v;
	return l.n;
}

/* yj_rcpt_sender - the single From, else the envelope sender */
const char *
yj_rcpt_sender(struct yj_arena *a, const struct yj_msg *m)
{
	const struct yj_mailbox *from = yj_msg_from(m);

	if (from != NULL && strchr(from->addr, '@') != NULL)
		return yj_str_lower(a, from->addr);
	if (m->env.mail_from != NULL && strchr(m->env.mail_from, '@') != NULL)
		return yj_str_lower(a, m->env.mail_from);
	return NULL;
}
