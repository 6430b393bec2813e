/*
 * fuzz.h - the one entry point every fuzz target defines (libFuzzer's), and
 * the abort-on-broken-invariant helper they share.
 *
 * Each fuzz_*.c builds two ways: with clang -fsanitize=fuzzer (make fuzz), and
 * with replay.c's main() under the normal compiler, replaying its committed
 * corpus as an ordinary ctest test.
 */
#ifndef OR_FUZZ_H
#define OR_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An oracle failed: say which, then abort so the fuzzer keeps the input. */
#define FUZZ_CHECK(cond)                                                              \
	do {                                                                          \
		if (!(cond)) {                                                        \
			fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, \
				#cond);                                               \
			abort();                                                      \
		}                                                                     \
	} while (0)

#endif
