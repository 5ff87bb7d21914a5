-- 008-documents.sql - what an invoice says (SPEC section 12), and drafts
-- that can be edited.
--
-- Jobs carry the client's purchase order.  Invoices carry a reference, a
-- note, a discount (a percentage in ten-thousandths of a percent or an
-- amount in minor units) and, frozen at issue like the other company
-- details, the company's phone and website, the payment instructions and
-- the page footer.  Lines added to a draft by hand live in invoice_extras,
-- so that a refresh, which prices the draft's work again, keeps them.
-- Each invoice keeps the headings of the jobs it bills and one row per
-- tax component with its base; both are frozen at issue.  A line or a
-- charge may now be a discount: a negative amount before tax.
--
-- 005 edited table definitions in place; a connection that ran it still
-- holds their old text, and ALTER TABLE ADD COLUMN would splice the new
-- column in at an offset into that old text.  RESET reads the schema
-- again first.
PRAGMA writable_schema = RESET;

ALTER TABLE jobs ADD COLUMN po TEXT;

ALTER TABLE invoices ADD COLUMN ref TEXT;
ALTER TABLE invoices ADD COLUMN note TEXT;
ALTER TABLE invoices ADD COLUMN discount_percent INTEGER;
ALTER TABLE invoices ADD COLUMN discount_amount INTEGER;
ALTER TABLE invoices ADD COLUMN discount_desc TEXT;
ALTER TABLE invoices ADD COLUMN company_phone TEXT;
ALTER TABLE invoices ADD COLUMN company_website TEXT;
ALTER TABLE invoices ADD COLUMN payment TEXT;
ALTER TABLE invoices ADD COLUMN footer TEXT;

-- notes: the entries' notes of a labor line; waived: what no-charge time
-- would have cost; extra_id: the added line it shows.
ALTER TABLE invoice_lines ADD COLUMN notes TEXT;
ALTER TABLE invoice_lines ADD COLUMN waived INTEGER;
ALTER TABLE invoice_lines ADD COLUMN extra_id INTEGER;

CREATE TABLE invoice_extras (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	description TEXT NOT NULL,
	quantity INTEGER NOT NULL,	-- thousandths
	unit_price INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	tax TEXT			-- NULL: taxed as a flat fee; 'NONE': untaxed
);
CREATE INDEX invoice_extras_invoice ON invoice_extras(invoice_id);

-- Jobs whose work was taken off a draft (invoice release): a refresh
-- does not claim it again.
CREATE TABLE invoice_released (
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	job_id INTEGER NOT NULL REFERENCES jobs(id),
	PRIMARY KEY (invoice_id, job_id)
) WITHOUT ROWID;

CREATE TABLE invoice_jobs (
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	job_id INTEGER NOT NULL REFERENCES jobs(id),
	title TEXT NOT NULL,
	po TEXT,
	first_day TEXT,			-- dates of the billed work, YYYY-MM-DD
	last_day TEXT,
	techs TEXT,			-- technicians' names, comma-separated
	PRIMARY KEY (invoice_id, job_id)
) WITHOUT ROWID;

CREATE TABLE invoice_taxes (
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	rate INTEGER NOT NULL,		-- ten-thousandths of a percent
	base INTEGER NOT NULL,
	amount INTEGER NOT NULL,
	PRIMARY KEY (invoice_id, pos)
) WITHOUT ROWID;

-- Only the text of the kind constraints changes, and only to allow one
-- more value: every stored row still satisfies it (see 005-checks.sql).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'kind = ''trip'' OR kind = ''flat''',
	'kind = ''trip'' OR kind = ''flat'' OR kind = ''discount''')
	WHERE type = 'table' AND name IN ('invoice_lines', 'charges')
	AND sql NOT LIKE '%''discount''%';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_changed (x);
DROP TABLE schema_changed;

DROP TRIGGER invoices_frozen;
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
	OR new.ref IS NOT old.ref OR new.note IS NOT old.note
	OR new.discount_percent IS NOT old.discount_percent
	OR new.discount_amount IS NOT old.discount_amount
	OR new.discount_desc IS NOT old.discount_desc
	OR new.company_phone IS NOT old.company_phone
	OR new.company_website IS NOT old.company_website
	OR new.payment IS NOT old.payment OR new.footer IS NOT old.footer
	OR (old.status = 'void' AND new.status <> 'void'))
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoice_extras_frozen_insert BEFORE INSERT ON invoice_extras
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER invoice_extras_frozen_update BEFORE UPDATE ON invoice_extras
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
  OR (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER invoice_extras_frozen_delete BEFORE DELETE ON invoice_extras
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoice_jobs_frozen_insert BEFORE INSERT ON invoice_jobs
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER invoice_jobs_frozen_update BEFORE UPDATE ON invoice_jobs
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
  OR (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER invoice_jobs_frozen_delete BEFORE DELETE ON invoice_jobs
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

CREATE TRIGGER invoice_taxes_frozen_insert BEFORE INSERT ON invoice_taxes
WHEN (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER invoice_taxes_frozen_update BEFORE UPDATE ON invoice_taxes
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
  OR (SELECT status FROM invoices WHERE id = new.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
CREATE TRIGGER invoice_taxes_frozen_delete BEFORE DELETE ON invoice_taxes
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;
