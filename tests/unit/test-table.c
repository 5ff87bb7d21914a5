/*
 * test-table.c - a table or a JSON array written as it is made reads
 * the same as one written whole: fb_table_measure / fb_table_print_rows
 * against fb_table_print, fb_json_stream against fb_json_write.
 */
#include "unit.h"

#include "json.h"
#include "table.h"

/* The rows of the listing: id, name (wide, escaped, absent) and amount. */
static const char *const rows[][3] = {
	{ "1", "printer", "12.50" },
	{ "22", "caf\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac", "3.00" },
	{ "333", "line\nbreak\x1b[31m", NULL },
	{ "4", NULL, "1000.00" },
};

static void
columns(struct fb_table *t)
{
	fb_table_init(t);
	fb_table_col(t, "id", NULL, FB_COL_INT);
	fb_table_col(t, "name", NULL, FB_COL_TEXT);
	fb_table_col(t, "amount", NULL, FB_COL_MONEY);
}

static void
add_row(struct fb_table *t, size_t r)
{
	fb_table_row(t);
	for (size_t c = 0; c < 3; c++)
		fb_table_set(t, c, rows[r][c]);
}

static void
add_total(struct fb_table *t)
{
	fb_table_row(t);
	t->has_total = 1;
	fb_table_set(t, 0, "total");
	fb_table_set(t, 2, "1015.50");
}

/* The whole table printed at once. */
static char *
whole(size_t n, int color)
{
	struct fb_table t;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	columns(&t);
	for (size_t r = 0; r < n; r++)
		add_row(&t, r);
	add_total(&t);
	fb_table_print(&t, fp, color);
	fb_table_release(&t);
	fclose(fp);
	return text;
}

/* The same rows made twice, a row at a time: measured, then printed. */
static char *
streamed(size_t n, int color)
{
	struct fb_table t;
	size_t width[3] = { 0, 0, 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	columns(&t);
	for (size_t r = 0; r < n; r++) {
		add_row(&t, r);
		fb_table_measure(&t, width);
	}
	add_total(&t);
	fb_table_measure(&t, width);
	CHECK_INT(t.nrows, 0);
	fb_table_print_head(&t, width, fp, color);
	t.has_total = 0;
	for (size_t r = 0; r < n; r++) {
		add_row(&t, r);
		fb_table_print_rows(&t, width, fp, color);
	}
	add_total(&t);
	fb_table_print_rows(&t, width, fp, color);
	fb_table_release(&t);
	fclose(fp);
	return text;
}

static void
test_table(void)
{
	for (size_t n = 0; n <= 4; n++)
		for (int color = 0; color <= 1; color++) {
			char *a = whole(n, color), *b = streamed(n, color);

			CHECK_STR(b, a);
			free(a);
			free(b);
		}
}

static struct fb_json *
element(int i)
{
	struct fb_json *o = fb_json_object(), *a = fb_json_array();

	fb_json_set_int(o, "id", i);
	fb_json_set_str(o, "note", i % 2 ? "quote \" and \\ and \xc3\xa9" : NULL);
	if (i > 1)
		fb_json_push_str(a, "x");
	fb_json_set(o, "list", a);
	fb_json_set(o, "empty", fb_json_object());
	return o;
}

static void
test_json(void)
{
	for (int n = 0; n <= 3; n++) {
		struct fb_json *arr = fb_json_array();
		struct fb_json_stream js;
		char *a = NULL, *b = NULL;
		size_t alen = 0, blen = 0;
		FILE *fa = open_memstream(&a, &alen), *fb = open_memstream(&b, &blen);

		for (int i = 0; i < n; i++)
			fb_json_push(arr, element(i));
		CHECK_INT(fb_json_write(arr, fa), 0);
		fb_json_free(arr);
		fb_json_stream_begin(&js, fb);
		for (int i = 0; i < n; i++)
			fb_json_stream_push(&js, element(i));
		CHECK_INT(fb_json_stream_end(&js), 0);
		fclose(fa);
		fclose(fb);
		CHECK_STR(b, a);
		free(a);
		free(b);
	}
}

int
main(void)
{
	test_table();
	test_json();
	return unit_done();
}
