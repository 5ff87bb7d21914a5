#!/bin/sh
# Managed-service plans (SPEC section 14): fees billed in advance by
# invoice run, prorated by days; remote or all labor covered; a plan
# period billed exactly once; a void releases it; report compare uses
# the plan's fee.  Figures worked out by hand at 100.00 an hour.
. "$(dirname "$0")/../lib.sh"

# Early November: October's work is done and can be billed.
FIXBILL_NOW=2026-11-02T12:00:00

shop() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill config set billing.minimum 60 &&
	fixbill client add beta --name "Beta LLC" >/dev/null
}

summary() {
	"$PYTHON" -c '
import json, sys
from decimal import Decimal as D
d = json.load(sys.stdin)
st = D(0)
for l in d["lines"]:
    print(l["job"], l["kind"], l["description"], l["amount"])
    st += D(l["amount"])
print("subtotal", d["subtotal"], "total", d["total"])
if st != D(d["subtotal"]):
    print("DOES NOT ADD UP")
    sys.exit(1)
'
}

# October: a remote job (1h30m) and an on-site one (30 minutes).
october() {
	fixbill job open --client beta --at "2026-10-19 08:00" Remote >/dev/null &&
	fixbill job open --client beta --onsite --at "2026-10-19 08:00" Onsite >/dev/null &&
	fixbill time add 1 --start "2026-10-20 09:00" --end "2026-10-20 10:30" >/dev/null &&
	fixbill time add 2 --start "2026-10-21 09:00" --end "2026-10-21 09:30" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-20 11:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-21 11:00" >/dev/null
}

test_expect_success 'a 1,500.00 plan from 2026-10-16 covering remote work: 774.19 for October' '
	shop &&
	fixbill config set billing.minimum_onsite 120 --client beta &&
	fixbill plan add beta --fee 1500 --from 2026-10-16 --covers remote >out &&
	echo "plan 1" >expect &&
	test_cmp expect out &&
	october &&
	FIXBILL_NOW=2026-11-02T12:00:00 fixbill invoice run --period 2026-10 --issue >/dev/null &&
	fixbill --json invoice show INV-2026-00001 | summary >actual &&
	cat >expect <<-\EOF &&
	None plan Managed services 2026-10 (2026-10-16 to 2026-10-31) 774.19
	1 labor Labor, normal hours 150.00
	1 covered Covered by plan -150.00
	2 labor Labor, normal hours 50.00
	2 minimum Call-out minimum 150.00
	subtotal 974.19 total 974.19
	EOF
	test_cmp expect actual
'

test_expect_success 'the next month is billed 1,500.00 without work, and not again on a re-run' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-10-16 --covers remote >/dev/null &&
	FIXBILL_NOW=2026-11-02T12:00:00 fixbill invoice run --period 2026-10 --issue >/dev/null &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill invoice run --period 2026-11 --issue >/dev/null &&
	fixbill --json invoice show INV-2026-00002 | summary >actual &&
	cat >expect <<-\EOF &&
	None plan Managed services 2026-11 1500.00
	subtotal 1500.00 total 1500.00
	EOF
	test_cmp expect actual &&
	FIXBILL_NOW=2026-12-01T13:00:00 fixbill invoice run --period 2026-11 --issue >out &&
	echo "nothing to bill through 2026-11-30" >expect &&
	test_cmp expect out &&
	fixbill -q invoice list >actual &&
	printf "INV-2026-00001\nINV-2026-00002\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a run that makes a draft, then runs again, bills the period once' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-11-01 >/dev/null &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill invoice run --period 2026-11 >/dev/null &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill invoice run --period 2026-11 >/dev/null &&
	fixbill --json invoice list >list &&
	"$PYTHON" -c "
import json
for i in json.load(open(\"list\")):
    print(i[\"id\"], i[\"status\"], i[\"total\"])
" >actual &&
	echo "1 draft 1500.00" >expect &&
	test_cmp expect actual
'

test_expect_success 'concurrent runs bill a plan period once' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-11-01 >/dev/null &&
	for i in 1 2 3 4; do
		FIXBILL_NOW=2026-12-01T12:00:00 fixbill -q invoice run --period 2026-11 --issue &
	done &&
	wait &&
	fixbill -q invoice list >actual &&
	echo INV-2026-00001 >expect &&
	test_cmp expect actual &&
	sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM plan_periods" >actual &&
	echo 1 >expect &&
	test_cmp expect actual
'

test_expect_success 'a void releases the plan period: the next run bills it again' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-11-01 >/dev/null &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill invoice run --period 2026-11 --issue >/dev/null &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill -q invoice void INV-2026-00001 &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill invoice run --period 2026-11 --issue >/dev/null &&
	fixbill --json invoice show INV-2026-00002 | summary >actual &&
	cat >expect <<-\EOF &&
	None plan Managed services 2026-11 1500.00
	subtotal 1500.00 total 1500.00
	EOF
	test_cmp expect actual &&
	fixbill db check
'

test_expect_success 'db check: a period billed twice, a period that is not its line' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-11-01 >/dev/null &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill invoice run --period 2026-11 --issue >/dev/null &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER plan_periods_once; DROP TRIGGER plan_periods_frozen_insert;
		DROP TRIGGER plan_periods_frozen_update;
		INSERT INTO plan_periods(invoice_id, plan_id, first, last, amount, pos)
			VALUES (1, 1, '\''2026-11-01'\'', '\''2026-11-30'\'', 150000, 7);
		UPDATE plan_periods SET amount = 1 WHERE id = 1" &&
	test_expect_code 1 fixbill db check 2>out &&
	grep "plan 1 period from 2026-11-01 is billed by 2 invoices" out &&
	grep "invoice INV-2026-00001 line 1 does not bill plan 1 from 2026-11-01" out &&
	grep "invoice INV-2026-00001 has changed since it was recorded" out
'

test_expect_success 'covers all: on-site labor too; parts and trips are always billed' '
	shop &&
	fixbill plan add beta --fee 900 --from 2026-10-01 --covers all >/dev/null &&
	october &&
	fixbill job charge 2 --trip 40 >/dev/null &&
	FIXBILL_NOW=2026-11-02T12:00:00 fixbill invoice run --period 2026-10 >/dev/null &&
	fixbill --json invoice show 1 | summary >actual &&
	cat >expect <<-\EOF &&
	None plan Managed services 2026-10 900.00
	1 labor Labor, normal hours 150.00
	1 covered Covered by plan -150.00
	2 labor Labor, normal hours 50.00
	2 covered Covered by plan -50.00
	2 minimum Call-out minimum 50.00
	2 covered Covered by plan -50.00
	2 trip Trip charge 40.00
	subtotal 940.00 total 940.00
	EOF
	test_cmp expect actual
'

test_expect_success 'quarterly plan ended mid-quarter: prorated by days' '
	shop &&
	fixbill plan add beta --fee 3000 --every quarter --from 2026-10-01 --to 2026-11-15 >/dev/null &&
	FIXBILL_NOW=2026-11-02T12:00:00 fixbill invoice run --period 2026-10 >/dev/null &&
	fixbill --json invoice show 1 | summary >actual &&
	cat >expect <<-\EOF &&
	None plan Managed services 2026-Q4 (2026-10-01 to 2026-11-15) 1500.00
	subtotal 1500.00 total 1500.00
	EOF
	test_cmp expect actual
'

test_expect_success 'plan end: later periods are not billed; a billed one cannot be cut' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-10-01 >/dev/null &&
	FIXBILL_NOW=2026-11-02T12:00:00 fixbill invoice run --period 2026-10 --issue >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot end plan 1 on 2026-10-20: INV-2026-00001 bills it through 2026-10-31" \
		fixbill plan end beta --on 2026-10-20 &&
	fixbill plan end beta --on 2026-11-10 >out &&
	echo "plan 1 ends on 2026-11-10" >expect &&
	test_cmp expect out &&
	FIXBILL_NOW=2026-12-01T12:00:00 fixbill invoice run --period 2026-11 >/dev/null &&
	fixbill --json invoice show 2 | summary >actual &&
	cat >expect <<-\EOF &&
	None plan Managed services 2026-11 (2026-11-01 to 2026-11-10) 500.00
	subtotal 500.00 total 500.00
	EOF
	test_cmp expect actual &&
	FIXBILL_NOW=2027-01-02T12:00:00 fixbill invoice run --period 2026-12 >out &&
	echo "nothing to bill through 2026-12-31" >expect &&
	test_cmp expect out
'

test_expect_success 'plan list and JSON' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-10-16 --covers remote --desc "IT care" >/dev/null &&
	fixbill plan list >actual &&
	cat >expect <<-\EOF &&
	ID  CLIENT      FEE  EVERY  FROM        TO  COVERS  DESCRIPTION
	 1  beta    1500.00  month  2026-10-16  -   remote  IT care
	EOF
	test_cmp expect actual &&
	fixbill --json plan list >actual &&
	"$PYTHON" -c "
import json
p = json.load(open(\"actual\"))[0]
print(\" \".join(sorted(p)), p[\"fee\"], p[\"to\"])
" >out &&
	echo "client covers currency description every fee from id to 1500.00 None" >expect &&
	test_cmp expect out
'

test_expect_success 'overlapping plans, unknown clients and bad values are refused' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-10-01 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot add a plan for '\''beta'\'': plan 1 runs from 2026-10-01" \
		fixbill plan add beta --fee 100 --from 2027-01-01 &&
	test_fails_cleanly 3 "fixbill: error: no plan of '\''beta'\'' runs on 2026-09-01" \
		fixbill plan end beta --on 2026-09-01 &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''nope'\''" \
		fixbill plan add nope --fee 100 &&
	test_fails_cleanly 2 "fixbill: error: invalid plan: --to '\''2026-01-01'\'' is before --from '\''2026-02-01'\''" \
		fixbill plan add beta --fee 100 --from 2026-02-01 --to 2026-01-01
'

test_expect_success 'report compare uses the plan fee when no --managed-fee is given' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-10-01 >/dev/null &&
	october &&
	fixbill --json report compare --client beta --period 2026-10 >actual &&
	"$PYTHON" -c "
import json
for r in json.load(open(\"actual\")):
    print(r[\"item\"] if \"item\" in r else r, r.get(\"amount\"))
" >rows &&
	grep "managed 1500.00" rows
'

test_expect_success 'undo takes back plan add and plan end' '
	shop &&
	fixbill plan add beta --fee 1500 --from 2026-10-01 >/dev/null &&
	fixbill plan end beta --on 2026-12-31 >/dev/null &&
	fixbill undo >/dev/null &&
	fixbill --json plan list >actual &&
	grep "\"to\": null" actual &&
	fixbill undo >/dev/null &&
	fixbill -q plan list >actual &&
	test ! -s actual
'

test_done
