/*
 * output.h - every file fixbill writes (SPEC section 15), after git's
 * lockfile.c.  No other code opens a path the user gave for writing or
 * removes one.
 *
 * A regular target (or one that does not exist yet) is written into a new
 * temporary file beside it, created exclusively (never through a planted
 * symlink), and renamed over the target only by fb_output_commit, after
 * it is flushed and synced.  fb_output_abort removes only that temporary
 * file: an existing file at the target stays as it was.  A symlink to a
 * regular file is followed, and the file it names is replaced.  A target
 * that is not a regular file (a FIFO, a device, /dev/stdout) is written
 * directly and never removed.  The database and its -wal, -shm and
 * -journal files are refused as targets.
 *
 *	struct fb_output o = FB_OUTPUT_INIT;
 *
 *	if (fb_output_open(&o, path, db_path, &err) < 0)
 *		return -1;
 *	fprintf(o.fp, ...);
 *	if (fb_output_commit(&o, &err) < 0)	// on failure it aborts
 *		return -1;
 *
 * Libraries that write a file by name (libxlsxwriter, libharu) use
 * fb_output_open_named and write to fb_output_path(&o) instead of o.fp.
 */
#ifndef FB_OUTPUT_H
#define FB_OUTPUT_H

#include <stdio.h>

#include "util.h"

struct fb_output {
	char *target;		/* the file being replaced; NULL for standard output */
	char *tmp;		/* our temporary file, or NULL */
	FILE *fp;		/* where to write; NULL for a named output */
	int fd;			/* a direct target's descriptor, or -1 */
	int direct;		/* written in place, not renamed */
	int named;		/* written by name, through tmp */
	int is_stdout;
};

#define FB_OUTPUT_INIT { NULL, NULL, NULL, -1, 0, 0, 0 }

/*
 * Start writing target; NULL or "-" is standard output.  guard is the
 * database path (may be NULL): it and its side files are refused with
 * FB_ERR_REFUSED "cannot write 'PATH': it is the fixbill database".  Other
 * failures are FB_ERR_RUNTIME "cannot write 'PATH': <why>".  On success
 * o->fp is open for writing.
 */
int fb_output_open(struct fb_output *o, const char *target, const char *guard,
		   struct fb_err *err);

/*
 * As fb_output_open, for a library that writes a file by name: o->fp is
 * NULL and fb_output_path names the (empty, existing) file to write.  For
 * a direct target or standard output that file is a temporary one in
 * $TMPDIR, copied to the target by fb_output_commit.
 */
int fb_output_open_named(struct fb_output *o, const char *target,
			 const char *guard, struct fb_err *err);
const char *fb_output_path(const struct fb_output *o);

/*
 * The name to show the user for the output: the target, or "standard
 * output".
 */
const char *fb_output_name(const struct fb_output *o);

/*
 * Finish: flush, sync and rename into place (or copy, for a named output
 * to a direct target).  On failure the output is aborted and err says
 * why.  Either way o is released.
 */
int fb_output_commit(struct fb_output *o, struct fb_err *err);

/* Give up: remove the temporary file, if any, and release o.  Idempotent. */
void fb_output_abort(struct fb_output *o);

/*
 * A private scratch file, for a library that reads only from files
 * (libharu's fonts): the len bytes of data in a new file in $TMPDIR,
 * created exclusively (mode 0600).  Its path, the caller's to pass to
 * fb_output_scratch_remove, which removes the file and frees the path;
 * NULL with err set ("cannot create a temporary file: <why>").
 */
char *fb_output_scratch(const void *data, size_t len, struct fb_err *err);
void fb_output_scratch_remove(char *path);

/*
 * 1 when path names the database db_path or one of its -wal, -shm or
 * -journal files (through symlinks and hard links alike), else 0.
 */
int fb_output_is_database(const char *path, const char *db_path);

#endif
