#!/bin/sh
# fixbill time import --create-techs of a Toggl Track detailed report (CSV): client,
# project or description as title, billable, users as technicians.
. "$(dirname "$0")/../lib.sh"

TG="$TEST_DATA/import/toggl.csv"

setup() {
	fixbill -q client add acme --name "Acme" &&
	fixbill -q client add globex --name "Globex Corp"
}

test_expect_success 'a detailed report imports' '
	setup &&
	fixbill time import --create-techs "$TG" >out 2>err &&
	echo "imported 3 entries, created 2 jobs, 2 technicians" >expect &&
	test_cmp expect out &&
	echo "reading '\''$TG'\'' as toggl" >expect &&
	test_cmp expect err &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH      START             END               DURATION  FLAGS        NOTE
	    1    1  acme    kim       2026-10-05 09:00  10:30                1h30m  -            replaced the fuser
	    2    2  globex  kim       2026-10-06 23:30  2026-10-07 00:45     1h15m  nonbillable  -
	    3    1  acme    lee.park  2026-10-07 11:00  11:10                0h10m  -            follow-up call
	total                                                                2h55m               3 entries
	EOF
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT id, title FROM jobs" >out &&
	printf "1|Printer offline\n2|Mail server down\n" >expect &&
	test_cmp expect out
'

test_expect_success '--tech puts every row on one technician' '
	setup &&
	fixbill -q time import --create-techs --tech sam "$TG" &&
	sqlite3 "$FIXBILL_DB" "SELECT DISTINCT t.handle FROM entries e JOIN techs t ON t.id = e.tech_id" >out &&
	echo sam >expect &&
	test_cmp expect out
'

test_expect_success 'importing twice changes nothing' '
	setup &&
	fixbill -q time import --create-techs "$TG" &&
	db_snapshot >before &&
	fixbill -q time import --create-techs "$TG" &&
	db_snapshot >after &&
	test_cmp before after
'

test_expect_success 'a bad date, a missing client, an unknown client' '
	setup &&
	sed "3s/2026-10-06,23:30:00/2026-10-06,25:30:00/" "$TG" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:3: invalid start '\''2026-10-06 25:30:00'\''" \
		fixbill time import --create-techs bad.csv &&
	sed "3s/Globex Corp//" "$TG" >bad.csv &&
	test_fails_cleanly 2 "fixbill: error: bad.csv:3: no client" \
		fixbill time import --create-techs bad.csv &&
	sed "4s/Acme/Initech/" "$TG" >bad.csv &&
	test_fails_cleanly 3 "fixbill: error: bad.csv:4: unknown client '\''Initech'\''" \
		fixbill time import --create-techs --format toggl bad.csv
'

test_expect_success 'users the database does not know: refused, or --create-techs' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: $TG:2: unknown technician '\''kim'\''" \
		fixbill time import "$TG" &&
	grep "^hint: add it with '\''fixbill tech add kim'\'', or import with --create-techs" .stderr &&
	fixbill -q tech add kim &&
	test_fails_cleanly 3 "fixbill: error: $TG:4: unknown technician '\''lee.park'\''" \
		fixbill time import "$TG" &&
	fixbill time import --create-techs "$TG" >out 2>/dev/null &&
	echo "imported 3 entries, created 2 jobs, 1 technician" >expect &&
	test_cmp expect out
'

test_done
