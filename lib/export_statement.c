/*
 * export_statement.c - a statement of account as text, CSV and JSON
 * (statement.h; the PDF is lib/export_statement_pdf.c).  Every format
 * prints the same figures: the opening balance, each line with the
 * running balance, the closing balance, and the aging on the last day,
 * whose buckets less the credit add up to the closing balance.
 */
#include "statement.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "export.h"
#include "json.h"
#include "money.h"

/* What a line is, for people. */
static const char *
kind_label(const char *kind)
{
	static const char *const k[][2] = {
		{ "invoice", "Invoice" }, { "credit_note", "Credit note" },
		{ "payment", "Payment" }, { "refund", "Refund" },
		{ "reversal", "Reversal" },
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(k); i++)
		if (strcmp(kind, k[i][0]) == 0)
			return k[i][1];
	return kind;
}

/* Pad s (escaped: stored text never reaches a terminal raw) to width. */
static void
pad(struct fb_buf *b, const char *s, size_t width, int right)
{
	char *e = fb_escape(s ? s : "", 0);
	size_t w = fb_utf8_width(e);

	if (right)
		for (size_t i = w; i < width; i++)
			fb_buf_addc(b, ' ');
	fb_buf_adds(b, e);
	if (!right)
		for (size_t i = w; i < width; i++)
			fb_buf_addc(b, ' ');
	free(e);
}

static void
rstrip_nl(struct fb_buf *b)
{
	while (b->len > 0 && b->buf[b->len - 1] == ' ')
		b->buf[--b->len] = '\0';
	fb_buf_addc(b, '\n');
}

static void
block(struct fb_buf *b, const char *s)
{
	char *e;

	if (s == NULL || *s == '\0')
		return;
	e = fb_escape(s, 1);
	fb_buf_adds(b, e);
	fb_buf_addc(b, '\n');
	free(e);
}

static void
txt_one(struct fb_buf *b, const struct fb_statement *s)
{
	static const char *const heads[] = {
		"Current", "1-30", "31-60", "61-90", "91+", "Credit", "Balance"
	};
	const char *cur = s->currency;
	char *money[FB_AGE_N + 2];
	size_t wref = 9, wamt = 10, wbal = 10, wdate = 10, wkind = 15, rule;
	char *t;

	for (size_t i = 0; i < s->nlines; i++) {
		char *a = fb_money_format_human(s->lines[i].amount, cur);
		char *e = fb_escape(s->lines[i].ref ? s->lines[i].ref : "", 0);

		if (fb_utf8_width(a) > wamt)
			wamt = fb_utf8_width(a);
		if (fb_utf8_width(e) > wref)
			wref = fb_utf8_width(e);
		free(a);
		free(e);
		a = fb_money_format_human(s->lines[i].balance, cur);
		if (fb_utf8_width(a) > wbal)
			wbal = fb_utf8_width(a);
		free(a);
	}
	rule = wdate + wkind + wref + wamt + wbal + 4;

	fb_buf_adds(b, "STATEMENT OF ACCOUNT\n");
	block(b, s->company_name);
	block(b, s->company_address);
	block(b, s->company_email);
	fb_buf_addc(b, '\n');
	t = fb_xasprintf("%s (%s)", s->client_name, s->client);
	block(b, t);
	free(t);
	block(b, s->client_address);
	block(b, s->client_email);
	fb_buf_addc(b, '\n');
	if (s->from)
		fb_buf_addf(b, "Period %s to %s, in %s\n\n", s->from, s->to, cur);
	else
		fb_buf_addf(b, "Through %s, in %s\n\n", s->to, cur);

	pad(b, "Date", wdate, 0);
	fb_buf_addc(b, ' ');
	pad(b, "Item", wkind, 0);
	fb_buf_addc(b, ' ');
	pad(b, "Reference", wref, 0);
	fb_buf_addc(b, ' ');
	pad(b, "Amount", wamt, 1);
	fb_buf_addc(b, ' ');
	pad(b, "Balance", wbal, 1);
	rstrip_nl(b);
	for (size_t i = 0; i < rule; i++)
		fb_buf_addc(b, '-');
	fb_buf_addc(b, '\n');

	pad(b, s->from ? s->from : "", wdate, 0);
	fb_buf_addc(b, ' ');
	pad(b, "Opening balance", wkind + wref + wamt + 2, 0);
	fb_buf_addc(b, ' ');
	t = fb_money_format_human(s->opening, cur);
	pad(b, t, wbal, 1);
	free(t);
	rstrip_nl(b);
	for (size_t i = 0; i < s->nlines; i++) {
		const struct fb_statement_line *l = &s->lines[i];

		pad(b, l->date, wdate, 0);
		fb_buf_addc(b, ' ');
		pad(b, kind_label(l->kind), wkind, 0);
		fb_buf_addc(b, ' ');
		pad(b, l->ref, wref, 0);
		fb_buf_addc(b, ' ');
		t = fb_money_format_human(l->amount, cur);
		pad(b, t, wamt, 1);
		free(t);
		fb_buf_addc(b, ' ');
		t = fb_money_format_human(l->balance, cur);
		pad(b, t, wbal, 1);
		free(t);
		rstrip_nl(b);
	}
	for (size_t i = 0; i < rule; i++)
		fb_buf_addc(b, '-');
	fb_buf_addc(b, '\n');
	pad(b, s->to, wdate, 0);
	fb_buf_addc(b, ' ');
	t = fb_xasprintf("Closing balance %s", cur);
	pad(b, t, wkind + wref + wamt + 2, 0);
	free(t);
	fb_buf_addc(b, ' ');
	t = fb_money_format_human(s->closing, cur);
	pad(b, t, wbal, 1);
	free(t);
	rstrip_nl(b);

	/* The aging: the buckets less the credit are the closing balance. */
	fb_buf_addf(b, "\nAging on %s:\n", s->to);
	for (int i = 0; i < FB_AGE_N; i++)
		money[i] = fb_money_format_human(s->aging[i], cur);
	money[FB_AGE_N] = fb_money_format_human(-s->credit, cur);
	money[FB_AGE_N + 1] = fb_money_format_human(s->closing, cur);
	for (size_t i = 0; i < FB_AGE_N + 2; i++) {
		size_t w = fb_utf8_width(money[i]) > fb_utf8_width(heads[i]) ?
		    fb_utf8_width(money[i]) : fb_utf8_width(heads[i]);

		if (i > 0)
			fb_buf_adds(b, "  ");
		pad(b, heads[i], w, 1);
	}
	rstrip_nl(b);
	for (size_t i = 0; i < FB_AGE_N + 2; i++) {
		size_t w = fb_utf8_width(money[i]) > fb_utf8_width(heads[i]) ?
		    fb_utf8_width(money[i]) : fb_utf8_width(heads[i]);

		if (i > 0)
			fb_buf_adds(b, "  ");
		pad(b, money[i], w, 1);
		free(money[i]);
	}
	rstrip_nl(b);
}

int
fb_statement_txt(const struct fb_statement *v, size_t n, FILE *fp, struct fb_err *err)
{
	struct fb_buf b = FB_BUF_INIT;
	int rc = 0;

	fb_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fb_buf_adds(&b, "\n\f\n");
		txt_one(&b, &v[i]);
	}
	if (fwrite(b.buf, 1, b.len, fp) != b.len || fflush(fp) == EOF)
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write statement: %s", strerror(errno));
	fb_buf_release(&b);
	return rc;
}

struct csvout {
	FILE *fp;
	int first, failed;
};

static void
csv_text(struct csvout *o, const char *s)
{
	const char *t = s ? s : "";
	char *safe = fb_export_safe_cell(t);

	if (!o->first && fputc(',', o->fp) == EOF)
		o->failed = 1;
	o->first = 0;
	if (csv_fwrite(o->fp, safe, strlen(safe)) != 0)
		o->failed = 1;
	if (safe != t)
		free(safe);
}

/* A number cell; takes s (NULL: empty). */
static void
csv_num(struct csvout *o, char *s)
{
	if (!o->first && fputc(',', o->fp) == EOF)
		o->failed = 1;
	o->first = 0;
	if (s != NULL && fputs(s, o->fp) == EOF)
		o->failed = 1;
	free(s);
}

static void
csv_end(struct csvout *o)
{
	if (fputc('\n', o->fp) == EOF)
		o->failed = 1;
	o->first = 1;
}

static void
csv_row(struct csvout *o, const char *date, const char *kind, const char *ref,
	const int64_t *amount, int64_t balance, const char *cur)
{
	csv_text(o, date);
	csv_text(o, kind);
	csv_text(o, ref);
	csv_num(o, amount ? fb_money_format(*amount, cur) : NULL);
	csv_num(o, fb_money_format(balance, cur));
	csv_text(o, cur);
	csv_end(o);
}

int
fb_statement_csv(const struct fb_statement *v, size_t n, FILE *fp, struct fb_err *err)
{
	struct csvout o = { fp, 1, 0 };

	if (fputs("date,kind,ref,amount,balance,currency\n", fp) == EOF)
		o.failed = 1;
	for (size_t i = 0; i < n; i++) {
		const struct fb_statement *s = &v[i];

		csv_row(&o, s->from, "opening", NULL, NULL, s->opening, s->currency);
		for (size_t k = 0; k < s->nlines; k++) {
			const struct fb_statement_line *l = &s->lines[k];

			csv_row(&o, l->date, l->kind, l->ref, &l->amount, l->balance, s->currency);
		}
		csv_row(&o, s->to, "closing", NULL, NULL, s->closing, s->currency);
	}
	if (o.failed || fflush(fp) == EOF)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write statement: %s", strerror(errno));
	return 0;
}

struct fb_json *
fb_statement_json(const struct fb_statement *v, size_t n)
{
	static const char *const keys[FB_AGE_N] = {
		"current", "d1_30", "d31_60", "d61_90", "d91_plus"
	};
	struct fb_json *arr = n == 1 ? NULL : fb_json_array();

	for (size_t i = 0; i < n; i++) {
		const struct fb_statement *s = &v[i];
		const char *cur = s->currency;
		struct fb_json *o = fb_json_object(), *lines = fb_json_array(),
		    *aging = fb_json_object();

		fb_json_set_str(o, "client", s->client);
		fb_json_set_str(o, "from", s->from);
		fb_json_set_str(o, "to", s->to);
		fb_json_set_str(o, "currency", cur);
		fb_json_set_money(o, "opening", s->opening, cur);
		for (size_t k = 0; k < s->nlines; k++) {
			const struct fb_statement_line *l = &s->lines[k];
			struct fb_json *j = fb_json_object();

			fb_json_set_str(j, "date", l->date);
			fb_json_set_str(j, "kind", l->kind);
			fb_json_set_str(j, "ref", l->ref);
			fb_json_set_money(j, "amount", l->amount, cur);
			fb_json_set_money(j, "balance", l->balance, cur);
			fb_json_push(lines, j);
		}
		fb_json_set(o, "lines", lines);
		fb_json_set_money(o, "closing", s->closing, cur);
		for (int a = 0; a < FB_AGE_N; a++)
			fb_json_set_money(aging, keys[a], s->aging[a], cur);
		/* As in report aging: negative, so the aging adds up to the closing balance. */
		fb_json_set_money(aging, "credit", -s->credit, cur);
		fb_json_set(o, "aging", aging);
		if (arr == NULL)
			return o;
		fb_json_push(arr, o);
	}
	return arr;
}
