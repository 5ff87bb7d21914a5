#!/bin/sh
# E-invoices (SPEC section 13): Factur-X, CII and UBL checked by the
# official XML Schemas and EN 16931 rules (tests/einvoice/validate, a
# copy of the shared test data: Java and Saxon, a few seconds a file, so
# each scenario's files are validated once, together), and a test per
# required item that leaving it out is refused naming its business term.
. "$(dirname "$0")/../lib.sh"

VALIDATE="$TEST_ROOT/tests/einvoice/validate"

# A German seller with everything an e-invoice can carry, and a tax code
# of each VAT category.
shop() {
	fixbill tech add tech >/dev/null &&
	fixbill config set company.name "Fixit Berlin GmbH" &&
	fixbill config set company.street "Hauptstraße 1" &&
	fixbill config set company.city Berlin &&
	fixbill config set company.postcode 10115 &&
	fixbill config set company.country DE &&
	fixbill config set company.vat_id DE123456789 &&
	fixbill config set company.legal_id "HRB 12345 B" &&
	fixbill config set company.email billing@fixit.example &&
	fixbill config set company.phone "+49 30 1234567" &&
	fixbill config set company.iban "DE89 3704 0044 0532 0130 00" &&
	fixbill config set company.bic COBADEFFXXX &&
	fixbill config set currency EUR &&
	fixbill config set billing.rate 100 &&
	fixbill tax add VAT19 --rate 19 --name "VAT" >/dev/null &&
	fixbill tax add VAT7 --rate 7 --name "Reduced VAT" >/dev/null &&
	fixbill tax add ZERO --rate 0 --category Z --name "Zero rated" >/dev/null &&
	fixbill tax add RC --rate 0 --category AE --name "Reverse charge" >/dev/null &&
	fixbill tax add IC --rate 0 --category K --name "Intra-community supply" >/dev/null &&
	fixbill tax add EXPORT --rate 0 --category G --name "Export" >/dev/null &&
	fixbill tax add EXEMPT --rate 0 --category E --name "Exempt: medical" >/dev/null &&
	fixbill tax add OUT --rate 0 --category O --name "Not subject to VAT" >/dev/null &&
	fixbill config set tax.labor VAT19 &&
	fixbill config set tax.parts VAT7 &&
	fixbill config set tax.other VAT19
}

# A client, its job of labor (1h30m), a part and a trip, resolved; each
# client's on a day of its own (the 5th, 6th...).
client() {
	code=$1
	shift
	fixbill client add "$code" "$@" >/dev/null &&
	day=$((day + 1)) &&
	d=$(printf "2026-10-%02d" "$day") &&
	fixbill job open --client "$code" --po "PO-$code" --at "$d 08:00" "Server down" \
		>job.out &&
	job=$(sed "s/job //" job.out) &&
	fixbill time add "$job" --start "$d 09:00" --end "$d 10:30" >/dev/null &&
	fixbill job charge "$job" --part "SSD 1TB" --qty 2 --cost 60 --markup 25 >/dev/null &&
	fixbill job charge "$job" --trip 35 >/dev/null &&
	fixbill job resolve "$job" --at "$d 11:00" >/dev/null
}
day=4

de_client() {
	client acme --name "Acme Dental GmbH" --email ap@acme.example \
		--street "Zahnweg 5" --city München --postcode 80331 --country DE \
		--vat-id DE987654321 --buyer-ref 04011000-12345-34
}

# eu_client CODE TAX: a client in Austria whose work is taxed by TAX.
eu_client() {
	client "$1" --name "Client $1 GmbH" --email "ap@$1.example" --street "Ring 1" \
		--city Wien --postcode 1010 --country AT --vat-id ATU12345678 --tax "$2"
}

# pdfa_check PDF JSON XMP: what of PDF/A-3 a script can check, read from
# qpdf's JSON of PDF and its XMP: the header's binary comment, a file
# identifier, no encryption, an uncompressed XMP stream, an information
# dictionary that says what the XMP says, every font descriptor with its
# font program, the embedded file with its MIME type and date.
pdfa_check() {
	"$PYTHON" - "$@" <<'EOF'
import json, sys, xml.etree.ElementTree as ET
pdf, js, xmp = sys.argv[1:]
second = open(pdf, "rb").read(64).split(b"\n")[1]
assert second[:1] == b"%" and all(c > 127 for c in second[1:5]), "no binary comment"
objs = json.load(open(js))["qpdf"][1]
tr = objs["trailer"]["value"]
cat = objs["obj:" + tr["/Root"]]["value"]
info = objs["obj:" + tr["/Info"]]["value"]
assert "/Encrypt" not in tr and len(tr["/ID"]) == 2, "encrypted or no /ID"
assert "/Filter" not in objs["obj:" + cat["/Metadata"]]["stream"]["dict"], "XMP filtered"
ns = {"dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmp": "http://ns.adobe.com/xap/1.0/",
      "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
x = ET.parse(xmp)
for key, path in (("/Title", "dc:title/rdf:Alt/rdf:li"), ("/Producer", "pdf:Producer"),
                  ("/Creator", "xmp:CreatorTool")):
    assert info[key] == "u:" + x.find(".//" + path, ns).text, key + " differs from the XMP"
fonts = files = 0
for k, o in objs.items():
    v = o.get("value")
    if isinstance(v, dict) and v.get("/Type") == "/FontDescriptor":
        fonts += 1
        assert any(f in v for f in ("/FontFile", "/FontFile2", "/FontFile3")), k
    s = o.get("stream", {}).get("dict", {})
    if s.get("/Type") == "/EmbeddedFile":
        files += 1
        assert s["/Subtype"] == "/text/xml" and "/ModDate" in s["/Params"], k
assert fonts >= 1 and files == 1, "fonts or files missing"
EOF
}

# Every kind of invoice is exported, then each syntax's files are
# validated together: one start of Java for all of them.
test_expect_success 'several rates, a discount, parts, labor, each VAT category and a credit note pass the rules' '
	shop && de_client &&
	client zr --name "Export Zero Ltd" --email ap@zero.example --street "1 Quay" \
		--city Dublin --postcode D01 --country IE --vat-id IE1234567T --tax ZERO \
		--buyer-ref ZR-1 &&
	client ae --name "Société Réverse SARL" --email ap@reverse.example \
		--street "2 rue de la Paix" --city Paris --postcode 75002 --country FR \
		--vat-id FR12345678901 --tax RC &&
	eu_client ic IC && eu_client ex EXPORT && eu_client med EXEMPT && eu_client out OUT &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice discount 1 --percent 10 >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice pay INV-2026-00001 100 >/dev/null &&
	n=1 &&
	for c in zr ae ic ex med out; do
		n=$((n + 1)) &&
		fixbill invoice create --client $c >/dev/null &&
		if test $c = ae; then fixbill invoice discount $n --amount 20 >/dev/null; fi &&
		fixbill invoice issue $n >/dev/null &&
		fixbill invoice export INV-2026-0000$n --format cii -o $c.cii.xml &&
		fixbill invoice export INV-2026-0000$n --format ubl -o $c.ubl.xml || exit 1
	done &&
	fixbill invoice export INV-2026-00001 --format facturx -o inv.pdf &&
	fixbill invoice export INV-2026-00001 --format cii -o inv.cii.xml &&
	fixbill invoice export INV-2026-00001 --format ubl -o inv.ubl.xml &&
	fixbill invoice export INV-2026-00002 --format cii --profile xrechnung -o zr.xr.cii.xml &&
	fixbill invoice export INV-2026-00002 --format ubl --profile xrechnung -o zr.xr.ubl.xml &&
	fixbill invoice void INV-2026-00001 --reason "wrong rates" >/dev/null &&
	fixbill invoice export CN-2026-00001 --format cii -o cn.cii.xml &&
	fixbill invoice export CN-2026-00001 --format ubl -o cn.ubl.xml &&
	pdfdetach -savefile factur-x.xml -o embedded.xml inv.pdf &&
	cmp embedded.xml inv.cii.xml &&
	# The Factur-X rules know one specification id, their own: the
	# XRechnung one is the only thing they find wrong.
	test_expect_code 1 "$VALIDATE" cii embedded.xml cn.cii.xml zr.cii.xml ae.cii.xml \
		ic.cii.xml ex.cii.xml med.cii.xml out.cii.xml zr.xr.cii.xml >ok 2>err &&
	echo "zr.xr.cii.xml: FX-SCH-A-000026: Value of '"'"'ram:ID'"'"' is not allowed." >expect &&
	test_cmp expect err &&
	test "$(grep -c "^ok: .* passes the cii schema and the EN 16931 rules$" ok)" = 8 &&
	"$VALIDATE" ubl inv.ubl.xml cn.ubl.xml zr.ubl.xml ae.ubl.xml ic.ubl.xml ex.ubl.xml \
		med.ubl.xml out.ubl.xml zr.xr.ubl.xml >ok &&
	test "$(grep -c "^ok: .* passes the ubl schema and the EN 16931 rules$" ok)" = 9 &&
	# Labor in hours, parts in pieces, two VAT rates, the discount in each.
	grep -c "unitCode=\"HUR\">1.5<" inv.cii.xml >n && test "$(cat n)" = 1 &&
	grep -c "unitCode=\"C62\">2<" inv.cii.xml >n && test "$(cat n)" = 1 &&
	grep -c "<ram:SpecifiedTradeAllowanceCharge>" inv.cii.xml >n && test "$(cat n)" = 2 &&
	grep -c "<cac:TaxSubtotal>" inv.ubl.xml >n && test "$(cat n)" = 2 &&
	grep "<ram:TotalPrepaidAmount>100.00<" inv.cii.xml &&
	grep "<cbc:PrepaidAmount currencyID=\"EUR\">100.00<" inv.ubl.xml &&
	grep "<ram:IBANID>DE89370400440532013000<" inv.cii.xml &&
	grep "<ram:BuyerReference>04011000-12345-34<" inv.cii.xml &&
	grep -A1 "<ram:SpecifiedLegalOrganization>" inv.cii.xml | grep "<ram:ID>HRB 12345 B<" &&
	grep "<cbc:CompanyID>HRB 12345 B<" inv.ubl.xml &&
	# The credit note: 381, positive amounts, the invoice it cancels.
	grep "<ram:TypeCode>381<" cn.cii.xml &&
	grep -A1 "<ram:InvoiceReferencedDocument>" cn.cii.xml | grep INV-2026-00001 &&
	grep "<CreditNote " cn.ubl.xml &&
	grep -A1 "<cac:InvoiceDocumentReference>" cn.ubl.xml | grep INV-2026-00001 &&
	! grep ">-[0-9]" cn.cii.xml cn.ubl.xml &&
	# XRechnung names its specification; each category its code and reason.
	grep "<ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0<" \
		zr.xr.cii.xml &&
	grep "<cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0<" \
		zr.xr.ubl.xml &&
	grep "<ram:CategoryCode>Z<" zr.cii.xml &&
	grep "<ram:CategoryCode>AE<" ae.cii.xml &&
	grep "<ram:ExemptionReasonCode>VATEX-EU-AE<" ae.cii.xml &&
	grep "<ram:ExemptionReason>Reverse charge<" ae.cii.xml &&
	grep "<cbc:CompanyID>FR12345678901<" ae.ubl.xml &&
	grep "<ram:ExemptionReasonCode>VATEX-EU-IC<" ic.cii.xml &&
	grep "<ram:ExemptionReasonCode>VATEX-EU-G<" ex.cii.xml &&
	grep "<ram:ExemptionReason>Exempt: medical<" med.cii.xml &&
	# Not subject to VAT: no VAT identifier at all, the seller named by
	# its legal registration.
	grep "<ram:CategoryCode>O<" out.cii.xml &&
	! grep "DE123456789\|ATU12345678" out.cii.xml out.ubl.xml &&
	grep "<cbc:CompanyID>HRB 12345 B<" out.ubl.xml
'

test_expect_success 'the Factur-X file is a sound PDF/A-3 with the PDF invoice in it' '
	shop && de_client &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice export INV-2026-00001 --format facturx -o inv.pdf &&
	fixbill invoice export INV-2026-00001 --format pdf -o plain.pdf &&
	qpdf --check inv.pdf &&
	pdfdetach -list inv.pdf >list &&
	grep "factur-x.xml" list &&
	# The same page as --format pdf, its text read back the same.
	pdftotext inv.pdf inv.txt && pdftotext plain.pdf plain.txt &&
	test_cmp plain.txt inv.txt &&
	grep "Acme Dental GmbH" inv.txt &&
	# XMP: PDF/A-3 B and the Factur-X schema, described and used.
	pdfinfo -meta inv.pdf >xmp &&
	xmllint --noout xmp &&
	grep "<pdfaid:part>3</pdfaid:part>" xmp &&
	grep "<pdfaid:conformance>B</pdfaid:conformance>" xmp &&
	grep "<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#<" xmp &&
	grep "<fx:DocumentType>INVOICE</fx:DocumentType>" xmp &&
	grep "<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>" xmp &&
	grep "<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>" xmp &&
	# The catalog: the attachment as Data, an sRGB output intent.
	qpdf --json inv.pdf >json &&
	grep "\"/AFRelationship\": \"/Data\"" json &&
	grep "\"/S\": \"/GTS_PDFA1\"" json &&
	grep "\"/OutputConditionIdentifier\": \"u:sRGB IEC61966-2.1\"" json &&
	grep "\"/AF\": \\[" json &&
	pdfa_check inv.pdf json xmp &&
	# Every font embedded.
	pdffonts inv.pdf >fonts &&
	test "$(awk "NR > 2" fonts | wc -l)" -ge 1 &&
	test "$(awk "NR > 2 && \$(NF - 4) != \"yes\"" fonts | wc -l)" = 0 &&
	# The Unicode font even for Latin text: the PDF/A update maps its codes.
	grep "CID TrueType" fonts &&
	pdffonts plain.pdf | grep "TrueType *WinAnsi" &&
	# Exporting again gives the same bytes.
	fixbill invoice export INV-2026-00001 --format facturx -o again.pdf &&
	cmp inv.pdf again.pdf
'

# expect_missing ITEMS [SETUP...]: with SETUP run after a complete shop
# and client, the invoice's export in FORMAT ($format, default cii, with
# $profile) is refused naming exactly ITEMS (one a line).
expect_missing() {
	items=$1
	shift
	n=$((n + 1))
	count=$(printf "%s\n" "$items" | wc -l)
	if test "$count" = 1; then what="1 item it needs is"; else what="$count items it needs are"; fi
	mkdir "m$n" &&
	(
		cd "m$n" && FIXBILL_DB=$PWD/fixbill.db &&
		shop && de_client &&
		fixbill config set company.tax_id "" &&
		"$@" &&
		fixbill invoice create --client acme >/dev/null &&
		fixbill invoice issue 1 >/dev/null &&
		test_fails_cleanly 4 "fixbill: error: cannot export 'INV-2026-00001' as ${format:-cii}: $what missing
$(printf "%s\n" "$items" | sed "s/^/missing /")" \
			fixbill invoice export INV-2026-00001 --format "${format:-cii}" \
			${profile:+--profile "$profile"} -o out.xml &&
		! test -e out.xml
	)
}
n=0

test_expect_success 'each required item left out is refused, named by its business term' '
	expect_missing "BT-27 seller name: fixbill config set company.name NAME" \
		fixbill config unset company.name &&
	expect_missing "BT-40 seller country code: fixbill config set company.country DE" \
		fixbill config unset company.country &&
	expect_missing "BT-31 seller VAT identifier: fixbill config set company.vat_id DE123456789" \
		fixbill config unset company.vat_id &&
	expect_missing "BT-55 buyer country code: fixbill client edit acme --country DE" \
		fixbill client edit acme --country ""
'

test_expect_success 'the seller is named by a VAT id, or a legal registration where it may not be' '
	# A tax number stands in for the VAT id (BR-S-02), but the seller
	# must still be named (BR-CO-26).
	expect_missing "BT-30 seller legal registration identifier: fixbill config set company.legal_id ID" \
		eval "fixbill config unset company.vat_id && fixbill config unset company.legal_id &&
			fixbill config set company.tax_id 12/345/67890" &&
	# An intra-community supply needs the VAT ids themselves.
	expect_missing "BT-31 seller VAT identifier: fixbill config set company.vat_id DE123456789" \
		eval "fixbill config unset company.vat_id &&
			fixbill config set company.tax_id 12/345/67890 &&
			fixbill client edit acme --tax IC >/dev/null" &&
	expect_missing "BT-48 buyer VAT identifier: fixbill client edit acme --vat-id DE123456789" \
		eval "fixbill client edit acme --vat-id \"\" --tax IC >/dev/null" &&
	# Not subject to VAT: the invoice may carry no VAT id at all.
	expect_missing "BT-30 seller legal registration identifier: fixbill config set company.legal_id ID" \
		eval "fixbill config unset company.legal_id && fixbill client edit acme --tax OUT >/dev/null"
'

test_expect_success 'reverse charge needs the buyer VAT id; Peppol the addresses and a reference' '
	expect_missing "BT-48 buyer VAT identifier: fixbill client edit acme --vat-id DE123456789" \
		eval "fixbill client edit acme --vat-id \"\" --tax RC >/dev/null" &&
	format=ubl expect_missing \
		"BT-34 seller electronic address: fixbill config set company.email EMAIL" \
		fixbill config unset company.email &&
	format=ubl expect_missing \
		"BT-49 buyer electronic address: fixbill client edit acme --email EMAIL" \
		eval "fixbill client edit acme --email \"\" >/dev/null" &&
	format=ubl expect_missing "BT-10 buyer reference: fixbill client edit acme --buyer-ref REF" \
		eval "fixbill client edit acme --buyer-ref \"\" >/dev/null && fixbill job edit 1 --po \"\" >/dev/null"
'

test_expect_success 'XRechnung needs the Leitweg-ID, both addresses, the contact and the IBAN' '
	profile=xrechnung expect_missing \
		"BT-10 buyer reference: fixbill client edit acme --buyer-ref REF" \
		eval "fixbill client edit acme --buyer-ref \"\" >/dev/null" &&
	profile=xrechnung expect_missing \
		"BT-42 seller contact telephone number: fixbill config set company.phone PHONE" \
		fixbill config unset company.phone &&
	profile=xrechnung expect_missing \
		"BT-53 buyer post code: fixbill client edit acme --postcode POSTCODE" \
		eval "fixbill client edit acme --postcode \"\" >/dev/null" &&
	profile=xrechnung expect_missing \
		"BT-84 payment account identifier: fixbill config set company.iban IBAN" \
		fixbill config unset company.iban &&
	profile=xrechnung expect_missing \
		"BT-37 seller city: fixbill config set company.city CITY" \
		fixbill config unset company.city &&
	profile=xrechnung expect_missing \
		"BT-38 seller post code: fixbill config set company.postcode POSTCODE" \
		fixbill config unset company.postcode &&
	profile=xrechnung expect_missing \
		"BT-52 buyer city: fixbill client edit acme --city CITY" \
		eval "fixbill client edit acme --city \"\" >/dev/null" &&
	profile=xrechnung expect_missing \
		"BT-34 seller electronic address: fixbill config set company.email EMAIL
BT-43 seller contact email address: fixbill config set company.email EMAIL" \
		fixbill config unset company.email
'

test_expect_success 'a draft lists everything it lacks, its number first; nothing is written' '
	fixbill config set billing.rate 100 &&
	fixbill tech add tech >/dev/null &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill job open --client acme Server >/dev/null &&
	fixbill time add 1 1h >/dev/null &&
	fixbill job resolve 1 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot export '"'"'draft 1'"'"' as facturx: 6 items it needs are missing
missing BT-1 invoice number: fixbill invoice issue 1
missing BT-2 invoice issue date: fixbill invoice issue 1
missing BT-27 seller name: fixbill config set company.name NAME
missing BT-40 seller country code: fixbill config set company.country DE
missing BT-30 seller legal registration identifier: fixbill config set company.legal_id ID
missing BT-55 buyer country code: fixbill client edit acme --country DE" \
		fixbill invoice export 1 --format facturx -o out.pdf &&
	! test -e out.pdf
'

test_expect_success 'an issued invoice keeps the seller details it was issued with' '
	shop && de_client &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice export INV-2026-00001 --format cii -o before.xml &&
	fixbill config set company.city Potsdam &&
	fixbill config set company.iban "GB82 WEST 1234 5698 7654 32" &&
	fixbill invoice export INV-2026-00001 --format cii -o after.xml &&
	test_cmp before.xml after.xml &&
	sqlite3 "$FIXBILL_DB" "PRAGMA ignore_check_constraints = 1;
		DROP TRIGGER invoices_frozen_seller;
		UPDATE invoices SET company_iban = '"'"'GB82WEST12345698765432'"'"' WHERE id = 1" &&
	test_expect_code 1 fixbill db check >out 2>&1 &&
	grep "INV-2026-00001" out
'

test_expect_success 'the seller details are checked as they are set' '
	fixbill config set company.country de &&
	fixbill config get company.country >actual &&
	echo DE >expect && test_cmp expect actual &&
	fixbill config set company.iban "de89 3704 0044 0532 0130 00" &&
	fixbill config get company.iban >actual &&
	echo DE89370400440532013000 >expect && test_cmp expect actual &&
	test_fails_cleanly 2 "fixbill: error: cannot set '"'"'company.iban'"'"': invalid IBAN '"'"'DE88 3704 0044 0532 0130 00'"'"': want an IBAN such as DE89 3704 0044 0532 0130 00, its check digits right" \
		fixbill config set company.iban "DE88 3704 0044 0532 0130 00" &&
	test_fails_cleanly 2 "fixbill: error: cannot set '"'"'company.country'"'"': invalid country '"'"'XX'"'"': want an ISO 3166-1 code such as DE or US" \
		fixbill config set company.country XX &&
	test_fails_cleanly 2 "fixbill: error: cannot set '"'"'company.bic'"'"': invalid BIC '"'"'COBA'"'"': want 8 or 11 letters and digits, such as COBADEFFXXX" \
		fixbill config set company.bic COBA
'

test_expect_success 'usage: formats, --profile and the terminal' '
	shop && de_client &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: invalid value '"'"'peppol'"'"' for '"'"'--profile'"'"': want xrechnung" \
		fixbill invoice export INV-2026-00001 --format ubl --profile peppol &&
	test_fails_cleanly 2 "fixbill: error: '"'"'--profile'"'"' is for the formats cii and ubl" \
		fixbill invoice export INV-2026-00001 --format facturx --profile xrechnung -o x.pdf &&
	fixbill invoice export INV-2026-00001 --format ubl | grep "<cbc:ID>INV-2026-00001</cbc:ID>" &&
	fixbill __complete invoice export --format f >actual &&
	echo facturx >expect && test_cmp expect actual &&
	fixbill __complete invoice export --profile "" >actual &&
	echo xrechnung >expect && test_cmp expect actual
'

test_expect_success 'invoice run writes e-invoices, and reports a client that lacks data' '
	shop && de_client &&
	fixbill client add bare --name "Bare Ltd" >/dev/null &&
	fixbill job open --client bare --at "2026-10-08 08:00" Printer >/dev/null &&
	fixbill time add 2 --start "2026-10-08 09:00" --end "2026-10-08 10:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-08 11:00" >/dev/null &&
	test_expect_code 1 fixbill invoice run --period 2026-10 --issue --export out \
		--formats facturx,cii,ubl >summary 2>err &&
	ls out >files &&
	printf "%s\n" INV-2026-00001.cii.xml INV-2026-00001.facturx.pdf INV-2026-00001.ubl.xml >expect &&
	test_cmp expect files &&
	pdfdetach -savefile factur-x.xml -o embedded.xml out/INV-2026-00001.facturx.pdf &&
	cmp embedded.xml out/INV-2026-00001.cii.xml &&
	grep "^fixbill: error: client .bare.: cannot export .INV-2026-00002. as facturx: " err &&
	grep "^missing BT-55 buyer country code: fixbill client edit bare --country DE$" err
'

test_done
