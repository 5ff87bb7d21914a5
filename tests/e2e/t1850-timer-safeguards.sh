#!/bin/sh
# Timer safeguards (SPEC section 16): a timer forgotten overnight is not
# billed without asking, everyone's running timers at a glance, `time
# continue`, and `time add --start` alone meaning until now.
. "$(dirname "$0")/../lib.sh"

# FIXBILL_NOW is 2026-10-15 12:00 (UTC); FIXBILL_TECH is "tech".
setup() {
	fixbill -q tech add tech &&
	fixbill -q tech add kim &&
	fixbill -q client add acme --name "Acme Corp" &&
	fixbill -q client add bolt --name "Bolt Ltd" &&
	fixbill -q job open --client acme "Printer jam" &&
	fixbill -q job open --client bolt "Server down"
}

test_expect_success 'a timer that ran past time.max_timer is not stopped without asking' '
	setup &&
	FIXBILL_NOW=2026-10-14T17:30:00 fixbill -q time start 1 &&
	test_fails_cleanly 4 "fixbill: error: timer of '"'"'tech'"'"' on job 1 would run 18h30m, longer than time.max_timer (12h00m)" \
		fixbill time stop &&
	fixbill time stop 2>err; test $? = 4 &&
	grep "^hint: give its real end with --at WHEN, or --force if it really ran that long$" err &&
	fixbill time stop --at "2026-10-14 19:00" >out &&
	echo "stopped job 1 for tech at 2026-10-14 19:00 after 1h30m (entry 1)" >expect &&
	test_cmp expect out
'

test_expect_success '--force stops it anyway; --at past the limit is refused too' '
	setup &&
	FIXBILL_NOW=2026-10-14T17:30:00 fixbill -q time start 1 &&
	test_fails_cleanly 4 "fixbill: error: timer of '"'"'tech'"'"' on job 1 would run 14h30m, longer than time.max_timer (12h00m)" \
		fixbill time stop --at 08:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot stop the timer of '"'"'tech'"'"': 2026-10-16 09:00 is in the future" \
		fixbill time stop --at "2026-10-16 09:00" &&
	fixbill time stop --force >out &&
	echo "stopped job 1 for tech at 12:00 after 18h30m (entry 1)" >expect &&
	test_cmp expect out
'

test_expect_success 'time.max_timer sets the limit; exactly the limit is fine' '
	setup &&
	fixbill -q config set time.max_timer 2h &&
	fixbill config get time.max_timer >out &&
	echo 2h00m >expect &&
	test_cmp expect out &&
	fixbill -q time start 1 --at 09:30 &&
	test_fails_cleanly 4 "fixbill: error: timer of '"'"'tech'"'"' on job 1 would run 2h30m, longer than time.max_timer (2h00m)" \
		fixbill time stop &&
	fixbill -q time stop --at 11:30 &&
	test_fails_cleanly 2 "fixbill: error: cannot set '"'"'time.max_timer'"'"': ambiguous duration '"'"'12'"'"': write 12m or 12h" \
		fixbill config set time.max_timer 12
'

test_expect_success '--switch does not stop a forgotten timer either' '
	setup &&
	FIXBILL_NOW=2026-10-14T17:30:00 fixbill -q time start 1 &&
	test_fails_cleanly 4 "fixbill: error: timer of '"'"'tech'"'"' on job 1 would run 18h30m, longer than time.max_timer (12h00m)" \
		fixbill time start 2 --switch &&
	fixbill time start 2 --switch 2>err; test $? = 4 &&
	grep "^hint: stop it at its real end first" err &&
	fixbill -q time start 2 --switch --force &&
	fixbill time list --json | grep -c "\"end\": null" >count &&
	echo 1 >expect &&
	test_cmp expect count
'

test_expect_success 'status --all lists every running timer' '
	setup &&
	fixbill time status --all >out &&
	echo "no timer running" >expect &&
	test_cmp expect out &&
	fixbill --json time status --all >out &&
	echo "[]" >expect &&
	test_cmp expect out &&
	fixbill -q time start 1 --at 09:15 &&
	fixbill -q time start 2 --at 11:00 --tech kim &&
	fixbill time status --all >out &&
	cat >expect <<-\EOF &&
	TECH  JOB  CLIENT  STARTED           ELAPSED
	kim     2  bolt    2026-10-15 11:00  1h00m
	tech    1  acme    2026-10-15 09:15  2h45m
	EOF
	test_cmp expect out &&
	fixbill time status --all --json >out &&
	cat >expect <<-\EOF &&
	[
	  {
	    "tech": "kim",
	    "job": 2,
	    "client": "bolt",
	    "start": "2026-10-15T11:00:00+00:00",
	    "elapsed_seconds": 3600
	  },
	  {
	    "tech": "tech",
	    "job": 1,
	    "client": "acme",
	    "start": "2026-10-15T09:15:00+00:00",
	    "elapsed_seconds": 9900
	  }
	]
	EOF
	test_cmp expect out &&
	test_fails_cleanly 2 "fixbill: error: options '"'"'--all'"'"' and '"'"'--tech'"'"' cannot be combined" \
		fixbill time status --all --tech kim
'

test_expect_success 'continue starts a timer on the last job' '
	setup &&
	fixbill -q time add 2 1h --end 09:00 &&
	fixbill -q time add 1 1h --end 08:00 &&
	fixbill time continue >out &&
	echo "started job 2 for tech at 12:00 (entry 3)" >expect &&
	test_cmp expect out &&
	test_fails_cleanly 4 "fixbill: error: timer already running for '"'"'tech'"'"' on job 2" \
		fixbill time continue &&
	fixbill -q time add 1 1h --end 10:00 --tech kim &&
	fixbill time continue --tech kim --at 11:00 --note "back at it" >out &&
	echo "started job 1 for kim at 11:00 (entry 5)" >expect &&
	test_cmp expect out
'

test_expect_success 'continue refusals: nothing logged yet, an unknown technician' '
	setup &&
	test_fails_cleanly 4 "fixbill: error: nothing to continue: '"'"'tech'"'"' has logged no time" \
		fixbill time continue &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '"'"'bob'"'"'" \
		fixbill time continue --tech bob
'

test_expect_success 'continue on a job invoiced or cancelled since is refused' '
	setup &&
	fixbill -q time add 1 1h --end 09:00 &&
	fixbill -q job cancel 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot log time on job '"'"'1'"'"': it is cancelled" \
		fixbill time continue
'

test_expect_success 'add --start alone runs until now' '
	setup &&
	fixbill time add 1 --start 10:45 --json >out &&
	grep "\"start\": \"2026-10-15T10:45:00+00:00\"" out &&
	grep "\"end\": \"2026-10-15T12:00:00+00:00\"" out &&
	grep "\"seconds\": 4500" out &&
	test_fails_cleanly 2 "fixbill: error: cannot add entry: end 2026-10-15 12:00 is not after start 2026-10-15 13:00" \
		fixbill time add 1 --start 13:00
'

test_done
