#!/bin/sh
# Dates that make sense (SPEC section 10): nothing dated later than now
# plus five minutes (time entries and timers, job open, resolve,
# --down-since and --restored, issue, payment, void, refund and credit
# dates); no payment, credit note or credit application dated before its
# invoice; numbers and dates of a series in the same order.  Each refusal
# exits 4 and leaves the database as it was.  Now is 2026-10-15 12:00 UTC.
. "$(dirname "$0")/../lib.sh"

shop() {
	fixbill -q tech add tech &&
	fixbill -q tech add kim &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Job" >/dev/null
}

# An issued invoice of an hour's work: INV-2026-00001 dated DAY.
issued() {
	fixbill time add 1 --start "2026-10-01 09:00" --end "2026-10-01 10:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-01 10:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 --date "$1" >/dev/null
}

test_expect_success 'time: entries and timers end no later than now plus five minutes' '
	shop &&
	fixbill time add 1 --start "2026-10-15 11:00" --end "2026-10-15 12:05" >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot log time: 2026-10-15 12:06 is in the future" \
		fixbill time add 1 --start "2026-10-15 12:01" --end "2026-10-15 12:06" --allow-overlap &&
	test_fails_cleanly 4 "fixbill: error: cannot log time: 2026-10-16 09:00 is in the future" \
		fixbill time add 1 1h --end "2026-10-16 09:00" &&
	test_fails_cleanly 4 "fixbill: error: cannot start a timer: 2026-10-15 13:00 is in the future" \
		fixbill time start 1 --at 13:00 &&
	fixbill time start 1 --at 12:04 --tech kim >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot stop the timer of '\''kim'\'': 2026-10-15 12:30 is in the future" \
		fixbill time stop --tech kim --at 12:30 &&
	fixbill time stop --tech kim --at 12:05 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot edit entry 1: 2026-10-20 12:05 is in the future" \
		fixbill time edit 1 --end "2026-10-20 12:05"
'

test_expect_success 'time import: an entry ending in the future refuses the whole file' '
	shop &&
	cat >f.csv <<-\EOF &&
	client,title,tech,start,end
	acme,A,kim,2026-10-10 09:00,2026-10-10 11:00
	acme,B,kim,2026-10-16 09:00,2026-10-16 11:00
	EOF
	test_fails_cleanly 4 "fixbill: error: f.csv:3: 2026-10-16 11:00 is in the future" \
		fixbill time import --create-techs f.csv
'

test_expect_success 'jobs: opened, down, restored and resolved no later than now' '
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme" >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot open a job: 2026-10-16 08:00 is in the future" \
		fixbill job open --client acme --at "2026-10-16 08:00" "Job" &&
	test_fails_cleanly 4 "fixbill: error: cannot open a job: 2026-10-15 14:00 is in the future" \
		fixbill job open --client acme --down-since 14:00 "Job" &&
	fixbill job open --client acme --at 09:00 --down-since 08:30 "Job" >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot resolve job '\''1'\'': 2026-10-15 18:00 is in the future" \
		fixbill job resolve 1 --at 18:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot resolve job '\''1'\'': 2026-10-15 18:00 is in the future" \
		fixbill job resolve 1 --at 11:00 --restored 18:00 &&
	test_fails_cleanly 4 "fixbill: error: cannot change job '\''1'\'': 2026-10-17 08:00 is in the future" \
		fixbill job edit 1 --down-since "2026-10-17 08:00" &&
	fixbill job resolve 1 --at 12:05 >/dev/null
'

test_expect_success 'invoices: issue, pay, void, apply credit and refund not in the future' '
	shop &&
	fixbill time add 1 --start "2026-10-01 09:00" --end "2026-10-01 10:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-01 10:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot issue draft 1: 2026-10-16 is in the future" \
		fixbill invoice issue 1 --date 2026-10-16 &&
	fixbill invoice issue 1 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': 2026-10-16 is in the future" \
		fixbill invoice pay INV-2026-00001 10 --date 2026-10-16 &&
	test_fails_cleanly 4 "fixbill: error: cannot void '\''INV-2026-00001'\'': 2027-01-01 is in the future" \
		fixbill invoice void INV-2026-00001 --date 2027-01-01 &&
	fixbill invoice pay INV-2026-00001 150 --excess credit >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot refund '\''acme'\'': 2026-10-16 is in the future" \
		fixbill client refund acme 10 --date 2026-10-16 &&
	fixbill job open --client acme --at "2026-10-02 08:00" "Two" >/dev/null &&
	fixbill time add 2 --start "2026-10-02 09:00" --end "2026-10-02 10:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-02 10:00" >/dev/null &&
	fixbill config set payments.apply_credit off &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 2 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00002'\'': 2026-10-16 is in the future" \
		fixbill invoice apply-credit INV-2026-00002 --date 2026-10-16
'

test_expect_success 'a draft dated in the future cannot be issued before its day' '
	shop &&
	fixbill time add 1 --start "2026-10-01 09:00" --end "2026-10-01 10:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-01 10:00" >/dev/null &&
	fixbill invoice create --client acme --date 2026-10-20 --through 2026-10-15 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot issue draft 1: 2026-10-20 is in the future" \
		fixbill invoice issue 1 &&
	FIXBILL_NOW=2026-10-20T09:00:00 fixbill invoice issue 1 >out &&
	echo INV-2026-00001 >expect &&
	test_cmp expect out
'

test_expect_success 'nothing is dated before the invoice it pays, credits or cancels' '
	shop &&
	issued 2026-10-05 &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': 2026-10-04 is before its issue date 2026-10-05" \
		fixbill invoice pay INV-2026-00001 10 --date 2026-10-04 &&
	test_fails_cleanly 4 "fixbill: error: cannot void '\''INV-2026-00001'\'': 2000-10-05 is before its issue date 2026-10-05" \
		fixbill invoice void INV-2026-00001 --date 2000-10-05 &&
	fixbill invoice pay INV-2026-00001 10 --date 2026-10-05 >/dev/null &&
	fixbill job open --client acme --at "2026-10-06 08:00" "Two" >/dev/null &&
	fixbill time add 2 --start "2026-10-06 09:00" --end "2026-10-06 10:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-06 10:00" >/dev/null &&
	fixbill config set payments.apply_credit off &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 2 --date 2026-10-10 >/dev/null &&
	fixbill invoice void INV-2026-00001 --date 2026-10-07 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00002'\'': 2026-10-09 is before its issue date 2026-10-10" \
		fixbill invoice apply-credit INV-2026-00002 --date 2026-10-09 &&
	fixbill invoice apply-credit INV-2026-00002 --date 2026-10-10 >out &&
	echo "credit 2: INV-2026-00002 balance 90.00" >expect &&
	test_cmp expect out
'

test_expect_success 'credit is applied on a day only when it was there that day' '
	shop &&
	issued 2026-10-05 &&
	fixbill job open --client acme --at "2026-10-06 08:00" "Two" >/dev/null &&
	fixbill time add 2 --start "2026-10-06 09:00" --end "2026-10-06 10:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-06 10:00" >/dev/null &&
	fixbill config set payments.apply_credit off &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 2 --date 2026-10-06 >/dev/null &&
	fixbill invoice pay INV-2026-00001 150 --excess credit --date 2026-10-12 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00002'\'': '\''acme'\'' has no credit in USD" \
		fixbill invoice apply-credit INV-2026-00002 --date 2026-10-08 &&
	test_fails_cleanly 4 "fixbill: error: cannot refund '\''acme'\'': '\''acme'\'' has no credit in USD" \
		fixbill client refund acme 10 --date 2026-10-11 &&
	fixbill invoice apply-credit INV-2026-00002 --date 2026-10-12 >/dev/null &&
	fixbill report aging --as-of 2026-10-11 --json | jq -r ".[0] | [.credit, .total] | join(\" \")" >out &&
	echo "0.00 200.00" >expect &&
	test_cmp expect out &&
	fixbill db check >/dev/null
'

# A payment voided today still counted on the days before: a payment
# dated back to one of them may take only what was owed that day.
test_expect_success 'a payment dated back cannot take an invoice below nothing on any day' '
	shop &&
	issued 2026-10-01 &&
	fixbill invoice pay INV-2026-00001 60 --date 2026-10-03 >/dev/null &&
	fixbill payment void 1 >/dev/null &&
	test "$(fixbill invoice show INV-2026-00001 --json | jq -r .balance)" = 100.00 &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00001'\'': 100.00 is more than the balance 40.00" \
		fixbill invoice pay INV-2026-00001 100 --date 2026-10-10 &&
	fixbill invoice pay INV-2026-00001 40 --date 2026-10-10 >/dev/null &&
	fixbill invoice pay INV-2026-00001 60 >/dev/null &&
	test "$(fixbill invoice show INV-2026-00001 --json | jq -r .status)" = paid &&
	for d in 2026-10-03 2026-10-10 2026-10-14 2026-10-15; do
		fixbill report aging --as-of $d --json | jq -r ".[0].total // \"0.00\"" || return 1
	done >out &&
	printf "40.00\n0.00\n0.00\n0.00\n" >expect &&
	test_cmp expect out &&
	fixbill db check >/dev/null
'

test_expect_success 'numbers and dates of a series run in the same order' '
	shop &&
	issued 2026-10-05 &&
	fixbill job open --client acme --at "2026-10-02 08:00" "Two" >/dev/null &&
	fixbill time add 2 --start "2026-10-02 09:00" --end "2026-10-02 10:00" >/dev/null &&
	fixbill job resolve 2 --at "2026-10-02 10:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot issue draft 2: 2026-10-04 is before the date of INV-2026-00001 (2026-10-05)" \
		fixbill invoice issue 2 --date 2026-10-04 &&
	fixbill invoice issue 2 --date 2026-10-05 >/dev/null &&
	fixbill invoice void INV-2026-00002 --date 2026-10-10 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot void '\''INV-2026-00001'\'': 2026-10-09 is before the date of CN-2026-00001 (2026-10-10)" \
		fixbill invoice void INV-2026-00001 --date 2026-10-09 &&
	fixbill invoice void INV-2026-00001 --date 2026-10-10 >out &&
	echo CN-2026-00002 >expect &&
	test_cmp expect out
'

test_expect_success 'with {year} each year is a series of its own' '
	shop &&
	issued 2026-01-05 &&
	fixbill job open --client acme --at "2025-12-02 08:00" "Two" >/dev/null &&
	fixbill time add 2 --start "2025-12-02 09:00" --end "2025-12-02 10:00" >/dev/null &&
	fixbill job resolve 2 --at "2025-12-02 10:00" >/dev/null &&
	fixbill invoice create --client acme --through 2025-12-31 >/dev/null &&
	fixbill invoice issue 2 --date 2025-12-30 >out &&
	echo INV-2025-00001 >expect &&
	test_cmp expect out
'

test_done
