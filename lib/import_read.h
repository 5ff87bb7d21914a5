/*
 * import_read.h - the format readers of time import: our CSV and
 * Toggl's (import_csv.c), ledger timeclock (import_timeclock.c),
 * Timewarrior's and Watson's JSON (import_json.c).
 *
 * A reader streams its input and hands each entry it finds to a row
 * callback, with the place it came from in rd->at; it holds one line,
 * one CSV row or one JSON element at a time, never the file.  It knows
 * nothing of the database: lib/import.c is the callback that finds the
 * clients, jobs and technicians and stores the rows, and the libFuzzer
 * harnesses in tests/fuzz are callbacks that only check them.
 */
#ifndef FB_IMPORT_READ_H
#define FB_IMPORT_READ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util.h"

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

/* Where the reader is: a line (1-based) or a JSON element (1-based). */
struct imp_where {
	long line;
	long element;
};

/* The input: bytes already read to guess the format, then the stream. */
struct imp_src {
	FILE *fp;
	const char *pre;
	size_t prelen, prepos;
	uint64_t bytes;		/* consumed so far, for progress */
	char *line;		/* imp_getline's buffer */
	size_t linealloc;
};

struct imp_reader {
	struct imp_src src;
	struct imp_where at;	/* where the row or the error is */
	int64_t now;		/* for times like "today" */
	int toggl_users;	/* Toggl: a row's technician is its user's handle */
	/*
	 * Called with each row, rd->at naming it.  0 goes on; -1 (with err
	 * set) stops the reader, which returns -1.  The callback may point
	 * rd->at elsewhere for its error (a row it held back).
	 */
	int (*row)(void *arg, const struct imp_row *r, struct fb_err *err);
	void *arg;
	int64_t running;	/* open intervals left out (JSON) */
	long first_running;	/* the element of the first */
	/* Local time stamps, memoised by hour: most rows share few hours. */
	struct imp_hourslot {
		int64_t key;	/* days * 24 + hour, or INT64_MIN */
		int64_t base;	/* the hour's first instant */
	} hours[1024];
};

/*
 * Set rd up to read fp after the pre bytes already read from it (pre is
 * borrowed for the whole read).  Release frees the line buffer.
 */
void imp_reader_init(struct imp_reader *rd, FILE *fp, const char *pre, size_t prelen,
		     int64_t now);
void imp_reader_release(struct imp_reader *rd);

/*
 * Next line without its newline (and CR); its length in *len.  NULL at
 * the end, or on a read error (err set, -1 in *len).
 */
char *imp_getline(struct imp_src *s, size_t *len, struct fb_err *err);
/* Up to n bytes of the input into buf: how many; 0 at the end, -1 on error. */
long imp_read(struct imp_src *s, char *buf, size_t n, struct fb_err *err);

/*
 * A time stamp from a file: ISO 8601 with or without offset (local time
 * without), as fb_when_parse but much faster for the common forms.
 * what names the field in errors: "invalid start '...'".
 */
int imp_parse_time(struct imp_reader *rd, const char *s, const char *what,
		   int64_t *t, struct fb_err *err);

/* Set err to FB_ERR_USAGE fmt, with s (from the file) escaped where %s is. */
int imp_bad(struct fb_err *err, const char *fmt, const char *s);

/* The readers: 0 at the end of the input, or -1 with err set and rd->at. */
int imp_read_csv(struct imp_reader *rd, int toggl, struct fb_err *err);
int imp_read_timeclock(struct imp_reader *rd, struct fb_err *err);
int imp_read_json(struct imp_reader *rd, int watson, struct fb_err *err);

#endif
