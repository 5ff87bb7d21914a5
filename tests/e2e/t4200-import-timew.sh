#!/bin/sh
# fixbill time import --create-techs of Timewarrior's `timew export`: tags to client and
# title, the annotation as note, running intervals left out, bad JSON.
. "$(dirname "$0")/../lib.sh"

TW="$TEST_DATA/import/timew.json"

setup() {
	fixbill -q client add acme --name "Acme" &&
	fixbill -q client add globex --name "Globex Corp"
}

test_expect_success 'intervals import; the running one is left out' '
	setup &&
	fixbill time import --create-techs "$TW" >out 2>err &&
	echo "imported 3 entries, created 3 jobs, 1 technician" >expect &&
	test_cmp expect out &&
	cat >expect <<-EOF &&
	reading '\''$TW'\'' as timewarrior
	fixbill: warning: $TW: left out 1 interval still running (element 4)
	EOF
	test_cmp expect err &&
	fixbill time list >out &&
	cat >expect <<-\EOF &&
	   ID  JOB  CLIENT  TECH  START             END    DURATION  FLAGS  NOTE
	    1    1  acme    tech  2026-10-05 13:00  14:30     1h30m  -      replaced the fuser
	    2    2  globex  tech  2026-10-06 08:00  09:15     1h15m  -      -
	    3    3  acme    tech  2026-10-06 10:00  10:30     0h30m  -      -
	total                                                 3h15m         3 entries
	EOF
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT id, title, status FROM jobs" >out &&
	printf "1|Printer offline|resolved\n2|Mail server down|resolved\n3|acme|resolved\n" >expect &&
	test_cmp expect out
'

test_expect_success 'importing twice changes nothing' '
	setup &&
	fixbill -q time import --create-techs "$TW" 2>/dev/null &&
	db_snapshot >before &&
	fixbill time import --create-techs "$TW" >out 2>/dev/null &&
	echo "imported 0 entries (3 skipped as already present)" >expect &&
	test_cmp expect out &&
	db_snapshot >after &&
	test_cmp before after
'

test_expect_success 'truncated JSON' '
	setup &&
	head -c 150 "$TW" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json:3: malformed JSON: it ends too soon" \
		fixbill time import --create-techs --format timewarrior bad.json
'

test_expect_success 'an interval without tags, a bad date' '
	setup &&
	echo "[{\"id\":1,\"start\":\"20261005T130000Z\",\"end\":\"20261005T140000Z\",\"tags\":[\"acme\",\"X\"]},{\"id\":2,\"start\":\"20261005T150000Z\",\"end\":\"20261005T160000Z\"}]" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json: element 2: no tags: the first tag names the client" \
		fixbill time import --create-techs bad.json &&
	echo "[{\"id\":1,\"start\":\"20261305T130000Z\",\"end\":\"20261005T140000Z\",\"tags\":[\"acme\",\"X\"]}]" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json: element 1: invalid start '\''20261305T130000Z'\''" \
		fixbill time import --create-techs bad.json &&
	echo "{\"id\":1}" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json: want a JSON array of intervals" \
		fixbill time import --create-techs --format timew bad.json
'

test_expect_success 'an unknown client' '
	setup &&
	echo "[{\"id\":1,\"start\":\"20261005T130000Z\",\"end\":\"20261005T140000Z\",\"tags\":[\"zzz\",\"X\"]}]" >bad.json &&
	test_fails_cleanly 3 "fixbill: error: bad.json: element 1: unknown client '\''zzz'\''" \
		fixbill time import --create-techs bad.json
'

test_expect_success 'a technician the database does not know: refused, or --create-techs' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: $TW: element 1: unknown technician '\''tech'\''" \
		fixbill time import "$TW" &&
	grep "^hint: add it with '\''fixbill tech add tech'\'', or import with --create-techs" .stderr &&
	fixbill time import --create-techs --tech kim "$TW" >out 2>/dev/null &&
	echo "imported 3 entries, created 3 jobs, 1 technician" >expect &&
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT handle, tier FROM techs" >out &&
	echo "kim|L1" >expect &&
	test_cmp expect out
'

test_done
