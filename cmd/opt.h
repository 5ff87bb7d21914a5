/*
 * opt.h - option parsing and usage, shared by main.c and the nouns.
 */
#ifndef FB_OPT_H
#define FB_OPT_H

#include "cmd.h"

/* The options every verb accepts (--db, --json, -q, --color). */
const struct cmd_opt *opt_globals(void);

/* The size of the options struct a table binds to. */
size_t opt_size(const struct cmd_opt *opts);

/*
 * Parse argv (the words after the verb) against opts into the options
 * struct o (zeroed by the caller), setting the global options and the
 * positional arguments on ctx.  Values that need no timezone are parsed
 * here; usage_name ("config set") names the command in errors.  Returns
 * 0 or the exit status after printing the error.
 */
int opt_parse(struct cmd_ctx *ctx, const struct cmd_opt *opts, void *o,
	      int argc, char **argv, const char *usage_name);
/*
 * Parse the values that read the configured timezone (dates, times,
 * periods), once it is installed and ctx->now is known.
 */
int opt_parse_local(struct cmd_ctx *ctx, const struct cmd_opt *opts, void *o);
void opt_release(struct cmd_ctx *ctx);

/* `fixbill __complete WORDS...` */
int cmd_complete(struct cmd_ctx *ctx, int argc, char **argv);

#endif
