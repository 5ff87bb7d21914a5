#!/bin/sh
# fixbill time add, list, show, edit, rm: logged work, its filters, the
# overlap rule, invoiced entries, and lengths across midnight and DST.
. "$(dirname "$0")/../lib.sh"

# Two clients, three jobs; FIXBILL_NOW is 2026-10-15 12:00 (UTC).
setup() {
	fixbill -q tech add tech &&
	fixbill -q tech add bob &&
	fixbill -q tech add kim &&
	fixbill -q client add acme --name "Acme Corp" &&
	fixbill -q client add bolt --name "Bolt Ltd" &&
	fixbill -q job open --client acme "Printer jam" &&
	fixbill -q job open --client acme "Server down" &&
	fixbill -q job open --client bolt "New laptop"
}

# Hold entry $2 on invoice $1 of acme, issued as INV-2026-00001 or a draft.
hold_issued() {
	sqlite3 "$FIXBILL_DB" "INSERT INTO invoices (id, status, client_id, currency, number, issue_date, created)
		VALUES ($1, 'issued', 1, 'USD', 'INV-2026-00001', '2026-10-15', 0);
		UPDATE entries SET invoice_id = $1 WHERE id = $2;"
}
hold_draft() {
	sqlite3 "$FIXBILL_DB" "INSERT INTO invoices (id, status, client_id, currency, created)
		VALUES ($1, 'draft', 1, 'USD', 0);
		UPDATE entries SET invoice_id = $1 WHERE id = $2;"
}

test_expect_success 'add a duration ending now prints the entry' '
	setup &&
	fixbill time add 1 1h30m >out &&
	echo "entry 1" >expect &&
	test_cmp expect out &&
	fixbill time show 1 >out &&
	cat >expect <<-\EOF &&
	entry:     1
	job:       1 (acme: Printer jam)
	tech:      tech
	start:     2026-10-15 10:30
	end:       2026-10-15 12:00
	duration:  1h30m
	billable:  yes
	invoice:   -
	EOF
	test_cmp expect out
'

test_expect_success 'add with --start, --end, or both; every duration form' '
	setup &&
	fixbill time add 1 45m --start "2026-10-14 09:00" >out &&
	fixbill time add 1 1.5h --end "2026-10-14 12:00" &&
	fixbill time add 1 --start "2026-10-13 09:00" --end "2026-10-13 09:20" &&
	fixbill time add 2 1:15 --start "2026-10-12 09:00" &&
	fixbill time add 2 PT1H30M --start "2026-10-11 09:00" &&
	fixbill time add 2 2h --start "2026-10-10 09:00" &&
	echo "entry 1" >expect &&
	test_cmp expect out &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS  NOTE
	    6    2  acme    tech  2026-10-10 09:00  11:00     2h00m  -      -
	    5    2  acme    tech  2026-10-11 09:00  10:30     1h30m  -      -
	    4    2  acme    tech  2026-10-12 09:00  10:15     1h15m  -      -
	    3    1  acme    tech  2026-10-13 09:00  09:20     0h20m  -      -
	    1    1  acme    tech  2026-10-14 09:00  09:45     0h45m  -      -
	    2    1  acme    tech  2026-10-14 10:30  12:00     1h30m  -      -
	total                                                 7h20m         6 entries
	EOF
	test_cmp expect out
'

test_expect_success 'add: -q prints nothing, --json prints the entry' '
	setup &&
	fixbill -q time add 1 1h >out &&
	test_cmp /dev/null out &&
	fixbill time add 3 30m --start "2026-10-14 09:00" --nocharge --note "first line
second line" --json >out &&
	cat >expect <<-\EOF &&
	{
	  "id": 2,
	  "job": 3,
	  "client": "bolt",
	  "tech": "tech",
	  "start": "2026-10-14T09:00:00+00:00",
	  "end": "2026-10-14T09:30:00+00:00",
	  "seconds": 1800,
	  "billable": true,
	  "nocharge": true,
	  "billed_elsewhere": false,
	  "note": "first line\nsecond line",
	  "invoice": null
	}
	EOF
	test_cmp expect out
'

test_expect_success 'a bare number is an ambiguous duration' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: ambiguous duration '\''45'\'': write 45m or 45h" \
		fixbill time add 1 45
'

test_expect_success 'malformed durations, times and numbers are usage errors' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: invalid duration '\''1h75x'\''" fixbill time add 1 1h75x &&
	test_fails_cleanly 2 "fixbill: error: invalid duration '\''0m'\'': must be positive" fixbill time add 1 0m &&
	test_fails_cleanly 2 "fixbill: error: invalid time '\''soon'\''" fixbill time add 1 1h --start soon &&
	test_fails_cleanly 2 "fixbill: error: invalid job number '\''abc'\''" fixbill time add abc 1h &&
	test_fails_cleanly 2 "fixbill: error: invalid entry number '\''x'\''" fixbill time show x &&
	test_fails_cleanly 2 "fixbill: error: cannot add entry: give a DURATION, or --start" \
		fixbill time add 1 --end 09:00 &&
	test_fails_cleanly 2 "fixbill: error: cannot add entry: give DURATION or --start and --end, not all three" \
		fixbill time add 1 1h --start 09:00 --end 10:00 &&
	test_fails_cleanly 2 "fixbill: error: cannot add entry: end 2026-10-15 09:00 is not after start 2026-10-15 10:00" \
		fixbill time add 1 --start 10:00 --end 09:00 &&
	test_fails_cleanly 2 "fixbill: error: unknown option '\''--bogus'\''" fixbill time add 1 1h --bogus
'

test_expect_success 'notes must be UTF-8 text of at most 64 KiB' '
	setup &&
	bad=$(printf "caf\351") &&
	test_fails_cleanly 2 "fixbill: error: invalid note: not UTF-8 text (or has control characters)" \
		fixbill time add 1 1h --note "$bad" &&
	big=$(head -c 65537 /dev/zero | tr "\0" x) &&
	test_fails_cleanly 2 "fixbill: error: invalid note: longer than 64 KiB" \
		fixbill time add 1 1h --note "$big" &&
	fixbill -q time add 1 1h --note "caf$(printf "\303\251") ok"
'

test_expect_success 'an unknown job is not found' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: unknown job '\''9'\''" fixbill time add 9 1h
'

test_expect_success 'no time on an invoiced job' '
	setup &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = '\''invoiced'\'' WHERE id = 2" &&
	test_fails_cleanly 4 "fixbill: error: cannot log time on job '\''2'\'': it is invoiced" \
		fixbill time add 2 1h
'

test_expect_success 'overlapping entries of one technician are refused' '
	setup &&
	fixbill -q time add 1 --start 09:00 --end 10:00 &&
	test_fails_cleanly 4 "fixbill: error: entry would overlap entry 1 of '\''tech'\'' (2026-10-15 09:00 to 10:00)" \
		fixbill time add 2 1h --start 09:30 &&
	test_fails_cleanly 4 "fixbill: error: entry would overlap entry 1 of '\''tech'\'' (2026-10-15 09:00 to 10:00)" \
		fixbill time add 2 --start 08:00 --end 11:00 &&
	fixbill time add 2 1h --start 09:30 --allow-overlap >out &&
	echo "entry 2" >expect &&
	test_cmp expect out
'

test_expect_success 'an entry longer than twelve hours is found however far back it starts' '
	setup &&
	fixbill -q time add 1 --start "2026-10-10 08:00" --end "2026-10-14 18:00" --allow-overlap &&
	fixbill -q time add 2 --start "2026-10-11 09:00" --end "2026-10-11 10:00" --tech bob &&
	test_fails_cleanly 4 "fixbill: error: entry would overlap entry 1 of '\''tech'\'' (2026-10-10 08:00 to 2026-10-14 18:00)" \
		fixbill time add 2 --start "2026-10-14 09:00" --end "2026-10-14 10:00" &&
	fixbill -q time add 2 --start "2026-10-14 18:00" --end "2026-10-14 19:00" &&
	fixbill -q time add 3 --start "2026-10-13 09:00" --end "2026-10-13 09:30" --tech bob &&
	fixbill -q time edit 4 --end "2026-10-14 12:00" --allow-overlap &&
	test_fails_cleanly 4 "fixbill: error: entry would overlap entry 4 of '\''bob'\'' (2026-10-13 09:00 to 2026-10-14 12:00)" \
		fixbill time add 1 --start "2026-10-14 11:00" --end "2026-10-14 11:30" --tech bob
'

test_expect_success 'of several overlapping entries the earliest is named' '
	setup &&
	fixbill -q time add 1 --start "2026-10-10 08:00" --end "2026-10-14 18:00" --allow-overlap &&
	fixbill -q time add 1 --start "2026-10-14 09:30" --end "2026-10-14 10:30" --allow-overlap &&
	fixbill -q time start 2 --at "2026-10-14 09:40" --allow-overlap &&
	test_fails_cleanly 4 "fixbill: error: entry would overlap entry 1 of '\''tech'\'' (2026-10-10 08:00 to 2026-10-14 18:00)" \
		fixbill time add 2 --start "2026-10-14 09:00" --end "2026-10-14 11:00" &&
	fixbill -q time rm 1 &&
	test_fails_cleanly 4 "fixbill: error: entry would overlap entry 2 of '\''tech'\'' (2026-10-14 09:30 to 10:30)" \
		fixbill time add 2 --start "2026-10-14 09:00" --end "2026-10-14 11:00"
'

test_expect_success 'touching entries and other technicians do not overlap' '
	setup &&
	fixbill -q time add 1 --start 09:00 --end 10:00 &&
	fixbill -q time add 2 --start 10:00 --end 11:00 &&
	fixbill -q time add 2 --start 08:00 --end 09:00 &&
	fixbill -q time add 3 --start 09:00 --end 10:00 --tech bob &&
	fixbill -q time list >out &&
	printf "%s\n" 3 1 4 2 >expect &&
	test_cmp expect out
'

test_expect_success 'an entry across midnight lasts its real time' '
	setup &&
	fixbill -q time add 1 --start "2026-10-14 23:00" --end "2026-10-15 01:30" &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END               DURATION  FLAGS  NOTE
	    1    1  acme    tech  2026-10-14 23:00  2026-10-15 01:30     2h30m  -      -
	total                                                            2h30m         1 entry
	EOF
	test_cmp expect out
'

test_expect_success 'entries across the DST fall-back are real elapsed time' '
	setup &&
	fixbill config set timezone America/New_York &&
	export FIXBILL_NOW=2026-11-02T00:00:00 &&
	fixbill -q time add 1 --start "2026-11-01 00:30" --end "2026-11-01 03:30" &&
	fixbill -q time add 2 2h --start "2026-11-01 05:00" &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS  NOTE
	    1    1  acme    tech  2026-11-01 00:30  03:30     4h00m  -      -
	    2    2  acme    tech  2026-11-01 05:00  07:00     2h00m  -      -
	total                                                 6h00m         2 entries
	EOF
	test_cmp expect out &&
	fixbill time show 1 --json >out &&
	grep "\"start\": \"2026-11-01T00:30:00-04:00\"" out &&
	grep "\"end\": \"2026-11-01T03:30:00-05:00\"" out &&
	grep "\"seconds\": 14400," out
'

test_expect_success 'an hour added at the repeated local hour ends an hour later' '
	setup &&
	fixbill config set timezone America/New_York &&
	FIXBILL_NOW=2026-11-02T00:00:00 fixbill -q time add 1 1h --start "2026-11-01 01:30" &&
	fixbill time show 1 --json >out &&
	grep "\"start\": \"2026-11-01T01:30:00-04:00\"" out &&
	grep "\"end\": \"2026-11-01T01:30:00-05:00\"" out &&
	grep "\"seconds\": 3600," out
'

test_expect_success 'a local time skipped by DST is a usage error' '
	setup &&
	fixbill config set timezone America/New_York &&
	test_fails_cleanly 2 "fixbill: error: nonexistent local time '\''2026-03-08 02:30'\'' in America/New_York (skipped by daylight saving)" \
		fixbill time add 1 1h --start "2026-03-08 02:30"
'

test_expect_success 'list filters: job, client, tech, period, from/to, unbilled' '
	setup &&
	fixbill -q time add 1 1h --start "2026-09-30 09:00" &&
	fixbill -q time add 2 1h --start "2026-10-01 09:00" --nonbillable &&
	fixbill -q time add 3 1h --start "2026-10-02 09:00" --tech bob &&
	fixbill -q time add 1 1h --start "2026-10-03 09:00" &&
	hold_issued 1 4 &&
	fixbill -q time list --job 1 >out && printf "1\n4\n" >expect && test_cmp expect out &&
	fixbill -q time list --client bolt >out && echo 3 >expect && test_cmp expect out &&
	fixbill -q time list --client acme >out && printf "1\n2\n4\n" >expect && test_cmp expect out &&
	fixbill -q time list --tech bob >out && echo 3 >expect && test_cmp expect out &&
	fixbill -q time list --period 2026-10 >out && printf "2\n3\n4\n" >expect && test_cmp expect out &&
	fixbill -q time list --from 2026-09-30 --to 2026-10-01 >out && printf "1\n2\n" >expect && test_cmp expect out &&
	fixbill -q time list --unbilled >out && printf "1\n3\n" >expect && test_cmp expect out &&
	fixbill -q time list --client acme --period 2026-Q4 --unbilled >out && test_cmp /dev/null out
'

# 17000 one-minute entries of job 1, then one of a client whose code is
# wider than any before it: more than time list holds (it reads them again).
many_entries() {
	fixbill -q client add a-client-with-a-long-code --name Wide &&
	fixbill -q job open --client a-client-with-a-long-code "Wide" &&
	awk 'BEGIN {
		print "client,job,title,tech,start,end,duration,note,billable"
		for (i = 0; i < 17000; i++) {
			d = int(i / 600) + 1; m = i % 600
			printf "acme,1,,tech,2026-07-%02dT%02d:%02d,,1m,,yes\n", d, 8 + int(m / 60), m % 60
		}
		print "a-client-with-a-long-code,4,,tech,2026-09-01T09:00,,1m,,yes"
	}' >many.csv &&
	fixbill -q time import many.csv
}

# Every row of a time list table has its TECH cell under the heading.
aligned() {
	awk 'NR == 1 { p = index($0, "TECH") }
		NR > 1 && $1 != "total" && substr($0, p, 4) != "tech" { bad++ }
		END { exit bad > 0 }' "$1"
}

test_expect_success 'a list too long to hold is sized by every row, the last too' '
	setup &&
	many_entries &&
	fixbill time list >out &&
	aligned out &&
	test $(wc -l <out) = 17003 &&
	tail -1 out | grep "17001 entries$" &&
	grep "^17001 .* a-client-with-a-long-code  tech " out &&
	fixbill -q time list >ids &&
	test $(wc -l <ids) = 17001 &&
	fixbill --json time list >out.json &&
	jq length out.json >n &&
	echo 17001 >expect &&
	test_cmp expect n
'

test_expect_success 'list shows flags and the first line of notes' '
	setup &&
	fixbill -q time add 1 1h --start 08:00 --nonbillable --note "looked at it
then left" &&
	fixbill -q time add 1 1h --start 09:00 --nocharge --note "a note that is far too long to show in a listing of entries" &&
	fixbill -q time add 2 1h --start 10:00 &&
	hold_issued 1 3 &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS           NOTE
	    1    1  acme    tech  2026-10-15 08:00  09:00     1h00m  nonbillable     looked at it...
	    2    1  acme    tech  2026-10-15 09:00  10:00     1h00m  nocharge        a note that is far too long to show in a...
	    3    2  acme    tech  2026-10-15 10:00  11:00     1h00m  INV-2026-00001  -
	total                                                 3h00m                  3 entries
	EOF
	test_cmp expect out
'

test_expect_success 'list --json is an array of entries; empty list prints nothing' '
	setup &&
	fixbill time list >out &&
	test_cmp /dev/null out &&
	fixbill time list --json >out &&
	echo "[]" >expect &&
	test_cmp expect out &&
	fixbill -q time add 1 1h &&
	fixbill --json time list >out &&
	grep "\"seconds\": 3600," out &&
	test "$(grep -c "\"id\"" out)" = 1
'

test_expect_success 'list: unknown filters are not found, malformed ones usage errors' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: unknown job '\''9'\''" fixbill time list --job 9 &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''nope'\''" fixbill time list --client nope &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''nobody'\''" fixbill time list --tech nobody &&
	test_fails_cleanly 2 "fixbill: error: options '\''--period'\'' and '\''--from'\'' cannot be combined" \
		fixbill time list --period 2026-10 --from 2026-10-01 &&
	test_expect_code 2 fixbill time list --period 2026-13 2>err &&
	grep "invalid period" err
'

test_expect_success 'edit moves the ends, the length, the job, the tech and the flags' '
	setup &&
	fixbill -q time add 1 1h --start 09:00 --note "old" &&
	fixbill time edit 1 --start 08:30 >out &&
	echo "updated entry 1" >expect && test_cmp expect out &&
	fixbill -q time edit 1 --duration 45m &&
	fixbill -q time edit 1 --job 3 --tech kim --nonbillable --nocharge --note "" &&
	fixbill time show 1 >out &&
	cat >expect <<-\EOF &&
	entry:     1
	job:       3 (bolt: New laptop)
	tech:      kim
	start:     2026-10-15 08:30
	end:       2026-10-15 09:15
	duration:  0h45m
	billable:  no
	invoice:   -
	EOF
	test_cmp expect out &&
	fixbill -q time edit 1 --end 11:00 --duration 1h --billable --charge --note "new" &&
	fixbill time show 1 --json >out &&
	grep "\"start\": \"2026-10-15T10:00:00+00:00\"" out &&
	grep "\"billable\": true" out &&
	grep "\"nocharge\": false" out &&
	grep "\"note\": \"new\"" out
'

test_expect_success 'edit refuses overlaps unless allowed, and nonsense' '
	setup &&
	fixbill -q time add 1 1h --start 09:00 &&
	fixbill -q time add 1 1h --start 11:00 &&
	test_fails_cleanly 4 "fixbill: error: entry 2 would overlap entry 1 of '\''tech'\'' (2026-10-15 09:00 to 10:00)" \
		fixbill time edit 2 --start 09:30 &&
	fixbill -q time edit 2 --start 09:30 --allow-overlap &&
	test_fails_cleanly 2 "fixbill: error: cannot edit entry 1: nothing to change" fixbill time edit 1 &&
	test_fails_cleanly 2 "fixbill: error: options '\''--billable'\'' and '\''--nonbillable'\'' cannot be combined" \
		fixbill time edit 1 --billable --nonbillable &&
	test_fails_cleanly 2 "fixbill: error: cannot edit entry 1: the end would not be after the start" \
		fixbill time edit 1 --end 08:00 &&
	test_fails_cleanly 3 "fixbill: error: unknown entry '\''9'\''" fixbill time edit 9 --note x &&
	test_fails_cleanly 3 "fixbill: error: unknown job '\''9'\''" fixbill time edit 1 --job 9
'

test_expect_success 'an invoiced entry cannot be edited or removed' '
	setup &&
	fixbill -q time add 1 1h --start 09:00 &&
	hold_issued 1 1 &&
	test_fails_cleanly 4 "fixbill: error: entry 1 is invoiced on INV-2026-00001" \
		fixbill time edit 1 --note "later" &&
	test_fails_cleanly 4 "fixbill: error: entry 1 is invoiced on INV-2026-00001" \
		fixbill time rm 1 &&
	fixbill time show 1 --json >out &&
	grep "\"invoice\": \"INV-2026-00001\"" out
'

test_expect_success 'the database itself protects issued work' '
	setup &&
	fixbill -q time add 1 1h --start 09:00 &&
	hold_issued 1 1 &&
	! sqlite3 "$FIXBILL_DB" "UPDATE entries SET stop = stop + 60 WHERE id = 1" 2>err &&
	grep "entry is invoiced" err &&
	! sqlite3 "$FIXBILL_DB" "DELETE FROM entries WHERE id = 1" 2>err &&
	grep "entry is invoiced" err
'

test_expect_success 'an entry on a draft invoice is refused too, with a hint' '
	setup &&
	fixbill -q time add 1 1h --start 09:00 &&
	hold_draft 3 1 &&
	test_fails_cleanly 4 "fixbill: error: entry 1 is on draft invoice 3" \
		fixbill time edit 1 --duration 2h &&
	fixbill time rm 1 2>err; test $? = 4 &&
	grep "^hint: release the draft.*fixbill invoice discard 3" err &&
	fixbill time show 1 --json >out &&
	grep "\"invoice\": \"3\"" out &&
	fixbill -q time list --unbilled >out &&
	test_cmp /dev/null out
'

test_expect_success 'work of a void invoice is free again' '
	setup &&
	fixbill -q time add 1 1h --start 09:00 &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO invoices (id, status, client_id, currency, number, created)
		VALUES (1, '\''void'\'', 1, '\''USD'\'', '\''INV-2026-00001'\'', 0);
		UPDATE entries SET invoice_id = 1 WHERE id = 1;" &&
	fixbill -q time edit 1 --note "rebill" &&
	fixbill -q time list --unbilled >out &&
	echo 1 >expect && test_cmp expect out
'

test_expect_success 'rm removes an entry' '
	setup &&
	fixbill -q time add 1 1h --start 09:00 &&
	fixbill -q time add 1 30m --start 11:00 &&
	fixbill time rm 1 >out &&
	echo "removed entry 1 (1h00m on job 1)" >expect &&
	test_cmp expect out &&
	fixbill -q time list >out &&
	echo 2 >expect && test_cmp expect out &&
	test_fails_cleanly 3 "fixbill: error: unknown entry '\''1'\''" fixbill time rm 1
'

test_done
