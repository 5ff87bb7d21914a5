/*
 * plan.c - prepaid blocks and managed-service plans in the database:
 * the records, and what they add to a draft while it is priced.
 */
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "when.h"

static char *
day_text(int64_t days)
{
	int y, m, d;

	fb_civil_from_days(days, &y, &m, &d);
	return fb_xasprintf("%04d-%02d-%02d", y, m, d);
}

/* Days of a stored YYYY-MM-DD (fixbill wrote it: well formed). */
static int64_t
text_day(const char *s)
{
	int y = 0, m = 0, d = 0;

	if (s == NULL || sscanf(s, "%d-%d-%d", &y, &m, &d) != 3)
		return INT64_MAX;
	return fb_days_from_civil(y, m, d);
}

static int
months_of(const char *every)
{
	return strcmp(every, "year") == 0 ? 12 : strcmp(every, "quarter") == 0 ? 3 : 1;
}

int
fb_block_add(struct fb_db *db, int64_t client_id, int64_t seconds, int64_t price,
	     const char *date, const char *expires, const char *note, int64_t now,
	     int64_t *id, struct fb_err *err)
{
	if (expires && strcmp(expires, date) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid block: expires '%s' is before"
				  " its date '%s'", expires, date);
	if (fb_db_exec(db, err, "INSERT INTO blocks(client_id, date, expires, seconds, price,"
		       " currency, note, created) SELECT id, ?2, ?3, ?4, ?5,"
		       " coalesce(currency, (SELECT value FROM config WHERE key = 'currency'),"
		       " 'USD'), ?6, ?7 FROM clients WHERE id = ?1",
		       "ittiiti", client_id, date, expires, seconds, price, note, now) < 0)
		return -1;
	*id = fb_db_last_id(db);
	return 0;
}

void
fb_block_free(struct fb_block *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].client);
		free(v[i].date);
		free(v[i].expires);
		free(v[i].currency);
		free(v[i].invoice);
		free(v[i].note);
	}
	free(v);
}

int
fb_block_list(struct fb_db *db, int64_t client_id, const char *today,
	      struct fb_block **v, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*v = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT b.id, c.code, b.date, b.expires, b.seconds,"
			   " coalesce((SELECT sum(d.seconds) FROM block_draws d JOIN invoices i"
			   "  ON i.id = d.invoice_id WHERE d.block_id = b.id AND i.status <> 'void'), 0),"
			   " b.price, b.currency,"
			   " (SELECT coalesce(i.number, 'draft ' || i.id) FROM invoices i"
			   "  WHERE i.id = b.invoice_id), b.note"
			   " FROM blocks b JOIN clients c ON c.id = b.client_id"
			   " WHERE ?1 = 0 OR b.client_id = ?1 ORDER BY c.code, b.date, b.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_block *b;

		fb_xgrow(v, &alloc, *n + 1, sizeof(**v));
		b = &(*v)[(*n)++];
		memset(b, 0, sizeof(*b));
		b->id = fb_stmt_int(st, 0);
		b->client = fb_stmt_dup(st, 1);
		b->date = fb_stmt_dup(st, 2);
		b->expires = fb_stmt_dup(st, 3);
		b->seconds_bought = fb_stmt_int(st, 4);
		b->seconds_used = fb_stmt_int(st, 5);
		b->price = fb_stmt_int(st, 6);
		b->currency = fb_stmt_dup(st, 7);
		b->invoice = fb_stmt_dup(st, 8);
		b->note = fb_stmt_dup(st, 9);
		if (b->expires && today && strcmp(b->expires, today) < 0 &&
		    b->seconds_used < b->seconds_bought)
			b->seconds_expired = b->seconds_bought - b->seconds_used;
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_block_free(*v, *n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* The latest plan of client_id running on a day of first..last (last NULL: no end). */
static int
plan_on(struct fb_db *db, int64_t client_id, const char *first, const char *last,
	int64_t *id, struct fb_err *err)
{
	return fb_db_int(db, err, id, "SELECT id FROM plans WHERE client_id = ?1"
			 " AND start <= coalesce(?3, '9999-12-31')"
			 " AND (end IS NULL OR end >= ?2) ORDER BY start DESC, id DESC LIMIT 1",
			 "itt", client_id, first, last);
}

int
fb_plan_add(struct fb_db *db, int64_t client_id, int64_t fee, const char *every,
	    const char *from, const char *to, const char *covers, const char *desc,
	    int64_t now, int64_t *id, struct fb_err *err)
{
	int64_t other = 0;
	char *start = NULL, *code = NULL;
	int rc;

	if (to && strcmp(to, from) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid plan: --to '%s' is before --from"
				  " '%s'", to, from);
	if ((rc = plan_on(db, client_id, from, to, &other, err)) < 0)
		return -1;
	if (rc > 0) {
		if (fb_db_text(db, err, &start, "SELECT start FROM plans WHERE id = ?", "i",
			       other) < 0 ||
		    fb_db_text(db, err, &code, "SELECT code FROM clients WHERE id = ?", "i",
			       client_id) < 0) {
			free(start);
			return -1;
		}
		fb_err_set(err, FB_ERR_REFUSED, "cannot add a plan for '%s': plan %lld runs"
			   " from %s", code, (long long)other, start);
		fb_err_hint(err, "end it first: fixbill plan end %s --on DATE", code);
		free(start);
		free(code);
		return -1;
	}
	if (fb_db_exec(db, err, "INSERT INTO plans(client_id, fee, currency, every, start, end,"
		       " covers, description, created) SELECT id, ?2,"
		       " coalesce(currency, (SELECT value FROM config WHERE key = 'currency'),"
		       " 'USD'), ?3, ?4, ?5, ?6, ?7, ?8 FROM clients WHERE id = ?1",
		       "iittttti", client_id, fee, every, from, to, covers, desc, now) < 0)
		return -1;
	*id = fb_db_last_id(db);
	return 0;
}

void
fb_plan_free(struct fb_plan *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].client);
		free(v[i].currency);
		free(v[i].every);
		free(v[i].from);
		free(v[i].to);
		free(v[i].covers);
		free(v[i].description);
	}
	free(v);
}

int
fb_plan_list(struct fb_db *db, int64_t client_id, struct fb_plan **v, size_t *n,
	     struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*v = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT p.id, c.code, p.fee, p.currency, p.every, p.start, p.end,"
			   " p.covers, p.description FROM plans p JOIN clients c ON c.id = p.client_id"
			   " WHERE ?1 = 0 OR p.client_id = ?1 ORDER BY c.code, p.start, p.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_plan *p;

		fb_xgrow(v, &alloc, *n + 1, sizeof(**v));
		p = &(*v)[(*n)++];
		p->id = fb_stmt_int(st, 0);
		p->client = fb_stmt_dup(st, 1);
		p->fee = fb_stmt_int(st, 2);
		p->currency = fb_stmt_dup(st, 3);
		p->every = fb_stmt_dup(st, 4);
		p->from = fb_stmt_dup(st, 5);
		p->to = fb_stmt_dup(st, 6);
		p->covers = fb_stmt_dup(st, 7);
		p->description = fb_stmt_dup(st, 8);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_plan_free(*v, *n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

int
fb_plan_end(struct fb_db *db, int64_t client_id, const char *on, int64_t *id,
	    struct fb_err *err)
{
	char *number = NULL, *last = NULL, *code = NULL;
	int rc;

	if ((rc = plan_on(db, client_id, on, on, id, err)) < 0)
		return -1;
	if (rc == 0) {
		if (fb_db_text(db, err, &code, "SELECT code FROM clients WHERE id = ?", "i",
			       client_id) < 0)
			return -1;
		fb_err_set(err, FB_ERR_NOTFOUND, "no plan of '%s' runs on %s", code, on);
		free(code);
		return -1;
	}
	rc = fb_db_text(db, err, &number, "SELECT coalesce(i.number, 'draft ' || i.id)"
			" FROM plan_periods p JOIN invoices i ON i.id = p.invoice_id"
			" WHERE p.plan_id = ? AND p.last > ? AND i.status <> 'void'"
			" ORDER BY p.last DESC LIMIT 1", "it", *id, on);
	if (rc > 0 && fb_db_text(db, err, &last, "SELECT max(p.last) FROM plan_periods p"
				 " JOIN invoices i ON i.id = p.invoice_id WHERE p.plan_id = ?"
				 " AND i.status <> 'void'", "i", *id) >= 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot end plan %lld on %s: %s bills it through %s",
			   (long long)*id, on, number, last);
		fb_err_hint(err, "void or discard %s first", number);
	}
	free(number);
	free(last);
	if (rc != 0)
		return -1;
	return fb_db_exec(db, err, "UPDATE plans SET end = ?2 WHERE id = ?1", "it", *id, on);
}

int
fb_plan_monthly_fee(struct fb_db *db, int64_t client_id, const char *first,
		    const char *last, int64_t *fee, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	st = fb_db_prepare(db, "SELECT fee, every FROM plans WHERE client_id = ?1"
			   " AND start <= ?3 AND (end IS NULL OR end >= ?2)"
			   " ORDER BY start DESC, id DESC LIMIT 1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	fb_stmt_bind_text(st, 2, first);
	fb_stmt_bind_text(st, 3, last);
	rc = fb_stmt_step(st, err);
	if (rc == 1) {
		int months = months_of(fb_stmt_text(st, 1));
		int64_t f = fb_stmt_int(st, 0);

		/* Half away from zero, as everywhere: fees are not negative. */
		*fee = (f + months / 2) / months;
	}
	fb_stmt_reset(st);
	return rc;
}

int
fb_plan_claim(struct fb_db *db, int64_t id, int64_t client_id, int64_t through,
	      const char *period, int *claimed, struct fb_err *err)
{
	char *day = fb_when_date(through - 1);
	struct fb_period per;
	struct fb_stmt *st;
	char *pfirst = NULL, *plast = NULL;
	struct row { int64_t id, fee, first, last; int months; } *rows = NULL;
	size_t nrows = 0, arows = 0;
	int rc;

	rc = fb_db_exec(db, err, "UPDATE blocks SET invoice_id = ?1 WHERE client_id = ?2"
			" AND invoice_id IS NULL AND date <= ?3", "iit", id, client_id, day);
	free(day);
	if (rc < 0)
		return -1;
	*claimed += fb_db_changes(db);
	if (period == NULL)
		return 0;
	if (fb_period_parse(period, &per, err) < 0)
		return -1;
	pfirst = fb_civil_date(&per.first);
	plast = fb_civil_date(&per.last);
	st = fb_db_prepare(db, "SELECT id, fee, every, start, end FROM plans WHERE client_id = ?1"
			   " AND start <= ?3 AND (end IS NULL OR end >= ?2) ORDER BY start, id", err);
	if (st == NULL)
		goto fail;
	fb_stmt_bind_int(st, 1, client_id);
	fb_stmt_bind_text(st, 2, pfirst);
	fb_stmt_bind_text(st, 3, plast);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&rows, &arows, nrows + 1, sizeof(*rows));
		rows[nrows].id = fb_stmt_int(st, 0);
		rows[nrows].fee = fb_stmt_int(st, 1);
		rows[nrows].months = months_of(fb_stmt_text(st, 2));
		rows[nrows].first = text_day(fb_stmt_text(st, 3));
		rows[nrows].last = text_day(fb_stmt_text(st, 4));
		nrows++;
	}
	fb_stmt_reset(st);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < nrows; i++) {
		int64_t pf = text_day(pfirst), pl = text_day(plast);
		int64_t a = pf > rows[i].first ? pf : rows[i].first;

		for (; a <= pl && a <= rows[i].last; a = fb_cover_next_period(rows[i].months, a)) {
			int64_t f, l, amount, billed = 0;
			char *ft, *lt;

			if (fb_cover_period(rows[i].fee, rows[i].months, a, rows[i].first,
					    rows[i].last, &f, &l, &amount) < 0) {
				if (f <= l) {
					fb_err_set(err, FB_ERR_RUNTIME, "cannot bill plan %lld:"
						   " the fee is too large", (long long)rows[i].id);
					goto fail;
				}
				continue;
			}
			/* Only the periods that start in the run's period. */
			if (f < pf || f > pl)
				continue;
			ft = day_text(f);
			lt = day_text(l);
			rc = fb_db_int(db, err, &billed, "SELECT 1 FROM plan_periods p JOIN invoices i"
				       " ON i.id = p.invoice_id WHERE p.plan_id = ? AND p.first = ?"
				       " AND i.status <> 'void' LIMIT 1", "it", rows[i].id, ft);
			if (rc == 0)
				rc = fb_db_exec(db, err, "INSERT INTO plan_periods(invoice_id, plan_id,"
						" first, last, amount, pos) VALUES (?1, ?2, ?3, ?4, ?5,"
						" -1 - (SELECT count(*) FROM plan_periods"
						" WHERE invoice_id = ?1))", "iitti", id, rows[i].id,
						ft, lt, amount);
			free(ft);
			free(lt);
			if (rc < 0)
				goto fail;
			if (!billed)
				(*claimed)++;
		}
	}
	free(rows);
	free(pfirst);
	free(plast);
	return 0;
fail:
	free(rows);
	free(pfirst);
	free(plast);
	return -1;
}

int
fb_plan_release(struct fb_db *db, int64_t id, int forget, struct fb_err *err)
{
	if (fb_db_exec(db, err, "UPDATE blocks SET invoice_id = NULL WHERE invoice_id = ?",
		       "i", id) < 0)
		return -1;
	if (forget &&
	    (fb_db_exec(db, err, "DELETE FROM block_draws WHERE invoice_id = ?", "i", id) < 0 ||
	     fb_db_exec(db, err, "DELETE FROM block_sales WHERE invoice_id = ?", "i", id) < 0 ||
	     fb_db_exec(db, err, "DELETE FROM plan_periods WHERE invoice_id = ?", "i", id) < 0))
		return -1;
	return 0;
}

void
fb_plan_draft_release(struct fb_plan_draft *d)
{
	free(d->periods);
	free(d->period_line);
	free(d->blocks);
	free(d->block_line);
	free(d->draws);
	memset(d, 0, sizeof(*d));
}

/* "2026-11", "2026-Q4", "2026": the calendar period a plan period is in. */
static char *
period_label(const char *every, int64_t first)
{
	int y, m, d;

	fb_civil_from_days(first, &y, &m, &d);
	if (strcmp(every, "year") == 0)
		return fb_xasprintf("%04d", y);
	if (strcmp(every, "quarter") == 0)
		return fb_xasprintf("%04d-Q%d", y, (m - 1) / 3 + 1);
	return fb_xasprintf("%04d-%02d", y, m);
}

int
fb_plan_draft_lines(struct fb_db *db, int64_t id, int64_t client_id,
		    const char *currency, struct fb_invoice *inv,
		    struct fb_plan_draft *d, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t ap = 0, ap2 = 0, ab = 0, ab2 = 0;
	int64_t active = 0;
	int rc;

	(void)currency;
	memset(d, 0, sizeof(*d));
	if (fb_db_int(db, err, &active, "SELECT EXISTS (SELECT 1 FROM blocks WHERE client_id = ?1)"
		      " OR EXISTS (SELECT 1 FROM plans WHERE client_id = ?1)", "i", client_id) < 0)
		return -1;
	if (!active)
		return 0;
	d->active = 1;
	st = fb_db_prepare(db, "SELECT pp.id, pp.first, pp.last, pp.amount, p.every,"
			   " coalesce(p.description, 'Managed services')"
			   " FROM plan_periods pp JOIN plans p ON p.id = pp.plan_id"
			   " WHERE pp.invoice_id = ? ORDER BY pp.first, pp.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_invoice_line *l;
		const char *every = fb_stmt_text(st, 4);
		int64_t f = text_day(fb_stmt_text(st, 1)), t = text_day(fb_stmt_text(st, 2));
		int64_t a, z, amount;
		char *label = period_label(every, f);

		fb_xgrow(&d->periods, &ap, d->nperiods + 1, sizeof(*d->periods));
		fb_xgrow(&d->period_line, &ap2, d->nperiods + 1, sizeof(*d->period_line));
		d->periods[d->nperiods] = fb_stmt_int(st, 0);
		d->period_line[d->nperiods++] = inv->nlines;
		l = fb_invoice_add_line(inv);
		l->kind = fb_xstrdup("plan");
		/* A period the plan cuts says which days it bills. */
		fb_cover_period(0, months_of(every), f, INT64_MIN, INT64_MAX, &a, &z, &amount);
		if (a != f || z != t)
			l->description = fb_xasprintf("%s %s (%s to %s)", fb_stmt_text(st, 5),
						      label, fb_stmt_text(st, 1),
						      fb_stmt_text(st, 2));
		else
			l->description = fb_xasprintf("%s %s", fb_stmt_text(st, 5), label);
		free(label);
		l->quantity = 1000;
		l->unit_price = fb_stmt_int(st, 3);
		l->amount = fb_stmt_int(st, 3);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	st = fb_db_prepare(db, "SELECT id, seconds, price FROM blocks WHERE invoice_id = ?"
			   " ORDER BY id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_invoice_line *l;
		char *h = fb_duration_format(fb_stmt_int(st, 1));

		fb_xgrow(&d->blocks, &ab, d->nblocks + 1, sizeof(*d->blocks));
		fb_xgrow(&d->block_line, &ab2, d->nblocks + 1, sizeof(*d->block_line));
		d->blocks[d->nblocks] = fb_stmt_int(st, 0);
		d->block_line[d->nblocks++] = inv->nlines;
		l = fb_invoice_add_line(inv);
		l->kind = fb_xstrdup("block");
		l->description = fb_xasprintf("Prepaid block %s", h);
		free(h);
		l->quantity = 1000;
		l->unit_price = fb_stmt_int(st, 2);
		l->amount = fb_stmt_int(st, 2);
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

int
fb_plan_draft_cover(struct fb_db *db, int64_t id, int64_t client_id,
		    const char *currency, const struct fb_pricing_policy *p,
		    const int64_t *jobs, size_t njobs_in, struct fb_invoice *inv,
		    struct fb_plan_draft *d, struct fb_err *err)
{
	struct fb_cover_block *blocks = NULL;
	int64_t *plan_jobs = NULL;
	size_t nblocks = 0, ablocks = 0, njobs = 0;
	struct fb_stmt *st;
	int rc = 0;

	if (!d->active)
		return 0;
	if (fb_db_exec(db, err, "DELETE FROM block_draws WHERE invoice_id = ?", "i", id) < 0)
		return -1;
	plan_jobs = fb_xcalloc(njobs_in + 1, sizeof(*plan_jobs));
	for (size_t i = 0; i < njobs_in && rc >= 0; i++) {
		int64_t when = 0, one = 0;
		char *day;

		rc = fb_db_int(db, err, &when, "SELECT coalesce(resolved, (SELECT max(stop) - 1"
			       " FROM entries WHERE job_id = ?1 AND invoice_id = ?2)) FROM jobs"
			       " WHERE id = ?1", "ii", jobs[i], id);
		if (rc <= 0)
			continue;
		day = fb_when_date(when);
		rc = fb_db_int(db, err, &one, "SELECT 1 FROM plans p JOIN jobs j ON j.id = ?1"
			       " WHERE p.client_id = ?2 AND p.currency = ?4 AND p.covers <> 'none'"
			       " AND (p.covers = 'all' OR j.onsite = 0) AND p.start <= ?3"
			       " AND (p.end IS NULL OR p.end >= ?3) LIMIT 1", "iitt",
			       jobs[i], client_id, day, currency);
		free(day);
		if (rc > 0)
			plan_jobs[njobs++] = jobs[i];
	}
	if (rc < 0)
		goto out;
	st = fb_db_prepare(db, "SELECT b.id, b.date, b.expires, b.seconds -"
			   " coalesce((SELECT sum(d.seconds) FROM block_draws d JOIN invoices i"
			   "  ON i.id = d.invoice_id WHERE d.block_id = b.id AND i.status <> 'void'), 0)"
			   " FROM blocks b WHERE b.client_id = ?1 AND b.currency = ?2"
			   " ORDER BY b.date, b.id", err);
	if (st == NULL) {
		rc = -1;
		goto out;
	}
	fb_stmt_bind_int(st, 1, client_id);
	fb_stmt_bind_text(st, 2, currency);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		if (fb_stmt_int(st, 3) <= 0)
			continue;
		fb_xgrow(&blocks, &ablocks, nblocks + 1, sizeof(*blocks));
		blocks[nblocks].id = fb_stmt_int(st, 0);
		blocks[nblocks].first = text_day(fb_stmt_text(st, 1));
		blocks[nblocks].last = fb_stmt_isnull(st, 2) ? INT64_MAX :
			text_day(fb_stmt_text(st, 2));
		blocks[nblocks].left = fb_stmt_int(st, 3);
		nblocks++;
	}
	fb_stmt_reset(st);
	if (rc < 0)
		goto out;
	rc = fb_cover_apply(p, inv, plan_jobs, njobs, blocks, nblocks, &d->draws, &d->ndraws,
			    err);
out:
	free(plan_jobs);
	free(blocks);
	return rc < 0 ? -1 : 0;
}

int
fb_plan_draft_store(struct fb_db *db, int64_t id, const struct fb_plan_draft *d,
		    struct fb_err *err)
{
	if (!d->active)
		return 0;
	if (fb_db_exec(db, err, "DELETE FROM block_sales WHERE invoice_id = ?", "i", id) < 0)
		return -1;
	for (size_t i = 0; i < d->nperiods; i++)
		if (fb_db_exec(db, err, "UPDATE plan_periods SET pos = ? WHERE id = ?", "ii",
			       (int64_t)d->period_line[i] + 1, d->periods[i]) < 0)
			return -1;
	for (size_t i = 0; i < d->nblocks; i++)
		if (fb_db_exec(db, err, "INSERT INTO block_sales(invoice_id, block_id, pos)"
			       " VALUES (?, ?, ?)", "iii", id, d->blocks[i],
			       (int64_t)d->block_line[i] + 1) < 0)
			return -1;
	for (size_t i = 0; i < d->ndraws; i++)
		if (fb_db_exec(db, err, "INSERT INTO block_draws(invoice_id, block_id, pos, seconds)"
			       " VALUES (?, ?, ?, ?)", "iiii", id, d->draws[i].block,
			       (int64_t)d->draws[i].line + 1, d->draws[i].seconds) < 0)
			return -1;
	return 0;
}
