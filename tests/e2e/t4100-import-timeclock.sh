#!/bin/sh
# fixbill time import --create-techs of ledger/hledger timeclock files: the entries,
# the same hours per client as hledger itself, malformed files, and the
# round trip through time export --format timeclock.
. "$(dirname "$0")/../lib.sh"

TC="$TEST_DATA/import/hours.timeclock"

setup() {
	fixbill -q client add acme --name "Acme" &&
	fixbill -q client add globex --name "Globex Corp"
}

test_expect_success 'a timeclock file imports to its sessions' '
	setup &&
	fixbill time import --create-techs "$TC" >out 2>err &&
	echo "imported 4 entries, created 3 jobs, 1 technician" >expect &&
	test_cmp expect out &&
	echo "reading '\''$TC'\'' as timeclock" >expect &&
	test_cmp expect err &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END               DURATION  FLAGS  NOTE
	    1    1  acme    tech  2026-10-05 09:00  10:30                1h30m  -      replaced the fuser
	    2    2  globex  tech  2026-10-05 13:15  17:00                3h45m  -      -
	    3    3  acme    tech  2026-10-06 08:00  09:05             1h05m30s  -      firmware...
	    4    2  globex  tech  2026-10-07 22:30  2026-10-08 01:10     2h40m  -      overnight restore
	total                                                         9h00m30s         4 entries
	EOF
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT id, title FROM jobs ORDER BY id; SELECT note FROM entries WHERE id = 3" >out &&
	printf "1|Printer offline\n2|Mail server down\n3|Network:core switch\nfirmware\nupdate\n" >expect &&
	test_cmp expect out
'

test_expect_success 'the same hours per client as hledger balance' '
	setup &&
	fixbill -q time import --create-techs "$TC" &&
	hledger -f "$TC" balance --depth 1 -O csv >hl.csv &&
	sed -e "s/\"//g" -e "s/h$//" hl.csv | grep -v -e "^account," -e "^total," >expect &&
	fixbill report hours --by client --format csv --period 2026-10 >fb.csv &&
	sed "s/\"//g" fb.csv | cut -d, -f1,2 | grep -v "^client," >out &&
	test_cmp expect out &&
	test -s out
'

test_expect_success 'importing twice changes nothing' '
	setup &&
	fixbill -q time import --create-techs "$TC" &&
	db_snapshot >before &&
	fixbill -q time import --create-techs "$TC" &&
	db_snapshot >after &&
	test_cmp before after
'

test_expect_success 'a clock-out without a clock-in' '
	setup &&
	printf "i 2026-10-05 09:00:00 acme:X\no 2026-10-05 10:00:00\no 2026-10-05 11:00:00\n" >bad.timeclock &&
	test_fails_cleanly 2 "fixbill: error: bad.timeclock:3: clock-out without a clock-in" \
		fixbill time import --create-techs bad.timeclock
'

test_expect_success 'a clock-in never clocked out, or twice' '
	setup &&
	printf "i 2026-10-05 09:00:00 acme:X\no 2026-10-05 10:00:00\n; open\ni 2026-10-05 11:00:00 acme:X\n" >bad.timeclock &&
	test_fails_cleanly 2 "fixbill: error: bad.timeclock:4: clock-in without a clock-out" \
		fixbill time import --create-techs bad.timeclock &&
	printf "i 2026-10-05 09:00:00 acme:X\ni 2026-10-05 10:00:00 acme:Y\n" >bad.timeclock &&
	test_fails_cleanly 2 "fixbill: error: bad.timeclock:2: clock-in while clocked in since line 1" \
		fixbill time import --create-techs --format timeclock bad.timeclock
'

test_expect_success 'bad dates, accounts and lines' '
	setup &&
	printf "i 2026-13-05 09:00:00 acme:X\no 2026-10-05 10:00:00\n" >bad.timeclock &&
	test_fails_cleanly 2 "fixbill: error: bad.timeclock:1: invalid clock-in '\''2026-13-05 09:00:00'\''" \
		fixbill time import --create-techs bad.timeclock &&
	printf "i 2026-10-05 09:00:00 acme\no 2026-10-05 10:00:00\n" >bad.timeclock &&
	test_fails_cleanly 2 "fixbill: error: bad.timeclock:1: account '\''acme'\'' is not CLIENT:TITLE" \
		fixbill time import --create-techs bad.timeclock &&
	printf "i 2026-10-05 09:00:00 acme:X\nx 2026-10-05 10:00:00\n" >bad.timeclock &&
	test_fails_cleanly 2 "fixbill: error: bad.timeclock:2: not a timeclock line: want '\''i'\'' or '\''o'\'' first" \
		fixbill time import --create-techs bad.timeclock &&
	printf "i 2026-10-05 09:00:00 acme:X\no 2026-10-05 08:00:00\n" >bad.timeclock &&
	test_fails_cleanly 2 "fixbill: error: bad.timeclock:2: clock-out is not after the clock-in on line 1" \
		fixbill time import --create-techs bad.timeclock
'

test_expect_success 'an unknown client names the clock-in line' '
	setup &&
	printf "i 2026-10-05 09:00:00 acme:X\no 2026-10-05 10:00:00\ni 2026-10-05 11:00:00 zzz:Y\no 2026-10-05 12:00:00\n" >bad.timeclock &&
	test_fails_cleanly 3 "fixbill: error: bad.timeclock:3: unknown client '\''zzz'\''" \
		fixbill time import --create-techs bad.timeclock
'

test_expect_success 'export, import into a new database, export again: the same' '
	setup &&
	fixbill -q time import --create-techs "$TC" &&
	fixbill time export --format timeclock >first.timeclock &&
	cat >expect <<-\EOF &&
	i 2026-10-05 09:00:00 acme:Printer offline  replaced the fuser
	o 2026-10-05 10:30:00
	i 2026-10-05 13:15:00 globex:Mail server down
	o 2026-10-05 17:00:00
	i 2026-10-06 08:00:00 acme:Network:core switch  firmware\nupdate
	o 2026-10-06 09:05:30
	i 2026-10-07 22:30:00 globex:Mail server down  overnight restore
	o 2026-10-08 01:10:00
	EOF
	test_cmp expect first.timeclock &&
	FIXBILL_DB=$PWD/second.db && export FIXBILL_DB &&
	setup &&
	fixbill -q time import --create-techs first.timeclock &&
	fixbill time export --format timeclock >second.timeclock &&
	test_cmp first.timeclock second.timeclock &&
	hledger -f second.timeclock balance --depth 1 -O csv >hl2.csv &&
	hledger -f "$TC" balance --depth 1 -O csv >hl1.csv &&
	test_cmp hl1.csv hl2.csv
'

test_expect_success 'a technician the database does not know: refused, or --create-techs' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: $TC:2: unknown technician '\''tech'\''" \
		fixbill time import "$TC" &&
	grep "^hint: add it with '\''fixbill tech add tech'\'', or import with --create-techs" .stderr &&
	test_fails_cleanly 3 "fixbill: error: $TC:2: unknown technician '\''kim'\''" \
		fixbill time import --tech kim "$TC" &&
	fixbill -q tech add kim &&
	fixbill time import --tech kim "$TC" >out 2>/dev/null &&
	echo "imported 4 entries, created 3 jobs" >expect &&
	test_cmp expect out
'

test_done
