#!/bin/sh
# fixbill job charge|charges|uncharge: parts priced by markup or price,
# trips and flat fees, exact rounding in the client's currency, and the
# refusals once an invoice holds a charge.
. "$(dirname "$0")/../lib.sh"

setup() {
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill job open --client acme "SSD swap" >/dev/null
}

# Put charge $1 on a draft invoice (id 1); with $2 = issued, issue it.
hold_charge() {
	sqlite3 "$FIXBILL_DB" "INSERT OR IGNORE INTO invoices(id, client_id, currency, created)
		VALUES (1, 1, 'USD', 0);
		UPDATE charges SET invoice_id = 1 WHERE id = $1" &&
	if [ "$2" = issued ]; then
		sqlite3 "$FIXBILL_DB" "UPDATE invoices SET status = 'issued',
			number = 'INV-2026-00001', issue_date = '2026-10-15' WHERE id = 1"
	fi
}

test_expect_success 'charge prints the new charge number' '
	setup &&
	fixbill job charge 1 --part "SSD 1TB" --cost 60 --markup 25 >actual &&
	fixbill job charge 1 --trip 45 >>actual &&
	fixbill job charge 1 --flat "Data recovery" 150 >>actual &&
	printf "charge 1\ncharge 2\ncharge 3\n" >expect &&
	test_cmp expect actual &&
	fixbill -q job charge 1 --trip 10 >actual &&
	test ! -s actual
'

test_expect_success 'part prices: markup rounded half away from zero, then qty x price' '
	setup &&
	fixbill job charge 1 --part "SSD 1TB" --cost 60 --markup 25 >/dev/null &&
	fixbill job charge 1 --part "Cable" --qty 0.333 --cost 9.99 --markup 33.3333 >/dev/null &&
	fixbill job charge 1 --part "Screw" --qty 1.5 --cost 0.01 --markup 50% >/dev/null &&
	fixbill job charge 1 --part "Dock" --qty 2 --cost 100 --price 1234.5 >/dev/null &&
	fixbill job charge 1 --part "Fan" --cost 12.34 >/dev/null &&
	fixbill job charge 1 --trip 45 >/dev/null &&
	fixbill job charge 1 --flat "Data recovery" 1500 >/dev/null &&
	fixbill job charges 1 >actual &&
	cat >expect <<-\EOT &&
	ID  KIND  DESCRIPTION    INVOICE    QTY     PRICE    AMOUNT
	 1  part  SSD 1TB        -            1     75.00     75.00
	 2  part  Cable          -        0.333     13.32      4.44
	 3  part  Screw          -          1.5      0.02      0.03
	 4  part  Dock           -            2  1,234.50  2,469.00
	 5  part  Fan            -            1     12.34     12.34
	 6  trip  Trip charge    -            1     45.00     45.00
	 7  flat  Data recovery  -            1  1,500.00  1,500.00
	          total                                    4,105.81
	EOT
	test_cmp expect actual &&
	fixbill -q job charges 1 >actual &&
	printf "1\n2\n3\n4\n5\n6\n7\n" >expect &&
	test_cmp expect actual
'

test_expect_success 'charge --json is the charge; charges --json an array' '
	setup &&
	fixbill job charge 1 --json --part "SSD 1TB" --qty 2 --cost 60 --markup 25 >actual &&
	cat >expect <<-\EOT &&
	{
	  "id": 1,
	  "job": 1,
	  "kind": "part",
	  "description": "SSD 1TB",
	  "quantity": "2",
	  "unit_cost": "60.00",
	  "unit_price": "75.00",
	  "amount": "150.00",
	  "invoice": null,
	  "currency": "USD"
	}
	EOT
	test_cmp expect actual &&
	fixbill job charge 1 --trip 45 >/dev/null &&
	hold_charge 2 &&
	fixbill --json job charges 1 >actual &&
	cat >expect <<-\EOT &&
	[
	  {
	    "id": 1,
	    "job": 1,
	    "kind": "part",
	    "description": "SSD 1TB",
	    "quantity": "2",
	    "unit_cost": "60.00",
	    "unit_price": "75.00",
	    "amount": "150.00",
	    "invoice": null,
	    "currency": "USD"
	  },
	  {
	    "id": 2,
	    "job": 1,
	    "kind": "trip",
	    "description": "Trip charge",
	    "quantity": "1",
	    "unit_cost": null,
	    "unit_price": "45.00",
	    "amount": "45.00",
	    "invoice": 1,
	    "currency": "USD"
	  }
	]
	EOT
	test_cmp expect actual
'

test_expect_success 'amounts are in the client'"'"'s currency (JPY 0, KWD 3 decimals)' '
	fixbill client add jp --name "Nihon KK" --currency JPY >/dev/null &&
	fixbill client add kw --name "Kuwait Co" --currency KWD >/dev/null &&
	fixbill job open --client jp "Printer" >/dev/null &&
	fixbill job open --client kw "Router" >/dev/null &&
	fixbill job charge 1 --part "Toner" --cost 1000 --markup 12.5 >/dev/null &&
	fixbill job charge 2 --part "Cable" --cost 1.234 --markup 10 >/dev/null &&
	fixbill job charges 1 >actual &&
	cat >expect <<-\EOT &&
	ID  KIND  DESCRIPTION  INVOICE  QTY  PRICE  AMOUNT
	 1  part  Toner        -          1  1,125   1,125
	EOT
	test_cmp expect actual &&
	fixbill --json job charges 2 >actual &&
	grep "\"unit_price\": \"1.357\",$" actual &&
	grep "\"currency\": \"KWD\"$" actual &&
	test_fails_cleanly 2 "fixbill: error: invalid trip charge: invalid amount '"'"'45.5'"'"': JPY has no decimals" \
		fixbill job charge 1 --trip 45.5 &&
	test_fails_cleanly 2 "fixbill: error: invalid cost: invalid amount '"'"'1.2345'"'"': KWD has 3 decimals" \
		fixbill job charge 2 --part "Cable" --cost 1.2345
'

test_expect_success 'job show lists the charges and their total' '
	setup &&
	fixbill job charge 1 --part "SSD 1TB" --cost 60 --markup 25 >/dev/null &&
	fixbill job charge 1 --trip 45 >/dev/null &&
	fixbill job show 1 >actual &&
	sed -n "/^charges/,\$p" actual >tail &&
	cat >expect <<-\EOT &&
	charges (USD):
	ID  KIND  DESCRIPTION  INVOICE  QTY  PRICE  AMOUNT
	 1  part  SSD 1TB      -          1  75.00   75.00
	 2  trip  Trip charge  -          1  45.00   45.00
	          total                             120.00
	EOT
	test_cmp expect tail &&
	fixbill --json job show 1 >actual &&
	grep "\"charges_total\": \"120.00\",$" actual
'

test_expect_success 'a resolved job still takes charges; an invoiced one is refused' '
	setup &&
	fixbill job resolve 1 &&
	fixbill job charge 1 --trip 45 >actual &&
	echo "charge 1" >expect &&
	test_cmp expect actual &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = '"'"'invoiced'"'"'" &&
	test_fails_cleanly 4 "fixbill: error: cannot charge job '"'"'1'"'"': it is invoiced" \
		fixbill job charge 1 --trip 45
'

test_expect_success 'charge usage errors change nothing' '
	setup &&
	test_fails_cleanly 2 "fixbill: error: '"'"'job charge'"'"' needs one of '"'"'--part'"'"', '"'"'--trip'"'"', '"'"'--flat'"'"' or '"'"'--discount'"'"'" \
		fixbill job charge 1 &&
	test_fails_cleanly 2 "fixbill: error: options '"'"'--part'"'"' and '"'"'--trip'"'"' cannot be combined" \
		fixbill job charge 1 --part SSD --cost 60 --trip 45 &&
	test_fails_cleanly 2 "fixbill: error: option '"'"'--qty'"'"' is only for '"'"'--part'"'"'" \
		fixbill job charge 1 --trip 45 --qty 2 &&
	test_fails_cleanly 2 "fixbill: error: options '"'"'--markup'"'"' and '"'"'--price'"'"' cannot be combined" \
		fixbill job charge 1 --part SSD --cost 60 --markup 25 --price 80 &&
	test_fails_cleanly 2 "fixbill: error: missing option '"'"'--cost'"'"' for '"'"'job charge --part'"'"'" \
		fixbill job charge 1 --part SSD --markup 25 &&
	test_fails_cleanly 2 "fixbill: error: missing AMOUNT for '"'"'job charge --flat'"'"'" \
		fixbill job charge 1 --flat "Setup" &&
	test_fails_cleanly 2 "fixbill: error: too many arguments for '"'"'job charge'"'"'" \
		fixbill job charge 1 --trip 45 50 &&
	test_fails_cleanly 2 "fixbill: error: invalid quantity '"'"'1.2345'"'"': at most 3 decimals" \
		fixbill job charge 1 --part SSD --cost 60 --qty 1.2345 &&
	test_fails_cleanly 2 "fixbill: error: invalid quantity '"'"'0'"'"': must be more than zero" \
		fixbill job charge 1 --part SSD --cost 60 --qty 0 &&
	test_fails_cleanly 2 "fixbill: error: invalid quantity '"'"'two'"'"'" \
		fixbill job charge 1 --part SSD --cost 60 --qty two &&
	test_fails_cleanly 2 "fixbill: error: invalid markup '"'"'-5'"'"': must not be negative" \
		fixbill job charge 1 --part SSD --cost 60 --markup -5 &&
	test_fails_cleanly 2 "fixbill: error: invalid markup '"'"'lots'"'"': write a percentage such as 25" \
		fixbill job charge 1 --part SSD --cost 60 --markup lots &&
	test_fails_cleanly 2 "fixbill: error: invalid cost: invalid amount '"'"'60.001'"'"': USD has 2 decimals" \
		fixbill job charge 1 --part SSD --cost 60.001 &&
	test_fails_cleanly 2 "fixbill: error: invalid flat fee: invalid amount '"'"'-5'"'"': must not be negative" \
		fixbill job charge 1 --flat Discount -5 &&
	test_fails_cleanly 2 "fixbill: error: invalid description: must not be empty" \
		fixbill job charge 1 --part "" --cost 5 &&
	test_fails_cleanly 2 "fixbill: error: invalid charge: the amount is too large" \
		fixbill job charge 1 --part SSD --cost 10000000000000 --qty 1000000
'

test_expect_success 'charge and charges: unknown job 3, bad number 2' '
	setup &&
	test_fails_cleanly 3 "fixbill: error: unknown job '"'"'9'"'"'" fixbill job charge 9 --trip 45 &&
	test_fails_cleanly 3 "fixbill: error: unknown job '"'"'9'"'"'" fixbill job charges 9 &&
	test_fails_cleanly 2 "fixbill: error: invalid job number '"'"'x'"'"'" fixbill job charges x
'

test_expect_success 'uncharge removes a charge no invoice holds' '
	setup &&
	fixbill job charge 1 --trip 45 >/dev/null &&
	fixbill job charge 1 --trip 50 >/dev/null &&
	fixbill job uncharge 1 >actual &&
	test ! -s actual &&
	fixbill -q job charges 1 >actual &&
	echo 2 >expect &&
	test_cmp expect actual
'

test_expect_success 'uncharge refusals: held by a draft or an issued invoice (4), unknown (3)' '
	setup &&
	fixbill job charge 1 --trip 45 >/dev/null &&
	hold_charge 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot remove charge '"'"'1'"'"': it is on draft 1" \
		fixbill job uncharge 1 &&
	grep "^hint: discard the draft first: fixbill invoice discard 1$" .stderr &&
	hold_charge 1 issued &&
	test_fails_cleanly 4 "fixbill: error: cannot remove charge '"'"'1'"'"': it is on invoice INV-2026-00001" \
		fixbill job uncharge 1 &&
	fixbill job charges 1 >actual &&
	grep "^ 1  trip  Trip charge  INV-2026-00001    1  45.00   45.00$" actual &&
	test_fails_cleanly 3 "fixbill: error: unknown charge '"'"'5'"'"'" fixbill job uncharge 5 &&
	test_fails_cleanly 2 "fixbill: error: invalid charge number '"'"'x'"'"'" fixbill job uncharge x
'

test_done
