/*
 * plan.h - prepaid blocks of hours and managed-service plans in the
 * database (SPEC section 14): selling and listing them, and the part
 * they play in pricing a draft (lib/invoice.c calls in at each step).
 * The arithmetic is lib/cover's.
 */
#ifndef FB_PLAN_H
#define FB_PLAN_H

#include <stddef.h>
#include <stdint.h>

#include "cover.h"
#include "db.h"
#include "invoice.h"
#include "pricing.h"
#include "util.h"
#include "work.h"

/* block JSON: {id, client, date, expires, seconds_bought, seconds_used, ...} */
struct fb_block {
	int64_t id;
	char *client;			/* code */
	char *date;			/* YYYY-MM-DD */
	char *expires;			/* YYYY-MM-DD; NULL: never */
	int64_t seconds_bought;
	int64_t seconds_used;		/* drawn by invoices that are not void */
	int64_t seconds_expired;	/* left unused past expires (as of today) */
	int64_t price;
	char *currency;
	char *invoice;			/* number, "draft N", or NULL: not billed yet */
	char *note;
};

/* plan JSON: {id, client, fee, currency, every, from, to, covers, description} */
struct fb_plan {
	int64_t id;
	char *client;
	int64_t fee;
	char *currency;
	char *every;			/* month, quarter, year */
	char *from, *to;		/* YYYY-MM-DD; to NULL: no end */
	char *covers;			/* none, remote, all */
	char *description;		/* NULL: "Managed services" */
};

/*
 * Sell a block of seconds to client_id at price, dated date, covering
 * work through expires (NULL: no expiry), in the client's currency.
 * expires before date is FB_ERR_USAGE:
 *   invalid block: expires '2026-09-30' is before its date '2026-10-01'
 */
int fb_block_add(struct fb_db *db, int64_t client_id, int64_t seconds, int64_t price,
		 const char *date, const char *expires, const char *note, int64_t now,
		 int64_t *id, struct fb_err *err);
/* The blocks of client_id (0: all), oldest first, as of today (YYYY-MM-DD). */
int fb_block_list(struct fb_db *db, int64_t client_id, const char *today,
		  struct fb_block **v, size_t *n, struct fb_err *err);
void fb_block_free(struct fb_block *v, size_t n);

/*
 * A plan for client_id: fee every "month", "quarter" or "year" from
 * from through to (NULL: no end), covering "none", "remote" or "all"
 * labor.  A plan that would run on a day another plan of the client
 * runs is FB_ERR_REFUSED:
 *   cannot add a plan for 'acme': plan 1 runs from 2026-10-16
 */
int fb_plan_add(struct fb_db *db, int64_t client_id, int64_t fee, const char *every,
		const char *from, const char *to, const char *covers, const char *desc,
		int64_t now, int64_t *id, struct fb_err *err);
/* The plans of client_id (0: all), by client and start. */
int fb_plan_list(struct fb_db *db, int64_t client_id, struct fb_plan **v, size_t *n,
		 struct fb_err *err);
void fb_plan_free(struct fb_plan *v, size_t n);
/*
 * End the client's plan that runs on day on, after that day.  FB_ERR_NOTFOUND
 * when none runs then ("no plan of 'acme' runs on 2026-12-31");
 * FB_ERR_REFUSED when a live invoice bills a period after it
 * ("cannot end plan 1 on 2026-11-15: INV-2026-00002 bills it through 2026-11-30").
 */
int fb_plan_end(struct fb_db *db, int64_t client_id, const char *on, int64_t *id,
		struct fb_err *err);
/*
 * The monthly fee of the client's plan running on the last day of the
 * range first..last (YYYY-MM-DD), else of the last plan running in it:
 * fee / months per period, rounded.  0 with *fee untouched when none.
 */
int fb_plan_monthly_fee(struct fb_db *db, int64_t client_id, const char *first,
			const char *last, int64_t *fee, struct fb_err *err);

/*
 * Pricing a draft.  fb_plan_claim: the draft id takes the client's
 * blocks not yet billed and dated on or before the day of the instant
 * before through, and when period is set (invoice run) each plan period
 * that starts in it and no live invoice bills; *claimed grows by their
 * number.  fb_plan_release gives them back (forget: a draft's own rows
 * go too; a void keeps them, released by its status).
 */
int fb_plan_claim(struct fb_db *db, int64_t id, int64_t client_id, int64_t through,
		  const char *period, int *claimed, struct fb_err *err);
int fb_plan_release(struct fb_db *db, int64_t id, int forget, struct fb_err *err);

/* What a draft's blocks and plans put on it while it is priced. */
struct fb_plan_draft {
	int active;			/* the client has a block or a plan */
	int64_t *periods;		/* plan_periods ids, with their lines */
	size_t *period_line;
	size_t nperiods;
	int64_t *blocks;		/* blocks sold, with their lines */
	size_t *block_line;
	size_t nblocks;
	struct fb_cover_draw *draws;
	size_t ndraws;
};

void fb_plan_draft_release(struct fb_plan_draft *d);
/*
 * Before the work is priced: whether the client has any block or plan
 * (nothing else is read when not), and the plan fee and block lines
 * draft id bills, appended to inv.
 */
int fb_plan_draft_lines(struct fb_db *db, int64_t id, int64_t client_id,
			const char *currency, struct fb_invoice *inv,
			struct fb_plan_draft *d, struct fb_err *err);
/*
 * After: the lines blocks and plans cover (fb_cover_apply) of the work
 * of the draft's jobs (njobs ids).
 */
int fb_plan_draft_cover(struct fb_db *db, int64_t id, int64_t client_id,
			const char *currency, const struct fb_pricing_policy *p,
			const int64_t *jobs, size_t njobs, struct fb_invoice *inv,
			struct fb_plan_draft *d, struct fb_err *err);
/* Once the lines are stored: the draws, the blocks sold and the periods' lines. */
int fb_plan_draft_store(struct fb_db *db, int64_t id, const struct fb_plan_draft *d,
			struct fb_err *err);

#endif
