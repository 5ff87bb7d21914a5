/*
 * db_backup.c - `db backup FILE` (SPEC section 15): a copy that takes
 * FILE's name only once it is whole and sound.  The copying is lib/db.c's
 * (fb_db_copy); the file handling is lib/output.h's, so the rules of every
 * file fixbill writes hold here too: a new temporary file beside FILE,
 * created exclusively, synced and renamed over it; on failure only that
 * temporary file is removed; FIFOs and devices are written directly; the
 * database itself is refused.
 */
#include "db.h"

#include "output.h"

int
fb_db_backup(struct fb_db *db, const char *path, struct fb_err *err)
{
	struct fb_output o = FB_OUTPUT_INIT;

	if (fb_output_open_named(&o, path, fb_db_path(db), err) < 0)
		return -1;
	if (fb_db_copy(db, fb_output_path(&o), err) < 0) {
		fb_err_prefix(err, "cannot back up to '%s'", path);
		fb_output_abort(&o);
		return -1;
	}
	return fb_output_commit(&o, err);
}
