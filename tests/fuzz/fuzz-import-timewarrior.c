/*
 * fuzz-import-timewarrior.c - libFuzzer harness for time import's reader
 * of `timew export` JSON (lib/import_json.c): see fuzz-import-json.h.
 */
#include "fuzz-import-json.h"

static int
read_timew(struct imp_reader *rd, struct fb_err *err)
{
	return imp_read_json(rd, 0, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_json(data, size, read_timew);
	return 0;
}
