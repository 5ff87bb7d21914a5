/*
 * closing.c - closing and reopening the books (closing.h).  The rule is
 * checked here for every command that records something dated, and the
 * schema's triggers (009-receivables.sql) refuse the same rows whatever
 * writes them.
 */
#include "closing.h"

#include <stdlib.h>
#include <string.h>

int
fb_closing_through(struct fb_db *db, char **through, struct fb_err *err)
{
	*through = NULL;
	return fb_db_text(db, err, through,
			  "SELECT through FROM closings ORDER BY id DESC LIMIT 1", "");
}

int
fb_closing_check(struct fb_db *db, const char *date, struct fb_err *err)
{
	char *through = NULL;
	int rc = fb_closing_through(db, &through, err);

	if (rc < 0)
		return -1;
	if (rc > 0 && date != NULL && strcmp(date, through) <= 0) {
		fb_err_set(err, FB_ERR_REFUSED, "the books are closed through %s", through);
		fb_err_hint(err, "date it after %s, or reopen the month: fixbill period reopen"
			    " %.7s --reason TEXT", through, date);
		free(through);
		return -1;
	}
	free(through);
	return 0;
}

static int
record(struct fb_db *db, const char *action, const char *name, const char *through,
       const char *reason, int64_t now, struct fb_err *err)
{
	return fb_db_exec(db, err, "INSERT INTO closings(action, period, through, reason, at)"
			  " VALUES (?, ?, ?, ?, ?)", "tttti",
			  action, name, through, reason, now);
}

int
fb_closing_close(struct fb_db *db, const char *name, const struct fb_period *p,
		 int64_t now, int *already, struct fb_err *err)
{
	char *last = fb_civil_date(&p->last), *today = fb_when_date(now), *through = NULL;
	int rc = -1;

	*already = 0;
	if (strcmp(last, today) >= 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot close %s: it ends on %s, which is not past",
			   name, last);
		goto out;
	}
	if (fb_closing_through(db, &through, err) < 0)
		goto out;
	if (through != NULL && strcmp(through, last) >= 0) {
		*already = 1;
		rc = 0;
		goto out;
	}
	rc = record(db, "close", name, last, NULL, now, err);
out:
	free(last);
	free(today);
	free(through);
	return rc;
}

int
fb_closing_reopen(struct fb_db *db, const char *name, const struct fb_period *p,
		  const char *reason, int64_t now, struct fb_err *err)
{
	char *first = fb_civil_date(&p->first), *through = NULL, *before;
	struct fb_civil c = p->first;
	int rc = -1;

	if (reason == NULL || *reason == '\0' || !fb_utf8_valid(reason, 1) ||
	    strlen(reason) > 65536) {
		free(first);
		if (reason == NULL || *reason == '\0')
			return fb_err_set(err, FB_ERR_USAGE, "cannot reopen %s: say why with"
					  " '--reason TEXT'", name);
		return fb_err_set(err, FB_ERR_USAGE, "invalid reason: not valid UTF-8,"
				  " has control characters or is longer than 65536 bytes");
	}
	fb_civil_from_days(fb_days_from_civil(c.year, c.month, c.day) - 1,
			   &c.year, &c.month, &c.day);
	before = fb_civil_date(&c);
	if (fb_closing_through(db, &through, err) < 0)
		goto out;
	if (through == NULL || strcmp(through, first) < 0) {
		if (through)
			fb_err_set(err, FB_ERR_REFUSED, "cannot reopen %s: the books are closed"
				   " through %s", name, through);
		else
			fb_err_set(err, FB_ERR_REFUSED, "cannot reopen %s: no period is closed",
				   name);
		goto out;
	}
	rc = record(db, "reopen", name, before, reason, now, err);
out:
	free(first);
	free(before);
	free(through);
	return rc;
}

int
fb_closing_list(struct fb_db *db, struct fb_closing **v, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*v = NULL;
	*n = 0;
	if ((st = fb_db_prepare(db, "SELECT id, action, period, through, reason, at"
				" FROM closings ORDER BY id", err)) == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_closing *c;

		fb_xgrow(v, &alloc, *n + 1, sizeof(**v));
		c = &(*v)[(*n)++];
		c->id = fb_stmt_int(st, 0);
		c->action = fb_stmt_dup(st, 1);
		c->period = fb_stmt_dup(st, 2);
		c->through = fb_stmt_dup(st, 3);
		c->reason = fb_stmt_dup(st, 4);
		c->at = fb_stmt_int(st, 5);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_closing_list_free(*v, *n);
		*v = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_closing_list_free(struct fb_closing *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].action);
		free(v[i].period);
		free(v[i].through);
		free(v[i].reason);
	}
	free(v);
}
