/*
 * export_time.h - writing time entries out in the formats `time import`
 * reads back: fixbill's CSV (client, job, title, tech, start, end,
 * duration, note, billable), a ledger/hledger timeclock file, and JSON
 * (an array of SPEC section 9 time entry objects).
 *
 * CSV text cells that a spreadsheet would run as a formula get a leading
 * apostrophe, which the importer takes off again.  Running timers are
 * left out of CSV and timeclock (they have no end yet) and appear in
 * JSON with a null end.  Entries come by start, then id, streamed: the
 * history is never held in memory.
 */
#ifndef FB_EXPORT_TIME_H
#define FB_EXPORT_TIME_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "timelog.h"
#include "util.h"

enum fb_time_export_format {
	FB_TIME_EXPORT_CSV,
	FB_TIME_EXPORT_TIMECLOCK,
	FB_TIME_EXPORT_JSON
};

/* "csv", "timeclock", "json" -> format; -1 when unknown. */
int fb_time_export_format_parse(const char *s);

/*
 * Write the entries f selects (as fb_timelog_each: an unknown job or
 * technician is FB_ERR_NOTFOUND) to fp in format; *count (may be NULL)
 * is how many were written.  A write error is FB_ERR_RUNTIME.
 */
int fb_export_time(struct fb_db *db, const struct fb_timelog_filter *f,
		   enum fb_time_export_format format, int64_t now, FILE *fp,
		   int64_t *count, struct fb_err *err);

#endif
