/*
 * fuzz_banner.c - libFuzzer target for milter/banner and milter/actions
 *
 * The input is a whole message: its top-level Content-Type,
 * Content-Transfer-Encoding and Content-Disposition go to
 * yj_banner_insert() with its body, the way the milter calls it.  The
 * contract checked: it never crashes; on success the new body is at
 * a body, and when no top-level header changes and no part was encoded
 * again every byte of the old body is still there in order (only
 * insertions).  The subject helper gets the input's Subject; its result
 * must be one line.  The queue id check gets the input as a string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "hold/queueid.h"
#include "mail/header.h"
#include "milter/actions.h"
#include "milter/banner.h"
#include "util/arena.h"

struct top {
	struct yj_arena		*a;
	struct yj_banner_top	 t;
	const char		*subject;
};

/* field - the top-level headers the milter remembers */
static int
field(const struct yj_hfield *f, void *arg)
{
	struct top *t = arg;
	const char **slot = NULL;

	if (f->name_len == 12 && strncasecmp(f->name, "Content-Type", 12) == 0)
		slot = &t->t.content_type;
	else if (f->name_len == 25 &&
	    strncasecmp(f->name, "Content-Transfer-Encoding", 25) == 0)
		slot = &t->t.cte;
	else if (f->name_len == 19 &&
	    strncasecmp(f->name, "Content-Disposition", 19) == 0)
		slot = &t->t.disposition;
	else if (f->name_len == 7 && strncasecmp(f->name, "Subject", 7) == 0)
		slot = &t->subject;
	if (slot != NULL && *slot == NULL)
		*slot = yj_arena_memdup(t->a, f->value, f->value_len);
	return 0;
}

/* only_insertions - old is a subsequence of new, in order */
static int
only_insertions(const char *old, size_t on, const char *new, size_t nn)
{
	size_t i = 0, k = 0;

	for (; i < on && k < nn; k++)
		if (old[i] == new[k])
			i++;
	return i == on;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct top t = { 0 };
	struct yj_banner_edit ed;
	struct yj_banner b = {
		"━━━\n【用心】注意\n[yojin] take care\n━━━\n\n",
		"<div data-yojin=\"banner\">【用心】注意 &amp; care</div>\n",
	};
	const char *raw = (const char *)data, *subj;
	unsigned flags = 0;
	size_t body;
	char *s;

	t.a = yj_arena_new();
	body = yj_header_split(raw, size, field, &t, &flags);
	if (body > size)
		abort();
	if (yj_banner_insert(t.a, &t.t, raw + body, size - body, &b, &ed) ==
	    0) {
		if (ed.body == NULL)
			abort();
		if (ed.content_type == NULL &&
		    !(ed.flags & YJ_BANNER_REWRITTEN) &&
		    !only_insertions(raw + body, size - body, ed.body, ed.len))
			abort();
	}
	subj = yj_milter_subject(t.a, "[要注意]", t.subject, t.subject);
	if (subj != NULL && strpbrk(subj, "\r\n") != NULL &&
	    (t.subject == NULL || strpbrk(t.subject, "\r\n") == NULL))
		abort();
	s = yj_arena_memdup(t.a, raw, size < 64 ? size : 64);
	(void)yj_queue_id_valid(s);
	yj_arena_free(t.a);
	return 0;
}
