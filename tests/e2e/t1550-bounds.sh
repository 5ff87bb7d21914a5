#!/bin/sh
# Bounds on what may be typed (SPEC section 15): money above 10^15 minor
# units, a quantity above 1,000,000 and a duration above 10,000 hours are
# usage errors, so nothing accepted can later make an invoice overflow.
. "$(dirname "$0")/../lib.sh"

setup() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null
}

test_expect_success 'money above 10^15 minor units is a usage error' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: invalid flat fee: invalid amount '\''92233720368547758.07'\'': more than 10000000000000.00" \
		fixbill job charge 1 --flat Fee 92233720368547758.07 &&
	test_fails_cleanly 2 "fixbill: error: invalid trip charge: invalid amount '\''10000000000000.01'\'': more than 10000000000000.00" \
		fixbill job charge 1 --trip 10000000000000.01
'

test_expect_success 'the largest amounts still make an invoice' '
	setup &&
	fixbill job charge 1 --flat Fee 10000000000000 >/dev/null &&
	fixbill job charge 1 --part SSD --qty 1000000 --cost 1 --markup 0 >/dev/null &&
	fixbill time add 1 10000h --end "2026-10-14 10:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-14 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice show INV-2026-00001 --json >out &&
	grep "\"total\": \"100000[0-9]\{8\}\.00\"" out &&
	fixbill db check
'

test_expect_success 'a quantity above 1,000,000 is a usage error' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: invalid quantity '\''1000000.001'\'': more than 1000000" \
		fixbill job charge 1 --part SSD --qty 1000000.001 --cost 1
'

test_expect_success 'a duration above 10,000 hours is a usage error' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: invalid duration '\''10001h'\'': longer than 10000 hours" \
		fixbill time add 1 10001h &&
	test_fails_cleanly 2 "fixbill: error: invalid time span: longer than 10000 hours" \
		fixbill time add 1 --start 2025-01-01 --end 2026-03-01
'

test_done
