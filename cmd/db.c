/*
 * db.c - `fixbill db`: where the database is, whether it is sound, and
 * a consistent copy of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cmd.h"
#include "json.h"

static int
db_path(struct cmd_ctx *ctx, void *opts)
{
	char *path = ctx->db_opt ? fb_xstrdup(ctx->db_opt) : fb_db_default_path();

	(void)opts;
	if (path == NULL)
		return cmd_error(FB_ERR_RUNTIME, "cannot find a database: neither $FIXBILL_DB nor $HOME is set");
	if (ctx->json) {
		struct fb_json *o = fb_json_object();

		fb_json_set_str(o, "path", path);
		fb_json_write(o, stdout);
		fb_json_free(o);
	} else {
		cmd_put(path, 0);
		putchar('\n');
	}
	free(path);
	return 0;
}

struct problems {
	struct fb_json *arr;
	int quiet;
};

static void
report_problem(const char *problem, void *arg)
{
	struct problems *p = arg;

	if (p->arr)
		fb_json_push_str(p->arr, problem);
	else {
		char *safe = fb_escape(problem, 0);

		fprintf(stderr, "fixbill: problem: %s\n", safe);
		free(safe);
	}
}

static int
db_check(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct problems p = { NULL, ctx->quiet };
	struct fb_db *db = ctx->db;
	int n;

	(void)opts;
	if (ctx->json)
		p.arr = fb_json_array();
	n = fb_check_run(db, report_problem, &p, &err);
	if (n < 0) {
		fb_json_free(p.arr);
		return cmd_fail(&err);
	}
	if (p.arr) {
		struct fb_json *o = fb_json_object();

		fb_json_set_str(o, "path", fb_db_path(db));
		fb_json_set_int(o, "schema_version", fb_db_version(db));
		fb_json_set_bool(o, "ok", n == 0);
		fb_json_set(o, "problems", p.arr);
		fb_json_write(o, stdout);
		fb_json_free(o);
	} else if (n == 0 && !ctx->quiet) {
		fputs("ok: '", stdout);
		cmd_put(fb_db_path(db), 0);
		fputs("' passed every check\n", stdout);
	}
	if (n > 0 && !ctx->json)
		return cmd_error(FB_ERR_RUNTIME, "database '%s' failed %d check%s",
				 fb_db_path(db), n, n == 1 ? "" : "s");
	return n ? FB_ERR_RUNTIME : 0;
}

static int
db_backup(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;

	(void)opts;
	if (fb_db_backup(ctx->db, ctx->argv[0], &err) < 0)
		return cmd_fail(&err);
	if (!ctx->quiet) {
		fputs("backed up '", stdout);
		cmd_put(fb_db_path(ctx->db), 0);
		fputs("' to '", stdout);
		cmd_put(ctx->argv[0], 0);
		fputs("'\n", stdout);
	}
	return 0;
}

static const struct cmd_verb db_verbs[] = {
	{ "path", "", "print the database file in use", cmd_no_opts, 0, 0,
	  VERB_NO_DB, VERB_ANY_TZ, NULL, db_path, NULL },
	{ "check", "", "verify integrity and fixbill's invariants", cmd_no_opts, 0, 0,
	  VERB_DB_READ, VERB_ANY_TZ, NULL, db_check, NULL },
	{ "backup", "FILE", "write a consistent copy, safe while others write", cmd_no_opts, 1, 1,
	  VERB_DB_OPEN, VERB_ANY_TZ, NULL, db_backup, "@file" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_db_entry = {
	.name = "db",
	.summary = "the database: path, integrity check, backup",
	.verbs = db_verbs,
};
