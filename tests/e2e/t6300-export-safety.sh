#!/bin/sh
# Export safety (issue 7, SPEC sections 6 and 8): text that a spreadsheet
# would run as a formula (leading '=', '+', '-', '@', tab or CR) in client
# names, job titles, notes and charge descriptions is neutralised in every
# CSV-like export - prefixed with "'" - and written as a string cell in
# XLSX; numbers, negative ones included, stay numbers.  The database, its
# WAL and SHM files and its backups are 0600 whatever the umask.
. "$(dirname "$0")/../lib.sh"

q() {
	sqlite3 "$FIXBILL_DB" "$1"
}

# A client, job, notes and charges that all try to be formulas.  The CLI
# refuses a CR in text and a client name that starts a formula, so those
# are written into the database directly, as another program could.  Invoice INV-2026-00001 is issued
# and voided (credit note CN-2026-00001, negative amounts); job 2 stays
# open and unbilled.
hostile_shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add evil --name Evil >/dev/null &&
	q "UPDATE clients SET name = '=HYPERLINK(\"http://x.example/\",\"click\")'" &&
	fixbill job open --client evil --at "2026-10-01 08:00" --note "-2+3" "+1+1" >/dev/null &&
	fixbill time add 1 1h --end "2026-10-01 10:00" --note "@SUM(A1:A9)" >/dev/null &&
	fixbill job charge 1 --part "$(printf "\\tTAB")" --price 5 >/dev/null &&
	fixbill job charge 1 --part "=cmd|'/c calc'!A0" --price 6 >/dev/null &&
	fixbill job charge 1 --part "CRLATER" --price 7 >/dev/null &&
	fixbill job charge 1 --part "-1-1" --price 8 >/dev/null &&
	q "UPDATE charges SET description = char(13) || '=CR' WHERE description = 'CRLATER'" &&
	fixbill job resolve 1 --at "2026-10-02 12:00" >/dev/null &&
	fixbill invoice create --client evil >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice void INV-2026-00001 --reason "+void" >/dev/null &&
	fixbill job open --client evil --at "2026-10-03 08:00" "@open" >/dev/null &&
	fixbill time add 2 30m --end "2026-10-03 10:00" --note "-note" >/dev/null &&
	q "UPDATE entries SET note = char(13) || '+CR note' WHERE job_id = 2"
}

# csv_safe FILE [DELIM]: no field may start a formula unless it is a
# plain number; at least one neutralised field must be there.
cat >"$TRASH_ROOT/csv_safe.py" <<\EOF
import csv, re, sys
path = sys.argv[1]
delim = sys.argv[2] if len(sys.argv) > 2 else ","
number = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
bad = 0
neutral = 0
with open(path, newline="", encoding="utf-8") as f:
    for n, row in enumerate(csv.reader(f, delimiter=delim), 1):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.match(cell):
                print("%s:%d: dangerous cell %r" % (path, n, cell))
                bad += 1
            if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
                neutral += 1
if neutral == 0:
    print("%s: no neutralised cell: is the hostile text there at all?" % path)
    bad += 1
sys.exit(1 if bad else 0)
EOF
csv_safe() {
	"$PYTHON" "$TRASH_ROOT/csv_safe.py" "$@"
}

# xlsx_safe FILE: every cell holding hostile text is a string cell, with
# the text exactly; no formula mentions it; at least one is there.
cat >"$TRASH_ROOT/xlsx_safe.py" <<\EOF
import sys, openpyxl
marks = ("HYPERLINK", "+1+1", "SUM(A1:A9)", "TAB", "cmd|", "=CR", "-1-1", "@open", "-note")
path = sys.argv[1]
wb = openpyxl.load_workbook(path)
bad = 0
found = 0
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if not isinstance(v, str) or not any(m in v for m in marks):
                continue
            if c.data_type != "s":
                print("%s: %s!%s is %s, not a string: %r" % (path, ws.title, c.coordinate, c.data_type, v))
                bad += 1
            else:
                found += 1
if found == 0:
    print("%s: no hostile text found" % path)
    bad += 1
sys.exit(1 if bad else 0)
EOF
xlsx_safe() {
	"$PYTHON" "$TRASH_ROOT/xlsx_safe.py" "$1"
}

test_expect_success 'the CLI refuses a CR in text' '
	fixbill client add evil --name Evil >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: invalid title: not UTF-8 text, or has control characters" \
		fixbill job open --client evil "$(printf "\\r=1+1")"
'

test_expect_success 'invoice export csv neutralises client names and descriptions' '
	hostile_shop &&
	fixbill invoice export INV-2026-00001 --format csv >inv.csv &&
	csv_safe inv.csv &&
	grep "\"'\''=HYPERLINK(" inv.csv &&
	grep "'\''	TAB" inv.csv &&
	grep "'\''=cmd|" inv.csv &&
	grep "'\''-1-1" inv.csv &&
	grep "$(printf "'\''\\r=CR")" inv.csv &&
	fixbill invoice export CN-2026-00001 --format csv >cn.csv &&
	csv_safe cn.csv &&
	grep ",-100.00," cn.csv
'

test_expect_success 'time export csv neutralises titles and notes' '
	hostile_shop &&
	fixbill time export --format csv >time.csv &&
	csv_safe time.csv &&
	grep "'\''+1+1" time.csv &&
	grep "'\''@SUM(A1:A9)" time.csv &&
	grep "'\''@open" time.csv &&
	grep "$(printf "'\''\\r+CR note")" time.csv
'

test_expect_success 'report csv neutralises titles' '
	hostile_shop &&
	fixbill report hours --period 2026-10 --by job --format csv >hours.csv &&
	csv_safe hours.csv &&
	grep "'\''+1+1" hours.csv &&
	for r in "hours --by client" "hours --by day" "revenue" "unbilled" "aging" "sla"; do
		fixbill report $r --period 2026-10 --format csv >r.csv || exit 1
		"$PYTHON" "$TRASH_ROOT/csv_safe.py" r.csv >r.out ||
			grep -q "no neutralised cell" r.out || { cat r.out; exit 1; }
	done
'

test_expect_success 'period accounting exports (csv, xero, qbo, iif) neutralise text' '
	hostile_shop &&
	for f in csv xero qbo; do
		fixbill invoice export --period 2026-10 --format $f >p.$f &&
		csv_safe p.$f &&
		grep "'\''=HYPERLINK(" p.$f &&
		grep "'\''=cmd|" p.$f || exit 1
	done &&
	grep -e ",-100.00," -e ",-1," p.csv &&
	fixbill invoice export --period 2026-10 --format iif >p.iif &&
	csv_safe p.iif "	" &&
	grep "'\''=HYPERLINK(" p.iif
'

test_expect_success 'xlsx writes hostile text as string cells, never formulas' '
	hostile_shop &&
	fixbill invoice export INV-2026-00001 --format xlsx -o inv.xlsx &&
	xlsx_safe inv.xlsx &&
	fixbill invoice export --period 2026-10 --format xlsx -o period.xlsx &&
	xlsx_safe period.xlsx &&
	fixbill report hours --period 2026-10 --by job --format xlsx -o hours.xlsx &&
	xlsx_safe hours.xlsx &&
	"$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"inv.xlsx\").active
cells = [c for r in ws.iter_rows() for c in r if c.value == \"=HYPERLINK(\\\"http://x.example/\\\",\\\"click\\\")\"]
assert cells and all(c.data_type == \"s\" for c in cells), cells
"
'

test_expect_success 'the database, its WAL and SHM files and backups are 0600' '
	umask 000 &&
	FIXBILL_DB=$PWD/sub/dir/fixbill.db &&
	export FIXBILL_DB &&
	fixbill config set billing.rate 100 &&
	test "$(stat -c %a sub/dir/fixbill.db)" = 600 &&
	test "$(stat -c %a sub/dir)" = 700 &&
	test "$(stat -c %a sub)" = 700 &&
	sh "$TEST_ROOT/tests/gen-time-csv.sh" 20000 >big.csv &&
	# Catch the WAL and SHM while an import holds them, then kill it so
	# they stay behind.
	tries=0 &&
	while :; do
		fixbill time import --create-clients --create-techs big.csv >/dev/null 2>&1 &
		pid=$! &&
		k=0 &&
		while [ ! -f sub/dir/fixbill.db-wal ] && [ $k -lt 200 ]; do
			sleep 0.01
			k=$((k + 1))
		done
		kill -KILL $pid 2>/dev/null
		wait $pid
		test -f sub/dir/fixbill.db-wal && test -f sub/dir/fixbill.db-shm && break
		tries=$((tries + 1))
		test $tries -lt 5 || { echo "never saw the WAL" >&2; exit 1; }
	done &&
	ls -l sub/dir &&
	test "$(stat -c %a sub/dir/fixbill.db-wal)" = 600 &&
	test "$(stat -c %a sub/dir/fixbill.db-shm)" = 600 &&
	fixbill db check >/dev/null &&
	fixbill db backup b.db &&
	test "$(stat -c %a b.db)" = 600 &&
	test ! -f b.db-journal && test ! -f b.db-wal &&
	fixbill db backup sub/b2.db &&
	test "$(stat -c %a sub/b2.db)" = 600
'

test_done
