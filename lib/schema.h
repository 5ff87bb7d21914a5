/*
 * schema.h - the database migrations compiled into the binary.
 *
 * fb_migrations[i] brings a database from version i to i + 1; it is
 * generated from share/schema/NNN-name.sql by share/embed-schema.
 */
#ifndef FB_SCHEMA_H
#define FB_SCHEMA_H

struct fb_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct fb_migration fb_migrations[];
extern const int fb_migration_count;

/*
 * share/views.sql: the temporary views a connection makes before its
 * first statement that reads one (lib/db.c).
 */
extern const char fb_views_sql[];

#endif
