/*
 * rates.h - which hourly rate applies to a piece of work (SPEC section 2).
 *
 * A rate rule names a client or not, a tier or not, an amount and the
 * instant it takes effect (or none: since always).  For an entry of a
 * client, logged by a technician of a tier, starting at an instant, the
 * rate is that of the most specific rule that matches it:
 *
 *   client and tier  >  client  >  tier  >  neither  >  billing.rate
 *
 * and among rules equally specific, the one with the latest effective
 * instant on or before the entry's start ("since always" is earliest;
 * on a tie the later rule, by id, wins).  A rule that takes effect after
 * the start does not match at all, so an older, less specific rule can
 * apply instead.
 *
 * fb_rate_resolve is pure (no database): the pricing code and the unit
 * tests call it with rules loaded once by fb_rates_load.
 *
 * Storage: a rule of a client holds minor units of that client's
 * currency; a rule of no client holds thousandths of a currency unit
 * (like billing.rate, "95.5" = 95500), since it applies in whatever
 * currency each client is billed.  fb_rates_load converts to the
 * client's minor units, so callers of fb_rate_resolve see one unit.
 */
#ifndef FB_RATES_H
#define FB_RATES_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "util.h"

/* Tiers: 0 is "any tier" in a rule. */
enum fb_tier {
	FB_TIER_ANY = 0,
	FB_TIER_L1 = 1,
	FB_TIER_L2 = 2,
	FB_TIER_L3 = 3
};

/* "L1".."L3" -> 1..3; 0 for NULL; -1 for anything else. */
int fb_tier_parse(const char *s);

struct fb_rate_rule {
	int64_t id;		/* breaks ties: the later rule wins */
	int64_t client_id;	/* 0: any client */
	int tier;		/* enum fb_tier; FB_TIER_ANY: any tier */
	int64_t amount;		/* per hour, minor units of the client's currency */
	int has_effective;	/* 0: since always */
	int64_t effective;	/* first instant the rule applies */
};

/*
 * The rate for work of client_id by a technician of tier starting at
 * start.  dflt is billing.rate in the client's minor units, or NULL when
 * it is not set.  Returns the index of the rule that applies, -1 when
 * the default applies, or -2 when nothing does (no rule, no default);
 * *amount is set unless -2.
 */
int fb_rate_resolve(const struct fb_rate_rule *rules, size_t n,
		    int64_t client_id, int tier, int64_t start,
		    const int64_t *dflt, int64_t *amount);

/* The rates of one client, ready for fb_rate_resolve. */
struct fb_rates {
	struct fb_rate_rule *rules;
	size_t n;
	int has_default;
	int64_t dflt;		/* billing.rate in the client's minor units */
};

/*
 * Load every rule that can apply to client_id (its own and those of no
 * client) and billing.rate (the client's own when it has one), in one
 * query plus the setting, all in minor units of currency (the client's).
 * Release with fb_rates_release.
 */
int fb_rates_load(struct fb_db *db, int64_t client_id, const char *currency,
		  struct fb_rates *r, struct fb_err *err);
void fb_rates_release(struct fb_rates *r);

/*
 * Convert thousandths of a currency unit (a rule of no client,
 * billing.rate) to minor units of currency, rounding half away from
 * zero.  -1 on overflow.
 */
int fb_rate_from_milli(int64_t milli, const char *currency, int64_t *out);
/* And back: minor units of currency to thousandths (exact).  -1 on overflow. */
int fb_rate_to_milli(int64_t minor, const char *currency, int64_t *out);

/*
 * Storing rules (cmd/rate.c, cmd/client.c).  Amounts here are as stored
 * (see above): minor units of the client's currency for a client's rule,
 * thousandths for a rule of no client.
 */

/*
 * Set the rule for (client_id or 0, tier, effective or none): a rule with
 * exactly that key gets the new amount, else a new rule is added.  *id
 * (may be NULL) is the rule's id.
 */
int fb_rate_set(struct fb_db *db, int64_t client_id, int tier, int64_t amount,
		int has_effective, int64_t effective, int64_t now, int64_t *id,
		struct fb_err *err);
/* Remove rule id; FB_ERR_NOTFOUND: unknown rate 7. */
int fb_rate_remove(struct fb_db *db, int64_t id, struct fb_err *err);
/*
 * The client-wide rate of a client (its rule without a tier) in force at
 * at: 1 with *amount (minor units), 0 when it has none, -1 on error.
 */
int fb_rate_of_client(struct fb_db *db, int64_t client_id, int64_t at,
		      int64_t *amount, struct fb_err *err);
/*
 * A client's currency changes from one to another: rescale its rules so
 * each keeps its number ("120.00" USD becomes "120" JPY, rounded).
 */
int fb_rates_rescale(struct fb_db *db, int64_t client_id, const char *from,
		     const char *to, struct fb_err *err);

/* A stored rule, for listing. */
struct fb_rate_row {
	struct fb_rate_rule rule;	/* amount as stored */
	char *client;			/* code, or NULL for any client */
	char *currency;			/* the client's, or NULL */
};

/*
 * The rules, by client code (rules of no client first), tier and
 * effective; only client_id's and those of no client when client_id is
 * not 0.  *rows is the caller's: fb_rate_rows_free.
 */
int fb_rate_list(struct fb_db *db, int64_t client_id, struct fb_rate_row **rows,
		 size_t *n, struct fb_err *err);
void fb_rate_rows_free(struct fb_rate_row *rows, size_t n);

#endif
