/*
 * export_safe.c - keeping exported text from being read as a formula, and
 * the checks every invoice exporter makes before it writes anything.
 */
#include "export.h"

#include <string.h>

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
