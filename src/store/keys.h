/*
 * keys.h - API keys and their rules, kept in the catalog's SQLite file
 * (table api_keys, created on first use).
 *
 * A key is "sk-or-v1-" + 64 lowercase hex characters from getrandom(). Only a
 * keyed hash is stored: HMAC-SHA256 of the whole key under a random 16-byte
 * per-key salt. The key's first 8 hex characters are stored in clear as its
 * id, so a lookup is one indexed row read (never a scan); the id alone does
 * not authenticate. Verification compares digests in constant time and does
 * the same work (one lookup, one HMAC, one comparison) whether or not the id
 * exists or the key is revoked.
 *
 * Rules (docs/keys.md) travel as a keys_rules struct and are stored as one
 * JSON object per key.
 *
 * Ownership: keys_rules_* functions allocate inside the struct; release with
 * keys_rules_free() (NULL-safe, idempotent). Strings returned through
 * keys_record are borrowed for the duration of the callback. Error text goes
 * into the caller's err buffer. Functions take a sqlite3 connection the
 * caller owns; one connection must not be used by two threads at once.
 */
#ifndef OR_STORE_KEYS_H
#define OR_STORE_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;

#define KEYS_PREFIX "sk-or-v1-"
#define KEYS_PREFIX_LEN 9
#define KEYS_HEX_LEN 64
#define KEYS_TOKEN_LEN (KEYS_PREFIX_LEN + KEYS_HEX_LEN)   /* 73 */
#define KEYS_ID_LEN 8
#define KEYS_LABEL_MAX 200
#define KEYS_LIST_MAX 256      /* entries in one rule list */
#define KEYS_NAME_MAX 200      /* bytes of one provider / model name */

/* Error codes (negative, append-only). */
enum {
	KEYS_OK = 0,
	KEYS_ERR = -1,        /* database or allocation failure (see err) */
	KEYS_ENOTFOUND = -2,  /* no such key id / label */
	KEYS_EINVAL = -3,     /* bad rule value (see err) */
	KEYS_EAMBIGUOUS = -4  /* a label names more than one key */
};

/* Data regions a rule may require (bits). */
#define KEYS_REGION_EU 1u
#define KEYS_REGION_US 2u

typedef struct keys_list {
	char **items;
	size_t n;
} keys_list;

/*
 * The rules of one key. A model is visible when it has at least one endpoint
 * satisfying every endpoint rule, and passes the model rule (models).
 * Zeroed = no rules.
 */
typedef struct keys_rules {
	keys_list only;           /* provider allow-list (names or slugs) */
	keys_list ignore;         /* providers never used */
	keys_list models;         /* allowed model ids (a trailing "*" = prefix) */
	int deny_training;        /* exclude providers that may train on data */
	int deny_retention;       /* exclude providers that retain prompts */
	int zdr;                  /* zero-data-retention endpoints only */
	int has_max_prompt, has_max_completion;
	double max_prompt;        /* USD per million prompt tokens */
	double max_completion;    /* USD per million completion tokens */
	unsigned region;          /* KEYS_REGION_* bits (0 = any) */
} keys_rules;

#define KEYS_RULES_INIT { { NULL, 0 }, { NULL, 0 }, { NULL, 0 }, 0, 0, 0, 0, 0, 0, 0, 0 }

void keys_rules_free(keys_rules *r);
/* True when any rule other than `models` is set (rules about endpoints). */
int keys_rules_endpoint_level(const keys_rules *r);
/* Append comma-separated items of text to l (trimmed, empty items skipped,
 * duplicates dropped). Returns 0 or KEYS_EINVAL / KEYS_ERR with err. */
int keys_list_add(keys_list *l, const char *text, char *err, size_t errlen);
void keys_list_clear(keys_list *l);
/* "eu" / "us" -> bit; 0 when unknown. */
unsigned keys_region_parse(const char *s);
/* Parse / serialise the stored JSON form. to_json returns malloc'd text or
 * NULL (out of memory). from_json returns 0 or KEYS_EINVAL. */
int keys_rules_from_json(const char *json, keys_rules *out, char *err, size_t errlen);
char *keys_rules_to_json(const keys_rules *r);

/* Create the keys table if needed. */
int keys_init(struct sqlite3 *db, char *err, size_t errlen);

/*
 * Create a key: token receives the NUL-terminated key (shown once, never
 * stored), id its 8-character id. Returns 0 or a KEYS_* code.
 */
int keys_create(struct sqlite3 *db, const char *label, const keys_rules *rules,
		char token[KEYS_TOKEN_LEN + 1], char id[KEYS_ID_LEN + 1],
		char *err, size_t errlen);

/* One key as listed (never the key or its hash). */
typedef struct keys_record {
	const char *id;
	const char *label;
	int64_t created;
	int64_t last_used;   /* 0 = never */
	int64_t revoked;     /* 0 = active */
	const char *rules_json;
} keys_record;

typedef int (*keys_list_cb)(const keys_record *rec, void *ctx);

/* Call cb for each key, oldest first; a non-zero return from cb stops. */
int keys_list_all(struct sqlite3 *db, keys_list_cb cb, void *ctx, char *err, size_t errlen);

/* Resolve an id (8 hex), a key's displayed "sk-or-v1-<id>..." form, or a
 * unique label to the id. */
int keys_resolve(struct sqlite3 *db, const char *ref, char id[KEYS_ID_LEN + 1],
		 char *err, size_t errlen);
int keys_revoke(struct sqlite3 *db, const char *id, char *err, size_t errlen);
/* Replace the stored rules (and the label when label != NULL). */
int keys_update(struct sqlite3 *db, const char *id, const char *label,
		const keys_rules *rules, char *err, size_t errlen);
/* Read one key's stored rules. */
int keys_get_rules(struct sqlite3 *db, const char *id, keys_rules *out, char *err, size_t errlen);

/*
 * Verify a presented token (not NUL-terminated, len bytes). On success
 * returns 0 and fills *rules (caller frees) and id. Every failure - wrong
 * shape, unknown id, wrong secret, revoked key - returns KEYS_ENOTFOUND after
 * the same work; KEYS_ERR only for a database failure. Updates last_used at
 * most once a minute.
 */
int keys_verify(struct sqlite3 *db, const char *token, size_t len, keys_rules *rules,
		char id[KEYS_ID_LEN + 1], char *err, size_t errlen);

#endif
