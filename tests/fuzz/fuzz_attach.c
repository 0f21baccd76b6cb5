/*
 * fuzz_attach - libFuzzer target for the container walk
 *
 * The input is one attachment: every reader behind it (archive walk,
 * OLE2 with VBA and BIFF, PDF streams, LNK, OneNote, TNEF, HTML) must
 * finish without a crash, a leak, a sanitizer report or a hang, and
 * within the archive limits.  Seeds: tests/fuzz/corpus/attach/ (written
 * by tests/attach/fixtures.py files).
 */
#include <stddef.h>
#include <stdint.h>

#include "mail/attach.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yj_msg *m;

	m = yj_attach_parse_file(data, size, "fuzz.bin");
	yj_msg_free(m);
	return 0;
}
