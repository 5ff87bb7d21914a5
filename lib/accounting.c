/*
 * accounting.c - carrying a period into the bookkeeper's system.
 *
 * The period's issued invoices and credit notes (by issue date) and its
 * payments (by payment date) are loaded once, checked to add up, and
 * written in one of the formats below.  Every format says the same
 * thing: labor, call-out minimums, trips and flat fees are service
 * revenue ("labor"), parts are parts revenue, tax is a liability per
 * component of each tax code, each line carries its code's name in the
 * target system and the tax fixbill computed (the target never computes
 * a different figure), and a credit note is its invoice with the signs
 * turned over, addressed to the client exactly as its invoice was.
 *
 * Formats and their sources: Xero's sales invoice and contact import
 * templates (the columns of Xero's own CSV templates); QuickBooks
 * Online's invoice and customer import (the column names QuickBooks
 * maps by itself); QuickBooks Desktop's IIF (!TRNS/!SPL/!ENDTRNS and
 * !CUST, as in Intuit's IIF import kit); hledger's journal format.
 */
#include "accounting.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "client.h"
#include "config.h"
#include "export.h"
#include "invoice.h"
#include "json.h"
#include "lazy_xlsx.h"
#include "money.h"
#include "tax.h"
#include "when.h"

/* A record of the payments table: a payment, credit applied, a refund or a reversal. */
struct payment {
	int64_t id;
	char *kind;		/* payment, credit, refund, reversal */
	char *date;
	int64_t amount;
	int64_t balance;	/* what it did to the client's balance (payment_effects) */
	int64_t reverses;	/* a reversal: the record it undoes */
	char *method, *ref;
	char *number;		/* of its invoice; NULL for a refund */
	char *client_code, *client_name, *currency;
};

/* The configured names, each with its default. */
enum {
	K_RECEIVABLE, K_LABOR, K_PARTS, K_TAX, K_BANK,
	K_XERO_LABOR, K_XERO_PARTS, K_XERO_TAX, K_XERO_NOTAX, K_XERO_DATE,
	K_QBO_LABOR, K_QBO_PARTS, K_QBO_DATE,
	K_IIF_RECEIVABLE, K_IIF_LABOR, K_IIF_PARTS, K_IIF_TAX, K_IIF_BANK,
	NKEYS
};

static const char *const key_names[NKEYS] = {
	"accounts.receivable", "accounts.labor", "accounts.parts", "accounts.tax",
	"accounts.bank",
	"xero.account_labor", "xero.account_parts", "xero.tax_type",
	"xero.tax_type_none", "xero.date_format",
	"qbo.item_labor", "qbo.item_parts", "qbo.date_format",
	"iif.receivable", "iif.labor", "iif.parts", "iif.tax", "iif.bank"
};

struct period {
	struct fb_db *db;
	const char *from, *to;
	struct fb_invoice *invs;
	size_t ninvs, ainvs;
	struct payment *pays;
	size_t npays, apays;
	char *key[NKEYS];
	char *home;		/* the company currency */
	struct fb_tax_code *codes;	/* the codes lines name, loaded as met */
	size_t ncodes;
	int width;		/* of the journal's longest account name */
	FILE *fp;
	int failed;
};

static void
period_release(struct period *p)
{
	for (size_t i = 0; i < p->ninvs; i++)
		fb_invoice_release(&p->invs[i]);
	free(p->invs);
	for (size_t i = 0; i < p->npays; i++) {
		struct payment *y = &p->pays[i];

		free(y->kind);
		free(y->date);
		free(y->method);
		free(y->ref);
		free(y->number);
		free(y->client_code);
		free(y->client_name);
		free(y->currency);
	}
	free(p->pays);
	for (size_t i = 0; i < NKEYS; i++)
		free(p->key[i]);
	for (size_t i = 0; i < p->ncodes; i++)
		fb_tax_code_release(&p->codes[i]);
	free(p->codes);
	free(p->home);
}

/*
 * The code called name with the names the target systems know it by.
 * A code that cannot be read (an invoice of a database another fixbill
 * wrote) is known by its name everywhere.
 */
static const struct fb_tax_code *
code_of(struct period *p, const char *name)
{
	struct fb_tax_code *t;

	for (size_t i = 0; i < p->ncodes; i++)
		if (strcmp(p->codes[i].code, name) == 0)
			return &p->codes[i];
	p->codes = fb_xrealloc(p->codes, (p->ncodes + 1) * sizeof(*p->codes));
	t = &p->codes[p->ncodes++];
	if (fb_tax_get(p->db, name, 0, t, NULL) < 0) {
		fb_tax_code_init(t);
		t->code = fb_xstrdup(name);
	}
	if (fb_tax_effective_names(p->db, t, NULL) < 0) {
		free(t->xero);
		t->xero = fb_xstrdup(name);
	}
	return t;
}

static int
period_load(struct fb_db *db, struct period *p, struct fb_err *err)
{
	struct fb_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, a = 0;
	int rc;

	p->db = db;
	p->home = fb_xstrdup(fb_config_currency(db));
	for (size_t i = 0; i < NKEYS; i++)
		if (fb_config_get(db, key_names[i], &p->key[i], err) < 0)
			return -1;
	st = fb_db_prepare(db, "SELECT id FROM invoices WHERE status <> 'draft'"
			   " AND issue_date >= ? AND issue_date <= ?"
			   " ORDER BY issue_date, kind DESC, id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, p->from);
	fb_stmt_bind_text(st, 2, p->to);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&ids, &a, n + 1, sizeof(*ids));
		ids[n++] = fb_stmt_int(st, 0);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		free(ids);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		struct fb_invoice *inv;

		fb_xgrow(&p->invs, &p->ainvs, p->ninvs + 1, sizeof(*p->invs));
		inv = &p->invs[p->ninvs++];
		fb_invoice_init(inv);
		if (fb_invoice_load(db, ids[i], inv, err) < 0 || fb_export_check(inv, err) < 0) {
			free(ids);
			return -1;
		}
	}
	free(ids);

	/*
	 * Names as they were: the invoice's copy of the client's, a refund's
	 * own, so a closed period exports the same whatever is renamed later.
	 */
	st = fb_db_prepare(db, "SELECT p.date, p.amount, p.method, p.ref, i.number, c.code,"
			   " coalesce(i.client_name, p.client_name, o.client_name, c.name),"
			   " p.currency, p.id, p.kind, e.balance, p.reverses"
			   " FROM payments p JOIN payment_effects e ON e.id = p.id"
			   " JOIN clients c ON c.id = p.client_id"
			   " LEFT JOIN invoices i ON i.id = p.invoice_id"
			   " LEFT JOIN payments o ON o.id = p.reverses"
			   " WHERE p.date >= ? AND p.date <= ? ORDER BY p.date, p.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, p->from);
	fb_stmt_bind_text(st, 2, p->to);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct payment *y;

		fb_xgrow(&p->pays, &p->apays, p->npays + 1, sizeof(*p->pays));
		y = &p->pays[p->npays++];
		y->date = fb_stmt_dup(st, 0);
		y->amount = fb_stmt_int(st, 1);
		y->method = fb_stmt_dup(st, 2);
		y->ref = fb_stmt_dup(st, 3);
		y->number = fb_stmt_dup(st, 4);
		y->client_code = fb_stmt_dup(st, 5);
		y->client_name = fb_stmt_dup(st, 6);
		y->currency = fb_stmt_dup(st, 7);
		y->id = fb_stmt_int(st, 8);
		y->kind = fb_stmt_dup(st, 9);
		y->balance = fb_stmt_int(st, 10);
		y->reverses = fb_stmt_isnull(st, 11) ? 0 : fb_stmt_int(st, 11);
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

/* Parts are parts; everything else an invoice bills is service. */
static int
is_parts(const struct fb_invoice_line *l)
{
	return strcmp(l->kind, "part") == 0;
}

static int
is_credit(const struct fb_invoice *inv)
{
	return strcmp(inv->kind, "credit") == 0;
}

/* YYYY-MM-DD in one of the key's date formats.  Caller frees. */
static char *
date_as(const char *iso, const char *format)
{
	if (iso == NULL)
		return fb_xstrdup("");
	if (strlen(iso) != 10 || format == NULL || strcmp(format, "yyyy-mm-dd") == 0)
		return fb_xstrdup(iso);
	if (strcmp(format, "dd/mm/yyyy") == 0)
		return fb_xasprintf("%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	return fb_xasprintf("%.2s/%.2s/%.4s", iso + 5, iso + 8, iso);
}

/* s on one line: tabs, newlines and other controls become spaces.  Caller frees. */
static char *
one_line(const char *s, const char *also)
{
	char *t = fb_xstrdup(s ? s : "");

	for (char *q = t; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f || (also && strchr(also, *q)))
			*q = ' ';
	return t;
}

/*
 * The quantity and unit price a spreadsheet-minded importer multiplies
 * back into the line amount.  When quantity x unit price is not the
 * amount (a part of 1.333 units, labor in odd increments), the line is
 * one unit at its amount, so the importer cannot recompute a different
 * figure.  Both caller-freed; the quantity carries the sign.
 */
static void
qty_price(const struct fb_invoice_line *l, const char *cur, char **qty, char **price)
{
	__int128 p = (__int128)l->quantity * l->unit_price;

	if (p == (__int128)l->amount * 1000 && l->quantity != 0) {
		*qty = fb_format_decimal(l->quantity, 3);
		*price = fb_money_format(l->unit_price, cur);
	} else {
		*qty = fb_xstrdup(l->amount < 0 ? "-1" : "1");
		*price = fb_money_format(l->amount < 0 ? -l->amount : l->amount, cur);
	}
}

static void
put(struct period *p, const char *s)
{
	if (fputs(s, p->fp) == EOF)
		p->failed = 1;
}

static void
putf(struct period *p, const char *fmt, ...) FB_PRINTF(2, 3);

static void
putf(struct period *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vfprintf(p->fp, fmt, ap) < 0)
		p->failed = 1;
	va_end(ap);
}

/* CSV: cells quoted only when they must be, text defused. */
struct row {
	struct period *p;
	int first;
};

static void
cell_raw(struct row *r, const char *s)
{
	if (!r->first)
		put(r->p, ",");
	r->first = 0;
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		put(r->p, s);
		return;
	}
	put(r->p, "\"");
	for (const char *q = s; *q; q++) {
		if (*q == '"')
			put(r->p, "\"");
		if (fputc(*q, r->p->fp) == EOF)
			r->p->failed = 1;
	}
	put(r->p, "\"");
}

static void
cell_text(struct row *r, const char *s)
{
	const char *t = s ? s : "";
	char *safe = fb_export_safe_cell(t);

	cell_raw(r, safe);
	if (safe != t)
		free(safe);
}

/* A number cell; takes s. */
static void
cell_num(struct row *r, char *s)
{
	cell_raw(r, s);
	free(s);
}

static void
row_end(struct row *r)
{
	put(r->p, "\n");
	r->first = 1;
}

/* A header line, written as is. */
static void
header(struct period *p, const char *const *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			put(p, ",");
		put(p, cols[i]);
	}
	put(p, "\n");
}

/* Address lines 1-4 of a multi-line address. */
static void
address_lines(const char *addr, char *out[4])
{
	const char *s = addr ? addr : "";

	for (int i = 0; i < 4; i++) {
		const char *nl = strchr(s, '\n');

		if (i == 3 || nl == NULL) {
			out[i] = *s ? one_line(s, NULL) : NULL;
			for (int j = i + 1; j < 4; j++)
				out[j] = NULL;
			return;
		}
		out[i] = fb_xstrndup(s, (size_t)(nl - s));
		s = nl + 1;
	}
}

/*
 * The postal address of an invoice as an accounting system's columns:
 * lines 1-4, city, region, postal code, country.  The structured address
 * the client had when the invoice was issued (a credit note keeps its
 * invoice's), else the lines of its free-text address.  Each caller-freed.
 */
static void
postal(const struct fb_invoice *inv, char *out[8])
{
	int structured = inv->client_street || inv->client_city || inv->client_region ||
	    inv->client_postcode || inv->client_country;

	address_lines(structured ? inv->client_street : inv->client_address, out);
	out[4] = structured && inv->client_city ? fb_xstrdup(inv->client_city) : NULL;
	out[5] = structured && inv->client_region ? fb_xstrdup(inv->client_region) : NULL;
	out[6] = structured && inv->client_postcode ? fb_xstrdup(inv->client_postcode) : NULL;
	out[7] = structured && inv->client_country ? fb_xstrdup(inv->client_country) : NULL;
}

static void
postal_release(char *out[8])
{
	for (int i = 0; i < 8; i++)
		free(out[i]);
}

/*
 * A line as an accounting system gets it: with one tax code and the tax
 * on it.  A discount has no code of its own (it is spread over the
 * codes, SPEC section 12), so it becomes one row per code of the other
 * lines, its amount split in proportion to their net (as pricing split
 * it) and its tax over those parts in proportion to the tax each would
 * bear: the rows' taxes still add up to the invoice's tax.
 */
struct xline {
	const struct fb_invoice_line *l;
	const char *code;
	int64_t amount, tax;
	int split;		/* a part of a discount: quantity 1 at its amount */
};

/* The rate a line of code pays on inv in all (the sum of its components'). */
static int64_t
code_rate(const struct fb_invoice *inv, const char *code)
{
	int64_t r = 0;

	for (size_t i = 0; i < inv->ntaxes; i++)
		if (strcmp(inv->taxes[i].code, code) == 0)
			r += inv->taxes[i].rate;
	return r;
}

static void
xline_add(struct xline **out, size_t *n, size_t *a, const struct fb_invoice_line *l,
	  const char *code, int64_t amount, int64_t tax, int split)
{
	fb_xgrow(out, a, *n + 1, sizeof(**out));
	(*out)[*n].l = l;
	(*out)[*n].code = code;
	(*out)[*n].amount = amount;
	(*out)[*n].tax = tax;
	(*out)[*n].split = split;
	(*n)++;
}

static size_t
xlines(const struct fb_invoice *inv, struct xline **out)
{
	const char **codes = fb_xcalloc(inv->nlines, sizeof(*codes));
	int64_t *net = fb_xcalloc(inv->nlines, sizeof(*net));
	int64_t *share = fb_xcalloc(inv->nlines, sizeof(*share));
	int64_t *est = fb_xcalloc(inv->nlines, sizeof(*est));
	size_t ncodes = 0, n = 0, a = 0;

	*out = NULL;
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fb_invoice_line *l = &inv->lines[i];
		const char *c = fb_invoice_line_code(l);
		size_t k;

		if (strcmp(l->kind, "discount") == 0)
			continue;
		for (k = 0; k < ncodes && strcmp(codes[k], c) != 0; k++)
			;
		if (k == ncodes)
			codes[ncodes++] = c;
		net[k] += l->amount;	/* within bounds: fb_export_check added them */
	}
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fb_invoice_line *l = &inv->lines[i];
		int64_t sum = 0;

		if (strcmp(l->kind, "discount") != 0) {
			xline_add(out, &n, &a, l, fb_invoice_line_code(l), l->amount, l->tax, 0);
			continue;
		}
		if (ncodes == 0 || fb_money_allocate(l->amount, net, ncodes, share) < 0) {
			xline_add(out, &n, &a, l, FB_TAX_NONE, l->amount, l->tax, 0);
			continue;
		}
		for (size_t k = 0; k < ncodes; k++) {
			if (fb_muldiv_round(share[k], code_rate(inv, codes[k]), 1000000, &est[k]) < 0)
				est[k] = 0;
			sum += est[k];
		}
		/* No code bears tax: the tax (if any) goes with the amounts. */
		if (sum == 0 || fb_money_allocate(l->tax, est, ncodes, est) < 0)
			fb_money_allocate(l->tax, share, ncodes, est);
		for (size_t k = 0; k < ncodes; k++)
			if (share[k] != 0 || est[k] != 0)
				xline_add(out, &n, &a, l, codes[k], share[k], est[k], 1);
	}
	free(codes);
	free(net);
	free(share);
	free(est);
	return n;
}

/*
 * The line a row writes: the line itself, or one unit at its amount for
 * a part of a discount; with flip, its quantity and amount turned over
 * (a credit memo's positive lines).
 */
static struct fb_invoice_line
xline_line(const struct xline *x, int flip)
{
	struct fb_invoice_line l = *x->l;

	if (x->split) {
		l.quantity = 1000;
		l.unit_price = x->amount;
		l.amount = x->amount;
	}
	if (flip) {
		l.quantity = -l.quantity;
		l.amount = -l.amount;
	}
	return l;
}

static const char *const xero_cols[] = {
	"*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2",
	"POAddressLine3", "POAddressLine4", "POCity", "PORegion", "POPostalCode",
	"POCountry", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate", "Total",
	"InventoryItemCode", "*Description", "*Quantity", "*UnitAmount", "Discount",
	"*AccountCode", "*TaxType", "TaxAmount", "TrackingName1", "TrackingOption1",
	"TrackingName2", "TrackingOption2", "Currency", "BrandingTheme"
};

/*
 * Xero's sales-invoice import, one row per line.  TaxType is the line's
 * code's Xero name and TaxAmount fixbill's tax on the line, so Xero's
 * totals are fixbill's.  A credit note is a row set of its own number,
 * Reference its invoice's number, with positive quantities and negative
 * unit amounts and tax: Xero imports a document whose total is negative
 * as a credit note.
 */
static void
write_xero(struct period *p)
{
	struct row r = { p, 1 };

	header(p, xero_cols, FB_ARRAY_SIZE(xero_cols));
	for (size_t i = 0; i < p->ninvs; i++) {
		const struct fb_invoice *inv = &p->invs[i];
		char *addr[8], *date = date_as(inv->issue_date, p->key[K_XERO_DATE]);
		char *due = date_as(inv->due_date, p->key[K_XERO_DATE]);
		const char *ref = is_credit(inv) ? inv->credit_of_number :
		    inv->ref ? inv->ref : inv->period;
		struct xline *xs;
		size_t n = xlines(inv, &xs);

		postal(inv, addr);
		for (size_t k = 0; k < n; k++) {
			const struct xline *x = &xs[k];
			struct fb_invoice_line l = xline_line(x, 0);
			char *qty, *price;
			int neg = l.amount < 0 || l.quantity < 0;

			/* Quantities positive: the sign goes on the unit amount. */
			l.quantity = l.quantity < 0 ? -l.quantity : l.quantity;
			l.unit_price = l.unit_price < 0 ? -l.unit_price : l.unit_price;
			l.amount = l.amount < 0 ? -l.amount : l.amount;
			qty_price(&l, inv->currency, &qty, &price);
			if (neg && strspn(price, "0.") != strlen(price)) {
				char *t = fb_xasprintf("-%s", price);

				free(price);
				price = t;
			}
			cell_text(&r, inv->client_name);
			cell_text(&r, inv->client_email);
			for (int a = 0; a < 8; a++)
				cell_text(&r, addr[a]);
			cell_text(&r, inv->number);
			cell_text(&r, ref);
			cell_text(&r, date);
			cell_text(&r, due);
			cell_text(&r, NULL);
			cell_text(&r, NULL);
			cell_text(&r, x->l->description);
			cell_num(&r, qty);
			cell_num(&r, price);
			cell_text(&r, NULL);
			cell_text(&r, p->key[is_parts(x->l) ? K_XERO_PARTS : K_XERO_LABOR]);
			cell_text(&r, code_of(p, x->code)->xero);
			cell_num(&r, fb_money_format(x->tax, inv->currency));
			for (int a = 0; a < 4; a++)
				cell_text(&r, NULL);
			cell_text(&r, inv->currency);
			cell_text(&r, NULL);
			row_end(&r);
		}
		free(xs);
		postal_release(addr);
		free(date);
		free(due);
	}
}

static const char *const qbo_cols[] = {
	"InvoiceNo", "Customer", "InvoiceDate", "DueDate", "Terms", "Memo",
	"Item(Product/Service)", "ItemDescription", "ItemQuantity", "ItemRate",
	"ItemAmount", "Item tax code", "Item tax amount", "Service Date", "Currency"
};

/*
 * The date of the last work a line bills: its job's; for a line of no
 * job (an added line, a discount), the invoice's last day of work.
 */
static const char *
service_day(const struct fb_invoice *inv, const struct fb_invoice_line *l)
{
	const struct fb_invoice_job *j = l->job_id ? fb_invoice_job(inv, l->job_id) : NULL;
	const char *last = NULL;

	if (j && j->last_day)
		return j->last_day;
	for (size_t i = 0; i < inv->njobs; i++)
		if (inv->jobs[i].last_day && (last == NULL || strcmp(inv->jobs[i].last_day, last) > 0))
			last = inv->jobs[i].last_day;
	if (last)
		return last;
	return inv->through_day ? inv->through_day : inv->issue_date;
}

/*
 * QuickBooks Online's invoice import: invoices only, or (credits) only
 * credit notes, with positive amounts, for entry as credit memos.  Item
 * tax code is the line's code's QuickBooks name, Item tax amount
 * fixbill's tax; a Currency column when any document is not in the
 * company currency.
 */
static void
write_qbo(struct period *p, int credits)
{
	struct row r = { p, 1 };
	int currency = 0;

	for (size_t i = 0; i < p->ninvs; i++)
		if (is_credit(&p->invs[i]) == credits && strcmp(p->invs[i].currency, p->home) != 0)
			currency = 1;
	header(p, qbo_cols, FB_ARRAY_SIZE(qbo_cols) - !currency);
	for (size_t i = 0; i < p->ninvs; i++) {
		const struct fb_invoice *inv = &p->invs[i];
		char *date, *due, *terms, *memo;
		struct xline *xs;
		size_t n;

		if (is_credit(inv) != credits)
			continue;
		date = date_as(inv->issue_date, p->key[K_QBO_DATE]);
		due = date_as(inv->due_date, p->key[K_QBO_DATE]);
		terms = inv->terms > 0 ?
		    fb_xasprintf("Net %lld", (long long)inv->terms) : fb_xstrdup("Due on receipt");
		memo = credits && inv->credit_of_number ?
		    fb_xasprintf("Credit for %s", inv->credit_of_number) :
		    inv->ref ? fb_xstrdup(inv->ref) : NULL;
		n = xlines(inv, &xs);
		for (size_t k = 0; k < n; k++) {
			struct xline x = xs[k];
			/* A credit memo's lines are positive. */
			struct fb_invoice_line l = xline_line(&x, credits);
			char *qty, *price, *day;

			if (credits) {
				x.amount = -x.amount;
				x.tax = -x.tax;
			}
			qty_price(&l, inv->currency, &qty, &price);
			day = date_as(service_day(inv, x.l), p->key[K_QBO_DATE]);
			cell_text(&r, inv->number);
			cell_text(&r, inv->client_name);
			cell_text(&r, date);
			cell_text(&r, due);
			cell_text(&r, terms);
			cell_text(&r, memo);
			cell_text(&r, p->key[is_parts(x.l) ? K_QBO_PARTS : K_QBO_LABOR]);
			cell_text(&r, x.l->description);
			cell_num(&r, qty);
			cell_num(&r, price);
			cell_num(&r, fb_money_format(x.amount, inv->currency));
			cell_text(&r, code_of(p, x.code)->qbo);
			cell_num(&r, fb_money_format(x.tax, inv->currency));
			cell_text(&r, day);
			if (currency)
				cell_text(&r, inv->currency);
			row_end(&r);
			free(day);
		}
		free(xs);
		free(date);
		free(due);
		free(terms);
		free(memo);
	}
}

/* An IIF text field: one line, no tabs, and no formula for Excel to run. */
static void
iif_text(struct period *p, const char *s)
{
	char *t = one_line(s, NULL);
	char *safe = fb_export_safe_cell(t);

	put(p, "\t");
	put(p, safe);
	if (safe != t)
		free(safe);
	free(t);
}

static void
iif_num(struct period *p, char *s)
{
	put(p, "\t");
	put(p, s);
	free(s);
}

/*
 * The receivable of an IIF transaction in currency: iif.receivable for
 * the company currency, "Accounts Receivable - EUR" for the others, as
 * QuickBooks Desktop keeps one receivable per foreign currency.
 * Caller frees.
 */
static char *
iif_receivable(const struct period *p, const char *currency)
{
	if (strcmp(currency, p->home) == 0)
		return fb_xstrdup(p->key[K_IIF_RECEIVABLE]);
	return fb_xasprintf("%s - %s", p->key[K_IIF_RECEIVABLE], currency);
}

/*
 * An invoice as an IIF transaction: TRNS on its receivable for the
 * total, one SPL per line on income and one per tax component on
 * iif.tax, each with the opposite sign, so that it sums to zero; a
 * credit memo the same with the signs turned over.  A tax SPL names the
 * code's sales tax item (INVITEM) and its agency (NAME), with the rate.
 */
static void
iif_invoice(struct period *p, const struct fb_invoice *inv)
{
	const char *type = is_credit(inv) ? "CREDIT MEMO" : "INVOICE";
	char *date = date_as(inv->issue_date, "mm/dd/yyyy");
	char *due = date_as(inv->due_date, "mm/dd/yyyy");
	char *memo = is_credit(inv) && inv->credit_of_number ?
	    fb_xasprintf("Credit for %s", inv->credit_of_number) : NULL;
	char *ar = iif_receivable(p, inv->currency);
	struct xline *xs;
	size_t n = xlines(inv, &xs);

	put(p, "TRNS\t");
	iif_text(p, type);
	iif_text(p, date);
	iif_text(p, ar);
	iif_text(p, inv->client_name);
	iif_num(p, fb_money_format(inv->total, inv->currency));
	iif_text(p, inv->number);
	iif_text(p, memo);
	iif_text(p, due);
	put(p, "\n");
	for (size_t k = 0; k < n; k++) {
		struct fb_invoice_line l = xline_line(&xs[k], 0);
		char *qty, *price;

		qty_price(&l, inv->currency, &qty, &price);
		put(p, "SPL\t");
		iif_text(p, type);
		iif_text(p, date);
		iif_text(p, p->key[is_parts(xs[k].l) ? K_IIF_PARTS : K_IIF_LABOR]);
		iif_text(p, inv->client_name);
		iif_num(p, fb_money_format(-xs[k].amount, inv->currency));
		iif_text(p, inv->number);
		iif_text(p, l.description);
		/* QuickBooks writes an invoice's quantities negative. */
		iif_num(p, *qty == '-' ? fb_xstrdup(qty + 1) :
		    strcmp(qty, "0") == 0 ? fb_xstrdup(qty) :
		    fb_xasprintf("-%s", qty));
		iif_num(p, price);
		iif_text(p, p->key[is_parts(xs[k].l) ? K_QBO_PARTS : K_QBO_LABOR]);
		iif_text(p, code_rate(inv, xs[k].code) != 0 ? "Y" : "N");
		put(p, "\n");
		free(qty);
	}
	for (size_t k = 0; k < inv->ntaxes; k++) {
		const struct fb_invoice_tax *t = &inv->taxes[k];
		const struct fb_tax_code *c;
		char *rate, *what;

		if (t->amount == 0 && t->rate == 0)
			continue;
		c = code_of(p, t->code);
		rate = fb_format_decimal(t->rate, 4);
		/* "Sales tax 8.25%"; a name that says its rate stays as it is. */
		what = strchr(t->name, '%') ? fb_xstrdup(t->name) :
		    fb_xasprintf("%s %s%%", t->name, rate);
		put(p, "SPL\t");
		iif_text(p, type);
		iif_text(p, date);
		iif_text(p, p->key[K_IIF_TAX]);
		iif_text(p, c->agency);
		iif_num(p, fb_money_format(-t->amount, inv->currency));
		iif_text(p, inv->number);
		iif_text(p, what);
		put(p, "\t");
		iif_num(p, fb_xasprintf("%s%%", rate));
		iif_text(p, c->iif_item);
		iif_text(p, "N");
		put(p, "\n");
		free(rate);
		free(what);
	}
	put(p, "ENDTRNS\n");
	free(xs);
	free(ar);
	free(date);
	free(due);
	free(memo);
}

/*
 * A record of money in IIF: a payment as a PAYMENT from the receivable
 * of its currency into the bank account, a refund as a CHECK the other
 * way, a reversal as the record it undoes with the signs turned over.
 * Credit applied moves nothing between accounts (QuickBooks applies
 * credits itself) and is left out.
 */
static void
iif_money(struct period *p, const struct payment *y)
{
	const char *type;
	char *date, *memo, *what, *ar;
	int64_t bank = -y->balance;

	if (y->balance == 0)
		return;
	date = date_as(y->date, "mm/dd/yyyy");
	type = bank > 0 ? "PAYMENT" : "CHECK";
	if (strcmp(y->kind, "payment") == 0)
		what = fb_xasprintf("Payment for %s", y->number ? y->number : "");
	else if (strcmp(y->kind, "refund") == 0)
		what = fb_xstrdup("Refund of credit");
	else
		what = fb_xasprintf("Reversal of payment %lld", (long long)y->reverses);
	memo = fb_xasprintf("%s%s%s", what, y->method ? " by " : "", y->method ? y->method : "");
	ar = iif_receivable(p, y->currency);
	put(p, "TRNS\t");
	iif_text(p, type);
	iif_text(p, date);
	iif_text(p, p->key[K_IIF_BANK]);
	iif_text(p, y->client_name);
	iif_num(p, fb_money_format(bank, y->currency));
	iif_text(p, y->ref ? y->ref : y->number);
	iif_text(p, memo);
	put(p, "\t\n");
	put(p, "SPL\t");
	iif_text(p, type);
	iif_text(p, date);
	iif_text(p, ar);
	iif_text(p, y->client_name);
	iif_num(p, fb_money_format(-bank, y->currency));
	iif_text(p, y->number);
	iif_text(p, memo);
	put(p, "\t\t\t\t\n");
	put(p, "ENDTRNS\n");
	free(ar);
	free(date);
	free(memo);
	free(what);
}

/*
 * QuickBooks Desktop IIF: the period's invoices, credit memos and
 * payments in date order.
 */
static void
write_iif(struct period *p)
{
	size_t i = 0, j = 0;

	put(p, "!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tDUEDATE\n");
	put(p, "!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tQNTY\tPRICE\tINVITEM\tTAXABLE\n");
	put(p, "!ENDTRNS\n");
	while (i < p->ninvs || j < p->npays) {
		if (i < p->ninvs && (j >= p->npays ||
		    strcmp(p->invs[i].issue_date, p->pays[j].date) <= 0))
			iif_invoice(p, &p->invs[i++]);
		else
			iif_money(p, &p->pays[j++]);
	}
}

/* The receivable of a client: accounts.receivable:CODE.  Caller frees. */
static char *
receivable_of(const struct period *p, const char *client)
{
	return fb_xasprintf("%s:%s", p->key[K_RECEIVABLE], client);
}

/* The liability of a tax component: accounts.tax:GST.  Caller frees. */
static char *
tax_account(const struct period *p, const char *component)
{
	return fb_xasprintf("%s:%s", p->key[K_TAX], component);
}

/* A ledger posting: four spaces, the account, two spaces or more, the amount. */
static void
posting_to(struct period *p, const char *account, int64_t amount, const char *cur)
{
	char *a = fb_money_format(amount, cur);

	putf(p, "    %-*s  %s %s\n", p->width, account, cur, a);
	free(a);
}

static void
posting(struct period *p, int key, int64_t amount, const char *cur)
{
	posting_to(p, p->key[key], amount, cur);
}

/* Add s (owned) to a list of distinct strings, in order; free it if there. */
static void
seen(char ***list, size_t *n, size_t *a, char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], s) == 0) {
			free(s);
			return;
		}
	fb_xgrow(list, a, *n + 1, sizeof(**list));
	(*list)[(*n)++] = s;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
list_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/*
 * An invoice in the journal: the client's receivable for the total,
 * service and parts revenue, and each tax component its own liability.
 */
static void
ledger_invoice(struct period *p, const struct fb_invoice *inv)
{
	char *name = one_line(inv->client_name, ";|"), *ar;
	int64_t labor = 0, parts = 0;
	int nparts = 0, nlabor = 0;

	putf(p, "%s (%s) %s | %s  ; client:%s", inv->issue_date, inv->number,
	     name, is_credit(inv) ? "credit note" : "invoice", inv->client_code);
	if (is_credit(inv) && inv->credit_of_number)
		putf(p, ", credits:%s", inv->credit_of_number);
	put(p, "\n");
	for (size_t k = 0; k < inv->nlines; k++) {
		if (is_parts(&inv->lines[k])) {
			parts += inv->lines[k].amount;
			nparts++;
		} else {
			labor += inv->lines[k].amount;
			nlabor++;
		}
	}
	ar = receivable_of(p, inv->client_code);
	posting_to(p, ar, inv->total, inv->currency);
	if (nlabor > 0 || nparts == 0)
		posting(p, K_LABOR, -labor, inv->currency);
	if (nparts > 0)
		posting(p, K_PARTS, -parts, inv->currency);
	for (size_t k = 0; k < inv->ntaxes; k++) {
		char *acct;

		if (inv->taxes[k].amount == 0)
			continue;
		acct = tax_account(p, inv->taxes[k].component);
		posting_to(p, acct, -inv->taxes[k].amount, inv->currency);
		free(acct);
	}
	free(ar);
	free(name);
}

/*
 * A record of money in the journal.  Everything a client owes or is owed
 * is its receivable, client credit included (SPEC section 10): a payment
 * moves all it brought from the receivable to the bank, even the part
 * above its invoice's balance, so the receivable equals the client's
 * balance; credit applied moves within the receivable (from the credit
 * to the invoice); a refund moves money back out of the bank; a reversal
 * undoes what its record did.
 */
static void
ledger_money(struct period *p, const struct payment *y)
{
	static const char *const what[][2] = {
		{ "payment", "payment" }, { "credit", "credit applied" },
		{ "refund", "refund of credit" }, { "reversal", "reversal" },
	};
	char *name = one_line(y->client_name, ";|"), *ar;
	const char *w = y->kind;

	for (size_t k = 0; k < FB_ARRAY_SIZE(what); k++)
		if (strcmp(what[k][0], y->kind) == 0)
			w = what[k][1];
	if (y->number)
		putf(p, "%s (%s) %s | %s  ; client:%s", y->date, y->number, name, w,
		     y->client_code);
	else
		putf(p, "%s (refund %lld) %s | %s  ; client:%s", y->date,
		     (long long)(y->reverses ? y->reverses : y->id), name, w, y->client_code);
	if (y->reverses)
		putf(p, ", reverses:%lld", (long long)y->reverses);
	if (y->method) {
		char *m = one_line(y->method, ",;");

		putf(p, ", method:%s", m);
		free(m);
	}
	if (y->ref) {
		char *r = one_line(y->ref, ",;");

		putf(p, ", ref:%s", r);
		free(r);
	}
	put(p, "\n");
	ar = receivable_of(p, y->client_code);
	if (y->balance != 0) {
		posting(p, K_BANK, -y->balance, y->currency);
		posting_to(p, ar, y->balance, y->currency);
	} else {
		/* Credit applied, or its reversal: from one part of the receivable to another. */
		int64_t a = strcmp(y->kind, "credit") == 0 ? y->amount : -y->amount;

		posting_to(p, ar, a, y->currency);
		posting_to(p, ar, -a, y->currency);
	}
	free(ar);
	free(name);
}

/*
 * An hledger journal, in date order, with its accounts, commodities and
 * payees declared so that `hledger check accounts commodities
 * ordereddates payees` passes.  Amounts are "USD 311.22": the ISO code
 * as the commodity, each declared with a sample amount that shows its
 * decimal mark, a currency without decimals too ("JPY 1000.").  Each
 * client has its receivable (assets:receivable:acme), each tax
 * component its liability (liabilities:tax:GST).
 */
static void
write_ledger(struct period *p)
{
	char **accts = NULL, **curs = NULL, **names = NULL;
	size_t naccts = 0, aaccts = 0, ncurs = 0, acurs = 0, nnames = 0, anames = 0;
	size_t i = 0, j = 0, nbase;

	putf(p, "; fixbill: invoices, credit notes and payments %s..%s\n\n", p->from, p->to);
	for (int k = K_RECEIVABLE; k <= K_BANK; k++)
		seen(&accts, &naccts, &aaccts, fb_xstrdup(p->key[k]));
	nbase = naccts;
	for (size_t k = 0; k < p->ninvs; k++) {
		const struct fb_invoice *inv = &p->invs[k];

		seen(&accts, &naccts, &aaccts, receivable_of(p, inv->client_code));
		for (size_t t = 0; t < inv->ntaxes; t++)
			if (inv->taxes[t].amount != 0)
				seen(&accts, &naccts, &aaccts, tax_account(p, inv->taxes[t].component));
		seen(&curs, &ncurs, &acurs, fb_xstrdup(inv->currency));
		seen(&names, &nnames, &anames, one_line(inv->client_name, ";|"));
	}
	for (size_t k = 0; k < p->npays; k++) {
		seen(&accts, &naccts, &aaccts, receivable_of(p, p->pays[k].client_code));
		seen(&curs, &ncurs, &acurs, fb_xstrdup(p->pays[k].currency));
		seen(&names, &nnames, &anames, one_line(p->pays[k].client_name, ";|"));
	}
	/* The configured accounts, then the clients' and the taxes' by name. */
	qsort(accts + nbase, naccts - nbase, sizeof(*accts), str_cmp);
	p->width = 0;
	for (size_t k = 0; k < naccts; k++) {
		putf(p, "account %s\n", accts[k]);
		if ((int)strlen(accts[k]) > p->width)
			p->width = (int)strlen(accts[k]);
	}
	if (ncurs > 0)
		put(p, "\n");
	for (size_t k = 0; k < ncurs; k++) {
		int64_t unit = 1;
		int dec = fb_currency_decimals(curs[k]);
		char *sample;

		for (int d = dec; d > 0; d--)
			unit *= 10;
		sample = fb_money_format(1000 * unit, curs[k]);
		/* A trailing mark says "no decimals": 1000 alone is ambiguous. */
		putf(p, "commodity %s %s%s\n", curs[k], sample, dec <= 0 ? "." : "");
		free(sample);
	}
	/* Payees declared too, for `hledger check payees` (strict mode). */
	for (size_t k = 0; k < nnames; k++)
		putf(p, "%spayee %s\n", k == 0 ? "\n" : "", names[k]);
	list_free(accts, naccts);
	list_free(curs, ncurs);
	list_free(names, nnames);
	while (i < p->ninvs || j < p->npays) {
		put(p, "\n");
		if (i < p->ninvs && (j >= p->npays ||
		    strcmp(p->invs[i].issue_date, p->pays[j].date) <= 0))
			ledger_invoice(p, &p->invs[i++]);
		else
			ledger_money(p, &p->pays[j++]);
	}
}

/* The plain formats: one row per invoice line. */
static const char *const line_cols[] = {
	"number", "kind", "credit_of", "client", "client_name", "issue_date",
	"due_date", "currency", "job", "line_kind", "description", "quantity",
	"unit_price", "amount", "tax"
};

enum {
	LC_NUMBER, LC_KIND, LC_CREDIT_OF, LC_CLIENT, LC_CLIENT_NAME, LC_ISSUE,
	LC_DUE, LC_CURRENCY, LC_JOB, LC_LINE_KIND, LC_DESC, LC_QTY, LC_PRICE,
	LC_AMOUNT, LC_TAX
};

static void
write_csv(struct period *p)
{
	struct row r = { p, 1 };

	header(p, line_cols, FB_ARRAY_SIZE(line_cols));
	for (size_t i = 0; i < p->ninvs; i++) {
		const struct fb_invoice *inv = &p->invs[i];

		for (size_t k = 0; k < inv->nlines; k++) {
			const struct fb_invoice_line *l = &inv->lines[k];

			cell_text(&r, inv->number);
			cell_text(&r, inv->kind);
			cell_text(&r, inv->credit_of_number);
			cell_text(&r, inv->client_code);
			cell_text(&r, inv->client_name);
			cell_text(&r, inv->issue_date);
			cell_text(&r, inv->due_date);
			cell_text(&r, inv->currency);
			cell_num(&r, l->job_id > 0 ? fb_xasprintf("%lld", (long long)l->job_id) : NULL);
			cell_text(&r, l->kind);
			cell_text(&r, l->description);
			cell_num(&r, fb_format_decimal(l->quantity, 3));
			cell_num(&r, fb_money_format(l->unit_price, inv->currency));
			cell_num(&r, fb_money_format(l->amount, inv->currency));
			cell_num(&r, fb_money_format(l->tax, inv->currency));
			row_end(&r);
		}
	}
}

/*
 * SPEC section 11's payments CSV: each record as it was recorded, its
 * amount positive and its kind saying which way the money went.
 */
static void
write_payments(struct period *p)
{
	static const char *const cols[] = {
		"date", "client", "invoice", "kind", "amount", "currency", "method", "ref"
	};
	struct row r = { p, 1 };

	header(p, cols, FB_ARRAY_SIZE(cols));
	for (size_t i = 0; i < p->npays; i++) {
		const struct payment *y = &p->pays[i];

		cell_text(&r, y->date);
		cell_text(&r, y->client_code);
		cell_text(&r, y->number);
		cell_text(&r, y->kind);
		cell_num(&r, fb_money_format(y->amount, y->currency));
		cell_text(&r, y->currency);
		cell_text(&r, y->method);
		cell_text(&r, y->ref);
		row_end(&r);
	}
}

static void
write_json(struct period *p)
{
	struct fb_json *arr = fb_json_array();

	for (size_t i = 0; i < p->ninvs; i++) {
		const struct fb_invoice *inv = &p->invs[i];

		for (size_t k = 0; k < inv->nlines; k++) {
			const struct fb_invoice_line *l = &inv->lines[k];
			struct fb_json *o = fb_json_object();
			char *q = fb_format_decimal(l->quantity, 3);

			fb_json_set_str(o, "number", inv->number);
			fb_json_set_str(o, "kind", inv->kind);
			fb_json_set_str(o, "credit_of", inv->credit_of_number);
			fb_json_set_str(o, "client", inv->client_code);
			fb_json_set_str(o, "client_name", inv->client_name);
			fb_json_set_str(o, "issue_date", inv->issue_date);
			fb_json_set_str(o, "due_date", inv->due_date);
			fb_json_set_str(o, "currency", inv->currency);
			if (l->job_id > 0)
				fb_json_set_int(o, "job", l->job_id);
			else
				fb_json_set_null(o, "job");
			fb_json_set_str(o, "line_kind", l->kind);
			fb_json_set_str(o, "description", l->description);
			fb_json_set_str(o, "quantity", q);
			fb_json_set_money(o, "unit_price", l->unit_price, inv->currency);
			fb_json_set_money(o, "amount", l->amount, inv->currency);
			fb_json_set_money(o, "tax", l->tax, inv->currency);
			fb_json_push(arr, o);
			free(q);
		}
	}
	if (fb_json_write(arr, p->fp) < 0)
		p->failed = 1;
	fb_json_free(arr);
}

/* XLSX: the same rows in typed cells, then a totals row per currency. */
struct xcur {
	const char *code;
	lxw_format *fmt, *bold;
	int64_t amount, tax;
};

struct xl {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *label, *qty;
	struct xcur *curs;
	size_t ncurs, acurs;
	lxw_error error;
};

static void
note(struct xl *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
		x->error = e;
}

static struct xcur *
xl_currency(struct xl *x, const char *code)
{
	char *mf;
	int dec = fb_currency_decimals(code);
	struct xcur *c;

	for (size_t i = 0; i < x->ncurs; i++)
		if (strcmp(x->curs[i].code, code) == 0)
			return &x->curs[i];
	fb_xgrow(&x->curs, &x->acurs, x->ncurs + 1, sizeof(*x->curs));
	c = &x->curs[x->ncurs++];
	memset(c, 0, sizeof(*c));
	c->code = code;
	mf = dec <= 0 ? fb_xasprintf("#,##0 \"%s\"", code) :
	    fb_xasprintf("#,##0.%.*s \"%s\"", dec, "0000000000", code);
	c->fmt = workbook_add_format(x->wb);
	format_set_num_format(c->fmt, mf);
	c->bold = workbook_add_format(x->wb);
	format_set_num_format(c->bold, mf);
	format_set_bold(c->bold);
	free(mf);
	return c;
}

/* The spreadsheet's double of an exact decimal: for display only. */
static double
dec_value(char *s)
{
	double d = strtod(s, NULL);

	free(s);
	return d;
}

static void
xl_str(struct xl *x, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (s != NULL && *s != '\0')
		note(x, worksheet_write_string(x->ws, r, c, s, f));
}

static void
xl_money(struct xl *x, lxw_row_t r, lxw_col_t c, int64_t v, const struct xcur *cur)
{
	note(x, worksheet_write_number(x->ws, r, c,
	    dec_value(fb_money_format(v, cur->code)), cur->fmt));
}

static char *
col_range(lxw_col_t c, lxw_row_t first, lxw_row_t last)
{
	return fb_xasprintf("%c%lu:%c%lu", 'A' + c, (unsigned long)first + 1, 'A' + c,
			    (unsigned long)last + 1);
}

static int
write_xlsx(struct period *p, const char *path, struct fb_err *err)
{
	struct xl x;
	lxw_row_t r = 1, last;
	lxw_error e;

	if (fb_lazy_xlsx(err) == -1)
		return -1;
	memset(&x, 0, sizeof(x));
	if ((x.wb = workbook_new(path)) == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': cannot create workbook",
				  path);
	{
		/*
		 * The file records when it was made: say the day after the
		 * period (UTC midnight), not the clock's time, so a closed
		 * period exports to the same bytes every time (SPEC section 10).
		 */
		lxw_doc_properties props;
		int y = 1970, m = 1, d = 1;

		memset(&props, 0, sizeof(props));
		if (sscanf(p->to, "%d-%d-%d", &y, &m, &d) == 3)
			props.created = (time_t)((fb_days_from_civil(y, m, d) + 1) * 86400);
		note(&x, workbook_set_properties(x.wb, &props));
	}
	x.ws = workbook_add_worksheet(x.wb, "Invoice lines");
	x.head = workbook_add_format(x.wb);
	format_set_bold(x.head);
	format_set_bottom(x.head, LXW_BORDER_THIN);
	x.label = workbook_add_format(x.wb);
	format_set_bold(x.label);
	x.qty = workbook_add_format(x.wb);
	format_set_num_format(x.qty, "0.###");
	if (x.ws == NULL)
		x.error = LXW_ERROR_MEMORY_MALLOC_FAILED;
	else {
		for (size_t c = 0; c < FB_ARRAY_SIZE(line_cols); c++)
			xl_str(&x, 0, (lxw_col_t)c, line_cols[c], x.head);
		note(&x, worksheet_set_column(x.ws, LC_CLIENT_NAME, LC_CLIENT_NAME, 24, NULL));
		note(&x, worksheet_set_column(x.ws, LC_DESC, LC_DESC, 40, NULL));
		note(&x, worksheet_set_column(x.ws, LC_PRICE, LC_TAX, 14, NULL));
		for (size_t i = 0; i < p->ninvs; i++) {
			const struct fb_invoice *inv = &p->invs[i];
			struct xcur *cur = xl_currency(&x, inv->currency);

			for (size_t k = 0; k < inv->nlines; k++, r++) {
				const struct fb_invoice_line *l = &inv->lines[k];

				xl_str(&x, r, LC_NUMBER, inv->number, NULL);
				xl_str(&x, r, LC_KIND, inv->kind, NULL);
				xl_str(&x, r, LC_CREDIT_OF, inv->credit_of_number, NULL);
				xl_str(&x, r, LC_CLIENT, inv->client_code, NULL);
				xl_str(&x, r, LC_CLIENT_NAME, inv->client_name, NULL);
				xl_str(&x, r, LC_ISSUE, inv->issue_date, NULL);
				xl_str(&x, r, LC_DUE, inv->due_date, NULL);
				xl_str(&x, r, LC_CURRENCY, inv->currency, NULL);
				if (l->job_id > 0)
					note(&x, worksheet_write_number(x.ws, r, LC_JOB,
					    (double)l->job_id, NULL));
				xl_str(&x, r, LC_LINE_KIND, l->kind, NULL);
				xl_str(&x, r, LC_DESC, l->description, NULL);
				note(&x, worksheet_write_number(x.ws, r, LC_QTY,
				    dec_value(fb_format_decimal(l->quantity, 3)), x.qty));
				xl_money(&x, r, LC_PRICE, l->unit_price, cur);
				xl_money(&x, r, LC_AMOUNT, l->amount, cur);
				xl_money(&x, r, LC_TAX, l->tax, cur);
				/* Checked to fit by fb_export_check. */
				cur->amount += l->amount;
				cur->tax += l->tax;
			}
		}
		last = r > 1 ? r - 1 : 1;
		for (size_t i = 0; i < x.ncurs; i++, r++) {
			struct xcur *cur = &x.curs[i];
			char *label = fb_xasprintf("Total %s", cur->code);
			char *ra = col_range(LC_AMOUNT, 1, last);
			char *rt = col_range(LC_TAX, 1, last);
			char *rc = col_range(LC_CURRENCY, 1, last);
			char *fa, *ft;

			if (x.ncurs == 1) {
				fa = fb_xasprintf("=SUM(%s)", ra);
				ft = fb_xasprintf("=SUM(%s)", rt);
			} else {
				fa = fb_xasprintf("=SUMIF(%s,\"%s\",%s)", rc, cur->code, ra);
				ft = fb_xasprintf("=SUMIF(%s,\"%s\",%s)", rc, cur->code, rt);
			}
			xl_str(&x, r, LC_DESC, label, x.label);
			xl_str(&x, r, LC_CURRENCY, cur->code, x.label);
			note(&x, worksheet_write_formula_num(x.ws, r, LC_AMOUNT, fa, cur->bold,
			    dec_value(fb_money_format(cur->amount, cur->code))));
			note(&x, worksheet_write_formula_num(x.ws, r, LC_TAX, ft, cur->bold,
			    dec_value(fb_money_format(cur->tax, cur->code))));
			free(label);
			free(ra);
			free(rt);
			free(rc);
			free(fa);
			free(ft);
		}
	}
	e = workbook_close(x.wb);
	free(x.curs);
	if (x.error == LXW_NO_ERROR)
		x.error = e;
	if (x.error != LXW_NO_ERROR)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", path,
				  lxw_strerror(x.error));
	return 0;
}

int
fb_accounting_format(const char *name)
{
	static const char *const names[] = {
		"xero", "qbo", "iif", "ledger", "csv", "json", "xlsx", "payments", "qbo-credits"
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(names); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

int
fb_accounting_export(struct fb_db *db, const char *from, const char *to,
		     enum fb_acct_format format, FILE *fp, const char *path,
		     struct fb_err *err)
{
	struct period p;
	int rc = 0;

	memset(&p, 0, sizeof(p));
	p.from = from;
	p.to = to;
	p.fp = fp;
	if (period_load(db, &p, err) < 0) {
		period_release(&p);
		return -1;
	}
	switch (format) {
	case FB_ACCT_XERO:
		write_xero(&p);
		break;
	case FB_ACCT_QBO:
	case FB_ACCT_QBO_CREDITS:
		write_qbo(&p, format == FB_ACCT_QBO_CREDITS);
		break;
	case FB_ACCT_IIF:
		write_iif(&p);
		break;
	case FB_ACCT_LEDGER:
		write_ledger(&p);
		break;
	case FB_ACCT_CSV:
		write_csv(&p);
		break;
	case FB_ACCT_JSON:
		write_json(&p);
		break;
	case FB_ACCT_XLSX:
		rc = write_xlsx(&p, path, err);
		break;
	case FB_ACCT_PAYMENTS:
		write_payments(&p);
		break;
	}
	if (rc == 0 && format != FB_ACCT_XLSX && (p.failed || fflush(fp) == EOF))
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write export: %s", strerror(errno));
	if (rc == 0 && format == FB_ACCT_PAYMENTS)
		rc = (int)p.npays;
	else if (rc == 0)
		rc = (int)(p.ninvs + (format == FB_ACCT_IIF || format == FB_ACCT_LEDGER ?
		    p.npays : 0));
	period_release(&p);
	return rc;
}

/* The customer list. */

static const char *const clients_csv_cols[] = {
	"code", "name", "email", "address", "street", "city", "region", "postcode",
	"country", "tax_id", "vat_id", "buyer_ref", "currency", "terms", "tax", "archived"
};

static const char *const xero_contact_cols[] = {
	"*ContactName", "AccountNumber", "EmailAddress", "FirstName", "LastName",
	"POAttentionTo", "POAddressLine1", "POAddressLine2", "POAddressLine3",
	"POAddressLine4", "POCity", "PORegion", "POPostalCode", "POCountry",
	"SAAttentionTo", "SAAddressLine1", "SAAddressLine2", "SAAddressLine3",
	"SAAddressLine4", "SACity", "SARegion", "SAPostalCode", "SACountry",
	"PhoneNumber", "FaxNumber", "MobileNumber", "DDINumber", "SkypeName",
	"BankAccountName", "BankAccountNumber", "BankAccountParticulars", "TaxNumber",
	"AccountsReceivableTaxCodeName", "AccountsPayableTaxCodeName", "Website",
	"LegalName", "Discount", "CompanyNumber", "DueDateBillDay", "DueDateBillTerm",
	"DueDateSalesDay", "DueDateSalesTerm", "SalesAccount", "PurchasesAccount",
	"TrackingName1", "SalesTrackingOption1", "PurchasesTrackingOption1",
	"TrackingName2", "SalesTrackingOption2", "PurchasesTrackingOption2",
	"BrandingTheme", "DefaultTaxBills", "DefaultTaxSales",
	"Person1FirstName", "Person1LastName", "Person1Email", "Person1IncludeInEmail",
	"Person2FirstName", "Person2LastName", "Person2Email", "Person2IncludeInEmail",
	"Person3FirstName", "Person3LastName", "Person3Email", "Person3IncludeInEmail",
	"Person4FirstName", "Person4LastName", "Person4Email", "Person4IncludeInEmail",
	"Person5FirstName", "Person5LastName", "Person5Email", "Person5IncludeInEmail"
};

static const char *const qbo_customer_cols[] = {
	"Name", "Company", "Email", "Phone", "Mobile", "Fax", "Website", "Street",
	"City", "State", "ZIP code", "Country", "Opening Balance", "Opening Balance Date",
	"Resale Number", "Currency"
};

/* What the customer list says of one client beyond its record. */
struct cust {
	struct fb_client c;
	char *terms;		/* its own invoice.terms, else NULL */
	char *code;		/* the tax code of its labor */
	int taxable;		/* which charges it tax */
};

/* A client as an invoice would address it: the structured address, else the text's lines. */
static void
client_postal(const struct fb_client *c, char *out[8])
{
	struct fb_invoice inv;

	memset(&inv, 0, sizeof(inv));
	inv.client_address = c->address;
	inv.client_street = c->street;
	inv.client_city = c->city;
	inv.client_region = c->region;
	inv.client_postcode = c->postcode;
	inv.client_country = c->country;
	postal(&inv, out);
}

/* Lines 1-4 joined by sep.  Caller frees. */
static char *
joined(char *const lines[4], const char *sep)
{
	struct fb_buf b = FB_BUF_INIT;

	for (int i = 0; i < 4; i++)
		if (lines[i] && *lines[i])
			fb_buf_addf(&b, "%s%s", b.len ? sep : "", lines[i]);
	return fb_buf_detach(&b);
}

static void
write_clients_csv(struct period *p, const struct cust *cs, size_t n)
{
	struct row r = { p, 1 };

	header(p, clients_csv_cols, FB_ARRAY_SIZE(clients_csv_cols));
	for (size_t i = 0; i < n; i++) {
		const struct fb_client *c = &cs[i].c;

		cell_text(&r, c->code);
		cell_text(&r, c->name);
		cell_text(&r, c->email);
		cell_text(&r, c->address);
		cell_text(&r, c->street);
		cell_text(&r, c->city);
		cell_text(&r, c->region);
		cell_text(&r, c->postcode);
		cell_text(&r, c->country);
		cell_text(&r, c->tax_id);
		cell_text(&r, c->vat_id);
		cell_text(&r, c->buyer_ref);
		cell_text(&r, c->currency);
		cell_text(&r, cs[i].terms);
		cell_text(&r, cs[i].code);
		cell_text(&r, c->archived ? "yes" : "no");
		row_end(&r);
	}
}

/* Xero's contacts import: the contact each invoice names, by the same name. */
static void
write_clients_xero(struct period *p, const struct cust *cs, size_t n)
{
	struct row r = { p, 1 };

	header(p, xero_contact_cols, FB_ARRAY_SIZE(xero_contact_cols));
	for (size_t i = 0; i < n; i++) {
		const struct fb_client *c = &cs[i].c;
		char *addr[8];
		size_t col = 0;

		client_postal(c, addr);
		cell_text(&r, c->name);
		cell_text(&r, c->code);
		cell_text(&r, c->email);
		for (col = 3; col < 6; col++)
			cell_text(&r, NULL);
		for (int a = 0; a < 8; a++)
			cell_text(&r, addr[a]);
		for (col = 14; col < 31; col++)
			cell_text(&r, NULL);
		cell_text(&r, c->vat_id ? c->vat_id : c->tax_id);
		cell_text(&r, code_of(p, cs[i].code)->xero);
		for (col = 33; col < 40; col++)
			cell_text(&r, NULL);
		cell_text(&r, cs[i].terms);
		cell_text(&r, cs[i].terms ? "DAYSAFTERBILLDATE" : NULL);
		for (col = 42; col < FB_ARRAY_SIZE(xero_contact_cols); col++)
			cell_text(&r, NULL);
		row_end(&r);
		postal_release(addr);
	}
}

/* QuickBooks Online's customers import, a Currency column when one is foreign. */
static void
write_clients_qbo(struct period *p, const struct cust *cs, size_t n)
{
	struct row r = { p, 1 };
	int currency = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(cs[i].c.currency, p->home) != 0)
			currency = 1;
	header(p, qbo_customer_cols, FB_ARRAY_SIZE(qbo_customer_cols) - !currency);
	for (size_t i = 0; i < n; i++) {
		const struct fb_client *c = &cs[i].c;
		char *addr[8];

		client_postal(c, addr);
		cell_text(&r, c->name);
		cell_text(&r, c->name);
		cell_text(&r, c->email);
		for (int k = 0; k < 4; k++)
			cell_text(&r, NULL);
		cell_num(&r, joined(addr, ", "));
		for (int a = 4; a < 8; a++)
			cell_text(&r, addr[a]);
		for (int k = 0; k < 3; k++)
			cell_text(&r, NULL);
		if (currency)
			cell_text(&r, c->currency);
		row_end(&r);
		postal_release(addr);
	}
}

/*
 * QuickBooks Desktop's customer list: NAME as the invoices' NAME, the
 * billing address in five lines (street lines, "city, region postcode",
 * country), terms, and whether its labor is taxed.
 */
static void
write_clients_iif(struct period *p, const struct cust *cs, size_t n)
{
	put(p, "!CUST\tNAME\tBADDR1\tBADDR2\tBADDR3\tBADDR4\tBADDR5\tEMAIL\tTERMS\tTAXABLE"
	    "\tCOMPANYNAME\n");
	for (size_t i = 0; i < n; i++) {
		const struct fb_client *c = &cs[i].c;
		char *addr[8], *b[5] = { NULL }, *terms;
		int k = 0;

		client_postal(c, addr);
		for (int a = 0; a < 4 && k < 3; a++)
			if (addr[a] && *addr[a])
				b[k++] = fb_xstrdup(addr[a]);
		/* "Springfield, IL 62701", "Berlin 10115". */
		if (addr[4] || addr[5] || addr[6])
			b[k++] = fb_xasprintf("%s%s%s%s%s", addr[4] ? addr[4] : "",
			    addr[4] && addr[5] ? ", " : "", addr[5] ? addr[5] : "",
			    (addr[4] || addr[5]) && addr[6] ? " " : "", addr[6] ? addr[6] : "");
		if (addr[7])
			b[k++] = fb_xstrdup(addr[7]);
		terms = cs[i].terms ? fb_xasprintf("Net %s", cs[i].terms) : NULL;
		put(p, "CUST");
		iif_text(p, c->name);
		for (int a = 0; a < 5; a++)
			iif_text(p, b[a]);
		iif_text(p, c->email);
		iif_text(p, terms);
		iif_text(p, cs[i].taxable ? "Y" : "N");
		iif_text(p, c->name);
		put(p, "\n");
		for (int a = 0; a < 5; a++)
			free(b[a]);
		free(terms);
		postal_release(addr);
	}
}

int
fb_accounting_clients_format(const char *name)
{
	static const char *const names[] = { "csv", "xero", "qbo", "iif" };

	for (size_t i = 0; i < FB_ARRAY_SIZE(names); i++)
		if (strcmp(name, names[i]) == 0)
			return (int)i;
	return -1;
}

int
fb_accounting_clients(struct fb_db *db, int all, enum fb_acct_clients format, FILE *fp,
		      struct fb_err *err)
{
	struct period p;
	struct fb_client *list = NULL;
	struct cust *cs = NULL;
	size_t n = 0;
	int rc = -1;

	memset(&p, 0, sizeof(p));
	p.db = db;
	p.fp = fp;
	p.home = fb_xstrdup(fb_config_currency(db));
	if (fb_client_list(db, all, &list, &n, err) < 0)
		goto out;
	cs = fb_xcalloc(n, sizeof(*cs));
	for (size_t i = 0; i < n; i++) {
		struct fb_tax_code t;

		cs[i].c = list[i];
		if (fb_config_stored(db, list[i].id, "invoice.terms", &cs[i].terms, err) < 0 ||
		    fb_tax_resolve(db, list[i].id, FB_TAX_LABOR, &cs[i].code, err) < 0 ||
		    fb_tax_get(db, cs[i].code, list[i].id, &t, err) < 0)
			goto out;
		cs[i].taxable = fb_tax_code_rate(&t) != 0;
		fb_tax_code_release(&t);
	}
	switch (format) {
	case FB_CLIENTS_CSV:
		write_clients_csv(&p, cs, n);
		break;
	case FB_CLIENTS_XERO:
		write_clients_xero(&p, cs, n);
		break;
	case FB_CLIENTS_QBO:
		write_clients_qbo(&p, cs, n);
		break;
	case FB_CLIENTS_IIF:
		write_clients_iif(&p, cs, n);
		break;
	}
	if (p.failed || fflush(fp) == EOF)
		fb_err_set(err, FB_ERR_RUNTIME, "cannot write export: %s", strerror(errno));
	else
		rc = (int)n;
out:
	for (size_t i = 0; i < n; i++) {
		fb_client_release(&list[i]);
		if (cs) {
			free(cs[i].terms);
			free(cs[i].code);
		}
	}
	free(list);
	free(cs);
	period_release(&p);
	return rc;
}
