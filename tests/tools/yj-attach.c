/*
 * yj-attach - print what yojin sees inside files or mail (a test tool)
 *
 *	yj-attach FILE...		each file as one attachment
 *	yj-attach --mail FILE...	each file as a mail
 *
 * One JSON object per attachment (members included), one per line:
 * path, kind, format, facts, sheets, notes, properties, links, macros,
 * keywords, and the first bytes of the text read from it.  Not
 * installed; used by tests/attach and to measure the office corpus.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/attach.h"
#include "mail/msg.h"
#include "util/alloc.h"
#include "util/buf.h"

/* js - JSON string, never NULL */
static json_t *
js(const char *s)
{
	json_t *j = json_string(s ? s : "");

	return j ? j : json_string("(invalid UTF-8)");
}

/* strs - a string vector as an array */
static json_t *
strs(const struct yj_strvec *v)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < v->nr; i++)
		json_array_append_new(a, js(v->v[i]));
	return a;
}

/* sheets - name, state, type, hidden rows and columns */
static json_t *
sheets(const struct yj_attach_info *in)
{
	static const char *const states[] = { "visible", "hidden",
	    "veryHidden" };
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < in->nsheets; i++) {
		const struct yj_sheet *s = &in->sheets[i];

		json_array_append_new(a, json_pack("{s:o,s:s,s:i,s:i,s:i,s:o,"
		    "s:o}", "name", js(s->name), "state", states[s->state],
		    "type", (int)s->type, "hidden_rows", (int)s->hidden_rows,
		    "hidden_cols", (int)s->hidden_cols, "rows", js(s->rows),
		    "cols", js(s->cols)));
	}
	return a;
}

/* notes - comments or changes */
static json_t *
notes(const struct yj_att_note *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("[o,o,o]", js(v[i].where),
		    js(v[i].author), js(v[i].text)));
	return a;
}

/* facts - the names of the fact bits */
static json_t *
facts(uint64_t f)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; i < 64; i++)
		if (f & (UINT64_C(1) << i))
			json_array_append_new(a, js(yj_attach_fact_name(i)));
	return a;
}

/* props - document properties */
static json_t *
props(const struct yj_att_props *p)
{
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o}", "title", js(p->title),
	    "subject", js(p->subject), "author", js(p->author),
	    "last_modified_by", js(p->last_modified_by), "company",
	    js(p->company), "manager", js(p->manager));
}

/* one - an attachment as a JSON object */
static json_t *
one(struct yj_msg *m, size_t i)
{
	const struct yj_attach_info *in = yj_attach_info(&m->atts[i]);
	const char *text = in->text >= 0 ? m->texts[in->text].text : "";
	json_t *o;
	size_t n;

	o = json_pack("{s:o,s:s,s:o,s:o,s:I,s:i,s:o,s:o,s:o,s:o,s:o}",
	    "path", js(yj_attach_path(m->arena, m, i)),
	    "kind", yj_attach_kind_name(in->kind), "format", js(in->format),
	    "facts", facts(in->facts), "size", (json_int_t)m->atts[i].size,
	    "depth", m->atts[i].depth, "sheets", sheets(in),
	    "comments", notes(in->comments, in->ncomments),
	    "changes", notes(in->changes, in->nchanges),
	    "props", props(&in->props), "links", strs(&in->links));
	json_object_set_new(o, "embedded", strs(&in->embedded));
	json_object_set_new(o, "macros", strs(&in->macros));
	json_object_set_new(o, "keywords", strs(&in->keywords));
	json_object_set_new(o, "dde", strs(&in->dde));
	json_object_set_new(o, "lnk_target", js(in->lnk_target));
	json_object_set_new(o, "lnk_args", js(in->lnk_args));
	json_object_set_new(o, "limit", js(in->limit));
	json_object_set_new(o, "detected_type", js(m->atts[i].detected_type));
	n = strlen(text) > 300 ? 300 : strlen(text);
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	json_object_set_new(o, "text", js(yj_arena_memdup(m->arena, text, n)));
	return o;
}

/* slurp - a whole file in heap memory */
static char *
slurp(const char *path, size_t *len)
{
	struct yj_buf b;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	yj_buf_init(&b, (size_t)1 << 30);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (yj_buf_add(&b, chunk, n) != 0)
			break;
	fclose(f);
	return yj_buf_detach(&b, len);
}

int
main(int argc, char **argv)
{
	bool mail = false;
	struct yj_msg *m;
	size_t len, i;
	char *data;
	int k = 1;

	if (argc > 1 && strcmp(argv[1], "--mail") == 0) {
		mail = true;
		k++;
	}
	for (; k < argc; k++) {
		data = slurp(argv[k], &len);
		if (data == NULL) {
			fprintf(stderr, "yj-attach: cannot read '%s'\n", argv[k]);
			return 2;
		}
		m = mail ? yj_msg_parse(data, len, NULL) :
		    yj_attach_parse_file(data, len, strrchr(argv[k], '/') ?
		    strrchr(argv[k], '/') + 1 : argv[k]);
		for (i = 0; i < m->natts; i++) {
			json_t *o = one(m, i);

			json_object_set_new(o, "file", js(argv[k]));
			json_dumpf(o, stdout, JSON_COMPACT);
			fputc('\n', stdout);
			json_decref(o);
		}
		yj_msg_free(m);
		yj_free(data);
	}
	return 0;
}
