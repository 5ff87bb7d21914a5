/*
 * test-util.c - allocation helpers, buffers, decimals, UTF-8 and the
 * error record.
 */
#include "unit.h"

#include "util.h"

static void
test_parse_uint(void)
{
	int64_t v = -1;

	CHECK(fb_parse_uint("0", 10, &v) == 0 && v == 0);
	CHECK(fb_parse_uint("1440", 1440, &v) == 0 && v == 1440);
	CHECK(fb_parse_uint("1441", 1440, &v) < 0);
	/* A single digit above a small maximum (found by fuzzing). */
	CHECK(fb_parse_uint("5", 4, &v) < 0);
	CHECK(fb_parse_uint("", 10, &v) < 0);
	CHECK(fb_parse_uint("-1", 10, &v) < 0);
	CHECK(fb_parse_uint("1x", 10, &v) < 0);
	CHECK(fb_parse_uint("9223372036854775807", INT64_MAX, &v) == 0 && v == INT64_MAX);
	CHECK(fb_parse_uint("9223372036854775808", INT64_MAX, &v) < 0);
}

static void
test_decimal(void)
{
	int64_t v;
	int precise;

	CHECK(fb_parse_decimal("8.25", 4, 0, &v, &precise) == 0 && v == 82500);
	CHECK(fb_parse_decimal("8.12345", 4, 0, &v, &precise) < 0 && precise == 1);
	CHECK(fb_parse_decimal("-1.5", 1, 1, &v, NULL) == 0 && v == -15);
	CHECK(fb_parse_decimal("-1.5", 1, 0, &v, NULL) < 0);
	CHECK(fb_parse_decimal("1..5", 2, 0, &v, NULL) < 0);
	CHECK(fb_parse_decimal(".", 2, 0, &v, NULL) < 0);
	CHECK(fb_parse_decimal("92233720368547758.07", 2, 0, &v, NULL) == 0 && v == INT64_MAX);
	CHECK(fb_parse_decimal("92233720368547758.08", 2, 0, &v, NULL) < 0);
	CHECK_STR_FREE(fb_format_decimal(82500, 4), "8.25");
	CHECK_STR_FREE(fb_format_decimal(15000, 4), "1.5");
	CHECK_STR_FREE(fb_format_decimal(20000, 4), "2");
	CHECK_STR_FREE(fb_format_decimal(-5, 3), "-0.005");
	CHECK_STR_FREE(fb_format_decimal(42, 0), "42");
}

static void
test_utf8(void)
{
	CHECK(fb_utf8_valid("Société Müller", 0));
	CHECK(fb_utf8_valid("tab\there", 0));
	CHECK(!fb_utf8_valid("line\nbreak", 0));
	CHECK(fb_utf8_valid("line\nbreak", 1));
	CHECK(!fb_utf8_valid("bad\377byte", 1));
	CHECK(!fb_utf8_valid("\xc0\xaf", 1));		/* overlong */
	CHECK(!fb_utf8_valid("\xed\xa0\x80", 1));	/* surrogate */
	CHECK(!fb_utf8_valid("bell\a", 1));
	CHECK(!fb_utf8_valid("right\xe2\x80\xaeto left", 1));	/* U+202E */
	CHECK(!fb_utf8_valid("isolate\xe2\x81\xa6", 1));	/* U+2066 */
	CHECK(!fb_utf8_valid("not a char \xef\xbf\xbf", 1));	/* U+FFFF */
	CHECK(!fb_utf8_valid("c1 \xc2\x9b", 1));	/* U+009B, CSI */
	CHECK(fb_utf8_valid("\xce\xa9mega \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0", 0));
	CHECK_STR_FREE(fb_escape("plain \xc5\x81\xc3\xb3" "d\xc5\xba", 0), "plain \xc5\x81\xc3\xb3" "d\xc5\xba");
	CHECK_STR_FREE(fb_escape("\x1b[31mred\nfixbill: error: x", 0),
		       "\\x1b[31mred\\nfixbill: error: x");
	CHECK_STR_FREE(fb_escape("two\nlines\ttab\r", 1), "two\nlines\\ttab\\r");
	CHECK_STR_FREE(fb_escape("bad\377byte", 0), "bad\\xffbyte");
	CHECK_STR_FREE(fb_escape("rtl\xe2\x80\xae", 0), "rtl\\u202e");
	CHECK_STR_FREE(fb_escape(NULL, 0), "");
	CHECK(!fb_escape_needed("fine \xce\xa9", 0));
	CHECK(fb_escape_needed("bell\a", 0));
	CHECK(!fb_escape_needed("a\nb", 1));
	CHECK(fb_escape_needed("a\nb", 0));
	CHECK_INT(fb_utf8_width("Müller"), 6);
}

static void
test_strings(void)
{
	struct fb_buf b = FB_BUF_INIT;

	CHECK_STR(fb_buf_str(&b), "");
	fb_buf_adds(&b, "INV-");
	fb_buf_addf(&b, "%05d", 42);
	fb_buf_addc(&b, '!');
	CHECK_STR(b.buf, "INV-00042!");
	CHECK_STR_FREE(fb_buf_detach(&b), "INV-00042!");
	CHECK(b.buf == NULL && b.len == 0);
	CHECK_STR_FREE(fb_unescape_newlines("1 Main St\\nSpringfield"), "1 Main St\nSpringfield");
	CHECK_STR_FREE(fb_unescape_newlines("no escapes \\t"), "no escapes \\t");
	CHECK(fb_strcaseeq("Acme", "aCME"));
	CHECK(!fb_strcaseeq("Acme", "Acm"));
	CHECK_INT(fb_levenshtein("jbo", "job"), 2);
	CHECK_INT(fb_levenshtein("config", "config"), 0);
	CHECK_INT(fb_levenshtein("", "db"), 2);
}

static void
test_err(void)
{
	struct fb_err err = FB_ERR_INIT;

	CHECK_INT(fb_err_set(&err, FB_ERR_NOTFOUND, "unknown client '%s'", "acm"), -1);
	fb_err_hint(&err, "did you mean '%s'?", "acme");
	fb_err_prefix(&err, "cannot open job");
	CHECK_INT(err.code, FB_ERR_NOTFOUND);
	CHECK_STR(err.msg, "cannot open job: unknown client 'acm'");
	CHECK_STR(err.hint, "did you mean 'acme'?");
	fb_err_release(&err);
	CHECK(err.msg == NULL && err.hint == NULL && err.code == FB_OK);
	CHECK_INT(fb_err_set(NULL, FB_ERR_USAGE, "ignored"), -1);
}

int
main(void)
{
	test_parse_uint();
	test_decimal();
	test_utf8();
	test_strings();
	test_err();
	return unit_done();
}
