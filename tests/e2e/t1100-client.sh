#!/bin/sh
# fixbill client: add, list, show, edit, archive; the JSON document;
# refusals and malformed input that leave the database as it was.
. "$(dirname "$0")/../lib.sh"

setup_acme='fixbill client add acme --name "Acme Corp" --email it@acme.test --rate 120 --tax 8.25 --terms 15 >/dev/null'

test_expect_success 'add prints the identity, show the details' '
	fixbill client add acme --name "Acme Corp" --email it@acme.test \
		--address "1 Main St" --tax-id US-42 --rate 120 --tax 8.25 \
		--terms 15 --downtime-cost 250 --managed-fee 1500.50 >actual &&
	echo "client acme" >expect &&
	test_cmp expect actual &&
	fixbill client show acme >actual &&
	cat >expect <<-\EOT &&
	code           acme
	name           Acme Corp
	email          it@acme.test
	address        1 Main St
	tax id         US-42
	street         -
	city           -
	region         -
	postcode       -
	country        -
	vat id         -
	buyer ref      -
	currency       USD
	rate           120.00
	tax            8.25%
	terms          15 days
	downtime cost  250.00
	managed fee    1,500.50
	archived       no
	EOT
	test_cmp expect actual
'

test_expect_success 'absent details show a dash and are null in JSON' '
	fixbill client add beta --name "Beta LLC" >/dev/null &&
	fixbill client show beta >actual &&
	cat >expect <<-\EOT &&
	code           beta
	name           Beta LLC
	email          -
	address        -
	tax id         -
	street         -
	city           -
	region         -
	postcode       -
	country        -
	vat id         -
	buyer ref      -
	currency       USD
	rate           -
	tax            -
	terms          -
	downtime cost  -
	managed fee    -
	archived       no
	EOT
	test_cmp expect actual &&
	fixbill client show beta --json >actual &&
	cat >expect <<-\EOT &&
	{
	  "id": 1,
	  "code": "beta",
	  "name": "Beta LLC",
	  "email": null,
	  "address": null,
	  "tax_id": null,
	  "street": null,
	  "city": null,
	  "region": null,
	  "postcode": null,
	  "country": null,
	  "vat_id": null,
	  "buyer_ref": null,
	  "currency": "USD",
	  "rate": null,
	  "tax": {
	    "labor": "NONE",
	    "parts": "NONE",
	    "other": "NONE"
	  },
	  "tax_rate": null,
	  "terms": null,
	  "downtime_cost": null,
	  "managed_fee": null,
	  "archived": false
	}
	EOT
	test_cmp expect actual
'

test_expect_success 'show --json carries money as strings beside the currency' '
	fixbill client add kw --name "Kuwait Co" --currency KWD --rate 40.125 \
		--tax 5 --terms 0 --downtime-cost 10 --managed-fee 300.5 >/dev/null &&
	fixbill --json client show kw >actual &&
	cat >expect <<-\EOT &&
	{
	  "id": 1,
	  "code": "kw",
	  "name": "Kuwait Co",
	  "email": null,
	  "address": null,
	  "tax_id": null,
	  "street": null,
	  "city": null,
	  "region": null,
	  "postcode": null,
	  "country": null,
	  "vat_id": null,
	  "buyer_ref": null,
	  "currency": "KWD",
	  "rate": "40.125",
	  "tax": {
	    "labor": "TAX",
	    "parts": "TAX",
	    "other": "TAX"
	  },
	  "tax_rate": "5",
	  "terms": 0,
	  "downtime_cost": "10.000",
	  "managed_fee": "300.500",
	  "archived": false
	}
	EOT
	test_cmp expect actual
'

test_expect_success 'add --json prints the show document, -q nothing' '
	fixbill client add acme --name Acme --json >actual &&
	fixbill client show acme --json >expect &&
	test_cmp expect actual &&
	fixbill -q client add beta --name Beta >actual &&
	test ! -s actual
'

test_expect_success 'a new client takes the configured currency and keeps it' '
	fixbill config set currency EUR &&
	fixbill client add acme --name Acme --rate 99.5 >/dev/null &&
	fixbill config set currency USD &&
	fixbill client show acme --json | grep -e currency -e "\"rate\"" >actual &&
	cat >expect <<-\EOT &&
	  "currency": "EUR",
	  "rate": "99.50",
	EOT
	test_cmp expect actual
'

test_expect_success 'list: aligned table by code, archived hidden unless --all' '
	fixbill client add zeta --name "Zeta Ltd" --currency JPY --rate 12000 >/dev/null &&
	eval "$setup_acme" &&
	fixbill client add old --name "Old Co" >/dev/null &&
	fixbill client archive old >/dev/null &&
	fixbill client list >actual &&
	cat >expect <<-\EOT &&
	CODE  NAME       CURRENCY    RATE  EMAIL
	acme  Acme Corp  USD       120.00  it@acme.test
	zeta  Zeta Ltd   JPY       12,000  -
	EOT
	test_cmp expect actual &&
	fixbill client list --all >actual &&
	cat >expect <<-\EOT &&
	CODE  NAME       CURRENCY    RATE  EMAIL         ARCHIVED
	acme  Acme Corp  USD       120.00  it@acme.test  no
	old   Old Co     USD            -  -             yes
	zeta  Zeta Ltd   JPY       12,000  -             no
	EOT
	test_cmp expect actual &&
	fixbill client list -q >actual &&
	printf "acme\nzeta\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'list --json is an array of show documents' '
	eval "$setup_acme" &&
	fixbill client add beta --name Beta >/dev/null &&
	fixbill client list --json >actual &&
	{
		echo "[" &&
		fixbill client show acme --json | sed "s/^/  /;\$s/\$/,/" &&
		fixbill client show beta --json | sed "s/^/  /" &&
		echo "]"
	} >expect &&
	test_cmp expect actual
'

test_expect_success 'an empty list prints nothing, or an empty array' '
	db_create &&
	fixbill client list >actual &&
	test ! -s actual &&
	fixbill client list --json >actual &&
	echo "[]" >expect &&
	test_cmp expect actual
'

test_expect_success 'show finds a client by name, in any case' '
	eval "$setup_acme" &&
	fixbill client show "acme corp" --json >actual &&
	fixbill client show acme --json >expect &&
	test_cmp expect actual
'

test_expect_success 'edit changes details; an empty value clears one' '
	eval "$setup_acme" &&
	fixbill client edit acme --name "Acme Inc" --email "" --tax "" --terms 45 \
		--address "2 High St" >actual &&
	echo "client acme" >expect &&
	test_cmp expect actual &&
	fixbill client show acme >actual &&
	cat >expect <<-\EOT &&
	code           acme
	name           Acme Inc
	email          -
	address        2 High St
	tax id         -
	street         -
	city           -
	region         -
	postcode       -
	country        -
	vat id         -
	buyer ref      -
	currency       USD
	rate           120.00
	tax            -
	terms          45 days
	downtime cost  -
	managed fee    -
	archived       no
	EOT
	test_cmp expect actual
'

test_expect_success 'a rate on add applies always, on edit from now on' '
	eval "$setup_acme" &&
	fixbill client edit acme --rate 130 >/dev/null &&
	fixbill rate list >actual &&
	cat >expect <<-\EOT &&
	ID  CLIENT  TIER    RATE  CURRENCY  FROM
	 1  acme    -     120.00  USD       -
	 2  acme    -     130.00  USD       2026-10-15 12:00
	EOT
	test_cmp expect actual &&
	fixbill client show acme --json | grep "\"rate\"" >actual &&
	echo "  \"rate\": \"130.00\"," >expect &&
	test_cmp expect actual &&
	FIXBILL_NOW=2026-10-15T11:59:59 fixbill client show acme --json | grep "\"rate\"" >actual &&
	echo "  \"rate\": \"120.00\"," >expect &&
	test_cmp expect actual
'

test_expect_success 'a currency change before any invoice keeps the numbers' '
	fixbill client add acme --name Acme --rate 120.50 --downtime-cost 99.99 >/dev/null &&
	fixbill client edit acme --currency JPY >/dev/null &&
	fixbill client show acme --json | grep -e currency -e "\"rate\"" -e downtime >actual &&
	cat >expect <<-\EOT &&
	  "currency": "JPY",
	  "rate": "121",
	  "downtime_cost": "100",
	EOT
	test_cmp expect actual
'

test_expect_success 'archive and unarchive' '
	eval "$setup_acme" &&
	fixbill client archive acme >actual &&
	echo "client acme" >expect &&
	test_cmp expect actual &&
	fixbill client show acme --json | grep archived >actual &&
	echo "  \"archived\": true" >expect &&
	test_cmp expect actual &&
	test_fails_cleanly 4 "fixbill: error: client '\''acme'\'' is already archived" fixbill client archive acme &&
	fixbill client unarchive acme >/dev/null &&
	fixbill client list -q >actual &&
	echo acme >expect &&
	test_cmp expect actual &&
	test_fails_cleanly 4 "fixbill: error: client '\''acme'\'' is not archived" fixbill client unarchive acme
'

test_expect_success 'archiving a client with an open job or unbilled work is refused' '
	eval "$setup_acme" &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO jobs (client_id, title, opened) VALUES (1, '\''Printer'\'', 0)" &&
	test_fails_cleanly 4 "fixbill: error: cannot archive client '\''acme'\'': it has 1 open job" \
		fixbill client archive acme &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = '\''resolved'\''; INSERT INTO techs (handle, created) VALUES ('\''kim'\'', 0); INSERT INTO entries (job_id, tech_id, start, stop, created) VALUES (1, 1, 0, 3600, 0)" &&
	test_fails_cleanly 4 "fixbill: error: cannot archive client '\''acme'\'': it has unbilled work" \
		fixbill client archive acme
'

test_expect_success 'a duplicate code is refused (exit 4)' '
	eval "$setup_acme" &&
	test_fails_cleanly 4 "fixbill: error: client '\''acme'\'' already exists" \
		fixbill client add acme --name "Other"
'

test_expect_success 'an unknown client is exit 3 with a hint' '
	eval "$setup_acme" &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''acm'\''" fixbill client show acm &&
	grep "^hint: did you mean '\''acme'\''?" .stderr &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''zzz'\''" fixbill client edit zzz --name X &&
	grep "^hint: add it with '\''fixbill client add zzz --name NAME'\''" .stderr &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''acm'\''" fixbill client archive acm &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''acm'\''" fixbill client unarchive acm
'

test_expect_success 'a currency change once the client has invoices is refused' '
	eval "$setup_acme" &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO invoices (client_id, currency, created) VALUES (1, '\''USD'\'', 0)" &&
	test_fails_cleanly 4 "fixbill: error: cannot change the currency of client '\''acme'\'': it has 1 invoice in USD" \
		fixbill client edit acme --currency EUR --name X &&
	fixbill client edit acme --currency USD >/dev/null
'

test_expect_success 'malformed codes and values are usage errors (exit 2)' '
	test_fails_cleanly 2 "fixbill: error: invalid client code '\''Acme'\'': use 1-32 lowercase letters, digits, '\''-'\'' and '\''_'\'', starting with a letter or digit" \
		fixbill client add Acme --name X &&
	test_fails_cleanly 2 "fixbill: error: invalid client code '\''-x'\'': use 1-32 lowercase letters, digits, '\''-'\'' and '\''_'\'', starting with a letter or digit" \
		fixbill client add --name X -- -x &&
	test_fails_cleanly 2 "fixbill: error: invalid client code '\''abcdefghijabcdefghijabcdefghijabc'\'': use 1-32 lowercase letters, digits, '\''-'\'' and '\''_'\'', starting with a letter or digit" \
		fixbill client add abcdefghijabcdefghijabcdefghijabc --name X &&
	test_fails_cleanly 2 "fixbill: error: missing option '\''--name'\'' for '\''client add'\''" \
		fixbill client add acme &&
	test_fails_cleanly 2 "fixbill: error: invalid client name: must not be empty" \
		fixbill client add acme --name "" &&
	test_fails_cleanly 2 "fixbill: error: invalid client name: not valid UTF-8 or has control characters" \
		fixbill client add acme --name "$(printf "a\033b")" &&
	test_fails_cleanly 2 "fixbill: error: invalid client name: not valid UTF-8 or has control characters" \
		fixbill client add acme --name "$(printf "a\377b")" &&
	test_fails_cleanly 2 "fixbill: error: invalid client name: longer than 200 bytes" \
		fixbill client add acme --name "$(printf "%0201d" 0)" &&
	for c in = + - @; do
		test_fails_cleanly 2 "fixbill: error: invalid client name '\''${c}SUM(A1)'\'': must not begin with '\''='\'', '\''+'\'', '\''-'\'' or '\''@'\''" \
			fixbill client add acme --name "${c}SUM(A1)" || return 1
	done &&
	test_fails_cleanly 2 "fixbill: error: invalid email address '\''nobody'\''" \
		fixbill client add acme --name X --email nobody &&
	test_fails_cleanly 2 "fixbill: error: unknown currency '\''XYZ'\'': use an ISO 4217 code such as USD or EUR" \
		fixbill client add acme --name X --currency XYZ &&
	test_fails_cleanly 2 "fixbill: error: invalid percentage '\''101'\'': want 0 to 100 with at most 4 decimals" \
		fixbill client add acme --name X --tax 101 &&
	test_fails_cleanly 2 "fixbill: error: invalid percentage '\''8.12345'\'': want 0 to 100 with at most 4 decimals" \
		fixbill client add acme --name X --tax 8.12345 &&
	test_fails_cleanly 2 "fixbill: error: invalid terms '\''soon'\'': want a whole number of days from 0 to 3650" \
		fixbill client add acme --name X --terms soon &&
	test_fails_cleanly 2 "fixbill: error: unknown option '\''--colour'\''" \
		fixbill client add acme --name X --colour &&
	test_fails_cleanly 2 "fixbill: error: too many arguments for '\''client show'\''" \
		fixbill client show a b
'

test_expect_success 'malformed amounts are usage errors and change nothing' '
	eval "$setup_acme" &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''95.555'\'': USD has 2 decimals" \
		fixbill client add beta --name X --rate 95.555 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''1.5'\'': JPY has no decimals" \
		fixbill client add beta --name X --currency JPY --managed-fee 1.5 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''-5'\'': must not be negative" \
		fixbill client edit acme --downtime-cost -5 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''abc'\''" \
		fixbill client edit acme --rate abc --name Changed
'

test_expect_success 'completion offers client codes, not archived ones' '
	eval "$setup_acme" &&
	fixbill client add acorn --name Acorn >/dev/null &&
	fixbill client add old --name Old >/dev/null &&
	fixbill client archive old >/dev/null &&
	fixbill __complete client show a >actual &&
	printf "acme\nacorn\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete client edit "" >actual &&
	printf "acme\nacorn\n" >expect &&
	test_cmp expect actual
'

test_done
