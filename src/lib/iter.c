/* iter.c - page and model iterators with the official SDKs' paging rule:
 * offset (default 0) and limit (default 500); an empty page or one shorter
 * than limit is the last; otherwise offset += the page's length. */
#include "lib/lib.h"

#include <stdlib.h>
#include <string.h>

#define OR_DEFAULT_PAGE 500

struct or_page_iter {
	or_client *c;
	const or_call_options *opts;
	int user;                      /* /models/user instead of /models */
	or_models_list_request req;    /* copy; strings borrowed from the caller */
	or_models_user_request ureq;
	int64_t offset, limit;
	or_model_list *page;
	int done;
};

struct or_model_iter {
	or_page_iter *pages;
	const or_model_list *page;
	size_t next;
};

static int pages_new(or_client *c, const or_call_options *opts, or_page_iter **out, int user,
		     const or_models_list_request *req, const or_models_user_request *ureq)
{
	static const or_models_list_request req0 = OR_MODELS_LIST_REQUEST_INIT;
	static const or_models_user_request ureq0 = OR_MODELS_USER_REQUEST_INIT;
	or_page_iter *it;
	const or_opt_int *off, *lim;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	if (!c)
		return OR_E_INVALID_ARG;
	if ((req && (req->version < 1 || req->version > OR_MODELS_LIST_REQUEST_VERSION)) ||
	    (ureq && (ureq->version < 1 || ureq->version > OR_MODELS_USER_REQUEST_VERSION)))
		return OR_E_INVALID_ARG;
	if (!(it = calloc(1, sizeof(*it))))
		return OR_E_NOMEM;
	it->c = c;
	it->opts = opts;
	it->user = user;
	it->req = req0;
	it->ureq = ureq0;
	/* Only fields of the version the caller compiled against are read. */
	if (req)
		memcpy(&it->req, req, sizeof(it->req));
	if (ureq)
		memcpy(&it->ureq, ureq, sizeof(it->ureq));
	off = user ? &it->ureq.offset : &it->req.offset;
	lim = user ? &it->ureq.limit : &it->req.limit;
	it->offset = off->is_set && off->value > 0 ? off->value : 0;
	it->limit = lim->is_set && lim->value > 0 ? lim->value : OR_DEFAULT_PAGE;
	*out = it;
	return OR_OK;
}

int or_models_pages(or_client *c, const or_models_list_request *req, const or_call_options *opts,
		    or_page_iter **out)
{
	return pages_new(c, opts, out, 0, req, NULL);
}

int or_models_user_pages(or_client *c, const or_models_user_request *req, const or_call_options *opts,
			 or_page_iter **out)
{
	return pages_new(c, opts, out, 1, NULL, req);
}

int or_page_iter_next(or_page_iter *it, const or_model_list **page)
{
	or_model_list *next = NULL;
	int rc;

	if (!it || !page)
		return OR_E_INVALID_ARG;
	*page = NULL;
	if (it->done)
		return OR_E_ITER_END;
	if (it->user) {
		it->ureq.offset.is_set = it->ureq.limit.is_set = 1;
		it->ureq.offset.value = it->offset;
		it->ureq.limit.value = it->limit;
		rc = or_models_list_user(it->c, &it->ureq, it->opts, &next);
	} else {
		it->req.offset.is_set = it->req.limit.is_set = 1;
		it->req.offset.value = it->offset;
		it->req.limit.value = it->limit;
		rc = or_models_list(it->c, &it->req, it->opts, &next);
	}
	if (rc < 0)
		return rc;
	or_model_list_free(it->page);
	it->page = next;
	if (next->count == 0) {
		it->done = 1;
		return OR_E_ITER_END;
	}
	if ((int64_t)next->count < it->limit)
		it->done = 1;
	it->offset += (int64_t)next->count;
	*page = next;
	return OR_OK;
}

void or_page_iter_free(or_page_iter *it)
{
	if (!it)
		return;
	or_model_list_free(it->page);
	free(it);
}

int or_models_iter(or_client *c, const or_models_list_request *req, const or_call_options *opts,
		   or_model_iter **out)
{
	or_model_iter *it;
	int rc;

	if (!out)
		return OR_E_INVALID_ARG;
	*out = NULL;
	if (!(it = calloc(1, sizeof(*it))))
		return OR_E_NOMEM;
	if ((rc = or_models_pages(c, req, opts, &it->pages)) < 0) {
		free(it);
		return rc;
	}
	*out = it;
	return OR_OK;
}

int or_model_iter_next(or_model_iter *it, const or_model **model)
{
	int rc;

	if (!it || !model)
		return OR_E_INVALID_ARG;
	*model = NULL;
	while (!it->page || it->next >= it->page->count) {
		if ((rc = or_page_iter_next(it->pages, &it->page)) < 0)
			return rc;
		it->next = 0;
	}
	*model = &it->page->models[it->next++];
	return OR_OK;
}

void or_model_iter_free(or_model_iter *it)
{
	if (!it)
		return;
	or_page_iter_free(it->pages);
	free(it);
}
