#!/bin/sh
# Month-end completeness (SPEC section 10): invoice run takes the drafts
# that already hold a client's work through the end of the period,
# however they were made (refreshed, and issued with --issue), and notes,
# without failing, the clients with unbilled work on jobs still open.
. "$(dirname "$0")/../lib.sh"

FIXBILL_NOW=2026-11-02T09:00:00
export FIXBILL_NOW

# job CLIENT DAY [open]: an hour's work on DAY, the job resolved unless open.
job() {
	fixbill job open --client "$1" --at "$2 08:00" "Job $2" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2 09:00" --end "$2 10:00" >/dev/null &&
	if [ "$3" != open ]; then fixbill job resolve "$n" --at "$2 10:00" >/dev/null; fi
}

shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill client add beta --name "Beta" >/dev/null &&
	fixbill client add gamma --name "Gamma" >/dev/null
}

test_expect_success 'a draft made by hand is refreshed and issued by the run' '
	shop &&
	job acme 2026-10-05 &&
	fixbill invoice create --client acme >out &&
	echo "draft 1" >expect &&
	test_cmp expect out &&
	job acme 2026-10-07 &&
	job beta 2026-10-08 &&
	fixbill invoice run --period 2026-10 --issue >out &&
	cat >expect <<-\EOF &&
	CLIENT  INVOICE          TOTAL  CUR  FILES
	acme    INV-2026-00001  200.00  USD  
	beta    INV-2026-00002  100.00  USD  
	EOF
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices")" = 2 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT period IS NULL FROM invoices WHERE id = 1")" = 1 &&
	fixbill invoice run --period 2026-10 --issue >out &&
	echo "nothing to bill through 2026-10-31" >expect &&
	test_cmp expect out
'

test_expect_success 'a draft by hand beside new work: both billed, nothing twice' '
	shop &&
	job acme 2026-10-05 &&
	fixbill invoice create --client acme --through 2026-10-05 >/dev/null &&
	job acme 2026-10-20 &&
	fixbill invoice run --period 2026-10 --dry-run >out &&
	cat >expect <<-\EOF &&
	CLIENT  INVOICE       TOTAL  CUR  FILES
	acme    draft 1      100.00  USD  
	acme    (new draft)  100.00  USD  
	dry run: nothing was written
	EOF
	test_cmp expect out &&
	fixbill invoice run --period 2026-10 --issue --json | jq -c "[.invoices[] | [.number, .total]]" >out &&
	echo "[[\"INV-2026-00001\",\"100.00\"],[\"INV-2026-00002\",\"100.00\"]]" >expect &&
	test_cmp expect out &&
	fixbill db check >/dev/null
'

test_expect_success 'a draft holding only later work is left for a later run' '
	shop &&
	job acme 2026-11-01 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice run --period 2026-10 --issue >out &&
	echo "nothing to bill through 2026-10-31" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM invoices WHERE id = 1")" = draft
'

test_expect_success 'clients with work on open jobs are noted, not failed' '
	shop &&
	job acme 2026-10-05 &&
	job beta 2026-10-06 open &&
	job beta 2026-10-07 open &&
	job gamma 2026-10-08 open &&
	job gamma 2026-11-01 open &&
	fixbill invoice run --period 2026-10 >out &&
	cat >expect <<-\EOF &&
	CLIENT  INVOICE   TOTAL  CUR  FILES
	acme    draft 1  100.00  USD  
	note: beta: unbilled work on open jobs 2, 3 (resolve it to bill it)
	note: gamma: unbilled work on open job 4 (resolve it to bill it)
	EOF
	test_cmp expect out &&
	fixbill invoice run --period 2026-10 --json | jq -c .notes >out &&
	echo "[{\"client\":\"beta\",\"note\":\"unbilled work on open jobs 2, 3\"},{\"client\":\"gamma\",\"note\":\"unbilled work on open job 4\"}]" >expect &&
	test_cmp expect out
'

test_expect_success 'work billed elsewhere on an open job is not noted as unbilled' '
	shop &&
	job beta 2026-10-06 open &&
	fixbill -q time mark-billed --through 2026-10-31 --client beta &&
	fixbill invoice run --period 2026-10 >out &&
	echo "nothing to bill through 2026-10-31" >expect &&
	test_cmp expect out
'

test_expect_success 'notes show even when there is nothing to bill' '
	shop &&
	job beta 2026-10-06 open &&
	fixbill invoice run --period 2026-10 >out &&
	cat >expect <<-\EOF &&
	nothing to bill through 2026-10-31
	note: beta: unbilled work on open job 1 (resolve it to bill it)
	EOF
	test_cmp expect out
'

test_done
