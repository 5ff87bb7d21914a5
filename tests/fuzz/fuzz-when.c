/*
 * fuzz-when.c - libFuzzer harness for the date and time parsers of
 * lib/when.c: fb_when_parse, fb_date_parse, fb_period_parse,
 * fb_period_range and fb_bizhours_parse, each under UTC and under
 * America/New_York (daylight saving, and local mean time before 1883).
 *
 * Invariants: a failure fills the error and leaves the outputs alone; an
 * instant that parses prints with fb_when_iso as text that parses back
 * to the same instant; a date prints and parses back to itself; a period
 * is non-empty and whole months; business hours print in a canonical form
 * that parses back to the same hours.  For fb_period_range the input is
 * split at its first newline into from and to.
 */
#include "fuzz.h"
#include "when.h"

/* 2026-09-21 and the epoch: "today" and "HH:MM" depend on now. */
static const int64_t nows[] = { INT64_C(1790000000), 0 };

static const char *const zones[] = { "UTC", "America/New_York" };

static int
civil_eq(const struct fb_civil *a, const struct fb_civil *b)
{
	return a->year == b->year && a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->min == b->min && a->sec == b->sec;
}

static int
civil_valid_date(const struct fb_civil *c)
{
	return c->year >= 1 && c->year <= 9999 && c->month >= 1 &&
	       c->month <= 12 && c->day >= 1 &&
	       c->day <= fb_days_in_month(c->year, c->month);
}

static void
check_when(const char *s, int64_t now)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t t = 42, back = 43;
	struct fb_civil c;
	char *iso;

	if (fb_when_parse(s, now, &t, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(t == 42);
		fb_err_release(&err);
		return;
	}
	FUZZ_ASSERT_NOERR(&err);
	/*
	 * The round trip holds while the local date stays in the years the
	 * parser takes; an offset can push 0001-01-01 or 9999-12-31 out.
	 */
	fb_utc_to_local(t, &c, NULL, NULL);
	if (c.year < 1 || c.year > 9999)
		return;
	iso = fb_when_iso(t);
	if (fb_when_parse(iso, now, &back, &err) != 0) {
		fprintf(stderr, "cannot parse back '%s' in %s: %s\n", iso,
			fb_tz_name(), err.msg);
		abort();
	}
	FUZZ_ASSERT(back == t);
	free(iso);
}

static void
check_date(const char *s, int64_t now)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_civil c, c2, sentinel;
	char *text;
	int64_t t;

	memset(&sentinel, 0x5a, sizeof(sentinel));
	c = sentinel;
	if (fb_date_parse(s, now, &c, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(memcmp(&c, &sentinel, sizeof(c)) == 0);
		fb_err_release(&err);
		return;
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(civil_valid_date(&c));
	FUZZ_ASSERT(c.hour == 0 && c.min == 0 && c.sec == 0);
	text = fb_civil_date(&c);
	FUZZ_ASSERT(fb_date_parse(text, now, &c2, &err) == 0);
	FUZZ_ASSERT(civil_eq(&c, &c2));
	FUZZ_ASSERT(fb_day_start(c.year, c.month, c.day, &t, &err) == 0);
	free(text);
}

static void
check_period(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_period p;
	int months;

	p.start = 1;
	p.end = 2;
	if (fb_period_parse(s, &p, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(p.start == 1 && p.end == 2);
		fb_err_release(&err);
		return;
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(civil_valid_date(&p.first) && civil_valid_date(&p.last));
	FUZZ_ASSERT(p.first.day == 1);
	FUZZ_ASSERT(p.last.day == fb_days_in_month(p.last.year, p.last.month));
	FUZZ_ASSERT(p.start < p.end);
	months = fb_period_months(&p);
	FUZZ_ASSERT(months == 1 || months == 3 || months == 12);
}

static void
check_range(const char *s, int64_t now)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_period p;
	const char *nl = strchr(s, '\n');
	char *from = nl ? fb_xstrndup(s, (size_t)(nl - s)) : fb_xstrdup(s);
	const char *to = nl ? nl + 1 : NULL;

	p.start = 1;
	p.end = 2;
	if (fb_period_range(from, to, now, &p, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(p.start == 1 && p.end == 2);
		fb_err_release(&err);
		free(from);
		return;
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(p.start < p.end);
	if (*from == '\0')
		FUZZ_ASSERT(p.start == INT64_MIN);
	else
		FUZZ_ASSERT(civil_valid_date(&p.first) && p.start != INT64_MIN);
	if (to == NULL || *to == '\0')
		FUZZ_ASSERT(p.end == INT64_MAX && fb_period_months(&p) == 0);
	else
		FUZZ_ASSERT(civil_valid_date(&p.last) && p.end != INT64_MAX);
	if (*from != '\0' && to != NULL && *to != '\0')
		FUZZ_ASSERT(fb_period_months(&p) >= 1);
	free(from);
}

/* "Sun,Mon,Wed 08:00-24:00": the canonical text of business hours. */
static char *
bizhours_text(const struct fb_bizhours *b)
{
	static const char *const names[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	struct fb_buf out = FB_BUF_INIT;

	for (int d = 0; d < 7; d++)
		if (b->days & (1u << d)) {
			if (out.len)
				fb_buf_addc(&out, ',');
			fb_buf_adds(&out, names[d]);
		}
	fb_buf_addf(&out, " %02d:%02d-%02d:%02d", b->open / 60, b->open % 60,
		    b->close / 60, b->close % 60);
	return fb_buf_detach(&out);
}

static void
check_bizhours(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_bizhours b = { 99, 99, 99 }, b2;
	char *text;

	if (fb_bizhours_parse(s, &b, &err) != 0) {
		FUZZ_ASSERT_ERR(&err);
		FUZZ_ASSERT(b.days == 99 && b.open == 99 && b.close == 99);
		fb_err_release(&err);
		return;
	}
	FUZZ_ASSERT_NOERR(&err);
	FUZZ_ASSERT(b.days != 0 && b.days < 128);
	FUZZ_ASSERT(b.open >= 0 && b.open < b.close && b.close <= 24 * 60);
	text = bizhours_text(&b);
	FUZZ_ASSERT(fb_bizhours_parse(text, &b2, &err) == 0);
	FUZZ_ASSERT(b2.days == b.days && b2.open == b.open && b2.close == b.close);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fb_err err = FB_ERR_INIT;
	char *s = fuzz_cstr(data, size);

	for (size_t z = 0; z < FB_ARRAY_SIZE(zones); z++) {
		if (fb_tz_set(zones[z], &err) != 0) {
			fprintf(stderr, "cannot select %s: %s\n", zones[z], err.msg);
			abort();
		}
		for (size_t n = 0; n < FB_ARRAY_SIZE(nows); n++) {
			check_when(s, nows[n]);
			check_date(s, nows[n]);
			check_range(s, nows[n]);
		}
		check_period(s);
		check_bizhours(s);
	}
	free(s);
	return 0;
}
