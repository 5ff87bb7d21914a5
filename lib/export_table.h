/*
 * export_table.h - writing a neutral table (lib/table.h) as CSV, JSON or
 * XLSX, for reports.  Text can never become a spreadsheet formula: CSV
 * text cells starting with = + - @, tab or CR get a leading apostrophe,
 * and XLSX text is always written as string cells.
 *
 * The table must be in machine form: numbers as plain decimals
 * ("1234.50", hours "12.50"), as lib/report builds it without `human`.
 */
#ifndef FB_EXPORT_TABLE_H
#define FB_EXPORT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "table.h"
#include "util.h"

/*
 * CSV with a header row of the column names, the rows of t except its
 * last ntotals (totals are for people; a column sum gives them back).
 * Text cells through libcsv; number cells bare.  Absent cells are empty.
 */
int fb_export_table_csv(const struct fb_table *t, size_t ntotals, FILE *fp,
			struct fb_err *err);

/*
 * A JSON array of one object per row (the last ntotals left out), keyed
 * by column name: FB_COL_INT as numbers, FB_COL_BOOL as true/false, money
 * and other decimals as strings, absent cells as null (SPEC section 9).
 */
int fb_export_table_json(const struct fb_table *t, size_t ntotals, FILE *fp,
			 struct fb_err *err);

/* What goes into a workbook besides the data. */
struct fb_export_xlsx_opts {
	const char *title;		/* heading above the data: "Hours, 2026-Q4" */
	const struct fb_table *trend;	/* month rows for the chart; NULL: no chart */
	const char *chart_title;	/* "Hours per month" */
	const char *y_title;		/* "Hours" */
};

/*
 * A workbook at path (a file the caller made for it, fb_output_path:
 * never probed or removed here): a formatted "Report" sheet (bold headings, numbers
 * in number cells, the totals rows bold), a "Trend" sheet with the
 * trend's month rows and a "Chart" chart sheet plotting its columns.
 * Written in libxlsxwriter's constant-memory mode.
 */
int fb_export_table_xlsx(const struct fb_table *t, size_t ntotals,
			 const struct fb_export_xlsx_opts *o, const char *path,
			 struct fb_err *err);

#endif
