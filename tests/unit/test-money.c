/*
 * test-money.c - unit tests for lib/money.c: the currency table, parsing
 * and formatting of amounts, and exact rounding arithmetic.
 */
#include "money.h"
#include "unit.h"

static int64_t
parse_ok(const char *s, const char *cur)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t v = -999;

	if (fb_money_parse(s, cur, 1, &v, &err) != 0) {
		printf("# unexpected error: %s\n", err.msg);
		fb_err_release(&err);
		return -999;
	}
	return v;
}

/* The error message of a parse that must fail, or NULL when it passed. */
static char *
parse_err(const char *s, const char *cur, int allow_neg)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t v = 12345;
	char *msg;

	if (fb_money_parse(s, cur, allow_neg, &v, &err) == 0)
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

static void
test_currencies(void)
{
	static const struct { const char *code; int dec; } want[] = {
		{ "USD", 2 }, { "EUR", 2 }, { "GBP", 2 }, { "JPY", 0 },
		{ "KWD", 3 }, { "BHD", 3 }, { "OMR", 3 }, { "JOD", 3 },
		{ "TND", 3 }, { "LYD", 3 }, { "IQD", 3 }, { "CHF", 2 },
		{ "CAD", 2 }, { "AUD", 2 }, { "NZD", 2 }, { "SEK", 2 },
		{ "NOK", 2 }, { "DKK", 2 }, { "PLN", 2 }, { "CZK", 2 },
		{ "HUF", 2 }, { "ISK", 0 }, { "KRW", 0 }, { "CLP", 0 },
		{ "VND", 0 }, { "XAF", 0 }, { "XOF", 0 }, { "XPF", 0 },
		{ "INR", 2 }, { "CNY", 2 }, { "HKD", 2 }, { "SGD", 2 },
		{ "ZAR", 2 }, { "BRL", 2 }, { "MXN", 2 }, { "AED", 2 },
		{ "ZWG", 2 }, { "CLF", 4 }, { "UYW", 4 }, { "PYG", 0 },
		{ "UGX", 0 }, { "RWF", 0 }, { "BIF", 0 }, { "DJF", 0 },
		{ "GNF", 0 }, { "KMF", 0 }, { "VUV", 0 }, { "UYI", 0 },
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(want); i++) {
		CHECK_INT(fb_currency_decimals(want[i].code), want[i].dec);
		CHECK(fb_currency_valid(want[i].code));
	}
	CHECK_INT(fb_currency_decimals("XYZ"), -1);
	CHECK_INT(fb_currency_decimals("usd"), -1);
	CHECK_INT(fb_currency_decimals("US"), -1);
	CHECK_INT(fb_currency_decimals("USDX"), -1);
	CHECK_INT(fb_currency_decimals(""), -1);
	CHECK_INT(fb_currency_decimals(NULL), -1);
	CHECK_INT(fb_currency_decimals("XAU"), -1);
	CHECK(!fb_currency_valid("usd"));
	CHECK(!fb_currency_valid("ABC"));
	CHECK(!fb_currency_valid(""));
	CHECK(!fb_currency_valid(NULL));
}

static void
test_parse(void)
{
	CHECK_INT(parse_ok("95", "USD"), 9500);
	CHECK_INT(parse_ok("95.5", "USD"), 9550);
	CHECK_INT(parse_ok("95.50", "USD"), 9550);
	CHECK_INT(parse_ok("0.01", "USD"), 1);
	CHECK_INT(parse_ok("0", "USD"), 0);
	CHECK_INT(parse_ok("-0", "USD"), 0);
	CHECK_INT(parse_ok("007.10", "USD"), 710);
	CHECK_INT(parse_ok("-5", "USD"), -500);
	CHECK_INT(parse_ok("-5.25", "EUR"), -525);
	CHECK_INT(parse_ok("1200", "JPY"), 1200);
	CHECK_INT(parse_ok("1.5", "KWD"), 1500);
	CHECK_INT(parse_ok("1.505", "BHD"), 1505);
	CHECK_INT(parse_ok("0.001", "OMR"), 1);
	CHECK_INT(parse_ok("12.3456", "CLF"), 123456);
	/* Up to 10^15 minor units either way (SPEC section 15). */
	CHECK_INT(parse_ok("10000000000000", "USD"), FB_MONEY_MAX);
	CHECK_INT(parse_ok("10000000000000.00", "USD"), FB_MONEY_MAX);
	CHECK_INT(parse_ok("-10000000000000.00", "USD"), -FB_MONEY_MAX);
	CHECK_INT(parse_ok("1000000000000000", "JPY"), FB_MONEY_MAX);
	CHECK_INT(parse_ok("1000000000000.000", "KWD"), FB_MONEY_MAX);

	CHECK_STR_FREE(parse_err("95.555", "USD", 1),
		       "invalid amount '95.555': USD has 2 decimals");
	CHECK_STR_FREE(parse_err("95.500", "USD", 1),
		       "invalid amount '95.500': USD has 2 decimals");
	CHECK_STR_FREE(parse_err("1200.5", "JPY", 1),
		       "invalid amount '1200.5': JPY has no decimals");
	CHECK_STR_FREE(parse_err("1.5", "KRW", 1),
		       "invalid amount '1.5': KRW has no decimals");
	CHECK_STR_FREE(parse_err("1.0005", "KWD", 1),
		       "invalid amount '1.0005': KWD has 3 decimals");
	CHECK_STR_FREE(parse_err("abc", "USD", 1), "invalid amount 'abc'");
	CHECK_STR_FREE(parse_err("", "USD", 1), "invalid amount ''");
	CHECK_STR_FREE(parse_err("-", "USD", 1), "invalid amount '-'");
	CHECK_STR_FREE(parse_err(".5", "USD", 1), "invalid amount '.5'");
	CHECK_STR_FREE(parse_err("5.", "USD", 1), "invalid amount '5.'");
	CHECK_STR_FREE(parse_err("+5", "USD", 1), "invalid amount '+5'");
	CHECK_STR_FREE(parse_err("1,200", "USD", 1), "invalid amount '1,200'");
	CHECK_STR_FREE(parse_err("1.2.3", "USD", 1), "invalid amount '1.2.3'");
	CHECK_STR_FREE(parse_err(" 5", "USD", 1), "invalid amount ' 5'");
	CHECK_STR_FREE(parse_err("5 ", "USD", 1), "invalid amount '5 '");
	CHECK_STR_FREE(parse_err("$5", "USD", 1), "invalid amount '$5'");
	CHECK_STR_FREE(parse_err("5e3", "USD", 1), "invalid amount '5e3'");
	CHECK_STR_FREE(parse_err("--5", "USD", 1), "invalid amount '--5'");
	CHECK_STR_FREE(parse_err("-5", "USD", 0),
		       "invalid amount '-5': must not be negative");
	CHECK_STR_FREE(parse_err("-0.01", "USD", 0),
		       "invalid amount '-0.01': must not be negative");
	CHECK_STR_FREE(parse_err("10000000000000.01", "USD", 1),
		       "invalid amount '10000000000000.01': more than 10000000000000.00");
	CHECK_STR_FREE(parse_err("-10000000000000.01", "USD", 1),
		       "invalid amount '-10000000000000.01': more than 10000000000000.00");
	CHECK_STR_FREE(parse_err("1000000000000001", "JPY", 1),
		       "invalid amount '1000000000000001': more than 1000000000000000");
	CHECK_STR_FREE(parse_err("1000000000000.001", "BHD", 1),
		       "invalid amount '1000000000000.001': more than 1000000000000.000");
	/* The charge that once made a job unbillable: int64's largest. */
	CHECK_STR_FREE(parse_err("92233720368547758.07", "USD", 1),
		       "invalid amount '92233720368547758.07': more than 10000000000000.00");
	CHECK_STR_FREE(parse_err("99999999999999999999", "USD", 1),
		       "invalid amount '99999999999999999999': more than 10000000000000.00");
	CHECK_STR_FREE(parse_err("92233720368547758.08", "USD", 1),
		       "invalid amount '92233720368547758.08': more than 10000000000000.00");
	CHECK_STR_FREE(parse_err("9223372036854775808", "JPY", 1),
		       "invalid amount '9223372036854775808': more than 1000000000000000");
	CHECK_STR_FREE(parse_err("-99999999999999999999", "USD", 1),
		       "invalid amount '-99999999999999999999': more than 10000000000000.00");
	CHECK_STR_FREE(parse_err("5", "XYZ", 1), "unknown currency 'XYZ'");
	CHECK_STR_FREE(parse_err("5", "usd", 1), "unknown currency 'usd'");
	CHECK_STR_FREE(parse_err("5", NULL, 1), "unknown currency ''");
	CHECK(parse_err("5", "USD", 0) == NULL);
	CHECK(fb_money_parse("5", "USD", 0, &(int64_t){0}, NULL) == 0);
	CHECK(fb_money_parse("x", "USD", 0, &(int64_t){0}, NULL) == -1);
}

static void
test_format(void)
{
	CHECK_STR_FREE(fb_money_format(31122, "USD"), "311.22");
	CHECK_STR_FREE(fb_money_format(-500, "USD"), "-5.00");
	CHECK_STR_FREE(fb_money_format(0, "USD"), "0.00");
	CHECK_STR_FREE(fb_money_format(1, "USD"), "0.01");
	CHECK_STR_FREE(fb_money_format(-1, "USD"), "-0.01");
	CHECK_STR_FREE(fb_money_format(-99, "EUR"), "-0.99");
	CHECK_STR_FREE(fb_money_format(1200, "JPY"), "1200");
	CHECK_STR_FREE(fb_money_format(-1200, "JPY"), "-1200");
	CHECK_STR_FREE(fb_money_format(0, "JPY"), "0");
	CHECK_STR_FREE(fb_money_format(1500, "KWD"), "1.500");
	CHECK_STR_FREE(fb_money_format(-7, "BHD"), "-0.007");
	CHECK_STR_FREE(fb_money_format(123456, "CLF"), "12.3456");
	CHECK_STR_FREE(fb_money_format(1234567, NULL), "12345.67");
	CHECK_STR_FREE(fb_money_format(1234567, "XYZ"), "12345.67");
	CHECK_STR_FREE(fb_money_format(INT64_MAX, "USD"), "92233720368547758.07");
	CHECK_STR_FREE(fb_money_format(INT64_MIN, "USD"), "-92233720368547758.08");
	CHECK_STR_FREE(fb_money_format(INT64_MIN, "JPY"), "-9223372036854775808");

	CHECK_STR_FREE(fb_money_format_human(1234567, "USD"), "12,345.67");
	CHECK_STR_FREE(fb_money_format_human(-1234567, "USD"), "-12,345.67");
	CHECK_STR_FREE(fb_money_format_human(0, "USD"), "0.00");
	CHECK_STR_FREE(fb_money_format_human(99999, "USD"), "999.99");
	CHECK_STR_FREE(fb_money_format_human(100000, "USD"), "1,000.00");
	CHECK_STR_FREE(fb_money_format_human(-100000, "USD"), "-1,000.00");
	CHECK_STR_FREE(fb_money_format_human(123456789012, "USD"), "1,234,567,890.12");
	CHECK_STR_FREE(fb_money_format_human(1200, "JPY"), "1,200");
	CHECK_STR_FREE(fb_money_format_human(120, "JPY"), "120");
	CHECK_STR_FREE(fb_money_format_human(1234567, "KWD"), "1,234.567");
	CHECK_STR_FREE(fb_money_format_human(INT64_MIN, "JPY"),
		       "-9,223,372,036,854,775,808");
	CHECK_STR_FREE(fb_money_format_human(INT64_MAX, "USD"),
		       "92,233,720,368,547,758.07");
}

static void
test_round_trip(void)
{
	static const char *amounts[] = {
		"0.00", "0.01", "-0.01", "1.10", "311.22", "-5.00", "100000.00"
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(amounts); i++)
		CHECK_STR_FREE(fb_money_format(parse_ok(amounts[i], "USD"), "USD"),
			       amounts[i]);
	CHECK_STR_FREE(fb_money_format(parse_ok("1.5", "KWD"), "KWD"), "1.500");
	CHECK_STR_FREE(fb_money_format(parse_ok("95.5", "EUR"), "EUR"), "95.50");
}

static int64_t
muldiv(int64_t a, int64_t b, int64_t c)
{
	int64_t out = -424242;

	if (fb_muldiv_round(a, b, c, &out) != 0)
		return -424242;
	return out;
}

static int64_t
mul3div(int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t out = -424242;

	if (fb_mul3div_round(a, b, c, d, &out) != 0)
		return -424242;
	return out;
}

static void
test_muldiv(void)
{
	int64_t out;

	/* $95.00/h for 1h30m. */
	CHECK_INT(muldiv(9500, 5400, 3600), 14250);
	/* $95.00/h for 50 minutes: 7916.666 -> 7917. */
	CHECK_INT(muldiv(9500, 3000, 3600), 7917);
	/* $95.00/h for 10 minutes: 1583.33 -> 1583. */
	CHECK_INT(muldiv(9500, 600, 3600), 1583);
	CHECK_INT(muldiv(10, 1, 3), 3);
	CHECK_INT(muldiv(20, 1, 3), 7);

	/* Exact halves go away from zero, whatever the signs. */
	CHECK_INT(muldiv(5, 1, 2), 3);
	CHECK_INT(muldiv(-5, 1, 2), -3);
	CHECK_INT(muldiv(5, -1, 2), -3);
	CHECK_INT(muldiv(5, 1, -2), -3);
	CHECK_INT(muldiv(-5, -1, 2), 3);
	CHECK_INT(muldiv(-5, 1, -2), 3);
	CHECK_INT(muldiv(-5, -1, -2), -3);
	CHECK_INT(muldiv(1, 1, 2), 1);
	CHECK_INT(muldiv(-1, 1, 2), -1);
	CHECK_INT(muldiv(3, 1, 2), 2);
	CHECK_INT(muldiv(-3, 1, 2), -2);
	CHECK_INT(muldiv(25, 1, 10), 3);
	CHECK_INT(muldiv(-25, 1, 10), -3);
	/* Just below and above a half. */
	CHECK_INT(muldiv(1499, 1, 1000), 1);
	CHECK_INT(muldiv(1500, 1, 1000), 2);
	CHECK_INT(muldiv(-1499, 1, 1000), -1);
	CHECK_INT(muldiv(-1500, 1, 1000), -2);
	CHECK_INT(muldiv(1, 1, 3), 0);
	CHECK_INT(muldiv(-1, 1, 3), 0);
	CHECK_INT(muldiv(2, 1, 3), 1);
	CHECK_INT(muldiv(-2, 1, 3), -1);
	CHECK_INT(muldiv(0, 12345, 7), 0);
	CHECK_INT(muldiv(7, 0, 7), 0);

	/* The intermediate product exceeds 64 bits; the result does not. */
	CHECK_INT(muldiv(INT64_MAX, INT64_MAX, INT64_MAX), INT64_MAX);
	CHECK_INT(muldiv(INT64_MAX, 3600, 3600), INT64_MAX);
	CHECK_INT(muldiv(INT64_MIN, 3600, 3600), INT64_MIN);
	CHECK_INT(muldiv(INT64_MIN, -1, -1), INT64_MIN);
	CHECK_INT(muldiv(INT64_MIN, 1, 2), INT64_MIN / 2);
	CHECK_INT(muldiv(INT64_MAX, 1, 2), INT64_MAX / 2 + 1);
	CHECK_INT(muldiv(INT64_MAX, -1, 2), -(INT64_MAX / 2 + 1));
	CHECK_INT(muldiv(4000000000000000000, 4, 8), 2000000000000000000);

	/* Overflow is detected and leaves out alone. */
	out = 77;
	CHECK_INT(fb_muldiv_round(INT64_MAX, 2, 1, &out), -1);
	CHECK_INT(out, 77);
	CHECK_INT(fb_muldiv_round(INT64_MIN, -1, 1, &out), -1);
	CHECK_INT(fb_muldiv_round(INT64_MIN, 1, -1, &out), -1);
	CHECK_INT(fb_muldiv_round(INT64_MAX, INT64_MAX, 1, &out), -1);
	CHECK_INT(fb_muldiv_round(INT64_MIN, INT64_MIN, INT64_MAX, &out), -1);
	CHECK_INT(fb_muldiv_round(INT64_MAX, 1, 0, &out), -1);
	CHECK_INT(out, 77);
	CHECK_INT(fb_muldiv_round(INT64_MAX, 2, 2, &out), 0);
	CHECK_INT(out, INT64_MAX);
	CHECK_INT(fb_muldiv_round(INT64_MAX, 3, 2, &out), -1);
	/*
	 * (2^32 + 1) * (2^32 - 1) / 2 = 2^63 - 0.5: rounding away from zero
	 * gives -2^63 (fits) on the negative side and 2^63 (does not) on the
	 * positive side.
	 */
	CHECK_INT(fb_muldiv_round(-4294967297, 4294967295, 2, &out), 0);
	CHECK_INT(out, INT64_MIN);
	out = 9;
	CHECK_INT(fb_muldiv_round(4294967297, 4294967295, 2, &out), -1);
	CHECK_INT(out, 9);
	CHECK_INT(muldiv(4294967297, 4294967295, 3), 6148914691236517205);

	/* $95.00/h, 1.5 quantity, 50 minutes: 9500 * 3000 * 15 / 36000. */
	CHECK_INT(mul3div(9500, 3000, 15, 36000), 11875);
	CHECK_INT(mul3div(9500, 3000, 1, 3600), 7917);
	CHECK_INT(mul3div(1, 1, 5, 2), 3);
	CHECK_INT(mul3div(1, -1, 5, 2), -3);
	CHECK_INT(mul3div(-1, -1, -5, 2), -3);
	CHECK_INT(mul3div(1, 1, 5, -2), -3);
	CHECK_INT(mul3div(7, 3, 1, 2), 11);
	CHECK_INT(mul3div(-7, 3, 1, 2), -11);
	CHECK_INT(mul3div(0, INT64_MAX, INT64_MAX, 1), 0);
	/* a*b*c is 189 bits here, yet the quotient is exact. */
	CHECK_INT(mul3div(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX), -424242);
	CHECK_INT(fb_mul3div_round(INT64_MAX, INT64_MAX, 2, INT64_MAX, &out), -1);
	CHECK_INT(mul3div(INT64_MAX, INT64_MAX, 3, INT64_MAX), -424242);
	CHECK_INT(mul3div(INT64_MAX, 1000000007, 1000000009, 1000000007 * (int64_t)1000000009),
		  INT64_MAX);
	CHECK_INT(mul3div(INT64_MIN, 1000000007, 1000000009, 1000000007 * (int64_t)1000000009),
		  INT64_MIN);
	CHECK_INT(mul3div(INT64_MAX, INT64_MAX, 1, INT64_MAX), INT64_MAX);
	CHECK_INT(mul3div(4611686018427387904, 4611686018427387904, 2, INT64_MIN),
		  -4611686018427387904);
	CHECK_INT(mul3div(4611686018427387904, 4611686018427387904, 4, INT64_MAX),
		  -424242);
	CHECK_INT(mul3div(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MIN), -424242);
	out = 5;
	CHECK_INT(fb_mul3div_round(1, 1, 1, 0, &out), -1);
	CHECK_INT(fb_mul3div_round(INT64_MAX, 2, 1, 1, &out), -1);
	CHECK_INT(fb_mul3div_round(INT64_MIN, -1, 1, 1, &out), -1);
	CHECK_INT(out, 5);
	CHECK_INT(fb_mul3div_round(INT64_MIN, 1, 1, 1, &out), 0);
	CHECK_INT(out, INT64_MIN);
	CHECK_INT(fb_mul3div_round(INT64_MIN, -1, -1, 1, &out), 0);
	CHECK_INT(out, INT64_MIN);
}

#ifdef __SIZEOF_INT128__
/*
 * lib/money.c takes its 128-bit products in two 64-bit halves, so that
 * it builds where the compiler has no 128-bit type (i386, armhf).  Where
 * it does, compare with the compiler's own arithmetic on many inputs of
 * every size.
 */
static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A random int64 of a random bit length, either sign. */
static int64_t
any_int64(uint64_t *x)
{
	uint64_t r = splitmix(x), bits = splitmix(x) % 64;
	int64_t v = (int64_t)(r >> (63 - bits) >> 1);

	return splitmix(x) & 1 ? -v : v;
}

/* round(a * b * c / d) half away from zero, in __int128; -1 when it does not fit. */
static int
ref_mul3div(int64_t a, int64_t b, int64_t c, int64_t d, int64_t *out)
{
	__int128 n = (__int128)a * b * c, q, r;

	if (d == 0)
		return -1;
	q = n / d;
	r = n % d;
	if (r != 0 && 2 * (r < 0 ? -r : r) >= (d < 0 ? -(__int128)d : d))
		q += (n < 0) != (d < 0) ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -1;
	*out = (int64_t)q;
	return 0;
}

static void
test_muldiv_reference(void)
{
	uint64_t seed = 20261015;
	int bad = 0, n = 0;

	for (int i = 0; i < 200000; i++) {
		int64_t a = any_int64(&seed), b = any_int64(&seed), d = any_int64(&seed);
		int64_t c = i % 2 ? 1 : (int64_t)(splitmix(&seed) % 100000) - 50000;
		int64_t want = 0, got = 0;
		int rw, rg;

		/* The reference's own product must fit its 127 bits. */
		if (c != 1 && c != 0 && (a > INT64_C(1) << 40 || a < -(INT64_C(1) << 40)))
			a >>= 24;
		rw = ref_mul3div(a, b, c, d, &want);
		rg = c == 1 ? fb_muldiv_round(a, b, d, &got) : fb_mul3div_round(a, b, c, d, &got);
		n++;
		if (rw != rg || (rw == 0 && want != got)) {
			if (bad++ < 5)
				printf("# %lld * %lld * %lld / %lld: got %d %lld, want %d %lld\n",
				       (long long)a, (long long)b, (long long)c, (long long)d,
				       rg, (long long)got, rw, (long long)want);
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(n, 200000);
}
#endif

static void
test_add(void)
{
	int64_t out = 3;

	CHECK_INT(fb_add_checked(1, 2, &out), 0);
	CHECK_INT(out, 3);
	CHECK_INT(fb_add_checked(-5, 2, &out), 0);
	CHECK_INT(out, -3);
	CHECK_INT(fb_add_checked(INT64_MAX, 0, &out), 0);
	CHECK_INT(out, INT64_MAX);
	CHECK_INT(fb_add_checked(INT64_MAX - 1, 1, &out), 0);
	CHECK_INT(out, INT64_MAX);
	CHECK_INT(fb_add_checked(INT64_MIN, 0, &out), 0);
	CHECK_INT(out, INT64_MIN);
	CHECK_INT(fb_add_checked(INT64_MAX, INT64_MIN, &out), 0);
	CHECK_INT(out, -1);
	out = 42;
	CHECK_INT(fb_add_checked(INT64_MAX, 1, &out), -1);
	CHECK_INT(fb_add_checked(INT64_MIN, -1, &out), -1);
	CHECK_INT(fb_add_checked(INT64_MAX, INT64_MAX, &out), -1);
	CHECK_INT(fb_add_checked(INT64_MIN, INT64_MIN, &out), -1);
	CHECK_INT(out, 42);
}

static void
test_floor(void)
{
	int64_t q = 7, r = 7;

	CHECK_INT(fb_muldiv_floor(7, 3, 4, &q, &r), 0);	/* 21 / 4 */
	CHECK_INT(q, 5);
	CHECK_INT(r, 1);
	CHECK_INT(fb_muldiv_floor(-7, 3, 4, &q, &r), 0);	/* -21 / 4 = -6 rem 3 */
	CHECK_INT(q, -6);
	CHECK_INT(r, 3);
	CHECK_INT(fb_muldiv_floor(-8, 3, 4, &q, &r), 0);	/* exact */
	CHECK_INT(q, -6);
	CHECK_INT(r, 0);
	CHECK_INT(fb_muldiv_floor(7, -3, 4, &q, &r), 0);
	CHECK_INT(q, -6);
	CHECK_INT(r, 3);
	/* A product beyond 64 bits: 10^15 x 10^15 / 10^16 = 10^14. */
	CHECK_INT(fb_muldiv_floor(INT64_C(1000000000000000), INT64_C(1000000000000000) + 1,
				  INT64_C(10000000000000000), &q, &r), 0);
	CHECK_INT(q, INT64_C(100000000000000));
	CHECK_INT(r, INT64_C(1000000000000000));
	q = r = 9;
	CHECK_INT(fb_muldiv_floor(1, 1, 0, &q, &r), -1);
	CHECK_INT(fb_muldiv_floor(INT64_MAX, INT64_MAX, 1, &q, &r), -1);
	CHECK_INT(q, 9);
}

static void
test_allocate(void)
{
	int64_t out[4];

	/* 10.00 over 3 equal lines: 3.34, 3.33, 3.33 (the earlier gets the cent). */
	{
		int64_t w[] = { 100, 100, 100 };

		CHECK_INT(fb_money_allocate(1000, w, 3, out), 0);
		CHECK_INT(out[0], 334);
		CHECK_INT(out[1], 333);
		CHECK_INT(out[2], 333);
	}
	/* Largest remainder, not position: 23.72 over 100.00, 112.50, 75.00. */
	{
		int64_t w[] = { 10000, 11250, 7500 };

		CHECK_INT(fb_money_allocate(2372, w, 3, out), 0);
		/* 825.04..., 928.17..., 618.78...: the third has the largest remainder. */
		CHECK_INT(out[0], 825);
		CHECK_INT(out[1], 928);
		CHECK_INT(out[2], 619);
		CHECK_INT(out[0] + out[1] + out[2], 2372);
	}
	/* A line whose share is below a cent keeps 0; the sum is exact. */
	{
		int64_t w[] = { 1, 99999, 1 };

		CHECK_INT(fb_money_allocate(825, w, 3, out), 0);
		CHECK_INT(out[0], 0);
		CHECK_INT(out[1], 825);
		CHECK_INT(out[2], 0);
	}
	/* A negative weight (a discount) and a negative total. */
	{
		int64_t w[] = { 10000, 5000, -3000 };

		CHECK_INT(fb_money_allocate(1000, w, 3, out), 0);
		CHECK_INT(out[0] + out[1] + out[2], 1000);
		CHECK_INT(out[0], 833);
		CHECK_INT(out[1], 417);
		CHECK_INT(out[2], -250);
		CHECK_INT(fb_money_allocate(-1000, w, 3, out), 0);
		CHECK_INT(out[0] + out[1] + out[2], -1000);
		CHECK_INT(out[0], -833);
		CHECK_INT(out[1], -417);
		CHECK_INT(out[2], 250);
	}
	/* Weights summing below zero (a credit note's lines). */
	{
		int64_t w[] = { -100, -100, -100 };

		CHECK_INT(fb_money_allocate(-1000, w, 3, out), 0);
		CHECK_INT(out[0], -334);
		CHECK_INT(out[1], -333);
		CHECK_INT(out[2], -333);
	}
	/* Weights summing to 0: only a total of 0 can be split. */
	{
		int64_t w[] = { 100, -100 };

		CHECK_INT(fb_money_allocate(0, w, 2, out), 0);
		CHECK_INT(out[0], 0);
		CHECK_INT(out[1], 0);
		CHECK_INT(fb_money_allocate(1, w, 2, out), -1);
		CHECK_INT(fb_money_allocate(0, w, 0, out), 0);
	}
}

int
main(void)
{
	test_currencies();
	test_parse();
	test_format();
	test_round_trip();
	test_muldiv();
#ifdef __SIZEOF_INT128__
	test_muldiv_reference();
#endif
	test_add();
	test_floor();
	test_allocate();
	return unit_done();
}
