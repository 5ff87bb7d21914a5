/*
 * client.c - `fixbill client`: the businesses you bill.  A client has a
 * short code that every other command names it by (`--client acme`), the
 * details printed on its invoices and wanted by e-invoices and accounting
 * systems (a structured address, a VAT id, the buyer's reference), its
 * currency, and the terms that override the shop's settings for it:
 * hourly rate, tax code, payment terms, and the downtime cost and
 * managed-services fee that `report compare` weighs.  Archiving hides a
 * client from lists and completion without losing its history.  The
 * client's account lives here too: its credit (money paid that no invoice
 * holds), refunds of that credit, and its statement of account.  `client
 * export` writes the customer list for an accounting system.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accounting.h"
#include "client.h"
#include "cmd.h"
#include "config.h"
#include "json.h"
#include "money.h"
#include "output.h"
#include "payment.h"
#include "rates.h"
#include "statement.h"
#include "table.h"
#include "when.h"
#include "tax.h"

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
	const char *street, *city, *region, *postcode, *country, *vat_id, *buyer_ref;
	const char *rate, *downtime_cost, *managed_fee;	/* money: in the client's currency */
	const char *tax;	/* a tax code, or (the older form) a percentage */
	struct opt_num terms;
};

static int
parse_terms(const char *s, int64_t *v, struct fb_err *err)
{
	return fb_client_parse_terms(s, v, err);
}

/* --tax 8.25 is the older form: the client's own tax.rate. */
static int
tax_is_rate(const char *s)
{
	return *s >= '0' && *s <= '9';
}

/* A country code as typed ("de"), in capitals.  Caller frees. */
static char *
country_of(const char *s)
{
	char *u = fb_xstrdup(s);

	for (char *p = u; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	return u;
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
	char *street = o->street ? fb_unescape_newlines(o->street) : NULL;
	char *country = o->country && *o->country ? country_of(o->country) : NULL;
	char *code = NULL;
	int64_t rate;
	int bad;

#define OPTIONAL(v) ((v) && *(v) ? (v) : NULL)
	bad = (strcmp(ctx->verb->name, "add") == 0 &&
	       fb_client_check_code(ctx->argv[0], &err) < 0) ||
	      fb_client_check_name(o->name, &err) < 0 ||
	      fb_client_check_email(OPTIONAL(o->email), &err) < 0 ||
	      fb_client_check_address(address, &err) < 0 ||
	      fb_client_check_tax_id(o->tax_id, &err) < 0 ||
	      fb_client_check_currency(o->currency, &err) < 0 ||
	      fb_client_check_street(street, &err) < 0 ||
	      fb_client_check_city(o->city, &err) < 0 ||
	      fb_client_check_region(o->region, &err) < 0 ||
	      fb_client_check_postcode(o->postcode, &err) < 0 ||
	      fb_client_check_country(country, &err) < 0 ||
	      fb_client_check_vat_id(OPTIONAL(o->vat_id), &err) < 0 ||
	      fb_client_check_buyer_ref(o->buyer_ref, &err) < 0 ||
	      (o->tax && *o->tax && (tax_is_rate(o->tax) ?
				     fb_tax_parse_rate(o->tax, &rate, &err) :
				     fb_tax_check_code(o->tax, &code, &err)) < 0);
#undef OPTIONAL
	free(address);
	free(street);
	free(country);
	free(code);
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

/*
 * The options that are settings of the client (SPEC section 14), once it
 * is stored: --terms is its invoice.terms; --tax CODE its tax.labor,
 * tax.parts and tax.other, --tax PERCENT (the older form) its tax.rate,
 * which then decides alone (tax.rate and tax.applies_to, see tax.h);
 * an empty value gives the decision back to the shop's settings.
 */
static int
apply_settings(struct cmd_ctx *ctx, const struct client_opts *o, int64_t id,
	       struct fb_err *err)
{
	static const char *const kinds[] = { "tax.labor", "tax.parts", "tax.other" };

	if (o->terms.arg && (o->terms.v < 0 ?
			     fb_config_unset_client(ctx->db, id, "invoice.terms", err) :
			     fb_config_set_client(ctx->db, id, "invoice.terms", o->terms.arg,
						  err)) < 0)
		return -1;
	if (o->tax == NULL)
		return 0;
	for (size_t i = 0; i < FB_ARRAY_SIZE(kinds); i++) {
		int rc = *o->tax && !tax_is_rate(o->tax) ?
		    fb_config_set_client(ctx->db, id, kinds[i], o->tax, err) :
		    fb_config_unset_client(ctx->db, id, kinds[i], err);

		if (rc < 0)
			return -1;
	}
	if (*o->tax && !tax_is_rate(o->tax))
		return 0;
	if (fb_config_unset_client(ctx->db, id, "tax.default", err) < 0)
		return -1;
	return *o->tax ? fb_config_set_client(ctx->db, id, "tax.rate", o->tax, err) :
	    fb_config_unset_client(ctx->db, id, "tax.rate", err);
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
	if (o->street) {
		char *u = fb_unescape_newlines(o->street);

		set_text(&c->street, u);
		free(u);
	}
	if (o->city)
		set_text(&c->city, o->city);
	if (o->region)
		set_text(&c->region, o->region);
	if (o->postcode)
		set_text(&c->postcode, o->postcode);
	if (o->country) {
		char *u = country_of(o->country);

		set_text(&c->country, u);
		free(u);
	}
	if (o->vat_id)
		set_text(&c->vat_id, o->vat_id);
	if (o->buyer_ref)
		set_text(&c->buyer_ref, o->buyer_ref);
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
	struct fb_json *o = fb_json_object(), *tax;
	char *terms = NULL;
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
	fb_json_set_str(o, "street", c->street);
	fb_json_set_str(o, "city", c->city);
	fb_json_set_str(o, "region", c->region);
	fb_json_set_str(o, "postcode", c->postcode);
	fb_json_set_str(o, "country", c->country);
	fb_json_set_str(o, "vat_id", c->vat_id);
	fb_json_set_str(o, "buyer_ref", c->buyer_ref);
	fb_json_set_str(o, "currency", c->currency);
	if (rc > 0)
		fb_json_set_money(o, "rate", rate, c->currency);
	else
		fb_json_set_null(o, "rate");
	tax = fb_json_object();
	for (int k = 0; k < FB_TAX_NKINDS; k++) {
		char *code = NULL;

		if (fb_tax_resolve(ctx->db, c->id, (enum fb_tax_kind)k, &code, err) < 0) {
			fb_json_free(tax);
			fb_json_free(o);
			return NULL;
		}
		fb_json_set_str(tax, fb_tax_kind_name((enum fb_tax_kind)k), code);
		free(code);
	}
	fb_json_set(o, "tax", tax);
	if ((rc = fb_config_stored(ctx->db, c->id, "tax.rate", &terms, err)) < 0) {
		fb_json_free(o);
		return NULL;
	}
	fb_json_set_str(o, "tax_rate", terms);
	free(terms);
	terms = NULL;
	if ((rc = fb_config_stored(ctx->db, c->id, "invoice.terms", &terms, err)) < 0) {
		fb_json_free(o);
		return NULL;
	}
	if (rc > 0)
		fb_json_set_int(o, "terms", atoll(terms));
	else
		fb_json_set_null(o, "terms");
	free(terms);
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

/*
 * The client's own tax settings, for people: "-" when it has none (the
 * shop's apply), its own tax.rate as a percentage (the older form), else
 * the code of its lines ("VAT20", or "labor VAT20, parts PST, other NONE"
 * when the kinds differ).
 */
static char *
tax_text(struct cmd_ctx *ctx, const struct fb_client *c, struct fb_err *err)
{
	static const char *const keys[] = { "tax.labor", "tax.parts", "tax.other", "tax.default" };
	char *code[FB_TAX_NKINDS] = { NULL }, *s = NULL, *v = NULL;
	int own = 0, rc, k;

	for (size_t i = 0; i < FB_ARRAY_SIZE(keys) && !own; i++) {
		if ((rc = fb_config_stored(ctx->db, c->id, keys[i], &v, err)) < 0)
			return NULL;
		own = rc > 0;
		free(v);
	}
	if (!own) {
		if ((rc = fb_config_stored(ctx->db, c->id, "tax.rate", &v, err)) < 0)
			return NULL;
		s = rc > 0 ? fb_xasprintf("%s%%", v) : NULL;
		free(v);
		return s ? s : fb_xstrdup("-");
	}
	for (k = 0; k < FB_TAX_NKINDS; k++)
		if (fb_tax_resolve(ctx->db, c->id, (enum fb_tax_kind)k, &code[k], err) < 0)
			break;
	if (k == FB_TAX_NKINDS)
		s = strcmp(code[0], code[1]) == 0 && strcmp(code[0], code[2]) == 0 ?
		    fb_xstrdup(code[0]) :
		    fb_xasprintf("labor %s, parts %s, other %s", code[0], code[1], code[2]);
	for (k = 0; k < FB_TAX_NKINDS; k++)
		free(code[k]);
	return s;
}

static int
client_print(struct cmd_ctx *ctx, const struct fb_client *c)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t rate;
	char *s, *terms = NULL;
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
	show_line("street", c->street);
	show_line("city", c->city);
	show_line("region", c->region);
	show_line("postcode", c->postcode);
	show_line("country", c->country);
	show_line("vat id", c->vat_id);
	show_line("buyer ref", c->buyer_ref);
	show_line("currency", c->currency);
	show_money("rate", rc > 0 ? rate : -1, c->currency);
	if ((s = tax_text(ctx, c, &err)) == NULL)
		return cmd_fail(&err);
	show_line("tax", strcmp(s, "-") ? s : NULL);
	free(s);
	if ((rc = fb_config_stored(ctx->db, c->id, "invoice.terms", &terms, &err)) < 0)
		return cmd_fail(&err);
	s = rc > 0 ? fb_xasprintf("%s days", terms) : NULL;
	free(terms);
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
	c.downtime_cost = c.managed_fee = -1;
	c.code = fb_xstrdup(ctx->argv[0]);
	/*
	 * The currency is stored even when it is the configured one, so a
	 * later change of the setting cannot re-denominate the client's
	 * rates and invoices.
	 */
	c.currency = fb_xstrdup(o->currency ? o->currency : fb_config_currency(ctx->db));
	if (apply_options(o, &c, &rate, &err) < 0 ||
	    fb_client_insert(ctx->db, &c, ctx->now, &err) < 0 ||
	    apply_settings(ctx, o, c.id, &err) < 0 ||
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
	    apply_settings(ctx, o, c.id, &err) < 0 ||
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

struct export_opts {
	struct opt_num format;
	const char *output;
	int all;
};

/* The customer list for an accounting system, to standard output or -o FILE. */
static int
client_export(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct export_opts *o = opts;
	struct fb_output out = FB_OUTPUT_INIT;

	if (fb_output_open(&out, o->output, fb_db_path(ctx->db), &err) < 0)
		return cmd_fail(&err);
	if (fb_accounting_clients(ctx->db, o->all, (enum fb_acct_clients)(o->format.arg ?
				  o->format.v : FB_CLIENTS_CSV), out.fp, &err) < 0) {
		fb_output_abort(&out);
		return cmd_fail(&err);
	}
	return fb_output_commit(&out, &err) < 0 ? cmd_fail(&err) : 0;
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
	{ OPT_STRING(0, "street", street, "STREET", "street address (\\n between lines)") }, \
	{ OPT_STRING(0, "city", city, "CITY", "city") }, \
	{ OPT_STRING(0, "region", region, "REGION", "state, province or region") }, \
	{ OPT_STRING(0, "postcode", postcode, "CODE", "postal code") }, \
	{ OPT_STRING(0, "country", country, "CC", "ISO 3166 country code, such as DE or US") }, \
	{ OPT_STRING(0, "vat-id", vat_id, "ID", "VAT identifier with its country prefix") }, \
	{ OPT_STRING(0, "buyer-ref", buyer_ref, "REF", "the buyer's reference for e-invoices") }, \
	{ OPT_STRING(0, "currency", currency, "CODE", "ISO 4217 currency it is billed in"), \
	  .complete = "USD EUR GBP CAD AUD JPY" }, \
	{ OPT_STRING(0, "rate", rate, "AMOUNT", "hourly rate for this client") }, \
	{ OPT_STRING(0, "tax", tax, "CODE", "tax code of its lines (a percentage: its tax.rate)"), \
	  .complete = "@tax" }, \
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

/* `client credit CODE`: what the client has paid that no invoice holds. */
static int
client_credit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	struct fb_credit *v = NULL;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n = 0;

	(void)opts;
	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	if (fb_payment_credits(ctx->db, c.id, &v, &n, &err) < 0) {
		fb_client_release(&c);
		return cmd_fail(&err);
	}
	fb_table_init(&t);
	fb_table_col(&t, "currency", NULL, FB_COL_TEXT);
	fb_table_col(&t, "amount", NULL, FB_COL_MONEY);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		if (arr) {
			struct fb_json *o = fb_json_object();

			fb_json_set_str(o, "currency", v[i].currency);
			fb_json_set_money(o, "amount", v[i].amount, v[i].currency);
			fb_json_push(arr, o);
		} else if (ctx->quiet) {
			char *m = fb_money_format(v[i].amount, v[i].currency);

			printf("%s %s\n", v[i].currency, m);
			free(m);
		} else {
			fb_table_row(&t);
			fb_table_set(&t, 0, v[i].currency);
			fb_table_take(&t, 1, fb_money_format_human(v[i].amount, v[i].currency));
		}
	}
	if (!ctx->json && !ctx->quiet && n == 0) {
		printf("'%s' has no credit\n", c.code);
	}
	cmd_print_list(ctx, arr, &t);
	free(v);
	fb_client_release(&c);
	return 0;
}

struct refund_opts {
	struct opt_date date;
	const char *method, *ref, *currency;
};

static int
check_refund(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct refund_opts *o = opts;

	(void)ctx;
	if (fb_payment_check_text(o->method, o->ref, NULL, &err) < 0 ||
	    fb_client_check_currency(o->currency, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

/* `client refund CODE AMOUNT`: pay some of the client's credit back. */
static int
client_refund(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct refund_opts *o = opts;
	struct fb_payment_in in;
	struct fb_client c;
	const char *cur;
	char *date = o->date.arg ? fb_civil_date(&o->date.v) : NULL;
	int64_t id = 0, left = 0;
	int rc;

	memset(&in, 0, sizeof(in));
	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0) {
		free(date);
		return cmd_fail(&err);
	}
	cur = o->currency ? o->currency : c.currency;
	if (fb_money_parse(ctx->argv[1], cur, 0, &in.amount, &err) < 0) {
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
	rc = fb_payment_refund(ctx->db, c.id, cur, &in, ctx->now, &id, &err);
	if (rc < 0 || fb_payment_credit(ctx->db, c.id, cur, &left, &err) < 0) {
		rc = cmd_fail(&err);
		goto out;
	}
	if (ctx->json) {
		struct fb_payment p;
		struct fb_json *j;

		fb_payment_init(&p);
		if (fb_payment_get(ctx->db, id, &p, &err) < 0) {
			rc = cmd_fail(&err);
			goto out;
		}
		j = fb_payment_json(&p);
		fb_json_write(j, stdout);
		fb_json_free(j);
		fb_payment_release(&p);
	} else if (rc == 0) {
		printf("already recorded: refund %lld\n", (long long)id);
	} else if (!ctx->quiet) {
		char *m = fb_money_format(left, cur);

		printf("refund %lld: '%s' has %s %s of credit left\n", (long long)id, c.code,
		       m, cur);
		free(m);
	}
	rc = 0;
out:
	fb_client_release(&c);
	free(date);
	return rc;
}

struct statement_opts {
	struct opt_period period;
	const char *format, *output;
};

static int
check_statement(struct cmd_ctx *ctx, void *opts)
{
	struct statement_opts *o = opts;
	int rc;

	if (o->format == NULL)
		o->format = ctx->json ? "json" : "txt";
	if (strcmp(o->format, "txt") && strcmp(o->format, "pdf") && strcmp(o->format, "csv") &&
	    strcmp(o->format, "json"))
		return cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--format':"
				 " want txt, pdf, csv or json", o->format);
	if (o->output && *o->output == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--output' needs a value (FILE)");
	if (o->output && strcmp(o->output, "-") == 0)
		o->output = NULL;
	if (strcmp(o->format, "pdf") == 0 && o->output == NULL && isatty(STDOUT_FILENO)) {
		rc = cmd_error(FB_ERR_USAGE, "cannot write pdf to a terminal");
		cmd_hint("write it to a file with '-o FILE'");
		return rc;
	}
	return 0;
}

static int
write_statement(struct cmd_ctx *ctx, const struct fb_statement *v, size_t n,
		const struct statement_opts *o, struct fb_err *err)
{
	struct fb_output out = FB_OUTPUT_INIT;
	int pdf = strcmp(o->format, "pdf") == 0, rc;

	if ((pdf ? fb_output_open_named(&out, o->output, fb_db_path(ctx->db), err) :
	     fb_output_open(&out, o->output, fb_db_path(ctx->db), err)) < 0)
		return -1;
	if (pdf) {
		char *paper = NULL;

		if ((rc = fb_config_get(ctx->db, "invoice.paper", &paper, err)) >= 0)
			rc = fb_statement_pdf(v, n, paper, fb_output_path(&out), err);
		free(paper);
	} else if (strcmp(o->format, "json") == 0) {
		struct fb_json *j = fb_statement_json(v, n);

		rc = fb_json_write(j, out.fp) < 0 ?
		    fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s",
			       fb_output_name(&out), strerror(errno)) : 0;
		fb_json_free(j);
	} else if (strcmp(o->format, "csv") == 0)
		rc = fb_statement_csv(v, n, out.fp, err);
	else
		rc = fb_statement_txt(v, n, out.fp, err);
	if (rc < 0) {
		fb_output_abort(&out);
		return -1;
	}
	return fb_output_commit(&out, err);
}

/* `client statement CODE`: the client's account over a range, per currency. */
static int
client_statement(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct statement_opts *o = opts;
	struct fb_statement *v = NULL;
	struct fb_client c;
	char *from = NULL, *to = NULL;
	size_t n = 0;
	int rc = 0;

	if (fb_client_find(ctx->db, ctx->argv[0], &c, &err) < 0)
		return cmd_fail(&err);
	/* The whole history through today, unless a range is given. */
	if (o->period.set && o->period.v.first.year)
		from = fb_civil_date(&o->period.v.first);
	if (o->period.set && o->period.v.last.year)
		to = fb_civil_date(&o->period.v.last);
	else
		to = fb_when_date(ctx->now);
	if (fb_statement_build(ctx->db, c.id, from, to, &v, &n, &err) < 0 ||
	    write_statement(ctx, v, n, o, &err) < 0)
		rc = cmd_fail(&err);
	fb_statement_free(v, n);
	fb_client_release(&c);
	free(from);
	free(to);
	return rc;
}

#define OPTS struct list_opts
static const struct cmd_opt list_opts[] = {
	{ OPT_BOOL(0, "all", all, "include archived clients") },
	OPT_END
};
#undef OPTS

#define OPTS struct refund_opts
static const struct cmd_opt refund_opts[] = {
	{ OPT_DATE(0, "date", date, "DATE", "when it was paid back (default: today)") },
	{ OPT_STRING(0, "method", method, "TEXT", "how: bank, card, cash, cheque...") },
	{ OPT_STRING(0, "ref", ref, "TEXT",
		     "the refund's reference; the same again for the client records nothing") },
	{ OPT_STRING(0, "currency", currency, "CODE",
		     "the credit to refund (default: the client's currency)") },
	OPT_END
};
#undef OPTS

#define OPTS struct statement_opts
static const struct cmd_opt statement_opts[] = {
	{ OPT_PERIOD(0, "period", period, "PERIOD", "2026-10, 2026-Q4 or 2026") },
	{ OPT_FROM(0, "from", period, "DATE", "the first day (default: the first record)") },
	{ OPT_TO(0, "to", period, "DATE", "the last day (default: today)") },
	{ OPT_STRING(0, "format", format, "FORMAT", "txt (default), pdf, csv or json"),
	  .complete = "txt pdf csv json" },
	{ OPT_STRING('o', "output", output, "FILE",
		     "write to FILE (text formats default to standard output)"), .complete = "@file" },
	OPT_END
};
#undef OPTS

#define OPTS struct export_opts
static const struct cmd_opt export_opts[] = {
	{ OPT_CHOICE(0, "format", format, "FORMAT",
		     "csv, xero (contacts), qbo (customers) or iif (!CUST) (csv)",
		     "csv xero qbo iif") },
	{ OPT_STRING('o', "output", output, "FILE", "write to FILE (default standard output)"),
	  .complete = "@file" },
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
	{ "export", "", "the customer list for an accounting system", export_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, client_export, NULL },
	{ "archive", "CODE", "hide a client from lists, keeping its history", cmd_no_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, client_archive, "@client" },
	{ "unarchive", "CODE", "bring an archived client back", cmd_no_opts, 1, 1,
	  VERB_DB_WRITE, 0, NULL, client_unarchive, "@client" },
	{ "credit", "CODE", "what the client has paid that no invoice holds", cmd_no_opts, 1, 1,
	  VERB_DB_READ, 0, NULL, client_credit, "@client" },
	{ "refund", "CODE AMOUNT", "pay some of the client's credit back", refund_opts, 2, 2,
	  VERB_DB_WRITE, 0, check_refund, client_refund, "@client" },
	{ "statement", "CODE", "the client's statement of account", statement_opts, 1, 1,
	  VERB_DB_READ, 0, check_statement, client_statement, "@client" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_client_entry = {
	.name = "client",
	.summary = "clients: the businesses you bill",
	.verbs = client_verbs,
};
