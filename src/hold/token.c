/*
 * token.c - HMAC-SHA256 tokens and notice marks (see token.h)
 *
 * GLib's GHmac does the hashing (GLib is already linked for GMime).  The
 * message given to the HMAC is a "|"-separated record starting with a
 * purpose string, so a token can never be replayed as a mark or the
 * other way round.  Actors are lower-cased: mail systems do not agree on
 * the case of addresses.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hold/token.h"
#include "util/str.h"

#define MARK_HEX	32	/* hex digits of the mark's MAC */

/* hmac_hex - the first n hex digits of HMAC(key, msg) */
static void
hmac_hex(const unsigned char key[32], const char *msg, char *out, size_t n)
{
	guint8 digest[32];
	gsize len = sizeof(digest);
	GHmac *h;
	size_t i;

	h = g_hmac_new(G_CHECKSUM_SHA256, key, 32);
	g_hmac_update(h, (const guchar *)msg, (gssize)strlen(msg));
	g_hmac_get_digest(h, digest, &len);
	g_hmac_unref(h);
	for (i = 0; i < n / 2 && i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
	out[n] = '\0';
}

/* equal - constant-time comparison of two strings of known length n */
static bool
equal(const char *a, const char *b, size_t n)
{
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

/* yj_hold_token - the token of one action for one person */
void
yj_hold_token(const unsigned char key[32], const char *action, int64_t id,
    const char *actor, char out[YJ_TOKEN_LEN + 1])
{
	char *msg, *p;

	msg = g_strdup_printf("yojin-hold-token|1|%s|%" PRId64 "|%s", action,
	    id, actor);
	for (p = msg; *p != '\0'; p++)
		*p = (char)yj_ascii_lower((unsigned char)*p);
	hmac_hex(key, msg, out, YJ_TOKEN_LEN);
	g_free(msg);
}

/* yj_hold_token_ok - check a token */
bool
yj_hold_token_ok(const unsigned char key[32], const char *action, int64_t id,
    const char *actor, const char *token)
{
	char want[YJ_TOKEN_LEN + 1];
	char got[YJ_TOKEN_LEN + 1];
	size_t i;

	if (token == NULL || strlen(token) != YJ_TOKEN_LEN)
		return false;
	for (i = 0; i < YJ_TOKEN_LEN; i++)
		got[i] = (char)yj_ascii_lower((unsigned char)token[i]);
	got[YJ_TOKEN_LEN] = '\0';
	yj_hold_token(key, action, id, actor, want);
	return equal(want, got, YJ_TOKEN_LEN);
}

/* yj_body_hash_init - start hashing a body */
void
yj_body_hash_init(struct yj_body_hash *h)
{
	h->checksum = g_checksum_new(G_CHECKSUM_SHA256);
}

/* yj_body_hash_update - more of the body; CR and LF are skipped */
void
yj_body_hash_update(struct yj_body_hash *h, const void *p, size_t n)
{
	const unsigned char *s = p, *e = s + n, *q;

	while (s < e) {
		for (q = s; q < e && *q != '\r' && *q != '\n'; q++)
			;
		if (q > s)
			g_checksum_update(h->checksum, s, (gssize)(q - s));
		s = q < e ? q + 1 : e;
	}
}

/* yj_body_hash_final - the hex digest; the hash is freed */
void
yj_body_hash_final(struct yj_body_hash *h, char out[65])
{
	snprintf(out, 65, "%s", g_checksum_get_string(h->checksum));
	g_checksum_free(h->checksum);
	h->checksum = NULL;
}

/* mark_mac - the MAC part of a mark */
static void
mark_mac(const unsigned char key[32], int64_t t, int64_t id,
    const char *message_id, const char *body_hash, char out[MARK_HEX + 1])
{
	char *msg;

	msg = g_strdup_printf("yojin-notice-mark|1|%" PRId64 "|%" PRId64
	    "|%s|%s", t, id, message_id, body_hash);
	hmac_hex(key, msg, out, MARK_HEX);
	g_free(msg);
}

/* yj_notice_mark - "v=1; t=T; h=ID; m=MAC" */
void
yj_notice_mark(const unsigned char key[32], int64_t t, int64_t id,
    const char *message_id, const char *body_hash, char *out, size_t outsz)
{
	char mac[MARK_HEX + 1];

	mark_mac(key, t, id, message_id, body_hash, mac);
	snprintf(out, outsz, "v=1; t=%" PRId64 "; h=%" PRId64 "; m=%s", t, id,
	    mac);
}

/* yj_notice_mark_ok - parse and check a mark */
bool
yj_notice_mark_ok(const unsigned char key[32], const char *value,
    const char *message_id, const char *body_hash, int64_t now)
{
	char mac[MARK_HEX + 1], want[MARK_HEX + 1];
	long long t, id;
	int end = 0;

	while (*value == ' ' || *value == '\t')
		value++;
	if (sscanf(value, "v=1; t=%lld; h=%lld; m=%32[0-9a-f]%n", &t, &id,
	    mac, &end) != 3 || strlen(mac) != MARK_HEX)
		return false;
	while (value[end] == ' ' || value[end] == '\t' ||
	    value[end] == '\r' || value[end] == '\n')
		end++;
	if (value[end] != '\0' || t > now + 300 || t < now - YJ_MARK_MAX_AGE)
		return false;
	mark_mac(key, (int64_t)t, (int64_t)id, message_id, body_hash, want);
	return equal(want, mac, MARK_HEX);
}
