/*
 * duration.c - reading and writing lengths of time, and rounding them to
 * the billing increments that rates ask for.
 *
 * Everything is whole seconds.  A fractional input ("1.5h") is converted
 * exactly, and refused when it does not land on a whole second, so that
 * nothing billable is rounded silently on the way in.
 */
#include "duration.h"

#include <string.h>

/* Digits kept of a fraction; more than this cannot be whole seconds. */
#define FRAC_MAX 18

struct number {
	int64_t ip;		/* integer part, capped at FB_DURATION_MAX */
	int64_t frac;		/* fraction digits, trailing zeros dropped */
	int fdigits;		/* how many digits frac has */
	int dot;		/* a '.' was written */
	int big;		/* integer part beyond any sane duration */
};

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Read "12" or "1.25" at the start of s.  Returns 0 when there are no
 * digits or a '.' is not followed by one, else the characters taken.
 */
static int
read_number(const char *s, struct number *n)
{
	const char *p = s;

	memset(n, 0, sizeof(*n));
	if (!is_digit(*p))
		return 0;
	for (; is_digit(*p); p++) {
		if (n->ip > (FB_DURATION_MAX - (*p - '0')) / 10)
			n->big = 1;
		else
			n->ip = n->ip * 10 + (*p - '0');
	}
	if (*p == '.') {
		const char *f = ++p, *end;

		if (!is_digit(*p))
			return 0;
		n->dot = 1;
		while (is_digit(*p))
			p++;
		end = p;
		while (end > f && end[-1] == '0')
			end--;
		n->fdigits = (int)(end - f);
		if (n->fdigits <= FRAC_MAX)
			for (; f < end; f++)
				n->frac = n->frac * 10 + (*f - '0');
	}
	return (int)(p - s);
}

static int64_t
pow10i(int n)
{
	int64_t v = 1;

	while (n-- > 0)
		v *= 10;
	return v;
}

/*
 * n units of unit seconds, exactly.  Returns 0, -1 when a fraction
 * is not a whole number of seconds, -2 when too long.
 */
static int
number_secs(const struct number *n, int64_t unit, int64_t *out)
{
	int64_t whole, part = 0;

	if (n->big || n->ip > FB_DURATION_MAX / unit)
		return -2;
	whole = n->ip * unit;
	if (n->fdigits > FRAC_MAX)
		return -1;
	if (n->fdigits > 0) {
		/* frac < 10^18 and unit <= 3600: 128 bits hold the product. */
		__int128 num = (__int128)n->frac * unit;
		int64_t den = pow10i(n->fdigits);

		if (num % den != 0)
			return -1;
		part = (int64_t)(num / den);
	}
	*out = whole + part;
	return 0;
}

static int
unit_secs(int c)
{
	switch (c) {
	case 'd': case 'D':
		return 86400;
	case 'h': case 'H':
		return 3600;
	case 'm': case 'M':
		return 60;
	case 's': case 'S':
		return 1;
	}
	return 0;
}

/*
 * "1h30m15s", "1d", also the part after "PT".  Units come in the order d, h, m, s,
 * each at most once; only the last may carry a fraction.  *rc reports a
 * well-formed but unusable length (see number_secs).
 */
static int
parse_units(const char *s, int64_t *secs, int *rc)
{
	const char *p = s;
	int64_t total = 0;
	int last_unit = 86401, taken = 0;

	*rc = 0;
	while (*p) {
		struct number n;
		int64_t v;
		int len = read_number(p, &n), u, r;

		if (len == 0)
			return -1;
		p += len;
		u = unit_secs(*p);
		if (u == 0 || u >= last_unit)
			return -1;
		last_unit = u;
		p++;
		if (n.dot && *p != '\0')
			return -1;
		r = number_secs(&n, u, &v);
		if (r < 0) {
			/* Keep reading: a malformed tail is the better message. */
			if (*rc == 0)
				*rc = r;
			v = 0;
		}
		total += v;
		if (total > FB_DURATION_MAX && *rc == 0)
			*rc = -2;
		taken++;
	}
	if (taken == 0)
		return -1;
	*secs = total;
	return 0;
}

/* "1:30" or "1:30:15". */
static int
parse_clock(const char *s, int64_t *secs, int *rc)
{
	const char *p = s;
	struct number h;
	int64_t v;
	int len, mm, ss = 0;

	*rc = 0;
	len = read_number(p, &h);
	if (len == 0 || h.dot)
		return -1;
	p += len;
	if (*p != ':' || !is_digit(p[1]) || !is_digit(p[2]))
		return -1;
	mm = (p[1] - '0') * 10 + (p[2] - '0');
	p += 3;
	if (*p == ':') {
		if (!is_digit(p[1]) || !is_digit(p[2]))
			return -1;
		ss = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
	}
	if (*p != '\0')
		return -1;
	if (mm > 59 || ss > 59)
		return -3;
	if (number_secs(&h, 3600, &v) < 0) {
		*rc = -2;
		return 0;
	}
	*secs = v + mm * 60 + ss;
	if (*secs > FB_DURATION_MAX)
		*rc = -2;
	return 0;
}

static int
bare_number(const char *s)
{
	struct number n;
	int len = read_number(s, &n);

	return len > 0 && s[len] == '\0';
}

int
fb_duration_parse(const char *s, int64_t *secs, struct fb_err *err)
{
	const char *p = s;
	int64_t v = 0;
	int neg = 0, rc = 0, r;

	if (*p == '-' || *p == '+') {
		neg = *p == '-';
		p++;
	}
	if (bare_number(p)) {
		struct number n;

		read_number(p, &n);
		if (!neg && (n.ip != 0 || n.fdigits != 0))
			return fb_err_set(err, FB_ERR_USAGE,
					  "ambiguous duration '%s': write %sm or %sh",
					  s, p, p);
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid duration '%s': must be positive", s);
	}
	if ((p[0] == 'P' || p[0] == 'p') && (p[1] == 'T' || p[1] == 't'))
		r = parse_units(p + 2, &v, &rc);
	else if (strchr(p, ':') != NULL)
		r = parse_clock(p, &v, &rc);
	else
		r = parse_units(p, &v, &rc);
	if (r == -3)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid duration '%s': minutes and seconds must be below 60", s);
	if (r < 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid duration '%s'", s);
	if (neg || (rc == 0 && v == 0))
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid duration '%s': must be positive", s);
	if (rc == -1)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid duration '%s': not a whole number of seconds", s);
	if (rc == -2)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid duration '%s': longer than 10000 hours", s);
	*secs = v;
	return 0;
}

static uint64_t
abs_secs(int64_t secs)
{
	return secs < 0 ? (uint64_t)0 - (uint64_t)secs : (uint64_t)secs;
}

char *
fb_duration_format(int64_t secs)
{
	uint64_t u = abs_secs(secs);
	const char *sign = secs < 0 ? "-" : "";

	if (u % 60 != 0)
		return fb_xasprintf("%s%lluh%02llum%02llus", sign,
				    (unsigned long long)(u / 3600),
				    (unsigned long long)(u % 3600 / 60),
				    (unsigned long long)(u % 60));
	return fb_xasprintf("%s%lluh%02llum", sign,
			    (unsigned long long)(u / 3600),
			    (unsigned long long)(u % 3600 / 60));
}

char *
fb_duration_hours(int64_t secs)
{
	uint64_t u = abs_secs(secs);
	/* Hundredths of an hour are 36 seconds; halves round away from zero. */
	uint64_t h100 = u / 36 + (u % 36 >= 18);

	return fb_xasprintf("%s%llu.%02llu", secs < 0 && h100 ? "-" : "",
			    (unsigned long long)(h100 / 100),
			    (unsigned long long)(h100 % 100));
}

static const char *rounding_names[] = {
	[FB_ROUND_UP] = "up",
	[FB_ROUND_NEAREST] = "nearest",
	[FB_ROUND_DOWN] = "down",
};

int
fb_rounding_parse(const char *s)
{
	for (size_t i = 0; i < FB_ARRAY_SIZE(rounding_names); i++)
		if (s && strcmp(s, rounding_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
fb_rounding_name(enum fb_rounding r)
{
	if ((unsigned)r >= FB_ARRAY_SIZE(rounding_names))
		return "?";
	return rounding_names[r];
}

int64_t
fb_round_increment(int64_t secs, int increment_min, enum fb_rounding mode)
{
	int64_t inc, rem, down;

	if (increment_min <= 0 || secs < 0)
		return secs;
	inc = (int64_t)increment_min * 60;
	rem = secs % inc;
	down = secs - rem;
	if (rem == 0)
		return secs;
	/* Rounding up past INT64_MAX is impossible; stay on the grid below. */
	if (down > INT64_MAX - inc)
		return down;
	switch (mode) {
	case FB_ROUND_UP:
		return down + inc;
	case FB_ROUND_NEAREST:
		return rem * 2 >= inc ? down + inc : down;
	case FB_ROUND_DOWN:
		break;
	}
	return down;
}
