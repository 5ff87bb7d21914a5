/*
 * fuzz-import-timeclock.c - libFuzzer harness for time import's reader of
 * ledger timeclock files (lib/import_timeclock.c): the invariants of
 * fuzz-import.h, and every session it hands over ends after it starts.
 */
#include "fuzz-import.h"

static int
session(void *arg, const struct imp_row *r, struct fb_err *err)
{
	FUZZ_ASSERT(r->stop > r->start);
	FUZZ_ASSERT(r->client && *r->client && r->title && *r->title);
	return fuzz_row(arg, r, err);
}

static int
read_timeclock(struct imp_reader *rd, struct fb_err *err)
{
	rd->row = session;
	return imp_read_timeclock(rd, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fb_err err = FB_ERR_INIT;

	fuzz_import_zone();
	fuzz_import(data, size, read_timeclock, 0, &err);
	fb_err_release(&err);
	return 0;
}
