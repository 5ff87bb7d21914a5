#!/bin/sh
# fixbill time export: CSV, timeclock and JSON, the filters, -o FILE,
# running timers, and text that could start a spreadsheet formula.
. "$(dirname "$0")/../lib.sh"

setup() {
	fixbill -q tech add tech &&
	fixbill -q tech add kim &&
	fixbill -q client add acme --name "Acme" &&
	fixbill -q client add bolt --name "Bolt Ltd" &&
	fixbill -q job open --client acme "Printer jam" &&
	fixbill -q job open --client bolt "=1+2" &&
	fixbill -q time add 1 --start "2026-10-05 09:00" --end "2026-10-05 10:30" --note "fuser, \"new\"" &&
	fixbill -q time add 2 --start "2026-10-06 09:00" --end "2026-10-06 09:45" --tech kim --nonbillable &&
	FIXBILL_NOW=2026-11-03T00:00:00 fixbill -q time add 1 --start "2026-11-02 09:00" \
		--end "2026-11-02 09:15" --nocharge --note "-check" &&
	fixbill -q time start 2 --at "2026-10-15 11:00"
}

test_expect_success 'CSV: every finished entry, formula text defused' '
	setup &&
	fixbill time export >out &&
	cat >expect <<-\EOF &&
	client,job,title,tech,start,end,duration,note,billable
	acme,1,Printer jam,tech,2026-10-05T09:00:00+00:00,2026-10-05T10:30:00+00:00,1h30m,"fuser, ""new""",yes
	bolt,2,'\''=1+2,kim,2026-10-06T09:00:00+00:00,2026-10-06T09:45:00+00:00,0h45m,,no
	acme,1,Printer jam,tech,2026-11-02T09:00:00+00:00,2026-11-02T09:15:00+00:00,0h15m,'\''-check,nocharge
	EOF
	test_cmp expect out
'

test_expect_success 'filters and -o FILE' '
	setup &&
	fixbill time export --client acme --period 2026-10 -o acme.csv >out &&
	test ! -s out &&
	printf "client,job,title,tech,start,end,duration,note,billable\n" >expect &&
	printf "acme,1,Printer jam,tech,2026-10-05T09:00:00+00:00,2026-10-05T10:30:00+00:00,1h30m,\"fuser, \"\"new\"\"\",yes\n" >>expect &&
	test_cmp expect acme.csv &&
	fixbill time export --tech kim --format timeclock >out &&
	printf "i 2026-10-06 09:00:00 bolt:=1+2\no 2026-10-06 09:45:00\n" >expect &&
	test_cmp expect out &&
	fixbill time export --unbilled --from 2026-11-01 --to 2026-11-30 --format timeclock >out &&
	printf "i 2026-11-02 09:00:00 acme:Printer jam  -check\no 2026-11-02 09:15:00\n" >expect &&
	test_cmp expect out
'

test_expect_success 'JSON: SPEC section 9 entries, the running timer too' '
	setup &&
	fixbill time export --format json --job 2 >out &&
	cat >expect <<-\EOF &&
	[
	{"id":2,"job":2,"client":"bolt","tech":"kim","start":"2026-10-06T09:00:00+00:00","end":"2026-10-06T09:45:00+00:00","seconds":2700,"billable":false,"nocharge":false,"billed_elsewhere":false,"note":null,"invoice":null},
	{"id":4,"job":2,"client":"bolt","tech":"tech","start":"2026-10-15T11:00:00+00:00","end":null,"seconds":3600,"billable":true,"nocharge":false,"billed_elsewhere":false,"note":null,"invoice":null}
	]
	EOF
	test_cmp expect out &&
	fixbill time export --format json --client bolt --period 2027 >out &&
	echo "[]" >expect &&
	test_cmp expect out
'

test_expect_success 'errors: unknown format, job, technician, client' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: invalid format '\''xlsx'\''" fixbill time export --format xlsx &&
	test_fails_cleanly 3 "fixbill: error: unknown job '\''9'\''" fixbill time export --job 9 &&
	test_fails_cleanly 3 "fixbill: error: unknown technician '\''zed'\''" fixbill time export --tech zed &&
	test_expect_code 3 fixbill time export --client zzz >out 2>err &&
	test ! -s out
'

test_expect_success 'a CSV export imports back into a fresh database unchanged' '
	setup &&
	fixbill time export >first.csv &&
	FIXBILL_DB=$PWD/second.db && export FIXBILL_DB &&
	fixbill -q client add acme --name "Acme" &&
	fixbill -q client add bolt --name "Bolt Ltd" &&
	FIXBILL_NOW=2026-11-03T00:00:00 fixbill -q time import --create-techs first.csv &&
	fixbill time export >second.csv &&
	test_cmp first.csv second.csv
'

test_done
