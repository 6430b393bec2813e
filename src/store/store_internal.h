/* store_internal.h - the store handle, shared by the store's own files only. */
#ifndef OR_STORE_INTERNAL_H
#define OR_STORE_INTERNAL_H

#include "store/backend.h"

struct store {
	const store_backend_ops *ops;
	void *self;
};

#endif
