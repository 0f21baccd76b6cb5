/*
 * phrase.c - wording patterns through PCRE2
 *
 * One compiled pattern per rule, JIT-compiled when the platform allows
 * (the interpreter is the fallback, same results).  Rules are short
 * alternations, so each costs a linear pass over at most YJ_PHRASE_SCAN
 * bytes; the match data is made per call from the pattern, which keeps
 * the set read-only and callable from any thread.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "mail/phrase.h"
#include "util/alloc.h"
#include "util/error.h"

struct yj_phrases {
	pcre2_code	**code;
	const char	**ids;
	size_t		  n;
};

/* yj_phrases_new - compile every rule */
int
yj_phrases_new(const struct yj_phrase_rule *rules, size_t n,
    struct yj_phrases **out, char *err, size_t errsz)
{
	struct yj_phrases *ps = yj_xcalloc(1, sizeof(*ps));
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int code;
	size_t i;

	*out = NULL;
	ps->code = yj_xcalloc(n + 1, sizeof(*ps->code));
	ps->ids = yj_xcalloc(n + 1, sizeof(*ps->ids));
	for (i = 0; i < n; i++) {
		ps->code[i] = pcre2_compile((PCRE2_SPTR)rules[i].pattern,
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_CASELESS,
		    &code, &off, NULL);
		if (ps->code[i] == NULL) {
			pcre2_get_error_message(code, msg, sizeof(msg));
			snprintf(err, errsz, "rule '%s': %s at offset %zu",
			    rules[i].id, (const char *)msg, (size_t)off);
			ps->n = i;
			yj_phrases_free(ps);
			return YJ_EINVAL;
		}
		(void)pcre2_jit_compile(ps->code[i], PCRE2_JIT_COMPLETE);
		ps->ids[i] = rules[i].id;
	}
	ps->n = n;
	*out = ps;
	return 0;
}

/* yj_phrases_free - release the set */
void
yj_phrases_free(struct yj_phrases *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->n; i++)
		pcre2_code_free(ps->code[i]);
	yj_free(ps->code);
	yj_free(ps->ids);
	yj_free(ps);
}

/* yj_phrases_count - rules in the set */
size_t
yj_phrases_count(const struct yj_phrases *ps)
{
	return ps != NULL ? ps->n : 0;
}

/* yj_phrases_id - id of rule i */
const char *
yj_phrases_id(const struct yj_phrases *ps, size_t i)
{
	return ps != NULL && i < ps->n ? ps->ids[i] : "";
}

/*
 * evidence - the match, cut on a character boundary, line breaks and
 * tabs made spaces (evidence is shown on one line)
 */
static const char *
evidence(struct yj_arena *a, const char *p, size_t n)
{
	char *e;
	size_t i;

	if (n > YJ_PHRASE_EVIDENCE) {
		n = YJ_PHRASE_EVIDENCE;
		while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
			n--;
	}
	e = yj_arena_memdup(a, p, n);
	for (i = 0; i < n; i++)
		if (e[i] == '\n' || e[i] == '\r' || e[i] == '\t')
			e[i] = ' ';
	return e;
}

/* yj_phrases_find - one rule on the text */
bool
yj_phrases_find(const struct yj_phrases *ps, size_t i, const char *text,
    size_t n, struct yj_arena *a, const char **match)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	int rc;

	if (ps == NULL || i >= ps->n || text == NULL)
		return false;
	if (n > YJ_PHRASE_SCAN) {
		n = YJ_PHRASE_SCAN;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	md = pcre2_match_data_create_from_pattern(ps->code[i], NULL);
	rc = pcre2_match(ps->code[i], (PCRE2_SPTR)text, n, 0,
	    PCRE2_NO_UTF_CHECK, md, NULL);
	if (rc > 0 && match != NULL) {
		ov = pcre2_get_ovector_pointer(md);
		*match = evidence(a, text + ov[0], ov[1] - ov[0]);
	}
	pcre2_match_data_free(md);
	return rc > 0;
}

/* yj_phrases_first - first matching rule */
long
yj_phrases_first(const struct yj_phrases *ps, const char *text, size_t n,
    struct yj_arena *a, const char **match)
{
	size_t i;

	for (i = 0; ps != NULL && i < ps->n; i++)
		if (yj_phrases_find(ps, i, text, n, a, match))
			return (long)i;
	return -1;
}
