/*
 * tax.c - `fixbill tax`: tax codes.  A code names how a line is taxed:
 * one rate (VAT 20 %), or several components each computed on the net
 * (GST 5 % + PST 7 %), with its EN 16931 VAT category and the names Xero,
 * QuickBooks Online and QuickBooks Desktop know it by.  The settings
 * tax.labor, tax.parts, tax.other and tax.default say which code taxes
 * which lines, for the shop or for one client (`config set ... --client`,
 * `client edit --tax`).  NONE always exists; TAX is the code of the
 * older tax.rate setting.  An issued invoice keeps the rates it was
 * computed at whatever happens to its codes later.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "json.h"
#include "table.h"
#include "tax.h"

/* The options of add and edit. */
struct tax_opts {
	const char *rate;
	struct opt_list component;
	const char *name, *category, *xero, *qbo, *iif_item, *agency;
};

/* The rules of the options, before any database is opened. */
static int
check_tax(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct tax_opts *o = opts;
	struct fb_tax_code t;
	char *code = NULL;
	int64_t rate;
	int rc = 0;

	if (fb_tax_check_code(ctx->argv[0], &code, &err) < 0)
		return cmd_fail(&err);
	free(code);
	if (strcmp(ctx->verb->name, "add") == 0 && o->rate == NULL && o->component.n == 0) {
		cmd_error(FB_ERR_USAGE, "'tax add' needs '--rate' or '--component'");
		cmd_hint("'fixbill tax add VAT20 --rate 20', or one '--component NAME=PERCENT'"
			 " for each part of the tax");
		return FB_ERR_USAGE;
	}
	if (o->rate && fb_tax_parse_rate(o->rate, &rate, &err) < 0)
		return cmd_fail(&err);
	for (size_t i = 0; i < o->component.n; i++) {
		struct fb_tax_component c;

		if (fb_tax_parse_component(o->component.v[i], &c, &err) < 0)
			return cmd_fail(&err);
		free(c.name);
	}
	if (o->category && fb_tax_check_category(o->category, &err) < 0)
		return cmd_fail(&err);
	/* The texts by lib's rules: a code with each of them. */
	fb_tax_code_init(&t);
	t.code = fb_xstrdup("X");
	fb_tax_code_add(&t, "X", 0);
	t.name = o->name ? fb_xstrdup(o->name) : NULL;
	t.xero = o->xero ? fb_xstrdup(o->xero) : NULL;
	t.qbo = o->qbo ? fb_xstrdup(o->qbo) : NULL;
	t.iif_item = o->iif_item ? fb_xstrdup(o->iif_item) : NULL;
	t.agency = o->agency ? fb_xstrdup(o->agency) : NULL;
	if (fb_tax_check(&t, &err) < 0)
		rc = cmd_fail(&err);
	fb_tax_code_release(&t);
	return rc;
}

/* Replace *field with v; "" clears it (back to the default). */
static void
set_text(char **field, const char *v)
{
	if (v == NULL)
		return;
	free(*field);
	*field = *v ? fb_xstrdup(v) : NULL;
}

/* The options into t: --rate is one component named after the code. */
static void
apply(const struct tax_opts *o, struct fb_tax_code *t)
{
	set_text(&t->name, o->name);
	set_text(&t->xero, o->xero);
	set_text(&t->qbo, o->qbo);
	set_text(&t->iif_item, o->iif_item);
	set_text(&t->agency, o->agency);
	if (o->category)
		snprintf(t->category, sizeof(t->category), "%s", o->category);
	if (o->rate == NULL && o->component.n == 0)
		return;
	for (size_t i = 0; i < t->ncomponents; i++)
		free(t->components[i].name);
	t->ncomponents = 0;
	if (o->rate) {
		int64_t rate = 0;

		fb_tax_parse_rate(o->rate, &rate, NULL);
		fb_tax_code_add(t, t->code, rate);
	}
	for (size_t i = 0; i < o->component.n; i++) {
		struct fb_tax_component c;

		if (fb_tax_parse_component(o->component.v[i], &c, NULL) == 0) {
			fb_tax_code_add(t, c.name, c.rate);
			free(c.name);
		}
	}
}

static char *
percent(int64_t rate)
{
	char *d = fb_format_decimal(rate, 4), *s = fb_xasprintf("%s%%", d);

	free(d);
	return s;
}

/* "20%", or "GST 5% + PST 7%". */
static char *
rates_text(const struct fb_tax_code *t)
{
	struct fb_buf b = FB_BUF_INIT;

	if (t->ncomponents == 1 && strcmp(t->components[0].name, t->code) == 0)
		return percent(t->components[0].rate);
	for (size_t i = 0; i < t->ncomponents; i++) {
		char *p = percent(t->components[i].rate);

		fb_buf_addf(&b, "%s%s %s", i ? " + " : "", t->components[i].name, p);
		free(p);
	}
	return fb_buf_detach(&b);
}

static struct fb_json *
tax_json(const struct fb_tax_code *t)
{
	struct fb_json *o = fb_json_object(), *cs = fb_json_array();

	fb_json_set_str(o, "code", t->code);
	fb_json_set_str(o, "name", t->name);
	fb_json_set_str(o, "category", t->category);
	for (size_t i = 0; i < t->ncomponents; i++) {
		struct fb_json *c = fb_json_object();
		char *r = fb_format_decimal(t->components[i].rate, 4);

		fb_json_set_str(c, "name", t->components[i].name);
		fb_json_set_str(c, "rate", r);
		fb_json_push(cs, c);
		free(r);
	}
	fb_json_set(o, "components", cs);
	fb_json_set_str(o, "xero", t->xero);
	fb_json_set_str(o, "qbo", t->qbo);
	fb_json_set_str(o, "iif_item", t->iif_item);
	fb_json_set_str(o, "agency", t->agency);
	return o;
}

static void
show_line(const char *label, const char *value)
{
	char *safe = fb_escape(value, 0);

	printf("%-10s %s\n", label, value ? safe : "-");
	free(safe);
}

/* The code as it is now, names filled in, shown or as JSON. */
static int
tax_print(struct cmd_ctx *ctx, const char *code)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tax_code t;
	char *r;

	if (fb_tax_get(ctx->db, code, 0, &t, &err) < 0)
		return cmd_fail(&err);
	if (fb_tax_effective_names(ctx->db, &t, &err) < 0) {
		fb_tax_code_release(&t);
		return cmd_fail(&err);
	}
	if (ctx->json) {
		struct fb_json *o = tax_json(&t);

		fb_json_write(o, stdout);
		fb_json_free(o);
		fb_tax_code_release(&t);
		return 0;
	}
	show_line("code", t.code);
	show_line("name", t.name);
	show_line("category", t.category);
	r = rates_text(&t);
	show_line("rate", r);
	free(r);
	show_line("xero", t.xero);
	show_line("qbo", t.qbo);
	show_line("iif item", t.iif_item);
	show_line("agency", t.agency);
	fb_tax_code_release(&t);
	return 0;
}

/* After a change: the identity, the show document with --json, or nothing with -q. */
static int
tax_done(struct cmd_ctx *ctx, const char *code)
{
	if (ctx->json)
		return tax_print(ctx, code);
	if (!ctx->quiet) {
		fputs("tax ", stdout);
		cmd_put(code, 0);
		putchar('\n');
	}
	return 0;
}

static int
tax_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tax_code t;
	int rc;

	fb_tax_code_init(&t);
	fb_tax_check_code(ctx->argv[0], &t.code, NULL);
	apply(opts, &t);
	if (fb_tax_insert(ctx->db, &t, ctx->now, &err) < 0) {
		fb_tax_code_release(&t);
		return cmd_fail(&err);
	}
	rc = tax_done(ctx, t.code);
	fb_tax_code_release(&t);
	return rc;
}

static int
tax_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tax_code t;
	int rc;

	if (fb_tax_get(ctx->db, ctx->argv[0], 0, &t, &err) < 0)
		return cmd_fail(&err);
	apply(opts, &t);
	if (fb_tax_update(ctx->db, &t, &err) < 0) {
		fb_tax_code_release(&t);
		return cmd_fail(&err);
	}
	rc = tax_done(ctx, t.code);
	fb_tax_code_release(&t);
	return rc;
}

static int
tax_show(struct cmd_ctx *ctx, void *opts)
{
	(void)opts;
	return tax_print(ctx, ctx->argv[0]);
}

static int
tax_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tax_code *ts;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;
	int rc = 0;

	(void)opts;
	if (fb_tax_list(ctx->db, &ts, &n, &err) < 0)
		return cmd_fail(&err);
	fb_table_init(&t);
	fb_table_col(&t, "code", NULL, FB_COL_TEXT);
	fb_table_col(&t, "name", NULL, FB_COL_TEXT);
	fb_table_col(&t, "category", "CAT", FB_COL_TEXT);
	fb_table_col(&t, "rate", NULL, FB_COL_TEXT);
	fb_table_col(&t, "xero", NULL, FB_COL_TEXT);
	fb_table_col(&t, "qbo", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && fb_tax_effective_names(ctx->db, &ts[i], &err) < 0)
			rc = -1;
		if (rc == 0 && arr)
			fb_json_push(arr, tax_json(&ts[i]));
		else if (rc == 0 && ctx->quiet)
			printf("%s\n", ts[i].code);
		else if (rc == 0) {
			fb_table_row(&t);
			fb_table_set(&t, 0, ts[i].code);
			fb_table_set(&t, 1, ts[i].name);
			fb_table_set(&t, 2, ts[i].category);
			fb_table_take(&t, 3, rates_text(&ts[i]));
			fb_table_set(&t, 4, ts[i].xero);
			fb_table_set(&t, 5, ts[i].qbo);
		}
		fb_tax_code_release(&ts[i]);
	}
	free(ts);
	if (rc < 0) {
		fb_json_free(arr);
		fb_table_release(&t);
		return cmd_fail(&err);
	}
	cmd_print_list(ctx, arr, &t);
	return 0;
}

#define OPTS struct tax_opts
#define TAX_FIELDS \
	{ OPT_STRING(0, "rate", rate, "PERCENT", "one rate, such as 20 or 8.25"), .group = 1 }, \
	{ OPT_LIST(0, "component", component, "NAME=PERCENT", \
		   "a part of the tax, such as GST=5 (repeat for each)"), .group = 1 }, \
	{ OPT_STRING(0, "name", name, "TEXT", "what invoices call it") }, \
	{ OPT_STRING(0, "category", category, "CAT", \
		     "EN 16931 VAT category: S, Z, E, AE, K, G or O (S)"), \
	  .complete = "S Z E AE K G O" }, \
	{ OPT_STRING(0, "xero", xero, "TEXT", "Xero's tax type (default: the code)") }, \
	{ OPT_STRING(0, "qbo", qbo, "TEXT", "QuickBooks Online's tax code (default: the code)") }, \
	{ OPT_STRING(0, "iif-item", iif_item, "TEXT", \
		     "QuickBooks Desktop sales tax item (default: the code)") }, \
	{ OPT_STRING(0, "agency", agency, "TEXT", "the tax agency QuickBooks Desktop pays it to") }

static const struct cmd_opt add_opts[] = {
	TAX_FIELDS,
	OPT_END
};

static const struct cmd_opt edit_opts[] = {
	TAX_FIELDS,
	OPT_END
};
#undef OPTS

static const struct cmd_verb tax_verbs[] = {
	{ "add", "CODE", "add a tax code", add_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_tax, tax_add, NULL },
	{ "list", "", "list the tax codes", cmd_no_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, tax_list, NULL },
	{ "show", "CODE", "show a tax code", cmd_no_opts, 1, 1,
	  VERB_DB_READ, 0, NULL, tax_show, "@tax" },
	{ "edit", "CODE", "change a tax code (issued invoices keep their rates)", edit_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_tax, tax_edit, "@tax" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_tax_entry = {
	.name = "tax",
	.summary = "tax codes: rates, components, categories, names in the books",
	.verbs = tax_verbs,
};
