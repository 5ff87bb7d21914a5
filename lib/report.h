/*
 * report.h - the reports of SPEC section 7, built as neutral tables.
 *
 * Each report runs its aggregation in SQL (GROUP BY, ORDER BY over the
 * indexes), streams rows in key order and keeps one group at a time, or
 * (hours) gathers its groups in memory, so what a report needs beyond
 * its table stays within a few megabytes however long the history.  The
 * tables come out in
 * one of two forms: for people (durations "12h30m", money "1,234.50") or
 * for machines (hours "12.50", money "1234.50"); the column names are
 * the JSON keys of SPEC section 9 either way.  Totals rows, one per
 * currency since two currencies are never added together, come last;
 * struct fb_report counts them.  Nothing here writes to the database.
 */
#ifndef FB_REPORT_H
#define FB_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "table.h"
#include "util.h"
#include "when.h"

/* What every report is asked for. */
struct fb_report_opts {
	/*
	 * The period: start/end instants and first/last local days.  An
	 * open end is as fb_period_range leaves it (INT64_MIN/INT64_MAX,
	 * the civil date all zero).
	 */
	struct fb_period period;
	int64_t client_id;	/* 0: every client */
	int human;		/* cells for people rather than for machines */
	int64_t now;
};

/* A report: its table and how many of its last rows are totals. */
struct fb_report {
	struct fb_table table;
	size_t ntotals;
};

void fb_report_init(struct fb_report *r);
void fb_report_release(struct fb_report *r);

enum fb_report_by {
	FB_BY_CLIENT,
	FB_BY_TECH,
	FB_BY_JOB,
	FB_BY_DAY,
	FB_BY_WEEK,		/* weeks from Monday, named by their Monday */
	FB_BY_MONTH
};

/* "client", "tech", ... -> enum; -1 when unknown. */
int fb_report_by_parse(const char *s);

/*
 * Time per group: hours (every stopped entry), billable_hours (billable
 * entries) and amount, per currency.  An entry belongs to the period and
 * the day, week or month its start falls in.  The amount is each
 * billable entry's time at its hourly rate and class multiplier (SPEC
 * section 5 steps 1, 2 and 5), before the increments and call-out
 * minimums that only an invoice applies; no-charge entries are 0.
 */
int fb_report_hours(struct fb_db *db, const struct fb_report_opts *o,
		    enum fb_report_by by, struct fb_report *r, struct fb_err *err);

/*
 * Per client or month (FB_BY_CLIENT, FB_BY_MONTH) and currency:
 * invoiced (totals of invoices issued in the period, by issue date),
 * credited (credit notes issued in it, as a positive amount), paid
 * (money received dated in it, less refunds and reversals) and
 * outstanding (the clients' balances at the end of the period, or of the
 * month; today for an open period: what they owe less their credit).
 */
int fb_report_revenue(struct fb_db *db, const struct fb_report_opts *o,
		      enum fb_report_by by, struct fb_report *r, struct fb_err *err);

/*
 * Outstanding balances on as_of (YYYY-MM-DD) per client and currency,
 * by days past the due date: current (not yet due), d1_30, d31_60,
 * d61_90, d91_plus, the client's credit as a negative amount, and total
 * (their sum: the client's balance, as every view shows it, SPEC section
 * 10).  The period is not used.
 */
int fb_report_aging(struct fb_db *db, const struct fb_report_opts *o,
		    const char *as_of, struct fb_report *r, struct fb_err *err);

/*
 * Jobs opened in the period, per priority: response (first time entry
 * minus opening) and resolution (resolving minus opening), median and
 * 90th percentile by nearest rank, and breaches of the sla.Pn targets.
 * A job still without an entry, or still open, that is already past its
 * target at o->now counts as a breach too.
 */
int fb_report_sla(struct fb_db *db, const struct fb_report_opts *o,
		  struct fb_report *r, struct fb_err *err);

/*
 * Work no invoice holds yet (stopped billable entries, charges), per
 * client: priced by lib/pricing exactly as `invoice create
 * --include-open` would price it at o->now.  The period is not used.
 */
int fb_report_unbilled(struct fb_db *db, const struct fb_report_opts *o,
		       struct fb_report *r, struct fb_err *err);

/* The figures of a break-fix versus managed comparison. */
struct fb_compare {
	char currency[4];
	int64_t labor;		/* the period's work priced as invoices price it */
	int64_t charges;	/* charges of the jobs the period holds (see below) */
	int64_t downtime;	/* seconds of downtime inside the period */
	int64_t downtime_rate;	/* per hour; -1: the client has none */
	int64_t downtime_cost;
	int64_t breakfix;	/* labor + charges + downtime_cost */
	int months;
	int64_t fee;		/* per month */
	int64_t managed;	/* fee x months */
};

/*
 * Break-fix spend of client o->client_id in a closed period against fee
 * per month (-1: the client's managed fee; none is FB_ERR_USAGE).
 * Work is the billable entries started in the period, priced per job
 * with lib/pricing (subtotal, before tax); a job's call-out minimum and
 * its charges count in the period of its first billable entry (or, with
 * none, the one it was opened in).  Downtime is the part of each job's
 * downtime inside the period.
 */
int fb_report_compare(struct fb_db *db, const struct fb_report_opts *o,
		      int64_t fee, struct fb_report *r, struct fb_compare *cmp,
		      struct fb_err *err);
/* The plain sentence that ends the comparison.  Caller frees. */
char *fb_report_compare_sentence(const struct fb_compare *cmp);

/*
 * The tax of the period (SPEC section 11), per currency, code, component
 * and rate: base (the net it was computed on) and tax.  On the accrual
 * basis, of the invoices and credit notes issued in the period (credit
 * notes negative, a void invoice's too: its credit note cancels it); on
 * the cash basis (cash), of what was settled of each invoice in it
 * (payments and credit applied, less reversals and what a void moved to
 * credit): the settled part's share of the invoice's total, of each
 * component's base and tax, rounded on what was settled by each end of
 * the period.  Then a totals row per currency with its tax.
 * o->client_id limits it to one client.
 */
int fb_report_tax(struct fb_db *db, const struct fb_report_opts *o, int cash,
		  struct fb_report *r, struct fb_err *err);

/*
 * The register of the period: one row per invoice and credit note issued
 * in it, in date order: number, date, client, currency, net, a column of
 * tax per code component met ("tax_gst", titled GST; with the code too
 * when two codes share a component name), total, paid, balance, status;
 * then totals per currency.  fb_report_register_json is the same as SPEC
 * section 9's document, [{number, date, client, currency, net, taxes:
 * [{code, component, amount}], total, paid, balance, status}], the
 * caller's to free.
 */
int fb_report_register(struct fb_db *db, const struct fb_report_opts *o,
		       struct fb_report *r, struct fb_err *err);
struct fb_json;
int fb_report_register_json(struct fb_db *db, const struct fb_report_opts *o,
			    struct fb_json **out, struct fb_err *err);

/*
 * The trend behind a spreadsheet chart: one row per month of the period
 * (months without data are 0), machine form.  With hours, columns
 * month, hours, billable_hours; else month and one invoiced column per
 * currency ("invoiced_usd").
 */
int fb_report_trend(struct fb_db *db, const struct fb_report_opts *o,
		    int hours, struct fb_table *t, struct fb_err *err);

#endif
