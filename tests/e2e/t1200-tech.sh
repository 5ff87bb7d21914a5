#!/bin/sh
# fixbill tech: add, list, show, edit; the JSON shape; refusals.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'add prints the identity; list is a table by handle' '
	fixbill tech add kim --name "Kim Lee" --tier L2 >actual &&
	echo "tech kim" >expect &&
	test_cmp expect actual &&
	fixbill tech add al >/dev/null &&
	fixbill tech list >actual &&
	cat >expect <<-\EOT &&
	HANDLE  NAME     TIER
	al      -        L1
	kim     Kim Lee  L2
	EOT
	test_cmp expect actual &&
	fixbill tech list -q >actual &&
	printf "al\nkim\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'show and --json shapes' '
	fixbill tech add kim --name "Kim Lee" --tier L3 >/dev/null &&
	fixbill tech show kim >actual &&
	cat >expect <<-\EOT &&
	handle  kim
	name    Kim Lee
	tier    L3
	EOT
	test_cmp expect actual &&
	fixbill tech show kim --json >actual &&
	cat >expect <<-\EOT &&
	{
	  "id": 1,
	  "handle": "kim",
	  "name": "Kim Lee",
	  "tier": "L3",
	  "earlier_tiers": []
	}
	EOT
	test_cmp expect actual &&
	fixbill tech list --json >actual &&
	cat >expect <<-\EOT &&
	[
	  {
	    "id": 1,
	    "handle": "kim",
	    "name": "Kim Lee",
	    "tier": "L3",
	    "earlier_tiers": []
	  }
	]
	EOT
	test_cmp expect actual &&
	fixbill --json tech add al >actual &&
	cat >expect <<-\EOT &&
	{
	  "id": 2,
	  "handle": "al",
	  "name": null,
	  "tier": "L1",
	  "earlier_tiers": []
	}
	EOT
	test_cmp expect actual &&
	fixbill -q tech add bo >actual &&
	test ! -s actual
'

test_expect_success 'an empty list prints nothing, or an empty array' '
	db_create &&
	fixbill tech list >actual &&
	test ! -s actual &&
	fixbill tech list --json >actual &&
	echo "[]" >expect &&
	test_cmp expect actual
'

test_expect_success 'edit changes the tier and name; an empty name clears it' '
	fixbill tech add kim --name "Kim Lee" >/dev/null &&
	fixbill tech edit kim --tier L3 >actual &&
	echo "tech kim" >expect &&
	test_cmp expect actual &&
	fixbill tech edit kim --name "" >/dev/null &&
	fixbill tech list >actual &&
	cat >expect <<-\EOT &&
	HANDLE  NAME  TIER
	kim     -     L3
	EOT
	test_cmp expect actual
'

test_expect_success 'a duplicate handle is refused (exit 4)' '
	fixbill tech add kim >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: technician '\''kim'\'' already exists" \
		fixbill tech add kim --tier L2 &&
	grep "^hint: change it with '\''fixbill tech edit kim'\''" .stderr
'

test_expect_success 'an unknown technician is exit 3 with a hint' '
	fixbill tech add kim >/dev/null &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''kin'\''" \
		fixbill tech edit kin --tier L2 &&
	grep "^hint: did you mean '\''kim'\''?" .stderr &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''zed'\''" \
		fixbill tech show zed &&
	grep "^hint: add it with '\''fixbill tech add zed'\''" .stderr
'

test_expect_success 'malformed handles, tiers and names are usage errors (exit 2)' '
	test_fails_cleanly 2 "fixbill: error: invalid technician handle '\''Kim'\'': use 1-32 lowercase letters, digits, '\''.'\'', '\''-'\'' and '\''_'\''" \
		fixbill tech add Kim &&
	test_fails_cleanly 2 "fixbill: error: invalid tier '\''L4'\'': want L1, L2 or L3" \
		fixbill tech add kim --tier L4 &&
	test_fails_cleanly 2 "fixbill: error: invalid technician name: not valid UTF-8 or has control characters" \
		fixbill tech add kim --name "$(printf "a\tb\033")" &&
	test_fails_cleanly 2 "fixbill: error: invalid technician name: longer than 200 bytes" \
		fixbill tech add kim --name "$(printf "%0201d" 0)" &&
	test_fails_cleanly 2 "fixbill: error: invalid technician name '\''@kim'\'': must not begin with '\''='\'', '\''+'\'', '\''-'\'' or '\''@'\''" \
		fixbill tech add kim --name "@kim" &&
	fixbill tech add kim >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: invalid tier '\''l2'\'': want L1, L2 or L3" \
		fixbill tech edit kim --tier l2 &&
	test_fails_cleanly 2 "fixbill: error: too few arguments for '\''tech edit'\''" \
		fixbill tech edit
'

test_expect_success 'completion offers handles and tiers' '
	fixbill tech add kim >/dev/null &&
	fixbill tech add kit >/dev/null &&
	fixbill __complete tech edit ki >actual &&
	printf "kim\nkit\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete tech edit kim --tier "" >actual &&
	printf "L1\nL2\nL3\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'logging time for a handle nobody added is refused, never creates one' '
	fixbill client add acme --name Acme >/dev/null &&
	fixbill job open --client acme "Printer jam" >/dev/null &&
	fixbill tech add ben --tier L3 >/dev/null &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''bne'\''" \
		fixbill time add 1 1h --tech bne &&
	test_expect_code 3 fixbill time add 1 1h --tech bne 2>err &&
	grep "^hint: did you mean '\''ben'\''? A new technician is added with '\''fixbill tech add bne'\''$" err &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''newbie'\''" \
		fixbill time start 1 --tech newbie &&
	test_expect_code 3 fixbill time start 1 --tech newbie 2>err &&
	grep "^hint: add it with '\''fixbill tech add newbie'\''$" err &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''fromenv'\'' (from \$FIXBILL_TECH)" \
		env FIXBILL_TECH=fromenv fixbill time start 1 &&
	me=$(id -un) &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''$me'\'' (from the login name)" \
		env -u FIXBILL_TECH fixbill time add 1 1h &&
	fixbill tech list >actual &&
	cat >expect <<-\EOT &&
	HANDLE  NAME  TIER
	ben     -     L3
	EOT
	test_cmp expect actual &&
	test_fails_cleanly 2 "fixbill: error: invalid technician handle '\''Bad'\'' (from \$FIXBILL_TECH): use 1-32 lowercase letters, digits, '\''.'\'', '\''-'\'' and '\''_'\''" \
		env FIXBILL_TECH=Bad fixbill time start 1
'

test_done
