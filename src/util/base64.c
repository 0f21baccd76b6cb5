/*
 * base64.c - RFC 4648 section 4, by table
 */
#include <stdint.h>
#include <string.h>

#include "util/base64.h"
#include "util/error.h"
#include "util/str.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* yj_base64_encode - padded base64 of p[0..n) */
char *
yj_base64_encode(struct yj_arena *a, const void *p, size_t n)
{
	const unsigned char *in = p;
	size_t groups = n / 3 + (n % 3 != 0);
	char *out, *o;
	uint32_t v;
	size_t i;

	out = yj_arena_allocarray(a, groups + 1, 4);
	o = out;
	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		*o++ = alphabet[(v >> 6) & 63];
		*o++ = alphabet[v & 63];
	}
	if (i < n) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		*o++ = alphabet[v >> 18];
		*o++ = alphabet[(v >> 12) & 63];
		*o++ = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/* value - the 6-bit value of c, or -1 */
static int
value(int c)
{
	const char *q;

	if (c == '\0')
		return -1;
	q = strchr(alphabet, c);
	return q != NULL ? (int)(q - alphabet) : -1;
}

/* yj_base64_decode - strict decoding, white space skipped */
int
yj_base64_decode(struct yj_arena *a, const char *s, unsigned char **outp,
    size_t *np)
{
	unsigned char *out;
	uint32_t acc = 0;
	size_t n = 0;
	int bits = 0;
	int pad = 0;
	int v;

	out = yj_arena_alloc(a, strlen(s) / 4 * 3 + 4);
	for (; *s != '\0'; s++) {
		if (yj_ascii_isspace((unsigned char)*s))
			continue;
		if (*s == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = value((unsigned char)*s)) < 0)
			return YJ_EINVAL;
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (pad > 2 || (bits + pad * 6) % 8 != 0 || (pad > 0 && bits == 0))
		return YJ_EINVAL;
	out[n] = '\0';
	*outp = out;
	*np = n;
	return 0;
}
