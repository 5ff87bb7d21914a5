/*
 * report.c - the reports of SPEC section 7: queries that aggregate in
 * SQL, or stream rows in group order, into neutral tables.
 *
 * Nothing here holds more than one client's unbilled work or one
 * period's months in memory, but the hours report: it holds its groups
 * (at most one per job of the period; by client, technician or month a
 * number that does not grow with the history) and some bytes for each
 * job it meets, a few megabytes for years of history.  Money of two
 * currencies is never added: every figure is per currency, and so are
 * the totals.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "config.h"
#include "duration.h"
#include "invoice.h"
#include "money.h"
#include "plan.h"
#include "pricing.h"
#include "rates.h"
#include "receivable.h"
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
#define NSUMS 7

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

/*
 * The hours report reads the period's entries straight off one covering
 * index, in no order that helps grouping, so it gathers its groups in
 * memory and sorts them at the end.  What an entry needs of its job,
 * client and technician is looked up once per id, by primary key, into
 * the caches below: a long history has many entries but few jobs per
 * entry and very few clients and technicians.
 */

#define NONE SIZE_MAX

/*
 * An open-addressing map from an id and a small tag (a currency, for the
 * groups) to an index into the array that holds the rest.  Ids are
 * dense-ish but nothing promises it, so they are hashed rather than
 * used as array indexes.
 */
struct idslot {
	int64_t id;
	uint32_t tag;
	uint32_t idx;		/* index + 1; 0: the slot is empty */
};

struct idmap {
	struct idslot *s;
	size_t n;
	unsigned bits;		/* 2^bits slots; 0: none yet */
};

/*
 * An id's low bits pick its slot, flipped by a hash of the rest: ids
 * that differ only in those bits never collide, and neighbours stay
 * neighbours.  Entries come in time order and jobs are numbered in the
 * order they were opened, so the jobs of any one stretch of time stay
 * in a few cache lines of the map rather than all over it.
 */
static size_t
idmap_home(const struct idmap *m, int64_t id, uint32_t tag)
{
	uint64_t u = (uint64_t)id;
	uint64_t h = ((u >> m->bits) + tag * UINT64_C(0x9e3779b97f4a7c15)) *
		UINT64_C(0xbf58476d1ce4e5b9);

	return (size_t)((u ^ h >> (64 - m->bits)) & ((UINT64_C(1) << m->bits) - 1));
}

static size_t
idmap_get(const struct idmap *m, int64_t id, uint32_t tag)
{
	size_t mask = ((size_t)1 << m->bits) - 1;

	if (m->n == 0)
		return NONE;
	for (size_t i = idmap_home(m, id, tag);; i = (i + 1) & mask) {
		const struct idslot *s = &m->s[i];

		if (s->idx == 0)
			return NONE;
		if (s->id == id && s->tag == tag)
			return s->idx - 1;
	}
}

/* Map (id, tag), which is not in the map yet, to idx. */
static void
idmap_put(struct idmap *m, int64_t id, uint32_t tag, size_t idx)
{
	size_t mask, i;

	/* At most half full, so a probe ends soon at an empty slot. */
	if (m->bits == 0 || 2 * (m->n + 1) > (size_t)1 << m->bits) {
		struct idmap big;

		big.bits = m->bits ? m->bits + 1 : 6;
		big.s = fb_xcalloc((size_t)1 << big.bits, sizeof(*big.s));
		big.n = 0;
		for (size_t k = 0; m->bits && k < (size_t)1 << m->bits; k++)
			if (m->s[k].idx)
				idmap_put(&big, m->s[k].id, m->s[k].tag, m->s[k].idx - 1);
		free(m->s);
		*m = big;
	}
	mask = ((size_t)1 << m->bits) - 1;
	for (i = idmap_home(m, id, tag); m->s[i].idx; i = (i + 1) & mask)
		;
	m->s[i].id = id;
	m->s[i].tag = tag;
	m->s[i].idx = (uint32_t)idx + 1;
	m->n++;
}

struct hclient {
	int64_t id;
	char *code;
	size_t cur;		/* index into hours.curs */
	int rated;		/* rates and policy loaded: only once billable work needs them */
	struct fb_rates rates;
	struct fb_pricing_policy policy;	/* the client's own settings win */
};

struct hjob {
	int64_t id;
	size_t client;		/* index into hours.clients; NONE: no such client */
	char *title;		/* --by job only */
};

struct htech {
	int found;		/* 0: no such technician */
	char tier[3];		/* the current tier */
	struct fb_tech_tier *tiers;	/* the earlier ones */
	size_t ntiers;
	char *handle;		/* --by tech only */
};

/*
 * One group: a client, technician or job id, or for dates a day count
 * since 1970-01-01 (of the day or the week's Monday) or year * 12 +
 * month - 1; and a currency.
 */
struct hgroup {
	int64_t key;
	size_t cur;
	size_t ref;		/* the client, technician or job the key names */
	const char *name;	/* the key as text, once the scan is done */
	const char *curname;
	char *date;		/* the text of a date key, owned */
	int64_t secs, bsecs, amount;
};

struct hours {
	struct fb_db *db;
	enum fb_report_by by;
	const char *dflt_cur;
	struct fb_stmt *jobq, *clientq, *techq;
	struct idmap jobmap, clientmap, techmap, groupmap;
	struct hjob *jobs;
	struct hclient *clients;
	struct htech *techs;
	struct hgroup *groups;
	char **curs;
	size_t njobs, ajobs, nclients, aclients, ntechs, atechs, ngroups, agroups;
	size_t ncurs, acurs;
};

/*
 * Whole static statements: lib/db caches a statement by its SQL text.
 * The entries of the period, read from the covering index entries_start
 * alone; the client filter is one lookup in a list built once.
 */
static const char hours_sql[] =
	"SELECT e.job_id, e.tech_id, e.start, e.stop, e.billable, e.nocharge"
	" FROM entries e WHERE e.stop IS NOT NULL AND e.start >= ?1 AND e.start < ?2"
	" AND (?3 = 0 OR e.job_id IN (SELECT id FROM jobs WHERE client_id = ?3))";
static const char hours_job_sql[] = "SELECT client_id, title FROM jobs WHERE id = ?1";
static const char hours_client_sql[] =
	"SELECT code, coalesce(currency, ?2) FROM clients WHERE id = ?1";
static const char hours_tech_sql[] = "SELECT handle, tier FROM techs WHERE id = ?1";

static size_t
hours_cur(struct hours *h, const char *cur)
{
	for (size_t i = 0; i < h->ncurs; i++)
		if (strcmp(h->curs[i], cur) == 0)
			return i;
	fb_xgrow(&h->curs, &h->acurs, h->ncurs + 1, sizeof(*h->curs));
	h->curs[h->ncurs] = fb_xstrdup(cur);
	return h->ncurs++;
}

/* Set *out to the index of client id in h->clients, or NONE when there is none. */
static int
client_of(struct hours *h, int64_t id, size_t *out, struct fb_err *err)
{
	struct hclient *c;
	int step;

	if ((*out = idmap_get(&h->clientmap, id, 0)) != NONE)
		return 0;
	fb_stmt_bind_int(h->clientq, 1, id);
	fb_stmt_bind_text(h->clientq, 2, h->dflt_cur);
	if ((step = fb_stmt_step(h->clientq, err)) < 0)
		return -1;
	if (step == 0) {
		fb_stmt_reset(h->clientq);
		return 0;
	}
	fb_xgrow(&h->clients, &h->aclients, h->nclients + 1, sizeof(*h->clients));
	c = &h->clients[h->nclients];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->code = fb_stmt_dup(h->clientq, 0);
	c->cur = hours_cur(h, fb_stmt_text(h->clientq, 1));
	fb_stmt_reset(h->clientq);
	idmap_put(&h->clientmap, id, 0, h->nclients);
	*out = h->nclients++;
	return 0;
}

static const struct hjob *
job_of(struct hours *h, int64_t id, struct fb_err *err)
{
	struct hjob j;
	int64_t client = 0;
	size_t i;
	int step;

	if ((i = idmap_get(&h->jobmap, id, 0)) != NONE)
		return &h->jobs[i];
	j.id = id;
	j.client = NONE;
	j.title = NULL;
	fb_stmt_bind_int(h->jobq, 1, id);
	if ((step = fb_stmt_step(h->jobq, err)) < 0)
		return NULL;
	if (step == 1) {
		client = fb_stmt_int(h->jobq, 0);
		if (h->by == FB_BY_JOB)
			j.title = fb_stmt_dup(h->jobq, 1);
	}
	fb_stmt_reset(h->jobq);
	if (step == 1 && client_of(h, client, &j.client, err) < 0) {
		free(j.title);
		return NULL;
	}
	fb_xgrow(&h->jobs, &h->ajobs, h->njobs + 1, sizeof(*h->jobs));
	h->jobs[h->njobs] = j;
	idmap_put(&h->jobmap, id, 0, h->njobs);
	return &h->jobs[h->njobs++];
}

static const struct htech *
tech_of(struct hours *h, int64_t id, size_t *idx, struct fb_err *err)
{
	struct htech t;
	int step;

	if ((*idx = idmap_get(&h->techmap, id, 0)) != NONE)
		return &h->techs[*idx];
	memset(&t, 0, sizeof(t));
	fb_stmt_bind_int(h->techq, 1, id);
	if ((step = fb_stmt_step(h->techq, err)) < 0)
		return NULL;
	if (step == 1) {
		t.found = 1;
		snprintf(t.tier, sizeof(t.tier), "%s", fb_stmt_text(h->techq, 1));
		if (h->by == FB_BY_TECH)
			t.handle = fb_stmt_dup(h->techq, 0);
	}
	fb_stmt_reset(h->techq);
	if (step == 1 && fb_tech_tiers(h->db, id, &t.tiers, &t.ntiers, err) < 0) {
		free(t.handle);
		return NULL;
	}
	fb_xgrow(&h->techs, &h->atechs, h->ntechs + 1, sizeof(*h->techs));
	h->techs[h->ntechs] = t;
	idmap_put(&h->techmap, id, 0, h->ntechs);
	*idx = h->ntechs++;
	return &h->techs[*idx];
}

/*
 * The local day of instant t, the Monday of its week or its month, by
 * the configured zone's rules like every other local date in fixbill.
 * SQLite's 'localtime' agrees only from 1970 to 2037: outside those
 * years it borrows the rules of a year near 2000.
 */
static int64_t
date_key(enum fb_report_by by, int64_t t)
{
	struct fb_civil c;
	int64_t days;
	int wday;

	fb_utc_to_local(t, &c, &wday, NULL);
	if (by == FB_BY_MONTH)
		return (int64_t)c.year * 12 + c.month - 1;
	days = fb_days_from_civil(c.year, c.month, c.day);
	return by == FB_BY_WEEK ? days - (wday + 6) % 7 : days;
}

static struct hgroup *
group_of(struct hours *h, int64_t key, size_t cur, size_t ref)
{
	struct hgroup *g;
	size_t i;

	if ((i = idmap_get(&h->groupmap, key, (uint32_t)cur)) != NONE)
		return &h->groups[i];
	fb_xgrow(&h->groups, &h->agroups, h->ngroups + 1, sizeof(*h->groups));
	g = &h->groups[h->ngroups];
	memset(g, 0, sizeof(*g));
	g->key = key;
	g->cur = cur;
	g->ref = ref;
	idmap_put(&h->groupmap, key, (uint32_t)cur, h->ngroups++);
	return g;
}

/* The rates and policy of client c, loaded when its first billable work needs them. */
static const struct fb_rates *
rates_of(struct hours *h, struct hclient *c, struct fb_err *err)
{
	if (!c->rated) {
		if (fb_rates_load(h->db, c->id, h->curs[c->cur], &c->rates, err) < 0)
			return NULL;
		if (fb_work_policy(h->db, c->id, &c->policy, err) < 0) {
			fb_rates_release(&c->rates);
			return NULL;
		}
		c->rated = 1;
	}
	return &c->rates;
}

/* The maps serve the scan only: let them go before the table grows. */
static void
hours_maps_release(struct hours *h)
{
	struct idmap *maps[] = { &h->jobmap, &h->clientmap, &h->techmap, &h->groupmap };

	for (size_t i = 0; i < FB_ARRAY_SIZE(maps); i++) {
		free(maps[i]->s);
		memset(maps[i], 0, sizeof(*maps[i]));
	}
}

static void
hours_release(struct hours *h)
{
	for (size_t i = 0; i < h->nclients; i++) {
		free(h->clients[i].code);
		if (h->clients[i].rated) {
			fb_rates_release(&h->clients[i].rates);
			fb_pricing_policy_release(&h->clients[i].policy);
		}
	}
	for (size_t i = 0; i < h->njobs; i++)
		free(h->jobs[i].title);
	for (size_t i = 0; i < h->ntechs; i++) {
		free(h->techs[i].handle);
		free(h->techs[i].tiers);
	}
	for (size_t i = 0; i < h->ngroups; i++)
		free(h->groups[i].date);
	for (size_t i = 0; i < h->ncurs; i++)
		free(h->curs[i]);
	free(h->clients);
	free(h->jobs);
	free(h->techs);
	free(h->groups);
	free(h->curs);
	hours_maps_release(h);
}

/* Groups as ORDER BY key, currency had them: text bytewise, job ids as numbers. */
static int
group_cmp_text(const void *a, const void *b)
{
	const struct hgroup *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->curname, y->curname);
}

static int
group_cmp_id(const void *a, const void *b)
{
	const struct hgroup *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return strcmp(x->curname, y->curname);
}

/* Name every group and sort them. */
static void
groups_sort(struct hours *h)
{
	for (size_t i = 0; i < h->ngroups; i++) {
		struct hgroup *g = &h->groups[i];
		int y, m, d;

		g->curname = h->curs[g->cur];
		switch (h->by) {
		case FB_BY_CLIENT:
			g->name = h->clients[g->ref].code;
			break;
		case FB_BY_TECH:
			g->name = h->techs[g->ref].handle;
			break;
		case FB_BY_JOB:
			break;
		case FB_BY_MONTH:
			y = (int)((g->key - (g->key < 0 ? 11 : 0)) / 12);
			m = (int)(g->key - 12 * (int64_t)y) + 1;
			g->name = g->date = fb_xasprintf("%04d-%02d", y, m);
			break;
		default:
			fb_civil_from_days(g->key, &y, &m, &d);
			g->name = g->date = fb_xasprintf("%04d-%02d-%02d", y, m, d);
			break;
		}
	}
	if (h->ngroups > 1)
		qsort(h->groups, h->ngroups, sizeof(*h->groups),
		      h->by == FB_BY_JOB ? group_cmp_id : group_cmp_text);
}

static int
hours_row(const struct fb_report_opts *o, struct fb_report *r, struct hours *h,
	  const struct hgroup *g, struct totals *ts, struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct total *tot;
	size_t nkeys = 1;

	fb_table_row(t);
	if (h->by == FB_BY_JOB) {
		struct hjob *j = &h->jobs[g->ref];

		fb_table_setf(t, 0, "%lld", (long long)j->id);
		fb_table_set(t, 1, h->clients[j->client].code);
		/* A job has one client, so one currency and one group: its only row. */
		fb_table_take(t, 2, j->title);
		j->title = NULL;
		nkeys = 3;
	} else
		fb_table_set(t, 0, g->name);
	fb_table_take(t, nkeys, cell_time(o, g->secs));
	fb_table_take(t, nkeys + 1, cell_time(o, g->bsecs));
	fb_table_take(t, nkeys + 2, cell_money(o, g->amount, g->curname));
	fb_table_set(t, nkeys + 3, g->curname);
	tot = total_of(ts, g->curname);
	if (add(&tot->v[0], g->secs, err) < 0 || add(&tot->v[1], g->bsecs, err) < 0 ||
	    add(&tot->v[2], g->amount, err) < 0)
		return -1;
	return 0;
}

/*
 * Add one entry to its group.  An entry whose job, client or technician
 * is missing (only a broken foreign key allows it) counts nowhere, as
 * an inner join would drop it.
 */
static int
hours_entry(struct hours *h, struct fb_stmt *st, struct fb_err *err)
{
	int64_t job = fb_stmt_int(st, 0), tech = fb_stmt_int(st, 1);
	int64_t start = fb_stmt_int(st, 2), stop = fb_stmt_int(st, 3), key, amount;
	const struct hjob *j;
	const struct htech *tc;
	const struct fb_rates *rates;
	struct hclient *c;
	struct hgroup *g;
	size_t ti, ref;

	if ((j = job_of(h, job, err)) == NULL || (tc = tech_of(h, tech, &ti, err)) == NULL)
		return -1;
	if (j->client == NONE || !tc->found)
		return 0;
	c = &h->clients[j->client];
	switch (h->by) {
	case FB_BY_CLIENT:
		key = c->id;
		ref = j->client;
		break;
	case FB_BY_TECH:
		key = tech;
		ref = ti;
		break;
	case FB_BY_JOB:
		key = job;
		ref = (size_t)(j - h->jobs);
		break;
	default:
		key = date_key(h->by, start);
		ref = NONE;
		break;
	}
	g = group_of(h, key, c->cur, ref);
	g->secs += stop - start;
	if (!fb_stmt_int(st, 4))
		return 0;
	g->bsecs += stop - start;
	if (fb_stmt_int(st, 5))
		return 0;
	if ((rates = rates_of(h, c, err)) == NULL ||
	    entry_amount(&c->policy, rates, c->id,
			 fb_tier_parse(fb_tech_tier_at(tc->tiers, tc->ntiers, tc->tier, start)),
			 start, stop, &amount, err) < 0)
		return -1;
	return add(&g->amount, amount, err);
}

int
fb_report_hours(struct fb_db *db, const struct fb_report_opts *o,
		enum fb_report_by by, struct fb_report *r, struct fb_err *err)
{
	static const char *const keyname[] = {
		"client", "tech", "job", "day", "week", "month"
	};
	struct fb_table *t = &r->table;
	struct totals ts;
	struct hours h;
	struct fb_stmt *st;
	size_t nkeys = by == FB_BY_JOB ? 3 : 1;
	int step, ret = -1;

	if ((int)by < 0 || by > FB_BY_MONTH)
		return fb_err_set(err, FB_ERR_USAGE, "invalid grouping");
	memset(&ts, 0, sizeof(ts));
	memset(&h, 0, sizeof(h));
	h.db = db;
	h.by = by;
	h.dflt_cur = fb_config_currency(db);
	fb_table_col(t, keyname[by], NULL, by == FB_BY_JOB ? FB_COL_INT : FB_COL_TEXT);
	if (by == FB_BY_JOB) {
		fb_table_col(t, "client", NULL, FB_COL_TEXT);
		fb_table_col(t, "title", NULL, FB_COL_TEXT);
	}
	fb_table_col(t, "hours", NULL, FB_COL_NUMBER);
	fb_table_col(t, "billable_hours", "BILLABLE", FB_COL_NUMBER);
	fb_table_col(t, "amount", NULL, FB_COL_MONEY);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);

	if ((h.jobq = fb_db_prepare(db, hours_job_sql, err)) == NULL ||
	    (h.clientq = fb_db_prepare(db, hours_client_sql, err)) == NULL ||
	    (h.techq = fb_db_prepare(db, hours_tech_sql, err)) == NULL ||
	    (st = fb_db_prepare(db, hours_sql, err)) == NULL)
		goto out;
	fb_stmt_bind_int(st, 1, o->period.start);
	fb_stmt_bind_int(st, 2, o->period.end);
	fb_stmt_bind_int(st, 3, o->client_id);
	while ((step = fb_stmt_step(st, err)) == 1)
		if (hours_entry(&h, st, err) < 0) {
			step = -1;
			break;
		}
	fb_stmt_reset(st);
	if (step < 0)
		goto out;
	hours_maps_release(&h);
	groups_sort(&h);
	for (size_t i = 0; i < h.ngroups; i++)
		if (hours_row(o, r, &h, &h.groups[i], &ts, err) < 0)
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
	free(ts.t);
	hours_release(&h);
	return ret;
}

/*
 * Invoicing, crediting and payment events of the period [?1, ?2] of
 * client ?3 (0: any).  paid is the money received net of refunds and
 * reversals (minus what a record did to the client's balance), so that
 * invoiced - credited - paid over all time is what is outstanding.
 */
#define REVENUE_EVENTS(KEYI, KEYP) \
	"WITH ev(k, client_id, currency, invoiced, credited, paid) AS (" \
	" SELECT " KEYI ", i.client_id, i.currency," \
	"  CASE i.kind WHEN 'invoice' THEN i.total ELSE 0 END," \
	"  CASE i.kind WHEN 'credit' THEN -i.total ELSE 0 END, 0" \
	" FROM invoices i WHERE i.status <> 'draft' AND i.issue_date BETWEEN ?1 AND ?2" \
	"  AND (?3 = 0 OR i.client_id = ?3)" \
	" UNION ALL SELECT " KEYP ", p.client_id, p.currency, 0, 0, -p.balance" \
	" FROM payment_effects p" \
	" WHERE p.date BETWEEN ?1 AND ?2 AND (?3 = 0 OR p.client_id = ?3))"

/* Outstanding is each client's balance at the end of the period (lib/receivable.h). */
static const char revenue_by_client[] =
	REVENUE_EVENTS("NULL", "NULL")
	", x(client_id, currency, invoiced, credited, paid, owed) AS ("
	" SELECT client_id, currency, invoiced, credited, paid, 0 FROM ev"
	" UNION ALL SELECT a.client_id, a.currency, 0, 0, 0, a.balance"
	" FROM (" FB_SQL_BALANCES_ON("?3", "?2") ") a)"
	" SELECT c.code, x.currency, sum(invoiced), sum(credited), sum(paid), sum(owed)"
	" FROM x JOIN clients c ON c.id = x.client_id GROUP BY c.code, x.currency"
	" HAVING sum(invoiced) <> 0 OR sum(credited) <> 0 OR sum(paid) <> 0 OR sum(owed) <> 0"
	" ORDER BY c.code, x.currency";

/*
 * Months with events; each month's outstanding is as of its last day (or
 * ?2): the documents and records of every month by then, summed a month
 * at a time in one pass (o), then added up to each month.  A day is by
 * the end of month k and ?2 when its month is k or before and it is by ?2.
 */
static const char revenue_by_month[] =
	REVENUE_EVENTS("substr(i.issue_date, 1, 7)", "substr(p.date, 1, 7)")
	", m AS (SELECT k, currency, sum(invoiced) AS invoiced, sum(credited) AS credited,"
	"  sum(paid) AS paid FROM ev GROUP BY k, currency)"
	", o(k, currency, v) AS ("
	" SELECT substr(t.issue_date, 1, 7), t.currency, sum(t.total) FROM invoices t"
	"  WHERE t.status <> 'draft' AND t.issue_date <= ?2 AND (?3 = 0 OR t.client_id = ?3)"
	"  GROUP BY 1, 2"
	" UNION ALL SELECT substr(b.date, 1, 7), b.currency, sum(b.balance) FROM payment_effects b"
	"  WHERE b.date <= ?2 AND (?3 = 0 OR b.client_id = ?3) GROUP BY 1, 2)"
	" SELECT m.k, m.currency, m.invoiced, m.credited, m.paid,"
	" coalesce((SELECT sum(o.v) FROM o WHERE o.currency = m.currency AND o.k <= m.k), 0)"
	" FROM m ORDER BY m.k, m.currency";

/* Outstanding per currency at the end of the period, for the totals. */
static const char revenue_owed[] =
	"SELECT a.currency, sum(a.balance) FROM (" FB_SQL_BALANCES_ON("?3", "?2") ") a"
	" WHERE ?1 IS NOT NULL GROUP BY a.currency";

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

		for (size_t i = 0; i < ts.n && cur != NULL; i++)
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

/*
 * Aging on day ?2: each live invoice's balance in the bucket of its days
 * past due, and the client's credit as a column of its own, negative, so
 * that a row adds up to its total: the client's balance.
 */
static const char aging_sql[] =
	"WITH b(client_id, currency, owed, late, credit) AS ("
	" SELECT i.client_id, i.currency, " FB_SQL_OWED_ON("i", "?2") ","
	"  CAST(julianday(?2) - julianday(coalesce(i.due_date, i.issue_date)) AS INTEGER), 0"
	"  FROM invoices i WHERE i.id IN (" FB_SQL_MAY_OWE_ON("?2") ")"
	"  AND ?1 IS NULL AND " FB_SQL_LIVE_ON("i", "?2")
	"  AND (?3 = 0 OR i.client_id = ?3)"
	" UNION ALL SELECT k.client_id, k.currency, 0, 0, k.credit"
	"  FROM (" FB_SQL_CREDITS_ON("?3", "?2") ") k)"
	" SELECT c.code, b.currency,"
	" sum(CASE WHEN late <= 0 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late BETWEEN 1 AND 30 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late BETWEEN 31 AND 60 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late BETWEEN 61 AND 90 THEN owed ELSE 0 END),"
	" sum(CASE WHEN late > 90 THEN owed ELSE 0 END),"
	" -sum(credit), sum(owed) - sum(credit)"
	" FROM b JOIN clients c ON c.id = b.client_id GROUP BY c.code, b.currency"
	" HAVING sum(owed) <> 0 OR sum(credit) <> 0 ORDER BY c.code, b.currency";

int
fb_report_aging(struct fb_db *db, const struct fb_report_opts *o,
		const char *as_of, struct fb_report *r, struct fb_err *err)
{
	static const char *const cols[] = {
		"current", "d1_30", "d31_60", "d61_90", "d91_plus", "credit", "total"
	};
	static const char *const titles[] = {
		"CURRENT", "1-30", "31-60", "61-90", "91+", "CREDIT", "TOTAL"
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
		fb_table_set(t, 8, cur);
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
		fb_table_set(t, 8, ts.t[i].cur);
	}
	r->ntotals = ts.n;
	t->has_total = ts.n > 0;
	free(ts.t);
	return 0;
}

/*
 * The jobs of the SLA report: opened in [?1, ?2), of client ?3, priority
 * ?4 (NULL: any); not cancelled (SPEC section 16: a job opened by mistake
 * counts in no figure).  A job resolved, reopened and resolved again was
 * resolved the first time; work logged before the job was opened is a
 * response of 0, never a negative one.
 */
#define SLA_JOBS \
	"WITH j AS (SELECT j.opened," \
	" (SELECT min(e.start) FROM entries e WHERE e.job_id = j.id) AS first," \
	" coalesce((SELECT min(p.resolved) FROM job_episodes p WHERE p.job_id = j.id)," \
	"  CASE WHEN j.status <> 'open' THEN j.resolved END) AS resolved" \
	" FROM jobs j WHERE j.opened >= ?1 AND j.opened < ?2 AND j.status <> 'cancelled'" \
	" AND (?3 = 0 OR j.client_id = ?3) AND (?4 IS NULL OR j.priority = ?4)) "

/* Jobs, and breaches of ?5 (response) and ?6 (resolution) at ?7 (now). */
static const char sla_counts[] = SLA_JOBS
	"SELECT count(*), count(first), count(resolved),"
	" coalesce(sum(max(coalesce(first, ?7) - opened, 0) > ?5), 0),"
	" coalesce(sum(max(coalesce(resolved, ?7) - opened, 0) > ?6), 0) FROM j";

/* Nearest rank: the ?5-th smallest (0-based) response or resolution. */
static const char sla_response_rank[] = SLA_JOBS
	"SELECT max(first - opened, 0) FROM j WHERE first IS NOT NULL ORDER BY 1 LIMIT 1 OFFSET ?5";
static const char sla_resolve_rank[] = SLA_JOBS
	"SELECT max(resolved - opened, 0) FROM j WHERE resolved IS NOT NULL"
	" ORDER BY 1 LIMIT 1 OFFSET ?5";

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

/*
 * Unbilled work: what entries_unbilled holds, with the columns pricing
 * reads, so one pass over that index in job order prices every client's
 * work (as report hours reads entries_start) and the table is never
 * visited.  One client's is that of its open and resolved jobs (an
 * invoiced job has nothing left to bill), two short ranges of
 * jobs_client.
 */
#define CLIENT_JOBS \
	"SELECT j.id FROM jobs j WHERE j.client_id = ?1 AND j.status = 'open'" \
	" UNION ALL SELECT j.id FROM jobs j WHERE j.client_id = ?1 AND j.status = 'resolved'"

static const char unbilled_entries_sql[] =
	"SELECT e.job_id, e.start, e.stop, e.nocharge, e.tech_id, e.id FROM entries e"
	" WHERE " FB_UNBILLED("e.") " AND ?1 = 0 AND ?2 IS NOT NULL AND ?3 IS NOT NULL"
	" ORDER BY e.job_id, e.start, e.id";
static const char unbilled_charges_sql[] =
	"SELECT job_id, kind, description, quantity, unit_price, amount FROM charges"
	" WHERE invoice_id IS NULL AND ?1 = 0 AND ?2 IS NOT NULL AND ?3 IS NOT NULL"
	" ORDER BY job_id, id";
static const char client_unbilled_entries_sql[] =
	"SELECT e.job_id, e.start, e.stop, e.nocharge, e.tech_id, e.id FROM entries e"
	" WHERE e.job_id IN (" CLIENT_JOBS ") AND " FB_UNBILLED("e.")
	" AND ?2 IS NOT NULL AND ?3 IS NOT NULL ORDER BY e.job_id, e.start, e.id";
static const char client_unbilled_charges_sql[] =
	"SELECT job_id, kind, description, quantity, unit_price, amount FROM charges"
	" WHERE invoice_id IS NULL AND job_id IN (" CLIENT_JOBS ")"
	" AND ?2 IS NOT NULL AND ?3 IS NOT NULL ORDER BY job_id, id";

/* What was done in a period [?2, ?3), by client ?1 (report compare). */
static const char period_entries_sql[] =
	"SELECT e.job_id, e.start, e.stop, e.nocharge, e.tech_id, e.id"
	" FROM entries e JOIN jobs j ON j.id = e.job_id"
	" WHERE j.client_id = ?1 AND e.billable = 1 AND e.stop IS NOT NULL"
	" AND e.start >= ?2 AND e.start < ?3 ORDER BY e.job_id, e.start, e.id";
static const char period_charges_sql[] =
	"SELECT ch.job_id, ch.kind, ch.description, ch.quantity,"
	" ch.unit_price, ch.amount FROM charges ch JOIN jobs j ON j.id = ch.job_id"
	" WHERE j.client_id = ?1 AND ?2 <= coalesce((SELECT min(e.start) FROM entries e"
	"  WHERE e.job_id = j.id AND e.billable = 1 AND e.stop IS NOT NULL), j.opened)"
	" AND ?3 > coalesce((SELECT min(e.start) FROM entries e"
	"  WHERE e.job_id = j.id AND e.billable = 1 AND e.stop IS NOT NULL), j.opened)"
	" ORDER BY ch.job_id, ch.id";

/*
 * Has an unbilled job's call-out minimum been decided already?  As
 * lib/invoice.c asks: a live invoice billed the job's labor.
 */
static const char unbilled_minimum_sql[] =
	"SELECT 1 FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
	" WHERE l.job_id = ?1 AND l.kind IN ('labor', 'minimum') AND i.kind = 'invoice'"
	" AND i.status <> 'void' AND ?2 IS NOT NULL LIMIT 1";
/* The minimum belongs to the period of the job's first billable work. */
static const char period_minimum_sql[] =
	"SELECT 1 FROM entries WHERE job_id = ?1 AND billable = 1"
	" AND stop IS NOT NULL AND start < ?2 LIMIT 1";

static int
is_labor(const struct fb_invoice_line *l)
{
	return strcmp(l->kind, "labor") == 0 || strcmp(l->kind, "minimum") == 0;
}

/*
 * Whether the minimum of job was billed before (minimum_sql, ?2 = arg),
 * and whether the job was opened on site (fb_work_onsite).
 */
static int
minimum_billed(struct fb_db *db, const struct fb_pricing_policy *p, const char *minimum_sql,
	       struct fb_pricing_job *job, int64_t arg, struct fb_err *err)
{
	int64_t one;
	int r;

	if (fb_work_onsite(db, p, job, err) < 0)
		return -1;
	if (p->minimum <= 0 && p->minimum_onsite <= 0)
		return 0;
	if ((r = fb_db_int(db, err, &one, minimum_sql, "ii", job->id, arg)) < 0)
		return -1;
	job->minimum_billed = r;
	return 0;
}

/* One client's unbilled work, totalled a job at a time. */
struct uclient {
	int64_t id;
	char *code;
	char *currency;
	struct fb_pricing_policy policy;
	struct fb_pricing_sum sum;
	int64_t jobs, seconds, billed;
};

struct unbilled {
	struct fb_db *db;
	struct uclient *v;	/* by id */
	size_t n, alloc;
	struct fb_invoice inv;	/* one job's lines */
};

static struct uclient *
uclient_of(struct unbilled *u, const struct fb_client *c, struct fb_err *err)
{
	size_t lo = 0, hi = u->n;
	struct uclient *uc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (u->v[mid].id < c->id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < u->n && u->v[lo].id == c->id)
		return &u->v[lo];
	fb_xgrow(&u->v, &u->alloc, u->n + 1, sizeof(*u->v));
	memmove(&u->v[lo + 1], &u->v[lo], (u->n - lo) * sizeof(*u->v));
	uc = &u->v[lo];
	memset(uc, 0, sizeof(*uc));
	u->n++;
	uc->id = c->id;
	uc->code = fb_xstrdup(c->code);
	uc->currency = fb_xstrdup(c->currency);
	if (fb_work_policy(u->db, c->id, &uc->policy, err) < 0)
		return NULL;
	uc->policy.amounts_only = 1;	/* sums alone are reported */
	return uc;
}

static int
unbilled_job(void *arg, const struct fb_client *c, struct fb_work_job *wj, struct fb_err *err)
{
	struct fb_pricing_job *job = &wj->job;
	int64_t seconds = wj->seconds;
	struct unbilled *u = arg;
	struct uclient *uc = uclient_of(u, c, err);

	if (uc == NULL ||
	    minimum_billed(u->db, &uc->policy, unbilled_minimum_sql, job, 0, err) < 0)
		return -1;
	fb_invoice_release(&u->inv);
	fb_invoice_init(&u->inv);
	if (fb_pricing_job(&uc->policy, job, &u->inv, err) < 0 ||
	    fb_pricing_sum_add(&uc->policy, &uc->sum, u->inv.lines, u->inv.nlines, err) < 0)
		return -1;
	for (size_t k = 0; k < u->inv.nlines; k++)
		if (is_labor(&u->inv.lines[k]) && u->inv.lines[k].billed_seconds > 0)
			uc->billed += u->inv.lines[k].billed_seconds;
	uc->jobs++;
	uc->seconds += seconds;
	return 0;
}

static int
uclient_cmp(const void *a, const void *b)
{
	return strcmp(((const struct uclient *)a)->code, ((const struct uclient *)b)->code);
}

int
fb_report_unbilled(struct fb_db *db, const struct fb_report_opts *o,
		   struct fb_report *r, struct fb_err *err)
{
	struct fb_table *t = &r->table;
	struct fb_client one;
	struct unbilled u;
	struct totals ts;
	int ret = -1, rc;

	memset(&ts, 0, sizeof(ts));
	memset(&u, 0, sizeof(u));
	memset(&one, 0, sizeof(one));
	u.db = db;
	fb_invoice_init(&u.inv);
	fb_table_col(t, "client", NULL, FB_COL_TEXT);
	fb_table_col(t, "jobs", NULL, FB_COL_INT);
	fb_table_col(t, "hours", NULL, FB_COL_NUMBER);
	fb_table_col(t, "billed_hours", "BILLED", FB_COL_NUMBER);
	fb_table_col(t, "amount", NULL, FB_COL_MONEY);
	fb_table_col(t, "tax", NULL, FB_COL_MONEY);
	fb_table_col(t, "total", NULL, FB_COL_MONEY);
	fb_table_col(t, "currency", NULL, FB_COL_TEXT);
	if (o->client_id) {
		if (fb_client_get(db, o->client_id, &one, err) < 0)
			goto out;
		int64_t p[4] = { o->client_id, 0, 0, 0 };

		rc = fb_work_each(db, &one, client_unbilled_entries_sql,
				  client_unbilled_charges_sql, p, unbilled_job, &u, err);
	} else {
		int64_t p[4] = { 0, 0, 0, 0 };

		rc = fb_work_each(db, NULL, unbilled_entries_sql, unbilled_charges_sql,
				  p, unbilled_job, &u, err);
	}
	if (rc != 0)
		goto out;
	if (u.n > 1)
		qsort(u.v, u.n, sizeof(*u.v), uclient_cmp);
	for (size_t i = 0; i < u.n; i++) {
		struct uclient *uc = &u.v[i];
		struct total *tot;
		int64_t subtotal, tax, total;

		if (fb_pricing_sum_totals(&uc->policy, &uc->sum, &subtotal, &tax, &total, err) < 0)
			goto out;
		fb_table_row(t);
		fb_table_set(t, 0, uc->code);
		fb_table_setf(t, 1, "%lld", (long long)uc->jobs);
		fb_table_take(t, 2, cell_time(o, uc->seconds));
		fb_table_take(t, 3, cell_time(o, uc->billed));
		fb_table_take(t, 4, cell_money(o, subtotal, uc->currency));
		fb_table_take(t, 5, cell_money(o, tax, uc->currency));
		fb_table_take(t, 6, cell_money(o, total, uc->currency));
		fb_table_set(t, 7, uc->currency);
		tot = total_of(&ts, uc->currency);
		tot->v[0] += uc->jobs;
		tot->v[1] += uc->seconds;
		tot->v[2] += uc->billed;
		if (add(&tot->v[3], subtotal, err) < 0 ||
		    add(&tot->v[4], tax, err) < 0 ||
		    add(&tot->v[5], total, err) < 0)
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
	for (size_t i = 0; i < u.n; i++) {
		free(u.v[i].code);
		free(u.v[i].currency);
		fb_pricing_policy_release(&u.v[i].policy);
		fb_pricing_sum_release(&u.v[i].sum);
	}
	free(u.v);
	fb_invoice_release(&u.inv);
	fb_client_release(&one);
	free(ts.t);
	return ret;
}

/* A client's work of a period, priced as one invoice would bill it (report compare). */
struct period_work {
	struct fb_db *db;
	const struct fb_pricing_policy *policy;
	struct fb_invoice *inv;
	int64_t from;
	int64_t seconds;
};

static int
period_job(void *arg, const struct fb_client *c, struct fb_work_job *wj, struct fb_err *err)
{
	struct fb_pricing_job *job = &wj->job;
	int64_t seconds = wj->seconds;
	struct period_work *pw = arg;

	(void)c;
	if (minimum_billed(pw->db, pw->policy, period_minimum_sql, job, pw->from, err) < 0)
		return -1;
	pw->seconds += seconds;
	return fb_pricing_job(pw->policy, job, pw->inv, err);
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
	struct fb_pricing_policy pol;
	struct period_work pw;
	int64_t labor_secs = 0;
	int ret = -1, rc;

	memset(cmp, 0, sizeof(*cmp));
	memset(&pw, 0, sizeof(pw));
	cmp->months = fb_period_months(&o->period);
	if (cmp->months <= 0 || o->period.start == INT64_MIN || o->period.end == INT64_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "'report compare' needs a closed period");
	memset(&c, 0, sizeof(c));
	if (fb_client_get(db, o->client_id, &c, err) < 0)
		return -1;
	snprintf(cmp->currency, sizeof(cmp->currency), "%s", c.currency);
	cmp->fee = fee >= 0 ? fee : c.managed_fee;
	/* Without --managed-fee, the plan the client is on says what it pays. */
	if (fee < 0) {
		char *first = fb_civil_date(&o->period.first), *last = fb_civil_date(&o->period.last);

		rc = fb_plan_monthly_fee(db, c.id, first, last, &cmp->fee, err);
		free(first);
		free(last);
		if (rc < 0) {
			fb_client_release(&c);
			return -1;
		}
	}
	if (cmp->fee < 0) {
		fb_err_set(err, FB_ERR_USAGE, "no managed fee for client '%s'", c.code);
		fb_err_hint(err, "give one with '--managed-fee AMOUNT' or "
			    "'fixbill client edit %s --managed-fee AMOUNT'", c.code);
		fb_client_release(&c);
		return -1;
	}
	fb_invoice_init(&inv);
	if (fb_work_policy(db, c.id, &pol, err) < 0)
		goto out;
	pw.db = db;
	pw.policy = &pol;
	pw.inv = &inv;
	pw.from = o->period.start;
	{
		int64_t p[4] = { c.id, o->period.start, o->period.end, 0 };

		rc = fb_work_each(db, &c, period_entries_sql, period_charges_sql, p,
				  period_job, &pw, err);
	}
	if (rc == 0 && fb_pricing_totals(&pol, &inv, err) < 0)
		rc = -1;
	fb_pricing_policy_release(&pol);
	if (rc != 0)
		goto out;
	labor_secs = pw.seconds;
	for (size_t i = 0; i < inv.nlines; i++)
		if (add(is_labor(&inv.lines[i]) ? &cmp->labor : &cmp->charges,
			inv.lines[i].amount, err) < 0)
			goto out;
	/*
	 * Downtime: each episode's [down_since, restored or resolved) inside
	 * the period, the current one's and those a reopen ended; a
	 * cancelled job was never real.
	 */
	if (fb_db_int(db, err, &cmp->downtime,
		      "SELECT coalesce(sum(max(0, min(u, ?3) - max(d, ?2))), 0) FROM ("
		      " SELECT down_since AS d, coalesce(restored, resolved) AS u FROM jobs"
		      " WHERE client_id = ?1 AND status <> 'cancelled'"
		      " UNION ALL SELECT p.down_since, coalesce(p.restored, p.resolved)"
		      " FROM job_episodes p JOIN jobs j ON j.id = p.job_id"
		      " WHERE j.client_id = ?1 AND j.status <> 'cancelled')"
		      " WHERE d IS NOT NULL AND u IS NOT NULL",
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
