/*
 * check.h - `db check`: SQLite's integrity check, fixbill's own
 * invariants over invoices, work and payments, the triggers that make
 * issued records immutable and the tamper-evident chain over them.
 */
#ifndef FB_CHECK_H
#define FB_CHECK_H

#include "db.h"

/*
 * Run every check, handing each violation (one line of text) to cb.
 * Returns the number of violations, or -1 when a check could not run.
 */
int fb_check_run(struct fb_db *db, void (*cb)(const char *problem, void *arg),
		 void *arg, struct fb_err *err);

#endif
