#!/bin/sh
# The embedded font's encoding: a document whose every text is in
# Windows-1252 embeds DejaVu Sans as a simple TrueType font with
# WinAnsiEncoding; one with any other character (Łódź, Москва, Ωmega) as
# a Unicode CID font.  Either way pdffonts shows it embedded and subset,
# and pdftotext reads every text back exactly.
. "$(dirname "$0")/../lib.sh"

latin() {
	pdf_bill "$1" "$2" "Société Müller" "Besançon" "Réparation – “urgent” … Œuvre™"
}

# font_row PDF: pdffonts' one font row, its columns from the type on.
font_row() {
	pdffonts "$1" >fonts &&
	test "$(awk "NR > 2" fonts | wc -l)" = 1 &&
	awk "NR == 3 { \$1 = \"\"; print substr(\$0, 2) }" fonts
}

simple() {
	font_row "$1" >row &&
	echo "TrueType WinAnsi yes yes no 4 0" >expect &&
	test_cmp expect row &&
	grep "^HPDFAA+DejaVuSans" fonts
}

cid() {
	font_row "$1" >row &&
	echo "CID TrueType Identity-H yes yes yes 4 0" >expect &&
	test_cmp expect row
}

test_expect_success 'a Latin invoice: a simple TrueType font, read back exactly' '
	pdf_shop && latin 1 acme &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	simple inv.pdf &&
	pdftotext inv.pdf inv.txt &&
	grep -x "Société Müller" inv.txt &&
	grep -x "Besançon" inv.txt &&
	grep -x "Job 1: Réparation – “urgent” … Œuvre™" inv.txt &&
	grep "Kim Lee · PO 4711" inv.txt &&
	grep "Labor, after hours ×1.5" inv.txt &&
	grep -x "Forfait « déplacement » 50 €" inv.txt &&
	grep "EUR 237.50" inv.txt
'

test_expect_success 'Polish and Russian beside Latin: the CID font for them alone' '
	pdf_shop && latin 1 acme &&
	pdf_bill 2 lodz "Łódź Serwis" "Москва" "Réparation – “urgent”" &&
	fixbill invoice export INV-2026-00002 --format pdf -o inv.pdf &&
	cid inv.pdf &&
	pdftotext inv.pdf inv.txt &&
	grep -x "Łódź Serwis" inv.txt &&
	grep -x "Москва" inv.txt &&
	grep -x "Job 2: Réparation – “urgent”" inv.txt &&
	grep -x "Forfait « déplacement » 50 €" inv.txt &&
	fixbill invoice export INV-2026-00001 --format pdf -o latin.pdf &&
	simple latin.pdf
'

test_expect_success 'one character outside Windows-1252, in a job title, takes the CID font' '
	pdf_shop && latin 1 acme &&
	pdf_bill 2 omega "Société Müller" "Besançon" "Ωmega server" &&
	fixbill invoice export INV-2026-00002 --format pdf -o inv.pdf &&
	cid inv.pdf &&
	pdftotext inv.pdf inv.txt &&
	grep -x "Job 2: Ωmega server" inv.txt &&
	grep -x "Société Müller" inv.txt &&
	fixbill invoice export INV-2026-00001 --format pdf -o latin.pdf &&
	simple latin.pdf
'

test_expect_success 'statements: Latin in the simple font, Cyrillic in the CID font' '
	pdf_shop && latin 1 acme &&
	fixbill client statement acme --format pdf -o st.pdf &&
	simple st.pdf &&
	pdftotext st.pdf st.txt &&
	grep -x "Société Müller" st.txt &&
	grep -x "Besançon" st.txt &&
	grep "INV-2026-00001" st.txt &&
	fixbill client add moskva --name "ООО Ремонт" --address "Москва" >/dev/null &&
	fixbill client statement moskva --format pdf -o ru.pdf &&
	cid ru.pdf &&
	pdftotext ru.pdf ru.txt &&
	grep -x "ООО Ремонт" ru.txt &&
	grep -x "Москва" ru.txt
'

# The same documents from one run: the font file is read once per
# process, but what each document draws (its encoding, its glyphs) is its
# own.  Each PDF of the run is the very file the invoice exports alone.
test_expect_success 'a run of Latin, Cyrillic and Latin invoices: each as if alone' '
	pdf_shop &&
	for c in "1 a-latin Société Müller Besançon" "2 b-cyr ООО Ромашка Москва" \
		 "3 c-latin Fix Kunde Köln"; do
		set -- $c &&
		fixbill client add "$2" --name "$3 $4" --address "$5" >/dev/null &&
		fixbill job open --client "$2" --at "2026-10-01 08:00" "Job of $2" >/dev/null &&
		fixbill time add "$1" --start "2026-10-0$((5 + $1)) 09:00" \
			--end "2026-10-0$((5 + $1)) 10:00" --tech kim >/dev/null &&
		fixbill job resolve "$1" --at "2026-10-09 11:00" >/dev/null || return 1
	done &&
	mkdir run &&
	fixbill invoice run --period 2026-10 --issue --export run --formats pdf >out &&
	ls run >files &&
	printf "%s\n" INV-2026-00001.pdf INV-2026-00002.pdf INV-2026-00003.pdf >expect &&
	test_cmp expect files &&
	simple run/INV-2026-00001.pdf &&
	cid run/INV-2026-00002.pdf &&
	simple run/INV-2026-00003.pdf &&
	pdftotext run/INV-2026-00002.pdf ru.txt &&
	grep -x "ООО Ромашка" ru.txt &&
	grep -x "Москва" ru.txt &&
	pdftotext run/INV-2026-00003.pdf de.txt &&
	grep -x "Fix Kunde" de.txt &&
	! grep "Ромашка\|Москва\|Société" de.txt &&
	for n in 1 2 3; do
		fixbill invoice export INV-2026-0000$n --format pdf -o alone.pdf &&
		cmp alone.pdf run/INV-2026-0000$n.pdf || return 1
	done
'

test_done
