/*
 * readall - the baseline for bench/scan: walk the same paths the same way
 * yojin scan does (mail/source.c: map each file, split mboxes) and touch
 * every byte, but parse nothing.  Prints messages and bytes seen.
 */
#include <stdint.h>
#include <stdio.h>

#include "mail/source.h"

struct tally {
	long		messages;
	uint64_t	bytes;
	unsigned	sum;
};

/* on_message - touch every byte so the pages are really read */
static int
on_message(const struct yj_source_msg *m, void *arg)
{
	struct tally *t = arg;
	size_t i;

	for (i = 0; i < m->len; i += 64)
		t->sum += (unsigned char)m->data[i];
	t->messages++;
	t->bytes += m->len;
	return 0;
}

/* on_error - ignore, the scan reports them */
static void
on_error(const char *line, void *arg)
{
	(void)line;
	(void)arg;
}

int
main(int argc, char **argv)
{
	struct tally t = { 0, 0, 0 };
	int i;

	for (i = 1; i < argc; i++)
		(void)yj_source_walk(argv[i], on_message, on_error, &t);
	printf("%ld messages %llu bytes (checksum %u)\n", t.messages,
	    (unsigned long long)t.bytes, t.sum);
	return 0;
}
