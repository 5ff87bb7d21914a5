/*
 * rate.c - `fixbill rate`: hourly rates by client, technician tier and
 * date.  Each rule may name a client, a tier, both or neither, and the
 * date it takes effect; work is priced by the most specific rule in
 * force when it started, else by billing.rate (lib/rates.h has the
 * whole rule).  Dated rules let a price rise next month without
 * re-pricing the work already done.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "config.h"
#include "json.h"
#include "money.h"
#include "rates.h"
#include "table.h"
#include "when.h"

static const char *const tier_names[] = { NULL, "L1", "L2", "L3" };

/* The rule's amount in minor units of the currency it is shown in. */
static int
rule_amount(struct cmd_ctx *ctx, const struct fb_rate_row *r, const char **currency,
	    int64_t *amount)
{
	if (r->client) {
		*currency = r->currency;
		*amount = r->rule.amount;
		return 0;
	}
	*currency = fb_config_currency(ctx->db);
	return fb_rate_from_milli(r->rule.amount, *currency, amount);
}

/* A dated rule shows its date, or its time when it starts within a day. */
static char *
effective_text(const struct fb_rate_rule *r)
{
	struct fb_civil c;

	if (!r->has_effective)
		return NULL;
	fb_utc_to_local(r->effective, &c, NULL, NULL);
	if (c.hour == 0 && c.min == 0 && c.sec == 0)
		return fb_when_date(r->effective);
	return fb_when_short(r->effective);
}

static struct fb_json *
rate_json(struct cmd_ctx *ctx, const struct fb_rate_row *r)
{
	struct fb_json *o = fb_json_object();
	const char *currency;
	int64_t amount;

	fb_json_set_int(o, "id", r->rule.id);
	fb_json_set_str(o, "client", r->client);
	fb_json_set_str(o, "tier", tier_names[r->rule.tier > 0 ? r->rule.tier : 0]);
	if (rule_amount(ctx, r, &currency, &amount) == 0)
		fb_json_set_money(o, "amount", amount, currency);
	else
		fb_json_set_null(o, "amount");
	fb_json_set_str(o, "currency", currency);
	fb_json_set_time(o, "effective", r->rule.effective, !r->rule.has_effective);
	return o;
}

struct set_opts {
	const char *client;
	const char *tier;
	struct opt_num from;
	int tier_n;
};

static int
check_set(struct cmd_ctx *ctx, void *opts)
{
	struct set_opts *o = opts;

	(void)ctx;
	if ((o->tier_n = fb_tier_parse(o->tier)) < 0)
		return cmd_error(FB_ERR_USAGE, "invalid tier '%s': want L1, L2 or L3", o->tier);
	return 0;
}

static int
rate_set(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct set_opts *o = opts;
	struct fb_client c;
	const char *currency;
	int64_t amount, id;

	memset(&c, 0, sizeof(c));
	if (o->client && fb_client_find(ctx->db, o->client, &c, &err) < 0)
		return cmd_fail(&err);
	currency = o->client ? c.currency : fb_config_currency(ctx->db);
	if (fb_money_parse(ctx->argv[0], currency, 0, &amount, &err) < 0)
		goto fail;
	/* A rule of no client is kept in thousandths: see lib/rates.h. */
	if (!o->client && fb_rate_to_milli(amount, currency, &amount) < 0) {
		fb_err_set(&err, FB_ERR_USAGE, "invalid amount '%s': too large", ctx->argv[0]);
		goto fail;
	}
	if (fb_rate_set(ctx->db, o->client ? c.id : 0, o->tier_n, amount, o->from.arg != NULL,
			o->from.v, ctx->now, &id, &err) < 0)
		goto fail;
	fb_client_release(&c);
	if (ctx->json) {
		struct fb_rate_row *rows;
		size_t n;

		if (fb_rate_list(ctx->db, 0, &rows, &n, &err) < 0)
			return cmd_fail(&err);
		for (size_t i = 0; i < n; i++) {
			if (rows[i].rule.id == id) {
				struct fb_json *j = rate_json(ctx, &rows[i]);

				fb_json_write(j, stdout);
				fb_json_free(j);
			}
		}
		fb_rate_rows_free(rows, n);
	} else if (!ctx->quiet)
		printf("rate %lld\n", (long long)id);
	return 0;
fail:
	fb_client_release(&c);
	return cmd_fail(&err);
}

struct list_opts {
	const char *client;
};

static int
rate_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct list_opts *o = opts;
	struct fb_client c;
	struct fb_rate_row *rows;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;

	memset(&c, 0, sizeof(c));
	if (o->client && fb_client_find(ctx->db, o->client, &c, &err) < 0)
		return cmd_fail(&err);
	if (fb_rate_list(ctx->db, c.id, &rows, &n, &err) < 0) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	fb_client_release(&c);
	fb_table_init(&t);
	fb_table_col(&t, "id", NULL, FB_COL_INT);
	fb_table_col(&t, "client", NULL, FB_COL_TEXT);
	fb_table_col(&t, "tier", NULL, FB_COL_TEXT);
	fb_table_col(&t, "amount", "RATE", FB_COL_MONEY);
	fb_table_col(&t, "currency", NULL, FB_COL_TEXT);
	fb_table_col(&t, "effective", "FROM", FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		const struct fb_rate_row *r = &rows[i];
		const char *currency;
		int64_t amount;

		if (arr) {
			fb_json_push(arr, rate_json(ctx, r));
			continue;
		}
		if (ctx->quiet) {
			printf("%lld\n", (long long)r->rule.id);
			continue;
		}
		fb_table_row(&t);
		fb_table_setf(&t, 0, "%lld", (long long)r->rule.id);
		fb_table_set(&t, 1, r->client);
		fb_table_set(&t, 2, tier_names[r->rule.tier > 0 ? r->rule.tier : 0]);
		if (rule_amount(ctx, r, &currency, &amount) == 0)
			fb_table_take(&t, 3, fb_money_format_human(amount, currency));
		fb_table_set(&t, 4, currency);
		fb_table_take(&t, 5, effective_text(&r->rule));
	}
	fb_rate_rows_free(rows, n);
	cmd_print_list(ctx, arr, &t);
	return 0;
}

struct rm_opts {
	int64_t id;
};

static int
check_rm(struct cmd_ctx *ctx, void *opts)
{
	struct rm_opts *o = opts;

	if (fb_parse_uint(ctx->argv[0], INT64_MAX, &o->id) < 0)
		return cmd_error(FB_ERR_USAGE, "invalid rate id '%s'", ctx->argv[0]);
	return 0;
}

static int
rate_rm(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct rm_opts *o = opts;

	if (fb_rate_remove(ctx->db, o->id, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

#define OPTS struct set_opts
static const struct cmd_opt set_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "only for this client"), .complete = "@client" },
	{ OPT_STRING(0, "tier", tier, "TIER", "only for technicians of this tier"),
	  .complete = "L1 L2 L3" },
	{ OPT_WHEN(0, "from", from, "DATE", "in force from this date (default: always)") },
	OPT_END
};
#undef OPTS

#define OPTS struct list_opts
static const struct cmd_opt list_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "only the rules that can apply to this client"),
	  .complete = "@client" },
	OPT_END
};
#undef OPTS

#define OPTS struct rm_opts
static const struct cmd_opt rm_opts[] = { OPT_END };
#undef OPTS

static const struct cmd_verb rate_verbs[] = {
	{ "set", "AMOUNT", "set an hourly rate", set_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_set, rate_set, NULL },
	{ "list", "", "list the rate rules", list_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, rate_list, NULL },
	{ "rm", "ID", "remove a rate rule", rm_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_rm, rate_rm, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_rate_entry = {
	.name = "rate",
	.summary = "hourly rates by client, tier and date",
	.verbs = rate_verbs,
};
