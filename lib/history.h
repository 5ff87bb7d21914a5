/*
 * history.h - the log of changes (SPEC section 16).
 *
 * Every command that changes the database adds one change to the log:
 * when, who, the command line and what it changed, row by row, as
 * recorded by lib/db (SQLite's session extension).  `fixbill undo`
 * reverts the most recent change not yet undone, exactly, unless it
 * issued, voided or paid anything (issued documents are corrected by
 * new documents, never by forgetting) or a later change touched the
 * same records.
 */
#ifndef FB_HISTORY_H
#define FB_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

/* A command being recorded, from fb_history_start to finish or cancel. */
struct fb_history;

enum fb_history_mode {
	/* Every row it changes, so that the change can be undone. */
	FB_HISTORY_ROWS,
	/*
	 * Only that something changed: for a bulk import, whose rows would
	 * not fit in memory, and for a command that commits several
	 * transactions of its own.  Such a change cannot be undone.
	 */
	FB_HISTORY_COUNT
};

/*
 * Start recording, inside the command's transaction (for FB_HISTORY_ROWS,
 * before it changes anything).  *h is the caller's, for fb_history_finish
 * or fb_history_cancel.
 */
int fb_history_start(struct fb_db *db, enum fb_history_mode mode, struct fb_history **h,
		     struct fb_err *err);

/* What the log says about a command besides what it changed. */
struct fb_history_cmd {
	int64_t at;
	const char *who;	/* a technician's handle or the login name */
	const char *command;	/* the command line as typed (quoted) */
	/*
	 * Why its change cannot be undone whatever it changed ("it ran in
	 * one transaction per client"), or NULL; FB_HISTORY_COUNT needs one.
	 */
	const char *refused;
	int64_t undo_of;	/* the change this command undid; 0: none */
};

/*
 * Stop recording and, when the command changed anything, add its change
 * to the log in the current transaction; *id (may be NULL) is its number,
 * 0 when nothing changed.  h is freed either way.
 */
int fb_history_finish(struct fb_db *db, struct fb_history *h, const struct fb_history_cmd *c,
		      int64_t *id, struct fb_err *err);
/* 1 when the database changed since fb_history_start. */
int fb_history_changed(struct fb_db *db, const struct fb_history *h);
/* Stop recording and forget it (a command that failed).  h is freed. */
void fb_history_cancel(struct fb_db *db, struct fb_history *h);

/* A record a change created, changed or deleted. */
struct fb_history_record {
	char *kind;		/* "entry", "job", "setting", ... */
	char *key;		/* "7", "billing.rate" */
	int64_t id;		/* the key when it is a number (is_int) */
	int is_int;
	enum fb_db_op action;
};

struct fb_history_entry {
	int64_t id;
	int64_t at;
	char *who;
	char *command;
	char *refused;		/* why it cannot be undone; NULL: it can */
	int recorded;		/* its rows were recorded (records below) */
	int64_t undo_of;	/* it undid that change; 0: not an undo */
	int64_t undone_by;	/* the change that undid it; 0: none */
	struct fb_history_record *records;	/* by action, kind and key */
	size_t nrecords;
};

void fb_history_entry_release(struct fb_history_entry *e);
/* 1 when the change can be undone by its nature (not yet undone is another matter). */
int fb_history_undoable(const struct fb_history_entry *e);

/*
 * The most recent changes, newest first, at most limit (0: all).  *out is
 * the caller's: fb_history_list_free.
 */
int fb_history_list(struct fb_db *db, int64_t limit, struct fb_history_entry **out,
		    size_t *n, struct fb_err *err);
void fb_history_list_free(struct fb_history_entry *v, size_t n);

/*
 * Undo change id (0: the most recent change not undone that is not itself
 * an undo), in the current transaction: its records get back what they
 * were before it, exactly, and the AUTOINCREMENT counters it moved go
 * back when nothing later moved them.  *undone (released by the caller)
 * is the change as the log has it.  The command that calls this logs
 * itself with undo_of = undone->id.  Errors (FB_ERR_REFUSED unless said):
 *   nothing to undo
 *   unknown change '99'                                   (FB_ERR_NOTFOUND)
 *   cannot undo change 12 ('fixbill undo'): it is an undo
 *   cannot undo change 12 ('...'): it was undone by change 13
 *   cannot undo change 12 ('...'): it issued invoice INV-2026-00001 (the reason it was logged with)
 *   cannot undo change 12 ('...'): change 14 ('...') later changed entry 3
 *   cannot undo change 12 ('...'): entry 3 has changed since
 * with hints.
 */
int fb_history_undo(struct fb_db *db, int64_t id, struct fb_history_entry *undone,
		    struct fb_err *err);

/* The number the next change logged in this transaction will get. */
int64_t fb_history_next_id(struct fb_db *db);

#endif
