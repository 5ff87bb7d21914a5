/*
 * statement.h - a client's statement of account (SPEC section 10): the
 * balance the day before a range, every invoice (+), credit note (-),
 * payment (-), refund (+) and payment reversal (+) dated in it with a
 * running balance, the closing balance and the aging on its last day.
 * The figures are lib/receivable.h's, so the closing balance is what
 * `report aging --as-of` that day says the client owes.  One statement
 * per currency the client deals in.
 */
#ifndef FB_STATEMENT_H
#define FB_STATEMENT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "util.h"

struct fb_statement_line {
	char *date;
	char *kind;		/* invoice, credit_note, payment, refund, reversal */
	char *ref;		/* the document's number; a payment's invoice; ... */
	int64_t amount;		/* positive raises what the client owes */
	int64_t balance;	/* after this line */
};

/* The aging buckets of SPEC section 7, in order. */
enum { FB_AGE_CURRENT, FB_AGE_1_30, FB_AGE_31_60, FB_AGE_61_90, FB_AGE_91_PLUS, FB_AGE_N };

struct fb_statement {
	char *client, *client_name, *client_address, *client_email;
	char *company_name, *company_address, *company_email;
	char *currency;
	char *from;		/* first day; NULL: from the beginning */
	char *to;		/* last day */
	int64_t opening, closing;
	struct fb_statement_line *lines;
	size_t nlines, alines;
	int64_t aging[FB_AGE_N];	/* what live invoices owe on the last day */
	int64_t credit;			/* the credit held then (closing = aging - credit) */
	/* How to render it (settings, as for an invoice). */
	char *logo;			/* company.logo; NULL: none */
	char *font;			/* invoice.font; NULL: the default */
};

/*
 * The statements of client_id for from..to (YYYY-MM-DD; from NULL: from
 * the first record), one per currency in which the client had a balance
 * or anything dated in the range, by currency; a client with nothing
 * gets one, empty, in its own currency.  Free with fb_statement_free.
 */
int fb_statement_build(struct fb_db *db, int64_t client_id, const char *from,
		       const char *to, struct fb_statement **v, size_t *n,
		       struct fb_err *err);
void fb_statement_free(struct fb_statement *v, size_t n);

/*
 * Writers (lib/export_statement.c).  txt: for a terminal or an email,
 * the statements one after the other; csv: one row per line, opening
 * and closing rows included, a currency column; json: the SPEC section 9
 * document, an array when there are several currencies (returned, the
 * caller frees with fb_json_free); pdf: to path, a file the caller made
 * for it, one or more pages per currency, paper "letter" or "a4", in
 * the invoices' embedded font (lib/export_pdf.c, which draws both).
 */
int fb_statement_txt(const struct fb_statement *v, size_t n, FILE *fp, struct fb_err *err);
int fb_statement_csv(const struct fb_statement *v, size_t n, FILE *fp, struct fb_err *err);
struct fb_json *fb_statement_json(const struct fb_statement *v, size_t n);
int fb_statement_pdf(const struct fb_statement *v, size_t n, const char *paper,
		     const char *path, struct fb_err *err);

#endif
