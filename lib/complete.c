/*
 * complete.c - completion candidates from the database (complete.h).
 */
#include "complete.h"

#include <stdlib.h>
#include <string.h>

static const char *const queries[] = {
	[FB_COMPLETE_CLIENT] = "SELECT code FROM clients WHERE archived = 0 ORDER BY code",
	/* Open jobs client by client (jobs_client), not among years of invoiced ones. */
	[FB_COMPLETE_JOB] = "SELECT j.id FROM clients c CROSS JOIN jobs j ON j.client_id = c.id"
		" WHERE j.status = 'open' ORDER BY j.id",
	[FB_COMPLETE_ANYJOB] = "SELECT id FROM jobs ORDER BY id",
	[FB_COMPLETE_TECH] = "SELECT handle FROM techs ORDER BY handle",
	[FB_COMPLETE_INVOICE] = "SELECT coalesce(number, id) FROM invoices ORDER BY id",
	[FB_COMPLETE_PAYMENT] = "SELECT p.id FROM payments p WHERE p.kind <> 'reversal'"
		" AND NOT EXISTS (SELECT 1 FROM payments r WHERE r.reverses = p.id) ORDER BY p.id",
	[FB_COMPLETE_CHANGE] = "SELECT id FROM log l WHERE changes IS NOT NULL AND refused IS NULL"
		" AND undo_of IS NULL AND NOT EXISTS (SELECT 1 FROM log u WHERE u.undo_of = l.id)"
		" ORDER BY id DESC",
	[FB_COMPLETE_TAX] = "SELECT code FROM tax_codes ORDER BY code",
};

int
fb_complete_values(struct fb_db *db, enum fb_complete_kind kind, const char *prefix,
		   char ***out, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0, plen = strlen(prefix);
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = fb_db_prepare(db, queries[kind], err)) == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		const char *s = fb_stmt_text(st, 0);

		if (s == NULL || strncmp(s, prefix, plen) != 0)
			continue;
		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		(*out)[(*n)++] = fb_xstrdup(s);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_complete_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_complete_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
