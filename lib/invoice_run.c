/*
 * invoice_run.c - the database side of the month-end run: which clients
 * a period bills, and one client's draft made (or refreshed) and issued,
 * each client in a transaction of its own.  The report and the files are
 * cmd/invoice.c's.
 */
#include "invoice.h"

#include <stdlib.h>
#include <string.h>

#include "work.h"

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

/* Billable work of a job resolved before ?2, held by draft d. */
#define DRAFT_HOLDS_SCOPE \
	"(EXISTS (SELECT 1 FROM entries e JOIN jobs j ON j.id = e.job_id" \
	"  WHERE e.invoice_id = d.id AND j.resolved < ?2)" \
	" OR EXISTS (SELECT 1 FROM charges h JOIN jobs j ON j.id = h.job_id" \
	"  WHERE h.invoice_id = d.id AND j.resolved < ?2))"

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
		       "   AND " FB_UNBILLED("e.") ")"
		       "  OR EXISTS (SELECT 1 FROM charges h WHERE h.job_id = j.id"
		       "   AND h.invoice_id IS NULL)))"
		       " OR EXISTS (SELECT 1 FROM invoices d WHERE d.client_id = c.id"
		       "  AND d.status = 'draft' AND (d.period = ?1 OR " DRAFT_HOLDS_SCOPE "))"
		       /*
			* A block not billed yet, or a plan that may have a period
			* starting in the period (a superset, whatever the zone:
			* a client with nothing to bill gets no draft).
			*/
		       " OR EXISTS (SELECT 1 FROM blocks b WHERE b.client_id = c.id"
		       "  AND b.invoice_id IS NULL AND b.date <= date(?2, 'unixepoch', '+1 day'))"
		       " OR EXISTS (SELECT 1 FROM plans p WHERE p.client_id = c.id"
		       "  AND p.start <= date(?2, 'unixepoch', '+1 day'))"
		       " ORDER BY c.code", period, through, ids, n, err);
}

void
fb_invoice_run_step_release(struct fb_invoice_run_step *s)
{
	free(s->ids);
	free(s->created);
	memset(s, 0, sizeof(*s));
}

static void
step_add(struct fb_invoice_run_step *s, int64_t id, int created)
{
	fb_xgrow(&s->ids, &s->alloc, s->n + 1, sizeof(*s->ids));
	fb_xgrow(&s->created, &s->acreated, s->n + 1, sizeof(*s->created));
	s->ids[s->n] = id;
	s->created[s->n++] = created;
}

int
fb_invoice_run_client(struct fb_db *db, int64_t client_id, const char *period,
		      int64_t through, int issue, int64_t now,
		      struct fb_invoice_run_step *step, struct fb_err *err)
{
	struct fb_invoice_scope s = { 0 };
	struct fb_stmt *st;
	int64_t *drafts = NULL, id = 0;
	size_t ndrafts = 0, adrafts = 0;
	int created = 0, rc;

	/* Drafts made by hand that hold the period's work: refreshed, then issued. */
	st = fb_db_prepare(db, "SELECT d.id FROM invoices d WHERE d.client_id = ?1"
			   " AND d.status = 'draft' AND d.period IS NOT ?3"
			   " AND " DRAFT_HOLDS_SCOPE " ORDER BY d.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	fb_stmt_bind_int(st, 2, through);
	fb_stmt_bind_text(st, 3, period);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&drafts, &adrafts, ndrafts + 1, sizeof(*drafts));
		drafts[ndrafts++] = fb_stmt_int(st, 0);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < ndrafts; i++) {
		int64_t lines = 0;

		if (fb_invoice_refresh(db, drafts[i], now, err) < 0 ||
		    fb_db_int(db, err, &lines, "SELECT count(*) FROM invoice_lines"
			      " WHERE invoice_id = ?", "i", drafts[i]) < 0)
			goto fail;
		if (lines == 0)
			continue;
		if (issue && fb_invoice_issue(db, drafts[i], NULL, now, err) < 0)
			goto fail;
		step_add(step, drafts[i], 0);
	}
	free(drafts);
	drafts = NULL;

	s.client_id = client_id;
	s.through = through;
	s.period = period;
	if ((rc = fb_invoice_prepare(db, &s, now, &id, &created, err)) < 0)
		goto fail;
	if (rc == 0) {
		/* A refreshed draft whose work went elsewhere is of no use. */
		if (id > 0 && !created && fb_invoice_discard(db, id, err) < 0)
			goto fail;
		return step->n > 0;
	}
	if (issue && fb_invoice_issue(db, id, NULL, now, err) < 0)
		goto fail;
	step_add(step, id, created);
	return 1;
fail:
	free(drafts);
	return -1;
}

int
fb_invoice_run_one(struct fb_db *db, int64_t client_id, const char *period,
		   int64_t through, int issue, int dry, int64_t now,
		   struct fb_invoice **invs, int **created, size_t *n,
		   struct fb_err *err)
{
	struct fb_invoice_run_step step;
	int rc;

	memset(&step, 0, sizeof(step));
	*invs = NULL;
	*created = NULL;
	*n = 0;
	if (fb_db_begin(db, err) < 0)
		return -1;
	rc = fb_invoice_run_client(db, client_id, period, through, issue, now, &step, err);
	if (rc > 0) {
		*invs = fb_xcalloc(step.n, sizeof(**invs));
		for (size_t i = 0; i < step.n && rc > 0; i++) {
			fb_invoice_init(&(*invs)[i]);
			*n = i + 1;
			if (fb_invoice_load(db, step.ids[i], &(*invs)[i], err) < 0)
				rc = -1;
		}
		*created = step.created;
		step.created = NULL;
	}
	fb_invoice_run_step_release(&step);
	if (rc < 0 || dry) {
		fb_db_rollback(db);
		if (rc < 0) {
			for (size_t i = 0; i < *n; i++)
				fb_invoice_release(&(*invs)[i]);
			free(*invs);
			free(*created);
			*invs = NULL;
			*created = NULL;
			*n = 0;
		}
		return rc;
	}
	if (fb_db_commit(db, err) < 0)
		return -1;
	return rc;
}

int
fb_invoice_run_notes(struct fb_db *db, int64_t through, struct fb_invoice_run_note **v,
		     size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*v = NULL;
	*n = 0;
	/* Open jobs client by client (jobs_client), not among years of invoiced ones. */
	st = fb_db_prepare(db, "SELECT c.code, j.id FROM clients c CROSS JOIN jobs j"
			   " ON j.client_id = c.id"
			   " WHERE j.status = 'open' AND j.opened < ?1"
			   " AND (EXISTS (SELECT 1 FROM entries e WHERE e.job_id = j.id"
			   "  AND " FB_UNBILLED("e.") " AND e.start < ?1)"
			   " OR EXISTS (SELECT 1 FROM charges h WHERE h.job_id = j.id"
			   "  AND h.invoice_id IS NULL AND h.created < ?1))"
			   " ORDER BY c.code, j.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, through);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		const char *code = fb_stmt_text(st, 0);
		long long job = (long long)fb_stmt_int(st, 1);
		struct fb_invoice_run_note *last = *n ? &(*v)[*n - 1] : NULL;

		if (last && strcmp(last->client, code) == 0) {
			char *t = fb_xasprintf("%s, %lld", last->note, job);

			/* "job 4" becomes "jobs 4, 7". */
			if (strncmp(t, "unbilled work on open job ", 26) == 0) {
				char *u = fb_xasprintf("unbilled work on open jobs %s", t + 26);

				free(t);
				t = u;
			}
			free(last->note);
			last->note = t;
			continue;
		}
		fb_xgrow(v, &alloc, *n + 1, sizeof(**v));
		(*v)[*n].client = fb_xstrdup(code);
		(*v)[(*n)++].note = fb_xasprintf("unbilled work on open job %lld", job);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_invoice_run_notes_free(*v, *n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_invoice_run_notes_free(struct fb_invoice_run_note *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].client);
		free(v[i].note);
	}
	free(v);
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
