/*
 * cover.c - prepaid blocks drawn down by labor lines, plans that cover
 * them, and plan fees prorated by days (SPEC section 14).
 */
#include "cover.h"

#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "money.h"
#include "when.h"

static int
overflow(struct fb_err *err)
{
	return fb_err_set(err, FB_ERR_RUNTIME, "cannot price the invoice: an amount is too large");
}

static int
coverable(const struct fb_invoice_line *l)
{
	return l->job_id > 0 && l->amount > 0 && l->billed_seconds > 0 && l->kind &&
		(strcmp(l->kind, "labor") == 0 || strcmp(l->kind, "minimum") == 0);
}

static int64_t
multiplier(const struct fb_pricing_policy *p, const char *cls)
{
	for (int c = 0; c < FB_PRICING_NCLASS; c++)
		if (cls && strcmp(cls, fb_pricing_class_name((enum fb_pricing_class)c)) == 0)
			return p->multiplier[c];
	return 10000;
}

/* Lines in the order their work was done; equal starts keep their order. */
static const struct fb_invoice_line *sort_lines;

static int
order_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int64_t sx = sort_lines[x].work_start, sy = sort_lines[y].work_start;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* One covered line to insert after line `after`. */
struct pending {
	size_t after;
	int64_t block;			/* 0: the plan */
	int64_t seconds;
	int64_t amount;			/* positive: what it takes off */
};

static void
cover_line(struct fb_invoice_line *c, const struct fb_invoice_line *l,
	   const struct pending *pd)
{
	memset(c, 0, sizeof(*c));
	c->actual_seconds = -1;
	c->billed_seconds = -1;
	c->job_id = l->job_id;
	c->kind = fb_xstrdup("covered");
	if (pd->block) {
		char *d = fb_duration_format(pd->seconds);

		c->description = fb_xasprintf("Covered by prepaid block %lld (%s)",
					      (long long)pd->block, d);
		free(d);
	} else
		c->description = fb_xstrdup("Covered by plan");
	c->quantity = 1000;
	c->unit_price = -pd->amount;
	c->amount = -pd->amount;
	c->tax_code = l->tax_code ? fb_xstrdup(l->tax_code) : NULL;
}

int
fb_cover_apply(const struct fb_pricing_policy *p, struct fb_invoice *inv,
	       const int64_t *plan_jobs, size_t nplan_jobs,
	       struct fb_cover_block *blocks, size_t nblocks,
	       struct fb_cover_draw **draws, size_t *ndraws, struct fb_err *err)
{
	size_t *order, n = 0, npend = 0, apend = 0;
	struct pending *pend = NULL;
	struct fb_invoice_line *lines;
	size_t nlines, k;

	*draws = NULL;
	*ndraws = 0;
	order = fb_xcalloc(inv->nlines + 1, sizeof(*order));
	for (size_t i = 0; i < inv->nlines; i++)
		if (coverable(&inv->lines[i]))
			order[n++] = i;
	sort_lines = inv->lines;
	qsort(order, n, sizeof(*order), order_cmp);
	for (size_t o = 0; o < n; o++) {
		const struct fb_invoice_line *l = &inv->lines[order[o]];
		int64_t need, drawn = 0, covered = 0, day;
		struct fb_civil lc;
		int plan = 0;

		for (size_t j = 0; j < nplan_jobs; j++)
			if (plan_jobs[j] == l->job_id)
				plan = 1;
		if (plan) {
			fb_xgrow(&pend, &apend, npend + 1, sizeof(*pend));
			pend[npend++] = (struct pending){ order[o], 0, 0, l->amount };
			continue;
		}
		if (nblocks == 0)
			continue;
		if (fb_muldiv_round(l->billed_seconds, multiplier(p, l->class), 10000, &need) < 0) {
			free(order);
			free(pend);
			return overflow(err);
		}
		fb_utc_to_local(l->work_start, &lc, NULL, NULL);
		day = fb_days_from_civil(lc.year, lc.month, lc.day);
		for (size_t b = 0; b < nblocks && drawn < need; b++) {
			struct fb_cover_block *bl = &blocks[b];
			int64_t d, upto;

			if (bl->left <= 0 || day < bl->first || day > bl->last)
				continue;
			d = bl->left < need - drawn ? bl->left : need - drawn;
			bl->left -= d;
			drawn += d;
			if (fb_muldiv_round(l->amount, drawn, need, &upto) < 0) {
				free(order);
				free(pend);
				return overflow(err);
			}
			fb_xgrow(&pend, &apend, npend + 1, sizeof(*pend));
			pend[npend++] = (struct pending){ order[o], bl->id, d, upto - covered };
			covered = upto;
		}
	}
	free(order);
	if (npend == 0) {
		free(pend);
		return 0;
	}
	/* Rebuild the lines with each covered line after the line it covers. */
	nlines = inv->nlines + npend;
	lines = fb_xcalloc(nlines, sizeof(*lines));
	*draws = fb_xcalloc(npend, sizeof(**draws));
	k = 0;
	for (size_t i = 0; i < inv->nlines; i++) {
		lines[k++] = inv->lines[i];
		/* In the order they were drawn: pending is grouped by line. */
		for (size_t j = 0; j < npend; j++) {
			if (pend[j].after != i)
				continue;
			cover_line(&lines[k], &inv->lines[i], &pend[j]);
			if (pend[j].block) {
				(*draws)[*ndraws].block = pend[j].block;
				(*draws)[*ndraws].line = k;
				(*draws)[*ndraws].seconds = pend[j].seconds;
				(*ndraws)++;
			}
			k++;
		}
	}
	free(inv->lines);
	inv->lines = lines;
	inv->nlines = inv->alines = nlines;
	free(pend);
	return 0;
}

static int64_t
period_start(int months, int64_t day)
{
	int y, m, d;

	fb_civil_from_days(day, &y, &m, &d);
	m = (m - 1) / months * months + 1;
	return fb_days_from_civil(y, m, 1);
}

int64_t
fb_cover_next_period(int months, int64_t day)
{
	int y, m, d;

	fb_civil_from_days(period_start(months, day), &y, &m, &d);
	m += months;
	if (m > 12) {
		m -= 12;
		y++;
	}
	return fb_days_from_civil(y, m, 1);
}

int
fb_cover_period(int64_t fee, int months, int64_t day, int64_t plan_first,
		int64_t plan_last, int64_t *first, int64_t *last, int64_t *amount)
{
	int64_t a = period_start(months, day), z = fb_cover_next_period(months, day) - 1;

	*first = a > plan_first ? a : plan_first;
	*last = z < plan_last ? z : plan_last;
	if (*first > *last)
		return -1;
	if (*first == a && *last == z) {
		*amount = fee;
		return 0;
	}
	return fb_muldiv_round(fee, *last - *first + 1, z - a + 1, amount);
}
