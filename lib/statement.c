/*
 * statement.c - building a client's statements of account (statement.h)
 * from lib/receivable.h's figures: the opening balance is the client's
 * balance the day before the range, each line a document or record that
 * changed it, and the aging the live invoices' balances on the last day
 * less the credit then, so closing = opening + lines = aging.
 */
#include "statement.h"

#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "config.h"
#include "receivable.h"
#include "when.h"

static void
statement_release(struct fb_statement *s)
{
	for (size_t k = 0; k < s->nlines; k++) {
		free(s->lines[k].date);
		free(s->lines[k].kind);
		free(s->lines[k].ref);
	}
	free(s->lines);
	free(s->client);
	free(s->client_name);
	free(s->client_address);
	free(s->client_email);
	free(s->company_name);
	free(s->company_address);
	free(s->company_email);
	free(s->currency);
	free(s->from);
	free(s->to);
	free(s->logo);
	free(s->font);
	memset(s, 0, sizeof(*s));
}

void
fb_statement_free(struct fb_statement *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		statement_release(&v[i]);
	free(v);
}

static char *
config_text(struct fb_db *db, const char *key)
{
	char *v = NULL;

	if (fb_config_get(db, key, &v, NULL) <= 0 || (v && *v == '\0')) {
		free(v);
		return NULL;
	}
	return v;
}

/*
 * The documents and records of the range, by date and then in the order
 * they were recorded (the tamper-evident chain's, exact to the record).
 */
static const char lines_sql[] =
	"SELECT issue_date, CASE kind WHEN 'credit' THEN 'credit_note' ELSE 'invoice' END,"
	" number, total,"
	" (SELECT seq FROM chain c WHERE c.kind = 'invoice' AND c.record_id = invoices.id) AS at"
	" FROM invoices WHERE client_id = ?1 AND currency = ?2 AND status <> 'draft'"
	" AND issue_date >= ?3 AND issue_date <= ?4"
	" UNION ALL SELECT e.date, e.kind,"
	"  CASE e.kind WHEN 'refund' THEN p.ref"
	"   WHEN 'reversal' THEN 'payment ' || p.reverses ELSE i.number END,"
	"  e.balance, (SELECT seq FROM chain c WHERE c.kind = p.kind AND c.record_id = p.id)"
	" FROM payment_effects e JOIN payments p ON p.id = e.id"
	" LEFT JOIN invoices i ON i.id = p.invoice_id"
	" WHERE e.client_id = ?1 AND e.currency = ?2 AND e.date >= ?3 AND e.date <= ?4"
	" AND e.balance <> 0"
	" ORDER BY 1, 5";

static const char aging_sql[] =
	"SELECT coalesce(sum(CASE WHEN late <= 0 THEN owed END), 0),"
	" coalesce(sum(CASE WHEN late BETWEEN 1 AND 30 THEN owed END), 0),"
	" coalesce(sum(CASE WHEN late BETWEEN 31 AND 60 THEN owed END), 0),"
	" coalesce(sum(CASE WHEN late BETWEEN 61 AND 90 THEN owed END), 0),"
	" coalesce(sum(CASE WHEN late > 90 THEN owed END), 0),"
	" " FB_SQL_CREDIT_ON("?1", "?2", "?3")
	" FROM (SELECT " FB_SQL_OWED_ON("i", "?3") " AS owed,"
	"  CAST(julianday(?3) - julianday(coalesce(i.due_date, i.issue_date)) AS INTEGER) AS late"
	"  FROM invoices i WHERE i.client_id = ?1 AND i.currency = ?2"
	"  AND " FB_SQL_LIVE_ON("i", "?3") ")";

static int
build_one(struct fb_db *db, int64_t client_id, struct fb_statement *s, struct fb_err *err)
{
	struct fb_stmt *st;
	char *before = NULL;
	int64_t bal;
	int rc;

	s->opening = 0;
	if (s->from) {
		struct fb_civil c;

		if (fb_date_parse(s->from, 0, &c, err) < 0)
			return -1;
		fb_civil_from_days(fb_days_from_civil(c.year, c.month, c.day) - 1,
				   &c.year, &c.month, &c.day);
		before = fb_civil_date(&c);
		rc = fb_db_int(db, err, &s->opening,
			       "SELECT " FB_SQL_BALANCE_ON("?1", "?2", "?3"), "itt",
			       client_id, s->currency, before);
		free(before);
		if (rc < 0)
			return -1;
	}
	if ((st = fb_db_prepare(db, lines_sql, err)) == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	fb_stmt_bind_text(st, 2, s->currency);
	fb_stmt_bind_text(st, 3, s->from ? s->from : "0000-00-00");
	fb_stmt_bind_text(st, 4, s->to);
	bal = s->opening;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_statement_line *l;

		fb_xgrow(&s->lines, &s->alines, s->nlines + 1, sizeof(*s->lines));
		l = &s->lines[s->nlines++];
		l->date = fb_stmt_dup(st, 0);
		l->kind = fb_stmt_dup(st, 1);
		l->ref = fb_stmt_dup(st, 2);
		l->amount = fb_stmt_int(st, 3);
		/* Bounded inputs (SPEC 15) keep a client's sums far from overflow. */
		bal += l->amount;
		l->balance = bal;
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	s->closing = bal;
	if ((st = fb_db_prepare(db, aging_sql, err)) == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, client_id);
	fb_stmt_bind_text(st, 2, s->currency);
	fb_stmt_bind_text(st, 3, s->to);
	if ((rc = fb_stmt_step(st, err)) == 1) {
		for (int i = 0; i < FB_AGE_N; i++)
			s->aging[i] = fb_stmt_int(st, i);
		s->credit = fb_stmt_int(st, FB_AGE_N);
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

int
fb_statement_build(struct fb_db *db, int64_t client_id, const char *from,
		   const char *to, struct fb_statement **v, size_t *n,
		   struct fb_err *err)
{
	struct fb_client c;
	struct fb_stmt *st;
	char **curs = NULL;
	size_t ncurs = 0, acurs = 0, alloc = 0;
	int rc = -1;

	*v = NULL;
	*n = 0;
	memset(&c, 0, sizeof(c));
	if (fb_client_get(db, client_id, &c, err) < 0)
		return -1;
	st = fb_db_prepare(db, "SELECT currency FROM invoices WHERE client_id = ?1"
			   " AND status <> 'draft' AND issue_date <= ?2"
			   " UNION SELECT currency FROM payments WHERE client_id = ?1 AND date <= ?2"
			   " ORDER BY 1", err);
	if (st == NULL)
		goto out;
	fb_stmt_bind_int(st, 1, client_id);
	fb_stmt_bind_text(st, 2, to);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&curs, &acurs, ncurs + 1, sizeof(*curs));
		curs[ncurs++] = fb_stmt_dup(st, 0);
	}
	fb_stmt_reset(st);
	if (rc < 0)
		goto out;
	rc = -1;
	for (size_t i = 0; i <= ncurs; i++) {
		struct fb_statement *s;

		/* After the currencies it dealt in, its own when it dealt in none. */
		if (i == ncurs && *n > 0)
			break;
		fb_xgrow(v, &alloc, *n + 1, sizeof(**v));
		s = &(*v)[(*n)++];
		memset(s, 0, sizeof(*s));
		s->currency = fb_xstrdup(i < ncurs ? curs[i] : c.currency);
		s->client = fb_xstrdup(c.code);
		s->client_name = fb_xstrdup(c.name);
		s->client_address = c.address ? fb_xstrdup(c.address) : NULL;
		s->client_email = c.email ? fb_xstrdup(c.email) : NULL;
		s->company_name = config_text(db, "company.name");
		s->company_address = config_text(db, "company.address");
		s->company_email = config_text(db, "company.email");
		s->logo = config_text(db, "company.logo");
		s->font = config_text(db, "invoice.font");
		s->from = from ? fb_xstrdup(from) : NULL;
		s->to = fb_xstrdup(to);
		if (build_one(db, client_id, s, err) < 0)
			goto out;
		/* A currency with nothing to say in the range is left out. */
		if (i < ncurs && s->nlines == 0 && s->opening == 0 && s->closing == 0 &&
		    s->credit == 0) {
			statement_release(s);
			(*n)--;
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < ncurs; i++)
		free(curs[i]);
	free(curs);
	fb_client_release(&c);
	if (rc < 0) {
		fb_statement_free(*v, *n);
		*v = NULL;
		*n = 0;
	}
	return rc;
}
