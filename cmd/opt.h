/*
 * opt.h - option parsing and usage, shared by main.c and the nouns.
 */
#ifndef FB_OPT_H
#define FB_OPT_H

#include "cmd.h"

/* The options every verb accepts (--db, --json, -q, --color). */
const struct cmd_opt *opt_globals(void);

/*
 * Parse argv (the words after the verb) against opts into ctx->args,
 * setting global options on ctx.  usage_name ("config set") names the
 * command in errors.  Returns 0 or the exit status after printing the
 * error.
 */
int opt_parse(struct cmd_ctx *ctx, const struct cmd_opt *opts, int argc,
	      char **argv, const char *usage_name);
void opt_release(struct cmd_args *a);

/* `fixbill __complete WORDS...` */
int cmd_complete(struct cmd_ctx *ctx, int argc, char **argv);

#endif
