/*
 * timelog.h - time entries: running timers and logged work.
 *
 * An entry is a span of one technician's work on one job.  A running
 * timer is an entry whose stop is not yet known (a row, so it survives
 * reboots); each technician has at most one.  Instants are Unix seconds,
 * so an entry across midnight or a DST change lasts its real elapsed
 * time.  The rules live here: one running timer per technician, no
 * overlapping entries of one technician unless allowed, no work on an
 * invoiced job, and no change to an entry an invoice holds.  Errors carry
 * the wording cmd/ prints; cmd/ may prefix what it was doing.
 */
#ifndef FB_TIMELOG_H
#define FB_TIMELOG_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

/* The longest note an entry may carry. */
#define FB_TIMELOG_NOTE_MAX (64 * 1024)

struct fb_timelog_entry {
	int64_t id;		/* 0 before it is stored */
	int64_t job_id;
	int64_t tech_id;
	int64_t start;
	int64_t stop;		/* meaningless while running */
	int running;
	int billable;
	int nocharge;
	char *note;		/* NULL when none */
	/* Filled by the lookups below; ignored by insert and update. */
	char *client;		/* client code of the job */
	char *title;		/* job title */
	char *tech;		/* technician's handle */
	int64_t invoice_id;	/* the invoice holding it, 0 when none */
	char *invoice;		/* its number; NULL while it is a draft */
	char *invoice_status;	/* draft, issued, paid, void; NULL when none */
	int billed_elsewhere;	/* billed outside fixbill (time mark-billed) */
};

/* Zero e (billable on); release frees the strings and zeroes it again. */
void fb_timelog_entry_init(struct fb_timelog_entry *e);
void fb_timelog_entry_release(struct fb_timelog_entry *e);
/* Seconds worked: stop - start, or now - start (never negative) while running. */
int64_t fb_timelog_seconds(const struct fb_timelog_entry *e, int64_t now);

/* Flags of insert, update and stop. */
#define FB_TIMELOG_ALLOW_OVERLAP 0x1

/*
 * Load entry id into e (initialised by the call; release it after).
 * FB_ERR_NOTFOUND: unknown entry '7'.
 */
int fb_timelog_get(struct fb_db *db, int64_t id, struct fb_timelog_entry *e,
		   struct fb_err *err);

/*
 * The running timer of a technician into e (initialised by the call).
 * Returns 1 when there is one, 0 when not (e released), -1 on error.
 */
int fb_timelog_running(struct fb_db *db, int64_t tech_id,
		       struct fb_timelog_entry *e, struct fb_err *err);

/*
 * Every running timer, by technician, into a new array *out of *n (free
 * with fb_timelog_list_free).
 */
int fb_timelog_running_all(struct fb_db *db, struct fb_timelog_entry **out, size_t *n,
			   struct fb_err *err);

/*
 * Would stopping the running timer e at stop make it longer than
 * time.max_timer (SPEC section 16: a timer forgotten overnight)?  0 when
 * not; FB_ERR_REFUSED when it would:
 *   timer of 'kim' on job 3 would run 25h30m, longer than time.max_timer (12h00m)
 */
int fb_timelog_check_long(struct fb_db *db, const struct fb_timelog_entry *e, int64_t stop,
			  struct fb_err *err);

/*
 * The job of the technician's most recent entry: 1 with *job_id, 0 when
 * the technician has logged nothing, -1 on error.
 */
int fb_timelog_last_job(struct fb_db *db, int64_t tech_id, int64_t *job_id,
			struct fb_err *err);

/*
 * May time be logged on job_id?  FB_ERR_NOTFOUND "unknown job '9'";
 * FB_ERR_REFUSED "cannot log time on job '3': it is invoiced" (or
 * "it is cancelled").
 */
int fb_timelog_check_job(struct fb_db *db, int64_t job_id, struct fb_err *err);

/*
 * Entries longer than this many seconds are found through the partial
 * index entries_long, whose condition is "stop - start > 43200": SQL
 * must spell it with this text for SQLite to use that index.  Shorter
 * ones that overlap a span start at most this long before it.
 */
#define FB_TIMELOG_SHORT "43200"

/*
 * Is there an entry of tech_id other than exclude_id (0: none) sharing
 * time with [start, stop)?  A running entry (and the candidate when
 * running) lasts until now, and at least a second.  Returns 0 when free;
 * -1 with FB_ERR_REFUSED naming the other entry:
 *   entry would overlap entry 5 of 'kim' (2026-10-15 09:00 to 10:00)
 * ("timer would ..." when running, "entry 7 would ..." with exclude_id)
 * (with a hint about --allow-overlap), or another error.
 */
int fb_timelog_check_overlap(struct fb_db *db, int64_t tech_id, int64_t start,
			     int64_t stop, int running, int64_t exclude_id,
			     int64_t now, struct fb_err *err);

/*
 * Is the note acceptable (NULL is)?  FB_ERR_USAGE for invalid UTF-8,
 * control characters other than tab and newline, or more than
 * FB_TIMELOG_NOTE_MAX bytes.
 */
int fb_timelog_check_note(const char *note, struct fb_err *err);

/*
 * Store a new entry from e's job_id, tech_id, start, stop, running,
 * billable, nocharge and note, after every rule: the job (as
 * fb_timelog_check_job), the note, stop after start and at most
 * FB_DURATION_MAX after it ("invalid time span: longer than 10000
 * hours", FB_ERR_USAGE), a single running
 * timer per technician ("timer already running for 'kim' on job 3"),
 * overlap unless FB_TIMELOG_ALLOW_OVERLAP.  Run it inside the caller's
 * transaction.  *id is the new entry's.
 */
int fb_timelog_insert(struct fb_db *db, const struct fb_timelog_entry *e,
		      int flags, int64_t now, int64_t *id, struct fb_err *err);

/*
 * May the entry change or go?  FB_ERR_REFUSED when an invoice holds it:
 *   entry 7 is invoiced on INV-2026-00001
 *   entry 7 is on draft invoice 3        (hint: fixbill invoice discard 3)
 */
int fb_timelog_check_editable(const struct fb_timelog_entry *e, struct fb_err *err);

/*
 * Replace the stored entry old (as loaded by fb_timelog_get) with e's
 * job_id, tech_id, start, stop, running, billable, nocharge and note,
 * under the rules of insert (the job is checked only when it changes,
 * overlap only when the time or technician does).
 */
int fb_timelog_update(struct fb_db *db, const struct fb_timelog_entry *old,
		      const struct fb_timelog_entry *e, int flags, int64_t now,
		      struct fb_err *err);

/*
 * Stop the running entry e at stop (after its start, else
 * FB_ERR_REFUSED), setting its note when note is not NULL.  Checks
 * overlap unless FB_TIMELOG_ALLOW_OVERLAP.  e is updated to match.
 */
int fb_timelog_stop(struct fb_db *db, struct fb_timelog_entry *e, int64_t stop,
		    const char *note, int flags, int64_t now, struct fb_err *err);

/* What `time edit` changes; what is absent keeps the entry's. */
struct fb_timelog_edit {
	int64_t job_id;		/* 0: keep */
	int has_start, has_end, has_duration;
	int64_t start, end, duration;
	const char *note;	/* NULL: keep; "": remove */
	const char *tech;	/* NULL: keep; else a handle (fb_tech_require) */
	int billable;		/* -1: keep; 0 or 1 */
	int nocharge;		/* -1: keep; 0 or 1 */
};

/*
 * Correct entry id by ed, under the rules of fb_timelog_update.  A
 * duration runs from the start (the new one when given), or back from a
 * new end given without a start.  Besides fb_timelog_get's and
 * fb_timelog_update's errors:
 *   cannot edit entry 7: it is a running timer     (FB_ERR_REFUSED: an end
 *                                                   or a duration for it)
 *   cannot edit entry 7: the end would not be after the start (FB_ERR_USAGE)
 */
int fb_timelog_edit(struct fb_db *db, int64_t id, const struct fb_timelog_edit *ed,
		    int flags, int64_t now, struct fb_err *err);

/* Delete the entry (refused when an invoice holds it). */
int fb_timelog_delete(struct fb_db *db, const struct fb_timelog_entry *e,
		      struct fb_err *err);

/* Which entries fb_timelog_each reads; zero fields do not filter. */
struct fb_timelog_filter {
	int64_t job_id;
	int64_t client_id;
	const char *tech;	/* handle; FB_ERR_NOTFOUND when unknown */
	int has_range;
	int64_t from, to;	/* entries starting in [from, to) */
	int unbilled;		/* billable entries no invoice holds */
};

/*
 * The conditions of a filter, for a query over entries e joined to jobs j
 * and LEFT JOINed to invoices i; parameters ?1 to ?6 are bound by
 * fb_timelog_filter_bind.  A query may add its own conditions after it.
 */
#define FB_TIMELOG_FILTER_SQL \
	" (?1 = 0 OR e.job_id = ?1) AND (?2 = 0 OR j.client_id = ?2)" \
	" AND (?3 = 0 OR e.tech_id = ?3) AND e.start >= ?4 AND e.start < ?5" \
	" AND (?6 = 0 OR (e.billable = 1 AND e.billed_elsewhere = 0" \
	"  AND (e.invoice_id IS NULL OR i.status = 'void')))"

/*
 * A filtered query in three statements, FB_TIMELOG_FILTER_SQL led each
 * time by a condition an index serves: { HEAD WHERE ... TAIL, ... }, to
 * be indexed by fb_timelog_scope.  A job's entries come from
 * entries_job, and a client's, over all time, through its jobs, not from
 * a scan of every start in the range (at ten million entries, one job's
 * list took 0.7 s).
 */
#define FB_TIMELOG_STATEMENTS(HEAD, TAIL) { \
	HEAD " WHERE" FB_TIMELOG_FILTER_SQL TAIL, \
	HEAD " WHERE e.job_id = ?1 AND" FB_TIMELOG_FILTER_SQL TAIL, \
	HEAD " WHERE e.job_id IN (SELECT id FROM jobs WHERE client_id = ?2) AND" \
	FB_TIMELOG_FILTER_SQL TAIL }
int fb_timelog_scope(const struct fb_timelog_filter *f);

/*
 * Check that the filter's job and technician exist (FB_ERR_NOTFOUND:
 * unknown job '9', unknown technician 'x') and bind ?1 to ?6 of st.
 */
int fb_timelog_filter_bind(struct fb_db *db, const struct fb_timelog_filter *f,
			   struct fb_stmt *st, struct fb_err *err);

/*
 * Call fn with each entry matching f, by start then id, one at a time
 * (the entry is fn's to read until it returns), so that years of them
 * take no memory.  fn returns 0 to go on, or -1 with err set to stop.
 * An unknown job or technician in f is FB_ERR_NOTFOUND.
 */
int fb_timelog_each(struct fb_db *db, const struct fb_timelog_filter *f,
		    int (*fn)(const struct fb_timelog_entry *e, void *arg, struct fb_err *err),
		    void *arg, struct fb_err *err);
void fb_timelog_list_free(struct fb_timelog_entry *v, size_t n);

#endif
