/*
 * rates.c - the rate rule of SPEC section 2 as a pure function, and the
 * one query that loads a client's rules for it.
 */
#include "rates.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "money.h"

int
fb_tier_parse(const char *s)
{
	if (s == NULL)
		return FB_TIER_ANY;
	if (strcmp(s, "L1") == 0)
		return FB_TIER_L1;
	if (strcmp(s, "L2") == 0)
		return FB_TIER_L2;
	if (strcmp(s, "L3") == 0)
		return FB_TIER_L3;
	return -1;
}

/* 3 client and tier, 2 client, 1 tier, 0 neither. */
static int
specificity(const struct fb_rate_rule *r)
{
	return (r->client_id != 0 ? 2 : 0) + (r->tier != FB_TIER_ANY ? 1 : 0);
}

/* 1 when a takes precedence over b, both matching. */
static int
better(const struct fb_rate_rule *a, const struct fb_rate_rule *b)
{
	int sa = specificity(a), sb = specificity(b);

	if (sa != sb)
		return sa > sb;
	if (a->has_effective != b->has_effective)
		return a->has_effective;
	if (a->has_effective && a->effective != b->effective)
		return a->effective > b->effective;
	return a->id > b->id;
}

int
fb_rate_resolve(const struct fb_rate_rule *rules, size_t n,
		int64_t client_id, int tier, int64_t start,
		const int64_t *dflt, int64_t *amount)
{
	const struct fb_rate_rule *best = NULL;

	for (size_t i = 0; i < n; i++) {
		const struct fb_rate_rule *r = &rules[i];

		if (r->client_id != 0 && r->client_id != client_id)
			continue;
		if (r->tier != FB_TIER_ANY && r->tier != tier)
			continue;
		if (r->has_effective && r->effective > start)
			continue;
		if (best == NULL || better(r, best))
			best = r;
	}
	if (best) {
		*amount = best->amount;
		return (int)(best - rules);
	}
	if (dflt) {
		*amount = *dflt;
		return -1;
	}
	return -2;
}

static int64_t
pow10i(int n)
{
	int64_t p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

static int
decimals(const char *currency)
{
	int d = fb_currency_decimals(currency);

	return d < 0 ? 2 : d;
}

int
fb_rate_from_milli(int64_t milli, const char *currency, int64_t *out)
{
	return fb_muldiv_round(milli, pow10i(decimals(currency)), 1000, out);
}

int
fb_rate_to_milli(int64_t minor, const char *currency, int64_t *out)
{
	int64_t f = pow10i(3 - decimals(currency));

	if (minor > INT64_MAX / f || minor < INT64_MIN / f)
		return -1;
	*out = minor * f;
	return 0;
}

void
fb_rates_release(struct fb_rates *r)
{
	free(r->rules);
	memset(r, 0, sizeof(*r));
}

int
fb_rates_load(struct fb_db *db, int64_t client_id, const char *currency,
	      struct fb_rates *r, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	char *rate = NULL;
	int rc;

	memset(r, 0, sizeof(*r));
	st = fb_db_prepare(db, "SELECT id, client_id, tier, amount, effective FROM rates"
			   " WHERE client_id IS NULL OR client_id = ?", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_rate_rule *x;

		fb_xgrow(&r->rules, &alloc, r->n + 1, sizeof(*r->rules));
		x = &r->rules[r->n++];
		x->id = fb_stmt_int(st, 0);
		x->client_id = fb_stmt_isnull(st, 1) ? 0 : fb_stmt_int(st, 1);
		x->tier = fb_tier_parse(fb_stmt_text(st, 2));
		x->amount = fb_stmt_int(st, 3);
		x->has_effective = !fb_stmt_isnull(st, 4);
		x->effective = x->has_effective ? fb_stmt_int(st, 4) : 0;
		if (x->client_id == 0 &&
		    fb_rate_from_milli(x->amount, currency, &x->amount) < 0) {
			fb_stmt_reset(st);
			rc = fb_err_set(err, FB_ERR_RUNTIME, "rate %lld is too large",
					(long long)x->id);
			break;
		}
	}
	fb_stmt_reset(st);
	if (rc == 0 && fb_config_get_for(db, client_id, "billing.rate", &rate, NULL, err) > 0) {
		int64_t milli;

		if (fb_parse_decimal(rate, 3, 0, &milli, NULL) < 0 ||
		    fb_rate_from_milli(milli, currency, &r->dflt) < 0)
			rc = fb_err_set(err, FB_ERR_RUNTIME, "invalid billing.rate '%s'", rate);
		else
			r->has_default = 1;
	}
	free(rate);
	if (rc < 0) {
		fb_rates_release(r);
		return -1;
	}
	return 0;
}

static const char *const tier_names[] = { NULL, "L1", "L2", "L3" };

int
fb_rate_set(struct fb_db *db, int64_t client_id, int tier, int64_t amount,
	    int has_effective, int64_t effective, int64_t now, int64_t *id,
	    struct fb_err *err)
{
	const char *t = tier > 0 && tier <= 3 ? tier_names[tier] : NULL;
	struct fb_stmt *st;
	int64_t old = 0;
	int rc;

	st = fb_db_prepare(db, "SELECT id FROM rates WHERE client_id IS ?1 AND tier IS ?2"
			   " AND effective IS ?3 ORDER BY id DESC LIMIT 1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_opt(st, 1, client_id, client_id == 0);
	fb_stmt_bind_text(st, 2, t);
	fb_stmt_bind_opt(st, 3, effective, !has_effective);
	rc = fb_stmt_step(st, err);
	if (rc == 1)
		old = fb_stmt_int(st, 0);
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (fb_db_exec(db, err, "UPDATE rates SET amount = ? WHERE id = ?", "ii",
			       amount, old) < 0)
			return -1;
	} else {
		st = fb_db_prepare(db, "INSERT INTO rates (client_id, tier, amount,"
				   " effective, created) VALUES (?, ?, ?, ?, ?)", err);
		if (st == NULL)
			return -1;
		fb_stmt_bind_opt(st, 1, client_id, client_id == 0);
		fb_stmt_bind_text(st, 2, t);
		fb_stmt_bind_int(st, 3, amount);
		fb_stmt_bind_opt(st, 4, effective, !has_effective);
		fb_stmt_bind_int(st, 5, now);
		if (fb_stmt_step(st, err) < 0)
			return -1;
		fb_stmt_reset(st);
		old = fb_db_last_id(db);
	}
	if (id)
		*id = old;
	return 0;
}

int
fb_rate_remove(struct fb_db *db, int64_t id, struct fb_err *err)
{
	if (fb_db_exec(db, err, "DELETE FROM rates WHERE id = ?", "i", id) < 0)
		return -1;
	if (fb_db_changes(db) == 0)
		return fb_err_set(err, FB_ERR_NOTFOUND, "unknown rate %lld", (long long)id);
	return 0;
}

int
fb_rate_of_client(struct fb_db *db, int64_t client_id, int64_t at,
		  int64_t *amount, struct fb_err *err)
{
	/* "Since always" sorts before every instant. */
	return fb_db_int(db, err, amount, "SELECT amount FROM rates WHERE client_id = ?"
			 " AND tier IS NULL AND (effective IS NULL OR effective <= ?)"
			 " ORDER BY effective IS NOT NULL DESC, effective DESC, id DESC LIMIT 1",
			 "ii", client_id, at);
}

int
fb_rates_rescale(struct fb_db *db, int64_t client_id, const char *from,
		 const char *to, struct fb_err *err)
{
	struct fb_stmt *st;
	int64_t *ids = NULL, *amounts = NULL;
	size_t n = 0, aids = 0, aam = 0;
	int rc;

	st = fb_db_prepare(db, "SELECT id, amount FROM rates WHERE client_id = ?", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		int64_t milli;

		fb_xgrow(&ids, &aids, n + 1, sizeof(*ids));
		fb_xgrow(&amounts, &aam, n + 1, sizeof(*amounts));
		ids[n] = fb_stmt_int(st, 0);
		if (fb_rate_to_milli(fb_stmt_int(st, 1), from, &milli) < 0 ||
		    fb_rate_from_milli(milli, to, &amounts[n]) < 0) {
			fb_stmt_reset(st);
			rc = fb_err_set(err, FB_ERR_REFUSED, "rate %lld is too large in %s",
					(long long)ids[n], to);
			break;
		}
		n++;
	}
	fb_stmt_reset(st);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (fb_db_exec(db, err, "UPDATE rates SET amount = ? WHERE id = ?", "ii",
			       amounts[i], ids[i]) < 0)
			rc = -1;
	free(ids);
	free(amounts);
	return rc < 0 ? -1 : 0;
}

int
fb_rate_list(struct fb_db *db, int64_t client_id, struct fb_rate_row **rows,
	     size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT r.id, r.client_id, r.tier, r.amount, r.effective,"
			   " c.code, c.currency FROM rates r LEFT JOIN clients c ON c.id = r.client_id"
			   " WHERE ?1 = 0 OR r.client_id IS NULL OR r.client_id = ?1"
			   " ORDER BY c.code IS NOT NULL, c.code, r.tier IS NOT NULL, r.tier,"
			   " r.effective IS NOT NULL, r.effective, r.id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_rate_row *x;

		fb_xgrow(rows, &alloc, *n + 1, sizeof(**rows));
		x = &(*rows)[(*n)++];
		memset(x, 0, sizeof(*x));
		x->rule.id = fb_stmt_int(st, 0);
		x->rule.client_id = fb_stmt_isnull(st, 1) ? 0 : fb_stmt_int(st, 1);
		x->rule.tier = fb_tier_parse(fb_stmt_text(st, 2));
		x->rule.amount = fb_stmt_int(st, 3);
		x->rule.has_effective = !fb_stmt_isnull(st, 4);
		x->rule.effective = x->rule.has_effective ? fb_stmt_int(st, 4) : 0;
		x->client = fb_stmt_dup(st, 5);
		x->currency = fb_stmt_dup(st, 6);
		if (x->client && x->currency == NULL)
			x->currency = fb_xstrdup(fb_config_currency(db));
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_rate_rows_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_rate_rows_free(struct fb_rate_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].client);
		free(rows[i].currency);
	}
	free(rows);
}
