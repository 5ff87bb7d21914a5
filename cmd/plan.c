/*
 * plan.c - `fixbill plan`: managed-service plans.  A client on a plan
 * pays a fixed fee every month, quarter or year, billed in advance by
 * `invoice run` (a first or last period the plan cuts is prorated by
 * days), and the plan may cover the labor of remote jobs or of all
 * jobs; parts and trips are always billed.  `plan end` ends a plan on
 * a day; `report compare` weighs break-fix spend against its fee.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "job.h"
#include "json.h"
#include "money.h"
#include "plan.h"
#include "table.h"
#include "when.h"

static const char *const every_words[] = { "month", "quarter", "year" };
static const char *const covers_words[] = { "none", "remote", "all" };

static struct fb_json *
plan_json(const struct fb_plan *p)
{
	struct fb_json *o = fb_json_object();

	fb_json_set_int(o, "id", p->id);
	fb_json_set_str(o, "client", p->client);
	fb_json_set_money(o, "fee", p->fee, p->currency);
	fb_json_set_str(o, "currency", p->currency);
	fb_json_set_str(o, "every", p->every);
	fb_json_set_str(o, "from", p->from);
	fb_json_set_str(o, "to", p->to);
	fb_json_set_str(o, "covers", p->covers);
	fb_json_set_str(o, "description", p->description);
	return o;
}

static int
print_plan(struct cmd_ctx *ctx, int64_t client_id, int64_t id)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_plan *v;
	size_t n;

	if (!ctx->json) {
		printf("plan %lld\n", (long long)id);
		return 0;
	}
	if (fb_plan_list(ctx->db, client_id, &v, &n, &err) < 0)
		return cmd_fail(&err);
	for (size_t i = 0; i < n; i++)
		if (v[i].id == id) {
			struct fb_json *j = plan_json(&v[i]);

			fb_json_write(j, stdout);
			fb_json_free(j);
		}
	fb_plan_free(v, n);
	return 0;
}

struct add_opts {
	const char *fee;
	struct opt_num every, covers;
	struct opt_date from, to;
	const char *desc;
};

static int
check_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct add_opts *o = opts;

	(void)ctx;
	if (o->desc && fb_job_check_text("description", o->desc, 0, 200, 1, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
plan_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct add_opts *o = opts;
	struct fb_client c;
	char *from, *to = NULL;
	int64_t fee = 0, id = 0;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	from = o->from.arg ? fb_civil_date(&o->from.v) : fb_when_date(ctx->now);
	if (o->to.arg)
		to = fb_civil_date(&o->to.v);
	if (fb_money_parse(o->fee, c.currency, 0, &fee, &err) < 0 ||
	    fb_plan_add(ctx->db, c.id, fee, every_words[o->every.arg ? o->every.v : 0], from, to,
			covers_words[o->covers.arg ? o->covers.v : 0], o->desc, ctx->now, &id,
			&err) < 0)
		rc = cmd_fail(&err);
	else
		rc = print_plan(ctx, c.id, id);
	free(from);
	free(to);
	fb_client_release(&c);
	return rc;
}

static int
plan_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	struct fb_plan *v;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;

	(void)opts;
	memset(&c, 0, sizeof(c));
	if ((ctx->argc > 0 && fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0) ||
	    fb_plan_list(ctx->db, ctx->argc > 0 ? c.id : 0, &v, &n, &err) < 0) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	fb_client_release(&c);
	fb_table_init(&t);
	fb_table_col(&t, "id", "ID", FB_COL_INT);
	fb_table_col(&t, "client", NULL, FB_COL_TEXT);
	fb_table_col(&t, "fee", NULL, FB_COL_MONEY);
	fb_table_col(&t, "every", NULL, FB_COL_TEXT);
	fb_table_col(&t, "from", NULL, FB_COL_TEXT);
	fb_table_col(&t, "to", NULL, FB_COL_TEXT);
	fb_table_col(&t, "covers", NULL, FB_COL_TEXT);
	fb_table_col(&t, "description", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		const struct fb_plan *p = &v[i];

		if (arr) {
			fb_json_push(arr, plan_json(p));
		} else if (ctx->quiet) {
			printf("%lld\n", (long long)p->id);
		} else {
			fb_table_row(&t);
			fb_table_take(&t, 0, fb_xasprintf("%lld", (long long)p->id));
			fb_table_set(&t, 1, p->client);
			fb_table_take(&t, 2, fb_money_format(p->fee, p->currency));
			fb_table_set(&t, 3, p->every);
			fb_table_set(&t, 4, p->from);
			fb_table_set(&t, 5, p->to ? p->to : "-");
			fb_table_set(&t, 6, p->covers);
			fb_table_set(&t, 7, p->description ? p->description : "Managed services");
		}
	}
	cmd_print_list(ctx, arr, &t);
	fb_plan_free(v, n);
	return 0;
}

struct end_opts {
	struct opt_date on;
};

static int
plan_end(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct end_opts *o = opts;
	struct fb_client c;
	char *on;
	int64_t id = 0;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	on = fb_civil_date(&o->on.v);
	if (fb_plan_end(ctx->db, c.id, on, &id, &err) < 0)
		rc = cmd_fail(&err);
	else if (ctx->json)
		rc = print_plan(ctx, c.id, id);
	else if (!ctx->quiet)
		printf("plan %lld ends on %s\n", (long long)id, on);
	free(on);
	fb_client_release(&c);
	return rc;
}

#define OPTS struct add_opts
static const struct cmd_opt add_opts[] = {
	{ OPT_STRING(0, "fee", fee, "AMOUNT", "the fee of each period"), .flags = OPTF_REQUIRED },
	{ OPT_CHOICE(0, "every", every, "PERIOD", "month (the default), quarter or year",
		     "month quarter year") },
	{ OPT_DATE(0, "from", from, "DATE", "the first day it runs (default: today)") },
	{ OPT_DATE(0, "to", to, "DATE", "the last day it runs (default: no end)") },
	{ OPT_CHOICE(0, "covers", covers, "WHAT",
		     "the labor it covers: none (the default), remote jobs or all jobs",
		     "none remote all") },
	{ OPT_STRING(0, "desc", desc, "TEXT", "its line on invoices (default: Managed services)") },
	OPT_END
};
#undef OPTS

#define OPTS struct end_opts
static const struct cmd_opt end_opts[] = {
	{ OPT_DATE(0, "on", on, "DATE", "its last day"), .flags = OPTF_REQUIRED },
	OPT_END
};
#undef OPTS

static const struct cmd_verb plan_verbs[] = {
	{ "add", "CLIENT", "put a client on a managed-service plan", add_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_add, plan_add, "@client" },
	{ "end", "CLIENT", "end the client's plan on a day", end_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, plan_end, "@client" },
	{ "list", "[CLIENT]", "every plan: fee, period, days it runs, what it covers", cmd_no_opts,
	  0, 1, VERB_DB_READ, 0, NULL, plan_list, "@client" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_plan_entry = {
	.name = "plan",
	.summary = "managed-service plans: fees billed in advance",
	.verbs = plan_verbs,
};
