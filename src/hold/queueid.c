/*
 * queueid.c - Postfix queue id syntax (see queueid.h)
 */
#include <string.h>

#include "hold/queueid.h"

#define SH_USEC_PAD	5	/* hex digits of microseconds, short form */
#define SH_MAX		(SH_USEC_PAD + 16)	/* + a 64-bit inode in hex */
#define LG_TIME_MIN	10	/* six of seconds, four of microseconds */
#define LG_TIME_MAX	16
#define LG_INUM_MAX	12	/* a 64-bit inode in base 51 */

/* is_safe52 - Postfix's base-52 alphabet: digits, consonants */
static bool
is_safe52(int c)
{
	if (c >= '0' && c <= '9')
		return true;
	if (c >= 'A' && c <= 'Z')
		return strchr("AEIOU", c) == NULL;
	if (c >= 'a' && c <= 'z')
		return strchr("aeiou", c) == NULL;
	return false;
}

/* short_form - upper-case hex, 6 to 21 digits */
static bool
short_form(const char *id, size_t n)
{
	size_t i;

	if (n < SH_USEC_PAD + 1 || n > SH_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((id[i] >= '0' && id[i] <= '9') ||
		    (id[i] >= 'A' && id[i] <= 'F')))
			return false;
	return true;
}

/* long_form - time in base 52, the last 'z', inode in base 51 */
static bool
long_form(const char *id, size_t n)
{
	const char *sep = strrchr(id, 'z');
	size_t i, t;

	if (sep == NULL)
		return false;
	t = (size_t)(sep - id);
	if (t < LG_TIME_MIN || t > LG_TIME_MAX || n - t - 1 < 1 ||
	    n - t - 1 > LG_INUM_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!is_safe52((unsigned char)id[i]))
			return false;
	return true;
}

/* yj_queue_id_valid - one of Postfix's two forms */
bool
yj_queue_id_valid(const char *id)
{
	size_t n;

	if (id == NULL)
		return false;
	n = strlen(id);
	if (n == 0 || n > YJ_QUEUE_ID_MAX)
		return false;
	return short_form(id, n) || long_form(id, n);
}
