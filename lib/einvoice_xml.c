/*
 * einvoice_xml.c - the XML of an e-invoice: UN/CEFACT CII D16B (the
 * Factur-X EN 16931 profile, or XRechnung) and UBL 2.1 (Peppol BIS
 * Billing 3.0, or XRechnung), written by libxml2's text writer from a
 * struct fb_einv, which has already checked that everything is there.
 *
 * Elements follow the order of each syntax's schema; an element whose
 * value is not set is left out, never written empty.  Amounts carry the
 * currency's decimals, quantities up to four, percentages up to four.
 */
#include "einvoice.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "lazy_xml.h"
#include "money.h"

struct xw {
	xmlTextWriterPtr w;
	xmlBufferPtr buf;
	int failed;
	const char *cur;
};

static const xmlChar *
X(const char *s)
{
	return (const xmlChar *)s;
}

static void
start(struct xw *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, X(name)) < 0)
		x->failed = 1;
}

static void
end(struct xw *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->failed = 1;
}

static void
attr(struct xw *x, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(x->w, X(name), X(value)) < 0)
		x->failed = 1;
}

static void
text(struct xw *x, const char *s)
{
	if (xmlTextWriterWriteString(x->w, X(s)) < 0)
		x->failed = 1;
}

/* <name>s</name>, or nothing when s is NULL or empty. */
static void
el(struct xw *x, const char *name, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	start(x, name);
	text(x, s);
	end(x);
}

/* <name attr="v">s</name>. */
static void
el_attr(struct xw *x, const char *name, const char *an, const char *av, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	start(x, name);
	attr(x, an, av);
	text(x, s);
	end(x);
}

static void
money(struct xw *x, const char *name, int64_t v, int with_currency)
{
	char *s = fb_money_format(v, x->cur);

	start(x, name);
	if (with_currency)
		attr(x, "currencyID", x->cur);
	text(x, s);
	end(x);
	free(s);
}

static void
decimal(struct xw *x, const char *name, int64_t v, int scale)
{
	char *s = fb_format_decimal(v, scale);

	el(x, name, s);
	free(s);
}

/* The first, second or third line of a street. */
static char *
street_line(const char *street, int n)
{
	const char *p = street;

	if (p == NULL)
		return NULL;
	for (int i = 0; i < n; i++) {
		if ((p = strchr(p, '\n')) == NULL)
			return NULL;
		p++;
	}
	return fb_xstrndup(p, strcspn(p, "\n"));
}

static int
xw_open(struct xw *x, const struct fb_einv *e, struct fb_err *err)
{
	memset(x, 0, sizeof(*x));
	if (fb_lazy_xml(err) < 0)
		return -1;
	x->cur = e->inv->currency;
	if ((x->buf = xmlBufferCreate()) == NULL ||
	    (x->w = xmlNewTextWriterMemory(x->buf, 0)) == NULL) {
		if (x->buf)
			xmlBufferFree(x->buf);
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write XML: out of memory");
	}
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, X("  "));
	if (xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
		x->failed = 1;
	return 0;
}

static int
xw_close(struct xw *x, char **xml, size_t *len, struct fb_err *err)
{
	int rc = 0;

	if (xmlTextWriterEndDocument(x->w) < 0 || xmlTextWriterFlush(x->w) < 0)
		x->failed = 1;
	xmlFreeTextWriter(x->w);
	if (x->failed)
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write XML: libxml2 failed");
	else {
		*len = (size_t)xmlBufferLength(x->buf);
		*xml = fb_xstrndup((const char *)xmlBufferContent(x->buf), *len);
	}
	xmlBufferFree(x->buf);
	return rc;
}

static int
has_rate(const char *category)
{
	return strcmp(category, "O") != 0;
}

/* ---- CII ---- */

static void
cii_date(struct xw *x, const char *name, const char *d102, const char *ns)
{
	char *tag = fb_xasprintf("%s:DateTimeString", ns);

	start(x, name);
	start(x, tag);
	attr(x, "format", "102");
	text(x, d102);
	end(x);
	end(x);
	free(tag);
}

static char *
d102(const char *iso)
{
	char *s = fb_xmalloc(9), *q = s;

	for (; *iso && q < s + 8; iso++)
		if (*iso != '-')
			*q++ = *iso;
	*q = '\0';
	return s;
}

static void
cii_party(struct xw *x, const char *name, const struct fb_einv_party *p, int seller,
	  const struct fb_einv *e)
{
	char *l1 = street_line(p->street, 0), *l2 = street_line(p->street, 1),
	    *l3 = street_line(p->street, 2);

	start(x, name);
	el(x, "ram:Name", p->name);
	if (seller && p->legal_id && *p->legal_id) {
		start(x, "ram:SpecifiedLegalOrganization");
		el(x, "ram:ID", p->legal_id);
		end(x);
	}
	if (seller && (e->profile == FB_EINV_XRECHNUNG || p->phone || p->email)) {
		start(x, "ram:DefinedTradeContact");
		if (e->profile == FB_EINV_XRECHNUNG)
			el(x, "ram:PersonName", p->name);
		if (p->phone && *p->phone) {
			start(x, "ram:TelephoneUniversalCommunication");
			el(x, "ram:CompleteNumber", p->phone);
			end(x);
		}
		if (p->email && *p->email) {
			start(x, "ram:EmailURIUniversalCommunication");
			el(x, "ram:URIID", p->email);
			end(x);
		}
		end(x);
	}
	start(x, "ram:PostalTradeAddress");
	el(x, "ram:PostcodeCode", p->postcode);
	el(x, "ram:LineOne", l1);
	el(x, "ram:LineTwo", l2);
	el(x, "ram:LineThree", l3);
	el(x, "ram:CityName", p->city);
	el(x, "ram:CountryID", p->country);
	el(x, "ram:CountrySubDivisionName", p->region);
	end(x);
	if (p->email && *p->email) {
		start(x, "ram:URIUniversalCommunication");
		el_attr(x, "ram:URIID", "schemeID", "EM", p->email);
		end(x);
	}
	if (p->vat_id && *p->vat_id) {
		start(x, "ram:SpecifiedTaxRegistration");
		el_attr(x, "ram:ID", "schemeID", "VA", p->vat_id);
		end(x);
	}
	if (seller && p->tax_id && *p->tax_id &&
	    (p->vat_id == NULL || strcmp(p->vat_id, p->tax_id) != 0)) {
		start(x, "ram:SpecifiedTaxRegistration");
		el_attr(x, "ram:ID", "schemeID", "FC", p->tax_id);
		end(x);
	}
	end(x);
	free(l1);
	free(l2);
	free(l3);
}

static void
cii_tax_category(struct xw *x, const struct fb_einv_vat *v)
{
	el(x, "ram:TypeCode", "VAT");
	el(x, "ram:CategoryCode", v->category);
	if (has_rate(v->category))
		decimal(x, "ram:RateApplicablePercent", v->rate, 4);
}

static void
cii_line(struct xw *x, const struct fb_einv *e, const struct fb_einv_line *l, size_t n)
{
	char id[32];
	char *q = fb_format_decimal(l->qty, 4);

	snprintf(id, sizeof(id), "%zu", n);
	start(x, "ram:IncludedSupplyChainTradeLineItem");
	start(x, "ram:AssociatedDocumentLineDocument");
	el(x, "ram:LineID", id);
	if (l->note) {
		start(x, "ram:IncludedNote");
		el(x, "ram:Content", l->note);
		end(x);
	}
	end(x);
	start(x, "ram:SpecifiedTradeProduct");
	el(x, "ram:Name", l->name);
	end(x);
	start(x, "ram:SpecifiedLineTradeAgreement");
	start(x, "ram:NetPriceProductTradePrice");
	money(x, "ram:ChargeAmount", l->price, 0);
	end(x);
	end(x);
	start(x, "ram:SpecifiedLineTradeDelivery");
	el_attr(x, "ram:BilledQuantity", "unitCode", l->unit, q);
	end(x);
	start(x, "ram:SpecifiedLineTradeSettlement");
	start(x, "ram:ApplicableTradeTax");
	cii_tax_category(x, &e->vats[l->vat]);
	end(x);
	start(x, "ram:SpecifiedTradeSettlementLineMonetarySummation");
	money(x, "ram:LineTotalAmount", l->amount, 0);
	end(x);
	end(x);
	end(x);
	free(q);
}

static void
cii_period(struct xw *x, const struct fb_einv *e)
{
	char *s;

	if (e->period_start == NULL && e->period_end == NULL)
		return;
	start(x, "ram:BillingSpecifiedPeriod");
	if (e->period_start) {
		s = d102(e->period_start);
		cii_date(x, "ram:StartDateTime", s, "udt");
		free(s);
	}
	if (e->period_end) {
		s = d102(e->period_end);
		cii_date(x, "ram:EndDateTime", s, "udt");
		free(s);
	}
	end(x);
}

int
fb_einv_write_cii(const struct fb_einv *e, char **xml, size_t *len, struct fb_err *err)
{
	const struct fb_invoice *inv = e->inv;
	struct xw x;

	if (xw_open(&x, e, err) < 0)
		return -1;
	start(&x, "rsm:CrossIndustryInvoice");
	attr(&x, "xmlns:rsm", "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
	attr(&x, "xmlns:qdt", "urn:un:unece:uncefact:data:standard:QualifiedDataType:100");
	attr(&x, "xmlns:ram", "urn:un:unece:uncefact:data:standard:"
	     "ReusableAggregateBusinessInformationEntity:100");
	attr(&x, "xmlns:udt", "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");

	start(&x, "rsm:ExchangedDocumentContext");
	start(&x, "ram:GuidelineSpecifiedDocumentContextParameter");
	el(&x, "ram:ID", e->spec_id);
	end(&x);
	end(&x);

	start(&x, "rsm:ExchangedDocument");
	el(&x, "ram:ID", inv->number);
	el(&x, "ram:TypeCode", e->credit ? "381" : "380");
	{
		char *d = d102(e->issue_date);

		cii_date(&x, "ram:IssueDateTime", d, "udt");
		free(d);
	}
	if (e->note) {
		start(&x, "ram:IncludedNote");
		el(&x, "ram:Content", e->note);
		end(&x);
	}
	end(&x);

	start(&x, "rsm:SupplyChainTradeTransaction");
	for (size_t i = 0; i < e->nlines; i++)
		cii_line(&x, e, &e->lines[i], i + 1);

	start(&x, "ram:ApplicableHeaderTradeAgreement");
	el(&x, "ram:BuyerReference", e->buyer_ref);
	cii_party(&x, "ram:SellerTradeParty", &e->seller, 1, e);
	cii_party(&x, "ram:BuyerTradeParty", &e->buyer, 0, e);
	if (e->order_ref) {
		start(&x, "ram:BuyerOrderReferencedDocument");
		el(&x, "ram:IssuerAssignedID", e->order_ref);
		end(&x);
	}
	end(&x);

	start(&x, "ram:ApplicableHeaderTradeDelivery");
	if (e->intra_community) {
		start(&x, "ram:ShipToTradeParty");
		start(&x, "ram:PostalTradeAddress");
		el(&x, "ram:CountryID", e->buyer.country);
		end(&x);
		end(&x);
	}
	if (e->delivery_date) {
		char *d = d102(e->delivery_date);

		start(&x, "ram:ActualDeliverySupplyChainEvent");
		cii_date(&x, "ram:OccurrenceDateTime", d, "udt");
		end(&x);
		free(d);
	}
	end(&x);

	start(&x, "ram:ApplicableHeaderTradeSettlement");
	el(&x, "ram:InvoiceCurrencyCode", inv->currency);
	if (e->iban && *e->iban) {
		start(&x, "ram:SpecifiedTradeSettlementPaymentMeans");
		el(&x, "ram:TypeCode", "58");
		start(&x, "ram:PayeePartyCreditorFinancialAccount");
		el(&x, "ram:IBANID", e->iban);
		end(&x);
		if (e->bic && *e->bic) {
			start(&x, "ram:PayeeSpecifiedCreditorFinancialInstitution");
			el(&x, "ram:BICID", e->bic);
			end(&x);
		}
		end(&x);
	}
	for (size_t i = 0; i < e->nvats; i++) {
		const struct fb_einv_vat *v = &e->vats[i];

		start(&x, "ram:ApplicableTradeTax");
		money(&x, "ram:CalculatedAmount", v->tax, 0);
		el(&x, "ram:TypeCode", "VAT");
		el(&x, "ram:ExemptionReason", v->reason);
		money(&x, "ram:BasisAmount", v->base, 0);
		el(&x, "ram:CategoryCode", v->category);
		el(&x, "ram:ExemptionReasonCode", v->reason_code);
		if (has_rate(v->category))
			decimal(&x, "ram:RateApplicablePercent", v->rate, 4);
		end(&x);
	}
	cii_period(&x, e);
	for (size_t i = 0; i < e->nallowances; i++) {
		const struct fb_einv_allowance *a = &e->allowances[i];

		start(&x, "ram:SpecifiedTradeAllowanceCharge");
		start(&x, "ram:ChargeIndicator");
		el(&x, "udt:Indicator", "false");
		end(&x);
		money(&x, "ram:ActualAmount", a->amount, 0);
		el(&x, "ram:Reason", a->reason);
		start(&x, "ram:CategoryTradeTax");
		cii_tax_category(&x, &e->vats[a->vat]);
		end(&x);
		end(&x);
	}
	if (e->terms || e->due_date) {
		start(&x, "ram:SpecifiedTradePaymentTerms");
		el(&x, "ram:Description", e->terms);
		if (e->due_date) {
			char *d = d102(e->due_date);

			cii_date(&x, "ram:DueDateDateTime", d, "udt");
			free(d);
		}
		end(&x);
	}
	start(&x, "ram:SpecifiedTradeSettlementHeaderMonetarySummation");
	money(&x, "ram:LineTotalAmount", e->line_total, 0);
	if (e->nallowances > 0)
		money(&x, "ram:AllowanceTotalAmount", e->allowance_total, 0);
	money(&x, "ram:TaxBasisTotalAmount", e->tax_exclusive, 0);
	money(&x, "ram:TaxTotalAmount", e->tax_total, 1);
	money(&x, "ram:GrandTotalAmount", e->total, 0);
	if (e->paid != 0)
		money(&x, "ram:TotalPrepaidAmount", e->paid, 0);
	money(&x, "ram:DuePayableAmount", e->due, 0);
	end(&x);
	if (e->credit && inv->credit_of_number) {
		start(&x, "ram:InvoiceReferencedDocument");
		el(&x, "ram:IssuerAssignedID", inv->credit_of_number);
		end(&x);
	}
	end(&x);	/* ApplicableHeaderTradeSettlement */
	end(&x);	/* SupplyChainTradeTransaction */
	end(&x);	/* CrossIndustryInvoice */
	return xw_close(&x, xml, len, err);
}

/* ---- UBL ---- */

static void
ubl_tax_category(struct xw *x, const char *name, const struct fb_einv_vat *v, int reason)
{
	start(x, name);
	el(x, "cbc:ID", v->category);
	if (has_rate(v->category))
		decimal(x, "cbc:Percent", v->rate, 4);
	if (reason) {
		el(x, "cbc:TaxExemptionReasonCode", v->reason_code);
		el(x, "cbc:TaxExemptionReason", v->reason);
	}
	start(x, "cac:TaxScheme");
	el(x, "cbc:ID", "VAT");
	end(x);
	end(x);
}

static void
ubl_party(struct xw *x, const char *name, const struct fb_einv_party *p, int seller,
	  const struct fb_einv *e)
{
	char *l1 = street_line(p->street, 0), *l2 = street_line(p->street, 1),
	    *l3 = street_line(p->street, 2);

	start(x, name);
	start(x, "cac:Party");
	el_attr(x, "cbc:EndpointID", "schemeID", "EM", p->email);
	start(x, "cac:PostalAddress");
	el(x, "cbc:StreetName", l1);
	el(x, "cbc:AdditionalStreetName", l2);
	el(x, "cbc:CityName", p->city);
	el(x, "cbc:PostalZone", p->postcode);
	el(x, "cbc:CountrySubentity", p->region);
	if (l3) {
		start(x, "cac:AddressLine");
		el(x, "cbc:Line", l3);
		end(x);
	}
	start(x, "cac:Country");
	el(x, "cbc:IdentificationCode", p->country);
	end(x);
	end(x);
	if (p->vat_id && *p->vat_id) {
		start(x, "cac:PartyTaxScheme");
		el(x, "cbc:CompanyID", p->vat_id);
		start(x, "cac:TaxScheme");
		el(x, "cbc:ID", "VAT");
		end(x);
		end(x);
	}
	if (seller && p->tax_id && *p->tax_id &&
	    (p->vat_id == NULL || strcmp(p->vat_id, p->tax_id) != 0)) {
		start(x, "cac:PartyTaxScheme");
		el(x, "cbc:CompanyID", p->tax_id);
		start(x, "cac:TaxScheme");
		el(x, "cbc:ID", "TAX");
		end(x);
		end(x);
	}
	start(x, "cac:PartyLegalEntity");
	el(x, "cbc:RegistrationName", p->name);
	if (seller)
		el(x, "cbc:CompanyID", p->legal_id);
	end(x);
	if (seller && (e->profile == FB_EINV_XRECHNUNG || p->phone || p->email)) {
		start(x, "cac:Contact");
		if (e->profile == FB_EINV_XRECHNUNG)
			el(x, "cbc:Name", p->name);
		el(x, "cbc:Telephone", p->phone);
		el(x, "cbc:ElectronicMail", p->email);
		end(x);
	}
	end(x);
	end(x);
	free(l1);
	free(l2);
	free(l3);
}

static void
ubl_line(struct xw *x, const struct fb_einv *e, const struct fb_einv_line *l, size_t n)
{
	char id[32];
	char *q = fb_format_decimal(l->qty, 4);

	snprintf(id, sizeof(id), "%zu", n);
	start(x, e->credit ? "cac:CreditNoteLine" : "cac:InvoiceLine");
	el(x, "cbc:ID", id);
	el(x, "cbc:Note", l->note);
	el_attr(x, e->credit ? "cbc:CreditedQuantity" : "cbc:InvoicedQuantity", "unitCode",
		l->unit, q);
	money(x, "cbc:LineExtensionAmount", l->amount, 1);
	start(x, "cac:Item");
	el(x, "cbc:Name", l->name);
	ubl_tax_category(x, "cac:ClassifiedTaxCategory", &e->vats[l->vat], 0);
	end(x);
	start(x, "cac:Price");
	money(x, "cbc:PriceAmount", l->price, 1);
	end(x);
	end(x);
	free(q);
}

int
fb_einv_write_ubl(const struct fb_einv *e, char **xml, size_t *len, struct fb_err *err)
{
	const struct fb_invoice *inv = e->inv;
	struct xw x;

	if (xw_open(&x, e, err) < 0)
		return -1;
	start(&x, e->credit ? "CreditNote" : "Invoice");
	attr(&x, "xmlns", e->credit ?
	     "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" :
	     "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
	attr(&x, "xmlns:cac",
	     "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2");
	attr(&x, "xmlns:cbc",
	     "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2");
	el(&x, "cbc:CustomizationID", e->spec_id);
	el(&x, "cbc:ProfileID", FB_EINV_PEPPOL_PROCESS);
	el(&x, "cbc:ID", inv->number);
	el(&x, "cbc:IssueDate", inv->issue_date);
	if (!e->credit) {
		el(&x, "cbc:DueDate", inv->due_date);
		el(&x, "cbc:InvoiceTypeCode", "380");
	} else
		el(&x, "cbc:CreditNoteTypeCode", "381");
	el(&x, "cbc:Note", e->note);
	el(&x, "cbc:DocumentCurrencyCode", inv->currency);
	el(&x, "cbc:BuyerReference", e->buyer_ref);
	if (e->period_start || e->period_end) {
		start(&x, "cac:InvoicePeriod");
		el(&x, "cbc:StartDate", e->period_start);
		el(&x, "cbc:EndDate", e->period_end);
		end(&x);
	}
	if (e->order_ref) {
		start(&x, "cac:OrderReference");
		el(&x, "cbc:ID", e->order_ref);
		end(&x);
	}
	if (e->credit && inv->credit_of_number) {
		start(&x, "cac:BillingReference");
		start(&x, "cac:InvoiceDocumentReference");
		el(&x, "cbc:ID", inv->credit_of_number);
		end(&x);
		end(&x);
	}
	ubl_party(&x, "cac:AccountingSupplierParty", &e->seller, 1, e);
	ubl_party(&x, "cac:AccountingCustomerParty", &e->buyer, 0, e);
	if (e->delivery_date || e->intra_community) {
		start(&x, "cac:Delivery");
		el(&x, "cbc:ActualDeliveryDate", e->delivery_date);
		if (e->intra_community) {
			start(&x, "cac:DeliveryLocation");
			start(&x, "cac:Address");
			start(&x, "cac:Country");
			el(&x, "cbc:IdentificationCode", e->buyer.country);
			end(&x);
			end(&x);
			end(&x);
		}
		end(&x);
	}
	if (e->iban && *e->iban) {
		start(&x, "cac:PaymentMeans");
		el(&x, "cbc:PaymentMeansCode", "58");
		start(&x, "cac:PayeeFinancialAccount");
		el(&x, "cbc:ID", e->iban);
		if (e->bic && *e->bic) {
			start(&x, "cac:FinancialInstitutionBranch");
			el(&x, "cbc:ID", e->bic);
			end(&x);
		}
		end(&x);
		end(&x);
	}
	if (e->terms) {
		start(&x, "cac:PaymentTerms");
		el(&x, "cbc:Note", e->terms);
		end(&x);
	}
	for (size_t i = 0; i < e->nallowances; i++) {
		const struct fb_einv_allowance *a = &e->allowances[i];

		start(&x, "cac:AllowanceCharge");
		el(&x, "cbc:ChargeIndicator", "false");
		el(&x, "cbc:AllowanceChargeReason", a->reason);
		money(&x, "cbc:Amount", a->amount, 1);
		ubl_tax_category(&x, "cac:TaxCategory", &e->vats[a->vat], 0);
		end(&x);
	}
	start(&x, "cac:TaxTotal");
	money(&x, "cbc:TaxAmount", e->tax_total, 1);
	for (size_t i = 0; i < e->nvats; i++) {
		const struct fb_einv_vat *v = &e->vats[i];

		start(&x, "cac:TaxSubtotal");
		money(&x, "cbc:TaxableAmount", v->base, 1);
		money(&x, "cbc:TaxAmount", v->tax, 1);
		ubl_tax_category(&x, "cac:TaxCategory", v, 1);
		end(&x);
	}
	end(&x);
	start(&x, "cac:LegalMonetaryTotal");
	money(&x, "cbc:LineExtensionAmount", e->line_total, 1);
	money(&x, "cbc:TaxExclusiveAmount", e->tax_exclusive, 1);
	money(&x, "cbc:TaxInclusiveAmount", e->total, 1);
	if (e->nallowances > 0)
		money(&x, "cbc:AllowanceTotalAmount", e->allowance_total, 1);
	if (e->paid != 0)
		money(&x, "cbc:PrepaidAmount", e->paid, 1);
	money(&x, "cbc:PayableAmount", e->due, 1);
	end(&x);
	for (size_t i = 0; i < e->nlines; i++)
		ubl_line(&x, e, &e->lines[i], i + 1);
	end(&x);
	return xw_close(&x, xml, len, err);
}

/* ---- XMP of a Factur-X PDF ---- */

/* One property of the Factur-X extension schema's description. */
static void
xmp_property(struct xw *x, const char *name, const char *desc)
{
	start(x, "rdf:li");
	attr(x, "rdf:parseType", "Resource");
	el(x, "pdfaProperty:name", name);
	el(x, "pdfaProperty:valueType", "Text");
	el(x, "pdfaProperty:category", "external");
	el(x, "pdfaProperty:description", desc);
	end(x);
}

static void
xmp_description(struct xw *x, const char *prefix, const char *ns)
{
	char *a = fb_xasprintf("xmlns:%s", prefix);

	start(x, "rdf:Description");
	attr(x, "rdf:about", "");
	attr(x, a, ns);
	free(a);
}

int
fb_einv_write_xmp(const struct fb_einv *e, const char *title, char **xml, size_t *len,
		  struct fb_err *err)
{
	struct xw x;

	memset(&x, 0, sizeof(x));
	if (fb_lazy_xml(err) < 0)
		return -1;
	x.cur = e->inv->currency;
	if ((x.buf = xmlBufferCreate()) == NULL ||
	    (x.w = xmlNewTextWriterMemory(x.buf, 0)) == NULL) {
		if (x.buf)
			xmlBufferFree(x.buf);
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write XML: out of memory");
	}
	xmlTextWriterSetIndent(x.w, 1);
	xmlTextWriterSetIndentString(x.w, X(" "));
	/* The packet wrapper of XMP (ISO 16684-1), a byte order mark in begin. */
	if (xmlTextWriterWritePI(x.w, X("xpacket"),
	    X("begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"")) < 0)
		x.failed = 1;
	start(&x, "x:xmpmeta");
	attr(&x, "xmlns:x", "adobe:ns:meta/");
	start(&x, "rdf:RDF");
	attr(&x, "xmlns:rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");

	xmp_description(&x, "pdfaid", "http://www.aiim.org/pdfa/ns/id/");
	el(&x, "pdfaid:part", "3");
	el(&x, "pdfaid:conformance", "B");
	end(&x);

	xmp_description(&x, "dc", "http://purl.org/dc/elements/1.1/");
	start(&x, "dc:title");
	start(&x, "rdf:Alt");
	start(&x, "rdf:li");
	attr(&x, "xml:lang", "x-default");
	text(&x, title);
	end(&x);
	end(&x);
	end(&x);
	end(&x);

	xmp_description(&x, "pdf", "http://ns.adobe.com/pdf/1.3/");
	el(&x, "pdf:Producer", "fixbill");
	end(&x);

	xmp_description(&x, "xmp", "http://ns.adobe.com/xap/1.0/");
	el(&x, "xmp:CreatorTool", "fixbill");
	end(&x);

	/* PDF/A lets a file use a schema it does not know only when described. */
	xmp_description(&x, "pdfaExtension", "http://www.aiim.org/pdfa/ns/extension/");
	attr(&x, "xmlns:pdfaSchema", "http://www.aiim.org/pdfa/ns/schema#");
	attr(&x, "xmlns:pdfaProperty", "http://www.aiim.org/pdfa/ns/property#");
	start(&x, "pdfaExtension:schemas");
	start(&x, "rdf:Bag");
	start(&x, "rdf:li");
	attr(&x, "rdf:parseType", "Resource");
	el(&x, "pdfaSchema:schema", "Factur-X PDFA Extension Schema");
	el(&x, "pdfaSchema:namespaceURI", FB_EINV_FACTURX_NS);
	el(&x, "pdfaSchema:prefix", "fx");
	start(&x, "pdfaSchema:property");
	start(&x, "rdf:Seq");
	xmp_property(&x, "DocumentFileName", "The name of the embedded XML document");
	xmp_property(&x, "DocumentType", "The type of the hybrid document in capital"
		     " letters, e.g. INVOICE or ORDER");
	xmp_property(&x, "Version", "The actual version of the standard applying to the"
		     " embedded XML document");
	xmp_property(&x, "ConformanceLevel", "The conformance level of the embedded XML"
		     " document");
	end(&x);
	end(&x);
	end(&x);
	end(&x);
	end(&x);
	end(&x);

	xmp_description(&x, "fx", FB_EINV_FACTURX_NS);
	el(&x, "fx:DocumentType", "INVOICE");
	el(&x, "fx:DocumentFileName", FB_EINV_FACTURX_NAME);
	el(&x, "fx:Version", "1.0");
	el(&x, "fx:ConformanceLevel", "EN 16931");
	end(&x);

	end(&x);	/* rdf:RDF */
	end(&x);	/* x:xmpmeta */
	if (xmlTextWriterWritePI(x.w, X("xpacket"), X("end=\"w\"")) < 0)
		x.failed = 1;
	return xw_close(&x, xml, len, err);
}
