/*
 * test-db.c - unit tests for lib/db.c on a real SQLite file: a bulk
 * transaction skips SQLite's foreign-key checks, and only it; they are
 * back after its commit or rollback, and a bulk begin nested in an
 * ordinary transaction keeps them.  Opening without FB_DB_CREATE
 * creates nothing; the schema check and the hash of the chain.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

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
	CHECK_INT(fb_db_begin_bulk(db, &err), 0);
	CHECK_INT(dangling(db), 0);
	fb_db_rollback(db);
	CHECK_INT(entries(db), 0);
	CHECK(dangling(db) < 0);

	CHECK_INT(fb_db_begin_bulk(db, &err), 0);
	CHECK_INT(fb_db_exec(db, &err, "DELETE FROM entries", ""), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK(dangling(db) < 0);

	/* Nested in an ordinary transaction, a bulk begin is that transaction. */
	CHECK_INT(fb_db_begin(db, &err), 0);
	CHECK_INT(fb_db_begin_bulk(db, &err), 0);
	CHECK(dangling(db) < 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(fb_db_commit(db, &err), 0);
	CHECK_INT(entries(db), 0);
	fb_err_release(&err);
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

int
main(void)
{
	struct fb_db *db = unit_db_open();

	test_bulk(db);
	test_open_no_create();
	test_sha256(db);
	test_schema(db);
	unit_db_close(db);
	return unit_done();
}
