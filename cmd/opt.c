/*
 * opt.c - parse a verb's options from its table, and print its usage.
 *
 * Options may come before, between or after the positional arguments
 * (git style); "--" ends them.  Long options take "--name VALUE" or
 * "--name=VALUE"; short ones "-c VALUE" or "-cVALUE".  Names match
 * exactly: no prefix abbreviation.  The global options (--json, -q,
 * --db, --color) are accepted among every verb's own.
 */
#include "opt.h"

#include <stdlib.h>
#include <string.h>

static const struct cmd_opt global_opts[] = {
	{ 0, "db", OPT_STRING, "PATH", "database file", "@file", 0 },
	{ 0, "json", OPT_BOOL, NULL, "print one JSON document", NULL, 0 },
	{ 'q', "quiet", OPT_BOOL, NULL, "print only what scripts need", NULL, 0 },
	{ 0, "color", OPT_STRING, "WHEN", "colour: auto, always or never", "auto always never", 0 },
	OPT_END
};

const struct cmd_opt *
opt_globals(void)
{
	return global_opts;
}

static const struct cmd_opt *
find_long(const struct cmd_opt *opts, const char *name, size_t len)
{
	for (; opts && opts->long_name; opts++)
		if (strlen(opts->long_name) == len &&
		    strncmp(opts->long_name, name, len) == 0)
			return opts;
	return NULL;
}

static const struct cmd_opt *
find_short(const struct cmd_opt *opts, int c)
{
	for (; opts && opts->long_name; opts++)
		if (opts->short_name == c)
			return opts;
	return NULL;
}

static int
set_global(struct cmd_ctx *ctx, const struct cmd_opt *o, const char *value)
{
	if (strcmp(o->long_name, "db") == 0)
		ctx->db_opt = value;
	else if (strcmp(o->long_name, "json") == 0)
		ctx->json = 1;
	else if (strcmp(o->long_name, "quiet") == 0)
		ctx->quiet = 1;
	else if (strcmp(o->long_name, "color") == 0) {
		if (strcmp(value, "auto") && strcmp(value, "always") &&
		    strcmp(value, "never"))
			return cmd_error(FB_ERR_USAGE,
					 "invalid value '%s' for '--color': want auto, always or never",
					 value);
		ctx->color_opt = value;
	}
	return 0;
}

int
opt_parse(struct cmd_ctx *ctx, const struct cmd_opt *opts, int argc,
	  char **argv, const char *usage_name)
{
	struct cmd_args *a = &ctx->args;
	size_t nopts = 0;
	int only_args = 0;

	while (opts && opts[nopts].long_name)
		nopts++;
	a->opts = opts;
	a->values = fb_xcalloc(nopts + 1, sizeof(*a->values));
	a->argv = fb_xcalloc((size_t)argc + 1, sizeof(*a->argv));
	a->argc = 0;

	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		const struct cmd_opt *o;
		int global = 0;

		if (only_args || arg[0] != '-' || arg[1] == '\0' ||
		    (arg[1] >= '0' && arg[1] <= '9')) {
			a->argv[a->argc++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			o = find_long(opts, name, len);
			if (o == NULL && (o = find_long(global_opts, name, len)) != NULL)
				global = 1;
			if (o == NULL) {
				cmd_error(FB_ERR_USAGE, "unknown option '%.*s'",
					  (int)(len + 2), arg);
				cmd_hint("see 'fixbill %s -h'", usage_name);
				return FB_ERR_USAGE;
			}
			if (eq)
				value = eq + 1;
		} else {
			o = find_short(opts, arg[1]);
			if (o == NULL && (o = find_short(global_opts, arg[1])) != NULL)
				global = 1;
			if (o == NULL) {
				cmd_error(FB_ERR_USAGE, "unknown option '-%c'", arg[1]);
				cmd_hint("see 'fixbill %s -h'", usage_name);
				return FB_ERR_USAGE;
			}
			if (arg[2] != '\0') {
				if (o->type == OPT_BOOL)
					return cmd_error(FB_ERR_USAGE,
							 "option '-%c' takes no value", arg[1]);
				value = arg + 2;
			}
		}
		if (o->type == OPT_BOOL) {
			if (value != NULL)
				return cmd_error(FB_ERR_USAGE,
						 "option '--%s' takes no value", o->long_name);
			value = "";
		} else if (value == NULL) {
			if (i + 1 >= argc)
				return cmd_error(FB_ERR_USAGE,
						 "option '--%s' needs a value (%s)",
						 o->long_name, o->arg ? o->arg : "VALUE");
			value = argv[++i];
		}
		if (global) {
			int rc = set_global(ctx, o, value);

			if (rc)
				return rc;
		} else
			a->values[o - opts] = value;
	}
	for (size_t k = 0; k < nopts; k++)
		if ((opts[k].flags & OPTF_REQUIRED) && a->values[k] == NULL)
			return cmd_error(FB_ERR_USAGE, "missing option '--%s' for '%s'",
					 opts[k].long_name, usage_name);
	return 0;
}

void
opt_release(struct cmd_args *a)
{
	free(a->values);
	free(a->argv);
	a->values = NULL;
	a->argv = NULL;
	a->argc = 0;
}

const char *
cmd_get(struct cmd_ctx *ctx, const char *long_name)
{
	const struct cmd_opt *o;

	for (o = ctx->args.opts; o && o->long_name; o++)
		if (strcmp(o->long_name, long_name) == 0)
			return ctx->args.values[o - ctx->args.opts];
	return NULL;
}

int
cmd_has(struct cmd_ctx *ctx, const char *long_name)
{
	return cmd_get(ctx, long_name) != NULL;
}

char *
cmd_synopsis(const struct cmd_entry *e, const struct cmd_verb *v)
{
	struct fb_buf b = FB_BUF_INIT;
	const struct cmd_opt *o;

	fb_buf_addf(&b, "fixbill %s %s", e->name, v->name);
	for (o = v->opts; o && o->long_name; o++) {
		int req = o->flags & OPTF_REQUIRED;

		fb_buf_addf(&b, " %s--%s", req ? "" : "[", o->long_name);
		if (o->type == OPT_STRING)
			fb_buf_addf(&b, " %s", o->arg ? o->arg : "VALUE");
		if (!req)
			fb_buf_addc(&b, ']');
	}
	if (v->args && *v->args)
		fb_buf_addf(&b, " %s", v->args);
	return fb_buf_detach(&b);
}

static void
opt_lines(const struct cmd_opt *opts, FILE *fp)
{
	const struct cmd_opt *o;

	for (o = opts; o && o->long_name; o++) {
		char head[64];

		if (o->short_name)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", o->short_name,
				 o->long_name, o->type == OPT_STRING ? " " : "",
				 o->type == OPT_STRING ? (o->arg ? o->arg : "VALUE") : "");
		else
			snprintf(head, sizeof(head), "    --%s%s%s", o->long_name,
				 o->type == OPT_STRING ? " " : "",
				 o->type == OPT_STRING ? (o->arg ? o->arg : "VALUE") : "");
		if (strlen(head) < 24)
			fprintf(fp, "    %-24s  %s\n", head, o->help);
		else
			fprintf(fp, "    %s\n    %-24s  %s\n", head, "", o->help);
	}
}

void
cmd_verb_usage(const struct cmd_entry *e, const struct cmd_verb *v, FILE *fp)
{
	char *s = cmd_synopsis(e, v);

	fprintf(fp, "usage: %s\n\n    %s\n", s, v->summary);
	free(s);
	if (v->opts && v->opts->long_name) {
		fputc('\n', fp);
		opt_lines(v->opts, fp);
	}
	fputs("\nglobal options:\n", fp);
	opt_lines(global_opts, fp);
}

void
cmd_noun_usage(const struct cmd_entry *e, FILE *fp)
{
	const struct cmd_verb *v;

	for (v = e->verbs; v->name; v++) {
		char *s = cmd_synopsis(e, v);

		fprintf(fp, "%s %s\n", v == e->verbs ? "usage:" : "   or:", s);
		free(s);
	}
	fprintf(fp, "\n%s\n\n", e->summary);
	for (v = e->verbs; v->name; v++)
		fprintf(fp, "    %-10s  %s\n", v->name, v->summary);
	fprintf(fp, "\n'fixbill %s VERB -h' shows a verb's options; 'fixbill help %s' its manual.\n",
		e->name, e->name);
}
