/*
 * actions.c - the verdict-to-action table (see actions.h)
 *
 * Kept apart from the libmilter callbacks so that policy never ends up in
 * callback code (the warning of OpenDKIM's 1,500-line mlfi_eom), and so
 * that every row of the table has a unit test.
 */
#include <glib.h>
#include <string.h>

#include "milter/actions.h"
#include "util/str.h"

#define FINDINGS_MAX	20	/* ids listed in X-Yojin-Findings */

/* findings_header - "id (weight), ..." of the findings that count */
static const char *
findings_header(struct yj_arena *a, const struct yj_result *r)
{
	char *s = "";
	size_t i, n = 0;

	for (i = 0; i < r->findings.nr; i++) {
		const struct yj_finding *f = r->findings.v[i];

		if (f->ignored)
			continue;
		if (n++ == FINDINGS_MAX) {
			s = yj_arena_printf(a, "%s, ...", s);
			break;
		}
		s = yj_arena_printf(a, "%s%s%s (%d)", s, *s ? ", " : "", f->id,
		    f->weight);
	}
	return *s ? s : "none";
}

/* verdict_header - "tag; score=45; direction=in; decided_by=...; host" */
static const char *
verdict_header(struct yj_arena *a, const struct yj_result *r,
    const struct yj_milter_facts *f)
{
	return yj_arena_printf(a, "%s; score=%d; direction=%s; decided_by=%s;"
	    " host=%s", yj_verdict_name(r->verdict), r->score,
	    yj_direction_name(r->direction), r->decided_by ? r->decided_by :
	    "score", f->host ? f->host : "localhost");
}

/* tempfail - 451 with a reason */
static void
tempfail(struct yj_milter_plan *p, const char *why)
{
	p->reply = YJ_MR_TEMPFAIL;
	p->smtp_code = "451";
	p->smtp_xcode = "4.7.1";
	p->smtp_text = why;
	p->action = "tempfail";
}

/* unscanned - over the size limit */
static void
unscanned(struct yj_arena *a, const struct yj_conf *c,
    const struct yj_milter_facts *f, struct yj_milter_plan *p)
{
	if (strcmp(c->milter.oversize, "tempfail") == 0) {
		tempfail(p, "yojin: message too large to be checked; ask the "
		    "administrator");
		return;
	}
	p->verdict_hdr = yj_arena_printf(a, "unscanned; reason=oversize; "
	    "size=%llu; limit=%lu; host=%s", (unsigned long long)f->size,
	    c->milter.max_message_size, f->host ? f->host : "localhost");
	p->findings_hdr = "none (not scanned: over milter.max_message_size)";
	p->action = "unscanned";
}

/* inbound - tag, banner, quarantine */
static void
inbound(struct yj_arena *a, const struct yj_conf *c,
    const struct yj_result *r, struct yj_milter_plan *p)
{
	bool warn = r->verdict == YJ_VERDICT_TAG ||
	    r->verdict == YJ_VERDICT_QUARANTINE;

	p->subject_prefix = warn && *c->milter.subject_prefix != '\0';
	p->banner = warn && c->milter.banner;
	if (r->verdict == YJ_VERDICT_QUARANTINE) {
		p->hold_kind = "quarantine";
		p->quarantine_reason = yj_arena_printf(a, "yojin: quarantine "
		    "(%s, score %d)", r->decided_by ? r->decided_by : "score",
		    r->score);
	}
}

/* outbound - hold, delayed send, or out it goes */
static void
outbound(struct yj_arena *a, const struct yj_conf *c,
    const struct yj_result *r, const struct yj_milter_facts *f,
    struct yj_milter_plan *p)
{
	if (r->verdict == YJ_VERDICT_HOLD ||
	    r->verdict == YJ_VERDICT_QUARANTINE) {
		p->hold_kind = "hold";
		p->quarantine_reason = yj_arena_printf(a, "yojin: held for "
		    "the sender (%s, score %d)", r->decided_by ?
		    r->decided_by : "score", r->score);
		p->action = "hold";
	} else if (c->hold.delay_s > 0 && f->external_rcpt) {
		p->hold_kind = "delay";
		p->quarantine_reason = yj_arena_printf(a, "yojin: delayed "
		    "sending (%lds)", c->hold.delay_s);
		p->action = "delay";
	} else {
		p->learn = true;
	}
}

/* yj_milter_plan - the table */
void
yj_milter_plan(struct yj_arena *a, const struct yj_conf *c,
    const struct yj_result *r, const struct yj_milter_facts *f,
    struct yj_milter_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->reply = YJ_MR_CONTINUE;
	if (f->oversize || r == NULL) {
		unscanned(a, c, f, p);
		return;
	}
	p->action = yj_verdict_name(r->verdict);
	if (r->timed_out) {
		tempfail(p, "yojin: the check did not finish in time; try "
		    "again later");
		return;
	}
	if (r->verdict == YJ_VERDICT_REJECT) {
		p->reply = YJ_MR_REJECT;
		p->smtp_code = "550";
		p->smtp_xcode = "5.7.1";
		p->smtp_text = yj_arena_printf(a, "yojin: message refused "
		    "(%s)", r->decided_by ? r->decided_by : "score");
		return;
	}
	if (r->direction == YJ_DIR_IN || c->milter.outbound_headers) {
		p->verdict_hdr = verdict_header(a, r, f);
		p->findings_hdr = findings_header(a, r);
	}
	if (r->direction == YJ_DIR_IN)
		inbound(a, c, r, p);
	else
		outbound(a, c, r, f, p);
}

/* is_ascii_text - printable ASCII only */
static bool
is_ascii_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

/* encode_words - RFC 2047 "B" words of at most 75 characters */
static char *
encode_words(struct yj_arena *a, const char *s)
{
	size_t left = strlen(s), n;
	char *out = "";
	gchar *enc;

	while (left > 0) {
		n = left < 45 ? left : 45;	/* 45 bytes: 60 base64 chars */
		while (n < left && n > 0 &&
		    ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		enc = g_base64_encode((const guchar *)s, n);
		out = yj_arena_printf(a, "%s%s=?UTF-8?B?%s?=", out,
		    *out ? " " : "", enc);
		g_free(enc);
		s += n;
		left -= n;
	}
	return out;
}

/* yj_milter_subject - prefix + the old raw value */
const char *
yj_milter_subject(struct yj_arena *a, const char *prefix, const char *raw,
    const char *decoded)
{
	const char *old;
	char *word;
	bool encoded_next;

	if (decoded != NULL && strncmp(decoded, prefix, strlen(prefix)) == 0)
		return NULL;
	old = raw ? yj_str_trim(a, raw, strlen(raw)) : "";
	/* white space between two encoded words is dropped by readers */
	encoded_next = strncmp(old, "=?", 2) == 0;
	if (is_ascii_text(prefix)) {
		word = yj_arena_strdup(a, prefix);
	} else {
		word = encode_words(a, yj_arena_printf(a, "%s%s", prefix,
		    encoded_next ? " " : ""));
	}
	if (*old == '\0')
		return word;
	return yj_arena_printf(a, "%s %s", word, old);
}
