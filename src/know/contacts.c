/*
 * contacts.c - address book files into the store
 *
 * Files as people have them: our own CSV (name, email, organization,
 * reading, department), Outlook's CSV export in English or Japanese
 * (姓, 名, 会社, 部署, 電子メール アドレス, ...), Thunderbird's (First Name,
 * Primary Email, Organization, ...), Google's (E-mail 1 - Value, Given
 * Name Yomi, ...), and vCard 2.1 (feature phones, old Outlook: CHARSET
 * and QUOTED-PRINTABLE per property), 3.0 and 4.0.
 *
 * Bytes first: a UTF-8 BOM is dropped, UTF-16 with a BOM is converted,
 * valid UTF-8 is taken as is, anything else is guessed between CP932
 * (what Japanese Outlook writes) and EUC-JP by mail/charset.  Header
 * names are compared after NFKC_Casefold with everything but letters and
 * digits removed, so "E-mail Address", "e-mail address" and
 * "Email_Address" are one column, and "電子メール アドレス" another.
 *
 * Records: CSV after RFC 4180 (quoted fields with commas, doubled quotes
 * and line breaks; a lone quote inside an unquoted field is kept), tab
 * or semicolon separated files are recognised from the header line.  A
 * row with fewer or more fields than the header is reported (an
 * unquoted comma in "Acme, Inc." shifts every column after it) and
 * skipped; so is an address that is not one.  A row or card without any
 * address is only counted as skipped.  Each address of a record becomes
 * one contact (Outlook has three columns, vCard any number of EMAIL).
 *
 * Everything good is put in one transaction after the whole file was
 * read, so an import is all of it or nothing, and a file with no usable
 * column changes nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "know/know.h"
#include "mail/charset.h"
#include "mail/domain.h"
#include "mail/orgname.h"
#include "store/contacts.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/str.h"
#include "util/time.h"

#define MAX_FIELDS	512	/* columns of a CSV row */
#define MAX_EMAILS	8	/* addresses of one record */
#define MAX_VALUE	1024	/* bytes kept of one field */

enum field {
	F_EMAIL, F_EMAIL2, F_EMAIL3, F_NAME, F_FIRST, F_LAST, F_MIDDLE,
	F_DISPLAY, F_READING, F_READ_FIRST, F_READ_LAST, F_ORG, F_DEPT,
	F_COUNT
};

/* Column names after folding (see fold_header), per field. */
static const char *const headers[F_COUNT][16] = {
	[F_EMAIL] = { "email", "mail", "emailaddress", "mailaddress",
	    "primaryemail", "email1value", "電子メールアドレス", "メールアドレス",
	    "メール", "eメール", "eメールアドレス", "電子メール", "emailaddress1",
	    NULL },
	[F_EMAIL2] = { "email2address", "secondaryemail", "email2value",
	    "電子メール2アドレス", "emailaddress2", NULL },
	[F_EMAIL3] = { "email3address", "email3value", "電子メール3アドレス",
	    "emailaddress3", NULL },
	[F_NAME] = { "name", "fullname", "氏名", "名前", "お名前", "フルネーム",
	    NULL },
	[F_FIRST] = { "firstname", "givenname", "名", "下の名前", NULL },
	[F_LAST] = { "lastname", "surname", "familyname", "姓", "苗字", "名字",
	    NULL },
	[F_MIDDLE] = { "middlename", "additionalname", "ミドルネーム", NULL },
	[F_DISPLAY] = { "displayname", "表示名", "emaildisplayname",
	    "電子メール表示名", NULL },
	[F_READING] = { "reading", "yomi", "kana", "furigana", "ふりがな",
	    "フリガナ", "よみ", "読み", "よみがな", "読み仮名", "氏名ふりがな",
	    "氏名フリガナ", "phoneticname", "nameyomi", NULL },
	[F_READ_FIRST] = { "yomifirstname", "phoneticfirstname",
	    "givennameyomi", "名ふりがな", "ふりがな名", "名フリガナ", "フリガナ名",
	    "名よみ", "名読み", "よみ名", NULL },
	[F_READ_LAST] = { "yomilastname", "phoneticlastname",
	    "familynameyomi", "姓ふりがな", "ふりがな姓", "姓フリガナ", "フリガナ姓",
	    "姓よみ", "姓読み", "よみ姓", NULL },
	[F_ORG] = { "organization", "organisation", "company", "companyname",
	    "organizationname", "org", "会社", "会社名", "勤務先", "所属", "組織",
	    "組織名", "organization1name", "取引先", "勤務先会社", NULL },
	[F_DEPT] = { "department", "dept", "部署", "部署名", "所属部署", "部門",
	    "organization1department", "division", "勤務先部署", NULL },
};

struct record {
	size_t		 line;
	const char	*v[F_COUNT];
	const char	*emails[MAX_EMAILS];
	size_t		 nemails;
};

struct import {
	struct yj_arena			*a;
	const char			*source;
	const char			*charset;	/* of raw vCard values,
							   NULL: UTF-8 */
	struct yj_contacts_report	*rep;
	size_t				 pcap;
	struct yj_contact		*c;
	size_t				 nc;
	size_t				 ccap;
	size_t				*cline;	/* line of each contact */
};

/* problem - report one record */
static void
problem(struct import *im, size_t line, bool skipped_only, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
problem(struct import *im, size_t line, bool skipped_only, const char *fmt,
    ...)
{
	struct yj_contacts_report *r = im->rep;
	va_list ap;

	if (r->nproblems == im->pcap) {
		im->pcap = im->pcap ? im->pcap * 2 : 16;
		r->problems = yj_arena_grow(im->a, r->problems, r->nproblems,
		    im->pcap, sizeof(*r->problems));
	}
	va_start(ap, fmt);
	r->problems[r->nproblems].what = yj_arena_vprintf(im->a, fmt, ap);
	va_end(ap);
	r->problems[r->nproblems].line = line;
	r->problems[r->nproblems++].skipped_only = skipped_only;
	if (!skipped_only)
		r->errors++;
}

/* ---- bytes -------------------------------------------------------------- */

/* strip_nul - the bytes without NULs, not converted */
static const char *
strip_nul(struct yj_arena *a, const char *data, size_t len)
{
	char *out = yj_arena_alloc(a, len + 1);
	size_t i, o = 0;

	for (i = 0; i < len; i++)
		if (data[i] != '\0')
			out[o++] = data[i];
	out[o] = '\0';
	return out;
}

/*
 * decode - the file as UTF-8, and what it was; *raw_cs gets the ICU name
 * of a guessed legacy charset (NULL for Unicode files)
 */
static const char *
decode(struct yj_arena *a, const char *data, size_t len, const char **cs,
    const char **raw_cs)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *used = NULL;

	*raw_cs = NULL;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		*cs = "UTF-8 (BOM)";
		return yj_utf8_repair(a, data + 3, len - 3);
	}
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		*cs = u[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
		return yj_charset_to_utf8(a, *cs, data + 2, len - 2, NULL, NULL);
	}
	if (yj_utf8_valid(data, len)) {
		*cs = "UTF-8";
		return yj_utf8_repair(a, data, len);	/* drops NUL bytes */
	}
	data = yj_charset_to_utf8(a, NULL, data, len, NULL, &used);
	*raw_cs = used;
	*cs = used != NULL && strstr(used, "943") != NULL ? "CP932" :
	    used != NULL && strstr(used, "euc") != NULL ? "EUC-JP" :
	    used != NULL ? used : "unknown";
	return data;
}

/* clip - a field value, trimmed and bounded */
static const char *
clip(struct yj_arena *a, const char *s, size_t n)
{
	char *t;
	size_t k;

	if (n > MAX_VALUE)
		n = MAX_VALUE;
	t = yj_str_trim(a, s, n);
	k = strlen(t);	/* the cut may have split a character */
	return yj_utf8_valid(t, k) ? t : yj_utf8_repair(a, t, k);
}

/* ---- a record into contacts --------------------------------------------- */

/* is_cjk_text - any kanji or kana */
static bool
is_cjk_text(const char *s)
{
	return s != NULL && yj_name_is_cjk(s);
}

/* join2 - "a b", or whichever is not empty */
static const char *
join2(struct yj_arena *a, const char *x, const char *y)
{
	x = x != NULL ? x : "";
	y = y != NULL ? y : "";
	if (*x == '\0')
		return y;
	if (*y == '\0')
		return x;
	return yj_arena_printf(a, "%s %s", x, y);
}

/* record_name - the name, composed from parts when needed */
static const char *
record_name(struct yj_arena *a, const struct record *r)
{
	const char *first = r->v[F_FIRST], *last = r->v[F_LAST];

	if (r->v[F_NAME] != NULL && *r->v[F_NAME] != '\0')
		return r->v[F_NAME];
	if ((first != NULL && *first) || (last != NULL && *last)) {
		if (is_cjk_text(first) || is_cjk_text(last))
			return join2(a, last, first);
		return join2(a, join2(a, first, r->v[F_MIDDLE]), last);
	}
	if (r->v[F_DISPLAY] != NULL && strchr(r->v[F_DISPLAY], '@') == NULL)
		return r->v[F_DISPLAY];
	return "";
}

/* record_reading - the reading, composed from parts when needed */
static const char *
record_reading(struct yj_arena *a, const struct record *r)
{
	if (r->v[F_READING] != NULL && *r->v[F_READING] != '\0')
		return r->v[F_READING];
	return join2(a, r->v[F_READ_LAST], r->v[F_READ_FIRST]);
}

/* add_contact - one good address of a record */
static void
add_contact(struct import *im, const struct record *r, const char *addr,
    const char *name, const char *reading)
{
	struct yj_contact *c;
	const char *org = r->v[F_ORG] != NULL ? r->v[F_ORG] : "";
	size_t i;

	for (i = 0; i < im->nc; i++) {
		if (strcmp(im->c[i].addr, addr) != 0)
			continue;
		problem(im, r->line, true, "address '%s' was already on line "
		    "%zu; this line replaces it", addr, im->cline[i]);
		break;
	}
	if (i == im->nc) {
		if (im->nc == im->ccap) {
			im->ccap = im->ccap ? im->ccap * 2 : 64;
			im->c = yj_arena_grow(im->a, im->c, im->nc, im->ccap,
			    sizeof(*im->c));
			im->cline = yj_arena_grow(im->a, im->cline, im->nc,
			    im->ccap, sizeof(*im->cline));
		}
		im->nc++;
	}
	c = &im->c[i];
	memset(c, 0, sizeof(*c));
	im->cline[i] = r->line;
	c->addr = addr;
	c->domain = yj_domain_registrable(im->a, yj_addr_domain(addr));
	c->name = name;
	c->reading = reading;
	c->org = org;
	c->org_key = yj_orgname_key(im->a, org);
	c->department = r->v[F_DEPT] != NULL ? r->v[F_DEPT] : "";
	c->source = im->source;
	c->nkeys = yj_know_contact_keys(im->a, name, reading, &c->keys);
}

/* take_record - check a record's addresses and keep the good ones */
static void
take_record(struct import *im, struct record *r)
{
	const char *name = record_name(im->a, r);
	const char *reading = record_reading(im->a, r);
	size_t i, good = 0;
	char *addr;

	im->rep->records++;
	for (i = 0; i < r->nemails; i++) {
		if (r->emails[i] == NULL || *r->emails[i] == '\0')
			continue;
		addr = yj_str_lower(im->a, r->emails[i]);
		if (strncmp(addr, "mailto:", 7) == 0)
			addr += 7;
		if (!yj_addr_is_valid(addr) || strchr(addr, '@') == addr) {
			problem(im, r->line, false, "malformed address '%s'",
			    r->emails[i]);
			continue;
		}
		add_contact(im, r, addr, name, reading);
		good++;
	}
	if (good == 0 && r->nemails == 0)
		problem(im, r->line, true, "no e-mail address%s%s",
		    *name ? " for " : "", name);
}

/* ---- CSV ---------------------------------------------------------------- */

struct csv {
	const char	*p;
	const char	*end;
	size_t		 line;		/* line of the next record */
	char		 sep;
	struct yj_buf	 field;
};

/* csv_field - one field; *eol set at the end of a record */
static int
csv_field(struct csv *c, struct yj_arena *a, const char **out, bool *eol)
{
	bool quoted = false;

	yj_buf_reset(&c->field);
	if (c->p < c->end && *c->p == '"') {
		quoted = true;
		c->p++;
	}
	while (c->p < c->end) {
		char ch = *c->p;

		if (quoted && ch == '"') {
			if (c->p + 1 < c->end && c->p[1] == '"') {
				(void)!yj_buf_addc(&c->field, '"');
				c->p += 2;
				continue;
			}
			quoted = false;		/* closing quote */
			c->p++;
			continue;
		}
		if (!quoted && (ch == c->sep || ch == '\n' || ch == '\r'))
			break;
		if (ch == '\n')
			c->line++;
		(void)!yj_buf_addc(&c->field, ch);
		c->p++;
	}
	*out = clip(a, yj_buf_cstr(&c->field), c->field.len);
	*eol = true;
	if (c->p < c->end && *c->p == c->sep) {
		c->p++;
		*eol = false;
	} else if (c->p < c->end) {
		if (*c->p == '\r')
			c->p++;
		if (c->p < c->end && *c->p == '\n')
			c->p++;
		c->line++;
	}
	return 0;
}

/* csv_record - the fields of the next record; returns their number */
static size_t
csv_record(struct csv *c, struct yj_arena *a, const char **v, size_t *line)
{
	size_t n = 0;
	bool eol = false;
	const char *f;

	*line = c->line;
	while (!eol && c->p < c->end) {
		csv_field(c, a, &f, &eol);
		if (n < MAX_FIELDS)
			v[n++] = f;
	}
	return n;
}

/* fold_header - NFKC_Casefold, letters and digits only */
static const char *
fold_header(struct yj_arena *a, const char *h)
{
	const char *f = yj_nfkc_casefold(a, h, strlen(h));
	char *o = yj_arena_alloc(a, strlen(f) + 1), *q = o;
	const char *p = f, *end = f + strlen(f), *s;
	long cp;

	while (p < end) {
		s = p;
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			p++;
			continue;
		}
		if (cp < 0x80 && !((cp >= 'a' && cp <= 'z') ||
		    (cp >= '0' && cp <= '9')))
			continue;
		if (cp == 0x3000 || cp == 0x30fb || cp == 0xff08 ||
		    cp == 0xff09)
			continue;	/* 　・（） */
		memcpy(q, s, (size_t)(p - s));
		q += p - s;
	}
	*q = '\0';
	return o;
}

/* map_header - which field each column holds */
static int
map_header(struct yj_arena *a, const char **cols, size_t n, int *col_of)
{
	size_t i, k, j;
	const char *h;

	for (k = 0; k < F_COUNT; k++)
		col_of[k] = -1;
	for (i = 0; i < n; i++) {
		h = fold_header(a, cols[i]);
		for (k = 0; k < F_COUNT; k++)
			for (j = 0; headers[k][j] != NULL; j++)
				if (col_of[k] < 0 &&
				    strcmp(h, headers[k][j]) == 0)
					col_of[k] = (int)i;
	}
	return col_of[F_EMAIL] >= 0 || col_of[F_EMAIL2] >= 0 ? 0 : YJ_EINVAL;
}

/* flavour - whose export the header looks like */
static const char *
flavour(struct yj_arena *a, const char **cols, size_t n)
{
	size_t i;
	const char *h;

	for (i = 0; i < n; i++) {
		h = fold_header(a, cols[i]);
		if (strcmp(h, "primaryemail") == 0)
			return "thunderbird";
		if (strcmp(h, "email1value") == 0)
			return "google";
		if (strcmp(h, "email2address") == 0 ||
		    strcmp(h, "電子メール2アドレス") == 0)
			return "outlook";
	}
	return "csv";
}

/* pick_sep - the separator the header line uses most */
static char
pick_sep(const char *p, const char *end)
{
	size_t comma = 0, tab = 0, semi = 0;

	for (; p < end && *p != '\n'; p++) {
		comma += *p == ',';
		tab += *p == '\t';
		semi += *p == ';';
	}
	if (tab > comma && tab >= semi)
		return '\t';
	if (semi > comma)
		return ';';
	return ',';
}

/* blank_row - every field empty */
static bool
blank_row(const char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (*v[i] != '\0')
			return false;
	return true;
}

/* csv_row - one data row against the header */
static void
csv_row(struct import *im, const char **v, size_t n, size_t ncols,
    const int *col_of, size_t line)
{
	struct record r;
	size_t k;

	if (n != ncols) {
		problem(im, line, false, "%zu fields where the header has %zu "
		    "(%s column%s)", n, ncols, n < ncols ? "missing" : "extra",
		    (n < ncols ? ncols - n : n - ncols) > 1 ? "s" : "");
		return;
	}
	memset(&r, 0, sizeof(r));
	r.line = line;
	for (k = 0; k < F_COUNT; k++)
		r.v[k] = col_of[k] >= 0 ? v[col_of[k]] : NULL;
	for (k = F_EMAIL; k <= F_EMAIL3; k++)
		if (r.v[k] != NULL && *r.v[k] != '\0')
			r.emails[r.nemails++] = r.v[k];
	take_record(im, &r);
}

/* parse_csv - every row of a CSV file */
static int
parse_csv(struct import *im, const char *text, char *err, size_t errsz)
{
	struct csv c = { text, text + strlen(text), 1, ',', { 0 } };
	const char **v = yj_arena_allocarray(im->a, MAX_FIELDS, sizeof(*v));
	const char **hdr;
	int col_of[F_COUNT];
	size_t n, ncols, line;

	yj_buf_init(&c.field, 64 * 1024);
	c.sep = pick_sep(c.p, c.end);
	ncols = csv_record(&c, im->a, v, &line);
	hdr = yj_arena_allocarray(im->a, ncols + 1, sizeof(*hdr));
	memcpy(hdr, v, ncols * sizeof(*hdr));
	if (map_header(im->a, hdr, ncols, col_of) != 0) {
		snprintf(err, errsz, "no e-mail column in the header line of "
		    "'%s' (expected a column such as 'email', 'E-mail "
		    "Address', 'Primary Email' or '電子メール アドレス')",
		    im->source);
		yj_buf_release(&c.field);
		return YJ_EINVAL;
	}
	im->rep->format = flavour(im->a, hdr, ncols);
	while (c.p < c.end) {
		n = csv_record(&c, im->a, v, &line);
		if (n == 0 || blank_row(v, n))
			continue;
		csv_row(im, v, n, ncols, col_of, line);
	}
	yj_buf_release(&c.field);
	return 0;
}

/* ---- vCard --------------------------------------------------------------- */

struct vprop {
	const char	*name;		/* upper case, group dropped */
	const char	*params;	/* raw, upper case */
	const char	*value;		/* raw */
	size_t		 line;
};

/* hexval - value of a hex digit, -1 if it is none */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* qp_decode - quoted-printable to bytes */
static char *
qp_decode(struct yj_arena *a, const char *s, size_t *outlen)
{
	size_t n = strlen(s), i, o = 0;
	char *out = yj_arena_alloc(a, n + 1);
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '=' && i + 2 < n + 1 && s[i + 1] != '\0' &&
		    (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* param - the value of NAME=value in params, or NULL */
static const char *
param(struct yj_arena *a, const char *params, const char *name)
{
	const char *p = params;
	size_t n = strlen(name), e;

	while (p != NULL && *p != '\0') {
		if (*p == ';')
			p++;
		if (strncmp(p, name, n) == 0 && p[n] == '=') {
			p += n + 1;
			for (e = 0; p[e] != '\0' && p[e] != ';'; e++)
				;
			return yj_arena_memdup(a, p, e);
		}
		p = strchr(p, ';');
	}
	return NULL;
}

/* has_word - params hold a bare word (2.1: "QUOTED-PRINTABLE") */
static bool
has_word(const char *params, const char *w)
{
	const char *p = strstr(params, w);
	size_t n = strlen(w);

	return p != NULL && (p == params || p[-1] == ';' || p[-1] == '=' ||
	    p[-1] == ',') && (p[n] == '\0' || p[n] == ';' || p[n] == ',');
}

/*
 * vvalue - a property's value as UTF-8, escapes kept: its own CHARSET
 * first (vCard 2.1 phones write Shift_JIS per property), else the
 * file's, else UTF-8
 */
static const char *
vvalue(struct import *im, const struct vprop *pr)
{
	const char *cs = param(im->a, pr->params, "CHARSET");
	const char *v = pr->value;
	size_t n = strlen(v);

	if (has_word(pr->params, "QUOTED-PRINTABLE"))
		v = qp_decode(im->a, v, &n);
	if (cs == NULL && !yj_utf8_valid(v, n))
		cs = im->charset;
	if (cs != NULL || !yj_utf8_valid(v, n))
		v = yj_charset_to_utf8(im->a, cs, v, n, NULL, NULL);
	return v;
}

/* vsplit - component i of a ';'-separated value, unescaped */
static const char *
vsplit(struct yj_arena *a, const char *v, size_t want)
{
	struct yj_buf b;
	size_t comp = 0;
	const char *out;

	yj_buf_init(&b, MAX_VALUE);
	for (; *v != '\0'; v++) {
		if (*v == '\\' && v[1] != '\0') {
			v++;
			if (comp == want)
				(void)!yj_buf_addc(&b, *v == 'n' || *v == 'N' ?
				    ' ' : *v);
			continue;
		}
		if (*v == ';') {
			if (++comp > want)
				break;
			continue;
		}
		if (comp == want)
			(void)!yj_buf_addc(&b, *v);
	}
	out = clip(a, yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	return out;
}

/* vcard_record - one card's properties into a record */
static void
vcard_record(struct import *im, const struct vprop *pv, size_t n,
    size_t line)
{
	struct record r;
	const char *v, *sort;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.line = line;
	for (i = 0; i < n; i++) {
		const struct vprop *p = &pv[i];

		v = vvalue(im, p);
		if (strcmp(p->name, "FN") == 0) {
			r.v[F_NAME] = vsplit(im->a, v, 0);
		} else if (strcmp(p->name, "N") == 0) {
			r.v[F_LAST] = vsplit(im->a, v, 0);
			r.v[F_FIRST] = vsplit(im->a, v, 1);
			sort = param(im->a, p->params, "SORT-AS");
			if (sort != NULL && r.v[F_READING] == NULL)
				r.v[F_READING] = vsplit(im->a, sort, 0);
		} else if (strcmp(p->name, "EMAIL") == 0 &&
		    r.nemails < MAX_EMAILS) {
			r.emails[r.nemails++] = vsplit(im->a, v, 0);
		} else if (strcmp(p->name, "ORG") == 0) {
			r.v[F_ORG] = vsplit(im->a, v, 0);
			r.v[F_DEPT] = vsplit(im->a, v, 1);
		} else if (strcmp(p->name, "X-PHONETIC-LAST-NAME") == 0) {
			r.v[F_READ_LAST] = vsplit(im->a, v, 0);
		} else if (strcmp(p->name, "X-PHONETIC-FIRST-NAME") == 0) {
			r.v[F_READ_FIRST] = vsplit(im->a, v, 0);
		} else if (strcmp(p->name, "SORT-STRING") == 0 ||
		    (strcmp(p->name, "SOUND") == 0 &&
		    has_word(p->params, "X-IRMC-N"))) {
			r.v[F_READING] = join2(im->a, vsplit(im->a, v, 0),
			    vsplit(im->a, v, 1));
		}
	}
	take_record(im, &r);
}

/* vline - split "group.NAME;params:value" */
static bool
vline(struct yj_arena *a, char *s, struct vprop *p)
{
	char *colon = strchr(s, ':'), *semi, *dot, *q;

	if (colon == NULL)
		return false;
	*colon = '\0';
	p->value = colon + 1;
	semi = strchr(s, ';');
	if (semi != NULL)
		*semi = '\0';
	dot = strrchr(s, '.');
	p->name = yj_arena_strdup(a, dot != NULL ? dot + 1 : s);
	p->params = yj_arena_strdup(a, semi != NULL ? semi + 1 : "");
	for (q = (char *)p->name; *q; q++)
		*q = (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
	for (q = (char *)p->params; *q; q++)
		*q = (char)(*q >= 'a' && *q <= 'z' ? *q - 32 : *q);
	return true;
}

/* next_line - the next unfolded line (QP soft breaks joined) */
static char *
next_line(struct yj_arena *a, const char **pp, const char *end,
    size_t *line, size_t *start_line)
{
	struct yj_buf b;
	const char *p = *pp, *e;
	char *out;
	size_t n;

	yj_buf_init(&b, 1024 * 1024);
	*start_line = *line;
	for (;;) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		n = (size_t)(e - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		(void)!yj_buf_add(&b, p, n);
		p = e < end ? e + 1 : end;
		(*line)++;
		if (p < end && (*p == ' ' || *p == '\t')) {
			p++;		/* folded line */
			continue;
		}
		if (n > 0 && b.len > 0 && b.data[b.len - 1] == '=' &&
		    strstr(yj_buf_cstr(&b), "QUOTED-PRINTABLE") != NULL &&
		    p < end) {
			b.len--;	/* soft line break */
			b.data[b.len] = '\0';
			continue;
		}
		break;
	}
	*pp = p;
	out = yj_arena_memdup(a, yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	return out;
}

/* parse_vcard - every card */
static int
parse_vcard(struct import *im, const char *text)
{
	const char *p = text, *end = text + strlen(text);
	struct vprop props[256];
	size_t line = 1, at, card_line = 0, n = 0;
	bool in = false;
	char *s;

	im->rep->format = "vcard";
	while (p < end) {
		s = next_line(im->a, &p, end, &line, &at);
		if (yj_str_ieq(s, "BEGIN:VCARD")) {
			in = true;
			n = 0;
			card_line = at;
		} else if (yj_str_ieq(s, "END:VCARD")) {
			if (in)
				vcard_record(im, props, n, card_line);
			in = false;
		} else if (in && n < 256 && vline(im->a, s, &props[n])) {
			props[n++].line = at;
		}
	}
	if (in)
		problem(im, card_line, false, "card without END:VCARD");
	return 0;
}

/* ---- the import ------------------------------------------------------- */

struct put_arg {
	struct import	*im;
	size_t		 created, updated, unchanged;
};

/* put_all - transaction body */
static int
put_all(struct yj_db *db, void *arg)
{
	struct put_arg *pa = arg;
	enum yj_contacts_put_result res;
	int64_t now = yj_time_now();
	size_t i;
	int rc;

	pa->created = pa->updated = pa->unchanged = 0;
	for (i = 0; i < pa->im->nc; i++) {
		if ((rc = yj_contacts_put(db, &pa->im->c[i], now, &res)) != 0)
			return rc;
		pa->created += res == YJ_CONTACT_CREATED;
		pa->updated += res == YJ_CONTACT_UPDATED;
		pa->unchanged += res == YJ_CONTACT_UNCHANGED;
	}
	return 0;
}

/* looks_like_vcard - the first non-blank text is BEGIN:VCARD */
static bool
looks_like_vcard(const char *t)
{
	while (*t == ' ' || *t == '\t' || *t == '\r' || *t == '\n')
		t++;
	return yj_str_iprefix(t, "BEGIN:VCARD");
}

/* yj_know_import_contacts - parse a file and store its contacts */
int
yj_know_import_contacts(struct yj_store *store, struct yj_arena *a,
    const char *source, const char *data, size_t len,
    enum yj_contacts_format fmt, bool dry_run,
    struct yj_contacts_report *rep, char *err, size_t errsz)
{
	struct import im = { .a = a, .source = source, .rep = rep };
	struct put_arg pa = { .im = &im };
	const char *text;
	struct yj_db *db;
	int rc;

	memset(rep, 0, sizeof(*rep));
	text = decode(a, data, len, &rep->charset, &im.charset);
	if (fmt == YJ_CONTACTS_VCARD ||
	    (fmt == YJ_CONTACTS_AUTO && looks_like_vcard(text))) {
		/* values are converted one by one: the raw bytes, then */
		if (im.charset != NULL)
			text = strip_nul(a, data, len);
		rc = parse_vcard(&im, text);
	} else {
		rc = parse_csv(&im, text, err, errsz);
	}
	if (rc != 0)
		return rc;
	if (dry_run || im.nc == 0) {
		rep->created = im.nc;
		return 0;
	}
	if ((rc = yj_store_db(store, &db)) != 0 ||
	    (rc = yj_db_transact(db, 0, put_all, &pa)) != 0) {
		snprintf(err, errsz, "cannot store the contacts of '%s': %s",
		    source, yj_store_errmsg(store));
		return rc;
	}
	rep->created = pa.created;
	rep->updated = pa.updated;
	rep->unchanged = pa.unchanged;
	return 0;
}

/* add_key - append k unless empty or present */
static void
add_key(struct yj_arena *a, struct yj_strvec *v, const char *k)
{
	if (k != NULL && *k != '\0' && !yj_strvec_has(v, k))
		yj_strvec_push(a, v, k);
}

/* cjk_prefixes - the first 2..4 code points of a spaceless CJK name */
static void
cjk_prefixes(struct yj_arena *a, struct yj_strvec *v, const char *key)
{
	const char *p = key, *end = key + strlen(key);
	size_t ncp = 0, total = 0;

	while (p < end) {
		if (yj_utf8_decode(&p, end) < 0)
			p++;
		total++;
	}
	for (p = key; p < end && ncp < 4 && ncp + 1 < total;) {
		if (yj_utf8_decode(&p, end) < 0)
			p++;
		if (++ncp >= 2 && ncp + 1 <= total)
			add_key(a, v, yj_arena_memdup(a, key,
			    (size_t)(p - key)));
	}
}

/* name_keys - keys of one name: whole, parts, CJK prefixes */
static void
name_keys(struct yj_arena *a, struct yj_strvec *v, const char *name)
{
	const char **parts, *full;
	size_t n, i;

	if (name == NULL || *name == '\0')
		return;
	full = yj_personname_key(a, name);
	add_key(a, v, full);
	n = yj_personname_parts(a, name, &parts);
	if (n > 1)
		for (i = 0; i < n; i++)
			add_key(a, v, parts[i]);
	else if (yj_name_is_cjk(full))
		cjk_prefixes(a, v, full);
}

/* yj_know_contact_keys - every key a contact is found under */
size_t
yj_know_contact_keys(struct yj_arena *a, const char *name,
    const char *reading, const char ***keys)
{
	struct yj_strvec v = { 0 };

	name_keys(a, &v, name);
	name_keys(a, &v, reading);
	*keys = v.v;
	return v.nr;
}
