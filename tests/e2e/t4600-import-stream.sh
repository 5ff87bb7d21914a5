#!/bin/sh
# time import as a stream: rows checked and stored in batches (repeats and
# overlaps found across them), the jobs cache spilling to the database and
# still naming the same jobs, JSON read an element at a time (its errors
# and their lines), unknown technicians refused unless --create-techs, and
# text from the file quoted escaped in errors.
. "$(dirname "$0")/../lib.sh"

setup() {
	fixbill -q client add acme --name "Acme Inc" &&
	fixbill -q tech add tech &&
	fixbill -q tech add kim
}

# rows N JOBS: our CSV of N one-hour entries of acme by tech, one after
# the other from 1990-01-01 00:00, round robin over JOBS jobs "Job K".
rows() {
	awk -v n="$1" -v jobs="$2" 'BEGIN {
		print "client,title,start,end"
		for (i = 0; i < n; i++)
			printf "acme,Job %d,%s,%s\n", i % jobs,
				strftime("%Y-%m-%d %H:%M", 631152000 + i * 3600, 1),
				strftime("%Y-%m-%d %H:%M", 631152000 + i * 3600 + 3600, 1)
	}'
}

test_expect_success 'repeats and overlaps are found across batches' '
	setup &&
	rows 70000 10 >big.csv &&
	{
		cat big.csv &&
		sed -n 2p big.csv &&
		echo "acme,Late,1990-01-01 09:30,1990-01-01 09:45" &&
		echo "acme,Late,1990-01-02 09:30,1990-01-02 09:45"
	} >more.csv &&
	fixbill --json time import more.csv >json 2>/dev/null &&
	jq -c "[.imported, .skipped, .overlaps, .jobs_created]" json >out &&
	echo "[70002,1,4,11]" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*), min(id), max(id) FROM entries")" = "70002|1|70002" &&
	fixbill time import more.csv >out 2>/dev/null &&
	echo "imported 0 entries (70003 skipped as already present)" >expect &&
	test_cmp expect out
'

test_expect_success 'the jobs cache spills and still names the same jobs' '
	setup &&
	rows 40000 40000 >many.csv &&
	{
		cat many.csv &&
		echo "acme,Job 1,2030-01-01 09:00,2030-01-01 10:00" &&
		echo "acme,Job 39999,2030-01-02 09:00,2030-01-02 10:00"
	} >again.csv &&
	FIXBILL_NOW=2031-01-01T00:00:00 fixbill --json time import again.csv >json 2>/dev/null &&
	jq -c "[.imported, .jobs_created]" json >out &&
	echo "[40002,40000]" >expect &&
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT title, count(*), min(e.start), max(e.stop), j.opened, j.resolved
		FROM jobs j JOIN entries e ON e.job_id = j.id WHERE j.id IN (2, 40000) GROUP BY j.id" >out &&
	cat >expect <<-\EOF &&
	Job 1|2|631155600|1893492000|631155600|1893492000
	Job 39999|2|775148400|1893578400|775148400|1893578400
	EOF
	test_cmp expect out &&
	# Again: the spills and the table of stored titles are scratch, so
	# nothing changes, not even the log.
	db_snapshot >before &&
	FIXBILL_NOW=2031-01-01T00:00:00 fixbill -q time import again.csv &&
	db_snapshot >after &&
	test_cmp before after
'

# The cache holds 32767 jobs: 70000 spill it twice.  "Job 1" is named
# again between the spills, so its key, found in the spilled keys, is
# spilled a second time; then once more at the end.
test_expect_success 'a key found among the spilled ones and spilled again names the same job' '
	setup &&
	rows 70000 70000 >twice.csv &&
	{
		sed -n 1,40001p twice.csv &&
		echo "acme,Job 1,2029-01-01 09:00,2029-01-01 10:00" &&
		sed -n 40002,70001p twice.csv &&
		echo "acme,Job 1,2030-01-01 09:00,2030-01-01 10:00"
	} >again.csv &&
	FIXBILL_NOW=2031-01-01T00:00:00 fixbill --json time import again.csv >json 2>/dev/null &&
	jq -c "[.imported, .jobs_created]" json >out &&
	echo "[70002,70000]" >expect &&
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT j.id, count(*), max(e.stop) FROM jobs j JOIN entries e
		ON e.job_id = j.id WHERE j.title = '\''Job 1'\'' GROUP BY j.id" >out &&
	echo "2|3|1893492000" >expect &&
	test_cmp expect out
'

test_expect_success 'an unknown technician refuses the file, with a hint' '
	setup &&
	printf "client,title,tech,start,end\nacme,X,kim,2026-10-05 09:00,2026-10-05 10:00\nacme,X,bne,2026-10-06 09:00,2026-10-06 10:00\n" >typo.csv &&
	test_fails_cleanly 3 "fixbill: error: typo.csv:3: unknown technician '\''bne'\''" \
		fixbill time import typo.csv &&
	grep "^hint: add it with '\''fixbill tech add bne'\'', or import with --create-techs" .stderr &&
	fixbill time import --create-techs typo.csv >out 2>/dev/null &&
	echo "imported 2 entries, created 1 job, 1 technician" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT tier FROM techs WHERE handle = '\''bne'\''")" = L1
'

test_expect_success 'rows without a technician are the default one, which must exist too' '
	fixbill -q client add acme --name "Acme Inc" &&
	printf "client,title,start,end\nacme,X,2026-10-05 09:00,2026-10-05 10:00\n" >none.csv &&
	test_fails_cleanly 3 "fixbill: error: none.csv:2: unknown technician '\''tech'\''" \
		fixbill time import none.csv &&
	test_fails_cleanly 3 "fixbill: error: none.csv:2: unknown technician '\''kim'\''" \
		fixbill time import --tech kim none.csv
'

test_expect_success 'JSON: an empty array, a value that is not an array, no JSON at all' '
	setup &&
	echo "[]" >empty.json &&
	fixbill time import --format timewarrior empty.json >out 2>/dev/null &&
	echo "imported 0 entries" >expect &&
	test_cmp expect out &&
	echo "42" >num.json &&
	test_fails_cleanly 2 "fixbill: error: num.json: want a JSON array of intervals" \
		fixbill time import --format timewarrior num.json &&
	printf "\n\nxyz\n" >junk.json &&
	test_fails_cleanly 2 "fixbill: error: junk.json:3: malformed JSON: it ends too soon" \
		fixbill time import --format watson junk.json &&
	printf "{\"a\": tru}\n{}\n" >bad.json &&
	test_fails_cleanly 2 "fixbill: error: bad.json:1: malformed JSON" \
		fixbill time import --format timewarrior bad.json
'

# One interval a line; the second has a stray brace, a missing comma, a
# trailing comma.
test_expect_success 'JSON: a mistake between or inside elements names its line' '
	setup &&
	I="{\"start\":\"20261005T090000Z\",\"end\":\"20261005T100000Z\",\"tags\":[\"acme\",\"X\"]}" &&
	printf "[\n%s,\n%s}\n]\n" "$I" "$I" >stray.json &&
	test_fails_cleanly 2 "fixbill: error: stray.json:3: malformed JSON" \
		fixbill time import --format timewarrior stray.json &&
	printf "[\n%s\n%s\n]\n" "$I" "$I" >comma.json &&
	test_fails_cleanly 2 "fixbill: error: comma.json:3: malformed JSON" \
		fixbill time import --format timewarrior comma.json &&
	printf "[\n%s,\n]\n" "$I" >trailing.json &&
	test_fails_cleanly 2 "fixbill: error: trailing.json:3: malformed JSON: it ends too soon" \
		fixbill time import --format timewarrior trailing.json &&
	printf "[\n%s,\n{\"start\": \"20261005T\\\\u0000\"}]\n" "$I" >nul.json &&
	test_fails_cleanly 2 "fixbill: error: nul.json: malformed JSON: a NUL character" \
		fixbill time import --format timewarrior nul.json
'

test_expect_success 'JSON: an element of 17 MiB is refused' '
	setup &&
	{
		printf "[{\"start\":\"20261005T090000Z\",\"end\":\"20261005T100000Z\",\"annotation\":\"" &&
		head -c 17825792 /dev/zero | tr "\\0" a &&
		printf "\",\"tags\":[\"acme\",\"X\"]}]\n"
	} >huge.json &&
	test_fails_cleanly 2 "fixbill: error: huge.json: element 1: larger than 16 MiB" \
		fixbill time import --format timewarrior huge.json
'

test_expect_success 'an entry longer than 10000 hours is refused at its line' '
	setup &&
	printf "client,title,tech,start,end\nacme,X,kim,2020-01-01 09:00,2021-02-21 18:00\n" >long.csv &&
	test_fails_cleanly 2 "fixbill: error: long.csv:2: invalid time span: longer than 10000 hours" \
		fixbill time import long.csv
'

test_expect_success 'text from the file is quoted escaped in errors' '
	setup &&
	printf "client,title,tech,start,end\n\033[31mevil,X,kim,2026-10-05 09:00,2026-10-05 10:00\n" >esc.csv &&
	test_fails_cleanly 3 "fixbill: error: esc.csv:2: unknown client '\''\\x1b[31mevil'\''" \
		fixbill time import esc.csv &&
	printf "client,title,tech,start,end\nacme,X,kim,2026-10-05 09:00\033]0;x\007,2026-10-05 10:00\n" >esc.csv &&
	test_fails_cleanly 2 "fixbill: error: esc.csv:2: invalid start '\''2026-10-05 09:00\\x1b]0;x\\x07'\''" \
		fixbill time import esc.csv &&
	printf "client,title,tech,start,end,bogus\033[2J\n" >esc.csv &&
	test_fails_cleanly 2 "fixbill: error: esc.csv:1: unknown column '\''bogus\\x1b[2J'\''" \
		fixbill time import --format csv esc.csv &&
	printf "i 2026-10-05 09:00:00 acme\033[1m  note\n" >esc.timeclock &&
	test_fails_cleanly 2 "fixbill: error: esc.timeclock:1: account '\''acme\\x1b[1m'\'' is not CLIENT:TITLE" \
		fixbill time import --format timeclock esc.timeclock
'

# The import writes without SQLite's check of each reference and checks
# what it wrote once, before the commit.  A trigger that deletes a row
# the import named as it goes (something no fixbill command does) must
# still make it refuse, leaving the database as it was.
dangling() {
	echo "fixbill: error: cannot import: $1 rows would name a job, technician or client that does not exist"
}

test_expect_success 'a technician gone before the commit is refused' '
	setup &&
	printf "client,title,tech,start,end\nacme,X,kim,2026-10-05 09:00,2026-10-05 10:00\nacme,X,tech,2026-10-05 11:00,2026-10-05 12:00\nacme,Y,kim,2026-10-06 09:00,2026-10-06 10:00\n" >refs.csv &&
	sqlite3 "$FIXBILL_DB" "CREATE TRIGGER gone AFTER INSERT ON entries
		BEGIN DELETE FROM techs WHERE handle = '\''kim'\''; END" &&
	test_fails_cleanly 1 "$(dangling 2)" fixbill time import refs.csv
'

test_expect_success 'a stored job gone before the commit is refused' '
	setup &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Two" >/dev/null &&
	printf "job,tech,start,end\n1,kim,2026-10-05 09:00,2026-10-05 10:00\n2,kim,2026-10-05 11:00,2026-10-05 12:00\n2,tech,2026-10-06 09:00,2026-10-06 10:00\n" >refs.csv &&
	sqlite3 "$FIXBILL_DB" "CREATE TRIGGER gone AFTER INSERT ON entries
		BEGIN DELETE FROM jobs WHERE id = 2; END" &&
	test_fails_cleanly 1 "$(dangling 2)" fixbill time import refs.csv
'

test_expect_success 'a job the import created gone before the commit is refused' '
	setup &&
	printf "client,title,tech,start,end\nacme,Kept,kim,2026-10-05 09:00,2026-10-05 10:00\nacme,Gone,kim,2026-10-05 11:00,2026-10-05 12:00\n" >refs.csv &&
	sqlite3 "$FIXBILL_DB" "CREATE TRIGGER gone AFTER INSERT ON jobs WHEN new.title = '\''Gone'\''
		BEGIN DELETE FROM jobs WHERE id = new.id; END" &&
	test_fails_cleanly 1 "$(dangling 1)" fixbill time import refs.csv
'

test_expect_success 'the client of a job the import created gone before the commit is refused' '
	setup &&
	fixbill -q client add globex --name "Globex" &&
	printf "client,title,tech,start,end\nacme,X,kim,2026-10-05 09:00,2026-10-05 10:00\nglobex,Y,kim,2026-10-05 11:00,2026-10-05 12:00\n" >refs.csv &&
	sqlite3 "$FIXBILL_DB" "CREATE TRIGGER gone AFTER INSERT ON jobs WHEN new.title = '\''Y'\''
		BEGIN DELETE FROM clients WHERE id = new.client_id; END" &&
	test_fails_cleanly 1 "$(dangling 1)" fixbill time import refs.csv
'

test_expect_success 'a job of a number too high to keep a bit for is checked too' '
	setup &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET id = 100000000 WHERE id = 1" &&
	printf "job,tech,start,end\n100000000,kim,2026-10-05 09:00,2026-10-05 10:00\n" >refs.csv &&
	cp "$FIXBILL_DB" kept.db &&
	fixbill -q time import refs.csv &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT job_id FROM entries")" = 100000000 &&
	cp kept.db "$FIXBILL_DB" &&
	sqlite3 "$FIXBILL_DB" "CREATE TRIGGER gone AFTER INSERT ON entries
		BEGIN DELETE FROM jobs WHERE id = new.job_id; END" &&
	test_fails_cleanly 1 "$(dangling 1)" fixbill time import refs.csv
'

test_done
