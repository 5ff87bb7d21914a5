/*
 * money.h - amounts of money as integer minor units, never floating point.
 *
 * An amount is an int64_t count of the currency's minor unit (cents for
 * USD, yen for JPY, fils for KWD).  The ISO 4217 table here says how many
 * decimals each currency has.
 */
#ifndef FB_MONEY_H
#define FB_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Decimals of an ISO 4217 code ("USD" -> 2, "JPY" -> 0, "KWD" -> 3), or -1 if unknown. */
int fb_currency_decimals(const char *code);

/* 1 when code is a known ISO 4217 currency code (upper case), else 0. */
int fb_currency_valid(const char *code);

/*
 * The largest amount fb_money_parse takes, in minor units (10 trillion
 * in a currency with two decimals).  A line, an invoice or a report adds
 * up many amounts, each a product of a few inputs: the bound leaves them
 * room in int64, so nothing accepted at entry can make a later total
 * overflow.
 */
#define FB_MONEY_MAX INT64_C(1000000000000000)

/*
 * Parse "95", "95.5", "95.50" in currency into minor units.  Negative
 * amounts only when allow_neg.  More decimals than the currency has, a
 * malformed number or an amount beyond FB_MONEY_MAX either way fill err
 * with FB_ERR_USAGE:
 *   invalid amount '95.555': USD has 2 decimals
 *   invalid amount 'abc'
 *   invalid amount '10000000000000.01': more than 10000000000000.00
 *   invalid amount '-5': must not be negative
 *   unknown currency 'XYZ'
 * The shape is strict: digits with an optional '.' and digits after it;
 * no '+', no thousands separators, no spaces.
 */
int fb_money_parse(const char *s, const char *currency, int allow_neg,
		   int64_t *out, struct fb_err *err);

/*
 * Format minor units as a plain decimal string ("311.22", "-5.00", "1200").
 * An unknown or NULL currency formats with 2 decimals.  Caller frees.
 */
char *fb_money_format(int64_t amount, const char *currency);

/*
 * Format with thousands separators for people ("12,345.67").  Caller frees.
 */
char *fb_money_format_human(int64_t amount, const char *currency);

/*
 * round(a * b / c), half away from zero, computed exactly in 128 bits.
 * c must not be 0 (a 0 divisor returns -1).  Returns 0, or -1 when the
 * result does not fit int64 (*out untouched).
 */
int fb_muldiv_round(int64_t a, int64_t b, int64_t c, int64_t *out);

/*
 * round(a * b * c / d), half away from zero, exactly even when a * b * c
 * exceeds 128 bits; -1 on overflow or d == 0.
 */
int fb_mul3div_round(int64_t a, int64_t b, int64_t c, int64_t d, int64_t *out);

/* *out = a + b; -1 on overflow (out untouched). */
int fb_add_checked(int64_t a, int64_t b, int64_t *out);

/*
 * floor(a * b / c) in *q and the remainder a * b - q * c, from 0 to
 * c - 1, in *rem, computed exactly; c > 0.  -1 when c <= 0 or the
 * quotient does not fit int64 (outputs untouched).
 */
int fb_muldiv_floor(int64_t a, int64_t b, int64_t c, int64_t *q, int64_t *rem);

/*
 * Split total into n parts in proportion to weights, exactly: out[i] is
 * weights[i] x total / (the sum of the weights) rounded down, and the
 * units those roundings left over go one each to the parts with the
 * largest remainders (the earlier of equal ones), so the parts add up to
 * total.  Weights may be negative (a discount among lines); when they
 * sum to 0 every part is 0 and total must be 0.  Returns 0, or -1 (out
 * untouched in part) when the weights sum to 0 and total does not, or
 * an amount overflows.  Money amounts within FB_MONEY_MAX never do.
 */
int fb_money_allocate(int64_t total, const int64_t *weights, size_t n, int64_t *out);

#endif
