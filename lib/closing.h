/*
 * closing.h - closed periods (SPEC section 10).  Once the bookkeeper
 * has exported a month, `period close` closes the books through its last
 * day: nothing dated on or before that day can then be issued, paid,
 * credited, refunded, voided or reversed, so the exports of the month
 * stay what they were.  `period reopen` opens them again, with a reason
 * that is kept.  Each close and reopen is a row of the closings table;
 * the last one says how far the books are closed.
 */
#ifndef FB_CLOSING_H
#define FB_CLOSING_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"
#include "when.h"

/* One close or reopen. */
struct fb_closing {
	int64_t id;
	char *action;		/* close, reopen */
	char *period;		/* as given: 2026-10 */
	char *through;		/* the books are closed through this day after it; NULL: none */
	char *reason;
	int64_t at;		/* when it was done */
};

/*
 * The day the books are closed through: 1 with *through (YYYY-MM-DD,
 * the caller's), 0 when nothing is closed (*through NULL), -1 on error.
 */
int fb_closing_through(struct fb_db *db, char **through, struct fb_err *err);

/*
 * May something be dated date (YYYY-MM-DD)?  0 when it falls after the
 * books are closed, else FB_ERR_REFUSED
 *   the books are closed through 2026-10-31
 * with a hint naming the period to reopen, for the caller to prefix
 * with what it could not do.
 */
int fb_closing_check(struct fb_db *db, const char *date, struct fb_err *err);

/*
 * Close the books through the last day of p (named name, "2026-10").
 * Refused (FB_ERR_REFUSED) when p has not ended by now:
 *   cannot close 2026-11: it ends on 2026-11-30, which is not past
 * When the books are already closed that far nothing is written and
 * *already is set.
 */
int fb_closing_close(struct fb_db *db, const char *name, const struct fb_period *p,
		     int64_t now, int *already, struct fb_err *err);

/*
 * Reopen p: the books are then closed through the day before it begins
 * (the months after it, being later, open too).  reason is required
 * text (one line or several, as a void's reason).  FB_ERR_REFUSED when
 * nothing of p is closed:
 *   cannot reopen 2026-10: the books are closed through 2026-09-30
 */
int fb_closing_reopen(struct fb_db *db, const char *name, const struct fb_period *p,
		      const char *reason, int64_t now, struct fb_err *err);

/* Every close and reopen, oldest first.  Free with fb_closing_list_free. */
int fb_closing_list(struct fb_db *db, struct fb_closing **v, size_t *n, struct fb_err *err);
void fb_closing_list_free(struct fb_closing *v, size_t n);

#endif
