-- 012-einvoice.sql - the seller's side of an e-invoice (SPEC section 13).
--
-- An e-invoice names the seller by a structured address, a VAT
-- identifier, a legal registration identifier and the account it is
-- paid to (company.street, .city, .postcode, .country, .vat_id,
-- .legal_id, .iban, .bic).  An issued invoice keeps
-- them as they were when it was issued, like the other company details,
-- so exporting it again, years later, gives the same file; a credit note
-- copies its original's.
--
-- 005 edited table definitions in place; RESET reads the schema again
-- before ALTER TABLE ADD COLUMN (see 008).
PRAGMA writable_schema = RESET;

ALTER TABLE invoices ADD COLUMN company_street TEXT;
ALTER TABLE invoices ADD COLUMN company_city TEXT;
ALTER TABLE invoices ADD COLUMN company_postcode TEXT;
ALTER TABLE invoices ADD COLUMN company_country TEXT;
ALTER TABLE invoices ADD COLUMN company_vat_id TEXT;
ALTER TABLE invoices ADD COLUMN company_iban TEXT;
ALTER TABLE invoices ADD COLUMN company_bic TEXT;
ALTER TABLE invoices ADD COLUMN company_legal_id TEXT;

CREATE TRIGGER invoices_frozen_seller BEFORE UPDATE ON invoices
WHEN old.status <> 'draft' AND (
	new.company_street IS NOT old.company_street
	OR new.company_city IS NOT old.company_city
	OR new.company_postcode IS NOT old.company_postcode
	OR new.company_country IS NOT old.company_country
	OR new.company_vat_id IS NOT old.company_vat_id
	OR new.company_iban IS NOT old.company_iban
	OR new.company_bic IS NOT old.company_bic
	OR new.company_legal_id IS NOT old.company_legal_id)
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

-- The chain (007) hashes an invoice by chain_invoice, which may never
-- change; these details are hashed by a view of their own, which
-- lib/chain.c joins after it.  It has a row only for an invoice that
-- has any of them, so an invoice issued before this version keeps its
-- content and its hash; one given any of them later no longer matches.
CREATE VIEW chain_invoice_seller(record_id, part, content) AS
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
