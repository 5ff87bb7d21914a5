/*
 * opt.c - parse a verb's options from its table into its options struct,
 * and print its usage.
 *
 * Options may come before, between or after the positional arguments
 * (git style); "--" ends them.  Long options take "--name VALUE" or
 * "--name=VALUE"; short ones "-c VALUE" or "-cVALUE".  Names match
 * exactly: no prefix abbreviation.  The global options (--json, -q,
 * --db, --color) are accepted among every verb's own and bind to the
 * context.  Typed values are parsed here, through lib's parsers, so a
 * verb only ever sees them parsed: those that need no timezone at once,
 * the dates and times once main has installed the configured zone.
 */
#include "opt.h"

#include <stdlib.h>
#include <string.h>

#include "duration.h"

#define OPTS struct cmd_ctx
static const struct cmd_opt global_opts[] = {
	{ OPT_STRING(0, "db", db_opt, "PATH", "database file"), .complete = "@file" },
	{ OPT_BOOL(0, "json", json, "print one JSON document") },
	{ OPT_BOOL('q', "quiet", quiet, "print only what scripts need") },
	{ OPT_STRING(0, "color", color_opt, "WHEN", "colour: auto, always or never"),
	  .complete = "auto always never" },
	OPT_END
};
#undef OPTS

#define OPTS struct cmd_no_opts
const struct cmd_opt cmd_no_opts[] = { OPT_END };
#undef OPTS

const struct cmd_opt *
opt_globals(void)
{
	return global_opts;
}

size_t
opt_size(const struct cmd_opt *opts)
{
	while (opts->long_name)
		opts++;
	return opts->off;
}

static int
takes_value(const struct cmd_opt *o)
{
	return o->type != CMD_OPT_BOOL;
}

static void *
field(void *o, const struct cmd_opt *opt)
{
	return (char *)o + opt->off;
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

/* "a, b or c" of the words of a choice. */
static char *
choice_list(const char *words)
{
	struct fb_buf b = FB_BUF_INIT;
	const char *p = words;
	size_t n = 0, k = 0;

	for (const char *q = words; *q; q++)
		if (*q != ' ' && (q == words || q[-1] == ' '))
			n++;
	while (*p) {
		size_t len = strcspn(p, " ");

		if (len) {
			if (k)
				fb_buf_adds(&b, k + 1 == n ? " or " : ", ");
			fb_buf_add(&b, p, len);
			k++;
		}
		p += len;
		p += strspn(p, " ");
	}
	return fb_buf_detach(&b);
}

/* The index of s among the words, or -1. */
static int
choice_index(const char *words, const char *s)
{
	size_t slen = strlen(s);
	int i = 0;

	while (*words) {
		size_t len = strcspn(words, " ");

		if (len) {
			if (len == slen && strncmp(words, s, len) == 0)
				return i;
			i++;
		}
		words += len;
		words += strspn(words, " ");
	}
	return -1;
}

/* Record the text of one option (the value is parsed later). */
static void
store(void *o, const struct cmd_opt *opt, const char *value)
{
	void *f = field(o, opt);

	switch (opt->type) {
	case CMD_OPT_BOOL:
		*(int *)f = 1;
		break;
	case CMD_OPT_STRING:
		*(const char **)f = value;
		break;
	case CMD_OPT_LIST: {
		struct opt_list *l = f;

		if (l->n < OPT_LIST_MAX)
			l->v[l->n] = value;
		l->n++;	/* one past the end: set_option refuses it */
		break;
	}
	case CMD_OPT_DATE:
		((struct opt_date *)f)->arg = value;
		break;
	case CMD_OPT_PERIOD:
		((struct opt_period *)f)->period = value;
		break;
	case CMD_OPT_FROM:
		((struct opt_period *)f)->from = value;
		break;
	case CMD_OPT_TO:
		((struct opt_period *)f)->to = value;
		break;
	default:
		((struct opt_num *)f)->arg = value;
		break;
	}
}

/* Whether an option was given, from its field. */
static int
given(void *o, const struct cmd_opt *opt)
{
	void *f = field(o, opt);

	switch (opt->type) {
	case CMD_OPT_BOOL:
		return *(int *)f != 0;
	case CMD_OPT_STRING:
		return *(const char **)f != NULL;
	case CMD_OPT_LIST:
		return ((struct opt_list *)f)->n > 0;
	case CMD_OPT_DATE:
		return ((struct opt_date *)f)->arg != NULL;
	case CMD_OPT_PERIOD:
		return ((struct opt_period *)f)->period != NULL;
	case CMD_OPT_FROM:
		return ((struct opt_period *)f)->from != NULL;
	case CMD_OPT_TO:
		return ((struct opt_period *)f)->to != NULL;
	default:
		return ((struct opt_num *)f)->arg != NULL;
	}
}

/* Parse one value that needs no timezone. */
static int
parse_value(const struct cmd_opt *opt, struct opt_num *n)
{
	struct fb_err err = FB_ERR_INIT;
	int rc = 0;

	switch (opt->type) {
	case CMD_OPT_INT:
		if (fb_parse_uint(n->arg, opt->max, &n->v) < 0 || n->v < opt->min)
			return cmd_error(FB_ERR_USAGE, "invalid %s '%s': want a number from %lld to %lld",
					 opt->what, n->arg, (long long)opt->min, (long long)opt->max);
		return 0;
	case CMD_OPT_DURATION:
		rc = fb_duration_parse(n->arg, &n->v, &err);
		break;
	case CMD_OPT_PARSE:
		if (*n->arg == '\0' && (opt->flags & OPTF_EMPTY)) {
			n->v = -1;
			return 0;
		}
		rc = opt->parse(n->arg, &n->v, &err);
		break;
	case CMD_OPT_CHOICE:
		if ((n->v = choice_index(opt->complete, n->arg)) < 0) {
			char *list = choice_list(opt->complete);

			rc = cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--%s': want %s",
				       n->arg, opt->long_name, list);
			free(list);
			return rc;
		}
		return 0;
	default:
		return 0;
	}
	return rc < 0 ? cmd_fail(&err) : 0;
}

/* Give one option's text to its field, checking it is a value it takes. */
static int
set_option(void *o, const struct cmd_opt *opt, const char *value)
{
	store(o, opt, value);
	if (opt->type == CMD_OPT_LIST) {
		if (((struct opt_list *)field(o, opt))->n > OPT_LIST_MAX)
			return cmd_error(FB_ERR_USAGE, "option '--%s' given more than %d times",
					 opt->long_name, OPT_LIST_MAX);
		return 0;
	}
	if (opt->type == CMD_OPT_BOOL || opt->type == CMD_OPT_STRING ||
	    opt->type >= CMD_OPT_WHEN)
		return 0;
	return parse_value(opt, field(o, opt));
}

/* --period with --from or --to, and options of one group, exclude each other. */
static int
check_combined(const struct cmd_opt *opts, void *o)
{
	for (const struct cmd_opt *a = opts; a->long_name; a++) {
		if (!given(o, a))
			continue;
		for (const struct cmd_opt *b = a + 1; b->long_name; b++) {
			int clash = a->group && b->group == a->group;

			if (a->type == CMD_OPT_PERIOD && a->off == b->off &&
			    (b->type == CMD_OPT_FROM || b->type == CMD_OPT_TO))
				clash = 1;
			if (clash && given(o, b))
				return cmd_error(FB_ERR_USAGE,
						 "options '--%s' and '--%s' cannot be combined",
						 a->long_name, b->long_name);
		}
	}
	return 0;
}

int
opt_parse(struct cmd_ctx *ctx, const struct cmd_opt *opts, void *o, int argc,
	  char **argv, const char *usage_name)
{
	int only_args = 0;

	ctx->argv = fb_xcalloc((size_t)argc + 1, sizeof(*ctx->argv));
	ctx->argc = 0;

	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		const struct cmd_opt *opt;
		int global = 0, rc;

		if (only_args || arg[0] != '-' || arg[1] == '\0' ||
		    (arg[1] >= '0' && arg[1] <= '9')) {
			ctx->argv[ctx->argc++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (arg[1] == '-') {
			const char *name = arg + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);

			opt = find_long(opts, name, len);
			if (opt == NULL && (opt = find_long(global_opts, name, len)) != NULL)
				global = 1;
			if (opt == NULL) {
				cmd_error(FB_ERR_USAGE, "unknown option '%.*s'",
					  (int)(len + 2), arg);
				cmd_hint("see 'fixbill %s -h'", usage_name);
				return FB_ERR_USAGE;
			}
			if (eq)
				value = eq + 1;
		} else {
			opt = find_short(opts, arg[1]);
			if (opt == NULL && (opt = find_short(global_opts, arg[1])) != NULL)
				global = 1;
			if (opt == NULL) {
				cmd_error(FB_ERR_USAGE, "unknown option '-%c'", arg[1]);
				cmd_hint("see 'fixbill %s -h'", usage_name);
				return FB_ERR_USAGE;
			}
			if (arg[2] != '\0') {
				if (!takes_value(opt))
					return cmd_error(FB_ERR_USAGE,
							 "option '-%c' takes no value", arg[1]);
				value = arg + 2;
			}
		}
		if (!takes_value(opt)) {
			if (value != NULL)
				return cmd_error(FB_ERR_USAGE,
						 "option '--%s' takes no value", opt->long_name);
		} else if (value == NULL) {
			if (i + 1 >= argc)
				return cmd_error(FB_ERR_USAGE,
						 "option '--%s' needs a value (%s)",
						 opt->long_name, opt->arg ? opt->arg : "VALUE");
			value = argv[++i];
		}
		if (global) {
			if (strcmp(opt->long_name, "color") == 0 &&
			    choice_index(opt->complete, value) < 0) {
				char *list = choice_list(opt->complete);

				cmd_error(FB_ERR_USAGE, "invalid value '%s' for '--color': want %s",
					  value, list);
				free(list);
				return FB_ERR_USAGE;
			}
			store(ctx, opt, value);
			continue;
		}
		if ((rc = set_option(o, opt, value)) != 0)
			return rc;
		if (opt->flags & OPTF_DRY_RUN)
			ctx->dry_run = 1;
	}
	for (const struct cmd_opt *opt = opts; opt->long_name; opt++)
		if ((opt->flags & OPTF_REQUIRED) && !given(o, opt))
			return cmd_error(FB_ERR_USAGE, "missing option '--%s' for '%s'",
					 opt->long_name, usage_name);
	return check_combined(opts, o);
}

static int
parse_period(struct cmd_ctx *ctx, struct opt_period *p)
{
	struct fb_err err = FB_ERR_INIT;

	p->set = p->period || p->from || p->to;
	if (p->period) {
		if (fb_period_parse(p->period, &p->v, &err) < 0)
			return cmd_fail(&err);
	} else if (fb_period_range(p->from, p->to, ctx->now, &p->v, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

int
opt_parse_local(struct cmd_ctx *ctx, const struct cmd_opt *opts, void *o)
{
	struct fb_err err = FB_ERR_INIT;

	for (const struct cmd_opt *opt = opts; opt->long_name; opt++) {
		void *f = field(o, opt);
		int rc = 0;

		switch (opt->type) {
		case CMD_OPT_WHEN: {
			struct opt_num *n = f;

			if (n->arg && fb_when_parse(n->arg, ctx->now, &n->v, &err) < 0)
				return cmd_fail(&err);
			break;
		}
		case CMD_OPT_DATE: {
			struct opt_date *d = f;

			if (d->arg && fb_date_parse(d->arg, ctx->now, &d->v, &err) < 0) {
				fb_err_prefix(&err, "invalid value for '--%s'", opt->long_name);
				return cmd_fail(&err);
			}
			break;
		}
		case CMD_OPT_PERIOD:
		case CMD_OPT_FROM:
		case CMD_OPT_TO: {
			const struct cmd_opt *first;

			/* Once per field: at the first of its options. */
			for (first = opts; first->off != opt->off || first->type < CMD_OPT_PERIOD; first++)
				;
			if (first == opt)
				rc = parse_period(ctx, f);
			break;
		}
		default:
			break;
		}
		if (rc)
			return rc;
	}
	return 0;
}

void
opt_release(struct cmd_ctx *ctx)
{
	free(ctx->argv);
	ctx->argv = NULL;
	ctx->argc = 0;
}

char *
cmd_synopsis(const struct cmd_entry *e, const struct cmd_verb *v)
{
	struct fb_buf b = FB_BUF_INIT;
	const struct cmd_opt *o;

	if (e->single)
		fb_buf_addf(&b, "fixbill %s", e->name);
	else
		fb_buf_addf(&b, "fixbill %s %s", e->name, v->name);
	for (o = v->opts; o && o->long_name; o++) {
		int req = o->flags & OPTF_REQUIRED;

		fb_buf_addf(&b, " %s--%s", req ? "" : "[", o->long_name);
		if (takes_value(o))
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
		const char *arg = takes_value(o) ? (o->arg ? o->arg : "VALUE") : "";
		char head[64];

		if (o->short_name)
			snprintf(head, sizeof(head), "-%c, --%s%s%s", o->short_name,
				 o->long_name, *arg ? " " : "", arg);
		else
			snprintf(head, sizeof(head), "    --%s%s%s", o->long_name,
				 *arg ? " " : "", arg);
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

	if (e->single) {
		cmd_verb_usage(e, e->verbs, fp);
		return;
	}
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
