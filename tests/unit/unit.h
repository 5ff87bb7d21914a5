/*
 * unit.h - a very small unit-test harness for lib/.
 *
 * Each check prints "ok N - what" or "not ok N - what" (TAP), and
 * unit_done() prints the "N passed, N failed" line that tests/run adds up.
 * A test binary exits 1 when any check failed.
 */
#ifndef FB_UNIT_H
#define FB_UNIT_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_pass, unit_fail;

static void
unit_report(int ok, const char *file, int line, const char *what)
{
	if (ok)
		unit_pass++;
	else
		unit_fail++;
	printf("%sok %d - %s\n", ok ? "" : "not ", unit_pass + unit_fail, what);
	if (!ok)
		printf("#   failed at %s:%d\n", file, line);
}

#define CHECK(cond) unit_report(!!(cond), __FILE__, __LINE__, #cond)

#define CHECK_INT(a, b) do { \
	long long unit_a_ = (long long)(a), unit_b_ = (long long)(b); \
	unit_report(unit_a_ == unit_b_, __FILE__, __LINE__, #a " == " #b); \
	if (unit_a_ != unit_b_) \
		printf("#   got %lld, want %lld\n", unit_a_, unit_b_); \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *unit_a_ = (a), *unit_b_ = (b); \
	int unit_ok_ = unit_a_ && unit_b_ && strcmp(unit_a_, unit_b_) == 0; \
	unit_report(unit_ok_, __FILE__, __LINE__, #a " == " #b); \
	if (!unit_ok_) \
		printf("#   got '%s', want '%s'\n", unit_a_ ? unit_a_ : "(null)", \
		       unit_b_ ? unit_b_ : "(null)"); \
} while (0)

/* Check a freshly allocated string and free it. */
#define CHECK_STR_FREE(a, b) do { \
	char *unit_s_ = (a); \
	CHECK_STR(unit_s_, b); \
	free(unit_s_); \
} while (0)

static int
unit_done(void)
{
	printf("%d passed, %d failed\n", unit_pass, unit_fail);
	return unit_fail ? 1 : 0;
}

#endif
