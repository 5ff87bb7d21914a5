/*
 * check.c - the invariants a fixbill database must keep.  Each is one
 * query that returns a line of text per violation, so adding an
 * invariant is adding a row to the table below.  Then the schema's
 * triggers and views (lib/db.c) and the tamper-evident chain
 * (lib/chain.c) are checked.
 */
#include "check.h"

#include <stddef.h>

#include "chain.h"
#include "receivable.h"

static const char *const checks[] = {
	/* An entry or charge is never on two live invoices. */
	"SELECT 'entry ' || w.entry_id || ' is on ' || count(*) || ' invoices'"
	" FROM invoice_work w JOIN invoices i ON i.id = w.invoice_id"
	" WHERE w.entry_id IS NOT NULL AND i.status <> 'void' AND i.kind = 'invoice'"
	" GROUP BY w.entry_id HAVING count(*) > 1",
	"SELECT 'charge ' || w.charge_id || ' is on ' || count(*) || ' invoices'"
	" FROM invoice_work w JOIN invoices i ON i.id = w.invoice_id"
	" WHERE w.charge_id IS NOT NULL AND i.status <> 'void' AND i.kind = 'invoice'"
	" GROUP BY w.charge_id HAVING count(*) > 1",
	/* Work held by an invoice is recorded as its work, and the invoice is live. */
	"SELECT 'entry ' || e.id || ' is held by invoice ' || e.invoice_id || ' which is ' || i.status"
	" FROM entries e JOIN invoices i ON i.id = e.invoice_id"
	" WHERE i.status = 'void' OR i.kind <> 'invoice'",
	"SELECT 'charge ' || c.id || ' is held by invoice ' || c.invoice_id || ' which is ' || i.status"
	" FROM charges c JOIN invoices i ON i.id = c.invoice_id"
	" WHERE i.status = 'void' OR i.kind <> 'invoice'",
	/* Lines add up to the subtotal; subtotal plus tax is the total. */
	"SELECT 'invoice ' || coalesce(i.number, 'draft ' || i.id) || ': lines add up to '"
	" || coalesce(sum(l.amount), 0) || ' but the subtotal is ' || i.subtotal"
	" FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id"
	" GROUP BY i.id HAVING coalesce(sum(l.amount), 0) <> i.subtotal",
	"SELECT 'invoice ' || coalesce(number, 'draft ' || id) || ': subtotal ' || subtotal"
	" || ' + tax ' || tax || ' is not the total ' || total"
	" FROM invoices WHERE subtotal + tax <> total",
	/* The lines' taxes, and the tax rows of an invoice made since tax codes, add up to its tax. */
	"SELECT 'invoice ' || coalesce(i.number, 'draft ' || i.id) || ': line taxes add up to '"
	" || coalesce(sum(l.tax), 0) || ' but the tax is ' || i.tax"
	" FROM invoices i LEFT JOIN invoice_lines l ON l.invoice_id = i.id"
	" GROUP BY i.id HAVING coalesce(sum(l.tax), 0) <> i.tax",
	"SELECT 'invoice ' || coalesce(i.number, 'draft ' || i.id) || ': tax components add up to '"
	" || coalesce(sum(t.amount), 0) || ' but the tax is ' || i.tax"
	" FROM invoices i LEFT JOIN invoice_taxes t ON t.invoice_id = i.id"
	" WHERE i.revision IS NOT NULL"
	" GROUP BY i.id HAVING coalesce(sum(t.amount), 0) <> i.tax",
	/* A line is taxed by a code that exists. */
	"SELECT 'invoice ' || coalesce(i.number, 'draft ' || i.id) || ': line ' || l.pos"
	" || ' is taxed by an unknown code ' || quote(l.tax_code)"
	" FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id"
	" WHERE l.tax_code IS NOT NULL"
	" AND NOT EXISTS (SELECT 1 FROM tax_codes c WHERE c.code = l.tax_code)",
	/* The settings that name a tax code name one that exists. */
	"SELECT 'setting ' || key || ' names an unknown tax code ' || quote(value)"
	" FROM config WHERE key IN ('tax.labor', 'tax.parts', 'tax.other', 'tax.default')"
	" AND NOT EXISTS (SELECT 1 FROM tax_codes t WHERE t.code = config.value)",
	"SELECT 'setting ' || k.key || ' of client ' || quote(c.code)"
	" || ' names an unknown tax code ' || quote(k.value)"
	" FROM client_config k JOIN clients c ON c.id = k.client_id"
	" WHERE k.key IN ('tax.labor', 'tax.parts', 'tax.other', 'tax.default')"
	" AND NOT EXISTS (SELECT 1 FROM tax_codes t WHERE t.code = k.value)",
	/* Credit notes mirror their originals exactly. */
	"SELECT 'credit note ' || coalesce(c.number, c.id) || ' does not negate invoice '"
	" || coalesce(o.number, o.id)"
	" FROM invoices c JOIN invoices o ON o.id = c.credit_of"
	" WHERE c.kind = 'credit' AND (c.subtotal <> -o.subtotal OR c.tax <> -o.tax"
	" OR c.total <> -o.total OR c.client_id <> o.client_id OR c.currency <> o.currency"
	" OR (SELECT count(*) FROM invoice_lines WHERE invoice_id = c.id) <>"
	"    (SELECT count(*) FROM invoice_lines WHERE invoice_id = o.id))",
	"SELECT 'invoice ' || coalesce(o.number, o.id) || ' is void but has no credit note'"
	" FROM invoices o WHERE o.status = 'void' AND o.kind = 'invoice'"
	" AND NOT EXISTS (SELECT 1 FROM invoices c WHERE c.credit_of = o.id)",
	/* Numbers run 1, 2, 3... in every series with no gap or repeat. */
	"SELECT 'series ' || series || ' ' || year || ': numbers 1 to ' || max(seq)"
	" || ' have ' || count(DISTINCT seq) || ' invoices'"
	" FROM invoices WHERE seq IS NOT NULL"
	" GROUP BY series, year HAVING count(DISTINCT seq) <> max(seq) OR count(*) <> max(seq)",
	"SELECT 'series ' || s.name || ' ' || s.year || ': last number ' || s.last"
	" || ' but invoices reach ' || coalesce(max(i.seq), 0)"
	" FROM series s LEFT JOIN invoices i ON i.series = s.name AND i.year = s.year"
	" GROUP BY s.name, s.year HAVING coalesce(max(i.seq), 0) <> s.last",
	"SELECT 'invoice ' || id || ' is ' || status || ' but has no number'"
	" FROM invoices WHERE status <> 'draft' AND number IS NULL",
	/* What pays an invoice never exceeds its total; paid means nothing owed. */
	"SELECT 'invoice ' || coalesce(i.number, i.id) || ': payments ' || (-sum(e.owed))"
	" || ' exceed the total ' || i.total"
	" FROM invoices i JOIN payment_effects e ON e.invoice_id = i.id"
	" GROUP BY i.id HAVING -sum(e.owed) > i.total OR -sum(e.owed) < 0",
	"SELECT 'invoice ' || i.number || ' is paid but ' || " FB_SQL_OWED_ON("i", FB_SQL_EVER)
	" || ' is still owed' FROM invoices i"
	" WHERE i.status = 'paid' AND " FB_SQL_OWED_ON("i", FB_SQL_EVER) " <> 0",
	"SELECT 'invoice ' || i.number || ' owes nothing but is not paid' FROM invoices i"
	" WHERE i.status = 'issued' AND i.kind = 'invoice'"
	" AND " FB_SQL_OWED_ON("i", FB_SQL_EVER) " = 0",
	"SELECT 'payment ' || p.id || ' is on ' || i.status || ' invoice ' || coalesce(i.number, i.id)"
	" FROM payments p JOIN invoices i ON i.id = p.invoice_id"
	" WHERE (i.status = 'draft' OR i.kind = 'credit') AND p.kind <> 'reversal'",
	/* Each record is the client's, in its currency, and of the shape of its kind. */
	"SELECT 'payment ' || p.id || ' is not in the client and currency of invoice '"
	" || coalesce(i.number, i.id)"
	" FROM payments p JOIN invoices i ON i.id = p.invoice_id"
	" WHERE p.client_id IS NOT i.client_id OR p.currency IS NOT i.currency",
	"SELECT 'payment ' || id || ' (' || kind || ') has no client, currency or invoice it needs'"
	" FROM payments WHERE client_id IS NULL OR currency IS NULL"
	" OR ((kind = 'payment' OR kind = 'credit') AND invoice_id IS NULL)"
	" OR (kind = 'refund' AND invoice_id IS NOT NULL)"
	" OR (kind <> 'payment' AND applied IS NULL)"
	" OR (kind = 'reversal') <> (reverses IS NOT NULL)",
	"SELECT 'payment ' || id || ' (' || kind || ') applies ' || applied"
	" || ' but its amount is ' || amount"
	" FROM payments WHERE applied > amount"
	" OR (kind = 'credit' AND applied <> amount) OR (kind = 'refund' AND applied <> 0)",
	"SELECT 'payment ' || r.id || ' does not undo payment ' || r.reverses"
	" FROM payments r LEFT JOIN payments o ON o.id = r.reverses"
	" WHERE r.kind = 'reversal' AND (o.id IS NULL OR o.kind = 'reversal'"
	" OR o.client_id IS NOT r.client_id OR o.currency IS NOT r.currency"
	" OR o.invoice_id IS NOT r.invoice_id OR o.amount <> r.amount"
	" OR coalesce(o.applied, o.amount) <> r.applied OR r.date < o.date)",
	/*
	 * One balance everywhere (SPEC section 10): what a client owes by
	 * its live invoices less its credit (invoice list, report aging) is
	 * what it owes by its documents and records (client statement,
	 * report revenue, the ledger's receivable); and credit is never
	 * below zero.
	 */
	"SELECT 'client ' || c.code || ' owes ' || a.owed || ' ' || a.currency"
	" || ' by its open invoices less its credit but ' || a.balance"
	" || ' by its invoices, credit notes and payments'"
	" FROM (SELECT k.client_id, k.currency,"
	"  coalesce((SELECT sum(" FB_SQL_OWED_ON("i", FB_SQL_EVER) ") FROM invoices i"
	"   WHERE i.client_id = k.client_id AND i.currency = k.currency"
	"   AND " FB_SQL_LIVE_ON("i", FB_SQL_EVER) "), 0)"
	"  - " FB_SQL_CREDIT_ON("k.client_id", "k.currency", FB_SQL_EVER) " AS owed,"
	"  " FB_SQL_BALANCE_ON("k.client_id", "k.currency", FB_SQL_EVER) " AS balance"
	"  FROM (SELECT client_id, currency FROM invoices WHERE status <> 'draft'"
	"   UNION SELECT client_id, currency FROM payments) k) a"
	" JOIN clients c ON c.id = a.client_id WHERE a.owed <> a.balance",
	"SELECT 'client ' || c.code || ' has a credit of ' || k.credit || ' ' || k.currency"
	" FROM (SELECT d.client_id, d.currency,"
	"  " FB_SQL_CREDIT_ON("d.client_id", "d.currency", FB_SQL_EVER) " AS credit"
	"  FROM (SELECT DISTINCT client_id, currency FROM payments) d) k"
	" JOIN clients c ON c.id = k.client_id WHERE k.credit < 0",
	/* An invoiced job has nothing left to bill (invoices read only resolved jobs). */
	"SELECT 'job ' || id || ' is invoiced but has work no issued invoice holds'"
	" FROM jobs WHERE status = 'invoiced' AND id IN ("
	" SELECT job_id FROM entries WHERE invoice_id IS NULL AND billable = 1 AND stop IS NOT NULL"
	"  AND billed_elsewhere = 0"
	" UNION SELECT job_id FROM entries WHERE stop IS NULL AND billable = 1"
	" UNION SELECT job_id FROM entries WHERE billable = 1 AND invoice_id IN"
	"  (SELECT id FROM invoices WHERE status = 'draft')"
	" UNION SELECT job_id FROM charges WHERE invoice_id IS NULL"
	" OR invoice_id IN (SELECT id FROM invoices WHERE status = 'draft'))",
	/*
	 * Blocks and plans (SPEC section 14): no block drawn beyond its
	 * hours by the invoices that are not void, no plan period billed by
	 * two of them, and each draw and plan period is the line it names.
	 */
	"SELECT 'block ' || b.id || ' has ' || u.used || ' seconds drawn of its '"
	" || b.seconds FROM blocks b JOIN (SELECT d.block_id, sum(d.seconds) AS used"
	" FROM block_draws d JOIN invoices i ON i.id = d.invoice_id WHERE i.status <> 'void'"
	" GROUP BY d.block_id) u ON u.block_id = b.id WHERE u.used > b.seconds",
	"SELECT 'plan ' || p.plan_id || ' period from ' || p.first || ' is billed by '"
	" || count(*) || ' invoices' FROM plan_periods p JOIN invoices i ON i.id = p.invoice_id"
	" WHERE i.status <> 'void' GROUP BY p.plan_id, p.first HAVING count(*) > 1",
	"SELECT 'invoice ' || coalesce(i.number, i.id) || ' line ' || d.pos"
	" || ' is not the cover of its draw from block ' || d.block_id"
	" FROM block_draws d JOIN invoices i ON i.id = d.invoice_id"
	" LEFT JOIN invoice_lines l ON l.invoice_id = d.invoice_id AND l.pos = d.pos"
	" WHERE i.status <> 'draft' AND (l.kind IS NOT 'covered' OR l.amount > 0)",
	"SELECT 'invoice ' || coalesce(i.number, i.id) || ' line ' || p.pos"
	" || ' does not bill plan ' || p.plan_id || ' from ' || p.first"
	" FROM plan_periods p JOIN invoices i ON i.id = p.invoice_id"
	" LEFT JOIN invoice_lines l ON l.invoice_id = p.invoice_id AND l.pos = p.pos"
	" WHERE i.status <> 'draft' AND (l.kind IS NOT 'plan' OR l.amount <> p.amount)",
	/* One running timer per technician. */
	"SELECT 'technician ' || tech_id || ' has ' || count(*) || ' running timers'"
	" FROM entries WHERE stop IS NULL GROUP BY tech_id HAVING count(*) > 1",
	NULL
};

int
fb_check_run(struct fb_db *db, void (*cb)(const char *problem, void *arg),
	     void *arg, struct fb_err *err)
{
	int n, rc;

	n = fb_db_integrity(db, cb, arg, err);
	if (n < 0)
		return -1;
	for (size_t i = 0; checks[i]; i++) {
		struct fb_stmt *st = fb_db_prepare(db, checks[i], err);

		if (st == NULL)
			return -1;
		while ((rc = fb_stmt_step(st, err)) == 1) {
			cb(fb_stmt_text(st, 0), arg);
			n++;
		}
		fb_stmt_reset(st);
		if (rc < 0)
			return -1;
	}
	/* The triggers that freeze issued records, then the hashes of those records. */
	if ((rc = fb_db_check_schema(db, cb, arg, err)) < 0)
		return -1;
	n += rc;
	if ((rc = fb_chain_verify(db, cb, arg, err)) < 0)
		return -1;
	return n + rc;
}
