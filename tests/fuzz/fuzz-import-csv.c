/*
 * fuzz-import-csv.c - libFuzzer harness for time import's reader of
 * fixbill's own CSV (lib/import_csv.c): the invariants of fuzz-import.h.
 */
#include "fuzz-import.h"

static int
read_csv(struct imp_reader *rd, struct fb_err *err)
{
	return imp_read_csv(rd, 0, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fb_err err = FB_ERR_INIT;

	fuzz_import_zone();
	fuzz_import(data, size, read_csv, 0, &err);
	fb_err_release(&err);
	return 0;
}
