/*
 * test-einvoice.c - lib/einvoice.c: an invoice as EN 16931 sees it.
 * Units and quantities, discounts as allowances per VAT group, a credit
 * note's signs, what is paid and due, the refusals and the missing
 * items of each profile.  (The XML itself is checked by the official
 * rules in tests/e2e/t2500-einvoice.sh.)
 */
#include <stdlib.h>
#include <string.h>

#include "einvoice.h"
#include "unit.h"

static struct fb_invoice_line *
line(struct fb_invoice *inv, const char *kind, const char *code, int64_t qty,
     int64_t price, int64_t amount)
{
	struct fb_invoice_line *l = fb_invoice_add_line(inv);

	l->job_id = 0;
	l->kind = strdup(kind);
	l->description = strdup(kind);
	l->tax_code = code ? strdup(code) : NULL;
	l->quantity = qty;
	l->unit_price = price;
	l->amount = amount;
	return l;
}

/*
 * INV-2026-00007 in EUR: labor 1h30m at 100.00 (VAT19), two parts at
 * 25.00 (VAT7), a discount of 15.00 spread over both (10.00 and 5.00).
 */
static void
sample(struct fb_invoice *inv)
{
	struct fb_invoice_line *l;

	fb_invoice_init(inv);
	inv->id = 7;
	inv->number = strdup("INV-2026-00007");
	inv->kind = strdup("invoice");
	inv->status = strdup("issued");
	inv->client_code = strdup("acme");
	inv->currency = strdup("EUR");
	inv->issue_date = strdup("2026-10-31");
	inv->due_date = strdup("2026-11-30");
	inv->terms = 30;
	inv->company_name = strdup("Fixit GmbH");
	inv->company_country = strdup("DE");
	inv->company_vat_id = strdup("DE123456789");
	inv->company_email = strdup("billing@fixit.example");
	inv->client_name = strdup("Acme");
	inv->client_country = strdup("FR");
	inv->client_vat_id = strdup("FR12345678901");
	inv->client_email = strdup("ap@acme.example");
	l = line(inv, "labor", "VAT19", 1500, 10000, 15000);
	l->billed_seconds = 5400;
	l->actual_seconds = 5000;
	line(inv, "part", "VAT7", 2000, 2500, 5000);
	line(inv, "discount", NULL, 1000, -1500, -1500);
	fb_invoice_add_tax(inv, "VAT19", "VAT19", "VAT", "S", 190000, 14000, 2660);
	fb_invoice_add_tax(inv, "VAT7", "VAT7", "Reduced VAT", "S", 70000, 4500, 315);
	inv->subtotal = 18500;
	inv->tax = 2975;
	inv->total = 21475;
	inv->paid = 10000;
	inv->balance = 11475;
}

static void
test_sample(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	struct fb_einv e;

	sample(&inv);
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), 0);
	CHECK_INT(e.credit, 0);
	CHECK_STR(e.spec_id, FB_EINV_ID_EN16931);
	CHECK_INT(e.nlines, 2);
	CHECK_STR(e.lines[0].unit, "HUR");
	CHECK_INT(e.lines[0].qty, 15000);	/* 1.5 hours, billed not actual */
	CHECK_INT(e.lines[0].price, 10000);
	CHECK_STR(e.lines[1].unit, "C62");
	CHECK_INT(e.lines[1].qty, 20000);	/* 2 pieces */
	CHECK_INT(e.nvats, 2);
	CHECK_INT(e.vats[0].rate, 190000);
	CHECK_INT(e.vats[0].net, 15000);
	CHECK_INT(e.vats[0].base, 14000);
	CHECK_INT(e.vats[1].base, 4500);
	/* The discount, as the tax bases took it: 10.00 and 5.00. */
	CHECK_INT(e.nallowances, 2);
	CHECK_INT(e.allowances[0].amount, 1000);
	CHECK_INT(e.allowances[1].amount, 500);
	CHECK_STR(e.allowances[0].reason, "discount");
	CHECK_INT(e.line_total, 20000);
	CHECK_INT(e.allowance_total, 1500);
	CHECK_INT(e.tax_exclusive, 18500);
	CHECK_INT(e.tax_total, 2975);
	CHECK_INT(e.total, 21475);
	CHECK_INT(e.paid, 10000);
	CHECK_INT(e.due, 11475);
	CHECK_STR(e.terms, "Net 30 days");
	fb_einv_release(&e);
	fb_invoice_release(&inv);
}

/* A credit note's lines are the invoice's negated: EN 16931 wants them positive. */
static void
test_credit(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	struct fb_einv e;

	sample(&inv);
	free(inv.kind);
	inv.kind = strdup("credit");
	inv.credit_of_number = strdup("INV-2026-00006");
	inv.ref = strdup("Ticket 88");	/* Peppol's buyer reference */
	for (size_t i = 0; i < inv.nlines; i++) {
		inv.lines[i].quantity = -inv.lines[i].quantity;
		inv.lines[i].amount = -inv.lines[i].amount;
	}
	for (size_t i = 0; i < inv.ntaxes; i++) {
		inv.taxes[i].base = -inv.taxes[i].base;
		inv.taxes[i].amount = -inv.taxes[i].amount;
	}
	inv.subtotal = -inv.subtotal;
	inv.tax = -inv.tax;
	inv.total = -inv.total;
	inv.balance = 0;
	CHECK_INT(fb_einv_build(&inv, FB_EINV_UBL, FB_EINV_PEPPOL, "ubl", &e, &err), 0);
	CHECK_INT(e.credit, 1);
	CHECK_INT(e.lines[0].amount, 15000);
	CHECK_INT(e.lines[0].qty, 15000);
	CHECK_INT(e.allowances[0].amount, 1000);
	CHECK_INT(e.total, 21475);
	CHECK_INT(e.paid, 0);
	CHECK_INT(e.due, 21475);
	CHECK_STR(e.terms, "Credit for invoice INV-2026-00006");
	fb_einv_release(&e);
	fb_invoice_release(&inv);
}

/* A line of a negative amount keeps a positive price: its quantity turns. */
static void
test_negative_line(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	struct fb_einv e;

	sample(&inv);
	line(&inv, "flat", "VAT19", 1000, -2000, -2000);
	inv.taxes[0].base -= 2000;
	inv.taxes[0].amount -= 380;
	inv.subtotal -= 2000;
	inv.tax -= 380;
	inv.total -= 2380;
	inv.balance -= 2380;
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), 0);
	CHECK_INT(e.lines[2].qty, -10000);
	CHECK_INT(e.lines[2].price, 2000);
	CHECK_INT(e.lines[2].amount, -2000);
	fb_einv_release(&e);
	fb_invoice_release(&inv);
}

static void
refused(struct fb_invoice *inv, const char *want)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_einv e;

	CHECK_INT(fb_einv_build(inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), -1);
	CHECK_INT(err.code, FB_ERR_REFUSED);
	CHECK_STR(err.msg, want);
	fb_err_release(&err);
	fb_einv_release(&e);
	fb_invoice_release(inv);
}

static void
test_refusals(void)
{
	struct fb_invoice inv;

	sample(&inv);
	fb_invoice_add_tax(&inv, "VAT7", "EXTRA", "Extra", "S", 10000, 4500, 0);
	refused(&inv, "cannot export 'INV-2026-00007' as cii: tax code 'VAT7' has several"
		" components; an EN 16931 line has one VAT rate");

	sample(&inv);
	strcpy(inv.taxes[1].category, "AE");
	refused(&inv, "cannot export 'INV-2026-00007' as cii: category AE (reverse charge) of"
		" tax code 'VAT7' is taxed at 7%; EN 16931 wants 0 there");

	sample(&inv);
	strcpy(inv.taxes[1].category, "O");
	inv.taxes[1].rate = 0;
	inv.taxes[1].amount = 0;
	inv.tax = 2660;
	inv.total = 18500 + 2660;
	refused(&inv, "cannot export 'INV-2026-00007' as cii: category O (not subject to VAT)"
		" cannot share an invoice with other VAT categories");

	sample(&inv);
	inv.taxes[0].rate = 0;
	refused(&inv, "cannot export 'INV-2026-00007' as cii: tax code 'VAT19' is standard"
		" rated (S) at 0%; EN 16931 wants more than 0 there, or category Z");

	sample(&inv);
	free(inv.currency);
	inv.currency = strdup("KWD");
	refused(&inv, "cannot export 'INV-2026-00007' as cii: EN 16931 amounts have at most"
		" 2 decimals; KWD has 3");
}

/* What each profile asks for on top of EN 16931. */
static void
test_missing(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	struct fb_einv e;

	sample(&inv);
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_XRECHNUNG, "cii", &e, &err), -1);
	CHECK_STR(err.msg, "cannot export 'INV-2026-00007' as cii: 7 items it needs are missing");
	CHECK_STR(err.hint, "an issued invoice keeps the details it was issued with: set them,"
		  " then 'fixbill invoice void INV-2026-00007' and invoice the work again");
	CHECK_INT(e.nmissing, 7);
	if (e.nmissing == 7) {
		CHECK_STR(e.missing[0], "BT-37 seller city: fixbill config set company.city CITY");
		CHECK_STR(e.missing[2], "BT-42 seller contact telephone number: fixbill config"
			  " set company.phone PHONE");
		CHECK_STR(e.missing[3], "BT-10 buyer reference: fixbill client edit acme"
			  " --buyer-ref REF");
		CHECK_STR(e.missing[6], "BT-84 payment account identifier: fixbill config set"
			  " company.iban IBAN");
	}
	fb_err_release(&err);
	fb_einv_release(&e);

	/* Peppol: a PO serves instead of a buyer reference. */
	CHECK_INT(fb_einv_build(&inv, FB_EINV_UBL, FB_EINV_PEPPOL, "ubl", &e, &err), -1);
	CHECK_INT(e.nmissing, 1);
	if (e.nmissing == 1)
		CHECK_STR(e.missing[0], "BT-10 buyer reference: fixbill client edit acme"
			  " --buyer-ref REF");
	fb_err_release(&err);
	fb_einv_release(&e);
	inv.ref = strdup("Ticket 88");
	CHECK_INT(fb_einv_build(&inv, FB_EINV_UBL, FB_EINV_PEPPOL, "ubl", &e, &err), 0);
	CHECK_STR(e.buyer_ref, "Ticket 88");
	fb_einv_release(&e);
	fb_invoice_release(&inv);

	/* Reverse charge: the buyer's VAT id; a draft: its number and date. */
	sample(&inv);
	strcpy(inv.taxes[0].category, "AE");
	strcpy(inv.taxes[1].category, "AE");
	inv.taxes[0].rate = inv.taxes[1].rate = 0;
	inv.taxes[0].amount = inv.taxes[1].amount = 0;
	inv.tax = 0;
	inv.total = inv.subtotal;
	inv.balance = inv.total - inv.paid;
	free(inv.client_vat_id);
	inv.client_vat_id = NULL;
	free(inv.number);
	inv.number = NULL;
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), -1);
	CHECK_STR(err.msg, "cannot export 'draft 7' as cii: 3 items it needs are missing");
	CHECK(err.hint == NULL);
	CHECK_INT(e.nmissing, 3);
	if (e.nmissing == 3) {
		CHECK_STR(e.missing[0], "BT-1 invoice number: fixbill invoice issue 7");
		CHECK_STR(e.missing[2], "BT-48 buyer VAT identifier: fixbill client edit acme"
			  " --vat-id DE123456789");
	}
	fb_err_release(&err);
	fb_einv_release(&e);
	fb_invoice_release(&inv);
}

/* BR-CO-26: the seller named by its VAT id, else by a legal registration. */
static void
test_seller_identified(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	struct fb_einv e;

	/* A tax number will do for BR-S-02, not to name the seller. */
	sample(&inv);
	free(inv.company_vat_id);
	inv.company_vat_id = NULL;
	inv.company_tax_id = strdup("12/345/67890");
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), -1);
	CHECK_INT(e.nmissing, 1);
	if (e.nmissing == 1)
		CHECK_STR(e.missing[0], "BT-30 seller legal registration identifier: fixbill"
			  " config set company.legal_id ID");
	fb_err_release(&err);
	fb_einv_release(&e);
	inv.company_legal_id = strdup("HRB 12345 B");
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), 0);
	CHECK_STR(e.seller.legal_id, "HRB 12345 B");
	CHECK_STR(e.seller.tax_id, "12/345/67890");
	fb_einv_release(&e);
	fb_invoice_release(&inv);

	/* Not subject to VAT: no VAT id may name anyone, so the registration must. */
	sample(&inv);
	strcpy(inv.taxes[0].category, "O");
	strcpy(inv.taxes[1].category, "O");
	inv.taxes[0].rate = inv.taxes[1].rate = 0;
	inv.taxes[0].amount = inv.taxes[1].amount = 0;
	inv.tax = 0;
	inv.total = inv.subtotal;
	inv.balance = inv.total - inv.paid;
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), -1);
	CHECK_INT(e.nmissing, 1);
	if (e.nmissing == 1)
		CHECK_STR(e.missing[0], "BT-30 seller legal registration identifier: fixbill"
			  " config set company.legal_id ID");
	fb_err_release(&err);
	fb_einv_release(&e);
	inv.company_legal_id = strdup("HRB 12345 B");
	CHECK_INT(fb_einv_build(&inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err), 0);
	CHECK(e.seller.vat_id == NULL);
	CHECK(e.buyer.vat_id == NULL);
	fb_einv_release(&e);
	fb_invoice_release(&inv);
}

int
main(void)
{
	test_sample();
	test_credit();
	test_negative_line();
	test_refusals();
	test_missing();
	test_seller_identified();
	return unit_done();
}
