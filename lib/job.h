/*
 * job.h - jobs (incidents): one per problem a client calls about, the
 * thing time and charges are logged against and invoices bill.
 *
 * A job is open, then resolved, then invoiced; reopen takes a resolved
 * job back to open in a new episode, keeping the history of the
 * earlier ones (their resolve times, downtimes and resolutions).  A job
 * opened by mistake is cancelled: it is never billed and counts in no
 * figure.  Its titles, notes and resolutions, and the notes of its
 * entries and the descriptions of its charges, are full-text indexed
 * (jobs_fts and work_fts, kept in step by triggers): the shop's
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
#define FB_JOB_CANCELLED 0x8

/*
 * A job.  resolved, down_since, restored and resolution are those of the
 * current episode (the only one until a reopen); the fields after
 * `reopened` sum up the earlier ones (read only: set by get/list).
 */
struct fb_job {
	int64_t id;
	int64_t client_id;
	char *client;		/* client code (read only: set by get/list) */
	char *title;
	char priority[3];	/* "P1".."P4" */
	char status[12];	/* "open", "resolved", "invoiced", "cancelled" */
	int onsite;
	int64_t opened;
	int64_t resolved;	/* FB_JOB_NONE while open */
	int64_t down_since;	/* FB_JOB_NONE when not given */
	int64_t restored;	/* FB_JOB_NONE: the resolve time counts */
	char *note;		/* NULL when absent */
	char *resolution;
	char *po;		/* the client's purchase order; NULL when none */
	int64_t reopened;	/* start of the current episode; FB_JOB_NONE: opened */
	int64_t cancelled;	/* when it was cancelled; FB_JOB_NONE: not */
	char *cancel_reason;
	int64_t episodes;	/* earlier episodes (reopens) */
	int64_t first_resolved;	/* the first resolve of all; FB_JOB_NONE: never */
	int64_t past_downtime;	/* the earlier episodes' downtime; FB_JOB_NONE: none */
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
 * Check the job's instants agree: resolved not before the episode began
 * (opened, or reopened), and the downtime (down_since to restored, else
 * to resolved) not negative.  FB_ERR_USAGE, e.g.
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
 * Take a resolved job back to open at `at`, in a new episode: the one
 * that ends (its start, resolve time, downtime and resolution) is kept
 * in job_episodes, and the new one is down since down_since when that is
 * not FB_JOB_NONE.  FB_ERR_REFUSED unless resolved:
 *   cannot reopen job '3': it is open
 * FB_ERR_USAGE for times before the episode that ends:
 *   invalid reopen time: 2026-10-14 08:00 is before the job was resolved at ...
 *   invalid downtime: down since ... is before the last episode ended at ...
 */
int fb_job_reopen(struct fb_db *db, struct fb_job *j, int64_t at, int64_t down_since,
		  struct fb_err *err);

/*
 * Cancel a job opened by mistake (SPEC section 16) at `at`, with a
 * reason (may be NULL): it is never billed, and its work not yet billed
 * becomes non-billable.  FB_ERR_REFUSED:
 *   cannot cancel job '3': it is already cancelled
 *   cannot cancel job '3': its work is on invoice INV-2026-00001
 *   cannot cancel job '3': draft 4 holds its work     (hint: discard it)
 *   cannot cancel job '3': it has a running timer
 */
int fb_job_cancel(struct fb_db *db, struct fb_job *j, int64_t at, const char *reason,
		  struct fb_err *err);

/* An episode a reopen ended. */
struct fb_job_episode {
	int64_t opened, resolved, down_since, restored;	/* FB_JOB_NONE: none */
	char *resolution;
};

/* The earlier episodes of job_id, oldest first.  Free with fb_job_episodes_free. */
int fb_job_episodes(struct fb_db *db, int64_t job_id, struct fb_job_episode **out,
		    size_t *n, struct fb_err *err);
void fb_job_episodes_free(struct fb_job_episode *v, size_t n);

/*
 * Would moving job j to a client paying in currency change what its
 * money means?  FB_ERR_REFUSED when the job has time or charges and the
 * currency differs from its client's:
 *   cannot move job '3' to client 'euro': its work is priced in USD, the client pays in EUR
 */
int fb_job_check_currency(struct fb_db *db, const struct fb_job *j, const char *from,
			  const char *to, const char *client, struct fb_err *err);

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
 * Derived lengths in seconds (SPEC sections 3 and 16), FB_JOB_NONE when
 * a time is missing.  Response: first entry's start minus opened (never
 * below 0: work logged before the job was opened is an immediate
 * response).  Resolution: the first resolve minus opened.  Downtime: the
 * sum over the episodes of restored (else resolved) minus down_since.
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

/*
 * The other texts of a job that `job search` finds (the table work_fts):
 * a charge's description, an earlier episode's resolution.  Whoever
 * writes one of them keeps the index in step: fb_job_text_set indexes
 * text (NULL: forgets it) as that of record id of kind, on job job_id.
 * (Rowid id x 4 + 1 was an entry's note until schema 16.)
 */
enum fb_job_text {
	FB_JOB_TEXT_CHARGE = 2,
	FB_JOB_TEXT_EPISODE = 3
};

int fb_job_text_set(struct fb_db *db, enum fb_job_text kind, int64_t id, int64_t job_id,
		    const char *text, struct fb_err *err);
/*
 * Index record id of the table (entries, charges or job_episodes; any
 * other is ignored) again from its row as it is now, or forget it when
 * the row is gone: after an undo changed rows behind lib's back.
 */
int fb_job_text_sync(struct fb_db *db, const char *table, int64_t id, struct fb_err *err);

/*
 * Entry notes are searched in entries themselves (entry_fts, an external-
 * content index): it forgets a note only when told the note it indexed.
 * fb_job_note_set tells it that entry id's note changed from old to note
 * (either NULL: none); call it with the old note exactly as stored.
 * fb_job_notes_get reads the notes of entries ids as they are now, for a
 * caller about to change them behind lib's back (undo): *notes has n
 * strings or NULLs, the caller's to free, each and the array (NULL after
 * an error).
 */
int fb_job_note_set(struct fb_db *db, int64_t id, const char *old, const char *note,
		    struct fb_err *err);
int fb_job_notes_get(struct fb_db *db, const int64_t *ids, size_t n, char ***notes,
		     struct fb_err *err);

struct fb_job_hit {
	int64_t id;
	char *client;
	char *title;
	char status[12];
	char *snippet;		/* best-matching text, hits between the markers */
};

/*
 * Full-text search over titles, notes and resolutions (of every
 * episode), entry notes and charge descriptions, best match (bm25,
 * titles weighing most) first, one hit per job, at most limit hits.  open/close mark the
 * matched words in the snippets.  An empty query is FB_ERR_USAGE:
 *   invalid search '': no words to search for
 * *hits is the caller's, to fb_job_hits_free.
 */
int fb_job_search(struct fb_db *db, const char *query, int64_t limit,
		  const char *open, const char *close,
		  struct fb_job_hit **hits, size_t *n, struct fb_err *err);
void fb_job_hits_free(struct fb_job_hit *hits, size_t n);

#endif
