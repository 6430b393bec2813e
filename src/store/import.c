/*
 * import.c - `openrouterd import`: recognise each document by its shape,
 * validate and normalise it, and write everything in one transaction.
 *
 * Shapes (docs/catalog-format.md): a models list {"data":[model...]}, an
 * endpoints response {"data":{"id":..,"endpoints":[...]}}, an array of those,
 * a capture bundle {"data":[{"response":{"data":{...}}}...]}, a providers list
 * {"data":[{"name","slug",...}]}, and the extension file
 * {"openrouter_c_extension":1,...}. Any error rolls the whole import back.
 */
#include "store/store.h"
#include "store/store_internal.h"
#include "store/encoding.h"
#include "store/extension.h"
#include "catalog/catalog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_FILE ((size_t)1 << 30)

typedef struct importer {
	store *s;
	store_import_report *rep;
	const char *name;      /* file being imported, for messages */
	char *err;
	size_t errlen;
	int64_t position;
	const char *path_key;  /* where the current listing was fetched from */
} importer;

static int failf(importer *im, const char *fmt, const char *a, const char *b)
{
	char msg[768];

	snprintf(msg, sizeof(msg), fmt, a ? a : "", b ? b : "");
	snprintf(im->err, im->errlen, "%s: %s", im->name, msg);
	return -1;
}

static int put_json(importer *im, const cJSON *obj, int (*write)(importer *, const cJSON *, const char *))
{
	char *text = cat_print_alloc(obj, NULL);
	int rc;

	if (!text)
		return failf(im, "out of memory", NULL, NULL);
	rc = write(im, obj, text);
	free(text);
	return rc;
}

static int write_model(importer *im, const cJSON *m, const char *text)
{
	double created = 0;
	char sub[512];

	cat_num(m, "created", &created);
	if (!(created > -9.2e18 && created < 9.2e18))
		created = 0; /* outside int64_t (e.g. 1e300): as absent (fuzz/import) */
	if (im->s->ops->put_model(im->s->self, im->position++, cat_str(m, "id"),
				  (int64_t)created, text, sub, sizeof(sub)) < 0)
		return failf(im, "%s", sub, NULL);
	return 0;
}

static int put_endpoints(importer *im, const char *key, const char *text)
{
	char sub[512];

	if (im->s->ops->put_endpoints(im->s->self, key, text, sub, sizeof(sub)) < 0)
		return failf(im, "%s", sub, NULL);
	return 0;
}

static int write_endpoints(importer *im, const cJSON *d, const char *text)
{
	if (put_endpoints(im, cat_str(d, "id"), text) < 0)
		return -1;
	if (im->path_key && strcmp(im->path_key, cat_str(d, "id")) != 0)
		return put_endpoints(im, im->path_key, text);
	return 0;
}

static int write_provider(importer *im, const cJSON *p, const char *text)
{
	char sub[512];

	if (im->s->ops->put_provider(im->s->self, im->position++, text, sub, sizeof(sub)) < 0)
		return failf(im, "%s", sub, NULL);
	return 0;
}

/* The ids of one models list: open addressing over borrowed strings (a cJSON
 * object is a linear search, quadratic over a 100k-model list). */
typedef struct idset {
	const char **slot;
	size_t mask;
} idset;

static int idset_init(idset *s, size_t n)
{
	size_t cap = 16;

	while (cap < n * 2)
		cap <<= 1;
	s->slot = calloc(cap, sizeof(*s->slot));
	s->mask = cap - 1;
	return s->slot ? 0 : -1;
}

/* 1 when id is in the set already, else 0 after adding it. */
static int idset_put(idset *s, const char *id)
{
	const unsigned char *p;
	size_t h = 5381, i;

	for (p = (const unsigned char *)id; *p; p++)
		h = (h * 33) ^ *p;
	for (i = h & s->mask; s->slot[i]; i = (i + 1) & s->mask)
		if (strcmp(s->slot[i], id) == 0)
			return 1;
	s->slot[i] = id;
	return 0;
}

static int import_models(importer *im, cJSON *list)
{
	cJSON *m;
	idset seen;
	char sub[512], where[64];
	size_t i = 0;
	int rc = -1;

	if (idset_init(&seen, (size_t)cJSON_GetArraySize(list)) < 0)
		return failf(im, "out of memory", NULL, NULL);
	if (im->s->ops->clear_models(im->s->self, sub, sizeof(sub)) < 0) {
		failf(im, "%s", sub, NULL);
		goto out;
	}
	im->position = 0;
	cJSON_ArrayForEach(m, list) {
		const char *id = cat_str(m, "id");

		snprintf(where, sizeof(where), "data[%zu]", i++);
		if (cat_normalize_model(m, sub, sizeof(sub)) < 0) {
			failf(im, id ? "model '%s': %s" : "%s%s", id ? id : where, sub);
			goto out;
		}
		id = cat_str(m, "id");
		if (id && idset_put(&seen, id)) {
			failf(im, "model '%s' appears twice (%s)", id, where);
			goto out;
		}
		if (put_json(im, m, write_model) < 0)
			goto out;
		im->rep->models++;
	}
	rc = 0;
out:
	free(seen.slot);
	return rc;
}

static int import_endpoints_data(importer *im, cJSON *data)
{
	char sub[512];

	if (cat_normalize_endpoints_data(data, sub, sizeof(sub)) < 0)
		return failf(im, "%s", sub, NULL);
	if (put_json(im, data, write_endpoints) < 0)
		return -1;
	im->rep->endpoints_models++;
	im->rep->endpoints += (size_t)cJSON_GetArraySize(
		cJSON_GetObjectItemCaseSensitive(data, "endpoints"));
	return 0;
}

static int import_providers(importer *im, cJSON *list)
{
	cJSON *p;
	char sub[512];
	size_t i = 0;

	if (im->s->ops->clear_providers(im->s->self, sub, sizeof(sub)) < 0)
		return failf(im, "%s", sub, NULL);
	im->position = 0;
	cJSON_ArrayForEach(p, list) {
		char where[64];

		snprintf(where, sizeof(where), "data[%zu]", i++);
		if (cat_normalize_provider(p, sub, sizeof(sub)) < 0)
			return failf(im, "provider %s: %s", where, sub);
		if (put_json(im, p, write_provider) < 0)
			return -1;
		im->rep->providers++;
	}
	return 0;
}

/* "/api/v1/models/a/b-2026/endpoints" -> "a/b-2026" in key, or NULL. */
static const char *details_key(const char *path, char *key, size_t size)
{
	static const char prefix[] = "/api/v1/models/", suffix[] = "/endpoints";
	size_t len;

	if (!path || strncmp(path, prefix, sizeof(prefix) - 1))
		return NULL;
	path += sizeof(prefix) - 1;
	len = strlen(path);
	if (len <= sizeof(suffix) - 1 || strcmp(path + len - (sizeof(suffix) - 1), suffix))
		return NULL;
	len -= sizeof(suffix) - 1;
	if (len >= size)
		return NULL;
	memcpy(key, path, len);
	key[len] = '\0';
	return key;
}

/* A capture bundle row or an array item: {"response":{"data":...}} or {"data":...}. */
static int import_endpoints_item(importer *im, cJSON *item, size_t i)
{
	cJSON *resp = cJSON_GetObjectItemCaseSensitive(item, "response");
	cJSON *data;
	char where[64], key[512];
	int rc;

	if (resp && cJSON_IsNull(resp))
		return 0; /* a failed capture row: nothing to import */
	data = cJSON_GetObjectItemCaseSensitive(resp ? resp : item, "data");
	snprintf(where, sizeof(where), "[%zu]", i);
	if (!cJSON_IsObject(data))
		return failf(im, "item %s is not an endpoints response (no data object)", where, NULL);
	im->path_key = details_key(cat_str(item, "detailsPath"), key, sizeof(key));
	rc = import_endpoints_data(im, data);
	im->path_key = NULL;
	return rc;
}

static int import_array_of_endpoints(importer *im, cJSON *arr)
{
	cJSON *item;
	size_t i = 0;

	cJSON_ArrayForEach(item, arr)
		if (import_endpoints_item(im, item, i++) < 0)
			return -1;
	return 0;
}

static int write_extension(importer *im, const cJSON *doc, const char *text)
{
	char sub[512];

	if (im->s->ops->put_extension(im->s->self, text, sub, sizeof(sub)) < 0)
		return failf(im, "%s", sub, NULL);
	return 0;
}

static int import_extension(importer *im, cJSON *doc)
{
	char sub[512];

	if (extension_validate(doc, im->rep, sub, sizeof(sub)) < 0)
		return failf(im, "extension: %s", sub, NULL);
	return put_json(im, doc, write_extension);
}

/* Decide what a document is by its shape and import it. */
static int import_document(importer *im, cJSON *doc)
{
	cJSON *data, *first;

	if (cJSON_IsObject(doc) && cJSON_GetObjectItemCaseSensitive(doc, "openrouter_c_extension"))
		return import_extension(im, doc);
	if (cJSON_IsArray(doc)) {
		/* a bare array of models: a capture saved as `jq '.data'` */
		first = cJSON_GetArrayItem(doc, 0);
		if (cJSON_IsObject(first) && cJSON_GetObjectItemCaseSensitive(first, "id") &&
		    !cJSON_GetObjectItemCaseSensitive(first, "data") &&
		    !cJSON_GetObjectItemCaseSensitive(first, "response"))
			return import_models(im, doc);
		return import_array_of_endpoints(im, doc);
	}
	data = cJSON_GetObjectItemCaseSensitive(doc, "data");
	if (cJSON_IsObject(data))
		return import_endpoints_data(im, data);
	if (!cJSON_IsArray(data))
		return failf(im, "not a catalog document: expected {\"data\": [...]} (models or "
			     "providers), {\"data\": {...}} (endpoints), an array of endpoints "
			     "responses, or an extension file%s%s", NULL, NULL);
	first = cJSON_GetArrayItem(data, 0);
	if (cJSON_GetObjectItemCaseSensitive(first, "response"))
		return import_array_of_endpoints(im, data);
	if (first && !cJSON_GetObjectItemCaseSensitive(first, "id") &&
	    cJSON_GetObjectItemCaseSensitive(first, "slug"))
		return import_providers(im, data);
	return import_models(im, data);
}

/* 1-based line and column of a byte offset, for parse errors in big files. */
static void locate(const char *text, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static int import_text(importer *im, const char *raw, size_t rawlen)
{
	size_t off = 0, line, col, len;
	const char *text;
	char *owned;
	cJSON *doc;
	int rc;

	if (encoding_to_utf8(raw, rawlen, &text, &len, &owned) < 0)
		return failf(im, "out of memory", NULL, NULL);
	doc = cat_parse(text, len, &off);
	if (!doc) {
		char msg[160];
		locate(text, off > len ? len : off, &line, &col);
		snprintf(msg, sizeof(msg), "invalid JSON at byte %zu (line %zu, column %zu)%s",
			 off, line, col, owned ? " of the text converted from UTF-16" : "");
		free(owned);
		return failf(im, "%s", msg, NULL);
	}
	rc = import_document(im, doc);
	cJSON_Delete(doc);
	free(owned);
	if (rc == 0)
		im->rep->files++;
	return rc;
}

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		snprintf(err, errlen, "%s: not a regular file", path);
		goto out;
	}
	if ((size_t)size > IMPORT_MAX_FILE) {
		snprintf(err, errlen, "%s: larger than the import limit (1 GiB)", path);
		goto out;
	}
	data = malloc((size_t)size + 1);
	if (!data) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	if (fread(data, 1, (size_t)size, f) != (size_t)size) {
		snprintf(err, errlen, "%s: read error", path);
		free(data);
		data = NULL;
		goto out;
	}
	data[size] = '\0';
	*len = (size_t)size;
out:
	fclose(f);
	return data;
}

static int run_import(store *s, const char *const *names, const char *const *texts,
		      const size_t *lens, size_t n, store_import_report *rep,
		      char *err, size_t errlen)
{
	store_import_report local;
	importer im = { s, rep ? rep : &local, NULL, err, errlen, 0, NULL };
	size_t i;

	memset(im.rep, 0, sizeof(*im.rep));
	if (s->ops->begin(s->self, err, errlen) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		char *owned = NULL;
		size_t len = lens ? lens[i] : 0;
		const char *text = texts ? texts[i] : NULL;
		int rc;

		im.name = names[i];
		if (!text) {
			text = owned = read_file(names[i], &len, err, errlen);
			if (!owned)
				goto fail;
		}
		rc = import_text(&im, text, len);
		free(owned);
		if (rc < 0)
			goto fail;
	}
	if (s->ops->bump_version(s->self, err, errlen) < 0 ||
	    s->ops->commit(s->self, err, errlen) < 0)
		goto fail;
	return 0;
fail:
	s->ops->rollback(s->self);
	return -1;
}

int store_import_files(store *s, const char *const *paths, size_t n,
		       store_import_report *rep, char *err, size_t errlen)
{
	return run_import(s, paths, NULL, NULL, n, rep, err, errlen);
}

int store_import_texts(store *s, const char *const *names, const char *const *texts,
		       const size_t *lens, size_t n, store_import_report *rep,
		       char *err, size_t errlen)
{
	return run_import(s, names, texts, lens, n, rep, err, errlen);
}
