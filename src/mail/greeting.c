/*
 * greeting.c - salutations at the top of a body
 *
 * Only the head of the text is read: up to YJ_GREETING_LINES non-empty
 * lines that are not quoted, stopping at the first line of running text
 * (a 。, a full stop at the end, or more than LONG_LINE code points).
 * A short line without a greeting before the greeting line ("株式会社
 * A商事" above "営業部 田中様") is kept as pending organisation and
 * department for the greeting that follows it.
 *
 * Japanese lines are cut into tokens at spaces and 、/, so that "田中様、
 * 鈴木様" gives two greetings and "株式会社A商事 営業部 田中様" one
 * greeting with its organisation and department.  A token that ends
 * with an honorific is a name; a token that is only an honorific takes
 * the token before it ("B さん"); the other tokens before it are the
 * organisation (a legal form, or the first one) and departments (部,
 * 課, 室, グループ, ...).  Job titles (部長, 課長, ...) are skipped before
 * a name and act as the honorific after one ("田中部長").
 *
 * English lines start with an opener (Dear, Hi, Hello, Hey, Good
 * morning...); the names run to the first , : ; ! or the end, split at
 * "and", "&" and commas.  A name must start with a capital letter, which
 * is why the text is not casefolded.
 *
 * Accepted misses: greetings placed after a long quotation, names
 * without honorific in Japanese, and names that happen to be in the
 * not-a-name list (a person called 皆).
 */
#include <string.h>

#include "mail/charset.h"
#include "mail/greeting.h"
#include "mail/orgname.h"
#include "util/str.h"

#define HEAD_BYTES	4096	/* of the text normalised and read */
#define LONG_LINE	60	/* code points: running text */
#define MAX_NAME	12	/* code points of a Japanese name */
#define MAX_TOKENS	16
#define MAX_PREFIX	4

/* Honorifics that end a Japanese name; 御中 and 各位 are special. */
static const char *const ja_honorifics[] = {
	"先生", "さま", "さん", "くん", "ちゃん", "殿", "様", "君",
	"御中", "各位", NULL
};

/* Job titles: skipped before a name, an honorific after one. */
static const char *const ja_titles[] = {
	"代表取締役社長", "代表取締役", "取締役", "社長", "副社長", "会長",
	"専務", "常務", "部長", "次長", "課長", "係長", "主任", "室長",
	"所長", "支店長", "局長", "理事長", "院長", "校長", "教授",
	"准教授", "マネージャー", "リーダー", NULL
};

/* Suffixes of departments. */
static const char *const ja_depts[] = {
	"事業部", "本部", "部門", "部", "課", "室", "局", "係", "グループ",
	"チーム", "センター", "支店", "支社", "営業所", "工場", "研究所",
	"事務所", "本社", "担当", NULL
};

/* Words before 様/さん that are not names: greetings and groups. */
static const char *const ja_not_names[] = {
	"お疲れ", "おつかれ", "ご苦労", "ごくろう", "お世話", "おせわ",
	"おかげ", "お陰", "お互い", "ご馳走", "ごちそう", "ご愁傷",
	"お待ち遠", "お客", "おきゃく", "お得意", "ご来場の皆", NULL
};

/* Addressees that are groups (with or without 様). */
static const char *const ja_groups[] = {
	"各位", "皆", "皆々", "みな", "みんな", "皆さま", "みなさま",
	"ご担当者", "ご担当", "担当者", "ご担当者各位", "関係者", "ご関係者",
	"お客", "会員", "ご利用者", "利用者", NULL
};

/* English openers, lower case, with the space that follows them. */
static const char *const en_openers[] = {
	"dear ", "hi ", "hello ", "hey ", "good morning ",
	"good afternoon ", "good evening ", "greetings ", "hiya ", NULL
};

/* English words that address nobody in particular. */
static const char *const en_groups[] = {
	"all", "everyone", "everybody", "team", "sir", "sirs", "madam",
	"colleagues", "customer", "customers", "friends", "members",
	"there", "guys", "folks", "gentlemen", "ladies", "partners",
	"valued", "to", "hiring", "whom", "both", "you", "y'all", NULL
};

/* Words that open a line but name nobody ("Thanks," "Regards,"). */
static const char *const en_not_bare[] = {
	"thanks", "thank", "regards", "best", "cheers", "hello", "hi",
	"hey", "dear", "ok", "okay", "yes", "no", "fyi", "sorry", "note",
	"attached", "please", "update", "all", "team", "folks", "update",
	"greetings", "morning", "congratulations", NULL
};

struct tok {
	const char	*s;
	size_t		 n;
};

struct parse {
	struct yj_arena		*a;
	struct yj_greeting	*v;
	size_t			 nr;
	size_t			 max;
	size_t			 line;
	const char		*pend_org;	/* from the line above */
	const char		*pend_dept;
};

/* has_suffix - s[0..n) ends with suf */
static bool
has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* suffix_in - the longest entry of list that s[0..n) ends with, or NULL */
static const char *
suffix_in(const char *const *list, const char *s, size_t n)
{
	const char *best = NULL;
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (has_suffix(s, n, list[i]) &&
		    (best == NULL || strlen(list[i]) > strlen(best)))
			best = list[i];
	return best;
}

/* eq_in - s[0..n) equals an entry of list */
static bool
eq_in(const char *const *list, const char *s, size_t n)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return true;
	return false;
}

/* ieq_in - ASCII case-insensitive eq_in */
static bool
ieq_in(const char *const *list, const char *s, size_t n)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strlen(list[i]) == n && yj_str_ieqn(list[i], s, n))
			return true;
	return false;
}

/* cps - code points in s[0..n) */
static size_t
cps(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xc0) != 0x80;
	return k;
}

/* dup - arena copy of s[0..n) */
static const char *
dup(struct parse *p, const char *s, size_t n)
{
	return yj_arena_memdup(p->a, s, n);
}

/* emit - record one greeting */
static struct yj_greeting *
emit(struct parse *p, enum yj_greeting_kind kind, const char *text,
    size_t tn)
{
	struct yj_greeting *g;

	if (p->nr >= p->max)
		return NULL;
	g = &p->v[p->nr++];
	memset(g, 0, sizeof(*g));
	g->kind = kind;
	g->text = dup(p, text, tn);
	g->person = g->full = g->org = g->dept = g->honorific = "";
	g->line = p->line;
	return g;
}

/* trim_punct - drop trailing greeting punctuation from a token */
static void
trim_punct(struct tok *t)
{
	static const char *const punct[] = { "、", "。", "：", "！", ",",
		":", "!", ".", ";", NULL };
	size_t i;
	bool again = true;

	while (again && t->n > 0) {
		again = false;
		for (i = 0; punct[i] != NULL; i++)
			if (has_suffix(t->s, t->n, punct[i])) {
				t->n -= strlen(punct[i]);
				again = true;
			}
	}
}

/* split - tokens of a line at spaces, 、 and commas */
static size_t
split(const char *s, size_t n, struct tok *v)
{
	size_t i = 0, start = 0, k = 0, w;

	while (i <= n && k < MAX_TOKENS) {
		w = i == n || s[i] == ' ' || s[i] == '\t' || s[i] == ',' ? 1 :
		    n - i >= 3 && memcmp(s + i, "、", 3) == 0 ? 3 : 0;
		if (w == 0) {
			i++;
			continue;
		}
		if (i > start) {
			v[k].s = s + start;
			v[k++].n = i - start;
		}
		i += w;
		start = i;
	}
	return k;
}

/* classify_prefix - organisation and departments before a name */
static void
classify_prefix(struct parse *p, struct yj_greeting *g, const struct tok *pre,
    size_t npre)
{
	const char *org = p->pend_org, *dept = p->pend_dept;
	size_t i;

	for (i = 0; i < npre; i++) {
		const char *t = dup(p, pre[i].s, pre[i].n);

		if (eq_in(ja_titles, pre[i].s, pre[i].n))
			continue;
		if (yj_orgname_has_legal_form(p->a, t) ||
		    (*org == '\0' && suffix_in(ja_depts, pre[i].s,
		    pre[i].n) == NULL))
			org = t;
		else
			dept = *dept ? yj_arena_printf(p->a, "%s %s", dept, t) :
			    t;
	}
	g->org = org;
	g->dept = dept;
}

/* is_group - a Japanese addressee that is nobody in particular */
static bool
is_group(const char *s, size_t n)
{
	return eq_in(ja_groups, s, n) || has_suffix(s, n, "各位");
}

/* maybe_family - a token short and plain enough to be a family name */
static bool
maybe_family(struct parse *p, const struct tok *t)
{
	return cps(t->s, t->n) <= 4 && (unsigned char)*t->s >= 0x80 &&
	    !eq_in(ja_titles, t->s, t->n) && !suffix_in(ja_depts, t->s, t->n) &&
	    !yj_orgname_has_legal_form(p->a, dup(p, t->s, t->n));
}

/* ja_name - emit a greeting for name t[0..nn) with honorific h */
static bool
ja_name(struct parse *p, const struct tok *t, size_t nn, const char *h,
    const struct tok *pre, size_t npre)
{
	struct yj_greeting *g;
	enum yj_greeting_kind kind = YJ_GREET_PERSON;

	if (nn == 0 || eq_in(ja_not_names, t->s, nn))
		return false;
	if (is_group(t->s, nn) || strcmp(h, "各位") == 0)
		kind = YJ_GREET_GROUP;
	else if (strcmp(h, "御中") == 0 || suffix_in(ja_depts, t->s, nn))
		kind = YJ_GREET_ORG;
	else if (cps(t->s, nn) > MAX_NAME)
		return false;
	g = emit(p, kind, t->s, t->n);
	if (g == NULL)
		return true;
	g->honorific = h;
	if (kind == YJ_GREET_PERSON) {
		g->person = dup(p, t->s, nn);
		if (npre > 0 && maybe_family(p, &pre[npre - 1]))
			g->full = yj_arena_printf(p->a, "%.*s %s",
			    (int)pre[npre - 1].n, pre[npre - 1].s, g->person);
	}
	classify_prefix(p, g, pre, npre);
	if (kind == YJ_GREET_ORG) {
		const char *name = dup(p, t->s, nn);

		if (*g->org == '\0' && (yj_orgname_has_legal_form(p->a, name) ||
		    !suffix_in(ja_depts, t->s, nn)))
			g->org = name;
		else
			g->dept = *g->dept ? yj_arena_printf(p->a, "%s %s",
			    g->dept, name) : name;
	}
	return true;
}

/* honorific_at_end - the honorific or title a token ends with */
static const char *
honorific_at_end(const struct tok *t)
{
	const char *h = suffix_in(ja_honorifics, t->s, t->n);

	if (h == NULL)
		h = suffix_in(ja_titles, t->s, t->n);
	return h;
}

/* ja_token - one token of a Japanese line; true if it was a greeting */
static bool
ja_token(struct parse *p, const struct tok *t, struct tok *pre,
    size_t *npre)
{
	const char *h = honorific_at_end(t);
	size_t hn = h != NULL ? strlen(h) : 0;
	bool title = h != NULL && eq_in(ja_titles, h, hn), r;

	if (h != NULL && t->n == hn && *npre > 0 && !title) {
		/* "B さん": the name is the token before */
		(*npre)--;
		r = ja_name(p, &pre[*npre], pre[*npre].n, h, pre, *npre);
		*npre = 0;
		return r;
	}
	if (h != NULL && t->n > hn &&
	    !(title && suffix_in(ja_depts, t->s, t->n - hn))) {
		r = ja_name(p, t, t->n - hn, h, pre, *npre);
		*npre = 0;
		return r;
	}
	if (is_group(t->s, t->n)) {
		*npre = 0;
		return emit(p, YJ_GREET_GROUP, t->s, t->n) != NULL;
	}
	if (*npre < MAX_PREFIX)		/* 営業部長 alone is a title */
		pre[(*npre)++] = *t;
	return false;
}

/* ja_line - Japanese greetings in one line; false if none */
static bool
ja_line(struct parse *p, const char *s, size_t n)
{
	struct tok tok[MAX_TOKENS], pre[MAX_PREFIX];
	size_t nt, i, npre = 0, found = 0;

	nt = split(s, n, tok);
	for (i = 0; i < nt; i++) {
		trim_punct(&tok[i]);
		if (tok[i].n > 0)
			found += ja_token(p, &tok[i], pre, &npre);
	}
	return found > 0;
}

/* en_group - the name is a word that addresses nobody in particular */
static bool
en_group(const char *s, size_t n)
{
	size_t w = 0;

	while (w < n && s[w] != ' ')
		w++;
	return ieq_in(en_groups, s, w);
}

/* skip_title - past "Mr. ", "Ms ", "Dr. " at s */
static size_t
skip_title(const char *s, size_t n)
{
	static const char *const t[] = { "mr", "mrs", "ms", "miss", "mx",
		"dr", "prof", NULL };
	size_t w = 0;

	while (w < n && s[w] != ' ' && s[w] != '.')
		w++;
	if (!ieq_in(t, s, w))
		return 0;
	if (w < n && s[w] == '.')
		w++;
	while (w < n && s[w] == ' ')
		w++;
	return w < n ? w : 0;
}

/* en_person - emit one English name s[0..n) */
static bool
en_person(struct parse *p, const char *s, size_t n, const char *opener)
{
	struct yj_greeting *g;
	size_t words = 1, i, k;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	if (n == 0)
		return false;
	if (en_group(s, n))
		return emit(p, YJ_GREET_GROUP, s, n) != NULL;
	k = skip_title(s, n);
	s += k;
	n -= k;
	for (i = 0; i < n; i++)
		words += s[i] == ' ';
	if (n == 0 || words > 4 || !((*s >= 'A' && *s <= 'Z') ||
	    (unsigned char)*s >= 0x80))
		return false;
	g = emit(p, YJ_GREET_PERSON, s, n);
	if (g == NULL)
		return true;
	g->person = dup(p, s, n);
	g->honorific = opener;
	if (yj_orgname_has_legal_form(p->a, g->person)) {
		g->kind = YJ_GREET_ORG;
		g->org = g->person;
		g->person = "";
	}
	return true;
}

/* en_names - split "B and C, D & E" and emit each */
static size_t
en_names(struct parse *p, const char *s, size_t n, const char *opener)
{
	size_t i = 0, start = 0, found = 0, w;

	while (i <= n) {
		w = i == n ? 1 : s[i] == ',' ? 1 :
		    n - i >= 5 && memcmp(s + i, " and ", 5) == 0 ? 5 :
		    n - i >= 3 && memcmp(s + i, " & ", 3) == 0 ? 3 : 0;
		if (w == 0) {
			i++;
			continue;
		}
		found += en_person(p, s + start, i - start, opener);
		i += w;
		start = i;
	}
	return found;
}

/* en_line - English greeting at the start of a line */
static bool
en_line(struct parse *p, const char *s, size_t n)
{
	const char *opener = NULL;
	size_t i, k, end;

	for (i = 0; en_openers[i] != NULL; i++) {
		k = strlen(en_openers[i]);
		if (n > k && yj_str_ieqn(s, en_openers[i], k)) {
			opener = dup(p, s, k - 1);
			break;
		}
	}
	if (opener == NULL) {
		/* "Tanaka-san," */
		for (end = 0; end < n && s[end] != ',' && s[end] != ':'; end++)
			;
		if (end > 4 && end < 30 && yj_str_ieqn(s + end - 4, "-san", 4))
			return en_person(p, s, end - 4, "-san");
		return false;
	}
	s += k;
	n -= k;
	for (end = 0; end < n && s[end] != ',' && s[end] != ':' &&
	    s[end] != ';' && s[end] != '!' && s[end] != '.' &&
	    !(n - end >= 3 && memcmp(s + end, " - ", 3) == 0); end++)
		;
	/* "Mr." keeps its dot */
	while (end < n && s[end] == '.' && skip_title(s, n) > end)
		for (end++; end < n && s[end] != ',' && s[end] != ':' &&
		    s[end] != ';' && s[end] != '!'; end++)
			;
	if (end > 4 && yj_str_ieqn(s + end - 4, "-san", 4))
		end -= 4;
	return en_names(p, s, end, opener) > 0;
}

/* bare_line - "Jeff," alone on the first line */
static bool
bare_line(struct parse *p, const char *s, size_t n)
{
	struct yj_greeting *g;
	size_t i, words = 1, first;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n < 3 || (s[n - 1] != ',' && s[n - 1] != ':'))
		return false;
	n--;
	if (!(*s >= 'A' && *s <= 'Z'))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == ' ') {
			words++;
			if (i + 1 >= n || !(s[i + 1] >= 'A' && s[i + 1] <= 'Z'))
				return false;
		} else if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '\'' ||
		    s[i] == '-' || s[i] == '.')) {
			return false;
		}
	}
	for (first = 0; first < n && s[first] != ' '; first++)
		;
	if (words > 3 || ieq_in(en_not_bare, s, first))
		return false;
	g = emit(p, YJ_GREET_PERSON, s, n);
	if (g != NULL) {
		g->person = dup(p, s, n);
		g->bare = true;
	}
	return true;
}

/* is_running_text - a sentence: the greeting block is over */
static bool
is_running_text(const char *s, size_t n)
{
	return memmem(s, n, "。", 3) != NULL || cps(s, n) > LONG_LINE ||
	    (n > 0 && (s[n - 1] == '.' || s[n - 1] == '?'));
}

/* pending - a short heading line above the greeting: org / department */
static void
pending(struct parse *p, const char *s, size_t n)
{
	const char *t = dup(p, s, n);

	if (yj_orgname_has_legal_form(p->a, t) || *p->pend_org == '\0') {
		if (*p->pend_org == '\0')
			p->pend_org = t;
		else
			p->pend_dept = t;
	} else {
		p->pend_dept = t;
	}
}

/* one_line - greetings of one line; false when the block is over */
static bool
one_line(struct parse *p, const char *s, size_t n, size_t seen)
{
	bool found;

	found = ja_line(p, s, n) || en_line(p, s, n) ||
	    (seen == 0 && bare_line(p, s, n));
	if (found) {
		p->pend_org = p->pend_dept = "";
		return !is_running_text(s, n);
	}
	if (is_running_text(s, n) || p->nr > 0 || cps(s, n) > 30)
		return false;
	pending(p, s, n);
	return true;
}

/* yj_greeting_parse - greetings at the top of a text */
size_t
yj_greeting_parse(struct yj_arena *a, const char *text, size_t len,
    size_t max, struct yj_greeting **v)
{
	struct parse p = { .a = a, .max = max, .pend_org = "",
		.pend_dept = "" };
	const char *s, *e, *end;
	size_t seen = 0, n;
	char *head;

	p.v = yj_arena_allocarray(a, max + 1, sizeof(*p.v));
	*v = p.v;
	head = yj_nfkc(a, text, len < HEAD_BYTES ? len : HEAD_BYTES);
	end = head + strlen(head);
	for (s = head; s < end && seen < YJ_GREETING_LINES; s = e + 1) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (e == NULL)
			e = end;
		p.line++;
		n = (size_t)(e - s);
		while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' '))
			n--;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		if (n == 0 || *s == '>')
			continue;
		if (!one_line(&p, s, n, seen))
			break;
		seen++;
	}
	return p.nr;
}

/* yj_greeting_main_text - the first text a reader sees */
const struct yj_text *
yj_greeting_main_text(const struct yj_msg *m)
{
	const unsigned skip = YJ_TEXT_ATTACHMENT | YJ_TEXT_NESTED |
	    YJ_TEXT_ALTERNATIVE;
	size_t i;

	for (i = 0; i < m->ntexts; i++)
		if ((m->texts[i].flags & skip) == 0 && m->texts[i].len > 0)
			return &m->texts[i];
	return NULL;
}
