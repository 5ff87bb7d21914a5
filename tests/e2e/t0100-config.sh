#!/bin/sh
# fixbill config: every key validated, defaults, and refusals that leave
# the database byte for byte as it was.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'get prints defaults' '
	db_create &&
	fixbill config get currency >actual &&
	echo USD >expect &&
	test_cmp expect actual &&
	fixbill config get billing.increment >actual &&
	echo 15 >expect &&
	test_cmp expect actual
'

test_expect_success 'get of a key with no value and no default prints nothing, exit 1' '
	db_create &&
	test_expect_code 1 fixbill config get billing.rate >actual &&
	test_must_be_empty() { test ! -s "$1"; } &&
	test_must_be_empty actual
'

test_expect_success 'set then get, values normalised' '
	fixbill config set billing.rate 95.50 &&
	fixbill config set tax.rate 8.250 &&
	fixbill config set billing.after_hours 1.50 &&
	fixbill config set billing.holidays "2026-12-25, 2026-12-26" &&
	fixbill config set sla.P1.response 90m &&
	cat >expect <<-\EOT &&
	95.5
	8.25
	1.5
	2026-12-25,2026-12-26
	1h30m
	EOT
	for k in billing.rate tax.rate billing.after_hours billing.holidays sla.P1.response; do
		fixbill config get $k || return 1
	done >actual &&
	test_cmp expect actual
'

test_expect_success 'unset returns a key to its default' '
	fixbill config set currency EUR &&
	fixbill config unset currency &&
	fixbill config get currency >actual &&
	echo USD >expect &&
	test_cmp expect actual
'

test_expect_success 'list marks defaults; -q prints key=value' '
	fixbill config set company.name "Fixit Field Services" &&
	fixbill config list >actual &&
	grep "^company.name  *Fixit Field Services$" actual &&
	grep "^currency  *USD (default)$" actual &&
	fixbill -q config list >q &&
	grep "^company.name=Fixit Field Services$" q &&
	grep "^invoice.format=INV-{year}-{seq:05}$" q &&
	! grep "^billing.rate=" q
'

test_expect_success 'list --json is an array of key, value, default, source' '
	fixbill config set timezone America/New_York &&
	fixbill config list --json >actual &&
	grep -A4 "\"key\": \"timezone\"" actual >got &&
	cat >expect <<-\EOT &&
	    "key": "timezone",
	    "value": "America/New_York",
	    "default": false,
	    "source": "company"
	  },
	EOT
	test_cmp expect got &&
	grep -A4 "\"key\": \"currency\"" actual >got &&
	cat >expect <<-\EOT &&
	    "key": "currency",
	    "value": "USD",
	    "default": true,
	    "source": "default"
	  },
	EOT
	test_cmp expect got
'

test_expect_success 'every documented key is accepted with a good value' '
	while read -r k v; do
		fixbill config set "$k" "$v" || return 1
	done <<-\EOT
	company.name Fixit
	company.address 1 Main St\nSpringfield
	company.email billing@example.com
	company.tax_id US-123
	currency EUR
	timezone Europe/Berlin
	billing.rate 120
	billing.increment 6
	billing.rounding nearest
	billing.round_per entry
	billing.minimum 60
	billing.business_hours Mon-Sat 07:30-17:00
	billing.after_hours 1.25
	billing.weekend 2
	billing.holidays 2026-12-25
	tax.rate 19
	tax.applies_to labor
	tax.rounding line
	invoice.format F{seq}
	invoice.credit_format C-{year}-{seq:04}
	invoice.terms 14
	invoice.paper a4
	sla.P1.response 30m
	sla.P1.resolve 2h
	sla.P2.response 2h
	sla.P2.resolve 8h
	sla.P3.response 1d
	sla.P3.resolve 3d
	sla.P4.response 2d
	sla.P4.resolve 5d
	EOT
'

# Each malformed value: exit 2, one error line, database unchanged.
bad() {
	key=$1 value=$2 why=$3
	test_expect_success "config set $key '$value' is refused" "
		fixbill config set company.name Fixit &&
		test_fails_cleanly 2 \"fixbill: error: cannot set '$key': $why\" fixbill config set '$key' '$value'
	"
}

bad currency usd "unknown currency 'usd': use an ISO 4217 code such as USD or EUR"
bad currency XYZ "unknown currency 'XYZ': use an ISO 4217 code such as USD or EUR"
bad timezone Mars/Base "unknown timezone 'Mars/Base'"
bad timezone ../../etc/passwd "unknown timezone '../../etc/passwd'"
bad billing.rate -5 "invalid amount '-5'"
bad billing.rate 1.2345 "invalid amount '1.2345': too many decimals"
bad billing.rate abc "invalid amount 'abc'"
bad billing.increment 0 "invalid value '0': want a whole number from 1 to 1440"
bad billing.increment 15m "invalid value '15m': want a whole number from 1 to 1440"
bad billing.rounding sideways "invalid rounding 'sideways': want up, nearest or down"
bad billing.round_per client "invalid value 'client': want job or entry"
bad billing.minimum 99999 "invalid value '99999': want a whole number from 0 to 1440"
bad billing.after_hours 0 "invalid multiplier '0': want a number such as 1.5"
bad billing.weekend x2 "invalid multiplier 'x2': want a number such as 1.5"
bad billing.holidays 2026-02-30 "invalid holiday '2026-02-30': want YYYY-MM-DD"
bad tax.rate 101 "invalid percentage '101': want 0 to 100 with at most 4 decimals"
bad tax.rate 8.12345 "invalid percentage '8.12345': want 0 to 100 with at most 4 decimals"
bad tax.applies_to everything "invalid value 'everything': want all, labor or parts"
bad tax.rounding never "invalid value 'never': want invoice or line"
bad invoice.format INV-{year} "invalid number format 'INV-{year}': it needs one {seq} (or {seq:05})"
bad invoice.format "X{seq}{month}" "invalid number format 'X{seq}{month}': only {year}, {seq} and {seq:NN} may be used"
bad invoice.terms -1 "invalid value '-1': want a whole number from 0 to 3650"
bad invoice.paper legal "invalid value 'legal': want letter or a4"
bad company.email nobody "invalid email address 'nobody'"
bad sla.P1.response 45 "ambiguous duration '45': write 45m or 45h"

test_expect_success 'business hours are validated' '
	fixbill config set company.name Fixit &&
	test_expect_code 2 fixbill config set billing.business_hours "Mon-Fri 18:00-08:00" 2>err &&
	grep "^fixbill: error: cannot set '"'"'billing.business_hours'"'"': " err
'

test_expect_success 'an unknown key is refused with a hint, database unchanged' '
	fixbill config set company.name Fixit &&
	test_fails_cleanly 2 "fixbill: error: unknown config key '"'"'billing.rat'"'"'" fixbill config set billing.rat 5 &&
	grep "^hint: did you mean '"'"'billing.rate'"'"'?$" .stderr
'

test_expect_success 'get and unset of an unknown key are usage errors' '
	fixbill config set company.name Fixit &&
	test_fails_cleanly 2 "fixbill: error: unknown config key '"'"'nope'"'"'" fixbill config get nope &&
	test_fails_cleanly 2 "fixbill: error: unknown config key '"'"'nope'"'"'" fixbill config unset nope
'

test_expect_success 'a malformed value on a fresh machine creates no database' '
	test_expect_code 2 fixbill config set currency usd 2>/dev/null &&
	test ! -e "$FIXBILL_DB"
'

test_expect_success 'text values must be valid UTF-8 without control characters' '
	fixbill config set company.name Fixit &&
	test_fails_cleanly 2 "fixbill: error: cannot set '"'"'company.name'"'"': invalid text: not valid UTF-8 or has control characters" \
		fixbill config set company.name "$(printf "bad\377name")" &&
	fixbill config set company.name "Société Müller" &&
	fixbill config get company.name >actual &&
	echo "Société Müller" >expect &&
	test_cmp expect actual
'

test_expect_success 'SQL metacharacters are stored as text' '
	fixbill config set company.name "x'"'"'); DROP TABLE config; --" &&
	fixbill config get company.name >actual &&
	echo "x'"'"'); DROP TABLE config; --" >expect &&
	test_cmp expect actual
'

test_done
