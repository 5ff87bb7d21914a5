/*
 * export_xlsx.c - the invoice as a one-sheet workbook (libxlsxwriter).
 *
 * Money sits in number cells with a number format in the invoice's
 * currency; subtotal, tax, total and balance are formulas whose cached
 * values are fixbill's own figures, so a spreadsheet shows the same
 * numbers before and after it recalculates.  A formula is written only
 * where it provably recomputes fixbill's figure; otherwise the figure is
 * written as a value.  Text only ever goes into string cells, so no
 * description can become a formula.
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "duration.h"
#include "lazy_xlsx.h"
#include "money.h"

/* Table columns. */
enum {
	COL_JOB, COL_KIND, COL_CLASS, COL_DESC, COL_ACTUAL, COL_BILLED, COL_QTY,
	COL_PRICE, COL_AMOUNT, COL_TAX, NCOLS
};

/* Excel refuses longer strings in a cell. */
#define XLSX_MAXSTR 32767

struct xl {
	lxw_worksheet *ws;
	lxw_format *bold, *title, *head, *headnum, *money, *moneybold, *hours,
	    *label, *wrap;
	const char *cur;
	lxw_error error;
};

static void
note(struct xl *x, lxw_error e)
{
	if (e != LXW_NO_ERROR && x->error == LXW_NO_ERROR)
		x->error = e;
}

static void
str(struct xl *x, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f)
{
	if (s == NULL || *s == '\0')
		return;
	note(x, worksheet_write_string(x->ws, r, c, s, f));
}

/*
 * The double a spreadsheet stores for an amount: the exact decimal text
 * read back, used only as a cell value, never for arithmetic.
 */
static double
money_value(int64_t amount, const char *cur)
{
	char *s = fb_money_format(amount, cur);
	double d = strtod(s, NULL);

	free(s);
	return d;
}

static void
money(struct xl *x, lxw_row_t r, lxw_col_t c, int64_t amount, lxw_format *f)
{
	note(x, worksheet_write_number(x->ws, r, c, money_value(amount, x->cur), f));
}

static void
decimal(struct xl *x, lxw_row_t r, lxw_col_t c, char *s, lxw_format *f)
{
	note(x, worksheet_write_number(x->ws, r, c, strtod(s, NULL), f));
	free(s);
}

static void
formula(struct xl *x, lxw_row_t r, lxw_col_t c, const char *fml, int64_t cached,
	lxw_format *f)
{
	note(x, worksheet_write_formula_num(x->ws, r, c, fml, f,
	    money_value(cached, x->cur)));
}

/* Each line of a multi-line field in its own row; returns the next row. */
static lxw_row_t
lines(struct xl *x, lxw_row_t r, lxw_col_t c, const char *prefix, const char *s)
{
	const char *p = s, *nl;

	if (s == NULL || *s == '\0')
		return r;
	for (;;) {
		char *part;

		nl = strchr(p, '\n');
		part = fb_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (*part != '\0') {
			char *t = fb_xasprintf("%s%s", prefix, part);

			str(x, r++, c, t, NULL);
			free(t);
		}
		free(part);
		if (nl == NULL)
			return r;
		p = nl + 1;
	}
}

static char *
cell(lxw_row_t r, lxw_col_t c)
{
	return fb_xasprintf("%c%lu", 'A' + c, (unsigned long)r + 1);
}

static char *
money_format(const char *cur)
{
	int dec = fb_currency_decimals(cur);

	if (dec <= 0)
		return fb_xasprintf("#,##0 \"%s\"", cur);
	return fb_xasprintf("#,##0.%.*s \"%s\"", dec, "0000000000", cur);
}

/*
 * Whether =ROUND(subtotal * rate, decimals) gives fixbill's tax.  The
 * exact figure must match, and the exact product must sit well away from
 * a rounding half, so that the spreadsheet's binary floating point cannot
 * tip it the other way.
 */
static int
round_formula_ok(const struct fb_invoice *inv)
{
	__int128 p = (__int128)inv->subtotal * inv->tax_rate, rem;
	int64_t t;

	if (inv->subtotal > INT64_C(10000000000000) ||
	    inv->subtotal < -INT64_C(10000000000000))
		return 0;
	if (fb_muldiv_round(inv->subtotal, inv->tax_rate, 1000000, &t) == -1 ||
	    t != inv->tax)
		return 0;
	rem = p % 1000000;
	if (rem < 0)
		rem = -rem;
	return rem < 499000 || rem > 501000;
}

static void
formats(lxw_workbook *wb, struct xl *x)
{
	char *mf = money_format(x->cur);

	x->bold = workbook_add_format(wb);
	format_set_bold(x->bold);
	x->title = workbook_add_format(wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 16);
	x->head = workbook_add_format(wb);
	format_set_bold(x->head);
	format_set_bg_color(x->head, 0xD9D9D9);
	format_set_bottom(x->head, LXW_BORDER_THIN);
	x->headnum = workbook_add_format(wb);
	format_set_bold(x->headnum);
	format_set_bg_color(x->headnum, 0xD9D9D9);
	format_set_bottom(x->headnum, LXW_BORDER_THIN);
	format_set_align(x->headnum, LXW_ALIGN_RIGHT);
	x->money = workbook_add_format(wb);
	format_set_num_format(x->money, mf);
	x->moneybold = workbook_add_format(wb);
	format_set_num_format(x->moneybold, mf);
	format_set_bold(x->moneybold);
	format_set_top(x->moneybold, LXW_BORDER_THIN);
	x->hours = workbook_add_format(wb);
	format_set_num_format(x->hours, "0.00");
	x->label = workbook_add_format(wb);
	format_set_bold(x->label);
	format_set_align(x->label, LXW_ALIGN_RIGHT);
	x->wrap = workbook_add_format(wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	free(mf);
}

static void
write_sheet(const struct fb_invoice *inv, struct xl *x)
{
	static const char *const heads[NCOLS] = {
		"Job", "Kind", "Class", "Description", "Actual hours",
		"Billed hours", "Quantity", "Unit price", "Amount", "Tax"
	};
	static const double widths[NCOLS] = { 6, 9, 12, 44, 12, 12, 10, 16, 18, 14 };
	lxw_row_t r, rr, first, last, rsub, rtax, rtot, rpaid;
	int credit = fb_export_is_credit(inv);
	int64_t linetax = 0;
	char *title = fb_export_title(inv), *t, *a, *b;

	for (lxw_col_t c = 0; c < NCOLS; c++)
		note(x, worksheet_set_column(x->ws, c, c, widths[c],
		    c == COL_DESC ? x->wrap : NULL));

	/* Company top left, invoice details top right. */
	str(x, 0, 0, inv->company_name, x->title);
	r = lines(x, 1, 0, "", inv->company_address);
	r = lines(x, r, 0, "", inv->company_email);
	r = lines(x, r, 0, "Tax ID: ", inv->company_tax_id);

	str(x, 0, COL_PRICE, credit ? "CREDIT NOTE" : "INVOICE", x->title);
	rr = 1;
	str(x, rr, COL_PRICE, "Number", x->bold);
	str(x, rr++, COL_AMOUNT, title, NULL);
	if (credit && inv->credit_of_number != NULL) {
		str(x, rr, COL_PRICE, "Credit for", x->bold);
		str(x, rr++, COL_AMOUNT, inv->credit_of_number, NULL);
	}
	str(x, rr, COL_PRICE, "Issue date", x->bold);
	str(x, rr++, COL_AMOUNT, inv->issue_date ? inv->issue_date : "not issued", NULL);
	if (!credit && inv->due_date != NULL) {
		str(x, rr, COL_PRICE, "Due date", x->bold);
		str(x, rr++, COL_AMOUNT, inv->due_date, NULL);
		t = fb_xasprintf("net %lld days", (long long)inv->terms);
		str(x, rr, COL_PRICE, "Terms", x->bold);
		str(x, rr++, COL_AMOUNT, t, NULL);
		free(t);
	}
	str(x, rr, COL_PRICE, "Currency", x->bold);
	str(x, rr++, COL_AMOUNT, inv->currency, NULL);
	if (inv->status != NULL) {
		str(x, rr, COL_PRICE, "Status", x->bold);
		str(x, rr++, COL_AMOUNT, inv->status, NULL);
	}
	r = (r > rr ? r : rr) + 1;

	str(x, r++, 0, "Bill to", x->bold);
	str(x, r++, 0, inv->client_name, x->bold);
	r = lines(x, r, 0, "", inv->client_address);
	r = lines(x, r, 0, "", inv->client_email);
	r = lines(x, r, 0, "Tax ID: ", inv->client_tax_id);
	if (inv->client_code != NULL) {
		t = fb_xasprintf("Client code: %s", inv->client_code);
		str(x, r++, 0, t, NULL);
		free(t);
	}
	r++;

	for (lxw_col_t c = 0; c < NCOLS; c++)
		str(x, r, c, heads[c], c >= COL_ACTUAL ? x->headnum : x->head);
	first = ++r;
	for (size_t i = 0; i < inv->nlines; i++, r++) {
		const struct fb_invoice_line *l = &inv->lines[i];

		if (l->job_id > 0)
			note(x, worksheet_write_number(x->ws, r, COL_JOB,
			    (double)l->job_id, NULL));
		str(x, r, COL_KIND, l->kind, NULL);
		str(x, r, COL_CLASS, l->class, NULL);
		str(x, r, COL_DESC, l->description, x->wrap);
		if (l->actual_seconds >= 0)
			decimal(x, r, COL_ACTUAL, fb_duration_hours(l->actual_seconds),
			    x->hours);
		if (l->billed_seconds >= 0)
			decimal(x, r, COL_BILLED, fb_duration_hours(l->billed_seconds),
			    x->hours);
		decimal(x, r, COL_QTY, fb_format_decimal(l->quantity, 3), NULL);
		money(x, r, COL_PRICE, l->unit_price, x->money);
		money(x, r, COL_AMOUNT, l->amount, x->money);
		money(x, r, COL_TAX, l->tax, x->money);
		linetax += l->tax;
	}
	last = r - 1;

	rsub = r;
	str(x, rsub, COL_PRICE, "Subtotal", x->label);
	if (inv->nlines > 0) {
		a = cell(first, COL_AMOUNT);
		b = cell(last, COL_AMOUNT);
		t = fb_xasprintf("=SUM(%s:%s)", a, b);
		formula(x, rsub, COL_AMOUNT, t, inv->subtotal, x->money);
		free(a);
		free(b);
		free(t);
	} else
		money(x, rsub, COL_AMOUNT, inv->subtotal, x->money);

	rtax = rsub + 1;
	a = fb_format_decimal(inv->tax_rate, 4);
	t = fb_xasprintf("Tax %s%%", a);
	str(x, rtax, COL_PRICE, t, x->label);
	free(a);
	free(t);
	if (inv->nlines > 0 && linetax == inv->tax) {
		/* Per-line rounding: the tax is the sum of the tax column. */
		a = cell(first, COL_TAX);
		b = cell(last, COL_TAX);
		t = fb_xasprintf("=SUM(%s:%s)", a, b);
		free(a);
		free(b);
		formula(x, rtax, COL_AMOUNT, t, inv->tax, x->money);
		free(t);
	} else if (round_formula_ok(inv)) {
		a = cell(rsub, COL_AMOUNT);
		b = fb_format_decimal(inv->tax_rate, 6);
		t = fb_xasprintf("=ROUND(%s*%s,%d)", a, b,
		    fb_currency_decimals(x->cur));
		free(a);
		free(b);
		formula(x, rtax, COL_AMOUNT, t, inv->tax, x->money);
		free(t);
	} else
		money(x, rtax, COL_AMOUNT, inv->tax, x->money);

	rtot = rtax + 1;
	t = fb_xasprintf("%s %s", credit ? "Total credit" : "Total", x->cur);
	str(x, rtot, COL_PRICE, t, x->label);
	free(t);
	a = cell(rsub, COL_AMOUNT);
	b = cell(rtax, COL_AMOUNT);
	t = fb_xasprintf("=%s+%s", a, b);
	formula(x, rtot, COL_AMOUNT, t, inv->total, x->moneybold);
	free(a);
	free(b);
	free(t);

	rpaid = rtot + 1;
	str(x, rpaid, COL_PRICE, "Paid", x->label);
	money(x, rpaid, COL_AMOUNT, inv->paid, x->money);
	str(x, rpaid + 1, COL_PRICE, credit ? "Balance" : "Balance due", x->label);
	if (inv->total - inv->paid == inv->balance) {
		a = cell(rtot, COL_AMOUNT);
		b = cell(rpaid, COL_AMOUNT);
		t = fb_xasprintf("=%s-%s", a, b);
		formula(x, rpaid + 1, COL_AMOUNT, t, inv->balance, x->moneybold);
		free(a);
		free(b);
		free(t);
	} else
		money(x, rpaid + 1, COL_AMOUNT, inv->balance, x->moneybold);

	r = rpaid + 3;
	if (!credit && inv->number != NULL && inv->due_date != NULL) {
		t = fb_xasprintf("Payment due by %s. Please quote %s with your payment.",
		    inv->due_date, title);
		str(x, r, 0, t, NULL);
		free(t);
	}
	free(title);
}

/* Every text field, so an over-long one is refused before anything is written. */
static int
text_fits(const struct fb_invoice *inv)
{
	const char *f[] = {
		inv->company_name, inv->company_address, inv->company_email,
		inv->company_tax_id, inv->client_name, inv->client_address,
		inv->client_email, inv->client_tax_id,
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(f); i++)
		if (f[i] != NULL && strlen(f[i]) > XLSX_MAXSTR - 16)
			return 0;
	for (size_t i = 0; i < inv->nlines; i++)
		if (inv->lines[i].description != NULL &&
		    strlen(inv->lines[i].description) > XLSX_MAXSTR)
			return 0;
	return 1;
}

int
fb_export_invoice_xlsx(const struct fb_invoice *inv, const char *path,
		       struct fb_err *err)
{
	lxw_workbook *wb;
	lxw_doc_properties props;
	struct xl x;
	lxw_error e;
	char *title;

	if (fb_export_check(inv, err) == -1)
		return -1;
	if (!text_fits(inv))
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot write '%s': a text is longer than a cell holds",
				  path);
	if (fb_lazy_xlsx(err) == -1)
		return -1;
	if ((wb = workbook_new(path)) == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s",
				  path, "cannot create workbook");
	memset(&x, 0, sizeof(x));
	x.cur = inv->currency;
	title = fb_export_title(inv);
	memset(&props, 0, sizeof(props));
	props.title = title;
	props.company = inv->company_name;
	note(&x, workbook_set_properties(wb, &props));
	x.ws = workbook_add_worksheet(wb, fb_export_is_credit(inv) ?
	    "Credit note" : "Invoice");
	if (x.ws == NULL)
		x.error = LXW_ERROR_MEMORY_MALLOC_FAILED;
	else {
		formats(wb, &x);
		write_sheet(inv, &x);
	}
	e = workbook_close(wb);
	free(title);
	if (x.error == LXW_NO_ERROR)
		x.error = e;
	if (x.error != LXW_NO_ERROR)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s",
				  path, lxw_strerror(x.error));
	return 0;
}
