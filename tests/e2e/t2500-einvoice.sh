#!/bin/sh
# E-invoices (SPEC section 13): what an export lacks is refused, every
# missing business term named with the command that sets it, and nothing
# is written; the formats' and --profile's usage.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a draft lists everything it lacks, its number first; nothing is written' '
	fixbill config set billing.rate 100 &&
	fixbill tech add tech >/dev/null &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill job open --client acme Server >/dev/null &&
	fixbill time add 1 1h >/dev/null &&
	fixbill job resolve 1 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot export '"'"'draft 1'"'"' as facturx: 5 items it needs are missing
missing BT-1 invoice number: fixbill invoice issue 1
missing BT-2 invoice issue date: fixbill invoice issue 1
missing BT-27 seller name: fixbill config set company.name NAME
missing BT-40 seller country code: fixbill config set company.country DE
missing BT-55 buyer country code: fixbill client edit acme --country DE" \
		fixbill invoice export 1 --format facturx -o out.pdf &&
	! test -e out.pdf
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
	test_fails_cleanly 2 "fixbill: error: cannot set '"'"'company.country'"'"': invalid country '"'"'DEU'"'"': want an ISO 3166-1 code such as DE or US" \
		fixbill config set company.country DEU &&
	test_fails_cleanly 2 "fixbill: error: cannot set '"'"'company.bic'"'"': invalid BIC '"'"'COBA'"'"': want 8 or 11 letters and digits, such as COBADEFFXXX" \
		fixbill config set company.bic COBA
'

test_expect_success 'usage: formats, --profile and the terminal' '
	db_create &&
	test_fails_cleanly 2 "fixbill: error: invalid value '"'"'peppol'"'"' for '"'"'--profile'"'"': want xrechnung" \
		fixbill invoice export INV-2026-00001 --format ubl --profile peppol &&
	test_fails_cleanly 2 "fixbill: error: '"'"'--profile'"'"' is for the formats cii and ubl" \
		fixbill invoice export INV-2026-00001 --format facturx --profile xrechnung -o x.pdf &&
	fixbill __complete invoice export --format f >actual &&
	echo facturx >expect && test_cmp expect actual &&
	fixbill __complete invoice export --profile "" >actual &&
	echo xrechnung >expect && test_cmp expect actual
'

test_done
