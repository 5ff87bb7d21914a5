/*
 * complete.c - `fixbill __complete WORDS...`: the candidates for the last
 * word, read from the same tables as parsing and usage.  The bash, zsh
 * and fish scripts in completions/ only call this.  File and directory
 * values print the marker "@file" or "@dir" for the shell to expand;
 * clients, jobs, technicians, invoices and tax codes come from
 * lib/complete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "complete.h"
#include "config.h"
#include "opt.h"

static void
emit(const char *cand, const char *prefix)
{
	if (strncmp(cand, prefix, strlen(prefix)) == 0)
		printf("%s\n", cand);
}

/* Candidates from the database; completion never creates one, nor says why it has none. */
static void
emit_values(struct cmd_ctx *ctx, enum fb_complete_kind kind, const char *prefix)
{
	struct fb_err err = FB_ERR_INIT;
	char **v;
	size_t n;

	if (ctx->db == NULL) {
		char *path = ctx->db_opt ? fb_xstrdup(ctx->db_opt) : fb_db_default_path();

		if (path == NULL || fb_db_open(path, 0, &ctx->db, &err) < 0) {
			fb_err_release(&err);
			free(path);
			return;
		}
		free(path);
	}
	if (fb_complete_values(ctx->db, kind, prefix, &v, &n, &err) < 0) {
		fb_err_release(&err);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		cmd_put(v[i], 0);
		putchar('\n');
	}
	fb_complete_free(v, n);
}

static void
complete_value(struct cmd_ctx *ctx, const char *spec, const char *prefix)
{
	static const struct {
		const char *spec;
		enum fb_complete_kind kind;
	} kinds[] = {
		{ "@client", FB_COMPLETE_CLIENT },
		{ "@job", FB_COMPLETE_JOB },
		{ "@anyjob", FB_COMPLETE_ANYJOB },
		{ "@tech", FB_COMPLETE_TECH },
		{ "@invoice", FB_COMPLETE_INVOICE },
		{ "@payment", FB_COMPLETE_PAYMENT },
		{ "@change", FB_COMPLETE_CHANGE },
		{ "@tax", FB_COMPLETE_TAX },
	};

	if (spec == NULL)
		return;
	if (strcmp(spec, "@file") == 0 || strcmp(spec, "@dir") == 0) {
		printf("%s\n", spec);
		return;
	}
	for (size_t i = 0; i < FB_ARRAY_SIZE(kinds); i++) {
		if (strcmp(spec, kinds[i].spec) == 0) {
			emit_values(ctx, kinds[i].kind, prefix);
			return;
		}
	}
	if (strcmp(spec, "@key") == 0) {
		for (const struct fb_config_key *k = fb_config_keys; k->key; k++)
			emit(k->key, prefix);
		return;
	}
	/* A list of words. */
	{
		char *copy = fb_xstrdup(spec), *w, *save = NULL;

		for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
			emit(w, prefix);
		free(copy);
	}
}

static const struct cmd_opt *
opt_by_word(const struct cmd_opt *opts, const char *word)
{
	const struct cmd_opt *o;

	if (word[0] != '-')
		return NULL;
	for (o = opts; o && o->long_name; o++) {
		if (word[1] == '-' && strcmp(word + 2, o->long_name) == 0)
			return o;
		if (word[1] != '-' && word[1] == o->short_name && word[2] == '\0')
			return o;
	}
	return NULL;
}

static void
emit_opts(const struct cmd_opt *opts, const char *prefix)
{
	const struct cmd_opt *o;

	for (o = opts; o && o->long_name; o++) {
		char *s = fb_xasprintf("--%s", o->long_name);

		emit(s, prefix);
		free(s);
	}
}

int
cmd_complete(struct cmd_ctx *ctx, int argc, char **argv)
{
	const char *cur = argc > 0 ? argv[argc - 1] : "";
	const struct cmd_entry *e = NULL;
	const struct cmd_verb *v = NULL;
	const struct cmd_opt *o;
	int i;

	/* Walk the words before the current one. */
	for (i = 0; i < argc - 1; i++) {
		const char *w = argv[i];

		if (e == NULL) {
			if (strcmp(w, "--db") == 0 && i + 1 < argc - 1) {
				ctx->db_opt = argv[++i];
				continue;
			}
			if (strcmp(w, "--color") == 0) {
				i++;
				continue;
			}
			if (w[0] == '-')
				continue;
			if (strcmp(w, "help") == 0) {
				for (const struct cmd_entry *const *t = cmd_table; *t; t++)
					emit((*t)->name, cur);
				return 0;
			}
			for (const struct cmd_entry *const *t = cmd_table; *t; t++)
				if (strcmp((*t)->name, w) == 0)
					e = *t;
			if (e == NULL)
				return 0;
			if (e->single)
				v = e->verbs;
			continue;
		}
		if (v == NULL) {
			for (const struct cmd_verb *t = e->verbs; t->name; t++)
				if (strcmp(t->name, w) == 0)
					v = t;
			if (v == NULL)
				return 0;
			continue;
		}
		if ((o = opt_by_word(v->opts, w)) || (o = opt_by_word(opt_globals(), w))) {
			if (o->type != CMD_OPT_BOOL) {
				if (i + 1 == argc - 1) {
					complete_value(ctx, o->complete, cur);
					return 0;
				}
				if (strcmp(o->long_name, "db") == 0)
					ctx->db_opt = argv[i + 1];
				i++;
			}
			continue;
		}
	}
	if (e == NULL) {
		if (cur[0] == '-') {
			emit("--db", cur);
			emit("--json", cur);
			emit("--quiet", cur);
			emit("--color", cur);
			emit("--version", cur);
			emit("--help", cur);
			return 0;
		}
		for (const struct cmd_entry *const *t = cmd_table; *t; t++)
			emit((*t)->name, cur);
		emit("help", cur);
		return 0;
	}
	if (v == NULL) {
		for (const struct cmd_verb *t = e->verbs; t->name; t++)
			emit(t->name, cur);
		return 0;
	}
	if (cur[0] == '-') {
		emit_opts(v->opts, cur);
		emit_opts(opt_globals(), cur);
		return 0;
	}
	complete_value(ctx, v->complete, cur);
	return 0;
}
