#!/bin/sh
# report revenue (SPEC section 7): invoiced by issue date, credited by
# credit-note date, paid by payment date, outstanding at the end of the
# period (or month); per currency, never adding two currencies.
. "$(dirname "$0")/../lib.sh"

# job CLIENT START END: a job with one entry, resolved at noon of its day.
job() {
	fixbill job open --client "$1" --at "${2% *} 08:00" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "${2% *} 12:00" >/dev/null
}

# bill CLIENT DATE: invoice and issue the client's work on DATE.
bill() {
	d=$(fixbill invoice create --client "$1" --date "$2") &&
	fixbill invoice issue "${d#draft }" >/dev/null
}

# acme (USD 100/h): INV-2026-00001 100.00 issued 09-20, paid in full on
# 10-02; INV-2026-00002 200.00 issued 10-06, 50.00 paid on 10-10.
# euro (EUR 80/h): INV-2026-00003 80.00 issued 10-07, voided on 10-08 by
# CN-2026-00001.
books() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill client add euro --name "Euro GmbH" --currency EUR --rate 80 >/dev/null &&
	job acme "2026-09-14 09:00" "2026-09-14 10:00" &&
	bill acme 2026-09-20 &&
	job acme "2026-10-05 09:00" "2026-10-05 11:00" &&
	bill acme 2026-10-06 &&
	fixbill invoice pay INV-2026-00001 100 --date 2026-10-02 >/dev/null &&
	fixbill invoice pay INV-2026-00002 50 --date 2026-10-10 >/dev/null &&
	job euro "2026-10-06 09:00" "2026-10-06 10:00" &&
	bill euro 2026-10-07 &&
	fixbill invoice void INV-2026-00003 --date 2026-10-08 >/dev/null
}

test_expect_success 'by client: a credit note, a payment of an older invoice, two currencies' '
	books &&
	fixbill report revenue --period 2026-10 >out &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICED  CREDITED    PAID  OUTSTANDING  CURRENCY
	acme      200.00      0.00  150.00       150.00  USD
	euro       80.00     80.00    0.00         0.00  EUR
	total      80.00     80.00    0.00         0.00  EUR
	total     200.00      0.00  150.00       150.00  USD
	EOT
	test_cmp expect out
'

test_expect_success 'the period boundary: outstanding as of the end of the period' '
	books &&
	fixbill report revenue --period 2026-09 --format csv >out &&
	cat >expect <<-\EOT &&
	"client","invoiced","credited","paid","outstanding","currency"
	"acme",100.00,0.00,0.00,100.00,"USD"
	EOT
	test_cmp expect out &&
	fixbill report revenue --from 2026-10-01 --to 2026-10-07 --client acme >out &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICED  CREDITED    PAID  OUTSTANDING  CURRENCY
	acme      200.00      0.00  100.00       200.00  USD
	total     200.00      0.00  100.00       200.00  USD
	EOT
	test_cmp expect out
'

test_expect_success 'by month: each month outstanding at its end; the total at the period end' '
	books &&
	fixbill report revenue --by month --from 2026-09-01 --to 2026-10-31 >out &&
	cat >expect <<-\EOT &&
	MONTH    INVOICED  CREDITED    PAID  OUTSTANDING  CURRENCY
	2026-09    100.00      0.00    0.00       100.00  USD
	2026-10     80.00     80.00    0.00         0.00  EUR
	2026-10    200.00      0.00  150.00       150.00  USD
	total       80.00     80.00    0.00         0.00  EUR
	total      300.00      0.00  150.00       150.00  USD
	EOT
	test_cmp expect out
'

test_expect_success 'JSON rows and an XLSX with an invoiced-per-month chart' '
	books &&
	fixbill report revenue --period 2026-10 --client euro --json >out &&
	cat >expect <<-\EOT &&
	[
	  {
	    "client": "euro",
	    "invoiced": "80.00",
	    "credited": "80.00",
	    "paid": "0.00",
	    "outstanding": "0.00",
	    "currency": "EUR"
	  }
	]
	EOT
	test_cmp expect out &&
	fixbill report revenue --by month --period 2026 --format xlsx -o rev.xlsx &&
	$PYTHON - <<-\EOT &&
	import openpyxl
	wb = openpyxl.load_workbook("rev.xlsx")
	rows = [[c.value for c in r] for r in wb["Report"].iter_rows()]
	assert rows[0] == ["month", "invoiced", "credited", "paid", "outstanding", "currency"], rows[0]
	assert rows[1] == ["2026-09", 100, 0, 0, 100, "USD"], rows[1]
	trend = [[c.value for c in r] for r in wb["Trend"].iter_rows()]
	assert len(trend) == 13, trend
	assert trend[0] == ["month", "invoiced_eur", "invoiced_usd"], trend[0]
	assert trend[9] == ["2026-09", 0, 100] and trend[10] == ["2026-10", 80, 200], trend
	assert "Chart" in wb.sheetnames, wb.sheetnames
	EOT
	unzip -l rev.xlsx | grep "xl/charts/chart1.xml"
'

test_expect_success 'revenue is by client or month only' '
	books &&
	test_fails_cleanly 2 "fixbill: error: invalid value '"'"'tech'"'"' for '"'"'--by'"'"': want client or month" \
		fixbill report revenue --by tech
'

test_done
