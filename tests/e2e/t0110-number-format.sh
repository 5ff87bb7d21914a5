#!/bin/sh
# invoice.format and invoice.credit_format (SPEC section 15): letters,
# digits, '-', '_' and '.' around {year} and {seq...}, no '/', no leading
# '.', at most 40 characters rendered, so that different numbers always
# name different files.
. "$(dirname "$0")/../lib.sh"

# config set KEY VALUE is refused: exit 2, exactly this error, nothing changed.
bad() {
	key=$1 value=$2 why=$3
	test_expect_success "$key '$value' is refused" "
		fixbill config set company.name Fixit &&
		test_fails_cleanly 2 \"fixbill: error: cannot set '$key': invalid number format '$value': $why\" \
			fixbill config set '$key' '$value'
	"
}

chars="only letters, digits, '-', '_' and '.' may surround {year} and {seq}"
bad invoice.format "INV/{seq}" "$chars"
bad invoice.format "../{seq}" "it must not begin with '.'"
bad invoice.format ".{seq}" "it must not begin with '.'"
bad invoice.format "INV {seq}" "$chars"
bad invoice.format "INV\\{seq}" "$chars"
bad invoice.format "INV:{seq}" "$chars"
bad invoice.format "Rechnung-Ä-{seq}" "$chars"
bad invoice.credit_format "CN/{year}/{seq:04}" "$chars"
bad invoice.credit_format "CN-{seq}-{seq}" "it needs one {seq} (or {seq:05})"
bad invoice.format "INV-{seq:5}" "only {year}, {seq} and {seq:NN} may be used"
bad invoice.format "INV-{seq}}" "only {year}, {seq} and {seq:NN} may be used"
# 31 characters, the year (4) and a ten-digit {seq}: 45.
bad invoice.format "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDE{year}{seq}" "longer than 40 characters when rendered"
bad invoice.format "{seq:41}" "longer than 40 characters when rendered"

test_expect_success 'the message says why, with a hint' '
	fixbill config set company.name Fixit &&
	test_expect_code 2 fixbill config set invoice.format "INV/{seq}" 2>err &&
	grep "^hint: numbers name the files of '\''invoice run --export'\''$" err
'

test_expect_success 'formats within the rules are taken as given' '
	fixbill config set invoice.format "Inv_2.{year}-{seq:06}" &&
	fixbill config set invoice.credit_format "CN{seq}" &&
	fixbill config set invoice.format "ABCDEFGHIJKLMNOPQRSTUVWXYZ{year}{seq}" &&
	fixbill config set invoice.credit_format "{seq:40}" &&
	fixbill config get invoice.format >actual &&
	echo "ABCDEFGHIJKLMNOPQRSTUVWXYZ{year}{seq}" >expect &&
	test_cmp expect actual
'

# An older fixbill took any format.  One stored then is refused when it
# would number an invoice; the draft stays a draft and no number is used.
test_expect_success 'a stored format that breaks the rules stops issuing, not the database' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null &&
	fixbill time add 1 --start "2026-10-14 09:00" --end "2026-10-14 10:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-14 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO config VALUES ('\''invoice.format'\'', '\''INV/{year}/{seq}'\'')" &&
	test_fails_cleanly 4 "fixbill: error: cannot issue draft 1: invalid number format '\''INV/{year}/{seq}'\'': $chars" \
		fixbill invoice issue 1 &&
	grep "^hint: change it with '\''fixbill config set invoice.format FORMAT'\''$" .stderr &&
	fixbill config set invoice.format "INV-{year}-{seq}" &&
	fixbill invoice issue 1 >out &&
	echo INV-2026-1 >expect &&
	test_cmp expect out
'

test_expect_success 'numbers of a format name distinct files in invoice run --export' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set invoice.format "{year}{seq}" &&
	for c in a b c; do
		fixbill client add $c --name "Client $c" >/dev/null || return 1
	done &&
	n=0 &&
	for c in a b c; do
		n=$((n + 1)) &&
		fixbill job open --client $c --at "2026-10-01 08:00" "Job" >/dev/null &&
		fixbill time add $n --start "2026-10-0${n} 09:00" --end "2026-10-0${n} 10:00" >/dev/null &&
		fixbill job resolve $n --at "2026-10-0${n} 12:00" >/dev/null || return 1
	done &&
	fixbill invoice run --period 2026-10 --issue --export out --formats txt >/dev/null &&
	ls out >actual &&
	printf "20261.txt\n20262.txt\n20263.txt\n" >expect &&
	test_cmp expect actual
'

test_done
