/*
 * export_safe.c - keeping exported text from being read as a formula, and
 * the checks every invoice exporter makes before it writes anything.
 */
#include "export.h"

#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"

char *
fb_export_safe_cell(const char *s)
{
	/*
	 * Spreadsheets run a cell starting with one of these as a formula
	 * (OWASP "CSV injection"); the apostrophe makes it plain text.
	 */
	if (s == NULL || s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL)
		return (char *)s;
	return fb_xasprintf("'%s", s);
}

int
fb_export_check(const struct fb_invoice *inv, struct fb_err *err)
{
	int64_t sum = 0, total;
	const char *name = inv->number;
	char idbuf[32];

	if (name == NULL) {
		snprintf(idbuf, sizeof(idbuf), "draft %lld", (long long)inv->id);
		name = idbuf;
	}
	if (inv->currency == NULL || fb_currency_decimals(inv->currency) < 0)
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot export '%s': unknown currency '%s'", name,
				  inv->currency ? inv->currency : "");
	for (size_t i = 0; i < inv->nlines; i++)
		if (fb_add_checked(sum, inv->lines[i].amount, &sum) == -1)
			return fb_err_set(err, FB_ERR_RUNTIME,
					  "cannot export '%s': amounts overflow", name);
	/* A document whose lines do not add up must never reach a client. */
	if (sum != inv->subtotal)
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot export '%s': lines sum to %lld, subtotal is %lld",
				  name, (long long)sum, (long long)inv->subtotal);
	if (fb_add_checked(inv->subtotal, inv->tax, &total) == -1 ||
	    total != inv->total)
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot export '%s': subtotal plus tax is not the total",
				  name);
	return 0;
}

char *
fb_export_title(const struct fb_invoice *inv)
{
	if (inv->number != NULL)
		return fb_xstrdup(inv->number);
	return fb_xasprintf("DRAFT %lld", (long long)inv->id);
}

int
fb_export_is_credit(const struct fb_invoice *inv)
{
	return inv->kind != NULL && strcmp(inv->kind, "credit") == 0;
}

int
fb_export_is_hours(const struct fb_invoice_line *l)
{
	return l->billed_seconds >= 0 && l->kind != NULL &&
	    (strcmp(l->kind, "labor") == 0 || strcmp(l->kind, "minimum") == 0);
}

char *
fb_export_line_desc(const struct fb_invoice_line *l, const char *cur)
{
	char *d, *m, *t;

	if (l->waived == 0 || l->billed_seconds < 0)
		return fb_xstrdup(l->description ? l->description : "");
	d = fb_duration_format(l->billed_seconds < 0 ? 0 : l->billed_seconds);
	m = fb_money_format_human(l->waived, cur);
	t = fb_xasprintf("%s (%s, %s waived)", l->description ? l->description : "", d, m);
	free(d);
	free(m);
	return t;
}

int
fb_export_tax_shown(const struct fb_invoice_tax *t)
{
	return t->rate != 0 || t->amount != 0;
}

char *
fb_export_tax_label(const struct fb_invoice_tax *t, const char *cur)
{
	char *r = fb_format_decimal(t->rate < 0 ? -t->rate : t->rate, 4), *b, *s;

	if (t->base == FB_TAX_BASE_UNKNOWN) {
		s = fb_xasprintf("%s %s%%", t->name, r);
		free(r);
		return s;
	}
	b = fb_money_format_human(t->base, cur);
	s = fb_xasprintf("%s %s%% on %s", t->name, r, b);
	free(r);
	free(b);
	return s;
}

char *
fb_export_job_title(const struct fb_invoice_job *j)
{
	return fb_xasprintf("Job %lld: %s", (long long)j->id, j->title ? j->title : "");
}

char *
fb_export_job_detail(const struct fb_invoice_job *j)
{
	struct fb_buf b = FB_BUF_INIT;

	fb_buf_init(&b);
	if (j->first_day != NULL) {
		fb_buf_adds(&b, j->first_day);
		if (j->last_day != NULL && strcmp(j->first_day, j->last_day) != 0)
			fb_buf_addf(&b, " to %s", j->last_day);
	}
	if (j->techs != NULL && *j->techs != '\0')
		fb_buf_addf(&b, "%s%s", b.len ? " \xc2\xb7 " : "", j->techs);
	if (j->po != NULL && *j->po != '\0')
		fb_buf_addf(&b, "%sPO %s", b.len ? " \xc2\xb7 " : "", j->po);
	if (b.len == 0) {
		fb_buf_release(&b);
		return NULL;
	}
	return fb_buf_detach(&b);
}

int
fb_export_service(const struct fb_invoice *inv, const char **label, char **value)
{
	if (inv->period != NULL) {
		*label = "Service period";
		*value = fb_xstrdup(inv->period);
		return 1;
	}
	if (inv->through_day != NULL) {
		*label = "Work through";
		*value = fb_xstrdup(inv->through_day);
		return 1;
	}
	return 0;
}

char *
fb_export_closing(const struct fb_invoice *inv)
{
	struct fb_buf b = FB_BUF_INIT;

	fb_buf_init(&b);
	if (inv->number == NULL)
		fb_buf_adds(&b, "Draft: not a valid invoice. The number and dates are set"
			    " when it is issued.");
	else if (fb_export_is_credit(inv)) {
		fb_buf_addf(&b, "This credit note %s", inv->number);
		if (inv->credit_of_number != NULL)
			fb_buf_addf(&b, " cancels invoice %s", inv->credit_of_number);
		fb_buf_adds(&b, ".");
		if (inv->void_reason != NULL && *inv->void_reason != '\0')
			fb_buf_addf(&b, " Reason: %s.", inv->void_reason);
		/* What the void did with what had been paid (SPEC section 10). */
		if (inv->credit_of_number != NULL && inv->credit_of_paid > 0) {
			char *m = fb_money_format_human(inv->credit_of_paid, inv->currency);

			fb_buf_addf(&b, " Payments of %s moved to account credit.", m);
			free(m);
		} else if (inv->credit_of_number != NULL)
			fb_buf_addf(&b, " No payment had been received on %s.",
				    inv->credit_of_number);
	} else if (inv->due_date != NULL)
		fb_buf_addf(&b, "Terms: net %lld days. Payment due by %s. Please quote %s"
			    " with your payment.", (long long)inv->terms, inv->due_date,
			    inv->number);
	if (b.len == 0) {
		fb_buf_release(&b);
		return NULL;
	}
	return fb_buf_detach(&b);
}

const struct fb_invoice_tax *
fb_export_taxes(const struct fb_invoice *inv, struct fb_invoice_tax *fallback, size_t *n)
{
	if (inv->ntaxes > 0) {
		*n = inv->ntaxes;
		return inv->taxes;
	}
	memset(fallback, 0, sizeof(*fallback));
	fallback->code = (char *)"TAX";
	fallback->component = (char *)"TAX";
	fallback->name = (char *)"Tax";
	strcpy(fallback->category, "S");
	fallback->rate = inv->tax_rate;
	fallback->base = FB_TAX_BASE_UNKNOWN;
	fallback->amount = inv->tax;
	*n = 1;
	return fallback;
}
