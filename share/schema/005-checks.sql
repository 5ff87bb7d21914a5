-- 005-checks.sql - the same CHECK constraints, in a form SQLite checks
-- without building a table.
--
-- SQLite checks "x IN ('a', 'b', 'c')" (three or more values) in a CHECK
-- constraint by building a temporary b-tree of the values for every row
-- written: two per invoice line, one per change of a job's or an
-- invoice's status.  "x = 'a' OR x = 'b' OR x = 'c'" says the same and
-- costs a few comparisons; a month-end run spent about a quarter of its
-- time on those b-trees (tests/bench).
--
-- Only the text of each constraint changes, never what it allows, so
-- every row already stored keeps satisfying it: the one kind of change
-- SQLite's documentation allows by editing the schema table in place.
-- The CREATE and DROP at the end make SQLite itself count a schema change,
-- so other open connections read the new text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql,
	'tier IN (''L1'', ''L2'', ''L3'')',
	'(tier = ''L1'' OR tier = ''L2'' OR tier = ''L3'')')
	WHERE type = 'table' AND name IN ('techs', 'rates');
UPDATE sqlite_schema SET sql = replace(replace(sql,
	'priority IN (''P1'', ''P2'', ''P3'', ''P4'')',
	'priority = ''P1'' OR priority = ''P2'' OR priority = ''P3'' OR priority = ''P4'''),
	'status IN (''open'', ''resolved'', ''invoiced'')',
	'status = ''open'' OR status = ''resolved'' OR status = ''invoiced''')
	WHERE type = 'table' AND name = 'jobs';
UPDATE sqlite_schema SET sql = replace(sql,
	'status IN (''draft'', ''issued'', ''paid'', ''void'')',
	'status = ''draft'' OR status = ''issued'' OR status = ''paid'' OR status = ''void''')
	WHERE type = 'table' AND name = 'invoices';
UPDATE sqlite_schema SET sql = replace(replace(sql,
	'kind IN (''labor'', ''minimum'', ''part'', ''trip'', ''flat'')',
	'kind = ''labor'' OR kind = ''minimum'' OR kind = ''part'' OR kind = ''trip'' OR kind = ''flat'''),
	'class IN (''normal'', ''after_hours'', ''weekend'')',
	'(class = ''normal'' OR class = ''after_hours'' OR class = ''weekend'')')
	WHERE type = 'table' AND name = 'invoice_lines';
UPDATE sqlite_schema SET sql = replace(sql,
	'kind IN (''part'', ''trip'', ''flat'')',
	'kind = ''part'' OR kind = ''trip'' OR kind = ''flat''')
	WHERE type = 'table' AND name = 'charges';
PRAGMA writable_schema = OFF;
CREATE TABLE schema_changed (x);
DROP TABLE schema_changed;
