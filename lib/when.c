/*
 * when.c - instants, local civil times, periods and the timezone they are
 * read in.
 *
 * The zone is the system's zoneinfo, installed process-wide through $TZ.
 * Turning a local time into an instant is done here and nowhere else,
 * because mktime's own answer for a repeated or skipped wall-clock time
 * depends on a tm_isdst guess: instead every plausible instant is tried
 * and kept only when it converts back to the same wall clock, so repeats
 * resolve to the earliest and gaps are found rather than shifted.
 */
#include "when.h"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TZ_NAME_MAX 255
#define YEAR_MIN 1
#define YEAR_MAX 9999

static char tz_current[TZ_NAME_MAX + 1];
static int tz_saved;
static char *tz_initial;

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Howard Hinnant's days_from_civil, in 64 bits. */
int64_t
fb_days_from_civil(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = ((int64_t)month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
fb_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z, era, doe, yoe, y, doy, mp, m;

	/* Keep the year inside an int. */
	if (days > FB_DAYS_MAX)
		days = FB_DAYS_MAX;
	if (days < -FB_DAYS_MAX)
		days = -FB_DAYS_MAX;
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int
fb_days_in_month(int year, int month)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return dim[month - 1];
}

int
fb_weekday(int year, int month, int day)
{
	int64_t w = (fb_days_from_civil(year, month, day) + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

static int
date_valid(int year, int month, int day)
{
	return year >= YEAR_MIN && year <= YEAR_MAX && month >= 1 &&
	       month <= 12 && day >= 1 && day <= fb_days_in_month(year, month);
}

static int
clock_valid(int hour, int min, int sec)
{
	return hour >= 0 && hour <= 23 && min >= 0 && min <= 59 &&
	       sec >= 0 && sec <= 59;
}

/* A wall-clock time as seconds since the epoch, read as if it were UTC. */
static int64_t
civil_secs(const struct fb_civil *c)
{
	return fb_days_from_civil(c->year, c->month, c->day) * 86400 +
	       c->hour * 3600 + c->min * 60 + c->sec;
}

/* Timezones. */

static void
save_initial_tz(void)
{
	const char *e;

	if (tz_saved)
		return;
	e = getenv("TZ");
	tz_initial = e ? fb_xstrdup(e) : NULL;
	tz_saved = 1;
}

static const char *
zoneinfo_dir(void)
{
	const char *dir = getenv("TZDIR");

	return dir != NULL && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

int
fb_tz_valid(const char *name)
{
	const char *dir, *p;
	char *path, magic[4];
	struct stat st;
	int fd, ok = 0;

	if (name == NULL || *name == '\0' || strlen(name) > TZ_NAME_MAX)
		return 0;
	if (strcmp(name, "UTC") == 0)
		return 1;
	/* A name is a path below the zoneinfo directory, never outside it. */
	if (name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p; p++)
		if (!is_digit(*p) && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= 'A' && *p <= 'Z') && strchr("/_+-", *p) == NULL)
			return 0;
	dir = zoneinfo_dir();
	path = fb_xasprintf("%s/%s", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd == -1)
		return 0;
	/* zone.tab and friends live there too; only TZif files are zones. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, "TZif", sizeof(magic)) == 0)
		ok = 1;
	close(fd);
	return ok;
}

/*
 * $TZ may say ":Europe/London" (the POSIX form for "a zone file") or give
 * the file's whole path; both mean the zone name.
 */
static const char *
zone_name_of(const char *tz)
{
	const char *dir = zoneinfo_dir();
	size_t n = strlen(dir);

	if (*tz == ':')
		tz++;
	if (strncmp(tz, dir, n) == 0 && tz[n] == '/')
		tz += n + 1;
	return tz;
}

static void memo_clear(void);

int
fb_tz_set(const char *name, struct fb_err *err)
{
	int from_env = 0;

	save_initial_tz();
	if (name == NULL || *name == '\0') {
		name = "UTC";
		if (tz_initial != NULL && *tz_initial != '\0') {
			name = zone_name_of(tz_initial);
			from_env = 1;
		}
	}
	if (!fb_tz_valid(name)) {
		fb_err_set(err, FB_ERR_USAGE, "unknown timezone '%s'", name);
		if (from_env)
			fb_err_hint(err, "$TZ must name a zone such as 'Europe/London'");
		return -1;
	}
	if (setenv("TZ", name, 1) == -1)
		return fb_err_set(err, FB_ERR_RUNTIME,
				  "cannot select timezone '%s'", name);
	tzset();
	memo_clear();
	/* name may be tz_current itself (fb_tz_set(fb_tz_name(), ...)). */
	memmove(tz_current, name, strlen(name) + 1);
	return 0;
}

/* Local time is needed before anyone chose a zone: use the default. */
static void
ensure_tz(void)
{
	if (tz_current[0] != '\0')
		return;
	if (fb_tz_set(NULL, NULL) == -1) {
		setenv("TZ", "UTC", 1);
		tzset();
		memcpy(tz_current, "UTC", 4);
	}
}

const char *
fb_tz_name(void)
{
	ensure_tz();
	return tz_current;
}

/* Local to UTC and back. */

static int
utc_offset(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if (localtime_r(&tt, tm) == NULL)
		return 0;
	return (int)tm->tm_gmtoff;
}

/* The wall clock at instant t, in the units of civil_secs. */
static int64_t
wall_clock(int64_t t)
{
	struct tm tm;

	return t + utc_offset(t, &tm);
}

/*
 * Most local days have one UTC offset from the day before to the day
 * after; for them a wall clock converts with one subtraction.  Pricing
 * and imports convert millions of times on a few thousand days, so the
 * answer is kept per local day (direct-mapped, cleared with the zone).
 */
struct day_memo {
	int64_t day;		/* wall / 86400, floor */
	int off;
	int state;		/* 0 empty, 1 uniform (off valid), 2 not uniform */
};

static struct day_memo memo[512];

static void
memo_clear(void)
{
	memset(memo, 0, sizeof(memo));
}

/* 1 with *off when the whole local day of wall (and a day around it) has one offset. */
static int
memo_uniform(int64_t wall, int *off)
{
	int64_t day = wall >= 0 ? wall / 86400 : -((-wall + 86399) / 86400);
	struct day_memo *m = &memo[(uint64_t)day % FB_ARRAY_SIZE(memo)];

	if (m->state == 0 || m->day != day) {
		struct tm tm;
		int o = utc_offset(day * 86400 - 86400, &tm);

		m->day = day;
		m->off = o;
		m->state = 1;
		/* Probe every 6 hours from the day before to the day after. */
		for (int64_t k = -3; k <= 8; k++)
			if (utc_offset(day * 86400 + k * 21600, &tm) != o) {
				m->state = 2;
				break;
			}
	}
	*off = m->off;
	return m->state == 1;
}

/*
 * Find the instant whose wall clock reads wall.  Returns 1 with the
 * earliest such instant, or 0 when wall is skipped (a gap), with the
 * first instant after the gap.  Candidates come from the offsets in force
 * around wall and from mktime under both DST flags; only those that
 * convert back to wall count.
 */
static int
resolve_wall(int64_t wall, const struct fb_civil *c, int64_t *t)
{
	static const int64_t probes[] = { -86400, -43200, 0, 43200, 86400 };
	int64_t cand[FB_ARRAY_SIZE(probes) + 2], lo, hi, best = 0;
	int n = 0, found = 0, offmin = INT_MAX, offmax = INT_MIN, off0;

	if (memo_uniform(wall, &off0)) {
		*t = wall - off0;
		return 1;
	}
	for (size_t i = 0; i < FB_ARRAY_SIZE(probes); i++) {
		struct tm tm;
		int off = utc_offset(wall + probes[i], &tm);

		if (off < offmin)
			offmin = off;
		if (off > offmax)
			offmax = off;
		cand[n++] = wall - off;
	}
	for (int isdst = 0; isdst <= 1; isdst++) {
		struct tm tm;

		memset(&tm, 0, sizeof(tm));
		tm.tm_year = c->year - 1900;
		tm.tm_mon = c->month - 1;
		tm.tm_mday = c->day;
		tm.tm_hour = c->hour;
		tm.tm_min = c->min;
		tm.tm_sec = c->sec;
		tm.tm_isdst = isdst;
		cand[n++] = (int64_t)mktime(&tm);
	}
	for (int i = 0; i < n; i++) {
		if (wall_clock(cand[i]) != wall)
			continue;
		if (!found || cand[i] < best)
			best = cand[i];
		found = 1;
	}
	if (found) {
		*t = best;
		return 1;
	}

	/*
	 * In a gap the clock jumps from below wall to above it somewhere
	 * between the two offsets; the wall clock only moves forward there.
	 */
	lo = wall - offmax;
	hi = wall - offmin;
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;

		if (wall_clock(mid) >= wall)
			hi = mid;
		else
			lo = mid + 1;
	}
	*t = lo;
	return 0;
}

static char *
civil_text(const struct fb_civil *c)
{
	if (c->sec != 0)
		return fb_xasprintf("%04d-%02d-%02d %02d:%02d:%02d", c->year,
				    c->month, c->day, c->hour, c->min, c->sec);
	return fb_xasprintf("%04d-%02d-%02d %02d:%02d", c->year, c->month,
			    c->day, c->hour, c->min);
}

static int
gap_error(const struct fb_civil *c, struct fb_err *err)
{
	char *text = civil_text(c);

	fb_err_set(err, FB_ERR_USAGE,
		   "nonexistent local time '%s' in %s (skipped by daylight saving)",
		   text, tz_current);
	free(text);
	return -1;
}

int
fb_local_to_utc(const struct fb_civil *c, int64_t *t, struct fb_err *err)
{
	int64_t r;

	ensure_tz();
	if (!date_valid(c->year, c->month, c->day))
		return fb_err_set(err, FB_ERR_USAGE, "invalid date '%04d-%02d-%02d'",
				  c->year, c->month, c->day);
	if (!clock_valid(c->hour, c->min, c->sec)) {
		char *text = fb_xasprintf("%04d-%02d-%02d %02d:%02d:%02d",
					  c->year, c->month, c->day, c->hour,
					  c->min, c->sec);

		fb_err_set(err, FB_ERR_USAGE, "invalid time '%s'", text);
		free(text);
		return -1;
	}
	if (!resolve_wall(civil_secs(c), c, &r))
		return gap_error(c, err);
	*t = r;
	return 0;
}

void
fb_utc_to_local(int64_t t, struct fb_civil *c, int *wday, int *utcoff)
{
	time_t tt = (time_t)t;
	struct tm tm;
	int64_t days, rem;

	ensure_tz();
	if (localtime_r(&tt, &tm) != NULL) {
		c->year = tm.tm_year + 1900;
		c->month = tm.tm_mon + 1;
		c->day = tm.tm_mday;
		c->hour = tm.tm_hour;
		c->min = tm.tm_min;
		c->sec = tm.tm_sec;
		if (wday)
			*wday = tm.tm_wday;
		if (utcoff)
			*utcoff = (int)tm.tm_gmtoff;
		return;
	}
	/* Beyond what struct tm holds (the open ends of a period): UTC. */
	days = t / 86400;
	rem = t % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	fb_civil_from_days(days, &c->year, &c->month, &c->day);
	c->hour = (int)(rem / 3600);
	c->min = (int)(rem % 3600 / 60);
	c->sec = (int)(rem % 60);
	if (wday)
		*wday = fb_weekday(c->year, c->month, c->day);
	if (utcoff)
		*utcoff = 0;
}

/* The first instant of a local day; the date is trusted. */
static int64_t
day_start(int64_t days)
{
	struct fb_civil c;
	int64_t t;

	memset(&c, 0, sizeof(c));
	fb_civil_from_days(days, &c.year, &c.month, &c.day);
	resolve_wall(days * 86400, &c, &t);
	return t;
}

int
fb_day_start(int year, int month, int day, int64_t *t, struct fb_err *err)
{
	ensure_tz();
	if (!date_valid(year, month, day))
		return fb_err_set(err, FB_ERR_USAGE, "invalid date '%04d-%02d-%02d'",
				  year, month, day);
	*t = day_start(fb_days_from_civil(year, month, day));
	return 0;
}

/* Parsing. */

struct stamp {
	struct fb_civil c;
	int has_date, has_time, has_off;
	int off;
};

/* Read exactly n digits. */
static int
digits(const char **pp, int n, int *out)
{
	const char *p = *pp;
	int v = 0;

	for (int i = 0; i < n; i++, p++) {
		if (!is_digit(*p))
			return -1;
		v = v * 10 + (*p - '0');
	}
	*pp = p;
	*out = v;
	return 0;
}

/* "H:MM", "HH:MM", "HH:MM:SS", with an ignored fraction of a second. */
static int
parse_clock(const char **pp, struct fb_civil *c)
{
	const char *p = *pp;

	if (!is_digit(p[0]))
		return -1;
	if (is_digit(p[1])) {
		c->hour = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
	} else {
		c->hour = p[0] - '0';
		p++;
	}
	if (*p++ != ':' || digits(&p, 2, &c->min) == -1)
		return -1;
	c->sec = 0;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &c->sec) == -1)
			return -1;
		if (*p == '.' || *p == ',') {
			p++;
			if (!is_digit(*p))
				return -1;
			while (is_digit(*p))
				p++;
		}
	}
	*pp = p;
	return 0;
}

/*
 * "Z", "+HH:MM", "+HHMM", "+HH" and the same with '-'; also "+HH:MM:SS",
 * which fb_when_iso writes for the local mean times of old dates.
 */
static int
parse_offset(const char **pp, int *off)
{
	const char *p = *pp;
	int sign, h, m = 0, sec = 0;

	if (*p == 'Z' || *p == 'z') {
		*off = 0;
		*pp = p + 1;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -1;
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&p, 2, &h) == -1)
		return -1;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &m) == -1)
			return -1;
		if (*p == ':' && (++p, digits(&p, 2, &sec) == -1))
			return -1;
	} else if (is_digit(*p) && digits(&p, 2, &m) == -1)
		return -1;
	if (h > 23 || m > 59 || sec > 59)
		return -1;
	*off = sign * (h * 3600 + m * 60 + sec);
	*pp = p;
	return 0;
}

/* The shapes of a time stamp; the fields are checked afterwards. */
static int
parse_stamp(const char *s, struct stamp *st)
{
	const char *p = s;

	memset(st, 0, sizeof(*st));
	if (is_digit(p[0]) && is_digit(p[1]) && is_digit(p[2]) &&
	    is_digit(p[3]) && p[4] == '-') {
		if (digits(&p, 4, &st->c.year) == -1 || *p++ != '-' ||
		    digits(&p, 2, &st->c.month) == -1 || *p++ != '-' ||
		    digits(&p, 2, &st->c.day) == -1)
			return -1;
		st->has_date = 1;
		if (*p == 'T' || *p == 't' || *p == ' ') {
			p++;
			if (parse_clock(&p, &st->c) == -1)
				return -1;
			st->has_time = 1;
		}
		if (*p != '\0') {
			if (parse_offset(&p, &st->off) == -1)
				return -1;
			st->has_off = 1;
		}
	} else {
		if (parse_clock(&p, &st->c) == -1)
			return -1;
		st->has_time = 1;
	}
	return *p == '\0' ? 0 : -1;
}

static void
local_date(int64_t now, int back, struct fb_civil *c)
{
	struct fb_civil n;

	fb_utc_to_local(now, &n, NULL, NULL);
	memset(c, 0, sizeof(*c));
	fb_civil_from_days(fb_days_from_civil(n.year, n.month, n.day) - back,
			   &c->year, &c->month, &c->day);
}

static int
relative_day(const char *s)
{
	if (fb_strcaseeq(s, "today"))
		return 0;
	if (fb_strcaseeq(s, "yesterday"))
		return 1;
	return -1;
}

#define WHEN_FORMS "write YYYY-MM-DD, YYYY-MM-DD HH:MM, HH:MM, today, yesterday or now"

/* fb_when_parse; relative forms ("now", "today", "HH:MM") only when rel. */
static int
when_parse(const char *s, int64_t now, int rel, int64_t *t, struct fb_err *err)
{
	struct stamp st;
	int back;

	ensure_tz();
	if (rel && fb_strcaseeq(s, "now")) {
		*t = now;
		return 0;
	}
	if (rel && (back = relative_day(s)) >= 0) {
		local_date(now, back, &st.c);
		*t = day_start(fb_days_from_civil(st.c.year, st.c.month, st.c.day));
		return 0;
	}
	if (parse_stamp(s, &st) == -1 || (!st.has_date && !rel)) {
		fb_err_set(err, FB_ERR_USAGE, "invalid time '%s'", s);
		fb_err_hint(err, rel ? WHEN_FORMS :
			    "write an ISO 8601 time such as 2026-10-03T09:15:00Z");
		return -1;
	}
	if (!st.has_date) {
		struct fb_civil today;

		local_date(now, 0, &today);
		st.c.year = today.year;
		st.c.month = today.month;
		st.c.day = today.day;
	}
	if (!date_valid(st.c.year, st.c.month, st.c.day))
		return fb_err_set(err, FB_ERR_USAGE, "invalid date '%s'", s);
	if (!clock_valid(st.c.hour, st.c.min, st.c.sec))
		return fb_err_set(err, FB_ERR_USAGE, "invalid time '%s'", s);
	if (st.has_off) {
		*t = civil_secs(&st.c) - st.off;
		return 0;
	}
	if (!st.has_time) {
		*t = day_start(fb_days_from_civil(st.c.year, st.c.month, st.c.day));
		return 0;
	}
	return fb_local_to_utc(&st.c, t, err);
}

int
fb_when_parse(const char *s, int64_t now, int64_t *t, struct fb_err *err)
{
	return when_parse(s, now, 1, t, err);
}

int
fb_now(int64_t *now, struct fb_err *err)
{
	const char *s = getenv("FIXBILL_NOW");

	if (s == NULL || *s == '\0') {
		*now = (int64_t)time(NULL);
		return 0;
	}
	if (when_parse(s, 0, 0, now, err) == -1) {
		fb_err_prefix(err, "FIXBILL_NOW");
		return -1;
	}
	return 0;
}

int
fb_when_check_past(int64_t t, int64_t now, struct fb_err *err)
{
	char *s;

	if (now > INT64_MAX - FB_FUTURE_SLACK || t <= now + FB_FUTURE_SLACK)
		return 0;
	s = fb_when_short(t);
	fb_err_set(err, FB_ERR_REFUSED, "%s is in the future", s);
	free(s);
	return -1;
}

int
fb_date_check_past(const char *date, int64_t now, struct fb_err *err)
{
	struct fb_civil c;
	int64_t t;

	if (fb_date_parse(date, now, &c, err) < 0 ||
	    fb_day_start(c.year, c.month, c.day, &t, err) < 0)
		return -1;
	if (now > INT64_MAX - FB_FUTURE_SLACK || t <= now + FB_FUTURE_SLACK)
		return 0;
	return fb_err_set(err, FB_ERR_REFUSED, "%s is in the future", date);
}

int
fb_date_parse(const char *s, int64_t now, struct fb_civil *c, struct fb_err *err)
{
	const char *p = s;
	struct fb_civil d;
	int back = relative_day(s);

	if (back >= 0) {
		local_date(now, back, c);
		return 0;
	}
	memset(&d, 0, sizeof(d));
	if (digits(&p, 4, &d.year) == -1 || *p++ != '-' ||
	    digits(&p, 2, &d.month) == -1 || *p++ != '-' ||
	    digits(&p, 2, &d.day) == -1 || *p != '\0') {
		fb_err_set(err, FB_ERR_USAGE, "invalid date '%s'", s);
		fb_err_hint(err, "write YYYY-MM-DD, today or yesterday");
		return -1;
	}
	if (!date_valid(d.year, d.month, d.day))
		return fb_err_set(err, FB_ERR_USAGE, "invalid date '%s'", s);
	*c = d;
	return 0;
}

/* Formatting. */

char *
fb_when_iso(int64_t t)
{
	struct fb_civil c;
	int off, a;

	fb_utc_to_local(t, &c, NULL, &off);
	a = off < 0 ? -off : off;
	if (a % 60 != 0)
		return fb_xasprintf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d:%02d",
				    c.year, c.month, c.day, c.hour, c.min, c.sec,
				    off < 0 ? '-' : '+', a / 3600, a % 3600 / 60,
				    a % 60);
	return fb_xasprintf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			    c.year, c.month, c.day, c.hour, c.min, c.sec,
			    off < 0 ? '-' : '+', a / 3600, a % 3600 / 60);
}

char *
fb_when_short(int64_t t)
{
	struct fb_civil c;

	fb_utc_to_local(t, &c, NULL, NULL);
	return fb_xasprintf("%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day,
			    c.hour, c.min);
}

char *
fb_when_date(int64_t t)
{
	struct fb_civil c;

	fb_utc_to_local(t, &c, NULL, NULL);
	return fb_civil_date(&c);
}

char *
fb_civil_date(const struct fb_civil *c)
{
	return fb_xasprintf("%04d-%02d-%02d", c->year, c->month, c->day);
}

/* Periods. */

static void
period_days(struct fb_period *p, int64_t first, int64_t last)
{
	memset(&p->first, 0, sizeof(p->first));
	memset(&p->last, 0, sizeof(p->last));
	fb_civil_from_days(first, &p->first.year, &p->first.month, &p->first.day);
	fb_civil_from_days(last, &p->last.year, &p->last.month, &p->last.day);
	p->start = day_start(first);
	p->end = day_start(last + 1);
}

int
fb_period_parse(const char *s, struct fb_period *p, struct fb_err *err)
{
	const char *q = s;
	int year, month = 0, quarter = 0, first_m, last_m;

	ensure_tz();
	if (digits(&q, 4, &year) == -1 || year < YEAR_MIN)
		goto bad;
	if (*q == '-' && (q[1] == 'Q' || q[1] == 'q')) {
		q += 2;
		if (digits(&q, 1, &quarter) == -1 || quarter < 1 || quarter > 4)
			goto bad;
	} else if (*q == '-') {
		q++;
		if (digits(&q, 2, &month) == -1 || month < 1 || month > 12)
			goto bad;
	}
	if (*q != '\0')
		goto bad;
	if (quarter) {
		first_m = quarter * 3 - 2;
		last_m = quarter * 3;
	} else if (month) {
		first_m = last_m = month;
	} else {
		first_m = 1;
		last_m = 12;
	}
	period_days(p, fb_days_from_civil(year, first_m, 1),
		    fb_days_from_civil(year, last_m,
				       fb_days_in_month(year, last_m)));
	return 0;
bad:
	return fb_err_set(err, FB_ERR_USAGE,
			  "invalid period '%s': write YYYY-MM, YYYY-Qn or YYYY", s);
}

int
fb_period_range(const char *from, const char *to, int64_t now,
		struct fb_period *p, struct fb_err *err)
{
	struct fb_period r;
	int64_t fd = 0, td = 0;
	int has_from = from && *from, has_to = to && *to;

	ensure_tz();
	memset(&r, 0, sizeof(r));
	r.start = INT64_MIN;
	r.end = INT64_MAX;
	if (has_from) {
		if (fb_date_parse(from, now, &r.first, err) == -1)
			return -1;
		fd = fb_days_from_civil(r.first.year, r.first.month, r.first.day);
		r.start = day_start(fd);
	}
	if (has_to) {
		if (fb_date_parse(to, now, &r.last, err) == -1)
			return -1;
		td = fb_days_from_civil(r.last.year, r.last.month, r.last.day);
		r.end = day_start(td + 1);
	}
	if (has_from && has_to && fd > td)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid period: from '%s' is after to '%s'",
				  from, to);
	*p = r;
	return 0;
}

int
fb_period_months(const struct fb_period *p)
{
	if (p->start == INT64_MIN || p->end == INT64_MAX)
		return 0;
	return (p->last.year * 12 + p->last.month) -
	       (p->first.year * 12 + p->first.month) + 1;
}

/* Business hours. */

static const char *day_names[] = {
	"sun", "mon", "tue", "wed", "thu", "fri", "sat"
};

/* A three-letter day name at *pp, any case; -1 when not one. */
static int
parse_day(const char **pp, const char **name, int *len)
{
	const char *p = *pp;
	char buf[4];
	int n = 0;

	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z'))
		n++;
	*name = p;
	*len = n;
	if (n != 3)
		return -1;
	for (int i = 0; i < 3; i++)
		buf[i] = (char)(p[i] | 0x20);
	buf[3] = '\0';
	for (int d = 0; d < 7; d++)
		if (strcmp(buf, day_names[d]) == 0) {
			*pp = p + 3;
			return d;
		}
	return -1;
}

/* "HH:MM" or "H:MM" as minutes after midnight; 24:00 only when allow24. */
static int
parse_hhmm(const char **pp, int allow24)
{
	struct fb_civil c;
	const char *p = *pp;

	if (parse_clock(&p, &c) == -1 || p - *pp > 5)
		return -1;
	if (allow24 && c.hour == 24 && c.min == 0) {
		*pp = p;
		return 24 * 60;
	}
	if (c.hour > 23 || c.min > 59)
		return -1;
	*pp = p;
	return c.hour * 60 + c.min;
}

int
fb_bizhours_parse(const char *s, struct fb_bizhours *b, struct fb_err *err)
{
	const char *p = s, *name;
	unsigned days = 0;
	int open, close, len;

	for (;;) {
		int d1, d2;

		if ((d1 = parse_day(&p, &name, &len)) == -1)
			goto bad_day;
		d2 = d1;
		if (*p == '-') {
			p++;
			if ((d2 = parse_day(&p, &name, &len)) == -1)
				goto bad_day;
		}
		/* Ranges may wrap the week: "Fri-Mon". */
		for (int d = d1;; d = (d + 1) % 7) {
			days |= 1u << d;
			if (d == d2)
				break;
		}
		if (*p != ',')
			break;
		p++;
	}
	if (*p != ' ' && *p != '\t')
		goto bad;
	while (*p == ' ' || *p == '\t')
		p++;
	if ((open = parse_hhmm(&p, 0)) == -1 || *p++ != '-' ||
	    (close = parse_hhmm(&p, 1)) == -1 || *p != '\0')
		goto bad;
	if (open >= close)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid business hours '%s': opening must be before closing",
				  s);
	b->days = days;
	b->open = open;
	b->close = close;
	return 0;
bad_day:
	if (len > 0)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid business hours '%s': unknown day '%.*s'",
				  s, len, name);
bad:
	return fb_err_set(err, FB_ERR_USAGE,
			  "invalid business hours '%s': write e.g. Mon-Fri 08:00-18:00",
			  s);
}
