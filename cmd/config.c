/*
 * config.c - `fixbill config`: the shop's settings (company details,
 * currency, timezone, billing policy, tax, invoice numbering, SLA
 * targets), and the ones a client may have of its own (--client: every
 * billing.*, tax.*, invoice.terms and invoice.paper key, which win over
 * the shop's wherever that client's work is priced or its invoices made).
 * Every key is validated when set, so the rest of fixbill can trust what
 * it reads.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "config.h"
#include "json.h"
#include "table.h"

/* Every verb's options: the client whose settings it is about. */
struct config_opts {
	const char *client;
};

/* The client of --client, or id 0 for the shop's settings. */
static int
client_of(struct cmd_ctx *ctx, const struct config_opts *o, int64_t *id)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_client c;

	*id = 0;
	if (o->client == NULL)
		return 0;
	if (fb_client_find(ctx->db, o->client, &c, &err) < 0)
		return cmd_fail(&err);
	*id = c.id;
	fb_client_release(&c);
	return 0;
}

/*
 * An unknown key, or one a client cannot have, is reported before any
 * database is opened.
 */
static int
check_key(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct config_opts *o = opts;
	const char *key = ctx->argv[0];

	if (fb_config_find(key) == NULL) {
		fb_config_unset(NULL, key, &err);
		return cmd_fail(&err);
	}
	if (o->client && fb_config_check_client_key(key, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
config_get(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	enum fb_config_source source;
	const char *key = ctx->argv[0];
	char *value = NULL;
	int64_t client;
	int rc;

	if ((rc = client_of(ctx, opts, &client)) != 0)
		return rc;
	rc = fb_config_get_for(ctx->db, client, key, &value, &source, &err);
	if (rc < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *o = fb_json_object();

		fb_json_set_str(o, "key", key);
		fb_json_set_str(o, "value", value);
		fb_json_set_bool(o, "default", source == FB_CONFIG_DEFAULT);
		fb_json_set_str(o, "source", fb_config_source_name(source));
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
	int64_t client;
	int rc;

	if ((rc = client_of(ctx, opts, &client)) != 0)
		return rc;
	if ((client ? fb_config_set_client(ctx->db, client, ctx->argv[0], ctx->argv[1], &err) :
	     fb_config_set(ctx->db, ctx->argv[0], ctx->argv[1], &err)) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
config_unset(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	int64_t client;
	int rc;

	if ((rc = client_of(ctx, opts, &client)) != 0)
		return rc;
	if ((client ? fb_config_unset_client(ctx->db, client, ctx->argv[0], &err) :
	     fb_config_unset(ctx->db, ctx->argv[0], &err)) < 0)
		return cmd_fail(&err);
	return 0;
}

/*
 * Every key and its value; for a client, the keys it may have of its own
 * and where each effective value comes from.
 */
static int
config_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	const struct fb_config_key *k;
	struct fb_table t;
	struct fb_json *arr = NULL;
	int64_t client;
	int rc;

	if ((rc = client_of(ctx, opts, &client)) != 0)
		return rc;
	fb_table_init(&t);
	fb_table_col(&t, "key", NULL, FB_COL_TEXT);
	fb_table_col(&t, "value", NULL, FB_COL_TEXT);
	if (client)
		fb_table_col(&t, "source", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (k = fb_config_keys; k->key; k++) {
		enum fb_config_source source;
		char *value = NULL;

		if (client && !fb_config_per_client(k->key))
			continue;
		if (fb_config_get_for(ctx->db, client, k->key, &value, &source, &err) < 0) {
			fb_table_release(&t);
			fb_json_free(arr);
			return cmd_fail(&err);
		}
		if (arr) {
			struct fb_json *o = fb_json_object();

			fb_json_set_str(o, "key", k->key);
			fb_json_set_str(o, "value", value);
			fb_json_set_bool(o, "default", source == FB_CONFIG_DEFAULT);
			fb_json_set_str(o, "source", fb_config_source_name(source));
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
			if (client) {
				fb_table_set(&t, 1, value);
				fb_table_set(&t, 2, fb_config_source_name(source));
			} else if (value)
				fb_table_take(&t, 1, fb_xasprintf("%s%s", value,
				    source == FB_CONFIG_DEFAULT ? " (default)" : ""));
		}
		free(value);
	}
	cmd_print_list(ctx, arr, &t);
	return 0;
}

#define OPTS struct config_opts
static const struct cmd_opt get_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE", "the value for this client"),
	  .complete = "@client" },
	OPT_END
};

static const struct cmd_opt set_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE",
		     "for this client only (billing.*, tax.*, invoice.terms, invoice.paper)"),
	  .complete = "@client" },
	OPT_END
};

static const struct cmd_opt list_opts[] = {
	{ OPT_STRING(0, "client", client, "CODE",
		     "the keys a client may have, with each value's source"),
	  .complete = "@client" },
	OPT_END
};
#undef OPTS

static const struct cmd_verb config_verbs[] = {
	{ "get", "KEY", "print the value of a setting", get_opts, 1, 1,
	  VERB_DB_READ, 0, check_key, config_get, "@key" },
	{ "set", "KEY VALUE", "change a setting", set_opts, 2, 2,
	  VERB_DB_WRITE, 0, check_set, config_set, "@key" },
	{ "unset", "KEY", "return a setting to its default", set_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_set, config_unset, "@key" },
	{ "list", "", "list every setting and its value", list_opts, 0, 0,
	  VERB_DB_READ, VERB_ANY_TZ, NULL, config_list, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_config_entry = {
	.name = "config",
	.summary = "settings: company, currency, timezone, billing, tax, invoices",
	.verbs = config_verbs,
};
