/*
 * cheapest_tools.c - the cheapest models that can call tools.
 *
 *   cheapest_tools [N]      (OPENROUTER_BASE_URL / OPENROUTER_API_KEY honoured)
 *
 * Asks the API for models supporting `tools`, cheapest first, and prints the
 * first N (default 10) with prompt/completion prices per million tokens.
 * Routers whose price is decided per request ("-1") are skipped.
 */
#include <stdio.h>
#include <stdlib.h>

#include <openrouter/openrouter.h>

int main(int argc, char **argv)
{
	or_models_list_request req = OR_MODELS_LIST_REQUEST_INIT;
	or_model_list *list = NULL;
	or_client *client = NULL;
	long want = argc > 1 ? strtol(argv[1], NULL, 10) : 10;
	size_t i;
	long shown = 0;
	int rc;

	if ((rc = or_client_new(&client, NULL)) < 0) {
		fprintf(stderr, "cheapest_tools: %s\n", or_strerror(rc));
		return 1;
	}
	req.supported_parameters = "tools";
	req.sort = "pricing-low-to-high";
	if ((rc = or_models_list(client, &req, NULL, &list)) < 0) {
		fprintf(stderr, "cheapest_tools: %s\n", or_client_errmsg(client));
		or_client_free(client);
		return 1;
	}
	printf("%-50s %12s %12s\n", "model", "$/M in", "$/M out");
	for (i = 0; i < list->count && shown < want; i++) {
		const or_model *m = &list->models[i];

		if (m->pricing.prompt.is_variable || m->pricing.completion.is_variable)
			continue;
		printf("%-50s %12.4g %12.4g\n", m->id, m->pricing.prompt.value * 1e6,
		       m->pricing.completion.value * 1e6);
		shown++;
	}
	or_model_list_free(list);
	or_client_free(client);
	return 0;
}
