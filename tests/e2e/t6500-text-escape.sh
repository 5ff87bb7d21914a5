#!/bin/sh
# Text (SPEC section 15): what fixbill stores is text without control
# characters, and a client's or technician's name never starts a
# formula; and whatever it prints - lists, details, errors, hints,
# echoed arguments - shows a control character escaped, so nothing
# stored or typed can drive the terminal or forge an error line.
. "$(dirname "$0")/../lib.sh"

ESC=$(printf '\033')
# A value that clears the screen, then tries to pass for an error line.
EVIL=$(printf 'Evil\033[2J\033[31m\nfixbill: error: forged')
EVIL_SHOWN='Evil\x1b[2J\x1b[31m\nfixbill: error: forged'
# The same as an argument naming nothing.
ARG=$(printf 'Nobody\033[2J\nfixbill: error: forged')
ARG_SHOWN='Nobody\x1b[2J\nfixbill: error: forged'

q() {
	sqlite3 "$FIXBILL_DB" "$1"
}

# raw_free FILE: no escape byte and no line of its own for the forgery.
raw_free() {
	! grep -q "$ESC" "$1" &&
	! grep -q "^fixbill: error: forged" "$1"
}

# A client, technician, job, note and charge holding EVIL, written as
# another program (or an older fixbill) could have.
evil_shop() {
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill tech add kim --name Kim >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Printer" >/dev/null &&
	fixbill time add 1 1h --tech kim --end "2026-10-01 10:00" --note "note" >/dev/null &&
	fixbill job charge 1 --part "Toner" --price 5 >/dev/null &&
	q "UPDATE clients SET name = '$EVIL'" &&
	q "UPDATE techs SET name = '$EVIL'" &&
	q "UPDATE jobs SET title = '$EVIL', note = '$EVIL'" &&
	q "UPDATE entries SET note = '$EVIL'" &&
	q "UPDATE charges SET description = '$EVIL'"
}

test_expect_success 'stored text refuses control characters, bidi controls and bad UTF-8' '
	fixbill client add acme --name Acme >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: invalid title: not UTF-8 text, or has control characters" \
		fixbill job open --client acme "$EVIL" &&
	test_fails_cleanly 2 "fixbill: error: invalid title: not UTF-8 text, or has control characters" \
		fixbill job open --client acme "$(printf "a\342\200\256b")" &&
	test_fails_cleanly 2 "fixbill: error: invalid client address: not valid UTF-8 or has control characters" \
		fixbill client edit acme --address "$(printf "1 Main St\033")" &&
	test_fails_cleanly 2 "fixbill: error: invalid technician name: not valid UTF-8 or has control characters" \
		fixbill tech add kim --name "$(printf "Kim\r")" &&
	fixbill job open --client acme Job >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: invalid description: not UTF-8 text, or has control characters" \
		fixbill job charge 1 --flat "$(printf "Fee\nTotal 0")" 10 &&
	test_fails_cleanly 2 "fixbill: error: invalid payment method: not valid UTF-8 or has control characters" \
		fixbill invoice pay INV-2026-00001 5 --method "$(printf "bank\nT-1")"
'

test_expect_success 'newlines only in notes, addresses and reasons' '
	fixbill client add acme --name Acme --address "1 Main St\nSpringfield" >/dev/null &&
	fixbill job open --client acme --note "$(printf "line one\nline two")" Job >/dev/null &&
	fixbill job show 1 >show &&
	grep "^            line two$" show &&
	test_fails_cleanly 2 "fixbill: error: invalid client name: not valid UTF-8 or has control characters" \
		fixbill client edit acme --name "$(printf "Acme\nCorp")"
'

test_expect_success 'client and technician names may not start a formula, old ones are refused on change' '
	fixbill client add acme --name Acme >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: invalid client name '\''+1+1'\'': must not begin with '\''='\'', '\''+'\'', '\''-'\'' or '\''@'\''" \
		fixbill client edit acme --name "+1+1" &&
	test_fails_cleanly 2 "fixbill: error: invalid technician name '\''=kim'\'': must not begin with '\''='\'', '\''+'\'', '\''-'\'' or '\''@'\''" \
		fixbill tech add kim --name "=kim" &&
	q "UPDATE clients SET name = '\''-Acme'\''" &&
	test_fails_cleanly 2 "fixbill: error: invalid client name '\''-Acme'\'': must not begin with '\''='\'', '\''+'\'', '\''-'\'' or '\''@'\''" \
		fixbill client edit acme --email ap@acme.example &&
	fixbill client edit acme --name "Acme (formerly -Acme)" >/dev/null
'

test_expect_success 'lists escape what they show' '
	evil_shop &&
	fixbill client list >out && raw_free out &&
	grep -F "$EVIL_SHOWN" out &&
	fixbill tech list >out && raw_free out &&
	grep -F "$EVIL_SHOWN" out &&
	fixbill job list >out && raw_free out &&
	grep -F "$EVIL_SHOWN" out &&
	fixbill job charges 1 >out && raw_free out &&
	grep -F "$EVIL_SHOWN" out &&
	fixbill time list >out && raw_free out &&
	grep -F "Evil\x1b[2J\x1b[31m..." out &&
	fixbill report hours --period 2026-10 --by job >out && raw_free out &&
	grep -F "$EVIL_SHOWN" out
'

test_expect_success 'details and search escape what they show' '
	evil_shop &&
	fixbill client show acme >out && raw_free out &&
	grep -F "Evil\x1b[2J\x1b[31m" out &&
	fixbill tech show kim >out && raw_free out &&
	grep -F "$EVIL_SHOWN" out &&
	fixbill job show 1 >out && raw_free out &&
	grep -F "job 1: $EVIL_SHOWN" out &&
	fixbill time show 1 >out && raw_free out &&
	grep -F "Evil\x1b[2J" out &&
	fixbill job search forged >out &&
	raw_free out &&
	grep -F "Evil\x1b[2J" out
'

test_expect_success 'JSON keeps the text exactly, escaped as JSON does' '
	evil_shop &&
	fixbill --json client show acme >out &&
	raw_free out &&
	"$PYTHON" -c "
import json, sys
assert json.load(open(\"out\"))[\"name\"] == sys.argv[1]
" "$EVIL"
'

test_expect_success 'an argument cannot forge an error line' '
	evil_shop &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''$ARG_SHOWN'\''" \
		fixbill client show "$ARG" &&
	test "$(grep -c "^fixbill: error:" .stderr)" = 1 &&
	raw_free .stderr &&
	test_fails_cleanly 2 "fixbill: error: unknown option '\''--x\x1b[31m'\''" \
		fixbill job list "--x$(printf "\033")[31m" &&
	test_fails_cleanly 2 "fixbill: error: invalid job number '\''$ARG_SHOWN'\''" \
		fixbill job show "$ARG" &&
	test_fails_cleanly 2 "fixbill: error: unknown command '\''job $ARG_SHOWN'\''" \
		fixbill job "$ARG" &&
	raw_free .stderr &&
	test "$(grep -c "^fixbill: error:" .stderr)" = 1
'

test_expect_success 'a file name is echoed escaped' '
	evil_shop &&
	fixbill db backup "b$(printf "\033[2J").db" >out &&
	raw_free out &&
	grep -F "to '\''b\x1b[2J.db'\''" out
'

test_done
