/*
 * import_csv.c - reading CSV through libcsv, streaming: fixbill's own
 * columns (client, job, title, tech, start, end, duration, note,
 * billable, in any order) and Toggl Track's detailed report.
 *
 * libcsv is fed one line at a time so that every row knows the line it
 * is on, which errors must name.
 */
#include "import_read.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "duration.h"

enum col {
	C_CLIENT, C_JOB, C_TITLE, C_TECH, C_START, C_END, C_DURATION, C_NOTE,
	C_BILLABLE,
	/* Toggl's. */
	T_USER, T_EMAIL, T_PROJECT, T_DESCRIPTION, T_START_DATE, T_START_TIME,
	T_END_DATE, T_END_TIME,
	C_NCOLS
};

static const char *const our_names[] = {
	[C_CLIENT] = "client", [C_JOB] = "job", [C_TITLE] = "title",
	[C_TECH] = "tech", [C_START] = "start", [C_END] = "end",
	[C_DURATION] = "duration", [C_NOTE] = "note", [C_BILLABLE] = "billable",
};

static const char *const toggl_names[] = {
	[C_CLIENT] = "client", [C_BILLABLE] = "billable", [C_DURATION] = "duration",
	[T_USER] = "user", [T_EMAIL] = "email", [T_PROJECT] = "project",
	[T_DESCRIPTION] = "description", [T_START_DATE] = "start date",
	[T_START_TIME] = "start time", [T_END_DATE] = "end date",
	[T_END_TIME] = "end time",
};

struct csvread {
	struct imp_reader *rd;
	int toggl;
	struct fb_err *err;
	int failed;
	/* The row being read: fields NUL-separated in buf, offsets in off. */
	struct fb_buf buf;
	size_t *off;
	size_t nf, offalloc;
	char **plain;		/* the fields of a line plain_line cut up */
	size_t plainalloc;
	long row_line;
	/* The header: column index of each known field, -1 when absent. */
	int have_header;
	int col[C_NCOLS];
	size_t ncols;
	struct fb_buf tmp, tmp2, tech;
};

static void
field_cb(void *s, size_t len, void *data)
{
	struct csvread *r = data;

	if (r->failed)
		return;
	if (r->nf == 0)
		r->row_line = r->rd->at.line;
	fb_xgrow(&r->off, &r->offalloc, r->nf + 1, sizeof(*r->off));
	r->off[r->nf++] = r->buf.len;
	fb_buf_add(&r->buf, s ? s : "", s ? len : 0);
	fb_buf_addc(&r->buf, '\0');
}

/* Column names compare trimmed and in any case. */
static int
name_is(const char *s, const char *name)
{
	size_t n;

	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n == strlen(name) && strncasecmp(s, name, n) == 0;
}

static int
header(struct csvread *r, char **f)
{
	const char *const *names = r->toggl ? toggl_names : our_names;
	size_t nnames = r->toggl ? FB_ARRAY_SIZE(toggl_names) : FB_ARRAY_SIZE(our_names);
	int *col = r->col;

	for (size_t i = 0; i < C_NCOLS; i++)
		col[i] = -1;
	for (size_t i = 0; i < r->nf; i++) {
		size_t k;

		for (k = 0; k < nnames; k++)
			if (names[k] && name_is(f[i], names[k]))
				break;
		if (k == nnames) {
			/* Toggl's reports carry more columns than we need. */
			if (r->toggl)
				continue;
			imp_bad(r->err, "unknown column '%s'", f[i]);
			fb_err_hint(r->err, "columns are client, job, title, tech, start, end,"
				    " duration, note and billable");
			return -1;
		}
		if (col[k] >= 0)
			return fb_err_set(r->err, FB_ERR_USAGE, "column '%s' given twice", names[k]);
		col[k] = (int)i;
	}
	r->ncols = r->nf;
	if (r->toggl) {
		static const int need[] = { C_CLIENT, T_START_DATE, T_START_TIME };

		for (size_t i = 0; i < FB_ARRAY_SIZE(need); i++)
			if (col[need[i]] < 0)
				return fb_err_set(r->err, FB_ERR_USAGE,
						  "no '%s' column: not a Toggl detailed report?",
						  toggl_names[need[i]]);
		if (col[T_PROJECT] < 0 && col[T_DESCRIPTION] < 0)
			return fb_err_set(r->err, FB_ERR_USAGE, "no 'Project' or 'Description' column");
		if ((col[T_END_DATE] < 0 || col[T_END_TIME] < 0) && col[C_DURATION] < 0)
			return fb_err_set(r->err, FB_ERR_USAGE, "no 'End date' and 'End time' columns");
		return 0;
	}
	if (col[C_START] < 0)
		return fb_err_set(r->err, FB_ERR_USAGE, "no 'start' column");
	if (col[C_END] < 0 && col[C_DURATION] < 0)
		return fb_err_set(r->err, FB_ERR_USAGE, "no 'end' or 'duration' column");
	if (col[C_JOB] < 0 && (col[C_CLIENT] < 0 || col[C_TITLE] < 0))
		return fb_err_set(r->err, FB_ERR_USAGE,
				  "no 'job' column, nor 'client' and 'title' columns");
	return 0;
}

/* The cell of column k, "" when the file has no such column. */
static const char *
cell(struct csvread *r, char **f, int k)
{
	const char *s;

	if (r->col[k] < 0)
		return "";
	s = f[r->col[k]];
	/* Undo the apostrophe an export puts before what looks like a formula. */
	if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
		return s + 1;
	return s;
}

static int
parse_billable(const char *s, struct imp_row *row, struct fb_err *err)
{
	row->billable = 1;
	row->nocharge = 0;
	if (*s == '\0' || fb_strcaseeq(s, "yes") || fb_strcaseeq(s, "y") ||
	    fb_strcaseeq(s, "true") || strcmp(s, "1") == 0)
		return 0;
	if (fb_strcaseeq(s, "no") || fb_strcaseeq(s, "n") || fb_strcaseeq(s, "false") ||
	    strcmp(s, "0") == 0) {
		row->billable = 0;
		return 0;
	}
	if (fb_strcaseeq(s, "nocharge")) {
		row->nocharge = 1;
		return 0;
	}
	return imp_bad(err, "invalid billable '%s': write yes, no or nocharge", s);
}

/* The end from an end time, a duration, or both (which must agree). */
static int
span_end(struct csvread *r, const struct imp_row *row, const char *end,
	 const char *dur, int64_t *stop)
{
	int64_t secs;

	if (*end && imp_parse_time(r->rd, end, "end", stop, r->err) < 0)
		return -1;
	if (*dur == '\0') {
		if (*end == '\0')
			return fb_err_set(r->err, FB_ERR_USAGE, "no end time or duration");
		return 0;
	}
	if (fb_duration_parse(dur, &secs, r->err) < 0) {
		/* Its messages quote the text as it is. */
		if (fb_escape_needed(dur, 0)) {
			fb_err_release(r->err);
			return imp_bad(r->err, "invalid duration '%s'", dur);
		}
		return -1;
	}
	if (*end == '\0')
		*stop = row->start + secs;
	else if (*stop - row->start != secs) {
		char *d = fb_duration_format(*stop - row->start);
		char *e = fb_escape(dur, 0);

		fb_err_set(r->err, FB_ERR_USAGE,
			   "duration '%s' does not match start and end (%s)", e, d);
		free(e);
		free(d);
		return -1;
	}
	return 0;
}

static int
our_row(struct csvread *r, char **f)
{
	struct imp_row row;
	const char *job = cell(r, f, C_JOB);

	memset(&row, 0, sizeof(row));
	row.client = cell(r, f, C_CLIENT);
	row.title = cell(r, f, C_TITLE);
	row.tech = cell(r, f, C_TECH);
	row.note = cell(r, f, C_NOTE);
	if (*job && (fb_parse_uint(job, INT64_MAX, &row.job) < 0 || row.job == 0))
		return imp_bad(r->err, "invalid job number '%s'", job);
	if (parse_billable(cell(r, f, C_BILLABLE), &row, r->err) < 0 ||
	    imp_parse_time(r->rd, cell(r, f, C_START), "start", &row.start, r->err) < 0 ||
	    span_end(r, &row, cell(r, f, C_END), cell(r, f, C_DURATION), &row.stop) < 0)
		return -1;
	return r->rd->row(r->rd->arg, &row, r->err);
}

/* A handle from a Toggl user: "Kim.Lee@shop.example" -> "kim.lee". */
static const char *
toggl_tech(struct csvread *r, const char *email, const char *user)
{
	const char *s = *email ? email : user;
	struct fb_buf *b = &r->tech;

	fb_buf_reset(b);
	for (; *s && *s != '@' && b->len < 32; s++) {
		int ch = tolower((unsigned char)*s);

		if (isalnum(ch) || ((ch == '.' || ch == '_' || ch == '-') && b->len > 0))
			fb_buf_addc(b, ch);
		else if (b->len > 0 && b->buf[b->len - 1] != '-')
			fb_buf_addc(b, '-');
	}
	while (b->len > 0 && !isalnum((unsigned char)b->buf[b->len - 1]))
		b->buf[--b->len] = '\0';
	return b->len ? b->buf : NULL;
}

static int
toggl_row(struct csvread *r, char **f)
{
	struct imp_row row;
	const char *project = cell(r, f, T_PROJECT);
	const char *desc = cell(r, f, T_DESCRIPTION);
	const char *bill = cell(r, f, C_BILLABLE);

	memset(&row, 0, sizeof(row));
	row.client = cell(r, f, C_CLIENT);
	if (*row.client == '\0') {
		fb_err_set(r->err, FB_ERR_USAGE, "no client");
		fb_err_hint(r->err, "give every Toggl project a client, or fill the Client column");
		return -1;
	}
	if (*project) {
		row.title = project;
		row.note = desc;
	} else
		row.title = desc;
	if (r->rd->toggl_users)
		row.tech = toggl_tech(r, cell(r, f, T_EMAIL), cell(r, f, T_USER));
	if (parse_billable(bill, &row, r->err) < 0)
		return -1;
	fb_buf_reset(&r->tmp);
	fb_buf_addf(&r->tmp, "%s %s", cell(r, f, T_START_DATE), cell(r, f, T_START_TIME));
	if (imp_parse_time(r->rd, r->tmp.buf, "start", &row.start, r->err) < 0)
		return -1;
	fb_buf_reset(&r->tmp2);
	if (*cell(r, f, T_END_DATE) || *cell(r, f, T_END_TIME))
		fb_buf_addf(&r->tmp2, "%s %s", cell(r, f, T_END_DATE), cell(r, f, T_END_TIME));
	if (span_end(r, &row, fb_buf_str(&r->tmp2), "", &row.stop) < 0)
		return -1;
	return r->rd->row(r->rd->arg, &row, r->err);
}

/* A record of r->nf fields f, from the line r->row_line on. */
static void
record(struct csvread *r, char **f)
{
	long line = r->rd->at.line;

	r->rd->at.line = r->row_line;
	if (!r->have_header) {
		/* A BOM before the first column name is Excel's doing. */
		if (r->nf > 0 && strncmp(f[0], "\xef\xbb\xbf", 3) == 0)
			f[0] += 3;
		if (header(r, f) < 0)
			r->failed = 1;
		r->have_header = 1;
	} else if (r->nf == 1 && f[0][0] == '\0') {
		/* A line of only whitespace. */
	} else if (r->nf != r->ncols) {
		fb_err_set(r->err, FB_ERR_USAGE, "too %s fields: %zu, the header has %zu",
			   r->nf > r->ncols ? "many" : "few", r->nf, r->ncols);
		r->failed = 1;
	} else if ((r->toggl ? toggl_row(r, f) : our_row(r, f)) < 0)
		r->failed = 1;
	if (!r->failed)
		r->rd->at.line = line;
}

static void
row_cb(int ch, void *data)
{
	struct csvread *r = data;
	char *stackf[32], **f = stackf;

	(void)ch;
	if (r->failed)
		return;
	if (r->nf > FB_ARRAY_SIZE(stackf))
		f = fb_xmalloc(r->nf * sizeof(*f));
	for (size_t i = 0; i < r->nf; i++)
		f[i] = r->buf.buf + r->off[i];
	record(r, f);
	if (f != stackf)
		free(f);
	r->nf = 0;
	fb_buf_reset(&r->buf);
}

/*
 * A line without quotes or CR, starting a record: its fields are what lies
 * between the commas, without the spaces and tabs around them, as libcsv
 * reads them, and a line of nothing else is no record.  Most lines of
 * most files are so, and splitting them here costs a fraction of feeding
 * libcsv a byte at a time.
 */
static void
plain_line(struct csvread *r, char *line, size_t len)
{
	char *p = line, *end = line + len;
	size_t nf = 0;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end)
		return;
	/* The fields are cut out of the line in place: it ends in a NUL. */
	for (p = line;; p++) {
		char *comma = memchr(p, ',', (size_t)(end - p)), *e;

		if (comma == NULL)
			comma = end;
		e = comma;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		fb_xgrow(&r->plain, &r->plainalloc, nf + 1, sizeof(*r->plain));
		r->plain[nf++] = p;
		if (comma == end)
			break;
		p = comma;
	}
	r->nf = nf;
	r->row_line = r->rd->at.line;
	record(r, r->plain);
	r->nf = 0;
}

int
imp_read_csv(struct imp_reader *rd, int toggl, struct fb_err *err)
{
	struct csv_parser p;
	struct csvread r;
	char *line;
	size_t len;
	int rc = 0, open = 0;	/* a quoted field goes on past the line */

	memset(&r, 0, sizeof(r));
	r.rd = rd;
	r.toggl = toggl;
	r.err = err;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return fb_err_set(err, FB_ERR_RUNTIME, "out of memory");
	while (!r.failed && (line = imp_getline(&rd->src, &len, err)) != NULL) {
		rd->at.line++;
		/* A NUL would silently cut a field short: refuse the file. */
		if (memchr(line, '\0', len) != NULL) {
			fb_err_set(err, FB_ERR_USAGE, "malformed CSV: a NUL byte");
			r.failed = 1;
			break;
		}
		/* (A CR inside a line ends a record for libcsv.) */
		if (!open && memchr(line, '"', len) == NULL && memchr(line, '\r', len) == NULL) {
			plain_line(&r, line, len);
			continue;
		}
		/* An odd number of quotes leaves a quoted field open. */
		for (size_t i = 0; i < len; i++)
			open ^= line[i] == '"';
		line[len] = '\n';
		if (csv_parse(&p, line, len + 1, field_cb, row_cb, &r) != len + 1) {
			line[len] = '\0';
			fb_err_set(err, FB_ERR_USAGE, "malformed CSV: %s",
				   csv_strerror(csv_error(&p)));
			r.failed = 1;
			break;
		}
		line[len] = '\0';
	}
	if (len == (size_t)-1)
		r.failed = 1;
	if (!r.failed && csv_fini(&p, field_cb, row_cb, &r) != 0) {
		fb_err_set(err, FB_ERR_USAGE, "malformed CSV: %s",
			   csv_error(&p) == CSV_EPARSE ? "unterminated quoted field" :
			   csv_strerror(csv_error(&p)));
		r.failed = 1;
	}
	if (!r.failed && !r.have_header) {
		rd->at.line = 0;
		fb_err_set(err, FB_ERR_USAGE, "no header row: the file is empty");
		r.failed = 1;
	}
	if (r.failed)
		rc = -1;
	csv_free(&p);
	fb_buf_release(&r.buf);
	fb_buf_release(&r.tmp);
	fb_buf_release(&r.tmp2);
	fb_buf_release(&r.tech);
	free(r.off);
	free(r.plain);
	return rc;
}
