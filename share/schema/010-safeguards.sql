-- 010-safeguards.sql - the log of changes, tier history, job episodes
-- and cancellation, and a knowledge base that reaches every text of a job.
--
-- The log: every command that changes the database adds one row, with
-- what it changed as a changeset of SQLite's session extension (the
-- rows it created, changed and deleted, with their values before and
-- after).  `fixbill undo` applies a changeset backwards.  The log is
-- not part of what it records.
CREATE TABLE log (
	id INTEGER PRIMARY KEY,		-- change 1, 2, 3, ... in the order made
	at INTEGER NOT NULL,		-- when (the command's clock)
	who TEXT NOT NULL,		-- $FIXBILL_TECH, else the login name
	command TEXT NOT NULL,		-- the command line, quoted as a shell would read it
	changes BLOB,			-- the changeset; NULL: not recorded row by row
	refused TEXT,			-- why it cannot be undone; NULL: it can
	undo_of INTEGER REFERENCES log(id),	-- this change undid that one
	sequences TEXT			-- AUTOINCREMENT counters it moved: "table before after" lines
);
-- A change is undone at most once; "is it undone" is one lookup.
CREATE UNIQUE INDEX log_undo_of ON log(undo_of) WHERE undo_of IS NOT NULL;

-- The session extension records only tables with a primary key: the
-- rowid that invoice_work had is made one, keeping every row's.
ALTER TABLE invoice_work RENAME TO invoice_work_old;
CREATE TABLE invoice_work (
	id INTEGER PRIMARY KEY,
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	entry_id INTEGER REFERENCES entries(id),
	charge_id INTEGER REFERENCES charges(id),
	CHECK ((entry_id IS NULL) <> (charge_id IS NULL))
);
INSERT INTO invoice_work (id, invoice_id, entry_id, charge_id)
	SELECT rowid, invoice_id, entry_id, charge_id FROM invoice_work_old ORDER BY rowid;
DROP TABLE invoice_work_old;
CREATE INDEX invoice_work_invoice ON invoice_work(invoice_id);
CREATE INDEX invoice_work_entry ON invoice_work(entry_id) WHERE entry_id IS NOT NULL;
CREATE INDEX invoice_work_charge ON invoice_work(charge_id) WHERE charge_id IS NOT NULL;
CREATE TRIGGER invoice_work_frozen BEFORE DELETE ON invoice_work
WHEN (SELECT status FROM invoices WHERE id = old.invoice_id) <> 'draft'
BEGIN
	SELECT RAISE(ABORT, 'fixbill: issued invoice is immutable');
END;

-- A technician's earlier tiers: work starting before `until` was done
-- at `tier` (the row with the earliest `until` after the work's start
-- applies); work after the last of them at techs.tier.
CREATE TABLE tech_tiers (
	id INTEGER PRIMARY KEY,
	tech_id INTEGER NOT NULL REFERENCES techs(id),
	until INTEGER NOT NULL,
	tier TEXT NOT NULL CHECK (tier = 'L1' OR tier = 'L2' OR tier = 'L3'),
	UNIQUE (tech_id, until)
);

-- A reopened job keeps its history: each resolve ends an episode.  The
-- jobs row holds the current episode (from `reopened`, else `opened`);
-- the episodes a reopen ended are here.
CREATE TABLE job_episodes (
	id INTEGER PRIMARY KEY,
	job_id INTEGER NOT NULL REFERENCES jobs(id),
	opened INTEGER NOT NULL,	-- the job's opening, or the reopen that began it
	resolved INTEGER NOT NULL,
	down_since INTEGER,
	restored INTEGER,
	resolution TEXT
);
CREATE INDEX job_episodes_job ON job_episodes(job_id, resolved);

-- A job opened by mistake is cancelled, not deleted.  The status CHECK
-- gains a value, so every stored row still satisfies it (see 005 for
-- why the text may be edited in place; the columns are added first, on
-- the text read afresh, as ALTER TABLE finds the end of the statement
-- where it was parsed: see 008).
PRAGMA writable_schema = RESET;
ALTER TABLE jobs ADD COLUMN reopened INTEGER;
ALTER TABLE jobs ADD COLUMN cancelled INTEGER;
ALTER TABLE jobs ADD COLUMN cancel_reason TEXT;
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'status = ''open'' OR status = ''resolved'' OR status = ''invoiced''',
	'status = ''open'' OR status = ''resolved'' OR status = ''invoiced'' OR status = ''cancelled''')
	WHERE type = 'table' AND name = 'jobs';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_changed (x);
DROP TABLE schema_changed;

-- The rest of a job's text for `job search`: entry notes, part and fee
-- descriptions, the resolutions of earlier episodes.  The rowid says
-- whose text it is (entry id x 4 + 1, charge x 4 + 2, episode x 4 + 3).
-- lib keeps it in step where those texts are written (lib/job.h,
-- fb_job_text_set): triggers on entries would cost every command the
-- parsing of them and every timer the compiling of them.
CREATE VIRTUAL TABLE work_fts USING fts5(text, job UNINDEXED);
INSERT INTO work_fts(rowid, text, job)
	SELECT id * 4 + 1, note, job_id FROM entries WHERE note IS NOT NULL;
INSERT INTO work_fts(rowid, text, job)
	SELECT id * 4 + 2, description, job_id FROM charges;
