/*
 * pii.c - personal data in text
 *
 * Two PCRE2 patterns do the finding: one for runs of digits that may be
 * grouped (spaces, hyphens and the Unicode dashes, an area code in
 * parentheses, a leading +81), one for e-mail addresses.  A digit run is
 * then classified by its length and its checks, which is simpler and
 * faster than one pattern per kind and lets one run be only one thing: a
 * 12-digit run is never also read as a phone number.  Both patterns are
 * compiled once for the process and JIT-compiled when PCRE2 can.
 *
 * The My Number check digit (個人番号 ordinance, 行政手続における特定の個人
 * を識別するための番号の利用等に関する法律施行令 第8条): with the eleven
 * digits P1..P11 counted from the right and Q = n + 1 for n <= 6, n - 5
 * for n >= 7, the remainder of sum(Pn * Qn) by 11 gives the check digit 0
 * when it is 0 or 1, else 11 - remainder.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <pthread.h>
#include <string.h>

#include "mail/pii.h"
#include "util/str.h"

#define MAX_MATCHES	20000	/* per text and pattern */
#define LABEL_WINDOW	120	/* bytes before a number searched for a label */
#define MAX_LIST_LINES	20000

static pcre2_code *re_digits;
static pcre2_code *re_addr;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static const char digits_pattern[] =
    "(?<![0-9])(\\+81[ \\-\\x{2010}-\\x{2015}\\x{2212}]?|\\()?[0-9]"
    "(?:\\)?[ \\-\\x{2010}-\\x{2015}\\x{2212}]?\\(?[0-9]){7,22}(?![0-9])";
static const char addr_pattern[] =
    "[A-Za-z0-9._%+\\-]{1,64}@[A-Za-z0-9\\-]{1,63}(?:\\.[A-Za-z0-9\\-]{1,63})"
    "{1,8}";

/* Words before a My Number that say what it is (NFKC_Casefold). */
static const char *const labels[] = {
	"個人番号", "マイナンバー", "my number", "mynumber", "my no",
	"通知カード", "individual number", NULL
};

/* Header words of a list of people (NFKC_Casefold). */
static const char *const person_columns[] = {
	"氏名", "名前", "姓名", "ふりがな", "フリガナ", "住所", "電話", "携帯",
	"生年月日", "年齢", "性別", "メール", "郵便番号", "所属", "name",
	"address", "phone", "tel", "mobile", "birth", "dob", "age", "gender",
	"sex", "email", "e-mail", "zip", "postal", NULL
};

/* compile_one - a pattern, JIT-compiled if possible; NULL on failure */
static pcre2_code *
compile_one(const char *pat)
{
	PCRE2_SIZE erroff;
	pcre2_code *re;
	int err;

	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
	    &err, &erroff, NULL);
	if (re != NULL)
		(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* compile - both patterns, once */
static void
compile(void)
{
	re_digits = compile_one(digits_pattern);
	re_addr = compile_one(addr_pattern);
}

/* yj_pii_my_number_ok - the check digit of the My Number */
bool
yj_pii_my_number_ok(const char *d)
{
	unsigned sum = 0, n, q, r, check;
	size_t i;

	for (i = 0; i < 12; i++)
		if (d[i] < '0' || d[i] > '9')
			return false;
	for (n = 1; n <= 11; n++) {
		q = n <= 6 ? n + 1 : n - 5;
		sum += (unsigned)(d[11 - n] - '0') * q;
	}
	r = sum % 11;
	check = r <= 1 ? 0 : 11 - r;
	return (unsigned)(d[11] - '0') == check;
}

/* yj_pii_luhn_ok - the Luhn check */
bool
yj_pii_luhn_ok(const char *d, size_t n)
{
	unsigned sum = 0, v;
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (d[n - 1 - i] < '0' || d[n - 1 - i] > '9')
			return false;
		v = (unsigned)(d[n - 1 - i] - '0');
		if (i % 2 == 1) {
			v *= 2;
			if (v > 9)
				v -= 9;
		}
		sum += v;
	}
	return sum % 10 == 0;
}

/* prefix_in - the first k digits as a number is in [lo, hi] */
static bool
prefix_in(const char *d, size_t n, size_t k, unsigned lo, unsigned hi)
{
	unsigned v = 0;
	size_t i;

	if (n < k)
		return false;
	for (i = 0; i < k; i++)
		v = v * 10 + (unsigned)(d[i] - '0');
	return v >= lo && v <= hi;
}

/* yj_pii_card_brand - the brand whose prefix and length fit */
const char *
yj_pii_card_brand(const char *d, size_t n)
{
	if (d[0] == '4' && (n == 13 || n == 16 || n == 19))
		return "Visa";
	if (n == 16 && (prefix_in(d, n, 2, 51, 55) ||
	    prefix_in(d, n, 4, 2221, 2720)))
		return "Mastercard";
	if (n == 15 && (prefix_in(d, n, 2, 34, 34) ||
	    prefix_in(d, n, 2, 37, 37)))
		return "American Express";
	if (n >= 16 && n <= 19 && prefix_in(d, n, 4, 3528, 3589))
		return "JCB";
	if (n >= 14 && n <= 19 && (prefix_in(d, n, 3, 300, 305) ||
	    prefix_in(d, n, 2, 36, 36) || prefix_in(d, n, 2, 38, 39)))
		return "Diners Club";
	if (n >= 16 && n <= 19 && (prefix_in(d, n, 4, 6011, 6011) ||
	    prefix_in(d, n, 3, 644, 649) || prefix_in(d, n, 2, 65, 65)))
		return "Discover";
	if (n >= 16 && n <= 19 && prefix_in(d, n, 2, 62, 62))
		return "UnionPay";
	return NULL;
}

struct run {
	char		 d[32];		/* the digits */
	size_t		 n;
	size_t		 groups[8];	/* lengths of the digit groups */
	size_t		 ngroups;
	bool		 plus81;
	bool		 paren;
};

/* read_run - digits and grouping of a matched run */
static void
read_run(const char *s, size_t len, struct run *r)
{
	size_t i, cur = 0;

	memset(r, 0, sizeof(*r));
	r->plus81 = len > 3 && memcmp(s, "+81", 3) == 0;
	for (i = r->plus81 ? 3 : 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (r->n < sizeof(r->d) - 1)
				r->d[r->n++] = s[i];
			cur++;
			continue;
		}
		r->paren |= s[i] == '(' || s[i] == ')';
		if (cur > 0 && r->ngroups < 8)
			r->groups[r->ngroups++] = cur;
		cur = 0;
	}
	if (cur > 0 && r->ngroups < 8)
		r->groups[r->ngroups++] = cur;
	r->d[r->n] = '\0';
}

/* is_phone - a Japanese telephone number (digits with its leading 0) */
static bool
is_phone(const char *d, size_t n)
{
	if (d[0] != '0' || d[1] == '0')
		return false;
	if (n == 10)
		return true;
	return n == 11 && d[2] == '0' && strchr("1256789", d[1]) != NULL;
}

/* labelled - a My Number label stands shortly before offset off */
static bool
labelled(const char *text, size_t off)
{
	size_t from = off > LABEL_WINDOW ? off - LABEL_WINDOW : 0, i;

	for (i = 0; labels[i] != NULL; i++)
		if (yj_memimem(text + from, off - from, labels[i],
		    strlen(labels[i])) != NULL)
			return true;
	return false;
}

/* mask - first two and last two digits shown */
static const char *
mask(struct yj_arena *a, const char *d, size_t n)
{
	char *m = yj_arena_memdup(a, d, n);
	size_t i;

	for (i = 2; i + 2 < n; i++)
		m[i] = '*';
	return m;
}

/* add_unique - once into a set */
static bool
add_unique(struct yj_arena *a, struct yj_strvec *v, const char *s)
{
	if (yj_strvec_has(v, s))
		return false;
	yj_strvec_push(a, v, s);
	return true;
}

static void	classify_one(struct yj_arena *, const char *, size_t, size_t,
		    struct yj_pii *, bool);

/* classify_parts - a run that is nothing as a whole, split at spaces
 * ("No. 7 03-1234-5678" holds a phone number) */
static void
classify_parts(struct yj_arena *a, const char *text, size_t off,
    size_t len, struct yj_pii *acc)
{
	size_t i, start = off;

	for (i = off; i <= off + len; i++) {
		if (i < off + len && text[i] != ' ')
			continue;
		if (i > start && (start > off || i < off + len))
			classify_one(a, text, start, i - start, acc, false);
		start = i + 1;
	}
}

/* classify - one digit run */
static void
classify(struct yj_arena *a, const char *text, size_t off, size_t len,
    struct yj_pii *acc)
{
	classify_one(a, text, off, len, acc, true);
}

/* classify_one - one digit run, or its space-separated parts */
static void
classify_one(struct yj_arena *a, const char *text, size_t off, size_t len,
    struct yj_pii *acc, bool whole)
{
	struct run r;

	read_run(text + off, len, &r);
	if (r.n == 12 && !r.plus81 && !r.paren &&
	    yj_pii_my_number_ok(r.d)) {
		bool lab = labelled(text, off);
		bool grouped = r.ngroups == 3 && r.groups[0] == 4 &&
		    r.groups[1] == 4 && r.groups[2] == 4;

		acc->my_numbers++;
		if (lab || grouped)
			acc->my_numbers_sure++;
		acc->my_number_labelled |= lab;
		if (acc->my_number_example == NULL || lab)
			acc->my_number_example = mask(a, r.d, r.n);
		return;
	}
	if (r.n >= 13 && r.n <= 19 && !r.plus81 && yj_pii_luhn_ok(r.d, r.n) &&
	    yj_pii_card_brand(r.d, r.n) != NULL) {
		acc->cards++;
		acc->card_brand = yj_pii_card_brand(r.d, r.n);
		acc->card_example = yj_arena_printf(a, "%s ****%s",
		    acc->card_brand, r.d + r.n - 4);
		return;
	}
	if (r.plus81 && r.n >= 9 && r.n <= 10) {
		memmove(r.d + 1, r.d, r.n + 1);
		r.d[0] = '0';
		r.n++;
	}
	if (is_phone(r.d, r.n)) {
		if (add_unique(a, &acc->phone_set, yj_arena_strdup(a, r.d)))
			acc->phones++;
		return;
	}
	if (whole && memchr(text + off, ' ', len) != NULL)
		classify_parts(a, text, off, len, acc);
}

/*
 * each_match - call fn for every match of re in text.  The text was
 * checked to be UTF-8 once by the caller: PCRE2 would otherwise check the
 * whole subject again at every call, which makes many matches quadratic.
 */
static void
each_match(pcre2_code *re, struct yj_arena *a, const char *text, size_t len,
    struct yj_pii *acc,
    void (*fn)(struct yj_arena *, const char *, size_t, size_t,
    struct yj_pii *))
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov, off = 0;
	size_t count = 0;

	if (re == NULL)
		return;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	while (off < len && count++ < MAX_MATCHES &&
	    pcre2_match(re, (PCRE2_SPTR)text, len, off, PCRE2_NO_UTF_CHECK, md,
	    NULL) > 0) {
		ov = pcre2_get_ovector_pointer(md);
		fn(a, text, ov[0], ov[1] - ov[0], acc);
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	pcre2_match_data_free(md);
}

/* take_addr - one e-mail address */
static void
take_addr(struct yj_arena *a, const char *text, size_t off, size_t len,
    struct yj_pii *acc)
{
	const char *s = text + off, *dot;
	char *low;

	while (len > 0 && (s[len - 1] == '.' || s[len - 1] == '-'))
		len--;
	low = yj_str_lower(a, yj_arena_memdup(a, s, len));
	dot = strrchr(low, '.');
	if (dot == NULL || strlen(dot + 1) < 2 || *low == '.')
		return;
	if (add_unique(a, &acc->addr_set, low))
		acc->addresses++;
}

/* yj_pii_scan - personal data in one text */
void
yj_pii_scan(struct yj_arena *a, const char *text, size_t len,
    struct yj_pii *acc)
{
	if (text == NULL || len == 0 || !yj_utf8_valid(text, len))
		return;
	pthread_once(&once, compile);
	each_match(re_digits, a, text, len, acc, classify);
	if (memchr(text, '@', len) != NULL)
		each_match(re_addr, a, text, len, acc, take_addr);
}

/* header_columns - person column names in a header line */
static size_t
header_columns(const char *s, size_t n)
{
	size_t i, hits = 0;

	for (i = 0; person_columns[i] != NULL; i++)
		if (yj_memimem(s, n, person_columns[i],
		    strlen(person_columns[i])) != NULL)
			hits++;
	return hits;
}

/* line_has_contact - a line with an address or a phone number */
static bool
line_has_contact(struct yj_arena *a, const char *s, size_t n)
{
	struct yj_pii one = { 0 };

	if (memchr(s, '@', n) == NULL && n < 10)
		return false;
	yj_pii_scan(a, s, n, &one);
	return one.addresses > 0 || one.phones > 0;
}

/* yj_pii_people_list - the text looks like a list of people */
bool
yj_pii_people_list(struct yj_arena *a, const char *text, size_t len,
    size_t min_rows, const char **why)
{
	const char *p = text, *end = text + len, *e;
	size_t lines = 0, contact = 0, delimited = 0, header = 0, n;

	for (; p < end && lines < MAX_LIST_LINES; p = e + 1) {
		e = memchr(p, '\n', (size_t)(end - p));
		if (e == NULL)
			e = end;
		n = (size_t)(e - p);
		if (n == 0)
			continue;
		if (lines++ == 0 || header == 0)
			header = header_columns(p, n) >= 2 ? lines : header;
		contact += line_has_contact(a, p, n);
		delimited += memchr(p, ',', n) != NULL ||
		    memchr(p, '\t', n) != NULL;
	}
	if (min_rows > 0 && contact >= min_rows) {
		*why = yj_arena_printf(a, "%zu lines with an address or phone "
		    "number", contact);
		return true;
	}
	if (header > 0 && delimited >= header + (min_rows + 1) / 2) {
		*why = yj_arena_printf(a, "a header of personal columns over "
		    "%zu rows", delimited - 1);
		return true;
	}
	return false;
}
