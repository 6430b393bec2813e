/* store.c - the store handle: open a backend, report the catalog version, load
 * a whole catalog (one consistent read) for the snapshot builder. */
#include "store/store.h"
#include "store/store_internal.h"
#include "catalog/catalog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_open(const char *path, store **out, char *err, size_t errlen)
{
	store *s = calloc(1, sizeof(*s));

	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->ops = store_backend_for(path);
	if (s->ops->open(&s->self, path, err, errlen) < 0) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

const store_backend_ops *store_backend_for(const char *target)
{
	if (!strncmp(target, "postgres://", 11) || !strncmp(target, "postgresql://", 13) ||
	    !strncmp(target, "host=", 5) || !strncmp(target, "dbname=", 7))
		return &store_backend_postgres;
	return &store_backend_sqlite;
}

void store_close(store *s)
{
	if (!s)
		return;
	s->ops->close(s->self);
	free(s);
}

int64_t store_version(store *s, char *err, size_t errlen)
{
	return s->ops->version(s->self, err, errlen);
}

struct sqlite3 *store_sqlite(store *s)
{
	return s->ops == &store_backend_sqlite ? s->self : NULL;
}

static int append_parsed(void *ctx, const char *json, size_t len)
{
	cJSON *arr = ctx, *item = cat_parse(json, len, NULL);

	if (!item)
		return -1;
	cJSON_AddItemToArray(arr, item);
	return 0;
}

/* Endpoints documents are keyed by their lookup key (data.id, or the path
 * a capture was fetched from). */
static int add_endpoints(void *ctx, const char *key, const char *json, size_t len)
{
	cJSON *obj = ctx, *item = cat_parse(json, len, NULL);

	if (!cJSON_IsObject(item)) {
		cJSON_Delete(item);
		return -1;
	}
	cJSON_AddItemToObject(obj, key, item);
	return 0;
}

static int set_parsed(void *ctx, const char *json, size_t len)
{
	cJSON **out = ctx;

	cJSON_Delete(*out);
	*out = cat_parse(json, len, NULL);
	return *out ? 0 : -1;
}

static cJSON *empty_extension(void)
{
	cJSON *ext = cJSON_CreateObject();

	if (ext) {
		cJSON_AddObjectToObject(ext, "models");
		cJSON_AddArrayToObject(ext, "endpoints");
		cJSON_AddObjectToObject(ext, "providers");
	}
	return ext;
}

int store_load(store *s, store_catalog *out, char *err, size_t errlen)
{
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (s->ops->begin_read(s->self, err, errlen) < 0)
		return -1;
	out->models = cJSON_CreateArray();
	out->endpoints = cJSON_CreateObject();
	out->providers = cJSON_CreateArray();
	if (!out->models || !out->endpoints || !out->providers) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	out->version = s->ops->version(s->self, err, errlen);
	if (out->version < 0 ||
	    s->ops->each_model(s->self, append_parsed, out->models, err, errlen) < 0 ||
	    s->ops->each_endpoints(s->self, add_endpoints, out->endpoints, err, errlen) < 0 ||
	    s->ops->each_provider(s->self, append_parsed, out->providers, err, errlen) < 0)
		goto out;
	if (s->ops->each_extension(s->self, set_parsed, &out->extension, err, errlen) < 0)
		goto out;
	if (!out->extension && !(out->extension = empty_extension())) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	s->ops->rollback(s->self); /* a read: nothing to keep */
	if (rc < 0)
		store_catalog_free(out);
	return rc;
}

void store_catalog_free(store_catalog *c)
{
	if (!c)
		return;
	cJSON_Delete(c->models);
	cJSON_Delete(c->endpoints);
	cJSON_Delete(c->providers);
	cJSON_Delete(c->extension);
	memset(c, 0, sizeof(*c));
}
