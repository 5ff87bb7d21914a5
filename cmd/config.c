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

/* An unknown key is reported before any database is opened. */
static int
check_key(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	const char *key = ctx->argv[0];

	(void)opts;
	if (fb_config_find(key) == NULL) {
		fb_config_unset(NULL, key, &err);
		return cmd_fail(&err);
	}
	return 0;
}

static int
config_get(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	const char *key = ctx->argv[0];
	char *value = NULL;
	int rc;

	(void)opts;
	rc = fb_config_get(ctx->db, key, &value, &err);
	if (rc < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *o = fb_json_object();

		fb_json_set_str(o, "key", key);
		fb_json_set_str(o, "value", value);
		fb_json_set_bool(o, "default", !fb_config_isset(ctx->db, key));
		fb_json_write(o, stdout);
		fb_json_free(o);
	} else if (rc == 0) {
		free(value);
		/* Like git config: an unset key prints nothing and exits 1. */
		return FB_ERR_RUNTIME;
	} else {
		cmd_put(value, 0);
		putchar('\n');
	}
	free(value);
	return 0;
}

/*
 * A bad value never creates or changes a database.  The timezone can be
 * set even when the configured one is gone: that is how it is fixed.
 */
static int
check_set(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	const struct fb_config_key *k;
	char *norm = NULL;
	int rc;

	if ((rc = check_key(ctx, opts)) != 0)
		return rc;
	k = fb_config_find(ctx->argv[0]);
	if (ctx->argc > 1 && k->validate(ctx->argv[1], &norm, &err) < 0) {
		fb_err_prefix(&err, "cannot set '%s'", k->key);
		return cmd_fail(&err);
	}
	free(norm);
	ctx->any_tz = strcmp(k->key, "timezone") == 0;
	return 0;
}

static int
config_set(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;

	(void)opts;
	if (fb_config_set(ctx->db, ctx->argv[0], ctx->argv[1], &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
config_unset(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;

	(void)opts;
	if (fb_config_unset(ctx->db, ctx->argv[0], &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
config_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	const struct fb_config_key *k;
	struct fb_table t;
	struct fb_json *arr = NULL;

	(void)opts;
	fb_table_init(&t);
	fb_table_col(&t, "key", NULL, FB_COL_TEXT);
	fb_table_col(&t, "value", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (k = fb_config_keys; k->key; k++) {
		char *value = NULL;
		int set = fb_config_isset(ctx->db, k->key);

		if (fb_config_get(ctx->db, k->key, &value, &err) < 0) {
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
			if (value) {
				printf("%s=", k->key);
				cmd_put(value, 0);
				putchar('\n');
			}
		} else {
			fb_table_row(&t);
			fb_table_set(&t, 0, k->key);
			if (value)
				fb_table_take(&t, 1, fb_xasprintf("%s%s", value,
								  set ? "" : " (default)"));
		}
		free(value);
	}
	cmd_print_list(ctx, arr, &t);
	return 0;
}

static const struct cmd_verb config_verbs[] = {
	{ "get", "KEY", "print the value of a setting", cmd_no_opts, 1, 1,
	  VERB_DB_READ, 0, check_key, config_get, "@key" },
	{ "set", "KEY VALUE", "change a setting", cmd_no_opts, 2, 2,
	  VERB_DB_WRITE, 0, check_set, config_set, "@key" },
	{ "unset", "KEY", "return a setting to its default", cmd_no_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_set, config_unset, "@key" },
	{ "list", "", "list every setting and its value", cmd_no_opts, 0, 0,
	  VERB_DB_READ, VERB_ANY_TZ, NULL, config_list, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.summary = "settings: company, currency, timezone, billing, tax, invoices",
	.verbs = config_verbs,
};
