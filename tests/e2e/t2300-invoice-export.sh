#!/bin/sh
# invoice export: the SPEC's job A as text, JSON, CSV, XLSX (read back
# with openpyxl, formulas and their cached values) and PDF (read back
# with pdftotext), to files and to pipes.
. "$(dirname "$0")/../lib.sh"

# INV-2026-00001: the worked example's job A (total 311.22), for a
# client whose name is not ASCII, with a flat fee that looks like a
# formula.
setup() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill config set tax.rate 8.25 &&
	fixbill config set company.name "Fix Shop" &&
	fixbill client add acme --name "Müller Société" --address "1 Main St" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Server" >/dev/null &&
	fixbill time add 1 --start "2026-10-06 17:20" --end "2026-10-06 18:40" >/dev/null &&
	fixbill time add 1 --start "2026-10-07 09:00" --end "2026-10-07 09:10" >/dev/null &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-07 10:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null
}

test_expect_success 'txt is what show prints; json what show --json prints' '
	setup &&
	fixbill invoice show INV-2026-00001 >expect &&
	fixbill invoice export INV-2026-00001 --format txt >actual &&
	test_cmp expect actual &&
	grep "311.22" actual &&
	fixbill --json invoice show INV-2026-00001 >expect &&
	fixbill invoice export INV-2026-00001 --format json >actual &&
	test_cmp expect actual &&
	fixbill invoice export INV-2026-00001 --format json -o doc.json &&
	test_cmp expect doc.json
'

test_expect_success 'a draft exports by its id' '
	setup &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Two" >/dev/null &&
	fixbill job charge 2 --trip 30 >/dev/null &&
	fixbill job resolve 2 --at "2026-10-07 10:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice export 2 --format json | jq -r "[.status, .total] | join(\"|\")" >got &&
	echo "draft|32.48" >expect &&
	test_cmp expect got
'

test_expect_success 'csv: a header and one row per line, amounts as on the invoice' '
	setup &&
	fixbill invoice export INV-2026-00001 --format csv -o inv.csv &&
	"$PYTHON" -c "
import csv
rows = list(csv.DictReader(open(\"inv.csv\")))
print(len(rows), sum(float(r[\"amount\"]) for r in rows), rows[0][\"number\"])
" >got &&
	echo "3 287.5 INV-2026-00001" >expect &&
	test_cmp expect got
'

test_expect_success 'xlsx: numbers in number cells, totals as formulas with cached values' '
	setup &&
	fixbill invoice export INV-2026-00001 --format xlsx -o inv.xlsx &&
	"$PYTHON" -c "
import openpyxl
f = openpyxl.load_workbook(\"inv.xlsx\").active
v = openpyxl.load_workbook(\"inv.xlsx\", data_only=True).active
texts = [c.value for row in v.iter_rows() for c in row if isinstance(c.value, str)]
print(\"INV-2026-00001\" in texts, \"Müller Société\" in texts)
for row in v.iter_rows():
    for c in row:
        if isinstance(c.value, str) and c.value.split(\" \")[0] in (\"Subtotal\", \"Tax\", \"Total\"):
            for n in row[c.column:]:
                if isinstance(n.value, (int, float)):
                    formula = f.cell(row=n.row, column=n.column).value
                    print(c.value.split(\" \")[0], \"%.2f\" % n.value,
                          isinstance(formula, str) and formula.startswith(\"=\"))
                    break
" >got &&
	cat >expect <<-\EOF &&
	True True
	Subtotal 287.50 True
	Tax 23.72 True
	Total 311.22 True
	EOF
	test_cmp expect got
'

test_expect_success 'text that looks like a formula stays text (csv quote, xlsx string)' '
	setup &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Two" >/dev/null &&
	fixbill job charge 2 --flat "=HYPERLINK(\"x\")" 10 >/dev/null &&
	fixbill job resolve 2 --at "2026-10-07 10:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 2 >/dev/null &&
	fixbill invoice export INV-2026-00002 --format csv >inv.csv &&
	grep "'\''=HYPERLINK" inv.csv &&
	fixbill invoice export INV-2026-00002 --format xlsx -o inv.xlsx &&
	"$PYTHON" -c "
import openpyxl
ws = openpyxl.load_workbook(\"inv.xlsx\").active
bad = [c.coordinate for row in ws.iter_rows() for c in row
       if isinstance(c.value, str) and \"HYPERLINK\" in c.value and c.data_type != \"s\"]
found = [c.value for row in ws.iter_rows() for c in row
         if isinstance(c.value, str) and \"HYPERLINK\" in c.value]
print(bad, len(found))
" >got &&
	echo "[] 1" >expect &&
	test_cmp expect got
'

test_expect_success 'pdf: pdftotext finds the number, the client and the total' '
	setup &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	pdftotext inv.pdf inv.txt &&
	grep "INV-2026-00001" inv.txt &&
	grep "311.22" inv.txt &&
	grep "287.50" inv.txt &&
	grep "Müller Société" inv.txt &&
	grep "2026-11-14" inv.txt
'

test_expect_success 'pdf and xlsx go to a pipe; a4 from invoice.paper' '
	setup &&
	fixbill config set invoice.paper a4 &&
	fixbill invoice export INV-2026-00001 --format pdf >piped.pdf &&
	test "$(head -c 5 piped.pdf)" = "%PDF-" &&
	pdfinfo piped.pdf | grep "Page size:.*(A4)" &&
	fixbill invoice export INV-2026-00001 --format xlsx | head -c 2 >magic &&
	test "$(cat magic)" = PK
'

test_expect_success 'binary formats refuse a terminal; bad formats are usage errors' '
	setup &&
	if command -v script >/dev/null; then
		script -qec "fixbill invoice export INV-2026-00001 --format pdf" /dev/null >tty.out
		test $? = 2 &&
		grep "cannot write pdf to a terminal" tty.out
	fi &&
	test_fails_cleanly 2 "fixbill: error: invalid value '\''doc'\'' for '\''--format'\'': want pdf, xlsx, csv, json, txt, facturx, cii or ubl" \
		fixbill invoice export INV-2026-00001 --format doc &&
	test_fails_cleanly 3 "fixbill: error: unknown invoice '\''INV-2026-00002'\''" \
		fixbill invoice export INV-2026-00002 --format txt &&
	test_expect_code 1 fixbill invoice export INV-2026-00001 --format txt -o /nonexistent/dir/x.txt 2>err &&
	grep "^fixbill: error: cannot write '\''/nonexistent/dir/x.txt'\''" err
'

test_done
