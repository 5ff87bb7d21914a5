/*
 * money.c - ISO 4217 decimals, parsing and formatting of amounts, and the
 * exact integer arithmetic that pricing is built on.
 *
 * Amounts never pass through floating point: text is read digit by digit
 * into minor units, and products and quotients are taken in 128 bits so
 * that a rate times a duration over an hour rounds once, exactly.
 */
#include "money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct currency {
	char code[4];
	int decimals;
};

/*
 * Active ISO 4217 codes that have a minor unit (the precious metals and
 * testing codes have none and are left out).  Sorted for bsearch.
 */
static const struct currency currencies[] = {
	{ "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 },
	{ "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 },
	{ "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 },
	{ "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
	{ "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
	{ "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
	{ "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 },
	{ "COU", 2 }, { "CRC", 2 }, { "CUP", 2 }, { "CVE", 2 }, { "CZK", 2 },
	{ "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 }, { "EGP", 2 },
	{ "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 }, { "FKP", 2 },
	{ "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 }, { "GMD", 2 },
	{ "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 }, { "HNL", 2 },
	{ "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 }, { "INR", 2 },
	{ "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 }, { "JOD", 3 },
	{ "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 }, { "KMF", 0 },
	{ "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 }, { "KZT", 2 },
	{ "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 }, { "LSL", 2 },
	{ "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 }, { "MKD", 2 },
	{ "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 }, { "MUR", 2 },
	{ "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 }, { "MYR", 2 },
	{ "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 }, { "NOK", 2 },
	{ "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 }, { "PEN", 2 },
	{ "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 }, { "PYG", 0 },
	{ "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 }, { "RWF", 0 },
	{ "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 }, { "SEK", 2 },
	{ "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 }, { "SRD", 2 },
	{ "SSP", 2 }, { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 },
	{ "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 },
	{ "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 }, { "UAH", 2 },
	{ "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 }, { "UYU", 2 },
	{ "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 }, { "VND", 0 },
	{ "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 },
	{ "XOF", 0 }, { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 },
	{ "ZWG", 2 },
};

static int
currency_cmp(const void *key, const void *elem)
{
	const struct currency *c = elem;

	return strcmp(key, c->code);
}

int
fb_currency_decimals(const char *code)
{
	const struct currency *c;

	if (code == NULL || strlen(code) != 3)
		return -1;
	c = bsearch(code, currencies, FB_ARRAY_SIZE(currencies),
		    sizeof(currencies[0]), currency_cmp);
	return c ? c->decimals : -1;
}

int
fb_currency_valid(const char *code)
{
	return fb_currency_decimals(code) >= 0;
}

/* Unknown or missing currencies format like most do, with two decimals. */
static int
format_decimals(const char *currency)
{
	int d = fb_currency_decimals(currency);

	return d < 0 ? 2 : d;
}

int
fb_money_parse(const char *s, const char *currency, int allow_neg,
	       int64_t *out, struct fb_err *err)
{
	const char *p = s;
	int dec, frac = 0, too_precise;
	int64_t v;

	dec = fb_currency_decimals(currency);
	if (dec < 0)
		return fb_err_set(err, FB_ERR_USAGE, "unknown currency '%s'",
				  currency ? currency : "");

	/*
	 * fb_parse_decimal is lenient ("+5", ".5", "5."); an amount typed
	 * by a person must be unmistakable, so check the shape first.
	 */
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return fb_err_set(err, FB_ERR_USAGE, "invalid amount '%s'", s);
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return fb_err_set(err, FB_ERR_USAGE,
					  "invalid amount '%s'", s);
		while (*p >= '0' && *p <= '9') {
			p++;
			frac++;
		}
	}
	if (*p != '\0')
		return fb_err_set(err, FB_ERR_USAGE, "invalid amount '%s'", s);
	if (*s == '-' && !allow_neg)
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid amount '%s': must not be negative", s);
	if (frac > dec) {
		if (dec == 0)
			return fb_err_set(err, FB_ERR_USAGE,
					  "invalid amount '%s': %s has no decimals",
					  s, currency);
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid amount '%s': %s has %d decimal%s",
				  s, currency, dec, dec == 1 ? "" : "s");
	}
	if (fb_parse_decimal(s, dec, 1, &v, &too_precise) == -1 ||
	    v > FB_MONEY_MAX || v < -FB_MONEY_MAX) {
		char *max = fb_money_format(FB_MONEY_MAX, currency);

		fb_err_set(err, FB_ERR_USAGE, "invalid amount '%s': more than %s", s, max);
		free(max);
		return -1;
	}
	*out = v;
	return 0;
}

static char *
format_amount(int64_t amount, const char *currency, int grouped)
{
	struct fb_buf b = FB_BUF_INIT;
	char digits[32];
	uint64_t u, pow = 1, ip;
	int dec = format_decimals(currency), n;

	for (int i = 0; i < dec; i++)
		pow *= 10;
	u = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	ip = u / pow;

	fb_buf_init(&b);
	if (amount < 0)
		fb_buf_addc(&b, '-');
	n = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)ip);
	for (int i = 0; i < n; i++) {
		if (grouped && i > 0 && (n - i) % 3 == 0)
			fb_buf_addc(&b, ',');
		fb_buf_addc(&b, digits[i]);
	}
	if (dec > 0)
		fb_buf_addf(&b, ".%0*llu", dec, (unsigned long long)(u % pow));
	return fb_buf_detach(&b);
}

char *
fb_money_format(int64_t amount, const char *currency)
{
	return format_amount(amount, currency, 0);
}

char *
fb_money_format_human(int64_t amount, const char *currency)
{
	return format_amount(amount, currency, 1);
}

/*
 * Unsigned 128-bit numbers as two 64-bit halves.  C11 has no 128-bit
 * type and GCC's unsigned __int128 exists only on 64-bit targets, while
 * fixbill is also built for i386 and armhf; mul3div needs no more than
 * a 64 x 64 bit product and the division of such a product by a 64-bit
 * number, so those two are written out here and used everywhere.
 */
struct u128 {
	uint64_t hi, lo;
};

static uint64_t
magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* a * b, from four 32 x 32 bit products. */
static struct u128
mul64(uint64_t a, uint64_t b)
{
	uint64_t a0 = a & 0xffffffffu, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffu, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	/* At most 3 * (2^32 - 1): no carry is lost. */
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
	struct u128 r;

	r.lo = (p00 & 0xffffffffu) | (mid << 32);
	r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
	return r;
}

/*
 * n / d with the remainder in *rem; d > 0.  Products below 2^64, the
 * usual case, take one machine division; otherwise the low half is
 * divided bit by bit, remainder first.
 */
static struct u128
divmod(struct u128 n, uint64_t d, uint64_t *rem)
{
	struct u128 q;
	uint64_t r;

	q.hi = n.hi / d;
	r = n.hi % d;
	if (r == 0) {
		q.lo = n.lo / d;
		*rem = n.lo % d;
		return q;
	}
	/*
	 * (r * 2^64 + n.lo) / d with r < d: the quotient fits 64 bits.  The
	 * running remainder stays below d, so doubling it overflows at most
	 * by the bit in top, and then it is above d anyway.
	 */
	q.lo = 0;
	for (int i = 63; i >= 0; i--) {
		uint64_t top = r >> 63;

		r = r << 1 | (n.lo >> i & 1);
		q.lo <<= 1;
		if (top || r >= d) {
			r -= d;
			q.lo |= 1;
		}
	}
	*rem = r;
	return q;
}

/*
 * round(|a| * |b| * |c| / |d|) with the given sign.  The triple product
 * can reach 189 bits, so split it: with |a*b| = q1*|d| + r1, the result is
 * q1*|c| + r1*|c|/|d|, and r1*|c| < |d|*|c| fits in 128 bits.  q1*|c|
 * must not pass the limit (at most 2^63), and r1*|c|/|d| < |c| <= 2^63,
 * so their sum fits 64 bits.
 */
static int
mul3div(int64_t a, int64_t b, int64_t c, int64_t d, int64_t *out)
{
	int neg = (a < 0) ^ (b < 0) ^ (c < 0) ^ (d < 0);
	uint64_t cm = magnitude(c), dm = magnitude(d);
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t r1, rt, q;
	struct u128 q1, tq;

	if (dm == 0)
		return -1;
	q1 = divmod(mul64(magnitude(a), magnitude(b)), dm, &r1);
	if (cm != 0 && (q1.hi != 0 || q1.lo > limit / cm))
		return -1;
	tq = divmod(mul64(r1, cm), dm, &rt);
	q = q1.lo * cm + tq.lo;
	if (q > limit)
		return -1;
	/* Half away from zero: 2 * rt >= dm, without doubling rt. */
	if (rt >= dm - rt)
		q++;
	if (q > limit)
		return -1;
	if (neg)
		*out = q == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)q;
	else
		*out = (int64_t)q;
	return 0;
}

int
fb_muldiv_round(int64_t a, int64_t b, int64_t c, int64_t *out)
{
	return mul3div(a, b, 1, c, out);
}

int
fb_mul3div_round(int64_t a, int64_t b, int64_t c, int64_t d, int64_t *out)
{
	return mul3div(a, b, c, d, out);
}

int
fb_add_checked(int64_t a, int64_t b, int64_t *out)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return -1;
	*out = a + b;
	return 0;
}

int
fb_muldiv_floor(int64_t a, int64_t b, int64_t c, int64_t *q, int64_t *rem)
{
	int neg = (a < 0) ^ (b < 0);
	uint64_t r, qm;
	struct u128 t;

	if (c <= 0)
		return -1;
	t = divmod(mul64(magnitude(a), magnitude(b)), (uint64_t)c, &r);
	if (t.hi != 0 || t.lo > (uint64_t)INT64_MAX)
		return -1;
	qm = t.lo;
	if (!neg || (qm == 0 && r == 0)) {
		*q = (int64_t)qm;
		*rem = (int64_t)r;
		return 0;
	}
	/* -(qm + r/c): one less than -qm when there is a remainder. */
	*q = -(int64_t)qm - (r != 0);
	*rem = r != 0 ? c - (int64_t)r : 0;
	return 0;
}

int
fb_money_allocate(int64_t total, const int64_t *weights, size_t n, int64_t *out)
{
	int64_t sum = 0, left, *rem;
	int flip, negative = total < 0;

	for (size_t i = 0; i < n; i++)
		if (fb_add_checked(sum, weights[i], &sum) < 0)
			return -1;
	if (sum == 0) {
		if (total != 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			out[i] = 0;
		return 0;
	}
	/*
	 * w x total / sum = (-w) x total / (-sum): divide by a positive sum;
	 * and split the magnitude of a negative total, so that it splits as
	 * its opposite does, signs turned over.
	 */
	flip = sum < 0;
	if ((flip && sum == INT64_MIN) || total == INT64_MIN)
		return -1;
	if (negative)
		total = -total;
	left = total;
	rem = fb_xcalloc(n, sizeof(*rem));
	for (size_t i = 0; i < n; i++) {
		if ((flip && weights[i] == INT64_MIN) ||
		    fb_muldiv_floor(flip ? -weights[i] : weights[i], total, flip ? -sum : sum,
				    &out[i], &rem[i]) < 0 ||
		    fb_add_checked(left, -out[i], &left) < 0) {
			free(rem);
			return -1;
		}
	}
	/*
	 * The floors fall short of total by the sum of the remainders over
	 * the sum of the weights: fewer units than parts, each to the part
	 * with the next largest remainder.
	 */
	for (; left > 0; left--) {
		size_t best = n;

		for (size_t i = 0; i < n; i++)
			if (rem[i] > 0 && (best == n || rem[i] > rem[best]))
				best = i;
		if (best == n)
			break;
		out[best]++;
		rem[best] = 0;
	}
	free(rem);
	if (negative)
		for (size_t i = 0; i < n; i++)
			out[i] = -out[i];
	return 0;
}
