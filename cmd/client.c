/*
 * client.c - `fixbill client`: the businesses you bill.  A client has a
 * short code that every other command names it by (`--client acme`), the
 * details printed on its invoices, its currency, and the terms that
 * override the shop's settings for it: hourly rate, tax rate, payment
 * terms, and the downtime cost and managed-services fee that
 * `report compare` weighs.  Archiving hides a client from lists and
 * completion without losing its history.
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

/* Longest accepted text of each field, in bytes. */
#define NAME_MAX_LEN 200
#define EMAIL_MAX_LEN 254
#define ADDRESS_MAX_LEN 1000
#define TAX_ID_MAX_LEN 64

/* 100 % in ten-thousandths of a percent. */
#define PERCENT_100 INT64_C(1000000)

static int
check_text(const char *opt, const char *s, size_t max, int allow_newline,
	   struct fb_err *err)
{
	if (!fb_utf8_valid(s, allow_newline))
		return fb_err_set(err, FB_ERR_USAGE, "invalid value for '--%s':"
				  " not valid UTF-8 or has control characters", opt);
	if (strlen(s) > max)
		return fb_err_set(err, FB_ERR_USAGE, "invalid value for '--%s':"
				  " longer than %zu bytes", opt, max);
	return 0;
}

static int
check_email(const char *s, struct fb_err *err)
{
	const char *at = strchr(s, '@');

	if (check_text("email", s, EMAIL_MAX_LEN, 0, err) < 0)
		return -1;
	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') ||
	    strpbrk(s, " \t<>,;\"") != NULL)
		return fb_err_set(err, FB_ERR_USAGE, "invalid email address '%s'", s);
	return 0;
}

/*
 * The text options of add and edit, checked before the database is
 * touched.  On edit an empty value clears an optional field.
 */
static int
check_texts(struct cmd_ctx *ctx, struct fb_err *err)
{
	const char *v;

	if ((v = cmd_get(ctx, "name")) != NULL) {
		if (*v == '\0')
			return fb_err_set(err, FB_ERR_USAGE, "invalid value for '--name': empty");
		if (check_text("name", v, NAME_MAX_LEN, 0, err) < 0)
			return -1;
	}
	if ((v = cmd_get(ctx, "email")) != NULL && *v && check_email(v, err) < 0)
		return -1;
	if ((v = cmd_get(ctx, "address")) != NULL &&
	    check_text("address", v, ADDRESS_MAX_LEN, 1, err) < 0)
		return -1;
	if ((v = cmd_get(ctx, "tax-id")) != NULL &&
	    check_text("tax-id", v, TAX_ID_MAX_LEN, 0, err) < 0)
		return -1;
	if ((v = cmd_get(ctx, "currency")) != NULL && !fb_currency_valid(v))
		return fb_err_set(err, FB_ERR_USAGE, "unknown currency '%s':"
				  " use an ISO 4217 code such as USD or EUR", v);
	return 0;
}

static int
parse_tax(const char *s, int64_t *out, struct fb_err *err)
{
	if (*s == '\0') {
		*out = -1;
		return 0;
	}
	if (fb_parse_decimal(s, 4, 0, out, NULL) < 0 || *out > PERCENT_100 ||
	    s[0] < '0' || s[0] > '9')
		return fb_err_set(err, FB_ERR_USAGE, "invalid percentage '%s':"
				  " want 0 to 100 with at most 4 decimals", s);
	return 0;
}

static int
parse_terms(const char *s, int64_t *out, struct fb_err *err)
{
	if (*s == '\0') {
		*out = -1;
		return 0;
	}
	if (fb_parse_uint(s, 3650, out) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid terms '%s':"
				  " want a whole number of days from 0 to 3650", s);
	return 0;
}

static int
parse_money_opt(const char *s, const char *currency, int64_t *out,
		struct fb_err *err)
{
	if (*s == '\0') {
		*out = -1;
		return 0;
	}
	return fb_money_parse(s, currency, 0, out, err);
}

/* The options that need no currency: tax and terms. */
static int
check_numbers(struct cmd_ctx *ctx, struct fb_client *c, struct fb_err *err)
{
	const char *v;

	if ((v = cmd_get(ctx, "tax")) != NULL && parse_tax(v, &c->tax_rate, err) < 0)
		return -1;
	if ((v = cmd_get(ctx, "terms")) != NULL && parse_terms(v, &c->terms, err) < 0)
		return -1;
	return 0;
}

/* The amounts, in the client's (possibly new) currency. */
static int
parse_amounts(struct cmd_ctx *ctx, struct fb_client *c, int64_t *rate,
	      struct fb_err *err)
{
	const char *v;

	*rate = -1;
	if ((v = cmd_get(ctx, "rate")) != NULL &&
	    fb_money_parse(v, c->currency, 0, rate, err) < 0)
		return -1;
	if ((v = cmd_get(ctx, "downtime-cost")) != NULL &&
	    parse_money_opt(v, c->currency, &c->downtime_cost, err) < 0)
		return -1;
	if ((v = cmd_get(ctx, "managed-fee")) != NULL &&
	    parse_money_opt(v, c->currency, &c->managed_fee, err) < 0)
		return -1;
	return 0;
}

/* Replace *field with v; "" clears it. */
static void
set_text(char **field, const char *v)
{
	if (v == NULL)
		return;
	free(*field);
	*field = *v ? fb_xstrdup(v) : NULL;
}

/* "\n" in a typed address starts a new line, as in company.address. */
static void
set_address(struct fb_client *c, const char *v)
{
	char *u;

	if (v == NULL)
		return;
	u = fb_unescape_newlines(v);
	set_text(&c->address, u);
	free(u);
}

static struct fb_json *
client_json(struct cmd_ctx *ctx, const struct fb_client *c, struct fb_err *err)
{
	struct fb_json *o = fb_json_object();
	int64_t rate;
	int rc;

	rc = fb_rate_of_client(ctx->db, c->id, ctx->now, &rate, err);
	if (rc < 0) {
		fb_json_free(o);
		return NULL;
	}
	fb_json_set_int(o, "id", c->id);
	fb_json_set_str(o, "code", c->code);
	fb_json_set_str(o, "name", c->name);
	fb_json_set_str(o, "email", c->email);
	fb_json_set_str(o, "address", c->address);
	fb_json_set_str(o, "tax_id", c->tax_id);
	fb_json_set_str(o, "currency", c->currency);
	if (rc > 0)
		fb_json_set_money(o, "rate", rate, c->currency);
	else
		fb_json_set_null(o, "rate");
	if (c->tax_rate >= 0) {
		char *s = fb_format_decimal(c->tax_rate, 4);

		fb_json_set_str(o, "tax", s);
		free(s);
	} else
		fb_json_set_null(o, "tax");
	if (c->terms >= 0)
		fb_json_set_int(o, "terms", c->terms);
	else
		fb_json_set_null(o, "terms");
	if (c->downtime_cost >= 0)
		fb_json_set_money(o, "downtime_cost", c->downtime_cost, c->currency);
	else
		fb_json_set_null(o, "downtime_cost");
	if (c->managed_fee >= 0)
		fb_json_set_money(o, "managed_fee", c->managed_fee, c->currency);
	else
		fb_json_set_null(o, "managed_fee");
	fb_json_set_bool(o, "archived", c->archived);
	return o;
}

static void
show_line(const char *label, const char *value)
{
	const char *nl;

	printf("%-14s %s", label, value ? "" : "-");
	if (value == NULL) {
		putchar('\n');
		return;
	}
	/* A multi-line address continues under the first line. */
	while ((nl = strchr(value, '\n')) != NULL) {
		printf("%.*s\n%-14s ", (int)(nl - value), value, "");
		value = nl + 1;
	}
	printf("%s\n", value);
}

static void
show_money(const char *label, int64_t amount, const char *currency)
{
	char *s = amount >= 0 ? fb_money_format_human(amount, currency) : NULL;

	show_line(label, s);
	free(s);
}

static int
client_print(struct cmd_ctx *ctx, const struct fb_client *c)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t rate;
	char *s;
	int rc;

	if (ctx->json) {
		struct fb_json *o = client_json(ctx, c, &err);

		if (o == NULL)
			return cmd_fail(&err);
		fb_json_write(o, stdout);
		fb_json_free(o);
		return 0;
	}
	if ((rc = fb_rate_of_client(ctx->db, c->id, ctx->now, &rate, &err)) < 0)
		return cmd_fail(&err);
	show_line("code", c->code);
	show_line("name", c->name);
	show_line("email", c->email);
	show_line("address", c->address);
	show_line("tax id", c->tax_id);
	show_line("currency", c->currency);
	show_money("rate", rc > 0 ? rate : -1, c->currency);
	s = NULL;
	if (c->tax_rate >= 0) {
		char *d = fb_format_decimal(c->tax_rate, 4);

		s = fb_xasprintf("%s%%", d);
		free(d);
	}
	show_line("tax", s);
	free(s);
	s = c->terms >= 0 ? fb_xasprintf("%lld days", (long long)c->terms) : NULL;
	show_line("terms", s);
	free(s);
	show_money("downtime cost", c->downtime_cost, c->currency);
	show_money("managed fee", c->managed_fee, c->currency);
	show_line("archived", c->archived ? "yes" : "no");
	return 0;
}

/* After a change: the identity, the show document with --json, or nothing with -q. */
static int
client_done(struct cmd_ctx *ctx, const struct fb_client *c)
{
	if (ctx->json)
		return client_print(ctx, c);
	if (!ctx->quiet)
		printf("client %s\n", c->code);
	return 0;
}

static int
client_add(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	const char *code = ctx->args.argv[0];
	int64_t rate;
	int rc;

	memset(&c, 0, sizeof(c));
	c.tax_rate = c.terms = c.downtime_cost = c.managed_fee = -1;
	if (!fb_client_code_valid(code))
		return cmd_error(FB_ERR_USAGE, "invalid client code '%s': use 1-32 lowercase"
				 " letters, digits, '-' and '_', starting with a letter or digit", code);
	if (check_texts(ctx, &err) < 0 || check_numbers(ctx, &c, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0)
		return cmd_fail(&err);
	c.code = fb_xstrdup(code);
	set_text(&c.name, cmd_get(ctx, "name"));
	set_text(&c.email, cmd_get(ctx, "email"));
	set_address(&c, cmd_get(ctx, "address"));
	set_text(&c.tax_id, cmd_get(ctx, "tax-id"));
	/*
	 * The currency is stored even when it is the configured one, so a
	 * later change of the setting cannot re-denominate the client's
	 * rates and invoices.
	 */
	c.currency = fb_xstrdup(cmd_has(ctx, "currency") ? cmd_get(ctx, "currency") :
				fb_config_currency(ctx->db));
	if (parse_amounts(ctx, &c, &rate, &err) < 0 ||
	    fb_client_insert(ctx->db, &c, ctx->now, &err) < 0 ||
	    (rate >= 0 && fb_rate_set(ctx->db, c.id, FB_TIER_ANY, rate, 0, 0, ctx->now,
				      NULL, &err) < 0)) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	rc = cmd_commit(ctx);
	if (rc == 0)
		rc = client_done(ctx, &c);
	fb_client_release(&c);
	return rc;
}

static int
client_show(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_client_find(ctx->db, ctx->args.argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	rc = client_print(ctx, &c);
	fb_client_release(&c);
	return rc;
}

static int
client_list(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client *cs;
	struct fb_json *arr = NULL;
	struct fb_table t;
	int all = cmd_has(ctx, "all");
	size_t n;
	int rc = 0;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_client_list(ctx->db, all, &cs, &n, &err) < 0)
		return cmd_fail(&err);
	fb_table_init(&t);
	fb_table_col(&t, "code", NULL, FB_COL_TEXT);
	fb_table_col(&t, "name", NULL, FB_COL_TEXT);
	fb_table_col(&t, "currency", NULL, FB_COL_TEXT);
	fb_table_col(&t, "rate", NULL, FB_COL_MONEY);
	fb_table_col(&t, "email", NULL, FB_COL_TEXT);
	if (all)
		fb_table_col(&t, "archived", NULL, FB_COL_BOOL);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct fb_client *c = &cs[i];
		int64_t rate;
		int has;

		if (arr) {
			struct fb_json *o = client_json(ctx, c, &err);

			if (o == NULL)
				rc = -1;
			else
				fb_json_push(arr, o);
			continue;
		}
		if (ctx->quiet) {
			printf("%s\n", c->code);
			continue;
		}
		if ((has = fb_rate_of_client(ctx->db, c->id, ctx->now, &rate, &err)) < 0) {
			rc = -1;
			continue;
		}
		fb_table_row(&t);
		fb_table_set(&t, 0, c->code);
		fb_table_set(&t, 1, c->name);
		fb_table_set(&t, 2, c->currency);
		if (has)
			fb_table_take(&t, 3, fb_money_format_human(rate, c->currency));
		fb_table_set(&t, 4, c->email);
		if (all)
			fb_table_set(&t, 5, c->archived ? "yes" : "no");
	}
	for (size_t i = 0; i < n; i++)
		fb_client_release(&cs[i]);
	free(cs);
	if (rc < 0) {
		fb_json_free(arr);
		fb_table_release(&t);
		return cmd_fail(&err);
	}
	if (arr) {
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else if (!ctx->quiet && t.nrows > 0)
		fb_table_print(&t, stdout, ctx->color);
	fb_table_release(&t);
	return 0;
}

static int
client_edit(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	const char *cur = cmd_get(ctx, "currency");
	char *old_currency = NULL;
	int64_t *amounts[2] = { &c.downtime_cost, &c.managed_fee };
	int64_t rate, n;
	int rc;

	memset(&c, 0, sizeof(c));
	if (check_texts(ctx, &err) < 0 || check_numbers(ctx, &c, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0 ||
	    fb_client_find(ctx->db, ctx->args.argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	if (check_numbers(ctx, &c, &err) < 0)
		goto fail;
	if (cur && strcmp(cur, c.currency) != 0) {
		if (fb_db_int(ctx->db, &err, &n, "SELECT count(*) FROM invoices"
			      " WHERE client_id = ?", "i", c.id) < 0)
			goto fail;
		if (n > 0) {
			fb_err_set(&err, FB_ERR_REFUSED, "cannot change the currency of client"
				   " '%s': it has %lld invoice%s in %s", c.code, (long long)n,
				   n == 1 ? "" : "s", c.currency);
			goto fail;
		}
		/* Amounts keep their numbers in the new currency ("120.00" USD -> "120" JPY). */
		old_currency = c.currency;
		c.currency = fb_xstrdup(cur);
		if (fb_rates_rescale(ctx->db, c.id, old_currency, cur, &err) < 0)
			goto fail;
		for (size_t i = 0; i < FB_ARRAY_SIZE(amounts); i++) {
			int64_t milli, *m = amounts[i];

			if (*m >= 0 && (fb_rate_to_milli(*m, old_currency, &milli) < 0 ||
					fb_rate_from_milli(milli, cur, m) < 0)) {
				fb_err_set(&err, FB_ERR_REFUSED, "cannot change the currency of"
					   " client '%s': an amount is too large in %s", c.code, cur);
				goto fail;
			}
		}
	}
	set_text(&c.name, cmd_get(ctx, "name"));
	set_text(&c.email, cmd_get(ctx, "email"));
	set_address(&c, cmd_get(ctx, "address"));
	set_text(&c.tax_id, cmd_get(ctx, "tax-id"));
	if (parse_amounts(ctx, &c, &rate, &err) < 0 ||
	    fb_client_update(ctx->db, &c, &err) < 0)
		goto fail;
	/* A new rate applies from now on: work already done keeps its price. */
	if (rate >= 0 && fb_rate_set(ctx->db, c.id, FB_TIER_ANY, rate, 1, ctx->now,
				     ctx->now, NULL, &err) < 0)
		goto fail;
	free(old_currency);
	rc = cmd_commit(ctx);
	if (rc == 0)
		rc = client_done(ctx, &c);
	fb_client_release(&c);
	return rc;
fail:
	free(old_currency);
	fb_client_release(&c);
	return cmd_fail(&err);
}

static int
client_set_archived(struct cmd_ctx *ctx, int archived)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	int64_t open, unbilled;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0 ||
	    fb_client_find(ctx->db, ctx->args.argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	if (c.archived == archived) {
		fb_err_set(&err, FB_ERR_REFUSED, "client '%s' is %sarchived", c.code,
			   archived ? "already " : "not ");
		goto fail;
	}
	if (archived) {
		/* Archiving must not hide work that still has to be billed. */
		if (fb_db_int(ctx->db, &err, &open, "SELECT count(*) FROM jobs"
			      " WHERE client_id = ? AND status = 'open'", "i", c.id) < 0 ||
		    fb_db_int(ctx->db, &err, &unbilled, "SELECT (SELECT count(*) FROM entries e"
			      " JOIN jobs j ON j.id = e.job_id WHERE j.client_id = ?1"
			      " AND e.billable = 1 AND e.invoice_id IS NULL)"
			      " + (SELECT count(*) FROM charges ch JOIN jobs j ON j.id = ch.job_id"
			      " WHERE j.client_id = ?1 AND ch.invoice_id IS NULL)", "i", c.id) < 0)
			goto fail;
		if (open > 0) {
			fb_err_set(&err, FB_ERR_REFUSED, "cannot archive client '%s':"
				   " it has %lld open job%s", c.code, (long long)open,
				   open == 1 ? "" : "s");
			fb_err_hint(&err, "resolve them first ('fixbill job list --client %s')", c.code);
			goto fail;
		}
		if (unbilled > 0) {
			fb_err_set(&err, FB_ERR_REFUSED, "cannot archive client '%s':"
				   " it has unbilled work", c.code);
			fb_err_hint(&err, "invoice it first ('fixbill invoice create --client %s')", c.code);
			goto fail;
		}
	}
	c.archived = archived;
	if (fb_client_update(ctx->db, &c, &err) < 0)
		goto fail;
	rc = cmd_commit(ctx);
	if (rc == 0)
		rc = client_done(ctx, &c);
	fb_client_release(&c);
	return rc;
fail:
	fb_client_release(&c);
	return cmd_fail(&err);
}

static int
client_archive(struct cmd_ctx *ctx)
{
	return client_set_archived(ctx, 1);
}

static int
client_unarchive(struct cmd_ctx *ctx)
{
	return client_set_archived(ctx, 0);
}

#define CLIENT_FIELDS(nameflag) \
	{ 0, "name", OPT_STRING, "NAME", "the client's name, as on invoices", NULL, nameflag }, \
	{ 0, "email", OPT_STRING, "EMAIL", "where invoices go", NULL, 0 }, \
	{ 0, "address", OPT_STRING, "ADDRESS", "postal address, as on invoices", NULL, 0 }, \
	{ 0, "tax-id", OPT_STRING, "ID", "the client's tax or VAT number", NULL, 0 }, \
	{ 0, "currency", OPT_STRING, "CODE", "ISO 4217 currency it is billed in", "USD EUR GBP CAD AUD JPY", 0 }, \
	{ 0, "rate", OPT_STRING, "AMOUNT", "hourly rate for this client", NULL, 0 }, \
	{ 0, "tax", OPT_STRING, "PERCENT", "tax rate, overriding tax.rate", NULL, 0 }, \
	{ 0, "terms", OPT_STRING, "DAYS", "payment terms, overriding invoice.terms", NULL, 0 }, \
	{ 0, "downtime-cost", OPT_STRING, "AMOUNT", "what an hour of downtime costs the client", NULL, 0 }, \
	{ 0, "managed-fee", OPT_STRING, "AMOUNT", "monthly managed-services fee to compare against", NULL, 0 }

static const struct cmd_opt add_opts[] = {
	CLIENT_FIELDS(OPTF_REQUIRED),
	OPT_END
};

static const struct cmd_opt edit_opts[] = {
	CLIENT_FIELDS(0),
	OPT_END
};

static const struct cmd_opt list_opts[] = {
	{ 0, "all", OPT_BOOL, NULL, "include archived clients", NULL, 0 },
	OPT_END
};

static const struct cmd_opt no_opts[] = { OPT_END };

static const struct cmd_verb client_verbs[] = {
	{ "add", "CODE", "add a client", add_opts, 1, 1, client_add, NULL },
	{ "list", "", "list the clients", list_opts, 0, 0, client_list, NULL },
	{ "show", "CODE", "show a client's details", no_opts, 1, 1, client_show, "@client" },
	{ "edit", "CODE", "change a client's details", edit_opts, 1, 1, client_edit, "@client" },
	{ "archive", "CODE", "hide a client from lists, keeping its history", no_opts, 1, 1, client_archive, "@client" },
	{ "unarchive", "CODE", "bring an archived client back", no_opts, 1, 1, client_unarchive, "@client" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_client_entry = {
	.name = "client",
	.summary = "clients: the businesses you bill",
	.verbs = client_verbs,
};
