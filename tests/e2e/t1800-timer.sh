#!/bin/sh
# fixbill time start, stop, status, cancel: one running timer per
# technician, kept in the database, with --switch, overlaps and DST.
. "$(dirname "$0")/../lib.sh"

# FIXBILL_NOW is 2026-10-15 12:00 (UTC); FIXBILL_TECH is "tech".
setup() {
	fixbill -q tech add tech &&
	fixbill -q tech add kim &&
	fixbill -q client add acme --name "Acme Corp" &&
	fixbill -q job open --client acme "Printer jam" &&
	fixbill -q job open --client acme "Server down"
}

test_expect_success 'start, status, stop' '
	setup &&
	FIXBILL_NOW=2026-10-15T09:15:00 fixbill time start 1 --note "on site" >out &&
	echo "started job 1 for tech at 09:15 (entry 1)" >expect &&
	test_cmp expect out &&
	FIXBILL_NOW=2026-10-15T10:00:00 fixbill time status >out &&
	cat >expect <<-\EOF &&
	entry:     1
	job:       1 (acme: Printer jam)
	tech:      tech
	start:     2026-10-15 09:15
	end:       running
	elapsed:   0h45m
	billable:  yes
	invoice:   -
	note:      on site
	EOF
	test_cmp expect out &&
	FIXBILL_NOW=2026-10-15T10:30:00 fixbill time stop >out &&
	echo "stopped job 1 for tech at 10:30 after 1h15m (entry 1)" >expect &&
	test_cmp expect out &&
	fixbill time status >out &&
	echo "no timer running" >expect &&
	test_cmp expect out
'

test_expect_success 'status --json, running and not' '
	setup &&
	fixbill time status --json >out &&
	cat >expect <<-\EOF &&
	{
	  "running": false,
	  "entry": null,
	  "elapsed_seconds": null
	}
	EOF
	test_cmp expect out &&
	fixbill -q time start 2 --at 11:00 &&
	fixbill --json time status >out &&
	cat >expect <<-\EOF &&
	{
	  "running": true,
	  "entry": {
	    "id": 1,
	    "job": 2,
	    "client": "acme",
	    "tech": "tech",
	    "start": "2026-10-15T11:00:00+00:00",
	    "end": null,
	    "seconds": 3600,
	    "billable": true,
	    "nocharge": false,
	    "billed_elsewhere": false,
	    "note": null,
	    "invoice": null
	  },
	  "elapsed_seconds": 3600
	}
	EOF
	test_cmp expect out
'

test_expect_success 'a second timer is refused' '
	setup &&
	fixbill -q time start 1 --at 11:00 &&
	test_fails_cleanly 4 "fixbill: error: timer already running for '\''tech'\'' on job 1" \
		fixbill time start 2 &&
	fixbill time start 2 2>err; test $? = 4 &&
	grep "^hint: .*fixbill time stop.*--switch" err
'

test_expect_success '--switch stops the running timer at the same instant' '
	setup &&
	fixbill -q time start 1 --at 09:00 &&
	FIXBILL_NOW=2026-10-15T10:30:00 fixbill time start 2 --switch >out &&
	cat >expect <<-\EOF &&
	stopped job 1 for tech at 10:30 after 1h30m (entry 1)
	started job 2 for tech at 10:30 (entry 2)
	EOF
	test_cmp expect out &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS    NOTE
	    1    1  acme    tech  2026-10-15 09:00  10:30     1h30m  -        -
	    2    2  acme    tech  2026-10-15 10:30  -         1h30m  running  -
	total                                                 3h00m           2 entries
	EOF
	test_cmp expect out
'

test_expect_success '--switch --at switches at that time' '
	setup &&
	fixbill -q time start 1 --at 09:00 &&
	fixbill -q time start 2 --switch --at 11:45 &&
	fixbill time list --json >out &&
	grep "\"end\": \"2026-10-15T11:45:00+00:00\"" out &&
	grep "\"start\": \"2026-10-15T11:45:00+00:00\"" out
'

test_expect_success 'each technician has a timer of their own' '
	setup &&
	fixbill -q time start 1 --at 11:00 &&
	fixbill -q time start 2 --at 11:00 --tech kim &&
	FIXBILL_TECH=kim fixbill time status --json >out &&
	grep "\"job\": 2" out &&
	fixbill time stop --tech kim >out &&
	echo "stopped job 2 for kim at 12:00 after 1h00m (entry 2)" >expect &&
	test_cmp expect out &&
	fixbill time status --json >out &&
	grep "\"running\": true" out
'

test_expect_success 'the timer is a row: it survives between commands and days' '
	setup &&
	FIXBILL_NOW=2026-10-14T16:00:00 fixbill -q time start 1 &&
	sqlite3 "$FIXBILL_DB" "SELECT id, start, stop IS NULL FROM entries" >out &&
	echo "1|1791993600|1" >expect &&
	test_cmp expect out &&
	FIXBILL_NOW=2026-10-15T09:00:00 fixbill time stop --force >out &&
	echo "stopped job 1 for tech at 09:00 after 17h00m (entry 1)" >expect &&
	test_cmp expect out
'

test_expect_success 'stop --at and --note' '
	setup &&
	fixbill -q time start 1 --at 09:00 --note "start note" &&
	fixbill time stop --at 09:40 --note "replaced fuser" >out &&
	echo "stopped job 1 for tech at 09:40 after 0h40m (entry 1)" >expect &&
	test_cmp expect out &&
	fixbill time show 1 --json >out &&
	grep "\"note\": \"replaced fuser\"" out &&
	grep "\"seconds\": 2400," out
'

test_expect_success 'stopping at or before the start is refused' '
	setup &&
	fixbill -q time start 1 --at 09:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot stop the timer of '\''tech'\'' at 2026-10-15 08:00: it started at 2026-10-15 09:00" \
		fixbill time stop --at 08:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot stop the timer of '\''tech'\'' at 2026-10-15 09:00: it started at 2026-10-15 09:00" \
		fixbill time stop --at 09:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot stop the timer of '\''tech'\'' at 2026-10-15 08:00: it started at 2026-10-15 09:00" \
		fixbill time start 2 --switch --at 08:00
'

test_expect_success 'a timer cannot start or stop in the future' '
	setup &&
	test_fails_cleanly 4 "fixbill: error: cannot start a timer: 2026-10-15 13:00 is in the future" \
		fixbill time start 1 --at 13:00 &&
	fixbill -q time start 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot stop the timer of '\''tech'\'': 2026-10-15 13:00 is in the future" \
		fixbill time stop --at 13:00
'

test_expect_success 'stop, cancel with no timer running are refused' '
	setup &&
	test_fails_cleanly 4 "fixbill: error: no timer running for '\''tech'\''" fixbill time stop &&
	test_fails_cleanly 4 "fixbill: error: no timer running for '\''tech'\''" fixbill time cancel &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''newbie'\''" fixbill time stop --tech newbie &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''newbie'\''" fixbill time cancel --tech newbie
'

test_expect_success 'status changes nothing; an unknown technician is not found' '
	setup &&
	db_snapshot >before &&
	fixbill time status >out &&
	echo "no timer running" >expect &&
	test_cmp expect out &&
	db_snapshot >after &&
	test_cmp before after &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''newbie'\''" \
		fixbill time status --tech newbie
'

test_expect_success 'cancel deletes the running timer' '
	setup &&
	fixbill -q time add 2 30m --start 08:00 &&
	fixbill -q time start 1 --at 11:15 &&
	fixbill time cancel >out &&
	echo "cancelled the timer on job 1 for tech started at 11:15 (0h45m discarded)" >expect &&
	test_cmp expect out &&
	fixbill -q time list >out &&
	echo 1 >expect &&
	test_cmp expect out
'

test_expect_success 'unknown and malformed jobs' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: unknown job '\''9'\''" fixbill time start 9 &&
	test_fails_cleanly 2 "fixbill: error: invalid job number '\''abc'\''" fixbill time start abc &&
	fixbill -q time start 1 &&
	test_fails_cleanly 3 "fixbill: error: unknown job '\''9'\''" fixbill time start 9 --switch
'

test_expect_success 'no timer on an invoiced job' '
	setup &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = '\''invoiced'\'' WHERE id = 2" &&
	test_fails_cleanly 4 "fixbill: error: cannot log time on job '\''2'\'': it is invoiced" \
		fixbill time start 2
'

test_expect_success 'a timer may not overlap logged work; a running one counts until now' '
	setup &&
	fixbill -q time add 2 1h --start 10:00 &&
	test_fails_cleanly 4 "fixbill: error: timer would overlap entry 1 of '\''tech'\'' (2026-10-15 10:00 to 11:00)" \
		fixbill time start 1 --at 10:30 &&
	fixbill -q time start 1 --at 10:30 --allow-overlap &&
	fixbill -q time rm 1 &&
	test_fails_cleanly 4 "fixbill: error: entry would overlap entry 2 of '\''tech'\'' (2026-10-15 10:30, running)" \
		fixbill time add 2 15m --start 11:30 &&
	fixbill -q time add 2 15m --start 10:00
'

test_expect_success 'the running timer cannot be given an end by edit' '
	setup &&
	fixbill -q time start 1 --at 10:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot edit entry 1: it is a running timer" \
		fixbill time edit 1 --end 11:00 &&
	fixbill -q time edit 1 --start 09:30 --note "earlier" &&
	fixbill time status --json >out &&
	grep "\"elapsed_seconds\": 9000" out
'

test_expect_success 'a timer started in a DST gap is a usage error' '
	setup &&
	fixbill config set timezone America/New_York &&
	test_fails_cleanly 2 "fixbill: error: nonexistent local time '\''2026-03-08 02:30'\'' in America/New_York (skipped by daylight saving)" \
		fixbill time start 1 --at "2026-03-08 02:30"
'

test_expect_success 'a timer across the DST fall-back measures real time' '
	setup &&
	fixbill config set timezone America/New_York &&
	FIXBILL_NOW="2026-11-01 00:45" fixbill -q time start 1 &&
	FIXBILL_NOW="2026-11-01T01:15:00-05:00" fixbill time status --json >out &&
	grep "\"elapsed_seconds\": 5400" out &&
	FIXBILL_NOW="2026-11-01 02:45" fixbill time stop >out &&
	echo "stopped job 1 for tech at 02:45 after 3h00m (entry 1)" >expect &&
	test_cmp expect out
'

test_expect_success 'start, stop and cancel are quiet with -q, JSON with --json' '
	setup &&
	fixbill -q time start 1 --at 10:00 >out &&
	FIXBILL_NOW=2026-10-15T11:00:00 fixbill -q time stop >>out &&
	fixbill -q time start 2 >>out &&
	fixbill -q time cancel >>out &&
	test_cmp /dev/null out &&
	fixbill time start 2 --json >out &&
	grep "\"end\": null" out &&
	grep "\"seconds\": 0," out
'

test_done
