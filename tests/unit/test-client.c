/*
 * test-client.c - unit tests for the rules that moved from cmd/ into
 * lib/, on a real SQLite file: client and technician fields
 * (lib/client), archiving and currency changes, `time edit`'s merge
 * rules (lib/timelog), the completion queries (lib/complete), a stored
 * timezone the system no longer knows (lib/config), a write lock held
 * by another connection (lib/db) and a technician's tiers over time.
 */
#include <sys/wait.h>

#include <unistd.h>

#include "unit.h"
#include "unit-db.h"

#include "client.h"
#include "complete.h"
#include "config.h"
#include "timelog.h"
#include "when.h"

/* The message of the error f sets, released; NULL when f succeeded. */
#define ERRMSG(f) (fb_err_release(&err), (f) < 0 ? err.msg : NULL)

static void
test_fields(void)
{
	struct fb_err err = FB_ERR_INIT;
	char long_name[202];

	CHECK(ERRMSG(fb_client_check_name("Acme Dental", &err)) == NULL);
	CHECK(ERRMSG(fb_client_check_name("Café Zoë", &err)) == NULL);
	CHECK_STR(ERRMSG(fb_client_check_name("", &err)), "invalid client name: must not be empty");
	CHECK_STR(ERRMSG(fb_client_check_name("a\033[2Jb", &err)),
		  "invalid client name: not valid UTF-8 or has control characters");
	CHECK_STR(ERRMSG(fb_client_check_name("Acme\nCorp", &err)),
		  "invalid client name: not valid UTF-8 or has control characters");
	CHECK_STR(ERRMSG(fb_client_check_name("a\xe2\x80\xae" "b", &err)),
		  "invalid client name: not valid UTF-8 or has control characters");
	CHECK_STR(ERRMSG(fb_client_check_name("a\xff" "z", &err)),
		  "invalid client name: not valid UTF-8 or has control characters");
	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	CHECK_STR(ERRMSG(fb_client_check_name(long_name, &err)),
		  "invalid client name: longer than 200 bytes");
	long_name[200] = '\0';
	CHECK(ERRMSG(fb_client_check_name(long_name, &err)) == NULL);
	CHECK_STR(ERRMSG(fb_client_check_name("=SUM(A1)", &err)),
		  "invalid client name '=SUM(A1)': must not begin with '=', '+', '-' or '@'");
	CHECK(ERRMSG(fb_client_check_name("+1", &err)) != NULL);
	CHECK(ERRMSG(fb_client_check_name("-1", &err)) != NULL);
	CHECK(ERRMSG(fb_client_check_name("@x", &err)) != NULL);
	CHECK_INT(err.code, FB_ERR_USAGE);
	CHECK(ERRMSG(fb_client_check_name("A=B", &err)) == NULL);
	CHECK(ERRMSG(fb_client_check_address("1 Main St\nSpringfield", &err)) == NULL);
	CHECK_STR(ERRMSG(fb_client_check_address("1 Main St\r", &err)),
		  "invalid client address: not valid UTF-8 or has control characters");
	CHECK(ERRMSG(fb_client_check_address(NULL, &err)) == NULL);
	CHECK(ERRMSG(fb_client_check_email("ap@acme.example", &err)) == NULL);
	CHECK_STR(ERRMSG(fb_client_check_email("nobody", &err)), "invalid email address 'nobody'");
	CHECK_STR(ERRMSG(fb_client_check_currency("XYZ", &err)),
		  "unknown currency 'XYZ': use an ISO 4217 code such as USD or EUR");
	CHECK_STR(ERRMSG(fb_tech_check_name("@kim", &err)),
		  "invalid technician name '@kim': must not begin with '=', '+', '-' or '@'");
	CHECK_STR(ERRMSG(fb_tech_check_tier("L4", &err)), "invalid tier 'L4': want L1, L2 or L3");
	CHECK_INT(fb_client_check_country("DE", &err), 0);
	CHECK_INT(fb_client_check_country("US", &err), 0);
	CHECK_INT(fb_client_check_country(NULL, &err), 0);
	CHECK_STR(ERRMSG(fb_client_check_country("XX", &err)),
		  "invalid country 'XX': want an ISO 3166-1 code such as DE or US");
	CHECK(ERRMSG(fb_client_check_country("de", &err)) != NULL);
	CHECK(ERRMSG(fb_client_check_country("D", &err)) != NULL);
	CHECK(ERRMSG(fb_client_check_country("DEU", &err)) != NULL);
	CHECK(ERRMSG(fb_client_check_country("", &err)) != NULL);
	CHECK_INT(fb_client_check_vat_id("DE123456789", &err), 0);
	CHECK_INT(fb_client_check_vat_id("CHE-123.456.789", &err), 0);
	CHECK_STR(ERRMSG(fb_client_check_vat_id("123456789", &err)),
		  "invalid VAT id '123456789': want the country prefix and number,"
		  " such as DE123456789");
	CHECK(ERRMSG(fb_client_check_vat_id("DE 123", &err)) != NULL);
	CHECK_INT(fb_client_check_street("1 Main St\nFloor 2\nSuite 3", &err), 0);
	CHECK_STR(ERRMSG(fb_client_check_street("a\nb\nc\nd", &err)),
		  "invalid street: more than 3 lines");
	CHECK_STR(ERRMSG(fb_client_check_city("Ber\nlin", &err)),
		  "invalid city: not valid UTF-8 or has control characters");
	CHECK_STR(ERRMSG(fb_client_check_postcode("123456789012345678901", &err)),
		  "invalid postcode: longer than 20 bytes");
	fb_err_release(&err);
}

static void
test_parsers(void)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t v = 0;

	CHECK_INT(fb_client_parse_terms("3650", &v, &err), 0);
	CHECK_INT(v, 3650);
	CHECK_STR(ERRMSG(fb_client_parse_terms("3651", &v, &err)),
		  "invalid terms '3651': want a whole number of days from 0 to 3650");
	fb_err_release(&err);
}

/* A client acme with a job; returns the job. */
static int64_t
shop(struct fb_db *db, struct fb_client *c)
{
	struct fb_err err = FB_ERR_INIT;

	memset(c, 0, sizeof(*c));
	c->code = fb_xstrdup("acme");
	c->name = fb_xstrdup("Acme");
	c->currency = fb_xstrdup("USD");
	c->downtime_cost = 12050;
	c->managed_fee = -1;
	CHECK_INT(fb_client_insert(db, c, 0, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO jobs(client_id, title, priority, status,"
			     " opened) VALUES (?, 'Printer', 'P3', 'open', 0)", "i", c->id), 0);
	fb_err_release(&err);
	return fb_db_last_id(db);
}

static void
test_records(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	struct fb_tech t;
	char *name;

	shop(db, &c);
	/* The record functions hold the rules, whoever calls them. */
	name = c.name;
	c.name = fb_xstrdup("-Acme");
	CHECK_STR(ERRMSG(fb_client_update(db, &c, &err)),
		  "invalid client name '-Acme': must not begin with '=', '+', '-' or '@'");
	free(c.name);
	c.name = name;
	memset(&t, 0, sizeof(t));
	t.handle = fb_xstrdup("kim");
	t.name = fb_xstrdup("Kim\tLee\033");
	memcpy(t.tier, "L1", 3);
	CHECK_STR(ERRMSG(fb_tech_insert(db, &t, 0, &err)),
		  "invalid technician name: not valid UTF-8 or has control characters");
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM techs"), 0);
	fb_tech_release(&t);

	/* A handle not seen yet: lookup creates nothing, resolve creates it. */
	CHECK_INT(fb_tech_lookup(db, "sam", &t, &err), 0);
	CHECK_STR(t.handle, "sam");
	fb_tech_release(&t);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM techs"), 0);
	CHECK_INT(fb_tech_resolve(db, "sam", 0, &t, &err), 0);
	fb_tech_release(&t);
	CHECK_INT(fb_tech_lookup(db, "sam", &t, &err), 1);
	CHECK_STR(t.tier, "L1");
	fb_tech_release(&t);
	fb_client_release(&c);
	fb_err_release(&err);
}

static void
test_archive(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	int64_t job;

	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM jobs", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM clients", ""), 0);
	job = shop(db, &c);
	CHECK_STR(ERRMSG(fb_client_set_archived(db, &c, 1, &err)),
		  "cannot archive client 'acme': it has 1 open job");
	CHECK_INT(err.code, FB_ERR_REFUSED);
	CHECK_INT(fb_db_exec(db, &err, "UPDATE jobs SET status = 'resolved', resolved = 1",
			     ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO charges(job_id, kind, description, quantity,"
			     " unit_price, amount, created) VALUES (?, 'flat', 'Fee', 1000, 5, 5, 0)",
			     "i", job), 0);
	CHECK_STR(ERRMSG(fb_client_set_archived(db, &c, 1, &err)),
		  "cannot archive client 'acme': it has unbilled work");
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM charges", ""), 0);
	CHECK(ERRMSG(fb_client_set_archived(db, &c, 1, &err)) == NULL);
	CHECK_INT(unit_db_int(db, "SELECT archived FROM clients"), 1);
	CHECK_STR(ERRMSG(fb_client_set_archived(db, &c, 1, &err)),
		  "client 'acme' is already archived");
	CHECK(ERRMSG(fb_client_set_archived(db, &c, 0, &err)) == NULL);
	CHECK_STR(ERRMSG(fb_client_set_archived(db, &c, 0, &err)), "client 'acme' is not archived");

	/* A currency change keeps the numbers of amounts: 120.50 USD is 121 JPY. */
	CHECK(ERRMSG(fb_client_set_currency(db, &c, "JPY", &err)) == NULL);
	CHECK_STR(c.currency, "JPY");
	CHECK_INT(c.downtime_cost, 121);
	CHECK_INT(c.managed_fee, -1);
	CHECK_STR(ERRMSG(fb_client_set_currency(db, &c, "XYZ", &err)),
		  "unknown currency 'XYZ': use an ISO 4217 code such as USD or EUR");
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO invoices(client_id, kind, status, currency,"
			     " created) VALUES (?, 'invoice', 'draft', 'JPY', 0)", "i", c.id), 0);
	CHECK_STR(ERRMSG(fb_client_set_currency(db, &c, "EUR", &err)),
		  "cannot change the currency of client 'acme': it has 1 invoice in JPY");
	CHECK_STR(c.currency, "JPY");
	CHECK(ERRMSG(fb_client_set_currency(db, &c, "JPY", &err)) == NULL);
	fb_client_release(&c);
	fb_err_release(&err);
}

static void
test_edit(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_edit ed;
	struct fb_timelog_entry e;
	struct fb_client c;
	struct fb_tech t;
	int64_t job, id, run;

	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM invoices", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM jobs", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM clients", ""), 0);
	job = shop(db, &c);
	fb_client_release(&c);
	CHECK_INT(fb_tech_resolve(db, "kim", 0, &t, &err), 0);
	fb_timelog_entry_init(&e);
	e.job_id = job;
	e.tech_id = t.id;
	e.start = 36000;
	e.stop = 39600;
	e.note = "first";
	CHECK_INT(fb_timelog_insert(db, &e, 0, 100000, &id, &err), 0);

	/* A duration runs from the start, or back from an end given alone. */
	memset(&ed, 0, sizeof(ed));
	ed.billable = ed.nocharge = -1;
	ed.has_duration = 1;
	ed.duration = 1800;
	CHECK_INT(fb_timelog_edit(db, id, &ed, 0, 100000, &err), 0);
	CHECK_INT(unit_db_int(db, "SELECT stop - start FROM entries"), 1800);
	CHECK_INT(unit_db_int(db, "SELECT start FROM entries"), 36000);
	ed.has_end = 1;
	ed.end = 43200;
	CHECK_INT(fb_timelog_edit(db, id, &ed, 0, 100000, &err), 0);
	CHECK_INT(unit_db_int(db, "SELECT start FROM entries"), 43200 - 1800);
	CHECK_INT(unit_db_int(db, "SELECT stop FROM entries"), 43200);

	/* An empty note removes it; nocharge and the technician change. */
	memset(&ed, 0, sizeof(ed));
	ed.billable = -1;
	ed.nocharge = 1;
	ed.note = "";
	ed.tech = "sam";
	CHECK_INT(fb_timelog_edit(db, id, &ed, 0, 100000, &err), 0);
	CHECK_INT(unit_db_int(db, "SELECT note IS NULL AND nocharge = 1 FROM entries"), 1);
	CHECK_INT(unit_db_int(db, "SELECT t.handle = 'sam' FROM entries e"
			      " JOIN techs t ON t.id = e.tech_id"), 1);

	/* The end must stay after the start. */
	memset(&ed, 0, sizeof(ed));
	ed.billable = ed.nocharge = -1;
	ed.has_start = 1;
	ed.start = 50000;
	CHECK_STR(ERRMSG(fb_timelog_edit(db, id, &ed, 0, 100000, &err)),
		  "cannot edit entry 1: the end would not be after the start");
	CHECK_INT(err.code, FB_ERR_USAGE);

	/* A running timer takes no end or duration. */
	fb_timelog_entry_init(&e);
	e.job_id = job;
	e.tech_id = t.id;
	e.start = 90000;
	e.running = 1;
	CHECK_INT(fb_timelog_insert(db, &e, 0, 100000, &run, &err), 0);
	memset(&ed, 0, sizeof(ed));
	ed.billable = ed.nocharge = -1;
	ed.has_duration = 1;
	ed.duration = 60;
	CHECK_STR(ERRMSG(fb_timelog_edit(db, run, &ed, 0, 100000, &err)),
		  "cannot edit entry 2: it is a running timer");
	CHECK_INT(err.code, FB_ERR_REFUSED);
	CHECK_STR(ERRMSG(fb_timelog_edit(db, 99, &ed, 0, 100000, &err)), "unknown entry '99'");
	fb_tech_release(&t);
	fb_err_release(&err);
}

static void
test_complete(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;
	char **v;
	size_t n;

	memset(&c, 0, sizeof(c));
	c.code = fb_xstrdup("acorn");
	c.name = fb_xstrdup("Acorn");
	c.currency = fb_xstrdup("USD");
	c.downtime_cost = c.managed_fee = -1;
	c.archived = 1;
	CHECK_INT(fb_client_insert(db, &c, 0, &err), 0);
	fb_client_release(&c);
	CHECK_INT(fb_complete_values(db, FB_COMPLETE_CLIENT, "a", &v, &n, &err), 0);
	CHECK_INT(n, 1);
	CHECK_STR(n ? v[0] : NULL, "acme");
	fb_complete_free(v, n);
	CHECK_INT(fb_complete_values(db, FB_COMPLETE_TECH, "", &v, &n, &err), 0);
	CHECK_INT(n, 2);
	CHECK_STR(n > 1 ? v[1] : NULL, "sam");
	fb_complete_free(v, n);
	CHECK_INT(fb_complete_values(db, FB_COMPLETE_JOB, "9", &v, &n, &err), 0);
	CHECK_INT(n, 0);
	fb_complete_free(v, n);
	fb_err_release(&err);
}

static void
test_timezone(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;

	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO config(key, value)"
			     " VALUES ('timezone', 'Europe/Atlantis')", ""), 0);
	CHECK_STR(ERRMSG(fb_config_apply_tz(db, 0, &err)),
		  "the configured timezone 'Europe/Atlantis' is not known to this system");
	CHECK_INT(err.code, FB_ERR_RUNTIME);
	CHECK_STR(err.hint, "set one it knows, e.g. 'fixbill config set timezone Europe/London'");
	/* Lenient: the default zone ($TZ is UTC here). */
	CHECK(ERRMSG(fb_config_apply_tz(db, 1, &err)) == NULL);
	CHECK_STR(fb_tz_name(), "UTC");
	CHECK_INT(fb_db_exec(db, &err, "UPDATE config SET value = 'America/New_York'", ""), 0);
	CHECK(ERRMSG(fb_config_apply_tz(db, 0, &err)) == NULL);
	CHECK_STR(fb_tz_name(), "America/New_York");
	fb_err_release(&err);
}

/* Another process holds the write lock while fb_db_begin tries for 100 ms. */
static void
test_busy(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *other = NULL;
	char *path = fb_xasprintf("%s/fixbill.db", unit_db_dir), *want;
	int ready[2], done[2];
	pid_t pid;
	char c;

	setenv("FIXBILL_BUSY_TIMEOUT", "100", 1);
	CHECK_INT(fb_db_open(path, 0, &other, &err), 0);
	CHECK(pipe(ready) == 0 && pipe(done) == 0);
	fflush(stdout);
	if ((pid = fork()) == 0) {
		struct fb_db *h = NULL;

		if (fb_db_open(path, 0, &h, NULL) < 0 || fb_db_begin(h, NULL) < 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(1);
		_exit(0);
	}
	want = fb_xasprintf("cannot lock database '%s': another command is writing to it", path);
	CHECK(read(ready[0], &c, 1) == 1);
	CHECK_STR(ERRMSG(fb_db_begin(other, &err)), want);
	free(want);
	CHECK_INT(fb_db_busy(other), 1);
	CHECK_INT(write(done[1], "x", 1), 1);
	waitpid(pid, NULL, 0);
	CHECK(ERRMSG(fb_db_begin(other, &err)) == NULL);
	CHECK_INT(fb_db_busy(other), 0);
	fb_db_rollback(other);
	fb_db_close(other);
	unsetenv("FIXBILL_BUSY_TIMEOUT");
	(void)db;
	free(path);
	fb_err_release(&err);
}

/* The tier of work starting at t, by the SQL invoices price with. */
static char *
tier_sql(struct fb_db *db, int64_t tech, int64_t t)
{
	char *tier = NULL;

	if (fb_db_text(db, NULL, &tier, "SELECT " FB_TECH_TIER_AT("?1", "?2", "t.tier")
		       " FROM techs t WHERE t.id = ?1", "ii", tech, t) <= 0)
		return fb_xstrdup("?");
	return tier;
}

static void
test_tiers(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tech t;
	struct fb_tech_tier *h;
	size_t n;
	const int64_t day = 86400, d10 = 10 * day, d5 = 5 * day, d20 = 20 * day;
	/* Instants before, at and after each change. */
	const int64_t at[] = { 0, d5 - 1, d5, d10 - 1, d10, d20 - 1, d20, 30 * day };

	memset(&t, 0, sizeof(t));
	t.handle = fb_xstrdup("tiers");
	strcpy(t.tier, "L1");
	CHECK_INT(fb_tech_insert(db, &t, 0, &err), 0);

	/* L2 from day 10: before it L1, from it L2. */
	CHECK_INT(fb_tech_set_tier(db, &t, "L2", d10, &err), 0);
	CHECK_STR(t.tier, "L2");
	CHECK_INT(fb_tech_tiers(db, t.id, &h, &n, &err), 0);
	CHECK_INT(n, 1);
	CHECK_INT(h[0].until, d10);
	CHECK_STR(h[0].tier, "L1");
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, d10 - 1), "L1");
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, d10), "L2");
	free(h);

	/* L3 from day 20, then L1 from day 5: day 5 on is L1, day 20's change gone. */
	CHECK_INT(fb_tech_set_tier(db, &t, "L3", d20, &err), 0);
	CHECK_INT(fb_tech_set_tier(db, &t, "L1", d5, &err), 0);
	CHECK_INT(fb_tech_tiers(db, t.id, &h, &n, &err), 0);
	for (size_t i = 0; i < FB_ARRAY_SIZE(at); i++) {
		char *sql = tier_sql(db, t.id, at[i]);

		/* The SQL and the C of the rule agree everywhere. */
		CHECK_STR(sql, fb_tech_tier_at(h, n, t.tier, at[i]));
		free(sql);
	}
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, 0), "L1");
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, d10), "L1");
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, d20), "L1");
	free(h);

	/* L2 from day 10 again, then L3 from day 20: three tiers in turn. */
	CHECK_INT(fb_tech_set_tier(db, &t, "L2", d10, &err), 0);
	CHECK_INT(fb_tech_set_tier(db, &t, "L3", d20, &err), 0);
	CHECK_INT(fb_tech_tiers(db, t.id, &h, &n, &err), 0);
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, d10 - 1), "L1");
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, d20 - 1), "L2");
	CHECK_STR(fb_tech_tier_at(h, n, t.tier, d20), "L3");
	for (size_t i = 0; i < FB_ARRAY_SIZE(at); i++) {
		char *sql = tier_sql(db, t.id, at[i]);

		CHECK_STR(sql, fb_tech_tier_at(h, n, t.tier, at[i]));
		free(sql);
	}
	free(h);
	CHECK_INT(fb_tech_set_tier(db, &t, "L4", d20, &err), -1);
	CHECK_INT(err.code, FB_ERR_USAGE);
	fb_err_release(&err);
	fb_tech_release(&t);
}

int
main(void)
{
	struct fb_db *db;

	setenv("TZ", "UTC", 1);
	test_fields();
	test_parsers();
	db = unit_db_open();
	test_records(db);
	test_archive(db);
	test_edit(db);
	test_complete(db);
	test_timezone(db);
	test_busy(db);
	test_tiers(db);
	unit_db_close(db);
	return unit_done();
}
