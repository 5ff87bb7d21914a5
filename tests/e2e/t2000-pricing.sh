#!/bin/sh
# Pricing (SPEC section 5) through the real commands: the worked example
# to the cent, then one rule at a time with figures worked out by hand.
# Every invoice is also checked to add up: lines to the subtotal, line
# taxes to the tax, subtotal plus tax to the total.
. "$(dirname "$0")/../lib.sh"

# The shop of the SPEC's example: New York, 100.00 an hour.
shop() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme Corp" >/dev/null
}

# openjob [CLIENT]: a job opened at the start of the year.
openjob() {
	fixbill job open --client "${1:-acme}" --at "2026-01-01 08:00" "Job" >/dev/null
}

# work JOB START END [OPTIONS...]
work() {
	j=$1 s=$2 e=$3
	shift 3
	fixbill time add "$j" --start "$s" --end "$e" "$@" >/dev/null
}

resolve() {
	fixbill job resolve "$1" --at "${2:-2026-10-14 12:00}" >/dev/null
}

# The lines and totals of an invoice's JSON, one line each, after
# checking that it adds up.
summary() {
	"$PYTHON" -c '
import json, sys
from decimal import Decimal as D
d = json.load(sys.stdin)
st = D(0)
tx = D(0)
for l in d["lines"]:
    print(l["job"], l["kind"], l["class"], l["actual_seconds"], l["billed_seconds"],
          l["quantity"], l["unit_price"], l["amount"], l["tax"])
    st += D(l["amount"])
    tx += D(l["tax"])
print("subtotal", d["subtotal"], "tax", d["tax"], "total", d["total"])
if st != D(d["subtotal"]) or tx != D(d["tax"]) or D(d["subtotal"]) + D(d["tax"]) != D(d["total"]):
    print("DOES NOT ADD UP")
    sys.exit(1)
'
}

# bill [CLIENT]: invoice the client's work and summarise the draft.
bill() {
	fixbill invoice create --client "${1:-acme}" >draft &&
	fixbill --json invoice show "$(sed -n 's/^draft //p' draft)" | summary >actual
}

test_expect_success 'worked example, job A: split at closing time, part with markup, tax' '
	shop &&
	fixbill config set billing.minimum 60 &&
	fixbill config set tax.rate 8.25 &&
	openjob &&
	work 1 "2026-10-06 17:20" "2026-10-06 18:40" &&
	work 1 "2026-10-07 09:00" "2026-10-07 09:10" &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 3000 3600 1 100.00 100.00 8.25
	1 labor after_hours 2400 2700 0.75 150.00 112.50 9.28
	1 part None None None 1 75.00 75.00 6.19
	subtotal 287.50 tax 23.72 total 311.22
	EOF
	test_cmp expect actual
'

test_expect_success 'worked example, job B: weekend and the call-out minimum' '
	shop &&
	fixbill config set billing.minimum 60 &&
	fixbill config set tax.rate 8.25 &&
	openjob &&
	work 1 "2026-10-10 10:00" "2026-10-10 10:20" &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor weekend 1200 1800 0.5 200.00 100.00 8.25
	1 minimum weekend 0 1800 0.5 200.00 100.00 8.25
	subtotal 200.00 tax 16.50 total 216.50
	EOF
	test_cmp expect actual &&
	fixbill invoice show 1 >show &&
	grep "Call-out minimum" show
'

test_expect_success 'rounding up (the default) per job' '
	shop &&
	openjob &&
	work 1 "2026-10-14 10:00" "2026-10-14 10:01" &&
	resolve 1 &&
	bill &&
	echo "1 labor normal 60 900 0.25 100.00 25.00 0.00" >expect &&
	echo "subtotal 25.00 tax 0.00 total 25.00" >>expect &&
	test_cmp expect actual
'

test_expect_success 'rounding to the nearest increment: 22 min is 15, 23 min is 30' '
	shop &&
	fixbill config set billing.rounding nearest &&
	openjob && openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 09:22" &&
	work 2 "2026-10-14 10:00" "2026-10-14 10:23" &&
	resolve 1 && resolve 2 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 1320 900 0.25 100.00 25.00 0.00
	2 labor normal 1380 1800 0.5 100.00 50.00 0.00
	subtotal 75.00 tax 0.00 total 75.00
	EOF
	test_cmp expect actual
'

test_expect_success 'rounding down: 29 min is 15' '
	shop &&
	fixbill config set billing.rounding down &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 09:29" &&
	resolve 1 &&
	bill &&
	echo "1 labor normal 1740 900 0.25 100.00 25.00 0.00" >expect &&
	echo "subtotal 25.00 tax 0.00 total 25.00" >>expect &&
	test_cmp expect actual
'

test_expect_success 'round per job: two 5-minute entries bill 15 minutes' '
	shop &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 09:05" &&
	work 1 "2026-10-14 11:00" "2026-10-14 11:05" &&
	resolve 1 &&
	bill &&
	echo "1 labor normal 600 900 0.25 100.00 25.00 0.00" >expect &&
	echo "subtotal 25.00 tax 0.00 total 25.00" >>expect &&
	test_cmp expect actual
'

test_expect_success 'round per entry: the same entries bill 15 + 15 minutes' '
	shop &&
	fixbill config set billing.round_per entry &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 09:05" &&
	work 1 "2026-10-14 11:00" "2026-10-14 11:05" &&
	resolve 1 &&
	bill &&
	echo "1 labor normal 600 1800 0.5 100.00 50.00 0.00" >expect &&
	echo "subtotal 50.00 tax 0.00 total 50.00" >>expect &&
	test_cmp expect actual
'

test_expect_success 'an increment of 6 minutes bills tenths of an hour' '
	shop &&
	fixbill config set billing.increment 6 &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 09:13" &&
	resolve 1 &&
	bill &&
	echo "1 labor normal 780 1080 0.3 100.00 30.00 0.00" >expect &&
	echo "subtotal 30.00 tax 0.00 total 30.00" >>expect &&
	test_cmp expect actual
'

test_expect_success 'an entry across midnight into Saturday is split' '
	shop &&
	openjob &&
	work 1 "2026-10-09 23:30" "2026-10-10 00:30" &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor after_hours 1800 1800 0.5 150.00 75.00 0.00
	1 labor weekend 1800 1800 0.5 200.00 100.00 0.00
	subtotal 175.00 tax 0.00 total 175.00
	EOF
	test_cmp expect actual
'

test_expect_success 'multipliers come from billing.after_hours and billing.weekend' '
	shop &&
	fixbill config set billing.after_hours 1.25 &&
	fixbill config set billing.weekend 3 &&
	openjob &&
	work 1 "2026-10-09 23:30" "2026-10-10 00:30" &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor after_hours 1800 1800 0.5 125.00 62.50 0.00
	1 labor weekend 1800 1800 0.5 300.00 150.00 0.00
	subtotal 212.50 tax 0.00 total 212.50
	EOF
	test_cmp expect actual
'

test_expect_success 'a holiday is billed as weekend, the next day is not' '
	FIXBILL_NOW=2026-12-01T12:00:00 && export FIXBILL_NOW &&
	shop &&
	fixbill config set billing.holidays 2026-11-26,2026-12-25 &&
	openjob &&
	work 1 "2026-11-26 10:00" "2026-11-26 11:00" &&
	work 1 "2026-11-27 10:00" "2026-11-27 11:00" &&
	resolve 1 "2026-11-30 12:00" &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 3600 3600 1 100.00 100.00 0.00
	1 labor weekend 3600 3600 1 200.00 200.00 0.00
	subtotal 300.00 tax 0.00 total 300.00
	EOF
	test_cmp expect actual
'

test_expect_success 'business hours come from billing.business_hours' '
	shop &&
	fixbill config set billing.business_hours "Mon-Sat 09:00-17:00" &&
	openjob &&
	work 1 "2026-10-10 08:30" "2026-10-10 09:30" &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 1800 1800 0.5 100.00 50.00 0.00
	1 labor after_hours 1800 1800 0.5 150.00 75.00 0.00
	subtotal 125.00 tax 0.00 total 125.00
	EOF
	test_cmp expect actual
'

test_expect_success 'DST fall-back: 00:30 to 02:30 on 2026-11-01 is three hours' '
	FIXBILL_NOW=2026-12-01T12:00:00 && export FIXBILL_NOW &&
	shop &&
	openjob &&
	work 1 "2026-11-01 00:30" "2026-11-01 02:30" &&
	resolve 1 "2026-11-30 12:00" &&
	bill &&
	echo "1 labor weekend 10800 10800 3 200.00 600.00 0.00" >expect &&
	echo "subtotal 600.00 tax 0.00 total 600.00" >>expect &&
	test_cmp expect actual
'

test_expect_success 'DST spring-forward: opening at 03:00 on a 23-hour day' '
	FIXBILL_NOW=2026-03-20T12:00:00 && export FIXBILL_NOW &&
	shop &&
	fixbill config set billing.business_hours "Mon-Sun 03:00-18:00" &&
	openjob &&
	work 1 "2026-03-08 00:00" "2026-03-08 04:00" &&
	resolve 1 "2026-03-10 12:00" &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 3600 3600 1 100.00 100.00 0.00
	1 labor after_hours 7200 7200 2 150.00 300.00 0.00
	subtotal 400.00 tax 0.00 total 400.00
	EOF
	test_cmp expect actual
'

test_expect_success 'JPY has no decimals: 4999 x 1.5 / 4 = 1874.625 is 1875' '
	shop &&
	fixbill config set tax.rate 8.25 &&
	fixbill client add yen --name "Yen KK" --currency JPY >/dev/null &&
	fixbill rate set 4999 --client yen >/dev/null &&
	openjob yen &&
	work 1 "2026-10-14 19:00" "2026-10-14 19:10" &&
	resolve 1 &&
	bill yen &&
	echo "1 labor after_hours 600 900 0.25 7499 1875 155" >expect &&
	echo "subtotal 1875 tax 155 total 2030" >>expect &&
	test_cmp expect actual
'

test_expect_success 'KWD has three decimals: 25.125 x 1.5 / 2 = 18.84375 is 18.844' '
	shop &&
	fixbill client add kw --name "Kuwait Co" --currency KWD >/dev/null &&
	fixbill rate set 25.125 --client kw >/dev/null &&
	openjob kw &&
	work 1 "2026-10-14 19:00" "2026-10-14 19:20" &&
	resolve 1 &&
	bill kw &&
	echo "1 labor after_hours 1200 1800 0.5 37.688 18.844 0.000" >expect &&
	echo "subtotal 18.844 tax 0.000 total 18.844" >>expect &&
	test_cmp expect actual
'

# The tax is rounded once and allocated to the lines in proportion to
# their net (SPEC section 11): 0.505 each, the earlier of two equal
# remainders taking the odd cent.
test_expect_success 'tax rounded once per invoice: 20.10 x 5 % = 1.005 is 1.01' '
	shop &&
	fixbill config set tax.rate 5 &&
	openjob &&
	fixbill job charge 1 --flat Setup 10.05 >/dev/null &&
	fixbill job charge 1 --flat Backup 10.05 >/dev/null &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 flat None None None 1 10.05 10.05 0.51
	1 flat None None None 1 10.05 10.05 0.50
	subtotal 20.10 tax 1.01 total 21.11
	EOF
	test_cmp expect actual
'

test_expect_success 'tax rounded per line: 0.5025 is 0.50 twice' '
	shop &&
	fixbill config set tax.rate 5 &&
	fixbill config set tax.rounding line &&
	openjob &&
	fixbill job charge 1 --flat Setup 10.05 >/dev/null &&
	fixbill job charge 1 --flat Backup 10.05 >/dev/null &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 flat None None None 1 10.05 10.05 0.50
	1 flat None None None 1 10.05 10.05 0.50
	subtotal 20.10 tax 1.00 total 21.10
	EOF
	test_cmp expect actual
'

test_expect_success 'a client tax rate overrides tax.rate' '
	shop &&
	fixbill config set tax.rate 8.25 &&
	fixbill client add exempt --name "Exempt" --tax 0 >/dev/null &&
	fixbill client add ten --name "Ten" --tax 10 >/dev/null &&
	openjob exempt && openjob ten &&
	work 1 "2026-10-14 09:00" "2026-10-14 10:00" &&
	work 2 "2026-10-14 11:00" "2026-10-14 12:00" &&
	resolve 1 && resolve 2 &&
	bill exempt &&
	tail -n 1 actual >exempt &&
	fixbill invoice create --client ten >/dev/null &&
	fixbill --json invoice show 2 | summary | tail -n 1 >ten &&
	echo "subtotal 100.00 tax 0.00 total 100.00" >expect &&
	test_cmp expect exempt &&
	echo "subtotal 100.00 tax 10.00 total 110.00" >expect &&
	test_cmp expect ten
'

test_expect_success 'tax on labor: labor, minimum, trip and flat lines, not parts' '
	shop &&
	fixbill config set tax.rate 10 &&
	fixbill config set tax.applies_to labor &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill job charge 1 --part Cable --qty 2 --cost 5 --price 7.50 >/dev/null &&
	fixbill job charge 1 --trip 30 >/dev/null &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 3600 3600 1 100.00 100.00 10.00
	1 part None None None 2 7.50 15.00 0.00
	1 trip None None None 1 30.00 30.00 3.00
	subtotal 145.00 tax 13.00 total 158.00
	EOF
	test_cmp expect actual
'

test_expect_success 'tax on parts: part lines only' '
	shop &&
	fixbill config set tax.rate 10 &&
	fixbill config set tax.applies_to parts &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill job charge 1 --part Cable --qty 2 --cost 5 --price 7.50 >/dev/null &&
	fixbill job charge 1 --trip 30 >/dev/null &&
	resolve 1 &&
	bill &&
	tail -n 1 actual >got &&
	echo "subtotal 145.00 tax 1.50 total 146.50" >expect &&
	test_cmp expect got
'

test_expect_success 'no-charge work shows at 0.00 and does not count towards the minimum' '
	shop &&
	fixbill config set billing.minimum 60 &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 10:00" --nocharge &&
	work 1 "2026-10-14 11:00" "2026-10-14 12:00" --nonbillable &&
	work 1 "2026-10-13 19:00" "2026-10-13 19:15" &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 3600 3600 1 0.00 0.00 0.00
	1 labor after_hours 900 900 0.25 150.00 37.50 0.00
	1 minimum after_hours 0 2700 0.75 150.00 112.50 0.00
	subtotal 150.00 tax 0.00 total 150.00
	EOF
	test_cmp expect actual &&
	fixbill --json invoice show 1 >doc &&
	grep "\"Labor, normal hours, no charge\"" doc &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT invoice_id IS NULL FROM entries WHERE billable = 0")" = 1
'

test_expect_success 'each rate is its own line; rates follow the technician tier' '
	shop &&
	fixbill tech add kim --tier L2 >/dev/null &&
	fixbill rate set 150 --tier L2 >/dev/null &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 10:00" --tech kim &&
	work 1 "2026-10-14 09:00" "2026-10-14 09:30" &&
	resolve 1 &&
	bill &&
	cat >expect <<-\EOF &&
	1 labor normal 1800 1800 0.5 100.00 50.00 0.00
	1 labor normal 3600 3600 1 150.00 150.00 0.00
	subtotal 200.00 tax 0.00 total 200.00
	EOF
	test_cmp expect actual
'

test_expect_success 'the minimum applies to a job once, on its first invoice' '
	shop &&
	fixbill config set billing.minimum 60 &&
	openjob &&
	work 1 "2026-10-13 10:00" "2026-10-13 10:20" &&
	fixbill invoice create --client acme --include-open >/dev/null &&
	fixbill --json invoice show 1 | summary >first &&
	fixbill invoice issue 1 >/dev/null &&
	work 1 "2026-10-14 10:00" "2026-10-14 10:15" &&
	resolve 1 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 2 | summary >second &&
	cat >expect <<-\EOF &&
	1 labor normal 1200 1800 0.5 100.00 50.00 0.00
	1 minimum normal 0 1800 0.5 100.00 50.00 0.00
	subtotal 100.00 tax 0.00 total 100.00
	EOF
	test_cmp expect first &&
	echo "1 labor normal 900 900 0.25 100.00 25.00 0.00" >expect &&
	echo "subtotal 25.00 tax 0.00 total 25.00" >>expect &&
	test_cmp expect second
'

test_expect_success 'work without any rate is refused and nothing is written' '
	fixbill -q tech add tech &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	openjob &&
	work 1 "2026-10-14 09:00" "2026-10-14 10:00" &&
	resolve 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot invoice '\''acme'\'': cannot price entry 1 of job 1: no hourly rate applies" \
		fixbill invoice create --client acme
'

test_done
