/*
 * receivable.h - what a client owes, as SQL that every view of it
 * shares (SPEC section 10: one balance everywhere).  invoice list and
 * show, report aging and revenue, client statement, the payment rules
 * and db check all compute from these expressions, over the view
 * payment_effects of share/views.sql:
 *
 *   an invoice owes its total plus the owed of its records (payments and
 *   credit applied lower it, their reversals raise it again);
 *   a client's credit is owed - balance over its records, plus what its
 *   records had put on invoices voided since;
 *   a client's balance is the totals of its invoices and credit notes
 *   plus the balance of its records, which equals the owed of its live
 *   invoices less its credit (db check verifies that it does).
 *
 * Each macro is an SQL expression; its arguments are SQL text too (a
 * column, "?2", a quoted date).  Days are YYYY-MM-DD and inclusive: "on
 * D" means at the end of day D.  These are lib's own: cmd/ never
 * includes this header.
 */
#ifndef FB_RECEIVABLE_H
#define FB_RECEIVABLE_H

/* A day after anything fixbill records: "on FB_SQL_EVER" is "now". */
#define FB_SQL_EVER "'9999-12-31'"

/* What invoice I (an alias of invoices) still owed on day D. */
#define FB_SQL_OWED_ON(I, D) \
	"(" I ".total + coalesce((SELECT sum(fb_o.owed) FROM payment_effects fb_o" \
	" WHERE fb_o.invoice_id = " I ".id AND fb_o.date <= " D "), 0))"

/*
 * The ids of the invoices that may owe something on day D: those not
 * paid, and paid ones with a record dated after D.  A paid invoice owes
 * nothing ever (fb_payment_sync_status keeps it so and db check verifies
 * it), so on D it owes just what its records after D paid, and years of
 * paid invoices need not be read one by one.  An SQL query.
 */
#define FB_SQL_MAY_OWE_ON(D) \
	"SELECT fb_m.id FROM clients fb_k CROSS JOIN invoices fb_m" \
	" ON fb_m.client_id = fb_k.id AND fb_m.status IN ('issued', 'void')" \
	" UNION SELECT fb_q.invoice_id FROM payments fb_q WHERE fb_q.date > " D \
	" AND fb_q.invoice_id IS NOT NULL"

/* Invoice I is live on day D: an invoice issued by then and not voided by then. */
#define FB_SQL_LIVE_ON(I, D) \
	"(" I ".kind = 'invoice' AND " I ".status <> 'draft' AND " I ".issue_date <= " D \
	" AND NOT EXISTS (SELECT 1 FROM invoices fb_n WHERE fb_n.credit_of = " I ".id" \
	" AND fb_n.status <> 'draft' AND fb_n.issue_date <= " D "))"

/* The credit client C held in currency CUR on day D. */
#define FB_SQL_CREDIT_ON(C, CUR, D) \
	"(coalesce((SELECT sum(fb_c.owed - fb_c.balance) FROM payment_effects fb_c" \
	" WHERE fb_c.client_id = " C " AND fb_c.currency = " CUR " AND fb_c.date <= " D "), 0)" \
	" - coalesce((SELECT sum(fb_v.owed) FROM payment_effects fb_v" \
	" JOIN invoices fb_x ON fb_x.credit_of = fb_v.invoice_id" \
	" WHERE fb_v.client_id = " C " AND fb_v.currency = " CUR " AND fb_v.date <= " D \
	" AND fb_x.status <> 'draft' AND fb_x.issue_date <= " D "), 0))"

/*
 * FB_SQL_CREDIT_ON of every client and currency with records by day D,
 * of client C (0: all), as an SQL query of rows (client_id, currency,
 * credit) whose credit adds up per client and currency: the first
 * term in one pass over the records, the second from the credit notes.
 * Each client's records read through the index cost a random read a
 * record (0.4 s over the 110 thousand of ten years' history, against
 * 0.1 s).  "+" keeps SQLite from grouping in index order, which reads
 * the records in that order too.
 */
#define FB_SQL_CREDITS_ON(C, D) \
	"SELECT fb_c.client_id AS client_id, fb_c.currency AS currency," \
	" sum(fb_c.owed - fb_c.balance) AS credit FROM payment_effects fb_c" \
	" WHERE fb_c.date <= " D " AND fb_c.currency IS NOT NULL" \
	" AND (" C " = 0 OR fb_c.client_id = " C ")" \
	" GROUP BY +fb_c.client_id, +fb_c.currency" \
	" UNION ALL SELECT fb_v.client_id, fb_v.currency, -sum(fb_v.owed)" \
	" FROM invoices fb_x CROSS JOIN payment_effects fb_v ON fb_v.invoice_id = fb_x.credit_of" \
	" WHERE fb_x.credit_of IS NOT NULL AND fb_x.status <> 'draft'" \
	" AND +fb_x.issue_date <= " D " AND fb_v.date <= " D \
	" AND fb_v.currency IS NOT NULL AND (" C " = 0 OR fb_v.client_id = " C ")" \
	" GROUP BY fb_v.client_id, fb_v.currency"

/* The balance of client C in currency CUR on day D, from its documents and records. */
#define FB_SQL_BALANCE_ON(C, CUR, D) \
	"(coalesce((SELECT sum(fb_t.total) FROM invoices fb_t WHERE fb_t.client_id = " C \
	" AND fb_t.currency = " CUR " AND fb_t.status <> 'draft' AND fb_t.issue_date <= " D "), 0)" \
	" + coalesce((SELECT sum(fb_b.balance) FROM payment_effects fb_b" \
	" WHERE fb_b.client_id = " C " AND fb_b.currency = " CUR " AND fb_b.date <= " D "), 0))"

/*
 * FB_SQL_BALANCE_ON of every client and currency with documents or
 * records by day D, of client C (0: all), in one pass over each: an SQL
 * query of rows (client_id, currency, balance) whose balance adds up
 * per client and currency.
 */
#define FB_SQL_BALANCES_ON(C, D) \
	"SELECT fb_t.client_id AS client_id, fb_t.currency AS currency," \
	" sum(fb_t.total) AS balance FROM invoices fb_t" \
	" WHERE fb_t.status <> 'draft' AND fb_t.issue_date <= " D \
	" AND (" C " = 0 OR fb_t.client_id = " C ")" \
	" GROUP BY +fb_t.client_id, +fb_t.currency" \
	" UNION ALL SELECT fb_b.client_id, fb_b.currency, sum(fb_b.balance)" \
	" FROM payment_effects fb_b WHERE fb_b.date <= " D " AND fb_b.currency IS NOT NULL" \
	" AND (" C " = 0 OR fb_b.client_id = " C ")" \
	" GROUP BY +fb_b.client_id, +fb_b.currency"

#endif
