/*
 * cover.h - what prepaid blocks and managed-service plans cover of an
 * invoice's labor (SPEC section 14), as a pure function of the priced
 * lines and the client's blocks: no database, integer units only.
 *
 * lib/invoice.c prices a draft with lib/pricing, then hands the lines,
 * the jobs a plan covers and the client's blocks here; each covered
 * labor line is followed by a line of kind "covered" whose amount is
 * minus the part covered, and the draws from the blocks come back to be
 * stored.
 */
#ifndef FB_COVER_H
#define FB_COVER_H

#include <stddef.h>
#include <stdint.h>

#include "invoice.h"
#include "pricing.h"
#include "util.h"

/*
 * A block with hours left: it covers work on the local days first..last
 * (days since 1970-01-01, fb_days_from_civil; last INT64_MAX when it
 * never expires) and has left seconds.  fb_cover_apply lowers left by
 * what it draws.
 */
struct fb_cover_block {
	int64_t id;
	int64_t first, last;
	int64_t left;
};

/* A draw: seconds of block taken by the covered line at index line. */
struct fb_cover_draw {
	int64_t block;
	size_t line;			/* index into inv->lines, after fb_cover_apply */
	int64_t seconds;
};

/*
 * Cover inv's charged labor and minimum lines (amount > 0).  A line of a
 * job in plan_jobs (nplan_jobs ids) is covered whole by "Covered by plan".
 * The others draw from blocks (given oldest first) in the order their
 * work was done (work_start, then their order on inv): only blocks whose
 * days hold the local day of the line's work; billed seconds x the
 * line's multiplier (p's, by its class), rounded half away from zero, is
 * what it needs.  Each block drawn from adds a line "Covered by prepaid
 * block N (1h30m)" whose amount is minus round(amount x drawn so far /
 * needed) less what the earlier blocks covered, so a line covered whole
 * is cancelled exactly.  A covered line has the tax code of the line it
 * covers.  On success *draws (the caller's, free()) lists each draw;
 * -1 with FB_ERR_RUNTIME on overflow.
 */
int fb_cover_apply(const struct fb_pricing_policy *p, struct fb_invoice *inv,
		   const int64_t *plan_jobs, size_t nplan_jobs,
		   struct fb_cover_block *blocks, size_t nblocks,
		   struct fb_cover_draw **draws, size_t *ndraws, struct fb_err *err);

/*
 * The fee of a plan period: fee for a whole period, else round(fee x
 * days / days in the period).  The period is the calendar month, quarter
 * or year (months = 1, 3, 12) holding day; plan_first..plan_last (days;
 * INT64_MAX: no end) cut it.  *first and *last receive the days billed,
 * within the period.  Returns 0, or -1 when the plan does not run in the
 * period or the fee overflows.
 */
int fb_cover_period(int64_t fee, int months, int64_t day, int64_t plan_first,
		    int64_t plan_last, int64_t *first, int64_t *last, int64_t *amount);

/* The first day of the calendar period of months (1, 3, 12) after the one holding day. */
int64_t fb_cover_next_period(int months, int64_t day);

#endif
