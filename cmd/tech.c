/*
 * tech.c - `fixbill tech`: the technicians who log time, and their
 * tiers.  A tier (L1, L2, L3) is what tier rates (`fixbill rate set
 * --tier`) key on.  Technicians need not be added first: the first time
 * a handle logs time it is created at L1, so this noun is mostly for
 * naming people and moving them up a tier.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "json.h"
#include "table.h"

#define NAME_MAX_LEN 200

static int
check_options(struct cmd_ctx *ctx, struct fb_err *err)
{
	const char *name = cmd_get(ctx, "name"), *tier = cmd_get(ctx, "tier");

	if (name && !fb_utf8_valid(name, 0))
		return fb_err_set(err, FB_ERR_USAGE, "invalid value for '--name':"
				  " not valid UTF-8 or has control characters");
	if (name && strlen(name) > NAME_MAX_LEN)
		return fb_err_set(err, FB_ERR_USAGE, "invalid value for '--name':"
				  " longer than %d bytes", NAME_MAX_LEN);
	if (tier && !fb_tier_valid(tier))
		return fb_err_set(err, FB_ERR_USAGE, "invalid tier '%s': want L1, L2 or L3", tier);
	return 0;
}

static struct fb_json *
tech_json(const struct fb_tech *t)
{
	struct fb_json *o = fb_json_object();

	fb_json_set_int(o, "id", t->id);
	fb_json_set_str(o, "handle", t->handle);
	fb_json_set_str(o, "name", t->name);
	fb_json_set_str(o, "tier", t->tier);
	return o;
}

static void
tech_print(struct cmd_ctx *ctx, const struct fb_tech *t)
{
	if (ctx->json) {
		struct fb_json *o = tech_json(t);

		fb_json_write(o, stdout);
		fb_json_free(o);
	} else if (!ctx->quiet)
		printf("tech %s\n", t->handle);
}

/* Find a technician by handle, or say which handles are close. */
static int
find_tech(struct cmd_ctx *ctx, const char *handle, struct fb_tech *t,
	  struct fb_err *err)
{
	struct fb_tech *all;
	const char *best = NULL;
	size_t n;
	int bestd = 3, rc;

	if ((rc = fb_tech_get(ctx->db, handle, t, err)) != 0)
		return rc < 0 ? -1 : 0;
	fb_err_set(err, FB_ERR_NOTFOUND, "unknown technician '%s'", handle);
	if (fb_tech_list(ctx->db, &all, &n, NULL) == 0) {
		for (size_t i = 0; i < n; i++) {
			int d = fb_levenshtein(handle, all[i].handle);

			if (d < bestd) {
				bestd = d;
				best = all[i].handle;
			}
		}
		if (best)
			fb_err_hint(err, "did you mean '%s'?", best);
		else
			fb_err_hint(err, "add it with 'fixbill tech add %s'", handle);
		for (size_t i = 0; i < n; i++)
			fb_tech_release(&all[i]);
		free(all);
	}
	return -1;
}

static int
tech_add(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tech t;
	const char *handle = ctx->args.argv[0], *name = cmd_get(ctx, "name");
	const char *tier = cmd_get(ctx, "tier");
	int rc;

	if (!fb_tech_handle_valid(handle))
		return cmd_error(FB_ERR_USAGE, "invalid technician handle '%s': use 1-32"
				 " lowercase letters, digits, '.', '-' and '_'", handle);
	if (check_options(ctx, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0)
		return cmd_fail(&err);
	rc = fb_tech_get(ctx->db, handle, &t, &err);
	if (rc < 0)
		return cmd_fail(&err);
	if (rc == 1) {
		fb_tech_release(&t);
		fb_err_set(&err, FB_ERR_REFUSED, "technician '%s' already exists", handle);
		fb_err_hint(&err, "change it with 'fixbill tech edit %s'", handle);
		return cmd_fail(&err);
	}
	memset(&t, 0, sizeof(t));
	t.handle = fb_xstrdup(handle);
	t.name = name && *name ? fb_xstrdup(name) : NULL;
	snprintf(t.tier, sizeof(t.tier), "%s", tier ? tier : "L1");
	if (fb_tech_insert(ctx->db, &t, ctx->now, &err) < 0) {
		fb_tech_release(&t);
		return cmd_fail(&err);
	}
	rc = cmd_commit(ctx);
	if (rc == 0)
		tech_print(ctx, &t);
	fb_tech_release(&t);
	return rc;
}

static int
tech_edit(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tech t;
	const char *name = cmd_get(ctx, "name"), *tier = cmd_get(ctx, "tier");
	int rc;

	if (check_options(ctx, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0 ||
	    find_tech(ctx, ctx->args.argv[0], &t, &err) < 0)
		return cmd_fail(&err);
	if (name) {
		free(t.name);
		t.name = *name ? fb_xstrdup(name) : NULL;
	}
	if (tier)
		snprintf(t.tier, sizeof(t.tier), "%s", tier);
	if (fb_tech_update(ctx->db, &t, &err) < 0) {
		fb_tech_release(&t);
		return cmd_fail(&err);
	}
	rc = cmd_commit(ctx);
	if (rc == 0)
		tech_print(ctx, &t);
	fb_tech_release(&t);
	return rc;
}

static int
tech_show(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tech t;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (find_tech(ctx, ctx->args.argv[0], &t, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *o = tech_json(&t);

		fb_json_write(o, stdout);
		fb_json_free(o);
	} else {
		printf("%-7s %s\n", "handle", t.handle);
		printf("%-7s %s\n", "name", t.name ? t.name : "-");
		printf("%-7s %s\n", "tier", t.tier);
	}
	fb_tech_release(&t);
	return 0;
}

static int
tech_list(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tech *all;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_tech_list(ctx->db, &all, &n, &err) < 0)
		return cmd_fail(&err);
	fb_table_init(&t);
	fb_table_col(&t, "handle", NULL, FB_COL_TEXT);
	fb_table_col(&t, "name", NULL, FB_COL_TEXT);
	fb_table_col(&t, "tier", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		if (arr)
			fb_json_push(arr, tech_json(&all[i]));
		else if (ctx->quiet)
			printf("%s\n", all[i].handle);
		else {
			fb_table_row(&t);
			fb_table_set(&t, 0, all[i].handle);
			fb_table_set(&t, 1, all[i].name);
			fb_table_set(&t, 2, all[i].tier);
		}
		fb_tech_release(&all[i]);
	}
	free(all);
	if (arr) {
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else if (!ctx->quiet && t.nrows > 0)
		fb_table_print(&t, stdout, ctx->color);
	fb_table_release(&t);
	return 0;
}

static const struct cmd_opt tech_opts[] = {
	{ 0, "name", OPT_STRING, "NAME", "the technician's full name", NULL, 0 },
	{ 0, "tier", OPT_STRING, "TIER", "L1, L2 or L3 (tier rates key on it)", "L1 L2 L3", 0 },
	OPT_END
};

static const struct cmd_opt no_opts[] = { OPT_END };

static const struct cmd_verb tech_verbs[] = {
	{ "add", "HANDLE", "add a technician", tech_opts, 1, 1, tech_add, NULL },
	{ "list", "", "list the technicians", no_opts, 0, 0, tech_list, NULL },
	{ "show", "HANDLE", "show a technician", no_opts, 1, 1, tech_show, "@tech" },
	{ "edit", "HANDLE", "change a technician's name or tier", tech_opts, 1, 1, tech_edit, "@tech" },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_tech_entry = {
	.name = "tech",
	.summary = "technicians and their tiers",
	.verbs = tech_verbs,
};
