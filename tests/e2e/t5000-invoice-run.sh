#!/bin/sh
# The month-end run (SPEC section 6, invoice run): a transaction per
# client, a failing client reported while the others are billed, drafts
# of the period refreshed rather than duplicated, nothing billed twice,
# --dry-run changing nothing, files named by invoice number, and the
# SPEC section 9 JSON document.
. "$(dirname "$0")/../lib.sh"

FIXBILL_NOW=2026-11-02T13:00:00
export FIXBILL_NOW

# Three clients with a rate (two currencies), one without any rate, and
# no billing.rate: pricing refuses the last one's job.
shop() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set company.name "Fix Shop" &&
	fixbill client add acme --name "Acme Corp" --rate 100 >/dev/null &&
	fixbill client add beta --name "Beta GmbH" --currency EUR --rate 80 >/dev/null &&
	fixbill client add gamma --name "Gamma LLC" --rate 120 >/dev/null &&
	fixbill client add norate --name "No Rate Ltd" >/dev/null &&
	job acme "2026-10-06 09:00" "2026-10-06 10:00" &&
	job beta "2026-10-07 09:00" "2026-10-07 10:30" &&
	job gamma "2026-10-08 09:00" "2026-10-08 09:30" &&
	job norate "2026-10-09 09:00" "2026-10-09 10:00" &&
	job acme "2026-11-02 09:00" "2026-11-02 10:00" "2026-11-02 12:00"
}

# job CLIENT START END [RESOLVED]: a resolved job with one entry.
job() {
	fixbill job open --client "$1" --at "2026-10-01 08:00" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "${4:-2026-10-20 12:00}" >/dev/null
}

count() {
	sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices $1"
}

test_expect_success 'run bills each client; a failing client is reported, the rest go on' '
	shop &&
	test_expect_code 1 fixbill invoice run --period 2026-10 >out 2>err &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICE   TOTAL  CUR  FILES
	acme    draft 1  100.00  USD  
	beta    draft 2  120.00  EUR  
	gamma   draft 3   60.00  USD  
	EOT
	test_cmp expect out &&
	grep "^fixbill: error: client '\''norate'\'': " err &&
	test "$(grep -c "^fixbill: error:" err)" = 1 &&
	test "$(count)" = 3 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT DISTINCT period FROM invoices")" = 2026-10 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE invoice_id IS NULL")" = 2
'

test_expect_success 'work of jobs resolved after the period is left for later' '
	shop &&
	fixbill invoice run --period 2026-10 >/dev/null 2>&1;
	test "$(sqlite3 "$FIXBILL_DB" "SELECT invoice_id IS NULL FROM entries WHERE job_id = 5")" = 1
'

test_expect_success 'running it again refreshes the drafts of the period, never duplicates' '
	shop &&
	fixbill invoice run --period 2026-10 >first 2>/dev/null;
	fixbill rate set 50 --client norate --from 2026-01-01 >/dev/null &&
	fixbill invoice run --period 2026-10 >second &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICE   TOTAL  CUR  FILES
	acme    draft 1  100.00  USD  
	beta    draft 2  120.00  EUR  
	gamma   draft 3   60.00  USD  
	norate  draft 4   50.00  USD  
	EOT
	test_cmp expect second &&
	test "$(count)" = 4 &&
	fixbill invoice run --period 2026-10 >third &&
	test_cmp expect third &&
	test "$(count)" = 4 &&
	fixbill db check >/dev/null
'

test_expect_success 'an issued run bills nothing twice' '
	shop &&
	fixbill rate set 50 --client norate --from 2026-01-01 >/dev/null &&
	fixbill invoice run --period 2026-10 --issue >out &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICE          TOTAL  CUR  FILES
	acme    INV-2026-00001  100.00  USD  
	beta    INV-2026-00002  120.00  EUR  
	gamma   INV-2026-00003   60.00  USD  
	norate  INV-2026-00004   50.00  USD  
	EOT
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT number, total FROM invoices ORDER BY id" >before &&
	fixbill invoice run --period 2026-10 --issue >again &&
	echo "nothing to bill through 2026-10-31" >expect &&
	test_cmp expect again &&
	sqlite3 "$FIXBILL_DB" "SELECT number, total FROM invoices ORDER BY id" >after &&
	test_cmp before after
'

test_expect_success '--dry-run prints what it would do and changes nothing' '
	shop &&
	fixbill invoice run --period 2026-10 >/dev/null 2>&1;
	job gamma "2026-10-12 09:00" "2026-10-12 10:00" &&
	db_snapshot >before &&
	test_expect_code 1 fixbill invoice run --period 2026-10 --issue --dry-run \
		--export files --formats pdf >out 2>err &&
	db_snapshot >after &&
	test_cmp before after &&
	test ! -e files &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICE              TOTAL  CUR  FILES
	acme    draft 1 (to issue)  100.00  USD  
	beta    draft 2 (to issue)  120.00  EUR  
	gamma   draft 3 (to issue)  180.00  USD  
	dry run: nothing was written
	EOT
	test_cmp expect out &&
	grep "^fixbill: error: client '\''norate'\'': " err &&
	fixbill invoice run --period 2026-10 --dry-run --json >doc 2>/dev/null;
	test "$(jq -r .dry_run doc)" = true &&
	db_snapshot >after &&
	test_cmp before after
'

test_expect_success 'a dry run of a fresh period shows new drafts without ids' '
	shop &&
	fixbill rate set 50 --client norate --from 2026-01-01 >/dev/null &&
	db_snapshot >before &&
	fixbill --json invoice run --period 2026-10 --dry-run >doc &&
	db_snapshot >after &&
	test_cmp before after &&
	jq -c ".invoices[] | [.client, .id, .number, .total]" doc >got &&
	cat >expect <<-\EOT &&
	["acme",null,null,"100.00"]
	["beta",null,null,"120.00"]
	["gamma",null,null,"60.00"]
	["norate",null,null,"50.00"]
	EOT
	test_cmp expect got
'

test_expect_success '--json is the SPEC section 9 document' '
	shop &&
	mkdir out &&
	test_expect_code 1 fixbill invoice run --period 2026-10 --issue --export out \
		--formats pdf,xlsx --json >doc 2>err &&
	jq -c . doc >got &&
	cat >expect <<-\EOT &&
	{"period":"2026-10","dry_run":false,"invoices":[{"client":"acme","id":1,"number":"INV-2026-00001","total":"100.00","currency":"USD","files":["out/INV-2026-00001.pdf","out/INV-2026-00001.xlsx"]},{"client":"beta","id":2,"number":"INV-2026-00002","total":"120.00","currency":"EUR","files":["out/INV-2026-00002.pdf","out/INV-2026-00002.xlsx"]},{"client":"gamma","id":3,"number":"INV-2026-00003","total":"60.00","currency":"USD","files":["out/INV-2026-00003.pdf","out/INV-2026-00003.xlsx"]}],"failed":[{"client":"norate","error":"ERR"}],"notes":[]}
	EOT
	jq -r ".failed[0].error" doc >e &&
	sed "s/\"error\":\"[^\"]*\"/\"error\":\"ERR\"/" got >got2 &&
	test_cmp expect got2 &&
	test -s e &&
	grep -F "$(cat e)" err
'

test_expect_success '--export writes DIR/NUMBER.EXT (drafts: draft-ID.EXT)' '
	shop &&
	fixbill rate set 50 --client norate --from 2026-01-01 >/dev/null &&
	fixbill invoice run --period 2026-10 --export drafts --formats pdf,csv >/dev/null &&
	(cd drafts && ls) >got &&
	printf "%s\n" draft-1.csv draft-1.pdf draft-2.csv draft-2.pdf draft-3.csv \
		draft-3.pdf draft-4.csv draft-4.pdf >expect &&
	test_cmp expect got &&
	fixbill invoice run --period 2026-10 --issue --export out --formats pdf,xlsx >/dev/null &&
	(cd out && ls) >got &&
	printf "%s\n" INV-2026-00001.pdf INV-2026-00001.xlsx INV-2026-00002.pdf \
		INV-2026-00002.xlsx INV-2026-00003.pdf INV-2026-00003.xlsx \
		INV-2026-00004.pdf INV-2026-00004.xlsx >expect &&
	test_cmp expect got &&
	head -c 5 out/INV-2026-00001.pdf >magic &&
	printf "%%PDF-" >expect &&
	test_cmp expect magic
'

test_expect_success 'an export failure after issue leaves the invoice issued; a rerun writes the files' '
	shop &&
	fixbill rate set 50 --client norate --from 2026-01-01 >/dev/null &&
	mkdir -p out/INV-2026-00002.pdf &&
	test_expect_code 1 fixbill invoice run --period 2026-10 --issue --export out >out.txt 2>err &&
	grep "^fixbill: error: client '\''beta'\'': cannot write '\''out/INV-2026-00002.pdf'\'': is a directory" err &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM invoices WHERE number = '\''INV-2026-00002'\''")" = issued &&
	rmdir out/INV-2026-00002.pdf &&
	fixbill invoice run --period 2026-10 --export out >again &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICE          TOTAL  CUR  FILES
	beta    INV-2026-00002  120.00  EUR  INV-2026-00002.pdf
	EOT
	test_cmp expect again &&
	test -s out/INV-2026-00002.pdf &&
	test "$(count)" = 4
'

test_expect_success 'usage errors change nothing' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: '\''--formats'\'' needs '\''--export DIR'\''" \
		fixbill invoice run --period 2026-10 --formats pdf &&
	test_fails_cleanly 2 "fixbill: error: invalid value '\''doc'\'' for '\''--formats'\'': want a list of pdf, xlsx, csv, json, txt, facturx, cii and ubl" \
		fixbill invoice run --period 2026-10 --export out --formats pdf,doc &&
	test_must_fail fixbill invoice run --period 2026-13 2>err &&
	grep "^fixbill: error: invalid period '\''2026-13'\''" err &&
	test_expect_code 2 fixbill invoice run 2>err &&
	test "$(count)" = 0
'

test_done
