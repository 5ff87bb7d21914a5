/*
 * test-invoice.c - unit tests for lib/invoice.c on a real SQLite file:
 * a draft with nothing to bill leaves nothing behind, not even its id,
 * whatever the caller then commits (invoice run commits every client).
 */
#include "invoice.h"
#include "unit.h"
#include "unit-db.h"

/* One client with a job resolved on 2026-10-14 and one hour of work on it. */
static int
shop(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	int rc = fb_db_exec(db, &err,
			    "INSERT INTO config(key, value) VALUES ('billing.rate', '100')", "");

	if (rc == 0)
		rc = fb_db_exec(db, &err,
				"INSERT INTO clients(id, code, name, created) VALUES (1, 'acme', 'Acme', 0)", "");
	if (rc == 0)
		rc = fb_db_exec(db, &err,
				"INSERT INTO techs(id, handle, created) VALUES (1, 'sam', 0)", "");
	if (rc == 0)
		rc = fb_db_exec(db, &err,
				"INSERT INTO jobs(id, client_id, title, status, opened, resolved)"
				" VALUES (1, 1, 'One', 'resolved', 1791968400, 1791979200)", "");
	if (rc < 0)
		printf("# %s\n", err.msg);
	fb_err_release(&err);
	return rc;
}

static void
test_nothing_to_bill(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice_scope s = { 0 };
	int64_t id = -1;

	s.client_id = 1;
	s.through = 1793505600;		/* 2026-11-01 */
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK_INT(fb_invoice_create(db, &s, 0, &id, &err), 0);
	CHECK_INT(id, 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM invoices"), 0);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM sqlite_sequence WHERE name = 'invoices'"), 0);

	/* With work, the draft takes the first id: the empty one used none. */
	CHECK_INT(fb_db_exec(db, &err,
			     "INSERT INTO entries(job_id, tech_id, start, stop, created)"
			     " VALUES (1, 1, 1791969000, 1791972600, 0)", ""), 0);
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK_INT(fb_invoice_create(db, &s, 0, &id, &err), 1);
	CHECK_INT(id, 1);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM entries WHERE invoice_id = 1"), 1);
	CHECK_INT(unit_db_int(db, "SELECT total FROM invoices WHERE id = 1"), 10000);

	/* All of it is held now: a second draft is nothing again. */
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK_INT(fb_invoice_create(db, &s, 0, &id, &err), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM invoices"), 1);
	CHECK_INT(unit_db_int(db, "SELECT seq FROM sqlite_sequence WHERE name = 'invoices'"), 1);
	fb_err_release(&err);
}

int
main(void)
{
	struct fb_db *db = unit_db_open();

	if (shop(db) < 0)
		return 1;
	test_nothing_to_bill(db);
	unit_db_close(db);
	return unit_done();
}
