/*
 * invoice_doc.c - the in-memory invoice document: setting one up, adding
 * lines and freeing it.  Pricing and the database fill it; the exporters
 * only read it.
 */
#include "invoice.h"

#include <stdlib.h>
#include <string.h>

void
fb_invoice_init(struct fb_invoice *inv)
{
	memset(inv, 0, sizeof(*inv));
}

void
fb_invoice_release(struct fb_invoice *inv)
{
	for (size_t i = 0; i < inv->nlines; i++) {
		free(inv->lines[i].kind);
		free(inv->lines[i].class);
		free(inv->lines[i].description);
	}
	free(inv->lines);
	free(inv->number);
	free(inv->kind);
	free(inv->status);
	free(inv->client_code);
	free(inv->currency);
	free(inv->issue_date);
	free(inv->due_date);
	free(inv->credit_of_number);
	free(inv->period);
	free(inv->company_name);
	free(inv->company_address);
	free(inv->company_email);
	free(inv->company_tax_id);
	free(inv->client_name);
	free(inv->client_address);
	free(inv->client_email);
	free(inv->client_tax_id);
	free(inv->void_reason);
	fb_invoice_init(inv);
}

struct fb_invoice_line *
fb_invoice_add_line(struct fb_invoice *inv)
{
	struct fb_invoice_line *l;

	fb_xgrow(&inv->lines, &inv->alines, inv->nlines + 1, sizeof(*inv->lines));
	l = &inv->lines[inv->nlines++];
	memset(l, 0, sizeof(*l));
	l->actual_seconds = -1;
	l->billed_seconds = -1;
	return l;
}
