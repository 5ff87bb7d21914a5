#!/bin/sh
# Whose file is it?  A fixbill database carries the application id
# "FXB1"; a file that is someone else's is refused untouched, byte for
# byte, with nothing left beside it; a database from before the id is
# recognised by its tables and upgraded (SPEC section 15).
. "$(dirname "$0")/../lib.sh"

# The bytes of every file in the directory, and the listing itself.
snapshot() {
	ls -A | grep -v '^\.' >"$1" &&
	for f in $(cat "$1"); do cksum "$f"; done >>"$1"
}

# Every command refuses the file at $1 (exit 1, one error line and the
# hint $2) and leaves the directory exactly as it was.
refused_untouched() {
	db=$1 hint=$2 &&
	snapshot ../before &&
	for cmd in "config get currency" "config set currency EUR" "db check" \
		"client add acme --name Acme" "db backup $PWD/../copy.db"; do
		test_expect_code 1 fixbill --db "$db" $cmd >../out 2>../err &&
		test ! -s ../out &&
		printf "fixbill: error: cannot open database '%s': it is not a fixbill database\nhint: %s\n" \
			"$db" "$hint" >../expect &&
		test_cmp ../expect ../err || return 1
	done &&
	snapshot ../after &&
	test_cmp ../before ../after &&
	test ! -e ../copy.db
}

test_expect_success 'a new database carries the application id FXB1' '
	fixbill config set currency EUR &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA application_id")" = 1180189233 &&
	printf "FXB1" >expect &&
	dd if="$FIXBILL_DB" bs=1 skip=68 count=4 2>/dev/null >actual &&
	test_cmp expect actual
'

test_expect_success 'a foreign database with tables is refused without a byte changed' '
	mkdir other && cd other &&
	sqlite3 notes.db "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
		INSERT INTO notes(body) VALUES ('\''keep me'\'')" &&
	refused_untouched "$PWD/notes.db" \
		"it holds tables fixbill did not make; check --db or \$FIXBILL_DB" &&
	test "$(sqlite3 notes.db "PRAGMA journal_mode")" = delete &&
	test "$(sqlite3 notes.db "SELECT count(*) FROM sqlite_schema")" = 1
'

test_expect_success 'a foreign database in WAL mode leaves no -wal or -shm behind' '
	mkdir other && cd other &&
	sqlite3 notes.db "PRAGMA journal_mode = WAL; CREATE TABLE notes(body TEXT);
		INSERT INTO notes VALUES ('\''keep me'\'')" >/dev/null &&
	test ! -e notes.db-wal &&
	refused_untouched "$PWD/notes.db" \
		"it holds tables fixbill did not make; check --db or \$FIXBILL_DB"
'

test_expect_success 'another application id is refused before SQLite opens the file' '
	mkdir other && cd other &&
	sqlite3 app.db "PRAGMA application_id = 42; PRAGMA journal_mode = WAL;
		CREATE TABLE t(x)" >/dev/null &&
	refused_untouched "$PWD/app.db" \
		"it belongs to another application (application id 0x0000002a); check --db or \$FIXBILL_DB"
'

test_expect_success 'another application id on an empty schema is refused too' '
	mkdir other && cd other &&
	sqlite3 app.db "PRAGMA application_id = 1179208773; VACUUM" &&
	refused_untouched "$PWD/app.db" \
		"it belongs to another application (application id 0x46494c45); check --db or \$FIXBILL_DB"
'

test_expect_success 'a schema version with no tables is not a fixbill database' '
	mkdir other && cd other &&
	sqlite3 v.db "PRAGMA user_version = 3; VACUUM" &&
	refused_untouched "$PWD/v.db" \
		"it holds tables fixbill did not make; check --db or \$FIXBILL_DB"
'

test_expect_success 'tables of the same names but not fixbill'\''s are refused' '
	mkdir other && cd other &&
	sqlite3 look.db "CREATE TABLE config(key TEXT, value TEXT);
		CREATE TABLE invoices(id, number); PRAGMA user_version = 1" &&
	refused_untouched "$PWD/look.db" \
		"it holds tables fixbill did not make; check --db or \$FIXBILL_DB"
'

# (Without FB_DB_CREATE, lib/db.c says "no database at PATH: the file is
# empty" instead: tests/unit/test-db.c.)
test_expect_success 'an empty file becomes a fixbill database' '
	: >"$FIXBILL_DB" &&
	fixbill config set currency EUR &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA application_id")" = 1180189233 &&
	fixbill db check
'

test_expect_success 'a database from before the application id is upgraded and marked' '
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme >/dev/null &&
	db_before_chain &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA application_id")" = 0 &&
	fixbill client list >out &&
	grep "^acme" out &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA application_id")" = 1180189233 &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA user_version")" = "$(ls "$TEST_ROOT"/share/schema/*.sql | wc -l)" &&
	fixbill db check
'

test_expect_success 'a pre-id fixbill database whose tables were altered is refused untouched' '
	fixbill client add acme --name Acme >/dev/null &&
	db_before_chain &&
	sqlite3 "$FIXBILL_DB" "ALTER TABLE clients ADD COLUMN mine TEXT" &&
	cp "$FIXBILL_DB" before.db &&
	test_expect_code 1 fixbill db check 2>err &&
	grep "it is not a fixbill database" err &&
	cmp before.db "$FIXBILL_DB"
'

test_done
