/*
 * tech.c - `fixbill tech`: the technicians who log time, and their
 * tiers.  A tier (L1, L2, L3) is what tier rates (`fixbill rate set
 * --tier`) key on.  A technician is added before logging time: a handle
 * nobody added is refused, so that a typo never becomes a new
 * technician billed at L1.  A tier changes from a day on (`tech edit
 * --tier L2 --from DATE`): work done before keeps the tier it was done at.
 */
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "cmd.h"
#include "json.h"
#include "table.h"
#include "when.h"

struct tech_opts {
	const char *name;
	const char *tier;
	struct opt_date from;
};

/* Checked before any database is opened: "" clears the name. */
static int
check_options(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct tech_opts *o = opts;

	if ((strcmp(ctx->verb->name, "add") == 0 && fb_tech_check_handle(ctx->argv[0], &err) < 0) ||
	    (o->name && *o->name && fb_tech_check_name(o->name, &err) < 0) ||
	    (o->tier && fb_tech_check_tier(o->tier, &err) < 0))
		return cmd_fail(&err);
	if (o->from.arg && !o->tier)
		return cmd_error(FB_ERR_USAGE, "option '--from' needs '--tier'");
	return 0;
}

static struct fb_json *
tech_json(struct cmd_ctx *ctx, const struct fb_tech *t)
{
	struct fb_json *o = fb_json_object(), *arr = fb_json_array();
	struct fb_tech_tier *tiers = NULL;
	size_t n = 0;

	fb_json_set_int(o, "id", t->id);
	fb_json_set_str(o, "handle", t->handle);
	fb_json_set_str(o, "name", t->name);
	fb_json_set_str(o, "tier", t->tier);
	/* The earlier tiers: what work starting before `until` was priced at. */
	if (fb_tech_tiers(ctx->db, t->id, &tiers, &n, NULL) == 0) {
		for (size_t i = 0; i < n; i++) {
			struct fb_json *e = fb_json_object();

			fb_json_set_str(e, "tier", tiers[i].tier);
			fb_json_set_time(e, "until", tiers[i].until, 0);
			fb_json_push(arr, e);
		}
	}
	free(tiers);
	fb_json_set(o, "earlier_tiers", arr);
	return o;
}

static void
tech_print(struct cmd_ctx *ctx, const struct fb_tech *t)
{
	if (ctx->json) {
		struct fb_json *o = tech_json(ctx, t);

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
	int rc;

	if ((rc = fb_tech_get(ctx->db, handle, t, err)) != 0)
		return rc < 0 ? -1 : 0;
	return fb_tech_unknown(ctx->db, handle, NULL, err);
}

static int
tech_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct tech_opts *o = opts;
	struct fb_tech t;
	const char *handle = ctx->argv[0];
	int rc;

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
	t.name = o->name && *o->name ? fb_xstrdup(o->name) : NULL;
	snprintf(t.tier, sizeof(t.tier), "%s", o->tier ? o->tier : "L1");
	if (fb_tech_insert(ctx->db, &t, ctx->now, &err) < 0) {
		fb_tech_release(&t);
		return cmd_fail(&err);
	}
	tech_print(ctx, &t);
	fb_tech_release(&t);
	return 0;
}

static int
tech_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct tech_opts *o = opts;
	struct fb_tech t;

	if (find_tech(ctx, ctx->argv[0], &t, &err) < 0)
		return cmd_fail(&err);
	if (o->name) {
		free(t.name);
		t.name = *o->name ? fb_xstrdup(o->name) : NULL;
	}
	if (o->tier) {
		struct fb_civil d;
		int64_t from;

		/* From the start of that day, by default today's. */
		if (o->from.arg)
			d = o->from.v;
		else
			fb_utc_to_local(ctx->now, &d, NULL, NULL);
		if (fb_day_start(d.year, d.month, d.day, &from, &err) < 0 ||
		    fb_tech_set_tier(ctx->db, &t, o->tier, from, &err) < 0) {
			fb_tech_release(&t);
			return cmd_fail(&err);
		}
	} else if (fb_tech_update(ctx->db, &t, &err) < 0) {
		fb_tech_release(&t);
		return cmd_fail(&err);
	}
	tech_print(ctx, &t);
	fb_tech_release(&t);
	return 0;
}

static int
tech_show(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tech t;

	(void)opts;
	if (find_tech(ctx, ctx->argv[0], &t, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *o = tech_json(ctx, &t);

		fb_json_write(o, stdout);
		fb_json_free(o);
	} else {
		struct fb_tech_tier *tiers = NULL;
		size_t n = 0;

		printf("%-7s %s\n", "handle", t.handle);
		printf("%-7s ", "name");
		cmd_put(t.name ? t.name : "-", 0);
		if (fb_tech_tiers(ctx->db, t.id, &tiers, &n, &err) < 0) {
			fb_tech_release(&t);
			return cmd_fail(&err);
		}
		printf("\n%-7s %s", "tier", t.tier);
		if (n) {
			char *from = fb_when_short(tiers[n - 1].until);

			printf(" from %s", from);
			free(from);
		}
		putchar('\n');
		/* The earlier tiers, newest first: "L1 before 2026-11-01 00:00". */
		for (size_t i = n; i-- > 0;) {
			char *until = fb_when_short(tiers[i].until);

			printf("%-7s %s before %s\n", "", tiers[i].tier, until);
			free(until);
		}
		free(tiers);
	}
	fb_tech_release(&t);
	return 0;
}

static int
tech_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_tech *all;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;

	(void)opts;
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
			fb_json_push(arr, tech_json(ctx, &all[i]));
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
	cmd_print_list(ctx, arr, &t);
	return 0;
}

#define OPTS struct tech_opts
static const struct cmd_opt add_opts[] = {
	{ OPT_STRING(0, "name", name, "NAME", "the technician's full name") },
	{ OPT_STRING(0, "tier", tier, "TIER", "L1, L2 or L3 (tier rates key on it)"),
	  .complete = "L1 L2 L3" },
	OPT_END
};

static const struct cmd_opt edit_opts[] = {
	{ OPT_STRING(0, "name", name, "NAME", "the technician's full name") },
	{ OPT_STRING(0, "tier", tier, "TIER", "L1, L2 or L3 for work from --from on"),
	  .complete = "L1 L2 L3" },
	{ OPT_DATE(0, "from", from, "DATE", "the first day of the new tier (default today)") },
	OPT_END
};
#undef OPTS

static const struct cmd_verb tech_verbs[] = {
	{ "add", "HANDLE", "add a technician", add_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_options, tech_add, NULL },
	{ "list", "", "list the technicians", cmd_no_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, tech_list, NULL },
	{ "show", "HANDLE", "show a technician", cmd_no_opts, 1, 1,
	  VERB_DB_READ, 0, NULL, tech_show, "@tech" },
	{ "edit", "HANDLE", "change a technician's name, or tier from a day on", edit_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_options, tech_edit, "@tech" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_tech_entry = {
	.name = "tech",
	.summary = "technicians and their tiers",
	.verbs = tech_verbs,
};
