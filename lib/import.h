/*
 * import.h - reading time entries kept by other tools (and our own CSV)
 * into the database: fixbill's CSV, ledger/hledger timeclock, Timewarrior
 * `timew export` JSON, Toggl Track's detailed CSV and Watson's
 * `watson log --json`.
 *
 * An import runs inside the caller's transaction and is all or nothing:
 * the first bad row fails the whole import and the caller rolls back.
 * Errors name the place: "FILE:LINE: what" (a JSON element as
 * "FILE: element 3: what"), with the exit class of what is wrong
 * (FB_ERR_USAGE malformed data, FB_ERR_NOTFOUND unknown client or job,
 * FB_ERR_REFUSED an invoiced job, FB_ERR_RUNTIME I/O or database).
 *
 * Entries identical to a stored one (same job, technician, start and end,
 * an earlier row of the same file included) are skipped and counted, so
 * importing a file twice changes nothing.  Jobs named by client and title
 * are created when missing, and resolved at their last entry's end so the
 * history is billable.  Overlapping entries of one technician are kept
 * (other trackers' history often overlaps) and counted.  A technician
 * not in the database is refused unless create_techs.
 *
 * The file is read as a stream and checked and stored in batches, so an
 * import's memory does not grow with the file: a few megabytes for a
 * batch of rows and a bounded cache of the jobs they name, which spills
 * to temporary tables.
 *
 * With billed_elsewhere the entries are stored as billed outside fixbill
 * (never unbilled work), the jobs it creates for them count as invoiced,
 * and a row identical to a stored entry marks that entry billed
 * elsewhere, or is refused (FB_ERR_REFUSED) when a fixbill invoice holds
 * it.
 */
#ifndef FB_IMPORT_H
#define FB_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "util.h"

enum fb_import_format {
	FB_IMPORT_GUESS,	/* from the content */
	FB_IMPORT_CSV,		/* fixbill's own columns */
	FB_IMPORT_TIMECLOCK,
	FB_IMPORT_TIMEWARRIOR,
	FB_IMPORT_TOGGL,
	FB_IMPORT_WATSON
};

/* "csv", "timeclock", ... -> format; -1 when unknown.  And back. */
int fb_import_format_parse(const char *s);
const char *fb_import_format_name(enum fb_import_format f);

/*
 * The format the first bytes of a file look like, or FB_IMPORT_GUESS when
 * they look like none.
 */
enum fb_import_format fb_import_guess(const char *buf, size_t len);

struct fb_import_opts {
	const char *name;		/* names the file in errors */
	enum fb_import_format format;	/* FB_IMPORT_GUESS: guess it */
	const char *tech;		/* default technician (NULL: as fb_tech_resolve) */
	int create_clients;		/* create unknown clients instead of refusing */
	int create_techs;		/* create unknown technicians instead of refusing */
	int billed_elsewhere;		/* the entries were billed outside fixbill */
	int64_t now;
	/*
	 * Called now and then with how far the import is, in bytes of the
	 * file: reading it counts for the first 40%, checking and storing
	 * the rows for the rest; once with the file's size at the end.  May
	 * be NULL.  lib/ never prints, so the caller draws.
	 */
	void (*progress)(void *arg, uint64_t bytes);
	void *progress_arg;
	/* Called once the format is guessed (not when given); may be NULL. */
	void (*guessed)(void *arg, enum fb_import_format f);
	void *guessed_arg;
};

struct fb_import_result {
	enum fb_import_format format;	/* the one read (guessed or given) */
	int64_t imported;
	int64_t skipped;		/* identical to a stored entry */
	int64_t running;		/* open intervals left out (Timewarrior) */
	int64_t overlaps;		/* imported entries overlapping others of their tech */
	int64_t jobs_created;
	int64_t clients_created;
	int64_t techs_created;
	long first_running;		/* element of the first open interval */
};

/*
 * Import fp (read to its end) under opts into db, inside the caller's
 * transaction (which the caller commits, or rolls back on error or for a
 * dry run).  Fills *res (zeroed first).  On error returns -1 with err set
 * and the database left for the caller to roll back.
 */
int fb_import(struct fb_db *db, FILE *fp, const struct fb_import_opts *opts,
	      struct fb_import_result *res, struct fb_err *err);

#endif
