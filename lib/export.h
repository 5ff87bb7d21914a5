/*
 * export.h - writing an invoice as a document: plain text, JSON (SPEC
 * section 9), CSV, XLSX and PDF.  Exported text can never start a
 * spreadsheet formula (SPEC section 6).
 */
#ifndef FB_EXPORT_H
#define FB_EXPORT_H

#include <stdio.h>

#include "invoice.h"
#include "json.h"
#include "util.h"

/* The SPEC section 9 invoice document.  Caller frees with fb_json_free. */
struct fb_json *fb_export_invoice_json(const struct fb_invoice *inv);

/* A clean terminal invoice. */
int fb_export_invoice_txt(const struct fb_invoice *inv, FILE *fp, struct fb_err *err);
/* One row per line, with a header row (libcsv). */
int fb_export_invoice_csv(const struct fb_invoice *inv, FILE *fp, struct fb_err *err);
/*
 * XLSX to path (libxlsxwriter).  path is a file the caller made for it
 * (fb_output_path): written, never probed or removed here.
 */
int fb_export_invoice_xlsx(const struct fb_invoice *inv, const char *path,
			   struct fb_err *err);
/*
 * PDF to path (libharu), as XLSX; paper "letter" or "a4".  The font is
 * embedded as a simple TrueType font (WinAnsiEncoding) when every text is
 * in Windows-1252, else as a Unicode (Type 0) font.
 * fb_export_invoice_pdf_unicode always embeds the Unicode font, for a
 * file that lib/pdfa.c then makes PDF/A-3.
 */
int fb_export_invoice_pdf(const struct fb_invoice *inv, const char *paper,
			  const char *path, struct fb_err *err);
int fb_export_invoice_pdf_unicode(const struct fb_invoice *inv, const char *paper,
				  const char *path, struct fb_err *err);

/*
 * A text cell made safe for spreadsheets: text starting with = + - @,
 * tab or CR gets a leading apostrophe.  Returns s itself when safe, else
 * a new string the caller frees (compare the pointers).
 */
char *fb_export_safe_cell(const char *s);

/*
 * Helpers the exporters share (lib/export_safe.c).
 *
 * fb_export_check refuses (FB_ERR_RUNTIME) an invoice whose lines do not
 * sum to its subtotal or whose subtotal plus tax is not its total, or
 * whose currency is unknown: no document may show figures that do not
 * add up.  fb_export_title is the number, or "DRAFT <id>" for a draft;
 * caller frees.  fb_export_is_hours is true for labor and minimum lines,
 * whose quantity is shown as time.
 */
int fb_export_check(const struct fb_invoice *inv, struct fb_err *err);
char *fb_export_title(const struct fb_invoice *inv);
int fb_export_is_credit(const struct fb_invoice *inv);
int fb_export_is_hours(const struct fb_invoice_line *l);

/*
 * The texts every document prints alike (lib/export_safe.c); each is
 * the caller's to free.
 *
 * fb_export_line_desc: a line's description, and for no-charge work what
 * was waived ("Labor, normal hours, no charge (1h00m, 100.00 waived)").
 * fb_export_tax_shown: whether a tax component is printed (not a 0 % tax
 * of 0).  fb_export_tax_label: "Tax 8.25% on 287.50" ("Tax 8.25%" when
 * the base is unknown).
 * fb_export_job_title: "Job 8: Printer offline"; fb_export_job_detail:
 * "2026-10-06 to 2026-10-07 · Kim Lee, Sam Roe · PO 4711", or NULL when
 * there is nothing to say.
 * fb_export_service: the label and value of the service period ("Service
 * period", "2026-10"; or "Work through", "2026-10-31"); 0 when unknown.
 * fb_export_closing: the sentence under the totals: the draft warning,
 * the credit note's explanation (the invoice it cancels, the reason and
 * what happened to that invoice's payments) or the terms and due date.
 */
char *fb_export_line_desc(const struct fb_invoice_line *l, const char *cur);
/*
 * The invoice's tax components; an invoice built without them (tax rate
 * and tax only) gets one, "Tax", with an unknown base, in *fallback.
 */
const struct fb_invoice_tax *fb_export_taxes(const struct fb_invoice *inv,
					     struct fb_invoice_tax *fallback, size_t *n);
int fb_export_tax_shown(const struct fb_invoice_tax *t);
char *fb_export_tax_label(const struct fb_invoice_tax *t, const char *cur);
char *fb_export_job_title(const struct fb_invoice_job *j);
char *fb_export_job_detail(const struct fb_invoice_job *j);
int fb_export_service(const struct fb_invoice *inv, const char **label, char **value);
char *fb_export_closing(const struct fb_invoice *inv);

/* The font PDF invoices use when invoice.font is not set. */
#define FB_EXPORT_DEFAULT_FONT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

#endif
