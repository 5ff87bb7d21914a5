/*
 * test-cover.c - unit tests for lib/cover.c: prepaid blocks drawn in
 * the order the work was done at each line's multiplier, partial cover
 * rounded so a line covered whole cancels exactly, days a block covers,
 * lines a plan covers, and plan fees prorated by days.
 */
#include "cover.h"
#include "unit.h"
#include "when.h"

/* Noon UTC of a date: its local day in UTC. */
static int64_t
noon(int y, int m, int d)
{
	return fb_days_from_civil(y, m, d) * 86400 + 12 * 3600;
}

static void
labor(struct fb_invoice *inv, int64_t job, const char *cls, int64_t billed, int64_t amount,
      int64_t start)
{
	struct fb_invoice_line *l = fb_invoice_add_line(inv);

	l->job_id = job;
	l->kind = fb_xstrdup("labor");
	l->class = fb_xstrdup(cls);
	l->billed_seconds = billed;
	l->amount = amount;
	l->work_start = start;
	l->tax_code = fb_xstrdup("GST");
}

static void
test_issue_example(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_cover_block b = { 1, 0, INT64_MAX, 36000 };
	struct fb_cover_draw *d;
	struct fb_err err = FB_ERR_INIT;
	size_t n;
	int64_t sum = 0;

	fb_pricing_policy_init(&p);
	fb_invoice_init(&inv);
	/* Listed out of order: the 7h job was done last, after hours first. */
	labor(&inv, 3, "normal", 25200, 70000, noon(2026, 10, 7));
	labor(&inv, 1, "normal", 7200, 20000, noon(2026, 10, 6));
	labor(&inv, 2, "after_hours", 3600, 15000, noon(2026, 10, 6) + 1);
	CHECK_INT(fb_cover_apply(&p, &inv, NULL, 0, &b, 1, &d, &n, &err), 0);
	CHECK_INT(inv.nlines, 6);
	CHECK_INT(n, 3);
	CHECK_STR(inv.lines[1].kind, "covered");
	CHECK_STR(inv.lines[1].description, "Covered by prepaid block 1 (6h30m)");
	CHECK_INT(inv.lines[1].amount, -65000);
	CHECK_STR(inv.lines[1].tax_code, "GST");
	CHECK_STR(inv.lines[3].description, "Covered by prepaid block 1 (2h00m)");
	CHECK_INT(inv.lines[3].amount, -20000);
	CHECK_STR(inv.lines[5].description, "Covered by prepaid block 1 (1h30m)");
	CHECK_INT(inv.lines[5].amount, -15000);
	CHECK_INT(b.left, 0);
	for (size_t i = 0; i < inv.nlines; i++)
		sum += inv.lines[i].amount;
	CHECK_INT(sum, 5000);
	/* Draws name the covered lines, in the order they were drawn. */
	CHECK_INT(d[0].line, 1);
	CHECK_INT(d[0].seconds, 23400);
	CHECK_INT(d[1].line, 3);
	CHECK_INT(d[1].seconds, 7200);
	CHECK_INT(d[2].line, 5);
	CHECK_INT(d[2].seconds, 5400);
	free(d);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

static void
test_partial_and_days(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_cover_block b[2] = {
		{ 4, fb_days_from_civil(2026, 10, 6), fb_days_from_civil(2026, 10, 6), 1000 },
		{ 5, 0, INT64_MAX, 1000 },
	};
	struct fb_cover_draw *d;
	struct fb_err err = FB_ERR_INIT;
	size_t n;

	fb_pricing_policy_init(&p);
	fb_invoice_init(&inv);
	/* 3,000 s needed; 1,000 from each block: 1/3 and 2/3 of 100.00 rounded. */
	labor(&inv, 1, "normal", 3000, 10000, noon(2026, 10, 6));
	/* Another day: block 4 no longer covers it, block 5 has nothing left. */
	labor(&inv, 2, "normal", 600, 1000, noon(2026, 10, 7));
	CHECK_INT(fb_cover_apply(&p, &inv, NULL, 0, b, 2, &d, &n, &err), 0);
	CHECK_INT(n, 2);
	CHECK_INT(inv.nlines, 4);
	CHECK_INT(inv.lines[1].amount, -3333);
	CHECK_INT(inv.lines[2].amount, -3334);
	CHECK_STR(inv.lines[3].kind, "labor");
	free(d);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

static void
test_plan(void)
{
	struct fb_pricing_policy p;
	struct fb_invoice inv;
	struct fb_cover_block b = { 1, 0, INT64_MAX, 36000 };
	struct fb_cover_draw *d;
	struct fb_err err = FB_ERR_INIT;
	int64_t jobs[] = { 2 };
	size_t n;

	fb_pricing_policy_init(&p);
	fb_invoice_init(&inv);
	labor(&inv, 1, "normal", 3600, 10000, noon(2026, 10, 6));
	labor(&inv, 2, "weekend", 3600, 20000, noon(2026, 10, 10));
	CHECK_INT(fb_cover_apply(&p, &inv, jobs, 1, &b, 1, &d, &n, &err), 0);
	CHECK_INT(inv.nlines, 4);
	CHECK_STR(inv.lines[3].description, "Covered by plan");
	CHECK_INT(inv.lines[3].amount, -20000);
	/* The plan's job draws nothing from the block. */
	CHECK_INT(n, 1);
	CHECK_INT(b.left, 32400);
	free(d);
	fb_invoice_release(&inv);
	fb_pricing_policy_release(&p);
}

static void
test_periods(void)
{
	int64_t f, l, a;
	int64_t oct16 = fb_days_from_civil(2026, 10, 16);

	CHECK_INT(fb_cover_period(150000, 1, oct16, oct16, INT64_MAX, &f, &l, &a), 0);
	CHECK_INT(a, 77419);
	CHECK_INT(f, oct16);
	CHECK_INT(l, fb_days_from_civil(2026, 10, 31));
	CHECK_INT(fb_cover_next_period(1, oct16), fb_days_from_civil(2026, 11, 1));
	CHECK_INT(fb_cover_period(150000, 1, fb_days_from_civil(2026, 11, 1), oct16, INT64_MAX,
				  &f, &l, &a), 0);
	CHECK_INT(a, 150000);
	/* Q4 cut at 2026-11-15: 46 of 92 days. */
	CHECK_INT(fb_cover_period(300000, 3, fb_days_from_civil(2026, 10, 1),
				  fb_days_from_civil(2026, 10, 1), fb_days_from_civil(2026, 11, 15),
				  &f, &l, &a), 0);
	CHECK_INT(a, 150000);
	CHECK_INT(fb_cover_next_period(12, oct16), fb_days_from_civil(2027, 1, 1));
	CHECK_INT(fb_cover_next_period(3, fb_days_from_civil(2026, 12, 31)),
		  fb_days_from_civil(2027, 1, 1));
	/* A period the plan does not run in. */
	CHECK_INT(fb_cover_period(150000, 1, fb_days_from_civil(2026, 9, 1), oct16, INT64_MAX,
				  &f, &l, &a), -1);
}

int
main(void)
{
	if (fb_tz_set("UTC", NULL) < 0)
		return 1;
	test_issue_example();
	test_partial_and_days();
	test_plan();
	test_periods();
	return unit_done();
}
