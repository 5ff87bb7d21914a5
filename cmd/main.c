/*
 * main.c - the fixbill command: global options, the table of nouns and
 * dispatch to a noun's verb, or to a fixbill-NOUN plugin on PATH.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "opt.h"
#include "when.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_job_entry,
	&cmd_time_entry,
	&cmd_invoice_entry,
	&cmd_report_entry,
	&cmd_client_entry,
	&cmd_rate_entry,
	&cmd_tech_entry,
	&cmd_config_entry,
	&cmd_db_entry,
	NULL
};

static void
main_usage(FILE *fp)
{
	const struct cmd_entry *const *e;

	fputs("usage: fixbill [--db PATH] [--json] [-q] [--color WHEN] NOUN VERB [options] [args]\n"
	      "   or: fixbill --version | -h | help [NOUN]\n\n"
	      "Break-fix IT billing: jobs, time, invoices and reports.\n\n"
	      "nouns:\n", fp);
	for (e = cmd_table; *e; e++)
		fprintf(fp, "    %-10s  %s\n", (*e)->name, (*e)->summary);
	fputs("\n'fixbill NOUN -h' lists a noun's verbs; 'fixbill help NOUN' shows its manual.\n", fp);
}

int
cmd_error(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("fixbill: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

void
cmd_hint(const char *fmt, ...)
{
	va_list ap;

	fputs("hint: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cmd_fail(struct fb_err *err)
{
	int code = err->code ? (int)err->code : FB_ERR_RUNTIME;

	cmd_error(code, "%s", err->msg ? err->msg : "unknown error");
	if (err->hint)
		cmd_hint("%s", err->hint);
	fb_err_release(err);
	return code;
}

struct fb_db *
cmd_db(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	char *path;

	if (ctx->db)
		return ctx->db;
	path = ctx->db_opt ? fb_xstrdup(ctx->db_opt) : fb_db_default_path();
	if (path == NULL) {
		cmd_error(FB_ERR_RUNTIME, "cannot find a database: neither $FIXBILL_DB nor $HOME is set");
		cmd_hint("use --db PATH");
		return NULL;
	}
	if (fb_db_open(path, FB_DB_CREATE, &ctx->db, &err) < 0 ||
	    fb_config_apply_tz(ctx->db, 0, &err) < 0 ||
	    fb_now(&ctx->now, &err) < 0) {
		free(path);
		cmd_fail(&err);
		fb_db_close(ctx->db);
		ctx->db = NULL;
		return NULL;
	}
	free(path);
	return ctx->db;
}

int
cmd_commit(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;

	if (fb_db_commit(ctx->db, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
valid_noun(const char *s)
{
	if (*s == '\0' || *s == '-')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static const struct cmd_entry *
find_noun(const char *name)
{
	const struct cmd_entry *const *e;

	for (e = cmd_table; *e; e++)
		if (strcmp((*e)->name, name) == 0)
			return *e;
	return NULL;
}

/* Path of an executable fixbill-NAME on PATH, or NULL.  Caller frees. */
static char *
find_plugin(const char *name)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL, *found = NULL;

	if (path == NULL || !valid_noun(name))
		return NULL;
	copy = fb_xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *p = fb_xasprintf("%s/fixbill-%s", *dir ? dir : ".", name);
		struct stat sb;

		if (stat(p, &sb) == 0 && S_ISREG(sb.st_mode) && access(p, X_OK) == 0) {
			found = p;
			break;
		}
		free(p);
	}
	free(copy);
	return found;
}

static int
run_plugin(struct cmd_ctx *ctx, const char *exe, int argc, char **argv)
{
	char *db = ctx->db_opt ? fb_xstrdup(ctx->db_opt) : fb_db_default_path();
	char **nargv = fb_xcalloc((size_t)argc + 1, sizeof(*nargv));

	if (db)
		setenv("FIXBILL_DB", db, 1);
	free(db);
	for (int i = 0; i < argc; i++)
		nargv[i] = argv[i];
	nargv[0] = (char *)exe;
	fflush(stdout);
	execv(exe, nargv);
	free(nargv);
	return cmd_error(FB_ERR_RUNTIME, "cannot run '%s': %s", exe, strerror(errno));
}

static int
unknown_noun(const char *name)
{
	const struct cmd_entry *const *e;
	const char *best = NULL;
	int bestd = 3;

	cmd_error(FB_ERR_USAGE, "unknown command '%s'", name);
	for (e = cmd_table; *e; e++) {
		int d = fb_levenshtein(name, (*e)->name);

		if (d < bestd) {
			bestd = d;
			best = (*e)->name;
		}
	}
	if (best)
		cmd_hint("did you mean '%s'?", best);
	else
		cmd_hint("'fixbill -h' lists the commands");
	return FB_ERR_USAGE;
}

/* The directory of the running executable, to find man pages beside a build. */
static char *
exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return fb_xstrdup(buf);
}

/* Show fixbill(1) or fixbill-NOUN(1) with man(1). */
static int
show_manual(const char *noun)
{
	char *page = noun ? fb_xasprintf("fixbill-%s.1", noun) : fb_xstrdup("fixbill.1");
	char *dir = exe_dir(), *file = NULL;
	struct stat sb;

	if (dir) {
		file = fb_xasprintf("%s/share/man/%s", dir, page);
		if (stat(file, &sb) != 0) {
			free(file);
			file = NULL;
		}
	}
	if (file == NULL) {
		file = fb_xasprintf("%s/man1/%s", FB_MANDIR, page);
		if (stat(file, &sb) != 0) {
			free(file);
			file = NULL;
		}
	}
	free(dir);
	if (file == NULL) {
		cmd_error(FB_ERR_NOTFOUND, "no manual page '%s'", page);
		free(page);
		return FB_ERR_NOTFOUND;
	}
	free(page);
	fflush(stdout);
	execlp("man", "man", "-l", file, (char *)NULL);
	cmd_error(FB_ERR_RUNTIME, "cannot run 'man': %s", strerror(errno));
	cmd_hint("the manual is the file '%s'", file);
	free(file);
	return FB_ERR_RUNTIME;
}

static int
cmd_help(int argc, char **argv)
{
	if (argc < 2)
		return show_manual(NULL);
	if (find_noun(argv[1]) == NULL)
		return unknown_noun(argv[1]);
	return show_manual(argv[1]);
}

static const struct cmd_verb *
find_verb(const struct cmd_entry *e, const char *name)
{
	const struct cmd_verb *v;

	for (v = e->verbs; v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

static int
unknown_verb(const struct cmd_entry *e, const char *name)
{
	const struct cmd_verb *v;
	const char *best = NULL;
	int bestd = 3;

	cmd_error(FB_ERR_USAGE, "unknown command '%s %s'", e->name, name);
	for (v = e->verbs; v->name; v++) {
		int d = fb_levenshtein(name, v->name);

		if (d < bestd) {
			bestd = d;
			best = v->name;
		}
	}
	if (best)
		cmd_hint("did you mean '%s %s'?", e->name, best);
	else
		cmd_hint("'fixbill %s -h' lists its commands", e->name);
	return FB_ERR_USAGE;
}

static int
resolve_color(struct cmd_ctx *ctx)
{
	const char *nc = getenv("NO_COLOR");

	if (nc && *nc)
		return 0;
	if (ctx->color_opt == NULL || strcmp(ctx->color_opt, "auto") == 0)
		return isatty(STDOUT_FILENO);
	return strcmp(ctx->color_opt, "always") == 0;
}

static int
run_verb(struct cmd_ctx *ctx, const struct cmd_entry *e, int argc, char **argv)
{
	const struct cmd_verb *v;
	char *name;
	int rc;

	if (argc < 2) {
		cmd_error(FB_ERR_USAGE, "'%s' needs a command", e->name);
		cmd_noun_usage(e, stderr);
		return FB_ERR_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0) {
		cmd_noun_usage(e, stdout);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0)
		return show_manual(e->name);
	v = find_verb(e, argv[1]);
	if (v == NULL)
		return unknown_verb(e, argv[1]);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0) {
			cmd_verb_usage(e, v, stdout);
			return 0;
		}
		if (strcmp(argv[i], "--help") == 0)
			return show_manual(e->name);
	}
	ctx->entry = e;
	ctx->verb = v;
	name = fb_xasprintf("%s %s", e->name, v->name);
	rc = opt_parse(ctx, v->opts, argc - 2, argv + 2, name);
	if (rc == 0 && (ctx->args.argc < v->min_args ||
			(v->max_args >= 0 && ctx->args.argc > v->max_args))) {
		char *syn = cmd_synopsis(e, v);

		rc = cmd_error(FB_ERR_USAGE, "%s arguments for '%s'",
			       ctx->args.argc < v->min_args ? "too few" : "too many", name);
		cmd_hint("usage: %s", syn);
		free(syn);
	}
	free(name);
	if (rc == 0) {
		ctx->color = resolve_color(ctx);
		rc = v->exec(ctx);
	}
	opt_release(&ctx->args);
	return rc;
}

/* stdout may be a pipe or a full disk: a lost write is a failure. */
static int
finish_output(int rc)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_error(FB_ERR_RUNTIME, "cannot write to standard output: %s",
			  errno ? strerror(errno) : "write error");
		return rc ? rc : FB_ERR_RUNTIME;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	struct cmd_ctx ctx;
	const struct cmd_entry *e;
	int i, rc;

	memset(&ctx, 0, sizeof(ctx));
	ctx.out = stdout;
	/* Files we create (exports, backups) are private; the database is 0600 anyway. */
	umask(077);

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--version") == 0) {
			printf("fixbill %s\n", FB_VERSION);
			return finish_output(0);
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			if (strcmp(a, "--help") == 0)
				return show_manual(NULL);
			main_usage(stdout);
			return finish_output(0);
		}
		if (strcmp(a, "--json") == 0)
			ctx.json = 1;
		else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
			ctx.quiet = 1;
		else if (strcmp(a, "--db") == 0 || strncmp(a, "--db=", 5) == 0) {
			if (a[4] == '=')
				ctx.db_opt = a + 5;
			else if (i + 1 < argc)
				ctx.db_opt = argv[++i];
			else
				return cmd_error(FB_ERR_USAGE, "option '--db' needs a value (PATH)");
		} else if (strcmp(a, "--color") == 0 || strncmp(a, "--color=", 8) == 0) {
			const char *v = a[7] == '=' ? a + 8 : (i + 1 < argc ? argv[++i] : NULL);

			if (v == NULL || (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never")))
				return cmd_error(FB_ERR_USAGE,
						 "invalid value '%s' for '--color': want auto, always or never",
						 v ? v : "");
			ctx.color_opt = v;
		} else {
			cmd_error(FB_ERR_USAGE, "unknown option '%s'", a);
			cmd_hint("'fixbill -h' lists the global options");
			return FB_ERR_USAGE;
		}
	}
	if (i >= argc) {
		main_usage(stderr);
		return FB_ERR_USAGE;
	}
	if (ctx.db_opt && *ctx.db_opt == '\0')
		return cmd_error(FB_ERR_USAGE, "option '--db' needs a value (PATH)");

	if (strcmp(argv[i], "help") == 0)
		return cmd_help(argc - i, argv + i);
	if (strcmp(argv[i], "__complete") == 0) {
		rc = cmd_complete(&ctx, argc - i - 1, argv + i + 1);
		fb_db_close(ctx.db);
		return finish_output(rc);
	}
	e = find_noun(argv[i]);
	if (e == NULL) {
		char *exe = find_plugin(argv[i]);

		if (exe) {
			rc = run_plugin(&ctx, exe, argc - i, argv + i);
			free(exe);
			return rc;
		}
		return unknown_noun(argv[i]);
	}
	rc = run_verb(&ctx, e, argc - i, argv + i);
	if (ctx.db) {
		/* A verb that failed half way leaves nothing behind. */
		fb_db_rollback(ctx.db);
		fb_db_close(ctx.db);
	}
	return finish_output(rc);
}
