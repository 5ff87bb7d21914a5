/*
 * export_txt.c - the invoice as fixed-width text for a terminal or an
 * email body: the parties, the dates, a line table whose amounts add up
 * to the printed subtotal, the totals and the payment note.
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
	add_lines(&left, "", inv->company_email);
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
	strs_add(&right, fb_xasprintf("Issue date   %s",
	    inv->issue_date ? inv->issue_date : "not issued"));
	if (inv->due_date != NULL && !credit)
		strs_add(&right, fb_xasprintf("Due date     %s", inv->due_date));
	if (!credit)
		strs_add(&right, fb_xasprintf("Terms        net %lld days",
		    (long long)inv->terms));
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
	if (inv->client_code != NULL) {
		char *code = clean(inv->client_code);

		fb_buf_addf(b, "%s (%s)\n", tmp, code);
		free(code);
	} else
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
	char *job, *qty, *rate, *amount, *actual;
};

static void
line_cells(const struct fb_invoice_line *l, const char *cur, struct cells *c)
{
	char *m;

	c->job = l->job_id > 0 ? fb_xasprintf("%lld", (long long)l->job_id) :
	    fb_xstrdup("");
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
	free(c->job);
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

int
fb_export_invoice_txt(const struct fb_invoice *inv, FILE *fp, struct fb_err *err)
{
	struct fb_buf b = FB_BUF_INIT;
	struct cells *cells;
	const char *cur = inv->currency;
	char *tot[5], *title, *rate;
	const char *totlabel[5];
	size_t wjob = 3, wqty = 8, wrate = 10, wamt = 12, wdesc, wlabel = 0;
	int credit = fb_export_is_credit(inv), rc = 0;

	if (fb_export_check(inv, err) == -1)
		return -1;
	fb_buf_init(&b);
	header(&b, inv);

	rate = fb_format_decimal(inv->tax_rate, 4);
	tot[0] = fb_money_format_human(inv->subtotal, cur);
	tot[1] = fb_money_format_human(inv->tax, cur);
	tot[2] = fb_money_format_human(inv->total, cur);
	tot[3] = fb_money_format_human(inv->paid, cur);
	tot[4] = fb_money_format_human(inv->balance, cur);
	totlabel[0] = "Subtotal";
	totlabel[1] = NULL;
	totlabel[2] = credit ? "Total credit" : "Total";
	totlabel[3] = "Paid";
	totlabel[4] = credit ? "Balance" : "Balance due";
	for (size_t i = 0; i < 5; i++)
		widen(&wamt, tot[i]);

	cells = fb_xcalloc(inv->nlines ? inv->nlines : 1, sizeof(*cells));
	for (size_t i = 0; i < inv->nlines; i++) {
		line_cells(&inv->lines[i], cur, &cells[i]);
		widen(&wjob, cells[i].job);
		widen(&wqty, cells[i].qty);
		widen(&wrate, cells[i].rate);
		widen(&wamt, cells[i].amount);
	}
	wdesc = TXT_WIDTH - wjob - wqty - wrate - wamt - 4;
	if (wdesc > TXT_WIDTH || wdesc < 20)
		wdesc = 20;

	pad(&b, "Job", wjob, 0);
	fb_buf_addc(&b, ' ');
	pad(&b, "Description", wdesc, 0);
	fb_buf_addc(&b, ' ');
	pad(&b, "Quantity", wqty, 1);
	fb_buf_addc(&b, ' ');
	pad(&b, "Rate", wrate, 1);
	fb_buf_addc(&b, ' ');
	pad(&b, "Amount", wamt, 1);
	rstrip_nl(&b);
	for (size_t i = 0; i < wjob + wdesc + wqty + wrate + wamt + 4; i++)
		fb_buf_addc(&b, '-');
	fb_buf_addc(&b, '\n');

	for (size_t i = 0; i < inv->nlines; i++) {
		struct strs desc = { 0 };

		wrap(&desc, inv->lines[i].description, wdesc);
		if (cells[i].actual != NULL)
			strs_add(&desc, fb_xasprintf("  %s", cells[i].actual));
		for (size_t j = 0; j < desc.n; j++) {
			pad(&b, j == 0 ? cells[i].job : "", wjob, 1);
			fb_buf_addc(&b, ' ');
			pad(&b, desc.v[j], wdesc, 0);
			if (j == 0) {
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

	for (size_t i = 0; i < wjob + wdesc + wqty + wrate + wamt + 4; i++)
		fb_buf_addc(&b, '-');
	fb_buf_addc(&b, '\n');
	{
		char *labels[5];

		labels[0] = fb_xstrdup(totlabel[0]);
		labels[1] = fb_xasprintf("Tax %s%%", rate);
		labels[2] = fb_xasprintf("%s %s", totlabel[2], cur);
		labels[3] = fb_xstrdup(totlabel[3]);
		labels[4] = fb_xasprintf("%s %s", totlabel[4], cur);
		for (size_t i = 0; i < 5; i++)
			widen(&wlabel, labels[i]);
		for (size_t i = 0; i < 5; i++) {
			size_t indent = wjob + wdesc + wqty + wrate + 3 - wlabel;

			pad(&b, "", indent > TXT_WIDTH ? 0 : indent, 0);
			pad(&b, labels[i], wlabel, 0);
			fb_buf_addc(&b, ' ');
			pad(&b, tot[i], wamt, 1);
			rstrip_nl(&b);
			free(labels[i]);
			free(tot[i]);
		}
	}
	free(rate);

	fb_buf_addc(&b, '\n');
	title = fb_export_title(inv);
	{
		char *t = clean(title);

		free(title);
		title = t;
	}
	if (inv->number == NULL)
		fb_buf_adds(&b, "Draft: the number and dates are set when it is issued.\n");
	else if (credit) {
		fb_buf_addf(&b, "This credit note %s", title);
		if (inv->credit_of_number != NULL) {
			char *c = clean(inv->credit_of_number);

			fb_buf_addf(&b, " cancels invoice %s", c);
			free(c);
		}
		fb_buf_adds(&b, ".\n");
		if (inv->void_reason != NULL && *inv->void_reason != '\0') {
			char *r = clean(inv->void_reason);

			fb_buf_addf(&b, "Reason: %s\n", r);
			free(r);
		}
	} else if (inv->due_date != NULL)
		fb_buf_addf(&b, "Payment due by %s. Please quote %s with your payment.\n",
			    inv->due_date, title);
	free(title);

	if (fwrite(b.buf, 1, b.len, fp) != b.len || fflush(fp) == EOF)
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write invoice: %s",
				strerror(errno));
	fb_buf_release(&b);
	return rc;
}
