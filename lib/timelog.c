/*
 * timelog.c - time entries and their rules: one running timer per
 * technician, no overlaps unless allowed, no work on invoiced jobs, no
 * change to what an invoice holds.  Every check runs before the write,
 * in the caller's transaction; the schema's triggers are the backstop
 * for issued invoices.
 */
#include "timelog.h"

#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "config.h"
#include "duration.h"
#include "job.h"
#include "when.h"

#define ENTRY_COLUMNS \
	"SELECT e.id, e.job_id, e.tech_id, e.start, e.stop, e.billable," \
	" e.nocharge, e.note, c.code, j.title, t.handle, e.invoice_id," \
	" i.number, i.status, e.billed_elsewhere" \
	" FROM entries e JOIN jobs j ON j.id = e.job_id" \
	" JOIN clients c ON c.id = j.client_id" \
	" JOIN techs t ON t.id = e.tech_id" \
	" LEFT JOIN invoices i ON i.id = e.invoice_id"

void
fb_timelog_entry_init(struct fb_timelog_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->billable = 1;
}

void
fb_timelog_entry_release(struct fb_timelog_entry *e)
{
	free(e->note);
	free(e->client);
	free(e->title);
	free(e->tech);
	free(e->invoice);
	free(e->invoice_status);
	fb_timelog_entry_init(e);
}

int64_t
fb_timelog_seconds(const struct fb_timelog_entry *e, int64_t now)
{
	if (!e->running)
		return e->stop - e->start;
	return now > e->start ? now - e->start : 0;
}

static void
entry_from_row(struct fb_stmt *st, struct fb_timelog_entry *e)
{
	fb_timelog_entry_init(e);
	e->id = fb_stmt_int(st, 0);
	e->job_id = fb_stmt_int(st, 1);
	e->tech_id = fb_stmt_int(st, 2);
	e->start = fb_stmt_int(st, 3);
	e->running = fb_stmt_isnull(st, 4);
	e->stop = e->running ? 0 : fb_stmt_int(st, 4);
	e->billable = (int)fb_stmt_int(st, 5);
	e->nocharge = (int)fb_stmt_int(st, 6);
	e->note = fb_stmt_dup(st, 7);
	e->client = fb_stmt_dup(st, 8);
	e->title = fb_stmt_dup(st, 9);
	e->tech = fb_stmt_dup(st, 10);
	e->invoice_id = fb_stmt_isnull(st, 11) ? 0 : fb_stmt_int(st, 11);
	e->invoice = fb_stmt_dup(st, 12);
	e->invoice_status = fb_stmt_dup(st, 13);
	e->billed_elsewhere = (int)fb_stmt_int(st, 14);
}

/* Run a one-entry query already bound; 1 found, 0 none, -1 error. */
static int
entry_query(struct fb_stmt *st, struct fb_timelog_entry *e, struct fb_err *err)
{
	int rc = fb_stmt_step(st, err);

	if (rc == 1)
		entry_from_row(st, e);
	fb_stmt_reset(st);
	return rc;
}

int
fb_timelog_get(struct fb_db *db, int64_t id, struct fb_timelog_entry *e,
	       struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	fb_timelog_entry_init(e);
	st = fb_db_prepare(db, ENTRY_COLUMNS " WHERE e.id = ?1", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, id);
	if ((rc = entry_query(st, e, err)) < 0)
		return -1;
	if (rc == 0) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown entry '%lld'", (long long)id);
		fb_err_hint(err, "'fixbill time list' shows the entries");
		return -1;
	}
	return 0;
}

int
fb_timelog_running(struct fb_db *db, int64_t tech_id, struct fb_timelog_entry *e,
		   struct fb_err *err)
{
	struct fb_stmt *st;

	fb_timelog_entry_init(e);
	/* The partial index entries_running answers this at once. */
	st = fb_db_prepare(db, ENTRY_COLUMNS " WHERE e.tech_id = ?1 AND e.stop IS NULL", err);
	if (st == NULL)
		return -1;
	fb_stmt_bind_int(st, 1, tech_id);
	return entry_query(st, e, err);
}

int
fb_timelog_check_job(struct fb_db *db, int64_t job_id, struct fb_err *err)
{
	char *status = NULL;
	int rc;

	rc = fb_db_text(db, err, &status, "SELECT status FROM jobs WHERE id = ?1",
			"i", job_id);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		fb_err_set(err, FB_ERR_NOTFOUND, "unknown job '%lld'", (long long)job_id);
		fb_err_hint(err, "'fixbill job list --status all' lists the jobs");
		return -1;
	}
	if (strcmp(status, "invoiced") == 0 || strcmp(status, "cancelled") == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot log time on job '%lld': it is %s",
			   (long long)job_id, status);
		fb_err_hint(err, "log new work on a new job: 'fixbill job open'");
		free(status);
		return -1;
	}
	free(status);
	return 0;
}

int
fb_timelog_running_all(struct fb_db *db, struct fb_timelog_entry **out, size_t *n,
		       struct fb_err *err)
{
	struct fb_timelog_entry *v = NULL;
	size_t nv = 0, alloc = 0;
	struct fb_stmt *st;
	int rc;

	*out = NULL;
	*n = 0;
	st = fb_db_prepare(db, ENTRY_COLUMNS " WHERE e.stop IS NULL ORDER BY t.handle", err);
	if (st == NULL)
		return -1;
	while ((rc = fb_stmt_step(st, err)) == 1) {
		fb_xgrow(&v, &alloc, nv + 1, sizeof(*v));
		entry_from_row(st, &v[nv++]);
	}
	fb_stmt_reset(st);
	if (rc < 0) {
		fb_timelog_list_free(v, nv);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

int
fb_timelog_check_long(struct fb_db *db, const struct fb_timelog_entry *e, int64_t stop,
		      struct fb_err *err)
{
	char *v = NULL, *ran, *max;
	int64_t limit;
	int rc;

	/* A stop in the future is refused for that (fb_timelog_stop). */
	if (fb_now(&limit, err) < 0)
		return -1;
	if (stop > limit + FB_FUTURE_SLACK)
		return 0;
	if ((rc = fb_config_get(db, "time.max_timer", &v, err)) < 0)
		return -1;
	rc = rc == 1 ? fb_duration_parse(v, &limit, err) : -1;
	free(v);
	if (rc < 0)
		return -1;
	if (stop - e->start <= limit)
		return 0;
	ran = fb_duration_format(stop - e->start);
	max = fb_duration_format(limit);
	fb_err_set(err, FB_ERR_REFUSED, "timer of '%s' on job %lld would run %s,"
		   " longer than time.max_timer (%s)", e->tech, (long long)e->job_id, ran, max);
	free(ran);
	free(max);
	return -1;
}

int
fb_timelog_last_job(struct fb_db *db, int64_t tech_id, int64_t *job_id, struct fb_err *err)
{
	/* Back from the latest start in entries_start: a few rows per technician. */
	return fb_db_int(db, err, job_id, "SELECT job_id FROM entries INDEXED BY entries_start"
			 " WHERE tech_id = ?1 ORDER BY start DESC LIMIT 1", "i", tech_id);
}

/* "2026-10-15 09:00 to 10:00", the end's date only when it differs. */
static char *
span_text(int64_t start, int64_t stop, int running)
{
	char *a = fb_when_short(start), *b, *s;

	if (running) {
		s = fb_xasprintf("%s, running", a);
		free(a);
		return s;
	}
	b = fb_when_short(stop);
	if (strncmp(a, b, 10) == 0)
		s = fb_xasprintf("%s to %s", a, b + 11);
	else
		s = fb_xasprintf("%s to %s", a, b);
	free(a);
	free(b);
	return s;
}

/*
 * The entries of technician ?1 other than ?3 that share time with
 * [?5, ?2), a running one lasting until max(?4, its start + 1): half-open
 * spans share time when each starts before the other ends.  A running
 * entry is at most one per technician (entries_running).  A stopped entry
 * of at most FB_TIMELOG_SHORT seconds (12 hours) that overlaps starts no
 * earlier than that before ?5, which bounds the scan of entries_start to
 * a few rows however long the history; the longer ones are few and have
 * their own index (share/schema/003-covering.sql).  Each finds the
 * earliest of its kind.  Three plain statements, not one compound: each
 * compiles in a fifth of the time the compound took, and a command
 * compiles them at every run.
 */
static const char *const overlap_sql[] = {
	"SELECT id, start, stop FROM entries INDEXED BY entries_running"
	" WHERE tech_id = ?1 AND stop IS NULL AND id <> ?3"
	" AND start < ?2 AND max(?4, start + 1) > ?5",
	"SELECT id, start, stop FROM entries INDEXED BY entries_start"
	" WHERE start >= ?5 - " FB_TIMELOG_SHORT " AND start < ?2 AND tech_id = ?1"
	" AND stop > ?5 AND id <> ?3 ORDER BY start LIMIT 1",
	"SELECT id, start, stop FROM entries INDEXED BY entries_long"
	" WHERE tech_id = ?1 AND stop - start > " FB_TIMELOG_SHORT " AND start < ?2"
	" AND stop > ?5 AND id <> ?3 ORDER BY start LIMIT 1",
};

int
fb_timelog_check_overlap(struct fb_db *db, int64_t tech_id, int64_t start,
			 int64_t stop, int running, int64_t exclude_id,
			 int64_t now, struct fb_err *err)
{
	int64_t id = 0, ostart = 0, ostop = 0;
	int found = 0, orunning = 0, rc;
	char *span, *handle = NULL;

	if (running)
		stop = now > start ? now : start + 1;
	/* The earliest overlapping entry is named. */
	for (size_t i = 0; i < sizeof(overlap_sql) / sizeof(overlap_sql[0]); i++) {
		struct fb_stmt *st = fb_db_prepare(db, overlap_sql[i], err);

		if (st == NULL)
			return -1;
		fb_stmt_bind_int(st, 1, tech_id);
		fb_stmt_bind_int(st, 2, stop);
		fb_stmt_bind_int(st, 3, exclude_id);
		fb_stmt_bind_int(st, 4, now);
		fb_stmt_bind_int(st, 5, start);
		rc = fb_stmt_step(st, err);
		if (rc < 0)
			return -1;
		if (rc == 1 && (!found || fb_stmt_int(st, 1) < ostart)) {
			found = 1;
			id = fb_stmt_int(st, 0);
			ostart = fb_stmt_int(st, 1);
			orunning = fb_stmt_isnull(st, 2);
			ostop = orunning ? 0 : fb_stmt_int(st, 2);
		}
		fb_stmt_reset(st);
	}
	if (!found)
		return 0;
	if (fb_db_text(db, err, &handle, "SELECT handle FROM techs WHERE id = ?1",
		       "i", tech_id) < 0)
		return -1;
	span = span_text(ostart, ostop, orunning);
	if (exclude_id)
		fb_err_set(err, FB_ERR_REFUSED, "entry %lld would overlap entry %lld of '%s' (%s)",
			   (long long)exclude_id, (long long)id, handle ? handle : "?", span);
	else
		fb_err_set(err, FB_ERR_REFUSED, "%s would overlap entry %lld of '%s' (%s)",
			   running ? "timer" : "entry", (long long)id,
			   handle ? handle : "?", span);
	fb_err_hint(err, "use --allow-overlap if both really happened");
	free(span);
	free(handle);
	return -1;
}

int
fb_timelog_check_note(const char *note, struct fb_err *err)
{
	if (note == NULL)
		return 0;
	if (strlen(note) > FB_TIMELOG_NOTE_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "invalid note: longer than %d KiB",
				  FB_TIMELOG_NOTE_MAX / 1024);
	if (!fb_utf8_valid(note, 1))
		return fb_err_set(err, FB_ERR_USAGE,
				  "invalid note: not UTF-8 text (or has control characters)");
	return 0;
}

/* The rules shared by insert and update; old is NULL for an insert. */
static int
check_rules(struct fb_db *db, const struct fb_timelog_entry *old,
	    const struct fb_timelog_entry *e, int flags, int64_t now,
	    struct fb_err *err)
{
	int64_t exclude = old ? old->id : 0;

	if ((old == NULL || old->job_id != e->job_id) &&
	    fb_timelog_check_job(db, e->job_id, err) < 0)
		return -1;
	if (fb_timelog_check_note(e->note, err) < 0)
		return -1;
	if (!e->running && e->stop <= e->start)
		return fb_err_set(err, FB_ERR_USAGE, "invalid time span: the end is not after the start");
	/* As long as a duration may be typed (SPEC section 15). */
	if (!e->running && e->stop - e->start > FB_DURATION_MAX)
		return fb_err_set(err, FB_ERR_USAGE, "invalid time span: longer than 10000 hours");
	/* Work is not logged ahead of time (SPEC section 10); what is not changed is not judged. */
	if ((old == NULL || old->start != e->start || old->running != e->running ||
	     (!e->running && old->stop != e->stop)) &&
	    fb_when_check_past(e->running ? e->start : e->stop, now, err) < 0) {
		if (old)
			fb_err_prefix(err, "cannot edit entry %lld", (long long)old->id);
		else
			fb_err_prefix(err, "cannot %s", e->running ? "start a timer" : "log time");
		return -1;
	}
	if (e->running && (old == NULL || !old->running || old->tech_id != e->tech_id)) {
		struct fb_timelog_entry r;
		int rc = fb_timelog_running(db, e->tech_id, &r, err);

		if (rc < 0)
			return -1;
		if (rc == 1 && r.id != exclude) {
			fb_err_set(err, FB_ERR_REFUSED,
				   "timer already running for '%s' on job %lld",
				   r.tech, (long long)r.job_id);
			fb_err_hint(err, "stop it first with 'fixbill time stop', or use --switch");
			fb_timelog_entry_release(&r);
			return -1;
		}
		fb_timelog_entry_release(&r);
	}
	if (flags & FB_TIMELOG_ALLOW_OVERLAP)
		return 0;
	if (old && old->tech_id == e->tech_id && old->start == e->start &&
	    old->running == e->running && old->stop == e->stop)
		return 0;
	return fb_timelog_check_overlap(db, e->tech_id, e->start, e->stop,
					e->running, exclude, now, err);
}

/* Bind an entry's columns as ?1..?7 of an insert or update. */
static void
bind_entry(struct fb_stmt *st, const struct fb_timelog_entry *e)
{
	fb_stmt_bind_int(st, 1, e->job_id);
	fb_stmt_bind_int(st, 2, e->tech_id);
	fb_stmt_bind_int(st, 3, e->start);
	fb_stmt_bind_opt(st, 4, e->stop, e->running);
	fb_stmt_bind_int(st, 5, e->billable != 0);
	fb_stmt_bind_int(st, 6, e->nocharge != 0);
	fb_stmt_bind_text(st, 7, e->note);
}

static int
run(struct fb_stmt *st, struct fb_err *err)
{
	int rc = fb_stmt_step(st, err);

	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

int
fb_timelog_insert(struct fb_db *db, const struct fb_timelog_entry *e,
		  int flags, int64_t now, int64_t *id, struct fb_err *err)
{
	struct fb_stmt *st;

	if (check_rules(db, NULL, e, flags, now, err) < 0)
		return -1;
	st = fb_db_prepare(db,
		"INSERT INTO entries (job_id, tech_id, start, stop, billable,"
		" nocharge, note, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
	if (st == NULL)
		return -1;
	bind_entry(st, e);
	fb_stmt_bind_int(st, 8, now);
	if (run(st, err) < 0)
		return -1;
	*id = fb_db_last_id(db);
	/* A timer without a note (most) costs the search index nothing. */
	if (e->note && fb_job_note_set(db, *id, NULL, e->note, err) < 0)
		return -1;
	return 0;
}

int
fb_timelog_check_editable(const struct fb_timelog_entry *e, struct fb_err *err)
{
	if (e->invoice_id == 0 || (e->invoice_status &&
				   strcmp(e->invoice_status, "void") == 0))
		return 0;
	if (e->invoice)
		return fb_err_set(err, FB_ERR_REFUSED, "entry %lld is invoiced on %s",
				  (long long)e->id, e->invoice);
	fb_err_set(err, FB_ERR_REFUSED, "entry %lld is on draft invoice %lld",
		   (long long)e->id, (long long)e->invoice_id);
	fb_err_hint(err, "release the draft's work with 'fixbill invoice discard %lld', then re-create it",
		    (long long)e->invoice_id);
	return -1;
}

int
fb_timelog_update(struct fb_db *db, const struct fb_timelog_entry *old,
		  const struct fb_timelog_entry *e, int flags, int64_t now,
		  struct fb_err *err)
{
	struct fb_stmt *st;

	if (fb_timelog_check_editable(old, err) < 0 ||
	    check_rules(db, old, e, flags, now, err) < 0)
		return -1;
	st = fb_db_prepare(db,
		"UPDATE entries SET job_id = ?1, tech_id = ?2, start = ?3, stop = ?4,"
		" billable = ?5, nocharge = ?6, note = ?7 WHERE id = ?8", err);
	if (st == NULL)
		return -1;
	bind_entry(st, e);
	fb_stmt_bind_int(st, 8, old->id);
	if (run(st, err) < 0) {
		fb_err_prefix(err, "cannot edit entry %lld", (long long)old->id);
		return -1;
	}
	if (((old->note == NULL) != (e->note == NULL) ||
	     (old->note && strcmp(old->note, e->note) != 0)) &&
	    fb_job_note_set(db, old->id, old->note, e->note, err) < 0)
		return -1;
	/*
	 * An invoiced job has nothing left to bill, and the next invoice
	 * looks only at resolved jobs: a non-billable entry of one made
	 * billable gives it work to bill again (as a void does).
	 */
	if (e->billable && !old->billable &&
	    fb_db_exec(db, err, "UPDATE jobs SET status = 'resolved'"
		       " WHERE id = ? AND status = 'invoiced'", "i", e->job_id) < 0)
		return -1;
	return 0;
}

int
fb_timelog_stop(struct fb_db *db, struct fb_timelog_entry *e, int64_t stop,
		const char *note, int flags, int64_t now, struct fb_err *err)
{
	if (stop <= e->start) {
		char *a = fb_when_short(stop), *b = fb_when_short(e->start);

		fb_err_set(err, FB_ERR_REFUSED,
			   "cannot stop the timer of '%s' at %s: it started at %s",
			   e->tech, a, b);
		free(a);
		free(b);
		return -1;
	}
	if (fb_timelog_check_note(note, err) < 0)
		return -1;
	if (fb_when_check_past(stop, now, err) < 0) {
		fb_err_prefix(err, "cannot stop the timer of '%s'", e->tech);
		return -1;
	}
	if (!(flags & FB_TIMELOG_ALLOW_OVERLAP) &&
	    fb_timelog_check_overlap(db, e->tech_id, e->start, stop, 0, e->id,
				     now, err) < 0)
		return -1;
	if (fb_db_exec(db, err,
		       "UPDATE entries SET stop = ?1, note = coalesce(?2, note) WHERE id = ?3",
		       "iti", stop, note, e->id) < 0 ||
	    (note && fb_job_note_set(db, e->id, e->note, note, err) < 0))
		return -1;
	e->running = 0;
	e->stop = stop;
	if (note) {
		free(e->note);
		e->note = fb_xstrdup(note);
	}
	return 0;
}

int
fb_timelog_edit(struct fb_db *db, int64_t id, const struct fb_timelog_edit *ed,
		int flags, int64_t now, struct fb_err *err)
{
	struct fb_timelog_entry old, e;
	int rc = -1;

	if (fb_timelog_get(db, id, &old, err) < 0)
		return -1;
	if (fb_timelog_check_editable(&old, err) < 0)
		goto out;
	if (old.running && (ed->has_end || ed->has_duration)) {
		fb_err_set(err, FB_ERR_REFUSED, "cannot edit entry %lld: it is a running timer",
			   (long long)id);
		fb_err_hint(err, "stop it with 'fixbill time stop', or cancel it with 'fixbill time cancel'");
		goto out;
	}
	fb_timelog_entry_init(&e);
	e.job_id = ed->job_id ? ed->job_id : old.job_id;
	e.tech_id = old.tech_id;
	e.running = old.running;
	e.start = ed->has_start ? ed->start : old.start;
	e.stop = ed->has_end ? ed->end : old.stop;
	if (ed->has_duration && ed->has_end && !ed->has_start)
		e.start = e.stop - ed->duration;
	else if (ed->has_duration)
		e.stop = e.start + ed->duration;
	e.billable = ed->billable >= 0 ? ed->billable : old.billable;
	e.nocharge = ed->nocharge >= 0 ? ed->nocharge : old.nocharge;
	if (ed->note)
		e.note = *ed->note ? (char *)ed->note : NULL;
	else
		e.note = old.note;
	if (ed->tech) {
		struct fb_tech tech;

		if (fb_tech_require(db, ed->tech, &tech, err) < 0)
			goto out;
		e.tech_id = tech.id;
		fb_tech_release(&tech);
	}
	if (!e.running && e.stop <= e.start) {
		fb_err_set(err, FB_ERR_USAGE, "cannot edit entry %lld: the end would not be"
			   " after the start", (long long)id);
		goto out;
	}
	rc = fb_timelog_update(db, &old, &e, flags, now, err);
out:
	fb_timelog_entry_release(&old);
	return rc;
}

int
fb_timelog_delete(struct fb_db *db, const struct fb_timelog_entry *e,
		  struct fb_err *err)
{
	if (fb_timelog_check_editable(e, err) < 0)
		return -1;
	if (fb_db_exec(db, err, "DELETE FROM entries WHERE id = ?1", "i", e->id) < 0) {
		fb_err_prefix(err, "cannot remove entry %lld", (long long)e->id);
		return -1;
	}
	return e->note ? fb_job_note_set(db, e->id, e->note, NULL, err) : 0;
}

int
fb_timelog_scope(const struct fb_timelog_filter *f)
{
	if (f->job_id)
		return 1;
	return f->client_id && !f->has_range ? 2 : 0;
}

int
fb_timelog_filter_bind(struct fb_db *db, const struct fb_timelog_filter *f,
		       struct fb_stmt *st, struct fb_err *err)
{
	int64_t tech_id = 0, one;
	int rc;

	if (f->job_id) {
		rc = fb_db_int(db, err, &one, "SELECT 1 FROM jobs WHERE id = ?1", "i", f->job_id);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return fb_err_set(err, FB_ERR_NOTFOUND, "unknown job '%lld'",
					  (long long)f->job_id);
	}
	if (f->tech) {
		rc = fb_db_int(db, err, &tech_id, "SELECT id FROM techs WHERE handle = ?1",
			       "t", f->tech);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			fb_err_set(err, FB_ERR_NOTFOUND, "unknown technician '%s'", f->tech);
			fb_err_hint(err, "'fixbill tech list' shows the technicians");
			return -1;
		}
	}
	fb_stmt_bind_int(st, 1, f->job_id);
	fb_stmt_bind_int(st, 2, f->client_id);
	fb_stmt_bind_int(st, 3, tech_id);
	fb_stmt_bind_int(st, 4, f->has_range ? f->from : INT64_MIN);
	fb_stmt_bind_int(st, 5, f->has_range ? f->to : INT64_MAX);
	fb_stmt_bind_int(st, 6, f->unbilled);
	return 0;
}

static const char *const list_sql[] =
	FB_TIMELOG_STATEMENTS(ENTRY_COLUMNS, " ORDER BY e.start, e.id");

int
fb_timelog_each(struct fb_db *db, const struct fb_timelog_filter *f,
		int (*fn)(const struct fb_timelog_entry *e, void *arg, struct fb_err *err),
		void *arg, struct fb_err *err)
{
	struct fb_stmt *st;
	int rc;

	/* A zero parameter filters nothing. */
	st = fb_db_prepare(db, list_sql[fb_timelog_scope(f)], err);
	if (st == NULL)
		return -1;
	if (fb_timelog_filter_bind(db, f, st, err) < 0) {
		fb_stmt_reset(st);
		return -1;
	}
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct fb_timelog_entry e;

		entry_from_row(st, &e);
		rc = fn(&e, arg, err);
		fb_timelog_entry_release(&e);
		if (rc < 0)
			break;
	}
	fb_stmt_reset(st);
	return rc < 0 ? -1 : 0;
}

void
fb_timelog_list_free(struct fb_timelog_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fb_timelog_entry_release(&v[i]);
	free(v);
}
