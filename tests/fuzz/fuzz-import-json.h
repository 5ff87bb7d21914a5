/*
 * fuzz-import-json.h - the two JSON readers' harnesses
 * (fuzz-import-timewarrior.c, fuzz-import-watson.c): the invariants of
 * fuzz-import.h, and the streaming reader agrees with cJSON reading the
 * whole input, as the reader did before it streamed: when cJSON parses an
 * array out of an input without NUL characters, the reader finds no
 * malformed JSON in it; when cJSON finds the input malformed, the reader
 * fails too.
 */
#ifndef FB_FUZZ_IMPORT_JSON_H
#define FB_FUZZ_IMPORT_JSON_H

#include <cjson/cJSON.h>

#include "fuzz-import.h"

static int
has_nul(const uint8_t *data, size_t size)
{
	if (memchr(data, '\0', size))
		return 1;
	for (size_t i = 0; i + 6 <= size; i++) {
		if (data[i] != '\\')
			continue;
		if (memcmp(data + i + 1, "u0000", 5) == 0)
			return 1;
		i++;
	}
	return 0;
}

static void
fuzz_json(const uint8_t *data, size_t size,
	  int (*reader)(struct imp_reader *rd, struct fb_err *err))
{
	struct fb_err err = FB_ERR_INIT;
	cJSON *doc = NULL;
	int rc;

	fuzz_import_zone();
	rc = fuzz_import(data, size, reader, 0, &err);
	if (size > 0 && !has_nul(data, size))
		doc = cJSON_ParseWithLength((const char *)data, size);
	if (doc && cJSON_IsArray(doc))
		FUZZ_ASSERT(rc == 0 || strncmp(err.msg, "malformed JSON", 14) != 0);
	if (doc == NULL && size > 0 && !has_nul(data, size))
		FUZZ_ASSERT(rc != 0);
	cJSON_Delete(doc);
	fb_err_release(&err);
}

#endif
