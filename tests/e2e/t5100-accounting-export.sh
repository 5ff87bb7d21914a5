#!/bin/sh
# invoice export --period (SPEC section 6): a period's invoices, credit
# notes and payments as Xero and QuickBooks Online import CSV, QuickBooks
# Desktop IIF, an hledger journal, and CSV, JSON and XLSX line listings.
. "$(dirname "$0")/../lib.sh"

FIXBILL_NOW=2026-11-20T09:00:00
export FIXBILL_NOW

# October billed on November 2: acme (USD, taxed, a part) and beta
# (EUR, a name that looks like a formula: fixbill refuses one, so it is
# written as another program could, or as it was stored before fixbill
# refused them); beta paid in part, gamma's invoice voided.
books() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set tax.rate 8.25 &&
	fixbill client add acme --name "Acme Corp" --address "1 Main St\nSpringfield" \
		--email ap@acme.example --rate 100 >/dev/null &&
	fixbill client add beta --name "Beta, Inc" --currency EUR --rate 80 --tax 0 >/dev/null &&
	sqlite3 "$FIXBILL_DB" "UPDATE clients SET name = '=Beta, Inc' WHERE code = 'beta'" &&
	fixbill client add gamma --name "Gamma LLC" --rate 120 >/dev/null &&
	job acme "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill job charge 1 --part "SSD 1TB" --qty 1 --cost 60 --markup 25 >/dev/null &&
	job beta "2026-10-07 09:00" "2026-10-07 10:30" &&
	job gamma "2026-10-08 09:00" "2026-10-08 09:30" &&
	FIXBILL_NOW=2026-11-02T09:00:00 fixbill invoice run --period 2026-10 --issue >/dev/null &&
	fixbill invoice pay INV-2026-00002 50 --date 2026-11-10 --method bank --ref T-77 >/dev/null &&
	fixbill invoice void INV-2026-00003 --date 2026-11-12 --reason "wrong client" >/dev/null
}

# job CLIENT START END: a job resolved in October with one entry.
job() {
	fixbill job open --client "$1" --at "2026-10-01 08:00" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "2026-10-20 12:00" >/dev/null
}

test_expect_success 'xero: the sales-invoice import template, one row per line' '
	books &&
	fixbill invoice export --period 2026-11 --format xero >out &&
	cat >expect <<-\EOT &&
	*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,Total,InventoryItemCode,*Description,*Quantity,*UnitAmount,Discount,*AccountCode,*TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme
	Acme Corp,ap@acme.example,1 Main St,Springfield,,,,,,,INV-2026-00001,2026-10,02/11/2026,02/12/2026,,,"Labor, normal hours",1,100.00,,200,OUTPUT,8.25,,,,,USD,
	Acme Corp,ap@acme.example,1 Main St,Springfield,,,,,,,INV-2026-00001,2026-10,02/11/2026,02/12/2026,,,SSD 1TB,1,75.00,,260,OUTPUT,6.19,,,,,USD,
	"'\''=Beta, Inc",,,,,,,,,,INV-2026-00002,2026-10,02/11/2026,02/12/2026,,,"Labor, normal hours",1.5,80.00,,200,NONE,0.00,,,,,EUR,
	Gamma LLC,,,,,,,,,,INV-2026-00003,2026-10,02/11/2026,02/12/2026,,,"Labor, normal hours",0.5,120.00,,200,OUTPUT,4.95,,,,,USD,
	Gamma LLC,,,,,,,,,,CN-2026-00001,INV-2026-00003,12/11/2026,12/11/2026,,,"Labor, normal hours",0.5,-120.00,,200,OUTPUT,-4.95,,,,,USD,
	EOT
	fixbill config set xero.account_parts 260 &&
	fixbill invoice export --period 2026-11 --format xero >out &&
	test_cmp expect out &&
	fixbill config set xero.date_format yyyy-mm-dd &&
	fixbill invoice export --period 2026-11 --format xero | sed -n 2p | cut -d, -f13,14 >d &&
	echo 2026-11-02,2026-12-02 >expect &&
	test_cmp expect d
'

test_expect_success 'qbo: the QuickBooks Online invoice import, credit notes apart' '
	books &&
	fixbill invoice export --period 2026-11 --format qbo >out &&
	cat >expect <<-\EOT &&
	InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Item tax code,Item tax amount,Service Date,Currency
	INV-2026-00001,Acme Corp,11/02/2026,12/02/2026,Net 30,,Labor,"Labor, normal hours",1,100.00,100.00,TAX,8.25,10/06/2026,USD
	INV-2026-00001,Acme Corp,11/02/2026,12/02/2026,Net 30,,Parts,SSD 1TB,1,75.00,75.00,TAX,6.19,10/06/2026,USD
	INV-2026-00002,"'\''=Beta, Inc",11/02/2026,12/02/2026,Net 30,,Labor,"Labor, normal hours",1.5,80.00,120.00,NONE,0.00,10/07/2026,EUR
	INV-2026-00003,Gamma LLC,11/02/2026,12/02/2026,Net 30,,Labor,"Labor, normal hours",0.5,120.00,60.00,TAX,4.95,10/08/2026,USD
	EOT
	test_cmp expect out &&
	fixbill invoice export --period 2026-11 --format qbo-credits >out &&
	cat >expect <<-\EOT &&
	InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Item tax code,Item tax amount,Service Date
	CN-2026-00001,Gamma LLC,11/12/2026,11/12/2026,Due on receipt,Credit for INV-2026-00003,Labor,"Labor, normal hours",0.5,120.00,60.00,TAX,4.95,10/08/2026
	EOT
	test_cmp expect out
'

test_expect_success 'iif: headers, and every transaction sums to zero' '
	books &&
	fixbill invoice export --period 2026-11 --format iif -o books.iif &&
	head -3 books.iif >got &&
	printf "!TRNS\tTRNSID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tDUEDATE\n!SPL\tSPLID\tTRNSTYPE\tDATE\tACCNT\tNAME\tAMOUNT\tDOCNUM\tMEMO\tQNTY\tPRICE\tINVITEM\tTAXABLE\n!ENDTRNS\n" >expect &&
	test_cmp expect got &&
	awk -F "\t" "
		\$1 == \"TRNS\" { open = 1; sum = 0; n++ }
		\$1 == \"TRNS\" || \$1 == \"SPL\" { a = \$7; sub(/\\./, \"\", a); sum += a }
		\$1 == \"ENDTRNS\" { if (!open || sum != 0) bad++; open = 0 }
		END { if (bad || open) exit 1; print n }
	" books.iif >n &&
	echo 5 >expect &&
	test_cmp expect n &&
	grep "^TRNS	" books.iif | cut -f3 | sort -u >types &&
	printf "CREDIT MEMO\nINVOICE\nPAYMENT\n" >expect &&
	test_cmp expect types &&
	grep -c "	'\''=Beta, Inc	" books.iif >/dev/null
'

test_expect_success 'ledger: the whole journal for a small period' '
	books &&
	fixbill invoice export --period 2026-11 --format ledger >out &&
	cat >expect <<-\EOT &&
	; fixbill: invoices, credit notes and payments 2026-11-01..2026-11-30

	account assets:receivable
	account revenue:labor
	account revenue:parts
	account liabilities:tax
	account assets:bank
	account assets:receivable:acme
	account assets:receivable:beta
	account assets:receivable:gamma
	account liabilities:tax:TAX

	commodity USD 1000.00
	commodity EUR 1000.00

	payee Acme Corp
	payee =Beta, Inc
	payee Gamma LLC

	2026-11-02 (INV-2026-00001) Acme Corp | invoice  ; client:acme
	    assets:receivable:acme   USD 189.44
	    revenue:labor            USD -100.00
	    revenue:parts            USD -75.00
	    liabilities:tax:TAX      USD -14.44

	2026-11-02 (INV-2026-00002) =Beta, Inc | invoice  ; client:beta
	    assets:receivable:beta   EUR 120.00
	    revenue:labor            EUR -120.00

	2026-11-02 (INV-2026-00003) Gamma LLC | invoice  ; client:gamma
	    assets:receivable:gamma  USD 64.95
	    revenue:labor            USD -60.00
	    liabilities:tax:TAX      USD -4.95

	2026-11-10 (INV-2026-00002) =Beta, Inc | payment  ; client:beta, method:bank, ref:T-77
	    assets:bank              EUR 50.00
	    assets:receivable:beta   EUR -50.00

	2026-11-12 (CN-2026-00001) Gamma LLC | credit note  ; client:gamma, credits:INV-2026-00003
	    assets:receivable:gamma  USD -64.95
	    revenue:labor            USD 60.00
	    liabilities:tax:TAX      USD 4.95
	EOT
	test_cmp expect out
'

test_expect_success 'csv and json: one row per invoice line, text defused' '
	books &&
	fixbill invoice export --period 2026-11 --format csv >out &&
	cat >expect <<-\EOT &&
	number,kind,credit_of,client,client_name,issue_date,due_date,currency,job,line_kind,description,quantity,unit_price,amount,tax
	INV-2026-00001,invoice,,acme,Acme Corp,2026-11-02,2026-12-02,USD,1,labor,"Labor, normal hours",1,100.00,100.00,8.25
	INV-2026-00001,invoice,,acme,Acme Corp,2026-11-02,2026-12-02,USD,1,part,SSD 1TB,1,75.00,75.00,6.19
	INV-2026-00002,invoice,,beta,"'\''=Beta, Inc",2026-11-02,2026-12-02,EUR,2,labor,"Labor, normal hours",1.5,80.00,120.00,0.00
	INV-2026-00003,invoice,,gamma,Gamma LLC,2026-11-02,2026-12-02,USD,3,labor,"Labor, normal hours",0.5,120.00,60.00,4.95
	CN-2026-00001,credit,INV-2026-00003,gamma,Gamma LLC,2026-11-12,2026-11-12,USD,3,labor,"Labor, normal hours",-0.5,120.00,-60.00,-4.95
	EOT
	test_cmp expect out &&
	fixbill invoice export --period 2026-11 --format json >doc &&
	jq -r "map(.amount) | join(\" \")" doc >got &&
	echo "100.00 75.00 120.00 60.00 -60.00" >expect &&
	test_cmp expect got &&
	jq -r ".[2].client_name" doc >got &&
	echo "=Beta, Inc" >expect &&
	test_cmp expect got
'

test_expect_success 'xlsx: typed cells and a totals row per currency with cached values' '
	books &&
	fixbill invoice export --period 2026-11 --format xlsx -o books.xlsx &&
	"$PYTHON" -c "
import openpyxl
f = openpyxl.load_workbook(\"books.xlsx\").active
v = openpyxl.load_workbook(\"books.xlsx\", data_only=True).active
rows = list(f.iter_rows(values_only=True))
print(rows[0][0], rows[0][14])
print(repr(f[\"E4\"].value), f[\"E4\"].data_type)
for r in (7, 8):
    print(v.cell(r, 11).value, f.cell(r, 14).value, v.cell(r, 14).value, v.cell(r, 15).value)
" >got &&
	cat >expect <<-\EOT &&
	number tax
	'\''=Beta, Inc'\'' s
	Total USD =SUMIF(H2:H6,"USD",N2:N6) 175 14.44
	Total EUR =SUMIF(H2:H6,"EUR",N2:N6) 120 0
	EOT
	test_cmp expect got
'

test_expect_success 'an empty period is headers only; the period is by issue and payment date' '
	books &&
	fixbill invoice export --period 2026-10 --format xero >out &&
	test "$(wc -l <out)" = 1 &&
	fixbill invoice export --period 2026-10 --format ledger >out &&
	! grep "^20" out
'

test_expect_success 'REF and --period are exclusive; period formats are checked' '
	books &&
	test_fails_cleanly 2 "fixbill: error: '\''invoice export'\'' takes REF or '\''--period'\'', not both" \
		fixbill invoice export INV-2026-00001 --period 2026-11 --format csv &&
	test_fails_cleanly 2 "fixbill: error: invalid value '\''pdf'\'' for '\''--format'\'' with '\''--period'\'': want xero, qbo, qbo-credits, iif, ledger, csv, json, xlsx or payments" \
		fixbill invoice export --period 2026-11 --format pdf &&
	test_fails_cleanly 2 "fixbill: error: '\''invoice export'\'' needs REF or '\''--period'\''" \
		fixbill invoice export --format csv &&
	test_fails_cleanly 2 "fixbill: error: invalid value '\''xero'\'' for '\''--format'\'': want pdf, xlsx, csv, json, txt, facturx, cii or ubl" \
		fixbill invoice export INV-2026-00001 --format xero
'

test_expect_success 'the account and format keys are validated' '
	test_fails_cleanly 2 "fixbill: error: cannot set '\''accounts.bank'\'': invalid account name '\''assets  bank'\'': want a name such as assets:receivable" \
		fixbill config set accounts.bank "assets  bank" &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''xero.date_format'\'': invalid value '\''d.m.y'\'': want dd/mm/yyyy, mm/dd/yyyy or yyyy-mm-dd" \
		fixbill config set xero.date_format d.m.y &&
	fixbill config set accounts.receivable "Assets:Accounts Receivable" &&
	fixbill config get accounts.receivable >got &&
	echo "Assets:Accounts Receivable" >expect &&
	test_cmp expect got
'

test_done
