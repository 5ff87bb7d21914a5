#!/bin/sh
# report aging (SPEC section 7): what each client owes on a day, by days
# past the due date; partly paid invoices count with their balance,
# settled ones not at all; per currency.
. "$(dirname "$0")/../lib.sh"

job() {
	fixbill job open --client "$1" --at "${2% *} 08:00" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "${2% *} 12:00" >/dev/null
}

bill() {
	d=$(fixbill invoice create --client "$1" --date "$2") &&
	fixbill invoice issue "${d#draft }" >/dev/null
}

# Terms 30 days.  acme (USD 100/h):
#   INV-2026-00001 100.00 issued 05-01, due 05-31
#   INV-2026-00002 100.00 issued 06-01, paid in full on 06-15
#   INV-2026-00004 200.00 issued 08-01, due 08-31, 50.00 paid on 09-01
#   INV-2026-00005 300.00 issued 09-10, due 10-10
#   INV-2026-00006 100.00 issued 10-01, due 10-31
# euro (EUR 80/h): INV-2026-00003 80.00 issued 07-10, due 08-09.
# (Numbers and dates of a series run in the same order.)
books() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill client add euro --name "Euro GmbH" --currency EUR --rate 80 >/dev/null &&
	job acme "2026-04-28 09:00" "2026-04-28 10:00" && bill acme 2026-05-01 &&
	job acme "2026-05-26 09:00" "2026-05-26 10:00" && bill acme 2026-06-01 &&
	fixbill invoice pay INV-2026-00002 100 --date 2026-06-15 >/dev/null &&
	job euro "2026-07-07 09:00" "2026-07-07 10:00" && bill euro 2026-07-10 &&
	job acme "2026-07-28 09:00" "2026-07-28 11:00" && bill acme 2026-08-01 &&
	fixbill invoice pay INV-2026-00004 50 --date 2026-09-01 >/dev/null &&
	job acme "2026-09-08 09:00" "2026-09-08 12:00" && bill acme 2026-09-10 &&
	job acme "2026-09-29 09:00" "2026-09-29 10:00" && bill acme 2026-10-01
}

test_expect_success 'today: every bucket, a partly paid invoice, two currencies' '
	books &&
	fixbill report aging >out &&
	cat >expect <<-\EOT &&
	CLIENT  CURRENT    1-30   31-60  61-90     91+  CREDIT   TOTAL  CURRENCY
	acme     100.00  300.00  150.00   0.00  100.00    0.00  650.00  USD
	euro       0.00    0.00    0.00  80.00    0.00    0.00   80.00  EUR
	total      0.00    0.00    0.00  80.00    0.00    0.00   80.00  EUR
	total    100.00  300.00  150.00   0.00  100.00    0.00  650.00  USD
	EOT
	test_cmp expect out
'

test_expect_success '--as-of an earlier day, or the end of --period: balances and ages as they were' '
	books &&
	fixbill report aging --as-of 2026-09-15 --format csv >out &&
	cat >expect <<-\EOT &&
	"client","current","d1_30","d31_60","d61_90","d91_plus","credit","total","currency"
	"acme",300.00,150.00,0.00,0.00,100.00,0.00,550.00,"USD"
	"euro",0.00,0.00,80.00,0.00,0.00,0.00,80.00,"EUR"
	EOT
	test_cmp expect out &&
	fixbill report aging --period 2026-08 --client acme --json >out &&
	cat >expect <<-\EOT &&
	[
	  {
	    "client": "acme",
	    "current": "200.00",
	    "d1_30": "0.00",
	    "d31_60": "0.00",
	    "d61_90": "0.00",
	    "d91_plus": "100.00",
	    "credit": "0.00",
	    "total": "300.00",
	    "currency": "USD"
	  }
	]
	EOT
	test_cmp expect out
'

test_expect_success 'nothing owed is a message; a settled client is left out' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill report aging >out &&
	echo "nothing to report" >expect &&
	test_cmp expect out &&
	job acme "2026-09-29 09:00" "2026-09-29 10:00" && bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 100 --date 2026-10-02 >/dev/null &&
	fixbill report aging --json >out &&
	echo "[]" >expect &&
	test_cmp expect out
'

test_expect_success 'a bad --as-of is a usage error' '
	books &&
	test_fails_cleanly 2 "fixbill: error: invalid value for '"'"'--as-of'"'"': invalid date '"'"'2026-02-30'"'"'" \
		fixbill report aging --as-of 2026-02-30
'

test_done
