/*
 * addr.c - RFC 5322 address lists
 *
 * Design: a tokenizer over mail/lex (atoms, quoted strings, domain
 * literals, comments, specials; raw Japanese text is always atom or
 * quoted text, never structure) feeds a streaming parser that keeps, for
 * the mailbox being read, the display-name phrase as raw bytes, the
 * words that can still form a local part, the domain and the comments.
 * A mailbox is emitted at '>' (angle form) or after the domain (bare
 * addr-spec form), or at the end of an element that has neither (no
 * domain).  Only then is its display name decoded with
 * yj_header_decode(): an encoded ',' '<' or '@' is text by then and can
 * change nothing.
 *
 * One look-ahead is needed: at an unquoted '@', is this an addr-spec, or
 * part of a phrase that an angle address follows (ceo@corp.example
 * <x@evil.example>, which mail clients show as a display name)?  The
 * answer comes from a scan to the next '<' or the end of the element.
 * It is cached by offset, and every scan starts where the parser stands
 * and stops at the '<' the parser will consume next, or at the element
 * end: each byte is scanned a bounded number of times, never
 * quadratically.
 *
 * Recovery, chosen so that nothing an attacker hides is lost: a missing
 * comma between two addresses gives two mailboxes; words after a
 * complete mailbox are dropped and flag it; "a@b@c" keeps the last
 * domain (the one an MTA routes to) and the rest as the local part; ';'
 * outside a group separates like ','; an unclosed '<' ends at the
 * element end, an unclosed quote at the end of the value.  Each of these
 * sets YJ_MBX_BAD_SYNTAX or YJ_AL_BAD.
 *
 * What is between '<' and '>', and every domain, is read plain (see
 * mail/lex.h): addresses are never Japanese text, and a CP932 pair or a
 * JIS shift must not hide an '@' there.
 *
 * A comment that touches a domain without white space
 * ("x@example.net(.example.com)") sets YJ_MBX_BAD_DOMAIN: RFC 5322
 * readers drop it, naive ones keep it, and the disagreement is the attack
 * of CVE-2020-12272.  YJ_AL_8BIT also covers raw ISO-2022-JP, which is
 * 7-bit but just as unencoded.
 *
 * Storage: list->v grows by doubling; its capacity is implied by nr (8,
 * then each power of two), so the list carries no capacity field and
 * must only ever be filled by this function.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

#include "mail/addr.h"
#include "mail/charset.h"
#include "mail/lex.h"
#include "mail/rfc2047.h"
#include "util/limits.h"
#include "util/str.h"

/* Bytes that end an atom: RFC 5322 specials except '.' (obs-phrase). */
#define ADDR_STOPS	"()<>[]:;@\\,\""

enum tok_kind {
	T_EOF,
	T_ATOM,
	T_QUOTED,
	T_LITERAL,
	T_COMMENT,
	T_SPECIAL,
};

struct tok {
	enum tok_kind	 kind;
	int		 c;		/* T_SPECIAL: the character */
	size_t		 start;		/* offset of the token */
	bool		 ws;		/* white space before it */
	bool		 open;		/* quote, comment, literal unclosed */
};

struct parser {
	struct yj_arena		*a;
	struct yj_lex		 lex;
	struct yj_addrlist	*list;
	struct yj_lexbuf	 tok;		/* last token's text */
	struct yj_lexbuf	 phrase;	/* display name, raw */
	struct yj_lexbuf	 junk;		/* words before the local */
	struct yj_lexbuf	 local;		/* words of the local part */
	struct yj_lexbuf	 domain;
	struct yj_lexbuf	 comments;
	unsigned		 flags;		/* YJ_MBX_* pending */
	bool			 sep;		/* comment since last word */
	bool			 has_at;
	bool			 literal;	/* domain is [a literal] */
	bool			 in_group;
	size_t			 emitted;	/* from this element */
	size_t			 last;		/* last index, SIZE_MAX */
	size_t			 lt_from;	/* look-ahead cache */
	size_t			 lt_at;		/* '<' offset, SIZE_MAX */
	size_t			 lt_end;
};

/* read_literal - at '[': a domain literal's content, unescaped */
static bool
read_literal(struct yj_lex *l, struct yj_lexbuf *out)
{
	int c;

	yj_lex_next(l);
	for (;;) {
		c = yj_lex_peek(l);
		if (c == YJ_LEX_EOF)
			return false;
		if (c == ']') {
			yj_lex_next(l);
			return true;
		}
		if (c == '\r' || c == '\n') {
			yj_lex_next(l);
			continue;
		}
		if (c == '\\') {
			yj_lex_next(l);
			if (yj_lex_peek(l) == YJ_LEX_EOF)
				return false;
		}
		yj_lex_take(l, out);
	}
}

/* tok_read - the next token; its text goes to buf (NULL: nowhere) */
static void
tok_read(struct yj_lex *l, struct tok *t, struct yj_lexbuf *buf)
{
	int c;

	if (buf != NULL)
		yj_lexbuf_reset(buf);
	t->ws = false;
	t->open = false;
	t->c = 0;
	while (yj_lex_is_space(yj_lex_peek(l))) {
		yj_lex_next(l);
		t->ws = true;
	}
	t->start = l->i;
	c = yj_lex_peek(l);
	if (c == YJ_LEX_EOF) {
		t->kind = T_EOF;
	} else if (c == '(') {
		t->kind = T_COMMENT;
		t->open = !yj_lex_comment(l, buf);
	} else if (c == '"') {
		t->kind = T_QUOTED;
		t->open = !yj_lex_quoted(l, buf);
	} else if (c == '[') {
		t->kind = T_LITERAL;
		t->open = !read_literal(l, buf);
	} else if (c != YJ_LEX_TEXT && c != 0 && strchr(ADDR_STOPS, c)) {
		t->kind = T_SPECIAL;
		t->c = c;
		yj_lex_next(l);
	} else {
		t->kind = T_ATOM;
		(void)yj_lex_atom(l, ADDR_STOPS, buf);
	}
}

/* is_sep - the token ends an element */
static bool
is_sep(const struct tok *t)
{
	return t->kind == T_EOF ||
	    (t->kind == T_SPECIAL && (t->c == ',' || t->c == ';'));
}

/* lt_ahead - is a '<' still to come in this element (cached scan) */
static bool
lt_ahead(struct parser *p)
{
	struct yj_lex l;
	struct tok t;
	size_t pos = p->lex.i;

	if (pos >= p->lt_from && pos <= p->lt_end)
		return p->lt_at != SIZE_MAX;
	l = p->lex;
	p->lt_from = pos;
	for (;;) {
		tok_read(&l, &t, NULL);
		if (is_sep(&t)) {
			p->lt_at = SIZE_MAX;
			p->lt_end = t.start;
			return false;
		}
		if (t.kind == T_SPECIAL && t.c == '<') {
			p->lt_at = t.start;
			p->lt_end = t.start;
			return true;
		}
	}
}

/* reset_mailbox - forget the pending mailbox */
static void
reset_mailbox(struct parser *p)
{
	yj_lexbuf_reset(&p->phrase);
	yj_lexbuf_reset(&p->junk);
	yj_lexbuf_reset(&p->local);
	yj_lexbuf_reset(&p->domain);
	yj_lexbuf_reset(&p->comments);
	p->flags = 0;
	p->sep = false;
	p->has_at = false;
	p->literal = false;
}

/* ends_with_dot - the buffer's last byte is '.' */
static bool
ends_with_dot(const struct yj_lexbuf *b)
{
	return b->len > 0 && b->p[b->len - 1] == '.';
}

/*
 * add_local_word - a word joins the local part if it touches it or a dot
 * does ("john . smith" is obs-local-part); otherwise the local part so
 * far was a display name without angle brackets ("John x@y")
 */
static void
add_local_word(struct parser *p, const struct tok *t)
{
	bool apart = t->ws || p->sep;

	if (p->local.len > 0 && apart && !ends_with_dot(&p->local) &&
	    !(p->tok.len > 0 && p->tok.p[0] == '.')) {
		if (p->junk.len > 0)
			yj_lexbuf_addc(&p->junk, ' ');
		yj_lexbuf_add(&p->junk, p->local.p, p->local.len);
		yj_lexbuf_reset(&p->local);
	}
	yj_lexbuf_add(&p->local, p->tok.p, p->tok.len);
}

/* add_phrase - append token text (or one special) to the phrase */
static void
add_phrase(struct parser *p, const struct tok *t, const char *s, size_t n)
{
	if (p->phrase.len > 0 && (t->ws || p->sep))
		yj_lexbuf_addc(&p->phrase, ' ');
	yj_lexbuf_add(&p->phrase, s, n);
}

/* add_word - an atom or quoted string outside angle brackets */
static void
add_word(struct parser *p, const struct tok *t)
{
	add_phrase(p, t, p->tok.p, p->tok.len);
	add_local_word(p, t);
	if (t->open)
		p->flags |= YJ_MBX_BAD_SYNTAX;
	p->sep = false;
}

/* add_stray - a special or literal where a phrase is: kept as text */
static void
add_stray(struct parser *p, const struct tok *t)
{
	char c = (char)t->c;

	if (t->kind == T_LITERAL) {
		add_phrase(p, t, "[", 1);
		yj_lexbuf_add(&p->phrase, p->tok.p, p->tok.len);
		yj_lexbuf_addc(&p->phrase, ']');
	} else {
		add_phrase(p, t, &c, 1);
	}
	p->flags |= YJ_MBX_BAD_SYNTAX;
	p->sep = false;
}

/* add_comment - keep a comment's text: a name for "addr (Name)" */
static void
add_comment(struct parser *p, const struct tok *t)
{
	if (p->comments.len > 0 && p->tok.len > 0)
		yj_lexbuf_addc(&p->comments, ' ');
	yj_lexbuf_add(&p->comments, p->tok.p, p->tok.len);
	if (t->open)
		p->flags |= YJ_MBX_BAD_SYNTAX;
	p->sep = true;
}

/*
 * parse_domain - after '@': atoms and dots (CFWS around dots allowed,
 * obs-domain) or one literal.  A comment glued to the domain text sets
 * YJ_MBX_BAD_DOMAIN; "a@b@c" moves "b" into the local part.
 */
static void
parse_domain(struct parser *p)
{
	struct yj_lex save;
	struct tok t;
	bool after_comment = false, plain = p->lex.plain;

	p->has_at = true;
	p->lex.plain = true;	/* no JIS shift or CP932 pair hides '@' */
	p->lex.shifted = false;
	for (;;) {
		save = p->lex;
		tok_read(&p->lex, &t, &p->tok);
		if (t.kind == T_ATOM && !p->literal) {
			if (p->domain.len > 0 && (t.ws || after_comment) &&
			    !ends_with_dot(&p->domain) && p->tok.p[0] != '.')
				break;
			if (p->domain.len > 0 && after_comment && !t.ws)
				p->flags |= YJ_MBX_BAD_DOMAIN;
			yj_lexbuf_add(&p->domain, p->tok.p, p->tok.len);
			after_comment = false;
		} else if (t.kind == T_LITERAL && p->domain.len == 0) {
			yj_lexbuf_addc(&p->domain, '[');
			yj_lexbuf_add(&p->domain, p->tok.p, p->tok.len);
			yj_lexbuf_addc(&p->domain, ']');
			p->literal = true;
			if (t.open)
				p->flags |= YJ_MBX_BAD_DOMAIN;
		} else if (t.kind == T_COMMENT) {
			if (p->domain.len > 0 && !t.ws && !after_comment)
				p->flags |= YJ_MBX_BAD_DOMAIN;
			add_comment(p, &t);
			after_comment = true;
		} else if (t.kind == T_SPECIAL && t.c == '@' && !t.ws &&
		    p->domain.len > 0 && !p->literal) {
			yj_lexbuf_addc(&p->local, '@');
			yj_lexbuf_add(&p->local, p->domain.p, p->domain.len);
			yj_lexbuf_reset(&p->domain);
			p->flags |= YJ_MBX_BAD_SYNTAX;
		} else {
			break;
		}
	}
	p->lex = save;
	p->lex.plain = plain;
}

/* is_atext - RFC 5322 atext, plus UTF-8 (RFC 6532) */
static bool
is_atext(unsigned char c)
{
	if (c >= 0x80)
		return true;
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return true;
	return c != 0 && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* is_dot_atom - s is atext runs separated by single dots */
static bool
is_dot_atom(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!is_atext((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* literal_ok - "[192.0.2.1]" or "[IPv6:2001:db8::1]" */
static bool
literal_ok(const char *d, size_t n)
{
	unsigned char bin[16];
	char ip[64];

	if (n < 3 || n - 2 >= sizeof(ip) || d[0] != '[' || d[n - 1] != ']')
		return false;
	memcpy(ip, d + 1, n - 2);
	ip[n - 2] = '\0';
	if (yj_str_iprefix(ip, "ipv6:"))
		return inet_pton(AF_INET6, ip + 5, bin) == 1;
	return inet_pton(AF_INET, ip, bin) == 1;
}

/* clean_text - valid UTF-8 without NUL; *bad when repairs were needed */
static char *
clean_text(struct yj_arena *a, const struct yj_lexbuf *b, bool *bad)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if ((unsigned char)b->p[i] < 0x20 || b->p[i] == 0x7f)
			*bad = true;
	if (memchr(b->p, '\0', b->len) != NULL ||
	    !yj_utf8_valid(b->p, b->len)) {
		*bad = true;
		return yj_utf8_repair(a, b->p, b->len);
	}
	return yj_lexbuf_dup(a, b);
}

/* quote_local - the local part as written in an addr-spec */
static char *
quote_local(struct yj_arena *a, const char *local)
{
	size_t n = strlen(local), i, o = 0;
	char *q;

	if (is_dot_atom(local, n))
		return (char *)local;
	q = yj_arena_alloc(a, n * 2 + 3);
	q[o++] = '"';
	for (i = 0; i < n; i++) {
		if (local[i] == '"' || local[i] == '\\')
			q[o++] = '\\';
		q[o++] = local[i];
	}
	q[o++] = '"';
	q[o] = '\0';
	return q;
}

/*
 * move_at - an '@' left in the domain (a literal "[1@2]") moves what is
 * before it to the local part: the domain is always what follows the
 * last '@' of the address, as yj_addr_domain() and MTAs read it
 */
static void
move_at(struct parser *p)
{
	const char *at;
	size_t k;

	at = memrchr(p->domain.p, '@', p->domain.len);
	if (at == NULL)
		return;
	k = (size_t)(at - p->domain.p);
	yj_lexbuf_addc(&p->local, '@');
	yj_lexbuf_add(&p->local, p->domain.p, k);
	memmove(p->domain.p, at + 1, p->domain.len - k - 1);
	p->domain.len -= k + 1;
	p->domain.p[p->domain.len] = '\0';
	p->flags |= YJ_MBX_BAD_SYNTAX;
}

/* fill_domain - lower-cased domain of the pending mailbox, and its flags */
static void
fill_domain(struct parser *p, struct yj_mailbox *m)
{
	bool bad = false;
	char *d;
	size_t i;

	d = clean_text(p->a, &p->domain, &bad);
	for (i = 0; d[i] != '\0'; i++)
		d[i] = (char)yj_ascii_lower((unsigned char)d[i]);
	m->domain = d;
	if (!p->has_at || d[0] == '\0') {
		m->flags |= YJ_MBX_NO_DOMAIN;
		if (p->has_at)
			m->flags |= YJ_MBX_BAD_SYNTAX;
		return;
	}
	if (bad || !(p->literal ? literal_ok(d, strlen(d)) :
	    yj_lex_domain_ok(d, strlen(d))))
		m->flags |= YJ_MBX_BAD_DOMAIN;
}

/* fill_addr - local part and "local@domain" of the pending mailbox */
static void
fill_addr(struct parser *p, struct yj_mailbox *m)
{
	bool bad = false;
	const char *q;

	m->local = clean_text(p->a, &p->local, &bad);
	if (bad || (p->has_at && m->local[0] == '\0'))
		m->flags |= YJ_MBX_BAD_SYNTAX;
	/* Quoted even without a domain: <"x@bank.example"> is no address. */
	q = m->local[0] == '\0' ? "" : quote_local(p->a, m->local);
	if (!p->has_at || m->domain[0] == '\0')
		m->addr = q;
	else
		m->addr = yj_arena_printf(p->a, "%s@%s", q, m->domain);
}

/* is_host_cp - a code point that can be part of a host name in text */
static bool
is_host_cp(long cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= '0' && cp <= '9') || cp == '-' || cp == '.' ||
		    cp == '_';
	return (cp >= 0xc0 && cp <= 0x24f && cp != 0xd7 && cp != 0xf7) ||
	    (cp >= 0x370 && cp <= 0x52f) ||	/* Greek, Cyrillic */
	    (cp >= 0x3040 && cp <= 0x30ff) ||	/* kana */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||	/* CJK */
	    (cp >= 0xac00 && cp <= 0xd7af);	/* Hangul */
}

/*
 * addr_at - the address around the '@' at s[k], if it looks like one
 * (local part, '@', host with a dot); *out gets a copy
 */
static bool
addr_at(struct yj_arena *a, const char *s, size_t n, size_t k, char **out)
{
	const char *p, *end = s + n, *host_end, *dot = NULL;
	size_t l = k;
	long cp;

	while (l > 0 && (unsigned char)s[l - 1] < 0x80 &&
	    (is_atext((unsigned char)s[l - 1]) || s[l - 1] == '.'))
		l--;
	/* 'a@b.example' (Outlook quotes names so): not part of it */
	while (l < k && !((s[l] >= 'a' && s[l] <= 'z') ||
	    (s[l] >= 'A' && s[l] <= 'Z') || (s[l] >= '0' && s[l] <= '9')))
		l++;
	p = host_end = s + k + 1;
	while (p < end) {
		cp = yj_utf8_decode(&p, end);
		if (cp < 0 || !is_host_cp(cp))
			break;
		host_end = p;
	}
	while (host_end > s + k + 1 && host_end[-1] == '.')
		host_end--;
	for (p = s + k + 2; p < host_end - 1; p++)
		if (*p == '.')
			dot = p;
	if (l == k || dot == NULL)
		return false;
	*out = yj_arena_memdup(a, s + l, (size_t)(host_end - (s + l)));
	return true;
}

/*
 * name_has_addr - the display name, NFKC-folded (full-width ＠ and
 * letters, ideographic full stops read as dots), holds an address other
 * than the mailbox's own
 */
static bool
name_has_addr(struct yj_arena *a, const char *name, const char *own)
{
	char *s, *cand;
	size_t n, i, o;

	s = yj_nfkc_casefold(a, name, strlen(name));
	n = strlen(s);
	for (i = o = 0; i < n; i++) {
		if (i + 2 < n && memcmp(s + i, "\xe3\x80\x82", 3) == 0) {
			s[o++] = '.';		/* U+3002 */
			i += 2;
		} else {
			s[o++] = s[i];
		}
	}
	s[o] = '\0';
	for (i = 0; i < o; i++)
		if (s[i] == '@' && addr_at(a, s, o, i, &cand) &&
		    !yj_str_ieq(cand, own))
			return true;
	return false;
}

/* decode_name - decoded, trimmed display name; list flags updated */
static const char *
decode_name(struct parser *p, const char *raw, size_t n)
{
	unsigned hd = 0;
	char *s;
	size_t len;

	if (n == 0)
		return "";
	s = yj_header_decode(p->a, raw, n, &hd);
	if (hd & YJ_HD_ENCODED)
		p->list->flags |= YJ_AL_ENCODED;
	while (*s == ' ')
		s++;
	len = strlen(s);
	while (len > 0 && s[len - 1] == ' ')
		s[--len] = '\0';
	return s;
}

/*
 * has_controls - control bytes in a raw display name (NUL and the like
 * hide text from some readers); ESC belongs to ISO-2022-JP, TAB and
 * line breaks to folding
 */
static bool
has_controls(const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if ((c < 0x20 && c != 0x1b && c != '\t' && c != '\r' &&
		    c != '\n') || c == 0x7f)
			return true;
	}
	return false;
}

/* grow - room for one more mailbox; capacity implied by nr */
static void
grow(struct yj_arena *a, struct yj_addrlist *list)
{
	size_t nr = list->nr;

	if (nr == 0 || (nr >= 8 && (nr & (nr - 1)) == 0))
		list->v = yj_arena_grow(a, list->v, nr, nr == 0 ? 8 : nr * 2,
		    sizeof(*list->v));
}

/*
 * emit - store the pending mailbox with the raw display name given
 * (past YJ_LIM_ADDRS, only count it), then reset
 */
static void
emit(struct parser *p, const char *name, size_t name_len)
{
	struct yj_addrlist *list = p->list;
	struct yj_mailbox *m;

	list->seen++;
	p->last = SIZE_MAX;
	if (list->nr >= YJ_LIM_ADDRS) {
		list->flags |= YJ_AL_TRUNCATED;
		p->emitted++;
		reset_mailbox(p);
		return;
	}
	grow(p->a, list);
	p->last = list->nr;
	m = &list->v[list->nr++];
	memset(m, 0, sizeof(*m));
	m->flags = p->flags;
	if (p->emitted++ > 0)
		m->flags |= YJ_MBX_BAD_SYNTAX;	/* no comma before it */
	if (p->in_group)
		m->flags |= YJ_MBX_GROUP;
	move_at(p);
	m->flags |= p->flags;
	fill_domain(p, m);
	fill_addr(p, m);
	m->name = decode_name(p, name, name_len);
	if (has_controls(name, name_len))
		m->flags |= YJ_MBX_BAD_SYNTAX;
	if (m->name[0] != '\0' && name_has_addr(p->a, m->name, m->addr))
		m->flags |= YJ_MBX_NAME_HAS_ADDR;
	if (m->flags & YJ_MBX_BAD_SYNTAX)
		list->flags |= YJ_AL_BAD;
	reset_mailbox(p);
}

/* emit_spec - after an unquoted '@' with no '<' to come: addr-spec */
static void
emit_spec(struct parser *p)
{
	if (p->local.len == 0)
		p->flags |= YJ_MBX_BAD_SYNTAX;
	parse_domain(p);
	if (p->local.len == 0 && p->domain.len == 0) {
		p->list->flags |= YJ_AL_BAD;	/* a stray '@' */
		reset_mailbox(p);
		return;
	}
	if (p->junk.len > 0) {
		/* "John Smith john@x": a name without angle brackets */
		p->flags |= YJ_MBX_BAD_SYNTAX;
		emit(p, p->junk.p, p->junk.len);
	} else {
		emit(p, p->comments.p, p->comments.len);
	}
}

/*
 * skip_route - at the start of an angle address: skip an obsolete route
 * "@a,@b:" (RFC 5322 4.4).  Without the closing ':' it was no route.
 */
static void
skip_route(struct parser *p)
{
	struct yj_lex save = p->lex;
	struct tok t;

	do
		tok_read(&p->lex, &t, NULL);
	while (t.kind == T_COMMENT);
	if (t.kind != T_SPECIAL || t.c != '@') {
		p->lex = save;
		return;
	}
	for (;;) {
		tok_read(&p->lex, &t, NULL);
		if (t.kind == T_SPECIAL && t.c == ':')
			return;
		if (t.kind == T_EOF || (t.kind == T_SPECIAL &&
		    (t.c == '>' || t.c == '<' || t.c == ';'))) {
			p->lex = save;
			return;
		}
	}
}

/*
 * angle_addr - the addr-spec between '<' and '>' (or where it stops),
 * read plain: an address is never Japanese text
 */
static void
angle_addr(struct parser *p)
{
	struct yj_lex save;
	struct tok t;

	p->lex.plain = true;
	p->lex.shifted = false;
	skip_route(p);
	for (;;) {
		save = p->lex;
		tok_read(&p->lex, &t, &p->tok);
		if (t.kind == T_SPECIAL && t.c == '>')
			break;
		if (is_sep(&t) || (t.kind == T_SPECIAL && t.c == '<')) {
			p->lex = save;		/* never closed */
			p->flags |= YJ_MBX_BAD_SYNTAX;
			break;
		}
		if ((t.kind == T_ATOM || t.kind == T_QUOTED) && !p->has_at) {
			add_local_word(p, &t);
			p->sep = false;
		} else if (t.kind == T_SPECIAL && t.c == '@' && !p->has_at) {
			parse_domain(p);
		} else if (t.kind == T_COMMENT) {
			p->sep = true;
		} else {
			p->flags |= YJ_MBX_BAD_SYNTAX;
		}
		if (t.open)
			p->flags |= YJ_MBX_BAD_SYNTAX;
	}
	p->lex.plain = false;
}

/* emit_angle - after '<': the phrase so far names the address inside */
static void
emit_angle(struct parser *p)
{
	const char *name;
	size_t name_len;
	unsigned flags = p->flags;

	if (p->phrase.len > 0) {
		name = yj_lexbuf_dup(p->a, &p->phrase);
		name_len = p->phrase.len;
	} else {
		name = yj_lexbuf_dup(p->a, &p->comments);
		name_len = p->comments.len;
	}
	reset_mailbox(p);
	p->flags = flags;
	angle_addr(p);
	if (p->junk.len > 0)
		p->flags |= YJ_MBX_BAD_SYNTAX;	/* <john smith@x> */
	emit(p, name, name_len);
}

/* finish_element - words left at the end of an element */
static void
finish_element(struct parser *p)
{
	bool bad = false;

	if (p->phrase.len == 0) {
		reset_mailbox(p);
		return;
	}
	if (p->emitted > 0) {
		/* "a@exa mple.com": words after a mailbox cast doubt on it */
		p->list->flags |= YJ_AL_BAD;
		if (p->last != SIZE_MAX)
			p->list->v[p->last].flags |= YJ_MBX_BAD_SYNTAX;
		reset_mailbox(p);
		return;
	}
	/* No '@' and no '<': a local name ("undisclosed-recipients"). */
	if (p->junk.len > 0 || (p->flags & YJ_MBX_BAD_SYNTAX))
		bad = true;
	yj_lexbuf_reset(&p->local);
	yj_lexbuf_add(&p->local, p->phrase.p, p->phrase.len);
	if (bad)
		p->flags |= YJ_MBX_BAD_SYNTAX;
	emit(p, p->comments.p, p->comments.len);
}

/* on_special - one special character outside angle brackets */
static void
on_special(struct parser *p, const struct tok *t)
{
	if (t->c == '<') {
		emit_angle(p);
	} else if (t->c == '@') {
		if (lt_ahead(p))
			add_stray(p, t);	/* x@y <a@b>: a phrase */
		else
			emit_spec(p);
	} else if (t->c == ':' && !p->in_group && p->emitted == 0) {
		p->in_group = true;		/* the group's name goes */
		reset_mailbox(p);
	} else {
		add_stray(p, t);
	}
}

/* parse_element - one list element; returns ',', ';' or YJ_LEX_EOF */
static int
parse_element(struct parser *p)
{
	struct tok t;

	reset_mailbox(p);
	p->emitted = 0;
	p->last = SIZE_MAX;
	for (;;) {
		tok_read(&p->lex, &t, &p->tok);
		if (is_sep(&t)) {
			finish_element(p);
			return t.kind == T_EOF ? YJ_LEX_EOF : t.c;
		}
		if (t.kind == T_ATOM || t.kind == T_QUOTED)
			add_word(p, &t);
		else if (t.kind == T_COMMENT)
			add_comment(p, &t);
		else if (t.kind == T_LITERAL)
			add_stray(p, &t);
		else
			on_special(p, &t);
	}
}

/* parser_init - buffers sized for the whole value */
static void
parser_init(struct parser *p, struct yj_arena *a, const char *raw, size_t n,
    struct yj_addrlist *list)
{
	size_t cap = n + 2;

	memset(p, 0, sizeof(*p));
	p->a = a;
	p->list = list;
	yj_lex_init(&p->lex, raw, n);
	yj_lexbuf_init(a, &p->tok, cap);
	yj_lexbuf_init(a, &p->phrase, cap);
	yj_lexbuf_init(a, &p->junk, cap);
	yj_lexbuf_init(a, &p->local, cap);
	yj_lexbuf_init(a, &p->domain, cap);
	yj_lexbuf_init(a, &p->comments, cap);
	p->lt_from = 1;			/* empty cache: from > end */
	p->lt_end = 0;
	p->lt_at = SIZE_MAX;
}

/* yj_addr_parse - parse one header value into list */
void
yj_addr_parse(struct yj_arena *a, const char *raw, size_t n,
    struct yj_addrlist *list)
{
	struct parser p;
	int end;

	parser_init(&p, a, raw, n, list);
	do {
		end = parse_element(&p);
		if (end == ';') {
			if (p.in_group)
				p.in_group = false;
			else
				list->flags |= YJ_AL_BAD;
		}
	} while (end != YJ_LEX_EOF);
	if (p.in_group || (p.lex.flags & (YJ_LEX_OPEN | YJ_LEX_DEEP)))
		list->flags |= YJ_AL_BAD;
	if (p.lex.flags & (YJ_LEX_8BIT | YJ_LEX_ISO2022))
		list->flags |= YJ_AL_8BIT;
	if (list->seen == 0)
		list->flags |= YJ_AL_EMPTY;
	else
		list->flags &= ~(unsigned)YJ_AL_EMPTY;
}

/* local_ok - dot-atom or quoted-string local part, at most 64 bytes */
static bool
local_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > 64 || !yj_utf8_valid(s, n))
		return false;
	if (s[0] != '"')
		return is_dot_atom(s, n);
	if (n < 2 || s[n - 1] != '"')
		return false;
	for (i = 1; i < n - 1; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
		if (s[i] == '"')
			return false;
		if (s[i] == '\\' && ++i >= n - 1)
			return false;
	}
	return true;
}

/* ldh_ok - ASCII letters-digits-hyphen labels, no hyphen at either end */
static bool
ldh_ok(const char *s, size_t n)
{
	size_t i, label = 0;

	if (n == 0 || n > 253)
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (label == 0 || s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
		if (s[i] == '-' && label == 0)
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0 && s[n - 1] != '-';
}

/* yj_addr_is_valid - syntax of an address a person typed */
bool
yj_addr_is_valid(const char *addr)
{
	const char *at;
	size_t n;

	if (addr == NULL)
		return false;
	n = strlen(addr);
	at = strrchr(addr, '@');
	if (at == NULL || n > 254)
		return false;
	if (!local_ok(addr, (size_t)(at - addr)))
		return false;
	if (at[1] == '[')
		return literal_ok(at + 1, strlen(at + 1));
	return ldh_ok(at + 1, strlen(at + 1));
}

/* yj_addr_domain - the part after the last '@', "" when there is none */
const char *
yj_addr_domain(const char *addr)
{
	const char *at;

	if (addr == NULL)
		return "";
	at = strrchr(addr, '@');
	return at != NULL ? at + 1 : "";
}
