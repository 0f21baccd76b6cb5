/*
 * sender.c - the sender as shown and as addressed
 */
#include <string.h>

#include "mail/sender.h"
#include "util/buf.h"
#include "util/str.h"

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

/* tag_is_list - the subject's "[tag]" names a To or Cc mailbox */
static bool
tag_is_list(const struct yj_msg *m)
{
	const char *s = m->subject, *t, *e;
	const struct yj_addrlist *l[2] = { &m->to, &m->cc };
	size_t i, k, n;

	/* the tag may follow a reply or forward prefix: "Re: [list] x" */
	if ((t = strchr(s, '[')) == NULL || t - s > 16 ||
	    (e = strchr(t, ']')) == NULL)
		return false;
	t++;
	n = (size_t)(e - t);
	if (n == 0 || n > 64)
		return false;
	for (k = 0; k < 2; k++)
		for (i = 0; i < l[k]->nr; i++)
			if (strlen(l[k]->v[i].local) == n &&
			    yj_str_ieqn(l[k]->v[i].local, t, n))
				return true;
	return false;
}

/* yj_sender_is_list - list or bulk mail */
bool
yj_sender_is_list(const struct yj_msg *m)
{
	const struct yj_header *h;

	if (yj_msg_header(m, "List-Id") != NULL ||
	    yj_msg_header(m, "List-Unsubscribe") != NULL)
		return true;
	h = yj_msg_header(m, "Precedence");
	if (h != NULL && (yj_strcasestr(h->value, "bulk") != NULL ||
	    yj_strcasestr(h->value, "list") != NULL ||
	    yj_strcasestr(h->value, "junk") != NULL))
		return true;
	return tag_is_list(m);
}
