#!/bin/sh
# Locks (SPEC section 15): a command waits for another's write lock up
# to the busy timeout ($FIXBILL_BUSY_TIMEOUT milliseconds here, a minute
# by default), then stops with one error line.  'invoice run' bills each
# client in a transaction of its own, and stops at the first lock it
# cannot get rather than waiting again for every client.
. "$(dirname "$0")/../lib.sh"

# Three clients with an hour of resolved, unbilled October work each.
shop() {
	fixbill config set billing.rate 100 &&
	for c in a b c; do
		fixbill client add $c --name "Client $c" >/dev/null &&
		fixbill tech add t$c >/dev/null &&
		fixbill job open --client $c --at "2026-10-01 08:00" "Fix $c" >/dev/null &&
		n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
		fixbill time add $n 1h --tech t$c --end "2026-10-01 10:00" >/dev/null &&
		fixbill job resolve $n --at "2026-10-02 08:00" >/dev/null || return 1
	done
}

# The error of a command that waited for the whole busy timeout.
locked() {
	echo "fixbill: error: cannot lock database '$FIXBILL_DB': another command is writing to it"
}

# hold: another process takes the write lock and keeps it until release.
hold() {
	mkfifo lock.in || return 1
	sqlite3 "$FIXBILL_DB" <lock.in >lock.out 2>&1 &
	exec 3>lock.in &&
	echo "BEGIN IMMEDIATE; SELECT 'held';" >&3 &&
	n=0 &&
	until grep -q held lock.out; do
		n=$((n + 1))
		test $n -lt 500 || { echo "never got the lock" >&2; return 1; }
		sleep 0.01
	done
}

release() {
	echo "COMMIT;" >&3 &&
	exec 3>&- &&
	wait
}

test_expect_success 'invoice run stops once at a lock it cannot get' '
	shop &&
	hold &&
	FIXBILL_BUSY_TIMEOUT=200 &&
	export FIXBILL_BUSY_TIMEOUT &&
	test_fails_cleanly 1 "$(locked)" fixbill invoice run --period 2026-10 --issue &&
	release &&
	test "$(grep -c "^fixbill: error:" .stderr)" = 1 &&
	grep "^hint: try again when it has finished$" .stderr &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices")" = 0 &&
	fixbill invoice run --period 2026-10 --issue >out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices WHERE status = '\''issued'\''")" = 3
'

test_expect_success 'a command that writes waits for the lock, then says so once' '
	shop &&
	hold &&
	FIXBILL_BUSY_TIMEOUT=100 &&
	export FIXBILL_BUSY_TIMEOUT &&
	test_fails_cleanly 1 "$(locked)" fixbill time start 1 --tech ta &&
	release &&
	fixbill time start 1 --tech ta >/dev/null
'

test_expect_success 'reading needs no lock' '
	shop &&
	hold &&
	FIXBILL_BUSY_TIMEOUT=100 &&
	export FIXBILL_BUSY_TIMEOUT &&
	fixbill job list >out &&
	release &&
	grep "Fix c" out
'

test_done
