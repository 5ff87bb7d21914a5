#!/bin/sh
# Invoices and statements for a client whose name and address are
# Japanese, drawn in a TrueType CJK font set by invoice.font (Debian's
# IPA Gothic, listed in share/deps test): pdftotext reads every
# character back and pdffonts shows the font embedded.
. "$(dirname "$0")/../lib.sh"

ipa=/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf

nihon() {
	fixbill config set billing.rate 100 &&
	fixbill config set company.name "Fix Shop" &&
	fixbill config set invoice.font "$ipa" &&
	fixbill client add nihon --name "日本商事株式会社" \
		--address "東京都千代田区丸の内1-1\n〒100-0005" >/dev/null &&
	fixbill tech add kim --name "Kim Lee" >/dev/null &&
	fixbill job open --client nihon --at "2026-10-01 08:00" "プリンター修理" >/dev/null &&
	fixbill time add 1 --start "2026-10-01 09:00" --end "2026-10-01 10:30" --tech kim \
		--note "トナー交換" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-01 10:30" >/dev/null &&
	fixbill invoice create --client nihon >/dev/null &&
	fixbill invoice issue 1 --date 2026-10-02 >/dev/null
}

test_expect_success 'a Japanese client in IPA Gothic: every character read back, the font embedded' '
	nihon &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	pdftotext inv.pdf inv.txt &&
	grep "日本商事株式会社" inv.txt &&
	grep "東京都千代田区丸の内1-1" inv.txt &&
	grep "〒100-0005" inv.txt &&
	grep "プリンター修理" inv.txt &&
	pdffonts inv.pdf >fonts &&
	grep "IPAGothic" fonts &&
	# Every font the page uses is embedded: column "emb" is "yes".
	awk "NR > 2 && \$(NF-4) != \"yes\" { bad = 1 } END { exit bad }" fonts
'

test_expect_success 'the statement PDF draws the same names in the same font' '
	nihon &&
	fixbill client statement nihon --format pdf -o st.pdf &&
	pdftotext st.pdf - >st.txt &&
	grep "日本商事株式会社" st.txt &&
	pdffonts st.pdf | grep "IPAGothic.*yes"
'

test_expect_success 'without the setting the default font refuses the name, naming the character' '
	nihon &&
	fixbill config unset invoice.font &&
	test_fails_cleanly 1 "fixbill: error: cannot export '\''INV-2026-00001'\'': no glyph for U+65E5 in DejaVu Sans: set invoice.font" \
		fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	test ! -e inv.pdf
'

test_done
