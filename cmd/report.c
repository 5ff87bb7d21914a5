/*
 * report.c - `fixbill report`: what the books say.  Hours worked and
 * what they are worth, revenue invoiced, credited and paid, work not yet
 * billed, what clients owe and how late, how fast jobs are answered and
 * fixed against the SLA targets, and whether a client would be better
 * off on a managed-services contract.  Every report is a table for
 * people, or CSV, JSON or a workbook with a chart for other programs;
 * none of them changes the database.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "export_table.h"
#include "money.h"
#include "report.h"
#include "when.h"

enum report_format { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_XLSX };

/* The options every report shares, parsed. */
struct report_common {
	struct fb_report_opts o;
	enum report_format format;
	const char *output;
	char *period_name;	/* for the workbook's title */
	struct fb_client client;
	int has_client;
};

static void
common_release(struct report_common *rc)
{
	free(rc->period_name);
	if (rc->has_client)
		fb_client_release(&rc->client);
}

/*
 * Parse --period/--from/--to, --format/-o and --client.  Returns 0, or
 * the exit status after printing the error.
 */
static int
common_parse(struct cmd_ctx *ctx, struct report_common *rc)
{
	struct fb_err err = FB_ERR_INIT;
	const char *period = cmd_get(ctx, "period"), *from = cmd_get(ctx, "from");
	const char *to = cmd_get(ctx, "to"), *format = cmd_get(ctx, "format");
	const char *client = cmd_get(ctx, "client");

	memset(rc, 0, sizeof(*rc));
	rc->output = cmd_get(ctx, "output");
	if (format == NULL)
		rc->format = ctx->json ? FMT_JSON : FMT_TABLE;
	else if (strcmp(format, "table") == 0)
		rc->format = FMT_TABLE;
	else if (strcmp(format, "csv") == 0)
		rc->format = FMT_CSV;
	else if (strcmp(format, "json") == 0)
		rc->format = FMT_JSON;
	else if (strcmp(format, "xlsx") == 0)
		rc->format = FMT_XLSX;
	else
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--format':"
				 " want table, csv, json or xlsx", format);
	if (ctx->json && format && rc->format != FMT_JSON)
		return cmd_error(FB_ERR_USAGE, "'--json' and '--format %s' disagree", format);
	if (rc->format == FMT_XLSX && (rc->output == NULL || *rc->output == '\0')) {
		cmd_error(FB_ERR_USAGE, "'--format xlsx' needs '-o FILE'");
		cmd_hint("a workbook is not for a terminal: write it to a file");
		return FB_ERR_USAGE;
	}
	if (rc->output && *rc->output == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--output' needs a value (FILE)");
	if (period && (from || to))
		return cmd_error(FB_ERR_USAGE, "'--period' and '--from'/'--to' exclude each other");
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	/* One snapshot: the report's queries agree even while others write. */
	if (fb_db_begin_read(ctx->db, &err) < 0)
		return cmd_fail(&err);
	rc->o.now = ctx->now;
	rc->o.human = rc->format == FMT_TABLE;
	if (period) {
		if (fb_period_parse(period, &rc->o.period, &err) < 0)
			return cmd_fail(&err);
		rc->period_name = fb_xstrdup(period);
	} else {
		if (fb_period_range(from, to, ctx->now, &rc->o.period, &err) < 0)
			return cmd_fail(&err);
		if (from || to)
			rc->period_name = fb_xasprintf("%s to %s", from ? from : "start",
						       to ? to : "now");
	}
	if (client) {
		if (fb_client_find(ctx->db, client, &rc->client, &err) < 0)
			return cmd_fail(&err);
		rc->has_client = 1;
		rc->o.client_id = rc->client.id;
	}
	return 0;
}

/* Write the report in the chosen format; trend (may be NULL) feeds the chart. */
static int
report_out(struct cmd_ctx *ctx, struct report_common *rc, struct fb_report *r,
	   const char *name, int hours_chart)
{
	struct fb_err err = FB_ERR_INIT;
	FILE *fp = stdout;
	int rc_write = 0;

	if (rc->format == FMT_XLSX) {
		struct fb_report_opts mo = rc->o;
		struct fb_export_xlsx_opts xo;
		struct fb_table trend;
		char *title;

		mo.human = 0;
		fb_table_init(&trend);
		if (fb_report_trend(ctx->db, &mo, hours_chart, &trend, &err) < 0) {
			fb_table_release(&trend);
			return cmd_fail(&err);
		}
		title = fb_xasprintf("fixbill %s report%s%s%s%s", name,
				     rc->has_client ? ", " : "",
				     rc->has_client ? rc->client.code : "",
				     rc->period_name ? ", " : "",
				     rc->period_name ? rc->period_name : "");
		memset(&xo, 0, sizeof(xo));
		xo.title = title;
		xo.trend = &trend;
		xo.chart_title = hours_chart ? "Hours per month" : "Invoiced per month";
		xo.y_title = hours_chart ? "Hours" : "Invoiced";
		rc_write = fb_export_table_xlsx(&r->table, r->ntotals, &xo, rc->output, &err);
		free(title);
		fb_table_release(&trend);
		return rc_write < 0 ? cmd_fail(&err) : 0;
	}
	if (rc->output && (fp = fopen(rc->output, "w")) == NULL)
		return cmd_error(FB_ERR_RUNTIME, "cannot write '%s': %s", rc->output,
				 strerror(errno));
	switch (rc->format) {
	case FMT_CSV:
		rc_write = fb_export_table_csv(&r->table, r->ntotals, fp, &err);
		break;
	case FMT_JSON:
		rc_write = fb_export_table_json(&r->table, r->ntotals, fp, &err);
		break;
	default:
		if (r->table.nrows == 0) {
			if (!ctx->quiet)
				fputs("nothing to report\n", fp);
		} else if (fb_table_print(&r->table, fp, ctx->color && fp == stdout) < 0)
			rc_write = fb_err_set(&err, FB_ERR_RUNTIME, "cannot write the report: %s",
					      strerror(errno));
		break;
	}
	if (fp != stdout && fclose(fp) != 0 && rc_write == 0)
		rc_write = fb_err_set(&err, FB_ERR_RUNTIME, "cannot write '%s': %s",
				      rc->output, strerror(errno));
	return rc_write < 0 ? cmd_fail(&err) : 0;
}

static int
parse_by(struct cmd_ctx *ctx, const char *dflt, const char *allowed, int *by)
{
	const char *v = cmd_get(ctx, "by");

	if (v == NULL)
		v = dflt;
	*by = fb_report_by_parse(v);
	if (*by < 0 || strstr(allowed, v) == NULL)
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--by': want %s", v,
				 allowed);
	return 0;
}

enum simple_report { REPORT_HOURS, REPORT_REVENUE, REPORT_UNBILLED, REPORT_SLA };

/* The reports that need nothing beyond the common options (and --by). */
static int
report_simple(struct cmd_ctx *ctx, enum simple_report kind, const char *by_choices)
{
	static const char *const names[] = { "hours", "revenue", "unbilled", "sla" };
	struct fb_err err = FB_ERR_INIT;
	struct report_common rc;
	struct fb_report r;
	int by = 0, ret, rv;

	if (by_choices && (ret = parse_by(ctx, "client", by_choices, &by)) != 0)
		return ret;
	if ((ret = common_parse(ctx, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	fb_report_init(&r);
	switch (kind) {
	case REPORT_HOURS:
		rv = fb_report_hours(ctx->db, &rc.o, (enum fb_report_by)by, &r, &err);
		break;
	case REPORT_REVENUE:
		rv = fb_report_revenue(ctx->db, &rc.o, (enum fb_report_by)by, &r, &err);
		break;
	case REPORT_UNBILLED:
		rv = fb_report_unbilled(ctx->db, &rc.o, &r, &err);
		break;
	default:
		rv = fb_report_sla(ctx->db, &rc.o, &r, &err);
		break;
	}
	if (rv < 0)
		ret = cmd_fail(&err);
	else
		ret = report_out(ctx, &rc, &r, names[kind], kind != REPORT_REVENUE);
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

static int
report_hours(struct cmd_ctx *ctx)
{
	return report_simple(ctx, REPORT_HOURS, "client, tech, job, day, week or month");
}

static int
report_revenue(struct cmd_ctx *ctx)
{
	return report_simple(ctx, REPORT_REVENUE, "client or month");
}

static int
report_unbilled(struct cmd_ctx *ctx)
{
	return report_simple(ctx, REPORT_UNBILLED, NULL);
}

static int
report_sla(struct cmd_ctx *ctx)
{
	return report_simple(ctx, REPORT_SLA, NULL);
}

static int
report_aging(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct report_common rc;
	struct fb_report r;
	const char *as_of = cmd_get(ctx, "as-of");
	char *day;
	int ret;

	if ((ret = common_parse(ctx, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	/* As of the given day, else the end of the period, else today. */
	if (as_of) {
		struct fb_civil c;

		if (fb_date_parse(as_of, ctx->now, &c, &err) < 0) {
			fb_err_prefix(&err, "invalid value for '--as-of'");
			common_release(&rc);
			return cmd_fail(&err);
		}
		day = fb_civil_date(&c);
	} else if (rc.o.period.last.year)
		day = fb_civil_date(&rc.o.period.last);
	else
		day = fb_when_date(ctx->now);
	fb_report_init(&r);
	if (fb_report_aging(ctx->db, &rc.o, day, &r, &err) < 0)
		ret = cmd_fail(&err);
	else
		ret = report_out(ctx, &rc, &r, "aging", 0);
	free(day);
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

static int
report_compare(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct report_common rc;
	struct fb_report r;
	struct fb_compare cmp;
	const char *feeopt = cmd_get(ctx, "managed-fee");
	int64_t fee = -1;
	int ret;

	if (!cmd_has(ctx, "period") && !(cmd_has(ctx, "from") && cmd_has(ctx, "to"))) {
		cmd_error(FB_ERR_USAGE, "'report compare' needs a period");
		cmd_hint("give '--period 2026-Q3' or '--from DATE --to DATE'");
		return FB_ERR_USAGE;
	}
	if (!cmd_has(ctx, "client"))
		return cmd_error(FB_ERR_USAGE, "'report compare' needs '--client'");
	if ((ret = common_parse(ctx, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	if (feeopt && fb_money_parse(feeopt, rc.client.currency, 0, &fee, &err) < 0) {
		fb_err_prefix(&err, "invalid value for '--managed-fee'");
		common_release(&rc);
		return cmd_fail(&err);
	}
	fb_report_init(&r);
	if (fb_report_compare(ctx->db, &rc.o, fee, &r, &cmp, &err) < 0)
		ret = cmd_fail(&err);
	else {
		ret = report_out(ctx, &rc, &r, "compare", 0);
		if (ret == 0 && rc.format == FMT_TABLE && !ctx->quiet) {
			char *s = fb_report_compare_sentence(&cmp);
			FILE *fp = rc.output ? fopen(rc.output, "a") : stdout;

			if (fp == NULL)
				ret = cmd_error(FB_ERR_RUNTIME, "cannot write '%s': %s",
						rc.output, strerror(errno));
			else {
				fprintf(fp, "\n%s\n", s);
				if (fp != stdout && fclose(fp) != 0)
					ret = cmd_error(FB_ERR_RUNTIME, "cannot write '%s': %s",
							rc.output, strerror(errno));
			}
			free(s);
		}
	}
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

#define REPORT_COMMON \
	{ 0, "period", OPT_STRING, "P", "the month, quarter or year: 2026-10, 2026-Q4, 2026", NULL, 0 }, \
	{ 0, "from", OPT_STRING, "DATE", "from this day (inclusive)", NULL, 0 }, \
	{ 0, "to", OPT_STRING, "DATE", "to this day (inclusive)", NULL, 0 }, \
	{ 0, "format", OPT_STRING, "FORMAT", "table, csv, json or xlsx (table)", "table csv json xlsx", 0 }, \
	{ 'o', "output", OPT_STRING, "FILE", "write to FILE (xlsx needs one)", "@file", 0 }

static const struct cmd_opt hours_opts[] = {
	{ 0, "by", OPT_STRING, "GROUP", "client, tech, job, day, week or month (client)",
	  "client tech job day week month", 0 },
	{ 0, "client", OPT_STRING, "CODE", "only this client", "@client", 0 },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt revenue_opts[] = {
	{ 0, "by", OPT_STRING, "GROUP", "client or month (client)", "client month", 0 },
	{ 0, "client", OPT_STRING, "CODE", "only this client", "@client", 0 },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt plain_opts[] = {
	{ 0, "client", OPT_STRING, "CODE", "only this client", "@client", 0 },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt aging_opts[] = {
	{ 0, "as-of", OPT_STRING, "DATE", "balances at the end of DATE (the period's end, else today)", NULL, 0 },
	{ 0, "client", OPT_STRING, "CODE", "only this client", "@client", 0 },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt compare_opts[] = {
	{ 0, "client", OPT_STRING, "CODE", "the client to weigh", "@client", OPTF_REQUIRED },
	{ 0, "managed-fee", OPT_STRING, "AMOUNT", "monthly fee (default: the client's)", NULL, 0 },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_verb report_verbs[] = {
	{ "hours", "", "time worked and what it is worth", hours_opts, 0, 0, report_hours, NULL },
	{ "revenue", "", "invoiced, credited, paid and outstanding", revenue_opts, 0, 0, report_revenue, NULL },
	{ "unbilled", "", "work not yet invoiced, priced as an invoice would", plain_opts, 0, 0, report_unbilled, NULL },
	{ "aging", "", "what clients owe, by days past due", aging_opts, 0, 0, report_aging, NULL },
	{ "sla", "", "response and resolution times against the targets", plain_opts, 0, 0, report_sla, NULL },
	{ "compare", "", "break-fix spend against a managed-services fee", compare_opts, 0, 0, report_compare, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "reports: hours, revenue, unbilled, aging, SLA, compare",
	.verbs = report_verbs,
};
