/*
 * pricing.h - what an invoice charges (SPEC section 5), as a pure
 * function of the billing policy and the work: no database, no clock,
 * integer minor units only.
 *
 * The caller (lib/invoice.c) loads the policy from the settings, resolves
 * each entry's hourly rate with lib/rates and hands the jobs over; this
 * module classifies every second, rounds, applies the call-out minimum,
 * prices the charges and computes tax, appending the lines to a struct
 * fb_invoice and setting its subtotal, tax and total.
 */
#ifndef FB_PRICING_H
#define FB_PRICING_H

#include <stddef.h>
#include <stdint.h>

#include "duration.h"
#include "invoice.h"
#include "tax.h"
#include "util.h"
#include "when.h"

enum fb_pricing_class {
	FB_PRICING_NORMAL,		/* inside business hours on a business day */
	FB_PRICING_AFTER_HOURS,		/* outside them on a business day */
	FB_PRICING_WEEKEND,		/* a day that is not a business day, or a holiday */
	FB_PRICING_NCLASS
};

/* "normal", "after_hours", "weekend": the JSON and database names. */
const char *fb_pricing_class_name(enum fb_pricing_class c);

/*
 * The billing policy: the billing.* and tax.* settings, parsed.
 * Multipliers are ten-thousandths (1.5 = 15000).  holidays is owned by
 * the policy (days since 1970-01-01, see fb_days_from_civil), and so
 * are the tax codes: codes[kind_code[k]] taxes the lines of kind k
 * (NONE until fb_pricing_policy_tax says otherwise); a line that names
 * its own code finds it among codes.
 */
struct fb_pricing_policy {
	struct fb_bizhours hours;
	int64_t multiplier[FB_PRICING_NCLASS];
	int64_t *holidays;
	size_t nholidays;
	int increment;			/* minutes, >= 1 */
	enum fb_rounding rounding;
	int round_per_entry;		/* 0: round per job */
	int64_t minimum;		/* minutes of labor per job */
	int64_t minimum_onsite;		/* of a job opened on site; -1: minimum */
	struct fb_tax_code *codes;
	size_t ncodes;
	size_t kind_code[FB_TAX_NKINDS];
	int tax_per_line;		/* 0: round tax once per invoice, per component */
	int notes;			/* keep the entries' notes on labor lines */
	int amounts_only;		/* labor lines without description or
					 * technicians, for totals alone */
};

/* The defaults of SPEC section 2 (Mon-Fri 08:00-18:00, 15 up per job...). */
void fb_pricing_policy_init(struct fb_pricing_policy *p);
void fb_pricing_policy_release(struct fb_pricing_policy *p);
/*
 * Set one policy field from the text of a setting: billing.increment,
 * billing.rounding, billing.round_per, billing.minimum,
 * billing.minimum_onsite (empty: as billing.minimum),
 * billing.business_hours, billing.after_hours, billing.weekend,
 * billing.holidays, tax.rounding.  Other keys are ignored (returns 0).
 * A malformed value is FB_ERR_USAGE.
 */
int fb_pricing_policy_set(struct fb_pricing_policy *p, const char *key,
			  const char *value, struct fb_err *err);
/*
 * Tax the lines of kind with (a copy of) code; fb_pricing_policy_code
 * only makes code known, for lines that name it themselves.  A code of
 * the same name as one already known replaces it.
 */
void fb_pricing_policy_tax(struct fb_pricing_policy *p, enum fb_tax_kind kind,
			   const struct fb_tax_code *code);
void fb_pricing_policy_code(struct fb_pricing_policy *p, const struct fb_tax_code *code);

/*
 * Classify the instants [start, stop) in the local zone (fb_tz_set):
 * seconds[c] receives the number of seconds of class c, and *first the
 * class of the first second.  Entries are split at local midnight and at
 * the opening and closing times of each day, each computed from local
 * civil time, so days of 23 or 25 hours come out right.
 */
void fb_pricing_classify(const struct fb_pricing_policy *p, int64_t start,
			 int64_t stop, int64_t seconds[FB_PRICING_NCLASS],
			 enum fb_pricing_class *first);

/* One stopped, billable time entry of a job. */
struct fb_pricing_entry {
	int64_t start, stop;		/* Unix seconds, stop > start */
	int64_t rate;			/* resolved hourly rate, minor units */
	int nocharge;			/* on the invoice at 0.00 */
	const char *tech;		/* the technician's name (borrowed); may be NULL */
	const char *note;		/* the entry's note (borrowed); may be NULL */
};

enum fb_pricing_charge_kind {
	FB_CHARGE_PART,
	FB_CHARGE_TRIP,
	FB_CHARGE_FLAT,
	FB_CHARGE_DISCOUNT		/* a negative amount before tax */
};

/* A charge as stored: its amount is already round(quantity x unit price). */
struct fb_pricing_charge {
	enum fb_pricing_charge_kind kind;
	const char *description;	/* borrowed */
	int64_t quantity;		/* thousandths */
	int64_t unit_price;
	int64_t amount;
};

/* The unbilled work of one job.  Arrays are borrowed. */
struct fb_pricing_job {
	int64_t id;
	const struct fb_pricing_entry *entries;	/* in order of start */
	size_t nentries;
	const struct fb_pricing_charge *charges;
	size_t ncharges;
	int minimum_billed;		/* another live invoice decided its minimum */
	int onsite;			/* opened --onsite: billing.minimum_onsite */
};

/*
 * Price the jobs onto inv: for each job in order, its labor lines (by
 * class: normal, after hours, weekend; within a class by rate; no-charge
 * lines after the charged ones), its call-out minimum, then its charges
 * in order.  A labor line names its class and, when it is not 1, the
 * multiplier ("Labor, after hours ×1.5"); when a job has two lines of one
 * class at different rates, each names its technicians.  A no-charge line
 * has amount 0 and carries in waived what it would have cost.  With
 * notes set, a labor line carries its entries' notes, one a line.
 *
 * Then tax and the totals (fb_pricing_totals).
 *
 * Lines already on inv are kept and count towards subtotal and tax.
 * Returns 0, or -1 with FB_ERR_RUNTIME when an amount overflows.
 */
int fb_pricing_price(const struct fb_pricing_policy *p,
		     const struct fb_pricing_job *jobs, size_t njobs,
		     struct fb_invoice *inv, struct fb_err *err);

/*
 * The lines of one job, as fb_pricing_price prices each (no totals):
 * for a caller that reads its jobs one at a time and totals at the end
 * (fb_pricing_totals, or fb_pricing_sum).  0, or -1 on overflow.
 */
int fb_pricing_job(const struct fb_pricing_policy *p, const struct fb_pricing_job *job,
		   struct fb_invoice *inv, struct fb_err *err);

/*
 * Running totals of lines that are not kept (report unbilled holds one
 * job's lines at a time): fed every line, in order, fb_pricing_sum_add
 * and fb_pricing_sum_totals give the subtotal and tax fb_pricing_totals
 * gives over all of them, each code's net kept as the lines come and the
 * discounts spread over the codes at the end as it spreads them.  Zero
 * it to start; release it after.  0, or -1 on overflow (or a line that
 * names a code p does not know, or discounts over lines adding up to 0).
 */
struct fb_pricing_sum {
	int64_t subtotal;
	size_t *used;		/* the tax codes of the lines (among p's), in order met */
	int64_t *net;		/* of each of those codes: its lines but the discounts */
	size_t nused, aused, anet;
	int64_t tax;		/* tax rounded per line: those lines' taxes */
	int64_t *discount;	/* the discounts, to spread at the end */
	size_t ndiscount, adiscount;
};

int fb_pricing_sum_add(const struct fb_pricing_policy *p, struct fb_pricing_sum *s,
		       const struct fb_invoice_line *lines, size_t n, struct fb_err *err);
int fb_pricing_sum_totals(const struct fb_pricing_policy *p, const struct fb_pricing_sum *s,
			  int64_t *subtotal, int64_t *tax, int64_t *total, struct fb_err *err);
void fb_pricing_sum_release(struct fb_pricing_sum *s);

/*
 * Recompute the subtotal, taxes, tax and total of inv's lines under p's
 * tax settings (what fb_pricing_price does after adding lines), SPEC
 * section 11.  Each line without a tax code gets its kind's; a line of
 * kind "discount" has none: it is spread over the codes in proportion
 * to their net, exactly (fb_money_allocate).  For each code and each of
 * its components, on the net of its lines (the base):
 *  - per invoice (tax.rounding=invoice): tax = round(base x rate), and
 *    that tax is allocated to the lines in proportion to their net,
 *    largest remainder first, so the lines' shares add up to it;
 *  - per line: each line's share is round(net x rate), the tax their sum.
 * A line's tax is the sum of its shares.  inv->taxes gets one row per
 * component of each code in use (NONE included), in the order the codes
 * first appear; inv->tax is their sum, inv->total = subtotal + tax, and
 * inv->tax_rate the one rate charged, when there is exactly one (else 0).
 * -1 with FB_ERR_RUNTIME when an amount overflows or a line names a code
 * p does not know.
 */
int fb_pricing_totals(const struct fb_pricing_policy *p, struct fb_invoice *inv,
		      struct fb_err *err);

/*
 * Append an invoice discount to inv (before fb_pricing_totals): a line of
 * kind "discount" and no job, of minus round(sum of the lines so far x
 * percent) when percent > 0 (ten-thousandths of a percent: 10 % =
 * 100000), else of minus amount.  desc NULL gives "Discount 10%" or
 * "Discount".  -1 with FB_ERR_RUNTIME on overflow.
 */
int fb_pricing_discount(struct fb_invoice *inv, int64_t percent, int64_t amount,
			const char *desc, struct fb_err *err);

/* "×1.5" for 15000; "" for 10000.  Caller frees. */
char *fb_pricing_multiplier_text(int64_t multiplier);

/*
 * Set the amount-derived fields of a labor line: amount =
 * round(billed_seconds x rate x multiplier / (3600 x 10000)), unit_price =
 * round(rate x multiplier / 10000), quantity = billed hours in
 * thousandths.  -1 on overflow.
 */
int fb_pricing_labor_amount(int64_t billed_seconds, int64_t rate,
			    int64_t multiplier, int64_t *amount,
			    int64_t *unit_price, int64_t *quantity);

#endif
