/*
 * fuzz.h - what every libFuzzer harness under tests/fuzz/ shares: the
 * copy of the input into a NUL-terminated string, and the invariant
 * check that aborts (which libFuzzer reports as a crash, with the input
 * saved) when a parser breaks its contract.
 */
#ifndef FB_FUZZ_H
#define FB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input as a C string.  Inputs may hold NULs; the parsers then see
 * only the part before the first one, as they would from argv or a file
 * read with fgets.  Caller frees.
 */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = fb_xmalloc(size + 1);

	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#define FUZZ_ASSERT(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, \
			__LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* An error record that was filled, as a failing parser must fill it. */
#define FUZZ_ASSERT_ERR(e) do { \
	FUZZ_ASSERT((e)->code == FB_ERR_USAGE); \
	FUZZ_ASSERT((e)->msg != NULL && (e)->msg[0] != '\0'); \
} while (0)

/* An error record left alone, as a succeeding parser must leave it. */
#define FUZZ_ASSERT_NOERR(e) do { \
	FUZZ_ASSERT((e)->code == FB_OK); \
	FUZZ_ASSERT((e)->msg == NULL && (e)->hint == NULL); \
} while (0)

/* Read a little-endian int64 from the first 8 bytes (0 when shorter). */
static inline int64_t
fuzz_int64(const uint8_t *data, size_t size)
{
	uint64_t u = 0;

	for (size_t i = 0; i < 8 && i < size; i++)
		u |= (uint64_t)data[i] << (8 * i);
	return (int64_t)u;
}

#endif
