/*
 * table.c - build tables and print them aligned.
 */
#include "table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void
fb_table_init(struct fb_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
fb_table_release(struct fb_table *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		free(t->cols[i].title);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->cells);
	fb_table_init(t);
}

void
fb_table_col(struct fb_table *t, const char *name, const char *title,
	     enum fb_coltype type)
{
	struct fb_column *c;

	fb_xgrow(&t->cols, &t->acols, t->ncols + 1, sizeof(*t->cols));
	c = &t->cols[t->ncols++];
	c->name = fb_xstrdup(name);
	if (title)
		c->title = fb_xstrdup(title);
	else {
		c->title = fb_xstrdup(name);
		for (char *p = c->title; *p; p++) {
			if (*p == '_')
				*p = ' ';
			else if (*p >= 'a' && *p <= 'z')
				*p -= 'a' - 'A';
		}
	}
	c->type = type;
}

void
fb_table_row(struct fb_table *t)
{
	size_t n = (t->nrows + 1) * t->ncols;

	fb_xgrow(&t->cells, &t->acells, n, sizeof(*t->cells));
	memset(t->cells + t->nrows * t->ncols, 0, t->ncols * sizeof(*t->cells));
	t->nrows++;
}

void
fb_table_take(struct fb_table *t, size_t col, char *s)
{
	char **cell = &t->cells[(t->nrows - 1) * t->ncols + col];

	free(*cell);
	*cell = s;
}

void
fb_table_set(struct fb_table *t, size_t col, const char *s)
{
	fb_table_take(t, col, s ? fb_xstrdup(s) : NULL);
}

void
fb_table_setf(struct fb_table *t, size_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fb_table_take(t, col, fb_xvasprintf(fmt, ap));
	va_end(ap);
}

const char *
fb_table_get(const struct fb_table *t, size_t row, size_t col)
{
	return t->cells[row * t->ncols + col];
}

static int
right_aligned(enum fb_coltype type)
{
	return type == FB_COL_INT || type == FB_COL_MONEY || type == FB_COL_NUMBER;
}

/*
 * A cell as printed: on one line, every control character escaped
 * ("\x1b", "\n"), so no stored text can move the cursor, recolour the
 * terminal or start a line of its own.  *tmp holds an escaped copy to
 * free (NULL when s is printed as it is).
 */
static const char *
shown(const char *s, char **tmp)
{
	*tmp = NULL;
	if (!fb_escape_needed(s, 0))
		return s;
	*tmp = fb_escape(s, 0);
	return *tmp;
}

static void
put_cell(FILE *fp, const char *s, size_t width, int right, int last)
{
	char *tmp;
	size_t w;

	s = shown(s, &tmp);
	w = fb_utf8_width(s);
	if (right)
		for (size_t i = w; i < width; i++)
			fputc(' ', fp);
	fputs(s, fp);
	if (!right && !last)
		for (size_t i = w; i < width; i++)
			fputc(' ', fp);
	free(tmp);
}

static void
drop_rows(struct fb_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	t->nrows = 0;
}

static void
measure(const struct fb_table *t, size_t *width)
{
	for (size_t c = 0; c < t->ncols; c++) {
		size_t w = fb_utf8_width(t->cols[c].title);

		if (w > width[c])
			width[c] = w;
		for (size_t r = 0; r < t->nrows; r++) {
			const char *s = fb_table_get(t, r, c);
			char *tmp;

			w = s ? fb_utf8_width(shown(s, &tmp)) : 0;
			if (s)
				free(tmp);
			if (w > width[c])
				width[c] = w;
		}
	}
}

int
fb_table_print_head(const struct fb_table *t, const size_t *width, FILE *fp, int color)
{
	if (color)
		fputs("\033[1m", fp);
	for (size_t c = 0; c < t->ncols; c++) {
		if (c)
			fputs("  ", fp);
		put_cell(fp, t->cols[c].title, width[c],
			 right_aligned(t->cols[c].type), c + 1 == t->ncols);
	}
	if (color)
		fputs("\033[0m", fp);
	fputc('\n', fp);
	return ferror(fp) ? -1 : 0;
}

static void
print_rows(const struct fb_table *t, const size_t *width, FILE *fp, int color)
{
	for (size_t r = 0; r < t->nrows; r++) {
		if (color && t->has_total && r + 1 == t->nrows)
			fputs("\033[1m", fp);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *s = fb_table_get(t, r, c);

			if (c)
				fputs("  ", fp);
			put_cell(fp, s ? s : "-", width[c],
				 right_aligned(t->cols[c].type), c + 1 == t->ncols);
		}
		if (color && t->has_total && r + 1 == t->nrows)
			fputs("\033[0m", fp);
		fputc('\n', fp);
	}
}

void
fb_table_measure(struct fb_table *t, size_t *width)
{
	measure(t, width);
	drop_rows(t);
}

int
fb_table_print_rows(struct fb_table *t, const size_t *width, FILE *fp, int color)
{
	print_rows(t, width, fp, color);
	drop_rows(t);
	return ferror(fp) ? -1 : 0;
}

int
fb_table_print(const struct fb_table *t, FILE *fp, int color)
{
	size_t *width = fb_xcalloc(t->ncols ? t->ncols : 1, sizeof(*width));

	measure(t, width);
	fb_table_print_head(t, width, fp, color);
	print_rows(t, width, fp, color);
	free(width);
	return ferror(fp) ? -1 : 0;
}
