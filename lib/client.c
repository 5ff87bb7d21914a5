/*
 * client.c - clients and technicians: finding them by what people type,
 * creating a technician the first time a handle is used, the rules of
 * their fields, and storing both for cmd/client.c and cmd/tech.c, with
 * the rules of archiving a client and of changing its currency.
 */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "money.h"
#include "rates.h"

#define CLIENT_COLS \
	"id, code, name, email, address, tax_id, currency, street, city, region, " \
	"postcode, country, vat_id, buyer_ref, downtime_cost, managed_fee, archived, created"

void
fb_client_release(struct fb_client *c)
{
	if (c == NULL)
		return;
	free(c->code);
	free(c->name);
	free(c->email);
	free(c->address);
	free(c->tax_id);
	free(c->currency);
	free(c->street);
	free(c->city);
	free(c->region);
	free(c->postcode);
	free(c->country);
	free(c->vat_id);
	free(c->buyer_ref);
	memset(c, 0, sizeof(*c));
}

static int64_t
col_opt(struct fb_stmt *st, int col)
{
	return fb_stmt_isnull(st, col) ? -1 : fb_stmt_int(st, col);
}

static void
client_from_row(struct fb_db *db, struct fb_stmt *st, struct fb_client *c)
{
	memset(c, 0, sizeof(*c));
	c->id = fb_stmt_int(st, 0);
	c->code = fb_stmt_dup(st, 1);
	c->name = fb_stmt_dup(st, 2);
	c->email = fb_stmt_dup(st, 3);
	c->address = fb_stmt_dup(st, 4);
	c->tax_id = fb_stmt_dup(st, 5);
	c->currency = fb_stmt_dup(st, 6);
	c->street = fb_stmt_dup(st, 7);
	c->city = fb_stmt_dup(st, 8);
	c->region = fb_stmt_dup(st, 9);
	c->postcode = fb_stmt_dup(st, 10);
	c->country = fb_stmt_dup(st, 11);
	c->vat_id = fb_stmt_dup(st, 12);
	c->buyer_ref = fb_stmt_dup(st, 13);
	c->downtime_cost = col_opt(st, 14);
	c->managed_fee = col_opt(st, 15);
	c->archived = (int)fb_stmt_int(st, 16);
	c->created = fb_stmt_int(st, 17);
	if (c->currency == NULL)
		c->currency = fb_xstrdup(fb_config_currency(db));
}

/* One client by a query with one text or integer parameter: 1 found, 0 not, -1 error. */
static int
client_query(struct fb_db *db, const char *sql, const char *text, int64_t id,
	     struct fb_client *c, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	if (text)
		fb_stmt_bind_text(st, 1, text);
	else
		fb_stmt_bind_int(st, 1, id);
	rc = fb_stmt_step(st, err);
	if (rc == 1) {
		client_from_row(db, st, c);
		/* A name that two clients share names neither. */
		if (fb_stmt_step(st, err) == 1) {
			fb_stmt_reset(st);
			fb_client_release(c);
			return 2;
		}
	}
	fb_stmt_reset(st);
	return rc;
}

int
fb_client_find(struct fb_db *db, const char *s, struct fb_client *c,
	       struct fb_err *err)
{
	char *near;
	int rc;

	rc = client_query(db, "SELECT " CLIENT_COLS " FROM clients WHERE code = ?",
			  s, 0, c, err);
	if (rc == 0)
		rc = client_query(db, "SELECT " CLIENT_COLS " FROM clients"
				  " WHERE lower(name) = lower(?1) ORDER BY id", s, 0, c, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	if (rc == 2) {
		fb_err_set(err, FB_ERR_USAGE, "ambiguous client '%s': several clients have that name", s);
		fb_err_hint(err, "name the client by its code ('fixbill client list' shows them)");
		return -1;
	}
	fb_err_set(err, FB_ERR_NOTFOUND, "unknown client '%s'", s);
	if ((near = fb_db_closest(db, "SELECT code FROM clients ORDER BY code", s)) != NULL)
		fb_err_hint(err, "did you mean '%s'?", near);
	else if (fb_client_code_valid(s))
		fb_err_hint(err, "add it with 'fixbill client add %s --name NAME'", s);
	else
		fb_err_hint(err, "'fixbill client list' shows the clients");
	free(near);
	return -1;
}

int
fb_client_get(struct fb_db *db, int64_t id, struct fb_client *c,
	      struct fb_err *err)
{
	int rc = client_query(db, "SELECT " CLIENT_COLS " FROM clients WHERE id = ?",
			      NULL, id, c, err);

	if (rc < 0)
		return -1;
	if (rc == 0)
		return fb_err_set(err, FB_ERR_NOTFOUND, "unknown client %lld", (long long)id);
	return 0;
}

int
fb_client_code_valid(const char *s)
{
	size_t n = 0;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return 0;
	return n <= 32;
}

int
fb_client_check_code(const char *s, struct fb_err *err)
{
	if (!fb_client_code_valid(s))
		return fb_err_set(err, FB_ERR_USAGE, "invalid client code '%s': use 1-32 lowercase"
				  " letters, digits, '-' and '_', starting with a letter or digit", s);
	return 0;
}

/*
 * Stored text: valid UTF-8 without control characters (newlines only
 * when multiline) and at most max bytes; a name also not empty and not
 * the start of a spreadsheet formula.
 */
static int
check_text(const char *what, const char *s, size_t max, int multiline, int name,
	   struct fb_err *err)
{
	if (s == NULL)
		return 0;
	if (name && *s == '\0')
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: must not be empty", what);
	if (!fb_utf8_valid(s, multiline))
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: not valid UTF-8 or has"
				  " control characters", what);
	if (strlen(s) > max)
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: longer than %zu bytes",
				  what, max);
	if (name && strchr("=+-@", *s) != NULL)
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s '%s': must not begin with"
				  " '=', '+', '-' or '@'", what, s);
	return 0;
}

int
fb_client_check_name(const char *s, struct fb_err *err)
{
	return check_text("client name", s, FB_CLIENT_NAME_MAX, 0, 1, err);
}

int
fb_client_check_email(const char *s, struct fb_err *err)
{
	const char *at;

	if (s == NULL)
		return 0;
	if (check_text("email address", s, FB_CLIENT_EMAIL_MAX, 0, 0, err) < 0)
		return -1;
	at = strchr(s, '@');
	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') ||
	    strpbrk(s, " \t<>,;\"") != NULL)
		return fb_err_set(err, FB_ERR_USAGE, "invalid email address '%s'", s);
	return 0;
}

int
fb_client_check_address(const char *s, struct fb_err *err)
{
	return check_text("client address", s, FB_CLIENT_ADDRESS_MAX, 1, 0, err);
}

int
fb_client_check_tax_id(const char *s, struct fb_err *err)
{
	return check_text("tax id", s, FB_CLIENT_TAX_ID_MAX, 0, 0, err);
}

int
fb_client_check_currency(const char *s, struct fb_err *err)
{
	if (s && !fb_currency_valid(s))
		return fb_err_set(err, FB_ERR_USAGE, "unknown currency '%s':"
				  " use an ISO 4217 code such as USD or EUR", s);
	return 0;
}

int
fb_client_check_street(const char *s, struct fb_err *err)
{
	int lines = 1;

	if (check_text("street", s, FB_CLIENT_STREET_MAX, 1, 0, err) < 0)
		return -1;
	for (const char *p = s; p && *p; p++)
		lines += *p == '\n';
	if (lines > 3)
		return fb_err_set(err, FB_ERR_USAGE, "invalid street: more than 3 lines");
	return 0;
}

int
fb_client_check_city(const char *s, struct fb_err *err)
{
	return check_text("city", s, FB_CLIENT_PLACE_MAX, 0, 0, err);
}

int
fb_client_check_region(const char *s, struct fb_err *err)
{
	return check_text("region", s, FB_CLIENT_PLACE_MAX, 0, 0, err);
}

int
fb_client_check_postcode(const char *s, struct fb_err *err)
{
	return check_text("postcode", s, FB_CLIENT_POSTCODE_MAX, 0, 0, err);
}

/* ISO 3166-1 alpha-2, as the iso-codes package lists it. */
static const char countries[] =
	"AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM "
	"BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX "
	"CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG "
	"GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR "
	"IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV "
	"LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE "
	"NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO "
	"RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF "
	"TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF "
	"WS YE YT ZA ZM ZW";

int
fb_country_valid(const char *s)
{
	if (s[0] == '\0' || s[1] == '\0' || s[2] != '\0')
		return 0;
	/* Each code is two letters and a space, the last one two letters. */
	for (size_t i = 0; i + 1 < sizeof(countries); i += 3)
		if (s[0] == countries[i] && s[1] == countries[i + 1])
			return 1;
	return 0;
}

int
fb_client_check_country(const char *s, struct fb_err *err)
{
	if (s && !fb_country_valid(s))
		return fb_err_set(err, FB_ERR_USAGE, "invalid country '%s':"
				  " want an ISO 3166-1 code such as DE or US", s);
	return 0;
}

/* A country prefix, then letters, digits, '.' and '-' (CHE-123.456.789). */
int
fb_client_check_vat_id(const char *s, struct fb_err *err)
{
	size_t n;

	if (s == NULL)
		return 0;
	n = strlen(s);
	if (n < 4 || n > FB_CLIENT_VAT_ID_MAX || s[0] < 'A' || s[0] > 'Z' ||
	    s[1] < 'A' || s[1] > 'Z' || strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					       "abcdefghijklmnopqrstuvwxyz0123456789.-") != n)
		return fb_err_set(err, FB_ERR_USAGE, "invalid VAT id '%s': want the country"
				  " prefix and number, such as DE123456789", s);
	return 0;
}

int
fb_client_check_buyer_ref(const char *s, struct fb_err *err)
{
	return check_text("buyer reference", s, FB_CLIENT_BUYER_REF_MAX, 0, 0, err);
}

int
fb_client_check(const struct fb_client *c, struct fb_err *err)
{
	if (fb_client_check_code(c->code, err) < 0 ||
	    fb_client_check_name(c->name, err) < 0 ||
	    fb_client_check_email(c->email, err) < 0 ||
	    fb_client_check_address(c->address, err) < 0 ||
	    fb_client_check_tax_id(c->tax_id, err) < 0 ||
	    fb_client_check_currency(c->currency, err) < 0 ||
	    fb_client_check_street(c->street, err) < 0 ||
	    fb_client_check_city(c->city, err) < 0 ||
	    fb_client_check_region(c->region, err) < 0 ||
	    fb_client_check_postcode(c->postcode, err) < 0 ||
	    fb_client_check_country(c->country, err) < 0 ||
	    fb_client_check_vat_id(c->vat_id, err) < 0 ||
	    fb_client_check_buyer_ref(c->buyer_ref, err) < 0)
		return -1;
	return 0;
}

int
fb_client_parse_terms(const char *s, int64_t *out, struct fb_err *err)
{
	if (fb_parse_uint(s, 3650, out) < 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid terms '%s':"
				  " want a whole number of days from 0 to 3650", s);
	return 0;
}

static void
bind_client(struct fb_stmt *st, const struct fb_client *c)
{
	fb_stmt_bind_text(st, 1, c->code);
	fb_stmt_bind_text(st, 2, c->name);
	fb_stmt_bind_text(st, 3, c->email);
	fb_stmt_bind_text(st, 4, c->address);
	fb_stmt_bind_text(st, 5, c->tax_id);
	fb_stmt_bind_text(st, 6, c->currency);
	fb_stmt_bind_text(st, 7, c->street);
	fb_stmt_bind_text(st, 8, c->city);
	fb_stmt_bind_text(st, 9, c->region);
	fb_stmt_bind_text(st, 10, c->postcode);
	fb_stmt_bind_text(st, 11, c->country);
	fb_stmt_bind_text(st, 12, c->vat_id);
	fb_stmt_bind_text(st, 13, c->buyer_ref);
	fb_stmt_bind_opt(st, 14, c->downtime_cost, c->downtime_cost < 0);
	fb_stmt_bind_opt(st, 15, c->managed_fee, c->managed_fee < 0);
	fb_stmt_bind_int(st, 16, c->archived ? 1 : 0);
}

static int
client_write(struct fb_db *db, const char *sql, const struct fb_client *c,
	     int64_t last, struct fb_err *err)
{
	struct fb_stmt *st = fb_db_prepare(db, sql, err);

	if (st == NULL)
		return -1;
	bind_client(st, c);
	fb_stmt_bind_int(st, 17, last);
	if (fb_stmt_step(st, err) < 0)
		return -1;
	fb_stmt_reset(st);
	return 0;
}

int
fb_client_insert(struct fb_db *db, struct fb_client *c, int64_t now,
		 struct fb_err *err)
{
	int64_t id;
	int rc;

	if (fb_client_check(c, err) < 0)
		return -1;
	rc = fb_db_int(db, err, &id, "SELECT id FROM clients WHERE code = ?", "t", c->code);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return fb_err_set(err, FB_ERR_REFUSED, "client '%s' already exists", c->code);
	if (client_write(db, "INSERT INTO clients (code, name, email, address, tax_id,"
			 " currency, street, city, region, postcode, country, vat_id, buyer_ref,"
			 " downtime_cost, managed_fee, archived, created)"
			 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", c, now, err) < 0)
		return -1;
	c->id = fb_db_last_id(db);
	c->created = now;
	return 0;
}

int
fb_client_update(struct fb_db *db, const struct fb_client *c, struct fb_err *err)
{
	if (fb_client_check(c, err) < 0)
		return -1;
	return client_write(db, "UPDATE clients SET code = ?, name = ?, email = ?,"
			    " address = ?, tax_id = ?, currency = ?, street = ?, city = ?,"
			    " region = ?, postcode = ?, country = ?, vat_id = ?, buyer_ref = ?,"
			    " downtime_cost = ?, managed_fee = ?, archived = ? WHERE id = ?",
			    c, c->id, err);
}

int
fb_client_set_archived(struct fb_db *db, struct fb_client *c, int archived,
		       struct fb_err *err)
{
	int64_t open, unbilled;

	if (c->archived == archived)
		return fb_err_set(err, FB_ERR_REFUSED, "client '%s' is %sarchived", c->code,
				  archived ? "already " : "not ");
	if (archived) {
		/* Archiving must not hide work that still has to be billed. */
		if (fb_db_int(db, err, &open, "SELECT count(*) FROM jobs"
			      " WHERE client_id = ? AND status = 'open'", "i", c->id) < 0 ||
		    fb_db_int(db, err, &unbilled, "SELECT (SELECT count(*) FROM entries e"
			      " JOIN jobs j ON j.id = e.job_id WHERE j.client_id = ?1"
			      " AND e.billable = 1 AND e.invoice_id IS NULL)"
			      " + (SELECT count(*) FROM charges ch JOIN jobs j ON j.id = ch.job_id"
			      " WHERE j.client_id = ?1 AND ch.invoice_id IS NULL"
			      " AND j.status <> 'cancelled')", "i", c->id) < 0)
			return -1;
		if (open > 0) {
			fb_err_set(err, FB_ERR_REFUSED, "cannot archive client '%s':"
				   " it has %lld open job%s", c->code, (long long)open,
				   open == 1 ? "" : "s");
			fb_err_hint(err, "resolve them first ('fixbill job list --client %s')", c->code);
			return -1;
		}
		if (unbilled > 0) {
			fb_err_set(err, FB_ERR_REFUSED, "cannot archive client '%s':"
				   " it has unbilled work", c->code);
			fb_err_hint(err, "invoice it first ('fixbill invoice create --client %s')", c->code);
			return -1;
		}
	}
	c->archived = archived;
	return fb_client_update(db, c, err);
}

int
fb_client_set_currency(struct fb_db *db, struct fb_client *c, const char *currency,
		       struct fb_err *err)
{
	int64_t *amounts[] = { &c->downtime_cost, &c->managed_fee };
	int64_t n;

	if (strcmp(currency, c->currency) == 0)
		return 0;
	if (fb_client_check_currency(currency, err) < 0 ||
	    fb_db_int(db, err, &n, "SELECT count(*) FROM invoices WHERE client_id = ?",
		      "i", c->id) < 0)
		return -1;
	if (n > 0)
		return fb_err_set(err, FB_ERR_REFUSED, "cannot change the currency of client"
				  " '%s': it has %lld invoice%s in %s", c->code, (long long)n,
				  n == 1 ? "" : "s", c->currency);
	/* Parts and fees are amounts in the old currency; work is priced in it. */
	if (fb_db_int(db, err, &n, "SELECT EXISTS (SELECT 1 FROM entries e JOIN jobs j"
		      " ON j.id = e.job_id WHERE j.client_id = ?1 AND e.billable = 1"
		      " AND e.invoice_id IS NULL) OR EXISTS (SELECT 1 FROM charges ch JOIN jobs j"
		      " ON j.id = ch.job_id WHERE j.client_id = ?1 AND ch.invoice_id IS NULL"
		      " AND j.status <> 'cancelled')",
		      "i", c->id) < 0)
		return -1;
	if (n > 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot change the currency of client '%s':"
			   " it has unbilled work or charges in %s", c->code, c->currency);
		fb_err_hint(err, "invoice them first ('fixbill invoice create --client %s')", c->code);
		return -1;
	}
	/* Amounts keep their numbers in the new currency ("120.00" USD -> "120" JPY). */
	if (fb_rates_rescale(db, c->id, c->currency, currency, err) < 0)
		return -1;
	for (size_t i = 0; i < FB_ARRAY_SIZE(amounts); i++) {
		int64_t milli, *m = amounts[i];

		if (*m >= 0 && (fb_rate_to_milli(*m, c->currency, &milli) < 0 ||
				fb_rate_from_milli(milli, currency, m) < 0))
			return fb_err_set(err, FB_ERR_REFUSED, "cannot change the currency of"
					  " client '%s': an amount is too large in %s", c->code,
					  currency);
	}
	free(c->currency);
	c->currency = fb_xstrdup(currency);
	return 0;
}

int
fb_client_list(struct fb_db *db, int all, struct fb_client **out, size_t *n,
	       struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT " CLIENT_COLS " FROM clients"
			   " WHERE ?1 OR archived = 0 ORDER BY code", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, all ? 1 : 0);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		client_from_row(db, st, &(*out)[(*n)++]);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		for (size_t i = 0; i < *n; i++)
			fb_client_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_tech_release(struct fb_tech *t)
{
	if (t == NULL)
		return;
	free(t->handle);
	free(t->name);
	memset(t, 0, sizeof(*t));
}

int
fb_tech_handle_valid(const char *s)
{
	size_t n = 0;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return 0;
	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return 0;
	return n <= 32;
}

int
fb_tier_valid(const char *s)
{
	return s && (strcmp(s, "L1") == 0 || strcmp(s, "L2") == 0 || strcmp(s, "L3") == 0);
}

int
fb_tech_check_handle(const char *s, struct fb_err *err)
{
	if (!fb_tech_handle_valid(s))
		return fb_err_set(err, FB_ERR_USAGE, "invalid technician handle '%s': use 1-32"
				  " lowercase letters, digits, '.', '-' and '_'", s);
	return 0;
}

int
fb_tech_check_name(const char *s, struct fb_err *err)
{
	return check_text("technician name", s, FB_CLIENT_NAME_MAX, 0, 1, err);
}

int
fb_tech_check_tier(const char *s, struct fb_err *err)
{
	if (!fb_tier_valid(s))
		return fb_err_set(err, FB_ERR_USAGE, "invalid tier '%s': want L1, L2 or L3", s);
	return 0;
}

static int
tech_check(const struct fb_tech *t, struct fb_err *err)
{
	if (fb_tech_check_handle(t->handle, err) < 0 || fb_tech_check_name(t->name, err) < 0 ||
	    fb_tech_check_tier(t->tier, err) < 0)
		return -1;
	return 0;
}

static void
tech_from_row(struct fb_stmt *st, struct fb_tech *t)
{
	const char *tier = fb_stmt_text(st, 3);

	memset(t, 0, sizeof(*t));
	t->id = fb_stmt_int(st, 0);
	t->handle = fb_stmt_dup(st, 1);
	t->name = fb_stmt_dup(st, 2);
	snprintf(t->tier, sizeof(t->tier), "%s", tier ? tier : "L1");
}

int
fb_tech_get(struct fb_db *db, const char *handle, struct fb_tech *t,
	    struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	st = fb_db_prepare(db, "SELECT id, handle, name, tier FROM techs WHERE handle = ?", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_text(st, 1, handle);
	rc = fb_stmt_step(st, err);
	if (rc == 1)
		tech_from_row(st, t);
	fb_stmt_reset(st);
	return rc;
}

int
fb_tech_insert(struct fb_db *db, struct fb_tech *t, int64_t now, struct fb_err *err)
{
	if (tech_check(t, err) < 0 ||
	    fb_db_exec(db, err, "INSERT INTO techs (handle, name, tier, created)"
		       " VALUES (?, ?, ?, ?)", "ttti", t->handle, t->name, t->tier, now) < 0)
		return -1;
	t->id = fb_db_last_id(db);
	return 0;
}

int
fb_tech_update(struct fb_db *db, const struct fb_tech *t, struct fb_err *err)
{
	if (tech_check(t, err) < 0)
		return -1;
	return fb_db_exec(db, err, "UPDATE techs SET name = ?, tier = ? WHERE id = ?",
			  "tti", t->name, t->tier, t->id);
}

int
fb_tech_list(struct fb_db *db, struct fb_tech **out, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT id, handle, name, tier FROM techs ORDER BY handle", err);
	if (st == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		tech_from_row(st, &(*out)[(*n)++]);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		for (size_t i = 0; i < *n; i++)
			fb_tech_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* The handle a command acts as (see fb_tech_resolve), checked; *from says where it came from. */
static const char *
which_handle(const char *handle, const char **from, struct fb_err *err)
{
	*from = "--tech";
	if (handle == NULL || *handle == '\0') {
		handle = getenv("FIXBILL_TECH");
		*from = "$FIXBILL_TECH";
		if (handle == NULL || *handle == '\0') {
			handle = fb_login_name();
			*from = "the login name";
		}
	}
	if (handle == NULL) {
		fb_err_set(err, FB_ERR_USAGE, "cannot tell which technician you are");
		fb_err_hint(err, "use --tech HANDLE or set $FIXBILL_TECH");
		return NULL;
	}
	if (!fb_tech_handle_valid(handle)) {
		fb_err_set(err, FB_ERR_USAGE, "invalid technician handle '%s' (from %s):"
			   " use 1-32 lowercase letters, digits, '.', '-' and '_'", handle, *from);
		if (strcmp(*from, "--tech") != 0)
			fb_err_hint(err, "use --tech HANDLE or set $FIXBILL_TECH");
		return NULL;
	}
	return handle;
}

int
fb_tech_unknown(struct fb_db *db, const char *handle, const char *from, struct fb_err *err)
{
	char *best = fb_db_closest(db, "SELECT handle FROM techs ORDER BY handle", handle);

	if (from && strcmp(from, "--tech") != 0)
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown technician '%s' (from %s)", handle, from);
	else
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown technician '%s'", handle);
	if (best)
		fb_err_hint(err, "did you mean '%s'? A new technician is added with"
			    " 'fixbill tech add %s'", best, handle);
	else if (from && strcmp(from, "--tech") != 0)
		fb_err_hint(err, "add it with 'fixbill tech add %s', or give --tech HANDLE", handle);
	else
		fb_err_hint(err, "add it with 'fixbill tech add %s'", handle);
	free(best);
	return -1;
}

int
fb_tech_require(struct fb_db *db, const char *handle, struct fb_tech *t, struct fb_err *err)
{
	const char *from;
	int rc;

	memset(t, 0, sizeof(*t));
	if ((handle = which_handle(handle, &from, err)) == NULL ||
	    (rc = fb_tech_get(db, handle, t, err)) < 0)
		return -1;
	if (rc == 0)
		return fb_tech_unknown(db, handle, from, err);
	return 0;
}

int
fb_tech_lookup(struct fb_db *db, const char *handle, struct fb_tech *t,
	       struct fb_err *err)
{
	int rc;

	const char *from;

	memset(t, 0, sizeof(*t));
	if ((handle = which_handle(handle, &from, err)) == NULL)
		return -1;
	if ((rc = fb_tech_get(db, handle, t, err)) == 0)
		t->handle = fb_xstrdup(handle);
	return rc;
}

int
fb_tech_resolve(struct fb_db *db, const char *handle, int64_t now,
		struct fb_tech *t, struct fb_err *err)
{
	const char *from;
	int rc;

	if ((handle = which_handle(handle, &from, err)) == NULL)
		return -1;
	rc = fb_tech_get(db, handle, t, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return 0;
	memset(t, 0, sizeof(*t));
	t->handle = fb_xstrdup(handle);
	memcpy(t->tier, "L1", 3);
	if (fb_tech_insert(db, t, now, err) < 0) {
		fb_tech_release(t);
		return -1;
	}
	return 0;
}

int
fb_tech_tiers(struct fb_db *db, int64_t tech_id, struct fb_tech_tier **out, size_t *n,
	      struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT until, tier FROM tech_tiers WHERE tech_id = ?1"
			   " ORDER BY until", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, tech_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		(*out)[*n].until = fb_stmt_int(st, 0);
		snprintf((*out)[*n].tier, sizeof((*out)[*n].tier), "%s", fb_stmt_text(st, 1));
		(*n)++;
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

const char *
fb_tech_tier_at(const struct fb_tech_tier *tiers, size_t n, const char *current, int64_t start)
{
	for (size_t i = 0; i < n; i++)
		if (tiers[i].until > start)
			return tiers[i].tier;
	return current;
}

int
fb_tech_set_tier(struct fb_db *db, struct fb_tech *t, const char *tier, int64_t from,
		 struct fb_err *err)
{
	char *before = NULL;
	int64_t exact = 0;
	int rc;

	if (fb_tech_check_tier(tier, err) < 0)
		return -1;
	/* The tier of work just before from, as things stand. */
	rc = fb_db_text(db, err, &before, "SELECT tier FROM tech_tiers WHERE tech_id = ?1"
			" AND until > ?2 ORDER BY until LIMIT 1", "ii", t->id, from);
	if (rc < 0)
		return -1;
	if (rc == 0)
		before = fb_xstrdup(t->tier);
	/* From `from` on, one tier: what was said about later work goes. */
	if (fb_db_int(db, err, &exact, "SELECT count(*) FROM tech_tiers WHERE tech_id = ?1"
		      " AND until = ?2", "ii", t->id, from) < 0 ||
	    fb_db_exec(db, err, "DELETE FROM tech_tiers WHERE tech_id = ?1 AND until > ?2",
		       "ii", t->id, from) < 0 ||
	    (!exact && strcmp(before, tier) != 0 &&
	     fb_db_exec(db, err, "INSERT INTO tech_tiers (tech_id, until, tier) VALUES (?1, ?2, ?3)",
			"iit", t->id, from, before) < 0)) {
		free(before);
		return -1;
	}
	free(before);
	snprintf(t->tier, sizeof(t->tier), "%s", tier);
	return fb_tech_update(db, t, err);
}
