/*
 * arena.c - chunked bump allocator
 *
 * Small requests are carved from 64 KiB chunks; a request larger than a
 * quarter chunk gets a chunk of its own so that one big attachment does
 * not waste the rest of the current chunk.  Chunks form a singly linked
 * list that yj_arena_free() walks once.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/alloc.h"
#include "util/arena.h"

#define CHUNK_SIZE	(64 * 1024)
#define ALIGN		(_Alignof(max_align_t))

struct chunk {
	struct chunk	*next;		/* older chunk */
	size_t		 size;		/* usable bytes in data */
	size_t		 used;		/* bytes handed out from data */
	_Alignas(max_align_t) unsigned char data[];
};

struct yj_arena {
	struct chunk	*head;		/* current chunk, NULL when empty */
	size_t		 used;		/* total bytes handed out */
};

/* yj_arena_new - an empty arena */
struct yj_arena *
yj_arena_new(void)
{
	return yj_xcalloc(1, sizeof(struct yj_arena));
}

/* yj_arena_free - release every chunk and the arena */
void
yj_arena_free(struct yj_arena *a)
{
	struct chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		yj_free(c);
	}
	yj_free(a);
}

/* new_chunk - a chunk with at least size usable bytes */
static struct chunk *
new_chunk(size_t size)
{
	struct chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		size = SIZE_MAX - sizeof(*c);	/* yj_xmalloc will abort */
	c = yj_xmalloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

/* yj_arena_alloc - carve size zeroed bytes */
void *
yj_arena_alloc(struct yj_arena *a, size_t size)
{
	struct chunk *c;
	size_t need;
	void *p;

	if (size > SIZE_MAX - ALIGN)
		need = SIZE_MAX;
	else
		need = (size + ALIGN - 1) & ~(ALIGN - 1);
	if (need > CHUNK_SIZE / 4) {
		/* Big block: own chunk, linked behind the current one. */
		c = new_chunk(need);
		c->used = need;
		if (a->head != NULL) {
			c->next = a->head->next;
			a->head->next = c;
		} else
			a->head = c;
		a->used += need;
		memset(c->data, 0, size);
		return c->data;
	}
	c = a->head;
	if (c == NULL || c->size - c->used < need) {
		c = new_chunk(CHUNK_SIZE);
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += need;
	a->used += need;
	memset(p, 0, size);
	return p;
}

/* yj_arena_allocarray - zeroed array, overflow checked */
void *
yj_arena_allocarray(struct yj_arena *a, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		return yj_arena_alloc(a, SIZE_MAX);	/* aborts */
	return yj_arena_alloc(a, nmemb * size);
}

/* yj_arena_grow - move an array to a larger block */
void *
yj_arena_grow(struct yj_arena *a, const void *old, size_t old_n,
    size_t new_n, size_t size)
{
	void *p;

	p = yj_arena_allocarray(a, new_n, size);
	if (old != NULL && old_n > 0)
		memcpy(p, old, (old_n < new_n ? old_n : new_n) * size);
	return p;
}

/* yj_arena_memdup - copy bytes, NUL-terminated */
char *
yj_arena_memdup(struct yj_arena *a, const void *src, size_t n)
{
	char *p;

	p = yj_arena_alloc(a, n == SIZE_MAX ? n : n + 1);
	if (n)
		memcpy(p, src, n);
	p[n] = '\0';
	return p;
}

/* yj_arena_strdup - copy a C string */
char *
yj_arena_strdup(struct yj_arena *a, const char *s)
{
	return yj_arena_memdup(a, s, strlen(s));
}

/* yj_arena_vprintf - format into arena memory */
char *
yj_arena_vprintf(struct yj_arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	char *p;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return yj_arena_strdup(a, "");
	p = yj_arena_alloc(a, (size_t)n + 1);
	(void)vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

/* yj_arena_printf - format into arena memory */
char *
yj_arena_printf(struct yj_arena *a, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = yj_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

/* yj_arena_used - bytes handed out */
size_t
yj_arena_used(const struct yj_arena *a)
{
	return a->used;
}
