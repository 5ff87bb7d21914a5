/*
 * test-when.c - unit tests for lib/when.c: calendar arithmetic, timezones
 * and their DST gaps and repeats, parsing and formatting of times,
 * periods and business hours.
 *
 * The zone tests need the system zoneinfo database (tzdata).
 */
#include "when.h"
#include "unit.h"

#include <time.h>
#include <unistd.h>

/* An instant from UTC fields, computed by the C library as a reference. */
static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return (int64_t)timegm(&tm);
}

static void
set_tz(const char *name)
{
	struct fb_err err = FB_ERR_INIT;

	if (fb_tz_set(name, &err) != 0) {
		printf("# cannot set timezone: %s\n", err.msg);
		fb_err_release(&err);
	}
}

static struct fb_civil
civil(int y, int mo, int d, int h, int mi, int s)
{
	struct fb_civil c = { y, mo, d, h, mi, s };

	return c;
}

static int64_t
local_ok(int y, int mo, int d, int h, int mi, int s)
{
	struct fb_civil c = civil(y, mo, d, h, mi, s);
	struct fb_err err = FB_ERR_INIT;
	int64_t t = -1;

	if (fb_local_to_utc(&c, &t, &err) != 0) {
		printf("# unexpected error: %s\n", err.msg);
		fb_err_release(&err);
		return -1;
	}
	return t;
}

/* Take the message out of err (NULL when unset) and reset it. */
static char *
take_msg(struct fb_err *err)
{
	char *msg = err->msg;

	err->msg = NULL;
	fb_err_release(err);
	return msg;
}

static char *
local_err(int y, int mo, int d, int h, int mi, int s)
{
	struct fb_civil c = civil(y, mo, d, h, mi, s);
	struct fb_err err = FB_ERR_INIT;
	int64_t t = 4242;

	if (fb_local_to_utc(&c, &t, &err) == 0)
		return NULL;
	if (err.code != FB_ERR_USAGE || t != 4242) {
		fb_err_release(&err);
		return fb_xstrdup("wrong code or output touched");
	}
	return take_msg(&err);
}

static int64_t
when_ok(const char *s, int64_t now)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t t = -1;

	if (fb_when_parse(s, now, &t, &err) != 0) {
		printf("# unexpected error for '%s': %s\n", s, err.msg);
		fb_err_release(&err);
		return -1;
	}
	return t;
}

static char *
when_err(const char *s, int64_t now)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t t = 4242;

	if (fb_when_parse(s, now, &t, &err) == 0)
		return NULL;
	if (err.code != FB_ERR_USAGE || t != 4242) {
		fb_err_release(&err);
		return fb_xstrdup("wrong code or output touched");
	}
	return take_msg(&err);
}

static char *
period_err(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_period p;

	if (fb_period_parse(s, &p, &err) == 0)
		return NULL;
	if (err.code != FB_ERR_USAGE) {
		fb_err_release(&err);
		return fb_xstrdup("wrong code");
	}
	return take_msg(&err);
}

static char *
biz_err(const char *s)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_bizhours b = { 99, 99, 99 };

	if (fb_bizhours_parse(s, &b, &err) == 0)
		return NULL;
	if (err.code != FB_ERR_USAGE || b.days != 99) {
		fb_err_release(&err);
		return fb_xstrdup("wrong code or output touched");
	}
	return take_msg(&err);
}

static void
test_calendar(void)
{
	int y, m, d, ok = 1;

	CHECK_INT(fb_days_from_civil(1970, 1, 1), 0);
	CHECK_INT(fb_days_from_civil(1970, 1, 2), 1);
	CHECK_INT(fb_days_from_civil(1969, 12, 31), -1);
	CHECK_INT(fb_days_from_civil(2000, 3, 1), 11017);
	CHECK_INT(fb_days_from_civil(2026, 10, 3), utc(2026, 10, 3, 0, 0, 0) / 86400);
	CHECK_INT(fb_days_from_civil(2024, 2, 29), utc(2024, 2, 29, 0, 0, 0) / 86400);
	CHECK_INT(fb_days_from_civil(1, 1, 1), -719162);
	CHECK_INT(fb_days_from_civil(9999, 12, 31), 2932896);
	CHECK_INT(fb_days_from_civil(1600, 2, 29), -135081);

	fb_civil_from_days(0, &y, &m, &d);
	CHECK(y == 1970 && m == 1 && d == 1);
	fb_civil_from_days(-1, &y, &m, &d);
	CHECK(y == 1969 && m == 12 && d == 31);
	fb_civil_from_days(19782, &y, &m, &d);
	CHECK(y == 2024 && m == 2 && d == 29);
	fb_civil_from_days(-719162, &y, &m, &d);
	CHECK(y == 1 && m == 1 && d == 1);
	fb_civil_from_days(INT64_MAX, &y, &m, &d);
	CHECK(y > 1000000000 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
	fb_civil_from_days(INT64_MIN, &y, &m, &d);
	CHECK(y < -1000000000 && m >= 1 && m <= 12 && d >= 1 && d <= 31);

	/* Every day of years 1 to 9999 round-trips and follows the calendar. */
	{
		int64_t days = fb_days_from_civil(1, 1, 1);

		for (int yy = 1; yy <= 9999 && ok; yy++)
			for (int mm = 1; mm <= 12 && ok; mm++)
				for (int dd = 1; dd <= fb_days_in_month(yy, mm); dd++, days++) {
					fb_civil_from_days(days, &y, &m, &d);
					if (fb_days_from_civil(yy, mm, dd) != days ||
					    y != yy || m != mm || d != dd) {
						printf("# mismatch at %d-%d-%d\n", yy, mm, dd);
						ok = 0;
						break;
					}
				}
		CHECK(ok);
	}

	CHECK_INT(fb_days_in_month(2024, 2), 29);
	CHECK_INT(fb_days_in_month(2026, 2), 28);
	CHECK_INT(fb_days_in_month(2000, 2), 29);
	CHECK_INT(fb_days_in_month(1900, 2), 28);
	CHECK_INT(fb_days_in_month(2100, 2), 28);
	CHECK_INT(fb_days_in_month(2026, 1), 31);
	CHECK_INT(fb_days_in_month(2026, 4), 30);
	CHECK_INT(fb_days_in_month(2026, 6), 30);
	CHECK_INT(fb_days_in_month(2026, 9), 30);
	CHECK_INT(fb_days_in_month(2026, 11), 30);
	CHECK_INT(fb_days_in_month(2026, 12), 31);
	CHECK_INT(fb_days_in_month(2026, 0), 0);
	CHECK_INT(fb_days_in_month(2026, 13), 0);

	CHECK_INT(fb_weekday(1970, 1, 1), 4);
	CHECK_INT(fb_weekday(2000, 1, 1), 6);
	CHECK_INT(fb_weekday(2026, 10, 3), 6);
	CHECK_INT(fb_weekday(2026, 10, 4), 0);
	CHECK_INT(fb_weekday(2026, 10, 5), 1);
	CHECK_INT(fb_weekday(1969, 12, 31), 3);
	CHECK_INT(fb_weekday(1, 1, 1), 1);
	CHECK_INT(fb_weekday(2024, 2, 29), 4);
}

/* Runs first: $TZ was set to ":Europe/London" before any call. */
static void
test_tz(void)
{
	struct fb_err err = FB_ERR_INIT;
	char dir[] = "/tmp/fixbill-tzdir-XXXXXX";

	/* Unset, the zone is $TZ as the process had it. */
	CHECK_STR(fb_tz_name(), "Europe/London");
	CHECK_INT(fb_tz_set("America/New_York", &err), 0);
	CHECK_STR(fb_tz_name(), "America/New_York");
	/* The default stays what $TZ was at the first call. */
	setenv("TZ", "Asia/Tokyo", 1);
	CHECK_INT(fb_tz_set(NULL, &err), 0);
	CHECK_STR(fb_tz_name(), "Europe/London");
	CHECK_INT(fb_tz_set("UTC", &err), 0);
	CHECK_STR(fb_tz_name(), "UTC");
	CHECK_INT(fb_tz_set("", &err), 0);
	CHECK_STR(fb_tz_name(), "Europe/London");

	CHECK_INT(fb_tz_set("Mars/Base", &err), -1);
	CHECK_INT(err.code, FB_ERR_USAGE);
	CHECK_STR_FREE(take_msg(&err), "unknown timezone 'Mars/Base'");
	CHECK_STR(fb_tz_name(), "Europe/London");
	CHECK_INT(fb_tz_set("../../../etc/passwd", &err), -1);
	CHECK_STR_FREE(take_msg(&err), "unknown timezone '../../../etc/passwd'");
	CHECK_INT(fb_tz_set("Mars/Base", NULL), -1);

	CHECK(fb_tz_valid("UTC"));
	CHECK(fb_tz_valid("Etc/UTC"));
	CHECK(fb_tz_valid("America/New_York"));
	CHECK(fb_tz_valid("Asia/Kolkata"));
	CHECK(fb_tz_valid("Etc/GMT+5"));
	CHECK(!fb_tz_valid("Mars/Base"));
	CHECK(!fb_tz_valid(""));
	CHECK(!fb_tz_valid(NULL));
	CHECK(!fb_tz_valid("America"));
	CHECK(!fb_tz_valid("America/"));
	CHECK(!fb_tz_valid("zone.tab"));
	CHECK(!fb_tz_valid("/etc/localtime"));
	CHECK(!fb_tz_valid("/usr/share/zoneinfo/UTC"));
	CHECK(!fb_tz_valid("../zoneinfo/UTC"));
	CHECK(!fb_tz_valid("America/../Europe/London"));
	CHECK(!fb_tz_valid("Europe/London "));
	CHECK(!fb_tz_valid("EST5EDT,M3.2.0,M11.1.0"));

	/* $TZDIR is where names are looked up; "UTC" needs no file. */
	if (mkdtemp(dir) != NULL) {
		setenv("TZDIR", dir, 1);
		CHECK(!fb_tz_valid("America/New_York"));
		CHECK(fb_tz_valid("UTC"));
		unsetenv("TZDIR");
		rmdir(dir);
	}
	CHECK(fb_tz_valid("America/New_York"));
	fb_err_release(&err);
}

static void
test_utc_zone(void)
{
	struct fb_civil c;
	int wday = -1, off = -1;

	set_tz("UTC");
	CHECK_INT(local_ok(2026, 10, 3, 9, 15, 0), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(local_ok(1970, 1, 1, 0, 0, 0), 0);
	CHECK_INT(local_ok(1969, 12, 31, 23, 59, 59), -1);
	CHECK_INT(local_ok(1, 1, 1, 0, 0, 0), utc(1, 1, 1, 0, 0, 0));
	CHECK_INT(local_ok(9999, 12, 31, 23, 59, 59), utc(9999, 12, 31, 23, 59, 59));
	CHECK_INT(local_ok(2024, 2, 29, 12, 0, 0), utc(2024, 2, 29, 12, 0, 0));

	fb_utc_to_local(utc(2026, 10, 3, 9, 15, 7), &c, &wday, &off);
	CHECK(c.year == 2026 && c.month == 10 && c.day == 3);
	CHECK(c.hour == 9 && c.min == 15 && c.sec == 7);
	CHECK_INT(wday, 6);
	CHECK_INT(off, 0);
	fb_utc_to_local(-1, &c, NULL, NULL);
	CHECK(c.year == 1969 && c.month == 12 && c.day == 31 && c.hour == 23 &&
	      c.min == 59 && c.sec == 59);
	/* The open ends of a period still come out as something. */
	fb_utc_to_local(INT64_MAX, &c, &wday, &off);
	CHECK(c.month >= 1 && c.month <= 12 && wday >= 0 && wday <= 6 && off == 0);
	fb_utc_to_local(INT64_MIN, &c, &wday, &off);
	CHECK(c.month >= 1 && c.month <= 12 && wday >= 0 && wday <= 6 && off == 0);

	CHECK_STR_FREE(fb_when_iso(utc(2026, 10, 6, 17, 20, 0)), "2026-10-06T17:20:00+00:00");
	CHECK_STR_FREE(fb_when_short(utc(2026, 10, 6, 17, 20, 59)), "2026-10-06 17:20");
	CHECK_STR_FREE(fb_when_date(utc(2026, 10, 6, 23, 59, 59)), "2026-10-06");
	c = civil(2026, 1, 5, 0, 0, 0);
	CHECK_STR_FREE(fb_civil_date(&c), "2026-01-05");
	c = civil(33, 1, 5, 0, 0, 0);
	CHECK_STR_FREE(fb_civil_date(&c), "0033-01-05");

	/* Field validation. */
	CHECK_STR_FREE(local_err(2026, 2, 30, 0, 0, 0), "invalid date '2026-02-30'");
	CHECK_STR_FREE(local_err(2026, 2, 29, 0, 0, 0), "invalid date '2026-02-29'");
	CHECK_STR_FREE(local_err(2026, 13, 1, 0, 0, 0), "invalid date '2026-13-01'");
	CHECK_STR_FREE(local_err(2026, 0, 1, 0, 0, 0), "invalid date '2026-00-01'");
	CHECK_STR_FREE(local_err(2026, 4, 31, 0, 0, 0), "invalid date '2026-04-31'");
	CHECK_STR_FREE(local_err(2026, 4, 0, 0, 0, 0), "invalid date '2026-04-00'");
	CHECK_STR_FREE(local_err(0, 1, 1, 0, 0, 0), "invalid date '0000-01-01'");
	CHECK_STR_FREE(local_err(10000, 1, 1, 0, 0, 0), "invalid date '10000-01-01'");
	CHECK_STR_FREE(local_err(2026, 10, 3, 24, 0, 0), "invalid time '2026-10-03 24:00:00'");
	CHECK_STR_FREE(local_err(2026, 10, 3, -1, 0, 0), "invalid time '2026-10-03 -1:00:00'");
	CHECK_STR_FREE(local_err(2026, 10, 3, 9, 60, 0), "invalid time '2026-10-03 09:60:00'");
	CHECK_STR_FREE(local_err(2026, 10, 3, 9, 0, 60), "invalid time '2026-10-03 09:00:60'");
	CHECK(local_err(2024, 2, 29, 23, 59, 59) == NULL);
}

static void
test_new_york(void)
{
	struct fb_civil c;
	int64_t t;
	int off = 0, wday = -1;
	struct fb_err err = FB_ERR_INIT;

	set_tz("America/New_York");
	CHECK_INT(local_ok(2026, 10, 6, 17, 20, 0), utc(2026, 10, 6, 21, 20, 0));
	CHECK_INT(local_ok(2026, 1, 15, 9, 0, 0), utc(2026, 1, 15, 14, 0, 0));

	/* Spring forward: 02:00-02:59:59 on 2026-03-08 do not exist. */
	CHECK_STR_FREE(local_err(2026, 3, 8, 2, 30, 0),
		       "nonexistent local time '2026-03-08 02:30' in America/New_York (skipped by daylight saving)");
	CHECK_STR_FREE(local_err(2026, 3, 8, 2, 0, 0),
		       "nonexistent local time '2026-03-08 02:00' in America/New_York (skipped by daylight saving)");
	CHECK_STR_FREE(local_err(2026, 3, 8, 2, 59, 59),
		       "nonexistent local time '2026-03-08 02:59:59' in America/New_York (skipped by daylight saving)");
	CHECK_INT(local_ok(2026, 3, 8, 1, 59, 59), utc(2026, 3, 8, 6, 59, 59));
	CHECK_INT(local_ok(2026, 3, 8, 3, 0, 0), utc(2026, 3, 8, 7, 0, 0));
	CHECK_INT(local_ok(2026, 3, 8, 0, 0, 0), utc(2026, 3, 8, 5, 0, 0));

	/* Fall back: 01:00-01:59:59 on 2026-11-01 happen twice; the first (EDT). */
	CHECK_INT(local_ok(2026, 11, 1, 1, 30, 0), utc(2026, 11, 1, 5, 30, 0));
	CHECK_INT(local_ok(2026, 11, 1, 1, 0, 0), utc(2026, 11, 1, 5, 0, 0));
	CHECK_INT(local_ok(2026, 11, 1, 1, 59, 59), utc(2026, 11, 1, 5, 59, 59));
	CHECK_INT(local_ok(2026, 11, 1, 0, 59, 59), utc(2026, 11, 1, 4, 59, 59));
	CHECK_INT(local_ok(2026, 11, 1, 2, 0, 0), utc(2026, 11, 1, 7, 0, 0));

	fb_utc_to_local(utc(2026, 11, 1, 5, 30, 0), &c, &wday, &off);
	CHECK(c.day == 1 && c.hour == 1 && c.min == 30);
	CHECK_INT(off, -4 * 3600);
	CHECK_INT(wday, 0);
	fb_utc_to_local(utc(2026, 11, 1, 6, 30, 0), &c, NULL, &off);
	CHECK(c.day == 1 && c.hour == 1 && c.min == 30);
	CHECK_INT(off, -5 * 3600);
	CHECK_STR_FREE(fb_when_iso(utc(2026, 11, 1, 5, 30, 0)), "2026-11-01T01:30:00-04:00");
	CHECK_STR_FREE(fb_when_iso(utc(2026, 11, 1, 6, 30, 0)), "2026-11-01T01:30:00-05:00");
	CHECK_STR_FREE(fb_when_iso(utc(2026, 10, 6, 21, 20, 0)), "2026-10-06T17:20:00-04:00");
	CHECK_STR_FREE(fb_when_short(utc(2026, 10, 7, 3, 59, 0)), "2026-10-06 23:59");
	CHECK_STR_FREE(fb_when_date(utc(2026, 10, 7, 3, 59, 0)), "2026-10-06");
	CHECK_STR_FREE(fb_when_date(utc(2026, 10, 7, 4, 0, 0)), "2026-10-07");

	/* Local to UTC and back agrees for every quarter hour of 2026. */
	{
		int ok = 1;

		for (int64_t s = utc(2026, 1, 1, 0, 0, 0); s < utc(2027, 1, 1, 0, 0, 0) && ok; s += 900) {
			struct fb_civil lc;
			int64_t back;

			fb_utc_to_local(s, &lc, NULL, NULL);
			if (fb_local_to_utc(&lc, &back, NULL) != 0 ||
			    (back != s && !(back == s - 3600 && lc.month == 11))) {
				printf("# round trip failed at %lld\n", (long long)s);
				ok = 0;
			}
		}
		CHECK(ok);
	}

	CHECK_INT(fb_day_start(2026, 3, 8, &t, &err), 0);
	CHECK_INT(t, utc(2026, 3, 8, 5, 0, 0));
	CHECK_INT(fb_day_start(2026, 3, 9, &t, &err), 0);
	CHECK_INT(t, utc(2026, 3, 9, 4, 0, 0));
	CHECK_INT(fb_day_start(2026, 11, 1, &t, &err), 0);
	CHECK_INT(t, utc(2026, 11, 1, 4, 0, 0));
	CHECK_INT(fb_day_start(2026, 11, 2, &t, &err), 0);
	CHECK_INT(t, utc(2026, 11, 2, 5, 0, 0));
	CHECK_INT(fb_day_start(2024, 2, 29, &t, &err), 0);
	CHECK_INT(t, utc(2024, 2, 29, 5, 0, 0));
	t = 4242;
	CHECK_INT(fb_day_start(2026, 2, 29, &t, &err), -1);
	CHECK_INT(t, 4242);
	CHECK_INT(err.code, FB_ERR_USAGE);
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-02-29'");
}

static void
test_other_zones(void)
{
	int64_t t;
	int off;
	struct fb_civil c;

	set_tz("Europe/London");
	CHECK_STR_FREE(local_err(2026, 3, 29, 1, 30, 0),
		       "nonexistent local time '2026-03-29 01:30' in Europe/London (skipped by daylight saving)");
	CHECK_INT(local_ok(2026, 3, 29, 0, 59, 59), utc(2026, 3, 29, 0, 59, 59));
	CHECK_INT(local_ok(2026, 3, 29, 2, 0, 0), utc(2026, 3, 29, 1, 0, 0));
	CHECK_INT(local_ok(2026, 10, 25, 1, 30, 0), utc(2026, 10, 25, 0, 30, 0));
	CHECK_INT(local_ok(2026, 10, 25, 2, 0, 0), utc(2026, 10, 25, 2, 0, 0));
	CHECK_INT(local_ok(2026, 7, 1, 12, 0, 0), utc(2026, 7, 1, 11, 0, 0));
	CHECK_INT(local_ok(2026, 1, 1, 12, 0, 0), utc(2026, 1, 1, 12, 0, 0));
	CHECK_STR_FREE(fb_when_iso(utc(2026, 7, 1, 11, 0, 0)), "2026-07-01T12:00:00+01:00");
	CHECK_STR_FREE(fb_when_iso(utc(2026, 1, 1, 12, 0, 0)), "2026-01-01T12:00:00+00:00");

	/* Irish time has negative DST (winter is the "daylight" period). */
	set_tz("Europe/Dublin");
	CHECK_STR_FREE(local_err(2026, 3, 29, 1, 30, 0),
		       "nonexistent local time '2026-03-29 01:30' in Europe/Dublin (skipped by daylight saving)");
	CHECK_INT(local_ok(2026, 10, 25, 1, 30, 0), utc(2026, 10, 25, 0, 30, 0));
	CHECK_INT(local_ok(2026, 1, 10, 9, 0, 0), utc(2026, 1, 10, 9, 0, 0));
	CHECK_INT(local_ok(2026, 7, 10, 9, 0, 0), utc(2026, 7, 10, 8, 0, 0));

	set_tz("Asia/Kolkata");
	CHECK_INT(local_ok(2026, 10, 3, 9, 15, 0), utc(2026, 10, 3, 3, 45, 0));
	CHECK_INT(local_ok(2026, 10, 3, 0, 0, 0), utc(2026, 10, 2, 18, 30, 0));
	fb_utc_to_local(utc(2026, 10, 3, 3, 45, 0), &c, NULL, &off);
	CHECK(c.hour == 9 && c.min == 15);
	CHECK_INT(off, 19800);
	CHECK_STR_FREE(fb_when_iso(utc(2026, 10, 3, 3, 45, 0)), "2026-10-03T09:15:00+05:30");
	CHECK_STR_FREE(fb_when_date(utc(2026, 10, 2, 18, 30, 0)), "2026-10-03");
	CHECK_STR_FREE(fb_when_date(utc(2026, 10, 2, 18, 29, 59)), "2026-10-02");

	set_tz("Asia/Kathmandu");
	CHECK_STR_FREE(fb_when_iso(utc(2026, 10, 3, 0, 0, 0)), "2026-10-03T05:45:00+05:45");
	set_tz("America/St_Johns");
	CHECK_STR_FREE(fb_when_iso(utc(2026, 1, 3, 12, 0, 0)), "2026-01-03T08:30:00-03:30");

	/* Midnight itself skipped: the day starts when the clock resumes. */
	set_tz("America/Havana");
	CHECK_INT(fb_day_start(2026, 3, 8, &t, NULL), 0);
	CHECK_INT(t, utc(2026, 3, 8, 5, 0, 0));
	CHECK_STR_FREE(local_err(2026, 3, 8, 0, 0, 0),
		       "nonexistent local time '2026-03-08 00:00' in America/Havana (skipped by daylight saving)");
	CHECK_INT(when_ok("2026-03-08", 0), utc(2026, 3, 8, 5, 0, 0));
	set_tz("America/Sao_Paulo");
	CHECK_INT(fb_day_start(2018, 11, 4, &t, NULL), 0);
	CHECK_INT(t, utc(2018, 11, 4, 3, 0, 0));
	CHECK_INT(fb_day_start(2018, 11, 3, &t, NULL), 0);
	CHECK_INT(t, utc(2018, 11, 3, 3, 0, 0));
	/* 2018-02-17 23:00-23:59 happened twice. */
	CHECK_INT(local_ok(2018, 2, 17, 23, 30, 0), utc(2018, 2, 18, 1, 30, 0));
	set_tz("Asia/Beirut");
	CHECK_INT(fb_day_start(2026, 3, 29, &t, NULL), 0);
	CHECK_INT(t, utc(2026, 3, 28, 22, 0, 0));
	CHECK_INT(local_ok(2026, 10, 24, 23, 30, 0), utc(2026, 10, 24, 20, 30, 0));

	/* Samoa skipped all of 2011-12-30 when it crossed the date line. */
	set_tz("Pacific/Apia");
	CHECK_INT(fb_day_start(2011, 12, 30, &t, NULL), 0);
	CHECK_INT(t, utc(2011, 12, 30, 10, 0, 0));
	CHECK_INT(fb_day_start(2011, 12, 31, &t, NULL), 0);
	CHECK_INT(t, utc(2011, 12, 30, 10, 0, 0));
	CHECK_INT(local_ok(2011, 12, 29, 23, 59, 59), utc(2011, 12, 30, 9, 59, 59));
	CHECK_STR_FREE(local_err(2011, 12, 30, 12, 0, 0),
		       "nonexistent local time '2011-12-30 12:00' in Pacific/Apia (skipped by daylight saving)");
}

static void
test_when_parse(void)
{
	/* 2026-10-06 17:20 in New York. */
	int64_t now = utc(2026, 10, 6, 21, 20, 0);

	set_tz("America/New_York");
	CHECK_INT(when_ok("now", now), now);
	CHECK_INT(when_ok("NOW", now), now);
	CHECK_INT(when_ok("today", now), utc(2026, 10, 6, 4, 0, 0));
	CHECK_INT(when_ok("Today", now), utc(2026, 10, 6, 4, 0, 0));
	CHECK_INT(when_ok("yesterday", now), utc(2026, 10, 5, 4, 0, 0));
	/* Late evening local is already tomorrow in UTC. */
	CHECK_INT(when_ok("today", utc(2026, 10, 7, 2, 0, 0)), utc(2026, 10, 6, 4, 0, 0));
	CHECK_INT(when_ok("yesterday", utc(2026, 1, 1, 12, 0, 0)), utc(2025, 12, 31, 5, 0, 0));
	CHECK_INT(when_ok("yesterday", utc(2024, 3, 1, 12, 0, 0)), utc(2024, 2, 29, 5, 0, 0));
	CHECK_INT(when_ok("today", utc(2026, 11, 1, 12, 0, 0)), utc(2026, 11, 1, 4, 0, 0));

	CHECK_INT(when_ok("09:15", now), utc(2026, 10, 6, 13, 15, 0));
	CHECK_INT(when_ok("9:15", now), utc(2026, 10, 6, 13, 15, 0));
	CHECK_INT(when_ok("09:15:30", now), utc(2026, 10, 6, 13, 15, 30));
	CHECK_INT(when_ok("00:00", now), utc(2026, 10, 6, 4, 0, 0));
	CHECK_INT(when_ok("23:59", now), utc(2026, 10, 7, 3, 59, 0));

	CHECK_INT(when_ok("2026-10-03", now), utc(2026, 10, 3, 4, 0, 0));
	CHECK_INT(when_ok("2026-10-03 09:15", now), utc(2026, 10, 3, 13, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15", now), utc(2026, 10, 3, 13, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00", now), utc(2026, 10, 3, 13, 15, 0));
	CHECK_INT(when_ok("2026-10-03t09:15:42", now), utc(2026, 10, 3, 13, 15, 42));
	CHECK_INT(when_ok("2026-10-03 9:15", now), utc(2026, 10, 3, 13, 15, 0));
	CHECK_INT(when_ok("2026-01-03 09:15", now), utc(2026, 1, 3, 14, 15, 0));
	CHECK_INT(when_ok("2024-02-29", now), utc(2024, 2, 29, 5, 0, 0));
	CHECK_INT(when_ok("2026-11-01 01:30", now), utc(2026, 11, 1, 5, 30, 0));

	/* Explicit offsets are exact, whatever the zone. */
	CHECK_INT(when_ok("2026-10-03T09:15:00+02:00", now), utc(2026, 10, 3, 7, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00+0200", now), utc(2026, 10, 3, 7, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15+02", now), utc(2026, 10, 3, 7, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15-05", now), utc(2026, 10, 3, 14, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15-05:30", now), utc(2026, 10, 3, 14, 45, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00Z", now), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00z", now), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(when_ok("2026-10-03 09:15Z", now), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00+00:00", now), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00-00:00", now), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00.250Z", now), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00,999+01:00", now), utc(2026, 10, 3, 8, 15, 0));
	CHECK_INT(when_ok("2026-10-03Z", now), utc(2026, 10, 3, 0, 0, 0));
	CHECK_INT(when_ok("2026-10-03+05:30", now), utc(2026, 10, 2, 18, 30, 0));
	/* In the gap, but with an offset the instant is well defined. */
	CHECK_INT(when_ok("2026-03-08T02:30:00-05:00", now), utc(2026, 3, 8, 7, 30, 0));

	/* Leap days and other invalid dates. */
	CHECK_STR_FREE(when_err("2026-02-29", now), "invalid date '2026-02-29'");
	CHECK_STR_FREE(when_err("2026-02-30", now), "invalid date '2026-02-30'");
	CHECK_STR_FREE(when_err("2026-02-30 09:15", now), "invalid date '2026-02-30 09:15'");
	CHECK_STR_FREE(when_err("2026-13-01", now), "invalid date '2026-13-01'");
	CHECK_STR_FREE(when_err("2026-00-10", now), "invalid date '2026-00-10'");
	CHECK_STR_FREE(when_err("2026-10-00", now), "invalid date '2026-10-00'");
	CHECK_STR_FREE(when_err("2026-09-31T10:00Z", now), "invalid date '2026-09-31T10:00Z'");
	CHECK_STR_FREE(when_err("0000-01-01", now), "invalid date '0000-01-01'");
	CHECK_STR_FREE(when_err("1900-02-29", now), "invalid date '1900-02-29'");
	CHECK(when_err("2000-02-29", now) == NULL);

	/* Invalid clock fields. */
	CHECK_STR_FREE(when_err("2026-10-03 24:00", now), "invalid time '2026-10-03 24:00'");
	CHECK_STR_FREE(when_err("2026-10-03 25:00", now), "invalid time '2026-10-03 25:00'");
	CHECK_STR_FREE(when_err("2026-10-03 09:60", now), "invalid time '2026-10-03 09:60'");
	CHECK_STR_FREE(when_err("2026-10-03T09:15:60", now), "invalid time '2026-10-03T09:15:60'");
	CHECK_STR_FREE(when_err("25:00", now), "invalid time '25:00'");
	CHECK_STR_FREE(when_err("09:75", now), "invalid time '09:75'");

	/* The DST gap, with a full date and with "HH:MM" on that day. */
	CHECK_STR_FREE(when_err("2026-03-08 02:30", now),
		       "nonexistent local time '2026-03-08 02:30' in America/New_York (skipped by daylight saving)");
	CHECK_STR_FREE(when_err("02:30", utc(2026, 3, 8, 12, 0, 0)),
		       "nonexistent local time '2026-03-08 02:30' in America/New_York (skipped by daylight saving)");
	CHECK_STR_FREE(when_err("2026-03-08T02:30:15", now),
		       "nonexistent local time '2026-03-08 02:30:15' in America/New_York (skipped by daylight saving)");

	static const char *malformed[] = {
		"", "soon", "tomorrow", "2026-10-3", "26-10-03", "2026/10/03",
		"20261003", "2026-10-03  09:15", "2026-10-03T", "2026-10-03 09",
		"2026-10-03 09:15 +02:00", "2026-10-03T09:15+2", "2026-10-03T09:15+02:0",
		"2026-10-03T09:15+24:00", "2026-10-03T09:15+02:60", "09:15Z",
		"09:15+02:00", "+02:00", "2026-10-03T09:15:00.Z", "123:00", "9:5",
		"now!", " now", "2026-10-03T09:15:00+02:00x", "2026-10-03X",
		"2026-10-03T09:15:0", "2026-10-03T09", "T09:15", "2026-10-03 09:15:",
		"12026-10-03", "2026-10-031", "09:15:30:00",
	};
	for (size_t i = 0; i < FB_ARRAY_SIZE(malformed); i++) {
		char *want = fb_xasprintf("invalid time '%s'", malformed[i]);

		CHECK_STR_FREE(when_err(malformed[i], now), want);
		free(want);
	}
	{
		struct fb_err err = FB_ERR_INIT;
		int64_t t;

		CHECK_INT(fb_when_parse("soon", now, &t, &err), -1);
		CHECK_STR(err.hint, "write YYYY-MM-DD, YYYY-MM-DD HH:MM, HH:MM, today, yesterday or now");
		fb_err_release(&err);
		CHECK_INT(fb_when_parse("soon", now, &t, NULL), -1);
	}

	/* The same text in another zone is another instant. */
	set_tz("Asia/Kolkata");
	CHECK_INT(when_ok("2026-10-03 09:15", now), utc(2026, 10, 3, 3, 45, 0));
	CHECK_INT(when_ok("today", now), utc(2026, 10, 6, 18, 30, 0));
	CHECK_INT(when_ok("2026-10-03T09:15:00+02:00", now), utc(2026, 10, 3, 7, 15, 0));
	set_tz("UTC");
	CHECK_INT(when_ok("2026-10-03 09:15", now), utc(2026, 10, 3, 9, 15, 0));
	CHECK_INT(when_ok("today", now), utc(2026, 10, 6, 0, 0, 0));
}

static void
test_date_parse(void)
{
	struct fb_civil c;
	struct fb_err err = FB_ERR_INIT;
	int64_t now = utc(2026, 10, 6, 21, 20, 0);

	set_tz("America/New_York");
	memset(&c, 0x55, sizeof(c));
	CHECK_INT(fb_date_parse("2026-10-03", now, &c, &err), 0);
	CHECK(c.year == 2026 && c.month == 10 && c.day == 3 && c.hour == 0 &&
	      c.min == 0 && c.sec == 0);
	memset(&c, 0x55, sizeof(c));
	CHECK_INT(fb_date_parse("today", now, &c, &err), 0);
	CHECK(c.year == 2026 && c.month == 10 && c.day == 6 && c.hour == 0 &&
	      c.min == 0 && c.sec == 0);
	CHECK_INT(fb_date_parse("yesterday", now, &c, &err), 0);
	CHECK(c.year == 2026 && c.month == 10 && c.day == 5 && c.hour == 0);
	CHECK_INT(fb_date_parse("today", utc(2026, 10, 7, 3, 59, 59), &c, &err), 0);
	CHECK(c.day == 6);
	CHECK_INT(fb_date_parse("yesterday", utc(2027, 1, 1, 5, 0, 0), &c, &err), 0);
	CHECK(c.year == 2026 && c.month == 12 && c.day == 31);
	CHECK_INT(fb_date_parse("2024-02-29", now, &c, &err), 0);
	CHECK(c.year == 2024 && c.month == 2 && c.day == 29);

	c = civil(1, 2, 3, 4, 5, 6);
	CHECK_INT(fb_date_parse("2026-02-29", now, &c, &err), -1);
	CHECK_INT(err.code, FB_ERR_USAGE);
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-02-29'");
	CHECK(c.year == 1 && c.day == 3);
	CHECK_INT(fb_date_parse("2026-10-03 09:15", now, &c, &err), -1);
	CHECK_STR(err.hint, "write YYYY-MM-DD, today or yesterday");
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-10-03 09:15'");
	CHECK_INT(fb_date_parse("now", now, &c, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid date 'now'");
	CHECK_INT(fb_date_parse("", now, &c, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid date ''");
	CHECK_INT(fb_date_parse("2026-1-03", now, &c, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-1-03'");
	CHECK_INT(fb_date_parse("2026-10-03Z", now, &c, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-10-03Z'");
	CHECK_INT(fb_date_parse("2026-12-32", now, &c, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-12-32'");
	fb_err_release(&err);
}

static void
test_now(void)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t now = 0, before;

	set_tz("America/New_York");
	unsetenv("FIXBILL_NOW");
	before = (int64_t)time(NULL);
	CHECK_INT(fb_now(&now, &err), 0);
	CHECK(now >= before && now <= before + 5);
	setenv("FIXBILL_NOW", "", 1);
	CHECK_INT(fb_now(&now, &err), 0);
	CHECK(now >= before && now <= before + 5);

	setenv("FIXBILL_NOW", "2026-10-06T17:20:00-04:00", 1);
	CHECK_INT(fb_now(&now, &err), 0);
	CHECK_INT(now, utc(2026, 10, 6, 21, 20, 0));
	setenv("FIXBILL_NOW", "2026-10-06T21:20:00Z", 1);
	CHECK_INT(fb_now(&now, &err), 0);
	CHECK_INT(now, utc(2026, 10, 6, 21, 20, 0));
	setenv("FIXBILL_NOW", "2026-10-06 17:20", 1);
	CHECK_INT(fb_now(&now, &err), 0);
	CHECK_INT(now, utc(2026, 10, 6, 21, 20, 0));
	setenv("FIXBILL_NOW", "2026-10-06T17:20:05", 1);
	CHECK_INT(fb_now(&now, &err), 0);
	CHECK_INT(now, utc(2026, 10, 6, 21, 20, 5));
	setenv("FIXBILL_NOW", "2026-10-06", 1);
	CHECK_INT(fb_now(&now, &err), 0);
	CHECK_INT(now, utc(2026, 10, 6, 4, 0, 0));

	now = 4242;
	setenv("FIXBILL_NOW", "today", 1);
	CHECK_INT(fb_now(&now, &err), -1);
	CHECK_INT(err.code, FB_ERR_USAGE);
	CHECK_STR_FREE(take_msg(&err), "FIXBILL_NOW: invalid time 'today'");
	setenv("FIXBILL_NOW", "now", 1);
	CHECK_INT(fb_now(&now, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "FIXBILL_NOW: invalid time 'now'");
	setenv("FIXBILL_NOW", "17:20", 1);
	CHECK_INT(fb_now(&now, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "FIXBILL_NOW: invalid time '17:20'");
	setenv("FIXBILL_NOW", "garbage", 1);
	CHECK_INT(fb_now(&now, &err), -1);
	CHECK_STR(err.hint, "write an ISO 8601 time such as 2026-10-03T09:15:00Z");
	CHECK_STR_FREE(take_msg(&err), "FIXBILL_NOW: invalid time 'garbage'");
	setenv("FIXBILL_NOW", "2026-02-30T10:00:00Z", 1);
	CHECK_INT(fb_now(&now, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "FIXBILL_NOW: invalid date '2026-02-30T10:00:00Z'");
	setenv("FIXBILL_NOW", "2026-03-08 02:30", 1);
	CHECK_INT(fb_now(&now, &err), -1);
	CHECK_STR_FREE(take_msg(&err),
		       "FIXBILL_NOW: nonexistent local time '2026-03-08 02:30' in America/New_York (skipped by daylight saving)");
	CHECK_INT(fb_now(&now, NULL), -1);
	CHECK_INT(now, 4242);
	unsetenv("FIXBILL_NOW");
	fb_err_release(&err);
}

static void
check_period(const struct fb_period *p, int fy, int fm, int fd, int ly,
	     int lm, int ld)
{
	CHECK(p->first.year == fy && p->first.month == fm && p->first.day == fd);
	CHECK(p->last.year == ly && p->last.month == lm && p->last.day == ld);
	CHECK(p->first.hour == 0 && p->first.min == 0 && p->first.sec == 0);
	CHECK(p->last.hour == 0 && p->last.min == 0 && p->last.sec == 0);
}

static void
test_periods(void)
{
	struct fb_period p;
	struct fb_err err = FB_ERR_INIT;
	int64_t now = utc(2026, 10, 6, 21, 20, 0);

	set_tz("America/New_York");
	CHECK_INT(fb_period_parse("2026-10", &p, &err), 0);
	check_period(&p, 2026, 10, 1, 2026, 10, 31);
	CHECK_INT(p.start, utc(2026, 10, 1, 4, 0, 0));
	CHECK_INT(p.end, utc(2026, 11, 1, 4, 0, 0));
	CHECK_INT(fb_period_months(&p), 1);

	/* Across the fall-back: 30 days and one hour. */
	CHECK_INT(fb_period_parse("2026-11", &p, &err), 0);
	check_period(&p, 2026, 11, 1, 2026, 11, 30);
	CHECK_INT(p.start, utc(2026, 11, 1, 4, 0, 0));
	CHECK_INT(p.end, utc(2026, 12, 1, 5, 0, 0));
	CHECK_INT(p.end - p.start, 30 * 86400 + 3600);
	/* Across the spring-forward: 31 days less one hour. */
	CHECK_INT(fb_period_parse("2026-03", &p, &err), 0);
	CHECK_INT(p.start, utc(2026, 3, 1, 5, 0, 0));
	CHECK_INT(p.end, utc(2026, 4, 1, 4, 0, 0));
	CHECK_INT(p.end - p.start, 31 * 86400 - 3600);

	CHECK_INT(fb_period_parse("2026-02", &p, &err), 0);
	check_period(&p, 2026, 2, 1, 2026, 2, 28);
	CHECK_INT(fb_period_parse("2024-02", &p, &err), 0);
	check_period(&p, 2024, 2, 1, 2024, 2, 29);
	CHECK_INT(p.end, utc(2024, 3, 1, 5, 0, 0));
	CHECK_INT(fb_period_parse("2026-12", &p, &err), 0);
	check_period(&p, 2026, 12, 1, 2026, 12, 31);
	CHECK_INT(p.end, utc(2027, 1, 1, 5, 0, 0));

	CHECK_INT(fb_period_parse("2026-Q4", &p, &err), 0);
	check_period(&p, 2026, 10, 1, 2026, 12, 31);
	CHECK_INT(p.start, utc(2026, 10, 1, 4, 0, 0));
	CHECK_INT(p.end, utc(2027, 1, 1, 5, 0, 0));
	CHECK_INT(fb_period_months(&p), 3);
	CHECK_INT(fb_period_parse("2024-Q1", &p, &err), 0);
	check_period(&p, 2024, 1, 1, 2024, 3, 31);
	CHECK_INT(fb_period_parse("2026-q2", &p, &err), 0);
	check_period(&p, 2026, 4, 1, 2026, 6, 30);
	CHECK_INT(fb_period_parse("2026-Q3", &p, &err), 0);
	check_period(&p, 2026, 7, 1, 2026, 9, 30);

	CHECK_INT(fb_period_parse("2026", &p, &err), 0);
	check_period(&p, 2026, 1, 1, 2026, 12, 31);
	CHECK_INT(p.start, utc(2026, 1, 1, 5, 0, 0));
	CHECK_INT(p.end, utc(2027, 1, 1, 5, 0, 0));
	CHECK_INT(fb_period_months(&p), 12);
	CHECK_INT(fb_period_parse("2024", &p, &err), 0);
	CHECK_INT(p.end - p.start, 366 * 86400);
	CHECK_INT(fb_period_parse("9999", &p, &err), 0);
	check_period(&p, 9999, 1, 1, 9999, 12, 31);
	CHECK(p.end > p.start);

	static const char *bad[] = {
		"2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-Q", "2026-Q44",
		"26", "2026-1", "2026-10-01", "", "2026-", "Q4-2026", "0000",
		"20261", "2026-10 ", "October", "2026-W40", "-2026",
	};
	for (size_t i = 0; i < FB_ARRAY_SIZE(bad); i++) {
		char *want = fb_xasprintf("invalid period '%s': write YYYY-MM, YYYY-Qn or YYYY",
					  bad[i]);

		CHECK_STR_FREE(period_err(bad[i]), want);
		free(want);
	}

	/* --from/--to. */
	CHECK_INT(fb_period_range("2026-10-01", "2026-10-31", now, &p, &err), 0);
	check_period(&p, 2026, 10, 1, 2026, 10, 31);
	CHECK_INT(p.start, utc(2026, 10, 1, 4, 0, 0));
	CHECK_INT(p.end, utc(2026, 11, 1, 4, 0, 0));
	CHECK_INT(fb_period_range("2026-11-01", "2026-11-01", now, &p, &err), 0);
	CHECK_INT(p.end - p.start, 25 * 3600);
	CHECK_INT(fb_period_range("2026-03-08", "2026-03-08", now, &p, &err), 0);
	CHECK_INT(p.end - p.start, 23 * 3600);
	CHECK_INT(fb_period_range("2026-10-15", "2026-12-02", now, &p, &err), 0);
	CHECK_INT(fb_period_months(&p), 3);
	CHECK_INT(fb_period_range("2025-12-31", "2026-01-01", now, &p, &err), 0);
	CHECK_INT(fb_period_months(&p), 2);
	CHECK_INT(fb_period_range("yesterday", "today", now, &p, &err), 0);
	check_period(&p, 2026, 10, 5, 2026, 10, 6);
	CHECK_INT(p.start, utc(2026, 10, 5, 4, 0, 0));
	CHECK_INT(p.end, utc(2026, 10, 7, 4, 0, 0));

	CHECK_INT(fb_period_range(NULL, "2026-10-31", now, &p, &err), 0);
	CHECK_INT(p.start, INT64_MIN);
	CHECK_INT(p.end, utc(2026, 11, 1, 4, 0, 0));
	CHECK(p.first.year == 0 && p.first.month == 0 && p.first.day == 0);
	check_period(&p, 0, 0, 0, 2026, 10, 31);
	CHECK_INT(fb_period_months(&p), 0);
	CHECK_INT(fb_period_range("2026-10-01", NULL, now, &p, &err), 0);
	CHECK_INT(p.start, utc(2026, 10, 1, 4, 0, 0));
	CHECK_INT(p.end, INT64_MAX);
	check_period(&p, 2026, 10, 1, 0, 0, 0);
	CHECK_INT(fb_period_months(&p), 0);
	CHECK_INT(fb_period_range(NULL, NULL, now, &p, &err), 0);
	CHECK_INT(p.start, INT64_MIN);
	CHECK_INT(p.end, INT64_MAX);
	CHECK_INT(fb_period_range("", "", now, &p, &err), 0);
	CHECK_INT(p.start, INT64_MIN);
	CHECK_INT(p.end, INT64_MAX);

	p.start = 7;
	CHECK_INT(fb_period_range("2026-10-05", "2026-10-01", now, &p, &err), -1);
	CHECK_INT(err.code, FB_ERR_USAGE);
	CHECK_STR_FREE(take_msg(&err),
		       "invalid period: from '2026-10-05' is after to '2026-10-01'");
	CHECK_INT(p.start, 7);
	CHECK_INT(fb_period_range("today", "yesterday", now, &p, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid period: from 'today' is after to 'yesterday'");
	CHECK_INT(fb_period_range("2026-02-30", NULL, now, &p, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-02-30'");
	CHECK_INT(fb_period_range(NULL, "2026-10", now, &p, &err), -1);
	CHECK_STR_FREE(take_msg(&err), "invalid date '2026-10'");
	CHECK_INT(p.start, 7);

	/* The same month in Kolkata. */
	set_tz("Asia/Kolkata");
	CHECK_INT(fb_period_parse("2026-10", &p, &err), 0);
	CHECK_INT(p.start, utc(2026, 9, 30, 18, 30, 0));
	CHECK_INT(p.end, utc(2026, 10, 31, 18, 30, 0));
	set_tz("UTC");
	CHECK_INT(fb_period_parse("2026-10", &p, &err), 0);
	CHECK_INT(p.start, utc(2026, 10, 1, 0, 0, 0));
	CHECK_INT(p.end, utc(2026, 11, 1, 0, 0, 0));
	fb_err_release(&err);
}

static void
test_bizhours(void)
{
	struct fb_bizhours b;
	struct fb_err err = FB_ERR_INIT;
	/* Bit 0 is Sunday. */
	enum { SUN = 1, MON = 2, TUE = 4, WED = 8, THU = 16, FRI = 32, SAT = 64 };

	CHECK_INT(fb_bizhours_parse("Mon-Fri 08:00-18:00", &b, &err), 0);
	CHECK_INT(b.days, MON | TUE | WED | THU | FRI);
	CHECK_INT(b.open, 8 * 60);
	CHECK_INT(b.close, 18 * 60);
	CHECK_INT(fb_bizhours_parse("Mon-Sat 07:30-17:00", &b, &err), 0);
	CHECK_INT(b.days, MON | TUE | WED | THU | FRI | SAT);
	CHECK_INT(b.open, 7 * 60 + 30);
	CHECK_INT(b.close, 17 * 60);
	CHECK_INT(fb_bizhours_parse("Mon,Wed,Fri 09:00-17:00", &b, &err), 0);
	CHECK_INT(b.days, MON | WED | FRI);
	CHECK_INT(b.open, 9 * 60);
	CHECK_INT(fb_bizhours_parse("Sat-Sun 10:00-14:00", &b, &err), 0);
	CHECK_INT(b.days, SAT | SUN);
	CHECK_INT(fb_bizhours_parse("Fri-Mon 10:00-14:00", &b, &err), 0);
	CHECK_INT(b.days, FRI | SAT | SUN | MON);
	CHECK_INT(fb_bizhours_parse("Sun-Sat 00:00-24:00", &b, &err), 0);
	CHECK_INT(b.days, 127);
	CHECK_INT(b.open, 0);
	CHECK_INT(b.close, 1440);
	CHECK_INT(fb_bizhours_parse("Tue-Mon 08:00-18:00", &b, &err), 0);
	CHECK_INT(b.days, 127);
	CHECK_INT(fb_bizhours_parse("Wed-Wed 08:00-18:00", &b, &err), 0);
	CHECK_INT(b.days, WED);
	CHECK_INT(fb_bizhours_parse("mon-FRI 8:00-18:00", &b, &err), 0);
	CHECK_INT(b.days, MON | TUE | WED | THU | FRI);
	CHECK_INT(b.open, 480);
	CHECK_INT(fb_bizhours_parse("Mon-Wed,Fri 08:00-12:00", &b, &err), 0);
	CHECK_INT(b.days, MON | TUE | WED | FRI);
	CHECK_INT(fb_bizhours_parse("Thu\t08:00-23:59", &b, &err), 0);
	CHECK_INT(b.days, THU);
	CHECK_INT(b.close, 23 * 60 + 59);
	CHECK_INT(fb_bizhours_parse("Sun  00:00-00:01", &b, &err), 0);
	CHECK_INT(b.days, SUN);
	CHECK_INT(b.open, 0);
	CHECK_INT(b.close, 1);

	CHECK_STR_FREE(biz_err("Mon-Fry 08:00-18:00"),
		       "invalid business hours 'Mon-Fry 08:00-18:00': unknown day 'Fry'");
	CHECK_STR_FREE(biz_err("Monday-Friday 08:00-18:00"),
		       "invalid business hours 'Monday-Friday 08:00-18:00': unknown day 'Monday'");
	CHECK_STR_FREE(biz_err("weekdays"),
		       "invalid business hours 'weekdays': unknown day 'weekdays'");
	CHECK_STR_FREE(biz_err("Mo-Fr 08:00-18:00"),
		       "invalid business hours 'Mo-Fr 08:00-18:00': unknown day 'Mo'");
	CHECK_STR_FREE(biz_err("Mon-Fri 18:00-08:00"),
		       "invalid business hours 'Mon-Fri 18:00-08:00': opening must be before closing");
	CHECK_STR_FREE(biz_err("Mon-Fri 08:00-08:00"),
		       "invalid business hours 'Mon-Fri 08:00-08:00': opening must be before closing");

	static const char *bad[] = {
		"", "Mon-Fri", "Mon-Fri ", "Mon-Fri 08:00", "Mon-Fri 08:00-",
		"Mon-Fri08:00-18:00", "Mon-Fri 08:00-18:00 ", " Mon-Fri 08:00-18:00",
		"Mon-Fri 24:00-24:00", "Mon-Fri 08:00-24:30", "Mon-Fri 08:00-25:00",
		"Mon-Fri 08:60-18:00", "Mon-Fri 8-18", "Mon-Fri 08:00:00-18:00",
		"Mon,,Fri 08:00-18:00", "Mon, Fri 08:00-18:00", "Mon- Fri 08:00-18:00",
		"Mon-Fri 08:00 - 18:00", "Mon-Fri-Sat 08:00-18:00", "Mon,Fri, 08:00-18:00",
		"Mon-Fri 08.00-18.00", "Mon-Fri 080:00-18:00",
	};
	for (size_t i = 0; i < FB_ARRAY_SIZE(bad); i++) {
		char *want = fb_xasprintf("invalid business hours '%s': write e.g. Mon-Fri 08:00-18:00",
					  bad[i]);

		CHECK_STR_FREE(biz_err(bad[i]), want);
		free(want);
	}
	fb_err_release(&err);
}

/*
 * Found by tests/fuzz/fuzz-when.c: fb_when_iso writes the local mean time
 * offset of old New York dates with seconds, which fb_when_parse refused.
 */
static void
test_offset_seconds(void)
{
	int64_t t = utc(1800, 1, 1, 4, 56, 2);
	char *msg;

	set_tz("America/New_York");
	CHECK_STR_FREE(fb_when_iso(t), "1800-01-01T00:00:00-04:56:02");
	CHECK_INT(when_ok("1800-01-01T00:00:00-04:56:02", 0), t);
	CHECK_INT(when_ok("0100-01-12", 0), utc(100, 1, 12, 4, 56, 2));
	msg = when_err("1800-01-01T00:00:00-04:56:60", 0);
	CHECK(msg != NULL);
	free(msg);
	set_tz("UTC");
}

/* SPEC section 10: nothing later than now plus five minutes, by instant or by day. */
static void
test_not_future(void)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t now;

	set_tz("America/New_York");
	now = utc(2026, 10, 15, 16, 0, 0);	/* 12:00 in New York */
	CHECK_INT(fb_when_check_past(now, now, &err), 0);
	CHECK_INT(fb_when_check_past(now + 300, now, &err), 0);
	CHECK_INT(fb_when_check_past(INT64_MIN, now, &err), 0);
	CHECK_INT(fb_when_check_past(now + 301, now, &err), -1);
	CHECK_INT(err.code, FB_ERR_REFUSED);
	CHECK_STR(err.msg, "2026-10-15 12:05 is in the future");
	fb_err_release(&err);
	CHECK_INT(fb_when_check_past(INT64_MAX, INT64_MAX - 10, &err), 0);

	/* A day is in the future when it begins after now plus the slack. */
	CHECK_INT(fb_date_check_past("2026-10-15", now, &err), 0);
	CHECK_INT(fb_date_check_past("1999-01-01", now, &err), 0);
	CHECK_INT(fb_date_check_past("2026-10-16", now, &err), -1);
	CHECK_STR(err.msg, "2026-10-16 is in the future");
	fb_err_release(&err);
	/* Five minutes before local midnight, tomorrow is not yet refused... */
	CHECK_INT(fb_date_check_past("2026-10-16", utc(2026, 10, 16, 3, 55, 0), &err), 0);
	/* ...and a minute earlier it is. */
	CHECK_INT(fb_date_check_past("2026-10-16", utc(2026, 10, 16, 3, 54, 59), &err), -1);
	fb_err_release(&err);
	CHECK_INT(fb_date_check_past("2026-02-30", now, &err), -1);
	CHECK_INT(err.code, FB_ERR_USAGE);
	fb_err_release(&err);
}

int
main(void)
{
	/* Before any fb_ call: the default zone is $TZ as it is now. */
	setenv("TZ", ":Europe/London", 1);
	unsetenv("TZDIR");
	unsetenv("FIXBILL_NOW");
	test_tz();
	test_calendar();
	test_utc_zone();
	test_new_york();
	test_other_zones();
	test_when_parse();
	test_date_parse();
	test_now();
	test_periods();
	test_bizhours();
	test_offset_seconds();
	test_not_future();
	return unit_done();
}
