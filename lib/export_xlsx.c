/*
 * export_xlsx.c - the invoice as a one-sheet workbook (libxlsxwriter).
 *
 * Money sits in number cells with a number format in the invoice's
 * currency; subtotal, tax, total and balance are formulas whose cached
 * values are fixbill's own figures, so a spreadsheet shows the same
 * numbers before and after it recalculates.  A formula is written only
 * where it provably recomputes fixbill's figure; otherwise the figure is
 * written as a value.  Text only ever goes into string cells, so no
 * description can become a formula.  Dates are date cells.  The sheet
 * says what the PDF says: the logo, each job's heading over its lines,
 * one row per tax component with its base, the note, the payment
 * instructions and the footer; the client's internal code is not shown.
 */
#include "export.h"

#include <errno.h>
#include <stdio.h>
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
	    *label, *wrap, *date, *small;
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

/* A YYYY-MM-DD date as a date cell; other text as a string. */
static void
date_cell(struct xl *x, lxw_row_t r, lxw_col_t c, const char *s)
{
	lxw_datetime d;
	int y, m, dd;

	memset(&d, 0, sizeof(d));
	if (s != NULL && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d", &y, &m, &dd) == 3) {
		d.year = y;
		d.month = m;
		d.day = dd;
		note(x, worksheet_write_datetime(x->ws, r, c, &d, x->date));
	} else
		str(x, r, c, s, NULL);
}

/* Pixel size of a PNG (IHDR) or JPEG (first SOF marker); 0 when unknown. */
static int
image_size(const char *path, unsigned *w, unsigned *h)
{
	unsigned char b[65536];
	FILE *fp = fopen(path, "rb");
	size_t n, i;

	if (fp == NULL)
		return 0;
	n = fread(b, 1, sizeof(b), fp);
	fclose(fp);
	if (n >= 24 && memcmp(b, "\x89PNG", 4) == 0) {
		*w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
		*h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
		return *w > 0 && *h > 0;
	}
	for (i = 2; n > 4 && b[0] == 0xff && b[1] == 0xd8 && i + 9 < n; ) {
		unsigned m = b[i + 1], len = (unsigned)b[i + 2] << 8 | b[i + 3];

		if (b[i] != 0xff)
			return 0;
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) {
			*h = (unsigned)b[i + 5] << 8 | b[i + 6];
			*w = (unsigned)b[i + 7] << 8 | b[i + 8];
			return *w > 0 && *h > 0;
		}
		i += 2 + len;
	}
	return 0;
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
	x->date = workbook_add_format(wb);
	format_set_num_format(x->date, "yyyy-mm-dd");
	format_set_align(x->date, LXW_ALIGN_LEFT);
	x->small = workbook_add_format(wb);
	format_set_italic(x->small);
	free(mf);
}

/* Each line of s (split at newlines) in column 0 from row r; the next row. */
static lxw_row_t
para(struct xl *x, lxw_row_t r, const char *title, const char *s)
{
	if (s == NULL || *s == '\0')
		return r;
	if (title != NULL)
		str(x, r++, 0, title, x->bold);
	return lines(x, r, 0, "", s) + 1;
}

static void
write_sheet(const struct fb_invoice *inv, struct xl *x)
{
	static const char *const heads[NCOLS] = {
		"Job", "Kind", "Class", "Description", "Actual hours",
		"Billed hours", "Quantity", "Unit price", "Amount", "Tax"
	};
	static const double widths[NCOLS] = { 6, 9, 12, 44, 12, 12, 10, 16, 18, 14 };
	lxw_row_t r, rr, first, last, rsub, rtot, rpaid, top = 0;
	lxw_row_t rtax[64];
	size_t ntax = 0, ntaxes;
	struct fb_invoice_tax fallback;
	const struct fb_invoice_tax *taxes;
	int credit = fb_export_is_credit(inv);
	int64_t linetax = 0, job = -1;
	unsigned iw, ih;
	const char *label;
	char *title = fb_export_title(inv), *t, *a, *b;

	for (lxw_col_t c = 0; c < NCOLS; c++)
		note(x, worksheet_set_column(x->ws, c, c, widths[c],
		    c == COL_DESC ? x->wrap : NULL));

	/* The logo above everything, about 64 pixels high. */
	if (inv->logo != NULL && *inv->logo != '\0' && image_size(inv->logo, &iw, &ih)) {
		lxw_image_options o;

		memset(&o, 0, sizeof(o));
		o.x_scale = o.y_scale = 64.0 / ih < 320.0 / iw ? 64.0 / ih : 320.0 / iw;
		note(x, worksheet_insert_image_opt(x->ws, 0, 0, inv->logo, &o));
		top = 4;
	}

	/* Company top left, invoice details top right. */
	str(x, top, 0, inv->company_name, x->title);
	r = lines(x, top + 1, 0, "", inv->company_address);
	r = lines(x, r, 0, "", inv->company_phone);
	r = lines(x, r, 0, "", inv->company_email);
	r = lines(x, r, 0, "", inv->company_website);
	r = lines(x, r, 0, "Tax ID: ", inv->company_tax_id);

	str(x, top, COL_PRICE, credit ? "CREDIT NOTE" : "INVOICE", x->title);
	rr = top + 1;
	str(x, rr, COL_PRICE, "Number", x->bold);
	str(x, rr++, COL_AMOUNT, title, NULL);
	if (credit && inv->credit_of_number != NULL) {
		str(x, rr, COL_PRICE, "Credit for", x->bold);
		str(x, rr++, COL_AMOUNT, inv->credit_of_number, NULL);
	}
	if (inv->ref != NULL) {
		str(x, rr, COL_PRICE, "Your reference", x->bold);
		str(x, rr++, COL_AMOUNT, inv->ref, NULL);
	}
	str(x, rr, COL_PRICE, "Issue date", x->bold);
	if (inv->issue_date != NULL)
		date_cell(x, rr++, COL_AMOUNT, inv->issue_date);
	else
		str(x, rr++, COL_AMOUNT, "not issued", NULL);
	if (!credit && inv->due_date != NULL) {
		str(x, rr, COL_PRICE, "Due date", x->bold);
		date_cell(x, rr++, COL_AMOUNT, inv->due_date);
		t = fb_xasprintf("net %lld days", (long long)inv->terms);
		str(x, rr, COL_PRICE, "Terms", x->bold);
		str(x, rr++, COL_AMOUNT, t, NULL);
		free(t);
	}
	if (fb_export_service(inv, &label, &t)) {
		str(x, rr, COL_PRICE, label, x->bold);
		date_cell(x, rr++, COL_AMOUNT, t);
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
	r++;

	for (lxw_col_t c = 0; c < NCOLS; c++)
		str(x, r, c, heads[c], c >= COL_ACTUAL ? x->headnum : x->head);
	first = ++r;
	for (size_t i = 0; i < inv->nlines; i++, r++) {
		const struct fb_invoice_line *l = &inv->lines[i];
		const struct fb_invoice_job *j;

		if (l->job_id != job && (j = fb_invoice_job(inv, l->job_id)) != NULL) {
			char *d = fb_export_job_detail(j);

			t = fb_export_job_title(j);
			str(x, r++, COL_DESC, t, x->bold);
			if (d != NULL)
				str(x, r++, COL_DESC, d, x->small);
			free(t);
			free(d);
		}
		job = l->job_id;
		if (l->job_id > 0)
			note(x, worksheet_write_number(x->ws, r, COL_JOB,
			    (double)l->job_id, NULL));
		str(x, r, COL_KIND, l->kind, NULL);
		str(x, r, COL_CLASS, l->class, NULL);
		t = fb_export_line_desc(l, x->cur);
		if (inv->show_notes && l->notes != NULL) {
			a = fb_xasprintf("%s\n%s", t, l->notes);
			free(t);
			t = a;
		}
		str(x, r, COL_DESC, t, x->wrap);
		free(t);
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

	r = rsub + 1;
	taxes = fb_export_taxes(inv, &fallback, &ntaxes);
	for (size_t i = 0; i < ntaxes && ntax < FB_ARRAY_SIZE(rtax); i++) {
		const struct fb_invoice_tax *tx = &taxes[i];

		if (!fb_export_tax_shown(tx))
			continue;
		t = fb_export_tax_label(tx, x->cur);
		str(x, r, COL_PRICE, t, x->label);
		free(t);
		/*
		 * The line taxes add up to the invoice's tax: with one component
		 * the sum of the tax column is exactly its figure.
		 */
		if (ntaxes == 1 && inv->nlines > 0 && linetax == inv->tax) {
			a = cell(first, COL_TAX);
			b = cell(last, COL_TAX);
			t = fb_xasprintf("=SUM(%s:%s)", a, b);
			formula(x, r, COL_AMOUNT, t, tx->amount, x->money);
			free(a);
			free(b);
			free(t);
		} else
			money(x, r, COL_AMOUNT, tx->amount, x->money);
		rtax[ntax++] = r++;
	}

	rtot = r;
	t = fb_xasprintf("%s %s", credit ? "Total credit" : "Total", x->cur);
	str(x, rtot, COL_PRICE, t, x->label);
	free(t);
	{
		struct fb_buf f = FB_BUF_INIT;
		int64_t sum = 0;

		fb_buf_init(&f);
		a = cell(rsub, COL_AMOUNT);
		fb_buf_addf(&f, "=%s", a);
		free(a);
		for (size_t i = 0; i < ntax; i++) {
			a = cell(rtax[i], COL_AMOUNT);
			fb_buf_addf(&f, "+%s", a);
			free(a);
		}
		for (size_t i = 0; i < ntaxes; i++)
			if (fb_export_tax_shown(&taxes[i]))
				sum += taxes[i].amount;
		if (sum == inv->tax)
			formula(x, rtot, COL_AMOUNT, f.buf, inv->total, x->moneybold);
		else
			money(x, rtot, COL_AMOUNT, inv->total, x->moneybold);
		fb_buf_release(&f);
	}

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
	r = para(x, r, NULL, inv->note);
	if (!credit)
		r = para(x, r, "Payment", inv->payment);
	t = fb_export_closing(inv);
	r = para(x, r, NULL, t);
	free(t);
	para(x, r, NULL, inv->footer);
	free(title);
}

/* Every text field, so an over-long one is refused before anything is written. */
static int
text_fits(const struct fb_invoice *inv)
{
	const char *f[] = {
		inv->company_name, inv->company_address, inv->company_email,
		inv->company_tax_id, inv->client_name, inv->client_address,
		inv->client_email, inv->client_tax_id, inv->company_phone,
		inv->company_website, inv->ref, inv->note, inv->payment, inv->footer,
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
