#!/bin/sh
# Job safeguards (SPEC section 16): cancelling a job opened by mistake,
# reopen keeping the history of each episode, SLA times never negative,
# search over every text of a job, and the currency refusals.
. "$(dirname "$0")/../lib.sh"

# FIXBILL_NOW is 2026-10-15 12:00 (UTC).
setup() {
	fixbill -q tech add tech &&
	fixbill -q client add acme --name "Acme Corp" &&
	fixbill -q config set billing.rate 100 &&
	fixbill -q job open --client acme --at "2026-10-14 08:00" "Printer jam" &&
	fixbill -q job open --client acme --at "2026-10-14 08:05" "Printer jam (again)"
}

test_expect_success 'cancel: a duplicate is never billed and counts nowhere' '
	setup &&
	fixbill -q time add 2 --start "2026-10-14 09:00" --end "2026-10-14 10:00" &&
	fixbill -q job charge 2 --trip 45 &&
	fixbill -q time add 1 --start "2026-10-14 10:00" --end "2026-10-14 11:00" &&
	fixbill job cancel 2 --reason "duplicate of job 1" >out &&
	echo "cancelled job 2" >expect &&
	test_cmp expect out &&
	fixbill job show 2 >out &&
	grep "^status      cancelled$" out &&
	grep "^cancelled   2026-10-15 12:00$" out &&
	grep "^reason      duplicate of job 1$" out &&
	grep "^time        1h00m in 1 entry, 0h00m billable$" out &&
	fixbill --json job show 2 >out &&
	grep "\"status\": \"cancelled\"," out &&
	grep "\"cancel_reason\": \"duplicate of job 1\"," out &&
	fixbill -q job list >out &&
	echo 1 >expect &&
	test_cmp expect out &&
	fixbill -q job list --status cancelled >out &&
	echo 2 >expect &&
	test_cmp expect out &&
	fixbill --json report unbilled | grep "\"amount\": \"100.00\"" &&
	fixbill -q job resolve 1 --at "2026-10-14 12:00" &&
	fixbill -q invoice create --client acme &&
	fixbill --json invoice show 1 >inv &&
	grep "\"total\": \"100.00\"" inv &&
	! grep "\"job\": 2" inv
'

test_expect_success 'a cancelled job takes no more work and is not resolved' '
	setup &&
	fixbill -q job cancel 2 &&
	test_fails_cleanly 4 "fixbill: error: cannot log time on job '"'"'2'"'"': it is cancelled" \
		fixbill time add 2 1h &&
	test_fails_cleanly 4 "fixbill: error: cannot log time on job '"'"'2'"'"': it is cancelled" \
		fixbill time start 2 &&
	test_fails_cleanly 4 "fixbill: error: cannot charge job '"'"'2'"'"': it is cancelled" \
		fixbill job charge 2 --trip 45 &&
	test_fails_cleanly 4 "fixbill: error: cannot resolve job '"'"'2'"'"': it is cancelled" \
		fixbill job resolve 2 &&
	test_fails_cleanly 4 "fixbill: error: cannot reopen job '"'"'2'"'"': it is cancelled" \
		fixbill job reopen 2 &&
	test_fails_cleanly 4 "fixbill: error: cannot cancel job '"'"'2'"'"': it is already cancelled" \
		fixbill job cancel 2
'

test_expect_success 'cancel refusals: billed work, a draft, a running timer, unknown jobs' '
	setup &&
	fixbill -q time add 1 --start "2026-10-14 09:00" --end "2026-10-14 10:00" &&
	fixbill -q job resolve 1 --at "2026-10-14 12:00" &&
	fixbill -q invoice create --client acme &&
	test_fails_cleanly 4 "fixbill: error: cannot cancel job '"'"'1'"'"': draft 1 holds its work" \
		fixbill job cancel 1 &&
	fixbill -q invoice issue 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot cancel job '"'"'1'"'"': its work is on invoice INV-2026-00001" \
		fixbill job cancel 1 &&
	fixbill -q time start 2 --at 11:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot cancel job '"'"'2'"'"': it has a running timer" \
		fixbill job cancel 2 &&
	test_fails_cleanly 3 "fixbill: error: unknown job '"'"'9'"'"'" fixbill job cancel 9 &&
	test_fails_cleanly 2 "fixbill: error: invalid job number '"'"'x'"'"'" fixbill job cancel x
'

test_expect_success 'a voided invoice lets its job be cancelled' '
	setup &&
	fixbill -q time add 1 --start "2026-10-14 09:00" --end "2026-10-14 10:00" &&
	fixbill -q job resolve 1 --at "2026-10-14 12:00" &&
	fixbill -q invoice create --client acme &&
	fixbill -q invoice issue 1 &&
	fixbill -q invoice void INV-2026-00001 --reason "opened twice" &&
	fixbill -q job cancel 1 &&
	fixbill invoice create --client acme >out &&
	grep "nothing to bill" out
'

# P1, down since 08:00, opened 08:30, resolved 10:00; reopened 14:00,
# down again since 13:30, resolved again 15:00.
episodes() {
	fixbill -q tech add tech &&
	fixbill -q config set billing.rate 100 &&
	fixbill -q client add acme --name "Acme Corp" --downtime-cost 100 &&
	fixbill -q job open --client acme --priority P1 --at "2026-10-15 08:30" \
		--down-since "2026-10-15 08:00" "Internet down" &&
	fixbill -q time add 1 --start 09:00 --end 09:30 &&
	fixbill -q job resolve 1 --at 10:00 --note "reset the router" &&
	FIXBILL_NOW=2026-10-15T16:00:00 fixbill -q job reopen 1 --at 14:00 --down-since 13:30 &&
	FIXBILL_NOW=2026-10-15T16:00:00 fixbill -q job resolve 1 --at 15:00 --note "replaced the router"
}

test_expect_success 'reopen: each resolve ends an episode, whose history is kept' '
	episodes &&
	fixbill job show 1 >out &&
	cat >expect <<-\EOF &&
	job 1: Internet down
	client      acme (Acme Corp)
	priority    P1
	status      resolved
	onsite      no
	opened      2026-10-15 08:30
	reopened    2026-10-15 14:00
	resolved    2026-10-15 15:00
	down since  2026-10-15 13:30
	restored    -
	response    0h30m
	resolved in 1h30m
	downtime    3h30m
	time        0h30m in 1 entry, 0h30m billable
	resolution  replaced the router
	earlier     2026-10-15 08:30 to 2026-10-15 10:00, down 2h00m
	            reset the router
	EOF
	test_cmp expect out &&
	fixbill --json job show 1 >out &&
	grep "\"resolution_seconds\": 5400," out &&
	grep "\"downtime_seconds\": 12600," out &&
	grep "\"resolution\": \"reset the router\"" out
'

test_expect_success 'a reopen without --down-since adds no downtime, however long it stays open' '
	fixbill -q tech add tech &&
	fixbill -q client add acme --name "Acme Corp" &&
	fixbill -q job open --client acme --priority P1 --at "2026-10-01 08:30" \
		--down-since "2026-10-01 08:00" "Internet down" &&
	fixbill -q job resolve 1 --at "2026-10-01 10:00" &&
	fixbill -q job reopen 1 --at "2026-10-01 12:00" &&
	fixbill -q job resolve 1 --at "2026-10-08 10:00" &&
	fixbill --json job show 1 >out &&
	grep "\"downtime_seconds\": 7200," out &&
	grep "\"resolution_seconds\": 5400," out &&
	fixbill report sla --period 2026-10 --json >out &&
	"$PYTHON" -c "
import json
rows = json.load(open(\"out\"))
p1 = [r for r in rows if r[\"priority\"] == \"P1\"][0]
print(p1[\"resolve_median\"], p1[\"resolve_breaches\"])" >actual &&
	echo "1.50 0" >expect &&
	test_cmp expect actual
'

test_expect_success 'SLA and compare count every episode; search finds every resolution' '
	episodes &&
	fixbill report compare --client acme --period 2026-10 --managed-fee 0 --json >out &&
	grep -A3 "\"item\": \"downtime\"" out | grep "\"hours\": \"3.50\"" &&
	fixbill job search reset >out &&
	grep "^job 1 " out &&
	fixbill job search replaced >out &&
	grep "^job 1 " out
'

test_expect_success 'reopen refusals: times before the episode that ends, or to come' '
	episodes &&
	FIXBILL_NOW=2026-10-15T16:00:00 && export FIXBILL_NOW &&
	fixbill -q job reopen 1 --at 15:30 &&
	fixbill -q job resolve 1 --at 15:45 &&
	test_fails_cleanly 2 "fixbill: error: invalid reopen time: 2026-10-15 15:00 is before the job was resolved at 2026-10-15 15:45" \
		fixbill job reopen 1 --at 15:00 &&
	test_fails_cleanly 2 "fixbill: error: invalid downtime: down since 2026-10-15 15:30 is before the last episode ended at 2026-10-15 15:45" \
		fixbill job reopen 1 --down-since 15:30 &&
	test_fails_cleanly 4 "fixbill: error: cannot reopen job '"'"'1'"'"': 2026-10-15 17:00 is in the future" \
		fixbill job reopen 1 --at 17:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot reopen job '"'"'1'"'"': 2026-10-15 17:00 is in the future" \
		fixbill job reopen 1 --down-since 17:00 &&
	fixbill -q job reopen 1 &&
	test_fails_cleanly 2 "fixbill: error: invalid resolve time: 2026-10-15 11:50 is before the job was reopened at 2026-10-15 16:00" \
		fixbill job resolve 1 --at 11:50
'

test_expect_success 'SLA: work logged before the job was opened is a response of 0' '
	fixbill -q tech add tech &&
	fixbill -q client add acme --name "Acme Corp" &&
	fixbill -q job open --client acme --priority P2 --at "2026-10-14 10:00" "Phone system" &&
	fixbill -q time add 1 --start "2026-10-14 09:00" --end "2026-10-14 09:30" &&
	fixbill --json job show 1 | grep "\"response_seconds\": 0," &&
	fixbill report sla --period 2026-10 --json >out &&
	"$PYTHON" -c "
import json
rows = json.load(open(\"out\"))
p2 = [r for r in rows if r[\"priority\"] == \"P2\"][0]
print(p2[\"jobs\"], p2[\"response_median\"], p2[\"response_p90\"], p2[\"response_breaches\"])" >actual &&
	echo "1 0.00 0.00 0" >expect &&
	test_cmp expect actual
'

test_expect_success 'SLA: a cancelled job is in no figure' '
	setup &&
	fixbill -q job cancel 2 &&
	fixbill report sla --period 2026-10 --json >out &&
	"$PYTHON" -c "
import json
rows = json.load(open(\"out\"))
print([r[\"jobs\"] for r in rows if r[\"priority\"] == \"P3\"])" >actual &&
	echo "[1]" >expect &&
	test_cmp expect actual
'

test_expect_success 'search finds entry notes and part descriptions, one hit a job' '
	setup &&
	fixbill -q time add 1 1h --end 09:00 --note "cleared paper from the fuser" &&
	fixbill -q time add 1 1h --end 10:00 --note "fuser was worn" &&
	fixbill -q job charge 2 --part "Fuser kit HP M404" --qty 1 --cost 80 &&
	fixbill job search fuser >out &&
	cat >expect <<-\EOF &&
	job 1 (acme, open): Printer jam
	    [fuser] was worn
	job 2 (acme, open): Printer jam (again)
	    [Fuser] kit HP M404
	EOF
	test_cmp expect out &&
	fixbill -q time edit 2 --note "roller was worn" &&
	fixbill -q job uncharge 1 &&
	fixbill job search fuser >out &&
	cat >expect <<-\EOF &&
	job 1 (acme, open): Printer jam
	    cleared paper from the [fuser]
	EOF
	test_cmp expect out &&
	fixbill -q time rm 1 &&
	fixbill job search fuser >out &&
	test ! -s out &&
	fixbill job search roller >out &&
	grep "^job 1 " out
'

# Entry notes are indexed in place (schema 16, entry_fts): an index that
# reads its text from entries forgets a note only by the note it indexed,
# so every change must hand it the old one; SQLite's own check says so.
test_expect_success 'entry notes are searched in entries: moves, checks, upgrade' '
	setup &&
	fixbill -q time add 1 1h --end 09:00 --note "cleared paper from the fuser" &&
	fixbill -q time add 1 1h --end 10:00 --note "fuser was worn" &&
	fixbill -q time edit 2 --job 2 &&
	fixbill -q time edit 1 --note "roller was worn" &&
	fixbill job search fuser >out &&
	cat >expect <<-\EOF &&
	job 2 (acme, open): Printer jam (again)
	    [fuser] was worn
	EOF
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO entry_fts(entry_fts) VALUES ('"'"'integrity-check'"'"')" &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM work_fts")" = 0 &&
	v=$(ls "$TEST_ROOT"/share/schema/*.sql | grep -n -- "-entry-fts\.sql$" | cut -d: -f1) &&
	db_before_entry_fts &&
	sqlite3 "$FIXBILL_DB" "PRAGMA user_version = $((v - 1))" &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM work_fts")" = 2 &&
	fixbill job search roller >out &&
	grep "^job 1 " out &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA user_version")" = "$(ls "$TEST_ROOT"/share/schema/*.sql | wc -l)" &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM work_fts")" = 0 &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO entry_fts(entry_fts) VALUES ('"'"'integrity-check'"'"')" &&
	fixbill job search fuser >out &&
	test_cmp expect out
'

test_expect_success 'search finds imported notes, and stops a timer with a note' '
	setup &&
	printf "client,title,start,end,note\nacme,Printer jam,2026-10-01 09:00,2026-10-01 10:00,toner everywhere\n" >in.csv &&
	fixbill -q time import in.csv &&
	fixbill -q time start 2 --at 11:00 &&
	fixbill -q time stop --note "swapped the drum" &&
	fixbill job search toner >out &&
	grep "^job 1 " out &&
	fixbill job search drum >out &&
	grep "^job 2 " out
'

test_expect_success 'a job with work or charges does not move to another currency' '
	setup &&
	fixbill -q client add euro --name "Euro GmbH" --currency EUR --rate 80 &&
	fixbill -q client add usd2 --name "Other USD" &&
	fixbill -q job charge 1 --part "Fuser" --cost 10 &&
	test_fails_cleanly 4 "fixbill: error: cannot move job '"'"'1'"'"' to client '"'"'euro'"'"': its work is priced in USD, the client pays in EUR" \
		fixbill job edit 1 --client euro &&
	fixbill -q job edit 1 --client usd2 &&
	fixbill -q time add 2 1h &&
	test_fails_cleanly 4 "fixbill: error: cannot move job '"'"'2'"'"' to client '"'"'euro'"'"': its work is priced in USD, the client pays in EUR" \
		fixbill job edit 2 --client euro &&
	fixbill -q job open --client acme "Nothing yet" &&
	fixbill -q job edit 3 --client euro &&
	fixbill job show 3 | grep "^client      euro"
'

test_expect_success 'a client with unbilled work or charges keeps its currency' '
	setup &&
	fixbill -q job charge 1 --part "Fuser" --cost 75.50 &&
	test_fails_cleanly 4 "fixbill: error: cannot change the currency of client '"'"'acme'"'"': it has unbilled work or charges in USD" \
		fixbill client edit acme --currency JPY &&
	fixbill client edit acme --currency JPY 2>err; test $? = 4 &&
	grep "^hint: invoice them first" err &&
	fixbill -q job uncharge 1 &&
	fixbill -q time add 1 1h &&
	test_fails_cleanly 4 "fixbill: error: cannot change the currency of client '"'"'acme'"'"': it has unbilled work or charges in USD" \
		fixbill client edit acme --currency JPY &&
	fixbill -q time edit 1 --nonbillable &&
	fixbill -q client edit acme --currency JPY &&
	fixbill client show acme | grep JPY
'

test_done
