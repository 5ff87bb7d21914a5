/*
 * export_facturx.c - the Factur-X invoice: the PDF invoice, made a
 * PDF/A-3 file carrying its CII as factur-x.xml (SPEC section 13).
 *
 * The page is the one `--format pdf` draws, every font embedded as it
 * always is, but always in the Unicode (Type 0) font, whose ToUnicode
 * map lib/pdfa.c rewrites; lib/pdfa.c appends what PDF/A-3 and Factur-X
 * add.
 */
#include "einvoice.h"

#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "pdfa.h"

int
fb_einv_write_facturx(const struct fb_einv *e, const char *paper, const char *cii,
		      size_t len, const char *path, struct fb_err *err)
{
	const struct fb_invoice *inv = e->inv;
	struct fb_pdfa_attachment a;
	char *title, *xmp = NULL, *moddate;
	size_t xmplen = 0;
	int rc = -1;

	if (fb_export_invoice_pdf_unicode(inv, paper, path, err) < 0)
		return -1;
	title = fb_xasprintf("%s %s", e->credit ? "Credit note" : "Invoice", inv->number);
	/* The file's date is the document's: exporting again gives the same bytes. */
	moddate = fb_xasprintf("D:%.4s%.2s%.2s000000Z", inv->issue_date, inv->issue_date + 5,
			       inv->issue_date + 8);
	if (fb_einv_write_xmp(e, title, &xmp, &xmplen, err) < 0)
		goto out;
	memset(&a, 0, sizeof(a));
	a.name = FB_EINV_FACTURX_NAME;
	a.mime = "text/xml";
	a.desc = "Factur-X invoice";
	a.relationship = "Data";
	a.moddate = moddate;
	a.data = cii;
	a.len = len;
	rc = fb_pdfa_make(path, xmp, xmplen, title, &a, err);
out:
	free(title);
	free(moddate);
	free(xmp);
	return rc;
}
