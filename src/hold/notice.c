/*
 * notice.c - compose and submit hold notices (see notice.h)
 *
 * The body is written in UTF-8 into a buffer, then base64-encoded in
 * 76-column lines; the mark is computed over those lines with the line
 * ends left out, which is exactly what the milter sees when Postfix hands
 * the notice back to it (with CRLF instead of LF).  The subject is cut
 * into RFC 2047 words of at most 75 characters on character boundaries.
 *
 * The texts speak to the person who has to act: what happened, what
 * yojin found (the findings' own explanations), and the one or two
 * things they can do, in Japanese first and in English below it.
 */
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "hold/notice.h"
#include "hold/spawn.h"
#include "hold/token.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/str.h"

#define MAX_FINDINGS	10	/* findings listed in a notice */
#define MAX_RCPTS	5	/* recipients listed, then "and N more" */
#define SUBJECT_CHARS	60	/* of the held message's subject */
#define B64_LINE	76
#define SPAWN_MS	30000

/*
 * put - append to a notice's text.  A notice is bounded by MAX_FINDINGS
 * and the sizes of the fields, far below the buffer's maximum, so a
 * failure could only cut the text, never corrupt it.
 */
static void __attribute__((format(printf, 2, 3)))
put(struct yj_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)!yj_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

/* yj_notice_from - configured, or yojin@<first organisation domain> */
const char *
yj_notice_from(const struct yj_conf *c, char *buf, size_t bufsz)
{
	if (c->hold.notice_from != NULL)
		return c->hold.notice_from;
	if (c->org.ndomains > 0)
		snprintf(buf, bufsz, "yojin@%s", c->org.domains[0]);
	else
		snprintf(buf, bufsz, "postmaster");
	return buf;
}

/* yj_notice_link - "local+action-id-token@domain" */
int
yj_notice_link(const struct yj_conf *c, const unsigned char key[32],
    const char *action, int64_t id, const char *actor,
    struct yj_notice_link *link)
{
	char tok[YJ_TOKEN_LEN + 1], def[300];
	const char *addr = c->hold.reply_address, *at;

	if (addr == NULL) {
		if (c->org.ndomains == 0)
			return YJ_ENOENT;
		snprintf(def, sizeof(def), "yojin-hold@%s", c->org.domains[0]);
		addr = def;
	}
	if (*addr == '\0' || (at = strrchr(addr, '@')) == NULL)
		return YJ_ENOENT;
	yj_hold_token(key, action, id, actor, tok);
	link->action = action;
	snprintf(link->address, sizeof(link->address), "%.*s+%s-%" PRId64
	    "-%s%s", (int)(at - addr), addr, action, id, tok, at);
	return 0;
}

/* cut_utf8 - at most n bytes of s, not splitting a character */
static size_t
cut_utf8(const char *s, size_t n)
{
	size_t len = strlen(s);

	if (len <= n)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* short_subject - the held subject, cut to SUBJECT_CHARS characters */
static void
short_subject(const char *s, char *out, size_t outsz)
{
	const char *p = s, *end = s + strlen(s);
	size_t chars = 0;

	while (p < end && chars < SUBJECT_CHARS) {
		if (yj_utf8_decode(&p, end) < 0)
			break;
		chars++;
	}
	snprintf(out, outsz, "%.*s%s", (int)(p - s), s, p < end ? "…" : "");
	for (char *q = out; *q != '\0'; q++)
		if (*q == '\r' || *q == '\n' || *q == '\t')
			*q = ' ';
}

/* add_encoded - header text as RFC 2047 "B" words, folded */
static int
add_encoded(struct yj_buf *b, const char *text)
{
	const char *p = text;
	size_t n, left = strlen(text);
	gchar *enc;
	int rc = 0;
	bool first = true;

	if (left == 0)
		return 0;
	while (left > 0 && rc == 0) {
		n = cut_utf8(p, 45);	/* 45 bytes -> 60 base64 chars */
		if (n == 0)
			n = 1;
		enc = g_base64_encode((const guchar *)p, n);
		rc = yj_buf_addf(b, "%s=?UTF-8?B?%s?=", first ? "" : "\n ",
		    enc);
		g_free(enc);
		p += n;
		left -= n;
		first = false;
	}
	return rc;
}

/* deadline_text - the deadline in local time */
static void
deadline_text(int64_t t, char *out, size_t outsz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(out, outsz, "%Y-%m-%d %H:%M %z", &tm) == 0)
		snprintf(out, outsz, "%" PRId64, t);
}

/* rcpt_list - "a, b, c (+N)" of the JSON array */
static void
rcpt_list(struct yj_buf *b, const char *json, const char *more_fmt)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL);
	size_t i, n = json_is_array(a) ? json_array_size(a) : 0;

	for (i = 0; i < n && i < MAX_RCPTS; i++)
		put(b, "%s%s", i ? ", " : "",
		    json_string_value(json_array_get(a, i)) ?
		    json_string_value(json_array_get(a, i)) : "?");
	if (n > MAX_RCPTS)
		put(b, more_fmt, n - MAX_RCPTS);
	json_decref(a);
}

/* findings - one bullet per finding in one language */
static void
findings(struct yj_buf *b, const char *json, bool ja)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL);
	json_t *f, *ev, *v;
	const char *text, *key;
	size_t i, n = json_is_array(a) ? json_array_size(a) : 0;

	for (i = 0; i < n && i < MAX_FINDINGS; i++) {
		f = json_array_get(a, i);
		text = json_string_value(json_object_get(json_object_get(f,
		    "explanation"), ja ? "ja" : "en"));
		put(b, "  %s%s\n", ja ? "・" : "- ",
		    text ? text : json_string_value(json_object_get(f, "id")));
		ev = json_object_get(f, "evidence");
		json_object_foreach(ev, key, v)
			if (json_is_string(v))
				put(b, "      %s: %s\n", key,
				    json_string_value(v));
		put(b, "      (%s)\n",
		    json_string_value(json_object_get(f, "id")));
	}
	if (n > MAX_FINDINGS)
		put(b, ja ? "  ほか %zu 件\n" :
		    "  and %zu more\n", n - MAX_FINDINGS);
	if (n == 0)
		put(b, "  %s\n", ja ? "（検出なし: 送信予約のための保留です）" :
		    "(nothing found: held for delayed sending)");
	json_decref(a);
}

/* action_label - what a link does, in one language */
static const char *
action_label(const struct yj_notice *n, const char *action, bool ja)
{
	if (strcmp(action, "approve") == 0)
		return ja ? "承認して送信する" : "Approve and send it";
	if (strcmp(action, "cancel") == 0)
		return ja ? "取り消す（送信しない）" :
		    "Cancel it (do not send)";
	if (n->kind == YJ_NOTICE_DELAYED)
		return ja ? "今すぐ送信する" : "Send it now";
	return ja ? "送信する" : "Send it";
}

/* approvers_text - "a, b" of the JSON array, or "" */
static void
approvers_text(const char *json, char *out, size_t outsz)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL);
	size_t i, off = 0;

	out[0] = '\0';
	for (i = 0; json_is_array(a) && i < json_array_size(a) && off < outsz;
	    i++)
		off += (size_t)snprintf(out + off, outsz - off, "%s%s",
		    i ? ", " : "", json_string_value(json_array_get(a, i)));
	json_decref(a);
}

/* The first paragraph of each notice; %s is what intro() passes. */
enum intro {
	I_HELD, I_WAITING, I_WAITING_ADMIN, I_APPROVE, I_DELAYED,
	I_QUARANTINED, I_COPY, I_RESULT, I_EXPIRED_SENT, I_EXPIRED_DELETED,
};

static const struct {
	const char	*ja;
	const char	*en;
} intros[] = {
	[I_HELD] = {
		"あなたが送信したメールを、相手に届く前に"
		"一時保留しました。\n"
		"このままでは送信されません。"
		"宛先と内容を確かめてから、\n"
		"送信するか取り消してください。\n",
		"Your message was held before it reached its recipients.\n"
		"It will not be sent unless you act: check the recipients\n"
		"and the content, then send it or cancel it.\n" },
	[I_WAITING] = {
		"あなたが送信したメールを保留しました。\n"
		"承認者（%s）が承認すると送信されます。\n"
		"送るべきでなかった場合は取り消してください。\n",
		"Your message was held. It will be sent when an approver\n"
		"(%s) approves it. If it should not go out, cancel it.\n" },
	[I_WAITING_ADMIN] = {
		"あなたが送信したメールを保留しました。\n"
		"管理者が確認するまで送信されません。\n"
		"送るべきでなかった場合は取り消してください。\n",
		"Your message was held. It will not be sent until an\n"
		"administrator checks it. If it should not go out, cancel "
		"it.\n" },
	[I_APPROVE] = {
		"%s さんが送信したメールを保留しています。\n"
		"内容を確認し、承認するか取り消してください。\n",
		"A message from %s is on hold. Check it, then approve it\n"
		"or cancel it.\n" },
	[I_DELAYED] = {
		"あなたが送信したメールは %s に送信されます"
		"（送信予約）。\n"
		"送るべきでなかった場合は、それまでに\n"
		"下のリンクから取り消してください。\n",
		"Your message will be sent at %s (delayed sending).\n"
		"If it should not go out, cancel it before then with the\n"
		"link below.\n" },
	[I_QUARANTINED] = {
		"次の受信メールを隔離しました"
		"（Postfix の保留キューにあります）。\n"
		"安全と確認できた場合だけ、管理者が解放してください。\n",
		"This inbound message was quarantined (it waits in "
		"Postfix's\nhold queue). Release it only once you know it "
		"is safe.\n" },
	[I_COPY] = {
		"次の送信メールを保留しました（管理者向けの控え）。\n",
		"This outbound message was held (a copy for "
		"administrators).\n" },
	[I_RESULT] = { "%s\n", "%s\n" },
	[I_EXPIRED_SENT] = {
		"保留していたメールの期限が過ぎたため、送信しました。\n",
		"The hold on your message expired, so it was sent.\n" },
	[I_EXPIRED_DELETED] = {
		"保留していたメールの期限が過ぎたため、削除しました"
		"（送信されていません）。\n",
		"The hold on your message expired, so it was deleted (it "
		"was not sent).\n" },
};

/* intro_of - which paragraph, and its argument */
static enum intro
intro_of(const struct yj_notice *n, bool ja, const char *appr,
    const char *when, const char **arg)
{
	const struct yj_hold_rec *r = n->rec;

	*arg = "";
	switch (n->kind) {
	case YJ_NOTICE_HELD:		return I_HELD;
	case YJ_NOTICE_QUARANTINED:	return I_QUARANTINED;
	case YJ_NOTICE_COPY:		return I_COPY;
	case YJ_NOTICE_WAITING:
		*arg = appr;
		return *appr ? I_WAITING : I_WAITING_ADMIN;
	case YJ_NOTICE_APPROVE:
		*arg = r->sender;
		return I_APPROVE;
	case YJ_NOTICE_DELAYED:
		*arg = when;
		return I_DELAYED;
	case YJ_NOTICE_RESULT:
		*arg = ja ? n->result_ja : n->result_en;
		return I_RESULT;
	case YJ_NOTICE_EXPIRED:
		break;
	}
	return strcmp(r->deadline_action, "release") == 0 ? I_EXPIRED_SENT :
	    I_EXPIRED_DELETED;
}

/* intro - the first paragraph */
static void
intro(struct yj_buf *b, const struct yj_notice *n, bool ja)
{
	char when[64], appr[512];
	const char *arg;
	enum intro i;

	deadline_text(n->rec->deadline, when, sizeof(when));
	approvers_text(n->rec->approvers, appr, sizeof(appr));
	i = intro_of(n, ja, appr, when, &arg);
	put(b, ja ? intros[i].ja : intros[i].en, arg);
}

/* then_text - what the deadline does, after the date */
static const char *
then_text(const struct yj_hold_rec *r, bool ja)
{
	if (strcmp(r->deadline_action, "release") != 0)
		return ja ? "（過ぎると削除されます）" : " (then it is deleted)";
	if (strcmp(r->direction, "in") == 0)
		return ja ? "（過ぎると受信者に配送されます）" :
		    " (then it is delivered)";
	return ja ? "（過ぎると送信されます）" : " (then it is sent)";
}

/* facts - subject, sender, recipients, id, deadline */
static void
facts(struct yj_buf *b, const struct yj_notice *n, bool ja)
{
	const struct yj_hold_rec *r = n->rec;
	char subj[512], when[64];
	bool open = !yj_hold_state_final(r->state);

	short_subject(r->subject, subj, sizeof(subj));
	deadline_text(r->deadline, when, sizeof(when));
	put(b, "\n  %s %s\n  %s %s\n  %s ",
	    ja ? "件名  :" : "Subject :", subj,
	    ja ? "差出人:" : "From    :", *r->sender ? r->sender : "<>",
	    ja ? "宛先  :" : "To      :");
	rcpt_list(b, r->recipients, ja ? "（ほか %zu 件）" : " (and %zu more)");
	put(b, "\n  %s %" PRId64 "\n", ja ? "保留ID:" :
	    "Hold ID :", r->id);
	if (open && n->kind != YJ_NOTICE_RESULT)
		put(b, "  %s %s%s\n", ja ? "期限  :" : "Deadline:", when,
		    then_text(r, ja));
}

/* actions - the links and the administrator's commands */
static void
actions(struct yj_buf *b, const struct yj_notice *n, bool ja)
{
	size_t i;

	for (i = 0; i < n->nlinks; i++)
		put(b, "\n%s%s\n  mailto:%s\n",
		    action_label(n, n->links[i].action, ja), i > 0 ? ":" : ja ?
		    "：下のリンクを開き、作成されたメールを"
		    "そのまま送信してください。" :
		    ": open the link below and send the mail it prepares.",
		    n->links[i].address);
	if (n->kind == YJ_NOTICE_RESULT || n->kind == YJ_NOTICE_EXPIRED)
		return;
	put(b, "\n%s\n  yojin hold show %" PRId64
	    "    yojin hold release %" PRId64 "    yojin hold cancel %" PRId64
	    "\n", ja ? "管理者は次のコマンドでも操作できます:" :
	    "Administrators can also use:", n->rec->id, n->rec->id,
	    n->rec->id);
}

/* body - the whole text in both languages */
static void
body(struct yj_buf *b, const struct yj_notice *n)
{
	bool why = n->kind != YJ_NOTICE_RESULT && n->kind != YJ_NOTICE_EXPIRED;
	int lang;

	for (lang = 1; lang >= 0; lang--) {
		put(b, lang ?
		    "このメールは用心（yojin）が自動で送っています。\n\n" :
		    "This message was sent automatically by yojin.\n\n");
		intro(b, n, lang);
		facts(b, n, lang);
		if (why) {
			put(b, lang ? "\n見つかったこと:\n" :
			    "\nWhat yojin found:\n");
			findings(b, n->rec->findings, lang);
		}
		actions(b, n, lang);
		if (lang)
			put(b, "\n――――――――――――――――――――――――――――――――――――\n\n");
	}
}

/* add_base64 - data in 76-column lines; hash them as the milter will */
static int
add_base64(struct yj_buf *b, const char *data, size_t n, char hash[65])
{
	struct yj_body_hash h;
	gchar *enc = g_base64_encode((const guchar *)data, n);
	size_t len = strlen(enc), off, k;
	int rc = 0;

	yj_body_hash_init(&h);
	for (off = 0; off < len && rc == 0; off += k) {
		k = len - off < B64_LINE ? len - off : B64_LINE;
		rc = yj_buf_add(b, enc + off, k);
		if (rc == 0)
			rc = yj_buf_addc(b, '\n');
		yj_body_hash_update(&h, enc + off, k);
	}
	yj_body_hash_final(&h, hash);
	g_free(enc);
	return rc;
}

/* message_id - "yojin.notice.<id>.<t>.<random>@<domain of from>" */
static void
message_id(const struct yj_notice *n, int64_t now, char *out, size_t outsz)
{
	unsigned char r[8] = { 0 };
	const char *at = strrchr(n->from, '@');

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		memset(r, 0, sizeof(r));
	snprintf(out, outsz, "yojin.notice.%" PRId64 ".%" PRId64
	    ".%02x%02x%02x%02x%02x%02x%02x%02x@%s", n->rec->id, now, r[0],
	    r[1], r[2], r[3], r[4], r[5], r[6], r[7], at ? at + 1 :
	    "localhost");
}

/* subject - "[yojin] 日本語 / English: <subject>" */
static void
subject(const struct yj_notice *n, char *out, size_t outsz)
{
	static const char *const what[][2] = {
		[YJ_NOTICE_HELD] = { "送信を保留しました",
		    "Your mail is on hold" },
		[YJ_NOTICE_WAITING] = { "承認待ち", "Waiting for approval" },
		[YJ_NOTICE_APPROVE] = { "承認依頼", "Approval needed" },
		[YJ_NOTICE_DELAYED] = { "送信予約", "Delayed sending" },
		[YJ_NOTICE_QUARANTINED] = { "隔離しました", "Quarantined" },
		[YJ_NOTICE_COPY] = { "保留の控え", "Held (copy)" },
		[YJ_NOTICE_RESULT] = { "処理結果", "Result" },
		[YJ_NOTICE_EXPIRED] = { "保留の期限切れ", "Hold expired" },
	};
	char subj[512];

	short_subject(n->rec->subject, subj, sizeof(subj));
	snprintf(out, outsz, "[yojin] %s / %s: %s", what[n->kind][0],
	    what[n->kind][1], subj);
}

/* is_msgid - safe to put between <> in References */
static bool
is_msgid(const char *s)
{
	size_t i;

	if (*s == '\0' || strlen(s) > 900 || strchr(s, '@') == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == '<' || s[i] == '>' ||
		    (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

/* headers - everything above the body, the mark last */
static int
headers(struct yj_buf *b, const struct yj_notice *n, const char *mid,
    const char *mark)
{
	char subj[1024];
	int rc;

	subject(n, subj, sizeof(subj));
	rc = yj_buf_addf(b, "From: yojin <%s>\nTo: <%s>\nSubject: ", n->from,
	    n->to);
	if (rc == 0)
		rc = add_encoded(b, subj);
	if (rc == 0)
		rc = yj_buf_addf(b, "\nMessage-ID: <%s>\n", mid);
	if (rc == 0 && is_msgid(n->rec->message_id))
		rc = yj_buf_addf(b, "In-Reply-To: <%s>\nReferences: <%s>\n",
		    n->rec->message_id, n->rec->message_id);
	if (rc == 0)
		rc = yj_buf_addf(b, "Auto-Submitted: auto-generated\n"
		    "X-Auto-Response-Suppress: All\nMIME-Version: 1.0\n"
		    "Content-Type: text/plain; charset=UTF-8\n"
		    "Content-Transfer-Encoding: base64\n"
		    "X-Yojin-Notice: %s\n\n", mark);
	return rc;
}

/* yj_notice_compose - header and body */
int
yj_notice_compose(const struct yj_notice *n, const unsigned char key[32],
    int64_t now, struct yj_buf *out)
{
	struct yj_buf text, b64;
	char mid[512], hash[65], mark[160];
	int rc;

	yj_buf_init(&text, 1024 * 1024);
	yj_buf_init(&b64, 2 * 1024 * 1024);
	body(&text, n);
	rc = add_base64(&b64, text.data ? text.data : "", text.len, hash);
	message_id(n, now, mid, sizeof(mid));
	yj_notice_mark(key, now, n->rec->id, mid, hash, mark, sizeof(mark));
	if (rc == 0)
		rc = headers(out, n, mid, mark);
	if (rc == 0)
		rc = yj_buf_add(out, b64.data, b64.len);
	yj_buf_release(&text);
	yj_buf_release(&b64);
	return rc;
}

/* yj_notice_submit - sendmail -i -f from -- to < text */
int
yj_notice_submit(const struct yj_conf *c, const char *from, const char *to,
    const char *text, size_t len, char *err, size_t errsz)
{
	char *argv[10];
	int i = 0, status, rc;

	argv[i++] = c->hold.sendmail;
	if (c->hold.postfix_config_directory != NULL) {
		argv[i++] = "-C";
		argv[i++] = c->hold.postfix_config_directory;
	}
	argv[i++] = "-i";
	argv[i++] = "-f";
	argv[i++] = (char *)from;
	argv[i++] = "--";
	argv[i++] = (char *)to;
	argv[i] = NULL;
	rc = yj_spawn(argv, text, len, SPAWN_MS, &status, err, errsz);
	if (rc == 0 && status != 0)
		rc = YJ_EIO;
	return rc;
}
