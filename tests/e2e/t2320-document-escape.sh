#!/bin/sh
# Invoice documents show control characters in stored text escaped,
# never raw (SPEC section 15).  fixbill no longer stores such text, but an
# older database or an import may hold it: here it is put in with SQL.
. "$(dirname "$0")/../lib.sh"

# Draft 1 whose company, client, code and line carry an escape sequence,
# a bell, a newline that would forge an error line, a tab and a bidi
# override; issued as INV-2026-00001.
setup() {
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme --address "1 Main St" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null &&
	fixbill job charge 1 --flat Setup 50 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-14 12:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	sqlite3 "$FIXBILL_DB" "
		INSERT INTO config VALUES ('company.name', 'Fix' || char(7) || 'it');
		UPDATE clients SET name = 'Evil' || char(27) || '[31m Corp',
			code = 'ac' || char(27) || 'me',
			address = '1 Main St' || char(10) || 'Suite' || char(9) || '9';
		UPDATE invoice_lines SET description = 'Setup' || char(10) ||
			'fixbill: error: forged' || char(8238) || 'txt.exe'
			WHERE invoice_id = 1" &&
	fixbill invoice issue 1 >/dev/null
}

test_expect_success 'txt: escaped, never raw' '
	setup &&
	fixbill invoice export INV-2026-00001 --format txt >inv.txt &&
	! grep -q "$(printf "[\001-\010\013-\037\177]")" inv.txt &&
	! grep -q "^fixbill: error:" inv.txt &&
	grep -F "Fix\\x07it" inv.txt &&
	grep -Fx "Evil\\x1b[31m Corp" inv.txt &&
	grep -F "  Setup\\nfixbill: error: forged\\u202etxt.exe " inv.txt &&
	grep -F "Suite\\t9" inv.txt &&
	grep -Fx "1 Main St" inv.txt
'

test_expect_success 'txt: the columns still line up' '
	setup &&
	fixbill invoice export INV-2026-00001 --format txt >inv.txt &&
	grep -F "Setup\\n" inv.txt >line &&
	grep "^Description " inv.txt >head &&
	test "$(awk "{ print length(\$0) }" line)" = "$(awk "{ print length(\$0) }" head)" &&
	grep " 50\.00$" line
'

test_expect_success 'pdf: escaped, never raw' '
	setup &&
	fixbill invoice export INV-2026-00001 --format pdf -o inv.pdf &&
	pdftotext -raw inv.pdf text &&
	grep -F "Fix\\x07it" text &&
	grep -F "Evil\\x1b[31m Corp" text &&
	grep -F "Suite\\t9" text &&
	tr -d "\n" <text | grep -F "Setup\\nfixbill: error: forged\\u202etxt.exe"
'

test_done
