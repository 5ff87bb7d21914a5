-- 006-application-id.sql - mark the file as fixbill's.
--
-- SQLite keeps a 32-bit application id in every database's header so
-- that tools (file(1) among them) can tell whose file it is.  fixbill's
-- is 0x46584231, "FXB1" in ASCII.  fixbill refuses to open a database
-- that carries another application's id, or one with tables but neither
-- this id nor the tables of an older fixbill (lib/db.c), so it never
-- adds its schema to someone else's file.
PRAGMA application_id = 1180189233;
