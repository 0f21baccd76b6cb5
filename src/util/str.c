/*
 * str.c - string helpers
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/str.h"

/* yj_str_ieq - ASCII case-insensitive equality */
bool
yj_str_ieq(const char *a, const char *b)
{
	while (*a != '\0' && yj_ascii_lower((unsigned char)*a) ==
	    yj_ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* yj_str_ieqn - compare the first n bytes, ignoring ASCII case */
bool
yj_str_ieqn(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (yj_ascii_lower((unsigned char)a[i]) !=
		    yj_ascii_lower((unsigned char)b[i]))
			return false;
		if (a[i] == '\0')
			return true;
	}
	return true;
}

/* yj_str_iprefix - s starts with prefix, ignoring ASCII case */
bool
yj_str_iprefix(const char *s, const char *prefix)
{
	size_t n;

	n = strlen(prefix);
	return strlen(s) >= n && yj_str_ieqn(s, prefix, n);
}

/* yj_str_isuffix - s ends with suffix, ignoring ASCII case */
bool
yj_str_isuffix(const char *s, const char *suffix)
{
	size_t n, m;

	n = strlen(s);
	m = strlen(suffix);
	return n >= m && yj_str_ieqn(s + n - m, suffix, m);
}

/* yj_memimem - find n in h, ignoring ASCII case */
const char *
yj_memimem(const char *h, size_t hn, const char *n, size_t nn)
{
	size_t i, j;

	if (nn == 0)
		return h;
	for (i = 0; i + nn <= hn; i++) {
		for (j = 0; j < nn; j++)
			if (yj_ascii_lower((unsigned char)h[i + j]) !=
			    yj_ascii_lower((unsigned char)n[j]))
				break;
		if (j == nn)
			return h + i;
	}
	return NULL;
}

/* yj_strcasestr - find n in the C string h, ignoring ASCII case */
const char *
yj_strcasestr(const char *h, const char *n)
{
	return yj_memimem(h, strlen(h), n, strlen(n));
}

/* yj_str_lower - lower-case ASCII copy */
char *
yj_str_lower(struct yj_arena *a, const char *s)
{
	char *p, *q;

	p = yj_arena_strdup(a, s);
	for (q = p; *q != '\0'; q++)
		*q = (char)yj_ascii_lower((unsigned char)*q);
	return p;
}

/* yj_str_trim - copy without surrounding white space */
char *
yj_str_trim(struct yj_arena *a, const char *p, size_t n)
{
	while (n > 0 && yj_ascii_isspace((unsigned char)*p)) {
		p++;
		n--;
	}
	while (n > 0 && yj_ascii_isspace((unsigned char)p[n - 1]))
		n--;
	return yj_arena_memdup(a, p, n);
}

/* yj_utf8_decode - decode one code point, rejecting overlongs/surrogates */
long
yj_utf8_decode(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	unsigned long cp, min;
	size_t need, i;

	if ((const char *)p >= end)
		return -1;
	if (p[0] < 0x80) {
		*pp += 1;
		return p[0];
	}
	if ((p[0] & 0xe0) == 0xc0) {
		need = 1; cp = p[0] & 0x1f; min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		need = 2; cp = p[0] & 0x0f; min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		need = 3; cp = p[0] & 0x07; min = 0x10000;
	} else
		return -1;
	if ((size_t)(end - (const char *)p) <= need)
		return -1;
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*pp += need + 1;
	return (long)cp;
}

/* yj_utf8_encode - encode one code point */
size_t
yj_utf8_encode(unsigned long cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* yj_utf8_valid - well-formedness test */
bool
yj_utf8_valid(const char *p, size_t n)
{
	const char *end = p + n;

	while (p < end) {
		if ((unsigned char)*p < 0x80) {
			p++;
			continue;
		}
		if (yj_utf8_decode(&p, end) < 0)
			return false;
	}
	return true;
}

/* yj_utf8_repair - valid UTF-8 copy with U+FFFD for bad bytes */
char *
yj_utf8_repair(struct yj_arena *a, const char *p, size_t n)
{
	const char *end = p + n, *q;
	char *out, *o;

	if (n > (SIZE_MAX - 1) / 3)
		n = (SIZE_MAX - 1) / 3;
	out = yj_arena_alloc(a, n * 3 + 1);
	o = out;
	while (p < end) {
		if (*p == '\0') {
			p++;
			continue;
		}
		q = p;
		if (yj_utf8_decode(&q, end) < 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
			continue;
		}
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		p = q;
	}
	*o = '\0';
	return out;
}

/* yj_fmt_grouped - "1,500" */
char *
yj_fmt_grouped(long long n, char buf[YJ_GROUPED_MAX])
{
	char d[24];
	size_t len, i, o = 0;

	snprintf(d, sizeof(d), "%lld", n < 0 ? 0 : n);
	len = strlen(d);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = d[i];
	}
	buf[o] = '\0';
	return buf;
}

/* yj_parse_uint - strict decimal parse */
int
yj_parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return YJ_EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return YJ_EINVAL;
	*out = v;
	return 0;
}

/* yj_strvec_push - append a borrowed string */
void
yj_strvec_push(struct yj_arena *a, struct yj_strvec *sv, const char *s)
{
	if (sv->nr + 1 >= sv->alloc) {
		size_t n = sv->alloc ? sv->alloc * 2 : 8;

		sv->v = yj_arena_grow(a, sv->v, sv->nr, n, sizeof(*sv->v));
		sv->alloc = n;
	}
	sv->v[sv->nr++] = s;
	sv->v[sv->nr] = NULL;
}

/* yj_strvec_has - exact membership */
bool
yj_strvec_has(const struct yj_strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

/* yj_strvec_ihas - membership ignoring ASCII case */
bool
yj_strvec_ihas(const struct yj_strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->nr; i++)
		if (yj_str_ieq(sv->v[i], s))
			return true;
	return false;
}
