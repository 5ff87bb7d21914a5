/*
 * unit-db.h - a real fixbill database for the unit tests of lib/ code
 * that reads and writes one: a new file, migrated, in a new temporary
 * directory that unit_db_close removes.
 */
#ifndef FB_UNIT_DB_H
#define FB_UNIT_DB_H

#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "util.h"

static char unit_db_dir[] = "/tmp/fixbill-unit.XXXXXX";

/* Open it, or end the test binary: nothing can be checked without it. */
static struct fb_db *
unit_db_open(void)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db = NULL;
	char *path;

	if (mkdtemp(unit_db_dir) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	path = fb_xasprintf("%s/fixbill.db", unit_db_dir);
	if (fb_db_open(path, FB_DB_CREATE, &db, &err) < 0) {
		printf("# cannot open %s: %s\n", path, err.msg);
		exit(1);
	}
	free(path);
	return db;
}

static void
unit_db_close(struct fb_db *db)
{
	char *cmd = fb_xasprintf("rm -rf '%s'", unit_db_dir);

	fb_db_close(db);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", unit_db_dir);
	free(cmd);
}

/* The one integer sql selects, or -1. */
static int64_t
unit_db_int(struct fb_db *db, const char *sql)
{
	int64_t n = -1;

	if (fb_db_int(db, NULL, &n, sql, "") < 0)
		return -1;
	return n;
}

#endif
