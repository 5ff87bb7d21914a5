/*
 * fuzz-import-toggl.c - libFuzzer harness for time import's reader of
 * Toggl Track's detailed CSV (lib/import_csv.c), with technicians taken
 * from the users and without: the invariants of fuzz-import.h, and a
 * technician made from a user is a valid handle.
 */
#include "fuzz-import.h"

/* A technician handle, as lib/client.c has it: [a-z0-9][a-z0-9._-]{0,31}. */
static int
handle_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || !((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

static int
user_row(void *arg, const struct imp_row *r, struct fb_err *err)
{
	if (r->tech)
		FUZZ_ASSERT(handle_valid(r->tech));
	return fuzz_row(arg, r, err);
}

static int
read_toggl(struct imp_reader *rd, struct fb_err *err)
{
	rd->row = user_row;
	return imp_read_csv(rd, 1, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fb_err err = FB_ERR_INIT;

	fuzz_import_zone();
	fuzz_import(data, size, read_toggl, 1, &err);
	fb_err_release(&err);
	fuzz_import(data, size, read_toggl, 0, &err);
	fb_err_release(&err);
	return 0;
}
