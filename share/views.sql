-- views.sql - the views fixbill reads its records through, made for each
-- connection that needs them (lib/db.c), never stored in the database.
--
-- Each was a view of the schema (migrations 007, 009, 011, 012; 014 adds
-- one here), and SQLite parses every view of a file at every start: six
-- views were a fifth of the instructions of a 'time start'.  A temporary
-- view is parsed only by the command that reads it.  Since migration 013
-- the file holds none; a view of one of these names planted in a file is
-- hidden by these (temp is searched first) and 'db check' reports it as
-- not fixbill's.
--
-- The text of the chain views must give the same content for a record for
-- ever: they may gain a part for a new kind of record, never change one.
-- To read them without fixbill:
--
--	sqlite3 -cmd '.read share/views.sql' fixbill.db \
--		"SELECT content FROM chain_invoice WHERE record_id = 7 ORDER BY part"

-- What the chain (007) hashes of every issued invoice and credit note:
-- the invoice's fields (part 0) and one part per line.
CREATE TEMP VIEW chain_invoice(record_id, part, content) AS
SELECT id, 0,
	'invoice ' || quote(id) || char(10) ||
	'kind ' || quote(kind) || char(10) ||
	'client ' || quote(client_id) || char(10) ||
	'currency ' || quote(currency) || char(10) ||
	'series ' || quote(series) || char(10) ||
	'year ' || quote(year) || char(10) ||
	'seq ' || quote(seq) || char(10) ||
	'number ' || quote(number) || char(10) ||
	'credit_of ' || quote(credit_of) || char(10) ||
	'period ' || quote(period) || char(10) ||
	'through ' || quote(through) || char(10) ||
	'issue_date ' || quote(issue_date) || char(10) ||
	'due_date ' || quote(due_date) || char(10) ||
	'terms ' || quote(terms) || char(10) ||
	'tax_rate ' || quote(tax_rate) || char(10) ||
	'subtotal ' || quote(subtotal) || char(10) ||
	'tax ' || quote(tax) || char(10) ||
	'total ' || quote(total) || char(10) ||
	'company_name ' || quote(company_name) || char(10) ||
	'company_address ' || quote(company_address) || char(10) ||
	'company_email ' || quote(company_email) || char(10) ||
	'company_tax_id ' || quote(company_tax_id) || char(10) ||
	'client_name ' || quote(client_name) || char(10) ||
	'client_address ' || quote(client_address) || char(10) ||
	'client_email ' || quote(client_email) || char(10) ||
	'client_tax_id ' || quote(client_tax_id) || char(10) ||
	'created ' || quote(created) || char(10) ||
	'issued ' || quote(issued) || char(10)
FROM invoices
UNION ALL
SELECT invoice_id, pos,
	'line ' || quote(pos) ||
	' job ' || quote(job_id) ||
	' kind ' || quote(kind) ||
	' class ' || quote(class) ||
	' description ' || quote(description) ||
	' actual_seconds ' || quote(actual_seconds) ||
	' billed_seconds ' || quote(billed_seconds) ||
	' quantity ' || quote(quantity) ||
	' unit_price ' || quote(unit_price) ||
	' amount ' || quote(amount) ||
	' tax ' || quote(tax) || char(10)
FROM invoice_lines;

-- What the chain hashes of every payment.
CREATE TEMP VIEW chain_payment(record_id, part, content) AS
SELECT id, 0,
	'payment ' || quote(id) || char(10) ||
	'invoice ' || quote(invoice_id) || char(10) ||
	'date ' || quote(date) || char(10) ||
	'amount ' || quote(amount) || char(10) ||
	'method ' || quote(method) || char(10) ||
	'ref ' || quote(ref) || char(10) ||
	'created ' || quote(created) || char(10)
FROM payments;

-- What each payment record does to the figures (009): owed is the change
-- to what its invoice still owes, balance the change to what the client
-- owes (lib/receivable.h builds every balance from these).
CREATE TEMP VIEW payment_effects(id, kind, client_id, currency, invoice_id, date, owed, balance) AS
SELECT p.id, p.kind, p.client_id, p.currency, p.invoice_id, p.date,
	CASE p.kind WHEN 'reversal' THEN p.applied ELSE -coalesce(p.applied, p.amount) END,
	CASE p.kind
		WHEN 'payment' THEN -p.amount
		WHEN 'refund' THEN p.amount
		WHEN 'credit' THEN 0
		ELSE (SELECT CASE o.kind WHEN 'payment' THEN p.amount
			WHEN 'refund' THEN -p.amount ELSE 0 END
			FROM payments o WHERE o.id = p.reverses) END
FROM payments p;

-- What the chain hashes of a payment beyond chain_payment, since 009:
-- its kind, client, currency and what it reverses.
CREATE TEMP VIEW chain_payment_detail(record_id, part, content) AS
SELECT id, 1,
	'kind ' || quote(kind) || char(10) ||
	'client ' || quote(client_id) || char(10) ||
	'currency ' || quote(currency) || char(10) ||
	'applied ' || quote(applied) || char(10) ||
	'reverses ' || quote(reverses) || char(10) ||
	'reason ' || quote(reason) || char(10) ||
	'client_name ' || quote(client_name) || char(10)
FROM payments
WHERE kind <> 'payment' OR coalesce(applied, amount) <> amount
	OR reverses IS NOT NULL OR reason IS NOT NULL OR client_name IS NOT NULL;

-- What the chain hashes of an invoice made since tax codes (011): the
-- fields 008 and 011 added, per line, per tax row and per job heading.
-- An invoice made before has no rows here, so its content stays as it was.
CREATE TEMP VIEW chain_invoice_books(record_id, part, content) AS
SELECT id, 1000000000,
	'revision ' || quote(revision) || char(10) ||
	'client_street ' || quote(client_street) || char(10) ||
	'client_city ' || quote(client_city) || char(10) ||
	'client_region ' || quote(client_region) || char(10) ||
	'client_postcode ' || quote(client_postcode) || char(10) ||
	'client_country ' || quote(client_country) || char(10) ||
	'client_vat_id ' || quote(client_vat_id) || char(10) ||
	'client_buyer_ref ' || quote(client_buyer_ref) || char(10) ||
	'ref ' || quote(ref) || char(10) ||
	'note ' || quote(note) || char(10) ||
	'discount_percent ' || quote(discount_percent) || char(10) ||
	'discount_amount ' || quote(discount_amount) || char(10) ||
	'discount_desc ' || quote(discount_desc) || char(10) ||
	'company_phone ' || quote(company_phone) || char(10) ||
	'company_website ' || quote(company_website) || char(10) ||
	'payment ' || quote(payment) || char(10) ||
	'footer ' || quote(footer) || char(10)
FROM invoices
WHERE coalesce(revision, client_street, client_city, client_region, client_postcode,
	client_country, client_vat_id, client_buyer_ref) IS NOT NULL
UNION ALL
SELECT invoice_id, 1000000000 + pos,
	'line ' || quote(pos) ||
	' tax_code ' || quote(tax_code) ||
	' waived ' || quote(waived) ||
	' notes ' || quote(notes) ||
	' extra_id ' || quote(extra_id) || char(10)
FROM invoice_lines
WHERE tax_code IS NOT NULL
   OR invoice_id IN (SELECT id FROM invoices WHERE revision IS NOT NULL)
UNION ALL
SELECT invoice_id, 2000000000 + pos,
	'tax ' || quote(pos) ||
	' code ' || quote(code) ||
	' component ' || quote(component) ||
	' name ' || quote(name) ||
	' category ' || quote(category) ||
	' rate ' || quote(rate) ||
	' base ' || quote(base) ||
	' amount ' || quote(amount) || char(10)
FROM invoice_taxes
WHERE invoice_id IN (SELECT id FROM invoices WHERE revision IS NOT NULL)
UNION ALL
SELECT invoice_id, 3000000000 + job_id,
	'job ' || quote(job_id) ||
	' title ' || quote(title) ||
	' po ' || quote(po) ||
	' first_day ' || quote(first_day) ||
	' last_day ' || quote(last_day) ||
	' techs ' || quote(techs) || char(10)
FROM invoice_jobs
WHERE invoice_id IN (SELECT id FROM invoices WHERE revision IS NOT NULL);

-- What the chain hashes of the seller's e-invoice details (012).
CREATE TEMP VIEW chain_invoice_seller(record_id, part, content) AS
SELECT id, 3000000000,
	'company_street ' || quote(company_street) || char(10) ||
	'company_city ' || quote(company_city) || char(10) ||
	'company_postcode ' || quote(company_postcode) || char(10) ||
	'company_country ' || quote(company_country) || char(10) ||
	'company_vat_id ' || quote(company_vat_id) || char(10) ||
	'company_iban ' || quote(company_iban) || char(10) ||
	'company_bic ' || quote(company_bic) || char(10) ||
	'company_legal_id ' || quote(company_legal_id) || char(10)
FROM invoices
WHERE coalesce(company_street, company_city, company_postcode, company_country,
	company_vat_id, company_iban, company_bic, company_legal_id) IS NOT NULL;

-- What the chain hashes of blocks and plans (014): what an invoice drew
-- from prepaid blocks, the plan periods it billed and the blocks it sold
-- with their hours, dates and price.  An invoice with none has no part.
CREATE TEMP VIEW chain_invoice_plans(record_id, part, content) AS
SELECT invoice_id, 4000000000 + pos,
	'draw ' || quote(pos) ||
	' block ' || quote(block_id) ||
	' seconds ' || quote(seconds) || char(10)
FROM block_draws
UNION ALL
SELECT invoice_id, 5000000000 + pos,
	'plan_period ' || quote(pos) ||
	' plan ' || quote(plan_id) ||
	' first ' || quote(first) ||
	' last ' || quote(last) ||
	' amount ' || quote(amount) || char(10)
FROM plan_periods
UNION ALL
SELECT s.invoice_id, 6000000000 + s.pos,
	'block_sale ' || quote(s.pos) ||
	' block ' || quote(b.id) ||
	' date ' || quote(b.date) ||
	' expires ' || quote(b.expires) ||
	' seconds ' || quote(b.seconds) ||
	' price ' || quote(b.price) || char(10)
FROM block_sales s JOIN blocks b ON b.id = s.block_id;
