/*
 * main.c - the fixbill command: global options, the table of nouns and
 * dispatch to a noun's verb, or to a fixbill-NOUN plugin on PATH.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "config.h"
#include "history.h"
#include "json.h"
#include "opt.h"
#include "table.h"
#include "when.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_job_entry,
	&cmd_time_entry,
	&cmd_invoice_entry,
	&cmd_payment_entry,
	&cmd_period_entry,
	&cmd_report_entry,
	&cmd_client_entry,
	&cmd_block_entry,
	&cmd_plan_entry,
	&cmd_rate_entry,
	&cmd_tax_entry,
	&cmd_tech_entry,
	&cmd_config_entry,
	&cmd_db_entry,
	&cmd_log_entry,
	&cmd_undo_entry,
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

/* One line on stderr: prefix, then the message with control characters escaped. */
static void
err_line(const char *prefix, const char *fmt, va_list ap)
{
	char *msg = fb_xvasprintf(fmt, ap), *safe = fb_escape(msg, 0);

	fflush(stdout);
	fprintf(stderr, "%s%s\n", prefix, safe);
	free(safe);
	free(msg);
}

int
cmd_error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_line("fixbill: error: ", fmt, ap);
	va_end(ap);
	return code;
}

void
cmd_hint(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_line("hint: ", fmt, ap);
	va_end(ap);
}

void
cmd_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_line("fixbill: warning: ", fmt, ap);
	va_end(ap);
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

char *
cmd_esc(const char *s)
{
	return fb_escape(s, 0);
}

void
cmd_put(const char *s, int keep_newline)
{
	char *e;

	if (s == NULL)
		return;
	if (!fb_escape_needed(s, keep_newline)) {
		fputs(s, stdout);
		return;
	}
	e = fb_escape(s, keep_newline);
	fputs(e, stdout);
	free(e);
}

void
cmd_print_list(struct cmd_ctx *ctx, struct fb_json *arr, struct fb_table *t)
{
	if (arr) {
		fb_json_write(arr, stdout);
		fb_json_free(arr);
	} else if (!ctx->quiet && t->nrows > 0)
		fb_table_print(t, stdout, ctx->color);
	fb_table_release(t);
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
verb_writes(const struct cmd_verb *v)
{
	return v->setup == VERB_DB_WRITE || v->setup == VERB_DB_BULK ||
	       v->setup == VERB_DB_OWN;
}

/*
 * Open the database as the verb's entry says, install the configured
 * timezone and parse the options that read it.  A database a writing
 * verb needs is created only once every option has been parsed, so a
 * usage error never leaves one behind; --dry-run never creates one.
 */
static int
setup(struct cmd_ctx *ctx, const struct cmd_verb *v, void *o)
{
	struct fb_err err = FB_ERR_INIT;
	char *path;
	int create = 0, rc;

	if (v->setup == VERB_NO_DB)
		return 0;
	path = ctx->db_opt ? fb_xstrdup(ctx->db_opt) : fb_db_default_path();
	if (path == NULL) {
		cmd_error(FB_ERR_RUNTIME, "cannot find a database: neither $FIXBILL_DB nor $HOME is set");
		cmd_hint("use --db PATH");
		return FB_ERR_RUNTIME;
	}
	if (fb_db_open(path, 0, &ctx->db, &err) < 0) {
		if (err.code != FB_ERR_NOTFOUND || !verb_writes(v) || ctx->dry_run) {
			free(path);
			return cmd_fail(&err);
		}
		fb_err_release(&err);
		create = 1;
	}
	/* Without a database yet, the zone is the one a new database gets. */
	if ((ctx->db ? fb_config_apply_tz(ctx->db, (v->flags & VERB_ANY_TZ) || ctx->any_tz, &err) :
	     fb_tz_set(NULL, &err)) < 0 || fb_now(&ctx->now, &err) < 0) {
		free(path);
		return cmd_fail(&err);
	}
	if ((rc = opt_parse_local(ctx, v->opts, o)) != 0) {
		free(path);
		return rc;
	}
	if (create && fb_db_open(path, FB_DB_CREATE, &ctx->db, &err) < 0) {
		free(path);
		return cmd_fail(&err);
	}
	free(path);
	switch (v->setup) {
	case VERB_DB_READ:
		rc = fb_db_begin_read(ctx->db, &err);
		break;
	case VERB_DB_WRITE:
		rc = fb_db_begin(ctx->db, &err);
		break;
	case VERB_DB_BULK:
		rc = fb_db_begin_bulk(ctx->db, ctx->bulk_bytes, &err);
		break;
	default:
		rc = 0;
		break;
	}
	/* What a writing verb changes goes to the log (a dry run changes nothing). */
	if (rc == 0 && verb_writes(v) && !ctx->dry_run)
		rc = fb_history_start(ctx->db, v->setup == VERB_DB_WRITE ? FB_HISTORY_ROWS :
				      FB_HISTORY_COUNT, &ctx->history, &err);
	return rc < 0 ? cmd_fail(&err) : 0;
}

/* Who runs the command, for the log: $FIXBILL_TECH, else the login name. */
static const char *
who(void)
{
	const char *s = getenv("FIXBILL_TECH");

	if (s && *s)
		return s;
	s = fb_login_name();
	return s ? s : "unknown";
}

/*
 * Log the verb's change in its transaction, before the commit; a verb
 * with transactions of its own is logged in one more.
 */
static int
log_change(struct cmd_ctx *ctx, const struct cmd_verb *v)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_history_cmd c;
	int own = v->setup == VERB_DB_OWN;

	memset(&c, 0, sizeof(c));
	c.at = ctx->now;
	c.who = who();
	c.command = ctx->command;
	c.undo_of = ctx->undo_of;
	if (own) {
		c.refused = "it ran in several transactions of its own";
		/* Nothing to log needs no lock. */
		if (!fb_history_changed(ctx->db, ctx->history)) {
			fb_history_cancel(ctx->db, ctx->history);
			ctx->history = NULL;
			return 0;
		}
	}
	if ((own && fb_db_begin(ctx->db, &err) < 0) ||
	    fb_history_finish(ctx->db, ctx->history, &c, NULL, &err) < 0 ||
	    (own && fb_db_commit(ctx->db, &err) < 0)) {
		ctx->history = NULL;
		return cmd_fail(&err);
	}
	ctx->history = NULL;
	return 0;
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

/*
 * Output before commit (SPEC section 15): the verb's transaction is
 * committed only when it succeeded and everything it printed reached
 * standard output; otherwise it is rolled back, so a command that
 * reports failure has changed nothing.
 */
static int
finish(struct cmd_ctx *ctx, const struct cmd_verb *v, int rc)
{
	struct fb_err err = FB_ERR_INIT;

	rc = finish_output(rc);
	if (ctx->db == NULL)
		return rc;
	if (rc == 0 && ctx->history && v->setup != VERB_DB_OWN)
		rc = log_change(ctx, v);
	if (rc == 0 && !ctx->dry_run && v && v->setup != VERB_DB_OWN &&
	    fb_db_commit(ctx->db, &err) < 0)
		rc = cmd_fail(&err);
	/* What a verb with its own transactions committed is logged even when it failed later. */
	if (ctx->history && v->setup == VERB_DB_OWN) {
		int lrc = log_change(ctx, v);

		if (rc == 0)
			rc = lrc;
	}
	fb_history_cancel(ctx->db, ctx->history);
	ctx->history = NULL;
	fb_db_rollback(ctx->db);
	fb_db_close(ctx->db);
	ctx->db = NULL;
	return rc;
}

static int
run_verb(struct cmd_ctx *ctx, const struct cmd_entry *e, int argc, char **argv)
{
	const struct cmd_verb *v;
	void *o;
	char *name;
	int rc, first = 2;	/* the first word after the verb */

	if (e->single) {
		v = e->verbs;
		first = 1;
	} else {
		if (argc < 2) {
			cmd_error(FB_ERR_USAGE, "'%s' needs a command", e->name);
			cmd_noun_usage(e, stderr);
			return FB_ERR_USAGE;
		}
		if (strcmp(argv[1], "-h") == 0) {
			cmd_noun_usage(e, stdout);
			return finish_output(0);
		}
		if (strcmp(argv[1], "--help") == 0)
			return show_manual(e->name);
		v = find_verb(e, argv[1]);
		if (v == NULL)
			return unknown_verb(e, argv[1]);
	}
	for (int i = first; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0) {
			cmd_verb_usage(e, v, stdout);
			return finish_output(0);
		}
		if (strcmp(argv[i], "--help") == 0)
			return show_manual(e->name);
	}
	ctx->entry = e;
	ctx->verb = v;
	o = fb_xcalloc(1, opt_size(v->opts));
	name = e->single ? fb_xstrdup(e->name) : fb_xasprintf("%s %s", e->name, v->name);
	rc = opt_parse(ctx, v->opts, o, argc - first, argv + first, name);
	if (rc == 0 && (ctx->argc < v->min_args ||
			(v->max_args >= 0 && ctx->argc > v->max_args))) {
		char *syn = cmd_synopsis(e, v);

		rc = cmd_error(FB_ERR_USAGE, "%s arguments for '%s'",
			       ctx->argc < v->min_args ? "too few" : "too many", name);
		cmd_hint("usage: %s", syn);
		free(syn);
	}
	free(name);
	if (rc == 0 && v->check)
		rc = v->check(ctx, o);
	/* A command that writes reports a closed pipe as an error, and rolls back. */
	if (rc == 0 && verb_writes(v))
		signal(SIGPIPE, SIG_IGN);
	if (rc == 0)
		rc = setup(ctx, v, o);
	if (rc == 0) {
		ctx->color = resolve_color(ctx);
		rc = v->exec(ctx, o);
	}
	rc = finish(ctx, v, rc);
	opt_release(ctx);
	free(o);
	return rc;
}

/* One word of a command line as a shell would read it back. */
static void
quote_word(struct fb_buf *b, const char *w)
{
	const char *p;

	for (p = w; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("-_./:=,@%+", *p)))
			break;
	if (*w && *p == '\0') {
		fb_buf_adds(b, w);
		return;
	}
	fb_buf_addc(b, '\'');
	for (p = w; *p; p++) {
		if (*p == '\'')
			fb_buf_adds(b, "'\\''");
		else
			fb_buf_addc(b, *p);
	}
	fb_buf_addc(b, '\'');
}

/* The command line for the log: "fixbill time add 1 1h --note 'new disk'". */
static char *
command_line(int argc, char **argv)
{
	struct fb_buf b = FB_BUF_INIT;

	fb_buf_adds(&b, "fixbill");
	for (int i = 1; i < argc; i++) {
		fb_buf_addc(&b, ' ');
		quote_word(&b, argv[i]);
	}
	return fb_buf_detach(&b);
}

int
main(int argc, char **argv)
{
	struct cmd_ctx ctx;
	const struct cmd_entry *e;
	int i, rc;

	memset(&ctx, 0, sizeof(ctx));
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
	ctx.command = command_line(argc, argv);
	rc = run_verb(&ctx, e, argc - i, argv + i);
	free(ctx.command);
	return rc;
}
