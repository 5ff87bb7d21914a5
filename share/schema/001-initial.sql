-- 001-initial.sql - the whole fixbill data model.
--
-- Money columns are INTEGER minor units of the row's currency.  Instants
-- are INTEGER Unix seconds; calendar dates (issue and due dates, payment
-- dates) are TEXT 'YYYY-MM-DD'.  Percentages and multipliers are INTEGER
-- in ten-thousandths (8.25 % = 82500, 1.5x = 15000); quantities are
-- INTEGER thousandths (1.5 = 1500).

CREATE TABLE config (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE clients (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	email TEXT,
	address TEXT,
	tax_id TEXT,
	currency TEXT,			-- NULL: the configured currency
	tax_rate INTEGER,		-- NULL: tax.rate
	terms INTEGER,			-- days; NULL: invoice.terms
	downtime_cost INTEGER,		-- per hour of downtime
	managed_fee INTEGER,		-- per month, for report compare
	archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
	created INTEGER NOT NULL
);

CREATE TABLE techs (
	id INTEGER PRIMARY KEY,
	handle TEXT NOT NULL UNIQUE,
	name TEXT,
	tier TEXT NOT NULL DEFAULT 'L1' CHECK (tier IN ('L1', 'L2', 'L3')),
	created INTEGER NOT NULL
);

-- Hourly rate rules.  NULL client or tier matches any; NULL effective
-- means "since always".
CREATE TABLE rates (
	id INTEGER PRIMARY KEY,
	client_id INTEGER REFERENCES clients(id),
	tier TEXT CHECK (tier IS NULL OR tier IN ('L1', 'L2', 'L3')),
	amount INTEGER NOT NULL CHECK (amount >= 0),
	effective INTEGER,
	created INTEGER NOT NULL
);
CREATE INDEX rates_client ON rates(client_id, tier, effective);

CREATE TABLE jobs (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES clients(id),
	title TEXT NOT NULL,
	priority TEXT NOT NULL DEFAULT 'P3' CHECK (priority IN ('P1', 'P2', 'P3', 'P4')),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'invoiced')),
	onsite INTEGER NOT NULL DEFAULT 0 CHECK (onsite IN (0, 1)),
	opened INTEGER NOT NULL,
	resolved INTEGER,
	down_since INTEGER,
	restored INTEGER,
	note TEXT,
	resolution TEXT
);
CREATE INDEX jobs_client ON jobs(client_id, status);
CREATE INDEX jobs_opened ON jobs(opened);

-- The shop's knowledge base: full-text over titles, notes, resolutions.
CREATE VIRTUAL TABLE jobs_fts USING fts5(
	title, note, resolution, content='jobs', content_rowid='id'
);
CREATE TRIGGER jobs_fts_insert AFTER INSERT ON jobs BEGIN
	INSERT INTO jobs_fts(rowid, title, note, resolution)
	VALUES (new.id, new.title, new.note, new.resolution);
END;
CREATE TRIGGER jobs_fts_delete AFTER DELETE ON jobs BEGIN
	INSERT INTO jobs_fts(jobs_fts, rowid, title, note, resolution)
	VALUES ('delete', old.id, old.title, old.note, old.resolution);
END;
CREATE TRIGGER jobs_fts_update AFTER UPDATE OF title, note, resolution ON jobs BEGIN
	INSERT INTO jobs_fts(jobs_fts, rowid, title, note, resolution)
	VALUES ('delete', old.id, old.title, old.note, old.resolution);
	INSERT INTO jobs_fts(rowid, title, note, resolution)
	VALUES (new.id, new.title, new.note, new.resolution);
END;

CREATE TABLE invoices (
	id INTEGER PRIMARY KEY AUTOINCREMENT,	-- ids are never reused
	kind TEXT NOT NULL DEFAULT 'invoice' CHECK (kind IN ('invoice', 'credit')),
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'issued', 'paid', 'void')),
	client_id INTEGER NOT NULL REFERENCES clients(id),
	currency TEXT NOT NULL,
	series TEXT,			-- the number format it was numbered in
	year INTEGER,
	seq INTEGER,
	number TEXT UNIQUE,
	credit_of INTEGER REFERENCES invoices(id),
	period TEXT,			-- set by invoice run: the period it bills
	through INTEGER,		-- bills work of jobs resolved before this
	include_open INTEGER NOT NULL DEFAULT 0,
	issue_date TEXT,
	due_date TEXT,
	terms INTEGER,
	tax_rate INTEGER NOT NULL DEFAULT 0,
	subtotal INTEGER NOT NULL DEFAULT 0,
	tax INTEGER NOT NULL DEFAULT 0,
	total INTEGER NOT NULL DEFAULT 0,
	-- Details as they were when issued.
	company_name TEXT,
	company_address TEXT,
	company_email TEXT,
	company_tax_id TEXT,
	client_name TEXT,
	client_address TEXT,
	client_email TEXT,
	client_tax_id TEXT,
	void_reason TEXT,
	created INTEGER NOT NULL,
	issued INTEGER,
	UNIQUE (series, year, seq)
);
CREATE INDEX invoices_client ON invoices(client_id, status);
CREATE INDEX invoices_issue_date ON invoices(issue_date);
-- A credit note credits one invoice, once.
CREATE UNIQUE INDEX invoices_credit_of ON invoices(credit_of) WHERE credit_of IS NOT NULL;

CREATE TABLE invoice_lines (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	pos INTEGER NOT NULL,
	job_id INTEGER REFERENCES jobs(id),
	kind TEXT NOT NULL CHECK (kind IN ('labor', 'minimum', 'part', 'trip', 'flat')),
	class TEXT CHECK (class IS NULL OR class IN ('normal', 'after_hours', 'weekend')),
	description TEXT NOT NULL,
	actual_seconds INTEGER,
	billed_seconds INTEGER,
	quantity INTEGER NOT NULL,	-- thousandths; labor: billed hours x 1000
	unit_price INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	tax INTEGER NOT NULL DEFAULT 0,
	UNIQUE (invoice_id, pos)
);

-- Time entries.  stop IS NULL is a running timer.  invoice_id is the one
-- invoice (draft or issued) that holds the entry, so no entry can be on
-- two invoices; voiding an invoice sets it back to NULL.
CREATE TABLE entries (
	id INTEGER PRIMARY KEY AUTOINCREMENT,	-- ids are never reused
	job_id INTEGER NOT NULL REFERENCES jobs(id),
	tech_id INTEGER NOT NULL REFERENCES techs(id),
	start INTEGER NOT NULL,
	stop INTEGER CHECK (stop IS NULL OR stop > start),
	billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0, 1)),
	nocharge INTEGER NOT NULL DEFAULT 0 CHECK (nocharge IN (0, 1)),
	note TEXT,
	invoice_id INTEGER REFERENCES invoices(id),
	created INTEGER NOT NULL
);
CREATE INDEX entries_job ON entries(job_id, start);
CREATE INDEX entries_tech ON entries(tech_id, start);
CREATE INDEX entries_start ON entries(start);
CREATE INDEX entries_invoice ON entries(invoice_id);
-- One running timer per technician, enforced by the database.
CREATE UNIQUE INDEX entries_running ON entries(tech_id) WHERE stop IS NULL;

CREATE TABLE charges (
	id INTEGER PRIMARY KEY AUTOINCREMENT,	-- ids are never reused
	job_id INTEGER NOT NULL REFERENCES jobs(id),
	kind TEXT NOT NULL CHECK (kind IN ('part', 'trip', 'flat')),
	description TEXT NOT NULL,
	quantity INTEGER NOT NULL DEFAULT 1000 CHECK (quantity > 0),
	unit_cost INTEGER,		-- parts: what the part cost the shop
	markup INTEGER,			-- parts: ten-thousandths of a percent
	unit_price INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	invoice_id INTEGER REFERENCES invoices(id),
	created INTEGER NOT NULL
);
CREATE INDEX charges_job ON charges(job_id);
CREATE INDEX charges_invoice ON charges(invoice_id);

-- Which work each invoice billed, kept after a void releases it.
CREATE TABLE invoice_work (
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	entry_id INTEGER REFERENCES entries(id),
	charge_id INTEGER REFERENCES charges(id),
	CHECK ((entry_id IS NULL) <> (charge_id IS NULL))
);
CREATE INDEX invoice_work_invoice ON invoice_work(invoice_id);

CREATE TABLE payments (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	date TEXT NOT NULL,
	amount INTEGER NOT NULL CHECK (amount > 0),
	method TEXT,
	ref TEXT,
	created INTEGER NOT NULL
);
CREATE INDEX payments_invoice ON payments(invoice_id);
CREATE INDEX payments_date ON payments(date);

-- Invoice number series: the last number used per format and year
-- (year 0 for formats without {year}).
CREATE TABLE series (
	name TEXT NOT NULL,
	year INTEGER NOT NULL,
	last INTEGER NOT NULL,
	PRIMARY KEY (name, year)
) WITHOUT ROWID;

-- An issued invoice and its lines never change: only its status moves
-- on (issued -> paid -> issued when a payment is removed, or -> void).
CREATE TRIGGER invoices_frozen BEFORE UPDATE ON invoices
WHEN old.status <> 'draft' AND (
	new.status = 'draft'
	OR new.kind IS NOT old.kind OR new.client_id IS NOT old.client_id
	OR new.currency IS NOT old.currency OR new.series IS NOT old.series
	OR new.year IS NOT old.year OR new.seq IS NOT old.seq
	OR new.number IS NOT old.number OR new.credit_of IS NOT old.credit_of
	OR new.period IS NOT old.period OR new.through IS NOT old.through
	OR new.issue_date IS NOT old.issue_date OR new.due_date IS NOT old.due_date
	OR new.terms IS NOT old.terms OR new.tax_rate IS NOT old.tax_rate
	OR new.subtotal IS NOT old.subtotal OR new.tax IS NOT old.tax
	OR new.total IS NOT old.total
	OR new.company_name IS NOT old.company_name
	OR new.company_address IS NOT old.company_address
	OR new.company_email IS NOT old.company_email
	OR new.company_tax_id IS NOT old.company_tax_id
	OR new.client_name IS NOT old.client_name
	OR new.client_address IS NOT old.client_address
	OR new.client_email IS NOT old.client_email
	OR new.client_tax_id IS NOT old.client_tax_id
	OR new.issued IS NOT old.issued OR new.created IS NOT old.created
	OR (old.status = 'void' AND new.status <> 'void'))
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoices_nodelete BEFORE DELETE ON invoices
WHEN old.status <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoice_lines_frozen_insert BEFORE INSERT ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoice_lines_frozen_update BEFORE UPDATE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
  OR (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoice_lines_frozen_delete BEFORE DELETE ON invoice_lines
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoice_work_frozen BEFORE DELETE ON invoice_work
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

-- Work held by an issued invoice cannot change, nor leave it unless the
-- invoice is void.
CREATE TRIGGER entries_frozen BEFORE UPDATE ON entries
WHEN old.invoice_id IS NOT NULL
 AND (SELECT status FROM invoices WHERE id = old.invoice_id) IN ('issued', 'paid')
 AND (new.invoice_id IS NOT old.invoice_id OR new.job_id IS NOT old.job_id
      OR new.tech_id IS NOT old.tech_id OR new.start IS NOT old.start
      OR new.stop IS NOT old.stop OR new.billable IS NOT old.billable
      OR new.nocharge IS NOT old.nocharge)
BEGIN
	SELECT RAISE(ABORT, 'fixbill: entry is invoiced');
END;

CREATE TRIGGER entries_nodelete BEFORE DELETE ON entries
WHEN old.invoice_id IS NOT NULL
 AND (SELECT status FROM invoices WHERE id = old.invoice_id) IN ('issued', 'paid')
BEGIN
	SELECT RAISE(ABORT, 'fixbill: entry is invoiced');
END;

CREATE TRIGGER charges_frozen BEFORE UPDATE ON charges
WHEN old.invoice_id IS NOT NULL
 AND (SELECT status FROM invoices WHERE id = old.invoice_id) IN ('issued', 'paid')
BEGIN
	SELECT RAISE(ABORT, 'fixbill: charge is invoiced');
END;

CREATE TRIGGER charges_nodelete BEFORE DELETE ON charges
WHEN old.invoice_id IS NOT NULL
 AND (SELECT status FROM invoices WHERE id = old.invoice_id) IN ('issued', 'paid')
BEGIN
	SELECT RAISE(ABORT, 'fixbill: charge is invoiced');
END;

CREATE TRIGGER payments_frozen BEFORE UPDATE ON payments
BEGIN
	SELECT RAISE(ABORT, 'fixbill: payments are never edited');
END;
