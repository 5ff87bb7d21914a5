-- 007-chain.sql - tamper evidence for issued documents and money records.
--
-- The triggers of 001 keep an issued invoice and its payments from
-- changing, but a trigger can be dropped.  So each record that matters
-- to the books is also hashed the moment it is recorded: the chain
-- table holds, in the order they were recorded, one row per issued
-- invoice or credit note and per payment, with
--
--	hash = SHA-256(prev || content)
--
-- as 64 lowercase hex digits, where prev is the hash of the row before
-- (64 zeros for the first) and content is the record's canonical text:
-- the rows of its view chain_<kind> for its id, in the order of part,
-- joined.  `db check` computes every hash again and names the first
-- record that no longer matches.  Anyone can check one without fixbill:
--
--	sqlite3 fixbill.db "SELECT content FROM chain_invoice
--		WHERE record_id = 7 ORDER BY part" | ...
--
-- Content is each field as "name value", the value in SQLite's quote()
-- form, so text, numbers and NULL cannot be mistaken for each other.
-- It covers what the triggers freeze, not what may still change (an
-- invoice's status, the reason it was voided).  A chain_<kind> view must
-- give the same text for a record for ever: a later kind of record gets
-- a view of its own (lib/chain.c lists them), and a view is never
-- redefined.

CREATE VIEW chain_invoice(record_id, part, content) AS
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

CREATE VIEW chain_payment(record_id, part, content) AS
SELECT id, 0,
	'payment ' || quote(id) || char(10) ||
	'invoice ' || quote(invoice_id) || char(10) ||
	'date ' || quote(date) || char(10) ||
	'amount ' || quote(amount) || char(10) ||
	'method ' || quote(method) || char(10) ||
	'ref ' || quote(ref) || char(10) ||
	'created ' || quote(created) || char(10)
FROM payments;

CREATE TABLE chain (
	seq INTEGER PRIMARY KEY,	-- 1, 2, 3, ... in the order recorded
	kind TEXT NOT NULL,		-- invoice (and credit note), payment, ...
	record_id INTEGER NOT NULL,
	prev TEXT NOT NULL,
	hash TEXT NOT NULL,
	UNIQUE (kind, record_id)
);

-- What was recorded before this version joins the chain now, in the
-- order it was recorded (an invoice before a payment of the same
-- second).  fb_sha256 is lib/db.c's; the CTE carries each hash to the
-- next row.  Parts are joined in order by the ORDER BY of the innermost
-- query, which SQLite keeps for group_concat; lib/chain.c, which adds
-- every later row and which db check uses to compute them all again,
-- orders them with an ORDER BY of its own, so a difference would show.
CREATE TEMP TABLE chain_backfill (
	seq INTEGER PRIMARY KEY,
	kind TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	content TEXT
);
INSERT INTO chain_backfill(kind, record_id, content)
SELECT r.kind, r.record_id, CASE r.kind
	WHEN 'invoice' THEN (SELECT group_concat(content, '') FROM
		(SELECT content FROM chain_invoice v WHERE v.record_id = r.record_id ORDER BY part))
	ELSE (SELECT content FROM chain_payment v WHERE v.record_id = r.record_id) END
FROM (SELECT 'invoice' AS kind, id AS record_id, coalesce(issued, created) AS at, 0 AS rank
	FROM invoices WHERE status <> 'draft'
	UNION ALL
	SELECT 'payment', id, created, 1 FROM payments) r
ORDER BY r.at, r.rank, r.record_id;
WITH RECURSIVE link(seq, prev, hash) AS (
	SELECT 0, NULL, '0000000000000000000000000000000000000000000000000000000000000000'
	UNION ALL
	SELECT b.seq, link.hash, fb_sha256(link.hash || b.content)
	FROM link JOIN temp.chain_backfill b ON b.seq = link.seq + 1
)
INSERT INTO chain(seq, kind, record_id, prev, hash)
SELECT b.seq, b.kind, b.record_id, link.prev, link.hash
FROM link JOIN temp.chain_backfill b ON b.seq = link.seq
ORDER BY b.seq;
DROP TABLE temp.chain_backfill;

-- The chain only grows, at its end, each row linked to the one before.
CREATE TRIGGER chain_append BEFORE INSERT ON chain
WHEN new.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM chain)
  OR new.prev IS NOT coalesce((SELECT hash FROM chain WHERE seq = new.seq - 1),
	'0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
	SELECT RAISE(ABORT, 'fixbill: the chain only grows at its end');
END;

CREATE TRIGGER chain_frozen BEFORE UPDATE ON chain
BEGIN
	SELECT RAISE(ABORT, 'fixbill: the chain is never changed');
END;

CREATE TRIGGER chain_nodelete BEFORE DELETE ON chain
BEGIN
	SELECT RAISE(ABORT, 'fixbill: the chain is never changed');
END;

-- A payment is never removed (a mistaken one is reversed, SPEC 10).
CREATE TRIGGER payments_nodelete BEFORE DELETE ON payments
BEGIN
	SELECT RAISE(ABORT, 'fixbill: payments are never deleted');
END;
