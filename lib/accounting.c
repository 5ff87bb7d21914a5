/*
 * accounting.c - carrying a period into the bookkeeper's system.
 *
 * The period's issued invoices and credit notes (by issue date) and its
 * payments (by payment date) are loaded once, checked to add up, and
 * written in one of the formats below.  Every format says the same
 * thing: labor, call-out minimums, trips and flat fees are service
 * revenue ("labor"), parts are parts revenue, tax is a liability, and a
 * credit note is its invoice with the signs turned over.
 */
#include "accounting.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "config.h"
#include "export.h"
#include "invoice.h"
#include "json.h"
#include "lazy_xlsx.h"
#include "money.h"
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
	const char *from, *to;
	struct fb_invoice *invs;
	size_t ninvs, ainvs;
	struct payment *pays;
	size_t npays, apays;
	char *key[NKEYS];
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
}

static int
period_load(struct fb_db *db, struct period *p, struct fb_err *err)
{
	struct fb_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, a = 0;
	int rc;

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

static const char *const xero_cols[] = {
	"*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2",
	"POAddressLine3", "POAddressLine4", "POCity", "PORegion", "POPostalCode",
	"POCountry", "*InvoiceNumber", "Reference", "*InvoiceDate", "*DueDate",
	"InventoryItemCode", "*Description", "*Quantity", "*UnitAmount", "Discount",
	"*AccountCode", "*TaxType", "TrackingName1", "TrackingOption1",
	"TrackingName2", "TrackingOption2", "Currency", "BrandingTheme"
};

/*
 * Xero's sales-invoice import.  A credit note is a row set of its own
 * number with positive quantities and negative unit amounts: Xero
 * imports an "invoice" whose total is negative as a credit note.
 */
static void
write_xero(struct period *p)
{
	struct row r = { p, 1 };

	header(p, xero_cols, FB_ARRAY_SIZE(xero_cols));
	for (size_t i = 0; i < p->ninvs; i++) {
		const struct fb_invoice *inv = &p->invs[i];
		char *addr[4], *date = date_as(inv->issue_date, p->key[K_XERO_DATE]);
		char *due = date_as(inv->due_date, p->key[K_XERO_DATE]);
		char *ref = is_credit(inv) && inv->credit_of_number ?
		    fb_xasprintf("Credit for %s", inv->credit_of_number) :
		    fb_xstrdup(inv->period ? inv->period : "");

		address_lines(inv->client_address, addr);
		for (size_t k = 0; k < inv->nlines; k++) {
			const struct fb_invoice_line *l = &inv->lines[k];
			char *qty, *price;

			struct fb_invoice_line pos = *l;
			int neg = l->amount < 0 || l->quantity < 0;

			if (neg) {
				pos.quantity = -l->quantity;
				pos.amount = -l->amount;
			}
			qty_price(&pos, inv->currency, &qty, &price);
			if (neg && strspn(price, "0.") != strlen(price)) {
				char *t = fb_xasprintf("-%s", price);

				free(price);
				price = t;
			}
			cell_text(&r, inv->client_name);
			cell_text(&r, inv->client_email);
			for (int a = 0; a < 4; a++)
				cell_text(&r, addr[a]);
			for (int a = 0; a < 4; a++)
				cell_text(&r, NULL);
			cell_text(&r, inv->number);
			cell_text(&r, ref);
			cell_text(&r, date);
			cell_text(&r, due);
			cell_text(&r, NULL);
			cell_text(&r, l->description);
			cell_num(&r, qty);
			cell_num(&r, price);
			cell_text(&r, NULL);
			cell_text(&r, p->key[is_parts(l) ? K_XERO_PARTS : K_XERO_LABOR]);
			cell_text(&r, p->key[l->tax != 0 ? K_XERO_TAX : K_XERO_NOTAX]);
			for (int a = 0; a < 4; a++)
				cell_text(&r, NULL);
			cell_text(&r, inv->currency);
			cell_text(&r, NULL);
			row_end(&r);
		}
		for (int a = 0; a < 4; a++)
			free(addr[a]);
		free(date);
		free(due);
		free(ref);
	}
}

static const char *const qbo_cols[] = {
	"InvoiceNo", "Customer", "InvoiceDate", "DueDate", "Terms", "Memo",
	"Item(Product/Service)", "ItemDescription", "ItemQuantity", "ItemRate",
	"ItemAmount", "Taxable", "TaxRate", "Service Date"
};

/* QuickBooks Online's invoice import; a credit note has negative quantities. */
static void
write_qbo(struct period *p)
{
	struct row r = { p, 1 };

	header(p, qbo_cols, FB_ARRAY_SIZE(qbo_cols));
	for (size_t i = 0; i < p->ninvs; i++) {
		const struct fb_invoice *inv = &p->invs[i];
		char *date = date_as(inv->issue_date, p->key[K_QBO_DATE]);
		char *due = date_as(inv->due_date, p->key[K_QBO_DATE]);
		char *terms = inv->terms > 0 ?
		    fb_xasprintf("Net %lld", (long long)inv->terms) : fb_xstrdup("Due on receipt");
		char *memo = is_credit(inv) && inv->credit_of_number ?
		    fb_xasprintf("Credit note for %s", inv->credit_of_number) : NULL;
		char *rate = fb_format_decimal(inv->tax_rate, 4);
		char *pct = fb_xasprintf("%s%%", rate);

		for (size_t k = 0; k < inv->nlines; k++) {
			const struct fb_invoice_line *l = &inv->lines[k];
			char *qty, *price;

			qty_price(l, inv->currency, &qty, &price);
			cell_text(&r, inv->number);
			cell_text(&r, inv->client_name);
			cell_text(&r, date);
			cell_text(&r, due);
			cell_text(&r, terms);
			cell_text(&r, memo);
			cell_text(&r, p->key[is_parts(l) ? K_QBO_PARTS : K_QBO_LABOR]);
			cell_text(&r, l->description);
			cell_num(&r, qty);
			cell_num(&r, price);
			cell_num(&r, fb_money_format(l->amount, inv->currency));
			cell_text(&r, l->tax != 0 ? "Y" : "N");
			cell_text(&r, l->tax != 0 ? pct : NULL);
			cell_text(&r, NULL);
			row_end(&r);
		}
		free(date);
		free(due);
		free(terms);
		free(memo);
		free(rate);
		free(pct);
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
 * A record of money in IIF: a payment as a PAYMENT from accounts
 * receivable into the bank account, a refund as a CHECK the other way, a
 * reversal as the record it undoes with the signs turned over.  Credit
 * applied moves nothing between accounts (QuickBooks applies credits
 * itself) and is left out.
 */
static void
iif_money(struct period *p, const struct payment *y)
{
	const char *type;
	char *date, *memo, *what;
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
	iif_text(p, p->key[K_IIF_RECEIVABLE]);
	iif_text(p, y->client_name);
	iif_num(p, fb_money_format(-bank, y->currency));
	iif_text(p, y->number);
	iif_text(p, memo);
	put(p, "\t\t\t\t\n");
	put(p, "ENDTRNS\n");
	free(date);
	free(memo);
	free(what);
}

/*
 * QuickBooks Desktop IIF: each invoice a TRNS on accounts receivable
 * (its total) and SPL lines on income and tax with the opposite sign, so
 * every transaction sums to zero; a credit memo the same with the signs
 * turned over; a payment the bank against accounts receivable.
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
		    strcmp(p->invs[i].issue_date, p->pays[j].date) <= 0)) {
			const struct fb_invoice *inv = &p->invs[i++];
			const char *type = is_credit(inv) ? "CREDIT MEMO" : "INVOICE";
			char *date = date_as(inv->issue_date, "mm/dd/yyyy");
			char *due = date_as(inv->due_date, "mm/dd/yyyy");
			char *memo = is_credit(inv) && inv->credit_of_number ?
			    fb_xasprintf("Credit for %s", inv->credit_of_number) : NULL;

			put(p, "TRNS\t");
			iif_text(p, type);
			iif_text(p, date);
			iif_text(p, p->key[K_IIF_RECEIVABLE]);
			iif_text(p, inv->client_name);
			iif_num(p, fb_money_format(inv->total, inv->currency));
			iif_text(p, inv->number);
			iif_text(p, memo);
			iif_text(p, due);
			put(p, "\n");
			for (size_t k = 0; k < inv->nlines; k++) {
				const struct fb_invoice_line *l = &inv->lines[k];
				char *qty, *price;

				qty_price(l, inv->currency, &qty, &price);
				put(p, "SPL\t");
				iif_text(p, type);
				iif_text(p, date);
				iif_text(p, p->key[is_parts(l) ? K_IIF_PARTS : K_IIF_LABOR]);
				iif_text(p, inv->client_name);
				iif_num(p, fb_money_format(-l->amount, inv->currency));
				iif_text(p, inv->number);
				iif_text(p, l->description);
				/* QuickBooks writes an invoice's quantities negative. */
				iif_num(p, *qty == '-' ? fb_xstrdup(qty + 1) :
				    strcmp(qty, "0") == 0 ? fb_xstrdup(qty) :
				    fb_xasprintf("-%s", qty));
				iif_num(p, price);
				iif_text(p, p->key[is_parts(l) ? K_QBO_PARTS : K_QBO_LABOR]);
				iif_text(p, l->tax != 0 ? "Y" : "N");
				put(p, "\n");
				free(qty);
			}
			if (inv->tax != 0) {
				char *rate = fb_format_decimal(inv->tax_rate, 4);
				char *what = fb_xasprintf("Tax %s%%", rate);

				put(p, "SPL\t");
				iif_text(p, type);
				iif_text(p, date);
				iif_text(p, p->key[K_IIF_TAX]);
				iif_text(p, inv->client_name);
				iif_num(p, fb_money_format(-inv->tax, inv->currency));
				iif_text(p, inv->number);
				iif_text(p, what);
				put(p, "\t\t\t\t\n");
				free(rate);
				free(what);
			}
			put(p, "ENDTRNS\n");
			free(date);
			free(due);
			free(memo);
		} else
			iif_money(p, &p->pays[j++]);
	}
}

/* A ledger posting: four spaces, the account, two spaces or more, the amount. */
static void
posting(struct period *p, int key, int64_t amount, const char *cur)
{
	char *a = fb_money_format(amount, cur);
	size_t width = 0;

	for (int k = K_RECEIVABLE; k <= K_BANK; k++)
		if (strlen(p->key[k]) > width)
			width = strlen(p->key[k]);
	putf(p, "    %-*s  %s %s\n", (int)width, p->key[key], cur, a);
	free(a);
}

static void
seen_currency(char ***curs, size_t *n, size_t *a, const char *cur)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*curs)[i], cur) == 0)
			return;
	fb_xgrow(curs, a, *n + 1, sizeof(**curs));
	(*curs)[(*n)++] = (char *)cur;
}

/*
 * A record of money in the journal.  Everything a client owes or is owed
 * is the receivable account, client credit included (SPEC section 10):
 * a payment moves all it brought from the receivable to the bank, even
 * the part above its invoice's balance, so the receivable equals the
 * client's balance; credit applied moves within the receivable (from the
 * credit to the invoice); a refund moves money back out of the bank; a
 * reversal undoes what its record did.
 */
static void
ledger_money(struct period *p, const struct payment *y)
{
	static const char *const what[][2] = {
		{ "payment", "payment" }, { "credit", "credit applied" },
		{ "refund", "refund of credit" }, { "reversal", "reversal" },
	};
	char *name = one_line(y->client_name, ";|");
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
	if (y->balance != 0) {
		posting(p, K_BANK, -y->balance, y->currency);
		posting(p, K_RECEIVABLE, y->balance, y->currency);
	} else {
		/* Credit applied, or its reversal: from one part of the receivable to another. */
		int64_t a = strcmp(y->kind, "credit") == 0 ? y->amount : -y->amount;

		posting(p, K_RECEIVABLE, a, y->currency);
		posting(p, K_RECEIVABLE, -a, y->currency);
	}
	free(name);
}

/*
 * An hledger journal, in date order, with its accounts and commodities
 * declared so that `hledger check accounts commodities ordereddates`
 * passes.  Amounts are "USD 311.22": the ISO code as the commodity.
 */
static void
write_ledger(struct period *p)
{
	char **curs = NULL;
	size_t ncurs = 0, acurs = 0, i = 0, j = 0;

	putf(p, "; fixbill: invoices, credit notes and payments %s..%s\n\n", p->from, p->to);
	for (int k = K_RECEIVABLE; k <= K_BANK; k++)
		putf(p, "account %s\n", p->key[k]);
	for (size_t k = 0; k < p->ninvs; k++)
		seen_currency(&curs, &ncurs, &acurs, p->invs[k].currency);
	for (size_t k = 0; k < p->npays; k++)
		seen_currency(&curs, &ncurs, &acurs, p->pays[k].currency);
	if (ncurs > 0)
		put(p, "\n");
	for (size_t k = 0; k < ncurs; k++) {
		int64_t unit = 1;
		char *sample;

		for (int d = fb_currency_decimals(curs[k]); d > 0; d--)
			unit *= 10;
		sample = fb_money_format(1000 * unit, curs[k]);

		putf(p, "commodity %s %s\n", curs[k], sample);
		free(sample);
	}
	free(curs);
	/* Payees declared too, for `hledger check payees` (strict mode). */
	{
		char **names = NULL;
		size_t nnames = 0, anames = 0;

		for (size_t k = 0; k < p->ninvs + p->npays; k++) {
			char *nm = one_line(k < p->ninvs ? p->invs[k].client_name :
			    p->pays[k - p->ninvs].client_name, ";|");
			size_t m;

			for (m = 0; m < nnames && strcmp(names[m], nm) != 0; m++)
				;
			if (m < nnames) {
				free(nm);
				continue;
			}
			fb_xgrow(&names, &anames, nnames + 1, sizeof(*names));
			names[nnames++] = nm;
			putf(p, "%spayee %s\n", nnames == 1 ? "\n" : "", nm);
		}
		for (size_t k = 0; k < nnames; k++)
			free(names[k]);
		free(names);
	}
	while (i < p->ninvs || j < p->npays) {
		put(p, "\n");
		if (i < p->ninvs && (j >= p->npays ||
		    strcmp(p->invs[i].issue_date, p->pays[j].date) <= 0)) {
			const struct fb_invoice *inv = &p->invs[i++];
			char *name = one_line(inv->client_name, ";|");
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
			posting(p, K_RECEIVABLE, inv->total, inv->currency);
			if (nlabor > 0 || nparts == 0)
				posting(p, K_LABOR, -labor, inv->currency);
			if (nparts > 0)
				posting(p, K_PARTS, -parts, inv->currency);
			if (inv->tax != 0)
				posting(p, K_TAX, -inv->tax, inv->currency);
			free(name);
		} else
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
		"xero", "qbo", "iif", "ledger", "csv", "json", "xlsx", "payments"
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
		write_qbo(&p);
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
