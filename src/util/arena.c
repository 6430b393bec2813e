/* arena.c - bump allocator in growing chunks (see arena.h). */
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

struct arena_chunk {
	arena_chunk *next;
	size_t used, size;
	_Alignas(16) unsigned char mem[];
};

void *arena_alloc(arena *a, size_t size)
{
	arena_chunk *c = a->head;
	size_t need = (size + 15) & ~(size_t)15;
	void *p;

	if (need < size)
		return NULL;
	if (!c || c->size - c->used < need) {
		size_t csize = c ? c->size * 2 : 4096;
		if (csize > ((size_t)1 << 20))
			csize = (size_t)1 << 20;
		if (csize < need)
			csize = need;
		c = malloc(sizeof(*c) + csize);
		if (!c)
			return NULL;
		c->used = 0;
		c->size = csize;
		c->next = a->head;
		a->head = c;
	}
	p = c->mem + c->used;
	c->used += need;
	a->total += need;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
	char *p = arena_alloc(a, len + 1);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

char *arena_strdup(arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_free(arena *a)
{
	arena_chunk *c = a ? a->head : NULL;

	while (c) {
		arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	if (a) {
		a->head = NULL;
		a->total = 0;
	}
}
