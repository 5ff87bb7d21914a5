/*
 * fuzz-money.c - libFuzzer harness for fb_money_parse and the amount
 * formatters of lib/money.c.
 *
 * The input is read as an amount in currencies of 0, 2, 3 and 4
 * decimals and one unknown code, with and without negatives.  A parse
 * that succeeds must agree with fb_parse_decimal, respect allow_neg and
 * survive fb_money_format and back unchanged; one that fails must fill
 * the error and leave the output alone.  The first 8 bytes are also
 * taken as an amount to format and parse back (or, beyond FB_MONEY_MAX,
 * to be refused).
 */
#include "fuzz.h"
#include "money.h"

static const char *const currencies[] = { "USD", "JPY", "KWD", "CLF", "EUR" };

/* The human form minus its thousands separators is the plain form. */
static void
check_human(int64_t v, const char *cur, const char *plain)
{
	char *human = fb_money_format_human(v, cur);
	char *p, *q;

	for (p = q = human; *p; p++)
		if (*p != ',')
			*q++ = *p;
	*q = '\0';
	FUZZ_ASSERT(strcmp(human, plain) == 0);
	free(human);
}

/* format(v) must parse back to v. */
static void
round_trip(int64_t v, const char *cur)
{
	struct fb_err err = FB_ERR_INIT;
	char *s = fb_money_format(v, cur);
	int64_t back = 0;

	if (fb_money_parse(s, cur, 1, &back, &err) != 0) {
		fprintf(stderr, "cannot parse back '%s' (%s): %s\n", s, cur,
			err.msg);
		abort();
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(back == v);
	check_human(v, cur, s);
	free(s);
}

static void
parse_one(const char *s, const char *cur, int allow_neg)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t v = 12345, d;
	int dec = fb_currency_decimals(cur);

	if (fb_money_parse(s, cur, allow_neg, &v, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(v == 12345);
		fb_err_release(&err);
		return;
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(dec >= 0);
	FUZZ_ASSERT(allow_neg || v >= 0);
	/* The strict shape is a subset of what fb_parse_decimal takes. */
	FUZZ_ASSERT(fb_parse_decimal(s, dec, 1, &d, NULL) == 0 && d == v);
	round_trip(v, cur);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	int64_t x;

	for (size_t i = 0; i < FB_ARRAY_SIZE(currencies); i++) {
		parse_one(s, currencies[i], 0);
		parse_one(s, currencies[i], 1);
	}
	parse_one(s, "XYZ", 1);
	parse_one(s, NULL, 1);

	/*
	 * Any amount within FB_MONEY_MAX formats to text that parses back;
	 * the parser refuses larger ones (SPEC section 15), and says so.
	 */
	x = fuzz_int64(data, size);
	for (size_t i = 0; i < FB_ARRAY_SIZE(currencies); i++) {
		if (x >= -FB_MONEY_MAX && x <= FB_MONEY_MAX) {
			round_trip(x, currencies[i]);
		} else {
			struct fb_err err = FB_ERR_INIT;
			char *t = fb_money_format(x, currencies[i]);
			int64_t back = 7;

			FUZZ_ASSERT(fb_money_parse(t, currencies[i], 1, &back, &err) != 0);
			FUZZ_ASSERT_ERR(&err);
			FUZZ_ASSERT(back == 7);
			fb_err_release(&err);
			free(t);
		}
	}
	free(s);
	return 0;
}
