#!/bin/sh
# fixbill log and fixbill undo (SPEC section 16): every command that
# changes the database is logged with who ran it and the records it
# touched; undo puts the database back exactly as it was before the
# command, and refuses what issued, voided or paid anything, and what a
# later change built on.
. "$(dirname "$0")/../lib.sh"

shop() {
	fixbill -q tech add tech &&
	fixbill -q client add acme --name "Acme Corp" &&
	fixbill -q config set billing.rate 100 &&
	fixbill -q job open --client acme --at "2026-10-14 08:00" "Printer jam"
}

# The database as SQL, without the log: the log gains the command and
# its undo, which is the point; everything else must be as it was,
# the full-text indexes' own tables and sqlite_sequence included.
dump() {
	sqlite3 "$FIXBILL_DB" .dump | grep -v "^INSERT INTO log VALUES"
}

# undone CMD...: run CMD, undo it, and the dump is the one before CMD.
undone() {
	dump >before.sql &&
	"$@" >/dev/null &&
	fixbill undo >undo.out &&
	dump >after.sql &&
	test_cmp before.sql after.sql
}

test_expect_success 'log: who ran what, and the records it touched' '
	shop &&
	fixbill -q time add 1 1h --note "new fuser" &&
	FIXBILL_TECH=kim FIXBILL_NOW=2026-10-15T12:30:00 fixbill -q config set billing.minimum 60 &&
	fixbill log >actual &&
	cat >expect <<-\EOF &&
	6    2026-10-15 12:30  kim  fixbill -q config set billing.minimum 60
	     created setting billing.minimum
	5    2026-10-15 12:00  tech  fixbill -q time add 1 1h --note '"'"'new fuser'"'"'
	     created entry 1
	4    2026-10-15 12:00  tech  fixbill -q job open --client acme --at '"'"'2026-10-14 08:00'"'"' '"'"'Printer jam'"'"'
	     created job 1
	3    2026-10-15 12:00  tech  fixbill -q config set billing.rate 100
	     created setting billing.rate
	2    2026-10-15 12:00  tech  fixbill -q client add acme --name '"'"'Acme Corp'"'"'
	     created client 1
	1    2026-10-15 12:00  tech  fixbill -q tech add tech
	     created tech 1
	EOF
	test_cmp expect actual &&
	fixbill log --limit 2 --json >actual &&
	cat >expect <<-\EOF &&
	[
	  {
	    "id": 6,
	    "at": "2026-10-15T12:30:00+00:00",
	    "who": "kim",
	    "command": "fixbill -q config set billing.minimum 60",
	    "changes": [
	      {
	        "kind": "setting",
	        "id": "billing.minimum",
	        "action": "create"
	      }
	    ],
	    "undoable": true,
	    "reason": null,
	    "undone": false,
	    "undone_by": null,
	    "undo_of": null
	  },
	  {
	    "id": 5,
	    "at": "2026-10-15T12:00:00+00:00",
	    "who": "tech",
	    "command": "fixbill -q time add 1 1h --note '"'"'new fuser'"'"'",
	    "changes": [
	      {
	        "kind": "entry",
	        "id": 1,
	        "action": "create"
	      }
	    ],
	    "undoable": true,
	    "reason": null,
	    "undone": false,
	    "undone_by": null,
	    "undo_of": null
	  }
	]
	EOF
	test_cmp expect actual &&
	fixbill -q log >actual &&
	printf "6\n5\n4\n3\n2\n1\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'what changes nothing is not logged: reads, failures, dry runs' '
	shop &&
	fixbill log --json >before &&
	fixbill job list >/dev/null &&
	fixbill time list >/dev/null &&
	test_expect_code 3 fixbill time add 9 1h 2>/dev/null &&
	test_expect_code 4 fixbill time stop 2>/dev/null &&
	fixbill config unset company.name &&
	printf "client,title,start,end\nacme,X,2026-10-01 09:00,2026-10-01 10:00\n" >in.csv &&
	fixbill -q time import --dry-run in.csv &&
	fixbill log --json >after &&
	test_cmp before after
'

test_expect_success 'a command whose output is lost is not logged either' '
	shop &&
	fixbill log --json >before &&
	test_expect_code 1 fixbill time add 1 1h >/dev/full 2>/dev/null &&
	fixbill log --json >after &&
	test_cmp before after
'

test_expect_success 'undo: time add, edit and rm come back exactly' '
	shop &&
	undone fixbill time add 1 1h --note "fixed the tray" &&
	echo "undid change 5 (fixbill time add 1 1h --note '"'"'fixed the tray'"'"'): removed entry 1" >expect &&
	test_cmp expect undo.out &&
	fixbill -q time add 1 --start 09:00 --end 10:00 --note "first" &&
	undone fixbill time edit 1 --note "second" --end 10:30 --nocharge &&
	undone fixbill time rm 1 &&
	undone fixbill time start 1 --at 11:00 &&
	fixbill -q time start 1 --at 11:00 &&
	undone fixbill time stop --note "done"
'

test_expect_success 'undo: job open, edit, resolve, reopen, cancel and charges' '
	shop &&
	undone fixbill job open --client acme --note "dead disk" "Server down" &&
	undone fixbill job edit 1 --title "Printer on fire" --priority P1 --note "smoke" &&
	undone fixbill job resolve 1 --note "replaced the fuser" &&
	fixbill -q job resolve 1 --at 10:00 --note "replaced the fuser" &&
	undone fixbill job reopen 1 --down-since "2026-10-15 11:00" &&
	undone fixbill job cancel 1 --reason "duplicate" &&
	undone fixbill job charge 1 --part "Fuser unit" --qty 1 --cost 60 --markup 25 &&
	fixbill -q job charge 1 --trip 45 &&
	undone fixbill job uncharge 1
'

test_expect_success 'undo: clients, technicians, rates and settings' '
	shop &&
	undone fixbill client add beta --name "Beta" --currency EUR &&
	undone fixbill client edit acme --name "Acme Dental" --email ap@acme.example --terms 15 &&
	undone fixbill tech edit tech --name "Tech Person" --tier L2 &&
	undone fixbill rate set 120 --client acme &&
	fixbill -q rate set 120 --client acme &&
	undone fixbill rate set 130 --client acme &&
	undone fixbill rate rm 1 &&
	undone fixbill config set billing.rate 150 &&
	undone fixbill config unset billing.rate &&
	undone fixbill config set tax.rate 8.25
'

test_expect_success 'undo: a draft invoice and its discard' '
	shop &&
	fixbill -q time add 1 --start 09:00 --end 10:00 &&
	fixbill -q job resolve 1 --at 11:00 &&
	undone fixbill invoice create --client acme &&
	fixbill -q invoice create --client acme &&
	undone fixbill invoice discard 1 &&
	undone fixbill invoice edit 1 --ref "Ticket 88" --note "thanks" &&
	undone fixbill invoice line add 1 --desc "Cable" --amount 12 &&
	undone fixbill invoice discount 1 --percent 10 &&
	fixbill -q config set billing.rate 120 &&
	undone fixbill invoice refresh 1 &&
	undone fixbill invoice release 1 --job 1 &&
	fixbill log --limit 1 >out &&
	grep "^     undid change 21: " out
'

test_expect_success 'undo logs itself; the next undo reverts the change before' '
	shop &&
	fixbill -q time add 1 1h &&
	fixbill -q time add 1 30m --end 10:00 &&
	fixbill -q undo &&
	fixbill -q undo &&
	fixbill log --limit 4 >actual &&
	cat >expect <<-\EOF &&
	8    2026-10-15 12:00  tech  fixbill -q undo
	     undid change 5: deleted entry 1
	7    2026-10-15 12:00  tech  fixbill -q undo
	     undid change 6: deleted entry 2
	6    2026-10-15 12:00  tech  fixbill -q time add 1 30m --end 10:00  (undone by 7)
	     created entry 2
	5    2026-10-15 12:00  tech  fixbill -q time add 1 1h  (undone by 8)
	     created entry 1
	EOF
	test_cmp expect actual &&
	fixbill --json log --limit 1 >actual &&
	grep "\"undoable\": false" actual &&
	grep "\"undo_of\": 5$" actual &&
	fixbill log --json --limit 4 | grep -c "\"undone\": true" >count &&
	echo 2 >expect &&
	test_cmp expect count
'

test_expect_success 'undo --json prints the change it reverted' '
	shop &&
	fixbill -q time add 1 1h &&
	fixbill undo --json >actual &&
	cat >expect <<-\EOF &&
	{
	  "id": 5,
	  "at": "2026-10-15T12:00:00+00:00",
	  "who": "tech",
	  "command": "fixbill -q time add 1 1h",
	  "changes": [
	    {
	      "kind": "entry",
	      "id": 1,
	      "action": "create"
	    }
	  ],
	  "undoable": true,
	  "reason": null,
	  "undone": true,
	  "undone_by": 6,
	  "undo_of": null
	}
	EOF
	test_cmp expect actual
'

test_expect_success 'the ids of undone rows are free again, as before the command' '
	shop &&
	fixbill -q time add 1 1h --end 09:00 &&
	fixbill -q undo &&
	fixbill time add 1 1h --end 10:00 >actual &&
	echo "entry 1" >expect &&
	test_cmp expect actual
'

test_expect_success 'undo refuses a change that issued, voided or paid' '
	shop &&
	fixbill -q time add 1 --start 09:00 --end 10:00 &&
	fixbill -q job resolve 1 --at 11:00 &&
	fixbill -q invoice create --client acme &&
	fixbill -q invoice issue 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 8 ('"'"'fixbill -q invoice issue 1'"'"'): it issued invoice INV-2026-00001" \
		fixbill undo &&
	fixbill undo 2>err; test $? = 4 &&
	grep "^hint: issued invoices, records of money and closed books are corrected by new records" err &&
	fixbill -q invoice pay INV-2026-00001 50 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 9 ('"'"'fixbill -q invoice pay INV-2026-00001 50'"'"'): it recorded a payment on invoice INV-2026-00001" \
		fixbill undo &&
	fixbill -q invoice void INV-2026-00001 --reason mistake &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 10 ('"'"'fixbill -q invoice void INV-2026-00001 --reason mistake'"'"'): it voided invoice INV-2026-00001" \
		fixbill undo &&
	fixbill log --limit 3 >actual &&
	grep -c "(not undoable: it" actual >count &&
	echo 3 >expect &&
	test_cmp expect count &&
	fixbill db check
'

test_expect_success 'undo refuses what moved money or closed the books' '
	shop &&
	fixbill -q time add 1 --start 09:00 --end 10:00 &&
	fixbill -q job resolve 1 --at 11:00 &&
	fixbill -q invoice create --client acme &&
	fixbill -q invoice issue 1 &&
	fixbill -q invoice pay INV-2026-00001 150 --excess credit &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 9 ('"'"'fixbill -q invoice pay INV-2026-00001 150 --excess credit'"'"'): it recorded a payment on invoice INV-2026-00001" \
		fixbill undo &&
	fixbill -q client refund acme 50 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 10 ('"'"'fixbill -q client refund acme 50'"'"'): it refunded a client'"'"'s credit" \
		fixbill undo &&
	fixbill -q payment void 2 --reason bounced &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 11 ('"'"'fixbill -q payment void 2 --reason bounced'"'"'): it voided payment 2" \
		fixbill undo 11 &&
	fixbill -q period close 2026-09 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 12 ('"'"'fixbill -q period close 2026-09'"'"'): it closed the books through 2026-09-30" \
		fixbill undo
'

test_expect_success 'undo refuses a change a later change built on, and says which' '
	shop &&
	fixbill -q time add 1 --start 09:00 --end 10:00 &&
	fixbill -q time edit 1 --note "later" &&
	fixbill -q time add 1 --start 10:00 --end 11:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 5 ('"'"'fixbill -q time add 1 --start 09:00 --end 10:00'"'"'): change 6 ('"'"'fixbill -q time edit 1 --note later'"'"') later changed entry 1" \
		fixbill undo 5 &&
	fixbill undo 5 2>err; test $? = 4 &&
	grep "^hint: undo change 6 first$" err &&
	fixbill -q undo 6 &&
	dump >before.sql &&
	fixbill -q undo 5 &&
	fixbill time list --json >actual &&
	grep -c "\"id\":" actual >count &&
	echo 1 >expect &&
	test_cmp expect count &&
	grep "\"id\": 2," actual
'

test_expect_success 'a draft issued since cannot lose its work to an undo' '
	shop &&
	fixbill -q time add 1 --start 09:00 --end 10:00 &&
	fixbill -q job resolve 1 --at 11:00 &&
	fixbill -q invoice create --client acme &&
	fixbill -q invoice issue 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 7 ('"'"'fixbill -q invoice create --client acme'"'"'): change 8 ('"'"'fixbill -q invoice issue 1'"'"') later changed invoice 1" \
		fixbill undo 7 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 5 ('"'"'fixbill -q time add 1 --start 09:00 --end 10:00'"'"'): change 7 ('"'"'fixbill -q invoice create --client acme'"'"') later changed entry 1" \
		fixbill undo 5
'

test_expect_success 'an undo of an older change keeps the search index right' '
	shop &&
	fixbill -q job open --client acme --note toner Copier &&
	fixbill -q time add 2 1h --end 09:00 --note "cleaned the drum" &&
	fixbill -q time add 2 1h --end 11:00 --note "replaced the drum" &&
	fixbill -q job charge 2 --part "Drum unit" --cost 80 &&
	fixbill -q job open --client acme --note "blue screen" "Laptop" &&
	fixbill -q undo 6 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 5 ('"'"'fixbill -q job open --client acme --note toner Copier'"'"'): records made since refer to what it created" \
		fixbill undo 5 &&
	fixbill job search cleaned >actual &&
	test ! -s actual &&
	fixbill job search screen >actual &&
	grep "^job 3 " actual &&
	fixbill job search toner >actual &&
	grep "^job 2 " actual &&
	fixbill job search replaced drum >actual &&
	grep "^job 2 " actual &&
	sqlite3 "$FIXBILL_DB" "INSERT INTO work_fts(work_fts) VALUES ('"'"'integrity-check'"'"');
		INSERT INTO entry_fts(entry_fts) VALUES ('"'"'integrity-check'"'"');
		INSERT INTO jobs_fts(jobs_fts) VALUES ('"'"'integrity-check'"'"')" &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM work_fts")" = 1 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entry_fts WHERE entry_fts MATCH '"'"'drum'"'"'")" = 1 &&
	fixbill db check
'

test_expect_success 'undo refusals: nothing to undo, unknown, undone, an undo' '
	fixbill -q tech add tech &&
	fixbill -q undo &&
	test_fails_cleanly 4 "fixbill: error: nothing to undo" fixbill undo &&
	test_fails_cleanly 3 "fixbill: error: unknown change '"'"'9'"'"'" fixbill undo 9 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 1 ('"'"'fixbill -q tech add tech'"'"'): it was undone by change 2" \
		fixbill undo 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 2 ('"'"'fixbill -q undo'"'"'): it is an undo" \
		fixbill undo 2 &&
	test_fails_cleanly 2 "fixbill: error: invalid change number '"'"'x'"'"'" fixbill undo x &&
	test_fails_cleanly 2 "fixbill: error: too many arguments for '"'"'undo'"'"'" fixbill undo 1 2
'

test_expect_success 'a change edited behind fixbill'"'"'s back is not undone over' '
	shop &&
	fixbill -q time add 1 1h --note "one" &&
	sqlite3 "$FIXBILL_DB" "UPDATE entries SET note = '"'"'edited by hand'"'"'" &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 5 ('"'"'fixbill -q time add 1 1h --note one'"'"'): entry 1 has changed since" \
		fixbill undo
'

test_expect_success 'imports and invoice runs are logged, not undoable' '
	shop &&
	printf "client,title,start,end\nacme,X,2026-10-01 09:00,2026-10-01 10:00\n" >in.csv &&
	fixbill -q time import in.csv &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change 5 ('"'"'fixbill -q time import in.csv'"'"'): its changes were not recorded row by row" \
		fixbill undo &&
	fixbill -q invoice run --period 2026-10 &&
	fixbill log --limit 1 >actual &&
	grep "^6    2026-10-15 12:00  tech  fixbill -q invoice run --period 2026-10  (not undoable: it ran in several transactions of its own)$" actual &&
	grep "^     (changes not recorded row by row)$" actual
'

test_expect_success 'log and undo have manuals, usage and completion' '
	fixbill log -h >out &&
	grep "^usage: fixbill log \[--limit N\]$" out &&
	fixbill undo -h >out &&
	grep "^usage: fixbill undo \[CHANGE\]$" out &&
	fixbill __complete "" >out &&
	grep "^log$" out && grep "^undo$" out &&
	fixbill __complete log --l >out &&
	echo "--limit" >expect &&
	test_cmp expect out &&
	fixbill -q tech add tech &&
	fixbill -q client add acme --name Acme &&
	fixbill -q tech edit tech --name Tech &&
	fixbill -q undo &&
	fixbill __complete undo "" >out &&
	printf "2\n1\n" >expect &&
	test_cmp expect out &&
	MANPAGER=cat MANWIDTH=80 fixbill help undo >out &&
	grep "fixbill-undo" out
'

test_done
