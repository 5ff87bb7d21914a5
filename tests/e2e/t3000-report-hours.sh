#!/bin/sh
# report hours (SPEC section 7): actual and billable time and its amount
# per client, technician, job, day, week or month; entries belong to the
# period their start falls in; two currencies are never added; CSV, JSON
# and XLSX (with a chart) come from the same table.
. "$(dirname "$0")/../lib.sh"

# acme (USD, billing.rate 100) and euro (EUR, rate 80), business hours
# Mon-Fri 08:00-18:00 UTC.  Job 1 (acme): Wed 2026-09-30 23:00-Thu 01:00
# (a September entry by its start: 1h after-hours 150 + 1h after-hours
# 150 = 300.00), Thu 10-01 17:00-19:00 by bob (1h normal 100 + 1h after
# 150 = 250.00), Fri 10-02 09:00-09:45 non-billable.  Job 2 (euro): Sat
# 10-03 10:00-11:00 weekend 2 x 80 = 160.00, Mon 10-05 09:00-09:30
# no-charge.
shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill client add euro --name "Euro GmbH" --currency EUR --rate 80 >/dev/null &&
	fixbill tech add bob --tier L2 >/dev/null &&
	fixbill job open --client acme --at "2026-09-29 08:00" "Server down" >/dev/null &&
	fixbill job open --client euro --at "2026-10-01 08:00" "=cmd()" >/dev/null &&
	fixbill time add 1 --start "2026-09-30 23:00" --end "2026-10-01 01:00" >/dev/null &&
	fixbill time add 1 --start "2026-10-01 17:00" --end "2026-10-01 19:00" --tech bob >/dev/null &&
	fixbill time add 1 --start "2026-10-02 09:00" --end "2026-10-02 09:45" --nonbillable >/dev/null &&
	fixbill time add 2 --start "2026-10-03 10:00" --end "2026-10-03 11:00" >/dev/null &&
	fixbill time add 2 --start "2026-10-05 09:00" --end "2026-10-05 09:30" --nocharge >/dev/null
}

test_expect_success 'by client: per currency, with a totals row per currency' '
	shop &&
	fixbill report hours >out &&
	cat >expect <<-\EOT &&
	CLIENT  HOURS  BILLABLE  AMOUNT  CURRENCY
	acme    4h45m     4h00m  550.00  USD
	euro    1h30m     1h30m  160.00  EUR
	total   1h30m     1h30m  160.00  EUR
	total   4h45m     4h00m  550.00  USD
	EOT
	test_cmp expect out
'

test_expect_success 'an entry belongs to the period its start is in' '
	shop &&
	fixbill report hours --period 2026-10 --client acme >out &&
	cat >expect <<-\EOT &&
	CLIENT  HOURS  BILLABLE  AMOUNT  CURRENCY
	acme    2h45m     2h00m  250.00  USD
	total   2h45m     2h00m  250.00  USD
	EOT
	test_cmp expect out &&
	fixbill report hours --from 2026-09-01 --to 2026-09-30 --format csv >out &&
	cat >expect <<-\EOT &&
	"client","hours","billable_hours","amount","currency"
	"acme",2.00,2.00,300.00,"USD"
	EOT
	test_cmp expect out
'

test_expect_success 'by tech, day, week and month' '
	shop &&
	fixbill report hours --by tech --format csv >out &&
	cat >expect <<-\EOT &&
	"tech","hours","billable_hours","amount","currency"
	"bob",2.00,2.00,250.00,"USD"
	"tech",1.50,1.50,160.00,"EUR"
	"tech",2.75,2.00,300.00,"USD"
	EOT
	test_cmp expect out &&
	fixbill report hours --by day --client acme >out &&
	cat >expect <<-\EOT &&
	DAY         HOURS  BILLABLE  AMOUNT  CURRENCY
	2026-09-30  2h00m     2h00m  300.00  USD
	2026-10-01  2h00m     2h00m  250.00  USD
	2026-10-02  0h45m     0h00m    0.00  USD
	total       4h45m     4h00m  550.00  USD
	EOT
	test_cmp expect out &&
	fixbill report hours --by week --client euro --format csv >out &&
	cat >expect <<-\EOT &&
	"week","hours","billable_hours","amount","currency"
	"2026-09-28",1.00,1.00,160.00,"EUR"
	"2026-10-05",0.50,0.50,0.00,"EUR"
	EOT
	test_cmp expect out &&
	fixbill report hours --by month --client acme --format csv >out &&
	cat >expect <<-\EOT &&
	"month","hours","billable_hours","amount","currency"
	"2026-09",2.00,2.00,300.00,"USD"
	"2026-10",2.75,2.00,250.00,"USD"
	EOT
	test_cmp expect out
'

test_expect_success 'by job; CSV defuses text that a spreadsheet would run' '
	shop &&
	fixbill report hours --by job --format csv >out &&
	cat >expect <<-\EOT &&
	"job","client","title","hours","billable_hours","amount","currency"
	1,"acme","Server down",4.75,4.00,550.00,"USD"
	2,"euro","'"'"'=cmd()",1.50,1.50,160.00,"EUR"
	EOT
	test_cmp expect out
'

# zeta (EUR, rate 80) is client 1 and zed (L2) technician 1, yet both
# sort after acme (USD, billing.rate 100) and amy.  By start, zed's
# first entry is acme's and so USD; EUR still comes first in zed's
# groups, as in every group with two currencies.  All of it is Monday
# and Tuesday business hours, at the plain rate.
two_currencies() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add zeta --name "Zeta" --currency EUR --rate 80 >/dev/null &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill tech add zed --tier L2 >/dev/null &&
	fixbill tech add amy >/dev/null &&
	fixbill job open --client acme --at "2026-10-05 08:00" "Printer" >/dev/null &&
	fixbill job open --client zeta --at "2026-10-05 08:00" "Mail" >/dev/null &&
	fixbill time add 1 --start "2026-10-05 09:00" --end "2026-10-05 10:00" --tech zed >/dev/null &&
	fixbill time add 2 --start "2026-10-05 11:00" --end "2026-10-05 11:30" --tech zed >/dev/null &&
	fixbill time add 1 --start "2026-10-06 09:00" --end "2026-10-06 09:15" --tech amy >/dev/null
}

test_expect_success 'groups sort by their key text, then by currency' '
	two_currencies &&
	fixbill report hours --by tech --format csv >out &&
	cat >expect <<-\EOT &&
	"tech","hours","billable_hours","amount","currency"
	"amy",0.25,0.25,25.00,"USD"
	"zed",0.50,0.50,40.00,"EUR"
	"zed",1.00,1.00,100.00,"USD"
	EOT
	test_cmp expect out &&
	fixbill report hours --by client --format csv >out &&
	cat >expect <<-\EOT &&
	"client","hours","billable_hours","amount","currency"
	"acme",1.25,1.25,125.00,"USD"
	"zeta",0.50,0.50,40.00,"EUR"
	EOT
	test_cmp expect out &&
	fixbill report hours --by day >out &&
	cat >expect <<-\EOT &&
	DAY         HOURS  BILLABLE  AMOUNT  CURRENCY
	2026-10-05  0h30m     0h30m   40.00  EUR
	2026-10-05  1h00m     1h00m  100.00  USD
	2026-10-06  0h15m     0h15m   25.00  USD
	total       0h30m     0h30m   40.00  EUR
	total       1h15m     1h15m  125.00  USD
	EOT
	test_cmp expect out &&
	fixbill report hours --by week --format csv >out &&
	cat >expect <<-\EOT &&
	"week","hours","billable_hours","amount","currency"
	"2026-10-05",0.50,0.50,40.00,"EUR"
	"2026-10-05",1.25,1.25,125.00,"USD"
	EOT
	test_cmp expect out
'

test_expect_success 'by job: ids sort as numbers, not as text' '
	two_currencies &&
	for i in 3 4 5 6 7 8 9 10; do
		fixbill job open --client $(test $((i % 2)) = 0 && echo zeta || echo acme) \
			--at "2026-10-01 08:00" "Job $i" >/dev/null || return 1
	done &&
	fixbill time add 10 --start "2026-10-07 09:00" --end "2026-10-07 10:00" >/dev/null &&
	fixbill time add 9 --start "2026-10-08 09:00" --end "2026-10-08 09:30" >/dev/null &&
	fixbill time add 10 --start "2026-10-09 09:00" --end "2026-10-09 09:30" >/dev/null &&
	fixbill report hours --by job --format csv >out &&
	cat >expect <<-\EOT &&
	"job","client","title","hours","billable_hours","amount","currency"
	1,"acme","Printer",1.25,1.25,125.00,"USD"
	2,"zeta","Mail",0.50,0.50,40.00,"EUR"
	9,"acme","Job 9",0.50,0.50,50.00,"USD"
	10,"zeta","Job 10",1.50,1.50,120.00,"EUR"
	EOT
	test_cmp expect out
'

# New York is UTC-4 in October: Sunday 10-04 22:00 there is Monday 02:00
# UTC, and Saturday 10-31 23:00 is November in UTC.  Both are weekend
# work (2 x 100 an hour); Monday 10-05 09:00 is plain.
test_expect_success 'days, weeks and months are those of the configured zone' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set timezone America/New_York &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Server down" >/dev/null &&
	FIXBILL_NOW=2026-11-01T12:00:00 fixbill time add 1 --start "2026-10-31 23:00" \
		--end "2026-10-31 23:30" >/dev/null &&
	fixbill time add 1 --start "2026-10-04 22:00" --end "2026-10-04 23:00" >/dev/null &&
	fixbill time add 1 --start "2026-10-05 09:00" --end "2026-10-05 10:00" >/dev/null &&
	fixbill report hours --by day --format csv >out &&
	cat >expect <<-\EOT &&
	"day","hours","billable_hours","amount","currency"
	"2026-10-04",1.00,1.00,200.00,"USD"
	"2026-10-05",1.00,1.00,100.00,"USD"
	"2026-10-31",0.50,0.50,100.00,"USD"
	EOT
	test_cmp expect out &&
	fixbill report hours --by week --format csv >out &&
	cat >expect <<-\EOT &&
	"week","hours","billable_hours","amount","currency"
	"2026-09-28",1.00,1.00,200.00,"USD"
	"2026-10-05",1.00,1.00,100.00,"USD"
	"2026-10-26",0.50,0.50,100.00,"USD"
	EOT
	test_cmp expect out &&
	fixbill report hours --by month --format csv >out &&
	cat >expect <<-\EOT &&
	"month","hours","billable_hours","amount","currency"
	"2026-10",2.50,2.50,400.00,"USD"
	EOT
	test_cmp expect out
'

test_expect_success 'JSON: rows keyed by column, money and hours as strings' '
	shop &&
	fixbill --json report hours --period 2026-10 --client euro >out &&
	cat >expect <<-\EOT &&
	[
	  {
	    "client": "euro",
	    "hours": "1.50",
	    "billable_hours": "1.50",
	    "amount": "160.00",
	    "currency": "EUR"
	  }
	]
	EOT
	test_cmp expect out &&
	fixbill report hours --by job --format json >out2 &&
	test "$(jq ".[0].job" out2)" = 1 &&
	test "$(jq -r ".[1].title" out2)" = "=cmd()" &&
	fixbill report hours --period 2025 --json >out3 &&
	echo "[]" >expect &&
	test_cmp expect out3
'

test_expect_success 'XLSX: number cells, string text, totals and a chart' '
	shop &&
	fixbill report hours --by job --format xlsx -o hours.xlsx &&
	$PYTHON - <<-\EOT &&
	import openpyxl
	wb = openpyxl.load_workbook("hours.xlsx")
	ws = wb["Report"]
	rows = [[c.value for c in r] for r in ws.iter_rows()]
	assert rows[0] == ["job", "client", "title", "hours", "billable_hours", "amount", "currency"], rows[0]
	assert rows[1] == [1, "acme", "Server down", 4.75, 4, 550, "USD"], rows[1]
	assert rows[2] == [2, "euro", "=cmd()", 1.5, 1.5, 160, "EUR"], rows[2]
	assert ws.cell(3, 3).data_type == "s", ws.cell(3, 3).data_type
	assert rows[3][0] == "total" and rows[3][5] == 160 and rows[3][6] == "EUR", rows[3]
	assert rows[4][0] == "total" and rows[4][5] == 550 and rows[4][6] == "USD", rows[4]
	assert ws.cell(2, 6).number_format == "#,##0.00"
	trend = [[c.value for c in r] for r in wb["Trend"].iter_rows()]
	assert trend == [["month", "hours", "billable_hours"], ["2026-09", 2, 2], ["2026-10", 4.25, 3.5]], trend
	EOT
	unzip -l hours.xlsx >files &&
	grep "xl/charts/chart1.xml" files &&
	grep "xl/chartsheets/sheet1.xml" files
'

test_expect_success 'errors: usage (2), unknown client (3), unwritable file (1)' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: invalid value '"'"'year'"'"' for '"'"'--by'"'"': want client, tech, job, day, week or month" \
		fixbill report hours --by year &&
	test_fails_cleanly 2 "fixbill: error: '"'"'--format xlsx'"'"' needs '"'"'-o FILE'"'"'" \
		fixbill report hours --format xlsx &&
	test_fails_cleanly 2 "fixbill: error: options '"'"'--period'"'"' and '"'"'--from'"'"' cannot be combined" \
		fixbill report hours --period 2026-10 --from 2026-10-01 &&
	test_fails_cleanly 2 "fixbill: error: invalid period '"'"'2026-13'"'"': write YYYY-MM, YYYY-Qn or YYYY" \
		fixbill report hours --period 2026-13 &&
	test_fails_cleanly 3 "fixbill: error: unknown client '"'"'nope'"'"'" \
		fixbill report hours --client nope &&
	test_expect_code 1 fixbill report hours --format csv -o /nonexistent/dir/x.csv 2>err &&
	grep "^fixbill: error: cannot write '"'"'/nonexistent/dir/x.csv'"'"': No such file or directory$" err
'

test_expect_success 'a report changes nothing and needs no write lock' '
	shop &&
	db_snapshot >before &&
	fixbill report hours --by week >/dev/null &&
	fixbill report hours --format xlsx -o x.xlsx &&
	db_snapshot >after &&
	test_cmp before after &&
	sqlite3 "$FIXBILL_DB" "BEGIN IMMEDIATE; SELECT 1;" >/dev/null &&
	fixbill report hours >/dev/null
'

test_done
