/*
 * fuzz-decimal.c - libFuzzer harness for the number and text checks of
 * lib/util.c: fb_parse_decimal, fb_format_decimal, fb_parse_uint and
 * fb_utf8_valid.
 *
 * The first byte picks the scale (0-18) and whether a sign is allowed;
 * the rest is the text.  A decimal that parses formats to text that
 * parses back to the same value, and formatting is canonical (format,
 * parse, format gives the same text).  fb_utf8_valid is compared with
 * an independent checker written from the table of well-formed byte
 * sequences in the Unicode standard (section 3.9, table 3-7), less the
 * characters SPEC section 15 keeps out of stored text.
 */
#include "fuzz.h"

/* fb_utf8_valid as the standard's table says it: lead byte, then ranges. */
static int
ref_utf8_valid(const unsigned char *p, int allow_newline)
{
	while (*p) {
		unsigned c = *p;
		unsigned lo = 0x80, hi = 0xbf;
		int n;

		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && !(allow_newline && c == '\n')) ||
			    c == 0x7f)
				return 0;
			p++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else
			return 0;
		p++;
		/* Only the first continuation byte has a narrower range. */
		if (*p < lo || *p > hi)
			return 0;
		for (int i = 1; i < n; i++)
			if (p[i] < 0x80 || p[i] > 0xbf)
				return 0;
		/*
		 * Well formed, but not text fixbill stores: C1 controls
		 * (C2 80-9F), bidi controls (E2 80 AA-AE, E2 81 A6-A9) and the
		 * noncharacters EF BF BE-BF.
		 */
		if (c == 0xc2 && p[0] <= 0x9f)
			return 0;
		if (c == 0xe2 && ((p[0] == 0x80 && p[1] >= 0xaa && p[1] <= 0xae) ||
				  (p[0] == 0x81 && p[1] >= 0xa6 && p[1] <= 0xa9)))
			return 0;
		if (c == 0xef && p[0] == 0xbf && p[1] >= 0xbe)
			return 0;
		p += n;
	}
	return 1;
}

static void
check_decimal(const char *s, int scale, int allow_neg)
{
	int64_t v = 77, back = 78;
	int precise = 5;
	char *f, *f2;

	if (fb_parse_decimal(s, scale, allow_neg, &v, &precise) != 0) {
		FUZZ_ASSERT(v == 77);
		FUZZ_ASSERT(precise == 0 || precise == 1);
		return;
	}
	FUZZ_ASSERT(precise == 0);
	FUZZ_ASSERT(allow_neg || v >= 0);
	f = fb_format_decimal(v, scale);
	FUZZ_ASSERT(fb_parse_decimal(f, scale, 1, &back, NULL) == 0);
	FUZZ_ASSERT(back == v);
	f2 = fb_format_decimal(back, scale);
	FUZZ_ASSERT(strcmp(f, f2) == 0);
	free(f);
	free(f2);
}

static void
check_uint(const char *s)
{
	int64_t v = -1;
	char buf[32];
	const char *p = s;

	if (fb_parse_uint(s, INT64_MAX, &v) != 0) {
		FUZZ_ASSERT(v == -1);
		return;
	}
	FUZZ_ASSERT(v >= 0);
	while (p[0] == '0' && p[1] != '\0')
		p++;
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	FUZZ_ASSERT(strcmp(buf, p) == 0);
	FUZZ_ASSERT(fb_parse_uint(s, v, &v) == 0);
	if (v > 0)
		FUZZ_ASSERT(fb_parse_uint(s, v - 1, &v) != 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	int scale, allow_neg, v0, v1;
	int64_t x;
	char *f;

	if (size == 0)
		return 0;
	scale = data[0] % 19;
	allow_neg = data[0] >= 128;
	s = fuzz_cstr(data + 1, size - 1);

	check_decimal(s, scale, allow_neg);
	check_uint(s);

	v0 = fb_utf8_valid(s, 0);
	v1 = fb_utf8_valid(s, 1);
	FUZZ_ASSERT(v0 == ref_utf8_valid((const unsigned char *)s, 0));
	FUZZ_ASSERT(v1 == ref_utf8_valid((const unsigned char *)s, 1));
	FUZZ_ASSERT(!v0 || v1);
	if (v0)
		FUZZ_ASSERT(fb_utf8_width(s) <= strlen(s));

	/* Any value but INT64_MIN (whose magnitude is no int64) round-trips. */
	x = fuzz_int64(data + 1, size - 1);
	if (x != INT64_MIN) {
		int64_t back = 0;

		f = fb_format_decimal(x, scale);
		FUZZ_ASSERT(fb_parse_decimal(f, scale, 1, &back, NULL) == 0);
		FUZZ_ASSERT(back == x);
		free(f);
	}
	free(s);
	return 0;
}
