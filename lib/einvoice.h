/*
 * einvoice.h - e-invoices (SPEC section 13): an invoice as EN 16931 sees
 * it, and the files that carry it.
 *
 * fb_einv_build reads an invoice into struct fb_einv: the parties with
 * their structured addresses, each line with its unit code, net price
 * and VAT category and rate, discounts as document allowances per VAT
 * category and rate, the VAT breakdown and the totals, all with the
 * signs EN 16931 wants (a credit note's amounts are positive, its type
 * code says what it is).  It checks first that everything the rules of
 * the chosen format need is there, and lists every business term that
 * is not.  The writers only read what it built:
 *
 *	struct fb_einv e;
 *	char *xml;
 *	size_t len;
 *
 *	if (fb_einv_build(inv, FB_EINV_CII, FB_EINV_EN16931, "cii", &e, &err) < 0)
 *		...	// e.missing says what to set, e.nmissing items
 *	fb_einv_write_cii(&e, &xml, &len, &err);
 *	fb_einv_release(&e);
 */
#ifndef FB_EINVOICE_H
#define FB_EINVOICE_H

#include <stddef.h>
#include <stdint.h>

#include "invoice.h"
#include "util.h"

/* The XML syntax. */
enum fb_einv_syntax {
	FB_EINV_CII,		/* UN/CEFACT CII D16B, as Factur-X and ZUGFeRD carry it */
	FB_EINV_UBL		/* OASIS UBL 2.1 Invoice or CreditNote */
};

/* Whose rules on top of EN 16931: the specification identifier (BT-24). */
enum fb_einv_profile {
	FB_EINV_EN16931,	/* CII: Factur-X / ZUGFeRD EN 16931 (COMFORT) */
	FB_EINV_PEPPOL,		/* UBL: Peppol BIS Billing 3.0 */
	FB_EINV_XRECHNUNG	/* CII or UBL: XRechnung 3.0 */
};

/* Specification identifiers (BT-24). */
#define FB_EINV_ID_EN16931 "urn:cen.eu:en16931:2017"
#define FB_EINV_ID_PEPPOL \
	"urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
#define FB_EINV_ID_XRECHNUNG \
	"urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
/* Peppol's business process (BT-23). */
#define FB_EINV_PEPPOL_PROCESS "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

/* A party; every field borrowed from the invoice, NULL when not set. */
struct fb_einv_party {
	const char *name;
	const char *street;	/* up to three lines, newline-separated */
	const char *city, *region, *postcode;
	const char *country;	/* ISO 3166-1 alpha-2 */
	const char *vat_id;	/* BT-31 / BT-48 */
	const char *tax_id;	/* seller's tax registration id (BT-32) */
	const char *legal_id;	/* seller's legal registration id (BT-30) */
	const char *email;	/* electronic address (BT-34 / BT-49), scheme EM */
	const char *phone;
};

/* One VAT category and rate of the breakdown (BG-23). */
struct fb_einv_vat {
	char category[3];	/* S, Z, E, AE, K, G or O */
	int64_t rate;		/* ten-thousandths of a percent */
	int64_t net;		/* the lines' net amounts */
	int64_t allowance;	/* the discounts' share */
	int64_t base;		/* net - allowance (BT-116) */
	int64_t tax;		/* BT-117 */
	const char *reason;	/* exemption reason text (BT-120), or NULL */
	const char *reason_code;	/* VATEX code (BT-121), or NULL */
};

struct fb_einv_line {
	const struct fb_invoice_line *src;
	char *name;		/* item name (BT-153) */
	char *note;		/* the job it bills, "Job 8: Printer offline" (BT-127), or NULL */
	const char *unit;	/* "HUR" (labor hours) or "C62" (pieces) */
	int64_t qty;		/* ten-thousandths of a unit; negative for a negative line */
	int64_t price;		/* net price (BT-146), minor units, never negative */
	int64_t amount;		/* line net amount (BT-131), minor units */
	size_t vat;		/* index into vats */
};

/* A document-level allowance (BG-20): a discount's share in one VAT group. */
struct fb_einv_allowance {
	int64_t amount;
	char *reason;		/* the discounts' descriptions (BT-97) */
	size_t vat;
};

struct fb_einv {
	const struct fb_invoice *inv;
	enum fb_einv_syntax syntax;
	enum fb_einv_profile profile;
	const char *spec_id;		/* BT-24 */
	int credit;			/* 381 credit note, else 380 */
	char *issue_date, *due_date;	/* YYYY-MM-DD; due_date NULL for a credit note */
	char *terms;			/* payment terms (BT-20) */
	/* The invoicing period (BG-14): the dates of the billed work, or NULL. */
	const char *period_start, *period_end;
	const char *delivery_date;	/* the last day of the work (BT-72), or NULL */
	char *note;			/* the invoice note (BT-22), or NULL */
	int intra_community;		/* category K: the deliver-to country is the buyer's */
	struct fb_einv_party seller, buyer;
	const char *buyer_ref;		/* BT-10 */
	char *order_ref;		/* BT-13: the jobs' one PO, or NULL */
	const char *iban, *bic;		/* payment means 58 when iban is set */
	struct fb_einv_line *lines;
	size_t nlines;
	struct fb_einv_vat *vats;
	size_t nvats;
	struct fb_einv_allowance *allowances;
	size_t nallowances;
	/* BT-106, BT-107, BT-109, BT-110, BT-112, BT-113, BT-115. */
	int64_t line_total, allowance_total, tax_exclusive, tax_total, total, paid, due;
	/*
	 * What is missing, one item a string: its business term, what it is
	 * and the command that sets it, e.g.
	 *   BT-55 buyer country code: fixbill client edit acme --country DE
	 */
	char **missing;
	size_t nmissing;
};

/*
 * Build e from inv for syntax and profile.  format names the format in
 * messages ("cii").  Refusals are FB_ERR_REFUSED:
 *   cannot export 'INV-2026-00001' as cii: 2 items it needs are missing
 *     (e->missing lists them; e stays to be released by the caller)
 *   cannot export 'INV-2026-00001' as cii: tax code 'GSTPST' has 2
 *     components; an EN 16931 line has one VAT rate
 *   cannot export 'INV-2026-00001' as cii: category AE is taxed at 19%;
 *     EN 16931 wants 0 there
 *   cannot export 'INV-2026-00001' as cii: category O (not subject to VAT)
 *     cannot share an invoice with other categories
 *   cannot export 'INV-2026-00001' as cii: EN 16931 amounts have at most
 *     2 decimals; KWD has 3
 * and FB_ERR_RUNTIME for figures that do not add up (fb_export_check).
 * Strings in e borrow from inv, which must outlive it.  Release e with
 * fb_einv_release in every case.
 */
int fb_einv_build(const struct fb_invoice *inv, enum fb_einv_syntax syntax,
		  enum fb_einv_profile profile, const char *format, struct fb_einv *e,
		  struct fb_err *err);
void fb_einv_release(struct fb_einv *e);

/*
 * The XML (libxml2's text writer, loaded on first use): *xml (the
 * caller's, NUL-terminated) and *len.  FB_ERR_RUNTIME when libxml2
 * cannot be loaded or fails.
 *
 * fb_einv_write_cii: a CrossIndustryInvoice (Factur-X EN 16931, or
 * XRechnung by e->spec_id).  fb_einv_write_ubl: a UBL Invoice, or a
 * CreditNote for a credit note.
 */
int fb_einv_write_cii(const struct fb_einv *e, char **xml, size_t *len, struct fb_err *err);
int fb_einv_write_ubl(const struct fb_einv *e, char **xml, size_t *len, struct fb_err *err);

/* The name of the CII file inside a Factur-X PDF, and its XMP namespace. */
#define FB_EINV_FACTURX_NAME "factur-x.xml"
#define FB_EINV_FACTURX_NS "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"

/*
 * The XMP metadata of a Factur-X PDF: PDF/A-3 conformance B, the
 * document's title, and the Factur-X extension schema (described, as
 * PDF/A requires) saying the file carries an INVOICE at conformance
 * level EN 16931 in factur-x.xml.  As fb_einv_write_cii.
 */
int fb_einv_write_xmp(const struct fb_einv *e, const char *title, char **xml, size_t *len,
		      struct fb_err *err);

/*
 * The Factur-X invoice to path (a file the caller made for it, as for
 * fb_export_invoice_pdf): the PDF invoice on paper, made a PDF/A-3 with
 * cii (the CII of e) embedded as factur-x.xml (lib/pdfa.h).
 */
int fb_einv_write_facturx(const struct fb_einv *e, const char *paper, const char *cii,
			  size_t len, const char *path, struct fb_err *err);

#endif
