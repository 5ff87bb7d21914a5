/*
 * export_time.c - time entries out as CSV, timeclock or JSON, in the
 * shapes lib/import reads back, so that export, import into another
 * database and export again gives the same bytes.
 */
#include "export_time.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "export.h"
#include "json.h"
#include "when.h"

int
fb_time_export_format_parse(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return FB_TIME_EXPORT_CSV;
	if (strcmp(s, "timeclock") == 0)
		return FB_TIME_EXPORT_TIMECLOCK;
	if (strcmp(s, "json") == 0)
		return FB_TIME_EXPORT_JSON;
	return -1;
}

/* One CSV cell: defused, quoted only when it must be. */
static void
csv_cell(FILE *fp, const char *s, int last)
{
	const char *t = s ? s : "";
	char *safe = fb_export_safe_cell(t);
	const char *p = safe;

	if (*p && (strpbrk(p, ",\"\n\r") || p[0] == ' ' || p[strlen(p) - 1] == ' ')) {
		fputc('"', fp);
		for (; *p; p++) {
			if (*p == '"')
				fputc('"', fp);
			fputc(*p, fp);
		}
		fputc('"', fp);
	} else
		fputs(p, fp);
	fputc(last ? '\n' : ',', fp);
	if (safe != t)
		free(safe);
}

/* A timeclock note stays on its line: newline and backslash are escaped. */
static void
clock_note(FILE *fp, const char *s)
{
	fputs("  ", fp);
	for (; *s; s++) {
		if (*s == '\n')
			fputs("\\n", fp);
		else if (*s == '\\')
			fputs("\\\\", fp);
		else
			fputc(*s, fp);
	}
}

static void
clock_stamp(FILE *fp, char code, int64_t t)
{
	struct fb_civil c;

	fb_utc_to_local(t, &c, NULL, NULL);
	fprintf(fp, "%c %04d-%02d-%02d %02d:%02d:%02d", code, c.year, c.month, c.day,
		c.hour, c.min, c.sec);
}

struct row {
	int64_t id, job, start, stop, invoice_id;
	int running, billable, nocharge, elsewhere;
	const char *client, *title, *tech, *note, *invoice, *invoice_status;
};

static void
write_csv(FILE *fp, const struct row *r)
{
	char buf[32];
	char *start = fb_when_iso(r->start), *end = fb_when_iso(r->stop);
	char *dur = fb_duration_format(r->stop - r->start);

	csv_cell(fp, r->client, 0);
	snprintf(buf, sizeof(buf), "%lld", (long long)r->job);
	csv_cell(fp, buf, 0);
	csv_cell(fp, r->title, 0);
	csv_cell(fp, r->tech, 0);
	csv_cell(fp, start, 0);
	csv_cell(fp, end, 0);
	csv_cell(fp, dur, 0);
	csv_cell(fp, r->note, 0);
	csv_cell(fp, !r->billable ? "no" : r->nocharge ? "nocharge" : "yes", 1);
	free(start);
	free(end);
	free(dur);
}

static void
write_timeclock(FILE *fp, const struct row *r)
{
	clock_stamp(fp, 'i', r->start);
	fprintf(fp, " %s:%s", r->client, r->title);
	if (r->note)
		clock_note(fp, r->note);
	fputc('\n', fp);
	clock_stamp(fp, 'o', r->stop);
	fputc('\n', fp);
}

/* SPEC section 9, as `time list --json` writes it. */
static void
write_json(FILE *fp, const struct row *r, int64_t now, int first)
{
	struct fb_json *o = fb_json_object();
	char *text;

	fb_json_set_int(o, "id", r->id);
	fb_json_set_int(o, "job", r->job);
	fb_json_set_str(o, "client", r->client);
	fb_json_set_str(o, "tech", r->tech);
	fb_json_set_time(o, "start", r->start, 0);
	fb_json_set_time(o, "end", r->stop, r->running);
	fb_json_set_int(o, "seconds", r->running ? (now > r->start ? now - r->start : 0) :
			r->stop - r->start);
	fb_json_set_bool(o, "billable", r->billable);
	fb_json_set_bool(o, "nocharge", r->nocharge);
	fb_json_set_bool(o, "billed_elsewhere", r->elsewhere);
	fb_json_set_str(o, "note", r->note);
	if (r->invoice_id == 0 || (r->invoice_status && strcmp(r->invoice_status, "void") == 0))
		fb_json_set_null(o, "invoice");
	else if (r->invoice)
		fb_json_set_str(o, "invoice", r->invoice);
	else {
		char buf[32];

		snprintf(buf, sizeof(buf), "%lld", (long long)r->invoice_id);
		fb_json_set_str(o, "invoice", buf);
	}
	text = fb_json_text(o);
	fprintf(fp, "%s%s", first ? "\n" : ",\n", text);
	free(text);
	fb_json_free(o);
}

static const char *const export_sql[] = FB_TIMELOG_STATEMENTS(
	"SELECT e.id, e.job_id, c.code, j.title, t.handle, e.start, e.stop,"
	" e.billable, e.nocharge, e.note, e.invoice_id, i.number, i.status,"
	" e.billed_elsewhere"
	" FROM entries e JOIN jobs j ON j.id = e.job_id"
	" JOIN clients c ON c.id = j.client_id"
	" JOIN techs t ON t.id = e.tech_id"
	" LEFT JOIN invoices i ON i.id = e.invoice_id",
	" AND (?7 = 0 OR e.stop IS NOT NULL) ORDER BY e.start, e.id");

int
fb_export_time(struct fb_db *db, const struct fb_timelog_filter *f,
	       enum fb_time_export_format format, int64_t now, FILE *fp,
	       int64_t *count, struct fb_err *err)
{
	struct fb_stmt *st;
	int64_t n = 0;
	int rc;

	if (count)
		*count = 0;
	st = fb_db_prepare(db, export_sql[fb_timelog_scope(f)], err);
	if (st == NULL)
		return -1;
	if (fb_timelog_filter_bind(db, f, st, err) < 0) {
		fb_stmt_reset(st);
		return -1;
	}
	fb_stmt_bind_int(st, 7, format != FB_TIME_EXPORT_JSON);
	if (format == FB_TIME_EXPORT_CSV)
		fputs("client,job,title,tech,start,end,duration,note,billable\n", fp);
	else if (format == FB_TIME_EXPORT_JSON)
		fputc('[', fp);
	while ((rc = fb_stmt_step(st, err)) == 1) {
		struct row r;

		r.id = fb_stmt_int(st, 0);
		r.job = fb_stmt_int(st, 1);
		r.client = fb_stmt_text(st, 2);
		r.title = fb_stmt_text(st, 3);
		r.tech = fb_stmt_text(st, 4);
		r.start = fb_stmt_int(st, 5);
		r.running = fb_stmt_isnull(st, 6);
		r.stop = r.running ? 0 : fb_stmt_int(st, 6);
		r.billable = (int)fb_stmt_int(st, 7);
		r.nocharge = (int)fb_stmt_int(st, 8);
		r.note = fb_stmt_text(st, 9);
		r.invoice_id = fb_stmt_isnull(st, 10) ? 0 : fb_stmt_int(st, 10);
		r.invoice = fb_stmt_text(st, 11);
		r.invoice_status = fb_stmt_text(st, 12);
		r.elsewhere = (int)fb_stmt_int(st, 13);
		if (format == FB_TIME_EXPORT_CSV)
			write_csv(fp, &r);
		else if (format == FB_TIME_EXPORT_TIMECLOCK)
			write_timeclock(fp, &r);
		else
			write_json(fp, &r, now, n == 0);
		n++;
		if (ferror(fp))
			break;
	}
	fb_stmt_reset(st);
	if (rc < 0)
		return -1;
	if (format == FB_TIME_EXPORT_JSON)
		fputs(n ? "\n]\n" : "]\n", fp);
	if (ferror(fp) || fflush(fp) == EOF)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write entries: %s", strerror(errno));
	if (count)
		*count = n;
	return 0;
}
