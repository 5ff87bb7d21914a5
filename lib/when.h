/*
 * when.h - instants, local dates and times, periods and timezones.
 *
 * Instants are int64_t Unix seconds.  "Local" always means the configured
 * timezone, which fb_tz_set installs process-wide (through $TZ and the
 * system zoneinfo database).  Everything that reads a local time goes
 * through fb_local_to_utc, which owns the DST rules: a repeated local time
 * is its first occurrence, a skipped one is an error.
 */
#ifndef FB_WHEN_H
#define FB_WHEN_H

#include <stdint.h>

#include "util.h"

/* A broken-down local date and time (month 1-12, day 1-31). */
struct fb_civil {
	int year, month, day;
	int hour, min, sec;
};

/*
 * Select the timezone by IANA name ("America/New_York", "UTC").  NULL or
 * "" selects $TZ as the process had it at start, else UTC.  An unknown
 * name is FB_ERR_USAGE: unknown timezone 'Mars/Base'.
 *
 * "At start" means before this module first touched $TZ: the value is
 * saved by the first call of any function here.  A leading ':' (the
 * POSIX ":Europe/London" form) and a leading zoneinfo directory
 * ("/usr/share/zoneinfo/Europe/London") are dropped; any other $TZ that
 * is no zone name (a POSIX rule string, another path) is refused like an
 * unknown name, with a hint.  On error the zone in force does not change.
 *
 * Functions that need local time before any successful fb_tz_set use the
 * zone fb_tz_set(NULL) would select, or UTC when that fails.
 */
int fb_tz_set(const char *name, struct fb_err *err);
/*
 * 1 when name is a timezone the system knows: "UTC", or a TZif file under
 * $TZDIR (default /usr/share/zoneinfo).  Names are letters, digits and
 * "/_+-" only, never absolute and never with "..".
 */
int fb_tz_valid(const char *name);
/* The name of the zone in force.  Borrowed; valid until the next fb_tz_set. */
const char *fb_tz_name(void);

/*
 * The current instant: $FIXBILL_NOW when set (any form fb_when_parse
 * takes that needs no "now"), else the system clock.  A malformed
 * $FIXBILL_NOW is FB_ERR_USAGE, the parser's message prefixed:
 *   FIXBILL_NOW: invalid time 'soon'
 * An empty $FIXBILL_NOW counts as unset.
 */
int fb_now(int64_t *now, struct fb_err *err);

/*
 * SPEC section 10: nothing is dated later than now plus FB_FUTURE_SLACK
 * seconds (a clock a few minutes ahead of the machine's is not an error).
 * fb_when_check_past checks an instant, fb_date_check_past a local day
 * (YYYY-MM-DD, which is in the future when it begins after that).  Each
 * returns 0, or -1 with FB_ERR_REFUSED and the message
 *   2026-10-16 09:00 is in the future      (fb_date_check_past: 2026-10-16)
 * for the caller to prefix with what it could not do.
 */
#define FB_FUTURE_SLACK 300
int fb_when_check_past(int64_t t, int64_t now, struct fb_err *err);
int fb_date_check_past(const char *date, int64_t now, struct fb_err *err);

/*
 * Local civil time -> instant.  Validates fields (2026-02-30 is an error;
 * years 1-9999, hours 0-23, minutes and seconds 0-59).  A repeated local
 * time is its first occurrence; a skipped one is an error.  FB_ERR_USAGE:
 *   invalid date '2026-02-30'
 *   invalid time '2026-10-03 24:00:00'
 *   nonexistent local time '2026-03-08 02:30' in America/New_York (skipped by daylight saving)
 */
int fb_local_to_utc(const struct fb_civil *c, int64_t *t, struct fb_err *err);

/*
 * Instant -> local civil time; wday 0=Sunday..6 and UTC offset in seconds
 * (either may be NULL).  Instants beyond what struct tm holds (INT64_MIN,
 * INT64_MAX of an open period) come out as UTC, the year clamped.
 */
void fb_utc_to_local(int64_t t, struct fb_civil *c, int *wday, int *utcoff);

/*
 * Parse a point in time: "2026-10-03" (local midnight), "2026-10-03 09:15",
 * "2026-10-03T09:15", "2026-10-03T09:15:00", each with an optional offset
 * ("+02:00", "+0200", "Z"); "today", "yesterday" (local midnight); "now";
 * "HH:MM" (today at that local time).  now is the reference instant.
 *
 * Also accepted: "-05" style offsets, a one-digit hour ("9:15"), seconds
 * on the time-only form ("09:15:30"), a fraction of a second (dropped:
 * "2026-10-03T09:15:00.250Z"), lower-case 't' and 'z', the words in any
 * case.  A local date alone is the first instant of that day (see
 * fb_day_start).  Errors are FB_ERR_USAGE, with s as the subject:
 *   invalid time 'soon'            (with a hint listing the forms)
 *   invalid date '2026-02-30'      (also '2026-02-30 09:15')
 *   invalid time '2026-10-03 25:00'
 *   nonexistent local time '...' in <zone> (skipped by daylight saving)
 */
int fb_when_parse(const char *s, int64_t now, int64_t *t, struct fb_err *err);

/*
 * Parse a date only: "2026-10-03", "today", "yesterday".  Fills c with the
 * date and zero time.  FB_ERR_USAGE: invalid date '2026-02-30'.
 */
int fb_date_parse(const char *s, int64_t now, struct fb_civil *c, struct fb_err *err);

/*
 * "2026-10-06T17:20:00-04:00" in the local zone ("+00:00" for UTC; an
 * offset with seconds, as in old local mean times, gets ":SS").  Caller frees.
 */
char *fb_when_iso(int64_t t);
/* "2026-10-06 17:20" local.  Caller frees. */
char *fb_when_short(int64_t t);
/* "2026-10-06" local.  Caller frees. */
char *fb_when_date(int64_t t);
/* "2026-10-06" of a civil date.  Caller frees. */
char *fb_civil_date(const struct fb_civil *c);

/*
 * Days since 1970-01-01 of a proleptic Gregorian date, and back.  The
 * fields are not checked; fb_civil_from_days clamps days to
 * +-FB_DAYS_MAX so that the year fits an int.
 */
#define FB_DAYS_MAX ((int64_t)700000000000)
int64_t fb_days_from_civil(int year, int month, int day);
void fb_civil_from_days(int64_t days, int *year, int *month, int *day);
/* 28-31, or 0 for a month outside 1-12. */
int fb_days_in_month(int year, int month);
/* 0=Sunday .. 6=Saturday. */
int fb_weekday(int year, int month, int day);

/*
 * The first instant of a local day (midnight, or the first time that
 * exists when midnight falls in a DST gap).  FB_ERR_USAGE for an invalid
 * date: invalid date '2026-02-29'.
 */
int fb_day_start(int year, int month, int day, int64_t *t, struct fb_err *err);

/*
 * A period: whole local days from first to last (inclusive), and the
 * instants [start, end) they cover.
 */
struct fb_period {
	struct fb_civil first, last;
	int64_t start, end;
};

/*
 * "2026-10" (month), "2026-Q4" (quarter, 'q' too), "2026" (year).
 * FB_ERR_USAGE: invalid period '2026-13': write YYYY-MM, YYYY-Qn or YYYY.
 */
int fb_period_parse(const char *s, struct fb_period *p, struct fb_err *err);
/*
 * --from/--to, both inclusive whole local days, as fb_date_parse reads
 * them; either may be NULL or "" (open end).  An open start leaves first
 * all zero and start INT64_MIN; an open end leaves last all zero and end
 * INT64_MAX.  from after to is FB_ERR_USAGE:
 *   invalid period: from '2026-10-05' is after to '2026-10-01'
 */
int fb_period_range(const char *from, const char *to, int64_t now,
		    struct fb_period *p, struct fb_err *err);
/* Number of calendar months a period touches (for monthly fees); 0 when open. */
int fb_period_months(const struct fb_period *p);

/*
 * Business hours: "Mon-Fri 08:00-18:00", also "Mon-Sat 07:30-17:00",
 * "Mon,Wed,Fri 09:00-17:00".  days is a bit set (bit 0 = Sunday),
 * open/close are minutes after midnight (open < close).
 *
 * Day names are three letters in any case; ranges may wrap the week
 * ("Fri-Mon") and mix with lists ("Mon-Wed,Fri"); close may be 24:00.
 * FB_ERR_USAGE, e.g.
 *   invalid business hours 'Mon-Fry 08:00-18:00': unknown day 'Fry'
 *   invalid business hours 'Mon-Fri 18:00-08:00': opening must be before closing
 *   invalid business hours 'Mon-Fri': write e.g. Mon-Fri 08:00-18:00
 */
struct fb_bizhours {
	unsigned days;
	int open, close;
};
int fb_bizhours_parse(const char *s, struct fb_bizhours *b, struct fb_err *err);

#endif
