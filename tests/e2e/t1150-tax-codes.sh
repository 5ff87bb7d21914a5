#!/bin/sh
# Tax codes (SPEC section 11) and the settings a client may have of its
# own (SPEC section 14): tax add, list, show, edit and their refusals;
# which code taxes which line, per kind, per client, and the older
# tax.rate as code TAX; config set/unset/get/list --client, the client's
# value winning in pricing, terms and paper; client --tax, the
# structured address and a draft's added line with a code of its own.
. "$(dirname "$0")/../lib.sh"

FIXBILL_NOW=2026-11-01T07:00:00
export FIXBILL_NOW

# job CLIENT START END: a job resolved in October with one entry, by
# the technician of $FIXBILL_TECH (added the first time).
job() {
	{ fixbill tech show tech >/dev/null 2>&1 || fixbill -q tech add tech; } &&
	fixbill job open --client "$1" --at "2026-10-01 08:00" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "2026-10-28 17:00" >/dev/null
}

codes() {
	fixbill tax add VAT20 --rate 20 --name "VAT 20%" --xero "20% (VAT on Income)" >/dev/null &&
	fixbill tax add gstpst --name "GST 5% + PST 7%" --component gst=5 --component PST=7 >/dev/null &&
	fixbill tax add EXEMPT --rate 0 --category E --qbo Exempt >/dev/null
}

test_expect_success 'add prints the code, in capitals; list shows every code' '
	fixbill tax add vat20 --rate 20 --name "VAT 20%" >actual &&
	echo "tax VAT20" >expect &&
	test_cmp expect actual &&
	fixbill tax add gstpst --name "GST 5% + PST 7%" --component gst=5 --component PST=7 \
		--xero "GST/PST" >/dev/null &&
	fixbill tax add EXEMPT --rate 0 --category E --qbo Exempt >/dev/null &&
	fixbill tax list >actual &&
	cat >expect <<-\EOT &&
	CODE    NAME             CAT  RATE             XERO     QBO
	EXEMPT  -                E    0%               EXEMPT   Exempt
	GSTPST  GST 5% + PST 7%  S    GST 5% + PST 7%  GST/PST  GSTPST
	NONE    No tax           O    0%               NONE     NONE
	TAX     Tax              S    0%               OUTPUT   TAX
	VAT20   VAT 20%          S    20%              VAT20    VAT20
	EOT
	test_cmp expect actual &&
	fixbill tax list -q >actual &&
	printf "EXEMPT\nGSTPST\nNONE\nTAX\nVAT20\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'show and its JSON document' '
	codes &&
	fixbill tax show gstpst >actual &&
	cat >expect <<-\EOT &&
	code       GSTPST
	name       GST 5% + PST 7%
	category   S
	rate       GST 5% + PST 7%
	xero       GSTPST
	qbo        GSTPST
	iif item   GSTPST
	agency     -
	EOT
	test_cmp expect actual &&
	fixbill --json tax show VAT20 >actual &&
	cat >expect <<-\EOT &&
	{
	  "code": "VAT20",
	  "name": "VAT 20%",
	  "category": "S",
	  "components": [
	    {
	      "name": "VAT20",
	      "rate": "20"
	    }
	  ],
	  "xero": "20% (VAT on Income)",
	  "qbo": "VAT20",
	  "iif_item": "VAT20",
	  "agency": null
	}
	EOT
	test_cmp expect actual
'

test_expect_success 'edit changes a code; an empty name goes back to the default' '
	codes &&
	fixbill tax edit vat20 --rate 19 --xero "" --agency "HMRC" --iif-item "VAT" >actual &&
	echo "tax VAT20" >expect &&
	test_cmp expect actual &&
	fixbill --json tax show VAT20 | jq -c "[.components, .xero, .iif_item, .agency]" >actual &&
	echo "[[{\"name\":\"VAT20\",\"rate\":\"19\"}],\"VAT20\",\"VAT\",\"HMRC\"]" >expect &&
	test_cmp expect actual &&
	fixbill tax edit GSTPST --component HST=13 --category S >/dev/null &&
	fixbill --json tax show GSTPST | jq -c ".components" >actual &&
	echo "[{\"name\":\"HST\",\"rate\":\"13\"}]" >expect &&
	test_cmp expect actual
'

test_expect_success 'TAX is tax.rate: editing its rate sets the setting' '
	fixbill config set tax.rate 8.25 &&
	fixbill tax show TAX | grep "^rate       8.25%$" &&
	fixbill tax edit tax --rate 7.5 --xero "Sales Tax" >/dev/null &&
	test "$(fixbill config get tax.rate)" = 7.5 &&
	fixbill --json tax show TAX | jq -r .xero >actual &&
	echo "Sales Tax" >expect &&
	test_cmp expect actual
'

test_expect_success 'refusals leave the database as it was' '
	codes &&
	test_fails_cleanly 2 "fixbill: error: '\''tax add'\'' needs '\''--rate'\'' or '\''--component'\''" \
		fixbill tax add VAT5 &&
	test_fails_cleanly 2 "fixbill: error: invalid tax code '\''5VAT'\'': use a letter, then letters, digits, '\''-'\'' and '\''_'\'' (at most 32)" \
		fixbill tax add 5VAT --rate 5 &&
	test_fails_cleanly 2 "fixbill: error: invalid percentage '\''101'\'': want 0 to 100 with at most 4 decimals" \
		fixbill tax add X --rate 101 &&
	test_fails_cleanly 2 "fixbill: error: invalid tax component '\''GST5'\'': want NAME=PERCENT, such as GST=5" \
		fixbill tax add X --component GST5 &&
	test_fails_cleanly 2 "fixbill: error: options '\''--rate'\'' and '\''--component'\'' cannot be combined" \
		fixbill tax add X --rate 5 --component A=1 &&
	test_fails_cleanly 2 "fixbill: error: invalid tax category '\''X'\'': want S, Z, E, AE, K, G or O" \
		fixbill tax add X --rate 0 --category X &&
	test_fails_cleanly 2 "fixbill: error: invalid tax code '\''EX'\'': category E needs a rate of 0" \
		fixbill tax add EX --rate 5 --category E &&
	test_fails_cleanly 2 "fixbill: error: invalid tax code '\''EXEMPT'\'': category E needs a rate of 0" \
		fixbill tax edit EXEMPT --rate 1 &&
	test_fails_cleanly 2 "fixbill: error: invalid tax code '\''X'\'': component '\''A'\'' appears twice" \
		fixbill tax add X --component A=1 --component a=2 &&
	test_fails_cleanly 4 "fixbill: error: tax code '\''VAT20'\'' already exists" \
		fixbill tax add VAT20 --rate 20 &&
	test_fails_cleanly 3 "fixbill: error: unknown tax code '\''VAT21'\''" \
		fixbill tax show VAT21 &&
	grep "^hint: did you mean '\''VAT20'\''?" .stderr &&
	test_fails_cleanly 4 "fixbill: error: cannot change the rate or category of '\''NONE'\'': it is always 0 %, category O" \
		fixbill tax edit NONE --rate 5 &&
	test_fails_cleanly 4 "fixbill: error: cannot give '\''TAX'\'' components: it is the code of tax.rate, one rate" \
		fixbill tax edit TAX --component A=1
'

# line KIND CODE: the tax code of the invoice's lines of a kind.
lines() {
	fixbill --json invoice show "$1" | jq -r ".lines[] | \"\(.kind) \(.tax_code) \(.tax)\""
}

shop() {
	fixbill config set billing.rate 100 &&
	codes &&
	fixbill client add acme --name Acme >/dev/null &&
	job acme "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill job charge 1 --part Disk --qty 1 --price 50 >/dev/null &&
	fixbill job charge 1 --trip 30 >/dev/null
}

test_expect_success 'nothing set: every line NONE' '
	shop &&
	fixbill invoice create --client acme >/dev/null &&
	lines 1 >actual &&
	printf "labor NONE 0.00\npart NONE 0.00\ntrip NONE 0.00\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'tax.default, then each kind its own code' '
	shop &&
	fixbill config set tax.default VAT20 &&
	fixbill config set tax.parts exempt &&
	fixbill invoice create --client acme >/dev/null &&
	lines 1 >actual &&
	printf "labor VAT20 20.00\npart EXEMPT 0.00\ntrip VAT20 6.00\n" >expect &&
	test_cmp expect actual &&
	fixbill config set tax.other NONE &&
	fixbill invoice refresh 1 >/dev/null &&
	lines 1 >actual &&
	printf "labor VAT20 20.00\npart EXEMPT 0.00\ntrip NONE 0.00\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'the older tax.rate and tax.applies_to are code TAX on the kinds they name' '
	shop &&
	fixbill config set tax.rate 8.25 &&
	fixbill config set tax.applies_to parts &&
	fixbill invoice create --client acme >/dev/null &&
	lines 1 >actual &&
	printf "labor NONE 0.00\npart TAX 4.13\ntrip NONE 0.00\n" >expect &&
	test_cmp expect actual &&
	fixbill config set tax.applies_to labor &&
	fixbill invoice refresh 1 >/dev/null &&
	lines 1 >actual &&
	# 8.25 % of 130.00 is 10.73: 8.2538 and 2.4761, the odd cent to the trip.
	printf "labor TAX 8.25\npart NONE 0.00\ntrip TAX 2.48\n" >expect &&
	test_cmp expect actual &&
	fixbill config set tax.labor VAT20 &&
	fixbill invoice refresh 1 >/dev/null &&
	lines 1 >actual &&
	printf "labor VAT20 20.00\npart NONE 0.00\ntrip TAX 2.48\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a client'\''s settings come first: --tax CODE, or a kind alone' '
	shop &&
	fixbill config set tax.default VAT20 &&
	fixbill client edit acme --tax gstpst >/dev/null &&
	fixbill config set tax.parts NONE --client acme &&
	fixbill invoice create --client acme >/dev/null &&
	lines 1 >actual &&
	printf "labor GSTPST 12.00\npart NONE 0.00\ntrip GSTPST 3.60\n" >expect &&
	test_cmp expect actual &&
	fixbill client show acme | grep "^tax  *labor GSTPST, parts NONE, other GSTPST$" &&
	fixbill --json client show acme | jq -c .tax >actual &&
	echo "{\"labor\":\"GSTPST\",\"parts\":\"NONE\",\"other\":\"GSTPST\"}" >expect &&
	test_cmp expect actual &&
	fixbill --json invoice show 1 | jq -r ".taxes[] | \"\(.code) \(.component) \(.base) \(.amount)\"" >actual &&
	printf "GSTPST GST 130.00 6.50\nGSTPST PST 130.00 9.10\nNONE NONE 50.00 0.00\n" >expect &&
	test_cmp expect actual &&
	fixbill client edit acme --tax "" >/dev/null &&
	fixbill config unset tax.parts --client acme &&
	fixbill invoice refresh 1 >/dev/null &&
	lines 1 >actual &&
	printf "labor VAT20 20.00\npart VAT20 10.00\ntrip VAT20 6.00\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'client --tax PERCENT is the client'\''s own tax.rate, as before' '
	shop &&
	fixbill config set tax.rate 8.25 &&
	fixbill client edit acme --tax 5 >/dev/null &&
	fixbill client show acme | grep "^tax  *5%$" &&
	fixbill --json client show acme | jq -r .tax_rate >actual &&
	echo 5 >expect &&
	test_cmp expect actual &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice show 1 | jq -r ".taxes[] | \"\(.code) \(.rate) \(.base) \(.amount)\"" >actual &&
	echo "TAX 5 180.00 9.00" >expect &&
	test_cmp expect actual &&
	fixbill client edit acme --tax 0 >/dev/null &&
	fixbill invoice refresh 1 >/dev/null &&
	lines 1 >actual &&
	printf "labor NONE 0.00\npart NONE 0.00\ntrip NONE 0.00\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'config --client: set, get, list with sources, unset' '
	codes &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill config set billing.increment 10 &&
	fixbill config set billing.increment 6 --client acme &&
	fixbill config set billing.rounding nearest --client acme &&
	fixbill config set tax.labor vat20 --client acme &&
	test "$(fixbill config get billing.increment --client acme)" = 6 &&
	test "$(fixbill config get billing.increment)" = 10 &&
	test "$(fixbill config get tax.labor --client acme)" = VAT20 &&
	fixbill config list --client acme >actual &&
	cat >expect <<-\EOT &&
	KEY                     VALUE                SOURCE
	billing.rate            -                    default
	billing.increment       6                    client
	billing.rounding        nearest              client
	billing.round_per       job                  default
	billing.minimum         0                    default
	billing.minimum_onsite  -                    default
	billing.business_hours  Mon-Fri 08:00-18:00  default
	billing.after_hours     1.5                  default
	billing.weekend         2                    default
	billing.holidays        -                    default
	tax.rate                0                    default
	tax.applies_to          all                  default
	tax.rounding            invoice              default
	tax.labor               VAT20                client
	tax.parts               -                    default
	tax.other               -                    default
	tax.default             NONE                 default
	invoice.terms           30                   default
	invoice.paper           letter               default
	EOT
	test_cmp expect actual &&
	fixbill config unset billing.increment --client acme &&
	fixbill --json config list --client acme | jq -c ".[1]" >actual &&
	echo "{\"key\":\"billing.increment\",\"value\":\"10\",\"default\":false,\"source\":\"company\"}" >expect &&
	test_cmp expect actual &&
	fixbill --json config get tax.labor --client acme >actual &&
	cat >expect <<-\EOT &&
	{
	  "key": "tax.labor",
	  "value": "VAT20",
	  "default": false,
	  "source": "client"
	}
	EOT
	test_cmp expect actual
'

test_expect_success 'config --client refuses other keys, unknown clients and codes' '
	codes &&
	fixbill client add acme --name Acme >/dev/null &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''company.name'\'' for a client: only billing.*, tax.*, invoice.terms and invoice.paper can be" \
		fixbill config set company.name X --client acme &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''currency'\'' for a client: only billing.*, tax.*, invoice.terms and invoice.paper can be" \
		fixbill config unset currency --client acme &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''acm'\''" \
		fixbill config set billing.increment 6 --client acm &&
	test_fails_cleanly 2 "fixbill: error: cannot set '\''billing.rounding'\'': invalid rounding '\''round'\'': want up, nearest or down" \
		fixbill config set billing.rounding round --client acme &&
	test_fails_cleanly 3 "fixbill: error: unknown tax code '\''VAT21'\''" \
		fixbill config set tax.labor VAT21 --client acme &&
	test_fails_cleanly 3 "fixbill: error: unknown tax code '\''VAT21'\''" \
		fixbill config set tax.default vat21 &&
	test_fails_cleanly 3 "fixbill: error: unknown tax code '\''NOPE'\''" \
		fixbill client edit acme --tax NOPE
'

# The same work for two clients: 1h05m at 100, and a 20-minute job.
two_clients() {
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill client add beta --name Beta >/dev/null &&
	job acme "2026-10-06 09:00" "2026-10-06 10:05" &&
	job acme "2026-10-07 09:00" "2026-10-07 09:20" &&
	job beta "2026-10-06 11:00" "2026-10-06 12:05" &&
	job beta "2026-10-07 11:00" "2026-10-07 11:20"
}

test_expect_success 'a client'\''s billing settings win where its work is priced' '
	two_clients &&
	fixbill config set billing.increment 6 --client acme &&
	fixbill config set billing.rounding nearest --client acme &&
	# acme: 65 min nearest 6 -> 66 = 110.00, 20 min -> 18 = 30.00;
	# beta: 15 up, 65 -> 75 = 125.00, 20 -> 30 = 50.00.
	fixbill --json report unbilled >unbilled &&
	jq -r ".[] | select(.client != \"total\") | \"\(.client) \(.amount)\"" unbilled >actual &&
	printf "acme 140.00\nbeta 175.00\n" >expect &&
	test_cmp expect actual &&
	fixbill invoice run --period 2026-10 >/dev/null &&
	fixbill --json invoice show 1 | jq -r ".lines[] | \"\(.billed_seconds) \(.amount)\"" >actual &&
	printf "3960 110.00\n1080 30.00\n" >expect &&
	test_cmp expect actual &&
	fixbill --json invoice show 2 | jq -r ".lines[] | \"\(.billed_seconds) \(.amount)\"" >actual &&
	printf "4500 125.00\n1800 50.00\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'a client'\''s billing.rate is its default rate, in its currency' '
	two_clients &&
	fixbill config set billing.rate 120 --client beta &&
	fixbill --json report unbilled | jq -r ".[] | select(.client == \"beta\") | .amount" >actual &&
	echo "210.00" >expect &&
	test_cmp expect actual
'

test_expect_success 'a client'\''s terms and paper' '
	two_clients &&
	fixbill config set invoice.terms 7 --client acme &&
	fixbill client edit beta --terms 45 >/dev/null &&
	test "$(fixbill config get invoice.terms --client beta)" = 45 &&
	fixbill config set invoice.paper a4 --client beta &&
	fixbill invoice run --period 2026-10 --issue >/dev/null &&
	fixbill invoice list >actual &&
	grep "^INV-2026-00001  acme    issued  2026-11-01  2026-11-08" actual &&
	grep "^INV-2026-00002  beta    issued  2026-11-01  2026-12-16" actual &&
	fixbill invoice export INV-2026-00001 --format pdf -o a.pdf &&
	fixbill invoice export INV-2026-00002 --format pdf -o b.pdf &&
	pdfinfo a.pdf | grep "^Page size: *612 x 792 pts (letter)" &&
	pdfinfo b.pdf | grep "^Page size: *59[45].* x 84[12].* pts (A4)"
'

test_expect_success 'the structured address, VAT id and buyer reference' '
	fixbill client add acme --name Acme --street "1 Main St\nSuite 2" --city Springfield \
		--region IL --postcode 62701 --country us --vat-id US123 --buyer-ref "PO 4711" >/dev/null &&
	fixbill --json client show acme | jq -r ".street, .city, .region, .postcode, .country, .vat_id, .buyer_ref" >actual &&
	printf "1 Main St\nSuite 2\nSpringfield\nIL\n62701\nUS\nUS123\nPO 4711\n" >expect &&
	test_cmp expect actual &&
	fixbill client edit acme --region "" --country de >/dev/null &&
	fixbill --json client show acme | jq -c "[.region, .country]" >actual &&
	echo "[null,\"DE\"]" >expect &&
	test_cmp expect actual &&
	test_fails_cleanly 2 "fixbill: error: invalid country '\''XX'\'': want an ISO 3166-1 code such as DE or US" \
		fixbill client edit acme --country xx &&
	test_fails_cleanly 2 "fixbill: error: invalid VAT id '\''123'\'': want the country prefix and number, such as DE123456789" \
		fixbill client edit acme --vat-id 123 &&
	test_fails_cleanly 2 "fixbill: error: invalid street: more than 3 lines" \
		fixbill client edit acme --street "a\nb\nc\nd" &&
	test_fails_cleanly 2 "fixbill: error: invalid percentage '\''8x'\'': want 0 to 100 with at most 4 decimals" \
		fixbill client edit acme --tax 8x &&
	test_fails_cleanly 2 "fixbill: error: invalid tax code '\''V@T'\'': use a letter, then letters, digits, '\''-'\'' and '\''_'\'' (at most 32)" \
		fixbill client edit acme --tax V@T
'

test_expect_success 'an invoice keeps the address it was issued with; a credit note too' '
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme --street "1 Main St" --city Springfield --country US >/dev/null &&
	job acme "2026-10-06 09:00" "2026-10-06 10:00" &&
	fixbill invoice run --period 2026-10 --issue >/dev/null &&
	fixbill client edit acme --name "Acme Inc" --city Shelbyville >/dev/null &&
	fixbill invoice void INV-2026-00001 --reason moved >/dev/null &&
	for n in INV-2026-00001 CN-2026-00001; do
		fixbill --json invoice show $n |
			jq -r "[.client_details.name, .client_details.city, .client_details.country] | join(\" \")" ||
			return 1
	done >actual &&
	printf "Acme Springfield US\nAcme Springfield US\n" >expect &&
	test_cmp expect actual &&
	fixbill db check
'

test_expect_success 'a line added to a draft takes a code of its own' '
	shop &&
	fixbill config set tax.default VAT20 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice line add 1 --desc "Licence" --amount 40 --tax exempt >/dev/null &&
	fixbill invoice line add 1 --desc "Cables" --amount 10 >/dev/null &&
	lines 1 >actual &&
	printf "labor VAT20 20.00\npart VAT20 10.00\ntrip VAT20 6.00\nflat EXEMPT 0.00\nflat VAT20 2.00\n" >expect &&
	test_cmp expect actual &&
	fixbill invoice refresh 1 >/dev/null &&
	lines 1 >again &&
	test_cmp expect again &&
	test_fails_cleanly 3 "fixbill: error: unknown tax code '\''VAT21'\''" \
		fixbill invoice line add 1 --desc X --amount 1 --tax VAT21
'

test_expect_success 'the log names codes and client settings; undo takes them back' '
	fixbill tax add GSTPST --component GST=5 --component PST=7 >/dev/null &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill config set billing.increment 6 --client acme &&
	fixbill tax edit GSTPST --component GST=5 --component PST=8 >/dev/null &&
	fixbill log --limit 2 >actual &&
	grep "^     changed tax component GSTPST/2$" actual &&
	grep "^     created client setting 1/billing.increment$" actual &&
	fixbill undo >/dev/null &&
	fixbill --json tax show GSTPST | jq -r ".components[1].rate" >actual &&
	echo 7 >expect &&
	test_cmp expect actual &&
	fixbill undo >/dev/null &&
	fixbill --json config list --client acme |
		jq -r ".[] | select(.key == \"billing.increment\") | .source" >actual &&
	echo default >expect &&
	test_cmp expect actual &&
	fixbill undo >/dev/null &&
	fixbill undo >actual &&
	echo "undid change 1 (fixbill tax add GSTPST --component GST=5 --component PST=7): removed tax GSTPST, tax component GSTPST/1, GSTPST/2" >expect &&
	test_cmp expect actual &&
	test_must_fail fixbill tax show GSTPST 2>/dev/null
'

test_expect_success 'a code an invoice or a setting names stays' '
	shop &&
	fixbill tax add SALES --rate 8 >/dev/null &&
	n=$(fixbill --json log --limit 1 | jq -r ".[0].id") &&
	fixbill config set tax.default SALES &&
	fixbill config set tax.parts SALES --client acme &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change $n ('\''fixbill tax add SALES --rate 8'\''): records made since refer to what it created" \
		fixbill undo "$n" &&
	fixbill invoice discard 1 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change $n ('\''fixbill tax add SALES --rate 8'\''): setting '\''tax.default'\'' names tax code '\''SALES'\''" \
		fixbill undo "$n" &&
	fixbill config set tax.default VAT20 &&
	test_fails_cleanly 4 "fixbill: error: cannot undo change $n ('\''fixbill tax add SALES --rate 8'\''): setting '\''tax.parts'\'' of client '\''acme'\'' names tax code '\''SALES'\''" \
		fixbill undo "$n" &&
	fixbill config unset tax.parts --client acme &&
	fixbill undo "$n" >/dev/null &&
	test_must_fail fixbill tax show SALES 2>/dev/null &&
	fixbill db check >/dev/null
'

test_expect_success 'db check names a setting that names no tax code' '
	shop &&
	fixbill config set tax.default VAT20 &&
	fixbill config set tax.labor VAT20 --client acme &&
	sqlite3 "$FIXBILL_DB" "PRAGMA foreign_keys = OFF; DELETE FROM tax_components WHERE code = '\''VAT20'\''; DELETE FROM tax_codes WHERE code = '\''VAT20'\''" &&
	test_expect_code 1 fixbill db check 2>err &&
	grep "^fixbill: problem: setting tax.default names an unknown tax code '\''VAT20'\''$" err &&
	grep "^fixbill: problem: setting tax.labor of client '\''acme'\'' names an unknown tax code '\''VAT20'\''$" err
'

test_expect_success 'tax codes complete' '
	codes &&
	fixbill __complete tax show "" >actual &&
	printf "EXEMPT\nGSTPST\nNONE\nTAX\nVAT20\n" >expect &&
	test_cmp expect actual &&
	fixbill __complete client edit acme --tax G >actual &&
	echo GSTPST >expect &&
	test_cmp expect actual
'

test_done
