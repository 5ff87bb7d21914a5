#!/bin/sh
# History billed outside fixbill: time import --billed-elsewhere and time
# mark-billed --through DATE [--client CODE].  Such work stays in hours
# reports, lists and exports, and never reaches unbilled work, an invoice
# or a month-end run; marking work a fixbill invoice holds is refused.
. "$(dirname "$0")/../lib.sh"

FIXBILL_NOW=2026-11-01T09:00:00
export FIXBILL_NOW

setup() {
	fixbill -q client add acme --name "Acme Inc" --rate 100 &&
	fixbill -q client add beta --name "Beta Ltd" --rate 100 &&
	fixbill -q tech add kim &&
	cat >old.csv <<-\EOF
	client,title,tech,start,end
	acme,Server,kim,2024-03-04 09:00,2024-03-04 11:00
	acme,Server,kim,2024-03-05 09:00,2024-03-05 10:00
	beta,Mail,kim,2024-12-30 09:00,2024-12-30 10:00
	acme,Printer,kim,2025-02-03 09:00,2025-02-03 10:00
	EOF
}

unbilled() {
	sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE billed_elsewhere = 0 AND invoice_id IS NULL"
}

test_expect_success 'import --billed-elsewhere: listed and exported as such, never billed' '
	setup &&
	fixbill time import --billed-elsewhere old.csv >out 2>/dev/null &&
	echo "imported 4 entries, created 3 jobs" >expect &&
	test_cmp expect out &&
	fixbill time list --client beta >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS             NOTE
	    3    2  beta    kim   2024-12-30 09:00  10:00     1h00m  billed-elsewhere  -
	total                                                 1h00m                    1 entry
	EOF
	test_cmp expect out &&
	fixbill --json time list --client beta | jq -c ".[0].billed_elsewhere" >out &&
	echo true >expect &&
	test_cmp expect out &&
	fixbill time export --format json --client beta | jq -c ".[0].billed_elsewhere" >out &&
	test_cmp expect out &&
	fixbill time show 3 | grep "^billable:  yes, billed elsewhere$" &&
	test "$(fixbill -q time list --unbilled | wc -l)" = 0 &&
	sqlite3 "$FIXBILL_DB" "SELECT DISTINCT status FROM jobs" >out &&
	echo invoiced >expect &&
	test_cmp expect out &&
	fixbill report unbilled >out &&
	test "$(grep -c "^acme\|^beta" out)" = 0 &&
	fixbill invoice run --period 2026-10 >out 2>&1 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices")" = 0 &&
	fixbill invoice create --client acme --through 2026-10-31 >out &&
	grep "nothing to bill" out &&
	fixbill --json report hours --by client --from 2024-01-01 --to 2026-10-31 >out &&
	jq -c "[.[] | [.client, .billable_hours]]" out >got &&
	echo "[[\"acme\",\"4.00\"],[\"beta\",\"1.00\"]]" >expect &&
	test_cmp expect got
'

test_expect_success 'mark-billed marks work through the day given, of one client or all' '
	setup &&
	fixbill -q time import old.csv 2>/dev/null &&
	test "$(unbilled)" = 4 &&
	fixbill time mark-billed --through 2024-12-29 --client beta >out &&
	echo "marked 0 entries as billed elsewhere" >expect &&
	test_cmp expect out &&
	fixbill time mark-billed --through 2024-12-31 --client acme >out &&
	echo "marked 2 entries as billed elsewhere" >expect &&
	test_cmp expect out &&
	fixbill time mark-billed --through 2024-12-31 >out &&
	echo "marked 1 entry as billed elsewhere" >expect &&
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT id, billed_elsewhere FROM entries ORDER BY id" >out &&
	printf "1|1\n2|1\n3|1\n4|0\n" >expect &&
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT title, status FROM jobs ORDER BY id" >out &&
	printf "Server|invoiced\nMail|invoiced\nPrinter|resolved\n" >expect &&
	test_cmp expect out &&
	fixbill invoice run --period 2026-10 >out &&
	cat >expect <<-\EOF &&
	CLIENT  INVOICE   TOTAL  CUR  FILES
	acme    draft 1  100.00  USD  
	EOF
	test_cmp expect out &&
	fixbill db check >/dev/null
'

test_expect_success 'mark-billed refuses work a fixbill invoice holds' '
	setup &&
	fixbill -q time import old.csv 2>/dev/null &&
	fixbill -q invoice create --client beta --through 2025-01-31 &&
	test_fails_cleanly 4 "fixbill: error: cannot mark work through 2025-01-01 as billed elsewhere: entry 3 is on invoice '\''draft 1'\''" \
		fixbill time mark-billed --through 2025-01-01 &&
	grep "^hint: give an earlier --through date, or --client for one client" .stderr &&
	fixbill -q invoice issue 1 --date 2026-11-01 &&
	test_fails_cleanly 4 "fixbill: error: cannot mark work through 2025-01-01 as billed elsewhere: entry 3 is on invoice '\''INV-2026-00001'\''" \
		fixbill time mark-billed --through 2025-01-01 --client beta &&
	fixbill time mark-billed --through 2025-01-01 --client acme >out &&
	echo "marked 2 entries as billed elsewhere" >expect &&
	test_cmp expect out
'

test_expect_success 'mark-billed: a bad date, an unknown client, no --through' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: invalid value for '\''--through'\'': invalid date '\''2024-13-01'\''" \
		fixbill time mark-billed --through 2024-13-01 &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''zzz'\''" \
		fixbill time mark-billed --through 2024-12-31 --client zzz &&
	test_must_fail fixbill time mark-billed 2>err &&
	grep "through" err
'

test_expect_success 'import --billed-elsewhere marks stored repeats, refuses invoiced ones' '
	setup &&
	fixbill -q time import old.csv 2>/dev/null &&
	fixbill time import --billed-elsewhere old.csv >out 2>/dev/null &&
	echo "imported 0 entries (4 skipped as already present)" >expect &&
	test_cmp expect out &&
	test "$(unbilled)" = 0 &&
	sqlite3 "$FIXBILL_DB" "UPDATE entries SET billed_elsewhere = 0" &&
	fixbill -q invoice create --client beta --through 2025-01-31 &&
	test_fails_cleanly 4 "fixbill: error: old.csv:4: cannot record entry 3 as billed elsewhere: it is on invoice '\''draft 1'\''" \
		fixbill time import --billed-elsewhere old.csv
'

test_done
