/*
 * config.c - `fixbill config`: the shop's settings (company details,
 * currency, timezone, billing policy, tax, invoice numbering, SLA
 * targets).  Every key is validated when set, so the rest of fixbill can
 * trust what it reads.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "config.h"
#include "json.h"
#include "table.h"

static int
config_get(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db;
	const char *key = ctx->args.argv[0];
	char *value = NULL;
	int rc;

	if (fb_config_find(key) == NULL) {
		/* Report the key before touching the database. */
		fb_config_get(NULL, key, &value, &err);
		return cmd_fail(&err);
	}
	if ((db = cmd_db(ctx)) == NULL)
		return FB_ERR_RUNTIME;
	rc = fb_config_get(db, key, &value, &err);
	if (rc < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *o = fb_json_object();

		fb_json_set_str(o, "key", key);
		fb_json_set_str(o, "value", value);
		fb_json_set_bool(o, "default", !fb_config_isset(db, key));
		fb_json_write(o, stdout);
		fb_json_free(o);
	} else if (rc == 0) {
		free(value);
		/* Like git config: an unset key prints nothing and exits 1. */
		return FB_ERR_RUNTIME;
	} else
		printf("%s\n", value);
	free(value);
	return 0;
}

static int
config_set(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db;
	const struct fb_config_key *k = fb_config_find(ctx->args.argv[0]);
	char *norm = NULL;

	/* Validate before opening: a bad value never creates or changes a database. */
	if (k == NULL) {
		fb_config_set(NULL, ctx->args.argv[0], "", &err);
		return cmd_fail(&err);
	}
	if (k->validate(ctx->args.argv[1], &norm, &err) < 0) {
		fb_err_prefix(&err, "cannot set '%s'", k->key);
		return cmd_fail(&err);
	}
	free(norm);
	if ((db = cmd_db(ctx)) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(db, &err) < 0 ||
	    fb_config_set(db, k->key, ctx->args.argv[1], &err) < 0)
		return cmd_fail(&err);
	return cmd_commit(ctx);
}

static int
config_unset(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db;

	if (fb_config_find(ctx->args.argv[0]) == NULL) {
		fb_config_unset(NULL, ctx->args.argv[0], &err);
		return cmd_fail(&err);
	}
	if ((db = cmd_db(ctx)) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(db, &err) < 0 ||
	    fb_config_unset(db, ctx->args.argv[0], &err) < 0)
		return cmd_fail(&err);
	return cmd_commit(ctx);
}

static int
config_list(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_db *db;
	const struct fb_config_key *k;
	struct fb_table t;
	struct fb_json *arr = NULL;

	if ((db = cmd_db(ctx)) == NULL)
		return FB_ERR_RUNTIME;
	fb_table_init(&t);
	fb_table_col(&t, "key", NULL, FB_COL_TEXT);
	fb_table_col(&t, "value", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (k = fb_config_keys; k->key; k++) {
		char *value = NULL;
		int set = fb_config_isset(db, k->key);

		if (fb_config_get(db, k->key, &value, &err) < 0) {
			fb_table_release(&t);
			fb_json_free(arr);
			return cmd_fail(&err);
		}
		if (arr) {
			struct fb_json *o = fb_json_object();

			fb_json_set_str(o, "key", k->key);
			fb_json_set_str(o, "value", value);
			fb_json_set_bool(o, "default", !set);
			fb_json_push(arr, o);
		} else if (ctx->quiet) {
			if (value)
				printf("%s=%s\n", k->key, value);
		} else {
			fb_table_row(&t);
			fb_table_set(&t, 0, k->key);
			if (value)
				fb_table_take(&t, 1, fb_xasprintf("%s%s", value,
								  set ? "" : " (default)"));
		}
		free(value);
	}
	if (arr) {
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else if (!ctx->quiet)
		fb_table_print(&t, stdout, ctx->color);
	fb_table_release(&t);
	return 0;
}

static const struct cmd_opt no_opts[] = { OPT_END };

static const struct cmd_verb config_verbs[] = {
	{ "get", "KEY", "print the value of a setting", no_opts, 1, 1, config_get, "@key" },
	{ "set", "KEY VALUE", "change a setting", no_opts, 2, 2, config_set, "@key" },
	{ "unset", "KEY", "return a setting to its default", no_opts, 1, 1, config_unset, "@key" },
	{ "list", "", "list every setting and its value", no_opts, 0, 0, config_list, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.summary = "settings: company, currency, timezone, billing, tax, invoices",
	.verbs = config_verbs,
};
