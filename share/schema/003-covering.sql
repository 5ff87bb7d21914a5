-- 003-covering.sql - indexes that cover what reports and overlap checks
-- read, and a cheaper bound for the overlap check (tests/bench).
--
-- Reports read start, stop, job, technician and the two flags of every
-- entry in a period.  Through entries_start(start) each of those rows
-- cost a lookup in the table, whose rows also carry the notes; with the
-- columns in the index a period is one range scan of it.
DROP INDEX entries_start;
CREATE INDEX entries_start ON entries(start, stop, job_id, tech_id, billable, nocharge);

-- The overlap check reads the entries of a few hours (see below), which
-- entries_start now answers without the table, for every technician at
-- once; entries_tech(tech_id, start) earned too little for what keeping
-- it cost each insert.
DROP INDEX entries_tech;

-- The check needs to know how far back an overlapping entry can start.
-- entries_tech_len answered "the technician's longest entry" with one
-- seek, but keeping an expression index current made every insert about
-- twice as slow (half of a 1M-row import), and a trigger keeping the
-- longest in a table is no better: a table with triggers needs a
-- statement journal for every INSERT.  So the check looks twelve hours
-- back in entries_start, and finds the rare longer entries, which no
-- bound limits, in this partial index; its condition costs an insert one
-- subtraction.  Queries must repeat "stop - start > 43200" exactly.
DROP INDEX entries_tech_len;
CREATE INDEX entries_long ON entries(tech_id, start) WHERE stop - start > 43200;

-- Indexes on the child side of foreign keys that had none.  Without them
-- every check of such a key reads the whole child table: removing an
-- entry read all of invoice_work (180 ms at a million entries), and each
-- job's "is its minimum billed yet" read all of invoice_lines, once per
-- job with unbilled work in report unbilled and invoice create.
CREATE INDEX invoice_lines_job ON invoice_lines(job_id) WHERE job_id IS NOT NULL;
CREATE INDEX invoice_work_entry ON invoice_work(entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX invoice_work_charge ON invoice_work(charge_id) WHERE charge_id IS NOT NULL;

-- invoice run and invoice create find a client's jobs resolved before the
-- end of the period; with resolved in the index that reads no job rows
-- (a month's run at a million entries: 1.36 s to 0.89 s).
DROP INDEX jobs_client;
CREATE INDEX jobs_client ON jobs(client_id, status, resolved);
