/*
 * log.c - `fixbill log`: what each command changed.  Every command that
 * changes the database is recorded (main does it, for every writing
 * verb): when, who, the command line, and the records it created,
 * changed and deleted.  `fixbill undo` (cmd/undo.c) reverts a change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "history.h"
#include "json.h"
#include "when.h"

static const char *
action_name(enum fb_db_op op)
{
	return op == FB_DB_INSERT ? "create" : op == FB_DB_UPDATE ? "change" : "delete";
}

struct fb_json *
cmd_log_json(const struct fb_history_entry *e)
{
	struct fb_json *o = fb_json_object(), *arr = fb_json_array();

	fb_json_set_int(o, "id", e->id);
	fb_json_set_time(o, "at", e->at, 0);
	fb_json_set_str(o, "who", e->who);
	fb_json_set_str(o, "command", e->command);
	for (size_t i = 0; i < e->nrecords; i++) {
		const struct fb_history_record *r = &e->records[i];
		struct fb_json *c = fb_json_object();

		fb_json_set_str(c, "kind", r->kind);
		if (r->is_int)
			fb_json_set_int(c, "id", r->id);
		else
			fb_json_set_str(c, "id", r->key);
		fb_json_set_str(c, "action", action_name(r->action));
		fb_json_push(arr, c);
	}
	if (e->recorded)
		fb_json_set(o, "changes", arr);
	else {
		fb_json_free(arr);
		fb_json_set_null(o, "changes");
	}
	fb_json_set_bool(o, "undoable", fb_history_undoable(e));
	fb_json_set_str(o, "reason", e->refused);
	fb_json_set_bool(o, "undone", e->undone_by != 0);
	if (e->undone_by)
		fb_json_set_int(o, "undone_by", e->undone_by);
	else
		fb_json_set_null(o, "undone_by");
	if (e->undo_of)
		fb_json_set_int(o, "undo_of", e->undo_of);
	else
		fb_json_set_null(o, "undo_of");
	return o;
}

/*
 * "created entry 3, 4, invoice line 1-5; changed job 1": the records
 * by action, then kind, runs of numbers as ranges.  verbs names the
 * three actions.  Caller frees.
 */
char *
cmd_log_records(const struct fb_history_entry *e, const char *const verbs[3])
{
	struct fb_buf b = FB_BUF_INIT;
	size_t i = 0;

	while (i < e->nrecords) {
		enum fb_db_op op = e->records[i].action;

		if (b.len)
			fb_buf_adds(&b, "; ");
		fb_buf_adds(&b, verbs[op]);
		for (int first_kind = 1; i < e->nrecords && e->records[i].action == op; first_kind = 0) {
			const char *kind = e->records[i].kind;

			fb_buf_adds(&b, first_kind ? " " : ", ");
			for (const char *k = kind; *k; k++)
				fb_buf_addc(&b, *k == '_' ? ' ' : *k);
			for (int first = 1; i < e->nrecords && e->records[i].action == op &&
			     strcmp(e->records[i].kind, kind) == 0; first = 0) {
				size_t j = i;

				/* A run of consecutive numbers reads as "1-5". */
				while (j + 1 < e->nrecords && e->records[j + 1].action == op &&
				       strcmp(e->records[j + 1].kind, kind) == 0 &&
				       e->records[j].is_int && e->records[j + 1].is_int &&
				       e->records[j + 1].id == e->records[j].id + 1)
					j++;
				fb_buf_adds(&b, first ? " " : ", ");
				if (j > i + 1)
					fb_buf_addf(&b, "%s-%s", e->records[i].key, e->records[j].key);
				else if (j == i + 1)
					fb_buf_addf(&b, "%s, %s", e->records[i].key, e->records[j].key);
				else
					fb_buf_adds(&b, e->records[i].key);
				i = j + 1;
			}
		}
	}
	fb_buf_str(&b);
	return fb_buf_detach(&b);
}

static void
print_entry(const struct fb_history_entry *e)
{
	static const char *const verbs[3] = { "created", "changed", "deleted" };
	char *when = fb_when_short(e->at);

	printf("%-4lld %s  ", (long long)e->id, when);
	cmd_put(e->who, 0);
	fputs("  ", stdout);
	cmd_put(e->command, 0);
	if (e->undone_by)
		printf("  (undone by %lld)", (long long)e->undone_by);
	else if (e->refused)
		printf("  (not undoable: %s)", e->refused);
	putchar('\n');
	if (e->undo_of)
		printf("     undid change %lld%s", (long long)e->undo_of, e->nrecords ? ": " : "\n");
	else
		fputs("     ", stdout);
	if (!e->recorded)
		printf("(changes not recorded row by row)\n");
	else if (e->nrecords || !e->undo_of) {
		char *s = cmd_log_records(e, verbs);

		cmd_put(s, 0);
		putchar('\n');
		free(s);
	}
	free(when);
}

struct log_opts {
	struct opt_num limit;
};

static int
cmd_log(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct log_opts *o = opts;
	struct fb_history_entry *v;
	size_t n;

	if (fb_history_list(ctx->db, o->limit.arg ? o->limit.v : 20, &v, &n, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *arr = fb_json_array();

		for (size_t i = 0; i < n; i++)
			fb_json_push(arr, cmd_log_json(&v[i]));
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (ctx->quiet)
				printf("%lld\n", (long long)v[i].id);
			else
				print_entry(&v[i]);
		}
	}
	fb_history_list_free(v, n);
	return 0;
}

#define OPTS struct log_opts
static const struct cmd_opt log_opts[] = {
	{ OPT_INT('n', "limit", limit, "N", "the N most recent changes (default 20)",
		  1, 1000000000, "limit") },
	OPT_END
};
#undef OPTS

static const struct cmd_verb log_verbs[] = {
	{ "log", "", "what each command changed, newest first", log_opts, 0, 0,
	  VERB_DB_READ, 0, NULL, cmd_log, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_log_entry = {
	.name = "log",
	.summary = "what each command changed: when, who, which records",
	.verbs = log_verbs,
	.single = 1,
};
