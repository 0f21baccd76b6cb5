/*
 * attachment - outbound: what a file carries that its sender cannot see
 *
 * The mistakes (../shared/spec/outbound-anchors.md, "what no anchor
 * does" 2 and 5): a spreadsheet sent to client A with a hidden or very
 * hidden sheet about client B, hidden rows and columns, forgotten
 * comments and tracked changes (a deleted price for another customer is
 * still in the file); a file that names another client in its text,
 * sheet names or properties; a list of people (My Number, card numbers,
 * many addresses or phone numbers) sent outside, encrypted or not.  No
 * gateway our users know looks inside the file; Excel's Document
 * Inspector is manual.  Members of archives and embedded files count
 * like top-level attachments.
 *
 * Runs only when some recipient is outside organization.domains.
 *
 * Findings (evidence "file" is the path inside containers):
 *   attachment.hidden_content   hidden or very hidden sheets or hidden
 *                               slides (medium 30; very hidden: high 40,
 *                               only a macro can show such a sheet
 *                               again), hidden rows or columns,
 *                               comments, tracked changes (low 15);
 *                               evidence: sheet names and states, row
 *                               and column lists, comment cells and
 *                               authors, change authors
 *   attachment.other_client     sheet names, document properties
 *                               (company, title, subject...) or the
 *                               text of a file name an organisation
 *                               known from contacts or sent mail, tied
 *                               to a domain, that is not among the
 *                               recipients (high 40 for sheet names
 *                               and properties, medium 30 for text);
 *                               the mail's own subject, body and file
 *                               names are the other_client and
 *                               attachment_name checks' business
 *   attachment.unencrypted_personal_data
 *                               policy (require_encryption: true): a file
 *                               that holds personal data (a valid My
 *                               Number, a card number, a list of at
 *                               least list_rows addresses or phone
 *                               numbers) leaves unencrypted (high 45)
 *
 * Personal data as such is the personal_data check's business: it reads
 * the text this file's readers put in msg->texts (YJ_TEXT_ATTACHMENT),
 * so reporting it here too would count it twice.  The small detector
 * below only serves the encryption policy; it should give way to
 * mail/pii.h (the outbound work) once that is on main.
 *
 * Settings (checks.attachment):
 *   report_rows_cols       report hidden rows/columns (default true)
 *   report_comments        report comments and changes (default true)
 *   require_encryption     personal data must leave encrypted (false)
 *   list_rows              addresses or phones that make a list (10)
 *
 * Accepted false positives: workbooks that hide lookup sheets on
 * purpose (templates, input forms) are reported at a weight that tags
 * but does not hold; a document that names a partner as part of a
 * three-party project (raise by policy.overrides for the sender);
 * with require_encryption, address lists sent on purpose (a mailing list
 * to a printer).
 */
#include <string.h>

#include "engine/check.h"
#include "engine/rcptorg.h"
#include "mail/attach.h"
#include "mail/charset.h"
#include "util/str.h"

#define MAX_EV		12	/* evidence lines per kind and file */
#define MAX_HITS	32	/* organisations looked up per text */
#define MAX_CLIENTS	5	/* other_client findings per message */

struct settings {
	bool		 report_rows_cols;
	bool		 report_comments;
	unsigned	 list_rows;
	bool		 require_encryption;
};

static const cyaml_schema_field_t fields[] = {
	CYAML_FIELD_BOOL("report_rows_cols", CYAML_FLAG_OPTIONAL,
	    struct settings, report_rows_cols),
	CYAML_FIELD_BOOL("report_comments", CYAML_FLAG_OPTIONAL,
	    struct settings, report_comments),
	CYAML_FIELD_UINT("list_rows", CYAML_FLAG_OPTIONAL, struct settings,
	    list_rows),
	CYAML_FIELD_BOOL("require_encryption", CYAML_FLAG_OPTIONAL,
	    struct settings, require_encryption),
	CYAML_FIELD_END
};

/* defaults - report everything hidden; ten rows make a list */
static void
defaults(void *p)
{
	struct settings *s = p;

	s->report_rows_cols = true;
	s->report_comments = true;
	s->list_rows = 10;
	s->require_encryption = false;
}

/* is_external - an address outside the organisation */
static bool
is_external(const struct yj_check_ctx *ctx, const char *domain)
{
	return domain != NULL && *domain != '\0' &&
	    !yj_org_is_internal_domain(ctx->org, domain);
}

/* has_external - some recipient (header or envelope) is outside */
static bool
has_external(const struct yj_check_ctx *ctx)
{
	const struct yj_msg *m = ctx->msg;
	const struct yj_addrlist *l[] = { &m->to, &m->cc, &m->bcc };
	const char *at;
	size_t i, k;

	for (k = 0; k < 3; k++)
		for (i = 0; i < l[k]->nr; i++)
			if (is_external(ctx, l[k]->v[i].domain))
				return true;
	for (i = 0; i < m->env.rcpts.nr; i++)
		if ((at = strrchr(m->env.rcpts.v[i], '@')) != NULL &&
		    is_external(ctx, at + 1))
			return true;
	return false;
}

static const char *const state_names[] = { "visible", "hidden",
    "very hidden" };

/* hidden_sheets - sheet evidence; returns the severity bump */
static bool
hidden_sheets(struct yj_check_ctx *ctx, struct yj_finding *f,
    const struct yj_attach_info *in)
{
	bool very = false;
	size_t i, n = 0;

	for (i = 0; i < in->nsheets && n < MAX_EV; i++) {
		const struct yj_sheet *s = &in->sheets[i];

		if (s->state == YJ_SHEET_VISIBLE)
			continue;
		very |= s->state == YJ_SHEET_VERY_HIDDEN;
		yj_evidence(ctx, f, s->type == YJ_SHEET_SLIDE ? "slide" :
		    "sheet", "%s (%s)", s->name, state_names[s->state]);
		n++;
	}
	return very;
}

/* rows_cols - hidden rows and columns per sheet */
static void
rows_cols(struct yj_check_ctx *ctx, struct yj_finding *f,
    const struct yj_attach_info *in)
{
	size_t i;

	for (i = 0; i < in->nsheets && i < MAX_EV; i++) {
		const struct yj_sheet *s = &in->sheets[i];

		if (s->hidden_rows > 0)
			yj_evidence(ctx, f, "hidden_rows", "%s: %u (%s)",
			    s->name, s->hidden_rows, s->rows);
		if (s->hidden_cols > 0)
			yj_evidence(ctx, f, "hidden_columns", "%s: %u (%s)",
			    s->name, s->hidden_cols, s->cols);
	}
}

/* notes - comments and tracked changes */
static void
notes(struct yj_check_ctx *ctx, struct yj_finding *f,
    const struct yj_attach_info *in)
{
	size_t i;

	for (i = 0; i < in->ncomments && i < MAX_EV; i++)
		yj_evidence(ctx, f, "comment", "%s%s%s", in->comments[i].where,
		    *in->comments[i].author ? " by " : "",
		    in->comments[i].author);
	if (in->ncomments > MAX_EV)
		yj_evidence(ctx, f, "comments", "%zu in all", in->ncomments);
	for (i = 0; i < in->nchanges && i < MAX_EV; i++)
		yj_evidence(ctx, f, "tracked_change", "%s%s%s",
		    in->changes[i].where, *in->changes[i].author ? " by " : "",
		    in->changes[i].author);
	if (in->nchanges > MAX_EV)
		yj_evidence(ctx, f, "tracked_changes", "%zu in all",
		    in->nchanges);
}

/* what_hidden - the kinds found, for the explanation */
static const char *
what_hidden(struct yj_check_ctx *ctx, uint64_t f, bool ja)
{
	const char *s = "";

	if (f & YJ_AF_HIDDEN_SHEETS)
		s = ja ? "非表示のシート" : "hidden sheets";
	if (f & (YJ_AF_HIDDEN_ROWS | YJ_AF_HIDDEN_COLS))
		s = yj_arena_printf(ctx->arena, "%s%s%s", s, *s ? (ja ? "、" :
		    ", ") : "", ja ? "非表示の行・列" : "hidden rows or columns");
	if (f & YJ_AF_COMMENTS)
		s = yj_arena_printf(ctx->arena, "%s%s%s", s, *s ? (ja ? "、" :
		    ", ") : "", ja ? "コメント" : "comments");
	if (f & YJ_AF_TRACKED_CHANGES)
		s = yj_arena_printf(ctx->arena, "%s%s%s", s, *s ? (ja ? "、" :
		    ", ") : "", ja ? "変更履歴" : "tracked changes");
	return s;
}

/* hidden_content - one finding per file with hidden content */
static void
hidden_content(struct yj_check_ctx *ctx, const struct settings *st,
    size_t i)
{
	const struct yj_attach_info *in = yj_attach_info(&ctx->msg->atts[i]);
	uint64_t mask = YJ_AF_HIDDEN_SHEETS, f;
	struct yj_finding *fd;
	const char *path;
	bool very;

	if (st->report_rows_cols)
		mask |= YJ_AF_HIDDEN_ROWS | YJ_AF_HIDDEN_COLS;
	if (st->report_comments)
		mask |= YJ_AF_COMMENTS | YJ_AF_TRACKED_CHANGES;
	f = in->facts & mask;
	if (f == 0)
		return;
	very = (f & YJ_AF_VERY_HIDDEN) != 0;
	fd = yj_report(ctx, "hidden_content", very ? YJ_SEV_HIGH :
	    (f & YJ_AF_HIDDEN_SHEETS) ? YJ_SEV_MEDIUM : YJ_SEV_LOW,
	    very ? 40 : (f & YJ_AF_HIDDEN_SHEETS) ? 30 : 15);
	path = yj_attach_path(ctx->arena, ctx->msg, i);
	yj_evidence(ctx, fd, "file", "%s", path);
	(void)hidden_sheets(ctx, fd, in);
	if (st->report_rows_cols)
		rows_cols(ctx, fd, in);
	if (st->report_comments)
		notes(ctx, fd, in);
	yj_explain_ja(ctx, fd, "添付ファイル「%s」に、開いただけでは見えない"
	    "内容 (%s) があります。%s社外に送る前にファイルを開いて確認し、"
	    "不要なものは削除してください (Excel の「ドキュメント検査」が"
	    "使えます)。", path, what_hidden(ctx, f, true), very ?
	    "「非常に非表示」のシートはマクロでしか表示できず、意図的に隠された"
	    "可能性があります。" : "");
	yj_explain_en(ctx, fd, "The attached file \"%s\" contains content "
	    "that is not visible when it is opened (%s). %sBefore sending it "
	    "outside, open it, check, and remove what should not go (Excel's "
	    "Document Inspector helps).", path, what_hidden(ctx, f, false),
	    very ? "A \"very hidden\" sheet can only be shown by a macro: it "
	    "was hidden on purpose. " : "");
}

struct pii {
	unsigned	 mynumber;
	unsigned	 cards;
	unsigned	 emails;
	unsigned	 phones;
};

/* mynumber_ok - the check digit of a 12-digit My Number */
static bool
mynumber_ok(const char *d)
{
	unsigned q = 0, n, p;

	for (n = 1; n <= 11; n++) {
		p = (unsigned)(d[11 - n] - '0');
		q += p * (n <= 6 ? n + 1 : n - 5);
	}
	q %= 11;
	return (unsigned)(d[11] - '0') == (q <= 1 ? 0 : 11 - q);
}

/* luhn_ok - a card number: Luhn and a known leading digit */
static bool
luhn_ok(const char *d, size_t n)
{
	unsigned sum = 0, v;
	size_t i;

	if (n < 14 || n > 16 || strchr("3456", d[0]) == NULL)
		return false;
	for (i = 0; i < n; i++) {
		v = (unsigned)(d[n - 1 - i] - '0');
		if (i & 1)
			v = v * 2 > 9 ? v * 2 - 9 : v * 2;
		sum += v;
	}
	return sum % 10 == 0;
}

/* digits_at - a run of digits with single spaces or hyphens between */
static size_t
digits_at(const char *s, char *out, size_t max, size_t *used)
{
	size_t n = 0, i = 0;

	while (s[i] != '\0' && n < max) {
		if (s[i] >= '0' && s[i] <= '9')
			out[n++] = s[i++];
		else if ((s[i] == ' ' || s[i] == '-') && i > 0 &&
		    s[i + 1] >= '0' && s[i + 1] <= '9')
			i++;
		else
			break;
	}
	out[n] = '\0';
	*used = i;
	return n;
}

/* count_numbers - My Numbers, cards and phone numbers in a text */
static void
count_numbers(const char *s, struct pii *p)
{
	char d[24];
	size_t n, used;

	while (*s != '\0') {
		if (*s < '0' || *s > '9') {
			s++;
			continue;
		}
		n = digits_at(s, d, sizeof(d) - 1, &used);
		if (n == 12 && mynumber_ok(d))
			p->mynumber++;
		else if (luhn_ok(d, n))
			p->cards++;
		else if ((n == 10 || n == 11) && d[0] == '0' &&
		    memchr(s, '-', used) != NULL)
			p->phones++;
		s += used ? used : 1;
	}
}

/* count_emails - '@' between address characters */
static unsigned
count_emails(const char *s)
{
	const char *at;
	unsigned n = 0;

	for (at = strchr(s, '@'); at != NULL; at = strchr(at + 1, '@'))
		if (at > s && (at[-1] == '.' || at[-1] == '_' ||
		    (at[-1] >= 'a' && at[-1] <= 'z') ||
		    (at[-1] >= '0' && at[-1] <= '9')) && at[1] >= 'a' &&
		    at[1] <= 'z' && strchr(at, '.') != NULL)
			n++;
	return n;
}

/* scan_pii - personal data in the texts read from attachment i */
static void
scan_pii(const struct yj_msg *m, size_t i, struct pii *p)
{
	size_t k;

	memset(p, 0, sizeof(*p));
	for (k = 0; k < m->ntexts; k++) {
		if (m->texts[k].att != (int)i)
			continue;
		count_numbers(m->texts[k].nfkc, p);
		p->emails += count_emails(m->texts[k].nfkc);
	}
}

/* encrypted_around - the file, or a container holding it, is encrypted */
static bool
encrypted_around(const struct yj_msg *m, size_t i)
{
	int p = (int)i;

	while (p >= 0) {
		if ((m->atts[p].flags & YJ_ATT_ENCRYPTED) ||
		    yj_attach_has(&m->atts[p], YJ_AF_ENCRYPTED))
			return true;
		p = m->atts[p].parent;
	}
	return false;
}

/* personal_data - policy: a file that holds personal data leaves in clear */
static void
personal_data(struct yj_check_ctx *ctx, const struct settings *st,
    size_t i)
{
	const struct yj_msg *m = ctx->msg;
	struct yj_finding *f;
	const char *path;
	struct pii p;

	if (!st->require_encryption || encrypted_around(m, i))
		return;
	scan_pii(m, i, &p);
	if (p.mynumber == 0 && p.cards == 0 && (st->list_rows == 0 ||
	    (p.emails < st->list_rows && p.phones < st->list_rows)))
		return;
	f = yj_report(ctx, "unencrypted_personal_data", YJ_SEV_HIGH, 45);
	path = yj_attach_path(ctx->arena, m, i);
	yj_evidence(ctx, f, "file", "%s", path);
	if (p.mynumber)
		yj_evidence(ctx, f, "my_number", "%u", p.mynumber);
	if (p.cards)
		yj_evidence(ctx, f, "card_number", "%u", p.cards);
	if (p.emails)
		yj_evidence(ctx, f, "email_addresses", "%u", p.emails);
	if (p.phones)
		yj_evidence(ctx, f, "phone_numbers", "%u", p.phones);
	yj_explain_ja(ctx, f, "添付ファイル「%s」は個人情報 (マイナンバー、"
	    "カード番号、または多数のメールアドレス・電話番号) を含みますが、"
	    "暗号化されていません。個人情報を含むファイルは暗号化して送る"
	    "規則です。宛先とファイルを確認し、規則に沿って送り直して"
	    "ください。", path);
	yj_explain_en(ctx, f, "The attached file \"%s\" contains personal "
	    "data (My Number, card numbers, or many e-mail addresses or "
	    "phone numbers) and is not encrypted, while files with personal "
	    "data must leave encrypted here. Check the recipients and the "
	    "file, and send it as the rule requires.", path);
}

/* The recipients' organisations, for other_client. */
struct ours {
	struct yj_rcpt_orgs	 r;
	struct yj_strvec	 seen;		/* organisations reported */
};

/* client_found - report one organisation found in file i */
static void
client_found(struct yj_check_ctx *ctx, struct ours *o, size_t i,
    const struct yj_kb_org_hit *h, const char *where, bool strong)
{
	const char *path = yj_attach_path(ctx->arena, ctx->msg, i);
	struct yj_finding *f;

	f = yj_report(ctx, "other_client", strong ? YJ_SEV_HIGH :
	    YJ_SEV_MEDIUM, strong ? 40 : 30);
	yj_evidence(ctx, f, "file", "%s", path);
	yj_evidence(ctx, f, "organization", "%s", h->org.name);
	yj_evidence(ctx, f, "where", "%s", where);
	yj_evidence(ctx, f, "matched", "%s", h->matched);
	yj_evidence(ctx, f, "organization_domain", "%s", h->org.domains[0]);
	yj_evidence(ctx, f, "recipients", "%s", o->r.shown);
	yj_explain_ja(ctx, f, "添付ファイル「%s」の%sに「%s」(%s) の名前がありますが、"
	    "宛先 (%s) はその組織ではありません。%s 向けの資料を送ろうとして"
	    "いないか、ファイルを開いて確かめてください。", path, where,
	    h->org.name, h->org.domains[0], o->r.shown, h->org.name);
	yj_explain_en(ctx, f, "The %s of the attached file \"%s\" names %s "
	    "(%s), but the recipients (%s) are not at that organisation. Open "
	    "the file and check that it was not made for %s.", where, path,
	    h->org.name, h->org.domains[0], o->r.shown, h->org.name);
}

/* find_clients - known organisations in one text of file i */
static void
find_clients(struct yj_check_ctx *ctx, struct ours *o, size_t i,
    const char *text, const char *where, bool strong)
{
	struct yj_kb_org_hit *v;
	const char *t;
	size_t k, n;

	if (text == NULL || *text == '\0' || o->seen.nr >= MAX_CLIENTS)
		return;
	/* the texts of the message model are folded already */
	t = strong ? yj_nfkc_casefold(ctx->arena, text, strlen(text)) : text;
	if (yj_kb_find_orgs(ctx->kb, ctx->arena, t, strlen(t), MAX_HITS, &v,
	    &n) != 0)
		return;
	for (k = 0; k < n && o->seen.nr < MAX_CLIENTS; k++) {
		if (!yj_rcpt_orgs_foreign(ctx, &o->r, &v[k].org) ||
		    yj_strvec_has(&o->seen, v[k].org.key))
			continue;
		yj_strvec_push(ctx->arena, &o->seen, v[k].org.key);
		client_found(ctx, o, i, &v[k], where, strong);
	}
}

/* other_client - sheet names, properties, then the text of file i */
static void
other_client(struct yj_check_ctx *ctx, struct ours *o, size_t i)
{
	const struct yj_attach_info *in = yj_attach_info(&ctx->msg->atts[i]);
	const struct yj_att_props *p = &in->props;
	const struct yj_msg *m = ctx->msg;
	size_t k;

	for (k = 0; k < in->nsheets; k++)
		find_clients(ctx, o, i, in->sheets[k].name, yj_arena_printf(
		    ctx->arena, "sheet name '%s'", in->sheets[k].name), true);
	find_clients(ctx, o, i, p->company, "company property", true);
	find_clients(ctx, o, i, p->title, "title property", true);
	find_clients(ctx, o, i, p->subject, "subject property", true);
	find_clients(ctx, o, i, p->keywords, "keywords property", true);
	find_clients(ctx, o, i, p->description, "description property",
	    true);
	for (k = 0; k < m->ntexts && !yj_check_expired(ctx); k++)
		if (m->texts[k].att == (int)i)
			find_clients(ctx, o, i, m->texts[k].nfkc, "text", false);
}

/* run - every attachment and member of outgoing mail */
static void
run(struct yj_check_ctx *ctx)
{
	const struct settings *st = ctx->settings;
	const struct yj_msg *m = ctx->msg;
	struct ours o;
	size_t i;

	if (m->natts == 0 || !has_external(ctx))
		return;
	memset(&o, 0, sizeof(o));
	(void)yj_rcpt_orgs_collect(ctx, &o.r);
	for (i = 0; i < m->natts; i++) {
		if (m->atts[i].flags & YJ_ATT_MESSAGE)
			continue;
		hidden_content(ctx, st, i);
		other_client(ctx, &o, i);
		personal_data(ctx, st, i);
	}
}

YJ_CHECK_DEFINE(attachment,
	.summary = "outgoing attachments with hidden content, personal "
	    "data, or another client's name",
	.summary_ja = "送信する添付ファイルの隠れた内容・個人情報・他の取引先名",
	.directions = YJ_DIR_OUT,
	.settings = fields,
	.settings_size = sizeof(struct settings),
	.defaults = defaults,
	.run = run);
