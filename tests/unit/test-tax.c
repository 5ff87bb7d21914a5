/*
 * test-tax.c - unit tests for lib/tax.c: the rules of codes, components
 * and categories, the records, and which code taxes a line by every
 * order of precedence (a kind's key, tax.default, the older tax.rate and
 * tax.applies_to, the client's settings before the shop's).
 */
#include "config.h"
#include "tax.h"
#include "unit.h"
#include "unit-db.h"

#define ERRMSG(call) (fb_err_release(&err), (call) < 0 ? err.msg : NULL)

static void
test_rules(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tax_component c;
	struct fb_tax_code t;
	char *norm = NULL;
	int64_t r = -1;

	CHECK_INT(fb_tax_check_code("vat_20-b", &norm, &err), 0);
	CHECK_STR_FREE(norm, "VAT_20-B");
	CHECK_STR(ERRMSG(fb_tax_check_code("9VAT", &norm, &err)),
		  "invalid tax code '9VAT': use a letter, then letters, digits, '-' and '_'"
		  " (at most 32)");
	CHECK(ERRMSG(fb_tax_check_code("", &norm, &err)) != NULL);
	CHECK(ERRMSG(fb_tax_check_code("V:AT", &norm, &err)) != NULL);
	CHECK(ERRMSG(fb_tax_check_code("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG", &norm, &err)) != NULL);
	CHECK_INT(fb_tax_parse_rate("8.25", &r, &err), 0);
	CHECK_INT(r, 82500);
	CHECK_INT(fb_tax_parse_rate("100", &r, &err), 0);
	CHECK_INT(r, 1000000);
	CHECK_STR(ERRMSG(fb_tax_parse_rate("100.0001", &r, &err)),
		  "invalid percentage '100.0001': want 0 to 100 with at most 4 decimals");
	CHECK(ERRMSG(fb_tax_parse_rate("-1", &r, &err)) != NULL);
	CHECK(ERRMSG(fb_tax_parse_rate("8.25555", &r, &err)) != NULL);
	CHECK_INT(fb_tax_parse_component("gst=5", &c, &err), 0);
	CHECK_STR(c.name, "GST");
	CHECK_INT(c.rate, 50000);
	free(c.name);
	CHECK_STR(ERRMSG(fb_tax_parse_component("=5", &c, &err)),
		  "invalid tax component '=5': want NAME=PERCENT, such as GST=5");
	CHECK(ERRMSG(fb_tax_parse_component("GST=x", &c, &err)) != NULL);
	CHECK(c.name == NULL);
	CHECK_INT(fb_tax_check_category("AE", &err), 0);
	CHECK_STR(ERRMSG(fb_tax_check_category("s", &err)),
		  "invalid tax category 's': want S, Z, E, AE, K, G or O");

	/* The 0 % rule of E, AE and O; Z and S may carry any rate. */
	fb_tax_code_init(&t);
	t.code = fb_xstrdup("RC");
	fb_tax_code_add(&t, "RC", 0);
	strcpy(t.category, "AE");
	CHECK_INT(fb_tax_check(&t, &err), 0);
	t.components[0].rate = 1;
	CHECK_STR(ERRMSG(fb_tax_check(&t, &err)),
		  "invalid tax code 'RC': category AE needs a rate of 0");
	strcpy(t.category, "Z");
	CHECK_INT(fb_tax_check(&t, &err), 0);
	fb_tax_code_add(&t, "RC", 5);
	CHECK_STR(ERRMSG(fb_tax_check(&t, &err)),
		  "invalid tax code 'RC': component 'RC' appears twice");
	fb_tax_code_release(&t);
	CHECK(t.code == NULL && t.ncomponents == 0);

	/* Labels: a code of one component by its name, else by component. */
	fb_tax_code_init(&t);
	t.code = fb_xstrdup("SALES");
	t.name = fb_xstrdup("Sales tax");
	fb_tax_code_add(&t, "SALES", 82500);
	CHECK_STR(fb_tax_component_label(&t, 0), "Sales tax");
	fb_tax_code_add(&t, "CITY", 10000);
	CHECK_STR(fb_tax_component_label(&t, 0), "SALES");
	CHECK_STR(fb_tax_component_label(&t, 1), "CITY");
	CHECK_INT(fb_tax_code_rate(&t), 92500);
	fb_tax_code_release(&t);
	fb_err_release(&err);
}

static int64_t
client(struct fb_db *db, const char *code)
{
	struct fb_err err = FB_ERR_INIT;

	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO clients(code, name, created) VALUES (?, ?, 0)",
			     "tt", code, code), 0);
	fb_err_release(&err);
	return fb_db_last_id(db);
}

/* The code of kind for client, as a string to compare; freed at the next call. */
static const char *
resolved(struct fb_db *db, int64_t id, enum fb_tax_kind kind)
{
	static char *last;
	struct fb_err err = FB_ERR_INIT;

	free(last);
	last = NULL;
	if (fb_tax_resolve(db, id, kind, &last, &err) < 0) {
		printf("# resolve failed: %s\n", err.msg);
		fb_err_release(&err);
		return "(error)";
	}
	return last;
}

static void
set(struct fb_db *db, int64_t id, const char *key, const char *value)
{
	struct fb_err err = FB_ERR_INIT;
	int rc = id ? fb_config_set_client(db, id, key, value, &err) :
	    fb_config_set(db, key, value, &err);

	if (rc < 0)
		printf("# set %s failed: %s\n", key, err.msg);
	CHECK_INT(rc, 0);
	fb_err_release(&err);
}

static void
unset(struct fb_db *db, int64_t id, const char *key)
{
	CHECK_INT(id ? fb_config_unset_client(db, id, key, NULL) : fb_config_unset(db, key, NULL), 0);
}

static void
test_resolve(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tax_code t;
	int64_t a = client(db, "acme"), b = client(db, "beta");

	fb_tax_code_init(&t);
	t.code = fb_xstrdup("VAT20");
	fb_tax_code_add(&t, "VAT20", 200000);
	CHECK_INT(fb_tax_insert(db, &t, 0, &err), 0);
	CHECK_STR(ERRMSG(fb_tax_insert(db, &t, 0, &err)), "tax code 'VAT20' already exists");
	CHECK_INT(err.code, FB_ERR_REFUSED);
	fb_tax_code_release(&t);
	CHECK_INT(fb_tax_exists(db, "VAT20", &err), 1);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM tax_components WHERE code = 'VAT20'"), 1);
	CHECK_INT(fb_tax_exists(db, "VAT21", &err), 0);

	/* Nothing set: NONE everywhere. */
	CHECK_STR(resolved(db, a, FB_TAX_LABOR), "NONE");
	CHECK_STR(resolved(db, 0, FB_TAX_PARTS), "NONE");
	/* The older setting: TAX on what tax.applies_to names (labor: not parts). */
	set(db, 0, "tax.rate", "8.25");
	set(db, 0, "tax.applies_to", "labor");
	CHECK_STR(resolved(db, a, FB_TAX_LABOR), "TAX");
	CHECK_STR(resolved(db, a, FB_TAX_OTHER), "TAX");
	CHECK_STR(resolved(db, a, FB_TAX_PARTS), "NONE");
	/* A client's own applies_to counts for the shop's rate too. */
	set(db, b, "tax.applies_to", "parts");
	CHECK_STR(resolved(db, b, FB_TAX_PARTS), "TAX");
	CHECK_STR(resolved(db, b, FB_TAX_LABOR), "NONE");
	/* tax.default beats the older setting at the same level. */
	set(db, 0, "tax.default", "vat20");
	CHECK_STR(resolved(db, a, FB_TAX_PARTS), "VAT20");
	/* A kind's key beats tax.default. */
	set(db, 0, "tax.parts", "NONE");
	CHECK_STR(resolved(db, a, FB_TAX_PARTS), "NONE");
	CHECK_STR(resolved(db, a, FB_TAX_LABOR), "VAT20");
	/* The client's settings first, even its older tax.rate: 0 is NONE. */
	set(db, a, "tax.rate", "0");
	CHECK_STR(resolved(db, a, FB_TAX_LABOR), "NONE");
	set(db, a, "tax.rate", "5");
	CHECK_STR(resolved(db, a, FB_TAX_LABOR), "TAX");
	CHECK_STR(resolved(db, a, FB_TAX_PARTS), "NONE");	/* applies_to labor */
	set(db, a, "tax.labor", "VAT20");
	CHECK_STR(resolved(db, a, FB_TAX_LABOR), "VAT20");
	unset(db, a, "tax.labor");
	unset(db, a, "tax.rate");
	CHECK_STR(resolved(db, a, FB_TAX_LABOR), "VAT20");

	/* TAX's rate is the client's tax.rate, else the shop's. */
	set(db, a, "tax.rate", "5");
	CHECK_INT(fb_tax_get(db, "tax", a, &t, &err), 0);
	CHECK_INT(t.components[0].rate, 50000);
	fb_tax_code_release(&t);
	CHECK_INT(fb_tax_get(db, "TAX", b, &t, &err), 0);
	CHECK_INT(t.components[0].rate, 82500);
	fb_tax_code_release(&t);
	CHECK_STR(ERRMSG(fb_tax_get(db, "VAT2O", 0, &t, &err)), "unknown tax code 'VAT2O'");
	CHECK_INT(err.code, FB_ERR_NOTFOUND);
	CHECK_STR(err.hint, "did you mean 'VAT20'?");

	/* A key a client cannot have; a code that does not exist. */
	CHECK_STR(ERRMSG(fb_config_set_client(db, a, "currency", "EUR", &err)),
		  "cannot set 'currency' for a client: only billing.*, tax.*, invoice.terms"
		  " and invoice.paper can be");
	CHECK_STR(ERRMSG(fb_config_set_client(db, a, "tax.other", "GST", &err)),
		  "unknown tax code 'GST'");
	CHECK_INT(err.code, FB_ERR_NOTFOUND);
	fb_err_release(&err);
}

static void
test_sources(struct fb_db *db)
{
	enum fb_config_source src;
	char *v = NULL;
	int64_t a = 1;

	CHECK_INT(fb_config_get_for(db, a, "billing.increment", &v, &src, NULL), 1);
	CHECK_STR(v, "15");
	CHECK_INT(src, FB_CONFIG_DEFAULT);
	free(v);
	set(db, 0, "billing.increment", "10");
	CHECK_INT(fb_config_get_for(db, a, "billing.increment", &v, &src, NULL), 1);
	CHECK_STR(v, "10");
	CHECK_INT(src, FB_CONFIG_COMPANY);
	free(v);
	set(db, a, "billing.increment", "6");
	CHECK_INT(fb_config_get_for(db, a, "billing.increment", &v, &src, NULL), 1);
	CHECK_STR(v, "6");
	CHECK_INT(src, FB_CONFIG_CLIENT);
	free(v);
	CHECK_INT(fb_config_int_for(db, a, "billing.increment", 0), 6);
	CHECK_INT(fb_config_int_for(db, 2, "billing.increment", 0), 10);
	/* A key no client may have is always the shop's. */
	CHECK_INT(fb_config_get_for(db, a, "currency", &v, &src, NULL), 1);
	CHECK_STR(v, "USD");
	CHECK_INT(src, FB_CONFIG_DEFAULT);
	free(v);
	CHECK_STR(fb_config_source_name(FB_CONFIG_CLIENT), "client");
}

int
main(void)
{
	struct fb_db *db;

	test_rules();
	db = unit_db_open();
	test_resolve(db);
	test_sources(db);
	unit_db_close(db);
	return unit_done();
}
