#!/bin/sh
# The invoice lifecycle (SPEC section 6): drafts that hold their work,
# gapless numbering, credit notes, re-billing and payments, and the
# JSON document of SPEC section 9.
. "$(dirname "$0")/../lib.sh"

# A shop with one resolved job of 1h normal time (100.00) and a client.
shop() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set billing.rate 100 &&
	fixbill config set company.name "Fix Shop" &&
	fixbill client add acme --name "Acme Corp" --address "1 Main St" >/dev/null
}

# job CLIENT START END [RESOLVED]: a resolved job with one entry.
job() {
	fixbill job open --client "$1" --at "2026-01-01 08:00" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "${4:-2026-10-14 12:00}" >/dev/null
}

# Lines add up to subtotals and subtotal + tax = total on every invoice.
adds_up() {
	fixbill db check >/dev/null &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices i WHERE subtotal <>
		(SELECT coalesce(sum(amount), 0) FROM invoice_lines WHERE invoice_id = i.id)
		OR subtotal + tax <> total")" = 0
}

test_expect_success 'create prints the draft; show names it by id' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >out &&
	echo "draft 1" >expect &&
	test_cmp expect out &&
	fixbill invoice show 1 >show &&
	grep "INVOICE DRAFT 1" show &&
	grep "actual 1h00m" show &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE invoice_id = 1")" = 1 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoice_work WHERE invoice_id = 1")" = 1 &&
	adds_up
'

test_expect_success 'nothing to bill is a message and exit 0, and writes nothing' '
	shop &&
	db_snapshot >before &&
	fixbill invoice create --client acme >out &&
	echo "nothing to bill for '\''acme'\'' through 2026-10-15" >expect &&
	test_cmp expect out &&
	db_snapshot >after &&
	test_cmp before after &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices")" = 0 &&
	fixbill --json invoice create --client acme >out &&
	echo null >expect &&
	test_cmp expect out
'

test_expect_success 'work held by a draft is not billed again' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice create --client acme >out &&
	grep "^nothing to bill" out
'

test_expect_success '--through leaves jobs resolved later; --include-open adds open work' '
	shop &&
	job acme "2026-10-05 09:00" "2026-10-05 10:00" "2026-10-05 12:00" &&
	job acme "2026-10-13 09:00" "2026-10-13 09:30" "2026-10-13 12:00" &&
	fixbill job open --client acme --at "2026-10-14 08:00" "Open" >/dev/null &&
	fixbill time add 3 --start "2026-10-14 09:00" --end "2026-10-14 09:15" >/dev/null &&
	fixbill invoice create --client acme --through 2026-10-10 >/dev/null &&
	fixbill --json invoice show 1 | jq -r ".lines[].job" >jobs &&
	echo 1 >expect &&
	test_cmp expect jobs &&
	fixbill invoice create --client acme --include-open >/dev/null &&
	fixbill --json invoice show 2 | jq -r ".lines[].job" >jobs &&
	printf "2\n3\n" >expect &&
	test_cmp expect jobs
'

test_expect_success 'create refuses an unknown client (exit 3) and bad dates (exit 2)' '
	shop &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''nope'\''" \
		fixbill invoice create --client nope &&
	test_expect_code 2 fixbill invoice create --client acme --through 2026-02-30
'

test_expect_success 'discard releases the work; a new draft bills it (ids are never reused)' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice discard 1 >out &&
	echo "discarded draft 1" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE invoice_id IS NULL")" = 1 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoices")" = 0 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM invoice_work")" = 0 &&
	fixbill invoice create --client acme >out &&
	echo "draft 2" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE invoice_id = 2")" = 1
'

test_expect_success 'refresh re-prices and picks up new work of the same scope' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill config set billing.rate 120 &&
	fixbill job charge 1 --trip 30 >/dev/null &&
	fixbill invoice refresh 1 >out &&
	echo "draft 1" >expect &&
	test_cmp expect out &&
	fixbill --json invoice show 1 | jq -r ".total" >total &&
	echo 150.00 >expect &&
	test_cmp expect total &&
	adds_up
'

test_expect_success 'issue numbers the draft, sets the due date and freezes the parties' '
	shop &&
	fixbill client edit acme --terms 14 >/dev/null &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >out &&
	echo INV-2026-00001 >expect &&
	test_cmp expect out &&
	fixbill client edit acme --name "Acme Renamed" >/dev/null &&
	fixbill config set company.name "New Shop" &&
	fixbill --json invoice show INV-2026-00001 >doc &&
	jq -r "[.status, .issue_date, .due_date, .company.name, .client_details.name] | join(\"|\")" doc >got &&
	echo "issued|2026-10-15|2026-10-29|Fix Shop|Acme Corp" >expect &&
	test_cmp expect got &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM jobs WHERE id = 1")" = invoiced
'

test_expect_success 'the JSON document of an issued invoice, exactly' '
	shop &&
	fixbill config set tax.rate 8.25 &&
	job acme "2026-10-14 17:30" "2026-10-14 18:10" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill --json invoice issue 1 --date 2026-10-15 >issued &&
	fixbill invoice show INV-2026-00001 --json >actual &&
	test_cmp issued actual &&
	cat >expect <<-\EOF &&
	{
	  "id": 1,
	  "number": "INV-2026-00001",
	  "kind": "invoice",
	  "status": "issued",
	  "client": "acme",
	  "currency": "USD",
	  "issue_date": "2026-10-15",
	  "due_date": "2026-11-14",
	  "terms": 30,
	  "credit_of": null,
	  "period": null,
	  "void_reason": null,
	  "tax_rate": "8.25",
	  "company": {
	    "name": "Fix Shop",
	    "address": null,
	    "email": null,
	    "tax_id": null
	  },
	  "client_details": {
	    "code": "acme",
	    "name": "Acme Corp",
	    "address": "1 Main St",
	    "email": null,
	    "tax_id": null,
	    "street": null,
	    "city": null,
	    "region": null,
	    "postcode": null,
	    "country": null,
	    "vat_id": null,
	    "buyer_ref": null
	  },
	  "ref": null,
	  "note": null,
	  "through": "2026-10-15",
	  "jobs": [
	    {
	      "job": 1,
	      "title": "Job",
	      "po": null,
	      "first_day": "2026-10-14",
	      "last_day": "2026-10-14",
	      "techs": "tech"
	    }
	  ],
	  "lines": [
	    {
	      "line": 1,
	      "job": 1,
	      "kind": "labor",
	      "class": "normal",
	      "description": "Labor, normal hours",
	      "actual_seconds": 1800,
	      "billed_seconds": 1800,
	      "quantity": "0.5",
	      "unit_price": "100.00",
	      "amount": "50.00",
	      "tax": "4.13",
	      "waived": "0.00",
	      "added": false,
	      "notes": null,
	      "tax_code": "TAX"
	    },
	    {
	      "line": 2,
	      "job": 1,
	      "kind": "labor",
	      "class": "after_hours",
	      "description": "Labor, after hours ×1.5",
	      "actual_seconds": 600,
	      "billed_seconds": 900,
	      "quantity": "0.25",
	      "unit_price": "150.00",
	      "amount": "37.50",
	      "tax": "3.09",
	      "waived": "0.00",
	      "added": false,
	      "notes": null,
	      "tax_code": "TAX"
	    }
	  ],
	  "taxes": [
	    {
	      "code": "TAX",
	      "component": "TAX",
	      "name": "Tax",
	      "category": "S",
	      "rate": "8.25",
	      "base": "87.50",
	      "amount": "7.22"
	    }
	  ],
	  "subtotal": "87.50",
	  "tax": "7.22",
	  "total": "94.72",
	  "paid": "0.00",
	  "balance": "94.72",
	  "payments": [],
	  "moved_to_credit": null
	}
	EOF
	test_cmp expect actual
'

test_expect_success 'numbers are gapless across clients and restart with the year' '
	FIXBILL_NOW=2027-01-10T12:00:00 && export FIXBILL_NOW &&
	shop &&
	fixbill client add beta --name Beta >/dev/null &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	job beta "2026-10-14 11:00" "2026-10-14 12:00" &&
	job acme "2026-10-15 09:00" "2026-10-15 10:00" "2026-10-15 12:00" &&
	job acme "2026-10-16 09:00" "2026-10-16 10:00" "2026-10-16 12:00" &&
	fixbill invoice create --client acme --through 2026-10-14 >/dev/null &&
	fixbill invoice create --client beta >/dev/null &&
	fixbill invoice create --client acme --through 2026-10-15 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 2 --date 2026-12-30 >out &&
	fixbill invoice issue 1 --date 2026-12-31 >>out &&
	fixbill invoice issue 3 >>out &&
	fixbill invoice issue 4 >>out &&
	cat >expect <<-\EOF &&
	INV-2026-00001
	INV-2026-00002
	INV-2027-00001
	INV-2027-00002
	EOF
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "SELECT name, year, last FROM series ORDER BY year" >series &&
	printf "INV-{year}-{seq:05}|2026|2\nINV-{year}-{seq:05}|2027|2\n" >expect &&
	test_cmp expect series
'

test_expect_success 'a format without {year} runs on (series year 0)' '
	shop &&
	fixbill config set invoice.format "F{seq:03}" &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" "2026-10-14 12:00" &&
	job acme "2026-10-15 09:00" "2026-10-15 10:00" "2026-10-15 11:00" &&
	fixbill invoice create --client acme --through 2026-10-14 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	FIXBILL_NOW=2027-01-02T12:00:00 fixbill invoice issue 1 --date 2026-12-31 >out &&
	FIXBILL_NOW=2027-01-02T12:00:00 fixbill invoice issue 2 --date 2027-01-01 >>out &&
	printf "F001\nF002\n" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT year || \":\" || last FROM series")" = 0:2
'

test_expect_success 'a failed issue consumes no number' '
	shop &&
	fixbill config set invoice.format "X-{seq}" &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" "2026-10-14 12:00" &&
	job acme "2026-10-15 09:00" "2026-10-15 10:00" "2026-10-15 11:00" &&
	fixbill invoice create --client acme --through 2026-10-14 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill config set invoice.format "X-{seq:01}" &&
	test_fails_cleanly 4 "fixbill: error: cannot issue draft 2: number '\''X-1'\'' is already taken" \
		fixbill invoice issue 2 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM series WHERE name = '\''X-{seq:01}'\''")" = 0 &&
	fixbill config set invoice.format "X-{seq}" &&
	fixbill invoice issue 2 >out &&
	echo X-2 >expect &&
	test_cmp expect out
'

test_expect_success 'issuing twice, refreshing or discarding an issued invoice is refused' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot issue '\''INV-2026-00001'\'': it is already issued" \
		fixbill invoice issue INV-2026-00001 &&
	test_fails_cleanly 4 "fixbill: error: cannot refresh '\''INV-2026-00001'\'': it is issued" \
		fixbill invoice refresh INV-2026-00001 &&
	test_fails_cleanly 4 "fixbill: error: cannot discard '\''INV-2026-00001'\'': it is issued" \
		fixbill invoice discard INV-2026-00001 &&
	test_fails_cleanly 3 "fixbill: error: unknown invoice '\''1'\''" \
		fixbill invoice issue 1 &&
	test_fails_cleanly 3 "fixbill: error: unknown invoice '\''INV-2026-00009'\''" \
		fixbill invoice show INV-2026-00009
'

test_expect_success 'void: a credit note negating every line, the work billed again' '
	shop &&
	fixbill config set tax.rate 8.25 &&
	fixbill config set billing.minimum 60 &&
	job acme "2026-10-10 10:00" "2026-10-10 10:20" &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice void INV-2026-00001 --reason "wrong address" >out &&
	echo CN-2026-00001 >expect &&
	test_cmp expect out &&
	fixbill --json invoice show CN-2026-00001 >cn &&
	fixbill --json invoice show INV-2026-00001 >orig &&
	jq -r "[.kind, .status, .credit_of, .void_reason, .subtotal, .tax, .total] | join(\"|\")" cn >got &&
	echo "credit|issued|INV-2026-00001|wrong address|-275.00|-22.69|-297.69" >expect &&
	test_cmp expect got &&
	jq -c "[.lines[] | [.kind, .quantity, .unit_price, .amount, .tax]]" cn >got &&
	jq -c "[.lines[] | [.kind, (\"-\" + .quantity), .unit_price, (\"-\" + .amount), (\"-\" + .tax)]]" orig >expect &&
	test_cmp expect got &&
	test "$(jq -r .status orig)" = void &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM entries WHERE invoice_id IS NULL")" = 1 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM charges WHERE invoice_id IS NULL")" = 1 &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM jobs")" = resolved &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 3 >out &&
	echo INV-2026-00002 >expect &&
	test_cmp expect out &&
	test "$(fixbill --json invoice show INV-2026-00002 | jq -r .total)" = 297.69 &&
	adds_up
'

test_expect_success 'an invoiced job whose entry is made billable is billed again' '
	shop &&
	job acme "2026-10-10 10:00" "2026-10-10 11:00" &&
	fixbill time add 1 --start "2026-10-10 11:00" --end "2026-10-10 11:30" \
		--nonbillable >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM jobs")" = invoiced &&
	fixbill time edit 2 --billable >/dev/null &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM jobs")" = resolved &&
	fixbill invoice create --client acme >out &&
	echo "draft 2" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT id FROM entries WHERE invoice_id = 2")" = 2 &&
	test "$(fixbill --json invoice show 2 | jq -r .total)" = 100.00 &&
	fixbill invoice issue 2 >/dev/null &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM jobs")" = invoiced &&
	adds_up
'

test_expect_success 'voiding a void invoice, a credit note or a draft is refused' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot void draft 1: it is not issued" \
		fixbill invoice void 1 &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice void INV-2026-00001 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot void '\''INV-2026-00001'\'': it is already void" \
		fixbill invoice void INV-2026-00001 &&
	test_fails_cleanly 4 "fixbill: error: cannot void '\''CN-2026-00001'\'': it is a credit note" \
		fixbill invoice void CN-2026-00001
'

test_expect_success 'payments: partial, then paid at zero balance' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice pay INV-2026-00001 40 --method bank --ref T1 >out &&
	FIXBILL_NOW=2026-10-21T09:00:00 fixbill invoice pay INV-2026-00001 60.00 --date 2026-10-20 >>out &&
	printf "payment 1: INV-2026-00001 balance 60.00\npayment 2: INV-2026-00001 paid\n" >expect &&
	test_cmp expect out &&
	fixbill --json invoice show INV-2026-00001 | jq -r "[.status, .paid, .balance] | join(\"|\")" >got &&
	echo "paid|100.00|0.00" >expect &&
	test_cmp expect got &&
	sqlite3 "$FIXBILL_DB" "SELECT date, amount, method, ref FROM payments" >got &&
	printf "2026-10-15|4000|bank|T1\n2026-10-20|6000||\n" >expect &&
	test_cmp expect got &&
	adds_up
'

test_expect_success 'overpayment and paying drafts, void invoices or credit notes are refused' '
	shop &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	job acme "2026-10-14 11:00" "2026-10-14 12:00" &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot pay draft 1: it is not issued" \
		fixbill invoice pay 1 10 &&
	fixbill invoice issue 1 >/dev/null &&
	fixbill invoice pay INV-2026-00001 150 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': 50.01 is more than the balance 50.00" \
		fixbill invoice pay INV-2026-00001 50.01 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''5.001'\'': USD has 2 decimals" \
		fixbill invoice pay INV-2026-00001 5.001 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''0'\'': must be more than zero" \
		fixbill invoice pay INV-2026-00001 0 &&
	fixbill invoice pay INV-2026-00001 50 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': it is already paid" \
		fixbill invoice pay INV-2026-00001 1 &&
	fixbill invoice void INV-2026-00001 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': it is void" \
		fixbill invoice pay INV-2026-00001 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''CN-2026-00001'\'': it is a credit note" \
		fixbill invoice pay CN-2026-00001 1
'

test_expect_success 'list filters by client, status and period' '
	FIXBILL_NOW=2026-11-20T12:00:00 && export FIXBILL_NOW &&
	shop &&
	fixbill client add beta --name Beta >/dev/null &&
	job acme "2026-10-14 09:00" "2026-10-14 10:00" &&
	job beta "2026-10-14 11:00" "2026-10-14 12:00" &&
	job acme "2026-11-02 09:00" "2026-11-02 10:00" "2026-11-02 12:00" &&
	fixbill invoice create --client acme --through 2026-10-31 >/dev/null &&
	fixbill invoice create --client beta >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 --date 2026-10-31 >/dev/null &&
	fixbill invoice issue 2 --date 2026-11-02 >/dev/null &&
	fixbill invoice list >out &&
	cat >expect <<-\EOF &&
	NUMBER          CLIENT  STATUS  DATE        DUE          TOTAL  BALANCE  CUR
	INV-2026-00001  acme    issued  2026-10-31  2026-11-30  100.00   100.00  USD
	INV-2026-00002  beta    issued  2026-11-02  2026-12-02  100.00   100.00  USD
	draft 3         acme    draft   -           -           100.00   100.00  USD
	EOF
	test_cmp expect out &&
	fixbill invoice list -q --client acme >out &&
	printf "INV-2026-00001\n3\n" >expect &&
	test_cmp expect out &&
	fixbill invoice list -q --status draft >out &&
	echo 3 >expect &&
	test_cmp expect out &&
	fixbill invoice list -q --period 2026-10 >out &&
	echo INV-2026-00001 >expect &&
	test_cmp expect out &&
	fixbill invoice list --json --period 2026-11 | jq -r ".[].number" >out &&
	printf "INV-2026-00002\nnull\n" >expect &&
	test_cmp expect out &&
	test_fails_cleanly 2 "fixbill: error: invalid value '\''sent'\'' for '\''--status'\'': want draft, issued, paid or void" \
		fixbill invoice list --status sent
'

test_expect_success 'fixbill-invoice(1) SYNOPSIS is what invoice -h prints' '
	sed -n "/^\.SH SYNOPSIS/,/^\.SH /p" "$TEST_ROOT/share/man/fixbill-invoice.1" |
		grep -v "^\." | sed "s/\\\\-/-/g" >expect &&
	fixbill invoice -h | sed -n "s/^usage: //p; s/^   or: //p" >actual &&
	test_cmp expect actual
'

test_done
