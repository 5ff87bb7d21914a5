/*
 * test-pricing.c - unit tests for lib/pricing.c: the SPEC's worked
 * example to the cent, classification across midnight, holidays and
 * both DST changes, a job's entries day after day, rounding modes per
 * job and per entry, the call-out minimum, no-charge work, currencies
 * of 0 and 3 decimals, tax per invoice against tax per line, discounts
 * before tax and the texts of labor lines.
 */
#include "pricing.h"
#include "unit.h"

static int64_t
at(int y, int mo, int d, int h, int mi)
{
	struct fb_civil c = { y, mo, d, h, mi, 0 };
	int64_t t = 0;

	if (fb_local_to_utc(&c, &t, NULL) < 0)
		printf("# bad local time %d-%d-%d %d:%d\n", y, mo, d, h, mi);
	return t;
}

static void
zone(const char *name)
{
	if (fb_tz_set(name, NULL) < 0)
		printf("# cannot set zone %s\n", name);
}

/*
 * Tax the kinds in mask (1 labor, 2 parts, 4 other) with code, of one
 * component (comp2 NULL) or two.
 */
static void
set_code(struct fb_pricing_policy *p, int mask, const char *code, const char *comp1,
	 int64_t r1, const char *comp2, int64_t r2)
{
	struct fb_tax_code t;

	fb_tax_code_init(&t);
	t.code = fb_xstrdup(code);
	fb_tax_code_add(&t, comp1, r1);
	if (comp2)
		fb_tax_code_add(&t, comp2, r2);
	for (int k = 0; k < FB_TAX_NKINDS; k++)
		if (mask & (1 << k))
			fb_pricing_policy_tax(p, (enum fb_tax_kind)k, &t);
	if (mask == 0)
		fb_pricing_policy_code(p, &t);
	fb_tax_code_release(&t);
}

/* The SPEC's policy: 15 up per job, minimum 60, 8.25 % on all. */
static void
spec_policy(struct fb_pricing_policy *p)
{
	fb_pricing_policy_init(p);
	fb_pricing_policy_set(p, "billing.minimum", "60", NULL);
	set_code(p, 7, "TAX", "TAX", 82500, NULL, 0);
}

static int
price(const struct fb_pricing_policy *p, const struct fb_pricing_job *jobs,
      size_t n, struct fb_invoice *inv)
{
	struct fb_err err = FB_ERR_INIT;
	int rc;

	fb_invoice_init(inv);
	rc = fb_pricing_price(p, jobs, n, inv, &err);
	if (rc < 0) {
		printf("# pricing failed: %s\n", err.msg);
		fb_err_release(&err);
	}
	return rc;
}

/* Every invoice: lines add up to the subtotal, line taxes to the tax. */
static void
check_sums(const struct fb_invoice *inv)
{
	int64_t sum = 0, tax = 0;

	for (size_t i = 0; i < inv->nlines; i++) {
		sum += inv->lines[i].amount;
		tax += inv->lines[i].tax;
	}
	CHECK_INT(sum, inv->subtotal);
	CHECK_INT(tax, inv->tax);
	CHECK_INT(inv->subtotal + inv->tax, inv->total);
}

static void
check_line(const struct fb_invoice_line *l, const char *kind, const char *cls,
	   int64_t actual, int64_t billed, int64_t unit, int64_t amount)
{
	CHECK_STR(l->kind, kind);
	if (cls)
		CHECK_STR(l->class, cls);
	else
		CHECK(l->class == NULL);
	CHECK_INT(l->actual_seconds, actual);
	CHECK_INT(l->billed_seconds, billed);
	CHECK_INT(l->unit_price, unit);
	CHECK_INT(l->amount, amount);
}

static void
test_worked_example(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_pricing_entry a[2], b[1];
	struct fb_pricing_charge ssd = { FB_CHARGE_PART, "SSD", 1000, 7500, 7500 };
	struct fb_pricing_job ja = { 1, a, 2, &ssd, 1, 0, 0 }, jb = { 2, b, 1, NULL, 0, 0, 0 };
	struct fb_pricing_job both[2];

	zone("America/New_York");
	spec_policy(&p);
	a[0] = (struct fb_pricing_entry){ at(2026, 10, 6, 17, 20), at(2026, 10, 6, 18, 40), 10000, 0, NULL, NULL };
	a[1] = (struct fb_pricing_entry){ at(2026, 10, 7, 9, 0), at(2026, 10, 7, 9, 10), 10000, 0, NULL, NULL };
	b[0] = (struct fb_pricing_entry){ at(2026, 10, 10, 10, 0), at(2026, 10, 10, 10, 20), 10000, 0, NULL, NULL };

	CHECK(price(&p, &ja, 1, &inv) == 0);
	CHECK_INT(inv.nlines, 3);
	if (inv.nlines == 3) {
		check_line(&inv.lines[0], "labor", "normal", 50 * 60, 60 * 60, 10000, 10000);
		CHECK_INT(inv.lines[0].quantity, 1000);
		check_line(&inv.lines[1], "labor", "after_hours", 40 * 60, 45 * 60, 15000, 11250);
		CHECK_INT(inv.lines[1].quantity, 750);
		check_line(&inv.lines[2], "part", NULL, -1, -1, 7500, 7500);
		CHECK_STR(inv.lines[2].description, "SSD");
	}
	CHECK_INT(inv.subtotal, 28750);
	CHECK_INT(inv.tax, 2372);
	CHECK_INT(inv.total, 31122);
	CHECK_INT(inv.tax_rate, 82500);
	check_sums(&inv);
	fb_invoice_release(&inv);

	CHECK(price(&p, &jb, 1, &inv) == 0);
	CHECK_INT(inv.nlines, 2);
	if (inv.nlines == 2) {
		check_line(&inv.lines[0], "labor", "weekend", 20 * 60, 30 * 60, 20000, 10000);
		check_line(&inv.lines[1], "minimum", "weekend", 0, 30 * 60, 20000, 10000);
		/* The weekend multiplier is named on the line. */
		CHECK_STR(inv.lines[1].description, "Call-out minimum \xc3\x97" "2");
		CHECK_INT(inv.lines[1].job_id, 2);
	}
	CHECK_INT(inv.subtotal, 20000);
	check_sums(&inv);
	fb_invoice_release(&inv);

	/* Both on one invoice: 487.50, tax round(487.50 x 8.25 %) = 40.22. */
	both[0] = ja;
	both[1] = jb;
	CHECK(price(&p, both, 2, &inv) == 0);
	CHECK_INT(inv.nlines, 5);
	CHECK_INT(inv.subtotal, 48750);
	CHECK_INT(inv.tax, 4022);
	CHECK_INT(inv.total, 52772);
	check_sums(&inv);
	fb_invoice_release(&inv);

	/* The minimum was billed on an earlier invoice: not again. */
	jb.minimum_billed = 1;
	CHECK(price(&p, &jb, 1, &inv) == 0);
	CHECK_INT(inv.nlines, 1);
	CHECK_INT(inv.subtotal, 10000);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

static int64_t
one_job_subtotal(const struct fb_pricing_policy *p, const struct fb_pricing_entry *e,
		 size_t n, struct fb_invoice *inv)
{
	struct fb_pricing_job j = { 7, e, n, NULL, 0, 0, 0 };

	if (price(p, &j, 1, inv) < 0)
		return -1;
	check_sums(inv);
	return inv->subtotal;
}

static void
test_rounding(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_pricing_entry e[2];

	zone("UTC");
	fb_pricing_policy_init(&p);
	/* Wed 2026-10-14, 10:00 + 22 minutes, rate 100.00. */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 10, 0), at(2026, 10, 14, 10, 22), 10000, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 5000);	/* up: 30 min */
	fb_invoice_release(&inv);
	fb_pricing_policy_set(&p, "billing.rounding", "nearest", NULL);
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 2500);	/* 22 -> 15 */
	CHECK_INT(inv.lines[0].billed_seconds, 900);
	CHECK_INT(inv.lines[0].actual_seconds, 1320);
	fb_invoice_release(&inv);
	e[0].stop = at(2026, 10, 14, 10, 23);
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 5000);	/* 23 -> 30 */
	fb_invoice_release(&inv);
	/* An exact half (7m30s of 15) goes up. */
	e[0].stop = e[0].start + 450;
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 2500);
	fb_invoice_release(&inv);
	e[0].stop = e[0].start + 449;
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 0);
	CHECK_INT(inv.nlines, 1);	/* the time is still shown */
	fb_invoice_release(&inv);
	fb_pricing_policy_set(&p, "billing.rounding", "down", NULL);
	e[0].stop = at(2026, 10, 14, 10, 29);
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 2500);	/* 29 -> 15 */
	fb_invoice_release(&inv);

	/* Two 5-minute entries: per job 10 -> 15 min, per entry 15 + 15. */
	fb_pricing_policy_set(&p, "billing.rounding", "up", NULL);
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 10, 0), at(2026, 10, 14, 10, 5), 10000, 0, NULL, NULL };
	e[1] = (struct fb_pricing_entry){ at(2026, 10, 14, 11, 0), at(2026, 10, 14, 11, 5), 10000, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 2, &inv), 2500);
	CHECK_INT(inv.nlines, 1);
	fb_invoice_release(&inv);
	fb_pricing_policy_set(&p, "billing.round_per", "entry", NULL);
	CHECK_INT(one_job_subtotal(&p, e, 2, &inv), 5000);
	CHECK_INT(inv.nlines, 1);
	CHECK_INT(inv.lines[0].actual_seconds, 600);
	CHECK_INT(inv.lines[0].billed_seconds, 1800);
	fb_invoice_release(&inv);

	/* Per entry, an entry split by closing time rounds each part. */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 17, 55), at(2026, 10, 14, 18, 5), 10000, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 2500 + 3750);
	CHECK_INT(inv.nlines, 2);
	fb_invoice_release(&inv);

	/* Increment 6 minutes (tenths of an hour). */
	fb_pricing_policy_set(&p, "billing.round_per", "job", NULL);
	fb_pricing_policy_set(&p, "billing.increment", "6", NULL);
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 10, 0), at(2026, 10, 14, 10, 13), 10000, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 3000);
	CHECK_INT(inv.lines[0].quantity, 300);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

static void
test_classify(void)
{
	struct fb_pricing_policy p;
	int64_t s[FB_PRICING_NCLASS];
	enum fb_pricing_class first;

	zone("America/New_York");
	fb_pricing_policy_init(&p);

	/* Fri 23:30 to Sat 00:30: half after hours, half weekend. */
	fb_pricing_classify(&p, at(2026, 10, 9, 23, 30), at(2026, 10, 10, 0, 30), s, &first);
	CHECK_INT(s[FB_PRICING_NORMAL], 0);
	CHECK_INT(s[FB_PRICING_AFTER_HOURS], 1800);
	CHECK_INT(s[FB_PRICING_WEEKEND], 1800);
	CHECK_INT(first, FB_PRICING_AFTER_HOURS);

	/* Sun 23:00 to Mon 09:00: 1 weekend, 8 after hours, 1 normal. */
	fb_pricing_classify(&p, at(2026, 10, 11, 23, 0), at(2026, 10, 12, 9, 0), s, &first);
	CHECK_INT(s[FB_PRICING_WEEKEND], 3600);
	CHECK_INT(s[FB_PRICING_AFTER_HOURS], 8 * 3600);
	CHECK_INT(s[FB_PRICING_NORMAL], 3600);
	CHECK_INT(first, FB_PRICING_WEEKEND);

	/* A whole working day, 07:00 to 19:00. */
	fb_pricing_classify(&p, at(2026, 10, 14, 7, 0), at(2026, 10, 14, 19, 0), s, &first);
	CHECK_INT(s[FB_PRICING_NORMAL], 10 * 3600);
	CHECK_INT(s[FB_PRICING_AFTER_HOURS], 2 * 3600);

	/* A holiday is billed as weekend. */
	CHECK(fb_pricing_policy_set(&p, "billing.holidays", "2026-11-26,2026-12-25", NULL) == 0);
	fb_pricing_classify(&p, at(2026, 11, 26, 10, 0), at(2026, 11, 26, 11, 0), s, &first);
	CHECK_INT(s[FB_PRICING_WEEKEND], 3600);
	CHECK_INT(s[FB_PRICING_NORMAL], 0);
	CHECK_INT(first, FB_PRICING_WEEKEND);
	/* ...and the day after is not. */
	fb_pricing_classify(&p, at(2026, 11, 27, 10, 0), at(2026, 11, 27, 11, 0), s, &first);
	CHECK_INT(s[FB_PRICING_NORMAL], 3600);

	/*
	 * Fall back: Sat 2026-10-31 23:00 EDT to Sun 03:00 EST is five real
	 * hours: one after hours (Saturday is a working day here), four on
	 * Sunday, which has 25 hours.
	 */
	CHECK(fb_pricing_policy_set(&p, "billing.business_hours", "Mon-Sat 08:00-18:00", NULL) == 0);
	fb_pricing_classify(&p, at(2026, 10, 31, 23, 0), at(2026, 11, 1, 3, 0), s, &first);
	CHECK_INT(s[FB_PRICING_AFTER_HOURS], 3600);
	CHECK_INT(s[FB_PRICING_WEEKEND], 4 * 3600);

	/*
	 * Spring forward: Sun 2026-03-08 00:00 EST to 04:00 EDT is three real
	 * hours; opening at 03:00, two are before it.
	 */
	CHECK(fb_pricing_policy_set(&p, "billing.business_hours", "Mon-Sun 03:00-18:00", NULL) == 0);
	fb_pricing_classify(&p, at(2026, 3, 8, 0, 0), at(2026, 3, 8, 4, 0), s, &first);
	CHECK_INT(s[FB_PRICING_AFTER_HOURS], 2 * 3600);
	CHECK_INT(s[FB_PRICING_NORMAL], 3600);
	/* Opening inside the gap (02:30) opens when the clock reaches 03:00. */
	CHECK(fb_pricing_policy_set(&p, "billing.business_hours", "Mon-Sun 02:30-18:00", NULL) == 0);
	fb_pricing_classify(&p, at(2026, 3, 8, 0, 0), at(2026, 3, 8, 4, 0), s, &first);
	CHECK_INT(s[FB_PRICING_AFTER_HOURS], 2 * 3600);
	CHECK_INT(s[FB_PRICING_NORMAL], 3600);
	/* Closing at 24:00 runs to the next midnight. */
	CHECK(fb_pricing_policy_set(&p, "billing.business_hours", "Mon-Fri 20:00-24:00", NULL) == 0);
	fb_pricing_classify(&p, at(2026, 10, 14, 19, 0), at(2026, 10, 15, 1, 0), s, &first);
	CHECK_INT(s[FB_PRICING_AFTER_HOURS], 2 * 3600);
	CHECK_INT(s[FB_PRICING_NORMAL], 4 * 3600);
	fb_pricing_policy_release(&p);
}

/*
 * A job's entries classified one after another: pricing keeps the last
 * local day it looked up, so entries of the same day, of the next day,
 * over a fall-back night and on the 25-hour day after it must each come
 * out as they do alone.  Without descriptions (amounts_only) the amounts
 * are the same.
 */
static void
test_job_days(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv, bare;
	struct fb_pricing_entry e[6];
	int64_t want[FB_PRICING_NCLASS] = { 0, 0, 0 }, got[FB_PRICING_NCLASS] = { 0, 0, 0 };
	int64_t s[FB_PRICING_NCLASS];

	zone("America/New_York");
	fb_pricing_policy_init(&p);
	CHECK(fb_pricing_policy_set(&p, "billing.increment", "1", NULL) == 0);
	CHECK(fb_pricing_policy_set(&p, "billing.minimum", "0", NULL) == 0);
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 7, 0), at(2026, 10, 14, 9, 0), 10000, 0, "kim", NULL };
	e[1] = (struct fb_pricing_entry){ at(2026, 10, 14, 17, 0), at(2026, 10, 14, 19, 0), 10000, 0, "kim", NULL };
	e[2] = (struct fb_pricing_entry){ at(2026, 10, 15, 17, 30), at(2026, 10, 15, 18, 30), 10000, 0, "lee", NULL };
	e[3] = (struct fb_pricing_entry){ at(2026, 10, 31, 23, 0), at(2026, 11, 1, 3, 0), 10000, 0, "kim", NULL };
	e[4] = (struct fb_pricing_entry){ at(2026, 11, 1, 10, 0), at(2026, 11, 1, 11, 0), 10000, 0, "kim", NULL };
	e[5] = (struct fb_pricing_entry){ at(2026, 11, 2, 8, 0), at(2026, 11, 2, 9, 0), 10000, 0, "kim", NULL };
	for (size_t i = 0; i < 6; i++) {
		fb_pricing_classify(&p, e[i].start, e[i].stop, s, NULL);
		for (int c = 0; c < FB_PRICING_NCLASS; c++)
			want[c] += s[c];
	}
	CHECK_INT(want[FB_PRICING_NORMAL], 3 * 3600 + 1800);
	CHECK_INT(want[FB_PRICING_AFTER_HOURS], 2 * 3600 + 1800);
	CHECK_INT(want[FB_PRICING_WEEKEND], 6 * 3600);	/* 1 on Saturday, 5 on Sunday */

	CHECK(one_job_subtotal(&p, e, 6, &inv) >= 0);
	for (size_t i = 0; i < inv.nlines; i++) {
		const struct fb_invoice_line *l = &inv.lines[i];

		for (int c = 0; c < FB_PRICING_NCLASS; c++)
			if (strcmp(l->class, fb_pricing_class_name((enum fb_pricing_class)c)) == 0)
				got[c] += l->actual_seconds;
		CHECK(l->description != NULL);
	}
	CHECK_INT(inv.nlines, 3);
	for (int c = 0; c < FB_PRICING_NCLASS; c++)
		CHECK_INT(got[c], want[c]);

	p.amounts_only = 1;
	CHECK_INT(one_job_subtotal(&p, e, 6, &bare), inv.subtotal);
	CHECK_INT(bare.nlines, inv.nlines);
	for (size_t i = 0; i < bare.nlines && i < inv.nlines; i++) {
		CHECK_INT(bare.lines[i].amount, inv.lines[i].amount);
		CHECK(bare.lines[i].description == NULL);
	}
	fb_invoice_release(&inv);
	fb_invoice_release(&bare);
	fb_pricing_policy_release(&p);
}

static void
test_dst_invoice(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_pricing_entry e[1];

	/*
	 * Sun 2026-11-01 00:30 to 02:30 EST in New York is three real hours
	 * (01:00-02:00 happens twice): weekend 3h x 200.00 = 600.00.
	 */
	zone("America/New_York");
	fb_pricing_policy_init(&p);
	e[0] = (struct fb_pricing_entry){ at(2026, 11, 1, 0, 30), at(2026, 11, 1, 2, 30), 10000, 0, NULL, NULL };
	CHECK_INT(e[0].stop - e[0].start, 3 * 3600);
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 60000);
	CHECK_INT(inv.lines[0].quantity, 3000);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

/* billing.minimum_onsite: on-site jobs only; empty is billing.minimum again. */
static void
test_minimum_onsite(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_pricing_entry e[1];
	struct fb_pricing_job j = { 7, e, 1, NULL, 0, 0, 0 };

	zone("UTC");
	fb_pricing_policy_init(&p);
	fb_pricing_policy_set(&p, "billing.minimum", "30", NULL);
	CHECK_INT(fb_pricing_policy_set(&p, "billing.minimum_onsite", "120", NULL), 0);
	CHECK_INT(p.minimum_onsite, 120);
	/* Wed 10:00-10:10 at 100.00: 15 minutes billed. */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 10, 0), at(2026, 10, 14, 10, 10), 10000, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 5000);	/* remote: 30 minutes */
	fb_invoice_release(&inv);
	j.onsite = 1;
	CHECK_INT(price(&p, &j, 1, &inv), 0);
	CHECK_INT(inv.subtotal, 20000);				/* on site: 2 hours */
	CHECK_INT(inv.lines[1].billed_seconds, 105 * 60);
	fb_invoice_release(&inv);
	/* The minimum decided by an earlier invoice: none here. */
	j.minimum_billed = 1;
	CHECK_INT(price(&p, &j, 1, &inv), 0);
	CHECK_INT(inv.subtotal, 2500);
	fb_invoice_release(&inv);
	j.minimum_billed = 0;
	CHECK_INT(fb_pricing_policy_set(&p, "billing.minimum_onsite", "", NULL), 0);
	CHECK_INT(price(&p, &j, 1, &inv), 0);
	CHECK_INT(inv.subtotal, 5000);
	fb_invoice_release(&inv);
	CHECK(fb_pricing_policy_set(&p, "billing.minimum_onsite", "x", NULL) < 0);
	fb_pricing_policy_release(&p);
}

static void
test_minimum_and_nocharge(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_pricing_entry e[3];

	zone("UTC");
	fb_pricing_policy_init(&p);
	fb_pricing_policy_set(&p, "billing.minimum", "60", NULL);
	/*
	 * 60 minutes at no charge and 15 charged: the no-charge time does
	 * not count, so the minimum bills 45 more minutes.
	 */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 9, 0), at(2026, 10, 14, 10, 0), 10000, 1, NULL, NULL };
	e[1] = (struct fb_pricing_entry){ at(2026, 10, 14, 19, 0), at(2026, 10, 14, 19, 15), 10000, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 2, &inv), 3750 + 11250);
	CHECK_INT(inv.nlines, 3);
	if (inv.nlines == 3) {
		check_line(&inv.lines[0], "labor", "normal", 3600, 3600, 0, 0);
		CHECK_STR(inv.lines[0].description, "Labor, normal hours, no charge");
		/* What the hour would have cost at 100.00. */
		CHECK_INT(inv.lines[0].waived, 10000);
		check_line(&inv.lines[1], "labor", "after_hours", 900, 900, 15000, 3750);
		/* At the rate and class of the first charged entry. */
		check_line(&inv.lines[2], "minimum", "after_hours", 0, 2700, 15000, 11250);
	}
	fb_invoice_release(&inv);

	/* Only no-charge work: no minimum, nothing to pay. */
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 0);
	CHECK_INT(inv.nlines, 1);
	fb_invoice_release(&inv);

	/* Two rates in one class are two lines; the minimum takes the first entry's. */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 9, 0), at(2026, 10, 14, 9, 10), 12000, 0, NULL, NULL };
	e[1] = (struct fb_pricing_entry){ at(2026, 10, 14, 10, 0), at(2026, 10, 14, 10, 10), 9000, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 2, &inv), 2250 + 3000 + 6000);
	CHECK_INT(inv.nlines, 3);
	if (inv.nlines == 3) {
		CHECK_INT(inv.lines[0].unit_price, 9000);
		CHECK_INT(inv.lines[1].unit_price, 12000);
		check_line(&inv.lines[2], "minimum", "normal", 0, 1800, 12000, 6000);
	}
	fb_invoice_release(&inv);

	/* Labor at or above the minimum: no line. */
	e[0].stop = at(2026, 10, 14, 10, 0);
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 12000);
	CHECK_INT(inv.nlines, 1);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

static void
test_currencies(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_pricing_entry e[1];
	int64_t amount, unit, qty;

	zone("UTC");
	fb_pricing_policy_init(&p);
	/* JPY 4,999/h after hours, 15 min: 4999 x 1.5 / 4 = 1874.625 -> 1875 yen. */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 19, 0), at(2026, 10, 14, 19, 10), 4999, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 1875);
	CHECK_INT(inv.lines[0].unit_price, 7499);	/* 7498.5 rounds up */
	fb_invoice_release(&inv);
	/* KWD 25.125/h (fils) after hours, 30 min: 18843.75 -> 18.844 KWD. */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 14, 19, 0), at(2026, 10, 14, 19, 20), 25125, 0, NULL, NULL };
	CHECK_INT(one_job_subtotal(&p, e, 1, &inv), 18844);
	CHECK_INT(inv.lines[0].unit_price, 37688);	/* 37687.5 */
	fb_invoice_release(&inv);

	CHECK(fb_pricing_labor_amount(50 * 60, 10000, 10000, &amount, &unit, &qty) == 0);
	CHECK_INT(amount, 8333);
	CHECK_INT(qty, 833);
	CHECK(fb_pricing_labor_amount(INT64_MAX / 2, INT64_MAX / 2, 20000, &amount, &unit, &qty) < 0);
	fb_pricing_policy_release(&p);
}

static void
test_tax(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_pricing_charge c[3] = {
		{ FB_CHARGE_FLAT, "Setup", 1000, 1005, 1005 },
		{ FB_CHARGE_FLAT, "Backup", 1000, 1005, 1005 },
		{ FB_CHARGE_PART, "Cable", 2000, 250, 500 },
	};
	struct fb_pricing_job j = { 3, NULL, 0, c, 2, 0, 0 };
	struct fb_err err = FB_ERR_INIT;

	/* Untaxed by default: every line NONE, one row for it. */
	fb_pricing_policy_init(&p);
	CHECK(price(&p, &j, 1, &inv) == 0);
	CHECK_INT(inv.tax, 0);
	CHECK_STR(inv.lines[0].tax_code, "NONE");
	CHECK_INT(inv.ntaxes, 1);
	CHECK_STR(inv.ntaxes ? inv.taxes[0].code : NULL, "NONE");
	CHECK_INT(inv.ntaxes ? inv.taxes[0].base : 0, 2010);
	CHECK_INT(inv.tax_rate, 0);
	fb_invoice_release(&inv);

	set_code(&p, 7, "TAX", "TAX", 50000, NULL, 0);
	/*
	 * Per invoice: 20.10 x 5 % = 1.005 -> 1.01, allocated to the lines in
	 * proportion to their net, 0.505 each: the earlier of two equal
	 * remainders takes the odd cent.
	 */
	CHECK(price(&p, &j, 1, &inv) == 0);
	CHECK_INT(inv.tax, 101);
	CHECK_INT(inv.total, 2111);
	CHECK_INT(inv.lines[0].tax, 51);
	CHECK_INT(inv.lines[1].tax, 50);
	CHECK_INT(inv.tax_rate, 50000);
	CHECK_INT(inv.ntaxes, 1);
	CHECK_INT(inv.ntaxes ? inv.taxes[0].base : 0, 2010);
	CHECK_INT(inv.ntaxes ? inv.taxes[0].amount : 0, 101);
	check_sums(&inv);
	fb_invoice_release(&inv);
	/* Per line: 0.5025 -> 0.50 twice = 1.00. */
	fb_pricing_policy_set(&p, "tax.rounding", "line", NULL);
	CHECK(price(&p, &j, 1, &inv) == 0);
	CHECK_INT(inv.tax, 100);
	CHECK_INT(inv.total, 2110);
	CHECK_INT(inv.ntaxes ? inv.taxes[0].amount : 0, 100);
	check_sums(&inv);
	fb_invoice_release(&inv);

	/* A code per kind: the cable (parts) by one, the fees (other) by NONE. */
	j.ncharges = 3;
	fb_pricing_policy_set(&p, "tax.rounding", "invoice", NULL);
	fb_pricing_policy_release(&p);
	fb_pricing_policy_init(&p);
	set_code(&p, 2, "TAX", "TAX", 50000, NULL, 0);
	CHECK(price(&p, &j, 1, &inv) == 0);
	CHECK_INT(inv.subtotal, 2510);
	CHECK_INT(inv.tax, 25);
	CHECK_INT(inv.lines[0].tax, 0);
	CHECK_STR(inv.lines[0].tax_code, "NONE");
	CHECK_INT(inv.lines[2].tax, 25);
	CHECK_STR(inv.lines[2].tax_code, "TAX");
	/* Rows in the order the codes first appear on the lines. */
	CHECK_INT(inv.ntaxes, 2);
	if (inv.ntaxes == 2) {
		CHECK_STR(inv.taxes[0].code, "NONE");
		CHECK_INT(inv.taxes[0].base, 2010);
		CHECK_STR(inv.taxes[1].code, "TAX");
		CHECK_INT(inv.taxes[1].base, 500);
		CHECK_INT(inv.taxes[1].amount, 25);
	}
	check_sums(&inv);
	fb_invoice_release(&inv);

	/* Zero-decimal tax: 8.25 % of 1,875 yen = 154.6875 -> 155. */
	set_code(&p, 7, "TAX", "TAX", 82500, NULL, 0);
	c[0].amount = 1875;
	j.ncharges = 1;
	CHECK(price(&p, &j, 1, &inv) == 0);
	CHECK_INT(inv.tax, 155);
	fb_invoice_release(&inv);
	c[0].amount = 1005;

	/* Bad settings are usage errors. */
	CHECK(fb_pricing_policy_set(&p, "billing.holidays", "2026-13-01", &err) < 0);
	CHECK_STR(err.msg, "invalid holiday '2026-13-01': want YYYY-MM-DD");
	fb_err_release(&err);
	fb_pricing_policy_release(&p);
}

/* Two flat fees of 150.00 and 40.00 on job 1, then the discount. */
static void
discounted(struct fb_invoice *inv, int64_t percent, int64_t amount)
{
	static const struct fb_pricing_charge ch[] = {
		{ FB_CHARGE_FLAT, "Move the rack", 1000, 15000, 15000 },
		{ FB_CHARGE_PART, "Cable", 1000, 4000, 4000 },
	};
	struct fb_pricing_job jb = { 1, NULL, 0, ch, 2, 0, 0 };
	struct fb_pricing_policy p;

	spec_policy(&p);
	CHECK(price(&p, &jb, 1, inv) == 0);
	CHECK(fb_pricing_discount(inv, percent, amount, NULL, NULL) == 0);
	CHECK(fb_pricing_totals(&p, inv, NULL) == 0);
	fb_pricing_policy_release(&p);
}

static void
test_discount(void)
{
	static const struct fb_pricing_charge ch[] = {
		{ FB_CHARGE_PART, "Disk", 1000, 10000, 10000 },
		{ FB_CHARGE_FLAT, "Setup", 1000, 10000, 10000 },
		{ FB_CHARGE_DISCOUNT, "Goodwill", 1000, -2000, -2000 },
	};
	struct fb_pricing_job jb = { 1, NULL, 0, ch, 3, 0, 0 };
	struct fb_pricing_policy p;
	struct fb_invoice inv;

	/* By hand: 190.00, 10 % off = 171.00; 8.25 % of 171.00 = 14.1075. */
	discounted(&inv, 100000, 0);
	CHECK_INT(inv.nlines, 3);
	CHECK_STR(inv.lines[2].kind, "discount");
	CHECK_STR(inv.lines[2].description, "Discount 10%");
	CHECK_INT(inv.lines[2].amount, -1900);
	CHECK_INT(inv.subtotal, 17100);
	CHECK_INT(inv.tax, 1411);
	CHECK_INT(inv.total, 18511);
	CHECK_INT(inv.ntaxes, 1);
	CHECK_INT(inv.taxes[0].base, 17100);
	CHECK_INT(inv.taxes[0].amount, 1411);
	check_sums(&inv);
	fb_invoice_release(&inv);

	discounted(&inv, 0, 500);
	CHECK_STR(inv.lines[2].description, "Discount");
	CHECK_INT(inv.subtotal, 18500);
	CHECK_INT(inv.taxes[0].base, 18500);
	fb_invoice_release(&inv);

	/*
	 * Only parts taxed: the job's discount of 20.00 lowers the taxed
	 * base by its share, 20.00 x 100/200 = 10.00: 8.25 % of 90.00.
	 */
	fb_pricing_policy_init(&p);
	set_code(&p, 2, "TAX", "TAX", 82500, NULL, 0);
	CHECK(price(&p, &jb, 1, &inv) == 0);
	CHECK_STR(inv.lines[2].kind, "discount");
	CHECK_INT(inv.lines[2].job_id, 1);
	CHECK_INT(inv.subtotal, 18000);
	CHECK_STR(inv.taxes[0].code, "TAX");
	CHECK_INT(inv.taxes[0].base, 9000);
	CHECK_INT(inv.tax, 743);
	/* 743 in proportion to 100.00 and -10.00: 825.56 and -82.56. */
	CHECK_INT(inv.lines[0].tax, 826);
	CHECK_INT(inv.lines[2].tax, -83);
	check_sums(&inv);
	fb_invoice_release(&inv);

	/* Per line: each share is taxed and rounded on its own. */
	fb_pricing_policy_set(&p, "tax.rounding", "line", NULL);
	CHECK(price(&p, &jb, 1, &inv) == 0);
	CHECK_INT(inv.lines[0].tax, 825);
	CHECK_INT(inv.lines[2].tax, -83);
	CHECK_INT(inv.tax, 742);
	check_sums(&inv);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

/* A line of kind and amount on inv. */
static struct fb_invoice_line *
line(struct fb_invoice *inv, const char *kind, int64_t amount)
{
	struct fb_invoice_line *l = fb_invoice_add_line(inv);

	l->kind = fb_xstrdup(kind);
	l->description = fb_xstrdup(kind);
	l->quantity = 1000;
	l->unit_price = amount;
	l->amount = amount;
	return l;
}

static int
totals(const struct fb_pricing_policy *p, struct fb_invoice *inv)
{
	struct fb_err err = FB_ERR_INIT;
	int rc = fb_pricing_totals(p, inv, &err);

	if (rc < 0) {
		printf("# totals failed: %s\n", err.msg);
		fb_err_release(&err);
	}
	return rc;
}

/* SPEC section 11: codes of several components, allocation, discounts. */
static void
test_codes(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_err err = FB_ERR_INIT;

	/* GST 5 % + PST 7 % on 287.50: each its own total, no tax on tax. */
	fb_pricing_policy_init(&p);
	set_code(&p, 7, "GSTPST", "GST", 50000, "PST", 70000);
	fb_invoice_init(&inv);
	line(&inv, "labor", 21250);
	line(&inv, "part", 7500);
	CHECK(totals(&p, &inv) == 0);
	CHECK_INT(inv.ntaxes, 2);
	if (inv.ntaxes == 2) {
		CHECK_STR(inv.taxes[0].component, "GST");
		CHECK_INT(inv.taxes[0].base, 28750);
		CHECK_INT(inv.taxes[0].amount, 1438);	/* 14.375 -> 14.38 */
		CHECK_STR(inv.taxes[1].component, "PST");
		CHECK_INT(inv.taxes[1].amount, 2013);	/* 20.125 -> 20.13 */
	}
	CHECK_INT(inv.tax, 3451);
	CHECK_INT(inv.tax_rate, 0);		/* two rates: no one rate */
	/* Per component, largest remainder first: GST 10.63 + 3.75, PST 14.88 + 5.25. */
	CHECK_INT(inv.lines[0].tax, 1063 + 1488);
	CHECK_INT(inv.lines[1].tax, 375 + 525);
	check_sums(&inv);
	fb_invoice_release(&inv);

	/* A taxable line whose share rounds to 0.00 keeps its code. */
	fb_pricing_policy_release(&p);
	fb_pricing_policy_init(&p);
	set_code(&p, 7, "SALES", "SALES", 82500, NULL, 0);
	fb_invoice_init(&inv);
	line(&inv, "flat", 1);
	line(&inv, "labor", 10000);
	CHECK(totals(&p, &inv) == 0);
	CHECK_INT(inv.tax, 825);		/* 100.01 x 8.25 % = 8.250825 */
	CHECK_INT(inv.lines[0].tax, 0);
	CHECK_STR(inv.lines[0].tax_code, "SALES");
	CHECK_INT(inv.lines[1].tax, 825);
	fb_invoice_release(&inv);

	/* A line that names its own code keeps it; an unknown one is an error. */
	set_code(&p, 0, "VAT20", "VAT20", 200000, NULL, 0);
	fb_invoice_init(&inv);
	line(&inv, "flat", 10000)->tax_code = fb_xstrdup("VAT20");
	line(&inv, "labor", 10000);
	CHECK(totals(&p, &inv) == 0);
	CHECK_INT(inv.lines[0].tax, 2000);
	CHECK_INT(inv.lines[1].tax, 825);
	CHECK_INT(inv.ntaxes, 2);
	CHECK_STR(inv.ntaxes ? inv.taxes[0].code : NULL, "VAT20");
	fb_invoice_release(&inv);
	fb_invoice_init(&inv);
	line(&inv, "flat", 10000)->tax_code = fb_xstrdup("GONE");
	CHECK(fb_pricing_totals(&p, &inv, &err) < 0);
	CHECK_STR(err.msg, "cannot tax line 1: no tax code 'GONE'");
	fb_err_release(&err);
	fb_invoice_release(&inv);

	/*
	 * A discount is spread over the codes in proportion to their net:
	 * 15.00 off 100.00 at VAT 20 % and 50.00 untaxed is 10.00 and 5.00;
	 * VAT's base 90.00, its tax 18.00, of which the discount's share
	 * carries -2.00.
	 */
	fb_pricing_policy_release(&p);
	fb_pricing_policy_init(&p);
	set_code(&p, 1, "VAT20", "VAT20", 200000, NULL, 0);
	fb_invoice_init(&inv);
	line(&inv, "labor", 10000);
	line(&inv, "part", 5000);
	line(&inv, "discount", -1500);
	CHECK(totals(&p, &inv) == 0);
	CHECK_INT(inv.subtotal, 13500);
	CHECK_INT(inv.tax, 1800);
	CHECK_INT(inv.lines[0].tax, 2000);
	CHECK_INT(inv.lines[1].tax, 0);
	CHECK_INT(inv.lines[2].tax, -200);
	CHECK(inv.lines[2].tax_code == NULL);
	CHECK_INT(inv.ntaxes, 2);
	if (inv.ntaxes == 2) {
		CHECK_STR(inv.taxes[0].code, "VAT20");
		CHECK_INT(inv.taxes[0].base, 9000);
		CHECK_INT(inv.taxes[0].amount, 1800);
		CHECK_STR(inv.taxes[1].code, "NONE");
		CHECK_INT(inv.taxes[1].base, 4500);
	}
	check_sums(&inv);
	fb_invoice_release(&inv);

	/* The lines of a credit note allocate as their invoice's, signs over. */
	set_code(&p, 7, "TAX", "TAX", 50000, NULL, 0);
	fb_invoice_init(&inv);
	line(&inv, "flat", -1005);
	line(&inv, "flat", -1005);
	CHECK(totals(&p, &inv) == 0);
	CHECK_INT(inv.tax, -101);
	CHECK_INT(inv.lines[0].tax, -51);
	CHECK_INT(inv.lines[1].tax, -50);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

static void
test_labor_texts(void)
{
	struct fb_pricing_entry e[3];
	struct fb_pricing_job jb;
	struct fb_pricing_policy p;
	struct fb_invoice inv;

	zone("America/New_York");
	spec_policy(&p);
	p.notes = 1;
	/* Two rates in one class: each line names who worked it. */
	e[0] = (struct fb_pricing_entry){ at(2026, 10, 6, 9, 0), at(2026, 10, 6, 10, 0),
					  10000, 0, "Kim Lee", "swapped the disk" };
	e[1] = (struct fb_pricing_entry){ at(2026, 10, 6, 11, 0), at(2026, 10, 6, 12, 0),
					  11000, 0, "Sam Roe", NULL };
	e[2] = (struct fb_pricing_entry){ at(2026, 10, 6, 19, 0), at(2026, 10, 6, 20, 0),
					  10000, 0, "Kim Lee", "swapped the disk" };
	memset(&jb, 0, sizeof(jb));
	jb.id = 4;
	jb.entries = e;
	jb.nentries = 3;
	CHECK(price(&p, &jb, 1, &inv) == 0);
	CHECK_INT(inv.nlines, 3);
	if (inv.nlines == 3) {
		CHECK_STR(inv.lines[0].description, "Labor, normal hours (Kim Lee)");
		CHECK_STR(inv.lines[1].description, "Labor, normal hours (Sam Roe)");
		CHECK_STR(inv.lines[2].description, "Labor, after hours \xc3\x97" "1.5");
		CHECK_STR(inv.lines[0].notes, "swapped the disk");
		CHECK(inv.lines[1].notes == NULL);
	}
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
	{
		char *m = fb_pricing_multiplier_text(20000);

		CHECK_STR(m, "\xc3\x97" "2");
		free(m);
		m = fb_pricing_multiplier_text(10000);
		CHECK_STR(m, "");
		free(m);
	}
}

/*
 * Running totals a job at a time (report unbilled) against the totals of
 * one invoice of all the jobs: the same subtotal and tax, per invoice and
 * per line, whichever kinds of line a code taxes, with one code or two
 * (one of two components), the discount spread over them included.
 */
static void
test_sum(void)
{
	static const char *const rounding[] = { "invoice", "line" };
	/* Which codes tax which kinds: all at one rate, labor only, parts only, two codes. */
	static const int masks[][2] = { { 7, 0 }, { 1, 0 }, { 2, 0 }, { 1, 6 } };
	struct fb_pricing_entry e[3] = {
		{ 0, 0, 9500, 0, NULL, NULL }, { 0, 0, 12000, 0, NULL, NULL },
		{ 0, 0, 9500, 1, NULL, NULL },
	};
	struct fb_pricing_charge c[3] = {
		{ FB_CHARGE_PART, "Cable", 3000, 333, 999 },
		{ FB_CHARGE_TRIP, NULL, 1000, 4550, 4550 },
		{ FB_CHARGE_DISCOUNT, "Goodwill", 1000, -1234, -1234 },
	};
	struct fb_pricing_job jobs[3] = {
		{ 1, e, 2, c, 1, 0, 0 }, { 2, e + 2, 1, NULL, 0, 0, 0 }, { 3, NULL, 0, c + 1, 2, 0, 0 },
	};
	struct fb_err err = FB_ERR_INIT;

	zone("America/New_York");
	e[0].start = at(2026, 10, 6, 17, 20);
	e[0].stop = at(2026, 10, 6, 18, 41);
	e[1].start = at(2026, 10, 10, 9, 0);
	e[1].stop = at(2026, 10, 10, 9, 7);
	e[2].start = at(2026, 10, 7, 9, 0);
	e[2].stop = at(2026, 10, 7, 9, 10);
	for (size_t r = 0; r < FB_ARRAY_SIZE(rounding); r++)
		for (size_t m = 0; m < FB_ARRAY_SIZE(masks); m++) {
			struct fb_pricing_policy p;
			struct fb_pricing_sum sum;
			struct fb_invoice all, one;
			int64_t subtotal = 0, tax = 0, total = 0;

			fb_pricing_policy_init(&p);
			fb_pricing_policy_set(&p, "tax.rounding", rounding[r], NULL);
			set_code(&p, masks[m][0], "TAX", "TAX", 83333, NULL, 0);
			if (masks[m][1])
				set_code(&p, masks[m][1], "GSTPST", "GST", 50000, "PST", 70000);
			CHECK(price(&p, jobs, FB_ARRAY_SIZE(jobs), &all) == 0);
			memset(&sum, 0, sizeof(sum));
			for (size_t j = 0; j < FB_ARRAY_SIZE(jobs); j++) {
				fb_invoice_init(&one);
				CHECK(fb_pricing_job(&p, &jobs[j], &one, &err) == 0);
				CHECK(fb_pricing_sum_add(&p, &sum, one.lines, one.nlines, &err) == 0);
				fb_invoice_release(&one);
			}
			CHECK(fb_pricing_sum_totals(&p, &sum, &subtotal, &tax, &total, &err) == 0);
			CHECK_INT(subtotal, all.subtotal);
			CHECK_INT(tax, all.tax);
			CHECK_INT(total, all.total);
			CHECK(tax > 0);
			fb_pricing_sum_release(&sum);
			fb_invoice_release(&all);
			fb_pricing_policy_release(&p);
		}
}

int
main(void)
{
	test_worked_example();
	test_rounding();
	test_classify();
	test_job_days();
	test_dst_invoice();
	test_minimum_and_nocharge();
	test_minimum_onsite();
	test_currencies();
	test_tax();
	test_discount();
	test_labor_texts();
	test_codes();
	test_sum();
	return unit_done();
}
