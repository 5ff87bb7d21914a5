-- 009-receivables.sql - payments as records of a client's account,
-- client credit, and closed periods (SPEC section 10).
--
-- The payments table becomes the record of every movement of money on
-- a client's account, by kind:
--
--	payment   money received, recorded against an invoice: applied of
--	          it pays that invoice, the rest (an overpayment taken with
--	          --excess credit) is the client's credit
--	credit    credit applied to an invoice (amount = applied)
--	refund    credit paid back to the client (no invoice, applied 0)
--	reversal  undoes the record it reverses, from its own date on
--	          (payment void); applied is the original's
--
-- Amounts are positive; the kind says which way the money went.  Each
-- record keeps its client and currency, and a refund the client's name
-- as it was (so the exports of a closed period never change).  Payments
-- recorded before this version paid their invoice in full: their applied
-- is NULL, meaning all of the amount.
--
-- As in 008, RESET first reads the schema again, in case this connection
-- ran an earlier migration that edited table definitions in place.
PRAGMA writable_schema = RESET;
ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT 'payment'
	CHECK (kind = 'payment' OR kind = 'credit' OR kind = 'refund' OR kind = 'reversal');
ALTER TABLE payments ADD COLUMN client_id INTEGER REFERENCES clients(id);
ALTER TABLE payments ADD COLUMN currency TEXT;
ALTER TABLE payments ADD COLUMN applied INTEGER CHECK (applied IS NULL OR applied >= 0);
ALTER TABLE payments ADD COLUMN reverses INTEGER REFERENCES payments(id);
ALTER TABLE payments ADD COLUMN reason TEXT;
ALTER TABLE payments ADD COLUMN client_name TEXT;

-- A refund has no invoice.  Dropping a NOT NULL constraint changes no
-- stored row, the kind of change SQLite's documentation allows by
-- editing the schema table in place (as 005-checks.sql does); the CREATE
-- and DROP make SQLite count a schema change.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'invoice_id INTEGER NOT NULL REFERENCES invoices(id)',
	'invoice_id INTEGER REFERENCES invoices(id)')
	WHERE type = 'table' AND name = 'payments';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_changed (x);
DROP TABLE schema_changed;

-- The payments already there take their invoice's client and currency.
-- The trigger that freezes payments is set aside for this one update
-- and made again exactly as 001 made it.
DROP TRIGGER payments_frozen;
UPDATE payments SET
	client_id = (SELECT client_id FROM invoices i WHERE i.id = payments.invoice_id),
	currency = (SELECT currency FROM invoices i WHERE i.id = payments.invoice_id);
CREATE TRIGGER payments_frozen BEFORE UPDATE ON payments
BEGIN
	SELECT RAISE(ABORT, 'fixbill: payments are never edited');
END;

CREATE INDEX payments_client ON payments(client_id, currency, date);
-- A record is reversed at most once.
CREATE UNIQUE INDEX payments_reverses ON payments(reverses) WHERE reverses IS NOT NULL;

-- What each record does to the figures every view shows:
--   owed     the change to what its invoice still owes (an allocation
--            lowers it, the reversal of one raises it again);
--   balance  the change to what the client owes (a payment lowers it, a
--            refund or the reversal of a payment raises it).
-- An invoice owes its total plus the owed of its records dated by then.
-- A client owes the totals of its invoices and credit notes plus the
-- balance of its records.  Its credit is owed - balance summed over its
-- records, plus what its records had put on invoices voided since
-- (lib/receivable.h): a void moves an invoice's payments to credit.
CREATE VIEW payment_effects(id, kind, client_id, currency, invoice_id, date, owed, balance) AS
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

-- The tamper-evident chain (007) hashes a payment by chain_payment.  What
-- the new columns add is hashed by this view, part 1 of the record, for
-- the records that carry more than an old payment did: every credit,
-- refund and reversal, and a payment that did not go wholly to its
-- invoice.  A payment like those before this version hashes as it always
-- did.
CREATE VIEW chain_payment_detail(record_id, part, content) AS
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

-- Closing the books: each close or reopen, in order.  The books are
-- closed through the through of the last row (NULL: nothing closed).
CREATE TABLE closings (
	id INTEGER PRIMARY KEY,
	action TEXT NOT NULL CHECK (action = 'close' OR action = 'reopen'),
	period TEXT NOT NULL,		-- as given: 2026-10, 2026-Q4, 2026
	through TEXT,			-- YYYY-MM-DD
	reason TEXT,
	at INTEGER NOT NULL
);

CREATE TRIGGER closings_frozen BEFORE UPDATE ON closings
BEGIN
	SELECT RAISE(ABORT, 'fixbill: closings are never changed');
END;

CREATE TRIGGER closings_nodelete BEFORE DELETE ON closings
BEGIN
	SELECT RAISE(ABORT, 'fixbill: closings are never changed');
END;

-- Nothing is dated into closed books, whatever writes it.
CREATE TRIGGER payments_closed BEFORE INSERT ON payments
WHEN new.date <= (SELECT through FROM closings ORDER BY id DESC LIMIT 1)
BEGIN
	SELECT RAISE(ABORT, 'fixbill: the books are closed');
END;

CREATE TRIGGER invoices_closed BEFORE UPDATE OF status ON invoices
WHEN old.status = 'draft' AND new.status <> 'draft'
 AND new.issue_date <= (SELECT through FROM closings ORDER BY id DESC LIMIT 1)
BEGIN
	SELECT RAISE(ABORT, 'fixbill: the books are closed');
END;
