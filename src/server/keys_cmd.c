/*
 * keys_cmd.c - `openrouterd keys create|list|revoke|update`: API keys and
 * their rules in the catalog database (docs/keys.md). The key is printed once
 * by `create` and never stored or shown again.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server/commands.h"
#include "store/keys.h"
#include "store/store.h"

static const char usage_text[] =
	"usage: openrouterd keys create --label NAME [--db PATH] [RULES]\n"
	"       openrouterd keys list   [--db PATH] [--json]\n"
	"       openrouterd keys revoke [--db PATH] KEY\n"
	"       openrouterd keys update [--db PATH] KEY [--label NAME] [--clear-rules] [RULES]\n"
	"\n"
	"API keys for GET /api/v1/models/user. `create` prints the new key once on stdout;\n"
	"only a salted HMAC-SHA256 of it is stored. KEY is a key id (8 hex characters, as\n"
	"listed), the key itself, or a unique label.\n"
	"\n"
	"options:\n"
	"  --db PATH                   the database (default " DEFAULT_DB ")\n"
	"  --label NAME                the key's label (required by create)\n"
	"  --json                      list as JSON lines\n"
	"  -h, --help                  this help\n"
	"\n"
	"rules (a model is listed when at least one of its endpoints passes every rule):\n"
	"  --only P[,P...]             only these providers (name, slug or tag; repeatable)\n"
	"  --ignore P[,P...]           never these providers (repeatable)\n"
	"  --deny-training             no providers that may train on prompts\n"
	"  --deny-retention            no providers that retain prompts\n"
	"  --deny-data-collection      both of the above\n"
	"  --zdr                       zero-data-retention endpoints only\n"
	"  --models ID[,ID...]         only these model ids; \"author/*\" = every model of author\n"
	"  --max-prompt-price USD      max prompt price, USD per million tokens\n"
	"  --max-completion-price USD  max completion price, USD per million tokens\n"
	"  --region eu|us              endpoints that keep data in this region\n"
	"update only (remove one rule):\n"
	"  --no-only  --no-ignore  --allow-training  --allow-retention  --no-zdr  --no-models\n"
	"  --no-max-prompt-price  --no-max-completion-price  --no-region\n"
	"  --clear-rules               start from no rules, then apply the flags given\n"
	"\n"
	"Exit status: 0 success, 1 failure (no such key, database error), 2 usage error.\n";

enum {
	O_DB = 1000, O_LABEL, O_JSON, O_ONLY, O_IGNORE, O_DENY_TRAIN, O_DENY_RET, O_DENY_BOTH,
	O_ZDR, O_MODELS, O_MAX_PROMPT, O_MAX_COMPL, O_REGION, O_NO_ONLY, O_NO_IGNORE,
	O_ALLOW_TRAIN, O_ALLOW_RET, O_NO_ZDR, O_NO_MODELS, O_NO_MAX_PROMPT, O_NO_MAX_COMPL,
	O_NO_REGION, O_CLEAR
};

static const struct option options[] = {
	{ "db", required_argument, NULL, O_DB },
	{ "label", required_argument, NULL, O_LABEL },
	{ "json", no_argument, NULL, O_JSON },
	{ "only", required_argument, NULL, O_ONLY },
	{ "ignore", required_argument, NULL, O_IGNORE },
	{ "deny-training", no_argument, NULL, O_DENY_TRAIN },
	{ "deny-retention", no_argument, NULL, O_DENY_RET },
	{ "deny-data-collection", no_argument, NULL, O_DENY_BOTH },
	{ "zdr", no_argument, NULL, O_ZDR },
	{ "models", required_argument, NULL, O_MODELS },
	{ "max-prompt-price", required_argument, NULL, O_MAX_PROMPT },
	{ "max-completion-price", required_argument, NULL, O_MAX_COMPL },
	{ "region", required_argument, NULL, O_REGION },
	{ "no-only", no_argument, NULL, O_NO_ONLY },
	{ "no-ignore", no_argument, NULL, O_NO_IGNORE },
	{ "allow-training", no_argument, NULL, O_ALLOW_TRAIN },
	{ "allow-retention", no_argument, NULL, O_ALLOW_RET },
	{ "no-zdr", no_argument, NULL, O_NO_ZDR },
	{ "no-models", no_argument, NULL, O_NO_MODELS },
	{ "no-max-prompt-price", no_argument, NULL, O_NO_MAX_PROMPT },
	{ "no-max-completion-price", no_argument, NULL, O_NO_MAX_COMPL },
	{ "no-region", no_argument, NULL, O_NO_REGION },
	{ "clear-rules", no_argument, NULL, O_CLEAR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Which rules the command line set (for update: the rest keep their value). */
enum {
	S_ONLY = 1 << 0, S_IGNORE = 1 << 1, S_TRAIN = 1 << 2, S_RET = 1 << 3, S_ZDR = 1 << 4,
	S_MODELS = 1 << 5, S_MAXP = 1 << 6, S_MAXC = 1 << 7, S_REGION = 1 << 8
};

typedef struct args {
	const char *sub, *db, *label, *ref;
	int json, clear, update;
	unsigned set;
	keys_rules r;
} args;

static int parse_price(const char *opt, const char *v, double *out)
{
	char *end = NULL;
	double d = strtod(v, &end);

	if (!*v || *end || !isfinite(d) || d < 0) {
		cmd_error("keys: --%s wants a price in USD per million tokens (>= 0), got '%s'", opt, v);
		return -1;
	}
	*out = d;
	return 0;
}

static int add_list(keys_list *l, const char *opt, const char *v)
{
	char err[256];

	if (keys_list_add(l, v, err, sizeof(err)) < 0) {
		cmd_error("keys: --%s: %s", opt, err);
		return -1;
	}
	if (!l->n) {
		cmd_error("keys: --%s wants at least one name", opt);
		return -1;
	}
	return 0;
}

/* One option; returns 0, or -1 on a usage error. */
static int apply_option(args *a, int c, const char *v)
{
	keys_rules *r = &a->r;

	switch (c) {
	case O_DB: a->db = v; return 0;
	case O_LABEL: a->label = v; return 0;
	case O_JSON: a->json = 1; return 0;
	case O_CLEAR: a->clear = 1; return 0;
	case O_ONLY: a->set |= S_ONLY; return add_list(&r->only, "only", v);
	case O_IGNORE: a->set |= S_IGNORE; return add_list(&r->ignore, "ignore", v);
	case O_MODELS: a->set |= S_MODELS; return add_list(&r->models, "models", v);
	case O_DENY_TRAIN: a->set |= S_TRAIN; r->deny_training = 1; return 0;
	case O_DENY_RET: a->set |= S_RET; r->deny_retention = 1; return 0;
	case O_DENY_BOTH:
		a->set |= S_TRAIN | S_RET;
		r->deny_training = r->deny_retention = 1;
		return 0;
	case O_ZDR: a->set |= S_ZDR; r->zdr = 1; return 0;
	case O_MAX_PROMPT:
		a->set |= S_MAXP;
		r->has_max_prompt = 1;
		return parse_price("max-prompt-price", v, &r->max_prompt);
	case O_MAX_COMPL:
		a->set |= S_MAXC;
		r->has_max_completion = 1;
		return parse_price("max-completion-price", v, &r->max_completion);
	case O_REGION:
		a->set |= S_REGION;
		if (!(r->region = keys_region_parse(v))) {
			cmd_error("keys: --region wants eu or us, got '%s'", v);
			return -1;
		}
		return 0;
	}
	if (!a->update) {
		cmd_error("keys %s: that option only applies to `keys update`", a->sub);
		return -1;
	}
	switch (c) {
	case O_NO_ONLY: a->set |= S_ONLY; keys_list_clear(&r->only); return 0;
	case O_NO_IGNORE: a->set |= S_IGNORE; keys_list_clear(&r->ignore); return 0;
	case O_NO_MODELS: a->set |= S_MODELS; keys_list_clear(&r->models); return 0;
	case O_ALLOW_TRAIN: a->set |= S_TRAIN; r->deny_training = 0; return 0;
	case O_ALLOW_RET: a->set |= S_RET; r->deny_retention = 0; return 0;
	case O_NO_ZDR: a->set |= S_ZDR; r->zdr = 0; return 0;
	case O_NO_MAX_PROMPT: a->set |= S_MAXP; r->has_max_prompt = 0; return 0;
	case O_NO_MAX_COMPL: a->set |= S_MAXC; r->has_max_completion = 0; return 0;
	case O_NO_REGION: a->set |= S_REGION; r->region = 0; return 0;
	}
	return -1;
}

static int parse_args(int argc, char **argv, args *a)
{
	int c;

	a->sub = argv[0];
	a->update = !strcmp(a->sub, "update");
	a->db = DEFAULT_DB;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
		if (c == '?' || c == ':') {
			cmd_error("keys %s: unknown option or missing value '%s'", a->sub,
				  argv[optind - 1]);
			return -1;
		}
		if (apply_option(a, c, optarg) < 0)
			return -1;
	}
	if (optind < argc)
		a->ref = argv[optind++];
	if (optind < argc) {
		cmd_error("keys %s: unexpected argument '%s'", a->sub, argv[optind]);
		return -1;
	}
	return 0;
}

static void fmt_time(int64_t t, char *out, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t || !gmtime_r(&tt, &tm) || !strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, len, "never");
}

typedef struct list_ctx {
	int json;
	size_t n;
} list_ctx;

static int print_row(const keys_record *rec, void *ctx_)
{
	list_ctx *ctx = ctx_;
	char created[32], used[32], revoked[32];

	fmt_time(rec->created, created, sizeof(created));
	fmt_time(rec->last_used, used, sizeof(used));
	fmt_time(rec->revoked, revoked, sizeof(revoked));
	if (ctx->json) {
		char *label = NULL;
		cJSON *s = cJSON_CreateString(rec->label);

		if (s)
			label = cJSON_PrintUnformatted(s);
		cJSON_Delete(s);
		printf("{\"id\":\"%s\",\"label\":%s,\"created\":\"%s\",\"last_used\":%s%s%s,"
		       "\"revoked\":%s%s%s,\"rules\":%s}\n",
		       rec->id, label ? label : "null", created,
		       rec->last_used ? "\"" : "", rec->last_used ? used : "null",
		       rec->last_used ? "\"" : "", rec->revoked ? "\"" : "",
		       rec->revoked ? revoked : "null", rec->revoked ? "\"" : "", rec->rules_json);
		free(label);
	} else {
		if (!ctx->n)
			printf("%-8s  %-20s  %-20s  %-20s  %-7s  %s\n", "ID", "LABEL", "CREATED",
			       "LAST USED", "STATUS", "RULES");
		printf("%-8s  %-20s  %-20s  %-20s  %-7s  %s\n", rec->id, rec->label, created, used,
		       rec->revoked ? "revoked" : "active", rec->rules_json);
	}
	ctx->n++;
	return 0;
}

/* Merge the rules named in a->set into *stored. */
static void merge(args *a, keys_rules *stored)
{
	keys_rules *n = &a->r;

#define TAKE_LIST(bit, f) \
	if (a->set & (bit)) { keys_list_clear(&stored->f); stored->f = n->f; n->f.items = NULL; n->f.n = 0; }
	TAKE_LIST(S_ONLY, only)
	TAKE_LIST(S_IGNORE, ignore)
	TAKE_LIST(S_MODELS, models)
#undef TAKE_LIST
	if (a->set & S_TRAIN)
		stored->deny_training = n->deny_training;
	if (a->set & S_RET)
		stored->deny_retention = n->deny_retention;
	if (a->set & S_ZDR)
		stored->zdr = n->zdr;
	if (a->set & S_MAXP) {
		stored->has_max_prompt = n->has_max_prompt;
		stored->max_prompt = n->max_prompt;
	}
	if (a->set & S_MAXC) {
		stored->has_max_completion = n->has_max_completion;
		stored->max_completion = n->max_completion;
	}
	if (a->set & S_REGION)
		stored->region = n->region;
}

static int run(args *a, struct sqlite3 *db)
{
	char err[512], id[KEYS_ID_LEN + 1], token[KEYS_TOKEN_LEN + 1];
	keys_rules stored = KEYS_RULES_INIT;
	int rc;

	if (!strcmp(a->sub, "create")) {
		if (!a->label) {
			cmd_error("keys create: --label NAME is required");
			return EXIT_USAGE;
		}
		if ((rc = keys_create(db, a->label, &a->r, token, id, err, sizeof(err))) < 0) {
			cmd_error("keys create: %s", err);
			return rc == KEYS_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		}
		printf("%s\n", token);
		fflush(stdout);
		memset(token, 0, sizeof(token));
		fprintf(stderr, "openrouterd: created key %s '%s'; it is shown only this once\n", id,
			a->label);
		return 0;
	}
	if (!strcmp(a->sub, "list")) {
		list_ctx ctx = { a->json, 0 };
		if (keys_list_all(db, print_row, &ctx, err, sizeof(err)) < 0) {
			cmd_error("keys list: %s", err);
			return EXIT_RUNTIME;
		}
		return 0;
	}
	if (!a->ref) {
		cmd_error("keys %s: which key? (id, key or label)", a->sub);
		return EXIT_USAGE;
	}
	if (keys_resolve(db, a->ref, id, err, sizeof(err)) < 0) {
		cmd_error("keys %s: %s", a->sub, err);
		return EXIT_RUNTIME;
	}
	if (!strcmp(a->sub, "revoke")) {
		if (keys_revoke(db, id, err, sizeof(err)) < 0) {
			cmd_error("keys revoke: %s", err);
			return EXIT_RUNTIME;
		}
		fprintf(stderr, "openrouterd: revoked key %s\n", id);
		return 0;
	}
	if (!a->clear && (rc = keys_get_rules(db, id, &stored, err, sizeof(err))) < 0) {
		cmd_error("keys update: %s", err);
		return EXIT_RUNTIME;
	}
	merge(a, &stored);
	rc = keys_update(db, id, a->label, &stored, err, sizeof(err));
	keys_rules_free(&stored);
	if (rc < 0) {
		cmd_error("keys update: %s", err);
		return rc == KEYS_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
	}
	fprintf(stderr, "openrouterd: updated key %s\n", id);
	return 0;
}

int cmd_keys(int argc, char **argv)
{
	static const char *const subs[] = { "create", "list", "revoke", "update" };
	args a;
	store *st = NULL;
	char err[512];
	size_t i;
	int rc;

	memset(&a, 0, sizeof(a));
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage_text, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i]))
			break;
	if (i == sizeof(subs) / sizeof(subs[0])) {
		cmd_error("keys: unknown subcommand '%s' (create, list, revoke, update)", argv[1]);
		return EXIT_USAGE;
	}
	rc = parse_args(argc - 1, argv + 1, &a);
	if (rc) {
		keys_rules_free(&a.r);
		return rc > 0 ? 0 : EXIT_USAGE;
	}
	if (a.ref && (!strcmp(a.sub, "create") || !strcmp(a.sub, "list"))) {
		cmd_error("keys %s: unexpected argument '%s'", a.sub, a.ref);
		keys_rules_free(&a.r);
		return EXIT_USAGE;
	}
	if (store_open(a.db, &st, err, sizeof(err)) < 0) {
		cmd_error("%s", err);
		keys_rules_free(&a.r);
		return EXIT_RUNTIME;
	}
	if (!store_sqlite(st)) {
		cmd_error("keys: API keys live in an SQLite database; '%s' is not one", a.db);
		rc = EXIT_RUNTIME;
	} else {
		rc = run(&a, store_sqlite(st));
	}
	store_close(st);
	keys_rules_free(&a.r);
	return rc;
}
