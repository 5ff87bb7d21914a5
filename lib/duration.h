/*
 * duration.h - lengths of time in seconds, their text forms and rounding
 * to billing increments.
 */
#ifndef FB_DURATION_H
#define FB_DURATION_H

#include <stdint.h>

#include "util.h"

/*
 * The longest duration fb_duration_parse accepts: 10,000 hours (SPEC
 * section 15), more than a year of work around the clock.  Anything
 * longer is a typing mistake, and bounding it, like amounts
 * (FB_MONEY_MAX), keeps the totals built from it far from int64's limit.
 */
#define FB_DURATION_MAX ((int64_t)36000000)

/*
 * Parse "1h30m", "2h", "45m", "1.5h", "1d", "1:30" (h:mm), "PT1H30M" (ISO 8601,
 * also with S and a fractional hour) into whole seconds.  A bare number
 * is ambiguous and refused; zero, negative and absurd (> 10,000 hours)
 * lengths are refused.  Errors are FB_ERR_USAGE, e.g.
 *   ambiguous duration '45': write 45m or 45h
 *   invalid duration '1h75x'
 *   invalid duration '0m': must be positive
 *   invalid duration '0.00001h': not a whole number of seconds
 *   invalid duration '1:75': minutes and seconds must be below 60
 *   invalid duration '10001h': longer than 10000 hours
 * In detail: units h, m, s (either case) in that order, each at most
 * once, e.g. "1h30m15s", "90m", "90s"; only the last may have a fraction
 * ("1h7.5m"), which must come to whole seconds; "h:mm" and "h:mm:ss";
 * "PT" followed by the same units ("PT1.5H", "PT30S").
 */
int fb_duration_parse(const char *s, int64_t *secs, struct fb_err *err);

/*
 * "1h30m", "0h45m", "1h00m"; seconds are shown only when not whole
 * minutes ("0h50m30s").  Negative durations get a leading '-'.  Caller frees.
 */
char *fb_duration_format(int64_t secs);

/*
 * "1.75" hours with two decimals, for spreadsheets and CSV, rounded half
 * away from zero ("0.83" for 50 minutes, "-0.50").  Caller frees.
 */
char *fb_duration_hours(int64_t secs);

enum fb_rounding {
	FB_ROUND_UP,
	FB_ROUND_NEAREST,	/* exact halves go up */
	FB_ROUND_DOWN
};

/* "up", "nearest", "down" -> enum; -1 if unknown (or NULL). */
int fb_rounding_parse(const char *s);
/* The name fb_rounding_parse takes back; "?" for a value out of range. */
const char *fb_rounding_name(enum fb_rounding r);

/*
 * Round secs (>= 0) to a multiple of increment_min minutes.  An
 * increment of 0 leaves secs unchanged.  Negative secs are returned
 * unchanged, and rounding up never passes INT64_MAX (it rounds down
 * there instead).
 */
int64_t fb_round_increment(int64_t secs, int increment_min, enum fb_rounding mode);

#endif
