/*
 * yj-dump - print the message model of a file as JSON (a test tool)
 *
 * Everything yj_msg_parse() extracts that the decoding suite compares:
 * headers decoded, address lists, texts (visible and hidden), links,
 * URLs, attachments, anomalies.  Not installed; used by tests/decode.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* addrs - [[name, address], ...] */
static json_t *
addrs(const struct yj_addrlist *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->nr; i++)
		json_array_append_new(a, json_pack("[o,o]", js(l->v[i].name),
		    js(l->v[i].addr)));
	return a;
}

/* dump - the model as one JSON object */
static json_t *
dump(const struct yj_msg *m)
{
	json_t *o, *texts, *atts, *links, *urls, *anom;
	size_t i;

	texts = json_array();
	for (i = 0; i < m->ntexts; i++)
		json_array_append_new(texts, json_pack("{s:o,s:o,s:o,s:i}",
		    "text", js(m->texts[i].text), "hidden", js(m->texts[i].hidden),
		    "charset", js(m->texts[i].charset), "flags",
		    (int)m->texts[i].flags));
	atts = json_array();
	for (i = 0; i < m->natts; i++) {
		/* members of archives are tests/attach's business */
		if (m->atts[i].flags & YJ_ATT_MEMBER)
			continue;
		json_array_append_new(atts, json_pack("{s:o,s:o,s:o,s:I,s:s,s:i}",
		    "filename", js(m->atts[i].filename),
		    "content_type", js(m->atts[i].content_type),
		    "detected_type", js(m->atts[i].detected_type),
		    "size", (json_int_t)m->atts[i].size,
		    "sha256", m->atts[i].sha256, "parent", m->atts[i].parent));
	}
	links = json_array();
	for (i = 0; i < m->nlinks; i++)
		json_array_append_new(links, json_pack("[o,o]",
		    js(m->links[i].href), js(m->links[i].text)));
	urls = json_array();
	for (i = 0; i < m->nurls; i++)
		json_array_append_new(urls, js(m->urls[i].url));
	anom = json_array();
	for (i = 0; i < YJ_ANOM_COUNT; i++)
		if (yj_msg_has_anomaly(m, (enum yj_anomaly)i))
			json_array_append_new(anom,
			    js(yj_anomaly_name((enum yj_anomaly)i)));
	o = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "subject", js(m->subject), "from", addrs(&m->from),
	    "to", addrs(&m->to), "cc", addrs(&m->cc),
	    "reply_to", addrs(&m->reply_to), "texts", texts,
	    "attachments", atts, "links", links, "urls", urls,
	    "anomalies", anom, "message_id", js(m->message_id));
	return o;
}

int
main(int argc, char **argv)
{
	struct yj_buf b;
	char chunk[65536];
	struct yj_msg *m;
	size_t n;
	json_t *j;
	FILE *fp;
	int i;

	for (i = 1; i < argc; i++) {
		fp = fopen(argv[i], "rb");
		if (fp == NULL) {
			perror(argv[i]);
			return 2;
		}
		yj_buf_init(&b, 256UL * 1024 * 1024);
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			if (yj_buf_add(&b, chunk, n) != 0)
				break;
		fclose(fp);
		m = yj_msg_parse(yj_buf_cstr(&b), b.len, NULL);
		j = dump(m);
		json_object_set_new(j, "file", js(argv[i]));
		json_dumpf(j, stdout, JSON_COMPACT);
		fputc('\n', stdout);
		json_decref(j);
		yj_msg_free(m);
		yj_buf_release(&b);
	}
	return 0;
}
