/*
 * test-db.c - unit tests for lib/db.c on a real SQLite file: a bulk
 * transaction skips SQLite's foreign-key checks, and only it; they are
 * back after its commit or rollback, and a bulk begin nested in an
 * ordinary transaction keeps them.
 */
#include "unit.h"
#include "unit-db.h"

/* Insert an entry of job 99, which does not exist: 0 when SQLite let it in. */
static int
dangling(struct fb_db *db)
{
	return fb_db_exec(db, NULL, "INSERT INTO entries(job_id, tech_id, start, stop, created)"
			  " VALUES (99, 1, 0, 60, 0)", "");
}

static int64_t
entries(struct fb_db *db)
{
	return unit_db_int(db, "SELECT count(*) FROM entries");
}

static void
test_bulk(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;

	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO techs(id, handle, created) VALUES (1, 'sam', 0)",
			     ""), 0);
	/* Ordinary transactions check every reference. */
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK(dangling(db) < 0);
	fb_db_rollback(db);

	/* A bulk transaction leaves it to its writer, until it ends. */
	CHECK_INT(fb_db_begin_bulk(db, &err), 0);
	CHECK_INT(dangling(db), 0);
	fb_db_rollback(db);
	CHECK_INT(entries(db), 0);
	CHECK(dangling(db) < 0);

	CHECK_INT(fb_db_begin_bulk(db, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM entries", ""), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK(dangling(db) < 0);

	/* Nested in an ordinary transaction, a bulk begin is that transaction. */
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK_INT(fb_db_begin_bulk(db, &err), 0);
	CHECK(dangling(db) < 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(entries(db), 0);
	fb_err_release(&err);
}

int
main(void)
{
	struct fb_db *db = unit_db_open();

	test_bulk(db);
	unit_db_close(db);
	return unit_done();
}
