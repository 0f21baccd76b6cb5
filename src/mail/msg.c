/*
 * msg.c - build the message model: headers, addresses, ids, date
 *
 * Design: the top-level header block is split by mail/header.c (our own
 * rules and limits, raw bytes kept); every value is decoded by
 * mail/rfc2047.c; address headers are parsed from the raw value by
 * mail/addr.c.  The MIME tree, texts and attachments come from mime.c and
 * text.c.  Whatever is odd becomes an anomaly bit with a detail string;
 * nothing here fails.
 */
#include <glib.h>
#include <pthread.h>
#include <gmime/gmime.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mail/attach_int.h"
#include "mail/authres.h"
#include "mail/charset.h"
#include "mail/header.h"
#include "mail/msg_int.h"
#include "mail/rfc2047.h"
#include "util/alloc.h"
#include "util/limits.h"
#include "util/str.h"

static const char *const anomaly_names[YJ_ANOM_COUNT] = {
	[YJ_ANOM_TRUNCATED] = "truncated",
	[YJ_ANOM_NOT_MAIL] = "not_mail",
	[YJ_ANOM_HEADER_SIZE] = "header_size",
	[YJ_ANOM_HEADER_COUNT] = "header_count",
	[YJ_ANOM_HEADER_SYNTAX] = "header_syntax",
	[YJ_ANOM_8BIT_HEADER] = "8bit_header",
	[YJ_ANOM_RAW_ISO2022] = "raw_iso2022_header",
	[YJ_ANOM_BAD_ENCODED_WORD] = "bad_encoded_word",
	[YJ_ANOM_CHARSET] = "charset",
	[YJ_ANOM_MISLABELLED] = "mislabelled_charset",
	[YJ_ANOM_MIME_DEPTH] = "mime_depth",
	[YJ_ANOM_MIME_PARTS] = "mime_parts",
	[YJ_ANOM_DECODED_SIZE] = "decoded_size",
	[YJ_ANOM_MIME_SYNTAX] = "mime_syntax",
	[YJ_ANOM_NO_FROM] = "no_from",
	[YJ_ANOM_MULTI_FROM] = "multiple_from",
	[YJ_ANOM_BAD_ADDRESS] = "bad_address",
	[YJ_ANOM_DUP_HEADER] = "duplicate_header",
	[YJ_ANOM_NUL] = "nul_bytes",
	[YJ_ANOM_BAD_DATE] = "bad_date",
	[YJ_ANOM_LIMIT_URLS] = "too_many_urls",
	[YJ_ANOM_LIMIT_ATTACHMENTS] = "too_many_attachments",
	[YJ_ANOM_LIMIT_ADDRS] = "too_many_addresses",
	[YJ_ANOM_TEXT_SIZE] = "text_size",
	[YJ_ANOM_ARCHIVE_LIMIT] = "archive_limit",
};

/* Headers that RFC 5322 section 3.6 allows once. */
static const char *const once_only[] = {
	"from", "sender", "reply-to", "to", "cc", "bcc", "subject", "date",
	"message-id", "in-reply-to", "references", NULL,
};

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

/* init_gmime - GMime's global state, once per process */
static void
init_gmime(void)
{
	g_mime_init();
}

/* yj_msg_set_anomaly - set a bit, keep the first detail */
void
yj_msg_set_anomaly(struct yj_msg *m, enum yj_anomaly a, const char *fmt, ...)
{
	va_list ap;

	if ((unsigned)a >= YJ_ANOM_COUNT)
		return;
	m->anomalies |= UINT64_C(1) << a;
	if (m->anomaly_detail[a] != NULL || fmt == NULL)
		return;
	va_start(ap, fmt);
	m->anomaly_detail[a] = yj_arena_vprintf(m->arena, fmt, ap);
	va_end(ap);
}

/* yj_msg_has_anomaly - test one bit */
bool
yj_msg_has_anomaly(const struct yj_msg *m, enum yj_anomaly a)
{
	return (unsigned)a < YJ_ANOM_COUNT &&
	    (m->anomalies & (UINT64_C(1) << a)) != 0;
}

/* yj_anomaly_name - stable name */
const char *
yj_anomaly_name(enum yj_anomaly a)
{
	return (unsigned)a < YJ_ANOM_COUNT ? anomaly_names[a] : "unknown";
}

/* header_flags_to_anomalies - decoding flags of one header */
static void
header_anomalies(struct yj_msg *m, const struct yj_header *h)
{
	if (h->flags & YJ_HD_8BIT)
		yj_msg_set_anomaly(m, YJ_ANOM_8BIT_HEADER, "%s", h->name);
	if (h->flags & YJ_HD_RAW_2022)
		yj_msg_set_anomaly(m, YJ_ANOM_RAW_ISO2022, "%s", h->name);
	if (h->flags & YJ_HD_BAD_WORD)
		yj_msg_set_anomaly(m, YJ_ANOM_BAD_ENCODED_WORD, "%s", h->name);
	if (h->flags & YJ_HD_CHARSET)
		yj_msg_set_anomaly(m, YJ_ANOM_CHARSET, "header %s", h->name);
}

struct hctx {
	struct yj_msg	*m;
	size_t		 alloc;
};

/* add_header - callback of yj_header_split: store and decode a field */
static int
add_header(const struct yj_hfield *f, void *arg)
{
	struct hctx *hc = arg;
	struct yj_msg *m = hc->m;
	struct yj_header *h;
	size_t vlen = f->value_len;

	if (m->nheaders >= YJ_LIM_HEADERS)
		return 0;
	if (vlen > YJ_LIM_HEADER_SIZE)
		vlen = YJ_LIM_HEADER_SIZE;
	if (m->nheaders == hc->alloc) {
		size_t n = hc->alloc ? hc->alloc * 2 : 32;

		m->headers = yj_arena_grow(m->arena, m->headers, m->nheaders,
		    n, sizeof(*m->headers));
		hc->alloc = n;
	}
	h = &m->headers[m->nheaders++];
	h->name = yj_arena_memdup(m->arena, f->name, f->name_len);
	h->raw = yj_arena_memdup(m->arena, f->value, vlen);
	h->raw_len = vlen;
	h->value = yj_header_decode(m->arena, f->value, vlen, &h->flags);
	header_anomalies(m, h);
	return 0;
}

/* yj_msg_header - first header by name */
const struct yj_header *
yj_msg_header(const struct yj_msg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nheaders; i++)
		if (yj_str_ieq(m->headers[i].name, name))
			return &m->headers[i];
	return NULL;
}

/* yj_msg_header_count - headers with this name */
size_t
yj_msg_header_count(const struct yj_msg *m, const char *name)
{
	size_t i, n = 0;

	for (i = 0; i < m->nheaders; i++)
		if (yj_str_ieq(m->headers[i].name, name))
			n++;
	return n;
}

/* yj_msg_from - the single From mailbox, or NULL */
const struct yj_mailbox *
yj_msg_from(const struct yj_msg *m)
{
	if (m->from.nr != 1 || m->from.seen != 1 ||
	    (m->from.v[0].flags & YJ_MBX_NO_DOMAIN))
		return NULL;
	return &m->from.v[0];
}

/* parse_addresses - fill one address list from all headers of a name */
static void
parse_addresses(struct yj_msg *m, const char *name, struct yj_addrlist *l)
{
	size_t i;

	for (i = 0; i < m->nheaders; i++)
		if (yj_str_ieq(m->headers[i].name, name))
			yj_addr_parse(m->arena, m->headers[i].raw,
			    m->headers[i].raw_len, l);
	if (l->flags & YJ_AL_BAD)
		yj_msg_set_anomaly(m, YJ_ANOM_BAD_ADDRESS, "%s", name);
	if (l->flags & YJ_AL_TRUNCATED)
		yj_msg_set_anomaly(m, YJ_ANOM_LIMIT_ADDRS, "%s", name);
}

/* msg_ids - the <id> tokens of a header value, without brackets */
static void
msg_ids(struct yj_arena *a, const char *v, struct yj_strvec *out)
{
	const char *lt, *gt;

	while ((lt = strchr(v, '<')) != NULL) {
		gt = strchr(lt + 1, '>');
		if (gt == NULL)
			break;
		if (gt > lt + 1 && out->nr < 1000)
			yj_strvec_push(a, out,
			    yj_str_trim(a, lt + 1, (size_t)(gt - lt - 1)));
		v = gt + 1;
	}
}

/* parse_date - RFC 5322 date through GMime's tolerant parser */
static void
parse_date(struct yj_msg *m)
{
	const struct yj_header *h;
	GDateTime *dt;

	h = yj_msg_header(m, "Date");
	if (h == NULL) {
		yj_msg_set_anomaly(m, YJ_ANOM_BAD_DATE, "no Date header");
		return;
	}
	dt = g_mime_utils_header_decode_date(h->value);
	if (dt == NULL) {
		yj_msg_set_anomaly(m, YJ_ANOM_BAD_DATE, "%.80s", h->value);
		return;
	}
	m->date = g_date_time_to_unix(dt);
	m->date_tz = (int)(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
	g_date_time_unref(dt);
}

/* check_duplicates - once-only headers given more than once */
static void
check_duplicates(struct yj_msg *m)
{
	size_t i;

	for (i = 0; once_only[i] != NULL; i++)
		if (yj_msg_header_count(m, once_only[i]) > 1)
			yj_msg_set_anomaly(m, YJ_ANOM_DUP_HEADER, "%s",
			    once_only[i]);
}

/* read_identity - subject, ids, date, addresses */
static void
read_identity(struct yj_msg *m, const struct yj_parse_opts *o)
{
	const struct yj_header *h;
	size_t i;

	parse_addresses(m, "From", &m->from);
	parse_addresses(m, "Sender", &m->sender);
	parse_addresses(m, "Reply-To", &m->reply_to);
	parse_addresses(m, "To", &m->to);
	parse_addresses(m, "Cc", &m->cc);
	parse_addresses(m, "Bcc", &m->bcc);
	if (m->from.seen == 0)
		yj_msg_set_anomaly(m, YJ_ANOM_NO_FROM, "no From mailbox");
	else if (m->from.seen > 1 || yj_msg_header_count(m, "From") > 1)
		yj_msg_set_anomaly(m, YJ_ANOM_MULTI_FROM, "%zu mailboxes",
		    m->from.seen);
	h = yj_msg_header(m, "Subject");
	m->subject = h ? h->value : "";
	m->subject_nfkc = yj_nfkc_casefold(m->arena, m->subject,
	    strlen(m->subject));
	h = yj_msg_header(m, "Message-ID");
	if (h != NULL) {
		struct yj_strvec ids = { 0 };

		msg_ids(m->arena, h->value, &ids);
		m->message_id = ids.nr ? ids.v[0] :
		    yj_str_trim(m->arena, h->value, strlen(h->value));
	} else
		m->message_id = "";
	for (i = 0; i < m->nheaders; i++) {
		if (yj_str_ieq(m->headers[i].name, "In-Reply-To"))
			msg_ids(m->arena, m->headers[i].value, &m->in_reply_to);
		else if (yj_str_ieq(m->headers[i].name, "References"))
			msg_ids(m->arena, m->headers[i].value, &m->references);
	}
	parse_date(m);
	check_duplicates(m);
	(void)o;
}

/* read_auth_results - every Authentication-Results, topmost first */
static void
read_auth_results(struct yj_msg *m, const struct yj_parse_opts *o)
{
	size_t i, n;

	n = yj_msg_header_count(m, "Authentication-Results");
	if (n > YJ_LIM_AUTH_RESULTS)
		n = YJ_LIM_AUTH_RESULTS;
	if (n == 0)
		return;
	m->auth = yj_arena_allocarray(m->arena, n, sizeof(*m->auth));
	for (i = 0; i < m->nheaders && m->nauth < n; i++)
		if (yj_str_ieq(m->headers[i].name, "Authentication-Results"))
			yj_authres_parse(m->arena, m->headers[i].raw,
			    m->headers[i].raw_len, o->authserv_id,
			    &m->auth[m->nauth++]);
}

/* read_headers - split the top-level header block */
static void
read_headers(struct yj_msg *m, const char *raw, size_t len)
{
	struct hctx hc = { m, 0 };
	unsigned flags = 0;

	(void)yj_header_split(raw, len, add_header, &hc, &flags);
	if ((flags & YJ_HS_NOT_MAIL) || m->nheaders == 0)
		yj_msg_set_anomaly(m, YJ_ANOM_NOT_MAIL, "no header fields");
	if (flags & YJ_HS_SYNTAX)
		yj_msg_set_anomaly(m, YJ_ANOM_HEADER_SYNTAX,
		    "a line in the header is not a header field");
	if (flags & YJ_HS_TOO_MANY)
		yj_msg_set_anomaly(m, YJ_ANOM_HEADER_COUNT, "more than %d",
		    YJ_LIM_HEADERS);
	if (flags & YJ_HS_TOO_LONG)
		yj_msg_set_anomaly(m, YJ_ANOM_HEADER_SIZE, "over %lu bytes",
		    (unsigned long)YJ_LIM_HEADER_SIZE);
}

/* yj_msg_parse - the whole model from raw bytes */
struct yj_msg *
yj_msg_parse(const char *raw, size_t len, const struct yj_parse_opts *opts)
{
	static const struct yj_parse_opts none;
	struct yj_msg_builder b;
	struct yj_arena *a;
	struct yj_msg *m;
	size_t max;

	pthread_once(&gmime_once, init_gmime);
	if (opts == NULL)
		opts = &none;
	a = yj_arena_new();
	m = yj_arena_alloc(a, sizeof(*m));
	m->arena = a;
	m->raw_size = len;
	m->subject = m->subject_nfkc = m->message_id = "";
	m->body_nfkc = "";
	max = opts->max_size ? opts->max_size : YJ_LIM_MESSAGE_SIZE;
	if (len > max) {
		yj_msg_set_anomaly(m, YJ_ANOM_TRUNCATED,
		    "%zu bytes, only the first %zu read", len, max);
		len = max;
	}
	if (memchr(raw, '\0', len) != NULL)
		yj_msg_set_anomaly(m, YJ_ANOM_NUL, "NUL bytes in the message");
	read_headers(m, raw, len);
	read_identity(m, opts);
	read_auth_results(m, opts);
	memset(&b, 0, sizeof(b));
	b.msg = m;
	b.opts = opts;
	yj_mime_walk(&b, raw, len);
	if (!opts->no_attachments)
		yj_attach_finish(&b);
	yj_msg_finish_text(&b);
	return m;
}

/* yj_msg_free - release the message and everything in it */
void
yj_msg_free(struct yj_msg *m)
{
	if (m != NULL)
		yj_arena_free(m->arena);
}
