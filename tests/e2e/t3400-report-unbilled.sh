#!/bin/sh
# report unbilled (SPEC section 7): the work no invoice holds yet, priced
# by the same engine as `invoice create --include-open` would price it
# today.  Figures: SPEC section 5's worked example.
. "$(dirname "$0")/../lib.sh"

shop() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill config set billing.minimum 60 &&
	fixbill config set tax.rate 8.25 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill client add euro --name "Euro GmbH" --currency EUR --rate 80 >/dev/null &&
	fixbill job open --client acme --at "2026-10-06 08:00" "Job A" >/dev/null &&
	fixbill time add 1 --start "2026-10-06 17:20" --end "2026-10-06 18:40" >/dev/null &&
	fixbill time add 1 --start "2026-10-07 09:00" --end "2026-10-07 09:10" >/dev/null &&
	fixbill time add 1 --start "2026-10-07 10:00" --end "2026-10-07 11:00" --nonbillable >/dev/null &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-07 12:00" >/dev/null &&
	fixbill job open --client acme --at "2026-10-10 09:00" "Job B" >/dev/null &&
	fixbill time add 2 --start "2026-10-10 10:00" --end "2026-10-10 10:20" >/dev/null &&
	fixbill job open --client euro --at "2026-10-12 08:00" "Mail" >/dev/null &&
	fixbill time add 3 --start "2026-10-12 09:00" --end "2026-10-12 09:50" >/dev/null
}

test_expect_success 'priced as an invoice: increments, classes, minimum, parts, tax' '
	shop &&
	fixbill report unbilled >out &&
	cat >expect <<-\EOT &&
	CLIENT  JOBS  HOURS  BILLED  AMOUNT    TAX   TOTAL  CURRENCY
	acme       2  1h50m   2h45m  487.50  40.22  527.72  USD
	euro       1  0h50m   1h00m   80.00   6.60   86.60  EUR
	total      1  0h50m   1h00m   80.00   6.60   86.60  EUR
	total      2  1h50m   2h45m  487.50  40.22  527.72  USD
	EOT
	test_cmp expect out
'

test_expect_success 'the same figures invoice create --include-open bills' '
	shop &&
	fixbill report unbilled --client acme --json >rep &&
	fixbill invoice create --client acme --include-open >/dev/null &&
	fixbill --json invoice show 1 >inv &&
	test "$(jq -r ".[0].total" rep)" = "$(jq -r .total inv)" &&
	test "$(jq -r ".[0].amount" rep)" = "$(jq -r .subtotal inv)" &&
	test "$(jq -r ".[0].tax" rep)" = "$(jq -r .tax inv)" &&
	fixbill report unbilled --client acme >out &&
	echo "nothing to report" >expect &&
	test_cmp expect out
'

test_expect_success 'a voided invoice releases its work to unbilled again' '
	shop &&
	fixbill invoice create --client euro --include-open >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill report unbilled --client euro --format csv >out &&
	echo "\"client\",\"jobs\",\"hours\",\"billed_hours\",\"amount\",\"tax\",\"total\",\"currency\"" >expect &&
	test_cmp expect out &&
	fixbill invoice void INV-2026-00001 >/dev/null &&
	fixbill report unbilled --client euro --format csv >out &&
	echo "\"euro\",1,0.83,1.00,80.00,6.60,86.60,\"EUR\"" >>expect &&
	test_cmp expect out
'

test_expect_success 'a job with only a charge unbilled is unbilled work too' '
	shop &&
	fixbill client add parts --name "Parts Only" >/dev/null &&
	fixbill job open --client parts --at "2026-10-13 08:00" "Drive" >/dev/null &&
	fixbill job charge 4 --part HDD --qty 2 --cost 40 --markup 25 >/dev/null &&
	fixbill report unbilled --client parts >out &&
	cat >expect <<-\EOT &&
	CLIENT  JOBS  HOURS  BILLED  AMOUNT   TAX   TOTAL  CURRENCY
	parts      1  0h00m   0h00m  100.00  8.25  108.25  USD
	total      1  0h00m   0h00m  100.00  8.25  108.25  USD
	EOT
	test_cmp expect out
'

test_done
