#!/bin/sh
# fixbill job: open, list, show, edit, resolve, reopen; the derived
# response, resolution and downtime; every refusal leaves the database
# as it was.
. "$(dirname "$0")/../lib.sh"

# Two clients; FIXBILL_NOW is 2026-10-15 12:00 UTC.
setup() {
	fixbill -q tech add tech &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill client add beta --name "Beta LLC" >/dev/null
}

test_expect_success 'open prints the new job number' '
	setup &&
	fixbill job open --client acme "Printer offline" >actual &&
	fixbill job open --client beta "Email not syncing" >>actual &&
	printf "job 1\njob 2\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'open: defaults, -q prints nothing' '
	setup &&
	fixbill -q job open --client acme "Printer offline" >actual &&
	test ! -s actual &&
	fixbill job list >actual &&
	cat >expect <<-\EOT &&
	ID  CLIENT  PRI  STATUS  OPENED            TITLE
	 1  acme    P3   open    2026-10-15 12:00  Printer offline
	EOT
	test_cmp expect actual
'

test_expect_success 'open --json prints the show document' '
	setup &&
	fixbill job open --json --client acme --priority p1 --onsite \
		--down-since "2026-10-15 08:30" --at "2026-10-15 09:00" \
		--note "Whole office offline" "Router down" >actual &&
	cat >expect <<-\EOT &&
	{
	  "id": 1,
	  "client": "acme",
	  "title": "Router down",
	  "priority": "P1",
	  "status": "open",
	  "onsite": true,
	  "opened": "2026-10-15T09:00:00+00:00",
	  "resolved": null,
	  "down_since": "2026-10-15T08:30:00+00:00",
	  "restored": null,
	  "note": "Whole office offline",
	  "resolution": null,
	  "po": null,
	  "cancelled": null,
	  "cancel_reason": null,
	  "response_seconds": null,
	  "resolution_seconds": null,
	  "downtime_seconds": null,
	  "entries": 0,
	  "seconds": 0,
	  "billable_seconds": 0,
	  "running": false,
	  "charges": [],
	  "earlier_episodes": [],
	  "charges_total": "0.00",
	  "currency": "USD"
	}
	EOT
	test_cmp expect actual
'

test_expect_success 'open refusals change nothing' '
	setup &&
	fixbill job open --client acme "First" >/dev/null &&
	test_fails_cleanly 3 "fixbill: error: unknown client '"'"'nobody'"'"'" \
		fixbill job open --client nobody "Printer offline" &&
	test_fails_cleanly 2 "fixbill: error: missing option '"'"'--client'"'"' for '"'"'job open'"'"'" \
		fixbill job open "Printer offline" &&
	test_fails_cleanly 2 "fixbill: error: invalid priority '"'"'P5'"'"': want P1, P2, P3 or P4" \
		fixbill job open --client acme --priority P5 "Printer offline" &&
	test_fails_cleanly 2 "fixbill: error: invalid title: must not be empty" \
		fixbill job open --client acme "  " &&
	test_fails_cleanly 2 "fixbill: error: invalid title: not UTF-8 text, or has control characters" \
		fixbill job open --client acme "$(printf "bad\033[31m")" &&
	test_fails_cleanly 2 "fixbill: error: invalid title: not UTF-8 text, or has control characters" \
		fixbill job open --client acme "$(printf "two\nlines")" &&
	test_fails_cleanly 2 "fixbill: error: invalid title: not UTF-8 text, or has control characters" \
		fixbill job open --client acme "$(printf "latin1 \351")" &&
	test_fails_cleanly 2 "fixbill: error: invalid time '"'"'soon'"'"'" \
		fixbill job open --client acme --at soon "Printer offline" &&
	test_fails_cleanly 2 "fixbill: error: too many arguments for '"'"'job open'"'"'" \
		fixbill job open --client acme Printer offline
'

test_expect_success 'open refuses an archived client (exit 4)' '
	setup &&
	fixbill client archive beta &&
	test_fails_cleanly 4 "fixbill: error: cannot open a job for client '"'"'beta'"'"': it is archived" \
		fixbill job open --client beta "Printer offline"
'

test_expect_success 'notes may span lines; 64 KiB at most' '
	setup &&
	fixbill job open --client acme --note "$(printf "line one\nline two")" "Printer" &&
	fixbill job show 1 >actual &&
	grep "^note        line one$" actual &&
	grep "^            line two$" actual &&
	big=$(head -c 65537 /dev/zero | tr "\\0" x) &&
	test_fails_cleanly 2 "fixbill: error: invalid note: longer than 65536 bytes" \
		fixbill job open --client acme --note "$big" "Printer"
'

test_expect_success 'a local time skipped by daylight saving is a usage error' '
	setup &&
	fixbill config set timezone America/New_York &&
	TZ=America/New_York &&
	export TZ &&
	test_fails_cleanly 2 "fixbill: error: nonexistent local time '"'"'2026-03-08 02:30'"'"' in America/New_York (skipped by daylight saving)" \
		fixbill job open --client acme --at "2026-03-08 02:30" "Printer offline" &&
	fixbill job open --client acme --at "2026-03-08 03:30" "Printer offline" &&
	fixbill job list --status all >actual &&
	grep "2026-03-08 03:30  Printer offline$" actual &&
	fixbill --json job show 1 >actual &&
	grep "\"opened\": \"2026-03-08T03:30:00-04:00\"" actual
'

# Jobs 1-4: open acme, resolved acme, open beta (September), invoiced beta.
setup_many() {
	setup &&
	fixbill job open --client acme --at "2026-10-01 09:00" "Printer offline" >/dev/null &&
	fixbill job open --client acme --at "2026-10-02 09:00" "Laptop slow" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-02 11:00" &&
	fixbill job open --client beta --at "2026-09-30 23:00" "Email not syncing" >/dev/null &&
	fixbill job open --client beta --at "2026-10-05 09:00" --priority P2 --onsite "Server down" >/dev/null &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = 'invoiced', resolved = opened + 3600 WHERE id = 4"
}

test_expect_success 'list: open and resolved by default, --status filters' '
	setup_many &&
	fixbill job list >actual &&
	cat >expect <<-\EOT &&
	ID  CLIENT  PRI  STATUS    OPENED            TITLE
	 1  acme    P3   open      2026-10-01 09:00  Printer offline
	 2  acme    P3   resolved  2026-10-02 09:00  Laptop slow
	 3  beta    P3   open      2026-09-30 23:00  Email not syncing
	EOT
	test_cmp expect actual &&
	fixbill job list --status all >actual &&
	cat >expect <<-\EOT &&
	ID  CLIENT  PRI  STATUS             OPENED            TITLE
	 1  acme    P3   open               2026-10-01 09:00  Printer offline
	 2  acme    P3   resolved           2026-10-02 09:00  Laptop slow
	 3  beta    P3   open               2026-09-30 23:00  Email not syncing
	 4  beta    P2   invoiced (onsite)  2026-10-05 09:00  Server down
	EOT
	test_cmp expect actual &&
	fixbill -q job list --status open >actual &&
	printf "1\n3\n" >expect &&
	test_cmp expect actual &&
	fixbill -q job list --status invoiced >actual &&
	echo 4 >expect &&
	test_cmp expect actual &&
	fixbill -q job list --status resolved --client acme >actual &&
	echo 2 >expect &&
	test_cmp expect actual
'

test_expect_success 'list and completion: jobs of several clients by number' '
	setup_many &&
	fixbill job open --client acme --at "2026-10-06 09:00" "Scanner jam" >/dev/null &&
	fixbill -q job list >actual &&
	printf "1\n2\n3\n5\n" >expect &&
	test_cmp expect actual &&
	fixbill -q job list --status open >actual &&
	printf "1\n3\n5\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete time start "" >actual &&
	test_cmp expect actual
'

test_expect_success 'list: --client, --period and --from/--to by open time' '
	setup_many &&
	fixbill -q job list --client beta --status all >actual &&
	printf "3\n4\n" >expect &&
	test_cmp expect actual &&
	fixbill -q job list --period 2026-10 --status all >actual &&
	printf "1\n2\n4\n" >expect &&
	test_cmp expect actual &&
	fixbill -q job list --period 2026-09 >actual &&
	echo 3 >expect &&
	test_cmp expect actual &&
	fixbill -q job list --from 2026-10-02 --to 2026-10-05 --status all >actual &&
	printf "2\n4\n" >expect &&
	test_cmp expect actual &&
	fixbill -q job list --to 2026-10-01 >actual &&
	printf "1\n3\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'list --json is an array of jobs; nothing matching is []' '
	setup_many &&
	fixbill job list --json --status resolved >actual &&
	cat >expect <<-\EOT &&
	[
	  {
	    "id": 2,
	    "client": "acme",
	    "title": "Laptop slow",
	    "priority": "P3",
	    "status": "resolved",
	    "onsite": false,
	    "opened": "2026-10-02T09:00:00+00:00",
	    "resolved": "2026-10-02T11:00:00+00:00",
	    "down_since": null,
	    "restored": null,
	    "note": null,
	    "resolution": null,
	    "po": null,
	    "cancelled": null,
	    "cancel_reason": null
	  }
	]
	EOT
	test_cmp expect actual &&
	fixbill --json job list --period 2025 >actual &&
	echo "[]" >expect &&
	test_cmp expect actual
'

test_expect_success 'list refusals' '
	setup_many &&
	test_fails_cleanly 2 "fixbill: error: invalid status '"'"'closed'"'"': want open, resolved, invoiced, cancelled or all" \
		fixbill job list --status closed &&
	test_fails_cleanly 2 "fixbill: error: options '"'"'--period'"'"' and '"'"'--from'"'"' cannot be combined" \
		fixbill job list --period 2026-10 --from 2026-10-01 &&
	test_fails_cleanly 2 "fixbill: error: invalid period '"'"'2026-13'"'"': write YYYY-MM, YYYY-Qn or YYYY" \
		fixbill job list --period 2026-13 &&
	test_fails_cleanly 3 "fixbill: error: unknown client '"'"'gamma'"'"'" \
		fixbill job list --client gamma
'

test_expect_success 'show: response, resolution and downtime derived' '
	setup &&
	fixbill job open --client acme --priority P2 --down-since "2026-10-15 08:30" \
		--at "2026-10-15 09:00" --note "Prints nothing" "Printer offline" >/dev/null &&
	fixbill time add 1 --start "2026-10-15 09:20" --end "2026-10-15 10:00" >/dev/null &&
	fixbill time add 1 --start "2026-10-15 10:00" --end "2026-10-15 10:15" --nonbillable >/dev/null &&
	fixbill job resolve 1 --at "2026-10-15 11:30" --note "Replaced the fuser" &&
	fixbill job show 1 >actual &&
	cat >expect <<-\EOT &&
	job 1: Printer offline
	client      acme (Acme Corp)
	priority    P2
	status      resolved
	onsite      no
	opened      2026-10-15 09:00
	resolved    2026-10-15 11:30
	down since  2026-10-15 08:30
	restored    -
	response    0h20m
	resolved in 2h30m
	downtime    3h00m
	time        0h55m in 2 entries, 0h40m billable
	note        Prints nothing
	resolution  Replaced the fuser
	EOT
	test_cmp expect actual &&
	fixbill job show 1 --json >actual &&
	grep "\"response_seconds\": 1200,$" actual &&
	grep "\"resolution_seconds\": 9000,$" actual &&
	grep "\"downtime_seconds\": 10800,$" actual &&
	grep "\"entries\": 2,$" actual &&
	grep "\"seconds\": 3300,$" actual &&
	grep "\"billable_seconds\": 2400,$" actual
'

test_expect_success 'show: --restored ends the downtime, not the resolve time' '
	setup &&
	fixbill job open --client acme --down-since "2026-10-15 08:00" --at "2026-10-15 09:00" "Server down" >/dev/null &&
	fixbill job resolve 1 --restored "2026-10-15 09:45" --at "2026-10-15 11:00" &&
	fixbill job show 1 >actual &&
	grep "^restored    2026-10-15 09:45$" actual &&
	grep "^downtime    1h45m$" actual &&
	grep "^response    -$" actual
'

test_expect_success 'show refusals: unknown job 3, malformed number 2' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: unknown job '"'"'99'"'"'" fixbill job show 99 &&
	test_fails_cleanly 2 "fixbill: error: invalid job number '"'"'abc'"'"'" fixbill job show abc &&
	test_fails_cleanly 2 "fixbill: error: invalid job number '"'"'0'"'"'" fixbill job show 0 &&
	test_fails_cleanly 2 "fixbill: error: too few arguments for '"'"'job show'"'"'" fixbill job show
'

test_expect_success 'edit changes fields; empty note removes it' '
	setup &&
	fixbill job open --client acme --note "old note" "Printr offline" >/dev/null &&
	fixbill job edit 1 --title "Printer offline" --priority P1 --onsite --client beta \
		--down-since "2026-10-15 07:00" --note "" --resolution "Power cycled" &&
	fixbill job show 1 --json >actual &&
	grep "\"title\": \"Printer offline\",$" actual &&
	grep "\"client\": \"beta\",$" actual &&
	grep "\"priority\": \"P1\",$" actual &&
	grep "\"onsite\": true,$" actual &&
	grep "\"down_since\": \"2026-10-15T07:00:00+00:00\",$" actual &&
	grep "\"note\": null,$" actual &&
	grep "\"resolution\": \"Power cycled\",$" actual &&
	fixbill job edit 1 --offsite &&
	fixbill job show 1 >actual &&
	grep "^onsite      no$" actual
'

test_expect_success 'edit --json prints the job' '
	setup &&
	fixbill job open --client acme "Printer offline" >/dev/null &&
	fixbill job edit 1 --priority P2 --json >actual &&
	grep "\"priority\": \"P2\",$" actual &&
	fixbill job edit 1 --priority P4 >actual &&
	test ! -s actual
'

test_expect_success 'edit refusals change nothing' '
	setup &&
	fixbill job open --client acme --down-since "2026-10-15 09:00" "Printer offline" >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: nothing to change for '"'"'job edit'"'"'" fixbill job edit 1 &&
	test_fails_cleanly 3 "fixbill: error: unknown job '"'"'7'"'"'" fixbill job edit 7 --title x &&
	test_fails_cleanly 3 "fixbill: error: unknown client '"'"'gamma'"'"'" fixbill job edit 1 --client gamma &&
	test_fails_cleanly 2 "fixbill: error: options '"'"'--onsite'"'"' and '"'"'--offsite'"'"' cannot be combined" \
		fixbill job edit 1 --onsite --offsite &&
	test_fails_cleanly 2 "fixbill: error: invalid downtime: restored 2026-10-15 08:00 is before down since 2026-10-15 09:00" \
		fixbill job edit 1 --restored "2026-10-15 08:00" &&
	test_fails_cleanly 2 "fixbill: error: invalid title: must not be empty" fixbill job edit 1 --title ""
'

test_expect_success 'edit: moving an invoiced job to another client is refused (exit 4)' '
	setup &&
	fixbill job open --client acme "Printer offline" >/dev/null &&
	fixbill job charge 1 --trip 45 >/dev/null &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO invoices(id, client_id, currency, created) VALUES (1, 1, '"'"'USD'"'"', 0);
		UPDATE charges SET invoice_id = 1" &&
	test_fails_cleanly 4 "fixbill: error: cannot move job '"'"'1'"'"' to client '"'"'beta'"'"': it is invoiced" \
		fixbill job edit 1 --client beta &&
	fixbill client archive beta &&
	test_fails_cleanly 4 "fixbill: error: cannot move job '"'"'1'"'"' to client '"'"'beta'"'"': it is archived" \
		fixbill job edit 1 --client beta &&
	fixbill job edit 1 --client acme --title "Printer offline again" &&
	fixbill job show 1 >actual &&
	grep "^job 1: Printer offline again$" actual
'

test_expect_success 'resolve: once; reopen only a resolved job' '
	setup &&
	fixbill job open --client acme "Printer offline" >/dev/null &&
	fixbill job resolve 1 --note "Replaced the fuser" &&
	test_fails_cleanly 4 "fixbill: error: cannot resolve job '"'"'1'"'"': it is already resolved" \
		fixbill job resolve 1 &&
	fixbill job reopen 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot reopen job '"'"'1'"'"': it is open" fixbill job reopen 1 &&
	fixbill job show 1 >actual &&
	grep "^status      open$" actual &&
	grep "^resolved    -$" actual &&
	grep "^            Replaced the fuser$" actual &&
	! grep "^resolution" actual &&
	fixbill job resolve 1 --json --note "New fuser" >actual &&
	grep "\"status\": \"resolved\",$" actual &&
	grep "\"resolution\": \"New fuser\",$" actual &&
	grep "\"resolution\": \"Replaced the fuser\"$" actual
'

test_expect_success 'resolve and reopen refuse an invoiced job (exit 4)' '
	setup &&
	fixbill job open --client acme "Printer offline" >/dev/null &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = '"'"'invoiced'"'"', resolved = opened" &&
	test_fails_cleanly 4 "fixbill: error: cannot resolve job '"'"'1'"'"': it is invoiced" fixbill job resolve 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot reopen job '"'"'1'"'"': it is invoiced" fixbill job reopen 1
'

test_expect_success 'resolve refuses while a timer runs on the job' '
	setup &&
	fixbill job open --client acme --at "2026-10-15 09:00" "Printer offline" >/dev/null &&
	fixbill time start 1 --at "2026-10-15 11:00" >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot resolve job '"'"'1'"'"': it has a running timer" \
		fixbill job resolve 1 &&
	grep "^hint: stop it first: fixbill time stop --tech tech$" .stderr &&
	fixbill job show 1 >actual &&
	grep "^time        1h00m in 1 entry, 1h00m billable (timer running)$" actual &&
	fixbill time stop >/dev/null &&
	fixbill job resolve 1
'

test_expect_success 'resolve refusals: unknown job, bad times' '
	setup &&
	fixbill job open --client acme --down-since "2026-10-15 09:00" --at "2026-10-15 10:00" "Printer offline" >/dev/null &&
	test_fails_cleanly 3 "fixbill: error: unknown job '"'"'2'"'"'" fixbill job resolve 2 &&
	test_fails_cleanly 2 "fixbill: error: invalid resolve time: 2026-10-15 09:30 is before the job was opened at 2026-10-15 10:00" \
		fixbill job resolve 1 --at "2026-10-15 09:30" &&
	test_fails_cleanly 2 "fixbill: error: invalid downtime: restored 2026-10-15 08:00 is before down since 2026-10-15 09:00" \
		fixbill job resolve 1 --restored "2026-10-15 08:00" &&
	test_fails_cleanly 2 "fixbill: error: invalid time '"'"'2026-10-15 25:00'"'"'" \
		fixbill job resolve 1 --at "2026-10-15 25:00"
'

test_expect_success 'completion offers priorities, statuses, clients and jobs' '
	setup_many &&
	fixbill __complete job open --priority "" >actual &&
	printf "P1\nP2\nP3\nP4\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete job list --status "" >actual &&
	printf "open\nresolved\ninvoiced\ncancelled\nall\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete job open --client "" >actual &&
	printf "acme\nbeta\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete job resolve "" >actual &&
	printf "1\n3\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete job show "" >actual &&
	printf "1\n2\n3\n4\n" >expect &&
	test_cmp expect actual
'

test_done
