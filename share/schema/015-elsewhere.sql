-- 015-elsewhere.sql - work billed outside fixbill, and unbilled work
-- read from its index alone.
--
-- A shop that imports years of history from another tracker has billed
-- most of it already, elsewhere: such an entry is billed_elsewhere.  It
-- stays in hours reports and exports but is never unbilled work: never
-- on an invoice, a month-end run or report unbilled (time import
-- --billed-elsewhere, time mark-billed).
ALTER TABLE entries ADD COLUMN billed_elsewhere INTEGER NOT NULL DEFAULT 0
	CHECK (billed_elsewhere = 0 OR billed_elsewhere = 1);

-- Unbilled work is what invoices claim and report unbilled prices: with
-- the columns pricing reads in the index, neither visits the table, whose
-- rows lie wherever their entries were logged (a backlog of a million
-- entries: a read of a table page for nearly every entry).  id keeps the
-- order pricing reads in (job, start, id); and SQLite counts a column of
-- the index's own condition as read from the table unless the index
-- holds it, so it holds those three too, at a byte each.  Queries must
-- repeat the condition exactly (FB_UNBILLED in lib/work.h).
DROP INDEX entries_unbilled;
CREATE INDEX entries_unbilled ON entries(job_id, start, id, stop, tech_id, nocharge,
	invoice_id, billable, billed_elsewhere)
	WHERE invoice_id IS NULL AND billable = 1 AND stop IS NOT NULL
	AND billed_elsewhere = 0;

