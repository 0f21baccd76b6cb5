/*
 * sender.c - the sender as shown and as addressed
 */
#include <string.h>

#include "mail/sender.h"
#include "util/buf.h"

/* yj_sender_mailbox - the From mailbox, or the first with a domain */
const struct yj_mailbox *
yj_sender_mailbox(const struct yj_msg *m)
{
	const struct yj_mailbox *mb = yj_msg_from(m);
	size_t i;

	if (mb != NULL)
		return mb;
	for (i = 0; i < m->from.nr; i++)
		if (*m->from.v[i].domain != '\0')
			return &m->from.v[i];
	return NULL;
}

/* yj_sender_display - every name From shows */
const char *
yj_sender_display(struct yj_arena *a, const struct yj_msg *m)
{
	const struct yj_mailbox *mb;
	struct yj_buf b;
	const char *out;
	size_t i;

	if (m->from.nr == 1 && *m->from.v[0].domain != '\0')
		return m->from.v[0].name;
	yj_buf_init(&b, 4096);
	for (i = 0; i < m->from.nr; i++) {
		mb = &m->from.v[i];
		if (*mb->name != '\0' && strcmp(mb->name, "_") != 0) {
			if (b.len > 0)
				(void)!yj_buf_addc(&b, ' ');
			(void)!yj_buf_adds(&b, mb->name);
		}
		if (*mb->domain == '\0' && *mb->addr != '\0') {
			if (b.len > 0)
				(void)!yj_buf_addc(&b, ' ');
			(void)!yj_buf_adds(&b, mb->local);
		}
	}
	out = yj_arena_memdup(a, yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	return out;
}
