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

/* Replace *field with v; "" clears it. */
static void
set_text(char **field, const char *v)
{
	free(*field);
	*field = *v ? fb_xstrdup(v) : NULL;
}

/* The options of add and edit. */
struct client_opts {
	const char *name, *email, *address, *tax_id, *currency;
	const char *rate, *downtime_cost, *managed_fee;	/* money: in the client's currency */
	struct opt_num tax, terms;
};

static int
parse_tax(const char *s, int64_t *v, struct fb_err *err)
{
	return fb_client_parse_tax(s, v, err);
}

static int
parse_terms(const char *s, int64_t *v, struct fb_err *err)
{
	return fb_client_parse_terms(s, v, err);
}

/*
 * The text options of add and edit, by lib's rules, before any database
 * is opened.  On edit an empty value clears an optional field.
 */
static int
check_client(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct client_opts *o = opts;
	char *address = o->address ? fb_unescape_newlines(o->address) : NULL;
	int bad;

	bad = (strcmp(ctx->verb->name, "add") == 0 &&
	       fb_client_check_code(ctx->argv[0], &err) < 0) ||
	      fb_client_check_name(o->name, &err) < 0 ||
	      (o->email && *o->email && fb_client_check_email(o->email, &err) < 0) ||
	      fb_client_check_address(address, &err) < 0 ||
	      fb_client_check_tax_id(o->tax_id, &err) < 0 ||
	      fb_client_check_currency(o->currency, &err) < 0;
	free(address);
	return bad ? cmd_fail(&err) : 0;
}

static int
parse_money_opt(const char *s, const char *currency, int64_t *out,
		struct fb_err *err)
{
	if (s == NULL)
		return 0;
	if (*s == '\0') {
		*out = -1;
		return 0;
	}
	return fb_money_parse(s, currency, 0, out, err);
}

/* The options into c; the amounts in its (possibly new) currency. */
static int
apply_options(const struct client_opts *o, struct fb_client *c, int64_t *rate,
	      struct fb_err *err)
{
	if (o->name)
		set_text(&c->name, o->name);
	if (o->email)
		set_text(&c->email, o->email);
	if (o->address) {
		/* "\n" in a typed address starts a new line, as in company.address. */
		char *u = fb_unescape_newlines(o->address);

		set_text(&c->address, u);
		free(u);
	}
	if (o->tax_id)
		set_text(&c->tax_id, o->tax_id);
	if (o->tax.arg)
		c->tax_rate = o->tax.v;
	if (o->terms.arg)
		c->terms = o->terms.v;
	*rate = -1;
	if ((o->rate && fb_money_parse(o->rate, c->currency, 0, rate, err) < 0) ||
	    parse_money_opt(o->downtime_cost, c->currency, &c->downtime_cost, err) < 0 ||
	    parse_money_opt(o->managed_fee, c->currency, &c->managed_fee, err) < 0)
		return -1;
	return 0;
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
	char *safe;
	const char *nl, *p;

	printf("%-14s %s", label, value ? "" : "-");
	if (value == NULL) {
		putchar('\n');
		return;
	}
	/* A multi-line address continues under the first line. */
	safe = fb_escape(value, 1);
	for (p = safe; (nl = strchr(p, '\n')) != NULL; p = nl + 1)
		printf("%.*s\n%-14s ", (int)(nl - p), p, "");
	printf("%s\n", p);
	free(safe);
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
client_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct client_opts *o = opts;
	struct fb_client c;
	int64_t rate;
	int rc;

	memset(&c, 0, sizeof(c));
	c.tax_rate = c.terms = c.downtime_cost = c.managed_fee = -1;
	c.code = fb_xstrdup(ctx->argv[0]);
	/*
	 * The currency is stored even when it is the configured one, so a
	 * later change of the setting cannot re-denominate the client's
	 * rates and invoices.
	 */
	c.currency = fb_xstrdup(o->currency ? o->currency : fb_config_currency(ctx->db));
	if (apply_options(o, &c, &rate, &err) < 0 ||
	    fb_client_insert(ctx->db, &c, ctx->now, &err) < 0 ||
	    (rate >= 0 && fb_rate_set(ctx->db, c.id, FB_TIER_ANY, rate, 0, 0, ctx->now,
				      NULL, &err) < 0)) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	rc = client_done(ctx, &c);
	fb_client_release(&c);
	return rc;
}

static int
client_show(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	int rc;

	(void)opts;
	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	rc = client_print(ctx, &c);
	fb_client_release(&c);
	return rc;
}

struct list_opts {
	int all;
};

static int
client_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct list_opts *o = opts;
	struct fb_client *cs;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;
	int rc = 0;

	if (fb_client_list(ctx->db, o->all, &cs, &n, &err) < 0)
		return cmd_fail(&err);
	fb_table_init(&t);
	fb_table_col(&t, "code", NULL, FB_COL_TEXT);
	fb_table_col(&t, "name", NULL, FB_COL_TEXT);
	fb_table_col(&t, "currency", NULL, FB_COL_TEXT);
	fb_table_col(&t, "rate", NULL, FB_COL_MONEY);
	fb_table_col(&t, "email", NULL, FB_COL_TEXT);
	if (o->all)
		fb_table_col(&t, "archived", NULL, FB_COL_BOOL);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct fb_client *c = &cs[i];
		int64_t rate;
		int has;

		if (arr) {
			struct fb_json *j = client_json(ctx, c, &err);

			if (j == NULL)
				rc = -1;
			else
				fb_json_push(arr, j);
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
		if (o->all)
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
	cmd_print_list(ctx, arr, &t);
	return 0;
}

static int
client_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct client_opts *o = opts;
	struct fb_client c;
	int64_t rate;
	int rc;

	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	if ((o->currency && fb_client_set_currency(ctx->db, &c, o->currency, &err) < 0) ||
	    apply_options(o, &c, &rate, &err) < 0 ||
	    fb_client_update(ctx->db, &c, &err) < 0 ||
	    /* A new rate applies from now on: work already done keeps its price. */
	    (rate >= 0 && fb_rate_set(ctx->db, c.id, FB_TIER_ANY, rate, 1, ctx->now,
				      ctx->now, NULL, &err) < 0)) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	rc = client_done(ctx, &c);
	fb_client_release(&c);
	return rc;
}

static int
client_set_archived(struct cmd_ctx *ctx, int archived)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	int rc;

	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	if (fb_client_set_archived(ctx->db, &c, archived, &err) < 0) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	rc = client_done(ctx, &c);
	fb_client_release(&c);
	return rc;
}

static int
client_archive(struct cmd_ctx *ctx, void *opts)
{
	(void)opts;
	return client_set_archived(ctx, 1);
}

static int
client_unarchive(struct cmd_ctx *ctx, void *opts)
{
	(void)opts;
	return client_set_archived(ctx, 0);
}

#define OPTS struct client_opts
#define CLIENT_FIELDS(nameflag) \
	{ OPT_STRING(0, "name", name, "NAME", "the client's name, as on invoices"), .flags = nameflag }, \
	{ OPT_STRING(0, "email", email, "EMAIL", "where invoices go") }, \
	{ OPT_STRING(0, "address", address, "ADDRESS", "postal address, as on invoices") }, \
	{ OPT_STRING(0, "tax-id", tax_id, "ID", "the client's tax or VAT number") }, \
	{ OPT_STRING(0, "currency", currency, "CODE", "ISO 4217 currency it is billed in"), \
	  .complete = "USD EUR GBP CAD AUD JPY" }, \
	{ OPT_STRING(0, "rate", rate, "AMOUNT", "hourly rate for this client") }, \
	{ OPT_PARSE(0, "tax", tax, "PERCENT", "tax rate, overriding tax.rate", parse_tax), \
	  .flags = OPTF_EMPTY }, \
	{ OPT_PARSE(0, "terms", terms, "DAYS", "payment terms, overriding invoice.terms", parse_terms), \
	  .flags = OPTF_EMPTY }, \
	{ OPT_STRING(0, "downtime-cost", downtime_cost, "AMOUNT", \
		     "what an hour of downtime costs the client") }, \
	{ OPT_STRING(0, "managed-fee", managed_fee, "AMOUNT", \
		     "monthly managed-services fee to compare against") }

static const struct cmd_opt add_opts[] = {
	CLIENT_FIELDS(OPTF_REQUIRED),
	OPT_END
};

static const struct cmd_opt edit_opts[] = {
	CLIENT_FIELDS(0),
	OPT_END
};
#undef OPTS

#define OPTS struct list_opts
static const struct cmd_opt list_opts[] = {
	{ OPT_BOOL(0, "all", all, "include archived clients") },
	OPT_END
};
#undef OPTS

static const struct cmd_verb client_verbs[] = {
	{ "add", "CODE", "add a client", add_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_client, client_add, NULL },
	{ "list", "", "list the clients", list_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, client_list, NULL },
	{ "show", "CODE", "show a client's details", cmd_no_opts, 1, 1,
	  VERB_DB_READ, 0, NULL, client_show, "@client" },
	{ "edit", "CODE", "change a client's details", edit_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_client, client_edit, "@client" },
	{ "archive", "CODE", "hide a client from lists, keeping its history", cmd_no_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, client_archive, "@client" },
	{ "unarchive", "CODE", "bring an archived client back", cmd_no_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, client_unarchive, "@client" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_client_entry = {
	.name = "client",
	.summary = "clients: the businesses you bill",
	.verbs = client_verbs,
};
