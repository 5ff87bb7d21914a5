/*
 * minimal-insert.c - the floor for `fixbill time start` and `time stop`.
 *
 *   minimal-insert DB JOB_ID TECH_ID START
 *
 * The least a whole process can do to record one time entry: open the
 * database as lib/db.c does (read-write, busy timeout, foreign keys,
 * synchronous=NORMAL; the file is already in WAL mode, which persists),
 * insert one finished row into entries in one IMMEDIATE transaction, and
 * exit.  Linked against libsqlite3 alone.  START is Unix seconds; the row
 * lasts five minutes, so repeated runs with distinct starts never collide.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

int
main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long start;

	if (argc != 5) {
		fprintf(stderr, "usage: minimal-insert DB JOB_ID TECH_ID START\n");
		return 2;
	}
	start = atoll(argv[4]);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_busy_timeout(db, 60000);
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
			 "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, "INSERT INTO entries (job_id, tech_id, start, stop,"
			       " created) VALUES (?1, ?2, ?3, ?4, ?3)", -1, &st,
			       NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, atoll(argv[2]));
	sqlite3_bind_int64(st, 2, atoll(argv[3]));
	sqlite3_bind_int64(st, 3, start);
	sqlite3_bind_int64(st, 4, start + 300);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto fail;
	return sqlite3_close(db) == SQLITE_OK ? 0 : 1;
fail:
	fprintf(stderr, "minimal-insert: %s\n", sqlite3_errmsg(db));
	return 1;
}
