/*
 * attach_time - time attachment analysis over files (a benchmark tool)
 *
 *	attach_time [-n RUNS] FILE...
 *
 * Each file is read once into memory, then for each of RUNS rounds:
 * the baseline (what the parser did for every attachment before content
 * analysis: SHA-256 and libmagic) and yj_attach_parse_file() (baseline +
 * every reader, members included).  Prints per file kind and in total:
 * MB, baseline ms, analysis ms, and the analysis cost in ms per MB.
 * Not a test: numbers depend on the machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail/attach.h"
#include "mail/filetype.h"
#include "util/alloc.h"
#include "util/arena.h"
#include "util/buf.h"

/* now - monotonic seconds */
static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* slurp - a whole file in heap memory */
static char *
slurp(const char *path, size_t *len)
{
	struct yj_buf b;
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (f == NULL)
		return NULL;
	yj_buf_init(&b, (size_t)1 << 30);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (yj_buf_add(&b, chunk, n) != 0)
			break;
	fclose(f);
	return yj_buf_detach(&b, len);
}

int
main(int argc, char **argv)
{
	double base = 0, full = 0, t, mb = 0;
	const char *mime, *desc;
	struct yj_arena *a;
	struct yj_msg *m;
	size_t len, members = 0;
	char sha[65], *d;
	int runs = 3, i, k = 1, r;

	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		runs = atoi(argv[2]);	/* checksrc: allow (a bench tool) */
		k = 3;
	}
	for (; k < argc; k++) {
		if ((d = slurp(argv[k], &len)) == NULL)
			continue;
		for (r = 0; r < runs; r++) {
			t = now();
			a = yj_arena_new();
			yj_sha256_hex(d, len, sha);
			yj_filetype(a, d, len, &mime, &desc);
			yj_arena_free(a);
			base += now() - t;
			t = now();
			m = yj_attach_parse_file(d, len, argv[k]);
			if (r == 0)
				members += m->natts - 1;
			yj_msg_free(m);
			full += now() - t;
		}
		mb += (double)len / 1e6;
		yj_free(d);
	}
	i = runs > 0 ? runs : 1;
	printf("%.1f MB in %d files, %zu members; per run: baseline (SHA-256 + "
	    "libmagic) %.1f ms, with analysis %.1f ms; analysis costs %.1f "
	    "ms per MB (%.1f MB/s)\n", mb, argc - (k > 3 ? 3 : 1), members,
	    1e3 * base / i, 1e3 * full / i, 1e3 * (full - base) / i /
	    (mb > 0 ? mb : 1), mb / ((full - base) / i > 0 ? (full - base) /
	    i : 1));
	return 0;
}
