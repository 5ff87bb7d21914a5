#!/bin/sh
# report sla (SPEC section 7): per priority, response (first entry minus
# opening) and resolution (resolving minus opening), median and 90th
# percentile by nearest rank, and breaches of the sla.Pn targets,
# counting jobs already late at "now" (2026-10-15 12:00).
. "$(dirname "$0")/../lib.sh"

# job PRIO OPENED [ENTRY_START ENTRY_END [RESOLVED]]
job() {
	fixbill job open --client acme --priority "$1" --at "$2" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	if test -n "$3"; then
		fixbill time add "$n" --start "$3" --end "$4" >/dev/null
	fi &&
	if test -n "$5"; then
		fixbill job resolve "$n" --at "$5" >/dev/null
	fi
}

jobs() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set sla.P2.response 2h &&
	fixbill client add acme --name "Acme" >/dev/null &&
	job P1 "2026-10-05 09:00" "2026-10-05 09:30" "2026-10-05 10:00" "2026-10-05 12:00" &&
	job P1 "2026-10-06 09:00" "2026-10-06 11:00" "2026-10-06 12:00" "2026-10-06 14:00" &&
	job P1 "2026-10-07 09:00" "2026-10-07 09:45" "2026-10-07 10:00" &&
	job P2 "2026-10-08 09:00" "2026-10-08 12:00" "2026-10-08 13:00" "2026-10-08 15:00" &&
	job P3 "2026-10-14 12:00" &&
	job P3 "2026-09-30 09:00" "2026-10-01 09:00" "2026-10-01 10:00" "2026-10-09 09:00"
}

test_expect_success 'per priority: nearest-rank median and p90, breaches, open jobs late' '
	jobs &&
	fixbill report sla --period 2026-10 >out &&
	cat >expect <<-\EOT &&
	PRI  JOBS  RESP MEDIAN  RESP P90  RESP TARGET  BREACHED  RESOLVE MEDIAN  RESOLVE P90  RESOLVE TARGET  BREACHED
	P1      3        0h45m     2h00m        1h00m         1           3h00m        5h00m           4h00m         2
	P2      1        3h00m     3h00m        2h00m         1           6h00m        6h00m          24h00m         0
	P3      1            -         -       24h00m         0               -            -          72h00m         0
	P4      0            -         -       48h00m         0               -            -         120h00m         0
	all     5        0h45m     3h00m            -         2           5h00m        6h00m               -         2
	EOT
	test_cmp expect out
'

test_expect_success 'the period takes jobs by the day they were opened' '
	jobs &&
	fixbill report sla --from 2026-09-30 --to 2026-09-30 --format csv >out &&
	cat >expect <<-\EOT &&
	"priority","jobs","response_median","response_p90","response_target","response_breaches","resolve_median","resolve_p90","resolve_target","resolve_breaches"
	"P1",0,,,1.00,0,,,4.00,0
	"P2",0,,,2.00,0,,,24.00,0
	"P3",1,24.00,24.00,24.00,0,216.00,216.00,72.00,1
	"P4",0,,,48.00,0,,,120.00,0
	EOT
	test_cmp expect out
'

test_expect_success 'JSON: durations as decimal hours, counts as numbers, absent as null' '
	jobs &&
	fixbill --json report sla --period 2026-10 >out &&
	jq -c ".[1]" out >row &&
	echo "{\"priority\":\"P2\",\"jobs\":1,\"response_median\":\"3.00\",\"response_p90\":\"3.00\",\"response_target\":\"2.00\",\"response_breaches\":1,\"resolve_median\":\"6.00\",\"resolve_p90\":\"6.00\",\"resolve_target\":\"24.00\",\"resolve_breaches\":0}" >expect &&
	test_cmp expect row &&
	test "$(jq ".[3].response_median" out)" = null &&
	test "$(jq length out)" = 4
'

test_done
