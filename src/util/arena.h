/*
 * arena.h - a bump allocator: many small allocations, one free.
 *
 * Used for everything whose lifetime is one object (a decoded model's arrays)
 * or one request (the server's per-request scratch). Allocations are 16-byte
 * aligned; arena_free() releases all of them at once. A zeroed arena is empty.
 */
#ifndef OR_UTIL_ARENA_H
#define OR_UTIL_ARENA_H

#include <stddef.h>

typedef struct arena_chunk arena_chunk;
typedef struct arena {
	arena_chunk *head;
	size_t total;   /* bytes handed out, for limits and stats */
} arena;

/* Zeroed memory of size bytes, or NULL when out of memory. */
void *arena_alloc(arena *a, size_t size);
/* A NUL-terminated copy of s[0..len). */
char *arena_strndup(arena *a, const char *s, size_t len);
char *arena_strdup(arena *a, const char *s);
void arena_free(arena *a);

#endif
