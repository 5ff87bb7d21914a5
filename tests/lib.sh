# lib.sh - the end-to-end test harness (after git's t/test-lib.sh).
#
# A test script sources this, then calls
#
#   test_expect_success 'what it shows' '
#           fixbill client add acme --name "Acme" &&
#           fixbill client list >actual &&
#           test_cmp expect actual
#   '
#
# and ends with test_done.  Every test runs in a fresh directory with a
# fresh database ($FIXBILL_DB), TZ, LC_ALL=C and FIXBILL_NOW fixed, and
# the freshly built ./fixbill first on PATH.  Chain commands with && so
# the first failure fails the test.

TEST_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TEST_NAME=$(basename "$0" .sh)
TRASH_ROOT="$TEST_ROOT/tests/trash/$TEST_NAME"
rm -rf "$TRASH_ROOT"
mkdir -p "$TRASH_ROOT"

PATH="$TEST_ROOT:$PATH"
LC_ALL=C
TZ=UTC
FIXBILL_NOW=2026-10-15T12:00:00
FIXBILL_TECH=tech
NO_COLOR=
HOME="$TRASH_ROOT/home"
unset XDG_DATA_HOME FIXBILL_DB
export PATH LC_ALL TZ FIXBILL_NOW FIXBILL_TECH HOME
unset NO_COLOR
mkdir -p "$HOME"

TEST_DATA="$TEST_ROOT/tests/data"
# Real Debian python, not a user's pyenv shim, for the openpyxl checks.
PYTHON=/usr/bin/python3

test_count=0
test_pass=0
test_fail=0

test_expect_success() {
	test_count=$((test_count + 1))
	dir="$TRASH_ROOT/$test_count"
	mkdir -p "$dir"
	if (
		cd "$dir" || exit 1
		FIXBILL_DB="$dir/fixbill.db"
		export FIXBILL_DB
		eval "$2"
	) >"$dir/.out" 2>&1; then
		test_pass=$((test_pass + 1))
		echo "ok $test_count - $1"
	else
		test_fail=$((test_fail + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$dir/.out"
		echo "#   (in $dir)"
	fi
}

test_done() {
	echo "$test_pass passed, $test_fail failed"
	[ "$test_fail" -eq 0 ]
}

# test_expect_code CODE CMD...: CMD must exit with exactly CODE.
test_expect_code() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "error: '$*' exited $got, want $want" >&2
		return 1
	fi
	return 0
}

# test_must_fail CMD...: CMD must exit non-zero (and not crash).
test_must_fail() {
	"$@"
	got=$?
	if [ "$got" -eq 0 ]; then
		echo "error: '$*' succeeded, want failure" >&2
		return 1
	fi
	if [ "$got" -gt 4 ]; then
		echo "error: '$*' exited $got (a crash?)" >&2
		return 1
	fi
	return 0
}

test_cmp() {
	diff -u "$1" "$2"
}

# test_fails_cleanly CODE 'expected error line' CMD...: CMD exits CODE,
# prints nothing on stdout, exactly that error (and maybe a hint) on
# stderr, and leaves the database as it was.
test_fails_cleanly() {
	want_code=$1
	want_err=$2
	shift 2
	db_snapshot >.before
	"$@" >.stdout 2>.stderr
	got=$?
	db_snapshot >.after
	if [ "$got" != "$want_code" ]; then
		echo "error: '$*' exited $got, want $want_code" >&2
		cat .stderr >&2
		return 1
	fi
	if [ -s .stdout ]; then
		echo "error: '$*' printed on stdout:" >&2
		cat .stdout >&2
		return 1
	fi
	grep -v '^hint: ' .stderr >.errline
	printf '%s\n' "$want_err" >.wanterr
	diff -u .wanterr .errline >&2 || return 1
	if ! cmp -s .before .after; then
		echo "error: '$*' changed the database:" >&2
		diff -u .before .after >&2
		return 1
	fi
	return 0
}

# db_create: an empty fixbill database at $FIXBILL_DB, for tests of
# commands that only read (they never create one).  A write that changes
# no setting does it.
db_create() {
	fixbill config unset company.name
}

# A text snapshot of the database: the whole SQL dump plus the file's
# checksum (when it exists), so any change shows.
db_snapshot() {
	if [ -f "$FIXBILL_DB" ]; then
		sqlite3 "$FIXBILL_DB" .dump
		cat "$FIXBILL_DB" | cksum
	else
		echo "(no database)"
	fi
}

# db_before_tax: take back what share/schema/NNN-tax.sql added (tax
# codes, settings per client, the structured address, what invoices keep
# of their taxes), a client's terms and tax rate returning to the columns
# they were moved from, and first what later migrations added; the schema
# version is left to the caller.
db_before_tax() {
	db_before_einvoice || return 1
	sqlite3 "$FIXBILL_DB" "
		DROP VIEW chain_invoice_books;
		DROP TRIGGER invoices_frozen_books;
		ALTER TABLE invoice_taxes DROP COLUMN code;
		ALTER TABLE invoice_taxes DROP COLUMN component;
		ALTER TABLE invoice_taxes DROP COLUMN category;
		ALTER TABLE invoice_lines DROP COLUMN tax_code;
		ALTER TABLE invoices DROP COLUMN revision;
		ALTER TABLE invoices DROP COLUMN client_street;
		ALTER TABLE invoices DROP COLUMN client_city;
		ALTER TABLE invoices DROP COLUMN client_region;
		ALTER TABLE invoices DROP COLUMN client_postcode;
		ALTER TABLE invoices DROP COLUMN client_country;
		ALTER TABLE invoices DROP COLUMN client_vat_id;
		ALTER TABLE invoices DROP COLUMN client_buyer_ref;
		DROP TABLE tax_components;
		DROP TABLE tax_codes;
		ALTER TABLE clients DROP COLUMN street;
		ALTER TABLE clients DROP COLUMN city;
		ALTER TABLE clients DROP COLUMN region;
		ALTER TABLE clients DROP COLUMN postcode;
		ALTER TABLE clients DROP COLUMN country;
		ALTER TABLE clients DROP COLUMN vat_id;
		ALTER TABLE clients DROP COLUMN buyer_ref;
		UPDATE clients SET
			terms = (SELECT CAST(value AS INTEGER) FROM client_config
				WHERE client_id = clients.id AND key = 'invoice.terms'),
			tax_rate = (SELECT CAST(round(CAST(value AS REAL) * 10000) AS INTEGER)
				FROM client_config WHERE client_id = clients.id AND key = 'tax.rate');
		DROP TABLE client_config;"
}

# db_before_views: undo NNN-views.sql, which moved the views out of the
# file: they are stored again as share/views.sql defines them (but for
# the view of what NNN-plans.sql added, undone first).
db_before_views() {
	db_before_plans || return 1
	sed -e '/^CREATE TEMP VIEW chain_invoice_plans/,/;$/d' \
		-e 's/^CREATE TEMP VIEW /CREATE VIEW /' "$TEST_ROOT/share/views.sql" |
		sqlite3 "$FIXBILL_DB"
}

# db_before_einvoice: undo NNN-einvoice.sql (the seller's frozen
# e-invoice details, their trigger and chain view), and first what later
# migrations did.
db_before_einvoice() {
	db_before_views || return 1
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoices_frozen_seller;
		DROP VIEW chain_invoice_seller;
		ALTER TABLE invoices DROP COLUMN company_street;
		ALTER TABLE invoices DROP COLUMN company_city;
		ALTER TABLE invoices DROP COLUMN company_postcode;
		ALTER TABLE invoices DROP COLUMN company_country;
		ALTER TABLE invoices DROP COLUMN company_vat_id;
		ALTER TABLE invoices DROP COLUMN company_iban;
		ALTER TABLE invoices DROP COLUMN company_bic;
		ALTER TABLE invoices DROP COLUMN company_legal_id;"
}

# db_before_plans: take back what share/schema/NNN-plans.sql added
# (blocks, plans, what invoices drew and billed of them, the line kinds),
# and first what later migrations did; the schema version is left to the
# caller.
db_before_plans() {
	db_before_elsewhere || return 1
	sqlite3 "$FIXBILL_DB" "
		DROP TABLE block_draws;
		DROP TABLE block_sales;
		DROP TABLE plan_periods;
		DROP TABLE plans;
		DROP TABLE blocks;
		PRAGMA writable_schema = ON;
		UPDATE sqlite_schema SET sql = replace(sql,
			' OR kind = ''block'' OR kind = ''plan'' OR kind = ''covered''', '')
			WHERE type = 'table' AND name = 'invoice_lines';
		PRAGMA writable_schema = RESET;"
}

# Undo 008-documents.sql (its tables, triggers, columns and the widened
# kind constraints), so that a test can take a database back to an
# earlier version and migrate it again.
db_before_documents() {
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER invoice_extras_frozen_insert;
		DROP TRIGGER invoice_extras_frozen_update;
		DROP TRIGGER invoice_extras_frozen_delete;
		DROP TRIGGER invoice_jobs_frozen_insert;
		DROP TRIGGER invoice_jobs_frozen_update;
		DROP TRIGGER invoice_jobs_frozen_delete;
		DROP TRIGGER invoice_taxes_frozen_insert;
		DROP TRIGGER invoice_taxes_frozen_update;
		DROP TRIGGER invoice_taxes_frozen_delete;
		DROP TABLE invoice_extras;
		DROP TABLE invoice_released;
		DROP TABLE invoice_jobs;
		DROP TABLE invoice_taxes;
		DROP TRIGGER invoices_frozen;
		ALTER TABLE jobs DROP COLUMN po;
		ALTER TABLE invoices DROP COLUMN ref;
		ALTER TABLE invoices DROP COLUMN note;
		ALTER TABLE invoices DROP COLUMN discount_percent;
		ALTER TABLE invoices DROP COLUMN discount_amount;
		ALTER TABLE invoices DROP COLUMN discount_desc;
		ALTER TABLE invoices DROP COLUMN company_phone;
		ALTER TABLE invoices DROP COLUMN company_website;
		ALTER TABLE invoices DROP COLUMN payment;
		ALTER TABLE invoices DROP COLUMN footer;
		ALTER TABLE invoice_lines DROP COLUMN notes;
		ALTER TABLE invoice_lines DROP COLUMN waived;
		ALTER TABLE invoice_lines DROP COLUMN extra_id;
		$(sed -n '/^CREATE TRIGGER invoices_frozen/,/^END;/p' "$TEST_ROOT/share/schema/001-initial.sql")
		PRAGMA writable_schema = ON;
		UPDATE sqlite_schema SET sql = replace(sql, ' OR kind = ''discount''', '')
			WHERE type = 'table' AND name IN ('invoice_lines', 'charges');
		PRAGMA writable_schema = RESET;"
}

# Undo 009-receivables.sql: the payments table is made again as the
# migrations before the application id left it (its CREATE statement
# read from a database they build in memory), holding what a payment
# held then (credit applications, refunds and reversals did not exist).
db_before_receivables() {
	v=$(ls "$TEST_ROOT"/share/schema/*.sql | grep -n -- '-application-id\.sql$' | cut -d: -f1)
	payments_sql=$({ ls "$TEST_ROOT"/share/schema/*.sql | head -n $((v - 1)) | xargs cat
		echo "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'payments';"
		} | sqlite3)
	sqlite3 "$FIXBILL_DB" "
		DROP VIEW chain_payment_detail;
		DROP VIEW payment_effects;
		DROP TRIGGER invoices_closed;
		DROP TABLE closings;
		CREATE TEMP TABLE payments_old AS SELECT id, invoice_id, date, amount, method, ref, created
			FROM payments WHERE kind = 'payment';
		DROP TABLE payments;
		$payments_sql;
		INSERT INTO payments SELECT * FROM temp.payments_old;
		CREATE INDEX payments_invoice ON payments(invoice_id);
		CREATE INDEX payments_date ON payments(date);
		CREATE TRIGGER payments_frozen BEFORE UPDATE ON payments
		BEGIN
			SELECT RAISE(ABORT, 'fixbill: payments are never edited');
		END;
		CREATE TRIGGER payments_nodelete BEFORE DELETE ON payments
		BEGIN
			SELECT RAISE(ABORT, 'fixbill: payments are never deleted');
		END;"
}

# db_before_chain: turn $FIXBILL_DB into the database fixbill made before
# databases carried its application id and the tamper-evident chain:
# what share/schema/NNN-application-id.sql and the migrations after it
# added is removed and the schema version set back, for tests of the
# upgrade.  (A migration added after those must be undone here too.)
db_before_chain() {
	db_before_tax || return 1
	db_before_safeguards || return 1
	db_before_receivables || return 1
	db_before_documents || return 1
	v=$(ls "$TEST_ROOT"/share/schema/*.sql | grep -n -- '-application-id\.sql$' | cut -d: -f1)
	sqlite3 "$FIXBILL_DB" "
		DROP TRIGGER chain_append;
		DROP TRIGGER chain_frozen;
		DROP TRIGGER chain_nodelete;
		DROP TRIGGER payments_nodelete;
		DROP TABLE chain;
		DROP VIEW chain_invoice;
		DROP VIEW chain_payment;
		PRAGMA application_id = 0;
		PRAGMA user_version = $((v - 1));"
}

# db_before_safeguards: take $FIXBILL_DB back past NNN-safeguards.sql (the
# log, tier history, job episodes and cancellation, work_fts).
db_before_safeguards() {
	sqlite3 "$FIXBILL_DB" "
		DROP TABLE log;
		DROP TABLE tech_tiers;
		DROP TABLE job_episodes;
		DROP TABLE work_fts;
		ALTER TABLE jobs DROP COLUMN reopened;
		ALTER TABLE jobs DROP COLUMN cancelled;
		ALTER TABLE jobs DROP COLUMN cancel_reason;
		ALTER TABLE invoice_work RENAME TO invoice_work_new;
		CREATE TABLE invoice_work (
	invoice_id INTEGER NOT NULL REFERENCES invoices(id),
	entry_id INTEGER REFERENCES entries(id),
	charge_id INTEGER REFERENCES charges(id),
	CHECK ((entry_id IS NULL) <> (charge_id IS NULL))
);
		INSERT INTO invoice_work (rowid, invoice_id, entry_id, charge_id)
			SELECT id, invoice_id, entry_id, charge_id FROM invoice_work_new;
		DROP TABLE invoice_work_new;
		CREATE INDEX invoice_work_invoice ON invoice_work(invoice_id);
		CREATE INDEX invoice_work_entry ON invoice_work(entry_id) WHERE entry_id IS NOT NULL;
		CREATE INDEX invoice_work_charge ON invoice_work(charge_id) WHERE charge_id IS NOT NULL;
		$(sed -n '/^CREATE TRIGGER invoice_work_frozen/,/^END;/p' "$TEST_ROOT/share/schema/001-initial.sql")
		PRAGMA writable_schema = ON;
		UPDATE sqlite_schema SET sql = replace(sql, ' OR status = ''cancelled''', '')
			WHERE type = 'table' AND name = 'jobs';
		PRAGMA writable_schema = RESET;"
}

# db_before_elsewhere: take $FIXBILL_DB back past NNN-elsewhere.sql (the
# column billed_elsewhere, and the index of unbilled work as it was).
db_before_elsewhere() {
	db_before_entry_fts || return 1
	sqlite3 "$FIXBILL_DB" "
		DROP INDEX entries_unbilled;
		ALTER TABLE entries DROP COLUMN billed_elsewhere;
		CREATE INDEX entries_unbilled ON entries(job_id, start)
			WHERE invoice_id IS NULL AND billable = 1 AND stop IS NOT NULL;"
}

# db_before_entry_fts: take $FIXBILL_DB back past NNN-entry-fts.sql (entry
# notes indexed in work_fts, as rowid id x 4 + 1 with their job), and
# first what later migrations did.
db_before_entry_fts() {
	db_before_revised || return 1
	sqlite3 "$FIXBILL_DB" "
		INSERT INTO work_fts(rowid, text, job)
			SELECT id * 4 + 1, note, job_id FROM entries WHERE note IS NOT NULL;
		DROP TABLE entry_fts;"
}

# db_before_revised: take $FIXBILL_DB back past NNN-revised.sql (the index
# of revised invoices).
db_before_revised() {
	sqlite3 "$FIXBILL_DB" "DROP INDEX invoices_revised;"
}

# pdf_shop: the shop of the PDF font tests (t2420, t2430): EUR at 100 an
# hour, technician kim.
pdf_shop() {
	fixbill config set billing.rate 100 &&
	fixbill config set currency EUR &&
	fixbill config set company.name "Fix Shop" &&
	fixbill tech add kim --name "Kim Lee" >/dev/null
}

# pdf_bill N CODE NAME CITY TITLE: client CODE, its job N, its invoice N
# issued, with a charge whose text is Windows-1252 but not Latin-1.
pdf_bill() {
	fixbill client add "$2" --name "$3" --address "Rue de la Paix 1\n$4" >/dev/null &&
	fixbill job open --client "$2" --po 4711 --at "2026-10-01 08:00" "$5" >/dev/null &&
	fixbill time add "$1" --start "2026-10-0$((5 + $1)) 17:20" --end "2026-10-0$((5 + $1)) 18:40" \
		--tech kim >/dev/null &&
	fixbill job charge "$1" --flat "Forfait « déplacement » 50 €" 50 >/dev/null &&
	fixbill job resolve "$1" --at "2026-10-07 11:00" >/dev/null &&
	fixbill invoice create --client "$2" >/dev/null &&
	fixbill invoice issue "$1" >/dev/null
}
