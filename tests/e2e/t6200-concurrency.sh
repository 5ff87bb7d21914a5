#!/bin/sh
# Concurrency (issue 7, SPEC section 8): several processes write at once
# - timers of different technicians, 'time add', 'invoice issue' of
# different clients' drafts - and every command succeeds (no "database is
# locked"), invoice numbers stay gapless and unique, and a 'db backup'
# taken while they write opens cleanly.
. "$(dirname "$0")/../lib.sh"

ROUNDS=${CONC_ROUNDS:-20}
DRAFTS=6

q() {
	sqlite3 "$FIXBILL_DB" "$1"
}

# must NAME CMD...: run CMD; on failure note it (with its stderr) in
# fail.NAME, so the writer loops go on and the test sees every failure.
must() {
	name=$1
	shift
	if ! "$@" >/dev/null 2>.err.$name; then
		{ echo "$name: $*"; cat .err.$name; } >>fail.$name
	fi
	cat .err.$name >>stderr.all
	echo x >>ops.$name
}

# timers TECH JOB: start and stop a timer ROUNDS times, one a day.
timers() {
	d=1
	while [ $d -le $ROUNDS ]; do
		day=$(printf "2026-07-%02d" $d)
		must "$1" fixbill time start "$2" --tech "$1" --at "$day 09:00"
		must "$1" fixbill time stop --tech "$1" --at "$day 09:45"
		d=$((d + 1))
	done
}

# adds TECH JOB: log ROUNDS entries with 'time add', one a day.
adds() {
	d=1
	while [ $d -le $ROUNDS ]; do
		day=$(printf "2026-08-%02d" $d)
		must "$1" fixbill time add "$2" 1h30m --tech "$1" --end "$day 17:00" --note "add $d"
		d=$((d + 1))
	done
}

test_expect_success "timers, time add, invoice issue and a backup at once" '
	fixbill config set billing.rate 100 &&
	fixbill client add shop --name Shop >/dev/null &&
	for t in t1 t2 t3 a1 a2; do
		fixbill tech add $t >/dev/null &&
		fixbill job open --client shop --at "2026-06-01 08:00" "Work of $t" >/dev/null || exit 1
	done &&
	# One draft each for DRAFTS clients, from a resolved job.
	k=1 &&
	while [ $k -le $DRAFTS ]; do
		fixbill client add c$k --name "Client $k" >/dev/null &&
		j=$(fixbill job open --client c$k --at "2026-06-01 08:00" "Job $k" | sed "s/^job //") &&
		fixbill time add $j 2h --end "2026-06-02 12:00" --tech t1 --allow-overlap >/dev/null &&
		fixbill job resolve $j --at "2026-06-03 12:00" >/dev/null &&
		fixbill invoice create --client c$k >/dev/null || exit 1
		k=$((k + 1))
	done &&
	drafts=$(q "SELECT group_concat(id, '\'' '\'') FROM invoices WHERE status = '\''draft'\''") &&
	before=$(q "SELECT count(*) FROM entries") &&
	: >stderr.all || exit 1
	timers t1 1 &
	timers t2 2 &
	timers t3 3 &
	adds a1 4 &
	adds a2 5 &
	for d in $drafts; do
		must issue$d fixbill invoice issue $d &
	done
	sleep 0.3
	must backup fixbill db backup backup.db
	wait
	ops=$(cat ops.* | wc -l) &&
	writers=$((5 + DRAFTS)) &&
	echo "# $writers concurrent writers, $ops operations (3 timer loops, 2 time add loops, $DRAFTS invoice issues, 1 backup)" >../conc.count &&
	if ls fail.* >/dev/null 2>&1; then cat fail.* >&2; exit 1; fi &&
	! grep -i "locked\|busy" stderr.all &&
	test "$(q "SELECT count(*) FROM entries")" = $((before + 5 * ROUNDS)) &&
	test "$(q "SELECT count(*) FROM entries WHERE stop IS NULL")" = 0 &&
	# Gapless and unique: numbers 1..DRAFTS, each once.
	test "$(q "SELECT count(DISTINCT number) || '\'' '\'' || count(DISTINCT seq) || '\'' '\'' || min(seq) || '\'' '\'' || max(seq)
		FROM invoices WHERE status = '\''issued'\''")" = "$DRAFTS $DRAFTS 1 $DRAFTS" &&
	test "$(q "SELECT last FROM series")" = $DRAFTS &&
	fixbill db check >/dev/null &&
	# The backup is one consistent, self-contained file.
	test -f backup.db && test ! -f backup.db-wal &&
	test "$(sqlite3 backup.db "PRAGMA integrity_check")" = ok &&
	fixbill --db backup.db db check >/dev/null &&
	n=$(sqlite3 backup.db "SELECT count(*) FROM entries") &&
	test "$n" -ge "$before" && test "$n" -le $((before + 5 * ROUNDS)) &&
	echo "# the backup, taken while they wrote, holds $n of $((before + 5 * ROUNDS)) entries and passes db check" >>../conc.count
'

# Two writers issue invoices of their own clients while a third adds
# work: the numbers interleave but never repeat or skip.
test_expect_success "drafts issued from two processes number 1..N without gaps" '
	fixbill config set billing.rate 100 &&
	k=1 &&
	while [ $k -le 10 ]; do
		fixbill client add c$k --name "Client $k" >/dev/null &&
		fixbill tech add t$k >/dev/null &&
		fixbill job open --client c$k --at "2026-06-01 08:00" "Job $k" >/dev/null &&
		fixbill time add $k 1h --end "2026-06-02 1$((k % 10)):00" --tech t$k >/dev/null &&
		fixbill job resolve $k --at "2026-06-03 12:00" >/dev/null &&
		fixbill invoice create --client c$k >/dev/null || exit 1
		k=$((k + 1))
	done &&
	fixbill job open --client c1 --at "2026-09-01 08:00" "Open" >/dev/null &&
	fixbill tech add z >/dev/null &&
	: >stderr.all || exit 1
	(for d in 1 3 5 7 9; do must odd fixbill invoice issue $d; done) &
	(for d in 2 4 6 8 10; do must even fixbill invoice issue $d; done) &
	(for d in 1 2 3 4 5 6 7 8 9 10; do
		must add fixbill time add 11 10m --tech z --end "2026-09-$((d + 10)) 12:00"
	done) &
	wait
	if ls fail.* >/dev/null 2>&1; then cat fail.* >&2; exit 1; fi &&
	q "SELECT seq FROM invoices ORDER BY seq" >seqs &&
	seq 1 10 >expect &&
	test_cmp expect seqs &&
	fixbill db check >/dev/null
'

cat "$TRASH_ROOT"/*.count 2>/dev/null
test_done
