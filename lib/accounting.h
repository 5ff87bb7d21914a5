/*
 * accounting.h - a period's invoices, credit notes and payments in the
 * import formats of accounting systems: Xero's sales-invoice CSV,
 * QuickBooks Online's invoice CSV, QuickBooks Desktop IIF, an hledger
 * journal, and plain CSV, JSON and XLSX with one row per invoice line.
 */
#ifndef FB_ACCOUNTING_H
#define FB_ACCOUNTING_H

#include <stdio.h>

#include "db.h"
#include "util.h"

enum fb_acct_format {
	FB_ACCT_XERO,
	FB_ACCT_QBO,
	FB_ACCT_IIF,
	FB_ACCT_LEDGER,
	FB_ACCT_CSV,
	FB_ACCT_JSON,
	FB_ACCT_XLSX,
	FB_ACCT_PAYMENTS,	/* CSV: every payment, credit applied, refund and reversal */
	FB_ACCT_QBO_CREDITS	/* the credit notes QBO's invoice import refuses */
};

/* The format called name ("xero"), or -1 when there is none. */
int fb_accounting_format(const char *name);

/*
 * Write the period from..to (YYYY-MM-DD, both inclusive): every issued
 * invoice and credit note whose issue date falls in it (a void invoice
 * too: its credit note cancels it; qbo only the invoices, qbo-credits
 * only the credit notes) and, in the iif and ledger formats, every
 * payment, credit application, refund and reversal dated in it
 * (FB_ACCT_PAYMENTS writes those alone).  Account names, codes, items and date
 * formats come from the configuration (accounts.*, xero.*, qbo.*,
 * iif.*).  Text formats are written to fp; FB_ACCT_XLSX to path, a file
 * the caller made for it (fb_output_path), never probed or removed here.
 * Returns the number of invoices, credit notes and payments written, or
 * -1 with err set (an invoice whose figures do not add up is refused
 * before anything is written, as the invoice exporters do).
 */
int fb_accounting_export(struct fb_db *db, const char *from, const char *to,
			 enum fb_acct_format format, FILE *fp, const char *path,
			 struct fb_err *err);

/* The customer list (client export): its formats. */
enum fb_acct_clients {
	FB_CLIENTS_CSV,		/* every field, for any program */
	FB_CLIENTS_XERO,	/* Xero's contacts import CSV */
	FB_CLIENTS_QBO,		/* QuickBooks Online's customers import CSV */
	FB_CLIENTS_IIF		/* QuickBooks Desktop !CUST */
};

/* The format called name ("xero"), or -1 when there is none. */
int fb_accounting_clients_format(const char *name);

/*
 * Write the clients (archived ones too when all), by code, to fp in
 * format: each under the name its invoices carry, with its structured
 * address (else the lines of its address), VAT or tax id, terms and the
 * tax code of its labor where the format has room for them.  Returns the
 * number written, or -1 with err set.
 */
int fb_accounting_clients(struct fb_db *db, int all, enum fb_acct_clients format,
			  FILE *fp, struct fb_err *err);

#endif
