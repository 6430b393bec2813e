/*
 * backend.h - the small ops struct a storage backend implements.
 *
 * store.c (shape recognition, validation, normalisation) drives a backend
 * through these calls; a backend only moves rows. SQLite (backend_sqlite.c) is
 * the one wired in; another (PostgreSQL) slots in beside it by filling the
 * same struct. Every call returns 0 or -1 with a message in err.
 */
#ifndef OR_STORE_BACKEND_H
#define OR_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

typedef struct store_backend_ops {
	const char *name;
	int (*open)(void **self, const char *target, char *err, size_t errlen);
	void (*close)(void *self);
	int (*begin)(void *self, char *err, size_t errlen);      /* a write transaction */
	int (*begin_read)(void *self, char *err, size_t errlen); /* a consistent read */
	int (*commit)(void *self, char *err, size_t errlen);
	void (*rollback)(void *self);
	/* Drop every model (a models list is a whole catalog). */
	int (*clear_models)(void *self, char *err, size_t errlen);
	int (*put_model)(void *self, int64_t position, const char *id, int64_t created,
			 const char *json, char *err, size_t errlen);
	/* Replace the endpoints document answering for one lookup key: the
	 * model id of the listing, or the path it was fetched from. */
	int (*put_endpoints)(void *self, const char *key, const char *json,
			     char *err, size_t errlen);
	int (*clear_providers)(void *self, char *err, size_t errlen);
	int (*put_provider)(void *self, int64_t position, const char *json,
			    char *err, size_t errlen);
	int (*put_extension)(void *self, const char *json, char *err, size_t errlen);
	int (*bump_version)(void *self, char *err, size_t errlen);
	int64_t (*version)(void *self, char *err, size_t errlen);
	/* Row iteration for store_load(): each callback gets one JSON text. */
	int (*each_model)(void *self, int (*cb)(void *ctx, const char *json, size_t len),
			  void *ctx, char *err, size_t errlen);
	/* Endpoints documents come with their lookup key. */
	int (*each_endpoints)(void *self,
			      int (*cb)(void *ctx, const char *key, const char *json, size_t len),
			      void *ctx, char *err, size_t errlen);
	int (*each_provider)(void *self, int (*cb)(void *ctx, const char *json, size_t len),
			     void *ctx, char *err, size_t errlen);
	/* The extension document, if one was imported (cb not called otherwise). */
	int (*each_extension)(void *self, int (*cb)(void *ctx, const char *json, size_t len),
			      void *ctx, char *err, size_t errlen);
} store_backend_ops;

extern const store_backend_ops store_backend_sqlite;
extern const store_backend_ops store_backend_postgres;

/* The backend a --db target names: postgres:// or postgresql:// URIs (and
 * libpq keyword strings starting with "host=" or "dbname=") select
 * PostgreSQL; anything else is a SQLite file path. */
const store_backend_ops *store_backend_for(const char *target);

#endif
