/*
 * complete.h - the values shell completion offers for a client, a job,
 * a technician, an invoice, a payment, a change of the log or a tax code,
 * read from the database (cmd/complete.c prints them; the bash, zsh and
 * fish scripts ask it).
 */
#ifndef FB_COMPLETE_H
#define FB_COMPLETE_H

#include <stddef.h>

#include "db.h"
#include "util.h"

enum fb_complete_kind {
	FB_COMPLETE_CLIENT,	/* codes of clients not archived */
	FB_COMPLETE_JOB,	/* numbers of open jobs */
	FB_COMPLETE_ANYJOB,	/* numbers of every job */
	FB_COMPLETE_TECH,	/* technicians' handles */
	FB_COMPLETE_INVOICE,	/* invoice numbers, and drafts' ids */
	FB_COMPLETE_PAYMENT,	/* payment records not reversed, nor reversals */
	FB_COMPLETE_CHANGE,	/* changes of the log that undo may take back, newest first */
	FB_COMPLETE_TAX		/* tax codes */
};

/*
 * The values of kind that begin with prefix, in order, into a new array
 * *out of *n strings (free with fb_complete_free).
 */
int fb_complete_values(struct fb_db *db, enum fb_complete_kind kind,
		       const char *prefix, char ***out, size_t *n,
		       struct fb_err *err);
void fb_complete_free(char **v, size_t n);

#endif
