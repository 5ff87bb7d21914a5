/*
 * block.c - `fixbill block`: prepaid blocks of hours.  A client buys
 * ten hours up front; `block add` records the sale, whose line goes on
 * the client's next invoice, and from then on each invoice draws its
 * labor from the client's blocks, oldest first (an after-hours hour at
 * x1.5 draws 1h30m), showing what they cover; the rest is billed.
 * `block list` shows what is bought, used, left and expired.  A void
 * gives back the hours its invoice drew.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "duration.h"
#include "job.h"
#include "json.h"
#include "money.h"
#include "plan.h"
#include "table.h"
#include "when.h"

static struct fb_json *
block_json(const struct fb_block *b)
{
	struct fb_json *o = fb_json_object();
	int64_t left = b->seconds_bought - b->seconds_used - b->seconds_expired;

	fb_json_set_int(o, "id", b->id);
	fb_json_set_str(o, "client", b->client);
	fb_json_set_str(o, "date", b->date);
	fb_json_set_str(o, "expires", b->expires);
	fb_json_set_int(o, "seconds_bought", b->seconds_bought);
	fb_json_set_int(o, "seconds_used", b->seconds_used);
	fb_json_set_int(o, "seconds_remaining", left);
	fb_json_set_int(o, "seconds_expired", b->seconds_expired);
	fb_json_set_money(o, "price", b->price, b->currency);
	fb_json_set_str(o, "currency", b->currency);
	fb_json_set_str(o, "invoice", b->invoice);
	fb_json_set_str(o, "note", b->note);
	return o;
}

struct add_opts {
	const char *price;
	struct opt_date date, expires;
	const char *note;
};

static int
check_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct add_opts *o = opts;
	int64_t secs;

	if (fb_duration_parse(ctx->argv[1], &secs, &err) < 0)
		return cmd_fail(&err);
	if (secs <= 0)
		return cmd_error(FB_ERR_USAGE, "invalid hours '%s': a block holds some time",
				 ctx->argv[1]);
	if (o->note && fb_job_check_text("note", o->note, 1, FB_JOB_TEXT_MAX, 0, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
block_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct add_opts *o = opts;
	struct fb_client c;
	struct fb_block *v = NULL;
	char *date, *expires = NULL, *today;
	int64_t secs = 0, price = 0, id = 0;
	size_t n = 0;
	int rc = 0;

	memset(&c, 0, sizeof(c));
	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	fb_duration_parse(ctx->argv[1], &secs, NULL);
	today = fb_when_date(ctx->now);
	date = o->date.arg ? fb_civil_date(&o->date.v) : fb_xstrdup(today);
	if (o->expires.arg)
		expires = fb_civil_date(&o->expires.v);
	if (fb_money_parse(o->price, c.currency, 0, &price, &err) < 0 ||
	    fb_block_add(ctx->db, c.id, secs, price, date, expires, o->note, ctx->now, &id,
			 &err) < 0 ||
	    (ctx->json && fb_block_list(ctx->db, c.id, today, &v, &n, &err) < 0)) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (ctx->json) {
		for (size_t i = 0; i < n; i++)
			if (v[i].id == id) {
				struct fb_json *j = block_json(&v[i]);

				fb_json_write(j, stdout);
				fb_json_free(j);
			}
	} else
		printf("block %lld\n", (long long)id);
out:
	fb_block_free(v, n);
	free(date);
	free(expires);
	free(today);
	fb_client_release(&c);
	return rc;
}

static char *
hours(int64_t s)
{
	return fb_duration_format(s);
}

static int
block_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	struct fb_block *v;
	struct fb_json *arr = NULL;
	struct fb_table t;
	char *today = fb_when_date(ctx->now);
	size_t n;

	(void)opts;
	memset(&c, 0, sizeof(c));
	if ((ctx->argc > 0 && fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0) ||
	    fb_block_list(ctx->db, ctx->argc > 0 ? c.id : 0, today, &v, &n, &err) < 0) {
		free(today);
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	free(today);
	fb_client_release(&c);
	fb_table_init(&t);
	fb_table_col(&t, "id", "ID", FB_COL_INT);
	fb_table_col(&t, "client", NULL, FB_COL_TEXT);
	fb_table_col(&t, "date", NULL, FB_COL_TEXT);
	fb_table_col(&t, "expires", NULL, FB_COL_TEXT);
	fb_table_col(&t, "bought", NULL, FB_COL_NUMBER);
	fb_table_col(&t, "used", NULL, FB_COL_NUMBER);
	fb_table_col(&t, "remaining", NULL, FB_COL_NUMBER);
	fb_table_col(&t, "expired", NULL, FB_COL_NUMBER);
	fb_table_col(&t, "price", NULL, FB_COL_MONEY);
	fb_table_col(&t, "invoice", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		const struct fb_block *b = &v[i];

		if (arr) {
			fb_json_push(arr, block_json(b));
		} else if (ctx->quiet) {
			printf("%lld\n", (long long)b->id);
		} else {
			fb_table_row(&t);
			fb_table_take(&t, 0, fb_xasprintf("%lld", (long long)b->id));
			fb_table_set(&t, 1, b->client);
			fb_table_set(&t, 2, b->date);
			fb_table_set(&t, 3, b->expires ? b->expires : "-");
			fb_table_take(&t, 4, hours(b->seconds_bought));
			fb_table_take(&t, 5, hours(b->seconds_used));
			fb_table_take(&t, 6, hours(b->seconds_bought - b->seconds_used -
						   b->seconds_expired));
			fb_table_take(&t, 7, hours(b->seconds_expired));
			fb_table_take(&t, 8, fb_money_format(b->price, b->currency));
			fb_table_set(&t, 9, b->invoice ? b->invoice : "-");
		}
	}
	cmd_print_list(ctx, arr, &t);
	fb_block_free(v, n);
	return 0;
}

#define OPTS struct add_opts
static const struct cmd_opt add_opts[] = {
	{ OPT_STRING(0, "price", price, "AMOUNT", "what the client pays for the block"),
	  .flags = OPTF_REQUIRED },
	{ OPT_DATE(0, "date", date, "DATE", "the day it is sold; it covers work from then on"
		   " (default: today)") },
	{ OPT_DATE(0, "expires", expires, "DATE", "the last day it covers (default: never)") },
	{ OPT_STRING(0, "note", note, "TEXT", "a note kept with the block") },
	OPT_END
};
#undef OPTS

static const struct cmd_verb block_verbs[] = {
	{ "add", "CLIENT HOURS", "sell a block of prepaid hours, billed on the next invoice",
	  add_opts, 2, 2, VERB_DB_WRITE, 0, check_add, block_add, "@client" },
	{ "list", "[CLIENT]", "hours bought, used, remaining and expired per block", cmd_no_opts,
	  0, 1, VERB_DB_READ, 0, NULL, block_list, "@client" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_block_entry = {
	.name = "block",
	.summary = "prepaid blocks of hours",
	.verbs = block_verbs,
};
