/*
 * fuzz-duration.c - libFuzzer harness for fb_duration_parse and the
 * duration formatters and rounding of lib/duration.c.
 *
 * A duration that parses is positive and at most FB_DURATION_MAX, and
 * fb_duration_format writes it in a form that parses back to exactly
 * the same seconds.  A failed parse fills the error and leaves the
 * output alone.  The first 8 bytes also serve as a length to format,
 * parse back and round to a billing increment.
 */
#include "duration.h"
#include "fuzz.h"

static void
round_trip(int64_t secs)
{
	struct fb_err err = FB_ERR_INIT;
	char *s = fb_duration_format(secs);
	int64_t back = 0;

	if (fb_duration_parse(s, &back, &err) != 0) {
		fprintf(stderr, "cannot parse back '%s': %s\n", s, err.msg);
		abort();
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(back == secs);
	free(s);
}

static void
check_rounding(int64_t secs, int inc)
{
	for (int mode = FB_ROUND_UP; mode <= FB_ROUND_DOWN; mode++) {
		int64_t r = fb_round_increment(secs, inc, (enum fb_rounding)mode);

		if (secs < 0 || inc == 0) {
			FUZZ_ASSERT(r == secs);
			continue;
		}
		FUZZ_ASSERT(r >= 0);
		FUZZ_ASSERT(r % ((int64_t)inc * 60) == 0);
		if (mode == FB_ROUND_DOWN)
			FUZZ_ASSERT(r <= secs && secs - r < (int64_t)inc * 60);
		else if (mode == FB_ROUND_UP && r >= secs)
			FUZZ_ASSERT(r - secs < (int64_t)inc * 60);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fb_err err = FB_ERR_INIT;
	char *s = fuzz_cstr(data, size), *f;
	int64_t v = -7, x;
	int r;

	if (fb_duration_parse(s, &v, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(v == -7);
		fb_err_release(&err);
	} else {
		FUZZ_ASSERT_NOERR(&err);
		FUZZ_ASSERT(v > 0 && v <= FB_DURATION_MAX);
		round_trip(v);
		f = fb_duration_hours(v);
		FUZZ_ASSERT(f[0] >= '0' && f[0] <= '9');
		free(f);
	}

	if ((r = fb_rounding_parse(s)) >= 0)
		FUZZ_ASSERT(strcmp(fb_rounding_name((enum fb_rounding)r), s) == 0);

	x = fuzz_int64(data, size);
	if (x > 0 && x <= FB_DURATION_MAX)
		round_trip(x);
	f = fb_duration_format(x);
	free(f);
	f = fb_duration_hours(x);
	free(f);
	check_rounding(x, size > 8 ? data[8] * 6 % 1441 : 15);
	free(s);
	return 0;
}
