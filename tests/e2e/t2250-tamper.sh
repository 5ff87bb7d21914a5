#!/bin/sh
# Tamper evidence (SPEC section 15): every issued invoice and credit note
# and every payment is hashed into a chain when it is recorded; db check
# computes the chain again, checks that the triggers keeping issued
# records immutable are all there and unchanged, and names the first
# record that no longer matches.
. "$(dirname "$0")/../lib.sh"

# INV-2026-00001 (paid 10.00, then voided by CN-2026-00001) and
# INV-2026-00002 with a payment of 25.00, each step a minute apart.  The
# 10.00 stays the client's credit (t2700-receivables.sh chains credit).
setup() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set payments.apply_credit off &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null &&
	fixbill time add 1 --start "2026-10-14 09:00" --end "2026-10-14 10:00" >/dev/null &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-14 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	FIXBILL_NOW=2026-10-15T12:01:00 fixbill invoice issue 1 >/dev/null &&
	FIXBILL_NOW=2026-10-15T12:02:00 fixbill invoice pay INV-2026-00001 10 >/dev/null &&
	FIXBILL_NOW=2026-10-15T12:03:00 fixbill invoice void INV-2026-00001 --reason typo >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	FIXBILL_NOW=2026-10-15T12:04:00 fixbill invoice issue 3 >/dev/null &&
	FIXBILL_NOW=2026-10-15T12:05:00 fixbill invoice pay INV-2026-00002 25 >/dev/null
}

# db check must fail (exit 1) with exactly these problems.
check_finds() {
	cat >expect &&
	test_expect_code 1 fixbill db check 2>err &&
	grep "^fixbill: problem: " err | sed "s/^fixbill: problem: //" >got &&
	test_cmp expect got &&
	n=$(wc -l <expect) &&
	tail -n 1 err >last &&
	if [ "$n" = 1 ]; then s=; else s=s; fi &&
	echo "fixbill: error: database '$FIXBILL_DB' failed $n check$s" >expect &&
	test_cmp expect last
}

test_expect_success 'each issued record is in the chain, in the order recorded' '
	setup &&
	sqlite3 "$FIXBILL_DB" "SELECT seq, kind, record_id FROM chain ORDER BY seq" >actual &&
	cat >expect <<-\EOF &&
	1|invoice|1
	2|payment|1
	3|invoice|2
	4|invoice|3
	5|payment|2
	EOF
	test_cmp expect actual &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT kind FROM invoices WHERE id = 2")" = credit
'

test_expect_success 'a clean database passes' '
	setup &&
	fixbill db check >out &&
	echo "ok: '\''$FIXBILL_DB'\'' passed every check" >expect &&
	test_cmp expect out
'

# The hash is plain SHA-256 over the previous hash and the record's
# content view: checked here by Python's hashlib, not by fixbill.
test_expect_success 'each hash is SHA-256 of the previous hash and the content' '
	setup &&
	"$PYTHON" - "$FIXBILL_DB" "$TEST_ROOT/share/views.sql" <<-\EOF
	import hashlib, sqlite3, sys
	db = sqlite3.connect(sys.argv[1])
	# The content views, made as the README says anyone can.
	db.executescript(open(sys.argv[2]).read())
	prev = "0" * 64
	rows = db.execute("SELECT seq, kind, record_id, prev, hash FROM chain ORDER BY seq").fetchall()
	assert len(rows) == 5, rows
	for seq, kind, rid, p, h in rows:
	    assert p == prev, (seq, p, prev)
	    # An invoice is its chain_invoice parts and, since tax codes, its
	    # chain_invoice_books parts, in order of part.
	    views = ["chain_%s" % kind] + (["chain_invoice_books"] if kind == "invoice" else [])
	    parts = db.execute("SELECT content FROM (%s) ORDER BY part" % " UNION ALL ".join(
	        "SELECT part, content FROM %s WHERE record_id = %d" % (v, rid) for v in views)).fetchall()
	    text = prev + "".join(c for (c,) in parts)
	    assert hashlib.sha256(text.encode()).hexdigest() == h, (seq, kind, rid)
	    prev = h
	# The content names what it covers.
	inv = "".join(c for (c,) in db.execute(
	    "SELECT content FROM chain_invoice WHERE record_id = 1 ORDER BY part"))
	assert "number '\''INV-2026-00001'\''" in inv, inv
	assert "description '\''SSD'\''" in inv, inv
	assert "total 17500" in inv, inv
	pay = "".join(c for (c,) in db.execute("SELECT content FROM chain_payment WHERE record_id = 2"))
	assert pay.startswith("payment 2\ninvoice 3\ndate '\''2026-10-15'\''\namount 2500\n"), pay
	books = "".join(c for (c,) in db.execute(
	    "SELECT content FROM chain_invoice_books WHERE record_id = 1 ORDER BY part"))
	assert books.startswith("revision 1\n"), books
	assert "tax_code '\''NONE'\''" in books, books
	assert "code '\''NONE'\'' component '\''NONE'\''" in books, books
	EOF
'

test_expect_success 'an issued line edited with raw SQL after DROP TRIGGER is caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoice_lines_frozen_update;
		UPDATE invoice_lines SET description = '\''SSD (refurbished)'\''
			WHERE invoice_id = 3 AND kind = '\''part'\''" &&
	check_finds <<-\EOF
	trigger '\''invoice_lines_frozen_update'\'' is missing
	invoice INV-2026-00002 has changed since it was recorded (chain record 4)
	EOF
'

test_expect_success 'an issued invoice edited consistently (lines and totals) is caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoice_lines_frozen_update;
		DROP TRIGGER invoices_frozen;
		UPDATE invoice_lines SET amount = amount - 1000, unit_price = unit_price - 1000
			WHERE invoice_id = 3 AND kind = '\''part'\'';
		UPDATE invoices SET subtotal = subtotal - 1000, total = total - 1000 WHERE id = 3;
		CREATE TRIGGER invoices_frozen BEFORE UPDATE ON invoices BEGIN SELECT 1; END;" &&
	check_finds <<-\EOF
	trigger '\''invoice_lines_frozen_update'\'' is missing
	trigger '\''invoices_frozen'\'' is not as fixbill made it
	invoice INV-2026-00002 has changed since it was recorded (chain record 4)
	EOF
'

# What invoices keep since tax codes (their tax rows, their lines'"'"'
# codes, the client'"'"'s structured address) is hashed too.
test_expect_success 'an issued tax row, line code or address edited with SQL is caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoice_taxes_frozen_update;
		UPDATE invoice_taxes SET category = '\''E'\'' WHERE invoice_id = 3" &&
	check_finds <<-\EOF &&
	trigger '\''invoice_taxes_frozen_update'\'' is missing
	invoice INV-2026-00002 has changed since it was recorded (chain record 4)
	EOF
	rm -f "$FIXBILL_DB" "$FIXBILL_DB-wal" "$FIXBILL_DB-shm" &&
	setup &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoice_lines_frozen_update;
		UPDATE invoice_lines SET tax_code = NULL WHERE invoice_id = 1" &&
	check_finds <<-\EOF &&
	trigger '\''invoice_lines_frozen_update'\'' is missing
	invoice INV-2026-00001 has changed since it was recorded (chain record 1)
	EOF
	rm -f "$FIXBILL_DB" "$FIXBILL_DB-wal" "$FIXBILL_DB-shm" &&
	setup &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoices_frozen_books;
		UPDATE invoices SET client_country = '\''DE'\'' WHERE id = 3" &&
	check_finds <<-\EOF
	trigger '\''invoices_frozen_books'\'' is missing
	invoice INV-2026-00002 has changed since it was recorded (chain record 4)
	EOF
'

test_expect_success 'a dropped trigger alone is caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER entries_frozen" &&
	check_finds <<-\EOF
	trigger '\''entries_frozen'\'' is missing
	EOF
'

test_expect_success 'a trigger or view fixbill did not make is caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "
		CREATE TRIGGER sneaky AFTER INSERT ON payments BEGIN SELECT 1; END;
		CREATE VIEW mine AS SELECT 1" &&
	check_finds <<-\EOF
	trigger '\''sneaky'\'' is not fixbill'\''s
	view '\''mine'\'' is not fixbill'\''s
	EOF
'

test_expect_success 'a content view planted in the file to hide a field hides nothing' '
	setup &&
	sqlite3 "$FIXBILL_DB" "
		CREATE VIEW chain_payment(record_id, part, content) AS
			SELECT id, 0, '\''payment'\'' FROM payments;
		DROP TRIGGER payments_frozen;
		UPDATE payments SET amount = 2000 WHERE id = 2" &&
	check_finds <<-\EOF
	payment 2 (payment) applies 2500 but its amount is 2000
	trigger '\''payments_frozen'\'' is missing
	view '\''chain_payment'\'' is not fixbill'\''s
	payment 2 on INV-2026-00002 has changed since it was recorded (chain record 5)
	EOF
'

test_expect_success 'an edited payment amount is caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER payments_frozen;
		UPDATE payments SET amount = 2000 WHERE id = 2" &&
	check_finds <<-\EOF
	payment 2 (payment) applies 2500 but its amount is 2000
	trigger '\''payments_frozen'\'' is missing
	payment 2 on INV-2026-00002 has changed since it was recorded (chain record 5)
	EOF
'

test_expect_success 'a payment moved to another invoice is caught, its trigger put back' '
	setup &&
	trigger=$(sqlite3 "$FIXBILL_DB" "SELECT sql FROM sqlite_schema WHERE name = '\''payments_frozen'\''") &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER payments_frozen;
		UPDATE payments SET invoice_id = 3 WHERE id = 1;
		$trigger;" &&
	check_finds <<-\EOF
	payment 1 on INV-2026-00002 has changed since it was recorded (chain record 2)
	EOF
'

test_expect_success 'a deleted payment and a record left out of the chain are caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER payments_nodelete;
		DROP TRIGGER chain_nodelete;
		DELETE FROM payments WHERE id = 1;
		DELETE FROM chain WHERE seq = 5" &&
	check_finds <<-\EOF
	trigger '\''chain_nodelete'\'' is missing
	trigger '\''payments_nodelete'\'' is missing
	payment 1 has been deleted (chain record 2)
	payment 2 on INV-2026-00002 is not in the chain
	EOF
'

test_expect_success 'the chain and payments refuse changes' '
	setup &&
	for sql in \
		"UPDATE chain SET hash = '\''x'\'' WHERE seq = 1" \
		"DELETE FROM chain WHERE seq = 5" \
		"INSERT INTO chain(seq, kind, record_id, prev, hash) VALUES (7, '\''payment'\'', 9, '\''x'\'', '\''y'\'')" \
		"INSERT INTO chain(seq, kind, record_id, prev, hash) VALUES (6, '\''payment'\'', 9, '\''x'\'', '\''y'\'')" \
		"DELETE FROM payments WHERE id = 1"
	do
		if sqlite3 "$FIXBILL_DB" "$sql" 2>err; then
			echo "allowed: $sql" >&2
			return 1
		fi
		grep -q "fixbill: the chain only grows at its end\|fixbill: the chain is never changed\|fixbill: payments are never deleted" err ||
			{ cat err >&2; return 1; }
	done &&
	fixbill db check
'

test_expect_success 'a gap in the chain is caught' '
	setup &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER chain_frozen; UPDATE chain SET seq = 9 WHERE seq = 5" &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Two" >/dev/null &&
	fixbill time add 2 --start "2026-10-14 13:00" --end "2026-10-14 14:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-14 15:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 4 >/dev/null &&
	check_finds <<-\EOF
	trigger '\''chain_frozen'\'' is missing
	chain record 5 is missing (the next is 9, payment 2 on INV-2026-00002)
	EOF
'

# Databases from before the chain get it when they are upgraded: every
# issued record already there, in the order it was recorded, hashed
# exactly as fixbill hashes a new one.
#
# (What invoices keep since tax codes is gone from a database taken back
# before the chain, so the hashes are those of the rest: computed here
# again, independently, from the content views.)
test_expect_success 'an upgraded database chains what it already held' '
	setup &&
	sqlite3 "$FIXBILL_DB" "SELECT seq, kind, record_id FROM chain ORDER BY seq" >expect &&
	db_before_chain &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA application_id")" = 0 &&
	fixbill db check &&
	sqlite3 "$FIXBILL_DB" "SELECT seq, kind, record_id FROM chain ORDER BY seq" >actual &&
	test_cmp expect actual &&
	"$PYTHON" - "$FIXBILL_DB" "$TEST_ROOT/share/views.sql" <<-\EOF &&
	import hashlib, sqlite3, sys
	db = sqlite3.connect(sys.argv[1])
	db.executescript(open(sys.argv[2]).read())
	prev = "0" * 64
	for seq, kind, rid, p, h in db.execute("SELECT * FROM chain ORDER BY seq").fetchall():
	    views = ["chain_%s" % kind] + (["chain_invoice_books"] if kind == "invoice" else [])
	    parts = db.execute("SELECT content FROM (%s) ORDER BY part" % " UNION ALL ".join(
	        "SELECT part, content FROM %s WHERE record_id = %d" % (v, rid) for v in views))
	    assert p == prev, seq
	    assert hashlib.sha256((prev + "".join(c for (c,) in parts)).encode()).hexdigest() == h, seq
	    prev = h
	EOF
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA application_id")" = 1180189233
'

test_expect_success 'tampering before the upgrade is caught after it' '
	setup &&
	db_before_chain &&
	fixbill db check &&
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoices_frozen;
		UPDATE invoices SET client_name = '\''Someone Else'\'' WHERE id = 1" &&
	check_finds <<-\EOF
	trigger '\''invoices_frozen'\'' is missing
	invoice INV-2026-00001 has changed since it was recorded (chain record 1)
	EOF
'

test_expect_success 'db check --json lists tamper problems too' '
	setup &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER payments_frozen" &&
	test_expect_code 1 fixbill db check --json >actual &&
	grep "\"ok\": false" actual &&
	grep "trigger '\''payments_frozen'\'' is missing" actual
'

# Whether an invoice was revised is read from the index of revised
# invoices (017), not from every row of invoices, each time one is hashed.
test_expect_success 'hashing an invoice reads no more of invoices than its own row' '
	setup &&
	sqlite3 -cmd ".read $TEST_ROOT/share/views.sql" "$FIXBILL_DB" \
		"EXPLAIN QUERY PLAN SELECT content FROM chain_invoice_books
		 WHERE record_id = 3 ORDER BY part" >plan &&
	cat plan &&
	test "$(grep -c "SCAN invoices USING INDEX invoices_revised$" plan)" = 3 &&
	! grep "SCAN invoices$" plan &&
	test "$(sqlite3 -cmd ".read $TEST_ROOT/share/views.sql" "$FIXBILL_DB" \
		"SELECT count(*) FROM chain_invoice_books WHERE record_id = 3")" -gt 1
'

test_done
