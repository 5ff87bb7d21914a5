-- 013-views.sql - the views move out of the file.
--
-- SQLite parses every view of a database at every start, whatever the
-- command reads: the six views of 007, 009, 011 and 012 were a fifth of
-- the instructions of a 'time start' (6.8M against 5.3M under callgrind).
-- They are now made, with the same text, as temporary views by the
-- commands that read them (share/views.sql, lib/db.c), and this file
-- holds none.
DROP VIEW IF EXISTS main.chain_invoice;
DROP VIEW IF EXISTS main.chain_payment;
DROP VIEW IF EXISTS main.payment_effects;
DROP VIEW IF EXISTS main.chain_payment_detail;
DROP VIEW IF EXISTS main.chain_invoice_books;
DROP VIEW IF EXISTS main.chain_invoice_seller;
