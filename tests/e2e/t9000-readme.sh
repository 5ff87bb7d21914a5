#!/bin/sh
# The README's tour runs as written, and does what it says: the 40.00
# paid before the void pays the re-bill, so its balance is its total less
# 40.00 in invoice list and in report aging.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'the five-minute tour runs without an error' '
	sed -n "/^\`\`\`sh\$/,/^\`\`\`\$/p" "$TEST_ROOT/README.md" | grep -v "^\`\`\`" |
		sed "s|^export FIXBILL_DB=.*|export FIXBILL_DB=\"$PWD/tour.db\"|" >tour.sh &&
	FIXBILL_NOW=2026-10-20T17:00:00 sh -e tour.sh >out 2>err &&
	test ! -s err &&
	grep "^INV-2026-00001" out &&
	grep "^CN-2026-00001" out &&
	test -s INV-2026-00001.pdf &&
	test -s acme-statement.pdf &&
	total=$(awk "\$1 == \"INV-2026-00002\" && \$3 == \"issued\" { print \$6 }" out) &&
	balance=$(awk "\$1 == \"INV-2026-00002\" && \$3 == \"issued\" { print \$7 }" out) &&
	test "$(awk "BEGIN { printf \"%.2f\", $total - 40 }")" = "$balance" &&
	grep "^acme  *$balance .* $balance  USD$" out
'

test_done
