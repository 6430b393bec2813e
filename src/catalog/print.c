/* print.c - compact JSON output of a cJSON tree that keeps every number exact.
 *
 * cJSON's own printer writes doubles with 15 significant digits whenever that
 * compares "close enough", so 99.75106685633001 comes back as 99.75106685633
 * and integers above INT_MAX lose digits. Catalog fidelity needs the shortest
 * text that parses back to the very same double, which this printer writes. */
#include "catalog/catalog.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_number(double d, buf *out)
{
	char tmp[40];
	int prec;

	if (!isfinite(d))
		return buf_puts(out, "null"); /* JSON has no NaN or infinity */
	if (d == 0)
		return buf_puts(out, signbit(d) ? "-0" : "0");
	if (fabs(d) < 9007199254740992.0 && d == floor(d)) {
		snprintf(tmp, sizeof(tmp), "%.0f", d);
		return buf_puts(out, tmp);
	}
	for (prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	return buf_puts(out, tmp);
}

static int print_value(const cJSON *it, buf *out, int depth);

static int print_children(const cJSON *it, buf *out, int depth, int object)
{
	const cJSON *c;
	int first = 1;

	if (buf_putc(out, object ? '{' : '[') < 0)
		return -1;
	for (c = it->child; c; c = c->next) {
		if (!first && buf_putc(out, ',') < 0)
			return -1;
		first = 0;
		if (object) {
			if (buf_json_string(out, c->string ? c->string : "") < 0 || buf_putc(out, ':') < 0)
				return -1;
		}
		if (print_value(c, out, depth + 1) < 0)
			return -1;
	}
	return buf_putc(out, object ? '}' : ']');
}

static int print_value(const cJSON *it, buf *out, int depth)
{
	if (depth > 1000)
		return -1; /* deeper than any parser we use accepts */
	switch (it->type & 0xff) {
	case cJSON_NULL: return buf_puts(out, "null");
	case cJSON_False: return buf_puts(out, "false");
	case cJSON_True: return buf_puts(out, "true");
	case cJSON_Number: return print_number(it->valuedouble, out);
	case cJSON_String: return buf_json_string(out, it->valuestring ? it->valuestring : "");
	case cJSON_Raw: return buf_puts(out, it->valuestring ? it->valuestring : "null");
	case cJSON_Array: return print_children(it, out, depth, 0);
	case cJSON_Object: return print_children(it, out, depth, 1);
	}
	return buf_puts(out, "null");
}

int cat_print(const cJSON *item, buf *out)
{
	if (!item)
		return -1;
	return print_value(item, out, 0);
}

char *cat_print_alloc(const cJSON *item, size_t *len)
{
	buf b = BUF_INIT(BUF_MAX_DEFAULT);

	if (cat_print(item, &b) < 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}
