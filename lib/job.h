/*
 * job.h - jobs (incidents): one per problem a client calls about, the
 * thing time and charges are logged against and invoices bill.
 *
 * A job is open, then resolved, then invoiced (reopen takes a resolved
 * job back to open).  Its titles, notes and resolutions are full-text
 * indexed (the jobs_fts table, kept in step by triggers): the shop's
 * knowledge base.
 */
#ifndef FB_JOB_H
#define FB_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

/* An absent instant (resolved, down_since, restored) or derived length. */
#define FB_JOB_NONE INT64_MIN

/* Longest title and description, and longest note or resolution, in bytes. */
#define FB_JOB_TITLE_MAX 1024
#define FB_JOB_TEXT_MAX 65536

/* Status bits for fb_job_filter.statuses. */
#define FB_JOB_OPEN 0x1
#define FB_JOB_RESOLVED 0x2
#define FB_JOB_INVOICED 0x4

struct fb_job {
	int64_t id;
	int64_t client_id;
	char *client;		/* client code (read only: set by get/list) */
	char *title;
	char priority[3];	/* "P1".."P4" */
	char status[9];		/* "open", "resolved", "invoiced" */
	int onsite;
	int64_t opened;
	int64_t resolved;	/* FB_JOB_NONE while open */
	int64_t down_since;	/* FB_JOB_NONE when not given */
	int64_t restored;	/* FB_JOB_NONE: the resolve time counts */
	char *note;		/* NULL when absent */
	char *resolution;
	char *po;		/* the client's purchase order; NULL when none */
};

/* Empty job: priority P3, status open, every instant FB_JOB_NONE. */
void fb_job_init(struct fb_job *j);
/* Free the strings (the struct itself is the caller's) and re-init. */
void fb_job_release(struct fb_job *j);

/*
 * A job number from the command line.  FB_ERR_USAGE:
 *   invalid job number 'abc'
 */
int fb_job_parse_id(const char *s, int64_t *id, struct fb_err *err);

/*
 * "P1".."P4" (either case) into out.  FB_ERR_USAGE:
 *   invalid priority 'P5': want P1, P2, P3 or P4
 */
int fb_job_parse_priority(const char *s, char out[3], struct fb_err *err);

/*
 * Check user text: valid UTF-8 without control characters (newlines
 * only when multiline), at most max bytes, not empty when nonempty.
 * what names it in the error (FB_ERR_USAGE), e.g.
 *   invalid title: must not be empty
 *   invalid note: longer than 65536 bytes
 *   invalid title: not UTF-8 text, or has control characters
 */
int fb_job_check_text(const char *what, const char *s, int multiline,
		      size_t max, int nonempty, struct fb_err *err);

/*
 * Check the job's instants agree: resolved not before opened, and the
 * downtime (down_since to restored, else to resolved) not negative.
 * FB_ERR_USAGE, e.g.
 *   invalid downtime: restored 2026-10-14 08:00 is before down since 2026-10-14 09:00
 */
int fb_job_check_times(const struct fb_job *j, struct fb_err *err);

/*
 * Load job id into j (which the caller releases).  FB_ERR_NOTFOUND:
 *   unknown job '99'
 */
int fb_job_get(struct fb_db *db, int64_t id, struct fb_job *j, struct fb_err *err);

/*
 * Insert j (client_id, title, ... as set; status open) and set j->id.
 * The title, note and resolution are checked first (fb_job_check_text:
 * a title of one line, not empty; newlines only in note and resolution).
 */
int fb_job_insert(struct fb_db *db, struct fb_job *j, struct fb_err *err);

/* Write every field of j (except id) back to its row, checked as insert. */
int fb_job_update(struct fb_db *db, const struct fb_job *j, struct fb_err *err);

/*
 * The technician running a timer on the job: 1 with *handle set (caller
 * frees), 0 when none, -1 on error.
 */
int fb_job_running_timer(struct fb_db *db, int64_t job_id, char **handle,
			 struct fb_err *err);

/*
 * Time entries and charges of the job held by an invoice (draft or
 * issued): 1 when any, 0 when none, -1 on error.
 */
int fb_job_has_billed_work(struct fb_db *db, int64_t job_id, struct fb_err *err);

/*
 * Resolve an open job at `at`; restored and resolution are set when not
 * FB_JOB_NONE / NULL.  Refusals are FB_ERR_REFUSED:
 *   cannot resolve job '3': it is already resolved
 *   cannot resolve job '3': it is invoiced
 *   cannot resolve job '3': it has a running timer  (hint: fixbill time stop ...)
 * and times that disagree FB_ERR_USAGE (fb_job_check_times).  Updates j.
 */
int fb_job_resolve(struct fb_db *db, struct fb_job *j, int64_t at,
		   int64_t restored, const char *resolution, struct fb_err *err);

/*
 * Take a resolved job back to open (its resolve time is forgotten; the
 * resolution text stays).  FB_ERR_REFUSED unless resolved:
 *   cannot reopen job '3': it is open
 */
int fb_job_reopen(struct fb_db *db, struct fb_job *j, struct fb_err *err);

struct fb_job_filter {
	int64_t client_id;	/* 0: any client */
	unsigned statuses;	/* FB_JOB_OPEN | ...; 0 means all */
	int64_t from, to;	/* opened in [from, to) */
};

/*
 * Jobs matching f, by number.  *jobs is the caller's, to
 * fb_job_list_free.
 */
int fb_job_list(struct fb_db *db, const struct fb_job_filter *f,
		struct fb_job **jobs, size_t *n, struct fb_err *err);
void fb_job_list_free(struct fb_job *jobs, size_t n);

/* What time was logged on a job. */
struct fb_job_work {
	int64_t entries;		/* time entries, the running one too */
	int64_t seconds;		/* logged, a running timer up to now */
	int64_t billable_seconds;
	int64_t first_start;		/* FB_JOB_NONE when no entry */
	int running;			/* a timer runs on the job */
};

int fb_job_work(struct fb_db *db, int64_t job_id, int64_t now,
		struct fb_job_work *w, struct fb_err *err);

/*
 * Derived lengths in seconds (SPEC section 3), FB_JOB_NONE when a time
 * is missing.  Response: first entry's start minus opened (never below
 * 0: work logged before the job was opened is an immediate response).
 * Resolution: resolved minus opened.  Downtime: restored (else
 * resolved) minus down_since.
 */
int64_t fb_job_response(const struct fb_job *j, const struct fb_job_work *w);
int64_t fb_job_resolution_time(const struct fb_job *j);
int64_t fb_job_downtime(const struct fb_job *j);

/*
 * Turn what a user typed into a safe FTS5 query: every word becomes a
 * quoted string (double quotes doubled), so FTS syntax in the input is
 * just text and all words must match; a word ending in '*' stays a
 * prefix search.  NULL when there is no word.  Caller frees.
 *   printer offline   ->  "printer" "offline"
 *   say "hi" print*   ->  "say" """hi""" "print"*
 */
char *fb_job_fts_query(const char *q);

struct fb_job_hit {
	int64_t id;
	char *client;
	char *title;
	char status[9];
	char *snippet;		/* best-matching text, hits between the markers */
};

/*
 * Full-text search over titles, notes and resolutions, best match (bm25,
 * titles weighing most) first, at most limit hits.  open/close mark the
 * matched words in the snippets.  An empty query is FB_ERR_USAGE:
 *   invalid search '': no words to search for
 * *hits is the caller's, to fb_job_hits_free.
 */
int fb_job_search(struct fb_db *db, const char *query, int64_t limit,
		  const char *open, const char *close,
		  struct fb_job_hit **hits, size_t *n, struct fb_err *err);
void fb_job_hits_free(struct fb_job_hit *hits, size_t n);

#endif
