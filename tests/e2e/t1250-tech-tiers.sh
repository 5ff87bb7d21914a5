#!/bin/sh
# Tiers over time (SPEC section 2): `tech edit HANDLE --tier Lx --from
# DATE` prices work from DATE on at the new tier, and earlier work keeps
# the tier it was done at, in invoices and reports alike.
. "$(dirname "$0")/../lib.sh"

# kim (L1) logged an hour on 1 October and an hour on 12 October;
# L1 work is billed at 100, L2 at 150.  FIXBILL_NOW is 2026-10-15 12:00.
shop() {
	fixbill -q tech add kim &&
	fixbill -q client add acme --name Acme &&
	fixbill -q config set billing.rate 100 &&
	fixbill -q rate set 150 --tier L2 &&
	fixbill -q rate set 200 --tier L3 &&
	fixbill -q job open --client acme --at "2026-10-01 08:00" Job &&
	fixbill -q time add 1 --start "2026-10-01 09:00" --end "2026-10-01 10:00" --tech kim &&
	fixbill -q time add 1 --start "2026-10-12 09:00" --end "2026-10-12 10:00" --tech kim
}

# The amount of the unbilled work, as report unbilled prices it.
unbilled() {
	fixbill --json report unbilled | "$PYTHON" -c '
import json, sys
print(" ".join(r["amount"] for r in json.load(sys.stdin) if r["client"] != "total"))'
}

test_expect_success 'work before --from keeps its tier; work from it on gets the new one' '
	shop &&
	unbilled >actual &&
	echo "200.00" >expect &&
	test_cmp expect actual &&
	fixbill tech edit kim --tier L2 --from 2026-10-10 >out &&
	echo "tech kim" >expect &&
	test_cmp expect out &&
	unbilled >actual &&
	echo "250.00" >expect &&
	test_cmp expect actual &&
	fixbill --json report hours --by tech | grep "\"amount\": \"250.00\"" &&
	fixbill -q job resolve 1 --at "2026-10-13 08:00" &&
	fixbill -q invoice create --client acme &&
	fixbill --json invoice show 1 | "$PYTHON" -c "
import json, sys
inv = json.load(sys.stdin)
print(\" \".join(l[\"unit_price\"] + \"=\" + l[\"amount\"] for l in inv[\"lines\"]), inv[\"total\"])" >actual &&
	echo "100.00=100.00 150.00=150.00 250.00" >expect &&
	test_cmp expect actual
'

test_expect_success 'show and --json tell the tiers and when they changed' '
	shop &&
	fixbill -q tech edit kim --tier L2 --from 2026-10-10 &&
	fixbill tech show kim >actual &&
	cat >expect <<-\EOF &&
	handle  kim
	name    -
	tier    L2 from 2026-10-10 00:00
	        L1 before 2026-10-10 00:00
	EOF
	test_cmp expect actual &&
	fixbill tech show kim --json >actual &&
	cat >expect <<-\EOF &&
	{
	  "id": 1,
	  "handle": "kim",
	  "name": null,
	  "tier": "L2",
	  "earlier_tiers": [
	    {
	      "tier": "L1",
	      "until": "2026-10-10T00:00:00+00:00"
	    }
	  ]
	}
	EOF
	test_cmp expect actual
'

test_expect_success 'without --from the new tier starts today' '
	shop &&
	fixbill -q time add 1 --start "2026-10-15 09:00" --end "2026-10-15 10:00" --tech kim &&
	fixbill -q tech edit kim --tier L2 &&
	unbilled >actual &&
	echo "350.00" >expect &&
	test_cmp expect actual
'

test_expect_success 'an earlier --from overrides what was said about later days' '
	shop &&
	fixbill -q tech edit kim --tier L2 --from 2026-10-10 &&
	fixbill -q tech edit kim --tier L3 --from 2026-10-05 &&
	unbilled >actual &&
	echo "300.00" >expect &&
	test_cmp expect actual &&
	fixbill tech show kim >actual &&
	cat >expect <<-\EOF &&
	handle  kim
	name    -
	tier    L3 from 2026-10-05 00:00
	        L1 before 2026-10-05 00:00
	EOF
	test_cmp expect actual &&
	fixbill -q tech edit kim --tier L1 --from 2026-10-11 &&
	unbilled >actual &&
	echo "200.00" >expect &&
	test_cmp expect actual
'

test_expect_success 'a tier in the local zone: --from is the local midnight' '
	fixbill config set timezone America/New_York &&
	shop &&
	fixbill -q tech edit kim --tier L2 --from 2026-10-12 &&
	fixbill tech show kim --json | grep "\"until\": \"2026-10-12T00:00:00-04:00\""
'

test_expect_success 'refusals: --from alone, bad dates and tiers, unknown technicians' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: option '"'"'--from'"'"' needs '"'"'--tier'"'"'" \
		fixbill tech edit kim --from 2026-10-10 &&
	test_fails_cleanly 2 "fixbill: error: invalid tier '"'"'L4'"'"': want L1, L2 or L3" \
		fixbill tech edit kim --tier L4 &&
	test_fails_cleanly 2 "fixbill: error: invalid value for '"'"'--from'"'"': invalid date '"'"'2026-13-01'"'"'" \
		fixbill tech edit kim --tier L2 --from 2026-13-01 &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '"'"'kin'"'"'" \
		fixbill tech edit kin --tier L2 &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '"'"'bob'"'"'" \
		fixbill time edit 1 --tech bob
'

test_done
