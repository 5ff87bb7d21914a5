/*
 * invoice.c - `fixbill invoice`: turning resolved jobs into invoices.
 * A draft gathers a client's unbilled work and prices it (SPEC section
 * 5); issuing gives it the next number of its series and freezes it for
 * good; voiding answers it with a credit note and frees its work to be
 * billed again; payments settle it; export writes it as text, JSON, CSV,
 * XLSX or PDF.  Each command is one transaction: a refused or failed one
 * changes nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounting.h"
#include "client.h"
#include "cmd.h"
#include "config.h"
#include "export.h"
#include "invoice.h"
#include "json.h"
#include "money.h"
#include "table.h"
#include "when.h"

/* A date option as YYYY-MM-DD (caller frees), or NULL when absent. */
static int
date_opt(struct cmd_ctx *ctx, const char *name, char **out)
{
	struct fb_err err = FB_ERR_INIT;
	const char *v = cmd_get(ctx, name);
	struct fb_civil c;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (fb_date_parse(v, ctx->now, &c, &err) < 0) {
		fb_err_prefix(&err, "invalid value for '--%s'", name);
		return cmd_fail(&err);
	}
	*out = fb_civil_date(&c);
	return 0;
}

/* Print the invoice: its name, or with --json its show document. */
static int
print_invoice(struct cmd_ctx *ctx, int64_t id, int whole)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	int rc = 0;

	fb_invoice_init(&inv);
	if (fb_invoice_load(ctx->db, id, &inv, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *j = fb_export_invoice_json(&inv);

		fb_json_write(j, stdout);
		fb_json_free(j);
	} else if (whole) {
		if (fb_export_invoice_txt(&inv, stdout, &err) < 0)
			rc = cmd_fail(&err);
	} else {
		char *name = fb_invoice_name(&inv);

		printf("%s\n", name);
		free(name);
	}
	fb_invoice_release(&inv);
	return rc;
}

/* Resolve REF inside the command's transaction. */
static int
find_ref(struct cmd_ctx *ctx, const char *ref, int64_t *id)
{
	struct fb_err err = FB_ERR_INIT;

	if (fb_invoice_find(ctx->db, ref, id, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
invoice_create(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice_scope s;
	struct fb_client c;
	struct fb_civil cv;
	char *date = NULL, *through = NULL;
	const char *th = cmd_get(ctx, "through");
	int64_t id = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if ((rc = date_opt(ctx, "date", &date)) != 0)
		return rc;
	/* Work through the invoice's date, else through today. */
	if (fb_date_parse(th ? th : date ? date : "today", ctx->now, &cv, &err) < 0) {
		fb_err_prefix(&err, "invalid value for '--through'");
		free(date);
		return cmd_fail(&err);
	}
	through = fb_civil_date(&cv);
	fb_civil_from_days(fb_days_from_civil(cv.year, cv.month, cv.day) + 1,
			   &cv.year, &cv.month, &cv.day);
	if (fb_day_start(cv.year, cv.month, cv.day, &s.through, &err) < 0 ||
	    fb_db_begin(ctx->db, &err) < 0 ||
	    fb_client_find(ctx->db, cmd_get(ctx, "client"), &c, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	s.client_id = c.id;
	s.include_open = cmd_has(ctx, "include-open");
	s.date = date;
	rc = fb_invoice_create(ctx->db, &s, ctx->now, &id, &err);
	if (rc < 0) {
		fb_err_prefix(&err, "cannot invoice '%s'", c.code);
		rc = cmd_fail(&err);
		goto out;
	}
	if (rc == 0) {
		if (ctx->json)
			puts("null");
		else if (!ctx->quiet)
			printf("nothing to bill for '%s' through %s\n", c.code, through);
		goto out;
	}
	if ((rc = cmd_commit(ctx)) == 0)
		rc = print_invoice(ctx, id, 0);
out:
	fb_client_release(&c);
	free(date);
	free(through);
	return rc;
}

static int
invoice_show(struct cmd_ctx *ctx)
{
	int64_t id;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if ((rc = find_ref(ctx, ctx->args.argv[0], &id)) != 0)
		return rc;
	return print_invoice(ctx, id, 1);
}

static int
invoice_list(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice_filter f;
	struct fb_client c;
	struct fb_table t;
	struct fb_json *arr = NULL;
	const char *status = cmd_get(ctx, "status"), *period = cmd_get(ctx, "period");
	char *from = NULL, *to = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	memset(&c, 0, sizeof(c));
	if (status && strcmp(status, "draft") && strcmp(status, "issued") &&
	    strcmp(status, "paid") && strcmp(status, "void"))
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--status':"
				 " want draft, issued, paid or void", status);
	if (period) {
		struct fb_period p;

		if (fb_period_parse(period, &p, &err) < 0)
			return cmd_fail(&err);
		from = fb_civil_date(&p.first);
		to = fb_civil_date(&p.last);
	}
	if (cmd_db(ctx) == NULL) {
		rc = FB_ERR_RUNTIME;
		goto out;
	}
	if (cmd_get(ctx, "client")) {
		if (fb_client_find(ctx->db, cmd_get(ctx, "client"), &c, &err) < 0) {
			rc = cmd_fail(&err);
			goto out;
		}
		f.client_id = c.id;
	}
	f.status = status;
	f.from = from;
	f.to = to;
	if (fb_invoice_list(ctx->db, &f, &ids, &n, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	fb_table_init(&t);
	fb_table_col(&t, "number", NULL, FB_COL_TEXT);
	fb_table_col(&t, "client", NULL, FB_COL_TEXT);
	fb_table_col(&t, "status", NULL, FB_COL_TEXT);
	fb_table_col(&t, "issue_date", "DATE", FB_COL_TEXT);
	fb_table_col(&t, "due_date", "DUE", FB_COL_TEXT);
	fb_table_col(&t, "total", NULL, FB_COL_MONEY);
	fb_table_col(&t, "balance", NULL, FB_COL_MONEY);
	fb_table_col(&t, "currency", "CUR", FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		struct fb_invoice inv;

		fb_invoice_init(&inv);
		if (fb_invoice_load(ctx->db, ids[i], &inv, &err) < 0) {
			rc = cmd_fail(&err);
			break;
		}
		if (arr) {
			fb_json_push(arr, fb_export_invoice_json(&inv));
		} else if (ctx->quiet) {
			if (inv.number)
				printf("%s\n", inv.number);
			else
				printf("%lld\n", (long long)inv.id);
		} else {
			fb_table_row(&t);
			fb_table_take(&t, 0, fb_invoice_name(&inv));
			fb_table_set(&t, 1, inv.client_code);
			fb_table_set(&t, 2, strcmp(inv.kind, "credit") == 0 ?
				     "credit" : inv.status);
			fb_table_set(&t, 3, inv.issue_date);
			fb_table_set(&t, 4, inv.due_date);
			fb_table_take(&t, 5, fb_money_format_human(inv.total, inv.currency));
			fb_table_take(&t, 6, fb_money_format_human(inv.balance, inv.currency));
			fb_table_set(&t, 7, inv.currency);
		}
		fb_invoice_release(&inv);
	}
	if (rc == 0) {
		if (arr)
			fb_json_write(arr, stdout);
		else if (!ctx->quiet && n > 0)
			fb_table_print(&t, stdout, ctx->color);
	}
	fb_json_free(arr);
	fb_table_release(&t);
out:
	free(ids);
	free(from);
	free(to);
	fb_client_release(&c);
	return rc;
}

static int
invoice_discard(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t id;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0)
		return cmd_fail(&err);
	if ((rc = find_ref(ctx, ctx->args.argv[0], &id)) != 0)
		return rc;
	if (fb_invoice_discard(ctx->db, id, &err) < 0)
		return cmd_fail(&err);
	if ((rc = cmd_commit(ctx)) == 0 && !ctx->quiet)
		printf("discarded draft %lld\n", (long long)id);
	return rc;
}

static int
invoice_refresh(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t id;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0)
		return cmd_fail(&err);
	if ((rc = find_ref(ctx, ctx->args.argv[0], &id)) != 0)
		return rc;
	if (fb_invoice_refresh(ctx->db, id, ctx->now, &err) < 0)
		return cmd_fail(&err);
	if ((rc = cmd_commit(ctx)) == 0)
		rc = print_invoice(ctx, id, 0);
	return rc;
}

static int
invoice_issue(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	char *date = NULL;
	int64_t id;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if ((rc = date_opt(ctx, "date", &date)) != 0)
		return rc;
	if (fb_db_begin(ctx->db, &err) < 0)
		rc = cmd_fail(&err);
	else if ((rc = find_ref(ctx, ctx->args.argv[0], &id)) == 0) {
		if (fb_invoice_issue(ctx->db, id, date, ctx->now, &err) < 0)
			rc = cmd_fail(&err);
		else if ((rc = cmd_commit(ctx)) == 0)
			rc = print_invoice(ctx, id, 0);
	}
	free(date);
	return rc;
}

static int
invoice_void(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	const char *reason = cmd_get(ctx, "reason");
	char *date = NULL;
	int64_t id, credit = 0;
	int rc;

	if (reason && !fb_utf8_valid(reason, 1))
		return cmd_error(FB_ERR_USAGE, "invalid value for '--reason':"
				 " not valid UTF-8 or has control characters");
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if ((rc = date_opt(ctx, "date", &date)) != 0)
		return rc;
	if (fb_db_begin(ctx->db, &err) < 0)
		rc = cmd_fail(&err);
	else if ((rc = find_ref(ctx, ctx->args.argv[0], &id)) == 0) {
		if (fb_invoice_void(ctx->db, id, reason, date, ctx->now, &credit, &err) < 0)
			rc = cmd_fail(&err);
		else if ((rc = cmd_commit(ctx)) == 0)
			rc = print_invoice(ctx, credit, 0);
	}
	free(date);
	return rc;
}

static int
invoice_pay(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	const char *method = cmd_get(ctx, "method"), *ref = cmd_get(ctx, "ref");
	char *date = NULL;
	int64_t id, amount;
	int rc;

	if ((method && !fb_utf8_valid(method, 0)) || (ref && !fb_utf8_valid(ref, 0)))
		return cmd_error(FB_ERR_USAGE, "invalid value for '--%s':"
				 " not valid UTF-8 or has control characters",
				 method && !fb_utf8_valid(method, 0) ? "method" : "ref");
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if ((rc = date_opt(ctx, "date", &date)) != 0)
		return rc;
	fb_invoice_init(&inv);
	if (fb_db_begin(ctx->db, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	if ((rc = find_ref(ctx, ctx->args.argv[0], &id)) != 0)
		goto out;
	if (fb_invoice_load(ctx->db, id, &inv, &err) < 0 ||
	    fb_money_parse(ctx->args.argv[1], inv.currency, 0, &amount, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (amount == 0) {
		rc = cmd_error(FB_ERR_USAGE, "invalid amount '%s': must be more than zero",
			       ctx->args.argv[1]);
		goto out;
	}
	if (fb_invoice_pay(ctx->db, id, amount, date, method, ref, ctx->now, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	if ((rc = cmd_commit(ctx)) != 0)
		goto out;
	if (ctx->json)
		rc = print_invoice(ctx, id, 0);
	else if (!ctx->quiet) {
		char *b = fb_money_format(inv.balance - amount, inv.currency);

		printf("%s %s %s\n", inv.number, inv.balance == amount ? "paid" : "balance", b);
		free(b);
	}
out:
	fb_invoice_release(&inv);
	free(date);
	return rc;
}

/* Copy a finished binary file to stdout (a pipe). */
static int
copy_out(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char buf[8192];
	size_t n;

	if (fp == NULL)
		return cmd_error(FB_ERR_RUNTIME, "cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	fclose(fp);
	return 0;
}

static int
export_binary(struct cmd_ctx *ctx, const struct fb_invoice *inv, const char *format,
	      const char *out)
{
	struct fb_err err = FB_ERR_INIT;
	char *paper = NULL, *tmp = NULL;
	int rc, fd;

	if (out == NULL) {
		const char *dir = getenv("TMPDIR");

		tmp = fb_xasprintf("%s/fixbill-XXXXXX", dir && *dir ? dir : "/tmp");
		if ((fd = mkstemp(tmp)) < 0) {
			rc = cmd_error(FB_ERR_RUNTIME, "cannot create a temporary file: %s",
				       strerror(errno));
			free(tmp);
			return rc;
		}
		close(fd);
	}
	if (strcmp(format, "pdf") == 0) {
		if (fb_config_get(ctx->db, "invoice.paper", &paper, &err) < 0)
			rc = -1;
		else
			rc = fb_export_invoice_pdf(inv, paper ? paper : "letter",
						   out ? out : tmp, &err);
	} else
		rc = fb_export_invoice_xlsx(inv, out ? out : tmp, &err);
	free(paper);
	if (rc < 0)
		rc = cmd_fail(&err);
	else if (tmp)
		rc = copy_out(tmp);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	return rc;
}

static int
export_text(const struct fb_invoice *inv, const char *format, const char *out)
{
	struct fb_err err = FB_ERR_INIT;
	FILE *fp = stdout;
	int rc = 0;

	if (out && (fp = fopen(out, "w")) == NULL)
		return cmd_error(FB_ERR_RUNTIME, "cannot write '%s': %s", out, strerror(errno));
	if (strcmp(format, "json") == 0) {
		struct fb_json *j = fb_export_invoice_json(inv);

		if (fb_json_write(j, fp) < 0)
			rc = fb_err_set(&err, FB_ERR_RUNTIME, "cannot write '%s': %s",
					out ? out : "standard output", strerror(errno));
		fb_json_free(j);
	} else if (strcmp(format, "csv") == 0)
		rc = fb_export_invoice_csv(inv, fp, &err);
	else
		rc = fb_export_invoice_txt(inv, fp, &err);
	if (out) {
		if (fclose(fp) != 0 && rc == 0)
			rc = fb_err_set(&err, FB_ERR_RUNTIME, "cannot write '%s': %s", out,
					strerror(errno));
		if (rc < 0)
			unlink(out);
	}
	return rc < 0 ? cmd_fail(&err) : 0;
}

/* A period's invoices, credit notes and payments for the bookkeeper. */
static int
export_period(struct cmd_ctx *ctx, const char *period, const char *format,
	      const char *out)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_period p;
	char *from = NULL, *to = NULL, *tmp = NULL;
	FILE *fp = stdout;
	int f = fb_accounting_format(format), rc = 0, fd;

	if (f < 0)
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--format' with '--period':"
				 " want xero, qbo, iif, ledger, csv, json or xlsx", format);
	if (fb_period_parse(period, &p, &err) < 0) {
		fb_err_prefix(&err, "invalid value for '--period'");
		return cmd_fail(&err);
	}
	if (f == FB_ACCT_XLSX && out == NULL && isatty(STDOUT_FILENO)) {
		rc = cmd_error(FB_ERR_USAGE, "cannot write xlsx to a terminal");
		cmd_hint("write it to a file with '-o FILE'");
		return rc;
	}
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	from = fb_civil_date(&p.first);
	to = fb_civil_date(&p.last);
	if (f == FB_ACCT_XLSX) {
		if (out == NULL) {
			const char *dir = getenv("TMPDIR");

			tmp = fb_xasprintf("%s/fixbill-XXXXXX", dir && *dir ? dir : "/tmp");
			if ((fd = mkstemp(tmp)) < 0) {
				rc = cmd_error(FB_ERR_RUNTIME, "cannot create a temporary file: %s",
					       strerror(errno));
				goto out;
			}
			close(fd);
		}
		if (fb_accounting_export(ctx->db, from, to, FB_ACCT_XLSX, NULL,
					 out ? out : tmp, &err) < 0)
			rc = cmd_fail(&err);
		else if (tmp)
			rc = copy_out(tmp);
		if (tmp)
			unlink(tmp);
		goto out;
	}
	if (out && (fp = fopen(out, "w")) == NULL) {
		rc = cmd_error(FB_ERR_RUNTIME, "cannot write '%s': %s", out, strerror(errno));
		goto out;
	}
	if (fb_accounting_export(ctx->db, from, to, (enum fb_acct_format)f, fp, NULL, &err) < 0)
		rc = -1;
	if (out) {
		if (fclose(fp) != 0 && rc == 0)
			rc = fb_err_set(&err, FB_ERR_RUNTIME, "cannot write '%s': %s", out,
					strerror(errno));
		if (rc < 0)
			unlink(out);
	}
	if (rc < 0)
		rc = cmd_fail(&err);
out:
	free(tmp);
	free(from);
	free(to);
	return rc;
}

static int
invoice_export(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	const char *format = cmd_get(ctx, "format"), *out = cmd_get(ctx, "output");
	const char *period = cmd_get(ctx, "period");
	int binary, rc;
	int64_t id;

	if (format == NULL)
		return cmd_error(FB_ERR_USAGE, "'invoice export' needs '--format'");
	if (out && *out == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--output' needs a value (FILE)");
	if (out && strcmp(out, "-") == 0)
		out = NULL;
	if (period && ctx->args.argc > 0) {
		rc = cmd_error(FB_ERR_USAGE, "'invoice export' takes REF or '--period', not both");
		cmd_hint("one invoice: 'fixbill invoice export REF --format pdf';"
			 " a month for the books: 'fixbill invoice export --period 2026-10 --format xero'");
		return rc;
	}
	if (period)
		return export_period(ctx, period, format, out);
	if (ctx->args.argc == 0) {
		rc = cmd_error(FB_ERR_USAGE, "'invoice export' needs REF or '--period'");
		cmd_hint("usage: fixbill invoice export --format FORMAT [--output FILE] [--period PERIOD] [REF]");
		return rc;
	}
	if (strcmp(format, "pdf") && strcmp(format, "xlsx") && strcmp(format, "csv") &&
	    strcmp(format, "json") && strcmp(format, "txt"))
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--format':"
				 " want pdf, xlsx, csv, json or txt", format);
	binary = strcmp(format, "pdf") == 0 || strcmp(format, "xlsx") == 0;
	if (binary && out == NULL && isatty(STDOUT_FILENO)) {
		rc = cmd_error(FB_ERR_USAGE, "cannot write %s to a terminal", format);
		cmd_hint("write it to a file with '-o FILE'");
		return rc;
	}
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if ((rc = find_ref(ctx, ctx->args.argv[0], &id)) != 0)
		return rc;
	fb_invoice_init(&inv);
	if (fb_invoice_load(ctx->db, id, &inv, &err) < 0)
		rc = cmd_fail(&err);
	else if (binary)
		rc = export_binary(ctx, &inv, format, out);
	else
		rc = export_text(&inv, format, out);
	fb_invoice_release(&inv);
	return rc;
}

/*
 * The month-end run.  Each client is billed in a transaction of its own,
 * so one client's failure (no rate, say) rolls back that client only and
 * the run goes on.  --dry-run does every step and rolls each one back,
 * so what it prints is exactly what a real run would bill.  Files are
 * written after the client's transaction commits: an issued invoice is
 * final whether or not its files could be written, and a later run with
 * --export writes the files the period's issued invoices still lack.
 */
struct run_item {
	char *client;
	int64_t id;		/* 0: a draft a dry run would make */
	char *number;
	char *shown;		/* the INVOICE column */
	int64_t total;
	char *currency;
	char **files;
	size_t nfiles, afiles;
};

struct run_failure {
	char *client;
	char *error;
};

struct run {
	struct cmd_ctx *ctx;
	const char *period;
	const char *dir;
	const char **formats;
	size_t nformats;
	int issue, dry;
	struct run_item *items;
	size_t nitems, aitems;
	struct run_failure *failed;
	size_t nfailed, afailed;
	int progress;
};

static const char *const run_formats[] = { "pdf", "xlsx", "csv", "json", "txt" };

static void
run_release(struct run *r)
{
	for (size_t i = 0; i < r->nitems; i++) {
		struct run_item *it = &r->items[i];

		free(it->client);
		free(it->number);
		free(it->shown);
		free(it->currency);
		for (size_t k = 0; k < it->nfiles; k++)
			free(it->files[k]);
		free(it->files);
	}
	free(r->items);
	for (size_t i = 0; i < r->nfailed; i++) {
		free(r->failed[i].client);
		free(r->failed[i].error);
	}
	free(r->failed);
	free(r->formats);
}

/* Report a client's failure on stderr and remember it for the summary. */
static void
run_fail(struct run *r, const char *client, struct fb_err *err)
{
	struct run_failure *f;

	if (r->progress)
		fputs("\r\033[K", stderr);
	fb_xgrow(&r->failed, &r->afailed, r->nfailed + 1, sizeof(*r->failed));
	f = &r->failed[r->nfailed++];
	f->client = fb_xstrdup(client);
	f->error = fb_xstrdup(err->msg ? err->msg : "failed");
	fb_err_prefix(err, "client '%s'", client);
	cmd_fail(err);
}

/* DIR/INV-2026-00001.pdf, or DIR/draft-3.pdf.  Caller frees. */
static char *
run_path(const struct run *r, const struct fb_invoice *inv, const char *ext)
{
	char *name = inv->number ? fb_xstrdup(inv->number) :
	    fb_xasprintf("draft-%lld", (long long)inv->id);
	char *path;

	/* A number format may hold a slash; a file name may not. */
	for (char *p = name; *p; p++)
		if (*p == '/')
			*p = '-';
	path = fb_xasprintf("%s/%s.%s", r->dir, name, ext);
	free(name);
	return path;
}

/* Write inv as format to path, through a temporary file renamed into place. */
static int
run_write(struct run *r, const struct fb_invoice *inv, const char *format,
	  const char *path, struct fb_err *err)
{
	char *tmp = fb_xasprintf("%s.tmp", path), *paper = NULL;
	FILE *fp;
	int rc;

	if (strcmp(format, "pdf") == 0) {
		if ((rc = fb_config_get(r->ctx->db, "invoice.paper", &paper, err)) >= 0)
			rc = fb_export_invoice_pdf(inv, paper ? paper : "letter", tmp, err);
		free(paper);
	} else if (strcmp(format, "xlsx") == 0) {
		rc = fb_export_invoice_xlsx(inv, tmp, err);
	} else if ((fp = fopen(tmp, "w")) == NULL) {
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", tmp, strerror(errno));
	} else {
		if (strcmp(format, "json") == 0) {
			struct fb_json *j = fb_export_invoice_json(inv);

			rc = fb_json_write(j, fp) < 0 ? fb_err_set(err, FB_ERR_RUNTIME,
			    "cannot write '%s': %s", tmp, strerror(errno)) : 0;
			fb_json_free(j);
		} else if (strcmp(format, "csv") == 0)
			rc = fb_export_invoice_csv(inv, fp, err);
		else
			rc = fb_export_invoice_txt(inv, fp, err);
		if (fclose(fp) != 0 && rc == 0)
			rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", tmp,
					strerror(errno));
	}
	if (rc == 0 && rename(tmp, path) != 0)
		rc = fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", path,
				strerror(errno));
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc < 0 ? -1 : 0;
}

/*
 * Write the invoice's files into the run's directory; with only_missing,
 * just those not there yet.  Returns -1 after reporting a failure.
 */
static int
run_files(struct run *r, struct run_item *it, const struct fb_invoice *inv,
	  int only_missing)
{
	struct fb_err err = FB_ERR_INIT;

	for (size_t k = 0; k < r->nformats; k++) {
		char *path = run_path(r, inv, r->formats[k]);
		struct stat sb;

		if (only_missing && stat(path, &sb) == 0) {
			free(path);
			continue;
		}
		if (run_write(r, inv, r->formats[k], path, &err) < 0) {
			fb_err_hint(&err, "the invoice stands; 'fixbill invoice run --period %s"
				    " --export DIR' writes the missing files", r->period);
			run_fail(r, inv->client_code, &err);
			free(path);
			return -1;
		}
		fb_xgrow(&it->files, &it->afiles, it->nfiles + 1, sizeof(*it->files));
		it->files[it->nfiles++] = path;
	}
	return 0;
}

static struct run_item *
run_add(struct run *r, const struct fb_invoice *inv, int created)
{
	struct run_item *it;

	fb_xgrow(&r->items, &r->aitems, r->nitems + 1, sizeof(*r->items));
	it = &r->items[r->nitems++];
	memset(it, 0, sizeof(*it));
	it->client = fb_xstrdup(inv->client_code);
	it->total = inv->total;
	it->currency = fb_xstrdup(inv->currency);
	if (!r->dry) {
		it->id = inv->id;
		it->number = inv->number ? fb_xstrdup(inv->number) : NULL;
		it->shown = fb_invoice_name(inv);
	} else {
		it->id = created ? 0 : inv->id;
		if (created)
			it->shown = fb_xstrdup(r->issue ? "(new invoice)" : "(new draft)");
		else
			it->shown = fb_xasprintf("draft %lld%s", (long long)inv->id,
						 r->issue ? " (to issue)" : "");
	}
	return it;
}

/* Bill one client in a transaction of its own. */
static void
run_client(struct run *r, int64_t client_id, int64_t through, int64_t **done,
	   size_t *ndone, size_t *adone)
{
	struct fb_err err = FB_ERR_INIT;
	struct cmd_ctx *ctx = r->ctx;
	struct fb_client c;
	struct fb_invoice inv;
	struct run_item *it;
	int64_t id = 0;
	int created = 0, rc;

	memset(&c, 0, sizeof(c));
	fb_invoice_init(&inv);
	if (fb_db_begin(ctx->db, &err) < 0 || fb_client_get(ctx->db, client_id, &c, &err) < 0) {
		fb_db_rollback(ctx->db);
		run_fail(r, c.code ? c.code : "?", &err);
		goto out;
	}
	rc = fb_invoice_run_client(ctx->db, client_id, r->period, through, r->issue,
				   ctx->now, &id, &created, &err);
	if (rc > 0)
		rc = fb_invoice_load(ctx->db, id, &inv, &err) < 0 ? -1 : 1;
	if (rc < 0) {
		fb_db_rollback(ctx->db);
		run_fail(r, c.code, &err);
		goto out;
	}
	if (r->dry)
		fb_db_rollback(ctx->db);
	else if (fb_db_commit(ctx->db, &err) < 0) {
		fb_db_rollback(ctx->db);
		run_fail(r, c.code, &err);
		goto out;
	}
	if (rc == 0)
		goto out;
	fb_xgrow(done, adone, *ndone + 1, sizeof(**done));
	(*done)[(*ndone)++] = id;
	it = run_add(r, &inv, created);
	if (r->dir && !r->dry)
		run_files(r, it, &inv, 0);
out:
	fb_invoice_release(&inv);
	fb_client_release(&c);
}

/* Issued invoices of the period whose files an earlier run could not write. */
static int
run_missing(struct run *r, const int64_t *done, size_t ndone)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t *ids = NULL;
	size_t n = 0;

	if (fb_invoice_run_issued(r->ctx->db, r->period, &ids, &n, &err) < 0)
		return cmd_fail(&err);
	for (size_t i = 0; i < n; i++) {
		struct fb_invoice inv;
		struct run_item item;
		size_t k;

		for (k = 0; k < ndone && done[k] != ids[i]; k++)
			;
		if (k < ndone)
			continue;
		fb_invoice_init(&inv);
		if (fb_invoice_load(r->ctx->db, ids[i], &inv, &err) < 0) {
			free(ids);
			return cmd_fail(&err);
		}
		memset(&item, 0, sizeof(item));
		if (r->dry) {
			for (k = 0; k < r->nformats; k++) {
				char *path = run_path(r, &inv, r->formats[k]);
				struct stat sb;

				if (stat(path, &sb) != 0) {
					fb_xgrow(&item.files, &item.afiles, item.nfiles + 1,
						 sizeof(*item.files));
					item.files[item.nfiles++] = path;
				} else
					free(path);
			}
		} else
			run_files(r, &item, &inv, 1);
		if (item.nfiles > 0) {
			int dry = r->dry;
			struct run_item *it;

			r->dry = 0;
			it = run_add(r, &inv, 0);
			r->dry = dry;
			it->files = item.files;
			it->nfiles = item.nfiles;
			it->afiles = item.afiles;
		} else
			free(item.files);
		fb_invoice_release(&inv);
	}
	free(ids);
	return 0;
}

static void
run_report(struct run *r, const char *last)
{
	struct cmd_ctx *ctx = r->ctx;

	if (ctx->json) {
		struct fb_json *doc = fb_json_object(), *arr = fb_json_array(),
		    *fails = fb_json_array();

		fb_json_set_str(doc, "period", r->period);
		fb_json_set_bool(doc, "dry_run", r->dry);
		for (size_t i = 0; i < r->nitems; i++) {
			struct run_item *it = &r->items[i];
			struct fb_json *o = fb_json_object(), *files = fb_json_array();

			fb_json_set_str(o, "client", it->client);
			if (it->id > 0)
				fb_json_set_int(o, "id", it->id);
			else
				fb_json_set_null(o, "id");
			fb_json_set_str(o, "number", it->number);
			fb_json_set_money(o, "total", it->total, it->currency);
			fb_json_set_str(o, "currency", it->currency);
			for (size_t k = 0; k < it->nfiles; k++)
				fb_json_push_str(files, it->files[k]);
			fb_json_set(o, "files", files);
			fb_json_push(arr, o);
		}
		fb_json_set(doc, "invoices", arr);
		for (size_t i = 0; i < r->nfailed; i++) {
			struct fb_json *o = fb_json_object();

			fb_json_set_str(o, "client", r->failed[i].client);
			fb_json_set_str(o, "error", r->failed[i].error);
			fb_json_push(fails, o);
		}
		fb_json_set(doc, "failed", fails);
		fb_json_write(doc, stdout);
		fb_json_free(doc);
		return;
	}
	if (ctx->quiet)
		return;
	if (r->nitems == 0) {
		if (r->nfailed == 0)
			printf("nothing to bill through %s\n", last);
		return;
	}
	{
		struct fb_table t;

		fb_table_init(&t);
		fb_table_col(&t, "client", NULL, FB_COL_TEXT);
		fb_table_col(&t, "invoice", NULL, FB_COL_TEXT);
		fb_table_col(&t, "total", NULL, FB_COL_MONEY);
		fb_table_col(&t, "currency", "CUR", FB_COL_TEXT);
		fb_table_col(&t, "files", NULL, FB_COL_TEXT);
		for (size_t i = 0; i < r->nitems; i++) {
			struct run_item *it = &r->items[i];
			struct fb_buf b = FB_BUF_INIT;

			for (size_t k = 0; k < it->nfiles; k++) {
				const char *slash = strrchr(it->files[k], '/');

				fb_buf_addf(&b, "%s%s", k ? " " : "", slash ? slash + 1 : it->files[k]);
			}
			fb_table_row(&t);
			fb_table_set(&t, 0, it->client);
			fb_table_set(&t, 1, it->shown);
			fb_table_take(&t, 2, fb_money_format_human(it->total, it->currency));
			fb_table_set(&t, 3, it->currency);
			fb_table_take(&t, 4, fb_buf_detach(&b));
		}
		fb_table_print(&t, stdout, ctx->color);
		fb_table_release(&t);
		if (r->dry)
			printf("dry run: nothing was written\n");
	}
}

static int
run_parse_formats(struct run *r, const char *list)
{
	char *copy = fb_xstrdup(list), *save = NULL;
	size_t alloc = 0;

	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		const char *found = NULL;
		size_t k;

		for (k = 0; k < FB_ARRAY_SIZE(run_formats); k++)
			if (strcmp(w, run_formats[k]) == 0)
				found = run_formats[k];
		if (found == NULL) {
			int rc = cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--formats':"
					   " want a list of pdf, xlsx, csv, json and txt", w);

			free(copy);
			return rc;
		}
		for (k = 0; k < r->nformats && r->formats[k] != found; k++)
			;
		if (k == r->nformats) {
			fb_xgrow(&r->formats, &alloc, r->nformats + 1, sizeof(*r->formats));
			r->formats[r->nformats++] = found;
		}
	}
	free(copy);
	if (r->nformats == 0)
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--formats':"
				 " want a list of pdf, xlsx, csv, json and txt", list);
	return 0;
}

static int
invoice_run(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_period p;
	struct run r;
	const char *formats = cmd_get(ctx, "formats");
	int64_t *clients = NULL, *done = NULL;
	size_t nclients = 0, ndone = 0, adone = 0;
	char *last = NULL;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.period = cmd_get(ctx, "period");
	r.dir = cmd_get(ctx, "export");
	r.issue = cmd_has(ctx, "issue");
	r.dry = cmd_has(ctx, "dry-run");
	if (fb_period_parse(r.period, &p, &err) < 0) {
		fb_err_prefix(&err, "invalid value for '--period'");
		return cmd_fail(&err);
	}
	if (formats && r.dir == NULL) {
		rc = cmd_error(FB_ERR_USAGE, "'--formats' needs '--export DIR'");
		cmd_hint("fixbill invoice run --period %s --export ~/invoices --formats %s",
			 r.period, formats);
		return rc;
	}
	if (r.dir) {
		struct stat sb;

		memset(&sb, 0, sizeof(sb));
		if (*r.dir == '\0')
			return cmd_error(FB_ERR_USAGE, "option '--export' needs a value (DIR)");
		if ((rc = run_parse_formats(&r, formats ? formats : "pdf")) != 0)
			goto out;
		/* Before anything is billed: a run that cannot write its files stops here. */
		if (!r.dry && stat(r.dir, &sb) != 0 && mkdir(r.dir, 0777) != 0) {
			rc = cmd_error(FB_ERR_RUNTIME, "cannot create directory '%s': %s", r.dir,
				       strerror(errno));
			goto out;
		}
		if ((stat(r.dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) ||
		    (!r.dry && access(r.dir, W_OK | X_OK) != 0)) {
			rc = cmd_error(FB_ERR_RUNTIME, "cannot write into '%s': %s", r.dir,
				       S_ISDIR(sb.st_mode) ? strerror(errno) : "not a directory");
			goto out;
		}
	}
	if (cmd_db(ctx) == NULL) {
		rc = FB_ERR_RUNTIME;
		goto out;
	}
	last = fb_civil_date(&p.last);
	if (fb_invoice_run_clients(ctx->db, p.end, r.period, &clients, &nclients, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	r.progress = !ctx->quiet && nclients >= 10 && isatty(STDERR_FILENO);
	for (size_t i = 0; i < nclients; i++) {
		if (r.progress)
			fprintf(stderr, "\rbilling %s: client %zu of %zu", r.period, i + 1, nclients);
		run_client(&r, clients[i], p.end, &done, &ndone, &adone);
	}
	if (r.progress)
		fputs("\r\033[K", stderr);
	if (r.dir && (rc = run_missing(&r, done, ndone)) != 0)
		goto out;
	run_report(&r, last);
	rc = r.nfailed > 0 ? FB_ERR_RUNTIME : 0;
out:
	free(clients);
	free(done);
	free(last);
	run_release(&r);
	return rc;
}

static const struct cmd_opt create_opts[] = {
	{ 0, "client", OPT_STRING, "CODE", "the client to invoice", "@client", OPTF_REQUIRED },
	{ 0, "through", OPT_STRING, "DATE", "bill jobs resolved on or before DATE (default: the invoice date, else today)", NULL, 0 },
	{ 0, "include-open", OPT_BOOL, NULL, "also bill open jobs' work so far", NULL, 0 },
	{ 0, "date", OPT_STRING, "DATE", "the invoice date (default: the day it is issued)", NULL, 0 },
	OPT_END
};

static const struct cmd_opt list_opts[] = {
	{ 0, "client", OPT_STRING, "CODE", "only this client's invoices", "@client", 0 },
	{ 0, "status", OPT_STRING, "STATUS", "draft, issued, paid or void", "draft issued paid void", 0 },
	{ 0, "period", OPT_STRING, "PERIOD", "issued in 2026-10, 2026-Q4 or 2026", NULL, 0 },
	OPT_END
};

static const struct cmd_opt issue_opts[] = {
	{ 0, "date", OPT_STRING, "DATE", "the issue date (default: the draft's date, else today)", NULL, 0 },
	OPT_END
};

static const struct cmd_opt void_opts[] = {
	{ 0, "reason", OPT_STRING, "TEXT", "why, printed on the credit note", NULL, 0 },
	{ 0, "date", OPT_STRING, "DATE", "the credit note's date (default: today)", NULL, 0 },
	OPT_END
};

static const struct cmd_opt pay_opts[] = {
	{ 0, "date", OPT_STRING, "DATE", "when it was paid (default: today)", NULL, 0 },
	{ 0, "method", OPT_STRING, "TEXT", "how: bank, card, cash, cheque...", NULL, 0 },
	{ 0, "ref", OPT_STRING, "TEXT", "the payment's reference", NULL, 0 },
	OPT_END
};

static const struct cmd_opt export_opts[] = {
	{ 0, "format", OPT_STRING, "FORMAT", "pdf, xlsx, csv, json or txt; with --period xero, qbo, iif, ledger, csv, json or xlsx", "pdf xlsx csv json txt xero qbo iif ledger", OPTF_REQUIRED },
	{ 'o', "output", OPT_STRING, "FILE", "write to FILE (text formats default to standard output)", "@file", 0 },
	{ 0, "period", OPT_STRING, "PERIOD", "every invoice, credit note and payment of 2026-10, 2026-Q4 or 2026, for the books", NULL, 0 },
	OPT_END
};

static const struct cmd_opt run_opts[] = {
	{ 0, "period", OPT_STRING, "PERIOD", "bill work of jobs resolved by the end of 2026-10, 2026-Q4 or 2026", NULL, OPTF_REQUIRED },
	{ 0, "issue", OPT_BOOL, NULL, "issue the invoices (default: leave drafts)", NULL, 0 },
	{ 0, "export", OPT_STRING, "DIR", "write each invoice into DIR, named by its number", "@dir", 0 },
	{ 0, "formats", OPT_STRING, "LIST", "with --export: comma-separated pdf, xlsx, csv, json, txt (default pdf)", NULL, 0 },
	{ 0, "dry-run", OPT_BOOL, NULL, "show what would be billed; change nothing", NULL, 0 },
	OPT_END
};

static const struct cmd_opt no_opts[] = { OPT_END };

static const struct cmd_verb invoice_verbs[] = {
	{ "create", "", "make a draft of a client's unbilled work", create_opts, 0, 0, invoice_create, NULL },
	{ "show", "REF", "show an invoice (a number, or a draft's id)", no_opts, 1, 1, invoice_show, "@invoice" },
	{ "list", "", "list invoices", list_opts, 0, 0, invoice_list, NULL },
	{ "refresh", "DRAFT", "re-price a draft and pick up new work", no_opts, 1, 1, invoice_refresh, "@invoice" },
	{ "discard", "DRAFT", "delete a draft, releasing its work", no_opts, 1, 1, invoice_discard, "@invoice" },
	{ "issue", "DRAFT", "number a draft and make it final", issue_opts, 1, 1, invoice_issue, "@invoice" },
	{ "void", "NUMBER", "cancel an issued invoice with a credit note", void_opts, 1, 1, invoice_void, "@invoice" },
	{ "pay", "NUMBER AMOUNT", "record a payment", pay_opts, 2, 2, invoice_pay, "@invoice" },
	{ "export", "[REF]", "write an invoice, or a period for the books", export_opts, 0, 1, invoice_export, "@invoice" },
	{ "run", "", "month-end: invoice every client with work in a period", run_opts, 0, 0, invoice_run, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_invoice_entry = {
	.name = "invoice",
	.summary = "invoices: create, issue, void, pay, export, month-end run",
	.verbs = invoice_verbs,
};
