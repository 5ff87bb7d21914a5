/*
 * invoice.c - `fixbill invoice`: turning resolved jobs into invoices.
 * A draft gathers a client's unbilled work and prices it (SPEC section
 * 5); issuing gives it the next number of its series and freezes it for
 * good; voiding answers it with a credit note and frees its work to be
 * billed again; payments settle it; export writes it as text, JSON, CSV,
 * XLSX or PDF, or as an e-invoice (Factur-X, CII, UBL).  Each command is one transaction, committed by main once
 * its output is out: a refused or failed one changes nothing.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounting.h"
#include "charge.h"
#include "client.h"
#include "cmd.h"
#include "config.h"
#include "einvoice.h"
#include "export.h"
#include "invoice.h"
#include "job.h"
#include "json.h"
#include "money.h"
#include "output.h"
#include "payment.h"
#include "table.h"
#include "tax.h"
#include "when.h"

/* A date option as YYYY-MM-DD (caller frees), or NULL when absent. */
static char *
date_text(const struct opt_date *d)
{
	return d->arg ? fb_civil_date(&d->v) : NULL;
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

struct create_opts {
	const char *client;
	struct opt_date through;
	int include_open;
	struct opt_date date;
	const char *ref;
};

static int
check_create(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct create_opts *o = opts;

	(void)ctx;
	if (o->ref && fb_job_check_text("reference", o->ref, 0, FB_JOB_TITLE_MAX, 0, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
invoice_create(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct create_opts *o = opts;
	struct fb_invoice_scope s;
	struct fb_client c;
	struct fb_civil cv;
	char *date = date_text(&o->date), *through;
	int64_t id = 0;
	int rc;

	memset(&s, 0, sizeof(s));
	memset(&c, 0, sizeof(c));
	/* Work through the invoice's date, else through today. */
	if (o->through.arg)
		cv = o->through.v;
	else if (o->date.arg)
		cv = o->date.v;
	else
		fb_date_parse("today", ctx->now, &cv, NULL);
	through = fb_civil_date(&cv);
	fb_civil_from_days(fb_days_from_civil(cv.year, cv.month, cv.day) + 1,
			   &cv.year, &cv.month, &cv.day);
	if (fb_day_start(cv.year, cv.month, cv.day, &s.through, &err) < 0 ||
	    fb_client_find(ctx->db, o->client, &c, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	s.client_id = c.id;
	s.include_open = o->include_open;
	s.date = date;
	rc = fb_invoice_create(ctx->db, &s, ctx->now, &id, &err);
	if (rc > 0 && o->ref && fb_invoice_set_ref(ctx->db, id, o->ref, &err) < 0)
		rc = -1;
	if (rc < 0) {
		fb_err_prefix(&err, "cannot invoice '%s'", c.code);
		rc = cmd_fail(&err);
	} else if (rc == 0) {
		if (ctx->json)
			puts("null");
		else if (!ctx->quiet)
			printf("nothing to bill for '%s' through %s\n", c.code, through);
	} else
		rc = print_invoice(ctx, id, 0);
out:
	fb_client_release(&c);
	free(date);
	free(through);
	return rc;
}

static int
invoice_show(struct cmd_ctx *ctx, void *opts)
{
	int64_t id;
	int rc;

	(void)opts;
	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		return rc;
	return print_invoice(ctx, id, 1);
}

struct list_opts {
	const char *client;
	struct opt_num status;
	struct opt_period issued;
};

static int
invoice_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct list_opts *o = opts;
	struct fb_invoice_filter f;
	struct fb_client c;
	struct fb_table t;
	struct fb_json *arr = NULL;
	char *from = NULL, *to = NULL;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	memset(&c, 0, sizeof(c));
	if (o->issued.set) {
		from = fb_civil_date(&o->issued.v.first);
		to = fb_civil_date(&o->issued.v.last);
	}
	if (o->client) {
		if (fb_client_find(ctx->db, o->client, &c, &err) < 0) {
			rc = cmd_fail(&err);
			goto out;
		}
		f.client_id = c.id;
	}
	f.status = o->status.arg;
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
invoice_discard(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t id;
	int rc;

	(void)opts;
	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		return rc;
	if (fb_invoice_discard(ctx->db, id, &err) < 0)
		return cmd_fail(&err);
	if (!ctx->quiet)
		printf("discarded draft %lld\n", (long long)id);
	return 0;
}

static int
invoice_refresh(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t id;
	int rc;

	(void)opts;
	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		return rc;
	if (fb_invoice_refresh(ctx->db, id, ctx->now, &err) < 0)
		return cmd_fail(&err);
	return print_invoice(ctx, id, 0);
}

/*
 * Editing a draft: each verb finds the draft, has lib/ change and
 * re-price it (a total below zero is refused there), and prints the
 * draft's name, or its show document with --json.
 */
static int
edited(struct cmd_ctx *ctx, int64_t id, int rc, struct fb_err *err)
{
	if (rc < 0)
		return cmd_fail(err);
	return ctx->quiet && !ctx->json ? 0 : print_invoice(ctx, id, 0);
}

static int
draft_currency(struct cmd_ctx *ctx, int64_t id, char **cur)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;

	fb_invoice_init(&inv);
	if (fb_invoice_load(ctx->db, id, &inv, &err) < 0)
		return cmd_fail(&err);
	*cur = fb_xstrdup(inv.currency);
	fb_invoice_release(&inv);
	return 0;
}

struct line_opts {
	const char *desc;
	const char *amount;	/* money: parsed in the draft's currency */
	struct opt_num qty;
	const char *price;
	const char *tax;	/* add: the line's own tax code */
	int64_t line;		/* rm: the line number, from check_line */
};

static int
parse_qty(const char *s, int64_t *v, struct fb_err *err)
{
	return fb_charge_parse_quantity(s, v, err);
}

static int
check_line(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct line_opts *o = opts;
	const char *what = ctx->argv[0];
	int rc;

	if (strcmp(what, "add") == 0) {
		if (ctx->argc != 2)
			return cmd_error(FB_ERR_USAGE, "'invoice line add' takes DRAFT only");
		if (o->desc == NULL)
			return cmd_error(FB_ERR_USAGE, "'invoice line add' needs '--desc'");
		if ((o->amount != NULL) == (o->qty.arg != NULL || o->price != NULL) ||
		    (o->amount == NULL && (o->qty.arg == NULL || o->price == NULL))) {
			rc = cmd_error(FB_ERR_USAGE, "'invoice line add' needs '--amount'"
				       " or both '--qty' and '--price'");
			cmd_hint("fixbill invoice line add DRAFT --desc TEXT (--amount A |"
				 " --qty Q --price P)");
			return rc;
		}
		if (fb_job_check_text("description", o->desc, 0, FB_JOB_TITLE_MAX, 1, &err) < 0)
			return cmd_fail(&err);
		if (o->tax) {
			char *code = NULL;

			if (fb_tax_check_code(o->tax, &code, &err) < 0)
				return cmd_fail(&err);
			free(code);
		}
		return 0;
	}
	if (strcmp(what, "rm") == 0) {
		if (ctx->argc != 3)
			return cmd_error(FB_ERR_USAGE, "'invoice line rm' takes DRAFT and LINE");
		if (o->desc || o->amount || o->qty.arg || o->price || o->tax)
			return cmd_error(FB_ERR_USAGE, "'invoice line rm' takes no options");
		if (fb_parse_uint(ctx->argv[2], INT64_MAX, &o->line) < 0 || o->line == 0)
			return cmd_error(FB_ERR_USAGE, "invalid line number '%s'", ctx->argv[2]);
		return 0;
	}
	return cmd_error(FB_ERR_USAGE, "invalid action '%s' for 'invoice line': want add or rm",
			 what);
}

static int
invoice_line(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct line_opts *o = opts;
	char *cur = NULL;
	int64_t id, price = 0, amount = 0, line;
	int rc;

	if ((rc = find_ref(ctx, ctx->argv[1], &id)) != 0)
		return rc;
	if (strcmp(ctx->argv[0], "rm") == 0)
		return edited(ctx, id, fb_invoice_line_rm(ctx->db, id, o->line, &err), &err);
	if ((rc = draft_currency(ctx, id, &cur)) != 0)
		return rc;
	if ((o->amount && fb_money_parse(o->amount, cur, 1, &amount, &err) < 0) ||
	    (o->price && fb_money_parse(o->price, cur, 0, &price, &err) < 0)) {
		free(cur);
		return cmd_fail(&err);
	}
	free(cur);
	if (fb_invoice_line_add(ctx->db, id, o->desc, o->qty.arg ? o->qty.v : 0, price,
				amount, o->tax, &line, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json)
		return print_invoice(ctx, id, 0);
	if (!ctx->quiet)
		printf("line %lld\n", (long long)line);
	return 0;
}

struct release_opts {
	struct opt_num job;
};

static int
invoice_release(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct release_opts *o = opts;
	int64_t id;
	int rc;

	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		return rc;
	return edited(ctx, id, fb_invoice_release_job(ctx->db, id, o->job.v, &err), &err);
}

struct discount_opts {
	const char *percent;
	const char *amount;	/* money: parsed in the draft's currency */
	const char *desc;
	int64_t pct;		/* from check_discount: ten-thousandths of a percent */
};

static int
check_discount(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct discount_opts *o = opts;
	int rc;

	(void)ctx;
	if (o->percent == NULL && o->amount == NULL) {
		rc = cmd_error(FB_ERR_USAGE, "'invoice discount' needs one of '--percent'"
			       " or '--amount'");
		cmd_hint("'--amount 0' removes the discount");
		return rc;
	}
	if (o->percent != NULL) {
		char *copy = fb_xstrdup(o->percent);
		size_t n = strlen(copy);

		if (n > 0 && copy[n - 1] == '%')
			copy[n - 1] = '\0';
		rc = fb_parse_decimal(copy, 4, 0, &o->pct, NULL);
		free(copy);
		if (rc < 0 || o->pct <= 0 || o->pct > 1000000)
			return cmd_error(FB_ERR_USAGE, "invalid percentage '%s':"
					 " want more than 0 and at most 100", o->percent);
	}
	if (o->desc != NULL &&
	    fb_job_check_text("description", o->desc, 0, FB_JOB_TITLE_MAX, 1, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
invoice_discount(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct discount_opts *o = opts;
	char *cur = NULL;
	int64_t id, amount = 0;
	int rc;

	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		return rc;
	if (o->amount != NULL) {
		if ((rc = draft_currency(ctx, id, &cur)) != 0)
			return rc;
		rc = fb_money_parse(o->amount, cur, 0, &amount, &err);
		free(cur);
		if (rc < 0)
			return cmd_fail(&err);
	}
	return edited(ctx, id, fb_invoice_discount(ctx->db, id, o->pct, amount, o->desc, &err),
		      &err);
}

struct edit_opts {
	const char *ref;
	const char *note;
	struct opt_num terms;
	struct opt_date date;
};

static int
check_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct edit_opts *o = opts;
	int rc;

	(void)ctx;
	if (!o->ref && !o->note && !o->terms.arg && !o->date.arg) {
		rc = cmd_error(FB_ERR_USAGE, "nothing to change for 'invoice edit'");
		cmd_hint("see 'fixbill invoice edit -h'");
		return rc;
	}
	if ((o->ref && fb_job_check_text("reference", o->ref, 0, FB_JOB_TITLE_MAX, 0, &err) < 0) ||
	    (o->note && fb_job_check_text("note", o->note, 1, FB_JOB_TEXT_MAX, 0, &err) < 0))
		return cmd_fail(&err);
	return 0;
}

static int
invoice_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct edit_opts *o = opts;
	struct fb_invoice_edit e;
	char *date = date_text(&o->date);
	int64_t id;
	int rc;

	memset(&e, 0, sizeof(e));
	e.set_ref = o->ref != NULL;
	e.ref = o->ref;
	e.set_note = o->note != NULL;
	e.note = o->note;
	e.set_terms = o->terms.arg != NULL;
	e.terms = o->terms.v;
	e.set_date = date != NULL;
	e.date = date;
	if ((rc = find_ref(ctx, ctx->argv[0], &id)) == 0)
		rc = edited(ctx, id, fb_invoice_edit(ctx->db, id, &e, &err), &err);
	free(date);
	return rc;
}

struct issue_opts {
	struct opt_date date;
};

static int
invoice_issue(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct issue_opts *o = opts;
	char *date = date_text(&o->date);
	int64_t id;
	int rc;

	if ((rc = find_ref(ctx, ctx->argv[0], &id)) == 0) {
		if (fb_invoice_issue(ctx->db, id, date, ctx->now, &err) < 0)
			rc = cmd_fail(&err);
		else
			rc = print_invoice(ctx, id, 0);
	}
	free(date);
	return rc;
}

struct void_opts {
	const char *reason;
	struct opt_date date;
};

static int
check_void(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct void_opts *o = opts;

	(void)ctx;
	if (fb_invoice_check_reason(o->reason, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
invoice_void(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct void_opts *o = opts;
	char *date = date_text(&o->date);
	int64_t id, credit = 0;
	int rc;

	if ((rc = find_ref(ctx, ctx->argv[0], &id)) == 0) {
		if (fb_invoice_void(ctx->db, id, o->reason, date, ctx->now, &credit, &err) < 0)
			rc = cmd_fail(&err);
		else
			rc = print_invoice(ctx, credit, 0);
	}
	free(date);
	return rc;
}

struct pay_opts {
	struct opt_date date;
	const char *method, *ref;
	struct opt_num excess;
};

static int
check_pay(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct pay_opts *o = opts;

	(void)ctx;
	if (fb_payment_check_text(o->method, o->ref, NULL, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

/*
 * After a payment or credit application: "payment 3: INV-2026-00001
 * balance 60.00" (or "paid"), with what went to credit; with --json the
 * invoice's document.
 */
static int
print_paid(struct cmd_ctx *ctx, const char *kind, int64_t rec, int64_t id, int64_t credit)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_invoice inv;
	char *b, *c;

	if (ctx->json)
		return print_invoice(ctx, id, 0);
	if (ctx->quiet)
		return 0;
	fb_invoice_init(&inv);
	if (fb_invoice_load(ctx->db, id, &inv, &err) < 0)
		return cmd_fail(&err);
	b = fb_money_format(inv.balance, inv.currency);
	c = fb_money_format(credit, inv.currency);
	printf("%s %lld: %s %s%s", kind, (long long)rec, inv.number,
	       inv.balance == 0 ? "paid" : "balance ", inv.balance == 0 ? "" : b);
	if (credit > 0)
		printf(", %s to credit", c);
	putchar('\n');
	free(b);
	free(c);
	fb_invoice_release(&inv);
	return 0;
}

static int
invoice_pay(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct pay_opts *o = opts;
	struct fb_payment_in in;
	struct fb_payment p;
	struct fb_invoice inv;
	char *date = date_text(&o->date);
	int64_t id, rec = 0;
	int rc;

	memset(&in, 0, sizeof(in));
	fb_invoice_init(&inv);
	fb_payment_init(&p);
	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		goto out;
	if (fb_invoice_load(ctx->db, id, &inv, &err) < 0 ||
	    fb_money_parse(ctx->argv[1], inv.currency, 0, &in.amount, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (in.amount == 0) {
		rc = cmd_error(FB_ERR_USAGE, "invalid amount '%s': must be more than zero",
			       ctx->argv[1]);
		goto out;
	}
	in.date = date;
	in.method = o->method;
	in.ref = o->ref;
	in.excess = o->excess.arg != NULL;
	rc = fb_payment_pay(ctx->db, id, &in, ctx->now, &rec, &err);
	if (rc < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (rc == 0) {
		/* A retry: the payment is there already, and that is success. */
		rc = 0;
		if (ctx->json)
			rc = print_invoice(ctx, id, 0);
		else
			printf("already recorded: payment %lld\n", (long long)rec);
		goto out;
	}
	if ((rc = fb_payment_get(ctx->db, rec, &p, &err)) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	rc = print_paid(ctx, "payment", rec, id, p.amount - p.applied);
out:
	fb_payment_release(&p);
	fb_invoice_release(&inv);
	free(date);
	return rc;
}

struct apply_opts {
	struct opt_date date;
};

static int
invoice_apply_credit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct apply_opts *o = opts;
	struct fb_invoice inv;
	char *date = date_text(&o->date);
	int64_t id, rec = 0, amount = 0;
	int rc;

	fb_invoice_init(&inv);
	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		goto out;
	if (ctx->argc > 1) {
		if (fb_invoice_load(ctx->db, id, &inv, &err) < 0 ||
		    fb_money_parse(ctx->argv[1], inv.currency, 0, &amount, &err) < 0) {
			rc = cmd_fail(&err);
			goto out;
		}
		if (amount == 0) {
			rc = cmd_error(FB_ERR_USAGE, "invalid amount '%s': must be more than zero",
				       ctx->argv[1]);
			goto out;
		}
	}
	if (fb_payment_apply(ctx->db, id, amount, date, ctx->now, &rec, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	rc = print_paid(ctx, "credit", rec, id, 0);
out:
	fb_invoice_release(&inv);
	free(date);
	return rc;
}

/*
 * What an export writes: the format, and for an e-invoice its profile,
 * its prepared document and its XML (made before the file is opened, so
 * that missing data writes nothing).  missing lists what an e-invoice
 * lacks when it is refused for that.
 */
struct export {
	const char *format;
	const char *profile;	/* NULL or "xrechnung" */
	struct fb_einv e;
	int built;
	char *xml;
	size_t len;
	char **missing;
	size_t nmissing;
};

static int
is_einvoice(const char *format)
{
	return strcmp(format, "facturx") == 0 || strcmp(format, "cii") == 0 ||
	       strcmp(format, "ubl") == 0;
}

static void
export_release(struct export *x)
{
	if (x->built) {
		for (size_t i = 0; i < x->nmissing; i++)
			free(x->missing[i]);
		free(x->missing);
		fb_einv_release(&x->e);
	}
	free(x->xml);
	x->built = 0;
	x->xml = NULL;
	x->missing = NULL;
	x->nmissing = 0;
}

/* Check and build an e-invoice of inv; with its XML. */
static int
export_prepare(const struct fb_invoice *inv, struct export *x, struct fb_err *err)
{
	int ubl = strcmp(x->format, "ubl") == 0;
	enum fb_einv_profile profile = x->profile ? FB_EINV_XRECHNUNG :
	    ubl ? FB_EINV_PEPPOL : FB_EINV_EN16931;

	x->built = 1;
	if (fb_einv_build(inv, ubl ? FB_EINV_UBL : FB_EINV_CII, profile, x->format, &x->e,
			  err) < 0) {
		/* The list outlives the document: the caller prints it. */
		x->missing = x->e.missing;
		x->nmissing = x->e.nmissing;
		x->e.missing = NULL;
		x->e.nmissing = 0;
		return -1;
	}
	return ubl ? fb_einv_write_ubl(&x->e, &x->xml, &x->len, err) :
	    fb_einv_write_cii(&x->e, &x->xml, &x->len, err);
}

/*
 * The error of a refused e-invoice: its line, each missing item under
 * it ("missing BT-55 buyer country code: fixbill client edit ..."), and
 * its hint.  Returns the exit status.
 */
static int
export_fail(struct fb_err *err, const struct export *x)
{
	int code = err->code ? (int)err->code : FB_ERR_RUNTIME;

	cmd_error(code, "%s", err->msg ? err->msg : "unknown error");
	for (size_t i = 0; i < x->nmissing; i++) {
		char *m = cmd_esc(x->missing[i]);

		fprintf(stderr, "missing %s\n", m);
		free(m);
	}
	if (err->hint)
		cmd_hint("%s", err->hint);
	fb_err_release(err);
	return code;
}

/*
 * Write one invoice as format through out: PDF, XLSX and Factur-X by
 * name (their libraries write files), the others to its stream.  The
 * paper of a PDF is invoice.paper, the client's own when it has one.
 */
static int
write_invoice(struct fb_db *db, const struct fb_invoice *inv, struct export *x,
	      struct fb_output *out, struct fb_err *err)
{
	const char *format = x->format;
	char *paper = NULL;
	int rc;

	if (strcmp(format, "facturx") == 0) {
		if ((rc = fb_config_get_for(db, inv->client_id, "invoice.paper", &paper, NULL,
					    err)) >= 0)
			rc = fb_einv_write_facturx(&x->e, paper ? paper : "letter", x->xml,
						   x->len, fb_output_path(out), err);
		free(paper);
	} else if (strcmp(format, "cii") == 0 || strcmp(format, "ubl") == 0) {
		rc = fwrite(x->xml, 1, x->len, out->fp) != x->len ?
		    fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s",
			       fb_output_name(out), strerror(errno)) : 0;
	} else if (strcmp(format, "pdf") == 0) {
		if ((rc = fb_config_get_for(db, inv->client_id, "invoice.paper", &paper, NULL,
					    err)) >= 0)
			rc = fb_export_invoice_pdf(inv, paper ? paper : "letter",
						   fb_output_path(out), err);
		free(paper);
	} else if (strcmp(format, "xlsx") == 0)
		rc = fb_export_invoice_xlsx(inv, fb_output_path(out), err);
	else if (strcmp(format, "json") == 0) {
		struct fb_json *j = fb_export_invoice_json(inv);

		rc = fb_json_write(j, out->fp) < 0 ?
		    fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s",
			       fb_output_name(out), strerror(errno)) : 0;
		fb_json_free(j);
	} else if (strcmp(format, "csv") == 0)
		rc = fb_export_invoice_csv(inv, out->fp, err);
	else
		rc = fb_export_invoice_txt(inv, out->fp, err);
	return rc < 0 ? -1 : 0;
}

/*
 * Write inv as x->format to path (NULL: standard output), refusing the
 * database.  An e-invoice is checked and made first: when data is
 * missing, nothing is opened and x->missing says what.
 */
static int
export_invoice(struct fb_db *db, const struct fb_invoice *inv, struct export *x,
	       const char *path, struct fb_err *err)
{
	struct fb_output out = FB_OUTPUT_INIT;
	const char *format = x->format;
	int named = strcmp(format, "pdf") == 0 || strcmp(format, "xlsx") == 0 ||
	    strcmp(format, "facturx") == 0;

	if (is_einvoice(format) && export_prepare(inv, x, err) < 0)
		return -1;
	if ((named ? fb_output_open_named(&out, path, fb_db_path(db), err) :
	     fb_output_open(&out, path, fb_db_path(db), err)) < 0)
		return -1;
	if (write_invoice(db, inv, x, &out, err) < 0) {
		fb_output_abort(&out);
		return -1;
	}
	return fb_output_commit(&out, err);
}

/* A period's invoices, credit notes and payments for the bookkeeper. */
static int
export_period(struct cmd_ctx *ctx, const struct fb_period *p, int f, const char *path)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_output out = FB_OUTPUT_INIT;
	char *from = fb_civil_date(&p->first), *to = fb_civil_date(&p->last);
	int rc;

	if (f == FB_ACCT_XLSX)
		rc = fb_output_open_named(&out, path, fb_db_path(ctx->db), &err);
	else
		rc = fb_output_open(&out, path, fb_db_path(ctx->db), &err);
	if (rc == 0 && fb_accounting_export(ctx->db, from, to, (enum fb_acct_format)f, out.fp,
					    f == FB_ACCT_XLSX ? fb_output_path(&out) : NULL,
					    &err) < 0) {
		fb_output_abort(&out);
		rc = -1;
	}
	if (rc == 0)
		rc = fb_output_commit(&out, &err);
	free(from);
	free(to);
	return rc < 0 ? cmd_fail(&err) : 0;
}

struct export_opts {
	const char *format, *output;
	struct opt_period period;
	const char *profile;
	int acct;
};

/* --profile: only xrechnung, and only for the XML of cii and ubl. */
static int
check_profile(const char *profile, const char *formats)
{
	if (profile == NULL)
		return 0;
	if (strcmp(profile, "xrechnung") != 0)
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--profile': want xrechnung",
				 profile);
	if (strstr(formats, "cii") == NULL && strstr(formats, "ubl") == NULL)
		return cmd_error(FB_ERR_USAGE, "'--profile' is for the formats cii and ubl");
	return 0;
}

static int
check_export(struct cmd_ctx *ctx, void *opts)
{
	struct export_opts *o = opts;
	const char *format = o->format;
	int binary, rc;

	if (o->output && *o->output == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--output' needs a value (FILE)");
	if (o->output && strcmp(o->output, "-") == 0)
		o->output = NULL;
	if (o->period.period && ctx->argc > 0) {
		rc = cmd_error(FB_ERR_USAGE, "'invoice export' takes REF or '--period', not both");
		cmd_hint("one invoice: 'fixbill invoice export REF --format pdf';"
			 " a month for the books: 'fixbill invoice export --period 2026-10 --format xero'");
		return rc;
	}
	if (o->period.period) {
		if ((o->acct = fb_accounting_format(format)) < 0)
			return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--format' with '--period':"
					 " want xero, qbo, qbo-credits, iif, ledger, csv, json, xlsx or payments",
					 format);
		binary = o->acct == FB_ACCT_XLSX;
	} else {
		if (ctx->argc == 0) {
			rc = cmd_error(FB_ERR_USAGE, "'invoice export' needs REF or '--period'");
			cmd_hint("usage: fixbill invoice export --format FORMAT [--output FILE]"
				 " [--period PERIOD] [REF]");
			return rc;
		}
		if (strcmp(format, "pdf") && strcmp(format, "xlsx") && strcmp(format, "csv") &&
		    strcmp(format, "json") && strcmp(format, "txt") && !is_einvoice(format))
			return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--format':"
					 " want pdf, xlsx, csv, json, txt, facturx, cii or ubl",
					 format);
		binary = strcmp(format, "pdf") == 0 || strcmp(format, "xlsx") == 0 ||
		    strcmp(format, "facturx") == 0;
	}
	if (o->profile && o->period.period)
		return cmd_error(FB_ERR_USAGE, "'--profile' is for one invoice's e-invoice,"
				 " not '--period'");
	if ((rc = check_profile(o->profile, format)) != 0)
		return rc;
	if (binary && o->output == NULL && isatty(STDOUT_FILENO)) {
		rc = cmd_error(FB_ERR_USAGE, "cannot write %s to a terminal", format);
		cmd_hint("write it to a file with '-o FILE'");
		return rc;
	}
	return 0;
}

static int
invoice_export(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct export_opts *o = opts;
	struct fb_invoice inv;
	struct export x;
	int64_t id;
	int rc;

	if (o->period.period)
		return export_period(ctx, &o->period.v, o->acct, o->output);
	if ((rc = find_ref(ctx, ctx->argv[0], &id)) != 0)
		return rc;
	fb_invoice_init(&inv);
	memset(&x, 0, sizeof(x));
	x.format = o->format;
	x.profile = o->profile;
	if (fb_invoice_load(ctx->db, id, &inv, &err) < 0)
		rc = cmd_fail(&err);
	else if (export_invoice(ctx->db, &inv, &x, o->output, &err) < 0)
		rc = export_fail(&err, &x);
	export_release(&x);
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
	const char *formats[8];	/* of run_formats */
	const char *profile;	/* of cii and ubl: NULL or xrechnung */
	size_t nformats;
	int issue, dry;
	struct run_item *items;
	size_t nitems, aitems;
	struct run_failure *failed;
	size_t nfailed, afailed;
	struct fb_invoice_run_note *notes;	/* clients with work on open jobs */
	size_t nnotes;
	int progress;
	int stopped;		/* the database stayed locked: the rest was not billed */
};

/* The write-ahead log a run lets grow before it is checkpointed (fb_db_wal_window). */
#define RUN_WAL_BYTES (64 * 1024 * 1024)

static const char *const run_formats[] = {
	"pdf", "xlsx", "csv", "json", "txt", "facturx", "cii", "ubl"
};

/*
 * The file name's extension of each format: an e-invoice's says what it
 * is, so that a Factur-X PDF and the plain PDF can sit side by side.
 */
static const char *
run_ext(const char *format)
{
	if (strcmp(format, "facturx") == 0)
		return "facturx.pdf";
	if (strcmp(format, "cii") == 0)
		return "cii.xml";
	if (strcmp(format, "ubl") == 0)
		return "ubl.xml";
	return format;
}

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
	fb_invoice_run_notes_free(r->notes, r->nnotes);
}

/*
 * Report a client's failure on stderr and remember it for the summary;
 * x, when not NULL, is the export that failed (its missing data listed).
 */
static void
run_fail(struct run *r, const char *client, struct fb_err *err, const struct export *x)
{
	struct run_failure *f;

	if (r->progress)
		fputs("\r\033[K", stderr);
	fb_xgrow(&r->failed, &r->afailed, r->nfailed + 1, sizeof(*r->failed));
	f = &r->failed[r->nfailed++];
	f->client = fb_xstrdup(client);
	f->error = fb_xstrdup(err->msg ? err->msg : "failed");
	fb_err_prefix(err, "client '%s'", client);
	if (x != NULL)
		export_fail(err, x);
	else
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
		char *path = run_path(r, inv, run_ext(r->formats[k]));
		struct export x;
		struct stat sb;

		if (only_missing && stat(path, &sb) == 0) {
			free(path);
			continue;
		}
		memset(&x, 0, sizeof(x));
		x.format = r->formats[k];
		x.profile = r->profile;
		if (export_invoice(r->ctx->db, inv, &x, path, &err) < 0) {
			if (err.hint == NULL)
				fb_err_hint(&err, "the invoice stands; 'fixbill invoice run --period"
					    " %s --export DIR' writes the missing files", r->period);
			run_fail(r, inv->client_code, &err, &x);
			export_release(&x);
			free(path);
			return -1;
		}
		export_release(&x);
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

/*
 * Bill one client (lib runs it in a transaction of its own).  Returns -1
 * when the database stayed locked: waiting again for the next client
 * would not help, so the run stops.
 */
static int
run_client(struct run *r, int64_t client_id, int64_t through, int64_t **done,
	   size_t *ndone, size_t *adone)
{
	struct fb_err err = FB_ERR_INIT;
	struct cmd_ctx *ctx = r->ctx;
	struct fb_client c;
	struct fb_invoice *invs = NULL;
	int *created = NULL;
	size_t n = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	if (fb_client_get(ctx->db, client_id, &c, &err) < 0) {
		run_fail(r, "?", &err, NULL);
		goto out;
	}
	rc = fb_invoice_run_one(ctx->db, client_id, r->period, through, r->issue, r->dry,
				ctx->now, &invs, &created, &n, &err);
	if (rc < 0 && fb_db_busy(ctx->db)) {
		cmd_fail(&err);
		fb_client_release(&c);
		return -1;
	}
	if (rc < 0)
		run_fail(r, c.code, &err, NULL);
	for (size_t i = 0; i < n && rc > 0; i++) {
		struct run_item *it;

		fb_xgrow(done, adone, *ndone + 1, sizeof(**done));
		(*done)[(*ndone)++] = invs[i].id;
		it = run_add(r, &invs[i], created[i]);
		if (r->dir && !r->dry)
			run_files(r, it, &invs[i], 0);
	}
out:
	for (size_t i = 0; i < n; i++)
		fb_invoice_release(&invs[i]);
	free(invs);
	free(created);
	fb_client_release(&c);
	return 0;
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
				char *path = run_path(r, &inv, run_ext(r->formats[k]));
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

/* The notes: not failures, but work the run could not bill yet. */
static void
run_notes(const struct run *r)
{
	for (size_t i = 0; i < r->nnotes; i++) {
		char *code = cmd_esc(r->notes[i].client);

		printf("note: %s: %s (resolve it to bill it)\n", code, r->notes[i].note);
		free(code);
	}
}

static void
run_report(struct run *r, const char *last)
{
	struct cmd_ctx *ctx = r->ctx;

	if (ctx->json) {
		struct fb_json *doc = fb_json_object(), *arr = fb_json_array(),
		    *fails = fb_json_array(), *notes;

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
		notes = fb_json_array();
		for (size_t i = 0; i < r->nnotes; i++) {
			struct fb_json *o = fb_json_object();

			fb_json_set_str(o, "client", r->notes[i].client);
			fb_json_set_str(o, "note", r->notes[i].note);
			fb_json_push(notes, o);
		}
		fb_json_set(doc, "notes", notes);
		fb_json_write(doc, stdout);
		fb_json_free(doc);
		return;
	}
	if (ctx->quiet)
		return;
	if (r->nitems == 0) {
		if (r->nfailed == 0 && !r->stopped)
			printf("nothing to bill through %s\n", last);
		run_notes(r);
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
		run_notes(r);
		if (r->dry)
			printf("dry run: nothing was written\n");
	}
}

static int
run_parse_formats(struct run *r, const char *list)
{
	char *copy = fb_xstrdup(list), *save = NULL;

	r->nformats = 0;
	for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		const char *found = NULL;
		size_t k;

		for (k = 0; k < FB_ARRAY_SIZE(run_formats); k++)
			if (strcmp(w, run_formats[k]) == 0)
				found = run_formats[k];
		if (found == NULL) {
			int rc = cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--formats':"
					   " want a list of pdf, xlsx, csv, json, txt, facturx,"
					   " cii and ubl", w);

			free(copy);
			return rc;
		}
		for (k = 0; k < r->nformats && r->formats[k] != found; k++)
			;
		if (k == r->nformats)
			r->formats[r->nformats++] = found;
	}
	free(copy);
	if (r->nformats == 0)
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--formats':"
				 " want a list of pdf, xlsx, csv, json, txt, facturx, cii and ubl",
				 list);
	return 0;
}

struct run_opts {
	struct opt_period period;
	int issue;
	const char *dir, *formats;
	const char *profile;
	int dry_run;
	struct run r;
};

static int
check_run(struct cmd_ctx *ctx, void *opts)
{
	struct run_opts *o = opts;
	struct run *r = &o->r;

	(void)ctx;
	if (o->formats && o->dir == NULL) {
		int rc = cmd_error(FB_ERR_USAGE, "'--formats' needs '--export DIR'");

		cmd_hint("fixbill invoice run --period %s --export ~/invoices --formats %s",
			 o->period.period, o->formats);
		return rc;
	}
	if (o->dir && *o->dir == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--export' needs a value (DIR)");
	if (o->profile && o->dir == NULL)
		return cmd_error(FB_ERR_USAGE, "'--profile' needs '--export DIR'");
	if (check_profile(o->profile, o->formats ? o->formats : "pdf") != 0)
		return FB_ERR_USAGE;
	r->profile = o->profile;
	if (o->dir)
		return run_parse_formats(r, o->formats ? o->formats : "pdf");
	return 0;
}

static int
invoice_run(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct run_opts *o = opts;
	struct run *r = &o->r;
	int64_t *clients = NULL, *done = NULL;
	size_t nclients = 0, ndone = 0, adone = 0;
	char *last = NULL;
	int rc = 0;

	r->ctx = ctx;
	r->period = o->period.period;
	r->dir = o->dir;
	r->issue = o->issue;
	r->dry = o->dry_run;
	if (r->dir) {
		struct stat sb;

		memset(&sb, 0, sizeof(sb));
		/* Before anything is billed: a run that cannot write its files stops here. */
		if (!r->dry && stat(r->dir, &sb) != 0 && mkdir(r->dir, 0777) != 0) {
			rc = cmd_error(FB_ERR_RUNTIME, "cannot create directory '%s': %s", r->dir,
				       strerror(errno));
			goto out;
		}
		if ((stat(r->dir, &sb) == 0 && !S_ISDIR(sb.st_mode)) ||
		    (!r->dry && access(r->dir, W_OK | X_OK) != 0)) {
			rc = cmd_error(FB_ERR_RUNTIME, "cannot write into '%s': %s", r->dir,
				       S_ISDIR(sb.st_mode) ? strerror(errno) : "not a directory");
			goto out;
		}
	}
	last = fb_civil_date(&o->period.v.last);
	if (fb_invoice_run_clients(ctx->db, o->period.v.end, r->period, &clients, &nclients,
				   &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	/*
	 * Over a backlog each client's transaction rewrites pages of entries
	 * that other clients' rewrote too: checkpointed every 4 MiB (SQLite's
	 * default), a run of 100k entries wrote its pages into the database
	 * again after nearly every large client, two syncs each time.
	 */
	if (!r->dry && fb_db_wal_window(ctx->db, RUN_WAL_BYTES, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	r->progress = !ctx->quiet && nclients >= 10 && isatty(STDERR_FILENO);
	for (size_t i = 0; i < nclients && rc == 0; i++) {
		if (r->progress)
			fprintf(stderr, "\rbilling %s: client %zu of %zu", r->period, i + 1, nclients);
		if (run_client(r, clients[i], o->period.v.end, &done, &ndone, &adone) < 0) {
			r->stopped = 1;
			rc = FB_ERR_RUNTIME;
		}
	}
	if (r->progress)
		fputs("\r\033[K", stderr);
	if (rc == 0 && r->dir && (rc = run_missing(r, done, ndone)) != 0)
		goto out;
	if (rc == 0 && fb_invoice_run_notes(ctx->db, o->period.v.end, &r->notes, &r->nnotes,
					    &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	run_report(r, last);
	if (rc == 0)
		rc = r->nfailed > 0 ? FB_ERR_RUNTIME : 0;
out:
	free(clients);
	free(done);
	free(last);
	run_release(r);
	return rc;
}

#define OPTS struct create_opts
static const struct cmd_opt create_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "the client to invoice"),
	  .complete = "@client", .flags = OPTF_REQUIRED },
	{ OPT_DATE(0, "through", through, "DATE",
		   "bill jobs resolved on or before DATE (default: the invoice date, else today)") },
	{ OPT_BOOL(0, "include-open", include_open, "also bill open jobs' work so far") },
	{ OPT_DATE(0, "date", date, "DATE", "the invoice date (default: the day it is issued)") },
	{ OPT_STRING(0, "ref", ref, "TEXT", "the client's reference, printed on the invoice") },
	OPT_END
};
#undef OPTS

#define OPTS struct line_opts
static const struct cmd_opt line_opts[] = {
	{ OPT_STRING(0, "desc", desc, "TEXT", "add: what the line is for") },
	{ OPT_STRING(0, "amount", amount, "AMOUNT", "add: the line's amount") },
	{ OPT_PARSE(0, "qty", qty, "Q", "add: a quantity, with --price", parse_qty) },
	{ OPT_STRING(0, "price", price, "AMOUNT", "add: the unit price, with --qty") },
	{ OPT_STRING(0, "tax", tax, "CODE", "add: its tax code (default: tax.other's)"),
	  .complete = "@tax" },
	OPT_END
};
#undef OPTS

#define OPTS struct release_opts
static const struct cmd_opt release_opts[] = {
	{ OPT_PARSE(0, "job", job, "N", "the job whose work leaves the draft", fb_job_parse_id),
	  .complete = "@anyjob", .flags = OPTF_REQUIRED },
	OPT_END
};
#undef OPTS

#define OPTS struct discount_opts
static const struct cmd_opt discount_opts[] = {
	{ OPT_STRING(0, "percent", percent, "P", "take P percent off the lines"), .group = 1 },
	{ OPT_STRING(0, "amount", amount, "AMOUNT", "take AMOUNT off (0 removes the discount)"),
	  .group = 1 },
	{ OPT_STRING(0, "desc", desc, "TEXT", "the discount line's text (default: Discount)") },
	OPT_END
};
#undef OPTS

#define OPTS struct edit_opts
static const struct cmd_opt edit_opts[] = {
	{ OPT_STRING(0, "ref", ref, "TEXT", "the client's reference ('' removes it)") },
	{ OPT_STRING(0, "note", note, "TEXT", "a note printed under the lines ('' removes it)") },
	{ OPT_INT(0, "terms", terms, "DAYS", "payment terms of this invoice", 0, 3650, "terms") },
	{ OPT_DATE(0, "date", date, "DATE", "the invoice date") },
	OPT_END
};
#undef OPTS

#define OPTS struct list_opts
static const struct cmd_opt list_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "only this client's invoices"),
	  .complete = "@client" },
	{ OPT_CHOICE(0, "status", status, "STATUS", "draft, issued, paid or void",
		     "draft issued paid void") },
	{ OPT_PERIOD(0, "period", issued, "PERIOD", "issued in 2026-10, 2026-Q4 or 2026") },
	OPT_END
};
#undef OPTS

#define OPTS struct issue_opts
static const struct cmd_opt issue_opts[] = {
	{ OPT_DATE(0, "date", date, "DATE", "the issue date (default: the draft's date, else today)") },
	OPT_END
};
#undef OPTS

#define OPTS struct void_opts
static const struct cmd_opt void_opts[] = {
	{ OPT_STRING(0, "reason", reason, "TEXT", "why, printed on the credit note") },
	{ OPT_DATE(0, "date", date, "DATE", "the credit note's date (default: today)") },
	OPT_END
};
#undef OPTS

#define OPTS struct pay_opts
static const struct cmd_opt pay_opts[] = {
	{ OPT_DATE(0, "date", date, "DATE", "when it was paid (default: today)") },
	{ OPT_STRING(0, "method", method, "TEXT", "how: bank, card, cash, cheque...") },
	{ OPT_STRING(0, "ref", ref, "TEXT",
		     "the payment's reference; the same again for the client records nothing") },
	{ OPT_CHOICE(0, "excess", excess, "credit",
		     "what is above the balance becomes the client's credit", "credit") },
	OPT_END
};
#undef OPTS

#define OPTS struct apply_opts
static const struct cmd_opt apply_opts[] = {
	{ OPT_DATE(0, "date", date, "DATE", "when it is applied (default: today)") },
	OPT_END
};
#undef OPTS

#define OPTS struct export_opts
static const struct cmd_opt export_opts[] = {
	{ OPT_STRING(0, "format", format, "FORMAT", "pdf, xlsx, csv, json, txt, facturx, cii"
		     " or ubl; with --period xero, qbo, qbo-credits, iif, ledger, csv, json, xlsx"
		     " or payments"),
	  .complete = "pdf xlsx csv json txt facturx cii ubl xero qbo qbo-credits iif ledger"
		      " payments",
	  .flags = OPTF_REQUIRED },
	{ OPT_STRING(0, "profile", profile, "PROFILE",
		     "cii, ubl: xrechnung for Germany's XRechnung rules"), .complete = "xrechnung" },
	{ OPT_STRING('o', "output", output, "FILE",
		     "write to FILE (text formats default to standard output)"), .complete = "@file" },
	{ OPT_PERIOD(0, "period", period, "PERIOD", "every invoice, credit note and payment"
		     " of 2026-10, 2026-Q4 or 2026, for the books") },
	OPT_END
};
#undef OPTS

#define OPTS struct run_opts
static const struct cmd_opt run_opts[] = {
	{ OPT_PERIOD(0, "period", period, "PERIOD",
		     "bill work of jobs resolved by the end of 2026-10, 2026-Q4 or 2026"),
	  .flags = OPTF_REQUIRED },
	{ OPT_BOOL(0, "issue", issue, "issue the invoices (default: leave drafts)") },
	{ OPT_STRING(0, "export", dir, "DIR", "write each invoice into DIR, named by its number"),
	  .complete = "@dir" },
	{ OPT_STRING(0, "formats", formats, "LIST", "with --export: comma-separated pdf, xlsx,"
		     " csv, json, txt, facturx, cii, ubl (default pdf)") },
	{ OPT_STRING(0, "profile", profile, "PROFILE",
		     "with --export, for cii and ubl: xrechnung") , .complete = "xrechnung" },
	{ OPT_BOOL(0, "dry-run", dry_run, "show what would be billed; change nothing"),
	  .flags = OPTF_DRY_RUN },
	OPT_END
};
#undef OPTS

static const struct cmd_verb invoice_verbs[] = {
	{ "create", "", "make a draft of a client's unbilled work", create_opts, 0, 0,
	  VERB_DB_WRITE, 0, check_create, invoice_create, NULL },
	{ "show", "REF", "show an invoice (a number, or a draft's id)", cmd_no_opts, 1, 1,
	  VERB_DB_READ, 0, NULL, invoice_show, "@invoice" },
	{ "list", "", "list invoices", list_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, invoice_list, NULL },
	{ "refresh", "DRAFT", "re-price a draft and pick up new work", cmd_no_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, invoice_refresh, "@invoice" },
	{ "discard", "DRAFT", "delete a draft, releasing its work", cmd_no_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, invoice_discard, "@invoice" },
	{ "line", "add|rm DRAFT [LINE]", "add a line to a draft, or remove an added one",
	  line_opts, 2, 3, VERB_DB_WRITE, 0, check_line, invoice_line, "add rm" },
	{ "release", "DRAFT", "take a job's work off a draft, billable again", release_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, invoice_release, "@invoice" },
	{ "discount", "DRAFT", "give a draft a discount before tax", discount_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_discount, invoice_discount, "@invoice" },
	{ "edit", "DRAFT", "change a draft's reference, note, terms or date", edit_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_edit, invoice_edit, "@invoice" },
	{ "issue", "DRAFT", "number a draft and make it final", issue_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, invoice_issue, "@invoice" },
	{ "void", "NUMBER", "cancel an issued invoice with a credit note", void_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_void, invoice_void, "@invoice" },
	{ "pay", "NUMBER AMOUNT", "record a payment", pay_opts, 2, 2,
	  VERB_DB_WRITE, 0, check_pay, invoice_pay, "@invoice" },
	{ "apply-credit", "NUMBER [AMOUNT]", "pay an invoice from the client's credit",
	  apply_opts, 1, 2, VERB_DB_WRITE, 0, NULL, invoice_apply_credit, "@invoice" },
	{ "export", "[REF]", "write an invoice, or a period for the books", export_opts, 0, 1,
	  VERB_DB_READ, 0, check_export, invoice_export, "@invoice" },
	{ "run", "", "month-end: invoice every client with work in a period", run_opts, 0, 0,
	  VERB_DB_OWN, 0, check_run, invoice_run, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_invoice_entry = {
	.name = "invoice",
	.summary = "invoices: create, issue, void, pay, export, month-end run",
	.verbs = invoice_verbs,
};
