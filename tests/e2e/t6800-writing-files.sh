#!/bin/sh
# Writing files (SPEC section 15): every -o FILE and --export DIR goes
# through a new temporary file beside the target, renamed over it only
# when complete.  The database and its side files are refused, a failed
# write leaves what was there, FIFOs and devices are written in place and
# never removed, a planted symlink is not followed, and a file replaced
# keeps its mode.
. "$(dirname "$0")/../lib.sh"

# An issued invoice INV-2026-00001 with some work logged.
shop() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Printer" >/dev/null &&
	for h in 09 11 13 15; do
		fixbill time add 1 1h --end "2026-10-01 $h:00" --note "$(printf "%0200d" 0)" \
			>/dev/null || return 1
	done &&
	fixbill job resolve 1 --at "2026-10-02 08:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 >/dev/null
}

# no_temp DIR: nothing of ours is left behind in DIR.
no_temp() {
	! ls -a "$1" | grep fixbill-
}

# same FILE: FILE is byte for byte the copy made in .copy.
same() {
	cmp "$1" .copy
}

test_expect_success 'the database and its side files are refused as a target, untouched' '
	shop &&
	cp "$FIXBILL_DB" .copy &&
	for side in "" -wal -shm -journal; do
		t="$FIXBILL_DB$side" &&
		msg="fixbill: error: cannot write '\''$t'\'': it is the fixbill database" &&
		test_fails_cleanly 4 "$msg" fixbill invoice export INV-2026-00001 --format txt -o "$t" &&
		test_fails_cleanly 4 "$msg" fixbill invoice export --period 2026-10 --format xero -o "$t" &&
		test_fails_cleanly 4 "$msg" fixbill time export -o "$t" &&
		test_fails_cleanly 4 "$msg" fixbill report hours --format csv -o "$t" &&
		test_fails_cleanly 4 "$msg" fixbill invoice export INV-2026-00001 --format pdf -o "$t" &&
		test_fails_cleanly 4 "$msg" fixbill report hours --format xlsx -o "$t" || return 1
	done &&
	same "$FIXBILL_DB" &&
	test ! -e "$FIXBILL_DB-journal" &&
	ln "$FIXBILL_DB" hardlink.db &&
	test_fails_cleanly 4 "fixbill: error: cannot write '\''hardlink.db'\'': it is the fixbill database" \
		fixbill time export -o hardlink.db &&
	same "$FIXBILL_DB"
'

test_expect_success 'a write that fails over an existing file leaves the old file' '
	fixbill config set billing.rate 100 &&
	sh "$TEST_ROOT/tests/gen-time-csv.sh" 5000 >big.csv &&
	fixbill time import --create-clients --create-techs big.csv >/dev/null &&
	echo "the old export" >out.csv &&
	cp out.csv .copy &&
	# Room for the database'\''s shared memory (32 KiB), not for the export;
	# with SIGXFSZ ignored the write fails (EFBIG) rather than killing fixbill.
	test_expect_code 1 sh -c "trap \"\" XFSZ; ulimit -f 200; exec fixbill time export -o out.csv" \
		2>err &&
	grep "^fixbill: error: cannot write .*: File too large$" err &&
	same out.csv &&
	no_temp . &&
	# Killed by the limit half way, it leaves the old file too.
	rc=0 &&
	(ulimit -f 200 && exec fixbill time export -o out.csv) 2>/dev/null || rc=$?
	test "$rc" -gt 128 &&
	same out.csv
'

test_expect_success 'a FIFO is written in place' '
	shop &&
	fixbill time export >expect &&
	mkfifo pipe pipe2 || return 1
	cat pipe >actual &
	fixbill time export -o pipe &&
	wait &&
	test_cmp expect actual &&
	test -p pipe || return 1
	cat pipe2 >inv.pdf &
	fixbill invoice export INV-2026-00001 --format pdf -o pipe2 &&
	wait &&
	pdftotext inv.pdf - | grep INV-2026-00001 &&
	test -p pipe2
'

test_expect_success 'a full device is an error, and stays a device' '
	shop &&
	test_expect_code 1 fixbill time export -o /dev/full 2>err &&
	grep "^fixbill: error: cannot write .*: No space left on device$" err &&
	test -c /dev/full &&
	test_expect_code 1 fixbill invoice export INV-2026-00001 --format xlsx -o /dev/full 2>err &&
	grep "^fixbill: error: cannot write '\''/dev/full'\'': No space left on device$" err &&
	test -c /dev/full
'

test_expect_success 'a symlink planted in --export DIR is not written through' '
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name "Acme Corp" >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Printer" >/dev/null &&
	fixbill time add 1 1h --end "2026-10-01 09:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-02 08:00" >/dev/null &&
	mkdir out &&
	echo "keep me" >victim &&
	cp victim .copy &&
	ln -s ../victim out/INV-2026-00001.pdf.tmp &&
	ln -s ../victim out/INV-2026-00001.csv.tmp &&
	fixbill invoice run --period 2026-10 --issue --export out --formats pdf,csv >/dev/null &&
	same victim &&
	test -L out/INV-2026-00001.pdf.tmp &&
	pdftotext out/INV-2026-00001.pdf - | grep INV-2026-00001 &&
	grep "^\"INV-2026-00001\"," out/INV-2026-00001.csv &&
	no_temp out
'

test_expect_success 'a file replaced keeps its mode; a new one is private' '
	shop &&
	echo old >shared.csv &&
	chmod 644 shared.csv &&
	fixbill time export -o shared.csv &&
	test "$(stat -c %a shared.csv)" = 644 &&
	grep "^client,job," shared.csv &&
	fixbill time export -o new.csv &&
	test "$(stat -c %a new.csv)" = 600 &&
	echo old >shared.pdf &&
	chmod 640 shared.pdf &&
	fixbill invoice export INV-2026-00001 --format pdf -o shared.pdf &&
	test "$(stat -c %a shared.pdf)" = 640 &&
	pdftotext shared.pdf - | grep INV-2026-00001
'

test_expect_success 'report compare writes its sentence into the same file' '
	shop &&
	fixbill report compare --client acme --period 2026-10 --managed-fee 50 -o cmp.txt >out &&
	test ! -s out &&
	tail -n 1 cmp.txt | grep "managed" &&
	no_temp .
'

test_done
