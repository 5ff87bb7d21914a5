/*
 * charge.h - what a job bills besides labour: parts (bought at a cost,
 * sold with a markup or at a set price), trip charges and flat fees.
 *
 * Amounts are minor units of the job's client's currency.  Quantities
 * are thousandths (1.5 = 1500); markups ten-thousandths of a percent
 * (25 % = 250000), as the schema stores them.
 */
#ifndef FB_CHARGE_H
#define FB_CHARGE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

/* Largest quantity: a million units. */
#define FB_CHARGE_QTY_MAX ((int64_t)1000000000)
/* Largest markup: 100000 %. */
#define FB_CHARGE_MARKUP_MAX ((int64_t)1000000000)

struct fb_charge {
	int64_t id;
	int64_t job_id;
	char kind[9];		/* "part", "trip", "flat", "discount" */
	char *description;
	int64_t quantity;	/* thousandths */
	int64_t unit_cost;	/* parts; -1 for trips and flat fees */
	int64_t markup;		/* parts priced by markup; -1 otherwise */
	int64_t unit_price;
	int64_t amount;
	int64_t invoice_id;	/* 0: on no invoice */
	char *invoice_number;	/* NULL when on no invoice or on a draft */
	int64_t created;
};

void fb_charge_init(struct fb_charge *c);
void fb_charge_release(struct fb_charge *c);

/*
 * Pure arithmetic (SPEC section 3), exact, rounding half away from zero.
 * Unit price of a part = cost x (1 + markup), rounded to the minor unit.
 * Line amount = quantity x unit price, rounded to the minor unit.
 * Both return 0, or -1 when the result does not fit (or an input is
 * negative).
 */
int fb_charge_unit_price(int64_t cost, int64_t markup, int64_t *price);
int fb_charge_line_amount(int64_t quantity, int64_t unit_price, int64_t *amount);

/*
 * "2", "1.5", "0.125": more than zero, up to 3 decimals, at most
 * FB_CHARGE_QTY_MAX thousandths.  FB_ERR_USAGE:
 *   invalid quantity '1.2345': at most 3 decimals
 *   invalid quantity '0': must be more than zero
 *   invalid quantity '1000000.001': more than 1000000
 */
int fb_charge_parse_quantity(const char *s, int64_t *q, struct fb_err *err);
/* "1.5" from 1500.  Caller frees. */
char *fb_charge_format_quantity(int64_t q);

/*
 * A markup in percent, "25", "12.5", "25%": not negative, up to 4
 * decimals.  FB_ERR_USAGE: invalid markup 'abc': write a percentage such as 25
 */
int fb_charge_parse_markup(const char *s, int64_t *markup, struct fb_err *err);

/*
 * Insert c (job_id, kind, description, quantity, unit_cost, markup,
 * unit_price, amount, created as set) and set c->id.  The description
 * is one line of text (fb_job_check_text, FB_ERR_USAGE).  The job must
 * exist and not be invoiced: FB_ERR_REFUSED
 *   cannot charge job '3': it is invoiced
 */
int fb_charge_add(struct fb_db *db, struct fb_charge *c, struct fb_err *err);

/* Load charge id.  FB_ERR_NOTFOUND: unknown charge '99'. */
int fb_charge_get(struct fb_db *db, int64_t id, struct fb_charge *c,
		  struct fb_err *err);

/* Charges of a job, oldest first.  *out is the caller's, to fb_charge_list_free. */
int fb_charge_list(struct fb_db *db, int64_t job_id, struct fb_charge **out,
		   size_t *n, struct fb_err *err);
void fb_charge_list_free(struct fb_charge *list, size_t n);

/*
 * Delete charge id unless an invoice (even a draft) holds it.
 * FB_ERR_NOTFOUND for an unknown charge; FB_ERR_REFUSED:
 *   cannot remove charge '7': it is on invoice INV-2026-00001
 *   cannot remove charge '7': it is on draft 3   (hint: discard or refresh the draft)
 */
int fb_charge_remove(struct fb_db *db, int64_t id, struct fb_err *err);

#endif
