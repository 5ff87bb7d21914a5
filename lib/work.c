/*
 * work.c - read a client's entries and charges into pricing input.
 */
#include "work.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "rates.h"
#include "tax.h"

static const char *const policy_keys[] = {
	"billing.increment", "billing.rounding", "billing.round_per",
	"billing.minimum", "billing.minimum_onsite", "billing.business_hours", "billing.after_hours",
	"billing.weekend", "billing.holidays", "tax.rounding", NULL
};

int
fb_work_policy(struct fb_db *db, int64_t client_id, struct fb_pricing_policy *p,
	       struct fb_err *err)
{
	fb_pricing_policy_init(p);
	for (size_t i = 0; policy_keys[i]; i++) {
		char *v = NULL;
		int rc = fb_config_get_for(db, client_id, policy_keys[i], &v, NULL, err);

		if (rc > 0)
			rc = fb_pricing_policy_set(p, policy_keys[i], v, err);
		free(v);
		if (rc < 0) {
			fb_pricing_policy_release(p);
			return -1;
		}
	}
	for (int k = 0; k < FB_TAX_NKINDS; k++) {
		struct fb_tax_code t;
		char *code = NULL;

		if (fb_tax_resolve(db, client_id, (enum fb_tax_kind)k, &code, err) < 0 ||
		    fb_tax_get(db, code, client_id, &t, err) < 0) {
			free(code);
			fb_pricing_policy_release(p);
			return -1;
		}
		fb_pricing_policy_tax(p, (enum fb_tax_kind)k, &t);
		fb_tax_code_release(&t);
		free(code);
	}
	return 0;
}

void
fb_work_release(struct fb_work *w)
{
	for (size_t i = 0; i < w->ncharges; i++)
		free((char *)w->charges[i].description);
	free(w->jobs);
	free(w->entries);
	free(w->entry_job);
	free(w->charges);
	free(w->charge_job);
	for (size_t i = 0; i < w->ntexts; i++)
		free(w->texts[i]);
	free(w->texts);
	memset(w, 0, sizeof(*w));
}

static struct fb_pricing_job *
work_job(struct fb_work *w, int64_t job)
{
	for (size_t i = 0; i < w->njobs; i++)
		if (w->jobs[i].id == job)
			return &w->jobs[i];
	fb_xgrow(&w->jobs, &w->ajobs, w->njobs + 1, sizeof(*w->jobs));
	memset(&w->jobs[w->njobs], 0, sizeof(*w->jobs));
	w->jobs[w->njobs].id = job;
	return &w->jobs[w->njobs++];
}

static int
job_cmp(const void *a, const void *b)
{
	const struct fb_pricing_job *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* A text column kept for the life of w, or NULL. */
static const char *
keep_text(struct fb_work *w, struct fb_stmt *st, int col)
{
	char *s = fb_stmt_dup(st, col);

	if (s == NULL)
		return NULL;
	fb_xgrow(&w->texts, &w->atexts, w->ntexts + 1, sizeof(*w->texts));
	w->texts[w->ntexts++] = s;
	return s;
}

static struct fb_stmt *
prepare3(struct fb_db *db, const char *sql, int64_t p1, int64_t p2, int64_t p3,
	 struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, sql, err);

	if (st == NULL)
		return NULL;
	/* A statement that uses fewer parameters ignores the rest. */
	fb_stmt_bind_int(st, 1, p1);
	fb_stmt_bind_int(st, 2, p2);
	fb_stmt_bind_int(st, 3, p3);
	return st;
}

int
fb_work_load(struct fb_db *db, const struct fb_client *c,
	     const char *entries_sql, const char *charges_sql,
	     int64_t p1, int64_t p2, int64_t p3, struct fb_work *w,
	     struct fb_err *err)
{
	struct fb_rates rates;
	struct fb_stmt *st;
	int rc;

	memset(w, 0, sizeof(*w));
	if (fb_rates_load(db, c->id, c->currency, &rates, err) < 0)
		return -1;
	if ((st = prepare3(db, entries_sql, p1, p2, p3, err)) == NULL) {
		fb_rates_release(&rates);
		return -1;
	}
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_pricing_entry *e;

		fb_xgrow(&w->entries, &w->aentries, w->nentries + 1, sizeof(*w->entries));
		fb_xgrow(&w->entry_job, &w->aentry_job, w->nentries + 1, sizeof(*w->entry_job));
		e = &w->entries[w->nentries];
		w->entry_job[w->nentries++] = fb_stmt_int(st, 0);
		e->start = fb_stmt_int(st, 1);
		e->stop = fb_stmt_int(st, 2);
		e->nocharge = (int)fb_stmt_int(st, 3);
		/* Only some callers select the names and notes. */
		e->tech = e->note = NULL;
		if (fb_stmt_columns(st) >= 8) {
			e->tech = keep_text(w, st, 6);
			e->note = keep_text(w, st, 7);
		}
		w->seconds += e->stop - e->start;
		if (fb_rate_resolve(rates.rules, rates.n, c->id, fb_tier_parse(fb_stmt_text(st, 4)),
				    e->start, rates.has_default ? &rates.dflt : NULL,
				    &e->rate) == -2) {
			fb_err_set(err, FB_ERR_REFUSED,
				   "cannot price entry %lld of job %lld: no hourly rate applies",
				   (long long)fb_stmt_int(st, 5), (long long)fb_stmt_int(st, 0));
			fb_err_hint(err, "set one with 'fixbill rate set AMOUNT' or "
				    "'fixbill config set billing.rate AMOUNT'");
			rc = -1;
			break;
		}
	}
	fb_stmt_reset(st);
	fb_rates_release(&rates);
	if (rc < 0)
		goto fail;
	if ((st = prepare3(db, charges_sql, p1, p2, p3, err)) == NULL)
		goto fail;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_pricing_charge *ch;
		const char *kind = fb_stmt_text(st, 1);

		fb_xgrow(&w->charges, &w->acharges, w->ncharges + 1, sizeof(*w->charges));
		fb_xgrow(&w->charge_job, &w->acharge_job, w->ncharges + 1, sizeof(*w->charge_job));
		ch = &w->charges[w->ncharges];
		w->charge_job[w->ncharges++] = fb_stmt_int(st, 0);
		ch->kind = strcmp(kind, "part") == 0 ? FB_CHARGE_PART :
			strcmp(kind, "trip") == 0 ? FB_CHARGE_TRIP :
			strcmp(kind, "discount") == 0 ? FB_CHARGE_DISCOUNT : FB_CHARGE_FLAT;
		ch->description = fb_stmt_dup(st, 2);
		ch->quantity = fb_stmt_int(st, 3);
		ch->unit_price = fb_stmt_int(st, 4);
		ch->amount = fb_stmt_int(st, 5);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		goto fail;
	/*
	 * Both lists are in job order: hand each job its slices.  (The
	 * arrays are complete now, so the pointers into them stay valid.)
	 */
	for (size_t e0 = 0, e1; e0 < w->nentries; e0 = e1) {
		struct fb_pricing_job *j;

		for (e1 = e0; e1 < w->nentries && w->entry_job[e1] == w->entry_job[e0]; e1++)
			;
		j = work_job(w, w->entry_job[e0]);
		j->entries = &w->entries[e0];
		j->nentries = e1 - e0;
	}
	for (size_t e0 = 0, e1; e0 < w->ncharges; e0 = e1) {
		struct fb_pricing_job *j;

		for (e1 = e0; e1 < w->ncharges && w->charge_job[e1] == w->charge_job[e0]; e1++)
			;
		j = work_job(w, w->charge_job[e0]);
		j->charges = &w->charges[e0];
		j->ncharges = e1 - e0;
	}
	if (w->njobs > 1)
		qsort(w->jobs, w->njobs, sizeof(*w->jobs), job_cmp);
	return 0;
fail:
	fb_work_release(w);
	return -1;
}
