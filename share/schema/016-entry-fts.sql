-- 016-entry-fts.sql - entry notes searched from entries themselves.
--
-- job search found entry notes through work_fts, which kept a copy of
-- every note beside its entry, and its length: a third of the time of a
-- million-row time import went into writing those two copies.  entry_fts
-- indexes entries.note in place (external content: snippets are read from
-- the entry) and keeps no lengths (bm25 counts a note's words when it
-- ranks it).  lib keeps it in step where notes are written (lib/job.h,
-- fb_job_note_set): an external-content index forgets a text only when
-- told the text it indexed, so the old note goes with every change.
CREATE VIRTUAL TABLE entry_fts USING fts5(note, content='entries', content_rowid='id',
	columnsize=0);
INSERT INTO entry_fts(rowid, note) SELECT id, note FROM entries WHERE note IS NOT NULL;
DELETE FROM work_fts WHERE rowid % 4 = 1;
