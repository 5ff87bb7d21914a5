#!/bin/sh
# Per-client billing policy and call-out minimums (SPEC section 14): a
# client's own rounding; billing.minimum_onsite for jobs opened on site;
# a job's minimum decided once, so a job split over two invoices gets no
# second one.  Figures worked out by hand at 100.00 an hour.
. "$(dirname "$0")/../lib.sh"

shop() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill client add beta --name "Beta LLC" >/dev/null
}

lines() {
	"$PYTHON" -c '
import json, sys
d = json.load(sys.stdin)
for l in d["lines"]:
    print(l["job"], l["kind"], l["billed_seconds"], l["amount"])
print("subtotal", d["subtotal"])
'
}

test_expect_success 'a client with 6-minute nearest rounding; the other keeps 15 up' '
	shop &&
	fixbill config set billing.increment 6 --client acme &&
	fixbill config set billing.rounding nearest --client acme &&
	fixbill job open --client acme --at "2026-10-01 08:00" A >/dev/null &&
	fixbill job open --client beta --at "2026-10-01 08:00" B >/dev/null &&
	fixbill time add 1 --start "2026-10-06 09:00" --end "2026-10-06 09:23" >/dev/null &&
	fixbill time add 2 --start "2026-10-06 11:00" --end "2026-10-06 11:23" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-06 10:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-06 10:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice create --client beta >/dev/null &&
	fixbill --json invoice show 1 | lines >actual &&
	fixbill --json invoice show 2 | lines >>actual &&
	cat >expect <<-\EOF &&
	1 labor 1440 40.00
	subtotal 40.00
	2 labor 1800 50.00
	subtotal 50.00
	EOF
	test_cmp expect actual &&
	fixbill config list --client acme >list &&
	grep "^billing.increment  *6  *client$" list &&
	grep "^billing.round_per  *job  *default$" list
'

test_expect_success 'on-site jobs take billing.minimum_onsite, remote ones billing.minimum' '
	shop &&
	fixbill config set billing.minimum 30 &&
	fixbill config set billing.minimum_onsite 120 --client acme &&
	fixbill job open --client acme --at "2026-10-01 08:00" Remote >/dev/null &&
	fixbill job open --client acme --onsite --at "2026-10-01 08:00" Onsite >/dev/null &&
	fixbill time add 1 --start "2026-10-06 09:00" --end "2026-10-06 09:10" >/dev/null &&
	fixbill time add 2 --start "2026-10-06 10:00" --end "2026-10-06 10:10" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-06 12:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-06 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | lines >actual &&
	cat >expect <<-\EOF &&
	1 labor 900 25.00
	1 minimum 900 25.00
	2 labor 900 25.00
	2 minimum 6300 175.00
	subtotal 250.00
	EOF
	test_cmp expect actual
'

test_expect_success 'billing.minimum_onsite defaults to billing.minimum' '
	shop &&
	fixbill config set billing.minimum 60 &&
	fixbill job open --client acme --onsite --at "2026-10-01 08:00" Onsite >/dev/null &&
	fixbill time add 1 --start "2026-10-06 10:00" --end "2026-10-06 10:10" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-06 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | lines >actual &&
	cat >expect <<-\EOF &&
	1 labor 900 25.00
	1 minimum 2700 75.00
	subtotal 100.00
	EOF
	test_cmp expect actual
'

test_expect_success 'a job split over two invoices gets no second minimum' '
	shop &&
	fixbill config set billing.minimum 60 &&
	fixbill job open --client acme --at "2026-10-01 08:00" Long >/dev/null &&
	fixbill time add 1 --start "2026-10-06 09:00" --end "2026-10-06 10:10" >/dev/null &&
	fixbill invoice create --client acme --include-open >/dev/null &&
	fixbill -q invoice issue 1 &&
	fixbill time add 1 --start "2026-10-07 09:00" --end "2026-10-07 09:20" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-07 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show INV-2026-00001 | lines >actual &&
	fixbill --json invoice show 2 | lines >>actual &&
	cat >expect <<-\EOF &&
	1 labor 4500 125.00
	subtotal 125.00
	1 labor 1800 50.00
	subtotal 50.00
	EOF
	test_cmp expect actual
'

test_expect_success 'the first invoice decides the minimum; a void releases it' '
	shop &&
	fixbill config set billing.minimum 60 &&
	fixbill job open --client acme --at "2026-10-01 08:00" Split >/dev/null &&
	fixbill time add 1 --start "2026-10-06 09:00" --end "2026-10-06 09:10" >/dev/null &&
	fixbill invoice create --client acme --include-open >/dev/null &&
	fixbill -q invoice issue 1 &&
	fixbill time add 1 --start "2026-10-07 09:00" --end "2026-10-07 09:10" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-07 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show INV-2026-00001 | lines >actual &&
	fixbill --json invoice show 2 | lines >>actual &&
	cat >expect <<-\EOF &&
	1 labor 900 25.00
	1 minimum 2700 75.00
	subtotal 100.00
	1 labor 900 25.00
	subtotal 25.00
	EOF
	test_cmp expect actual &&
	fixbill -q invoice discard 2 &&
	fixbill -q invoice void INV-2026-00001 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 4 | lines >actual &&
	cat >expect <<-\EOF &&
	1 labor 1800 50.00
	1 minimum 1800 50.00
	subtotal 100.00
	EOF
	test_cmp expect actual
'

test_expect_success 'billing.minimum_onsite is checked like billing.minimum' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''billing.minimum_onsite'\'': invalid value '\''abc'\'': want a whole number from 0 to 1440" \
		fixbill config set billing.minimum_onsite abc --client acme
'

test_done
