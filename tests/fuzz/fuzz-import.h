/*
 * fuzz-import.h - what the import readers' harnesses share: the input
 * read as a stream (fmemopen) by one reader of lib/import_read.h, with a
 * row callback that checks each row, and the checks of the reader's
 * result.
 *
 * Invariants: a row's strings are C strings no longer than the input,
 * billable and nocharge are 0 or 1 and no-charge work is billable, and
 * its times are those of years 1 to 9999; a failure is FB_ERR_USAGE with
 * a message that fixbill can print as it is (text from the file comes
 * escaped) and a place inside the input: a line no later than the last
 * one, an element no later than the number of elements begun; a success
 * leaves no element named.
 */
#ifndef FB_FUZZ_IMPORT_H
#define FB_FUZZ_IMPORT_H

#include "fuzz.h"
#include "duration.h"
#include "import_read.h"
#include "when.h"

struct fuzz_import {
	size_t size;		/* of the input */
	long rows;
	long lines;		/* newlines in the input, plus one */
};

/* 0001-01-01 and 9999-12-31 24:00 UTC, widened by a day of offsets. */
#define FUZZ_T_MIN (INT64_C(-62135596800) - 86400)
#define FUZZ_T_MAX (INT64_C(253402300800) + 86400)

static void
fuzz_str(const struct fuzz_import *f, const char *s)
{
	if (s)
		FUZZ_ASSERT(strlen(s) <= f->size);
}

static int
fuzz_row(void *arg, const struct imp_row *r, struct fb_err *err)
{
	struct fuzz_import *f = arg;

	FUZZ_ASSERT(err->code == FB_OK);
	fuzz_str(f, r->client);
	fuzz_str(f, r->title);
	fuzz_str(f, r->tech);
	fuzz_str(f, r->note);
	FUZZ_ASSERT(r->job >= 0);
	FUZZ_ASSERT(r->billable == 0 || r->billable == 1);
	FUZZ_ASSERT(r->nocharge == 0 || r->nocharge == 1);
	FUZZ_ASSERT(!r->nocharge || r->billable);
	FUZZ_ASSERT(r->start >= FUZZ_T_MIN && r->start <= FUZZ_T_MAX);
	/* Our CSV may give a duration instead of an end. */
	FUZZ_ASSERT(r->stop >= FUZZ_T_MIN && r->stop <= FUZZ_T_MAX + FB_DURATION_MAX);
	f->rows++;
	return 0;
}

/*
 * Run reader on the input; check the result as above.  Returns the
 * reader's result (0 or -1) with err still set, for the harness's own
 * checks; the caller releases err.
 */
static int
fuzz_import(const uint8_t *data, size_t size,
	    int (*reader)(struct imp_reader *rd, struct fb_err *err),
	    int toggl_users, struct fb_err *err)
{
	struct fuzz_import f;
	struct imp_reader rd;
	FILE *fp;
	int rc;

	memset(&f, 0, sizeof(f));
	f.size = size;
	f.lines = 1;
	for (size_t i = 0; i < size; i++)
		f.lines += data[i] == '\n';
	/* fmemopen cannot open an empty buffer: /dev/null is the empty file. */
	fp = size ? fmemopen((void *)data, size, "r") : fopen("/dev/null", "r");
	FUZZ_ASSERT(fp != NULL);
	imp_reader_init(&rd, fp, NULL, 0, INT64_C(1790000000));
	rd.toggl_users = toggl_users;
	rd.row = fuzz_row;
	rd.arg = &f;
	rc = reader(&rd, err);
	if (rc == 0) {
		FUZZ_ASSERT_NOERR(err);
		FUZZ_ASSERT(rd.at.element == 0);
	} else {
		FUZZ_ASSERT(rc == -1);
		FUZZ_ASSERT_ERR(err);
		FUZZ_ASSERT(!fb_escape_needed(err->msg, 0));
		FUZZ_ASSERT(err->hint == NULL || !fb_escape_needed(err->hint, 0));
		FUZZ_ASSERT(rd.at.line >= 0 && rd.at.line <= f.lines);
		FUZZ_ASSERT(rd.at.element >= 0 && rd.at.element <= f.rows + rd.running + 1);
	}
	FUZZ_ASSERT(rd.running >= 0);
	imp_reader_release(&rd);
	fclose(fp);
	return rc;
}

/* Local times in a zone with daylight saving; set once. */
static void
fuzz_import_zone(void)
{
	static int done;
	struct fb_err err = FB_ERR_INIT;

	if (done)
		return;
	if (fb_tz_set("America/New_York", &err) != 0) {
		fprintf(stderr, "cannot select America/New_York: %s\n", err.msg);
		abort();
	}
	done = 1;
}

#endif
