/*
 * einvoice.c - an invoice as EN 16931 sees it (einvoice.h).
 *
 * The figures are fixbill's own: each VAT group's base and tax are the
 * sums of the invoice's tax components of that category and rate, so
 * the e-invoice says what the PDF says.  A discount is a line before tax
 * whose share of each component's base pricing already decided; here it
 * becomes one allowance per VAT group, the group's net minus its base,
 * so the allowances add up to the discount and every group's base is its
 * net less its allowance, as the rules (BR-S-08 and the like) check.
 */
#include "einvoice.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "money.h"

/*
 * A tax component as the e-invoice reads it: the code it belongs to,
 * its VAT category and rate, base and tax, and the label documents
 * print (the exemption reason of an exempt category).
 */
struct vat_row {
	const char *code;
	char category[3];
	int64_t rate, base, amount;
	const char *label;
};

static int
is_discount(const struct fb_invoice_line *l)
{
	return l->kind != NULL && strcmp(l->kind, "discount") == 0;
}

/*
 * Where the buyer and the VAT categories come from: the client's
 * structured address, VAT id and buyer reference as the invoice keeps
 * them, and the tax components of the invoice, each with its code's VAT
 * category (SPEC section 11).  A line's code is its own, or for an
 * invoice made before tax codes TAX when it bore tax and NONE when not.
 */
static void
buyer_of(const struct fb_invoice *inv, struct fb_einv_party *b, const char **buyer_ref)
{
	memset(b, 0, sizeof(*b));
	b->name = inv->client_name;
	b->street = inv->client_street;
	b->city = inv->client_city;
	b->region = inv->client_region;
	b->postcode = inv->client_postcode;
	b->country = inv->client_country;
	b->vat_id = inv->client_vat_id;
	b->email = inv->client_email;
	*buyer_ref = inv->client_buyer_ref;
}

static const char *
line_code(const struct fb_invoice_line *l)
{
	return fb_invoice_line_code(l);
}

/* The invoice's tax components, one row each.  *rows is the caller's. */
static size_t
vat_rows(const struct fb_invoice *inv, struct vat_row **rows)
{
	*rows = fb_xcalloc(inv->ntaxes ? inv->ntaxes : 1, sizeof(**rows));
	for (size_t i = 0; i < inv->ntaxes; i++) {
		const struct fb_invoice_tax *t = &inv->taxes[i];
		struct vat_row *r = &(*rows)[i];

		r->code = t->code;
		snprintf(r->category, sizeof(r->category), "%s", t->category);
		r->rate = t->rate;
		r->base = t->base;
		r->amount = t->amount;
		r->label = t->name;
	}
	return inv->ntaxes;
}

/* VATEX codes of the categories that need an exemption reason. */
static const char *
vatex(const char *category)
{
	if (strcmp(category, "AE") == 0)
		return "VATEX-EU-AE";
	if (strcmp(category, "K") == 0)
		return "VATEX-EU-IC";
	if (strcmp(category, "G") == 0)
		return "VATEX-EU-G";
	if (strcmp(category, "O") == 0)
		return "VATEX-EU-O";
	return NULL;
}

static const char *
category_name(const char *c)
{
	static const char *const names[][2] = {
		{ "S", "standard rated" }, { "Z", "zero rated" }, { "E", "exempt from VAT" },
		{ "AE", "reverse charge" }, { "K", "intra-community supply" },
		{ "G", "export outside the EU" }, { "O", "not subject to VAT" },
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(names); i++)
		if (strcmp(names[i][0], c) == 0)
			return names[i][1];
	return "unknown";
}

static void
missing(struct fb_einv *e, const char *fmt, ...) FB_PRINTF(2, 3);

static void
missing(struct fb_einv *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	e->missing = fb_xrealloc(e->missing, (e->nmissing + 1) * sizeof(*e->missing));
	e->missing[e->nmissing++] = fb_xvasprintf(fmt, ap);
	va_end(ap);
}

static int
set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* Which categories the lines use. */
struct uses {
	int s, z, e, ae, k, g, o, n;
};

static void
check_data(struct fb_einv *e, const struct uses *u)
{
	const struct fb_invoice *inv = e->inv;
	const char *c = inv->client_code;
	int xr = e->profile == FB_EINV_XRECHNUNG, peppol = e->profile == FB_EINV_PEPPOL;

	if (inv->number == NULL) {
		missing(e, "BT-1 invoice number: fixbill invoice issue %lld", (long long)inv->id);
		missing(e, "BT-2 invoice issue date: fixbill invoice issue %lld", (long long)inv->id);
	}
	if (!set(e->seller.name))
		missing(e, "BT-27 seller name: fixbill config set company.name NAME");
	if (xr && !set(e->seller.city))
		missing(e, "BT-37 seller city: fixbill config set company.city CITY");
	if (xr && !set(e->seller.postcode))
		missing(e, "BT-38 seller post code: fixbill config set company.postcode POSTCODE");
	if (!set(e->seller.country))
		missing(e, "BT-40 seller country code: fixbill config set company.country DE");
	/*
	 * BR-S-02, BR-Z-02, BR-E-02, BR-AE-02: a VAT id or a tax registration
	 * id; BR-IC-02, BR-G-02: the VAT id itself.  Then BR-CO-26: a seller
	 * named by a VAT id or a legal registration id, the latter alone when
	 * the invoice may carry no VAT id (BR-O-02) or the seller has none.
	 */
	if ((((u->s || u->z || u->e || u->ae) && !set(e->seller.tax_id)) || u->k || u->g) &&
	    !set(e->seller.vat_id))
		missing(e, "BT-31 seller VAT identifier: fixbill config set company.vat_id"
			" DE123456789");
	else if (!set(e->seller.vat_id) && !set(e->seller.legal_id))
		missing(e, "BT-30 seller legal registration identifier: fixbill config set"
			" company.legal_id ID");
	if ((peppol || xr) && !set(e->seller.email))
		missing(e, "BT-34 seller electronic address: fixbill config set company.email"
			" EMAIL");
	if (xr && !set(e->seller.phone))
		missing(e, "BT-42 seller contact telephone number: fixbill config set"
			" company.phone PHONE");
	if (xr && !set(e->seller.email))
		missing(e, "BT-43 seller contact email address: fixbill config set"
			" company.email EMAIL");
	if ((xr || (peppol && e->order_ref == NULL)) && !set(e->buyer_ref))
		missing(e, "BT-10 buyer reference: fixbill client edit %s --buyer-ref REF", c);
	if (xr && !set(e->buyer.city))
		missing(e, "BT-52 buyer city: fixbill client edit %s --city CITY", c);
	if (xr && !set(e->buyer.postcode))
		missing(e, "BT-53 buyer post code: fixbill client edit %s --postcode POSTCODE", c);
	if (!set(e->buyer.country))
		missing(e, "BT-55 buyer country code: fixbill client edit %s --country DE", c);
	/* BR-AE-03 and BR-IC-03 (the buyer's legal registration id is not kept). */
	if ((u->ae || u->k) && !set(e->buyer.vat_id))
		missing(e, "BT-48 buyer VAT identifier: fixbill client edit %s --vat-id"
			" DE123456789", c);
	if ((peppol || xr) && !set(e->buyer.email))
		missing(e, "BT-49 buyer electronic address: fixbill client edit %s --email EMAIL",
			c);
	if (xr && !set(e->iban))
		missing(e, "BT-84 payment account identifier: fixbill config set company.iban"
			" IBAN");
}

/* The one PO of every job the invoice bills, or NULL. */
static char *
one_po(const struct fb_invoice *inv)
{
	const char *po = NULL;

	for (size_t i = 0; i < inv->njobs; i++) {
		const char *p = inv->jobs[i].po;

		if (!set(p) || (po != NULL && strcmp(po, p) != 0))
			return NULL;
		po = p;
	}
	return po ? fb_xstrdup(po) : NULL;
}

static size_t
find_vat(struct fb_einv *e, const char *category, int64_t rate)
{
	size_t i;

	for (i = 0; i < e->nvats; i++)
		if (strcmp(e->vats[i].category, category) == 0 && e->vats[i].rate == rate)
			return i;
	e->vats = fb_xrealloc(e->vats, (e->nvats + 1) * sizeof(*e->vats));
	memset(&e->vats[i], 0, sizeof(e->vats[i]));
	snprintf(e->vats[i].category, sizeof(e->vats[i].category), "%s", category);
	e->vats[i].rate = rate;
	e->nvats++;
	return i;
}

/* The row of line l's code; -1 when a code has no row, -2 when several. */
static int
row_of(const struct vat_row *rows, size_t n, const char *code)
{
	int found = -1;

	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].code, code) != 0)
			continue;
		if (found >= 0)
			return -2;
		found = (int)i;
	}
	return found;
}

static int
refuse(struct fb_einv *e, const char *format, struct fb_err *err, const char *why)
{
	char *name = fb_invoice_name(e->inv);

	fb_err_set(err, FB_ERR_REFUSED, "cannot export '%s' as %s: %s", name, format, why);
	free(name);
	return -1;
}

/* Lines, VAT groups and allowances, with e's signs. */
static int
build_lines(struct fb_einv *e, const char *format, struct uses *u, struct fb_err *err)
{
	const struct fb_invoice *inv = e->inv;
	int64_t sign = e->credit ? -1 : 1;
	struct vat_row *rows = NULL;
	size_t nrows = vat_rows(inv, &rows), *group;
	struct fb_buf reason = FB_BUF_INIT;
	char *why = NULL;
	int rc = -1;

	fb_buf_init(&reason);
	group = fb_xcalloc(nrows ? nrows : 1, sizeof(*group));
	for (size_t i = 0; i < nrows; i++) {
		const struct vat_row *r = &rows[i];
		struct fb_einv_vat *v;
		int zero = strcmp(r->category, "S") != 0;

		if (zero && r->rate != 0) {
			char *pc = fb_format_decimal(r->rate, 4);

			why = fb_xasprintf("category %s (%s) of tax code '%s' is taxed at %s%%;"
					   " EN 16931 wants 0 there", r->category,
					   category_name(r->category), r->code, pc);
			free(pc);
			goto out;
		}
		if (!zero && r->rate == 0) {
			why = fb_xasprintf("tax code '%s' is standard rated (S) at 0%%;"
					   " EN 16931 wants more than 0 there, or category Z",
					   r->code);
			goto out;
		}
		group[i] = find_vat(e, r->category, r->rate);
		v = &e->vats[group[i]];
		v->base += sign * r->base;
		v->tax += sign * r->amount;
		if (zero && strcmp(r->category, "Z") != 0) {
			v->reason = r->label;
			v->reason_code = vatex(r->category);
		}
	}
	for (size_t i = 0; i < inv->nlines; i++) {
		const struct fb_invoice_line *l = &inv->lines[i];
		struct fb_einv_line *el;
		const struct fb_invoice_job *j;
		int64_t amount = sign * l->amount, q;
		int r;

		if (is_discount(l)) {
			if (reason.len > 0)
				fb_buf_adds(&reason, "; ");
			fb_buf_adds(&reason, l->description ? l->description : "Discount");
			continue;
		}
		if ((r = row_of(rows, nrows, line_code(l))) < 0) {
			if (r == -2)
				why = fb_xasprintf("tax code '%s' has several components; an"
						   " EN 16931 line has one VAT rate", line_code(l));
			else
				why = fb_xasprintf("line %zu's tax code '%s' has no tax component",
						   i + 1, line_code(l));
			goto out;
		}
		e->lines = fb_xrealloc(e->lines, (e->nlines + 1) * sizeof(*e->lines));
		el = &e->lines[e->nlines++];
		memset(el, 0, sizeof(*el));
		el->src = l;
		el->name = fb_export_line_desc(l, inv->currency);
		if (l->job_id > 0 && (j = fb_invoice_job(inv, l->job_id)) != NULL)
			el->note = fb_export_job_title(j);
		if (fb_export_is_hours(l)) {
			el->unit = "HUR";
			/* Billed hours, to four decimals: exact for whole minutes of 0.25 h... */
			if (fb_muldiv_round(l->billed_seconds, 10000, 3600, &q) < 0)
				q = 0;
		} else {
			el->unit = "C62";
			q = (l->quantity < 0 ? -l->quantity : l->quantity) * 10;
		}
		if (q < 0)
			q = -q;
		el->amount = amount;
		el->price = amount == 0 ? 0 : l->unit_price < 0 ? -l->unit_price : l->unit_price;
		el->qty = amount < 0 ? -q : q;
		el->vat = group[r];
		e->vats[el->vat].net += amount;
		e->line_total += amount;
		u->s |= strcmp(rows[r].category, "S") == 0;
		u->z |= strcmp(rows[r].category, "Z") == 0;
		u->e |= strcmp(rows[r].category, "E") == 0;
		u->ae |= strcmp(rows[r].category, "AE") == 0;
		u->k |= strcmp(rows[r].category, "K") == 0;
		u->g |= strcmp(rows[r].category, "G") == 0;
		u->o |= strcmp(rows[r].category, "O") == 0;
	}
	/* BR-O-11..14: not subject to VAT is the whole invoice or nothing. */
	if (u->o && (u->s || u->z || u->e || u->ae || u->k || u->g)) {
		why = fb_xstrdup("category O (not subject to VAT) cannot share an invoice with"
				 " other VAT categories");
		goto out;
	}
	for (size_t i = 0; i < e->nvats; i++) {
		struct fb_einv_vat *v = &e->vats[i];
		struct fb_einv_allowance *a;

		v->allowance = v->net - v->base;
		e->tax_total += v->tax;
		if (v->allowance == 0)
			continue;
		e->allowances = fb_xrealloc(e->allowances,
					    (e->nallowances + 1) * sizeof(*e->allowances));
		a = &e->allowances[e->nallowances++];
		a->amount = v->allowance;
		a->reason = fb_xstrdup(reason.len ? reason.buf : "Discount");
		a->vat = i;
		e->allowance_total += v->allowance;
	}
	e->tax_exclusive = e->line_total - e->allowance_total;
	e->total = e->tax_exclusive + e->tax_total;
	if (e->tax_exclusive != sign * inv->subtotal || e->tax_total != sign * inv->tax ||
	    e->total != sign * inv->total) {
		char *name = fb_invoice_name(inv);

		fb_err_set(err, FB_ERR_RUNTIME, "cannot export '%s' as %s: its tax components"
			   " do not add up to its subtotal and tax", name, format);
		free(name);
		goto done;
	}
	rc = 0;
	goto done;
out:
	refuse(e, format, err, why);
done:
	free(why);
	free(rows);
	free(group);
	fb_buf_release(&reason);
	return rc;
}

/*
 * The one note (BT-22) Peppol allows: the invoice's note, a credit note's
 * reason, and the client's reference when the buyer reference is another.
 */
static char *
invoice_note(const struct fb_invoice *inv, const char *buyer_ref)
{
	struct fb_buf b = FB_BUF_INIT;

	fb_buf_init(&b);
	if (set(inv->ref) && (buyer_ref == NULL || strcmp(buyer_ref, inv->ref) != 0))
		fb_buf_addf(&b, "Your reference: %s", inv->ref);
	if (fb_export_is_credit(inv) && set(inv->void_reason))
		fb_buf_addf(&b, "%sReason: %s", b.len ? "\n" : "", inv->void_reason);
	if (set(inv->note))
		fb_buf_addf(&b, "%s%s", b.len ? "\n" : "", inv->note);
	if (b.len == 0) {
		fb_buf_release(&b);
		return NULL;
	}
	return fb_buf_detach(&b);
}

int
fb_einv_build(const struct fb_invoice *inv, enum fb_einv_syntax syntax,
	      enum fb_einv_profile profile, const char *format, struct fb_einv *e,
	      struct fb_err *err)
{
	struct uses u;
	int decimals;

	memset(e, 0, sizeof(*e));
	memset(&u, 0, sizeof(u));
	e->inv = inv;
	e->syntax = syntax;
	e->profile = profile;
	e->spec_id = profile == FB_EINV_XRECHNUNG ? FB_EINV_ID_XRECHNUNG :
	    profile == FB_EINV_PEPPOL ? FB_EINV_ID_PEPPOL : FB_EINV_ID_EN16931;
	e->credit = fb_export_is_credit(inv);
	if (fb_export_check(inv, err) < 0)
		return -1;
	if ((decimals = fb_currency_decimals(inv->currency)) > 2) {
		char *why = fb_xasprintf("EN 16931 amounts have at most 2 decimals; %s has %d",
					 inv->currency, decimals);

		refuse(e, format, err, why);
		free(why);
		return -1;
	}
	e->seller.name = inv->company_name;
	e->seller.street = inv->company_street;
	e->seller.city = inv->company_city;
	e->seller.postcode = inv->company_postcode;
	e->seller.country = inv->company_country;
	e->seller.vat_id = inv->company_vat_id;
	e->seller.tax_id = inv->company_tax_id;
	e->seller.legal_id = inv->company_legal_id;
	e->seller.email = inv->company_email;
	e->seller.phone = inv->company_phone;
	buyer_of(inv, &e->buyer, &e->buyer_ref);
	if (!set(e->buyer_ref))
		e->buyer_ref = inv->ref;
	e->order_ref = one_po(inv);
	e->iban = inv->company_iban;
	e->bic = inv->company_bic;
	if (inv->issue_date)
		e->issue_date = fb_xstrdup(inv->issue_date);
	if (inv->due_date && !e->credit)
		e->due_date = fb_xstrdup(inv->due_date);
	if (e->credit)
		e->terms = fb_xasprintf("Credit for invoice %s", set(inv->credit_of_number) ?
					inv->credit_of_number : "");
	else if (inv->terms >= 0)
		e->terms = fb_xasprintf("Net %lld days", (long long)inv->terms);
	for (size_t i = 0; i < inv->njobs; i++) {
		const struct fb_invoice_job *j = &inv->jobs[i];

		if (set(j->first_day) && (e->period_start == NULL ||
		    strcmp(j->first_day, e->period_start) < 0))
			e->period_start = j->first_day;
		if (set(j->last_day) && (e->period_end == NULL ||
		    strcmp(j->last_day, e->period_end) > 0))
			e->period_end = j->last_day;
	}
	e->note = invoice_note(inv, e->buyer_ref);
	/* When the service was done: its last day (BT-72). */
	e->delivery_date = e->period_end ? e->period_end : set(inv->through_day) ?
	    inv->through_day : inv->issue_date;
	if (build_lines(e, format, &u, err) < 0)
		return -1;
	e->intra_community = u.k;
	/* Not subject to VAT: no VAT identifiers at all (BR-O-02..04). */
	if (u.o) {
		e->seller.vat_id = NULL;
		e->buyer.vat_id = NULL;
	}
	/* A credit note refunds; an invoice asks for what is not paid yet. */
	if (e->credit) {
		e->paid = 0;
		e->due = e->total;
	} else if (strcmp(inv->status, "void") == 0) {
		e->paid = inv->paid;
		e->due = e->total - inv->paid;
	} else {
		e->paid = inv->total - inv->balance;
		e->due = inv->balance;
	}
	check_data(e, &u);
	if (e->nmissing > 0) {
		char *why = fb_xasprintf("%zu item%s it needs %s missing", e->nmissing,
					 e->nmissing == 1 ? "" : "s",
					 e->nmissing == 1 ? "is" : "are");

		refuse(e, format, err, why);
		free(why);
		if (inv->number != NULL && !e->credit)
			fb_err_hint(err, "an issued invoice keeps the details it was issued with:"
				    " set them, then 'fixbill invoice void %s' and invoice the"
				    " work again", inv->number);
		else if (inv->number != NULL)
			fb_err_hint(err, "a credit note keeps the details of the invoice it"
				    " cancels");
		return -1;
	}
	return 0;
}

void
fb_einv_release(struct fb_einv *e)
{
	for (size_t i = 0; i < e->nlines; i++) {
		free(e->lines[i].name);
		free(e->lines[i].note);
	}
	free(e->lines);
	free(e->vats);
	for (size_t i = 0; i < e->nallowances; i++)
		free(e->allowances[i].reason);
	free(e->allowances);
	for (size_t i = 0; i < e->nmissing; i++)
		free(e->missing[i]);
	free(e->missing);
	free(e->issue_date);
	free(e->due_date);
	free(e->terms);
	free(e->note);
	free(e->order_ref);
	memset(e, 0, sizeof(*e));
}
