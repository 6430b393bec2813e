/* ops.c - the seven Models API operations: build the path and query, call
 * or__get(), decode the body into a typed result. */
#include "lib/lib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH_MAX_BYTES 65536

/* Decode the body of a successful call with parse(); a body that does not
 * decode is OR_E_INVALID_RESPONSE with the detail on the client. */
typedef int (*parse_fn)(const char *, size_t, void **);

static int decode(or_client *c, parse_fn parse, void **out, const char *what)
{
	int rc = parse(c->body.data, c->body.len, out);

	if (rc == OR_E_INVALID_RESPONSE) {
		size_t off = 0;
		cJSON *root = cat_parse(c->body.data ? c->body.data : "", c->body.len, &off);

		if (!root)
			or__fail(c, rc, "invalid response: %s body is not JSON (byte %zu of %zu)",
				 what, off, c->body.len);
		else
			or__fail(c, rc, "invalid response: %s body lacks the expected data", what);
		cJSON_Delete(root);
	} else if (rc < 0) {
		or__fail(c, rc, "%s", or_strerror(rc));
	}
	return rc;
}

static int p_model_list(const char *t, size_t n, void **out)
{
	return or_model_list_parse(t, n, (or_model_list **)out);
}

static int p_endpoints(const char *t, size_t n, void **out)
{
	return or_endpoints_parse(t, n, (or_endpoints **)out);
}

static int p_endpoint_list(const char *t, size_t n, void **out)
{
	return or_endpoint_list_parse(t, n, (or_endpoint_list **)out);
}

static int p_provider_list(const char *t, size_t n, void **out)
{
	return or_provider_list_parse(t, n, (or_provider_list **)out);
}

static int get_and_decode(or_client *c, const or_call_options *opts, buf *path, parse_fn parse,
			  void **out, const char *what)
{
	int rc;

	if (path->overflow || !path->data) {
		or__reset_error(c);
		rc = or__fail(c, path->overflow ? OR_E_INVALID_ARG : OR_E_NOMEM,
			      "cannot build the request path");
	} else if ((rc = or__get(c, opts, path->data)) == OR_OK) {
		rc = decode(c, parse, out, what);
	}
	buf_free(path);
	return rc;
}

static int check_args(or_client *c, void *out)
{
	if (!c || !out)
		return OR_E_INVALID_ARG;
	return OR_OK;
}

static int models_path(or_client *c, buf *path, const or_models_list_request *req, int rss)
{
	buf q = BUF_INIT(PATH_MAX_BYTES);
	int rc = or__models_query(&q, req, rss);

	if (rc < 0) {
		buf_free(&q);
		or__reset_error(c);
		return or__fail(c, rc, "invalid or_models_list_request");
	}
	if (rss && !(req && req->use_rss) && buf_puts(&q, q.len ? "&use_rss=true" : "?use_rss=true") < 0)
		rc = OR_E_NOMEM;
	if (buf_puts(path, "/models") < 0 || (q.len && buf_append(path, q.data, q.len) < 0))
		rc = OR_E_NOMEM;
	buf_free(&q);
	return rc;
}

int or_models_list(or_client *c, const or_models_list_request *req, const or_call_options *opts,
		   or_model_list **out)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	if ((rc = models_path(c, &path, req, 0)) < 0) {
		buf_free(&path);
		return rc;
	}
	return get_and_decode(c, opts, &path, p_model_list, (void **)out, "models list");
}

int or_models_list_rss(or_client *c, const or_models_list_request *req, const or_call_options *opts,
		       char **xml, size_t *len)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	int rc;

	if ((rc = check_args(c, xml)) < 0)
		return rc;
	*xml = NULL;
	if (len)
		*len = 0;
	if ((rc = models_path(c, &path, req, 1)) < 0) {
		buf_free(&path);
		return rc;
	}
	rc = or__get(c, opts, path.data);
	buf_free(&path);
	if (rc < 0)
		return rc;
	*xml = malloc(c->body.len + 1);
	if (!*xml)
		return or__fail(c, OR_E_NOMEM, "out of memory");
	if (c->body.len)
		memcpy(*xml, c->body.data, c->body.len);
	(*xml)[c->body.len] = '\0';
	if (len)
		*len = c->body.len;
	return OR_OK;
}

int or_models_count(or_client *c, const char *output_modalities, const or_call_options *opts,
		    int64_t *count)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	const cJSON *n;
	cJSON *root;
	int rc;

	if ((rc = check_args(c, count)) < 0)
		return rc;
	*count = 0;
	buf_puts(&path, "/models/count");
	if (output_modalities) {
		buf_puts(&path, "?output_modalities=");
		or__escape(&path, output_modalities);
	}
	if (path.overflow) {
		buf_free(&path);
		or__reset_error(c);
		return or__fail(c, OR_E_INVALID_ARG, "output_modalities too long");
	}
	rc = or__get(c, opts, path.data);
	buf_free(&path);
	if (rc < 0)
		return rc;
	root = cat_parse(c->body.data ? c->body.data : "", c->body.len, NULL);
	n = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "data"), "count");
	if (!cJSON_IsNumber(n) || !(n->valuedouble > -9.2e18 && n->valuedouble < 9.2e18))
		rc = or__fail(c, OR_E_INVALID_RESPONSE, "invalid response: no data.count in the body");
	else
		*count = (int64_t)n->valuedouble;
	cJSON_Delete(root);
	return rc;
}

/* {"data": model} -> an or_model owned by itself (or_model_free). */
static int parse_model_response(const char *text, size_t len, void **out)
{
	cJSON *root = cat_parse(text ? text : "", len, NULL);
	cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
	char *json;
	int rc;

	*out = NULL;
	if (!cJSON_IsObject(data)) {
		cJSON_Delete(root);
		return OR_E_INVALID_RESPONSE;
	}
	json = cat_print_alloc(data, NULL);
	cJSON_Delete(root);
	if (!json)
		return OR_E_NOMEM;
	rc = or_model_parse(json, strlen(json), (or_model **)out);
	free(json);
	return rc;
}

/* prefix + escaped author/slug + suffix into path; the shared argument check
 * of the two per-model operations. */
static int model_path(or_client *c, buf *path, const char *prefix, const char *author,
		      const char *slug, const char *suffix)
{
	if (!author || !slug || !*author || !*slug) {
		or__reset_error(c);
		return or__fail(c, OR_E_INVALID_ARG, "a model needs an author and a slug");
	}
	buf_puts(path, prefix);
	or__path_id(path, author, slug);
	buf_puts(path, suffix);
	return 0;
}

int or_models_get(or_client *c, const char *author, const char *slug, const or_call_options *opts,
		  or_model **out)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	if ((rc = model_path(c, &path, "/model/", author, slug, "")) < 0)
		return rc;
	return get_and_decode(c, opts, &path, parse_model_response, (void **)out, "model");
}

/* Split "author/slug" at the first '/' into two new strings. */
static int split_id(or_client *c, const char *id, char **author, char **slug)
{
	const char *s = id ? strchr(id, '/') : NULL;

	*author = *slug = NULL;
	if (!s || s == id || !s[1]) {
		or__reset_error(c);
		return or__fail(c, OR_E_INVALID_ARG, "model id '%s' is not author/slug", id ? id : "");
	}
	*author = strndup(id, (size_t)(s - id));
	*slug = strdup(s + 1);
	if (!*author || !*slug) {
		free(*author);
		free(*slug);
		or__reset_error(c);
		return or__fail(c, OR_E_NOMEM, "out of memory");
	}
	return OR_OK;
}

int or_models_get_id(or_client *c, const char *id, const or_call_options *opts, or_model **out)
{
	char *author, *slug;
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	if ((rc = split_id(c, id, &author, &slug)) < 0)
		return rc;
	rc = or_models_get(c, author, slug, opts, out);
	free(author);
	free(slug);
	return rc;
}

int or_models_list_user(or_client *c, const or_models_user_request *req, const or_call_options *opts,
			or_model_list **out)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	char sep = '?';
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	if (req && (req->version < 1 || req->version > OR_MODELS_USER_REQUEST_VERSION)) {
		or__reset_error(c);
		return or__fail(c, OR_E_INVALID_ARG, "bad or_models_user_request version");
	}
	buf_puts(&path, "/models/user");
	if (req && req->offset.is_set) {
		buf_printf(&path, "%coffset=%lld", sep, (long long)req->offset.value);
		sep = '&';
	}
	if (req && req->limit.is_set) {
		buf_printf(&path, "%climit=%lld", sep, (long long)req->limit.value);
		sep = '&';
	}
	if (req && req->output_modalities) {
		buf_printf(&path, "%coutput_modalities=", sep);
		or__escape(&path, req->output_modalities);
	}
	return get_and_decode(c, opts, &path, p_model_list, (void **)out,
			      "models list");
}

int or_endpoints_list(or_client *c, const char *author, const char *slug, const or_call_options *opts,
		      or_endpoints **out)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	if ((rc = model_path(c, &path, "/models/", author, slug, "/endpoints")) < 0)
		return rc;
	return get_and_decode(c, opts, &path, p_endpoints, (void **)out, "endpoints");
}

int or_endpoints_list_id(or_client *c, const char *id, const or_call_options *opts, or_endpoints **out)
{
	char *author, *slug;
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	if ((rc = split_id(c, id, &author, &slug)) < 0)
		return rc;
	rc = or_endpoints_list(c, author, slug, opts, out);
	free(author);
	free(slug);
	return rc;
}

int or_endpoints_list_zdr(or_client *c, const or_call_options *opts, or_endpoint_list **out)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	buf_puts(&path, "/endpoints/zdr");
	return get_and_decode(c, opts, &path, p_endpoint_list, (void **)out,
			      "endpoints list");
}

int or_providers_list(or_client *c, const or_call_options *opts, or_provider_list **out)
{
	buf path = BUF_INIT(PATH_MAX_BYTES);
	int rc;

	if ((rc = check_args(c, out)) < 0)
		return rc;
	*out = NULL;
	buf_puts(&path, "/providers");
	return get_and_decode(c, opts, &path, p_provider_list, (void **)out,
			      "providers list");
}
