#!/bin/sh
# report compare (SPEC section 7): break-fix spend in a period (its work
# priced as invoices price it, invoiced or not, with its charges, plus
# downtime x the client's downtime cost) against a managed fee x months.
. "$(dirname "$0")/../lib.sh"

# acme: USD, billing.rate 100, downtime 50.00/h, managed fee 1500.00.
# Q3 2026 holds job 1 (07-06 09:00-13:00 normal, 400.00; down 08:00 to
# its resolution at 14:00: 6h), job 2 (08-04 09:00-10:00, 100.00, a
# 50.00 trip; invoiced and issued) and 2h of job 3's downtime (06-30
# 20:00 to 07-01 02:00), whose work on 06-30 belongs to Q2.
# Break-fix: 500.00 + 50.00 + 8h x 50.00 = 950.00; managed: 3 x 1500.00.
shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" --downtime-cost 50 --managed-fee 1500 >/dev/null &&
	fixbill client add other --name "Other" >/dev/null &&
	fixbill job open --client acme --at "2026-07-06 08:00" --down-since "2026-07-06 08:00" "Server down" >/dev/null &&
	fixbill time add 1 --start "2026-07-06 09:00" --end "2026-07-06 13:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-07-06 14:00" >/dev/null &&
	fixbill job open --client acme --at "2026-08-04 08:00" "Printer" >/dev/null &&
	fixbill time add 2 --start "2026-08-04 09:00" --end "2026-08-04 10:00" >/dev/null &&
	fixbill job charge 2 --trip 50 >/dev/null &&
	fixbill job resolve 2 --at "2026-08-04 11:00" >/dev/null &&
	d=$(fixbill invoice create --client acme --date 2026-08-05) &&
	fixbill invoice issue "${d#draft }" >/dev/null &&
	fixbill job open --client acme --at "2026-06-30 19:00" --down-since "2026-06-30 20:00" "Router" >/dev/null &&
	fixbill time add 3 --start "2026-06-30 20:00" --end "2026-06-30 21:00" >/dev/null &&
	fixbill job resolve 3 --at "2026-07-01 03:00" --restored "2026-07-01 02:00" >/dev/null
}

test_expect_success 'a table and one plain sentence: break-fix is cheaper' '
	shop &&
	fixbill report compare --client acme --period 2026-Q3 >out &&
	cat >expect <<-\EOT &&
	ITEM        HOURS    AMOUNT  CURRENCY
	labor       5h00m    500.00  USD
	charges         -     50.00  USD
	downtime    8h00m    400.00  USD
	break_fix       -    950.00  USD
	managed         -  4,500.00  USD
	difference      -  3,550.00  USD

	Break-fix cost 950.00 USD over 3 months; a managed contract at 1,500.00 USD a month would cost 4,500.00 USD: break-fix is cheaper by 3,550.00 USD.
	EOT
	test_cmp expect out
'

test_expect_success '--managed-fee overrides; managed can be the cheaper one' '
	shop &&
	fixbill report compare --client acme --from 2026-07-01 --to 2026-07-31 --managed-fee 200 >out &&
	tail -n 1 out >sentence &&
	echo "Break-fix cost 800.00 USD over 1 month; a managed contract at 200.00 USD a month would cost 200.00 USD: managed is cheaper by 600.00 USD." >expect &&
	test_cmp expect sentence &&
	fixbill report compare --client acme --period 2026-Q3 --json >out &&
	test "$(jq -r ".[] | select(.item == \"break_fix\") | .amount" out)" = 950.00 &&
	test "$(jq -r ".[0].hours" out)" = 5.00
'

test_expect_success 'refusals: no fee, no period, no client, unknown client' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: no managed fee for client '"'"'other'"'"'" \
		fixbill report compare --client other --period 2026-Q3 &&
	test_fails_cleanly 2 "fixbill: error: '"'"'report compare'"'"' needs a period" \
		fixbill report compare --client acme &&
	test_expect_code 2 fixbill report compare --period 2026-Q3 2>/dev/null &&
	test_fails_cleanly 3 "fixbill: error: unknown client '"'"'nope'"'"'" \
		fixbill report compare --client nope --period 2026-Q3 &&
	test_fails_cleanly 2 "fixbill: error: invalid value for '"'"'--managed-fee'"'"': invalid amount '"'"'1.234'"'"': USD has 2 decimals" \
		fixbill report compare --client acme --period 2026-Q3 --managed-fee 1.234
'

test_done
