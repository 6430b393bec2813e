/* extension.h - validation of the extension document (data the public API
 * does not carry: usage, ZDR, regions, latency; docs/catalog-format.md). */
#ifndef OR_STORE_EXTENSION_H
#define OR_STORE_EXTENSION_H

#include <cjson/cJSON.h>
#include <stddef.h>

#include "store/store.h"

/* Check every section and field type of doc (sections are optional; missing
 * ones are added empty so readers never test for them). Counts go into rep.
 * Returns 0, or -1 with err naming the entry and field. */
int extension_validate(cJSON *doc, store_import_report *rep, char *err, size_t errlen);

#endif
