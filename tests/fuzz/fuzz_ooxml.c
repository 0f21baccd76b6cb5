/*
 * fuzz_ooxml - libFuzzer target for the OOXML reader
 *
 * The input is cut at each "\n--\n" into the parts of a package (content
 * types, relationships, workbook, sheet, shared strings, comments, Word
 * document, comments and properties, PowerPoint slide, the binary
 * workbook of an .xlsb and its relationships); the parts are
 * zipped (stored, with libarchive's writer) and read as an attachment,
 * so that the fuzzer works on the XML and not on the ZIP around it.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mail/attach.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const parts[] = {
	"[Content_Types].xml", "xl/_rels/workbook.xml.rels",
	"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
	"xl/worksheets/_rels/sheet1.xml.rels", "xl/comments1.xml",
	"word/document.xml", "word/comments.xml", "docProps/core.xml",
	"ppt/slides/slide1.xml", "xl/externalLinks/externalLink1.xml",
	"word/_rels/settings.xml.rels", "content.xml", "xl/workbook.bin",
	"xl/_rels/workbook.bin.rels",
};

/* add - one stored entry */
static void
add(struct archive *a, const char *name, const void *p, size_t n)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, (la_int64_t)n);
	if (archive_write_header(a, e) == ARCHIVE_OK)
		(void)archive_write_data(a, p, n);
	archive_entry_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *cut;
	size_t cap = size + 65536, used = 0, k = 0;
	struct archive *a;
	struct yj_msg *m;
	char *buf;

	buf = yj_xmalloc(cap);
	a = archive_write_new();
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=store");
	if (archive_write_open_memory(a, buf, cap, &used) != ARCHIVE_OK)
		goto out;
	while (p <= end && k < sizeof(parts) / sizeof(parts[0])) {
		cut = memmem(p, (size_t)(end - p), "\n--\n", 4);
		if (cut == NULL)
			cut = end;
		add(a, parts[k++], p, (size_t)(cut - p));
		p = cut + 4;
	}
	archive_write_close(a);
	m = yj_attach_parse_file(buf, used, "fuzz.xlsx");
	yj_msg_free(m);
out:
	archive_write_free(a);
	yj_free(buf);
	return 0;
}
