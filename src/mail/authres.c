/*
 * authres.c - Authentication-Results (RFC 8601)
 *
 * Design: a recursive-descent reader without recursion, over mail/lex:
 * authserv-id [version] then ";"-separated resinfo, each
 * "method[/version]=result" followed by "reason=value" and
 * "ptype.property=value" items.  CFWS is skipped between all tokens
 * with yj_lex_skip_cfws(); comments nest, their depth is counted.  On
 * anything unexpected the result being read is kept as far as it got,
 * YJ_AR_BAD is set, and reading resumes after the next ';' outside
 * quotes and comments.
 *
 * The authserv-id is what makes a header trustworthy, so it is read
 * strictly: a header whose first token is followed by '=' or '/' has
 * none (Exchange Online writes them so) and can never be trusted.
 *
 * Domain-valued properties are checked with yj_lex_domain_ok().  The
 * attack of CVE-2020-12272 is a DKIM signature or SPF check on a domain
 * such as "example.net(.example.com": the verifier writes it into
 * header.d verbatim, and a reader that takes "(" as the start of a
 * comment sees "example.net".  So a value with a comment glued to it,
 * like any value that is not a domain name, is dropped and flagged.
 * An empty one (the null sender "smtp.mailfrom=<>", Exchange's
 * "header.from=" for a From without a domain) is no domain either, but
 * it is absence, not ambiguity: dropped without a flag.
 */
#include <string.h>

#include "mail/authres.h"
#include "mail/lex.h"
#include "util/limits.h"
#include "util/str.h"

/* Bytes that end a keyword (method, result, ptype, property). */
#define KEY_STOPS	"()<>[]:;@\\,\".=/"

struct aparser {
	struct yj_arena			*a;
	struct yj_lex			 lex;
	struct yj_authres_header	*out;
	struct yj_lexbuf		 buf;
	size_t				 cap;	/* room in out->v */
	struct yj_authres		 spare;	/* results past the limit */
};

/* clean_copy - the buffer as valid UTF-8, controls turned to spaces */
static char *
clean_copy(struct yj_arena *a, const struct yj_lexbuf *b, bool lower)
{
	char *s;
	size_t i;

	s = yj_utf8_valid(b->p, b->len) ? yj_lexbuf_dup(a, b) :
	    yj_utf8_repair(a, b->p, b->len);
	for (i = 0; s[i] != '\0'; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = ' ';
		else if (lower)
			s[i] = (char)yj_ascii_lower((unsigned char)s[i]);
	}
	return s;
}

/* keyword - read a keyword (lower-cased) after CFWS; "" if none */
static char *
keyword(struct aparser *p)
{
	(void)yj_lex_skip_cfws(&p->lex, NULL);
	yj_lexbuf_reset(&p->buf);
	(void)yj_lex_atom(&p->lex, KEY_STOPS, &p->buf);
	return clean_copy(p->a, &p->buf, true);
}

/*
 * pvalue - a value after '=': a quoted string, or everything up to
 * white space, ';' or '('.  *glued is set when a comment touches it.
 */
static char *
pvalue(struct aparser *p, bool *glued)
{
	int c;

	(void)yj_lex_skip_cfws(&p->lex, NULL);
	yj_lexbuf_reset(&p->buf);
	if (yj_lex_peek(&p->lex) == '"') {
		if (!yj_lex_quoted(&p->lex, &p->buf))
			p->out->flags |= YJ_AR_BAD;
	} else {
		for (;;) {
			c = yj_lex_peek(&p->lex);
			if (c == YJ_LEX_EOF || yj_lex_is_space(c) ||
			    c == ';' || c == '(' || c == '"')
				break;
			yj_lex_take(&p->lex, &p->buf);
		}
	}
	*glued = yj_lex_peek(&p->lex) == '(';
	return clean_copy(p->a, &p->buf, false);
}

/* expect - skip CFWS; true (and step over it) if the next byte is c */
static bool
expect(struct aparser *p, int c)
{
	(void)yj_lex_skip_cfws(&p->lex, NULL);
	if (yj_lex_peek(&p->lex) != c)
		return false;
	yj_lex_next(&p->lex);
	return true;
}

/* skip_to_semicolon - recover: on to the next ';' or the end */
static void
skip_to_semicolon(struct aparser *p)
{
	int c;

	p->out->flags |= YJ_AR_BAD;
	for (;;) {
		(void)yj_lex_skip_cfws(&p->lex, NULL);
		c = yj_lex_peek(&p->lex);
		if (c == ';' || c == YJ_LEX_EOF)
			return;
		if (c == '"')
			(void)yj_lex_quoted(&p->lex, NULL);
		else
			yj_lex_next(&p->lex);
	}
}

/*
 * domain_part - the domain a domain-valued property names, or NULL when
 * the property is not domain-valued.  "<user@example.jp>" and
 * "@example.jp" give "example.jp".
 */
static const char *
domain_part(struct yj_arena *a, const char *ptype, const char *name,
    const char *value)
{
	const char *at, *d = value;
	size_t n;

	if (!(strcmp(ptype, "header") == 0 && (strcmp(name, "from") == 0 ||
	    strcmp(name, "d") == 0 || strcmp(name, "i") == 0)) &&
	    !(strcmp(ptype, "smtp") == 0 && strcmp(name, "mailfrom") == 0))
		return NULL;
	n = strlen(d);
	if (n >= 2 && d[0] == '<' && d[n - 1] == '>') {
		d++;
		n -= 2;
	}
	at = memrchr(d, '@', n);
	if (at != NULL) {
		n -= (size_t)(at + 1 - d);
		d = at + 1;
	}
	return yj_arena_memdup(a, d, n);
}

/* add_prop - store ptype.name=value in r unless it is a bad domain */
static void
add_prop(struct aparser *p, struct yj_authres *r, const char *ptype,
    const char *name)
{
	struct yj_authres_prop *pr;
	const char *value, *d;
	bool glued;

	value = pvalue(p, &glued);
	d = domain_part(p->a, ptype, name, value);
	if (d != NULL && d[0] == '\0' && !glued)
		return;			/* absent: "<>", "", "header.from=" */
	if (d != NULL && (glued || !yj_lex_domain_ok(d, strlen(d)))) {
		r->flags |= YJ_AR_BAD_DOMAIN;
		p->out->flags |= YJ_AR_BAD_DOMAIN;
		return;
	}
	if (r->nprops >= YJ_LIM_AUTH_PROPS) {
		p->out->flags |= YJ_AR_TRUNCATED;
		return;
	}
	if (r->nprops == 0 || (r->nprops >= 4 &&
	    (r->nprops & (r->nprops - 1)) == 0))
		r->props = yj_arena_grow(p->a, r->props, r->nprops,
		    r->nprops == 0 ? 4 : r->nprops * 2, sizeof(*r->props));
	pr = &r->props[r->nprops++];
	pr->ptype = ptype;
	pr->name = name;
	pr->value = value;
}

/* new_result - room for one more result, or the spare past the limit */
static struct yj_authres *
new_result(struct aparser *p)
{
	struct yj_authres_header *out = p->out;

	if (out->nr >= YJ_LIM_AUTH_RESULTS) {
		out->flags |= YJ_AR_TRUNCATED;
		memset(&p->spare, 0, sizeof(p->spare));
		return &p->spare;
	}
	if (out->nr == p->cap) {
		p->cap = p->cap == 0 ? 4 : p->cap * 2;
		out->v = yj_arena_grow(p->a, out->v, out->nr, p->cap,
		    sizeof(*out->v));
	}
	memset(&out->v[out->nr], 0, sizeof(out->v[0]));
	return &out->v[out->nr++];
}

/*
 * parse_items - "reason=..." and "ptype.property=..." after a result,
 * up to ';' or the end
 */
static void
parse_items(struct aparser *p, struct yj_authres *r)
{
	const char *key, *name;
	bool glued = false;
	int c;

	for (;;) {
		(void)yj_lex_skip_cfws(&p->lex, NULL);
		c = yj_lex_peek(&p->lex);
		if (c == ';' || c == YJ_LEX_EOF)
			return;
		key = keyword(p);
		if (key[0] != '\0' && expect(p, '.')) {
			name = keyword(p);
			if (name[0] == '\0' || !expect(p, '='))
				break;
			add_prop(p, r, key, name);
		} else if (key[0] != '\0' && expect(p, '=')) {
			if (strcmp(key, "reason") == 0 && r->reason == NULL)
				r->reason = pvalue(p, &glued);
			else
				add_prop(p, r, "", key);
		} else {
			break;
		}
	}
	r->flags |= YJ_AR_BAD;
	skip_to_semicolon(p);
}

/* parse_resinfo - "method[/version]=result items", or "none" */
static void
parse_resinfo(struct aparser *p)
{
	struct yj_authres *r;
	const char *method, *result;

	method = keyword(p);
	if (method[0] == '\0') {
		skip_to_semicolon(p);
		return;
	}
	(void)yj_lex_skip_cfws(&p->lex, NULL);
	if (strcmp(method, "none") == 0 && (yj_lex_peek(&p->lex) == ';' ||
	    yj_lex_peek(&p->lex) == YJ_LEX_EOF))
		return;			/* RFC 8601 no-result */
	if (expect(p, '/'))
		(void)keyword(p);	/* method version */
	if (!expect(p, '=')) {
		skip_to_semicolon(p);
		return;
	}
	result = keyword(p);
	if (result[0] == '\0') {
		skip_to_semicolon(p);
		return;
	}
	r = new_result(p);
	r->method = method;
	r->result = result;
	parse_items(p, r);
}

/*
 * parse_authserv - the authserv-id and optional version.  False when the
 * header starts with a result instead (no authserv-id).
 */
static bool
parse_authserv(struct aparser *p)
{
	struct yj_lex start;
	int c;

	(void)yj_lex_skip_cfws(&p->lex, NULL);
	start = p->lex;
	yj_lexbuf_reset(&p->buf);
	if (yj_lex_peek(&p->lex) == '"')
		(void)yj_lex_quoted(&p->lex, &p->buf);
	else
		(void)yj_lex_atom(&p->lex, ";()\"=/", &p->buf);
	(void)yj_lex_skip_cfws(&p->lex, NULL);
	c = yj_lex_peek(&p->lex);
	if (c == '=' || c == '/') {
		p->lex = start;
		p->out->authserv_id = "";
		return false;
	}
	p->out->authserv_id = clean_copy(p->a, &p->buf, true);
	if (c >= '0' && c <= '9')
		(void)yj_lex_atom(&p->lex, ";()\"", NULL);	/* version */
	return true;
}

/* yj_authres_parse - parse one Authentication-Results value */
void
yj_authres_parse(struct yj_arena *a, const char *raw, size_t n,
    const char *trusted_id, struct yj_authres_header *out)
{
	struct aparser p;
	bool need_sep;
	int c;

	memset(out, 0, sizeof(*out));
	memset(&p, 0, sizeof(p));
	p.a = a;
	p.out = out;
	yj_lex_init(&p.lex, raw, n);
	p.lex.plain = true;		/* no Japanese text belongs here */
	yj_lexbuf_init(a, &p.buf, n + 2);
	need_sep = parse_authserv(&p);
	out->trusted = trusted_id != NULL && trusted_id[0] != '\0' &&
	    out->authserv_id[0] != '\0' &&
	    yj_str_ieq(out->authserv_id, trusted_id);
	for (;;) {
		(void)yj_lex_skip_cfws(&p.lex, NULL);
		c = yj_lex_peek(&p.lex);
		if (c == YJ_LEX_EOF)
			break;
		if (c == ';') {
			yj_lex_next(&p.lex);
			need_sep = false;
		} else if (need_sep) {
			skip_to_semicolon(&p);
		} else {
			parse_resinfo(&p);
			need_sep = true;
		}
	}
	if (p.lex.flags & (YJ_LEX_OPEN | YJ_LEX_DEEP))
		out->flags |= YJ_AR_BAD;
}

/* yj_authres_prop - first value of ptype.name in a result, or NULL */
const char *
yj_authres_prop(const struct yj_authres *r, const char *ptype,
    const char *name)
{
	size_t i;

	if (r == NULL || ptype == NULL || name == NULL)
		return NULL;
	for (i = 0; i < r->nprops; i++)
		if (yj_str_ieq(r->props[i].ptype, ptype) &&
		    yj_str_ieq(r->props[i].name, name))
			return r->props[i].value;
	return NULL;
}
