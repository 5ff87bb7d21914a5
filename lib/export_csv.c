/*
 * export_csv.c - the invoice as CSV, one row per line under a header row,
 * for bookkeepers and scripts.  There is no totals row: every row is a
 * line, so a column sum is the subtotal.  Text cells are quoted by libcsv
 * and defused against formula injection; numbers are bare.
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "duration.h"
#include "money.h"

static const char *const csv_header[] = {
	"number", "date", "client", "client_name", "currency", "job", "kind",
	"class", "description", "actual_hours", "billed_hours", "quantity",
	"unit_price", "amount", "tax",
};

struct csvout {
	FILE *fp;
	int first;
	int failed;
};

static void
sep(struct csvout *o)
{
	if (!o->first && fputc(',', o->fp) == EOF)
		o->failed = 1;
	o->first = 0;
}

static void
text(struct csvout *o, const char *s)
{
	const char *t = s ? s : "";
	char *safe = fb_export_safe_cell(t);

	sep(o);
	if (csv_fwrite(o->fp, safe, strlen(safe)) != 0)
		o->failed = 1;
	if (safe != t)
		free(safe);
}

/* A number, or an empty cell for NULL; takes ownership of s. */
static void
number(struct csvout *o, char *s)
{
	sep(o);
	if (s != NULL && fputs(s, o->fp) == EOF)
		o->failed = 1;
	free(s);
}

static void
endrow(struct csvout *o)
{
	if (fputc('\n', o->fp) == EOF)
		o->failed = 1;
	o->first = 1;
}

int
fb_export_invoice_csv(const struct fb_invoice *inv, FILE *fp, struct fb_err *err)
{
	struct csvout o = { fp, 1, 0 };
	const char *cur = inv->currency;
	char *title;

	if (fb_export_check(inv, err) == -1)
		return -1;
	for (size_t i = 0; i < FB_ARRAY_SIZE(csv_header); i++)
		text(&o, csv_header[i]);
	endrow(&o);

	title = fb_export_title(inv);
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fb_invoice_line *l = &inv->lines[i];

		text(&o, title);
		text(&o, inv->issue_date);
		text(&o, inv->client_code);
		text(&o, inv->client_name);
		text(&o, cur);
		number(&o, l->job_id > 0 ?
		    fb_xasprintf("%lld", (long long)l->job_id) : NULL);
		text(&o, l->kind);
		text(&o, l->class);
		text(&o, l->description);
		number(&o, l->actual_seconds >= 0 ?
		    fb_duration_hours(l->actual_seconds) : NULL);
		number(&o, l->billed_seconds >= 0 ?
		    fb_duration_hours(l->billed_seconds) : NULL);
		number(&o, fb_format_decimal(l->quantity, 3));
		number(&o, fb_money_format(l->unit_price, cur));
		number(&o, fb_money_format(l->amount, cur));
		number(&o, fb_money_format(l->tax, cur));
		endrow(&o);
	}
	free(title);
	if (o.failed || fflush(fp) == EOF)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write invoice: %s",
				  strerror(errno));
	return 0;
}
