/*
 * store.h - the durable catalog: import in one transaction, load for serving.
 *
 * One store handle per thread (SQLite connections are not shared). Backends sit
 * behind a small ops struct (store_backend.h); SQLite is the default and the
 * only one selected by a plain file path.
 *
 * Ownership: store_open() -> store_close(); store_load() fills a store_catalog
 * the caller releases with store_catalog_free(). Error text goes into the
 * caller's err buffer (never printed).
 */
#ifndef OR_STORE_H
#define OR_STORE_H

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store store;

/* Open (creating the schema if needed) the database at path. */
int store_open(const char *path, store **out, char *err, size_t errlen);
void store_close(store *s);

/* What one import did, for the command's summary line. */
typedef struct store_import_report {
	size_t models, endpoints_models, endpoints, providers, extension_models;
	size_t extension_endpoints, extension_providers, files;
} store_import_report;

/*
 * Import files (recognised by shape; see docs/catalog-format.md) in one
 * transaction: on any error nothing changes, and err names the file and the
 * byte offset, model id or field that is wrong. A models list replaces the
 * whole model set; endpoints replace that model's endpoints; a providers list
 * replaces the providers; an extension file replaces the extension data.
 * Each successful import bumps the catalog version. Returns 0 or -1.
 */
int store_import_files(store *s, const char *const *paths, size_t n,
		       store_import_report *rep, char *err, size_t errlen);

/* Same, with in-memory documents (name is used in messages). */
int store_import_texts(store *s, const char *const *names, const char *const *texts,
		       const size_t *lens, size_t n, store_import_report *rep,
		       char *err, size_t errlen);

/* The current catalog version (0 = nothing imported yet), cheap to poll. */
int64_t store_version(store *s, char *err, size_t errlen);

/*
 * Everything the server needs to build a snapshot, as parsed JSON the caller
 * owns. models: array of normalised model objects in default order (newest
 * `created` first, then as imported). endpoints: object keyed by lookup key,
 * value = a normalised endpoints `data` object. Every listing is keyed by its
 * data.id; a listing from a capture bundle is also keyed by the path it was
 * fetched from (detailsPath without /api/v1/models/ and /endpoints), which
 * for dated canonical slugs and previews differs from data.id. providers: array.
 * extension: the extension document ({"models":{},"endpoints":[],"providers":{}}),
 * empty sections when none was imported.
 */
typedef struct store_catalog {
	int64_t version;
	cJSON *models;
	cJSON *endpoints;
	cJSON *providers;
	cJSON *extension;
} store_catalog;

int store_load(store *s, store_catalog *out, char *err, size_t errlen);
void store_catalog_free(store_catalog *c);

/* The underlying SQLite handle, for modules that keep their own tables in the
 * same file (API keys). Borrowed; valid until store_close(). */
struct sqlite3 *store_sqlite(store *s);

#endif
