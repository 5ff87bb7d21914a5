#!/bin/sh
# fixbill job search: the knowledge base.  Full text over titles, notes
# and resolutions, ranked (titles first, then resolutions, then notes),
# one highlighted snippet per hit; whatever a user types is text, never
# FTS syntax.
. "$(dirname "$0")/../lib.sh"

# Jobs 1-8 are unrelated, so the words searched for are rare (bm25 gives
# words in most documents no weight).  9: words in the note; 10: in the
# resolution; 11: in the title.
setup() {
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill client add beta --name "Beta LLC" >/dev/null &&
	for t in "Backup failed" "VPN drops at night" "Monitor flickers" "Sticky keyboard" \
		"Wifi weak upstairs" "Phone system reset" "Server disk full" "Password expired"; do
		fixbill job open --client beta "$t" >/dev/null || return 1
	done &&
	fixbill job open --client beta --note "The printer is offline too" "Scanner jam" >/dev/null &&
	fixbill job open --client acme "Laptop slow" >/dev/null &&
	fixbill job resolve 10 --note "Printer offline: reinstalled the driver" &&
	fixbill job open --client acme --note "Since Monday" "Printer offline" >/dev/null
}

test_expect_success 'hits ranked title, resolution, note; words marked in snippets' '
	setup &&
	fixbill job search printer offline >actual &&
	cat >expect <<-\EOT &&
	job 11 (acme, open): Printer offline
	    [Printer] [offline]
	job 10 (acme, resolved): Laptop slow
	    [Printer] [offline]: reinstalled the driver
	job 9 (beta, open): Scanner jam
	    The [printer] is [offline] too
	EOT
	test_cmp expect actual &&
	fixbill job search "printer offline" >actual2 &&
	test_cmp expect actual2
'

test_expect_success 'every word must match; a trailing * is a prefix' '
	setup &&
	fixbill -q job search printer driver >actual &&
	echo 10 >expect &&
	test_cmp expect actual &&
	fixbill job search reinstall* >actual &&
	cat >expect <<-\EOT &&
	job 10 (acme, resolved): Laptop slow
	    Printer offline: [reinstalled] the driver
	EOT
	test_cmp expect actual &&
	fixbill -q job search reinstall >actual &&
	test ! -s actual
'

test_expect_success '--json: id, client, title, status, rank, snippet' '
	setup &&
	fixbill job search --json --limit 2 printer >actual &&
	cat >expect <<-\EOT &&
	[
	  {
	    "id": 11,
	    "client": "acme",
	    "title": "Printer offline",
	    "status": "open",
	    "rank": 1,
	    "snippet": "[Printer] offline"
	  },
	  {
	    "id": 10,
	    "client": "acme",
	    "title": "Laptop slow",
	    "status": "resolved",
	    "rank": 2,
	    "snippet": "[Printer] offline: reinstalled the driver"
	  }
	]
	EOT
	test_cmp expect actual &&
	fixbill --json job search nothing-like-this >actual &&
	echo "[]" >expect &&
	test_cmp expect actual
'

test_expect_success 'FTS syntax in a query is plain text, never an error' '
	setup &&
	for q in "\"" "AND" "OR" "NOT" "NEAR(" "title:printer" "-" "*" "a\"b" "(" ")" \
		"printer OR" "^printer" "printer +" "{title note}: x" "'"'"'"; do
		fixbill job search "$q" >/dev/null || { echo "query [$q] failed"; return 1; }
	done &&
	fixbill -q job search "sticky \"keyboard" >actual &&
	echo 4 >expect &&
	test_cmp expect actual
'

test_expect_success 'the index follows edits, resolutions and reopening' '
	setup &&
	fixbill job edit 2 --title "VPN drops when printing" &&
	fixbill -q job search printing >actual &&
	echo 2 >expect &&
	test_cmp expect actual &&
	fixbill -q job search vpn night >actual &&
	test ! -s actual &&
	fixbill job resolve 3 --note "Loose DisplayPort cable" &&
	fixbill -q job search displayport >actual &&
	echo 3 >expect &&
	test_cmp expect actual &&
	fixbill job edit 3 --resolution "" &&
	fixbill -q job search displayport >actual &&
	test ! -s actual
'

test_expect_success 'search refusals: empty query, bad limit (exit 2)' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: invalid search '"'"'   '"'"': no words to search for" \
		fixbill job search "   " &&
	test_fails_cleanly 2 "fixbill: error: invalid limit '"'"'0'"'"': want a number from 1 to 100000" \
		fixbill job search --limit 0 printer &&
	test_fails_cleanly 2 "fixbill: error: invalid search: not UTF-8 text, or has control characters" \
		fixbill job search "$(printf "bad\001")" &&
	test_fails_cleanly 2 "fixbill: error: too few arguments for '"'"'job search'"'"'" \
		fixbill job search
'

test_done
