#!/bin/sh
# What an invoice says (SPEC section 12), read back from the PDF with
# pdftotext and pdffonts, from the XLSX with openpyxl and from the text;
# the embedded font and its glyph check; and editing a draft: added
# lines, releasing a job, discounts, reference, note, terms and date,
# all kept by refresh.
. "$(dirname "$0")/../lib.sh"

# A shop in New York at 8.25 %, with payment instructions and a footer;
# a client whose name and address need Latin, Greek and Cyrillic.
shop() {
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill config set tax.rate 8.25 &&
	fixbill config set company.name "Fix Shop" &&
	fixbill config set company.phone "+1 207 555 0100" &&
	fixbill config set company.website "fixshop.example" &&
	fixbill config set invoice.payment "Bank: Casco Bay Bank\nIBAN: US00 1234 5678 9012" &&
	fixbill config set invoice.footer "Thank you for your business" &&
	fixbill client add acme --name "Société Müller Ωmega" \
		--address "ul. Tverskaya 1\nМосква\nŁódź" >/dev/null &&
	fixbill tech add kim --name "Kim Lee" >/dev/null &&
	fixbill tech add sam --name "Sam Roe" --tier L2 >/dev/null &&
	fixbill rate set 110 --tier L2 >/dev/null
}

# Job 1 (PO 4711): normal and after-hours time by Kim, an hour no charge
# by Sam, a part.  The worked example's job A, with the free hour.
job1() {
	fixbill job open --client acme --po 4711 --at "2026-10-01 08:00" \
		"Server won't boot" >/dev/null &&
	fixbill time add 1 --start "2026-10-06 17:20" --end "2026-10-06 18:40" --tech kim \
		--note "swapped the power supply" >/dev/null &&
	fixbill time add 1 --start "2026-10-07 09:00" --end "2026-10-07 09:10" --tech kim >/dev/null &&
	fixbill time add 1 --start "2026-10-07 10:00" --end "2026-10-07 11:00" --tech sam \
		--nocharge >/dev/null &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-07 11:00" >/dev/null
}

# A job with 190.00 of flat fees, taxed in full.
job190() {
	fixbill job open --client acme --at "2026-10-01 08:00" "Office move" >/dev/null &&
	fixbill job charge "$1" --flat "Move the rack" 150 >/dev/null &&
	fixbill job charge "$1" --flat "Cabling" 40 >/dev/null &&
	fixbill job resolve "$1" --at "2026-10-02 08:00" >/dev/null
}

figures() {
	fixbill --json invoice show "$1" | jq -r '[.subtotal, .tax, .total] | join(" ")'
}

test_expect_success 'pdf: headings, PO, reference, names, payment, footer, every script' '
	shop && job1 &&
	fixbill invoice create --client acme --ref "Ticket 88" >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	pdftotext inv.pdf inv.txt 2>/dev/null &&
	grep "Job 1: Server won.t boot" inv.txt &&
	grep "PO 4711" inv.txt &&
	grep "Ticket 88" inv.txt &&
	grep "Kim Lee, Sam Roe" inv.txt &&
	grep "2026-10-06 to 2026-10-07" inv.txt &&
	grep "IBAN: US00 1234 5678 9012" inv.txt &&
	grep "Bank: Casco Bay Bank" inv.txt &&
	grep "Thank you for your business" inv.txt &&
	grep "+1 207 555 0100" inv.txt &&
	grep "fixshop.example" inv.txt &&
	grep "Labor, after hours ×1.5" inv.txt &&
	grep "no charge (1h00m, 110.00 waived)" inv.txt &&
	grep "Tax 8.25% on 287.50" inv.txt &&
	grep "Work through" inv.txt &&
	grep -x "Société Müller Ωmega" inv.txt &&
	grep -x "Москва" inv.txt &&
	grep -x "Łódź" inv.txt &&
	grep "311.22" inv.txt &&
	pdffonts inv.pdf >fonts &&
	sed -n "3,\$p" fonts >rows &&
	test -s rows &&
	awk "{ if (\$(NF-4) != \"yes\") exit 1 }" rows &&
	grep "DejaVuSans" rows
'

test_expect_success 'txt and xlsx say the same; xlsx dates are dates, no client code' '
	shop && job1 &&
	fixbill config set invoice.show_notes entries &&
	fixbill invoice create --client acme --ref "Ticket 88" >/dev/null &&
	fixbill invoice edit 1 --note "Parts under warranty for a year" >/dev/null &&
	FIXBILL_NOW=2026-10-16T12:00:00 fixbill invoice issue 1 --date 2026-10-16 >/dev/null &&
	fixbill invoice show INV-2026-00001 >inv.txt &&
	grep "^Job 1: Server won.t boot$" inv.txt &&
	grep "PO 4711" inv.txt &&
	grep "Reference    Ticket 88" inv.txt &&
	grep "    - swapped the power supply" inv.txt &&
	grep "Tax 8.25% on 287.50 *23.72" inv.txt &&
	grep "^Parts under warranty for a year$" inv.txt &&
	grep "^  IBAN: US00 1234 5678 9012$" inv.txt &&
	grep "^Thank you for your business$" inv.txt &&
	! grep acme inv.txt &&
	fixbill --json invoice show INV-2026-00001 >doc.json &&
	fixbill invoice export INV-2026-00001 --format xlsx -o inv.xlsx &&
	"$PYTHON" - <<-\EOF >got &&
	import datetime, json, openpyxl
	doc = json.load(open("doc.json"))
	f = openpyxl.load_workbook("inv.xlsx").active
	v = openpyxl.load_workbook("inv.xlsx", data_only=True).active
	cells = [c for row in v.iter_rows() for c in row if c.value is not None]
	texts = [c.value for c in cells if isinstance(c.value, str)]
	print("code", any("acme" in t for t in texts))
	dates = {}
	for c in cells:
	    if c.value in ("Issue date", "Due date", "Work through"):
	        d = v.cell(row=c.row, column=c.column + 1)
	        dates[c.value] = (d.is_date, d.value.strftime("%Y-%m-%d"))
	print(dates["Issue date"], dates["Due date"], dates["Work through"])
	print("heading", "Job 1: Server won\x27t boot" in texts, any("PO 4711" in t for t in texts))
	for c in cells:
	    if c.column == 8 and isinstance(c.value, str) and c.value.split(" ")[0] in ("Subtotal", "Tax", "Total"):
	        n = v.cell(row=c.row, column=c.column + 1)
	        fml = f.cell(row=c.row, column=c.column + 1).value
	        key = {"Subtotal": "subtotal", "Tax": "tax", "Total": "total"}[c.value.split(" ")[0]]
	        print(c.value, "%.2f" % n.value == doc[key], str(fml).startswith("="))
	EOF
	cat >expect <<-\EOF &&
	code False
	(True, '\''2026-10-16'\'') (True, '\''2026-11-15'\'') (True, '\''2026-10-15'\'')
	heading True True
	Subtotal True True
	Tax 8.25% on 287.50 True True
	Total USD True True
	EOF
	test_cmp expect got
'

test_expect_success 'a character the font lacks is an error naming it; nothing is written' '
	shop &&
	fixbill client add nihon --name "日本商事" >/dev/null &&
	fixbill job open --client nihon --at "2026-10-01 08:00" "Printer" >/dev/null &&
	fixbill job charge 1 --trip 50 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-02 08:00" >/dev/null &&
	fixbill invoice create --client nihon >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	test_fails_cleanly 1 "fixbill: error: cannot export '\''INV-2026-00001'\'': no glyph for U+65E5 in DejaVu Sans: set invoice.font" \
		fixbill invoice export INV-2026-00001 --format pdf -o out.pdf &&
	test ! -e out.pdf &&
	fixbill invoice export INV-2026-00001 --format txt | grep "日本商事"
'

test_expect_success 'invoice.font embeds another TrueType font; other fonts are refused' '
	shop && job1 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill config set invoice.font /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf &&
	fixbill config get invoice.font >got &&
	echo /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf >expect &&
	test_cmp expect got &&
	fixbill invoice export 1 --format pdf -o serif.pdf &&
	pdffonts serif.pdf | grep "DejaVuSerif.*yes" &&
	! pdffonts serif.pdf | grep "DejaVuSans" &&
	pdftotext serif.pdf - 2>/dev/null | grep "Москва" &&
	echo "not a font" >bad.ttf &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''invoice.font'\'': cannot use font '\''$PWD/bad.ttf'\'': not a TrueType font" \
		fixbill config set invoice.font bad.ttf &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''invoice.font'\'': invalid font '\''nope.ttf'\'': No such file or directory" \
		fixbill config set invoice.font nope.ttf &&
	if test -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc; then
		test_fails_cleanly 2 "fixbill: error: cannot set '\''invoice.font'\'': cannot use font '\''/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'\'': it has PostScript (CFF) outlines; use a TrueType font" \
			fixbill config set invoice.font /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
	fi
'

test_expect_success 'discount: 190.00, 10 % off, 8.25 % tax is 171.00 + 14.11 = 185.11, kept by refresh' '
	shop && job190 1 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice discount 1 --percent 10 >out &&
	echo "draft 1" >expect &&
	test_cmp expect out &&
	echo "171.00 14.11 185.11" >expect &&
	figures 1 >got &&
	test_cmp expect got &&
	fixbill invoice show 1 >inv.txt &&
	grep "Discount 10% *1 *-19.00 *-19.00" inv.txt &&
	grep "Tax 8.25% on 171.00 *14.11" inv.txt &&
	fixbill invoice refresh 1 >/dev/null &&
	figures 1 >got &&
	test_cmp expect got &&
	fixbill --json invoice show 1 | jq -r ".taxes[0] | [.base, .amount] | join(\" \")" >got &&
	echo "171.00 14.11" >expect &&
	test_cmp expect got &&
	fixbill invoice discount 1 --amount 0 >/dev/null &&
	figures 1 >got &&
	echo "190.00 15.68 205.68" >expect &&
	test_cmp expect got
'

test_expect_success 'a discount lowers only the taxed base by its share' '
	shop && fixbill config set tax.applies_to parts &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Mixed" >/dev/null &&
	fixbill job charge 1 --part Disk --qty 1 --price 100 >/dev/null &&
	fixbill job charge 1 --flat Labor 100 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-02 08:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice discount 1 --amount 20 --desc "Goodwill" >/dev/null &&
	figures 1 >got &&
	echo "180.00 7.43 187.43" >expect &&
	test_cmp expect got &&
	fixbill invoice show 1 | grep "Tax 8.25% on 90.00 *7.43" &&
	fixbill invoice show 1 | grep "Goodwill *1 *-20.00 *-20.00"
'

test_expect_success 'job charge --discount: a negative line on the job, before tax' '
	shop && job190 1 &&
	fixbill job charge 1 --discount "Loyal customer" 19 >out &&
	echo "charge 3" >expect &&
	test_cmp expect out &&
	fixbill invoice create --client acme >/dev/null &&
	figures 1 >got &&
	echo "171.00 14.11 185.11" >expect &&
	test_cmp expect got &&
	fixbill --json invoice show 1 | jq -r ".lines[2] | [.job, .kind, .amount] | join(\" \")" >got &&
	echo "1 discount -19.00" >expect &&
	test_cmp expect got &&
	test_fails_cleanly 2 "fixbill: error: invalid discount '\''0'\'': must be more than zero" \
		fixbill job charge 1 --discount x 0 &&
	test_fails_cleanly 2 "fixbill: error: missing AMOUNT for '\''job charge --discount'\''" \
		fixbill job charge 1 --discount x
'

test_expect_success 'a total below zero is refused (exit 4), changing nothing' '
	shop && job190 1 &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot price draft 1: its total would be -10.83, below zero" \
		fixbill invoice discount 1 --amount 200 &&
	test_fails_cleanly 4 "fixbill: error: cannot price draft 1: its total would be -108.25, below zero" \
		fixbill invoice line add 1 --desc Refund --amount -290 &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Free" >/dev/null &&
	fixbill job charge 2 --discount "Too much" 500 >/dev/null &&
	fixbill job resolve 2 --at "2026-10-02 08:00" >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot price draft 1: its total would be -335.58, below zero" \
		fixbill invoice refresh 1
'

test_expect_success 'line add and rm: added lines stay through refresh; work lines cannot be removed' '
	shop && job190 1 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice line add 1 --desc "Rack screws" --qty 2.5 --price 4 >out &&
	echo "line 3" >expect &&
	test_cmp expect out &&
	fixbill invoice line add 1 --desc "Disposal" --amount 25 >out &&
	echo "line 4" >expect &&
	test_cmp expect out &&
	fixbill invoice refresh 1 >/dev/null &&
	fixbill --json invoice show 1 | jq -r ".lines[] | [.line, .description, .amount, .added] | join(\"|\")" >got &&
	cat >expect <<-\EOF &&
	1|Move the rack|150.00|false
	2|Cabling|40.00|false
	3|Rack screws|10.00|true
	4|Disposal|25.00|true
	EOF
	test_cmp expect got &&
	fixbill invoice line rm 1 3 >/dev/null &&
	figures 1 >got &&
	echo "215.00 17.74 232.74" >expect &&
	test_cmp expect got &&
	test_fails_cleanly 4 "fixbill: error: cannot remove line 1 of draft 1: it bills job 1'\''s work" \
		fixbill invoice line rm 1 1 &&
	test_fails_cleanly 3 "fixbill: error: unknown line 9 of draft 1" \
		fixbill invoice line rm 1 9 &&
	test_fails_cleanly 2 "fixbill: error: '\''invoice line add'\'' needs '\''--amount'\'' or both '\''--qty'\'' and '\''--price'\''" \
		fixbill invoice line add 1 --desc x --qty 2 &&
	test_fails_cleanly 2 "fixbill: error: '\''invoice line add'\'' needs '\''--desc'\''" \
		fixbill invoice line add 1 --amount 5 &&
	test_fails_cleanly 2 "fixbill: error: invalid action '\''move'\'' for '\''invoice line'\'': want add or rm" \
		fixbill invoice line move 1 &&
	test_fails_cleanly 2 "fixbill: error: invalid line number '\''x'\''" \
		fixbill invoice line rm 1 x
'

test_expect_success 'release --job: the work is billable again and refresh does not take it back' '
	shop && job1 && job190 2 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice release 1 --job 1 >out &&
	echo "draft 1" >expect &&
	test_cmp expect out &&
	fixbill invoice refresh 1 >/dev/null &&
	fixbill --json invoice show 1 | jq -r "[.lines[].job] | unique | map(tostring) | join(\" \")" >got &&
	echo "2" >expect &&
	test_cmp expect got &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE job_id = 1 AND invoice_id IS NULL")" = 3 &&
	test_fails_cleanly 4 "fixbill: error: cannot release job 1 from draft 1: the draft holds none of its work" \
		fixbill invoice release 1 --job 1 &&
	fixbill invoice discard 1 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 2 | jq -r "[.lines[].job] | unique | map(tostring) | join(\" \")" >got &&
	echo "1 2" >expect &&
	test_cmp expect got
'

test_expect_success 'edit: reference, note, terms and date, kept by refresh; issued is refused' '
	shop && job190 1 &&
	fixbill invoice create --client acme --ref "Ticket 1" >/dev/null &&
	fixbill invoice edit 1 --ref "Ticket 2" --note "Second floor\nRoom 4" --terms 14 \
		--date 2026-10-20 >/dev/null &&
	fixbill invoice refresh 1 >/dev/null &&
	fixbill --json invoice show 1 | jq -r "[.ref, .note, .terms, .issue_date] | map(tostring) | join(\"|\")" >got &&
	printf "Ticket 2|Second floor\\\\nRoom 4|14|2026-10-20\n" >expect &&
	test_cmp expect got &&
	fixbill invoice edit 1 --ref "" >/dev/null &&
	fixbill --json invoice show 1 | jq -r ".ref" >got &&
	echo null >expect &&
	test_cmp expect got &&
	FIXBILL_NOW=2026-10-20T12:00:00 fixbill invoice issue 1 >/dev/null &&
	fixbill --json invoice show INV-2026-00001 | jq -r "[.issue_date, .due_date] | join(\" \")" >got &&
	echo "2026-10-20 2026-11-03" >expect &&
	test_cmp expect got &&
	test_fails_cleanly 4 "fixbill: error: cannot edit '\''INV-2026-00001'\'': it is issued" \
		fixbill invoice edit INV-2026-00001 --ref x &&
	test_fails_cleanly 4 "fixbill: error: cannot discount '\''INV-2026-00001'\'': it is issued" \
		fixbill invoice discount INV-2026-00001 --percent 5 &&
	test_fails_cleanly 4 "fixbill: error: cannot change the lines of '\''INV-2026-00001'\'': it is issued" \
		fixbill invoice line add INV-2026-00001 --desc x --amount 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot release work from '\''INV-2026-00001'\'': it is issued" \
		fixbill invoice release INV-2026-00001 --job 1 &&
	test_fails_cleanly 2 "fixbill: error: nothing to change for '\''invoice edit'\''" \
		fixbill invoice edit INV-2026-00001 &&
	test_fails_cleanly 2 "fixbill: error: invalid terms '\''x'\'': want a number from 0 to 3650" \
		fixbill invoice edit INV-2026-00001 --terms x &&
	test_fails_cleanly 2 "fixbill: error: options '\''--percent'\'' and '\''--amount'\'' cannot be combined" \
		fixbill invoice discount INV-2026-00001 --percent 5 --amount 5 &&
	test_fails_cleanly 2 "fixbill: error: options '\''--flat'\'' and '\''--discount'\'' cannot be combined" \
		fixbill job charge 1 --flat x --discount y 5 &&
	test_fails_cleanly 2 "fixbill: error: invalid percentage '\''0'\'': want more than 0 and at most 100" \
		fixbill invoice discount INV-2026-00001 --percent 0 &&
	test_fails_cleanly 2 "fixbill: error: '\''invoice discount'\'' needs one of '\''--percent'\'' or '\''--amount'\''" \
		fixbill invoice discount INV-2026-00001 &&
	test_fails_cleanly 3 "fixbill: error: unknown invoice '\''9'\''" \
		fixbill invoice edit 9 --ref x
'

test_expect_success 'an issued invoice keeps its payment text and footer; a credit note explains itself' '
	shop && job190 1 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill config set invoice.payment "Pay by cheque" &&
	fixbill config set invoice.footer "New footer" &&
	fixbill invoice show INV-2026-00001 >inv.txt &&
	grep "IBAN: US00" inv.txt &&
	grep "^Thank you for your business$" inv.txt &&
	! grep "cheque" inv.txt &&
	fixbill invoice pay INV-2026-00001 40 >/dev/null &&
	fixbill invoice void INV-2026-00001 --reason "wrong client" >/dev/null &&
	fixbill invoice export CN-2026-00001 --format pdf -o cn.pdf &&
	pdftotext cn.pdf - 2>/dev/null | tr "\n" " " >cn.txt &&
	grep "cancels invoice INV-2026-00001" cn.txt &&
	grep "Reason: wrong client" cn.txt &&
	grep "Payments of 40.00 moved to account credit." cn.txt &&
	grep "Job 1: Office move" cn.txt
'

test_expect_success 'logo: a PNG top left in the PDF and in the XLSX; other files refused' '
	shop && job190 1 &&
	fixbill config set company.logo "$TEST_ROOT/share/demo/logo.png" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice export 1 --format pdf -o logo.pdf &&
	pdfimages -list logo.pdf >images &&
	grep " 160 *48 " images &&
	fixbill invoice export 1 --format xlsx -o logo.xlsx &&
	unzip -l logo.xlsx | grep "xl/media/image1.png" &&
	echo "not an image" >bad.png &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''company.logo'\'': invalid logo '\''bad.png'\'': not a PNG or JPEG image" \
		fixbill config set company.logo bad.png
'

test_expect_success 'a long invoice runs over several pages, headings and footer on each' '
	shop &&
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 \
		 21 22 23 24 25 26 27 28 29 30; do
		fixbill job open --client acme --po "4711-$n" --at "2026-10-01 08:00" "Workstation $n" >/dev/null &&
		fixbill time add $n --start "2026-10-05 09:00" --end "2026-10-05 09:45" --tech kim \
			--allow-overlap >/dev/null &&
		fixbill job charge $n --part "Cable $n" --qty 1 --price 5 >/dev/null &&
		fixbill job resolve $n --at "2026-10-06 08:00" >/dev/null || return 1
	done &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice export 1 --format pdf -o long.pdf &&
	pages=$(pdfinfo long.pdf | sed -n "s/^Pages: *//p") &&
	test "$pages" -ge 3 &&
	pdftotext long.pdf - 2>/dev/null >long.txt &&
	grep "Page 1 of $pages" long.txt &&
	grep "Page $pages of $pages" long.txt &&
	test "$(grep -c "Thank you for your business" long.txt)" = "$pages" &&
	test "$(grep -c "^Job [0-9]*: Workstation" long.txt)" = 30 &&
	grep "PO 4711-30" long.txt &&
	grep "USD 2,598.00" long.txt
'

test_expect_success 'completion offers the new verbs and actions' '
	fixbill __complete invoice "" >verbs &&
	for v in line release discount edit; do
		grep -x "$v" verbs || return 1
	done &&
	fixbill __complete invoice line "" >actions &&
	grep -x add actions &&
	grep -x rm actions
'

test_done
