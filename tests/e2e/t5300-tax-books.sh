#!/bin/sh
# Tax codes and the books (SPEC section 11), as a bookkeeper meets them:
# a month with USD, EUR and JPY clients taxed by VAT 20 %, GST 5 % +
# PST 7 %, sales tax 8.25 % and NONE, carried into Xero, QuickBooks
# Online, QuickBooks Desktop and hledger.  Each export is read back
# against its format's columns, written out here by hand from the
# systems' own import templates (Xero's sales invoice and contacts CSV
# templates, QuickBooks Online's invoice and customer import columns,
# Intuit's IIF layout), and the figures against fixbill's: Xero's
# TaxAmount adds up to each invoice's tax, every IIF transaction
# balances, hledger checks the journal and its receivables are
# report aging's.  report tax is computed here by hand.
. "$(dirname "$0")/../lib.sh"

PYTHON=${PYTHON:-python3}
FIXBILL_NOW=2026-11-01T07:00:00
export FIXBILL_NOW

# job CLIENT TITLE START END: a job resolved in October with one entry.
job() {
	fixbill job open --client "$1" --at "2026-10-01 08:00" "$2" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$3" --end "$4" >/dev/null &&
	fixbill job resolve "$n" --at "2026-10-28 17:00" >/dev/null
}

# The month.  acme (USD) pays sales tax on labor and parts, not on the
# trip (tax.other NONE), and has 10 % off; maple (USD) pays GST and PST;
# berlin (EUR) VAT on everything; tokyo (JPY) nothing.  Issued on
# November 1; tokyo's invoice is voided after tokyo was renamed, and
# billed again; each client pays part.  Made once (build_month), each
# test starts from a copy of it (month).
build_month() {
	fixbill -q tech add tech &&
	fixbill config set company.name "Fix Shop" &&
	fixbill config set billing.rate 100 &&
	fixbill tax add VAT20 --rate 20 --name "VAT 20%" --xero "20% (VAT on Income)" \
		--qbo "20.0% S" >/dev/null &&
	fixbill tax add GSTPST --name "GST 5% + PST 7%" --component GST=5 --component PST=7 \
		--xero "GST/PST" --qbo "GST/PST BC" --iif-item "GST/PST" \
		--agency "Receiver General" >/dev/null &&
	fixbill tax add SALES --rate 8.25 --name "Sales tax" --xero "Sales Tax" --qbo TAX \
		--iif-item "County Tax" --agency "County Tax Office" >/dev/null &&
	fixbill config set tax.default SALES &&
	fixbill config set tax.other NONE &&
	fixbill client add acme --name "Acme Corp" --street "1 Main St\nSuite 200" \
		--city Springfield --region IL --postcode 62701 --country US \
		--email ap@acme.example >/dev/null &&
	fixbill client add maple --name "Maple Ltd" --street "9 Bay St" --city Vancouver \
		--region BC --postcode "V6B 1A1" --country CA --tax GSTPST --rate 120 >/dev/null &&
	fixbill client add berlin --name "Berlin GmbH" --currency EUR --rate 90 \
		--street "Hauptstr. 1" --city Berlin --postcode 10115 --country DE \
		--vat-id DE123456789 --tax VAT20 --terms 14 >/dev/null &&
	fixbill client add tokyo --name "Tokyo KK" --currency JPY --rate 12000 \
		--street "1-1 Marunouchi" --city Tokyo --country JP --tax NONE >/dev/null &&
	job acme "Server won't boot" "2026-10-06 09:00" "2026-10-06 10:45" &&
	fixbill job charge 1 --part "SSD 1TB" --qty 1 --cost 60 --markup 25 >/dev/null &&
	fixbill job charge 1 --trip 35 >/dev/null &&
	job acme "Printer" "2026-10-09 13:00" "2026-10-09 13:20" &&
	job maple "Network down" "2026-10-13 09:00" "2026-10-13 11:30" &&
	fixbill job charge 3 --part "Switch" --qty 1 --cost 80 --markup 25 >/dev/null &&
	job berlin "Mail server" "2026-10-14 09:00" "2026-10-14 10:10" &&
	fixbill job charge 4 --trip 40 >/dev/null &&
	job tokyo "Laptop" "2026-10-15 09:00" "2026-10-15 10:00" &&
	fixbill job charge 5 --part "RAM" --qty 2 --cost 5000 --markup 20 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice discount 1 --percent 10 >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice run --period 2026-10 --issue >/dev/null &&
	FIXBILL_NOW=2026-11-20T12:00:00 &&
	export FIXBILL_NOW &&
	fixbill invoice pay INV-2026-00001 200 --date 2026-11-05 --method bank >/dev/null &&
	fixbill invoice pay INV-2026-00002 100 --date 2026-11-09 --method card >/dev/null &&
	fixbill invoice pay INV-2026-00003 224 --date 2026-11-09 >/dev/null &&
	fixbill client edit tokyo --name "Tokyo Kabushiki Kaisha" --city Osaka >/dev/null &&
	fixbill invoice void INV-2026-00004 --date 2026-11-12 --reason "wrong address" >/dev/null &&
	d=$(fixbill invoice create --client tokyo --date 2026-11-12 | sed "s/^draft //") &&
	fixbill invoice issue "$d" >/dev/null &&
	fixbill invoice pay INV-2026-00005 12000 --date 2026-11-15 >/dev/null
}

mkdir -p "$TRASH_ROOT/month"
(
	cd "$TRASH_ROOT/month" &&
	FIXBILL_DB="$TRASH_ROOT/month/fixbill.db" &&
	export FIXBILL_DB &&
	build_month
) >"$TRASH_ROOT/month/.out" 2>&1 || rm -f "$TRASH_ROOT/month/fixbill.db"

month() {
	if ! test -f "$TRASH_ROOT/month/fixbill.db"; then
		cat "$TRASH_ROOT/month/.out"
		return 1
	fi
	sqlite3 "$TRASH_ROOT/month/fixbill.db" ".backup '$FIXBILL_DB'" &&
	FIXBILL_NOW=2026-11-20T12:00:00 &&
	export FIXBILL_NOW
}

# December.  acme pays its 123.78 and 26.22 more, taken as credit; the
# payment of berlin bounces; the invoice of maple is voided, the 224.00
# paid on it goes to credit, and the invoice that bills the work again
# takes that credit as it is issued and 100.00 more.
december() {
	FIXBILL_NOW=2026-12-20T12:00:00 &&
	export FIXBILL_NOW &&
	fixbill invoice pay INV-2026-00001 150 --date 2026-12-02 --excess credit >/dev/null &&
	p=$(fixbill --json payment list --invoice INV-2026-00002 | jq -r ".[0].id") &&
	fixbill payment void "$p" --reason bounced >/dev/null &&
	fixbill invoice void INV-2026-00003 --date 2026-12-03 >/dev/null &&
	d=$(fixbill invoice create --client maple --date 2026-12-03 | sed "s/^draft //") &&
	fixbill invoice issue "$d" >/dev/null &&
	fixbill invoice pay INV-2026-00006 100 --date 2026-12-04 >/dev/null
}

# The invoices' numbers, currencies and taxes as fixbill has them.
fixbill_taxes() {
	for n in INV-2026-00001 INV-2026-00002 INV-2026-00003 INV-2026-00004 \
		INV-2026-00005 CN-2026-00001; do
		fixbill --json invoice show "$n" | jq -r '"\(.number) \(.tax)"' || return 1
	done
}

test_expect_success 'the month: each code taxes its lines, each component its own total' '
	month &&
	fixbill --json invoice show INV-2026-00001 >acme.json &&
	jq -r ".lines[] | \"\(.kind) \(.amount) \(.tax) \(.tax_code)\"" acme.json >got &&
	# 10 % off 335.00 is 33.50, spread over SALES (300.00) and NONE
	# (35.00) as 30.00 and 3.50: SALES base 270.00, tax 22.275 -> 22.28,
	# allocated in proportion to 175, 75, 50 and -30, largest remainder
	# first: 14.4407, 6.1889, 4.1259, -2.4756 -> 14.44, 6.19, 4.13, -2.48.
	cat >expect <<-\EOF &&
	labor 175.00 14.44 SALES
	part 75.00 6.19 SALES
	trip 35.00 0.00 NONE
	labor 50.00 4.13 SALES
	discount -33.50 -2.48 null
	EOF
	test_cmp expect got &&
	jq -r ".taxes[] | \"\(.code) \(.component) \(.rate) \(.base) \(.amount)\"" acme.json >got &&
	printf "SALES SALES 8.25 270.00 22.28\nNONE NONE 0 31.50 0.00\n" >expect &&
	test_cmp expect got &&
	jq -r "\"\(.subtotal) \(.tax) \(.total)\"" acme.json >got &&
	echo "301.50 22.28 323.78" >expect &&
	test_cmp expect got &&
	fixbill --json invoice show INV-2026-00003 |
		jq -r ".taxes[] | \"\(.code) \(.component) \(.name) \(.rate) \(.base) \(.amount)\"" >got &&
	printf "GSTPST GST GST 5 400.00 20.00\nGSTPST PST PST 7 400.00 28.00\n" >expect &&
	test_cmp expect got &&
	fixbill invoice show INV-2026-00003 >doc &&
	grep "GST 5% on 400.00  *20.00" doc &&
	grep "PST 7% on 400.00  *28.00" doc &&
	fixbill invoice show INV-2026-00001 >doc &&
	grep "Sales tax 8.25% on 270.00  *22.28$" doc &&
	fixbill_taxes >got &&
	cat >expect <<-\EOF &&
	INV-2026-00001 22.28
	INV-2026-00002 30.50
	INV-2026-00003 48.00
	INV-2026-00004 0
	INV-2026-00005 0
	CN-2026-00001 0
	EOF
	test_cmp expect got &&
	fixbill db check
'

test_expect_success 'a code whose rate changes keeps its rates on issued invoices' '
	month &&
	fixbill --json invoice show INV-2026-00003 >before &&
	fixbill tax edit GSTPST --component GST=5 --component PST=8 >/dev/null &&
	fixbill --json invoice show INV-2026-00003 >after &&
	test_cmp before after &&
	fixbill db check
'

# Xero's sales invoice template, column for column.
cat >"$TRASH_ROOT/xero_cols" <<\EOF
*ContactName,EmailAddress,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,Total,InventoryItemCode,*Description,*Quantity,*UnitAmount,Discount,*AccountCode,*TaxType,TaxAmount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2,Currency,BrandingTheme
EOF

test_expect_success 'xero: the template columns; TaxAmount adds up to each invoice tax' '
	month &&
	fixbill invoice export --period 2026-11 --format xero -o xero.csv &&
	head -1 xero.csv >got &&
	test_cmp "$TRASH_ROOT/xero_cols" got &&
	"$PYTHON" - xero.csv >sums <<-\EOF &&
	import csv, sys
	from decimal import Decimal
	rows = list(csv.reader(open(sys.argv[1], newline="")))
	head = rows[0]
	assert all(len(r) == len(head) for r in rows), "ragged rows"
	col = {h: i for i, h in enumerate(head)}
	tax, types = {}, set()
	for r in rows[1:]:
	    n = r[col["*InvoiceNumber"]]
	    tax[n] = tax.get(n, Decimal(0)) + Decimal(r[col["TaxAmount"]])
	    types.add((r[col["*TaxType"]], r[col["Currency"]]))
	for n in sorted(tax):
	    print(n, tax[n])
	for t in sorted(types):
	    print("type", *t)
	EOF
	fixbill_taxes | sort >expect &&
	for t in "20% (VAT on Income) EUR" "GST/PST USD" "NONE JPY" "NONE USD" "Sales Tax USD"; do
		echo "type $t" >>expect || return 1
	done &&
	test_cmp expect sums
'

test_expect_success 'xero: the structured address; a discount is a line per code' '
	month &&
	fixbill invoice export --period 2026-11 --format xero -o xero.csv &&
	"$PYTHON" - xero.csv >got <<-\EOF &&
	import csv, sys
	rows = list(csv.DictReader(open(sys.argv[1], newline="")))
	for r in rows:
	    if r["*InvoiceNumber"] == "INV-2026-00001":
	        print("|".join([r["POAddressLine1"], r["POAddressLine2"], r["POCity"], r["PORegion"],
	                        r["POPostalCode"], r["POCountry"], r["*Description"], r["*Quantity"],
	                        r["*UnitAmount"], r["*TaxType"], r["TaxAmount"]]))
	EOF
	cat >expect <<-\EOF &&
	1 Main St|Suite 200|Springfield|IL|62701|US|Labor, normal hours|1.75|100.00|Sales Tax|14.44
	1 Main St|Suite 200|Springfield|IL|62701|US|SSD 1TB|1|75.00|Sales Tax|6.19
	1 Main St|Suite 200|Springfield|IL|62701|US|Trip charge|1|35.00|NONE|0.00
	1 Main St|Suite 200|Springfield|IL|62701|US|Labor, normal hours|0.5|100.00|Sales Tax|4.13
	1 Main St|Suite 200|Springfield|IL|62701|US|Discount 10%|1|-30.00|Sales Tax|-2.48
	1 Main St|Suite 200|Springfield|IL|62701|US|Discount 10%|1|-3.50|NONE|0.00
	EOF
	test_cmp expect got
'

test_expect_success 'a credit note is addressed exactly as its invoice, Reference its number' '
	month &&
	fixbill invoice export --period 2026-11 --format xero -o xero.csv &&
	"$PYTHON" - xero.csv >got <<-\EOF &&
	import csv, sys
	for r in csv.DictReader(open(sys.argv[1], newline="")):
	    if r["Currency"] == "JPY":
	        print("|".join([r["*InvoiceNumber"], r["*ContactName"], r["POCity"], r["Reference"],
	                        r["*Quantity"], r["*UnitAmount"], r["TaxAmount"]]))
	EOF
	cat >expect <<-\EOF &&
	INV-2026-00004|Tokyo KK|Tokyo|2026-10|1|12000|0
	INV-2026-00004|Tokyo KK|Tokyo|2026-10|2|6000|0
	INV-2026-00005|Tokyo Kabushiki Kaisha|Osaka||1|12000|0
	INV-2026-00005|Tokyo Kabushiki Kaisha|Osaka||2|6000|0
	CN-2026-00001|Tokyo KK|Tokyo|INV-2026-00004|1|-12000|0
	CN-2026-00001|Tokyo KK|Tokyo|INV-2026-00004|2|-6000|0
	EOF
	test_cmp expect got
'

test_expect_success 'xero: the contacts template, named as the invoices name them' '
	month &&
	fixbill client export --format xero -o contacts.csv &&
	"$PYTHON" - contacts.csv >got <<-\EOF &&
	import csv, sys
	# The contacts template of Xero, column for column.
	want = ("*ContactName,AccountNumber,EmailAddress,FirstName,LastName,POAttentionTo,"
	    "POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,"
	    "POPostalCode,POCountry,SAAttentionTo,SAAddressLine1,SAAddressLine2,SAAddressLine3,"
	    "SAAddressLine4,SACity,SARegion,SAPostalCode,SACountry,PhoneNumber,FaxNumber,"
	    "MobileNumber,DDINumber,SkypeName,BankAccountName,BankAccountNumber,"
	    "BankAccountParticulars,TaxNumber,AccountsReceivableTaxCodeName,"
	    "AccountsPayableTaxCodeName,Website,LegalName,Discount,CompanyNumber,DueDateBillDay,"
	    "DueDateBillTerm,DueDateSalesDay,DueDateSalesTerm,SalesAccount,PurchasesAccount,"
	    "TrackingName1,SalesTrackingOption1,PurchasesTrackingOption1,TrackingName2,"
	    "SalesTrackingOption2,PurchasesTrackingOption2,BrandingTheme,DefaultTaxBills,"
	    "DefaultTaxSales").split(",")
	for i in range(1, 6):
	    want += ["Person%dFirstName" % i, "Person%dLastName" % i, "Person%dEmail" % i,
	             "Person%dIncludeInEmail" % i]
	rows = list(csv.reader(open(sys.argv[1], newline="")))
	assert rows[0] == want, rows[0]
	assert all(len(r) == len(want) for r in rows)
	for r in rows[1:]:
	    d = dict(zip(want, r))
	    print("|".join(d[k] for k in ["*ContactName", "AccountNumber", "POAddressLine1",
	        "POCity", "POPostalCode", "POCountry", "TaxNumber", "AccountsReceivableTaxCodeName",
	        "DueDateSalesDay", "DueDateSalesTerm"]))
	EOF
	cat >expect <<-\EOF &&
	Acme Corp|acme|1 Main St|Springfield|62701|US||Sales Tax||
	Berlin GmbH|berlin|Hauptstr. 1|Berlin|10115|DE|DE123456789|20% (VAT on Income)|14|DAYSAFTERBILLDATE
	Maple Ltd|maple|9 Bay St|Vancouver|V6B 1A1|CA||GST/PST||
	Tokyo Kabushiki Kaisha|tokyo|1-1 Marunouchi|Osaka||JP||NONE||
	EOF
	test_cmp expect got
'

cat >"$TRASH_ROOT/qbo_cols" <<\EOF
InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Item tax code,Item tax amount,Service Date,Currency
EOF

test_expect_success 'qbo: invoices with a Currency column; credit notes apart, positive' '
	month &&
	fixbill invoice export --period 2026-11 --format qbo -o qbo.csv &&
	head -1 qbo.csv >got &&
	test_cmp "$TRASH_ROOT/qbo_cols" got &&
	fixbill invoice export --period 2026-11 --format qbo-credits -o credits.csv &&
	"$PYTHON" - qbo.csv credits.csv >got <<-\EOF &&
	import csv, sys
	from decimal import Decimal
	for f in sys.argv[1:]:
	    rows = list(csv.DictReader(open(f, newline="")))
	    nums, tax, amount = [], {}, {}
	    for r in rows:
	        n = r["InvoiceNo"]
	        if n not in nums:
	            nums.append(n)
	        tax[n] = tax.get(n, Decimal(0)) + Decimal(r["Item tax amount"])
	        amount[n] = amount.get(n, Decimal(0)) + Decimal(r["ItemAmount"])
	        assert Decimal(r["ItemQuantity"]) * Decimal(r["ItemRate"]) == Decimal(r["ItemAmount"])
	    for n in nums:
	        print(n, amount[n], tax[n], " ".join(sorted({r["Item tax code"] + "/" +
	              r.get("Currency", "-") for r in rows if r["InvoiceNo"] == n})))
	EOF
	cat >expect <<-\EOF &&
	INV-2026-00001 301.50 22.28 NONE/USD TAX/USD
	INV-2026-00002 152.50 30.50 20.0% S/EUR
	INV-2026-00003 400.00 48.00 GST/PST BC/USD
	INV-2026-00004 24000 0 NONE/JPY
	INV-2026-00005 24000 0 NONE/JPY
	CN-2026-00001 24000 0 NONE/JPY
	EOF
	test_cmp expect got &&
	"$PYTHON" -c "
import csv
for r in csv.DictReader(open(\"qbo.csv\", newline=\"\")):
    print(r[\"InvoiceNo\"], r[\"ItemDescription\"], r[\"Service Date\"])
" | sed -n 1,6p >days &&
	cat >expect <<-\EOF &&
	INV-2026-00001 Labor, normal hours 10/06/2026
	INV-2026-00001 SSD 1TB 10/06/2026
	INV-2026-00001 Trip charge 10/06/2026
	INV-2026-00001 Labor, normal hours 10/09/2026
	INV-2026-00001 Discount 10% 10/09/2026
	INV-2026-00001 Discount 10% 10/09/2026
	EOF
	test_cmp expect days
'

test_expect_success 'qbo-credits: the credit notes, positive, with their currency' '
	month &&
	fixbill invoice export --period 2026-11 --format qbo-credits >out &&
	cat >expect <<-\EOF &&
	InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Item tax code,Item tax amount,Service Date,Currency
	CN-2026-00001,Tokyo KK,11/12/2026,11/12/2026,Due on receipt,Credit for INV-2026-00004,Labor,"Labor, normal hours",1,12000,12000,NONE,0,10/15/2026,JPY
	CN-2026-00001,Tokyo KK,11/12/2026,11/12/2026,Due on receipt,Credit for INV-2026-00004,Parts,RAM,2,6000,12000,NONE,0,10/15/2026,JPY
	EOF
	test_cmp expect out
'

test_expect_success 'qbo: no Currency column when every document is in the company currency' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme >/dev/null &&
	job acme "One" "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill invoice run --period 2026-10 --issue >/dev/null &&
	fixbill invoice export --period 2026-11 --format qbo >out &&
	cat >expect <<-\EOF &&
	InvoiceNo,Customer,InvoiceDate,DueDate,Terms,Memo,Item(Product/Service),ItemDescription,ItemQuantity,ItemRate,ItemAmount,Item tax code,Item tax amount,Service Date
	INV-2026-00001,Acme,11/01/2026,12/01/2026,Net 30,,Labor,"Labor, normal hours",1,100.00,100.00,NONE,0.00,10/06/2026
	EOF
	test_cmp expect out
'

# Read an IIF file back by its header lines (Intuit's !TRNS, !SPL and
# !ENDTRNS): each transaction's type, number and account, its tax and
# money lines, and that each sums to zero.
cat >"$TRASH_ROOT/iif_read.py" <<\EOF
import sys
from decimal import Decimal
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
head = {r[0][1:]: r[1:] for r in lines if r[0].startswith("!")}
assert head["TRNS"][:9] == ["TRNSID", "TRNSTYPE", "DATE", "ACCNT", "NAME", "AMOUNT",
                            "DOCNUM", "MEMO", "DUEDATE"], head["TRNS"]
assert head["SPL"][:12] == ["SPLID", "TRNSTYPE", "DATE", "ACCNT", "NAME", "AMOUNT",
                            "DOCNUM", "MEMO", "QNTY", "PRICE", "INVITEM", "TAXABLE"]
trns, total, n = None, Decimal(0), 0
for r in lines:
    if r[0] in ("TRNS", "SPL"):
        d = dict(zip(head[r[0]], r[1:]))
        total += Decimal(d["AMOUNT"])
        if r[0] == "TRNS":
            trns = d
            print(d["TRNSTYPE"], d["DOCNUM"], d["ACCNT"])
        elif d["ACCNT"] == "Sales Tax Payable":
            print("  tax", d["AMOUNT"], d["INVITEM"], d["NAME"], d["PRICE"])
        elif d["TRNSTYPE"] in ("PAYMENT", "CHECK"):
            print("  from", d["ACCNT"], d["AMOUNT"])
    elif r[0] == "ENDTRNS":
        assert total == 0, (trns, total)
        total, n = Decimal(0), n + 1
print(n, "balanced")
EOF

test_expect_success 'iif: every transaction balances, foreign currencies on their own receivable' '
	month &&
	fixbill invoice export --period 2026-11 --format iif -o books.iif &&
	"$PYTHON" "$TRASH_ROOT/iif_read.py" books.iif >got &&
	cat >expect <<-\EOF &&
	INVOICE INV-2026-00001 Accounts Receivable
	  tax -22.28 County Tax County Tax Office 8.25%
	INVOICE INV-2026-00002 Accounts Receivable - EUR
	  tax -30.50 VAT20  20%
	INVOICE INV-2026-00003 Accounts Receivable
	  tax -20.00 GST/PST Receiver General 5%
	  tax -28.00 GST/PST Receiver General 7%
	INVOICE INV-2026-00004 Accounts Receivable - JPY
	PAYMENT INV-2026-00001 Undeposited Funds
	  from Accounts Receivable -200.00
	PAYMENT INV-2026-00002 Undeposited Funds
	  from Accounts Receivable - EUR -100.00
	PAYMENT INV-2026-00003 Undeposited Funds
	  from Accounts Receivable -224.00
	INVOICE INV-2026-00005 Accounts Receivable - JPY
	CREDIT MEMO CN-2026-00001 Accounts Receivable - JPY
	PAYMENT INV-2026-00005 Undeposited Funds
	  from Accounts Receivable - JPY -12000
	10 balanced
	EOF
	test_cmp expect got
'

test_expect_success 'iif: a refund and a bounced payment are checks out of the bank' '
	month &&
	december &&
	fixbill client refund acme 10 --date 2026-12-05 --method cheque >/dev/null &&
	fixbill invoice export --period 2026-12 --format iif -o books.iif &&
	"$PYTHON" "$TRASH_ROOT/iif_read.py" books.iif >got &&
	# The credit maple had applied to its new invoice moves no money.
	cat >expect <<-\EOF &&
	PAYMENT INV-2026-00001 Undeposited Funds
	  from Accounts Receivable -150.00
	INVOICE INV-2026-00006 Accounts Receivable
	  tax -20.00 GST/PST Receiver General 5%
	  tax -28.00 GST/PST Receiver General 7%
	CREDIT MEMO CN-2026-00002 Accounts Receivable
	  tax 20.00 GST/PST Receiver General 5%
	  tax 28.00 GST/PST Receiver General 7%
	PAYMENT INV-2026-00006 Undeposited Funds
	  from Accounts Receivable -100.00
	CHECK  Undeposited Funds
	  from Accounts Receivable 10.00
	CHECK INV-2026-00002 Undeposited Funds
	  from Accounts Receivable - EUR 100.00
	6 balanced
	EOF
	test_cmp expect got
'

test_expect_success 'iif: the customer list as !CUST' '
	month &&
	fixbill client export --format iif >cust.iif &&
	"$PYTHON" - cust.iif >got <<-\EOF &&
	import sys
	lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
	head = lines[0]
	assert head == ["!CUST", "NAME", "BADDR1", "BADDR2", "BADDR3", "BADDR4", "BADDR5",
	                "EMAIL", "TERMS", "TAXABLE", "COMPANYNAME"], head
	for r in lines[1:]:
	    assert r[0] == "CUST" and len(r) == len(head), r
	    print("|".join(r[1:]))
	EOF
	cat >expect <<-\EOF &&
	Acme Corp|1 Main St|Suite 200|Springfield, IL 62701|US||ap@acme.example||Y|Acme Corp
	Berlin GmbH|Hauptstr. 1|Berlin 10115|DE||||Net 14|Y|Berlin GmbH
	Maple Ltd|9 Bay St|Vancouver, BC V6B 1A1|CA|||||Y|Maple Ltd
	Tokyo Kabushiki Kaisha|1-1 Marunouchi|Osaka|JP|||||N|Tokyo Kabushiki Kaisha
	EOF
	test_cmp expect got
'

test_expect_success 'qbo and csv: the customer list' '
	month &&
	fixbill client export --format qbo >cust.csv &&
	cat >expect <<-\EOF &&
	Name,Company,Email,Phone,Mobile,Fax,Website,Street,City,State,ZIP code,Country,Opening Balance,Opening Balance Date,Resale Number,Currency
	Acme Corp,Acme Corp,ap@acme.example,,,,,"1 Main St, Suite 200",Springfield,IL,62701,US,,,,USD
	Berlin GmbH,Berlin GmbH,,,,,,Hauptstr. 1,Berlin,,10115,DE,,,,EUR
	Maple Ltd,Maple Ltd,,,,,,9 Bay St,Vancouver,BC,V6B 1A1,CA,,,,USD
	Tokyo Kabushiki Kaisha,Tokyo Kabushiki Kaisha,,,,,,1-1 Marunouchi,Osaka,,,JP,,,,JPY
	EOF
	test_cmp expect cust.csv &&
	fixbill client export >all.csv &&
	sed -n 1p all.csv >got &&
	echo "code,name,email,address,street,city,region,postcode,country,tax_id,vat_id,buyer_ref,currency,terms,tax,archived" >expect &&
	test_cmp expect got &&
	grep "^berlin,Berlin GmbH,,,Hauptstr. 1,Berlin,,10115,DE,,DE123456789,,EUR,14,VAT20,no$" all.csv
'

# What report aging says each currency is owed, as hledger prints it.
aging_totals() {
	fixbill --json report aging | jq -r "group_by(.currency) | .[] |
		\"\(.[0].currency) \(map(.total | tonumber) | add)\"" |
	while read -r cur amount; do
		case $cur in
		JPY) printf "%s %d\n" "$cur" "$amount" ;;
		*) printf "%s %.2f\n" "$cur" "$amount" ;;
		esac
	done
}

test_expect_success 'ledger: hledger checks it; each currency receivable is report aging' '
	month &&
	fixbill invoice export --period 2026 --format ledger -o books.journal &&
	hledger -f books.journal check ordereddates accounts commodities payees &&
	grep "^commodity JPY 1000\.$" books.journal &&
	hledger -f books.journal balance assets:receivable --depth 2 -N -O csv |
		sed -n "2s/^\"assets:receivable\",\"\\(.*\\)\"$/\\1/p" | tr "," "\n" |
		sed "s/^ *//" | sort >hledger &&
	aging_totals | sort >aging &&
	printf "EUR 83.00\nJPY 12000\nUSD 347.78\n" >expect &&
	test_cmp expect aging &&
	test_cmp aging hledger &&
	hledger -f books.journal balance assets:receivable -N -O csv >clients &&
	grep "^\"assets:receivable:acme\",\"USD 123.78\"$" clients &&
	grep "^\"assets:receivable:maple\",\"USD 224.00\"$" clients
'

test_expect_success 'ledger: each tax component its own liability' '
	month &&
	fixbill invoice export --period 2026 --format ledger -o books.journal &&
	hledger -f books.journal balance liabilities --invert -N -O csv | sed 1d >got &&
	cat >expect <<-\EOF &&
	"liabilities:tax:GST","USD 20.00"
	"liabilities:tax:PST","USD 28.00"
	"liabilities:tax:SALES","USD 22.28"
	"liabilities:tax:VAT20","EUR 30.50"
	EOF
	test_cmp expect got
'

# What report aging says each client is owed (less its credit), as
# hledger prints it.
aging_clients() {
	fixbill --json report aging | jq -r ".[] | \"\(.client) \(.currency) \(.total)\"" |
	while read -r client cur amount; do
		printf "assets:receivable:%s %s %s\n" "$client" "$cur" "$amount"
	done
}

test_expect_success 'ledger: overpaid, bounced, voided when paid, refunded: still report aging' '
	month &&
	december &&
	fixbill client refund acme 10 --date 2026-12-05 --method cheque >/dev/null &&
	fixbill db check >/dev/null &&
	fixbill invoice export --period 2026 --format ledger -o books.journal &&
	hledger -f books.journal check ordereddates accounts commodities payees &&
	# Per currency: EUR 183.00 unpaid again; USD the 16.22 of credit of
	# acme against the 124.00 maple still owes on 448.00 after 224.00 of
	# credit and 100.00; JPY as in November.
	aging_totals | sort >aging &&
	printf "EUR 183.00\nJPY 12000\nUSD 107.78\n" >expect &&
	test_cmp expect aging &&
	hledger -f books.journal balance assets:receivable --depth 2 -N -O csv |
		sed -n "2s/^\"assets:receivable\",\"\\(.*\\)\"$/\\1/p" | tr "," "\n" |
		sed "s/^ *//" | sort >hledger &&
	test_cmp aging hledger &&
	# Per client, a client in credit included.
	aging_clients | sort >aging &&
	grep "^assets:receivable:acme USD -16.22$" aging &&
	hledger -f books.journal balance assets:receivable -N -O csv | sed 1d |
		tr -d "\"" | tr "," " " | sort >hledger &&
	test_cmp aging hledger &&
	# The bank holds what came in less what went back (EUR: nothing).
	hledger -f books.journal balance assets:bank -N -O csv | sed 1d >got &&
	cat >expect <<-\EOF &&
	"assets:bank","JPY 12000, USD 664.00"
	EOF
	test_cmp expect got
'

test_expect_success 'payments: one CSV of every record of money, each kind its own row' '
	month &&
	december &&
	fixbill client refund acme 10 --date 2026-12-05 --method cheque --ref R1 >/dev/null &&
	fixbill invoice export --period 2026-12 --format payments -o payments.csv &&
	cat >expect <<-\EOF &&
	date,client,invoice,kind,amount,currency,method,ref
	2026-12-02,acme,INV-2026-00001,payment,150.00,USD,,
	2026-12-03,maple,INV-2026-00006,credit,224.00,USD,,
	2026-12-04,maple,INV-2026-00006,payment,100.00,USD,,
	2026-12-05,acme,,refund,10.00,USD,cheque,R1
	2026-12-20,berlin,INV-2026-00002,reversal,100.00,EUR,card,
	EOF
	test_cmp expect payments.csv
'

test_expect_success 'report tax, accrual basis: the documents issued in the period' '
	month &&
	fixbill report tax --period 2026-11 --format csv >got &&
	# acme: 8.25 % of 270.00 is 22.28, 31.50 untaxed; maple: 5 % and 7 %
	# of 400.00; berlin: 20 % of 152.50; tokyo: 24,000 invoiced, credited
	# and invoiced again.
	cat >expect <<-\EOF &&
	"currency","code","component","rate","base","tax"
	"EUR","VAT20","VAT20",20,152.50,30.50
	"JPY","NONE","NONE",0,24000,0
	"USD","GSTPST","GST",5,400.00,20.00
	"USD","GSTPST","PST",7,400.00,28.00
	"USD","NONE","NONE",0,31.50,0.00
	"USD","SALES","SALES",8.25,270.00,22.28
	EOF
	test_cmp expect got &&
	fixbill report tax --period 2026-11 >table &&
	grep "^USD       total  " table | grep " 70.28$" &&
	fixbill report tax --period 2026-10 --json >empty &&
	echo "[]" >expect &&
	test_cmp expect empty
'

test_expect_success 'report tax, cash basis: the share of each invoice settled in the period' '
	month &&
	fixbill --json report tax --period 2026-11 --basis cash >got.json &&
	jq -r ".[] | \"\(.currency) \(.code) \(.component) \(.rate) \(.base) \(.tax)\"" got.json >got &&
	# acme paid 200.00 of 323.78: 270.00 x 200 / 323.78 = 166.78 and
	# 22.28 x 200 / 323.78 = 13.76; 31.50 x 200 / 323.78 = 19.46.
	# berlin 100.00 of 183.00: 83.33 and 16.67.  maple 224.00 of 448.00:
	# half of each.  tokyo 12,000 of 24,000.
	cat >expect <<-\EOF &&
	EUR VAT20 VAT20 20 83.33 16.67
	JPY NONE NONE 0 12000 0
	USD GSTPST GST 5 200.00 10.00
	USD GSTPST PST 7 200.00 14.00
	USD NONE NONE 0 19.46 0.00
	USD SALES SALES 8.25 166.78 13.76
	EOF
	test_cmp expect got &&
	fixbill report tax --period 2026-11 --basis cash --client maple --format csv >got &&
	cat >expect <<-\EOF &&
	"currency","code","component","rate","base","tax"
	"USD","GSTPST","GST",5,200.00,10.00
	"USD","GSTPST","PST",7,200.00,14.00
	EOF
	test_cmp expect got
'

test_expect_success 'report tax, cash basis: overpaid, reversed, voided and billed again' '
	month &&
	december &&
	fixbill db check >/dev/null &&
	fixbill --json report tax --period 2026-12 --basis cash >got.json &&
	jq -r ".[] | \"\(.currency) \(.code) \(.component) \(.rate) \(.base) \(.tax)\"" got.json >got &&
	# acme is settled in full: what November did not report, 270.00 -
	# 166.78, 22.28 - 13.76 and 31.50 - 19.46; the credit is no sale.
	# berlin: the reversal takes back 83.33 and 16.67.  maple: the void
	# takes back 224/448 of 400.00, 20.00 and 28.00 (200.00, 10.00,
	# 14.00); the new invoice settles 324/448 (289.29, 14.46, 20.25):
	# 89.29, 4.46 and 6.25, what the 100.00 pays.
	cat >expect <<-\EOF &&
	EUR VAT20 VAT20 20 -83.33 -16.67
	USD GSTPST GST 5 89.29 4.46
	USD GSTPST PST 7 89.29 6.25
	USD NONE NONE 0 12.04 0.00
	USD SALES SALES 8.25 103.22 8.52
	EOF
	test_cmp expect got &&
	# Over the quarter an invoice paid in full reports exactly its tax.
	fixbill --json report tax --period 2026-Q4 --basis cash --client acme >got.json &&
	jq -r ".[] | \"\(.code) \(.base) \(.tax)\"" got.json >got &&
	printf "NONE 31.50 0.00\nSALES 270.00 22.28\n" >expect &&
	test_cmp expect got
'

test_expect_success 'report register: every document, its tax per component' '
	month &&
	fixbill report register --period 2026-11 --format csv >got &&
	cat >expect <<-\EOF &&
	"number","date","client","currency","net","tax_gst","tax_pst","tax_sales","tax_vat20","total","paid","balance","status"
	"INV-2026-00001","2026-11-01","acme","USD",301.50,0.00,0.00,22.28,0.00,323.78,200.00,123.78,"issued"
	"INV-2026-00002","2026-11-01","berlin","EUR",152.50,0.00,0.00,0.00,30.50,183.00,100.00,83.00,"issued"
	"INV-2026-00003","2026-11-01","maple","USD",400.00,20.00,28.00,0.00,0.00,448.00,224.00,224.00,"issued"
	"INV-2026-00004","2026-11-01","tokyo","JPY",24000,0,0,0,0,24000,0,0,"void"
	"INV-2026-00005","2026-11-12","tokyo","JPY",24000,0,0,0,0,24000,12000,12000,"issued"
	"CN-2026-00001","2026-11-12","tokyo","JPY",-24000,0,0,0,0,-24000,0,0,"issued"
	EOF
	test_cmp expect got &&
	fixbill --json report register --period 2026-11 >doc &&
	jq -c ".[2] | {number, taxes}" doc >got &&
	echo "{\"number\":\"INV-2026-00003\",\"taxes\":[{\"code\":\"GSTPST\",\"component\":\"GST\",\"amount\":\"20.00\"},{\"code\":\"GSTPST\",\"component\":\"PST\",\"amount\":\"28.00\"}]}" >expect &&
	test_cmp expect got &&
	fixbill report register --period 2026-11 >table &&
	grep "^total .* USD  *701.50  *20.00  *28.00  *22.28  *0.00  *771.78  *424.00  *347.78" table
'

# An invoice made before tax codes (a database taken back to the
# version before them, then upgraded) had one rate on the lines
# tax.applies_to named: it reads as TAX on those and NONE on the others.
test_expect_success 'an invoice from before tax codes: TAX on its taxed lines, NONE on the rest' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set tax.rate 8.25 &&
	fixbill config set tax.applies_to labor &&
	fixbill client add acme --name Acme >/dev/null &&
	job acme "Old job" "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill job charge 1 --part Cable --qty 1 --price 20 >/dev/null &&
	fixbill invoice run --period 2026-10 --issue >/dev/null &&
	db_before_tax &&
	v=$(ls "$TEST_ROOT"/share/schema/*.sql | grep -n -- "-tax\.sql$" | cut -d: -f1) &&
	sqlite3 "$FIXBILL_DB" "PRAGMA user_version = $((v - 1))" &&
	fixbill --json invoice show INV-2026-00001 >doc &&
	jq -r ".taxes[] | \"\(.code) \(.rate) \(.base) \(.amount)\"" doc >got &&
	printf "TAX 8.25 100.00 8.25\nNONE 0 20.00 0.00\n" >expect &&
	test_cmp expect got &&
	jq -r ".lines[] | .tax_code" doc >got &&
	printf "TAX\nNONE\n" >expect &&
	test_cmp expect got &&
	fixbill invoice export --period 2026-11 --format xero >xero.csv &&
	"$PYTHON" -c "
import csv, sys
for r in csv.reader(open(\"xero.csv\", newline=\"\")):
    print(\"|\".join([r[16], r[21], r[22]]))
" >got &&
	printf "*Description|*TaxType|TaxAmount\nLabor, normal hours|OUTPUT|8.25\nCable|NONE|0.00\n" >expect &&
	test_cmp expect got &&
	fixbill report tax --period 2026-11 --format csv >got &&
	cat >expect <<-\EOF &&
	"currency","code","component","rate","base","tax"
	"USD","NONE","NONE",0,20.00,0.00
	"USD","TAX","TAX",8.25,100.00,8.25
	EOF
	test_cmp expect got
'

test_done
