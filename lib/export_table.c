/*
 * export_table.c - a neutral table as CSV (libcsv), JSON (SPEC section 9
 * rows) or an XLSX workbook with a chart (libxlsxwriter), for reports.
 *
 * The table's cells are already the machine form of each value, so this
 * file only decides how each column type is written: number cells for
 * numbers, string cells for text (never a formula), and, for CSV, text
 * defused against formula injection.
 */
#include "export_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <xlsxwriter.h>

#include "export.h"
#include "json.h"
#include "lazy_xlsx.h"

static int
is_number(enum fb_coltype type)
{
	return type == FB_COL_INT || type == FB_COL_MONEY || type == FB_COL_NUMBER;
}

/* Rows to write: all but the totals at the end. */
static size_t
data_rows(const struct fb_table *t, size_t ntotals)
{
	return ntotals <= t->nrows ? t->nrows - ntotals : 0;
}

static int
csv_text(FILE *fp, const char *s)
{
	char *safe = fb_export_safe_cell(s);
	int rc = csv_fwrite(fp, safe, strlen(safe));

	if (safe != s)
		free(safe);
	return rc;
}

int
fb_export_table_csv(const struct fb_table *t, size_t ntotals, FILE *fp,
		    struct fb_err *err)
{
	size_t n = data_rows(t, ntotals);
	int bad = 0;

	for (size_t c = 0; c < t->ncols; c++) {
		if (c && fputc(',', fp) == EOF)
			bad = 1;
		if (csv_text(fp, t->cols[c].name) != 0)
			bad = 1;
	}
	if (fputc('\n', fp) == EOF)
		bad = 1;
	for (size_t r = 0; r < n && !bad; r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = fb_table_get(t, r, c);

			if (c && fputc(',', fp) == EOF)
				bad = 1;
			if (s == NULL)
				continue;
			/* A number goes bare: "1234.50", never quoted or defused. */
			if (is_number(t->cols[c].type) ? fputs(s, fp) == EOF : csv_text(fp, s) != 0)
				bad = 1;
		}
		if (fputc('\n', fp) == EOF)
			bad = 1;
	}
	if (bad || fflush(fp) == EOF || ferror(fp))
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write the report: %s",
				  errno ? strerror(errno) : "write error");
	return 0;
}

int
fb_export_table_json(const struct fb_table *t, size_t ntotals, FILE *fp,
		     struct fb_err *err)
{
	struct fb_json *arr = fb_json_array();
	size_t n = data_rows(t, ntotals);
	int rc;

	for (size_t r = 0; r < n; r++) {
		struct fb_json *o = fb_json_object();

		for (size_t c = 0; c < t->ncols; c++) {
			const char *key = t->cols[c].name, *s = fb_table_get(t, r, c);

			if (s == NULL)
				fb_json_set_null(o, key);
			else if (t->cols[c].type == FB_COL_INT)
				fb_json_set_int(o, key, strtoll(s, NULL, 10));
			else if (t->cols[c].type == FB_COL_BOOL)
				fb_json_set_bool(o, key, strcmp(s, "yes") == 0);
			else
				fb_json_set_str(o, key, s);
		}
		fb_json_push(arr, o);
	}
	rc = fb_json_write(arr, fp);
	fb_json_free(arr);
	if (rc < 0 || fflush(fp) == EOF)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write the report: %s",
				  errno ? strerror(errno) : "write error");
	return 0;
}

/* Excel refuses longer strings in a cell. */
#define XLSX_MAXSTR 32767

struct book {
	lxw_workbook *wb;
	lxw_format *head, *headnum, *text, *bold;
	/* Number formats by decimals (0-3), plain and bold. */
	lxw_format *num[4], *numbold[4];
	lxw_error error;
};

static void
note(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->error == LXW_NO_ERROR)
		b->error = e;
}

static void
book_formats(struct book *b)
{
	static const char *const masks[4] = { "#,##0", "#,##0.0", "#,##0.00", "#,##0.000" };

	b->head = workbook_add_format(b->wb);
	format_set_bold(b->head);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	b->headnum = workbook_add_format(b->wb);
	format_set_bold(b->headnum);
	format_set_bottom(b->headnum, LXW_BORDER_THIN);
	format_set_align(b->headnum, LXW_ALIGN_RIGHT);
	b->bold = workbook_add_format(b->wb);
	format_set_bold(b->bold);
	format_set_top(b->bold, LXW_BORDER_THIN);
	for (int i = 0; i < 4; i++) {
		b->num[i] = workbook_add_format(b->wb);
		format_set_num_format(b->num[i], masks[i]);
		b->numbold[i] = workbook_add_format(b->wb);
		format_set_num_format(b->numbold[i], masks[i]);
		format_set_bold(b->numbold[i]);
		format_set_top(b->numbold[i], LXW_BORDER_THIN);
	}
}

static int
decimals_of(const char *s)
{
	const char *dot = strchr(s, '.');
	size_t n = dot ? strlen(dot + 1) : 0;

	return n > 3 ? 3 : (int)n;
}

/* One cell: numbers as numbers (the exact decimal text read back), text as strings. */
static void
put_cell(struct book *b, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
	 enum fb_coltype type, const char *s, int total)
{
	char *end;

	if (s == NULL)
		return;
	/* A label in a number column ("total" under job) stays text. */
	if (is_number(type) && (strtod(s, &end), end != s && *end == '\0')) {
		int d = decimals_of(s);

		note(b, worksheet_write_number(ws, r, c, strtod(s, NULL),
					       total ? b->numbold[d] : b->num[d]));
		return;
	}
	if (strlen(s) > XLSX_MAXSTR) {
		char *cut = fb_xstrndup(s, XLSX_MAXSTR);

		note(b, worksheet_write_string(ws, r, c, cut, total ? b->bold : NULL));
		free(cut);
		return;
	}
	note(b, worksheet_write_string(ws, r, c, s, total ? b->bold : NULL));
}

static void
put_sheet(struct book *b, lxw_worksheet *ws, const struct fb_table *t, size_t ntotals)
{
	size_t n = data_rows(t, ntotals);

	for (size_t c = 0; c < t->ncols; c++) {
		size_t w = strlen(t->cols[c].name) + 2;

		if (w < 12)
			w = 12;
		note(b, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL));
	}
	/* Constant-memory mode refuses anything about a row already written. */
	worksheet_freeze_panes(ws, 1, 0);
	if (n > 0 && t->ncols > 0)
		note(b, worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(t->ncols - 1)));
	for (size_t c = 0; c < t->ncols; c++)
		note(b, worksheet_write_string(ws, 0, (lxw_col_t)c, t->cols[c].name,
					       is_number(t->cols[c].type) ? b->headnum : b->head));
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t c = 0; c < t->ncols; c++)
			put_cell(b, ws, (lxw_row_t)(r + 1), (lxw_col_t)c, t->cols[c].type,
				 fb_table_get(t, r, c), r >= n);
}

static void
put_chart(struct book *b, const struct fb_export_xlsx_opts *o)
{
	const struct fb_table *t = o->trend;
	lxw_chart *chart = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
	lxw_chartsheet *cs;
	char *cats = fb_xasprintf("=Trend!$A$2:$A$%zu", t->nrows + 1);

	if (chart == NULL) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		free(cats);
		return;
	}
	for (size_t c = 1; c < t->ncols && c < 26; c++) {
		char *vals = fb_xasprintf("=Trend!$%c$2:$%c$%zu", (char)('A' + c),
					  (char)('A' + c), t->nrows + 1);
		char *name = fb_xasprintf("=Trend!$%c$1", (char)('A' + c));
		lxw_chart_series *s = chart_add_series(chart, cats, vals);

		if (s)
			chart_series_set_name(s, name);
		free(vals);
		free(name);
	}
	free(cats);
	chart_title_set_name(chart, o->chart_title ? o->chart_title : "Per month");
	chart_axis_set_name(chart->x_axis, "Month");
	if (o->y_title)
		chart_axis_set_name(chart->y_axis, o->y_title);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	if ((cs = workbook_add_chartsheet(b->wb, "Chart")) == NULL) {
		note(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	note(b, chartsheet_set_chart(cs, chart));
}

int
fb_export_table_xlsx(const struct fb_table *t, size_t ntotals,
		     const struct fb_export_xlsx_opts *o, const char *path,
		     struct fb_err *err)
{
	lxw_workbook_options wo = { .constant_memory = LXW_TRUE, .tmpdir = NULL };
	lxw_doc_properties props;
	struct book b;
	lxw_worksheet *ws;
	lxw_error e;

	if (fb_lazy_xlsx(err) == -1)
		return -1;
	memset(&b, 0, sizeof(b));
	if ((b.wb = workbook_new_opt(path, &wo)) == NULL)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", path,
				  errno ? strerror(errno) : "cannot create the workbook");
	book_formats(&b);
	memset(&props, 0, sizeof(props));
	/* libxlsxwriter copies the properties; it never writes through them. */
	props.title = (char *)(o && o->title ? o->title : "fixbill report");
	props.author = (char *)"fixbill";
	note(&b, workbook_set_properties(b.wb, &props));
	if ((ws = workbook_add_worksheet(b.wb, "Report")) == NULL)
		note(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
	else
		put_sheet(&b, ws, t, ntotals);
	if (o && o->trend && o->trend->nrows > 0 && o->trend->ncols > 1) {
		if ((ws = workbook_add_worksheet(b.wb, "Trend")) == NULL)
			note(&b, LXW_ERROR_MEMORY_MALLOC_FAILED);
		else {
			put_sheet(&b, ws, o->trend, 0);
			put_chart(&b, o);
		}
	}
	e = workbook_close(b.wb);
	if (b.error != LXW_NO_ERROR)
		e = b.error;
	if (e != LXW_NO_ERROR)
		return fb_err_set(err, FB_ERR_RUNTIME, "cannot write '%s': %s", path,
				  e == LXW_ERROR_CREATING_XLSX_FILE && errno ? strerror(errno) :
				  lxw_strerror(e));
	return 0;
}
