/*
 * cmd.h - how a noun declares its verbs and options, and what a verb gets.
 *
 * Every noun file exports one `const struct cmd_entry`.  Each verb has a
 * static option table and an options struct of its own: every option
 * binds to a field of that struct (by name, through OPT_FIELD, so a
 * misspelt option field is a compile error), and typed values are parsed
 * into it once, through lib's parsers, before the verb runs.  The -h
 * usage, the man page SYNOPSIS (checked by a test) and shell completion
 * (`fixbill __complete`) are all read from these tables.
 *
 * The verb's table entry also says what main sets up for it (git's
 * RUN_SETUP): no database, a read snapshot, or a write transaction that
 * main commits only after the verb's output reached standard output.  A
 * verb never opens, begins or commits by hand.
 */
#ifndef FB_CMD_H
#define FB_CMD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "util.h"
#include "when.h"

/*
 * A typed option's value: arg is the text given (NULL when the option is
 * absent), v what it parsed to.
 */
struct opt_num {
	const char *arg;
	int64_t v;
};

/* Every value of an option that may be given several times, in order. */
#define OPT_LIST_MAX 16
struct opt_list {
	const char *v[OPT_LIST_MAX];
	size_t n;
};

struct opt_date {
	const char *arg;
	struct fb_civil v;
};

/*
 * --period, --from and --to bound to one field: the text of each, and
 * the whole local days they name (every day when none was given: start
 * INT64_MIN, end INT64_MAX).  set: one of them was given.
 */
struct opt_period {
	const char *period, *from, *to;
	int set;
	struct fb_period v;
};

enum cmd_opt_type {
	CMD_OPT_BOOL,		/* int: 1 when given */
	CMD_OPT_STRING,		/* const char *: money stays text until the currency is known */
	CMD_OPT_INT,		/* struct opt_num: a whole number from .min to .max */
	CMD_OPT_DURATION,	/* struct opt_num: seconds (fb_duration_parse) */
	CMD_OPT_PARSE,		/* struct opt_num: by .parse, a lib parser */
	CMD_OPT_CHOICE,		/* struct opt_num: index of the value among the words of .complete */
	CMD_OPT_LIST,		/* struct opt_list: each value of a repeated option */
	/* These read the configured timezone: parsed once the database is open. */
	CMD_OPT_WHEN,		/* struct opt_num: an instant (fb_when_parse) */
	CMD_OPT_DATE,		/* struct opt_date: a local day (fb_date_parse) */
	CMD_OPT_PERIOD,		/* struct opt_period: 2026-10, 2026-Q4, 2026 */
	CMD_OPT_FROM,		/* struct opt_period: the first day */
	CMD_OPT_TO		/* struct opt_period: the last day */
};

/* Option flags. */
#define OPTF_REQUIRED 0x1	/* shown without brackets in the synopsis */
#define OPTF_DRY_RUN 0x2	/* --dry-run: main creates no database and commits nothing */
#define OPTF_EMPTY 0x4		/* CMD_OPT_PARSE: "" is accepted, v = -1 (clears a field) */

struct cmd_opt {
	int short_name;		/* 0 for none */
	const char *long_name;	/* NULL ends the table */
	enum cmd_opt_type type;
	size_t off;		/* the field in the verb's options struct; at the end, its size */
	const char *arg;	/* argument name in usage: "CODE" */
	const char *help;
	/*
	 * What completes the value: "@client" (client codes), "@job" (open
	 * job numbers), "@anyjob", "@tech", "@invoice", "@payment" (records
	 * that can still be voided), "@change" (changes undo may take back),
	 * "@tax" (tax codes), "@file", "@dir",
	 * "@key" (config keys), or a list "P1 P2 P3 P4" (for CMD_OPT_CHOICE,
	 * the values it accepts).  NULL: nothing.
	 */
	const char *complete;
	int flags;
	int group;		/* options of one nonzero group cannot be combined */
	int64_t min, max;	/* CMD_OPT_INT */
	const char *what;	/* CMD_OPT_INT: names the value in errors ("limit") */
	int (*parse)(const char *s, int64_t *v, struct fb_err *err);	/* CMD_OPT_PARSE */
};

/*
 * Table entries.  Define OPTS as the verb's options struct before a
 * table; OPT_FIELD checks that the field exists and has the type the
 * option fills.  Further members (.complete, .flags, .group) follow the
 * macro inside the braces:
 *
 *	#define OPTS struct open_opts
 *	static const struct cmd_opt open_opts[] = {
 *		{ OPT_STRING('c', "client", client, "CODE", "the client"), .complete = "@client" },
 *		OPT_END
 *	};
 *	#undef OPTS
 */
#define OPT_FIELD(f, T) (offsetof(OPTS, f) + 0 * sizeof((T *)0 == &((OPTS *)0)->f))
#define OPT_HEAD(s, l, t, f, T, a, h) \
	.short_name = (s), .long_name = (l), .type = (t), .off = OPT_FIELD(f, T), \
	.arg = (a), .help = (h)
#define OPT_BOOL(s, l, f, h) OPT_HEAD(s, l, CMD_OPT_BOOL, f, int, NULL, h)
#define OPT_STRING(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_STRING, f, const char *, a, h)
#define OPT_INT(s, l, f, a, h, lo, hi, w) \
	OPT_HEAD(s, l, CMD_OPT_INT, f, struct opt_num, a, h), .min = (lo), .max = (hi), .what = (w)
#define OPT_DURATION(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_DURATION, f, struct opt_num, a, h)
#define OPT_PARSE(s, l, f, a, h, fn) \
	OPT_HEAD(s, l, CMD_OPT_PARSE, f, struct opt_num, a, h), .parse = (fn)
#define OPT_CHOICE(s, l, f, a, h, words) \
	OPT_HEAD(s, l, CMD_OPT_CHOICE, f, struct opt_num, a, h), .complete = (words)
#define OPT_LIST(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_LIST, f, struct opt_list, a, h)
#define OPT_WHEN(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_WHEN, f, struct opt_num, a, h)
#define OPT_DATE(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_DATE, f, struct opt_date, a, h)
#define OPT_PERIOD(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_PERIOD, f, struct opt_period, a, h)
#define OPT_FROM(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_FROM, f, struct opt_period, a, h)
#define OPT_TO(s, l, f, a, h) OPT_HEAD(s, l, CMD_OPT_TO, f, struct opt_period, a, h)
#define OPT_END { .long_name = NULL, .off = sizeof(OPTS) }

/* The table of a verb without options of its own. */
struct cmd_no_opts {
	int unused;
};
extern const struct cmd_opt cmd_no_opts[];

/*
 * What main sets up before a verb runs.  Main also logs every change a
 * writing verb makes (`fixbill log`): row by row for VERB_DB_WRITE, so
 * that `fixbill undo` can revert it; only as made, not undoable, for
 * VERB_DB_BULK (too many rows) and VERB_DB_OWN (several transactions).
 */
enum cmd_setup {
	VERB_NO_DB,		/* no database */
	VERB_DB_READ,		/* open (never create); one read snapshot */
	VERB_DB_WRITE,		/* open, creating it; BEGIN IMMEDIATE; commit after the output */
	VERB_DB_BULK,		/* as WRITE, the references checked by the verb (fb_db_begin_bulk) */
	VERB_DB_OPEN,		/* open (never create), no transaction */
	VERB_DB_OWN		/* open, creating it; the verb's lib calls run their own transactions */
};

/* Verb flags. */
#define VERB_ANY_TZ 0x1		/* runs even when the configured timezone is gone */

struct cmd_ctx;
struct fb_history;

struct cmd_verb {
	const char *name;
	const char *args;	/* positional arguments in usage: "KEY VALUE" */
	const char *summary;
	const struct cmd_opt *opts;
	int min_args, max_args;	/* max -1: any number */
	enum cmd_setup setup;
	int flags;
	/*
	 * Optional: the rules between options and the positional arguments
	 * that need no database (parsed results may go into the options
	 * struct).  Runs before anything is opened, so a usage error never
	 * creates a database.  Returns 0 or the exit status after printing.
	 */
	int (*check)(struct cmd_ctx *ctx, void *opts);
	int (*exec)(struct cmd_ctx *ctx, void *opts);
	/* Completion of the positional arguments, as cmd_opt.complete. */
	const char *complete;
};

struct cmd_entry {
	const char *name;
	const char *summary;
	const struct cmd_verb *verbs;	/* terminated by a NULL name */
	/*
	 * A command without verbs (`fixbill log`, `fixbill undo`): its one
	 * verb, named like it, runs on the words after the name.
	 */
	int single;
};

/* Global state handed to every verb. */
struct cmd_ctx {
	const char *db_opt;	/* --db */
	int json;
	int quiet;
	int color;		/* resolved: 1 when colour is on */
	const char *color_opt;
	int dry_run;		/* an OPTF_DRY_RUN option was given */
	int any_tz;		/* set by a check: this run works without a timezone */
	int64_t bulk_bytes;	/* set by a check: the input a bulk verb will write */
	int64_t now;
	struct fb_db *db;	/* set up by main as the verb's entry says */
	const struct cmd_entry *entry;
	const struct cmd_verb *verb;
	int argc;
	char **argv;		/* positional arguments */
	char *command;		/* the whole command line, quoted, for the log */
	struct fb_history *history;	/* recording the verb's changes (main) */
	int64_t undo_of;	/* set by undo: the change this command reverted */
};

/*
 * Print "fixbill: error: ..." and the hint of err, release it and return
 * its exit status.  Every line fixbill prints on standard error shows
 * control characters escaped (fb_escape), so no value can forge a line.
 */
int cmd_fail(struct fb_err *err);
/* Print an error line built from fmt and return code. */
int cmd_error(int code, const char *fmt, ...) FB_PRINTF(2, 3);
/* Print "hint: ..." on stderr. */
void cmd_hint(const char *fmt, ...) FB_PRINTF(1, 2);
/* Print "fixbill: warning: ..." on stderr. */
void cmd_warning(const char *fmt, ...) FB_PRINTF(1, 2);

/*
 * Print s on stdout with control characters escaped (fb_escape); with
 * keep_newline, newlines stay (a note over several lines).  NULL prints
 * nothing.  cmd_esc returns the escaped copy (caller frees).
 */
void cmd_put(const char *s, int keep_newline);
char *cmd_esc(const char *s);

/*
 * The end of a listing: the JSON array arr (when not NULL, and freed),
 * else the table t unless -q or empty; t is released either way.
 */
struct fb_json;
struct fb_table;
void cmd_print_list(struct cmd_ctx *ctx, struct fb_json *arr, struct fb_table *t);

/*
 * A change of the log (cmd/log.c): its JSON document (SPEC section 9),
 * and its records as "created entry 3; changed job 1", the three
 * actions named by verbs.  Caller frees both.
 */
struct fb_history_entry;
struct fb_json *cmd_log_json(const struct fb_history_entry *e);
char *cmd_log_records(const struct fb_history_entry *e, const char *const verbs[3]);

/* Short usage of a verb (synopsis plus options) to fp. */
void cmd_verb_usage(const struct cmd_entry *e, const struct cmd_verb *v, FILE *fp);
/* One synopsis line: "fixbill config set KEY VALUE". Caller frees. */
char *cmd_synopsis(const struct cmd_entry *e, const struct cmd_verb *v);
/* Usage of a whole noun: every verb's synopsis. */
void cmd_noun_usage(const struct cmd_entry *e, FILE *fp);

/* The table of nouns, terminated by NULL. */
extern const struct cmd_entry *const cmd_table[];

extern const struct cmd_entry cmd_job_entry;
extern const struct cmd_entry cmd_time_entry;
extern const struct cmd_entry cmd_invoice_entry;
extern const struct cmd_entry cmd_payment_entry;
extern const struct cmd_entry cmd_period_entry;
extern const struct cmd_entry cmd_block_entry;
extern const struct cmd_entry cmd_plan_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_client_entry;
extern const struct cmd_entry cmd_rate_entry;
extern const struct cmd_entry cmd_tax_entry;
extern const struct cmd_entry cmd_tech_entry;
extern const struct cmd_entry cmd_config_entry;
extern const struct cmd_entry cmd_db_entry;
extern const struct cmd_entry cmd_log_entry;
extern const struct cmd_entry cmd_undo_entry;

#endif
