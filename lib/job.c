/*
 * job.c - jobs: reading and writing their rows, the open/resolved/
 * invoiced rules, derived response, resolution and downtime, and the
 * full-text knowledge-base search.
 */
#include "job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "when.h"

#define JOB_COLUMNS \
	"j.id, j.client_id, c.code, j.title, j.priority, j.status, j.onsite, " \
	"j.opened, j.resolved, j.down_since, j.restored, j.note, j.resolution, j.po, " \
	"j.reopened, j.cancelled, j.cancel_reason, " \
	"(SELECT count(*) FROM job_episodes p WHERE p.job_id = j.id), " \
	"(SELECT min(p.resolved) FROM job_episodes p WHERE p.job_id = j.id), " \
	"(SELECT sum(coalesce(p.restored, p.resolved) - p.down_since) FROM job_episodes p " \
	"WHERE p.job_id = j.id AND p.down_since IS NOT NULL) "

void
fb_job_init(struct fb_job *j)
{
	memset(j, 0, sizeof(*j));
	strcpy(j->priority, "P3");
	strcpy(j->status, "open");
	j->resolved = FB_JOB_NONE;
	j->down_since = FB_JOB_NONE;
	j->restored = FB_JOB_NONE;
	j->reopened = FB_JOB_NONE;
	j->cancelled = FB_JOB_NONE;
	j->first_resolved = FB_JOB_NONE;
	j->past_downtime = FB_JOB_NONE;
}

void
fb_job_release(struct fb_job *j)
{
	free(j->client);
	free(j->title);
	free(j->note);
	free(j->po);
	free(j->resolution);
	free(j->cancel_reason);
	fb_job_init(j);
}

int
fb_job_parse_id(const char *s, int64_t *id, struct fb_err *err)
{
	if (fb_parse_uint(s, INT64_MAX, id) < 0 || *id == 0)
		return fb_err_set(err, FB_ERR_USAGE, "invalid job number '%s'", s);
	return 0;
}

int
fb_job_parse_priority(const char *s, char out[3], struct fb_err *err)
{
	if ((s[0] != 'P' && s[0] != 'p') || s[1] < '1' || s[1] > '4' || s[2] != '\0')
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid priority '%s': want P1, P2, P3 or P4", s);
	out[0] = 'P';
	out[1] = s[1];
	out[2] = '\0';
	return 0;
}

int
fb_job_check_text(const char *what, const char *s, int multiline, size_t max,
		  int nonempty, struct fb_err *err)
{
	size_t len = strlen(s);
	const char *p;

	if (nonempty) {
		for (p = s; *p == ' ' || *p == '\t' || *p == '\n'; p++)
			;
		if (*p == '\0')
			return fb_err_set(err, FB_ERR_USAGE, "invalid %s: must not be empty", what);
	}
	if (len > max)
		return fb_err_set(err, FB_ERR_USAGE, "invalid %s: longer than %zu bytes",
				  what, max);
	if (!fb_utf8_valid(s, multiline))
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid %s: not UTF-8 text, or has control characters", what);
	return 0;
}

int
fb_job_check_times(const struct fb_job *j, struct fb_err *err)
{
	int64_t end = j->restored != FB_JOB_NONE ? j->restored : j->resolved;
	int64_t began = j->reopened != FB_JOB_NONE ? j->reopened : j->opened;
	char *a, *b;

	if (j->resolved != FB_JOB_NONE && j->resolved < began) {
		a = fb_when_short(j->resolved);
		b = fb_when_short(began);
		fb_err_set(err, FB_ERR_USAGE,
			   "invalid resolve time: %s is before the job was %s at %s", a,
			   j->reopened != FB_JOB_NONE ? "reopened" : "opened", b);
		free(a);
		free(b);
		return -1;
	}
	if (j->down_since != FB_JOB_NONE && end != FB_JOB_NONE && end < j->down_since) {
		a = fb_when_short(end);
		b = fb_when_short(j->down_since);
		fb_err_set(err, FB_ERR_USAGE,
			   "invalid downtime: %s %s is before down since %s",
			   j->restored != FB_JOB_NONE ? "restored" : "resolved", a, b);
		free(a);
		free(b);
		return -1;
	}
	return 0;
}

static int64_t
opt_int(struct fb_stmt *st, int col)
{
	return fb_stmt_isnull(st, col) ? FB_JOB_NONE : fb_stmt_int(st, col);
}

static void
copy_status(char dst[12], const char *s)
{
	snprintf(dst, 12, "%s", s ? s : "open");
}

static void
read_job(struct fb_stmt *st, struct fb_job *j)
{
	const char *s;

	fb_job_init(j);
	j->id = fb_stmt_int(st, 0);
	j->client_id = fb_stmt_int(st, 1);
	j->client = fb_stmt_dup(st, 2);
	j->title = fb_stmt_dup(st, 3);
	s = fb_stmt_text(st, 4);
	snprintf(j->priority, sizeof(j->priority), "%s", s ? s : "P3");
	copy_status(j->status, fb_stmt_text(st, 5));
	j->onsite = fb_stmt_int(st, 6) != 0;
	j->opened = fb_stmt_int(st, 7);
	j->resolved = opt_int(st, 8);
	j->down_since = opt_int(st, 9);
	j->restored = opt_int(st, 10);
	j->note = fb_stmt_dup(st, 11);
	j->resolution = fb_stmt_dup(st, 12);
	j->po = fb_stmt_dup(st, 13);
	j->reopened = opt_int(st, 14);
	j->cancelled = opt_int(st, 15);
	j->cancel_reason = fb_stmt_dup(st, 16);
	j->episodes = fb_stmt_int(st, 17);
	j->first_resolved = opt_int(st, 18);
	j->past_downtime = opt_int(st, 19);
	if (j->first_resolved == FB_JOB_NONE && strcmp(j->status, "open") != 0 &&
	    strcmp(j->status, "cancelled") != 0)
		j->first_resolved = j->resolved;
}

int
fb_job_get(struct fb_db *db, int64_t id, struct fb_job *j, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	st = fb_db_prepare(db, "SELECT " JOB_COLUMNS
			   "FROM jobs j JOIN clients c ON c.id = j.client_id WHERE j.id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	rc = fb_stmt_step(st, err);
	if (rc == 1)
		read_job(st, j);
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown job '%lld'", (long long)id);
		fb_err_hint(err, "'fixbill job list --status all' lists the jobs");
		return -1;
	}
	return 0;
}

static void
bind_opt(struct fb_stmt *st, int idx, int64_t v)
{
	fb_stmt_bind_opt(st, idx, v, v == FB_JOB_NONE);
}

/*
 * Nothing is dated in the future (SPEC section 10): not the opening, the
 * resolve, --down-since, --restored, a reopen nor a cancel.  Prefixed
 * with what.
 */
static int
check_future(const struct fb_job *j, const char *what, struct fb_err *err)
{
	const int64_t t[] = { j->opened, j->resolved, j->down_since, j->restored,
			      j->reopened, j->cancelled };
	int64_t now;

	if (fb_now(&now, err) < 0)
		return -1;
	for (size_t i = 0; i < FB_ARRAY_SIZE(t); i++)
		if (t[i] != FB_JOB_NONE && fb_when_check_past(t[i], now, err) < 0) {
			if (j->id > 0)
				fb_err_prefix(err, "cannot %s job '%lld'", what, (long long)j->id);
			else
				fb_err_prefix(err, "cannot %s a job", what);
			return -1;
		}
	return 0;
}

/* The text a job stores (SPEC section 15): newlines only in notes. */
static int
check_job_text(const struct fb_job *j, struct fb_err *err)
{
	if (fb_job_check_text("title", j->title ? j->title : "", 0, FB_JOB_TITLE_MAX, 1, err) < 0 ||
	    (j->note && fb_job_check_text("note", j->note, 1, FB_JOB_TEXT_MAX, 0, err) < 0) ||
	    (j->resolution && fb_job_check_text("resolution", j->resolution, 1,
						FB_JOB_TEXT_MAX, 0, err) < 0))
		return -1;
	return 0;
}

int
fb_job_insert(struct fb_db *db, struct fb_job *j, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	if (check_job_text(j, err) < 0 || check_future(j, "open", err) < 0)
		return -1;
	st = fb_db_prepare(db, "INSERT INTO jobs(client_id, title, priority, status, onsite, "
			   "opened, resolved, down_since, restored, note, resolution, po) "
			   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, j->client_id);
	fb_stmt_bind_text(st, 2, j->title);
	fb_stmt_bind_text(st, 3, j->priority);
	fb_stmt_bind_text(st, 4, j->status);
	fb_stmt_bind_int(st, 5, j->onsite);
	fb_stmt_bind_int(st, 6, j->opened);
	bind_opt(st, 7, j->resolved);
	bind_opt(st, 8, j->down_since);
	bind_opt(st, 9, j->restored);
	fb_stmt_bind_text(st, 10, j->note);
	fb_stmt_bind_text(st, 11, j->resolution);
	fb_stmt_bind_text(st, 12, j->po);
	rc = fb_stmt_step(st, err);
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	j->id = fb_db_last_id(db);
	return 0;
}

int
fb_job_update(struct fb_db *db, const struct fb_job *j, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	if (check_job_text(j, err) < 0 || check_future(j, "change", err) < 0)
		return -1;
	st = fb_db_prepare(db, "UPDATE jobs SET client_id = ?2, title = ?3, priority = ?4, "
			   "status = ?5, onsite = ?6, opened = ?7, resolved = ?8, "
			   "down_since = ?9, restored = ?10, note = ?11, resolution = ?12, po = ?13, "
			   "reopened = ?14, cancelled = ?15, cancel_reason = ?16 "
			   "WHERE id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, j->id);
	fb_stmt_bind_int(st, 2, j->client_id);
	fb_stmt_bind_text(st, 3, j->title);
	fb_stmt_bind_text(st, 4, j->priority);
	fb_stmt_bind_text(st, 5, j->status);
	fb_stmt_bind_int(st, 6, j->onsite);
	fb_stmt_bind_int(st, 7, j->opened);
	bind_opt(st, 8, j->resolved);
	bind_opt(st, 9, j->down_since);
	bind_opt(st, 10, j->restored);
	fb_stmt_bind_text(st, 11, j->note);
	fb_stmt_bind_text(st, 12, j->resolution);
	fb_stmt_bind_text(st, 13, j->po);
	bind_opt(st, 14, j->reopened);
	bind_opt(st, 15, j->cancelled);
	fb_stmt_bind_text(st, 16, j->cancel_reason);
	rc = fb_stmt_step(st, err);
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

int
fb_job_running_timer(struct fb_db *db, int64_t job_id, char **handle,
		     struct fb_err *err)
{
	return fb_db_text(db, err, handle,
			  "SELECT t.handle FROM entries e JOIN techs t ON t.id = e.tech_id "
			  "WHERE e.job_id = ?1 AND e.stop IS NULL ORDER BY e.start LIMIT 1",
			  "i", job_id);
}

int
fb_job_has_billed_work(struct fb_db *db, int64_t job_id, struct fb_err *err)
{
	int64_t n = 0;

	if (fb_db_int(db, err, &n,
		      "SELECT (SELECT count(*) FROM entries WHERE job_id = ?1 AND invoice_id IS NOT NULL)"
		      " + (SELECT count(*) FROM charges WHERE job_id = ?1 AND invoice_id IS NOT NULL)",
		      "i", job_id) < 0)
		return -1;
	return n > 0;
}

int
fb_job_resolve(struct fb_db *db, struct fb_job *j, int64_t at, int64_t restored,
	       const char *resolution, struct fb_err *err)
{
	struct fb_job next = *j;
	char *handle = NULL;
	int rc;

	if (strcmp(j->status, "open") != 0)
		return fb_err_set(err, FB_ERR_REFUSED, "cannot resolve job '%lld': %s",
				  (long long)j->id,
				  strcmp(j->status, "resolved") == 0 ? "it is already resolved" :
				  strcmp(j->status, "cancelled") == 0 ? "it is cancelled" :
				  "it is invoiced");
	rc = fb_job_running_timer(db, j->id, &handle, err);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot resolve job '%lld': it has a running timer",
			   (long long)j->id);
		fb_err_hint(err, "stop it first: fixbill time stop --tech %s", handle);
		free(handle);
		return -1;
	}
	next.resolved = at;
	if (restored != FB_JOB_NONE)
		next.restored = restored;
	if (fb_job_check_times(&next, err) < 0 || check_future(&next, "resolve", err) < 0)
		return -1;
	if (resolution) {
		free(j->resolution);
		j->resolution = fb_xstrdup(resolution);
	}
	j->resolved = next.resolved;
	j->restored = next.restored;
	strcpy(j->status, "resolved");
	return fb_job_update(db, j, err);
}

int
fb_job_reopen(struct fb_db *db, struct fb_job *j, int64_t at, int64_t down_since,
	      struct fb_err *err)
{
	struct fb_job next;
	int64_t ended;
	char *a, *b;

	if (strcmp(j->status, "resolved") != 0)
		return fb_err_set(err, FB_ERR_REFUSED, "cannot reopen job '%lld': it is %s",
				  (long long)j->id, j->status);
	ended = j->restored != FB_JOB_NONE && j->restored > j->resolved ? j->restored : j->resolved;
	next = *j;
	next.reopened = at;
	next.down_since = down_since;
	if (check_future(&next, "reopen", err) < 0)
		return -1;
	if (at < j->resolved || (down_since != FB_JOB_NONE && down_since < ended)) {
		a = fb_when_short(at < j->resolved ? at : down_since);
		b = fb_when_short(at < j->resolved ? j->resolved : ended);
		if (at < j->resolved)
			fb_err_set(err, FB_ERR_USAGE, "invalid reopen time: %s is before the job"
				   " was resolved at %s", a, b);
		else
			fb_err_set(err, FB_ERR_USAGE, "invalid downtime: down since %s is before"
				   " the last episode ended at %s", a, b);
		free(a);
		free(b);
		return -1;
	}
	/* The episode that ends is kept: its times, downtime and resolution. */
	if (fb_db_exec(db, err, "INSERT INTO job_episodes (job_id, opened, resolved, down_since,"
		       " restored, resolution) SELECT id, coalesce(reopened, opened), resolved,"
		       " down_since, restored, resolution FROM jobs WHERE id = ?1",
		       "i", j->id) < 0 ||
	    (j->resolution && fb_job_text_set(db, FB_JOB_TEXT_EPISODE, fb_db_last_id(db), j->id,
					      j->resolution, err) < 0))
		return -1;
	if (j->first_resolved == FB_JOB_NONE || j->resolved < j->first_resolved)
		j->first_resolved = j->resolved;
	j->resolved = FB_JOB_NONE;
	j->restored = FB_JOB_NONE;
	j->down_since = down_since;
	free(j->resolution);
	j->resolution = NULL;
	j->reopened = at;
	j->episodes++;
	strcpy(j->status, "open");
	return fb_job_update(db, j, err);
}

int
fb_job_cancel(struct fb_db *db, struct fb_job *j, int64_t at, const char *reason,
	      struct fb_err *err)
{
	char *held = NULL, *handle = NULL;
	int rc;

	if (strcmp(j->status, "cancelled") == 0)
		return fb_err_set(err, FB_ERR_REFUSED, "cannot cancel job '%lld': it is already"
				  " cancelled", (long long)j->id);
	/* Work an issued invoice holds was billed: the job happened. */
	rc = fb_db_text(db, err, &held, "SELECT i.number FROM invoices i"
			" WHERE i.status IN ('issued', 'paid') AND i.id IN"
			" (SELECT invoice_id FROM entries WHERE job_id = ?1"
			"  UNION SELECT invoice_id FROM charges WHERE job_id = ?1)"
			" ORDER BY i.id LIMIT 1", "i", j->id);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot cancel job '%lld': its work is on invoice %s",
			   (long long)j->id, held);
		fb_err_hint(err, "void the invoice first if the job never happened");
		free(held);
		return -1;
	}
	rc = fb_db_text(db, err, &held, "SELECT i.id FROM invoices i WHERE i.status = 'draft'"
			" AND i.id IN (SELECT invoice_id FROM entries WHERE job_id = ?1"
			"  UNION SELECT invoice_id FROM charges WHERE job_id = ?1)"
			" ORDER BY i.id LIMIT 1", "i", j->id);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot cancel job '%lld': draft %s holds its work",
			   (long long)j->id, held);
		fb_err_hint(err, "discard the draft first: 'fixbill invoice discard %s'", held);
		free(held);
		return -1;
	}
	if ((rc = fb_job_running_timer(db, j->id, &handle, err)) < 0)
		return -1;
	if (rc > 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot cancel job '%lld': it has a running timer",
			   (long long)j->id);
		fb_err_hint(err, "stop or cancel it first: fixbill time cancel --tech %s", handle);
		free(handle);
		return -1;
	}
	/* Nothing of it is ever billed. */
	if (fb_db_exec(db, err, "UPDATE entries SET billable = 0 WHERE job_id = ?1"
		       " AND billable = 1 AND invoice_id IS NULL", "i", j->id) < 0)
		return -1;
	strcpy(j->status, "cancelled");
	j->cancelled = at;
	free(j->cancel_reason);
	j->cancel_reason = reason ? fb_xstrdup(reason) : NULL;
	return fb_job_update(db, j, err);
}

int
fb_job_episodes(struct fb_db *db, int64_t job_id, struct fb_job_episode **out, size_t *n,
		struct fb_err *err)
{
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = fb_db_prepare(db, "SELECT opened, resolved, down_since, restored, resolution"
			   " FROM job_episodes WHERE job_id = ?1 ORDER BY resolved, id", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, job_id);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_job_episode *e;

		fb_xgrow(out, &alloc, *n + 1, sizeof(**out));
		e = &(*out)[(*n)++];
		e->opened = fb_stmt_int(st, 0);
		e->resolved = fb_stmt_int(st, 1);
		e->down_since = opt_int(st, 2);
		e->restored = opt_int(st, 3);
		e->resolution = fb_stmt_dup(st, 4);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_job_episodes_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_job_episodes_free(struct fb_job_episode *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].resolution);
	free(v);
}

int
fb_job_check_currency(struct fb_db *db, const struct fb_job *j, const char *from,
		      const char *to, const char *client, struct fb_err *err)
{
	int64_t n = 0;

	if (strcmp(from, to) == 0)
		return 0;
	if (fb_db_int(db, err, &n, "SELECT EXISTS (SELECT 1 FROM entries WHERE job_id = ?1)"
		      " OR EXISTS (SELECT 1 FROM charges WHERE job_id = ?1)", "i", j->id) < 0)
		return -1;
	if (n == 0)
		return 0;
	fb_err_set(err, FB_ERR_REFUSED, "cannot move job '%lld' to client '%s': its work is"
		   " priced in %s, the client pays in %s", (long long)j->id, client, from, to);
	fb_err_hint(err, "open a new job for that client");
	return -1;
}

int
fb_job_list(struct fb_db *db, const struct fb_job_filter *f, struct fb_job **jobs,
	    size_t *n, struct fb_err *err)
{
	unsigned statuses = f->statuses ? f->statuses : 15;
	struct fb_stmt *st;
	size_t alloc = 0;
	int rc;

	*jobs = NULL;
	*n = 0;
	if (statuses & FB_JOB_INVOICED)
		st = fb_db_prepare(db, "SELECT " JOB_COLUMNS
				   "FROM jobs j JOIN clients c ON c.id = j.client_id "
				   "WHERE (?1 = 0 OR j.client_id = ?1) "
				   "AND (?2 & CASE j.status WHEN 'open' THEN 1 WHEN 'resolved' THEN 2 "
				   "WHEN 'invoiced' THEN 4 ELSE 8 END) <> 0 "
				   "AND j.opened >= ?3 AND j.opened < ?4 ORDER BY j.id", err);
	else {
		/*
		 * Nearly every job of years of history is invoiced: the others
		 * are found client by client in jobs_client, not among them all
		 * (at a million jobs, 2 ms instead of 400).
		 */
		st = fb_db_prepare(db, "SELECT " JOB_COLUMNS
				   "FROM clients c CROSS JOIN jobs j ON j.client_id = c.id "
				   "WHERE (?1 = 0 OR c.id = ?1) "
				   "AND j.status IN (?5, ?6, ?7) "
				   "AND j.opened >= ?3 AND j.opened < ?4 ORDER BY j.id", err);
		if (st != NULL) {
			fb_stmt_bind_text(st, 5, statuses & FB_JOB_OPEN ? "open" : NULL);
			fb_stmt_bind_text(st, 6, statuses & FB_JOB_RESOLVED ? "resolved" : NULL);
			fb_stmt_bind_text(st, 7, statuses & FB_JOB_CANCELLED ? "cancelled" : NULL);
		}
	}
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, f->client_id);
	fb_stmt_bind_int(st, 2, statuses);
	fb_stmt_bind_int(st, 3, f->from);
	fb_stmt_bind_int(st, 4, f->to);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(jobs, &alloc, *n + 1, sizeof(**jobs));
		read_job(st, &(*jobs)[(*n)++]);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_job_list_free(*jobs, *n);
		*jobs = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_job_list_free(struct fb_job *jobs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fb_job_release(&jobs[i]);
	free(jobs);
}

int
fb_job_work(struct fb_db *db, int64_t job_id, int64_t now, struct fb_job_work *w,
	    struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	memset(w, 0, sizeof(*w));
	w->first_start = FB_JOB_NONE;
	/* A timer started "in the future" (--at) has run for nothing yet. */
	st = fb_db_prepare(db, "SELECT count(*), "
			   "coalesce(sum(max(coalesce(stop, ?2) - start, 0)), 0), "
			   "coalesce(sum(CASE WHEN billable THEN max(coalesce(stop, ?2) - start, 0) "
			   "ELSE 0 END), 0), min(start), "
			   "coalesce(sum(stop IS NULL), 0) FROM entries WHERE job_id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, job_id);
	fb_stmt_bind_int(st, 2, now);
	rc = fb_stmt_step(st, err);
	if (rc == 1) {
		w->entries = fb_stmt_int(st, 0);
		w->seconds = fb_stmt_int(st, 1);
		w->billable_seconds = fb_stmt_int(st, 2);
		w->first_start = opt_int(st, 3);
		w->running = fb_stmt_int(st, 4) > 0;
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

int64_t
fb_job_response(const struct fb_job *j, const struct fb_job_work *w)
{
	if (w->first_start == FB_JOB_NONE)
		return FB_JOB_NONE;
	return w->first_start > j->opened ? w->first_start - j->opened : 0;
}

int64_t
fb_job_resolution_time(const struct fb_job *j)
{
	if (j->first_resolved == FB_JOB_NONE)
		return FB_JOB_NONE;
	return j->first_resolved > j->opened ? j->first_resolved - j->opened : 0;
}

int64_t
fb_job_downtime(const struct fb_job *j)
{
	int64_t end = j->restored != FB_JOB_NONE ? j->restored : j->resolved;

	if (j->down_since == FB_JOB_NONE || end == FB_JOB_NONE)
		return j->past_downtime;
	if (j->past_downtime == FB_JOB_NONE)
		return end - j->down_since;
	return j->past_downtime + (end - j->down_since);
}

int
fb_job_text_set(struct fb_db *db, enum fb_job_text kind, int64_t id, int64_t job_id,
		const char *text, struct fb_err *err)
{
	int64_t rowid = id * 4 + kind;

	if (fb_db_exec(db, err, "DELETE FROM work_fts WHERE rowid = ?1", "i", rowid) < 0)
		return -1;
	if (text == NULL)
		return 0;
	return fb_db_exec(db, err, "INSERT INTO work_fts(rowid, text, job) VALUES (?1, ?2, ?3)",
			  "iti", rowid, text, job_id);
}

int
fb_job_note_set(struct fb_db *db, int64_t id, const char *old, const char *note,
		struct fb_err *err)
{
	if (old && fb_db_exec(db, err, "INSERT INTO entry_fts(entry_fts, rowid, note)"
			      " VALUES ('delete', ?1, ?2)", "it", id, old) < 0)
		return -1;
	if (note && fb_db_exec(db, err, "INSERT INTO entry_fts(rowid, note) VALUES (?1, ?2)",
			       "it", id, note) < 0)
		return -1;
	return 0;
}

int
fb_job_notes_get(struct fb_db *db, const int64_t *ids, size_t n, char ***notes,
		 struct fb_err *err)
{
	struct fb_stmt *st;
	int rc = 0;

	*notes = fb_xcalloc(n ? n : 1, sizeof(**notes));
	if (n == 0)
		return 0;
	if ((st = fb_db_prepare(db, "SELECT note FROM entries WHERE id = ?1", err)) == NULL) {
		free(*notes);
		*notes = NULL;
		return -1;
	}
	for (size_t i = 0; i < n && rc >= 0; i++) {
		fb_stmt_bind_int(st, 1, ids[i]);
		if ((rc = fb_stmt_step(st, err)) == 1)
			(*notes)[i] = fb_stmt_dup(st, 0);
		fb_stmt_reset(st);
	}
	if (rc < 0) {
		for (size_t i = 0; i < n; i++)
			free((*notes)[i]);
		free(*notes);
		*notes = NULL;
		return -1;
	}
	return 0;
}

int
fb_job_text_sync(struct fb_db *db, const char *table, int64_t id, struct fb_err *err)
{
	static const struct {
		const char *table;
		enum fb_job_text kind;
		const char *sql;
	} texts[] = {
		{ "charges", FB_JOB_TEXT_CHARGE,
		  "SELECT job_id, description FROM charges WHERE id = ?1" },
		{ "job_episodes", FB_JOB_TEXT_EPISODE,
		  "SELECT job_id, resolution FROM job_episodes WHERE id = ?1" },
	};

	for (size_t i = 0; i < FB_ARRAY_SIZE(texts); i++) {
		struct fb_stmt *st;
		int64_t job = 0;
		char *text = NULL;
		int rc;

		if (strcmp(texts[i].table, table) != 0)
			continue;
		if ((st = fb_db_prepare(db, texts[i].sql, err)) == NULL)
			return -1;
		fb_stmt_bind_int(st, 1, id);
		if ((rc = fb_stmt_step(st, err)) == 1) {
			job = fb_stmt_int(st, 0);
			text = fb_stmt_dup(st, 1);
		}
		fb_stmt_reset(st);
		if (rc >= 0)
			rc = fb_job_text_set(db, texts[i].kind, id, job, text, err);
		free(text);
		return rc < 0 ? -1 : 0;
	}
	return 0;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

char *
fb_job_fts_query(const char *q)
{
	struct fb_buf b = FB_BUF_INIT;
	const char *p = q;

	while (*p) {
		const char *start, *end;
		int prefix = 0;

		while (is_space(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p && !is_space(*p))
			p++;
		end = p;
		/* "print*" stays a prefix search; a lone "*" is just a word. */
		if (end - start > 1 && end[-1] == '*') {
			prefix = 1;
			end--;
		}
		if (b.len)
			fb_buf_addc(&b, ' ');
		fb_buf_addc(&b, '"');
		for (const char *c = start; c < end; c++) {
			if (*c == '"')
				fb_buf_addc(&b, '"');
			fb_buf_addc(&b, *c);
		}
		fb_buf_addc(&b, '"');
		if (prefix)
			fb_buf_addc(&b, '*');
	}
	if (b.len == 0) {
		fb_buf_release(&b);
		return NULL;
	}
	return fb_buf_detach(&b);
}

/* The snippet of a hit's text, by where it was found (fb_job_search's src). */
static const char *const snippet_sql[] = {
	"SELECT snippet(jobs_fts, -1, ?2, ?3, '...', 12) FROM jobs_fts"
	" WHERE jobs_fts MATCH ?1 AND rowid = ?4",
	"SELECT snippet(work_fts, 0, ?2, ?3, '...', 12) FROM work_fts"
	" WHERE work_fts MATCH ?1 AND rowid = ?4",
	"SELECT snippet(entry_fts, 0, ?2, ?3, '...', 12) FROM entry_fts"
	" WHERE entry_fts MATCH ?1 AND rowid = ?4",
};

int
fb_job_search(struct fb_db *db, const char *query, int64_t limit, const char *open,
	      const char *close, struct fb_job_hit **hits, size_t *n, struct fb_err *err)
{
	struct fb_stmt *st;
	char *fts = fb_job_fts_query(query);
	struct {
		int kind;
		int64_t rowid;
	} *src = NULL;
	size_t alloc = 0, asrc = 0;
	int rc;

	*hits = NULL;
	*n = 0;
	if (fts == NULL)
		return fb_err_set(err, FB_ERR_USAGE, "invalid search '%s': no words to search for",
				  query);
	/*
	 * Titles weigh most, then resolutions (the knowledge), then notes;
	 * a job's other texts (part descriptions, earlier resolutions, entry
	 * notes) count half.  One hit per job: its best text (SQLite takes
	 * the bare columns from the row of min), whose snippet is made for
	 * the jobs shown only: a common word matches tens of thousands of
	 * texts in years of history.
	 */
	st = fb_db_prepare(db, "WITH hits(job, rank, src, rid) AS ("
			   " SELECT rowid, bm25(jobs_fts, 4.0, 1.0, 2.0), 0, rowid"
			   " FROM jobs_fts WHERE jobs_fts MATCH ?1"
			   " UNION ALL SELECT job, bm25(work_fts) * 0.5, 1, rowid"
			   " FROM work_fts WHERE work_fts MATCH ?1"
			   " UNION ALL SELECT e.job_id, bm25(entry_fts) * 0.5, 2, entry_fts.rowid"
			   " FROM entry_fts JOIN entries e ON e.id = entry_fts.rowid"
			   " WHERE entry_fts MATCH ?1) "
			   "SELECT j.id, c.code, j.title, j.status, h.src, h.rid, min(h.rank) AS r "
			   "FROM hits h JOIN jobs j ON j.id = h.job "
			   "JOIN clients c ON c.id = j.client_id "
			   "GROUP BY j.id ORDER BY r, j.id DESC LIMIT ?2", err);
	if (st == NULL) {
		free(fts);
		return -1;
	}
	fb_stmt_bind_text(st, 1, fts);
	fb_stmt_bind_int(st, 2, limit);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_job_hit *h;

		fb_xgrow(hits, &alloc, *n + 1, sizeof(**hits));
		fb_xgrow(&src, &asrc, *n + 1, sizeof(*src));
		src[*n].kind = (int)fb_stmt_int(st, 4);
		src[*n].rowid = fb_stmt_int(st, 5);
		h = &(*hits)[(*n)++];
		h->id = fb_stmt_int(st, 0);
		h->client = fb_stmt_dup(st, 1);
		h->title = fb_stmt_dup(st, 2);
		copy_status(h->status, fb_stmt_text(st, 3));
		h->snippet = NULL;
	}
	fb_stmt_reset(st);
	for (size_t i = 0; i < *n && rc == 0; i++) {
		if (fb_db_text(db, err, &(*hits)[i].snippet, snippet_sql[src[i].kind], "ttti",
			       fts, open, close, src[i].rowid) < 0)
			rc = -1;
		if ((*hits)[i].snippet == NULL)
			(*hits)[i].snippet = fb_xstrdup("");
	}
	free(src);
	free(fts);
	if (rc < 0) {
		fb_job_hits_free(*hits, *n);
		*hits = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

void
fb_job_hits_free(struct fb_job_hit *hits, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(hits[i].client);
		free(hits[i].title);
		free(hits[i].snippet);
	}
	free(hits);
}
