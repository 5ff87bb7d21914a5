#!/bin/sh
# A month billed end to end, then carried into hledger: the journal that
# `invoice export --format ledger` writes must pass Debian's real
# hledger's checks, and the receivable balance hledger reports must be
# what fixbill says is outstanding.
. "$(dirname "$0")/../lib.sh"

if ! command -v hledger >/dev/null 2>&1; then
	echo "1..0 # skip: hledger is not installed"
	echo "0 passed, 0 failed"
	exit 0
fi

FIXBILL_NOW=2026-11-01T07:00:00
export FIXBILL_NOW

# job CLIENT START END: a job resolved in October with one entry.
job() {
	fixbill job open --client "$1" --at "2026-10-01 08:00" "Job for $1" >/dev/null &&
	n=$(sqlite3 "$FIXBILL_DB" "SELECT max(id) FROM jobs") &&
	fixbill time add "$n" --start "$2" --end "$3" >/dev/null &&
	fixbill job resolve "$n" --at "2026-10-28 17:00" >/dev/null
}

# Outstanding per currency by fixbill's own account, as hledger prints it.
outstanding() {
	fixbill --json invoice list |
	jq -r '[.[] | select(.balance != "0.00" and .balance != "0")] | group_by(.currency) |
		map("\(.[0].currency) \(map(.balance | tonumber * 100 | round) | add)") | .[]' |
	awk '{ printf "%s %d.%02d\n", $1, $2 / 100, $2 % 100 }'
}

month() {
	fixbill -q tech add tech &&
	fixbill config set timezone America/New_York &&
	fixbill config set company.name "Fix Shop" &&
	fixbill config set tax.rate 8.25 &&
	fixbill config set billing.minimum 60 &&
	fixbill client add acme --name "Acme Corp" --rate 100 >/dev/null &&
	fixbill client add beta --name "Beta GmbH" --currency EUR --rate 90 --tax 19 >/dev/null &&
	fixbill client add gamma --name "Gamma; Sons | Co" --rate 120 >/dev/null &&
	fixbill client add delta --name "Delta Ltd" --currency EUR --rate 75 >/dev/null &&
	job acme "2026-10-06 17:20" "2026-10-06 18:40" &&
	fixbill job charge 1 --part SSD --qty 1 --cost 60 --markup 25 >/dev/null &&
	job acme "2026-10-10 10:00" "2026-10-10 10:20" &&
	job beta "2026-10-13 09:00" "2026-10-13 11:45" &&
	fixbill job charge 3 --trip 35 >/dev/null &&
	job gamma "2026-10-14 19:00" "2026-10-14 20:10" &&
	fixbill job charge 4 --flat "Backup setup" 150 >/dev/null &&
	job delta "2026-10-20 09:00" "2026-10-20 09:30" &&
	fixbill invoice run --period 2026-10 --issue --export invoices --formats pdf,xlsx >run &&
	FIXBILL_NOW=2026-11-20T12:00:00 &&
	export FIXBILL_NOW &&
	fixbill invoice pay INV-2026-00001 500 --date 2026-11-05 --method bank >/dev/null &&
	fixbill invoice pay INV-2026-00002 100 --date 2026-11-09 --method card --ref "X-1" >/dev/null &&
	fixbill invoice void INV-2026-00003 --date 2026-11-12 --reason "billed twice" >/dev/null
}

test_expect_success 'a month billed, paid and voided passes hledger check' '
	month &&
	test "$(ls invoices | wc -l)" = 8 &&
	fixbill invoice export --period 2026 --format ledger -o books.journal &&
	hledger -f books.journal check ordereddates accounts commodities payees &&
	hledger -f books.journal balance >/dev/null
'

test_expect_success 'the receivable hledger reports is what fixbill says is outstanding' '
	month &&
	fixbill invoice export --period 2026 --format ledger -o books.journal &&
	hledger -f books.journal balance assets:receivable --depth 2 -N -O csv |
		sed -n "2s/^\"assets:receivable\",\"\\(.*\\)\"$/\\1/p" | tr "," "\n" |
		sed "s/^ *//" | sort >hledger &&
	outstanding | sort >fixbill &&
	test -s fixbill &&
	test "$(wc -l <fixbill)" = 2 &&
	test_cmp fixbill hledger
'

test_expect_success 'revenue and tax in hledger are the invoices less the credit note' '
	month &&
	fixbill invoice export --period 2026 --format ledger -o books.journal &&
	hledger -f books.journal balance revenue liabilities --invert -O csv |
		sed -n "s/^\"total\",\"\(.*\)\"$/\1/p" | tr "," "\n" | sed "s/^ *//" >hledger &&
	sqlite3 "$FIXBILL_DB" "SELECT currency, sum(total) FROM invoices
		WHERE status <> '\''draft'\'' GROUP BY currency ORDER BY currency" |
		awk -F "|" "{ printf \"%s %d.%02d\\n\", \$1, \$2 / 100, \$2 % 100 }" >fixbill &&
	test_cmp fixbill hledger
'

test_expect_success 'a rerun bills only the work the void released, then nothing' '
	month &&
	fixbill invoice run --period 2026-10 --issue --export invoices --formats pdf >again &&
	cat >expect <<-\EOT &&
	CLIENT  INVOICE         TOTAL  CUR  FILES
	delta   INV-2026-00005  81.19  EUR  INV-2026-00005.pdf
	EOT
	test_cmp expect again &&
	fixbill invoice export --period 2026 --format ledger -o before.journal &&
	fixbill invoice run --period 2026-10 --issue --export invoices --formats pdf >third &&
	echo "nothing to bill through 2026-10-31" >expect &&
	test_cmp expect third &&
	fixbill invoice export --period 2026 --format ledger -o after.journal &&
	test_cmp before.journal after.journal &&
	hledger -f after.journal check ordereddates accounts commodities payees
'

test_done
