/* keys.c - API keys in the catalog's SQLite file: creation from getrandom(),
 * salted HMAC-SHA256 storage, constant-work verification, list / revoke /
 * update, and the rules' JSON form. See keys.h for the contract. */
#include "store/keys.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#define SALT_LEN 16
#define HASH_LEN 32
#define TOUCH_EVERY 60   /* seconds between last_used writes */

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS api_keys("
	"  id TEXT PRIMARY KEY,"            /* first 8 hex characters of the key */
	"  label TEXT NOT NULL,"
	"  salt BLOB NOT NULL,"             /* 16 random bytes */
	"  hash BLOB NOT NULL,"             /* HMAC-SHA256(salt, key) */
	"  created INTEGER NOT NULL,"
	"  last_used INTEGER,"
	"  revoked INTEGER,"
	"  rules TEXT NOT NULL);";

/* ---- rules ---------------------------------------------------------------- */

void keys_list_clear(keys_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

void keys_rules_free(keys_rules *r)
{
	if (!r)
		return;
	keys_list_clear(&r->only);
	keys_list_clear(&r->ignore);
	keys_list_clear(&r->models);
	memset(r, 0, sizeof(*r));
}

int keys_rules_endpoint_level(const keys_rules *r)
{
	return r->only.n || r->ignore.n || r->deny_training || r->deny_retention || r->zdr ||
	       r->has_max_prompt || r->has_max_completion || r->region;
}

unsigned keys_region_parse(const char *s)
{
	if (!s)
		return 0;
	if (!strcmp(s, "eu"))
		return KEYS_REGION_EU;
	if (!strcmp(s, "us"))
		return KEYS_REGION_US;
	return 0;
}

static int add_one(keys_list *l, const char *s, size_t len, char *err, size_t errlen)
{
	char **grown;
	size_t i;

	if (len > KEYS_NAME_MAX) {
		snprintf(err, errlen, "name '%.40s...' is longer than %d bytes", s, KEYS_NAME_MAX);
		return KEYS_EINVAL;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			snprintf(err, errlen, "names may not contain control characters");
			return KEYS_EINVAL;
		}
	}
	for (i = 0; i < l->n; i++)
		if (strlen(l->items[i]) == len && !memcmp(l->items[i], s, len))
			return 0;
	if (l->n >= KEYS_LIST_MAX) {
		snprintf(err, errlen, "a rule list holds at most %d names", KEYS_LIST_MAX);
		return KEYS_EINVAL;
	}
	grown = realloc(l->items, (l->n + 1) * sizeof(*grown));
	if (!grown)
		goto oom;
	l->items = grown;
	if (!(l->items[l->n] = strndup(s, len)))
		goto oom;
	l->n++;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return KEYS_ERR;
}

int keys_list_add(keys_list *l, const char *text, char *err, size_t errlen)
{
	const char *p = text;

	while (*p) {
		const char *end = strchr(p, ',');
		const char *a = p, *b = end ? end : p + strlen(p);
		int rc;

		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a && (rc = add_one(l, a, (size_t)(b - a), err, errlen)) < 0)
			return rc;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

static int list_from_json(const cJSON *obj, const char *key, keys_list *l, char *err, size_t errlen)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key), *it;
	int rc;

	if (!arr || cJSON_IsNull(arr))
		return 0;
	if (!cJSON_IsArray(arr)) {
		snprintf(err, errlen, "rules: \"%s\" must be an array of strings", key);
		return KEYS_EINVAL;
	}
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it)) {
			snprintf(err, errlen, "rules: \"%s\" must be an array of strings", key);
			return KEYS_EINVAL;
		}
		if ((rc = add_one(l, it->valuestring, strlen(it->valuestring), err, errlen)) < 0)
			return rc;
	}
	return 0;
}

static int flag_from_json(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}

static int price_from_json(const cJSON *obj, const char *key, int *has, double *v)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsNumber(it))
		return 0;
	*has = 1;
	*v = it->valuedouble;
	return 0;
}

int keys_rules_from_json(const char *json, keys_rules *out, char *err, size_t errlen)
{
	keys_rules r = KEYS_RULES_INIT;
	cJSON *doc = cJSON_Parse(json);
	const cJSON *reg;
	int rc = KEYS_EINVAL;

	if (!cJSON_IsObject(doc)) {
		snprintf(err, errlen, "rules: not a JSON object");
		goto out;
	}
	if ((rc = list_from_json(doc, "only", &r.only, err, errlen)) < 0 ||
	    (rc = list_from_json(doc, "ignore", &r.ignore, err, errlen)) < 0 ||
	    (rc = list_from_json(doc, "models", &r.models, err, errlen)) < 0)
		goto out;
	r.deny_training = flag_from_json(doc, "deny_training");
	r.deny_retention = flag_from_json(doc, "deny_retention");
	r.zdr = flag_from_json(doc, "zdr");
	price_from_json(doc, "max_prompt_price", &r.has_max_prompt, &r.max_prompt);
	price_from_json(doc, "max_completion_price", &r.has_max_completion, &r.max_completion);
	reg = cJSON_GetObjectItemCaseSensitive(doc, "region");
	if (cJSON_IsString(reg)) {
		r.region = keys_region_parse(reg->valuestring);
		if (!r.region) {
			snprintf(err, errlen, "rules: unknown region '%s'", reg->valuestring);
			rc = KEYS_EINVAL;
			goto out;
		}
	}
	*out = r;
	memset(&r, 0, sizeof(r));
	rc = 0;
out:
	keys_rules_free(&r);
	cJSON_Delete(doc);
	return rc;
}

static int list_to_json(cJSON *obj, const char *key, const keys_list *l)
{
	cJSON *arr;
	size_t i;

	if (!l->n)
		return 0;
	if (!(arr = cJSON_AddArrayToObject(obj, key)))
		return -1;
	for (i = 0; i < l->n; i++) {
		cJSON *s = cJSON_CreateString(l->items[i]);
		if (!s || !cJSON_AddItemToArray(arr, s)) {
			cJSON_Delete(s);
			return -1;
		}
	}
	return 0;
}

char *keys_rules_to_json(const keys_rules *r)
{
	cJSON *doc = cJSON_CreateObject();
	char *text = NULL;

	if (!doc)
		return NULL;
	if (list_to_json(doc, "only", &r->only) < 0 || list_to_json(doc, "ignore", &r->ignore) < 0 ||
	    (r->deny_training && !cJSON_AddTrueToObject(doc, "deny_training")) ||
	    (r->deny_retention && !cJSON_AddTrueToObject(doc, "deny_retention")) ||
	    (r->zdr && !cJSON_AddTrueToObject(doc, "zdr")) ||
	    list_to_json(doc, "models", &r->models) < 0 ||
	    (r->has_max_prompt && !cJSON_AddNumberToObject(doc, "max_prompt_price", r->max_prompt)) ||
	    (r->has_max_completion &&
	     !cJSON_AddNumberToObject(doc, "max_completion_price", r->max_completion)) ||
	    (r->region && !cJSON_AddStringToObject(doc, "region",
						   r->region == KEYS_REGION_EU ? "eu" : "us")))
		goto out;
	text = cJSON_PrintUnformatted(doc);
out:
	cJSON_Delete(doc);
	return text;
}

/* ---- database ------------------------------------------------------------- */

static int db_fail(sqlite3 *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "%s: %s", what, sqlite3_errmsg(db));
	return KEYS_ERR;
}

int keys_init(sqlite3 *db, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, schema, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "database: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return KEYS_ERR;
	}
	return 0;
}

static int fill_random(void *p, size_t n)
{
	unsigned char *b = p;

	while (n) {
		ssize_t got = getrandom(b, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += got;
		n -= (size_t)got;
	}
	return 0;
}

static int hmac(const unsigned char salt[SALT_LEN], const char *token, size_t len,
		unsigned char out[HASH_LEN])
{
	unsigned int outlen = 0;

	if (!HMAC(EVP_sha256(), salt, SALT_LEN, (const unsigned char *)token, len, out, &outlen) ||
	    outlen != HASH_LEN)
		return -1;
	return 0;
}

int keys_create(sqlite3 *db, const char *label, const keys_rules *rules,
		char token[KEYS_TOKEN_LEN + 1], char id[KEYS_ID_LEN + 1],
		char *err, size_t errlen)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[KEYS_HEX_LEN / 2], salt[SALT_LEN], digest[HASH_LEN];
	sqlite3_stmt *st = NULL;
	char *rules_json = NULL;
	int rc = KEYS_ERR, tries, i;

	if (!label || !*label || strlen(label) > KEYS_LABEL_MAX) {
		snprintf(err, errlen, "a label of 1 to %d bytes is required", KEYS_LABEL_MAX);
		return KEYS_EINVAL;
	}
	if (keys_init(db, err, errlen) < 0)
		return KEYS_ERR;
	if (!(rules_json = keys_rules_to_json(rules))) {
		snprintf(err, errlen, "out of memory");
		return KEYS_ERR;
	}
	if (sqlite3_prepare_v2(db, "INSERT INTO api_keys(id, label, salt, hash, created, rules)"
				   " VALUES(?, ?, ?, ?, ?, ?)", -1, &st, NULL) != SQLITE_OK) {
		rc = db_fail(db, "cannot store key", err, errlen);
		goto out;
	}
	for (tries = 0; tries < 8; tries++) {
		if (fill_random(raw, sizeof(raw)) < 0 || fill_random(salt, sizeof(salt)) < 0) {
			snprintf(err, errlen, "getrandom failed: %s", strerror(errno));
			goto out;
		}
		memcpy(token, KEYS_PREFIX, KEYS_PREFIX_LEN);
		for (i = 0; i < (int)sizeof(raw); i++) {
			token[KEYS_PREFIX_LEN + 2 * i] = hex[raw[i] >> 4];
			token[KEYS_PREFIX_LEN + 2 * i + 1] = hex[raw[i] & 15];
		}
		token[KEYS_TOKEN_LEN] = '\0';
		memcpy(id, token + KEYS_PREFIX_LEN, KEYS_ID_LEN);
		id[KEYS_ID_LEN] = '\0';
		if (hmac(salt, token, KEYS_TOKEN_LEN, digest) < 0) {
			snprintf(err, errlen, "HMAC-SHA256 failed");
			goto out;
		}
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, id, KEYS_ID_LEN, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, label, -1, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 3, salt, SALT_LEN, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 4, digest, HASH_LEN, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)time(NULL));
		sqlite3_bind_text(st, 6, rules_json, -1, SQLITE_TRANSIENT);
		i = sqlite3_step(st);
		if (i == SQLITE_DONE) {
			rc = 0;
			goto out;
		}
		if (sqlite3_extended_errcode(db) != SQLITE_CONSTRAINT_PRIMARYKEY) {
			rc = db_fail(db, "cannot store key", err, errlen);
			goto out;
		}
		/* id collision with an existing key: draw again */
	}
	snprintf(err, errlen, "cannot draw an unused key id");
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	if (rc != 0)
		OPENSSL_cleanse(token, KEYS_TOKEN_LEN + 1);
	sqlite3_finalize(st);
	free(rules_json);
	return rc;
}

int keys_list_all(sqlite3 *db, keys_list_cb cb, void *ctx, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (keys_init(db, err, errlen) < 0)
		return KEYS_ERR;
	if (sqlite3_prepare_v2(db, "SELECT id, label, created, last_used, revoked, rules"
				   " FROM api_keys ORDER BY created, rowid", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot list keys", err, errlen);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		keys_record rec;

		rec.id = (const char *)sqlite3_column_text(st, 0);
		rec.label = (const char *)sqlite3_column_text(st, 1);
		rec.created = sqlite3_column_int64(st, 2);
		rec.last_used = sqlite3_column_int64(st, 3);
		rec.revoked = sqlite3_column_int64(st, 4);
		rec.rules_json = (const char *)sqlite3_column_text(st, 5);
		if (cb(&rec, ctx))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = db_fail(db, "cannot list keys", err, errlen);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	return 0;
}

static int is_hex_lower(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

int keys_resolve(sqlite3 *db, const char *ref, char id[KEYS_ID_LEN + 1], char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	const char *p = ref;
	int rc, found = 0;

	if (keys_init(db, err, errlen) < 0)
		return KEYS_ERR;
	if (!strncmp(p, KEYS_PREFIX, KEYS_PREFIX_LEN))
		p += KEYS_PREFIX_LEN;
	if (sqlite3_prepare_v2(db, "SELECT id FROM api_keys WHERE id = ?1 OR label = ?2"
				   " ORDER BY id = ?1 DESC", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot look up key", err, errlen);
	sqlite3_bind_text(st, 1, p, strlen(p) >= KEYS_ID_LEN && is_hex_lower(p, KEYS_ID_LEN)
			  ? KEYS_ID_LEN : -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, ref, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *got = (const char *)sqlite3_column_text(st, 0);
		if (found && strcmp(got, id)) {
			/* an exact id match sorts first and wins over labels */
			if (!strncmp(p, id, KEYS_ID_LEN))
				break;
			snprintf(err, errlen, "label '%s' names more than one key; use the id", ref);
			sqlite3_finalize(st);
			return KEYS_EAMBIGUOUS;
		}
		snprintf(id, KEYS_ID_LEN + 1, "%s", got);
		found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, "cannot look up key", err, errlen);
	if (!found) {
		snprintf(err, errlen, "no key '%s'", ref);
		return KEYS_ENOTFOUND;
	}
	return 0;
}

static int exec_one(sqlite3 *db, const char *sql, const char *t1, const char *t2, const char *t3,
		    int64_t i1, const char *what, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, what, err, errlen);
	sqlite3_bind_text(st, 1, t1, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_text(st, 2, t2, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(st) >= 3)
		sqlite3_bind_text(st, 3, t3, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(st) >= 4)
		sqlite3_bind_int64(st, 4, i1);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, what, err, errlen);
	if (sqlite3_changes(db) == 0) {
		snprintf(err, errlen, "no key '%s'", t1);
		return KEYS_ENOTFOUND;
	}
	return 0;
}

int keys_revoke(sqlite3 *db, const char *id, char *err, size_t errlen)
{
	if (keys_init(db, err, errlen) < 0)
		return KEYS_ERR;
	return exec_one(db, "UPDATE api_keys SET revoked = coalesce(revoked, ?4) WHERE id = ?1",
			id, NULL, NULL, (int64_t)time(NULL), "cannot revoke key", err, errlen);
}

int keys_update(sqlite3 *db, const char *id, const char *label, const keys_rules *rules,
		char *err, size_t errlen)
{
	char *json;
	int rc;

	if (label && (!*label || strlen(label) > KEYS_LABEL_MAX)) {
		snprintf(err, errlen, "a label of 1 to %d bytes is required", KEYS_LABEL_MAX);
		return KEYS_EINVAL;
	}
	if (keys_init(db, err, errlen) < 0)
		return KEYS_ERR;
	if (!(json = keys_rules_to_json(rules))) {
		snprintf(err, errlen, "out of memory");
		return KEYS_ERR;
	}
	rc = exec_one(db, "UPDATE api_keys SET rules = ?2, label = coalesce(?3, label) WHERE id = ?1",
		      id, json, label, 0, "cannot update key", err, errlen);
	free(json);
	return rc;
}

int keys_get_rules(sqlite3 *db, const char *id, keys_rules *out, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (keys_init(db, err, errlen) < 0)
		return KEYS_ERR;
	if (sqlite3_prepare_v2(db, "SELECT rules FROM api_keys WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read key", err, errlen);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = keys_rules_from_json((const char *)sqlite3_column_text(st, 0), out, err, errlen);
	else if (rc == SQLITE_DONE) {
		snprintf(err, errlen, "no key '%s'", id);
		rc = KEYS_ENOTFOUND;
	} else
		rc = db_fail(db, "cannot read key", err, errlen);
	sqlite3_finalize(st);
	return rc;
}

/* ---- verification --------------------------------------------------------- */

/* Stand-ins used when the id is unknown, so the same HMAC and comparison run. */
static const unsigned char dummy_salt[SALT_LEN] = { 0x5a, 0x17, 0x93, 0xc4, 0x2e, 0x81, 0x6b, 0xd0,
						    0x44, 0x0f, 0xa9, 0x3c, 0x71, 0xe2, 0x58, 0xb6 };
static const unsigned char dummy_hash[HASH_LEN] = { 0 };

int keys_verify(sqlite3 *db, const char *token, size_t len, keys_rules *rules,
		char id[KEYS_ID_LEN + 1], char *err, size_t errlen)
{
	unsigned char salt[SALT_LEN], want[HASH_LEN], got[HASH_LEN];
	char probe[KEYS_ID_LEN + 1] = "00000000";
	sqlite3_stmt *st = NULL;
	int well_formed, found = 0, revoked = 0, match, rc;
	int64_t last_used = 0, now = (int64_t)time(NULL);
	char *rules_json = NULL;

	well_formed = len == KEYS_TOKEN_LEN && !memcmp(token, KEYS_PREFIX, KEYS_PREFIX_LEN) &&
		      is_hex_lower(token + KEYS_PREFIX_LEN, KEYS_HEX_LEN);
	if (well_formed)
		memcpy(probe, token + KEYS_PREFIX_LEN, KEYS_ID_LEN);
	memcpy(salt, dummy_salt, SALT_LEN);
	memcpy(want, dummy_hash, HASH_LEN);

	/* The lookup runs for malformed tokens too (probe "00000000", result
	 * ignored), so every path costs the same: one indexed read, one HMAC,
	 * one constant-time comparison. */
	if (sqlite3_prepare_v2(db, "SELECT salt, hash, revoked, last_used, rules FROM api_keys"
				   " WHERE id = ?", -1, &st, NULL) != SQLITE_OK) {
		if (keys_init(db, err, errlen) < 0 ||
		    sqlite3_prepare_v2(db, "SELECT salt, hash, revoked, last_used, rules FROM api_keys"
					   " WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
			return db_fail(db, "cannot look up key", err, errlen);
	}
	sqlite3_bind_text(st, 1, probe, KEYS_ID_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == SALT_LEN &&
	    sqlite3_column_bytes(st, 1) == HASH_LEN) {
		memcpy(salt, sqlite3_column_blob(st, 0), SALT_LEN);
		memcpy(want, sqlite3_column_blob(st, 1), HASH_LEN);
		revoked = sqlite3_column_type(st, 2) != SQLITE_NULL;
		last_used = sqlite3_column_int64(st, 3);
		rules_json = strdup((const char *)sqlite3_column_text(st, 4));
		found = well_formed;
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite3_finalize(st);
		return db_fail(db, "cannot look up key", err, errlen);
	}
	sqlite3_finalize(st);

	if (hmac(salt, token, len, got) < 0) {
		free(rules_json);
		snprintf(err, errlen, "HMAC-SHA256 failed");
		return KEYS_ERR;
	}
	match = CRYPTO_memcmp(got, want, HASH_LEN) == 0;
	if (!(found & match & !revoked) || !rules_json) {
		free(rules_json);
		return KEYS_ENOTFOUND;
	}
	rc = keys_rules_from_json(rules_json, rules, err, errlen);
	free(rules_json);
	if (rc < 0)
		return KEYS_ERR;
	memcpy(id, probe, KEYS_ID_LEN + 1);
	if (last_used < now - TOUCH_EVERY) {
		/* best effort: a busy database must not fail the request */
		if (sqlite3_prepare_v2(db, "UPDATE api_keys SET last_used = ? WHERE id = ?", -1, &st,
				       NULL) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, now);
			sqlite3_bind_text(st, 2, probe, KEYS_ID_LEN, SQLITE_STATIC);
			sqlite3_step(st);
		}
		sqlite3_finalize(st);
	}
	return 0;
}
