/* result.c - response bodies -> the typed result lists of client.h, built
 * with the catalog decoders. Each result owns its cJSON tree and one arena
 * holding the decoded arrays; the public struct comes first in the allocation so
 * that _free can find the owner. */
#include "lib/lib.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct model_list_impl {
	or_model_list pub;
	cat_owner own;
} model_list_impl;

typedef struct endpoints_impl {
	or_endpoints pub;
	cat_owner own;
} endpoints_impl;

typedef struct endpoint_list_impl {
	or_endpoint_list pub;
	cat_owner own;
} endpoint_list_impl;

typedef struct provider_list_impl {
	or_provider_list pub;
	cat_owner own;
} provider_list_impl;

static void owner_free(cat_owner *o)
{
	cJSON_Delete(o->root);
	o->root = NULL;
	arena_free(&o->mem);
}

/* Parse text into o and return its `data` member if it has type `want`
 * (cJSON_Array or cJSON_Object); NULL otherwise (o freed, *rc says why). */
static const cJSON *parse_data(const char *text, size_t len, int want, cat_owner *o, int *rc)
{
	const cJSON *data;

	o->root = cat_parse(text, len, NULL);
	data = cJSON_GetObjectItemCaseSensitive(o->root, "data");
	if (!data || !(data->type & want)) {
		owner_free(o);
		*rc = OR_E_INVALID_RESPONSE;
		return NULL;
	}
	return data;
}

/* Decode every object of arr with fn into a new arena array of items of
 * size sz; *count receives how many. Returns 0 or OR_E_NOMEM. */
typedef int (*decode_fn)(const cJSON *, arena *, void *);

static int decode_array(const cJSON *arr, arena *a, size_t sz, decode_fn fn, void **items,
			size_t *count)
{
	const cJSON *it;
	size_t n = (size_t)cJSON_GetArraySize(arr);
	char *p;

	*items = NULL;
	*count = 0;
	p = arena_alloc(a, (n ? n : 1) * sz);
	if (!p)
		return OR_E_NOMEM;
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsObject(it))
			continue; /* drift: skip what cannot be an item */
		if (fn(it, a, p + *count * sz) == 0)
			(*count)++;
	}
	*items = p;
	return OR_OK;
}

static int dec_model(const cJSON *o, arena *a, void *out)
{
	return cat_decode_model(o, a, out);
}

static int dec_endpoint(const cJSON *o, arena *a, void *out)
{
	return cat_decode_endpoint(o, a, out);
}

static int dec_provider(const cJSON *o, arena *a, void *out)
{
	return cat_decode_provider(o, a, out);
}

/*
 * The three array results share one shape: an impl struct (impl_size bytes)
 * holding the public struct first and its cat_owner at own_off. Allocate it,
 * parse {"data":[...]} and decode every item with fn. On success *impl is the
 * new struct and its items/count are filled; on failure nothing is left.
 */
static int parse_array_result(const char *json, size_t len, size_t impl_size, size_t own_off,
			      size_t item_size, decode_fn fn, void **impl, void **items,
			      size_t *count)
{
	char *p;
	cat_owner *own;
	const cJSON *data;
	int rc;

	*impl = NULL;
	if (!(p = calloc(1, impl_size)))
		return OR_E_NOMEM;
	own = (cat_owner *)(p + own_off);
	if (!(data = parse_data(json, len, cJSON_Array, own, &rc))) {
		free(p);
		return rc;
	}
	rc = decode_array(data, &own->mem, item_size, fn, items, count);
	if (rc < 0) {
		owner_free(own);
		free(p);
		return rc;
	}
	*impl = p;
	return OR_OK;
}

/* Free an impl struct whose cat_owner is own (NULL-safe). */
static void free_result(void *impl, cat_owner *own)
{
	if (!impl)
		return;
	owner_free(own);
	free(impl);
}

int or_model_list_parse(const char *json, size_t len, or_model_list **out)
{
	model_list_impl *l;
	const cJSON *tc;
	void *items, *impl;
	size_t count;
	int rc;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	rc = parse_array_result(json, len, sizeof(*l), offsetof(model_list_impl, own),
				sizeof(or_model), dec_model, &impl, &items, &count);
	if (rc < 0)
		return rc;
	l = impl;
	l->pub.models = items;
	l->pub.count = count;
	tc = cJSON_GetObjectItemCaseSensitive(l->own.root, "total_count");
	if (cJSON_IsNumber(tc) && tc->valuedouble > -9.2e18 && tc->valuedouble < 9.2e18) {
		l->pub.total_count.is_set = 1;
		l->pub.total_count.value = (int64_t)tc->valuedouble;
	}
	l->pub.next = cat_str(cJSON_GetObjectItemCaseSensitive(l->own.root, "links"), "next");
	l->pub.internal = &l->own;
	*out = &l->pub;
	return OR_OK;
}

void or_model_list_free(or_model_list *l)
{
	model_list_impl *impl = (model_list_impl *)l;

	free_result(impl, impl ? &impl->own : NULL);
}

int or_endpoints_parse(const char *json, size_t len, or_endpoints **out)
{
	endpoints_impl *e;
	const cJSON *data;
	or_model header;
	void *items;
	int rc;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	if (!(e = calloc(1, sizeof(*e))))
		return OR_E_NOMEM;
	if (!(data = parse_data(json, len, cJSON_Object, &e->own, &rc))) {
		free(e);
		return rc;
	}
	/* The header (id, name, created, description, architecture) has the
	 * model's shape: reuse the model decoder for it. */
	cat_decode_model(data, &e->own.mem, &header);
	e->pub.id = header.id;
	e->pub.name = header.name;
	e->pub.created = header.created;
	e->pub.description = header.description;
	e->pub.architecture = header.architecture;
	rc = decode_array(cJSON_GetObjectItemCaseSensitive(data, "endpoints"), &e->own.mem,
			  sizeof(or_endpoint), dec_endpoint, &items, &e->pub.count);
	if (rc < 0) {
		or_endpoints_free(&e->pub);
		return rc;
	}
	e->pub.endpoints = items;
	e->pub.internal = &e->own;
	*out = &e->pub;
	return OR_OK;
}

void or_endpoints_free(or_endpoints *e)
{
	endpoints_impl *impl = (endpoints_impl *)e;

	free_result(impl, impl ? &impl->own : NULL);
}

int or_endpoint_list_parse(const char *json, size_t len, or_endpoint_list **out)
{
	endpoint_list_impl *l;
	void *items, *impl;
	size_t count;
	int rc;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	rc = parse_array_result(json, len, sizeof(*l), offsetof(endpoint_list_impl, own),
				sizeof(or_endpoint), dec_endpoint, &impl, &items, &count);
	if (rc < 0)
		return rc;
	l = impl;
	l->pub.endpoints = items;
	l->pub.count = count;
	l->pub.internal = &l->own;
	*out = &l->pub;
	return OR_OK;
}

void or_endpoint_list_free(or_endpoint_list *l)
{
	endpoint_list_impl *impl = (endpoint_list_impl *)l;

	free_result(impl, impl ? &impl->own : NULL);
}

int or_provider_list_parse(const char *json, size_t len, or_provider_list **out)
{
	provider_list_impl *l;
	void *items, *impl;
	size_t count;
	int rc;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	rc = parse_array_result(json, len, sizeof(*l), offsetof(provider_list_impl, own),
				sizeof(or_provider), dec_provider, &impl, &items, &count);
	if (rc < 0)
		return rc;
	l = impl;
	l->pub.providers = items;
	l->pub.count = count;
	l->pub.internal = &l->own;
	*out = &l->pub;
	return OR_OK;
}

void or_provider_list_free(or_provider_list *l)
{
	provider_list_impl *impl = (provider_list_impl *)l;

	free_result(impl, impl ? &impl->own : NULL);
}

char *or_model_list_json(const or_model_list *l)
{
	const cat_owner *o = l ? l->internal : NULL;

	return o && o->root ? cat_print_alloc(o->root, NULL) : NULL;
}

char *or_endpoint_list_json(const or_endpoint_list *l)
{
	const cat_owner *o = l ? l->internal : NULL;

	return o && o->root ? cat_print_alloc(o->root, NULL) : NULL;
}

char *or_provider_list_json(const or_provider_list *l)
{
	const cat_owner *o = l ? l->internal : NULL;

	return o && o->root ? cat_print_alloc(o->root, NULL) : NULL;
}

char *or_endpoints_json(const or_endpoints *e)
{
	const cat_owner *o = e ? e->internal : NULL;

	return o && o->root ? cat_print_alloc(o->root, NULL) : NULL;
}
