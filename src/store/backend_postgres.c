/* backend_postgres.c - the PostgreSQL storage backend, for many replicas of
 * openrouterd sharing one catalog. Same tables and semantics as the SQLite
 * backend; writes take a row lock on the version so concurrent imports from
 * two replicas serialise; loads read in one REPEATABLE READ transaction so a
 * snapshot is wholly from one catalog version. Parameters are always bound. */
#include "store/backend.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char schema[] =
	"SET client_min_messages = warning;"
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BIGINT NOT NULL);"
	"INSERT INTO meta(key, value) VALUES('catalog_version', 0) ON CONFLICT DO NOTHING;"
	"CREATE TABLE IF NOT EXISTS models(id TEXT PRIMARY KEY, position BIGINT NOT NULL,"
	"  created BIGINT NOT NULL, json TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS models_order ON models(created DESC, position);"
	"CREATE TABLE IF NOT EXISTS endpoints(lookup TEXT PRIMARY KEY, json TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS providers(position BIGINT PRIMARY KEY, json TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS extension(id INTEGER PRIMARY KEY CHECK(id = 1), json TEXT NOT NULL);";

static int pq_fail(PGconn *db, PGresult *res, const char *what, char *err, size_t errlen)
{
	const char *msg = res ? PQresultErrorMessage(res) : PQerrorMessage(db);
	size_t n;

	snprintf(err, errlen, "%s: %s", what, msg && *msg ? msg : "unknown PostgreSQL error");
	n = strlen(err);
	while (n && (err[n - 1] == '\n' || err[n - 1] == ' '))
		err[--n] = '\0';
	PQclear(res);
	return -1;
}

static int pq_exec(PGconn *db, const char *sql, char *err, size_t errlen)
{
	PGresult *res = PQexec(db, sql);
	ExecStatusType st = PQresultStatus(res);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		return pq_fail(db, res, "database", err, errlen);
	PQclear(res);
	return 0;
}

/* Run sql with n text parameters. */
static int pq_run(PGconn *db, const char *sql, int n, const char *const *params,
		  char *err, size_t errlen)
{
	PGresult *res = PQexecParams(db, sql, n, NULL, params, NULL, NULL, 0);

	if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
		return pq_fail(db, res, "database write", err, errlen);
	PQclear(res);
	return 0;
}

static int pg_open(void **self, const char *target, char *err, size_t errlen)
{
	PGconn *db = PQconnectdb(target);

	if (PQstatus(db) != CONNECTION_OK) {
		pq_fail(db, NULL, "cannot connect to PostgreSQL", err, errlen);
		PQfinish(db);
		return -1;
	}
	if (pq_exec(db, schema, err, errlen) < 0) {
		PQfinish(db);
		return -1;
	}
	*self = db;
	return 0;
}

static void pg_close(void *self)
{
	PQfinish(self);
}

static int pg_begin(void *self, char *err, size_t errlen)
{
	if (pq_exec(self, "BEGIN", err, errlen) < 0)
		return -1;
	/* One import at a time across every replica sharing this database. */
	return pq_exec(self, "SELECT value FROM meta WHERE key = 'catalog_version' FOR UPDATE",
		       err, errlen);
}

static int pg_begin_read(void *self, char *err, size_t errlen)
{
	return pq_exec(self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err, errlen);
}

static int pg_commit(void *self, char *err, size_t errlen)
{
	return pq_exec(self, "COMMIT", err, errlen);
}

static void pg_rollback(void *self)
{
	char err[64];

	pq_exec(self, "ROLLBACK", err, sizeof(err));
}

static int pg_clear_models(void *self, char *err, size_t errlen)
{
	return pq_exec(self, "DELETE FROM models", err, errlen);
}

static int pg_put_model(void *self, int64_t position, const char *id, int64_t created,
			const char *json, char *err, size_t errlen)
{
	char pos[32], cr[32];
	const char *p[4] = { id, pos, cr, json };

	snprintf(pos, sizeof(pos), "%lld", (long long)position);
	snprintf(cr, sizeof(cr), "%lld", (long long)created);
	return pq_run(self, "INSERT INTO models(id, position, created, json) VALUES($1,$2,$3,$4) "
			    "ON CONFLICT (id) DO UPDATE SET position = $2, created = $3, json = $4",
		      4, p, err, errlen);
}

static int pg_put_endpoints(void *self, const char *key, const char *json,
			    char *err, size_t errlen)
{
	const char *p[2] = { key, json };

	return pq_run(self, "INSERT INTO endpoints(lookup, json) VALUES($1,$2) "
			    "ON CONFLICT (lookup) DO UPDATE SET json = $2", 2, p, err, errlen);
}

static int pg_clear_providers(void *self, char *err, size_t errlen)
{
	return pq_exec(self, "DELETE FROM providers", err, errlen);
}

static int pg_put_provider(void *self, int64_t position, const char *json, char *err, size_t errlen)
{
	char pos[32];
	const char *p[2] = { pos, json };

	snprintf(pos, sizeof(pos), "%lld", (long long)position);
	return pq_run(self, "INSERT INTO providers(position, json) VALUES($1,$2) "
			    "ON CONFLICT (position) DO UPDATE SET json = $2", 2, p, err, errlen);
}

static int pg_put_extension(void *self, const char *json, char *err, size_t errlen)
{
	const char *p[1] = { json };

	return pq_run(self, "INSERT INTO extension(id, json) VALUES(1,$1) "
			    "ON CONFLICT (id) DO UPDATE SET json = $1", 1, p, err, errlen);
}

static int pg_bump_version(void *self, char *err, size_t errlen)
{
	return pq_exec(self, "UPDATE meta SET value = value + 1 WHERE key = 'catalog_version'",
		       err, errlen);
}

static int64_t pg_version(void *self, char *err, size_t errlen)
{
	PGresult *res = PQexec(self, "SELECT value FROM meta WHERE key = 'catalog_version'");
	int64_t v;

	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		pq_fail(self, res, "database read", err, errlen);
		return -1;
	}
	v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return v;
}

static int each(PGconn *db, const char *sql, int (*cb)(void *, const char *, size_t),
		void *ctx, char *err, size_t errlen)
{
	PGresult *res = PQexec(db, sql);
	int i, n;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return pq_fail(db, res, "database read", err, errlen);
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		if (cb(ctx, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0)) < 0) {
			PQclear(res);
			snprintf(err, errlen, "database holds a row that is not valid JSON");
			return -1;
		}
	}
	PQclear(res);
	return 0;
}

static int pg_each_model(void *self, int (*cb)(void *, const char *, size_t), void *ctx,
			 char *err, size_t errlen)
{
	return each(self, "SELECT json FROM models ORDER BY created DESC, position", cb, ctx, err, errlen);
}

static int pg_each_endpoints(void *self, int (*cb)(void *, const char *, const char *, size_t),
			     void *ctx, char *err, size_t errlen)
{
	PGresult *res = PQexec(self, "SELECT lookup, json FROM endpoints ORDER BY lookup");
	int i, n;

	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return pq_fail(self, res, "database read", err, errlen);
	n = PQntuples(res);
	for (i = 0; i < n; i++) {
		if (cb(ctx, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
		       (size_t)PQgetlength(res, i, 1)) < 0) {
			PQclear(res);
			snprintf(err, errlen, "database holds an endpoints row that is not valid JSON");
			return -1;
		}
	}
	PQclear(res);
	return 0;
}

static int pg_each_provider(void *self, int (*cb)(void *, const char *, size_t), void *ctx,
			    char *err, size_t errlen)
{
	return each(self, "SELECT json FROM providers ORDER BY position", cb, ctx, err, errlen);
}

static int pg_each_extension(void *self, int (*cb)(void *, const char *, size_t), void *ctx,
			     char *err, size_t errlen)
{
	return each(self, "SELECT json FROM extension WHERE id = 1", cb, ctx, err, errlen);
}

const store_backend_ops store_backend_postgres = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.begin_read = pg_begin_read,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.clear_models = pg_clear_models,
	.put_model = pg_put_model,
	.put_endpoints = pg_put_endpoints,
	.clear_providers = pg_clear_providers,
	.put_provider = pg_put_provider,
	.put_extension = pg_put_extension,
	.bump_version = pg_bump_version,
	.version = pg_version,
	.each_model = pg_each_model,
	.each_endpoints = pg_each_endpoints,
	.each_provider = pg_each_provider,
	.each_extension = pg_each_extension,
};
