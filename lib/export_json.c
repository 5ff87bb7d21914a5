/*
 * export_json.c - the invoice as the SPEC section 9 JSON document, the
 * shape `invoice show --json` and `invoice export --format json` print.
 */
#include "export.h"

#include <stdlib.h>

#include "money.h"

static void
set_decimal(struct fb_json *o, const char *key, int64_t v, int scale)
{
	char *s = fb_format_decimal(v, scale);

	fb_json_set_str(o, key, s);
	free(s);
}

static void
set_seconds(struct fb_json *o, const char *key, int64_t secs)
{
	if (secs < 0)
		fb_json_set_null(o, key);
	else
		fb_json_set_int(o, key, secs);
}

static struct fb_json *
party(int with_code, const char *code, const char *name, const char *address,
      const char *email, const char *tax_id)
{
	struct fb_json *o = fb_json_object();

	if (with_code)
		fb_json_set_str(o, "code", code);
	fb_json_set_str(o, "name", name);
	fb_json_set_str(o, "address", address);
	fb_json_set_str(o, "email", email);
	fb_json_set_str(o, "tax_id", tax_id);
	return o;
}

static struct fb_json *
line_json(const struct fb_invoice_line *l, size_t pos, const char *cur)
{
	struct fb_json *o = fb_json_object();

	fb_json_set_int(o, "line", (int64_t)pos);

	if (l->job_id > 0)
		fb_json_set_int(o, "job", l->job_id);
	else
		fb_json_set_null(o, "job");
	fb_json_set_str(o, "kind", l->kind);
	fb_json_set_str(o, "class", l->class);
	fb_json_set_str(o, "description", l->description);
	set_seconds(o, "actual_seconds", l->actual_seconds);
	set_seconds(o, "billed_seconds", l->billed_seconds);
	set_decimal(o, "quantity", l->quantity, 3);
	fb_json_set_money(o, "unit_price", l->unit_price, cur);
	fb_json_set_money(o, "amount", l->amount, cur);
	fb_json_set_money(o, "tax", l->tax, cur);
	fb_json_set_money(o, "waived", l->waived, cur);
	fb_json_set_bool(o, "added", l->extra_id != 0);
	fb_json_set_str(o, "notes", l->notes);
	fb_json_set_str(o, "tax_code", fb_invoice_line_code(l));
	return o;
}

static struct fb_json *
job_json(const struct fb_invoice_job *j)
{
	struct fb_json *o = fb_json_object();

	fb_json_set_int(o, "job", j->id);
	fb_json_set_str(o, "title", j->title);
	fb_json_set_str(o, "po", j->po);
	fb_json_set_str(o, "first_day", j->first_day);
	fb_json_set_str(o, "last_day", j->last_day);
	fb_json_set_str(o, "techs", j->techs);
	return o;
}

/* One object per tax component: SPEC section 11's taxes array. */
static struct fb_json *
taxes_json(const struct fb_invoice *inv)
{
	struct fb_json *arr = fb_json_array();
	struct fb_invoice_tax fallback;
	size_t n;
	const struct fb_invoice_tax *ts = fb_export_taxes(inv, &fallback, &n);

	for (size_t i = 0; i < n; i++) {
		const struct fb_invoice_tax *t = &ts[i];
		struct fb_json *o = fb_json_object();

		fb_json_set_str(o, "code", t->code);
		fb_json_set_str(o, "component", t->component);
		fb_json_set_str(o, "name", t->name);
		fb_json_set_str(o, "category", t->category);
		set_decimal(o, "rate", t->rate, 4);
		if (t->base == FB_TAX_BASE_UNKNOWN)
			fb_json_set_null(o, "base");
		else
			fb_json_set_money(o, "base", t->base, inv->currency);
		fb_json_set_money(o, "amount", t->amount, inv->currency);
		fb_json_push(arr, o);
	}
	return arr;
}

struct fb_json *
fb_export_invoice_json(const struct fb_invoice *inv)
{
	struct fb_json *o = fb_json_object(), *lines, *pays, *client;
	const char *cur = inv->currency;

	fb_json_set_int(o, "id", inv->id);
	fb_json_set_str(o, "number", inv->number);
	fb_json_set_str(o, "kind", inv->kind);
	fb_json_set_str(o, "status", inv->status);
	fb_json_set_str(o, "client", inv->client_code);
	fb_json_set_str(o, "currency", cur);
	fb_json_set_str(o, "issue_date", inv->issue_date);
	fb_json_set_str(o, "due_date", inv->due_date);
	fb_json_set_int(o, "terms", inv->terms);
	/* Invoices are named by number; the id is there for drafts. */
	fb_json_set_str(o, "credit_of", inv->credit_of ? inv->credit_of_number : NULL);
	fb_json_set_str(o, "period", inv->period);
	fb_json_set_str(o, "void_reason", inv->void_reason);
	set_decimal(o, "tax_rate", inv->tax_rate, 4);
	fb_json_set(o, "company", party(0, NULL, inv->company_name,
	    inv->company_address, inv->company_email, inv->company_tax_id));
	client = party(1, inv->client_code, inv->client_name, inv->client_address,
		       inv->client_email, inv->client_tax_id);
	fb_json_set_str(client, "street", inv->client_street);
	fb_json_set_str(client, "city", inv->client_city);
	fb_json_set_str(client, "region", inv->client_region);
	fb_json_set_str(client, "postcode", inv->client_postcode);
	fb_json_set_str(client, "country", inv->client_country);
	fb_json_set_str(client, "vat_id", inv->client_vat_id);
	fb_json_set_str(client, "buyer_ref", inv->client_buyer_ref);
	fb_json_set(o, "client_details", client);

	fb_json_set_str(o, "ref", inv->ref);
	fb_json_set_str(o, "note", inv->note);
	fb_json_set_str(o, "through", inv->through_day);
	lines = fb_json_array();
	for (size_t i = 0; i < inv->njobs; i++)
		fb_json_push(lines, job_json(&inv->jobs[i]));
	fb_json_set(o, "jobs", lines);
	lines = fb_json_array();
	for (size_t i = 0; i < inv->nlines; i++)
		fb_json_push(lines, line_json(&inv->lines[i], i + 1, cur));
	fb_json_set(o, "lines", lines);
	fb_json_set(o, "taxes", taxes_json(inv));
	fb_json_set_money(o, "subtotal", inv->subtotal, cur);
	fb_json_set_money(o, "tax", inv->tax, cur);
	fb_json_set_money(o, "total", inv->total, cur);
	fb_json_set_money(o, "paid", inv->paid, cur);
	fb_json_set_money(o, "balance", inv->balance, cur);
	pays = fb_json_array();
	for (size_t i = 0; i < inv->npayments; i++) {
		const struct fb_invoice_payment *y = &inv->payments[i];
		struct fb_json *p = fb_json_object();

		fb_json_set_int(p, "id", y->id);
		fb_json_set_str(p, "date", y->date);
		fb_json_set_money(p, "amount", y->amount, cur);
		fb_json_set_str(p, "method", y->method);
		fb_json_set_str(p, "ref", y->ref);
		fb_json_set_str(p, "kind", y->kind);
		fb_json_push(pays, p);
	}
	fb_json_set(o, "payments", pays);
	/* A credit note: what its void moved from the invoice to the client's credit. */
	if (fb_export_is_credit(inv))
		fb_json_set_money(o, "moved_to_credit", inv->credit_of_paid, cur);
	else
		fb_json_set_null(o, "moved_to_credit");
	return o;
}
