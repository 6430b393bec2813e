/*
 * page_all.c - page through every model with the SDK's iterators.
 *
 *   page_all [PAGE_SIZE]    (OPENROUTER_BASE_URL / OPENROUTER_API_KEY honoured)
 *
 * First walks the pages (official paging rule: offset += page length until a
 * short or empty page), then the same models one by one, and prints how many
 * of each it saw. output_modalities=all lists every model, not only text.
 */
#include <stdio.h>
#include <stdlib.h>

#include <openrouter/openrouter.h>

int main(int argc, char **argv)
{
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	or_client *client = NULL;
	or_page_iter *pages = NULL;
	or_model_iter *models = NULL;
	const or_model_list *page;
	const or_model *m;
	size_t npages = 0, total = 0, one_by_one = 0;
	int rc;

	req.output_modalities = "all";
	req.limit.is_set = 1;
	req.limit.value = argc > 1 ? strtol(argv[1], NULL, 10) : 100;
	if ((rc = or_client_new(&client, NULL)) < 0) {
		fprintf(stderr, "page_all: %s\n", or_strerror(rc));
		return 1;
	}
	if ((rc = or_models_pages(client, &req, NULL, &pages)) < 0)
		goto fail;
	while ((rc = or_page_iter_next(pages, &page)) == OR_OK) {
		npages++;
		total += page->count;
		printf("page %zu: %zu models (first %s)\n", npages, page->count, page->models[0].id);
	}
	if (rc != OR_E_ITER_END)
		goto fail;
	if ((rc = or_models_iter(client, &req, NULL, &models)) < 0)
		goto fail;
	while ((rc = or_model_iter_next(models, &m)) == OR_OK)
		one_by_one++;
	if (rc != OR_E_ITER_END)
		goto fail;
	printf("%zu models in %zu pages; %zu one by one\n", total, npages, one_by_one);
	or_page_iter_free(pages);
	or_model_iter_free(models);
	or_client_free(client);
	return total == one_by_one ? 0 : 1;
fail:
	fprintf(stderr, "page_all: %s\n", or_client_errmsg(client));
	or_page_iter_free(pages);
	or_model_iter_free(models);
	or_client_free(client);
	return 1;
}
