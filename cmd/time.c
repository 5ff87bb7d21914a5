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
#include "job.h"
#include "json.h"
#include "table.h"
#include "timelog.h"
#include "when.h"

/* Longest note shown in a listing, in characters. */
#define NOTE_COLUMN 40

static int
parse_entry_id(const char *s, int64_t *id)
{
	if (fb_parse_uint(s, INT64_MAX, id) < 0 || *id == 0)
		return cmd_error(FB_ERR_USAGE, "invalid entry number '%s'", s);
	return 0;
}

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

/* Parse an option's time, when given.  1 when set, 0 when absent, -1 on error. */
static int
opt_when(struct cmd_ctx *ctx, const char *name, int64_t *t, struct fb_err *err)
{
	const char *s = cmd_get(ctx, name);

	if (s == NULL)
		return 0;
	return fb_when_parse(s, ctx->now, t, err) < 0 ? -1 : 1;
}

/* The --note value, checked; NULL when absent or empty. */
static int
opt_note(struct cmd_ctx *ctx, const char **note, struct fb_err *err)
{
	*note = cmd_get(ctx, "note");
	if (*note && **note == '\0')
		*note = NULL;
	return fb_timelog_check_note(*note, err);
}

/* A timer may not start or stop in the future: it would run backwards. */
static int
not_future(struct cmd_ctx *ctx, const char *what, int64_t t, struct fb_err *err)
{
	char *s;

	if (t <= ctx->now)
		return 0;
	s = fb_when_short(t);
	fb_err_set(err, FB_ERR_REFUSED, "cannot %s at %s: that is in the future", what, s);
	free(s);
	return -1;
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
static void
print_entry(const struct fb_timelog_entry *e, int64_t now)
{
	char *start = fb_when_short(e->start);
	char *dur = fb_duration_format(fb_timelog_seconds(e, now));
	char *inv = invoice_text(e);

	printf("entry:     %lld\n", (long long)e->id);
	printf("job:       %lld (%s: %s)\n", (long long)e->job_id, e->client, e->title);
	printf("tech:      %s\n", e->tech);
	printf("start:     %s\n", start);
	if (e->running)
		printf("end:       running\n");
	else {
		char *end = fb_when_short(e->stop);

		printf("end:       %s\n", end);
		free(end);
	}
	printf("%-10s %s\n", e->running ? "elapsed:" : "duration:", dur);
	printf("billable:  %s\n", !e->billable ? "no" : e->nocharge ? "yes, no charge" : "yes");
	printf("invoice:   %s\n", inv ? inv : "-");
	if (e->note) {
		const char *p = e->note, *nl;

		/* Later lines of a note are indented under the first. */
		fputs("note:      ", stdout);
		while ((nl = strchr(p, '\n')) != NULL) {
			printf("%.*s\n           ", (int)(nl - p), p);
			p = nl + 1;
		}
		printf("%s\n", p);
	}
	free(start);
	free(dur);
	free(inv);
}

/*
 * The technician of a command.  fb_tech_resolve creates an unknown
 * handle, so this runs inside the command's transaction.
 */
static int
resolve_tech(struct cmd_ctx *ctx, struct fb_tech *t, struct fb_err *err)
{
	memset(t, 0, sizeof(*t));
	return fb_tech_resolve(ctx->db, cmd_get(ctx, "tech"), ctx->now, t, err);
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

static int
time_start(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry e, r;
	struct fb_tech tech;
	const char *note;
	int64_t job, at, id;
	int flags = cmd_has(ctx, "allow-overlap") ? FB_TIMELOG_ALLOW_OVERLAP : 0;
	int rc, switched = 0;

	if (fb_job_parse_id(ctx->args.argv[0], &job, &err) < 0 ||
	    opt_note(ctx, &note, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	at = ctx->now;
	if (opt_when(ctx, "at", &at, &err) < 0 ||
	    not_future(ctx, "start a timer", at, &err) < 0 ||
	    fb_db_begin(ctx->db, &err) < 0 ||
	    resolve_tech(ctx, &tech, &err) < 0)
		return cmd_fail(&err);
	/* An unknown job says so even when a timer is running. */
	if (fb_timelog_check_job(ctx->db, job, &err) < 0 ||
	    (rc = fb_timelog_running(ctx->db, tech.id, &r, &err)) < 0) {
		fb_tech_release(&tech);
		return cmd_fail(&err);
	}
	if (rc == 1) {
		if (!cmd_has(ctx, "switch")) {
			fb_err_set(&err, FB_ERR_REFUSED, "timer already running for '%s' on job %lld",
				   r.tech, (long long)r.job_id);
			fb_err_hint(&err, "stop it first with 'fixbill time stop', or start with --switch");
			fb_timelog_entry_release(&r);
			fb_tech_release(&tech);
			return cmd_fail(&err);
		}
		if (fb_timelog_stop(ctx->db, &r, at, NULL, flags, ctx->now, &err) < 0) {
			fb_timelog_entry_release(&r);
			fb_tech_release(&tech);
			return cmd_fail(&err);
		}
		switched = 1;
	}
	fb_timelog_entry_init(&e);
	e.job_id = job;
	e.tech_id = tech.id;
	e.start = at;
	e.running = 1;
	e.note = (char *)note;
	rc = fb_timelog_insert(ctx->db, &e, flags, ctx->now, &id, &err);
	if (rc == 0)
		rc = cmd_commit(ctx);
	else
		rc = cmd_fail(&err);
	if (rc == 0 && ctx->json) {
		if (fb_timelog_get(ctx->db, id, &e, &err) < 0)
			rc = cmd_fail(&err);
		else {
			print_entry_json(&e, ctx->now);
			fb_timelog_entry_release(&e);
		}
	} else if (rc == 0 && !ctx->quiet) {
		char *when = clock_text(at, ctx->now);

		if (switched)
			print_stopped(ctx, &r);
		printf("started job %lld for %s at %s (entry %lld)\n",
		       (long long)job, tech.handle, when, (long long)id);
		free(when);
	}
	if (switched)
		fb_timelog_entry_release(&r);
	fb_tech_release(&tech);
	return rc;
}

/* The running timer of the command's technician, or a refusal. */
static int
running_timer(struct cmd_ctx *ctx, struct fb_timelog_entry *r, struct fb_err *err)
{
	struct fb_tech tech;
	int rc;

	if (resolve_tech(ctx, &tech, err) < 0)
		return -1;
	rc = fb_timelog_running(ctx->db, tech.id, r, err);
	if (rc == 0) {
		fb_err_set(err, FB_ERR_REFUSED, "no timer running for '%s'", tech.handle);
		fb_err_hint(err, "start one with 'fixbill time start JOB'");
		rc = -1;
	}
	fb_tech_release(&tech);
	return rc < 0 ? -1 : 0;
}

static int
time_stop(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry r;
	const char *note;
	int64_t at;
	int flags = cmd_has(ctx, "allow-overlap") ? FB_TIMELOG_ALLOW_OVERLAP : 0;
	int rc;

	if (opt_note(ctx, &note, &err) < 0)
		return cmd_fail(&err);
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	at = ctx->now;
	if (opt_when(ctx, "at", &at, &err) < 0 ||
	    not_future(ctx, "stop a timer", at, &err) < 0 ||
	    fb_db_begin(ctx->db, &err) < 0 ||
	    running_timer(ctx, &r, &err) < 0)
		return cmd_fail(&err);
	if (fb_timelog_stop(ctx->db, &r, at, note, flags, ctx->now, &err) < 0) {
		fb_timelog_entry_release(&r);
		return cmd_fail(&err);
	}
	rc = cmd_commit(ctx);
	if (rc == 0 && ctx->json)
		print_entry_json(&r, ctx->now);
	else if (rc == 0 && !ctx->quiet)
		print_stopped(ctx, &r);
	fb_timelog_entry_release(&r);
	return rc;
}

static int
time_status(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry r;
	struct fb_tech tech;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	/*
	 * Resolving may create the technician; status changes nothing, so the
	 * transaction is never committed (main rolls it back).
	 */
	if (fb_db_begin(ctx->db, &err) < 0 || resolve_tech(ctx, &tech, &err) < 0)
		return cmd_fail(&err);
	rc = fb_timelog_running(ctx->db, tech.id, &r, &err);
	fb_tech_release(&tech);
	if (rc < 0)
		return cmd_fail(&err);
	if (ctx->json) {
		struct fb_json *o = fb_json_object();

		fb_json_set_bool(o, "running", rc);
		if (rc) {
			fb_json_set(o, "entry", entry_json(&r, ctx->now));
			fb_json_set_int(o, "elapsed_seconds", fb_timelog_seconds(&r, ctx->now));
		} else {
			fb_json_set_null(o, "entry");
			fb_json_set_null(o, "elapsed_seconds");
		}
		fb_json_write(o, stdout);
		fb_json_free(o);
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
time_cancel(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry r;
	int rc;

	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0 || running_timer(ctx, &r, &err) < 0)
		return cmd_fail(&err);
	if (fb_timelog_delete(ctx->db, &r, &err) < 0) {
		fb_timelog_entry_release(&r);
		return cmd_fail(&err);
	}
	rc = cmd_commit(ctx);
	if (rc == 0 && ctx->json)
		print_entry_json(&r, ctx->now);
	else if (rc == 0 && !ctx->quiet) {
		char *when = clock_text(r.start, ctx->now);
		char *dur = fb_duration_format(fb_timelog_seconds(&r, ctx->now));

		printf("cancelled the timer on job %lld for %s started at %s (%s discarded)\n",
		       (long long)r.job_id, r.tech, when, dur);
		free(when);
		free(dur);
	}
	fb_timelog_entry_release(&r);
	return rc;
}

static int
time_add(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry e;
	struct fb_tech tech;
	const char *note;
	int64_t job, secs = 0, start = 0, end = 0, id;
	int has_start, has_end, has_dur = ctx->args.argc > 1, rc;
	int flags = cmd_has(ctx, "allow-overlap") ? FB_TIMELOG_ALLOW_OVERLAP : 0;

	if (fb_job_parse_id(ctx->args.argv[0], &job, &err) < 0 ||
	    (has_dur && fb_duration_parse(ctx->args.argv[1], &secs, &err) < 0) ||
	    opt_note(ctx, &note, &err) < 0)
		return cmd_fail(&err);
	has_start = cmd_has(ctx, "start");
	has_end = cmd_has(ctx, "end");
	if (has_dur && has_start && has_end) {
		cmd_error(FB_ERR_USAGE, "cannot add entry: give DURATION or --start and --end, not all three");
		return FB_ERR_USAGE;
	}
	if (!has_dur && !(has_start && has_end)) {
		cmd_error(FB_ERR_USAGE, "cannot add entry: give a DURATION, or --start and --end");
		cmd_hint("e.g. 'fixbill time add %s 1h30m'", ctx->args.argv[0]);
		return FB_ERR_USAGE;
	}
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	end = ctx->now;
	if (opt_when(ctx, "start", &start, &err) < 0 ||
	    opt_when(ctx, "end", &end, &err) < 0)
		return cmd_fail(&err);
	if (has_dur && has_start)
		end = start + secs;
	else if (has_dur)
		start = end - secs;
	else if (end <= start) {
		char *a = fb_when_short(start), *b = fb_when_short(end);

		cmd_error(FB_ERR_USAGE, "cannot add entry: end %s is not after start %s", b, a);
		free(a);
		free(b);
		return FB_ERR_USAGE;
	}
	if (fb_db_begin(ctx->db, &err) < 0 || resolve_tech(ctx, &tech, &err) < 0)
		return cmd_fail(&err);
	fb_timelog_entry_init(&e);
	e.job_id = job;
	e.tech_id = tech.id;
	e.start = start;
	e.stop = end;
	e.billable = !cmd_has(ctx, "nonbillable");
	e.nocharge = cmd_has(ctx, "nocharge");
	e.note = (char *)note;
	fb_tech_release(&tech);
	if (fb_timelog_insert(ctx->db, &e, flags, ctx->now, &id, &err) < 0)
		return cmd_fail(&err);
	if ((rc = cmd_commit(ctx)) != 0)
		return rc;
	if (ctx->json) {
		if (fb_timelog_get(ctx->db, id, &e, &err) < 0)
			return cmd_fail(&err);
		print_entry_json(&e, ctx->now);
		fb_timelog_entry_release(&e);
	} else if (!ctx->quiet)
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

/*
 * The filters list and export share: --job, --client, --tech, --period or
 * --from/--to, --unbilled.  Opens the database.  Returns 0 or the exit
 * status after printing the error; what names the command in errors.
 */
static int
entry_filter(struct cmd_ctx *ctx, const char *what, struct fb_timelog_filter *f)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_period p;
	const char *s;

	memset(f, 0, sizeof(*f));
	if ((s = cmd_get(ctx, "job")) && fb_job_parse_id(s, &f->job_id, &err) < 0)
		return cmd_fail(&err);
	if (cmd_has(ctx, "period") && (cmd_has(ctx, "from") || cmd_has(ctx, "to")))
		return cmd_error(FB_ERR_USAGE, "cannot %s entries: give --period or --from/--to, not both",
				 what);
	if ((s = cmd_get(ctx, "period"))) {
		if (fb_period_parse(s, &p, &err) < 0)
			return cmd_fail(&err);
		f->has_range = 1;
	}
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (cmd_has(ctx, "from") || cmd_has(ctx, "to")) {
		if (fb_period_range(cmd_get(ctx, "from"), cmd_get(ctx, "to"), ctx->now, &p, &err) < 0)
			return cmd_fail(&err);
		f->has_range = 1;
	}
	if (f->has_range) {
		f->from = p.start;
		f->to = p.end;
	}
	if ((s = cmd_get(ctx, "client"))) {
		struct fb_client c;

		memset(&c, 0, sizeof(c));
		if (fb_client_find(ctx->db, s, &c, &err) < 0)
			return cmd_fail(&err);
		f->client_id = c.id;
		fb_client_release(&c);
	}
	f->tech = cmd_get(ctx, "tech");
	f->unbilled = cmd_has(ctx, "unbilled");
	return 0;
}

static int
time_list(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_filter f;
	struct fb_timelog_entry *v = NULL;
	size_t n = 0;
	int64_t total = 0;
	int rc;

	if ((rc = entry_filter(ctx, "list", &f)) != 0)
		return rc;
	if (fb_timelog_list(ctx->db, &f, &v, &n, &err) < 0)
		return cmd_fail(&err);

	if (ctx->json) {
		struct fb_json *a = fb_json_array();

		for (size_t i = 0; i < n; i++)
			fb_json_push(a, entry_json(&v[i], ctx->now));
		fb_json_write(a, stdout);
		fb_json_free(a);
	} else if (ctx->quiet) {
		for (size_t i = 0; i < n; i++)
			printf("%lld\n", (long long)v[i].id);
	} else if (n > 0) {
		struct fb_table t;

		fb_table_init(&t);
		fb_table_col(&t, "id", NULL, FB_COL_INT);
		fb_table_col(&t, "job", NULL, FB_COL_INT);
		fb_table_col(&t, "client", NULL, FB_COL_TEXT);
		fb_table_col(&t, "tech", NULL, FB_COL_TEXT);
		fb_table_col(&t, "start", NULL, FB_COL_TEXT);
		fb_table_col(&t, "end", NULL, FB_COL_TEXT);
		fb_table_col(&t, "duration", NULL, FB_COL_NUMBER);
		fb_table_col(&t, "flags", NULL, FB_COL_TEXT);
		fb_table_col(&t, "note", NULL, FB_COL_TEXT);
		for (size_t i = 0; i < n; i++) {
			const struct fb_timelog_entry *e = &v[i];
			int64_t secs = fb_timelog_seconds(e, ctx->now);
			char *start = fb_when_short(e->start);

			total += secs;
			fb_table_row(&t);
			fb_table_setf(&t, 0, "%lld", (long long)e->id);
			fb_table_setf(&t, 1, "%lld", (long long)e->job_id);
			fb_table_set(&t, 2, e->client);
			fb_table_set(&t, 3, e->tech);
			if (!e->running) {
				char *end = fb_when_short(e->stop);

				/* The end's date only when it differs from the start's. */
				if (strncmp(start, end, 10) == 0)
					fb_table_set(&t, 5, end + 11);
				else
					fb_table_set(&t, 5, end);
				free(end);
			}
			fb_table_take(&t, 4, start);
			fb_table_take(&t, 6, fb_duration_format(secs));
			fb_table_take(&t, 7, flags_cell(e));
			if (e->note)
				fb_table_take(&t, 8, note_cell(e->note));
		}
		fb_table_row(&t);
		t.has_total = 1;
		fb_table_set(&t, 0, "total");
		for (size_t c = 1; c < 9; c++)
			fb_table_set(&t, c, "");
		fb_table_take(&t, 6, fb_duration_format(total));
		fb_table_setf(&t, 8, "%zu entr%s", n, n == 1 ? "y" : "ies");
		fb_table_print(&t, stdout, ctx->color);
		fb_table_release(&t);
	}
	fb_timelog_list_free(v, n);
	return 0;
}

static int
time_show(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry e;
	int64_t id;

	if (parse_entry_id(ctx->args.argv[0], &id) != 0)
		return FB_ERR_USAGE;
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_timelog_get(ctx->db, id, &e, &err) < 0)
		return cmd_fail(&err);
	if (ctx->json)
		print_entry_json(&e, ctx->now);
	else
		print_entry(&e, ctx->now);
	fb_timelog_entry_release(&e);
	return 0;
}

/* Both of a pair of opposite flags is a usage error. */
static int
opposite(struct cmd_ctx *ctx, const char *yes, const char *no, int *val)
{
	if (cmd_has(ctx, yes) && cmd_has(ctx, no))
		return cmd_error(FB_ERR_USAGE, "options '--%s' and '--%s' conflict", yes, no);
	if (cmd_has(ctx, yes))
		*val = 1;
	else if (cmd_has(ctx, no))
		*val = 0;
	return 0;
}

static int
time_edit(struct cmd_ctx *ctx)
{
	static const char *const changes[] = {
		"job", "start", "end", "duration", "note", "tech", "billable",
		"nonbillable", "charge", "nocharge"
	};
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry old, e;
	const char *s, *note = NULL;
	int64_t id, job = 0, secs = 0, start, end;
	int has_start, has_end, has_dur, billable = -1, charge = -1, any = 0, rc;
	int flags = cmd_has(ctx, "allow-overlap") ? FB_TIMELOG_ALLOW_OVERLAP : 0;

	if (parse_entry_id(ctx->args.argv[0], &id) != 0)
		return FB_ERR_USAGE;
	for (size_t i = 0; i < FB_ARRAY_SIZE(changes); i++)
		any |= cmd_has(ctx, changes[i]);
	if (!any) {
		cmd_error(FB_ERR_USAGE, "cannot edit entry %lld: nothing to change", (long long)id);
		cmd_hint("see 'fixbill time edit -h'");
		return FB_ERR_USAGE;
	}
	if (opposite(ctx, "billable", "nonbillable", &billable) ||
	    opposite(ctx, "charge", "nocharge", &charge))
		return FB_ERR_USAGE;
	if ((s = cmd_get(ctx, "job")) && fb_job_parse_id(s, &job, &err) < 0)
		return cmd_fail(&err);
	has_start = cmd_has(ctx, "start");
	has_end = cmd_has(ctx, "end");
	has_dur = cmd_has(ctx, "duration");
	if (has_dur && fb_duration_parse(cmd_get(ctx, "duration"), &secs, &err) < 0)
		return cmd_fail(&err);
	if (has_dur && has_start && has_end)
		return cmd_error(FB_ERR_USAGE,
				 "cannot edit entry %lld: give --duration with --start or --end, not both",
				 (long long)id);
	if (cmd_has(ctx, "note")) {
		note = cmd_get(ctx, "note");
		if (fb_timelog_check_note(note, &err) < 0)
			return cmd_fail(&err);
	}
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (opt_when(ctx, "start", &start, &err) < 0 || opt_when(ctx, "end", &end, &err) < 0 ||
	    fb_db_begin(ctx->db, &err) < 0 ||
	    fb_timelog_get(ctx->db, id, &old, &err) < 0)
		return cmd_fail(&err);
	if (fb_timelog_check_editable(&old, &err) < 0) {
		fb_timelog_entry_release(&old);
		return cmd_fail(&err);
	}
	if (old.running && (has_end || has_dur)) {
		fb_timelog_entry_release(&old);
		cmd_error(FB_ERR_REFUSED, "cannot edit entry %lld: it is a running timer", (long long)id);
		cmd_hint("stop it with 'fixbill time stop', or cancel it with 'fixbill time cancel'");
		return FB_ERR_REFUSED;
	}
	fb_timelog_entry_init(&e);
	e.job_id = job ? job : old.job_id;
	e.tech_id = old.tech_id;
	e.running = old.running;
	e.start = has_start ? start : old.start;
	e.stop = has_end ? end : old.stop;
	if (has_dur && has_end && !has_start)
		e.start = e.stop - secs;
	else if (has_dur)
		e.stop = e.start + secs;
	e.billable = billable >= 0 ? billable : old.billable;
	e.nocharge = charge >= 0 ? !charge : old.nocharge;
	if (note)
		e.note = *note ? (char *)note : NULL;
	else
		e.note = old.note;
	if (cmd_has(ctx, "tech")) {
		struct fb_tech tech;

		if (resolve_tech(ctx, &tech, &err) < 0) {
			fb_timelog_entry_release(&old);
			return cmd_fail(&err);
		}
		e.tech_id = tech.id;
		fb_tech_release(&tech);
	}
	if (!e.running && e.stop <= e.start) {
		fb_timelog_entry_release(&old);
		return cmd_error(FB_ERR_USAGE, "cannot edit entry %lld: the end would not be after the start",
				 (long long)id);
	}
	rc = fb_timelog_update(ctx->db, &old, &e, flags, ctx->now, &err);
	fb_timelog_entry_release(&old);
	if (rc < 0)
		return cmd_fail(&err);
	if ((rc = cmd_commit(ctx)) != 0)
		return rc;
	if (ctx->json) {
		if (fb_timelog_get(ctx->db, id, &e, &err) < 0)
			return cmd_fail(&err);
		print_entry_json(&e, ctx->now);
		fb_timelog_entry_release(&e);
	} else if (!ctx->quiet)
		printf("updated entry %lld\n", (long long)id);
	return 0;
}

static int
time_rm(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_entry e;
	int64_t id;
	int rc;

	if (parse_entry_id(ctx->args.argv[0], &id) != 0)
		return FB_ERR_USAGE;
	if (cmd_db(ctx) == NULL)
		return FB_ERR_RUNTIME;
	if (fb_db_begin(ctx->db, &err) < 0 ||
	    fb_timelog_get(ctx->db, id, &e, &err) < 0)
		return cmd_fail(&err);
	if (fb_timelog_delete(ctx->db, &e, &err) < 0) {
		fb_timelog_entry_release(&e);
		return cmd_fail(&err);
	}
	rc = cmd_commit(ctx);
	if (rc == 0 && ctx->json)
		print_entry_json(&e, ctx->now);
	else if (rc == 0 && !ctx->quiet) {
		char *dur = fb_duration_format(fb_timelog_seconds(&e, ctx->now));

		printf("removed entry %lld (%s on job %lld)\n", (long long)id, dur,
		       (long long)e.job_id);
		free(dur);
	}
	fb_timelog_entry_release(&e);
	return rc;
}

/*
 * time import and time export.
 */

struct import_ui {
	const char *name;
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
	fprintf(stderr, "\rimporting '%s' [%-40.*s] %3d%%", ui->name, pct * 40 / 100, bar, pct);
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

static int
time_import(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_import_opts o;
	struct fb_import_result res;
	struct import_ui ui;
	const char *path = ctx->args.argv[0], *s;
	int dry = cmd_has(ctx, "dry-run"), fmt = FB_IMPORT_GUESS, rc;
	FILE *fp;

	if ((s = cmd_get(ctx, "format")) && (fmt = fb_import_format_parse(s)) < 0) {
		cmd_error(FB_ERR_USAGE, "invalid format '%s'", s);
		cmd_hint("formats: csv, timeclock, timewarrior, toggl, watson");
		return FB_ERR_USAGE;
	}
	if ((s = cmd_get(ctx, "tech")) && !fb_tech_handle_valid(s))
		return cmd_error(FB_ERR_USAGE, "invalid technician handle '%s':"
				 " use 1-32 lowercase letters, digits, '.', '-' and '_'", s);
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
	/* fb_import checks every reference it writes, once. */
	if (cmd_db(ctx) == NULL || fb_db_begin_bulk(ctx->db, &err) < 0) {
		if (fp != stdin)
			fclose(fp);
		return err.msg ? cmd_fail(&err) : FB_ERR_RUNTIME;
	}
	memset(&o, 0, sizeof(o));
	o.name = ui.name;
	o.format = (enum fb_import_format)fmt;
	o.tech = cmd_get(ctx, "tech");
	o.create_clients = cmd_has(ctx, "create-clients");
	o.now = ctx->now;
	o.progress = import_progress;
	o.progress_arg = &ui;
	o.guessed = import_guessed;
	o.guessed_arg = &ui;
	rc = fb_import(ctx->db, fp, &o, &res, &err);
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
		return rc;
	}
	if (ui.guessed && !ctx->quiet)
		fprintf(stderr, "reading '%s' as %s\n", ui.name, ui.guessed);
	/* A dry run is never committed: main rolls the transaction back. */
	if (!dry && (rc = cmd_commit(ctx)) != 0)
		return rc;
	if (res.running > 0)
		fprintf(stderr, "fixbill: warning: %s: left out %lld interval%s still running"
			" (element %ld)\n", ui.name, (long long)res.running,
			res.running == 1 ? "" : "s", res.first_running);
	if (res.overlaps > 0) {
		fprintf(stderr, "fixbill: warning: %s: %lld imported entr%s overlap%s other"
			" entries of the same technician\n", ui.name, (long long)res.overlaps,
			res.overlaps == 1 ? "y" : "ies", res.overlaps == 1 ? "s" : "");
		cmd_hint("'fixbill time list --tech HANDLE' shows them");
	}
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
		fb_json_set_bool(j, "dry_run", dry);
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
		if (dry)
			fb_buf_adds(&b, " (dry run: nothing stored)");
		printf("%s\n", fb_buf_str(&b));
		fb_buf_release(&b);
	}
	return 0;
}

static int
time_export(struct cmd_ctx *ctx)
{
	struct fb_err err = FB_ERR_INIT;
	struct fb_timelog_filter f;
	const char *s, *out = cmd_get(ctx, "output");
	int fmt = FB_TIME_EXPORT_CSV, rc;
	FILE *fp = stdout;

	if ((s = cmd_get(ctx, "format")) && (fmt = fb_time_export_format_parse(s)) < 0) {
		cmd_error(FB_ERR_USAGE, "invalid format '%s'", s);
		cmd_hint("formats: csv, timeclock, json");
		return FB_ERR_USAGE;
	}
	if ((rc = entry_filter(ctx, "export", &f)) != 0)
		return rc;
	if (out && strcmp(out, "-") != 0 && (fp = fopen(out, "w")) == NULL)
		return cmd_error(FB_ERR_RUNTIME, "cannot write '%s': %s", out, strerror(errno));
	rc = fb_export_time(ctx->db, &f, (enum fb_time_export_format)fmt, ctx->now, fp,
			    NULL, &err);
	if (fp != stdout && fclose(fp) != 0 && rc == 0)
		return cmd_error(FB_ERR_RUNTIME, "cannot write '%s': %s", out, strerror(errno));
	if (rc < 0) {
		if (fp != stdout)
			unlink(out);
		return cmd_fail(&err);
	}
	return 0;
}

#define TECH_OPT { 0, "tech", OPT_STRING, "HANDLE", \
	"technician (default $FIXBILL_TECH, else your login name)", "@tech", 0 }
#define NOTE_OPT { 0, "note", OPT_STRING, "TEXT", "what was done", NULL, 0 }
#define OVERLAP_OPT { 0, "allow-overlap", OPT_BOOL, NULL, \
	"log it even if it overlaps the technician's other entries", NULL, 0 }

static const struct cmd_opt start_opts[] = {
	NOTE_OPT,
	{ 0, "at", OPT_STRING, "WHEN", "when the work started (default now)", NULL, 0 },
	TECH_OPT,
	{ 0, "switch", OPT_BOOL, NULL, "stop the running timer first, at the same instant", NULL, 0 },
	OVERLAP_OPT,
	OPT_END
};

static const struct cmd_opt stop_opts[] = {
	{ 0, "at", OPT_STRING, "WHEN", "when the work stopped (default now)", NULL, 0 },
	{ 0, "note", OPT_STRING, "TEXT", "what was done (replaces the start's note)", NULL, 0 },
	TECH_OPT,
	OVERLAP_OPT,
	OPT_END
};

static const struct cmd_opt tech_opts[] = {
	TECH_OPT,
	OPT_END
};

static const struct cmd_opt add_opts[] = {
	{ 0, "start", OPT_STRING, "WHEN", "when the work started", NULL, 0 },
	{ 0, "end", OPT_STRING, "WHEN", "when the work ended (default now)", NULL, 0 },
	NOTE_OPT,
	TECH_OPT,
	{ 0, "nonbillable", OPT_BOOL, NULL, "never invoice it", NULL, 0 },
	{ 0, "nocharge", OPT_BOOL, NULL, "show it on the invoice at no charge", NULL, 0 },
	OVERLAP_OPT,
	OPT_END
};

static const struct cmd_opt list_opts[] = {
	{ 0, "job", OPT_STRING, "N", "only this job", "@anyjob", 0 },
	{ 0, "client", OPT_STRING, "CODE", "only this client's jobs", "@client", 0 },
	{ 0, "tech", OPT_STRING, "HANDLE", "only this technician", "@tech", 0 },
	{ 0, "period", OPT_STRING, "P", "entries starting in 2026-10, 2026-Q4 or 2026", NULL, 0 },
	{ 0, "from", OPT_STRING, "DATE", "entries starting on or after this day", NULL, 0 },
	{ 0, "to", OPT_STRING, "DATE", "entries starting on or before this day", NULL, 0 },
	{ 0, "unbilled", OPT_BOOL, NULL, "only billable entries no invoice holds", NULL, 0 },
	OPT_END
};

static const struct cmd_opt edit_opts[] = {
	{ 0, "job", OPT_STRING, "N", "move it to another job", "@job", 0 },
	{ 0, "start", OPT_STRING, "WHEN", "new start", NULL, 0 },
	{ 0, "end", OPT_STRING, "WHEN", "new end", NULL, 0 },
	{ 0, "duration", OPT_STRING, "DURATION", "new length (from the start, or up to --end)", NULL, 0 },
	{ 0, "note", OPT_STRING, "TEXT", "new note (\"\" removes it)", NULL, 0 },
	TECH_OPT,
	{ 0, "billable", OPT_BOOL, NULL, "bill it", NULL, 0 },
	{ 0, "nonbillable", OPT_BOOL, NULL, "never invoice it", NULL, 0 },
	{ 0, "charge", OPT_BOOL, NULL, "charge for it", NULL, 0 },
	{ 0, "nocharge", OPT_BOOL, NULL, "show it on the invoice at no charge", NULL, 0 },
	OVERLAP_OPT,
	OPT_END
};

static const struct cmd_opt import_opts[] = {
	{ 0, "format", OPT_STRING, "FORMAT", "csv, timeclock, timewarrior, toggl or watson (default: guessed)",
	  "csv timeclock timewarrior toggl watson", 0 },
	{ 0, "dry-run", OPT_BOOL, NULL, "check everything, store nothing", NULL, 0 },
	{ 0, "create-clients", OPT_BOOL, NULL, "create unknown clients instead of refusing", NULL, 0 },
	{ 0, "tech", OPT_STRING, "HANDLE", "technician of rows that name none"
	  " (default $FIXBILL_TECH, else your login name)", "@tech", 0 },
	OPT_END
};

static const struct cmd_opt export_opts[] = {
	{ 0, "format", OPT_STRING, "FORMAT", "csv (default), timeclock or json", "csv timeclock json", 0 },
	{ 0, "job", OPT_STRING, "N", "only this job", "@anyjob", 0 },
	{ 0, "client", OPT_STRING, "CODE", "only this client's jobs", "@client", 0 },
	{ 0, "tech", OPT_STRING, "HANDLE", "only this technician", "@tech", 0 },
	{ 0, "period", OPT_STRING, "P", "entries starting in 2026-10, 2026-Q4 or 2026", NULL, 0 },
	{ 0, "from", OPT_STRING, "DATE", "entries starting on or after this day", NULL, 0 },
	{ 0, "to", OPT_STRING, "DATE", "entries starting on or before this day", NULL, 0 },
	{ 0, "unbilled", OPT_BOOL, NULL, "only billable entries no invoice holds", NULL, 0 },
	{ 'o', "output", OPT_STRING, "FILE", "write to FILE (default standard output)", "@file", 0 },
	OPT_END
};

static const struct cmd_opt no_opts[] = { OPT_END };

static const struct cmd_verb time_verbs[] = {
	{ "start", "JOB", "start a timer on a job", start_opts, 1, 1, time_start, "@job" },
	{ "stop", "", "stop your running timer", stop_opts, 0, 0, time_stop, NULL },
	{ "status", "", "show your running timer", tech_opts, 0, 0, time_status, NULL },
	{ "cancel", "", "discard your running timer", tech_opts, 0, 0, time_cancel, NULL },
	{ "add", "JOB [DURATION]", "log work done", add_opts, 1, 2, time_add, "@job" },
	{ "list", "", "list time entries", list_opts, 0, 0, time_list, NULL },
	{ "show", "ID", "show one entry", no_opts, 1, 1, time_show, NULL },
	{ "edit", "ID", "correct an entry", edit_opts, 1, 1, time_edit, NULL },
	{ "rm", "ID", "remove an entry", no_opts, 1, 1, time_rm, NULL },
	{ "import", "FILE", "import entries from a CSV, timeclock, Timewarrior, Toggl or Watson file",
	  import_opts, 1, 1, time_import, "@file" },
	{ "export", "", "write entries as CSV, timeclock or JSON", export_opts, 0, 0, time_export, NULL },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL, NULL }
};

const struct cmd_entry cmd_time_entry = {
	.name = "time",
	.summary = "time: timers and logged work",
	.verbs = time_verbs,
};
