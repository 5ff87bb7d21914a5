#!/bin/sh
# The embedded font is cut down to the glyphs the document draws: a
# one-page invoice or statement, simple or CID font, DejaVu Sans or IPA
# Gothic, embeds a font program of a few dozen glyphs instead of the
# whole file, and pdftotext still reads every text back exactly.
. "$(dirname "$0")/../lib.sh"

PYTHON=${PYTHON:-python3}
ipa=/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf

# font PDF TEXT: the PDF's one embedded font program (FontFile2) read
# with qpdf; prints its number of glyphs, and each character of the
# file TEXT (but white space) that the font's Unicode map lacks.
font() {
	qpdf --qdf --object-streams=disable "$1" qdf.pdf &&
	n=$(grep -a -o "/FontFile2 [0-9]* 0 R" qdf.pdf | awk "{ print \$2 }") &&
	test "$(echo "$n" | wc -l)" = 1 &&
	qpdf --show-object="$n" --filtered-stream-data qdf.pdf >font.ttf &&
	"$PYTHON" - font.ttf "$2" <<-\EOF
	import struct, sys
	d = open(sys.argv[1], "rb").read()
	u16 = lambda o: struct.unpack(">H", d[o:o + 2])[0]
	u32 = lambda o: struct.unpack(">I", d[o:o + 4])[0]
	t = {d[12 + 16 * i:16 + 16 * i]: u32(20 + 16 * i) for i in range(u16(4))}
	print("glyphs", u16(t[b"maxp"] + 4))
	c = t[b"cmap"]
	sub = [c + u32(c + 8 + 8 * i) for i in range(u16(c + 2))
	       if (u16(c + 4 + 8 * i), u16(c + 6 + 8 * i)) == (3, 1)][0]
	seg = u16(sub + 6) // 2
	def glyph(cp):
	    for i in range(seg):
	        end = u16(sub + 14 + 2 * i)
	        start = u16(sub + 16 + 2 * seg + 2 * i)
	        if start <= cp <= end:
	            delta = u16(sub + 16 + 4 * seg + 2 * i)
	            assert u16(sub + 16 + 6 * seg + 2 * i) == 0
	            return (cp + delta) & 0xffff
	    return 0
	for ch in sorted(set(open(sys.argv[2], encoding="utf-8").read())):
	    if not ch.isspace() and glyph(ord(ch)) == 0:
	        print("missing", ch)
	EOF
}

# small PDF TEXT MAX: the font has fewer than MAX glyphs, and all of TEXT.
small() {
	font "$1" "$2" >info &&
	cat info &&
	! grep missing info &&
	test "$(awk "/^glyphs/ { print \$2 }" info)" -lt "$3"
}

test_expect_success 'a Latin invoice: a few glyphs in the simple font, text exact' '
	pdf_shop &&
	pdf_bill 1 acme "Société Müller" "Besançon" "Réparation – “urgent” … Œuvre™" &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	test "$(wc -c <inv.pdf)" -lt 40000 &&
	pdffonts inv.pdf >fonts &&
	grep "TrueType *WinAnsi *yes yes" fonts &&
	pdftotext inv.pdf inv.txt &&
	grep -x "Société Müller" inv.txt &&
	grep -x "Job 1: Réparation – “urgent” … Œuvre™" inv.txt &&
	grep -x "Forfait « déplacement » 50 €" inv.txt &&
	grep "EUR 237.50" inv.txt &&
	small inv.pdf inv.txt 120
'

test_expect_success 'a Cyrillic invoice: a few glyphs in the CID font, text exact' '
	pdf_shop &&
	pdf_bill 1 ivan "ООО Ромашка" "Москва" "Ремонт принтера" &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	test "$(wc -c <inv.pdf)" -lt 40000 &&
	pdffonts inv.pdf >fonts &&
	grep "CID TrueType *Identity-H *yes yes" fonts &&
	pdftotext inv.pdf inv.txt &&
	grep -x "ООО Ромашка" inv.txt &&
	grep -x "Москва" inv.txt &&
	grep -x "Job 1: Ремонт принтера" inv.txt &&
	small inv.pdf inv.txt 120
'

test_expect_success 'a statement and a Japanese invoice in IPA Gothic are subset too' '
	pdf_shop &&
	pdf_bill 1 acme "Société Müller" "Besançon" "Réparation" &&
	fixbill client statement acme --format pdf -o st.pdf &&
	pdftotext st.pdf st.txt &&
	grep -x "Société Müller" st.txt &&
	small st.pdf st.txt 120 &&
	fixbill config set invoice.font "$ipa" &&
	pdf_bill 2 nihon "日本商事株式会社" "東京都千代田区丸の内1-1" "プリンター修理" &&
	fixbill invoice export INV-2026-00002 --format pdf -o ja.pdf &&
	test "$(wc -c <ja.pdf)" -lt 40000 &&
	pdftotext ja.pdf ja.txt &&
	grep -x "日本商事株式会社" ja.txt &&
	grep -x "東京都千代田区丸の内1-1" ja.txt &&
	grep -x "Job 2: プリンター修理" ja.txt &&
	small ja.pdf ja.txt 150
'

test_done
