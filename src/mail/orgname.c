/*
 * orgname.c - keys for organisation and person names, and organisation
 * names marked by a legal form in running text
 *
 * Everything starts from NFKC_Casefold (mail/charset.c), which already
 * turns ㈱ and （株） into (株), full-width letters into ASCII and
 * half-width katakana into full width.  What is left is done here on
 * code points:
 *
 *  - Japanese legal forms are removed as substrings, longest first, so
 *    医療法人社団 goes before 医療法人 can leave 社団 behind.  They may
 *    stand before or after the name, with or without a space.
 *  - English legal forms are removed as trailing words only ("Acme
 *    Trading Co., Ltd." loses "co." and "ltd."; "Company Store Inc."
 *    keeps "company"), and never the last word left.
 *  - A key keeps letters and digits (ICU u_isalnum; the prolonged sound
 *    mark ー and 々 are letters there), so spaces, dots, hyphens and
 *    middle dots stop mattering.
 *
 * Person names fold katakana into hiragana as well, because contacts
 * give a kana reading in either script and greetings may use either.
 *
 * Extraction walks the text once per legal-form spelling with memmem:
 * the list is short and fixed, and texts reach it only when learning.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

#include "mail/charset.h"
#include "mail/orgname.h"
#include "util/sort.h"
#include "util/buf.h"
#include "util/str.h"

#define MAX_NAME_CP	24	/* code points of an extracted name */
#define MAX_EN_WORDS	5	/* capitalised words before "Inc." */

/* Japanese legal forms after NFKC_Casefold, longest first. */
static const char *const ja_forms[] = {
	"社会保険労務士法人", "特定非営利活動法人", "地方独立行政法人",
	"独立行政法人", "国立大学法人", "一般社団法人", "一般財団法人",
	"公益社団法人", "公益財団法人", "医療法人社団", "医療法人財団",
	"司法書士法人", "行政書士法人", "社会福祉法人", "弁護士法人",
	"税理士法人", "株式会社", "有限会社", "合同会社", "合資会社",
	"合名会社", "相互会社", "医療法人", "学校法人", "宗教法人",
	"監査法人", "npo法人", "(特非)", "(一社)", "(一財)", "(公社)",
	"(公財)", "(株)", "(有)", "(合)", "(同)", "(資)", "(名)", "(社)",
	"(財)", "(医)", "(学)", "(福)", "(独)", "(宗)", NULL
};

/* The same forms as they may stand in text that was not normalised. */
static const char *const ja_marks[] = {
	"株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
	"(株)", "（株）", "\xe3\x88\xb1" /* ㈱ */, "(有)", "（有）",
	"\xe3\x88\xb2" /* ㈲ */, "(同)", "（同）", NULL
};

/* English legal forms: trailing words, compared without '.' and ','. */
static const char *const en_forms[] = {
	"co", "ltd", "limited", "inc", "incorporated", "corp",
	"corporation", "company", "llc", "l.l.c", "llp", "lp", "l.p", "plc",
	"gmbh", "kk", "k.k", "pte", "pty", NULL
};

/* Words that mark an English name in text (case as written). */
static const char *const en_marks[] = {
	"Co., Ltd.", "Co.,Ltd.", "Co. Ltd.", "Co., Ltd", "Inc.", "Inc",
	"INC.", "Corp.", "Corporation", "CORP.", "Ltd.", "Limited", "LLC",
	"L.L.C.", "K.K.", "GmbH", "plc", "PLC", "Co.", NULL
};

/* Honorifics after a person's name, after NFKC_Casefold. */
static const char *const honorifics[] = {
	"先生", "さま", "サマ", "さん", "サン", "くん", "ちゃん", "どの",
	"御中", "各位", "様", "殿", "君", "氏", "-san", NULL
};

/* Titles before a person's name, casefolded, without '.'. */
static const char *const titles[] = {
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam",
	"dear", NULL
};

/* in_list - s[0..n) equals one of list */
static bool
in_list(const char *const *list, const char *s, size_t n)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}

/* is_space_cp - separators between name tokens */
static bool
is_space_cp(long cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' ||
	    cp == 0x3000 || cp == ',' || cp == 0x3001;
}

/* is_name_cp - letters and digits (ICU), which ー and 々 are */
static bool
is_name_cp(long cp)
{
	return cp >= 0 && u_isalnum((UChar32)cp);
}

/* kata_to_hira - fold one katakana code point to hiragana */
static long
kata_to_hira(long cp)
{
	return cp >= 0x30a1 && cp <= 0x30f6 ? cp - 0x60 : cp;
}

/* cp_count - code points in s */
static size_t
cp_count(const char *s)
{
	const char *p = s, *end = s + strlen(s);
	size_t n = 0;

	while (p < end) {
		if (yj_utf8_decode(&p, end) < 0)
			p++;
		n++;
	}
	return n;
}

/* keep_alnum - letters and digits of s, katakana folded if asked */
static char *
keep_alnum(struct yj_arena *a, const char *s, bool fold_kana)
{
	const char *p = s, *end = s + strlen(s);
	char *out = yj_arena_alloc(a, strlen(s) + 1), *o = out;
	long cp;

	while (p < end) {
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			p++;
			continue;
		}
		if (!is_name_cp(cp))
			continue;
		if (fold_kana)
			cp = kata_to_hira(cp);
		o += yj_utf8_encode((unsigned long)cp, o);
	}
	*o = '\0';
	return out;
}

/* remove_ja_forms - blank out every Japanese legal form in s (in place) */
static void
remove_ja_forms(char *s)
{
	size_t i, n;
	char *hit;

	for (i = 0; ja_forms[i] != NULL; i++) {
		n = strlen(ja_forms[i]);
		while ((hit = strstr(s, ja_forms[i])) != NULL)
			memset(hit, ' ', n);
	}
}

struct tokens {
	const char	*v[64];
	size_t		 len[64];
	size_t		 n;
};

/* tokenize - split s at separators (no copies) */
static void
tokenize(const char *s, struct tokens *t)
{
	const char *p = s, *end = s + strlen(s), *start = NULL, *q;
	long cp;

	t->n = 0;
	while (p <= end) {
		q = p;
		cp = p < end ? yj_utf8_decode(&p, end) : ' ';
		if (p == q)
			p++;	/* bad byte or the end */
		if (!is_space_cp(cp)) {
			if (start == NULL)
				start = q;
			continue;
		}
		if (start != NULL && t->n < 64) {
			t->v[t->n] = start;
			t->len[t->n++] = (size_t)(q - start);
		}
		start = NULL;
	}
}

/* bare_len - length of a token without trailing dots */
static size_t
bare_len(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == '.')
		n--;
	return n;
}

/* join - tokens[from..to) joined by one space */
static char *
join(struct yj_arena *a, const struct tokens *t, size_t from, size_t to)
{
	struct yj_buf b;
	size_t i, n;
	char *out;

	yj_buf_init(&b, 4096);
	for (i = from; i < to; i++) {
		if (i > from && yj_buf_addc(&b, ' ') != 0)
			break;
		if (yj_buf_add(&b, t->v[i], t->len[i]) != 0)
			break;
	}
	out = yj_arena_memdup(a, yj_buf_cstr(&b), b.len);
	yj_buf_release(&b);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '.' || out[n - 1] == '&' ||
	    out[n - 1] == '-'))
		out[--n] = '\0';
	return out;
}

/* core_of - legal forms off, tokens joined; *had_form set if any went */
static char *
core_of(struct yj_arena *a, const char *name, bool *had_form)
{
	char *s = yj_nfkc_casefold(a, name, strlen(name));
	char *before = yj_arena_strdup(a, s);
	struct tokens t;
	size_t from = 0, to;

	remove_ja_forms(s);
	*had_form = strcmp(s, before) != 0;
	tokenize(s, &t);
	to = t.n;
	while (to > from + 1 && in_list(en_forms, t.v[to - 1],
	    bare_len(t.v[to - 1], t.len[to - 1]))) {
		to--;
		*had_form = true;
	}
	if (to > from + 1 && t.len[from] == 3 && memcmp(t.v[from], "the",
	    3) == 0)
		from++;
	return join(a, &t, from, to);
}

/* yj_orgname_core - searchable form of an organisation name */
char *
yj_orgname_core(struct yj_arena *a, const char *name)
{
	bool had;
	char *core = core_of(a, name, &had);

	if (cp_count(keep_alnum(a, core, false)) < YJ_ORGNAME_MIN_KEY)
		return yj_arena_strdup(a, "");
	return core;
}

/* yj_orgname_key - matching key of an organisation name */
char *
yj_orgname_key(struct yj_arena *a, const char *name)
{
	bool had;
	char *key = keep_alnum(a, core_of(a, name, &had), false);

	if (cp_count(key) < YJ_ORGNAME_MIN_KEY)
		return yj_arena_strdup(a, "");
	return key;
}

/* yj_orgname_has_legal_form - a legal form was there to remove */
bool
yj_orgname_has_legal_form(struct yj_arena *a, const char *name)
{
	bool had;

	(void)core_of(a, name, &had);
	return had;
}

/* yj_name_fold - letters and digits, NFKC_Casefold, kana folded */
char *
yj_name_fold(struct yj_arena *a, const char *s, size_t n)
{
	return keep_alnum(a, yj_nfkc_casefold(a, s, n), true);
}

/* strip_honorific - length of token t[0..n) without a trailing one */
static size_t
strip_honorific(const char *t, size_t n)
{
	size_t i, h;

	for (i = 0; honorifics[i] != NULL; i++) {
		h = strlen(honorifics[i]);
		if (n > h && memcmp(t + n - h, honorifics[i], h) == 0)
			return n - h;
		if (n == h && memcmp(t, honorifics[i], h) == 0)
			return 0;
	}
	return n;
}

/* person_tokens - the name's parts without titles and honorifics */
static void
person_tokens(struct yj_arena *a, const char *name, struct tokens *t)
{
	char *s = yj_nfkc_casefold(a, name, strlen(name));
	char *p;
	size_t i, j, n;

	for (p = s; *p != '\0'; p++)	/* ・ and / split names too */
		if (*p == '/')
			*p = ' ';
	while ((p = strstr(s, "\xe3\x83\xbb")) != NULL)
		memcpy(p, "   ", 3);
	tokenize(s, t);
	for (i = j = 0; i < t->n; i++) {
		n = strip_honorific(t->v[i], t->len[i]);
		if (n == 0 || (i == 0 && t->n > 1 &&
		    in_list(titles, t->v[i], bare_len(t->v[i], n))))
			continue;
		t->v[j] = t->v[i];
		t->len[j++] = n;
	}
	t->n = j;
}

/* yj_personname_key - matching key of a person's name */
char *
yj_personname_key(struct yj_arena *a, const char *name)
{
	struct tokens t;
	char *joined;

	person_tokens(a, name, &t);
	joined = join(a, &t, 0, t.n);
	return keep_alnum(a, joined, true);
}

/* yj_personname_parts - keys of each part of a name */
size_t
yj_personname_parts(struct yj_arena *a, const char *name,
    const char ***parts)
{
	struct tokens t;
	const char **v;
	size_t i, n = 0;
	char *k;

	person_tokens(a, name, &t);
	v = yj_arena_allocarray(a, t.n + 1, sizeof(*v));
	for (i = 0; i < t.n; i++) {
		k = keep_alnum(a, yj_arena_memdup(a, t.v[i], t.len[i]), true);
		if (*k != '\0')
			v[n++] = k;
	}
	*parts = v;
	return n;
}

/* yj_name_is_cjk - any kanji or kana in the key */
bool
yj_name_is_cjk(const char *key)
{
	const char *p = key, *end = key + strlen(key);
	long cp;

	while (p < end) {
		cp = yj_utf8_decode(&p, end);
		if (cp < 0) {
			p++;
			continue;
		}
		if (cp >= 0x3040)
			return true;
	}
	return false;
}

/* ---- extraction ------------------------------------------------------ */

/* is_ja_name_cp - may stand in a Japanese organisation name */
static bool
is_ja_name_cp(long cp)
{
	if (cp >= 0x3041 && cp <= 0x309f)	/* hiragana ends a name */
		return false;
	if (cp == 0x30fb || cp == '&' || cp == '.')
		return true;	/* ・ & . inside names (checked at edges) */
	return is_name_cp(cp);
}

/* prev_cp - the code point before p (not before start), moving *pp */
static long
prev_cp(const char *start, const char **pp)
{
	const char *p = *pp, *q;
	long cp;

	if (p <= start)
		return -1;
	q = p - 1;
	while (q > start && ((unsigned char)*q & 0xc0) == 0x80 && p - q < 4)
		q--;
	*pp = q;
	cp = yj_utf8_decode(&q, p);
	return cp;
}

/* trim_edges - drop name punctuation at the ends of [*s, *e) */
static void
trim_edges(const char **s, const char **e)
{
	const char *p;
	long cp;

	for (;;) {
		p = *s;
		cp = yj_utf8_decode(&p, *e);
		if (cp == 0x30fb || cp == '&' || cp == '.')
			*s = p;
		else
			break;
	}
	for (;;) {
		p = *e;
		cp = prev_cp(*s, &p);
		if (cp == 0x30fb || cp == '&' || cp == '.')
			*e = p;
		else
			break;
	}
}

/* ja_after - the name after a prefix form, from p */
static size_t
ja_after(const char *p, const char *end, const char **startp)
{
	const char *s, *q = p;
	size_t ncp = 0;
	long cp;

	if (q < end && *q == ' ')
		q++;
	else if (end - q >= 3 && memcmp(q, "\xe3\x80\x80", 3) == 0)
		q += 3;
	s = q;
	while (q < end && ncp < MAX_NAME_CP) {
		p = q;
		cp = yj_utf8_decode(&q, end);
		if (cp < 0 || !is_ja_name_cp(cp)) {
			q = p;
			break;
		}
		ncp++;
	}
	*startp = s;
	return (size_t)(q - s);
}

/* ja_before - the name before a suffix form ending at p */
static size_t
ja_before(const char *text, const char *p, const char **startp)
{
	const char *q = p, *r;
	size_t ncp = 0;
	long cp;

	if (q > text && q[-1] == ' ')
		q--;
	else if (q - text >= 3 && memcmp(q - 3, "\xe3\x80\x80", 3) == 0)
		q -= 3;
	r = q;
	while (ncp < MAX_NAME_CP) {
		const char *t = r;

		cp = prev_cp(text, &t);
		if (cp < 0 || !is_ja_name_cp(cp))
			break;
		r = t;
		ncp++;
	}
	*startp = r;
	return (size_t)(q - r);
}

struct found {
	struct yj_arena		*a;
	const char		*text;
	struct yj_orgname_mark	*v;
	size_t			 n;
	size_t			 max;
};

/* add_mark - record text[s..e) if its key is new and long enough */
static void
add_mark(struct found *f, const char *s, const char *e)
{
	struct yj_orgname_mark *m;
	char *name, *key;
	size_t i;

	if (f->n >= f->max || e <= s)
		return;
	name = yj_arena_memdup(f->a, s, (size_t)(e - s));
	key = yj_orgname_key(f->a, name);
	if (*key == '\0')
		return;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->v[i].key, key) == 0)
			return;
	m = &f->v[f->n++];
	m->name = yj_str_trim(f->a, name, strlen(name));
	m->key = key;
	m->off = (size_t)(s - f->text);
	m->len = (size_t)(e - s);
}

/* ja_honorific_tail - bytes of 様/御中/殿/各位/宛 ending the run */
static size_t
ja_honorific_tail(const char *s, size_t n)
{
	static const char *const tails[] = { "御中", "各位", "様", "殿",
		"宛", NULL };
	size_t i, t;

	for (i = 0; tails[i] != NULL; i++) {
		t = strlen(tails[i]);
		if (n > t && memcmp(s + n - t, tails[i], t) == 0)
			return t;
	}
	return 0;
}

/* ja_mark - one Japanese legal form at hit (mark of mlen bytes) */
static void
ja_mark(struct found *f, const char *end, const char *hit, size_t mlen)
{
	const char *bs, *as, *s, *e;
	size_t bn, an;

	bn = ja_before(f->text, hit, &bs);
	an = ja_after(hit + mlen, end, &as);
	if (bn > 0 && (an == 0 || bs + bn == hit)) {
		e = bs + bn;	/* A商事株式会社: the name stands before */
		trim_edges(&bs, &e);
		s = bs;
		e = hit + mlen;
	} else if (an > 0) {
		s = hit;	/* 株式会社A商事 */
		e = as + an;
		e -= ja_honorific_tail(as, an);
		trim_edges(&as, &e);
	} else {
		return;
	}
	add_mark(f, s, e);
}

/* is_upper_word - starts with an ASCII capital or a digit */
static bool
is_upper_word(const char *s)
{
	return (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
}

/* en_word_before - start of the word ending right before p, or NULL */
static const char *
en_word_before(const char *text, const char *p)
{
	const char *q = p;

	while (q > text && (q[-1] == ' ' || q[-1] == ','))
		q--;
	if (q == text || q[-1] == '\n' || p - q > 2)
		return NULL;
	p = q;
	while (q > text && q[-1] != ' ' && q[-1] != '\n' && q[-1] != '\t' &&
	    q[-1] != '(' && q[-1] != '"' && (unsigned char)q[-1] < 0x80)
		q--;
	return q < p ? q : NULL;
}

/* is_en_form - the word at w (at most n bytes) is a legal form */
static bool
is_en_form(const char *w, size_t n)
{
	char low[16];
	size_t i;

	for (i = 0; i < n && i < sizeof(low) - 1 && w[i] != ' ' &&
	    w[i] != ','; i++)
		low[i] = (char)yj_ascii_lower((unsigned char)w[i]);
	return in_list(en_forms, low, bare_len(low, i));
}

/* en_mark - one English legal form at hit */
static void
en_mark(struct found *f, const char *end, const char *hit, size_t mlen)
{
	const char *s = hit, *w;
	int words = 0;

	if (hit + mlen < end && ((hit[mlen] >= 'a' && hit[mlen] <= 'z') ||
	    (hit[mlen] >= 'A' && hit[mlen] <= 'Z')))
		return;		/* "Inco", "Corporate" */
	while (words < MAX_EN_WORDS &&
	    (w = en_word_before(f->text, s)) != NULL) {
		if (is_en_form(w, (size_t)(s - w)))
			break;		/* "Dynegy Inc. and Enron Corp." */
		if (is_upper_word(w) || *w == '&' ||
		    (words > 0 && (strncmp(w, "and ", 4) == 0 ||
		    strncmp(w, "of ", 3) == 0))) {
			s = w;
			words++;
			continue;
		}
		break;
	}
	while (s < hit && !is_upper_word(s))	/* no leading "and", "&" */
		s = strchr(s, ' ') ? strchr(s, ' ') + 1 : hit;
	if (words == 0 || s >= hit)
		return;
	add_mark(f, s, hit + mlen);
}

/* scan_marks - every occurrence of each mark in list */
static void
scan_marks(struct found *f, const char *end, const char *const *list,
    void (*fn)(struct found *, const char *, const char *, size_t))
{
	const char *p, *hit;
	size_t i, n;

	for (i = 0; list[i] != NULL; i++) {
		n = strlen(list[i]);
		for (p = f->text; p < end &&
		    (hit = memmem(p, (size_t)(end - p), list[i], n)) != NULL;
		    p = hit + n) {
			if (hit > f->text && list == en_marks &&
			    ((hit[-1] >= 'a' && hit[-1] <= 'z') ||
			    (hit[-1] >= 'A' && hit[-1] <= 'Z')))
				continue;
			fn(f, end, hit, n);
		}
	}
}

/* by_offset - sort marks by position */
static int
by_offset(const void *a, const void *b)
{
	const struct yj_orgname_mark *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* yj_orgname_extract - organisation names marked by legal forms */
size_t
yj_orgname_extract(struct yj_arena *a, const char *text, size_t len,
    size_t max, struct yj_orgname_mark **v)
{
	struct found f = { a, text, NULL, 0, max };

	f.v = yj_arena_allocarray(a, max + 1, sizeof(*f.v));
	scan_marks(&f, text + len, ja_marks, ja_mark);
	scan_marks(&f, text + len, en_marks, en_mark);
	yj_sort(f.v, f.n, sizeof(*f.v), by_offset);
	*v = f.v;
	return f.n;
}
