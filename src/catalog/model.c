/* model.c - public entry points of the one model definition: parse a model
 * from JSON text, give it back as JSON, free it. */
#include "catalog/catalog.h"
#include "openrouter/errors.h"

#include <stdlib.h>
#include <string.h>

cJSON *cat_parse(const char *text, size_t len, size_t *err_offset)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);

	if (!root && err_offset)
		*err_offset = end && end >= text ? (size_t)(end - text) : 0;
	return root;
}

/* A model from or_model_parse() owns its JSON; m comes first so a model
 * pointer is also the allocation. Views inside lists (SDK results) are owned
 * by their list instead and must not be passed to or_model_free(). */
typedef struct parsed_model {
	or_model m;
	cat_owner own;
} parsed_model;

int or_model_parse(const char *json, size_t len, or_model **out)
{
	parsed_model *pm;

	*out = NULL;
	pm = calloc(1, sizeof(*pm));
	if (!pm)
		return OR_E_NOMEM;
	pm->own.root = cat_parse(json, len, NULL);
	if (!cJSON_IsObject(pm->own.root) ||
	    cat_decode_model(pm->own.root, &pm->own.mem, &pm->m) < 0) {
		cJSON_Delete(pm->own.root);
		arena_free(&pm->own.mem);
		free(pm);
		return OR_E_INVALID_RESPONSE;
	}
	*out = &pm->m;
	return OR_OK;
}

void or_model_free(or_model *m)
{
	parsed_model *pm = (parsed_model *)m;

	if (!pm)
		return;
	cJSON_Delete(pm->own.root);
	arena_free(&pm->own.mem);
	free(pm);
}

static char *print_object(const void *internal)
{
	const cJSON *obj = internal;

	return obj ? cat_print_alloc(obj, NULL) : NULL;
}

char *or_model_json(const or_model *m)
{
	return m ? print_object(m->internal) : NULL;
}

char *or_endpoint_json(const or_endpoint *e)
{
	return e ? print_object(e->internal) : NULL;
}

char *or_provider_json(const or_provider *p)
{
	return p ? print_object(p->internal) : NULL;
}

char *or_model_field_json(const or_model *m, const char *field)
{
	const cJSON *it;

	if (!m || !m->internal || !field)
		return NULL;
	it = cJSON_GetObjectItemCaseSensitive((const cJSON *)m->internal, field);
	return it ? cat_print_alloc(it, NULL) : NULL;
}

size_t cat_id_author_len(const char *id)
{
	const char *slash = id ? strchr(id, '/') : NULL;

	return slash ? (size_t)(slash - id) : 0;
}

size_t or_model_author(const or_model *m, char *dst, size_t size)
{
	size_t n = m ? cat_id_author_len(m->id) : 0;

	if (!n || !size)
		return 0;
	if (n >= size)
		n = size - 1;
	memcpy(dst, m->id, n);
	dst[n] = '\0';
	return n;
}
