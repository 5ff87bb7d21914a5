/*
 * invoice.c - `fixbill invoice`: turning resolved jobs into invoices.
 * A draft gathers a client's unbilled work and prices it (SPEC section
 * 5); issuing gives it the next number of its series and freezes it for
 * good; voiding answers it with a credit note and frees its work to be
 * billed again; payments settle it; export writes it as text, JSON, CSV,
 * XLSX or PDF.  Each command is one transaction: a refused or failed one
 * changes nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static int
invoice_export(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	const char *format = cmd_get(ctx, "format"), *out = cmd_get(ctx, "output");
	int binary, rc;
	int64_t id;

	if (format == NULL)
		return cmd_error(FB_ERR_USAGE, "'invoice export' needs '--format'");
	if (strcmp(format, "pdf") && strcmp(format, "xlsx") && strcmp(format, "csv") &&
	    strcmp(format, "json") && strcmp(format, "txt"))
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--format':"
				 " want pdf, xlsx, csv, json or txt", format);
	binary = strcmp(format, "pdf") == 0 || strcmp(format, "xlsx") == 0;
	if (out && *out == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--output' needs a value (FILE)");
	if (out && strcmp(out, "-") == 0)
		out = NULL;
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
	{ 0, "format", OPT_STRING, "FORMAT", "pdf, xlsx, csv, json or txt", "pdf xlsx csv json txt", OPTF_REQUIRED },
	{ 'o', "output", OPT_STRING, "FILE", "write to FILE (text formats default to standard output)", "@file", 0 },
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
	{ "export", "REF", "write an invoice as pdf, xlsx, csv, json or txt", export_opts, 1, 1, invoice_export, "@invoice" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_invoice_entry = {
	.name = "invoice",
	.summary = "invoices: create, issue, void, pay, export, month-end run",
	.verbs = invoice_verbs,
};
