/*
 * export_txt.c - the invoice as fixed-width text for a terminal or an
 * email body: the parties, the dates, each job's heading over its lines
 * in a table whose amounts add up to the printed subtotal, the totals
 * with each tax's base, the note, the payment instructions, the closing
 * sentence and the footer: what the PDF says, in the same order.
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"

#define TXT_WIDTH	78
#define HEAD_LEFT	46	/* width of the company block beside the invoice details */

struct strs {
	char **v;
	size_t n, alloc;
};

static void
strs_add(struct strs *s, char *str)
{
	fb_xgrow(&s->v, &s->alloc, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = str;
}

static void
strs_free(struct strs *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/*
 * Stored text as it may be shown: a control character, bidi control or
 * invalid byte escaped ("\x1b", "\n"), never raw, so that text from an
 * old database or an import can neither break the columns nor drive the
 * terminal the invoice is printed on.
 */
static char *
clean(const char *s)
{
	return fb_escape(s, 0);
}

/* Add each line of a multi-line field (addresses). */
static void
add_lines(struct strs *s, const char *prefix, const char *text)
{
	const char *p = text, *nl;

	if (text == NULL || *text == '\0')
		return;
	for (;;) {
		char *part;

		nl = strchr(p, '\n');
		part = fb_xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		if (*part != '\0' || nl == NULL) {
			char *c = clean(part);

			strs_add(s, fb_xasprintf("%s%s", prefix, c));
			free(c);
		}
		free(part);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* Byte length of the first n code points of s. */
static size_t
utf8_prefix(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] != '\0') {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (n == 0)
				break;
			n--;
		}
		i++;
	}
	return i;
}

/* Break s into pieces of at most width code points, at spaces when possible. */
static void
wrap(struct strs *out, const char *s, size_t width)
{
	char *c = clean(s), *p = c;

	while (fb_utf8_width(p) > width) {
		size_t cut = utf8_prefix(p, width), brk = cut;

		while (brk > 0 && p[brk] != ' ')
			brk--;
		if (brk == 0)
			brk = cut;
		strs_add(out, fb_xstrndup(p, brk));
		p += brk;
		while (*p == ' ')
			p++;
	}
	if (*p != '\0' || out->n == 0)
		strs_add(out, fb_xstrdup(p));
	free(c);
}

/* Append s padded to width columns, left or right aligned. */
static void
pad(struct fb_buf *b, const char *s, size_t width, int right)
{
	size_t w = fb_utf8_width(s);

	if (right)
		for (; w < width; w++)
			fb_buf_addc(b, ' ');
	fb_buf_adds(b, s);
	if (!right)
		for (; w < width; w++)
			fb_buf_addc(b, ' ');
}

static void
rstrip_nl(struct fb_buf *b)
{
	while (b->len > 0 && b->buf[b->len - 1] == ' ')
		b->buf[--b->len] = '\0';
	fb_buf_addc(b, '\n');
}

static void
header(struct fb_buf *b, const struct fb_invoice *inv)
{
	struct strs left = { 0 }, right = { 0 };
	char *title = fb_export_title(inv), *tmp;
	size_t widest = 0;
	int credit = fb_export_is_credit(inv);

	strs_add(&left, clean(inv->company_name));
	add_lines(&left, "", inv->company_address);
	add_lines(&left, "", inv->company_phone);
	add_lines(&left, "", inv->company_email);
	add_lines(&left, "", inv->company_website);
	if (inv->company_tax_id != NULL && *inv->company_tax_id != '\0')
		add_lines(&left, "Tax ID: ", inv->company_tax_id);

	tmp = clean(title);
	strs_add(&right, fb_xasprintf("%s %s", credit ? "CREDIT NOTE" : "INVOICE", tmp));
	free(tmp);
	if (inv->status != NULL && strcmp(inv->status, "void") == 0)
		strs_add(&right, fb_xstrdup("Status       VOID"));
	else if (inv->status != NULL && strcmp(inv->status, "paid") == 0)
		strs_add(&right, fb_xstrdup("Status       PAID"));
	if (credit && inv->credit_of_number != NULL) {
		tmp = clean(inv->credit_of_number);
		strs_add(&right, fb_xasprintf("Credit for   %s", tmp));
		free(tmp);
	}
	if (inv->ref != NULL) {
		char *r = clean(inv->ref);

		strs_add(&right, fb_xasprintf("Reference    %s", r));
		free(r);
	}
	strs_add(&right, fb_xasprintf("Issue date   %s",
	    inv->issue_date ? inv->issue_date : "not issued"));
	if (inv->due_date != NULL && !credit)
		strs_add(&right, fb_xasprintf("Due date     %s", inv->due_date));
	if (!credit)
		strs_add(&right, fb_xasprintf("Terms        net %lld days",
		    (long long)inv->terms));
	{
		const char *label;
		char *v;

		if (fb_export_service(inv, &label, &v)) {
			strs_add(&right, fb_xasprintf("%-12s %s", strcmp(label, "Work through") ?
			    "Period" : "Work through", v));
			free(v);
		}
	}
	strs_add(&right, fb_xasprintf("Currency     %s", inv->currency));

	for (size_t i = 0; i < left.n; i++)
		if (fb_utf8_width(left.v[i]) > widest)
			widest = fb_utf8_width(left.v[i]);
	if (widest > HEAD_LEFT) {
		/* Too wide to sit side by side: details first, then the company. */
		for (size_t i = 0; i < right.n; i++)
			fb_buf_addf(b, "%s\n", right.v[i]);
		fb_buf_addc(b, '\n');
		for (size_t i = 0; i < left.n; i++)
			fb_buf_addf(b, "%s\n", left.v[i]);
	} else {
		for (size_t i = 0; i < left.n || i < right.n; i++) {
			pad(b, i < left.n ? left.v[i] : "", HEAD_LEFT + 2, 0);
			fb_buf_adds(b, i < right.n ? right.v[i] : "");
			rstrip_nl(b);
		}
	}
	strs_free(&left);
	strs_free(&right);
	free(title);

	fb_buf_adds(b, "\nBill to:\n");
	tmp = clean(inv->client_name);
	fb_buf_addf(b, "%s\n", tmp);
	free(tmp);
	add_lines(&left, "", inv->client_address);
	add_lines(&left, "", inv->client_email);
	if (inv->client_tax_id != NULL && *inv->client_tax_id != '\0')
		add_lines(&left, "Tax ID: ", inv->client_tax_id);
	for (size_t i = 0; i < left.n; i++)
		fb_buf_addf(b, "%s\n", left.v[i]);
	strs_free(&left);
	fb_buf_addc(b, '\n');
}

struct cells {
	char *desc, *qty, *rate, *amount, *actual;
};

static void
line_cells(const struct fb_invoice_line *l, const char *cur, struct cells *c)
{
	char *m;

	c->desc = fb_export_line_desc(l, cur);
	m = fb_money_format_human(l->unit_price, cur);
	if (fb_export_is_hours(l)) {
		c->qty = fb_duration_format(l->billed_seconds);
		c->rate = fb_xasprintf("%s/h", m);
		free(m);
	} else {
		c->qty = fb_format_decimal(l->quantity, 3);
		c->rate = m;
	}
	c->amount = fb_money_format_human(l->amount, cur);
	c->actual = NULL;
	if (strcmp(l->kind, "labor") == 0 && l->actual_seconds >= 0) {
		m = fb_duration_format(l->actual_seconds);
		c->actual = fb_xasprintf("actual %s", m);
		free(m);
	}
}

static void
cells_free(struct cells *c)
{
	free(c->desc);
	free(c->qty);
	free(c->rate);
	free(c->amount);
	free(c->actual);
}

static void
widen(size_t *w, const char *s)
{
	if (fb_utf8_width(s) > *w)
		*w = fb_utf8_width(s);
}

static void
dashes(struct fb_buf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fb_buf_addc(b, '-');
	fb_buf_addc(b, '\n');
}

/* A paragraph: each line of s wrapped to the page, under an optional title. */
static void
paragraph(struct fb_buf *b, const char *title, const char *s)
{
	struct strs v = { 0 };

	if (s == NULL || *s == '\0')
		return;
	if (title != NULL)
		fb_buf_addf(b, "%s:\n", title);
	for (const char *q = s; q != NULL; ) {
		const char *nl = strchr(q, '\n');
		char *one = fb_xstrndup(q, nl ? (size_t)(nl - q) : strlen(q));

		wrap(&v, one, TXT_WIDTH);
		free(one);
		q = nl ? nl + 1 : NULL;
	}
	for (size_t i = 0; i < v.n; i++)
		fb_buf_addf(b, "%s%s\n", title != NULL ? "  " : "", v.v[i]);
	strs_free(&v);
	fb_buf_addc(b, '\n');
}

int
fb_export_invoice_txt(const struct fb_invoice *inv, FILE *fp, struct fb_err *err)
{
	struct fb_buf b = FB_BUF_INIT;
	struct cells *cells;
	struct strs labels = { 0 }, amounts = { 0 };
	struct fb_invoice_tax fallback;
	const struct fb_invoice_tax *taxes;
	size_t ntaxes;
	const char *cur = inv->currency;
	size_t wqty = 8, wrate = 10, wamt = 12, wdesc, wlabel = 0, width;
	int64_t job = -1;
	int credit = fb_export_is_credit(inv), rc = 0;
	char *closing;

	if (fb_export_check(inv, err) == -1)
		return -1;
	fb_buf_init(&b);
	header(&b, inv);

	strs_add(&labels, fb_xstrdup("Subtotal"));
	strs_add(&amounts, fb_money_format_human(inv->subtotal, cur));
	taxes = fb_export_taxes(inv, &fallback, &ntaxes);
	for (size_t i = 0; i < ntaxes; i++) {
		if (!fb_export_tax_shown(&taxes[i]))
			continue;
		strs_add(&labels, fb_export_tax_label(&taxes[i], cur));
		strs_add(&amounts, fb_money_format_human(taxes[i].amount, cur));
	}
	strs_add(&labels, fb_xasprintf("%s %s", credit ? "Total credit" : "Total", cur));
	strs_add(&amounts, fb_money_format_human(inv->total, cur));
	strs_add(&labels, fb_xstrdup("Paid"));
	strs_add(&amounts, fb_money_format_human(inv->paid, cur));
	strs_add(&labels, fb_xasprintf("%s %s", credit ? "Balance" : "Balance due", cur));
	strs_add(&amounts, fb_money_format_human(inv->balance, cur));
	for (size_t i = 0; i < amounts.n; i++) {
		widen(&wamt, amounts.v[i]);
		widen(&wlabel, labels.v[i]);
	}

	cells = fb_xcalloc(inv->nlines ? inv->nlines : 1, sizeof(*cells));
	for (size_t i = 0; i < inv->nlines; i++) {
		line_cells(&inv->lines[i], cur, &cells[i]);
		widen(&wqty, cells[i].qty);
		widen(&wrate, cells[i].rate);
		widen(&wamt, cells[i].amount);
	}
	wdesc = TXT_WIDTH - wqty - wrate - wamt - 3;
	if (wdesc > TXT_WIDTH || wdesc < 20)
		wdesc = 20;
	width = wdesc + wqty + wrate + wamt + 3;

	pad(&b, "Description", wdesc, 0);
	fb_buf_addc(&b, ' ');
	pad(&b, "Quantity", wqty, 1);
	fb_buf_addc(&b, ' ');
	pad(&b, "Rate", wrate, 1);
	fb_buf_addc(&b, ' ');
	pad(&b, "Amount", wamt, 1);
	rstrip_nl(&b);
	dashes(&b, width);

	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fb_invoice_line *l = &inv->lines[i];
		const struct fb_invoice_job *j;
		struct strs desc = { 0 };

		if (l->job_id != job && (j = fb_invoice_job(inv, l->job_id)) != NULL) {
			char *t = fb_export_job_title(j), *d = fb_export_job_detail(j);
			struct strs h = { 0 };

			if (job != -1)
				fb_buf_addc(&b, '\n');
			wrap(&h, t, width);
			if (d != NULL)
				wrap(&h, d, width);
			for (size_t k = 0; k < h.n; k++)
				fb_buf_addf(&b, "%s\n", h.v[k]);
			strs_free(&h);
			free(t);
			free(d);
		} else if (l->job_id != job && l->job_id == 0 && job > 0)
			fb_buf_addc(&b, '\n');	/* lines of no job: set off from the last job */
		job = l->job_id;
		wrap(&desc, cells[i].desc, wdesc - 2);
		for (size_t k = 0; k < desc.n; k++) {
			char *d = fb_xasprintf("  %s", desc.v[k]);

			free(desc.v[k]);
			desc.v[k] = d;
		}
		if (cells[i].actual != NULL)
			strs_add(&desc, fb_xasprintf("    %s", cells[i].actual));
		if (inv->show_notes && l->notes != NULL)
			for (const char *q = l->notes; q != NULL; ) {
				const char *nl = strchr(q, '\n');
				char *one = fb_xstrndup(q, nl ? (size_t)(nl - q) : strlen(q));
				struct strs nv = { 0 };

				wrap(&nv, one, wdesc - 6);
				for (size_t k = 0; k < nv.n; k++)
					strs_add(&desc, fb_xasprintf("    - %s", nv.v[k]));
				strs_free(&nv);
				free(one);
				q = nl ? nl + 1 : NULL;
			}
		for (size_t k = 0; k < desc.n; k++) {
			pad(&b, desc.v[k], wdesc, 0);
			if (k == 0) {
				fb_buf_addc(&b, ' ');
				pad(&b, cells[i].qty, wqty, 1);
				fb_buf_addc(&b, ' ');
				pad(&b, cells[i].rate, wrate, 1);
				fb_buf_addc(&b, ' ');
				pad(&b, cells[i].amount, wamt, 1);
			}
			rstrip_nl(&b);
		}
		strs_free(&desc);
		cells_free(&cells[i]);
	}
	free(cells);

	dashes(&b, width);
	for (size_t i = 0; i < labels.n; i++) {
		size_t indent = width - wamt - 1 - wlabel;

		pad(&b, "", indent > TXT_WIDTH ? 0 : indent, 0);
		pad(&b, labels.v[i], wlabel, 0);
		fb_buf_addc(&b, ' ');
		pad(&b, amounts.v[i], wamt, 1);
		rstrip_nl(&b);
	}
	strs_free(&labels);
	strs_free(&amounts);

	fb_buf_addc(&b, '\n');
	paragraph(&b, NULL, inv->note);
	if (!credit)
		paragraph(&b, "Payment", inv->payment);
	closing = fb_export_closing(inv);
	paragraph(&b, NULL, closing);
	free(closing);
	paragraph(&b, NULL, inv->footer);
	/* Paragraphs end with a blank line; the document does not. */
	while (b.len >= 2 && b.buf[b.len - 1] == '\n' && b.buf[b.len - 2] == '\n')
		b.buf[--b.len] = '\0';

	if (fwrite(b.buf, 1, b.len, fp) != b.len || fflush(fp) == EOF)
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write invoice: %s",
				strerror(errno));
	fb_buf_release(&b);
	return rc;
}
