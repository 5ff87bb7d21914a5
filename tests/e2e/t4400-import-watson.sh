#!/bin/sh
# fixbill time import --create-techs of Watson's `watson log --json`: project as client,
# tags as title (the project when there are none), offsets honoured.
. "$(dirname "$0")/../lib.sh"

WA="$TEST_DATA/import/watson.json"

setup() {
	fixbill -q client add acme --name "Acme" &&
	fixbill -q client add globex --name "Globex Corp"
}

test_expect_success 'frames import' '
	setup &&
	fixbill time import --create-techs "$WA" >out 2>err &&
	echo "imported 2 entries, created 2 jobs, 1 technician" >expect &&
	test_cmp expect out &&
	echo "reading '\''$WA'\'' as watson" >expect &&
	test_cmp expect err &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS  NOTE
	    1    1  acme    tech  2026-10-05 13:00  14:30     1h30m  -      -
	    2    2  globex  tech  2026-10-06 17:00  18:45     1h45m  -      -
	total                                                 3h15m         2 entries
	EOF
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT id, title FROM jobs" >out &&
	printf "1|printer offline\n2|globex\n" >expect &&
	test_cmp expect out
'

test_expect_success 'importing twice changes nothing' '
	setup &&
	fixbill -q time import --create-techs "$WA" &&
	db_snapshot >before &&
	fixbill -q time import --create-techs "$WA" &&
	db_snapshot >after &&
	test_cmp before after
'

test_expect_success 'truncated JSON, a frame without a project, a bad stop' '
	setup &&
	head -n 9 "$WA" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json:9: malformed JSON: it ends too soon" \
		fixbill time import --create-techs --format watson bad.json &&
	sed "s/\"project\": \"globex\"/\"project\": \"\"/" "$WA" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json: element 2: no '\''project'\'' (the client)" \
		fixbill time import --create-techs bad.json &&
	sed "s/2026-10-05T10:30:00-04:00/yesterday-ish/" "$WA" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json: element 1: invalid end '\''yesterday-ish'\''" \
		fixbill time import --create-techs bad.json
'

test_expect_success 'a technician the database does not know: refused, or --create-techs' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: $WA: element 1: unknown technician '\''tech'\''" \
		fixbill time import "$WA" &&
	grep "^hint: add it with '\''fixbill tech add tech'\'', or import with --create-techs" .stderr &&
	fixbill -q tech add tech &&
	fixbill time import "$WA" >out 2>/dev/null &&
	echo "imported 2 entries, created 2 jobs" >expect &&
	test_cmp expect out
'

test_done
