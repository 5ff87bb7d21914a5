/*
 * test-charge.c - unit tests for the pure arithmetic of lib/charge.c:
 * part unit prices from cost and markup, line amounts from quantity and
 * unit price (each rounded half away from zero, once), and the parsing
 * of quantities and markups.
 */
#include "charge.h"
#include "unit.h"

static int64_t
price(int64_t cost, int64_t markup)
{
	int64_t p = -999;

	if (fb_charge_unit_price(cost, markup, &p) < 0)
		return -1;
	return p;
}

static int64_t
amount(int64_t qty, int64_t unit)
{
	int64_t a = -999;

	if (fb_charge_line_amount(qty, unit, &a) < 0)
		return -1;
	return a;
}

static int64_t
qty_ok(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t q = -999;

	if (fb_charge_parse_quantity(s, &q, &err) < 0) {
		printf("# unexpected error: %s\n", err.msg);
		fb_err_release(&err);
		return -999;
	}
	return q;
}

static int64_t
markup_ok(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t m = -999;

	if (fb_charge_parse_markup(s, &m, &err) < 0) {
		printf("# unexpected error: %s\n", err.msg);
		fb_err_release(&err);
		return -999;
	}
	return m;
}

/* The message of a parse that must fail (FB_ERR_USAGE, output untouched). */
static char *
parse_err(int (*parse)(const char *, int64_t *, struct fb_err *), const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t v = 12345;
	char *msg;

	if (parse(s, &v, &err) == 0)
		return NULL;
	if (err.code != FB_ERR_USAGE || v != 12345) {
		fb_err_release(&err);
		return fb_xstrdup("wrong code or output touched");
	}
	msg = err.msg;
	err.msg = NULL;
	fb_err_release(&err);
	return msg;
}

int
main(void)
{
	/* SPEC section 5: SSD cost 60.00, markup 25 % -> 75.00. */
	CHECK_INT(price(6000, 250000), 7500);
	/* No markup: the cost. */
	CHECK_INT(price(1234, 0), 1234);
	/* 100 % doubles. */
	CHECK_INT(price(999, 1000000), 1998);
	/* 9.99 x 1.333333 = 13.31999667 -> 13.32. */
	CHECK_INT(price(999, 333333), 1332);
	/* Exact halves go away from zero: 0.01 x 1.5 = 0.015 -> 0.02. */
	CHECK_INT(price(1, 500000), 2);
	/* Just below a half goes down: 0.01 x 1.4999 = 0.014999 -> 0.01. */
	CHECK_INT(price(1, 499900), 1);
	/* 3 x 1.125 = 3.375 minor units -> 3 (JPY 3 yen at 12.5 %). */
	CHECK_INT(price(3, 125000), 3);
	/* 1000 yen at 12.5 %: 1125. */
	CHECK_INT(price(1000, 125000), 1125);
	/* KWD 1.234 at 10 % = 1.3574 -> 1.357. */
	CHECK_INT(price(1234, 100000), 1357);
	/* Fractional markup: 8.25 % of 100.00 = 108.25. */
	CHECK_INT(price(10000, 82500), 10825);
	/* Refusals: negative inputs, overflow. */
	CHECK_INT(price(-1, 0), -1);
	CHECK_INT(price(100, -1), -1);
	CHECK_INT(price(INT64_MAX, 1000000), -1);
	CHECK_INT(price(INT64_MAX, 0), INT64_MAX);
	CHECK_INT(price(100, INT64_MAX), -1);

	/* Line amounts: quantity in thousandths. */
	CHECK_INT(amount(1000, 7500), 7500);
	CHECK_INT(amount(2000, 7500), 15000);
	/* 0.333 x 13.32 = 4.43556 -> 4.44. */
	CHECK_INT(amount(333, 1332), 444);
	/* 1.5 x 0.01 = 0.015 -> 0.02 (half away from zero). */
	CHECK_INT(amount(1500, 1), 2);
	/* 0.5 x 0.01 = 0.005 -> 0.01; 0.499 x 0.01 -> 0.00. */
	CHECK_INT(amount(500, 1), 1);
	CHECK_INT(amount(499, 1), 0);
	/* The unit price is rounded before the quantity applies (SPEC 3):
	 * 3 x round(0.01 x 1.5) = 3 x 0.02 = 0.06, not round(0.045) = 0.05. */
	CHECK_INT(amount(3000, price(1, 500000)), 6);
	CHECK_INT(amount(1000000000, 100), 100000000);
	CHECK_INT(amount(INT64_MAX, 2000), -1);
	CHECK_INT(amount(-1000, 5), -1);

	/* Quantities. */
	CHECK_INT(qty_ok("1"), 1000);
	CHECK_INT(qty_ok("2"), 2000);
	CHECK_INT(qty_ok("1.5"), 1500);
	CHECK_INT(qty_ok("0.125"), 125);
	CHECK_INT(qty_ok("0.001"), 1);
	CHECK_INT(qty_ok("1000000"), 1000000000);
	CHECK_STR_FREE(parse_err(fb_charge_parse_quantity, "1.2345"),
		       "invalid quantity '1.2345': at most 3 decimals");
	CHECK_STR_FREE(parse_err(fb_charge_parse_quantity, "0"),
		       "invalid quantity '0': must be more than zero");
	CHECK_STR_FREE(parse_err(fb_charge_parse_quantity, "0.000"),
		       "invalid quantity '0.000': must be more than zero");
	CHECK_STR_FREE(parse_err(fb_charge_parse_quantity, "-1"),
		       "invalid quantity '-1'");
	CHECK_STR_FREE(parse_err(fb_charge_parse_quantity, "two"),
		       "invalid quantity 'two'");
	CHECK_STR_FREE(parse_err(fb_charge_parse_quantity, ""),
		       "invalid quantity ''");
	CHECK_STR_FREE(parse_err(fb_charge_parse_quantity, "1000000.001"),
		       "invalid quantity '1000000.001': more than 1000000");
	CHECK_STR_FREE(fb_charge_format_quantity(1500), "1.5");
	CHECK_STR_FREE(fb_charge_format_quantity(1000), "1");
	CHECK_STR_FREE(fb_charge_format_quantity(333), "0.333");

	/* Markups: percent, up to 4 decimals, an optional '%'. */
	CHECK_INT(markup_ok("25"), 250000);
	CHECK_INT(markup_ok("25%"), 250000);
	CHECK_INT(markup_ok("12.5"), 125000);
	CHECK_INT(markup_ok("33.3333"), 333333);
	CHECK_INT(markup_ok("0"), 0);
	CHECK_STR_FREE(parse_err(fb_charge_parse_markup, "33.33333"),
		       "invalid markup '33.33333': at most 4 decimals");
	CHECK_STR_FREE(parse_err(fb_charge_parse_markup, "-5"),
		       "invalid markup '-5': must not be negative");
	CHECK_STR_FREE(parse_err(fb_charge_parse_markup, "lots"),
		       "invalid markup 'lots': write a percentage such as 25");
	CHECK_STR_FREE(parse_err(fb_charge_parse_markup, "%"),
		       "invalid markup '%': write a percentage such as 25");
	CHECK_STR_FREE(parse_err(fb_charge_parse_markup, "100001"),
		       "invalid markup '100001': too large");

	return unit_done();
}
