/*
 * report.c - the reports of SPEC section 7: queries that aggregate in
 * SQL, or stream rows in group order, into neutral tables.
 *
 * Nothing here holds more than one group, one client's unbilled work or
 * one period's months in memory, so a report over years of history runs
 * in the same few megabytes as one over a week.  Money of two currencies
 * is never added: every figure is per currency, and so are the totals.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "config.h"
#include "duration.h"
#include "invoice.h"
#include "money.h"
#include "pricing.h"
#include "rates.h"
#include "work.h"

/* The day before any date, bounding an open period in 'YYYY-MM-DD' text. */
#define DATE_MIN "0000-01-01"

void
fb_report_init(struct fb_report *r)
{
	fb_table_init(&r->table);
	r->ntotals = 0;
}

void
fb_report_release(struct fb_report *r)
{
	fb_table_release(&r->table);
	r->ntotals = 0;
}

int
fb_report_by_parse(const char *s)
{
	static const char *const names[] = {
		"client", "tech", "job", "day", "week", "month"
	};

	for (size_t i = 0; s && i < FB_ARRAY_SIZE(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

/* The first and last day of the period as text; open ends far away. */
static char *
first_day(const struct fb_period *p)
{
	return p->first.year ? fb_civil_date(&p->first) : fb_xstrdup(DATE_MIN);
}

/* The day "as of the end of the period": its last day, or today when open. */
static char *
end_day(const struct fb_report_opts *o)
{
	return o->period.last.year ? fb_civil_date(&o->period.last) : fb_when_date(o->now);
}

static char *
cell_money(const struct fb_report_opts *o, int64_t v, const char *cur)
{
	return o->human ? fb_money_format_human(v, cur) : fb_money_format(v, cur);
}

static char *
cell_time(const struct fb_report_opts *o, int64_t secs)
{
	return o->human ? fb_duration_format(secs) : fb_duration_hours(secs);
}

/*
 * Totals per currency, in the order currencies first appear; a handful
 * at most, so a linear search is right.
 */
#define NSUMS 6

struct total {
	char cur[4];
	int64_t v[NSUMS];
};

struct totals {
	struct total *t;
	size_t n, alloc;
};

static struct total *
total_of(struct totals *ts, const char *cur)
{
	struct total *t;

	for (size_t i = 0; i < ts->n; i++)
		if (strcmp(ts->t[i].cur, cur) == 0)
			return &ts->t[i];
	fb_xgrow(&ts->t, &ts->alloc, ts->n + 1, sizeof(*ts->t));
	t = &ts->t[ts->n++];
	memset(t, 0, sizeof(*t));
	snprintf(t->cur, sizeof(t->cur), "%s", cur);
	return t;
}

static int
total_cmp(const void *a, const void *b)
{
	return strcmp(((const struct total *)a)->cur, ((const struct total *)b)->cur);
}

/* Overflow-checked sum into *acc. */
static int
add(int64_t *acc, int64_t v, struct fb_err *err)
{
	if (fb_add_checked(*acc, v, acc) < 0)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot total the report: an amount is too large");
	return 0;
}

/*
 * The billing policy as lib/invoice.c loads it: the same settings, so
 * the report prices as an invoice does.
 */
/* The rates of each client met so far (a report sees few clients). */
struct ratecache {
	struct {
		int64_t client;
		struct fb_rates rates;
	} *c;
	size_t n, alloc;
};

static const struct fb_rates *
rates_of(struct fb_db *db, struct ratecache *rc, int64_t client, const char *cur,
	 struct fb_err *err)
{
	for (size_t i = 0; i < rc->n; i++)
		if (rc->c[i].client == client)
			return &rc->c[i].rates;
	fb_xgrow(&rc->c, &rc->alloc, rc->n + 1, sizeof(*rc->c));
	if (fb_rates_load(db, client, cur, &rc->c[rc->n].rates, err) < 0)
		return NULL;
	rc->c[rc->n].client = client;
	return &rc->c[rc->n++].rates;
}

static void
ratecache_release(struct ratecache *rc)
{
	for (size_t i = 0; i < rc->n; i++)
		fb_rates_release(&rc->c[i].rates);
	free(rc->c);
	memset(rc, 0, sizeof(*rc));
}

/* An entry's time at its rate and class multipliers, unrounded to increments. */
static int
entry_amount(const struct fb_pricing_policy *p, const struct fb_rates *rates,
	     int64_t client, int tier, int64_t start, int64_t stop, int64_t *amount,
	     struct fb_err *err)
{
	int64_t secs[FB_PRICING_NCLASS], rate, a;
	enum fb_pricing_class first;

	*amount = 0;
	if (fb_rate_resolve(rates->rules, rates->n, client, tier, start,
			    rates->has_default ? &rates->dflt : NULL, &rate) == -2)
		return 0;	/* no rate at all: the work has no price yet */
	fb_pricing_classify(p, start, stop, secs, &first);
	for (int c = 0; c < FB_PRICING_NCLASS; c++) {
		if (secs[c] == 0)
			continue;
		if (fb_mul3div_round(secs[c], rate, p->multiplier[c], INT64_C(36000000), &a) < 0 ||
		    add(amount, a, err) < 0)
			return fb_err_set(err, FB_ERR_RUNTIME,
					  "cannot price the report: an amount is too large");
	}
	return 0;
}

/* One group of the hours report, streamed in key order. */
struct hgroup {
	char *k[3];		/* key cells */
	char *cur;
	int64_t secs, bsecs, amount;
	int open;
};

static void
hgroup_clear(struct hgroup *g)
{
	for (int i = 0; i < 3; i++) {
		free(g->k[i]);
		g->k[i] = NULL;
	}
	free(g->cur);
	g->cur = NULL;
	g->secs = g->bsecs = g->amount = 0;
	g->open = 0;
}

static int
nstreq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
hgroup_emit(const struct fb_report_opts *o, struct fb_report *r, size_t nkeys,
	    struct hgroup *g, struct totals *ts, struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct total *tot;

	if (!g->open)
		return 0;
	fb_table_row(t);
	for (size_t i = 0; i < nkeys; i++)
		fb_table_set(t, i, g->k[i]);
	fb_table_take(t, nkeys, cell_time(o, g->secs));
	fb_table_take(t, nkeys + 1, cell_time(o, g->bsecs));
	fb_table_take(t, nkeys + 2, cell_money(o, g->amount, g->cur));
	fb_table_set(t, nkeys + 3, g->cur);
	tot = total_of(ts, g->cur);
	if (add(&tot->v[0], g->secs, err) < 0 || add(&tot->v[1], g->bsecs, err) < 0 ||
	    add(&tot->v[2], g->amount, err) < 0)
		return -1;
	hgroup_clear(g);
	return 0;
}

int
fb_report_hours(struct fb_db *db, const struct fb_report_opts *o,
		enum fb_report_by by, struct fb_report *r, struct fb_err *err)
{
	/*
	 * Rows come in group order, so one group is held at a time.  Whole
	 * static statements: lib/db caches a statement by its SQL text,
	 * which must outlive it.
	 */
#define HOURS_SQL(KEY) \
	"SELECT " KEY ", coalesce(c.currency, ?4), e.start, e.stop, e.billable," \
	" e.nocharge, t.tier, j.client_id" \
	" FROM entries e JOIN jobs j ON j.id = e.job_id" \
	" JOIN clients c ON c.id = j.client_id JOIN techs t ON t.id = e.tech_id" \
	" WHERE e.stop IS NOT NULL AND e.start >= ?1 AND e.start < ?2" \
	" AND (?3 = 0 OR j.client_id = ?3) ORDER BY 1, 4"
	static const char *const keysql[] = {
		[FB_BY_CLIENT] = HOURS_SQL("c.code, NULL, NULL"),
		[FB_BY_TECH] = HOURS_SQL("t.handle, NULL, NULL"),
		[FB_BY_JOB] = HOURS_SQL("j.id, c.code, j.title"),
		[FB_BY_DAY] = HOURS_SQL("date(e.start, 'unixepoch', 'localtime'), NULL, NULL"),
		/* 'weekday 0' is the coming Sunday (or today): six days back is Monday. */
		[FB_BY_WEEK] = HOURS_SQL("date(e.start, 'unixepoch', 'localtime', 'weekday 0',"
					 " '-6 days'), NULL, NULL"),
		[FB_BY_MONTH] = HOURS_SQL("strftime('%Y-%m', e.start, 'unixepoch', 'localtime'),"
					  " NULL, NULL"),
	};
#undef HOURS_SQL
	static const char *const keyname[] = {
		"client", "tech", "job", "day", "week", "month"
	};
	struct fb_table *t = &r->table;
	struct fb_pricing_policy p;
	struct ratecache rc;
	struct totals ts;
	struct hgroup g;
	struct fb_stmt *st;
	size_t nkeys = by == FB_BY_JOB ? 3 : 1;
	int step, ret = -1;

	if ((int)by < 0 || by > FB_BY_MONTH)
		return fb_err_set(err, FB_ERR_USAGE, "invalid grouping");
	if (fb_work_policy(db, -1, &p, err) < 0)
		return -1;
	memset(&rc, 0, sizeof(rc));
	memset(&ts, 0, sizeof(ts));
	memset(&g, 0, sizeof(g));
	fb_table_col(t, keyname[by], NULL, by == FB_BY_JOB ? FB_COL_INT : FB_COL_TEXT);
	if (by == FB_BY_JOB) {
		fb_table_col(t, "client", NULL, FB_COL_TEXT);
		fb_table_col(t, "title", NULL, FB_COL_TEXT);
	}
	fb_table_col(t, "hours", NULL, FB_COL_NUMBER);
	fb_table_col(t, "billable_hours", "BILLABLE", FB_COL_NUMBER);
	fb_table_col(t, "amount", NULL, FB_COL_MONEY);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);

	st = fb_db_prepare(db, keysql[by], err);
	if (st == NULL)
		goto out;
	fb_stmt_bind_int(st, 1, o->period.start);
	fb_stmt_bind_int(st, 2, o->period.end);
	fb_stmt_bind_int(st, 3, o->client_id);
	fb_stmt_bind_text(st, 4, fb_config_currency(db));
	while ((step = fb_stmt_step(st, err)) == 1) {
		const char *k0 = fb_stmt_text(st, 0), *cur = fb_stmt_text(st, 3);
		int64_t start = fb_stmt_int(st, 4), stop = fb_stmt_int(st, 5);
		int64_t client = fb_stmt_int(st, 9), amount = 0;
		const struct fb_rates *rates;

		if (g.open && (!nstreq(g.k[0], k0) || strcmp(g.cur, cur) != 0) &&
		    hgroup_emit(o, r, nkeys, &g, &ts, err) < 0)
			break;
		if (!g.open) {
			for (size_t i = 0; i < nkeys; i++)
				g.k[i] = fb_stmt_dup(st, (int)i);
			g.cur = fb_xstrdup(cur);
			g.open = 1;
		}
		g.secs += stop - start;
		if (!fb_stmt_int(st, 6))
			continue;
		g.bsecs += stop - start;
		if (fb_stmt_int(st, 7))
			continue;
		if ((rates = rates_of(db, &rc, client, cur, err)) == NULL ||
		    entry_amount(&p, rates, client, fb_tier_parse(fb_stmt_text(st, 8)),
				 start, stop, &amount, err) < 0 ||
		    add(&g.amount, amount, err) < 0) {
			step = -1;
			break;
		}
	}
	fb_stmt_reset(st);
	if (step < 0 || hgroup_emit(o, r, nkeys, &g, &ts, err) < 0)
		goto out;
	if (ts.n > 1)
		qsort(ts.t, ts.n, sizeof(*ts.t), total_cmp);
	for (size_t i = 0; i < ts.n; i++) {
		fb_table_row(t);
		fb_table_set(t, 0, "total");
		fb_table_take(t, nkeys, cell_time(o, ts.t[i].v[0]));
		fb_table_take(t, nkeys + 1, cell_time(o, ts.t[i].v[1]));
		fb_table_take(t, nkeys + 2, cell_money(o, ts.t[i].v[2], ts.t[i].cur));
		fb_table_set(t, nkeys + 3, ts.t[i].cur);
	}
	r->ntotals = ts.n;
	t->has_total = ts.n > 0;
	ret = 0;
out:
	hgroup_clear(&g);
	free(ts.t);
	ratecache_release(&rc);
	fb_pricing_policy_release(&p);
	return ret;
}

/*
 * What invoice i still owed at the end of day ?D: its total less the
 * payments and credit notes dated by then.
 */
#define OWED_ON(D) \
	"(i.total" \
	" - coalesce((SELECT sum(p.amount) FROM payments p WHERE p.invoice_id = i.id" \
	"   AND p.date <= " D "), 0)" \
	" + coalesce((SELECT sum(n.total) FROM invoices n WHERE n.credit_of = i.id" \
	"   AND n.status <> 'draft' AND n.issue_date <= " D "), 0))"

/* The invoices (not credit notes) issued by day ?D, of client ?3 (0: any). */
#define LIVE_BY(D) \
	" i.kind = 'invoice' AND i.status <> 'draft' AND i.issue_date <= " D \
	" AND (?3 = 0 OR i.client_id = ?3)"

/* Invoicing, crediting and payment events of the period [?1, ?2]. */
#define REVENUE_EVENTS(KEYI, KEYP) \
	"WITH ev(k, client_id, currency, invoiced, credited, paid) AS (" \
	" SELECT " KEYI ", i.client_id, i.currency," \
	"  CASE i.kind WHEN 'invoice' THEN i.total ELSE 0 END," \
	"  CASE i.kind WHEN 'credit' THEN -i.total ELSE 0 END, 0" \
	" FROM invoices i WHERE i.status <> 'draft' AND i.issue_date BETWEEN ?1 AND ?2" \
	"  AND (?3 = 0 OR i.client_id = ?3)" \
	" UNION ALL SELECT " KEYP ", i.client_id, i.currency, 0, 0, p.amount" \
	" FROM payments p JOIN invoices i ON i.id = p.invoice_id" \
	" WHERE p.date BETWEEN ?1 AND ?2 AND (?3 = 0 OR i.client_id = ?3))"

static const char revenue_by_client[] =
	REVENUE_EVENTS("NULL", "NULL")
	", x(client_id, currency, invoiced, credited, paid, owed) AS ("
	" SELECT client_id, currency, invoiced, credited, paid, 0 FROM ev"
	" UNION ALL SELECT i.client_id, i.currency, 0, 0, 0, " OWED_ON("?2")
	" FROM invoices i WHERE" LIVE_BY("?2") ")"
	" SELECT c.code, x.currency, sum(invoiced), sum(credited), sum(paid), sum(owed)"
	" FROM x JOIN clients c ON c.id = x.client_id GROUP BY c.code, x.currency"
	" HAVING sum(invoiced) <> 0 OR sum(credited) <> 0 OR sum(paid) <> 0 OR sum(owed) <> 0"
	" ORDER BY c.code, x.currency";

/* Months with events; each month's outstanding is as of its last day (or ?2). */
static const char revenue_by_month[] =
	REVENUE_EVENTS("substr(i.issue_date, 1, 7)", "substr(p.date, 1, 7)")
	", m AS (SELECT k, currency, sum(invoiced) AS invoiced, sum(credited) AS credited,"
	"  sum(paid) AS paid, min(date(k || '-01', '+1 month', '-1 day'), ?2) AS d"
	"  FROM ev GROUP BY k, currency)"
	" SELECT m.k, m.currency, m.invoiced, m.credited, m.paid,"
	" (SELECT coalesce(sum(" OWED_ON("m.d") "), 0) FROM invoices i"
	"  WHERE i.currency = m.currency AND" LIVE_BY("m.d") ")"
	" FROM m ORDER BY m.k, m.currency";

/* Outstanding per currency at the end of the period, for the totals. */
static const char revenue_owed[] =
	"SELECT i.currency, sum(" OWED_ON("?2") ") FROM invoices i WHERE ?1 IS NOT NULL AND"
	LIVE_BY("?2") " GROUP BY i.currency";

int
fb_report_revenue(struct fb_db *db, const struct fb_report_opts *o,
		  enum fb_report_by by, struct fb_report *r, struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct totals ts;
	struct fb_stmt *st;
	char *from = first_day(&o->period), *to = end_day(o);
	int step, ret = -1;

	memset(&ts, 0, sizeof(ts));
	if (by != FB_BY_CLIENT && by != FB_BY_MONTH) {
		fb_err_set(err, FB_ERR_USAGE, "invalid value for '--by': revenue is by client or month");
		goto out;
	}
	fb_table_col(t, by == FB_BY_CLIENT ? "client" : "month", NULL, FB_COL_TEXT);
	fb_table_col(t, "invoiced", NULL, FB_COL_MONEY);
	fb_table_col(t, "credited", NULL, FB_COL_MONEY);
	fb_table_col(t, "paid", NULL, FB_COL_MONEY);
	fb_table_col(t, "outstanding", NULL, FB_COL_MONEY);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);
	st = fb_db_prepare(db, by == FB_BY_CLIENT ? revenue_by_client : revenue_by_month, err);
	if (st == NULL)
		goto out;
	fb_stmt_bind_text(st, 1, from);
	fb_stmt_bind_text(st, 2, to);
	fb_stmt_bind_int(st, 3, o->client_id);
	while ((step = fb_stmt_step(st, err)) == 1) {
		const char *cur = fb_stmt_text(st, 1);
		struct total *tot = total_of(&ts, cur);

		fb_table_row(t);
		fb_table_set(t, 0, fb_stmt_text(st, 0));
		for (int i = 0; i < 4; i++)
			fb_table_take(t, (size_t)i + 1, cell_money(o, fb_stmt_int(st, i + 2), cur));
		fb_table_set(t, 5, cur);
		for (int i = 0; i < 3; i++)
			if (add(&tot->v[i], fb_stmt_int(st, i + 2), err) < 0) {
				step = -1;
				break;
			}
		if (step < 0)
			break;
	}
	fb_stmt_reset(st);
	if (step < 0)
		goto out;
	/* Outstanding is a balance at one moment: never a sum of months. */
	if ((st = fb_db_prepare(db, revenue_owed, err)) == NULL)
		goto out;
	fb_stmt_bind_text(st, 1, from);
	fb_stmt_bind_text(st, 2, to);
	fb_stmt_bind_int(st, 3, o->client_id);
	while ((step = fb_stmt_step(st, err)) == 1) {
		const char *cur = fb_stmt_text(st, 0);

		for (size_t i = 0; i < ts.n; i++)
			if (strcmp(ts.t[i].cur, cur) == 0)
				ts.t[i].v[3] = fb_stmt_int(st, 1);
	}
	fb_stmt_reset(st);
	if (step < 0)
		goto out;
	if (ts.n > 1)
		qsort(ts.t, ts.n, sizeof(*ts.t), total_cmp);
	for (size_t i = 0; i < ts.n; i++) {
		fb_table_row(t);
		fb_table_set(t, 0, "total");
		for (size_t j = 0; j < 4; j++)
			fb_table_take(t, j + 1, cell_money(o, ts.t[i].v[j], ts.t[i].cur));
		fb_table_set(t, 5, ts.t[i].cur);
	}
	r->ntotals = ts.n;
	t->has_total = ts.n > 0;
	ret = 0;
out:
	free(ts.t);
	free(from);
	free(to);
	return ret;
}

static const char aging_sql[] =
	"WITH b AS (SELECT i.client_id, i.currency, " OWED_ON("?2") " AS owed,"
	"  CAST(julianday(?2) - julianday(coalesce(i.due_date, i.issue_date)) AS INTEGER) AS late"
	"  FROM invoices i WHERE ?1 IS NULL AND" LIVE_BY("?2") ")"
	" SELECT c.code, b.currency,"
	" sum(CASE WHEN late <= 0 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late BETWEEN 1 AND 30 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late BETWEEN 31 AND 60 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late BETWEEN 61 AND 90 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late > 90 THEN owed ELSE 0 END),"
	" sum(owed)"
	" FROM b JOIN clients c ON c.id = b.client_id WHERE owed <> 0"
	" GROUP BY c.code, b.currency ORDER BY c.code, b.currency";

int
fb_report_aging(struct fb_db *db, const struct fb_report_opts *o,
		const char *as_of, struct fb_report *r, struct fb_err *err)
{
	static const char *const cols[] = {
		"current", "d1_30", "d31_60", "d61_90", "d91_plus", "total"
	};
	static const char *const titles[] = {
		"CURRENT", "1-30", "31-60", "61-90", "91+", "TOTAL"
	};
	struct fb_table *t = &r->table;
	struct totals ts;
	struct fb_stmt *st;
	int step;

	memset(&ts, 0, sizeof(ts));
	fb_table_col(t, "client", NULL, FB_COL_TEXT);
	for (size_t i = 0; i < FB_ARRAY_SIZE(cols); i++)
		fb_table_col(t, cols[i], titles[i], FB_COL_MONEY);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);
	if ((st = fb_db_prepare(db, aging_sql, err)) == NULL)
		return -1;
	fb_stmt_bind_null(st, 1);
	fb_stmt_bind_text(st, 2, as_of);
	fb_stmt_bind_int(st, 3, o->client_id);
	while ((step = fb_stmt_step(st, err)) == 1) {
		const char *cur = fb_stmt_text(st, 1);
		struct total *tot = total_of(&ts, cur);

		fb_table_row(t);
		fb_table_set(t, 0, fb_stmt_text(st, 0));
		for (int i = 0; i < NSUMS; i++) {
			fb_table_take(t, (size_t)i + 1, cell_money(o, fb_stmt_int(st, i + 2), cur));
			if (add(&tot->v[i], fb_stmt_int(st, i + 2), err) < 0) {
				step = -1;
				break;
			}
		}
		fb_table_set(t, 7, cur);
		if (step < 0)
			break;
	}
	fb_stmt_reset(st);
	if (step < 0) {
		free(ts.t);
		return -1;
	}
	if (ts.n > 1)
		qsort(ts.t, ts.n, sizeof(*ts.t), total_cmp);
	for (size_t i = 0; i < ts.n; i++) {
		fb_table_row(t);
		fb_table_set(t, 0, "total");
		for (size_t j = 0; j < NSUMS; j++)
			fb_table_take(t, j + 1, cell_money(o, ts.t[i].v[j], ts.t[i].cur));
		fb_table_set(t, 7, ts.t[i].cur);
	}
	r->ntotals = ts.n;
	t->has_total = ts.n > 0;
	free(ts.t);
	return 0;
}

/* The jobs of the SLA report: opened in [?1, ?2), of client ?3, priority ?4 (NULL: any). */
#define SLA_JOBS \
	"WITH j AS (SELECT j.opened," \
	" (SELECT min(e.start) FROM entries e WHERE e.job_id = j.id) AS first," \
	" CASE WHEN j.status <> 'open' THEN j.resolved END AS resolved" \
	" FROM jobs j WHERE j.opened >= ?1 AND j.opened < ?2" \
	" AND (?3 = 0 OR j.client_id = ?3) AND (?4 IS NULL OR j.priority = ?4)) "

/* Jobs, and breaches of ?5 (response) and ?6 (resolution) at ?7 (now). */
static const char sla_counts[] = SLA_JOBS
	"SELECT count(*), count(first), count(resolved),"
	" coalesce(sum(coalesce(first, ?7) - opened > ?5), 0),"
	" coalesce(sum(coalesce(resolved, ?7) - opened > ?6), 0) FROM j";

/* Nearest rank: the ?5-th smallest (0-based) response or resolution. */
static const char sla_response_rank[] = SLA_JOBS
	"SELECT first - opened FROM j WHERE first IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET ?5";
static const char sla_resolve_rank[] = SLA_JOBS
	"SELECT resolved - opened FROM j WHERE resolved IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET ?5";

static void
sla_bind(struct fb_stmt *st, const struct fb_report_opts *o, const char *prio)
{
	fb_stmt_bind_int(st, 1, o->period.start);
	fb_stmt_bind_int(st, 2, o->period.end);
	fb_stmt_bind_int(st, 3, o->client_id);
	fb_stmt_bind_text(st, 4, prio);
}

/*
 * The nearest-rank percentile pct of n values: the value at rank
 * ceil(pct/100 x n).  Returns 1 with *v, 0 when n is 0.
 */
static int
sla_rank(struct fb_db *db, const char *sql, const struct fb_report_opts *o,
	 const char *prio, int64_t n, int pct, int64_t *v, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	if (n == 0)
		return 0;
	if ((st = fb_db_prepare(db, sql, err)) == NULL)
		return -1;
	sla_bind(st, o, prio);
	fb_stmt_bind_int(st, 5, (n * pct + 99) / 100 - 1);
	rc = fb_stmt_step(st, err);
	if (rc == 1)
		*v = fb_stmt_int(st, 0);
	fb_stmt_reset(st);
	return rc;
}

static int
sla_target(struct fb_db *db, const char *prio, const char *what, int64_t *secs,
	   struct fb_err *err)
{
	char *key = fb_xasprintf("sla.%s.%s", prio, what), *v = NULL;
	int rc = fb_config_get(db, key, &v, err);

	free(key);
	if (rc > 0)
		rc = fb_duration_parse(v, secs, err) < 0 ? -1 : 1;
	free(v);
	return rc;
}

/* Columns of the SLA table. */
enum {
	SLA_PRIORITY, SLA_JOBS_COL, SLA_RESP_MED, SLA_RESP_P90, SLA_RESP_TARGET,
	SLA_RESP_BREACH, SLA_RES_MED, SLA_RES_P90, SLA_RES_TARGET, SLA_RES_BREACH
};


static void
sla_time(struct fb_table *t, const struct fb_report_opts *o, size_t col, int has,
	 int64_t secs)
{
	if (has)
		fb_table_take(t, col, cell_time(o, secs));
}

/*
 * One row of the SLA table: a priority with its targets, or (prio NULL)
 * every priority, whose breaches are the sums of the rows above.
 */
static int
sla_row(struct fb_db *db, const struct fb_report_opts *o, const char *prio,
	const int64_t *targets, int64_t sums[3], struct fb_report *r,
	struct fb_err *err)
{
	struct fb_table *t;
	struct fb_stmt *st;
	int64_t n = 0, nresp = 0, nres = 0, breach[2] = { 0, 0 }, v[4] = { 0, 0, 0, 0 };
	int has[4], rc;

	if ((st = fb_db_prepare(db, sla_counts, err)) == NULL)
		return -1;
	sla_bind(st, o, prio);
	fb_stmt_bind_int(st, 5, targets ? targets[0] : INT64_MAX / 2);
	fb_stmt_bind_int(st, 6, targets ? targets[1] : INT64_MAX / 2);
	fb_stmt_bind_int(st, 7, o->now);
	rc = fb_stmt_step(st, err);
	if (rc == 1) {
		n = fb_stmt_int(st, 0);
		nresp = fb_stmt_int(st, 1);
		nres = fb_stmt_int(st, 2);
		breach[0] = fb_stmt_int(st, 3);
		breach[1] = fb_stmt_int(st, 4);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if ((has[0] = sla_rank(db, sla_response_rank, o, prio, nresp, 50, &v[0], err)) < 0 ||
	    (has[1] = sla_rank(db, sla_response_rank, o, prio, nresp, 90, &v[1], err)) < 0 ||
	    (has[2] = sla_rank(db, sla_resolve_rank, o, prio, nres, 50, &v[2], err)) < 0 ||
	    (has[3] = sla_rank(db, sla_resolve_rank, o, prio, nres, 90, &v[3], err)) < 0)
		return -1;
	t = &r->table;
	fb_table_row(t);
	fb_table_set(t, SLA_PRIORITY, prio ? prio : "all");
	if (prio == NULL) {
		n = sums[0];
		breach[0] = sums[1];
		breach[1] = sums[2];
	} else {
		sums[0] += n;
		sums[1] += breach[0];
		sums[2] += breach[1];
	}
	fb_table_setf(t, SLA_JOBS_COL, "%lld", (long long)n);
	sla_time(t, o, SLA_RESP_MED, has[0], v[0]);
	sla_time(t, o, SLA_RESP_P90, has[1], v[1]);
	sla_time(t, o, SLA_RESP_TARGET, targets != NULL, targets ? targets[0] : 0);
	fb_table_setf(t, SLA_RESP_BREACH, "%lld", (long long)breach[0]);
	sla_time(t, o, SLA_RES_MED, has[2], v[2]);
	sla_time(t, o, SLA_RES_P90, has[3], v[3]);
	sla_time(t, o, SLA_RES_TARGET, targets != NULL, targets ? targets[1] : 0);
	fb_table_setf(t, SLA_RES_BREACH, "%lld", (long long)breach[1]);
	return 0;
}

int
fb_report_sla(struct fb_db *db, const struct fb_report_opts *o,
	      struct fb_report *r, struct fb_err *err)
{
	static const char *const prios[] = { "P1", "P2", "P3", "P4" };
	struct fb_table *t = &r->table;
	int64_t sums[3] = { 0, 0, 0 };

	fb_table_col(t, "priority", "PRI", FB_COL_TEXT);
	fb_table_col(t, "jobs", NULL, FB_COL_INT);
	fb_table_col(t, "response_median", "RESP MEDIAN", FB_COL_NUMBER);
	fb_table_col(t, "response_p90", "RESP P90", FB_COL_NUMBER);
	fb_table_col(t, "response_target", "RESP TARGET", FB_COL_NUMBER);
	fb_table_col(t, "response_breaches", "BREACHED", FB_COL_INT);
	fb_table_col(t, "resolve_median", "RESOLVE MEDIAN", FB_COL_NUMBER);
	fb_table_col(t, "resolve_p90", "RESOLVE P90", FB_COL_NUMBER);
	fb_table_col(t, "resolve_target", "RESOLVE TARGET", FB_COL_NUMBER);
	fb_table_col(t, "resolve_breaches", "BREACHED", FB_COL_INT);
	for (size_t i = 0; i < FB_ARRAY_SIZE(prios); i++) {
		int64_t targets[2] = { 0, 0 };

		if (sla_target(db, prios[i], "response", &targets[0], err) < 0 ||
		    sla_target(db, prios[i], "resolve", &targets[1], err) < 0 ||
		    sla_row(db, o, prios[i], targets, sums, r, err) < 0)
			return -1;
	}
	if (sla_row(db, o, NULL, NULL, sums, r, err) < 0)
		return -1;
	r->ntotals = 1;
	t->has_total = 1;
	return 0;
}

/* Which work: what no invoice holds, or what was done in the period. */
enum work_scope { WORK_UNBILLED, WORK_PERIOD };

static const char *const work_entries_sql[] = {
	[WORK_UNBILLED] = "SELECT e.job_id, e.start, e.stop, e.nocharge, t.tier, e.id"
		" FROM entries e JOIN jobs j ON j.id = e.job_id JOIN techs t ON t.id = e.tech_id"
		" WHERE j.client_id = ?1 AND e.invoice_id IS NULL AND e.billable = 1"
		" AND e.stop IS NOT NULL AND ?2 IS NOT NULL AND ?3 IS NOT NULL"
		" ORDER BY e.job_id, e.start, e.id",
	[WORK_PERIOD] = "SELECT e.job_id, e.start, e.stop, e.nocharge, t.tier, e.id"
		" FROM entries e JOIN jobs j ON j.id = e.job_id JOIN techs t ON t.id = e.tech_id"
		" WHERE j.client_id = ?1 AND e.billable = 1 AND e.stop IS NOT NULL"
		" AND e.start >= ?2 AND e.start < ?3 ORDER BY e.job_id, e.start, e.id",
};

static const char *const work_charges_sql[] = {
	[WORK_UNBILLED] = "SELECT ch.job_id, ch.kind, ch.description, ch.quantity,"
		" ch.unit_price, ch.amount FROM charges ch JOIN jobs j ON j.id = ch.job_id"
		" WHERE j.client_id = ?1 AND ch.invoice_id IS NULL"
		" AND ?2 IS NOT NULL AND ?3 IS NOT NULL ORDER BY ch.job_id, ch.id",
	[WORK_PERIOD] = "SELECT ch.job_id, ch.kind, ch.description, ch.quantity,"
		" ch.unit_price, ch.amount FROM charges ch JOIN jobs j ON j.id = ch.job_id"
		" WHERE j.client_id = ?1 AND ?2 <= coalesce((SELECT min(e.start) FROM entries e"
		"  WHERE e.job_id = j.id AND e.billable = 1 AND e.stop IS NOT NULL), j.opened)"
		" AND ?3 > coalesce((SELECT min(e.start) FROM entries e"
		"  WHERE e.job_id = j.id AND e.billable = 1 AND e.stop IS NOT NULL), j.opened)"
		" ORDER BY ch.job_id, ch.id",
};

/* Has the job's call-out minimum been billed elsewhere already? */
static const char *const work_minimum_sql[] = {
	/* As lib/invoice.c asks it: a live invoice carries the minimum line. */
	[WORK_UNBILLED] = "SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
		" WHERE l.job_id = ?1 AND l.kind = 'minimum' AND i.kind = 'invoice'"
		" AND i.status <> 'void' AND ?2 IS NOT NULL LIMIT 1",
	/* The minimum belongs to the period of the job's first billable work. */
	[WORK_PERIOD] = "SELECT 1 FROM entries WHERE job_id = ?1 AND billable = 1"
		" AND stop IS NOT NULL AND start < ?2 LIMIT 1",
};

/* A client's work of the scope, gathered as invoice create gathers a draft's. */
static int
work_load(struct fb_db *db, const struct fb_client *c, enum work_scope scope,
	  const struct fb_period *p, struct fb_work *w, struct fb_err *err)
{
	if (fb_work_load(db, c, work_entries_sql[scope], work_charges_sql[scope],
			 c->id, p->start, p->end, w, err) < 0)
		return -1;
	for (size_t i = 0; i < w->njobs; i++) {
		int64_t one;
		int r = fb_db_int(db, err, &one, work_minimum_sql[scope], "ii",
				  w->jobs[i].id, p->start);

		if (r < 0) {
			fb_work_release(w);
			return -1;
		}
		w->jobs[i].minimum_billed = r;
	}
	return 0;
}

/* Gather and price a client's work as one invoice would bill it. */
static int
work_price(struct fb_db *db, const struct fb_client *c, enum work_scope scope,
	   const struct fb_period *p, struct fb_invoice *inv, struct fb_work *w,
	   struct fb_err *err)
{
	struct fb_pricing_policy pol;
	int rc;

	if (fb_work_policy(db, c->tax_rate, &pol, err) < 0)
		return -1;
	if (work_load(db, c, scope, p, w, err) < 0) {
		fb_pricing_policy_release(&pol);
		return -1;
	}
	rc = fb_pricing_price(&pol, w->jobs, w->njobs, inv, err);
	fb_pricing_policy_release(&pol);
	return rc;
}

static int
is_labor(const struct fb_invoice_line *l)
{
	return strcmp(l->kind, "labor") == 0 || strcmp(l->kind, "minimum") == 0;
}

int
fb_report_unbilled(struct fb_db *db, const struct fb_report_opts *o,
		   struct fb_report *r, struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct totals ts;
	struct fb_stmt *st;
	int64_t *ids = NULL;
	size_t n = 0, alloc = 0;
	int step, ret = -1;

	memset(&ts, 0, sizeof(ts));
	fb_table_col(t, "client", NULL, FB_COL_TEXT);
	fb_table_col(t, "jobs", NULL, FB_COL_INT);
	fb_table_col(t, "hours", NULL, FB_COL_NUMBER);
	fb_table_col(t, "billed_hours", "BILLED", FB_COL_NUMBER);
	fb_table_col(t, "amount", NULL, FB_COL_MONEY);
	fb_table_col(t, "tax", NULL, FB_COL_MONEY);
	fb_table_col(t, "total", NULL, FB_COL_MONEY);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);
	st = fb_db_prepare(db, "SELECT c.id FROM clients c WHERE (?1 = 0 OR c.id = ?1) AND ("
			   " EXISTS (SELECT 1 FROM entries e JOIN jobs j ON j.id = e.job_id"
			   "  WHERE j.client_id = c.id AND e.invoice_id IS NULL AND e.billable = 1"
			   "  AND e.stop IS NOT NULL)"
			   " OR EXISTS (SELECT 1 FROM charges ch JOIN jobs j ON j.id = ch.job_id"
			   "  WHERE j.client_id = c.id AND ch.invoice_id IS NULL))"
			   " ORDER BY c.code", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, o->client_id);
	while ((step = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&ids, &alloc, n + 1, sizeof(*ids));
		ids[n++] = fb_stmt_int(st, 0);
	}
	fb_stmt_reset(st);
	if (step < 0)
		goto out;
	/* One client's unbilled work in memory at a time. */
	for (size_t i = 0; i < n; i++) {
		struct fb_client c;
		struct fb_invoice inv;
		struct fb_work w;
		struct total *tot;
		int64_t billed = 0;
		int rc;

		memset(&c, 0, sizeof(c));
		if (fb_client_get(db, ids[i], &c, err) < 0)
			goto out;
		fb_invoice_init(&inv);
		rc = work_price(db, &c, WORK_UNBILLED, &o->period, &inv, &w, err);
		if (rc == 0) {
			for (size_t k = 0; k < inv.nlines; k++)
				if (is_labor(&inv.lines[k]) && inv.lines[k].billed_seconds > 0)
					billed += inv.lines[k].billed_seconds;
			fb_table_row(t);
			fb_table_set(t, 0, c.code);
			fb_table_setf(t, 1, "%zu", w.njobs);
			fb_table_take(t, 2, cell_time(o, w.seconds));
			fb_table_take(t, 3, cell_time(o, billed));
			fb_table_take(t, 4, cell_money(o, inv.subtotal, c.currency));
			fb_table_take(t, 5, cell_money(o, inv.tax, c.currency));
			fb_table_take(t, 6, cell_money(o, inv.total, c.currency));
			fb_table_set(t, 7, c.currency);
			tot = total_of(&ts, c.currency);
			tot->v[0] += (int64_t)w.njobs;
			tot->v[1] += w.seconds;
			tot->v[2] += billed;
			if (add(&tot->v[3], inv.subtotal, err) < 0 ||
			    add(&tot->v[4], inv.tax, err) < 0 ||
			    add(&tot->v[5], inv.total, err) < 0)
				rc = -1;
			fb_work_release(&w);
		}
		fb_invoice_release(&inv);
		fb_client_release(&c);
		if (rc < 0)
			goto out;
	}
	if (ts.n > 1)
		qsort(ts.t, ts.n, sizeof(*ts.t), total_cmp);
	for (size_t i = 0; i < ts.n; i++) {
		fb_table_row(t);
		fb_table_set(t, 0, "total");
		fb_table_setf(t, 1, "%lld", (long long)ts.t[i].v[0]);
		fb_table_take(t, 2, cell_time(o, ts.t[i].v[1]));
		fb_table_take(t, 3, cell_time(o, ts.t[i].v[2]));
		for (size_t j = 3; j < 6; j++)
			fb_table_take(t, j + 1, cell_money(o, ts.t[i].v[j], ts.t[i].cur));
		fb_table_set(t, 7, ts.t[i].cur);
	}
	r->ntotals = ts.n;
	t->has_total = ts.n > 0;
	ret = 0;
out:
	free(ids);
	free(ts.t);
	return ret;
}

static void
compare_row(const struct fb_report_opts *o, struct fb_table *t, const char *item,
	    int has_time, int64_t secs, int64_t amount, const char *cur)
{
	fb_table_row(t);
	fb_table_set(t, 0, item);
	if (has_time)
		fb_table_take(t, 1, cell_time(o, secs));
	fb_table_take(t, 2, cell_money(o, amount, cur));
	fb_table_set(t, 3, cur);
}

int
fb_report_compare(struct fb_db *db, const struct fb_report_opts *o,
		  int64_t fee, struct fb_report *r, struct fb_compare *cmp,
		  struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct fb_client c;
	struct fb_invoice inv;
	struct fb_work w;
	int64_t labor_secs = 0;
	int ret = -1;

	memset(cmp, 0, sizeof(*cmp));
	cmp->months = fb_period_months(&o->period);
	if (cmp->months <= 0 || o->period.start == INT64_MIN || o->period.end == INT64_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "'report compare' needs a closed period");
	memset(&c, 0, sizeof(c));
	if (fb_client_get(db, o->client_id, &c, err) < 0)
		return -1;
	snprintf(cmp->currency, sizeof(cmp->currency), "%s", c.currency);
	cmp->fee = fee >= 0 ? fee : c.managed_fee;
	if (cmp->fee < 0) {
		fb_err_set(err, FB_ERR_USAGE, "no managed fee for client '%s'", c.code);
		fb_err_hint(err, "give one with '--managed-fee AMOUNT' or "
			    "'fixbill client edit %s --managed-fee AMOUNT'", c.code);
		fb_client_release(&c);
		return -1;
	}
	fb_invoice_init(&inv);
	if (work_price(db, &c, WORK_PERIOD, &o->period, &inv, &w, err) < 0)
		goto out;
	labor_secs = w.seconds;
	fb_work_release(&w);
	for (size_t i = 0; i < inv.nlines; i++)
		if (add(is_labor(&inv.lines[i]) ? &cmp->labor : &cmp->charges,
			inv.lines[i].amount, err) < 0)
			goto out;
	/* Downtime: each job's [down_since, restored or resolved) inside the period. */
	if (fb_db_int(db, err, &cmp->downtime,
		      "SELECT coalesce(sum(max(0, min(coalesce(restored, resolved), ?3)"
		      " - max(down_since, ?2))), 0) FROM jobs WHERE client_id = ?1"
		      " AND down_since IS NOT NULL AND coalesce(restored, resolved) IS NOT NULL",
		      "iii", c.id, o->period.start, o->period.end) < 0)
		goto out;
	cmp->downtime_rate = c.downtime_cost;
	if (c.downtime_cost > 0 &&
	    fb_muldiv_round(cmp->downtime, c.downtime_cost, 3600, &cmp->downtime_cost) < 0) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot price the downtime: too large");
		goto out;
	}
	if (fb_add_checked(cmp->labor, cmp->charges, &cmp->breakfix) < 0 ||
	    fb_add_checked(cmp->breakfix, cmp->downtime_cost, &cmp->breakfix) < 0 ||
	    fb_muldiv_round(cmp->fee, cmp->months, 1, &cmp->managed) < 0) {
		fb_err_set(err, FB_ERR_RUNTIME, "cannot total the comparison: too large");
		goto out;
	}
	fb_table_col(t, "item", NULL, FB_COL_TEXT);
	fb_table_col(t, "hours", NULL, FB_COL_NUMBER);
	fb_table_col(t, "amount", NULL, FB_COL_MONEY);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);
	compare_row(o, t, "labor", 1, labor_secs, cmp->labor, c.currency);
	compare_row(o, t, "charges", 0, 0, cmp->charges, c.currency);
	compare_row(o, t, "downtime", 1, cmp->downtime, cmp->downtime_cost, c.currency);
	compare_row(o, t, "break_fix", 0, 0, cmp->breakfix, c.currency);
	compare_row(o, t, "managed", 0, 0, cmp->managed, c.currency);
	compare_row(o, t, "difference", 0, 0, cmp->managed - cmp->breakfix, c.currency);
	ret = 0;
out:
	fb_invoice_release(&inv);
	fb_client_release(&c);
	return ret;
}

char *
fb_report_compare_sentence(const struct fb_compare *cmp)
{
	char *bf = fb_money_format_human(cmp->breakfix, cmp->currency);
	char *fee = fb_money_format_human(cmp->fee, cmp->currency);
	char *man = fb_money_format_human(cmp->managed, cmp->currency);
	int64_t d = cmp->managed - cmp->breakfix;
	char *diff = fb_money_format_human(d < 0 ? -d : d, cmp->currency);
	char *s;

	s = fb_xasprintf("Break-fix cost %s %s over %d month%s; a managed contract at %s %s"
			 " a month would cost %s %s: %s%s%s%s.",
			 bf, cmp->currency, cmp->months, cmp->months == 1 ? "" : "s",
			 fee, cmp->currency, man, cmp->currency,
			 d == 0 ? "they cost the same" :
			 d > 0 ? "break-fix is cheaper by " : "managed is cheaper by ",
			 d == 0 ? "" : diff, d == 0 ? "" : " ", d == 0 ? "" : cmp->currency);
	free(bf);
	free(fee);
	free(man);
	free(diff);
	return s;
}

/* Months as year * 12 + month - 1, to step through them. */
static int
month_index(const char *ym)
{
	return atoi(ym) * 12 + atoi(ym + 5) - 1;
}

int
fb_report_trend(struct fb_db *db, const struct fb_report_opts *o,
		int hours, struct fb_table *t, struct fb_err *err)
{
	struct fb_stmt *st;
	char **curs = NULL;
	size_t ncurs = 0, acurs = 0, nrows = 0, arows = 0;
	struct trow {
		int m;
		size_t cur;
		int64_t a, b;
	} *rows = NULL;
	char *from = first_day(&o->period), *to = end_day(o);
	int step, lo = 0, hi = -1, ret = -1;

	if (hours)
		st = fb_db_prepare(db, "SELECT strftime('%Y-%m', e.start, 'unixepoch', 'localtime'),"
				   " NULL, sum(e.stop - e.start),"
				   " sum(CASE WHEN e.billable THEN e.stop - e.start ELSE 0 END)"
				   " FROM entries e JOIN jobs j ON j.id = e.job_id"
				   " WHERE e.stop IS NOT NULL AND e.start >= ?1 AND e.start < ?2"
				   " AND (?3 = 0 OR j.client_id = ?3) GROUP BY 1 ORDER BY 1", err);
	else
		st = fb_db_prepare(db, "SELECT substr(issue_date, 1, 7), currency, sum(total), 0"
				   " FROM invoices WHERE kind = 'invoice' AND status <> 'draft'"
				   " AND issue_date BETWEEN ?4 AND ?5 AND (?3 = 0 OR client_id = ?3)"
				   " AND ?1 IS NOT NULL AND ?2 IS NOT NULL"
				   " GROUP BY 1, 2 ORDER BY 2, 1", err);
	if (st == NULL)
		goto out;
	fb_stmt_bind_int(st, 1, o->period.start);
	fb_stmt_bind_int(st, 2, o->period.end);
	fb_stmt_bind_int(st, 3, o->client_id);
	fb_stmt_bind_text(st, 4, from);
	fb_stmt_bind_text(st, 5, to);
	while ((step = fb_stmt_step(st, err)) == 1) {
		const char *cur = fb_stmt_text(st, 1);
		struct trow *tr;
		size_t ci = 0;

		if (cur) {
			for (ci = 0; ci < ncurs && strcmp(curs[ci], cur) != 0; ci++)
				;
			if (ci == ncurs) {
				fb_xgrow(&curs, &acurs, ncurs + 1, sizeof(*curs));
				curs[ncurs++] = fb_xstrdup(cur);
			}
		}
		fb_xgrow(&rows, &arows, nrows + 1, sizeof(*rows));
		tr = &rows[nrows++];
		tr->m = month_index(fb_stmt_text(st, 0));
		tr->cur = ci;
		tr->a = fb_stmt_int(st, 2);
		tr->b = fb_stmt_int(st, 3);
		if (nrows == 1 || tr->m < lo)
			lo = tr->m;
		if (nrows == 1 || tr->m > hi)
			hi = tr->m;
	}
	fb_stmt_reset(st);
	if (step < 0)
		goto out;
	/* A closed period shows every month of it, empty ones as 0. */
	if (o->period.first.year && o->period.last.year) {
		lo = o->period.first.year * 12 + o->period.first.month - 1;
		hi = o->period.last.year * 12 + o->period.last.month - 1;
	}
	fb_table_col(t, "month", NULL, FB_COL_TEXT);
	if (hours) {
		fb_table_col(t, "hours", NULL, FB_COL_NUMBER);
		fb_table_col(t, "billable_hours", NULL, FB_COL_NUMBER);
	} else
		for (size_t i = 0; i < ncurs; i++) {
			char *name = fb_xasprintf("invoiced_%s", curs[i]);

			for (char *p = name; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p += 'a' - 'A';
			fb_table_col(t, name, NULL, FB_COL_MONEY);
			free(name);
		}
	for (int m = lo; m <= hi && nrows > 0; m++) {
		fb_table_row(t);
		fb_table_setf(t, 0, "%04d-%02d", m / 12, m % 12 + 1);
		if (hours) {
			int64_t a = 0, b = 0;

			for (size_t i = 0; i < nrows; i++)
				if (rows[i].m == m) {
					a = rows[i].a;
					b = rows[i].b;
				}
			fb_table_take(t, 1, fb_duration_hours(a));
			fb_table_take(t, 2, fb_duration_hours(b));
			continue;
		}
		for (size_t c = 0; c < ncurs; c++) {
			int64_t a = 0;

			for (size_t i = 0; i < nrows; i++)
				if (rows[i].m == m && rows[i].cur == c)
					a = rows[i].a;
			fb_table_take(t, c + 1, fb_money_format(a, curs[c]));
		}
	}
	ret = 0;
out:
	for (size_t i = 0; i < ncurs; i++)
		free(curs[i]);
	free(curs);
	free(rows);
	free(from);
	free(to);
	return ret;
}
