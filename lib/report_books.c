/*
 * report_books.c - the bookkeeper's reports (SPEC section 11): the tax
 * collected per currency, code and component, on the accrual basis (the
 * documents issued in the period) or the cash basis (what was settled
 * of each invoice in it), and the register of the period's invoices and credit notes.
 * Both read each document as lib/invoice loads it, so their figures are
 * the invoices' own, to the cent.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "invoice.h"
#include "json.h"
#include "money.h"
#include "receivable.h"

/* The period's days as text; an open end is far away. */
static void
period_days(const struct fb_report_opts *o, char **from, char **to)
{
	*from = o->period.first.year ? fb_civil_date(&o->period.first) : fb_xstrdup("0000-01-01");
	*to = o->period.last.year ? fb_civil_date(&o->period.last) : fb_xstrdup("9999-12-31");
}

static char *
money_cell(const struct fb_report_opts *o, int64_t v, const char *cur)
{
	return o->human ? fb_money_format_human(v, cur) : fb_money_format(v, cur);
}

static int
overflow(struct fb_err *err)
{
	return fb_err_set(err, FB_ERR_RUNTIME, "cannot total the report: an amount is too large");
}

/* Ids from a query with the from, to and client parameters ?1 ?2 ?3. */
static int
ids_of(struct fb_db *db, const char *sql, const char *from, const char *to, int64_t client,
       int64_t **ids, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, sql, err);
	size_t alloc = 0;
	int rc;

	*ids = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, from);
	fb_stmt_bind_text(st, 2, to);
	fb_stmt_bind_int(st, 3, client);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(ids, &alloc, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = fb_stmt_int(st, 0);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		free(*ids);
		*ids = NULL;
		return -1;
	}
	return 0;
}

/* Issued invoices and credit notes dated in [?1, ?2] of client ?3 (0: any). */
static const char documents_sql[] =
	"SELECT id FROM invoices WHERE status <> 'draft' AND issue_date >= ?1"
	" AND issue_date <= ?2 AND (?3 = 0 OR client_id = ?3)"
	" ORDER BY issue_date, kind DESC, id";

/*
 * The invoices of client ?3 (0: any) whose settlement changed in [?1, ?2]:
 * id, what had been settled of each the day before ?1 and on ?2.  What is
 * settled of an invoice is its total less what it still owes (payments
 * and credit applied to it, less their reversals), and nothing once it is
 * voided: a void moves what was paid to the client's credit.
 */
#define SETTLED_ON(D) \
	"CASE WHEN " FB_SQL_LIVE_ON("i", D) " THEN i.total - " FB_SQL_OWED_ON("i", D) " ELSE 0 END"
static const char settled_sql[] =
	"SELECT i.id, " SETTLED_ON("date(?1, '-1 day')") ", " SETTLED_ON("?2")
	" FROM invoices i WHERE i.kind = 'invoice' AND i.status <> 'draft'"
	" AND (?3 = 0 OR i.client_id = ?3)"
	" AND (EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id"
	" AND p.date >= ?1 AND p.date <= ?2)"
	" OR EXISTS (SELECT 1 FROM invoices n WHERE n.credit_of = i.id AND n.status <> 'draft'"
	" AND n.issue_date >= ?1 AND n.issue_date <= ?2))"
	" ORDER BY i.issue_date, i.id";

/* One row of the tax report: what a currency, code, component and rate add up to. */
struct taxrow {
	char cur[4];
	char *code, *component;
	int64_t rate, base, tax;
};

struct taxrows {
	struct taxrow *r;
	size_t n, alloc;
};

static int
taxrow_add(struct taxrows *rs, const char *cur, const struct fb_invoice_tax *t,
	   int64_t base, int64_t tax, struct fb_err *err)
{
	struct taxrow *x = NULL;

	for (size_t i = 0; i < rs->n && x == NULL; i++)
		if (strcmp(rs->r[i].cur, cur) == 0 && strcmp(rs->r[i].code, t->code) == 0 &&
		    strcmp(rs->r[i].component, t->component) == 0 && rs->r[i].rate == t->rate)
			x = &rs->r[i];
	if (x == NULL) {
		fb_xgrow(&rs->r, &rs->alloc, rs->n + 1, sizeof(*rs->r));
		x = &rs->r[rs->n++];
		memset(x, 0, sizeof(*x));
		snprintf(x->cur, sizeof(x->cur), "%s", cur);
		x->code = fb_xstrdup(t->code);
		x->component = fb_xstrdup(t->component);
		x->rate = t->rate;
	}
	if (fb_add_checked(x->base, base, &x->base) < 0 ||
	    fb_add_checked(x->tax, tax, &x->tax) < 0)
		return overflow(err);
	return 0;
}

static int
taxrow_cmp(const void *a, const void *b)
{
	const struct taxrow *x = a, *y = b;
	int c;

	if ((c = strcmp(x->cur, y->cur)) != 0 || (c = strcmp(x->code, y->code)) != 0 ||
	    (c = strcmp(x->component, y->component)) != 0)
		return c;
	return x->rate < y->rate ? -1 : x->rate > y->rate;
}

/* Accrual: each document's components as they are, credit notes negative. */
static int
tax_accrual(struct fb_db *db, const struct fb_report_opts *o, const char *from,
	    const char *to, struct taxrows *rs, struct fb_err *err)
{
	int64_t *ids;
	size_t n;
	int rc = 0;

	if (ids_of(db, documents_sql, from, to, o->client_id, &ids, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct fb_invoice inv;

		fb_invoice_init(&inv);
		rc = fb_invoice_load(db, ids[i], &inv, err);
		for (size_t k = 0; k < inv.ntaxes && rc == 0; k++) {
			const struct fb_invoice_tax *t = &inv.taxes[k];

			rc = taxrow_add(rs, inv.currency, t, t->base == FB_TAX_BASE_UNKNOWN ? 0 : t->base, t->amount,
					err);
		}
		fb_invoice_release(&inv);
	}
	free(ids);
	return rc;
}

/* v's share settled/total, rounded half away from zero. */
static int
share(int64_t v, int64_t settled, int64_t total, int64_t *out)
{
	*out = 0;
	return settled == 0 ? 0 : fb_muldiv_round(v, settled, total, out);
}

/*
 * Cash: what was settled of each invoice in the period, its share of each
 * component's base and tax.  The share is rounded on what had been settled
 * by each end of the period, so the periods of an invoice paid in full add
 * up to exactly its tax, however many payments it took.
 */
static int
tax_cash(struct fb_db *db, const struct fb_report_opts *o, const char *from, const char *to,
	 struct taxrows *rs, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, settled_sql, err);
	int64_t (*rows)[3] = NULL;
	size_t n = 0, alloc = 0;
	int rc;

	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, from);
	fb_stmt_bind_text(st, 2, to);
	fb_stmt_bind_int(st, 3, o->client_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		if (fb_stmt_int(st, 1) == fb_stmt_int(st, 2))
			continue;
		fb_xgrow(&rows, &alloc, n + 1, sizeof(*rows));
		rows[n][0] = fb_stmt_int(st, 0);
		rows[n][1] = fb_stmt_int(st, 1);
		rows[n++][2] = fb_stmt_int(st, 2);
	}
	fb_stmt_reset(st);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct fb_invoice inv;

		fb_invoice_init(&inv);
		rc = fb_invoice_load(db, rows[i][0], &inv, err);
		for (size_t k = 0; k < inv.ntaxes && rc == 0 && inv.total != 0; k++) {
			const struct fb_invoice_tax *t = &inv.taxes[k];
			int64_t b0 = 0, b1 = 0, t0, t1;

			if ((t->base != FB_TAX_BASE_UNKNOWN &&
			     (share(t->base, rows[i][1], inv.total, &b0) < 0 ||
			      share(t->base, rows[i][2], inv.total, &b1) < 0)) ||
			    share(t->amount, rows[i][1], inv.total, &t0) < 0 ||
			    share(t->amount, rows[i][2], inv.total, &t1) < 0)
				rc = overflow(err);
			else
				rc = taxrow_add(rs, inv.currency, t, b1 - b0, t1 - t0, err);
		}
		fb_invoice_release(&inv);
	}
	free(rows);
	return rc < 0 ? -1 : 0;
}

int
fb_report_tax(struct fb_db *db, const struct fb_report_opts *o, int cash,
	      struct fb_report *r, struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct taxrows rs;
	char *from, *to;
	int rc;

	memset(&rs, 0, sizeof(rs));
	period_days(o, &from, &to);
	rc = cash ? tax_cash(db, o, from, to, &rs, err) : tax_accrual(db, o, from, to, &rs, err);
	free(from);
	free(to);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);
	fb_table_col(t, "code", NULL, FB_COL_TEXT);
	fb_table_col(t, "component", NULL, FB_COL_TEXT);
	fb_table_col(t, "rate", NULL, FB_COL_NUMBER);
	fb_table_col(t, "base", NULL, FB_COL_MONEY);
	fb_table_col(t, "tax", NULL, FB_COL_MONEY);
	if (rc == 0 && rs.n > 1)
		qsort(rs.r, rs.n, sizeof(*rs.r), taxrow_cmp);
	for (size_t i = 0; i < rs.n && rc == 0; i++) {
		const struct taxrow *x = &rs.r[i];

		fb_table_row(t);
		fb_table_set(t, 0, x->cur);
		fb_table_set(t, 1, x->code);
		fb_table_set(t, 2, x->component);
		fb_table_take(t, 3, fb_format_decimal(x->rate, 4));
		fb_table_take(t, 4, money_cell(o, x->base, x->cur));
		fb_table_take(t, 5, money_cell(o, x->tax, x->cur));
	}
	/* For people: the tax of each currency (bases of components overlap). */
	for (size_t i = 0; i < rs.n && rc == 0; ) {
		int64_t sum = 0;
		size_t j;

		for (j = i; j < rs.n && strcmp(rs.r[j].cur, rs.r[i].cur) == 0; j++)
			if (fb_add_checked(sum, rs.r[j].tax, &sum) < 0)
				rc = overflow(err);
		fb_table_row(t);
		fb_table_set(t, 0, rs.r[i].cur);
		fb_table_set(t, 1, "total");
		fb_table_take(t, 5, money_cell(o, sum, rs.r[i].cur));
		r->ntotals++;
		i = j;
	}
	t->has_total = r->ntotals > 0;
	for (size_t i = 0; i < rs.n; i++) {
		free(rs.r[i].code);
		free(rs.r[i].component);
	}
	free(rs.r);
	return rc;
}

/* The register's tax columns: each code and component met, in order. */
struct taxcol {
	char *code, *component;
};

static size_t
taxcol_of(struct taxcol **cols, size_t *n, size_t *a, const char *code, const char *component)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*cols)[i].code, code) == 0 &&
		    strcmp((*cols)[i].component, component) == 0)
			return i;
	fb_xgrow(cols, a, *n + 1, sizeof(**cols));
	(*cols)[*n].code = fb_xstrdup(code);
	(*cols)[*n].component = fb_xstrdup(component);
	return (*n)++;
}

static int
taxcol_cmp(const void *a, const void *b)
{
	const struct taxcol *x = a, *y = b;
	int c = strcmp(x->code, y->code);

	return c ? c : strcmp(x->component, y->component);
}

/* The documents of the register, loaded. */
struct docs {
	struct fb_invoice *inv;
	size_t n;
};

static void
docs_release(struct docs *d)
{
	for (size_t i = 0; i < d->n; i++)
		fb_invoice_release(&d->inv[i]);
	free(d->inv);
}

static int
docs_load(struct fb_db *db, const struct fb_report_opts *o, struct docs *d,
	  struct fb_err *err)
{
	int64_t *ids;
	size_t n;
	char *from, *to;
	int rc;

	memset(d, 0, sizeof(*d));
	period_days(o, &from, &to);
	rc = ids_of(db, documents_sql, from, to, o->client_id, &ids, &n, err);
	free(from);
	free(to);
	if (rc < 0)
		return -1;
	d->inv = fb_xcalloc(n, sizeof(*d->inv));
	for (size_t i = 0; i < n && rc == 0; i++) {
		fb_invoice_init(&d->inv[i]);
		d->n++;
		rc = fb_invoice_load(db, ids[i], &d->inv[i], err);
	}
	free(ids);
	return rc;
}

/* A component's tax on a document, 0 when it has none. */
static int64_t
component_tax(const struct fb_invoice *inv, const struct taxcol *c)
{
	int64_t v = 0;

	for (size_t k = 0; k < inv->ntaxes; k++)
		if (strcmp(inv->taxes[k].code, c->code) == 0 &&
		    strcmp(inv->taxes[k].component, c->component) == 0)
			v += inv->taxes[k].amount;
	return v;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The register's totals rows: one per currency, in order of currency. */
static int
register_totals(const struct fb_report_opts *o, const struct docs *d,
		const struct taxcol *cols, size_t ncols, struct fb_report *r,
		struct fb_err *err)
{
	struct fb_table *t = &r->table;
	const char **curs = fb_xcalloc(d->n, sizeof(*curs));
	size_t ncurs = 0;
	int rc = 0;

	for (size_t i = 0; i < d->n; i++) {
		size_t c;

		for (c = 0; c < ncurs && strcmp(curs[c], d->inv[i].currency) != 0; c++)
			;
		if (c == ncurs)
			curs[ncurs++] = d->inv[i].currency;
	}
	qsort(curs, ncurs, sizeof(*curs), str_cmp);
	for (size_t c = 0; c < ncurs && rc == 0; c++) {
		/* net, each tax column, total, paid, balance */
		int64_t *sum = fb_xcalloc(ncols + 4, sizeof(*sum));

		for (size_t i = 0; i < d->n && rc == 0; i++) {
			const struct fb_invoice *inv = &d->inv[i];
			int64_t v[3] = { inv->total, inv->paid, inv->balance };

			if (strcmp(inv->currency, curs[c]) != 0)
				continue;
			if (fb_add_checked(sum[0], inv->subtotal, &sum[0]) < 0)
				rc = overflow(err);
			for (size_t k = 0; k < ncols && rc == 0; k++)
				if (fb_add_checked(sum[1 + k], component_tax(inv, &cols[k]),
						   &sum[1 + k]) < 0)
					rc = overflow(err);
			for (int k = 0; k < 3 && rc == 0; k++)
				if (fb_add_checked(sum[1 + ncols + k], v[k], &sum[1 + ncols + k]) < 0)
					rc = overflow(err);
		}
		fb_table_row(t);
		fb_table_set(t, 0, "total");
		fb_table_set(t, 3, curs[c]);
		for (size_t k = 0; k < ncols + 4; k++)
			fb_table_take(t, 4 + k, money_cell(o, sum[k], curs[c]));
		r->ntotals++;
		free(sum);
	}
	free(curs);
	return rc;
}

int
fb_report_register(struct fb_db *db, const struct fb_report_opts *o, struct fb_report *r,
		   struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct taxcol *cols = NULL;
	struct docs d;
	size_t ncols = 0, acols = 0;
	int rc;

	if ((rc = docs_load(db, o, &d, err)) == 0) {
		for (size_t i = 0; i < d.n; i++)
			for (size_t k = 0; k < d.inv[i].ntaxes; k++)
				if (d.inv[i].taxes[k].amount != 0)
					taxcol_of(&cols, &ncols, &acols, d.inv[i].taxes[k].code,
						  d.inv[i].taxes[k].component);
		if (ncols > 1)
			qsort(cols, ncols, sizeof(*cols), taxcol_cmp);
	}
	fb_table_col(t, "number", NULL, FB_COL_TEXT);
	fb_table_col(t, "date", NULL, FB_COL_TEXT);
	fb_table_col(t, "client", NULL, FB_COL_TEXT);
	fb_table_col(t, "currency", "CUR", FB_COL_TEXT);
	fb_table_col(t, "net", NULL, FB_COL_MONEY);
	/* A tax column is named by its component, and its code when two share it. */
	for (size_t k = 0; k < ncols; k++) {
		int shared = 0;
		char *name, *title;

		for (size_t j = 0; j < ncols; j++)
			shared |= j != k && strcmp(cols[j].component, cols[k].component) == 0;
		title = shared ? fb_xasprintf("%s %s", cols[k].code, cols[k].component) :
		    fb_xstrdup(cols[k].component);
		name = fb_xasprintf("tax_%s", title);
		for (char *p = name; *p; p++)
			*p = *p == ' ' || *p == '-' ? '_' : *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		fb_table_col(t, name, title, FB_COL_MONEY);
		free(name);
		free(title);
	}
	fb_table_col(t, "total", NULL, FB_COL_MONEY);
	fb_table_col(t, "paid", NULL, FB_COL_MONEY);
	fb_table_col(t, "balance", NULL, FB_COL_MONEY);
	fb_table_col(t, "status", NULL, FB_COL_TEXT);
	for (size_t i = 0; i < d.n && rc == 0; i++) {
		const struct fb_invoice *inv = &d.inv[i];

		fb_table_row(t);
		fb_table_set(t, 0, inv->number);
		fb_table_set(t, 1, inv->issue_date);
		fb_table_set(t, 2, inv->client_code);
		fb_table_set(t, 3, inv->currency);
		fb_table_take(t, 4, money_cell(o, inv->subtotal, inv->currency));
		for (size_t k = 0; k < ncols; k++)
			fb_table_take(t, 5 + k, money_cell(o, component_tax(inv, &cols[k]),
							   inv->currency));
		fb_table_take(t, 5 + ncols, money_cell(o, inv->total, inv->currency));
		fb_table_take(t, 6 + ncols, money_cell(o, inv->paid, inv->currency));
		fb_table_take(t, 7 + ncols, money_cell(o, inv->balance, inv->currency));
		fb_table_set(t, 8 + ncols, inv->status);
	}
	if (rc == 0)
		rc = register_totals(o, &d, cols, ncols, r, err);
	t->has_total = r->ntotals > 0;
	for (size_t k = 0; k < ncols; k++) {
		free(cols[k].code);
		free(cols[k].component);
	}
	free(cols);
	docs_release(&d);
	return rc;
}

int
fb_report_register_json(struct fb_db *db, const struct fb_report_opts *o,
			struct fb_json **out, struct fb_err *err)
{
	struct docs d;
	struct fb_json *arr;

	*out = NULL;
	if (docs_load(db, o, &d, err) < 0) {
		docs_release(&d);
		return -1;
	}
	arr = fb_json_array();
	for (size_t i = 0; i < d.n; i++) {
		const struct fb_invoice *inv = &d.inv[i];
		struct fb_json *row = fb_json_object(), *taxes = fb_json_array();

		fb_json_set_str(row, "number", inv->number);
		fb_json_set_str(row, "date", inv->issue_date);
		fb_json_set_str(row, "client", inv->client_code);
		fb_json_set_str(row, "currency", inv->currency);
		fb_json_set_money(row, "net", inv->subtotal, inv->currency);
		for (size_t k = 0; k < inv->ntaxes; k++) {
			struct fb_json *x = fb_json_object();

			fb_json_set_str(x, "code", inv->taxes[k].code);
			fb_json_set_str(x, "component", inv->taxes[k].component);
			fb_json_set_money(x, "amount", inv->taxes[k].amount, inv->currency);
			fb_json_push(taxes, x);
		}
		fb_json_set(row, "taxes", taxes);
		fb_json_set_money(row, "total", inv->total, inv->currency);
		fb_json_set_money(row, "paid", inv->paid, inv->currency);
		fb_json_set_money(row, "balance", inv->balance, inv->currency);
		fb_json_set_str(row, "status", inv->status);
		fb_json_push(arr, row);
	}
	docs_release(&d);
	*out = arr;
	return 0;
}
