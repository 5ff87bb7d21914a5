#!/bin/sh
# Closed periods (SPEC section 10): period close, list and reopen;
# nothing dated on or before the close is issued, paid, credited,
# refunded, voided or reversed (exit 4, database unchanged); late work is
# billed on an invoice dated in an open period; and every export of the
# closed period is byte-identical after later activity.  Now is
# 2026-10-15 12:00 UTC.
. "$(dirname "$0")/../lib.sh"

# job DAY: a resolved job of an hour on DAY for acme.
job() {
	fixbill job open --client "${2:-acme}" --at "$1 08:00" "Job $1" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$1 09:00" --end "$1 10:00" >/dev/null &&
	fixbill job resolve "$n" --at "$1 10:00" >/dev/null
}

# September: INV-2026-00001 (acme, paid 150 with 50 to credit),
# INV-2026-00002 (acme, voided by CN-2026-00001 after 20 was paid),
# INV-2026-00003 (beta, in EUR), a refund of 10 and draft 5 dated 09-30.
september() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill config set tax.rate 8.25 &&
	fixbill config set payments.apply_credit off &&
	fixbill client add acme --name "Acme Dental" --address "1 Main St" >/dev/null &&
	fixbill client add beta --name "Beta GmbH" --currency EUR --rate 80 >/dev/null &&
	job 2026-09-01 && fixbill invoice create --client acme --through 2026-09-01 >/dev/null &&
	fixbill invoice issue 1 --date 2026-09-02 >/dev/null &&
	job 2026-09-03 && fixbill invoice create --client acme --through 2026-09-03 >/dev/null &&
	fixbill invoice issue 2 --date 2026-09-04 >/dev/null &&
	job 2026-09-07 beta && fixbill invoice create --client beta --through 2026-09-07 >/dev/null &&
	fixbill invoice issue 3 --date 2026-09-08 >/dev/null &&
	fixbill invoice pay INV-2026-00001 150 --excess credit --date 2026-09-10 --ref W1 >/dev/null &&
	fixbill invoice pay INV-2026-00002 20 --date 2026-09-11 --method card >/dev/null &&
	fixbill invoice void INV-2026-00002 --date 2026-09-12 --reason "wrong job" >/dev/null &&
	fixbill client refund acme 10 --date 2026-09-20 --method cheque >/dev/null &&
	job 2026-09-24 && fixbill invoice create --client acme --through 2026-09-30 --date 2026-09-30 >/dev/null
}

formats="xero qbo iif ledger csv json xlsx payments"

export_all() {
	mkdir -p "$1" &&
	for f in $formats; do
		fixbill invoice export --period 2026-09 --format $f -o "$1/sept.$f" || return 1
	done
}

test_expect_success 'close, list, reopen' '
	september &&
	fixbill period close 2026-09 >out &&
	echo "the books are closed through 2026-09-30" >expect &&
	test_cmp expect out &&
	fixbill period close 2026-08 >out &&
	echo "the books are already closed through 2026-09-30" >expect &&
	test_cmp expect out &&
	fixbill period reopen 2026-09 --reason "late supplier invoice" >out &&
	echo "the books are closed through 2026-08-31" >expect &&
	test_cmp expect out &&
	fixbill period close 2026-Q3 >/dev/null &&
	fixbill period list >out &&
	cat >expect <<-\EOF &&
	PERIOD   ACTION  CLOSED THROUGH  AT                REASON
	2026-09  close   2026-09-30      2026-10-15 12:00  -
	2026-09  reopen  2026-08-31      2026-10-15 12:00  late supplier invoice
	2026-Q3  close   2026-09-30      2026-10-15 12:00  -
	EOF
	test_cmp expect out &&
	fixbill period list --json | jq -c ".[1] | [.period, .action, .through, .at, .reason]" >out &&
	echo "[\"2026-09\",\"reopen\",\"2026-08-31\",\"2026-10-15T12:00:00+00:00\",\"late supplier invoice\"]" >expect &&
	test_cmp expect out
'

test_expect_success 'close and reopen refuse what makes no sense' '
	september &&
	test_fails_cleanly 4 "fixbill: error: cannot close 2026-10: it ends on 2026-10-31, which is not past" \
		fixbill period close 2026-10 &&
	test_fails_cleanly 4 "fixbill: error: cannot reopen 2026-09: no period is closed" \
		fixbill period reopen 2026-09 --reason why &&
	fixbill period close 2026-08 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot reopen 2026-09: the books are closed through 2026-08-31" \
		fixbill period reopen 2026-09 --reason why &&
	test_fails_cleanly 2 "fixbill: error: missing option '\''--reason'\'' for '\''period reopen'\''" \
		fixbill period reopen 2026-08 &&
	test_fails_cleanly 2 "fixbill: error: cannot reopen 2026-08: say why with '\''--reason TEXT'\''" \
		fixbill period reopen 2026-08 --reason "" &&
	test_fails_cleanly 2 "fixbill: error: invalid period '\''2026-13'\'': write YYYY-MM, YYYY-Qn or YYYY" \
		fixbill period close 2026-13
'

test_expect_success 'nothing is issued, paid, credited, refunded, voided or reversed into closed books' '
	september &&
	fixbill period close 2026-09 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot issue draft 5: the books are closed through 2026-09-30" \
		fixbill invoice issue 5 &&
	test_fails_cleanly 4 "fixbill: error: cannot pay '\''INV-2026-00003'\'': the books are closed through 2026-09-30" \
		fixbill invoice pay INV-2026-00003 10 --date 2026-09-30 &&
	test_fails_cleanly 4 "fixbill: error: cannot void '\''INV-2026-00003'\'': the books are closed through 2026-09-30" \
		fixbill invoice void INV-2026-00003 --date 2026-09-15 &&
	test_fails_cleanly 4 "fixbill: error: cannot refund '\''acme'\'': the books are closed through 2026-09-30" \
		fixbill client refund acme 5 --date 2026-09-21 &&
	job 2026-10-01 && fixbill invoice create --client acme --through 2026-10-01 >/dev/null &&
	fixbill invoice issue 6 --date 2026-10-02 >/dev/null &&
	test_fails_cleanly 4 "fixbill: error: cannot apply credit to '\''INV-2026-00004'\'': 2026-09-30 is before its issue date 2026-10-02" \
		fixbill invoice apply-credit INV-2026-00004 --date 2026-09-30 &&
	FIXBILL_NOW=2026-09-30T12:00:00 test_fails_cleanly 4 "fixbill: error: cannot void payment 1: the books are closed through 2026-09-30" \
		fixbill payment void 1 &&
	! sqlite3 "$FIXBILL_DB" "INSERT INTO payments(kind, client_id, currency, invoice_id,
		date, amount, applied, created) VALUES ('\''payment'\'', 1, '\''USD'\'', 1, '\''2026-09-30'\'', 1, 0, 0)" 2>err &&
	grep "fixbill: the books are closed" err
'

test_expect_success 'the hint names the month to reopen' '
	september &&
	fixbill period close 2026-09 >/dev/null &&
	test_expect_code 4 fixbill invoice pay INV-2026-00003 10 --date 2026-09-30 2>err &&
	grep "^hint: date it after 2026-09-30, or reopen the month: fixbill period reopen 2026-09 --reason TEXT$" err
'

test_expect_success 'late work for a closed month is billed on an invoice dated in an open one' '
	september &&
	fixbill period close 2026-09 >/dev/null &&
	fixbill invoice discard 5 >/dev/null &&
	job 2026-09-29 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 6 >out &&
	echo INV-2026-00004 >expect &&
	test_cmp expect out &&
	test "$(fixbill invoice show INV-2026-00004 --json | jq -r .issue_date)" = 2026-10-15
'

test_expect_success 'the exports of a closed period are the same bytes after later activity' '
	september &&
	export_all before &&
	fixbill period close 2026-09 >/dev/null &&
	fixbill invoice pay INV-2026-00003 50 --method bank >/dev/null &&
	fixbill invoice void INV-2026-00001 --reason "late void" >/dev/null &&
	fixbill client refund acme 20 >/dev/null &&
	fixbill client edit acme --name "Acme Dental Group" --address "9 Other Rd" >/dev/null &&
	fixbill client edit beta --name "Beta AG" >/dev/null &&
	fixbill config set company.name "Renamed Shop" &&
	fixbill invoice discard 5 >/dev/null &&
	job 2026-09-29 &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 6 >/dev/null &&
	fixbill invoice apply-credit INV-2026-00004 >/dev/null &&
	fixbill payment void 1 >/dev/null 2>&1;
	export_all after &&
	for f in $formats; do
		cmp before/sept.$f after/sept.$f || return 1
	done &&
	export_all again &&
	for f in $formats; do
		cmp after/sept.$f again/sept.$f || return 1
	done &&
	grep -c . before/sept.payments >n &&
	echo 4 >expect &&
	test_cmp expect n &&
	hledger -f before/sept.ledger check &&
	fixbill db check >/dev/null
'

test_done
