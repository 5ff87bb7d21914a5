/*
 * test-chain.c - unit tests for lib/chain.c on a real database: each
 * append links to the one before and hashes the record's content view;
 * verification names the first record that changed and the records
 * left out; unknown kinds and missing records are errors.
 */
#include "chain.h"
#include "unit.h"
#include "unit-db.h"

static struct fb_buf problems = FB_BUF_INIT;

static void
collect(const char *p, void *arg)
{
	(void)arg;
	fb_buf_addf(&problems, "%s\n", p);
}

/* The problems fb_chain_verify finds, one a line ("" when none). */
static const char *
verify(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;

	fb_buf_reset(&problems);
	if (fb_chain_verify(db, collect, NULL, &err) < 0)
		fb_buf_addf(&problems, "error: %s\n", err.msg);
	fb_err_release(&err);
	return fb_buf_str(&problems);
}

/* SHA-256 of what the chain hashes for a record, by the documented rule. */
static char *
expected_hash(struct fb_db *db, const char *prev, const char *view, int64_t id)
{
	struct fb_buf b = FB_BUF_INIT;
	char hex[FB_SHA256_HEX + 1];
	char *sql = fb_xasprintf("SELECT content FROM %s WHERE record_id = ? ORDER BY part", view);
	struct fb_stmt *st = fb_db_prepare(db, sql, NULL);

	fb_buf_adds(&b, prev);
	fb_stmt_bind_int(st, 1, id);
	while (fb_stmt_step(st, NULL) == 1)
		fb_buf_adds(&b, fb_stmt_text(st, 0));
	fb_stmt_reset(st);
	fb_sha256_hex(b.buf, b.len, hex);
	fb_buf_release(&b);
	free(sql);
	return fb_xstrdup(hex);
}

static char *
text(struct fb_db *db, const char *sql)
{
	char *s = NULL;

	if (fb_db_text(db, NULL, &s, sql, "") != 1)
		return fb_xstrdup("(none)");
	return s;
}

int
main(void)
{
	struct fb_db *db = unit_db_open();
	struct fb_err err = FB_ERR_INIT;
	char *h1, *h2, *s;

	/* An issued invoice with one line and a payment, written as lib does. */
	CHECK_INT(fb_db_script(db,
		"INSERT INTO clients(id, code, name, created) VALUES (1, 'acme', 'Acme', 0);"
		"INSERT INTO invoices(id, client_id, currency, subtotal, total, created)"
		" VALUES (1, 1, 'USD', 500, 500, 0);"
		"INSERT INTO invoice_lines(invoice_id, pos, kind, description, quantity,"
		" unit_price, amount) VALUES (1, 1, 'flat', 'Setup', 1000, 500, 500);"
		"UPDATE invoices SET status = 'issued', number = 'INV-1', series = 'INV-{seq}',"
		" year = 0, seq = 1, issue_date = '2026-10-15', issued = 1 WHERE id = 1;"
		"INSERT INTO series VALUES ('INV-{seq}', 0, 1);"
		"INSERT INTO payments(id, invoice_id, date, amount, created)"
		" VALUES (1, 1, '2026-10-16', 200, 2);", &err), 0);
	CHECK_STR(verify(db), "invoice INV-1 is not in the chain\n"
		  "payment 1 on INV-1 is not in the chain\n");

	CHECK_INT(fb_chain_append(db, FB_CHAIN_INVOICE, 1, &err), 0);
	CHECK_INT(fb_chain_append(db, FB_CHAIN_PAYMENT, 1, &err), 0);
	CHECK_STR(verify(db), "");

	/* Row 1 links to the genesis hash, row 2 to row 1. */
	h1 = expected_hash(db, "0000000000000000000000000000000000000000000000000000000000000000",
			   "chain_invoice", 1);
	h2 = expected_hash(db, h1, "chain_payment", 1);
	CHECK_STR_FREE(text(db, "SELECT hash FROM chain WHERE seq = 1"), h1);
	CHECK_STR_FREE(text(db, "SELECT prev FROM chain WHERE seq = 2"), h1);
	CHECK_STR_FREE(text(db, "SELECT hash FROM chain WHERE seq = 2"), h2);
	free(h1);
	free(h2);
	s = text(db, "SELECT content FROM chain_invoice WHERE record_id = 1 AND part = 1");
	CHECK_STR(s, "line 1 job NULL kind 'flat' class NULL description 'Setup'"
		  " actual_seconds NULL billed_seconds NULL quantity 1000 unit_price 500"
		  " amount 500 tax 0\n");
	free(s);

	/* Appending twice, an unknown kind and a missing record are refused. */
	CHECK_INT(fb_chain_append(db, FB_CHAIN_PAYMENT, 1, &err), -1);
	fb_err_release(&err);
	CHECK_INT(fb_chain_append(db, "gift", 1, &err), -1);
	CHECK_STR(err.msg, "cannot record a 'gift': not a kind of record the chain knows");
	fb_err_release(&err);
	CHECK_INT(fb_chain_append(db, FB_CHAIN_PAYMENT, 9, &err), -1);
	CHECK_STR(err.msg, "cannot record payment 9: it does not exist");
	fb_err_release(&err);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM chain"), 2);

	/* A field set where it was NULL is a change; set back, it matches again. */
	CHECK_INT(fb_db_script(db, "DROP TRIGGER payments_frozen;"
			       "UPDATE payments SET ref = '42' WHERE id = 1", &err), 0);
	CHECK_STR(verify(db), "payment 1 on INV-1 has changed since it was recorded"
		  " (chain record 2)\n");
	CHECK_INT(fb_db_script(db, "UPDATE payments SET ref = NULL WHERE id = 1", &err), 0);
	CHECK_STR(verify(db), "");
	CHECK_INT(fb_db_script(db, "UPDATE payments SET amount = 199.99 WHERE id = 1", &err), 0);
	CHECK_STR(verify(db), "payment 1 on INV-1 has changed since it was recorded"
		  " (chain record 2)\n");
	CHECK_INT(fb_db_script(db, "UPDATE payments SET amount = 200 WHERE id = 1", &err), 0);
	CHECK_STR(verify(db), "");

	/* The first change is named, and the walk stops there. */
	CHECK_INT(fb_db_script(db, "DROP TRIGGER invoice_lines_frozen_update;"
			       "UPDATE invoice_lines SET description = 'Set up' WHERE invoice_id = 1;"
			       "UPDATE payments SET date = '2026-10-17' WHERE id = 1", &err), 0);
	CHECK_STR(verify(db), "invoice INV-1 has changed since it was recorded (chain record 1)\n");

	fb_err_release(&err);
	fb_buf_release(&problems);
	unit_db_close(db);
	return unit_done();
}
