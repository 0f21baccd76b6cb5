/*
 * archive.c - walk containers with libarchive, within the limits
 *
 * Design: the whole attachment is in memory, so libarchive reads it with
 * archive_read_open_memory() (seekable: ZIP is read from its central
 * directory, which also lists entries a streaming reader would miss).
 * Only formats and filters that decode in-process are enabled; the
 * external-program filters (lrzip, lzop, grzip) never are.  A
 * compression filter without an archive format inside (report.csv.gz)
 * is read through the "raw" format as one member.
 *
 * Every entry is read in 64 KiB steps, and the walk stops as soon as one
 * of these is reached, recording why (YJ_AF_LIMIT_*):
 *   - members per container: YJ_LIM_ARCHIVE_MEMBERS;
 *   - bytes kept per member: YJ_LIM_ARCHIVE_MEMBER (the member is cut);
 *   - bytes unpacked per message: YJ_LIM_ARCHIVE_TOTAL;
 *   - bytes unpacked over the container's own size: YJ_LIM_ARCHIVE_RATIO
 *     (once past 1 MiB), the mark of a zip bomb or of Emotet's 500 MB
 *     zero-padded document (JPCERT/CC 2023-03); the member being read
 *     is marked YJ_AF_INFLATED, as is any member whose declared size
 *     passes 100 MB.
 * Stopping the whole container, not only the member, matters: skipping
 * the rest of a member in a solid 7z archive means decompressing it.
 *
 * Encrypted entries (ZipCrypto, WinZip AES, RAR, 7z) are listed by name
 * with YJ_ATT_ENCRYPTED and no data; a 7z whose header itself is
 * encrypted lists nothing and sets YJ_AF_ENCRYPTED_MEMBERS.
 * yj_archive_retry() opens the archive again with candidate passwords
 * and fills in the encrypted members it can now read.
 *
 * Names: libarchive converts member names to the current locale's
 * charset and gives up (NULL) when it cannot, which in the "C" locale of
 * a daemon is every Japanese name.  The walk therefore runs under a
 * per-thread C.UTF-8 locale (uselocale, which leaves other threads
 * alone); names without the ZIP UTF-8 flag then come through as raw
 * bytes and are decoded like any undeclared Japanese text (CP932 is the
 * usual case).
 *
 * A ZIP is collected whole before it is judged: with [Content_Types].xml
 * it is an OOXML document (ooxml.c reads its parts; only embedded files
 * become members), with a "mimetype" entry an OpenDocument file, with
 * META-INF/MANIFEST.MF or .class entries a Java archive; otherwise each
 * entry becomes a member.
 */
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>
#include <pthread.h>
#include <string.h>

#include "mail/attach_int.h"
#include "mail/filetype.h"
#include "util/limits.h"
#include "util/str.h"

#define STEP		(64 * 1024)
#define RATIO_FLOOR	(1024 * 1024)
#define INFLATED_SIZE	(100ULL * 1024 * 1024)	/* indicator C8 */

struct walk {
	struct yj_actx		*c;
	struct archive		*a;
	struct yj_entry		*v;		/* entries read */
	size_t			 n;
	size_t			 alloc;
	uint64_t		 out;		/* bytes unpacked here */
	bool			 stop;		/* a limit reached */
	const char *const	*passwords;	/* retry only */
};

static pthread_once_t	utf8_once = PTHREAD_ONCE_INIT;
static locale_t		utf8_locale;

/* make_utf8_locale - C.UTF-8, once (shared read-only by all threads) */
static void
make_utf8_locale(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* enter_utf8 - switch this thread to C.UTF-8; returns the old locale */
static locale_t
enter_utf8(void)
{
	pthread_once(&utf8_once, make_utf8_locale);
	return utf8_locale ? uselocale(utf8_locale) : (locale_t)0;
}

/* leave_utf8 - back to the thread's own locale */
static void
leave_utf8(locale_t old)
{
	if (old != (locale_t)0)
		(void)uselocale(old);
}

/* support - the format readers for what the bytes said they are */
static void
support(struct archive *a, const char *f)
{
	if (strcmp(f, "zip") == 0)
		archive_read_support_format_zip(a);
	else if (strcmp(f, "7z") == 0)
		archive_read_support_format_7zip(a);
	else if (strcmp(f, "rar") == 0) {
		archive_read_support_format_rar(a);
		archive_read_support_format_rar5(a);
	} else if (strcmp(f, "iso") == 0 || strcmp(f, "udf") == 0)
		archive_read_support_format_iso9660(a);
	else if (strcmp(f, "cab") == 0)
		archive_read_support_format_cab(a);
	else if (strcmp(f, "lha") == 0)
		archive_read_support_format_lha(a);
	else if (strcmp(f, "xar") == 0)
		archive_read_support_format_xar(a);
	else if (strcmp(f, "tar") == 0)
		archive_read_support_format_tar(a);
	else if (strcmp(f, "cpio") == 0)
		archive_read_support_format_cpio(a);
	else {
		/* a compression filter: a tar or cpio inside, or one file */
		archive_read_support_format_tar(a);
		archive_read_support_format_cpio(a);
		archive_read_support_format_raw(a);
	}
}

/*
 * open_reader - a libarchive reader over data with the in-process
 * filters and only the format the sniff found (an all-zero ISO system
 * area is also an empty tar archive to a reader that tries everything)
 */
static struct archive *
open_reader(const unsigned char *data, size_t n, const char *format,
    const char *const *pw, size_t npw)
{
	struct archive *a = archive_read_new();
	size_t i;

	archive_read_support_filter_gzip(a);
	archive_read_support_filter_bzip2(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_lzma(a);
	archive_read_support_filter_zstd(a);
	archive_read_support_filter_compress(a);
	support(a, format);
	for (i = 0; i < npw; i++)
		archive_read_add_passphrase(a, pw[i]);
	if (archive_read_open_memory(a, data, n) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* entry_name - the member's path as UTF-8 (CP932 names are common) */
static const char *
entry_name(struct walk *w, struct archive_entry *e)
{
	const char *s;

	s = archive_entry_pathname_utf8(e);
	if (s != NULL && yj_utf8_valid(s, strlen(s)))
		return yj_arena_strdup(yj_actx_arena(w->c), s);
	s = archive_entry_pathname(e);
	if (s == NULL || *s == '\0')
		return w->passwords == NULL && strcmp(w->c->info->format,
		    "zip") != 0 ? "data" : "";
	return yj_attach_utf8(w->c, NULL, s, strlen(s));
}

/* push - room for one more entry */
static struct yj_entry *
push(struct walk *w)
{
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 16;
		w->v = yj_arena_grow(yj_actx_arena(w->c), w->v, w->n, w->alloc,
		    sizeof(*w->v));
	}
	memset(&w->v[w->n], 0, sizeof(w->v[0]));
	return &w->v[w->n++];
}

/* over_ratio - more out than RATIO times the container, past the floor */
static bool
over_ratio(const struct walk *w)
{
	size_t in = w->c->b->msg->atts[w->c->att].data_len;

	return w->out > RATIO_FLOOR &&
	    w->out / (in ? in : 1) >= YJ_LIM_ARCHIVE_RATIO;
}

/* read_data - the member's bytes, within the budgets */
static void
read_data(struct walk *w, struct yj_entry *e)
{
	struct yj_msg_builder *b = w->c->b;
	char chunk[STEP];
	struct yj_buf buf;
	la_ssize_t r;

	yj_buf_init(&buf, YJ_LIM_ARCHIVE_MEMBER);
	for (;;) {
		r = archive_read_data(w->a, chunk, sizeof(chunk));
		if (r <= 0) {
			/* a wrong password is not damage */
			if (r < 0 && w->passwords == NULL)
				w->c->info->facts |= YJ_AF_UNREADABLE;
			break;
		}
		w->out += (uint64_t)r;
		b->unpacked_total += (uint64_t)r;
		if (yj_buf_add(&buf, chunk, (size_t)r) != 0) {
			e->truncated = true;
			yj_attach_limit(w->c, YJ_AF_LIMIT_SIZE, "member '%s' "
			    "over %lu bytes", e->name,
			    (unsigned long)YJ_LIM_ARCHIVE_MEMBER);
			w->stop = true;
			break;
		}
		if (b->unpacked_total > YJ_LIM_ARCHIVE_TOTAL) {
			e->truncated = true;
			yj_attach_limit(w->c, YJ_AF_LIMIT_SIZE, "over %lu "
			    "bytes unpacked",
			    (unsigned long)YJ_LIM_ARCHIVE_TOTAL);
			w->stop = true;
			break;
		}
		if (over_ratio(w)) {
			e->truncated = true;
			e->inflated = true;
			yj_attach_limit(w->c, YJ_AF_LIMIT_RATIO, "unpacks to "
			    "over %d times its size at '%s'",
			    YJ_LIM_ARCHIVE_RATIO, e->name);
			w->stop = true;
			break;
		}
	}
	e->len = buf.len;
	e->data = (const unsigned char *)yj_arena_memdup(yj_actx_arena(w->c),
	    buf.data ? buf.data : "", buf.len);
	if (e->size < e->len)
		e->size = e->len;
	yj_buf_release(&buf);
}

/* read_entry - one header's member */
static void
read_entry(struct walk *w, struct archive_entry *ae)
{
	struct yj_entry *e;

	if (archive_entry_filetype(ae) != AE_IFREG)
		return;
	e = push(w);
	e->name = entry_name(w, ae);
	if (archive_entry_size_is_set(ae) && archive_entry_size(ae) > 0)
		e->size = (uint64_t)archive_entry_size(ae);
	if (e->size > INFLATED_SIZE)
		e->inflated = true;
	if (archive_entry_is_encrypted(ae)) {
		e->encrypted = true;
		w->c->info->facts |= YJ_AF_ENCRYPTED_MEMBERS;
		if (w->passwords == NULL)
			return;		/* no data without a password */
	} else if (w->passwords != NULL)
		return;			/* read in the first pass */
	read_data(w, e);
}

/* walk_entries - every header until the end, an error or a limit */
static void
walk_entries(struct walk *w)
{
	struct archive_entry *ae;
	int r;

	for (;;) {
		r = archive_read_next_header(w->a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			if (archive_read_has_encrypted_entries(w->a) > 0)
				w->c->info->facts |= YJ_AF_ENCRYPTED_MEMBERS;
			else if (w->passwords == NULL)
				w->c->info->facts |= YJ_AF_UNREADABLE;
			break;
		}
		if (w->n >= YJ_LIM_ARCHIVE_MEMBERS) {
			yj_attach_limit(w->c, YJ_AF_LIMIT_MEMBERS,
			    "more than %d members", YJ_LIM_ARCHIVE_MEMBERS);
			break;
		}
		read_entry(w, ae);
		if (w->stop)
			break;
	}
}

/* find - the entry with this exact name */
static const struct yj_entry *
find(const struct walk *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i].name, name) == 0)
			return &w->v[i];
	return NULL;
}

/* is_jar - a Java archive: manifest or class files */
static bool
is_jar(const struct walk *w)
{
	size_t i;

	if (find(w, "META-INF/MANIFEST.MF") != NULL)
		return true;
	for (i = 0; i < w->n; i++)
		if (yj_str_isuffix(w->v[i].name, ".class"))
			return true;
	return false;
}

/* judge_zip - OOXML, ODF, JAR, or a plain archive */
static bool
judge_zip(struct walk *w)
{
	struct yj_attach_info *in = w->c->info;
	const struct yj_entry *e;

	if (find(w, "[Content_Types].xml") != NULL) {
		in->kind = YJ_AK_OOXML;
		in->format = "ooxml";
		yj_ooxml_read(w->c, w->v, w->n);
		return true;
	}
	e = find(w, "mimetype");
	if (e != NULL && e->len > 0 && yj_memimem((const char *)e->data, e->len,
	    "opendocument", 12) != NULL) {
		in->kind = YJ_AK_ODF;
		in->format = "odf";
		yj_odf_read(w->c, w->v, w->n);
		return true;
	}
	if (is_jar(w)) {
		in->kind = YJ_AK_EXECUTABLE;
		in->format = "jar";
	}
	return false;
}

/* add_members - every entry read becomes a member */
static void
add_members(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (yj_attach_add_member(w->c, &w->v[i]) < 0)
			break;
}

/* yj_archive_read - walk a container attachment */
void
yj_archive_read(struct yj_actx *c)
{
	struct walk w = { .c = c };
	const unsigned char *d;
	locale_t old;
	size_t n;

	d = yj_actx_data(c, &n);
	old = enter_utf8();
	w.a = open_reader(d, n, c->info->format, NULL, 0);
	if (w.a == NULL) {
		leave_utf8(old);
		c->info->facts |= YJ_AF_UNREADABLE;
		return;
	}
	walk_entries(&w);
	c->info->unpacked = w.out;
	archive_read_free(w.a);
	leave_utf8(old);
	if (strcmp(c->info->format, "zip") == 0 && judge_zip(&w))
		return;
	if (!yj_attach_can_nest(c)) {
		c->info->members = (unsigned)w.n;
		return;
	}
	add_members(&w);
}

/* member_named - the encrypted, unread member of c with this name */
static int
member_named(const struct yj_actx *c, const char *name)
{
	const struct yj_msg *m = c->b->msg;
	size_t i;

	for (i = (size_t)c->att + 1; i < m->natts; i++)
		if (m->atts[i].parent == c->att &&
		    (m->atts[i].flags & YJ_ATT_ENCRYPTED) &&
		    m->atts[i].data_len == 0 &&
		    strcmp(m->atts[i].filename, name) == 0)
			return (int)i;
	return -1;
}

/* refill - give an encrypted member the bytes the password opened */
static void
refill(struct yj_actx *c, int i, const struct yj_entry *e)
{
	struct yj_msg *m = c->b->msg;
	struct yj_attachment *a = &m->atts[i];

	a->data = e->data;
	a->data_len = e->len;
	if (e->truncated)
		a->flags |= YJ_ATT_TRUNCATED;
	yj_sha256_hex(a->data, a->data_len, a->sha256);
	a->detected_type = yj_filetype_mime(m->arena, a->data, a->data_len);
	a->detected_desc = "";
	yj_attach_analyse(c->b, i);
	((struct yj_attach_info *)m->atts[i].ext)->facts |=
	    YJ_AF_PASSWORD_OPENED;
	c->info->facts |= YJ_AF_PASSWORD_OPENED;
}

/* yj_archive_retry - read encrypted members with candidate passwords */
void
yj_archive_retry(struct yj_actx *c, const char *const *pw, size_t npw)
{
	struct walk w = { .c = c, .passwords = pw };
	const unsigned char *d;
	locale_t old;
	size_t n, i;
	int k;

	d = yj_actx_data(c, &n);
	old = enter_utf8();
	w.a = open_reader(d, n, c->info->format, pw, npw);
	if (w.a != NULL) {
		walk_entries(&w);
		archive_read_free(w.a);
	}
	leave_utf8(old);
	for (i = 0; i < w.n; i++) {
		if (!w.v[i].encrypted || w.v[i].len == 0)
			continue;
		k = member_named(c, w.v[i].name);
		if (k >= 0)
			refill(c, k, &w.v[i]);
	}
}
