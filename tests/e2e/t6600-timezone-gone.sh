#!/bin/sh
# A timezone that no longer exists (SPEC section 15): tzdata drops names,
# and a database that names one must not lock its user out.  Setting the
# timezone, listing the settings, checking and backing up the database
# still work; every other command stops with one error line and a hint.
. "$(dirname "$0")/../lib.sh"

# A shop whose stored zone this system has never heard of.
gone() {
	fixbill config set timezone Europe/London &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" Printer >/dev/null &&
	sqlite3 "$FIXBILL_DB" "UPDATE config SET value = 'Europe/Atlantis' WHERE key = 'timezone'"
}

ERR="fixbill: error: the configured timezone 'Europe/Atlantis' is not known to this system"

test_expect_success 'other commands exit 1 with one error line and a hint to set one' '
	gone &&
	for cmd in "job list" "time start 1" "client show acme" "report hours" \
		   "config get timezone" "config set currency EUR"; do
		test_fails_cleanly 1 "$ERR" fixbill $cmd || return 1
		grep "^hint: set one it knows, e.g. '\''fixbill config set timezone Europe/London'\''$" .stderr ||
			return 1
	done
'

test_expect_success 'config list shows the stored name' '
	gone &&
	fixbill config list >out &&
	grep "^timezone  *Europe/Atlantis$" out &&
	fixbill config list -q >out &&
	grep "^timezone=Europe/Atlantis$" out
'

test_expect_success 'db check and db backup still work' '
	gone &&
	fixbill db check >out &&
	grep "^ok: " out &&
	fixbill db backup copy.db >/dev/null &&
	test "$(sqlite3 copy.db "SELECT value FROM config WHERE key = '\''timezone'\''")" = Europe/Atlantis
'

test_expect_success 'config set timezone mends it, and everything works again' '
	gone &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''timezone'\'': unknown timezone '\''Europe/Lemuria'\''" \
		fixbill config set timezone Europe/Lemuria &&
	fixbill config set timezone America/New_York &&
	fixbill job list >out &&
	grep "2026-10-01 03:00  Printer" out
'

test_expect_success 'config unset timezone mends it too' '
	gone &&
	fixbill config unset timezone &&
	fixbill job list >out &&
	grep Printer out
'

test_done
