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

int
fb_work_onsite(struct fb_db *db, const struct fb_pricing_policy *p, struct fb_pricing_job *job,
	       struct fb_err *err)
{
	int64_t on = 0;
	int rc;

	job->onsite = 0;
	if (p->minimum_onsite < 0 || p->minimum_onsite == p->minimum)
		return 0;
	if ((rc = fb_db_int(db, err, &on, "SELECT onsite FROM jobs WHERE id = ?", "i",
			    job->id)) < 0)
		return -1;
	job->onsite = rc > 0 && on != 0;
	return 0;
}

/*
 * The technicians by id: their tiers, for the entries' rates, and name.
 * A technician's earlier tiers (tech_tiers, SPEC section 2) are few: an
 * entry's is the first whose until is after its start, else the current.
 */
struct tier_was {
	int64_t until;
	int tier;
};

struct tech {
	int64_t id;
	int tier;		/* the current one */
	struct tier_was *was;	/* the earlier ones, by until */
	size_t nwas, awas;
	char *name;
};

struct tiers {
	struct tech *v;
	size_t n, alloc;
};

/* Technician id; NULL for one that does not exist. */
static struct tech *
tiers_of(const struct tiers *t, int64_t id)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->v[lo].id == id ? &t->v[lo] : NULL;
}

static int
tiers_load(struct fb_db *db, struct tiers *t, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, "SELECT id, tier, coalesce(name, handle)"
					   " FROM techs ORDER BY id", err);
	int rc;

	memset(t, 0, sizeof(*t));
	if (st == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&t->v, &t->alloc, t->n + 1, sizeof(*t->v));
		memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
		t->v[t->n].id = fb_stmt_int(st, 0);
		t->v[t->n].tier = fb_tier_parse(fb_stmt_text(st, 1));
		t->v[t->n++].name = fb_stmt_dup(st, 2);
	}
	fb_stmt_reset(st);
	if (rc < 0 || (st = fb_db_prepare(db, "SELECT tech_id, until, tier FROM tech_tiers"
					  " ORDER BY tech_id, until", err)) == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct tech *x = tiers_of(t, fb_stmt_int(st, 0));

		if (x == NULL)
			continue;
		fb_xgrow(&x->was, &x->awas, x->nwas + 1, sizeof(*x->was));
		x->was[x->nwas].until = fb_stmt_int(st, 1);
		x->was[x->nwas++].tier = fb_tier_parse(fb_stmt_text(st, 2));
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

/* The tier of x's work starting at start (fb_tech_tier_at's rule). */
static int
tier_at(const struct tech *x, int64_t start)
{
	for (size_t i = 0; i < x->nwas; i++)
		if (x->was[i].until > start)
			return x->was[i].tier;
	return x->tier;
}

static void
tiers_release(struct tiers *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].was);
		free(t->v[i].name);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static struct fb_stmt *
prepare4(struct fb_db *db, const char *sql, const int64_t p[4], struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, sql, err);

	if (st == NULL)
		return NULL;
	/* A statement that uses fewer parameters ignores the rest. */
	for (int i = 0; i < 4; i++)
		fb_stmt_bind_int(st, i + 1, p[i]);
	return st;
}

static enum fb_pricing_charge_kind
charge_kind(const char *kind)
{
	if (kind && strcmp(kind, "part") == 0)
		return FB_CHARGE_PART;
	if (kind && strcmp(kind, "discount") == 0)
		return FB_CHARGE_DISCOUNT;
	return kind && strcmp(kind, "trip") == 0 ? FB_CHARGE_TRIP : FB_CHARGE_FLAT;
}

/* A client met while reading every client's work, with its rates. */
struct wclient {
	struct fb_client c;
	struct fb_rates rates;
};

/* The clients met so far, by id. */
struct wclients {
	struct wclient *v;
	size_t n, alloc;
};

static void
wclients_release(struct wclients *w)
{
	for (size_t i = 0; i < w->n; i++) {
		fb_client_release(&w->v[i].c);
		fb_rates_release(&w->v[i].rates);
	}
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/*
 * The client of job id, its rates loaded on first use; NULL on error.
 * *cancelled says the job was cancelled: nothing of it is ever billed
 * (SPEC section 16).
 */
static struct wclient *
wclient_of_job(struct fb_db *db, struct wclients *w, int64_t job, int *cancelled,
	       struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, "SELECT client_id, status = 'cancelled'"
					   " FROM jobs WHERE id = ?1", err);
	int64_t id;
	size_t lo = 0, hi = w->n;
	struct wclient *wc;
	int rc;

	if (st == NULL)
		return NULL;
	fb_stmt_bind_int(st, 1, job);
	if ((rc = fb_stmt_step(st, err)) <= 0) {
		fb_stmt_reset(st);
		if (rc == 0)
			fb_err_set(err, FB_ERR_RUNTIME, "cannot price job %lld: it has no client",
				   (long long)job);
		return NULL;
	}
	id = fb_stmt_int(st, 0);
	*cancelled = fb_stmt_int(st, 1) != 0;
	fb_stmt_reset(st);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->v[mid].c.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < w->n && w->v[lo].c.id == id)
		return &w->v[lo];
	fb_xgrow(&w->v, &w->alloc, w->n + 1, sizeof(*w->v));
	memmove(&w->v[lo + 1], &w->v[lo], (w->n - lo) * sizeof(*w->v));
	wc = &w->v[lo];
	memset(wc, 0, sizeof(*wc));
	w->n++;
	if (fb_client_get(db, id, &wc->c, err) < 0 ||
	    fb_rates_load(db, id, wc->c.currency, &wc->rates, err) < 0)
		return NULL;
	return wc;
}

int
fb_work_each(struct fb_db *db, const struct fb_client *c,
	     const char *entries_sql, const char *charges_sql, const int64_t p[4],
	     int (*cb)(void *arg, const struct fb_client *c, struct fb_work_job *wj,
		       struct fb_err *err),
	     void *arg, struct fb_err *err)
{
	struct fb_pricing_entry *entries = NULL;
	struct fb_pricing_charge *charges = NULL;
	int64_t *techs = NULL;
	size_t *notes = NULL;		/* offsets in text plus one; 0: none */
	size_t aentries = 0, acharges = 0, atechs = 0, anotes = 0;
	struct fb_buf text = FB_BUF_INIT;
	struct fb_stmt *es = NULL, *cs = NULL;
	struct wclients clients;
	struct wclient one;
	struct tiers tiers;
	int he = 0, hc = 0, rc = -1, with_notes;

	memset(&clients, 0, sizeof(clients));
	memset(&one, 0, sizeof(one));
	memset(&tiers, 0, sizeof(tiers));
	if (c) {
		one.c = *c;
		if (fb_rates_load(db, c->id, c->currency, &one.rates, err) < 0)
			return -1;
	}
	if (tiers_load(db, &tiers, err) < 0 ||
	    (es = prepare4(db, entries_sql, p, err)) == NULL ||
	    (cs = prepare4(db, charges_sql, p, err)) == NULL)
		goto out;
	with_notes = fb_stmt_columns(es) > 6;
	he = fb_stmt_step(es, err);
	hc = he < 0 ? 0 : fb_stmt_step(cs, err);
	/* Both lists are in job order: merge them a job at a time. */
	while (he == 1 || hc == 1) {
		struct fb_work_job wj;
		struct wclient *wc = &one;
		int64_t id;
		size_t ne = 0, nc = 0;
		int r, cancelled = 0;

		if (he == 1 && (hc != 1 || fb_stmt_int(es, 0) <= fb_stmt_int(cs, 0)))
			id = fb_stmt_int(es, 0);
		else
			id = fb_stmt_int(cs, 0);
		if (c == NULL && (wc = wclient_of_job(db, &clients, id, &cancelled, err)) == NULL)
			goto out;
		if (cancelled) {
			while (he == 1 && fb_stmt_int(es, 0) == id)
				he = fb_stmt_step(es, err);
			while (hc == 1 && fb_stmt_int(cs, 0) == id)
				hc = fb_stmt_step(cs, err);
			continue;
		}
		memset(&wj, 0, sizeof(wj));
		fb_buf_reset(&text);
		for (; he == 1 && fb_stmt_int(es, 0) == id; he = fb_stmt_step(es, err)) {
			const struct tech *t = tiers_of(&tiers, fb_stmt_int(es, 4));
			const char *note = with_notes ? fb_stmt_text(es, 6) : NULL;
			struct fb_pricing_entry *e;

			fb_xgrow(&entries, &aentries, ne + 1, sizeof(*entries));
			fb_xgrow(&techs, &atechs, ne + 1, sizeof(*techs));
			fb_xgrow(&notes, &anotes, ne + 1, sizeof(*notes));
			e = &entries[ne];
			memset(e, 0, sizeof(*e));
			techs[ne] = fb_stmt_int(es, 4);
			/* The note's text lives until the next step: keep a copy. */
			notes[ne] = 0;
			if (note) {
				notes[ne] = text.len + 1;
				fb_buf_add(&text, note, strlen(note) + 1);
			}
			ne++;
			e->start = fb_stmt_int(es, 1);
			e->stop = fb_stmt_int(es, 2);
			e->nocharge = (int)fb_stmt_int(es, 3);
			e->tech = t ? t->name : NULL;
			wj.seconds += e->stop - e->start;
			if (fb_rate_resolve(wc->rates.rules, wc->rates.n, wc->c.id,
					    t ? tier_at(t, e->start) : FB_TIER_ANY, e->start,
					    wc->rates.has_default ? &wc->rates.dflt : NULL,
					    &e->rate) == -2) {
				fb_err_set(err, FB_ERR_REFUSED,
					   "cannot price entry %lld of job %lld: no hourly rate applies",
					   (long long)fb_stmt_int(es, 5), (long long)id);
				fb_err_hint(err, "set one with 'fixbill rate set AMOUNT' or "
					    "'fixbill config set billing.rate AMOUNT'");
				goto out;
			}
		}
		for (size_t i = 0; i < ne; i++)
			entries[i].note = notes[i] ? text.buf + notes[i] - 1 : NULL;
		for (; hc == 1 && fb_stmt_int(cs, 0) == id; hc = fb_stmt_step(cs, err)) {
			struct fb_pricing_charge *ch;

			fb_xgrow(&charges, &acharges, nc + 1, sizeof(*charges));
			ch = &charges[nc++];
			ch->kind = charge_kind(fb_stmt_text(cs, 1));
			ch->description = fb_stmt_dup(cs, 2);
			ch->quantity = fb_stmt_int(cs, 3);
			ch->unit_price = fb_stmt_int(cs, 4);
			ch->amount = fb_stmt_int(cs, 5);
		}
		r = -1;
		if (he >= 0 && hc >= 0) {
			wj.job.id = id;
			wj.job.entries = entries;
			wj.job.nentries = ne;
			wj.job.charges = charges;
			wj.job.ncharges = nc;
			wj.tech_ids = techs;
			r = cb(arg, &wc->c, &wj, err);
		}
		for (size_t i = 0; i < nc; i++)
			free((char *)charges[i].description);
		if (r != 0) {
			rc = r;
			goto out;
		}
	}
	if (he < 0 || hc < 0)
		goto out;
	rc = 0;
out:
	if (es)
		fb_stmt_reset(es);
	if (cs)
		fb_stmt_reset(cs);
	free(entries);
	free(charges);
	free(techs);
	free(notes);
	fb_buf_release(&text);
	tiers_release(&tiers);
	if (c)
		fb_rates_release(&one.rates);
	wclients_release(&clients);
	return rc;
}
