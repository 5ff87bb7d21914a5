/*
 * invoice_run.c - the database side of the month-end run: which clients
 * a period bills, and one client's draft made (or refreshed) and issued,
 * each client in a transaction of its own.  The report and the files are
 * cmd/invoice.c's.
 */
#include "invoice.h"

#include <stdlib.h>

static int
collect(struct fb_db *db, const char *sql, const char *period, int64_t through,
	int64_t **ids, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((st = fb_db_prepare(db, sql, err)) == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, period);
	fb_stmt_bind_int(st, 2, through);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(ids, &alloc, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = fb_stmt_int(st, 0);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
fb_invoice_run_clients(struct fb_db *db, int64_t through, const char *period,
		       int64_t **ids, size_t *n, struct fb_err *err)
{
	/* The same work fb_invoice_create would claim for the scope. */
	return collect(db,
		       "SELECT c.id FROM clients c WHERE EXISTS"
		       " (SELECT 1 FROM jobs j WHERE j.client_id = c.id"
		       "  AND j.status = 'resolved' AND j.resolved < ?2"
		       "  AND (EXISTS (SELECT 1 FROM entries e WHERE e.job_id = j.id"
		       "   AND e.invoice_id IS NULL AND e.billable = 1 AND e.stop IS NOT NULL)"
		       "  OR EXISTS (SELECT 1 FROM charges h WHERE h.job_id = j.id"
		       "   AND h.invoice_id IS NULL)))"
		       " OR EXISTS (SELECT 1 FROM invoices i WHERE i.client_id = c.id"
		       "  AND i.status = 'draft' AND i.period = ?1)"
		       " ORDER BY c.code", period, through, ids, n, err);
}

int
fb_invoice_run_client(struct fb_db *db, int64_t client_id, const char *period,
		      int64_t through, int issue, int64_t now, int64_t *id,
		      int *created, struct fb_err *err)
{
	struct fb_invoice_scope s = { 0 };
	int rc;

	s.client_id = client_id;
	s.through = through;
	s.period = period;
	*id = 0;
	if ((rc = fb_invoice_prepare(db, &s, now, id, created, err)) < 0)
		return -1;
	if (rc == 0) {
		/* A refreshed draft whose work went elsewhere is of no use. */
		if (*id > 0 && !*created && fb_invoice_discard(db, *id, err) < 0)
			return -1;
		*id = 0;
		return 0;
	}
	if (issue && fb_invoice_issue(db, *id, NULL, now, err) < 0)
		return -1;
	return 1;
}

int
fb_invoice_run_one(struct fb_db *db, int64_t client_id, const char *period,
		   int64_t through, int issue, int dry, int64_t now, int *created,
		   struct fb_invoice *inv, struct fb_err *err)
{
	int64_t id = 0;
	int rc;

	*created = 0;
	if (fb_db_begin(db, err) < 0)
		return -1;
	rc = fb_invoice_run_client(db, client_id, period, through, issue, now, &id,
				   created, err);
	if (rc > 0 && fb_invoice_load(db, id, inv, err) < 0)
		rc = -1;
	if (rc < 0 || dry) {
		fb_db_rollback(db);
		return rc;
	}
	if (fb_db_commit(db, err) < 0)
		return -1;
	return rc;
}

int
fb_invoice_run_issued(struct fb_db *db, const char *period, int64_t **ids,
		      size_t *n, struct fb_err *err)
{
	return collect(db,
		       "SELECT id FROM invoices WHERE period = ?1 AND kind = 'invoice'"
		       " AND status IN ('issued', 'paid') AND ?2 = ?2 ORDER BY seq, id",
		       period, 0, ids, n, err);
}
