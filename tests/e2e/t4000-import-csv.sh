#!/bin/sh
# fixbill time import --create-techs of fixbill's own CSV: what a file becomes, all or
# nothing, importing twice, --dry-run, --create-clients, the errors with
# their FILE:LINE, and the round trip through time export.
. "$(dirname "$0")/../lib.sh"

CSV="$TEST_DATA/import/entries.csv"

setup() {
	fixbill -q client add acme --name "Acme Inc" &&
	fixbill -q client add globex --name "Globex Corp"
}

test_expect_success 'a CSV imports to the entries it lists' '
	setup &&
	fixbill time import --create-techs "$CSV" >out 2>err &&
	echo "imported 4 entries, created 3 jobs, 3 technicians" >expect &&
	test_cmp expect out &&
	echo "reading '\''$CSV'\'' as csv" >expect &&
	test_cmp expect err &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS        NOTE
	    1    1  acme    kim   2026-10-05 09:00  10:30     1h30m  -            replaced the fuser
	    2    1  acme    kim   2026-10-06 14:00  14:45     0h45m  nocharge     tested, "all" fine
	    3    2  globex  lee   2026-10-07 08:00  12:15     4h15m  nonbillable  restored from backup...
	    4    3  globex  tech  2026-10-08 16:00  16:20     0h20m  -            =cmd
	total                                                 6h50m               4 entries
	EOF
	test_cmp expect out
'

test_expect_success 'created jobs are resolved at their last entry' '
	setup &&
	fixbill -q time import --create-techs "$CSV" &&
	sqlite3 "$FIXBILL_DB" "SELECT id, client_id, title, status, opened, resolved FROM jobs" >out &&
	cat >expect <<-\EOF &&
	1|1|Printer offline|resolved|1791190800|1791297900
	2|2|Mail server down|resolved|1791360000|1791375300
	3|2|VPN|resolved|1791475200|1791476400
	EOF
	test_cmp expect out
'

test_expect_success 'importing twice changes nothing' '
	setup &&
	fixbill -q time import --create-techs "$CSV" &&
	db_snapshot >before &&
	fixbill time import --create-techs "$CSV" >out 2>/dev/null &&
	echo "imported 0 entries (4 skipped as already present)" >expect &&
	test_cmp expect out &&
	db_snapshot >after &&
	test_cmp before after
'

test_expect_success 'a row repeated in the file is skipped too' '
	setup &&
	{ cat "$CSV"; sed -n 2p "$CSV"; } >twice.csv &&
	fixbill time import --create-techs twice.csv >out 2>/dev/null &&
	echo "imported 4 entries (1 skipped as already present), created 3 jobs, 3 technicians" >expect &&
	test_cmp expect out
'

test_expect_success 'overlaps are counted once per imported entry, against stored ones too' '
	setup &&
	fixbill -q job open --client acme "Stored" &&
	fixbill -q tech add kim &&
	fixbill -q tech add lee &&
	fixbill -q time add 1 --start "2026-10-01 09:00" --end "2026-10-03 12:00" --tech kim &&
	FIXBILL_NOW=2026-10-21T00:00:00 fixbill -q time add 1 --start "2026-10-20 09:00" \
		--end "2026-10-20 10:00" --tech kim &&
	fixbill -q time start 1 --at "2026-10-14 08:00" --tech lee &&
	cat >ov.csv <<-\EOF &&
	client,title,tech,start,end
	acme,A,kim,2026-10-10 09:00,2026-10-10 11:00
	acme,B,kim,2026-10-10 10:00,2026-10-10 10:30
	acme,C,kim,2026-10-10 12:00,2026-10-10 13:00
	acme,A,kim,2026-10-10 09:00,2026-10-10 11:00
	acme,D,kim,2026-10-02 09:00,2026-10-02 10:00
	acme,E,kim,2026-10-20 09:30,2026-10-20 11:00
	acme,F,bob,2026-10-10 09:00,2026-10-10 11:00
	acme,G,lee,2026-10-13 09:00,2026-10-13 10:00
	acme,H,lee,2026-10-14 09:00,2026-10-14 10:00
	EOF
	FIXBILL_NOW=2026-10-21T00:00:00 fixbill time import --create-techs ov.csv >out 2>err &&
	echo "imported 8 entries (1 skipped as already present), created 8 jobs, 1 technician" >expect &&
	test_cmp expect out &&
	cat >expect <<-\EOF &&
	reading '\''ov.csv'\'' as csv
	fixbill: warning: ov.csv: 5 imported entries overlap other entries of the same technician
	hint: '\''fixbill time list --tech HANDLE'\'' shows them
	EOF
	test_cmp expect err &&
	FIXBILL_NOW=2026-10-21T00:00:00 fixbill --json time import --create-techs ov.csv >json 2>/dev/null &&
	jq -c "[.imported, .skipped, .overlaps]" json >out &&
	echo "[0,9,0]" >expect &&
	test_cmp expect out
'

test_expect_success 'a row that repeats invoiced work is skipped; new work on it is refused at its line' '
	setup &&
	fixbill -q job open --client acme "Old" &&
	fixbill -q tech add kim &&
	fixbill -q time add 1 --start "2026-10-01 09:00" --end "2026-10-01 10:00" --tech kim &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = '\''invoiced'\''" &&
	printf "job,tech,start,end\n1,kim,2026-10-01 09:00,2026-10-01 10:00\n" >same.csv &&
	fixbill time import --create-techs same.csv >out 2>/dev/null &&
	echo "imported 0 entries (1 skipped as already present)" >expect &&
	test_cmp expect out &&
	printf "job,tech,start,end\n1,kim,2026-10-01 09:00,2026-10-01 10:00\n1,kim,2026-10-02 09:00,2026-10-02 10:00\n" >bad.csv &&
	test_fails_cleanly 4 "fixbill: error: bad.csv:3: cannot log time on job '\''1'\'': it is invoiced" \
		fixbill time import --create-techs bad.csv
'

test_expect_success '--dry-run reports and stores nothing' '
	setup &&
	db_snapshot >before &&
	fixbill time import --create-techs --dry-run "$CSV" >out 2>/dev/null &&
	echo "imported 4 entries, created 3 jobs, 3 technicians (dry run: nothing stored)" >expect &&
	test_cmp expect out &&
	db_snapshot >after &&
	test_cmp before after
'

test_expect_success '--json summary' '
	setup &&
	fixbill --json time import --create-techs --format csv "$CSV" >json &&
	sed "s/^[[:space:]]*//" json >out &&
	cat >expect <<-\EOF &&
	{
		"imported": 4,
		"skipped": 0,
		"running_skipped": 0,
		"overlaps": 0,
		"jobs_created": 3,
		"clients_created": 0,
		"techs_created": 3,
		"format": "csv",
		"dry_run": false
	}
	EOF
	test_cmp expect out
'

test_expect_success 'stdin, --tech for rows without one' '
	setup &&
	fixbill time import --create-techs --tech kim - <"$CSV" >out 2>err &&
	echo "reading '\''stdin'\'' as csv" >expect &&
	test_cmp expect err &&
	sqlite3 "$FIXBILL_DB" "SELECT e.id, t.handle FROM entries e JOIN techs t ON t.id = e.tech_id ORDER BY e.id" >out &&
	printf "1|kim\n2|kim\n3|lee\n4|kim\n" >expect &&
	test_cmp expect out
'

test_expect_success 'an unknown client refuses the whole file' '
	setup &&
	{ cat "$CSV"; echo "zzz,Router,kim,2026-10-09 09:00,2026-10-09 10:00,,,"; } >bad.csv &&
	test_fails_cleanly 3 "fixbill: error: bad.csv:7: unknown client '\''zzz'\''" \
		fixbill time import --create-techs bad.csv &&
	grep "^hint: add it with '\''fixbill client add CODE --name NAME'\'', or import with --create-clients" .stderr
'

test_expect_success '--create-clients makes a code from the name' '
	setup &&
	cat >new.csv <<-\EOF &&
	client,title,start,end
	Initech LLC,Printer offline,2026-10-09 09:00,2026-10-09 10:00
	acme inc,Switch,2026-10-09 11:00,2026-10-09 12:00
	ACME,Switch,2026-10-09 13:00,2026-10-09 14:00
	EOF
	fixbill time import --create-techs --create-clients new.csv >out 2>/dev/null &&
	echo "imported 3 entries, created 3 jobs, 2 clients, 1 technician" >expect &&
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT code, name FROM clients ORDER BY id" >out &&
	printf "acme|Acme Inc\nglobex|Globex Corp\ninitech-llc|Initech LLC\nacme-2|ACME\n" >expect &&
	test_cmp expect out
'

test_expect_success 'a row with too many fields' '
	setup &&
	{ cat "$CSV"; echo "acme,Printer offline,kim,2026-10-09 09:00,2026-10-09 10:00,,,yes,extra"; } >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:7: too many fields: 9, the header has 8" \
		fixbill time import --create-techs bad.csv
'

test_expect_success 'a bad date' '
	setup &&
	printf "client,title,start,end\nacme,X,2026-10-05 09:00,2026-10-05 10:00\nacme,X,2026-02-30 09:00,2026-10-05 10:00\n" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:3: invalid start '\''2026-02-30 09:00'\''" \
		fixbill time import --create-techs bad.csv
'

test_expect_success 'an end before the start, a duration that disagrees' '
	setup &&
	printf "client,title,start,end\nacme,X,2026-10-05 09:00,2026-10-05 08:00\n" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:2: end 2026-10-05 08:00 is not after start 2026-10-05 09:00" \
		fixbill time import --create-techs bad.csv &&
	printf "client,title,start,end,duration\nacme,X,2026-10-05 09:00,2026-10-05 10:00,45m\n" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:2: duration '\''45m'\'' does not match start and end (1h00m)" \
		fixbill time import --create-techs bad.csv
'

test_expect_success 'bad headers and unterminated quotes' '
	setup &&
	printf "client,title,start,colour\n" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:1: unknown column '\''colour'\''" \
		fixbill time import --create-techs --format csv bad.csv &&
	printf "client,title,start,end\nacme,\"X,2026-10-05 09:00,2026-10-05 10:00\n" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:2: malformed CSV: unterminated quoted field" \
		fixbill time import --create-techs bad.csv &&
	printf "client,title,start\nacme,X,2026-10-05 09:00\n" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:1: no '\''end'\'' or '\''duration'\'' column" \
		fixbill time import --create-techs bad.csv
'

test_expect_success 'an unknown job number, an invoiced job' '
	setup &&
	printf "job,start,end\n9,2026-10-05 09:00,2026-10-05 10:00\n" >bad.csv &&
	test_fails_cleanly 3 "fixbill: error: bad.csv:2: unknown job '\''9'\''" \
		fixbill time import --create-techs bad.csv &&
	fixbill -q job open --client acme "Old" &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = '\''invoiced'\''" &&
	printf "job,start,end\n1,2026-10-05 09:00,2026-10-05 10:00\n" >bad.csv &&
	test_fails_cleanly 4 "fixbill: error: bad.csv:2: cannot log time on job '\''1'\'': it is invoiced" \
		fixbill time import --create-techs bad.csv
'

test_expect_success 'unknown format, unreadable file, unguessable content' '
	setup &&
	test_expect_code 2 fixbill time import --create-techs --format excel x.csv 2>err &&
	echo "fixbill: error: invalid format '\''excel'\''" >expect &&
	head -n 1 err >err1 && test_cmp expect err1 &&
	test_expect_code 1 fixbill time import --create-techs nothere.csv 2>err &&
	echo "fixbill: error: cannot open '\''nothere.csv'\'': No such file or directory" >expect &&
	test_cmp expect err &&
	echo "hello world" >odd.txt &&
	test_fails_cleanly 2 "fixbill: error: cannot tell the format of '\''odd.txt'\''" \
		fixbill time import --create-techs odd.txt
'

test_expect_success 'export, import into a new database, export again: the same' '
	setup &&
	fixbill -q time import --create-techs "$CSV" &&
	fixbill time export >first.csv &&
	FIXBILL_DB=$PWD/second.db && export FIXBILL_DB &&
	setup &&
	fixbill -q time import --create-techs first.csv &&
	fixbill time export >second.csv &&
	test_cmp first.csv second.csv
'

test_expect_success 'formula cells round-trip exactly' '
	setup &&
	fixbill -q tech add tech &&
	fixbill -q job open --client acme "=HYPERLINK(\"x\")" &&
	fixbill -q time add 1 1h --note "+1 555 0100" &&
	fixbill -q time add 1 1h --end "2026-10-15 09:00" --note "@SUM(A1)" &&
	fixbill time export >first.csv &&
	grep -c "'\''=HYPERLINK" first.csv >count && echo 2 >expect && test_cmp expect count &&
	FIXBILL_DB=$PWD/second.db && export FIXBILL_DB &&
	setup &&
	fixbill -q time import --create-techs first.csv &&
	fixbill time export >second.csv &&
	test_cmp first.csv second.csv &&
	sqlite3 "$FIXBILL_DB" "SELECT title FROM jobs; SELECT note FROM entries ORDER BY id" >out &&
	printf "=HYPERLINK(\"x\")\n@SUM(A1)\n+1 555 0100\n" >expect &&
	test_cmp expect out
'

test_done
