/*
 * personal_data - outbound: personal data leaving the organisation
 *
 * The mistake: a My Number, a card number, a list of customers' phone
 * numbers or addresses, or a spreadsheet of people sent outside, often
 * together with the mis-addressing the other checks look for.  Leaks of
 * My Numbers (特定個人情報) and of sensitive data (要配慮個人情報: 病歴,
 * 障害, 犯罪歴, ...) must be reported to the PPC whatever their number
 * (../shared/spec/inbound-and-incident.md, PPC rules); the commercial
 * gateways in ../shared/spec/outbound-anchors.md match keyword lists
 * only.
 *
 * What is read: the subject, every text of the message (including text
 * the attachment readers extracted) and attachments that are text (CSV,
 * TSV, plain text, vCard; decoded from any Japanese charset), all NFKC
 * first (mail/pii.h does the finding).  Lists of phone numbers and
 * addresses count only in the author's own text and in attachments: a
 * quoted reply-all chain carries its participants' addresses and
 * signatures.  Only mail with an external recipient is checked.
 *
 * Findings:
 *   personal_data.my_number     a 12-digit number with a valid My Number
 *                               check digit: critical (weight 60) when
 *                               labelled (個人番号, マイナンバー) or
 *                               written 4-4-4; medium (25) bare
 *   personal_data.credit_card   a card number (Luhn, brand prefix and
 *                               length): high (45)
 *   personal_data.phone_list    min_phones or more distinct Japanese
 *                               phone numbers: medium (30)
 *   personal_data.address_list  min_addresses or more distinct e-mail
 *                               addresses other than the mail's own
 *                               sender and recipients: medium (30)
 *   personal_data.people_list   an attachment that is a list of people
 *                               (rows of addresses or phone numbers, or
 *                               a header of person columns): high (40)
 *   personal_data.sensitive     a word of a sensitive category: medium
 *                               (20) alone, high (45) with any of the
 *                               above
 *
 * Settings (checks.personal_data):
 *   min_phones      default 10
 *   min_addresses   default 20
 *   min_rows        default 10 (rows of a people list)
 *   keywords        replaces the default sensitive words
 *   extra_keywords  added to them
 *
 * The default words are compounds (障害者, 身体障害, 障害者手帳) rather than
 * 障害 alone, which in business mail mostly means a system failure.
 *
 * Accepted false positives: a 12-digit order or tracking number that
 * happens to pass the check digit (one in ten; medium unless labelled),
 * test card numbers, signatures of large teams, a list of participants
 * sent to the participants.
 */
#include <string.h>

#include "engine/check.h"
#include "mail/charset.h"
#include "mail/pii.h"
#include "mail/quote.h"
#include "mail/rcpt.h"
#include "util/alloc.h"
#include "util/str.h"

#define MAX_ATT_TEXT	(1024 * 1024)	/* bytes of one text attachment */

struct settings {
	unsigned	 min_phones;
	unsigned	 min_addresses;
	unsigned	 min_rows;
	char		**keywords;
	unsigned	 nkeywords;
	char		**extra_keywords;
	unsigned	 nextra;
};

static const cyaml_schema_value_t word_entry = {
	CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char, 1, 200),
};

static const cyaml_schema_field_t fields[] = {
	CYAML_FIELD_UINT("min_phones", CYAML_FLAG_OPTIONAL, struct settings,
	    min_phones),
	CYAML_FIELD_UINT("min_addresses", CYAML_FLAG_OPTIONAL, struct settings,
	    min_addresses),
	CYAML_FIELD_UINT("min_rows", CYAML_FLAG_OPTIONAL, struct settings,
	    min_rows),
	CYAML_FIELD_SEQUENCE_COUNT("keywords",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct settings,
	    keywords, nkeywords, &word_entry, 0, 1000),
	CYAML_FIELD_SEQUENCE_COUNT("extra_keywords",
	    CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, struct settings,
	    extra_keywords, nextra, &word_entry, 0, 1000),
	CYAML_FIELD_END
};

static const char *const default_keywords[] = {
	"病歴", "既往歴", "病名", "診断書", "診断名", "障害者", "障がい者",
	"障害者手帳", "療育手帳", "精神障害", "身体障害", "知的障害", "発達障害",
	"障害等級", "犯罪歴", "前科", "逮捕歴", "犯罪被害", "生活保護",
	"要配慮個人情報", "本籍", "門地", "遺伝子検査", "medical history",
	"medical record", "criminal record", "criminal history",
	"disability status", "ethnic origin", "religious belief",
	"sexual orientation", NULL
};

/* defaults - thresholds; keywords NULL means the built-in list */
static void
defaults(void *p)
{
	struct settings *s = p;

	s->min_phones = 10;
	s->min_addresses = 20;
	s->min_rows = 10;
}

struct state {
	char		**words;	/* NFKC_Casefold */
	size_t		  nwords;
};

/* add_word - one sensitive word, folded */
static void
add_word(struct state *st, const char *w)
{
	struct yj_arena *a = yj_arena_new();
	const char *f = yj_nfkc_casefold(a, w, strlen(w));

	if (*f != '\0') {
		st->words = yj_xreallocarray(st->words, st->nwords + 1,
		    sizeof(*st->words));
		st->words[st->nwords++] = yj_xstrdup(f);
	}
	yj_arena_free(a);
}

/* setup - fold the sensitive words once */
static int
setup(const struct yj_org *org, const void *p, void **state, char *err,
    size_t errsz)
{
	const struct settings *s = p;
	struct state *st = yj_xcalloc(1, sizeof(*st));
	size_t i;

	(void)org;
	(void)err;
	(void)errsz;
	if (s->keywords != NULL)
		for (i = 0; i < s->nkeywords; i++)
			add_word(st, s->keywords[i]);
	else
		for (i = 0; default_keywords[i] != NULL; i++)
			add_word(st, default_keywords[i]);
	for (i = 0; i < s->nextra; i++)
		add_word(st, s->extra_keywords[i]);
	*state = st;
	return 0;
}

/* teardown - free the words */
static void
teardown(void *p)
{
	struct state *st = p;
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nwords; i++)
		yj_free(st->words[i]);
	yj_free(st->words);
	yj_free(st);
}

struct scan {
	struct yj_check_ctx	*ctx;
	struct yj_pii		 pii;
	struct yj_strvec	 words;		/* sensitive words found */
	const char		*list_file;	/* a people-list attachment */
	const char		*list_why;
};

/* words_in - sensitive words in a folded text */
static void
words_in(struct scan *s, const char *t, size_t n)
{
	const struct state *st = s->ctx->state;
	size_t i;

	for (i = 0; i < st->nwords && s->words.nr < 8; i++)
		if (!yj_strvec_has(&s->words, st->words[i]) &&
		    memmem(t, n, st->words[i], strlen(st->words[i])) != NULL)
			yj_strvec_push(s->ctx->arena, &s->words, st->words[i]);
}

/* one_text - personal data and sensitive words in a folded text */
static void
one_text(struct scan *s, const char *t, size_t n)
{
	yj_pii_scan(s->ctx->arena, t, n, &s->pii);
	words_in(s, t, n);
}

/*
 * body_text - a body: all of it for My Numbers, cards and sensitive
 * words, only the author's own text for lists of phones and addresses
 * (a quoted reply-all chain carries its participants' addresses and
 * signatures, which the sender did not put there)
 */
static void
body_text(struct scan *s, const char *t, size_t n)
{
	struct yj_pii quoted = { 0 };
	struct yj_quote q;

	yj_quote_split(s->ctx->arena, t, n, &q);
	one_text(s, q.own, q.own_len);
	yj_pii_scan(s->ctx->arena, q.quoted, q.quoted_len, &quoted);
	words_in(s, q.quoted, q.quoted_len);
	s->pii.my_numbers += quoted.my_numbers;
	s->pii.my_numbers_sure += quoted.my_numbers_sure;
	s->pii.my_number_labelled |= quoted.my_number_labelled;
	if (s->pii.my_number_example == NULL)
		s->pii.my_number_example = quoted.my_number_example;
	s->pii.cards += quoted.cards;
	if (s->pii.card_example == NULL)
		s->pii.card_example = quoted.card_example;
}

/* is_text_file - an attachment whose bytes are text to read */
static bool
is_text_file(const struct yj_attachment *att)
{
	static const char *const exts[] = { ".csv", ".tsv", ".txt", ".vcf",
		".tab", NULL };
	const char *ct = att->content_type, *dt = att->detected_type;
	size_t i;

	if (att->data == NULL || att->data_len == 0)
		return false;
	if (strncmp(ct, "text/", 5) == 0 || strncmp(dt, "text/", 5) == 0)
		return true;
	for (i = 0; exts[i] != NULL; i++)
		if (yj_str_isuffix(att->filename, exts[i]))
			return true;
	return false;
}

/* one_attachment - a text attachment: its data, and whether it lists
 * people */
static void
one_attachment(struct scan *s, const struct yj_attachment *att)
{
	const struct settings *set = s->ctx->settings;
	struct yj_arena *a = s->ctx->arena;
	size_t n = att->data_len < MAX_ATT_TEXT ? att->data_len : MAX_ATT_TEXT;
	const char *u, *f, *why;

	u = yj_charset_to_utf8(a, NULL, (const char *)att->data, n, NULL, NULL);
	f = yj_nfkc_casefold(a, u, strlen(u));
	one_text(s, f, strlen(f));
	if (s->list_file == NULL &&
	    yj_pii_people_list(a, f, strlen(f), set->min_rows, &why)) {
		s->list_file = *att->filename ? att->filename : "(no name)";
		s->list_why = why;
	}
}

/* attachment_texts - texts the attachment readers extracted */
static void
attachment_texts(struct scan *s)
{
	const struct settings *set = s->ctx->settings;
	const struct yj_msg *m = s->ctx->msg;
	const char *why;
	size_t i;

	for (i = 0; i < m->ntexts && s->list_file == NULL; i++)
		if ((m->texts[i].flags & YJ_TEXT_ATTACHMENT) &&
		    yj_pii_people_list(s->ctx->arena, m->texts[i].nfkc,
		    strlen(m->texts[i].nfkc), set->min_rows, &why)) {
			s->list_file = "(attachment text)";
			s->list_why = why;
		}
}

/* own_addresses - addresses found that are not the mail's participants */
static size_t
own_addresses(struct scan *s)
{
	const struct yj_strvec *v = &s->pii.addr_set;
	struct yj_rcpt *r;
	const char *from;
	size_t i, j, n, left = 0;
	bool mine;

	n = yj_rcpt_list(s->ctx->arena, s->ctx->msg, &r);
	from = yj_rcpt_sender(s->ctx->arena, s->ctx->msg);
	for (i = 0; i < v->nr; i++) {
		mine = from != NULL && strcmp(v->v[i], from) == 0;
		for (j = 0; j < n && !mine; j++)
			mine = strcmp(v->v[i], r[j].addr) == 0;
		left += !mine;
	}
	return left;
}

/* report_my_number - a My Number */
static void
report_my_number(struct scan *s)
{
	struct yj_check_ctx *ctx = s->ctx;
	bool sure = s->pii.my_numbers_sure > 0;
	struct yj_finding *f;

	f = yj_report(ctx, "my_number", sure ? YJ_SEV_CRITICAL :
	    YJ_SEV_MEDIUM, sure ? 60 : 25);
	yj_evidence(ctx, f, "count", "%zu", s->pii.my_numbers);
	yj_evidence(ctx, f, "example", "%s", s->pii.my_number_example);
	yj_evidence(ctx, f, "labelled", "%s", s->pii.my_number_labelled ?
	    "yes" : "no");
	yj_explain_ja(ctx, f, "社外へのメールに、マイナンバー (個人番号) と"
	    "思われる12桁の番号 (%s) があります。マイナンバーをメールで社外に"
	    "送ることは原則できません。漏えいすると個人情報保護委員会への報告"
	    "が必要です。送る必要があるか確かめてください。",
	    s->pii.my_number_example);
	yj_explain_en(ctx, f, "This mail to outside recipients holds what "
	    "looks like a My Number (%s). My Numbers may not be sent by mail "
	    "outside the organisation as a rule, and a leak must be reported "
	    "to the Personal Information Protection Commission. Check "
	    "whether it must be sent.", s->pii.my_number_example);
}

/* report_card - a card number */
static void
report_card(struct scan *s)
{
	struct yj_check_ctx *ctx = s->ctx;
	struct yj_finding *f;

	f = yj_report(ctx, "credit_card", YJ_SEV_HIGH, 45);
	yj_evidence(ctx, f, "count", "%zu", s->pii.cards);
	yj_evidence(ctx, f, "example", "%s", s->pii.card_example);
	yj_explain_ja(ctx, f, "社外へのメールに、クレジットカード番号 (%s) "
	    "があります。カード番号はメールで送らないでください。",
	    s->pii.card_example);
	yj_explain_en(ctx, f, "This mail to outside recipients holds a card "
	    "number (%s). Do not send card numbers by mail.",
	    s->pii.card_example);
}

/* report_list - many phone numbers or addresses */
static void
report_list(struct scan *s, bool phones, size_t n)
{
	struct yj_check_ctx *ctx = s->ctx;
	struct yj_finding *f;

	f = yj_report(ctx, phones ? "phone_list" : "address_list",
	    YJ_SEV_MEDIUM, 30);
	yj_evidence(ctx, f, "count", "%zu", n);
	yj_explain_ja(ctx, f, "社外へのメールに、%s が %zu 件あります。"
	    "名簿などの個人情報を送ろうとしていないか確かめてください。",
	    phones ? "電話番号" : "メールアドレス", n);
	yj_explain_en(ctx, f, "This mail to outside recipients holds %zu "
	    "different %s. Check that you are not sending a list of people.",
	    n, phones ? "phone numbers" : "e-mail addresses");
}

/* report_people - an attachment that lists people */
static void
report_people(struct scan *s)
{
	struct yj_check_ctx *ctx = s->ctx;
	struct yj_finding *f;

	f = yj_report(ctx, "people_list", YJ_SEV_HIGH, 40);
	yj_evidence(ctx, f, "filename", "%s", s->list_file);
	yj_evidence(ctx, f, "why", "%s", s->list_why);
	yj_explain_ja(ctx, f, "添付「%s」は人の名簿のように見えます (%s)。"
	    "社外に送ってよい名簿か、宛先が正しいか確かめてください。",
	    s->list_file, s->list_why);
	yj_explain_en(ctx, f, "The attachment \"%s\" looks like a list of "
	    "people (%s). Check that it may go outside and that the recipients "
	    "are right.", s->list_file, s->list_why);
}

/* report_sensitive - words of a sensitive category */
static void
report_sensitive(struct scan *s, bool with_data)
{
	struct yj_check_ctx *ctx = s->ctx;
	struct yj_finding *f;
	size_t i;

	f = yj_report(ctx, "sensitive", with_data ? YJ_SEV_HIGH :
	    YJ_SEV_MEDIUM, with_data ? 45 : 20);
	for (i = 0; i < s->words.nr; i++)
		yj_evidence(ctx, f, "word", "%s", s->words.v[i]);
	yj_explain_ja(ctx, f, "社外へのメールに、要配慮個人情報にあたるかもしれ"
	    "ない語 (%s) があります%s。病歴・障害・犯罪歴などの情報は、漏えい"
	    "すると1件でも個人情報保護委員会への報告が必要です。", s->words.v[0],
	    with_data ? "。個人を特定できる情報も含まれています" : "");
	yj_explain_en(ctx, f, "This mail to outside recipients contains a word "
	    "of a sensitive category (%s)%s. A leak of health, disability or "
	    "criminal-record data must be reported to the Personal Information "
	    "Protection Commission even for one person.", s->words.v[0],
	    with_data ? ", together with data that identifies people" : "");
}

/* has_external - some recipient is outside */
static bool
has_external(struct yj_check_ctx *ctx)
{
	struct yj_rcpt *v;
	size_t i, n;

	n = yj_rcpt_list(ctx->arena, ctx->msg, &v);
	for (i = 0; i < n; i++)
		if (!yj_org_is_internal_domain(ctx->org, v[i].domain))
			return true;
	return false;
}

/* run - read everything, then report */
static void
run(struct yj_check_ctx *ctx)
{
	const struct settings *set = ctx->settings;
	const struct yj_msg *m = ctx->msg;
	struct scan s = { .ctx = ctx };
	size_t i, addrs;
	bool data;

	if (!has_external(ctx))
		return;
	one_text(&s, m->subject_nfkc, strlen(m->subject_nfkc));
	for (i = 0; i < m->ntexts && !yj_check_expired(ctx); i++) {
		if (m->texts[i].flags & YJ_TEXT_ATTACHMENT)
			one_text(&s, m->texts[i].nfkc,
			    strlen(m->texts[i].nfkc));
		else
			body_text(&s, m->texts[i].nfkc,
			    strlen(m->texts[i].nfkc));
	}
	for (i = 0; i < m->natts && !yj_check_expired(ctx); i++)
		if (is_text_file(&m->atts[i]))
			one_attachment(&s, &m->atts[i]);
	attachment_texts(&s);
	addrs = own_addresses(&s);
	if (s.pii.my_numbers > 0)
		report_my_number(&s);
	if (s.pii.cards > 0)
		report_card(&s);
	if (set->min_phones > 0 && s.pii.phones >= set->min_phones)
		report_list(&s, true, s.pii.phones);
	if (set->min_addresses > 0 && addrs >= set->min_addresses)
		report_list(&s, false, addrs);
	if (s.list_file != NULL)
		report_people(&s);
	data = s.pii.my_numbers_sure > 0 || s.pii.cards > 0 ||
	    s.list_file != NULL || (set->min_phones > 0 &&
	    s.pii.phones >= set->min_phones) || (set->min_addresses > 0 &&
	    addrs >= set->min_addresses);
	if (s.words.nr > 0)
		report_sensitive(&s, data);
}

YJ_CHECK_DEFINE(personal_data,
	.summary = "personal data sent outside: My Number, card numbers, "
	    "lists of people, sensitive categories",
	.summary_ja = "社外への個人情報: マイナンバー、カード番号、名簿、"
	    "要配慮個人情報",
	.directions = YJ_DIR_OUT,
	.settings = fields,
	.settings_size = sizeof(struct settings),
	.defaults = defaults,
	.setup = setup,
	.teardown = teardown,
	.run = run);
