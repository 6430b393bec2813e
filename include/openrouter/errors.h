/*
 * openrouter/errors.h - error codes returned by every libopenrouter function.
 *
 * Codes are negative ints from an append-only list: a value once published never
 * changes meaning. or_strerror() gives a static description; the client keeps
 * the detail of its last failure (see or_client_errmsg() in client.h).
 */
#ifndef OPENROUTER_ERRORS_H
#define OPENROUTER_ERRORS_H

#ifdef __cplusplus
extern "C" {
#endif

#ifndef OR_EXTERN
#define OR_EXTERN __attribute__((visibility("default")))
#endif

typedef enum or_error_code {
	OR_OK = 0,
	OR_E_NOMEM = -1,            /* allocation failed */
	OR_E_INVALID_ARG = -2,      /* a bad argument from the caller */
	OR_E_BAD_REQUEST = -3,      /* HTTP 400 */
	OR_E_UNAUTHORIZED = -4,     /* HTTP 401 */
	OR_E_FORBIDDEN = -5,        /* HTTP 403 */
	OR_E_NOT_FOUND = -6,        /* HTTP 404 */
	OR_E_SERVER = -7,           /* HTTP 500 */
	OR_E_HTTP_OTHER = -8,       /* any other 4XX/5XX */
	OR_E_CONNECTION = -9,       /* could not connect, or the connection broke */
	OR_E_TIMEOUT = -10,         /* the request timed out */
	OR_E_INVALID_RESPONSE = -11,/* the body is not what the API promises */
	OR_E_TOO_LARGE = -12,       /* the body exceeded the size cap */
	OR_E_RATE_LIMITED = -13,    /* HTTP 429 */
	OR_E_ITER_END = -14         /* an iterator has no more items (not a failure) */
} or_error_code;

/* A static, human-readable description of code. Never NULL. */
OR_EXTERN const char *or_strerror(int code);

#ifdef __cplusplus
}
#endif
#endif
