/*
 * mirror_cmd.c - `openrouterd mirror`: copy an upstream OpenRouter-compatible
 * API into the store with libopenrouter: the whole models list
 * (output_modalities=all), the providers list and every model's endpoints
 * listing (its links.details path, each fetched once), imported in ONE
 * transaction with store_import_texts(), once or every --interval seconds.
 *
 * The listings go in as an in-memory capture bundle ({"data":[{"detailsPath":
 * ..., "response":...}]}), so each is stored under its data.id and under the
 * path it was fetched from (docs/catalog-format.md (d)). A failed models list
 * fails the run and changes nothing; a failed providers list or listing is a
 * warning and leaves the stored one in place.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "openrouter/client.h"
#include "server/commands.h"
#include "store/store.h"
#include "util/buf.h"

#define MIRROR_MAX_BODY ((size_t)64 << 20)  /* one response */
#define MIRROR_DOC_MAX ((size_t)1 << 30)    /* one built document */
#define MIRROR_MAX_THREADS 64
#define DETAILS_PREFIX "/api/v1/models/"
#define DETAILS_SUFFIX "/endpoints"

static const char mirror_usage[] =
	"usage: openrouterd mirror [--db PATH] [--upstream URL] [--api-key KEY]\n"
	"                          [--interval SECONDS] [--concurrency N]\n"
	"                          [--timeout SECONDS] [--retry-budget SECONDS]\n"
	"\n"
	"Copy an OpenRouter-compatible API into the database: GET /models?output_modalities=all,\n"
	"GET /providers and every model's endpoints listing (its links.details path; 404s\n"
	"are skipped), imported in one transaction. A failed models list fails the run and\n"
	"changes nothing; other failures are warnings and keep what is stored.\n"
	"\n"
	"  --db PATH               the database (default " DEFAULT_DB ")\n"
	"  --upstream URL          the API's base URL (default " OR_DEFAULT_BASE_URL ")\n"
	"  --api-key KEY           sent as a bearer token (default $OPENROUTER_API_KEY)\n"
	"  --interval SECONDS      mirror again every SECONDS until SIGINT/SIGTERM\n"
	"                          (default 0: once; exit 0 or 1)\n"
	"  --concurrency N         endpoints listings fetched in parallel (default 4, 1..64)\n"
	"  --timeout SECONDS       per request (default 60)\n"
	"  --retry-budget SECONDS  retry 5XX and connection errors with backoff for at\n"
	"                          most this long per request (default 120, 0 = no retries)\n"
	"  -h, --help              this help\n";

typedef struct mirror_opts {
	const char *db, *upstream, *api_key;
	unsigned interval, concurrency, timeout_s, retry_budget_s;
} mirror_opts;

/* One endpoints listing to fetch: its key ("author/slug" of links.details). */
typedef struct listing {
	char *key;
	char *json;  /* the response as compact JSON; NULL: skipped */
	int dup;     /* the same key as an earlier listing: not fetched */
} listing;

typedef struct fetch_job {
	const mirror_opts *o;
	listing *items;
	size_t n, next;
	size_t fetched, missing, failed;
	pthread_mutex_t lock;
} fetch_job;

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* `openrouterd: mirror: <msg>` as one write (workers warn concurrently). */
static void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void warn(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "openrouterd: mirror: %s\n", msg);
}

static int parse_uint(const char *s, unsigned max, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = (unsigned)v;
	return 0;
}

/* A client for the upstream: bounded retries (the SDK's default budget is an
 * hour), a per-request timeout, a response size cap; no OPENROUTER_* env. */
static int mirror_client(const mirror_opts *o, or_client **out)
{
	or_client_options co = OR_CLIENT_OPTIONS_INIT;

	co.base_url = o->upstream;
	co.api_key = o->api_key;
	co.user_agent = "openrouterd-mirror/" OR_VERSION;
	co.timeout_ms = (long)o->timeout_s * 1000;
	co.connect_timeout_ms = o->timeout_s < 10 ? co.timeout_ms : 10000;
	co.max_body_bytes = MIRROR_MAX_BODY;
	co.flags = OR_CLIENT_NO_ENV;
	co.retry.strategy = o->retry_budget_s ? OR_RETRY_BACKOFF : OR_RETRY_NONE;
	co.retry.initial_interval_ms = 1000; /* 1, 2, 4, 8, 16, 30 s...: ~7 tries in 2 min */
	co.retry.exponent = 2.0;
	co.retry.max_interval_ms = 30000;
	co.retry.jitter_ms = 500;
	co.retry.max_elapsed_ms = (unsigned long)o->retry_budget_s * 1000;
	return or_client_new(out, &co);
}

/* The key of a model's endpoints listing: links.details without
 * /api/v1/models/ and /endpoints, else its canonical slug, else its id.
 * NULL when none has the author/slug shape (or no memory). */
static char *listing_key(const or_model *m)
{
	const char *d = m->links_details, *k = NULL;
	size_t len = 0, pl = sizeof(DETAILS_PREFIX) - 1, sl = sizeof(DETAILS_SUFFIX) - 1;

	if (d && strncmp(d, DETAILS_PREFIX, pl) == 0 && strlen(d) > pl + sl &&
	    strcmp(d + strlen(d) - sl, DETAILS_SUFFIX) == 0) {
		k = d + pl;
		len = strlen(k) - sl;
	} else if (m->canonical_slug && *m->canonical_slug) {
		k = m->canonical_slug;
		len = strlen(k);
	} else if (m->id) {
		k = m->id;
		len = strlen(k);
	}
	if (!k || len < 3 || !memchr(k + 1, '/', len - 2))
		return NULL;
	return strndup(k, len);
}

static int cmp_key(const void *a, const void *b)
{
	const listing *x = *(listing *const *)a, *y = *(listing *const *)b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x < y ? -1 : x > y);
}

/* One listing per model, duplicates (a base row and its :free variant share
 * links.details) marked so each path is fetched once. */
static listing *listings_plan(const or_model_list *ml, size_t *n)
{
	listing *items = calloc(ml->count ? ml->count : 1, sizeof(*items));
	listing **order = calloc(ml->count ? ml->count : 1, sizeof(*order));
	size_t i, k = 0;

	*n = 0;
	if (!items || !order)
		goto fail;
	for (i = 0; i < ml->count; i++) {
		if (!(items[k].key = listing_key(&ml->models[i]))) {
			warn("model '%s' has no endpoints path; skipped",
			     ml->models[i].id ? ml->models[i].id : "");
			continue;
		}
		order[k] = &items[k];
		k++;
	}
	qsort(order, k, sizeof(*order), cmp_key);
	for (i = 1; i < k; i++)
		order[i]->dup = strcmp(order[i - 1]->key, order[i]->key) == 0;
	free(order);
	*n = k;
	return items;
fail:
	free(items);
	free(order);
	return NULL;
}

static void listings_free(listing *items, size_t n)
{
	size_t i;

	for (i = 0; items && i < n; i++) {
		free(items[i].key);
		free(items[i].json);
	}
	free(items);
}

static void fetch_one(fetch_job *j, or_client *c, listing *l)
{
	char *author = strndup(l->key, (size_t)(strchr(l->key, '/') - l->key));
	or_endpoints *e = NULL;
	int rc = author ? or_endpoints_list(c, author, strchr(l->key, '/') + 1, NULL, &e)
			: OR_E_NOMEM;
	size_t *count;

	free(author);
	if (rc == OR_E_NOT_FOUND) {
		count = &j->missing;
	} else if (rc < 0) {
		warn("endpoints of '%s': %s", l->key,
		     or_client_errmsg(c)[0] ? or_client_errmsg(c) : or_strerror(rc));
		count = &j->failed;
	} else if (!e->id || !*e->id) {
		warn("endpoints of '%s': the response has no data.id; skipped", l->key);
		count = &j->failed;
	} else if (!(l->json = or_endpoints_json(e))) {
		warn("endpoints of '%s': out of memory", l->key);
		count = &j->failed;
	} else {
		count = &j->fetched;
	}
	or_endpoints_free(e);
	pthread_mutex_lock(&j->lock);
	(*count)++;
	pthread_mutex_unlock(&j->lock);
}

static void *fetch_worker(void *arg)
{
	fetch_job *j = arg;
	or_client *c = NULL;
	size_t i;
	int rc = mirror_client(j->o, &c);

	for (;;) {
		pthread_mutex_lock(&j->lock);
		while (j->next < j->n && j->items[j->next].dup)
			j->next++;
		i = j->next < j->n ? j->next++ : j->n;
		if (i < j->n && rc < 0)
			j->failed++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->n || stop_signal)
			break;
		if (rc < 0)
			warn("endpoints of '%s': %s", j->items[i].key, or_strerror(rc));
		else
			fetch_one(j, c, &j->items[i]);
	}
	or_client_free(c);
	return NULL;
}

/* Fetch every listing with o->concurrency threads (one client each). */
static void fetch_listings(fetch_job *j)
{
	pthread_t tids[MIRROR_MAX_THREADS];
	unsigned i, started = 0;

	for (i = 0; i < j->o->concurrency; i++) {
		if (pthread_create(&tids[started], NULL, fetch_worker, j) != 0)
			break;
		started++;
	}
	if (!started)
		fetch_worker(j);
	for (i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}

/* The capture bundle of the fetched listings, *count of them. */
static char *bundle_doc(const listing *items, size_t n, size_t *count)
{
	buf b = BUF_INIT(MIRROR_DOC_MAX);
	size_t i;

	*count = 0;
	buf_puts(&b, "{\"data\":[");
	for (i = 0; i < n; i++) {
		if (!items[i].json)
			continue;
		if ((*count)++)
			buf_putc(&b, ',');
		buf_puts(&b, "{\"detailsPath\":\"" DETAILS_PREFIX);
		buf_json_escape(&b, items[i].key, strlen(items[i].key));
		buf_puts(&b, DETAILS_SUFFIX "\",\"response\":");
		buf_puts(&b, items[i].json);
		buf_putc(&b, '}');
	}
	if (buf_puts(&b, "]}") < 0 || b.overflow) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* What a run fetched, as documents for store_import_texts(). */
typedef struct mirror_docs {
	char *text[3];        /* models, providers (or NULL), bundle (or NULL) */
	size_t models, listings, providers;
} mirror_docs;

static void docs_free(mirror_docs *d)
{
	size_t i;

	for (i = 0; i < 3; i++)
		free(d->text[i]);
}

static uint64_t docs_hash(const mirror_docs *d)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;
	const unsigned char *p;

	for (i = 0; i < 3; i++) {
		for (p = (const unsigned char *)(d->text[i] ? d->text[i] : ""); *p; p++)
			h = (h ^ *p) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	return h;
}

/* Fetch everything. 0, or -1 when the run must fail (message printed). */
static int mirror_fetch(const mirror_opts *o, mirror_docs *d)
{
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	or_model_list *ml = NULL;
	or_provider_list *pl = NULL;
	or_client *c = NULL;
	fetch_job j;
	int rc, ret = -1;

	memset(&j, 0, sizeof(j));
	memset(d, 0, sizeof(*d));
	if ((rc = mirror_client(o, &c)) < 0) {
		warn("cannot create a client for '%s': %s", o->upstream, or_strerror(rc));
		return -1;
	}
	req.output_modalities = "all";
	if ((rc = or_models_list(c, &req, NULL, &ml)) < 0) {
		warn("models list of '%s': %s (%u attempt%s)", o->upstream, or_client_errmsg(c),
		     or_client_attempts(c), or_client_attempts(c) == 1 ? "" : "s");
		goto out;
	}
	if (ml->count == 0) {
		warn("the models list of '%s' is empty; not replacing the catalog", o->upstream);
		goto out;
	}
	if (!(d->text[0] = or_model_list_json(ml))) {
		warn("out of memory");
		goto out;
	}
	d->models = ml->count;

	if ((rc = or_providers_list(c, NULL, &pl)) < 0)
		warn("providers list: %s; keeping the stored providers", or_client_errmsg(c));
	else if (pl->count == 0)
		warn("the providers list is empty; keeping the stored providers");
	else if (!(d->text[1] = or_provider_list_json(pl)))
		warn("providers list: out of memory; keeping the stored providers");
	else
		d->providers = pl->count;

	j.o = o;
	pthread_mutex_init(&j.lock, NULL);
	if (!(j.items = listings_plan(ml, &j.n))) {
		warn("out of memory");
		goto out;
	}
	fetch_listings(&j);
	if (stop_signal) {
		warn("stopped by signal %d before the import", (int)stop_signal);
		goto out;
	}
	if (j.failed)
		warn("%zu endpoints listing%s failed; what is stored for %s stays", j.failed,
		     j.failed == 1 ? "" : "s", j.failed == 1 ? "it" : "them");
	if (j.fetched && !(d->text[2] = bundle_doc(j.items, j.n, &d->listings))) {
		warn("endpoints listings: over %zu bytes or out of memory", MIRROR_DOC_MAX);
		goto out;
	}
	ret = 0;
out:
	if (j.o)
		pthread_mutex_destroy(&j.lock);
	listings_free(j.items, j.n);
	or_provider_list_free(pl);
	or_model_list_free(ml);
	or_client_free(c);
	if (ret < 0) {
		docs_free(d);
		memset(d, 0, sizeof(*d));
	}
	return ret;
}

/* Import the documents in one transaction; *version receives the catalog
 * version after it. last_* skip an import of the same documents over the
 * version this loop produced (the store would only bump the version). */
static int mirror_import(const mirror_opts *o, const mirror_docs *d, uint64_t *last_hash,
			 int64_t *last_version, int64_t *version, int *unchanged)
{
	static const char *const names[3] = { "mirror:models", "mirror:providers",
					      "mirror:endpoints" };
	const char *nm[3], *texts[3];
	size_t lens[3], n = 0, i;
	store_import_report rep;
	store *st = NULL;
	char err[1024];
	uint64_t h = docs_hash(d);
	int rc = -1;

	*unchanged = 0;
	if (store_open(o->db, &st, err, sizeof(err)) < 0) {
		warn("%s", err);
		return -1;
	}
	if (*last_version > 0 && h == *last_hash &&
	    (*version = store_version(st, err, sizeof(err))) == *last_version) {
		*unchanged = 1;
		rc = 0;
		goto out;
	}
	for (i = 0; i < 3; i++) {
		if (!d->text[i])
			continue;
		nm[n] = names[i];
		texts[n] = d->text[i];
		lens[n] = strlen(d->text[i]);
		n++;
	}
	memset(&rep, 0, sizeof(rep));
	if (store_import_texts(st, nm, texts, lens, n, &rep, err, sizeof(err)) < 0) {
		warn("import: %s", err);
		goto out;
	}
	if ((*version = store_version(st, err, sizeof(err))) < 0) {
		warn("%s", err);
		goto out;
	}
	*last_hash = h;
	*last_version = *version;
	rc = 0;
out:
	store_close(st);
	return rc;
}

static int mirror_once(const mirror_opts *o, uint64_t *last_hash, int64_t *last_version)
{
	mirror_docs d;
	int64_t version = 0;
	int unchanged = 0;

	if (mirror_fetch(o, &d) < 0 ||
	    mirror_import(o, &d, last_hash, last_version, &version, &unchanged) < 0) {
		if (o->interval)
			warn("run failed; the stored catalog is unchanged");
		docs_free(&d);
		return EXIT_RUNTIME;
	}
	printf("mirrored %zu models, %zu endpoint listings, %zu providers (catalog version %lld%s)\n",
	       d.models, d.listings, d.providers, (long long)version, unchanged ? ", unchanged" : "");
	fflush(stdout);
	docs_free(&d);
	return 0;
}

/* Sleep s seconds, waking early on SIGINT/SIGTERM. */
static void pause_for(unsigned s)
{
	struct timespec slice = { 0, 200 * 1000 * 1000 };
	unsigned long left = (unsigned long)s * 5;

	while (left-- && !stop_signal)
		nanosleep(&slice, NULL);
}

static int parse_args(int argc, char **argv, mirror_opts *o)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "upstream", required_argument, NULL, 'u' },
		{ "api-key", required_argument, NULL, 'k' },
		{ "interval", required_argument, NULL, 'i' },
		{ "concurrency", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "retry-budget", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 'u': o->upstream = optarg; break;
		case 'k': o->api_key = optarg; break;
		case 'i':
			if (parse_uint(optarg, 31536000, &o->interval) < 0) {
				cmd_error("mirror: --interval wants seconds, got '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c':
			if (parse_uint(optarg, MIRROR_MAX_THREADS, &o->concurrency) < 0 ||
			    !o->concurrency) {
				cmd_error("mirror: --concurrency wants 1..%d, got '%s'",
					  MIRROR_MAX_THREADS, optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
		case 'r':
			if (parse_uint(optarg, 86400, c == 't' ? &o->timeout_s : &o->retry_budget_s) < 0 ||
			    (c == 't' && !o->timeout_s)) {
				cmd_error("mirror: --%s wants seconds, got '%s'",
					  c == 't' ? "timeout" : "retry-budget", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(mirror_usage, stdout); return 0;
		default: fputs(mirror_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cmd_error("mirror: unexpected argument '%s'", argv[optind]);
		fputs(mirror_usage, stderr);
		return EXIT_USAGE;
	}
	return -1;
}

int cmd_mirror(int argc, char **argv)
{
	mirror_opts o = { DEFAULT_DB, OR_DEFAULT_BASE_URL, NULL, 0, 4, 60, 120 };
	struct sigaction sa;
	uint64_t last_hash = 0;
	int64_t last_version = 0;
	or_client *probe = NULL;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) >= 0)
		return rc;
	if (!o.api_key && getenv("OPENROUTER_API_KEY") && *getenv("OPENROUTER_API_KEY"))
		o.api_key = getenv("OPENROUTER_API_KEY");
	if (or_global_init() < 0) {
		cmd_error("mirror: cannot initialise libcurl");
		return EXIT_RUNTIME;
	}
	if ((rc = mirror_client(&o, &probe)) < 0) {
		cmd_error("mirror: bad --upstream '%s': %s", o.upstream, or_strerror(rc));
		return EXIT_USAGE;
	}
	or_client_free(probe);
	if (!o.interval)
		return mirror_once(&o, &last_hash, &last_version);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	while (!stop_signal) {
		mirror_once(&o, &last_hash, &last_version);
		pause_for(o.interval);
	}
	return 0;
}
