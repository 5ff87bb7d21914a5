/*
 * period.c - `fixbill period`: closing the books.  When the bookkeeper
 * has exported a month, `period close 2026-10` closes the books through
 * its last day: nothing dated on or before it can then be issued, paid,
 * credited, refunded, voided or reversed, so every later export of the
 * month is the same file.  Work logged late is still billed, on an
 * invoice dated in an open period.  `period reopen` opens the books
 * again from a period on, with the reason kept; `period list` shows
 * each close and reopen.
 */
#include <stdlib.h>
#include <string.h>

#include "closing.h"
#include "cmd.h"
#include "json.h"
#include "table.h"
#include "when.h"

static int
parse(const char *s, struct fb_period *p)
{
	struct fb_err err = FB_ERR_INIT;

	if (fb_period_parse(s, p, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
check_period(struct cmd_ctx *ctx, void *opts)
{
	struct fb_period p;

	(void)opts;
	/* The shape only; the days are read once the timezone is known. */
	return parse(ctx->argv[0], &p);
}

static int
period_close(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_period p;
	char *through;
	int already = 0, rc;

	(void)opts;
	if ((rc = parse(ctx->argv[0], &p)) != 0)
		return rc;
	if (fb_closing_close(ctx->db, ctx->argv[0], &p, ctx->now, &already, &err) < 0 ||
	    fb_closing_through(ctx->db, &through, &err) < 0)
		return cmd_fail(&err);
	if (!ctx->quiet)
		printf("the books are %sclosed through %s\n", already ? "already " : "", through);
	free(through);
	return 0;
}

struct reopen_opts {
	const char *reason;
};

static int
period_reopen(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct reopen_opts *o = opts;
	struct fb_period p;
	char *through;
	int rc;

	if ((rc = parse(ctx->argv[0], &p)) != 0)
		return rc;
	if (fb_closing_reopen(ctx->db, ctx->argv[0], &p, o->reason, ctx->now, &err) < 0 ||
	    fb_closing_through(ctx->db, &through, &err) < 0)
		return cmd_fail(&err);
	if (!ctx->quiet)
		printf("the books are closed through %s\n", through);
	free(through);
	return 0;
}

static int
period_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_closing *v;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;

	(void)opts;
	if (fb_closing_list(ctx->db, &v, &n, &err) < 0)
		return cmd_fail(&err);
	fb_table_init(&t);
	fb_table_col(&t, "period", NULL, FB_COL_TEXT);
	fb_table_col(&t, "action", NULL, FB_COL_TEXT);
	fb_table_col(&t, "through", "CLOSED THROUGH", FB_COL_TEXT);
	fb_table_col(&t, "at", NULL, FB_COL_TEXT);
	fb_table_col(&t, "reason", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		const struct fb_closing *c = &v[i];

		if (arr) {
			struct fb_json *o = fb_json_object();

			fb_json_set_int(o, "id", c->id);
			fb_json_set_str(o, "period", c->period);
			fb_json_set_str(o, "action", c->action);
			fb_json_set_str(o, "through", c->through);
			fb_json_set_time(o, "at", c->at, 0);
			fb_json_set_str(o, "reason", c->reason);
			fb_json_push(arr, o);
		} else if (ctx->quiet) {
			printf("%s\n", c->through ? c->through : "-");
		} else {
			fb_table_row(&t);
			fb_table_set(&t, 0, c->period);
			fb_table_set(&t, 1, c->action);
			fb_table_set(&t, 2, c->through ? c->through : "-");
			fb_table_take(&t, 3, fb_when_short(c->at));
			fb_table_set(&t, 4, c->reason);
		}
	}
	cmd_print_list(ctx, arr, &t);
	fb_closing_list_free(v, n);
	return 0;
}

#define OPTS struct reopen_opts
static const struct cmd_opt reopen_opts[] = {
	{ OPT_STRING(0, "reason", reason, "TEXT", "why the books are opened again"),
	  .flags = OPTF_REQUIRED },
	OPT_END
};
#undef OPTS

static const struct cmd_verb period_verbs[] = {
	{ "close", "PERIOD", "close the books through the end of 2026-10, 2026-Q4 or 2026",
	  cmd_no_opts, 1, 1, VERB_DB_WRITE, 0, check_period, period_close, NULL },
	{ "list", "", "every close and reopen", cmd_no_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, period_list, NULL },
	{ "reopen", "PERIOD", "open the books again from the start of a period", reopen_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_period, period_reopen, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_period_entry = {
	.name = "period",
	.summary = "closing the books for a month, quarter or year",
	.verbs = period_verbs,
};
