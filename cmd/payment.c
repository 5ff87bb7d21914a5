/*
 * payment.c - `fixbill payment`: the money on clients' accounts as
 * records.  `invoice pay` records a payment, `invoice apply-credit` and
 * issuing an invoice apply credit, `client refund` pays credit back;
 * this noun lists and shows those records and voids a mistaken one.  A
 * void never deletes: it records a reversal dated the day of the void,
 * which undoes the original in every view and export from then on.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "invoice.h"
#include "json.h"
#include "money.h"
#include "payment.h"
#include "table.h"

/* What the NOTE column says: "voided by 7", "reverses 3", "50.00 to credit". */
static char *
payment_note(const struct fb_payment *p)
{
	if (p->reversed_by)
		return fb_xasprintf("voided by %lld", (long long)p->reversed_by);
	if (p->reverses)
		return fb_xasprintf("reverses %lld", (long long)p->reverses);
	if (strcmp(p->kind, "payment") == 0 && p->applied < p->amount) {
		char *m = fb_money_format(p->amount - p->applied, p->currency);
		char *s = fb_xasprintf("%s to credit", m);

		free(m);
		return s;
	}
	return NULL;
}

struct list_opts {
	const char *client, *invoice;
	struct opt_period period;
};

static int
payment_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct list_opts *o = opts;
	struct fb_payment_filter f;
	struct fb_payment *v = NULL;
	struct fb_client c;
	struct fb_json *arr = NULL;
	struct fb_table t;
	char *from = NULL, *to = NULL;
	size_t n = 0;
	int rc = 0;

	memset(&f, 0, sizeof(f));
	memset(&c, 0, sizeof(c));
	if (o->period.set) {
		if (o->period.v.first.year)
			from = fb_civil_date(&o->period.v.first);
		if (o->period.v.last.year)
			to = fb_civil_date(&o->period.v.last);
	}
	f.from = from;
	f.to = to;
	if (o->client) {
		if (fb_client_find(ctx->db, o->client, &c, &err) < 0) {
			rc = cmd_fail(&err);
			goto out;
		}
		f.client_id = c.id;
	}
	if (o->invoice && fb_invoice_find(ctx->db, o->invoice, &f.invoice_id, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (fb_payment_list(ctx->db, &f, &v, &n, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	fb_table_init(&t);
	fb_table_col(&t, "id", NULL, FB_COL_INT);
	fb_table_col(&t, "date", NULL, FB_COL_TEXT);
	fb_table_col(&t, "kind", NULL, FB_COL_TEXT);
	fb_table_col(&t, "client", NULL, FB_COL_TEXT);
	fb_table_col(&t, "invoice", NULL, FB_COL_TEXT);
	fb_table_col(&t, "amount", NULL, FB_COL_MONEY);
	fb_table_col(&t, "currency", "CUR", FB_COL_TEXT);
	fb_table_col(&t, "method", NULL, FB_COL_TEXT);
	fb_table_col(&t, "ref", NULL, FB_COL_TEXT);
	fb_table_col(&t, "note", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		const struct fb_payment *p = &v[i];

		if (arr) {
			fb_json_push(arr, fb_payment_json(p));
			continue;
		}
		if (ctx->quiet) {
			printf("%lld\n", (long long)p->id);
			continue;
		}
		fb_table_row(&t);
		fb_table_take(&t, 0, fb_xasprintf("%lld", (long long)p->id));
		fb_table_set(&t, 1, p->date);
		fb_table_set(&t, 2, p->kind);
		fb_table_set(&t, 3, p->client);
		fb_table_set(&t, 4, p->invoice);
		fb_table_take(&t, 5, fb_money_format_human(p->amount, p->currency));
		fb_table_set(&t, 6, p->currency);
		fb_table_set(&t, 7, p->method);
		fb_table_set(&t, 8, p->ref);
		fb_table_take(&t, 9, payment_note(p));
	}
	cmd_print_list(ctx, arr, &t);
out:
	fb_payment_list_free(v, n);
	fb_client_release(&c);
	free(from);
	free(to);
	return rc;
}

static int
parse_id(const char *s, int64_t *id)
{
	if (fb_parse_uint(s, INT64_MAX, id) < 0 || *id == 0)
		return cmd_error(FB_ERR_USAGE, "invalid payment '%s': want its number", s);
	return 0;
}

static void
show_line(const char *label, const char *value)
{
	char *safe = fb_escape(value ? value : "-", 1);

	printf("%-10s %s\n", label, safe);
	free(safe);
}

static int
print_payment(struct cmd_ctx *ctx, int64_t id)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_payment p;
	char *s;

	fb_payment_init(&p);
	if (fb_payment_get(ctx->db, id, &p, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *o = fb_payment_json(&p);

		fb_json_write(o, stdout);
		fb_json_free(o);
		fb_payment_release(&p);
		return 0;
	}
	printf("%-10s %lld\n", "payment", (long long)p.id);
	show_line("kind", p.kind);
	show_line("client", p.client);
	show_line("invoice", p.invoice);
	show_line("date", p.date);
	s = fb_money_format_human(p.amount, p.currency);
	printf("%-10s %s %s\n", "amount", s, p.currency);
	free(s);
	if (strcmp(p.kind, "payment") == 0 && p.applied < p.amount) {
		s = fb_money_format_human(p.applied, p.currency);
		show_line("applied", s);
		free(s);
		s = fb_money_format_human(p.amount - p.applied, p.currency);
		show_line("to credit", s);
		free(s);
	}
	show_line("method", p.method);
	show_line("ref", p.ref);
	if (p.reverses) {
		s = fb_xasprintf("payment %lld", (long long)p.reverses);
		show_line("reverses", s);
		free(s);
		show_line("reason", p.reason);
	}
	if (p.reversed_by) {
		s = fb_xasprintf("%s (payment %lld)", p.reversed_on, (long long)p.reversed_by);
		show_line("voided", s);
		free(s);
	}
	fb_payment_release(&p);
	return 0;
}

static int
payment_show(struct cmd_ctx *ctx, void *opts)
{
	int64_t id;
	int rc;

	(void)opts;
	if ((rc = parse_id(ctx->argv[0], &id)) != 0)
		return rc;
	return print_payment(ctx, id);
}

struct void_opts {
	const char *reason;
};

static int
check_void(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct void_opts *o = opts;
	int64_t id;
	int rc;

	if ((rc = parse_id(ctx->argv[0], &id)) != 0)
		return rc;
	if (fb_payment_check_text(NULL, NULL, o->reason, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
payment_void(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct void_opts *o = opts;
	int64_t id, rev = 0;
	int rc;

	if ((rc = parse_id(ctx->argv[0], &id)) != 0)
		return rc;
	if (fb_payment_void(ctx->db, id, o->reason, ctx->now, &rev, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json)
		return print_payment(ctx, rev);
	if (!ctx->quiet)
		printf("payment %lld voided: reversal %lld\n", (long long)id, (long long)rev);
	return 0;
}

#define OPTS struct list_opts
static const struct cmd_opt list_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "only this client's"), .complete = "@client" },
	{ OPT_STRING(0, "invoice", invoice, "NUMBER", "only those on this invoice"),
	  .complete = "@invoice" },
	{ OPT_PERIOD(0, "period", period, "PERIOD", "dated in 2026-10, 2026-Q4 or 2026") },
	{ OPT_FROM(0, "from", period, "DATE", "dated on or after DATE") },
	{ OPT_TO(0, "to", period, "DATE", "dated on or before DATE") },
	OPT_END
};
#undef OPTS

#define OPTS struct void_opts
static const struct cmd_opt void_opts[] = {
	{ OPT_STRING(0, "reason", reason, "TEXT", "why it is voided") },
	OPT_END
};
#undef OPTS

static const struct cmd_verb payment_verbs[] = {
	{ "list", "", "list payments, credit applied, refunds and reversals", list_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, payment_list, NULL },
	{ "show", "ID", "show one record", cmd_no_opts, 1, 1,
	  VERB_DB_READ, 0, NULL, payment_show, "@payment" },
	{ "void", "ID", "undo a mistaken record with a reversal dated today", void_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_void, payment_void, "@payment" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_payment_entry = {
	.name = "payment",
	.summary = "payments, credit applied, refunds and their reversals",
	.verbs = payment_verbs,
};
