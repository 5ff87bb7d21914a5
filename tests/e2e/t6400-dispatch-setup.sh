#!/bin/sh
# What main sets up for a verb (SPEC section 15): a command that changes
# the database commits only once its output reached standard output, so
# one that reports failure (a full disk, a closed pipe) has changed
# nothing and a script may retry it; read-only commands, --dry-run and
# usage errors never create a database.
. "$(dirname "$0")/../lib.sh"

# An issued invoice INV-2026-00001 of 100.00 and a draft 2 of 100.00.
shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	for d in 01 02; do
		fixbill job open --client acme --at "2026-10-$d 08:00" "Job $d" >/dev/null &&
		n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
		fixbill time add "$n" 1h --end "2026-10-$d 10:00" >/dev/null &&
		fixbill job resolve "$n" --at "2026-10-$d 12:00" >/dev/null &&
		fixbill invoice create --client acme --through 2026-10-$d >/dev/null || return 1
	done &&
	fixbill invoice issue 1 >/dev/null
}

# work: an unbilled job 3 with an hour of work, resolved in October.
work() {
	fixbill job open --client acme --at "2026-10-05 08:00" "Job 05" >/dev/null &&
	fixbill time add 3 1h --end "2026-10-05 10:00" >/dev/null &&
	fixbill job resolve 3 --at "2026-10-05 12:00" >/dev/null
}

# unchanged CMD...: CMD, its output to a full disk, fails with exit 1 and
# "cannot write to standard output" and leaves the database as it was.
unchanged() {
	db_snapshot >.before &&
	test_expect_code 1 "$@" >/dev/full 2>err &&
	grep "^fixbill: error: cannot write to standard output: " err &&
	db_snapshot >.after &&
	test_cmp .before .after
}

# closed CMD...: run CMD with standard output a pipe nobody reads any more.
cat >"$TRASH_ROOT/closed.py" <<\EOF
import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.call(sys.argv[1:], stdout=w))
EOF
closed() {
	"$PYTHON" "$TRASH_ROOT/closed.py" "$@"
}

test_expect_success 'a payment whose output is lost is not recorded: a retry pays once' '
	shop &&
	unchanged fixbill invoice pay INV-2026-00001 50 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM payments")" = 0 &&
	fixbill invoice pay INV-2026-00001 50 >out &&
	echo "payment 1: INV-2026-00001 balance 50.00" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM payments")" = 1
'

test_expect_success 'an issue whose output is lost leaves the draft a draft, unnumbered' '
	shop &&
	unchanged fixbill invoice issue 2 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status || coalesce(number, '\''-'\'') FROM invoices WHERE id = 2")" = draft- &&
	unchanged fixbill --json invoice issue 2 &&
	fixbill invoice issue 2 >out &&
	echo INV-2026-00002 >expect &&
	test_cmp expect out
'

test_expect_success 'a closed pipe is a lost output too: exit 1, nothing changed' '
	shop &&
	db_snapshot >.before &&
	test_expect_code 1 closed fixbill invoice pay INV-2026-00001 50 2>err &&
	grep "^fixbill: error: cannot write to standard output: Broken pipe" err &&
	db_snapshot >.after &&
	test_cmp .before .after
'

test_expect_success 'timers, jobs, clients and settings roll back the same way' '
	shop &&
	work &&
	fixbill job reopen 3 >/dev/null &&
	unchanged fixbill time start 3 &&
	unchanged fixbill job open --client acme "Printer" &&
	unchanged fixbill client add beta --name Beta &&
	unchanged fixbill invoice void INV-2026-00001 &&
	fixbill time start 3 --at 11:00 >/dev/null &&
	unchanged fixbill time stop &&
	fixbill time status --json >status &&
	grep "\"running\": true" status
'

test_expect_success 'a command that prints nothing commits as before' '
	shop &&
	fixbill config set currency EUR >/dev/full &&
	test "$(fixbill config get currency)" = EUR &&
	fixbill -q client add beta --name Beta >/dev/full &&
	fixbill client show beta >/dev/null
'

test_expect_success 'read-only commands need a database and create none' '
	for cmd in "job list" "client list" "time status" "config get currency" \
		   "config list" "db check" "report hours" "invoice list"; do
		test_fails_cleanly 3 "fixbill: error: no database at '\''$FIXBILL_DB'\''" \
			fixbill $cmd || return 1
		test ! -e "$FIXBILL_DB" || return 1
	done &&
	grep "^hint: check --db or \$FIXBILL_DB; a command that writes creates it" .stderr
'

test_expect_success '--dry-run creates no database' '
	printf "client,job,date,start,end\nacme,Fix,2026-10-01,09:00,10:00\n" >t.csv &&
	test_fails_cleanly 3 "fixbill: error: no database at '\''$FIXBILL_DB'\''" \
		fixbill time import --dry-run --create-clients t.csv &&
	test_fails_cleanly 3 "fixbill: error: no database at '\''$FIXBILL_DB'\''" \
		fixbill invoice run --dry-run --period 2026-10 &&
	test ! -e "$FIXBILL_DB"
'

test_expect_success 'a usage error never creates the database a write would' '
	test_fails_cleanly 2 "fixbill: error: invalid time '\''soon'\''" \
		fixbill job open --client acme --at soon "Printer" &&
	test_fails_cleanly 2 "fixbill: error: invalid value for '\''--date'\'': invalid date '\''2026-02-30'\''" \
		fixbill invoice issue 1 --date 2026-02-30 &&
	test_fails_cleanly 2 "fixbill: error: invalid period '\''2026-13'\'': write YYYY-MM, YYYY-Qn or YYYY" \
		fixbill invoice run --period 2026-13 &&
	test ! -e "$FIXBILL_DB" &&
	test_expect_code 3 fixbill job open --client acme "Printer" 2>err &&
	test -e "$FIXBILL_DB"
'

test_expect_success 'a --dry-run changes nothing in a database that exists' '
	shop &&
	work &&
	db_snapshot >.before &&
	fixbill invoice run --period 2026-10 --issue --dry-run >out &&
	grep "dry run: nothing was written" out &&
	db_snapshot >.after &&
	test_cmp .before .after
'

test_expect_success 'global options work before the noun and among the verb options alike' '
	shop &&
	fixbill --json job list --status all >a &&
	fixbill job list --status all --json >b &&
	test_cmp a b &&
	grep "\"title\": \"Job 01\"" a &&
	fixbill -q --db "$FIXBILL_DB" invoice list >c &&
	fixbill invoice list --db "$FIXBILL_DB" -q >d &&
	test_cmp c d
'

test_done
