#!/bin/sh
# Receivables (SPEC section 10): payments as records, client credit from
# overpayments and voids, credit applied and refunded, payment voids, a
# retried --ref recorded once, and one balance in every view: invoice
# show and list, report aging and revenue, the statement and the hledger
# receivable.  Every figure below is worked out by hand: one hour at
# 100.00 is an invoice of 100.00 (no tax).
. "$(dirname "$0")/../lib.sh"

shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set billing.weekend 1 &&
	fixbill client add acme --name "Acme Dental" >/dev/null
}

# bill CLIENT DAY: an hour of work on DAY, invoiced and issued that day.
bill() {
	fixbill job open --client "$1" --at "$2 08:00" "Job" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2 09:00" --end "$2 10:00" >/dev/null &&
	fixbill job resolve "$n" --at "$2 10:00" >/dev/null &&
	d=$(fixbill invoice create --client "$1" --through "$2") &&
	fixbill invoice issue "${d#draft }" --date "$2" >/dev/null
}

# balance_everywhere CLIENT AMOUNT: what every view says the client owes.
balance_everywhere() {
	fixbill report aging --client "$1" --json | jq -r ".[0].total // \"0.00\"" >got &&
	fixbill report revenue --client "$1" --period 2026 --json | jq -r ".[0].outstanding" >>got &&
	fixbill client statement "$1" --json | jq -r .closing >>got &&
	fixbill invoice export --period 2026 --format ledger >books.journal &&
	hledger -f books.journal check &&
	hledger -f books.journal balance assets:receivable -N -O csv -E |
		sed -n "2{s/^\"[^\"]*\",\"//; s/\"$//; s/^USD //; s/^0$/0.00/; p;}" >>got &&
	printf "%s\n%s\n%s\n%s\n" "$2" "$2" "$2" "$2" >want &&
	test_cmp want got &&
	fixbill db check >/dev/null
}

test_expect_success 'pay 40 on 100.00, void, re-bill: 60.00 in every view' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 40 --date 2026-10-05 >out &&
	echo "payment 1: INV-2026-00001 balance 60.00" >expect &&
	test_cmp expect out &&
	fixbill invoice void INV-2026-00001 --date 2026-10-06 >/dev/null &&
	fixbill invoice show CN-2026-00001 | tr "\n" " " | grep "Payments of 40.00 moved to account credit\." &&
	test "$(fixbill invoice show CN-2026-00001 --json | jq -r .moved_to_credit)" = 40.00 &&
	fixbill client credit acme >out &&
	printf "CURRENCY  AMOUNT\nUSD        40.00\n" >expect &&
	test_cmp expect out &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 3 >/dev/null &&
	fixbill invoice show INV-2026-00002 --json |
		jq -r "[.total, .paid, .balance, .status] | join(\" \")" >out &&
	echo "100.00 40.00 60.00 issued" >expect &&
	test_cmp expect out &&
	fixbill invoice show INV-2026-00002 --json | jq -c ".payments[] | [.id, .date, .amount, .kind]" >out &&
	echo "[2,\"2026-10-15\",\"40.00\",\"credit\"]" >expect &&
	test_cmp expect out &&
	fixbill invoice show INV-2026-00002 | grep "Balance due USD  *60.00$" &&
	fixbill invoice list >out &&
	cat >expect <<-\EOF &&
	NUMBER          CLIENT  STATUS  DATE        DUE           TOTAL  BALANCE  CUR
	INV-2026-00001  acme    void    2026-10-01  2026-10-31   100.00     0.00  USD
	CN-2026-00001   acme    credit  2026-10-06  2026-10-06  -100.00     0.00  USD
	INV-2026-00002  acme    issued  2026-10-15  2026-11-14   100.00    60.00  USD
	EOF
	test_cmp expect out &&
	fixbill report aging >out &&
	cat >expect <<-\EOF &&
	CLIENT  CURRENT  1-30  31-60  61-90   91+  CREDIT  TOTAL  CURRENCY
	acme      60.00  0.00   0.00   0.00  0.00    0.00  60.00  USD
	total     60.00  0.00   0.00   0.00  0.00    0.00  60.00  USD
	EOF
	test_cmp expect out &&
	fixbill report revenue --period 2026-10 >out &&
	cat >expect <<-\EOF &&
	CLIENT  INVOICED  CREDITED   PAID  OUTSTANDING  CURRENCY
	acme      200.00    100.00  40.00        60.00  USD
	total     200.00    100.00  40.00        60.00  USD
	EOF
	test_cmp expect out &&
	fixbill client statement acme --period 2026-10 >out &&
	cat >expect <<-\EOF &&
	STATEMENT OF ACCOUNT

	Acme Dental (acme)

	Period 2026-10-01 to 2026-10-31, in USD

	Date       Item            Reference          Amount    Balance
	---------------------------------------------------------------
	2026-10-01 Opening balance                                 0.00
	2026-10-01 Invoice         INV-2026-00001     100.00     100.00
	2026-10-05 Payment         INV-2026-00001     -40.00      60.00
	2026-10-06 Credit note     CN-2026-00001     -100.00     -40.00
	2026-10-15 Invoice         INV-2026-00002     100.00      60.00
	---------------------------------------------------------------
	2026-10-31 Closing balance USD                            60.00

	Aging on 2026-10-31:
	Current  1-30  31-60  61-90   91+  Credit  Balance
	  60.00  0.00   0.00   0.00  0.00    0.00    60.00
	EOF
	test_cmp expect out &&
	balance_everywhere acme 60.00 &&
	fixbill client credit acme >out &&
	echo "'\''acme'\'' has no credit" >expect &&
	test_cmp expect out
'

test_expect_success 'between the void and the re-bill the 40.00 is credit: the balance is -40.00' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 40 --date 2026-10-05 >/dev/null &&
	fixbill invoice void INV-2026-00001 --date 2026-10-06 >/dev/null &&
	fixbill report aging --json | jq -r ".[0] | [.current, .credit, .total] | join(\" \")" >out &&
	echo "0.00 -40.00 -40.00" >expect &&
	test_cmp expect out &&
	balance_everywhere acme -40.00 &&
	fixbill report aging --as-of 2026-10-05 --json | jq -r ".[0] | [.current, .credit, .total] | join(\" \")" >out &&
	echo "60.00 0.00 60.00" >expect &&
	test_cmp expect out
'

test_expect_success 'with payments.apply_credit off, issuing leaves the credit alone' '
	shop &&
	fixbill config set payments.apply_credit off &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 40 --date 2026-10-05 >/dev/null &&
	fixbill invoice void INV-2026-00001 --date 2026-10-06 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 3 >/dev/null &&
	fixbill invoice list --status issued >out &&
	grep "^INV-2026-00002 .* 100.00  *100.00  USD$" out &&
	fixbill report aging --json | jq -r ".[0] | [.current, .credit, .total] | join(\" \")" >out &&
	echo "100.00 -40.00 60.00" >expect &&
	test_cmp expect out &&
	balance_everywhere acme 60.00
'

test_expect_success 'an overpayment is refused, or taken into credit, applied and refunded' '
	shop &&
	fixbill config set payments.apply_credit off &&
	bill acme 2026-10-01 &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': 150.00 is more than the balance 100.00" \
		fixbill invoice pay INV-2026-00001 150 &&
	fixbill invoice pay INV-2026-00001 150 --excess credit --method bank --ref B1 >out &&
	echo "payment 1: INV-2026-00001 paid, 50.00 to credit" >expect &&
	test_cmp expect out &&
	fixbill payment show 1 >out &&
	cat >expect <<-\EOF &&
	payment    1
	kind       payment
	client     acme
	invoice    INV-2026-00001
	date       2026-10-15
	amount     150.00 USD
	applied    100.00
	to credit  50.00
	method     bank
	ref        B1
	EOF
	test_cmp expect out &&
	test "$(fixbill client credit acme --json | jq -c .)" = "[{\"currency\":\"USD\",\"amount\":\"50.00\"}]" &&
	bill acme 2026-10-02 &&
	fixbill invoice apply-credit INV-2026-00002 30 >out &&
	echo "credit 2: INV-2026-00002 balance 70.00" >expect &&
	test_cmp expect out &&
	test_fails_cleanly 4 "fixbill: error: cannot refund '\''acme'\'': 30.00 is more than the credit 20.00" \
		fixbill client refund acme 30 &&
	fixbill client refund acme 20 --method cheque --ref R1 >out &&
	echo "refund 3: '\''acme'\'' has 0.00 USD of credit left" >expect &&
	test_cmp expect out &&
	fixbill client refund acme 20 --method cheque --ref R1 >out &&
	echo "already recorded: refund 3" >expect &&
	test_cmp expect out &&
	fixbill client refund acme 20 --method cheque --ref R1 --json |
		jq -r "[.id, .kind, .amount, .currency, .ref] | join(\" \")" >out &&
	echo "3 refund 20.00 USD R1" >expect &&
	test_cmp expect out &&
	test_fails_cleanly 4 "fixbill: error: cannot refund '\''acme'\'': '\''acme'\'' has no credit in USD" \
		fixbill client refund acme 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00002'\'': '\''acme'\'' has no credit in USD" \
		fixbill invoice apply-credit INV-2026-00002 &&
	fixbill payment list >out &&
	cat >expect <<-\EOF &&
	ID  DATE        KIND     CLIENT  INVOICE         AMOUNT  CUR  METHOD  REF  NOTE
	 1  2026-10-15  payment  acme    INV-2026-00001  150.00  USD  bank    B1   50.00 to credit
	 2  2026-10-15  credit   acme    INV-2026-00002   30.00  USD  -       -    -
	 3  2026-10-15  refund   acme    -                20.00  USD  cheque  R1   -
	EOF
	test_cmp expect out &&
	fixbill client statement acme --json | jq -c "[.lines[] | [.kind, .amount, .balance]]" >out &&
	echo "[[\"invoice\",\"100.00\",\"100.00\"],[\"invoice\",\"100.00\",\"200.00\"],[\"payment\",\"-150.00\",\"50.00\"],[\"refund\",\"20.00\",\"70.00\"]]" >expect &&
	test_cmp expect out &&
	balance_everywhere acme 70.00 &&
	fixbill invoice export --period 2026-10 --format payments >out &&
	cat >expect <<-\EOF &&
	date,client,invoice,kind,amount,currency,method,ref
	2026-10-15,acme,INV-2026-00001,payment,150.00,USD,bank,B1
	2026-10-15,acme,INV-2026-00002,credit,30.00,USD,,
	2026-10-15,acme,,refund,20.00,USD,cheque,R1
	EOF
	test_cmp expect out
'

test_expect_success 'a client that pays twice: the second payment is credit' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 100 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': it is already paid" \
		fixbill invoice pay INV-2026-00001 100 &&
	fixbill invoice pay INV-2026-00001 100 --excess credit >out &&
	echo "payment 2: INV-2026-00001 paid, 100.00 to credit" >expect &&
	test_cmp expect out &&
	balance_everywhere acme -100.00 &&
	bill acme 2026-10-10 &&
	test "$(fixbill invoice show INV-2026-00002 --json | jq -r .status)" = paid &&
	balance_everywhere acme 0.00
'

test_expect_success 'apply-credit takes as much as the credit and the balance allow' '
	shop &&
	fixbill config set payments.apply_credit off &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 130 --excess credit >/dev/null &&
	bill acme 2026-10-02 &&
	fixbill invoice apply-credit INV-2026-00002 >out &&
	echo "credit 2: INV-2026-00002 balance 70.00" >expect &&
	test_cmp expect out &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00001'\'': it is already paid" \
		fixbill invoice apply-credit INV-2026-00001 &&
	fixbill invoice pay INV-2026-00002 100 --excess credit >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00002'\'': it is already paid" \
		fixbill invoice apply-credit INV-2026-00002 5 &&
	bill acme 2026-10-03 &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00003'\'': 40.00 is more than the credit 30.00" \
		fixbill invoice apply-credit INV-2026-00003 40 &&
	test_fails_cleanly 2 "fixbill: error: invalid amount '\''0'\'': must be more than zero" \
		fixbill invoice apply-credit INV-2026-00003 0 &&
	balance_everywhere acme 70.00
'

test_expect_success 'a payment repeated with the same --ref is recorded once' '
	shop &&
	fixbill client add beta --name Beta >/dev/null &&
	bill acme 2026-10-01 &&
	bill beta 2026-10-02 &&
	fixbill invoice pay INV-2026-00001 40 --ref T-1 >out &&
	fixbill invoice pay INV-2026-00001 40 --ref T-1 >>out &&
	fixbill invoice pay INV-2026-00001 40 --ref T-1 >>out &&
	cat >expect <<-\EOF &&
	payment 1: INV-2026-00001 balance 60.00
	already recorded: payment 1
	already recorded: payment 1
	EOF
	test_cmp expect out &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM payments")" = 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': reference '\''T-1'\'' is already payment 1 (40.00 on INV-2026-00001)" \
		fixbill invoice pay INV-2026-00001 50 --ref T-1 &&
	fixbill invoice pay INV-2026-00002 40 --ref T-1 >out &&
	echo "payment 2: INV-2026-00002 balance 60.00" >expect &&
	test_cmp expect out &&
	fixbill invoice pay INV-2026-00001 60 --ref T-2 >/dev/null &&
	fixbill invoice pay INV-2026-00001 60 --ref T-2 >out &&
	echo "already recorded: payment 3" >expect &&
	test_cmp expect out &&
	test "$(fixbill invoice show INV-2026-00001 --json | jq -r .status)" = paid
'

test_expect_success 'payment void: a reversal dated today undoes it everywhere' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 100 --date 2026-10-05 --ref CHQ-9 >/dev/null &&
	test "$(fixbill invoice show INV-2026-00001 --json | jq -r .status)" = paid &&
	fixbill payment void 1 --reason "cheque bounced" >out &&
	echo "payment 1 voided: reversal 2" >expect &&
	test_cmp expect out &&
	fixbill invoice show INV-2026-00001 --json | jq -r "[.status, .paid, .balance, (.payments | length)] | join(\" \")" >out &&
	echo "issued 0.00 100.00 0" >expect &&
	test_cmp expect out &&
	fixbill payment list --invoice INV-2026-00001 >out &&
	cat >expect <<-\EOF &&
	ID  DATE        KIND      CLIENT  INVOICE         AMOUNT  CUR  METHOD  REF    NOTE
	 1  2026-10-05  payment   acme    INV-2026-00001  100.00  USD  -       CHQ-9  voided by 2
	 2  2026-10-15  reversal  acme    INV-2026-00001  100.00  USD  -       CHQ-9  reverses 1
	EOF
	test_cmp expect out &&
	fixbill payment show 2 --json | jq -r "[.kind, .reverses, .reason, .voided] | join(\" \")" >out &&
	echo "reversal 1 cheque bounced false" >expect &&
	test_cmp expect out &&
	test "$(fixbill payment show 1 --json | jq -r .voided)" = true &&
	fixbill client statement acme --from 2026-10-04 --json | jq -c "[.opening, (.lines[] | [.kind, .ref, .amount, .balance]), .closing]" >out &&
	echo "[\"100.00\",[\"payment\",\"INV-2026-00001\",\"-100.00\",\"0.00\"],[\"reversal\",\"payment 1\",\"100.00\",\"100.00\"],\"100.00\"]" >expect &&
	test_cmp expect out &&
	fixbill report aging --as-of 2026-10-10 --json | jq -r ".[0].total // \"none\"" >out &&
	echo none >expect &&
	test_cmp expect out &&
	balance_everywhere acme 100.00 &&
	test_fails_cleanly 4 "fixbill: error: cannot void payment 1: it is already void (payment 2)" \
		fixbill payment void 1 &&
	test_fails_cleanly 4 "fixbill: error: cannot void payment 2: it is a reversal" \
		fixbill payment void 2 &&
	test_fails_cleanly 3 "fixbill: error: unknown payment '\''9'\''" \
		fixbill payment void 9 &&
	test_fails_cleanly 2 "fixbill: error: invalid payment '\''x'\'': want its number" \
		fixbill payment void x
'

# The decision SPEC section 10 leaves open: voiding a payment whose money
# has since gone on as credit (applied to another invoice, or refunded)
# is refused until that is voided first, so a client's credit is never
# below zero; then the invoice it paid owes again.
test_expect_success 'voiding a payment whose credit was used elsewhere: void that first' '
	shop &&
	fixbill config set payments.apply_credit off &&
	bill acme 2026-10-01 &&
	bill acme 2026-10-02 &&
	fixbill invoice pay INV-2026-00001 150 --excess credit >/dev/null &&
	fixbill invoice apply-credit INV-2026-00002 50 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot void payment 1: 50.00 of it has since been applied or refunded as credit" \
		fixbill payment void 1 &&
	fixbill payment void 2 >/dev/null &&
	fixbill invoice show INV-2026-00002 --json | jq -r .balance >out &&
	echo 100.00 >expect &&
	test_cmp expect out &&
	balance_everywhere acme 50.00 &&
	fixbill payment void 1 >/dev/null &&
	balance_everywhere acme 200.00 &&
	test "$(fixbill client credit acme --json)" = "[]"
'

test_expect_success 'a void moves credit applied to the invoice back to credit too' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 130 --excess credit >/dev/null &&
	bill acme 2026-10-02 &&
	test "$(fixbill invoice show INV-2026-00002 --json | jq -r .balance)" = 70.00 &&
	fixbill invoice void INV-2026-00002 >/dev/null &&
	test "$(fixbill invoice show CN-2026-00001 --json | jq -r .moved_to_credit)" = 30.00 &&
	fixbill client credit acme --json | jq -r ".[0].amount" >out &&
	echo 30.00 >expect &&
	test_cmp expect out &&
	balance_everywhere acme -30.00
'

test_expect_success 'what a void moved stays what its credit note says, whatever happens after' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 40 >/dev/null &&
	fixbill invoice void INV-2026-00001 >/dev/null &&
	fixbill payment void 1 >/dev/null &&
	test "$(fixbill invoice show CN-2026-00001 --json | jq -r .moved_to_credit)" = 40.00 &&
	test "$(fixbill client credit acme --json)" = "[]" &&
	balance_everywhere acme 0.00
'

# A client deals in one currency while it has invoices (client edit
# refuses to change it), but a database may hold clients whose currency
# changed before that rule: their statement is one per currency.
test_expect_success 'the statement closing is the aging total, for clients, currencies and days' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set billing.weekend 1 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill client add euro --name "Euro GmbH" --currency EUR --rate 80 >/dev/null &&
	fixbill client add both --name "Both Ltd" >/dev/null &&
	bill acme 2026-07-01 &&
	bill euro 2026-07-15 &&
	bill both 2026-08-01 &&
	fixbill invoice pay INV-2026-00001 30 --date 2026-08-10 >/dev/null &&
	fixbill invoice pay INV-2026-00002 100 --excess credit --date 2026-08-20 >/dev/null &&
	sqlite3 "$FIXBILL_DB" "UPDATE clients SET currency = '\''EUR'\'' WHERE code = '\''both'\''" &&
	fixbill client edit both --rate 90 >/dev/null &&
	bill both 2026-09-01 &&
	fixbill invoice pay INV-2026-00003 150 --excess credit --date 2026-09-05 >/dev/null &&
	fixbill invoice void INV-2026-00004 --date 2026-09-20 >/dev/null &&
	bill acme 2026-10-01 &&
	fixbill client refund euro 10 --currency EUR --date 2026-10-02 >/dev/null &&
	test "$(fixbill client statement both --json | jq -r "map(.currency) | join(\" \")")" = "EUR USD" &&
	for c in acme euro both; do
		for d in 2026-07-31 2026-08-15 2026-08-31 2026-09-10 2026-09-30 2026-10-15; do
			fixbill report aging --as-of $d --client $c --json |
				jq -r "sort_by(.currency)[] | .currency + \" \" + .total" >aging &&
			fixbill client statement $c --to $d --json |
				jq -r "if type == \"array\" then .[] else . end | select(.closing != \"0.00\" or .aging.credit != \"0.00\") | .currency + \" \" + .closing" >closing &&
			test_cmp aging closing || return 1
		done
	done &&
	fixbill client statement both --to 2026-09-30 --json >both.json &&
	jq -r ".[] | [.currency, .opening, .closing, .aging.current, .aging.d1_30, .aging.credit] | join(\" \")" both.json >out &&
	cat >expect <<-\EOF &&
	EUR 0.00 0.00 0.00 0.00 0.00
	USD 0.00 -50.00 0.00 0.00 -50.00
	EOF
	test_cmp expect out &&
	fixbill db check >/dev/null
'

test_expect_success 'a statement as CSV: opening and closing rows, formula text defused' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 25 --ref "=cmd" --date 2026-10-02 >/dev/null &&
	fixbill client refund acme 1 2>/dev/null;
	fixbill invoice pay INV-2026-00001 100 --excess credit --date 2026-10-03 >/dev/null &&
	fixbill client refund acme 5 --ref "=2+3" >/dev/null &&
	fixbill client statement acme --from 2026-10-02 --format csv -o st.csv &&
	cat >expect <<-\EOF &&
	date,kind,ref,amount,balance,currency
	"2026-10-02","opening","",,100.00,"USD"
	"2026-10-02","payment","INV-2026-00001",-25.00,75.00,"USD"
	"2026-10-03","payment","INV-2026-00001",-100.00,-25.00,"USD"
	"2026-10-15","refund","'\''=2+3",5.00,-20.00,"USD"
	"2026-10-15","closing","",,-20.00,"USD"
	EOF
	test_cmp expect st.csv
'

test_expect_success 'a statement as PDF: the same figures, one page per currency' '
	shop &&
	fixbill config set company.name "Fixit Field Services" &&
	fixbill client edit acme --address "400 Congress St\nPortland" >/dev/null &&
	bill acme 2026-09-01 &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00002 40 --date 2026-10-05 >/dev/null &&
	fixbill invoice void INV-2026-00002 --date 2026-10-06 >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 4 >/dev/null &&
	fixbill invoice pay INV-2026-00001 50 --date 2026-10-10 >/dev/null &&
	fixbill client statement acme --period 2026-10 --format pdf -o st.pdf &&
	pdfinfo st.pdf | grep "^Pages: *1$" &&
	pdftotext -layout st.pdf - 2>/dev/null | sed "s/  */ /g; s/^ //" >st.txt &&
	grep "^Fixit Field Services STATEMENT$" st.txt &&
	grep "^Acme Dental$" st.txt &&
	grep "^400 Congress St$" st.txt &&
	grep "^2026-10-01 Opening balance 100.00$" st.txt &&
	grep "^2026-10-05 Payment INV-2026-00002 -40.00 160.00$" st.txt &&
	grep "^2026-10-06 Credit note CN-2026-00001 -100.00 60.00$" st.txt &&
	grep "^2026-10-31 Closing balance USD 110.00$" st.txt &&
	grep "^60.00 50.00 0.00 0.00 0.00 0.00 110.00$" st.txt &&
	grep "^Fixit Field Services Statement acme 2026-10-31 Page 1 of 1$" st.txt &&
	fixbill report aging --as-of 2026-10-31 --json | jq -r ".[0].total" >out &&
	echo 110.00 >expect &&
	test_cmp expect out &&
	sqlite3 "$FIXBILL_DB" "UPDATE clients SET currency = '\''EUR'\'' WHERE code = '\''acme'\''" &&
	bill acme 2026-10-15 &&
	test "$(fixbill invoice show INV-2026-00004 --json | jq -r .currency)" = EUR &&
	fixbill client statement acme --period 2026-10 --format pdf -o two.pdf &&
	pdfinfo two.pdf | grep "^Pages: *2$" &&
	pdftotext -layout two.pdf - 2>/dev/null | grep -c "Page 1 of 1" >n &&
	echo 2 >expect &&
	test_cmp expect n
'

test_expect_success 'a statement PDF needs a font that draws every name' '
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme 日本" >/dev/null &&
	test_expect_code 1 fixbill client statement acme --format pdf -o st.pdf 2>err &&
	grep "^fixbill: error: cannot write the statement: no glyph for U+65E5 in DejaVu Sans: set invoice.font$" err &&
	test ! -e st.pdf
'

test_expect_success 'statement errors: format, client, period, a terminal' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: invalid value '\''doc'\'' for '\''--format'\'': want txt, pdf, csv or json" \
		fixbill client statement acme --format doc &&
	test_fails_cleanly 3 "fixbill: error: unknown client '\''nope'\''" \
		fixbill client statement nope &&
	test_fails_cleanly 2 "fixbill: error: options '\''--period'\'' and '\''--from'\'' cannot be combined" \
		fixbill client statement acme --period 2026-10 --from 2026-10-01
'

# Credit applications, refunds and reversals join the tamper-evident
# chain as they are recorded; one changed afterwards is caught.
test_expect_success 'credit applied, refunds and reversals are in the chain' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 150 --excess credit >/dev/null &&
	bill acme 2026-10-02 &&
	fixbill invoice pay INV-2026-00002 100 --excess credit >/dev/null &&
	fixbill client refund acme 10 >/dev/null &&
	fixbill payment void 4 >/dev/null &&
	sqlite3 "$FIXBILL_DB" "SELECT seq, kind, record_id FROM chain ORDER BY seq" >out &&
	cat >expect <<-\EOF &&
	1|invoice|1
	2|payment|1
	3|invoice|2
	4|credit|2
	5|payment|3
	6|refund|4
	7|reversal|5
	EOF
	test_cmp expect out &&
	fixbill db check >/dev/null &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER payments_frozen;
		UPDATE payments SET amount = 900 WHERE kind = '\''refund'\''" &&
	test_expect_code 1 fixbill db check 2>err &&
	grep "^fixbill: problem: refund 4 to acme has changed since it was recorded (chain record 6)$" err
'

test_expect_success 'db check: every view of a client agrees, credit never below zero' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 40 >/dev/null &&
	fixbill invoice void INV-2026-00001 >/dev/null &&
	fixbill db check >/dev/null &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER invoices_frozen;
		DROP TRIGGER invoice_lines_frozen_update;
		UPDATE invoices SET total = -9000, subtotal = -9000 WHERE kind = '\''credit'\'';
		UPDATE invoice_lines SET amount = -9000 WHERE invoice_id = 2" &&
	test_expect_code 1 fixbill db check 2>err &&
	grep "^fixbill: problem: client acme owes -4000 USD by its open invoices less its credit but -3000 by its invoices, credit notes and payments$" err
'

test_expect_success 'db check: a client with less than no credit is caught' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 150 --excess credit >/dev/null &&
	fixbill client refund acme 50 >/dev/null &&
	fixbill db check >/dev/null &&
	sqlite3 "$FIXBILL_DB" "DROP TRIGGER payments_frozen;
		UPDATE payments SET amount = 8000 WHERE kind = '\''refund'\''" &&
	test_expect_code 1 fixbill db check 2>err &&
	grep "^fixbill: problem: client acme has a credit of -3000 USD$" err
'

test_expect_success 'payment list filters: client, invoice, period; JSON' '
	shop &&
	fixbill client add beta --name Beta >/dev/null &&
	bill acme 2026-09-01 &&
	bill beta 2026-09-02 &&
	fixbill invoice pay INV-2026-00001 10 --date 2026-09-10 >/dev/null &&
	fixbill invoice pay INV-2026-00002 20 --date 2026-10-01 >/dev/null &&
	fixbill invoice pay INV-2026-00001 30 --date 2026-10-02 --method card >/dev/null &&
	test "$(fixbill payment list -q --client acme | tr "\n" " ")" = "1 3 " &&
	test "$(fixbill payment list -q --period 2026-10 | tr "\n" " ")" = "2 3 " &&
	test "$(fixbill payment list -q --invoice INV-2026-00002)" = 2 &&
	test "$(fixbill payment list -q --from 2026-10-02)" = 3 &&
	fixbill payment list --json --to 2026-09-30 >out &&
	cat >expect <<-\EOF &&
	[
	  {
	    "id": 1,
	    "client": "acme",
	    "invoice": "INV-2026-00001",
	    "date": "2026-09-10",
	    "kind": "payment",
	    "amount": "10.00",
	    "currency": "USD",
	    "method": null,
	    "ref": null,
	    "voided": false,
	    "applied": "10.00",
	    "reverses": null,
	    "reversed_by": null,
	    "reason": null
	  }
	]
	EOF
	test_cmp expect out &&
	test_fails_cleanly 3 "fixbill: error: unknown invoice '\''INV-9'\''" \
		fixbill payment list --invoice INV-9
'

test_expect_success 'payment show and void complete the records that can be voided' '
	shop &&
	bill acme 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 10 >/dev/null &&
	fixbill invoice pay INV-2026-00001 20 >/dev/null &&
	fixbill payment void 1 >/dev/null &&
	fixbill __complete payment void "" >actual &&
	echo 2 >expect &&
	test_cmp expect actual
'

test_expect_success 'a refund in another currency names it' '
	shop &&
	test_fails_cleanly 2 "fixbill: error: unknown currency '\''XXY'\'': use an ISO 4217 code such as USD or EUR" \
		fixbill client refund acme 5 --currency XXY &&
	test_fails_cleanly 4 "fixbill: error: cannot refund '\''acme'\'': '\''acme'\'' has no credit in EUR" \
		fixbill client refund acme 5 --currency EUR
'

test_done
