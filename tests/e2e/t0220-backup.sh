#!/bin/sh
# db backup (SPEC section 15): the copy is made in a temporary file
# beside FILE and takes FILE's name only after SQLite's integrity check
# passes on it.  An interrupted or failed backup leaves no FILE, and an
# older backup at FILE is never removed.
. "$(dirname "$0")/../lib.sh"

# A database of about 200 KiB: more than the file size limits below.
setup() {
	fixbill config set company.name "Backup Test" &&
	fixbill client add acme --name Acme >/dev/null &&
	test "$(stat -c %s "$FIXBILL_DB")" -gt 102400
}

# Files in the directory other than the database, its side files and .out.
others() {
	ls -A | grep -v '^fixbill\.db\(-wal\|-shm\)\?$\|^\.out$' || true
}

test_expect_success 'a backup is a sound single file with fixbill'\''s id, and nothing else is left' '
	setup &&
	fixbill db backup "$PWD/copy.db" >out &&
	echo "backed up '\''$FIXBILL_DB'\'' to '\''$PWD/copy.db'\''" >expect &&
	test_cmp expect out &&
	test "$(sqlite3 copy.db "PRAGMA integrity_check")" = ok &&
	test "$(sqlite3 copy.db "PRAGMA journal_mode")" = delete &&
	test "$(sqlite3 copy.db "PRAGMA application_id")" = 1180189233 &&
	test "$(others | tr "\n" " ")" = "copy.db expect out "
'

# CMD... under a file size limit (sh counts 512-byte blocks: 100 is less
# than the copy) must die of SIGXFSZ.
killed_by_size_limit() {
	rc=0 &&
	(ulimit -f 100 && exec "$@") 2>/dev/null || rc=$?
	test "$rc" -gt 128
}

test_expect_success 'a backup killed half way (file size limit) leaves no FILE' '
	setup &&
	killed_by_size_limit fixbill db backup "$PWD/copy.db" &&
	test ! -e copy.db &&
	fixbill db check
'

test_expect_success 'an old backup at FILE survives a backup killed half way' '
	setup &&
	fixbill db backup "$PWD/copy.db" >/dev/null &&
	cp copy.db old.db &&
	fixbill config set company.name "Changed" &&
	killed_by_size_limit fixbill db backup "$PWD/copy.db" &&
	cmp old.db copy.db &&
	test "$(sqlite3 copy.db "SELECT value FROM config WHERE key = '\''company.name'\''")" = "Backup Test"
'

# With SIGXFSZ ignored the write fails instead (EFBIG): fixbill reports it,
# removes its temporary file, and leaves the old backup alone.
test_expect_success 'a failed backup exits 1, removes its temporary file, keeps the old one' '
	setup &&
	echo "an old backup" >copy.db &&
	test_expect_code 1 sh -c "trap \"\" XFSZ; ulimit -f 100; exec fixbill db backup \"$PWD/copy.db\"" \
		>out 2>err &&
	test ! -s out &&
	echo "fixbill: error: cannot back up to '\''$PWD/copy.db'\'': disk I/O error" >expect &&
	test_cmp expect err &&
	echo "an old backup" >expect &&
	test_cmp expect copy.db &&
	test "$(others | tr "\n" " ")" = "copy.db err expect out "
'

# An index whose definition no longer matches its rows: SQLite reads the
# database, but its integrity check fails, and so would the copy's.
test_expect_success 'a copy that fails the integrity check never takes the name' '
	setup &&
	fixbill job open --client acme "Broken" >/dev/null &&
	fixbill job charge 1 --trip 45 >/dev/null &&
	fixbill job charge 1 --flat Setup 10 >/dev/null &&
	sqlite3 "$FIXBILL_DB" "PRAGMA writable_schema = ON;
		UPDATE sqlite_schema SET sql = '\''CREATE INDEX charges_job ON charges(amount)'\''
		WHERE name = '\''charges_job'\''" &&
	echo "an old backup" >copy.db &&
	test_expect_code 1 fixbill db backup "$PWD/copy.db" 2>err &&
	echo "fixbill: error: cannot back up to '\''$PWD/copy.db'\'': the copy fails the integrity check: row 1 missing from index charges_job" >expect &&
	test_cmp expect err &&
	echo "an old backup" >expect &&
	test_cmp expect copy.db &&
	test "$(others | tr "\n" " ")" = "copy.db err expect "
'

test_expect_success 'the database and its side files are refused as FILE' '
	setup &&
	test_fails_cleanly 4 "fixbill: error: cannot write '\''$FIXBILL_DB'\'': it is the fixbill database" \
		fixbill db backup "$FIXBILL_DB" &&
	test_fails_cleanly 4 "fixbill: error: cannot write '\''$FIXBILL_DB-wal'\'': it is the fixbill database" \
		fixbill db backup "$FIXBILL_DB-wal"
'

test_expect_success 'a FIFO is written directly and left in place' '
	setup &&
	mkfifo pipe &&
	{ cat pipe >received & } &&
	fixbill db backup "$PWD/pipe" >/dev/null &&
	wait &&
	test -p pipe &&
	test "$(sqlite3 received "PRAGMA integrity_check")" = ok &&
	test "$(sqlite3 received "SELECT value FROM config WHERE key = '\''company.name'\''")" = "Backup Test"
'

test_done
