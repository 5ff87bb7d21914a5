/*
 * test-rates.c - unit tests for lib/rates.c: the precedence of rate rules
 * (client and tier, client, tier, neither, billing.rate) and their
 * effective dates, and the unit conversions of rules of no client.
 */
#include "rates.h"
#include "unit.h"

#define ACME 1
#define BETA 2
#define T0 INT64_C(1790000000)	/* some instant in 2026 */
#define DAY INT64_C(86400)

/* A rule: client (0 any), tier (0 any), amount, effective (-1: since always). */
static struct fb_rate_rule
rule(int64_t id, int64_t client, int tier, int64_t amount, int64_t effective)
{
	struct fb_rate_rule r;

	r.id = id;
	r.client_id = client;
	r.tier = tier;
	r.amount = amount;
	r.has_effective = effective != -1;
	r.effective = effective == -1 ? 0 : effective;
	return r;
}

/* The rate, or -1 for none at all. */
static int64_t
rate(const struct fb_rate_rule *rules, size_t n, int64_t client, int tier,
     int64_t start, const int64_t *dflt)
{
	int64_t amount = -12345;

	if (fb_rate_resolve(rules, n, client, tier, start, dflt, &amount) == -2)
		return -1;
	return amount;
}

static void
test_precedence(void)
{
	int64_t dflt = 9000;
	struct fb_rate_rule rules[] = {
		rule(1, 0, FB_TIER_ANY, 9500, -1),	/* everyone */
		rule(2, 0, FB_TIER_L3, 15000, -1),	/* any client, L3 */
		rule(3, ACME, FB_TIER_ANY, 12000, -1),	/* acme, any tier */
		rule(4, ACME, FB_TIER_L3, 18000, -1),	/* acme, L3 */
	};
	size_t n = FB_ARRAY_SIZE(rules);

	/* Client and tier beat everything. */
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L3, T0, &dflt), 18000);
	CHECK_INT(fb_rate_resolve(rules, n, ACME, FB_TIER_L3, T0, &dflt, &dflt), 3);
	dflt = 9000;
	/* Client beats tier. */
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0, &dflt), 12000);
	/* Tier beats the rule of neither. */
	CHECK_INT(rate(rules, n, BETA, FB_TIER_L3, T0, &dflt), 15000);
	/* The rule of neither beats billing.rate. */
	CHECK_INT(rate(rules, n, BETA, FB_TIER_L1, T0, &dflt), 9500);
	/* Rule order in the array does not matter. */
	{
		struct fb_rate_rule rev[] = { rules[3], rules[2], rules[1], rules[0] };

		CHECK_INT(rate(rev, n, ACME, FB_TIER_L3, T0, &dflt), 18000);
		CHECK_INT(rate(rev, n, ACME, FB_TIER_L2, T0, &dflt), 12000);
		CHECK_INT(rate(rev, n, BETA, FB_TIER_L3, T0, &dflt), 15000);
		CHECK_INT(rate(rev, n, BETA, FB_TIER_L2, T0, &dflt), 9500);
	}
	/* Only billing.rate: it applies, and the index says so. */
	CHECK_INT(rate(rules, 0, ACME, FB_TIER_L1, T0, &dflt), 9000);
	CHECK_INT(fb_rate_resolve(rules, 0, ACME, FB_TIER_L1, T0, &dflt, &dflt), -1);
	/* Nothing at all. */
	CHECK_INT(rate(rules, 0, ACME, FB_TIER_L1, T0, NULL), -1);
	/* Rules of another client or tier never match. */
	CHECK_INT(rate(rules + 2, 2, BETA, FB_TIER_L3, T0, NULL), -1);
	CHECK_INT(rate(rules + 3, 1, ACME, FB_TIER_L2, T0, &dflt), 9000);
	/* A client+tier rule alone applies only to that pair. */
	CHECK_INT(rate(rules + 3, 1, ACME, FB_TIER_L3, T0, NULL), 18000);
	/* A tier rule applies to every client. */
	CHECK_INT(rate(rules + 1, 1, ACME, FB_TIER_L3, T0, NULL), 15000);
	CHECK_INT(rate(rules + 1, 1, BETA, FB_TIER_L3, T0, NULL), 15000);
	/* A zero rate is a rate (pro bono), not "none". */
	{
		struct fb_rate_rule zero[] = { rule(1, ACME, FB_TIER_ANY, 0, -1) };

		CHECK_INT(rate(zero, 1, ACME, FB_TIER_L1, T0, &dflt), 0);
	}
}

static void
test_effective(void)
{
	int64_t dflt = 9000;
	struct fb_rate_rule rules[] = {
		rule(1, ACME, FB_TIER_ANY, 10000, -1),
		rule(2, ACME, FB_TIER_ANY, 11000, T0),
		rule(3, ACME, FB_TIER_ANY, 12000, T0 + 30 * DAY),
	};
	size_t n = FB_ARRAY_SIZE(rules);

	/* Before every dated rule: "since always". */
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0 - 1, &dflt), 10000);
	/* On the very second a rule takes effect, it applies. */
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0, &dflt), 11000);
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0 + 1, &dflt), 11000);
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0 + 30 * DAY - 1, &dflt), 11000);
	/* The latest one on or before the start wins. */
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0 + 30 * DAY, &dflt), 12000);
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0 + 3650 * DAY, &dflt), 12000);
	/* Order in the array does not matter. */
	{
		struct fb_rate_rule rev[] = { rules[2], rules[0], rules[1] };

		CHECK_INT(rate(rev, n, ACME, FB_TIER_L1, T0 + 1, &dflt), 11000);
		CHECK_INT(rate(rev, n, ACME, FB_TIER_L1, T0 - 1, &dflt), 10000);
	}
	/* Without "since always", work before the first rule falls back. */
	CHECK_INT(rate(rules + 1, 2, ACME, FB_TIER_L1, T0 - 1, &dflt), 9000);
	CHECK_INT(rate(rules + 1, 2, ACME, FB_TIER_L1, T0 - 1, NULL), -1);
}

static void
test_effective_vs_specific(void)
{
	int64_t dflt = 9000;
	/*
	 * A more specific rule that is not yet in force does not match, so a
	 * less specific one applies until then; once in force it wins even
	 * over a later less specific rule.
	 */
	struct fb_rate_rule rules[] = {
		rule(1, 0, FB_TIER_L2, 13000, -1),
		rule(2, ACME, FB_TIER_L2, 16000, T0),
		rule(3, 0, FB_TIER_L2, 14000, T0 + DAY),
		rule(4, ACME, FB_TIER_ANY, 12000, T0 + 2 * DAY),
	};
	size_t n = FB_ARRAY_SIZE(rules);

	CHECK_INT(rate(rules, n, ACME, FB_TIER_L2, T0 - 1, &dflt), 13000);
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L2, T0, &dflt), 16000);
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L2, T0 + DAY, &dflt), 16000);
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L2, T0 + 5 * DAY, &dflt), 16000);
	/* Another tier of acme: the client rule once it is in force. */
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0 + DAY, &dflt), 9000);
	CHECK_INT(rate(rules, n, ACME, FB_TIER_L1, T0 + 2 * DAY, &dflt), 12000);
	/* Another client: tier rules by date. */
	CHECK_INT(rate(rules, n, BETA, FB_TIER_L2, T0, &dflt), 13000);
	CHECK_INT(rate(rules, n, BETA, FB_TIER_L2, T0 + DAY, &dflt), 14000);
	/* Client rule in force beats a client+tier rule that is not yet. */
	{
		struct fb_rate_rule r2[] = {
			rule(1, ACME, FB_TIER_ANY, 12000, -1),
			rule(2, ACME, FB_TIER_L3, 18000, T0),
		};

		CHECK_INT(rate(r2, 2, ACME, FB_TIER_L3, T0 - 1, NULL), 12000);
		CHECK_INT(rate(r2, 2, ACME, FB_TIER_L3, T0, NULL), 18000);
	}
}

static void
test_ties(void)
{
	/* Equally specific, same effective: the later rule (by id) wins. */
	struct fb_rate_rule rules[] = {
		rule(7, ACME, FB_TIER_ANY, 12500, T0),
		rule(3, ACME, FB_TIER_ANY, 12000, T0),
		rule(5, ACME, FB_TIER_ANY, 11000, -1),
		rule(9, ACME, FB_TIER_ANY, 11500, -1),
	};

	CHECK_INT(rate(rules, 4, ACME, FB_TIER_L1, T0, NULL), 12500);
	CHECK_INT(rate(rules, 4, ACME, FB_TIER_L1, T0 - 1, NULL), 11500);
	CHECK_INT(fb_rate_resolve(rules, 4, ACME, FB_TIER_L1, T0 - 1, NULL,
				  &(int64_t){ 0 }), 3);
	/* A dated rule beats "since always" of the same specificity. */
	CHECK_INT(rate(rules + 1, 3, ACME, FB_TIER_L1, T0, NULL), 12000);
	/* Effective instants far apart, even negative (before 1970). */
	{
		struct fb_rate_rule old[] = {
			rule(1, 0, FB_TIER_ANY, 100, -DAY),
			rule(2, 0, FB_TIER_ANY, 200, INT64_MIN),
		};

		CHECK_INT(rate(old, 2, ACME, FB_TIER_L1, 0, NULL), 100);
		CHECK_INT(rate(old, 2, ACME, FB_TIER_L1, -2 * DAY, NULL), 200);
		CHECK_INT(rate(old, 2, ACME, FB_TIER_L1, INT64_MIN, NULL), 200);
	}
}

static void
test_tiers_and_units(void)
{
	int64_t v = -1;

	CHECK_INT(fb_tier_parse(NULL), FB_TIER_ANY);
	CHECK_INT(fb_tier_parse("L1"), FB_TIER_L1);
	CHECK_INT(fb_tier_parse("L2"), FB_TIER_L2);
	CHECK_INT(fb_tier_parse("L3"), FB_TIER_L3);
	CHECK_INT(fb_tier_parse("l1"), -1);
	CHECK_INT(fb_tier_parse("L4"), -1);
	CHECK_INT(fb_tier_parse(""), -1);

	/* Thousandths to minor units and back. */
	CHECK_INT(fb_rate_from_milli(95500, "USD", &v), 0);
	CHECK_INT(v, 9550);
	CHECK_INT(fb_rate_from_milli(95500, "JPY", &v), 0);
	CHECK_INT(v, 96);	/* half away from zero */
	CHECK_INT(fb_rate_from_milli(95499, "JPY", &v), 0);
	CHECK_INT(v, 95);
	CHECK_INT(fb_rate_from_milli(95125, "KWD", &v), 0);
	CHECK_INT(v, 95125);
	CHECK_INT(fb_rate_from_milli(95125, "USD", &v), 0);
	CHECK_INT(v, 9513);
	CHECK_INT(fb_rate_to_milli(9550, "USD", &v), 0);
	CHECK_INT(v, 95500);
	CHECK_INT(fb_rate_to_milli(96, "JPY", &v), 0);
	CHECK_INT(v, 96000);
	CHECK_INT(fb_rate_to_milli(95125, "KWD", &v), 0);
	CHECK_INT(v, 95125);
	CHECK_INT(fb_rate_to_milli(INT64_MAX / 10, "JPY", &v), -1);
}

int
main(void)
{
	test_precedence();
	test_effective();
	test_effective_vs_specific();
	test_ties();
	test_tiers_and_units();
	return unit_done();
}
