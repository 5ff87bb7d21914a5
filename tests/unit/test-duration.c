/*
 * test-duration.c - unit tests for lib/duration.c: every input form and
 * error, the output forms, and rounding to billing increments.
 */
#include "duration.h"
#include "unit.h"

static int64_t
parse_ok(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t v = -1;

	if (fb_duration_parse(s, &v, &err) != 0) {
		printf("# unexpected error: %s\n", err.msg);
		fb_err_release(&err);
		return -1;
	}
	return v;
}

/* The error message of a parse that must fail, or NULL when it passed. */
static char *
parse_err(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t v = 4242;
	char *msg;

	if (fb_duration_parse(s, &v, &err) == 0)
		return NULL;
	if (err.code != FB_ERR_USAGE || v != 4242) {
		fb_err_release(&err);
		return fb_xstrdup("wrong code or output touched");
	}
	msg = err.msg;
	err.msg = NULL;
	fb_err_release(&err);
	return msg;
}

static void
test_parse_units(void)
{
	CHECK_INT(parse_ok("1h30m"), 5400);
	CHECK_INT(parse_ok("1d"), 86400);
	CHECK_INT(parse_ok("2d4h"), 2 * 86400 + 4 * 3600);
	CHECK_INT(parse_ok("1.5d"), 129600);
	CHECK_INT(parse_ok("2h"), 7200);
	CHECK_INT(parse_ok("45m"), 2700);
	CHECK_INT(parse_ok("90s"), 90);
	CHECK_INT(parse_ok("1s"), 1);
	CHECK_INT(parse_ok("1h30m15s"), 5415);
	CHECK_INT(parse_ok("1h15s"), 3615);
	CHECK_INT(parse_ok("2m30s"), 150);
	CHECK_INT(parse_ok("90m"), 5400);
	CHECK_INT(parse_ok("1h90m"), 9000);
	CHECK_INT(parse_ok("0h45m"), 2700);
	CHECK_INT(parse_ok("01h05m"), 3900);
	CHECK_INT(parse_ok("1H30M"), 5400);
	CHECK_INT(parse_ok("1.5h"), 5400);
	CHECK_INT(parse_ok("0.25h"), 900);
	CHECK_INT(parse_ok("0.1h"), 360);
	CHECK_INT(parse_ok("0.01h"), 36);
	CHECK_INT(parse_ok("0.0625h"), 225);
	CHECK_INT(parse_ok("1.50000000000000000000000h"), 5400);
	CHECK_INT(parse_ok("2.0h"), 7200);
	CHECK_INT(parse_ok("1.5m"), 90);
	CHECK_INT(parse_ok("1h7.5m"), 4050);
	CHECK_INT(parse_ok("+2h"), 7200);
	CHECK_INT(parse_ok("10000h"), FB_DURATION_MAX);
	CHECK_INT(parse_ok("36000000s"), FB_DURATION_MAX);
}

static void
test_parse_clock(void)
{
	CHECK_INT(parse_ok("1:30"), 5400);
	CHECK_INT(parse_ok("0:45"), 2700);
	CHECK_INT(parse_ok("01:05"), 3900);
	CHECK_INT(parse_ok("10:00"), 36000);
	CHECK_INT(parse_ok("0:59"), 3540);
	CHECK_INT(parse_ok("1:30:15"), 5415);
	CHECK_INT(parse_ok("0:00:01"), 1);
	CHECK_INT(parse_ok("10000:00"), FB_DURATION_MAX);
}

static void
test_parse_iso(void)
{
	CHECK_INT(parse_ok("PT1H30M"), 5400);
	CHECK_INT(parse_ok("PT45M"), 2700);
	CHECK_INT(parse_ok("PT1.5H"), 5400);
	CHECK_INT(parse_ok("PT30S"), 30);
	CHECK_INT(parse_ok("PT2H"), 7200);
	CHECK_INT(parse_ok("PT1H30M15S"), 5415);
	CHECK_INT(parse_ok("PT1H15S"), 3615);
	CHECK_INT(parse_ok("PT0.5M"), 30);
	CHECK_INT(parse_ok("pt1h30m"), 5400);
	CHECK_INT(parse_ok("PT36H"), 129600);
}

static void
test_parse_errors(void)
{
	CHECK_STR_FREE(parse_err("45"), "ambiguous duration '45': write 45m or 45h");
	CHECK_STR_FREE(parse_err("1.5"), "ambiguous duration '1.5': write 1.5m or 1.5h");
	CHECK_STR_FREE(parse_err("+45"), "ambiguous duration '+45': write 45m or 45h");
	CHECK_STR_FREE(parse_err("0"), "invalid duration '0': must be positive");
	CHECK_STR_FREE(parse_err("-45"), "invalid duration '-45': must be positive");
	CHECK_STR_FREE(parse_err("0m"), "invalid duration '0m': must be positive");
	CHECK_STR_FREE(parse_err("0h0m0s"), "invalid duration '0h0m0s': must be positive");
	CHECK_STR_FREE(parse_err("0.0h"), "invalid duration '0.0h': must be positive");
	CHECK_STR_FREE(parse_err("0:00"), "invalid duration '0:00': must be positive");
	CHECK_STR_FREE(parse_err("PT0S"), "invalid duration 'PT0S': must be positive");
	CHECK_STR_FREE(parse_err("-1h"), "invalid duration '-1h': must be positive");
	CHECK_STR_FREE(parse_err("-1:30"), "invalid duration '-1:30': must be positive");
	CHECK_STR_FREE(parse_err("-PT1H"), "invalid duration '-PT1H': must be positive");
	CHECK_STR_FREE(parse_err("0.00001h"),
		       "invalid duration '0.00001h': not a whole number of seconds");
	CHECK_STR_FREE(parse_err("0.5s"),
		       "invalid duration '0.5s': not a whole number of seconds");
	CHECK_STR_FREE(parse_err("0.03125h"),
		       "invalid duration '0.03125h': not a whole number of seconds");
	CHECK_STR_FREE(parse_err("1.0000000000000000000001h"),
		       "invalid duration '1.0000000000000000000001h': not a whole number of seconds");
	CHECK_STR_FREE(parse_err("PT0.1S"),
		       "invalid duration 'PT0.1S': not a whole number of seconds");
	CHECK_STR_FREE(parse_err("1:75"),
		       "invalid duration '1:75': minutes and seconds must be below 60");
	CHECK_STR_FREE(parse_err("1:60"),
		       "invalid duration '1:60': minutes and seconds must be below 60");
	CHECK_STR_FREE(parse_err("1:30:60"),
		       "invalid duration '1:30:60': minutes and seconds must be below 60");
	CHECK_STR_FREE(parse_err("10000h1s"),
		       "invalid duration '10000h1s': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("10001h"),
		       "invalid duration '10001h': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("87660h"),
		       "invalid duration '87660h': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("36000001s"),
		       "invalid duration '36000001s': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("600001m"),
		       "invalid duration '600001m': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("99999999999999999999999h"),
		       "invalid duration '99999999999999999999999h': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("10000:00:01"),
		       "invalid duration '10000:00:01': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("99999999999999999999:00"),
		       "invalid duration '99999999999999999999:00': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("PT10001H"),
		       "invalid duration 'PT10001H': longer than 10000 hours");
	CHECK_STR_FREE(parse_err("10000.01h"),
		       "invalid duration '10000.01h': longer than 10000 hours");

	static const char *malformed[] = {
		"", "h", "m", "1h75x", "1x", "1h30", "30m1h", "1m1m", "1h1h",
		"1.5h30m", "1..5h", "1.h", ".5h", "1,5h", "1h 30m", " 1h", "1h ",
		"1w", "P1D", "PT", "P", "PT1H30", "T1H", "1:3", "1:", ":30",
		"1:300", "1.5:30", "1:30:5", "1:30:", "1h:30", "abc", "--1h",
		"-", "+", "1hh", "1s1m", "PTPT1H", "1e3s", "1:30m",
	};
	for (size_t i = 0; i < FB_ARRAY_SIZE(malformed); i++) {
		char *want = fb_xasprintf("invalid duration '%s'", malformed[i]);

		CHECK_STR_FREE(parse_err(malformed[i]), want);
		free(want);
	}
	CHECK(fb_duration_parse("45", &(int64_t){0}, NULL) == -1);
}

static void
test_format(void)
{
	CHECK_STR_FREE(fb_duration_format(5400), "1h30m");
	CHECK_STR_FREE(fb_duration_format(2700), "0h45m");
	CHECK_STR_FREE(fb_duration_format(3600), "1h00m");
	CHECK_STR_FREE(fb_duration_format(43500), "12h05m");
	CHECK_STR_FREE(fb_duration_format(0), "0h00m");
	CHECK_STR_FREE(fb_duration_format(3030), "0h50m30s");
	CHECK_STR_FREE(fb_duration_format(1), "0h00m01s");
	CHECK_STR_FREE(fb_duration_format(5415), "1h30m15s");
	CHECK_STR_FREE(fb_duration_format(360000), "100h00m");
	CHECK_STR_FREE(fb_duration_format(-5400), "-1h30m");
	CHECK_STR_FREE(fb_duration_format(-59), "-0h00m59s");
	CHECK_STR_FREE(fb_duration_format(INT64_MIN), "-2562047788015215h30m08s");
	CHECK_STR_FREE(fb_duration_format(INT64_MAX), "2562047788015215h30m07s");
	CHECK_STR_FREE(fb_duration_format(parse_ok("PT1H30M")), "1h30m");
	CHECK_STR_FREE(fb_duration_format(parse_ok("1:30:15")), "1h30m15s");
}

static void
test_hours(void)
{
	CHECK_STR_FREE(fb_duration_hours(6300), "1.75");
	CHECK_STR_FREE(fb_duration_hours(3000), "0.83");
	CHECK_STR_FREE(fb_duration_hours(3600), "1.00");
	CHECK_STR_FREE(fb_duration_hours(0), "0.00");
	CHECK_STR_FREE(fb_duration_hours(5400), "1.50");
	CHECK_STR_FREE(fb_duration_hours(36), "0.01");
	/* 18 seconds is exactly half a hundredth: away from zero. */
	CHECK_STR_FREE(fb_duration_hours(18), "0.01");
	CHECK_STR_FREE(fb_duration_hours(17), "0.00");
	CHECK_STR_FREE(fb_duration_hours(-18), "-0.01");
	CHECK_STR_FREE(fb_duration_hours(-17), "0.00");
	CHECK_STR_FREE(fb_duration_hours(-1800), "-0.50");
	CHECK_STR_FREE(fb_duration_hours(3600 + 54), "1.02");	/* 1.015 */
	CHECK_STR_FREE(fb_duration_hours(3600 + 53), "1.01");
	CHECK_STR_FREE(fb_duration_hours(-(3600 + 54)), "-1.02");
	CHECK_STR_FREE(fb_duration_hours(359982), "100.00");	/* 99.995 */
	CHECK_STR_FREE(fb_duration_hours(359981), "99.99");
	CHECK_STR_FREE(fb_duration_hours(-359982), "-100.00");
	CHECK_STR_FREE(fb_duration_hours(FB_DURATION_MAX), "10000.00");
	CHECK_STR_FREE(fb_duration_hours(INT64_MIN), "-2562047788015215.50");
}

static void
test_rounding(void)
{
	CHECK_INT(fb_rounding_parse("up"), FB_ROUND_UP);
	CHECK_INT(fb_rounding_parse("nearest"), FB_ROUND_NEAREST);
	CHECK_INT(fb_rounding_parse("down"), FB_ROUND_DOWN);
	CHECK_INT(fb_rounding_parse("Up"), -1);
	CHECK_INT(fb_rounding_parse("ceil"), -1);
	CHECK_INT(fb_rounding_parse(""), -1);
	CHECK_INT(fb_rounding_parse(NULL), -1);
	CHECK_STR(fb_rounding_name(FB_ROUND_UP), "up");
	CHECK_STR(fb_rounding_name(FB_ROUND_NEAREST), "nearest");
	CHECK_STR(fb_rounding_name(FB_ROUND_DOWN), "down");
	CHECK_STR(fb_rounding_name((enum fb_rounding)7), "?");
	for (int r = FB_ROUND_UP; r <= FB_ROUND_DOWN; r++)
		CHECK_INT(fb_rounding_parse(fb_rounding_name((enum fb_rounding)r)), r);

	/* 15-minute increments. */
	CHECK_INT(fb_round_increment(0, 15, FB_ROUND_UP), 0);
	CHECK_INT(fb_round_increment(1, 15, FB_ROUND_UP), 900);
	CHECK_INT(fb_round_increment(900, 15, FB_ROUND_UP), 900);
	CHECK_INT(fb_round_increment(901, 15, FB_ROUND_UP), 1800);
	CHECK_INT(fb_round_increment(2700, 15, FB_ROUND_UP), 2700);
	CHECK_INT(fb_round_increment(3000, 15, FB_ROUND_UP), 3600);
	CHECK_INT(fb_round_increment(899, 15, FB_ROUND_DOWN), 0);
	CHECK_INT(fb_round_increment(900, 15, FB_ROUND_DOWN), 900);
	CHECK_INT(fb_round_increment(1799, 15, FB_ROUND_DOWN), 900);
	CHECK_INT(fb_round_increment(3000, 15, FB_ROUND_DOWN), 2700);
	CHECK_INT(fb_round_increment(449, 15, FB_ROUND_NEAREST), 0);
	CHECK_INT(fb_round_increment(450, 15, FB_ROUND_NEAREST), 900);	/* half up */
	CHECK_INT(fb_round_increment(451, 15, FB_ROUND_NEAREST), 900);
	CHECK_INT(fb_round_increment(1349, 15, FB_ROUND_NEAREST), 900);
	CHECK_INT(fb_round_increment(1350, 15, FB_ROUND_NEAREST), 1800);
	CHECK_INT(fb_round_increment(3000, 15, FB_ROUND_NEAREST), 2700);
	CHECK_INT(fb_round_increment(3150, 15, FB_ROUND_NEAREST), 3600);
	/* Other increments. */
	CHECK_INT(fb_round_increment(61, 1, FB_ROUND_UP), 120);
	CHECK_INT(fb_round_increment(89, 1, FB_ROUND_NEAREST), 60);
	CHECK_INT(fb_round_increment(90, 1, FB_ROUND_NEAREST), 120);
	CHECK_INT(fb_round_increment(59, 1, FB_ROUND_DOWN), 0);
	CHECK_INT(fb_round_increment(1, 6, FB_ROUND_UP), 360);
	CHECK_INT(fb_round_increment(3601, 60, FB_ROUND_UP), 7200);
	CHECK_INT(fb_round_increment(5400, 60, FB_ROUND_NEAREST), 7200);
	CHECK_INT(fb_round_increment(5399, 60, FB_ROUND_NEAREST), 3600);
	CHECK_INT(fb_round_increment(5400, 60, FB_ROUND_DOWN), 3600);
	CHECK_INT(fb_round_increment(5400, 7, FB_ROUND_UP), 5460);
	/* No increment, or a nonsensical one, changes nothing. */
	CHECK_INT(fb_round_increment(3001, 0, FB_ROUND_UP), 3001);
	CHECK_INT(fb_round_increment(3001, 0, FB_ROUND_NEAREST), 3001);
	CHECK_INT(fb_round_increment(3001, 0, FB_ROUND_DOWN), 3001);
	CHECK_INT(fb_round_increment(3001, -15, FB_ROUND_UP), 3001);
	CHECK_INT(fb_round_increment(-100, 15, FB_ROUND_UP), -100);
	/* No overflow at the top of the range. */
	CHECK_INT(fb_round_increment(INT64_MAX, 15, FB_ROUND_UP),
		  INT64_MAX - INT64_MAX % 900);
	CHECK_INT(fb_round_increment(INT64_MAX, 15, FB_ROUND_DOWN),
		  INT64_MAX - INT64_MAX % 900);
	CHECK_INT(fb_round_increment(1, 2147483647, FB_ROUND_UP), 128849018820);
}

int
main(void)
{
	test_parse_units();
	test_parse_clock();
	test_parse_iso();
	test_parse_errors();
	test_format();
	test_hours();
	test_rounding();
	return unit_done();
}
