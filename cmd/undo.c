/*
 * undo.c - `fixbill undo [CHANGE]`: revert the most recent change of the
 * log that is not undone yet (or the one named), exactly: the records it
 * created are gone again, those it changed or deleted are back as they
 * were.  A change that issued, voided or paid anything is never undone
 * (a void or a credit note corrects it), nor one a later change built
 * on.  The undo is logged like any change; lib/history has the rules.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "history.h"
#include "json.h"

struct undo_opts {
	int64_t id;
};

static int
check_undo(struct cmd_ctx *ctx, void *opts)
{
	struct undo_opts *o = opts;

	if (ctx->argc > 0 && (fb_parse_uint(ctx->argv[0], INT64_MAX, &o->id) < 0 || o->id == 0))
		return cmd_error(FB_ERR_USAGE, "invalid change number '%s'", ctx->argv[0]);
	return 0;
}

static int
cmd_undo(struct cmd_ctx *ctx, void *opts)
{
	static const char *const verbs[3] = { "removed", "restored", "put back" };
	struct fb_err err = FB_ERR_INIT;
	struct undo_opts *o = opts;
	struct fb_history_entry e;

	if (fb_history_undo(ctx->db, o->id, &e, &err) < 0)
		return cmd_fail(&err);
	/* Main logs this command as the undo of e. */
	ctx->undo_of = e.id;
	if (ctx->json) {
		struct fb_json *j;

		e.undone_by = fb_history_next_id(ctx->db);
		j = cmd_log_json(&e);
		fb_json_write(j, stdout);
		fb_json_free(j);
	} else if (!ctx->quiet) {
		char *what = cmd_log_records(&e, verbs);

		printf("undid change %lld (", (long long)e.id);
		cmd_put(e.command, 0);
		fputs(")", stdout);
		if (*what) {
			fputs(": ", stdout);
			cmd_put(what, 0);
		}
		putchar('\n');
		free(what);
	}
	fb_history_entry_release(&e);
	return 0;
}

#define OPTS struct undo_opts
static const struct cmd_opt undo_opts[] = { OPT_END };
#undef OPTS

static const struct cmd_verb undo_verbs[] = {
	{ "undo", "[CHANGE]", "revert the most recent change not yet undone", undo_opts, 0, 1,
	  VERB_DB_WRITE, 0, check_undo, cmd_undo, "@change" },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_undo_entry = {
	.name = "undo",
	.summary = "revert the most recent change (see 'fixbill log')",
	.verbs = undo_verbs,
	.single = 1,
};
