/*
 * invoice_doc.c - the in-memory invoice document: setting one up, adding
 * lines and freeing it.  Pricing and the database fill it; the exporters
 * only read it.
 */
#include "invoice.h"

#include <stdio.h>
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
		free(inv->lines[i].notes);
		free(inv->lines[i].tax_code);
	}
	free(inv->lines);
	for (size_t i = 0; i < inv->njobs; i++) {
		free(inv->jobs[i].title);
		free(inv->jobs[i].po);
		free(inv->jobs[i].first_day);
		free(inv->jobs[i].last_day);
		free(inv->jobs[i].techs);
	}
	free(inv->jobs);
	fb_invoice_clear_taxes(inv);
	free(inv->taxes);
	for (size_t i = 0; i < inv->npayments; i++) {
		free(inv->payments[i].kind);
		free(inv->payments[i].date);
		free(inv->payments[i].method);
		free(inv->payments[i].ref);
	}
	free(inv->payments);
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
	free(inv->client_street);
	free(inv->client_city);
	free(inv->client_region);
	free(inv->client_postcode);
	free(inv->client_country);
	free(inv->client_vat_id);
	free(inv->client_buyer_ref);
	free(inv->void_reason);
	free(inv->company_phone);
	free(inv->company_website);
	free(inv->company_street);
	free(inv->company_city);
	free(inv->company_postcode);
	free(inv->company_country);
	free(inv->company_vat_id);
	free(inv->company_iban);
	free(inv->company_bic);
	free(inv->company_legal_id);
	free(inv->ref);
	free(inv->note);
	free(inv->payment);
	free(inv->footer);
	free(inv->through_day);
	free(inv->logo);
	free(inv->font);
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

struct fb_invoice_job *
fb_invoice_add_job(struct fb_invoice *inv)
{
	struct fb_invoice_job *j;

	fb_xgrow(&inv->jobs, &inv->ajobs, inv->njobs + 1, sizeof(*inv->jobs));
	j = &inv->jobs[inv->njobs++];
	memset(j, 0, sizeof(*j));
	return j;
}

struct fb_invoice_tax *
fb_invoice_add_tax(struct fb_invoice *inv, const char *code, const char *component,
		   const char *name, const char *category, int64_t rate, int64_t base,
		   int64_t amount)
{
	struct fb_invoice_tax *t;

	fb_xgrow(&inv->taxes, &inv->ataxes, inv->ntaxes + 1, sizeof(*inv->taxes));
	t = &inv->taxes[inv->ntaxes++];
	memset(t, 0, sizeof(*t));
	t->code = fb_xstrdup(code);
	t->component = fb_xstrdup(component);
	t->name = fb_xstrdup(name ? name : component);
	snprintf(t->category, sizeof(t->category), "%s", category ? category : "S");
	t->rate = rate;
	t->base = base;
	t->amount = amount;
	return t;
}

const struct fb_invoice_job *
fb_invoice_job(const struct fb_invoice *inv, int64_t id)
{
	for (size_t i = 0; i < inv->njobs; i++)
		if (inv->jobs[i].id == id)
			return &inv->jobs[i];
	return NULL;
}

void
fb_invoice_clear_taxes(struct fb_invoice *inv)
{
	for (size_t i = 0; i < inv->ntaxes; i++) {
		free(inv->taxes[i].code);
		free(inv->taxes[i].component);
		free(inv->taxes[i].name);
	}
	inv->ntaxes = 0;
}

const char *
fb_invoice_line_code(const struct fb_invoice_line *l)
{
	if (l->tax_code)
		return l->tax_code;
	if (l->kind && strcmp(l->kind, "discount") == 0)
		return NULL;
	return l->tax != 0 ? "TAX" : "NONE";
}
