#!/bin/sh
# fixbill rate: set, list, rm; units per currency; refusals.  Which rule
# prices which entry is unit-tested in tests/unit/test-rates.c.
. "$(dirname "$0")/../lib.sh"

setup='fixbill client add acme --name Acme >/dev/null && fixbill client add yen --name Yen --currency JPY >/dev/null'

test_expect_success 'set prints the identity; list sorts by client, tier, date' '
	eval "$setup" &&
	fixbill rate set 95 >actual &&
	echo "rate 1" >expect &&
	test_cmp expect actual &&
	fixbill rate set 150 --tier L3 --from 2026-11-01 >/dev/null &&
	fixbill rate set 140.5 --client acme --tier L2 >/dev/null &&
	fixbill rate set 120 --client acme >/dev/null &&
	fixbill rate set 130 --client acme --from "2027-01-01 08:30" >/dev/null &&
	fixbill rate set 12000 --client yen >/dev/null &&
	fixbill rate list >actual &&
	cat >expect <<-\EOT &&
	ID  CLIENT  TIER    RATE  CURRENCY  FROM
	 1  -       -      95.00  USD       -
	 2  -       L3    150.00  USD       2026-11-01
	 4  acme    -     120.00  USD       -
	 5  acme    -     130.00  USD       2027-01-01 08:30
	 3  acme    L2    140.50  USD       -
	 6  yen     -     12,000  JPY       -
	EOT
	test_cmp expect actual &&
	fixbill rate list --client acme -q >actual &&
	printf "1\n2\n4\n5\n3\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'list --client shows the rules that can apply to it' '
	eval "$setup" &&
	fixbill rate set 95 >/dev/null &&
	fixbill rate set 12000 --client yen >/dev/null &&
	fixbill rate set 100 --client acme >/dev/null &&
	fixbill rate list --client yen >actual &&
	cat >expect <<-\EOT &&
	ID  CLIENT  TIER    RATE  CURRENCY  FROM
	 1  -       -      95.00  USD       -
	 2  yen     -     12,000  JPY       -
	EOT
	test_cmp expect actual
'

test_expect_success 'setting the same client, tier and date again changes that rule' '
	eval "$setup" &&
	fixbill rate set 100 --client acme --tier L1 >/dev/null &&
	fixbill rate set 110 --client acme --tier L1 >actual &&
	echo "rate 1" >expect &&
	test_cmp expect actual &&
	fixbill rate set 115 --client acme --tier L1 --from 2026-12-01 >actual &&
	echo "rate 2" >expect &&
	test_cmp expect actual &&
	fixbill rate list -q >actual &&
	printf "1\n2\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'JSON: set prints the rule, list an array' '
	eval "$setup" &&
	fixbill rate set 95.5 --json >actual &&
	cat >expect <<-\EOT &&
	{
	  "id": 1,
	  "client": null,
	  "tier": null,
	  "amount": "95.50",
	  "currency": "USD",
	  "effective": null
	}
	EOT
	test_cmp expect actual &&
	fixbill rate set 9000 --client yen --tier L2 --from 2026-11-01 >/dev/null &&
	fixbill --json rate list --client yen >actual &&
	cat >expect <<-\EOT &&
	[
	  {
	    "id": 1,
	    "client": null,
	    "tier": null,
	    "amount": "95.50",
	    "currency": "USD",
	    "effective": null
	  },
	  {
	    "id": 2,
	    "client": "yen",
	    "tier": "L2",
	    "amount": "9000",
	    "currency": "JPY",
	    "effective": "2026-11-01T00:00:00+00:00"
	  }
	]
	EOT
	test_cmp expect actual &&
	fixbill -q rate set 1 >actual &&
	test ! -s actual
'

test_expect_success 'a rule of no client applies in each currency; a client rule in its own' '
	eval "$setup" &&
	fixbill rate set 95.5 --tier L1 >/dev/null &&
	sqlite3 "$FIXBILL_DB" "SELECT amount FROM rates" >actual &&
	echo 95500 >expect &&
	test_cmp expect actual &&
	fixbill config set currency JPY &&
	fixbill rate list >actual &&
	cat >expect <<-\EOT &&
	ID  CLIENT  TIER  RATE  CURRENCY  FROM
	 1  -       L1      96  JPY       -
	EOT
	test_cmp expect actual
'

test_expect_success '--from reads dates in the configured timezone' '
	eval "$setup" &&
	fixbill config set timezone America/New_York &&
	fixbill rate set 100 --from 2026-11-01 --json >actual &&
	grep effective actual >got &&
	echo "  \"effective\": \"2026-11-01T00:00:00-04:00\"" >expect &&
	test_cmp expect got
'

test_expect_success 'rm removes a rule; an unknown one is exit 3' '
	eval "$setup" &&
	fixbill rate set 95 >/dev/null &&
	fixbill rate set 96 --tier L2 >/dev/null &&
	fixbill rate rm 1 >actual &&
	test ! -s actual &&
	fixbill rate list -q >actual &&
	echo 2 >expect &&
	test_cmp expect actual &&
	test_fails_cleanly 3 "fixbill: error: unknown rate 1" fixbill rate rm 1 &&
	test_fails_cleanly 2 "fixbill: error: invalid rate id '\''x'\''" fixbill rate rm x
'

test_expect_success 'an empty list prints nothing, or an empty array' '
	db_create &&
	fixbill rate list >actual &&
	test ! -s actual &&
	fixbill rate list --json >actual &&
	echo "[]" >expect &&
	test_cmp expect actual
'

test_expect_success 'an unknown client is exit 3' '
	eval "$setup" &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''acm'\''" \
		fixbill rate set 100 --client acm &&
	grep "^hint: did you mean '\''acme'\''?" .stderr &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''nope'\''" \
		fixbill rate list --client nope
'

test_expect_success 'malformed amounts, tiers and dates are usage errors (exit 2)' '
	eval "$setup" &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''95.555'\'': USD has 2 decimals" \
		fixbill rate set 95.555 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''95.5'\'': JPY has no decimals" \
		fixbill rate set 95.5 --client yen &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''-5'\'': must not be negative" \
		fixbill rate set -5 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''ten'\''" \
		fixbill rate set ten &&
	test_fails_cleanly 2 "fixbill: error: invalid tier '\''L9'\'': want L1, L2 or L3" \
		fixbill rate set 100 --tier L9 &&
	test_fails_cleanly 2 "fixbill: error: invalid date '\''2026-02-30'\''" \
		fixbill rate set 100 --from 2026-02-30 &&
	test_fails_cleanly 2 "fixbill: error: invalid time '\''soon'\''" \
		fixbill rate set 100 --from soon &&
	test_fails_cleanly 2 "fixbill: error: too few arguments for '\''rate set'\''" \
		fixbill rate set --tier L1
'

test_expect_success 'completion offers clients and tiers' '
	eval "$setup" &&
	fixbill __complete rate set 100 --client "" >actual &&
	printf "acme\nyen\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete rate set 100 --tier L >actual &&
	printf "L1\nL2\nL3\n" >expect &&
	test_cmp expect actual
'

test_done
