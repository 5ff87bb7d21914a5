#!/bin/sh
# The database: where it lives, how it is created and migrated, check
# and backup.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'db path: --db beats $FIXBILL_DB' '
	fixbill --db "$PWD/a.db" db path >actual &&
	echo "$PWD/a.db" >expect &&
	test_cmp expect actual &&
	fixbill db path >actual &&
	echo "$FIXBILL_DB" >expect &&
	test_cmp expect actual
'

test_expect_success 'db path: $XDG_DATA_HOME, then ~/.local/share' '
	unset FIXBILL_DB &&
	XDG_DATA_HOME="$PWD/xdg" fixbill db path >actual &&
	echo "$PWD/xdg/fixbill/fixbill.db" >expect &&
	test_cmp expect actual &&
	fixbill db path >actual &&
	echo "$HOME/.local/share/fixbill/fixbill.db" >expect &&
	test_cmp expect actual
'

test_expect_success 'created on first use: file 0600 in a 0700 directory' '
	unset FIXBILL_DB &&
	XDG_DATA_HOME="$PWD/xdg" fixbill config set currency EUR &&
	test "$(stat -c %a xdg/fixbill)" = 700 &&
	test "$(stat -c %a xdg/fixbill/fixbill.db)" = 600
'

test_expect_success 'created 0600 even under a permissive umask' '
	(umask 000 && fixbill config set currency EUR) &&
	test "$(stat -c %a "$FIXBILL_DB")" = 600
'

test_expect_success 'WAL, foreign keys and the schema version are set' '
	fixbill config set currency EUR &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA journal_mode")" = wal &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA user_version")" -ge 1
'

test_expect_success 'every table of the data model exists' '
	fixbill config set currency EUR &&
	for t in config clients techs rates jobs jobs_fts entries charges invoices invoice_lines invoice_work payments series; do
		sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM $t" >/dev/null || return 1
	done
'

test_expect_success 'a database from a newer fixbill is refused and left untouched' '
	fixbill config set currency EUR &&
	sqlite3 "$FIXBILL_DB" "PRAGMA user_version = 999" &&
	cksum <"$FIXBILL_DB" >before &&
	test_expect_code 1 fixbill config get currency 2>err &&
	cksum <"$FIXBILL_DB" >after &&
	test_cmp before after &&
	grep "^fixbill: error: cannot open database '"'"'$FIXBILL_DB'"'"': schema version 999 is newer than this fixbill'"'"'s (" err &&
	grep "^hint: upgrade fixbill" err
'

test_expect_success 'an empty file is migrated in one go, by a command that writes' '
	: >"$FIXBILL_DB" &&
	test_expect_code 3 fixbill config get currency 2>err &&
	grep "^fixbill: error: no database at '\''$FIXBILL_DB'\'': the file is empty$" err &&
	test ! -s "$FIXBILL_DB" &&
	fixbill config set currency USD &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA user_version")" = "$(ls "$TEST_ROOT"/share/schema/*.sql | wc -l)"
'

test_expect_success 'a file that is not a database is a clear error' '
	echo "hello, I am not a database, just some text that is long enough" >"$FIXBILL_DB" &&
	test_expect_code 1 fixbill config get currency 2>err &&
	grep "^fixbill: error: .*'"'"'$FIXBILL_DB'"'"'" err
'

test_expect_success 'a directory in place of the database is a clear error' '
	mkdir "$PWD/dir.db" &&
	test_expect_code 1 fixbill --db "$PWD/dir.db" config list 2>err &&
	echo "fixbill: error: cannot open database '"'"'$PWD/dir.db'"'"': is a directory" >expect &&
	test_cmp expect err
'

test_expect_success 'db check passes on a sound database' '
	fixbill config set currency EUR &&
	fixbill db check >actual &&
	echo "ok: '"'"'$FIXBILL_DB'"'"' passed every check" >expect &&
	test_cmp expect actual
'

test_expect_success 'db check finds broken invariants and exits 1' '
	fixbill config set currency EUR &&
	sqlite3 "$FIXBILL_DB" "
		INSERT INTO clients(id, code, name, created) VALUES (1, '"'"'acme'"'"', '"'"'Acme'"'"', 0);
		INSERT INTO invoices(id, client_id, currency, subtotal, tax, total, created)
			VALUES (1, 1, '"'"'USD'"'"', 100, 8, 107, 0);
		INSERT INTO invoice_lines(invoice_id, pos, kind, description, quantity, unit_price, amount)
			VALUES (1, 1, '"'"'flat'"'"', '"'"'x'"'"', 1000, 90, 90);
	" &&
	test_expect_code 1 fixbill db check 2>err &&
	cat >expect <<-\EOT &&
	fixbill: problem: invoice draft 1: lines add up to 90 but the subtotal is 100
	fixbill: problem: invoice draft 1: subtotal 100 + tax 8 is not the total 107
	fixbill: problem: invoice draft 1: line taxes add up to 0 but the tax is 8
	EOT
	grep "^fixbill: problem:" err >got &&
	test_cmp expect got &&
	tail -n 1 err >last &&
	echo "fixbill: error: database '"'"'$FIXBILL_DB'"'"' failed 3 checks" >expect &&
	test_cmp expect last
'

# Invoices read only resolved jobs: an invoiced job with work left to
# bill would never be billed.
invoiced_with_work() {
	fixbill -q tech add tech &&
	fixbill config set billing.rate 100 &&
	fixbill client add acme --name Acme >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "One" >/dev/null &&
	fixbill time add 1 --start "2026-10-14 09:00" --end "2026-10-14 10:00" >/dev/null &&
	fixbill job resolve 1 --at "2026-10-14 12:00" >/dev/null &&
	sqlite3 "$FIXBILL_DB" "UPDATE jobs SET status = 'invoiced'"
}

test_expect_success 'db check finds an invoiced job with work left to bill' '
	invoiced_with_work &&
	test_expect_code 1 fixbill db check 2>err &&
	echo "fixbill: problem: job 1 is invoiced but has work no issued invoice holds" >expect &&
	grep "^fixbill: problem:" err >got &&
	test_cmp expect got
'

test_expect_success 'schema 4 resolves again an invoiced job with work left to bill' '
	invoiced_with_work &&
	db_before_chain &&
	sqlite3 "$FIXBILL_DB" "PRAGMA application_id = 1180189233; PRAGMA user_version = 3" &&
	fixbill db check &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT status FROM jobs")" = resolved &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA user_version")" = "$(ls "$TEST_ROOT"/share/schema/*.sql | wc -l)" &&
	fixbill invoice create --client acme >out &&
	echo "draft 1" >expect &&
	test_cmp expect out
'

# Schema 5 spells text CHECKs as comparisons: an IN list of three or
# more values cost SQLite a temporary b-tree for every row written.
test_expect_success 'CHECK constraints build no temporary tables, and still refuse' '
	fixbill config set currency EUR &&
	for stmt in \
		"INSERT INTO techs(handle, tier, created) VALUES ('"'"'a'"'"', '"'"'L2'"'"', 0)" \
		"INSERT INTO rates(tier, amount, created) VALUES ('"'"'L2'"'"', 1, 0)" \
		"INSERT INTO jobs(client_id, title, priority, status, opened) VALUES (1, '"'"'t'"'"', '"'"'P1'"'"', '"'"'open'"'"', 0)" \
		"UPDATE invoices SET status = '"'"'issued'"'"' WHERE id = 1" \
		"INSERT INTO invoice_lines(invoice_id, pos, kind, class, description, quantity, unit_price, amount) VALUES (1, 1, '"'"'labor'"'"', '"'"'normal'"'"', '"'"'x'"'"', 1, 1, 1)" \
		"INSERT INTO charges(job_id, kind, description, unit_price, amount, created) VALUES (1, '"'"'part'"'"', '"'"'x'"'"', 1, 1, 0)"
	do
		sqlite3 "$FIXBILL_DB" "EXPLAIN $stmt" >plan &&
		grep -q Halt plan &&
		! grep OpenEphemeral plan || return 1
	done &&
	sqlite3 "$FIXBILL_DB" "
		INSERT INTO clients(id, code, name, created) VALUES (1, '"'"'acme'"'"', '"'"'Acme'"'"', 0);
		INSERT INTO jobs(id, client_id, title, opened) VALUES (1, 1, '"'"'t'"'"', 0);
		INSERT INTO invoices(id, client_id, currency, created) VALUES (1, 1, '"'"'EUR'"'"', 0);" &&
	for bad in \
		"INSERT INTO techs(handle, tier, created) VALUES ('"'"'a'"'"', '"'"'L4'"'"', 0)" \
		"INSERT INTO rates(tier, amount, created) VALUES ('"'"'l1'"'"', 1, 0)" \
		"UPDATE jobs SET priority = '"'"'P5'"'"'" \
		"UPDATE jobs SET status = '"'"'closed'"'"'" \
		"UPDATE invoices SET status = '"'"'sent'"'"'" \
		"INSERT INTO invoice_lines(invoice_id, pos, kind, description, quantity, unit_price, amount) VALUES (1, 1, '"'"'fee'"'"', '"'"'x'"'"', 1, 1, 1)" \
		"INSERT INTO invoice_lines(invoice_id, pos, kind, class, description, quantity, unit_price, amount) VALUES (1, 1, '"'"'labor'"'"', '"'"'night'"'"', '"'"'x'"'"', 1, 1, 1)" \
		"INSERT INTO charges(job_id, kind, description, unit_price, amount, created) VALUES (1, '"'"'labor'"'"', '"'"'x'"'"', 1, 1, 0)"
	do
		if sqlite3 "$FIXBILL_DB" "$bad" 2>err; then
			echo "allowed: $bad" >&2
			return 1
		fi
		grep -q "CHECK constraint failed" err || return 1
	done &&
	test "$(sqlite3 "$FIXBILL_DB" "PRAGMA integrity_check")" = ok
'

test_expect_success 'db check --json lists the problems' '
	fixbill config set currency EUR &&
	sqlite3 "$FIXBILL_DB" "
		INSERT INTO clients(id, code, name, created) VALUES (1, '"'"'acme'"'"', '"'"'Acme'"'"', 0);
		INSERT INTO invoices(id, client_id, currency, subtotal, tax, total, created)
			VALUES (1, 1, '"'"'USD'"'"', 0, 0, 5, 0);
	" &&
	test_expect_code 1 fixbill db check --json >actual &&
	grep "\"ok\": false" actual &&
	grep "subtotal 0 + tax 0 is not the total 5" actual
'

test_expect_success 'db backup writes a consistent 0600 copy that opens cleanly' '
	fixbill config set company.name "Backup Test" &&
	fixbill db backup "$PWD/copy.db" >out &&
	echo "backed up '"'"'$FIXBILL_DB'"'"' to '"'"'$PWD/copy.db'"'"'" >expect &&
	test_cmp expect out &&
	test "$(stat -c %a copy.db)" = 600 &&
	test "$(sqlite3 copy.db "PRAGMA integrity_check")" = ok &&
	fixbill --db "$PWD/copy.db" config get company.name >actual &&
	echo "Backup Test" >expect &&
	test_cmp expect actual
'

test_expect_success 'db backup replaces an older backup, keeping its mode' '
	fixbill config set company.name Old &&
	fixbill db backup "$PWD/copy.db" >/dev/null &&
	chmod 640 copy.db &&
	fixbill config set company.name New &&
	fixbill db backup "$PWD/copy.db" >/dev/null &&
	test "$(stat -c %a copy.db)" = 640 &&
	test "$(sqlite3 copy.db "SELECT value FROM config WHERE key = '"'"'company.name'"'"'")" = New &&
	! ls -A | grep -v "^fixbill\.db\|^copy\.db$\|^\.out$"
'

test_expect_success 'concurrent writers wait for each other instead of failing' '
	fixbill config set company.name X &&
	pids= &&
	for i in 1 2 3 4 5 6 7 8; do
		(for j in 1 2 3 4 5; do fixbill config set invoice.terms $i$j 2>>errs || exit 1; done) &
		pids="$pids $!"
	done &&
	for p in $pids; do wait $p || return 1; done &&
	test ! -s errs &&
	fixbill db check
'

test_expect_success 'the file holds no views; the commands that read one make it' '
	fixbill client add acme --name Acme >/dev/null &&
	fixbill tech add kim >/dev/null &&
	fixbill job open --client acme --at "2026-10-01 08:00" "Printer" >/dev/null &&
	fixbill job charge 1 --trip 50 >/dev/null &&
	fixbill job resolve 1 --at "2026-10-01 09:00" >/dev/null &&
	fixbill invoice create --client acme >/dev/null &&
	fixbill invoice issue 1 --date 2026-10-02 >/dev/null &&
	fixbill invoice pay INV-2026-00001 20 --date 2026-10-03 >/dev/null &&
	test "$(sqlite3 "$FIXBILL_DB" "SELECT count(*) FROM sqlite_schema WHERE type = '\''view'\''")" = 0 &&
	fixbill invoice list >list &&
	grep "INV-2026-00001.*30.00" list &&
	fixbill db check &&
	# The same views, for anyone, from share/views.sql.
	sqlite3 -cmd ".read $TEST_ROOT/share/views.sql" "$FIXBILL_DB" \
		"SELECT sum(owed) FROM payment_effects" >owed &&
	echo -2000 >expect &&
	test_cmp expect owed
'

test_done
