#!/bin/sh
# The README's tour runs as written, and does what it says.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'the five-minute tour runs without an error' '
	sed -n "/^\`\`\`sh\$/,/^\`\`\`\$/p" "$TEST_ROOT/README.md" | grep -v "^\`\`\`" |
		sed "s|^export FIXBILL_DB=.*|export FIXBILL_DB=\"$PWD/tour.db\"|" >tour.sh &&
	FIXBILL_NOW=2026-10-20T17:00:00 sh -e tour.sh >out 2>err &&
	test ! -s err &&
	grep "^INV-2026-00001" out &&
	grep "^CN-2026-00001" out &&
	test -s INV-2026-00001.pdf
'

test_done
