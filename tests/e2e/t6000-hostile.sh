#!/bin/sh
# Hostile and malformed input (issue 7): a corpus of bad invocations and
# bad import files, each of which must be refused with exit 2, 3 or 4,
# exactly one 'fixbill: error:' line (and maybe a hint), nothing on
# stdout and the database unchanged.  Text full of SQL metacharacters is
# stored literally, and no SQL is built by splicing values into its text.
#
# The corpus is a table of 'CODE|command' lines: add a line to add a case.
# Files live in tests/data/hostile/; the huge ones are made here.
. "$(dirname "$0")/../lib.sh"

HOSTILE="$TEST_DATA/hostile"

# A shop with an issued invoice (INV-2026-00001, acme), a draft (2, beta)
# with a trip charge, and an open job 3 with an entry ending 10:00 on
# 2026-10-05: something real for every bad command to aim at.
shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set company.name "Fix Shop" &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill client add beta --name "Beta" >/dev/null &&
	fixbill tech add bob --tier L2 >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Printer" >/dev/null &&
	fixbill time add 1 --start "2026-10-01 09:00" --end "2026-10-01 10:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-02 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill job open --client beta --at "2026-10-03 08:00" "Server" >/dev/null &&
	fixbill time add 2 1h --end "2026-10-03 10:00" >/dev/null &&
	fixbill job charge 2 --trip 50 >/dev/null &&
	fixbill job resolve 2 --at "2026-10-04 12:00" >/dev/null &&
	fixbill invoice create --client beta >/dev/null &&
	fixbill job open --client acme --at "2026-10-05 08:00" "Open one" >/dev/null &&
	fixbill time add 3 30m --end "2026-10-05 10:00" >/dev/null
}

# refused CODE CMD: CMD (a shell command line) exits CODE, prints nothing
# on stdout, one 'fixbill: error:' line and at most hint lines on stderr,
# and leaves the database as it was.
refused() {
	db_snapshot >.before
	(eval "$2") </dev/null >.stdout 2>.stderr
	got=$?
	db_snapshot >.after
	why=
	[ "$got" = "$1" ] || why="exited $got, want $1;"
	[ -s .stdout ] && why="$why printed on stdout;"
	[ "$(grep -c '^fixbill: error: ' .stderr)" = 1 ] ||
		why="$why want one error line;"
	grep -v -e '^fixbill: error: ' -e '^hint: ' .stderr >.other
	[ -s .other ] && why="$why other text on stderr;"
	cmp -s .before .after || why="$why changed the database;"
	[ -z "$why" ] && return 0
	echo "FAILED: $2: $why" >&2
	head -c 400 .stderr | sed 's/^/    stderr: /' >&2
	head -c 200 .stdout | sed 's/^/    stdout: /' >&2
	return 1
}

# run_table: read 'CODE|command' lines on stdin (blank lines and '#'
# comments skipped), try each, count them into ../tried.
run_table() {
	tried=0
	bad=0
	while IFS='|' read -r code cmd; do
		case $code in
		'' | '#'*) continue ;;
		esac
		tried=$((tried + 1))
		refused "$code" "$cmd" || bad=$((bad + 1))
	done
	echo "$tried" >>../tried
	echo "# $tried tried, $bad not refused cleanly"
	[ "$bad" -eq 0 ]
}

test_expect_success 'bad options, numbers, dates and unknown records are refused cleanly' '
	shop &&
	BIG=$(head -c 120000 /dev/zero | tr "\\0" A) &&
	BADUTF8=$(printf "A\\377B") &&
	OVERLONG=$(printf "over\\300\\257long") &&
	SURROGATE=$(printf "\\355\\240\\200x") &&
	CTL=$(printf "ctl\\001x") &&
	run_table <<-\EOF
	# Options and arguments.
	2|fixbill --bogus client list
	2|fixbill client list --bogus
	2|fixbill --color=sometimes client list
	2|fixbill nosuchnoun
	2|fixbill client nosuchverb
	2|fixbill client add
	2|fixbill client add acme2
	2|fixbill client add --name
	2|fixbill client add "" --name X
	2|fixbill client add x --name ""
	2|fixbill job open "No client"
	2|fixbill job search
	2|fixbill invoice create
	2|fixbill invoice run
	2|fixbill report compare
	2|fixbill db backup
	# Money: overflow, negative, too many decimals, not a number.
	2|fixbill client add x --name X --rate 99999999999999999999
	2|fixbill client add x --name X --rate 9223372036854775807
	2|fixbill client add x --name X --rate 92233720368547758.08
	2|fixbill client add x --name X --rate -5
	2|fixbill client add x --name X --rate 1.234
	2|fixbill client add x --name X --rate abc
	2|fixbill client add x --name X --downtime-cost 1e9
	2|fixbill client add x --name X --managed-fee 99999999999999999999
	2|fixbill rate set 99999999999999999999
	2|fixbill rate set -1
	2|fixbill rate set 12.345
	2|fixbill rate set 0x10
	2|fixbill job charge 3 --part Disk --price 99999999999999999999
	2|fixbill job charge 3 --trip -50
	2|fixbill job charge 3 --trip 1.999
	2|fixbill job charge 3 --part Disk --qty -1 --price 5
	2|fixbill job charge 3 --part Disk --qty 99999999999999999999 --price 5
	2|fixbill job charge 3 --part Disk --cost 5 --markup abc
	2|fixbill invoice pay INV-2026-00001 99999999999999999999
	2|fixbill invoice pay INV-2026-00001 -10
	2|fixbill invoice pay INV-2026-00001 10.001
	2|fixbill invoice pay INV-2026-00001 NaN
	2|fixbill report compare --client acme --period 2026-10 --managed-fee 99999999999999999999
	2|fixbill config set billing.rate 99999999999999999999
	2|fixbill config set billing.rate -1
	# Other numbers and enumerations.
	2|fixbill client add x --name X --tax 1000
	2|fixbill client add x --name X --tax -1
	2|fixbill client add x --name X --terms -3
	2|fixbill client add x --name X --terms 99999999999999999999
	2|fixbill client add x --name X --currency XYZ1
	2|fixbill client add x --name X --currency "US'"'"'D"
	2|fixbill tech add bob2 --tier L9
	2|fixbill rate set --tier L4 10
	2|fixbill rate rm abc
	2|fixbill rate rm -1
	2|fixbill job open --client acme --priority P9 T
	2|fixbill job show abc
	2|fixbill job show -1
	2|fixbill job show 99999999999999999999
	2|fixbill job show "1; DROP TABLE jobs"
	2|fixbill job edit 1 --priority PX
	2|fixbill job list --status bogus
	2|fixbill invoice list --status bogus
	2|fixbill config set currency XX
	2|fixbill config set tax.rate 150
	2|fixbill config set invoice.terms -1
	2|fixbill config set timezone Mars/Olympus
	2|fixbill config set timezone ../../etc/passwd
	2|fixbill config set no.such.key 1
	2|fixbill config get no.such.key
	# Durations: bare numbers, negative, zero, overflow, nonsense.
	2|fixbill time add 3 45
	2|fixbill time add 3 -1h
	2|fixbill time add 3 0m
	2|fixbill time add 3 99999999999999999999h
	2|fixbill time add 3 99999999999999999999m
	2|fixbill time add 3 9223372036854775807s
	2|fixbill time add 3 1x
	2|fixbill time add 3 PT
	2|fixbill time add 3 1:99
	2|fixbill time edit 3 --duration -5m
	2|fixbill time add 3 --start "2026-10-05 10:00" --end "2026-10-05 09:00"
	2|fixbill time add 3 1h --start "2026-10-05 10:00" --end "2026-10-05 11:00"
	# Dates that do not exist, and malformed periods.
	2|fixbill job open --client acme --at 2026-02-30 T
	2|fixbill job open --client acme --at "2026-13-01 09:00" T
	2|fixbill job open --client acme --at "2026-10-01 25:00" T
	2|fixbill job open --client acme --down-since yesterdayish T
	2|fixbill rate set --from 2026-02-30 10
	2|fixbill time start 3 --at 2026-02-30
	2|fixbill time add 3 1h --start 2026-02-30
	2|fixbill time add 3 1h --start 99999-01-01
	2|fixbill invoice create --client acme --through 2026-02-30
	2|fixbill invoice create --client acme --date 2026-02-29
	2|fixbill invoice issue 2 --date 2026-02-30
	2|fixbill invoice pay INV-2026-00001 10 --date 2026-02-30
	2|fixbill job list --period 2026-13
	2|fixbill job list --period 2026-Q5
	2|fixbill job list --from 2026-02-30 --to 2026-03-01
	2|fixbill time list --period bogus
	2|fixbill invoice run --period 2026-02-30
	2|fixbill invoice export --period 2026-13 --format xero
	2|fixbill report hours --period 2026-00
	2|fixbill report aging --as-of 2026-02-30
	2|fixbill report sla --from 2026-10-10 --to 2026-10-01
	# Formats.
	2|fixbill report hours --by bogus
	2|fixbill report hours --format docx
	2|fixbill time export --format bogus
	2|fixbill invoice export INV-2026-00001 --format docx
	2|fixbill invoice export INV-2026-00001
	2|fixbill invoice run --period 2026-10 --formats pdf,exe --export out
	2|fixbill time import --format bogus x.csv
	# Text that is too long, not UTF-8, or has control characters.
	2|fixbill job open --client acme "$BIG"
	2|fixbill job open --client acme --note "$BIG" T
	2|fixbill client add u --name "$BIG"
	2|fixbill time add 3 1h --end "2026-10-05 08:00" --note "$BIG"
	2|fixbill config set company.name "$BIG"
	2|fixbill client add u --name "$BADUTF8"
	2|fixbill client add u --name "$OVERLONG"
	2|fixbill client add u --name "$SURROGATE"
	2|fixbill job open --client acme "$BADUTF8"
	2|fixbill job open --client acme "$CTL"
	2|fixbill job edit 3 --note "$BADUTF8"
	2|fixbill time add 3 1h --end "2026-10-05 08:00" --note "$BADUTF8"
	2|fixbill config set company.name "$BADUTF8"
	2|fixbill time add 3 1h --tech "x'"'"' OR 1=1--"
	# Unknown clients, jobs, entries, invoices (some with SQL in them).
	3|fixbill client show nosuch
	3|fixbill client show "acme'"'"' OR '"'"'1'"'"'='"'"'1"
	3|fixbill client edit "x'"'"'; DROP TABLE clients;--" --name Y
	3|fixbill client archive nosuch
	3|fixbill tech show nosuch
	3|fixbill rate set --client nosuch 10
	3|fixbill rate rm 999
	3|fixbill job open --client nosuch T
	3|fixbill job open --client "'"'"'; DELETE FROM jobs;--" T
	3|fixbill job show 999
	3|fixbill job edit 999 --title X
	3|fixbill job resolve 999
	3|fixbill job reopen 999
	3|fixbill job charge 999 --trip 10
	3|fixbill job uncharge 999
	3|fixbill time start 999
	3|fixbill time add 999 1h
	3|fixbill time show 999
	3|fixbill time edit 999 --note x
	3|fixbill time rm 999
	3|fixbill invoice show 999
	3|fixbill invoice show INV-9999-99999
	3|fixbill invoice show "INV'"'"' OR 1=1--"
	3|fixbill invoice create --client nosuch
	3|fixbill invoice issue 999
	3|fixbill invoice issue 1
	3|fixbill invoice discard 999
	3|fixbill invoice void INV-2026-99999
	3|fixbill invoice pay INV-2026-99999 10
	3|fixbill invoice export INV-2026-99999 --format csv
	3|fixbill report hours --client nosuch
	3|fixbill report compare --client nosuch --period 2026-10
	# Refused by a rule.
	4|fixbill client add acme --name Dup
	4|fixbill tech add bob
	4|fixbill time stop --tech bob
	4|fixbill time cancel --tech bob
	4|fixbill time add 3 30m --end "2026-10-05 10:00"
	4|fixbill time rm 1
	4|fixbill time edit 1 --note changed
	4|fixbill invoice discard INV-2026-00001
	4|fixbill invoice void 2
	4|fixbill invoice pay INV-2026-00001 100.01
	4|fixbill db backup "$FIXBILL_DB"
	EOF
'

# Import files: malformed, impossible, unknown, with NULs.  The format is
# given, so the "reading FILE as FORMAT" note never shows.
test_expect_success 'bad import files are refused whole, with FILE:LINE errors' '
	shop &&
	H=$HOSTILE &&
	{
		echo "client,job,title,tech,start,end,duration,note,billable" &&
		printf "acme,,%s,tech,2026-10-06T09:00:00Z,2026-10-06T10:00:00Z,,n,yes\\n" \
			"$(head -c 1048576 /dev/zero | tr "\\0" T)"
	} >mbtitle.csv &&
	{
		echo "client,job,title,tech,start,end,duration,note,billable" &&
		printf "acme,,T,tech,2026-10-06T09:00:00Z,2026-10-06T10:00:00Z,,%s,yes\\n" \
			"$(head -c 1048576 /dev/zero | tr "\\0" N)"
	} >mbnote.csv &&
	printf "i 2026-10-06 09:00:00 acme:%s\\no 2026-10-06 10:00:00\\n" \
		"$(head -c 1048576 /dev/zero | tr "\\0" T)" >mbtitle.timeclock &&
	printf "[{\\"id\\":1,\\"start\\":\\"20261006T090000Z\\",\\"end\\":\\"20261006T100000Z\\",\\"tags\\":[\\"acme\\",\\"%s\\"]}]" \
		"$(head -c 1048576 /dev/zero | tr "\\0" T)" >mbtitle.json &&
	run_table <<-\EOF
	2|fixbill time import --format csv mbtitle.csv
	2|fixbill time import --format csv mbnote.csv
	2|fixbill time import --format timeclock mbtitle.timeclock
	2|fixbill time import --format timewarrior mbtitle.json
	2|fixbill time import --format csv $H/nul.csv
	2|fixbill time import --format toggl $H/nul-toggl.csv
	2|fixbill time import --format timeclock $H/nul.timeclock
	2|fixbill time import --format timewarrior $H/nul-timew.json
	2|fixbill time import --format watson $H/nul-watson.json
	2|fixbill time import --format csv $H/badutf8.csv
	2|fixbill time import --format csv $H/badnote.csv
	2|fixbill time import --format csv $H/binary.csv
	2|fixbill time import --format csv $H/empty.csv
	2|fixbill time import --format csv $H/header.csv
	2|fixbill time import --format csv $H/quote.csv
	2|fixbill time import --format csv $H/extracol.csv
	2|fixbill time import --format csv $H/dupcol.csv
	2|fixbill time import --format csv $H/badbool.csv
	2|fixbill time import --format csv $H/badtech.csv
	2|fixbill time import --format csv $H/badjob.csv
	2|fixbill time import --format csv $H/notitle.csv
	2|fixbill time import --format csv $H/mismatch.csv
	2|fixbill time import --format csv $H/feb30.csv
	2|fixbill time import --format csv $H/hugeyear.csv
	2|fixbill time import --format csv $H/negative.csv
	2|fixbill time import --format csv $H/negdur.csv
	2|fixbill time import --format csv $H/hugedur.csv
	2|fixbill time import --format csv $H/secondbad.csv
	2|fixbill time import --format toggl $H/feb30-toggl.csv
	2|fixbill time import --format timeclock $H/feb30.timeclock
	2|fixbill time import --format timeclock $H/backwards.timeclock
	2|fixbill time import --format timeclock $H/open.timeclock
	2|fixbill time import --format timeclock $H/stray.timeclock
	2|fixbill time import --format timeclock $H/double-in.timeclock
	2|fixbill time import --format timeclock $H/noaccount.timeclock
	2|fixbill time import --format timeclock $H/garbage.timeclock
	2|fixbill time import --format timewarrior $H/feb30-timew.json
	2|fixbill time import --format timewarrior $H/backwards-timew.json
	2|fixbill time import --format timewarrior $H/notags-timew.json
	2|fixbill time import --format timewarrior $H/trunc-timew.json
	2|fixbill time import --format timewarrior $H/obj-timew.json
	2|fixbill time import --format watson $H/backwards-watson.json
	2|fixbill time import --format watson $H/noproject-watson.json
	2|fixbill time import --format watson $H/numstart-watson.json
	2|fixbill time import $H/binary.csv
	2|fixbill time import $H/empty.csv
	3|fixbill time import --format csv $H/noclient.csv
	3|fixbill time import --format csv $H/nojob.csv
	3|fixbill time import --format timeclock $H/noclient.timeclock
	EOF
'

test_expect_success 'the error names the file and line of the first bad row' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: $HOSTILE/secondbad.csv:3: invalid end '\''garbage'\''" \
		fixbill time import --format csv "$HOSTILE/secondbad.csv" &&
	test_fails_cleanly 2 "fixbill: error: $HOSTILE/nul.csv:2: malformed CSV: a NUL byte" \
		fixbill time import --format csv "$HOSTILE/nul.csv" &&
	test_fails_cleanly 2 "fixbill: error: $HOSTILE/nul.timeclock:1: not a timeclock line: a NUL byte" \
		fixbill time import --format timeclock "$HOSTILE/nul.timeclock" &&
	test_fails_cleanly 2 "fixbill: error: $HOSTILE/nul-timew.json: malformed JSON: a NUL character" \
		fixbill time import --format timewarrior "$HOSTILE/nul-timew.json"
'

# Text with quotes, semicolons and comment markers: stored byte for byte.
SQLTEXT="Robert'); DROP TABLE clients;-- \" % _ \\ /* */ 1=1 OR ''='"

test_expect_success 'SQL metacharacters in every text field are stored literally' '
	shop &&
	S=$SQLTEXT &&
	fixbill client add evil --name "$S" --email "o'\''neil+x@example.com" --address "$S" --tax-id "$S" >/dev/null &&
	fixbill tech add mallory --name "$S" >/dev/null &&
	fixbill config set company.name "$S" &&
	fixbill config set company.address "$S" &&
	fixbill job open --client evil --note "$S" --at "2026-10-06 08:00" "$S" >/dev/null &&
	fixbill time add 4 1h --end "2026-10-06 10:00" --note "$S" --tech mallory >/dev/null &&
	fixbill job charge 4 --part "$S" --price 10 >/dev/null &&
	fixbill job resolve 4 --note "$S" --at "2026-10-06 12:00" >/dev/null &&
	fixbill invoice create --client evil >/dev/null &&
	fixbill invoice issue 3 >/dev/null &&
	fixbill invoice pay INV-2026-00002 5 --method "$S" --ref "$S" >/dev/null &&
	fixbill invoice void INV-2026-00002 --reason "$S" >/dev/null &&
	q() { sqlite3 "$FIXBILL_DB" "$1"; } &&
	for v in "$(q "SELECT name FROM clients WHERE code = '\''evil'\''")" \
		"$(q "SELECT address FROM clients WHERE code = '\''evil'\''")" \
		"$(q "SELECT tax_id FROM clients WHERE code = '\''evil'\''")" \
		"$(q "SELECT name FROM techs WHERE handle = '\''mallory'\''")" \
		"$(q "SELECT value FROM config WHERE key = '\''company.name'\''")" \
		"$(q "SELECT value FROM config WHERE key = '\''company.address'\''")" \
		"$(q "SELECT title FROM jobs WHERE id = 4")" \
		"$(q "SELECT note FROM jobs WHERE id = 4")" \
		"$(q "SELECT resolution FROM jobs WHERE id = 4")" \
		"$(q "SELECT note FROM entries WHERE job_id = 4")" \
		"$(q "SELECT description FROM charges WHERE job_id = 4")" \
		"$(q "SELECT client_name FROM invoices WHERE number = '\''INV-2026-00002'\''")" \
		"$(q "SELECT void_reason FROM invoices WHERE number = '\''INV-2026-00002'\''")" \
		"$(q "SELECT method FROM payments")" \
		"$(q "SELECT ref FROM payments")"
	do
		test "$v" = "$S" || { echo "stored: $v" >&2; exit 1; }
	done &&
	test "$(q "SELECT email FROM clients WHERE code = '\''evil'\''")" = "o'\''neil+x@example.com" &&
	test "$(q "SELECT count(*) FROM clients")" = 3 &&
	fixbill job search DROP >out &&
	grep "^job 4 (evil" out &&
	fixbill job search "$S" >out &&
	grep "^job 4 (evil" out &&
	fixbill job search "\"unbalanced NEAR( *" >out &&
	test ! -s out &&
	fixbill db check >/dev/null
'

# Every statement binds its values.  The only SQL text built at run time
# is fixed: 'PRAGMA user_version = %d' of a compiled-in number (db.c) and
# the import's multi-row INSERT of repeated fixed fragments (import.c).
test_expect_success 'no SQL is built by splicing values into its text' '
	(
		cd "$TEST_ROOT" &&
		grep -n "sqlite3_mprintf\|sqlite3_vmprintf\|sqlite3_snprintf\|snprintf(.*SELECT\|snprintf(.*INSERT\|snprintf(.*UPDATE\|snprintf(.*DELETE" \
			lib/*.c cmd/*.c
		grep -n "printf(.*\(SELECT\|INSERT\|UPDATE\|DELETE\|PRAGMA\|WHERE\)" lib/*.c cmd/*.c |
			grep -v "\"PRAGMA user_version = %d\""
		# Only db.c talks to SQLite directly.
		grep -n "sqlite3_exec\|sqlite3_prepare" lib/*.c cmd/*.c | grep -v "^lib/db.c:"
	) >unexpected
	test ! -s unexpected || { cat unexpected >&2; false; }
'

n=$(awk '{ s += $1 } END { print s + 0 }' "$TRASH_ROOT/tried" 2>/dev/null)
echo "# $n bad inputs tried"
test_done
