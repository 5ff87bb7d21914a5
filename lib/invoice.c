/*
 * invoice.c - the invoice lifecycle in the database: drafts that hold
 * their work, gapless numbering at issue, credit notes that void, and
 * payments.  The arithmetic is lib/pricing's; the immutability of issued
 * invoices is the schema's triggers, which this code only has to respect
 * (a credit note is built as a draft and then issued, and a void
 * invoice releases its work only after it is marked void).
 */
#include "invoice.h"

#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "client.h"
#include "closing.h"
#include "config.h"
#include "money.h"
#include "payment.h"
#include "plan.h"
#include "pricing.h"
#include "rates.h"
#include "tax.h"
#include "when.h"
#include "work.h"

/*
 * The ids of the scope's jobs: resolved before ?2, and the open ones when
 * ?3.  An invoiced job has no work left (issuing marks a job invoiced only
 * when nothing of it is left to bill, and a void or an entry made billable
 * marks it resolved again), so each arm is a short range of jobs_client
 * however long the history; written as one OR, SQLite read every job of
 * the client.
 */
#define SCOPE_JOBS \
	"SELECT j.id FROM jobs j WHERE j.client_id = ?1 AND j.status = 'resolved'" \
	" AND j.resolved < ?2" \
	" UNION ALL SELECT j.id FROM jobs j WHERE ?3 AND j.client_id = ?1 AND j.status = 'open'"

/* What a draft of scope ?1 ?2 ?3 leaves to another: the jobs released from draft ?4. */
#define NOT_RELEASED " AND job_id NOT IN (SELECT job_id FROM invoice_released WHERE invoice_id = ?4)"

/*
 * The scope's unbilled work, in the order lib/work reads it, from the
 * index of unbilled work (and each entry's note).
 */
static const char scope_entries_sql[] =
	"SELECT e.job_id, e.start, e.stop, e.nocharge, e.tech_id, e.id, e.note FROM entries e"
	" WHERE e.job_id IN (" SCOPE_JOBS ") AND " FB_UNBILLED("e.") NOT_RELEASED
	" ORDER BY e.job_id, e.start, e.id";
static const char scope_charges_sql[] =
	"SELECT job_id, kind, description, quantity, unit_price, amount FROM charges"
	" WHERE invoice_id IS NULL AND job_id IN (" SCOPE_JOBS ")" NOT_RELEASED
	" ORDER BY job_id, id";

/* The work draft ?1 holds. */
static const char draft_entries_sql[] =
	"SELECT e.job_id, e.start, e.stop, e.nocharge, e.tech_id, e.id, e.note FROM entries e"
	" WHERE e.invoice_id = ?1 ORDER BY e.job_id, e.start, e.id";
static const char draft_charges_sql[] =
	"SELECT job_id, kind, description, quantity, unit_price, amount"
	" FROM charges WHERE invoice_id = ?1 ORDER BY job_id, id";

/*
 * Claim the scope's unbilled work for draft id; *claimed is how many
 * entries and charges it took, *plans how many blocks and plan periods
 * (fb_plan_claim).
 */
static int
claim_work(struct fb_db *db, int64_t id, const struct fb_invoice_scope *s,
	   int64_t *claimed, int *plans, struct fb_err *err)
{
	if (fb_db_exec(db, err,
		       "UPDATE entries SET invoice_id = ?4 WHERE " FB_UNBILLED("")
		       " AND job_id IN (" SCOPE_JOBS ")" NOT_RELEASED,
		       "iiii", s->client_id, s->through, (int64_t)s->include_open, id) < 0)
		return -1;
	*claimed = fb_db_changes(db);
	if (fb_db_exec(db, err,
		       "UPDATE charges SET invoice_id = ?4 WHERE invoice_id IS NULL"
		       " AND job_id IN (" SCOPE_JOBS ")" NOT_RELEASED,
		       "iiii", s->client_id, s->through, (int64_t)s->include_open, id) < 0)
		return -1;
	*claimed += fb_db_changes(db);
	*plans = 0;
	if (fb_plan_claim(db, id, s->client_id, s->through, s->period, plans, err) < 0)
		return -1;
	if (fb_db_exec(db, err,
		       "INSERT INTO invoice_work(invoice_id, entry_id)"
		       " SELECT ?1, id FROM entries WHERE invoice_id = ?1 ORDER BY id",
		       "i", id) < 0 ||
	    fb_db_exec(db, err,
		       "INSERT INTO invoice_work(invoice_id, charge_id)"
		       " SELECT ?1, id FROM charges WHERE invoice_id = ?1 ORDER BY id",
		       "i", id) < 0)
		return -1;
	return 0;
}

static int
release_work(struct fb_db *db, int64_t id, int forget, struct fb_err *err)
{
	if (fb_db_exec(db, err, "UPDATE entries SET invoice_id = NULL WHERE invoice_id = ?",
		       "i", id) < 0 ||
	    fb_db_exec(db, err, "UPDATE charges SET invoice_id = NULL WHERE invoice_id = ?",
		       "i", id) < 0)
		return -1;
	if (forget && fb_db_exec(db, err, "DELETE FROM invoice_work WHERE invoice_id = ?",
				 "i", id) < 0)
		return -1;
	return fb_plan_release(db, id, forget, err);
}

/* A job's heading on the draft: the days of its work and its technicians. */
struct heading {
	int64_t job;
	char *first_day, *last_day;	/* NULL when it has no entries */
	char *techs;			/* names, by their first work; NULL: none */
};

/* A draft priced a job at a time (lib/work's callback). */
struct draft {
	struct fb_db *db;
	const struct fb_pricing_policy *policy;
	struct fb_invoice *inv;
	int64_t id;		/* the draft, or 0 for one not made yet */
	int64_t nwork;		/* entries and charges priced */
	struct heading *h;
	size_t nh, ah;
};

static void
draft_release(struct draft *d)
{
	for (size_t i = 0; i < d->nh; i++) {
		free(d->h[i].first_day);
		free(d->h[i].last_day);
		free(d->h[i].techs);
	}
	free(d->h);
}

/* Technicians of a job: by the start of their first entry, then id. */
struct jtech {
	int64_t first, id;
	const char *name;
};

static int
jtech_cmp(const void *a, const void *b)
{
	const struct jtech *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void
heading(struct draft *d, const struct fb_work_job *wj)
{
	const struct fb_pricing_job *j = &wj->job;
	struct heading *h;
	struct jtech *t = NULL;
	size_t nt = 0, at = 0;
	int64_t first = INT64_MAX, last = INT64_MIN;

	fb_xgrow(&d->h, &d->ah, d->nh + 1, sizeof(*d->h));
	h = &d->h[d->nh++];
	memset(h, 0, sizeof(*h));
	h->job = j->id;
	if (j->nentries == 0)
		return;
	for (size_t i = 0; i < j->nentries; i++) {
		const struct fb_pricing_entry *e = &j->entries[i];
		size_t k;

		if (e->start < first)
			first = e->start;
		if (e->stop > last)
			last = e->stop;
		for (k = 0; k < nt && t[k].id != wj->tech_ids[i]; k++)
			;
		if (k == nt) {
			fb_xgrow(&t, &at, nt + 1, sizeof(*t));
			t[nt].first = e->start;
			t[nt].id = wj->tech_ids[i];
			t[nt++].name = e->tech;
		} else if (e->start < t[k].first) {
			t[k].first = e->start;
		}
	}
	/* The last day is the one the last second of work falls on. */
	h->first_day = fb_when_date(first);
	h->last_day = fb_when_date(last - 1);
	qsort(t, nt, sizeof(*t), jtech_cmp);
	{
		struct fb_buf b = FB_BUF_INIT;

		for (size_t k = 0; k < nt; k++)
			if (t[k].name) {
				if (b.len)
					fb_buf_adds(&b, ", ");
				fb_buf_adds(&b, t[k].name);
			}
		h->techs = b.len ? fb_buf_detach(&b) : NULL;
		fb_buf_release(&b);
	}
	free(t);
}

static int
draft_job(void *arg, const struct fb_client *c, struct fb_work_job *wj, struct fb_err *err)
{
	struct draft *d = arg;
	struct fb_pricing_job *job = &wj->job;

	(void)c;
	d->nwork += (int64_t)(job->nentries + job->ncharges);
	/*
	 * A job's minimum is decided once, by the first live invoice that
	 * bills its labor: an issued one, or an earlier draft (every draft,
	 * for one not made yet, id 0).  It matters only with a minimum.
	 */
	if (d->policy->minimum > 0 || d->policy->minimum_onsite > 0) {
		int64_t one;
		int r = fb_db_int(d->db, err, &one,
				  "SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
				  " WHERE l.job_id = ?1 AND l.kind IN ('labor', 'minimum') AND i.id <> ?2"
				  " AND i.kind = 'invoice' AND i.status <> 'void'"
				  " AND (i.status <> 'draft' OR ?2 = 0 OR i.id < ?2) LIMIT 1",
				  "ii", job->id, d->id);

		if (r < 0)
			return -1;
		job->minimum_billed = r;
	}
	if (fb_work_onsite(d->db, d->policy, job, err) < 0)
		return -1;
	heading(d, wj);
	return fb_pricing_job(d->policy, job, d->inv, err);
}

/*
 * The tax codes the draft's added lines name themselves, made known to
 * the policy (each at client's rates: TAX is the client's tax.rate).
 */
static int
extras_codes(struct fb_db *db, int64_t id, int64_t client_id, struct fb_pricing_policy *p,
	     struct fb_err *err)
{
	struct fb_stmt *st;
	char **codes = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	st = fb_db_prepare(db, "SELECT DISTINCT tax FROM invoice_extras WHERE invoice_id = ?"
			   " AND tax IS NOT NULL ORDER BY tax", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&codes, &alloc, n + 1, sizeof(*codes));
		codes[n++] = fb_stmt_dup(st, 0);
	}
	fb_stmt_reset(st);
	for (size_t i = 0; i < n; i++) {
		struct fb_tax_code t;

		if (rc == 0 && fb_tax_get(db, codes[i], client_id, &t, err) < 0)
			rc = -1;
		else if (rc == 0) {
			fb_pricing_policy_code(p, &t);
			fb_tax_code_release(&t);
		}
		free(codes[i]);
	}
	free(codes);
	return rc < 0 ? -1 : 0;
}

/* Store inv's tax components as draft id's. */
static int
store_taxes(struct fb_db *db, int64_t id, const struct fb_invoice *inv, struct fb_err *err)
{
	if (fb_db_exec(db, err, "DELETE FROM invoice_taxes WHERE invoice_id = ?", "i", id) < 0)
		return -1;
	for (size_t i = 0; i < inv->ntaxes; i++) {
		const struct fb_invoice_tax *t = &inv->taxes[i];

		if (fb_db_exec(db, err, "INSERT INTO invoice_taxes(invoice_id, pos, code,"
			       " component, name, category, rate, base, amount)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "iittttiii", id,
			       (int64_t)i + 1, t->code, t->component, t->name, t->category,
			       t->rate, t->base, t->amount) < 0)
			return -1;
	}
	return 0;
}

/* Lines added by hand and the draft's discount, after the work's lines. */
static int
add_extras(struct fb_db *db, int64_t id, struct fb_invoice *inv, struct fb_err *err)
{
	struct fb_stmt *st;
	int64_t percent = 0, amount = 0;
	char *desc = NULL;
	int rc;

	st = fb_db_prepare(db, "SELECT id, description, quantity, unit_price, amount, tax"
			   " FROM invoice_extras WHERE invoice_id = ? ORDER BY id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_invoice_line *l = fb_invoice_add_line(inv);

		l->extra_id = fb_stmt_int(st, 0);
		l->kind = fb_xstrdup("flat");
		l->description = fb_stmt_dup(st, 1);
		l->quantity = fb_stmt_int(st, 2);
		l->unit_price = fb_stmt_int(st, 3);
		l->amount = fb_stmt_int(st, 4);
		/* Its own code when it was added with one, else a flat fee's. */
		l->tax_code = fb_stmt_dup(st, 5);
	}
	fb_stmt_reset(st);
	if (rc < 0 ||
	    fb_db_int(db, err, &percent, "SELECT discount_percent FROM invoices WHERE id = ?",
		      "i", id) < 0 ||
	    fb_db_int(db, err, &amount, "SELECT discount_amount FROM invoices WHERE id = ?",
		      "i", id) < 0 ||
	    fb_db_text(db, err, &desc, "SELECT discount_desc FROM invoices WHERE id = ?",
		       "i", id) < 0)
		return -1;
	rc = 0;
	if (percent > 0 || amount > 0)
		rc = fb_pricing_discount(inv, percent, amount, desc, err);
	free(desc);
	return rc;
}

/* A draft's lines and headings as rows of one INSERT ... SELECT (see fb_db_rows). */
static void
line_cell(void *arg, size_t i, int col, struct fb_db_cell *out)
{
	const struct fb_invoice *inv = arg;
	const struct fb_invoice_line *l = &inv->lines[i];
	int64_t v = 0;

	out->type = FB_CELL_INT;
	switch (col) {
	case 0:
		v = (int64_t)i + 1;
		break;
	case 1:
		v = l->job_id;
		break;
	case 2:
	case 3:
	case 4:
	case 12:
	case 14:
		out->s = col == 2 ? l->kind : col == 3 ? l->class : col == 4 ? l->description :
			col == 12 ? l->notes : l->tax_code;
		out->type = out->s ? FB_CELL_TEXT : FB_CELL_NULL;
		return;
	case 5:
		v = l->actual_seconds;
		break;
	case 6:
		v = l->billed_seconds;
		break;
	case 7:
		v = l->quantity;
		break;
	case 8:
		v = l->unit_price;
		break;
	case 9:
		v = l->amount;
		break;
	case 10:
		v = l->tax;
		break;
	case 11:
		v = l->waived;
		break;
	case 13:
		v = l->extra_id;
		break;
	default:
		out->type = FB_CELL_NULL;
		return;
	}
	out->i = v;
}

static void
heading_cell(void *arg, size_t i, int col, struct fb_db_cell *out)
{
	const struct draft *d = arg;
	const struct heading *h = &d->h[i];

	out->type = FB_CELL_INT;
	switch (col) {
	case 0:
		out->i = h->job;
		return;
	case 1:
	case 2:
	case 3:
		out->s = col == 1 ? h->first_day : col == 2 ? h->last_day : h->techs;
		out->type = out->s ? FB_CELL_TEXT : FB_CELL_NULL;
		return;
	default:
		out->type = FB_CELL_NULL;
		return;
	}
}

/*
 * The lines of draft id: the blocks and plan periods it bills, then the
 * work d priced (moved from d->inv), what blocks and plans cover of it
 * (lib/plan), the draft's own lines and discount; totalled into inv.
 */
static int
draft_lines(struct fb_db *db, int64_t id, const struct fb_client *c, struct draft *d,
	    struct fb_invoice *inv, struct fb_plan_draft *plan, struct fb_err *err)
{
	int64_t *jobs;
	int rc;

	if (fb_plan_draft_lines(db, id, c->id, c->currency, inv, plan, err) < 0)
		return -1;
	for (size_t i = 0; i < d->inv->nlines; i++)
		*fb_invoice_add_line(inv) = d->inv->lines[i];
	d->inv->nlines = 0;
	jobs = fb_xcalloc(d->nh + 1, sizeof(*jobs));
	for (size_t i = 0; i < d->nh; i++)
		jobs[i] = d->h[i].job;
	rc = fb_plan_draft_cover(db, id, c->id, c->currency, d->policy, jobs, d->nh, inv, plan,
				 err);
	free(jobs);
	if (rc < 0 || add_extras(db, id, inv, err) < 0 ||
	    fb_pricing_totals(d->policy, inv, err) < 0)
		return -1;
	if (inv->total < 0) {
		char *t = fb_money_format(inv->total, c->currency);

		fb_err_set(err, FB_ERR_REFUSED, "cannot price draft %lld: its total would be %s,"
			   " below zero", (long long)id, t);
		fb_err_hint(err, "a discount or an added line may lower the total to zero, not below");
		free(t);
		return -1;
	}
	return 0;
}

/*
 * Store inv, the lines of draft id (draft_lines), with its taxes, blocks
 * and plan periods, d's headings and the totals, in place of the draft's:
 * lines and headings each in one statement.
 */
static int
store_lines(struct fb_db *db, int64_t id, const struct fb_client *c, struct draft *d,
	    const struct fb_invoice *inv, const struct fb_plan_draft *plan,
	    struct fb_err *err)
{
	struct fb_db_rows lines = { inv->nlines, line_cell, NULL, (void *)inv };
	struct fb_db_rows heads = { d->nh, heading_cell, NULL, d };
	int rc;

	if (fb_db_exec(db, err, "DELETE FROM invoice_lines WHERE invoice_id = ?", "i", id) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM invoice_jobs WHERE invoice_id = ?", "i", id) < 0)
		return -1;
	if (inv->nlines > 0) {
		if (fb_db_rows_begin(db, &lines, err) < 0)
			return -1;
		/* A charge line keeps no seconds: NULL, not -1. */
		rc = fb_db_exec(db, err,
				"INSERT INTO invoice_lines(invoice_id, pos, job_id, kind, class,"
				" description, actual_seconds, billed_seconds, quantity,"
				" unit_price, amount, tax, waived, notes, extra_id, tax_code)"
				" SELECT ?1, c0, nullif(c1, 0), c2, c3, c4,"
				" CASE WHEN c5 < 0 THEN NULL ELSE c5 END,"
				" CASE WHEN c6 < 0 THEN NULL ELSE c6 END, c7, c8, c9, c10,"
				" nullif(c11, 0), c12, nullif(c13, 0), c14 FROM fb_rows", "i", id);
		fb_db_rows_end(db);
		if (rc < 0)
			return -1;
	}
	if (store_taxes(db, id, inv, err) < 0 || fb_plan_draft_store(db, id, plan, err) < 0)
		return -1;
	if (d->nh > 0) {
		if (fb_db_rows_begin(db, &heads, err) < 0)
			return -1;
		rc = fb_db_exec(db, err,
				"INSERT INTO invoice_jobs(invoice_id, job_id, title, po, first_day,"
				" last_day, techs) SELECT ?1, j.id, j.title, j.po, r.c1, r.c2, r.c3"
				" FROM fb_rows r JOIN jobs j ON j.id = r.c0", "i", id);
		fb_db_rows_end(db);
		if (rc < 0)
			return -1;
	}
	return fb_db_exec(db, err,
			  "UPDATE invoices SET currency = ?, tax_rate = ?, subtotal = ?, tax = ?,"
			  " total = ?, revision = 1 WHERE id = ?", "tiiiii", c->currency, inv->tax_rate,
			  inv->subtotal, inv->tax, inv->total, id);
}

/* Price and store draft id from the work d priced. */
static int
store_draft(struct fb_db *db, int64_t id, const struct fb_client *c, struct draft *d,
	    struct fb_err *err)
{
	struct fb_invoice inv;
	struct fb_plan_draft plan;
	int rc;

	fb_invoice_init(&inv);
	memset(&plan, 0, sizeof(plan));
	rc = draft_lines(db, id, c, d, &inv, &plan, err);
	if (rc == 0)
		rc = store_lines(db, id, c, d, &inv, &plan, err);
	fb_plan_draft_release(&plan);
	fb_invoice_release(&inv);
	return rc;
}

/* Price the work entries_sql and charges_sql read (parameters p) into d. */
static int
draft_price(struct fb_db *db, const struct fb_client *c, const char *entries_sql,
	    const char *charges_sql, const int64_t p[4], struct draft *d,
	    struct fb_err *err)
{
	return fb_work_each(db, c, entries_sql, charges_sql, p, draft_job, d, err) != 0 ? -1 : 0;
}

/*
 * Price the unbilled work of scope s and make a draft hold it: draft *id,
 * or a new one (*id 0) when there is work.  The work is read and priced
 * from the index of unbilled work before it is claimed (the caller holds
 * the write lock, so it is the work claimed).  *nwork is the number of
 * entries and charges the draft holds.
 */
static int
draft_fill(struct fb_db *db, const struct fb_invoice_scope *s, const struct fb_client *c,
	   int64_t now, int64_t *id, int64_t *nwork, struct fb_err *err)
{
	int64_t p[4] = { s->client_id, s->through, s->include_open, *id };
	struct fb_pricing_policy pol;
	struct fb_invoice inv;
	struct draft d;
	int64_t claimed = 0;
	int plans = 0, saved = 0, rc = -1;

	*nwork = 0;
	if (fb_work_policy(db, c->id, &pol, err) < 0)
		return -1;
	pol.notes = 1;
	fb_invoice_init(&inv);
	memset(&d, 0, sizeof(d));
	d.db = db;
	d.policy = &pol;
	d.inv = &inv;
	d.id = *id;
	/* A draft refreshed may have lines of its own that name tax codes. */
	if ((*id != 0 && extras_codes(db, *id, c->id, &pol, err) < 0) ||
	    draft_price(db, c, scope_entries_sql, scope_charges_sql, p, &d, err) < 0)
		goto out;
	*nwork = d.nwork;
	if (*id == 0) {
		/*
		 * Without work, a new draft bills only the blocks and plan
		 * periods it claims: made under a savepoint, which claiming
		 * nothing rolls back, id and all.
		 */
		if (d.nwork == 0) {
			if (fb_db_exec(db, err, "SAVEPOINT draft_fill", "") < 0)
				goto out;
			saved = 1;
		}
		if (fb_db_exec(db, err,
			       "INSERT INTO invoices(kind, status, client_id, currency, period, through,"
			       " include_open, issue_date, created) VALUES ('invoice', 'draft', ?, ?, ?,"
			       " ?, ?, ?, ?)", "ittiiti", s->client_id, c->currency, s->period,
			       s->through, (int64_t)s->include_open, s->date, now) < 0)
			goto out;
		*id = fb_db_last_id(db);
	}
	if (claim_work(db, *id, s, &claimed, &plans, err) < 0)
		goto out;
	if (claimed != d.nwork) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot invoice: priced %lld entries and charges,"
			   " claimed %lld", (long long)d.nwork, (long long)claimed);
		goto out;
	}
	*nwork += plans;
	if (saved && plans == 0) {
		*id = 0;
		rc = fb_db_exec(db, err, "ROLLBACK TO draft_fill", "");
	} else
		rc = store_draft(db, *id, c, &d, err);
	if (saved && rc == 0)
		rc = fb_db_exec(db, err, "RELEASE draft_fill", "");
out:
	draft_release(&d);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&pol);
	return rc;
}

/* Price the work draft id holds, as it stands, and store it. */
static int
price_draft(struct fb_db *db, int64_t id, const struct fb_client *c, struct fb_err *err)
{
	int64_t p[4] = { id, 0, 0, 0 };
	struct fb_pricing_policy pol;
	struct fb_invoice inv;
	struct draft d;
	int rc = -1;

	if (fb_work_policy(db, c->id, &pol, err) < 0)
		return -1;
	pol.notes = 1;
	fb_invoice_init(&inv);
	memset(&d, 0, sizeof(d));
	d.db = db;
	d.policy = &pol;
	d.inv = &inv;
	d.id = id;
	if (extras_codes(db, id, c->id, &pol, err) == 0 &&
	    draft_price(db, c, draft_entries_sql, draft_charges_sql, p, &d, err) == 0)
		rc = store_draft(db, id, c, &d, err);
	draft_release(&d);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&pol);
	return rc;
}

int
fb_invoice_create(struct fb_db *db, const struct fb_invoice_scope *s,
		  int64_t now, int64_t *id, struct fb_err *err)
{
	struct fb_client c;
	int64_t nwork = 0;
	int rc;

	*id = 0;
	memset(&c, 0, sizeof(c));
	if (fb_client_get(db, s->client_id, &c, err) < 0)
		return -1;
	rc = draft_fill(db, s, &c, now, id, &nwork, err);
	fb_client_release(&c);
	if (rc < 0)
		return -1;
	return nwork > 0;
}

/* Load the row of a draft: its client and scope.  Refuses other invoices. */
static int
get_draft(struct fb_db *db, int64_t id, const char *verb, struct fb_invoice_scope *s,
	  struct fb_err *err)
{
	struct fb_invoice inv;
	int rc = 0;

	fb_invoice_init(&inv);
	if (fb_invoice_load(db, id, &inv, err) < 0)
		return -1;
	if (strcmp(inv.status, "draft") != 0) {
		rc = fb_err_set(err, FB_ERR_REFUSED, "cannot %s '%s': it is %s", verb,
				inv.number, strcmp(inv.status, "void") == 0 ? "void" :
				strcmp(inv.kind, "credit") == 0 ? "a credit note" : "issued");
		if (strcmp(verb, "discard") == 0 && strcmp(inv.status, "void") != 0 &&
		    strcmp(inv.kind, "invoice") == 0)
			fb_err_hint(err, "an issued invoice is cancelled with 'fixbill invoice void %s'",
				    inv.number);
	}
	fb_invoice_release(&inv);
	if (rc < 0 || s == NULL)
		return rc;
	memset(s, 0, sizeof(*s));
	if (fb_db_int(db, err, &s->client_id, "SELECT client_id FROM invoices WHERE id = ?",
		      "i", id) < 0 ||
	    fb_db_int(db, err, &s->through, "SELECT through FROM invoices WHERE id = ?",
		      "i", id) < 0)
		return -1;
	{
		int64_t io = 0;

		if (fb_db_int(db, err, &io, "SELECT include_open FROM invoices WHERE id = ?",
			      "i", id) < 0)
			return -1;
		s->include_open = io != 0;
	}
	return 0;
}

int
fb_invoice_refresh(struct fb_db *db, int64_t id, int64_t now, struct fb_err *err)
{
	struct fb_invoice_scope s;
	struct fb_client c;
	char *period = NULL;
	int64_t nwork;
	int rc;

	/* An invoice run's draft claims its period's plan periods again. */
	if (get_draft(db, id, "refresh", &s, err) < 0 ||
	    fb_db_text(db, err, &period, "SELECT period FROM invoices WHERE id = ?", "i", id) < 0 ||
	    release_work(db, id, 1, err) < 0) {
		free(period);
		return -1;
	}
	s.period = period;
	memset(&c, 0, sizeof(c));
	rc = fb_client_get(db, s.client_id, &c, err);
	if (rc == 0)
		rc = draft_fill(db, &s, &c, now, &id, &nwork, err);
	fb_client_release(&c);
	free(period);
	return rc;
}

/* Re-price a draft as it stands, claiming nothing new. */
static int
reprice(struct fb_db *db, int64_t id, struct fb_err *err)
{
	struct fb_client c;
	int64_t client = 0;
	int rc;

	if (fb_db_int(db, err, &client, "SELECT client_id FROM invoices WHERE id = ?",
		      "i", id) < 0)
		return -1;
	memset(&c, 0, sizeof(c));
	if (fb_client_get(db, client, &c, err) < 0)
		return -1;
	rc = price_draft(db, id, &c, err);
	fb_client_release(&c);
	return rc;
}

int
fb_invoice_line_add(struct fb_db *db, int64_t id, const char *desc, int64_t qty,
		    int64_t price, int64_t amount, const char *tax, int64_t *line,
		    struct fb_err *err)
{
	struct fb_tax_code t;
	char *code = NULL;
	int64_t extra;

	if (get_draft(db, id, "change the lines of", NULL, err) < 0)
		return -1;
	if (qty > 0) {
		if (fb_muldiv_round(qty, price, 1000, &amount) < 0)
			return fb_err_set(err, FB_ERR_USAGE, "invalid line: the amount is too large");
	} else {
		qty = 1000;
		price = amount;
	}
	if (tax) {
		if (fb_tax_get(db, tax, 0, &t, err) < 0)
			return -1;
		code = fb_xstrdup(t.code);
		fb_tax_code_release(&t);
	}
	if (fb_db_exec(db, err, "INSERT INTO invoice_extras(invoice_id, description, quantity,"
		       " unit_price, amount, tax) VALUES (?, ?, ?, ?, ?, ?)", "itiiit", id, desc,
		       qty, price, amount, code) < 0) {
		free(code);
		return -1;
	}
	free(code);
	extra = fb_db_last_id(db);
	if (reprice(db, id, err) < 0)
		return -1;
	return fb_db_int(db, err, line, "SELECT pos FROM invoice_lines WHERE invoice_id = ?"
			 " AND extra_id = ?", "ii", id, extra) < 0 ? -1 : 0;
}

int
fb_invoice_line_rm(struct fb_db *db, int64_t id, int64_t line, struct fb_err *err)
{
	int64_t extra = 0, job = 0;
	int rc;

	if (get_draft(db, id, "change the lines of", NULL, err) < 0)
		return -1;
	rc = fb_db_int(db, err, &extra, "SELECT coalesce(extra_id, 0) FROM invoice_lines"
		       " WHERE invoice_id = ? AND pos = ?", "ii", id, line);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown line %lld of draft %lld",
			   (long long)line, (long long)id);
		fb_err_hint(err, "'fixbill invoice show %lld' shows its lines", (long long)id);
		return -1;
	}
	if (extra == 0) {
		if (fb_db_int(db, err, &job, "SELECT coalesce(job_id, 0) FROM invoice_lines"
			      " WHERE invoice_id = ? AND pos = ?", "ii", id, line) < 0)
			return -1;
		if (job > 0) {
			fb_err_set(err, FB_ERR_REFUSED, "cannot remove line %lld of draft %lld:"
				   " it bills job %lld's work", (long long)line, (long long)id,
				   (long long)job);
			fb_err_hint(err, "'fixbill invoice release %lld --job %lld' takes the job's"
				    " work off the draft", (long long)id, (long long)job);
		} else {
			fb_err_set(err, FB_ERR_REFUSED, "cannot remove line %lld of draft %lld:"
				   " it is the draft's discount", (long long)line, (long long)id);
			fb_err_hint(err, "'fixbill invoice discount %lld --amount 0' removes it",
				    (long long)id);
		}
		return -1;
	}
	if (fb_db_exec(db, err, "DELETE FROM invoice_extras WHERE id = ?", "i", extra) < 0)
		return -1;
	return reprice(db, id, err);
}

int
fb_invoice_release_job(struct fb_db *db, int64_t id, int64_t job, struct fb_err *err)
{
	int n;

	if (get_draft(db, id, "release work from", NULL, err) < 0)
		return -1;
	if (fb_db_exec(db, err, "UPDATE entries SET invoice_id = NULL WHERE invoice_id = ?"
		       " AND job_id = ?", "ii", id, job) < 0)
		return -1;
	n = fb_db_changes(db);
	if (fb_db_exec(db, err, "UPDATE charges SET invoice_id = NULL WHERE invoice_id = ?"
		       " AND job_id = ?", "ii", id, job) < 0)
		return -1;
	n += fb_db_changes(db);
	if (n == 0)
		return fb_err_set(err, FB_ERR_REFUSED, "cannot release job %lld from draft %lld:"
				  " the draft holds none of its work", (long long)job,
				  (long long)id);
	if (fb_db_exec(db, err, "DELETE FROM invoice_work WHERE invoice_id = ?1 AND"
		       " (entry_id IN (SELECT id FROM entries WHERE job_id = ?2)"
		       " OR charge_id IN (SELECT id FROM charges WHERE job_id = ?2))",
		       "ii", id, job) < 0 ||
	    fb_db_exec(db, err, "INSERT OR IGNORE INTO invoice_released(invoice_id, job_id)"
		       " VALUES (?, ?)", "ii", id, job) < 0)
		return -1;
	return reprice(db, id, err);
}

int
fb_invoice_discount(struct fb_db *db, int64_t id, int64_t percent, int64_t amount,
		    const char *desc, struct fb_err *err)
{
	if (get_draft(db, id, "discount", NULL, err) < 0)
		return -1;
	if (fb_db_exec(db, err, "UPDATE invoices SET discount_percent = nullif(?, 0),"
		       " discount_amount = nullif(?, 0), discount_desc = ? WHERE id = ?",
		       "iiti", percent, percent > 0 ? 0 : amount,
		       percent > 0 || amount > 0 ? desc : NULL, id) < 0)
		return -1;
	return reprice(db, id, err);
}

int
fb_invoice_edit(struct fb_db *db, int64_t id, const struct fb_invoice_edit *e,
		struct fb_err *err)
{
	if (get_draft(db, id, "edit", NULL, err) < 0)
		return -1;
	if ((e->set_ref && fb_db_exec(db, err, "UPDATE invoices SET ref = nullif(?, '')"
				      " WHERE id = ?", "ti", e->ref, id) < 0) ||
	    (e->set_note && fb_db_exec(db, err, "UPDATE invoices SET note = nullif(?, '')"
				       " WHERE id = ?", "ti", e->note, id) < 0) ||
	    (e->set_terms && fb_db_exec(db, err, "UPDATE invoices SET terms = ? WHERE id = ?",
					"ii", e->terms, id) < 0) ||
	    (e->set_date && fb_db_exec(db, err, "UPDATE invoices SET issue_date = ?"
				       " WHERE id = ?", "ti", e->date, id) < 0))
		return -1;
	return 0;
}

int
fb_invoice_set_ref(struct fb_db *db, int64_t id, const char *ref, struct fb_err *err)
{
	return fb_db_exec(db, err, "UPDATE invoices SET ref = nullif(?, '') WHERE id = ?",
			  "ti", ref, id);
}

int
fb_invoice_prepare(struct fb_db *db, const struct fb_invoice_scope *s,
		   int64_t now, int64_t *id, int *created, struct fb_err *err)
{
	int64_t lines = 0;
	int rc;

	*created = 0;
	rc = fb_db_int(db, err, id,
		       "SELECT id FROM invoices WHERE client_id = ? AND status = 'draft'"
		       " AND period IS ? ORDER BY id LIMIT 1", "it", s->client_id, s->period);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		rc = fb_invoice_create(db, s, now, id, err);
		*created = rc == 1;
		return rc;
	}
	/* The run's scope may have grown since the draft was made. */
	if (fb_db_exec(db, err, "UPDATE invoices SET through = max(through, ?),"
		       " include_open = ? WHERE id = ?", "iii", s->through,
		       (int64_t)s->include_open, *id) < 0 ||
	    fb_invoice_refresh(db, *id, now, err) < 0 ||
	    fb_db_int(db, err, &lines, "SELECT count(*) FROM invoice_lines WHERE invoice_id = ?",
		      "i", *id) < 0)
		return -1;
	return lines > 0;
}

int
fb_invoice_discard(struct fb_db *db, int64_t id, struct fb_err *err)
{
	if (get_draft(db, id, "discard", NULL, err) < 0 ||
	    release_work(db, id, 1, err) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM invoice_lines WHERE invoice_id = ?", "i", id) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM invoice_extras WHERE invoice_id = ?", "i", id) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM invoice_jobs WHERE invoice_id = ?", "i", id) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM invoice_taxes WHERE invoice_id = ?", "i", id) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM invoice_released WHERE invoice_id = ?", "i", id) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM invoices WHERE id = ?", "i", id) < 0)
		return -1;
	return 0;
}

int
fb_invoice_find(struct fb_db *db, const char *ref, int64_t *id, struct fb_err *err)
{
	char *number = NULL;
	int64_t n;
	int rc;

	rc = fb_db_int(db, err, id, "SELECT id FROM invoices WHERE number = ?", "t", ref);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (fb_parse_uint(ref, INT64_MAX, &n) == 0) {
		rc = fb_db_int(db, err, id, "SELECT id FROM invoices WHERE id = ? AND status = 'draft'",
			       "i", n);
		if (rc != 0)
			return rc < 0 ? -1 : 0;
		rc = fb_db_text(db, err, &number, "SELECT number FROM invoices WHERE id = ?", "i", n);
		if (rc < 0)
			return -1;
	}
	fb_err_set(err, FB_ERR_NOTFOUND, "unknown invoice '%s'", ref);
	if (number)
		fb_err_hint(err, "invoice %s is issued: name it by its number, '%s'", ref, number);
	else
		fb_err_hint(err, "'fixbill invoice list' shows the invoices; a draft is named by its id");
	free(number);
	return -1;
}

char *
fb_invoice_name(const struct fb_invoice *inv)
{
	if (inv->number)
		return fb_xstrdup(inv->number);
	return fb_xasprintf("draft %lld", (long long)inv->id);
}

static char *
config_text(struct fb_db *db, const char *key)
{
	char *v = NULL;

	if (fb_config_get(db, key, &v, NULL) <= 0 || (v && *v == '\0')) {
		free(v);
		return NULL;
	}
	return v;
}

static int
load_jobs(struct fb_db *db, int64_t id, struct fb_invoice *inv, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	st = fb_db_prepare(db, "SELECT job_id, title, po, first_day, last_day, techs"
			   " FROM invoice_jobs WHERE invoice_id = ? ORDER BY job_id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_invoice_job *j = fb_invoice_add_job(inv);

		j->id = fb_stmt_int(st, 0);
		j->title = fb_stmt_dup(st, 1);
		j->po = fb_stmt_dup(st, 2);
		j->first_day = fb_stmt_dup(st, 3);
		j->last_day = fb_stmt_dup(st, 4);
		j->techs = fb_stmt_dup(st, 5);
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

/*
 * An invoice's tax components.  One made before tax codes (revision
 * NULL) had one rate, tax_rate, on the lines it taxed: TAX on those (the
 * lines with tax), NONE on the others, the base of TAX the one its row
 * kept when there is one, else the net of its lines.
 */
static int
load_taxes(struct fb_db *db, int64_t id, int revision, struct fb_invoice *inv,
	   struct fb_err *err)
{
	struct fb_stmt *st;
	int64_t taxed = 0, untaxed = 0, base = -1;
	int any_taxed = 0, any_untaxed = 0, rc;

	st = fb_db_prepare(db, "SELECT code, component, name, category, rate, base, amount"
			   " FROM invoice_taxes WHERE invoice_id = ? ORDER BY pos", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		if (revision)
			fb_invoice_add_tax(inv, fb_stmt_text(st, 0), fb_stmt_text(st, 1),
					   fb_stmt_text(st, 2), fb_stmt_text(st, 3),
					   fb_stmt_int(st, 4), fb_stmt_int(st, 5), fb_stmt_int(st, 6));
		else if (fb_stmt_int(st, 4) != 0)
			base = fb_stmt_int(st, 5);
	}
	fb_stmt_reset(st);
	if (rc < 0 || revision)
		return rc < 0 ? -1 : 0;
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fb_invoice_line *l = &inv->lines[i];

		if (strcmp(l->kind, "discount") == 0)
			continue;
		if (strcmp(fb_invoice_line_code(l), FB_TAX_NONE) == 0) {
			untaxed += l->amount;
			any_untaxed = 1;
		} else {
			taxed += l->amount;
			any_taxed = 1;
		}
	}
	if (any_taxed || inv->tax != 0)
		fb_invoice_add_tax(inv, FB_TAX_LEGACY, FB_TAX_LEGACY, "Tax", "S", inv->tax_rate,
				   base >= 0 ? base : taxed, inv->tax);
	if (any_untaxed || inv->ntaxes == 0)
		fb_invoice_add_tax(inv, FB_TAX_NONE, FB_TAX_NONE, "No tax", "O", 0, untaxed, 0);
	return 0;
}

/*
 * What pays inv, and for a credit note what its void moved to credit:
 * what had been paid on the original by the time the note was recorded,
 * in the order of the tamper-evident chain (records are never changed,
 * so the figure never changes either).
 */
static int
load_payments(struct fb_db *db, struct fb_invoice *inv, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	if (inv->credit_of != 0) {
		int64_t moved = 0;

		if (fb_db_int(db, err, &moved,
			      "SELECT -coalesce(sum(e.owed), 0) FROM payment_effects e"
			      " JOIN chain c ON c.kind = e.kind AND c.record_id = e.id"
			      " WHERE e.invoice_id = ?1 AND c.seq < coalesce((SELECT seq FROM chain"
			      "  WHERE kind = 'invoice' AND record_id = ?2), 9223372036854775807)",
			      "ii", inv->credit_of, inv->id) < 0)
			return -1;
		inv->credit_of_paid = moved;
	}
	st = fb_db_prepare(db, "SELECT p.id, p.kind, p.date, coalesce(p.applied, p.amount),"
			   " p.method, p.ref FROM payments p WHERE p.invoice_id = ?1"
			   " AND (p.kind = 'payment' OR p.kind = 'credit')"
			   " AND coalesce(p.applied, p.amount) > 0"
			   " AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id)"
			   " ORDER BY p.date, p.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, inv->id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_invoice_payment *y;

		fb_xgrow(&inv->payments, &inv->apayments, inv->npayments + 1,
			 sizeof(*inv->payments));
		y = &inv->payments[inv->npayments++];
		y->id = fb_stmt_int(st, 0);
		y->kind = fb_stmt_dup(st, 1);
		y->date = fb_stmt_dup(st, 2);
		y->amount = fb_stmt_int(st, 3);
		y->method = fb_stmt_dup(st, 4);
		y->ref = fb_stmt_dup(st, 5);
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

int
fb_invoice_load(struct fb_db *db, int64_t id, struct fb_invoice *inv,
		struct fb_err *err)
{
	struct fb_stmt *st;
	int rc, draft;
	int64_t client_id = 0, revision;

	st = fb_db_prepare(db, "SELECT i.id, i.number, i.kind, i.status, c.code, i.currency,"
			   " i.issue_date, i.due_date, i.terms, i.credit_of, o.number, i.period,"
			   " i.tax_rate, i.company_name, i.company_address, i.company_email,"
			   " i.company_tax_id, i.client_name, i.client_address, i.client_email,"
			   " i.client_tax_id, i.void_reason, i.subtotal, i.tax, i.total,"
			   " (SELECT -coalesce(sum(owed), 0) FROM payment_effects WHERE invoice_id = i.id),"
			   " i.client_id, i.ref, i.note, i.company_phone, i.company_website,"
			   " i.payment, i.footer, i.through, 0,"
			   " i.revision, i.client_street, i.client_city, i.client_region,"
			   " i.client_postcode, i.client_country, i.client_vat_id, i.client_buyer_ref,"
			   " i.company_street, i.company_city, i.company_postcode, i.company_country,"
			   " i.company_vat_id, i.company_iban, i.company_bic, i.company_legal_id"
			   " FROM invoices i JOIN clients c ON c.id = i.client_id"
			   " LEFT JOIN invoices o ON o.id = i.credit_of WHERE i.id = ?", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	rc = fb_stmt_step(st, err);
	if (rc <= 0) {
		fb_stmt_reset(st);
		if (rc == 0)
			fb_err_set(err, FB_ERR_NOTFOUND, "unknown invoice '%lld'", (long long)id);
		return -1;
	}
	inv->id = fb_stmt_int(st, 0);
	inv->number = fb_stmt_dup(st, 1);
	inv->kind = fb_stmt_dup(st, 2);
	inv->status = fb_stmt_dup(st, 3);
	inv->client_code = fb_stmt_dup(st, 4);
	inv->currency = fb_stmt_dup(st, 5);
	inv->issue_date = fb_stmt_dup(st, 6);
	inv->due_date = fb_stmt_dup(st, 7);
	inv->terms = fb_stmt_isnull(st, 8) ? -1 : fb_stmt_int(st, 8);
	inv->credit_of = fb_stmt_isnull(st, 9) ? 0 : fb_stmt_int(st, 9);
	inv->credit_of_number = fb_stmt_dup(st, 10);
	inv->period = fb_stmt_dup(st, 11);
	inv->tax_rate = fb_stmt_int(st, 12);
	inv->company_name = fb_stmt_dup(st, 13);
	inv->company_address = fb_stmt_dup(st, 14);
	inv->company_email = fb_stmt_dup(st, 15);
	inv->company_tax_id = fb_stmt_dup(st, 16);
	inv->client_name = fb_stmt_dup(st, 17);
	inv->client_address = fb_stmt_dup(st, 18);
	inv->client_email = fb_stmt_dup(st, 19);
	inv->client_tax_id = fb_stmt_dup(st, 20);
	inv->void_reason = fb_stmt_dup(st, 21);
	inv->subtotal = fb_stmt_int(st, 22);
	inv->tax = fb_stmt_int(st, 23);
	inv->total = fb_stmt_int(st, 24);
	inv->paid = fb_stmt_int(st, 25);
	client_id = inv->client_id = fb_stmt_int(st, 26);
	inv->ref = fb_stmt_dup(st, 27);
	inv->note = fb_stmt_dup(st, 28);
	inv->company_phone = fb_stmt_dup(st, 29);
	inv->company_website = fb_stmt_dup(st, 30);
	inv->payment = fb_stmt_dup(st, 31);
	inv->footer = fb_stmt_dup(st, 32);
	/* through is the instant after the last day it bills. */
	if (!fb_stmt_isnull(st, 33))
		inv->through_day = fb_when_date(fb_stmt_int(st, 33) - 1);
	inv->credit_of_paid = fb_stmt_int(st, 34);
	revision = fb_stmt_isnull(st, 35) ? 0 : fb_stmt_int(st, 35);
	inv->client_street = fb_stmt_dup(st, 36);
	inv->client_city = fb_stmt_dup(st, 37);
	inv->client_region = fb_stmt_dup(st, 38);
	inv->client_postcode = fb_stmt_dup(st, 39);
	inv->client_country = fb_stmt_dup(st, 40);
	inv->client_vat_id = fb_stmt_dup(st, 41);
	inv->client_buyer_ref = fb_stmt_dup(st, 42);
	inv->company_street = fb_stmt_dup(st, 43);
	inv->company_city = fb_stmt_dup(st, 44);
	inv->company_postcode = fb_stmt_dup(st, 45);
	inv->company_country = fb_stmt_dup(st, 46);
	inv->company_vat_id = fb_stmt_dup(st, 47);
	inv->company_iban = fb_stmt_dup(st, 48);
	inv->company_bic = fb_stmt_dup(st, 49);
	inv->company_legal_id = fb_stmt_dup(st, 50);
	fb_stmt_reset(st);
	draft = strcmp(inv->status, "draft") == 0;
	/* Only what is owed on a live invoice is a balance. */
	inv->balance = strcmp(inv->kind, "invoice") == 0 && strcmp(inv->status, "void") != 0 ?
		inv->total - inv->paid : 0;

	if (draft) {
		/* Not frozen yet: show the parties as they are now. */
		struct fb_client c;

		memset(&c, 0, sizeof(c));
		if (fb_client_get(db, client_id, &c, err) < 0)
			return -1;
		inv->client_name = fb_xstrdup(c.name);
		inv->client_address = c.address ? fb_xstrdup(c.address) : NULL;
		inv->client_email = c.email ? fb_xstrdup(c.email) : NULL;
		inv->client_tax_id = c.tax_id ? fb_xstrdup(c.tax_id) : NULL;
		free(inv->client_street);
		free(inv->client_city);
		free(inv->client_region);
		free(inv->client_postcode);
		free(inv->client_country);
		free(inv->client_vat_id);
		free(inv->client_buyer_ref);
		inv->client_street = c.street ? fb_xstrdup(c.street) : NULL;
		inv->client_city = c.city ? fb_xstrdup(c.city) : NULL;
		inv->client_region = c.region ? fb_xstrdup(c.region) : NULL;
		inv->client_postcode = c.postcode ? fb_xstrdup(c.postcode) : NULL;
		inv->client_country = c.country ? fb_xstrdup(c.country) : NULL;
		inv->client_vat_id = c.vat_id ? fb_xstrdup(c.vat_id) : NULL;
		inv->client_buyer_ref = c.buyer_ref ? fb_xstrdup(c.buyer_ref) : NULL;
		/* Terms set on the draft win over the client's and the default. */
		if (inv->terms < 0)
			inv->terms = fb_config_int_for(db, client_id, "invoice.terms", 30);
		fb_client_release(&c);
		inv->company_name = config_text(db, "company.name");
		inv->company_address = config_text(db, "company.address");
		inv->company_email = config_text(db, "company.email");
		inv->company_tax_id = config_text(db, "company.tax_id");
		inv->company_phone = config_text(db, "company.phone");
		inv->company_website = config_text(db, "company.website");
		inv->company_street = config_text(db, "company.street");
		inv->company_city = config_text(db, "company.city");
		inv->company_postcode = config_text(db, "company.postcode");
		inv->company_country = config_text(db, "company.country");
		inv->company_vat_id = config_text(db, "company.vat_id");
		inv->company_iban = config_text(db, "company.iban");
		inv->company_bic = config_text(db, "company.bic");
		inv->company_legal_id = config_text(db, "company.legal_id");
		inv->payment = config_text(db, "invoice.payment");
		inv->footer = config_text(db, "invoice.footer");
	}
	inv->logo = config_text(db, "company.logo");
	inv->font = config_text(db, "invoice.font");
	{
		char *sn = config_text(db, "invoice.show_notes");

		inv->show_notes = sn != NULL && strcmp(sn, "entries") == 0;
		free(sn);
	}
	if (load_jobs(db, id, inv, err) < 0)
		return -1;

	st = fb_db_prepare(db, "SELECT job_id, kind, class, description, actual_seconds,"
			   " billed_seconds, quantity, unit_price, amount, tax, waived, notes,"
			   " extra_id, tax_code FROM invoice_lines WHERE invoice_id = ? ORDER BY pos",
			   err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_invoice_line *l = fb_invoice_add_line(inv);

		l->job_id = fb_stmt_isnull(st, 0) ? 0 : fb_stmt_int(st, 0);
		l->kind = fb_stmt_dup(st, 1);
		l->class = fb_stmt_dup(st, 2);
		l->description = fb_stmt_dup(st, 3);
		l->actual_seconds = fb_stmt_isnull(st, 4) ? -1 : fb_stmt_int(st, 4);
		l->billed_seconds = fb_stmt_isnull(st, 5) ? -1 : fb_stmt_int(st, 5);
		l->quantity = fb_stmt_int(st, 6);
		l->unit_price = fb_stmt_int(st, 7);
		l->amount = fb_stmt_int(st, 8);
		l->tax = fb_stmt_int(st, 9);
		l->waived = fb_stmt_int(st, 10);
		l->notes = fb_stmt_dup(st, 11);
		l->extra_id = fb_stmt_int(st, 12);
		l->tax_code = fb_stmt_dup(st, 13);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if (load_taxes(db, id, revision != 0, inv, err) < 0)
		return -1;
	return load_payments(db, inv, err);
}

static int
add_days(const char *date, int64_t days, char **out, struct fb_err *err)
{
	struct fb_civil c;

	if (fb_date_parse(date, 0, &c, err) < 0)
		return -1;
	fb_civil_from_days(fb_days_from_civil(c.year, c.month, c.day) + days,
			   &c.year, &c.month, &c.day);
	*out = fb_civil_date(&c);
	return 0;
}

/* The number "INV-2026-00007" of seq in format for year. */
static char *
format_number(const char *format, int year, int64_t seq)
{
	struct fb_buf b = FB_BUF_INIT;
	const char *p = format;

	while (*p) {
		if (strncmp(p, "{year}", 6) == 0) {
			fb_buf_addf(&b, "%04d", year);
			p += 6;
		} else if (strncmp(p, "{seq}", 5) == 0) {
			fb_buf_addf(&b, "%lld", (long long)seq);
			p += 5;
		} else if (strncmp(p, "{seq:", 5) == 0 && p[5] >= '0' && p[5] <= '9' &&
			   p[6] >= '0' && p[6] <= '9' && p[7] == '}') {
			fb_buf_addf(&b, "%0*lld", (p[5] - '0') * 10 + (p[6] - '0'), (long long)seq);
			p += 8;
		} else
			fb_buf_addc(&b, *p++);
	}
	return fb_buf_detach(&b);
}

/*
 * Numbers and dates run in the same order (SPEC section 10): the next
 * number of a series may not be dated before the last one.
 */
static int
series_order(struct fb_db *db, const char *format, int64_t year, const char *date,
	     struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, "SELECT number, issue_date FROM invoices"
					   " WHERE series = ?1 AND year = ?2 AND seq IS NOT NULL"
					   " ORDER BY seq DESC LIMIT 1", err);
	int rc;

	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, format);
	fb_stmt_bind_int(st, 2, year);
	rc = fb_stmt_step(st, err);
	if (rc == 1 && fb_stmt_text(st, 1) && strcmp(date, fb_stmt_text(st, 1)) < 0) {
		fb_err_set(err, FB_ERR_REFUSED, "%s is before the date of %s (%s)", date,
			   fb_stmt_text(st, 0), fb_stmt_text(st, 1));
		fb_err_hint(err, "numbers and dates run in the same order: date it %s or later"
			    " with --date", fb_stmt_text(st, 1));
		rc = -1;
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

/*
 * Take the next number of a series.  The series row and the invoice are
 * written in the caller's transaction, so a failure after this returns
 * the number along with everything else.
 */
static int
next_number(struct fb_db *db, const char *key, const char *date, char **series,
	    int64_t *year, int64_t *seq, char **number, struct fb_err *err)
{
	char *format = NULL;
	struct fb_civil c;
	int64_t taken;
	int rc;

	if (fb_config_get(db, key, &format, err) < 0)
		return -1;
	if (format == NULL || fb_date_parse(date, 0, &c, err) < 0) {
		free(format);
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot number the invoice: no '%s'", key);
	}
	/* An older fixbill stored formats that make unsafe file names. */
	if (fb_config_check(key, format, err) < 0) {
		free(format);
		if (err)
			err->code = FB_ERR_REFUSED;
		fb_err_hint(err, "change it with 'fixbill config set %s FORMAT'", key);
		return -1;
	}
	*year = strstr(format, "{year}") ? c.year : 0;
	if (series_order(db, format, *year, date, err) < 0) {
		free(format);
		return -1;
	}
	if (fb_db_exec(db, err,
		       "INSERT INTO series(name, year, last) VALUES (?, ?, 1)"
		       " ON CONFLICT(name, year) DO UPDATE SET last = last + 1",
		       "ti", format, *year) < 0 ||
	    fb_db_int(db, err, seq, "SELECT last FROM series WHERE name = ? AND year = ?",
		      "ti", format, *year) < 0) {
		free(format);
		return -1;
	}
	*number = format_number(format, c.year, *seq);
	*series = format;
	/* Another format can make the same text: refuse rather than reuse it. */
	if ((rc = fb_db_int(db, err, &taken, "SELECT 1 FROM invoices WHERE number = ?",
			    "t", *number)) != 0) {
		if (rc > 0) {
			fb_err_set(err, FB_ERR_REFUSED, "number '%s' is already taken", *number);
			fb_err_hint(err, "change '%s' so that its numbers cannot repeat", key);
		}
		free(*number);
		free(*series);
		*number = *series = NULL;
		return -1;
	}
	return 0;
}

static char *
today(int64_t now)
{
	return fb_when_date(now);
}

int
fb_invoice_issue(struct fb_db *db, int64_t id, const char *date, int64_t now,
		 struct fb_err *err)
{
	struct fb_invoice inv;
	char *issue = NULL, *due = NULL, *series = NULL, *number = NULL;
	int64_t year = 0, seq = 0, applied = 0;
	int rc = -1;

	fb_invoice_init(&inv);
	if (fb_invoice_load(db, id, &inv, err) < 0)
		goto out;
	if (strcmp(inv.status, "draft") != 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot issue '%s': it is already %s",
			   inv.number, strcmp(inv.status, "void") == 0 ? "void" : "issued");
		goto out;
	}
	if (inv.nlines == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot issue draft %lld: it has no lines",
			   (long long)id);
		fb_err_hint(err, "'fixbill invoice refresh %lld' picks up new work; "
			    "'fixbill invoice discard %lld' drops the draft", (long long)id,
			    (long long)id);
		goto out;
	}
	issue = fb_xstrdup(date ? date : inv.issue_date ? inv.issue_date : "");
	if (*issue == '\0') {
		free(issue);
		issue = today(now);
	}
	if (fb_date_check_past(issue, now, err) < 0 || fb_closing_check(db, issue, err) < 0 ||
	    add_days(issue, inv.terms, &due, err) < 0 ||
	    next_number(db, "invoice.format", issue, &series, &year, &seq, &number, err) < 0) {
		fb_err_prefix(err, "cannot issue draft %lld", (long long)id);
		goto out;
	}
	if (fb_db_exec(db, err,
		       "UPDATE invoices SET status = ?, series = ?, year = ?, seq = ?, number = ?,"
		       " issue_date = ?, due_date = ?, terms = ?, company_name = ?,"
		       " company_address = ?, company_email = ?, company_tax_id = ?,"
		       " client_name = ?, client_address = ?, client_email = ?,"
		       " client_tax_id = ?, issued = ?, company_phone = ?, company_website = ?,"
		       " payment = ?, footer = ?, client_street = ?, client_city = ?,"
		       " client_region = ?, client_postcode = ?, client_country = ?,"
		       " client_vat_id = ?, client_buyer_ref = ?, company_street = ?,"
		       " company_city = ?, company_postcode = ?, company_country = ?,"
		       " company_vat_id = ?, company_iban = ?, company_bic = ?,"
		       " company_legal_id = ? WHERE id = ? AND status = 'draft'",
		       "ttiitttitttttttti" "tttt" "ttttttt" "tttttttt" "i",
		       /* Nothing to pay: settled the moment it exists. */
		       inv.total == 0 ? "paid" : "issued", series, year, seq, number,
		       issue, due, inv.terms, inv.company_name, inv.company_address,
		       inv.company_email, inv.company_tax_id, inv.client_name,
		       inv.client_address, inv.client_email, inv.client_tax_id, now,
		       inv.company_phone, inv.company_website, inv.payment, inv.footer,
		       inv.client_street, inv.client_city, inv.client_region, inv.client_postcode,
		       inv.client_country, inv.client_vat_id, inv.client_buyer_ref,
		       inv.company_street, inv.company_city, inv.company_postcode,
		       inv.company_country, inv.company_vat_id, inv.company_iban, inv.company_bic,
		       inv.company_legal_id, id) < 0 ||
	    fb_chain_append(db, FB_CHAIN_INVOICE, id, err) < 0)
		goto out;
	/* Jobs with nothing left to bill are invoiced. */
	if (fb_db_exec(db, err,
		       "UPDATE jobs SET status = 'invoiced' WHERE status = 'resolved' AND id IN"
		       " (SELECT job_id FROM entries WHERE invoice_id = ?1"
		       "  UNION SELECT job_id FROM charges WHERE invoice_id = ?1)"
		       " AND NOT EXISTS (SELECT 1 FROM entries e LEFT JOIN invoices i"
		       "  ON i.id = e.invoice_id WHERE e.job_id = jobs.id AND e.billable = 1"
		       "  AND e.billed_elsewhere = 0"
		       "  AND (i.id IS NULL OR i.status NOT IN ('issued', 'paid')))"
		       " AND NOT EXISTS (SELECT 1 FROM charges c LEFT JOIN invoices i"
		       "  ON i.id = c.invoice_id WHERE c.job_id = jobs.id"
		       "  AND (i.id IS NULL OR i.status NOT IN ('issued', 'paid')))",
		       "i", id) < 0)
		goto out;
	if (fb_payment_apply_auto(db, id, now, &applied, err) < 0)
		goto out;
	rc = 0;
out:
	free(issue);
	free(due);
	free(series);
	free(number);
	fb_invoice_release(&inv);
	return rc;
}

static int
check_text(const char *what, const char *s, size_t max, int multiline, struct fb_err *err)
{
	if (s == NULL)
		return 0;
	if (!fb_utf8_valid(s, multiline))
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: not valid UTF-8 or has"
				  " control characters", what);
	if (strlen(s) > max)
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: longer than %zu bytes", what, max);
	return 0;
}

int
fb_invoice_check_reason(const char *reason, struct fb_err *err)
{
	return check_text("reason", reason, 65536, 1, err);
}

/* A credit note is not dated before the invoice it cancels. */
static int
not_before(const char *day, const char *issued, struct fb_err *err)
{
	if (issued != NULL && strcmp(day, issued) < 0)
		return fb_err_set(err, FB_ERR_REFUSED, "%s is before its issue date %s", day, issued);
	return 0;
}

int
fb_invoice_mark_elsewhere(struct fb_db *db, int64_t client_id, const char *through,
			  int64_t now, int64_t *n, struct fb_err *err)
{
	struct fb_civil c;
	struct fb_stmt *st;
	int64_t end;
	int rc;

	*n = 0;
	if (fb_date_parse(through, now, &c, err) < 0)
		return -1;
	fb_civil_from_days(fb_days_from_civil(c.year, c.month, c.day) + 1,
			   &c.year, &c.month, &c.day);
	if (fb_day_start(c.year, c.month, c.day, &end, err) < 0)
		return -1;
	/* Work a fixbill invoice holds was billed here: say which, mark nothing. */
	st = fb_db_prepare(db, "SELECT e.id, coalesce(i.number, 'draft ' || i.id)"
			   " FROM entries e JOIN invoices i ON i.id = e.invoice_id"
			   " JOIN jobs j ON j.id = e.job_id WHERE e.start < ?1"
			   " AND (?2 = 0 OR j.client_id = ?2) ORDER BY e.start, e.id LIMIT 1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, end);
	fb_stmt_bind_int(st, 2, client_id);
	if ((rc = fb_stmt_step(st, err)) == 1) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot mark work through %s as billed elsewhere:"
			   " entry %lld is on invoice '%s'", through,
			   (long long)fb_stmt_int(st, 0), fb_stmt_text(st, 1));
		fb_err_hint(err, "give an earlier --through date, or --client for one client");
		rc = -1;
	}
	fb_stmt_reset(st);
	if (rc != 0)
		return -1;
	/* The jobs of that work, to settle once it is marked. */
	if (fb_db_script(db, "CREATE TEMP TABLE IF NOT EXISTS marked_jobs"
			 " (id INTEGER PRIMARY KEY); DELETE FROM temp.marked_jobs", err) < 0 ||
	    fb_db_exec(db, err, "INSERT OR IGNORE INTO temp.marked_jobs SELECT job_id"
		       " FROM entries WHERE " FB_UNBILLED("") " AND start < ?1"
		       " AND (?2 = 0 OR job_id IN (SELECT id FROM jobs WHERE client_id = ?2))",
		       "ii", end, client_id) < 0 ||
	    fb_db_exec(db, err, "UPDATE entries SET billed_elsewhere = 1"
		       " WHERE " FB_UNBILLED("") " AND start < ?1"
		       " AND (?2 = 0 OR job_id IN (SELECT id FROM jobs WHERE client_id = ?2))",
		       "ii", end, client_id) < 0)
		return -1;
	*n = fb_db_changes(db);
	/* As issuing does: a job with nothing left to bill is invoiced. */
	if (fb_db_exec(db, err,
		       "UPDATE jobs SET status = 'invoiced' WHERE status = 'resolved'"
		       " AND id IN (SELECT id FROM temp.marked_jobs)"
		       " AND NOT EXISTS (SELECT 1 FROM entries e LEFT JOIN invoices i"
		       "  ON i.id = e.invoice_id WHERE e.job_id = jobs.id AND e.billable = 1"
		       "  AND e.billed_elsewhere = 0"
		       "  AND (i.id IS NULL OR i.status NOT IN ('issued', 'paid')))"
		       " AND NOT EXISTS (SELECT 1 FROM charges c LEFT JOIN invoices i"
		       "  ON i.id = c.invoice_id WHERE c.job_id = jobs.id"
		       "  AND (i.id IS NULL OR i.status NOT IN ('issued', 'paid')))", "") < 0)
		return -1;
	return fb_db_script(db, "DROP TABLE temp.marked_jobs", err);
}

int
fb_invoice_void(struct fb_db *db, int64_t id, const char *reason,
		const char *date, int64_t now, int64_t *credit, struct fb_err *err)
{
	struct fb_invoice inv;
	char *day = NULL, *series = NULL, *number = NULL;
	int64_t year = 0, seq = 0;
	int rc = -1;

	if (fb_invoice_check_reason(reason, err) < 0)
		return -1;
	fb_invoice_init(&inv);
	if (fb_invoice_load(db, id, &inv, err) < 0)
		goto out;
	if (strcmp(inv.status, "draft") == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot void draft %lld: it is not issued",
			   (long long)id);
		fb_err_hint(err, "drop a draft with 'fixbill invoice discard %lld'", (long long)id);
		goto out;
	}
	if (strcmp(inv.kind, "credit") == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot void '%s': it is a credit note", inv.number);
		goto out;
	}
	if (strcmp(inv.status, "void") == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot void '%s': it is already void", inv.number);
		goto out;
	}
	day = date ? fb_xstrdup(date) : today(now);
	if (fb_date_check_past(day, now, err) < 0 || not_before(day, inv.issue_date, err) < 0 ||
	    fb_closing_check(db, day, err) < 0 ||
	    next_number(db, "invoice.credit_format", day, &series, &year, &seq, &number, err) < 0) {
		fb_err_prefix(err, "cannot void '%s'", inv.number);
		goto out;
	}
	/* Built as a draft (lines can only be added to drafts), then issued. */
	if (fb_db_exec(db, err,
		       "INSERT INTO invoices(kind, status, client_id, currency, credit_of, period,"
		       " through, tax_rate, subtotal, tax, total, terms, void_reason, created, ref,"
		       " revision)"
		       " SELECT 'credit', 'draft', client_id, currency, id, period, through, tax_rate,"
		       " -subtotal, -tax, -total, 0, ?, ?, ref, revision FROM invoices WHERE id = ?",
		       "tii", reason, now, id) < 0)
		goto out;
	*credit = fb_db_last_id(db);
	if (fb_db_exec(db, err,
		       "INSERT INTO invoice_lines(invoice_id, pos, job_id, kind, class, description,"
		       " actual_seconds, billed_seconds, quantity, unit_price, amount, tax, waived,"
		       " notes, tax_code)"
		       " SELECT ?, pos, job_id, kind, class, description, actual_seconds,"
		       " billed_seconds, -quantity, unit_price, -amount, -tax, -waived, notes,"
		       " tax_code"
		       " FROM invoice_lines WHERE invoice_id = ? ORDER BY pos",
		       "ii", *credit, id) < 0 ||
	    fb_db_exec(db, err,
		       "INSERT INTO invoice_jobs(invoice_id, job_id, title, po, first_day,"
		       " last_day, techs) SELECT ?, job_id, title, po, first_day, last_day, techs"
		       " FROM invoice_jobs WHERE invoice_id = ?", "ii", *credit, id) < 0 ||
	    fb_db_exec(db, err,
		       "INSERT INTO invoice_taxes(invoice_id, pos, code, component, name, category,"
		       " rate, base, amount) SELECT ?, pos, code, component, name, category, rate,"
		       " -base, -amount FROM invoice_taxes WHERE invoice_id = ?",
		       "ii", *credit, id) < 0 ||
	    fb_db_exec(db, err,
		       "UPDATE invoices SET (status, series, year, seq, number, issue_date,"
		       " due_date, company_name, company_address, company_email, company_tax_id,"
		       " client_name, client_address, client_email, client_tax_id, issued,"
		       " company_phone, company_website, footer, client_street, client_city,"
		       " client_region, client_postcode, client_country, client_vat_id,"
		       " client_buyer_ref, company_street, company_city, company_postcode,"
		       " company_country, company_vat_id, company_iban, company_bic,"
		       " company_legal_id) ="
		       " (SELECT 'issued', ?1, ?2, ?3, ?4, ?5, ?5, company_name, company_address,"
		       " company_email, company_tax_id, client_name, client_address,"
		       " client_email, client_tax_id, ?6, company_phone, company_website, footer,"
		       " client_street, client_city, client_region, client_postcode,"
		       " client_country, client_vat_id, client_buyer_ref, company_street,"
		       " company_city, company_postcode, company_country, company_vat_id,"
		       " company_iban, company_bic, company_legal_id"
		       " FROM invoices WHERE id = ?7)"
		       " WHERE id = ?8",
		       "tiitti" "ii", series, year, seq, number, day, now, id, *credit) < 0 ||
	    fb_chain_append(db, FB_CHAIN_INVOICE, *credit, err) < 0 ||
	    fb_db_exec(db, err, "UPDATE invoices SET status = 'void', void_reason = ? WHERE id = ?",
		       "ti", reason, id) < 0)
		goto out;
	/* Now that it is void, its work may leave it (the triggers allow it). */
	if (fb_db_exec(db, err,
		       "UPDATE jobs SET status = 'resolved' WHERE status = 'invoiced' AND id IN"
		       " (SELECT job_id FROM entries WHERE invoice_id = ?1"
		       "  UNION SELECT job_id FROM charges WHERE invoice_id = ?1)", "i", id) < 0 ||
	    release_work(db, id, 0, err) < 0)
		goto out;
	rc = 0;
out:
	free(day);
	free(series);
	free(number);
	fb_invoice_release(&inv);
	return rc;
}

int
fb_invoice_list(struct fb_db *db, const struct fb_invoice_filter *f,
		int64_t **ids, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int64_t from = INT64_MIN, to = INT64_MAX;
	int rc;

	*ids = NULL;
	*n = 0;
	/* A draft has no issue date: it falls in the period it was made in. */
	if (f->from) {
		struct fb_civil c;

		if (fb_date_parse(f->from, 0, &c, err) < 0 ||
		    fb_day_start(c.year, c.month, c.day, &from, err) < 0)
			return -1;
	}
	if (f->to) {
		struct fb_civil c;

		if (fb_date_parse(f->to, 0, &c, err) < 0)
			return -1;
		fb_civil_from_days(fb_days_from_civil(c.year, c.month, c.day) + 1,
				   &c.year, &c.month, &c.day);
		if (fb_day_start(c.year, c.month, c.day, &to, err) < 0)
			return -1;
	}
	st = fb_db_prepare(db, "SELECT id FROM invoices WHERE (?1 = 0 OR client_id = ?1)"
			   " AND (?2 IS NULL OR status = ?2)"
			   " AND (CASE WHEN status = 'draft' THEN created >= ?5 AND created < ?6"
			   "  ELSE (?3 IS NULL OR issue_date >= ?3) AND (?4 IS NULL OR issue_date <= ?4) END)"
			   " ORDER BY status = 'draft', issue_date, seq IS NULL, id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, f->client_id);
	fb_stmt_bind_text(st, 2, f->status);
	fb_stmt_bind_text(st, 3, f->from);
	fb_stmt_bind_text(st, 4, f->to);
	fb_stmt_bind_int(st, 5, from);
	fb_stmt_bind_int(st, 6, to);
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
