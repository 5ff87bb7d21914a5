-- 012-plans.sql - billing plans (SPEC section 14): prepaid blocks of
-- hours, the hours each invoice draws from them, managed-service plans
-- and the plan periods each invoice bills.
--
-- 005 edited table definitions in place; a connection that ran it still
-- holds their old text.  RESET reads the schema again first.
PRAGMA writable_schema = RESET;

-- A block of prepaid hours sold to a client (block add).  Its line goes
-- on the client's next invoice: invoice_id is the invoice that sells it
-- (a draft or issued; NULL until one does, and again after a void).  It
-- covers work done from date on, through expires (NULL: never expires).
CREATE TABLE blocks (
	id INTEGER PRIMARY KEY AUTOINCREMENT,	-- ids are never reused
	client_id INTEGER NOT NULL REFERENCES clients(id),
	date TEXT NOT NULL,			-- YYYY-MM-DD
	expires TEXT,				-- YYYY-MM-DD, the last day it covers
	seconds INTEGER NOT NULL CHECK (seconds > 0),
	price INTEGER NOT NULL CHECK (price >= 0),
	currency TEXT NOT NULL,
	note TEXT,
	invoice_id INTEGER REFERENCES invoices(id),
	created INTEGER NOT NULL
);
CREATE INDEX blocks_client ON blocks(client_id, date);
CREATE INDEX blocks_invoice ON blocks(invoice_id) WHERE invoice_id IS NOT NULL;

-- Which invoice sold each block, at which line: kept after a void
-- releases the block, as invoice_work keeps the work.
CREATE TABLE block_sales (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	block_id INTEGER NOT NULL REFERENCES blocks(id),
	pos INTEGER NOT NULL,
	UNIQUE (invoice_id, pos)
);
CREATE INDEX block_sales_block ON block_sales(block_id);

-- What each invoice drew from a block: the covered line at pos, and the
-- seconds it drew (billed seconds x the line's multiplier).  A block's
-- used hours are the draws of the invoices that are not void.
CREATE TABLE block_draws (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	block_id INTEGER NOT NULL REFERENCES blocks(id),
	pos INTEGER NOT NULL,
	seconds INTEGER NOT NULL CHECK (seconds > 0),
	UNIQUE (invoice_id, pos)
);
CREATE INDEX block_draws_block ON block_draws(block_id);

-- A managed-service plan: fee every month, quarter or year, billed in
-- advance by invoice run from start through end (inclusive; NULL: no
-- end), covering the labor of remote jobs, of all jobs, or none.
CREATE TABLE plans (
	id INTEGER PRIMARY KEY AUTOINCREMENT,	-- ids are never reused
	client_id INTEGER NOT NULL REFERENCES clients(id),
	fee INTEGER NOT NULL CHECK (fee >= 0),
	currency TEXT NOT NULL,
	every TEXT NOT NULL CHECK (every IN ('month', 'quarter', 'year')),
	start TEXT NOT NULL,			-- YYYY-MM-DD
	end TEXT CHECK (end IS NULL OR end >= start),
	covers TEXT NOT NULL CHECK (covers IN ('none', 'remote', 'all')),
	description TEXT,
	created INTEGER NOT NULL
);
CREATE INDEX plans_client ON plans(client_id, start);

-- Each plan period an invoice bills: the days first..last (inclusive)
-- and the fee for them, prorated when the plan cuts the period.
CREATE TABLE plan_periods (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	plan_id INTEGER NOT NULL REFERENCES plans(id),
	first TEXT NOT NULL,
	last TEXT NOT NULL,
	amount INTEGER NOT NULL,
	pos INTEGER NOT NULL,			-- its line on the invoice
	UNIQUE (invoice_id, pos)
);
CREATE INDEX plan_periods_plan ON plan_periods(plan_id, first);

-- A plan period is billed once: by no more than one invoice that is not
-- void (a void releases it).
CREATE TRIGGER plan_periods_once BEFORE INSERT ON plan_periods
WHEN EXISTS (SELECT 1 FROM plan_periods p JOIN invoices i ON i.id = p.invoice_id
	WHERE p.plan_id = new.plan_id AND p.first = new.first AND i.status <> 'void'
	AND i.id <> new.invoice_id)
BEGIN
	SELECT RAISE(ABORT, 'fixbill: plan period already billed');
END;

-- What an issued invoice drew and billed never changes.
CREATE TRIGGER block_draws_frozen_insert BEFORE INSERT ON block_draws
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER block_draws_frozen_update BEFORE UPDATE ON block_draws
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable')
	WHERE (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
	   OR (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft';
END;
CREATE TRIGGER block_draws_frozen_delete BEFORE DELETE ON block_draws
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER block_sales_frozen_insert BEFORE INSERT ON block_sales
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER block_sales_frozen_update BEFORE UPDATE ON block_sales
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable')
	WHERE (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
	   OR (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft';
END;
CREATE TRIGGER block_sales_frozen_delete BEFORE DELETE ON block_sales
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER plan_periods_frozen_insert BEFORE INSERT ON plan_periods
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER plan_periods_frozen_update BEFORE UPDATE ON plan_periods
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable')
	WHERE (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
	   OR (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft';
END;
CREATE TRIGGER plan_periods_frozen_delete BEFORE DELETE ON plan_periods
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

-- A block an issued invoice sold keeps its hours, price and dates; it
-- leaves that invoice only once the invoice is void.  A block that was
-- sold or drawn from is never deleted.
CREATE TRIGGER blocks_frozen BEFORE UPDATE ON blocks
WHEN old.invoice_id IS NOT NULL
	AND (SELECT status FROM invoices WHERE id = old.invoice_id) IN ('issued', 'paid')
	AND (new.client_id IS NOT old.client_id OR new.date IS NOT old.date
	OR new.expires IS NOT old.expires OR new.seconds IS NOT old.seconds
	OR new.price IS NOT old.price OR new.currency IS NOT old.currency
	OR new.invoice_id IS NOT old.invoice_id)
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER blocks_drawn BEFORE UPDATE OF client_id, seconds, price, date, expires ON blocks
WHEN EXISTS (SELECT 1 FROM block_draws d JOIN invoices i ON i.id = d.invoice_id
	WHERE d.block_id = old.id AND i.status <> 'draft')
	OR EXISTS (SELECT 1 FROM block_sales d JOIN invoices i ON i.id = d.invoice_id
	WHERE d.block_id = old.id AND i.status <> 'draft')
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER blocks_nodelete BEFORE DELETE ON blocks
WHEN EXISTS (SELECT 1 FROM block_draws d JOIN invoices i ON i.id = d.invoice_id
	WHERE d.block_id = old.id AND i.status <> 'draft')
	OR EXISTS (SELECT 1 FROM block_sales d JOIN invoices i ON i.id = d.invoice_id
	WHERE d.block_id = old.id AND i.status <> 'draft')
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

-- Invoices gain three kinds of line: a block sold, a plan period's fee,
-- and the part of a labor line a block or a plan covers (a negative
-- amount).  Only the text of the kind constraint changes, to allow more
-- values: every stored row still satisfies it (see 005-checks.sql).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'kind = ''trip'' OR kind = ''flat'' OR kind = ''discount''',
	'kind = ''trip'' OR kind = ''flat'' OR kind = ''discount'''
	|| ' OR kind = ''block'' OR kind = ''plan'' OR kind = ''covered''')
	WHERE type = 'table' AND name = 'invoice_lines'
	AND sql NOT LIKE '%''covered''%';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_changed (x);
DROP TABLE schema_changed;

-- The chain hashes what an invoice drew from blocks, the plan periods it
-- billed and the blocks it sold (with their hours, dates and price), as parts after those of 011 (an invoice
-- with none of them has none of these parts: its hash stays what it was).
DROP VIEW chain_invoice_books;
CREATE VIEW chain_invoice_books(record_id, part, content) AS
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
WHERE invoice_id IN (SELECT id FROM invoices WHERE revision IS NOT NULL)
UNION ALL
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
