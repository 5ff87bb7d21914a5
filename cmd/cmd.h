/*
 * cmd.h - how a noun declares its verbs and options, and what a verb gets.
 *
 * Every noun file exports one `const struct cmd_entry`.  Each verb has a
 * static option table; the -h usage, the man page SYNOPSIS (checked by a
 * test) and shell completion (`fixbill __complete`) are all read from
 * these tables.
 */
#ifndef FB_CMD_H
#define FB_CMD_H

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "util.h"

enum cmd_opt_type {
	OPT_BOOL,		/* --onsite */
	OPT_STRING		/* --client CODE; typed values are parsed by the verb through lib/ */
};

/* Option flags. */
#define OPTF_REQUIRED 0x1	/* shown without brackets in the synopsis */

struct cmd_opt {
	int short_name;		/* 0 for none */
	const char *long_name;
	enum cmd_opt_type type;
	const char *arg;	/* argument name in usage: "CODE" */
	const char *help;
	/*
	 * What completes the value: "@client" (client codes), "@job" (open
	 * job numbers), "@tech", "@invoice", "@file", "@dir", "@key" (config
	 * keys), or a list "P1 P2 P3 P4".  NULL: nothing.
	 */
	const char *complete;
	int flags;
};

#define OPT_END { 0, NULL, OPT_BOOL, NULL, NULL, NULL, 0 }

struct cmd_ctx;

struct cmd_verb {
	const char *name;
	const char *args;	/* positional arguments in usage: "KEY VALUE" */
	const char *summary;
	const struct cmd_opt *opts;
	int min_args, max_args;	/* max -1: any number */
	int (*exec)(struct cmd_ctx *ctx);
	/* Completion of the positional arguments, as cmd_opt.complete. */
	const char *complete;
};

struct cmd_entry {
	const char *name;
	const char *summary;
	const struct cmd_verb *verbs;	/* terminated by a NULL name */
};

/* Parsed options of one verb. */
struct cmd_args {
	const struct cmd_opt *opts;
	const char **values;	/* per option: NULL when absent, "" for a bool */
	int argc;
	char **argv;		/* positional arguments */
};

/* Global state handed to every verb. */
struct cmd_ctx {
	const char *db_opt;	/* --db */
	int json;
	int quiet;
	int color;		/* resolved: 1 when colour is on */
	const char *color_opt;
	int64_t now;
	struct fb_db *db;	/* opened by cmd_db() */
	const struct cmd_entry *entry;
	const struct cmd_verb *verb;
	struct cmd_args args;
	FILE *out;		/* stdout */
};

/* Values of the parsed options, by long name. */
const char *cmd_get(struct cmd_ctx *ctx, const char *long_name);
int cmd_has(struct cmd_ctx *ctx, const char *long_name);

/*
 * Open the database (once) and install the configured timezone.  Returns
 * it, or NULL after printing the error (the verb returns 1).
 */
struct fb_db *cmd_db(struct cmd_ctx *ctx);

/*
 * Print "fixbill: error: ..." and the hint of err, release it and return
 * its exit status.
 */
int cmd_fail(struct fb_err *err);
/* Print an error line built from fmt and return code. */
int cmd_error(int code, const char *fmt, ...) FB_PRINTF(2, 3);
/* Print "hint: ..." on stderr. */
void cmd_hint(const char *fmt, ...) FB_PRINTF(1, 2);

/* Commit the command's transaction, or report why not (returns exit status). */
int cmd_commit(struct cmd_ctx *ctx);

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
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_client_entry;
extern const struct cmd_entry cmd_rate_entry;
extern const struct cmd_entry cmd_tech_entry;
extern const struct cmd_entry cmd_config_entry;
extern const struct cmd_entry cmd_db_entry;

#endif
