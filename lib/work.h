/*
 * work.h - a client's work gathered for the pricing engine.
 *
 * Invoices (a draft's work) and reports (unbilled work, a period's
 * work) price work the same way; this is the one place that reads it
 * from the database into struct fb_pricing_job, and the one place that
 * reads the pricing policy from the settings.
 */
#ifndef FB_WORK_H
#define FB_WORK_H

#include <stddef.h>
#include <stdint.h>

#include "client.h"
#include "db.h"
#include "pricing.h"

struct fb_work {
	struct fb_pricing_job *jobs;	/* sorted by job id */
	size_t njobs, ajobs;
	struct fb_pricing_entry *entries;
	int64_t *entry_job;
	size_t nentries, aentries, aentry_job;
	struct fb_pricing_charge *charges;
	int64_t *charge_job;
	size_t ncharges, acharges, acharge_job;
	int64_t seconds;		/* actual seconds of all the entries */
	char **texts;			/* the entries' tech names and notes, owned */
	size_t ntexts, atexts;
};

/*
 * Gather work of client c.  entries_sql selects (job_id, start, stop,
 * nocharge, tier, id) in job order, optionally followed by the
 * technician's name and the entry's note (columns 6 and 7); charges_sql selects (job_id, kind,
 * description, quantity, unit_price, amount) in job order; both may use
 * the parameters ?1, ?2, ?3, bound to p1, p2, p3.  Each entry's hourly
 * rate is resolved by lib/rates; an entry no rate applies to is
 * FB_ERR_REFUSED.  minimum_billed is left 0 for the caller to set.
 * On success w is the caller's, to fb_work_release.
 */
int fb_work_load(struct fb_db *db, const struct fb_client *c,
		 const char *entries_sql, const char *charges_sql,
		 int64_t p1, int64_t p2, int64_t p3, struct fb_work *w,
		 struct fb_err *err);
void fb_work_release(struct fb_work *w);

/*
 * The pricing policy from the settings of client_id (0: the shop's):
 * each billing.* and tax.* key the client's own where it has one
 * (SPEC section 14), and the tax code of each kind of line
 * (fb_tax_resolve).  Release with fb_pricing_policy_release.
 */
int fb_work_policy(struct fb_db *db, int64_t client_id,
		   struct fb_pricing_policy *p, struct fb_err *err);

#endif
