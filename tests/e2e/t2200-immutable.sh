#!/bin/sh
# An issued invoice, its lines, its number and the work it bills can
# never change: the database refuses it (SQLite triggers), whatever
# program writes to it.  Drafts stay editable.
. "$(dirname "$0")/../lib.sh"

# An issued invoice 1 (INV-2026-00001) with a labor line and a part, and
# draft 2 with work of another job.
setup() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null &&
	fixbill time add 1 --start "2026-10-14 09:00" --end "2026-10-14 10:00" >/dev/null &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-14 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice pay INV-2026-00001 10 >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Two" >/dev/null &&
	fixbill time add 2 --start "2026-10-14 11:00" --end "2026-10-14 11:30" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-14 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null
}

# refused SQL: sqlite3 must fail with the trigger's message and change nothing.
refused() {
	db_snapshot >.before &&
	if sqlite3 "$FIXBILL_DB" "$1" 2>.err; then
		echo "error: '$1' was allowed" >&2
		return 1
	fi
	grep -q "$2" .err || { cat .err >&2; return 1; }
	db_snapshot >.after &&
	cmp -s .before .after
}

test_expect_success 'an issued invoice row cannot be updated or deleted' '
	setup &&
	refused "UPDATE invoices SET total = 1 WHERE id = 1" "issued invoice is immutable" &&
	refused "UPDATE invoices SET number = '\''INV-2026-00099'\'' WHERE id = 1" "immutable" &&
	refused "UPDATE invoices SET issue_date = '\''2026-01-01'\'' WHERE id = 1" "immutable" &&
	refused "UPDATE invoices SET client_name = '\''Other'\'' WHERE id = 1" "immutable" &&
	refused "UPDATE invoices SET status = '\''draft'\'' WHERE id = 1" "immutable" &&
	refused "DELETE FROM invoices WHERE id = 1" "immutable"
'

test_expect_success 'its lines cannot be changed, added or removed' '
	setup &&
	refused "UPDATE invoice_lines SET amount = 1 WHERE invoice_id = 1" "immutable" &&
	refused "UPDATE invoice_lines SET invoice_id = 2 WHERE invoice_id = 1" "immutable" &&
	refused "DELETE FROM invoice_lines WHERE invoice_id = 1" "immutable" &&
	refused "INSERT INTO invoice_lines(invoice_id, pos, kind, description, quantity, unit_price, amount) VALUES (1, 9, '\''flat'\'', '\''x'\'', 1000, 1, 1)" "immutable" &&
	refused "DELETE FROM invoice_work WHERE invoice_id = 1" "immutable"
'

test_expect_success 'the work it bills cannot change or leave it' '
	setup &&
	refused "UPDATE entries SET stop = stop + 60 WHERE id = 1" "entry is invoiced" &&
	refused "UPDATE entries SET invoice_id = NULL WHERE id = 1" "entry is invoiced" &&
	refused "UPDATE entries SET invoice_id = 2 WHERE id = 1" "entry is invoiced" &&
	refused "DELETE FROM entries WHERE id = 1" "entry is invoiced" &&
	refused "UPDATE charges SET amount = 1 WHERE id = 1" "charge is invoiced" &&
	refused "DELETE FROM charges WHERE id = 1" "charge is invoiced" &&
	refused "UPDATE payments SET amount = 1" "payments are never edited"
'

test_expect_success 'nothing can be on two invoices: one invoice_id column holds it' '
	setup &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT invoice_id FROM entries ORDER BY id" | tr "\n" " ")" = "1 2 " &&
	fixbill invoice create --client acme >out &&
	grep "^nothing to bill" out &&
	fixbill db check
'

test_expect_success 'a void invoice stays void, and keeps its lines' '
	setup &&
	fixbill invoice void INV-2026-00001 >/dev/null &&
	refused "UPDATE invoices SET status = '\''issued'\'' WHERE id = 1" "immutable" &&
	refused "DELETE FROM invoice_lines WHERE invoice_id = 1" "immutable" &&
	refused "UPDATE invoice_lines SET amount = 0 WHERE invoice_id = 3" "immutable" &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoice_lines WHERE invoice_id = 1")" = 2
'

test_expect_success 'a draft is still a draft: its lines may change' '
	setup &&
	sqlite3 "$FIXBILL_DB" "UPDATE invoice_lines SET description = '\''x'\'' WHERE invoice_id = 2" &&
	fixbill invoice refresh 2 >/dev/null &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT description FROM invoice_lines WHERE invoice_id = 2")" = "Labor, normal hours"
'

test_expect_success 'the commands refuse too, with exit 4' '
	setup &&
	test_expect_code 4 fixbill time rm 1 2>/dev/null &&
	test_expect_code 4 fixbill job uncharge 1 2>/dev/null &&
	test_expect_code 4 fixbill invoice discard INV-2026-00001 2>/dev/null &&
	test_expect_code 4 fixbill invoice refresh INV-2026-00001 2>/dev/null
'

test_done
