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

/*
 * The SQL condition of an entry not yet billed, on the entries row
 * aliased A ("e." or ""): billable, stopped, on no invoice and not
 * billed elsewhere.  Written so, term for term, SQLite reads it from
 * the index entries_unbilled, which holds exactly those entries with
 * the columns pricing needs.
 */
#define FB_UNBILLED(A) \
	A "invoice_id IS NULL AND " A "billable = 1 AND " A "stop IS NOT NULL AND " \
	A "billed_elsewhere = 0"

/*
 * Hand a client's work to cb one job at a time, in job order, so that
 * only one job's entries are ever in memory.  entries_sql selects
 * (job_id, start, stop, nocharge, tech_id, id) in job order and then in
 * order of start, optionally followed by the entry's note (column 6);
 * charges_sql selects (job_id, kind, description, quantity, unit_price,
 * amount) in job order; both may use the parameters ?1 to ?4, bound to
 * p[0] to p[3].  With c NULL the work is every client's: each job's
 * client is looked up once, and its rates, and a cancelled job's work
 * is skipped (nothing of it is ever billed).
 *
 * Each entry's hourly rate is resolved by lib/rates for its technician's
 * tier, and its tech is the technician's name (else handle); an entry no
 * rate applies to is FB_ERR_REFUSED.  cb receives the job's client, the
 * job (entries or charges or both; minimum_billed 0, for cb to set before
 * pricing), the actual seconds of its entries and each entry's
 * technician id (tech_ids[i] for entries[i]); all of it is borrowed
 * until cb returns.  cb may run queries, but must not write what the two
 * statements read.  A non-zero return of cb stops the walk and is
 * returned; otherwise 0, or -1 with err set.
 */
struct fb_work_job {
	struct fb_pricing_job job;
	int64_t seconds;		/* actual seconds of its entries */
	const int64_t *tech_ids;	/* of its entries */
};

int fb_work_each(struct fb_db *db, const struct fb_client *c,
		 const char *entries_sql, const char *charges_sql, const int64_t p[4],
		 int (*cb)(void *arg, const struct fb_client *c, struct fb_work_job *wj,
			   struct fb_err *err),
		 void *arg, struct fb_err *err);

/*
 * Whether job is priced at billing.minimum_onsite (SPEC section 14):
 * job->onsite from the job, read only when p gives jobs opened on site a
 * minimum of their own.  0, or -1 with err set.
 */
int fb_work_onsite(struct fb_db *db, const struct fb_pricing_policy *p,
		   struct fb_pricing_job *job, struct fb_err *err);

/*
 * The pricing policy from the settings of client_id (0: the shop's):
 * each billing.* and tax.* key the client's own where it has one
 * (SPEC section 14), and the tax code of each kind of line
 * (fb_tax_resolve).  Release with fb_pricing_policy_release.
 */
int fb_work_policy(struct fb_db *db, int64_t client_id,
		   struct fb_pricing_policy *p, struct fb_err *err);

#endif
