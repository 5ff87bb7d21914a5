/*
 * test-db.c - unit tests for lib/db.c on a real SQLite file: a bulk
 * transaction skips SQLite's foreign-key checks, and only it; they are
 * back after its commit or rollback, and a bulk begin nested in an
 * ordinary transaction keeps them; it writes through a rollback journal
 * when it is alone, and WAL is back after it.  Opening without FB_DB_CREATE
 * creates nothing; the schema check and the hash of the chain; what a
 * recording of changes holds, and reverting it.  SQLite's memory (db.c's
 * allocator): values of every length from 1 to 1200 bytes, across the
 * boundary of its small blocks, grown and shrunk, hold what was put in
 * them while statements come and go around them; its blocks' sizes are
 * its classes', and, built with AddressSanitizer, writing past a block,
 * before it or after it was freed is caught.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <unistd.h>

#include <sqlite3.h>

#include "unit.h"
#include "unit-db.h"

/* Insert an entry of job 99, which does not exist: 0 when SQLite let it in. */
static int
dangling(struct fb_db *db)
{
	return fb_db_exec(db, NULL, "INSERT INTO entries(job_id, tech_id, start, stop, created)"
			  " VALUES (99, 1, 0, 60, 0)", "");
}

static int64_t
entries(struct fb_db *db)
{
	return unit_db_int(db, "SELECT count(*) FROM entries");
}

static void
test_bulk(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;

	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO techs(id, handle, created) VALUES (1, 'sam', 0)",
			     ""), 0);
	/* Ordinary transactions check every reference. */
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK(dangling(db) < 0);
	fb_db_rollback(db);

	/* A bulk transaction leaves it to its writer, until it ends. */
	CHECK_INT(fb_db_begin_bulk(db, 0, &err), 0);
	CHECK_INT(dangling(db), 0);
	fb_db_rollback(db);
	CHECK_INT(entries(db), 0);
	CHECK(dangling(db) < 0);

	CHECK_INT(fb_db_begin_bulk(db, 0, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM entries", ""), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK(dangling(db) < 0);

	/* Nested in an ordinary transaction, a bulk begin is that transaction. */
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK_INT(fb_db_begin_bulk(db, 0, &err), 0);
	CHECK(dangling(db) < 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(entries(db), 0);
	fb_err_release(&err);
}

static char *
journal(struct fb_db *db)
{
	char *mode = NULL;

	fb_db_text(db, NULL, &mode, "PRAGMA journal_mode", "");
	return mode;
}

#define CHECK_JOURNAL(db, want) do {		\
	char *m_ = journal(db);			\
	CHECK_STR(m_, want);			\
	free(m_);				\
} while (0)

/*
 * A large bulk transaction writes through a rollback journal when nobody
 * else has the file open, and leaves WAL alone when someone has; WAL is back
 * after it, and a file left out of WAL is put back in WAL when opened.
 */
static void
test_bulk_journal(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db = NULL, *other = NULL;
	char *path = fb_xasprintf("%s/bulk.db", unit_db_dir);

	CHECK_INT(fb_db_open(path, FB_DB_CREATE, &db, &err), 0);
	CHECK_JOURNAL(db, "wal");
	/* A small write stays in WAL. */
	CHECK_INT(fb_db_begin_bulk(db, FB_DB_BULK_JOURNAL - 1, &err), 0);
	CHECK_JOURNAL(db, "wal");
	fb_db_rollback(db);
	CHECK_INT(fb_db_begin_bulk(db, FB_DB_BULK_JOURNAL, &err), 0);
	CHECK_JOURNAL(db, "delete");
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO techs(handle, created) VALUES ('kim', 0)",
			     ""), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_JOURNAL(db, "wal");
	CHECK_INT(fb_db_begin_bulk(db, FB_DB_BULK_JOURNAL, &err), 0);
	CHECK_JOURNAL(db, "delete");
	fb_db_rollback(db);
	CHECK_JOURNAL(db, "wal");
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM techs"), 1);

	/* Another connection: WAL stays, and the bulk write works in it. */
	CHECK_INT(fb_db_open(path, 0, &other, &err), 0);
	CHECK_INT(unit_db_int(other, "SELECT count(*) FROM techs"), 1);
	CHECK_INT(fb_db_begin_bulk(db, FB_DB_BULK_JOURNAL, &err), 0);
	CHECK_JOURNAL(db, "wal");
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO techs(handle, created) VALUES ('sam', 0)",
			     ""), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(unit_db_int(other, "SELECT count(*) FROM techs"), 2);
	fb_db_close(other);

	/* Left in rollback mode (a bulk writer killed): WAL again on open. */
	CHECK_INT(fb_db_script(db, "PRAGMA journal_mode = DELETE", &err), 0);
	CHECK_JOURNAL(db, "delete");
	fb_db_close(db);
	CHECK_INT(fb_db_open(path, 0, &db, &err), 0);
	CHECK_JOURNAL(db, "wal");
	fb_db_close(db);
	fb_err_release(&err);
	free(path);
}

/* Without FB_DB_CREATE nothing is created, not even in an empty file. */
static void
test_open_no_create(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db = NULL;
	struct stat sb;
	char *missing = fb_xasprintf("%s/missing.db", unit_db_dir);
	char *empty = fb_xasprintf("%s/empty.db", unit_db_dir);
	char *want;
	int fd;

	CHECK_INT(fb_db_open(missing, 0, &db, &err), -1);
	CHECK_INT(err.code, FB_ERR_NOTFOUND);
	want = fb_xasprintf("no database at '%s'", missing);
	CHECK_STR(err.msg, want);
	free(want);
	CHECK(db == NULL);
	CHECK(stat(missing, &sb) != 0);
	fb_err_release(&err);

	fd = open(empty, O_RDWR | O_CREAT | O_EXCL, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK_INT(fb_db_open(empty, 0, &db, &err), -1);
	CHECK_INT(err.code, FB_ERR_NOTFOUND);
	want = fb_xasprintf("no database at '%s': the file is empty", empty);
	CHECK_STR(err.msg, want);
	free(want);
	CHECK(stat(empty, &sb) == 0 && sb.st_size == 0);
	fb_err_release(&err);

	/* A command that writes makes it a fixbill database. */
	CHECK_INT(fb_db_open(empty, FB_DB_CREATE, &db, &err), 0);
	CHECK_INT(unit_db_int(db, "PRAGMA application_id"), 0x46584231);
	fb_db_close(db);
	CHECK_INT(fb_db_open(empty, 0, &db, &err), 0);
	fb_db_close(db);
	free(missing);
	free(empty);
}

static void
hash_of(const char *s, char *hex)
{
	fb_sha256_hex(s, strlen(s), hex);
}

/* FIPS 180-2's examples, and the SQL function that the migrations use. */
static void
test_sha256(struct fb_db *db)
{
	char hex[FB_SHA256_HEX + 1], *sql = NULL;

	hash_of("", hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hash_of("abc", hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	CHECK_INT(fb_db_text(db, NULL, &sql, "SELECT fb_sha256('abc')", ""), 1);
	CHECK_STR(sql, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	free(sql);
	CHECK_INT(unit_db_int(db, "SELECT fb_sha256(NULL) IS NULL"), 1);
	/* Not for views or triggers: their SQL must not depend on fixbill. */
	CHECK(fb_db_script(db, "CREATE VIEW h AS SELECT fb_sha256('x'); SELECT * FROM h", NULL) < 0);
	CHECK_INT(fb_db_script(db, "DROP VIEW IF EXISTS h", NULL), 0);
}

static int nproblems;

static void
count_problem(const char *p, void *arg)
{
	(void)arg;
	(void)p;
	nproblems++;
}

static void
test_schema(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;

	nproblems = 0;
	CHECK_INT(fb_db_check_schema(db, count_problem, NULL, &err), 0);
	CHECK_INT(fb_db_script(db, "DROP TRIGGER invoices_nodelete", &err), 0);
	CHECK_INT(fb_db_check_schema(db, count_problem, NULL, &err), 1);
	CHECK_INT(nproblems, 1);
	fb_err_release(&err);
}

/* Everything the recordings below touch, as one text. */
static char *
state(struct fb_db *db)
{
	char *s = NULL;

	if (fb_db_text(db, NULL, &s, "SELECT coalesce((SELECT group_concat(id || ':' || handle"
		       " || ':' || coalesce(name, '-') || ':' || tier, ',') FROM techs), '')"
		       " || '|' || coalesce((SELECT group_concat(key || '=' || value, ',')"
		       " FROM config), '') || '|' || (SELECT count(*) FROM jobs_fts_docsize)",
		       "") < 0)
		return fb_xstrdup("?");
	return s;
}

struct seen {
	int rows, inserts, updates, deletes, derived;
	char *keys;		/* "techs 2,config billing.rate," */
	char *name_after;	/* techs row 1's name after the change */
};

static int
see_row(const struct fb_db_change *c, void *arg)
{
	struct seen *w = arg;
	int64_t id;
	int is_int;
	char *key = fb_db_change_key(c, &id, &is_int), *v = NULL, *k;

	w->rows++;
	switch (fb_db_change_op(c)) {
	case FB_DB_INSERT:
		w->inserts++;
		break;
	case FB_DB_UPDATE:
		w->updates++;
		break;
	default:
		w->deletes++;
		break;
	}
	if (fb_db_change_derived(c)) {
		w->derived++;
	} else {
		k = fb_xasprintf("%s%s %s,", w->keys ? w->keys : "", fb_db_change_table(c), key);
		free(w->keys);
		w->keys = k;
	}
	if (strcmp(fb_db_change_table(c), "techs") == 0 && is_int && id == 1 &&
	    fb_db_change_value(c, "name", 1, &v) == 1) {
		free(w->name_after);
		w->name_after = v ? v : fb_xstrdup("NULL");
	}
	free(key);
	return 0;
}

static void
test_record(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db_conflict conflict;
	struct seen w;
	void *changes;
	size_t len;
	char *unrecorded, *before, *after;

	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM techs", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO techs(id, handle, created) VALUES (1, 'sam', 0)",
			     ""), 0);
	before = state(db);

	/* Two inserts and an update; several changes to a row make one. */
	CHECK_INT(fb_db_record_start(db, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO techs(id, handle, created) VALUES (2, 'kim', 0)",
			     ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "UPDATE techs SET name = 'Sam', tier = 'L2' WHERE id = 1", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "UPDATE techs SET name = 'Sam Okafor' WHERE id = 1", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO config(key, value) VALUES ('billing.rate', '95')",
			     ""), 0);
	CHECK_INT(fb_db_record_stop(db, &changes, &len, &unrecorded, &err), 0);
	CHECK(changes != NULL && len > 0);
	CHECK(unrecorded == NULL);
	memset(&w, 0, sizeof(w));
	CHECK_INT(fb_db_changes_each(db, changes, len, see_row, &w, &err), 0);
	CHECK_INT(w.rows, 3);
	CHECK_INT(w.inserts, 2);
	CHECK_INT(w.updates, 1);
	CHECK_STR(w.name_after, "Sam Okafor");
	CHECK(w.keys && strstr(w.keys, "techs 2,") && strstr(w.keys, "config billing.rate,"));
	after = state(db);
	CHECK(strcmp(before, after) != 0);
	free(after);

	/* Reverted, everything is as before. */
	CHECK_INT(fb_db_changes_revert(db, changes, len, 0, &conflict, &err), 0);
	after = state(db);
	CHECK_STR(after, before);
	free(after);
	free(w.keys);
	free(w.name_after);
	free(changes);
	free(before);

	/* A row changed since is a conflict, and nothing is reverted. */
	CHECK_INT(fb_db_record_start(db, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "UPDATE techs SET name = 'Sam' WHERE id = 1", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO techs(id, handle, created) VALUES (3, 'al', 0)",
			     ""), 0);
	CHECK_INT(fb_db_record_stop(db, &changes, &len, &unrecorded, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "UPDATE techs SET name = 'Samuel' WHERE id = 1", ""), 0);
	before = state(db);
	CHECK_INT(fb_db_changes_revert(db, changes, len, 0, &conflict, &err), -1);
	CHECK_INT(err.code, FB_ERR_REFUSED);
	CHECK_STR(conflict.table, "techs");
	CHECK_STR(conflict.key, "1");
	after = state(db);
	CHECK_STR(after, before);
	free(after);
	free(before);
	free(conflict.table);
	free(conflict.key);
	fb_err_release(&err);
	free(changes);

	/*
	 * A full-text index's own rows are recorded, and said to be derived
	 * (in a transaction, as every command runs: the index writes what
	 * a statement gave it when the statement ends).
	 */
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO clients(id, code, name, created)"
			     " VALUES (1, 'acme', 'Acme', 0)", ""), 0);
	before = state(db);
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK_INT(fb_db_record_start(db, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO jobs(id, client_id, title, opened)"
			     " VALUES (1, 1, 'Printer jam', 0)", ""), 0);
	CHECK_INT(fb_db_record_stop(db, &changes, &len, &unrecorded, &err), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	memset(&w, 0, sizeof(w));
	CHECK_INT(fb_db_changes_each(db, changes, len, see_row, &w, &err), 0);
	CHECK(w.derived > 0);
	CHECK_STR(w.keys, "jobs 1,");
	CHECK_INT(fb_db_changes_revert(db, changes, len, 0, &conflict, &err), 0);
	after = state(db);
	CHECK_STR(after, before);
	CHECK_INT(unit_db_int(db, "SELECT count(*) FROM jobs"), 0);
	free(after);
	free(before);
	free(w.keys);
	free(changes);

	/* A table the session cannot record is named. */
	CHECK_INT(fb_db_script(db, "CREATE TABLE nokey (x)", &err), 0);
	CHECK_INT(fb_db_record_start(db, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "INSERT INTO nokey VALUES (1)", ""), 0);
	CHECK_INT(fb_db_record_stop(db, &changes, &len, &unrecorded, &err), 0);
	CHECK(changes == NULL);
	CHECK_STR(unrecorded, "nokey");
	free(unrecorded);
	CHECK_INT(fb_db_script(db, "DROP TABLE nokey", &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM config", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM techs", ""), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM clients", ""), 0);
}

/* The text of the n-th row of test_memory: n letters, "abc...zab...". */
static char *
letters(int n)
{
	char *s = fb_xmalloc((size_t)n + 1);

	for (int i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	return s;
}

static void
test_memory(struct fb_db *db)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_stmt *st;
	char *want, *got = NULL;
	int n = 0, bad = 0;

	/* Each string one letter longer than the last: every size of block. */
	CHECK_INT(fb_db_script(db, "CREATE TEMP TABLE mem(n INTEGER PRIMARY KEY, s TEXT);"
			       " INSERT INTO mem WITH RECURSIVE r(n, s) AS (SELECT 1, 'a'"
			       "  UNION ALL SELECT n + 1, s || char(97 + n % 26) FROM r WHERE n < 1200)"
			       " SELECT n, s FROM r", &err), 0);
	/* Statements compiled and freed between the reads, in blocks of every size. */
	st = fb_db_prepare(db, "SELECT n, s, upper(s), substr(s, 1, n / 2) FROM mem ORDER BY n", &err);
	CHECK(st != NULL);
	while (st && fb_stmt_step(st, &err) == 1) {
		n++;
		want = letters(n);
		if (fb_stmt_int(st, 0) != n || strcmp(fb_stmt_text(st, 1), want) != 0 ||
		    strlen(fb_stmt_text(st, 2)) != (size_t)n ||
		    strncmp(fb_stmt_text(st, 3), want, (size_t)n / 2) != 0)
			bad++;
		if (n % 100 == 0 && unit_db_int(db, "SELECT count(*) FROM mem") != 1200)
			bad++;
		free(want);
	}
	if (st)
		fb_stmt_reset(st);
	CHECK_INT(n, 1200);
	CHECK_INT(bad, 0);
	/* A value grown in place, from small blocks to large ones. */
	want = letters(1200);
	CHECK_INT(fb_db_text(db, &err, &got, "SELECT group_concat(substr(s, n, 1), '')"
			     " FROM (SELECT n, s FROM mem ORDER BY n)", ""), 1);
	CHECK_STR(got, want);
	free(got);
	got = NULL;
	CHECK_INT(fb_db_text(db, &err, &got, "SELECT substr(s, 1, 3) FROM mem WHERE n = 1200",
			     ""), 1);
	CHECK_STR(got, "abc");
	free(got);
	free(want);
	CHECK_INT(fb_db_script(db, "DROP TABLE temp.mem", &err), 0);
}

#ifdef FB_DB_ASAN
enum misuse { IN_BOUNDS, PAST_END, BEFORE_START, AFTER_FREE };

/* 1 when a child that does 'how' to a block of SQLite's memory of n bytes dies. */
static int
misuse_dies(enum misuse how, int n)
{
	volatile char *v;
	char *p;
	int status, fd;
	pid_t pid;

	fflush(stdout);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, STDERR_FILENO);
		p = sqlite3_malloc(n);
		v = p;
		switch (how) {
		case IN_BOUNDS:
			v[0] = 1;
			v[sqlite3_msize(p) - 1] = 1;
			sqlite3_free(p);
			break;
		case PAST_END:
			v[sqlite3_msize(p)] = 1;
			break;
		case BEFORE_START:
			v[-1] = 1;
			break;
		case AFTER_FREE:
			sqlite3_free(p);
			v[0] = 1;
			break;
		}
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}
#endif

/*
 * Blocks come in classes 16 bytes apart; the sanitizer watches them.  Run
 * with every database closed: the schemas' blocks are back on their lists
 * (a command's schema alone uses up the slabs), so a small block is one.
 */
static void
test_memory_blocks(void)
{
	void *p = sqlite3_malloc(41), *q = sqlite3_malloc(600);

	CHECK_INT(sqlite3_msize(p), 56);
	CHECK_INT(sqlite3_msize(q), 600);
	sqlite3_free(p);
	sqlite3_free(q);
#ifdef FB_DB_ASAN
	for (int n = 24; n <= 600; n += 576) {
		CHECK_INT(misuse_dies(IN_BOUNDS, n), 0);
		CHECK_INT(misuse_dies(PAST_END, n), 1);
		CHECK_INT(misuse_dies(BEFORE_START, n), 1);
		CHECK_INT(misuse_dies(AFTER_FREE, n), 1);
	}
#endif
}

int
main(void)
{
	struct fb_db *db = unit_db_open();

	test_bulk(db);
	test_bulk_journal();
	test_open_no_create();
	test_sha256(db);
	test_schema(db);
	test_record(db);
	test_memory(db);
	unit_db_close(db);
	test_memory_blocks();
	return unit_done();
}
