/*
 * table.h - the neutral table every listing and report is built as.
 *
 * A table has named columns and rows of text cells.  It can be printed
 * as aligned text for people, or handed to an exporter (CSV, JSON, XLSX).
 * Column names are the JSON keys, so they are snake_case.
 */
#ifndef FB_TABLE_H
#define FB_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum fb_coltype {
	FB_COL_TEXT,
	FB_COL_INT,	/* whole number: right-aligned, a JSON number */
	FB_COL_MONEY,	/* decimal string: right-aligned, a JSON string */
	FB_COL_NUMBER,	/* other decimal (hours): right-aligned, a JSON string */
	FB_COL_BOOL	/* "yes"/"no" for people, true/false in JSON */
};

struct fb_column {
	char *name;		/* key: "billable_hours" */
	char *title;		/* heading for people: "BILLABLE" */
	enum fb_coltype type;
};

struct fb_table {
	struct fb_column *cols;
	size_t ncols, acols;
	char **cells;		/* nrows * ncols, row-major; NULL is absent */
	size_t nrows, acells;
	int has_total;		/* the last row is a totals row */
};

void fb_table_init(struct fb_table *t);
void fb_table_release(struct fb_table *t);
/* Add a column; title NULL means the name in capitals. */
void fb_table_col(struct fb_table *t, const char *name, const char *title,
		  enum fb_coltype type);
/* Start a new row (all cells absent). */
void fb_table_row(struct fb_table *t);
/* Set a cell of the last row; s is copied (NULL: absent). */
void fb_table_set(struct fb_table *t, size_t col, const char *s);
/* Set a cell of the last row, taking ownership of s. */
void fb_table_take(struct fb_table *t, size_t col, char *s);
void fb_table_setf(struct fb_table *t, size_t col, const char *fmt, ...)
	FB_PRINTF(3, 4);
const char *fb_table_get(const struct fb_table *t, size_t row, size_t col);

/*
 * Print aligned for people: headings, then rows; numbers right-aligned.
 * Each cell on one line, its control characters escaped (fb_escape).
 * color adds bold headings.  Returns 0, or -1 on a write error.
 */
int fb_table_print(const struct fb_table *t, FILE *fp, int color);

/*
 * The same, for a listing too long to hold: its rows are made twice,
 * in the same order from the same snapshot, and dropped after each
 * call.  First each row (or batch) goes to fb_table_measure, which
 * widens width (ncols of them, zeroed by the caller) to fit it and the
 * headings; then fb_table_print_head, and each row again to
 * fb_table_print_rows.  A totals row (has_total) is the last of the last
 * batch.  The two that print return 0, or -1 on a write error.
 */
void fb_table_measure(struct fb_table *t, size_t *width);
int fb_table_print_head(const struct fb_table *t, const size_t *width, FILE *fp, int color);
int fb_table_print_rows(struct fb_table *t, const size_t *width, FILE *fp, int color);

#endif
