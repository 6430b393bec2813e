/* backend_sqlite.c - the SQLite storage backend: schema, row writes inside one
 * transaction, row iteration for loading. Prepared statements with bound
 * parameters only. WAL mode so a running server reads while an import writes. */
#include "store/backend.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	"INSERT OR IGNORE INTO meta(key, value) VALUES('catalog_version', 0);"
	"CREATE TABLE IF NOT EXISTS models("
	"  id TEXT PRIMARY KEY, position INTEGER NOT NULL, created INTEGER NOT NULL,"
	"  json TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS models_order ON models(created DESC, position);"
	"CREATE TABLE IF NOT EXISTS endpoints(lookup TEXT PRIMARY KEY, json TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS providers(position INTEGER PRIMARY KEY, json TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS extension(id INTEGER PRIMARY KEY CHECK(id = 1), json TEXT NOT NULL);";

static int fail(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
	return -1;
}

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "database: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int sq_open(void **self, const char *target, char *err, size_t errlen)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(target, &db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "cannot open database '%s': %s", target,
			 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	/* A file that is not a database fails here, with SQLite's own words. */
	if (exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
		 err, errlen) < 0 || exec(db, schema, err, errlen) < 0) {
		char tmp[512];
		snprintf(tmp, sizeof(tmp), "database '%s' is unusable (%s)", target, err);
		snprintf(err, errlen, "%s", tmp);
		sqlite3_close(db);
		return -1;
	}
	*self = db;
	return 0;
}

static void sq_close(void *self)
{
	sqlite3_close(self);
}

static int sq_begin(void *self, char *err, size_t errlen)
{
	return exec(self, "BEGIN IMMEDIATE", err, errlen);
}

static int sq_begin_read(void *self, char *err, size_t errlen)
{
	return exec(self, "BEGIN", err, errlen);
}

static int sq_commit(void *self, char *err, size_t errlen)
{
	return exec(self, "COMMIT", err, errlen);
}

static void sq_rollback(void *self)
{
	char err[64];

	exec(self, "ROLLBACK", err, sizeof(err));
}

/* Run one statement binding (int64, text...) as given by fmt: 'i' or 't'. */
static int run(sqlite3 *db, const char *sql, const char *fmt, int64_t i1, int64_t i2,
	       const char *t1, const char *t2, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int idx = 1, ni = 0, nt = 0, rc;
	const char *f;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(db, "database prepare", err, errlen);
	for (f = fmt; *f; f++, idx++) {
		if (*f == 'i')
			sqlite3_bind_int64(st, idx, ni++ ? i2 : i1);
		else
			sqlite3_bind_text(st, idx, nt++ ? t2 : t1, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(db, "database write", err, errlen);
	return 0;
}

static int sq_clear_models(void *self, char *err, size_t errlen)
{
	return run(self, "DELETE FROM models", "", 0, 0, NULL, NULL, err, errlen);
}

static int sq_put_model(void *self, int64_t position, const char *id, int64_t created,
			const char *json, char *err, size_t errlen)
{
	return run(self, "INSERT OR REPLACE INTO models(position, created, id, json) VALUES(?,?,?,?)",
		   "iitt", position, created, id, json, err, errlen);
}

static int sq_put_endpoints(void *self, const char *key, const char *json,
			    char *err, size_t errlen)
{
	return run(self, "INSERT OR REPLACE INTO endpoints(lookup, json) VALUES(?,?)",
		   "tt", 0, 0, key, json, err, errlen);
}

static int sq_clear_providers(void *self, char *err, size_t errlen)
{
	return run(self, "DELETE FROM providers", "", 0, 0, NULL, NULL, err, errlen);
}

static int sq_put_provider(void *self, int64_t position, const char *json, char *err, size_t errlen)
{
	return run(self, "INSERT OR REPLACE INTO providers(position, json) VALUES(?,?)",
		   "it", position, 0, json, NULL, err, errlen);
}

static int sq_put_extension(void *self, const char *json, char *err, size_t errlen)
{
	return run(self, "INSERT OR REPLACE INTO extension(id, json) VALUES(1, ?)",
		   "t", 0, 0, json, NULL, err, errlen);
}

static int sq_bump_version(void *self, char *err, size_t errlen)
{
	return run(self, "UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'",
		   "", 0, 0, NULL, NULL, err, errlen);
}

static int64_t sq_version(void *self, char *err, size_t errlen)
{
	sqlite3 *db = self;
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'catalog_version'",
			       -1, &st, NULL) != SQLITE_OK) {
		fail(db, "database read", err, errlen);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		fail(db, "database read", err, errlen);
	sqlite3_finalize(st);
	return v;
}

static int each(sqlite3 *db, const char *sql, int (*cb)(void *, const char *, size_t),
		void *ctx, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(db, "database read", err, errlen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		if (!text || cb(ctx, text, len) < 0) {
			sqlite3_finalize(st);
			snprintf(err, errlen, "database holds a row that is not valid JSON");
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(db, "database read", err, errlen);
	return 0;
}

static int sq_each_model(void *self, int (*cb)(void *, const char *, size_t), void *ctx,
			 char *err, size_t errlen)
{
	return each(self, "SELECT json FROM models ORDER BY created DESC, position",
		    cb, ctx, err, errlen);
}

static int sq_each_endpoints(void *self, int (*cb)(void *, const char *, const char *, size_t),
			     void *ctx, char *err, size_t errlen)
{
	sqlite3 *db = self;
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT lookup, json FROM endpoints ORDER BY lookup",
			       -1, &st, NULL) != SQLITE_OK)
		return fail(db, "database read", err, errlen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *text = (const char *)sqlite3_column_text(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if (!key || !text || cb(ctx, key, text, len) < 0) {
			sqlite3_finalize(st);
			snprintf(err, errlen, "database holds an endpoints row that is not valid JSON");
			return -1;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail(db, "database read", err, errlen);
	return 0;
}

static int sq_each_provider(void *self, int (*cb)(void *, const char *, size_t), void *ctx,
			    char *err, size_t errlen)
{
	return each(self, "SELECT json FROM providers ORDER BY position", cb, ctx, err, errlen);
}

static int sq_each_extension(void *self, int (*cb)(void *, const char *, size_t), void *ctx,
			     char *err, size_t errlen)
{
	return each(self, "SELECT json FROM extension WHERE id = 1", cb, ctx, err, errlen);
}

const store_backend_ops store_backend_sqlite = {
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.begin_read = sq_begin_read,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.clear_models = sq_clear_models,
	.put_model = sq_put_model,
	.put_endpoints = sq_put_endpoints,
	.clear_providers = sq_clear_providers,
	.put_provider = sq_put_provider,
	.put_extension = sq_put_extension,
	.bump_version = sq_bump_version,
	.version = sq_version,
	.each_model = sq_each_model,
	.each_endpoints = sq_each_endpoints,
	.each_provider = sq_each_provider,
	.each_extension = sq_each_extension,
};
