/*
 * time.c - `fixbill time`: the hours a shop bills.  A technician starts a
 * timer on a job and stops it, or logs work after the fact; entries can
 * be listed, corrected and removed until an invoice holds them.  A
 * running timer is a row in the database, so it survives reboots, and
 * each technician has at most one.  The rules themselves (overlaps,
 * invoiced work) live in lib/timelog.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "cmd.h"
#include "duration.h"
#include "export_time.h"
#include "import.h"
#include "invoice.h"
#include "output.h"
#include "job.h"
#include "json.h"
#include "table.h"
#include "timelog.h"
#include "when.h"

/* Longest note shown in a listing, in characters. */
#define NOTE_COLUMN 40

/* "09:15" when t falls on today's local date, else "2026-10-14 09:15". */
static char *
clock_text(int64_t t, int64_t now)
{
	struct fb_civil a, b;

	fb_utc_to_local(t, &a, NULL, NULL);
	fb_utc_to_local(now, &b, NULL, NULL);
	if (a.year == b.year && a.month == b.month && a.day == b.day)
		return fb_xasprintf("%02d:%02d", a.hour, a.min);
	return fb_when_short(t);
}

/* The --note value, checked; NULL when empty. */
static int
check_note(const char **note)
{
	struct fb_err err = FB_ERR_INIT;

	if (*note && **note == '\0')
		*note = NULL;
	if (fb_timelog_check_note(*note, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

static int
parse_entry_id(const char *s, int64_t *id)
{
	if (fb_parse_uint(s, INT64_MAX, id) < 0 || *id == 0)
		return cmd_error(FB_ERR_USAGE, "invalid entry number '%s'", s);
	return 0;
}

/* SPEC section 9: a time entry. */
static struct fb_json *
entry_json(const struct fb_timelog_entry *e, int64_t now)
{
	struct fb_json *o = fb_json_object();

	fb_json_set_int(o, "id", e->id);
	fb_json_set_int(o, "job", e->job_id);
	fb_json_set_str(o, "client", e->client);
	fb_json_set_str(o, "tech", e->tech);
	fb_json_set_time(o, "start", e->start, 0);
	fb_json_set_time(o, "end", e->stop, e->running);
	fb_json_set_int(o, "seconds", fb_timelog_seconds(e, now));
	fb_json_set_bool(o, "billable", e->billable);
	fb_json_set_bool(o, "nocharge", e->nocharge);
	fb_json_set_bool(o, "billed_elsewhere", e->billed_elsewhere);
	fb_json_set_str(o, "note", e->note);
	/* How `invoice show` names it: the number, or the id while a draft. */
	if (e->invoice_id == 0 || (e->invoice_status && strcmp(e->invoice_status, "void") == 0))
		fb_json_set_null(o, "invoice");
	else if (e->invoice)
		fb_json_set_str(o, "invoice", e->invoice);
	else {
		char *id = fb_xasprintf("%lld", (long long)e->invoice_id);

		fb_json_set_str(o, "invoice", id);
		free(id);
	}
	return o;
}

static void
print_entry_json(const struct fb_timelog_entry *e, int64_t now)
{
	struct fb_json *o = entry_json(e, now);

	fb_json_write(o, stdout);
	fb_json_free(o);
}

static char *
invoice_text(const struct fb_timelog_entry *e)
{
	if (e->invoice_id == 0 || (e->invoice_status && strcmp(e->invoice_status, "void") == 0))
		return NULL;
	if (e->invoice)
		return fb_xstrdup(e->invoice);
	return fb_xasprintf("draft %lld", (long long)e->invoice_id);
}

/* The show document for people: one "key: value" line each. */
/* The show document for people: one "key: value" line each. */
static void
print_entry(const struct fb_timelog_entry *e, int64_t now)
{
	char *start = fb_when_short(e->start);
	char *dur = fb_duration_format(fb_timelog_seconds(e, now));
	char *inv = invoice_text(e);

	printf("entry:     %lld\n", (long long)e->id);
	printf("job:       %lld (%s: ", (long long)e->job_id, e->client);
	cmd_put(e->title, 0);
	printf(")\ntech:      %s\n", e->tech);
	printf("start:     %s\n", start);
	if (e->running)
		printf("end:       running\n");
	else {
		char *end = fb_when_short(e->stop);

		printf("end:       %s\n", end);
		free(end);
	}
	printf("%-10s %s\n", e->running ? "elapsed:" : "duration:", dur);
	printf("billable:  %s%s\n", !e->billable ? "no" : e->nocharge ? "yes, no charge" : "yes",
	       e->billed_elsewhere ? ", billed elsewhere" : "");
	printf("invoice:   %s\n", inv ? inv : "-");
	if (e->note) {
		char *safe = fb_escape(e->note, 1);
		const char *p = safe, *nl;

		/* Later lines of a note are indented under the first. */
		fputs("note:      ", stdout);
		while ((nl = strchr(p, '\n')) != NULL) {
			printf("%.*s\n           ", (int)(nl - p), p);
			p = nl + 1;
		}
		printf("%s\n", p);
		free(safe);
	}
	free(start);
	free(dur);
	free(inv);
}

static void
print_stopped(struct cmd_ctx *ctx, const struct fb_timelog_entry *e)
{
	char *at = clock_text(e->stop, ctx->now);
	char *dur = fb_duration_format(e->stop - e->start);

	printf("stopped job %lld for %s at %s after %s (entry %lld)\n",
	       (long long)e->job_id, e->tech, at, dur, (long long)e->id);
	free(at);
	free(dur);
}

/* After a change: entry id as JSON with --json, else what said printed. */
static int
print_changed(struct cmd_ctx *ctx, int64_t id)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry e;

	if (fb_timelog_get(ctx->db, id, &e, &err) < 0)
		return cmd_fail(&err);
	print_entry_json(&e, ctx->now);
	fb_timelog_entry_release(&e);
	return 0;
}

/* A timer that would run past time.max_timer when stopped at stop: refused unless forced. */
static int
check_long(struct cmd_ctx *ctx, const struct fb_timelog_entry *r, int64_t stop, int force,
	   const char *hint, struct fb_err *err)
{
	if (force || fb_timelog_check_long(ctx->db, r, stop, err) == 0)
		return 0;
	if (err->code == FB_ERR_REFUSED)
		fb_err_hint(err, "%s", hint);
	return -1;
}

/*
 * Start a timer on job for tech at `at` (time start, time continue),
 * stopping the running one first with --switch.
 */
static int
start_timer(struct cmd_ctx *ctx, int64_t job, const struct fb_tech *tech, int64_t at,
	    const char *note, int flags, int switch_timer, int force)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry e, r;
	int64_t id;
	int rc, switched = 0;

	/* An unknown job says so even when a timer is running. */
	if (fb_timelog_check_job(ctx->db, job, &err) < 0 ||
	    (rc = fb_timelog_running(ctx->db, tech->id, &r, &err)) < 0)
		return cmd_fail(&err);
	if (rc == 1) {
		if (!switch_timer) {
			fb_err_set(&err, FB_ERR_REFUSED, "timer already running for '%s' on job %lld",
				   r.tech, (long long)r.job_id);
			fb_err_hint(&err, "stop it first with 'fixbill time stop', or start with --switch");
			rc = -1;
		} else if (check_long(ctx, &r, at, force, "stop it at its real end first"
				      " ('fixbill time stop --at WHEN'), or start with --force",
				      &err) < 0)
			rc = -1;
		else
			rc = fb_timelog_stop(ctx->db, &r, at, NULL, flags, ctx->now, &err);
		if (rc < 0) {
			fb_timelog_entry_release(&r);
			return cmd_fail(&err);
		}
		switched = 1;
	}
	fb_timelog_entry_init(&e);
	e.job_id = job;
	e.tech_id = tech->id;
	e.start = at;
	e.running = 1;
	e.note = (char *)note;
	if (fb_timelog_insert(ctx->db, &e, flags, ctx->now, &id, &err) < 0)
		rc = cmd_fail(&err);
	else if (ctx->json)
		rc = print_changed(ctx, id);
	else {
		rc = 0;
		if (!ctx->quiet) {
			char *when = clock_text(at, ctx->now);

			if (switched)
				print_stopped(ctx, &r);
			printf("started job %lld for %s at %s (entry %lld)\n",
			       (long long)job, tech->handle, when, (long long)id);
			free(when);
		}
	}
	if (switched)
		fb_timelog_entry_release(&r);
	return rc;
}

struct start_opts {
	const char *note;
	struct opt_num at;
	const char *tech;
	int switch_timer, force, allow_overlap;
	int64_t job;
};

static int
check_start(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct start_opts *o = opts;

	if (strcmp(ctx->verb->name, "start") == 0 &&
	    fb_job_parse_id(ctx->argv[0], &o->job, &err) < 0)
		return cmd_fail(&err);
	return check_note(&o->note);
}

static int
time_start(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct start_opts *o = opts;
	struct fb_tech tech;
	int64_t at = o->at.arg ? o->at.v : ctx->now;
	int rc;

	if (fb_tech_require(ctx->db, o->tech, &tech, &err) < 0)
		return cmd_fail(&err);
	rc = start_timer(ctx, o->job, &tech, at, o->note,
			 o->allow_overlap ? FB_TIMELOG_ALLOW_OVERLAP : 0, o->switch_timer, o->force);
	fb_tech_release(&tech);
	return rc;
}

/* time continue: a new timer on the job of the technician's last entry. */
static int
time_continue(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct start_opts *o = opts;
	struct fb_tech tech;
	int64_t at = o->at.arg ? o->at.v : ctx->now, job;
	int rc;

	if (fb_tech_require(ctx->db, o->tech, &tech, &err) < 0)
		return cmd_fail(&err);
	if ((rc = fb_timelog_last_job(ctx->db, tech.id, &job, &err)) <= 0) {
		if (rc == 0) {
			fb_err_set(&err, FB_ERR_REFUSED, "nothing to continue: '%s' has logged no time",
				   tech.handle);
			fb_err_hint(&err, "start a timer with 'fixbill time start JOB'");
		}
		fb_tech_release(&tech);
		return cmd_fail(&err);
	}
	rc = start_timer(ctx, job, &tech, at, o->note,
			 o->allow_overlap ? FB_TIMELOG_ALLOW_OVERLAP : 0, o->switch_timer, o->force);
	fb_tech_release(&tech);
	return rc;
}

/* The running timer of the command's technician, or a refusal. */
static int
running_timer(struct cmd_ctx *ctx, const char *handle, struct fb_timelog_entry *r,
	      struct fb_err *err)
{
	struct fb_tech tech;
	int rc;

	if (fb_tech_require(ctx->db, handle, &tech, err) < 0)
		return -1;
	if ((rc = fb_timelog_running(ctx->db, tech.id, r, err)) != 0) {
		fb_tech_release(&tech);
		return rc < 0 ? -1 : 0;
	}
	fb_err_set(err, FB_ERR_REFUSED, "no timer running for '%s'", tech.handle);
	fb_err_hint(err, "start one with 'fixbill time start JOB'");
	fb_tech_release(&tech);
	return -1;
}

struct stop_opts {
	struct opt_num at;
	const char *note;
	const char *tech;
	int force, allow_overlap;
};

static int
check_stop(struct cmd_ctx *ctx, void *opts)
{
	struct stop_opts *o = opts;

	(void)ctx;
	return check_note(&o->note);
}

static int
time_stop(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct stop_opts *o = opts;
	struct fb_timelog_entry r;
	int64_t at = o->at.arg ? o->at.v : ctx->now;

	if (running_timer(ctx, o->tech, &r, &err) < 0)
		return cmd_fail(&err);
	/* A timer forgotten overnight must not bill the night. */
	if (check_long(ctx, &r, at, o->force, "give its real end with --at WHEN,"
		       " or --force if it really ran that long", &err) < 0 ||
	    fb_timelog_stop(ctx->db, &r, at, o->note,
			    o->allow_overlap ? FB_TIMELOG_ALLOW_OVERLAP : 0, ctx->now, &err) < 0) {
		fb_timelog_entry_release(&r);
		return cmd_fail(&err);
	}
	if (ctx->json)
		print_entry_json(&r, ctx->now);
	else if (!ctx->quiet)
		print_stopped(ctx, &r);
	fb_timelog_entry_release(&r);
	return 0;
}

struct tech_opts {
	const char *tech;
	int all;
};

/* time status --all: every running timer. */
static int
status_all(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry *v;
	struct fb_json *arr = NULL;
	struct fb_table t;
	size_t n;

	if (fb_timelog_running_all(ctx->db, &v, &n, &err) < 0)
		return cmd_fail(&err);
	fb_table_init(&t);
	fb_table_col(&t, "tech", NULL, FB_COL_TEXT);
	fb_table_col(&t, "job", NULL, FB_COL_INT);
	fb_table_col(&t, "client", NULL, FB_COL_TEXT);
	fb_table_col(&t, "started", NULL, FB_COL_TEXT);
	fb_table_col(&t, "elapsed", NULL, FB_COL_TEXT);
	if (ctx->json)
		arr = fb_json_array();
	for (size_t i = 0; i < n; i++) {
		int64_t secs = fb_timelog_seconds(&v[i], ctx->now);

		if (arr) {
			struct fb_json *o = fb_json_object();

			fb_json_set_str(o, "tech", v[i].tech);
			fb_json_set_int(o, "job", v[i].job_id);
			fb_json_set_str(o, "client", v[i].client);
			fb_json_set_time(o, "start", v[i].start, 0);
			fb_json_set_int(o, "elapsed_seconds", secs);
			fb_json_push(arr, o);
		} else if (ctx->quiet)
			printf("%s\n", v[i].tech);
		else {
			fb_table_row(&t);
			fb_table_set(&t, 0, v[i].tech);
			fb_table_setf(&t, 1, "%lld", (long long)v[i].job_id);
			fb_table_set(&t, 2, v[i].client);
			fb_table_take(&t, 3, fb_when_short(v[i].start));
			fb_table_take(&t, 4, fb_duration_format(secs));
		}
	}
	if (!arr && !ctx->quiet && n == 0)
		printf("no timer running\n");
	cmd_print_list(ctx, arr, &t);
	fb_timelog_list_free(v, n);
	return 0;
}

static int
check_status(struct cmd_ctx *ctx, void *opts)
{
	struct tech_opts *o = opts;

	(void)ctx;
	if (o->all && o->tech)
		return cmd_error(FB_ERR_USAGE, "options '--all' and '--tech' cannot be combined");
	return 0;
}

static int
time_status(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct tech_opts *o = opts;
	struct fb_timelog_entry r;
	struct fb_tech tech;
	int rc;

	if (o->all)
		return status_all(ctx);
	if (fb_tech_require(ctx->db, o->tech, &tech, &err) < 0)
		return cmd_fail(&err);
	rc = fb_timelog_running(ctx->db, tech.id, &r, &err);
	fb_tech_release(&tech);
	if (rc < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *j = fb_json_object();

		fb_json_set_bool(j, "running", rc);
		if (rc) {
			fb_json_set(j, "entry", entry_json(&r, ctx->now));
			fb_json_set_int(j, "elapsed_seconds", fb_timelog_seconds(&r, ctx->now));
		} else {
			fb_json_set_null(j, "entry");
			fb_json_set_null(j, "elapsed_seconds");
		}
		fb_json_write(j, stdout);
		fb_json_free(j);
	} else if (!ctx->quiet) {
		if (rc)
			print_entry(&r, ctx->now);
		else
			printf("no timer running\n");
	}
	fb_timelog_entry_release(&r);
	return 0;
}

static int
time_cancel(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct tech_opts *o = opts;
	struct fb_timelog_entry r;

	if (running_timer(ctx, o->tech, &r, &err) < 0)
		return cmd_fail(&err);
	if (fb_timelog_delete(ctx->db, &r, &err) < 0) {
		fb_timelog_entry_release(&r);
		return cmd_fail(&err);
	}
	if (ctx->json)
		print_entry_json(&r, ctx->now);
	else if (!ctx->quiet) {
		char *when = clock_text(r.start, ctx->now);
		char *dur = fb_duration_format(fb_timelog_seconds(&r, ctx->now));

		printf("cancelled the timer on job %lld for %s started at %s (%s discarded)\n",
		       (long long)r.job_id, r.tech, when, dur);
		free(when);
		free(dur);
	}
	fb_timelog_entry_release(&r);
	return 0;
}

struct add_opts {
	struct opt_num start, end;
	const char *note;
	const char *tech;
	int nonbillable, nocharge, allow_overlap;
	int64_t job, secs;
};

static int
check_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct add_opts *o = opts;
	int has_dur = ctx->argc > 1, rc;

	if (fb_job_parse_id(ctx->argv[0], &o->job, &err) < 0 ||
	    (has_dur && fb_duration_parse(ctx->argv[1], &o->secs, &err) < 0))
		return cmd_fail(&err);
	if ((rc = check_note(&o->note)) != 0)
		return rc;
	if (has_dur && o->start.arg && o->end.arg)
		return cmd_error(FB_ERR_USAGE, "cannot add entry: give DURATION or --start and --end,"
				 " not all three");
	/* --start alone: from then until now. */
	if (!has_dur && !o->start.arg) {
		cmd_error(FB_ERR_USAGE, "cannot add entry: give a DURATION, or --start");
		cmd_hint("e.g. 'fixbill time add %s 1h30m', or '--start 09:00' for 09:00 until now",
			 ctx->argv[0]);
		return FB_ERR_USAGE;
	}
	return 0;
}

static int
time_add(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct add_opts *o = opts;
	struct fb_timelog_entry e;
	struct fb_tech tech;
	int64_t start = o->start.v, end = o->end.arg ? o->end.v : ctx->now, id;
	int has_dur = ctx->argc > 1;

	if (has_dur && o->start.arg)
		end = start + o->secs;
	else if (has_dur)
		start = end - o->secs;
	else if (end <= start) {
		char *a = fb_when_short(start), *b = fb_when_short(end);

		cmd_error(FB_ERR_USAGE, "cannot add entry: end %s is not after start %s", b, a);
		free(a);
		free(b);
		return FB_ERR_USAGE;
	}
	if (fb_tech_require(ctx->db, o->tech, &tech, &err) < 0)
		return cmd_fail(&err);
	fb_timelog_entry_init(&e);
	e.job_id = o->job;
	e.tech_id = tech.id;
	e.start = start;
	e.stop = end;
	e.billable = !o->nonbillable;
	e.nocharge = o->nocharge;
	e.note = (char *)o->note;
	fb_tech_release(&tech);
	if (fb_timelog_insert(ctx->db, &e, o->allow_overlap ? FB_TIMELOG_ALLOW_OVERLAP : 0,
			      ctx->now, &id, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json)
		return print_changed(ctx, id);
	if (!ctx->quiet)
		printf("entry %lld\n", (long long)id);
	return 0;
}

/* First line of a note, cut to NOTE_COLUMN characters. */
static char *
note_cell(const char *note)
{
	size_t len = strcspn(note, "\n"), i, chars = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)note[i] & 0xc0) != 0x80 && chars++ == NOTE_COLUMN)
			break;
	}
	if (i < len || note[len] == '\n')
		return fb_xasprintf("%.*s...", (int)i, note);
	return fb_xstrndup(note, len);
}

static char *
flags_cell(const struct fb_timelog_entry *e)
{
	struct fb_buf b = FB_BUF_INIT;
	char *inv = invoice_text(e);

	if (e->running)
		fb_buf_adds(&b, "running,");
	if (!e->billable)
		fb_buf_adds(&b, "nonbillable,");
	if (e->nocharge)
		fb_buf_adds(&b, "nocharge,");
	if (e->billed_elsewhere)
		fb_buf_adds(&b, "billed-elsewhere,");
	if (inv)
		fb_buf_addf(&b, "%s,", inv);
	free(inv);
	if (b.len == 0) {
		fb_buf_release(&b);
		return NULL;
	}
	b.buf[--b.len] = '\0';
	return fb_buf_detach(&b);
}

/* The filters list and export share, and export's own options. */
struct filter_opts {
	const char *job, *client, *tech;
	struct opt_period started;
	int unbilled;
	const char *format, *output;
	int64_t job_id;
	int export_format;
};

static int
check_filter(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct filter_opts *o = opts;

	(void)ctx;
	if (o->job && fb_job_parse_id(o->job, &o->job_id, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

/* The filter of list and export, the client found by its code. */
static int
entry_filter(struct cmd_ctx *ctx, const struct filter_opts *o, struct fb_timelog_filter *f)
{
	struct fb_err err = FB_ERR_INIT;

	memset(f, 0, sizeof(*f));
	f->job_id = o->job_id;
	f->has_range = o->started.set;
	f->from = o->started.v.start;
	f->to = o->started.v.end;
	if (o->client) {
		struct fb_client c;

		memset(&c, 0, sizeof(c));
		if (fb_client_find(ctx->db, o->client, &c, &err) < 0)
			return cmd_fail(&err);
		f->client_id = c.id;
		fb_client_release(&c);
	}
	f->tech = o->tech;
	f->unbilled = o->unbilled;
	return 0;
}

/*
 * time list prints as it reads: years of entries would not fit in
 * memory.  A table holds up to LIST_HOLD rows; a longer one is read
 * twice, in the verb's one snapshot: first to measure its columns, then
 * to print them.
 */
#define LIST_HOLD 16384

struct list {
	struct cmd_ctx *ctx;
	struct fb_table t;
	size_t width[9];
	int measured;		/* too long to hold: read again to print */
	int print;		/* the second pass */
	size_t n;
	int64_t total;
	struct fb_json_stream js;
};

static int
list_entry(const struct fb_timelog_entry *e, void *arg, struct fb_err *err)
{
	struct list *l = arg;
	struct fb_table *t = &l->t;
	int64_t secs;
	char *start;

	(void)err;
	if (l->ctx->json) {
		fb_json_stream_push(&l->js, entry_json(e, l->ctx->now));
		return 0;
	}
	if (l->ctx->quiet) {
		printf("%lld\n", (long long)e->id);
		return 0;
	}
	secs = fb_timelog_seconds(e, l->ctx->now);
	start = fb_when_short(e->start);
	l->n++;
	l->total += secs;
	fb_table_row(t);
	fb_table_setf(t, 0, "%lld", (long long)e->id);
	fb_table_setf(t, 1, "%lld", (long long)e->job_id);
	fb_table_set(t, 2, e->client);
	fb_table_set(t, 3, e->tech);
	if (!e->running) {
		char *end = fb_when_short(e->stop);

		/* The end's date only when it differs from the start's. */
		if (strncmp(start, end, 10) == 0)
			fb_table_set(t, 5, end + 11);
		else
			fb_table_set(t, 5, end);
		free(end);
	}
	fb_table_take(t, 4, start);
	fb_table_take(t, 6, fb_duration_format(secs));
	fb_table_take(t, 7, flags_cell(e));
	if (e->note)
		fb_table_take(t, 8, note_cell(e->note));
	if (l->print)
		fb_table_print_rows(t, l->width, stdout, l->ctx->color);
	else if (l->measured || t->nrows > LIST_HOLD) {
		fb_table_measure(t, l->width);
		l->measured = 1;
	}
	return 0;
}

/* The totals row, last. */
static void
list_total(struct list *l)
{
	struct fb_table *t = &l->t;

	fb_table_row(t);
	t->has_total = 1;
	fb_table_set(t, 0, "total");
	for (size_t c = 1; c < 9; c++)
		fb_table_set(t, c, "");
	fb_table_take(t, 6, fb_duration_format(l->total));
	fb_table_setf(t, 8, "%zu entr%s", l->n, l->n == 1 ? "y" : "ies");
}

static int
time_list(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_filter f;
	struct list l;
	int rc;

	if ((rc = entry_filter(ctx, opts, &f)) != 0)
		return rc;
	memset(&l, 0, sizeof(l));
	l.ctx = ctx;
	fb_table_init(&l.t);
	fb_table_col(&l.t, "id", NULL, FB_COL_INT);
	fb_table_col(&l.t, "job", NULL, FB_COL_INT);
	fb_table_col(&l.t, "client", NULL, FB_COL_TEXT);
	fb_table_col(&l.t, "tech", NULL, FB_COL_TEXT);
	fb_table_col(&l.t, "start", NULL, FB_COL_TEXT);
	fb_table_col(&l.t, "end", NULL, FB_COL_TEXT);
	fb_table_col(&l.t, "duration", NULL, FB_COL_NUMBER);
	fb_table_col(&l.t, "flags", NULL, FB_COL_TEXT);
	fb_table_col(&l.t, "note", NULL, FB_COL_TEXT);
	if (ctx->json)
		fb_json_stream_begin(&l.js, stdout);
	if (fb_timelog_each(ctx->db, &f, list_entry, &l, &err) < 0)
		rc = cmd_fail(&err);
	else if (ctx->json)
		fb_json_stream_end(&l.js);
	else if (!ctx->quiet && l.n > 0 && !l.measured) {
		list_total(&l);
		fb_table_print(&l.t, stdout, ctx->color);
	} else if (!ctx->quiet && l.n > 0) {
		list_total(&l);
		fb_table_measure(&l.t, l.width);
		fb_table_print_head(&l.t, l.width, stdout, ctx->color);
		l.print = 1;
		l.n = 0;
		l.total = 0;
		if (fb_timelog_each(ctx->db, &f, list_entry, &l, &err) < 0)
			rc = cmd_fail(&err);
		else {
			list_total(&l);
			fb_table_print_rows(&l.t, l.width, stdout, ctx->color);
		}
	}
	fb_table_release(&l.t);
	return rc;
}

struct id_opts {
	int64_t id;
};

static int
check_id(struct cmd_ctx *ctx, void *opts)
{
	struct id_opts *o = opts;

	return parse_entry_id(ctx->argv[0], &o->id);
}

static int
time_show(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct id_opts *o = opts;
	struct fb_timelog_entry e;

	if (fb_timelog_get(ctx->db, o->id, &e, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json)
		print_entry_json(&e, ctx->now);
	else
		print_entry(&e, ctx->now);
	fb_timelog_entry_release(&e);
	return 0;
}

struct edit_opts {
	const char *job;
	struct opt_num start, end, duration;
	const char *note, *tech;
	int billable, nonbillable, charge, nocharge, allow_overlap;
	int64_t id;
	struct fb_timelog_edit ed;
};

/* What the options ask of lib's edit, checked before any database is opened. */
static int
check_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct edit_opts *o = opts;
	struct fb_timelog_edit *ed = &o->ed;

	if (parse_entry_id(ctx->argv[0], &o->id) != 0)
		return FB_ERR_USAGE;
	if (!o->job && !o->start.arg && !o->end.arg && !o->duration.arg && !o->note &&
	    !o->tech && !o->billable && !o->nonbillable && !o->charge && !o->nocharge) {
		cmd_error(FB_ERR_USAGE, "cannot edit entry %lld: nothing to change", (long long)o->id);
		cmd_hint("see 'fixbill time edit -h'");
		return FB_ERR_USAGE;
	}
	if (o->job && fb_job_parse_id(o->job, &ed->job_id, &err) < 0)
		return cmd_fail(&err);
	if (o->duration.arg && o->start.arg && o->end.arg)
		return cmd_error(FB_ERR_USAGE,
				 "cannot edit entry %lld: give --duration with --start or --end, not both",
				 (long long)o->id);
	if (o->note && fb_timelog_check_note(o->note, &err) < 0)
		return cmd_fail(&err);
	ed->note = o->note;
	ed->tech = o->tech;
	ed->billable = o->billable ? 1 : o->nonbillable ? 0 : -1;
	ed->nocharge = o->nocharge ? 1 : o->charge ? 0 : -1;
	return 0;
}

static int
time_edit(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct edit_opts *o = opts;
	struct fb_timelog_edit *ed = &o->ed;

	ed->has_start = o->start.arg != NULL;
	ed->start = o->start.v;
	ed->has_end = o->end.arg != NULL;
	ed->end = o->end.v;
	ed->has_duration = o->duration.arg != NULL;
	ed->duration = o->duration.v;
	if (fb_timelog_edit(ctx->db, o->id, ed, o->allow_overlap ? FB_TIMELOG_ALLOW_OVERLAP : 0,
			    ctx->now, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json)
		return print_changed(ctx, o->id);
	if (!ctx->quiet)
		printf("updated entry %lld\n", (long long)o->id);
	return 0;
}

static int
time_rm(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct id_opts *o = opts;
	struct fb_timelog_entry e;

	if (fb_timelog_get(ctx->db, o->id, &e, &err) < 0)
		return cmd_fail(&err);
	if (fb_timelog_delete(ctx->db, &e, &err) < 0) {
		fb_timelog_entry_release(&e);
		return cmd_fail(&err);
	}
	if (ctx->json)
		print_entry_json(&e, ctx->now);
	else if (!ctx->quiet) {
		char *dur = fb_duration_format(fb_timelog_seconds(&e, ctx->now));

		printf("removed entry %lld (%s on job %lld)\n", (long long)o->id, dur,
		       (long long)e.job_id);
		free(dur);
	}
	fb_timelog_entry_release(&e);
	return 0;
}

/*
 * time import and time export.
 */

struct import_ui {
	const char *name;
	char *shown_name;	/* name with control characters escaped */
	uint64_t size;		/* bytes, 0: no bar */
	int shown;		/* percent drawn, -1 none yet */
	const char *guessed;	/* the format, when it was guessed */
};

static void
import_progress(void *arg, uint64_t bytes)
{
	struct import_ui *ui = arg;
	static const char bar[] = "########################################";
	int pct;

	if (ui->size == 0)
		return;
	pct = bytes >= ui->size ? 100 : (int)(bytes * 100 / ui->size);
	if (pct == ui->shown)
		return;
	ui->shown = pct;
	fprintf(stderr, "\rimporting '%s' [%-40.*s] %3d%%", ui->shown_name, pct * 40 / 100, bar,
		pct);
	if (pct == 100)
		fputc('\n', stderr);
}

static void
import_guessed(void *arg, enum fb_import_format f)
{
	struct import_ui *ui = arg;

	ui->guessed = fb_import_format_name(f);
}

/* "3 entries", "1 job". */
static void
count_text(struct fb_buf *b, int64_t n, const char *one, const char *many)
{
	fb_buf_addf(b, "%lld %s", (long long)n, n == 1 ? one : many);
}

struct import_opts {
	const char *format;
	int dry_run, create_clients, create_techs, billed_elsewhere;
	const char *tech;
	int fmt;
};

static int
check_import(struct cmd_ctx *ctx, void *opts)
{
	struct import_opts *o = opts;
	struct stat sb;

	/* How much it will write, for the database to prepare (fb_db_begin_bulk). */
	if (strcmp(ctx->argv[0], "-") != 0 && stat(ctx->argv[0], &sb) == 0 &&
	    S_ISREG(sb.st_mode))
		ctx->bulk_bytes = sb.st_size;
	o->fmt = FB_IMPORT_GUESS;
	if (o->format && (o->fmt = fb_import_format_parse(o->format)) < 0) {
		cmd_error(FB_ERR_USAGE, "invalid format '%s'", o->format);
		cmd_hint("formats: csv, timeclock, timewarrior, toggl, watson");
		return FB_ERR_USAGE;
	}
	if (o->tech && !fb_tech_handle_valid(o->tech))
		return cmd_error(FB_ERR_USAGE, "invalid technician handle '%s':"
				 " use 1-32 lowercase letters, digits, '.', '-' and '_'", o->tech);
	return 0;
}

/* Main began a bulk transaction; it commits it unless this is a dry run. */
static int
time_import(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct import_opts *o = opts;
	struct fb_import_opts io;
	struct fb_import_result res;
	struct import_ui ui;
	const char *path = ctx->argv[0];
	FILE *fp;
	int rc;

	memset(&ui, 0, sizeof(ui));
	ui.shown = -1;
	if (strcmp(path, "-") == 0) {
		fp = stdin;
		ui.name = "stdin";
	} else {
		struct stat sb;

		if ((fp = fopen(path, "r")) == NULL)
			return cmd_error(FB_ERR_RUNTIME, "cannot open '%s': %s", path, strerror(errno));
		ui.name = path;
		/* About ten thousand rows: a bar is worth drawing. */
		if (!ctx->quiet && isatty(STDERR_FILENO) && fstat(fileno(fp), &sb) == 0 &&
		    S_ISREG(sb.st_mode) && sb.st_size > 1024 * 1024)
			ui.size = (uint64_t)sb.st_size;
	}
	ui.shown_name = cmd_esc(ui.name);
	memset(&io, 0, sizeof(io));
	io.name = ui.name;
	io.format = (enum fb_import_format)o->fmt;
	io.tech = o->tech;
	io.create_clients = o->create_clients;
	io.create_techs = o->create_techs;
	io.billed_elsewhere = o->billed_elsewhere;
	io.now = ctx->now;
	io.progress = import_progress;
	io.progress_arg = &ui;
	io.guessed = import_guessed;
	io.guessed_arg = &ui;
	rc = fb_import(ctx->db, fp, &io, &res, &err);
	if (fp != stdin)
		fclose(fp);
	if (ui.shown >= 0 && ui.shown < 100)
		fputc('\n', stderr);
	/*
	 * Which format was guessed is said once the import is done, or as a
	 * hint under the error when a wrong guess may be why it failed.
	 */
	if (rc < 0) {
		rc = cmd_fail(&err);
		if (ui.guessed)
			cmd_hint("read '%s' as %s (guessed); give --format if that is wrong",
				 ui.name, ui.guessed);
		free(ui.shown_name);
		return rc;
	}
	if (ui.guessed && !ctx->quiet)
		fprintf(stderr, "reading '%s' as %s\n", ui.shown_name, ui.guessed);
	if (res.running > 0)
		cmd_warning("%s: left out %lld interval%s still running (element %ld)", ui.name,
			    (long long)res.running, res.running == 1 ? "" : "s", res.first_running);
	if (res.overlaps > 0) {
		cmd_warning("%s: %lld imported entr%s overlap%s other entries of the same technician",
			    ui.name, (long long)res.overlaps, res.overlaps == 1 ? "y" : "ies",
			    res.overlaps == 1 ? "s" : "");
		cmd_hint("'fixbill time list --tech HANDLE' shows them");
	}
	free(ui.shown_name);
	if (ctx->json) {
		struct fb_json *j = fb_json_object();

		fb_json_set_int(j, "imported", res.imported);
		fb_json_set_int(j, "skipped", res.skipped);
		fb_json_set_int(j, "running_skipped", res.running);
		fb_json_set_int(j, "overlaps", res.overlaps);
		fb_json_set_int(j, "jobs_created", res.jobs_created);
		fb_json_set_int(j, "clients_created", res.clients_created);
		fb_json_set_int(j, "techs_created", res.techs_created);
		fb_json_set_str(j, "format", fb_import_format_name(res.format));
		fb_json_set_bool(j, "dry_run", o->dry_run);
		fb_json_write(j, stdout);
		fb_json_free(j);
	} else if (!ctx->quiet) {
		struct fb_buf b = FB_BUF_INIT;
		const char *sep = ", created ";

		fb_buf_adds(&b, "imported ");
		count_text(&b, res.imported, "entry", "entries");
		if (res.skipped)
			fb_buf_addf(&b, " (%lld skipped as already present)", (long long)res.skipped);
		if (res.jobs_created) {
			fb_buf_adds(&b, sep);
			count_text(&b, res.jobs_created, "job", "jobs");
			sep = ", ";
		}
		if (res.clients_created) {
			fb_buf_adds(&b, sep);
			count_text(&b, res.clients_created, "client", "clients");
			sep = ", ";
		}
		if (res.techs_created) {
			fb_buf_adds(&b, sep);
			count_text(&b, res.techs_created, "technician", "technicians");
		}
		if (o->dry_run)
			fb_buf_adds(&b, " (dry run: nothing stored)");
		printf("%s\n", fb_buf_str(&b));
		fb_buf_release(&b);
	}
	return 0;
}

static int
check_export(struct cmd_ctx *ctx, void *opts)
{
	struct filter_opts *o = opts;
	int rc;

	if ((rc = check_filter(ctx, opts)) != 0)
		return rc;
	o->export_format = FB_TIME_EXPORT_CSV;
	if (o->format && (o->export_format = fb_time_export_format_parse(o->format)) < 0) {
		cmd_error(FB_ERR_USAGE, "invalid format '%s'", o->format);
		cmd_hint("formats: csv, timeclock, json");
		return FB_ERR_USAGE;
	}
	return 0;
}

/* time mark-billed: work through a date recorded as billed outside fixbill. */
struct mark_opts {
	struct opt_date through;
	const char *client;
};

static int
time_mark_billed(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct mark_opts *o = opts;
	struct fb_client c;
	int64_t n = 0;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = (o->client && fb_client_find(ctx->db, o->client, &c, &err) < 0) ||
	     fb_invoice_mark_elsewhere(ctx->db, c.id, o->through.arg, ctx->now, &n, &err) < 0;
	fb_client_release(&c);
	if (rc)
		return cmd_fail(&err);
	if (!ctx->quiet)
		printf("marked %lld entr%s as billed elsewhere\n", (long long)n, n == 1 ? "y" : "ies");
	return 0;
}

static int
time_export(struct cmd_ctx *ctx, void *opts)
{
	struct fb_err err = FB_ERR_INIT;
	struct filter_opts *o = opts;
	struct fb_timelog_filter f;
	struct fb_output out = FB_OUTPUT_INIT;
	int rc;

	if ((rc = entry_filter(ctx, o, &f)) != 0)
		return rc;
	if (fb_output_open(&out, o->output, fb_db_path(ctx->db), &err) < 0)
		return cmd_fail(&err);
	if (fb_export_time(ctx->db, &f, (enum fb_time_export_format)o->export_format, ctx->now,
			   out.fp, NULL, &err) < 0) {
		fb_output_abort(&out);
		return cmd_fail(&err);
	}
	if (fb_output_commit(&out, &err) < 0)
		return cmd_fail(&err);
	return 0;
}

#define TECH_OPT { OPT_STRING(0, "tech", tech, "HANDLE", \
	"technician (default $FIXBILL_TECH, else your login name)"), .complete = "@tech" }
#define NOTE_OPT { OPT_STRING(0, "note", note, "TEXT", "what was done") }
#define OVERLAP_OPT { OPT_BOOL(0, "allow-overlap", allow_overlap, \
	"log it even if it overlaps the technician's other entries") }

#define FORCE_OPT { OPT_BOOL(0, "force", force, \
	"stop a timer even when it ran longer than time.max_timer") }

#define OPTS struct start_opts
static const struct cmd_opt start_opts[] = {
	NOTE_OPT,
	{ OPT_WHEN(0, "at", at, "WHEN", "when the work started (default now)") },
	TECH_OPT,
	{ OPT_BOOL(0, "switch", switch_timer, "stop the running timer first, at the same instant") },
	FORCE_OPT,
	OVERLAP_OPT,
	OPT_END
};
#undef OPTS

#define OPTS struct stop_opts
static const struct cmd_opt stop_opts[] = {
	{ OPT_WHEN(0, "at", at, "WHEN", "when the work stopped (default now)") },
	{ OPT_STRING(0, "note", note, "TEXT", "what was done (replaces the start's note)") },
	TECH_OPT,
	FORCE_OPT,
	OVERLAP_OPT,
	OPT_END
};
#undef OPTS

#define OPTS struct tech_opts
static const struct cmd_opt tech_opts[] = {
	TECH_OPT,
	OPT_END
};

static const struct cmd_opt status_opts[] = {
	TECH_OPT,
	{ OPT_BOOL(0, "all", all, "every technician's running timer") },
	OPT_END
};
#undef OPTS

#define OPTS struct add_opts
static const struct cmd_opt add_opts[] = {
	{ OPT_WHEN(0, "start", start, "WHEN", "when the work started (alone: until now)") },
	{ OPT_WHEN(0, "end", end, "WHEN", "when the work ended (default now)") },
	NOTE_OPT,
	TECH_OPT,
	{ OPT_BOOL(0, "nonbillable", nonbillable, "never invoice it") },
	{ OPT_BOOL(0, "nocharge", nocharge, "show it on the invoice at no charge") },
	OVERLAP_OPT,
	OPT_END
};
#undef OPTS

#define OPTS struct filter_opts
#define FILTER_OPTS \
	{ OPT_STRING(0, "job", job, "N", "only this job"), .complete = "@anyjob" }, \
	{ OPT_STRING(0, "client", client, "CODE", "only this client's jobs"), .complete = "@client" }, \
	{ OPT_STRING(0, "tech", tech, "HANDLE", "only this technician"), .complete = "@tech" }, \
	{ OPT_PERIOD(0, "period", started, "P", "entries starting in 2026-10, 2026-Q4 or 2026") }, \
	{ OPT_FROM(0, "from", started, "DATE", "entries starting on or after this day") }, \
	{ OPT_TO(0, "to", started, "DATE", "entries starting on or before this day") }, \
	{ OPT_BOOL(0, "unbilled", unbilled, "only billable entries no invoice holds") }

static const struct cmd_opt list_opts[] = {
	FILTER_OPTS,
	OPT_END
};

static const struct cmd_opt export_opts[] = {
	{ OPT_STRING(0, "format", format, "FORMAT", "csv (default), timeclock or json"),
	  .complete = "csv timeclock json" },
	FILTER_OPTS,
	{ OPT_STRING('o', "output", output, "FILE", "write to FILE (default standard output)"),
	  .complete = "@file" },
	OPT_END
};
#undef OPTS

#define OPTS struct edit_opts
static const struct cmd_opt edit_opts[] = {
	{ OPT_STRING(0, "job", job, "N", "move it to another job"), .complete = "@job" },
	{ OPT_WHEN(0, "start", start, "WHEN", "new start") },
	{ OPT_WHEN(0, "end", end, "WHEN", "new end") },
	{ OPT_DURATION(0, "duration", duration, "DURATION",
		       "new length (from the start, or up to --end)") },
	{ OPT_STRING(0, "note", note, "TEXT", "new note (\"\" removes it)") },
	TECH_OPT,
	{ OPT_BOOL(0, "billable", billable, "bill it"), .group = 1 },
	{ OPT_BOOL(0, "nonbillable", nonbillable, "never invoice it"), .group = 1 },
	{ OPT_BOOL(0, "charge", charge, "charge for it"), .group = 2 },
	{ OPT_BOOL(0, "nocharge", nocharge, "show it on the invoice at no charge"), .group = 2 },
	OVERLAP_OPT,
	OPT_END
};
#undef OPTS

#define OPTS struct import_opts
static const struct cmd_opt import_opts[] = {
	{ OPT_STRING(0, "format", format, "FORMAT",
		     "csv, timeclock, timewarrior, toggl or watson (default: guessed)"),
	  .complete = "csv timeclock timewarrior toggl watson" },
	{ OPT_BOOL(0, "dry-run", dry_run, "check everything, store nothing"), .flags = OPTF_DRY_RUN },
	{ OPT_BOOL(0, "create-clients", create_clients, "create unknown clients instead of refusing") },
	{ OPT_BOOL(0, "create-techs", create_techs, "create unknown technicians instead of refusing") },
	{ OPT_BOOL(0, "billed-elsewhere", billed_elsewhere, "the entries were billed outside fixbill") },
	{ OPT_STRING(0, "tech", tech, "HANDLE", "technician of rows that name none"
		     " (default $FIXBILL_TECH, else your login name)"), .complete = "@tech" },
	OPT_END
};
#undef OPTS

#define OPTS struct id_opts
static const struct cmd_opt id_opts[] = { OPT_END };
#undef OPTS

#define OPTS struct mark_opts
static const struct cmd_opt mark_opts[] = {
	{ OPT_DATE(0, "through", through, "DATE", "work that started on or before this day"),
	  .flags = OPTF_REQUIRED },
	{ OPT_STRING(0, "client", client, "CODE", "only this client's work"), .complete = "@client" },
	OPT_END
};
#undef OPTS

static const struct cmd_verb time_verbs[] = {
	{ "start", "JOB", "start a timer on a job", start_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_start, time_start, "@job" },
	{ "stop", "", "stop your running timer", stop_opts, 0, 0,
	  VERB_DB_WRITE, 0, check_stop, time_stop, NULL },
	{ "continue", "", "start a timer on your last job", start_opts, 0, 0,
	  VERB_DB_WRITE, 0, check_start, time_continue, NULL },
	{ "status", "", "show your running timer, or everyone's", status_opts, 0, 0,
	  VERB_DB_READ, 0, check_status, time_status, NULL },
	{ "cancel", "", "discard your running timer", tech_opts, 0, 0,
	  VERB_DB_WRITE, 0, NULL, time_cancel, NULL },
	{ "add", "JOB [DURATION]", "log work done", add_opts, 1, 2,
	  VERB_DB_WRITE, 0, check_add, time_add, "@job" },
	{ "list", "", "list time entries", list_opts, 0, 0,
	  VERB_DB_READ, 0, check_filter, time_list, NULL },
	{ "show", "ID", "show one entry", id_opts, 1, 1,
	  VERB_DB_READ, 0, check_id, time_show, NULL },
	{ "edit", "ID", "correct an entry", edit_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_edit, time_edit, NULL },
	{ "rm", "ID", "remove an entry", id_opts, 1, 1,
	  VERB_DB_WRITE, 0, check_id, time_rm, NULL },
	{ "import", "FILE", "import entries from a CSV, timeclock, Timewarrior, Toggl or Watson file",
	  import_opts, 1, 1, VERB_DB_BULK, 0, check_import, time_import, "@file" },
	{ "export", "", "write entries as CSV, timeclock or JSON", export_opts, 0, 0,
	  VERB_DB_READ, 0, check_export, time_export, NULL },
	{ "mark-billed", "", "record work as billed outside fixbill", mark_opts, 0, 0,
	  VERB_DB_WRITE, 0, NULL, time_mark_billed, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, VERB_NO_DB, 0, NULL, NULL, NULL }
};

const struct cmd_entry cmd_time_entry = {
	.name = "time",
	.summary = "time: timers and logged work",
	.verbs = time_verbs,
};
