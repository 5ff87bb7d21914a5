/*
 * report.c - `fixbill report`: what the books say.  Hours worked and
 * what they are worth, revenue invoiced, credited and paid, work not yet
 * billed, what clients owe and how late, how fast jobs are answered and
 * fixed against the SLA targets, whether a client would be better off
 * on a managed-services contract, and for the bookkeeper the tax
 * collected and the register of invoices.  Every report is a table for
 * people, or CSV, JSON or a workbook with a chart for other programs;
 * none of them changes the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "export_table.h"
#include "json.h"
#include "money.h"
#include "output.h"
#include "report.h"
#include "when.h"

enum report_format { FMT_TABLE, FMT_CSV, FMT_JSON, FMT_XLSX };

/* The options of every report (each binds those it takes). */
struct report_opts {
	struct opt_num by;
	struct opt_num basis;	/* tax: accrual or cash */
	const char *client;
	struct opt_date as_of;
	const char *managed_fee;	/* money: in the client's currency */
	struct opt_period period;
	struct opt_num format;
	const char *output;
};

/* The options every report shares, parsed, and the client. */
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

/* --format, --json and -o agree; before any database is opened. */
static int
check_report(struct cmd_ctx *ctx, void *opts)
{
	struct report_opts *o = opts;

	if (ctx->json && o->format.arg && o->format.v != FMT_JSON)
		return cmd_error(FB_ERR_USAGE, "'--json' and '--format %s' disagree", o->format.arg);
	if (o->format.arg && o->format.v == FMT_XLSX && (o->output == NULL || *o->output == '\0')) {
		cmd_error(FB_ERR_USAGE, "'--format xlsx' needs '-o FILE'");
		cmd_hint("a workbook is not for a terminal: write it to a file");
		return FB_ERR_USAGE;
	}
	if (o->output && *o->output == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--output' needs a value (FILE)");
	return 0;
}

/* The period, format, output and client of a report. */
static int
common_parse(struct cmd_ctx *ctx, const struct report_opts *o, struct report_common *rc)
{
	struct fb_err err = FB_ERR_INIT;
	const struct opt_period *p = &o->period;

	memset(rc, 0, sizeof(*rc));
	rc->output = o->output;
	rc->format = o->format.arg ? (enum report_format)o->format.v :
	    ctx->json ? FMT_JSON : FMT_TABLE;
	rc->o.now = ctx->now;
	rc->o.human = rc->format == FMT_TABLE;
	rc->o.period = p->v;
	if (p->period)
		rc->period_name = fb_xstrdup(p->period);
	else if (p->from || p->to)
		rc->period_name = fb_xasprintf("%s to %s", p->from ? p->from : "start",
					       p->to ? p->to : "now");
	if (o->client) {
		if (fb_client_find(ctx->db, o->client, &rc->client, &err) < 0)
			return cmd_fail(&err);
		rc->has_client = 1;
		rc->o.client_id = rc->client.id;
	}
	return 0;
}

/*
 * Write the report in the chosen format, and after it the sentence (may
 * be NULL), to standard output or -o FILE (never the database).
 */
static int
report_out(struct cmd_ctx *ctx, struct report_common *rc, struct fb_report *r,
	   const char *name, int hours_chart, const char *sentence)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output out = FB_OUTPUT_INIT;
	int rv = 0;

	if (rc->format == FMT_XLSX) {
		struct fb_report_opts mo = rc->o;
		struct fb_export_xlsx_opts xo;
		struct fb_table trend;
		char *title;

		mo.human = 0;
		fb_table_init(&trend);
		if (fb_report_trend(ctx->db, &mo, hours_chart, &trend, &err) < 0 ||
		    fb_output_open_named(&out, rc->output, fb_db_path(ctx->db), &err) < 0) {
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
		rv = fb_export_table_xlsx(&r->table, r->ntotals, &xo, fb_output_path(&out), &err);
		free(title);
		fb_table_release(&trend);
		if (rv < 0)
			fb_output_abort(&out);
		else
			rv = fb_output_commit(&out, &err);
		return rv < 0 ? cmd_fail(&err) : 0;
	}
	if (fb_output_open(&out, rc->output, fb_db_path(ctx->db), &err) < 0)
		return cmd_fail(&err);
	switch (rc->format) {
	case FMT_CSV:
		rv = fb_export_table_csv(&r->table, r->ntotals, out.fp, &err);
		break;
	case FMT_JSON:
		rv = fb_export_table_json(&r->table, r->ntotals, out.fp, &err);
		break;
	default:
		if (r->table.nrows == 0) {
			if (!ctx->quiet)
				fputs("nothing to report\n", out.fp);
		} else
			fb_table_print(&r->table, out.fp, ctx->color && out.is_stdout);
		if (sentence)
			fprintf(out.fp, "\n%s\n", sentence);
		break;
	}
	if (rv < 0) {
		fb_output_abort(&out);
		return cmd_fail(&err);
	}
	return fb_output_commit(&out, &err) < 0 ? cmd_fail(&err) : 0;
}

static int
report_by(const struct report_opts *o)
{
	return fb_report_by_parse(o->by.arg ? o->by.arg : "client");
}

enum simple_report { REPORT_HOURS, REPORT_REVENUE, REPORT_UNBILLED, REPORT_SLA };

/* The reports that need nothing beyond the common options (and --by). */
static int
report_simple(struct cmd_ctx *ctx, const struct report_opts *o, enum simple_report kind)
{
	static const char *const names[] = { "hours", "revenue", "unbilled", "sla" };
	struct fb_err err = FB_ERR_INIT;
	struct report_common rc;
	struct fb_report r;
	int ret, rv;

	if ((ret = common_parse(ctx, o, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	fb_report_init(&r);
	switch (kind) {
	case REPORT_HOURS:
		rv = fb_report_hours(ctx->db, &rc.o, (enum fb_report_by)report_by(o), &r, &err);
		break;
	case REPORT_REVENUE:
		rv = fb_report_revenue(ctx->db, &rc.o, (enum fb_report_by)report_by(o), &r, &err);
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
		ret = report_out(ctx, &rc, &r, names[kind], kind != REPORT_REVENUE, NULL);
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

static int
report_hours(struct cmd_ctx *ctx, void *opts)
{
	return report_simple(ctx, opts, REPORT_HOURS);
}

static int
report_revenue(struct cmd_ctx *ctx, void *opts)
{
	return report_simple(ctx, opts, REPORT_REVENUE);
}

static int
report_unbilled(struct cmd_ctx *ctx, void *opts)
{
	return report_simple(ctx, opts, REPORT_UNBILLED);
}

static int
report_sla(struct cmd_ctx *ctx, void *opts)
{
	return report_simple(ctx, opts, REPORT_SLA);
}

static int
report_aging(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct report_opts *o = opts;
	struct report_common rc;
	struct fb_report r;
	char *day;
	int ret;

	if ((ret = common_parse(ctx, o, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	/* As of the given day, else the end of the period, else today. */
	if (o->as_of.arg)
		day = fb_civil_date(&o->as_of.v);
	else if (rc.o.period.last.year)
		day = fb_civil_date(&rc.o.period.last);
	else
		day = fb_when_date(ctx->now);
	fb_report_init(&r);
	if (fb_report_aging(ctx->db, &rc.o, day, &r, &err) < 0)
		ret = cmd_fail(&err);
	else
		ret = report_out(ctx, &rc, &r, "aging", 0, NULL);
	free(day);
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

static int
report_tax(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct report_opts *o = opts;
	struct report_common rc;
	struct fb_report r;
	int ret;

	if ((ret = common_parse(ctx, o, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	fb_report_init(&r);
	if (fb_report_tax(ctx->db, &rc.o, o->basis.arg && o->basis.v == 1, &r, &err) < 0)
		ret = cmd_fail(&err);
	else
		ret = report_out(ctx, &rc, &r, "tax", 0, NULL);
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

/* The register; its JSON has a taxes array per document, not a column each. */
static int
report_register(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct report_opts *o = opts;
	struct report_common rc;
	struct fb_report r;
	int ret;

	if ((ret = common_parse(ctx, o, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	if (rc.format == FMT_JSON) {
		struct fb_output out = FB_OUTPUT_INIT;
		struct fb_json *arr = NULL;

		if (fb_report_register_json(ctx->db, &rc.o, &arr, &err) < 0 ||
		    fb_output_open(&out, rc.output, fb_db_path(ctx->db), &err) < 0)
			ret = cmd_fail(&err);
		else if (fb_json_write(arr, out.fp) < 0) {
			fb_output_abort(&out);
			ret = cmd_error(FB_ERR_RUNTIME, "cannot write the report");
		} else
			ret = fb_output_commit(&out, &err) < 0 ? cmd_fail(&err) : 0;
		fb_json_free(arr);
		common_release(&rc);
		return ret;
	}
	fb_report_init(&r);
	if (fb_report_register(ctx->db, &rc.o, &r, &err) < 0)
		ret = cmd_fail(&err);
	else
		ret = report_out(ctx, &rc, &r, "register", 0, NULL);
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

static int
check_compare(struct cmd_ctx *ctx, void *opts)
{
	struct report_opts *o = opts;

	if (!o->period.period && !(o->period.from && o->period.to)) {
		cmd_error(FB_ERR_USAGE, "'report compare' needs a period");
		cmd_hint("give '--period 2026-Q3' or '--from DATE --to DATE'");
		return FB_ERR_USAGE;
	}
	return check_report(ctx, opts);
}

static int
report_compare(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct report_opts *o = opts;
	struct report_common rc;
	struct fb_report r;
	struct fb_compare cmp;
	int64_t fee = -1;
	int ret;

	if ((ret = common_parse(ctx, o, &rc)) != 0) {
		common_release(&rc);
		return ret;
	}
	if (o->managed_fee && fb_money_parse(o->managed_fee, rc.client.currency, 0, &fee, &err) < 0) {
		fb_err_prefix(&err, "invalid value for '--managed-fee'");
		common_release(&rc);
		return cmd_fail(&err);
	}
	fb_report_init(&r);
	if (fb_report_compare(ctx->db, &rc.o, fee, &r, &cmp, &err) < 0)
		ret = cmd_fail(&err);
	else {
		char *s = rc.format == FMT_TABLE && !ctx->quiet ?
		    fb_report_compare_sentence(&cmp) : NULL;

		ret = report_out(ctx, &rc, &r, "compare", 0, s);
		free(s);
	}
	fb_report_release(&r);
	common_release(&rc);
	return ret;
}

#define OPTS struct report_opts
#define REPORT_COMMON \
	{ OPT_PERIOD(0, "period", period, "P", "the month, quarter or year: 2026-10, 2026-Q4, 2026") }, \
	{ OPT_FROM(0, "from", period, "DATE", "from this day (inclusive)") }, \
	{ OPT_TO(0, "to", period, "DATE", "to this day (inclusive)") }, \
	{ OPT_CHOICE(0, "format", format, "FORMAT", "table, csv, json or xlsx (table)", \
		     "table csv json xlsx") }, \
	{ OPT_STRING('o', "output", output, "FILE", "write to FILE (xlsx needs one)"), \
	  .complete = "@file" }

static const struct cmd_opt hours_opts[] = {
	{ OPT_CHOICE(0, "by", by, "GROUP", "client, tech, job, day, week or month (client)",
		     "client tech job day week month") },
	{ OPT_STRING(0, "client", client, "CODE", "only this client"), .complete = "@client" },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt revenue_opts[] = {
	{ OPT_CHOICE(0, "by", by, "GROUP", "client or month (client)", "client month") },
	{ OPT_STRING(0, "client", client, "CODE", "only this client"), .complete = "@client" },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt plain_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "only this client"), .complete = "@client" },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt aging_opts[] = {
	{ OPT_DATE(0, "as-of", as_of, "DATE",
		   "balances at the end of DATE (the period's end, else today)") },
	{ OPT_STRING(0, "client", client, "CODE", "only this client"), .complete = "@client" },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt tax_opts[] = {
	{ OPT_CHOICE(0, "basis", basis, "BASIS",
		     "accrual (documents issued in the period) or cash (what was settled) (accrual)",
		     "accrual cash") },
	{ OPT_STRING(0, "client", client, "CODE", "only this client"), .complete = "@client" },
	REPORT_COMMON,
	OPT_END
};

static const struct cmd_opt compare_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "the client to weigh"),
	  .complete = "@client", .flags = OPTF_REQUIRED },
	{ OPT_STRING(0, "managed-fee", managed_fee, "AMOUNT", "monthly fee (default: the client's)") },
	REPORT_COMMON,
	OPT_END
};
#undef OPTS

static const struct cmd_verb report_verbs[] = {
	{ "hours", "", "time worked and what it is worth", hours_opts, 0, 0,
	  VERB_DB_READ, 0, check_report, report_hours, NULL },
	{ "revenue", "", "invoiced, credited, paid and outstanding", revenue_opts, 0, 0,
	  VERB_DB_READ, 0, check_report, report_revenue, NULL },
	{ "unbilled", "", "work not yet invoiced, priced as an invoice would", plain_opts, 0, 0,
	  VERB_DB_READ, 0, check_report, report_unbilled, NULL },
	{ "aging", "", "what clients owe, by days past due", aging_opts, 0, 0,
	  VERB_DB_READ, 0, check_report, report_aging, NULL },
	{ "sla", "", "response and resolution times against the targets", plain_opts, 0, 0,
	  VERB_DB_READ, 0, check_report, report_sla, NULL },
	{ "compare", "", "break-fix spend against a managed-services fee", compare_opts, 0, 0,
	  VERB_DB_READ, 0, check_compare, report_compare, NULL },
	{ "tax", "", "tax collected per currency, code and component", tax_opts, 0, 0,
	  VERB_DB_READ, 0, check_report, report_tax, NULL },
	{ "register", "", "every invoice and credit note, with its tax per component",
	  plain_opts, 0, 0, VERB_DB_READ, 0, check_report, report_register, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "reports: hours, revenue, unbilled, aging, SLA, compare, tax, register",
	.verbs = report_verbs,
};
