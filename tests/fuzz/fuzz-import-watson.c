/*
 * fuzz-import-watson.c - libFuzzer harness for time import's reader of
 * `watson log --json` (lib/import_json.c): see fuzz-import-json.h.
 */
#include "fuzz-import-json.h"

static int
read_watson(struct imp_reader *rd, struct fb_err *err)
{
	return imp_read_json(rd, 1, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_json(data, size, read_watson);
	return 0;
}
