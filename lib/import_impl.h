/*
 * import_impl.h - what the format readers of lib/import_*.c share with the
 * importer core in lib/import.c.  Not for cmd/.
 *
 * A reader turns its format into rows and hands each to imp_add_row,
 * setting imp->line (or imp->element) first so that errors name the place.
 */
#ifndef FB_IMPORT_IMPL_H
#define FB_IMPORT_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "import.h"

/* The input: bytes already read to guess the format, then the stream. */
struct imp_src {
	FILE *fp;
	const char *pre;
	size_t prelen, prepos;
	uint64_t bytes;		/* consumed so far, for progress */
	char *line;		/* imp_getline's buffer */
	size_t linealloc;
};

/* One entry as a reader found it; strings are borrowed for the call. */
struct imp_row {
	const char *client;	/* code or name; NULL or "" when none */
	const char *title;	/* job title; NULL or "" when none */
	int64_t job;		/* job number in the file; 0 when none */
	const char *tech;	/* handle; NULL or "": the import's technician */
	int64_t start, stop;
	int billable, nocharge;
	const char *note;	/* NULL or "": none */
};

struct importer;

/* Where the reader is: a line (1-based) or a JSON element (1-based). */
struct imp_where {
	long line;
	long element;
};

struct imp_ctx {
	struct importer *im;
	struct imp_src *src;
	struct imp_where at;
	const struct fb_import_opts *opts;
	struct fb_import_result *res;
};

/*
 * Next line without its newline (and CR); its length in *len.  NULL at
 * the end, or on a read error (err set, -1 in *len).
 */
char *imp_getline(struct imp_src *s, size_t *len, struct fb_err *err);
/* The rest of the input, whole (for JSON).  Caller frees. */
char *imp_slurp(struct imp_src *s, size_t *len, struct fb_err *err);

/* Store one row (or skip it as already present).  0 or -1 with err. */
int imp_add_row(struct imp_ctx *c, const struct imp_row *r, struct fb_err *err);
/* Report progress when due. */
void imp_progress(struct imp_ctx *c);

/*
 * A time stamp from a file: ISO 8601 with or without offset (local time
 * without), as fb_when_parse but much faster for the common forms.
 * what names the field in errors: "invalid start '...'".
 */
int imp_parse_time(struct imp_ctx *c, const char *s, const char *what,
		   int64_t *t, struct fb_err *err);

/* Readers. */
int imp_read_csv(struct imp_ctx *c, int toggl, struct fb_err *err);
int imp_read_timeclock(struct imp_ctx *c, struct fb_err *err);
int imp_read_json(struct imp_ctx *c, int watson, struct fb_err *err);

#endif
