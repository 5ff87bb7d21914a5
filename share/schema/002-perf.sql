-- 002-perf.sql - indexes that `make bench` (tests/bench) showed missing.
--
-- Unbilled work is found by "invoice_id IS NULL AND billable = 1 AND
-- stop IS NOT NULL", once per client (report unbilled, invoice create,
-- invoice run).  Through entries_invoice that NULL range holds every
-- non-billable entry ever logged (a tenth of the history), so each
-- client's lookup read the whole of it: work grew with clients x history.
-- A partial index holding only the unbilled billable entries, keyed by
-- job, lets SQLite go client -> jobs (jobs_client) -> that job's unbilled
-- entries, and stays as small as the work not yet invoiced.
--
-- entries_invoice itself is only ever searched by an invoice's id
-- (invoice_id = ?), which implies IS NOT NULL: made partial, it no longer
-- offers the planner the NULL range, which it would otherwise prefer for
-- lack of statistics.
DROP INDEX entries_invoice;
CREATE INDEX entries_invoice ON entries(invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX entries_unbilled ON entries(job_id, start)
	WHERE invoice_id IS NULL AND billable = 1 AND stop IS NOT NULL;

-- Overlap checks (time start, time add, import) look for a stopped entry
-- of the technician that starts before the new one ends and ends after it
-- starts.  Bounding the scan by the technician's longest entry keeps it to
-- a few index rows however long the history; this index answers "longest
-- entry" with one seek.
CREATE INDEX entries_tech_len ON entries(tech_id, (stop - start)) WHERE stop IS NOT NULL;
