/*
 * db.h - the fixbill database: opening, migrations, transactions and
 * statements.  This is the only module that talks to SQLite; everything
 * else uses the small statement interface below.
 */
#ifndef FB_DB_H
#define FB_DB_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct fb_db;
struct fb_stmt;

/*
 * FB_DB_ASAN is defined when built with AddressSanitizer: SQLite's memory
 * (lib/db.c's allocator) then poisons what is not in use.
 */
#if defined(__SANITIZE_ADDRESS__)
#define FB_DB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FB_DB_ASAN 1
#endif
#endif

/*
 * The database path by SPEC section 1: $FIXBILL_DB, else
 * $XDG_DATA_HOME/fixbill/fixbill.db, else ~/.local/share/fixbill/fixbill.db.
 * (--db is the caller's business.)  Caller frees; NULL when no home is known.
 */
char *fb_db_default_path(void);

/*
 * Open (with FB_DB_CREATE creating it with mode 0600, in directories made 0700) and migrate the
 * database at path.  Foreign keys on, WAL, a busy timeout so concurrent
 * commands wait for each other.  On success *out is the caller's, to
 * fb_db_close.  Refused untouched (not a byte written, no -wal or -shm
 * left beside it):
 *  - a database made by a newer fixbill (FB_ERR_RUNTIME "cannot open
 *    database 'PATH': schema version 9 is newer than this fixbill's (7)");
 *  - a file that is not fixbill's: another application id, or tables
 *    but neither fixbill's application id nor the tables of an older
 *    fixbill at its schema version (FB_ERR_RUNTIME "cannot open database
 *    'PATH': it is not a fixbill database");
 *  - without FB_DB_CREATE, an empty file (FB_ERR_NOTFOUND "no database
 *    at 'PATH': the file is empty").
 */
int fb_db_open(const char *path, int flags, struct fb_db **out, struct fb_err *err);

/*
 * fb_db_open flags.  Without FB_DB_CREATE a missing file is not created:
 * FB_ERR_NOTFOUND "no database at 'PATH'" (read-only commands, db check,
 * --dry-run).
 */
#define FB_DB_CREATE 0x1
void fb_db_close(struct fb_db *db);

/* The schema version this binary creates, and the database's. */
int fb_db_schema_version(void);
int fb_db_version(struct fb_db *db);
const char *fb_db_path(struct fb_db *db);

/*
 * Transactions.  fb_db_begin takes the write lock at once (BEGIN
 * IMMEDIATE) so a command never fails half way for want of it.  Nested
 * begins are counted; only the outermost commit commits.  fb_db_rollback
 * undoes the whole outermost transaction.
 */
int fb_db_begin(struct fb_db *db, struct fb_err *err);
/*
 * 1 when the last fb_db_begin failed because another process held the
 * write lock for the whole busy timeout (a minute, or
 * $FIXBILL_BUSY_TIMEOUT milliseconds): FB_ERR_RUNTIME
 *   cannot lock database 'PATH': another command is writing to it
 * Waiting again will not help a command that would begin many times.
 */
int fb_db_busy(struct fb_db *db);
int fb_db_commit(struct fb_db *db, struct fb_err *err);
/*
 * A read transaction: every query until fb_db_commit sees one snapshot
 * (a report's several queries agree even while others write).
 */
int fb_db_begin_read(struct fb_db *db, struct fb_err *err);
/*
 * A write transaction without SQLite's foreign-key checks, which cost a
 * parent lookup per reference of every row written: for a bulk writer
 * that checks the references it wrote once, before it commits (see
 * fb_import).  When size, the bytes of input the writer expects to store
 * (0: unknown), is FB_DB_BULK_JOURNAL or more and no other connection
 * has the file open, it is also written through a rollback journal
 * instead of WAL, which writes every page twice; readers that come
 * meanwhile wait for the commit, as writers always do.  (Below that, a
 * failed write leaves the file the same to the byte: leaving WAL and
 * coming back rewrites its header.)  The checks and WAL are back after
 * the commit or rollback.  Nested in another transaction it is that
 * transaction, checks and all.
 */
#define FB_DB_BULK_JOURNAL	((int64_t)32 << 20)	/* about 380,000 rows of CSV */
int fb_db_begin_bulk(struct fb_db *db, int64_t size, struct fb_err *err);
void fb_db_rollback(struct fb_db *db);
/*
 * Let the write-ahead log grow to about `bytes` before a commit copies it
 * into the database (SQLite's checkpoint; by default past 1000 pages, 4
 * MiB), for the rest of db's life.  For a command that commits many
 * transactions in a row which rewrite the same pages (the month-end run:
 * a transaction per client, each rewriting pages of entries the others
 * rewrite too): each checkpoint waits for two syncs to the disk and
 * copies every page the log holds, once however often it was written
 * since the last.  The log's file keeps the size it reached until the
 * last connection closes, which checkpoints it and removes it.
 */
int fb_db_wal_window(struct fb_db *db, int64_t bytes, struct fb_err *err);

/*
 * A prepared statement, cached on db by (a copy of) its SQL text and handed out
 * reset with no bindings.  Do not free it; call fb_stmt_reset when done
 * (or let the next fb_db_prepare of the same SQL do it).  A statement is
 * not reentrant: don't prepare the same SQL again while stepping it.
 */
struct fb_stmt *fb_db_prepare(struct fb_db *db, const char *sql, struct fb_err *err);
/* Bind parameter idx (1-based).  A NULL text binds SQL NULL. */
void fb_stmt_bind_int(struct fb_stmt *st, int idx, int64_t v);
void fb_stmt_bind_text(struct fb_stmt *st, int idx, const char *s);
void fb_stmt_bind_null(struct fb_stmt *st, int idx);
/* Bind len bytes at data as a blob (copied). */
void fb_stmt_bind_blob(struct fb_stmt *st, int idx, const void *data, size_t len);
/* Bind int, or NULL when isnull. */
void fb_stmt_bind_opt(struct fb_stmt *st, int idx, int64_t v, int isnull);
/* 1: a row is ready; 0: done; -1: error in err (statement is reset). */
int fb_stmt_step(struct fb_stmt *st, struct fb_err *err);
int64_t fb_stmt_int(struct fb_stmt *st, int col);
/* Borrowed until the next step or reset; NULL for SQL NULL. */
const char *fb_stmt_text(struct fb_stmt *st, int col);
/* fb_xstrdup of the column, or NULL for SQL NULL. */
char *fb_stmt_dup(struct fb_stmt *st, int col);
int fb_stmt_isnull(struct fb_stmt *st, int col);
/* The number of columns the statement's rows have. */
int fb_stmt_columns(struct fb_stmt *st);
/* A blob column, borrowed as fb_stmt_text; *len its size.  NULL for SQL NULL. */
const void *fb_stmt_blob(struct fb_stmt *st, int col, size_t *len);
void fb_stmt_reset(struct fb_stmt *st);

/*
 * Run one statement to completion, binding the variable arguments in
 * order by the letters of fmt: 'i' int64_t, 't' const char * (NULL binds
 * NULL), 'n' nothing (binds NULL).  Returns 0 or -1.
 */
int fb_db_exec(struct fb_db *db, struct fb_err *err, const char *sql,
	       const char *fmt, ...);
/*
 * Like fb_db_exec for a query of one integer: 1 with *out set, 0 when no
 * row (or NULL), -1 on error.
 */
int fb_db_int(struct fb_db *db, struct fb_err *err, int64_t *out,
	      const char *sql, const char *fmt, ...);
/* As fb_db_int for text: *out is allocated, caller frees. */
int fb_db_text(struct fb_db *db, struct fb_err *err, char **out,
	       const char *sql, const char *fmt, ...);
/*
 * For a "did you mean" hint: of the names a query of one text column
 * gives (trusted SQL, no parameters), the first closest to s by edit
 * distance, at most 2 edits away; NULL when none is, or on any error
 * (a hint is never worth a failure).  Caller frees.
 */
char *fb_db_closest(struct fb_db *db, const char *sql, const char *s);
/* Run several statements of trusted SQL (no parameters). */
int fb_db_script(struct fb_db *db, const char *sql, struct fb_err *err);

int64_t fb_db_last_id(struct fb_db *db);
int fb_db_changes(struct fb_db *db);

/*
 * Rows the caller holds in memory, readable by SQL as the table fb_rows
 * (columns c0 to c15) until fb_db_rows_end: one INSERT ... SELECT FROM
 * fb_rows stores a million rows without a statement per row, which
 * costs SQLite opening and closing a cursor on every index each time.
 * cell fills column col of row i; rows for which keep returns 0 are left
 * out (keep may be NULL).  One set of rows at a time.
 */
struct fb_db_cell {
	enum { FB_CELL_NULL, FB_CELL_INT, FB_CELL_TEXT } type;
	int64_t i;
	const char *s;		/* lives as long as the rows */
};

struct fb_db_rows {
	size_t n;
	void (*cell)(void *arg, size_t i, int col, struct fb_db_cell *out);
	int (*keep)(void *arg, size_t i);
	void *arg;
};

int fb_db_rows_begin(struct fb_db *db, const struct fb_db_rows *rows,
		     struct fb_err *err);
void fb_db_rows_end(struct fb_db *db);

/*
 * Recording what a command changes, with SQLite's session extension
 * (lib/history.c keeps the log).  Between fb_db_record_start and
 * fb_db_record_stop every row of every table but "log" that is created,
 * changed or deleted is recorded with its values before and after, the
 * full-text indexes' own tables included; several changes to one row
 * make one.  SQLite records only tables with a primary key: a change to
 * another table is named by fb_db_record_stop.
 */
int fb_db_record_start(struct fb_db *db, struct fb_err *err);
/*
 * Stop recording: *changes (caller frees; NULL when nothing changed) of
 * *len bytes is the changeset; *unrecorded (caller frees) is NULL, or
 * the name of a table that changed and could not be recorded.
 */
int fb_db_record_stop(struct fb_db *db, void **changes, size_t *len,
		      char **unrecorded, struct fb_err *err);
/* Stop recording and forget it (a command that failed). */
void fb_db_record_cancel(struct fb_db *db);
/*
 * Rows changed since the database was opened (triggers' included), but
 * for those fb_db_scratch_changes left out.
 */
int64_t fb_db_total_changes(struct fb_db *db);
/*
 * The rows changed since `since` (an fb_db_total_changes value) were rows
 * of temporary tables, a command's scratch space: leave them out of
 * fb_db_total_changes, which tells whether a command changed the database
 * (an import that finds every row stored already changes nothing).
 */
void fb_db_scratch_changes(struct fb_db *db, int64_t since);

/* One row of a changeset, valid only during fb_db_changes_each's callback. */
struct fb_db_change;
enum fb_db_op { FB_DB_INSERT, FB_DB_UPDATE, FB_DB_DELETE };

const char *fb_db_change_table(const struct fb_db_change *c);
enum fb_db_op fb_db_change_op(const struct fb_db_change *c);
/*
 * 1 when the table is one a full-text index keeps for itself (its rows
 * are derived from other tables by triggers).
 */
int fb_db_change_derived(const struct fb_db_change *c);
/*
 * The row's primary key as text ("7"; the columns of a key of several
 * joined by '/').  Caller frees.  *id is the key when it is one integer
 * column (*is_int 1).
 */
char *fb_db_change_key(const struct fb_db_change *c, int64_t *id, int *is_int);
/*
 * Column col of the row before (after 0) or after (after 1) the change,
 * as text: 1 with *text (caller frees; NULL for SQL NULL); 0 when the
 * changeset does not hold it (an update holds only the key and the
 * columns it changed; an insert has no before, a delete no after).
 */
int fb_db_change_value(const struct fb_db_change *c, const char *col, int after,
		       char **text);

/*
 * Call cb for each row of the changeset, in its order; a nonzero return
 * from cb stops there and is returned.  -1 with err for a changeset
 * that cannot be read.
 */
int fb_db_changes_each(struct fb_db *db, const void *changes, size_t len,
		       int (*cb)(const struct fb_db_change *c, void *arg), void *arg,
		       struct fb_err *err);

/*
 * Undo a changeset: every row it created is deleted, every row it
 * changed or deleted gets back its values before.  Each row must still
 * be exactly as the changeset left it, and no row may be left referring
 * to one that is gone; otherwise nothing is changed and conflict says
 * which row (table and key, caller frees; foreign 1 for a reference
 * that would break): FB_ERR_REFUSED.  Triggers do not run, so a
 * full-text index gets back its own rows exactly; with
 * FB_DB_REVERT_KEEP_DERIVED the index's rows are left out and the
 * triggers run instead, for when later changes rewrote the same rows of
 * the index.
 */
#define FB_DB_REVERT_KEEP_DERIVED 0x1
struct fb_db_conflict {
	char *table;
	char *key;
	int foreign;
};
int fb_db_changes_revert(struct fb_db *db, const void *changes, size_t len, int flags,
			 struct fb_db_conflict *conflict, struct fb_err *err);

/*
 * Online backup of the whole database to path (lib/db_backup.c), through
 * lib/output.h: the copy is made in a new temporary file beside path
 * (0600) by fb_db_copy and renamed over path only when it is sound.  A
 * failed or interrupted backup leaves path as it was (no file, or the old
 * one); path may not be the database or its side files (FB_ERR_REFUSED).
 * Other failures are FB_ERR_RUNTIME "cannot back up to 'PATH': <why>".
 */
int fb_db_backup(struct fb_db *db, const char *path, struct fb_err *err);

/*
 * Copy the database into file, an empty file the caller made: SQLite's
 * online backup, consistent while others write, as one self-contained
 * file (not WAL), which must then pass SQLite's integrity check.  On
 * failure err says why ("disk I/O error", "the copy fails the integrity
 * check: ..."), FB_ERR_RUNTIME, and file holds nothing of use.
 */
int fb_db_copy(struct fb_db *db, const char *file, struct fb_err *err);

/*
 * Are fixbill's triggers and views all there, exactly as its migrations
 * made them, and no others?  They keep issued records immutable and
 * define the tamper-evident chain's content (lib/chain.h).  The
 * expected ones are made again by running the migrations on a database
 * in memory.  Each difference ("trigger 'invoices_frozen' is missing",
 * "... is not as fixbill made it", "... is not fixbill's") goes to cb;
 * returns their number, or -1 with err set.
 */
int fb_db_check_schema(struct fb_db *db, void (*cb)(const char *problem, void *arg),
		       void *arg, struct fb_err *err);

/*
 * SHA-256 of len bytes at data as 64 lowercase hex digits and a NUL:
 * the hash of lib/chain.c, also SQL function fb_sha256(text) on every
 * connection (for the migrations; it may not be used by a view or a
 * trigger).
 */
#define FB_SHA256_HEX 64
void fb_sha256_hex(const void *data, size_t len, char hex[FB_SHA256_HEX + 1]);

/*
 * SQLite's own integrity and foreign-key checks.  Each problem found is
 * handed to cb; returns the number of problems, or -1 on error.
 */
int fb_db_integrity(struct fb_db *db, void (*cb)(const char *problem, void *arg),
		    void *arg, struct fb_err *err);

#endif
