/*
 * db.c - `fixbill db`: where the database is, whether it is sound, and
 * a consistent copy of it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "cmd.h"
#include "json.h"

static int
db_path(struct cmd_ctx *ctx)
{
	char *path = ctx->db_opt ? fb_xstrdup(ctx->db_opt) : fb_db_default_path();

	if (path == NULL)
		return cmd_error(FB_ERR_RUNTIME, "cannot find a database: neither $FIXBILL_DB nor $HOME is set");
	if (ctx->json) {
		struct fb_json *o = fb_json_object();

		fb_json_set_str(o, "path", path);
		fb_json_write(o, stdout);
		fb_json_free(o);
	} else
		printf("%s\n", path);
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
	else
		fprintf(stderr, "fixbill: problem: %s\n", problem);
}

static int
db_check(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct problems p = { NULL, ctx->quiet };
	struct fb_db *db;
	int n;

	if ((db = cmd_db(ctx)) == NULL)
		return FB_ERR_RUNTIME;
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
	} else if (n == 0 && !ctx->quiet)
		printf("ok: '%s' passed every check\n", fb_db_path(db));
	if (n > 0 && !ctx->json)
		return cmd_error(FB_ERR_RUNTIME, "database '%s' failed %d check%s",
				 fb_db_path(db), n, n == 1 ? "" : "s");
	return n ? FB_ERR_RUNTIME : 0;
}

static int
db_backup(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db;

	if ((db = cmd_db(ctx)) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_backup(db, ctx->args.argv[0], &err) < 0)
		return cmd_fail(&err);
	if (!ctx->quiet)
		printf("backed up '%s' to '%s'\n", fb_db_path(db), ctx->args.argv[0]);
	return 0;
}

static const struct cmd_opt no_opts[] = { OPT_END };

static const struct cmd_verb db_verbs[] = {
	{ "path", "", "print the database file in use", no_opts, 0, 0, db_path, NULL },
	{ "check", "", "verify integrity and fixbill's invariants", no_opts, 0, 0, db_check, NULL },
	{ "backup", "FILE", "write a consistent copy, safe while others write", no_opts, 1, 1, db_backup, "@file" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_db_entry = {
	.name = "db",
	.summary = "the database: path, integrity check, backup",
	.verbs = db_verbs,
};
