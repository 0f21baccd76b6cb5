/*
 * charset.c - charset conversion to UTF-8 with ICU
 *
 * Design: a small alias table maps the names mail actually carries onto
 * the ICU converters that read them correctly (see charset.h for why each
 * choice); any other name is handed to ICU as is.  Conversion uses a
 * substitution callback that counts substitutions, so that a caller can
 * tell clean text from damaged text.  When the declared charset produces
 * errors and a Japanese guess decodes cleanly, the guess wins
 * (YJ_CS_MISLABEL): CP932 text labelled ISO-2022-JP or Shift_JIS
 * labelled ISO-8859-1 is common in the wild.
 *
 * Guessing Japanese: ESC sequences mean ISO-2022-JP; well-formed UTF-8
 * means UTF-8; otherwise CP932 and EUC-JP are both tried and scored: a
 * decoding that yields hiragana, katakana and common kanji scores up,
 * one that yields half-width katakana, replacement characters or C1
 * controls scores down.  EUC-JP text read as CP932 turns into half-width
 * katakana, and CP932 read as EUC-JP into errors, so the scores separate
 * well on real text.
 */
#include <stdint.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "mail/charset.h"
#include "util/str.h"

struct alias {
	const char	*name;		/* as seen in mail, lower case */
	const char	*icu;		/* ICU converter name */
};

static const struct alias aliases[] = {
	{ "iso-2022-jp",	"ISO_2022,locale=ja,version=4" },
	{ "iso-2022-jp-1",	"ISO_2022,locale=ja,version=4" },
	{ "iso-2022-jp-2",	"ISO_2022,locale=ja,version=4" },
	{ "iso-2022-jp-3",	"ISO_2022,locale=ja,version=4" },
	{ "iso-2022-jp-ms",	"ISO_2022,locale=ja,version=4" },
	{ "csiso2022jp",	"ISO_2022,locale=ja,version=4" },
	{ "cp50220",		"ISO_2022,locale=ja,version=4" },
	{ "cp50221",		"ISO_2022,locale=ja,version=4" },
	{ "cp50222",		"ISO_2022,locale=ja,version=4" },
	{ "shift_jis",		"ibm-943_P15A-2003" },
	{ "shift-jis",		"ibm-943_P15A-2003" },
	{ "sjis",		"ibm-943_P15A-2003" },
	{ "x-sjis",		"ibm-943_P15A-2003" },
	{ "ms_kanji",		"ibm-943_P15A-2003" },
	{ "csshiftjis",		"ibm-943_P15A-2003" },
	{ "windows-31j",	"ibm-943_P15A-2003" },
	{ "cp932",		"ibm-943_P15A-2003" },
	{ "ms932",		"ibm-943_P15A-2003" },
	{ "x-ms-cp932",		"ibm-943_P15A-2003" },
	{ "shift_jisx0213",	"ibm-943_P15A-2003" },
	{ "euc-jp",		"euc-jp-2007" },
	{ "eucjp",		"euc-jp-2007" },
	{ "x-euc-jp",		"euc-jp-2007" },
	{ "eucjp-ms",		"euc-jp-2007" },
	{ "euc-jp-ms",		"euc-jp-2007" },
	{ "cseucpkdfmtjapanese", "euc-jp-2007" },
	{ "iso-8859-1",		"windows-1252" },
	{ "iso8859-1",		"windows-1252" },
	{ "latin1",		"windows-1252" },
	{ "us-ascii",		"windows-1252" },
	{ "ascii",		"windows-1252" },
	{ "ansi_x3.4-1968",	"windows-1252" },
	{ "iso-8859-9",		"windows-1254" },
	{ "ks_c_5601-1987",	"windows-949" },
	{ "euc-kr",		"windows-949" },
	{ "gb2312",		"GB18030" },
	{ "gbk",		"GB18030" },
	{ "x-gbk",		"GB18030" },
	{ "big5",		"windows-950" },
	{ "utf8",		"UTF-8" },
	{ "unicode-1-1-utf-8",	"UTF-8" },
};

#define MAX_NAME	64

/* canonical - lower-cased name and its ICU converter name */
static const char *
icu_name(const char *charset, char *lower, size_t lowersz)
{
	size_t i, n;

	n = strlen(charset);
	if (n >= lowersz)
		n = lowersz - 1;
	for (i = 0; i < n; i++)
		lower[i] = (char)yj_ascii_lower((unsigned char)charset[i]);
	lower[n] = '\0';
	/* RFC 2231 language suffix "charset*lang" arrives here sometimes */
	for (i = 0; i < n; i++)
		if (lower[i] == '*') {
			lower[i] = '\0';
			break;
		}
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(lower, aliases[i].name) == 0)
			return aliases[i].icu;
	return lower;
}

/* is_known - ICU can open this converter (it caches what it opened) */
static bool
is_known(const char *icu)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cv;

	cv = ucnv_open(icu, &err);
	if (U_FAILURE(err))
		return false;
	ucnv_close(cv);
	return true;
}

/* is_ascii - no byte above 0x7f and no ESC */
static bool
is_ascii(const char *in, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)in[i] >= 0x80 || in[i] == 0x1b)
			return false;
	return true;
}

/* yj_has_iso2022_escape - ESC $ B, ESC $ @, ESC ( J, ESC ( I, ESC $ ( D */
bool
yj_has_iso2022_escape(const char *in, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i++) {
		if (in[i] != 0x1b)
			continue;
		if (in[i + 1] == '$' && (in[i + 2] == 'B' ||
		    in[i + 2] == '@' || in[i + 2] == '('))
			return true;
		if (in[i + 1] == '(' && (in[i + 2] == 'J' || in[i + 2] == 'I'))
			return true;
	}
	return false;
}

struct conv {
	char	*out;		/* UTF-8, arena */
	size_t	 len;
	size_t	 errors;	/* substitutions */
};

/*
 * count_subst - ICU callback: substitute U+FFFD and count.  ICU's own
 * substitute callback writes U+001A for converters whose substitution
 * character is the ASCII SUB (ibm-943 among them), which would put a
 * control character into file names and display names.
 */
static void
count_subst(const void *ctx, UConverterToUnicodeArgs *args,
    const char *units, int32_t len, UConverterCallbackReason reason,
    UErrorCode *err)
{
	static const UChar fffd = 0xfffd;
	size_t *errors = (size_t *)ctx;

	(void)units;
	(void)len;
	if (reason > UCNV_IRREGULAR)
		return;
	(*errors)++;
	*err = U_ZERO_ERROR;
	ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

/*
 * convert - run one ICU converter over in[0..n).  Returns -1 when the
 * converter cannot be opened.
 */
static int
convert(struct yj_arena *a, const char *icu, const char *in, size_t n,
    struct conv *c)
{
	UErrorCode err = U_ZERO_ERROR;
	UConverter *cv, *utf8;
	UChar pivot[1024], *ps, *pt;
	const char *src, *srcend;
	char *dst, *dstend;
	size_t cap;

	c->errors = 0;
	cv = ucnv_open(icu, &err);
	if (U_FAILURE(err))
		return -1;
	utf8 = ucnv_open("UTF-8", &err);
	if (U_FAILURE(err)) {
		ucnv_close(cv);
		return -1;
	}
	ucnv_setToUCallBack(cv, count_subst, &c->errors, NULL, NULL, &err);
	/* Worst case: each input byte becomes U+FFFD (3 bytes). */
	cap = n > (SIZE_MAX - 4) / 3 ? SIZE_MAX - 4 : n * 3 + 4;
	c->out = yj_arena_alloc(a, cap);
	src = in;
	srcend = in + n;
	dst = c->out;
	dstend = c->out + cap - 1;
	ps = pt = pivot;
	err = U_ZERO_ERROR;
	ucnv_convertEx(utf8, cv, &dst, dstend, &src, srcend, pivot, &ps, &pt,
	    pivot + sizeof(pivot) / sizeof(pivot[0]), true, true, &err);
	if (U_FAILURE(err))
		c->errors++;
	*dst = '\0';
	c->len = (size_t)(dst - c->out);
	ucnv_close(utf8);
	ucnv_close(cv);
	return 0;
}

/* score_ja - how much decoded text looks like Japanese */
static long
score_ja(const char *s, size_t n, size_t errors)
{
	const char *end = s + n;
	long score = -(long)errors * 8;
	long cp;

	while (s < end) {
		cp = yj_utf8_decode(&s, end);
		if (cp < 0) {
			s++;
			continue;
		}
		if ((cp >= 0x3040 && cp <= 0x30ff) || cp == 0x3001 ||
		    cp == 0x3002)
			score += 3;		/* kana, 、。 */
		else if (cp >= 0x4e00 && cp <= 0x9fff)
			score += 2;		/* CJK ideographs */
		else if (cp >= 0xff61 && cp <= 0xff9f)
			score -= 2;		/* half-width katakana */
		else if ((cp >= 0x80 && cp < 0xa0) || cp == 0xfffd)
			score -= 4;		/* C1 controls, U+FFFD */
		else if (cp >= 0xe000 && cp <= 0xf8ff)
			score -= 3;		/* private use (user-defined) */
	}
	return score;
}

/* count_good - code points above ASCII that decoded (not U+FFFD) */
static size_t
count_good(const char *s, size_t n)
{
	const char *end = s + n;
	size_t good = 0;
	long cp;

	while (s < end) {
		cp = yj_utf8_decode(&s, end);
		if (cp < 0) {
			s++;
			continue;
		}
		if (cp >= 0x80 && cp != 0xfffd)
			good++;
	}
	return good;
}

/* yj_charset_guess - most likely charset of undeclared bytes */
const char *
yj_charset_guess(const char *in, size_t n)
{
	struct yj_arena *a;
	struct conv sj, eu;
	const char *pick;

	if (yj_has_iso2022_escape(in, n))
		return "ISO_2022,locale=ja,version=4";
	if (is_ascii(in, n) || yj_utf8_valid(in, n))
		return "UTF-8";
	a = yj_arena_new();
	pick = "ibm-943_P15A-2003";
	if (convert(a, "ibm-943_P15A-2003", in, n, &sj) == 0 &&
	    convert(a, "euc-jp-2007", in, n, &eu) == 0 &&
	    score_ja(eu.out, eu.len, eu.errors) >
	    score_ja(sj.out, sj.len, sj.errors))
		pick = "euc-jp-2007";
	yj_arena_free(a);
	return pick;
}

/* strip_nul - drop NUL bytes from converted text (keeps C strings whole) */
static void
strip_nul(struct conv *c)
{
	size_t i, o = 0;

	for (i = 0; i < c->len; i++)
		if (c->out[i] != '\0')
			c->out[o++] = c->out[i];
	c->out[o] = '\0';
	c->len = o;
}

/* yj_charset_to_utf8 - convert declared (or guessed) charset to UTF-8 */
char *
yj_charset_to_utf8(struct yj_arena *a, const char *charset, const char *in,
    size_t n, unsigned *flags, const char **used)
{
	char lower[MAX_NAME];
	const char *icu, *guess;
	unsigned f = 0;
	struct conv c, g;

	if (charset == NULL || *charset == '\0') {
		icu = yj_charset_guess(in, n);
		if (!is_ascii(in, n))
			f |= YJ_CS_GUESSED;
	} else {
		icu = icu_name(charset, lower, sizeof(lower));
		if (icu == lower)	/* not an alias: outlive this frame */
			icu = yj_arena_strdup(a, lower);
	}
	/* 7-bit text in any ASCII-compatible charset is itself. */
	if (is_ascii(in, n) && !is_known(icu))
		f |= YJ_CS_UNKNOWN;
	if (is_ascii(in, n) && strncmp(icu, "UTF-16", 6) != 0 &&
	    strncmp(icu, "UTF-32", 6) != 0 && strcmp(icu, "UTF-7") != 0) {
		c.out = yj_arena_memdup(a, in, n);
		c.len = n;
		strip_nul(&c);
		if (used != NULL)
			*used = icu;
		if (flags != NULL)
			*flags |= f;
		return c.out;
	}
	if (convert(a, icu, in, n, &c) < 0) {
		f |= YJ_CS_UNKNOWN;
		icu = yj_charset_guess(in, n);
		if (convert(a, icu, in, n, &c) < 0) {
			c.out = yj_utf8_repair(a, in, n);
			c.len = strlen(c.out);
			c.errors = 1;
		}
	} else if (c.errors > 0) {
		/*
		 * Declared charset failed: is it mislabelled Japanese?  Only
		 * when the declared reading is mostly broken: UTF-8 cut in
		 * the middle of its last character, or one stray Latin-1
		 * byte, must not turn the whole text into CP932 mojibake.
		 */
		guess = yj_charset_guess(in, n);
		if (c.errors >= count_good(c.out, c.len) &&
		    strcmp(guess, icu) != 0 &&
		    convert(a, guess, in, n, &g) == 0 && g.errors == 0 &&
		    score_ja(g.out, g.len, 0) > 0) {
			c = g;
			icu = guess;
			f |= YJ_CS_MISLABEL;
		}
	}
	if (c.errors > 0)
		f |= YJ_CS_ERRORS;
	strip_nul(&c);
	if (flags != NULL)
		*flags |= f;
	if (used != NULL)
		*used = icu;
	return c.out;
}

/*
 * normalize - NFKC or NFKC_Casefold of UTF-8 text.  The wave dash family
 * is unified first: CP932 decoders give U+FF5E where JIS decoders give
 * U+301C for the same character, and NFKC would turn only the former
 * into '~'.
 */
static char *
normalize(struct yj_arena *a, const char *s, size_t n, bool fold)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nz;
	UChar *u16, *o16;
	int32_t ulen, olen, cap;
	char *out;
	int32_t outlen, i;

	if (n > (size_t)INT32_MAX / 4)
		n = (size_t)INT32_MAX / 4;
	nz = fold ? unorm2_getNFKCCasefoldInstance(&err) :
	    unorm2_getNFKCInstance(&err);
	if (U_FAILURE(err))
		return yj_arena_memdup(a, s, n);
	u16 = yj_arena_allocarray(a, n + 1, sizeof(UChar));
	u_strFromUTF8WithSub(u16, (int32_t)n + 1, &ulen, s, (int32_t)n,
	    0xfffd, NULL, &err);
	if (U_FAILURE(err))
		return yj_arena_memdup(a, s, n);
	for (i = 0; i < ulen; i++)
		if (u16[i] == 0xff5e)
			u16[i] = 0x301c;
	/* NFKC can expand (㈱ -> (株)); 18x is the Unicode bound. */
	cap = ulen * 4 + 16;
	o16 = yj_arena_allocarray(a, (size_t)cap, sizeof(UChar));
	olen = unorm2_normalize(nz, u16, ulen, o16, cap, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		err = U_ZERO_ERROR;
		cap = olen + 1;
		o16 = yj_arena_allocarray(a, (size_t)cap, sizeof(UChar));
		olen = unorm2_normalize(nz, u16, ulen, o16, cap, &err);
	}
	if (U_FAILURE(err))
		return yj_arena_memdup(a, s, n);
	out = yj_arena_alloc(a, (size_t)olen * 3 + 1);
	u_strToUTF8WithSub(out, olen * 3 + 1, &outlen, o16, olen, 0xfffd,
	    NULL, &err);
	if (U_FAILURE(err))
		return yj_arena_memdup(a, s, n);
	out[outlen] = '\0';
	return out;
}

/* yj_nfkc - NFKC copy for matching */
char *
yj_nfkc(struct yj_arena *a, const char *s, size_t n)
{
	return normalize(a, s, n, false);
}

/* yj_nfkc_casefold - NFKC_Casefold copy for matching */
char *
yj_nfkc_casefold(struct yj_arena *a, const char *s, size_t n)
{
	return normalize(a, s, n, true);
}

/* encoder_name - the ICU converter that writes charset */
static const char *
encoder_name(const char *charset, char *lower, size_t lowersz)
{
	const char *icu = icu_name(charset, lower, lowersz);

	if (strncmp(icu, "ISO_2022,locale=ja", 18) == 0)
		return "ISO_2022,locale=ja,version=0";
	if (strcmp(icu, "windows-1252") == 0)
		return strstr(lower, "8859") != NULL ||
		    strcmp(lower, "latin1") == 0 ? "ISO-8859-1" :
		    strcmp(lower, "windows-1252") == 0 ? "windows-1252" :
		    "US-ASCII";
	return icu;
}

struct subst_ctx {
	const UChar	*subst;		/* NULL: fail */
	int32_t		 len;
	size_t		 count;
};

/*
 * write_subst - ICU callback: write the substitute through the converter
 * (so that a stateful encoding such as ISO-2022-JP switches back to ASCII
 * for it), or stop when there is none
 */
static void
write_subst(const void *ctx, UConverterFromUnicodeArgs *args,
    const UChar *units, int32_t len, UChar32 cp,
    UConverterCallbackReason reason, UErrorCode *err)
{
	struct subst_ctx *s = (struct subst_ctx *)ctx;
	const UChar *p;

	(void)units;
	(void)len;
	(void)cp;
	if (reason > UCNV_IRREGULAR || s->subst == NULL)
		return;
	s->count++;
	*err = U_ZERO_ERROR;
	p = s->subst;		/* ICU advances the pointer it is given */
	ucnv_cbFromUWriteUChars(args, &p, s->subst + s->len, 0, err);
}

/* to_uchars - UTF-8 to UTF-16 in the arena */
static UChar *
to_uchars(struct yj_arena *a, const char *in, size_t n, int32_t *ulen)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u;

	if (n > (size_t)INT32_MAX / 2)
		return NULL;
	u = yj_arena_allocarray(a, n + 1, sizeof(UChar));
	u_strFromUTF8WithSub(u, (int32_t)n + 1, ulen, in, (int32_t)n, 0xfffd,
	    NULL, &err);
	return U_SUCCESS(err) ? u : NULL;
}

/* yj_charset_from_utf8 - UTF-8 into charset */
char *
yj_charset_from_utf8(struct yj_arena *a, const char *charset, const char *in,
    size_t n, const char *subst, size_t *outlen, size_t *nsubst)
{
	UErrorCode err = U_ZERO_ERROR;
	struct subst_ctx sc = { NULL, 0, 0 };
	char lower[MAX_NAME];
	UConverter *cv;
	UChar *u;
	int32_t ulen, cap, got;
	char *out;

	*outlen = 0;
	if ((u = to_uchars(a, in, n, &ulen)) == NULL)
		return NULL;
	if (subst != NULL)
		sc.subst = to_uchars(a, subst, strlen(subst), &sc.len);
	cv = ucnv_open(encoder_name(charset, lower, sizeof(lower)), &err);
	if (U_FAILURE(err))
		return NULL;
	ucnv_setFromUCallBack(cv, write_subst, &sc, NULL, NULL, &err);
	cap = ulen * 8 + 16;	/* escapes and substitutes included */
	out = yj_arena_alloc(a, (size_t)cap + 1);
	got = ucnv_fromUChars(cv, out, cap, u, ulen, &err);
	ucnv_close(cv);
	if (U_FAILURE(err))
		return NULL;
	out[got] = '\0';
	*outlen = (size_t)got;
	if (nsubst != NULL)
		*nsubst = sc.count;
	return out;
}
