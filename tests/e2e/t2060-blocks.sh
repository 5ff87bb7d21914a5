#!/bin/sh
# Prepaid blocks of hours (SPEC section 14): the block's line on the
# next invoice, drawdown in the order the work was done at the line's
# multiplier, covered lines, partial cover, expiry, and the hours a void
# gives back.  Figures worked out by hand: 100.00 an hour, after hours
# x1.5, business hours Mon-Fri 08:00-18:00 New York.
. "$(dirname "$0")/../lib.sh"

shop() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme Corp" >/dev/null
}

# job TITLE START END: a job with one entry, resolved on 2026-10-08.
job() {
	n=$(fixbill job open --client acme --at "2026-10-01 08:00" "$1" | sed "s/^job //") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "2026-10-08 12:00" >/dev/null
}

# The lines and totals of an invoice, one line each, after checking
# that it adds up.
summary() {
	"$PYTHON" -c '
import json, sys
from decimal import Decimal as D
d = json.load(sys.stdin)
st = D(0)
for l in d["lines"]:
    print(l["job"], l["kind"], l["description"], l["amount"], l["tax"])
    st += D(l["amount"])
print("subtotal", d["subtotal"], "tax", d["tax"], "total", d["total"])
if st != D(d["subtotal"]) or D(d["subtotal"]) + D(d["tax"]) != D(d["total"]):
    print("DOES NOT ADD UP")
    sys.exit(1)
'
}

# The three jobs of the issue: 2h normal, 1h after hours, 7h normal.
three_jobs() {
	job Server "2026-10-06 09:00" "2026-10-06 11:00" &&
	job Printer "2026-10-06 18:00" "2026-10-06 19:00" &&
	job Migration "2026-10-07 09:00" "2026-10-07 16:00"
}

test_expect_success 'a 10h block at 900.00 drawn by 2h, 1h after hours and 7h: 950.00' '
	shop &&
	fixbill block add acme 10h --price 900 --date 2026-10-01 >out &&
	echo "block 1" >expect &&
	test_cmp expect out &&
	three_jobs &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | summary >actual &&
	cat >expect <<-\EOF &&
	None block Prepaid block 10h00m 900.00 0.00
	1 labor Labor, normal hours 200.00 0.00
	1 covered Covered by prepaid block 1 (2h00m) -200.00 0.00
	2 labor Labor, after hours ×1.5 150.00 0.00
	2 covered Covered by prepaid block 1 (1h30m) -150.00 0.00
	3 labor Labor, normal hours 700.00 0.00
	3 covered Covered by prepaid block 1 (6h30m) -650.00 0.00
	subtotal 950.00 tax 0.00 total 950.00
	EOF
	test_cmp expect actual &&
	fixbill --json block list acme >list &&
	"$PYTHON" -c "
import json, sys
b = json.load(open(\"list\"))[0]
print(b[\"seconds_bought\"], b[\"seconds_used\"], b[\"seconds_remaining\"], b[\"price\"], b[\"invoice\"])
" >actual &&
	echo "36000 36000 0 900.00 draft 1" >expect &&
	test_cmp expect actual
'

test_expect_success 'the block line is taxed as tax.other, covered labor as labor' '
	shop &&
	fixbill tax add GST --rate 5 >/dev/null &&
	fixbill config set tax.other GST &&
	fixbill block add acme 2h --price 180 --date 2026-10-01 >/dev/null &&
	job Server "2026-10-06 09:00" "2026-10-06 12:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | summary >actual &&
	cat >expect <<-\EOF &&
	None block Prepaid block 2h00m 180.00 9.00
	1 labor Labor, normal hours 300.00 0.00
	1 covered Covered by prepaid block 1 (2h00m) -200.00 0.00
	subtotal 280.00 tax 9.00 total 289.00
	EOF
	test_cmp expect actual
'

test_expect_success 'blocks oldest first; a line runs over into the next block' '
	shop &&
	fixbill block add acme 1h --price 90 --date 2026-10-01 >/dev/null &&
	fixbill block add acme 5h --price 450 --date 2026-10-02 >/dev/null &&
	job Server "2026-10-06 09:00" "2026-10-06 12:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | summary >actual &&
	cat >expect <<-\EOF &&
	None block Prepaid block 1h00m 90.00 0.00
	None block Prepaid block 5h00m 450.00 0.00
	1 labor Labor, normal hours 300.00 0.00
	1 covered Covered by prepaid block 1 (1h00m) -100.00 0.00
	1 covered Covered by prepaid block 2 (2h00m) -200.00 0.00
	subtotal 540.00 tax 0.00 total 540.00
	EOF
	test_cmp expect actual
'

test_expect_success 'a block covers work from its date through its expiry only' '
	shop &&
	fixbill block add acme 10h --price 900 --date 2026-10-06 --expires 2026-10-06 >/dev/null &&
	job Before "2026-10-05 09:00" "2026-10-05 10:00" &&
	job During "2026-10-06 09:00" "2026-10-06 10:00" &&
	job After "2026-10-07 09:00" "2026-10-07 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | summary >actual &&
	cat >expect <<-\EOF &&
	None block Prepaid block 10h00m 900.00 0.00
	1 labor Labor, normal hours 100.00 0.00
	2 labor Labor, normal hours 100.00 0.00
	2 covered Covered by prepaid block 1 (1h00m) -100.00 0.00
	3 labor Labor, normal hours 100.00 0.00
	subtotal 1100.00 tax 0.00 total 1100.00
	EOF
	test_cmp expect actual &&
	fixbill block list >actual &&
	cat >expect <<-\EOF &&
	ID  CLIENT  DATE        EXPIRES     BOUGHT   USED  REMAINING  EXPIRED   PRICE  INVOICE
	 1  acme    2026-10-06  2026-10-06  10h00m  1h00m      0h00m    9h00m  900.00  draft 1
	EOF
	test_cmp expect actual
'

test_expect_success 'the next invoice draws what is left; the block is sold once' '
	shop &&
	fixbill block add acme 3h --price 270 --date 2026-10-01 >/dev/null &&
	job One "2026-10-06 09:00" "2026-10-06 11:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	job Two "2026-10-07 09:00" "2026-10-07 11:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 2 | summary >actual &&
	cat >expect <<-\EOF &&
	2 labor Labor, normal hours 200.00 0.00
	2 covered Covered by prepaid block 1 (1h00m) -100.00 0.00
	subtotal 100.00 tax 0.00 total 100.00
	EOF
	test_cmp expect actual
'

test_expect_success 'a void gives the drawn hours back; the block is billed again' '
	shop &&
	fixbill block add acme 10h --price 900 --date 2026-10-01 >/dev/null &&
	three_jobs &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	fixbill -q invoice void INV-2026-00001 &&
	fixbill --json block list >list &&
	"$PYTHON" -c "
import json
b = json.load(open(\"list\"))[0]
print(b[\"seconds_used\"], b[\"seconds_remaining\"], b[\"invoice\"])
" >actual &&
	echo "0 36000 None" >expect &&
	test_cmp expect actual &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 3 | summary | tail -1 >actual &&
	echo "subtotal 950.00 tax 0.00 total 950.00" >expect &&
	test_cmp expect actual &&
	fixbill db check
'

test_expect_success 'what an issued invoice drew is frozen and in the chain' '
	shop &&
	fixbill block add acme 10h --price 900 --date 2026-10-01 >/dev/null &&
	three_jobs &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	! sqlite3 "$FIXBILL_DB" "UPDATE block_draws SET seconds = 60 WHERE id = 1" 2>/dev/null &&
	! sqlite3 "$FIXBILL_DB" "UPDATE blocks SET seconds = 72000" 2>/dev/null &&
	! sqlite3 "$FIXBILL_DB" "DELETE FROM blocks" 2>/dev/null &&
	fixbill db check &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER block_draws_frozen_update;
		UPDATE block_draws SET seconds = 60 WHERE id = 1" 2>/dev/null &&
	test_expect_code 1 fixbill db check 2>out &&
	grep "invoice INV-2026-00001 has changed since it was recorded" out
'

test_expect_success 'db check: no block drawn beyond its hours, each draw its covered line' '
	shop &&
	fixbill block add acme 10h --price 900 --date 2026-10-01 >/dev/null &&
	three_jobs &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER block_draws_frozen_update;
		UPDATE block_draws SET seconds = 30000 WHERE id = 1;
		UPDATE block_draws SET pos = 2 WHERE id = 2" &&
	test_expect_code 1 fixbill db check 2>out &&
	grep "block 1 has 58800 seconds drawn of its 36000" out &&
	grep "invoice INV-2026-00001 line 2 is not the cover of its draw from block 1" out
'

test_expect_success 'the price of a block sold on an issued invoice is in the chain' '
	shop &&
	fixbill block add acme 10h --price 900 --date 2026-10-01 >/dev/null &&
	job One "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER blocks_frozen; DROP TRIGGER blocks_drawn;
		UPDATE blocks SET seconds = 72000" &&
	test_expect_code 1 fixbill db check 2>out &&
	grep "invoice INV-2026-00001 has changed since it was recorded" out
'

test_expect_success 'undo takes back a block sold on nothing yet, and refuses one drawn on' '
	shop &&
	fixbill block add acme 10h --price 900 >/dev/null &&
	fixbill undo >/dev/null &&
	fixbill -q block list >actual &&
	test ! -s actual &&
	fixbill block add acme 10h --price 900 --date 2026-10-01 >/dev/null &&
	job One "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	test_expect_code 4 fixbill undo 2>err &&
	grep "issued invoice INV-2026-00001" err
'

test_expect_success 'bad blocks are refused cleanly' '
	shop &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''nope'\''" \
		fixbill block add nope 10h --price 900 &&
	test_fails_cleanly 2 "fixbill: error: invalid block: expires '\''2026-09-30'\'' is before its date '\''2026-10-01'\''" \
		fixbill block add acme 10h --price 900 --date 2026-10-01 --expires 2026-09-30 &&
	test_fails_cleanly 2 "fixbill: error: ambiguous duration '\''10'\'': write 10m or 10h" \
		fixbill block add acme 10 --price 900
'

test_expect_success 'a client without blocks or plans is priced as before' '
	shop &&
	job One "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | summary >actual &&
	cat >expect <<-\EOF &&
	1 labor Labor, normal hours 100.00 0.00
	subtotal 100.00 tax 0.00 total 100.00
	EOF
	test_cmp expect actual
'

test_expect_success 'documents and exports show the covered lines' '
	shop &&
	fixbill config set tax.rate 8.25 &&
	fixbill block add acme 10h --price 900 --date 2026-10-01 >/dev/null &&
	three_jobs &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	fixbill invoice export INV-2026-00001 --format txt >txt &&
	grep "Covered by prepaid block 1 (6h30m)  *1  *-650.00  *-650.00$" txt &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	pdftotext -layout inv.pdf - 2>/dev/null >pdf &&
	grep "Prepaid block 10h00m" pdf &&
	grep "Covered by prepaid block 1 (1h30m)" pdf &&
	grep "Tax 8.25% on 950.00  *78.38" pdf &&
	fixbill invoice export INV-2026-00001 --format xlsx -o inv.xlsx &&
	"$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"inv.xlsx\").active
for r in ws.iter_rows(values_only=True):
    if \"covered\" in r:
        print(\" \".join(str(c) for c in r if c is not None))
" >actual &&
	cat >expect <<-\EOF &&
	1 covered Covered by prepaid block 1 (2h00m) 1 -200 -200 -16.5
	2 covered Covered by prepaid block 1 (1h30m) 1 -150 -150 -12.38
	3 covered Covered by prepaid block 1 (6h30m) 1 -650 -650 -53.63
	EOF
	test_cmp expect actual &&
	fixbill invoice export --period 2026-10 --format csv >csv &&
	grep ",3,covered,Covered by prepaid block 1 (6h30m),1,-650.00,-650.00,-53.63$" csv &&
	grep ",block,Prepaid block 10h00m,1,900.00,900.00,74.26$" csv &&
	fixbill invoice export --period 2026-10 --format ledger >books.journal &&
	hledger -f books.journal check &&
	fixbill invoice export --period 2026-10 --format xero >xero.csv &&
	grep "Covered by prepaid block 1 (2h00m),1,-200.00,,200,OUTPUT,-16.50," xero.csv
'

test_expect_success 'e-invoices of a block and a covered line pass EN 16931' '
	fixbill -q tech add tech &&
	for kv in "company.name=Fixit GmbH" "company.street=Hauptstr. 1" company.city=Berlin \
		company.postcode=10115 company.country=DE company.vat_id=DE123456789 \
		company.email=billing@fixit.example timezone=Europe/Berlin currency=EUR \
		billing.rate=100; do
		fixbill config set "${kv%%=*}" "${kv#*=}" || return 1
	done &&
	fixbill tax add VAT19 --rate 19 >/dev/null &&
	fixbill config set tax.default VAT19 &&
	fixbill client add acme --name "Acme GmbH" --email ap@acme.example --street "Ring 5" \
		--city Munich --postcode 80331 --country DE --vat-id DE987654321 \
		--buyer-ref 04011000-12345-34 >/dev/null &&
	fixbill block add acme 2h --price 180 --date 2026-10-01 >/dev/null &&
	job Server "2026-10-06 09:00" "2026-10-06 12:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill -q invoice issue 1 &&
	fixbill invoice export INV-2026-00001 --format cii -o inv.cii.xml &&
	fixbill invoice export INV-2026-00001 --format ubl -o inv.ubl.xml &&
	"$TEST_ROOT/tests/einvoice/validate" cii inv.cii.xml &&
	"$TEST_ROOT/tests/einvoice/validate" ubl inv.ubl.xml
'

test_done
