-- 014-plans.sql - billing plans (SPEC section 14): prepaid blocks of
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

-- The chain hashes what an invoice drew, sold and billed of them by the
-- view chain_invoice_plans (share/views.sql).
