/* errors.c - static descriptions of the public error codes. */
#include "openrouter/errors.h"

const char *or_strerror(int code)
{
	switch (code) {
	case OR_OK: return "no error";
	case OR_E_NOMEM: return "out of memory";
	case OR_E_INVALID_ARG: return "invalid argument";
	case OR_E_BAD_REQUEST: return "bad request (HTTP 400)";
	case OR_E_UNAUTHORIZED: return "unauthorized (HTTP 401)";
	case OR_E_FORBIDDEN: return "forbidden (HTTP 403)";
	case OR_E_NOT_FOUND: return "not found (HTTP 404)";
	case OR_E_SERVER: return "internal server error (HTTP 500)";
	case OR_E_HTTP_OTHER: return "HTTP error";
	case OR_E_CONNECTION: return "connection error";
	case OR_E_TIMEOUT: return "request timed out";
	case OR_E_INVALID_RESPONSE: return "invalid response";
	case OR_E_TOO_LARGE: return "response too large";
	case OR_E_RATE_LIMITED: return "rate limited (HTTP 429)";
	case OR_E_ITER_END: return "no more items";
	}
	return "unknown error";
}
