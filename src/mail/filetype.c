/*
 * filetype.c - libmagic per thread, SHA-256 through GLib
 *
 * Only the first MAGIC_WINDOW bytes are shown to libmagic: every format
 * it knows is recognised from its head (OOXML by the names of the first
 * zip members), and this keeps a 30 MB attachment from costing 30 MB of
 * pattern matching.
 */
#include <glib.h>
#include <magic.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

#include "mail/filetype.h"
#include "util/log.h"

#define MAGIC_WINDOW	(1024 * 1024)

static pthread_key_t	magic_key;
static pthread_once_t	magic_once = PTHREAD_ONCE_INIT;
static bool		magic_warned;

/* close_magic - thread exit destructor */
static void
close_magic(void *m)
{
	magic_close(m);
}

/* make_key - create the thread-local slot once */
static void
make_key(void)
{
	(void)pthread_key_create(&magic_key, close_magic);
}

/* thread_magic - this thread's handle, or NULL when unusable */
static magic_t
thread_magic(void)
{
	magic_t m;

	pthread_once(&magic_once, make_key);
	m = pthread_getspecific(magic_key);
	if (m != NULL)
		return m;
	m = magic_open(MAGIC_NONE | MAGIC_NO_CHECK_COMPRESS);
	if (m == NULL || magic_load(m, NULL) != 0) {
		if (!magic_warned) {
			magic_warned = true;
			yj_warn("cannot load the libmagic database: %s",
			    m ? magic_error(m) : "out of memory");
		}
		if (m != NULL)
			magic_close(m);
		return NULL;
	}
	(void)pthread_setspecific(magic_key, m);
	return m;
}

/* yj_filetype - MIME type and description */
void
yj_filetype(struct yj_arena *a, const void *data, size_t n,
    const char **mime, const char **desc)
{
	const char *r;
	magic_t m;

	*mime = "application/octet-stream";
	*desc = "data";
	if (n == 0) {
		*mime = "application/x-empty";
		*desc = "empty";
		return;
	}
	m = thread_magic();
	if (m == NULL)
		return;
	if (n > MAGIC_WINDOW)
		n = MAGIC_WINDOW;
	magic_setflags(m, MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
	r = magic_buffer(m, data, n);
	if (r != NULL)
		*mime = yj_arena_strdup(a, r);
	magic_setflags(m, MAGIC_NONE | MAGIC_NO_CHECK_COMPRESS);
	r = magic_buffer(m, data, n);
	if (r != NULL)
		*desc = yj_arena_strdup(a, r);
}

/* yj_filetype_mime - MIME type, one pass */
const char *
yj_filetype_mime(struct yj_arena *a, const void *data, size_t n)
{
	const char *r;
	magic_t m;

	if (n == 0)
		return "application/x-empty";
	m = thread_magic();
	if (m == NULL)
		return "application/octet-stream";
	if (n > MAGIC_WINDOW)
		n = MAGIC_WINDOW;
	magic_setflags(m, MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
	r = magic_buffer(m, data, n);
	return r != NULL ? yj_arena_strdup(a, r) : "application/octet-stream";
}

/* yj_sha256_hex - hex digest */
void
yj_sha256_hex(const void *data, size_t n, char out[65])
{
	GChecksum *c;
	const char *hex;

	c = g_checksum_new(G_CHECKSUM_SHA256);
	while (n > 0) {
		gssize chunk = n > G_MAXSSIZE / 2 ? G_MAXSSIZE / 2 : (gssize)n;

		g_checksum_update(c, data, chunk);
		data = (const char *)data + chunk;
		n -= (size_t)chunk;
	}
	hex = g_checksum_get_string(c);
	memcpy(out, hex, 64);
	out[64] = '\0';
	g_checksum_free(c);
}
