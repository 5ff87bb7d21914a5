-- 011-tax.sql - tax codes and the books (SPEC section 11), settings per
-- client (SPEC section 14), and the client's structured address.
--
-- 005 edited table definitions in place; a connection that ran it still
-- holds their old text, and ALTER TABLE ADD COLUMN would splice the new
-- column in at an offset into that old text.  RESET reads the schema
-- again first.
PRAGMA writable_schema = RESET;

-- Settings of one client: a billing.*, tax.*, invoice.terms or
-- invoice.paper value that wins over the shop's (config set KEY VALUE
-- --client CODE).  The value is stored in the canonical form the key's
-- validator gives, as in config.
CREATE TABLE client_config (
	client_id INTEGER NOT NULL REFERENCES clients(id),
	key TEXT NOT NULL,
	value TEXT NOT NULL,
	PRIMARY KEY (client_id, key)
) WITHOUT ROWID;

-- A client's own terms and tax rate were columns; they are settings of
-- the client now, read where the shop's are.  A tax rate in
-- ten-thousandths of a percent becomes its decimal text: 82500 -> 8.25.
INSERT INTO client_config(client_id, key, value)
	SELECT id, 'invoice.terms', CAST(terms AS TEXT) FROM clients WHERE terms IS NOT NULL;
INSERT INTO client_config(client_id, key, value)
	SELECT id, 'tax.rate', rtrim(rtrim(printf('%d.%04d', tax_rate / 10000,
		tax_rate % 10000), '0'), '.')
	FROM clients WHERE tax_rate IS NOT NULL;
UPDATE clients SET terms = NULL, tax_rate = NULL
	WHERE terms IS NOT NULL OR tax_rate IS NOT NULL;

-- The structured address e-invoices and accounting systems want (the
-- free-text address stays what documents print), and the buyer's VAT
-- identifier and reference (SPEC section 13).  country: ISO 3166-1
-- alpha-2.
ALTER TABLE clients ADD COLUMN street TEXT;
ALTER TABLE clients ADD COLUMN city TEXT;
ALTER TABLE clients ADD COLUMN region TEXT;
ALTER TABLE clients ADD COLUMN postcode TEXT;
ALTER TABLE clients ADD COLUMN country TEXT;
ALTER TABLE clients ADD COLUMN vat_id TEXT;
ALTER TABLE clients ADD COLUMN buyer_ref TEXT;

-- Tax codes: a name, an EN 16931 VAT category, the names accounting
-- systems know it by (NULL: the default), and one or more components,
-- each a rate in ten-thousandths of a percent computed on a line's net
-- amount.  NONE (0 %, category O) always exists; TAX is the code of the
-- older tax.rate and tax.applies_to settings, its rate always tax.rate's
-- (its component row is not read for the rate).
CREATE TABLE tax_codes (
	code TEXT PRIMARY KEY,
	name TEXT,
	category TEXT NOT NULL DEFAULT 'S' CHECK (category = 'S' OR category = 'Z'
		OR category = 'E' OR category = 'AE' OR category = 'K' OR category = 'G'
		OR category = 'O'),
	xero TEXT,
	qbo TEXT,
	iif_item TEXT,
	agency TEXT,
	created INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE tax_components (
	code TEXT NOT NULL REFERENCES tax_codes(code),
	pos INTEGER NOT NULL,
	name TEXT NOT NULL,
	rate INTEGER NOT NULL CHECK (rate >= 0 AND rate <= 1000000),
	PRIMARY KEY (code, pos)
) WITHOUT ROWID;

INSERT INTO tax_codes(code, name, category, created) VALUES ('NONE', 'No tax', 'O', 0);
INSERT INTO tax_components(code, pos, name, rate) VALUES ('NONE', 1, 'NONE', 0);
INSERT INTO tax_codes(code, name, category, created) VALUES ('TAX', 'Tax', 'S', 0);
INSERT INTO tax_components(code, pos, name, rate) VALUES ('TAX', 1, 'TAX', 0);

-- What an invoice keeps from now on, frozen at issue: the client's
-- structured address, VAT id and reference as they were (a credit note
-- copies its original's); each line's tax code; and in its tax rows the
-- code, component and category of each.  revision is 1 for every
-- invoice made from this version on, NULL for those made before (their
-- tax is tax_rate's, on the lines that have tax).
ALTER TABLE invoices ADD COLUMN revision INTEGER;
ALTER TABLE invoices ADD COLUMN client_street TEXT;
ALTER TABLE invoices ADD COLUMN client_city TEXT;
ALTER TABLE invoices ADD COLUMN client_region TEXT;
ALTER TABLE invoices ADD COLUMN client_postcode TEXT;
ALTER TABLE invoices ADD COLUMN client_country TEXT;
ALTER TABLE invoices ADD COLUMN client_vat_id TEXT;
ALTER TABLE invoices ADD COLUMN client_buyer_ref TEXT;

-- The code that taxes each line.  The codes an invoice names are never
-- removed from under it (an undone `tax add` included).
ALTER TABLE invoice_lines ADD COLUMN tax_code TEXT REFERENCES tax_codes(code);

-- Each tax row (008) says which code and component it is and the code's
-- VAT category; name stays how documents label it ("Sales tax", "GST").
-- Rows of invoices made before this version have none of them.
ALTER TABLE invoice_taxes ADD COLUMN code TEXT REFERENCES tax_codes(code);
ALTER TABLE invoice_taxes ADD COLUMN component TEXT;
ALTER TABLE invoice_taxes ADD COLUMN category TEXT;

CREATE TRIGGER invoices_frozen_books BEFORE UPDATE ON invoices
WHEN old.status <> 'draft' AND (
	new.revision IS NOT old.revision
	OR new.client_street IS NOT old.client_street
	OR new.client_city IS NOT old.client_city
	OR new.client_region IS NOT old.client_region
	OR new.client_postcode IS NOT old.client_postcode
	OR new.client_country IS NOT old.client_country
	OR new.client_vat_id IS NOT old.client_vat_id
	OR new.client_buyer_ref IS NOT old.client_buyer_ref)
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

-- The chain (007) hashes an invoice by chain_invoice, which a view may
-- never change.  What invoices keep beyond it is hashed by this view
-- too, for every invoice made from this version on (lib/chain.c joins
-- the two, in order of part): a header part after the lines with the
-- fields 008 and this version added, a part per line with what they
-- added to lines, a part per tax row and one per job heading.  An
-- invoice made before has none of these parts, so its content, and its
-- hash, stay what they were (what 008 kept of it stays unhashed, as it
-- was); one of its rows given a revision, a client address or a line
-- code later no longer matches.
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
WHERE invoice_id IN (SELECT id FROM invoices WHERE revision IS NOT NULL);
