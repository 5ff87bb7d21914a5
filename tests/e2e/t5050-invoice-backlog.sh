#!/bin/sh
# Invoicing a backlog: thousands of unbilled entries of one client, whose
# claim (or marking as billed elsewhere) changes more pages in one
# statement than SQLite keeps of a statement journal in memory, so the
# journal goes to a file.  That write once failed with "database or disk
# is full" (a journal written in one call larger than the VFS can write).
. "$(dirname "$0")/../lib.sh"

FIXBILL_NOW=2026-11-01T09:00:00
export FIXBILL_NOW

# backlog N: our CSV of N entries of 59 minutes of client acme, eight on
# each weekday from Monday 2024-01-01 on, in business hours, ten to a job,
# each with a 3 KB note: about an entry to a page of the table, so N
# pages of it change when they are invoiced.
backlog() {
	awk -v n="$1" 'BEGIN {
		note = sprintf("%3000s", ""); gsub(/ /, "x", note)
		print "client,title,start,end,note"
		for (i = 0; i < n; i++) {
			d = int(i / 8)
			t = (d + 2 * int(d / 5)) * 86400 + 1704067200
			d = strftime("%Y-%m-%d", t, 1)
			printf "acme,Job %d,%s %02d:00,%s %02d:59,%s\n", int(i / 10),
				d, 8 + i % 8, d, 8 + i % 8, note
		}
	}'
}

shop() {
	fixbill -q client add acme --name "Acme Corp" --rate 100 &&
	fixbill -q tech add tech &&
	backlog 3000 >backlog.csv &&
	fixbill -q time import backlog.csv 2>/dev/null &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM jobs WHERE status = 'resolved'")" = 300
}

unbilled() {
	sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE invoice_id IS NULL"
}

# 300 jobs of 9h50m, each rounded up to 10h at 100.00.
test_expect_success 'invoice create bills a backlog of 3000 entries' '
	shop &&
	fixbill invoice create --client acme >out &&
	echo "draft 1" >expect &&
	test_cmp expect out &&
	test "$(unbilled)" = 0 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT total FROM invoices WHERE id = 1")" = 30000000 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoice_lines WHERE invoice_id = 1")" = 300 &&
	fixbill db check >/dev/null
'

test_expect_success 'a draft of the backlog is discarded and refreshed' '
	shop &&
	fixbill -q invoice create --client acme &&
	fixbill invoice refresh 1 >/dev/null &&
	test "$(unbilled)" = 0 &&
	fixbill invoice discard 1 >/dev/null &&
	test "$(unbilled)" = 3000
'

test_expect_success 'invoice run bills the backlog' '
	shop &&
	fixbill invoice run --period 2026-10 >out &&
	cat >expect <<-\EOF &&
	CLIENT  INVOICE       TOTAL  CUR  FILES
	acme    draft 1  300,000.00  USD  
	EOF
	test_cmp expect out &&
	test "$(unbilled)" = 0 &&
	fixbill db check >/dev/null
'

test_expect_success 'time mark-billed marks the backlog billed elsewhere' '
	shop &&
	fixbill time mark-billed --through 2026-10-31 >out &&
	echo "marked 3000 entries as billed elsewhere" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE billed_elsewhere = 1")" = 3000 &&
	fixbill db check >/dev/null
'

test_done
