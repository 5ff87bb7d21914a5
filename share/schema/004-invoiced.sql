-- 004-invoiced.sql - an invoiced job has nothing left to bill.
--
-- Invoices now read only resolved jobs, so a job with work still to
-- bill must not be left invoiced.  Before, a non-billable entry of an
-- invoiced job could be made billable and the job stayed invoiced: such
-- jobs are resolved again, so their work reaches the next invoice.
-- Driven from the work that no issued invoice holds: a few rows, however
-- long the history.
UPDATE jobs SET status = 'resolved' WHERE status = 'invoiced' AND id IN (
	SELECT job_id FROM entries
		WHERE invoice_id IS NULL AND billable = 1 AND stop IS NOT NULL
	UNION SELECT job_id FROM entries WHERE stop IS NULL AND billable = 1
	UNION SELECT job_id FROM entries WHERE billable = 1 AND invoice_id IN
		(SELECT id FROM invoices WHERE status = 'draft')
	UNION SELECT job_id FROM charges WHERE invoice_id IS NULL
	UNION SELECT job_id FROM charges WHERE invoice_id IN
		(SELECT id FROM invoices WHERE status = 'draft'));
